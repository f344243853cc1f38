"""Tables of the job runner and the file store: background jobs, and files every server can read.

A job's row is the source of truth for its state and progress, whichever runner (an RQ worker or
a thread of the web process) runs it; a stored file is kept in the database in chunks so any app
server can stream it out.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BackgroundJob(db.Model):
    """One piece of work run outside a web request: which function, its arguments, its state."""

    __tablename__ = "background_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "package.module:function", imported by the runner; only code ever writes it.
    func: Mapped[str] = mapped_column(String(200))
    args: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of plain values
    on_failure: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED.value, index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str | None] = mapped_column(Text)  # JSON of the function's return value
    error: Mapped[str | None] = mapped_column(Text)  # shown to staff: never an exception text
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # "rq" (its RQ job id in queue_ref) or "process" (host:pid of the web process running it).
    runner: Mapped[str] = mapped_column(String(16), default="process")
    queue_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class StoredFile(db.Model):
    """A file made by a job (a letter download); readable from every app server."""

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    # False while it is being written: a half-written file is never served.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoredFileChunk(db.Model):
    """One piece of a stored file, in order (`seq` from 0)."""

    __tablename__ = "stored_file_chunk"

    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
