"""The language a letter was written in ("en" or "cy"), on its anonymous count, its kept copy
and its reported reply, for reporting by language. Letters before this were all English.

Revision ID: 0014_letter_language
Revises: 0013_campaign_privacy
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_letter_language"
down_revision = "0013_campaign_privacy"
branch_labels = None
depends_on = None

_TABLES = ("letter_counts", "submissions", "mp_replies")


def upgrade() -> None:
    """Add `language` to each table, "en" for every row already there."""
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("language", sa.String(8), nullable=False, server_default="en")
            )


def downgrade() -> None:
    """Drop `language` again."""
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
