"""Migrations build the schema the models describe, and downgrade cleanly."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from webapp.extensions import db
from webapp.schema import downgrade, upgrade

PUBLIC_TABLES = {"letter_counts", "submissions", "drafts"}


@pytest.fixture
def fresh_app(make_app, tmp_path):
    """An app whose database the test may take down and up again.

    SQLite: a new file of its own. PostgreSQL: the session's database, migrated back to the
    newest revision afterwards so the other tests find their tables.
    """
    if os.environ.get("TEST_DATABASE_URL"):
        app = make_app()
        yield app
        upgrade(app)
        return
    yield make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_upgrade_then_downgrade_to_base_and_up_again(fresh_app):
    """Upgrade creates the public tables, downgrade to base removes all, upgrade works again."""
    upgrade(fresh_app)
    assert _tables(fresh_app) >= PUBLIC_TABLES
    downgrade(fresh_app, "base")
    assert _tables(fresh_app) - {"alembic_version"} == set()
    upgrade(fresh_app)
    assert _tables(fresh_app) >= PUBLIC_TABLES


def test_downgrade_to_public_keeps_public_tables(fresh_app):
    """Downgrading to 0001_public leaves exactly the public tables."""
    upgrade(fresh_app)
    downgrade(fresh_app, "0001_public")
    assert _tables(fresh_app) - {"alembic_version"} == PUBLIC_TABLES


def test_migrated_schema_matches_the_models(app):
    """After migrating, Alembic finds no difference between the database and the models."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
