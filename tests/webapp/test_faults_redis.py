"""Fault tests: the app against its own Redis (rate limits, job queue) frozen, killed, restarted.

A Redis that stops answering must cost shared rate limits only: supporters still get their
letters within seconds, /healthz says "degraded", and all is shared again when Redis is back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fault_servers import RedisServer, redis_skip_reason
from flask import Flask
from webapp_helpers import write_letter

from webapp.config import rate_limit_settings
from webapp.extensions import limiter

pytestmark = pytest.mark.faults
WITHIN_SECONDS = 12


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    """A Redis of the tests' own, removed afterwards."""
    reason = redis_skip_reason()
    if reason:
        pytest.skip(f"Redis fault tests need their own Redis: {reason}")
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def redis_app(make_app, redis_server: RedisServer) -> Iterator[Flask]:
    """The app with its rate limits and job queue on the test Redis."""
    # The settings production derives from REDIS_URL (webapp.config.rate_limit_settings).
    settings = rate_limit_settings({"REDIS_URL": redis_server.url})
    app = make_app(**{**settings, "RATELIMIT_ENABLED": True, "REDIS_URL": redis_server.url})
    yield app
    # The limiter is one object for the whole process: the next app starts with a live store.
    limiter._storage_dead = False


def letter_and_health(app: Flask) -> tuple[int, int, dict, float]:
    """(letter form status, PDF status, /healthz body, seconds taken for all three)."""
    started = time.monotonic()
    client = app.test_client()
    written = write_letter(client).status_code
    pdf = client.get("/letter.pdf").status_code
    health = client.get("/healthz").get_json()
    return written, pdf, health, time.monotonic() - started


def wait_until_ok(app: Flask, seconds: float = 20) -> dict:
    """/healthz once it says "ok" again (or its last answer)."""
    deadline = time.monotonic() + seconds
    while True:
        body = app.test_client().get("/healthz").get_json()
        if body["status"] == "ok" or time.monotonic() > deadline:
            return body
        time.sleep(0.5)


def test_redis_up_is_healthy(redis_app):
    """With the test Redis answering, letters are made and /healthz says "ok"."""
    written, pdf, health, _ = letter_and_health(redis_app)
    assert (written, pdf) == (303, 200)
    assert health == {"status": "ok"}


def test_a_frozen_redis_costs_shared_limits_only(redis_app, redis_server):
    """SIGSTOP on Redis: letters still come within seconds and /healthz says why it is
    degraded; once Redis runs again /healthz is "ok" without a restart."""
    redis_server.freeze()
    try:
        written, pdf, health, took = letter_and_health(redis_app)
    finally:
        redis_server.thaw()
    assert (written, pdf) == (303, 200)
    assert took < WITHIN_SECONDS
    assert health["status"] == "degraded"
    assert any("rate limits counted per process" in reason for reason in health["reasons"])
    assert wait_until_ok(redis_app) == {"status": "ok"}


def test_a_killed_redis_costs_shared_limits_only_until_restarted(redis_app, redis_server):
    """Redis killed: letters still come; after a restart (a new, empty Redis) all is well."""
    redis_server.stop()
    try:
        written, pdf, health, took = letter_and_health(redis_app)
    finally:
        redis_server.start()
    assert (written, pdf) == (303, 200)
    assert took < WITHIN_SECONDS
    assert health["status"] == "degraded"
    assert wait_until_ok(redis_app) == {"status": "ok"}
