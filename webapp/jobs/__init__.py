"""Background jobs: work too long for a web request, with its state in the database.

How to use it (exports, template checks, reminder emails, …)::

    from webapp import jobs

    def send_reminders(campaign: str, day: str) -> dict:   # a module-level function
        ...
        jobs.report_progress(done, total)                   # optional, as it goes
        return {"sent": n}                                  # optional, JSON-able: kept as result

    job_id = jobs.enqueue(send_reminders, "baghdad-returns", "2026-11-29")
    state = jobs.status(job_id)      # JobState: status, done, total, result, error

* `enqueue(func, *args, on_failure=None, first=False)` stores a `background_job` row and returns
  its id. Arguments must be plain JSON values (ids, strings, numbers): the function reads what it
  needs from the database when it runs, on whichever machine that is. Pass ids, never personal
  data: arguments are stored in the row and in Redis. `on_failure` is another module-level
  function, called with the same arguments once the job has finally failed (to tidy up or mark
  its own rows). `first` puts the job at the front of the RQ queue.
* The row is the source of truth: `status(job_id)` reads it (and first asks the runner whether
  the job's worker has died, so a dead job is never shown as running). Raise `JobError("…")`
  for a message staff may see; any other exception is logged by type only (messages can quote
  personal data) and shown as a generic failure.
* Two runners, one code path (`run`): with REDIS_URL set, jobs go to an RQ queue served by
  `flask worker` (`make worker`, the Procfile's `worker:` line); a worker that dies mid-job is
  noticed by RQ (its heartbeat stops) and the job is retried (JOB_RETRIES) or marked failed
  within a minute. Without REDIS_URL (a laptop), or while Redis is unreachable, the same `run`
  runs in a thread of the web process, so `make run` needs nothing else.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import json
import logging
import os
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob, JobStatus

log = logging.getLogger(__name__)

FAILED = "This could not be finished. Please try again; if it fails again, tell the team."
STOPPED = (
    "This stopped before it finished (the server running it was restarted). "
    "Please ask for it again."
)
_UNFINISHED = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
_HOST = socket.gethostname()

_current_job: contextvars.ContextVar[int | None] = contextvars.ContextVar("job", default=None)
_executor: ThreadPoolExecutor | None = None
_futures: dict[int, Future] = {}
_engine_pid = os.getpid()


class JobError(Exception):
    """A failure whose message is written for staff (no personal data, says what to do)."""


@dataclass(frozen=True, slots=True)
class JobState:
    """What `status()` returns: a snapshot of the job's row."""

    id: int
    status: JobStatus
    done: int
    total: int
    result: Any
    error: str | None
    attempts: int

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


def _path(func: Callable) -> str:
    if "<" in func.__qualname__ or "." in func.__qualname__:
        raise ValueError("a job function must be defined at the top level of a module")
    return f"{func.__module__}:{func.__qualname__}"


def _resolve(path: str) -> Callable:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def enqueue(
    func: Callable, *args: Any, on_failure: Callable | None = None, first: bool = False
) -> int:
    """Queue `func(*args)` to run in the background; returns the job's row id (see module doc).

    `first` puts a short job someone is waiting for (a content check) ahead of the queued ones,
    so it does not wait behind every letter download.
    """
    row = BackgroundJob(
        func=_path(func),
        args=json.dumps(list(args)),
        on_failure=_path(on_failure) if on_failure else None,
        status=JobStatus.QUEUED.value,
    )
    db.session.add(row)
    db.session.commit()
    job_id = row.id
    if current_app.config.get("REDIS_URL"):
        from webapp.jobs import (
            rq_runner as job_queue,  # RQ and Redis are only needed where REDIS_URL is set
        )

        try:
            job_queue.submit(job_id, first=first)
            return job_id
        except job_queue.QueueUnavailable:
            # Redis is down: the work still gets done, in this process (health says "degraded").
            log.warning("Job queue unreachable; running job %s in the web process", job_id)
    _submit_here(job_id)
    return job_id


def _submit_here(job_id: int) -> None:
    global _executor
    db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id)
        .values(runner="process", queue_ref=f"{_HOST}:{os.getpid()}")
    )
    db.session.commit()
    if _executor is None:
        threads = int(current_app.config.get("JOB_THREADS", 2))
        _executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="job")
    app = current_app._get_current_object()
    future = _executor.submit(_run_in_thread, app, job_id)
    _futures[job_id] = future
    # Forget finished jobs, so a long-running web process does not collect them.
    future.add_done_callback(lambda _: _futures.pop(job_id, None))


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        run(job_id)


