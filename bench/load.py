"""`make load`: the whole supporter journey under load, with a staff export running meanwhile.

For each database (SQLite always; PostgreSQL when LOAD_DATABASE_URL names one this run may wipe):
migrate a fresh database, store LOAD_EXPORT_LETTERS (5,000) kept letters, start gunicorn exactly
as the Procfile does (2 gthread workers) on 127.0.0.1 and, with Redis, one `flask worker`; ask
for a merged PDF of every stored letter as staff, then run locust for LOAD_SECONDS (60) with
LOAD_USERS (50) supporters, all from 127.0.0.1 (one address), while an editor saves the worst
templates from the fault report every second (each a new background check). Then compare the
database with the journeys locust completed and print journeys/s, p50/p99 per step, 5xx, 429s
and lost records, beside their targets.

Loopback only, bounded (LOAD_SECONDS, LOAD_MAX_JOURNEYS, a hard timeout) and stops by itself.
Settings (environment): LOAD_SECONDS, LOAD_USERS, LOAD_EXPORT_LETTERS, LOAD_MAX_JOURNEYS,
LOAD_THINK_SECONDS ("1,3": seconds between a supporter's steps), LOAD_DATABASE_URL,
LOAD_REDIS_URL (default REDIS_URL, else redis://127.0.0.1:6379/0 if it answers).
"""

from __future__ import annotations

import csv
import datetime as dt
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.table import add_row

ROOT = Path(__file__).resolve().parent.parent
TARGET_PDF_P99_MS = 250
TARGET_SUPPORTER_P50_MS = 50  # every step, while the editor's worst templates are being checked
TARGET_STAFF_PAGE_S = 1.0  # a staff page never waits longer for the checks (CHECK_WAIT_MS)
# The editor's worst templates from the fault report; each save is a new text, so a new check.
WORST_TEMPLATES = (
    "{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}{% endfor %}{% endfor %}",
    "{{ ('a'*20000)|replace('a','b'*20000)|length }}",
)
# The raw template editor, which only admins have (the letter editor proper is part by part).
TEMPLATE_EDIT = "/staff/content/template:default/edit"
TEMPLATE_EDIT_RAW = TEMPLATE_EDIT + "?advanced=1"
_BASED_ON = re.compile(r'name="based_on"[^>]*value="(\d+)"')
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STAFF_EMAIL, STAFF_PASSWORD = "load-staff@example.org", secrets.token_urlsafe(16)
# Production settings require staff to use an authenticator app, so the load's editor has one.
STAFF_TOTP_SECRET = "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(32))


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_url() -> str | None:
    url = os.environ.get("LOAD_REDIS_URL") or os.environ.get("REDIS_URL")
    url = url or "redis://127.0.0.1:6379/0"
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisError:
        return None
    return url


def _settings(database_url: str, redis_url: str | None, run_id: str) -> dict[str, str]:
    settings = {
        "APP_ENV": "production" if redis_url else "development",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "false",  # plain http on loopback
        "PREFERRED_URL_SCHEME": "http",
        "RATELIMIT_KEY_PREFIX": f"load-{run_id}",  # each run counts from zero
        "JOBS_QUEUE": f"load-{run_id}",
    }
    if redis_url:
        settings["REDIS_URL"] = redis_url
    return settings


def prepare(settings: dict[str, str], letters: int) -> None:
    """A fresh, migrated database with `letters` kept letters and one admin account (the raw
    template editor the load saves in is an admin's)."""
    from sqlalchemy import create_engine, insert, text
    from werkzeug.security import generate_password_hash

    from letters.directory import default_directory
    from webapp import create_app
    from webapp.accounts.models import StaffUser
    from webapp.extensions import db
    from webapp.schema import upgrade
    from webapp.submissions.models import Submission

    url = settings["DATABASE_URL"]
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({**settings, "APP_ENV": "testing"})
    upgrade(app)
    seats = default_directory().constituencies()
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    rows = [
        {
            "campaign": "baghdad-returns",
            "letter_key": secrets.token_urlsafe(16),
            "constituency_code": seats[n % len(seats)].code,
            "name": f"Stored Supporter {n}",
            "address_lines": [f"{n + 1} Example Street", "Exampletown"],
            "postcode": "SW1A 1AA",
            "keep_letter": True,
            "created_at": start + dt.timedelta(seconds=n),
        }
        for n in range(letters)
    ]
    with app.app_context():
        for first in range(0, letters, 2_000):
            db.session.execute(insert(Submission), rows[first : first + 2_000])
        db.session.add(
            StaffUser(
                email=STAFF_EMAIL,
                role="admin",
                password_hash=generate_password_hash(STAFF_PASSWORD),
                totp_secret=STAFF_TOTP_SECRET,
            )
        )
        db.session.commit()
        db.engine.dispose()


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start; see its log")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect comes back as an HTTPError, with its Location


