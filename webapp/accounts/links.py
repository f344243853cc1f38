"""One-time links an admin passes on to a colleague: an invitation, or a password reset.

The link carries a random secret; only its SHA-256 hash is stored. A link works once, until it
expires (STAFF_INVITE_HOURS / STAFF_RESET_HOURS), and making a new one cancels the old.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app, url_for
from sqlalchemy import select, update

from webapp.accounts.models import LinkPurpose, StaffLink, StaffUser
from webapp.clock import utcnow
from webapp.extensions import db

TOKEN_MAX_CHARS = 64
_ENDPOINTS = {LinkPurpose.INVITE: "staff.accept_invite", LinkPurpose.RESET: "staff.reset_password"}
_HOURS = {LinkPurpose.INVITE: "STAFF_INVITE_HOURS", LinkPurpose.RESET: "STAFF_RESET_HOURS"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_link(user: StaffUser, purpose: LinkPurpose, *, by: StaffUser | None) -> str:
    """A new one-time link for `user` (cancelling their unused ones of this kind); commits."""
    now = utcnow()
    db.session.execute(
        update(StaffLink)
        .where(
            StaffLink.user_id == user.id,
            StaffLink.purpose == purpose,
            StaffLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    hours = int(current_app.config[_HOURS[purpose]])
    db.session.add(
        StaffLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=_hash(token),
            created_by_id=by.id if by is not None else None,
            expires_at=now + dt.timedelta(hours=hours),
        )
    )
    db.session.commit()
    path = url_for(_ENDPOINTS[purpose], token=token)
    site = (
        current_app.config.get("SITE_URL")
        or url_for("staff.home", _external=True).rsplit("/staff/", 1)[0]
    )
    return site + path


def valid_link(token: str, purpose: LinkPurpose) -> StaffLink | None:
    """The unused, unexpired link of this kind for an active account, or None."""
    if not token or len(token) > TOKEN_MAX_CHARS:
        return None
    link = db.session.scalar(
        select(StaffLink).where(StaffLink.token_hash == _hash(token), StaffLink.purpose == purpose)
    )
    if link is None or link.used_at is not None or not link.user.active:
        return None
    return link if link.expires_at > utcnow() else None


def hours_valid(purpose: LinkPurpose) -> int:
    """How many hours a new link of this kind works for."""
    return int(current_app.config[_HOURS[purpose]])
