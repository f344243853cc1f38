"""Letters for a CSV of paper sign-ups: one PDF each in a zip, or one merged PDF to print.

The letters come from the core service (letters.service) and the files are written by
letters.bundle, the same as the staff area's downloads.

A bad row never stops the batch: it becomes a RowError naming the row and the field, and the
good rows are still written. The output appears only when the batch made at least one letter,
so a failed run never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import csv
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from letters.errors import (
    LettersError,
    PostcodeError,
    SupporterInvalid,
    UnknownConstituency,
    UnknownPostcode,
    UnrenderableText,
)
from letters.model import Letter
from letters.service import CampaignLetters, NeedsChoice, VacantSeat, WrongConstituency

__all__ = [
    "BATCH_COLUMNS",
    "BatchResult",
    "RowError",
    "SupportersFileError",
    "read_supporters",
    "row_errors",
    "write_errors_csv",
    "write_merged",
    "write_zip",
]

BATCH_COLUMNS = ("name", "address", "postcode", "email", "reason", "concern", "constituency")
_REQUIRED_COLUMNS = ("name", "address", "postcode")
_ADDRESS_BREAKS = re.compile(r"\s*\|\s*|\s*\r?\n\s*")

Row = dict[str, str]


class SupportersFileError(Exception):
    """The supporters CSV can't be used as given (a usage problem, not a bad row)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one row of the supporters CSV."""

    row: int  # 1 = the first row after the header
    field: str
    message: str


@dataclass(slots=True)
class BatchResult:
    """How many letters a batch wrote and the problems with the rows it could not use."""

    made: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        """How many rows had at least one problem."""
        return len({error.row for error in self.errors})


def read_supporters(path: Path) -> list[Row]:
    """The rows of a supporters CSV, keyed by lower-case column name; blank cells are ""."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip().lower() for c in reader.fieldnames or ()]
            missing = [c for c in _REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise SupportersFileError(
                    f"{path} needs the columns {', '.join(BATCH_COLUMNS)} in its first row "
                    f"(missing: {', '.join(missing)})."
                )
            reader.fieldnames = columns
            return [{k: (v or "") for k, v in row.items() if k in BATCH_COLUMNS} for row in reader]
    except OSError as exc:
        raise SupportersFileError(f"Can't read {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise SupportersFileError(f"{path} is not UTF-8 text: save it as 'CSV UTF-8'.") from None


def _row_letter(letters: CampaignLetters, row: Row) -> Letter:
    return letters.letter(
        name=row.get("name"),
        address_lines=[line for line in _ADDRESS_BREAKS.split(row.get("address", "")) if line],
        postcode=row.get("postcode"),
        email=row.get("email") or None,
        reason=row.get("reason") or None,
        concern=row.get("concern") or None,
        constituency=row.get("constituency") or None,
    )


def row_errors(number: int, exc: LettersError) -> list[RowError]:
    """The problems `exc` found in row `number`, named by the CSV column to fix."""
    if isinstance(exc, SupporterInvalid):
        names = {"address_lines": "address"}
        return [RowError(number, names.get(f, f), m) for f, m in exc.errors.items()]
    if isinstance(exc, NeedsChoice):
        return [RowError(number, "constituency", f"{exc}: fill in the constituency column.")]
    if isinstance(exc, UnknownPostcode):
        return [RowError(number, "postcode", f"{exc} (Fill in the constituency column.)")]
    if isinstance(exc, UnrenderableText):
        column = exc.field
    elif isinstance(exc, PostcodeError):
        column = "postcode"
    elif isinstance(exc, UnknownConstituency | WrongConstituency | VacantSeat):
        column = "constituency"
    else:
        column = "letter"
    return [RowError(number, column, str(exc))]


def _letters(
    letters: CampaignLetters, rows: Iterable[Row], result: BatchResult
) -> Iterator[tuple[int, Letter]]:
    """Each good row's number and printable letter, counted in `result`; bad rows go to its
    errors. A letter the PDF can't print becomes a row error rather than stopping the batch."""
    from letters.render.pdf import check_printable

    for number, row in enumerate(rows, start=1):
        if not any(value.strip() for value in row.values()):
            continue  # a blank line in the spreadsheet
        try:
            letter = _row_letter(letters, row)
            check_printable(letter)
        except LettersError as exc:
            result.errors.extend(row_errors(number, exc))
            continue
        result.made += 1
        yield number, letter


def _progress(rows: Sequence[Row], quiet: bool):
    from tqdm import tqdm

    return tqdm(rows, desc="Letters", unit="letter", file=sys.stderr, disable=quiet)


@contextlib.contextmanager
def _part_file(target: Path, result: BatchResult) -> Iterator[Path]:
    """A temporary file beside `target` that replaces it only once the batch has made letters."""
    tmp = target.with_name(f".{target.name}.part")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if result.made:
        tmp.replace(target)
    else:
        tmp.unlink(missing_ok=True)


def write_zip(
    letters: CampaignLetters, rows: Sequence[Row], target: Path, *, quiet: bool = False
) -> BatchResult:
    """Write a zip of one PDF per good row to `target`, named by row (letters.bundle.zip_name)."""
    from letters import bundle

    result = BatchResult()
    with (
        _part_file(target, result) as tmp,
        tmp.open("wb") as handle,
        _progress(rows, quiet) as progress,
    ):
        bundle.write_zip(_letters(letters, progress, result), handle)
    return result


def write_merged(
    letters: CampaignLetters, rows: Sequence[Row], target: Path, *, quiet: bool = False
) -> BatchResult:
    """Write one print-ready PDF of every good row's letter to `target`.

    Letters are made and written one at a time, so memory stays flat however long the CSV is.
    """
    from letters import bundle

    result = BatchResult()
    with (
        _part_file(target, result) as tmp,
        tmp.open("wb") as handle,
        _progress(rows, quiet) as progress,
    ):
        bundle.write_merged((letter for _, letter in _letters(letters, progress, result)), handle)
    return result


def write_errors_csv(path: Path, errors: Iterable[RowError]) -> None:
    """Write the row errors as a CSV with the columns row, field, message."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "message"])
        writer.writerows((e.row, e.field, e.message) for e in errors)
