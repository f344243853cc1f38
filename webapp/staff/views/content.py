"""Letter templates and findings: list, edit (with checks and conflicts), history, diff, publish."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from letters.campaign import Campaign
from letters.document import (
    DocumentError,
    chip_menu,
    from_json,
    is_document,
    template_text,
    to_json,
)
from letters.errors import LettersError
from letters.findings import Finding, parse_findings
from letters.model import Letter
from letters.render.html import render_html
from letters.render.pdf import render_pdf
from webapp.accounts.access import viewer_allowed
from webapp.content import (
    checks,
    documents,
    preview,
    published,
    publishing,
    review,
    spelling_marks,
    versions,
)
from webapp.content.models import ContentVersion
from webapp.content.textmerge import diff_rows, merge3
from webapp.directory import places
from webapp.i18n import _
from webapp.input_checks import bounded_id
from webapp.staff import editor_aids as editor
from webapp.staff import letter_editor
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import (
    campaign_with_kind,
    problem_rows,
    save_edit,
    version_or_404,
    who_gets,
)
from webapp.staff.forms import ActionForm, EditForm, LetterEditForm, PreviewForm

ACTION_SAVE, ACTION_PREVIEW, ACTION_PUBLISH = "save", "preview", "publish"
ACTION_SHOW = "show"  # show the preview of the text as typed, without saving


@bp.route("/content")
@viewer_allowed
def content_list():
    """Every letter template and the findings file, with their latest and published versions."""
    campaign = published.current_campaign()
    versions.ensure_seeded(campaign)
    return render_template(
        "staff/content_list.html", campaign=campaign, kinds=versions.summaries(campaign)
    )


@bp.route("/content/<kind>/edit", methods=["GET", "POST"])
def content_edit(kind: str):
    """The editor: saving always stores a version; stale saves become a merge page."""
    campaign = campaign_with_kind(kind)
    if kind == versions.FINDINGS and not _advanced():  # a form: views/findings_editor.py
        if request.method == "POST":
            abort(400)  # raw text from someone who may not edit it raw: never saved
        return redirect(url_for("staff.findings_edit", **request.args))
    latest = versions.latest(campaign.slug, kind)
    if is_document(latest.body) and not _advanced():
        try:
            return _letter_editor(campaign, kind, latest)
        except DocumentError:  # stored by hand and malformed: mend it as text, nothing lost
            flash(_("This version cannot be shown part by part; it is shown as text."), "error")
    form = EditForm()
    action = request.form.get("action", ACTION_SAVE)
    if request.method == "GET":
        # A document is edited in advanced mode as the template it compiles to.
        try:
            form.body.data = template_text(latest.body)
        except DocumentError:
            form.body.data = latest.body
        form.based_on.data = str(latest.number)
    elif action == ACTION_SHOW:  # "Show the preview": nothing is saved, the note is not needed
        if not form.validate_on_submit() and ("csrf_token" in form.errors or form.body.errors):
            return _edit_page(campaign, kind, form, latest, status=400)
        form.note.errors = []
        return _edit_page(campaign, kind, form, latest)
    elif form.validate_on_submit():
        try:
            saved = versions.save(
                campaign.slug,
                kind,
                form.body.data,
                based_on=int(form.based_on.data),
                author=current_user,
                note=form.note.data,
            )
        except versions.StaleBase as stale:
            return _conflict_page(campaign, kind, form, stale.latest)
        return _after_save(campaign, saved, action)
    return _edit_page(campaign, kind, form, latest, status=400 if form.errors else 200)


def _advanced() -> bool:
    """Admins may edit a letter document as its raw template text ("advanced mode"); the raw
    editor's own form posts the text as `body`."""
    asked = request.args.get("advanced") == "1" or "body" in request.form
    return current_user.is_admin and asked


