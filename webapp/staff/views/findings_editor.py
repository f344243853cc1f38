"""The findings as a form: each finding's statement, date, sources and figures, the sources and
the at-risk groups, in labelled boxes instead of TOML. Saving writes the same findings file as
ever (webapp.staff.findings_file), so checks, publishing and history read it unchanged; admins
still edit the file itself at /staff/content/findings/edit?advanced=1."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from letters.errors import LettersError
from webapp.content import checks, documents, review, versions
from webapp.content.models import ContentVersion
from webapp.i18n import _
from webapp.staff import editor_aids as editor
from webapp.staff import findings_file, findings_form
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, save_edit
from webapp.staff.forms import FindingsEditForm

ACTION_SAVE, ACTION_PREVIEW, ACTION_PUBLISH = "save", "preview", "publish"
KIND = versions.FINDINGS


@bp.route("/content/findings/form", methods=["GET", "POST"])
def findings_edit():
    """Every button posts the whole form back, so nothing typed is lost; only Save stores a
    version, and only when every box is right."""
    campaign = campaign_with_kind(KIND)
    latest = versions.latest(campaign.slug, KIND)
    form = FindingsEditForm()
    focus, status, saving, unreadable = None, 200, False, None
    if request.method == "GET":
        state, unreadable = _stored_state(campaign, latest)
        form.based_on.data = str(latest.number)
    elif not form.validate_on_submit():  # a note too long, say: the boxes are shown again
        state, status = findings_form.from_form(request.form), 400
    else:
        state = findings_form.from_form(request.form)
        if not state.findings and not state.sources:  # not this editor's form: never save it
            abort(400)
        if request.form.get("op"):
            state, focus = findings_form.apply(state, request.form["op"])
        else:
            saving = request.form.get("action", ACTION_SAVE) in _SAVING
    text = findings_file.to_text(state, quiet_blanks=not saving)
    if saving:
        saved, status = _save(campaign, form, state, text)
        if saved is not None:
            return _after_save(saved, request.form.get("action", ACTION_SAVE))
    pending = _check_in_background(campaign, state, text) if text is not None else None
    shown = editor.editor_preview(
        campaign, KIND, text or latest.body, request.values.get("place", ""),
        request.values.get("sample", "0"),
    )  # fmt: skip
    return render_template(
        "staff/findings_editor.html",
        campaign=campaign,
        kind=KIND,
        label=versions.kind_label(KIND),
        form=form,
        state=state,
        uses=documents.finding_uses(campaign),
        error_list=findings_form.error_list(state),
        focus=focus,
        latest=latest,
        published=versions.published_number(campaign.slug, KIND),
        needs_approval=review.needs_approval(),
        preview=shown,
        tried_to_save=saving,
        pending=pending,
        unreadable=unreadable,
    ), status


_SAVING = (ACTION_SAVE, ACTION_PREVIEW, ACTION_PUBLISH)


def _save(campaign, form: FindingsEditForm, state, text: str | None):
    """(the version saved, 302), or (None, the status to show the form again with)."""
    if not (form.note.data or "").strip():
        form.note.errors = [_("Say in a few words what you changed.")]
        return None, 400
    if text is None or state.has_errors:
        return None, 400
    saved = save_edit(campaign, KIND, text, form, int(form.based_on.data))
    if saved is None:
        return None, 409
    return saved, 302


def _check_in_background(campaign, state, text: str) -> str | None:
    """The full checks (spelling, and every letter written with these findings), each problem
    put beside its box; while they still run, the note that says so."""
    problems = checks.check_content(campaign, KIND, text)
    if checks.is_pending(problems):
        return problems[0].message
    found = [(problem.severity, problem.message, problem.line) for problem in problems]
    findings_file.place_problems(state, text, found)
    return None


def _stored_state(campaign, latest: ContentVersion):
    """The form for the latest version, and None; or, for a version that cannot be read as
    findings (saved by hand in advanced mode), the form for the published version and why."""
    try:
        return findings_form.from_text(latest.body), None
    except LettersError as exc:
        return findings_form.from_text(versions.published_body(campaign, KIND)), str(exc)


def _after_save(saved: ContentVersion, action: str):
    """Publishing first shows the version page, to confirm; a review asks a second editor."""
    number = saved.number
    if action == ACTION_PUBLISH and review.needs_approval():
        review.submit(saved, by=current_user)
        flash(
            _(
                "Saved as version %(number)s and sent for review: another editor must approve "
                "it before supporters get it.",
                number=number,
            ),
            "success",
        )
        return redirect(url_for("staff.content_version", kind=KIND, number=number))
    if action == ACTION_PUBLISH:
        flash(
            _(
                "Saved as version %(number)s. Check what changes for supporters below, then "
                "publish it.",
                number=number,
            ),
            "success",
        )
        return redirect(url_for("staff.content_version", kind=KIND, number=number))
    flash(_("Saved as version %(number)s (not published).", number=number), "success")
    if action == ACTION_PREVIEW:
        return redirect(url_for("staff.content_preview", kind=KIND, number=number))
    return redirect(url_for("staff.findings_edit"))
