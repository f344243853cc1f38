"""`flask webhooks send`: send the CRM events that are due, retries included (run it every
minute from cron, or leave `flask webhooks send --every 60` running: the Procfile's `webhooks`
process), and `flask webhooks status`: each endpoint's state."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from webapp.schema import require_current_schema


@click.group("webhooks", cls=AppGroup)
def webhooks_group() -> None:
    """Signed events to the organisation's CRM."""


@webhooks_group.command("send")
@click.option("--timeout", default=300, show_default=True, help="Seconds to wait for the job.")
@click.option(
    "--every",
    type=click.IntRange(min=5),
    default=None,
    help="Keep running, sending what is due every so many seconds (a scheduler of its own).",
)
def webhooks_send_command(timeout: int, every: int | None) -> None:
    """Queue the job that sends every due event (and due retry), and wait for it."""
    require_current_schema()
    while True:
        _send_due(timeout)
        if every is None:
            return
        # A retry is due at the earliest a backoff step (30 s) later: a minute's rest loses
        # nothing, and the jobs' own claim step stops two runs sending the same event.
        time.sleep(every)


def _send_due(timeout: int) -> None:
    from webapp import jobs
    from webapp.webhooks.tasks import send_due_job

    job_id = jobs.enqueue(send_due_job)
    jobs.wait(job_id, timeout=timeout)  # a job run in this process; a worker's runs there
    state = jobs.status(job_id)
    if state is None or state.result is None:
        click.echo(f"Events are being sent by background job {job_id}.")
        return
    click.echo(
        f"Webhooks: {state.result['delivered']} event(s) delivered, "
        f"{state.result['failed']} endpoint(s) failing (their events wait for the next try)."
    )


@webhooks_group.command("status")
def webhooks_status_command() -> None:
    """Each endpoint: on or off, healthy or failing, and how many events wait."""
    from webapp.webhooks import endpoints

    require_current_schema()
    for state in endpoints.everything():
        endpoint = state.endpoint
        health = "healthy" if state.healthy else f"failing ({endpoint.last_error})"
        switch = "on" if endpoint.enabled else "off"
        click.echo(f"{endpoint.id} {endpoint.url} [{switch}] {health}, {state.pending} waiting")
