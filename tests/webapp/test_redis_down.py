"""Redis unreachable: letters and staff sign-in work on per-process limits; health says so."""

from __future__ import annotations

import pytest
from webapp_helpers import find_mp, post_form, write_letter
from werkzeug.security import generate_password_hash

from webapp.accounts.models import StaffUser
from webapp.extensions import db, limiter

NOWHERE = "redis://127.0.0.1:9/0"  # nothing listens on port 9: connections are refused at once


@pytest.fixture
def redis_down_app(make_app):
    """An app whose rate limits and job queue live on a Redis that cannot be reached."""
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=NOWHERE,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        REDIS_URL=NOWHERE,
        RATELIMIT_FORM="3 per minute",
    )
    yield app
    # The limiter is one object for every app in this process; let the next app start afresh.
    limiter._storage_dead = False


def test_letters_are_written_and_downloaded(redis_down_app):
    """A supporter writes their letter and downloads the PDF while Redis is down."""
    client = redis_down_app.test_client()
    assert write_letter(client).status_code == 303
    response = client.get("/letter.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")


def test_limits_still_apply_per_process(redis_down_app):
    """The same limits are counted in this process instead: a flood is still refused."""
    client = redis_down_app.test_client()
    assert [find_mp(client).status_code for _ in range(4)] == [303, 303, 303, 429]


def test_staff_can_sign_in(redis_down_app):
    """Staff sign-in (rate limited) works while Redis is down."""
    with redis_down_app.app_context():
        password_hash = generate_password_hash("a long enough password", method="pbkdf2:sha256:1")
        db.session.add(StaffUser(email="e@example.org", role="editor", password_hash=password_hash))
        db.session.commit()
    client = redis_down_app.test_client()
    form = {"email": "e@example.org", "password": "a long enough password"}
    response = post_form(client, "/staff/login", form)
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_healthz_says_degraded_and_why(redis_down_app):
    """/healthz answers 200 "degraded", naming the per-process limits and the job queue."""
    response = redis_down_app.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded"
    assert any(reason.startswith("rate limits counted per process") for reason in body["reasons"])
    assert any(reason.startswith("job queue unreachable") for reason in body["reasons"])


def test_healthz_with_redis_up_is_ok(make_app, queue_settings):
    """With a Redis that answers, /healthz is plain "ok"."""
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=queue_settings["REDIS_URL"], **queue_settings
    )
    assert app.test_client().get("/healthz").get_json() == {"status": "ok"}
