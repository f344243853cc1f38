"""The table of letter-writing events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


class Event(db.Model):
    """A letter-writing event: a name and a time window during which devices staff switch into
    event mode clear themselves after each letter. Holds nothing about supporters."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(120))
    started_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    starts_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    ends_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