def _letter_editor(campaign: Campaign, kind: str, latest: ContentVersion):
    """The letter part by part in plain words: every button posts the whole letter back, so
    nothing typed is lost, and only Save stores a version."""
    # The menu's dates as the wording's letters give them: "Mai 2024" in the Welsh wording.
    language = versions.letter_language(kind)
    findings = published.published_findings(campaign, language)
    chips = chip_menu(findings, language)
    group_ids = [g.id for g in findings.groups]
    form = LetterEditForm()
    focus, status, saving = None, 200, False
    if request.method == "GET":
        parts = letter_editor.from_document(from_json(latest.body), chips)
        form.based_on.data = str(latest.number)
    elif not form.validate_on_submit():  # an expired token: the text is shown again, not lost
        parts, status = letter_editor.from_form(request.form, group_ids), 400
    else:
        parts = letter_editor.from_form(request.form, group_ids)
        if not parts:  # not this editor's form (a raw template's text, say): never save it
            abort(400)
        op = request.form.get("op")
        action = request.form.get("action", ACTION_SAVE)
        if op:
            parts, focus = letter_editor.apply(parts, op, request.form, chips)
        else:
            saving = action in (ACTION_SAVE, ACTION_PREVIEW, ACTION_PUBLISH)
    doc, parts = letter_editor.to_document(parts, chips)
    if saving and not (form.note.data or "").strip():
        form.note.errors = [_("Say in a few words what you changed.")]
    elif saving and doc is not None:
        saved = save_edit(campaign, kind, to_json(doc), form, int(form.based_on.data))
        if saved is None:
            status = 409
        else:
            return _after_letter_save(campaign, saved, request.form.get("action", ACTION_SAVE))
    if saving and status == 200:
        status = 400
    body = to_json(doc) if doc is not None else None
    problems = checks.check_content(campaign, kind, body) if body else []
    shown = editor.editor_preview(
        campaign, kind, body or latest.body, request.values.get("place", ""),
        request.values.get("sample", "0"), checked=not checks.unfinished(problems),
    )  # fmt: skip
    return render_template(
        "staff/letter_editor.html",
        campaign=campaign,
        kind=kind,
        label=versions.kind_label(kind),
        form=form,
        parts=parts,
        names=letter_editor.names(parts, findings),
        groups=findings.groups,
        chips=chips,
        focus=focus,
        latest=latest,
        published=versions.published_number(campaign.slug, kind),
        problems=problem_rows(problems, ""),
        spelling=letter_editor.spelling_marks(parts, problems),
        needs_approval=review.needs_approval(),
        preview=shown,
        typing_error=doc is None,
        who_gets=who_gets(campaign, kind),
        beside=_other_language(campaign, kind, parts, chips),
        language=versions.letter_language(kind),
    ), status


def _other_language(campaign: Campaign, kind: str, parts, chips):
    """The same letter's other language (the Welsh of an English letter, the English of a
    Welsh wording), its newest version lined up part by part; None when it has none."""
    name = versions.english_name(kind)
    other = "en" if versions.letter_language(kind) != "en" else "cy"
    other_kind = versions.letter_kind(name, other)
    if other_kind not in versions.kinds(campaign):
        return None
    newest = versions.latest(campaign.slug, other_kind)
    if newest is None or not is_document(newest.body):
        return None  # a raw template has no parts to line up
    try:
        doc = from_json(newest.body)
    except DocumentError:
        return None
    return letter_editor.other_language(parts, other_kind, newest.number, doc, chips)


def _after_letter_save(campaign: Campaign, saved: ContentVersion, action: str):
    """Publishing from the editor first shows what changes (the version page), to confirm."""
    if action == ACTION_PUBLISH and not review.needs_approval():
        flash(
            _(
                "Saved as version %(number)s. Check what changes for supporters below, then "
                "publish it.",
                number=saved.number,
            ),
            "success",
        )
        return redirect(url_for("staff.content_version", kind=saved.kind, number=saved.number))
    return _after_save(campaign, saved, action)


def _edit_page(campaign: Campaign, kind: str, form: EditForm, latest, status: int = 200):
    """The editor: the text and its checks, beside a preview of that text for a sample."""
    body = versions.normalise_body(form.body.data or "")
    problems = checks.check_content(campaign, kind, body) if body.strip() else []
    shown = editor.editor_preview(
        campaign,
        kind,
        body,
        request.values.get("place", ""),
        request.values.get("sample", "0"),
        checked=not checks.unfinished(problems),
    )
    return render_template(
        "staff/content_edit.html",
        campaign=campaign,
        kind=kind,
        label=versions.kind_label(kind),
        form=form,
        latest=latest,
        published=versions.published_number(campaign.slug, kind),
        problems=problem_rows(problems, body),
        needs_approval=review.needs_approval(),
        preview=shown,
        snippets=editor.snippets(campaign, kind),
    ), status


