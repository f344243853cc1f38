"""The findings' Welsh words as a form (/staff/content/findings.cy/form): a box for each English
finding's Welsh statement with the English beside it, saved as a "findings.cy" version that the
app reads as ever and, once published, reaches /cy/; an error keeps what was typed."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select
from staff_helpers import form_token, publish_on_version_page
from webapp_helpers import page, visible_text
from werkzeug.datastructures import MultiDict

from letters.campaign import CAMPAIGNS_DIR
from letters.findings import parse_findings, with_welsh
from letters.findings_cy_toml import read_words, to_toml
from letters.findings_toml import comments_of
from webapp.content import versions
from webapp.content.models import ContentVersion
from webapp.extensions import db
from webapp.staff.findings_form import LONG_CHARS

SLUG = "baghdad-returns"
KIND = "findings.cy"
FORM_URL = "/staff/content/findings.cy/form"
TEXT_URL = "/staff/content/findings.cy/edit"
DEATHS = "finding-2-statement"  # civilian_deaths_april_2010
OLD = "Lladdwyd mwy na 100 o sifiliaid yn Irac yn ystod wythnos gyntaf mis Ebrill 2010 yn unig"
NEW = "Yn ystod wythnos gyntaf mis Ebrill 2010 yn unig, lladdwyd mwy na 100 o sifiliaid yn Irac"


def _fields(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """What a browser sends for the form, without its button."""
    form = soup.find("form", attrs={"action": FORM_URL})
    fields = []
    for element in form.find_all(["input", "textarea"]):
        name = element.get("name")
        if name and element.get("type") != "submit":
            text = element.get_text() if element.name == "textarea" else element.get("value", "")
            fields.append((name, text))
    return fields


def _send(client, **changed):
    fields = _fields(page(client.get(FORM_URL)))
    pairs = [(k, v) for k, v in fields if k not in changed] + list(changed.items())
    return client.post(FORM_URL, data=MultiDict([*pairs, ("action", "save")]))


def _bodies(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ContentVersion.body)
                .where(ContentVersion.campaign == SLUG, ContentVersion.kind == KIND)
                .order_by(ContentVersion.number)
            )
        )


def _english(app):
    with app.app_context():
        from webapp.content import published

        campaign = published.current_campaign()
        text = versions.published_body(campaign, versions.FINDINGS)
    return parse_findings(text, source_name="findings.toml")


def test_the_form_lists_every_english_finding_with_its_welsh_beside(app, editor):
    """One Welsh box per English finding, in order, the English beside it (read only)."""
    english = _english(app)
    shipped = read_words((CAMPAIGNS_DIR / SLUG / "findings.cy.toml").read_text(encoding="utf-8"))
    soup = page(editor.get(FORM_URL))
    boxes = soup.select("fieldset.finding")
    assert len(boxes) == len(english.findings)
    for i, (fid, finding) in enumerate(english.findings.items()):
        fieldset = soup.find("fieldset", id=f"finding-{i}")
        assert fid in fieldset.find("legend").get_text()
        box = fieldset.find("textarea", attrs={"name": f"finding-{i}-statement"})
        assert box["lang"] == "cy"
        label = soup.find("label", attrs={"for": box["id"]})
        assert label.get_text(strip=True) == f"Finding {i + 1}: statement in Welsh"
        assert box.get_text() == shipped.findings[fid][0]
        beside = fieldset.select_one(".editor-columns .other-language")
        assert beside.find("p", attrs={"lang": "en"}).get_text() == finding.statement
    labels = [b.get("value") for b in soup.select("input[name^=group-][name$=-label]")]
    assert labels == [shipped.groups[g.id] for g in english.groups]
    assert "[[findings]]" not in visible_text(editor.get(FORM_URL))


def test_the_content_list_and_text_editor_link_to_the_form(editor):
    listed = page(editor.get("/staff/content"))
    assert listed.find("a", string="Edit as a form")["href"] == FORM_URL
    assert listed.find("a", href=TEXT_URL).get_text() == "Edit as text (advanced)"
    assert page(editor.get(TEXT_URL)).find("a", string="Edit as a form")["href"] == FORM_URL
    assert (
        page(editor.get(FORM_URL)).find("a", string="Edit as text (advanced)")["href"] == TEXT_URL
    )


def test_a_changed_statement_is_a_new_version_that_round_trips_and_reaches_cy(app, editor, client):
    """The saved file keeps its header, reads with the app's loader, and once published the
    Welsh campaign page tells the new words."""
    soup = page(editor.get(FORM_URL))
    typed = soup.find("textarea", attrs={"name": DEATHS}).get_text()
    assert OLD in typed
    response = _send(editor, **{DEATHS: typed.replace(OLD, NEW), "note": "Trefn newydd"})
    assert response.status_code == 302, visible_text(response)
    bodies = _bodies(app)
    assert len(bodies) == 2
    saved = bodies[-1]
    assert saved.startswith("# Findings in Welsh, for the Welsh letters")
    findings = with_welsh(saved, _english(app), source_name="findings.cy.toml")
    assert NEW in findings.findings["civilian_deaths_april_2010"].statement_cy
    assert saved == bodies[0].replace(OLD, NEW)  # only that line changed
    assert to_toml(read_words(saved), comments_of(saved)) == saved
    version_url = f"/staff/content/{KIND}/versions/2"
    assert publish_on_version_page(editor, version_url).status_code == 302
    assert NEW in visible_text(client.get("/cy/"))


def test_an_error_keeps_what_was_typed_and_names_the_box(app, editor):
    """A statement without its Welsh date is refused beside the date box; nothing is saved and
    every box keeps its text."""
    typed = "Lladdwyd mwy na 100 o sifiliaid yn Irac ym mis Ebrill 2010, medd yr adroddiad."
    response = _send(editor, **{DEATHS: typed, "finding-2-date_text": "", "note": "Newid"})
    assert response.status_code == 400
    soup = page(response)
    assert soup.find("textarea", attrs={"name": DEATHS}).get_text() == typed
    date_box = soup.find("input", attrs={"name": "finding-2-date_text"})
    assert date_box["aria-invalid"] == "true"
    error = soup.find(id="finding-2-date_text-error").get_text(" ", strip=True)
    assert "Give the date as a Welsh letter writes it" in error
    summary = soup.select_one(".error-summary a[href='#finding-2-date_text']")
    assert summary is not None
    assert len(_bodies(app)) == 1


def test_a_check_problem_is_shown_beside_its_box(app, editor):
    """A figure the English finding does not give is named beside that statement."""
    typed = "Lladdwyd mwy na 700 o sifiliaid yn Irac yn ystod wythnos gyntaf mis Ebrill 2010."
    assert _send(editor, **{DEATHS: typed, "note": "Newid"}).status_code == 302
    soup = page(editor.get(FORM_URL))
    assert soup.find("textarea", attrs={"name": DEATHS}).get_text() == typed
    beside = soup.find(id=f"{DEATHS}-error") or soup.find(id=f"{DEATHS}-warning")
    assert beside is not None
    assert "700" in beside.get_text()


def test_a_statement_over_the_limit_gets_the_message(app, editor):
    typed = "Lladdwyd " * (LONG_CHARS // 8)
    response = _send(editor, **{DEATHS: typed, "note": "Hir"})
    assert response.status_code == 400
    soup = page(response)
    error = soup.find(id=f"{DEATHS}-error").get_text(" ", strip=True)
    assert "Keep this under 3,000 characters" in error
    assert soup.find("textarea", attrs={"name": DEATHS}).get_text() == typed
    assert len(_bodies(app)) == 1


def test_a_note_is_needed(app, editor):
    response = _send(editor, **{DEATHS: NEW, "note": ""})
    assert response.status_code == 400
    assert "Say in a few words what you changed." in visible_text(response)
    assert page(response).find("textarea", attrs={"name": DEATHS}).get_text() == NEW
    assert len(_bodies(app)) == 1


def test_a_stale_save_is_a_conflict_that_keeps_the_boxes(app, editor):
    fields = dict(_fields(page(editor.get(FORM_URL))))
    assert _send(editor, **{DEATHS: NEW, "note": "Cyntaf"}).status_code == 302
    fields.update({DEATHS: NEW + " Eto.", "note": "Ail", "action": "save"})
    response = editor.post(FORM_URL, data=fields)
    assert response.status_code == 409
    assert "Someone saved version 2" in visible_text(response)
    assert page(response).find("textarea", attrs={"name": DEATHS}).get_text() == NEW + " Eto."
    assert len(_bodies(app)) == 2


def test_viewers_get_403(viewer):
    assert viewer.get(FORM_URL).status_code == 403
    assert viewer.post(FORM_URL, data=form_token(viewer, "/staff/content")).status_code == 403


def test_a_post_without_its_token_saves_nothing(app, editor):
    fields = [(k, v) for k, v in _fields(page(editor.get(FORM_URL))) if k != "csrf_token"]
    pairs = [(k, v) for k, v in fields if k not in (DEATHS, "note")]
    response = editor.post(FORM_URL, data=MultiDict([*pairs, (DEATHS, NEW), ("note", "Newid")]))
    assert response.status_code == 400
    assert len(_bodies(app)) == 1
