"""The RQ runner for `webapp.jobs`: the queue on Redis, the worker process, and dead-worker checks.

Every RQ job calls `webapp.jobs.run(row_id)`; the row holds what to run. A dead worker is
noticed by RQ itself: a worker refreshes its job's heartbeat every JOB_HEARTBEAT_SECONDS, and a
job whose heartbeat lapses is "abandoned" when any worker (or a staff page asking for the job's
status) cleans the queue's registry; RQ then retries it (JOB_RETRIES) or fails it, and our
callbacks copy that outcome into the row. A work-horse killed under a living worker is handled
by the worker at once.
"""

from __future__ import annotations

import logging
import uuid
from functools import cache

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Queue, Retry, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job
from rq.job import JobStatus as RQStatus
from rq.registry import StartedJobRegistry

from webapp import jobs

log = logging.getLogger(__name__)
_GONE = (RQStatus.FAILED, RQStatus.STOPPED, RQStatus.CANCELED)


class QueueUnavailable(RuntimeError):
    """Redis could not be reached."""


@cache
def connection(url: str) -> Redis:
    """One Redis client per URL per process, with short timeouts so a dead Redis fails fast."""
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def queue() -> Queue:
    """The app's job queue (settings REDIS_URL and JOBS_QUEUE)."""
    config = current_app.config
    return Queue(config["JOBS_QUEUE"], connection=connection(config["REDIS_URL"]))


def submit(job_id: int, *, first: bool = False) -> None:
    """Put a job row on the RQ queue (at its front if `first`); QueueUnavailable if Redis cannot
    be reached."""
    config = current_app.config
    ref = f"job-{job_id}-{uuid.uuid4().hex[:12]}"
    # The reference is saved first: a worker may start the job before enqueue() returns.
    jobs._set(job_id, runner="rq", queue_ref=ref)
    retries = int(config["JOB_RETRIES"])
    try:
        queue().enqueue(
            jobs.run,
            job_id,
            job_id=ref,
            job_timeout=int(config["JOB_TIMEOUT_SECONDS"]),
            at_front=first,
            retry=Retry(max=retries) if retries else None,
            on_failure=Callback(rq_failed),
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )
    except RedisError as exc:
        raise QueueUnavailable(str(exc)) from exc


def rq_failed(job: Job, connection, exc_type=None, exc_value=None, traceback=None) -> None:
    """RQ's failure callback (also run for abandoned jobs): copy the outcome into the row."""
    with jobs._app_context():
        _copy_outcome(job)


def _copy_outcome(job: Job) -> None:
    job_id = int(job.args[0])
    if job.retries_left:
        jobs.requeued(job_id)
    else:
        jobs.fail(job_id, jobs.STOPPED)


def lost(job_id: int, ref: str | None) -> bool:
    """True when RQ has given up on the job (failed, stopped, or no longer known)."""
    if not ref:
        return False
    try:
        q = queue()
        # Ask RQ to settle abandoned jobs now, instead of waiting for a worker's next clean-up.
        StartedJobRegistry(q.name, connection=q.connection).cleanup()
        rq_job = Job.fetch(ref, connection=q.connection)
        state = rq_job.get_status(refresh=False)
    except NoSuchJobError:
        return True
    except RedisError:
        return False  # can't tell while Redis is down; the row stays as it is
    return state in _GONE


class JobWorker(Worker):
    """RQ's forking worker with a heartbeat short enough to notice a dead worker in a minute."""

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """How long the job's heartbeat lasts: RQ adds a fixed 60 s; two intervals are enough."""
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = max(1, min(int(job.timeout - working_time), interval))
        return 2 * interval + 2

    def handle_job_failure(self, job: Job, queue: Queue, *args, **kwargs) -> None:
        """After RQ retries or fails a job (its work-horse died), copy that into the row."""
        super().handle_job_failure(job, queue, *args, **kwargs)
        try:
            status = job.get_status(refresh=True)
        except Exception:
            status = None
        job_id = int(job.args[0])
        if status in _GONE:
            jobs.fail(job_id, jobs.STOPPED)
        else:
            jobs.requeued(job_id)


def make_worker(*, name: str | None = None) -> JobWorker:
    """A worker for the app's queue (the `flask worker` command runs it)."""
    config = current_app.config
    heartbeat = int(config["JOB_HEARTBEAT_SECONDS"])
    return JobWorker(
        [queue()],
        connection=connection(config["REDIS_URL"]),
        name=name,
        job_monitoring_interval=heartbeat,
        maintenance_interval=2 * heartbeat,
    )


def ping() -> str | None:
    """None when Redis answers, else a short reason (for /healthz)."""
    try:
        connection(current_app.config["REDIS_URL"]).ping()
    except RedisError as exc:
        return f"job queue unreachable ({type(exc).__name__})"
    return None


def register(app) -> None:
    """Add `flask worker` (runs background jobs from the queue; the Procfile's worker line)."""
    import click

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
    @click.option("--name", default=None, help="Worker name (default: host and process id).")
    def worker_command(burst: bool, name: str | None) -> None:
        """Run background jobs (letter downloads, checks, emails) from the Redis queue."""
        if not current_app.config.get("REDIS_URL"):
            raise click.ClickException(
                "REDIS_URL is not set. Without it, background jobs run inside the web process "
                "and no worker is needed; set it to run jobs here instead."
            )
        from letters import spelling

        # Loaded once here, before RQ forks a work-horse for each job, so no content check
        # waits a second for the dictionary.
        spelling.load()
        make_worker(name=name).work(burst=burst, logging_level="INFO")
