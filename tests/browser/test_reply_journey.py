"""Done when: a supporter writes, says it was posted, reports a supportive reply a day later
through their private link, and the staff dashboard's stance table and map show it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from journeys import EXACT_POSTCODE, seat_for_postcode, write_letter
from playwright.sync_api import Page, expect
from staff_session import sign_in

pytestmark = pytest.mark.browser


def test_posted_letter_then_supportive_reply_reaches_the_dashboard(
    page: Page, open_page, staff_accounts
) -> None:
    """Write, keep a copy, "I posted it"; next day report "supports"; staff see it on the map."""
    seat = seat_for_postcode(EXACT_POSTCODE)
    page.goto("/")
    write_letter(page, name="Rosa Reply-Tester")
    page.get_by_role("link", name="Change my details").click()
    page.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    page.get_by_role("button", name="Show me my letter").click()
    page.get_by_role("link", name="I have sent my letter").click()

    page.get_by_role("radio", name="I posted it").check()
    page.get_by_role("button", name="I have sent it").click()
    expect(page.get_by_role("heading", name="Your letter is counted as sent")).to_be_visible()
    private_link = page.locator("a.private-url").get_attribute("href")

    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with time_machine.travel(tomorrow, tick=True):  # the server's clock, a day on
        page.goto(private_link)
        page.get_by_role("link", name="Tell us about the reply").click()
        page.get_by_role("radio", name=re.compile("They support the ask")).check()
        page.get_by_label("When did they reply?").fill(tomorrow.date().isoformat())
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_text("the campaign now knows what your MP said")).to_be_visible()

        staff = open_page()
        sign_in(staff, staff_accounts[0])
        staff.goto("/staff/effect?map=stance")
        row = staff.locator("#stances tbody tr", has_text=seat.constituency.name)
        expect(row).to_contain_text(seat.mp.name)
        expect(row).to_contain_text("Supports the ask")
        expect(row).to_contain_text(tomorrow.strftime("%-d %b %Y"))
        hexagon = staff.locator(f"#seat-map polygon[data-code='{seat.constituency.code}']")
        expect(hexagon).to_have_attribute("data-value", "supports")
        expect(
            staff.locator("#seat-table tbody tr", has_text=seat.constituency.name)
        ).to_contain_text("Supports the ask")
        funnel = staff.locator("#funnel tbody tr", has_text="Letters sent")
        expect(funnel).not_to_contain_text(re.compile(r"\b0\b"))
