"""The two lists of people, each holding exactly what its consent box allows (editors only).

- Campaign updates (`supporters.csv`): only supporters who ticked "Send me campaign updates", with
  their email; nobody who only asked us to keep their letter.
- Kept letters' senders (`kept-letter-senders.csv`): who wrote each kept letter and where it goes,
  for delivering the letters; not a mailing list.
Each download is recorded in the audit log, and neither is kept in any cache.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from flask import Response, stream_with_context

from webapp.accounts import audit
from webapp.content import published
from webapp.exports.letters_source import iter_rows
from webapp.staff.blueprint import bp
from webapp.submissions.models import Submission

# Characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UPDATES_COLUMNS = ("name", "email", "constituency", "created")
SENDERS_COLUMNS = (
    "name",
    "address",
    "postcode",
    "constituency",
    "email",
    "written",
    "content_hash",
)


def cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_response(header: Iterable[str], rows: Callable[[], Iterator[list]], name: str):
    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows():
            writer.writerow([cell(value) for value in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _seat_names() -> dict[str, str]:
    return {c.code: c.name for c in published.current_directory().constituencies()}


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""


@bp.route("/exports/supporters.csv")
def supporters_csv():
    """Supporters who asked for campaign updates: name, email, constituency, date. Only them."""
    campaign = published.current_campaign().slug
    audit.record(audit.Action.DOWNLOAD_PERSONAL_DATA, target="supporters.csv")
    names = _seat_names()
    columns = (
        Submission.id,
        Submission.name,
        Submission.email,
        Submission.constituency_code,
        Submission.created_at,
    )
    asked_for_updates = [
        Submission.campaign == campaign,
        Submission.consent_updates.is_(True),
        Submission.email.is_not(None),
        Submission.email != "",
    ]

    def rows():
        for _, name, email, code, created in iter_rows(asked_for_updates, columns):
            yield [name, email, names.get(code, code), _day(created)]

    return _csv_response(UPDATES_COLUMNS, rows, "supporters.csv")


@bp.route("/exports/kept-letter-senders.csv")
def kept_letter_senders_csv():
    """Who wrote each kept letter, for delivery: name, address, postcode, seat, email, hash."""
    campaign = published.current_campaign().slug
    audit.record(audit.Action.DOWNLOAD_PERSONAL_DATA, target="kept-letter-senders.csv")
    names = _seat_names()
    columns = (
        Submission.id,
        Submission.name,
        Submission.address_lines,
        Submission.postcode,
        Submission.constituency_code,
        Submission.email,
        Submission.created_at,
        Submission.content_hash,
    )
    kept = [Submission.campaign == campaign, Submission.keep_letter.is_(True)]

    def rows():
        for _, name, lines, postcode, code, email, created, digest in iter_rows(kept, columns):
            address = ", ".join(lines or ())
            yield [name, address, postcode, names.get(code, code), email, _day(created), digest]

    return _csv_response(SENDERS_COLUMNS, rows, "kept-letter-senders.csv")
