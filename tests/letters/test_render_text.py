"""The plain-text letter: layout, [n] markers and the list of sources."""

from __future__ import annotations

import dataclasses

from letters.model import Block, BlockKind, Text
from letters.render.text import render_text


def test_layout_in_letter_order(letter):
    """Sender, date, recipient, salutation, subject, body, sign-off, name, sources: in order."""
    text = render_text(letter)
    order = [
        "Amira Haddad\n12 Elgin Avenue\nLondon\nW9 3QP\namira@example.org",
        "28 November 2026",
        "\n".join(letter.recipient),
        letter.salutation,
        letter.subject,
        "Yours sincerely,",
        "Sources\n[1] ",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert text.rstrip().endswith("Amnesty International UK press release, April 2010.")


def test_lines_are_wrapped_to_72_columns(letter):
    """Body lines fit 72 columns; width=None leaves paragraphs on one line."""
    wrapped = render_text(letter)
    body = wrapped.split(letter.subject, 1)[1]
    assert max(len(line) for line in body.splitlines()) <= 72
    unwrapped = render_text(letter, width=None)
    assert any(len(line) > 72 for line in unwrapped.splitlines())


def test_references_are_bracketed_numbers(letter):
    """Citations appear as [1] after the cited sentence."""
    text = render_text(letter, width=None)
    assert "stand-off with Iraqi soldiers. In April 2010 Amnesty International found" in text
    assert "extremely dangerous parts of Iraq.[1]" in text


def test_bullets_have_hanging_indent(letter):
    """Bullets start "- " and their wrapped lines are indented under the text."""
    lines = render_text(with_bullets(letter)).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- press the Home Office"))
    assert lines[first + 1].startswith("  ")


def test_no_email_line_without_an_email(letter):
    """A supporter without email gets no empty line in the sender block."""
    text = render_text(dataclasses.replace(letter, sender_email=None))
    assert text.startswith("Amira Haddad\n12 Elgin Avenue\nLondon\nW9 3QP\n\n28 November 2026")


def test_no_sources_section_without_footnotes(letter):
    """A letter that cites nothing has no Sources heading."""
    assert "Sources" not in render_text(dataclasses.replace(letter, footnotes=()))


def with_bullets(letter):
    """The letter with a bulleted ask (templates may use bullets; the default letter does not)."""
    items = (
        (Text("press the Home Office to stop forced returns to dangerous parts of Iraq, " * 2),),
        (Text("urge it to follow the United Nations guidelines on returns to Iraq; and"),),
        (Text("reply to tell me what you will do."),),
    )
    return dataclasses.replace(letter, blocks=(*letter.blocks, Block(BlockKind.BULLETS, items)))
