"""UK postcode handling: tidy what a person typed into the standard form, or say what is wrong.

Only the shape is checked here; whether a postcode is one we know is the directory's job.
"""

from __future__ import annotations

import re
import unicodedata

from letters.errors import InvalidPostcode
from letters.i18n import gettext as _

__all__ = ["is_northern_ireland", "normalise_postcode", "outcode_of", "postcode_key"]

# Anything longer is not a postcode typed by a person; refuse before doing any work on it.
_MAX_RAW_CHARS = 32

# Outward code: A9, A99, A9A, AA9, AA99, AA9A; inward code: 9AA (always three characters).
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})")
_OUTCODE_ONLY = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
_WHITESPACE = re.compile(r"\s+")


def normalise_postcode(raw: str) -> str:
    """Return `raw` as an upper-case UK postcode with one space ("sw1a1aa" → "SW1A 1AA").

    Raises InvalidPostcode, with a message for the person who typed it, when `raw` is not in the
    shape of a UK postcode. The postcode may still be unknown (see Directory.lookup_postcode).
    """
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidPostcode(_("Please enter your postcode. A postcode looks like SW1A 1AA."))
    if len(raw) > _MAX_RAW_CHARS:
        raise InvalidPostcode(
            _("That is too long to be a postcode. A postcode looks like SW1A 1AA.")
        )
    if not raw.isascii():
        # Phone keyboards can produce full-width letters or non-breaking spaces; NFKC folds them.
        raw = unicodedata.normalize("NFKC", raw)
    compact = _WHITESPACE.sub("", raw).upper()
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        if _OUTCODE_ONLY.fullmatch(compact):
            raise InvalidPostcode(
                _(
                    "Please enter your full postcode, not just the first part (%(outcode)s). "
                    "A postcode looks like SW1A 1AA.",
                    outcode=compact,
                )
            )
        raise InvalidPostcode(
            _(
                "That doesn't look like a UK postcode. Please check it. "
                "A postcode looks like SW1A 1AA."
            )
        )
    return f"{match[1]} {match[2]}"


def outcode_of(postcode: str) -> str:
    """The outward code (the part before the space) of a postcode: "SW1A 1AA" → "SW1A"."""
    return normalise_postcode(postcode).split(" ", 1)[0]


def is_northern_ireland(postcode: str) -> bool:
    """True for Northern Ireland postcodes (those starting BT and a digit)."""
    outcode = outcode_of(postcode)
    return outcode.startswith("BT") and outcode[2:3].isdigit()


def postcode_key(normalised: str) -> int:
    """The base-36 integer postcode_ranges.csv is sorted by (no space, upper case)."""
    return int(normalised.replace(" ", ""), 36)
