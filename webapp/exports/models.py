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


class ExportKind(enum.StrEnum):
    MERGED_PDF = "pdf"
    ZIP = "zip"


class ExportJob(db.Model):
    """A letter download: what staff asked for and the file. Its state (status, progress,
    error) is its background job's (webapp.jobs), read with `webapp.exports.tasks.state`."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(8))
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: constituency, date range
    # The file store's key for the file (webapp.files.store), e.g. "db:42".
    file_path: Mapped[str | None] = mapped_column(String(500))
    # The background job building it. None only if the request that asked for it stopped
    # before queueing the job (or the job's row has been purged): shown as failed.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)

    requested_by: Mapped[StaffUser | None] = relationship(lazy="joined")
