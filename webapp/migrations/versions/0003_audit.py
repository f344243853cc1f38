"""The staff audit log (sign-ins, role changes, publishing, personal-data downloads).

Revision ID: 0003_audit
Revises: 0002_staff
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_audit"
down_revision = "0002_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the audit_event table."""
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("staff_user.id"), nullable=True),
        sa.Column("actor_email", sa.String(254), nullable=False),
        sa.Column("subject_id", sa.Integer(), sa.ForeignKey("staff_user.id"), nullable=True),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Index("ix_audit_event_action_at", "action", "created_at"),
        sa.Index("ix_audit_event_subject_at", "subject_id", "created_at"),
    )


def downgrade() -> None:
    """Drop the audit_event table."""
    op.drop_table("audit_event")
