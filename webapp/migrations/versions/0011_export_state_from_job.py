"""Letter downloads read their state from their background job; export_job keeps only its own.

export_job loses status, done, total, error and finished_at (copies of background_job's, written
twice), and export_job.job_id becomes a foreign key to background_job. A download with no job
row (made before jobs existed, or whose job row is gone) gets one holding the state it showed,
so a finished download stays downloadable and a failed one keeps its message. Downgrade copies
the job's state back.

Revision ID: 0011_export_state_from_job
Revises: 0010_content_check
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0011_export_state_from_job"
down_revision = "0010_content_check"
branch_labels = None
depends_on = None

FK_NAME = "fk_export_job_job_id_background_job"
# The messages and names of the code at this revision (the migration must not import the app).
_FAILED = "The download could not be made. Please try again; if it fails again, tell the team."
_NOTE = "{} letter(s) could not be printed and were left out."
_SKIPPED = re.compile(r"(\d+) letter\(s\) could not be printed")
_BUILD = "webapp.exports.tasks:build_export"
_ON_FAILURE = "webapp.exports.tasks:export_failed"
_STATE_COLUMNS = ("status", "done", "total", "error", "finished_at")

_when = sa.DateTime(timezone=True)
background_job = sa.table(
    "background_job",
    sa.column("id", sa.Integer),
    sa.column("func", sa.String),
    sa.column("args", sa.Text),
    sa.column("on_failure", sa.String),
    sa.column("status", sa.String),
    sa.column("done", sa.Integer),
    sa.column("total", sa.Integer),
    sa.column("result", sa.Text),
    sa.column("error", sa.Text),
    sa.column("attempts", sa.Integer),
    sa.column("runner", sa.String),
    sa.column("created_at", _when),
    sa.column("finished_at", _when),
)
export_job = sa.table(
    "export_job",
    sa.column("id", sa.Integer),
    sa.column("job_id", sa.Integer),
    sa.column("created_at", _when),
    sa.column("status", sa.String),
    sa.column("done", sa.Integer),
    sa.column("total", sa.Integer),
    sa.column("error", sa.Text),
    sa.column("finished_at", _when),
)


def upgrade() -> None:
    """Give every download a job row, drop the copied columns, add the foreign key."""
    _give_each_download_a_job(op.get_bind())
    with op.batch_alter_table("export_job") as batch:
        for name in _STATE_COLUMNS:
            batch.drop_column(name)
        batch.create_foreign_key(FK_NAME, "background_job", ["job_id"], ["id"], ondelete="SET NULL")


def _give_each_download_a_job(bind: sa.engine.Connection) -> None:
    """Downloads without a (still existing) job get one with the state they showed.

    One still queued or running with no job can never finish (nothing will run it): it is
    marked failed, as the staff pages now show a download with no job.
    """
    job = background_job.alias("job")
    orphans = bind.execute(
        sa.select(export_job)
        .outerjoin(job, job.c.id == export_job.c.job_id)
        .where(job.c.id.is_(None))
    ).all()
    for export in orphans:
        done = export.status == "done"
        skipped = _SKIPPED.match(export.error or "") if done else None
        result = {"written": export.done, "skipped": int(skipped[1]) if skipped else 0}
        new_id = bind.execute(
            sa.insert(background_job)
            .returning(background_job.c.id)
            .values(
                func=_BUILD,
                args=json.dumps([export.id]),
                on_failure=_ON_FAILURE,
                status="done" if done else "failed",
                done=export.done,
                total=export.total,
                result=json.dumps(result) if done else None,
                error=None if done else (export.error or _FAILED),
                attempts=1,
                runner="process",
                created_at=export.created_at,
                finished_at=export.finished_at or export.created_at,
            )
        ).scalar_one()
        bind.execute(
            sa.update(export_job).where(export_job.c.id == export.id).values(job_id=new_id)
        )


def downgrade() -> None:
    """Put the copied columns back, filled from each download's job; drop the foreign key."""
    with op.batch_alter_table("export_job") as batch:
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.add_column(sa.Column("status", sa.String(16), nullable=True))
        batch.add_column(sa.Column("done", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("total", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
    _copy_state_back(op.get_bind())
    with op.batch_alter_table("export_job") as batch:
        batch.alter_column("status", existing_type=sa.String(16), nullable=False)
        batch.alter_column("done", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("total", existing_type=sa.Integer(), nullable=False)


def _copy_state_back(bind: sa.engine.Connection) -> None:
    rows = bind.execute(
        sa.select(
            export_job.c.id,
            background_job.c.status,
            background_job.c.done,
            background_job.c.total,
            background_job.c.result,
            background_job.c.error,
            background_job.c.finished_at,
        ).select_from(
            export_job.outerjoin(background_job, background_job.c.id == export_job.c.job_id)
        )
    ).all()
    for row in rows:
        values = {"status": row.status, "done": row.done, "total": row.total, "error": row.error}
        values["finished_at"] = row.finished_at
        if row.status is None:  # no job: shown as failed
            values.update(status="failed", done=0, total=0, error=_FAILED)
        elif row.status == "done":
            result = json.loads(row.result) if row.result else {}
            skipped = int(result.get("skipped", 0))
            values["done"] = int(result.get("written", row.done))
            values["error"] = _NOTE.format(skipped) if skipped else None
        elif row.status == "failed":
            values["error"] = row.error or _FAILED
        bind.execute(sa.update(export_job).where(export_job.c.id == row.id).values(**values))
