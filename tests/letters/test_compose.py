"""Composing (letters.service.letter_for_mp): one Letter with sender, MP, cited body, footnotes."""

from __future__ import annotations

import dataclasses
import re

import pytest

from letters.directory import vacant_mp
from letters.model import BlockKind, Ref
from letters.render.pdf import count_pages
from letters.render.text import inline_text
from letters.service import letter_for_mp

NATIONS = ("E14001435", "S14000067", "W07000102", "N05000018")


def plain(letter) -> str:
    """The body as text, references written [n]."""
    return "\n\n".join(inline_text(item) for block in letter.blocks for item in block.items)


def test_sender_and_recipient_blocks(letter, england):
    """The sender block has name, address lines and postcode; the recipient is the MP's."""
    mp, _ = england
    assert letter.sender_name == "Amira Haddad"
    assert letter.sender_address == ("12 Elgin Avenue", "London", "W9 3QP")
    assert letter.sender_email == "amira@example.org"
    assert letter.recipient == (mp.full_title, "House of Commons", "London", "SW1A 0AA")
    assert letter.recipient_email == mp.email
    assert letter.salutation == f"Dear {mp.salutation},"
    assert (letter.sign_off, letter.signature_name) == ("Yours sincerely,", "Amira Haddad")
    assert letter.date.isoformat() == "2026-11-28"


def test_letter_says_they_are_a_constituent(letter, england):
    """The first paragraph names the supporter's constituency and says they are a constituent."""
    _, constituency = england
    first = inline_text(letter.blocks[0].items[0])
    assert constituency.name in first
    assert "constituent" in first or "I live in" in first


def test_uk_part_is_stated_with_absolute_dates_and_cited(letter):
    """October 2009: 44 removed to Baghdad, 34 flown back, UN guidelines; with a citation."""
    text = plain(letter)
    assert "In October 2009 the UK forcibly removed 44 Iraqis to Baghdad;" in text
    assert "34 were flown back" in text
    assert "In April 2010 Amnesty International found the UK defying UN guidelines" in text
    uk = next(item for b in letter.blocks for item in b.items if "44 Iraqis" in inline_text(item))
    assert any(isinstance(part, Ref) for part in uk)


def test_no_relative_dates_reach_the_letter(write_letter, supporter, findings):
    """No letter speaks of "last month", "in October" without a year, or "seven years after"."""
    for concern in (None, *findings.group_ids):
        text = plain(write_letter(dataclasses.replace(supporter, concern=concern)))
        assert "last month" not in text
        assert "seven years after" not in text
        for month in re.findall(
            r"in (January|February|March|April|October|November)\b(?! \d{4})", text
        ):
            pytest.fail(f"month without a year: {month}")


def test_footnotes_carry_sources_in_citation_order(letter):
    """Footnotes are numbered 1..n in order of first reference and name their sources."""
    refs = [p.number for b in letter.blocks for item in b.items for p in item if isinstance(p, Ref)]
    first_seen = list(dict.fromkeys(refs))
    assert first_seen == list(range(1, len(letter.footnotes) + 1))
    assert letter.footnotes[0].text == (
        "Amnesty International, Iraq: Civilians under fire, April 2010; "
        "Amnesty International UK press release, April 2010."
    )
    assert all("Amnesty International" in note.text for note in letter.footnotes)


@pytest.mark.parametrize(
    ("concern", "words"),
    [
        ("minorities", "at least eight Christians were killed in Mosul in February 2010"),
        ("women_and_girls", "Amnesty reported that dozens of women had been murdered in Basra"),
        ("men_perceived_gay", "men and boys killed in Baghdad from January to March 2009"),
        ("journalists_activists", "journalists and political activists: in November 2009 a"),
        ("women_defenders", "women human rights defenders, who told Amnesty they had been"),
        (None, "failing to protect those at risk"),
    ],
)
def test_paragraph_changes_with_the_chosen_group(write_letter, supporter, concern, words):
    """Each at-risk choice brings its own cited paragraph."""
    letter = write_letter(dataclasses.replace(supporter, concern=concern))
    assert words in plain(letter)


