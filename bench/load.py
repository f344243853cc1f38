"""`make load`: the whole supporter journey under load, on several campaigns, with a staff export
running meanwhile.

For each database (SQLite always; PostgreSQL when LOAD_DATABASE_URL names one this run may wipe):
migrate a fresh database with 23 campaigns (the main one; "winter-flights", a live copy of it;
"spring-flights", a draft copy; 20 more copies, draft, live, closed and archived), store
LOAD_EXPORT_LETTERS (5,000) kept letters in the main campaign and a few hundred in each other,
start gunicorn exactly as the Procfile does (2 gthread workers) on 127.0.0.1 and, with Redis, one
`flask worker`; ask for a merged PDF of the main campaign's stored letters as one staff member,
then run locust for LOAD_SECONDS (60) with LOAD_USERS (50) supporters, all from 127.0.0.1 (one
address), split evenly between the main campaign (at the site's root) and /winter-flights/,
while another staff member, working on spring-flights, saves the worst templates from the fault
report every second (each a new background check). Then compare each campaign's letters in the
database with the journeys locust completed there and print journeys/s, p50/p99 per step (over
all supporters, then per campaign), 5xx, 429s and lost records, beside their targets.

Loopback only, bounded (LOAD_SECONDS, LOAD_MAX_JOURNEYS, a hard timeout) and stops by itself.
Settings (environment): LOAD_SECONDS, LOAD_USERS, LOAD_EXPORT_LETTERS, LOAD_MAX_JOURNEYS,
LOAD_THINK_SECONDS ("1,3": seconds between a supporter's steps), LOAD_SPAWN_RATE (10 supporters
arrive a second, so 50 are all writing after 5 s; set it to LOAD_USERS for all at one instant),
LOAD_DATABASE_URL,
LOAD_REDIS_URL (default REDIS_URL, else redis://127.0.0.1:6379/0 if it answers).
"""

from __future__ import annotations

import csv
import dataclasses
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
MAIN_CAMPAIGN = "baghdad-returns"  # the setting CAMPAIGN's default, at the site's root
# Supporters are split between two live campaigns: the main one at the root, and a copy at its
# own prefix (so the prefix and a second campaign's cached texts are under load too).
SECOND_CAMPAIGN = "winter-flights"
SUPPORTER_PATHS = {MAIN_CAMPAIGN: "/", SECOND_CAMPAIGN: f"/{SECOND_CAMPAIGN}/"}
EDITOR_CAMPAIGN = "spring-flights"  # a draft no supporter uses: the editor saves in it
# More campaigns in the database, copies taken along draft → live → closed → archived in turn,
# each with letters of its own: an install after some years, which supporters must not feel.
MORE_CAMPAIGNS = 20
LIFE = ("draft", "live", "closed", "archived")
LETTERS_PER_OTHER_CAMPAIGN = 200
# Every supporter step, on both campaigns together, while the editor's worst templates are checked.
TARGET_STEP_P50_MS, TARGET_STEP_P99_MS = 50, 250
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
# Two staff members, each signed in once (an authenticator code is good for one sign-in): one
# exports the main campaign's letters, the other edits spring-flights. Both are admins, since
# the raw template editor is an admin's.
EXPORT_EMAIL, EDITOR_EMAIL = "load-export@example.org", "load-editor@example.org"
STAFF_PASSWORD = secrets.token_urlsafe(16)
# Production settings require staff to use an authenticator app, so the load's staff have one.
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
    """A fresh, migrated database: the two staff accounts, the campaigns (module docstring), and
    `letters` kept letters in the main campaign, LETTERS_PER_OTHER_CAMPAIGN in each other."""
    from webapp import create_app
    from webapp.extensions import db
    from webapp.schema import upgrade

    _empty_database(settings["DATABASE_URL"])
    app = create_app({**settings, "APP_ENV": "testing"})
    upgrade(app)
    with app.app_context():
        editor = _staff_accounts()
        others = _campaigns(editor)
        _store_letters({MAIN_CAMPAIGN: letters} | dict.fromkeys(others, LETTERS_PER_OTHER_CAMPAIGN))
        db.engine.dispose()


def _empty_database(url: str) -> None:
    """PostgreSQL: drop everything (a SQLite file is new each run)."""
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _staff_accounts():
    """The exporter's and the editor's accounts; returns the editor's (who starts the campaigns)."""
    from werkzeug.security import generate_password_hash

    from webapp.accounts.models import StaffUser
    from webapp.extensions import db

    accounts = [
        StaffUser(
            email=email,
            role="admin",
            password_hash=generate_password_hash(STAFF_PASSWORD),
            totp_secret=STAFF_TOTP_SECRET,
        )
        for email in (EXPORT_EMAIL, EDITOR_EMAIL)
    ]
    db.session.add_all(accounts)
    db.session.commit()
    return accounts[1]


