"""Starting a campaign from another: a new draft campaign whose every text (letters and their
Welsh wordings, findings, campaign page, word list) begins as what supporters of the source get
now.

Each text becomes the copy's published version 1, so the copy writes the same letters as its
source until staff change it. The row and the texts are written in one transaction.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from letters.campaign import Campaign
from webapp.campaigns import service as campaigns
from webapp.campaigns.service import CampaignState
from webapp.content import published, versions
from webapp.content.models import ContentPublication, ContentVersion
from webapp.extensions import db


def copy_campaign(source: Campaign, slug: str, title: str, *, folder: str, by) -> CampaignState:
    """A draft campaign `slug` titled `title`, with `source`'s published texts; raises
    campaigns.SlugTaken when the slug is in use. `folder` is where its settings come from."""
    versions.ensure_seeded(source)
    if slug == source.slug or campaigns.exists(slug):
        raise campaigns.SlugTaken(slug)
    try:
        state = _copy(source, slug, title, folder=folder, by=by)
    except IntegrityError:  # texts of that slug exist (the main campaign's, or a race)
        db.session.rollback()
        raise campaigns.SlugTaken(slug) from None
    published.forget_revision()  # the rest of this request sees the new campaign
    return state


def _copy(source: Campaign, slug: str, title: str, *, folder: str, by) -> CampaignState:
    for kind in versions.kinds(source):
        live = versions.published_version(source.slug, kind)
        number = live.number if live is not None else None
        body = versions.published_body(source, kind)
        note = f"Copied from {source.slug}" + (f" version {number}" if number else "")
        db.session.add(
            ContentVersion(
                campaign=slug,
                kind=kind,
                number=1,
                body=versions.normalise_body(body),
                author_id=by.id if by is not None else None,
                note=note,
            )
        )
        db.session.add(
            ContentPublication(
                campaign=slug, kind=kind, number=1, published_by_id=by.id if by else None
            )
        )
    return campaigns.create_draft(slug, title, folder, by=by)
