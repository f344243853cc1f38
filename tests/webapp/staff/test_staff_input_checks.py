"""Hostile staff input is checked before the database sees it: a message or a 404, never a 500."""

from __future__ import annotations

import io
import json

import pytest
from staff_helpers import EDITOR_EMAIL, form_token
from webapp_helpers import page, visible_text

from webapp.directory.models import MPOverride
from webapp.extensions import db
from webapp.input_checks import MAX_ID, UnstorableInput

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
SEAT_URL = "/staff/directory/seats/E14001172"
CONTROL_MESSAGE = "please remove the invisible control character (U+0000)"


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def field_errors(response) -> str:
    """The text of every error message shown next to a form field."""
    return " ".join(e.get_text(" ", strip=True) for e in page(response).select(".field-error"))


def test_a_nul_in_the_sign_in_email_is_a_message_not_a_crash(client):
    """`email=a%00b` on the sign-in form is refused on the form, before any query."""
    data = {"email": "a\x00b@example.org", "password": "x", **form_token(client, "/staff/login")}
    response = client.post("/staff/login", data=data)
    assert response.status_code == 200
    assert CONTROL_MESSAGE in visible_text(response)


@pytest.mark.parametrize(
    "changed",
    [
        {"note": "A change\x00"},
        {"body": "Dear {{ mp.salutation }},\x00\n"},
        {"note": "Line\x1bescape"},
    ],
    ids=["nul-note", "nul-body", "escape-note"],
)
def test_control_characters_in_the_template_editor_are_refused(editor, changed):
    """A NUL or escape character in a template's note or body is refused with a message."""
    data = {"body": "Dear MP\n", "note": "A change", "based_on": "1", **changed}
    response = editor.post(EDIT_URL, data={**data, **form_token(editor, EDIT_URL)})
    assert response.status_code == 400
    assert "invisible control character" in visible_text(response)


@pytest.mark.parametrize("field", ["name", "full_title", "salutation", "party", "note"])
def test_a_nul_in_an_mp_correction_is_refused(editor, app, field):
    """Every text field of the seat-correction form refuses a NUL; nothing is stored."""
    data = {"name": "Sam Example", "note": "By-election", field: "Sam\x00Example"}
    response = editor.post(f"{SEAT_URL}/override", data={**data, **form_token(editor, SEAT_URL)})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in visible_text(response)
    with app.app_context():
        assert db.session.query(MPOverride).count() == 0


def test_a_huge_members_api_id_is_refused(editor):
    """A Members API id past the INTEGER range is a message on the form."""
    data = {"name": "Sam Example", "note": "By-election", "member_id": str(MAX_ID + 1)}
    response = editor.post(f"{SEAT_URL}/override", data={**data, **form_token(editor, SEAT_URL)})
    assert response.status_code == 400
    assert "Enter the id from the Members API." in visible_text(response)


@pytest.mark.parametrize(
    "url",
    [
        f"/staff/exports/{MAX_ID + 1}",
        f"/staff/exports/{MAX_ID + 1}/download",
        f"/staff/content/{TEMPLATE}/versions/99999999999999999999",
        f"/staff/content/{TEMPLATE}/versions/99999999999999999999/preview",
        f"/staff/content/{TEMPLATE}/diff?a=99999999999999999999",
        f"/staff/content/{TEMPLATE}/diff?b={MAX_ID + 1}",
        f"/staff/content/{TEMPLATE}/diff?a=1%00",
        f"/staff/directory/import/{MAX_ID + 1}",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(editor, url):
    """Whole numbers over 2,147,483,647 in a URL are a 404, not a database error."""
    assert editor.get(url).status_code == 404


def test_a_huge_based_on_version_is_refused(editor):
    """A `based_on` past the INTEGER range is the form's own message, not a 500."""
    data = {"body": "Dear MP\n", "note": "A change", "based_on": "99999999999999999999"}
    response = editor.post(EDIT_URL, data={**data, **form_token(editor, EDIT_URL)})
    assert response.status_code == 400
    assert "missing the version it was based on" in visible_text(response)


def upload(client, payload: bytes, filename: str = "members.json"):
    """Send a file to the Members API import form."""
    url = "/staff/directory/import"
    data = {"file": (io.BytesIO(payload), filename), **form_token(client, url)}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_deeply_nested_upload_is_refused(editor):
    """JSON nested thousands deep is refused with a message, before the parser recurses."""
    response = upload(editor, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 400
    assert "nested more than 32 levels deep" in visible_text(response)


def test_an_oversized_upload_is_refused(editor):
    """An upload over the import's size limit gets the "too much" page."""
    # Sent as raw bytes: the test client spools a large multipart body to a file it never closes.
    body = b"--x\r\n" + b" " * (9 * 1024 * 1024)
    response = editor.post(
        "/staff/directory/import", data=body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
    assert "That was too much text" in visible_text(response)


def test_a_nul_in_the_uploaded_file_name_is_not_stored(editor):
    """A hostile file name is made safe before it is stored and shown."""
    payload = json.dumps({"items": [], "totalResults": 0}).encode()
    response = upload(editor, payload, filename="../\x00evil<script>.json")
    assert response.status_code == 302
    plan = editor.get(response.headers["Location"])
    assert plan.status_code == 200
    assert "<script>" not in plan.get_data(as_text=True)


def test_the_database_guard_refuses_what_no_column_can_hold(app):
    """A NUL in text or an integer past 64 bits never reaches the database driver."""
    from webapp.accounts.models import StaffUser

    with app.app_context():
        for bad in ({"email": "a\x00b"}, {"id": 2**63}):
            query = db.select(StaffUser).filter_by(**bad)
            with pytest.raises(UnstorableInput):
                db.session.execute(query)
            db.session.rollback()
        assert db.session.execute(db.select(StaffUser).filter_by(email=EDITOR_EMAIL)).all() == []
