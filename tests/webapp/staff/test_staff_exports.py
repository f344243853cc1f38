"""Letter downloads (merged PDF, ZIP), the supporters CSV, and purging old personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import socket
import subprocess
import zipfile
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update
from staff_helpers import form_token
from webapp_helpers import page, pdf_text, visible_text

from letters.directory import default_directory
from webapp.exports import tasks as exports_job
from webapp.exports.models import ExportJob
from webapp.extensions import db
from webapp.files.models import StoredFile, StoredFileChunk
from webapp.jobs.models import BackgroundJob
from webapp.submissions.models import LetterCount, Submission

WESTMINSTER, CARDIFF = "E14001172", "W07000091"


def request_export(client, **fields):
    """Send the download form, wait for the background job, and return its status page."""
    data = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf", **fields}
    response = client.post("/staff/exports", data={**data, **form_token(client, "/staff/exports")})
    assert response.status_code == 302, visible_text(response)
    export_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with client.application.app_context():
        exports_job.wait(export_id)
    return export_id, page(client.get(response.headers["Location"]))


def fetch(client, url: str):
    """GET a file download (streamed from the database) and close it."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def letters(add_submission):
    """Three kept letters to Westminster, one to Cardiff, and one updates-only supporter."""
    for name in ("Ann Example", "Bob Example", "Chidi Example"):
        add_submission(name, WESTMINSTER)
    add_submission(
        "Dewi Example", CARDIFF, postcode="CF10 1EP", address_lines=["2 Heol", "Cardiff"]
    )
    add_submission(
        "Eve Updates-Only",
        WESTMINSTER,
        keep_letter=False,
        email="eve@example.org",
        consent_updates=True,
    )


def test_one_merged_pdf_for_a_constituency(editor, letters):
    """The merged PDF opens with a cover (MP, seat, count), then each letter on a new page."""
    export_id, status = request_export(editor, constituency="Cities of London and Westminster")
    assert "Ready: 3 letters." in status.get_text()
    link = status.select_one("main a.button-primary")["href"]
    assert link == f"/staff/exports/{export_id}/download"
    download = fetch(editor, link)
    assert download.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(download.data))
    cover = " ".join(reader.pages[0].extract_text().split())
    mp = default_directory().mp_for(WESTMINSTER)
    assert f"Letters to {mp.full_title}" in cover
    assert "Constituency: Cities of London and Westminster" in cover
    assert "Number of letters: 3" in cover
    first_pages = [
        next(i for i, p in enumerate(reader.pages) if name in p.extract_text())
        for name in ("Ann Example", "Bob Example", "Chidi Example")
    ]
    assert first_pages[0] == 1
    assert first_pages == sorted(set(first_pages))
    text = pdf_text(download.data)
    assert "Dewi Example" not in text
    assert "Eve Updates-Only" not in text


def test_a_zip_of_single_letters_with_clear_names(editor, letters):
    """The ZIP holds one PDF per kept letter, named by order, constituency and supporter."""
    export_id, _ = request_export(editor, kind="zip")
    download = fetch(editor, f"/staff/exports/{export_id}/download")
    assert download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert archive.namelist() == [
        "00001-Cities-of-London-and-Westminster-Ann-Example.pdf",
        "00002-Cities-of-London-and-Westminster-Bob-Example.pdf",
        "00003-Cities-of-London-and-Westminster-Chidi-Example.pdf",
        "00004-Cardiff-South-and-Penarth-Dewi-Example.pdf",
    ]
    assert "Dewi Example" in pdf_text(archive.read(archive.namelist()[3]))


