"""Whatever a supporter types is shown as text: never run, never evaluated, never a crash."""

from __future__ import annotations

import re

import pytest
from journeys import EXACT_POSTCODE, LETTER_FORM_LABELS, SUPPORTER, find_mp, write_letter
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "template": "{{7*7}} {% print 1 %}",
    "arabic": "محمد عبد الله",
    "markup": 'O\'Brien & Sons <b>"bold"</b>',
    "polish": "Zażółć Gęślą Jaźń",
    "img": '"><img src=x onerror=alert(2)>',
    "emoji": "Zoë 👩🏽‍⚖️ 🇮🇶 ✊",
    "long-word": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" + "x" * 30,
}
FIELDS = ("name", "address_line1", "address_line2", "town", "reason")


def _rotation(start: int) -> dict[str, str]:
    """Hostile values spread over the fields; successive starts move each into other fields."""
    kinds = list(HOSTILE)
    return {field: HOSTILE[kinds[(start + i) % len(kinds)]] for i, field in enumerate(FIELDS)}


# Four letters put every value in at least two different fields, and four kinds in the name
# (the name is printed twice: in the address block and as the signature).
ROTATIONS = {f"name={list(HOSTILE)[start]}": _rotation(start) for start in (0, 2, 4, 6)}


@pytest.mark.parametrize("values", ROTATIONS.values(), ids=ROTATIONS.keys())
def test_hostile_text_is_shown_literally(page: Page, values: dict[str, str]) -> None:
    """Script, template and markup-like input is shown exactly as typed, with no dialog or 500."""
    page.set_viewport_size({"width": 375, "height": 800})
    write_letter(page, **values)
    letter = page.locator("article.letter")
    sender_lines = letter.locator(".letter-sender span")
    for index, field in enumerate(("name", "address_line1", "address_line2", "town")):
        expect(sender_lines.nth(index)).to_have_text(values[field])
    expect(sender_lines.nth(4)).to_have_text(EXACT_POSTCODE)
    expect(letter.locator(".letter-signature")).to_have_text(values["name"])
    reason = letter.locator("p", has_text=values["reason"])
    expect(reason).to_have_count(1)
    assert reason.text_content().endswith(values["reason"])
    # Nothing the supporter typed became an element, or was evaluated.
    expect(letter.locator("script, img, b")).to_have_count(0)
    for typed in (letter.locator(".letter-sender"), reason):
        assert "49" not in typed.text_content()
    # A very long unbroken word wraps rather than widening a phone screen.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the preview is {overflow}px wider than a 375px screen"

    # The other outputs must not fail on it either (a PDF, or a clear "cannot print" notice).
    for path in ("/letter.pdf", "/letter.txt", "/letter.eml"):
        response = page.request.get(path, max_redirects=0)
        assert response.status < 500, f"{path} answered {response.status} for {values}"


@pytest.mark.parametrize("text", [HOSTILE["script"], HOSTILE["img"]], ids=["script", "img"])
def test_hostile_text_in_checked_fields_comes_back_in_the_form(page: Page, text: str) -> None:
    """A refused postcode or email is put back in its box as typed, next to the message."""
    find_mp(page, EXACT_POSTCODE)
    expect(page).to_have_url(re.compile(r"/your-letter$"))
    values = {**SUPPORTER, "postcode": text, "email": text}
    for field, value in values.items():
        page.get_by_label(LETTER_FORM_LABELS[field], exact=True).fill(value)
    page.get_by_role("button", name="Show me my letter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    for field in ("postcode", "email"):
        box = page.get_by_label(LETTER_FORM_LABELS[field], exact=True)
        # The browser itself stops typing at the box's maxlength.
        limit = int(box.get_attribute("maxlength") or len(text))
        expect(box).to_have_value(text[:limit])
        expect(box).to_have_attribute("aria-invalid", "true")
