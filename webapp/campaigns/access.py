"""Which campaigns a staff account may work on: every one (the default, and always for admins)
or those an admin chose. Every staff page is about the campaign its user works on
(webapp.staff.campaign_choice), so limiting the choice limits everything they see and change."""

from __future__ import annotations

from sqlalchemy import delete, select

from webapp.accounts import audit
from webapp.campaigns.models import CampaignAccess
from webapp.extensions import db


def allowed_slugs(user) -> frozenset[str] | None:
    """The campaigns `user` may work on, or None for every campaign."""
    if user.is_admin:
        return None
    slugs = frozenset(
        db.session.scalars(select(CampaignAccess.slug).where(CampaignAccess.user_id == user.id))
    )
    return slugs or None


def may_work_on(user, slug: str) -> bool:
    """Whether `user` may work on campaign `slug`."""
    allowed = allowed_slugs(user)
    return allowed is None or slug in allowed


def limit(user, slugs: list[str] | None, *, by) -> None:
    """Limit `user` to `slugs` (None or empty: every campaign); commits and audits."""
    db.session.execute(delete(CampaignAccess).where(CampaignAccess.user_id == user.id))
    for slug in sorted(set(slugs or ())):
        db.session.add(CampaignAccess(user_id=user.id, slug=slug))
    db.session.commit()
    detail = ", ".join(sorted(set(slugs))) if slugs else "every campaign"
    audit.record(
        audit.Action.CAMPAIGN_ACCESS, target=user.email, detail=detail, subject=user, actor=by
    )


def grant(user, slug: str) -> None:
    """Let a limited `user` work on `slug` too (a campaign they started); commits."""
    if allowed_slugs(user) is None:
        return
    db.session.add(CampaignAccess(user_id=user.id, slug=slug))
    db.session.commit()
