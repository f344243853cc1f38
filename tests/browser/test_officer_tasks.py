"""A campaign officer's everyday tasks, done through what the page shows (labels, roles and
text), each checked where it matters: in the letter a supporter then gets on the public site."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from axe import assert_no_violations, require_axe
from browser_helpers import SCREENSHOTS, assert_fits_width, pdf_text
from browser_helpers import screenshot as save_screenshots
from journeys import (
    EXACT_POSTCODE,
    SUPPORTER,
    fill_letter_form,
    find_mp,
    seat_for_postcode,
    seat_named,
    submit_letter,
)
from officer_site import (
    FINDINGS_ROW,
    Site,
    go_to,
    letter_row,
    note_and_press,
    open_content,
    publish_this_version,
    reword_finding,
    save_and_publish,
    serve_site,
    version_shown,
    wait_for_checks,
    wording,
    wordings,
)
from playwright.sync_api import Locator, Page, expect
from staff_session import EDITOR, create_account, sign_in

from letters.directory import DATA_DIR

pytestmark = pytest.mark.browser

NO_PREFERENCE = "No preference"
# What no supporter's letter may ever carry: the sandbox's template syntax.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    """The app with a fresh database and a copy of the shipped campaign, and an editor."""
    with pytest.MonkeyPatch.context() as patch:
        # A developer's .env must not leak in (as for the session's live app).
        patch.setenv("APP_ENV", "testing")
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("SITE_URL", raising=False)
        with serve_site(tmp_path) as served:
            create_account(served.app, EDITOR)
            yield served


@pytest.fixture
def officer(open_site_page) -> Page:
    """The campaign officer, signed in."""
    page = open_site_page()
    sign_in(page, EDITOR)
    return page


@pytest.fixture
def supporter(open_site_page) -> Page:
    """A supporter on the public site."""
    return open_site_page()


def supporter_letter(page: Page, concern: str = NO_PREFERENCE, **fields: str) -> str:
    """The text of the letter a supporter at the fixed postcode is shown, written afresh."""
    find_mp(page, EXACT_POSTCODE)
    expect(page).to_have_url(re.compile(r"/your-letter$"))
    fill_letter_form(page, **{**SUPPORTER, **fields})
    page.get_by_role("radio", name=concern, exact=True).check()
    submit_letter(page)
    expect(page).to_have_url(re.compile(r"/your-letter/preview$"))
    return page.get_by_role("article").inner_text()


def open_letter_editor(page: Page, site: Site) -> None:
    """Staff home → content list → Edit the campaign's letter."""
    open_content(page, letter_row(site))


# --- 1. the ask -----------------------------------------------------------------------------------

NEW_ASKS = (
    "Please will you write to the Home Secretary and ask for these returns to be halted?",
    "I ask you to write to the Home Secretary and ask for these returns to be halted.",
)
NEW_ASK_WORDS = "write to the Home Secretary and ask for these returns to be halted"


def reword_the_ask(page: Page) -> list[str]:
    """Give every wording of the ask a new text; returns the old ones."""
    boxes = wordings(page, "The ask")
    assert 1 <= len(boxes) <= len(NEW_ASKS), "the ask has more wordings than this test words"
    old_asks = [box.input_value() for box in boxes]
    for box, new in zip(boxes, NEW_ASKS, strict=False):
        box.fill(new)
    return old_asks


def test_a_new_ask_in_every_wording_reaches_supporters(officer, supporter, site) -> None:
    """Changing every wording of the ask and publishing puts the new ask in supporters' letters."""
    open_letter_editor(officer, site)
    old_asks = reword_the_ask(officer)
    save_and_publish(officer, "A sharper ask: write to the Home Secretary")

    letter = supporter_letter(supporter)
    assert NEW_ASK_WORDS in letter
    assert not any(old in letter for old in old_asks)


# --- 2. a closing wording -------------------------------------------------------------------------

NEW_CLOSING = "With thanks, and in hope of your support."


