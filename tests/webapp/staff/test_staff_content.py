"""Editing letter templates and findings: checks with line numbers, publish, history, conflicts."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select
from staff_helpers import VIEWER_EMAIL, form_token, hand_written, sign_in
from webapp_helpers import page, visible_text, write_letter

from webapp.content import published
from webapp.content.models import ContentVersion
from webapp.extensions import db

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
CLOSING = "Thank you for standing up for people at risk in Iraq. I look forward to your reply."


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def file_text() -> str:
    return hand_written()


def with_closing(text: str, closing: str = CLOSING) -> str:
    """The template with its last line (the closing) replaced."""
    lines = text.rstrip("\n").split("\n")
    return "\n".join([*lines[:-1], closing]) + "\n"


def save(client, body: str, *, note: str = "A change", based_on: int = 1, action: str = "save"):
    """Send the editor form as a browser would."""
    data = {"body": body, "note": note, "based_on": str(based_on), "action": action}
    return client.post(EDIT_URL, data={**data, **form_token(client, EDIT_URL)})


def problems(response) -> list[tuple[str, str, str]]:
    """(line, message, line text) for each row of the problems table."""
    rows = page(response).select("table.problems-table tbody tr")
    return [tuple(" ".join(td.get_text(" ").split()) for td in row.find_all("td")) for row in rows]


def versions_in_db(app: Flask, kind: str = TEMPLATE) -> list[ContentVersion]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ContentVersion)
                .where(ContentVersion.kind == kind)
                .order_by(ContentVersion.number)
            )
        )


def published_source(app: Flask) -> str:
    with app.test_request_context():
        return published.published_template(published.current_campaign()).source


def test_the_files_are_version_one_and_published(editor, app):
    """The campaign's files appear as published version 1 of each template and the findings."""
    listing = page(editor.get("/staff/content"))
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in listing.select("tbody tr")
    }
    assert rows["Letter template “default”"][:2] == ["1", "1"]
    assert rows["Findings (cited facts)"][:2] == ["1", "1"]
    assert versions_in_db(app)[0].body == file_text()


def test_a_syntax_error_is_saved_as_a_draft_and_shown_with_its_line(editor, app):
    """A broken edit is kept (version 2) and the editor shows the error with its line number."""
    broken = file_text().replace("{% if opening == 1 %}", "{% if opening == %}")
    response = save(editor, broken, note="Try a new opening")
    assert response.status_code == 302
    shown = problems(editor.get(EDIT_URL))
    assert shown[0][0] == "5"
    assert shown[0][1].startswith("Error:")
    assert shown[0][2] == "{% if opening == %}"
    assert [v.number for v in versions_in_db(app)] == [1, 2]
    textarea = page(editor.get(EDIT_URL)).find("textarea", attrs={"name": "body"})
    assert "{% if opening == %}" in textarea.get_text()


def test_unknown_names_and_citations_are_reported_with_lines(editor):
    """Unknown names and citations of findings that do not exist are shown on their lines."""
    text = file_text().replace(
        "{{ constituency.name }} about forced", "{{ seat_name }} about forced", 1
    )
    text = text.replace('cite("uk_defies_un_guidelines")', 'cite("no_such_finding")')
    save(editor, text)
    shown = problems(editor.get(EDIT_URL))
    assert shown[0][0] == "6"
    assert shown[0][1].startswith("Error: Unknown name 'seat_name'")
    assert any(line == "14" and "no_such_finding" in message for line, message, _ in shown)


def test_a_broken_version_cannot_be_published(editor, app):
    """ "Publish" on a broken edit saves it but refuses to publish; supporters keep version 1."""
    broken = file_text().replace(
        "{{ constituency.name }} about forced", "{{ seat_name }} about forced"
    )
    response = save(editor, broken, action="publish")
    follow = editor.get(response.headers["Location"])
    assert "not published" in visible_text(follow)
    assert published_source(app) == file_text()
    publish_url = f"/staff/content/{TEMPLATE}/versions/2/publish"
    refused = editor.post(
        publish_url, data=form_token(editor, f"/staff/content/{TEMPLATE}/versions/2")
    )
    assert "was not published" in visible_text(editor.get(refused.headers["Location"]))
    assert published_source(app) == file_text()


def test_publishing_changes_what_supporters_get(editor, app, client):
    """After "Publish", a supporter's letter preview has the new wording."""
    assert CLOSING not in visible_text(client.get(write_letter(client).headers["Location"]))
    response = save(editor, with_closing(file_text()), note="Warmer closing", action="publish")
    assert "Supporters now get it" in visible_text(editor.get(response.headers["Location"]))
    supporter = app.test_client()
    letter = visible_text(supporter.get(write_letter(supporter).headers["Location"]))
    assert CLOSING in letter


