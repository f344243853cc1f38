"""Admins manage staff accounts in the browser: invitations, roles, disabling, reset links."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from staff_helpers import ADMIN_EMAIL, EDITOR_EMAIL, PASSWORD, sign_in
from webapp_helpers import page, visible_text

from webapp.accounts import audit
from webapp.accounts.models import AuditEvent, StaffLink, StaffUser
from webapp.extensions import db

NEW_PASSWORD = "velvet harbour mosaic thistle"


def token_from(client, url: str) -> str:
    """The CSRF token of the first form at `url`."""
    return page(client.get(url)).find("input", attrs={"name": "csrf_token"})["value"]


def invite(admin, email: str = "new@example.org", role: str = "editor") -> str:
    """Invite a colleague; returns the one-time link shown to the admin."""
    response = admin.post(
        "/staff/accounts",
        data={"email": email, "role": role, "csrf_token": token_from(admin, "/staff/accounts")},
    )
    assert response.status_code == 302, visible_text(response)
    shown = page(admin.get(response.headers["Location"]))
    return shown.select_one("#one-time-link")["value"]


def choose_password(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    """Open a one-time link and choose a password with it."""
    path = link.removeprefix("https://write.example.org")
    return client.post(
        path,
        data={
            "password": password,
            "confirm": password if confirm is None else confirm,
            "csrf_token": token_from(client, path),
        },
    )


def account_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(StaffUser.id).where(StaffUser.email == email))


def test_an_invitation_link_lets_a_colleague_choose_a_password_once(app, admin, client):
    """The invited colleague sets a password with the link, signs in, and the link is spent."""
    link = invite(admin, role="editor")
    assert link.startswith("https://write.example.org/staff/welcome/")
    assert choose_password(client, link).headers["Location"] == "/staff/login"
    assert sign_in(client, "new@example.org", NEW_PASSWORD).status_code == 302
    assert "Signed in as new@example.org (editor)" in visible_text(client.get("/staff/"))
    again = app.test_client().get(link.removeprefix("https://write.example.org"))
    assert again.status_code == 404
    assert "This link does not work" in visible_text(again)


def test_the_invitation_is_shown_only_once_and_stored_hashed(app, admin):
    """The link appears on the next page only; the database holds a hash, not the link."""
    link = invite(admin)
    user_id = account_id(app, "new@example.org")
    assert page(admin.get(f"/staff/accounts/{user_id}")).select_one("#one-time-link") is None
    with app.app_context():
        stored = db.session.scalar(select(StaffLink))
    assert link.rsplit("/", 1)[1] not in stored.token_hash


def test_an_invited_account_cannot_sign_in_before_accepting(app, admin, client):
    """Until the link is used, no password opens the invited account."""
    invite(admin)
    assert sign_in(client, "new@example.org", "").status_code == 200
    assert sign_in(client, "new@example.org", "!").status_code == 200
    assert client.get("/staff/").status_code == 302


def test_an_expired_link_does_not_work(app, admin, client):
    """A link past its hours is refused."""
    link = invite(admin)
    with app.app_context():
        db.session.query(StaffLink).update(
            {"expires_at": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}
        )
        db.session.commit()
    assert client.get(link.removeprefix("https://write.example.org")).status_code == 404


def test_a_new_link_cancels_the_old(app, admin, client):
    """Making a new invitation link makes the earlier one stop working."""
    first = invite(admin)
    user_id = account_id(app, "new@example.org")
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/link", data={"csrf_token": token_from(admin, detail)})
    second = page(admin.get(detail)).select_one("#one-time-link")["value"]
    assert second != first
    assert client.get(first.removeprefix("https://write.example.org")).status_code == 404
    assert client.get(second.removeprefix("https://write.example.org")).status_code == 200


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", None, "at least 12 characters"),
        ("password1234", None, "most common passwords"),
        ("aaaaaaaaaaaaaaaa", None, "easy to guess"),
        ("new@example.org!", None, "easy to guess"),
        (NEW_PASSWORD, "something else entirely", "not the same"),
        ("x" * 201, None, "at most 200"),
    ],
)
def test_weak_or_common_passwords_are_refused(admin, client, password, confirm, message):
    """Short, common, guessable or mismatched passwords get a plain message and change nothing."""
    link = invite(admin)
    response = choose_password(client, link, password, confirm)
    assert response.status_code == 400
    assert message in visible_text(response)
    assert client.get(link.removeprefix("https://write.example.org")).status_code == 200


def test_a_reset_link_sets_a_new_password_and_ends_old_sessions(app, admin, editor, client):
    """An admin's reset link lets the colleague choose a new password; their sessions end."""
    user_id = account_id(app, EDITOR_EMAIL)
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/link", data={"csrf_token": token_from(admin, detail)})
    link = page(admin.get(detail)).select_one("#one-time-link")["value"]
    assert "/staff/reset/" in link
    assert choose_password(client, link).status_code == 302
    assert editor.get("/staff/").status_code == 302
    assert sign_in(client, EDITOR_EMAIL, PASSWORD).status_code == 200
    assert sign_in(client, EDITOR_EMAIL, NEW_PASSWORD).status_code == 302


