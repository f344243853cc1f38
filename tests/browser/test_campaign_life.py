"""The whole life of a second campaign, with two people publishing (PUBLISH_NEEDS_APPROVAL on).

A new editor starts a campaign as a copy of the shipped one, under its own title and address,
changes its ask (and one of its findings) and submits them; a second editor approves them, which
publishes them, and opens the campaign. A supporter writes on each campaign and keeps the letter:
each letter has its own campaign's ask and findings, with their citations. The new campaign is
closed: its page says so with the closing words, a form opened before the closing and sent after
it is refused with a page that shows back what was typed, and the private link still shows the
kept letter. For each campaign, the staff lists and the letters download hold only its own
supporters.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from browser_helpers import pdf_text
from browser_helpers import screenshot as save_screenshots
from journeys import EXACT_POSTCODE, SUPPORTER, fill_letter_form, find_mp, submit_letter
from officer_site import (
    FINDINGS_ROW,
    Site,
    go_to,
    letter_row,
    note_and_press,
    open_content,
    reword_finding,
    serve_site,
    version_shown,
    wait_for_checks,
    wordings,
)
from playwright.sync_api import Page, expect
from staff_session import EDITOR, SECOND_EDITOR, create_account, sign_in

pytestmark = pytest.mark.browser

WINTER = "Stop the winter flights"
WINTER_PAGE = "/winter-flights/"
# Every wording of the winter campaign's ask says this; the main campaign's never does.
WINTER_ASK_WORDS = "ground the winter charter flights to Baghdad"
WINTER_ASKS = (
    f"Please will you ask the Home Secretary to {WINTER_ASK_WORDS} until it is safe?",
    f"I ask you to press the Home Secretary to {WINTER_ASK_WORDS} until it is safe.",
    f"Will you urge the Home Secretary to {WINTER_ASK_WORDS} until it is safe?",
)
# One finding corrected in the winter campaign only: its statement and its figure.
FINDING = "uk_returns_baghdad"
FIGURE = "removed"
MAIN_FACT, WINTER_FACT = "forcibly removed 44 Iraqis", "forcibly removed 42 Iraqis"
WINTER_CLOSED = "The winter flights were cancelled on 2 February. Thank you for writing."
LATE_WORDS = "My brother is on the list for the February flight and we are frightened."


@dataclass(frozen=True)
class Writer:
    """A supporter who writes on one campaign, keeps the letter and asks for updates."""

    name: str
    email: str
    campaign_page: str


MAIN_WRITER = Writer("Nora Mainline", "nora.mainline@example.org", "/")
WINTER_WRITER = Writer("Wren Winterton", "wren.winterton@example.org", WINTER_PAGE)
LATE_WRITER = Writer("Lark Latecomer", "lark.latecomer@example.org", WINTER_PAGE)
WRITERS = (MAIN_WRITER, WINTER_WRITER, LATE_WRITER)


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    """The app with a fresh database and a copy of the shipped campaign, two editors, and
    two-person publishing on (the production default)."""
    with pytest.MonkeyPatch.context() as patch:
        # A developer's .env must not leak in (as for the session's live app).
        patch.setenv("APP_ENV", "testing")
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("SITE_URL", raising=False)
        with serve_site(tmp_path) as served:
            served.app.config["PUBLISH_NEEDS_APPROVAL"] = True
            create_account(served.app, EDITOR)
            create_account(served.app, SECOND_EDITOR)
            yield served


# --- staff steps ----------------------------------------------------------------------------------


def start_campaign(page: Page, title: str, campaign_page: str) -> None:
    """Campaigns → "Start a new campaign": a draft copy of the campaign being worked on."""
    go_to(page, "Campaigns")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Web address").fill(campaign_page.strip("/"))
    page.get_by_role("button", name="Start the campaign").click()
    expect(page.get_by_role("heading", name="Draft: supporters cannot write yet")).to_be_visible()
    expect(page.get_by_text(f"Working on: {title}")).to_be_visible()


def work_on(page: Page, title: str) -> None:
    """Campaigns → "Work on “…”": every staff page is then about that campaign."""
    go_to(page, "Campaigns")
    page.get_by_role("button", name=f"Work on “{title}”", exact=True).click()
    expect(page.get_by_text(f"Working on: {title}")).to_be_visible()


def submit_for_review(page: Page, note: str) -> int:
    """The editor's "Save and submit for review"; returns the new version's number."""
    note_and_press(page, note, "Save and submit for review")
    expect(page.get_by_role("status").filter(has_text="sent for review")).to_be_visible()
    return version_shown(page)


def approve(page: Page, row: str, number: int, screenshot: str | None = None) -> None:
    """As the second editor: the content row's latest version → "Review version N" →
    "Approve and publish version N" (with a screenshot of the review page, when named)."""
    page.goto("/staff/")
    go_to(page, "Letter wording and findings")
    page.get_by_role("row", name=re.compile("^" + re.escape(row) + "(?! in Welsh)")).get_by_role(
        "link", name="View", exact=True
    ).click()
    wait_for_checks(page)
    page.get_by_role("link", name=f"Review version {number}", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"version {number}")
    expect(page.get_by_text("You cannot approve your own change")).to_have_count(0)
    if screenshot:
        save_screenshots(page, screenshot)
    page.get_by_role("button", name=f"Approve and publish version {number}").click()
    expect(page.get_by_role("status").filter(has_text="Approved and published")).to_be_visible()


def open_campaign(page: Page) -> None:
    """Staff navigation "Open or close" → "Open the campaign now"."""
    go_to(page, "Open or close")
    page.get_by_role("button", name="Open the campaign now").click()
    expect(
        page.get_by_role("heading", name="Open: supporters can write their letters")
    ).to_be_visible()


def close_campaign(page: Page, closing_words: str) -> None:
    """Staff navigation "Open or close" → the closing words → "Close the campaign now"."""
    go_to(page, "Open or close")
    page.get_by_label("What the campaign page says once it has closed").first.fill(closing_words)
    page.get_by_role("button", name="Close the campaign now").click()
    expect(page.get_by_role("heading", name=re.compile("^Closed since"))).to_be_visible()


def download_text(page: Page, link: str) -> str:
    """The text of the file a link on the page downloads."""
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    return download.value.path().read_text(encoding="utf-8")


def csv_names(text: str) -> set[str]:
    """The "name" column of a staff list."""
    return {row["name"] for row in csv.DictReader(io.StringIO(text))}


def letters_pdf(page: Page) -> tuple[str, str]:
    """Staff navigation "Download letters" → "Make the download" (one PDF to print) → the
    PDF's text, and what the status page says once it is ready."""
    go_to(page, "Download letters")
    page.get_by_role("radio", name=re.compile("^One PDF to print")).check()
    page.get_by_role("button", name="Make the download").click()
    ready = page.get_by_role("link", name="Download the PDF")
    expect(ready).to_be_visible(timeout=20_000)  # the status page updates itself
    said = page.get_by_role("status").inner_text()
    with page.expect_download() as download:
        ready.click()
    return pdf_text(download.value.path().read_bytes()), said


