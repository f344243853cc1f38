"""A campaign: its title, findings and letter templates, read from templates/<slug>/.

    templates/<slug>/campaign.toml        title, summary, default_template
    templates/<slug>/findings.toml        the findings (see letters.findings)
    templates/<slug>/letters/<name>.txt   letter templates (see letters.templating)
    templates/<slug>/words.txt            the campaign's own words for the spelling check

These files are the starting content; staff edit copies of them in the browser.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from letters.errors import FindingsFileError
from letters.findings import FindingSet, parse_findings, toml_error_line

__all__ = ["CAMPAIGNS_DIR", "DEFAULT_CAMPAIGN", "Campaign", "CampaignFileError", "load_campaign"]

CAMPAIGNS_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_CAMPAIGN = "baghdad-returns"
WORDS_FILE = "words.txt"
_KEYS = frozenset({"title", "summary", "default_template"})


class CampaignFileError(FindingsFileError):
    """campaign.toml, or a campaign folder, is missing or malformed (names file, line, field)."""


@dataclass(frozen=True, slots=True)
class Campaign:
    slug: str
    title: str
    summary: str
    findings_source: str  # the findings file's text, as staff first see it
    findings: FindingSet
    templates: Mapping[str, str]  # template name -> template source
    default_template: str
    words_source: str = ""  # the campaign word list's text (see letters.spelling)


def load_campaign(slug: str = DEFAULT_CAMPAIGN, root: Path = CAMPAIGNS_DIR) -> Campaign:
    """Read and check a campaign folder; raises CampaignFileError or FindingsFileError."""
    folder = Path(root) / slug
    meta_path = folder / "campaign.toml"
    if not meta_path.is_file():
        raise CampaignFileError("there is no campaign.toml here", source=str(meta_path))
    meta = _read_meta(meta_path)
    findings_path = folder / "findings.toml"
    if not findings_path.is_file():
        raise CampaignFileError("there is no findings.toml here", source=str(findings_path))
    findings_source = findings_path.read_text(encoding="utf-8")
    findings = parse_findings(findings_source, source_name=f"{slug}/findings.toml")
    templates = {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted((folder / "letters").glob("*.txt"))
    }
    default = meta["default_template"]
    if default not in templates:
        raise CampaignFileError(
            f"default_template is {default!r}, but there is no letters/{default}.txt",
            source=f"{slug}/campaign.toml",
            field="default_template",
        )
    words_path = folder / WORDS_FILE
    return Campaign(
        slug=slug,
        title=meta["title"],
        summary=meta["summary"],
        findings_source=findings_source,
        findings=findings,
        templates=MappingProxyType(templates),
        default_template=default,
        words_source=words_path.read_text(encoding="utf-8") if words_path.is_file() else "",
    )


def _read_meta(path: Path) -> dict[str, str]:
    name = f"{path.parent.name}/{path.name}"
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(exc)
        raise CampaignFileError(f"this is not valid TOML ({exc})", source=name, line=line) from None
    for key in sorted(_KEYS):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CampaignFileError(f"{key} must be some text in quotes", source=name, field=key)
    unknown = sorted(set(meta) - _KEYS)
    if unknown:
        raise CampaignFileError(f"unknown field {unknown[0]!r}", source=name, field=unknown[0])
    return {key: meta[key].strip() for key in _KEYS}
