"""Job functions the job-runner tests enqueue (module-level, so an RQ worker can import them)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from webapp import jobs


def add(a: int, b: int) -> dict:
    """A quick job with a result: the sum, and which process ran it."""
    jobs.report_progress(1, 1)
    return {"sum": a + b, "pid": os.getpid()}


def refuse(message: str) -> None:
    """A job that fails with a message meant for staff."""
    raise jobs.JobError(message)


def crash(secret: str) -> None:
    """A job that fails with an exception whose text must not be shown or logged."""
    raise RuntimeError(secret)


def slow(marker: str, seconds: float) -> dict:
    """Write this process's id to `marker` (once per attempt), then take `seconds`."""
    path = Path(marker)
    with path.open("a") as out:
        out.write(f"{os.getpid()}\n")
    time.sleep(seconds)
    return {"attempts_seen": len(path.read_text().split())}


def record_failure(marker: str, *rest) -> None:
    """An on_failure: adds a line to `marker + ".failed"` each time it is called."""
    with Path(marker + ".failed").open("a") as out:
        out.write("failed\n")
