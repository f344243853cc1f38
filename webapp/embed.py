"""A campaign's letter inside a partner's page: the embed pages' session cookie and layout.

Inside a frame on another site our session cookie is a third-party cookie, which Safari and
Chromium (with third-party cookies phased out) refuse and Firefox partitions. So embed pages
keep their session in a cookie of its own, partitioned (CHIPS: `Partitioned; Secure;
SameSite=None`): the browser keeps it for our site inside that partner's page only, and sends it
back with the frame's own requests (its forms, the PDF download). The same browser on our own
site keeps its ordinary session cookie, with its usual attributes. Chromium counts localhost and
127.0.0.1 as secure, so `Secure` cookies work there over plain http (the tests run so).

CSRF stays on: Flask-WTF keeps its token in whichever session the page has, and on https its
referrer check passes because a form inside the frame is sent from the frame's own address.

Templates see `embed` (an embed page: the compact layout, links leaving the journey open outside
the frame) and `outside_embed(url)` (the same page outside the frame, for the privacy link).
"""

from __future__ import annotations

from flask import Flask, abort, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from webapp.campaign_prefix import is_embed, outside_embed
from webapp.reach import partners

# The embed pages' session cookie (never the site's own, so neither overwrites the other).
EMBED_SESSION_COOKIE = "embed_session"


def embed_page() -> bool:
    """Whether this request came in at an embed address (staff pages are never there)."""
    return has_request_context() and is_embed(request.environ)


def _no_staff_pages_in_frames() -> None:
    """The staff area has no embed address: /embed/staff/… is "Page not found"."""
    if embed_page() and request.blueprint == "staff":
        abort(404)


class EmbedSessionInterface(SecureCookieSessionInterface):
    """The site's signed-cookie session, kept in a partitioned cookie on embed pages."""

    def get_cookie_name(self, app: Flask) -> str:
        return EMBED_SESSION_COOKIE if embed_page() else super().get_cookie_name(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if embed_page() else super().get_cookie_secure(app)

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if embed_page() else super().get_cookie_samesite(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if embed_page() else super().get_cookie_partitioned(app)


def _template_names() -> dict:
    return {
        "embed": embed_page(),
        "outside_embed": lambda url: outside_embed(request.environ, url),
    }


def register(app: Flask) -> None:
    """Use the embed session cookie on embed pages and give templates `embed`."""
    partners.clear_cache()  # cached for one database; a new app may use another (tests do)
    app.session_interface = EmbedSessionInterface()
    app.context_processor(_template_names)
    app.before_request(_no_staff_pages_in_frames)
