"""The background job API with the in-process runner (no Redis): one row, one code path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sample_jobs

from webapp import jobs
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob, JobStatus


def _run(app, func, *args, **kwargs) -> jobs.JobState:
    with app.app_context():
        job_id = jobs.enqueue(func, *args, **kwargs)
        jobs.wait(job_id)
        return jobs.status(job_id)


def test_a_job_runs_in_the_web_process_without_redis(app):
    """Without REDIS_URL the job runs in a thread here; its row holds result and progress."""
    state = _run(app, sample_jobs.add, 2, 3)
    assert state.status is JobStatus.DONE
    assert state.result["sum"] == 5
    assert (state.done, state.total, state.attempts) == (1, 1, 1)
    with app.app_context():
        row = db.session.get(BackgroundJob, state.id)
        assert (row.func, row.runner) == ("sample_jobs:add", "process")


def test_a_job_error_message_is_shown(app):
    """JobError's message, written for staff, is the job's error."""
    state = _run(app, sample_jobs.refuse, "No letters match those dates.")
    assert state.status is JobStatus.FAILED
    assert state.error == "No letters match those dates."


def test_other_exceptions_are_logged_by_type_only(app, caplog):
    """Any other failure shows a generic message; its text (maybe personal data) is not logged."""
    caplog.set_level(logging.INFO)
    state = _run(app, sample_jobs.crash, "Ann Example, 1 Example Street")
    assert state.status is JobStatus.FAILED
    assert state.error == jobs.FAILED
    assert "RuntimeError" in caplog.text
    assert "Ann Example" not in caplog.text


def test_on_failure_runs_once_with_the_same_arguments(app, tmp_path):
    """A failed job's on_failure gets its arguments, once, even if failure is reported twice."""
    marker = str(tmp_path / "m")
    with app.app_context():
        job_id = jobs.enqueue(sample_jobs.crash, marker, on_failure=sample_jobs.record_failure)
        jobs.wait(job_id)
        assert jobs.status(job_id).status is JobStatus.FAILED
        jobs.fail(job_id, "again")  # already failed: nothing changes, on_failure not called
        assert jobs.status(job_id).error == jobs.FAILED
    assert (tmp_path / "m.failed").read_text() == "failed\n"


def test_only_module_level_functions_can_be_jobs(app):
    """A lambda or nested function cannot be found by a worker, so enqueue refuses it."""
    with app.app_context(), pytest.raises(ValueError, match="top level"):
        jobs.enqueue(lambda: None)


def test_status_of_an_unknown_job_is_none(app):
    """status() of a job id that does not exist is None, not an error."""
    with app.app_context():
        assert jobs.status(987654) is None


def test_redis_down_still_runs_the_job_here(make_app):
    """With REDIS_URL set but Redis unreachable, the job still runs (in this process)."""
    app = make_app(REDIS_URL="redis://127.0.0.1:9/0")  # nothing listens on port 9
    state = _run(app, sample_jobs.add, 1, 1)
    assert state.status is JobStatus.DONE
    with app.app_context():
        assert db.session.get(BackgroundJob, state.id).runner == "process"


def test_file_storage_setting_names_a_real_store(tmp_path):
    """FILE_STORAGE accepts exactly the stores there are, and names itself when wrong."""
    from webapp.config import STORAGE_KINDS, ConfigError, settings_from_env
    from webapp.files import store as filestore

    assert set(STORAGE_KINDS) == set(filestore._STORES)
    with pytest.raises(ConfigError, match="FILE_STORAGE"):
        settings_from_env(tmp_path, {"FILE_STORAGE": "s3"})


def test_stored_files_stream_in_chunks_and_half_written_ones_are_hidden(app):
    """A file bigger than a chunk reads back whole; until closed it cannot be read at all."""
    from webapp.files.store import CHUNK_BYTES, StoredFileMissing, file_store

    data = bytes(range(256)) * (CHUNK_BYTES // 256 * 2 + 3)
    with app.app_context():
        store = file_store()
        writer = store.create("big.bin", "application/octet-stream")
        writer.write(data[:1000])
        with pytest.raises(StoredFileMissing):
            store.info(writer.key)
        writer.write(data[1000:])
        writer.close()
        pieces = list(store.read(writer.key))
        assert [len(p) for p in pieces[:2]] == [CHUNK_BYTES, CHUNK_BYTES]
        assert b"".join(pieces) == data
        assert store.info(writer.key).size == len(data)
        store.delete(writer.key)
        with pytest.raises(StoredFileMissing):
            store.info(writer.key)


def test_the_worker_is_a_process_of_its_own():
    """The Procfile runs `flask worker` on its own line, and `make worker` runs it locally."""
    root = Path(__file__).resolve().parents[2]
    procfile = (root / "Procfile").read_text(encoding="utf-8").splitlines()
    assert "worker: flask --app webapp:create_app worker" in procfile
    assert "\nworker: $(STAMP)\n\t$(PY) -m flask worker\n" in (root / "Makefile").read_text()


def test_the_worker_command_explains_a_missing_redis_url(app):
    """`flask worker` without REDIS_URL says jobs already run in the web process."""
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output
