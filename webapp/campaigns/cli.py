"""`flask campaigns export SLUG DIR` and `flask campaigns import DIR --by EMAIL`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from letters.campaign import CampaignFileError
from letters.findings import FindingsFileError
from webapp.accounts import users
from webapp.campaign_prefix import is_slug, reserved_slugs
from webapp.campaigns import files
from webapp.content import published
from webapp.schema import require_current_schema


@click.group("campaigns", cls=AppGroup)
@with_appcontext
def campaigns_group() -> None:
    """Campaigns as folders of files: export what supporters get, import edits as drafts."""
    require_current_schema()


def _campaign(slug: str):
    try:
        return published.campaign_named(slug)
    except published.NoSuchCampaign:
        raise click.BadParameter(f"there is no campaign {slug!r}", param_hint="SLUG") from None


@campaigns_group.command("export")
@click.argument("slug")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export_command(slug: str, folder: Path) -> None:
    """Write campaign SLUG, as supporters get it now, into FOLDER (campaign.toml, findings.toml,
    letters/, words.txt)."""
    for path in files.export_campaign(_campaign(slug), folder):
        click.echo(f"wrote {path}")


@campaigns_group.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--by", "email", required=True, help="The staff account the versions are from.")
def import_command(folder: Path, email: str) -> None:
    """Save each text in FOLDER that differs from the newest version as a new, unpublished
    version of the campaign the folder is named after, with the editor's checks. A folder
    naming no campaign starts one, in draft, with the main campaign's settings."""
    folder = folder.resolve()
    user = users.find_user(email.strip())
    if user is None or not user.active or not user.is_editor:
        raise click.BadParameter("no active editor or admin has that email", param_hint="--by")
    try:
        incoming = files.read_folder(folder)
    except (CampaignFileError, FindingsFileError) as exc:
        raise click.ClickException(f"nothing imported: {exc}") from None
    if not is_slug(folder.name):
        raise click.BadParameter("the folder's name must be a campaign's web address (a slug)")
    rules = (rule.rule for rule in current_app.url_map.iter_rules())
    if folder.name in reserved_slugs(rules, current_app.config["LANGUAGES"]):
        raise click.BadParameter(f"{folder.name!r} is one of the site's own addresses")
    try:
        campaign = published.campaign_named(folder.name)
    except published.NoSuchCampaign:
        campaign = files.new_draft(incoming, by=user)
        click.echo(f"{folder.name}: a new campaign, in draft (open it at /staff/campaign)")
    note = f"Imported from {folder.name}/"
    for result in files.import_campaign(campaign, incoming, by=user, note=note):
        if result.number is None:
            click.echo(f"{result.kind}: unchanged")
            continue
        click.echo(f"{result.kind}: saved as version {result.number}, not published")
        for problem in result.problems:
            where = f"line {problem.line}: " if problem.line else ""
            click.echo(f"  {problem.severity}: {where}{problem.message}")
    for name in files.letters_not_in(campaign, incoming):
        click.echo(f"letters/{name}: not imported (the campaign has no letter {name!r})")
    click.echo(
        "Review and publish the new versions at /staff/content or with `flask content publish`."
    )
