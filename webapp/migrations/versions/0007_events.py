"""Letter-writing events, and which event's device made each counted letter.

Revision ID: 0007_events
Revises: 0006_replies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_events"
down_revision = "0006_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create events; add letter_counts.event_id."""
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events") as batch:
        batch.create_index(batch.f("ix_events_campaign"), ["campaign"])
    with op.batch_alter_table("letter_counts") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_letter_counts_event_id"), ["event_id"])


def downgrade() -> None:
    """Drop letter_counts.event_id and the events table."""
    with op.batch_alter_table("letter_counts") as batch:
        batch.drop_index(batch.f("ix_letter_counts_event_id"))
        batch.drop_column("event_id")
    op.drop_table("events")
