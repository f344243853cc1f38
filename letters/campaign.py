"""A campaign: its title, findings and letter templates, read from templates/<slug>/.

    templates/<slug>/campaign.toml        title, summary, asks (what the campaign page asks MPs to
                                          do), default_template, vacant_seat_advice,
                                          [controller]: who is responsible for supporters' data,
                                          and [cy]: the page's title, summary and asks in Welsh
    templates/<slug>/findings.toml        the findings (see letters.findings)
    templates/<slug>/findings.cy.toml     their words in Welsh, for Welsh letters (optional)
    templates/<slug>/letters/<name>.json  letters as documents of parts and wordings, which staff
                                          edit in plain words (see letters.document)
    templates/<slug>/letters/<name>.txt   a letter as a raw template (advanced: letters.templating)
    templates/<slug>/letters/<name>.cy.json  the same letter written in Welsh (or .cy.txt); a
                                          letter without a language code is the English one
    templates/<slug>/words.txt            the campaign's own words for the spelling check
    templates/<slug>/words.cy.txt         its own Welsh words, for checking Welsh wordings

These files are the starting content; staff edit copies of them in the browser.
A campaign's letters are in English; any of them may have a Welsh wording too. Ask for the
letter of a language with `template_source(name, language)`, which raises NoWording when the
letter is not written in it (`languages(name)` lists the languages it is).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from letters.document import DocumentError, template_text
from letters.errors import FindingsFileError, NoWording
from letters.findings import FindingSet, parse_findings, toml_error_line, with_welsh
from letters.page_text import PageText, page_source

__all__ = [
    "CAMPAIGNS_DIR",
    "DEFAULT_CAMPAIGN",
    "Campaign",
    "CampaignFileError",
    "Controller",
    "findings_file",
    "load_campaign",
    "words_file",
]

CAMPAIGNS_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_CAMPAIGN = "baghdad-returns"
WORDS_FILE = "words.txt"
# The languages a letter may be written in besides English, as file names give them.
OTHER_LANGUAGES = ("cy",)
_KEYS = frozenset({"title", "summary", "default_template"})
_OPTIONAL_KEYS = frozenset({"vacant_seat_advice"})
_LIST_KEYS = frozenset({"asks"})  # what we ask MPs to do, one request a line on the page
_CONTROLLER_KEYS = ("name", "address", "email", "data_protection_contact")
_PAGE_KEYS = frozenset({"title", "summary", "asks"})  # a page in another language: [cy]
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
    # The letters written in another language too: language -> name -> template source
    # (letters/<name>.cy.json, compiled), and the documents of those stored as documents.
    # `templates` and `documents` above are the English letters.
    other_templates: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    other_documents: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    other_words: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The findings' words in other languages, language -> text (findings.cy.toml); `findings`
    # has them read in (Finding.statement_cy, …).
    other_findings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The campaign page in other languages, language -> its title, summary and asks ([cy]).
    other_pages: Mapping[str, PageText] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def page_source(self) -> str:
        """The campaign page as shipped: version 1 of what staff edit (letters.page_text)."""
        return page_source(PageText(self.summary, self.asks))

    def page_text(self, language: str = "en") -> str:
        """The campaign page as shipped in `language` ("" when campaign.toml has none)."""
        if language == "en":
            return self.page_source
        page = self.other_pages.get(language)
        return page_source(page) if page is not None else ""

    def languages(self, name: str | None = None) -> tuple[str, ...]:
        """The languages letter `name` (the default letter) is written in: "en", then "cy" when
        it has a Welsh wording."""
        name = name or self.default_template
        others = (lang for lang, letters in self.other_templates.items() if name in letters)
        return ("en", *sorted(others))

    def template_source(self, name: str, language: str = "en") -> str:
        """The template of letter `name` in `language`; raises NoWording when it has none."""
        letters = self.templates if language == "en" else self.other_templates.get(language, {})
        if name not in letters:
            if name not in self.templates:
                raise KeyError(name)
            raise NoWording(name, language, self.languages(name))
        return letters[name]

    def letter_source(self, name: str, language: str = "en") -> str:
        """What staff edit for letter `name` in `language`: its document, or its raw template;
        raises NoWording when it is not written in that language."""
        template = self.template_source(name, language)
        documents = self.documents if language == "en" else self.other_documents.get(language, {})
        return documents.get(name) or template

    def words(self, language: str = "en") -> str:
        """The campaign's word list for wordings in `language` (words.txt, words.cy.txt)."""
        return self.words_source if language == "en" else self.other_words.get(language, "")

    def findings_text(self, language: str = "en") -> str:
        """The findings file (findings.toml), or its words in `language` (findings.cy.toml;
        "" when there is none)."""
        return self.findings_source if language == "en" else self.other_findings.get(language, "")

    def letter_files(self) -> dict[str, str]:
        """Every letter as its file's name (without .json or .txt) gives it, "default" or
        "default.cy", to what staff edit: the letters as campaign_files.write_folder takes them."""
        files = {name: self.letter_source(name) for name in self.templates}
        for language, letters in self.other_templates.items():
            files.update({f"{n}.{language}": self.letter_source(n, language) for n in letters})
        return dict(sorted(files.items()))