def wait(job_id: int, timeout: float = 60) -> None:
    """Block until a job running in this process has finished (for the CLI, tests and benches)."""
    future = _futures.get(job_id)
    if future is not None:
        future.result(timeout=timeout)


def wait_all(timeout: float = 60) -> None:
    """Block until every job running in this process has finished (tests, shutdown)."""
    for future in list(_futures.values()):
        future.result(timeout=timeout)


@contextlib.contextmanager
def _app_context() -> Iterator[None]:
    """The running app's context, or a new app's (a bare `rq worker` has none)."""
    if has_app_context():
        yield
        return
    from webapp import create_app

    with create_app().app_context():
        yield


def _fresh_connections_after_fork() -> None:
    """An RQ work-horse is a fork: it must not share the parent's database connections."""
    global _engine_pid
    if os.getpid() != _engine_pid:
        db.engine.dispose(close=False)
        _engine_pid = os.getpid()


def run(job_id: int) -> None:
    """Run one job and record its outcome in its row (both runners call this; never raises)."""
    with _app_context():
        _fresh_connections_after_fork()
        row = db.session.get(BackgroundJob, job_id)
        if row is None or row.finished:
            return  # purged, or a second delivery of a job that already ended
        func_path, args = row.func, json.loads(row.args)
        row.status, row.started_at = JobStatus.RUNNING.value, utcnow()
        row.attempts, row.error, row.done = row.attempts + 1, None, 0
        db.session.commit()
        token = _current_job.set(job_id)
        try:
            result = _resolve(func_path)(*args)
        except JobError as exc:
            db.session.rollback()
            fail(job_id, str(exc))
            return
        except Exception as exc:
            # Only the type is logged: messages can quote supporters' names or addresses.
            log.error("Job %s (%s) failed: %s", job_id, func_path, type(exc).__name__)
            db.session.rollback()
            fail(job_id, FAILED)
            return
        finally:
            _current_job.reset(token)
        _set(job_id, status=JobStatus.DONE.value, result=json.dumps(result), finished_at=utcnow())


def _set(job_id: int, **values: Any) -> int:
    """Update an unfinished job's row; returns 1 if it was still unfinished, else 0."""
    changed = db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.status.in_(_UNFINISHED))
        .values(**values)
    ).rowcount
    db.session.commit()
    return changed or 0


def fail(job_id: int, message: str = FAILED) -> None:
    """Mark an unfinished job failed with `message`, then call its on_failure (once)."""
    if not _set(job_id, status=JobStatus.FAILED.value, error=message, finished_at=utcnow()):
        return
    row = db.session.get(BackgroundJob, job_id)
    if row is not None and row.on_failure:
        try:
            _resolve(row.on_failure)(*json.loads(row.args))
        except Exception as exc:
            log.error("Job %s: on_failure raised %s", job_id, type(exc).__name__)
            db.session.rollback()


def requeued(job_id: int) -> None:
    """Show a job as waiting again (its runner is retrying it after a worker died)."""
    _set(job_id, status=JobStatus.QUEUED.value)


def report_progress(done: int, total: int) -> None:
    """From inside a job: how far it has got (shown by `status()`). Commits."""
    job_id = _current_job.get()
    if job_id is None:
        return
    _set(job_id, done=done, total=total)


def current_job_id() -> int | None:
    """The id of the job this code is running in, or None outside a job."""
    return _current_job.get()


def status(job_id: int) -> JobState | None:
    """The job's state from its row (None if there is no such job); see the module docstring."""
    row = db.session.get(BackgroundJob, job_id)
    if row is None:
        return None
    if not row.finished and _runner_lost(row):
        fail(job_id, STOPPED)
        db.session.expire_all()
        row = db.session.get(BackgroundJob, job_id)
    return JobState(
        id=row.id,
        status=JobStatus(row.status),
        done=row.done,
        total=row.total,
        result=json.loads(row.result) if row.result else None,
        error=row.error,
        attempts=row.attempts,
    )


def _runner_lost(row: BackgroundJob) -> bool:
    """True when the runner says the job can no longer finish (its process or worker died)."""
    if row.runner == "rq":
        from webapp.jobs import rq_runner as job_queue

        return job_queue.lost(row.id, row.queue_ref)
    host, _, pid = (row.queue_ref or "").rpartition(":")
    if host != _HOST or not pid.isdigit():
        return False  # another machine's thread: it may well be running
    if int(pid) == os.getpid():
        return row.id not in _futures
    return not _alive(int(pid))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
