"""Compose a letter from any saved version, for any constituency and sample supporter.

A template version is composed with the published findings; a findings version with the published
default template; the word list (which only the spelling check reads) with both published. The MP
comes from the directory supporters get (with staff overrides).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

from letters.campaign import Campaign
from letters.directory import DATA_DIR
from letters.document import template_text
from letters.findings import FindingSet, parse_findings
from letters.model import Constituency, Language, Letter, Supporter
from letters.service import letter_for_mp
from letters.templating import SAMPLE_SUPPORTERS, LetterTemplate
from webapp.content import published, versions
from webapp.content.models import ContentVersion
from webapp.i18n import _


@dataclass(frozen=True, slots=True)
class Sample:
    """A sample supporter for previews, with what makes them a test of the wording."""

    label: str
    supporter: Supporter


_REASON = "My neighbour's family fled Baghdad, and I want them to be safe."
_ARABIC_NAME = "فاطمة الزهراء عبد الله"
_ARABIC_REASON = "عائلتي من بغداد. My family is from Baghdad."


def samples_for(constituency: Constituency, findings: FindingSet) -> list[Sample]:
    """Sample supporters living in `constituency`: no group with and without a reason, each
    at-risk group, a 100-character name, and a name in Arabic script."""
    postcode = example_postcode(constituency.code)
    lines = ("12 Station Road", constituency.name[:100])
    long_name = SAMPLE_SUPPORTERS[0].name

    def person(name: str, reason: str | None, concern: str | None = None) -> Supporter:
        return Supporter(
            name=name, address_lines=lines, postcode=postcode, reason=reason, concern=concern
        )

    samples = [
        Sample(_("No group chosen, no reason given"), person("Jo Adams", None)),
        Sample(_("No group chosen, with a reason"), person("Sam Patel", _REASON)),
    ]
    for index, group in enumerate(findings.groups):
        reason = _REASON if index % 2 == 0 else None
        label = (
            _("Chose “%(group)s”, with a reason", group=group.label)
            if reason
            else _("Chose “%(group)s”, no reason", group=group.label)
        )
        samples.append(Sample(label, person("Alex Morgan", reason, group.id)))
    samples.append(Sample(_("A 100-character name and a long reason"), person(
        long_name, SAMPLE_SUPPORTERS[0].reason
    )))  # fmt: skip
    first_group = findings.groups[0].id if findings.groups else None
    samples.append(
        Sample(_("A name in Arabic script"), person(_ARABIC_NAME, _ARABIC_REASON, first_group))
    )
    return samples


@functools.cache
def _first_postcodes() -> dict[str, str]:
    """A real postcode in each constituency: the first of its ranges in the postcode index."""
    first: dict[str, str] = {}
    with (DATA_DIR / "postcode_ranges.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            first.setdefault(row["constituency_code"], row["first_postcode"])
    return first


def example_postcode(code: str) -> str:
    """A real postcode in the constituency with this code, or "" where we know none.

    Northern Ireland's seats have none: the postcode index has no BT postcodes (letters/DATA.md).
    A postcode borrowed from another seat would put the sample supporter outside the seat whose
    letter staff are checking, so those samples have no postcode line (compose leaves an empty
    postcode out of the address) rather than a wrong one.
    """
    raw = _first_postcodes().get(code)
    return f"{raw[:-3]} {raw[-3:]}" if raw else ""


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
    return compose_text(campaign, version.kind, version.body, constituency, supporter, today=today)


def compose_text(
    campaign: Campaign,
    kind: str,
    body: str,
    constituency: Constituency,
    supporter: Supporter,
    *,
    today: dt.date | None = None,
) -> Letter:
    """The same for text not saved yet (the editor's live preview)."""
    name = versions.template_name(kind)
    language = versions.letter_language(kind)
    if language != "en":  # a Welsh wording is previewed as Welsh supporters get it
        name = versions.english_name(kind)
        template = LetterTemplate.compile(template_text(body), name=name, language=language)
        findings = published.published_findings(campaign, language)
        supporter = dataclasses.replace(supporter, language=Language(language))
    elif versions.text_language(kind) != "en":  # the Welsh page, findings' words or word list
        template = published.published_template(campaign)  # the letter is not changed by them
        findings = published.published_findings(campaign)
    elif kind in (versions.WORDS, versions.PAGE):  # no letter changes: show the published one
        template = published.published_template(campaign)
        findings = published.published_findings(campaign)
    elif name is None:
        template = published.published_template(campaign)
        findings = parse_findings(body, source_name="findings.toml")
    else:
        template = LetterTemplate.compile(template_text(body), name=name)
        findings = published.published_findings(campaign)
    directory = published.current_directory()
    return letter_for_mp(
        supporter,
        directory.mp_for(constituency.code),
        constituency,
        template=template,
        findings=findings,
        today=today or dt.date.today(),
    )