def test_reason_appears_in_the_supporters_own_words(letter):
    """The supporter's reason is in the letter, as its own paragraph."""
    assert "My cousin was sent back to Baghdad." in plain(letter)


def test_without_a_reason_there_is_no_reason_paragraph(write_letter, supporter):
    """No reason: no lead-in sentence about why it matters."""
    text = plain(write_letter(dataclasses.replace(supporter, reason=None)))
    assert "matters to me" not in text


def test_the_ask_is_one_clear_sentence(letter):
    """The ask: press the Home Office, follow UN guidelines, reply to the constituent."""
    ask = next(
        inline_text(b.items[0]) for b in letter.blocks if "press the Home Office" in plain_of(b)
    )
    assert "stop these returns and follow the UN guidelines" in ask
    assert "repl" in ask
    assert not any(b.kind is BlockKind.BULLETS for b in letter.blocks)


def plain_of(block) -> str:
    return " ".join(inline_text(item) for item in block.items)


def test_findings_of_2010_are_told_in_the_past_as_amnestys(write_letter, supporter, findings):
    """Every group's letter says when and who found it, never as a present-tense fact."""
    for concern in (None, *findings.group_ids):
        text = plain(write_letter(dataclasses.replace(supporter, concern=concern)))
        assert "In April 2010 Amnesty International found" in text
        for present in (" are failing", " is among", " have been ", " are very high-risk"):
            assert present not in text


def test_mp_without_email_still_gets_a_letter(write_letter, supporter):
    """West Tyrone's MP publishes no email: the letter has no recipient email."""
    letter = write_letter(supporter, "N05000018")
    assert letter.recipient_email is None
    assert letter.constituency.name == "West Tyrone"


def test_vacant_seat_is_addressed_to_the_member_for_the_seat(
    supporter, seat_for, template, findings, today
):
    """A vacant seat gets a letter to "The Member of Parliament for …"."""
    mp, constituency = seat_for("E14001435")
    vacant = vacant_mp(constituency.code, mp.as_of)
    letter = letter_for_mp(
        supporter, vacant, constituency, template=template, findings=findings, today=today
    )
    assert letter.recipient[0] == "The Member of Parliament for Queen's Park and Maida Vale"
    assert letter.salutation == "Dear Member of Parliament,"


def test_phrasing_varies_between_supporters(write_letter, supporter):
    """Different supporters get differently worded letters (openings and closings vary)."""
    openings, closings = set(), set()
    for i in range(20):
        letter = write_letter(dataclasses.replace(supporter, name=f"Supporter {i}"))
        openings.add(inline_text(letter.blocks[0].items[0]))
        closings.add(inline_text(letter.blocks[-1].items[0]))
    assert len(openings) >= 2
    assert len(closings) >= 2


def test_same_supporter_gets_the_same_letter(write_letter, supporter):
    """Composing twice for the same supporter gives an identical letter."""
    assert write_letter(supporter) == write_letter(supporter)


def test_letters_in_every_nation(write_letter, supporter):
    """A letter composes for a seat in each of England, Scotland, Wales and Northern Ireland."""
    for code in NATIONS:
        letter = write_letter(supporter, code)
        assert letter.constituency.code == code
        assert letter.salutation == f"Dear {letter.mp.salutation},"
        assert letter.constituency.name in inline_text(letter.blocks[0].items[0])


@pytest.mark.parametrize("concern", [None, "minorities", "men_perceived_gay", "women_defenders"])
def test_default_letter_with_a_short_reason_fits_one_page(write_letter, supporter, concern):
    """A letter with a one-line reason prints on one page (PDF read back by page count)."""
    letter = write_letter(dataclasses.replace(supporter, concern=concern), "S14000067")
    assert count_pages(letter) == 1


def test_the_english_address_block_is_the_house_of_commons_address(letter):
    """Written line by line for translation, the English address is HOUSE_OF_COMMONS_ADDRESS."""
    from letters.model import HOUSE_OF_COMMONS_ADDRESS

    assert letter.recipient == letter.mp.postal_address
    assert letter.recipient[1:] == HOUSE_OF_COMMONS_ADDRESS
