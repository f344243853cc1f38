"""Letter downloads built in the background: one merged print PDF, or a ZIP of single PDFs.

Each download is an `ExportJob` row (what staff asked for, and the file) run as a background job
(`webapp.jobs`: an RQ worker, or a thread of the web process without Redis), whose row holds its
status, progress and outcome; `state(export)` reads them for the staff pages. The
file goes to the file store (`webapp.files.store`, the database by default), so any app server can
serve it. Memory stays flat however many letters there are: submissions are read in
keyset-paginated chunks, each letter is composed and written straight into the store's writer
(letters.bundle, which the command line's batch uses too), and the PDF writer streams pages out
as it goes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from flask import current_app
from sqlalchemy import func, select, update

from letters.bundle import is_printable, write_merged, write_zip
from letters.model import Letter
from webapp import jobs
from webapp.exports.letters_source import ExportFilters, LetterSource, submission_filter
from webapp.exports.models import ExportJob, ExportKind
from webapp.extensions import db
from webapp.files.store import file_store
from webapp.i18n import _, ngettext
from webapp.jobs.models import JobStatus
from webapp.submissions.models import Submission

if TYPE_CHECKING:
    from webapp.accounts.models import StaffUser

log = logging.getLogger(__name__)
PROGRESS_EVERY = 50  # letters between progress commits
_FAILED = "The download could not be made. Please try again; if it fails again, tell the team."
CONTENT_TYPES = {ExportKind.MERGED_PDF: "application/pdf", ExportKind.ZIP: "application/zip"}


def store():
    """The file store downloads are kept in (setting FILE_STORAGE)."""
    return file_store(current_app.config.get("FILE_STORAGE", "database"))


def create_job(
    kind: ExportKind, filters: ExportFilters, *, requested_by_id: int | None
) -> ExportJob:
    """A queued job row for these letters."""
    job = ExportJob(
        kind=kind.value, filters=json.dumps(filters.to_json()), requested_by_id=requested_by_id
    )
    db.session.add(job)
    db.session.commit()
    return job


def start(export_id: int) -> int:
    """Queue the download's background job; returns that job's id (also kept on the row)."""
    job_id = jobs.enqueue(build_export, export_id, on_failure=export_failed)
    db.session.execute(update(ExportJob).where(ExportJob.id == export_id).values(job_id=job_id))
    db.session.commit()
    return job_id


def wait(export_id: int, timeout: float = 60) -> None:
    """Block until a download running in this process has finished (CLI, tests, benches)."""
    job_id = db.session.scalar(select(ExportJob.job_id).where(ExportJob.id == export_id))
    if job_id is not None:
        jobs.wait(job_id, timeout)


@dataclass(frozen=True, slots=True)
class ExportState:
    """A download as staff see it: the export's own fields, with its job's status and progress."""

    export: ExportJob
    status: JobStatus
    done: int  # letters done so far; once ready, the letters in the file
    total: int
    error: str | None  # failed: why, for staff; ready: a note on letters left out

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def ready(self) -> bool:
        """Made, with its file in the store, so it can be downloaded."""
        return self.status is JobStatus.DONE and self.file_path is not None

    @property
    def id(self) -> int:
        return self.export.id

    @property
    def kind(self) -> str:
        return self.export.kind

    @property
    def file_path(self) -> str | None:
        return self.export.file_path

    @property
    def created_at(self) -> dt.datetime:
        return self.export.created_at

    @property
    def requested_by(self) -> StaffUser | None:
        return self.export.requested_by


def _failed_message(stored: str | None) -> str:
    # A failed job keeps its message in English (_FAILED); staff read it in their language.
    if not stored or stored == _FAILED:
        return _(
            "The download could not be made. Please try again; if it fails again, tell the team."
        )
    return stored


def state(export: ExportJob) -> ExportState:
    """The download's state, read from its background job.

    Asking the job's status also asks its runner whether an unfinished job's worker died, so a
    download is never shown running when it cannot finish. A download with no job (the request
    that asked for it stopped before queueing it) is shown failed.
    """
    job = jobs.status(export.job_id) if export.job_id is not None else None
    if job is None:
        return ExportState(export, JobStatus.FAILED, 0, 0, _failed_message(None))
    if job.status is JobStatus.DONE:
        result = job.result or {}
        skipped = int(result.get("skipped", 0))
        note = (
            ngettext(
                "%(num)d letter could not be printed and was left out.",
                "%(num)d letters could not be printed and were left out.",
                skipped,
            )
            if skipped
            else None
        )
        written = int(result.get("written", job.done))
        return ExportState(export, job.status, written, job.total, note)
    error = _failed_message(job.error) if job.status is JobStatus.FAILED else None
    return ExportState(export, job.status, job.done, job.total, error)


def recent(limit: int = 20) -> list[ExportState]:
    """The newest downloads, each read from its job (an unfinished one whose worker died shows
    as failed)."""
    rows = db.session.scalars(select(ExportJob).order_by(ExportJob.id.desc()).limit(limit))
    return [state(export) for export in rows]


def state_of(export_id: int) -> ExportState | None:
    """One download's state, or None when there is no such download."""
    export = db.session.get(ExportJob, export_id) if 0 < export_id < 2**31 else None
    return state(export) if export is not None else None


