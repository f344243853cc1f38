"""Welsh letters on the web: the form offers the letter's language (the page's by default), a
Welsh letter is Welsh throughout in the preview and the PDF, its count and kept copy say so, and
a campaign with no Welsh wording says so in Welsh and writes in English."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date
from sqlalchemy import select
from webapp_helpers import page, pdf_text, post_form, visible_text

from letters.campaign import CAMPAIGNS_DIR
from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

BANGOR = "LL57 2DG"
WELSH_SUPPORTER = {
    "name": "Llŷr Gwŷn",
    "address_line1": "3 Ffordd Glyndŵr",
    "address_line2": "",
    "town": "Bangor",
    "postcode": BANGOR,
    "email": "",
    "reason": "",
    "concern": "",
}


def write(client, under: str, **fields):
    post_form(client, f"{under}/find-your-mp", {"postcode": BANGOR})
    return post_form(client, f"{under}/your-letter", {**WELSH_SUPPORTER, **fields})


def chosen_language(response) -> str | None:
    checked = page(response).find("input", attrs={"name": "letter_language", "checked": True})
    return checked["value"] if checked else None


def test_the_form_offers_the_letters_language_the_pages_by_default(client):
    post_form(client, "/cy/find-your-mp", {"postcode": BANGOR})
    welsh_form = client.get("/cy/your-letter")
    offered = [
        i["value"] for i in page(welsh_form).find_all("input", attrs={"name": "letter_language"})
    ]
    assert offered == ["en", "cy"]
    assert chosen_language(welsh_form) == "cy"
    assert chosen_language(client.get("/your-letter")) == "en"


def test_a_welsh_letter_is_welsh_throughout_and_counted_as_welsh(app, client):
    sent = write(client, "/cy", letter_language="cy", keep_copy="y")
    assert sent.status_code == 303, visible_text(sent)
    preview = visible_text(client.get("/cy/your-letter/preview"))
    assert "Yn gywir," in preview
    assert "Yours sincerely" not in preview
    text = pdf_text(client.get("/cy/letter.pdf").data)
    assert "Annwyl" in text
    assert "Yn gywir," in text
    assert "Llŷr Gwŷn" in text
    assert "Glyndŵr" in text
    assert format_date(dt.date.today(), "d MMMM y", locale="cy") in text  # "7 Rhagfyr 2026"
    assert " AS\n" in text  # the MP's post-nominal in Welsh
    with app.app_context():
        assert db.session.scalars(select(LetterCount.language)).all() == ["cy"]
        assert db.session.scalars(select(Submission.language)).all() == ["cy"]


def test_an_english_letter_from_a_welsh_page_is_english(app, client):
    """The page's language is only the default: the supporter's choice decides."""
    assert write(client, "/cy", letter_language="en").status_code == 303
    text = pdf_text(client.get("/cy/letter.pdf").data)
    assert "Yours sincerely," in text
    assert "Yn gywir" not in text
    with app.app_context():
        assert db.session.scalars(select(LetterCount.language)).all() == ["en"]


@pytest.fixture
def english_only(tmp_path: Path) -> Path:
    """The shipped campaign without its Welsh wording."""
    root = tmp_path / "campaigns"
    shutil.copytree(CAMPAIGNS_DIR, root)
    for welsh in root.glob("*/**/*.cy.*"):
        welsh.unlink()
    return root


@pytest.fixture
def app_config(app_config, request):
    if "english_only" in request.fixturenames:
        return {**app_config, "CAMPAIGNS_DIR": str(request.getfixturevalue("english_only"))}
    return app_config


def test_a_campaign_with_no_welsh_wording_says_so_in_welsh_and_writes_in_english(
    english_only, client
):
    post_form(client, "/cy/find-your-mp", {"postcode": BANGOR})
    form = client.get("/cy/your-letter")
    assert page(form).find("input", attrs={"name": "letter_language"}) is None
    note = page(form).find(id="letter-language-note")
    assert note is not None
    assert "bydd eich llythyr yn Saesneg" in note.get_text()
    assert write(client, "/cy").status_code == 303
    assert "Yours sincerely," in pdf_text(client.get("/cy/letter.pdf").data)
