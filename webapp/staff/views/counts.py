"""The campaign counts dashboard and its CSV: anonymous letter counts only, never personal data.

Each figure is one GROUP BY over LetterCount (indexed on campaign, created_on, constituency).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from flask import Response, render_template, request
from sqlalchemy import case, func, select

from webapp.accounts.access import viewer_allowed
from webapp.content import published
from webapp.extensions import db
from webapp.i18n import _, ngettext
from webapp.reporting.charts import bar_chart, row_chart
from webapp.staff.blueprint import bp
from webapp.staff.forms import DateRangeForm
from webapp.staff.views.events import event_counts
from webapp.submissions.models import LetterCount

TOP_COUNT = 10


@dataclass(frozen=True, slots=True)
class Tally:
    label: str
    letters: int
    pdf: int
    email_draft: int


def _columns():
    return (
        func.count(LetterCount.id),
        func.coalesce(func.sum(case((LetterCount.pdf, 1), else_=0)), 0),
        func.coalesce(func.sum(case((LetterCount.email_draft, 1), else_=0)), 0),
    )


def _filtered(query, campaign: str, date_from: dt.date | None, date_to: dt.date | None):
    query = query.where(LetterCount.campaign == campaign)
    if date_from:
        query = query.where(LetterCount.created_on >= date_from)
    if date_to:
        query = query.where(LetterCount.created_on <= date_to)
    return query


def tallies(campaign: str, group, date_from=None, date_to=None) -> list[Tally]:
    """Letters, PDFs and email drafts per value of `group` (a LetterCount column)."""
    query = _filtered(select(group, *_columns()), campaign, date_from, date_to)
    rows = db.session.execute(query.group_by(group).order_by(group)).all()
    return [Tally(str(key), int(n), int(pdf), int(email)) for key, n, pdf, email in rows]


def totals(campaign: str, date_from=None, date_to=None) -> Tally:
    """All letters in the range."""
    n, pdf, email = db.session.execute(
        _filtered(select(*_columns()), campaign, date_from, date_to)
    ).one()
    return Tally("All", int(n), int(pdf), int(email))


def dashboard_data(campaign: str, date_from=None, date_to=None) -> dict:
    """Every figure the dashboard shows, keyed for the template."""
    directory = published.current_directory()
    names = {c.code: c for c in directory.constituencies()}
    by_seat = tallies(campaign, LetterCount.constituency_code, date_from, date_to)
    seats = [
        Tally(names[t.label].name if t.label in names else t.label, t.letters, t.pdf, t.email_draft)
        for t in by_seat
    ]
    written = {t.label for t in by_seat}
    return {
        "totals": totals(campaign, date_from, date_to),
        "by_day": tallies(campaign, LetterCount.created_on, date_from, date_to),
        "by_nation": tallies(campaign, LetterCount.nation, date_from, date_to),
        "by_constituency": sorted(seats, key=lambda t: t.label),
        "top": sorted(seats, key=lambda t: (-t.letters, t.label))[:TOP_COUNT],
        "no_letters": [c for c in directory.constituencies() if c.code not in written],
    }


def _day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def every_day(by_day: list[Tally]) -> list[tuple[str, int]]:
    """Letters per day for the chart, from the first day to the last with quiet days as 0.

    The GROUP BY leaves out days with no letters; without them the bars would not be evenly
    spaced in time.
    """
    if not by_day:
        return []
    counts = {dt.date.fromisoformat(t.label): t.letters for t in by_day}
    first, last = min(counts), max(counts)
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [(_day_label(day), counts.get(day, 0)) for day in days]


def _day_description(letters: int, by_day: list[Tally]) -> str:
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
    data = dashboard_data(campaign.slug, date_from, date_to)
    day_chart = bar_chart(
        every_day(data["by_day"]),
        title="Letters by day",
        description=_day_description(data["totals"].letters, data["by_day"]),
        chart_id="chart-by-day",
    )
    nation_chart = row_chart(
        [(t.label, t.letters) for t in data["by_nation"]],
        title="Letters by nation",
        description="The table below this chart gives each nation's figures.",
        chart_id="chart-by-nation",
    )
    return render_template(
        "staff/counts.html",
        form=form,
        campaign=campaign,
        day_chart=day_chart,
        nation_chart=nation_chart,
        events=event_counts(campaign.slug),
        **data,
    )


@bp.route("/counts.csv")
@viewer_allowed
def counts_csv():
    """Counts per constituency (every seat, zeros included) as CSV; ?by=day for daily totals."""
    _, date_from, date_to = _range_form()
    campaign = published.current_campaign().slug
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if request.args.get("by") == "day":
        writer.writerow(["date", "letters", "pdf", "email_draft"])
        for t in tallies(campaign, LetterCount.created_on, date_from, date_to):
            writer.writerow([t.label, t.letters, t.pdf, t.email_draft])
        name = "letter-counts-by-day.csv"
    else:
        counted = {
            t.label: t for t in tallies(campaign, LetterCount.constituency_code, date_from, date_to)
        }
        writer.writerow(
            ["constituency_code", "constituency", "nation", "letters", "pdf", "email_draft"]
        )
        for c in published.current_directory().constituencies():
            t = counted.get(c.code, Tally(c.code, 0, 0, 0))
            writer.writerow([c.code, c.name, c.nation.value, t.letters, t.pdf, t.email_draft])
        name = "letter-counts-by-constituency.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
