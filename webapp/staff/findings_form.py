"""The findings editor's state between requests: the sources, findings and at-risk groups as
the form holds them, so every button (add a finding, remove a figure…) works without JavaScript
and nothing typed is lost.

The form posts everything every time: `source-<i>-<key>`, `finding-<i>-<key>` (with
`finding-<i>-figure-<k>-name` / `-value` and the ticked `finding-<i>-source` boxes) and
`group-<i>-<key>` (with the ticked `group-<i>-finding` boxes). A tick names a source or a
finding by its place in the same post, and a hidden `…-order` keeps the order the file gave, so
a finding renamed in the same post keeps its groups. A button's `op` names what to do; Save
writes the state as the findings file (webapp.staff.findings_file), or says which box is
wrong, in plain words, beside that box.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from letters.findings import parse_findings
from letters.findings_toml import HEAD, TAIL, comments_of, table_key
from webapp.i18n import _, _l

MAX_SOURCES, MAX_FINDINGS, MAX_FIGURES, MAX_GROUPS = 30, 200, 20, 30
LONG_CHARS = 3_000  # a statement, a quotation, a note
SHORT_CHARS = 300  # a name, a title, a date as letters give it
URL_CHARS = 2_000
SOURCE_TEXT = ("publisher", "title", "kind", "date_text", "pages", "url", "cite_as")
FINDING_TEXT = ("id", "statement", "date", "date_text", "quote", "speaker", "note")
SOURCE_NEEDS = ("publisher", "title", "kind", "date_text")
_OP = re.compile(
    r"(add-finding|add-source|add-group)|"
    r"(remove-finding|remove-source|remove-group|add-figure)-(\d{1,3})|"
    r"remove-figure-(\d{1,3})-(\d{1,2})"
)
_FINDING_NAMED = re.compile(r"^Finding “[^”]*”:\s*")  # the checks' own "Finding “id”: "
FIELD_NAMES = {
    "id": _l("short name"),
    "statement": _l("statement"),
    "date": _l("date"),
    "date_text": _l("date as letters give it"),
    "sources": _l("sources"),
    "figures": _l("figures"),
    "quote": _l("quotation"),
    "speaker": _l("speaker"),
    "note": _l("note"),
    "publisher": _l("publisher"),
    "title": _l("title"),
    "kind": _l("kind"),
    "pages": _l("pages"),
    "url": _l("web address"),
    "cite_as": _l("footnote"),
    "label": _l("label"),
    "findings": _l("findings"),
}
_PLACES = {
    "sources": _l("Source %(number)s"),
    "findings": _l("Finding %(number)s"),
    "groups": _l("Group %(number)s"),
}


@dataclass
class Entry:
    """One source, finding or group: its problems by box ("statement", "figure-2"; "" for the
    entry as a whole), each message already naming the entry and the box."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Figure:
    name: str = ""
    value: str = ""

    @property
    def blank(self) -> bool:
        """Just added, nothing typed yet."""
        return not (self.name.strip() or self.value.strip())


@dataclass
class SourceState(Entry):
    id: str = ""
    publisher: str = ""
    title: str = ""
    kind: str = ""
    date_text: str = ""
    pages: str = ""
    url: str = ""
    cite_as: str = ""
    comment: str = ""  # the file's comment above the table, kept as it was

    @property
    def blank(self) -> bool:
        return not any(getattr(self, k).strip() for k in ("id", *SOURCE_TEXT))

    @property
    def name(self) -> str:
        """How a finding's "Sources" box names it."""
        return self.cite_as or ", ".join(t for t in (self.publisher, self.title) if t) or self.id


@dataclass
class FindingState(Entry):
    id: str = ""
    statement: str = ""
    date: str = ""
    date_text: str = ""
    sources: list[int] = field(default_factory=list)  # places in the sources list, in order
    figures: list[Figure] = field(default_factory=list)
    quote: str = ""
    speaker: str = ""
    note: str = ""
    comment: str = ""

    @property
    def blank(self) -> bool:
        typed = any(getattr(self, k).strip() for k in FINDING_TEXT)
        return not (typed or self.sources or any(not f.blank for f in self.figures))


@dataclass
class GroupState(Entry):
    id: str = ""
    label: str = ""
    findings: list[int] = field(default_factory=list)  # places in the findings list, in order
    comment: str = ""

    @property
    def blank(self) -> bool:
        return not (self.id.strip() or self.label.strip() or self.findings)


