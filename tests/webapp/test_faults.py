"""Fault tests: the app against its own PostgreSQL stopped, frozen and restarted, and a full disk.

Nothing hangs (a frozen database is a 503 within seconds), nothing is lost that the supporter
depends on (someone who asked us to keep nothing still gets their PDF and email), and the app
recovers by itself when the database comes back. Each server is started here on its own port
from the installed binaries; where they are absent the tests skip and say why.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_servers import PostgresServer, postgres_skip_reason
from flask import Flask
from webapp_helpers import write_letter

from webapp import create_app
from webapp.extensions import db
from webapp.schema import upgrade

pytestmark = pytest.mark.faults

# The time limits the fault apps run with (seconds), and how long a request may take at most.
LIMITS = {
    "DATABASE_CONNECT_TIMEOUT": 1,
    "DATABASE_STATEMENT_TIMEOUT": 1,
    "DATABASE_POOL_TIMEOUT": 1,
}
WITHIN_SECONDS = 8


def close_database(app: Flask) -> None:
    """Close the app's pooled connections."""
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the tests' own, migrated, removed afterwards."""
    reason = postgres_skip_reason()
    if reason:
        pytest.skip(f"fault tests need their own PostgreSQL: {reason}")
    server = PostgresServer()
    try:
        server.start()
        app = create_app({"APP_ENV": "testing", "DATABASE_URL": server.url})
        upgrade(app)
        close_database(app)
        yield server
    finally:
        server.remove()


@pytest.fixture
def fault_app(postgres: PostgresServer) -> Iterator[Flask]:
    """The app on the fault tests' PostgreSQL, with one-second limits."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": postgres.url,
            "RATELIMIT_ENABLED": False,
            **LIMITS,
        }
    )

    # A request that hangs (the fault this module exists to catch) fails the test rather than
    # the whole run: the alarm interrupts the wait.
    def hung(signum, frame):
        raise TimeoutError("a request hung on the broken database")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(90)
    try:
        yield app
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        close_database(app)


def timed(call):
    """(result, seconds taken)."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def staff_sign_in(client):
    """A sign-in attempt: it must ask the database who this is."""
    from webapp_helpers import csrf_token

    token = csrf_token(client, "/staff/login")
    data = {"email": "editor@example.org", "password": "x", "csrf_token": token}
    return client.post("/staff/login", data=data)


def test_a_frozen_database_is_a_503_within_seconds_and_letters_still_come(fault_app, postgres):
    """SIGSTOP on PostgreSQL: staff get the "try again" page in seconds, a supporter who keeps
    nothing still gets their PDF, and all is well again once the database runs."""
    supporter, staff = fault_app.test_client(), fault_app.test_client()
    assert write_letter(supporter).status_code == 303
    assert staff.get("/staff/login").status_code == 200
    postgres.freeze()
    try:
        response, took = timed(lambda: staff_sign_in(staff))
        assert response.status_code == 503
        assert took < WITHIN_SECONDS
        pdf, took = timed(lambda: supporter.get("/letter.pdf"))
        assert pdf.status_code == 200
        assert pdf.data.startswith(b"%PDF")
        assert took < WITHIN_SECONDS
        health, took = timed(lambda: supporter.get("/healthz"))
        assert health.status_code == 503
        assert took < WITHIN_SECONDS
    finally:
        postgres.thaw()
    assert fault_app.test_client().get("/healthz").status_code == 200
    assert staff_sign_in(staff).status_code == 200  # wrong password, but answered


def test_a_stopped_database_is_a_503_and_the_app_recovers_on_restart(fault_app, postgres):
    """PostgreSQL killed: pages that need it say "try again", letters still come; after a
    restart the same app serves everything again without being restarted itself."""
    supporter, staff = fault_app.test_client(), fault_app.test_client()
    assert write_letter(supporter).status_code == 303
    postgres.stop()
    try:
        response, took = timed(lambda: staff_sign_in(staff))
        assert response.status_code == 503
        assert took < WITHIN_SECONDS
        assert supporter.get("/letter.pdf").status_code == 200
        send = supporter.get("/letter/send/mailto")
        assert send.status_code == 303
        assert send.headers["Location"].startswith("mailto:")
        assert supporter.get("/healthz").status_code == 503
    finally:
        postgres.start()
    assert staff_sign_in(staff).status_code == 200
    assert supporter.get("/healthz").status_code == 200


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB folder (tmpfs) where the machine allows mounting one."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(
            "cannot mount a small disk here (needs root); the read-only database "
            "file test in test_public_degrade.py covers a database that refuses writes"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_costs_the_count_not_the_letter(small_disk: Path, app_config):
    """With the database's disk full, the PDF still comes, /healthz says "degraded", and a letter
    to keep says it was not kept."""
    url = f"sqlite:///{small_disk / 'full.sqlite3'}"
    app = create_app({**app_config, "DATABASE_URL": url})
    upgrade(app)
    try:
        supporter = app.test_client()
        assert write_letter(supporter).status_code == 303
        filler = small_disk / "filler"
        with filler.open("wb", buffering=0) as out:  # fill every byte left
            try:
                while True:
                    out.write(b"\0" * 65536)

            except OSError:
                pass
        assert supporter.get("/letter.pdf").status_code == 200
        health = supporter.get("/healthz")
        assert health.status_code == 200
        assert health.json["status"] == "degraded"
        keeper = app.test_client()
        refused = write_letter(keeper, keep_copy="y", reason="x" * 1000)
        assert refused.status_code == 400
        assert "We cannot save your choice" in refused.get_data(as_text=True)
    finally:
        close_database(app)
