"""`flask purge --older-than 90d`: forget supporters' personal data past its time."""

from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.retention.purge import purge
from webapp.schema import require_current_schema

_AGE = re.compile(r"^\s*(\d+)\s*d?\s*$", re.IGNORECASE)


def parse_age(text: str) -> int:
    """Days from "90d" or "90"."""
    match = _AGE.match(text or "")
    if not match:
        raise click.BadParameter(
            "write it as a number of days, e.g. 90d", param_hint="--older-than"
        )
    return int(match.group(1))


@click.command("purge")
@with_appcontext
@click.option(
    "--older-than",
    "older_than",
    default=None,
    help="Age in days, e.g. 90d (default: the PURGE_AFTER_DAYS setting).",
)
def purge_command(older_than: str | None) -> None:
    """Forget supporters' personal data after a set time; letter counts are kept."""
    days = parse_age(older_than) if older_than else int(current_app.config["PURGE_AFTER_DAYS"])
    require_current_schema()
    purged = purge(days)
    click.echo(
        f"Deleted {purged.submissions} submission(s) and {purged.export_files} export file(s) "
        f"older than {days} days, and {purged.drafts} unfinished draft(s). "
        "Letter counts are kept."
    )
    for slug, count in purged.by_campaign:
        click.echo(f"  {slug}: {count} kept letter(s) deleted")
    for slug in purged.campaigns_ended:
        click.echo(
            f"  {slug} has been closed for longer than it keeps supporters' data: "
            "every letter kept for it is deleted."
        )
    click.echo(
        f"Staff audit log: forgot the address of {purged.audit_addresses} entry(ies) and deleted "
        f"{purged.audit_entries} entry(ies) past their time."
    )
    if purged.tables_rewritten:
        click.echo(f"Rewrote {len(purged.tables_rewritten)} table(s) without the deleted rows.")
    if purged.log_truncated is False:
        click.echo(
            "The database's write-ahead log could not be emptied while the site was reading "
            "it; deleted letters may stay in it until it is. Run the purge again.",
            err=True,
        )
