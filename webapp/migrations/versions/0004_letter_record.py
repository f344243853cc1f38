"""Letter records: the frozen letter, its hash and versions, and the private link id.

Revision ID: 0004_letter_record
Revises: 0003_audit
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_letter_record"
down_revision = "0003_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the frozen letter, content hash, findings version, link id and update time."""
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("findings_version_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("letter", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("content_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("link_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(batch.f("uq_submissions_link_id"), ["link_id"])


def downgrade() -> None:
    """Remove the letter-record columns (kept letters are then re-composed again)."""
    with op.batch_alter_table("submissions") as batch:
        batch.drop_constraint(batch.f("uq_submissions_link_id"), type_="unique")
        batch.drop_column("updated_at")
        batch.drop_column("link_id")
        batch.drop_column("content_hash")
        batch.drop_column("letter")
        batch.drop_column("findings_version_id")
