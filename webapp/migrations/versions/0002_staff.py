"""Staff tables: accounts, content versions and publications, MP overrides and imports, exports.

Version 1 of each letter template and of the findings is copied from templates/<campaign>/ the
first time the staff area opens the campaign (webapp.content.versions.ensure_seeded), not here, so
this migration never depends on the campaign files.

Revision ID: 0002_staff
Revises: 0001_public
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_staff"
down_revision = "0001_public"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _staff_fk(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("staff_user.id"), nullable=True)


def upgrade() -> None:
    """Create the staff tables."""
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("last_login_at", nullable=True),
    )
    op.create_table(
        "content_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=True),
        _staff_fk("author_id"),
        _when("created_at"),
        sa.Column("note", sa.String(200), nullable=False),
        sa.UniqueConstraint("campaign", "kind", "number", name="uq_content_version"),
    )
    op.create_table(
        "content_publication",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        _staff_fk("published_by_id"),
        _when("published_at"),
        sa.Index("ix_content_publication_kind", "campaign", "kind", "id"),
    )
    op.create_table(
        "mp_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        _staff_fk("uploaded_by_id"),
        _when("created_at"),
        _when("applied_at", nullable=True),
        sa.Column("applied_changes", sa.Integer(), nullable=True),
    )
    op.create_table(
        "mp_override",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("constituency_code", sa.String(16), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("full_title", sa.String(250), nullable=False),
        sa.Column("salutation", sa.String(200), nullable=False),
        sa.Column("party", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("vacant", sa.Boolean(), nullable=False),
        sa.Column("cleared", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("mp_import.id"), nullable=True),
        _staff_fk("author_id"),
        _when("created_at"),
        sa.Index("ix_mp_override_code", "constituency_code", "id"),
    )
    op.create_table(
        "export_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        _staff_fk("requested_by_id"),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("file_path", sa.String(500), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _when("created_at"),
        _when("finished_at", nullable=True),
    )


def downgrade() -> None:
    """Drop the staff tables."""
    for table in (
        "export_job",
        "mp_override",
        "mp_import",
        "content_publication",
        "content_version",
        "staff_user",
    ):
        op.drop_table(table)
