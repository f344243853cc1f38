"""Signing in and out, and the staff home page.

The checks, the slowing down after failed attempts and the audit log are in
webapp.accounts.sign_in; this module turns them into pages and the session cookie. Signing out
changes the account's session token, so every copy of the session cookie stops working at once.
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

from webapp.accounts import sign_in, throttle
from webapp.accounts.access import SIGNED_IN_AT, anonymous_allowed, safe_next, viewer_allowed
from webapp.accounts.models import StaffUser
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.forms import LoginForm, LogoutForm


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
        user, problem = sign_in.attempt(
            form.email.data,
            form.password.data,
            form.code.data or "",
            address=request.remote_addr or "",
            device=device,
        )
        if user is not None:
            response = make_response(redirect(next_url or url_for("staff.home")))
            _sign_in(user, throttle.remember_device(response, device))
            return response
        form.form_errors.append(problem)
    return render_template("staff/login.html", form=form, next_url=next_url)


def _sign_in(user: StaffUser, device: str) -> None:
    session.clear()  # a fresh session on sign-in: nothing carried over from before
    sign_in.ensure_session_token(user)
    login_user(user, remember=False)
    session[SIGNED_IN_AT] = time.time()
    warning = sign_in.signed_in(user, device)
    if warning:
        flash(warning, "warning")


@bp.route("/logout", methods=["POST"])
@viewer_allowed
def logout():
    """Sign out everywhere (a POST with the CSRF token, so another site cannot sign staff out)."""
    if LogoutForm().validate_on_submit():
        sign_in.sign_out(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You are signed out."), "success")
    return redirect(url_for("staff.login"))


@bp.route("/")
@viewer_allowed
def home():
    """The staff start page: links to each part of the staff area."""
    return render_template("staff/home.html")
