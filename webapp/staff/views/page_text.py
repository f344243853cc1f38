"""The campaign page's own text (summary and what we ask MPs to do), edited as a form.

It is one more versioned kind (versions.PAGE): history, diff, review and publishing are the same
pages as for the letter and the findings, so this module only edits.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from letters.page_text import SUMMARY_MAX_CHARS, PageText, page_source, parse_page
from webapp.content import checks, review, versions
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, problem_rows
from webapp.staff.forms import PageTextForm

ACTION_SAVE, ACTION_REVIEW = "save", "review"


@bp.route(f"/content/{versions.PAGE}/edit", methods=["GET", "POST"])
def page_text_edit():
    """Edit the summary and the requests; saving stores a version and never publishes."""
    campaign = campaign_with_kind(versions.PAGE)
    latest = versions.latest(campaign.slug, versions.PAGE)
    form = PageTextForm()
    status = 200
    if request.method == "GET":
        shown = parse_page(latest.body)
        form.summary.data = shown.summary
        form.asks.data = "\n".join(shown.asks)
        form.based_on.data = str(latest.number)
    elif form.validate_on_submit():
        try:
            saved = versions.save(
                campaign.slug,
                versions.PAGE,
                _body(form),
                based_on=int(form.based_on.data),
                author=current_user,
                note=form.note.data,
            )
        except versions.StaleBase as stale:
            flash(
                _(
                    "Someone saved version %(number)s while you were editing. Your text is "
                    "kept below: check it against theirs in the history, then save again to "
                    "put yours on top.",
                    number=stale.latest.number,
                ),
                "error",
            )
            form.based_on.data = str(stale.latest.number)
            status = 409
        else:
            flash(_("Saved as version %(number)s (not published).", number=saved.number), "success")
            if request.form.get("action") == ACTION_REVIEW:
                return redirect(
                    url_for("staff.content_version", kind=versions.PAGE, number=saved.number)
                )
            return redirect(url_for("staff.page_text_edit"))
    else:
        status = 400
    body = _body(form)
    problems = checks.check_content(campaign, versions.PAGE, body)
    return render_template(
        "staff/page_text_editor.html",
        campaign=campaign,
        kind=versions.PAGE,
        label=versions.kind_label(versions.PAGE),
        form=form,
        latest=latest,
        published=versions.published_number(campaign.slug, versions.PAGE),
        problems=problem_rows(problems, body),
        needs_approval=review.needs_approval(),
        shown=parse_page(body),
        form_limits={"summary": SUMMARY_MAX_CHARS},
    ), status


def _body(form: PageTextForm) -> str:
    """The stored text of what the form holds: one request a line of the requests box."""
    asks = tuple(line for line in (form.asks.data or "").splitlines() if line.strip())
    return page_source(PageText(form.summary.data or "", asks))
