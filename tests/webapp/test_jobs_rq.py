"""The RQ runner with a real `flask worker` on Redis: jobs run there, dead workers are noticed.

Runs where TEST_REDIS_URL points at a Redis (CI: redis://127.0.0.1:6379/0); each test uses a
queue of its own, so parallel runs never take each other's jobs.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sample_jobs

from webapp import jobs
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob, JobStatus


@pytest.fixture
def app_config(app_config, queue_settings):
    """The test's app sends jobs to the test's own queue."""
    return {**app_config, **queue_settings}


def wait_for(app, job_id: int, *, until: Callable[[jobs.JobState], bool], seconds: float = 60):
    """Poll the job's status (as a staff page would) until `until` holds; returns the state."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            state = jobs.status(job_id)
        if until(state):
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {state} after {seconds} s")


def _pids(marker: Path, count: int, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if marker.exists() and len(marker.read_text().split()) >= count:
            return [int(p) for p in marker.read_text().split()]
        time.sleep(0.1)
    raise AssertionError(f"the job did not start {count} time(s)")


def test_a_job_runs_on_the_worker(app, start_worker):
    """With REDIS_URL set the job runs in the worker process; the row has its result."""
    start_worker()
    with app.app_context():
        job_id = jobs.enqueue(sample_jobs.add, 20, 22)
        assert db.session.get(BackgroundJob, job_id).runner == "rq"
    state = wait_for(app, job_id, until=lambda s: s.finished, seconds=30)
    assert state.status is JobStatus.DONE
    assert state.result["sum"] == 42
    assert state.result["pid"] != os.getpid()


def test_a_killed_worker_job_is_retried_within_a_minute(app, start_worker, tmp_path):
    """Worker and work-horse killed mid-job: RQ notices, retries it on another worker, it ends."""
    worker = start_worker()
    marker = tmp_path / "pids"
    with app.app_context():
        job_id = jobs.enqueue(sample_jobs.slow, str(marker), 3)
    horse = _pids(marker, 1)[0]
    killed_at = time.monotonic()
    os.kill(worker.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    worker.wait()
    start_worker()
    state = wait_for(app, job_id, until=lambda s: s.finished, seconds=60)
    assert time.monotonic() - killed_at < 60
    assert state.status is JobStatus.DONE
    assert state.attempts == 2
    assert state.result == {"attempts_seen": 2}


def test_a_killed_job_without_retries_shows_failed(app, start_worker, tmp_path):
    """With JOB_RETRIES=0 a job whose worker died is shown failed, with what to do, in a minute."""
    app.config["JOB_RETRIES"] = 0
    worker = start_worker()
    marker = tmp_path / "pids"
    with app.app_context():
        job_id = jobs.enqueue(
            sample_jobs.slow, str(marker), 30, on_failure=sample_jobs.record_failure
        )
    horse = _pids(marker, 1)[0]
    os.kill(worker.pid, signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    worker.wait()
    state = wait_for(app, job_id, until=lambda s: s.finished, seconds=60)
    assert state.status is JobStatus.FAILED
    assert state.error == jobs.STOPPED
    assert (tmp_path / "pids.failed").read_text() == "failed\n"


def test_a_killed_work_horse_is_handled_by_its_worker(app, start_worker, tmp_path):
    """Only the work-horse killed: the living worker retries the job at once."""
    start_worker()
    marker = tmp_path / "pids"
    with app.app_context():
        job_id = jobs.enqueue(sample_jobs.slow, str(marker), 1)
    os.kill(_pids(marker, 1)[0], signal.SIGKILL)
    state = wait_for(app, job_id, until=lambda s: s.finished, seconds=30)
    assert (state.status, state.attempts) == (JobStatus.DONE, 2)


def test_a_job_redis_no_longer_knows_is_shown_failed(app):
    """A running row whose RQ job is gone (Redis lost it) is failed on its next status query."""
    with app.app_context():
        row = BackgroundJob(func="sample_jobs:add", args="[1, 2]", status="running")
        row.runner, row.queue_ref = "rq", "job-that-redis-never-had"
        db.session.add(row)
        db.session.commit()
        state = jobs.status(row.id)
    assert (state.status, state.error) == (JobStatus.FAILED, jobs.STOPPED)
