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
from webapp.i18n import _l, language_name
from webapp.reach import share_links
from webapp.reach.sources import SUPPORTER_SHARE
from webapp.replies.models import MpReply, Stance
from webapp.submissions.models import LetterCount

TOP_COUNT = 10
DIRECT = _l("Direct or unknown")
SUPPORTERS_SHARES = _l("Shared by a supporter")
UTM_COLUMNS = ("utm_source", "utm_medium", "utm_campaign")


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


@dataclass(slots=True)
class SourceTally:
    """Letters, sent letters and replies for one source (or one set of utm_* values)."""

    key: tuple[str | None, ...]  # (source,) or (utm_source, utm_medium, utm_campaign)
    label: str
    letters: int = 0
    pdf: int = 0
    email_draft: int = 0
    sent: int = 0
    replies: int = 0  # replies reported, other than "no reply yet"

    @property
    def code(self) -> str | None:
        """The source code (the first of the key)."""
        return self.key[0]


def source_label(code: str | None, names: dict[str, str]) -> str:
    """A source in words: a share link's or partner's label with its code, supporters' shares,
    or "Direct or unknown"."""
    if not code:
        return str(DIRECT)
    if code == SUPPORTER_SHARE:
        return f"{SUPPORTERS_SHARES} ({code})"
    return f"{names[code]} ({code})" if code in names else code


def utm_label(key: tuple[str | None, ...]) -> str:
    """utm_source / utm_medium / utm_campaign in one label ("–" for one not given)."""
    if not any(key):
        return str(DIRECT)
    return " / ".join(value or "–" for value in key)


def _source_tallies(
    campaign: str, columns: tuple[str, ...], date_from=None, date_to=None
) -> dict[tuple, SourceTally]:
    """Letters (with PDFs, email drafts and those sent) per value of LetterCount `columns`, and
    replies per the same MpReply columns (replies reported in the dates, when given)."""
    grouped = [getattr(LetterCount, name) for name in columns]
    query = _filtered(
        select(*grouped, *_columns(), func.count(LetterCount.sent_by)), campaign, date_from, date_to
    )
    tallies: dict[tuple, SourceTally] = {}
    for row in db.session.execute(query.group_by(*grouped)):
        key = tuple(row[: len(columns)])
        n, pdf, email, sent = (int(v) for v in row[len(columns) :])
        tallies[key] = SourceTally(key, "", n, pdf, email, sent)
    reply_columns = [getattr(MpReply, name) for name in columns]
    replies = select(*reply_columns, func.count(MpReply.id)).where(
        MpReply.campaign == campaign, MpReply.stance != str(Stance.NO_REPLY)
    )
    if date_from:
        replies = replies.where(MpReply.reported_at >= _start_of(date_from))
    if date_to:
        replies = replies.where(MpReply.reported_at < _start_of(date_to + dt.timedelta(days=1)))
    for row in db.session.execute(replies.group_by(*reply_columns)):
        key = tuple(row[: len(columns)])
        tallies.setdefault(key, SourceTally(key, "")).replies += int(row[-1])
    return tallies


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _ranked(rows) -> list[SourceTally]:
    return sorted(rows, key=lambda t: (-t.letters, -t.replies, t.label))


def by_source(campaign: str, date_from=None, date_to=None) -> list[SourceTally]:
    """Letters, sent letters and replies per source, most letters first; every share link of
    the campaign is listed, with none yet too."""
    tallies = _source_tallies(campaign, ("source",), date_from, date_to)
    names = share_links.labels(campaign)
    for code in names:
        tallies.setdefault((code,), SourceTally((code,), ""))
    for key, tally in tallies.items():
        tally.label = source_label(key[0], names)
    return _ranked(tallies.values())


def by_utm(campaign: str, date_from=None, date_to=None) -> list[SourceTally]:
    """Letters, sent letters and replies per utm_source / utm_medium / utm_campaign."""
    tallies = _source_tallies(campaign, UTM_COLUMNS, date_from, date_to)
    for key, tally in tallies.items():
        tally.label = utm_label(key)
    return _ranked(tallies.values())


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
        "by_source": by_source(campaign, date_from, date_to),
        "by_utm": by_utm(campaign, date_from, date_to),
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
