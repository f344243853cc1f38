"""The letter as plain text: a laid-out letter with [1] footnote markers and a list of sources."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from letters.bodyformat import format_date
from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import Block, BlockKind, Inline, Letter, Text

__all__ = ["body_lines", "inline_text", "render_text", "sources_lines"]

TEXT_WIDTH = 72  # columns; a printed page or a mail client shows this without rewrapping


def render_text(letter: Letter, *, width: int | None = TEXT_WIDTH) -> str:
    """The whole letter: sender, date, recipient, salutation, subject, body, sign-off, sources.

    With `width=None` paragraphs are left as single lines (for places that wrap text themselves).
    The date and "Sources" are in the letter's language.
    """
    with for_language(letter.language):
        return _render_text(letter, width)


def _render_text(letter: Letter, width: int | None) -> str:
    sender = [letter.sender_name, *letter.sender_address]
    if letter.sender_email:
        sender.append(letter.sender_email)
    parts = [
        "\n".join(sender),
        format_date(letter.date),
        "\n".join(letter.recipient),
        letter.salutation,
        letter.subject,
        *body_lines(letter.blocks, width),
        f"{letter.sign_off}\n\n\n{letter.signature_name}",
        *sources_lines(letter, width),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def inline_text(items: Iterable[Inline], *, refs: bool = True) -> str:
    """A paragraph's or bullet's text, with references written as [1] (or left out)."""
    return "".join(
        item.text if isinstance(item, Text) else (f"[{item.number}]" if refs else "")
        for item in items
    )


def body_lines(blocks: Iterable[Block], width: int | None, *, refs: bool = True) -> list[str]:
    """One string per block: a (wrapped) paragraph, or a list of "- " bullets."""
    result = []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            result.append(_wrap(inline_text(block.items[0], refs=refs), width, ""))
        else:
            bullets = (_wrap(inline_text(item, refs=refs), width, "- ") for item in block.items)
            result.append("\n".join(bullets))
    return result


def sources_lines(letter: Letter, width: int | None = TEXT_WIDTH) -> list[str]:
    """The "Sources" heading and one entry per footnote, or nothing when nothing is cited."""
    if not letter.footnotes:
        return []
    notes = [_wrap(note.text, width, f"[{note.number}] ") for note in letter.footnotes]
    with for_language(letter.language):
        return [_("Sources") + "\n" + "\n".join(notes)]


def _wrap(text: str, width: int | None, bullet: str) -> str:
    if width is None:
        return bullet + text
    return textwrap.fill(
        text,
        width=width,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    )
