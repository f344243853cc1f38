"""MP directory corrections and Members API imports, as supporters then see them."""

from __future__ import annotations

import io
import json

from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import find_mp, page, visible_text, write_letter

from letters.campaign import load_campaign
from letters.directory import default_directory
from webapp.directory.models import MPOverride
from webapp.extensions import db

SEAT = "E14001172"  # the constituency of SW1A 1AA, the postcode write_letter uses
SEAT_URL = f"/staff/directory/seats/{SEAT}"


def correct(client, **fields):
    """Send the seat-correction form."""
    data = {"note": "By-election", **fields}
    return client.post(f"{SEAT_URL}/override", data={**data, **form_token(client, SEAT_URL)})


def supporter_letter(app) -> str:
    """The text of a new supporter's letter preview for SW1A 1AA."""
    supporter = app.test_client()
    return visible_text(supporter.get(write_letter(supporter).headers["Location"]))


def test_the_directory_shows_its_date_and_sources(viewer):
    """The directory page gives the data's as-of date and where it comes from."""
    shown = visible_text(viewer.get("/staff/directory"))
    assert default_directory().as_of.strftime("%d %B %Y") in shown
    assert "Open Parliament Licence" in shown
    assert "mySociety" in shown


def test_a_correction_changes_the_mp_supporters_write_to(editor, app):
    """After a by-election correction, a supporter's letter goes to the new MP."""
    response = correct(
        editor,
        name="Alex Example",
        full_title="Alex Example",
        party="Independent",
        salutation="Alex Example",
        email="alex.example@parliament.uk",
    )
    assert response.status_code == 302
    letter = supporter_letter(app)
    assert "Alex Example MP" in letter
    assert "Dear Alex Example," in letter
    seat = page(editor.get(SEAT_URL))
    assert "By-election" in seat.select("table.staff-table tbody tr")[0].get_text()


def test_a_vacant_seat_gets_no_letter_and_says_who_to_write_to(editor, app):
    """A seat marked vacant gets no letter on the web (as at the command line), with advice."""
    correct(editor, vacant="y", note="Resigned")
    supporter = app.test_client()
    find_mp(supporter)
    shown = supporter.get("/your-letter")
    text = visible_text(shown)
    assert "Cities of London and Westminster has no MP at the moment" in text
    assert load_campaign().vacant_seat_advice in text
    assert page(shown).find("form", action="/your-letter") is None


def test_going_back_to_the_data_keeps_the_history(editor, app):
    """Reverting to the data adds a `cleared` row; every earlier row stays."""
    data_mp = default_directory().mp_for(SEAT)
    correct(editor, name="Alex Example", note="By-election")
    editor.post(f"{SEAT_URL}/clear", data={"note": "Mistake", **form_token(editor, SEAT_URL)})
    assert data_mp.full_title in supporter_letter(app)
    with app.app_context():
        rows = db.session.scalars(select(MPOverride).order_by(MPOverride.id)).all()
        assert [(r.name, r.cleared) for r in rows] == [("Alex Example", False), ("", True)]


def test_a_correction_needs_a_name_or_vacant(editor, app):
    """An empty name without "vacant" is refused with a message, and nothing is stored."""
    response = correct(editor, name="")
    assert response.status_code == 400
    assert "Enter the MP's name" in visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(MPOverride)) is None


def members_payload() -> bytes:
    """A Members API search result naming a new member for one seat."""
    value = {
        "id": 990001,
        "nameDisplayAs": "Sam Example",
        "nameFullTitle": "Sam Example MP",
        "nameAddressAs": "Sam Example",
        "latestParty": {"name": "Independent"},
        "latestHouseMembership": {"membershipFrom": "Cities of London and Westminster", "house": 1},
    }
    return json.dumps({"items": [{"value": value}], "totalResults": 1}).encode()


def test_an_import_shows_its_changes_then_applies_them(editor, app):
    """Uploading Members API JSON lists the changes; "Apply" makes them the seats' MPs."""
    upload = editor.post(
        "/staff/directory/import",
        data={
            "file": (io.BytesIO(members_payload()), "members.json"),
            **form_token(editor, "/staff/directory/import"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    plan_url = upload.headers["Location"]
    plan = page(editor.get(plan_url))
    changes = [row.find_all("td")[1].get_text() for row in plan.select("tbody tr")]
    assert len(changes) == 1
    assert "new MP Sam Example (Independent)" in changes[0]
    assert "Sam Example" not in supporter_letter(app)  # nothing changes before "Apply"
    editor.post(f"{plan_url}/apply", data=form_token(editor, plan_url))
    assert "Sam Example MP" in supporter_letter(app)
    assert "applied, 1 seat changed" in visible_text(editor.get("/staff/directory"))


def test_a_file_that_is_not_json_is_refused(editor):
    """A non-JSON upload is refused with a message on the form."""
    response = editor.post(
        "/staff/directory/import",
        data={
            "file": (io.BytesIO(b"not json"), "members.json"),
            **form_token(editor, "/staff/directory/import"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "This file is not JSON" in visible_text(response)
