"""The findings' Welsh words (findings.cy.toml) and the Welsh word list (words.cy.txt), edited in
the browser as their own kinds ("findings.cy", "words.cy") with versions, checks (every id a
finding's, the statements checked as Welsh with cy_GB and the Welsh word list, a missing
statement named) and publishing; what is published reaches /cy/ and the export."""

from __future__ import annotations

from sqlalchemy import select
from staff_helpers import campaigns_cli, form_token
from webapp_helpers import page, visible_text

from webapp.content import versions
from webapp.content.models import ContentVersion
from webapp.extensions import db

SLUG = "baghdad-returns"
FINDINGS_CY = "findings.cy"
WORDS_CY = "words.cy"
MOSUL = (
    "Lladdwyd o leiaf wyth o Gristnogion yn ninas Mosul ym mis Chwefror 2010 mewn ymosodiadau "
    "sectyddol, yn ôl pob golwg."
)


def _url(kind: str) -> str:
    return f"/staff/content/{kind}/edit"


def _text(client, kind: str) -> str:
    box = page(client.get(_url(kind))).find("textarea", attrs={"name": "body"})
    return box.get_text().replace("\r\n", "\n").removeprefix("\n")


def _save(client, kind: str, body: str, action: str = "save"):
    soup = page(client.get(_url(kind)))
    data = {
        "body": body,
        "based_on": soup.find("input", attrs={"name": "based_on"})["value"],
        "note": "Newid",
        "action": action,
        **form_token(client, _url(kind)),
    }
    return client.post(_url(kind), data=data)


def _problems(client, kind: str) -> list[str]:
    return [
        row.get_text(" ", strip=True) for row in page(client.get(_url(kind))).select("tr.problem")
    ]


def _published(app, kind: str) -> int | None:
    with app.app_context():
        return versions.published_number(SLUG, kind)


def _bodies(app, kind: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ContentVersion.body)
                .where(ContentVersion.campaign == SLUG, ContentVersion.kind == kind)
                .order_by(ContentVersion.number)
            )
        )


def test_both_welsh_files_are_listed_and_open_in_the_editor(editor):
    """The content list names them; each opens with the shipped file's text."""
    listed = visible_text(editor.get("/staff/content"))
    assert "Findings in Welsh (Cymraeg): each finding's words" in listed
    assert "Campaign word list in Welsh (for the Welsh spelling check)" in listed
    assert 'id = "christians_killed_mosul"' in _text(editor, FINDINGS_CY)
    assert "Irac" in _text(editor, WORDS_CY).split("\n")


def test_a_new_welsh_statement_is_published_and_reaches_cy(app, editor, client):
    """A changed statement is a version; once published the Welsh campaign page tells it."""
    text = _text(editor, FINDINGS_CY)
    old = "Lladdwyd mwy na 100 o sifiliaid yn Irac yn ystod wythnos gyntaf mis Ebrill 2010 yn unig"
    new = "Yn ystod wythnos gyntaf mis Ebrill 2010 yn unig, lladdwyd mwy na 100 o sifiliaid yn Irac"
    assert old in text
    response = _save(editor, FINDINGS_CY, text.replace(old, new), action="publish")
    assert response.status_code == 302
    assert _bodies(app, FINDINGS_CY)[-1].count(new) == 1
    assert _published(app, FINDINGS_CY) == 2
    assert new in visible_text(client.get("/cy/"))
    assert new not in visible_text(client.get("/"))


def test_an_unknown_finding_id_is_refused(app, editor):
    """Every id must be one of the English findings': an unknown one is an error, unpublished."""
    text = _text(editor, FINDINGS_CY).replace(
        'id = "christians_killed_mosul"', 'id = "christians_killed_nowhere"'
    )
    _save(editor, FINDINGS_CY, text, action="publish")
    problems = _problems(editor, FINDINGS_CY)
    assert any("has no finding with the id 'christians_killed_nowhere'" in p for p in problems)
    assert _published(app, FINDINGS_CY) == 1
    assert len(_bodies(app, FINDINGS_CY)) == 2  # kept as a draft, nothing lost


def test_a_missing_welsh_statement_is_named(editor):
    """A finding left out of the Welsh file is named: its Welsh letters give its English."""
    text = _text(editor, FINDINGS_CY)
    start = text.index('[[findings]]\nid = "christians_killed_mosul"')
    end = text.index("[[findings]]", start + 1)
    _save(editor, FINDINGS_CY, text[:start] + text[end:])
    problems = _problems(editor, FINDINGS_CY)
    assert any(
        "Finding “christians_killed_mosul” has no statement in Welsh (Cymraeg)" in p
        for p in problems
    )


def test_welsh_spelling_uses_the_welsh_word_list(app, editor):
    """A word cy_GB does not know is named; once on the published Welsh word list it is not."""
    text = _text(editor, FINDINGS_CY).replace(MOSUL, MOSUL.replace("Mosul", "Mosulwyr"))
    _save(editor, FINDINGS_CY, text)
    assert any("Mosulwyr" in p for p in _problems(editor, FINDINGS_CY))
    words = _text(editor, WORDS_CY) + "Mosulwyr\n"
    assert _save(editor, WORDS_CY, words, action="publish").status_code == 302
    assert _published(app, WORDS_CY) == 2
    assert not any("Mosulwyr" in p for p in _problems(editor, FINDINGS_CY))


def test_a_welsh_word_list_line_with_a_space_is_refused(app, editor):
    """One word a line: "dwy eiriau" is an error and is not published."""
    _save(editor, WORDS_CY, _text(editor, WORDS_CY) + "dwy eiriau\n", action="publish")
    assert any("Put one word on each line" in p for p in _problems(editor, WORDS_CY))
    assert _published(app, WORDS_CY) == 1


def test_the_export_writes_the_published_welsh_files(app, editor, tmp_path):
    """The published Welsh word list is words.cy.txt in the exported folder."""
    _save(editor, WORDS_CY, _text(editor, WORDS_CY) + "Mosulwyr\n", action="publish")
    folder = tmp_path / SLUG
    assert campaigns_cli(app, "export", SLUG, folder).exit_code == 0
    assert "Mosulwyr" in (folder / "words.cy.txt").read_text(encoding="utf-8").split("\n")
    assert 'id = "christians_killed_mosul"' in (folder / "findings.cy.toml").read_text("utf-8")
