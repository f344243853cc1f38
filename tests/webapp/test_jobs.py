"""The background job API with the in-process runner (no Redis): one row, one code path."""

from __future__ import annotations

import ast
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sample_jobs

from webapp import jobs
from webapp.extensions import db
from webapp.jobs.inprocess import InProcessRunner
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
        jobs.mark_failed(job_id, "again")  # already failed: nothing changes, on_failure not called
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


ROOT = Path(__file__).resolve().parents[2]
_LOADED_QUEUE_MODULES = """
import json, sys
from webapp import create_app

app = create_app({"APP_ENV": "testing", "DATABASE_URL": sys.argv[1]})
runner = type(app.extensions["webapp.jobs.runner"]).__name__
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("rq", "redis"))
print(json.dumps([runner, loaded]))
"""


def _create_app_in_a_new_interpreter(tmp_path, redis_url: str) -> tuple[str, list[str]]:
    """The runner a fresh `create_app()` chose, and the rq/redis modules it loaded."""
    # REDIS_URL set (empty or not) in the environment, so no .env file can supply one.
    env = {**os.environ, "REDIS_URL": redis_url, "INSTANCE_PATH": str(tmp_path)}
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_QUEUE_MODULES, url],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    runner, modules = json.loads(done.stdout.splitlines()[-1])
    return runner, modules


def test_without_redis_url_the_app_never_imports_rq(tmp_path):
    """create_app() without REDIS_URL runs jobs in-process and loads neither RQ nor Redis."""
    runner, modules = _create_app_in_a_new_interpreter(tmp_path, "")
    assert runner == InProcessRunner.__name__
    assert modules == []


def test_with_redis_url_the_app_runs_jobs_on_rq(tmp_path):
    """create_app() with REDIS_URL chooses the RQ runner (no connection is made to build it)."""
    runner, modules = _create_app_in_a_new_interpreter(tmp_path, "redis://127.0.0.1:9/0")
    assert runner == "RQRunner"
    assert "rq" in modules


def _imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at its top or inside any function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_only_the_jobs_package_imports_rq_or_redis():
    """No module outside webapp/jobs imports rq or redis, even inside a function."""
    jobs_package = ROOT / "webapp" / "jobs"
    sources = sorted((ROOT / "webapp").rglob("*.py")) + sorted((ROOT / "letters").rglob("*.py"))
    assert len(sources) > 60  # the walk found the tree
    offenders = {
        str(path.relative_to(ROOT)): sorted(queue_modules)
        for path in sources
        if jobs_package not in path.parents
        and (
            queue_modules := {
                name for name in _imported_modules(path) if name.split(".")[0] in ("rq", "redis")
            }
        )
    }
    assert offenders == {}
    assert "rq" in _imported_modules(jobs_package / "rq_runner.py")  # the scan sees imports
