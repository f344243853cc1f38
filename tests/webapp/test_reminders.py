"""The reminder email, sent to a real local SMTP server (aiosmtpd) and read back from it."""

from __future__ import annotations

import datetime as dt
import email
import json
import re
from email import policy

import pytest
from aiosmtpd.controller import Controller
from fault_servers import free_port
from sqlalchemy import select
from webapp_helpers import csrf_token, page, write_letter

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob
from webapp.replies.models import Reminder
from webapp.replies.reminders import send_due_reminders
from webapp.retention.purge import purge

SUPPORTER_EMAIL = "amira@example.org"
THREE_WEEKS_ON = dt.timedelta(days=21, hours=1)


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port):
    """A local SMTP server for the test; yields what it receives."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app(make_app, smtp_port):
    return make_app(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_port,
        SMTP_STARTTLS=False,
        SMTP_TIMEOUT_SECONDS=5,
        MAIL_FROM="Write to your MP <campaign@example.org>",
    )


def ask_for_reminder(client, **fields):
    response = write_letter(client, email=SUPPORTER_EMAIL, remind="y", **fields)
    assert response.status_code == 303


def run_reminders(app, when):
    with app.app_context():
        return send_due_reminders(now=utcnow() + when)


def reminders(app) -> list[Reminder]:
    with app.app_context():
        return list(db.session.scalars(select(Reminder)))


def test_a_consenting_supporter_gets_exactly_one_reminder(app, client, inbox):
    """Ticked box and an email: one message, plain text and HTML, with the private link."""
    ask_for_reminder(client)
    assert run_reminders(app, dt.timedelta(days=20)).sent == 0  # not yet due
    assert inbox.messages == []
    assert run_reminders(app, THREE_WEEKS_ON).sent == 1
    assert run_reminders(app, THREE_WEEKS_ON + dt.timedelta(days=1)).sent == 0
    [message] = inbox.messages
    assert message["To"].addresses[0].addr_spec == SUPPORTER_EMAIL
    assert message["Subject"] == "Did your MP reply to your letter?"
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(r"<https://write\.example\.org/reminders/unsubscribe/[\w-]+>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    link = re.search(r"https://write\.example\.org/my-letter/[^/\s]+/reply", plain).group(0)
    assert f"href='{link}'" in html
    # The link works: it opens the reply form for this letter.
    path = link.removeprefix("https://write.example.org")
    assert page(client.get(path)).find("form") is not None


def test_no_reminder_without_the_box_ticked(app, client, inbox):
    """An email address alone, or "updates" alone, is no consent to a reminder: nothing sent."""
    write_letter(client, email=SUPPORTER_EMAIL, keep_copy="y", updates="y")
    assert run_reminders(app, THREE_WEEKS_ON).sent == 0
    assert inbox.messages == []
    assert reminders(app) == []


def test_no_reminder_after_purge(app, client, inbox):
    """Purging the supporter's data deletes their reminder: nothing is sent afterwards."""
    ask_for_reminder(client)
    with app.app_context():
        purge(0, now=utcnow() + dt.timedelta(seconds=5))
    assert reminders(app) == []
    assert run_reminders(app, THREE_WEEKS_ON).sent == 0
    assert inbox.messages == []


def test_deleting_the_letter_by_its_private_link_stops_the_reminder(app, client, inbox):
    """The supporter deletes their kept letter: the reminder goes with it."""
    ask_for_reminder(client, keep_copy="y")
    link = page(client.get("/thank-you")).find("a", class_="private-url")["href"]
    path = link.removeprefix("https://write.example.org") + "/delete"
    client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert reminders(app) == []
    assert run_reminders(app, THREE_WEEKS_ON).sent == 0
    assert inbox.messages == []


def test_a_failed_send_is_retried_later(app, client, smtp_port):
    """Mail server down: the reminder is kept, tried again later, and sent once it is back."""
    ask_for_reminder(client)
    report = run_reminders(app, THREE_WEEKS_ON)
    assert (report.sent, report.failed) == (0, 1)
    [waiting] = reminders(app)
    assert waiting.attempts == 1
    assert "ConnectionRefused" in waiting.last_error
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert run_reminders(app, THREE_WEEKS_ON).sent == 0  # waits before trying again
        assert run_reminders(app, THREE_WEEKS_ON + dt.timedelta(minutes=10)).sent == 1
    finally:
        controller.stop()
    assert len(handler.messages) == 1


def test_one_click_unsubscribe_cancels_the_reminder(app, client, inbox):
    """A mail program's one-click POST to the List-Unsubscribe address stops the reminder."""
    ask_for_reminder(client)
    [reminder] = reminders(app)
    url = f"/reminders/unsubscribe/{reminder.unsubscribe_id}"
    assert page(client.get(url)).find("button") is not None
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert reminders(app) == []
    assert run_reminders(app, THREE_WEEKS_ON).sent == 0
    assert inbox.messages == []


def test_unsubscribe_without_one_click_or_token_is_refused(app, client):
    """A POST that is neither one-click nor the page's own form changes nothing."""
    ask_for_reminder(client)
    [reminder] = reminders(app)
    url = f"/reminders/unsubscribe/{reminder.unsubscribe_id}"
    assert client.post(url, data={}).status_code == 400
    assert len(reminders(app)) == 1
    assert client.get("/reminders/unsubscribe/not-a-real-id").status_code == 404


def test_reminder_box_needs_an_email_address(app, client):
    """Ticking the box with no email: a message by the box, and no reminder."""
    response = write_letter(client, remind="y")
    assert response.status_code == 400
    assert "Enter your email address to get the reminder" in page(response).get_text()
    assert reminders(app) == []


def test_without_a_mail_server_the_box_is_hidden_and_nothing_is_kept(make_app):
    """No SMTP_HOST: the letter form has no reminder box, and a forged tick keeps nothing."""
    app = make_app()
    client = app.test_client()
    write_letter(client)
    form = page(client.get("/your-letter"))
    assert form.find("input", attrs={"name": "remind"}) is None
    write_letter(client, email=SUPPORTER_EMAIL, remind="y")
    assert reminders(app) == []


def test_the_reminders_command_sends_what_is_due(app, client, inbox):
    """`flask reminders send` queues the sending job and reports its result."""
    ask_for_reminder(client)
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "Reminders: 0 sent" in result.output
    with app.app_context():
        [reminder] = db.session.scalars(select(Reminder))
        reminder.due_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert "Reminders: 1 sent" in result.output
    assert len(inbox.messages) == 1
    with app.app_context():  # sent by the background job queue, its state in the database
        job = db.session.scalars(select(BackgroundJob).order_by(BackgroundJob.id.desc())).first()
        assert job.func == "webapp.replies.reminders:send_due_job"
        assert json.loads(job.result) == {"sent": 1, "failed": 0, "dropped": 0}
