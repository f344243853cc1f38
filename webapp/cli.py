"""The `flask` commands: the database's (`db-upgrade`, `db-downgrade`, `db-current`) here, and
each domain's own (`staff`, `campaigns`, `content`, `purge`, `reminders`) from its `cli.py`."""

from __future__ import annotations

import click
from alembic import command
from flask import Flask

from webapp.schema import alembic_config


def register(app: Flask) -> None:
    """Add the database commands to `flask`."""

    @app.cli.command("db-upgrade")
    @click.argument("revision", default="head")
    def db_upgrade(revision: str) -> None:
        """Apply database migrations (default: all of them)."""
        command.upgrade(alembic_config(), revision)
        click.echo(f"Database upgraded to {revision}.")

    @app.cli.command("db-downgrade")
    @click.argument("revision")
    def db_downgrade(revision: str) -> None:
        """Undo database migrations down to REVISION (e.g. 0001_public, or base)."""
        command.downgrade(alembic_config(), revision)
        click.echo(f"Database downgraded to {revision}.")

    @app.cli.command("db-current")
    def db_current() -> None:
        """Show the database's current migration."""
        command.current(alembic_config(), verbose=False)

    from webapp.accounts.cli import staff_group
    from webapp.campaigns.cli import campaigns_group
    from webapp.content.cli import content_group
    from webapp.replies.cli import reminders_group
    from webapp.retention.cli import purge_command
    from webapp.webhooks.cli import webhooks_group

    for domain_command in (
        staff_group,
        campaigns_group,
        content_group,
        purge_command,
        reminders_group,
        webhooks_group,
    ):
        app.cli.add_command(domain_command)
