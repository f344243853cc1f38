"""Security headers on every response.

No page may be framed (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) but a campaign's embed
pages (/…/embed/…, webapp.campaign_prefix), which its listed partner sites may frame
(webapp.reach.partners): their policy names exactly those origins, and they carry no
X-Frame-Options, which cannot name a list. A campaign with no partners keeps 'none' there too.
"""

from __future__ import annotations

from flask import Flask, Response, request
from sqlalchemy.exc import SQLAlchemyError

from webapp.campaign_prefix import is_embed
from webapp.content import published
from webapp.reach import partners


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    """The site's Content-Security-Policy, with the pages that may frame it."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"frame-ancestors {frame_ancestors}",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()

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
        origins = framing_origins()
        if origins and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = content_security_policy(" ".join(origins))
        for name, value in headers.items():
            if origins and name == "X-Frame-Options":
                continue  # it cannot name a list of sites; the policy above does
            response.headers.setdefault(name, value)
        if request.blueprint == "staff":
            # Staff pages and downloads show supporters' names and letters: no browser or proxy
            # may keep a copy (the back button after sign-out must not show them either).
            response.headers["Cache-Control"] = "no-store"
        return response


def framing_origins() -> tuple[str, ...]:
    """The origins that may frame this response: the campaign's partner sites on its supporter
    pages' embed addresses, else none. Staff pages are never framed, even under /embed/."""
    if not is_embed(request.environ) or request.blueprint == "staff":
        return ()
    try:
        return partners.frame_origins(published.campaign_slug())
    except SQLAlchemyError:  # no database to ask: framed by nobody, rather than by anybody
        return ()
