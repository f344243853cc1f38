"""Campaign staff in the browser: sign in, change the wording safely, undo, and never overwrite."""

from __future__ import annotations

import re

import pytest
from browser_helpers import pdf_text
from journeys import (
    EXACT_POSTCODE,
    SUPPORTER,
    fill_letter_form,
    find_mp,
    seat_for_postcode,
    submit_letter,
    write_letter,
)
from playwright.sync_api import Page, expect
from staff_session import (
    StaffAccount,
    content_url,
    create_account,
    editor_body,
    insert_before_closing,
    save_edit,
    sign_in,
)

pytestmark = pytest.mark.browser


def _version_number(page: Page) -> int:
    match = re.search(r"/versions/(\d+)", page.url)
    assert match, f"not on a version page: {page.url}"
    return int(match.group(1))


def _supporter_letter(page: Page) -> str:
    """The text of a supporter's previewed letter, written afresh in a browser with no staff."""
    write_letter(page)
    return page.locator("article.letter").inner_text()


def test_sign_in_refuses_a_wrong_password_then_lets_staff_in(page: Page, live_app) -> None:
    """A wrong password gets a plain message; the right one lets staff in; signing out ends it."""
    # Its own account: signing out ends every session of the account, shared ones included.
    editor = create_account(
        live_app, StaffAccount("signs.out@campaign.example", "a long test passphrase 4")
    )
    page.goto("/staff/content")
    expect(page).to_have_url(re.compile(r"/staff/login\?next="))
    page.get_by_label("Email", exact=True).fill(editor.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    page.get_by_label("Password", exact=True).fill(editor.password)
    page.get_by_role("button", name="Sign in").click()
    # Back where they were going.
    expect(page).to_have_url(re.compile(r"/staff/content$"))
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    page.goto("/staff/content")
    expect(page).to_have_url(re.compile(r"/staff/login"))


def test_publish_reaches_supporters_and_revert_takes_it_back(
    open_page, page: Page, staff_accounts
) -> None:
    """Edit → preview → publish puts new wording in supporters' letters; a revert removes it."""
    sentence = "Please also ask a question about this at Home Office questions."
    staff = open_page()
    sign_in(staff, staff_accounts[0])
    staff.goto(content_url("edit"))
    original = editor_body(staff)
    save_edit(
        staff, insert_before_closing(original, sentence), "Adds a question", "Save and preview"
    )

    expect(staff).to_have_url(re.compile(r"/versions/\d+/preview"))
    expect(staff.locator("article.letter")).to_contain_text(sentence)
    new_version = _version_number(staff)
    # Not yet published: supporters still get the old wording.
    assert sentence not in _supporter_letter(page)

    staff.get_by_role("link", name=f"Back to version {new_version}").click()
    staff.get_by_role("button", name=f"Publish version {new_version}").click()
    expect(staff.get_by_role("status").first).to_contain_text(f"Published version {new_version}")
    assert sentence in _supporter_letter(page)

    # Undo: the version before becomes a new version, which is then published.
    staff.goto(content_url(f"versions/{new_version - 1}"))
    staff.get_by_role("button", name=f"Start again from version {new_version - 1}").click()
    reverted = _version_number(staff)
    assert reverted == new_version + 1
    staff.get_by_role("button", name=f"Publish version {reverted}").click()
    expect(staff.locator("h1 .tag")).to_have_text("published")
    assert sentence not in _supporter_letter(page)
    staff.goto(content_url("edit"))
    assert editor_body(staff) == original


def test_second_save_from_a_stale_version_is_a_conflict(open_page, staff_accounts) -> None:
    """Two editors at once: the later save gets a conflict page with both texts, not a loss."""
    first, second = open_page(), open_page()
    sign_in(first, staff_accounts[0])
    sign_in(second, staff_accounts[1])
    first.goto(content_url("edit"))
    second.goto(content_url("edit"))
    base = editor_body(first)
    theirs = insert_before_closing(base, "First editor's new paragraph.")
    yours = insert_before_closing(base, "Second editor's different paragraph.")

    save_edit(first, theirs, "First editor's change")
    expect(first.get_by_role("status").first).to_contain_text("Saved as version")
    save_edit(second, yours, "Second editor's change")

    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Someone else saved a new version while you were editing"
    )
    expect(second.get_by_role("heading", name=re.compile("^Theirs"))).to_be_visible()
    sources = second.locator("pre.source")
    expect(sources.nth(0)).to_contain_text("First editor's new paragraph.")
    expect(sources.nth(1)).to_contain_text("Second editor's different paragraph.")
    # The merge box holds both editors' words, ready to save on top of the latest version.
    merged = editor_body(second)
    assert "First editor's new paragraph." in merged
    assert "Second editor's different paragraph." in merged


def test_export_of_kept_letters_is_a_readable_pdf(open_page, page: Page, staff_accounts) -> None:
    """A letter the supporter asked us to keep comes out of 'Download letters' as a real PDF."""
    staff = open_page()
    find_mp(page, EXACT_POSTCODE)
    name = "Grace Export-Hopper"
    fill_letter_form(page, **{**SUPPORTER, "name": name})
    page.get_by_role("checkbox", name=re.compile("Keep my letter")).check()
    submit_letter(page)
    expect(page.locator("article.letter")).to_contain_text(name)

    sign_in(staff, staff_accounts[0])
    staff.goto("/staff/exports")
    staff.get_by_label(re.compile("^Constituency")).fill(
        seat_for_postcode(EXACT_POSTCODE).constituency.name
    )
    staff.get_by_role("button", name="Make the download").click()
    ready = staff.get_by_role("link", name=re.compile("^Download the PDF"))
    # The status page updates itself until the background job is done.
    expect(ready).to_be_visible(timeout=20_000)
    with staff.expect_download() as download_info:
        ready.click()
    text = pdf_text(download_info.value.path().read_bytes())
    assert name in text
    assert "House of Commons" in text
