"""Reach: where each letter came from (a source code and utm_* on its count, kept copy and
reply), staff share links, partner sites allowed to embed a campaign, webhook endpoints with
their queued events and deliveries, and each reminder's language.

Letters before this have no source (they count as "direct"); reminders before it were English.

Revision ID: 0015_reach
Revises: 0014_letter_language
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_reach"
down_revision = "0014_letter_language"
branch_labels = None
depends_on = None

_SOURCED = ("letter_counts", "submissions", "mp_replies")
_UTM = ("utm_source", "utm_medium", "utm_campaign")


def upgrade() -> None:
    """Add the source columns and the reminders' language; create the reach and webhook tables."""
    for table in _SOURCED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("source", sa.String(32), nullable=True))
            for column in _UTM:
                batch.add_column(sa.Column(column, sa.String(64), nullable=True))
            batch.create_index(batch.f(f"ix_{table}_source"), ["source"])
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))
    _create_reach_tables()
    _create_webhook_tables()


def _create_reach_tables() -> None:
    for table, extra in (
        ("share_links", [sa.Column("code", sa.String(32), nullable=False)]),
        (
            "partner_sites",
            [
                sa.Column("origin", sa.String(255), nullable=False),
                sa.Column("source", sa.String(32), nullable=False),
            ],
        ),
    ):
        unique = "code" if table == "share_links" else "origin"
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("campaign", sa.String(64), nullable=False),
            *extra,
            sa.Column("label", sa.String(120), nullable=False),
            sa.Column("created_by", sa.Integer(), nullable=True),
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                server_default=sa.func.now(),
                nullable=False,
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("campaign", unique, name=op.f(f"uq_{table}_campaign")),
        )
        with op.batch_alter_table(table) as batch:
            batch.create_index(batch.f(f"ix_{table}_campaign"), ["campaign"])


def _create_webhook_tables() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("description", sa.String(200), server_default="", nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("failures_in_a_row", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_table(
        "webhook_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("msg_id", sa.String(40), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("campaign", sa.String(64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("personal", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_messages")),
        sa.UniqueConstraint("msg_id", name=op.f("uq_webhook_messages_msg_id")),
    )
    with op.batch_alter_table("webhook_messages") as batch:
        batch.create_index(batch.f("ix_webhook_messages_campaign"), ["campaign"])
        batch.create_index(batch.f("ix_webhook_messages_created_at"), ["created_at"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["webhook_messages.id"],
            name=op.f("fk_webhook_deliveries_message_id_webhook_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_webhook_deliveries_endpoint_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.create_index("ix_webhook_deliveries_due", ["state", "next_attempt_at"])
        batch.create_index(batch.f("ix_webhook_deliveries_message_id"), ["message_id"])
        batch.create_index(batch.f("ix_webhook_deliveries_endpoint_id"), ["endpoint_id"])


def downgrade() -> None:
    """Drop the new tables and columns again."""
    for table in ("webhook_deliveries", "webhook_messages", "webhook_endpoints"):
        op.drop_table(table)
    for table in ("partner_sites", "share_links"):
        op.drop_table(table)
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("language")
    for table in _SOURCED:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ix_{table}_source"))
            for column in ("source", *_UTM):
                batch.drop_column(column)
