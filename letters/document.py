"""A letter as a structured document: its parts and their wordings, stored as data.

Campaign staff are not programmers, so a campaign's letter is a LetterDocument they edit part by
part (the subject, the opening, paragraphs, the supporter's own words, the ask, the closing), each
part with one or more wordings. Supporters' letters still come from the sandbox (letters.sandbox):
`to_template` writes the template a programmer would have written by hand, so the letter, its
footnotes and its variation (letters.variation) are exactly that template's. A raw template stays
possible ("advanced mode"); `is_document` tells the two apart.

Staff text is only ever data: no character of it can be read as template syntax. In the editor a
wording is a plain text box in which chips (a figure, a date, a source, the MP's name…) appear as
bracketed labels; `wording_to_text` and `text_to_wording` convert, and say what is wrong where.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from letters.bodyformat import in_words
from letters.errors import LettersError, TemplateProblem
from letters.findings import ID_PATTERN, Finding, FindingSet
from letters.i18n import gettext as _
from letters.sandbox import LetterTemplate

__all__ = [
    "CHIP_KINDS",
    "FORMAT",
    "MAX_PARTS",
    "MAX_WORDINGS",
    "MAX_WORDING_CHARS",
    "PART_KINDS",
    "Chip",
    "ChipChoice",
    "Condition",
    "DocumentError",
    "DocumentIssue",
    "LetterDocument",
    "Part",
    "Text",
    "TextProblem",
    "Wording",
    "WordingTextError",
    "chip_menu",
    "describe_changes",
    "document_issues",
    "from_json",
    "is_document",
    "part_names",
    "readable",
    "template_parts",
    "template_text",
    "text_problems",
    "text_to_wording",
    "to_json",
    "to_template",
    "wording_to_text",
]

FORMAT = "letter-document/1"
PartKind = Literal["subject", "opening", "paragraph", "own_words", "ask", "closing"]
PART_KINDS: tuple[str, ...] = ("subject", "opening", "paragraph", "own_words", "ask", "closing")
ChipKind = Literal["figure", "figure_words", "date", "cite", "constituency", "mp", "own_words"]
CHIP_KINDS: tuple[str, ...] = (
    "figure", "figure_words", "date", "cite", "constituency", "mp", "own_words",
)  # fmt: skip
OwnWords = Literal["any", "given", "not_given"]
_OWN_WORDS = ("any", "given", "not_given")
Severity = Literal["error", "warning"]

# A letter stays something a person can read and check: these limits are generous.
MAX_PARTS = 40
MAX_WORDINGS = 6
MAX_WORDING_CHARS = 2_000
_JSON_LIMIT = 1_000_000  # characters; far more than 40 parts of 6 wordings of 2,000

_FIGURE_CHIPS = frozenset({"figure", "figure_words"})
_FINDING_CHIPS = frozenset({"figure", "figure_words", "date", "cite"})
_ID_RULE = "lower-case letters, digits and underscores, starting with a letter"


class DocumentError(LettersError):
    """A letter document that cannot be read or built; the message says where and why."""


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Words exactly as staff wrote them (never template code)."""

    text: str

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise DocumentError("A piece of text must be text.")


@dataclass(frozen=True, slots=True)
class Chip:
    """Something the letter fills in: a finding's figure, date or source, or a name.

    Ids are checked here, not only when reading JSON, because they are written into the
    template: whatever builds a Chip, it cannot carry template code.
    """

    kind: ChipKind
    finding: str = ""  # a finding id (figure, figure_words, date, cite)
    name: str = ""  # a figure's name (figure, figure_words)

    def __post_init__(self) -> None:
        problem = _chip_problem(self.kind, self.finding, self.name)
        if problem:
            raise DocumentError(problem)


Piece = Text | Chip


@dataclass(frozen=True, slots=True)
class Wording:
    """One way of writing a part; each letter gets one of a part's wordings."""

    pieces: tuple[Piece, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "pieces", tuple(self.pieces))
        if not all(isinstance(piece, Text | Chip) for piece in self.pieces):
            raise DocumentError("A wording is made of pieces of text and chips.")


@dataclass(frozen=True, slots=True)
class Condition:
    """Who gets a part: supporters who chose one of `groups` (none listed: everyone), and
    according to whether they wrote their own words."""

    groups: tuple[str, ...] = ()
    own_words: OwnWords = "any"

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.groups))
        problem = _condition_problem(self.groups, self.own_words)
        if problem:
            raise DocumentError(problem)

    @property
    def everyone(self) -> bool:
        return not self.groups and self.own_words == "any"


@dataclass(frozen=True, slots=True)
class Part:
    """A part of the letter. `key` names its variation (choose's key), so it must stay the same
    when the wording is edited, or every supporter's letter changes."""

    kind: PartKind
    key: str
    wordings: tuple[Wording, ...] = ()
    only_for: Condition = field(default_factory=Condition)

    def __post_init__(self) -> None:
        object.__setattr__(self, "wordings", tuple(self.wordings))
        problem = _part_problem(self.kind, self.key, self.wordings, self.only_for)
        if problem:
            raise DocumentError(problem)


@dataclass(frozen=True, slots=True)
class LetterDocument:
    """The whole letter, part by part, in the order the letter reads."""

    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        if not all(isinstance(part, Part) for part in self.parts):
            raise DocumentError("A letter document is made of parts.")


