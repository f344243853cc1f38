"""Letter downloads built in the background: one merged print PDF, or a ZIP of single PDFs.

Each download is an `ExportJob` row (what staff asked for, its progress and outcome) run as a
background job (`webapp.jobs`: an RQ worker, or a thread of the web process without Redis). The
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
from typing import BinaryIO

from flask import current_app
from sqlalchemy import delete, func, select, update

from letters.bundle import is_printable, write_merged, write_zip
from letters.model import Letter
from webapp import jobs
from webapp.clock import utcnow
from webapp.exports.letters_source import ExportFilters, LetterSource, submission_filter
from webapp.exports.models import ExportJob, ExportKind, ExportStatus
from webapp.extensions import db
from webapp.files.store import file_store
from webapp.jobs.models import BackgroundJob
from webapp.submissions.models import Submission

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


def refresh(export: ExportJob) -> ExportJob:
    """The row after asking the job runner whether an unfinished download's worker died."""
    if export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and export.job_id:
        jobs.status(export.job_id)  # marks it failed (through export_failed) if so
        db.session.refresh(export)
    return export


def build_export(export_id: int) -> dict:
    """The background job: write the file, then record it on the row. Re-runs start afresh."""
    job = db.session.get(ExportJob, export_id)
    if job is None:
        return {"written": 0}  # purged while it waited
    filters = ExportFilters.from_json(json.loads(job.filters))
    kind = ExportKind(job.kind)
    files = store()
    if job.file_path:  # a half-written file from an attempt whose worker died
        files.delete(job.file_path)
    try:
        writer = files.create(f"letters-{export_id}.{kind.value}", CONTENT_TYPES[kind])
        job.status, job.file_path, job.done = ExportStatus.RUNNING.value, writer.key, 0
        db.session.commit()
        try:
            result = write_export(kind, filters, writer, on_progress=_progress_saver(export_id))
        except BaseException:
            writer.abort()
            raise
        writer.close()
    except Exception as exc:
        # Only the type is logged: messages can quote supporters' names or addresses.
        log.error("Export %s failed: %s", export_id, type(exc).__name__)
        raise jobs.JobError(_FAILED) from None
    note = None
    if result.skipped:
        note = f"{result.skipped} letter(s) could not be printed and were left out."
    _finish(export_id, ExportStatus.DONE, error=note, done=result.written)
    return {"written": result.written, "skipped": result.skipped}


def export_failed(export_id: int) -> None:
    """The job's on_failure: show the download as failed, with the job's message; drop the file."""
    db.session.rollback()
    job = db.session.get(ExportJob, export_id)
    if job is None:
        return
    message = _FAILED
    if job.job_id:
        message = (
            db.session.scalar(select(BackgroundJob.error).where(BackgroundJob.id == job.job_id))
            or _FAILED
        )
    if job.file_path:
        store().delete(job.file_path)
    _finish(export_id, ExportStatus.FAILED, error=message)


def _progress_saver(export_id: int) -> Callable[[int, int], None]:
    def save(done: int, total: int) -> None:
        db.session.execute(
            update(ExportJob).where(ExportJob.id == export_id).values(done=done, total=total)
        )
        db.session.commit()
        jobs.report_progress(done, total)

    return save


def _finish(export_id: int, status: ExportStatus, *, error: str | None, done: int | None = None):
    values = {"status": status.value, "error": error, "finished_at": utcnow()}
    if done is not None:
        values["done"] = done
    db.session.execute(update(ExportJob).where(ExportJob.id == export_id).values(**values))
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
    db.session.execute(
        delete(BackgroundJob).where(
            BackgroundJob.created_at < before,
            BackgroundJob.status.in_(("done", "failed")),
        )
    )
    db.session.commit()
    return len(jobs_)
