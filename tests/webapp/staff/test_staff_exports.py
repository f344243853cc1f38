"""Letter downloads (merged PDF, ZIP), the supporters CSV, and purging old personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
import zipfile
from pathlib import Path

import pytest
from conftest import form_token
from pypdf import PdfReader
from sqlalchemy import func, select
from webapp_helpers import page, pdf_text, visible_text

from letters.directory import default_directory
from webapp.extensions import db
from webapp.models import LetterCount, Submission
from webapp.staff import exports_job
from webapp.staff.models import ExportJob

WESTMINSTER, CARDIFF = "E14001172", "W07000091"


def request_export(client, **fields):
    """Send the download form, wait for the background job, and return its status page."""
    data = {"constituency": "", "date_from": "", "date_to": "", "kind": "pdf", **fields}
    response = client.post("/staff/exports", data={**data, **form_token(client, "/staff/exports")})
    assert response.status_code == 302, visible_text(response)
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    exports_job.wait(job_id)
    return job_id, page(client.get(response.headers["Location"]))


def fetch(client, url: str):
    """GET a file download and close it (send_file keeps the file open until then)."""
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
    job_id, status = request_export(editor, constituency="Cities of London and Westminster")
    assert "Ready: 3 letter(s)" in status.get_text()
    link = status.select_one("main a.button-primary")["href"]
    assert link == f"/staff/exports/{job_id}/download"
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
    job_id, _ = request_export(editor, kind="zip")
    download = fetch(editor, f"/staff/exports/{job_id}/download")
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
    assert "Ready: 1 letter(s)" in status.get_text()


def test_the_status_page_shows_progress_until_ready(editor, app):
    """While a download is being made its page shows progress and updates itself."""
    with app.app_context():
        job = ExportJob(kind="pdf", filters="{}", status="running", done=40, total=100)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    shown = page(editor.get(f"/staff/exports/{job_id}"))
    assert shown.select_one("[data-export-status]")["data-export-status"] == "running"
    assert shown.find("script", src="/static/js/staff-export.js") is not None
    assert shown.find("progress")["value"] == "40"
    assert editor.get(f"/staff/exports/{job_id}/download").status_code == 404


def test_an_unknown_constituency_is_a_form_error(editor):
    """A constituency that does not exist is explained on the form; no job starts."""
    data = {"constituency": "Atlantis", "kind": "pdf"}
    response = editor.post("/staff/exports", data={**data, **form_token(editor, "/staff/exports")})
    assert response.status_code == 400
    assert "Atlantis" in visible_text(response)


def test_the_supporters_csv_is_for_editors_only(editor, viewer, letters, add_submission):
    """Editors get name, email, postcode, constituency, consent and date; viewers get 403."""
    add_submission('=HYPERLINK("http://evil.example")', WESTMINSTER)
    assert viewer.get("/staff/exports/supporters.csv").status_code == 403
    response = editor.get("/staff/exports/supporters.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == [
        "name",
        "email",
        "postcode",
        "constituency",
        "consent_updates",
        "created",
    ]
    eve = next(r for r in rows if r["name"] == "Eve Updates-Only")
    assert (eve["email"], eve["consent_updates"], eve["constituency"]) == (
        "eve@example.org",
        "yes",
        "Cities of London and Westminster",
    )
    assert rows[-1]["name"].startswith("'=HYPERLINK")  # never a live spreadsheet formula


def test_purge_forgets_old_supporters_but_keeps_counts(app, add_submission):
    """`flask purge --older-than 90d` deletes older submissions and exports; counts stay."""
    now = dt.datetime.now(dt.UTC)
    add_submission("Old Example", created_at=now - dt.timedelta(days=120))
    add_submission("Recent Example", created_at=now - dt.timedelta(days=10))
    exports = Path(app.config["STAFF_EXPORTS_DIR"])
    exports.mkdir(parents=True, exist_ok=True)
    old_file, new_file = exports / "export-old.pdf", exports / "export-new.pdf"
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
        for path, age in ((old_file, 100), (new_file, 1)):
            path.write_bytes(b"%PDF-")
            db.session.add(
                ExportJob(
                    kind="pdf",
                    status="done",
                    file_path=path.name,
                    created_at=now - dt.timedelta(days=age),
                )
            )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge", "--older-than", "90d"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 submission(s) and 1 export file(s)" in result.output
    with app.app_context():
        assert db.session.scalars(select(Submission.name)).all() == ["Recent Example"]
        assert db.session.scalar(select(func.count(LetterCount.id))) == 1
        assert db.session.scalar(select(func.count(ExportJob.id))) == 1
    assert not old_file.exists()
    assert new_file.exists()


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


def test_a_failed_download_says_so(editor, app, letters, tmp_path, caplog):
    """An unwritable file shows as failed (never hangs); the log names the job, not the error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app.config["STAFF_EXPORTS_DIR"] = str(blocker / "exports")
    job_id, status = request_export(editor)
    assert "could not be made" in status.get_text()
    assert status.select_one("[data-export-status]")["data-export-status"] == "finished"
    assert f"Export {job_id} failed" in caplog.text  # the failure itself is logged …
    # … but not the exception's message, which can quote a supporter (here it names the path).
    assert "not-a-folder" not in caplog.text
    assert "Ann Example" not in caplog.text  # nothing personal reaches the log


def test_unprintable_letters_are_left_out_and_counted(editor, add_submission):
    """A letter no font can print is left out of the file, and the status page says how many."""
    add_submission("Ann Example")
    add_submission("Emoji 🙂 Example")
    _, status = request_export(editor)
    text = " ".join(status.get_text().split())
    assert "Ready: 1 letter(s)" in text
    assert "1 letter(s) could not be printed and were left out" in text


def test_purge_also_deletes_expired_server_side_drafts(app):
    """Drafts kept server-side (too big for the cookie) are gone after they expire."""
    from webapp.models import Draft

    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        db.session.add(Draft(id="expired", data={"name": "A"}, expires_at=now - dt.timedelta(1)))
        db.session.add(Draft(id="current", data={"name": "B"}, expires_at=now + dt.timedelta(1)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Draft.id)).all() == ["current"]


def test_a_download_whose_worker_stopped_is_shown_as_failed(editor, app):
    """A job left "running" by a stopped worker shows as failed, with what to do, not for ever."""
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=app.config["EXPORT_STALE_MINUTES"] + 5)
    with app.app_context():
        stale = ExportJob(kind="pdf", status="running", created_at=old)
        fresh = ExportJob(kind="pdf", status="running")
        db.session.add_all([stale, fresh])
        db.session.commit()
        stale_id, fresh_id = stale.id, fresh.id
    shown = visible_text(editor.get(f"/staff/exports/{stale_id}"))
    assert "stopped before it finished" in shown
    with app.app_context():
        assert db.session.get(ExportJob, stale_id).status == "failed"
        assert db.session.get(ExportJob, fresh_id).status == "running"
