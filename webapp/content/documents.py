"""Letters stored as documents (letters.document), as the staff pages show and edit them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from letters.campaign import Campaign
from letters.document import (
    Chip,
    DocumentError,
    describe_changes,
    from_json,
    is_document,
    part_names,
    readable,
)
from letters.findings import FindingSet
from letters.page_text import page_facts
from webapp.content import published, versions
from webapp.i18n import _


def readable_body(campaign: Campaign, body: str, language: str = "en") -> str:
    """A version's text as staff read it: a document part by part in plain words (chips as
    their labels, dated as a wording in `language` dates them), anything else as it is stored."""
    if not is_document(body):
        return body
    try:
        doc = from_json(body)
    except DocumentError:
        return body  # a malformed document is shown as it is, beside the error that says so
    return readable(doc, published.published_findings(campaign, language), language)


def changes(
    campaign: Campaign, old_body: str | None, new_body: str, language: str = "en"
) -> list[str]:
    """What changed between two letter documents, in plain words ("changed “press” to “urge”
    in The ask, wording 2"); empty when either is not a document (a raw template's changes
    are shown as a word diff instead)."""
    if not old_body or not (is_document(old_body) and is_document(new_body)):
        return []
    try:
        old, new = from_json(old_body), from_json(new_body)
    except DocumentError:
        return []
    return describe_changes(old, new, published.published_findings(campaign, language), language)


# A raw template names a finding as findings.<id>, findings["<id>"] or cite("<id>").
_FINDING_IN_TEMPLATE = re.compile(
    r"""findings\s*(?:\.\s*([a-z][a-z0-9_]*)|\[\s*["']([a-z][a-z0-9_]*)["']\s*\])"""
    r"""|cite\(\s*["']([a-z][a-z0-9_]*)["']"""
)


def finding_uses(campaign: Campaign) -> dict[str, list[str]]:
    """Where the campaign page and the published letters use each finding (the page shows its
    statement; a letter a chip citing it, or one of its figures or its date), in plain words and
    in reading order, by finding id: "The campaign page, “What happened”", "The ask, wording 2",
    "The paragraph “danger”", with "(letter “short”)" after the parts of a letter other than
    the default one; a letter kept as a raw template is named whole."""
    findings = published.published_findings(campaign)
    names = sorted(campaign.templates, key=lambda n: (n != campaign.default_template, n))
    uses: dict[str, list[str]] = {}
    facts = page_facts(findings)
    for heading, shown in (
        (_("What happened"), facts.what_happened),
        (_("Why returns to Iraq put people in danger"), facts.why_dangerous),
    ):
        for finding in shown:
            place = _("The campaign page, “%(heading)s”", heading=heading)
            uses.setdefault(finding.id, []).append(place)
    for name in names:
        kind = versions.template_kind(name)
        body = versions.published_body(campaign, kind)
        if not is_document(body):
            found = [(fid, versions.kind_label(kind)) for fid in _ids_in_template(body)]
        else:
            found = list(_uses_in_document(body, findings))
            if name != campaign.default_template:
                found = [
                    (fid, _("%(place)s (letter “%(name)s”)", place=place, name=name))
                    for fid, place in found
                ]
        for finding_id, place in found:
            if place not in uses.setdefault(finding_id, []):
                uses[finding_id].append(place)
    return uses


def _ids_in_template(source: str) -> Iterator[str]:
    for match in _FINDING_IN_TEMPLATE.finditer(source):
        yield next(group for group in match.groups() if group)


def _uses_in_document(body: str, findings: FindingSet) -> Iterator[tuple[str, str]]:
    """(finding id, part and wording) for each use in a letter document."""
    try:
        doc = from_json(body)
    except DocumentError:
        return
    for name, part in zip(part_names(doc, findings), doc.parts, strict=True):
        name = name[:1].upper() + name[1:]
        used = [
            {piece.finding for piece in wording.pieces if isinstance(piece, Chip) and piece.finding}
            for wording in part.wordings
        ]
        for finding_id in dict.fromkeys(fid for ids in used for fid in ids):
            numbers = [n for n, ids in enumerate(used, start=1) if finding_id in ids]
            if len(numbers) == len(used):  # every wording of the part uses it
                yield finding_id, name
                continue
            for number in numbers:
                yield finding_id, _("%(part)s, wording %(number)s", part=name, number=number)
