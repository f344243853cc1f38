"""After the letter: how it was sent, the funnel, MPs' replies and reminder emails.

Revision ID: 0006_replies
Revises: 0005_jobs
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_replies"
down_revision = "0005_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add sent and concern to letter_counts; create funnel_counts, mp_replies, reminders."""
    with op.batch_alter_table("letter_counts") as batch:
        batch.add_column(sa.Column("concern", sa.String(64), nullable=True))
        batch.add_column(sa.Column("sent_by", sa.String(16), nullable=True))
        batch.add_column(sa.Column("sent_on", sa.Date(), nullable=True))
    op.create_table(
        "funnel_counts",
        sa.Column("campaign", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("step", sa.String(32), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "mp_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign", sa.String(64), nullable=False, index=True),
        sa.Column("letter_key", sa.String(64), nullable=False, unique=True),
        sa.Column("constituency_code", sa.String(16), nullable=False, index=True),
        sa.Column("nation", sa.String(32), nullable=False),
        sa.Column("mp_name", sa.String(200), nullable=False),
        sa.Column("party", sa.String(120), nullable=False),
        sa.Column("concern", sa.String(64), nullable=True),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column(
            "reported_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        sa.Column("summary", sa.Text(), nullable=True),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("letter_key", sa.String(64), nullable=False, unique=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("unsubscribe_id", sa.String(64), nullable=False, unique=True),
    )


def downgrade() -> None:
    """Drop the three tables and the new letter_counts columns."""
    op.drop_table("reminders")
    op.drop_table("mp_replies")
    op.drop_table("funnel_counts")
    with op.batch_alter_table("letter_counts") as batch:
        batch.drop_column("sent_on")
        batch.drop_column("sent_by")
        batch.drop_column("concern")
