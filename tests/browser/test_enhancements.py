"""The small JavaScript enhancements: there when scripts run, absent (not broken) otherwise."""

from __future__ import annotations

import re

import pytest
from journeys import (
    EXACT_POSTCODE,
    LETTER_FORM_LABELS,
    SUPPORTER,
    fill_letter_form,
    find_mp,
    submit_letter,
)
from playwright.sync_api import Page, expect

from letters.supporter import REASON_MAX_CHARS

pytestmark = pytest.mark.browser


def test_counter_and_copy_button_with_javascript(open_page) -> None:
    """With JS the reason counts down as you type, and 'Copy the text' copies the plain letter."""
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    find_mp(page, EXACT_POSTCODE)
    reason = page.get_by_label(LETTER_FORM_LABELS["reason"], exact=True)
    counter = page.locator("#" + reason.get_attribute("data-counter"))
    expect(counter).to_have_text(f"{REASON_MAX_CHARS} characters left")
    expect(counter).to_have_attribute("aria-live", "polite")
    typed = "Because 👩🏽 matters"
    reason.press_sequentially(typed)
    # Counted in code points, as the server counts the limit (not UTF-16 units).
    expect(counter).to_have_text(f"{REASON_MAX_CHARS - len(typed)} characters left")

    fill_letter_form(page, **SUPPORTER)
    submit_letter(page)
    button = page.get_by_role("button", name="Copy the text")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#copy-status")).to_have_text("The letter has been copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == page.request.get("/letter.txt").text().strip()


def test_no_counter_or_copy_button_without_javascript(open_page) -> None:
    """Without JS: no counter (the static limit hint instead) and no dead 'Copy' button."""
    page = open_page(js=False)
    find_mp(page, EXACT_POSTCODE)
    reason = page.get_by_label(LETTER_FORM_LABELS["reason"], exact=True)
    expect(page.locator("#" + reason.get_attribute("data-counter"))).to_be_hidden()
    expect(page.get_by_text(f"Up to {REASON_MAX_CHARS} characters.")).to_be_visible()

    fill_letter_form(page, **SUPPORTER)
    submit_letter(page)
    expect(page.get_by_role("button", name="Copy the text")).to_have_count(0)
    expect(page.locator("button[data-copy-target]")).to_be_hidden()
    expect(page.get_by_role("link", name="Show the letter as plain text")).to_be_visible()


def test_constituency_filter(javascript: bool, js_page: Page) -> None:
    """The full list can be filtered as you type with JS, and searched with the form without."""
    page = js_page
    page.goto("/constituencies")
    expect(page.get_by_role("button", name=re.compile("^Cities of London"))).to_be_visible()
    if javascript:
        page.get_by_label("Filter this list").fill("westminster")
        expect(page.locator("#constituency-filter-status")).to_have_text(
            re.compile(r"^\d+ constituenc")
        )
        visible = page.locator("#constituency-list li:visible")
        expect(visible.first).to_be_visible()
        for name in visible.all_inner_texts():
            assert "westminster" in name.casefold()
    else:
        expect(page.get_by_label("Filter this list")).to_be_hidden()
        page.get_by_label("Search by constituency name").fill("westminster")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("status")).to_contain_text("westminster")
        for name in page.locator("#constituency-list li").all_inner_texts():
            assert "westminster" in name.casefold()
