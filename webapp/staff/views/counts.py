"""The campaign counts dashboard and its CSV: anonymous letter counts only, never personal data.

The figures come from webapp.reporting.counts; this module adds the charts' words.
"""

from __future__ import annotations

import datetime as dt

from flask import Response, render_template, request

from webapp.accounts.access import viewer_allowed
from webapp.content import published
from webapp.i18n import _, format_date, ngettext
from webapp.reporting import counts
from webapp.reporting.charts import bar_chart, row_chart
from webapp.reporting.spreadsheet import csv_text
from webapp.staff.blueprint import bp
from webapp.staff.forms import DateRangeForm
from webapp.submissions.models import LetterCount


def _day_label(day: dt.date) -> str:
    return format_date(day, "d MMM")


def _day_description(letters: int, by_day: list[counts.Tally]) -> str:
    if not by_day:
        return _("No letters yet.")
    first, last = (dt.date.fromisoformat(by_day[i].label) for i in (0, -1))
    peak = max(t.letters for t in by_day)
    return ngettext(
        "%(letters)s letters over %(num)d day from %(first)s to %(last)s %(year)s; the most in "
        "one day was %(peak)s. The table below gives each day's figures.",
        "%(letters)s letters over %(num)d days from %(first)s to %(last)s %(year)s; the most in "
        "one day was %(peak)s. The table below gives each day's figures.",
        len(by_day),
        letters=letters,
        first=_day_label(first),
        last=_day_label(last),
        year=last.year,
        peak=peak,
    )


def _range_form() -> tuple[DateRangeForm, dt.date | None, dt.date | None]:
    form = DateRangeForm(request.args)
    if request.args and not form.validate():
        return form, None, None
    return form, form.date_from.data, form.date_to.data


@bp.route("/counts")
@viewer_allowed
def counts_dashboard():
    """Letters by day, by nation and by constituency, with a chart and the same data in tables."""
    form, date_from, date_to = _range_form()
    campaign = published.current_campaign()
    data = counts.dashboard_data(published.current_directory(), campaign.slug, date_from, date_to)
    day_chart = bar_chart(
        [(_day_label(day), n) for day, n in counts.every_day(data["by_day"])],
        title=_("Letters by day"),
        description=_day_description(data["totals"].letters, data["by_day"]),
        chart_id="chart-by-day",
    )
    nation_chart = row_chart(
        [(t.label, t.letters) for t in data["by_nation"]],
        title=_("Letters by nation"),
        description=_("The table below this chart gives each nation's figures."),
        chart_id="chart-by-nation",
    )
    return render_template(
        "staff/counts.html",
        form=form,
        campaign=campaign,
        day_chart=day_chart,
        nation_chart=nation_chart,
        events=counts.by_event(campaign.slug),
        **data,
    )


@bp.route("/counts.csv")
@viewer_allowed
def counts_csv():
    """Counts per constituency (every seat, zeros included) as CSV; ?by=day for daily totals,
    ?by=language for totals per language ("en", "cy"), ?by=source for letters, sent letters and
    replies per source (with its label), ?by=utm for the same per utm_* values."""
    _, date_from, date_to = _range_form()
    campaign = published.current_campaign().slug
    by = request.args.get("by")
    if by == "day":
        header = ["date", "letters", "pdf", "email_draft"]
        rows = (
            [t.label, t.letters, t.pdf, t.email_draft]
            for t in counts.days_with_letters(campaign, date_from, date_to)
        )
        name = "letter-counts-by-day.csv"
    elif by == "language":
        header = ["language", "letters", "pdf", "email_draft"]
        rows = (
            [t.label, t.letters, t.pdf, t.email_draft]
            for t in counts.tallies(campaign, LetterCount.language, date_from, date_to)
        )
        name = "letter-counts-by-language.csv"
    elif by == "source":
        header = ["source", "label", "letters", "pdf", "email_draft", "sent", "replies"]
        rows = (
            [t.code or "", t.label, t.letters, t.pdf, t.email_draft, t.sent, t.replies]
            for t in counts.by_source(campaign, date_from, date_to)
        )
        name = "letter-counts-by-source.csv"
    elif by == "utm":
        header = [*counts.UTM_COLUMNS, "letters", "pdf", "email_draft", "sent", "replies"]
        rows = (
            [*(value or "" for value in t.key), t.letters, t.pdf, t.email_draft, t.sent, t.replies]
            for t in counts.by_utm(campaign, date_from, date_to)
        )
        name = "letter-counts-by-utm.csv"
    else:
        header = ["constituency_code", "constituency", "nation", "letters", "pdf", "email_draft"]
        rows = counts.by_constituency_rows(
            published.current_directory(), campaign, date_from, date_to
        )
        name = "letter-counts-by-constituency.csv"
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
