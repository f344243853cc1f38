"""Signing in and out, and the staff home page."""

from __future__ import annotations

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db, limiter
from webapp.staff import audit
from webapp.staff.access import SIGNED_IN_AT, anonymous_allowed, safe_next, viewer_allowed
from webapp.staff.blueprint import bp
from webapp.staff.forms import LoginForm, LogoutForm
from webapp.staff.models import StaffUser, utcnow

# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_NOBODY_HASH = generate_password_hash("no such staff member")


def find_user(email: str) -> StaffUser | None:
    """The staff account with this email (case-insensitive), active or not."""
    return db.session.scalar(
        select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    )


def check_credentials(email: str, password: str) -> StaffUser | None:
    """The active account these credentials open, or None (same work either way)."""
    user = find_user(email)
    ok = check_password_hash(user.password_hash if user else _NOBODY_HASH, password)
    return user if ok and user is not None and user.active else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5/minute", methods=["POST"])
@anonymous_allowed
def login():
    """The sign-in form; on success go to `next` when it is a page on this site."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = check_credentials(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session on sign-in: nothing carried over from before
            login_user(user, remember=False)
            session[SIGNED_IN_AT] = time.time()
            user.last_login_at = utcnow()
            db.session.commit()
            audit.record(audit.Action.SIGN_IN, target=user.email, subject=user)
            return redirect(next_url or url_for("staff.home"))
        _record_failure(form.email.data)
        form.form_errors.append("The email or password is not right, or the account is disabled.")
    return render_template("staff/login.html", form=form, next_url=next_url)


def _record_failure(email: str) -> None:
    # Only a known account's email is kept: what a stranger types is not worth storing.
    user = find_user(email)
    detail = "" if user is None or user.active else "the account is disabled"
    audit.record(
        audit.Action.SIGN_IN_FAILED,
        target=user.email if user else "(no such account)",
        detail=detail,
        subject=user,
    )


@bp.route("/logout", methods=["POST"])
@viewer_allowed
def logout():
    """Sign out (a POST with the CSRF token, so another site cannot sign staff out)."""
    if LogoutForm().validate_on_submit():
        audit.record(audit.Action.SIGN_OUT, target=current_user.email, subject=current_user)
        logout_user()
        session.clear()
        flash("You are signed out.", "success")
    return redirect(url_for("staff.login"))


@bp.route("/")
@viewer_allowed
def home():
    """The staff start page: links to each part of the staff area."""
    return render_template("staff/home.html")