def _campaigns(by) -> list[str]:
    """Every campaign but the main one, copied from it as staff do; returns their slugs."""
    from webapp.campaigns import service as campaigns
    from webapp.content import published
    from webapp.content.campaign_copy import copy_campaign

    main = published.campaign_named(MAIN_CAMPAIGN)
    more = [f"campaign-{n:02}" for n in range(1, MORE_CAMPAIGNS + 1)]
    titles = {
        SECOND_CAMPAIGN: "Stop the winter flights",
        EDITOR_CAMPAIGN: "Stop the spring flights",
    }
    titles |= {slug: f"Campaign {n}" for n, slug in enumerate(more, 1)}
    for slug, title in titles.items():
        copy_campaign(main, slug, title, folder=MAIN_CAMPAIGN, by=by)
    campaigns.open_now(SECOND_CAMPAIGN, by=by)
    for n, slug in enumerate(more):
        _take_along(slug, LIFE[n % len(LIFE)], by)
    return list(titles)


def _take_along(slug: str, status: str, by) -> None:
    """Take a new draft through LIFE, as staff would, as far as `status`."""
    from webapp.campaigns import service as campaigns

    steps = (
        lambda: campaigns.open_now(slug, by=by),
        lambda: campaigns.close_now(slug, "This campaign is over. Thank you for writing.", by=by),
        lambda: campaigns.archive(slug, by=by),
    )
    for step in steps[: LIFE.index(status)]:
        step()


def _store_letters(per_campaign: dict[str, int]) -> None:
    """Kept letters, written in the day before the run, `per_campaign[slug]` of each campaign."""
    from sqlalchemy import insert

    from letters.directory import default_directory
    from webapp.extensions import db
    from webapp.submissions.models import Submission

    seats = default_directory().constituencies()
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    campaigns = [slug for slug, count in per_campaign.items() for _ in range(count)]
    rows = [
        {
            "campaign": campaign,
            "letter_key": secrets.token_urlsafe(16),
            "constituency_code": seats[n % len(seats)].code,
            "name": f"Stored Supporter {n}",
            "address_lines": [f"{n + 1} Example Street", "Exampletown"],
            "postcode": "SW1A 1AA",
            "keep_letter": True,
            "created_at": start + dt.timedelta(seconds=n),
        }
        for n, campaign in enumerate(campaigns)
    ]
    for first in range(0, len(rows), 2_000):
        db.session.execute(insert(Submission), rows[first : first + 2_000])
    db.session.commit()


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


def sign_in(base: str, email: str) -> Staff:
    """A staff browser signed in as `email` (working on the main campaign until it chooses)."""
    import pyotp

    staff = Staff(base)
    code = pyotp.TOTP(STAFF_TOTP_SECRET).now()
    staff.post("/staff/login", {"email": email, "password": STAFF_PASSWORD, "code": code})
    return staff


def request_export(staff: Staff) -> str:
    """Ask for a merged PDF of every letter of the campaign worked on; returns its status path."""
    fields = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf"}
    status_path = urllib.parse.urlparse(staff.post("/staff/exports", fields)).path
    if not re.fullmatch(r"/staff/exports/\d+", status_path):
        raise RuntimeError(f"the staff export was not started (ended at {status_path})")
    return status_path


def work_on(staff: Staff, slug: str) -> None:
    """Choose the campaign every later staff page is about, as the campaigns page's button does."""
    token = _CSRF.search(staff.get("/staff/campaigns")).group(1)
    data = {"slug": slug, "csrf_token": token}
    landed = urllib.parse.urlparse(staff.submit_without_redirect("/staff/campaigns/choose", data))
    if landed.path != "/staff/":  # a refused choice goes back to the campaigns page
        raise RuntimeError(f"could not work on {slug} (sent to {landed.path})")


class EditorChecks(threading.Thread):
    """Meanwhile, an editor saves the worst templates again and again (each a new check) in the
    campaign `staff` works on, and lands on the editor page, which waits at most CHECK_WAIT_MS
    for the checks."""

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
    paths = ",".join(SUPPORTER_PATHS.values())
    env = {**os.environ, "LOAD_TALLY": str(tally), "LOAD_CAMPAIGN_PATHS": paths}
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
        _env("LOAD_SPAWN_RATE", "10"),
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


@dataclasses.dataclass(frozen=True)
class Stored:
    """What the database holds after a run, by campaign slug."""

    campaigns: int  # campaign rows, the main one's included
    counted: dict[str, int]  # anonymous letter counts (none before the run)
    kept: dict[str, int]  # kept letters written since the run began
    editor_saves: dict[str, int]  # template versions the editor saved ("Try n")


