"""Letter downloads through the RQ runner: built by a real worker, streamed from the database."""

from __future__ import annotations

import io
import time

import pytest
import sample_jobs
from pypdf import PdfReader
from staff_helpers import form_token
from webapp_helpers import page

from webapp import jobs
from webapp.content import checks
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob, JobStatus


@pytest.fixture
def app_config(app_config, queue_settings, hand_written_campaigns):
    """The test's app sends jobs to the test's own queue."""
    return {**app_config, **queue_settings, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def test_a_letter_download_is_made_by_the_worker(editor, add_submission, start_worker):
    """A download queued on Redis is built by the worker; any server streams it from the DB."""
    add_submission("Ann Example")
    start_worker()
    data = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf"}
    response = editor.post("/staff/exports", data={**data, **form_token(editor, "/staff/exports")})
    assert response.status_code == 302
    status_url = response.headers["Location"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        shown = page(editor.get(status_url))
        if shown.select_one("[data-export-status]")["data-export-status"] == "finished":
            break
        time.sleep(0.3)
    assert "Ready: 1 letter." in shown.get_text()
    download = editor.get(status_url + "/download")
    assert download.headers["Cache-Control"] == "no-store"
    assert int(download.headers["Content-Length"]) == len(download.data)
    assert "Ann Example" in PdfReader(io.BytesIO(download.data)).pages[1].extract_text()


def test_content_checks_run_on_the_worker_and_every_page_reads_the_result(editor, start_worker):
    """The editor's worst template is checked by the RQ worker, not the web process; the page
    shows the worker's result."""
    url = "/staff/content/template:default/edit"
    body = (
        "Subject: A letter\n\nA first paragraph.\n"
        "{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}{% endfor %}{% endfor %}\n"
    )
    start_worker()
    data = {"body": body, "note": "Worst", "based_on": "1", "action": "save"}
    saved = editor.post(url, data={**data, **form_token(editor, url)})
    assert saved.status_code == 302
    shown = page(editor.get(url)).get_text(" ")
    assert "takes too long to make" in shown
    with editor.application.app_context():
        ran = db.session.scalars(
            db.select(BackgroundJob.runner).where(BackgroundJob.func.like("%:run_check"))
        ).all()
    assert ran
    assert set(ran) == {"rq"}


def test_a_content_check_goes_ahead_of_queued_jobs(editor, start_worker, tmp_path):
    """A check someone is waiting for runs before jobs queued earlier (not the running one)."""
    checks.forget_recent_results()  # an earlier test's result for the same text, in memory
    with editor.application.app_context():
        running = jobs.enqueue(sample_jobs.slow, str(tmp_path / "a"), 2)
        queued = jobs.enqueue(sample_jobs.slow, str(tmp_path / "b"), 2)
    start_worker()
    with editor.application.app_context():
        deadline = time.monotonic() + 60
        while jobs.status(running).status != JobStatus.RUNNING:
            assert time.monotonic() < deadline, "the worker did not start the first job"
            time.sleep(0.1)
    shown = editor.get("/staff/content/template:default/edit")  # waits for its check's result
    assert "The checks found no problems" in page(shown).get_text()
    with editor.application.app_context():
        deadline = time.monotonic() + 60
        while not jobs.status(queued).finished:
            assert time.monotonic() < deadline, "the queued job did not finish"
            time.sleep(0.2)
        check = db.session.scalars(
            db.select(BackgroundJob).where(BackgroundJob.func.like("%:run_check"))
        ).one()
        first, second = (db.session.get(BackgroundJob, j) for j in (running, queued))
    assert first.started_at < check.started_at
    assert check.finished_at <= second.started_at
