"""What the campaign page says, drawn from the findings so dates and figures are never retyped."""

from __future__ import annotations

from dataclasses import dataclass

from letters.findings import AtRiskGroup, Finding, FindingSet

# The findings the page tells, in order: the UK's part first, then why Iraq is dangerous.
# Staff may rename or drop findings; any that are missing are simply left out.
WHAT_HAPPENED = ("uk_returns_baghdad", "uk_defies_un_guidelines")
WHY_DANGEROUS = ("civilian_deaths_april_2010", "groups_targeted", "armed_groups_most_killings")


@dataclass(frozen=True, slots=True)
class CampaignPage:
    """The facts the campaign page shows, each a Finding with its own date and sources."""

    what_happened: tuple[Finding, ...]
    why_dangerous: tuple[Finding, ...]
    groups: tuple[AtRiskGroup, ...]


def summary(findings: FindingSet) -> CampaignPage:
    """Pick the findings the campaign page shows; falls back to the first ones in the file."""
    what = _pick(findings, WHAT_HAPPENED)
    if not what:
        what = tuple(findings.findings.values())[:2]
    return CampaignPage(
        what_happened=what,
        why_dangerous=_pick(findings, WHY_DANGEROUS),
        groups=findings.groups,
    )


def _pick(findings: FindingSet, ids: tuple[str, ...]) -> tuple[Finding, ...]:
    return tuple(findings.findings[i] for i in ids if i in findings.findings)
