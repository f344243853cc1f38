"""A campaign officer's browser session on the campaign as shipped, and the steps they take.

The session-wide live app (live_server.py) runs the hand-written templates for the template
editor's tests; an officer edits the letter as a document, part by part, in the letter editor.
So these tests get their own app, live server and fresh database per test, with a copy of the
shipped campaign. Every step here goes through what the officer can see: labels, roles, text.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from playwright.sync_api import Locator, Page, expect
from werkzeug.serving import make_server

from letters.campaign import CAMPAIGNS_DIR, Campaign, load_campaign

STILL_CHECKING = "The checks are still running"
NO_ERRORS = re.compile(r"^(The checks found no problems\.|Checks found 0 error)")


@dataclass(frozen=True)
class Site:
    """The app on its own server: `url` to browse, `campaign` as the copy on disk has it."""

    url: str
    app: Flask
    campaign: Campaign


@contextmanager
def serve_site(workdir: Path) -> Iterator[Site]:
    """Build the app on a fresh SQLite file and a copy of the shipped campaign, and serve it."""
    from letters import spelling
    from webapp import create_app, schema
    from webapp.content import published
    from webapp.extensions import db
    from webapp.jobs import inprocess

    campaigns = workdir / "campaigns"
    shutil.copytree(CAMPAIGNS_DIR, campaigns)
    app = create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": f"sqlite:///{workdir / 'officer.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "CAMPAIGNS_DIR": str(campaigns),
        }
    )
    schema.upgrade(app)
    spelling.load()  # now, not in a background thread halfway through a page
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="officer-site", daemon=True)
    thread.start()
    try:
        yield Site(
            f"http://127.0.0.1:{server.port}",
            app,
            load_campaign(app.config["CAMPAIGN"], campaigns),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        inprocess.wait_all()
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
        # The published-content caches are per process: the session's other live app must not
        # be served this database's versions.
        published.clear_caches()


# --- the letter editor ----------------------------------------------------------------------


def go_to(page: Page, link: str) -> None:
    """Follow a link in the staff area's navigation."""
    page.get_by_role("navigation", name="Staff area").get_by_role("link", name=link).click()


def open_content(page: Page, row: str) -> None:
    """Staff home → "Letter wording and findings" → the row's Edit link."""
    page.goto("/staff/")
    go_to(page, "Letter wording and findings")
    # Not the row of the same letter's Welsh wording ("… in Welsh (Cymraeg)").
    page.get_by_role("row", name=re.compile("^" + re.escape(row) + "(?! in Welsh)")).get_by_role(
        "link", name="Edit", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit: {row}")


FINDINGS_ROW = "Findings (cited facts)"


def letter_row(site: Site) -> str:
    """The content list's name for the campaign's default letter."""
    return f"Letter template “{site.campaign.default_template}”"


def wording(page: Page, part: str, number: int | None = None) -> Locator:
    """A wording's text box, by its label: "The ask, wording 2", or "Closing: text" when the
    part has only one wording."""
    name = f"{part}, wording {number}" if number else f"{part}: text"
    return page.get_by_role("textbox", name=name, exact=True)


def wordings(page: Page, part: str) -> list[Locator]:
    """Every wording box of a part, in order."""
    return page.get_by_role(
        "textbox", name=re.compile(rf"^{re.escape(part)}(, wording \d+|: text)$")
    ).all()


def note_and_press(page: Page, note: str, button: str) -> None:
    """Say what changed and press one of the editor's save buttons."""
    page.get_by_label(re.compile("^What changed")).fill(note)
    page.get_by_role("button", name=button, exact=True).click()


def save_and_publish(page: Page, note: str) -> int:
    """The letter editor's "Save and publish…", then the version page's Publish button."""
    note_and_press(page, note, "Save and publish…")
    expect(page.get_by_role("status").filter(has_text="Saved as version")).to_be_visible()
    return publish_this_version(page)


def version_shown(page: Page) -> int:
    """The version number in a version page's heading."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"version \d+"))
    return int(re.search(r"version (\d+)", heading.inner_text()).group(1))


def wait_for_checks(page: Page) -> None:
    """Until the checks finish the page says to reload it in a few seconds; instead of
    guessing how many, wait for the background checks to finish, then reload."""
    from webapp.jobs import inprocess

    if page.get_by_text(STILL_CHECKING).count():
        inprocess.wait_all()
        page.reload()
    expect(page.get_by_text(STILL_CHECKING)).to_have_count(0)


def publish_this_version(page: Page) -> int:
    """On a version page: once its checks are done, publish it; returns its number."""
    number = version_shown(page)
    wait_for_checks(page)
    expect(page.get_by_text(NO_ERRORS).first).to_be_visible()  # warnings may stand
    page.get_by_role("button", name=f"Publish version {number}", exact=True).click()
    published = page.get_by_role("status").filter(has_text=f"Published version {number}")
    expect(published).to_be_visible()
    return number


# --- the findings editor --------------------------------------------------------------------


def reword_finding(
    page: Page, finding_id: str, old: str, new: str, figure: str, value: str
) -> None:
    """In the findings editor (a form, finding by finding), reword a finding's statement and
    give its figure the new number."""
    finding = page.get_by_role("group", name=re.compile(rf"^Finding \d+ \({finding_id}\)$"))
    statement = finding.get_by_role("textbox", name="Statement", exact=True)
    text = statement.input_value()
    assert text.count(old) == 1, f"{old!r} is not once in the statement: {text!r}"
    statement.fill(text.replace(old, new))
    figures = finding.get_by_role("group", name=re.compile("^Figures"))
    names = figures.get_by_role("textbox", name=re.compile(r"^Figure \d+: name$"))
    numbers = [n + 1 for n in range(names.count()) if names.nth(n).input_value() == figure]
    assert numbers, f"{finding_id} has no figure called {figure}"
    figures.get_by_role("textbox", name=f"Figure {numbers[0]}: number", exact=True).fill(value)
