"""Writing findings back as the TOML file staff used to edit by hand (letters.findings reads it).

The staff area edits the findings as a form; saving writes the form's findings with `to_toml`,
so a stored version is the same file as ever and the checks, publishing and diffs read it
unchanged. `to_toml` lays the file out as the shipped one is laid out (the keys in the same
order, a figure list on one line, one blank line between tables), and puts back the comments
`comments_of` found above each table, so saving unchanged findings changes no line. Comments in
the middle of a table are not kept.

`place_of_line` says which table and key a line of such a file belongs to, so a problem the
checks report by line can be shown beside the box it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from letters.findings import ID_PATTERN, AtRiskGroup, Finding, FindingSet, Source

__all__ = ["HEAD", "TAIL", "Place", "comments_of", "place_of_line", "table_key", "to_toml"]

HEAD = "head"  # the comments at the top of the file, before any table
TAIL = "tail"  # the comments after the last table
_HEADER = re.compile(
    r"\s*(?:\[\[\s*(?P<array>findings|groups)\s*\]\]|\[\s*sources\s*\.\s*\"?(?P<source>[^\]\"]*)\"?\s*\])"
)
_KEY = re.compile(r"\s*\"?([A-Za-z0-9_-]+)\"?\s*=")


def table_key(section: str, table_id: str) -> str:
    """The key of a table's comments: "findings.uk_returns_baghdad", "sources.report"."""
    return f"{section}.{table_id}"


def to_toml(findings: FindingSet, comments: Mapping[str, str] | None = None) -> str:
    """The findings file for `findings`: every source (those of `findings.sources`, then any a
    finding cites that is not among them), the findings and the groups, in order; `comments`
    (from `comments_of`) are put back above the tables they were above."""
    comments = comments or {}
    sources = dict(findings.sources)
    for finding in findings.findings.values():
        for source in finding.sources:
            sources.setdefault(source.id, source)
    tables = [
        *((table_key("sources", s.id), _source_lines(s)) for s in sources.values()),
        *((table_key("findings", f.id), _finding_lines(f)) for f in findings.findings.values()),
        *((table_key("groups", g.id), _group_lines(g)) for g in findings.groups),
    ]
    lines = _comment_lines(comments.get(HEAD, ""))
    for number, (key, body) in enumerate(tables):
        if number:
            lines.append("")
        lines.extend(_comment_lines(comments.get(key, "")))
        lines.extend(body)
    tail = _comment_lines(comments.get(TAIL, ""))
    if tail:
        lines.extend(["", *tail])
    return "\n".join(lines) + "\n"


def _comment_lines(block: str) -> list[str]:
    """A comment block as lines; only comment and blank lines are written, so a block can never
    add a key or a table."""
    if not block.strip():
        return []
    lines = ["".join(c for c in line if _printable(c)) for line in block.split("\n")]
    return [line if _is_comment(line) else "" for line in lines]


def _printable(char: str) -> bool:
    """A character a TOML comment may hold (no control character but the tab)."""
    return char == "\t" or (char >= " " and char != "\x7f")


def _source_lines(source: Source) -> list[str]:
    lines = [f"[sources.{_key(source.id)}]"]
    lines += _pairs(
        ("publisher", source.publisher),
        ("title", source.title),
        ("kind", source.kind),
        ("pages", source.pages),
        ("date_text", source.date_text),
        ("url", source.url),
        ("cite_as", source.cite_as),
    )
    return lines


def _finding_lines(finding: Finding) -> list[str]:
    figures = ", ".join(f"{_key(name)} = {value}" for name, value in finding.figures.items())
    return [
        "[[findings]]",
        *_pairs(
            ("id", finding.id),
            ("statement", finding.statement),
            ("quote", finding.quote),
            ("speaker", finding.speaker),
        ),
        *([f"figures = {{ {figures} }}"] if figures else []),
        f"date = {finding.date.isoformat()}",
        *_pairs(("date_text", finding.date_text), ("note", finding.note)),
        f"sources = {_string_list(s.id for s in finding.sources)}",
    ]


def _group_lines(group: AtRiskGroup) -> list[str]:
    return [
        "[[groups]]",
        *_pairs(("id", group.id), ("label", group.label)),
        f"finding_ids = {_string_list(group.finding_ids)}",
    ]


def _pairs(*pairs: tuple[str, str | int | None]) -> list[str]:
    """`key = value` lines for the values that are there (None is left out, as the file does)."""
    return [
        f"{key} = {value if isinstance(value, int) else _string(value)}"
        for key, value in pairs
        if value is not None
    ]


def _string_list(values) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _key(name: str) -> str:
    """A bare key when the name allows one (ids always do), else a quoted one."""
    return name if ID_PATTERN.fullmatch(name) else _string(name)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    """A TOML basic string on one line: quotes, backslashes and control characters escaped;
    every other character (curly quotes, accents, Arabic) written as it is."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def comments_of(text: str) -> dict[str, str]:
    """The comment lines above each table of a findings file, by `table_key` (the first block
    as HEAD, the last as TAIL), with a blank line kept where one stood between the comments and
    the table below them."""
    lines = text.split("\n")
    headers = [number for number, row in enumerate(lines) if _HEADER.match(row)]
    found = {HEAD: _block_above(lines, headers[0] if headers else len(lines), 0)}
    for number, start in enumerate(headers[1:], start=1):
        end = headers[number + 1] if number + 1 < len(headers) else len(lines)
        key = _key_of_table(lines, start, end)
        if key is not None:
            found[key] = _block_above(lines, start, headers[number - 1] + 1)
    if headers:
        found[TAIL] = _block_above(lines, len(lines), headers[-1] + 1).rstrip("\n")
    return {key: block for key, block in found.items() if block}


def _block_above(lines: list[str], end: int, floor: int) -> str:
    """The comment and blank lines just above line `end` (0-based), down to `floor` or the
    nearest key: leading blank lines dropped, trailing ones kept as one."""
    start = end
    while start > floor and (not lines[start - 1].strip() or _is_comment(lines[start - 1])):
        start -= 1
    block = lines[start:end]
    while block and not block[0].strip():
        block = block[1:]
    kept = len(block)
    while kept and not block[kept - 1].strip():
        kept -= 1
    if not kept:
        return ""
    return "\n".join(block[:kept] + ([""] if kept < len(block) else []))


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _key_of_table(lines: list[str], start: int, end: int) -> str | None:
    """The `table_key` of the table whose header is line `start`, or None without an id."""
    header = _HEADER.match(lines[start])
    if header.group("source") is not None:
        return table_key("sources", header.group("source"))
    for row in lines[start + 1 : end]:
        found = _ID_LINE.match(row)
        if found:
            return table_key(header.group("array"), found.group(1))
    return None


_ID_LINE = re.compile(r"\s*id\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a line of a findings file is: the `index`-th table of `section` ("sources",
    "findings" or "groups"), at `key` (None for the table's header or a line between keys)."""

    section: str
    index: int
    key: str | None


def place_of_line(text: str, line: int | None) -> Place | None:
    """The table and key of a 1-based line, or None for a line outside every table."""
    lines = text.split("\n")
    if not line or not 0 < line <= len(lines):
        return None
    counts = {"sources": 0, "findings": 0, "groups": 0}
    current: tuple[str, int] | None = None
    for row in lines[:line]:
        header = _HEADER.match(row)
        if header:
            section = header.group("array") or "sources"
            current = (section, counts[section])
            counts[section] += 1
    if current is None:
        return None
    row = lines[line - 1]
    key = None if _HEADER.match(row) else _KEY.match(row)
    return Place(current[0], current[1], key.group(1) if key else None)