def test_a_new_closing_wording_is_kept_and_shown(officer, site) -> None:
    """An added closing wording stays in the editor and, once published, is among every
    wording supporters may get."""
    open_letter_editor(officer, site)
    count = len(wordings(officer, "Closing"))
    officer.get_by_role("button", name="Add another wording to Closing").click()
    new_box = wording(officer, "Closing", count + 1)
    expect(new_box).to_be_focused()
    new_box.fill(NEW_CLOSING)
    number = save_and_publish(officer, "A fourth way to close")

    open_letter_editor(officer, site)
    expect(wording(officer, "Closing", count + 1)).to_have_value(NEW_CLOSING)
    officer.get_by_role("link", name=f"Every wording of version {number}").click()
    shown = officer.get_by_role("article", name=re.compile(rf"^Closing, wording {count + 1}\b"))
    expect(shown).to_contain_text(NEW_CLOSING)


# --- 3. a sentence for one group, with a citation -------------------------------------------------

GROUP = "Women and girls"
GROUP_FINDING = "women_girls_forced_to_flee"
GROUP_SENTENCE = "I also fear for women and girls forced to flee their homes for how they live."


def test_a_sentence_only_for_one_group_carries_its_source(officer, supporter, site) -> None:
    """A paragraph ticked "Only for: Women and girls", citing a finding from the list of facts,
    reaches supporters who chose that group, with its footnote, and nobody else."""
    finding = site.campaign.findings.findings[GROUP_FINDING]
    statement_start = " ".join(finding.statement.split()[:5])
    open_letter_editor(officer, site)
    officer.get_by_role(
        "button", name=f"Add a paragraph after this (The paragraph for {GROUP})"
    ).click()
    new_part = officer.get_by_role("group", name=re.compile(r"^The paragraph “paragraph \d+”$"))
    expect(new_part).to_have_count(1)
    # The officer copies the source's label, brackets and all, from the list of facts.
    facts = officer.get_by_role("region", name="Facts and details you can use")
    chip = facts.get_by_role("listitem").filter(has_text=f"[source: {statement_start}")
    label = chip.inner_text().strip()
    new_part.get_by_role("textbox").fill(f"{GROUP_SENTENCE}{label}")
    new_part.get_by_role("group", name=re.compile("^Only for")).get_by_role(
        "checkbox", name=GROUP, exact=True
    ).check()
    save_and_publish(officer, "A sentence for supporters who chose women and girls")

    chose_group = supporter_letter(supporter, concern=GROUP)
    assert GROUP_SENTENCE in chose_group
    letter = supporter.get_by_role("article")
    paragraph = letter.get_by_role("paragraph").filter(has_text=GROUP_SENTENCE)
    footnote = paragraph.get_by_role("link", name=re.compile(r"^Source \d+$"))
    expect(footnote).to_have_count(1)
    number = int(footnote.inner_text())
    sources = letter.get_by_role("list").last.get_by_role("listitem")
    for source in finding.sources:
        expect(sources.nth(number - 1)).to_contain_text(source.citation)

    assert GROUP_SENTENCE not in supporter_letter(supporter, concern=NO_PREFERENCE)


# --- 4. text broken as a lay person would break it ------------------------------------------------


