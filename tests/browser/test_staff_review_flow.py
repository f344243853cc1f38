"""Two people publish, in the browser: A submits and cannot approve; B reviews and approves."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe import assert_no_violations, require_axe
from browser_helpers import assert_fits_width, screenshot
from journeys import write_letter
from playwright.sync_api import Page, expect
from staff_session import content_url, editor_body, insert_before_closing, save_edit, sign_in

pytestmark = pytest.mark.browser

SENTENCE = "Please raise this with the Home Secretary and tell me her answer."


@pytest.fixture
def approval_required(live_app) -> Iterator[None]:
    """The production default for this test only (the live app is shared by the session)."""
    live_app.config["PUBLISH_NEEDS_APPROVAL"] = True
    yield
    live_app.config["PUBLISH_NEEDS_APPROVAL"] = False


def _supporter_letter(page: Page) -> str:
    write_letter(page)
    return page.locator("article.letter").inner_text()


def test_a_change_needs_a_second_editor(
    open_page, page: Page, staff_accounts, approval_required
) -> None:
    """A edits and submits; A cannot approve; B sees the changed words and approves; the next
    supporter's letter has the change; the history shows both editors."""
    first, second = staff_accounts[0], staff_accounts[1]
    a, b = open_page(), open_page(bypass_csp=True)
    sign_in(a, first)
    sign_in(b, second)

    a.goto(content_url("edit"))
    body = insert_before_closing(editor_body(a), SENTENCE)
    save_edit(a, body, "Ask for the Home Secretary's answer", "Save and submit for review")
    expect(a.get_by_role("status").first).to_contain_text("sent for review")
    number = int(re.search(r"/versions/(\d+)", a.url).group(1))
    a.get_by_role("link", name=f"Review version {number}").first.click()
    expect(a.get_by_text("You cannot approve your own change")).to_be_visible()
    expect(a.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
    assert SENTENCE not in _supporter_letter(page)

    b.goto(content_url(f"versions/{number}/review"))
    expect(b.locator(".word-diff ins").first).to_contain_text("Home Secretary")
    expect(b.locator(".word-diff del")).to_have_count(0)
    require_axe()
    screenshot(b, "staff-review")
    assert_no_violations(b, "the staff review page")
    assert_fits_width(b, 1280, "the staff review page")
    b.get_by_role("button", name=f"Approve and publish version {number}").click()
    expect(b.get_by_role("status").first).to_contain_text("Approved and published")

    assert SENTENCE in _supporter_letter(page)
    a.goto(content_url("history"))
    row = a.locator("tbody tr").first
    expect(row).to_contain_text(f"Submitted by {first.email}")
    expect(row).to_contain_text(f"Approved by {second.email}")
    expect(row).to_contain_text(f"Published by {second.email}")


def test_the_preview_follows_the_typing_and_snippets_insert(open_page, staff_accounts) -> None:
    """With JavaScript, the preview beside the text updates as you type, and Insert adds a
    citation at the cursor; the problem table's line column stays readable at 375 and 1280 px."""
    editor = open_page()
    sign_in(editor, staff_accounts[0])
    editor.goto(content_url("edit"))
    box = editor.locator("textarea[name=body]")
    box.fill(insert_before_closing(editor_body(editor), "A sentence typed just now."))
    expect(editor.locator(".editor-preview article.letter")).to_contain_text(
        "A sentence typed just now.", timeout=15_000
    )
    box.evaluate("el => { el.selectionStart = el.selectionEnd = 0 }")
    editor.get_by_label("Insert a figure, citation or variant at the cursor").select_option(index=0)
    editor.get_by_role("button", name="Insert", exact=True).click()
    assert editor_body(editor).startswith("{{ cite(")

    # A broken line shows the problem table; its "Line" heading never wraps letter by letter.
    box.fill(insert_before_closing(editor_body(editor), "{{ supporter.name|list }}"))
    editor.get_by_role("button", name="Show the preview").click()
    heading = editor.locator(".problems-table th").first
    for width in (375, 1280):
        editor.set_viewport_size({"width": width, "height": 800})
        size = heading.bounding_box()
        assert size is not None
        line_height = heading.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24")
        assert size["height"] < 2 * line_height + 16, (width, size)
        assert_fits_width(editor, width, "the editor with problems")