# --- supporter steps ------------------------------------------------------------------------------


def start_letter(page: Page, writer: Writer, **fields: str) -> None:
    """On the writer's campaign page: find the MP and fill the letter form, keeping the letter
    and asking for updates; the form is not sent yet."""
    find_mp(page, EXACT_POSTCODE, campaign_page=writer.campaign_page)
    expect(page).to_have_url(re.compile(rf"{re.escape(writer.campaign_page)}your-letter$"))
    fill_letter_form(page, **{**SUPPORTER, "name": writer.name, "email": writer.email, **fields})
    page.get_by_role("radio", name="No preference", exact=True).check()
    page.get_by_role("checkbox", name=re.compile("^Keep my letter")).check()
    page.get_by_role("checkbox", name="Send me campaign updates by email").check()


def write_kept_letter(page: Page, writer: Writer) -> tuple[str, str]:
    """The writer's letter, written and kept: its text, and the private link to it."""
    start_letter(page, writer)
    submit_letter(page)
    expect(page).to_have_url(re.compile(rf"{re.escape(writer.campaign_page)}your-letter/preview$"))
    letter = page.get_by_role("article")
    expect(letter).to_contain_text(writer.name)
    link = page.get_by_role("region", name="Your private link").get_by_role("link")
    return letter.inner_text(), link.get_attribute("href") or ""


def assert_cites_finding(letter: str, site: Site) -> None:
    """The letter gives the finding's sources, as the report cites them."""
    for source in site.campaign.findings.findings[FINDING].sources:
        assert source.citation in letter, f"{source.citation!r} is not cited in: {letter}"


# --- the test -------------------------------------------------------------------------------------


