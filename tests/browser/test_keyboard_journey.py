"""The whole supporter journey by keyboard alone, with JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from browser_helpers import pdf_text, press_on, tab_to, type_into
from flask import Flask
from journeys import EXACT_POSTCODE, LETTER_FORM_LABELS, SUPPORTER, mp_found_text, seat_for_postcode
from playwright.sync_api import Page, expect
from sqlalchemy import select

from webapp.extensions import db
from webapp.submissions.models import Submission

pytestmark = pytest.mark.browser


def _label(page: Page, field: str):
    return page.get_by_label(LETTER_FORM_LABELS[field], exact=True)


def _find_mp_by_keyboard(page: Page) -> None:
    page.goto("/")
    type_into(page, page.get_by_label("Your postcode"), EXACT_POSTCODE.lower())
    press_on(page, page.get_by_role("button", name="Find my MP"))
    expect(page).to_have_url(re.compile(r"/your-letter$"))


def _write_by_keyboard(page: Page) -> None:
    # The postcode typed on the campaign page is carried over, normalised.
    expect(_label(page, "postcode")).to_have_value(EXACT_POSTCODE)
    type_into(page, _label(page, "name"), "A Lovelace")
    for field in ("address_line1", "town", "reason"):
        type_into(page, _label(page, field), SUPPORTER[field])
    # Going back with Shift+Tab to correct the name, as people do.
    tab_to(page, _label(page, "name"), backwards=True)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(SUPPORTER["name"])
    keep_copy = page.get_by_role("checkbox", name=re.compile("Keep my letter"))
    press_on(page, keep_copy, "Space")
    expect(keep_copy).to_be_checked()
    press_on(page, page.get_by_role("button", name="Show me my letter"))
    expect(page).to_have_url(re.compile(r"/your-letter/preview$"))


def _kept_submissions(app: Flask, name: str) -> list[Submission]:
    with app.app_context():
        rows = db.session.scalars(select(Submission).where(Submission.name == name)).all()
        db.session.expunge_all()
        return list(rows)


def test_supporter_journey_by_keyboard_only(js_page: Page, javascript: bool, live_app) -> None:
    """A keyboard user finds their MP, writes, previews, downloads the PDF and is thanked."""
    page = js_page
    seat = seat_for_postcode(EXACT_POSTCODE)
    _find_mp_by_keyboard(page)
    expect(page.get_by_text(mp_found_text(seat))).to_be_visible()
    _write_by_keyboard(page)

    letter = page.locator("article.letter")
    expect(letter.locator(".letter-signature")).to_have_text(SUPPORTER["name"])
    expect(letter.locator(".letter-recipient")).to_contain_text("House of Commons")
    expect(letter).to_contain_text(SUPPORTER["reason"])
    # Space ticked "Keep my letter", so the letter was kept for the campaign.
    kept = _kept_submissions(live_app, SUPPORTER["name"])
    assert seat.constituency.code in {row.constituency_code for row in kept}

    with page.expect_download() as download_info:
        press_on(page, page.get_by_role("link", name="Download PDF"))
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = pdf_text(download.path().read_bytes())
    for expected in (SUPPORTER["name"], seat.mp.name, "House of Commons", SUPPORTER["reason"]):
        assert expected in text, f"{expected!r} is not in the PDF: {text[:400]}"

    if javascript:
        # The download link takes the supporter on to the thank-you page by itself.
        expect(page).to_have_url(re.compile(r"/thank-you\?via=pdf$"))
    else:
        press_on(page, page.get_by_role("link", name="I have sent my letter"))
        expect(page).to_have_url(re.compile(r"/thank-you$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
