"""The editor a campaign officer can use: a live preview beside the text, and snippets to insert."""

from __future__ import annotations

import pytest
from staff_helpers import form_token, hand_written
from webapp_helpers import page

from letters.campaign import load_campaign

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
SENTENCE = "I would welcome a meeting at your constituency surgery."


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def edited() -> str:
    text = hand_written()
    return text.replace("{% if supporter.reason %}", SENTENCE + "\n\n{% if supporter.reason %}", 1)


def test_the_editor_shows_a_preview_for_a_chosen_seat_and_sample(editor):
    """Beside the text: the letter for the chosen constituency and sample supporter."""
    shown = page(editor.get(EDIT_URL, query_string={"place": "Manchester Central", "sample": 1}))
    preview = shown.select_one(".editor-preview")
    assert "Manchester Central" in preview.select_one("article.letter").get_text(" ")
    assert preview.select_one("select[name=sample] option[selected]")["value"] == "1"
    assert shown.find("textarea", attrs={"name": "body"})


def test_show_the_preview_renders_the_typed_text_without_saving(editor, app):
    """ "Show the preview" needs no note and saves nothing; the preview has the new sentence."""
    data = {"body": edited(), "note": "", "based_on": "1", "action": "show", "place": "M1 1AE"}
    response = editor.post(EDIT_URL, data={**data, **form_token(editor, EDIT_URL)})
    assert response.status_code == 200
    shown = page(response)
    assert SENTENCE in " ".join(
        shown.select_one(".editor-preview article.letter").get_text().split()
    )
    assert SENTENCE in shown.find("textarea", attrs={"name": "body"}).get_text()
    assert "2" not in [
        a.get_text() for a in page(editor.get(f"/staff/content/{TEMPLATE}/history")).select("td a")
    ]


def test_the_live_preview_answers_with_the_letter_and_refuses_without_a_token(editor):
    """The script's preview request returns the letter fragment; without the token it is refused."""
    url = f"/staff/content/{TEMPLATE}/live-preview"
    data = {"body": edited(), "place": "Cardiff South", "sample": "0"}
    fragment = page(editor.post(url, data={**data, **form_token(editor, EDIT_URL)}))
    assert SENTENCE in " ".join(fragment.select_one("article.letter").get_text().split())
    assert editor.post(url, data=data).status_code == 400
    broken = {**data, "body": "Subject: Hi\n\n{{ supporter.name|list }}\n"}
    error = page(editor.post(url, data={**broken, **form_token(editor, EDIT_URL)}))
    assert "no filter called 'list'" in error.select_one(".notice-error").get_text()


def test_snippets_offer_every_citation_figure_and_a_variant(editor):
    """Snippets to insert: each finding's citation and figures, and a choose() variant."""
    shown = page(editor.get(EDIT_URL))
    options = {o["value"] for o in shown.select("#snippet option")}
    findings = load_campaign().findings
    for finding in findings.findings.values():
        assert f'{{{{ cite("{finding.id}") }}}}' in options
        for name in finding.figures:
            assert f"{{{{ findings.{finding.id}.figures.{name} }}}}" in options
    assert any(value.startswith("{{ choose(") for value in options)
    # Without JavaScript the same snippets are listed to copy.
    assert len(shown.select(".snippet-list dd code")) == len(options)
