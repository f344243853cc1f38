"""Signing in and out, and the staff home page.

Sign-in is slowed down, not blocked, after failed attempts (webapp.accounts.throttle), and every
attempt is in the audit log. Signing out changes the account's session token, so every copy of
the session cookie stops working at once.
"""

from __future__ import annotations

import time

from flask import (
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from webapp.accounts import audit, throttle, totp
from webapp.accounts.access import SIGNED_IN_AT, anonymous_allowed, safe_next, viewer_allowed
from webapp.accounts.models import StaffUser, new_session_token
from webapp.accounts.passwords import hash_password, password_matches
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.staff.blueprint import bp
from webapp.staff.forms import LoginForm, LogoutForm

# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_NOBODY_HASH = hash_password("no such staff member")
WRONG = "The email or password is not right, or the account is disabled."
NEED_CODE = "Enter the 6-digit code from your authenticator app, or one of your recovery codes."
WRONG_CODE = "That code is not right. Codes change every 30 seconds: try the newest one."


def find_user(email: str) -> StaffUser | None:
    """The staff account with this email (case-insensitive), active or not."""
    return db.session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    )


def check_credentials(email: str, password: str) -> StaffUser | None:
    """The active account these credentials open, or None (same work either way)."""
    user = find_user(email)
    ok = password_matches(user.password_hash if user else _NOBODY_HASH, password)
    return user if ok and user is not None and user.active else None


def _slowed_message(wait: int) -> str:
    minutes = "a minute" if wait <= 60 else f"{(wait + 59) // 60} minutes"
    return (
        f"There have been too many failed sign-ins. Wait {minutes} and try again, sign in from "
        "the browser you usually use, or enter your password together with a code from your "
        "authenticator app."
    )


def _attempt(form: LoginForm, device: str) -> tuple[StaffUser | None, str]:
    """(the account to sign in, "") or (None, the message to show); failures are recorded."""
    email, password, code = form.email.data, form.password.data, form.code.data or ""
    user = find_user(email)
    wait = throttle.wait_seconds(user, request.remote_addr or "", device)
    if wait and not code:
        # Slowed down: a password alone is not even checked until the wait is over.
        _record_failure(email, device, "refused: too many failed sign-ins")
        return None, _slowed_message(wait)
    user = check_credentials(email, password)
    if user is None:
        _record_failure(email, device, "")
        return None, _slowed_message(wait) if wait else WRONG
    if user.has_two_factor:
        if not code:
            return None, NEED_CODE
        used = totp.check_second_factor(user, code)
        if used is None:
            db.session.rollback()
            _record_failure(email, device, "wrong authenticator code")
            return None, _slowed_message(wait) if wait else WRONG_CODE
        if used == "recovery":
            audit.record(audit.Action.RECOVERY_CODE_USED, target=user.email, subject=user)
    elif wait:
        # A code was given for an account without one: the password alone must wait.
        _record_failure(email, device, "refused: too many failed sign-ins")
        return None, _slowed_message(wait)
    return user, ""


@bp.route("/login", methods=["GET", "POST"])
@anonymous_allowed
def login():
    """The sign-in form; on success go to `next` when it is a page on this site."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        device = throttle.device_id(request)
        user, problem = _attempt(form, device)
        if user is not None:
            response = make_response(redirect(next_url or url_for("staff.home")))
            _sign_in(user, throttle.remember_device(response, device))
            return response
        form.form_errors.append(problem)
    return render_template("staff/login.html", form=form, next_url=next_url)


def _sign_in(user: StaffUser, device: str) -> None:
    previous = user.last_login_at
    session.clear()  # a fresh session on sign-in: nothing carried over from before
    if not user.session_token:
        user.session_token = new_session_token()
    login_user(user, remember=False)
    session[SIGNED_IN_AT] = time.time()
    user.last_login_at = utcnow()
    db.session.commit()
    audit.record(audit.Action.SIGN_IN, target=user.email, subject=user, device=device)
    _tell_of_failures(user, previous)


def _tell_of_failures(user: StaffUser, since) -> None:
    count, latest = throttle.failures_since(user, since)
    if not count:
        return
    when = latest.created_at.strftime("%d %b %Y at %H:%M UTC")
    where = f" from {latest.address}" if latest.address else ""
    flash(
        f"{count} failed sign-in attempt(s) on your account since you last signed in; "
        f"the latest on {when}{where}. If that was not you, tell an admin.",
        "warning",
    )


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


@bp.route("/logout", methods=["POST"])
@viewer_allowed
def logout():
    """Sign out everywhere (a POST with the CSRF token, so another site cannot sign staff out)."""
    if LogoutForm().validate_on_submit():
        user = current_user._get_current_object()
        user.end_sessions()
        db.session.commit()
        audit.record(audit.Action.SIGN_OUT, target=user.email, subject=user)
        logout_user()
        session.clear()
        flash("You are signed out.", "success")
    return redirect(url_for("staff.login"))


@bp.route("/")
@viewer_allowed
def home():
    """The staff start page: links to each part of the staff area."""
    return render_template("staff/home.html")
