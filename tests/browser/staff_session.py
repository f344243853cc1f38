"""Staff accounts for the browser tests, made with the app's own `flask staff create` command."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from playwright.sync_api import Page, expect

from letters.campaign import load_campaign


@dataclass(frozen=True)
class StaffAccount:
    email: str
    password: str


EDITOR = StaffAccount("editor@campaign.example", "a long test passphrase 1")
SECOND_EDITOR = StaffAccount("second.editor@campaign.example", "a long test passphrase 2")
ADMIN = StaffAccount("admin@campaign.example", "a long test passphrase 3")


def create_account(app: Flask, account: StaffAccount, role: str = "editor") -> StaffAccount:
    """Create one account through the CLI, as campaign staff would be set up."""
    args = ["staff", "create", account.email, "--role", role, "--password", account.password]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return account


def create_accounts(app: Flask) -> tuple[StaffAccount, ...]:
    """Create two editors and an admin through the CLI."""
    for account, role in ((EDITOR, "editor"), (SECOND_EDITOR, "editor"), (ADMIN, "admin")):
        create_account(app, account, role)
    return EDITOR, SECOND_EDITOR, ADMIN


def template_kind() -> str:
    """The URL part naming the campaign's default letter template, e.g. "template:default"."""
    return f"template:{load_campaign().default_template}"


def content_url(suffix: str) -> str:
    """A page about the default letter template: content_url("edit") → /staff/content/…/edit."""
    return f"/staff/content/{template_kind()}/{suffix}"


def sign_in(page: Page, account: StaffAccount) -> None:
    """Sign in through the form and land on the staff home page."""
    page.goto("/staff/login")
    page.get_by_label("Email", exact=True).fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))


def editor_body(page: Page) -> str:
    """The text in the editor's big text box."""
    return page.locator("textarea[name=body]").input_value()


def insert_before_closing(body: str, sentence: str) -> str:
    """The template with a new paragraph just before its closing line (found, not assumed)."""
    lines = body.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return "\n".join([*lines[:index], sentence, "", *lines[index:]])
    return f"{sentence}\n"


def save_edit(page: Page, body: str, note: str, button: str = "Save") -> None:
    """Replace the editor's text, give a note, and press one of the save buttons."""
    page.locator("textarea[name=body]").fill(body)
    page.get_by_label(re.compile("^What changed")).fill(note)
    page.get_by_role("button", name=button, exact=True).click()