class Staff:
    """A staff browser: a cookie jar and CSRF tokens read from forms."""

    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self._no_redirect = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def submit_without_redirect(self, path: str, data: dict[str, str]) -> str:
        """POST `data` (with its CSRF token) to `path`; returns where it redirects to."""
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(data).encode()
        )
        try:
            with self._no_redirect.open(request, timeout=60) as response:
                response.read()
                return response.url
        except urllib.error.HTTPError as answer:
            if answer.code in (301, 302, 303):
                return answer.headers["Location"]
            raise

    def post(self, path: str, fields: dict[str, str]) -> str:
        """POST the form at `path` with its CSRF token; returns the final URL."""
        token = _CSRF.search(self.get(path)).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        with self.opener.open(self.base + path, data=data, timeout=60) as response:
            response.read()
            return response.url


def request_export(base: str) -> tuple[Staff, str]:
    """Sign in as staff and ask for a merged PDF of every letter; returns its status path."""
    import pyotp

    staff = Staff(base)
    code = pyotp.TOTP(STAFF_TOTP_SECRET).now()
    staff.post("/staff/login", {"email": STAFF_EMAIL, "password": STAFF_PASSWORD, "code": code})
    fields = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf"}
    status_path = urllib.parse.urlparse(staff.post("/staff/exports", fields)).path
    if not re.fullmatch(r"/staff/exports/\d+", status_path):
        raise RuntimeError(f"the staff export was not started (ended at {status_path})")
    return staff, status_path


class EditorChecks(threading.Thread):
    """Meanwhile, an editor saves the worst templates again and again (each a new check) and
    lands on the editor page, which waits at most CHECK_WAIT_MS for the checks."""

    def __init__(self, staff: Staff):
        super().__init__(name="editor-checks", daemon=True)
        self.staff, self.stop = staff, threading.Event()
        self.page_seconds: list[float] = []
        self.failures = 0

    def run(self) -> None:
        n = 0
        while not self.stop.wait(1.0):
            n += 1
            try:
                page = self.staff.get(TEMPLATE_EDIT_RAW)
                token, based_on = _CSRF.search(page).group(1), _BASED_ON.search(page).group(1)
                body = (
                    "Subject: A letter\n\nA first paragraph.\n"
                    f"{WORST_TEMPLATES[n % len(WORST_TEMPLATES)]}\n{{# try {n} #}}\n"
                )
                fields = {"body": body, "note": f"Try {n}", "based_on": based_on}
                data = {**fields, "action": "save", "csrf_token": token}
                saved = self.staff.submit_without_redirect(TEMPLATE_EDIT, data)
                if urllib.parse.urlparse(saved).path != TEMPLATE_EDIT:
                    raise OSError(f"the save was refused (sent to {saved})")
                # The editor after the save: its checks are those of the text just saved.
                started = time.monotonic()
                self.staff.get(TEMPLATE_EDIT_RAW)
                self.page_seconds.append(time.monotonic() - started)
            except (OSError, AttributeError):
                self.failures += 1


def export_finished(staff: Staff, status_path: str) -> tuple[bool, str]:
    """(finished?, what the status page says)."""
    page = staff.get(status_path)
    finished = 'data-export-status="finished"' in page
    ready = re.search(r"Ready: ([\d,]+) letter", page)
    return finished, (f"ready, {ready.group(1)} letters" if ready else "not ready")


