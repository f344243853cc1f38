"""The report's findings: a structured, validated TOML file that letters cite.

The file format is documented for campaign staff in templates/README.md. Every problem is raised as
a FindingsFileError naming the file, the line and the field, because staff fix these files by hand.

The findings' words may also be written in Welsh, in a file of their own beside it
(findings.cy.toml: each finding's statement and date_text, each source's cite_as, each group's
label, by id): `with_welsh` reads it into the findings (Finding.statement_cy, …), and
`FindingSet.in_language("cy")` is the findings as a Welsh letter reads them, each text in Welsh
where the Welsh file gives it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from letters.errors import FindingsFileError

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,59}")
_SOURCE_KEYS = frozenset({"publisher", "title", "kind", "date_text", "pages", "url", "cite_as"})
_FINDING_KEYS = frozenset(
    {"id", "statement", "figures", "date", "date_text", "sources", "quote", "speaker", "note"}
)
_GROUP_KEYS = frozenset({"id", "label", "finding_ids"})


@dataclass(frozen=True, slots=True)
class Source:
    """A published document that backs a finding."""

    id: str
    publisher: str
    title: str
    kind: str  # "report", "press release", …
    date_text: str
    pages: int | None = None
    url: str | None = None
    cite_as: str | None = None  # a shorter footnote form, when the file gives one
    cite_as_cy: str | None = None  # the footnote in a Welsh letter ("…, Ebrill 2010")

    @property
    def citation(self) -> str:
        """The footnote form: `cite_as`, or "publisher, title (kind, pages), date"."""
        if self.cite_as:
            return self.cite_as
        kind = self.kind if self.pages is None else f"{self.kind}, {self.pages} pages"
        return f"{self.publisher}, {self.title} ({kind}), {self.date_text}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One fact from the report, with its figures, an absolute date and its sources."""

    id: str
    statement: str
    figures: Mapping[str, int]
    date: dt.date
    date_text: str
    sources: tuple[Source, ...]
    quote: str | None = None  # the exact words, when the finding is a quotation
    speaker: str | None = None  # who said them, as the source attributes them
    # For staff, never printed: how the date was worked out where the source gives it only
    # relative to its own date ("the recent elections" in an April 2010 release → March 2010).
    note: str | None = None
    # In Welsh, for Welsh letters: the statement, and the date as a Welsh letter gives it.
    statement_cy: str | None = None
    date_text_cy: str | None = None

    @property
    def citation(self) -> str:
        """The footnote text: every source, in the order the file lists them."""
        return "; ".join(source.citation for source in self.sources) + "."


@dataclass(frozen=True, slots=True)
class AtRiskGroup:
    """A group of people the report finds at particular risk; supporters may pick one."""

    id: str
    label: str
    finding_ids: tuple[str, ...]
    label_cy: str | None = None  # the label on the Welsh page


@dataclass(frozen=True, slots=True)
class FindingSet:
    """All findings (by id, in file order) and the at-risk groups; `sources` holds every source
    the file defines (by id, in file order), cited or not, so a file can be written back whole."""

    findings: Mapping[str, Finding]
    groups: tuple[AtRiskGroup, ...]
    sources: Mapping[str, Source] = field(default_factory=lambda: MappingProxyType({}))

    def group(self, group_id: str | None) -> AtRiskGroup | None:
        """The at-risk group with this id, or None."""
        return next((g for g in self.groups if g.id == group_id), None)

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    def in_language(self, language: str) -> FindingSet:
        """The findings as a letter in `language` reads them: for "cy", each statement, date,
        footnote and group label in Welsh where the file gives one (else as written); for "en",
        these findings themselves."""
        if language == "en":
            return self
        if language != "cy":
            raise ValueError(f"findings are written in English or Welsh, not {language!r}")
        sources = {sid: _welsh_source(source) for sid, source in self.sources.items()}
        findings = {
            fid: replace(
                finding,
                statement=finding.statement_cy or finding.statement,
                date_text=finding.date_text_cy or finding.date_text,
                sources=tuple(sources.get(s.id) or _welsh_source(s) for s in finding.sources),
            )
            for fid, finding in self.findings.items()
        }
        groups = tuple(replace(g, label=g.label_cy or g.label) for g in self.groups)
        return FindingSet(MappingProxyType(findings), groups, MappingProxyType(sources))


