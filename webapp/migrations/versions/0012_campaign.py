"""Campaigns become rows: the campaign this install runs (setting CAMPAIGN) is the first, live;
staff accounts may be limited to chosen campaigns (campaign_access).

Its versions, publications, counts, events and replies already carry its slug, so they stay its
own. Downgrade drops the table (a closed campaign would then take letters again).

Revision ID: 0012_campaign
Revises: 0011_export_state_from_job
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0012_campaign"
down_revision = "0011_export_state_from_job"
branch_labels = None
depends_on = None

# The shipped campaign, when the app running the migration names none.
_DEFAULT_SLUG = "baghdad-returns"
_LIVE = "live"


def upgrade() -> None:
    """Create the campaign table and add this install's campaign to it, live."""
    table = op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("based_on", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_message", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("slug", name=op.f("uq_campaign_slug")),
    )
    op.create_table(
        "campaign_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_access")),
        sa.UniqueConstraint("user_id", "slug", name=op.f("uq_campaign_access_user_id")),
    )
    with op.batch_alter_table("campaign_access") as batch:
        batch.create_index(batch.f("ix_campaign_access_user_id"), ["user_id"])
    now = dt.datetime.now(dt.UTC)
    slug = current_app.config.get("CAMPAIGN") or _DEFAULT_SLUG
    op.bulk_insert(
        table,
        [
            {
                "slug": slug,
                "title": "",
                "based_on": "",
                "status": _LIVE,
                "closing_message": "",
                "revision": 0,  # as a row made on first use: nothing changed yet
                "created_at": now,
                "changed_at": now,
            }
        ],
    )


def downgrade() -> None:
    """Drop the campaign and campaign_access tables."""
    op.drop_table("campaign_access")
    op.drop_table("campaign")