def _id_problem(value: object, what: str) -> str | None:
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return None
    return f"{_quoted(value)} is not {what} ({_ID_RULE})."


def _chip_problem(kind: object, finding: object, name: object) -> str | None:
    if kind not in CHIP_KINDS:
        return f"{_quoted(kind)} is not a kind of chip (the kinds are: {', '.join(CHIP_KINDS)})."
    if kind in _FINDING_CHIPS:
        problem = _id_problem(finding, "a finding id")
        if problem:
            return f"A “{kind}” chip needs the id of its finding: {problem}"
    elif finding != "":
        return f"A “{kind}” chip does not take a finding."
    if kind in _FIGURE_CHIPS:
        problem = _id_problem(name, "a figure's name")
        if problem:
            return f"A “{kind}” chip needs the name of its figure: {problem}"
    elif name != "":
        return f"A “{kind}” chip does not take a figure's name."
    return None


def _condition_problem(groups: tuple[object, ...], own_words: object) -> str | None:
    for group in groups:
        problem = _id_problem(group, "a group id")
        if problem:
            return problem
    if own_words not in _OWN_WORDS:
        return f"own_words must be one of {', '.join(_OWN_WORDS)}, not {_quoted(own_words)}."
    return None


def _part_problem(kind: object, key: object, wordings: tuple, only_for: object) -> str | None:
    if kind not in PART_KINDS:
        return f"{_quoted(kind)} is not a kind of part (the kinds are: {', '.join(PART_KINDS)})."
    problem = _id_problem(key, "a key")
    if problem:
        return problem
    if not all(isinstance(wording, Wording) for wording in wordings):
        return "A part's wordings must be wordings."
    if kind == "own_words" and wordings:
        return "The supporter's own words have no wordings of their own."
    if not isinstance(only_for, Condition):
        return "A part's only_for must be a condition."
    return None


def _quoted(value: object) -> str:
    return f"“{value}”" if isinstance(value, str) else repr(value)


# --- JSON ------------------------------------------------------------------------------------

_FORMAT_MARK = re.compile(r'"format"\s*:\s*"letter-document/')


def is_document(text: str) -> bool:
    """Whether `text` is a letter document rather than a raw template (a cheap look, not a
    check: from_json says what is wrong with one)."""
    return bool(re.match(r'\s*\{\s*"', text)) and bool(_FORMAT_MARK.search(text))


def to_json(doc: LetterDocument) -> str:
    """The document as canonical JSON: the same document always gives the same text, one piece
    to a line, so a change shows as a small diff."""
    data = {"format": FORMAT, "parts": [_part_data(part) for part in doc.parts]}
    return _pretty(data, 0) + "\n"


