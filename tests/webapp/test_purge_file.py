"""Purge means gone: after `flask purge`, no purged name or email can be read from the files."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from webapp import create_app
from webapp.accounts.models import AuditEvent
from webapp.extensions import db
from webapp.schema import upgrade
from webapp.submissions.models import Draft, Submission

PEOPLE = 400


def close_database(app) -> None:
    """Close the app's pooled connections (open SQLite handles would warn, failing the test)."""
    with app.app_context():
        db.engine.dispose()


def fill(app, people: int) -> tuple[list[str], list[str]]:
    """Kept letters and server-side drafts with unmistakable names and emails, some edited."""
    names = [f"Purgeable Zebedee{i:04d}" for i in range(people)]
    emails = [f"zebedee{i:04d}@purge.example" for i in range(people)]
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    with app.app_context():
        for start in range(0, people, 50):  # many small transactions, as the site writes them
            for i in range(start, start + 50):
                db.session.add(
                    Submission(
                        campaign="baghdad-returns",
                        letter_key=secrets.token_urlsafe(16),
                        constituency_code="E14001172",
                        name=names[i],
                        address_lines=[f"{i} Purge Street", "London"],
                        postcode="SW1A 1AA",
                        email=emails[i],
                        reason=f"Reason of {names[i]}",
                    )
                )
                if i % 4 == 0:
                    data = {"name": names[i], "email": emails[i]}
                    db.session.add(Draft(id=f"draft-{i}", data=data, expires_at=expires))
            db.session.commit()
        # An edit leaves the earlier version of the row behind in the log and free space.
        for row in db.session.scalars(db.select(Submission).limit(people // 2)):
            row.reason = "Changed my mind about the wording."
        db.session.commit()
    return names, emails


def test_purged_names_and_emails_are_gone_from_the_sqlite_files(app_config, tmp_path: Path):
    """The database file and its write-ahead log hold none of the purged names or emails."""
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'purge.sqlite3'}"})
    upgrade(app)
    names, emails = fill(app, PEOPLE)
    with app.app_context():
        before = b"".join(path.read_bytes() for path in tmp_path.glob("purge.sqlite3*"))
    assert names[0].encode() in before  # the check below can find a name when there is one

    # A running web worker keeps its connection open, so SQLite keeps the log file: without one
    # here, closing the last connection would tidy the log away and hide what a purge leaves.
    worker = sqlite3.connect(tmp_path / "purge.sqlite3")
    try:
        worker.execute("SELECT count(*) FROM submissions").fetchone()
        result = app.test_cli_runner().invoke(args=["purge", "--older-than", "0d"])
        assert result.exit_code == 0, result.output
        assert f"Deleted {PEOPLE} submission(s)" in result.output
        assert f"{PEOPLE // 4} unfinished draft(s)" in result.output
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(Submission.id))) == 0
        close_database(app)
        data = b"".join(path.read_bytes() for path in tmp_path.glob("purge.sqlite3*"))
    finally:
        worker.close()
    leaked = [text for text in names + emails if text.encode() in data]
    assert leaked == [], f"{len(leaked)} purged names or emails are still in the files"
    assert b"Purge Street" not in data


def test_purge_older_than_0d_removes_every_server_side_draft(app):
    """`--older-than 0d` deletes drafts still within their hours; the default purge keeps them."""
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)
    with app.app_context():
        db.session.add(Draft(id="fresh", data={"name": "Fresh Draft"}, expires_at=soon))
        db.session.commit()
    runner = app.test_cli_runner()
    assert "and 0 unfinished draft(s)" in runner.invoke(args=["purge"]).output
    assert "and 1 unfinished draft(s)" in runner.invoke(args=["purge", "--older-than", "0d"]).output
    with app.app_context():
        assert db.session.scalars(db.select(Draft.id)).all() == []


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only (set TEST_DATABASE_URL)"
)
def test_purged_names_and_emails_are_gone_from_the_postgres_table_files(app):
    """After a purge, PostgreSQL's table files hold none of the purged names or emails.

    A plain DELETE (and VACUUM) leaves the deleted rows' bytes in the table file until its space
    is reused; the purge writes each personal-data table afresh.
    """
    names, emails = fill(app, 200)
    tables = ("submissions", "drafts")

    def table_bytes() -> bytes:
        with app.app_context():
            db.session.execute(text("CHECKPOINT"))  # table pages reach their files
            data = b"".join(
                db.session.scalar(
                    text("SELECT pg_read_binary_file(pg_relation_filepath(:t))"), {"t": table}
                )
                for table in tables
            )
            db.session.commit()
            return data

    assert names[0].encode() in table_bytes()  # the check below finds a name when there is one
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "0d"])
    assert result.exit_code == 0, result.output
    assert "Rewrote 7 table(s) without the deleted rows" in result.output
    data = table_bytes()
    leaked = [value for value in names + emails if value.encode() in data]
    assert leaked == [], f"{len(leaked)} purged names or emails are still in the table files"


def test_audit_addresses_and_old_entries_are_purged_after_their_time(make_app):
    """A staff member's address is forgotten after AUDIT_ADDRESS_DAYS, the entry after
    AUDIT_KEEP_DAYS; newer entries keep both."""
    app = make_app(AUDIT_ADDRESS_DAYS=30, AUDIT_KEEP_DAYS=365)
    now = dt.datetime.now(dt.UTC)
    ages = {"new": 1, "month-old": 40, "year-old": 400}
    with app.app_context():
        for target, days in ages.items():
            db.session.add(
                AuditEvent(
                    action="sign_in",
                    target=target,
                    address="203.0.113.7",
                    device="abc123",
                    created_at=now - dt.timedelta(days=days),
                )
            )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "forgot the address of 1 entry(ies) and deleted 1 entry(ies)" in result.output
    with app.app_context():
        rows = {e.target: (e.address, e.device) for e in db.session.scalars(db.select(AuditEvent))}
    assert rows == {"new": ("203.0.113.7", "abc123"), "month-old": ("", "")}
