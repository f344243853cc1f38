"""The pages a one-time link opens: accept an invitation, or reset a forgotten password.

Either way the person chooses a password (checked like every staff password) and is then asked
to sign in with it, so a second factor, where set up, is still needed after a reset.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import logout_user

from webapp.accounts import audit, links, users
from webapp.accounts.access import anonymous_allowed
from webapp.accounts.models import LinkPurpose
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.forms import NewPasswordForm

_ACTIONS = {
    LinkPurpose.INVITE: audit.Action.INVITE_ACCEPTED,
    LinkPurpose.RESET: audit.Action.PASSWORD_CHANGE,
}


def _choose_password(token: str, purpose: LinkPurpose):
    link = links.valid_link(token, purpose)
    if link is None:
        return render_template("staff/link_invalid.html", purpose=purpose.value), 404
    user = link.user
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        users.accept_link(link, form.password.data, _ACTIONS[purpose])
        logout_user()  # whoever was signed in in this browser, the link's owner signs in next
        if purpose is LinkPurpose.INVITE:
            flash(_("Welcome! Your password is set. Sign in with it now."), "success")
        else:
            flash(_("Your new password is set. Sign in with it now."), "success")
        return redirect(url_for("staff.login"))
    return render_template(
        "staff/set_password.html", form=form, user=user, purpose=purpose.value
    ), (400 if form.errors else 200)


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@anonymous_allowed
def accept_invite(token: str):
    """An invited colleague chooses their password."""
    return _choose_password(token, LinkPurpose.INVITE)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@anonymous_allowed
def reset_password(token: str):
    """Someone given a reset link chooses a new password; every open session of theirs ends."""
    return _choose_password(token, LinkPurpose.RESET)
