"""Security: CSRF, rate limits, headers, cookies, and no personal data in the logs."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from flask import request
from webapp_helpers import GOOD_LETTER, find_mp, page, post_form, write_letter

import webapp

TEMPLATES = Path(webapp.__file__).parent / "templates"
EXPECTED_CSP = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
)


def test_post_without_csrf_token_is_refused_with_a_friendly_page(client):
    """A POST without a CSRF token gets a 400 page that explains, and changes nothing."""
    response = client.post("/find-your-mp", data={"postcode": "SW1A 1AA"})
    assert response.status_code == 400
    soup = page(response)
    assert "form has expired" in soup.get_text()
    assert client.get("/your-letter").status_code == 302


def test_letter_post_with_a_wrong_csrf_token_is_refused(client):
    """A forged token is refused on the letter form too."""
    find_mp(client)
    response = client.post("/your-letter", data={**GOOD_LETTER, "csrf_token": "forged"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/", "/find-your-mp", "/healthz", "/nope", "/static/css/site.css"])
def test_security_headers_on_every_response(client, url):
    """Every response carries the CSP, nosniff, frame denial, referrer and permissions policies."""
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in EXPECTED_CSP:
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_templates_have_no_inline_script_or_style():
    """No template has an inline <script>, a style attribute, <style> or an on* handler."""
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), path
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", source), path


def test_session_cookie_is_httponly_and_lax(client):
    """The session cookie cannot be read by scripts and is not sent on cross-site posts."""
    response = find_mp(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_cookie_is_secure_in_production(make_app):
    """In production the session cookie is only sent over https, and HSTS is on."""
    app = make_app(APP_ENV="production", SECRET_KEY="k" * 40)
    client = app.test_client()
    response = client.get("/find-your-mp")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_form_posts_are_rate_limited_with_a_friendly_page(make_app):
    """Too many form posts from one address get the 429 page."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="2 per minute")
    client = app.test_client()
    statuses = [find_mp(client).status_code for _ in range(3)]
    assert statuses[:2] == [303, 303]
    assert statuses[2] == 429
    response = find_mp(client)
    assert "Too many requests" in page(response).h1.get_text()


def test_a_rate_limit_breach_does_not_log_the_visitors_address(make_app, caplog):
    """Hitting a limit logs nothing that names the visitor (their IP address is personal)."""
    caplog.set_level(logging.DEBUG)
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="1 per minute")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    statuses = [find_mp(client).status_code for _ in range(2)]
    assert statuses == [303, 429]
    assert "203.0.113.77" not in "\n".join(record.getMessage() for record in caplog.records)


def test_downloads_share_one_rate_limit(make_app):
    """PDF, .eml and text downloads count against one shared limit."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DOWNLOAD="2 per minute")
    client = app.test_client()
    write_letter(client)
    assert client.get("/letter.pdf").status_code == 200
    assert client.get("/letter.txt").status_code == 200
    assert client.get("/letter.eml").status_code == 429


def test_request_too_large_is_refused_kindly(make_app):
    """A body over MAX_CONTENT_LENGTH gets the 413 page, not a crash."""
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = post_form(client, "/find-your-mp", {"postcode": "x" * 4096})
    assert response.status_code == 413
    assert "too much text" in page(response).get_text()


def test_no_personal_data_in_logs(client, caplog):
    """Writing and downloading a letter puts neither name nor address into the log records."""
    caplog.set_level(logging.DEBUG)
    written = write_letter(client, name="Zebedee Quixote", address_line1="77 Secret Lane")
    assert written.status_code == 303
    assert client.get("/letter.pdf").status_code == 200
    assert client.get("/your-letter/preview").status_code == 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Zebedee" not in logged
    assert "Secret Lane" not in logged


def test_unexpected_error_shows_the_500_page_without_details(make_app, caplog):
    """An unexpected error shows the friendly 500 page and logs no request values."""
    app = make_app()

    @app.get("/boom")
    def boom():
        raise RuntimeError(request.args["name"])

    response = app.test_client().get("/boom?name=Zebedee")
    assert response.status_code == 500
    assert "something went wrong" in page(response).get_text()
    assert "Zebedee" not in response.get_data(as_text=True)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Unhandled RuntimeError" in logged
    assert "Zebedee" not in logged
