"""Line-based comparison of two versions (difflib) and a three-way merge (merge3).

Pure functions over text: the views turn the rows into an escaped HTML table.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from merge3 import Merge3

CONFLICT_START = "<<<<<<< latest version"
CONFLICT_MIDDLE = "======="
CONFLICT_END = ">>>>>>> your edit"


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One row of a side-by-side diff; `tag` is equal | insert | delete | replace."""

    tag: str
    old_number: int | None
    old_text: str | None
    new_number: int | None
    new_text: str | None


def diff_rows(old: str, new: str, *, context: int | None = None) -> list[DiffRow]:
    """Side-by-side rows comparing `old` and `new` line by line.

    With `context`, unchanged runs longer than twice that are cut to `context` lines either side
    (a "…" row marks the cut), so a one-line change in a long letter stays readable.
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
            rows.append(
                DiffRow(
                    tag,
                    oi + 1 if oi < i2 else None,
                    a[oi] if oi < i2 else None,
                    nj + 1 if nj < j2 else None,
                    b[nj] if nj < j2 else None,
                )
            )
    return rows


def _equal_rows(
    a: list[str], i1: int, i2: int, j1: int, context: int | None, edges: tuple[bool, bool]
) -> list[DiffRow]:
    """Unchanged lines, keeping only `context` lines next to a change before or after them."""

    def row(i: int) -> DiffRow:
        return DiffRow("equal", i + 1, a[i], j1 + (i - i1) + 1, a[i])

    after_change, before_change = edges
    if context is None or i2 - i1 <= context * (after_change + before_change) + 1:
        return [row(i) for i in range(i1, i2)]
    head = [row(i) for i in range(i1, i1 + context)] if after_change else []
    tail = [row(i) for i in range(i2 - context, i2)] if before_change else []
    return [*head, DiffRow("skip", None, None, None, None), *tail]


@dataclass(frozen=True, slots=True)
class WordChange:
    """A run of a word-level diff: `tag` is equal | insert | delete."""

    tag: str
    text: str


# Words, runs of spaces, and single other characters, so a changed comma shows as a comma.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> list[WordChange]:
    """The changes from `old` to `new` word by word (a replacement is a deletion then an
    insertion), so a reviewer sees exactly which words changed, not which paragraphs."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    changes: list[WordChange] = []

    def add(tag: str, text: str) -> None:
        if not text:
            return
        if changes and changes[-1].tag == tag:
            changes[-1] = WordChange(tag, changes[-1].text + text)
        else:
            changes.append(WordChange(tag, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
            continue
        add("delete", "".join(a[i1:i2]))
        add("insert", "".join(b[j1:j2]))
    return changes


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
