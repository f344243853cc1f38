"""Share links staff make for a campaign: a label they recognise ("Oxfam newsletter May") and a
code the link carries as `?source=`, so the letters it brings in are counted under it.

A code follows the same rule as every source (webapp.reach.sources: lower-case letters, digits,
"-", "_" and "."), so the code on the link is the code the letter keeps, and it is unique within
its campaign (a partner site's source code included, and "share", which supporters' own shares
carry). Making a link is audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.accounts import audit, totp
from webapp.campaign_prefix import campaign_address
from webapp.extensions import db
from webapp.i18n import _
from webapp.reach.models import SOURCE_MAX_CHARS, PartnerSite, ShareLink
from webapp.reach.sources import CODE_PATTERN, SUPPORTER_SHARE, clean

LABEL_MAX_CHARS = 120
AUDIT_ACTION = "share_link_made"
# A code suggested from a label that leaves nothing usable (a label in another script).
FALLBACK_CODE = "link"


def links(campaign: str) -> list[ShareLink]:
    """The campaign's share links, newest first."""
    query = (
        select(ShareLink)
        .where(ShareLink.campaign == campaign)
        .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
    )
    return list(db.session.scalars(query))


def labels(campaign: str) -> dict[str, str]:
    """What each of the campaign's source codes is, in words: share links' and partner sites'
    labels by code (for the reports)."""
    partners = select(PartnerSite.source, PartnerSite.label).where(PartnerSite.campaign == campaign)
    shares = select(ShareLink.code, ShareLink.label).where(ShareLink.campaign == campaign)
    named: dict[str, str] = dict(db.session.execute(partners).all())
    named.update(db.session.execute(shares).all())
    return named


def _taken(campaign: str) -> set[str]:
    share = select(ShareLink.code).where(ShareLink.campaign == campaign)
    partner = select(PartnerSite.source).where(PartnerSite.campaign == campaign)
    return {SUPPORTER_SHARE, *db.session.scalars(share), *db.session.scalars(partner)}


def suggest_code(campaign: str, label: str) -> str:
    """A free code made from `label` ("Oxfam newsletter May" → "oxfam-newsletter-may"), with
    "-2", "-3" … added when the campaign already has it."""
    base = clean(label, SOURCE_MAX_CHARS) or FALLBACK_CODE
    taken = _taken(campaign)
    code, number = base, 1
    while code in taken:
        number += 1
        suffix = f"-{number}"
        code = base[: SOURCE_MAX_CHARS - len(suffix)].rstrip("-_.") + suffix
    return code


def code_problem(campaign: str, code: str) -> str | None:
    """What is wrong with `code` as a new share link's code for `campaign`, or None."""
    if len(code) > SOURCE_MAX_CHARS:
        return _("Keep the code to %(max)s characters or fewer.", max=SOURCE_MAX_CHARS)
    if not CODE_PATTERN.fullmatch(code):
        return _(
            "Use only lower-case letters, digits, hyphens, dots and underscores, starting and "
            "ending with a letter or digit, for example oxfam-may."
        )
    if code == SUPPORTER_SHARE:
        return _("“%(code)s” is kept for supporters' own shares: choose another code.", code=code)
    if code in _taken(campaign):
        return clash_message(code)
    return None


def clash_message(code: str) -> str:
    """What staff are told when the campaign already has `code`."""
    return _(
        "This campaign already has a link with the code “%(code)s”: choose another code.",
        code=code,
    )


def make_link(campaign: str, label: str, code: str, *, by) -> ShareLink | None:
    """Make a share link (the code already checked with `code_problem`); commits and audits.
    None when another request took the code first."""
    link = ShareLink(campaign=campaign, label=label, code=code, created_by=by.id if by else None)
    db.session.add(link)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    audit.record(AUDIT_ACTION, target=f"{campaign}:{code}", detail=label, actor=by)
    return link


def public_url(campaign: str, code: str) -> str:
    """The link's full address: the campaign's public page (on SITE_URL where it is set, else
    this host) with `?source=code`."""
    site = current_app.config.get("SITE_URL") or request.host_url
    path = campaign_address(request.environ, campaign, current_app.config["CAMPAIGN"])
    return f"{site.rstrip('/')}{path}?{urlencode({'source': code})}"


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as an inline SVG image (for posters), named by its link."""
    return totp.qr_svg(url, name=_("QR code of the link %(url)s", url=url))
