"""Comparing two versions (difflib: line by line, and word by word within a changed line) and a
three-way merge (merge3).

Pure functions over text, returning plain runs; the templates mark them up, escaping every run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from merge3 import Merge3

CONFLICT_START = "<<<<<<< latest version"
CONFLICT_MIDDLE = "======="
CONFLICT_END = ">>>>>>> your edit"

# Words, runs of spaces, and single other characters, so a changed comma shows as a comma.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class WordChange:
    """A run of a word-level diff: `tag` is equal | insert | delete."""

    tag: str
    text: str


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One row of a side-by-side diff; `tag` is equal | insert | delete | replace | skip.

    `old_parts` and `new_parts` are the two cells as runs: on the old side the removed words are
    "delete" runs, on the new side the added words are "insert" runs, the rest "equal"; a line
    purely added or removed (or one with no word in common with its partner) is one run.
    """

    tag: str
    old_number: int | None
    old_text: str | None
    new_number: int | None
    new_text: str | None
    old_parts: tuple[WordChange, ...] = ()
    new_parts: tuple[WordChange, ...] = ()


def diff_rows(old: str, new: str, *, context: int | None = None) -> list[DiffRow]:
    """Side-by-side rows comparing `old` and `new` line by line, changed lines word by word.

    Within a changed block the old and new lines are paired in order, and each pair is marked
    with `changed_words`. With `context`, unchanged runs longer than twice that are cut to
    `context` lines either side (a "…" row marks the cut), so a one-line change in a long letter
    stays readable.
    """
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffRow] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            edges = (index > 0, index < len(opcodes) - 1)  # is there a change before / after?
            rows.extend(_equal_rows(a, i1, i2, j1, context, edges))
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            oi, nj = i1 + k, j1 + k
            old_line = a[oi] if oi < i2 else None
            new_line = b[nj] if nj < j2 else None
            rows.append(
                DiffRow(
                    tag,
                    oi + 1 if oi < i2 else None,
                    old_line,
                    nj + 1 if nj < j2 else None,
                    new_line,
                    *changed_words(old_line, new_line),
                )
            )
    return rows


def _equal_rows(
    a: list[str], i1: int, i2: int, j1: int, context: int | None, edges: tuple[bool, bool]
) -> list[DiffRow]:
    """Unchanged lines, keeping only `context` lines next to a change before or after them."""

    def row(i: int) -> DiffRow:
        same = _runs([WordChange("equal", a[i])])
        return DiffRow("equal", i + 1, a[i], j1 + (i - i1) + 1, a[i], same, same)

    after_change, before_change = edges
    if context is None or i2 - i1 <= context * (after_change + before_change) + 1:
        return [row(i) for i in range(i1, i2)]
    head = [row(i) for i in range(i1, i1 + context)] if after_change else []
    tail = [row(i) for i in range(i2 - context, i2)] if before_change else []
    return [*head, DiffRow("skip", None, None, None, None), *tail]


def changed_words(
    old: str | None, new: str | None
) -> tuple[tuple[WordChange, ...], tuple[WordChange, ...]]:
    """The two sides of a changed line: the old line with its removed words as "delete" runs,
    the new line with its added words as "insert" runs, unchanged words as "equal" runs.

    A side that is None (a line purely added or removed) is empty, and its partner is marked
    whole; so are two lines with no word in common, where marking word by word would only chop
    a rewritten line into fragments.
    """
    if old is None or new is None:
        return _runs([WordChange("delete", old or "")]), _runs([WordChange("insert", new or "")])
    changes = word_diff(old, new)
    if not any(c.tag == "equal" and _WORD.search(c.text) for c in changes):
        return _runs([WordChange("delete", old)]), _runs([WordChange("insert", new)])
    return (
        _runs([c for c in changes if c.tag != "insert"]),
        _runs([c for c in changes if c.tag != "delete"]),
    )


def _runs(changes: list[WordChange]) -> tuple[WordChange, ...]:
    """The runs with empty ones dropped and neighbours of the same tag joined."""
    runs: list[WordChange] = []
    for change in changes:
        if not change.text:
            continue
        if runs and runs[-1].tag == change.tag:
            runs[-1] = WordChange(change.tag, runs[-1].text + change.text)
        else:
            runs.append(change)
    return tuple(runs)


def word_diff(old: str, new: str) -> list[WordChange]:
    """The changes from `old` to `new` word by word (a replacement is a deletion then an
    insertion), so a reviewer sees exactly which words changed, not which paragraphs."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    changes: list[WordChange] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(WordChange("equal", "".join(a[i1:i2])))
            continue
        changes.append(WordChange("delete", "".join(a[i1:i2])))
        changes.append(WordChange("insert", "".join(b[j1:j2])))
    return list(_runs(changes))


@dataclass(frozen=True, slots=True)
class MergeResult:
    text: str
    conflicts: int  # number of regions left with conflict markers

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def merge3(base: str, theirs: str, yours: str) -> MergeResult:
    """Merge two edits of the same base with the merge3 library (Breezy's three-way merge).

    Changes to different lines combine; changes to the same lines that differ (an edit on one
    side and a deletion on the other included) are kept between conflict markers, theirs first,
    for a person to resolve; the checks refuse to publish text that still has markers. Line
    endings are made LF first, so a browser's CRLF never shows as a change. With no base (the
    version it was based on is gone) every differing line is a conflict: nothing is dropped.
    """
    merger = Merge3(_lines(base), _lines(theirs), _lines(yours))
    out: list[str] = []
    conflicts = 0
    for group in merger.merge_groups():
        kind, *sides = group
        if kind != "conflict":
            out.extend(sides[0])
            continue
        _base, their_lines, your_lines = sides
        conflicts += 1
        out.append(CONFLICT_START + "\n")
        out.extend(their_lines)
        out.append(CONFLICT_MIDDLE + "\n")
        out.extend(your_lines)
        out.append(CONFLICT_END + "\n")
    return MergeResult("".join(out), conflicts)


def _lines(text: str) -> list[str]:
    """LF lines with their endings; the last line gains one so markers never join onto text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines
