"""Staff accounts, for admins: invite a colleague, set their role, disable them, reset links.

A link (invitation or password reset) is shown once to the admin who made it, to pass on by a
channel they trust; it is kept only hashed. Admins cannot change their own role or disable
themselves, so there is always someone left to manage accounts.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.accounts import audit, links, totp
from webapp.accounts.access import admin_only
from webapp.accounts.models import NO_PASSWORD, LinkPurpose, StaffUser
from webapp.extensions import db
from webapp.staff.blueprint import bp
from webapp.staff.forms import ActionForm, InviteForm, RoleForm
from webapp.staff.views.auth import find_user

# The one-time link just made, shown once on the account's page (then forgotten).
SHOWN_LINK = "staff_shown_link"


def _account(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id) if user_id < 2**31 else None
    if user is None:
        abort(404)
    return user


def _not_yourself(user: StaffUser, what: str):
    if user.id == current_user.id:
        flash(f"You cannot {what} your own account: ask another admin.", "error")
        return redirect(url_for("staff.account_detail", user_id=user.id))
    return None


@bp.route("/accounts", methods=["GET", "POST"])
@admin_only
def accounts():
    """Every staff account, and the form to invite a colleague."""
    form = InviteForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        if find_user(email) is not None:
            form.email.errors.append("There is already an account for that email address.")
        else:
            user = StaffUser(email=email, role=form.role.data, password_hash=NO_PASSWORD)
            db.session.add(user)
            db.session.commit()
            link = links.make_link(user, LinkPurpose.INVITE, by=current_user)
            audit.record(audit.Action.INVITE, target=email, detail=f"as {user.role}", subject=user)
            session[SHOWN_LINK] = [user.id, LinkPurpose.INVITE.value, link]
            return redirect(url_for("staff.account_detail", user_id=user.id))
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    return render_template("staff/accounts.html", form=form, users=users), (
        400 if form.errors else 200
    )


@bp.route("/accounts/<int:user_id>")
@admin_only
def account_detail(user_id: int):
    """One account: role, state, second factor, and the buttons to change them."""
    user = _account(user_id)
    shown = session.pop(SHOWN_LINK, None)
    link = shown if shown and shown[0] == user.id else None
    return render_template(
        "staff/account_detail.html",
        user=user,
        role_form=RoleForm(role=user.role),
        action_form=ActionForm(),
        link=link,
        invite_hours=links.hours_valid(LinkPurpose.INVITE),
        reset_hours=links.hours_valid(LinkPurpose.RESET),
    )


@bp.route("/accounts/<int:user_id>/role", methods=["POST"])
@admin_only
def account_role(user_id: int):
    """Change a colleague's role."""
    user = _account(user_id)
    refused = _not_yourself(user, "change the role of")
    if refused:
        return refused
    form = RoleForm()
    if form.validate_on_submit() and form.role.data != user.role:
        before, user.role = user.role, form.role.data
        db.session.commit()
        audit.record(
            audit.Action.ROLE_CHANGE,
            target=user.email,
            detail=f"{before} → {user.role}",
            subject=user,
        )
        flash(f"{user.email} is now {user.role_label}.", "success")
    elif form.errors:
        flash("Choose one of the roles.", "error")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/disable", methods=["POST"])
@admin_only
def account_disable(user_id: int):
    """Disable an account: it cannot sign in, and its open sessions end at once."""
    user = _account(user_id)
    refused = _not_yourself(user, "disable")
    if refused:
        return refused
    if ActionForm().validate_on_submit() and user.active:
        user.active = False
        user.end_sessions()
        db.session.commit()
        audit.record(audit.Action.ACCOUNT_DISABLED, target=user.email, subject=user)
        flash(f"{user.email} is disabled and signed out everywhere.", "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/enable", methods=["POST"])
@admin_only
def account_enable(user_id: int):
    """Let a disabled account sign in again."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and not user.active:
        user.active = True
        db.session.commit()
        audit.record(audit.Action.ACCOUNT_ENABLED, target=user.email, subject=user)
        flash(f"{user.email} can sign in again.", "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/link", methods=["POST"])
@admin_only
def account_link(user_id: int):
    """A new one-time link: a password reset, or a fresh invitation if never accepted."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and user.active:
        purpose = LinkPurpose.RESET if user.has_password else LinkPurpose.INVITE
        link = links.make_link(user, purpose, by=current_user)
        action = audit.Action.PASSWORD_RESET_LINK if user.has_password else audit.Action.INVITE
        audit.record(action, target=user.email, detail="new link", subject=user)
        session[SHOWN_LINK] = [user.id, purpose.value, link]
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/two-factor-off", methods=["POST"])
@admin_only
def account_two_factor_off(user_id: int):
    """Remove a colleague's authenticator app (lost phone); they set one up at next sign-in."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and user.has_two_factor:
        totp.turn_off(user)
        user.end_sessions()
        db.session.commit()
        audit.record(
            audit.Action.TWO_FACTOR_OFF, target=user.email, detail="by an admin", subject=user
        )
        flash(f"{user.email} no longer has an authenticator app, and is signed out.", "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))
