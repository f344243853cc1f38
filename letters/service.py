"""One way in for every letter: the seat for a postcode, and the letter for a supporter.

The web pages, the command line (`render`, `batch`) and staff exports all come through here, so
their rules cannot drift apart:
- a postcode decides the constituency when it can; a constituency the supporter named is checked
  against it, and a postcode in another constituency is never switched silently
  (WrongConstituency, with the constituencies it could be in, so the person can choose);
- a vacant seat gets no letter anywhere (VacantSeat), with the campaign's words on who to write
  to instead.
Everything here raises LettersError subclasses whose messages a person can act on.
"""

from __future__ import annotations

import datetime as dt

from letters.compose import compose
from letters.directory import Directory, MatchKind, PostcodeMatch
from letters.errors import LettersError, UnknownPostcode
from letters.findings import FindingSet
from letters.model import MP, Constituency, Letter, Supporter
from letters.sandbox import LetterTemplate

__all__ = [
    "NeedsChoice",
    "VacantSeat",
    "WrongConstituency",
    "letter_for_supporter",
    "mp_to_write_to",
    "seat_for_postcode",
]


class NeedsChoice(LettersError):
    """The postcode alone does not decide the constituency; the person must name it."""

    def __init__(self, match: PostcodeMatch):
        if match.kind is MatchKind.NORTHERN_IRELAND:
            text = f"{match.postcode} is in Northern Ireland, where we can't match postcodes"
        else:
            names = ", ".join(c.name for c in match.candidates)
            text = f"{match.postcode} could be in more than one constituency ({names})"
        super().__init__(text)
        self.match = match


class WrongConstituency(LettersError):
    """The constituency named is not one the postcode could be in.

    `chosen` is the one named; `candidates` the ones the postcode could be in, to offer instead.
    """

    def __init__(self, postcode: str, chosen: Constituency, candidates: tuple[Constituency, ...]):
        where = ", ".join(c.name for c in candidates)
        super().__init__(
            f"{postcode} is not in {chosen.name}; it is in {where}. "
            "An MP only acts for people who live in their constituency."
        )
        self.postcode, self.chosen, self.candidates = postcode, chosen, candidates


class VacantSeat(LettersError):
    """The constituency has no MP at the moment; the message says who to write to instead."""

    def __init__(self, seat: Constituency, instead: str = ""):
        text = (
            f"{seat.name} has no MP at the moment (the seat is vacant), so there is no one to "
            "write to there until a new MP is elected."
        )
        super().__init__(f"{text} {instead}".strip())
        self.seat, self.instead = seat, instead


def seat_for_postcode(
    directory: Directory, postcode: str, named: str | None = None
) -> Constituency:
    """The constituency for a supporter: the one named (by code or name), checked against the
    postcode, or else the postcode's own.

    Raises NeedsChoice when the postcode alone cannot decide, WrongConstituency when the one
    named is not one the postcode could be in, UnknownPostcode/UnknownConstituency otherwise.
    """
    try:
        match = directory.lookup_postcode(postcode)
    except UnknownPostcode:
        if named:
            return directory.constituency(named)  # choosing by name is the way out
        raise
    if not named:
        if match.kind is MatchKind.EXACT:
            return match.constituency
        raise NeedsChoice(match)
    chosen = directory.constituency(named)
    if match.kind is not MatchKind.NORTHERN_IRELAND and chosen not in match.candidates:
        raise WrongConstituency(match.postcode, chosen, match.candidates)
    return chosen


def mp_to_write_to(directory: Directory, seat: Constituency, *, instead: str = "") -> MP:
    """The MP a letter for `seat` goes to; raises VacantSeat (saying `instead`) if there is none."""
    mp = directory.mp_for(seat.code)
    if mp.vacant:
        raise VacantSeat(seat, instead)
    return mp


def letter_for_supporter(
    supporter: Supporter,
    seat: Constituency,
    *,
    directory: Directory,
    template: LetterTemplate,
    findings: FindingSet,
    today: dt.date,
    instead: str = "",
) -> Letter:
    """The supporter's letter to the MP for `seat` (already chosen with seat_for_postcode).

    Raises VacantSeat for a seat with no MP, TemplateProblem when the template fails.
    """
    mp = mp_to_write_to(directory, seat, instead=instead)
    return compose(supporter, mp, seat, template=template, findings=findings, today=today)