def test_saving_needs_a_note_and_keeps_the_text(editor, app):
    """A save without a note is refused with a message, and the typed text is still there."""
    response = save(editor, with_closing(file_text()), note="")
    assert response.status_code == 400
    assert "Say in a few words what you changed." in visible_text(response)
    assert CLOSING in page(response).find("textarea", attrs={"name": "body"}).get_text()
    assert len(versions_in_db(app)) == 1


def test_saving_without_a_csrf_token_is_refused(editor, app):
    """A POST to the editor without the CSRF token changes nothing."""
    data = {"body": "x", "note": "n", "based_on": "1", "action": "save"}
    editor.get(EDIT_URL)
    assert editor.post(EDIT_URL, data=data).status_code == 400
    assert len(versions_in_db(app)) == 1


def test_history_diff_and_revert(editor, app):
    """History lists versions; the diff marks the changed words; revert adds a copy of the old."""
    save(editor, with_closing(file_text()), note="Warmer closing")
    history = page(editor.get(f"/staff/content/{TEMPLATE}/history"))
    notes = [row.find_all("td")[3].get_text(strip=True) for row in history.select("tbody tr")]
    assert notes[0] == "Warmer closing"
    assert history.select_one(".published-marker").find_parent("tr").td.get_text() == "Version 1"
    diff = page(editor.get(f"/staff/content/{TEMPLATE}/diff?a=1&b=2"))
    assert [d.get_text() for d in diff.select("ins")] == [
        " for standing up for people at risk in Iraq"
    ]
    assert diff.select("del")[0].get_text().startswith('{{ choose("closing"')
    revert_url = f"/staff/content/{TEMPLATE}/versions/1/revert"
    editor.post(revert_url, data=form_token(editor, f"/staff/content/{TEMPLATE}/versions/1"))
    third = versions_in_db(app)[2]
    assert (third.number, third.note, third.body) == (3, "Revert to version 1", file_text())


def test_two_editors_saving_at_once_get_a_merge_not_an_overwrite(editor, app, make_user):
    """The second of two editors starting from version 1 gets a conflict page with a merge."""
    make_user("second@example.org", "editor")
    other = app.test_client()
    sign_in(other, "second@example.org")
    original = file_text()
    save(editor, with_closing(original), note="Warmer closing")
    theirs_subject = original.replace("Subject: {{", "Subject: Please act: {{", 1)
    conflict = save(other, theirs_subject, note="Sharper subject", based_on=1)
    assert conflict.status_code == 409
    shown = page(conflict)
    merged = shown.find("textarea", attrs={"name": "body"}).get_text().lstrip("\n")
    assert "Subject: Please act:" in merged
    assert CLOSING in merged
    assert shown.find("input", attrs={"name": "based_on"})["value"] == "2"
    assert [v.number for v in versions_in_db(app)] == [1, 2]  # nothing overwritten
    data = {"body": merged, "note": "Sharper subject", "based_on": "2", "action": "save"}
    other.post(EDIT_URL, data={**data, **form_token(other, EDIT_URL)})
    final = versions_in_db(app)[-1]
    assert final.number == 3
    assert final.based_on == 2
    assert "Subject: Please act:" in final.body
    assert CLOSING in final.body


def test_clashing_edits_show_conflict_markers(editor, app, make_user):
    """When both editors change the same line, the merge marks it for a person to resolve."""
    make_user("second@example.org", "editor")
    other = app.test_client()
    sign_in(other, "second@example.org")
    save(editor, with_closing(file_text()), note="Mine")
    conflict = save(other, with_closing(file_text(), "Yours, hopefully."), note="Theirs")
    merged = page(conflict).find("textarea", attrs={"name": "body"}).get_text()
    assert "<<<<<<< latest version" in merged
    assert ">>>>>>> your edit" in merged
    assert CLOSING in merged
    assert "Yours, hopefully." in merged
    assert "changed by both of you" in visible_text(conflict)


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ supporter.__class__.__init__.__globals__ }}",
        "{{ config }}",
        "{{ lipsum.__globals__['os'] }}",
    ],
)
def test_sandbox_escapes_are_refused_with_a_clear_message(editor, app, escape):
    """Template code that reaches for Python internals is an error on its line, never published."""
    text = file_text().replace(
        "{% endif %}\n\n{% set uk", "{% endif %}\n" + escape + "\n{% set uk", 1
    )
    line = text.split("\n").index(escape) + 1
    response = save(editor, text, action="publish")
    assert "not published" in visible_text(editor.get(response.headers["Location"]))
    shown = problems(editor.get(EDIT_URL))
    assert any(
        row[0] == str(line) and ("not allowed" in row[1] or "Unknown name" in row[1])
        for row in shown
    ), shown
    assert published_source(app) == file_text()


