"""Letter downloads: background jobs with a status page (the lists of people: supporter_lists)."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from webapp.accounts import audit
from webapp.content import published
from webapp.directory import places
from webapp.exports import tasks as exports_job
from webapp.exports.letters_source import ExportFilters
from webapp.exports.models import ExportKind
from webapp.files.store import StoredFileMissing
from webapp.staff.blueprint import bp
from webapp.staff.forms import ExportForm


@bp.route("/exports", methods=["GET", "POST"])
def exports_home():
    """Choose letters to download; the file is built in the background."""
    form = ExportForm()
    if form.validate_on_submit():
        code = None
        if (form.constituency.data or "").strip():
            try:
                code = places.one_seat(published.current_directory(), form.constituency.data).code
            except places.PlaceNotFound as exc:
                form.constituency.errors.append(str(exc))
        if not form.constituency.errors:
            campaign = published.current_campaign().slug
            filters = ExportFilters(code, form.date_from.data, form.date_to.data, campaign)
            job = exports_job.create_job(
                ExportKind(form.kind.data), filters, requested_by_id=current_user.id
            )
            exports_job.start(job.id)
            return redirect(url_for("staff.export_status", export_id=job.id))
    return render_template("staff/exports.html", form=form, jobs=exports_job.recent()), (
        400 if form.errors else 200
    )


def _export_or_404(export_id: int) -> exports_job.ExportState:
    export = exports_job.state_of(export_id)
    if export is None:
        abort(404)
    return export


@bp.route("/exports/<int:export_id>")
def export_status(export_id: int):
    """How far a download has got; updates itself (small script) until it is ready."""
    export = _export_or_404(export_id)
    return render_template("staff/export_status.html", job=export, finished=export.finished)


@bp.route("/exports/<int:export_id>/download")
def export_download(export_id: int):
    """The finished file, streamed from the file store a chunk at a time (any server can)."""
    export = _export_or_404(export_id)
    if not export.ready:
        abort(404)
    files = exports_job.store()
    try:
        info = files.info(export.file_path)
    except StoredFileMissing:
        abort(404)
    extension = "zip" if export.kind == ExportKind.ZIP else "pdf"
    name = f"letters-{export.id}.{extension}"
    audit.record(
        audit.Action.DOWNLOAD_PERSONAL_DATA, target=name, detail=f"letters: {export.total}"
    )
    return Response(
        stream_with_context(files.read(info.key)),
        mimetype=info.content_type,
        headers={
            "Content-Length": str(info.size),
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",  # letters hold supporters' names and addresses
        },
    )
