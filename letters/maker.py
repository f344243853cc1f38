"""From a supporter's raw fields to a Letter: check them, choose the seat, compose.

Shared by the command line's `render` and `batch`; the seat and letter rules are the core
service's (letters.service), the same ones the web pages and staff exports use. Raises
LettersError subclasses that say what a person can do, and never prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.directory import Directory, default_directory
from letters.errors import LettersError, SupporterInvalid
from letters.model import Letter
from letters.service import (
    NeedsChoice,
    VacantSeat,
    WrongConstituency,
    letter_for_supporter,
    seat_for_postcode,
)

# The command line's name for the service's seat rule.
choose_constituency = seat_for_postcode

__all__ = [
    "LetterMaker",
    "NeedsChoice",
    "VacantSeat",
    "WrongConstituency",
    "choose_constituency",
    "load_directory",
]


def load_directory(data_dir: Path | None) -> Directory:
    """The MP directory from `data_dir`, or the packaged one; unreadable data is a LettersError."""
    if data_dir is None:
        return default_directory()
    try:
        return Directory.load(data_dir)
    except (OSError, KeyError, ValueError) as exc:
        raise LettersError(f"Could not read the MP data in {data_dir}: {exc}") from None


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
        from letters.supporter import validate_supporter

        try:
            supporter = validate_supporter(**fields, concerns=self.concerns)
        except SupporterInvalid as exc:
            if "concern" in exc.errors:  # at a command line nobody sees the list; show it
                choices = ", ".join(self.concerns)
                exc.errors["concern"] += f" (one of: {choices})"
                raise SupporterInvalid(exc.errors) from None
            raise
        seat = seat_for_postcode(self.directory, supporter.postcode, constituency)
        return letter_for_supporter(
            supporter,
            seat,
            directory=self.directory,
            template=self.template,
            findings=self.campaign.findings,
            today=self.today,
            instead=self.campaign.vacant_seat_advice,
        )
