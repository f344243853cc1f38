"""Tables of campaign content: versions of each text, publications, reviews and check results.

History tables are append-only: a save, a publication or a revert adds a row and never rewrites
one, so every change can be shown, compared and undone.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db

if TYPE_CHECKING:
    from webapp.accounts.models import StaffUser


class ContentVersion(db.Model):
    """One saved version of a letter template ("template:<name>") or of the findings file."""

    __tablename__ = "content_version"
    __table_args__ = (UniqueConstraint("campaign", "kind", "number", name="uq_content_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    based_on: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class ContentPublication(db.Model):
    """Publishing a version adds a row; the newest per (campaign, kind) is what supporters get."""

    __tablename__ = "content_publication"
    __table_args__ = (Index("ix_content_publication_kind", "campaign", "kind", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    published_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)

    published_by: Mapped[StaffUser | None] = relationship(lazy="joined")


class ReviewAction(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


class ContentReview(db.Model):
    """One step of a version's review by a second editor: submitted, approved or sent back.

    Append-only, like the versions: a version's state is its newest row, and the rows are the
    history of who asked, who approved or sent it back, when, and why.
    """

    __tablename__ = "content_review"
    __table_args__ = (Index("ix_content_review_version", "campaign", "kind", "number", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    comment: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)

    by: Mapped[StaffUser | None] = relationship(lazy="joined")


class ContentCheck(db.Model):
    """The checks' result for one text, keyed by a hash of everything the result depends on.

    The text, the published findings and word list it was checked against, and which template it
    is all go into `key`, so a stored result is never stale: a change to any of them is a new key.
    Checks can take seconds, so they run as background jobs (`job_id`) and every app server reads
    the same result here; `problems` is None until the job has stored it.
    """

    __tablename__ = "content_check"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256, hex
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    # What the job checks (JSON), cleared once the result is stored.
    inputs: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(Integer)
    problems: Mapped[str | None] = mapped_column(Text)  # JSON: [[severity, message, line, word], …]
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow, index=True)
    checked_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
