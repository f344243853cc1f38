"""Two-person publishing: the review steps of content versions (submitted, approved, sent back).

Revision ID: 0007_review
Revises: 0006_replies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_review"
down_revision = "0006_replies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the content_review table."""
    op.create_table(
        "content_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("staff_user.id"), nullable=True),
        sa.Column("comment", sa.String(1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_content_review_version", "campaign", "kind", "number", "id"),
    )


def downgrade() -> None:
    """Drop the content_review table."""
    op.drop_table("content_review")