def _pretty(value: Any, level: int) -> str:
    """JSON indented by two spaces with sorted keys, except that a chip stays on one line."""
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(value, dict) and value and "chip" not in value:
        items = [f"{pad}{_compact(k)}: {_pretty(value[k], level + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(value, list) and value:
        items = [pad + _pretty(item, level + 1) for item in value]
        return "[\n" + ",\n".join(items) + f"\n{end}]"
    return _compact(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _part_data(part: Part) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": part.kind, "key": part.key}
    if part.kind != "own_words":
        data["wordings"] = [[_piece_data(p) for p in w.pieces] for w in part.wordings]
    if not part.only_for.everyone:
        only_for: dict[str, Any] = {}
        if part.only_for.groups:
            only_for["groups"] = list(part.only_for.groups)
        if part.only_for.own_words != "any":
            only_for["own_words"] = part.only_for.own_words
        data["only_for"] = only_for
    return data


def _piece_data(piece: Piece) -> str | dict[str, str]:
    if isinstance(piece, Text):
        return piece.text
    data = {"chip": piece.kind}
    if piece.finding:
        data["finding"] = piece.finding
    if piece.name:
        data["name"] = piece.name
    return data


def from_json(text: str) -> LetterDocument:
    """Read a document written by to_json (or by hand); raises DocumentError saying where."""
    if not isinstance(text, str):
        raise DocumentError("A letter document must be text.")
    if len(text) > _JSON_LIMIT:
        raise DocumentError(f"The letter document is too long ({len(text):,} characters).")
    try:
        data = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"The letter document is not valid JSON: {exc.msg} (line {exc.lineno}, "
            f"column {exc.colno})."
        ) from None
    except RecursionError:
        raise DocumentError("The letter document is nested too deeply.") from None
    if not isinstance(data, dict):
        raise DocumentError("A letter document must be a JSON object, { … }.")
    if data.get("format") != FORMAT:
        found = data.get("format")
        if isinstance(found, str) and found.startswith("letter-document/"):
            raise DocumentError(f"This letter document is in format {found}; we read {FORMAT}.")
        raise DocumentError(f'This is not a letter document: it needs "format": "{FORMAT}".')
    _only_fields(data, {"format", "parts"}, "The letter document")
    parts = data.get("parts")
    if not isinstance(parts, list):
        raise DocumentError('The letter document needs "parts": a list of the letter\'s parts.')
    return LetterDocument(tuple(_read_part(raw, n) for n, raw in enumerate(parts, start=1)))


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DocumentError(f"The letter document gives “{key}” twice in one place.")
        result[key] = value
    return result


def _no_constant(name: str) -> None:
    raise DocumentError(f"The letter document has {name}, which is not a value it can use.")


def _only_fields(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise DocumentError(f"{where} has an unknown field “{unknown[0]}” (known: {known}).")


def _read_part(raw: object, number: int) -> Part:
    where = f"Part {number}"
    if not isinstance(raw, dict):
        raise DocumentError(f"{where} must be a JSON object, {{ … }}.")
    key = raw.get("key")
    if isinstance(key, str):
        where = f"Part {number} (“{key}”)"
    _only_fields(raw, {"kind", "key", "wordings", "only_for"}, where)
    kind, wordings_raw = raw.get("kind"), raw.get("wordings", [])
    problem = _part_problem(kind, key, (), Condition())
    if problem:
        raise DocumentError(f"{where}: {problem}")
    if kind != "own_words" and "wordings" not in raw:
        raise DocumentError(f'{where} needs "wordings": a list of wordings.')
    if not isinstance(wordings_raw, list):
        raise DocumentError(f"{where}: wordings must be a list of wordings.")
    wordings = tuple(
        _read_wording(w, f"{where}, wording {n}") for n, w in enumerate(wordings_raw, start=1)
    )
    only_for = _read_condition(raw.get("only_for", {}), where)
    problem = _part_problem(kind, key, wordings, only_for)
    if problem:
        raise DocumentError(f"{where}: {problem}")
    return Part(kind, key, wordings, only_for)


def _read_wording(raw: object, where: str) -> Wording:
    if not isinstance(raw, list):
        raise DocumentError(f"{where} must be a list of pieces of text and chips.")
    return Wording(tuple(_read_piece(p, f"{where}, piece {n}") for n, p in enumerate(raw, 1)))


def _read_piece(raw: object, where: str) -> Piece:
    if isinstance(raw, str):
        return Text(raw)
    if not isinstance(raw, dict) or "chip" not in raw:
        raise DocumentError(f'{where} must be text in quotes, or a chip like {{"chip": "mp"}}.')
    _only_fields(raw, {"chip", "finding", "name"}, where)
    kind, finding, name = raw["chip"], raw.get("finding", ""), raw.get("name", "")
    problem = _chip_problem(kind, finding, name)
    if problem:
        raise DocumentError(f"{where}: {problem}")
    return Chip(kind, finding, name)


def _read_condition(raw: object, where: str) -> Condition:
    if not isinstance(raw, dict):
        raise DocumentError(f"{where}: only_for must be a JSON object, {{ … }}.")
    _only_fields(raw, {"groups", "own_words"}, f"{where}, only_for,")
    groups, own_words = raw.get("groups", []), raw.get("own_words", "any")
    if not isinstance(groups, list):
        raise DocumentError(f"{where}: only_for groups must be a list of group ids.")
    problem = _condition_problem(tuple(groups), own_words)
    if problem:
        raise DocumentError(f"{where}: {problem}")
    return Condition(tuple(groups), own_words)


# --- compiling to a template -----------------------------------------------------------------

_HEADER = "{# Written from a letter document: edit the document, not this template. #}\n"
_BRACES = re.compile(r"[{}]+")
# A figure named like a mapping's method (figures.items) would print the method: look it up.
_MAPPING_METHODS = frozenset({"copy", "get", "items", "keys", "values"})


def template_text(body: str) -> str:
    """The template a stored letter is written with: a document compiled, a raw template
    ("advanced mode") as it is. Raises DocumentError for a malformed document."""
    return to_template(from_json(body)) if is_document(body) else body


def to_template(doc: LetterDocument) -> str:
    """The template source for `doc`: rendered, it gives the letter a hand-written template
    with the same parts, wordings and keys gives, picking the same wording for each supporter."""
    parts = "".join(_part_source(part, index) for index, part in enumerate(doc.parts, start=1))
    return _HEADER + parts


def template_parts(doc: LetterDocument) -> list[int | None]:
    """For each line of to_template(doc), the index of the part it was written from (None for
    the header), so a problem found in the template can be shown on its part."""
    owners: list[int | None] = [None] * _HEADER.count("\n")
    for index, part in enumerate(doc.parts):
        owners += [index] * _part_source(part, index + 1).count("\n")
    return owners


def _part_source(part: Part, index: int) -> str:
    """A part's lines, then a blank line; a condition wraps both, so a part a supporter does
    not get leaves no gap."""
    body = _part_body(part, index)
    condition = _condition_source(part.only_for)
    if condition is None:
        return body + "\n"
    return f"{{% if {condition} %}}\n{body}\n{{% endif %}}\n"


def _part_body(part: Part, index: int) -> str:
    if part.kind == "own_words":
        return "{{ supporter.reason }}\n"
    one_line = part.kind == "subject"
    prefix = "Subject: " if one_line else ""
    wordings = part.wordings
    if not wordings:
        return ""
    if len(wordings) == 1:
        return prefix + _wording_source(wordings[0], one_line) + "\n"
    texts = [_plain_text(w) for w in wordings]
    # The subject and closing are one line: pure text goes into choose() as today's templates
    # have it. (A subject's line breaks are spaces either way.)
    if part.kind in ("subject", "closing") and all(
        t is not None and (one_line or "\n" not in t) for t in texts
    ):
        options = ", ".join(_literal(t) for t in texts if t is not None)
        return f"{prefix}{{{{ choose({_literal(part.key)}, {options}) }}}}\n"
    name = f"choice_{index}"
    numbers = ", ".join(str(n) for n in range(1, len(wordings) + 1))
    lines = [f"{{% set {name} = choose({_literal(part.key)}, {numbers}) %}}"]
    for number, wording in enumerate(wordings, start=1):
        if number == 1:
            lines.append(f"{{% if {name} == 1 %}}")
        elif number < len(wordings):
            lines.append(f"{{% elif {name} == {number} %}}")
        else:
            lines.append("{% else %}")
        lines.append(prefix + _wording_source(wording, one_line))
    lines.append("{% endif %}")
    return "\n".join(lines) + "\n"


def _plain_text(wording: Wording) -> str | None:
    """The wording's text when it is only text (so it can be one of choose's options)."""
    if all(isinstance(piece, Text) for piece in wording.pieces):
        return "".join(piece.text for piece in wording.pieces)  # type: ignore[union-attr]
    return None


def _wording_source(wording: Wording, one_line: bool) -> str:
    return "".join(
        _text_source(p.text, one_line) if isinstance(p, Text) else _chip_source(p)
        for p in wording.pieces
    )


def _text_source(text: str, one_line: bool) -> str:
    """Text as template source. Only a brace can start template syntax ({{ {% {#), so every run
    of braces is printed from a string literal; the rest is copied, line breaks and all."""
    if one_line:
        text = text.replace("\n", " ")
    return _BRACES.sub(lambda m: f"{{{{ {_literal(m.group())} }}}}", text)


def _literal(text: str) -> str:
    """A Jinja string literal for `text` (Jinja reads literals with Python's unicode-escape)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _chip_source(chip: Chip) -> str:
    finding = f"findings.{chip.finding}"
    if chip.kind in _FIGURE_CHIPS:
        figure = (
            f"{finding}.figures[{_literal(chip.name)}]"
            if chip.name in _MAPPING_METHODS
            else f"{finding}.figures.{chip.name}"
        )
        return (
            f"{{{{ {figure}|in_words }}}}" if chip.kind == "figure_words" else f"{{{{ {figure} }}}}"
        )
    return {
        "date": f"{{{{ {finding}.date_text }}}}",
        "cite": f"{{{{ cite({_literal(chip.finding)}) }}}}",
        "constituency": "{{ constituency.name }}",
        "mp": "{{ mp.name }}",
        "own_words": "{{ supporter.reason }}",
    }[chip.kind]


def _condition_source(condition: Condition) -> str | None:
    tests = []
    if len(condition.groups) == 1:
        tests.append(
            f"supporter.concern and supporter.concern.id == {_literal(condition.groups[0])}"
        )
    elif condition.groups:
        ids = ", ".join(_literal(group) for group in condition.groups)
        tests.append(f"supporter.concern and supporter.concern.id in ({ids})")
    if condition.own_words == "given":
        tests.append("supporter.reason")
    elif condition.own_words == "not_given":
        tests.append("not supporter.reason")
    return " and ".join(tests) or None


# --- the plain-text editing form -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChipChoice:
    """A chip as the editor shows it: `label` is what the text box holds, brackets included."""

    label: str
    chip: Chip


@dataclass(frozen=True, slots=True)
class TextProblem:
    """Something wrong in a wording's text box, at text[start:end] (line breaks count as one
    character, as in the browser's text box)."""

    message: str
    start: int
    end: int


class WordingTextError(DocumentError):
    """A wording's text that cannot be read; `problems` says what, where."""

    def __init__(self, problems: Sequence[TextProblem]):
        super().__init__(" ".join(problem.message for problem in problems))
        self.problems = tuple(problems)


_LABEL_WORDS = 7  # a finding is named by the start of its statement
_LABEL_CHARS = 60


def chip_menu(findings: FindingSet, language: str = "en") -> list[ChipChoice]:
    """Every chip a wording can use, with its label: the editor's insert menu, and the table
    that reads labels back. Labels are unique; two that would be alike get the finding's id.
    Dates and figures in words are shown as a letter in `language` gives them ("Mai 2024",
    "wyth" for a Welsh wording), so the menu shows what the chip puts in."""
    named = _finding_names(findings)
    entries: list[tuple[Chip, str, str]] = [
        (Chip("constituency"), "constituency", ""),
        (Chip("mp"), "MP's name", ""),
        (Chip("own_words"), "supporter's own words", ""),
    ]
    for finding in findings.findings.values():
        day = _date_in(finding, language)
        for name, value in finding.figures.items():
            spaced = name.replace("_", " ")
            words = in_words(value, language)
            shown = words if words != str(value) else f"{value} in words"
            entries.append(
                (
                    Chip("figure", finding.id, name),
                    f"{value} – {spaced}, {day}",
                    finding.id,
                )
            )
            entries.append(
                (
                    Chip("figure_words", finding.id, name),
                    f"{shown} – {spaced}, {day}",
                    finding.id,
                )
            )
        entries.append(
            (
                Chip("date", finding.id),
                f"{day} – date of {named[finding.id]}",
                finding.id,
            )
        )
        entries.append((Chip("cite", finding.id), f"source: {named[finding.id]}", finding.id))
    labels = _unique([(_clean(label), finding_id) for _, label, finding_id in entries])
    return [
        ChipChoice(f"[{label}]", chip) for (chip, _, _), label in zip(entries, labels, strict=True)
    ]


def _date_in(finding: Finding, language: str) -> str:
    """A finding's date as a letter in `language` gives it (its English where it has no other)."""
    return (finding.date_text_cy or finding.date_text) if language == "cy" else finding.date_text


def _finding_names(findings: FindingSet) -> dict[str, str]:
    """Each finding's short name: its own label if it has one, else its statement's start."""
    names = []
    for finding in findings.findings.values():
        label = getattr(finding, "label", None)
        names.append(
            (
                _clean(label) if isinstance(label, str) and label.strip() else _start_of(finding),
                finding.id,
            )
        )
    return dict(zip(findings.findings, _unique(names), strict=True))


def _start_of(finding: Finding) -> str:
    words = _clean(finding.statement).split(" ")
    short = " ".join(words[:_LABEL_WORDS])
    if len(short) > _LABEL_CHARS:
        short = short[:_LABEL_CHARS].rsplit(" ", 1)[0]
    if short != " ".join(words):
        short = short.rstrip(",;:.") + "…"
    return short


def _unique(labels: list[tuple[str, str]]) -> list[str]:
    """The labels, with the finding's id-derived name added to any that would be alike (and a
    number, should even that not tell them apart)."""
    result = [label for label, _finding in labels]
    for attempt in ("id", "number"):
        counts: dict[str, int] = {}
        for label in result:
            counts[label] = counts.get(label, 0) + 1
        for index, (_label, finding_id) in enumerate(labels):
            if counts[result[index]] > 1:
                extra = finding_id.replace("_", " ") if attempt == "id" else str(index + 1)
                result[index] = f"{result[index]} ({extra})" if extra else result[index]
    return result


def _clean(text: str) -> str:
    """A label's text: square and curly brackets made round, space runs and line breaks one
    space, invisible characters dropped."""
    text = text.translate(_LABEL_TRANSLATION)
    text = "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Co", "Cs") or c == "\t"
    )
    return " ".join(text.split())


