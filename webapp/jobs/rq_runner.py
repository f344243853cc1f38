"""The RQ runner: the job queue on Redis, the worker process, and dead-worker checks.

Imported only where REDIS_URL is set (create_app chooses the runner), so an app without Redis
never loads RQ. Every RQ job calls `webapp.jobs.service.run(row_id)`; the row holds what to run.
A dead worker is noticed by RQ itself: a worker refreshes its job's heartbeat every
JOB_HEARTBEAT_SECONDS, and a job whose heartbeat lapses is "abandoned" when any worker (or a
staff page asking for the job's status) cleans the queue's registry; RQ then retries it
(JOB_RETRIES) or fails it, and our callbacks copy that outcome into the row. A work-horse killed
under a living worker is handled by the worker at once. While Redis is unreachable, jobs run in
this process instead (the fallback runner) and /healthz says so.
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

from webapp.jobs import service
from webapp.jobs.models import BackgroundJob

log = logging.getLogger(__name__)
RUNNER = "rq"
_GONE = (RQStatus.FAILED, RQStatus.STOPPED, RQStatus.CANCELED)


@cache
def connection(url: str) -> Redis:
    """One Redis client per URL per process, with short timeouts so a dead Redis fails fast."""
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def queue() -> Queue:
    """The app's job queue (settings REDIS_URL and JOBS_QUEUE)."""
    config = current_app.config
    return Queue(config["JOBS_QUEUE"], connection=connection(config["REDIS_URL"]))


class RQRunner:
    """Jobs go to the RQ queue; `fallback` runs them while Redis cannot be reached."""

    def __init__(self, fallback: service.Runner):
        self.fallback = fallback

    def submit(self, job_id: int, *, first: bool = False) -> None:
        """Put a job row on the RQ queue (at its front if `first`), or on the fallback."""
        config = current_app.config
        ref = f"job-{job_id}-{uuid.uuid4().hex[:12]}"
        # The reference is saved first: a worker may start the job before enqueue() returns.
        service.assign(job_id, runner=RUNNER, queue_ref=ref)
        retries = int(config["JOB_RETRIES"])
        try:
            queue().enqueue(
                service.run,
                job_id,
                job_id=ref,
                job_timeout=int(config["JOB_TIMEOUT_SECONDS"]),
                at_front=first,
                retry=Retry(max=retries) if retries else None,
                on_failure=Callback(rq_failed),
                result_ttl=24 * 3600,
                failure_ttl=7 * 24 * 3600,
            )
        except RedisError:
            # Redis is down: the work still gets done, in this process (health says "degraded").
            log.warning("Job queue unreachable; running job %s in the web process", job_id)
            self.fallback.submit(job_id, first=first)

    def lost(self, job: BackgroundJob) -> bool:
        """True when RQ has given up on the job (failed, stopped, or no longer known)."""
        if job.runner != RUNNER:
            return self.fallback.lost(job)
        if not job.queue_ref:
            return False
        try:
            q = queue()
            # Ask RQ to settle abandoned jobs now, instead of waiting for a worker's clean-up.
            StartedJobRegistry(q.name, connection=q.connection).cleanup()
            rq_job = Job.fetch(job.queue_ref, connection=q.connection)
            state = rq_job.get_status(refresh=False)
        except NoSuchJobError:
            return True
        except RedisError:
            return False  # can't tell while Redis is down; the row stays as it is
        return state in _GONE

    def wait(self, job_id: int, timeout: float) -> None:
        """Wait for a job the fallback runs here; a worker's job is not waited for."""
        self.fallback.wait(job_id, timeout)

    def problem(self) -> str | None:
        """None when Redis answers, else a short reason."""
        try:
            connection(current_app.config["REDIS_URL"]).ping()
        except RedisError as exc:
            return f"job queue unreachable ({type(exc).__name__})"
        return None


def rq_failed(job: Job, connection, exc_type=None, exc_value=None, traceback=None) -> None:
    """RQ's failure callback (also run for abandoned jobs): copy the outcome into the row."""
    with service.app_context():
        job_id = int(job.args[0])
        if job.retries_left:
            service.requeue(job_id)
        else:
            service.mark_failed(job_id, service.STOPPED)


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
            service.mark_failed(job_id, service.STOPPED)
        else:
            service.requeue(job_id)


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