def build_export(export_id: int) -> dict:
    """The background job: write the file and record its key on the row. Re-runs start afresh.

    Returns the letters written and skipped: the job keeps them as its result.
    """
    export = db.session.get(ExportJob, export_id)
    if export is None:
        return {"written": 0, "skipped": 0}  # purged while it waited
    filters = ExportFilters.from_json(json.loads(export.filters))
    kind = ExportKind(export.kind)
    files = store()
    if export.file_path:  # a half-written file from an attempt whose worker died
        files.delete(export.file_path)
    try:
        writer = files.create(f"letters-{export_id}.{kind.value}", CONTENT_TYPES[kind])
        export.file_path = writer.key
        db.session.commit()
        try:
            result = write_export(kind, filters, writer, on_progress=jobs.report_progress)
        except BaseException:
            writer.abort()
            raise
        writer.close()
    except Exception as exc:
        # Only the type is logged: messages can quote supporters' names or addresses.
        log.error("Export %s failed: %s", export_id, type(exc).__name__)
        raise jobs.JobError(_FAILED) from None
    return {"written": result.written, "skipped": result.skipped}


def export_failed(export_id: int) -> None:
    """The job's on_failure: drop the half-written file (the job holds the message)."""
    db.session.rollback()
    export = db.session.get(ExportJob, export_id)
    if export is None or not export.file_path:
        return
    store().delete(export.file_path)
    export.file_path = None
    db.session.commit()


@dataclass(frozen=True, slots=True)
class ExportResult:
    written: int
    skipped: int


def write_export(
    kind: ExportKind,
    filters: ExportFilters,
    out: BinaryIO,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the letters matching `filters` to `out` as a merged PDF or a ZIP of PDFs."""
    source = LetterSource.for_app(filters)
    total = db.session.scalar(
        select(func.count(Submission.id)).where(*submission_filter(filters, source.campaign.slug))
    )
    counter = _Counter(total, on_progress)
    if on_progress:
        on_progress(0, total)
    letters = counter.track(source.letters())
    if kind is ExportKind.ZIP:
        # Five digits: a download of every letter can run past 9,999 (the CLI batch uses four),
        # and they keep the files in order when a file manager sorts them by name.
        write_zip(enumerate(letters, start=1), out, digits=5)
    else:
        write_merged(letters, out, cover=source.cover(total))
    counter.report()
    return ExportResult(counter.written, counter.skipped)


class _Counter:
    """Counts letters as they pass, drops unprintable ones, and reports progress now and then."""

    def __init__(self, total: int, on_progress: Callable[[int, int], None] | None):
        self.total, self.on_progress = total, on_progress
        self.written = self.skipped = 0

    def track(self, letters: Iterator[Letter | None]) -> Iterator[Letter]:
        for letter in letters:
            if letter is not None and is_printable(letter):
                self.written += 1
                yield letter
            else:
                self.skipped += 1
            if (self.written + self.skipped) % PROGRESS_EVERY == 0:
                self.report()

    def report(self) -> None:
        if self.on_progress:
            self.on_progress(self.written + self.skipped, self.total)


def purge_files(before: dt.datetime) -> int:
    """Delete export jobs created before `before`, and their files; returns how many.

    Finished background-job rows of the same age, and files a dead worker left half-written,
    go too.
    """
    jobs_ = db.session.scalars(select(ExportJob).where(ExportJob.created_at < before)).all()
    files = store()
    for job in jobs_:
        if job.file_path:
            files.delete(job.file_path)
        db.session.delete(job)
    db.session.commit()
    files.purge_incomplete(before)
    jobs.purge_finished(before)
    return len(jobs_)
