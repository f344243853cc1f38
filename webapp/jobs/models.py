"""The table of background jobs.

A job's row is the source of truth for its state and progress, whichever runner (an RQ worker or
a thread of the web process) runs it.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


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
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
