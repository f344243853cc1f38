"""`flask reminders send`: queue the "did your MP reply?" emails that are due, and report."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from webapp.extensions import db
from webapp.schema import require_current_schema


@click.group("reminders", cls=AppGroup)
def reminders_group() -> None:
    """The "did your MP reply?" reminder emails."""


@reminders_group.command("send")
@click.option("--timeout", default=600, show_default=True, help="Seconds to wait for the job.")
def reminders_send_command(timeout: int) -> None:
    """Queue the job that sends every due reminder, and wait for it (run it e.g. hourly)."""
    from webapp import jobs
    from webapp.replies.mail import reminders_enabled
    from webapp.replies.reminders import send_due_job

    require_current_schema()
    if not reminders_enabled():
        click.echo("No reminders sent: set SMTP_HOST, MAIL_FROM and SITE_URL to send them.")
        return
    job_id = jobs.enqueue(send_due_job)
    jobs.wait(job_id, timeout=timeout)  # a job run in this process; a worker's is polled below
    state = _finished_job(job_id, timeout)
    if state is None or state.result is None:
        click.echo(f"Reminders are being sent by background job {job_id}.")
        return
    result = state.result
    click.echo(
        f"Reminders: {result['sent']} sent, {result['failed']} to try again later, "
        f"{result['dropped']} dropped (letter deleted, or every attempt failed)."
    )


def _finished_job(job_id: int, timeout: int):
    """The job's final state, polling its row (an RQ worker elsewhere runs it), or None."""
    from webapp import jobs
    from webapp.jobs.models import JobStatus

    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        state = jobs.status(job_id)
        if state is None or state.status in {JobStatus.DONE, JobStatus.FAILED}:
            return state
        if time.monotonic() > deadline:
            return None
        time.sleep(1)
