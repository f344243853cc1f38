"""The slips a lay editor makes in a template never reach supporters (issue: one deleted brace
went live and cut every supporter's own words)."""

from __future__ import annotations

import pytest
from staff_helpers import form_token, hand_written
from webapp_helpers import GOOD_LETTER, page, visible_text, write_letter

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
OWN_WORDS = GOOD_LETTER["reason"]


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def file_text() -> str:
    return hand_written()


def publish_edit(client, body: str):
    data = {"body": body, "note": "A slip", "based_on": "1", "action": "publish"}
    response = client.post(EDIT_URL, data={**data, **form_token(client, EDIT_URL)})
    return client.get(response.headers["Location"])


SLIPS = {
    # The slip that went live: a plain-text "{ supporter.reason }}" in every letter.
    "one opening brace deleted": ("{{ supporter.reason }}", "{ supporter.reason }}"),
    "one closing brace deleted": ("{{ supporter.reason }}", "{{ supporter.reason }"),
    "both opening braces deleted": ("{{ supporter.reason }}", " supporter.reason }}"),
    "the own words removed": ("{{ supporter.reason }}", ""),
    "an if damaged": ('{% if choose("ask", 1, 2) == 1 %}', '{% if choose("ask", 1, 2) == 1 }'),
    "a choice's quote deleted": ('choose("closing", "Thank you.', 'choose("closing", Thank you.'),
}


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_a_slip_is_refused_and_supporters_keep_their_own_words(editor, app, client, slip):
    old, new = SLIPS[slip]
    text = file_text()
    assert old in text
    shown = visible_text(publish_edit(editor, text.replace(old, new, 1)))
    assert "was not published" in shown
    assert "Supporters now get it" not in shown
    letter = visible_text(client.get(write_letter(client).headers["Location"]))
    assert OWN_WORDS in letter
    assert "{" not in letter
    assert "}" not in letter


def test_the_deleted_brace_is_named_on_its_own_line(editor):
    """The problem quotes the damaged text and points at the line it is on, in plain words."""
    text = file_text()
    line = text.split("\n").index("{{ supporter.reason }}") + 1
    response = publish_edit(editor, text.replace("{{ supporter.reason }}", "{ supporter.reason }}"))
    assert "supporter's own words" in visible_text(response)
    rows = page(response).select("table.problems-table tbody tr")
    cells = [[" ".join(td.get_text(" ").split()) for td in row.find_all("td")] for row in rows]
    brace = [row for row in cells if "would contain “{ supporter.reason }}”" in row[1]]
    assert brace, cells
    assert brace[0][0] == str(line)
    assert brace[0][2] == "{ supporter.reason }}"
