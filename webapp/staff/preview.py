"""Compose a letter from any saved version, for any constituency and sample supporter.

A template version is composed with the published findings; a findings version with the published
default template; the word list (which only the spelling check reads) with both published. The MP
comes from the directory supporters get (with staff overrides).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from letters.campaign import Campaign
from letters.compose import compose
from letters.directory import Directory
from letters.errors import PostcodeError, UnknownConstituency
from letters.findings import parse_findings
from letters.model import Constituency, Letter, Supporter
from letters.templating import SAMPLE_SUPPORTERS, LetterTemplate
from webapp import content
from webapp.staff import versions
from webapp.staff.models import ContentVersion


@dataclass(frozen=True, slots=True)
class Place:
    constituency: Constituency
    note: str | None = None  # said when the text matched more than one constituency


def sample_supporters() -> tuple[Supporter, ...]:
    """The sample supporters a preview can be written as."""
    return tuple(SAMPLE_SUPPORTERS)


def find_place(directory: Directory, text: str | None) -> Place:
    """A constituency from a postcode or (part of) a name; the first constituency when empty.

    Raises LettersError with a message for staff when nothing matches.
    """
    text = (text or "").strip()
    if not text:
        return Place(directory.constituencies()[0])
    try:
        match = directory.lookup_postcode(text)
    except PostcodeError:
        match = None
    if match is not None:
        if match.constituency is not None:
            return Place(match.constituency)
        return Place(
            match.candidates[0],
            f"{match.postcode} could be in {len(match.candidates)} constituencies; "
            f"showing {match.candidates[0].name}.",
        )
    try:
        return Place(directory.constituency(text))
    except UnknownConstituency:
        found = directory.search(text, limit=2)
        if not found:
            raise
        note = None if len(found) == 1 else f"More than one name matches; showing {found[0].name}."
        return Place(found[0], note)


def compose_version(
    campaign: Campaign,
    version: ContentVersion,
    constituency: Constituency,
    supporter: Supporter,
    *,
    today: dt.date | None = None,
) -> Letter:
    """The letter `supporter` in `constituency` would get if `version` were published.

    Raises LettersError (TemplateProblem, FindingsFileError …) when the version cannot compose.
    """
    name = versions.template_name(version.kind)
    if version.kind == versions.WORDS:  # the word list changes no letter: show the published one
        template = content.published_template(campaign)
        findings = content.published_findings(campaign)
    elif name is None:
        template = content.published_template(campaign)
        findings = parse_findings(version.body, source_name="findings.toml")
    else:
        template = LetterTemplate.compile(version.body, name=name)
        findings = content.published_findings(campaign)
    directory = content.current_directory()
    return compose(
        supporter,
        directory.mp_for(constituency.code),
        constituency,
        template=template,
        findings=findings,
        today=today or dt.date.today(),
    )