@dataclass
class FindingsState:
    """The whole file as the form holds it; `errors` and `warnings` are the problems that are
    not about one box (a letter that no longer works with these findings, say)."""

    sources: list[SourceState] = field(default_factory=list)
    findings: list[FindingState] = field(default_factory=list)
    groups: list[GroupState] = field(default_factory=list)
    head: str = ""
    tail: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def finding_names(self) -> list[str]:
        """How a group's "Findings" boxes name each finding: its number and first words."""
        return [
            _("Finding %(number)s: %(statement)s", number=n, statement=_start(f.statement))
            for n, f in enumerate(self.findings, start=1)
        ]

    @property
    def warning_count(self) -> int:
        """How many warnings there are, beside boxes or not (they never stop a save)."""
        entries = [*self.sources, *self.findings, *self.groups]
        return len(self.warnings) + sum(len(w) for e in entries for w in e.warnings.values())

    @property
    def has_errors(self) -> bool:
        entries = [*self.sources, *self.findings, *self.groups]
        return bool(self.errors) or any(any(e.errors.values()) for e in entries)

    def add(self, section: str, index: int, key: str, message: str, *, warning=False) -> None:
        """A problem beside box `key` of the `index`-th entry of `section`, named in plain words
        ("Finding 3, statement: …"); shown once however often it is found."""
        where = _PLACES[section] % {"number": index + 1}
        box = FIELD_NAMES.get(key)
        if key.startswith("figure-"):
            box = _("figure %(number)s", number=int(key.removeprefix("figure-")) + 1)
        text = _FINDING_NAMED.sub("", message)
        shown = (
            _("%(where)s, %(box)s: %(problem)s", where=where, box=box, problem=text)
            if box
            else _("%(where)s: %(problem)s", where=where, problem=text)
        )
        entry = getattr(self, section)[index]
        found = (entry.warnings if warning else entry.errors).setdefault(key, [])
        if shown not in found:
            found.append(shown)


