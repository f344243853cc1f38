"""Migration 0011: downloads keep what staff saw when their state moves to their jobs."""

from __future__ import annotations

import datetime as dt
import json

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


def test_downloads_show_the_same_after_their_state_moves_to_their_jobs(unmigrated_app):
    """Ready, failed and stranded downloads read the same from their jobs, with or without one;
    downgrading puts the columns back as they were."""
    upgrade(unmigrated_app, BEFORE)
    result = json.dumps({"written": 2, "skipped": 1})
    with unmigrated_app.app_context():
        job = _job("done", done=3, total=3, result=result)
        ids = (
            _export("done", job, done=2, total=3, error=OLD_NOTE, file_path="db:1"),
            _export("done", None, done=5, total=6, error=OLD_NOTE, file_path="db:2"),  # no job row
            _export("running", None, done=1, total=9),  # nothing will ever run it
            _export("failed", job + 99, error="No letters match those dates."),  # job purged
        )
        db.session.commit()
    upgrade(unmigrated_app, AFTER)
    done, failed = JobStatus.DONE, JobStatus.FAILED
    assert _states(unmigrated_app) == dict(
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
    with unmigrated_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("export_job")}
        keys = inspect(db.engine).get_foreign_keys("export_job")
    assert not columns & {"status", "done", "total", "error", "finished_at"}
    assert {"background_job"} <= {key["referred_table"] for key in keys}

    downgrade(unmigrated_app, BEFORE)
    with unmigrated_app.app_context():
        rows = db.session.execute(
            text("SELECT id, status, done, total, error FROM export_job ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (ids[0], "done", 2, 3, OLD_NOTE),
        (ids[1], "done", 5, 6, OLD_NOTE),
        (ids[2], "failed", 1, 9, COULD_NOT),
        (ids[3], "failed", 0, 0, "No letters match those dates."),
    ]