def database_counts(settings: dict[str, str], since: dt.datetime) -> Stored:
    """Each campaign's letters counted, letters kept since `since` and editor's saves."""
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.campaigns.models import CampaignRow
    from webapp.content.models import ContentVersion
    from webapp.extensions import db
    from webapp.submissions.models import LetterCount, Submission

    def by_campaign(column, *where) -> dict[str, int]:
        query = select(column, func.count()).where(*where).group_by(column)
        return dict(db.session.execute(query).all())

    app = create_app({**settings, "APP_ENV": "testing"})
    with app.app_context():
        stored = Stored(
            campaigns=db.session.scalar(select(func.count(CampaignRow.id))) or 0,
            counted=by_campaign(LetterCount.campaign),
            kept=by_campaign(Submission.campaign, Submission.created_at >= since),
            editor_saves=by_campaign(ContentVersion.campaign, ContentVersion.note.like("Try %")),
        )
        db.engine.dispose()
    return stored


def lost_records(tally: dict, stored: Stored) -> dict[str, int]:
    """Per supporters' campaign: letters locust completed there that its rows do not hold (a
    letter stored under the wrong campaign is lost to its own)."""
    lost = {}
    for slug, path in SUPPORTER_PATHS.items():
        journeys = tally["journeys_by_path"].get(path, {})
        uncounted = journeys.get("done", 0) - stored.counted.get(slug, 0)
        unkept = journeys.get("kept", 0) - stored.kept.get(slug, 0)
        lost[slug] = max(0, uncounted) + max(0, unkept)
    return lost


@dataclasses.dataclass
class Run:
    """One load run's results, for its report."""

    label: str
    users: int
    workdir: Path
    tally: dict = dataclasses.field(default_factory=dict)
    elapsed: float = 0.0
    export_state: str = ""
    export_seconds: float = 0.0
    editor: EditorChecks | None = None
    stored: Stored | None = None


def run_one(label: str, database_url: str | None, redis_url: str | None) -> None:
    """One load run on one database; prints its figures and adds them to the bench table."""
    users, seconds = int(_env("LOAD_USERS", "50")), int(_env("LOAD_SECONDS", "60"))
    letters = int(_env("LOAD_EXPORT_LETTERS", "5000"))
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        run = Run(label, users, Path(tmp))
        url = database_url or f"sqlite:///{run.workdir / 'load.sqlite3'}"
        settings = _settings(url, redis_url, uuid.uuid4().hex[:8])
        prepare(settings, letters)
        base, processes = _start_servers(settings, redis_url, run.workdir)
        try:
            _wait_until_up(base)
            since = dt.datetime.now(dt.UTC)
            _measure(run, base, seconds)
        finally:
            _stop(processes)
        run.stored = database_counts(settings, since)
        _report(run)
        _report_campaigns(run)
        _report_editor(run)