def run_locust(base: str, workdir: Path, users: int, seconds: int) -> dict:
    """Run the journey with locust; returns the tally it wrote."""
    tally = workdir / "tally.json"
    env = {**os.environ, "LOAD_TALLY": str(tally)}
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        base,
        "--csv",
        str(workdir / "locust"),
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    with (workdir / "locust.log").open("wb") as log:
        subprocess.run(
            command,
            cwd=workdir,
            env=env,
            check=True,
            timeout=seconds + 120,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return json.loads(tally.read_text())


def step_latencies(workdir: Path) -> list[tuple[str, int, float, float]]:
    """(step, requests, p50 ms, p99 ms) per step from locust's stats CSV."""
    rows = []
    with (workdir / "locust_stats.csv").open(newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] != "Aggregated":
                rows.append(
                    (row["Name"], int(row["Request Count"]), float(row["50%"]), float(row["99%"]))
                )
    return sorted(rows)


def database_counts(settings: dict[str, str], since: dt.datetime) -> tuple[int, int]:
    """(letters counted, letters kept) written since `since`, read from the database."""
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.submissions.models import LetterCount, Submission

    app = create_app({**settings, "APP_ENV": "testing"})
    with app.app_context():
        counted = db.session.scalar(select(func.count(LetterCount.id)))
        kept = db.session.scalar(
            select(func.count(Submission.id)).where(Submission.created_at >= since)
        )
        db.engine.dispose()
    return counted or 0, kept or 0


def run_one(label: str, database_url: str | None, redis_url: str | None) -> None:
    """One load run on one database; prints its figures and adds them to the bench table."""
    users, seconds = int(_env("LOAD_USERS", "50")), int(_env("LOAD_SECONDS", "60"))
    letters = int(_env("LOAD_EXPORT_LETTERS", "5000"))
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        workdir = Path(tmp)
        url = database_url or f"sqlite:///{workdir / 'load.sqlite3'}"
        settings = _settings(url, redis_url, uuid.uuid4().hex[:8])
        prepare(settings, letters)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, **settings, "INSTANCE_PATH": str(workdir / "instance")}
        web = _start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "webapp:create_app()",
                "--config",  # as the Procfile: each worker is warmed before its first request
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                "2",
                "--worker-class",
                "gthread",
                "--threads",
                "2",  # as the Procfile: a staff page waiting for its checks leaves one free
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env,
            workdir / "gunicorn.log",
        )
        worker = None
        if redis_url:
            worker = _start(
                [sys.executable, "-m", "flask", "worker"],
                {**env, "FLASK_APP": "webapp:create_app"},
                workdir / "worker.log",
            )
        try:
            _wait_until_up(base)
            since = dt.datetime.now(dt.UTC)
            staff, status_path = request_export(base)
            export_started = time.monotonic()
            editor = EditorChecks(staff)
            editor.start()
            started = time.monotonic()
            try:
                tally = run_locust(base, workdir, users, seconds)
            finally:
                editor.stop.set()
                editor.join(timeout=90)
            elapsed = time.monotonic() - started
            finished, export_state = export_finished(staff, status_path)
            while not finished and time.monotonic() - export_started < 300:
                time.sleep(1)
                finished, export_state = export_finished(staff, status_path)
            export_seconds = time.monotonic() - export_started
        finally:
            for process in (web, worker):
                if process is not None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in (web, worker):
                if process is not None:
                    process.wait(timeout=30)
        _report(
            label, settings, since, tally, workdir, elapsed, users, export_state, export_seconds
        )
        _report_editor(label, editor)


