"""Signing in as a service: check credentials and second factor, slow down guessing, keep the log.

Sign-in is slowed down, not blocked, after failed attempts (webapp.accounts.throttle), and every
attempt is in the audit log. The view turns the outcome into a page; what happens to the
database happens here.
"""

from __future__ import annotations

from webapp.accounts import audit, throttle, totp
from webapp.accounts.models import StaffUser, new_session_token
from webapp.accounts.passwords import hash_password, password_matches
from webapp.accounts.users import find_user
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.i18n import _, format_date, ngettext

# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_NOBODY_HASH = hash_password("no such staff member")


def wrong_message() -> str:
    return _("The email or password is not right, or the account is disabled.")


def _need_code_message() -> str:
    return _("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")


def _wrong_code_message() -> str:
    return _("That code is not right. Codes change every 30 seconds: try the newest one.")


def check_credentials(email: str, password: str) -> StaffUser | None:
    """The active account these credentials open, or None (same work either way)."""
    user = find_user(email)
    ok = password_matches(user.password_hash if user else _NOBODY_HASH, password)
    return user if ok and user is not None and user.active else None


def _slowed_message(wait: int) -> str:
    minutes = (wait + 59) // 60
    return ngettext(
        "There have been too many failed sign-ins. Wait a minute and try again, sign in from "
        "the browser you usually use, or enter your password together with a code from your "
        "authenticator app.",
        "There have been too many failed sign-ins. Wait %(num)d minutes and try again, sign in "
        "from the browser you usually use, or enter your password together with a code from "
        "your authenticator app.",
        minutes,
    )


def attempt(
    email: str, password: str, code: str, *, address: str, device: str
) -> tuple[StaffUser | None, str]:
    """(the account to sign in, "") or (None, the message to show); failures are recorded."""
    user = find_user(email)
    wait = throttle.wait_seconds(user, address, device)
    if wait and not code:
        # Slowed down: a password alone is not even checked until the wait is over.
        _record_failure(email, device, "refused: too many failed sign-ins")
        return None, _slowed_message(wait)
    user = check_credentials(email, password)
    if user is None:
        _record_failure(email, device, "")
        return None, _slowed_message(wait) if wait else wrong_message()
    if user.has_two_factor:
        if not code:
            return None, _need_code_message()
        used = totp.check_second_factor(user, code)
        if used is None:
            db.session.rollback()
            _record_failure(email, device, "wrong authenticator code")
            return None, _slowed_message(wait) if wait else _wrong_code_message()
        if used == "recovery":
            audit.record(audit.Action.RECOVERY_CODE_USED, target=user.email, subject=user)
    elif wait:
        # A code was given for an account without one: the password alone must wait.
        _record_failure(email, device, "refused: too many failed sign-ins")
        return None, _slowed_message(wait)
    return user, ""


def _record_failure(email: str, device: str, detail: str) -> None:
    # Only a known account's email is kept: what a stranger types is not worth storing.
    user = find_user(email)
    if user is not None and not user.active:
        detail = detail or "the account is disabled"
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        target=user.email if user else "(no such account)",
        detail=detail,
        subject=user,
        device=device,
    )


def signed_in(user: StaffUser, device: str) -> str | None:
    """Record a sign-in; returns a warning about failed attempts since the last one, if any."""
    previous = user.last_login_at
    user.last_login_at = utcnow()
    db.session.commit()
    audit.record(audit.Action.SIGN_IN, target=user.email, subject=user, device=device)
    return _failures_warning(user, previous)


def ensure_session_token(user: StaffUser) -> None:
    """Give `user` a session token before Flask-Login stores it in the cookie."""
    if not user.session_token:
        user.session_token = new_session_token()


def _failures_warning(user: StaffUser, since) -> str | None:
    count, latest = throttle.failures_since(user, since)
    if not count:
        return None
    values = {
        "day": format_date(latest.created_at.date(), "d MMM y"),
        "time": latest.created_at.strftime("%H:%M"),
    }
    if latest.address:
        return ngettext(
            "%(num)d failed sign-in attempt on your account since you last signed in; on "
            "%(day)s at %(time)s UTC from %(address)s. If that was not you, tell an admin.",
            "%(num)d failed sign-in attempts on your account since you last signed in; the "
            "latest on %(day)s at %(time)s UTC from %(address)s. If that was not you, tell an "
            "admin.",
            count,
            address=latest.address,
            **values,
        )
    return ngettext(
        "%(num)d failed sign-in attempt on your account since you last signed in; on %(day)s "
        "at %(time)s UTC. If that was not you, tell an admin.",
        "%(num)d failed sign-in attempts on your account since you last signed in; the latest "
        "on %(day)s at %(time)s UTC. If that was not you, tell an admin.",
        count,
        **values,
    )


def sign_out(user: StaffUser) -> None:
    """End every session of `user` at once (the session token changes) and record it."""
    user.end_sessions()
    db.session.commit()
    audit.record(audit.Action.SIGN_OUT, target=user.email, subject=user)
