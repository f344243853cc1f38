"""Sharing after writing, in Chromium: copying the link, the browser's own share sheet only
where there is one, and a thank-you page that axe-core and a phone's finger are happy with."""

from __future__ import annotations

import re

import pytest
from axe import assert_no_violations, require_axe
from journeys import write_letter
from playwright.sync_api import Page, expect
from test_touch_targets import PHONE, small_controls

pytestmark = pytest.mark.browser

# Chromium on Linux has no share sheet; this stands in for one, keeping what it was given.
FAKE_SHARE = """
window.__shared = [];
Navigator.prototype.share = function (data) {
  window.__shared.push(data);
  return Promise.resolve();
};
Navigator.prototype.canShare = function () { return true; };
"""
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"


def reach_thank_you(page: Page) -> None:
    """Write a letter, then say it is sent: the thank-you page."""
    write_letter(page)
    page.get_by_role("link", name="I have sent my letter").click()
    expect(page).to_have_url(re.compile(r"/thank-you$"))


def test_copy_puts_the_shared_link_on_the_clipboard_and_says_so(open_page, base_url) -> None:
    """The copy button copies the campaign's address marked as a copied share, and the live
    region says "Copied"."""
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    reach_thank_you(page)
    box = page.get_by_label("Or copy the link")
    expect(box).to_have_value(f"{base_url}/?source=share&utm_medium=copy")
    status = page.locator("#share-copy-status")
    expect(status).to_have_attribute("aria-live", "polite")
    page.get_by_role("button", name="Copy the link").click()
    expect(status).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"{base_url}/?source=share&utm_medium=copy"


def test_without_a_share_sheet_its_button_is_hidden(open_page) -> None:
    """Where the browser has no navigator.share, no button offers it; the links remain."""
    page = open_page()
    page.add_init_script(NO_SHARE)
    reach_thank_you(page)
    expect(page.locator("[data-share-native]")).to_be_hidden()
    expect(page.get_by_role("link", name="Share by email")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Share on WhatsApp"))).to_be_visible()


def test_with_a_share_sheet_its_button_shares_the_native_link(open_page, base_url) -> None:
    """Where the browser has one, the button hands it the title, the words and the link."""
    page = open_page()
    page.add_init_script(FAKE_SHARE)
    reach_thank_you(page)
    page.get_by_role("button", name="More ways to share").click()
    page.wait_for_function("() => window.__shared.length === 1")
    shared = page.evaluate("() => window.__shared[0]")
    assert shared["url"] == f"{base_url}/?source=share&utm_medium=native"
    assert shared["title"] in shared["text"]
    assert shared["title"]


def test_without_javascript_the_box_holds_the_link_and_no_button_is_dead(open_page, base_url):
    """No script: the copy and share-sheet buttons are not shown; the box and links work."""
    page = open_page(js=False)
    reach_thank_you(page)
    expect(page.get_by_label("Or copy the link")).to_have_value(
        f"{base_url}/?source=share&utm_medium=copy"
    )
    expect(page.locator("button[data-copy-target='share-link']")).to_be_hidden()
    expect(page.locator("[data-share-native]")).to_be_hidden()
    email = page.get_by_role("link", name="Share by email")
    expect(email).to_have_attribute("href", re.compile(r"^mailto:\?subject="))


def test_every_share_control_is_big_enough_on_a_phone(open_page) -> None:
    """At 375 px every way to share (the share sheet's button shown) is 44 × 44 px or more."""
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.add_init_script(FAKE_SHARE)
    page.set_viewport_size(PHONE)
    reach_thank_you(page)
    expect(page.get_by_role("button", name="More ways to share")).to_be_visible()
    expect(page.get_by_role("button", name="Copy the link")).to_be_visible()
    assert small_controls(page) == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_the_thank_you_page_with_its_share_links_is_accessible(axe_page: Page) -> None:
    """axe-core finds nothing on the thank-you page, its copy button shown and then used."""
    require_axe()
    reach_thank_you(axe_page)
    expect(axe_page.get_by_role("button", name="Copy the link")).to_be_visible()
    assert_no_violations(axe_page, "the thank-you page's share links")
