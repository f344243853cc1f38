"""The letter editor's state between requests: the parts of a letter document as the form holds
them, so every button (add a wording, move a part, remove one) works without JavaScript and
nothing typed is lost.

The form posts every part every time: `part-<i>-kind`, `part-<i>-key`, `part-<i>-groups` (the
"Only for" boxes ticked), `part-<i>-own` (own words: any, given, not_given) and
`part-<i>-wording-<j>` (the text box, chips as their [labels]), and `part-<i>-wording-<j>-chip`
(the fact or detail chosen in that box's "Insert" menu). A button's `op` names what to do to
that state; Save turns the state into a LetterDocument, or says which box is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from werkzeug.datastructures import MultiDict

from letters.document import (
    MAX_PARTS,
    MAX_WORDING_CHARS,
    MAX_WORDINGS,
    PART_KINDS,
    ChipChoice,
    Condition,
    DocumentError,
    LetterDocument,
    Part,
    WordingTextError,
    part_names,
    text_to_wording,
    wording_to_text,
)
from webapp.content import versions
from webapp.content.spelling_marks import Segment, segments
from webapp.i18n import _

_OWN_WORDS = ("any", "given", "not_given")
_OP = re.compile(
    r"(add-wording|remove-wording|insert|up|down|remove|add-after)-(\d{1,2})(?:-(\d{1,2}))?"
)
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass
class PartState:
    """One part as the form shows it; `errors` maps a wording's index to what is wrong in it."""

    kind: str
    key: str
    texts: list[str]
    groups: list[str] = field(default_factory=list)
    own_words: str = "any"
    errors: dict[int, str] = field(default_factory=dict)
    part_error: str | None = None


def names(parts: list[PartState], findings) -> list[str]:
    """Each part's name as staff read it ("The ask", "The paragraph for Women and girls")."""
    shaped = SimpleNamespace(
        parts=[
            SimpleNamespace(kind=p.kind, key=p.key, only_for=SimpleNamespace(groups=p.groups))
            for p in parts
        ]
    )
    return [name[:1].upper() + name[1:] for name in part_names(shaped, findings)]


def from_document(doc: LetterDocument, chips: list[ChipChoice]) -> list[PartState]:
    return [
        PartState(
            kind=part.kind,
            key=part.key,
            texts=[wording_to_text(w, chips) for w in part.wordings],
            groups=list(part.only_for.groups),
            own_words=part.only_for.own_words,
        )
        for part in doc.parts
    ]


def from_form(form: MultiDict, group_ids: list[str]) -> list[PartState]:
    """The parts the form posted, in order; unknown kinds and groups are dropped, and sizes are
    held to the document's limits (the boxes carry the same limits)."""
    parts = []
    for index in range(MAX_PARTS):
        kind = form.get(f"part-{index}-kind")
        if kind is None:
            break
        if kind not in PART_KINDS:
            continue
        key = form.get(f"part-{index}-key", "")
        texts = [
            _as_counted(form.get(f"part-{index}-wording-{number}") or "")
            for number in range(MAX_WORDINGS)
            if f"part-{index}-wording-{number}" in form
        ]
        own = form.get(f"part-{index}-own", "any")
        parts.append(
            PartState(
                kind=kind,
                key=key if _KEY.fullmatch(key) else "",
                texts=texts if kind != "own_words" else [],
                groups=[g for g in form.getlist(f"part-{index}-groups") if g in group_ids],
                own_words=own if own in _OWN_WORDS else "any",
            )
        )
    return _with_keys(parts)


def apply(
    parts: list[PartState], op: str, form: MultiDict | None = None, chips: list[ChipChoice] = ()
) -> tuple[list[PartState], str | None]:
    """Do what a button asked; returns the parts and the id of the box to put the cursor in.

    "Insert" adds the chip chosen in that box's menu (one of `chips`, read from `form`) to the
    end of the box; with JavaScript the page puts it at the cursor instead, without a request.
    """
    match = _OP.fullmatch(op or "")
    if match is None:
        return parts, None
    what, index, number = match.group(1), int(match.group(2)), match.group(3)
    if index >= len(parts):
        return parts, None
    part = parts[index]
    if what == "add-wording" and len(part.texts) < MAX_WORDINGS and part.kind != "own_words":
        part.texts.append("")
        return parts, f"part-{index}-wording-{len(part.texts) - 1}"
    if what == "insert" and number is not None and int(number) < len(part.texts):
        box = f"part-{index}-wording-{number}"
        label = (form or MultiDict()).get(f"{box}-chip", "")
        if label in {chip.label for chip in chips}:
            text = part.texts[int(number)]
            space = " " if text and not text[-1].isspace() else ""
            part.texts[int(number)] = _as_counted(text + space + label)
        return parts, box
    if what == "remove-wording" and number is not None and len(part.texts) > 1:
        part.texts.pop(min(int(number), len(part.texts) - 1))
    elif what == "up" and index > 0:
        parts[index - 1], parts[index] = parts[index], parts[index - 1]
        return parts, f"part-{index - 1}"
    elif what == "down" and index + 1 < len(parts):
        parts[index + 1], parts[index] = parts[index], parts[index + 1]
        return parts, f"part-{index + 1}"
    elif what == "remove":
        parts.pop(index)
    elif what == "add-after" and len(parts) < MAX_PARTS:
        parts.insert(index + 1, PartState(kind="paragraph", key="", texts=[""]))
        return _with_keys(parts), f"part-{index + 1}-wording-0"
    return parts, None


