"""A campaign: its title, findings and letter templates, read from templates/<slug>/.

    templates/<slug>/campaign.toml        title, summary, asks (what the campaign page asks MPs to
                                          do), default_template, vacant_seat_advice, and
                                          [controller]: who is responsible for supporters' data
    templates/<slug>/findings.toml        the findings (see letters.findings)
    templates/<slug>/letters/<name>.json  letters as documents of parts and wordings, which staff
                                          edit in plain words (see letters.document)
    templates/<slug>/letters/<name>.txt   a letter as a raw template (advanced: letters.templating)
    templates/<slug>/words.txt            the campaign's own words for the spelling check

These files are the starting content; staff edit copies of them in the browser.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from letters.document import DocumentError, template_text
from letters.errors import FindingsFileError
from letters.findings import FindingSet, parse_findings, toml_error_line
from letters.page_text import PageText, page_source

__all__ = [
    "CAMPAIGNS_DIR",
    "DEFAULT_CAMPAIGN",
    "Campaign",
    "CampaignFileError",
    "Controller",
    "load_campaign",
]

CAMPAIGNS_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_CAMPAIGN = "baghdad-returns"
WORDS_FILE = "words.txt"
_KEYS = frozenset({"title", "summary", "default_template"})
_OPTIONAL_KEYS = frozenset({"vacant_seat_advice"})
_LIST_KEYS = frozenset({"asks"})  # what we ask MPs to do, one request a line on the page
_CONTROLLER_KEYS = ("name", "address", "email", "data_protection_contact")
DEFAULT_VACANT_SEAT_ADVICE = "Please come back when a new MP has been elected."


class CampaignFileError(FindingsFileError):
    """campaign.toml, or a campaign folder, is missing or malformed (names file, line, field)."""


@dataclass(frozen=True, slots=True)
class Controller:
    """The data controller: who decides what happens to supporters' data, and how to reach them.

    Shown in the footer of every public page and on the privacy page.
    """

    name: str
    address: str  # postal address, one line (commas between parts)
    email: str  # general contact
    data_protection_contact: str  # who handles access requests and complaints about data


@dataclass(frozen=True, slots=True)
class Campaign:
    slug: str
    title: str
    summary: str
    findings_source: str  # the findings file's text, as staff first see it
    findings: FindingSet
    templates: Mapping[str, str]  # template name -> template source (a document's, compiled)
    default_template: str
    # Said to a supporter whose seat is vacant, on the web and the command line alike.
    vacant_seat_advice: str = DEFAULT_VACANT_SEAT_ADVICE
    controller: Controller | None = None
    words_source: str = ""  # the campaign word list's text (see letters.spelling)
    # Template name -> the letter document's JSON, for the letters stored as documents.
    documents: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    asks: tuple[str, ...] = ()  # what the campaign page asks MPs to do, as shipped

    @property
    def page_source(self) -> str:
        """The campaign page as shipped: version 1 of what staff edit (letters.page_text)."""
        return page_source(PageText(self.summary, self.asks))

    def letter_source(self, name: str) -> str:
        """What staff edit for letter `name`: its document, or its raw template."""
        return self.documents.get(name) or self.templates[name]


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
    documents = {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted((folder / "letters").glob("*.json"))
    }
    for name, text in documents.items():
        where = f"{slug}/letters/{name}.json"
        if name in templates:
            raise CampaignFileError(
                f"letters/{name}.txt and letters/{name}.json both write the letter {name!r}: "
                "keep one",
                source=where,
            )
        try:
            templates[name] = template_text(text)
        except DocumentError as exc:
            raise CampaignFileError(str(exc), source=where) from None
    default = meta["default_template"]
    if default not in templates:
        raise CampaignFileError(
            f"default_template is {default!r}, but there is no letters/{default}.json",
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
        templates=MappingProxyType(dict(sorted(templates.items()))),
        default_template=default,
        vacant_seat_advice=meta.get("vacant_seat_advice") or DEFAULT_VACANT_SEAT_ADVICE,
        controller=_controller(meta.get("controller"), f"{slug}/campaign.toml"),
        words_source=words_path.read_text(encoding="utf-8") if words_path.is_file() else "",
        documents=MappingProxyType(documents),
        asks=meta["asks"],
    )


def _controller(table: object, name: str) -> Controller | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise CampaignFileError("[controller] must be a table", source=name, field="controller")
    unknown = sorted(set(table) - set(_CONTROLLER_KEYS))
    if unknown:
        raise CampaignFileError(
            f"unknown field {unknown[0]!r} in [controller]", source=name, field=unknown[0]
        )
    values = {}
    for key in _CONTROLLER_KEYS:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CampaignFileError(
                f"controller.{key} must be some text in quotes", source=name, field=key
            )
        values[key] = value.strip()
    return Controller(**values)


def _read_meta(path: Path) -> dict:
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
    for key in sorted(_OPTIONAL_KEYS & set(meta)):
        if not isinstance(meta[key], str) or not meta[key].strip():
            raise CampaignFileError(f"{key} must be some text in quotes", source=name, field=key)
    asks = meta.get("asks", [])
    if not isinstance(asks, list) or not all(isinstance(a, str) and a.strip() for a in asks):
        raise CampaignFileError(
            "asks must be a list of requests in quotes", source=name, field="asks"
        )
    unknown = sorted(set(meta) - _KEYS - _OPTIONAL_KEYS - _LIST_KEYS - {"controller"})
    if unknown:
        raise CampaignFileError(f"unknown field {unknown[0]!r}", source=name, field=unknown[0])
    values: dict = {key: meta[key].strip() for key in _KEYS | (_OPTIONAL_KEYS & set(meta))}
    values["controller"] = meta.get("controller")
    values["asks"] = tuple(ask.strip() for ask in asks)
    return values
