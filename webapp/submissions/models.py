"""Public tables: anonymous letter counts, consented submissions, and oversized drafts.

Nothing personal is stored without the supporter's consent, except a `Draft` too large for the
session cookie, which lives for DRAFT_HOURS only (see the privacy page).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text, false, func, true
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


class LetterCount(db.Model):
    """One anonymous row per letter, made by its first download or send.

    `letter_key` is random (secrets.token_urlsafe), never derived from personal data.
    """

    __tablename__ = "letter_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_key: Mapped[str] = mapped_column(String(64), unique=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
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
    created_on: Mapped[dt.date] = mapped_column(Date, index=True)
    pdf: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    email_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The letter-writing event whose shared device made it (event mode), else None.
    event_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # The at-risk group the letter speaks for, and how the supporter says they sent it
    # (webapp.replies.models.SentBy) and when: still nothing that identifies anyone.
    concern: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sent_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    sent_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Submission(db.Model):
    """What a supporter agreed we keep about one letter: the letter record.

    With "keep a copy" it holds the frozen letter (`letter`, the JSON of letters.record.freeze)
    and its `content_hash`; every later output of the letter (the supporter's re-downloads, staff
    previews, merged PDFs and ZIPs) is rendered from that, never re-composed. With "updates" only,
    it holds name, email and constituency, and no address or letter.

    The supporter's private link (no account): `webapp.submissions.private_links.token_for(row)`
    gives the token, `url_for("public.my_letter", token=token)` the page (view, download, delete),
    and `submission_for_token(token)` finds the row again. Deleting the row removes the personal
    data; the anonymous LetterCount with the same `letter_key` stays.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    # The language the letter was written in: "en" or "cy" (reporting by language).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Where the letter came from (webapp.reach.sources): a staff share link's or partner's code,
    # "share" for a supporter's share, and the usual utm_* values, each cut to a safe length.
    source: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    utm_source: Mapped[str | None] = mapped_column(String(64), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(64), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(64), nullable=True)
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
    findings_version_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The letter exactly as the supporter approved it (letters.record), and its SHA-256. Null for
    # updates-only rows, and for rows kept before letters were frozen (those are re-composed).
    letter: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Random id named in the private link; the link's signature needs SECRET_KEY as well.
    link_id: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        AwareDateTime(), default=utcnow, server_default=func.now(), index=True
    )
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        AwareDateTime(), default=utcnow, onupdate=utcnow, nullable=True
    )


class Draft(db.Model):
    """A supporter's draft too large for the session cookie; deleted when it expires."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), index=True)
