"""The supporter's draft of one letter, as a typed object (stored as a compact dict).

It lives in the signed session cookie (or, when too big, a server-side row: see letter_state),
so `to_dict` leaves out empty fields to keep the cookie small, and `from_dict` ignores keys it
does not know (a cookie written by an older version of the site).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from webapp.reach.sources import Source


@dataclass(slots=True)
class LetterDraft:
    """One letter being written: step 1's seat, step 2's details and consents, and what the
    letter was composed with (so re-downloads and the kept copy are the letter previewed)."""

    letter_key: str = ""  # random, made at step 1; names this letter's count and kept row
    postcode: str = ""
    constituency: str | None = None  # GSS code chosen at step 1 (or confirmed at step 2)
    name: str = ""
    address_lines: tuple[str, ...] = ()
    email: str | None = None
    reason: str | None = None
    concern: str | None = None
    keep_copy: bool = False
    updates: bool = False
    remind: bool = False  # one reminder email in three weeks (where a mail server is set)
    unprintable: str | None = None  # why no PDF can be made, when none can
    ready: bool = False  # the form was sent and checked: there is a letter to show
    output: bool = False  # downloaded or sent at least once
    template_version: int | None = None  # staff versions composed with (None: the files)
    findings_version: int | None = None
    letter_date: dt.date | None = None
    # The language the letter is written in, "en" or "cy" ("": not chosen yet, so English for a
    # letter and the page's language on the form).
    letter_language: str = ""
    # Where the letter came from (webapp.reach.sources): taken from the browser's last arrival
    # when the letter is started at step 1, and kept to the end whatever links are opened later.
    source: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, without empty fields."""
        data: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value in (None, "", (), False):
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            data[field.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> LetterDraft:
        """The draft saved by `to_dict` (unknown keys are ignored)."""
        data = data or {}
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if "address_lines" in values:
            values["address_lines"] = tuple(values["address_lines"] or ())
        if values.get("letter_date"):
            values["letter_date"] = dt.date.fromisoformat(values["letter_date"])
        return cls(**values)

    @property
    def arrival(self) -> Source:
        """Where this letter came from (cleaned again: the draft may be an old cookie's)."""
        return Source.from_mapping(
            {
                "source": self.source,
                "utm_source": self.utm_source,
                "utm_medium": self.utm_medium,
                "utm_campaign": self.utm_campaign,
            }
        )

    def start_from(self, arrival: Source) -> None:
        """Record where this letter came from (at step 1, when the letter is started)."""
        for name, value in arrival.columns().items():
            setattr(self, name, value)

    @property
    def is_empty(self) -> bool:
        """True when nothing has been started."""
        return not self.to_dict()
