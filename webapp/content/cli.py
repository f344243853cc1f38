"""`flask content list|publish`: the letter's versions from the command line, for operators.

Publishing here goes through the same rule as the editor and the review page
(`content.publishing.publish`): the checks must pass, and with PUBLISH_NEEDS_APPROVAL on the
version must be waiting for review and the named editor must not be its author.
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup, with_appcontext

from webapp.accounts import users
from webapp.content import checks, published, publishing, versions
from webapp.schema import require_current_schema


@click.group("content", cls=AppGroup)
@with_appcontext
def content_group() -> None:
    """The letter's templates and findings: versions and publishing."""
    require_current_schema()


_CAMPAIGN_OPTION = click.option(
    "--campaign", "slug", default=None, help="A campaign's slug (default: the main campaign)."
)


def _campaign(slug: str | None):
    if not slug:
        return published.current_campaign()
    try:
        return published.campaign_named(slug)
    except published.NoSuchCampaign:
        raise click.BadParameter(
            f"there is no campaign {slug!r}", param_hint="--campaign"
        ) from None


@content_group.command("list")
@_CAMPAIGN_OPTION
def list_content(slug: str | None) -> None:
    """Each kind of content, its newest version and the one supporters get."""
    campaign = _campaign(slug)
    versions.ensure_seeded(campaign)
    for kind in versions.kinds(campaign):
        newest = versions.latest(campaign.slug, kind)
        live = versions.published_number(campaign.slug, kind)
        click.echo(
            f"{kind}\tnewest: {newest.number if newest else '-'}\t"
            f"published: {live if live is not None else 'the file'}"
        )


@content_group.command("publish")
@click.argument("kind")
@click.argument("number", type=int)
@click.option("--by", "email", required=True, help="The staff account publishing it.")
@click.option("--timeout", default=120, show_default=True, help="Seconds to wait for the checks.")
@_CAMPAIGN_OPTION
def publish_content(kind: str, number: int, email: str, timeout: int, slug: str | None) -> None:
    """Publish version NUMBER of KIND (for example template:default, or findings)."""
    campaign = _campaign(slug)
    if kind not in versions.kinds(campaign):
        raise click.BadParameter(
            f"no such content; choose one of {', '.join(versions.kinds(campaign))}",
            param_hint="KIND",
        )
    versions.ensure_seeded(campaign)
    version = versions.get(campaign.slug, kind, number)
    if version is None:
        raise click.BadParameter(f"{kind} has no version {number}", param_hint="NUMBER")
    user = users.find_user(email.strip())
    if user is None or not user.active or not user.is_editor:
        raise click.BadParameter("no active editor or admin has that email", param_hint="--by")
    _wait_for_checks(campaign, version, timeout)
    try:
        publishing.publish(campaign, version, by=user)
    except publishing.PublishRefused as refused:
        lines = [
            refused.message,
            *(f"  line {p.line or '-'}: {p.message}" for p in refused.problems),
        ]
        raise click.ClickException("\n".join(lines)) from None
    click.echo(f"Published {kind} version {number}. Supporters now get it.")


def _wait_for_checks(campaign, version, timeout: int) -> None:
    """Start the version's checks (a background job) and wait until they have an answer;
    publishing then reads the stored answer, and refuses if there is none yet."""
    deadline = time.monotonic() + timeout
    while any(
        p.message == checks.CHECKING
        for p in checks.check_content(campaign, version.kind, version.body)
    ):
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)
