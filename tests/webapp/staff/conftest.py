"""Fixtures for the staff area: accounts of each role and test clients signed in as them."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from staff_helpers import ADMIN_EMAIL, EDITOR_EMAIL, PASSWORD, VIEWER_EMAIL, sign_in
from werkzeug.security import generate_password_hash

from webapp.accounts.models import StaffUser
from webapp.extensions import db
from webapp.jobs import inprocess

HAND_WRITTEN = Path(__file__).resolve().parents[2] / "letters" / "data" / "hand_written"
_PASSWORD_HASH = generate_password_hash(PASSWORD)  # scrypt is slow on purpose: hash once


@pytest.fixture(autouse=True)
def finish_background_downloads(app: Flask):
    """Let letter downloads a test started finish before its database is emptied and closed."""
    yield
    inprocess.wait_all()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., int]:
    """Create a staff account; returns its id."""

    def make(email: str, role: str = "editor", *, active: bool = True) -> int:
        with app.app_context():
            user = StaffUser(email=email, role=role, active=active, password_hash=_PASSWORD_HASH)
            db.session.add(user)
            db.session.commit()
            return user.id

    return make


@pytest.fixture
def editor(app: Flask, make_user) -> FlaskClient:
    """A client signed in as an editor."""
    make_user(EDITOR_EMAIL, "editor")
    client = app.test_client()
    assert sign_in(client, EDITOR_EMAIL).status_code == 302
    return client


@pytest.fixture
def viewer(app: Flask, make_user) -> FlaskClient:
    """A client signed in as a viewer."""
    make_user(VIEWER_EMAIL, "viewer")
    client = app.test_client()
    assert sign_in(client, VIEWER_EMAIL).status_code == 302
    return client


@pytest.fixture
def admin(app: Flask, make_user) -> FlaskClient:
    """A client signed in as an admin."""
    make_user(ADMIN_EMAIL, "admin")
    client = app.test_client()
    assert sign_in(client, ADMIN_EMAIL).status_code == 302
    return client


@pytest.fixture
def add_submission(app: Flask) -> Callable[..., int]:
    """Store a consented submission (a kept letter) as the public pages would; returns its id."""
    from webapp.submissions.models import Submission

    def add(name: str, code: str = "E14001172", *, created_at=None, **fields) -> int:
        values = {
            "campaign": "baghdad-returns",
            "letter_key": secrets.token_urlsafe(16),
            "constituency_code": code,
            "name": name,
            "address_lines": ["1 Example Street", "London"],
            "postcode": "SW1A 1AA",
            "email": None,
            "reason": None,
            "concern": None,
            "consent_updates": False,
            "keep_letter": True,
            **fields,
        }
        if created_at is not None:
            values["created_at"] = created_at
        with app.app_context():
            row = Submission(**values)
            db.session.add(row)
            db.session.commit()
            return row.id

    return add
