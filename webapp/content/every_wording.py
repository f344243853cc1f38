"""Every wording of a letter version, part by part, for a constituency and sample supporter.

A letter preview shows the one wording of each part the sample supporter gets, and only the parts
meant for them. This preview shows them all: each part in the letter's order, who gets it ("Only
for: Women and girls"), and every wording of it written out as a supporter gets it (chips filled
in), marked where it is the sample's own. Composed, like every letter, by letters.service. It
also says which of the campaign's letters supporters get at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from letters.campaign import Campaign
from letters.document import Condition, from_json, is_document, part_names, template_text
from letters.errors import LettersError
from letters.every_wording import PartWordings
from letters.findings import FindingSet
from letters.model import MP, Constituency, Supporter
from letters.render.html import render_blocks_html, render_html
from letters.service import every_wording_for_mp, letter_for_mp
from letters.templating import LetterTemplate
from webapp.content import preview, published, versions
from webapp.content.models import ContentVersion
from webapp.directory import places
from webapp.i18n import _


@dataclass(frozen=True, slots=True)
class ShownWording:
    """One wording written out: `label` ("Closing, wording 1 of 3") when the part has several."""

    label: str | None
    subject: str
    html: Markup
    chosen: bool  # the wording the sample supporter gets


@dataclass(frozen=True, slots=True)
class ShownPart:
    """A part of the letter: its name, who gets it, and every wording of it."""

    name: str
    audience: tuple[str, ...]  # "Only for: Women and girls", …; empty when everyone gets it
    sample_note: str  # whether, and which wording, the sample supporter gets
    wordings: tuple[ShownWording, ...]


@dataclass
class EveryWording:
    """The page: the place and samples chosen, then the parts (a letter document) or, for a
    raw template, whole letters with wording 1 of every part, wording 2, and so on."""

    place: places.Place | None = None
    samples: list[preview.Sample] = field(default_factory=list)
    sample: int = 0
    parts: list[ShownPart] = field(default_factory=list)
    letters: list[tuple[str, Markup]] = field(default_factory=list)
    error: str | None = None


def every_wording(
    campaign: Campaign, version: ContentVersion, place_text: str | None, sample: int | None
) -> EveryWording:
    """Every wording of a letter `version` for sample supporter number `sample` living in the
    constituency `place_text` names (postcode or name); `error` says why when it cannot."""
    shown = EveryWording()
    findings = published.published_findings(campaign)
    directory = published.current_directory()
    try:
        shown.place = places.find_place(directory, place_text)
    except LettersError as exc:
        shown.error = str(exc)
        return shown
    seat = shown.place.constituency
    shown.samples = preview.samples_for(seat, findings)
    shown.sample = sample if sample in range(len(shown.samples)) else 0
    supporter = shown.samples[shown.sample].supporter
    mp, today = directory.mp_for(seat.code), dt.date.today()
    try:
        if not is_document(version.body):
            shown.letters = _whole_letters(version, supporter, mp, seat, findings, today)
            return shown
        doc = from_json(version.body)
        # A part for those who wrote their own words is shown with a sample's words.
        reason = next((s.supporter.reason for s in shown.samples if s.supporter.reason), "")
        written = every_wording_for_mp(
            supporter, mp, seat, document=doc, findings=findings, today=today, reason=reason
        )
    except LettersError as exc:
        shown.error = str(exc)
        return shown
    names = [name[:1].upper() + name[1:] for name in part_names(doc, findings)]
    shown.parts = [
        _shown_part(index, names[index], part, findings) for index, part in enumerate(written)
    ]
    return shown


def _shown_part(index: int, name: str, written: PartWordings, findings: FindingSet) -> ShownPart:
    count = len(written.wordings)
    wordings = tuple(
        ShownWording(
            label=(
                _("%(part)s, wording %(number)s of %(count)s", part=name, number=n + 1, count=count)
                if count > 1
                else None
            ),
            subject=wording.subject,
            # render_blocks_html escapes every piece of text itself and returns a safe fragment.
            html=Markup(  # noqa: S704
                render_blocks_html(wording.blocks, wording.footnotes, id_prefix=f"p{index}w{n}-")
            ),
            chosen=written.chosen == n and count > 1,
        )
        for n, wording in enumerate(written.wordings)
    )
    return ShownPart(
        name, _audience(written.part.only_for, findings), _sample_note(written), wordings
    )


def _audience(condition: Condition, findings: FindingSet) -> tuple[str, ...]:
    """Who gets a part, as labels: "Only for: Women and girls", "Only when they wrote their own
    words"; nothing for a part every supporter gets."""
    labels = []
    if condition.groups:
        names = {group.id: group.label for group in findings.groups}
        groups = "; ".join(names.get(group, group) for group in condition.groups)
        labels.append(_("Only for: %(groups)s", groups=groups))
    if condition.own_words == "given":
        labels.append(_("Only when they wrote their own words"))
    elif condition.own_words == "not_given":
        labels.append(_("Only when they did not write their own words"))
    return tuple(labels)


def _sample_note(written: PartWordings) -> str:
    if not written.gets:
        return _(
            "Not in this sample supporter's letter: shown as a supporter who gets this part "
            "would get it."
        )
    if len(written.part.wordings) > 1:
        return _("This sample supporter gets wording %(number)s.", number=written.chosen + 1)
    return _("This sample supporter gets this part.")


def _whole_letters(
    version: ContentVersion,
    supporter: Supporter,
    mp: MP,
    seat: Constituency,
    findings: FindingSet,
    today: dt.date,
) -> list[tuple[str, Markup]]:
    """A raw template has no parts to show one by one: its whole letter, once with wording 1 of
    every part, once with wording 2, and so on."""
    name = versions.template_name(version.kind) or "letter"
    template = LetterTemplate.compile(template_text(version.body), name=name)
    shown = []
    for number in range(template.wordings):
        letter = letter_for_mp(
            supporter, mp, seat, template=template, findings=findings, today=today, wording=number
        )
        label = _("Wording %(number)s of every part", number=number + 1)
        # render_html escapes every piece of text itself and returns a safe fragment.
        shown.append((label, Markup(render_html(letter, id_prefix=f"w{number}-"))))  # noqa: S704
    return shown


def who_gets_letter(campaign: Campaign, kind: str) -> str:
    """Which of the campaign's letters supporters get, said on the page of letter `kind`: the
    campaign sends every supporter its default letter (campaign.toml's default_template)."""
    name = versions.template_name(kind)
    default = campaign.default_template
    if name == default:
        return _(
            "Every supporter gets this letter, “%(name)s”: it is the campaign's letter "
            "(default_template in campaign.toml), as last published.",
            name=default,
        )
    return _(
        "No supporter gets this letter, “%(name)s”: the campaign gives every supporter its "
        "letter “%(default)s” (default_template in campaign.toml), whatever group they choose.",
        name=name,
        default=default,
    )
