"""The campaign page's own text (summary and what we ask MPs to do), edited as a form, and the
same page in Welsh (its title too) beside the English.

Each is one more versioned kind (versions.PAGE, and "page.cy" for the Welsh): history, diff,
review and publishing are the same pages as for the letter and the findings, so this module only
edits.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from letters.page_text import (
    SUMMARY_MAX_CHARS,
    TITLE_MAX_CHARS,
    PageText,
    page_source,
    parse_page,
)
from webapp.content import checks, review, versions
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, problem_rows, save_edit
from webapp.staff.forms import OtherLanguagePageForm, PageTextForm

ACTION_SAVE, ACTION_REVIEW = "save", "review"
WELSH = "cy"
WELSH_PAGE = versions.in_language(versions.PAGE, WELSH)


@bp.route(f"/content/{versions.PAGE}/edit", methods=["GET", "POST"])
def page_text_edit():
    """Edit the summary and the requests; saving stores a version and never publishes."""
    return _edit("en")


@bp.route(f"/content/{WELSH_PAGE}/edit", methods=["GET", "POST"])
def page_text_edit_welsh():
    """Edit the page in Welsh (title, summary, requests), with the English beside each box."""
    return _edit(WELSH)


def _edit(language: str):
    kind = versions.in_language(versions.PAGE, language)
    campaign = campaign_with_kind(kind)
    latest = versions.latest(campaign.slug, kind)
    form = PageTextForm() if language == "en" else OtherLanguagePageForm()
    status = 200
    if request.method == "GET":
        shown = parse_page(latest.body, language)
        form.summary.data = shown.summary
        form.asks.data = "\n".join(shown.asks)
        if language != "en":
            form.title.data = shown.title
        form.based_on.data = str(latest.number)
    elif form.validate_on_submit():
        saved = save_edit(campaign, kind, _body(form, language), form, int(form.based_on.data))
        if saved is None:
            status = 409
        else:
            flash(_("Saved as version %(number)s (not published).", number=saved.number), "success")
            if request.form.get("action") == ACTION_REVIEW:
                return redirect(url_for("staff.content_version", kind=kind, number=saved.number))
            return redirect(url_for(_ENDPOINTS[language]))
    else:
        status = 400
    body = _body(form, language)
    problems = checks.check_content(campaign, kind, body)
    other = "en" if language != "en" else WELSH
    other_kind = versions.in_language(versions.PAGE, other)
    return render_template(
        "staff/page_text_editor.html",
        campaign=campaign,
        kind=kind,
        language=language,
        label=versions.kind_label(kind),
        form=form,
        latest=latest,
        published=versions.published_number(campaign.slug, kind),
        problems=problem_rows(problems, body),
        needs_approval=review.needs_approval(),
        shown=parse_page(body, language),
        form_limits={"summary": SUMMARY_MAX_CHARS, "title": TITLE_MAX_CHARS},
        action=url_for(_ENDPOINTS[language]),
        # The other language's page as it stands now (its newest version), read-only beside
        # each box, with the way to edit it.
        other=_newest_page(campaign, other_kind, other),
        other_language=other,
        other_label=versions.kind_label(other_kind),
        other_url=url_for(_ENDPOINTS[other]),
    ), status


_ENDPOINTS = {"en": "staff.page_text_edit", WELSH: "staff.page_text_edit_welsh"}


def _newest_page(campaign, kind: str, language: str) -> PageText:
    """The newest version of the page in `language`; the English page's title is the
    campaign's."""
    newest = versions.latest(campaign.slug, kind)
    page = parse_page(newest.body if newest is not None else "", language)
    if language == "en" and not page.title:
        return PageText(page.summary, page.asks, campaign.title, "en")
    return page


def _body(form: PageTextForm, language: str) -> str:
    """The stored text of what the form holds: one request a line of the requests box."""
    asks = tuple(line for line in (form.asks.data or "").splitlines() if line.strip())
    title = (form.title.data or "") if language != "en" else ""
    return page_source(PageText(form.summary.data or "", asks, title, language))
