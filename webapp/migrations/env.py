"""Alembic environment: runs inside the Flask app context and uses the app's database."""

from __future__ import annotations

from alembic import context
from flask import current_app

from webapp.extensions import db


def run_migrations_offline() -> None:
    """Write SQL for the app's database URL without connecting."""
    context.configure(
        url=current_app.config["SQLALCHEMY_DATABASE_URI"],
        target_metadata=db.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply migrations over the app's engine; batch mode lets SQLite alter tables."""
    with db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
