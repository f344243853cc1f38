"""Tables for what happens after a letter: the funnel, reported replies and reminders.

None of them holds anything personal except `MpReply.summary`, kept only when the supporter
agreed, and deleted with the rest of their data. A reminder's email address is not copied here:
it is read from the supporter's kept `Submission` when the reminder is sent, so deleting that row
(or purging it) also stops the reminder.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Date, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import utcnow
from webapp.extensions import db


class FunnelStep(StrEnum):
    """Steps counted per day before a letter exists (later steps are counted from their rows)."""

    CAMPAIGN_PAGE = "campaign_page"
    MP_FOUND = "mp_found"


class Stance(StrEnum):
    """Where an MP stands, as the supporter reads their reply."""

    SUPPORTS = "supports"
    NON_COMMITTAL = "non_committal"
    OPPOSES = "opposes"
    NO_REPLY = "no_reply"


class SentBy(StrEnum):
    """How the supporter says they sent the letter."""

    POST = "post"
    EMAIL = "email"


class FunnelCount(db.Model):
    """How many times a step happened on a day: one anonymous counter row per step and day."""

    __tablename__ = "funnel_counts"

    campaign: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    step: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class MpReply(db.Model):
    """A supporter's report of their MP's reply to one letter (a later report replaces it).

    The MP's name and party are kept as they were when the reply came, so a later change of MP
    does not move the reply to someone else.
    """

    __tablename__ = "mp_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    letter_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The language the letter was written in: "en" or "cy" (reporting by language).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Where the letter came from (webapp.reach.sources): a staff share link's or partner's code,
    # "share" for a supporter's share, and the usual utm_* values, each cut to a safe length.
    source: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    utm_source: Mapped[str | None] = mapped_column(String(64), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(64), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
    constituency_code: Mapped[str] = mapped_column(String(16), index=True)
    nation: Mapped[str] = mapped_column(String(32))
    mp_name: Mapped[str] = mapped_column(String(200))
    party: Mapped[str] = mapped_column(String(120))
    concern: Mapped[str | None] = mapped_column(String(64), nullable=True)
    stance: Mapped[str] = mapped_column(String(16))
    replied_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    # The reply's text or a summary, only with the supporter's consent; purged with their data.
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)


class Reminder(db.Model):
    """One reminder email, due three weeks after the letter, for a supporter who asked for it."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_key: Mapped[str] = mapped_column(String(64), unique=True)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The language of the letter, so its reminder is written in it ("en" or "cy").
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Random, for the List-Unsubscribe link: it names this reminder and nothing else.
    unsubscribe_id: Mapped[str] = mapped_column(String(64), unique=True)
