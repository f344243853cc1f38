"""One table of every figure `make bench` measured, each beside its target.

A benchmark module adds its headline figures with `add_row()` as it measures them; `make bench`
prints the table once every module has run (and `python -m bench --record` appends it, dated,
with the machine, to BENCHMARKS.md). To add a figure: measure it in a module listed in
`bench.BENCHMARKS` and call

    from bench.table import add_row
    add_row("mailto share link", f"{median_ms:.2f} ms median", "≤ 2 ms", met=median_ms <= 2)

`met` is True or False when the figure can be judged against its target here, None otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    what: str
    figure: str
    target: str
    met: bool | None


ROWS: list[Row] = []


def add_row(what: str, figure: str, target: str = "", *, met: bool | None = None) -> None:
    """Add a measured figure (already formatted, with its unit) and its target."""
    ROWS.append(Row(what, figure, target, met))


def machine() -> str:
    """A one-line description of this machine, for dated records."""
    cores = os.cpu_count() or 0
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cores} cores, {cpu}, {system}, Python {platform.python_version()}"


_MET = {True: "yes", False: "**no**", None: "–"}


def render(rows: list[Row] | None = None) -> str:
    """The table as Markdown (it reads as plain text in a terminal too)."""
    rows = ROWS if rows is None else rows
    lines = ["| What | Figure | Target | Met |", "|---|---|---|---|"]
    lines += [f"| {r.what} | {r.figure} | {r.target or '–'} | {_MET[r.met]} |" for r in rows]
    return "\n".join(lines)


def newest_first(document: str, record: str) -> str:
    """`document` with `record` above its first dated run, so the newest run is read first."""
    head, marker, runs = document.partition("\n## ")
    if not marker:
        return document.rstrip("\n") + "\n" + record
    return head.rstrip("\n") + "\n" + record + "\n## " + runs


def dated_record(rows: list[Row] | None = None, when: dt.datetime | None = None) -> str:
    """The table under a heading naming the date and the machine, for BENCHMARKS.md."""
    when = when or dt.datetime.now(dt.UTC)
    return f"\n## {when:%Y-%m-%d %H:%M} UTC — {machine()}\n\n{render(rows)}\n"
