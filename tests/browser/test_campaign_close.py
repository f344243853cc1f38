"""Closing the campaign in the browser: staff close it with their words, the page says so, a
supporter who was mid-letter gets everything they typed back, and reopening takes letters again."""

from __future__ import annotations

import re

import pytest
from axe import assert_no_violations
from browser_helpers import screenshot
from journeys import EXACT_POSTCODE, SUPPORTER, fill_letter_form, find_mp, submit_letter
from playwright.sync_api import Page, expect
from staff_session import sign_in

pytestmark = pytest.mark.browser

CLOSING_WORDS = "Thank you: you wrote to 212 MPs. The Home Office has paused the flights."
OWN_WORDS = "My cousin was sent back to Baghdad in 2019 and has not been heard from since."


def _reopen(staff: Page) -> None:
    staff.goto("/staff/campaign")
    reopen = staff.get_by_role("button", name="Reopen the campaign now")
    if reopen.count():
        reopen.click()
        expect(staff.get_by_role("status").first).to_contain_text("The campaign is open")


def test_closing_and_reopening_the_campaign(open_page, axe_page: Page, staff_accounts) -> None:
    staff = open_page(bypass_csp=True)
    supporter = open_page()
    sign_in(staff, staff_accounts[0])
    # A supporter is halfway through their letter when the campaign closes.
    find_mp(supporter, EXACT_POSTCODE)
    expect(supporter).to_have_url(re.compile(r"/your-letter$"))
    fill_letter_form(supporter, **{**SUPPORTER, "reason": OWN_WORDS})
    try:
        staff.get_by_role("link", name="Open or close").click()
        expect(staff.get_by_role("heading", level=2).first).to_have_text(
            "Open: supporters can write their letters"
        )
        assert_no_violations(staff, "the campaign's open and close page")
        screenshot(staff, "staff-campaign-open")
        staff.get_by_label("What the campaign page says once it has closed").first.fill(
            CLOSING_WORDS
        )
        staff.get_by_role("button", name="Close the campaign now").click()
        expect(staff.get_by_role("heading", name=re.compile("Closed since"))).to_be_visible()
        screenshot(staff, "staff-campaign-closed")

        submit_letter(supporter)
        expect(supporter.get_by_role("heading", name="What you typed")).to_be_visible()
        expect(supporter.get_by_label("Why this matters to you (optional)")).to_have_value(
            OWN_WORDS
        )
        expect(supporter.get_by_label("Your full name")).to_have_value(SUPPORTER["name"])
        screenshot(supporter, "public-late-letter-refused")

        axe_page.goto("/")
        expect(
            axe_page.get_by_role("heading", name=re.compile("This campaign closed on"))
        ).to_be_visible()
        expect(axe_page.get_by_text(CLOSING_WORDS)).to_be_visible()
        expect(axe_page.get_by_label("Your postcode")).to_have_count(0)
        assert_no_violations(axe_page, "the closed campaign page")
        screenshot(axe_page, "public-campaign-closed")
    finally:
        _reopen(staff)
    supporter.goto("/")
    expect(supporter.get_by_label("Your postcode")).to_be_visible()
