"""The findings' Welsh words as a form (/staff/content/findings.cy/form): a box for each English
finding's Welsh statement and date, each source's Welsh footnote and each group's Welsh label,
with the English beside it. Saving writes findings.cy.toml as a new "findings.cy" version
(webapp.staff.findings_welsh_form), so checks, review and publishing are the text editor's."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from letters.errors import LettersError
from letters.findings import FindingsFileError, parse_findings, with_welsh
from letters.findings_cy_toml import read_words
from letters.findings_toml import comments_of
from webapp.content import checks, versions
from webapp.i18n import _
from webapp.staff import findings_welsh_form as welsh_form
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, save_edit
from webapp.staff.forms import WelshFindingsEditForm

KIND = versions.in_language(versions.FINDINGS, "cy")


@bp.route("/content/findings.cy/form", methods=["GET", "POST"])
def findings_welsh_edit():
    """Save stores a version when every box fits; otherwise the form comes back as typed."""
    campaign = campaign_with_kind(KIND)
    latest = versions.latest(campaign.slug, KIND)
    english = parse_findings(
        versions.published_body(campaign, versions.FINDINGS), source_name="findings.toml"
    )
    form = WelshFindingsEditForm()
    status, unreadable, tried = 200, None, False
    comments = comments_of(latest.body)
    if request.method == "GET":
        try:
            words = read_words(latest.body)
        except LettersError as exc:
            unreadable = str(exc)
            words = read_words(versions.published_findings_words(campaign, "cy") or "")
        state = welsh_form.from_words(english, words)
        form.based_on.data = str(latest.number)
    else:
        tried = True
        state = welsh_form.from_form(english, request.form)
        valid = form.validate_on_submit()
        if valid and not (form.note.data or "").strip():
            form.note.errors = [_("Say in a few words what you changed.")]
            valid = False
        text = welsh_form.to_text(state, comments)
        if valid and not state.has_errors:
            _file_errors(state, english, text)
        if valid and not state.has_errors:
            saved, status = _save(campaign, form, text)
            if saved is not None:
                flash(_("Saved as version %(number)s (not published).", number=saved), "success")
                return redirect(url_for("staff.findings_welsh_edit"))
        else:
            status = 400
    text = welsh_form.to_text(state, comments)
    pending = None
    if not state.has_errors:
        problems = checks.check_content(campaign, KIND, text)
        if checks.is_pending(problems):
            pending = problems[0].message
        else:
            found = [(p.severity, p.message, p.line) for p in problems]
            welsh_form.place_problems(state, text, found)
    return render_template(
        "staff/findings_welsh_editor.html",
        campaign=campaign,
        kind=KIND,
        label=versions.kind_label(KIND),
        form=form,
        state=state,
        error_list=state.error_list(),
        latest=latest,
        published=versions.published_number(campaign.slug, KIND),
        pending=pending,
        unreadable=unreadable,
        tried_to_save=tried,
        limits=welsh_form.LIMITS,
    ), status


def _file_errors(state, english, text: str) -> None:
    """What stops the file being read at all (an unknown id, a missing date), beside its box."""
    try:
        with_welsh(text, english, source_name="findings.cy.toml")
    except FindingsFileError as exc:
        prefix = exc.source if exc.line is None else f"{exc.source}, line {exc.line}"
        message = str(exc).removeprefix(prefix).lstrip(":, ") or str(exc)
        welsh_form.place_problems(state, text, [("error", message, exc.line)])


def _save(campaign, form: WelshFindingsEditForm, text: str):
    """(the new version's number, 302), or (None, 409) when someone saved in the meantime."""
    saved = save_edit(campaign, KIND, text, form, _number(form.based_on.data))
    if saved is None:
        return None, 409
    return saved.number, 302


def _number(text: str | None) -> int:
    """The version the form was based on; 0 (so a stale save) for anything else."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else 0
