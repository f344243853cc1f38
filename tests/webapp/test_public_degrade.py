"""A database that cannot take writes (read-only, full) costs a count, never a letter.

`read_only_app` (conftest.py) is the app on the test database opened read-only.
"""

from __future__ import annotations

import logging

from webapp_helpers import field_error, pdf_text, write_letter

from webapp import database


def test_a_supporter_who_keeps_nothing_still_gets_their_letter(read_only_app, caplog):
    """With the database refusing writes, the PDF and email draft still come; the count is
    skipped and logged."""
    client = read_only_app.test_client()
    caplog.set_level(logging.WARNING, logger="webapp.database")
    assert write_letter(client).status_code == 303
    pdf = client.get("/letter.pdf")
    assert pdf.status_code == 200
    assert "Amira O'Brien-Núñez" in pdf_text(pdf.data)
    send = client.get("/letter/send/mailto")
    assert send.status_code == 303
    assert send.headers["Location"].startswith("mailto:")
    assert "A letter count was not recorded" in caplog.text
    with read_only_app.app_context():
        assert database.write_problem() is not None


def test_a_letter_to_keep_that_cannot_be_stored_says_so_and_keeps_the_form(read_only_app):
    """Asking us to keep a copy while the database refuses writes: a message, the form as typed."""
    client = read_only_app.test_client()
    response = write_letter(client, keep_copy="y")
    assert response.status_code == 400
    assert "We cannot save your choice about keeping a copy" in field_error(response, "keep_copy")
    assert "Amira O&#39;Brien-Núñez" in response.get_data(as_text=True)


def test_health_reports_a_database_that_refuses_writes(read_only_app):
    """/healthz stays 200 (letters are still made) but says "degraded", naming the database."""
    response = read_only_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "degraded"
    assert any("database is read-only" in reason for reason in response.json["reasons"])
