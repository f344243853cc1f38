"""The public interface of background jobs: queue work, read its state, and record its outcome.

Callers (exports, content checks, reminder emails) use `enqueue`, `status`, `wait`,
`report_progress` and `JobError`. Runners (`webapp.jobs.rq_runner`, `webapp.jobs.inprocess`)
use `assign`, `run`, `requeue`, `mark_failed` and `app_context`; `create_app` picks the runner
and installs it with `init_app`. Nothing here imports a runner, so RQ and Redis are loaded only
where REDIS_URL is set.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import importlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, update

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
_FINISHED = (JobStatus.DONE.value, JobStatus.FAILED.value)
_EXTENSION = "webapp.jobs.runner"

_current_job: contextvars.ContextVar[int | None] = contextvars.ContextVar("job", default=None)
_engine_pid = os.getpid()
# The app of the process that set up the jobs (see init_app); None until create_app runs.
_home_app: Flask | None = None


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


class Runner(Protocol):
    """What runs queued jobs: an RQ queue and its workers, or threads of this process."""

    def submit(self, job_id: int, *, first: bool = False) -> None:
        """Arrange for `run(job_id)` to be called (at the front of the queue if `first`)."""

    def lost(self, job: BackgroundJob) -> bool:
        """True when the job's row says unfinished but it can no longer finish (runner died)."""

    def wait(self, job_id: int, timeout: float) -> None:
        """Block until the job has finished, if it runs in this process; else return at once."""

    def problem(self) -> str | None:
        """None when the runner can take jobs, else a short reason (for /healthz)."""


def init_app(app: Flask, runner: Runner) -> None:
    """Make `runner` run the jobs `app` queues (create_app calls this).

    The app is also kept as the one a job runs in when nothing has pushed a context: RQ's
    failure callbacks and work-horses run in the `flask worker` process that built it.
    """
    global _home_app
    app.extensions[_EXTENSION] = runner
    _home_app = app


def _runner() -> Runner:
    try:
        return current_app.extensions[_EXTENSION]
    except KeyError:
        raise RuntimeError("no job runner: build the app with webapp.create_app()") from None


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
    """Queue `func(*args)` to run in the background; returns the job's row id.

    Arguments must be plain JSON values (ids, strings, numbers), never personal data: they are
    stored in the row and in Redis. `on_failure` is another module-level function, called with
    the same arguments once the job has finally failed. `first` puts a short job someone is
    waiting for (a content check) ahead of the queued ones.
    """
    row = BackgroundJob(
        func=_path(func),
        args=json.dumps(list(args)),
        on_failure=_path(on_failure) if on_failure else None,
        status=JobStatus.QUEUED.value,
    )
    db.session.add(row)
    db.session.commit()
    _runner().submit(row.id, first=first)
    return row.id


def status(job_id: int) -> JobState | None:
    """The job's state from its row, or None if there is no such job.

    An unfinished job whose runner has died (its process or worker) is marked failed first, so
    a dead job is never shown as running.
    """
    row = db.session.get(BackgroundJob, job_id)
    if row is None:
        return None
    if not row.finished and _runner().lost(row):
        mark_failed(job_id, STOPPED)
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


def wait(job_id: int, timeout: float = 60) -> None:
    """Block until a job running in this process has finished (for the CLI, tests and benches).

    A job on a worker elsewhere is not waited for: poll `status()` for that.
    """
    _runner().wait(job_id, timeout)


def report_progress(done: int, total: int) -> None:
    """From inside a job: how far it has got (shown by `status()`). Commits."""
    job_id = _current_job.get()
    if job_id is None:
        return
    _update_unfinished(job_id, done=done, total=total)


def current_job_id() -> int | None:
    """The id of the job this code is running in, or None outside a job."""
    return _current_job.get()


def queue_problem() -> str | None:
    """None when the app's runner can take jobs, else a short reason (for /healthz)."""
    return _runner().problem()


def assign(job_id: int, *, runner: str, queue_ref: str) -> bool:
    """Record which runner has an unfinished job ("rq" or "process") and its reference there
    (the RQ job id, or host:pid). Returns False if the job has already finished."""
    return bool(_update_unfinished(job_id, runner=runner, queue_ref=queue_ref))


def run(job_id: int) -> None:
    """Run one job and record its outcome in its row (every runner calls this; never raises)."""
    with app_context():
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
            mark_failed(job_id, str(exc))
            return
        except Exception as exc:
            # Only the type is logged: messages can quote supporters' names or addresses.
            log.error("Job %s (%s) failed: %s", job_id, func_path, type(exc).__name__)
            db.session.rollback()
            mark_failed(job_id, FAILED)
            return
        finally:
            _current_job.reset(token)
        mark_done(job_id, result)


def mark_done(job_id: int, result: Any = None) -> None:
    """Mark an unfinished job done, keeping `result` (JSON-able) for `status()`."""
    _update_unfinished(
        job_id, status=JobStatus.DONE.value, result=json.dumps(result), finished_at=utcnow()
    )


def mark_failed(job_id: int, message: str = FAILED) -> None:
    """Mark an unfinished job failed with `message` (shown to staff), then call its on_failure
    (once: a job that has already finished is left as it is)."""
    changed = _update_unfinished(
        job_id, status=JobStatus.FAILED.value, error=message, finished_at=utcnow()
    )
    if not changed:
        return
    row = db.session.get(BackgroundJob, job_id)
    if row is not None and row.on_failure:
        try:
            _resolve(row.on_failure)(*json.loads(row.args))
        except Exception as exc:
            log.error("Job %s: on_failure raised %s", job_id, type(exc).__name__)
            db.session.rollback()


def requeue(job_id: int) -> None:
    """Show an unfinished job as waiting again (its runner retries it after a worker died)."""
    _update_unfinished(job_id, status=JobStatus.QUEUED.value)


def purge_finished(before: dt.datetime) -> int:
    """Delete the rows of jobs that finished and were queued before `before`; returns how many."""
    deleted = db.session.execute(
        delete(BackgroundJob).where(
            BackgroundJob.created_at < before, BackgroundJob.status.in_(_FINISHED)
        )
    ).rowcount
    db.session.commit()
    return deleted or 0


@contextlib.contextmanager
def app_context() -> Iterator[None]:
    """The running app's context, or that of the app this process built (`flask worker`'s)."""
    if has_app_context():
        yield
        return
    if _home_app is None:
        raise RuntimeError("no app to run jobs in: run them with `flask worker`, not `rq worker`")
    with _home_app.app_context():
        yield


def _update_unfinished(job_id: int, **values: Any) -> int:
    """Update an unfinished job's row; returns 1 if it was still unfinished, else 0."""
    changed = db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.status.in_(_UNFINISHED))
        .values(**values)
    ).rowcount
    db.session.commit()
    return changed or 0


def _fresh_connections_after_fork() -> None:
    """An RQ work-horse is a fork: it must not share the parent's database connections."""
    global _engine_pid
    if os.getpid() != _engine_pid:
        db.engine.dispose(close=False)
        _engine_pid = os.getpid()
