"""Letter downloads built in the background: one merged print PDF, or a ZIP of single PDFs.

Memory stays flat however many letters there are: submissions are read in keyset-paginated
chunks (short queries, so progress can be committed between them on any database), each letter
is composed and written straight to a file under instance/exports, and the PDF writer streams
pages out as it goes. The job's state lives in the ExportJob row, so any worker can show it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select, update

from letters.batch import zip_name as batch_zip_name
from letters.errors import LettersError
from letters.model import Letter
from letters.render.pdf import check_printable, render_pdf, write_merged_pdf
from webapp.extensions import db
from webapp.models import Submission
from webapp.staff.letters_source import ExportFilters, LetterSource, submission_filter
from webapp.staff.models import ExportJob, ExportKind, ExportStatus, utcnow

log = logging.getLogger(__name__)
PROGRESS_EVERY = 50  # letters between progress commits
_FAILED = "The download could not be made. Please try again; if it fails again, tell the team."

_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="letters-export")
_futures: dict[int, Future] = {}


def exports_dir(app: Flask | None = None) -> Path:
    """Where export files are written: STAFF_EXPORTS_DIR, else instance/exports (made on use)."""
    app = app or current_app
    path = Path(app.config.get("STAFF_EXPORTS_DIR") or Path(app.instance_path) / "exports")
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def start(job_id: int) -> Future:
    """Run a job in a background thread of this process."""
    app = current_app._get_current_object()
    future = _executor.submit(run_job, app, job_id)
    _futures[job_id] = future
    # Forget finished jobs, so a long-running worker does not collect them.
    future.add_done_callback(lambda _: _futures.pop(job_id, None))
    return future


def wait(job_id: int, timeout: float = 60) -> None:
    """Block until a job started in this process has finished (for the CLI, tests and benches)."""
    future = _futures.get(job_id)
    if future is not None:
        future.result(timeout=timeout)


def wait_all(timeout: float = 60) -> None:
    """Block until every job started in this process has finished (for tests and shutdown)."""
    for future in list(_futures.values()):
        future.result(timeout=timeout)


def run_job(app: Flask, job_id: int) -> None:
    """Build a job's file and record the outcome in its row (never raises)."""
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        filters = ExportFilters.from_json(json.loads(job.filters))
        kind = ExportKind(job.kind)
        path = None
        try:
            path = exports_dir(app) / f"export-{job.id}.{kind.value}"
            job.status, job.file_path = ExportStatus.RUNNING.value, path.name
            db.session.commit()
            result = write_export(kind, filters, path, on_progress=_progress_saver(job.id))
        except Exception as exc:  # a failed export must show as failed, not hang as "running"
            # Only the type is logged: messages can quote supporters' names or addresses.
            log.error("Export %s failed: %s", job_id, type(exc).__name__)
            db.session.rollback()
            if path is not None:
                path.unlink(missing_ok=True)
            _finish(job_id, ExportStatus.FAILED, error=_FAILED)
            return
        note = None
        if result.skipped:
            note = f"{result.skipped} letter(s) could not be printed and were left out."
        _finish(job_id, ExportStatus.DONE, error=note, done=result.written)


def _progress_saver(job_id: int) -> Callable[[int, int], None]:
    def save(done: int, total: int) -> None:
        db.session.execute(
            update(ExportJob).where(ExportJob.id == job_id).values(done=done, total=total)
        )
        db.session.commit()

    return save


def _finish(job_id: int, status: ExportStatus, *, error: str | None, done: int | None = None):
    values = {"status": status.value, "error": error, "finished_at": utcnow()}
    if done is not None:
        values["done"] = done
    db.session.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))
    db.session.commit()


@dataclass(frozen=True, slots=True)
class ExportResult:
    written: int
    skipped: int


def write_export(
    kind: ExportKind,
    filters: ExportFilters,
    path: Path,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the letters matching `filters` to `path` as a merged PDF or a ZIP of PDFs."""
    source = LetterSource.for_app(filters)
    total = db.session.scalar(
        select(func.count(Submission.id)).where(*submission_filter(filters, source.campaign.slug))
    )
    counter = _Counter(total, on_progress)
    if on_progress:
        on_progress(0, total)
    letters = counter.track(source.letters())
    if kind is ExportKind.ZIP:
        _write_zip(letters, path)
    else:
        with path.open("wb") as out:
            write_merged_pdf(letters, out, cover=source.cover(total))
    counter.report()
    return ExportResult(counter.written, counter.skipped)


class _Counter:
    """Counts letters as they pass, drops unprintable ones, and reports progress now and then."""

    def __init__(self, total: int, on_progress: Callable[[int, int], None] | None):
        self.total, self.on_progress = total, on_progress
        self.written = self.skipped = 0

    def track(self, letters: Iterator[Letter | None]) -> Iterator[Letter]:
        for letter in letters:
            if letter is not None and _printable(letter):
                self.written += 1
                yield letter
            else:
                self.skipped += 1
            if (self.written + self.skipped) % PROGRESS_EVERY == 0:
                self.report()

    def report(self) -> None:
        if self.on_progress:
            self.on_progress(self.written + self.skipped, self.total)


def _printable(letter: Letter) -> bool:
    try:
        check_printable(letter)
    except LettersError:
        return False
    return True


def _write_zip(letters: Iterator[Letter], path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, letter in enumerate(letters, start=1):
            archive.writestr(zip_name(number, letter), render_pdf(letter))


def zip_name(number: int, letter: Letter) -> str:
    """ "00001-Aberafan-Maesteg-Jane-Smith.pdf": letters.batch's name, with a five-digit number.

    The CLI batch numbers to four digits; a download of every letter can run past 9,999, and five
    keep the files in order when a file manager sorts them by name.
    """
    return f"{number:05d}-{batch_zip_name(number, letter).partition('-')[2]}"


_STALE = (
    "This download stopped before it finished (the server was restarted). Please ask for it again."
)


def fail_stale_jobs(now: dt.datetime | None = None) -> int:
    """Mark unfinished jobs older than EXPORT_STALE_MINUTES as failed; returns how many.

    A job runs in a thread of the worker that started it; if that worker is stopped mid-way, its
    row would say "running" for ever. Jobs still running in this process are left alone.
    """
    minutes = int(current_app.config.get("EXPORT_STALE_MINUTES", 30))
    cutoff = (now or utcnow()) - dt.timedelta(minutes=minutes)
    unfinished = (ExportStatus.QUEUED.value, ExportStatus.RUNNING.value)
    query = (
        update(ExportJob)
        .where(ExportJob.status.in_(unfinished), ExportJob.created_at < cutoff)
        .where(ExportJob.id.not_in(list(_futures)))
        .values(status=ExportStatus.FAILED.value, error=_STALE, finished_at=utcnow())
    )
    stale = db.session.execute(query).rowcount or 0
    db.session.commit()
    return stale


def purge_files(before: dt.datetime) -> int:
    """Delete export jobs created before `before`, and their files; returns how many."""
    jobs = db.session.scalars(select(ExportJob).where(ExportJob.created_at < before)).all()
    folder = exports_dir()
    for job in jobs:
        if job.file_path:
            (folder / Path(job.file_path).name).unlink(missing_ok=True)
        db.session.delete(job)
    db.session.commit()
    return len(jobs)