def _report(label, settings, since, tally, workdir, elapsed, users, export_state, export_seconds):
    statuses, journeys = tally["statuses"], tally["journeys"]
    errors_5xx = sum(n for key, n in statuses.items() if key.rsplit(" ", 1)[1].startswith("5"))
    refused = sum(n for key, n in statuses.items() if key.endswith(" 429"))
    done, kept = journeys.get("done", 0), journeys.get("kept", 0)
    counted, stored = database_counts(settings, since)
    lost = max(0, done - counted) + max(0, kept - stored)
    load = os.getloadavg()[0]
    print(
        f"\n--- {label}: {users} supporters from 127.0.0.1, {elapsed:.0f} s, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} ---"
    )
    print(f"journeys completed {done} ({done / elapsed:.1f}/s), broken {journeys.get('broken', 0)}")
    print(f"{'step':<24}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    pdf_p99 = None
    worst_p50 = 0.0
    worst_p99: tuple[float, str] = (0.0, "")
    for name, count, p50, p99 in step_latencies(workdir):
        print(f"{name:<24}{count:>9}{p50:>9.0f}{p99:>9.0f}")
        worst_p50 = max(worst_p50, p50)
        worst_p99 = max(worst_p99, (p99, name))
        if name == "5 PDF":
            pdf_p99 = p99
    cut_off = sum(n for key, n in statuses.items() if key.endswith(" 0"))
    print(
        f"5xx: {errors_5xx}   429: {refused}   cut off by the end of the run (no response): "
        f"{cut_off}\nall statuses: {dict(sorted(statuses.items()))}"
    )
    print(
        f"database: {counted} letters counted for {done} PDFs downloaded; {stored} letters kept "
        f"for {kept} sent asking us to keep them; lost records: {lost}"
    )
    print(f"staff merged export meanwhile: {export_state} after {export_seconds:.0f} s")
    add_row(
        f"Load ({label}): journeys/s, {users} supporters on one address",
        f"{done / elapsed:.1f}/s ({done} in {elapsed:.0f} s)",
    )
    add_row(f"Load ({label}): 5xx", str(errors_5xx), "0", met=errors_5xx == 0)
    add_row(f"Load ({label}): 429 (one address)", str(refused), "0", met=refused == 0)
    add_row(f"Load ({label}): lost records", str(lost), "0", met=lost == 0)
    add_row(
        f"Load ({label}): slowest step's p50, worst templates being checked",
        f"{worst_p50:.0f} ms",
        f"≤ {TARGET_SUPPORTER_P50_MS} ms",
        met=worst_p50 <= TARGET_SUPPORTER_P50_MS,
    )
    if worst_p99[1]:
        add_row(
            f"Load ({label}): slowest step's p99 (every step's is in the table above)",
            f"{worst_p99[0]:.0f} ms ({worst_p99[1]})",
            f"≤ {TARGET_PDF_P99_MS} ms on 2 cores",
            met=worst_p99[0] <= TARGET_PDF_P99_MS,
        )
    if pdf_p99 is not None:
        add_row(
            f"Load ({label}): PDF step p99",
            f"{pdf_p99:.0f} ms",
            f"≤ {TARGET_PDF_P99_MS} ms on 2 cores",
            met=pdf_p99 <= TARGET_PDF_P99_MS,
        )


def _report_editor(label: str, editor: EditorChecks) -> None:
    pages = sorted(editor.page_seconds)
    if not pages:
        print(f"editor meanwhile: no worst-template save answered ({editor.failures} failed)")
        return
    slowest = pages[-1]
    print(
        f"editor meanwhile: {len(pages)} worst-template versions saved and checked; the editor "
        f"page answered in {pages[len(pages) // 2] * 1000:.0f} ms median, {slowest * 1000:.0f} "
        f"ms at most; {editor.failures} failed"
    )
    add_row(
        f"Load ({label}): staff editor page while its checks run",
        f"{slowest * 1000:.0f} ms at most ({len(pages)} saves)",
        f"≤ {TARGET_STAFF_PAGE_S * 1000:.0f} ms",
        met=slowest <= TARGET_STAFF_PAGE_S and not editor.failures,
    )


def main() -> None:
    """Run on SQLite, then on PostgreSQL if LOAD_DATABASE_URL is set; print the figures."""
    redis_url = _redis_url()
    if redis_url is None:
        print("(no Redis answers: limits are per process and the export runs in the web process)")
    run_one("SQLite", None, redis_url)
    pg = os.environ.get("LOAD_DATABASE_URL")
    if pg:
        run_one("PostgreSQL", pg, redis_url)
    else:
        print("(LOAD_DATABASE_URL is not set: the PostgreSQL run is skipped)")


if __name__ == "__main__":
    from bench import table

    main()
    print(f"\n{table.render()}")
