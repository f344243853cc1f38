"""Fixtures for the web app: a database migrated once per session, a fresh app and client per test.

The database is SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE_URL is set (its
public schema is dropped and recreated, then migrated). Tables are emptied after every test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from letters.campaign import CAMPAIGNS_DIR
from webapp import create_app
from webapp.extensions import db
from webapp.schema import downgrade, upgrade


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def dispose_engines(app: Flask) -> None:
    """Close the app's pooled connections (open SQLite handles would warn, and warnings fail)."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with every migration applied, shared by the whole test session."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app({"APP_ENV": "testing", "DATABASE_URL": url})
    upgrade(app)
    dispose_engines(app)
    return url


@pytest.fixture
def app_config(database_url: str) -> dict[str, Any]:
    """Settings for a test app; a test may change them before asking for `app`."""
    return {
        "APP_ENV": "testing",
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": False,
        "SITE_URL": "https://write.example.org",
    }


def _empty_tables(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def make_app(app_config: Mapping[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Build apps with changed settings: `make_app(RATELIMIT_FORM="2 per minute")`."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        made.append(create_app({**app_config, **overrides}))
        return made[-1]

    yield make
    for app in made:
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith(app_config["DATABASE_URL"]):
            dispose_engines(app)
            continue
        _empty_tables(app)
        dispose_engines(app)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """A fresh app on the migrated database; every table is emptied afterwards."""
    return make_app()


@pytest.fixture
def unmigrated_app(make_app, tmp_path) -> Iterator[Flask]:
    """An app on a database with no tables, for a migration test to take up and down: a new
    SQLite file, or the session's PostgreSQL database taken down to nothing (and back up after)."""
    if os.environ.get("TEST_DATABASE_URL"):
        app = make_app()
        downgrade(app, "base")
        yield app
        upgrade(app)
        return
    yield make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.fixture
def read_only_app(app_config: Mapping[str, Any], database_url: str) -> Iterator[Flask]:
    """The app on the test database opened read-only (a full disk refuses writes the same way).

    Made apart from `make_app`, whose clean-up would try to empty the tables through it.
    """
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        settings = {"DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true"}
    else:
        options = "-c default_transaction_read_only=on"
        settings = {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": options}}}
    app = create_app({**app_config, **settings})
    yield app
    dispose_engines(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client with its own cookie jar (its own session)."""
    return app.test_client()


@pytest.fixture
def queue_settings() -> dict[str, Any]:
    """Job-queue settings for a test: Redis from TEST_REDIS_URL, a queue of its own, 1 s beats.

    Tests that use it are skipped where TEST_REDIS_URL is unset (CI sets it).
    """
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: no Redis for the job queue")
    return {
        "REDIS_URL": url,
        "JOBS_QUEUE": f"test-{uuid.uuid4().hex[:10]}",
        "JOB_HEARTBEAT_SECONDS": 1,
    }


@pytest.fixture
def start_worker(
    app_config: Mapping[str, Any], queue_settings: Mapping[str, Any]
) -> Iterator[Callable[[], subprocess.Popen]]:
    """Start real `flask worker` processes on the test's queue and database; stopped afterwards."""
    started: list[subprocess.Popen] = []
    tests = str(Path(__file__).resolve().parent)  # the workers import sample_jobs from here

    def start(**settings: Any) -> subprocess.Popen:
        env = {
            **os.environ,
            "APP_ENV": "testing",
            "DATABASE_URL": app_config["DATABASE_URL"],
            **{key: str(value) for key, value in {**queue_settings, **settings}.items()},
            "FLASK_APP": "webapp:create_app",
            "PYTHONPATH": os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")])),
        }
        name = f"test-worker-{uuid.uuid4().hex[:8]}"
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "flask", "worker", "--name", name],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def hand_written_campaigns(tmp_path_factory) -> Path:
    """The campaign folder with its letters as hand-written templates ("advanced mode"), as
    they were shipped before they became documents: for the tests of the template editor."""
    root = tmp_path_factory.mktemp("campaigns")
    shutil.copytree(CAMPAIGNS_DIR, root, dirs_exist_ok=True)
    for letters in root.glob("*/letters"):
        for document in letters.glob("*.json"):
            document.unlink()
            shutil.copy(_HAND_WRITTEN / f"{document.stem}.txt", letters / f"{document.stem}.txt")
    return root


_HAND_WRITTEN = Path(__file__).resolve().parents[1] / "letters" / "data" / "hand_written"
