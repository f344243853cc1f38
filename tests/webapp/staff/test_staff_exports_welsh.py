"""Staff downloads compose a kept letter with no frozen copy in the language it was written in:
a Welsh letter with the Welsh wording (read back from the PDF), an English one as before."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from babel.dates import format_date
from test_staff_exports import fetch, request_export
from webapp_helpers import pdf_text

WESTMINSTER = "E14001172"


def exported_letters(editor) -> dict[str, str]:
    """Each letter of a ZIP download: its file name → its PDF's text."""
    export_id, status = request_export(editor, kind="zip")
    assert "Ready: 2 letters." in status.get_text(), status.get_text()
    archive = zipfile.ZipFile(
        io.BytesIO(fetch(editor, f"/staff/exports/{export_id}/download").data)
    )
    return {name: pdf_text(archive.read(name)) for name in archive.namelist()}


def test_a_welsh_letter_composed_afresh_is_welsh(editor, add_submission):
    """A kept Welsh letter from before letters were frozen: Welsh salutation, closing and date."""
    add_submission(
        "Llŷr Gwŷn",
        WESTMINSTER,
        language="cy",
        address_lines=["3 Ffordd Glyndŵr", "Bangor"],
        postcode="LL57 2DG",
    )
    add_submission("Ann Example", WESTMINSTER)
    welsh, english = exported_letters(editor).values()
    assert "Llŷr Gwŷn" in welsh
    assert "Annwyl" in welsh
    assert "Yn gywir," in welsh
    assert "Yours sincerely" not in welsh
    assert "Glyndŵr" in welsh
    assert format_date(dt.date.today(), "d MMMM y", locale="cy") in welsh  # "7 Rhagfyr 2026"
    assert "Ann Example" in english
    assert "Yours sincerely," in english
    assert "Yn gywir" not in english


def test_the_merged_pdf_has_each_letter_in_its_language(editor, add_submission):
    """One merged file: the Welsh letter in Welsh beside the English one in English."""
    add_submission("Llŷr Gwŷn", WESTMINSTER, language="cy")
    add_submission("Ann Example", WESTMINSTER)
    export_id, status = request_export(editor)
    assert "Ready: 2 letters." in status.get_text()
    text = pdf_text(fetch(editor, f"/staff/exports/{export_id}/download").data)
    assert text.count("Yn gywir,") == 1
    assert text.count("Yours sincerely,") == 1
