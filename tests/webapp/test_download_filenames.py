"""Download file names: the core's rule is werkzeug's secure_filename, so names never changed."""

from __future__ import annotations

import dataclasses

import pytest
from webapp_helpers import write_letter
from werkzeug.utils import secure_filename

from letters.campaign import load_campaign
from letters.directory import default_directory
from letters.model import Supporter
from letters.render.registry import letter_filename
from letters.service import letter_for_mp
from letters.templating import LetterTemplate

NAMES = [
    "Diane Abbott",
    "Zoë Ó Súilleabháin",
    "Seán Ó Fearghaíl",
    "A/B ../C",
    "..hidden",
    "  spaced\tout  ",
    "فاطمة الزهراء",
    "Nguyễn Thị Minh Khai",
    "O'Brien-Smith, Jr.",
    "C:\\Windows\\name",
    "ﬁnal ½ ™",
]


@pytest.fixture(scope="module")
def letter():
    campaign = load_campaign()
    directory = default_directory()
    code = directory.constituencies()[0].code
    return letter_for_mp(
        Supporter("Jo Adams", ("1 High St", "Town"), "SW1A 1AA"),
        directory.mp_for(code),
        directory.constituency(code),
        template=LetterTemplate.compile(campaign.templates["default"], name="default"),
        findings=campaign.findings,
        today=directory.as_of,
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_core_names_files_as_werkzeug_would(letter, name):
    """letter_filename gives what secure_filename gave for the same MP's name."""
    letter = dataclasses.replace(letter, mp=dataclasses.replace(letter.mp, name=name))
    stem = secure_filename(f"letter-to-{name}-MP") or "letter-to-your-MP"
    assert letter_filename(letter, "pdf") == f"{stem}.pdf"


def test_downloads_are_named_for_the_mp(client):
    """/letter.pdf and /letter.eml are saved as letter-to-<MP>-MP.<extension>."""
    write_letter(client, email="amira@example.org")
    directory = default_directory()
    mp = directory.mp_for(directory.lookup_postcode("SW1A 1AA").constituency.code)
    stem = secure_filename(f"letter-to-{mp.name}-MP")
    for extension in ("pdf", "eml"):
        disposition = client.get(f"/letter.{extension}").headers["Content-Disposition"]
        assert disposition == f'attachment; filename="{stem}.{extension}"'
