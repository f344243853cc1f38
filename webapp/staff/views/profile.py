"""Your own staff account: change your password, set up an authenticator app, recovery codes.

Changing the password ends every other session of the account (this browser is signed in again
with the new session token). A new authenticator secret is held in the session until a code from
the app proves it was scanned; recovery codes are shown once, right after they are made.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user

from webapp.accounts import audit, totp, users
from webapp.accounts.access import viewer_allowed
from webapp.accounts.passwords import password_matches
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.forms import ActionForm, ChangePasswordForm, TwoFactorOffForm, TwoFactorSetupForm

PENDING_SECRET = "staff_pending_totp"  # noqa: S105 - a session key
SHOWN_CODES = "staff_shown_recovery_codes"


@bp.route("/account", methods=["GET", "POST"])
@viewer_allowed
def my_account():
    """Your account: role, second factor, and the form to change your password."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if not password_matches(user.password_hash, form.current.data):
            form.current.errors.append(_("That is not your current password."))
        else:
            users.set_password(user, form.password.data, action=audit.Action.PASSWORD_CHANGE)
            login_user(user)  # this browser carries on with the new session token
            flash(
                _("Your password is changed. Every other session has been signed out."), "success"
            )
            return redirect(url_for("staff.my_account"))
    return render_template(
        "staff/my_account.html",
        form=form,
        off_form=TwoFactorOffForm(),
        codes_left=totp.unused_recovery_codes(user) if user.has_two_factor else 0,
        required=bool(current_app.config.get("STAFF_REQUIRE_TWO_FACTOR")),
    ), (400 if form.errors else 200)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@viewer_allowed
def two_factor_setup():
    """Scan a QR code (or type the key), then prove it with a code; replaces any earlier app."""
    user = current_user._get_current_object()
    secret = session.get(PENDING_SECRET)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[PENDING_SECRET] = totp.new_secret()
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        step = totp.code_is_current(secret, form.code.data, None)
        if step is None:
            form.code.errors.append(
                _(
                    "That code is not right. Check the app shows “Campaign staff”; "
                    "try its newest code."
                )
            )
        else:
            session.pop(PENDING_SECRET, None)
            session[SHOWN_CODES] = users.start_two_factor(user, secret, step)
            flash(_("Your authenticator app is set up."), "success")
            return redirect(url_for("staff.recovery_codes"))
    uri = totp.setup_uri(user.email, secret)
    return render_template(
        "staff/two_factor_setup.html",
        form=form,
        qr=totp.qr_svg(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    ), (400 if form.errors else 200)


@bp.route("/account/recovery-codes", methods=["GET", "POST"])
@viewer_allowed
def recovery_codes():
    """The recovery codes just made (shown once), or a button to make new ones."""
    user = current_user._get_current_object()
    form = ActionForm()
    if user.has_two_factor and form.validate_on_submit():
        session[SHOWN_CODES] = users.new_recovery_codes(user)
        flash(_("New recovery codes made; the old ones no longer work."), "success")
        return redirect(url_for("staff.recovery_codes"))
    codes = session.pop(SHOWN_CODES, None)
    return render_template(
        "staff/recovery_codes.html",
        codes=codes if isinstance(codes, list) else None,
        codes_left=totp.unused_recovery_codes(user) if user.has_two_factor else 0,
        form=form,
    )


@bp.route("/account/two-factor/off", methods=["POST"])
@viewer_allowed
def two_factor_off():
    """Remove your authenticator app (needs your password; refused where it is required)."""
    user = current_user._get_current_object()
    form = TwoFactorOffForm()
    if current_app.config.get("STAFF_REQUIRE_TWO_FACTOR"):
        flash(_("The staff area requires an authenticator app; set up a new one instead."), "error")
    elif form.validate_on_submit() and user.has_two_factor:
        if password_matches(user.password_hash, form.current.data):
            users.remove_two_factor(user, by_admin=False)
            flash(_("Your authenticator app is removed."), "success")
        else:
            flash(_("That is not your password; the authenticator app is still set up."), "error")
    return redirect(url_for("staff.my_account"))
