"""Where a letter comes from: a `?source=` code and the usual `utm_*` values on a campaign link.

Values arrive from anywhere (a partner's page, a forwarded email, a hand-typed address), so each
is cut to a safe character set (lower-case letters, digits, "-", "_" and ".") and length before
anything keeps it: the rest of the product never sees a raw value.

The journey keeps the source like this: any supporter page opened with one of the parameters
remembers it in the supporter's own session (the last non-empty arrival wins, per campaign);
a letter takes the remembered source when it is started at step 1 and keeps it to the end
(`LetterDraft.source`), and the letter's anonymous count, its kept copy or updates consent, and
a reported reply store it. Nothing else personal ever holds it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from flask import session

from webapp.reach.models import SOURCE_MAX_CHARS, UTM_MAX_CHARS

# The request parameters read, with the longest value each keeps.
PARAMETERS = {
    "source": SOURCE_MAX_CHARS,
    "utm_source": UTM_MAX_CHARS,
    "utm_medium": UTM_MAX_CHARS,
    "utm_campaign": UTM_MAX_CHARS,
}
# A clean value: safe characters, starting and ending with a letter or digit. A staff share
# link's code must be one, so the code a link carries arrives unchanged.
CODE_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?")
# A run of anything outside the safe set becomes one hyphen.
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_EDGES = "-_."
# The source a supporter's own share carries (the thank-you page's share buttons).
SUPPORTER_SHARE = "share"
# The session key of the last arrival: {"campaign": slug, "source": …, "utm_…": …}.
ARRIVAL_KEY = "arrival"


def clean(value: object, limit: int) -> str | None:
    """`value` cut to the safe set and `limit` characters, or None when nothing is left.

    Accents fall back to their letters ("Café" → "cafe"); other characters (spaces, quotes,
    markup, control characters, other scripts) become hyphens; hyphens, dots and underscores
    at either end are dropped, so a value never starts like a spreadsheet formula.
    """
    if not isinstance(value, str):
        return None
    # Only the start can survive the cut, so a 10 kB value costs no more than a short one.
    text = unicodedata.normalize("NFKD", value[: limit * 4])
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = _UNSAFE.sub("-", text).strip(_EDGES)
    return text[:limit].rstrip(_EDGES) or None


@dataclass(frozen=True, slots=True)
class Source:
    """Where one letter came from; every field already clean (or None)."""

    source: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when the letter came from nowhere we know of ("direct or unknown")."""
        return not any(self.columns().values())

    def columns(self) -> dict[str, str | None]:
        """The four columns as a table stores them (`source`, `utm_source`, …)."""
        return asdict(self)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object] | None) -> Source:
        """A Source from stored or received values, each cleaned again on the way in."""
        values = values or {}
        return cls(**{name: clean(values.get(name), limit) for name, limit in PARAMETERS.items()})


NO_SOURCE = Source()


def source_from_args(args: Mapping[str, object]) -> Source:
    """The source a request's query parameters name (`?source=`, `utm_source`, `utm_medium`,
    `utm_campaign`), each cleaned; empty when none is given."""
    return Source.from_mapping(args)


def remember_arrival(args: Mapping[str, object], campaign: str) -> Source:
    """Remember the source a supporter page was opened with, in the supporter's session.

    A page with no source parameter changes nothing (the last non-empty arrival wins); a new
    arrival replaces all four values. Returns the source remembered now (or NO_SOURCE).
    """
    if not any(args.get(name) for name in PARAMETERS):
        return NO_SOURCE
    source = source_from_args(args)
    if source.is_empty:
        return NO_SOURCE
    stored = {name: value for name, value in source.columns().items() if value}
    session[ARRIVAL_KEY] = {"campaign": campaign, **stored}
    return source


def arrival_source(campaign: str) -> Source:
    """The source this browser last arrived at `campaign` with, or NO_SOURCE."""
    arrival = session.get(ARRIVAL_KEY)
    if not isinstance(arrival, dict) or arrival.get("campaign") != campaign:
        return NO_SOURCE
    return Source.from_mapping(arrival)
