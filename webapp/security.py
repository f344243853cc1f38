"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_HSTS = "max-age=31536000; includeSubDomains"


def register(app: Flask) -> None:
    """Add the headers after every request; HSTS only where cookies are https-only."""
    headers = dict(SECURITY_HEADERS)
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = _HSTS

    @app.after_request
    def _set_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.blueprint == "staff":
            # Staff pages and downloads show supporters' names and letters: no browser or proxy
            # may keep a copy (the back button after sign-out must not show them either).
            response.headers["Cache-Control"] = "no-store"
        return response
