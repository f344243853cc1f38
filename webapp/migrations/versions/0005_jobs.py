"""Background jobs and the file store: job rows, and files kept in the database in chunks.

Letter downloads now live in the file store (export_job.file_path holds its key) and remember
the background job that builds them (export_job.job_id).

Revision ID: 0005_jobs
Revises: 0004_letter_record
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_jobs"
down_revision = "0004_letter_record"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the job and file tables; link downloads to their jobs."""
    op.create_table(
        "background_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("func", sa.String(200), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("on_failure", sa.String(200), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("runner", sa.String(16), nullable=False),
        sa.Column("queue_ref", sa.String(100), nullable=True),
        _when("created_at"),
        _when("started_at", nullable=True),
        _when("finished_at", nullable=True),
    )
    op.create_index("ix_background_job_status", "background_job", ["status"])
    op.create_table(
        "stored_file",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "stored_file_chunk",
        sa.Column(
            "file_id",
            sa.Integer(),
            sa.ForeignKey("stored_file.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("export_job") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop them again (stored downloads are lost; their rows stay, without files)."""
    with op.batch_alter_table("export_job") as batch:
        batch.drop_column("job_id")
    op.drop_table("stored_file_chunk")
    op.drop_table("stored_file")
    op.drop_index("ix_background_job_status", table_name="background_job")
    op.drop_table("background_job")
