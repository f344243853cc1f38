"""Many letters in one file: a ZIP of single PDFs, or one merged PDF to print.

The command line's `batch` and the staff area's background downloads both write their files
here. Both stream: each letter is rendered and written to `out` before the next one is asked
for, and the merged PDF writer sends each page out as soon as it is drawn, so memory stays flat
however many letters there are (a download of 10,000 never holds them all). Pass generators,
not lists, to keep it so.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from letters.errors import LettersError
from letters.model import Letter
from letters.render.pdf import CoverPage, check_printable, render_pdf, write_merged_pdf

__all__ = ["CoverPage", "is_printable", "slug", "write_merged", "write_zip", "zip_name"]

_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")


def zip_name(number: int, letter: Letter, *, digits: int = 4) -> str:
    """A letter's file name in a ZIP: number, constituency, supporter
    ("0001-Aberafan-Maesteg-Jane-Smith.pdf"); `digits` keeps a long run in order by name."""
    return f"{number:0{digits}d}-{slug(letter.constituency.name)}-{slug(letter.sender_name)}.pdf"


def slug(text: str) -> str:
    """`text` as a short, safe ASCII file-name part ("supporter" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _NOT_SLUG.sub("-", ascii_text).strip("-")[:40].strip("-")
    return cleaned or "supporter"


def is_printable(letter: Letter) -> bool:
    """Whether the PDF can show every character of the letter (see check_printable)."""
    try:
        check_printable(letter)
    except LettersError:
        return False
    return True


def write_zip(numbered: Iterable[tuple[int, Letter]], out: BinaryIO, *, digits: int = 4) -> int:
    """Write a ZIP of one PDF per (number, letter) to `out`, named by `zip_name`; returns how
    many. A letter the PDF cannot show raises UnrenderableText: check letters beforehand."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, letter in numbered:
            archive.writestr(zip_name(number, letter, digits=digits), render_pdf(letter))
            count += 1
    return count


def write_merged(
    letters: Iterable[Letter], out: BinaryIO, *, cover: CoverPage | None = None
) -> int:
    """Write one print-ready PDF of every letter to `out` (after `cover`, if given); returns its
    page count. A letter the PDF cannot show raises UnrenderableText: check letters beforehand."""
    return write_merged_pdf(letters, out, cover=cover)
