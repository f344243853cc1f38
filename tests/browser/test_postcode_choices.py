"""Postcodes that do not settle the constituency: the supporter chooses, then writes."""

from __future__ import annotations

import re

import pytest
from journeys import (
    NORTHERN_IRELAND_POSTCODE,
    SUPPORTER,
    choose_postcode,
    fill_letter_form,
    find_mp,
    mp_found_text,
    seat_named,
    submit_letter,
)
from playwright.sync_api import Page, expect

from letters.directory import default_directory
from letters.model import Nation

pytestmark = pytest.mark.browser


def _choose(page: Page, constituency_name: str) -> None:
    expect(page).to_have_url(re.compile(r"/choose-constituency$"))
    page.get_by_role("radio", name=constituency_name, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/your-letter$"))


def test_shared_outcode_offers_its_constituencies(js_page: Page) -> None:
    """A postcode in an outcode split between seats lists exactly those seats; the choice sticks."""
    page = js_page
    postcode, candidates = choose_postcode()
    find_mp(page, postcode)
    radios = page.get_by_role("group", name="Which constituency do you live in?").get_by_role(
        "radio"
    )
    # Most likely first, as the directory ranks them.
    expect(radios).to_have_count(len(candidates))
    labels = [
        page.locator(f"label[for='{r.get_attribute('id')}']").inner_text() for r in radios.all()
    ]
    assert labels == [c.name for c in candidates]

    chosen = seat_named(candidates[-1].name)
    _choose(page, chosen.constituency.name)
    expect(page.get_by_text(mp_found_text(chosen))).to_be_visible()
    fill_letter_form(page, **SUPPORTER)
    submit_letter(page)
    expect(page.locator("article.letter .letter-recipient")).to_contain_text(chosen.mp.full_title)


def test_northern_ireland_postcode_offers_every_ni_seat(js_page: Page) -> None:
    """BT postcodes have no lookup data: every NI seat is offered; a choice is needed to go on."""
    page = js_page
    find_mp(page, NORTHERN_IRELAND_POSTCODE)
    expect(page.get_by_text("is in Northern Ireland")).to_be_visible()
    ni_seats = [
        c for c in default_directory().constituencies() if c.nation is Nation.NORTHERN_IRELAND
    ]
    expect(page.get_by_role("radio")).to_have_count(len(ni_seats))

    # Going on without choosing says what to do, on the same page.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose your constituency")
    expect(page).to_have_title(re.compile("^Error:"))

    chosen = seat_named(ni_seats[0].name)
    _choose(page, chosen.constituency.name)
    expect(page.get_by_text(mp_found_text(chosen))).to_be_visible()
    expect(page.get_by_label("Postcode", exact=True)).to_have_value(NORTHERN_IRELAND_POSTCODE)
