"""The MP directory: its date and sources, seat overrides with history, Members API imports."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename

from letters.directory import Directory, default_directory
from letters.errors import LettersError, UnknownConstituency
from letters.members_import import MembersPayloadError, load_members_json
from letters.model import MP
from webapp.accounts.access import viewer_allowed
from webapp.content import published
from webapp.directory import overrides
from webapp.i18n import _, ngettext
from webapp.staff.blueprint import bp
from webapp.staff.forms import ActionForm, ClearOverrideForm, ImportUploadForm, OverrideForm

IMPORT_MAX_BYTES = 8 * 1024 * 1024  # a full Members API list with contacts is a few MB

DATA_ATTRIBUTION = (
    "MPs: UK Parliament Members Data Platform, via the Department for Education's mp-lookup "
    "(Open Parliament Licence v3.0). Constituencies and postcodes: mySociety (CC BY 4.0), House "
    "of Commons Library (Open Parliament Licence v3.0), Ordnance Survey Code-Point Open (OGL v3.0)."
)


def _constituency_or_404(directory: Directory, code: str):
    try:
        return directory.constituency(code)
    except UnknownConstituency:
        abort(404)


@bp.url_value_preprocessor
def _allow_import_upload(endpoint: str | None, values) -> None:
    # Runs before the CSRF check reads the form, so the larger limit applies to this upload only.
    if endpoint == "staff.directory_import":
        request.max_content_length = IMPORT_MAX_BYTES


@bp.route("/directory")
@viewer_allowed
def directory_home():
    """The directory's date and sources, a seat search, current overrides and recent changes."""
    directory = published.current_directory()
    query = request.args.get("q", "").strip()
    current = [row for row in overrides.current_rows() if not row.cleared]
    names = {c.code: c.name for c in directory.constituencies()}
    return render_template(
        "staff/directory.html",
        as_of=default_directory().as_of,
        attribution=DATA_ATTRIBUTION,
        query=query,
        results=directory.search(query) if query else [],
        current=sorted(current, key=lambda row: names.get(row.constituency_code, "")),
        recent=overrides.history(limit=30),
        names=names,
        imports=overrides.recent_imports(),
    )


@bp.route("/directory/seats/<code>")
@viewer_allowed
def directory_seat(code: str):
    """One seat: the MP in the data, the MP supporters get now, and every override made."""
    directory = published.current_directory()
    constituency = _constituency_or_404(directory, code)
    current_mp = directory.mp_for(constituency.code)
    form = OverrideForm(formdata=None, **_form_defaults(current_mp))
    return _seat_page(constituency, form, ClearOverrideForm(formdata=None))


def _seat_page(constituency, form, clear_form, status: int = 200):
    return render_template(
        "staff/directory_seat.html",
        constituency=constituency,
        data_mp=default_directory().mp_for(constituency.code),
        current_mp=published.current_directory().mp_for(constituency.code),
        history=overrides.history(constituency.code),
        form=form,
        clear_form=clear_form,
    ), status


def _form_defaults(mp: MP) -> dict:
    if mp.vacant:
        return {"vacant": True, "note": ""}
    return {
        "name": mp.name,
        "full_title": mp.full_title,
        "salutation": mp.salutation,
        "party": mp.party,
        "email": mp.email or "",
        "member_id": mp.member_id,
    }


@bp.route("/directory/seats/<code>/override", methods=["POST"])
def directory_override(code: str):
    """Set a seat's MP by hand (or mark it vacant); the change is kept in the seat's history."""
    directory = published.current_directory()
    constituency = _constituency_or_404(directory, code)
    form = OverrideForm()
    if not form.validate_on_submit():
        return _seat_page(constituency, form, ClearOverrideForm(formdata=None), 400)
    mp = _mp_from_form(form, constituency.code, directory.as_of)
    overrides.set_by_hand(constituency.code, mp, note=form.note.data, author=current_user)
    if mp.vacant:
        flash(
            _("%(seat)s: the seat is vacant; no letters go to it.", seat=constituency.name),
            "success",
        )
    else:
        flash(
            _("%(seat)s: letters now go to %(mp)s.", seat=constituency.name, mp=mp.full_title),
            "success",
        )
    return redirect(url_for("staff.directory_seat", code=constituency.code))


def _mp_from_form(form: OverrideForm, code: str, as_of) -> MP:
    name = (form.name.data or "").strip()
    title = (form.full_title.data or "").strip() or name
    if form.vacant.data:
        name = title = ""
    elif not title.endswith(" MP"):
        title += " MP"  # the address block always ends "MP"
    return MP(
        member_id=form.member_id.data,
        name=name,
        full_title=title,
        salutation=(form.salutation.data or "").strip() or name,
        party=(form.party.data or "").strip(),
        constituency_code=code,
        email=(form.email.data or "").strip() or None,
        as_of=as_of,
        vacant=bool(form.vacant.data),
    )


@bp.route("/directory/seats/<code>/clear", methods=["POST"])
def directory_clear(code: str):
    """Send a seat back to the published data (recorded as a new history row)."""
    constituency = _constituency_or_404(published.current_directory(), code)
    form = ClearOverrideForm()
    if not form.validate_on_submit():
        return _seat_page(constituency, OverrideForm(formdata=None), form, 400)
    overrides.clear(constituency.code, note=form.note.data, author=current_user)
    flash(_("%(seat)s: back to the published MP data.", seat=constituency.name), "success")
    return redirect(url_for("staff.directory_seat", code=constituency.code))


@bp.route("/directory/import", methods=["GET", "POST"])
def directory_import():
    """Upload a Members API JSON file; the next page shows what it would change."""
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = upload.read().decode("utf-8")
            load_members_json(text)
        except UnicodeDecodeError:
            form.file.errors.append(
                _("This file is not JSON. Choose the file the Members API gave.")
            )
        except MembersPayloadError as exc:
            form.file.errors.append(str(exc))
        else:
            name = secure_filename(upload.filename or "") or "members.json"
            stored = overrides.store_upload(name, text, by=current_user)
            return redirect(url_for("staff.directory_import_plan", import_id=stored.id))
    return render_template("staff/directory_import.html", form=form), (400 if form.errors else 200)


def _import_or_404(import_id: int):
    upload = overrides.get_import(import_id)
    if upload is None:
        abort(404)
    return upload


@bp.route("/directory/import/<int:import_id>")
def directory_import_plan(import_id: int):
    """The changes an uploaded file would make, with an Apply button."""
    upload = _import_or_404(import_id)
    try:
        plan = overrides.plan_for(upload, published.current_directory())
    except (LettersError, ValueError) as exc:
        plan, error = None, str(exc)
    else:
        error = None
    return render_template(
        "staff/directory_import_plan.html",
        upload=upload,
        plan=plan,
        error=error,
        form=ActionForm(),
    )


@bp.route("/directory/import/<int:import_id>/apply", methods=["POST"])
def directory_import_apply(import_id: int):
    """Store the planned changes as overrides (each seat's history names the import)."""
    upload = _import_or_404(import_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if upload.applied_at is not None:
        flash(_("Import #%(id)s was applied already.", id=upload.id), "info")
        return redirect(url_for("staff.directory_home"))
    plan = overrides.plan_for(upload, published.current_directory())
    count = overrides.apply(upload, plan, by=current_user)
    flash(
        ngettext(
            "Import #%(id)s applied: %(num)d seat changed.",
            "Import #%(id)s applied: %(num)d seats changed.",
            count,
            id=upload.id,
        ),
        "success",
    )
    return redirect(url_for("staff.directory_home"))
