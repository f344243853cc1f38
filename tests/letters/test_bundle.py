"""Bundles: a ZIP of single PDFs and one merged print PDF, written as the letters come."""

from __future__ import annotations

import dataclasses
import zipfile
from io import BytesIO

from pdf_helpers import pdf_pages, pdf_text
from pypdf import PdfReader

from letters.bundle import CoverPage, is_printable, slug, write_merged, write_zip, zip_name


def test_zip_names_number_the_letter_then_name_seat_and_supporter(letter):
    """Four digits for the command line, five for a download of every letter."""
    letter = dataclasses.replace(letter, sender_name="Zoë O'Brien")
    assert zip_name(7, letter) == "0007-Queen-s-Park-and-Maida-Vale-Zoe-O-Brien.pdf"
    assert zip_name(7, letter, digits=5).startswith("00007-Queen-s-Park")


def test_a_slug_is_never_empty():
    """A name with no ASCII letters left still gives a file-name part."""
    assert slug("فاطمة") == "supporter"
    assert slug("x" * 60) == "x" * 40


def test_zip_holds_one_readable_pdf_per_letter(letter):
    """Each entry is the letter's own PDF, under its number."""
    out = BytesIO()
    second = dataclasses.replace(letter, sender_name="Sam Patel", signature_name="Sam Patel")
    assert write_zip([(1, letter), (3, second)], out) == 2
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert [name[:5] for name in names] == ["0001-", "0003-"]
        assert "Sam Patel" in pdf_text(archive.read(names[1]))


def test_merged_pdf_has_the_cover_then_every_letter(letter):
    """The page count returned is the file's, with the cover first."""
    out = BytesIO()
    pages = write_merged([letter, letter], out, cover=CoverPage("Letters to MPs", ("2 letters",)))
    assert pages == len(PdfReader(BytesIO(out.getvalue())).pages)
    assert "Letters to MPs" in pdf_pages(out.getvalue())[0]


def _watched(letters, out: BytesIO, sizes: list[int]):
    """`letters`, noting how much of `out` was written each time the next one was asked for."""
    for item in letters:
        sizes.append(out.tell())
        yield item


def test_bundles_stream_each_letter_out_before_the_next_is_made(letter):
    """Neither bundle collects letters first: bytes reach `out` between one letter and the next."""
    out, sizes = BytesIO(), []
    write_zip(_watched(((n, letter) for n in range(1, 4)), out, sizes), out)
    assert sizes[0] < sizes[1] < sizes[2]
    out, sizes = BytesIO(), []
    write_merged(_watched(iter([letter] * 3), out, sizes), out)
    assert sizes[0] < sizes[1] < sizes[2]


def test_is_printable_says_whether_the_pdf_can_show_every_character(letter):
    """An emoji no font has makes a letter unprintable; ordinary text does not."""
    assert is_printable(letter)
    assert not is_printable(dataclasses.replace(letter, sender_name="Jo 😀"))