_LABEL_TRANSLATION = str.maketrans("[]{}", "()()")


def wording_to_text(wording: Wording, labels: Iterable[ChipChoice]) -> str:
    """The wording as the text box shows it: chips as their labels, and a square bracket typed
    in the text doubled ("[[" for "["), so it cannot be taken for a chip."""
    label_of = {choice.chip: choice.label for choice in labels}
    out = []
    for piece in wording.pieces:
        if isinstance(piece, Text):
            out.append(piece.text.replace("[", "[[").replace("]", "]]"))
        else:
            out.append(label_of.get(piece) or _missing_label(piece))
    return "".join(out)


def _missing_label(chip: Chip) -> str:
    """For a chip whose finding or figure has gone: reading it back is a problem to fix."""
    finding = chip.finding.replace("_", " ")
    if chip.kind in _FIGURE_CHIPS:
        return f"[no longer in the findings: {chip.name.replace('_', ' ')} of {finding}]"
    return f"[no longer in the findings: {chip.kind} of {finding}]"


def text_to_wording(text: str, chips: Iterable[ChipChoice]) -> Wording:
    """Read a text box back into a wording; raises WordingTextError listing every problem."""
    wording, problems = _read_text(text, chips)
    if problems:
        raise WordingTextError(problems)
    return wording