def words_file(language: str = "en") -> str:
    """The word list's file name for wordings in `language`: words.txt, words.cy.txt."""
    return WORDS_FILE if language == "en" else f"words.{language}.txt"


def findings_file(language: str = "en") -> str:
    """The findings' file name: findings.toml, and its Welsh words findings.cy.toml."""
    return "findings.toml" if language == "en" else f"findings.{language}.toml"


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
    other_findings = {}
    for lang in OTHER_LANGUAGES:
        path = folder / findings_file(lang)
        if path.is_file():
            other_findings[lang] = path.read_text(encoding="utf-8")
            findings = with_welsh(
                other_findings[lang], findings, source_name=f"{slug}/{findings_file(lang)}"
            )
    letters = _letters(folder, slug)
    templates, documents = letters.pop("en")
    default = meta["default_template"]
    if default not in templates:
        raise CampaignFileError(
            f"default_template is {default!r}, but there is no letters/{default}.json",
            source=f"{slug}/campaign.toml",
            field="default_template",
        )
    for language, (others, _documents) in letters.items():
        for name in sorted(set(others) - set(templates)):
            raise CampaignFileError(
                f"the letter {name!r} has a Welsh wording but no English one: add "
                f"letters/{name}.json",
                source=f"{slug}/letters/{name}.{language}.json",
            )
    words_path = folder / WORDS_FILE
    other_words = {
        lang: path.read_text(encoding="utf-8")
        for lang in OTHER_LANGUAGES
        if (path := folder / words_file(lang)).is_file()
    }
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
        other_templates=MappingProxyType(
            {lang: MappingProxyType(dict(sorted(t.items()))) for lang, (t, _d) in letters.items()}
        ),
        other_documents=MappingProxyType(
            {lang: MappingProxyType(d) for lang, (_t, d) in letters.items()}
        ),
        other_words=MappingProxyType(other_words),
        other_findings=MappingProxyType(other_findings),
        other_pages=MappingProxyType(meta["pages"]),
    )


def _letters(folder: Path, slug: str) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Language -> (name -> template source, name -> document JSON) for letters/*.txt and
    *.json: "default.json" is the English letter "default", "default.cy.json" its Welsh."""
    found: dict[str, tuple[dict[str, str], dict[str, str]]] = {"en": ({}, {})}
    for path in sorted((folder / "letters").glob("*")):
        if path.suffix not in (".txt", ".json") or not path.is_file():
            continue
        where = f"{slug}/letters/{path.name}"
        name, dot, language = path.stem.partition(".")
        if dot and language not in OTHER_LANGUAGES:
            raise CampaignFileError(
                f"“{language}” is not a language letters are written in: name a letter "
                "<name>.json in English, <name>.cy.json in Welsh",
                source=where,
            )
        templates, documents = found.setdefault(language or "en", ({}, {}))
        text = path.read_text(encoding="utf-8")
        if name in templates:
            raise CampaignFileError(
                f"letters/{path.stem}.txt and letters/{path.stem}.json both write the letter "
                f"{name!r}: keep one",
                source=where,
            )
        if path.suffix == ".json":
            documents[name] = text
            try:
                text = template_text(text)
            except DocumentError as exc:
                raise CampaignFileError(str(exc), source=where) from None
        templates[name] = text
    return found


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
    others = set(OTHER_LANGUAGES)
    unknown = sorted(set(meta) - _KEYS - _OPTIONAL_KEYS - _LIST_KEYS - {"controller"} - others)
    if unknown:
        raise CampaignFileError(f"unknown field {unknown[0]!r}", source=name, field=unknown[0])
    values: dict = {key: meta[key].strip() for key in _KEYS | (_OPTIONAL_KEYS & set(meta))}
    values["controller"] = meta.get("controller")
    values["asks"] = tuple(ask.strip() for ask in asks)
    values["pages"] = {
        language: _other_page(meta[language], language, name)
        for language in OTHER_LANGUAGES
        if language in meta
    }
    return values


def _other_page(table: object, language: str, name: str) -> PageText:
    """The [cy] table: the campaign page's title, summary and asks in that language."""
    if not isinstance(table, dict):
        raise CampaignFileError(f"[{language}] must be a table", source=name, field=language)
    unknown = sorted(set(table) - _PAGE_KEYS)
    if unknown:
        raise CampaignFileError(
            f"unknown field {unknown[0]!r} in [{language}]", source=name, field=unknown[0]
        )
    for key in ("title", "summary"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CampaignFileError(
                f"{language}.{key} must be some text in quotes", source=name, field=key
            )
    asks = table.get("asks", [])
    if not isinstance(asks, list) or not all(isinstance(a, str) and a.strip() for a in asks):
        raise CampaignFileError(
            f"{language}.asks must be a list of requests in quotes", source=name, field="asks"
        )
    return PageText(
        table["summary"].strip(),
        tuple(ask.strip() for ask in asks),
        title=table["title"].strip(),
        language=language,
    )
