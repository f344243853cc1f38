"""Reminder emails: "did your MP reply?", three weeks after the letter, for those who asked.

`send_due_job()` is the background job (webapp.jobs): it sends every reminder that is due, one by
one (`send_reminder`). `flask reminders send`, run by hand or from a scheduler, puts it on the job
queue (an RQ worker where REDIS_URL is set, else a thread here) and waits for its result. A
failed send is kept on its row and tried again on a later run, each wait twice the one before,
until REMINDER_MAX_ATTEMPTS.

Each reminder is written in its letter's language (Reminder.language), its links opening the
pages in that language (/cy/… for Welsh).

The email address is read from the supporter's kept letter when the reminder is sent: if they
deleted it, or it was purged, there is no address and the reminder is dropped unsent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import select

from webapp.campaign_prefix import LANGUAGE_KEY
from webapp.clock import utcnow
from webapp.content.published import current_directory
from webapp.extensions import db
from webapp.replies import mail
from webapp.replies.mail import reminders_enabled
from webapp.replies.models import Reminder
from webapp.submissions.models import Submission
from webapp.submissions.private_links import url_for_submission

FIRST_RETRY = dt.timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int = 0
    failed: int = 0  # will be tried again
    dropped: int = 0  # the kept letter is gone, or every attempt failed


def due_reminder_ids(now: dt.datetime | None = None) -> list[int]:
    """Reminders whose time has come and that are still to be sent."""
    query = (
        select(Reminder.id)
        .where(Reminder.sent_at.is_(None), Reminder.due_at <= (now or utcnow()))
        .order_by(Reminder.due_at)
    )
    return list(db.session.scalars(query))


def send_due_reminders(now: dt.datetime | None = None) -> SendReport:
    """Send every reminder that is due, one by one; return how many went, failed or were dropped."""
    outcomes = [send_reminder(reminder_id, now=now) for reminder_id in due_reminder_ids(now)]
    return SendReport(
        sent=outcomes.count("sent"), failed=outcomes.count("failed"),
        dropped=outcomes.count("dropped"),
    )  # fmt: skip


def send_due_job() -> dict[str, int]:
    """The background job: send what is due now; the counts are kept as the job's result."""
    report = send_due_reminders()
    return {"sent": report.sent, "failed": report.failed, "dropped": report.dropped}


def send_reminder(reminder_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one reminder: "sent", "failed" (to be retried), "dropped" or "skipped"."""
    now = now or utcnow()
    reminder = db.session.get(Reminder, reminder_id)
    if reminder is None or reminder.sent_at is not None or not reminders_enabled():
        return "skipped"
    submission = db.session.scalars(
        select(Submission).where(Submission.letter_key == reminder.letter_key)
    ).first()
    if submission is None or not submission.email:
        db.session.delete(reminder)  # nothing to send to: the supporter's data is gone
        db.session.commit()
        return "dropped"
    with in_language(reminder.language):
        message = mail.reminder_message(_reminder_for(reminder, submission), _sender())
    try:
        mail.send(message, current_app.config)
    except mail.MailError as exc:
        return _failed(reminder, str(exc), now)
    reminder.sent_at = now
    reminder.last_error = None
    db.session.commit()
    return "sent"


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Write and address an email in `language`, as its pages are: on the public site
    (SITE_URL) under the language's prefix (/cy/…), so every link opens a page in it."""
    languages = current_app.config["LANGUAGES"]
    language = language if language in languages else languages[0]
    site = current_app.config["SITE_URL"].rstrip("/")
    prefix = "" if language == languages[0] else f"/{language}"
    # A page's language is its address's (webapp.campaign_prefix.LanguagePrefix records it).
    with (
        current_app.test_request_context(
            base_url=site + prefix + "/", environ_overrides={LANGUAGE_KEY: language}
        ),
        force_locale(language),
    ):
        yield


def _reminder_for(reminder: Reminder, submission: Submission) -> mail.Reminder:
    mp = current_directory().mp_for(submission.constituency_code)
    letter_url = url_for_submission(submission, external=True)
    reply_url = letter_url.rstrip("/") + "/reply"
    unsubscribe_url = url_for(
        "public.reminder_unsubscribe", unsubscribe_id=reminder.unsubscribe_id, _external=True
    )
    return mail.Reminder(
        to_name=submission.name,
        to_email=submission.email or "",
        mp_name="" if mp.vacant else mp.name,
        letter_url=reply_url,
        unsubscribe_url=unsubscribe_url,
    )


def _sender() -> str:
    return current_app.config["MAIL_FROM"]


def _failed(reminder: Reminder, error: str, now: dt.datetime) -> str:
    reminder.attempts += 1
    reminder.last_error = error[:500]
    if reminder.attempts >= current_app.config["REMINDER_MAX_ATTEMPTS"]:
        current_app.logger.warning("Reminder %s given up: %s", reminder.id, error)
        db.session.delete(reminder)
        db.session.commit()
        return "dropped"
    reminder.due_at = now + FIRST_RETRY * 2 ** (reminder.attempts - 1)
    db.session.commit()
    return "failed"
