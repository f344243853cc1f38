"""Each campaign may keep supporters' data for its own time after closing, and may name its own
data controller (empty: the organisation's).

Revision ID: 0013_campaign_privacy
Revises: 0012_campaign
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_campaign_privacy"
down_revision = "0012_campaign"
branch_labels = None
depends_on = None

_CONTROLLER_COLUMNS = (
    ("controller_name", 200),
    ("controller_address", 300),
    ("controller_email", 254),
    ("controller_contact", 254),
)


def upgrade() -> None:
    """Add keep_days (null: the setting) and the controller columns (empty: the organisation)."""
    with op.batch_alter_table("campaign") as batch:
        batch.add_column(sa.Column("keep_days", sa.Integer(), nullable=True))
        for name, length in _CONTROLLER_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop them: every campaign keeps data for the setting's time, under the organisation."""
    with op.batch_alter_table("campaign") as batch:
        for name, _length in reversed(_CONTROLLER_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("keep_days")
