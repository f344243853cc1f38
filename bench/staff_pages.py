"""Staff pages against their target: opening the letter editor, and the preview that shows every
wording of every part, each answered in at most 300 ms.

Measured with Flask's test client (in the process: no server, no network) on an app over a
temporary SQLite database with the migrations applied, signed in as an editor this module
creates. Each page is asked for once to warm up (the first opening of the editor starts the
background checks of the letter, which are waited for; their result is then kept, as in a
running worker), then REQUESTS times; the figure is the median, with the p95 and the slowest.

    python -m bench staff_pages
    python -m bench.staff_pages [REQUESTS]
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.table import add_row

REQUESTS = 30
TARGET_MS = 300.0
EDITOR_EMAIL = "bench-editor@example.org"
PASSWORD = "a bench password that is long enough"
TEMPLATE = "template:default"
# (what, URL, words the page must show, so a sign-in page or an error is never what is timed)
PAGES = (
    ("Staff: opening the letter editor", f"/staff/content/{TEMPLATE}/edit", "Edit:"),
    (
        "Staff: preview with every wording shown",
        f"/staff/content/{TEMPLATE}/versions/1/wordings?place=SW1A+1AA&sample=2",
        "wording 3 of 3",
    ),
)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _app(folder: Path):
    """An app on a fresh, migrated SQLite database in `folder`, with one editor account."""
    from werkzeug.security import generate_password_hash

    from webapp import create_app
    from webapp.accounts.models import StaffUser
    from webapp.extensions import db
    from webapp.schema import upgrade

    settings = {
        "APP_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(settings)
    upgrade(app)
    with app.app_context():
        password_hash = generate_password_hash(PASSWORD)
        db.session.add(StaffUser(email=EDITOR_EMAIL, role="editor", password_hash=password_hash))
        db.session.commit()
    return app


def _signed_in(app):
    """A test client signed in as the editor, through the sign-in form as a browser would."""
    client = app.test_client()
    token = _CSRF.search(client.get("/staff/login").get_data(as_text=True)).group(1)
    answer = client.post(
        "/staff/login", data={"email": EDITOR_EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    if answer.status_code != 302:
        raise RuntimeError(f"signing in as the editor failed ({answer.status_code})")
    return client


def _get(client, url: str, expected: str) -> float:
    """Milliseconds to answer one GET; raises unless it is the page asked for."""
    started = time.perf_counter()
    answer = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200 or expected not in answer.get_data(as_text=True):
        raise RuntimeError(f"{url} answered {answer.status_code}, not the page measured")
    return elapsed


def measure(requests: int = REQUESTS) -> dict[str, list[float]]:
    """Milliseconds per request for each page, after a warm-up request each."""
    from webapp.content import published
    from webapp.extensions import db
    from webapp.jobs import inprocess

    with tempfile.TemporaryDirectory(prefix="staff-bench-") as tmp:
        published.clear_caches()
        app = _app(Path(tmp))
        client = _signed_in(app)
        timings: dict[str, list[float]] = {}
        try:
            for what, url, expected in PAGES:
                _get(client, url, expected)
                inprocess.wait_all()  # the letter's checks, started by the first opening
                _get(client, url, expected)
                timings[what] = [_get(client, url, expected) for _ in range(requests)]
        finally:
            inprocess.wait_all()
            with app.app_context():
                for engine in db.engines.values():
                    engine.dispose()
            published.clear_caches()
    return timings


def main(requests: int = REQUESTS) -> dict[str, list[float]]:
    """Print each page's median, p95 and slowest answer against the target; add the medians."""
    timings = measure(requests)
    print(f"{'ms per request':<44}{'n':>5}{'median':>9}{'p95':>8}{'max':>8}{'target':>10}")
    target = f"≤ {TARGET_MS:.0f}"
    for what, ms in timings.items():
        median = statistics.median(ms)
        p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
        met = median <= TARGET_MS
        print(
            f"{what:<44}{len(ms):>5}{median:>9.1f}{p95:>8.1f}{max(ms):>8.1f}"
            f"{target:>10}  {'ok' if met else 'MISSED'}",
            flush=True,
        )
        add_row(
            what,
            f"{median:.0f} ms median of {len(ms)} (p95 {p95:.0f} ms)",
            f"{target} ms",
            met=met,
        )
    return timings


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else REQUESTS)
