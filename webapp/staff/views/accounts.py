"""Staff accounts, for admins: invite a colleague, set their role, disable them, reset links.

A link (invitation or password reset) is shown once to the admin who made it, to pass on by a
channel they trust; it is kept only hashed. Admins cannot change their own role or disable
themselves, so there is always someone left to manage accounts.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from wtforms import SelectChoice

from webapp.accounts import links, users
from webapp.accounts.access import admin_only
from webapp.accounts.models import LinkPurpose, StaffUser
from webapp.campaigns import access
from webapp.content import published
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.forms import ActionForm, CampaignAccessForm, InviteForm, RoleForm

# The one-time link just made, shown once on the account's page (then forgotten).
SHOWN_LINK = "staff_shown_link"


def _account(user_id: int) -> StaffUser:
    user = users.get(user_id)
    if user is None:
        abort(404)
    return user


def _not_yourself(user: StaffUser, message: str):
    if user.id == current_user.id:
        flash(message, "error")
        return redirect(url_for("staff.account_detail", user_id=user.id))
    return None


@bp.route("/accounts", methods=["GET", "POST"])
@admin_only
def accounts():
    """Every staff account, and the form to invite a colleague."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, link = users.invite(form.email.data, form.role.data, by=current_user)
        except users.AlreadyExists:
            form.email.errors.append(_("There is already an account for that email address."))
        else:
            session[SHOWN_LINK] = [user.id, LinkPurpose.INVITE.value, link]
            return redirect(url_for("staff.account_detail", user_id=user.id))
    return render_template("staff/accounts.html", form=form, users=users.everyone()), (
        400 if form.errors else 200
    )


@bp.route("/accounts/<int:user_id>")
@admin_only
def account_detail(user_id: int):
    """One account: role, state, second factor, and the buttons to change them."""
    user = _account(user_id)
    shown = session.pop(SHOWN_LINK, None)
    link = shown if shown and shown[0] == user.id else None
    allowed = access.allowed_slugs(user)
    access_form = _access_form(
        scope="all" if allowed is None else "chosen", campaigns=sorted(allowed or ())
    )
    return render_template(
        "staff/account_detail.html",
        user=user,
        access_form=access_form,
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
    refused = _not_yourself(
        user, _("You cannot change the role of your own account: ask another admin.")
    )
    if refused:
        return refused
    form = RoleForm()
    if form.validate_on_submit() and form.role.data != user.role:
        users.set_role(user, form.role.data)
        flash(_("%(email)s is now %(role)s.", email=user.email, role=user.role_label), "success")
    elif form.errors:
        flash(_("Choose one of the roles."), "error")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/disable", methods=["POST"])
@admin_only
def account_disable(user_id: int):
    """Disable an account: it cannot sign in, and its open sessions end at once."""
    user = _account(user_id)
    refused = _not_yourself(user, _("You cannot disable your own account: ask another admin."))
    if refused:
        return refused
    if ActionForm().validate_on_submit() and user.active:
        users.disable(user)
        flash(_("%(email)s is disabled and signed out everywhere.", email=user.email), "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/enable", methods=["POST"])
@admin_only
def account_enable(user_id: int):
    """Let a disabled account sign in again."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and not user.active:
        users.enable(user)
        flash(_("%(email)s can sign in again.", email=user.email), "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/link", methods=["POST"])
@admin_only
def account_link(user_id: int):
    """A new one-time link: a password reset, or a fresh invitation if never accepted."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and user.active:
        purpose, link = users.new_link(user, by=current_user)
        session[SHOWN_LINK] = [user.id, purpose.value, link]
    return redirect(url_for("staff.account_detail", user_id=user.id))


@bp.route("/accounts/<int:user_id>/two-factor-off", methods=["POST"])
@admin_only
def account_two_factor_off(user_id: int):
    """Remove a colleague's authenticator app (lost phone); they set one up at next sign-in."""
    user = _account(user_id)
    if ActionForm().validate_on_submit() and user.has_two_factor:
        users.remove_two_factor(user, by_admin=True)
        flash(
            _("%(email)s no longer has an authenticator app, and is signed out.", email=user.email),
            "success",
        )
    return redirect(url_for("staff.account_detail", user_id=user.id))


def _access_form(**data) -> CampaignAccessForm:
    form = CampaignAccessForm(**data)
    form.campaigns.choices = [
        SelectChoice(c.slug, c.title) for c, _state in published.all_campaigns()
    ]
    return form


@bp.route("/accounts/<int:user_id>/campaigns", methods=["POST"])
@admin_only
def account_campaigns(user_id: int):
    """Limit a colleague to chosen campaigns, or let them work on every one."""
    user = _account(user_id)
    form = _access_form()
    if not form.validate_on_submit():
        flash(_("Tick at least one campaign, or choose “Every campaign”."), "error")
        return redirect(url_for("staff.account_detail", user_id=user.id))
    chosen = form.campaigns.data if form.scope.data == "chosen" else None
    access.limit(user, chosen, by=current_user)
    if chosen:
        flash(
            _("%(email)s may now work only on the campaigns ticked.", email=user.email), "success"
        )
    else:
        flash(_("%(email)s may now work on every campaign.", email=user.email), "success")
    return redirect(url_for("staff.account_detail", user_id=user.id))
