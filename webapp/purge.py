"""Purge: personal data past its time is deleted, and on SQLite it is gone from the file too.

What is deleted (`flask purge --older-than 90d`): kept letters (submissions) written before the
cutoff with their reminders and reply summaries, server-side drafts begun before it or past
their DRAFT_HOURS, and staff letter downloads made before it. Anonymous letter counts are kept.

On SQLite a deleted row would otherwise stay readable in free pages and in the write-ahead log:
every connection runs with `secure_delete` (webapp.extensions), which overwrites deleted content
with zeros, and the purge ends by checkpointing the log into the file and truncating it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, select, text

from webapp.extensions import db
from webapp.models import Draft, Submission, utcnow
from webapp.replies.records import forget_personal
from webapp.staff import exports_job

# A web worker in the middle of a read keeps the log from being truncated; wait this long for it.
CHECKPOINT_TRIES = 20
CHECKPOINT_PAUSE_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Purged:
    """How much a purge deleted, and whether the SQLite log was emptied (None: not SQLite)."""

    submissions: int
    drafts: int
    export_files: int
    log_truncated: bool | None


def purge(days: int, *, now: dt.datetime | None = None) -> Purged:
    """Delete personal data older than `days` (drafts past their hours too); see module doc."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    expired = select(Submission.letter_key).where(Submission.created_at < cutoff)
    letter_keys = list(db.session.scalars(expired))
    submissions = db.session.execute(delete(Submission).where(Submission.created_at < cutoff))
    # A draft begins DRAFT_HOURS before its expiry: delete those begun before the cutoff, and
    # every draft already past its hours.
    hours = dt.timedelta(hours=current_app.config["DRAFT_HOURS"])
    drafts = db.session.execute(delete(Draft).where(Draft.expires_at < max(now, cutoff + hours)))
    db.session.commit()
    forget_personal(letter_keys)  # their reminders and reply summaries go too
    files = exports_job.purge_files(cutoff)
    return Purged(
        submissions=submissions.rowcount or 0,
        drafts=drafts.rowcount or 0,
        export_files=files,
        log_truncated=truncate_sqlite_log(),
    )


def truncate_sqlite_log() -> bool | None:
    """Copy SQLite's write-ahead log into the file and empty it; None on other databases.

    Returns False when readers kept it from being emptied in time (run the purge again).
    """
    if db.engine.dialect.name != "sqlite":
        return None
    for _ in range(CHECKPOINT_TRIES):
        busy, _log, _done = db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
        db.session.commit()
        if not busy:
            return True
        time.sleep(CHECKPOINT_PAUSE_SECONDS)
    return False
