"""The table of letter downloads being built in the background."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db

if TYPE_CHECKING:
    from webapp.accounts.models import StaffUser


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportKind(enum.StrEnum):
    MERGED_PDF = "pdf"
    ZIP = "zip"


class ExportJob(db.Model):
    """A letter download being built in the background; its state lives here for any server."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(8))
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: constituency, date range
    status: Mapped[str] = mapped_column(String(16), default=ExportStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # The file store's key for the finished file (webapp.files.store), e.g. "db:42".
    file_path: Mapped[str | None] = mapped_column(String(500))
    # The background job building it (webapp.jobs), which notices a worker that died.
    job_id: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())

    requested_by: Mapped[StaffUser | None] = relationship(lazy="joined")
