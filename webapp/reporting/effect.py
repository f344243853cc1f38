"""The campaign's effect, for staff: the funnel, each MP's stance, and letters and replies by group.

Anonymous figures only: counts per day and step, LetterCount rows and MpReply rows (never their
summaries, which are personal and shown only to editors elsewhere). A party is the MP's party as
the directory has it now for letters, and as it was when the reply came for replies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from webapp.content import published
from webapp.extensions import db
from webapp.i18n import _, _l, language_name
from webapp.reach import share_links
from webapp.replies.models import FunnelCount, FunnelStep, MpReply, Stance
from webapp.reporting.counts import source_label, utm_label
from webapp.submissions.models import LetterCount

STANCE_LABELS = {
    Stance.SUPPORTS: _l("Supports the ask"),
    Stance.NON_COMMITTAL: _l("Non-committal"),
    Stance.OPPOSES: _l("Opposes"),
    Stance.NO_REPLY: _l("No reply"),
}


@dataclass(frozen=True, slots=True)
class FunnelStage:
    label: str
    count: int
    share_of_previous: float | None  # None for the first stage, or after a zero


@dataclass(slots=True)
class SeatStance:
    """What the replies reported for one constituency's MP say."""

    code: str
    constituency: str
    mp_name: str
    party: str
    stance: Stance | None  # the latest reported stance other than "no reply", else "no reply"
    counts: Counter = field(default_factory=Counter)  # Stance -> reports
    first_reply: dt.date | None = None
    last_reply: dt.date | None = None
    last_reported: dt.date | None = None

    @property
    def stance_label(self) -> str:
        return str(STANCE_LABELS[self.stance]) if self.stance else _("No report")


@dataclass(slots=True)
class Breakdown:
    """Letters and replies for one party, nation or at-risk group."""

    label: str
    letters: int = 0
    sent: int = 0
    replies: int = 0
    supportive: int = 0


def _funnel_count(campaign: str, step: FunnelStep) -> int:
    query = select(func.coalesce(func.sum(FunnelCount.count), 0)).where(
        FunnelCount.campaign == campaign, FunnelCount.step == str(step)
    )
    return int(db.session.scalar(query))


def funnel(campaign: str) -> list[FunnelStage]:
    """Campaign page → MP found → letter made → sent → reply reported, with each step's share."""
    letters = db.session.scalar(
        select(func.count(LetterCount.id)).where(LetterCount.campaign == campaign)
    )
    sent = db.session.scalar(
        select(func.count(LetterCount.id)).where(
            LetterCount.campaign == campaign, LetterCount.sent_by.is_not(None)
        )
    )
    replies = db.session.scalar(
        select(func.count(MpReply.id)).where(
            MpReply.campaign == campaign, MpReply.stance != str(Stance.NO_REPLY)
        )
    )
    counts = [
        (_("Campaign page views"), _funnel_count(campaign, FunnelStep.CAMPAIGN_PAGE)),
        (_("MP found"), _funnel_count(campaign, FunnelStep.MP_FOUND)),
        (_("Letters made"), int(letters)),
        (_("Letters sent"), int(sent)),
        (_("Replies reported"), int(replies)),
    ]
    stages = []
    for i, (label, count) in enumerate(counts):
        previous = counts[i - 1][1] if i else 0
        stages.append(FunnelStage(label, count, count / previous if previous else None))
    return stages


def replies(campaign: str) -> list[MpReply]:
    """Every reported reply, oldest first."""
    query = select(MpReply).where(MpReply.campaign == campaign).order_by(MpReply.reported_at)
    return list(db.session.scalars(query))