def test_a_date_range_limits_the_letters(editor, add_submission):
    """Only letters written within the dates are included."""
    old = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    add_submission("Old Example", created_at=old)
    add_submission("New Example", created_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    _, status = request_export(editor, date_from="2026-01-01", date_to="2026-01-31")
    assert "Ready: 1 letter." in status.get_text()


def _export_with_job(app, **job_values) -> int:
    """A download whose background job row has `job_values` (never run); returns its id."""
    with app.app_context():
        job = BackgroundJob(func="webapp.exports.tasks:build_export", args="[]", **job_values)
        db.session.add(job)
        db.session.commit()
        export = ExportJob(kind="pdf", filters="{}", job_id=job.id)
        db.session.add(export)
        db.session.commit()
        return export.id


def test_the_status_page_shows_progress_until_ready(editor, app):
    """While a download is being made its page shows its job's progress and updates itself."""
    export_id = _export_with_job(app, status="running", done=40, total=100)
    shown = page(editor.get(f"/staff/exports/{export_id}"))
    assert shown.select_one("[data-export-status]")["data-export-status"] == "running"
    scripts = [urlsplit(script["src"]).path for script in shown.find_all("script", src=True)]
    assert "/static/js/staff-export.js" in scripts
    assert shown.find("progress")["value"] == "40"
    assert "40 of 100 letters done" in " ".join(shown.get_text().split())
    assert editor.get(f"/staff/exports/{export_id}/download").status_code == 404


def test_a_failed_job_shows_its_message_on_the_download(editor, app):
    """A download's error is its job's, shown as it was written for staff."""
    export_id = _export_with_job(app, status="failed", error="No letters match those dates.")
    shown = page(editor.get(f"/staff/exports/{export_id}"))
    assert shown.select_one("[data-export-status]")["data-export-status"] == "finished"
    assert shown.select_one(".notice-error").get_text(strip=True) == (
        "No letters match those dates."
    )
    assert editor.get(f"/staff/exports/{export_id}/download").status_code == 404


def test_a_download_with_no_job_is_shown_failed(editor, app):
    """A download whose job was never queued (its request stopped) says so, and never hangs."""
    with app.app_context():
        export = ExportJob(kind="zip", filters="{}")
        db.session.add(export)
        db.session.commit()
        export_id = export.id
    shown = page(editor.get(f"/staff/exports/{export_id}"))
    assert shown.select_one("[data-export-status]")["data-export-status"] == "finished"
    assert "could not be made" in shown.select_one(".notice-error").get_text()
    listed = page(editor.get("/staff/exports")).select_one("main table tbody tr")
    assert listed.select("td")[-1].get_text(strip=True) == "failed"


def test_an_unknown_constituency_is_a_form_error(editor):
    """A constituency that does not exist is explained on the form; no job starts."""
    data = {"constituency": "Atlantis", "kind": "pdf"}
    response = editor.post("/staff/exports", data={**data, **form_token(editor, "/staff/exports")})
    assert response.status_code == 400
    assert "Atlantis" in visible_text(response)


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_supporters_csv_is_for_editors_only(editor, viewer, letters, add_submission):
    """Editors get name, email, constituency and date of those who asked for updates only."""
    add_submission('=HYPERLINK("http://evil.example")', email="x@example.org", consent_updates=True)
    assert viewer.get("/staff/exports/supporters.csv").status_code == 403
    rows = csv_rows(editor.get("/staff/exports/supporters.csv"))
    assert list(rows[0]) == ["name", "email", "constituency", "created"]
    assert [r["name"] for r in rows] == [
        "Eve Updates-Only",
        """'=HYPERLINK("http://evil.example")""",
    ]
    assert (rows[0]["email"], rows[0]["constituency"]) == (
        "eve@example.org",
        "Cities of London and Westminster",
    )


def test_keeping_a_letter_alone_never_puts_you_on_the_updates_list(editor, add_submission):
    """A sender who ticked only "keep my letter" (even with an email) is not in the updates list."""
    add_submission("Kept Only", email="kept@example.org", consent_updates=False)
    add_submission("Both Boxes", email="both@example.org", consent_updates=True)
    add_submission("Updates No Email", email=None, consent_updates=True)
    names = [r["name"] for r in csv_rows(editor.get("/staff/exports/supporters.csv"))]
    assert names == ["Both Boxes"]


def test_kept_letter_senders_are_a_separate_download_for_delivery(editor, viewer, letters):
    """The senders list holds every kept letter's sender and address, and no updates-only row."""
    url = "/staff/exports/kept-letter-senders.csv"
    assert viewer.get(url).status_code == 403
    response = editor.get(url)
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="kept-letter-senders.csv"'
    )
    rows = csv_rows(response)
    assert [r["name"] for r in rows] == [
        "Ann Example",
        "Bob Example",
        "Chidi Example",
        "Dewi Example",
    ]
    assert rows[3]["address"] == "2 Heol, Cardiff"
    assert rows[3]["postcode"] == "CF10 1EP"
    assert rows[3]["constituency"] == "Cardiff South and Penarth"
    labels = visible_text(editor.get("/staff/exports"))
    assert "Supporters who asked for campaign updates" in labels
    assert "Senders of kept letters, for delivery" in labels
    assert "kept in touch" not in labels


def _stored(app, name: str, age_days: int, *, complete: bool = True) -> str:
    """A file in the store, and (if complete) a finished download of `age_days` holding it."""
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        writer = exports_job.store().create(name, "application/pdf")
        writer.write(b"%PDF-" + name.encode())
        db.session.execute(
            update(StoredFile)
            .where(StoredFile.id == int(writer.key[3:]))
            .values(created_at=now - dt.timedelta(days=age_days))
        )
        if not complete:
            db.session.commit()
            return writer.key
        writer.close()
        created = now - dt.timedelta(days=age_days)
        job = BackgroundJob(func="webapp.exports.tasks:build_export", args="[]", status="done")
        job.created_at = created
        db.session.add(job)
        db.session.commit()
        db.session.add(
            ExportJob(kind="pdf", file_path=writer.key, created_at=created, job_id=job.id)
        )
        db.session.commit()
        return writer.key