def _start_servers(
    settings: dict[str, str], redis_url: str | None, workdir: Path
) -> tuple[str, list[subprocess.Popen]]:
    """gunicorn as the Procfile starts it, and with Redis one `flask worker`; returns the base
    URL and the processes."""
    port = _free_port()
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
    processes = [web]
    if redis_url:
        processes.append(
            _start(
                [sys.executable, "-m", "flask", "worker"],
                {**env, "FLASK_APP": "webapp:create_app"},
                workdir / "worker.log",
            )
        )
    return f"http://127.0.0.1:{port}", processes


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop each process group; kill one still running 30 s later (an RQ worker waits for its
    job), so the run always ends by itself."""
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _measure(run: Run, base: str, seconds: int) -> None:
    """The export, the editor and the supporters, as the module docstring says."""
    exporter = sign_in(base, EXPORT_EMAIL)
    status_path = request_export(exporter)
    export_started = time.monotonic()
    editor = sign_in(base, EDITOR_EMAIL)
    work_on(editor, EDITOR_CAMPAIGN)
    run.editor = EditorChecks(editor)
    run.editor.start()
    started = time.monotonic()
    try:
        run.tally = run_locust(base, run.workdir, run.users, seconds)
    finally:
        run.editor.stop.set()
        run.editor.join(timeout=90)
    run.elapsed = time.monotonic() - started
    finished, run.export_state = export_finished(exporter, status_path)
    while not finished and time.monotonic() - export_started < 300:
        time.sleep(1)
        finished, run.export_state = export_finished(exporter, status_path)
    run.export_seconds = time.monotonic() - export_started


def _report(run: Run) -> None:
    """Over all supporters: journeys, every step's p50 and p99, statuses and lost records."""
    statuses, journeys, label = run.tally["statuses"], run.tally["journeys"], run.label
    errors_5xx = sum(n for key, n in statuses.items() if key.rsplit(" ", 1)[1].startswith("5"))
    refused = sum(n for key, n in statuses.items() if key.endswith(" 429"))
    done, elapsed = journeys.get("done", 0), run.elapsed
    lost = sum(lost_records(run.tally, run.stored).values())
    print(
        f"\n--- {label}: {run.users} supporters from 127.0.0.1 over "
        f"{', '.join(SUPPORTER_PATHS.values())}; {run.stored.campaigns} campaigns in the "
        f"database; {elapsed:.0f} s, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} ---"
    )
    print(f"journeys completed {done} ({done / elapsed:.1f}/s), broken {journeys.get('broken', 0)}")
    steps = step_latencies(run.workdir)
    print(f"{'step (both campaigns)':<24}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, count, p50, p99 in steps:
        print(f"{name:<24}{count:>9}{p50:>9.0f}{p99:>9.0f}")
    cut_off = sum(n for key, n in statuses.items() if key.endswith(" 0"))
    print(
        f"5xx: {errors_5xx}   429: {refused}   cut off by the end of the run (no response): "
        f"{cut_off}\nall statuses: {dict(sorted(statuses.items()))}"
    )
    print(f"lost records: {lost}")
    print(f"staff merged export meanwhile: {run.export_state} after {run.export_seconds:.0f} s")
    add_row(
        f"Load ({label}): journeys/s, {run.users} supporters on one address, two campaigns",
        f"{done / elapsed:.1f}/s ({done} in {elapsed:.0f} s)",
    )
    add_row(f"Load ({label}): 5xx", str(errors_5xx), "0", met=errors_5xx == 0)
    add_row(f"Load ({label}): 429 (one address)", str(refused), "0", met=refused == 0)
    add_row(f"Load ({label}): lost records (both campaigns)", str(lost), "0", met=lost == 0)
    for name, _count, p50, p99 in steps:
        add_row(
            f"Load ({label}): {name}, p50 / p99",
            f"{p50:.0f} / {p99:.0f} ms",
            f"≤ {TARGET_STEP_P50_MS} / ≤ {TARGET_STEP_P99_MS} ms on 2 cores",
            met=p50 <= TARGET_STEP_P50_MS and p99 <= TARGET_STEP_P99_MS,
        )


def _report_campaigns(run: Run) -> None:
    """Each supporters' campaign on its own: p50/p99 per step, and its letters in the database."""
    by_path = run.tally["percentiles_by_path"]
    print("per campaign, p50 / p99 ms (locust's own figures above are rounded):")
    print(f"{'step':<24}" + "".join(f"{slug:>20}" for slug in SUPPORTER_PATHS))
    names = sorted({name for steps in by_path.values() for name in steps})
    for name in names:
        cells = []
        for path in SUPPORTER_PATHS.values():
            p50, p99 = by_path.get(path, {}).get(name, (0.0, 0.0))
            cells.append(f"{p50:.0f} / {p99:.0f}")
        print(f"{name:<24}" + "".join(f"{cell:>20}" for cell in cells))
    lost = lost_records(run.tally, run.stored)
    for slug, path in SUPPORTER_PATHS.items():
        journeys = run.tally["journeys_by_path"].get(path, {})
        print(
            f"{path}: {journeys.get('done', 0)} PDFs downloaded, "
            f"{run.stored.counted.get(slug, 0)} letters counted; {journeys.get('kept', 0)} sent "
            f"asking us to keep them, {run.stored.kept.get(slug, 0)} kept; lost {lost[slug]}"
        )
    strays = {
        slug: n
        for slug, n in (run.stored.counted | run.stored.kept).items()
        if slug not in SUPPORTER_PATHS and n
    }
    if strays:
        print(f"letters stored under a campaign no supporter used: {strays}")


def _report_editor(run: Run) -> None:
    editor, label = run.editor, run.label
    saves = run.stored.editor_saves
    elsewhere = sum(n for slug, n in saves.items() if slug != EDITOR_CAMPAIGN)
    print(
        f"editor's saves in the database: {saves.get(EDITOR_CAMPAIGN, 0)} in {EDITOR_CAMPAIGN}, "
        f"{elsewhere} in any other campaign"
    )
    pages = sorted(editor.page_seconds)
    if not pages:
        print(f"editor meanwhile: no worst-template save answered ({editor.failures} failed)")
        return
    slowest = pages[-1]
    print(
        f"editor meanwhile ({EDITOR_CAMPAIGN}): {len(pages)} worst-template versions saved and "
        f"checked; the editor page answered in {pages[len(pages) // 2] * 1000:.0f} ms median, "
        f"{slowest * 1000:.0f} ms at most; {editor.failures} failed"
    )
    add_row(
        f"Load ({label}): staff editor page while its checks run (third campaign)",
        f"{slowest * 1000:.0f} ms at most ({len(pages)} saves)",
        f"≤ {TARGET_STAFF_PAGE_S * 1000:.0f} ms",
        met=slowest <= TARGET_STAFF_PAGE_S and not editor.failures and not elsewhere,
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
