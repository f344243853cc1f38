"""Purge: personal data past its time is deleted, and gone from the database's files too.

What is deleted (`flask purge --older-than 90d`): kept letters (submissions) written before the
cutoff with their reminders and reply summaries, server-side drafts begun before it or past
their DRAFT_HOURS, and staff letter downloads made before it. Retention is also counted from a
campaign's closing: once a campaign has been closed for its own number of days (staff set it;
else KEEP_AFTER_CLOSING_DAYS), every kept letter of it goes, however recent. Anonymous letter
counts are kept. The staff audit log keeps each entry's address (an IP) for AUDIT_ADDRESS_DAYS
and the entry for AUDIT_KEEP_DAYS, whatever the cutoff.

A deleted row would otherwise stay readable in the database's files until its space is reused.
On SQLite every connection runs with `secure_delete` (webapp.extensions), which overwrites
deleted content with zeros, and the purge ends by checkpointing the write-ahead log into the
file and truncating it. On PostgreSQL the purge ends with VACUUM FULL of each table it deleted
personal data from, which writes the table afresh without the deleted rows and removes the old
file; the table is locked while that runs, so run the purge at a quiet hour. PostgreSQL's own
write-ahead log and any backups keep the rows until they are recycled: keep backups for less
time than PURGE_AFTER_DAYS (README, "Privacy").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, create_engine, delete, func, or_, select, text, update
from sqlalchemy.pool import NullPool

from webapp.accounts.models import AuditEvent
from webapp.campaigns import service as campaigns
from webapp.clock import utcnow
from webapp.content import checks
from webapp.exports import tasks as exports_job
from webapp.extensions import db
from webapp.files.models import StoredFileChunk
from webapp.replies.models import MpReply, Reminder
from webapp.replies.service import forget_personal
from webapp.submissions.models import Draft, Submission
from webapp.webhooks import retention as webhook_retention
from webapp.webhooks.models import WebhookMessage

# A web worker in the middle of a read keeps the log from being truncated; wait this long for it.
CHECKPOINT_TRIES = 20
CHECKPOINT_PAUSE_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Purged:
    """How much a purge deleted, and whether the SQLite log was emptied (None: not SQLite)."""

    submissions: int
    drafts: int
    export_files: int
    audit_addresses: int  # audit entries whose address was forgotten
    audit_entries: int  # audit entries deleted
    log_truncated: bool | None
    tables_rewritten: tuple[str, ...] = ()  # PostgreSQL: tables written afresh (VACUUM FULL)
    # Kept letters deleted, by campaign slug (only campaigns that lost some).
    by_campaign: tuple[tuple[str, int], ...] = ()
    # Campaigns whose time after closing has run out: every letter of theirs is gone.
    campaigns_ended: tuple[str, ...] = ()


def campaigns_past_keeping(now: dt.datetime) -> tuple[str, ...]:
    """The campaigns closed for longer than their days after closing (see module doc)."""
    default = int(current_app.config["KEEP_AFTER_CLOSING_DAYS"])
    ended = []
    for slug, state in sorted(campaigns.all_states().items()):
        closed = state.closed_since(now)
        days = state.days_kept_after_closing(default)
        if closed is not None and now >= closed + dt.timedelta(days=days):
            ended.append(slug)
    return tuple(ended)


def purge(days: int, *, now: dt.datetime | None = None) -> Purged:
    """Delete personal data older than `days` (drafts past their hours too); see module doc."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    ended = campaigns_past_keeping(now)
    expired: ColumnElement[bool] = or_(
        Submission.created_at < cutoff, Submission.campaign.in_(ended)
    )
    letter_keys = list(db.session.scalars(select(Submission.letter_key).where(expired)))
    by_campaign = tuple(
        (slug, count)
        for slug, count in db.session.execute(
            select(Submission.campaign, func.count())
            .where(expired)
            .group_by(Submission.campaign)
            .order_by(Submission.campaign)
        )
    )
    webhook_retention.before_purge(expired)  # supporter.forgotten recorded and sent first
    submissions = db.session.execute(delete(Submission).where(expired))
    # A draft begins DRAFT_HOURS before its expiry: delete those begun before the cutoff, and
    # every draft already past its hours (a closed campaign takes no drafts, so its last ones
    # go within DRAFT_HOURS of its closing).
    hours = dt.timedelta(hours=current_app.config["DRAFT_HOURS"])
    drafts = db.session.execute(delete(Draft).where(Draft.expires_at < max(now, cutoff + hours)))
    db.session.commit()
    forget_personal(letter_keys)  # their reminders and reply summaries go too
    files = exports_job.purge_files(cutoff)
    addresses, entries = _purge_audit(now)
    checks.purge_results(now)
    webhook_retention.after_purge(cutoff)  # delivered events lose their personal bodies
    purged = Purged(
        submissions=submissions.rowcount or 0,
        drafts=drafts.rowcount or 0,
        export_files=files,
        audit_addresses=addresses,
        audit_entries=entries,
        log_truncated=truncate_sqlite_log(),
        by_campaign=by_campaign,
        campaigns_ended=ended,
    )
    if db.engine.dialect.name == "postgresql" and _deleted_anything(purged):
        purged = dataclasses.replace(purged, tables_rewritten=rewrite_postgres_tables())
    return purged


def _purge_audit(now: dt.datetime) -> tuple[int, int]:
    """Forget old audit entries' addresses, and delete entries past AUDIT_KEEP_DAYS."""
    config = current_app.config
    address_cutoff = now - dt.timedelta(days=int(config["AUDIT_ADDRESS_DAYS"]))
    entry_cutoff = now - dt.timedelta(days=int(config["AUDIT_KEEP_DAYS"]))
    deleted = db.session.execute(
        delete(AuditEvent).where(AuditEvent.created_at < entry_cutoff)
    ).rowcount
    forgotten = db.session.execute(
        update(AuditEvent)
        .where(AuditEvent.created_at < address_cutoff, AuditEvent.address != "")
        .values(address="", device="")
    ).rowcount
    db.session.commit()
    return forgotten or 0, deleted or 0


def _deleted_anything(purged: Purged) -> bool:
    return bool(
        purged.submissions
        or purged.drafts
        or purged.export_files
        or purged.audit_addresses
        or purged.audit_entries
    )


# Every table the purge deletes or blanks personal data in.
_PERSONAL_TABLES = (
    Submission.__tablename__,
    Draft.__tablename__,
    Reminder.__tablename__,
    MpReply.__tablename__,
    StoredFileChunk.__tablename__,
    AuditEvent.__tablename__,
    WebhookMessage.__tablename__,
)


def rewrite_postgres_tables() -> tuple[str, ...]:
    """VACUUM FULL each table holding personal data, so deleted rows leave the table files."""
    db.session.close()
    # Its own engine: VACUUM cannot run inside a transaction, and a rewrite may take longer than
    # the statement timeout and watchdog that bound web requests' calls (webapp.database).
    url = db.engine.url.render_as_string(hide_password=False)
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for table in _PERSONAL_TABLES:
                connection.execute(text(f'VACUUM (FULL) "{table}"'))
    finally:
        engine.dispose()
    return _PERSONAL_TABLES


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
