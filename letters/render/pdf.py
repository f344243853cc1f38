"""The printed letter: an A4 PDF in UK letter layout, one letter or thousands in one file.

Design, for speed and for flat memory:

- No platypus and no ReportLab canvas. `pdf_layout` breaks lines itself with cached word widths
  (and caches whole paragraphs, which are mostly the same in every letter of a campaign);
  `pdf_writer` writes the PDF objects directly. A letter takes about 0.4 ms in Helvetica and
  about 1 ms with embedded fonts (a platypus build: about 7 ms).
- Merged files stream: each page is written to the output as soon as it is drawn, and only
  byte offsets are kept, so 10,000 letters (20,000 pages) peak at about 60 MB of memory. A
  ReportLab canvas keeps every page until save(): 120 MB for 10,000 short pages, and growing.
- Fonts per letter: Helvetica (standard, not embedded) when Windows-1252 covers every character
  the letter prints (its furniture too: a Welsh letter's "Tŷ’r Cyffredin", a "ŵ" or "ŷ" in a
  Welsh name, are not in it), otherwise an embedded subset of Noto Sans, with Noto Sans Arabic
  and a Hebrew cut of DejaVu Sans as fallbacks (`pdf_fonts`, `pdf_embed`). Arabic is shaped and
  right-to-left lines are put in visual order (`bidi`).
- No character is ever silently lost: one no font can draw (emoji, CJK, ...) raises
  `UnrenderableText(field, characters)` naming the Letter field (`sender_name`, `sender_address`,
  `sender_email`, `recipient`, `salutation`, `subject`, `body`, `sign_off`, `signature_name`,
  `footnotes`). `check_printable` raises the same before anything is drawn.
- Nothing is markup here: text is written into PDF strings byte-escaped, so `<b>` or `&amp;` in
  a name prints as typed.
- The output is deterministic (no timestamps or random ids): the same letter gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from letters.bodyformat import format_date
from letters.errors import UnrenderableText
from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import Letter, Ref
from letters.render.pdf_fonts import (
    Scheme,
    is_winansi,
    normalise,
    unicode_scheme,
    unprintable,
    winansi_scheme,
)
from letters.render.pdf_layout import Page, layout_cover, layout_letter
from letters.render.pdf_writer import PdfWriter

__all__ = [
    "CoverPage",
    "check_printable",
    "count_pages",
    "layout_pages",
    "render_pdf",
    "write_merged_pdf",
]

PRODUCER = "Write to your MP (letters.render.pdf)"


@dataclass(frozen=True, slots=True)
class CoverPage:
    """The first page of a merged print file: a title and a few lines (campaign, date, count)."""

    title: str
    lines: tuple[str, ...] = ()


def _fields(letter: Letter) -> list[tuple[str, str]]:
    """Every piece of text a letter prints, by the Letter field it comes from (and the date and
    page numbers, in the letter's language)."""
    body = " ".join(
        inline.text
        for block in letter.blocks
        for item in block.items
        for inline in item
        if not isinstance(inline, Ref)
    )
    return [
        ("sender_name", letter.sender_name),
        ("sender_address", " ".join(letter.sender_address)),
        ("sender_email", letter.sender_email or ""),
        ("recipient", " ".join(letter.recipient)),
        ("salutation", letter.salutation),
        ("subject", letter.subject),
        ("body", body),
        ("sign_off", letter.sign_off),
        ("signature_name", letter.signature_name),
        ("footnotes", " ".join(note.text for note in letter.footnotes)),
        ("date", format_date(letter.date)),
        ("page numbers", _("Page %(number)s of %(total)s", number=1, total=2)),
    ]


def _scheme_for(fields: list[tuple[str, str]]) -> Scheme:
    """Helvetica when it can draw everything; else the embedded fonts, if they can."""
    if is_winansi(normalise("\n".join(text for _, text in fields))):
        return winansi_scheme()
    for field, text in fields:
        missing = unprintable(text)
        if missing:
            raise UnrenderableText(field, missing)
    return unicode_scheme()


def _letter_scheme(letter: Letter) -> Scheme:
    with for_language(letter.language):
        return _scheme_for(_fields(letter))


def check_printable(letter: Letter) -> None:
    """Raise UnrenderableText, naming the field and characters, if the PDF could not show them."""
    _letter_scheme(letter)


def _info(letter: Letter) -> dict[str, str]:
    recipient = letter.recipient[0] if letter.recipient else letter.mp.full_title
    with for_language(letter.language):
        about = _(
            "Letter to %(recipient)s about %(subject)s", recipient=recipient, subject=letter.subject
        )
    return {
        "Title": letter.subject,
        "Author": letter.sender_name,
        "Subject": about,
        "Producer": PRODUCER,
    }


def _layout(letter: Letter, scheme: Scheme) -> list[Page]:
    """The letter's pages, its date and page numbers in its language."""
    with for_language(letter.language):
        return layout_letter(letter, scheme)


def render_pdf(letter: Letter) -> bytes:
    """The letter as a PDF file (A4, page numbers only when it runs past one page)."""
    scheme = _letter_scheme(letter)
    buffer = BytesIO()
    writer = PdfWriter(buffer)
    for page in _layout(letter, scheme):
        writer.add_page(page, scheme)
    writer.close(_info(letter), language=str(letter.language))
    return buffer.getvalue()


def layout_pages(letter: Letter) -> list[Page]:
    """The letter's pages as positioned lines, nothing drawn (for counting and checking)."""
    return _layout(letter, _letter_scheme(letter))


def count_pages(letter: Letter) -> int:
    """How many pages the PDF of this letter has (layout only, nothing is drawn)."""
    return len(layout_pages(letter))


def write_merged_pdf(
    letters: Iterable[Letter], out: BinaryIO, *, cover: CoverPage | None = None
) -> int:
    """Write one print-ready PDF of many letters to `out`; return its page count.

    An optional cover page comes first; each letter starts on a new page and numbers its own
    pages ("Page 1 of 2"). Pages are streamed to `out` as they are made, so memory stays flat
    for any number of letters. A letter that cannot be printed raises UnrenderableText, with
    its position in the field name; check letters with `check_printable` beforehand.
    """
    writer = PdfWriter(out)
    if cover is not None:
        fields = [("cover", "\n".join((cover.title, *cover.lines)))]
        scheme = _scheme_for(fields)
        for page in layout_cover(cover.title, cover.lines, scheme):
            writer.add_page(page, scheme)
    count = 0
    for count, letter in enumerate(letters, start=1):
        try:
            scheme = _letter_scheme(letter)
        except UnrenderableText as error:
            raise UnrenderableText(f"{error.field} of letter {count}", error.characters) from None
        for page in _layout(letter, scheme):
            writer.add_page(page, scheme)
    title = cover.title if cover is not None else "Letters to MPs"
    return writer.close(
        {"Title": title, "Subject": f"{count} letters to MPs", "Producer": PRODUCER}
    )
