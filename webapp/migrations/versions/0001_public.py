"""Public tables: anonymous letter counts, consented submissions, oversized drafts.

Revision ID: 0001_public
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_public"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create letter_counts, submissions and drafts."""
    op.create_table(
        "letter_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_key", sa.String(64), nullable=False),
        sa.Column("campaign", sa.String(64), nullable=False),
        sa.Column("constituency_code", sa.String(16), nullable=False),
        sa.Column("nation", sa.String(32), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("pdf", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("email_draft", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_counts")),
        sa.UniqueConstraint("letter_key", name=op.f("uq_letter_counts_letter_key")),
    )
    with op.batch_alter_table("letter_counts") as batch:
        batch.create_index(batch.f("ix_letter_counts_campaign"), ["campaign"])
        batch.create_index(batch.f("ix_letter_counts_constituency_code"), ["constituency_code"])
        batch.create_index(batch.f("ix_letter_counts_created_on"), ["created_on"])

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign", sa.String(64), nullable=False),
        sa.Column("letter_key", sa.String(64), nullable=False),
        sa.Column("constituency_code", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address_lines", sa.JSON(), nullable=False),
        sa.Column("postcode", sa.String(16), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("concern", sa.String(64), nullable=True),
        sa.Column("consent_updates", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("keep_letter", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("template_version_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("letter_key", name=op.f("uq_submissions_letter_key")),
    )
    with op.batch_alter_table("submissions") as batch:
        batch.create_index(batch.f("ix_submissions_campaign"), ["campaign"])
        batch.create_index(batch.f("ix_submissions_constituency_code"), ["constituency_code"])
        batch.create_index(batch.f("ix_submissions_created_at"), ["created_at"])

    op.create_table(
        "drafts",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts") as batch:
        batch.create_index(batch.f("ix_drafts_expires_at"), ["expires_at"])


def downgrade() -> None:
    """Drop the public tables."""
    op.drop_table("drafts")
    op.drop_table("submissions")
    op.drop_table("letter_counts")