def _welsh_source(source: Source) -> Source:
    return replace(source, cite_as=source.cite_as_cy) if source.cite_as_cy else source


def parse_findings(text: str, *, source_name: str, today: dt.date | None = None) -> FindingSet:
    """Parse and validate findings TOML; raises FindingsFileError with file, line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(exc)
        raise FindingsFileError(
            f"this is not valid TOML ({exc})", source=source_name, line=line
        ) from None
    check = _Checker(text, source_name, today or dt.date.today())
    unknown = set(data) - {"sources", "findings", "groups"}
    if unknown:
        key = sorted(unknown)[0]
        check.fail(f"unknown section {key!r}", None, key, field=key)
    sources = check.sources(data.get("sources"))
    findings = check.findings(data.get("findings"), sources)
    groups = check.groups(data.get("groups", []), findings)
    return FindingSet(
        findings=MappingProxyType(findings), groups=groups, sources=MappingProxyType(sources)
    )


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line of a TOML syntax error (Python 3.11's tomllib gives it only in the message)."""
    line = getattr(exc, "lineno", None)
    if line:
        return line
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def with_welsh(text: str, findings: FindingSet, *, source_name: str) -> FindingSet:
    """`findings` with their Welsh words from a findings.cy.toml text: each finding's
    `statement` and `date_text`, each source's `cite_as`, each group's `label`, by id (those it
    leaves out stay English only). Raises FindingsFileError with file, line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FindingsFileError(
            f"this is not valid TOML ({exc})", source=source_name, line=toml_error_line(exc)
        ) from None
    return _Checker(text, source_name, dt.date.today()).welsh(data, findings)


class _Checker:
    """Semantic checks; finds the line of the offending table or key by scanning the text."""

    def __init__(self, text: str, source_name: str, today: dt.date):
        self.lines = text.splitlines()
        self.source_name = source_name
        self.today = today

    # --- locating lines -----------------------------------------------------------------

    def _header_lines(self, header: re.Pattern[str]) -> list[int]:
        return [i for i, line in enumerate(self.lines) if header.match(line)]

    def line_of(self, table: str | None, key: str | None, index: int = 0) -> int | None:
        """1-based line of `key` inside the index-th `[[table]]` (or `[sources.<id>]`) table."""
        if table is None:
            start, end = 0, len(self.lines)
        else:
            starts = self._header_lines(_header_pattern(table))
            if index >= len(starts):
                return None
            start = starts[index]
            following = [i for i in self._header_lines(_ANY_HEADER) if i > start]
            end = following[0] if following else len(self.lines)
        if key is not None:
            key_re = re.compile(rf"\s*\"?{re.escape(key)}\"?\s*=")
            for i in range(start, end):
                if key_re.match(self.lines[i]):
                    return i + 1
        return start + 1 if table is not None else None

    def fail(self, message: str, table: str | None, key: str | None, *, field: str, index=0):
        raise FindingsFileError(
            message,
            source=self.source_name,
            line=self.line_of(table, key, index),
            field=field,
        )

    # --- sections -----------------------------------------------------------------------

    def sources(self, raw: object) -> dict[str, Source]:
        if not isinstance(raw, dict) or not raw:
            self.fail("add at least one [sources.<id>] table", None, None, field="sources")
        result = {}
        for sid, table in raw.items():
            where = f"sources.{sid}"
            if not ID_PATTERN.fullmatch(sid) or not isinstance(table, dict):
                self.fail(_ID_RULE, where, None, field=where)
            self._no_unknown_keys(table, _SOURCE_KEYS, where, where)
            text = {
                k: self._text(table, k, where, required=k not in _OPTIONAL_TEXT)
                for k in _SOURCE_TEXT
            }
            pages = table.get("pages")
            if pages is not None and (type(pages) is not int or pages < 1):
                self.fail("pages must be a whole number", where, "pages", field=f"{where}.pages")
            result[sid] = Source(id=sid, pages=pages, **text)
        return result

    def findings(self, raw: object, sources: Mapping[str, Source]) -> dict[str, Finding]:
        if not isinstance(raw, list) or not raw:
            self.fail("add at least one [[findings]] table", None, None, field="findings")
        result: dict[str, Finding] = {}
        for index, table in enumerate(raw):
            finding = self._finding(table, index, sources)
            if finding.id in result:
                self.fail(
                    f"the id {finding.id!r} is used twice",
                    "findings",
                    "id",
                    field="id",
                    index=index,
                )
            result[finding.id] = finding
        return result

    def _finding(self, table: dict, index: int, sources: Mapping[str, Source]) -> Finding:
        def fail(message: str, key: str) -> None:
            self.fail(message, "findings", key, field=key, index=index)

        self._no_unknown_keys(table, _FINDING_KEYS, "findings", None, index)
        fid = table.get("id")
        if not isinstance(fid, str) or not ID_PATTERN.fullmatch(fid):
            fail(_ID_RULE, "id")
        texts = {
            k: self._text(table, k, "findings", index=index) for k in ("statement", "date_text")
        }
        date = table.get("date")
        if type(date) is not dt.date:
            fail("date must be a date written like 2009-10-01 (no quotes)", "date")
        if date > self.today:
            fail(f"date {date.isoformat()} is in the future", "date")
        figures = table.get("figures", {})
        if not isinstance(figures, dict) or any(
            type(v) is not int or not ID_PATTERN.fullmatch(k) for k, v in figures.items()
        ):
            fail("figures must be whole numbers, like { removed = 44 }", "figures")
        source_ids = table.get("sources")
        if not isinstance(source_ids, list) or not source_ids:
            fail('list at least one source, like sources = ["report"]', "sources")
        missing = [s for s in source_ids if s not in sources]
        if missing:
            fail(f"unknown source {missing[0]!r}; define it as [sources.{missing[0]}]", "sources")
        quote, speaker, note = (
            self._text(table, k, "findings", False, index) for k in ("quote", "speaker", "note")
        )
        if (quote is None) != (speaker is None):
            fail("a quote needs a speaker, and a speaker needs a quote", "quote")
        return Finding(
            id=fid,
            figures=MappingProxyType(dict(figures)),
            date=date,
            sources=tuple(sources[s] for s in source_ids),
            quote=quote,
            speaker=speaker,
            note=note,
            **texts,
        )

    def groups(self, raw: object, findings: Mapping[str, Finding]) -> tuple[AtRiskGroup, ...]:
        if not isinstance(raw, list):
            self.fail("groups must be [[groups]] tables", None, "groups", field="groups")
        result: list[AtRiskGroup] = []
        for index, table in enumerate(raw):
            self._no_unknown_keys(table, _GROUP_KEYS, "groups", None, index)
            gid = table.get("id")
            if not isinstance(gid, str) or not ID_PATTERN.fullmatch(gid):
                self.fail(_ID_RULE, "groups", "id", field="id", index=index)
            if any(g.id == gid for g in result):
                self.fail(
                    f"the group id {gid!r} is used twice", "groups", "id", field="id", index=index
                )
            label = self._text(table, "label", "groups", index=index)
            ids = table.get("finding_ids")
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
                self.fail(
                    "list the finding ids",
                    "groups",
                    "finding_ids",
                    field="finding_ids",
                    index=index,
                )
            unknown = [i for i in ids if i not in findings]
            if unknown:
                self.fail(
                    f"no finding has the id {unknown[0]!r}",
                    "groups",
                    "finding_ids",
                    field="finding_ids",
                    index=index,
                )
            result.append(AtRiskGroup(id=gid, label=label, finding_ids=tuple(ids)))
        return tuple(result)

    # --- the Welsh file -----------------------------------------------------------------

    def welsh(self, data: dict, findings: FindingSet) -> FindingSet:
        unknown = sorted(set(data) - {"sources", "findings", "groups"})
        if unknown:
            self.fail(f"unknown section {unknown[0]!r}", None, unknown[0], field=unknown[0])
        sources = dict(findings.sources)
        for sid, table in (data.get("sources") or {}).items():
            where = f"sources.{sid}"
            self._no_unknown_keys(table, frozenset({"cite_as"}), where, where)
            if sid not in sources:
                self.fail(f"findings.toml has no source {sid!r}", where, None, field=where)
            sources[sid] = replace(sources[sid], cite_as_cy=self._text(table, "cite_as", where))
        welsh = {}
        for index, table in enumerate(self._tables(data, "findings")):
            self._no_unknown_keys(
                table, frozenset({"id", "statement", "date_text"}), "findings", None, index
            )
            fid = self._known_id(table, findings.findings, "findings", index)
            statement, date_text = (
                self._text(table, k, "findings", False, index) for k in ("statement", "date_text")
            )
            if date_text is None:
                self.fail(
                    'give the date as a Welsh letter writes it, like date_text = "Hydref 2009"',
                    "findings",
                    "date_text",
                    field="date_text",
                    index=index,
                )
            welsh[fid] = (statement, date_text)
        labels = {}
        for index, table in enumerate(self._tables(data, "groups")):
            self._no_unknown_keys(table, frozenset({"id", "label"}), "groups", None, index)
            gid = self._known_id(table, {g.id: g for g in findings.groups}, "groups", index)
            labels[gid] = self._text(table, "label", "groups", index=index)
        merged = {
            fid: replace(
                finding,
                statement_cy=welsh.get(fid, (finding.statement_cy,))[0],
                date_text_cy=welsh[fid][1] if fid in welsh else finding.date_text_cy,
                sources=tuple(sources.get(s.id, s) for s in finding.sources),
            )
            for fid, finding in findings.findings.items()
        }
        groups = tuple(replace(g, label_cy=labels.get(g.id, g.label_cy)) for g in findings.groups)
        return FindingSet(MappingProxyType(merged), groups, MappingProxyType(sources))

    def _tables(self, data: dict, section: str) -> list:
        tables = data.get(section, [])
        if not isinstance(tables, list):
            self.fail(f"{section} must be [[{section}]] tables", None, section, field=section)
        return tables

    def _known_id(self, table: dict, known, section: str, index: int) -> str:
        the_id = table.get("id")
        if not isinstance(the_id, str) or the_id not in known:
            what = "finding" if section == "findings" else "group"
            self.fail(
                f"findings.toml has no {what} with the id {the_id!r}",
                section,
                "id",
                field="id",
                index=index,
            )
        return the_id

    # --- values -------------------------------------------------------------------------

    def _text(self, table, key, where, required=True, index=0) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key} must be some text in quotes", where, key, field=key, index=index)
        return value.strip()

    def _no_unknown_keys(self, table, allowed, where, field_prefix, index=0) -> None:
        if not isinstance(table, dict):
            self.fail("this must be a table", where, None, field=where, index=index)
        unknown = sorted(set(table) - allowed)
        if unknown:
            key = unknown[0]
            field = f"{field_prefix}.{key}" if field_prefix else key
            known = ", ".join(sorted(allowed))
            self.fail(
                f"unknown field {key!r} (known: {known})", where, key, field=field, index=index
            )


_ID_RULE = "ids are lower-case letters, digits and underscores, starting with a letter"
_SOURCE_TEXT = ("publisher", "title", "kind", "date_text", "url", "cite_as")
_OPTIONAL_TEXT = frozenset({"url", "cite_as"})
_ANY_HEADER = re.compile(r"\s*\[")


def _header_pattern(table: str) -> re.Pattern[str]:
    """`findings` → `[[findings]]`; `sources.report` → `[sources.report]` (quotes optional)."""
    if "." in table:
        first, rest = table.split(".", 1)
        return re.compile(rf"\s*\[\s*{first}\s*\.\s*\"?{re.escape(rest)}\"?\s*\]")
    return re.compile(rf"\s*\[\[\s*{re.escape(table)}\s*\]\]")