def test_role_changes_are_made_and_recorded(app, admin, editor):
    """An admin changes a colleague's role; the change takes effect and is in the audit log."""
    user_id = account_id(app, EDITOR_EMAIL)
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/role", data={"role": "viewer", "csrf_token": token_from(admin, detail)})
    assert editor.get("/staff/exports").status_code == 403
    with app.app_context():
        row = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == audit.Action.ROLE_CHANGE)
        )
    assert (row.actor_email, row.target, row.detail) == (
        ADMIN_EMAIL,
        EDITOR_EMAIL,
        "editor → viewer",
    )


def test_an_unknown_role_is_refused(app, admin, editor):
    """A role that is not one of the three changes nothing."""
    user_id = account_id(app, EDITOR_EMAIL)
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/role", data={"role": "owner", "csrf_token": token_from(admin, detail)})
    with app.app_context():
        assert db.session.get(StaffUser, user_id).role == "editor"


def test_admins_cannot_demote_or_disable_themselves(app, admin):
    """An admin's own account needs another admin to change its role or disable it."""
    user_id = account_id(app, ADMIN_EMAIL)
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/role", data={"role": "viewer", "csrf_token": token_from(admin, detail)})
    admin.post(f"{detail}/disable", data={"csrf_token": token_from(admin, detail)})
    with app.app_context():
        user = db.session.get(StaffUser, user_id)
        assert (user.role, user.active) == ("admin", True)


def test_disabled_accounts_can_be_enabled_again(app, admin, make_user, client):
    """Enable lets a disabled colleague sign in again."""
    user_id = make_user(EDITOR_EMAIL, active=False)
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/enable", data={"csrf_token": token_from(admin, detail)})
    assert sign_in(client, EDITOR_EMAIL).status_code == 302


def test_inviting_an_existing_email_is_a_form_error(admin, make_user):
    """Inviting someone who already has an account says so."""
    make_user(EDITOR_EMAIL)
    response = admin.post(
        "/staff/accounts",
        data={
            "email": EDITOR_EMAIL.upper(),
            "role": "viewer",
            "csrf_token": token_from(admin, "/staff/accounts"),
        },
    )
    assert response.status_code == 400
    assert "already an account" in visible_text(response)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an email", "email address like"),
        ("a@b", "email address like"),
        ("a\x00b@example.org", "invisible control character"),
    ],
)
def test_bad_invitation_emails_are_refused(admin, email, message):
    """An invitation needs a real-looking email address."""
    response = admin.post(
        "/staff/accounts",
        data={"email": email, "role": "viewer", "csrf_token": token_from(admin, "/staff/accounts")},
    )
    assert response.status_code == 400
    assert message in visible_text(response)


@pytest.mark.parametrize(
    "url",
    ["/staff/accounts", "/staff/accounts/1/role", "/staff/accounts/1/disable", "/staff/account"],
)
def test_account_changes_need_the_csrf_token(admin, url):
    """Every account-changing POST without a CSRF token is refused."""
    assert admin.post(url, data={"role": "viewer", "email": "x@example.org"}).status_code == 400


def test_a_huge_account_id_is_a_404(admin):
    """An account id past the database's integers is 404, not a server error."""
    assert admin.get("/staff/accounts/99999999999999999999").status_code == 404


def test_an_admin_can_remove_a_colleagues_lost_app(app, admin, editor):
    """Removing a colleague's authenticator app signs them out; they sign in with a password."""
    user_id = account_id(app, EDITOR_EMAIL)
    with app.app_context():
        db.session.get(StaffUser, user_id).totp_secret = "A" * 32
        db.session.commit()
    detail = f"/staff/accounts/{user_id}"
    admin.post(f"{detail}/two-factor-off", data={"csrf_token": token_from(admin, detail)})
    assert editor.get("/staff/").status_code == 302
    with app.app_context():
        assert db.session.get(StaffUser, user_id).totp_secret is None


def test_the_cli_refuses_a_common_password(app):
    """`flask staff create` applies the same password rule as the browser."""
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "a@example.org"], input="password1234\npassword1234\n"
    )
    assert result.exit_code != 0
    assert "most common passwords" in result.output
