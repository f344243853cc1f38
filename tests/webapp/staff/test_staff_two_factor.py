"""Authenticator apps (TOTP) and recovery codes: setting up, signing in, requiring them."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL, PASSWORD, sign_in
from webapp_helpers import page, visible_text

from webapp.accounts.models import RecoveryCode, StaffUser
from webapp.extensions import db
from webapp.staff.views.profile import PENDING_SECRET


def token_from(client, url: str) -> str:
    """The CSRF token of the first form at `url`."""
    return page(client.get(url)).find("input", attrs={"name": "csrf_token"})["value"]


def set_up(client) -> tuple[str, list[str]]:
    """Set up an authenticator app; returns its secret and the recovery codes shown."""
    token = token_from(client, "/staff/account/two-factor")
    with client.session_transaction() as session:
        secret = session[PENDING_SECRET]
    response = client.post(
        "/staff/account/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": token},
    )
    assert response.headers["Location"] == "/staff/account/recovery-codes"
    shown = page(client.get("/staff/account/recovery-codes"))
    return secret, [c.get_text() for c in shown.select(".recovery-codes code")]


def sign_in_with_code(client, code: str, password: str = PASSWORD):
    url = "/staff/login"
    data = {"email": EDITOR_EMAIL, "password": password, "code": code}
    return client.post(url, data={**data, "csrf_token": token_from(client, url)})


def test_the_setup_page_shows_a_qr_code_drawn_inline(editor):
    """The QR code is inline SVG with an accessible name, and the key is there to type."""
    html = page(editor.get("/staff/account/two-factor"))
    svg = html.select_one(".qr svg")
    assert svg["role"] == "img"
    assert "QR code" in svg["aria-label"]
    assert svg.find("path") is not None
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", html.select_one(".totp-secret").text)
    assert html.find("img") is None  # nothing fetched from elsewhere


def test_a_wrong_setup_code_turns_nothing_on(app, editor):
    """A wrong code on the setup page is a message, and the account stays without an app."""
    response = editor.post(
        "/staff/account/two-factor",
        data={"code": "000000", "csrf_token": token_from(editor, "/staff/account/two-factor")},
    )
    assert response.status_code == 400
    assert "That code is not right" in visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(StaffUser.totp_secret)) is None


def test_after_setup_sign_in_needs_a_current_code(app, editor):
    """Once set up, the password alone does not sign in; a current code does, once."""
    secret, _ = set_up(editor)
    client = app.test_client()
    assert "Enter the 6-digit code" in visible_text(sign_in(client, EDITOR_EMAIL))
    assert "not right" in visible_text(sign_in_with_code(client, "123456"))
    # The code used at setup is spent; the app's next one (30 s on) is accepted.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert sign_in_with_code(client, code).status_code == 302
    replay = app.test_client()
    assert sign_in_with_code(replay, code).status_code == 200  # the same code cannot be reused


def test_recovery_codes_are_shown_once_stored_hashed_and_work_once(app, editor):
    """Ten codes are shown once; only hashes are stored; each signs in one time."""
    _, codes = set_up(editor)
    assert len(codes) == 10
    assert page(editor.get("/staff/account/recovery-codes")).select(".recovery-codes code") == []
    with app.app_context():
        stored = [row.code_hash for row in db.session.scalars(select(RecoveryCode))]
    assert not any(code.replace("-", "") in h for code in codes for h in stored)
    assert sign_in_with_code(app.test_client(), codes[0].upper()).status_code == 302
    assert sign_in_with_code(app.test_client(), codes[0]).status_code == 200
    assert "Recovery codes left: 9" in visible_text(editor.get("/staff/account"))


def test_removing_the_app_needs_the_password(app, editor):
    """Turning the app off with a wrong password does nothing; with the right one it goes."""
    set_up(editor)
    token = token_from(editor, "/staff/account")
    editor.post("/staff/account/two-factor/off", data={"current": "wrong", "csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(StaffUser.totp_secret)) is not None
    editor.post("/staff/account/two-factor/off", data={"current": PASSWORD, "csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(StaffUser.totp_secret)) is None
        assert db.session.scalar(select(RecoveryCode)) is None


@pytest.fixture
def strict_editor(make_app, make_user):
    """An editor signed in where the setting requires an app (as production does by default)."""
    make_user(EDITOR_EMAIL)
    client = make_app(STAFF_REQUIRE_TWO_FACTOR=True).test_client()
    assert sign_in(client, EDITOR_EMAIL).status_code == 302
    return client


def test_when_required_every_page_leads_to_setup_first(strict_editor):
    """Without an app, every staff page sends the person to set one up; sign-out still works."""
    editor = strict_editor
    for url in ("/staff/", "/staff/content", "/staff/exports", "/staff/account"):
        response = editor.get(url)
        assert response.headers["Location"] == "/staff/account/two-factor", url
    assert editor.get("/staff/account/two-factor").status_code == 200
    set_up(editor)
    assert editor.get("/staff/").status_code == 200


def test_when_required_the_app_cannot_be_removed(app, strict_editor):
    """Where the setting requires an app, the person cannot turn theirs off."""
    editor = strict_editor
    set_up(editor)
    token = token_from(editor, "/staff/account")
    response = editor.post(
        "/staff/account/two-factor/off", data={"current": PASSWORD, "csrf_token": token}
    )
    assert "requires an authenticator app" in visible_text(editor.get(response.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(StaffUser.totp_secret)) is not None


def test_production_requires_an_app_by_default(tmp_path):
    """APP_ENV=production turns the requirement on unless the setting says otherwise."""
    from webapp.config import settings_from_env

    secret = "s" * 40
    prod = settings_from_env(tmp_path, {"APP_ENV": "production", "SECRET_KEY": secret})
    dev = settings_from_env(tmp_path, {"APP_ENV": "development"})
    off = settings_from_env(
        tmp_path,
        {"APP_ENV": "production", "SECRET_KEY": secret, "STAFF_REQUIRE_TWO_FACTOR": "false"},
    )
    assert (prod["STAFF_REQUIRE_TWO_FACTOR"], dev["STAFF_REQUIRE_TWO_FACTOR"]) == (True, False)
    assert off["STAFF_REQUIRE_TWO_FACTOR"] is False


@pytest.mark.parametrize("with_app", [False, True], ids=["no-app", "app-set-up"])
def test_the_account_page_gives_every_element_its_own_id(editor, with_app):
    """Ids on /staff/account are unique, so each password box's label names that box."""
    if with_app:
        set_up(editor)
    html = page(editor.get("/staff/account"))
    ids = [element["id"] for element in html.find_all(id=True)]
    assert sorted(ids) == sorted(set(ids))
    label = html.find("label", string=re.compile(r"^\s*New password\s*$"))
    box = html.find(id=label["for"])
    assert box.name == "input"
    assert box["name"] == "password"
    assert box["autocomplete"] == "new-password"
    for field in html.select("input[type=password]"):
        assert html.find("label", attrs={"for": field["id"]}) is not None, field["name"]
