"""The reminder job on a real RQ worker: `flask reminders send` queues it, the worker mails it.

Runs where TEST_REDIS_URL points at a Redis (CI does); skipped elsewhere, like the other RQ tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from test_reminders import SUPPORTER_EMAIL, Inbox, free_port
from webapp_helpers import write_letter

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob
from webapp.replies.models import Reminder


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mail_settings(smtp_port) -> dict:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_STARTTLS": "false",
        "MAIL_FROM": "Write to your MP <campaign@example.org>",
        "SITE_URL": "https://write.example.org",
    }


@pytest.fixture
def app_config(app_config, queue_settings, mail_settings):
    """The app queues jobs on the test's own RQ queue and mails through the test's server."""
    return {**app_config, **queue_settings, **mail_settings, "SMTP_STARTTLS": False}


def test_the_reminder_is_sent_by_the_worker(app, start_worker, mail_settings, smtp_port):
    """A due reminder: the command queues the job, a `flask worker` sends the one email."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        start_worker(**mail_settings)
        client = app.test_client()
        write_letter(client, email=SUPPORTER_EMAIL, remind="y")
        with app.app_context():
            [reminder] = db.session.scalars(select(Reminder))
            reminder.due_at = utcnow() - dt.timedelta(minutes=1)
            db.session.commit()
        result = app.test_cli_runner().invoke(args=["reminders", "send", "--timeout", "60"])
        assert "Reminders: 1 sent" in result.output, result.output
        with app.app_context():
            job = db.session.scalars(
                select(BackgroundJob).order_by(BackgroundJob.id.desc())
            ).first()
            assert job.runner == "rq"
    finally:
        controller.stop()
    [message] = inbox.messages
    assert message["To"].addresses[0].addr_spec == SUPPORTER_EMAIL
