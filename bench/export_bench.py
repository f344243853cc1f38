"""Merged-PDF export of 1,000 and 10,000 stored letters: seconds and peak memory per size.

Each size gets its own temporary SQLite database filled in bulk, and the export runs exactly as
the staff area's background job runs it (webapp.exports.tasks.write_export) in a child
process, so its peak RSS is that child's alone. Targets: at most 25 s and 150 MB at either size,
and memory flat as the count grows. CPU seconds are shown too: on a busy machine wall time
varies with the load, CPU time much less.

    python -m bench export_bench
    python -m bench.export_bench 1000 10000
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import add_row

SIZES = (1_000, 10_000)
TARGET_SECONDS = 25.0
TARGET_MB = 150.0
# Names in several scripts, so the embedded-font path is exercised as well as Helvetica.
NAMES = (
    "Amira O'Brien-Núñez",
    "Zoë Ó Súilleabháin",
    "فاطمة الزهراء",
    "Nguyễn Thị Minh Khai",
    "John Smith",
    "Siân Evans",
)
REASON = "My neighbour fled Baghdad. I want the UK to follow the UN guidelines."


def _app(folder: Path):
    from webapp import create_app

    return create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        }
    )


def fill(folder: Path, count: int) -> None:
    """A migrated database with `count` kept letters spread over every constituency."""
    from sqlalchemy import insert

    from letters.directory import default_directory
    from webapp.extensions import db
    from webapp.schema import upgrade
    from webapp.submissions.models import Submission

    app = _app(folder)
    upgrade(app)
    seats = default_directory().constituencies()
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    rows = [
        {
            "campaign": "baghdad-returns",
            "letter_key": secrets.token_urlsafe(16),
            "constituency_code": seats[n % len(seats)].code,
            "name": NAMES[n % len(NAMES)],
            "address_lines": [f"{n + 1} Example Street", "Exampletown"],
            "postcode": "SW1A 1AA",
            "reason": REASON if n % 2 else None,
            "keep_letter": True,
            "created_at": start + dt.timedelta(minutes=n),
        }
        for n in range(count)
    ]
    with app.app_context():
        for first in range(0, count, 2_000):
            db.session.execute(insert(Submission), rows[first : first + 2_000])
        db.session.commit()
        db.engine.dispose()


def run_export(folder: Path) -> dict:
    """The export as the background job does it; runs in the child process."""
    from webapp.exports.letters_source import ExportFilters
    from webapp.exports.models import ExportKind
    from webapp.exports.tasks import store, write_export

    app = _app(folder)
    with app.app_context():
        started, cpu_started = time.perf_counter(), time.process_time()
        # Into the file store (the database), as the background job writes it.
        with store().create("letters.pdf", "application/pdf") as out:
            result = write_export(ExportKind.MERGED_PDF, ExportFilters(), out)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        size = store().info(out.key).size
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "letters": result.written,
        "skipped": result.skipped,
        "bytes": size,
        "self_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def measure(count: int) -> dict:
    """Fill a database with `count` letters, export them in a child process, return figures."""
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        folder = Path(tmp)
        fill(folder, count)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        child = subprocess.run(
            [sys.executable, "-m", "bench.export_bench", "--child", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        # RUSAGE_CHILDREN is the largest child so far; sizes run smallest first, so a rise here
        # belongs to this child. The child's own figure is reported alongside.
        figures["children_peak_kb"] = children_peak if children_peak > before else before
        figures["count"] = count
        return figures


def main(sizes: tuple[int, ...] = SIZES) -> list[dict]:
    """Run every size and print seconds, letters per second, file size and peak RSS."""
    header = ("letters", "seconds", "CPU s", "letters/s", "file MB", "peak RSS MB")
    widths = (8, 8, 8, 10, 8, 12)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)), " target")
    results = []
    for count in sorted(sizes):
        figures = measure(count)
        peak_mb = max(figures["self_peak_kb"], figures["children_peak_kb"]) / 1024
        ok = figures["seconds"] <= TARGET_SECONDS and peak_mb <= TARGET_MB
        print(
            f"{count:>8} {figures['seconds']:>8.1f} {figures['cpu_seconds']:>8.1f} "
            f"{count / figures['seconds']:>10.0f} "
            f"{figures['bytes'] / 1e6:>8.1f} {peak_mb:>12.1f}  "
            f"{'ok' if ok else 'MISSED'} (≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_MB:.0f} MB)",
            flush=True,
        )
        add_row(
            f"Merged PDF export of {count:,} stored letters",
            f"{figures['seconds']:.1f} s ({figures['cpu_seconds']:.1f} s CPU), "
            f"{peak_mb:.0f} MB peak RSS",
            f"≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_MB:.0f} MB",
            met=ok,
        )
        if figures["skipped"]:
            print(f"         ({figures['skipped']} letters could not be printed)")
        results.append(figures)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(run_export(Path(sys.argv[2]))))
    else:
        main(tuple(int(n) for n in sys.argv[1:]) or SIZES)
