"""Staff accounts end to end in a real browser: invitation, password reset, authenticator app.

Each new page is checked with axe-core and at 375 px and 1280 px on the way.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from axe import assert_no_violations, require_axe
from browser_helpers import assert_fits_width, screenshot
from playwright.sync_api import Page, expect
from staff_session import ADMIN, StaffAccount, create_account, sign_in

pytestmark = pytest.mark.browser


def check(page: Page, name: str) -> None:
    """axe-clean, no sideways scrolling on a phone or a desk screen; screenshots kept."""
    screenshot(page, f"staff-{name}")
    assert_no_violations(page, f"the staff {name} page ({page.url})")
    for width in (375, 1280):
        assert_fits_width(page, width, f"the staff {name} page")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")


def choose_password(page: Page, password: str) -> None:
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("The same password again", exact=True).fill(password)
    page.get_by_role("button", name="Set my password").click()


def sign_in_with_code(page: Page, account: StaffAccount, code: str) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email", exact=True).fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_label(re.compile("^Code from your authenticator app")).fill(code)
    page.get_by_role("button", name="Sign in").click()


def test_invitation_then_authenticator_app(open_page, staff_accounts) -> None:
    """Admin invites → colleague chooses a password → sets up TOTP → signs in with codes."""
    require_axe()
    colleague = StaffAccount("invited.colleague@campaign.example", "marble falcon orchard tide")
    admin = open_page(bypass_csp=True)
    sign_in(admin, ADMIN)
    admin.goto("/staff/accounts")
    check(admin, "accounts")
    admin.get_by_label("Their email address").fill(colleague.email)
    admin.get_by_label(re.compile("^Editor")).check()
    admin.get_by_role("button", name="Make an invitation link").click()
    link = admin.locator("#one-time-link").input_value()
    assert "/staff/welcome/" in link
    check(admin, "account-invited")

    page = open_page(bypass_csp=True)
    page.goto(link)
    check(page, "set-password")
    choose_password(page, "password1234")
    expect(page.get_by_role("alert")).to_contain_text("most common passwords")
    choose_password(page, colleague.password)
    expect(page.get_by_role("status")).to_contain_text("Welcome! Your password is set.")
    sign_in(page, colleague)

    page.goto("/staff/account")
    check(page, "my-account")
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.locator(".qr svg")).to_be_visible()
    check(page, "two-factor-setup")
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("The 6-digit code your app shows now").fill(totp.now())
    page.get_by_role("button", name="Check the code and turn it on").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page, "recovery-codes")
    sign_out(page)

    # The password alone is not enough now; the app's next code is.
    page.get_by_label("Email", exact=True).fill(colleague.email)
    page.get_by_label("Password", exact=True).fill(colleague.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the 6-digit code")
    sign_in_with_code(page, colleague, totp.at(time.time() + 30))
    expect(page).to_have_url(re.compile(r"/staff/$"))

    elsewhere = open_page(bypass_csp=True)
    sign_in_with_code(elsewhere, colleague, codes[0])
    expect(elsewhere).to_have_url(re.compile(r"/staff/$"))

    admin.goto("/staff/audit?action=sign_in")
    expect(admin.locator("table.audit-table")).to_contain_text(colleague.email)
    admin.goto("/staff/audit")
    expect(admin.locator("table.audit-table")).to_contain_text("Recovery code used")


def test_password_reset_link(open_page, live_app, staff_accounts) -> None:
    """Admin makes a reset link → the colleague's old sessions end → the new password works."""
    require_axe()
    forgetful = create_account(
        live_app, StaffAccount("forgot.password@campaign.example", "copper meadow violin ash")
    )
    old_session = open_page(bypass_csp=True)
    sign_in(old_session, forgetful)

    admin = open_page(bypass_csp=True)
    sign_in(admin, ADMIN)
    admin.goto("/staff/accounts")
    admin.get_by_role("link", name=forgetful.email).click()
    check(admin, "account-detail")
    admin.get_by_role("button", name="Make a password-reset link").click()
    link = admin.locator("#one-time-link").input_value()
    assert "/staff/reset/" in link

    page = open_page(bypass_csp=True)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    renewed = StaffAccount(forgetful.email, "harbour lantern pebble sky")
    choose_password(page, renewed.password)
    expect(page.get_by_role("status")).to_contain_text("Your new password is set.")

    old_session.goto("/staff/")
    expect(old_session).to_have_url(re.compile(r"/staff/login"))
    sign_in(page, renewed)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check(page, "link-invalid")