def test_a_findings_edit_is_checked_against_every_template(admin, app):
    """Removing a finding the letter cites is an error naming the template; publishing refused."""
    findings_url = "/staff/content/findings/edit"
    raw = f"{findings_url}?advanced=1"  # the findings file itself, as an admin edits it
    text = page(admin.get(raw)).find("textarea").get_text().lstrip("\n")
    broken = text.replace('id = "uk_defies_un_guidelines"', 'id = "uk_defies_un_later"')
    data = {"body": broken, "note": "Rename", "based_on": "1", "action": "publish"}
    response = admin.post(findings_url, data={**data, **form_token(admin, raw)})
    shown = visible_text(admin.get(response.headers["Location"]))
    assert "not published" in shown
    assert "In the letter template “default”" in shown
    assert "uk_defies_un_guidelines" in shown


def test_a_findings_syntax_error_shows_its_line(admin):
    """A TOML mistake in the findings file (edited as text, by an admin) is shown on its line."""
    findings_url = "/staff/content/findings/edit"
    raw = f"{findings_url}?advanced=1"
    text = page(admin.get(raw)).find("textarea").get_text().lstrip("\n")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("figures =")) + 1
    lines[number - 1] = "figures = { removed = 44, flown_back = }"
    data = {"body": "\n".join(lines), "note": "Typo", "based_on": "1", "action": "save"}
    admin.post(findings_url, data={**data, **form_token(admin, raw)})
    shown = problems(admin.get(raw))
    assert shown[0][0] == str(number)
    assert shown[0][2] == "figures = { removed = 44, flown_back = }"


def test_preview_any_version_for_a_postcode_or_a_name(editor, viewer):
    """Preview shows the version's letter for a chosen constituency and sample supporter."""
    save(editor, with_closing(file_text()))
    url = f"/staff/content/{TEMPLATE}/versions/2/preview"
    by_name = page(viewer.get(url, query_string={"place": "cardiff south", "sample": 1}))
    letter = by_name.select_one("article.letter").get_text(" ")
    assert "Cardiff South and Penarth" in letter
    assert CLOSING in " ".join(letter.split())
    assert "Sam Patel" in letter
    by_postcode = page(viewer.get(url, query_string={"place": "M1 1AE"}))
    assert "Manchester Central" in by_postcode.select_one("article.letter").get_text(" ")


def test_preview_as_the_real_pdf(viewer):
    """The PDF preview is the print-ready letter, inline or as a download."""
    from webapp_helpers import pdf_text

    url = f"/staff/content/{TEMPLATE}/versions/1/preview.pdf"
    samples = page(viewer.get(f"/staff/content/{TEMPLATE}/versions/1/preview"))
    arabic = samples.find("label", string=lambda s: s and "Arabic" in s)
    sample = arabic.find_previous("input")["value"]
    response = viewer.get(url, query_string={"place": "SW1A 1AA", "sample": sample})
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    text = pdf_text(response.data)
    assert "Cities of London and Westminster" in text
    assert "House of Commons" in text
    download = viewer.get(url, query_string={"download": 1})
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_viewers_see_versions_without_edit_buttons(viewer, app):
    """A viewer can read a version but is offered no publish or revert button."""
    shown = page(viewer.get(f"/staff/content/{TEMPLATE}/versions/1"))
    assert shown.select_one("table.source-lines") is not None
    assert not shown.select("form[action$='/publish'], form[action$='/revert']")
    assert VIEWER_EMAIL in shown.get_text()


def test_findings_version_shows_each_date_and_how_it_was_worked_out(editor):
    """Staff see every finding's date with its note, e.g. "the recent elections" → March 2010."""
    soup = page(editor.get("/staff/content/findings/versions/1"))
    rows = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in soup.select("table.findings-dates tbody tr")
    }
    date, note = rows["head_teacher_shot"]
    assert date == "November 2009"
    assert "“the recent elections”" in note
    assert "March 2010" in note
    assert rows["christians_killed_mosul"][1].startswith("The release says only “in February”")


def test_preview_samples_live_in_the_constituency_and_cover_every_group(viewer, app):
    """Each sample's postcode is in the previewed seat; every at-risk group has a sample."""
    from letters.campaign import load_campaign as campaign

    url = f"/staff/content/{TEMPLATE}/versions/1/preview"
    shown = page(viewer.get(url, query_string={"place": "manchester central"}))
    labels = [label.get_text(" ", strip=True) for label in shown.select("label[for^=sample]")]
    for group in campaign().findings.groups:
        assert any(group.label in label for label in labels), group.id
    assert any("Arabic" in label for label in labels)
    assert any("100-character" in label for label in labels)
    for index in range(len(labels)):
        letter = page(
            viewer.get(url, query_string={"place": "manchester central", "sample": index})
        )
        address = letter.select_one("article.letter").get_text("\n")
        postcode = re.search(r"\bM\d{1,2}[A-Z]? \d[A-Z]{2}\b", address).group()
        with app.app_context():
            found = published.current_directory().lookup_postcode(postcode).constituency
        assert found is not None
        assert found.name == "Manchester Central"
