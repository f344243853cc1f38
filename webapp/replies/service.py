"""Writes for what happens after a letter: funnel steps, "I have sent it", replies, reminders.

Every write here is anonymous except a reply's optional summary (kept only with consent) and a
reminder (which names a letter whose kept copy holds the email address).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from letters.model import MP, Constituency
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.reach.sources import NO_SOURCE, Source
from webapp.replies.models import FunnelStep, MpReply, Reminder, SentBy, Stance
from webapp.submissions.models import LetterCount, Submission
from webapp.webhooks import events as webhook_events

log = logging.getLogger(__name__)

REMINDER_AFTER = dt.timedelta(days=21)

# One statement on the page-view path: the first visit of the day makes the row, later ones add.
_BUMP = text(
    """
    INSERT INTO funnel_counts (campaign, day, step, count) VALUES (:campaign, :day, :step, 1)
    ON CONFLICT (campaign, day, step) DO UPDATE SET count = funnel_counts.count + 1
    """
)


def count_step(campaign: str, step: FunnelStep, today: dt.date | None = None) -> None:
    """Add one to today's count of `step` (a page view or an MP found); nothing else is kept.

    Best effort: a database that cannot take the write loses one count, never the page.
    """
    day = today or dt.date.today()
    try:
        db.session.execute(_BUMP, {"campaign": campaign, "day": day, "step": str(step)})
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("Funnel count not saved (%s): %s", step, type(exc).__name__)


def record_sent(
    letter_key: str,
    campaign: str,
    constituency: Constituency,
    sent_by: SentBy,
    *,
    concern: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Mark the letter's anonymous count as sent, by post or email (making the row if needed)."""
    day = today or dt.date.today()
    changed = db.session.execute(
        update(LetterCount)
        .where(LetterCount.letter_key == letter_key)
        .values(sent_by=str(sent_by), sent_on=day)
    ).rowcount
    if not changed:
        db.session.add(
            LetterCount(
                letter_key=letter_key,
                campaign=campaign,
                constituency_code=constituency.code,
                nation=str(constituency.nation),
                created_on=day,
                concern=concern,
                sent_by=str(sent_by),
                sent_on=day,
            )
        )
    db.session.commit()


def record_reply(
    *,
    letter_key: str,
    campaign: str,
    constituency: Constituency,
    mp: MP,
    concern: str | None,
    stance: Stance,
    replied_on: dt.date | None,
    summary: str | None,
) -> MpReply:
    """Save (or replace) the reply reported for one letter; `summary` only with consent."""
    language = letter_language(letter_key)  # asked before a new row is added (no autoflush)
    source = letter_source(letter_key)
    row = db.session.scalars(select(MpReply).where(MpReply.letter_key == letter_key)).first()
    if row is None:
        row = MpReply(letter_key=letter_key, campaign=campaign)
        db.session.add(row)
    row.constituency_code = constituency.code
    row.nation = str(constituency.nation)
    row.mp_name = mp.name if not mp.vacant else ""
    row.party = mp.party if not mp.vacant else ""
    row.concern = concern
    row.language = language
    for column, value in source.columns().items():  # where the letter came from
        setattr(row, column, value)
    row.stance = str(stance)
    row.replied_on = replied_on if stance is not Stance.NO_REPLY else None
    row.summary = summary or None
    row.reported_at = utcnow()
    webhook_events.reply_reported(row)  # in the same commit
    db.session.commit()
    return row


def letter_concern(letter_key: str) -> str | None:
    """The at-risk group a letter spoke for, from its anonymous count row."""
    query = select(LetterCount.concern).where(LetterCount.letter_key == letter_key)
    return db.session.scalars(query).first()


def letter_language(letter_key: str) -> str:
    """The language a letter was written in, from its anonymous count row ("en" without one)."""
    query = select(LetterCount.language).where(LetterCount.letter_key == letter_key)
    return db.session.scalars(query).first() or "en"


def letter_source(letter_key: str) -> Source:
    """Where a letter came from: from its anonymous count, else its kept copy (NO_SOURCE)."""
    for table in (LetterCount, Submission):
        columns = (table.source, table.utm_source, table.utm_medium, table.utm_campaign)
        row = db.session.execute(select(*columns).where(table.letter_key == letter_key)).first()
        if row is not None:
            return Source(*row)
    return NO_SOURCE


def reply_for(letter_key: str) -> MpReply | None:
    """The reply reported for one letter, if any."""
    return db.session.scalars(select(MpReply).where(MpReply.letter_key == letter_key)).first()


def schedule_reminder(letter_key: str, *, now: dt.datetime | None = None) -> Reminder:
    """A reminder due three weeks from now (one per letter: asking again keeps the first date),
    written in the letter's language (its kept copy's, which a reminder needs)."""
    language = kept_language(letter_key)  # asked before a new row is added (no autoflush)
    row = db.session.scalars(select(Reminder).where(Reminder.letter_key == letter_key)).first()
    if row is None:
        row = Reminder(
            letter_key=letter_key,
            due_at=(now or utcnow()) + REMINDER_AFTER,
            attempts=0,
            unsubscribe_id=secrets.token_urlsafe(24),
            language=language,
        )
        db.session.add(row)
    row.language = language  # the letter made again in another language: its reminder follows
    db.session.commit()
    return row


def kept_language(letter_key: str) -> str:
    """The language of a letter's kept copy ("en" without one)."""
    query = select(Submission.language).where(Submission.letter_key == letter_key)
    return db.session.scalars(query).first() or "en"


def pending_reminder(letter_key: str) -> Reminder | None:
    """The reminder still to be sent for one letter, if the supporter asked for one."""
    query = select(Reminder).where(Reminder.letter_key == letter_key, Reminder.sent_at.is_(None))
    return db.session.scalars(query).first()


def reminder_by_unsubscribe_id(unsubscribe_id: str) -> Reminder | None:
    """The reminder an unsubscribe link names, if it is still there."""
    if not unsubscribe_id or len(unsubscribe_id) > 64:
        return None
    query = select(Reminder).where(Reminder.unsubscribe_id == unsubscribe_id)
    return db.session.scalars(query).first()


def cancel_reminder(letter_key: str) -> None:
    """Forget the reminder for one letter (the box was unticked, or the letter deleted)."""
    db.session.execute(delete(Reminder).where(Reminder.letter_key == letter_key))
    db.session.commit()


def forget_personal(letter_keys: list[str]) -> None:
    """Delete the personal parts kept for these letters: reminders and reply summaries.

    Called wherever a kept letter is deleted or purged; the anonymous stance and date stay.
    """
    if not letter_keys:
        return
    db.session.execute(delete(Reminder).where(Reminder.letter_key.in_(letter_keys)))
    db.session.execute(
        update(MpReply).where(MpReply.letter_key.in_(letter_keys)).values(summary=None)
    )
    db.session.commit()
