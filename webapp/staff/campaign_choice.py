"""Which campaign a staff member is working on: kept in their session, applied to every staff
page, so the wording, findings, counts, replies, events, exports and lists are all that
campaign's. With no choice (or a choice since gone) it is the install's main campaign."""

from __future__ import annotations

from flask import session

from webapp.content import published

SESSION_KEY = "staff_campaign"


def apply_choice() -> None:
    """Before every staff page: make the chosen campaign this request's."""
    slug = session.get(SESSION_KEY)
    if slug and not published.use_campaign(slug):
        session.pop(SESSION_KEY, None)


def choose(slug: str) -> bool:
    """Work on `slug` from now on; False when there is no such campaign."""
    if not published.use_campaign(slug):
        return False
    session[SESSION_KEY] = slug
    return True


def working_on() -> dict:
    """For every staff page's frame: the campaign being worked on."""
    return {"working_on": published.current_campaign()}
