"""The in-process runner: jobs run in a small pool of threads of this (web) process.

Used where there is no REDIS_URL (a laptop: `make run` needs nothing else), and by the RQ runner
while Redis is unreachable. A job's row records the host and process id running it, so a status
query from any process on this machine notices a job whose process has stopped.
"""

from __future__ import annotations

import os
import socket
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app

from webapp.jobs import service
from webapp.jobs.models import BackgroundJob

RUNNER = "process"
_HOST = socket.gethostname()

# One pool per process, shared by every app in it (tests build many apps).
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_futures: dict[int, Future] = {}


class InProcessRunner:
    """Runs each job in a thread of this process (setting JOB_THREADS, default 2)."""

    def submit(self, job_id: int, *, first: bool = False) -> None:
        """Start the job in a thread; `first` has no meaning here (threads take jobs in turn)."""
        service.assign(job_id, runner=RUNNER, queue_ref=f"{_HOST}:{os.getpid()}")
        app = current_app._get_current_object()
        future = _pool(int(app.config.get("JOB_THREADS", 2))).submit(_run_in_thread, app, job_id)
        _futures[job_id] = future
        # Forget finished jobs, so a long-running web process does not collect them.
        future.add_done_callback(lambda _: _futures.pop(job_id, None))

    def lost(self, job: BackgroundJob) -> bool:
        """True when the process running the job, on this machine, has stopped."""
        if job.runner != RUNNER:
            return False  # another runner's job: this one cannot tell
        host, _, pid = (job.queue_ref or "").rpartition(":")
        if host != _HOST or not pid.isdigit():
            return False  # another machine's thread: it may well be running
        if int(pid) == os.getpid():
            return job.id not in _futures
        return not _alive(int(pid))

    def wait(self, job_id: int, timeout: float) -> None:
        """Block until the job, if it runs in this process, has finished."""
        future = _futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)

    def problem(self) -> str | None:
        """Threads of this process can always take a job."""
        return None


def wait_all(timeout: float = 60) -> None:
    """Block until every job running in this process has finished (tests, shutdown)."""
    for future in list(_futures.values()):
        future.result(timeout=timeout)


def _pool(threads: int) -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job")
        return _executor


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        service.run(job_id)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
