"""Two people publish: submit a version, review it (word-level diff and every check), approve it
or send it back with a comment. The rules live in webapp.content.review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.accounts.access import viewer_allowed
from webapp.content import checks, documents, publishing, review, versions
from webapp.content.textmerge import word_diff
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, problem_rows, version_or_404
from webapp.staff.forms import ActionForm, SendBackForm


def _back_to_version(kind: str, number: int):
    return redirect(url_for("staff.content_version", kind=kind, number=number))


@bp.route("/content/<kind>/versions/<int:number>/submit", methods=["POST"])
def content_submit(kind: str, number: int):
    """Ask a second editor to review a version before it is published."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        review.submit(version, by=current_user)
    except review.ReviewRefused as refused:
        flash(refused.message, "error")
    else:
        flash(
            _(
                "Version %(number)s is waiting for review: another editor must approve it "
                "before supporters get it.",
                number=number,
            ),
            "success",
        )
    return _back_to_version(kind, number)


@bp.route("/content/<kind>/versions/<int:number>/review")
@viewer_allowed
def content_review(kind: str, number: int):
    """What a reviewer reads: the words changed from what is published, and every check."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    published_number = versions.published_number(campaign.slug, kind)
    published = versions.get(campaign.slug, kind, published_number) if published_number else None
    problems = checks.check_content(campaign, kind, version.body)
    language = versions.text_language(kind)  # a Welsh wording's chips give Welsh dates
    return render_template(
        "staff/content_review.html",
        kind=kind,
        label=versions.kind_label(kind),
        version=version,
        published=published,
        changes=word_diff(
            documents.readable_body(campaign, published.body, language) if published else "",
            documents.readable_body(campaign, version.body, language),
        ),
        summary=documents.changes(
            campaign, published.body if published else None, version.body, language
        ),
        problems=problem_rows(problems, documents.readable_body(campaign, version.body, language)),
        has_errors=bool(checks.errors_in(problems)),
        state=review.state(campaign.slug, kind, number),
        steps=review.steps(campaign.slug, kind, number),
        refusal=review.refusal_to_approve(version, current_user),
        action_form=ActionForm(),
        send_back_form=SendBackForm(),
    )


@bp.route("/content/<kind>/versions/<int:number>/approve", methods=["POST"])
def content_approve(kind: str, number: int):
    """Approve and publish a version another editor wrote (the checks run again first)."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        publishing.publish(campaign, version, by=current_user)
    except publishing.PublishRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("staff.content_review", kind=kind, number=number))
    flash(
        _("Approved and published version %(number)s. Supporters now get it.", number=number),
        "success",
    )
    return _back_to_version(kind, number)


@bp.route("/content/<kind>/versions/<int:number>/send-back", methods=["POST"])
def content_send_back(kind: str, number: int):
    """Return a version to its author with a comment on what to change."""
    campaign = campaign_with_kind(kind)
    version = version_or_404(campaign, kind, number)
    form = SendBackForm()
    if not form.validate_on_submit():
        messages = next(iter(form.errors.values()), None)  # the form's own (translated) words
        message = messages[0] if messages else _("The form could not be sent.")
        flash(message, "error")
        return redirect(url_for("staff.content_review", kind=kind, number=number))
    try:
        review.send_back(version, by=current_user, comment=form.comment.data)
    except review.ReviewRefused as refused:
        flash(refused.message, "error")
        return redirect(url_for("staff.content_review", kind=kind, number=number))
    flash(
        _("Version %(number)s was sent back to its author with your comment.", number=number),
        "success",
    )
    return _back_to_version(kind, number)
