"""Staff accounts as a service: find, invite, change role, disable and enable, set a password.

Views and the command line call these and never touch the session themselves. Each change is
committed and, where an admin made it, written to the audit log here, so every path that changes
an account leaves the same trace.
"""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.accounts import audit, links, totp
from webapp.accounts.models import NO_PASSWORD, LinkPurpose, StaffUser
from webapp.accounts.passwords import hash_password
from webapp.clock import utcnow
from webapp.extensions import db

# Ids are 32-bit in PostgreSQL: a larger one in a URL is simply not an account.
_MAX_ID = 2**31


class AlreadyExists(ValueError):
    """There is already an account for that email address."""


def find_user(email: str) -> StaffUser | None:
    """The staff account with this email (case-insensitive), active or not."""
    return db.session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    )


def get(user_id: int) -> StaffUser | None:
    """The staff account with this id, or None."""
    return db.session.get(StaffUser, user_id) if 0 < user_id < _MAX_ID else None


def everyone() -> list[StaffUser]:
    """Every staff account, by email."""
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def create(email: str, role: str, password: str | None = None) -> StaffUser:
    """A new account (no password: it is set through an invitation link); commits."""
    email = email.strip()
    if find_user(email) is not None:
        raise AlreadyExists(email)
    user = StaffUser(
        email=email,
        role=role,
        password_hash=hash_password(password) if password else NO_PASSWORD,
    )
    if password:
        user.password_changed_at = utcnow()
    db.session.add(user)
    db.session.commit()
    return user


def invite(email: str, role: str, *, by: StaffUser) -> tuple[StaffUser, str]:
    """A new account and the one-time link that lets its owner choose a password."""
    user = create(email, role)
    link = links.make_link(user, LinkPurpose.INVITE, by=by)
    audit.record(audit.Action.INVITE, target=user.email, detail=f"as {user.role}", subject=user)
    return user, link


def new_link(user: StaffUser, *, by: StaffUser) -> tuple[LinkPurpose, str]:
    """A fresh password-reset link, or a fresh invitation if the account never had a password."""
    purpose = LinkPurpose.RESET if user.has_password else LinkPurpose.INVITE
    link = links.make_link(user, purpose, by=by)
    action = audit.Action.PASSWORD_RESET_LINK if user.has_password else audit.Action.INVITE
    audit.record(action, target=user.email, detail="new link", subject=user)
    return purpose, link


def set_role(user: StaffUser, role: str) -> None:
    """Change an account's role; commits and records who changed it from what."""
    before, user.role = user.role, role
    db.session.commit()
    audit.record(
        audit.Action.ROLE_CHANGE, target=user.email, detail=f"{before} → {user.role}", subject=user
    )


def disable(user: StaffUser) -> None:
    """The account cannot sign in, and its open sessions end at once."""
    user.active = False
    user.end_sessions()
    db.session.commit()
    audit.record(audit.Action.ACCOUNT_DISABLED, target=user.email, subject=user)


def enable(user: StaffUser) -> None:
    """Let a disabled account sign in again."""
    user.active = True
    db.session.commit()
    audit.record(audit.Action.ACCOUNT_ENABLED, target=user.email, subject=user)


def set_password(user: StaffUser, password: str, *, action: str, detail: str = "", actor=None):
    """Give `user` a new password, end all their sessions, commit and record `action`."""
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.end_sessions()
    db.session.commit()
    audit.record(action, target=user.email, detail=detail, subject=user, actor=actor)


def accept_link(link, password: str, action: str) -> StaffUser:
    """Spend a one-time link on choosing a password; the owner signs in with it next."""
    user = link.user
    link.used_at = utcnow()
    set_password(user, password, action=action, detail="with a one-time link", actor=user)
    return user


def remove_two_factor(user: StaffUser, *, by_admin: bool) -> None:
    """Remove an authenticator app; an admin doing it (lost phone) also signs the owner out."""
    totp.turn_off(user)
    if by_admin:
        user.end_sessions()
    db.session.commit()
    audit.record(
        audit.Action.TWO_FACTOR_OFF,
        target=user.email,
        detail="by an admin" if by_admin else "",
        subject=user,
    )


def start_two_factor(user: StaffUser, secret: str, step: int) -> list[str]:
    """Keep a proven authenticator secret; returns the new recovery codes (shown once)."""
    user.totp_secret, user.totp_last_step = secret, step
    codes = totp.make_recovery_codes(user)
    db.session.commit()
    audit.record(audit.Action.TWO_FACTOR_ON, target=user.email, subject=user)
    return codes


def new_recovery_codes(user: StaffUser) -> list[str]:
    """Replace a user's recovery codes; the old ones stop working."""
    codes = totp.make_recovery_codes(user)
    db.session.commit()
    return codes
