"""One browser, several people: two supporters in turn, and an event device used by three."""

from __future__ import annotations

import re

import pytest
from journeys import EXACT_POSTCODE, SUPPORTER, fill_letter_form, find_mp, submit_letter
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from staff_session import sign_in

from webapp.events.models import Event
from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

pytestmark = pytest.mark.browser


def _names_kept(app, names) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(select(Submission.name).where(Submission.name.in_(names)))
        return sorted(rows)


def _count_rows(app, **where) -> int:
    with app.app_context():
        query = select(func.count(LetterCount.id))
        for column, value in where.items():
            query = query.where(getattr(LetterCount, column) == value)
        return db.session.scalar(query)


def _expect_empty_form(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/your-letter$"))
    for label in ("Your full name", "Address line 1", "Email address (optional)"):
        expect(page.get_by_label(label, exact=True)).to_have_value("")
    expect(page.get_by_role("checkbox", name=re.compile("Keep my letter"))).not_to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("campaign updates"))).not_to_be_checked()


def _write(page: Page, name: str, *, keep: bool) -> None:
    fill_letter_form(page, **{**SUPPORTER, "name": name})
    if keep:
        page.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    submit_letter(page)
    expect(page).to_have_url(re.compile(r"/your-letter/preview$"))


def test_two_supporters_in_turn_on_one_browser(open_page, live_app) -> None:
    """The second person starts with an empty form and no ticked box; two letters, two counts."""
    page = open_page()
    names = ("Browser First-Writer", "Browser Second-Writer")
    before = _count_rows(live_app)
    find_mp(page, EXACT_POSTCODE)
    _write(page, names[0], keep=True)
    with page.expect_download():
        page.get_by_role("link", name="Download PDF").click()
    expect(page).to_have_url(re.compile(r"/thank-you\?via=pdf$"))
    expect(page.locator("a.private-url")).to_be_visible()
    page.get_by_role("button", name="Write another letter").click()
    _expect_empty_form_after_postcode(page)
    _write(page, names[1], keep=False)
    with page.expect_download():
        page.get_by_role("link", name="Download PDF").click()
    expect(page).to_have_url(re.compile(r"/thank-you\?via=pdf$"))
    assert _count_rows(live_app) == before + 2
    assert _names_kept(live_app, names) == [names[0]]


def _expect_empty_form_after_postcode(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/find-your-mp$"))
    expect(page.get_by_label("Your postcode")).to_have_value("")
    page.get_by_label("Your postcode").fill(EXACT_POSTCODE)
    page.get_by_role("button", name="Find my MP").click()
    _expect_empty_form(page)


def test_an_event_device_used_by_three_supporters(open_page, live_app, staff_accounts) -> None:
    """Staff start an event; three people print letters in turn; each starts clean; counted."""
    staff = open_page()
    sign_in(staff, staff_accounts[0])
    staff.goto("/staff/events")
    staff.get_by_label("Event name").fill("Browser test stall")
    staff.get_by_label("Runs for (hours, from now)").fill("2")
    staff.get_by_role("button", name="Start the event").click()
    link = staff.locator("a.event-device-link").first.get_attribute("href")
    with live_app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.name == "Browser test stall"))

    device = open_page()
    device.goto(link)
    device.get_by_role("button", name="Start event mode on this browser").click()
    expect(device.locator(".event-banner")).to_contain_text("Browser test stall")
    names = ("Event Writer One", "Event Writer Two", "Event Writer Three")
    for number, name in enumerate(names):
        find_mp(device, EXACT_POSTCODE)
        _expect_empty_form(device)
        _write(device, name, keep=number != 1)
        expect(device.get_by_role("link", name="Download PDF")).to_have_count(0)
        device.get_by_role("link", name="Print my letter").click()
        expect(device.locator("iframe#letter-pdf")).to_have_attribute("src", "/letter.pdf")
        device.get_by_role("link", name="I have printed my letter").click()
        expect(device).to_have_url(re.compile(r"/thank-you\?via=print$"))
        device.reload()
        expect(device.locator("a.private-url")).to_have_count(0)
    assert _count_rows(live_app, event_id=event_id) == 3
    assert _names_kept(live_app, names) == sorted([names[0], names[2]])
    staff.goto("/staff/counts")
    expect(staff.get_by_role("row", name=re.compile("Browser test stall"))).to_contain_text("3")
