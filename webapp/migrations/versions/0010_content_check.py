"""Stored results of the content checks, which run as background jobs.

Revision ID: 0010_content_check
Revises: 0009_staff_security
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_content_check"
down_revision = "0009_staff_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the content_check table."""
    op.create_table(
        "content_check",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(120), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_content_check_created_at", "content_check", ["created_at"])


def downgrade() -> None:
    """Drop the content_check table."""
    op.drop_index("ix_content_check_created_at", table_name="content_check")
    op.drop_table("content_check")
