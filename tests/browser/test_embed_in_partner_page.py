"""A partner's page embeds the letter with the snippet copied from the staff page, in Chromium with
third-party cookies blocked: a supporter writes, keeps and downloads a letter inside the frame,
and the letter counts under the partner's source. A site that is not listed cannot frame it.

The app's live server is on 127.0.0.1 and the partner's pages on localhost, so the frame is a
different site from the page around it, as on the web (both are secure contexts to Chromium).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import staff_session
from browser_helpers import TIMEOUT_MS, VIEWPORT, PageGuard, pdf_text
from journeys import EXACT_POSTCODE, SUPPORTER, fill_letter_form, seat_for_postcode
from playwright.sync_api import Browser, BrowserType, ConsoleMessage, Page, expect
from sqlalchemy import select

from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

SOURCE = "local-partner"


class PartnerSite:
    """A partner's web server on localhost, answering every GET with its page (`html`, which
    may be set once the server's address is known)."""

    def __init__(self, html: str = "") -> None:
        self.html = html
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://localhost:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def partner_site() -> Iterator[Callable[..., PartnerSite]]:
    """Start partner sites serving the HTML given; each is stopped when the test ends."""
    started: list[PartnerSite] = []

    def start(html: str = "") -> PartnerSite:
        started.append(PartnerSite(html))
        return started[-1]

    yield start
    for site in started:
        site.close()


@pytest.fixture(scope="module")
def cookie_blocking_browser(
    browser_type: BrowserType, browser_type_launch_args: dict
) -> Iterator[Browser]:
    """Chromium with third-party cookies blocked, as Safari and Chrome's phase-out block them."""
    args = [*browser_type_launch_args.get("args", []), "--test-third-party-cookie-phaseout"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


def open_in(browser: Browser, guard: PageGuard | None = None, **context_args) -> Page:
    context = browser.new_context(viewport=VIEWPORT, **context_args)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    if guard is not None:
        guard.watch(page)
    return page


def partner_page(html_snippet: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner</title></head>"
        f"<body><h1>A partner's page</h1>{html_snippet}</body></html>"
    )


def listed_snippet(browser: Browser, base_url: str, staff_accounts, origin: str) -> str:
    """Sign in as an editor, list `origin` as a partner, and copy its snippet from the page."""
    page = open_in(browser, base_url=base_url)
    try:
        staff_session.sign_in(page, staff_session.EDITOR)
        page.goto("/staff/partners")
        page.get_by_label("The partner site's address").fill(origin)
        page.get_by_label("Partner's name").fill("A local partner")
        page.get_by_label(re.compile("^Source code")).fill(SOURCE)
        page.get_by_role("button", name="Add the partner site").click()
        expect(page.get_by_text("may now show the letter")).to_be_visible()
        section = page.locator("section.partner-site", has_text=origin)
        return section.locator("textarea[data-snippet=script]").input_value()
    finally:
        page.context.close()


def rows_with_source(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model).where(model.source == SOURCE)))


def test_a_partner_page_embeds_the_whole_journey(
    live_app, base_url, staff_accounts, cookie_blocking_browser, partner_site, guard
):
    """Postcode, form with "keep my letter", preview, PDF and thank-you all work inside the
    partner's frame with third-party cookies blocked; the kept letter and the count carry the
    partner's source, and the frame grows to its page."""
    # The partner's address is known before its page is: the snippet goes into that page.
    partner = partner_site()
    snippet = listed_snippet(cookie_blocking_browser, base_url, staff_accounts, partner.origin)
    assert f"{base_url}/embed/?source={SOURCE}" in snippet
    partner.html = partner_page(snippet)

    page = open_in(cookie_blocking_browser, guard, accept_downloads=True)
    page.goto(partner.origin + "/")
    frame_element = page.locator("iframe[data-letters-embed]")
    frame = page.frame_locator("iframe[data-letters-embed]")
    frame.get_by_label("Your postcode").fill(EXACT_POSTCODE)
    frame.get_by_role("button", name="Find my MP").click()
    fill_letter_form(frame, **SUPPORTER)
    frame.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    frame.get_by_role("button", name="Show me my letter").click()
    seat = seat_for_postcode(EXACT_POSTCODE)
    expect(frame.get_by_role("heading", level=1)).to_contain_text(seat.mp.name)
    # The frame was sized to the page inside it (embed.js, from the frame's messages).
    expect(frame_element).to_have_attribute("style", re.compile(r"height: \d+px"))
    assert frame_element.bounding_box()["height"] != 900
    with page.expect_download() as download:
        frame.get_by_role("link", name="Download PDF").click()
    assert SUPPORTER["name"] in pdf_text(download.value.path().read_bytes())
    expect(frame.get_by_role("heading", name="Thank you")).to_be_visible()

    cookies = {c["name"]: c for c in page.context.cookies()}
    # Kept for our site inside the partner's site only (a partition is a site: no port).
    assert cookies["embed_session"].get("partitionKey") == "http://localhost"
    [kept] = rows_with_source(live_app, Submission)
    assert kept.keep_letter
    assert len(rows_with_source(live_app, LetterCount)) == 1
    page.context.close()


def test_an_unlisted_site_cannot_frame_the_letter(
    base_url, staff_accounts, cookie_blocking_browser, partner_site
):
    """A page on an origin that is not a partner (here another port of a partner's host) shows
    nothing in the frame: Chromium refuses it under the embed page's frame-ancestors."""
    listed = partner_site()
    snippet = listed_snippet(cookie_blocking_browser, base_url, staff_accounts, listed.origin)
    stranger = partner_site(partner_page(snippet))
    assert stranger.origin != listed.origin
    page = open_in(cookie_blocking_browser)

    def refused(message: ConsoleMessage) -> bool:
        return "frame-ancestors" in message.text

    with page.expect_console_message(refused, timeout=TIMEOUT_MS):
        page.goto(stranger.origin + "/")
    [child] = [frame for frame in page.frames if frame is not page.main_frame]
    assert not child.url.startswith(base_url)
    assert page.frame_locator("iframe").get_by_label("Your postcode").count() == 0
    page.context.close()
