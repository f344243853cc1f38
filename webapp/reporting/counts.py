"""Letter counts by day, nation and constituency: anonymous counts only, never personal data.

Each figure is one GROUP BY over LetterCount (indexed on campaign, created_on, constituency).
The counts dashboard (webapp.staff.views.counts) and its CSV read them from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import case, func, select

from letters.directory import Directory
from webapp.events.models import Event
from webapp.extensions import db
from webapp.i18n import language_name
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


def dashboard_data(directory: Directory, campaign: str, date_from=None, date_to=None) -> dict:
    """Every figure the dashboard shows, keyed for the template."""
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
        "by_language": [
            Tally(language_name(t.label), t.letters, t.pdf, t.email_draft)
            for t in tallies(campaign, LetterCount.language, date_from, date_to)
        ],
        "by_constituency": sorted(seats, key=lambda t: t.label),
        "top": sorted(seats, key=lambda t: (-t.letters, t.label))[:TOP_COUNT],
        "no_letters": [c for c in directory.constituencies() if c.code not in written],
    }


def days_with_letters(campaign: str, date_from=None, date_to=None) -> list[Tally]:
    """Letters, PDFs and email drafts per day that had any."""
    return tallies(campaign, LetterCount.created_on, date_from, date_to)


def every_day(by_day: list[Tally]) -> list[tuple[dt.date, int]]:
    """Letters per day from the first day to the last, with quiet days as 0.

    The GROUP BY leaves out days with no letters; without them a chart's bars would not be
    evenly spaced in time.
    """
    if not by_day:
        return []
    counts = {dt.date.fromisoformat(t.label): t.letters for t in by_day}
    first, last = min(counts), max(counts)
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [(day, counts.get(day, 0)) for day in days]


def by_constituency_rows(
    directory: Directory, campaign: str, date_from=None, date_to=None
) -> Iterator[list]:
    """One CSV row per seat, zeros included: code, name, nation, letters, pdf, email_draft."""
    counted = {
        t.label: t for t in tallies(campaign, LetterCount.constituency_code, date_from, date_to)
    }
    for c in directory.constituencies():
        t = counted.get(c.code, Tally(c.code, 0, 0, 0))
        yield [c.code, c.name, c.nation.value, t.letters, t.pdf, t.email_draft]


def by_event(campaign: str) -> list[tuple[Event, int]]:
    """Every event of the campaign, newest first, with how many letters its devices made."""
    letters = (
        select(LetterCount.event_id, func.count(LetterCount.id).label("letters"))
        .where(LetterCount.campaign == campaign, LetterCount.event_id.is_not(None))
        .group_by(LetterCount.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Event, func.coalesce(letters.c.letters, 0))
        .outerjoin(letters, letters.c.event_id == Event.id)
        .where(Event.campaign == campaign)
        .order_by(Event.id.desc())
    ).all()
    return [(event, count) for event, count in rows]


def letters_by_campaign(since: dt.date) -> dict[str, tuple[int, int]]:
    """Per campaign slug: (letters since `since`, letters in all)."""
    recent = func.sum(case((LetterCount.created_on >= since, 1), else_=0))
    rows = db.session.execute(
        select(LetterCount.campaign, recent, func.count()).group_by(LetterCount.campaign)
    )
    return {slug: (int(week or 0), int(total)) for slug, week, total in rows}
