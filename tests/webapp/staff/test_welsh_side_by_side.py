"""The letter editor shows a letter's other language beside each part: the Welsh wording beside
the English letter and the English beside the Welsh, read-only, labelled, with its `lang` and a
link to edit it; each language stays its own letter (its own versions)."""

from __future__ import annotations

from sqlalchemy import func, select
from webapp_helpers import page

from letters.campaign import load_campaign
from webapp.content import versions
from webapp.content.models import ContentVersion
from webapp.extensions import db

SLUG = "baghdad-returns"
ENGLISH = "template:default"
WELSH = "template:default.cy"
WELSH_SUBJECT = "Rhowch derfyn ar ddychwelyd pobl yn orfodol i rannau peryglus o Irac"
NEW_SUBJECT = "Rhowch derfyn ar ddychwelyd pobl yn orfodol i Irac"


def _panels(client, kind: str):
    soup = page(client.get(f"/staff/content/{kind}/edit"))
    return soup, soup.select("fieldset.letter-part .other-language")


def _counts(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(ContentVersion.kind, func.count())
            .where(ContentVersion.campaign == SLUG)
            .group_by(ContentVersion.kind)
        ).all()
        return dict(rows)


def test_the_english_letter_shows_its_welsh_beside_each_part(editor):
    """Every part but the supporter's own words has its Welsh wording beside it, marked cy."""
    soup, panels = _panels(editor, ENGLISH)
    parts = soup.select("fieldset.letter-part")
    assert len(panels) == len(parts) == 12
    subject = panels[0]
    assert subject.find("h2").get_text(" ", strip=True) == (
        "The subject in Welsh (Cymraeg) (read only)"
    )
    assert subject.find("p", attrs={"lang": "cy"}).get_text(strip=True) == WELSH_SUBJECT
    edit = subject.find("a")
    assert edit["href"].startswith(f"/staff/content/{WELSH}/edit")
    assert "Edit the Welsh (Cymraeg) wording" in edit.get_text(" ", strip=True)
    own_words = next(p for p in parts if p.find("input", attrs={"value": "own_words"}))
    assert own_words.select_one(".other-language").find(attrs={"lang": "cy"}) is None
    # The boxes being edited are the English, and say so; the parts fill the page's width.
    assert soup.find("textarea", id="part-0-wording-0")["lang"] == "en"
    assert soup.select_one("div.editor-stacked > .letter-parts") is not None


def test_the_welsh_wording_shows_the_english_beside_each_part(editor):
    """Editing the Welsh, the English of the same part is beside it, marked en."""
    soup, panels = _panels(editor, WELSH)
    assert soup.find("textarea", id="part-0-wording-0")["lang"] == "cy"
    assert soup.find("textarea", id="part-0-wording-0").get_text().strip() == WELSH_SUBJECT
    english = panels[0].find("p", attrs={"lang": "en"}).get_text(strip=True)
    assert english == "Please stop forced returns to dangerous parts of Iraq"
    assert panels[0].find("h2").get_text(" ", strip=True).endswith("in English (read only)")
    assert panels[0].find("a")["href"].startswith(f"/staff/content/{ENGLISH}/edit")
    link = soup.select_one("#other-language a")
    assert link["href"] == f"/staff/content/{ENGLISH}/edit"


def test_beside_is_the_newest_welsh_and_each_language_keeps_its_own_versions(app, editor):
    """A new Welsh version shows beside the English at once; it adds a Welsh row only."""
    with app.app_context():
        versions.ensure_seeded(load_campaign(SLUG))
        latest = versions.latest(SLUG, WELSH)
        body = latest.body.replace(WELSH_SUBJECT, NEW_SUBJECT)
        versions.save(SLUG, WELSH, body, based_on=latest.number, author=None, note="Byrrach")
    before = _counts(app)
    _soup, panels = _panels(editor, ENGLISH)
    assert panels[0].find("p", attrs={"lang": "cy"}).get_text(strip=True) == NEW_SUBJECT
    assert _counts(app) == before  # showing it saves nothing
    assert before[WELSH] == 2
    assert before[ENGLISH] == 1


def test_a_welsh_wording_kept_as_a_raw_template_shows_nothing_beside(app, editor):
    """With no parts to line up (a raw template), the English editor is as it was."""
    with app.app_context():
        versions.ensure_seeded(load_campaign(SLUG))
        latest = versions.latest(SLUG, WELSH)
        versions.save(SLUG, WELSH, "Annwyl {{ mp.name }},\n", based_on=latest.number,
                      author=None, note="")  # fmt: skip
    soup, panels = _panels(editor, ENGLISH)
    assert panels == []
    assert soup.select_one("div.editor-columns > .letter-parts") is not None
