"""Line-based comparison of two versions and a three-way merge, both built on difflib.

Pure functions over text: the views turn the rows into an escaped HTML table.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

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
class MergeResult:
    text: str
    conflicts: int  # number of regions left with conflict markers

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


@dataclass(frozen=True, slots=True)
class _Hunk:
    start: int  # base line range [start, end) replaced by `lines`
    end: int
    lines: tuple[str, ...]


def _hunks(base: list[str], other: list[str]) -> list[_Hunk]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        _Hunk(i1, i2, tuple(other[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> list[str]:
    """Base lines [start, end) with this side's hunks (all inside that range) applied."""
    out, pos = [], start
    for h in hunks:
        out.extend(base[pos : h.start])
        out.extend(h.lines)
        pos = h.end
    out.extend(base[pos:end])
    return out


def merge3(base: str, theirs: str, yours: str) -> MergeResult:
    """Merge two edits of the same base: changes to different lines combine; changes to the same
    (or touching) lines that differ are kept between conflict markers for a person to resolve."""
    b = _lines(base)
    sides = {"theirs": _hunks(b, _lines(theirs)), "yours": _hunks(b, _lines(yours))}
    tagged = sorted(
        [(h.start, h.end, name, h) for name, hs in sides.items() for h in hs],
        key=lambda t: (t[0], t[1]),
    )
    out: list[str] = []
    conflicts, pos, i = 0, 0, 0
    while i < len(tagged):
        start, end = tagged[i][0], tagged[i][1]
        group = [tagged[i]]
        i += 1
        # Absorb every hunk that overlaps or touches the region, from either side.
        while i < len(tagged) and tagged[i][0] <= end:
            end = max(end, tagged[i][1])
            group.append(tagged[i])
            i += 1
        out.extend(b[pos:start])
        pos = end
        mine = {name: [g[3] for g in group if g[2] == name] for name in sides}
        versions = {name: _apply(b, start, end, hs) for name, hs in mine.items()}
        if not mine["yours"] or versions["theirs"] == versions["yours"]:
            out.extend(versions["theirs"])
        elif not mine["theirs"]:
            out.extend(versions["yours"])
        else:
            conflicts += 1
            out.append(CONFLICT_START + "\n")
            out.extend(versions["theirs"])
            out.append(CONFLICT_MIDDLE + "\n")
            out.extend(versions["yours"])
            out.append(CONFLICT_END + "\n")
    out.extend(b[pos:])
    return MergeResult("".join(out), conflicts)


def _lines(text: str) -> list[str]:
    """Lines with their endings; the last line gains one so markers never join onto text."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    return lines
