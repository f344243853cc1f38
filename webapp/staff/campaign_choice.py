"""Which campaign a staff member is working on: kept in their session, applied to every staff
page, so the wording, findings, counts, replies, events, exports and lists are all that
campaign's. With no choice (or a choice since gone) it is the install's main campaign. An account
an admin limited to chosen campaigns (webapp.campaigns.access) can choose only those, so it
cannot see or change any other campaign through any page.
"""

from __future__ import annotations

from flask import abort, request, session
from flask_login import current_user

from webapp.campaigns import access
from webapp.content import published, review, versions

SESSION_KEY = "staff_campaign"
# Pages a limited account with no campaign left may still open.
_ALWAYS_OPEN = frozenset({"staff.logout", "staff.login", "staff.my_account"})


def apply_choice() -> None:
    """Before every staff page: make the chosen campaign this request's, within what the
    signed-in account may work on."""
    if not current_user.is_authenticated:
        return
    allowed = access.allowed_slugs(current_user)
    slug = session.get(SESSION_KEY)
    if slug and ((allowed is not None and slug not in allowed) or not published.use_campaign(slug)):
        session.pop(SESSION_KEY, None)
        slug = None
    if slug or allowed is None or published.campaign_slug() in allowed:
        return
    for candidate in sorted(allowed):
        if published.use_campaign(candidate):
            session[SESSION_KEY] = candidate
            return
    if request.endpoint not in _ALWAYS_OPEN:
        abort(403)


def choose(slug: str) -> bool:
    """Work on `slug` from now on; False when there is no such campaign or it is not allowed."""
    if not access.may_work_on(current_user, slug) or not published.use_campaign(slug):
        return False
    session[SESSION_KEY] = slug
    return True


def working_on() -> dict:
    """For every staff page's frame: the campaign being worked on, and its changes waiting for
    a second editor (so nobody has to go looking for them)."""
    if not current_user.is_authenticated:
        return {}
    campaign = published.current_campaign()
    awaiting = [
        (step.kind, step.number, versions.kind_label(step.kind))
        for step in review.awaiting_review(campaign.slug)
    ]
    return {"working_on": campaign, "awaiting_review": awaiting}
