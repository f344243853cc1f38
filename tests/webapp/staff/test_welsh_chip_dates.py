"""The letter editor's chip menu gives dates as the wording's letters do: Welsh dates ("Hydref
2009") in the Welsh wording, English ones in the English; a chip inserted from the Welsh menu is
read back and saved as that finding's date."""

from __future__ import annotations

import json

from flask import Flask
from test_welsh_wording import form_fields
from webapp_helpers import page
from werkzeug.datastructures import MultiDict

from webapp.content import versions

SLUG = "baghdad-returns"
WELSH, ENGLISH = "template:default.cy", "template:default"
WELSH_DATE, ENGLISH_DATE = "Hydref 2009", "October 2009"  # uk_returns_baghdad's date


def chip_options(client, kind: str) -> list[str]:
    """Every choice of the first "Fact or detail to insert" menu."""
    soup = page(client.get(f"/staff/content/{kind}/edit"))
    menu = soup.find("select", attrs={"name": "part-0-wording-0-chip"})
    return [option["value"] for option in menu.find_all("option")]


def test_the_welsh_wordings_menu_gives_welsh_dates(editor):
    welsh = chip_options(editor, WELSH)
    assert any(option.startswith(f"[{WELSH_DATE} – date of") for option in welsh)
    assert any(f", {WELSH_DATE}]" in option for option in welsh)  # each figure's date too
    # (Findings are still named by their English statements, which may hold a date.)
    assert not [o for o in welsh if o.startswith(f"[{ENGLISH_DATE} –") or f", {ENGLISH_DATE}]" in o]


def test_the_english_wordings_menu_keeps_english_dates(editor):
    english = chip_options(editor, ENGLISH)
    assert any(option.startswith(f"[{ENGLISH_DATE} – date of") for option in english)
    assert any(f", {ENGLISH_DATE}]" in option for option in english)
    assert not [option for option in english if WELSH_DATE in option]


def test_a_welsh_date_chip_is_inserted_and_saved_as_the_date(app: Flask, editor):
    url = f"/staff/content/{WELSH}/edit"
    soup = page(editor.get(url))
    [label] = [o for o in chip_options(editor, WELSH) if o.startswith(f"[{WELSH_DATE} – date")]
    fields = [(k, label if k == "part-0-wording-0-chip" else v) for k, v in form_fields(soup, url)]
    inserted = editor.post(url, data=MultiDict([*fields, ("op", "insert-0-0")]))
    assert inserted.status_code == 200
    box = page(inserted).find("textarea", attrs={"name": "part-0-wording-0"}).get_text()
    assert box.rstrip().endswith(label)
    fields = [(k, v) for k, v in form_fields(page(inserted), url) if k != "note"]
    saved = editor.post(url, data=MultiDict([*fields, ("note", "Dyddiad"), ("action", "save")]))
    assert saved.status_code in (302, 303)
    with app.app_context():
        document = json.loads(versions.latest(SLUG, WELSH).body)
    first = json.dumps(document["parts"][0]["wordings"][0])
    assert '"date"' in first
    assert "uk_returns_baghdad" in first


def test_the_version_and_review_pages_date_a_welsh_wordings_chips_in_welsh(editor):
    """The pages that show a stored version read its chips as its editor does."""
    editor.get("/staff/content")  # seeds version 1 of each text
    for url in (f"/staff/content/{WELSH}/versions/1", f"/staff/content/{WELSH}/versions/1/review"):
        text = page(editor.get(url)).get_text(" ")
        assert f"[{WELSH_DATE} – date of" in text, url
        assert f"[{ENGLISH_DATE} – date of" not in text, url
    english = page(editor.get(f"/staff/content/{ENGLISH}/versions/1")).get_text(" ")
    assert f"[{ENGLISH_DATE} – date of" in english