def _start(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- in: a stored version, or the posted form ------------------------------------------------


def from_text(text: str, *, today: dt.date | None = None) -> FindingsState:
    """The form for a stored findings file (raises FindingsFileError when it cannot be read)."""
    findings = parse_findings(text, source_name="findings.toml", today=today)
    comments = comments_of(text)
    sources = list(findings.sources.values())
    place = {source.id: number for number, source in enumerate(sources)}
    order = {finding_id: number for number, finding_id in enumerate(findings.findings)}
    return FindingsState(
        sources=[
            SourceState(
                **{k: _shown(getattr(s, k)) for k in ("id", *SOURCE_TEXT)},
                comment=comments.get(table_key("sources", s.id), ""),
            )
            for s in sources
        ],
        findings=[
            FindingState(
                id=f.id,
                statement=f.statement,
                date=f.date.isoformat(),
                date_text=f.date_text,
                sources=[place[s.id] for s in f.sources],
                figures=[Figure(name, str(value)) for name, value in f.figures.items()],
                quote=f.quote or "",
                speaker=f.speaker or "",
                note=f.note or "",
                comment=comments.get(table_key("findings", f.id), ""),
            )
            for f in findings.findings.values()
        ],
        groups=[
            GroupState(
                id=g.id,
                label=g.label,
                findings=[order[i] for i in g.finding_ids],
                comment=comments.get(table_key("groups", g.id), ""),
            )
            for g in findings.groups
        ],
        head=comments.get(HEAD, ""),
        tail=comments.get(TAIL, ""),
    )


def _shown(value: str | int | None) -> str:
    return "" if value is None else str(value)


def from_form(form: MultiDict) -> FindingsState:
    """The state the form posted; sizes are held to the limits the boxes carry."""
    state = FindingsState(
        head=_text(form, "head", LONG_CHARS), tail=_text(form, "tail", LONG_CHARS)
    )
    for i in range(MAX_SOURCES):
        prefix = f"source-{i}-"
        if prefix + "id" not in form:
            break
        texts = {k: _text(form, prefix + k, _limit(k)) for k in ("id", *SOURCE_TEXT, "comment")}
        state.sources.append(SourceState(**texts))
    for i in range(MAX_FINDINGS):
        prefix = f"finding-{i}-"
        if prefix + "id" not in form:
            break
        texts = {k: _text(form, prefix + k, _limit(k)) for k in (*FINDING_TEXT, "comment")}
        figures = [
            Figure(_text(form, f"{figure}-name"), _text(form, f"{figure}-value"))
            for figure in (f"{prefix}figure-{k}" for k in range(MAX_FIGURES))
            if f"{figure}-name" in form
        ]
        ticked = _places(form, prefix + "source", prefix + "source-order", len(state.sources))
        state.findings.append(FindingState(**texts, figures=figures, sources=ticked))
    for i in range(MAX_GROUPS):
        prefix = f"group-{i}-"
        if prefix + "id" not in form:
            break
        ticked = _places(form, prefix + "finding", prefix + "finding-order", len(state.findings))
        state.groups.append(
            GroupState(
                id=_text(form, prefix + "id"),
                label=_text(form, prefix + "label"),
                comment=_text(form, prefix + "comment", LONG_CHARS),
                findings=ticked,
            )
        )
    return state


def _limit(key: str) -> int:
    if key in ("statement", "quote", "note", "comment"):
        return LONG_CHARS
    return URL_CHARS if key == "url" else SHORT_CHARS


def _text(form: MultiDict, name: str, limit: int = SHORT_CHARS) -> str:
    """A box's text as typed (a browser's CRLF as LF), cut to its limit."""
    return (form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")[:limit]


def _places(form: MultiDict, ticks: str, order: str, size: int) -> list[int]:
    """The ticked places, in the order the hidden field kept, then any newly ticked."""
    ticked = {int(v) for v in form.getlist(ticks) if v.isdigit() and int(v) < size}
    kept = [int(v) for v in (form.get(order) or "").split() if v.isdigit()]
    first = [v for v in dict.fromkeys(kept) if v in ticked]
    return first + sorted(ticked - set(first))


# --- the buttons -----------------------------------------------------------------------------


def apply(state: FindingsState, op: str) -> tuple[FindingsState, str | None]:
    """Do what a button asked; returns the state and the id of the box to put the cursor in."""
    match = _OP.fullmatch(op or "")
    if match is None:
        return state, None
    added, what, index = match.group(1), match.group(2), match.group(3)
    if added == "add-finding" and len(state.findings) < MAX_FINDINGS:
        state.findings.append(FindingState())
        return state, f"finding-{len(state.findings) - 1}-statement"
    if added == "add-source" and len(state.sources) < MAX_SOURCES:
        state.sources.append(SourceState())
        return state, f"source-{len(state.sources) - 1}-id"
    if added == "add-group" and len(state.groups) < MAX_GROUPS:
        state.groups.append(GroupState())
        return state, f"group-{len(state.groups) - 1}-id"
    if match.group(4) is not None:
        return _remove_figure(state, int(match.group(4)), int(match.group(5)))
    index = int(index) if index is not None else -1
    if what == "add-figure" and index < len(state.findings):
        finding = state.findings[index]
        if len(finding.figures) < MAX_FIGURES:
            finding.figures.append(Figure())
            return state, f"finding-{index}-figure-{len(finding.figures) - 1}-name"
    elif what == "remove-finding" and index < len(state.findings):
        state.findings.pop(index)
        for group in state.groups:
            group.findings = _without(group.findings, index)
    elif what == "remove-source" and index < len(state.sources):
        state.sources.pop(index)
        for finding in state.findings:
            finding.sources = _without(finding.sources, index)
    elif what == "remove-group" and index < len(state.groups):
        state.groups.pop(index)
    return state, None


def _remove_figure(state: FindingsState, index: int, number: int):
    if index < len(state.findings) and number < len(state.findings[index].figures):
        state.findings[index].figures.pop(number)
    return state, None


def _without(places: list[int], gone: int) -> list[int]:
    """Places in a list after its `gone`-th item was removed."""
    return [p - (p > gone) for p in places if p != gone]


# --- for the page ------------------------------------------------------------------------------

_PREFIXES = (("findings", "finding"), ("sources", "source"), ("groups", "group"))


def box_id(prefix: str, index: int, key: str) -> str:
    """The id of the box a problem is beside ("finding-2-statement"; the entry's own fieldset
    for a problem about the entry as a whole)."""
    if not key:
        return f"{prefix}-{index}"
    if key.startswith("figure-"):
        return f"{prefix}-{index}-{key}-name"
    return f"{prefix}-{index}-{key}"


def error_list(state: FindingsState) -> list[tuple[str | None, str]]:
    """(box id, message) for every error, in the page's order, for the summary at the top."""
    items: list[tuple[str | None, str]] = [(None, message) for message in state.errors]
    for section, prefix in _PREFIXES:
        for index, entry in enumerate(getattr(state, section)):
            for key, messages in entry.errors.items():
                items.extend((box_id(prefix, index, key), message) for message in messages)
    return items