def to_document(
    parts: list[PartState], chips: list[ChipChoice]
) -> tuple[LetterDocument | None, list[PartState]]:
    """The document the form describes, or None with each wrong box's `errors` filled in."""
    built, failed = [], False
    for part in parts:
        part.errors, part.part_error = {}, None
        wordings = []
        for number, text in enumerate(part.texts):
            if not text.strip():
                part.errors[number] = _("Write this wording, or remove it.")
                failed = True
                continue
            try:
                wordings.append(text_to_wording(text, chips))
            except WordingTextError as exc:
                part.errors[number] = "; ".join(p.message for p in exc.problems) or str(exc)
                failed = True
        if failed:
            continue
        try:
            condition = Condition(tuple(part.groups), part.own_words)
            built.append(Part(part.kind, part.key, tuple(wordings), condition))
        except DocumentError as exc:
            part.part_error = str(exc)
            failed = True
    if failed:
        return None, parts
    try:
        return LetterDocument(tuple(built)), parts
    except DocumentError:
        return None, parts


def _as_counted(text: str) -> str:
    """A box's text held to its limit as the box counts it: a browser sends each line break as
    CR LF but counts it as one character, so a full box of several lines loses nothing."""
    return text.replace("\r\n", "\n").replace("\r", "\n")[:MAX_WORDING_CHARS]


def _with_keys(parts: list[PartState]) -> list[PartState]:
    """A new paragraph gets a key no other part has: the key keeps each supporter's choice of
    wording stable, so it never changes once made."""
    taken = {p.key for p in parts if p.key}
    for part in parts:
        if not part.key:
            number = 1
            while f"paragraph_{number}" in taken:
                number += 1
            part.key = f"paragraph_{number}"
            taken.add(part.key)
    return parts


@dataclass(frozen=True, slots=True)
class BoxMarks:
    """A wording box's text in pieces, its misspelt words marked; and those words, in order."""

    pieces: list[Segment]
    words: list[str]


def spelling_marks(parts: list[PartState], problems) -> dict[str, BoxMarks]:
    """Each wording box with a word the spelling check does not know, by box id: its text in
    pieces with those words marked, drawn under the box's own text as a wavy underline."""
    marks: dict[str, BoxMarks] = {}
    for index, part in enumerate(parts):
        words = {p.word for p in problems if p.word and p.part == index}
        if not words:
            continue
        for number, text in enumerate(part.texts):
            pieces = segments(text, words)
            found = list(dict.fromkeys(piece for piece, misspelt in pieces if misspelt))
            if found:
                marks[f"part-{index}-wording-{number}"] = BoxMarks(pieces, found)
    return marks


@dataclass(frozen=True, slots=True)
class OtherLanguage:
    """The same letter in the other language (its Welsh, or the English of a Welsh wording), shown
    read-only beside the parts being edited: each part's wordings in that language, matched by
    the part's kind and key (None where that language has no such part)."""

    language: str  # "en" or "cy"
    kind: str  # its content kind, to link to its editor
    number: int  # the version shown (its newest)
    texts: list[list[str] | None]


def other_language(
    parts: list[PartState], kind: str, number: int, doc: LetterDocument, chips: list[ChipChoice]
) -> OtherLanguage:
    """`doc` (the other language's newest version, `number` of `kind`) lined up with `parts`."""
    by_part = {(p.kind, p.key): p for p in doc.parts}
    texts = []
    for part in parts:
        found = by_part.get((part.kind, part.key))
        if found is None or part.kind == "own_words":
            texts.append(None)
        else:
            texts.append([wording_to_text(w, chips) for w in found.wordings])
    return OtherLanguage(versions.letter_language(kind), kind, number, texts)
