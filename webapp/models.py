"""Public tables: anonymous letter counts, consented submissions, and oversized drafts.

Nothing personal is stored without the supporter's consent, except a `Draft` too large for the
session cookie, which lives for DRAFT_HOURS only (see the privacy page).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, false, func, true
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class LetterCount(db.Model):
    """One anonymous row per letter, made by its first download or send.

    `letter_key` is random (secrets.token_urlsafe), never derived from personal data.
    """

    __tablename__ = "letter_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_key: Mapped[str] = mapped_column(String(64), unique=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    constituency_code: Mapped[str] = mapped_column(String(16), index=True)
    nation: Mapped[str] = mapped_column(String(32))
    created_on: Mapped[dt.date] = mapped_column(Date, index=True)
    pdf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    email_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Submission(db.Model):
    """A letter the supporter asked us to keep: enough for staff to re-create and deliver it.

    Also made, without the address and letter, for a supporter who asked only for updates.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    letter_key: Mapped[str] = mapped_column(String(64), unique=True)
    constituency_code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(Text)
    address_lines: Mapped[list[str]] = mapped_column(JSON)
    postcode: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    concern: Mapped[str | None] = mapped_column(String(64), nullable=True)
    consent_updates: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # False when the supporter asked only for updates: then name, email and constituency are
    # kept, but not the address or letter.
    keep_letter: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The staff area's published template version this letter was composed with (no FK here:
    # the versions table arrives in a later migration).
    template_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now(), index=True
    )


class Draft(db.Model):
    """A supporter's draft too large for the session cookie; deleted when it expires."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
