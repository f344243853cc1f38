"""Failed sign-ins slow guessing down per account and per address, but cannot lock staff out."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from staff_helpers import EDITOR_EMAIL, PASSWORD, VIEWER_EMAIL
from webapp_helpers import page, visible_text

from webapp.accounts import throttle
from webapp.accounts.models import StaffUser
from webapp.clock import utcnow
from webapp.extensions import db

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def attempt(client: FlaskClient, email: str, password: str, *, address: str, code: str = ""):
    """One sign-in from `address`, as a browser would send it."""
    environ = {"REMOTE_ADDR": address}
    token = page(client.get("/staff/login", environ_base=environ)).find(
        "input", attrs={"name": "csrf_token"}
    )["value"]
    data = {"email": email, "password": password, "code": code, "csrf_token": token}
    return client.post("/staff/login", data=data, environ_base=environ)


def fail(app: Flask, email: str, times: int, *, address: str = ATTACKER) -> None:
    """`times` wrong passwords for `email` from `address`, each from a fresh browser."""
    for _ in range(times):
        attempt(app.test_client(), email, "wrong guess", address=address)


def later(time_machine, minutes: float) -> None:
    """Move the clock `minutes` ahead (it keeps ticking from there)."""
    time_machine.move_to(utcnow() + dt.timedelta(minutes=minutes))


def test_after_five_failures_a_stranger_must_wait(app, make_user):
    """The sixth try on an account from a new browser is refused, even with the right password."""
    make_user(EDITOR_EMAIL)
    fail(app, EDITOR_EMAIL, throttle.ACCOUNT_FREE_FAILURES)
    response = attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=ATTACKER)
    assert response.status_code == 200
    assert "too many failed sign-ins" in visible_text(response)


def test_the_wait_grows_then_passes(app, make_user, time_machine):
    """Once the wait is over the right password works again; each failure doubles the wait."""
    make_user(EDITOR_EMAIL)
    fail(app, EDITOR_EMAIL, throttle.ACCOUNT_FREE_FAILURES + 3)
    with app.app_context():
        user = db.session.query(StaffUser).filter_by(email=EDITOR_EMAIL).one()
        wait = throttle.wait_seconds(user, OWNER, "")
    assert 2 * throttle.FIRST_DELAY_SECONDS <= wait <= 2**3 * throttle.FIRST_DELAY_SECONDS
    later(time_machine, 1)
    assert attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=OWNER).status_code == 302


def test_the_owners_usual_browser_still_gets_in(app, make_user):
    """A browser that signed in before is not slowed by a stranger's failures on the account."""
    make_user(EDITOR_EMAIL)
    usual = app.test_client()
    assert attempt(usual, EDITOR_EMAIL, PASSWORD, address=OWNER).status_code == 302
    usual.post(
        "/staff/logout",
        data={
            "csrf_token": page(usual.get("/staff/")).select_one(
                "form.staff-signout input[name=csrf_token]"
            )["value"]
        },
    )
    fail(app, EDITOR_EMAIL, 30, address=ATTACKER)
    assert attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=OWNER).status_code == 200
    assert attempt(usual, EDITOR_EMAIL, PASSWORD, address=OWNER).status_code == 302


def test_a_shared_address_cannot_keep_colleagues_out(app, make_user):
    """Many failures from an office address slow strangers there, not known browsers."""
    make_user(EDITOR_EMAIL)
    make_user(VIEWER_EMAIL, "viewer")
    usual = app.test_client()
    assert attempt(usual, VIEWER_EMAIL, PASSWORD, address=OWNER).status_code == 302
    usual.delete_cookie("session")
    fail(app, "nobody@example.org", throttle.ADDRESS_FREE_FAILURES, address=OWNER)
    slowed = attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=OWNER)
    assert "too many failed sign-ins" in visible_text(slowed)
    assert attempt(usual, VIEWER_EMAIL, PASSWORD, address=OWNER).status_code == 302
    # Another address is not slowed by this one's failures.
    assert (
        attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address="192.0.2.1").status_code == 302
    )


def test_password_and_authenticator_code_pass_while_slowed(app, make_user):
    """With an authenticator app set up, the right password and code sign in at once."""
    make_user(EDITOR_EMAIL)
    secret = pyotp.random_base32()
    with app.app_context():
        db.session.query(StaffUser).filter_by(email=EDITOR_EMAIL).update({"totp_secret": secret})
        db.session.commit()
    fail(app, EDITOR_EMAIL, 12)
    alone = attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=ATTACKER)
    assert "too many failed sign-ins" in visible_text(alone)
    wrong = attempt(app.test_client(), EDITOR_EMAIL, "a guess", address=ATTACKER, code="123456")
    assert wrong.status_code == 200
    code = pyotp.TOTP(secret).now()
    right = attempt(app.test_client(), EDITOR_EMAIL, PASSWORD, address=ATTACKER, code=code)
    assert right.status_code == 302


def test_a_forged_device_cookie_is_ignored(app, make_user):
    """A made-up known-device cookie gives no way round the wait."""
    make_user(EDITOR_EMAIL)
    fail(app, EDITOR_EMAIL, throttle.ACCOUNT_FREE_FAILURES)
    client = app.test_client()
    client.set_cookie(throttle.DEVICE_COOKIE, "0" * 32, path="/staff")
    assert attempt(client, EDITOR_EMAIL, PASSWORD, address=ATTACKER).status_code == 200


def test_staff_are_told_of_failed_attempts_at_next_sign_in(app, make_user):
    """Signing in after failures shows how many there were, when, and from where."""
    make_user(EDITOR_EMAIL)
    fail(app, EDITOR_EMAIL, 2, address=ATTACKER)
    client = app.test_client()
    attempt(client, EDITOR_EMAIL, PASSWORD, address=OWNER)
    text = visible_text(client.get("/staff/"))
    assert "2 failed sign-in attempts on your account since you last signed in" in text
    assert ATTACKER in text
    # Told once: the next sign-in has nothing new to report.
    again = app.test_client()
    attempt(again, EDITOR_EMAIL, PASSWORD, address=OWNER)
    assert "failed sign-in attempt" not in visible_text(again.get("/staff/"))


@pytest.mark.parametrize("email", ["a\x00b@example.org", "x" * 300])
def test_odd_emails_are_a_message_not_a_500(client, email):
    """A NUL or an overlong email in the sign-in form gets a message, never a server error."""
    response = attempt(client, email, PASSWORD, address=ATTACKER)
    assert response.status_code in (200, 400)
