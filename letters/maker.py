"""From a supporter's raw fields to a Letter: check them, choose the seat, compose.

Shared by the command line's `render` and `batch`; raises LettersError subclasses that say
what a person can do, and never prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.directory import Directory, MatchKind, PostcodeMatch, default_directory
from letters.errors import LettersError, SupporterInvalid, UnknownPostcode
from letters.model import Constituency, Letter

__all__ = [
    "LetterMaker",
    "NeedsChoice",
    "VacantSeat",
    "WrongConstituency",
    "choose_constituency",
    "load_directory",
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
    """The constituency named is not one the postcode could be in."""


class VacantSeat(LettersError):
    """The constituency has no MP at the moment."""


def load_directory(data_dir: Path | None) -> Directory:
    """The MP directory from `data_dir`, or the packaged one; unreadable data is a LettersError."""
    if data_dir is None:
        return default_directory()
    try:
        return Directory.load(data_dir)
    except (OSError, KeyError, ValueError) as exc:
        raise LettersError(f"Could not read the MP data in {data_dir}: {exc}") from None


def choose_constituency(directory: Directory, postcode: str, named: str | None) -> Constituency:
    """The constituency for a supporter: the one named, checked against the postcode, or the
    postcode's own. Raises NeedsChoice when the postcode alone cannot decide."""
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
        where = ", ".join(c.name for c in match.candidates)
        raise WrongConstituency(
            f"{match.postcode} is not in {chosen.name}; it is in {where}. "
            "An MP only acts for people who live in their constituency."
        )
    return chosen


class LetterMaker:
    """Loads the campaign and template once, then composes one letter per supporter."""

    def __init__(
        self,
        directory: Directory,
        campaign: str | None,
        today: dt.date,
        campaigns_dir: Path | None = None,
    ):
        from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN, load_campaign
        from letters.templating import LetterTemplate

        self.directory, self.today = directory, today
        self.campaign = load_campaign(campaign or DEFAULT_CAMPAIGN, campaigns_dir or CAMPAIGNS_DIR)
        name = self.campaign.default_template
        self.template = LetterTemplate.compile(self.campaign.templates[name], name=name)
        self.concerns = self.campaign.findings.group_ids

    def make(self, *, constituency: str | None = None, **fields: object) -> Letter:
        """Validate the supporter's fields and compose their letter; raises LettersError."""
        from letters.compose import compose
        from letters.supporter import validate_supporter

        try:
            supporter = validate_supporter(**fields, concerns=self.concerns)
        except SupporterInvalid as exc:
            if "concern" in exc.errors:  # at a command line nobody sees the list; show it
                choices = ", ".join(self.concerns)
                exc.errors["concern"] += f" (one of: {choices})"
                raise SupporterInvalid(exc.errors) from None
            raise
        seat = choose_constituency(self.directory, supporter.postcode, constituency)
        mp = self.directory.mp_for(seat.code)
        if mp.vacant:
            raise VacantSeat(
                f"{seat.name} has no MP at the moment (the seat is vacant), so there is no one "
                "to write to yet."
            )
        return compose(
            supporter,
            mp,
            seat,
            template=self.template,
            findings=self.campaign.findings,
            today=self.today,
        )
