"""The renderer registry: every OutputFormat has one renderer, all of one shape."""

from __future__ import annotations

import dataclasses

import pytest
from pdf_helpers import pdf_text

from letters.model import OutputFormat
from letters.render.email import mailto_link, render_eml
from letters.render.html import render_html
from letters.render.registry import RENDERERS, letter_filename, render
from letters.render.text import render_text


def test_every_output_format_has_a_renderer():
    """No OutputFormat is missing from the registry, and each is filed under its own format."""
    assert set(RENDERERS) == set(OutputFormat)
    assert all(renderer.format is output for output, renderer in RENDERERS.items())


@pytest.mark.parametrize(
    ("output", "mimetype", "name"),
    [
        (OutputFormat.PDF, "application/pdf", "letter-to-Diane_Abbott-MP.pdf"),
        (OutputFormat.TEXT, "text/plain; charset=utf-8", "letter-to-Diane_Abbott-MP.txt"),
        (OutputFormat.HTML, "text/html; charset=utf-8", "letter-to-Diane_Abbott-MP.html"),
        (OutputFormat.EML, "message/rfc822", "letter-to-Diane_Abbott-MP.eml"),
    ],
)
def test_a_rendered_letter_has_a_name_a_type_and_bytes(letter, output, mimetype, name):
    """Each format gives its MIME type, a file name naming the MP, and non-empty bytes."""
    letter = dataclasses.replace(letter, mp=dataclasses.replace(letter.mp, name="Diane Abbott"))
    rendered = render(letter, output)
    assert (rendered.filename, rendered.mimetype) == (name, mimetype)
    assert rendered.body
    assert rendered.warning is None


def test_the_registry_gives_what_each_renderer_gives(letter):
    """Looking a format up changes nothing: the bytes are the renderer's own."""
    assert render(letter, OutputFormat.TEXT).body == render_text(letter).encode("utf-8")
    assert render(letter, OutputFormat.HTML).body == render_html(letter).encode("utf-8")
    assert render(letter, OutputFormat.EML).body == render_eml(letter)
    assert render(letter, OutputFormat.MAILTO).body == f"{mailto_link(letter).url}\n".encode()
    assert letter.sender_name in pdf_text(render(letter, OutputFormat.PDF).body)


def test_a_mailto_link_too_long_for_mail_programs_warns_and_offers_eml(letter):
    """A letter past the mailto limit still gives the link, with a warning and the .eml way."""
    long_letter = dataclasses.replace(letter, subject="Forced returns " * 200)
    rendered = RENDERERS[OutputFormat.MAILTO].render(long_letter)
    assert rendered.body.startswith(b"mailto:")
    assert "too long for a mailto link" in rendered.warning
    assert rendered.instead is OutputFormat.EML


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zoë Ó Súilleabháin", "letter-to-Zoe_O_Suilleabhain-MP.pdf"),
        ("A/B ../C", "letter-to-A_B_.._C-MP.pdf"),
        ("فاطمة", "letter-to--MP.pdf"),
    ],
)
def test_file_names_are_safe_ascii(letter, name, expected):
    """The file name keeps only ASCII letters, digits and _.- of the MP's name."""
    letter = dataclasses.replace(letter, mp=dataclasses.replace(letter.mp, name=name))
    assert letter_filename(letter, "pdf") == expected


def test_a_vacant_seat_is_named_instead_of_its_mp(letter):
    """With no MP's name, the file is named for the constituency."""
    letter = dataclasses.replace(letter, mp=dataclasses.replace(letter.mp, name=""))
    assert letter.constituency.name == "Queen's Park and Maida Vale"
    assert letter_filename(letter, "txt") == "letter-to-Queens_Park_and_Maida_Vale-MP.txt"