def _after_save(campaign: Campaign, saved: ContentVersion, action: str):
    kind, number = saved.kind, saved.number
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
        return redirect(url_for("staff.content_version", kind=kind, number=number))
    if action == ACTION_PUBLISH:
        try:
            publishing.publish(campaign, saved, by=current_user)
        except publishing.PublishRefused as refused:
            flash(
                _("Saved as version %(number)s. %(reason)s", number=number, reason=refused.message),
                "error",
            )
            return redirect(url_for("staff.content_version", kind=kind, number=number))
        flash(
            _("Saved and published version %(number)s. Supporters now get it.", number=number),
            "success",
        )
    elif action == ACTION_PREVIEW:
        flash(_("Saved as version %(number)s (not published).", number=number), "success")
        return redirect(url_for("staff.content_preview", kind=kind, number=number))
    else:
        flash(_("Saved as version %(number)s (not published).", number=number), "success")
    return redirect(url_for("staff.content_edit", kind=kind))


def _conflict_page(campaign: Campaign, kind: str, form: EditForm, latest: ContentVersion):
    """Someone saved in the meantime: show both texts and a merge to save on top of theirs."""
    base = versions.get(campaign.slug, kind, int(form.based_on.data))
    yours = versions.normalise_body(form.body.data)
    merged = merge3(base.body if base else "", latest.body, yours)
    merge_form = EditForm(formdata=None, body=merged.text, note=form.note.data)
    merge_form.based_on.data = str(latest.number)
    return render_template(
        "staff/content_conflict.html",
        campaign=campaign,
        kind=kind,
        label=versions.kind_label(kind),
        base=base,
        latest=latest,
        yours=yours,
        merged=merged,
        form=merge_form,
        diff=diff_rows(latest.body, yours),
    ), 409


@bp.route("/content/<kind>/versions/<int:number>")
@viewer_allowed
def content_version(kind: str, number: int):
    """One version: its text with line numbers, its problems, and publish / revert buttons."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    problems = checks.check_content(campaign, kind, version.body)
    language = versions.text_language(kind)  # a Welsh wording's chips give Welsh dates
    shown = documents.readable_body(campaign, version.body, language)
    published_number = versions.published_number(campaign.slug, kind)
    live = versions.get(campaign.slug, kind, published_number) if published_number else None
    return render_template(
        "staff/content_version.html",
        campaign=campaign,
        kind=kind,
        label=versions.kind_label(kind),
        version=version,
        lines=spelling_marks.marked_lines(shown, problems),
        problems=problem_rows(problems, shown),
        changes=documents.changes(campaign, live.body if live else None, version.body, language),
        findings=_findings_or_none(kind, version.body),
        has_errors=bool(checks.errors_in(problems)),
        latest=versions.latest(campaign.slug, kind),
        published=versions.published_number(campaign.slug, kind),
        action_form=ActionForm(),
        needs_approval=review.needs_approval(),
        review_state=review.state(campaign.slug, kind, number),
        review_steps=review.steps(campaign.slug, kind, number),
    )


def _findings_or_none(kind: str, body: str) -> list[Finding] | None:
    """A findings version's findings, for the dates table (None for a letter or a broken file)."""
    if kind != versions.FINDINGS:
        return None
    try:
        return list(parse_findings(body, source_name="findings.toml").findings.values())
    except LettersError:
        return None


