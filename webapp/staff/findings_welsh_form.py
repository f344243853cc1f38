"""The findings' Welsh words (findings.cy.toml) as a form: a box for each English finding's
Welsh statement and date, each source's Welsh footnote and each at-risk group's Welsh label,
with the English beside it, in the English findings' order.

The form posts `finding-<i>-statement`, `finding-<i>-date_text`, `source-<i>-cite_as` and
`group-<i>-label`, <i> the entry's place among the published English findings (sources, groups).
Saving writes the words with letters.findings_cy_toml.to_toml, so a stored version is the same
file the text editor edits, and the checks, review and publishing read it unchanged. Each
problem the checks find is put beside the box its line (or the finding it names) is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from letters.findings import FindingSet
from letters.findings_cy_toml import WelshWords, to_toml
from letters.findings_toml import place_of_line
from webapp.i18n import _
from webapp.staff.findings_form import LONG_CHARS, SHORT_CHARS

SECTIONS = ("findings", "sources", "groups")
KEYS = {"findings": ("statement", "date_text"), "sources": ("cite_as",), "groups": ("label",)}
LIMITS = {"statement": LONG_CHARS, "date_text": SHORT_CHARS, "cite_as": SHORT_CHARS}
_NAMED = re.compile(r"Finding “([^”]+)”")


@dataclass
class Row:
    """One English entry and its Welsh words, `welsh[key]` as typed; problems by key."""

    id: str
    english: dict[str, str]
    welsh: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str, *, warning: bool = False) -> None:
        found = (self.warnings if warning else self.errors).setdefault(key, [])
        if message not in found:
            found.append(message)


@dataclass
class WelshState:
    """The whole form; `errors` and `warnings` are the problems about no one box, `left_out`
    the ids the stored words have that the English findings do not (saving drops them)."""

    findings: list[Row] = field(default_factory=list)
    sources: list[Row] = field(default_factory=list)
    groups: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(
            any(row.errors.values()) for section in SECTIONS for row in getattr(self, section)
        )

    @property
    def warning_count(self) -> int:
        rows = [row for section in SECTIONS for row in getattr(self, section)]
        return len(self.warnings) + sum(len(w) for row in rows for w in row.warnings.values())

    def error_list(self) -> list[tuple[str | None, str]]:
        """(box id or None, message) for the error summary at the top of the page."""
        listed: list[tuple[str | None, str]] = [(None, message) for message in self.errors]
        for section in SECTIONS:
            for index, row in enumerate(getattr(self, section)):
                for key, messages in row.errors.items():
                    listed += [(box_id(section, index, key), m) for m in messages]
        return listed

    def words(self) -> WelshWords:
        """The Welsh words as typed, in the English order."""
        return WelshWords(
            sources={row.id: row.welsh["cite_as"] for row in self.sources},
            findings={
                row.id: (row.welsh["statement"], row.welsh["date_text"]) for row in self.findings
            },
            groups={row.id: row.welsh["label"] for row in self.groups},
        )


def box_id(section: str, index: int, key: str) -> str:
    """The name and id of a box: "finding-3-statement"."""
    return f"{section.removesuffix('s')}-{index}-{key}"


def _english_rows(english: FindingSet):
    findings = [
        (f.id, {"statement": f.statement, "date_text": f.date_text})
        for f in english.findings.values()
    ]
    sources = [
        (s.id, {"cite_as": s.cite_as or ", ".join(t for t in (s.publisher, s.title) if t)})
        for s in english.sources.values()
    ]
    groups = [(g.id, {"label": g.label}) for g in english.groups]
    return {"findings": findings, "sources": sources, "groups": groups}


def from_words(english: FindingSet, words: WelshWords) -> WelshState:
    """The form for stored Welsh words, each beside its English entry."""
    stored = {
        "findings": {
            fid: dict(zip(KEYS["findings"], pair, strict=True))
            for fid, pair in words.findings.items()
        },
        "sources": {sid: {"cite_as": text} for sid, text in words.sources.items()},
        "groups": {gid: {"label": text} for gid, text in words.groups.items()},
    }
    state = WelshState()
    for section, rows in _english_rows(english).items():
        for the_id, english_words in rows:
            found = stored[section].get(the_id, {})
            welsh = {key: found.get(key, "") for key in KEYS[section]}
            getattr(state, section).append(Row(the_id, english_words, welsh))
        known = {the_id for the_id, _words in rows}
        state.left_out += [the_id for the_id in stored[section] if the_id not in known]
    return state


def from_form(english: FindingSet, form: MultiDict) -> WelshState:
    """The form as posted: every box's text as typed (a browser's CRLF as LF); a box over its
    limit keeps its text and says so."""
    state = WelshState()
    for section, rows in _english_rows(english).items():
        for index, (the_id, english_words) in enumerate(rows):
            welsh = {}
            for key in KEYS[section]:
                name = box_id(section, index, key)
                text = (form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")
                welsh[key] = text
            row = Row(the_id, english_words, welsh)
            getattr(state, section).append(row)
            _check_row(section, row)
    return state


def _check_row(section: str, row: Row) -> None:
    """What the boxes must be before the file is written: within their limits, and a
    statement with its date."""
    for key, text in row.welsh.items():
        limit = LIMITS.get(key, SHORT_CHARS)
        if len(text) > limit:
            row.add(
                key,
                _(
                    "Keep this under %(limit)s characters: it has %(count)s.",
                    limit=f"{limit:,}",
                    count=f"{len(text):,}",
                ),
            )
    if (
        section == "findings"
        and row.welsh["statement"].strip()
        and not row.welsh["date_text"].strip()
    ):
        row.add(
            "date_text",
            _("Give the date as a Welsh letter writes it, such as “Hydref 2009”."),
        )


def to_text(state: WelshState, comments) -> str:
    return to_toml(state.words(), comments)


def place_problems(state: WelshState, text: str, problems) -> None:
    """Put each (severity, message, line) problem found in `text` (written from `state`)
    beside its box: by its line, else by the finding it names, else at the top."""
    written = _written(state)
    by_id = {row.id: row for row in state.findings}
    for severity, message, line in problems:
        warning = severity != "error"
        place = place_of_line(text, line)
        row = None
        key = ""
        if place is not None and place.index < len(written[place.section]):
            row = written[place.section][place.index]
            key = place.key if place.key in row.welsh else ""
        else:
            named = _NAMED.search(message)
            if named and named.group(1) in by_id:
                row = by_id[named.group(1)]
        if row is None:
            general = state.warnings if warning else state.errors
            if message not in general:
                general.append(message)
            continue
        section = (
            "findings" if row in state.findings else "sources" if row in state.sources else "groups"
        )
        row.add(key or KEYS[section][0], message, warning=warning)


def _written(state: WelshState) -> dict[str, list[Row]]:
    """The rows to_toml writes a table for, by section, in the file's order."""
    return {
        section: [
            row for row in getattr(state, section) if any(v.strip() for v in row.welsh.values())
        ]
        for section in SECTIONS
    }
