"""CSV cells a spreadsheet shows as text: a value that starts like a formula ("=", "+", "-",
"@", a tab or a carriage return) gets a leading apostrophe, as the supporter lists do."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str | int:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (numbers stay numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The whole CSV (header, then rows), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
