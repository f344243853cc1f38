"""Two app servers (gunicorn, own ports and instance folders) on one PostgreSQL and one Redis:
a letter download asked for on one is made by the worker and downloaded from the other.

Runs where TEST_DATABASE_URL is PostgreSQL and TEST_REDIS_URL is set (CI has both).
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from fault_servers import free_port
from pypdf import PdfReader
from werkzeug.security import generate_password_hash

from webapp.accounts.models import StaffUser
from webapp.extensions import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs TEST_DATABASE_URL on PostgreSQL (and TEST_REDIS_URL)",
)
ROOT = Path(__file__).resolve().parents[3]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "two servers, one database"


@pytest.fixture
def app_config(app_config, queue_settings):
    """The test's app and workers use the test's own queue."""
    return {**app_config, **queue_settings}


@pytest.fixture
def servers(app_config, queue_settings, tmp_path):
    """Two gunicorn servers sharing the database, Redis and SECRET_KEY, as behind a balancer."""
    secret, started = secrets.token_hex(32), []
    for name in ("a", "b"):
        port = free_port()
        env = {
            **os.environ,
            "APP_ENV": "production",
            "SECRET_KEY": secret,
            "DATABASE_URL": app_config["DATABASE_URL"],
            "SESSION_COOKIE_SECURE": "false",
            # This test is about where files live; authenticator codes have their own tests.
            "STAFF_REQUIRE_TWO_FACTOR": "false",
            "INSTANCE_PATH": str(tmp_path / f"instance-{name}"),
            "RATELIMIT_KEY_PREFIX": f"two-servers-{secret[:8]}",
            **{key: str(value) for key, value in queue_settings.items()},
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "webapp:create_app()",
                "--workers",
                "1",
                "--worker-class",
                "gthread",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for _, base in started:
            _wait_until_up(base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGTERM)
        for process, _ in started:
            process.wait(timeout=30)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


class Browser:
    """One staff member's browser: one cookie jar, whichever server answers."""

    def __init__(self):
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, url: str):
        with self.opener.open(url, timeout=60) as response:
            return response.status, response.headers, response.read()

    def submit(self, url: str, fields: dict[str, str]) -> str:
        """Send the form at `url` with its CSRF token; returns the URL it ends on."""
        token = CSRF.search(self.get(url)[2].decode()).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        with self.opener.open(url, data=data, timeout=60) as response:
            response.read()
            return response.url


def test_export_asked_on_one_server_downloads_from_the_other(
    app, add_submission, start_worker, servers, tmp_path
):
    """Server A takes the request, the worker makes the file, server B serves it."""
    with app.app_context():
        db.session.add(
            StaffUser(
                email="staff@example.org",
                role="editor",
                password_hash=generate_password_hash(PASSWORD),
            )
        )
        db.session.commit()
    add_submission("Ann Example")
    start_worker()
    server_a, server_b = servers
    browser = Browser()
    browser.submit(f"{server_a}/staff/login", {"email": "staff@example.org", "password": PASSWORD})
    fields = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf"}
    status_url = browser.submit(f"{server_a}/staff/exports", fields)
    path = urllib.parse.urlparse(status_url).path
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = browser.get(server_b + path)[2].decode()
        if 'data-export-status="finished"' in page:
            break
        time.sleep(0.5)
    assert "Ready: 1 letter." in page
    status, headers, body = browser.get(f"{server_b}{path}/download")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert "Ann Example" in PdfReader(io.BytesIO(body)).pages[1].extract_text()
    for name in ("a", "b"):  # the file lives in the database, in neither server's folder
        folder = tmp_path / f"instance-{name}"
        assert not folder.exists() or not any(folder.rglob("*.pdf"))
