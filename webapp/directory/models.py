"""Tables of staff corrections to the MP directory: seat overrides (append-only) and imports."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db

if TYPE_CHECKING:
    from webapp.accounts.models import StaffUser


class MPOverride(db.Model):
    """A staff correction to one seat's MP; the newest row per constituency wins.

    `cleared` means "back to the bundled data" (a revert), `vacant` means nobody holds the seat.
    """

    __tablename__ = "mp_override"
    __table_args__ = (Index("ix_mp_override_code", "constituency_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    constituency_code: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    full_title: Mapped[str] = mapped_column(String(250), default="")
    salutation: Mapped[str] = mapped_column(String(200), default="")
    party: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)
    cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(300), default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("mp_import.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class MPImport(db.Model):
    """An uploaded Members API file, kept so "Apply" works from any worker and shows later."""

    __tablename__ = "mp_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    payload: Mapped[str] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    applied_changes: Mapped[int | None] = mapped_column(Integer)

    uploaded_by: Mapped[StaffUser | None] = relationship(lazy="joined")
