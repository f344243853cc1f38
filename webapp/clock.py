"""Time, in one place: the current moment in UTC, and a column type that keeps it timezone-aware.

SQLite hands back naive datetimes even for `DateTime(timezone=True)` columns; everything stored
is UTC, so `AwareDateTime` marks what comes back as UTC and every comparison with `utcnow()`
works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    """The current time in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` as an aware UTC datetime; a naive one is taken to be UTC already."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class AwareDateTime(TypeDecorator):
    """A `DateTime(timezone=True)` column whose values always come back timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        return None if value is None else as_utc(value)