def text_problems(text: str, chips: Iterable[ChipChoice]) -> list[TextProblem]:
    """What text_to_wording would refuse in `text`, for marking in the editor as staff type."""
    return _read_text(text, chips)[1]


_CURLY = re.compile(r"\{+[^{}\n]*\}+|[{}]+")
_NOT_A_CHIP = (
    "“{label}” is not something the letter can fill in. Choose it from the Insert menu, or "
    "type square brackets twice, [[like this]], to print them."
)
_UNCLOSED = (
    "This [ has no ] after it on the same line. To print a square bracket, type it twice: [[."
)
_UNOPENED = "This ] has no [ before it. To print a square bracket, type it twice: ]]."
_CURLY_BRACKETS = (
    "Curly brackets { } cannot be used in a letter. To put in the MP's name, a figure, a date "
    "or a source, use the Insert menu."
)


def _read_text(text: str, chips: Iterable[ChipChoice]) -> tuple[Wording, list[TextProblem]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    exact, loose = _label_lookup(chips)
    pieces: list[Piece] = []
    problems: list[TextProblem] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            pieces.append(Text("".join(plain)))
            plain.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if text.startswith(("[[", "]]"), i):
            plain.append(char)
            i += 2
        elif char == "[":
            end = _label_end(text, i + 1)
            if end is None:
                problems.append(TextProblem(_UNCLOSED, i, i + 1))
                i += 1
                continue
            label = text[i : end + 1]
            chip = exact.get(label) or loose.get(_loose(label))
            if chip is None:
                problems.append(TextProblem(_NOT_A_CHIP.format(label=label), i, end + 1))
            else:
                flush()
                pieces.append(chip)
            i = end + 1
        elif char == "]":
            problems.append(TextProblem(_UNOPENED, i, i + 1))
            i += 1
        elif char in "{}":
            match = _CURLY.match(text, i)
            end = match.end() if match else i + 1
            problems.append(TextProblem(_CURLY_BRACKETS, i, end))
            i = end
        else:
            if _invisible(char):
                problems.append(TextProblem(_invisible_message(char), i, i + 1))
            plain.append(char)
            i += 1
    flush()
    return Wording(tuple(pieces)), problems


def _label_end(text: str, start: int) -> int | None:
    """Where the label opened before `start` closes: the next "]" before any "[" or line end."""
    for index in range(start, len(text)):
        if text[index] == "]":
            return index
        if text[index] in "[\n":
            return None
    return None


def _label_lookup(chips: Iterable[ChipChoice]) -> tuple[dict[str, Chip], dict[str, Chip]]:
    """Labels exactly, and loosely (case, spacing, dashes, apostrophes) where still unique."""
    exact: dict[str, Chip] = {}
    loose: dict[str, Chip | None] = {}
    for choice in chips:
        exact.setdefault(choice.label, choice.chip)
        key = _loose(choice.label)
        loose[key] = choice.chip if key not in loose else None
    return exact, {key: chip for key, chip in loose.items() if chip is not None}


_LOOSE_TRANSLATION = str.maketrans({"’": "'", "‘": "'", "—": "–", "-": "–", "‑": "–"})


def _loose(label: str) -> str:
    inner = label[1:-1] if label.startswith("[") and label.endswith("]") else label
    return " ".join(inner.casefold().translate(_LOOSE_TRANSLATION).split())


def _invisible(char: str) -> bool:
    """Characters the letter's format refuses (control, private-use and surrogate ones)."""
    return char not in "\n\t" and unicodedata.category(char) in ("Cc", "Co", "Cs")


def _invisible_message(char: str) -> str:
    return f"There is an invisible character here (U+{ord(char):04X}); please delete it."


# --- checks ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentIssue:
    """Something wrong with a document: an error blocks publishing, a warning does not.
    `part` and `wording` (0-based) say where, for the editor to show it."""

    severity: Severity
    message: str
    part: int | None = None
    wording: int | None = None


def N_(message: str) -> str:
    """A message marked for the catalogue, translated where it is shown."""
    return message


_PART_NAMES = {
    "subject": N_("The subject"),
    "opening": N_("The opening"),
    "ask": N_("The ask"),
    "closing": N_("Closing"),
    "own_words": N_("The supporter's own words"),
}


def part_names(doc: LetterDocument, findings: FindingSet | None = None) -> list[str]:
    """Each part's name as staff read it ("The ask", "the paragraph for Women and girls");
    two parts that would share a name get their keys too."""
    labels = {g.id: g.label for g in findings.groups} if findings else {}
    names = []
    for part in doc.parts:
        if part.kind != "paragraph":
            names.append(_(_PART_NAMES[part.kind]))
        elif part.only_for.groups:
            groups = " or ".join(labels.get(g) or _id_words(g) for g in part.only_for.groups)
            names.append(_("the paragraph for %(groups)s", groups=groups))
        else:
            names.append(_("the paragraph “%(key)s”", key=part.key.replace("_", " ")))
    for index, name in enumerate(names):
        if names.count(name) > 1:
            names[index] = f"{name} (“{doc.parts[index].key}”)"
    return names


def _id_words(group_id: str) -> str:
    """A group id as words, for when the findings are not at hand: "Women and girls"."""
    words = group_id.replace("_", " ")
    return words[:1].upper() + words[1:]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def document_issues(
    doc: LetterDocument, findings: FindingSet, language: str = "en"
) -> list[DocumentIssue]:
    """Everything that would stop the document making good letters, in the letter's order,
    each naming the part and wording in plain words ("The ask, wording 2: …"). A document
    written in Welsh (`language` "cy") needs the Welsh date of every finding it dates."""
    issues: list[DocumentIssue] = []
    names = part_names(doc, findings)

    def error(message: str, part: int | None = None, wording: int | None = None) -> None:
        issues.append(DocumentIssue("error", message, part, wording))

    if len(doc.parts) > MAX_PARTS:
        error(f"The letter has {len(doc.parts)} parts; a letter can have at most {MAX_PARTS}.")
    subjects = [i for i, part in enumerate(doc.parts) if part.kind == "subject"]
    if not subjects:
        error("The letter has no subject. Add a subject as its first part.")
    else:
        if subjects[0] != 0:
            error("The subject must be the first part of the letter.", subjects[0])
        for extra in subjects[1:]:
            error("The letter has more than one subject; keep one.", extra)
        if not doc.parts[subjects[0]].only_for.everyone:
            error("The subject must be for every supporter.", subjects[0])
    carriers = [i for i, part in enumerate(doc.parts) if _carries_own_words(part)]
    if not carriers:
        error(
            "The supporter's own words would be dropped: the letter has no place for them that "
            "every supporter who writes some gets. Add the supporter's own words as a part."
        )
    elif len(carriers) > 1:
        issues.append(
            DocumentIssue(
                "warning",
                "The supporter's own words are in the letter more than once.",
                carriers[1],
            )
        )
    first_with_key: dict[str, int] = {}
    for index, part in enumerate(doc.parts):
        first = first_with_key.setdefault(part.key, index)
        if first != index:
            error(
                f"{_capital(names[index])} has the same key, “{part.key}”, as {names[first]}. "
                "Each part needs its own key, so that its wordings vary on their own.",
                index,
            )
        issues.extend(_part_issues(part, index, names[index], findings, language))
    if not any(issue.severity == "error" for issue in issues):
        try:
            LetterTemplate.compile(to_template(doc), name="letter", language=language)
        except TemplateProblem as problem:
            if problem.message.startswith("The template is too long"):  # letters.sandbox
                error(
                    f"The letter is too long to use: with all its wordings it comes to "
                    f"{len(to_template(doc)):,} characters. Please shorten it."
                )
            else:
                error(f"The letter cannot be used: {problem.message}")
    return issues


def _carries_own_words(part: Part) -> bool:
    """Whether every supporter who writes their own words gets them from this part."""
    if part.only_for.groups or part.only_for.own_words == "not_given":
        return False
    if part.kind == "own_words":
        return True
    return bool(part.wordings) and all(Chip("own_words") in w.pieces for w in part.wordings)


def _part_issues(
    part: Part, index: int, name: str, findings: FindingSet, language: str = "en"
) -> Iterable[DocumentIssue]:
    title = _capital(name)
    for group in part.only_for.groups:
        if findings.group(group) is None:
            yield DocumentIssue(
                "error",
                f"{title} is for a group the findings do not have (“{group}”). Choose one of "
                "the at-risk groups in the findings file.",
                index,
            )
    if part.kind != "own_words" and not part.wordings:
        yield DocumentIssue("error", f"{title} has no wording. Write one, or remove it.", index)
    if len(part.wordings) > MAX_WORDINGS:
        yield DocumentIssue(
            "error",
            f"{title} has {len(part.wordings)} wordings; a part can have at most {MAX_WORDINGS}.",
            index,
        )
    for number, wording in enumerate(part.wordings, start=1):
        where = f"{title}, wording {number}:"
        for message in _wording_issues(wording, part.kind, findings):
            yield DocumentIssue("error", f"{where} {message}", index, number - 1)
        if language == "cy":
            for severity, message in _welsh_chip_issues(wording, findings):
                yield DocumentIssue(severity, f"{where} {message}", index, number - 1)


def _welsh_chip_issues(wording: Wording, findings: FindingSet) -> Iterable[tuple[Severity, str]]:
    """A Welsh wording's dates must be Welsh (date_text_cy); a footnote without a Welsh form
    (cite_as_cy) is printed as the English one gives it."""
    for piece in wording.pieces:
        finding = findings.findings.get(piece.finding) if isinstance(piece, Chip) else None
        if finding is None:
            continue
        if piece.kind == "date" and not finding.date_text_cy:
            yield (
                "error",
                f"the finding “{_start_of(finding)}” has no date in Welsh: add its date_text_cy "
                "to the findings file.",
            )
        if piece.kind == "cite" and not all(source.cite_as_cy for source in finding.sources):
            yield (
                "warning",
                f"the source of “{_start_of(finding)}” has no footnote in Welsh (cite_as_cy), so "
                "Welsh letters give it as the English one does.",
            )


def _wording_issues(wording: Wording, kind: str, findings: FindingSet) -> Iterable[str]:
    texts = [p.text for p in wording.pieces if isinstance(p, Text)]
    has_chip = any(isinstance(p, Chip) for p in wording.pieces)
    if not has_chip and not "".join(texts).strip():
        yield "it is empty. Write some text, or remove this wording."
    length = sum(len(t) for t in texts)
    if length > MAX_WORDING_CHARS:
        yield f"it is {length:,} characters long; a wording can have at most {MAX_WORDING_CHARS:,}."
    if kind == "subject" and any("\n" in t for t in texts):
        yield "the subject must be on one line."
    invisible = next((c for t in texts for c in t if _invisible(c)), None)
    if invisible is not None:
        yield f"it has an invisible character (U+{ord(invisible):04X}); please delete it."
    for piece in wording.pieces:
        if isinstance(piece, Chip) and piece.kind in _FINDING_CHIPS:
            finding = findings.findings.get(piece.finding)
            if finding is None:
                yield f"it uses a finding that is not in the findings file (“{piece.finding}”)."
            elif piece.kind in _FIGURE_CHIPS and piece.name not in finding.figures:
                figure = piece.name.replace("_", " ")
                yield f"the finding “{_start_of(finding)}” has no figure called “{figure}”."


# --- what changed ----------------------------------------------------------------------------

_MOST_WORD_CHANGES = 3  # beyond this, "rewrote" says more than a list of changes
_QUOTE_WORDS = 12


def readable(doc: LetterDocument, findings: FindingSet, language: str = "en") -> str:
    """The document as staff read it, part by part, each wording in its text-box form: what the
    version, review and history pages show and compare, so no page shows the stored JSON.
    Chips are labelled as the editor labels them for a wording in `language` (Welsh dates)."""
    labels = chip_menu(findings, language)
    group_labels = {g.id: g.label for g in findings.groups}
    lines: list[str] = []
    for name, part in zip(part_names(doc, findings), doc.parts, strict=True):
        heading = _capital(name)
        if not part.only_for.everyone:
            heading += " " + _("(only for %(who)s)", who=_audience(part.only_for, group_labels))
        lines.append(heading)
        if part.kind == "own_words":
            lines.append("    [" + _("supporter's own words") + "]")
        for number, wording in enumerate(part.wordings, start=1):
            text = wording_to_text(wording, labels).replace("\n", "\n       ")
            lines.append(f"  {number}. {text}" if len(part.wordings) > 1 else f"    {text}")
        lines.append("")
    return "\n".join(lines)


def describe_changes(
    old: LetterDocument,
    new: LetterDocument,
    findings: FindingSet | None = None,
    language: str = "en",
) -> list[str]:
    """What changed from `old` to `new`, in plain words, for a reviewer:
    `changed “press” to “urge” in The ask, wording 2`, `moved Closing`, …
    With `findings`, groups and chips are named by their labels (in `language`'s dates)."""
    old_names, new_names = part_names(old, findings), part_names(new, findings)
    labels = {c.chip: c.label for c in chip_menu(findings, language)} if findings else {}
    group_labels = {g.id: g.label for g in findings.groups} if findings else {}
    old_at = _first_by_key(old)
    new_at = _first_by_key(new)
    changes = [f"removed {old_names[i]}" for i, p in enumerate(old.parts) if p.key not in new_at]
    kept_old = [p.key for p in old.parts if p.key in new_at and old_at[p.key] is p]
    kept_new = [p.key for p in new.parts if p.key in old_at and new_at[p.key] is p]
    matcher = difflib.SequenceMatcher(None, kept_old, kept_new, autojunk=False)
    in_place = {
        key
        for block in matcher.get_matching_blocks()
        for key in kept_old[block.a : block.a + block.size]
    }
    old_index = {id(p): i for i, p in enumerate(old.parts)}
    for index, part in enumerate(new.parts):
        name = new_names[index]
        before = old_at.get(part.key)
        if before is None or new_at[part.key] is not part:
            changes.append(f"added {name}")
            continue
        if part.key not in in_place:
            changes.append(f"moved {name}")
        if before.kind != part.kind:
            changes.append(f"made {old_names[old_index[id(before)]]} into {name}")
        if before.only_for != part.only_for:
            changes.append(f"changed who gets {name}: now {_audience(part.only_for, group_labels)}")
        changes.extend(_wording_changes(before.wordings, part.wordings, name, labels))
    return changes


def _first_by_key(doc: LetterDocument) -> dict[str, Part]:
    result: dict[str, Part] = {}
    for part in doc.parts:
        result.setdefault(part.key, part)
    return result


def _audience(condition: Condition, group_labels: Mapping[str, str]) -> str:
    if condition.everyone:
        return _("everyone")
    chosen = " or ".join(group_labels.get(g) or _id_words(g) for g in condition.groups)
    if not condition.groups:
        if condition.own_words == "given":
            return _("supporters who wrote their own words")
        return _("supporters who did not write their own words")
    if condition.own_words == "given":
        return _("supporters who chose %(groups)s and who wrote their own words", groups=chosen)
    if condition.own_words == "not_given":
        return _(
            "supporters who chose %(groups)s and who did not write their own words", groups=chosen
        )
    return _("supporters who chose %(groups)s", groups=chosen)


def _wording_changes(
    old: tuple[Wording, ...], new: tuple[Wording, ...], name: str, labels: Mapping[Chip, str]
) -> list[str]:
    changes: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(a2 - a1, b2 - b1)
        for offset in range(pairs):
            where = f"{name}, wording {b1 + offset + 1}"
            changes.extend(_word_changes(old[a1 + offset], new[b1 + offset], where, labels))
        changes.extend(f"removed wording {n + 1} from {name}" for n in range(a1 + pairs, a2))
        changes.extend(f"added wording {n + 1} to {name}" for n in range(b1 + pairs, b2))
    return changes


def _word_changes(old: Wording, new: Wording, where: str, labels: Mapping[Chip, str]) -> list[str]:
    a, b = _words(old, labels), _words(new, labels)
    if a == b:
        return [f"changed the spacing or line breaks in {where}"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(ops) > _MOST_WORD_CHANGES or matcher.ratio() < 0.5:
        return [f"rewrote {where}"]
    changes = []
    for op, a1, a2, b1, b2 in ops:
        if op == "replace":
            changes.append(f"changed {_quote(a[a1:a2])} to {_quote(b[b1:b2])} in {where}")
        elif op == "delete":
            changes.append(f"removed {_quote(a[a1:a2])} from {where}")
        else:
            changes.append(f"added {_quote(b[b1:b2])} to {where}")
    return changes


def _words(wording: Wording, labels: Mapping[Chip, str]) -> list[str]:
    words: list[str] = []
    for piece in wording.pieces:
        if isinstance(piece, Text):
            words.extend(piece.text.split())
        else:
            words.append(labels.get(piece) or _chip_words(piece))
    return words


def _chip_words(chip: Chip) -> str:
    """A chip's label when the findings are not at hand."""
    if chip.kind in ("constituency", "mp", "own_words"):
        return {"constituency": "[constituency]", "mp": "[MP's name]"}.get(
            chip.kind, "[supporter's own words]"
        )
    what = chip.name.replace("_", " ") if chip.name else chip.kind
    return f"[{what} of {chip.finding.replace('_', ' ')}]"


def _quote(words: list[str]) -> str:
    shown = " ".join(words[:_QUOTE_WORDS]) + (" …" if len(words) > _QUOTE_WORDS else "")
    return f"“{shown}”"