def test_broken_text_never_reaches_a_letter_as_code(officer, supporter, site) -> None:
    """Brackets deleted or typed as if it were template code are refused beside the box, and
    nothing is saved; text that only looks odd is printed as plain words. No letter carries
    template syntax, and the supporter's own words are always in it."""
    reason = SUPPORTER["reason"]
    open_letter_editor(officer, site)
    opening, ask, closing = (
        wording(officer, "The opening", 1),
        wording(officer, "The ask", 1),
        wording(officer, "Closing", 1),
    )
    originals = [box.input_value() for box in (opening, ask, closing)]
    # A bracket of a fact's label deleted, and template code typed as a programmer might.
    opening.fill(originals[0].replace("]", "", 1))
    ask.fill(originals[1] + " { supporter.reason }}")
    closing.fill("{% if %}" + originals[2] + "{% endif %}")
    note_and_press(officer, "Trying things", "Save and publish…")

    expect(officer.get_by_role("alert")).to_contain_text("Some boxes need attention")
    expect(opening).to_have_accessible_description(re.compile(r"has no \] after it"))
    expect(ask).to_have_accessible_description(re.compile("Curly brackets"))
    expect(closing).to_have_accessible_description(re.compile("Curly brackets"))
    # Nothing saved: the officer is still on version 1, with their text kept to mend.
    still_version_1 = officer.get_by_text(re.compile(r"You are editing version 1 \(latest: 1;"))
    expect(still_version_1).to_be_visible()
    expect(ask).to_have_value(originals[1] + " { supporter.reason }}")
    letter = supporter_letter(supporter)
    assert not TEMPLATE_SYNTAX.search(letter)
    assert reason in letter

    # Square brackets typed twice, and leftovers of template code without braces, are words.
    opening.fill(originals[0])
    closing.fill(originals[2])
    odd_words = " Please reply [[in writing]] % endif %"
    for box in wordings(officer, "The ask"):
        box.fill(box.input_value().removesuffix(" { supporter.reason }}") + odd_words)
    save_and_publish(officer, "Asks for a written reply")
    letter = supporter_letter(supporter)
    assert "Please reply [in writing] % endif %" in letter
    assert not TEMPLATE_SYNTAX.search(letter)
    assert not re.search("[{}]", letter)
    assert reason in letter


# --- 5. undo --------------------------------------------------------------------------------------


def test_starting_again_from_an_earlier_version_undoes_a_change(officer, supporter, site) -> None:
    """After a published change, "Start again from version 1" and publishing it gives
    supporters the earlier letter again."""
    before = supporter_letter(supporter)
    open_letter_editor(officer, site)
    old_asks = reword_the_ask(officer)
    changed = save_and_publish(officer, "A sharper ask")
    assert NEW_ASK_WORDS in supporter_letter(supporter)

    officer.get_by_role("link", name="History", exact=True).click()
    officer.get_by_role("link", name=f"Version {changed - 1}", exact=True).click()
    officer.get_by_role("button", name=f"Start again from version {changed - 1}").click()
    expect(officer.get_by_role("status").filter(has_text="now has the text of")).to_be_visible()
    assert version_shown(officer) == changed + 1
    publish_this_version(officer)

    after = supporter_letter(supporter)
    assert NEW_ASK_WORDS not in after
    ask_before = [ask for ask in old_asks if ask in before]
    assert len(ask_before) == 1, "the supporter's first letter has one of the old asks"
    assert ask_before[0] in after


# --- 6. a finding reworded ------------------------------------------------------------------------

# The finding behind "the UK forcibly removed 44 Iraqis", corrected: its statement and figure.
FINDING = "uk_returns_baghdad"
FIGURE = "removed"
OLD_WORDS, NEW_WORDS = "forcibly removed 44 Iraqis", "forcibly removed 42 Iraqis"


def test_a_reworded_finding_reaches_the_letter(officer, supporter) -> None:
    """A finding's statement and figure corrected in the findings editor and published: the
    letter carries the corrected fact."""
    assert OLD_WORDS in supporter_letter(supporter)
    open_content(officer, FINDINGS_ROW)
    reword_finding(officer, FINDING, OLD_WORDS, NEW_WORDS, FIGURE, "42")
    save_and_publish(officer, "Corrected the number removed, from the report")

    letter = supporter_letter(supporter)
    assert NEW_WORDS in letter
    assert OLD_WORDS not in letter


# --- 7. previews for Wales and Northern Ireland ---------------------------------------------------


def first_seat_in(nation: str) -> str:
    """The first constituency of a nation in the bundled data."""
    with (DATA_DIR / "constituencies.csv").open(newline="", encoding="utf-8") as handle:
        return next(row["name"] for row in csv.DictReader(handle) if row["nation"] == nation)


