"""Migration 0011: downloads keep what staff saw when their state moves to their jobs."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import inspect, text

from webapp.exports import tasks as exports_job
from webapp.exports.models import ExportJob
from webapp.extensions import db
from webapp.jobs.models import JobStatus
from webapp.schema import downgrade, upgrade

BEFORE, AFTER = "0010_content_check", "0011_export_state_from_job"
COULD_NOT = "The download could not be made. Please try again; if it fails again, tell the team."
NOTE = "1 letter could not be printed and was left out."  # as shown now
OLD_NOTE = "1 letter(s) could not be printed and were left out."  # as stored before
WHEN = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def fresh_app(make_app, tmp_path):
    """An app whose database the test may take down and up again (as in the migration tests)."""
    if os.environ.get("TEST_DATABASE_URL"):
        app = make_app()
        downgrade(app, "base")  # the shared database is at head; start from nothing
        yield app
        upgrade(app)
        return
    yield make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


def _insert(table: str, **values) -> int:
    """A row as the code of revision 0010 wrote it (ids from the table's own sequence)."""
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"
    return db.session.execute(text(sql), values).scalar_one()


def _job(status: str, **values) -> int:
    return _insert(
        "background_job",
        func="webapp.exports.tasks:build_export",
        args="[]",
        status=status,
        done=values.pop("done", 0),
        total=values.pop("total", 0),
        attempts=1,
        runner="process",
        created_at=WHEN,
        **values,
    )


def _export(status: str, job_id: int | None, **values) -> int:
    return _insert(
        "export_job",
        kind="pdf",
        filters="{}",
        status=status,
        done=values.pop("done", 0),
        total=values.pop("total", 0),
        job_id=job_id,
        created_at=WHEN,
        **values,
    )


def _states(app) -> dict[int, tuple]:
    with app.app_context():
        exports = db.session.scalars(db.select(ExportJob).order_by(ExportJob.id)).all()
        states = [exports_job.state(export) for export in exports]
        return {s.id: (s.status, s.done, s.total, s.error, s.ready) for s in states}


def test_downloads_show_the_same_after_their_state_moves_to_their_jobs(fresh_app):
    """Ready, failed and stranded downloads read the same from their jobs, with or without one;
    downgrading puts the columns back as they were."""
    upgrade(fresh_app, BEFORE)
    result = json.dumps({"written": 2, "skipped": 1})
    with fresh_app.app_context():
        job = _job("done", done=3, total=3, result=result)
        ids = (
            _export("done", job, done=2, total=3, error=OLD_NOTE, file_path="db:1"),
            _export("done", None, done=5, total=6, error=OLD_NOTE, file_path="db:2"),  # no job row
            _export("running", None, done=1, total=9),  # nothing will ever run it
            _export("failed", job + 99, error="No letters match those dates."),  # job purged
        )
        db.session.commit()
    upgrade(fresh_app, AFTER)
    done, failed = JobStatus.DONE, JobStatus.FAILED
    assert _states(fresh_app) == dict(
        zip(
            ids,
            [
                (done, 2, 3, NOTE, True),
                (done, 5, 6, NOTE, True),
                (failed, 1, 9, COULD_NOT, False),
                (failed, 0, 0, "No letters match those dates.", False),
            ],
            strict=True,
        )
    )
    with fresh_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("export_job")}
        keys = inspect(db.engine).get_foreign_keys("export_job")
    assert not columns & {"status", "done", "total", "error", "finished_at"}
    assert {"background_job"} <= {key["referred_table"] for key in keys}

    downgrade(fresh_app, BEFORE)
    with fresh_app.app_context():
        rows = db.session.execute(
            text("SELECT id, status, done, total, error FROM export_job ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (ids[0], "done", 2, 3, OLD_NOTE),
        (ids[1], "done", 5, 6, OLD_NOTE),
        (ids[2], "failed", 1, 9, COULD_NOT),
        (ids[3], "failed", 0, 0, "No letters match those dates."),
    ]
