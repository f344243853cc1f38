"""Staff account security: server-side session tokens, authenticator apps, recovery codes,
one-time invitation and password-reset links, and the sign-in device on audit rows.

Existing accounts get an empty session token, so every session from before this migration ends.

Revision ID: 0008_staff_security
Revises: 0007_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_staff_security"
down_revision = "0007_review"
branch_labels = None
depends_on = None


def _staff_fk(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("staff_user.id"), nullable=nullable)


def upgrade() -> None:
    """Add the columns and tables."""
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(
            sa.Column("session_token", sa.String(64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("staff_user") as batch:
        # The server default only filled existing rows; new rows always get a token from the app.
        batch.alter_column("session_token", server_default=None)
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("device", sa.String(32), nullable=False, server_default=""))
    with op.batch_alter_table("audit_event") as batch:
        batch.alter_column("device", server_default=None)
    op.create_table(
        "staff_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff_fk("user_id", nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _staff_fk("created_by_id"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "staff_recovery_code",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff_fk("user_id", nullable=False),
        sa.Column("code_hash", sa.String(255), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_staff_recovery_code_user_id", "user_id"),
    )


def downgrade() -> None:
    """Remove them again."""
    op.drop_table("staff_recovery_code")
    op.drop_table("staff_link")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("device")
    with op.batch_alter_table("staff_user") as batch:
        for column in ("password_changed_at", "totp_last_step", "totp_secret", "session_token"):
            batch.drop_column(column)
