"""The send job, and how it gets queued.

`send_due_job()` sends every delivery that is due (webapp.webhooks.sending.deliver_due). It is
queued after the commit of each new event (`send_soon`, at the end of the request, so a
supporter's page never waits for it), by the staff page's "send a test event" and "retry now",
and by `flask webhooks send`, which an operator runs every minute from cron or a scheduler: the
job queue has no timers, so that run is what picks up retries whose backoff has passed while no
new event came.
"""

from __future__ import annotations

import logging

from flask import after_this_request, g, has_request_context
from sqlalchemy.exc import SQLAlchemyError

from webapp import jobs
from webapp.extensions import db
from webapp.webhooks.sending import deliver_due

log = logging.getLogger(__name__)

_QUEUED_FOR_REQUEST = "webhooks_send_queued"


def send_due_job() -> dict[str, int]:
    """The background job: send what is due now; the counts are the job's result."""
    report = deliver_due()
    return {"delivered": report.delivered, "failed": report.failed}


def send_now() -> int | None:
    """Queue the send job at once; returns its id (None when the queue could not take it)."""
    try:
        return jobs.enqueue(send_due_job)
    except SQLAlchemyError as exc:
        # The events are safe in the database; the next run (cron, or the next event) sends them.
        log.warning("Webhook send job not queued: %s", type(exc).__name__)
        db.session.rollback()
        return None


def send_soon() -> None:
    """Queue the send job once the current request is answered (nothing outside a request).

    Called after a commit that recorded events. Inside a request it waits for the response to
    be ready, so the commit is long done and the supporter's page is not held up.
    """
    if not has_request_context():
        # A command (the purge) queues its own send after its last commit (`send_now`): this
        # runs inside the commit, where the session cannot write the job's row.
        return
    if g.get(_QUEUED_FOR_REQUEST):
        return
    g.setdefault(_QUEUED_FOR_REQUEST, True)

    @after_this_request
    def queue_send(response):
        send_now()
        return response