@bp.route("/content/<kind>/versions/<int:number>/publish", methods=["POST"])
def content_publish(kind: str, number: int):
    """Publish a version, unless the publishing rule refuses it (webapp.content.publishing)."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        publishing.publish(campaign, version, by=current_user)
    except publishing.PublishRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("Published version %(number)s. Supporters now get it.", number=number), "success")
    return redirect(url_for("staff.content_version", kind=kind, number=number))


@bp.route("/content/<kind>/versions/<int:number>/revert", methods=["POST"])
def content_revert(kind: str, number: int):
    """Make a new version with an old version's text (not published until someone publishes)."""
    campaign = campaign_with_kind(kind)
    version_or_404(campaign, kind, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    saved = versions.revert(campaign.slug, kind, number, author=current_user)
    flash(
        _(
            "Version %(new)s now has the text of version %(old)s.",
            new=saved.number,
            old=number,
        ),
        "success",
    )
    return redirect(url_for("staff.content_version", kind=kind, number=saved.number))


@bp.route("/content/<kind>/history")
@viewer_allowed
def content_history(kind: str):
    """Every version of a kind, newest first: who, when, note, and which one is published."""
    campaign = campaign_with_kind(kind)
    return render_template(
        "staff/content_history.html",
        kind=kind,
        label=versions.kind_label(kind),
        history=versions.history(campaign.slug, kind),
        published=versions.published_number(campaign.slug, kind),
        reviews=review.steps_by_version(campaign.slug, kind),
        publications=versions.publications(campaign.slug, kind),
    )


@bp.route("/content/<kind>/diff")
@viewer_allowed
def content_diff(kind: str):
    """Compare two versions (?a=old&b=new) side by side."""
    campaign = campaign_with_kind(kind)
    latest = versions.latest(campaign.slug, kind)
    b = _number_arg("b", latest.number)
    a = _number_arg("a", max(b - 1, 1))
    old, new = version_or_404(campaign, kind, a), version_or_404(campaign, kind, b)
    language = versions.text_language(kind)
    return render_template(
        "staff/content_diff.html",
        kind=kind,
        label=versions.kind_label(kind),
        old=old,
        new=new,
        rows=diff_rows(
            documents.readable_body(campaign, old.body, language),
            documents.readable_body(campaign, new.body, language),
            context=3,
        ),
        numbers=range(latest.number, 0, -1),
    )


def _number_arg(name: str, default: int) -> int:
    """A version number from the query string; one that cannot be a version is "not found"."""
    raw = request.args.get(name)
    if raw is None:
        return default
    number = bounded_id(raw)
    if number is None:
        abort(404)
    return number


@dataclass
class _Preview:
    """What a preview page or PDF needs; `letter` is None when the version cannot compose."""

    campaign: Campaign
    version: ContentVersion
    form: PreviewForm
    sample: int
    place: places.Place | None = None
    letter: Letter | None = None
    error: str | None = None


def _preview_letter(kind: str, number: int) -> _Preview:
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    form = PreviewForm(request.args)
    shown = _Preview(campaign, version, form, 0)
    try:
        shown.place = places.find_place(published.current_directory(), form.place.data)
    except LettersError as exc:
        shown.error = str(exc)
        form.sample.choices = []
        return shown
    samples = _sample_choices(campaign, form, shown.place)
    shown.sample = form.sample.data
    try:
        shown.letter = preview.compose_version(
            campaign, version, shown.place.constituency, samples[shown.sample].supporter
        )
    except LettersError as exc:
        shown.error = str(exc)
    return shown


def _sample_choices(campaign: Campaign, form: PreviewForm, place: places.Place) -> list:
    """Samples living in the previewed constituency, offered as the form's choices."""
    samples = preview.samples_for(place.constituency, published.published_findings(campaign))
    form.sample.choices = [SelectChoice(str(i), s.label) for i, s in enumerate(samples)]
    if form.sample.data not in range(len(samples)):
        form.sample.data = 0
    return samples


@bp.route("/content/<kind>/versions/<int:number>/preview")
@viewer_allowed
def content_preview(kind: str, number: int):
    """A version's letter as HTML, for any constituency (name or postcode) and sample supporter."""
    shown = _preview_letter(kind, number)
    return render_template(
        "staff/content_preview.html",
        kind=kind,
        label=versions.kind_label(kind),
        version=shown.version,
        form=shown.form,
        place=shown.place,
        sample=shown.sample,
        # render_html escapes every piece of text itself and returns a safe fragment.
        letter_html=Markup(render_html(shown.letter)) if shown.letter else None,  # noqa: S704
        error=shown.error,
        published=versions.published_number(shown.campaign.slug, kind),
    ), (200 if shown.error is None else 422)


@bp.route("/content/<kind>/versions/<int:number>/preview.pdf")
@viewer_allowed
def content_preview_pdf(kind: str, number: int):
    """The same letter as the real print-ready PDF (inline; ?download=1 to save it)."""
    shown = _preview_letter(kind, number)
    if shown.letter is None:
        abort(422, description=shown.error)
    name = f"preview-{versions.template_name(kind) or 'findings'}-v{number}.pdf"
    return Response(
        render_pdf(shown.letter),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": (
                f'{"attachment" if request.args.get("download") else "inline"}; filename="{name}"'
            )
        },
    )