@pytest.mark.parametrize("nation", ["Wales", "Northern Ireland"])
def test_the_preview_writes_to_a_welsh_or_northern_irish_mp(officer, site, nation) -> None:
    """Typing a Welsh or Northern Irish constituency in the preview box shows the letter to
    that seat's MP, as the directory names them."""
    seat = seat_named(first_seat_in(nation))
    open_letter_editor(officer, site)
    officer.get_by_role("textbox", name="Constituency, MP or postcode").fill(seat.constituency.name)
    officer.get_by_role("button", name="Show the preview").click()
    expect(officer.get_by_text(f"living in {seat.constituency.name}.")).to_be_visible()
    letter = officer.get_by_role("article")
    expect(letter).to_contain_text(seat.mp.name)
    expect(letter).to_contain_text(f"Dear {seat.mp.name}")


# --- 8. the lobby-day download --------------------------------------------------------------------


def test_letters_to_one_mp_download_by_name(officer, supporter) -> None:
    """Downloading by an MP's name gives a ZIP whose PDFs are letters to that MP."""
    seat = seat_for_postcode(EXACT_POSTCODE)
    name = "Grace Lobby-Day"
    find_mp(supporter, EXACT_POSTCODE)
    fill_letter_form(supporter, **{**SUPPORTER, "name": name})
    supporter.get_by_role("checkbox", name=re.compile("^Keep my letter")).check()
    submit_letter(supporter)
    expect(supporter.get_by_role("article")).to_contain_text(name)

    go_to(officer, "Download letters")
    officer.get_by_role("textbox", name=re.compile(r"\bMP\b")).fill(seat.mp.name)
    officer.get_by_role("radio", name="A ZIP file with one PDF per letter").check()
    officer.get_by_role("button", name="Make the download").click()
    ready = officer.get_by_role("link", name=re.compile("^Download the ZIP"))
    expect(ready).to_be_visible(timeout=20_000)  # the status page updates itself
    with officer.expect_download() as download:
        ready.click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as bundle:
        pdfs = [n for n in bundle.namelist() if n.lower().endswith(".pdf")]
        texts = [pdf_text(bundle.read(n)) for n in pdfs]
    assert any(name in text and seat.mp.name in text for text in texts), pdfs


# --- the editor itself: accessible, and pictured at phone and desktop widths ----------------------


def test_the_letter_editor_has_no_accessibility_violations(open_site_page, site) -> None:
    """axe finds nothing wrong in the letter editor at 375 and 1280 px, where each "Only for"
    box has its label beside it; full-page screenshots at both widths."""
    require_axe()
    page = open_site_page(bypass_csp=True)
    sign_in(page, EDITOR)
    open_letter_editor(page, site)
    save_screenshots(page, "staff-letter-editor")
    only_for = page.get_by_role("group", name=f"Only for (The paragraph for {GROUP})")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert_no_violations(page, f"the letter editor at {width}px")
        assert_fits_width(page, width, "the letter editor")
        for group in site.campaign.findings.groups:
            box = only_for.get_by_role("checkbox", name=group.label, exact=True)
            assert_beside(box, only_for.get_by_text(group.label, exact=True), width)


MARKED_STYLE = (
    "fontFamily",
    "fontSize",
    "lineHeight",
    "letterSpacing",
    "paddingTop",
    "paddingLeft",
    "borderTopWidth",
    "borderLeftWidth",
    "whiteSpace",
)


def test_a_misspelt_word_is_underlined_in_the_box_itself(officer, site) -> None:
    """After saving, an unknown word is underlined where it stands in its box: the marks sit
    behind the box with the box's own size and text metrics, and go once the box is typed in."""
    open_letter_editor(officer, site)
    box = wording(officer, "The ask", 1)
    box.fill("Please ask the Goverment to stop these returns to Iraq now.")
    note_and_press(officer, "Spelling", "Save")
    wait_for_checks(officer)
    box = wording(officer, "The ask", 1)
    layer = officer.locator(f"[data-marks-for='{box.get_attribute('id')}']")
    expect(layer.locator("mark")).to_have_text("Goverment")
    expect(officer.get_by_text("Check the spelling of: Goverment")).to_be_visible()
    for width in (375, 1280):
        officer.set_viewport_size({"width": width, "height": 800})
        styles = [
            element.evaluate(
                "(e, names) => names.map(n => getComputedStyle(e)[n])", list(MARKED_STYLE)
            )
            for element in (box, layer)
        ]
        assert styles[0] == styles[1], (width, styles)
        box_at, layer_at = box.bounding_box(), layer.bounding_box()
        assert box_at == layer_at, (width, box_at, layer_at)
        mark_at = layer.locator("mark").bounding_box()
        assert box_at["x"] < mark_at["x"] < box_at["x"] + box_at["width"], (width, mark_at)
        assert box_at["y"] < mark_at["y"] < box_at["y"] + box_at["height"], (width, mark_at)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        box.screenshot(path=SCREENSHOTS / f"staff-letter-editor-spelling-{width}.png")
    box.press_sequentially(" ")
    expect(layer).to_be_hidden()