def reply_summaries(campaign: str, limit: int = 50) -> list[MpReply]:
    """The latest replies whose words the supporter let us keep (personal: editors only)."""
    query = (
        select(MpReply)
        .where(MpReply.campaign == campaign, MpReply.summary.is_not(None))
        .order_by(MpReply.reported_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def seat_stances(campaign: str) -> dict[str, SeatStance]:
    """Every constituency whose MP has a reported reply, by GSS code."""
    names = {c.code: c.name for c in published.current_directory().constituencies()}
    seats: dict[str, SeatStance] = {}
    for reply in replies(campaign):  # oldest first, so the latest report wins
        seat = seats.get(reply.constituency_code)
        if seat is None or seat.mp_name != reply.mp_name:  # a new MP starts afresh
            seat = seats[reply.constituency_code] = SeatStance(
                reply.constituency_code,
                names.get(reply.constituency_code, reply.constituency_code),
                reply.mp_name,
                reply.party,
                None,
            )
        stance = Stance(reply.stance)
        seat.counts[stance] += 1
        if stance is not Stance.NO_REPLY or seat.stance in (None, Stance.NO_REPLY):
            seat.stance = stance
        if reply.replied_on:
            seat.first_reply = min(filter(None, (seat.first_reply, reply.replied_on)))
            seat.last_reply = max(filter(None, (seat.last_reply, reply.replied_on)))
        seat.last_reported = reply.reported_at.date()
    return seats


def letters_by_seat(campaign: str) -> dict[str, int]:
    """Letters made per constituency code."""
    query = (
        select(LetterCount.constituency_code, func.count(LetterCount.id))
        .where(LetterCount.campaign == campaign)
        .group_by(LetterCount.constituency_code)
    )
    return {code: int(n) for code, n in db.session.execute(query)}


BREAKDOWN_KINDS = ("party", "nation", "group", "language", "source", "utm")


# Where a letter came from (webapp.reach.sources): its source code, then its utm_* values.
_SOURCE_COLUMNS = (
    LetterCount.source,
    LetterCount.utm_source,
    LetterCount.utm_medium,
    LetterCount.utm_campaign,
)


def breakdowns(campaign: str) -> dict[str, list[Breakdown]]:
    """Letters, letters sent, replies and supportive replies by party, nation, group, the
    language the letter was written in, its source and its utm_* values."""
    directory = published.current_directory()
    sources = share_links.labels(campaign)
    findings = published.published_findings(published.current_campaign())
    group_label = {g.id: g.label for g in findings.groups}
    tables: dict[str, dict[str, Breakdown]] = {k: {} for k in BREAKDOWN_KINDS}

    def row(kind: str, label: str) -> Breakdown:
        return tables[kind].setdefault(label, Breakdown(label))

    query = (
        select(
            LetterCount.constituency_code,
            LetterCount.nation,
            LetterCount.concern,
            LetterCount.language,
            *_SOURCE_COLUMNS,
            func.count(LetterCount.id),
            func.count(LetterCount.sent_by),
        )
        .where(LetterCount.campaign == campaign)
        .group_by(
            LetterCount.constituency_code,
            LetterCount.nation,
            LetterCount.concern,
            LetterCount.language,
            *_SOURCE_COLUMNS,
        )
    )
    for code, nation, concern, language, *source, letters, sent in db.session.execute(query):
        mp = directory.mp_for(code)
        keys = {
            "party": "Vacant seat" if mp.vacant else mp.party,
            "nation": nation,
            "group": group_label.get(concern or "", "No group chosen"),
            "language": language_name(language),
            "source": source_label(source[0], sources),
            "utm": utm_label(tuple(source[1:])),
        }
        for kind, label in keys.items():
            entry = row(kind, label)
            entry.letters += int(letters)
            entry.sent += int(sent)
    for reply in replies(campaign):
        if reply.stance == Stance.NO_REPLY:
            continue
        keys = {
            "party": reply.party or "Vacant seat",
            "nation": reply.nation,
            "group": group_label.get(reply.concern or "", "No group chosen"),
            "language": language_name(reply.language),
            "source": source_label(reply.source, sources),
            "utm": utm_label((reply.utm_source, reply.utm_medium, reply.utm_campaign)),
        }
        for kind, label in keys.items():
            entry = row(kind, label)
            entry.replies += 1
            entry.supportive += reply.stance == Stance.SUPPORTS
    return {
        kind: sorted(rows.values(), key=lambda b: (-b.letters, b.label))
        for kind, rows in tables.items()
    }
