"""One way in for every letter: the seat for a postcode, and the letter for a supporter.

The web pages, the command line (`render`, `batch`), staff exports, staff previews and template
checks all come through here (and only this module calls letters.compose), so their rules cannot
drift apart:
- a postcode decides the constituency when it can; a constituency the supporter named is checked
  against it, and a postcode in another constituency is never switched silently
  (WrongConstituency, with the constituencies it could be in, so the person can choose);
- a vacant seat gets no letter anywhere a supporter writes (VacantSeat), with the campaign's
  words on who to write to instead. Only staff previews and template checks compose for a seat as
  it stands, vacant or not (`letter_for_mp`), to show what it would get;
- a supporter's letter is written in their language (Supporter.language), with the template of
  that language: a letter with no wording in it is refused (NoWording, which names the languages
  it is written in), never sent in another language unasked.
Everything here raises LettersError subclasses whose messages a person can act on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN, load_campaign
from letters.compose import compose
from letters.directory import Directory, MatchKind, PostcodeMatch
from letters.document import LetterDocument
from letters.errors import LettersError, NoWording, SupporterInvalid, UnknownPostcode
from letters.every_wording import (
    PartWordings,
    chosen_wording,
    gets_part,
    part_template,
    supporter_who_gets,
    wording_count,
    wording_shown,
)
from letters.findings import FindingSet
from letters.i18n import gettext as _
from letters.model import MP, Constituency, Letter, Supporter
from letters.sandbox import LetterTemplate
from letters.supporter import validate_supporter

__all__ = [
    "CampaignLetters",
    "NeedsChoice",
    "NoWording",
    "VacantSeat",
    "WrongConstituency",
    "every_wording_for_mp",
    "letter_for_mp",
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
            _(
                "%(postcode)s is not in %(chosen)s; it is in %(where)s. "
                "An MP only acts for people who live in their constituency.",
                postcode=postcode,
                chosen=chosen.name,
                where=where,
            )
        )
        self.postcode, self.chosen, self.candidates = postcode, chosen, candidates


class VacantSeat(LettersError):
    """The constituency has no MP at the moment; the message says who to write to instead."""

    def __init__(self, seat: Constituency, instead: str = ""):
        text = _(
            "%(seat)s has no MP at the moment (the seat is vacant), so there is no one to "
            "write to there until a new MP is elected.",
            seat=seat.name,
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
    """The supporter's letter to the MP for `seat` (already chosen with seat_for_postcode), in
    the supporter's language: `template` must be written in it (LetterTemplate.language).

    Raises NoWording when it is not (the caller may offer the letter in `template.language`
    instead, with a supporter who chose it), VacantSeat for a seat with no MP, TemplateProblem
    when the template fails.
    """
    if supporter.language != template.language:
        raise NoWording(template.name, supporter.language, (template.language,))
    mp = mp_to_write_to(directory, seat, instead=instead)
    return compose(supporter, mp, seat, template=template, findings=findings, today=today)


def letter_for_mp(
    supporter: Supporter,
    mp: MP,
    seat: Constituency,
    *,
    template: LetterTemplate,
    findings: FindingSet,
    today: dt.date,
    wording: int | None = None,
) -> Letter:
    """The letter `supporter` would send to `mp` for `seat`, for staff previews and template
    checks: a vacant seat is composed too (to its office), since staff must see what it gets.
    `wording` shows the n-th wording of every part instead of the supporter's own.

    Raises TemplateProblem when the template fails.
    """
    return compose(
        supporter, mp, seat, template=template, findings=findings, today=today, wording=wording
    )


def every_wording_for_mp(
    supporter: Supporter,
    mp: MP,
    seat: Constituency,
    *,
    document: LetterDocument,
    findings: FindingSet,
    today: dt.date,
    reason: str,
    language: str = "en",
) -> list[PartWordings]:
    """Every part of `document` (written in `language`) with every wording of it, each written
    out as `supporter` would get it, for the staff preview that shows everything
    (letters.every_wording). A part they would not get is written for one like them who would
    (with `reason` as the words of their own it needs). Raises TemplateProblem when a part fails.
    """
    shown = []
    for index, part in enumerate(document.parts):
        template = part_template(document, index, language)
        writer = supporter_who_gets(part, supporter, reason=reason)
        letters = (
            compose(writer, mp, seat, template=template, findings=findings, today=today, wording=n)
            for n in range(wording_count(part))
        )
        wordings = tuple(wording_shown(part, letter) for letter in letters)
        gets, chosen = gets_part(part, supporter), chosen_wording(part, supporter)
        shown.append(PartWordings(part, wordings, gets, chosen, writer))
    return shown


class CampaignLetters:
    """One campaign's letters from supporters' raw fields (the command line's `render` and
    `batch`): the campaign and its template are loaded once, then each call checks the fields,
    chooses the seat and composes, by the same rules as above. Every letter is in `language`;
    a campaign whose letter has no wording in it raises NoWording here."""

    def __init__(
        self,
        directory: Directory,
        campaign: str | None,
        today: dt.date,
        campaigns_dir: Path | None = None,
        language: str = "en",
    ):
        self.directory, self.today, self.language = directory, today, language
        self.campaign = load_campaign(campaign or DEFAULT_CAMPAIGN, campaigns_dir or CAMPAIGNS_DIR)
        name = self.campaign.default_template
        source = self.campaign.template_source(name, language)
        self.template = LetterTemplate.compile(source, name=name, language=language)
        self.concerns = self.campaign.findings.group_ids

    def letter(self, *, constituency: str | None = None, **fields: object) -> Letter:
        """Validate the supporter's fields and compose their letter; raises LettersError."""
        try:
            supporter = validate_supporter(**fields, concerns=self.concerns, language=self.language)
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
