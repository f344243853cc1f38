"""Signing in and out of the staff area, sessions, and the account commands."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL, PASSWORD, form_token, sign_in
from webapp_helpers import page, visible_text
from werkzeug.security import check_password_hash

from webapp.accounts.access import SIGNED_IN_AT
from webapp.accounts.models import StaffUser
from webapp.extensions import db


def test_sign_in_opens_the_staff_area(client, make_user, app):
    """The right email and password sign in, land on the staff home, and record the time."""
    make_user(EDITOR_EMAIL)
    response = sign_in(client, EDITOR_EMAIL.upper())
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    assert "Campaign staff area" in visible_text(client.get("/staff/"))
    with app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.last_login_at is not None


def test_a_wrong_password_is_refused(client, make_user):
    """A wrong password shows an error, and the staff pages stay closed."""
    make_user(EDITOR_EMAIL)
    response = sign_in(client, EDITOR_EMAIL, "not the password")
    assert response.status_code == 200
    assert "email or password is not right" in visible_text(response)
    assert client.get("/staff/").status_code == 302


def test_an_unknown_email_gets_the_same_answer(client, make_user):
    """An unknown email gets the same message as a wrong password (no account probing)."""
    response = sign_in(client, "nobody@example.org")
    assert "email or password is not right" in visible_text(response)


def test_a_disabled_account_cannot_sign_in(client, make_user):
    """A disabled account is refused even with the right password."""
    make_user(EDITOR_EMAIL, active=False)
    assert sign_in(client, EDITOR_EMAIL).status_code == 200
    assert client.get("/staff/").status_code == 302


def test_disabling_an_account_ends_its_open_session(editor, app):
    """Once disabled (flask staff disable), a signed-in member is sent to sign in again."""
    assert editor.get("/staff/").status_code == 200
    result = app.test_cli_runner().invoke(args=["staff", "disable", EDITOR_EMAIL])
    assert result.exit_code == 0, result.output
    response = editor.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/staff/",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\n/evil.example",
        "/staff/\x00",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    """After sign-in, a `next` that could lead off the site is ignored (go to the staff home)."""
    make_user(EDITOR_EMAIL)
    response = client.post(
        "/staff/login",
        query_string={"next": target},
        data={"email": EDITOR_EMAIL, "password": PASSWORD, **form_token(client, "/staff/login")},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_next_returns_to_the_page_asked_for(client, make_user):
    """A page of this site in `next` is where sign-in leads."""
    make_user(EDITOR_EMAIL)
    first = client.get("/staff/counts?date_from=2026-01-01")
    assert first.headers["Location"] == "/staff/login?next=/staff/counts?date_from%3D2026-01-01"
    response = sign_in(client, EDITOR_EMAIL, next_url="/staff/counts?date_from%3D2026-01-01")
    assert response.headers["Location"] == "/staff/counts?date_from=2026-01-01"


def test_sessions_end_after_their_lifetime(editor):
    """A sign-in older than STAFF_SESSION_HOURS (8 by default) must sign in again."""
    with editor.session_transaction() as session:
        session[SIGNED_IN_AT] = time.time() - 8 * 3600 - 60
    response = editor.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")
    assert "session has ended" in visible_text(editor.get(response.headers["Location"]))


def test_sessions_are_not_remembered(client, make_user):
    """Sign-in sets no remember-me cookie: closing the browser ends the session."""
    make_user(EDITOR_EMAIL)
    response = sign_in(client, EDITOR_EMAIL)
    assert all("remember_token" not in c for c in response.headers.getlist("Set-Cookie"))


def test_sign_out_needs_a_post_with_the_token(editor):
    """Signing out is a POST with a CSRF token; a GET or a token-less POST does nothing."""
    assert editor.get("/staff/logout").status_code == 405
    assert editor.post("/staff/logout").status_code == 400
    assert editor.get("/staff/").status_code == 200
    token = page(editor.get("/staff/")).select_one("form.staff-signout input[name=csrf_token]")
    response = editor.post("/staff/logout", data={"csrf_token": token["value"]})
    assert response.headers["Location"] == "/staff/login"
    assert editor.get("/staff/").status_code == 302


def test_cli_creates_lists_and_disables_accounts(app):
    """`flask staff create` asks for the password twice and stores only a scrypt hash."""
    runner = app.test_cli_runner()
    secret = "plum orbit lantern quietly"
    result = runner.invoke(
        args=["staff", "create", "new@example.org", "--role", "viewer"],
        input=f"{secret}\n{secret}\n",
    )
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == "new@example.org"))
        assert user.role == "viewer"
        assert user.active
        assert user.password_hash.startswith("scrypt:")
        assert check_password_hash(user.password_hash, secret)
    listed = runner.invoke(args=["staff", "list"]).output
    assert "new@example.org\tviewer\tactive" in listed
    runner.invoke(args=["staff", "disable", "new@example.org"])
    assert "new@example.org\tviewer\tdisabled" in runner.invoke(args=["staff", "list"]).output


def test_cli_refuses_mismatched_or_short_passwords(app):
    """Two different passwords, or a short one, create no account."""
    runner = app.test_cli_runner()
    short = runner.invoke(args=["staff", "create", "a@example.org"], input="short\nshort\n")
    assert short.exit_code != 0
    mismatch = runner.invoke(
        args=["staff", "create", "a@example.org"],
        input="first long password\nsecond long password\n" * 2,
    )
    assert mismatch.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_staff_commands_on_an_unmigrated_database_say_what_to_run(make_app, tmp_path):
    """`flask staff …` before the migrations explains `flask db-upgrade`, not a traceback."""
    fresh = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    for args in (["staff", "list"], ["purge"]):
        result = fresh.test_cli_runner().invoke(args=args)
        assert result.exit_code == 1
        assert "flask db-upgrade" in result.output
        assert "Traceback" not in result.output
