"""On a phone: the first step is on the first screen, and every control is big enough to tap."""

from __future__ import annotations

import pytest
from journeys import write_letter
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
TARGET_PX = 44
# Buttons, form controls and links that stand alone (links inside a sentence are exempt, as in
# WCAG 2.5.8, because making them taller would break the line).
CONTROLS = (
    "button:visible, input:not([type=hidden]):visible, select:visible, textarea:visible, "
    "a.button:visible, a.target:visible, .site-name:visible, .footer-links a:visible"
)


def small_controls(page: Page) -> list[str]:
    """Each visible control smaller than 44 by 44 px, described by tag, name and size."""
    found = []
    for control in page.locator(CONTROLS).all():
        if control.evaluate("e => e.closest('.hp') !== null"):  # the honeypot, for bots only
            continue
        box = control.bounding_box()
        if box and (box["width"] < TARGET_PX - 0.5 or box["height"] < TARGET_PX - 0.5):
            name = control.get_attribute("name") or control.inner_text()[:30]
            found.append(f"{control.evaluate('e => e.tagName')} {name!r} {box}")
    return found


def test_postcode_box_is_on_the_first_screen_of_a_phone(page: Page) -> None:
    """At 375 × 667 px the campaign page shows the postcode box and its button without scrolling."""
    page.set_viewport_size(PHONE)
    page.goto("/")
    for control in (
        page.get_by_label("Your postcode"),
        page.get_by_role("button", name="Find my MP"),
    ):
        box = control.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], box


@pytest.mark.parametrize("path", ["/", "/find-your-mp", "/constituencies", "/privacy"])
def test_every_control_is_at_least_44_px_on_a_phone(page: Page, path: str) -> None:
    """Buttons (the constituency list's too), boxes and stand-alone links are 44 × 44 px or more."""
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert small_controls(page) == []


def test_letter_form_and_preview_controls_are_44_px(page: Page) -> None:
    """The letter form's boxes and ticks, and the preview's send buttons, are 44 × 44 px or more."""
    page.set_viewport_size(PHONE)
    write_letter(page)
    assert small_controls(page) == []
    page.goto("/your-letter")
    assert small_controls(page) == []
