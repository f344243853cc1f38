"""Files browsers and crawlers ask for at the site's root: /favicon.ico and /robots.txt."""

from __future__ import annotations

from flask import Flask, Response, redirect

from webapp.static_assets import static_url

# Crawlers may read the campaign and its public pages. Staff pages, private links (a kept
# letter, a device link for an event, a reminder's unsubscribe page) and the steps of a
# supporter's own letter are no use to a search engine and must not be listed by one.
# "Allow" comes last: some crawlers take the first rule that matches, others the longest.
ROBOTS_TXT = """\
User-agent: *
Disallow: /staff
Disallow: /my-letter/
Disallow: /event/
Disallow: /reminders/
Disallow: /choose-constituency
Disallow: /your-letter
Disallow: /letter
Disallow: /thank-you
Disallow: /healthz
Allow: /
"""


def register(app: Flask) -> None:
    """Answer /favicon.ico (a redirect to the icon in static/) and /robots.txt."""

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return redirect(static_url("favicon.svg"), 302)

    @app.get("/robots.txt")
    def robots_txt() -> Response:
        return Response(ROBOTS_TXT, mimetype="text/plain")
