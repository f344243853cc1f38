"""Every supporter page passes axe-core (WCAG 2.1 A/AA and best practice), with screenshots."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe import assert_no_violations, require_axe
from browser_helpers import assert_fits_width, screenshot
from journeys import (
    EXACT_POSTCODE,
    NORTHERN_IRELAND_POSTCODE,
    SUPPORTER,
    choose_postcode,
    fill_letter_form,
    find_mp,
    submit_letter,
    write_letter,
)
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _goto(path: str) -> Callable[[Page], None]:
    def visit(page: Page) -> None:
        page.goto(path)

    return visit


def _find_mp_error(page: Page) -> None:
    page.goto("/find-your-mp")
    page.get_by_role("button", name="Find my MP").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _choose_shared_outcode(page: Page) -> None:
    find_mp(page, choose_postcode()[0])
    expect(page).to_have_url(re.compile(r"/choose-constituency$"))


def _choose_northern_ireland(page: Page) -> None:
    find_mp(page, NORTHERN_IRELAND_POSTCODE)
    expect(page).to_have_url(re.compile(r"/choose-constituency$"))


def _letter_form(page: Page) -> None:
    find_mp(page, EXACT_POSTCODE)
    expect(page).to_have_url(re.compile(r"/your-letter$"))


def _letter_form_errors(page: Page) -> None:
    _letter_form(page)
    page.get_by_label("Postcode", exact=True).fill("")
    page.get_by_role("checkbox", name="Send me campaign updates").check()
    submit_letter(page)
    expect(page.get_by_role("alert")).to_be_visible()


def _thank_you(page: Page) -> None:
    write_letter(page)
    page.get_by_role("link", name="I have sent my letter").click()
    expect(page).to_have_url(re.compile(r"/thank-you$"))


def _kept_letter(page: Page) -> None:
    write_letter(page)
    page.get_by_role("link", name="Change my details").click()
    page.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    submit_letter(page)
    page.locator("a.private-url").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your kept letter")


def _delete_kept_letter(page: Page) -> None:
    _kept_letter(page)
    page.get_by_role("link", name="Delete my letter and details").click()


def _seat_question(page: Page) -> None:
    _letter_form(page)
    fill_letter_form(page, **{**SUPPORTER, "postcode": "CF10 1EP"})
    submit_letter(page)
    expect(page.get_by_role("group", name="Which MP should get your letter?")).to_be_visible()


def _print_page(page: Page) -> None:
    write_letter(page)
    page.goto("/your-letter/print")


def _thank_you_sent_error(page: Page) -> None:
    _thank_you(page)
    page.get_by_role("button", name="I have sent it").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _report_reply(page: Page) -> None:
    _letter_form(page)
    fill_letter_form(page, **SUPPORTER)
    page.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    submit_letter(page)
    page.get_by_role("link", name="I have sent my letter").click()
    page.goto(page.locator("a.private-url").get_attribute("href"))
    page.get_by_role("link", name="Tell us about the reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Did your MP reply?")


def _report_reply_errors(page: Page) -> None:
    _report_reply(page)
    page.get_by_label(re.compile("What they said")).fill("They will write to the Home Office.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _not_found(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None
    assert response.status == 404


PUBLIC_PAGES: dict[str, Callable[[Page], None]] = {
    "campaign": _goto("/"),
    "find-mp": _goto("/find-your-mp"),
    "find-mp-error": _find_mp_error,
    "choose-constituency": _choose_shared_outcode,
    "choose-constituency-ni": _choose_northern_ireland,
    "constituencies": _goto("/constituencies"),
    "constituencies-search": _goto("/constituencies?q=york"),
    "letter-form": _letter_form,
    "letter-form-errors": _letter_form_errors,
    "preview": write_letter,
    "thank-you": _thank_you,
    "thank-you-sent-error": _thank_you_sent_error,
    "report-reply": _report_reply,
    "report-reply-errors": _report_reply_errors,
    "privacy": _goto("/privacy"),
    "kept-letter": _kept_letter,
    "delete-kept-letter": _delete_kept_letter,
    "seat-question": _seat_question,
    "print": _print_page,
    "not-found": _not_found,
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(axe_page: Page, name: str) -> None:
    """No axe-core violations and no sideways scrolling at 320 px; screenshots kept for review."""
    require_axe()
    page = axe_page
    PUBLIC_PAGES[name](page)
    screenshot(page, f"public-{name}")
    assert_no_violations(page, f"the {name} page ({page.url})")
    # WCAG 1.4.10 (reflow): a 320 CSS px wide screen must not need sideways scrolling.
    assert_fits_width(page, 320, f"the {name} page")