def test_purge_forgets_old_supporters_but_keeps_counts(app, add_submission):
    """`flask purge --older-than 90d` deletes older submissions and exports; counts stay."""
    now = dt.datetime.now(dt.UTC)
    add_submission("Old Example", created_at=now - dt.timedelta(days=120))
    add_submission("Recent Example", created_at=now - dt.timedelta(days=10))
    with app.app_context():
        db.session.add(
            LetterCount(
                letter_key=secrets.token_urlsafe(8),
                campaign="baghdad-returns",
                constituency_code=WESTMINSTER,
                nation="England",
                created_on=(now - dt.timedelta(days=120)).date(),
            )
        )
        db.session.commit()
    old_key, new_key = _stored(app, "old.pdf", 100), _stored(app, "new.pdf", 1)
    half_written = _stored(app, "dead-worker.pdf", 100, complete=False)
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "90d"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 submission(s) and 1 export file(s)" in result.output
    with app.app_context():
        assert db.session.scalars(select(Submission.name)).all() == ["Recent Example"]
        assert db.session.scalar(select(func.count(LetterCount.id))) == 1
        assert db.session.scalar(select(func.count(ExportJob.id))) == 1
        assert db.session.scalar(select(func.count(BackgroundJob.id))) == 1  # the newer one's
        left = db.session.scalars(select(StoredFile.name)).all()
        assert left == ["new.pdf"]
        chunks = db.session.scalars(select(StoredFileChunk.file_id)).all()
        assert chunks == [int(new_key[3:])]
        assert old_key != new_key != half_written


def test_purge_defaults_to_the_setting(app_config, add_submission, app):
    """Without --older-than, purge uses PURGE_AFTER_DAYS."""
    app.config["PURGE_AFTER_DAYS"] = 5
    now = dt.datetime.now(dt.UTC)
    add_submission("Week Old", created_at=now - dt.timedelta(days=7))
    add_submission("Today", created_at=now)
    result = app.test_cli_runner().invoke(args=["purge"])
    assert "older than 5 days" in result.output
    with app.app_context():
        assert db.session.scalars(select(Submission.name)).all() == ["Today"]


def test_purge_refuses_a_malformed_age(app):
    """An age that is not a number of days is refused with a hint."""
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "three months"])
    assert result.exit_code != 0
    assert "90d" in result.output


class _Broken(ValueError):
    pass


def test_a_failed_download_says_so(editor, app, letters, caplog, monkeypatch):
    """A failing export shows as failed (never hangs); the log names the job, not the error."""

    def broken(*args, **kwargs):
        raise _Broken("Ann Example lives at 1 Example Street")

    monkeypatch.setattr(exports_job, "write_merged", broken)
    export_id, status = request_export(editor)
    assert "could not be made" in status.get_text()
    assert status.select_one("[data-export-status]")["data-export-status"] == "finished"
    assert f"Export {export_id} failed: _Broken" in caplog.text  # the failure itself is logged …
    # … but not the exception's message, which can quote a supporter.
    assert "Ann Example" not in caplog.text
    with app.app_context():
        assert db.session.scalar(select(func.count(StoredFile.id))) == 0  # nothing half-written
    assert editor.get(f"/staff/exports/{export_id}/download").status_code == 404


def test_unprintable_letters_are_left_out_and_counted(editor, add_submission):
    """A letter no font can print is left out of the file, and the status page says how many."""
    add_submission("Ann Example")
    add_submission("Emoji 🙂 Example")
    _, status = request_export(editor)
    text = " ".join(status.get_text().split())
    assert "Ready: 1 letter." in text
    assert "1 letter could not be printed and was left out" in text


def test_purge_also_deletes_expired_server_side_drafts(app):
    """Drafts kept server-side (too big for the cookie) are gone after they expire."""
    from webapp.submissions.models import Draft

    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        db.session.add(Draft(id="expired", data={"name": "A"}, expires_at=now - dt.timedelta(1)))
        db.session.add(Draft(id="current", data={"name": "B"}, expires_at=now + dt.timedelta(1)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Draft.id)).all() == ["current"]


def test_a_download_whose_process_stopped_is_shown_as_failed(editor, app):
    """A download left "running" by a web process that has stopped shows as failed at once."""
    with app.app_context():
        job = BackgroundJob(func="webapp.exports.tasks:build_export", args="[0]")
        job.status, job.runner = "running", "process"
        job.on_failure = "webapp.exports.tasks:export_failed"
        db.session.add(job)
        db.session.commit()
        export = ExportJob(kind="pdf", job_id=job.id)
        db.session.add(export)
        db.session.commit()
        job.args, job.queue_ref = f"[{export.id}]", f"{socket.gethostname()}:{_ended_pid()}"
        db.session.commit()
        export_id, job_id = export.id, job.id
    listed = page(editor.get("/staff/exports"))  # the list checks unfinished downloads too
    assert "running" not in listed.select_one("main table").get_text()
    shown = visible_text(editor.get(f"/staff/exports/{export_id}"))
    assert "stopped before it finished" in shown
    with app.app_context():
        assert db.session.get(BackgroundJob, job_id).status == "failed"


def _ended_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
