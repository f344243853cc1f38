"""Reading and writing the findings' Welsh words (findings.cy.toml) as the staff form edits them.

The file holds, by id, each source's `cite_as`, each finding's `statement` and `date_text` and
each group's `label` in Welsh (letters.findings.with_welsh reads and checks it). `read_words`
gives those words as plain dictionaries; `to_toml` writes them back laid out as the shipped
file is (sources, findings, groups; one blank line between tables), keeping the comments
letters.findings_toml.comments_of found above each table, the file's header among them. An
entry with no words is left out, as the file leaves out what it does not translate.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

from letters.errors import LettersError
from letters.findings_toml import HEAD, TAIL, table_key

__all__ = ["WelshWords", "read_words", "to_toml"]


@dataclass
class WelshWords:
    """The Welsh words of a findings.cy.toml, by id, in the file's order: sources' `cite_as`,
    findings' (statement, date_text) (either may be ""), groups' `label`."""

    sources: dict[str, str] = field(default_factory=dict)
    findings: dict[str, tuple[str, str]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


def read_words(text: str) -> WelshWords:
    """The words `text` gives; raises LettersError when it is not TOML. Values that are not
    text are read as none (the checks say what is wrong with them)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LettersError(f"this is not valid TOML ({exc})") from None
    words = WelshWords()
    sources = data.get("sources")
    if isinstance(sources, dict):
        for sid, table in sources.items():
            if isinstance(table, dict):
                words.sources[sid] = _text(table.get("cite_as"))
    for table in _tables(data, "findings"):
        the_id = table.get("id")
        if isinstance(the_id, str):
            words.findings[the_id] = (
                _text(table.get("statement")),
                _text(table.get("date_text")),
            )
    for table in _tables(data, "groups"):
        the_id = table.get("id")
        if isinstance(the_id, str):
            words.groups[the_id] = _text(table.get("label"))
    return words


def _tables(data: dict, section: str) -> list[dict]:
    tables = data.get(section)
    return [t for t in tables if isinstance(t, dict)] if isinstance(tables, list) else []


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def to_toml(words: WelshWords, comments: Mapping[str, str] | None = None) -> str:
    """The findings.cy.toml for `words` (entries without words left out), with `comments` (from
    letters.findings_toml.comments_of) put back above the tables they were above."""
    comments = comments or {}
    tables: list[tuple[str, list[str]]] = []
    for sid, cite_as in words.sources.items():
        if cite_as.strip():
            tables.append(
                (table_key("sources", sid), [f"[sources.{_key(sid)}]", _pair("cite_as", cite_as)])
            )
    for fid, (statement, date_text) in words.findings.items():
        if statement.strip() or date_text.strip():
            body = ["[[findings]]", _pair("id", fid)]
            body += [_pair("statement", statement)] if statement.strip() else []
            body += [_pair("date_text", date_text)] if date_text.strip() else []
            tables.append((table_key("findings", fid), body))
    for gid, label in words.groups.items():
        if label.strip():
            tables.append(
                (table_key("groups", gid), ["[[groups]]", _pair("id", gid), _pair("label", label)])
            )
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
    """A comment block as lines: only comments and blank lines, so it can add no key."""
    if not block.strip():
        return []
    lines = [
        "".join(c for c in line if c == "\t" or (c >= " " and c != "\x7f"))
        for line in block.split("\n")
    ]
    return [line if line.lstrip().startswith("#") else "" for line in lines]


def _pair(key: str, value: str) -> str:
    return f"{key} = {_string(value.strip())}"


def _key(name: str) -> str:
    """A bare key for a plain id, else a quoted one."""
    plain = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    return name if plain else _string(name)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(text: str) -> str:
    """A TOML basic string on one line; every character but quotes, backslashes and control
    characters written as it is (curly quotes, ŵ, ŷ)."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
