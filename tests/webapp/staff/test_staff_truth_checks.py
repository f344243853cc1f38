"""The examples that once published with "no problems" are now caught before publishing."""

from __future__ import annotations

import pytest
from flask import Flask
from staff_helpers import form_token, hand_written
from webapp_helpers import page, visible_text

from letters.campaign import load_campaign
from webapp.content import published

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
FINDINGS_EDIT_URL = "/staff/content/findings/edit"
UK_SENTENCE = "In {{ uk.date_text }} the UK forcibly removed {{ uk.figures.removed }} Iraqis"


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def file_text() -> str:
    return hand_written()


def save(client, url: str, body: str, action: str = "publish"):
    data = {"body": body, "note": "A change", "based_on": "1", "action": action}
    return client.post(url, data={**data, **form_token(client, url)})


def problem_rows(client, url: str) -> list[tuple[str, str]]:
    rows = page(client.get(url)).select("table.problems-table tbody tr")
    cells = [row.find_all("td") for row in rows]
    return [(c[0].get_text(strip=True), c[1].get_text(" ", strip=True)) for c in cells]


def published_template(app: Flask) -> str:
    with app.test_request_context():
        return published.published_template(published.current_campaign()).source


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (UK_SENTENCE, "In {{ uk.date_text }} the UK forcibly removed 54 Iraqis", "54"),
        ("I am writing as your constituent", "Last month I wrote as your constituent",
         "relative date"),
        ("<<<<<<<", "<<<<<<<", "merge conflict marker"),
    ],
    ids=["typed-figure", "relative-date", "merge-markers"],
)  # fmt: skip
def test_untruthful_wording_is_an_error_and_is_not_published(editor, app, old, new, says):
    """A typed figure, a relative date or merge markers block publishing, with the line shown."""
    text = file_text()
    if old == "<<<<<<<":
        lines = text.split("\n")
        changed = "\n".join(
            [*lines[:5], "<<<<<<< latest version", lines[5], "=======", lines[5], *lines[6:]]
        )
    else:
        assert old in text
        changed = text.replace(old, new, 1)
    response = save(editor, EDIT_URL, changed)
    assert "not published" in visible_text(editor.get(response.headers["Location"]))
    assert published_template(app) == text
    errors = [(line, m) for line, m in problem_rows(editor, EDIT_URL) if m.startswith("Error")]
    assert any(says in message and line for line, message in errors), errors


def test_misspelling_and_uncited_claims_are_warnings_on_their_lines(editor):
    """ "Goverment" and a claim with no source are shown as warnings with their lines."""
    text = file_text().replace(
        "about forced returns to Iraq.", "about the Goverment's forced returns to Iraq.", 1
    )
    text = text.replace("{% set group", "Dozens of people were killed in 2009.\n\n{% set group", 1)
    lines = text.split("\n")
    misspelt_line = str(next(i for i, row in enumerate(lines, 1) if "Goverment" in row))
    claim_line = str(lines.index("Dozens of people were killed in 2009.") + 1)
    save(editor, EDIT_URL, text, action="save")
    warnings = [(line, m) for line, m in problem_rows(editor, EDIT_URL) if m.startswith("Warning")]
    assert (misspelt_line, next(m for _, m in warnings if "Goverment" in m)) in warnings
    assert any(line == claim_line and "cites no finding" in m for line, m in warnings), warnings


def test_garbled_text_pasted_into_the_findings_is_an_error(admin, app):
    """The source's corruption ("rights's rightss rights's") in a statement blocks publishing."""
    findings = load_campaign().findings_source.replace("\r\n", "\n")
    target = "campaigning for women’s rights over marriage"
    assert target in findings
    garbled = findings.replace(target, "campaigning for Women's rights's rightss rights's", 1)
    raw = f"{FINDINGS_EDIT_URL}?advanced=1"  # the findings file, as an admin edits it
    response = save(admin, raw, garbled)
    assert "not published" in visible_text(admin.get(response.headers["Location"]))
    errors = [m for _, m in problem_rows(admin, raw) if m.startswith("Error")]
    assert any("repeated" in m for m in errors), errors


def test_misspelt_words_are_marked_inside_the_text(editor, app):
    """The version's text, line by line, and the problem list mark the misspelt word itself;
    the rest of the line is shown as typed (escaped), and correct words are not marked."""
    text = file_text().replace(
        "about forced returns to Iraq.",
        "about the Goverment's <b>forced</b> returns to Iraq.",
        1,
    )
    save(editor, EDIT_URL, text, action="save")
    with app.app_context():
        from webapp.content import versions

        number = versions.latest("baghdad-returns", TEMPLATE).number
    shown = page(editor.get(f"/staff/content/{TEMPLATE}/versions/{number}"))
    line = next(i for i, row in enumerate(text.split("\n"), 1) if "Goverment" in row)

    in_text = shown.select(f"#line-{line} mark.misspelt")
    assert [m.get_text(" ", strip=True) for m in in_text] == ["Goverment's (spelling?)"]
    assert "<b>forced</b>" in shown.select_one(f"#line-{line} code").get_text()
    assert shown.select_one(f"#line-{line} b") is None  # shown, never made into markup
    in_table = shown.select("table.problems-table mark.misspelt")
    assert [m.contents[0] for m in in_table] == ["Goverment's"]
    assert len(shown.select("table.source-lines mark.misspelt")) == 1
