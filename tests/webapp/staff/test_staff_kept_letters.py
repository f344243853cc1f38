"""Kept letters are frozen records: new wording or findings never change a letter already kept."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select
from staff_helpers import form_token
from test_staff_exports import fetch, request_export
from webapp_helpers import page, pdf_text, visible_text, write_letter

from letters.record import freeze
from webapp.exports.letters_source import ExportFilters, LetterSource
from webapp.extensions import db
from webapp.submissions.models import Submission

NEW_CLOSING = "Thank you for standing up for people at risk in Iraq. I look forward to your reply."
OLD_FIGURE, NEW_FIGURE = "44 Iraqis", "45 Iraqis"


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def publish(editor, kind: str, change) -> None:
    """Edit the published text of `kind` with `change` and publish it, as an editor would (the
    findings file as text, as an admin would in advanced mode)."""
    url = f"/staff/content/{kind}/edit" + ("?advanced=1" if kind == "findings" else "")
    shown = page(editor.get(url))
    body = shown.find("textarea").get_text().lstrip("\n")
    based_on = shown.find("input", attrs={"name": "based_on"})["value"]
    data = {"body": change(body), "note": "New wording", "based_on": based_on, "action": "publish"}
    response = editor.post(url, data={**data, **form_token(editor, url)})
    done = editor.get(response.headers["Location"], follow_redirects=True)
    assert "Supporters now get it" in visible_text(done)


def new_closing(text: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "\n".join([*lines[:-1], NEW_CLOSING]) + "\n"


def new_figure(text: str) -> str:
    changed = text.replace("removed 44 Iraqis", "removed 45 Iraqis").replace(
        "removed = 44", "removed = 45"
    )
    assert changed != text
    return changed


def kept_row(app) -> Submission:
    with app.app_context():
        return db.session.scalars(select(Submission)).one()


@pytest.mark.parametrize("staff_edited_before", [False, True], ids=["files", "staff-version"])
def test_publishing_never_rewrites_a_kept_letter(app, client, editor, admin, staff_edited_before):
    """A kept letter's export, re-download and private link keep the approved text and hash."""
    if staff_edited_before:
        publish(editor, "template:default", lambda text: text.replace("\r\n", "\n"))
    preview = client.get(write_letter(client, keep_copy="y").headers["Location"])
    approved = visible_text(preview)
    assert OLD_FIGURE in approved
    fingerprint = page(preview).find(string=lambda s: "SHA-256" in s)
    approved_pdf = pdf_text(client.get("/letter.pdf").data)

    publish(editor, "template:default", new_closing)
    publish(admin, "findings", new_figure)
    newcomer = app.test_client()
    fresh = visible_text(newcomer.get(write_letter(newcomer).headers["Location"]))
    assert NEW_FIGURE in fresh
    assert NEW_CLOSING in fresh

    job_id, _ = request_export(editor, kind="pdf")
    merged = pdf_text(fetch(editor, f"/staff/exports/{job_id}/download").data)
    job_id, _ = request_export(editor, kind="zip")
    archive = zipfile.ZipFile(io.BytesIO(fetch(editor, f"/staff/exports/{job_id}/download").data))
    [single] = [pdf_text(archive.read(name)) for name in archive.namelist()]
    again = pdf_text(client.get("/letter.pdf").data)
    row = kept_row(app)
    private_url = page(client.get("/thank-you")).select_one("a.private-url")["href"]
    private_pdf = pdf_text(
        client.get(private_url.removeprefix("https://write.example.org") + "/letter.pdf").data
    )

    for text in (merged, single, again, private_pdf):
        assert OLD_FIGURE in text
        assert NEW_FIGURE not in text
        assert NEW_CLOSING.split(".")[0] not in " ".join(text.split())
    assert single == again == private_pdf == approved_pdf
    assert row.content_hash in fingerprint


def test_export_hashes_match_what_each_supporter_previewed(app, client, editor):
    """Every letter an export reads back has the content hash its supporter's preview showed."""
    shown = {}
    for number, supporter in enumerate((client, app.test_client(), app.test_client())):
        name = f"Supporter {number} Example"
        preview = page(
            supporter.get(write_letter(supporter, keep_copy="y", name=name).headers["Location"])
        )
        shown[name] = preview.find(string=lambda s: "SHA-256" in s)
    with app.test_request_context():
        source = LetterSource.for_app(ExportFilters())
        exported = {letter.sender_name: freeze(letter).content_hash for letter in source.letters()}
    assert set(exported) == set(shown)
    for name, content_hash in exported.items():
        assert content_hash in shown[name]


def test_a_letter_kept_before_records_were_frozen_is_still_exported(app, editor, add_submission):
    """A row kept without a frozen letter (older data) is composed again, not dropped."""
    add_submission("Legacy Example")
    with app.test_request_context():
        letters = list(LetterSource.for_app(ExportFilters()).letters())
    assert [letter.sender_name for letter in letters] == ["Legacy Example"]