def assert_beside(box: Locator, label: Locator, width: int) -> None:
    """The label starts on the box's row, to its right (a long one wraps beside the box)."""
    box_at, label_at = box.bounding_box(), label.bounding_box()
    assert box_at is not None
    assert label_at is not None
    assert label_at["x"] >= box_at["x"] + box_at["width"], (width, box_at, label_at)
    assert label_at["y"] < box_at["y"] + box_at["height"], (width, box_at, label_at)


# --- a second campaign, from start to close ---------------------------------------------------

WINTER = "Stop the winter flights"
WINTER_CLOSED = "The winter flights were cancelled on 2 February. Thank you for writing."


def winter_letter(page: Page) -> str:
    """A supporter's letter on the winter campaign's own address."""
    page.goto("/winter-flights/")
    page.get_by_label("Your postcode").fill(EXACT_POSTCODE)
    page.get_by_role("button", name="Find my MP").click()
    expect(page).to_have_url(re.compile(r"/winter-flights/your-letter$"))
    fill_letter_form(page, **SUPPORTER)
    page.get_by_role("radio", name=NO_PREFERENCE, exact=True).check()
    submit_letter(page)
    expect(page).to_have_url(re.compile(r"/winter-flights/your-letter/preview$"))
    return page.get_by_role("article").inner_text()


def test_a_second_campaign_from_start_to_close(officer, supporter, site) -> None:
    """Start a campaign as a copy, change its ask, open it: its supporters get its ask, the main
    campaign's do not; close it and its page says so, while the main one stays open."""
    go_to(officer, "Campaigns")
    officer.get_by_label("Title").fill(WINTER)
    officer.get_by_label("Web address").fill("winter-flights")
    officer.get_by_role("button", name="Start the campaign").click()
    expect(
        officer.get_by_role("heading", name="Draft: supporters cannot write yet")
    ).to_be_visible()
    expect(officer.get_by_text(f"Working on: {WINTER}")).to_be_visible()
    officer.goto("/winter-flights/")  # staff preview a draft's page; supporters cannot see it
    expect(officer.get_by_role("heading", level=1)).to_have_text(WINTER)
    expect(officer.get_by_label("Your postcode")).to_have_count(0)
    officer.goto("/staff/")

    open_letter_editor(officer, site)
    reword_the_ask(officer)
    save_and_publish(officer, "The winter campaign's own ask")
    go_to(officer, "Open or close")
    officer.get_by_role("button", name="Open the campaign now").click()
    expect(
        officer.get_by_role("heading", name="Open: supporters can write their letters")
    ).to_be_visible()
    go_to(officer, "Campaigns")
    save_screenshots(officer, "staff-campaigns-two")

    assert NEW_ASK_WORDS in winter_letter(supporter)
    assert NEW_ASK_WORDS not in supporter_letter(supporter)

    go_to(officer, "Open or close")
    officer.get_by_label("What the campaign page says once it has closed").first.fill(WINTER_CLOSED)
    officer.get_by_role("button", name="Close the campaign now").click()
    supporter.goto("/winter-flights/")
    expect(supporter.get_by_text(WINTER_CLOSED)).to_be_visible()
    supporter.goto("/")
    expect(supporter.get_by_label("Your postcode")).to_be_visible()
