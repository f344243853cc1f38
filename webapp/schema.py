"""The database schema's migrations, driven in code: apply, undo, and check they are applied.

Alembic is driven in code (no alembic.ini needed) so the URL always comes from the app's config.
"""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at webapp/migrations; env.py reads the app in context."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(app: Flask, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the app's database."""
    with app.app_context():
        command.upgrade(alembic_config(), revision)


def downgrade(app: Flask, revision: str) -> None:
    """Undo migrations down to `revision` ("base" removes every table)."""
    with app.app_context():
        command.downgrade(alembic_config(), revision)


def require_current_schema() -> None:
    """Stop a command with a clear message when the database lacks migrations (in app context)."""
    from webapp.extensions import db

    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current != heads:
        raise click.ClickException(
            "The database is not set up or not up to date: run `flask db-upgrade` "
            "(or `make run`, which does it) first."
        )
