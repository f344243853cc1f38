"""The content checks run as background jobs: a staff page waits for them under a second, says the
text is still being checked, and never publishes it unchecked; a result is stored once and read
again after a restart instead of being checked again."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select
from staff_helpers import form_token
from webapp_helpers import page, visible_text

from webapp.content import checks, versions
from webapp.content.models import ContentCheck, ContentVersion
from webapp.extensions import db
from webapp.jobs import inprocess
from webapp.jobs.models import BackgroundJob, JobStatus

TEMPLATE = "template:default"
BASE = f"/staff/content/{TEMPLATE}"
# The editor's worst template from the fault report: each render is stopped by its budget, so
# checking it takes a while however fast the machine.
ENDLESS = (
    "Subject: A letter\n\nA first paragraph.\n"
    "{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}{% endfor %}{% endfor %}\n"
)
TOO_SLOW = "takes too long to make"


@pytest.fixture
def check_gate() -> Iterator[threading.Event]:
    """Open unless a test closes it: the content checks wait at it in their background job."""
    gate = threading.Event()
    gate.set()
    yield gate
    gate.set()


@pytest.fixture
def app_config(app_config, check_gate, hand_written_campaigns):
    """Pages do not wait for the checks at all, so the "still being checked" state shows; the
    checks pass through `check_gate` first. The letter is edited as a hand-written template
    (advanced mode)."""

    def gated(inputs):
        check_gate.wait(timeout=60)
        return checks.check_inputs(inputs)

    return {
        **app_config,
        "CHECK_WAIT_MS": 0,
        "CONTENT_CHECKER": gated,
        "CAMPAIGNS_DIR": str(hand_written_campaigns),
    }


@pytest.fixture
def held_checks(check_gate) -> Iterator[threading.Event]:
    """Checks that wait (in their background job) until the test sets the returned event, so
    "still being checked" lasts as long as the test needs, however fast the machine."""
    check_gate.clear()
    yield check_gate
    check_gate.set()


@pytest.fixture(autouse=True)
def fresh_results():
    """No result from another test's process memory."""
    checks.forget_recent_results()
    yield
    checks.forget_recent_results()


def save(client, app: Flask, body: str) -> int:
    with app.app_context():
        latest = versions.latest("baghdad-returns", TEMPLATE)
        based_on = latest.number if latest else 1
    data = {"body": body, "note": "Try this", "based_on": str(based_on), "action": "save"}
    response = client.post(f"{BASE}/edit", data={**data, **form_token(client, f"{BASE}/edit")})
    assert response.status_code == 302, response.status_code
    with app.app_context():
        return db.session.scalar(
            select(func.max(ContentVersion.number)).where(ContentVersion.kind == TEMPLATE)
        )


def check_jobs(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(BackgroundJob.id)).where(BackgroundJob.func.like("%:run_check"))
        )


def test_a_slow_check_shows_as_being_checked_and_cannot_be_published(editor, app, held_checks):
    number = save(editor, app, ENDLESS)

    shown = editor.get(f"{BASE}/versions/{number}")
    assert shown.status_code == 200
    notice = page(shown).find(attrs={"data-checks": "pending"})
    assert notice is not None
    assert "still running" in notice.get_text()
    assert TOO_SLOW not in visible_text(shown)

    url = f"{BASE}/versions/{number}/publish"
    refused = editor.post(url, data=form_token(editor, f"{BASE}/versions/{number}"))
    assert refused.status_code == 302
    assert "its checks have not finished yet" in visible_text(editor.get(refused.location))
    with app.app_context():
        assert versions.published_number("baghdad-returns", TEMPLATE) == 1

    held_checks.set()
    inprocess.wait_all()
    done = editor.get(f"{BASE}/versions/{number}")
    assert page(done).find(attrs={"data-checks": "pending"}) is None
    assert TOO_SLOW in visible_text(done)


def test_a_stored_result_is_read_after_a_restart_not_checked_again(editor, app):
    number = save(editor, app, ENDLESS)
    editor.get(f"{BASE}/versions/{number}")
    inprocess.wait_all()
    started = check_jobs(app)
    assert started >= 1

    checks.forget_recent_results()  # as a restarted server would have
    for url in (f"{BASE}/versions/{number}", f"{BASE}/versions/{number}/review", f"{BASE}/edit"):
        response = editor.get(url)
        assert response.status_code == 200
    assert TOO_SLOW in visible_text(editor.get(f"{BASE}/versions/{number}"))
    assert check_jobs(app) == started
    with app.app_context():
        stored = db.session.scalars(select(ContentCheck)).all()
    assert any(TOO_SLOW in (row.problems or "") for row in stored)
    assert all(row.inputs is None for row in stored if row.problems is not None)


def test_a_check_whose_job_failed_says_so_then_runs_again(editor, app, held_checks):
    number = save(editor, app, ENDLESS)
    editor.get(f"{BASE}/versions/{number}")
    held_checks.set()
    inprocess.wait_all()
    held_checks.clear()
    checks.forget_recent_results()
    with app.app_context():
        # A worker died before it stored the result: the row has no problems, its job failed.
        row = db.session.scalars(
            select(ContentCheck).where(ContentCheck.problems.like(f"%{TOO_SLOW}%"))
        ).one()
        row.problems = None
        db.session.execute(
            db.update(BackgroundJob)
            .where(BackgroundJob.id == row.job_id)
            .values(status=JobStatus.FAILED.value)
        )
        db.session.commit()
    before = check_jobs(app)
    again = editor.get(f"{BASE}/versions/{number}")
    assert page(again).find(attrs={"data-checks": "pending"}) is not None
    assert check_jobs(app) == before + 1
    held_checks.set()
    inprocess.wait_all()
    assert TOO_SLOW in visible_text(editor.get(f"{BASE}/versions/{number}"))


def test_the_editor_composes_no_preview_before_the_checks_answer(editor, app, held_checks):
    """A text still being checked is not run in the web worker (the worst runs for its whole
    budget, holding a worker that also serves supporters); the preview waits for the checks."""
    number = save(editor, app, ENDLESS)
    url = f"{BASE}/edit?advanced=1"
    waiting = editor.get(url)
    assert "The preview appears once the checks have finished" in visible_text(waiting)
    assert page(waiting).find(class_="letter") is None

    held_checks.set()
    inprocess.wait_all()
    assert (
        page(editor.get(f"{BASE}/versions/{number}")).find(attrs={"data-checks": "pending"}) is None
    )
    answered = visible_text(editor.get(url))
    assert "The preview appears once the checks have finished" not in answered
    assert TOO_SLOW in answered