def test_a_second_campaign_with_two_editors_from_copy_to_close(open_site_page, site) -> None:
    """Copy, change, submit; a second editor approves and opens; a letter on each campaign has
    its own ask and findings; closing refuses a late form and keeps the private link; each
    campaign's lists and downloads hold only its own supporters."""
    main_title = site.campaign.title
    first, second = open_site_page(), open_site_page()
    supporter, latecomer = open_site_page(), open_site_page()
    sign_in(first, EDITOR)
    sign_in(second, SECOND_EDITOR)

    # The first editor starts the copy and changes its ask and a finding: both wait for review.
    start_campaign(first, WINTER, WINTER_PAGE)
    open_content(first, letter_row(site))
    asks = wordings(first, "The ask")
    assert 1 <= len(asks) <= len(WINTER_ASKS), "the ask has more wordings than this test words"
    main_asks = [box.input_value() for box in asks]
    for box, new in zip(asks, WINTER_ASKS, strict=False):
        box.fill(new)
    letter_version = submit_for_review(first, "The winter campaign's own ask")
    first.get_by_role("link", name=f"Review version {letter_version}", exact=True).first.click()
    expect(first.get_by_text("You cannot approve your own change")).to_be_visible()
    expect(first.get_by_role("button", name=re.compile("^Approve"))).to_have_count(0)
    open_content(first, FINDINGS_ROW)
    reword_finding(first, FINDING, MAIN_FACT, WINTER_FACT, FIGURE, "42")
    findings_version = submit_for_review(first, "The winter campaign's own count of removals")

    # The second editor chooses the new campaign, approves both (which publishes) and opens it.
    work_on(second, WINTER)
    approve(second, letter_row(site), letter_version, screenshot="staff-campaign-review")
    approve(second, FINDINGS_ROW, findings_version)
    open_campaign(second)

    # A supporter writes on each campaign; each letter is its own campaign's.
    main_letter, _ = write_kept_letter(supporter, MAIN_WRITER)
    winter_letter, winter_link = write_kept_letter(supporter, WINTER_WRITER)
    assert WINTER_ASK_WORDS in winter_letter
    assert not any(ask in winter_letter for ask in main_asks)
    assert WINTER_ASK_WORDS not in main_letter
    assert any(ask in main_letter for ask in main_asks)
    assert WINTER_FACT in winter_letter
    assert MAIN_FACT not in winter_letter
    assert MAIN_FACT in main_letter
    assert WINTER_FACT not in main_letter
    for letter in (main_letter, winter_letter):
        assert_cites_finding(letter, site)

    # A supporter opens the winter form; the first editor closes the campaign meanwhile.
    start_letter(latecomer, LATE_WRITER, reason=LATE_WORDS)
    close_campaign(first, WINTER_CLOSED)

    # The late form is refused, plainly, with what they typed shown back.
    submit_letter(latecomer)
    expect(latecomer.get_by_role("heading", level=1)).to_have_text(WINTER)
    expect(
        latecomer.get_by_role("heading", name=re.compile("^This campaign closed on"))
    ).to_be_visible()
    expect(latecomer.get_by_text(WINTER_CLOSED)).to_be_visible()
    expect(latecomer.get_by_role("heading", name="What you typed")).to_be_visible()
    expect(latecomer.get_by_label("Why this matters to you (optional)")).to_have_value(LATE_WORDS)
    expect(latecomer.get_by_label("Your full name")).to_have_value(LATE_WRITER.name)
    expect(latecomer.get_by_label("Email address (optional)")).to_have_value(LATE_WRITER.email)

    # The closed campaign's page says so; the main one still takes letters.
    supporter.goto(WINTER_PAGE)
    expect(
        supporter.get_by_role("heading", name=re.compile("^This campaign closed on"))
    ).to_be_visible()
    expect(supporter.get_by_text(WINTER_CLOSED)).to_be_visible()
    expect(supporter.get_by_label("Your postcode")).to_have_count(0)
    supporter.goto("/")
    expect(supporter.get_by_label("Your postcode")).to_be_visible()

    # The private link still shows the kept letter, word for word as written.
    supporter.goto(winter_link)
    expect(supporter.get_by_role("heading", level=1)).to_have_text("Your kept letter")
    kept = supporter.get_by_role("article")
    expect(kept).to_contain_text(WINTER_WRITER.name)
    expect(kept).to_contain_text(WINTER_ASK_WORDS)
    expect(kept).to_contain_text(WINTER_FACT)

    # For each campaign, the lists and the letters download hold only its own supporters.
    go_to(first, "Campaigns")
    expect(first.get_by_role("row", name=re.compile(re.escape(WINTER)))).to_contain_text("Closed")
    expect(first.get_by_role("row", name=re.compile(re.escape(main_title)))).to_contain_text("Open")
    save_screenshots(first, "staff-campaigns-overview")
    for title, writer in ((main_title, MAIN_WRITER), (WINTER, WINTER_WRITER)):
        others = {w.name for w in WRITERS} - {writer.name}
        work_on(first, title)
        go_to(first, "Download letters")
        if writer is WINTER_WRITER:
            save_screenshots(first, "staff-campaign-exports")
        for link in (
            "Supporters who asked for campaign updates (CSV)",
            "Senders of kept letters, for delivery (CSV)",
        ):
            names = csv_names(download_text(first, link))
            assert names == {writer.name}, f"{title}: {link} holds {names}"
        text, said = letters_pdf(first)
        assert "Ready: 1 letter." in said, f"{title}: {said}"
        assert writer.name in text, f"{title}: the letters PDF lacks {writer.name}"
        assert not [name for name in others if name in text], f"{title}: {text[:600]}"
