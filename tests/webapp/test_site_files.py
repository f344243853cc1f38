"""The files browsers and crawlers ask for at the root: the favicon and robots.txt."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import pytest
from webapp_helpers import page


def test_favicon_ico_leads_to_the_icon_in_static(client):
    """/favicon.ico redirects to an SVG icon that is served as one."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response.headers["Location"])
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
    icon.close()  # static files are streamed from an open file


def test_every_page_names_the_icon(client):
    """base.html links the icon, so browsers need not guess /favicon.ico."""
    link = page(client.get("/")).find("link", rel="icon")
    assert link["type"] == "image/svg+xml"
    icon = client.get(link["href"])
    assert icon.status_code == 200
    icon.close()


def robots(client) -> RobotFileParser:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    parser = RobotFileParser()
    parser.parse(response.get_data(as_text=True).splitlines())
    return parser


@pytest.mark.parametrize("url", ["/", "/find-your-mp", "/constituencies", "/privacy"])
def test_robots_txt_lets_crawlers_read_the_public_pages(client, url):
    """The campaign and its public pages may be crawled."""
    assert robots(client).can_fetch("*", url)


@pytest.mark.parametrize(
    "url",
    [
        "/staff",
        "/staff/login",
        "/my-letter/some-token",
        "/my-letter/some-token/reply",
        "/event/some-token",
        "/reminders/unsubscribe/some-id",
        "/your-letter/preview",
        "/letter.pdf",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_staff_pages_and_private_links(client, url):
    """Staff pages, private links and a supporter's own letter are not for crawlers."""
    assert not robots(client).can_fetch("*", url)
