"""The MP directory: constituencies, their MPs, and postcode → constituency lookup.

Built once per process from letters/data/*.csv (see letters/DATA.md for sources and dates).
Postcode lookup is a `bisect` over the sorted range starts of postcode_ranges.csv, checked against
the constituencies outcodes.csv lists for the postcode's outcode.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from letters.errors import UnknownConstituency, UnknownPostcode
from letters.i18n import gettext as _
from letters.model import MP, Constituency, Nation
from letters.postcodes import is_northern_ireland, normalise_postcode, postcode_key

__all__ = [
    "DATA_DIR",
    "Directory",
    "MatchKind",
    "PostcodeMatch",
    "default_directory",
    "fold_name",
    "mp_from_row",
    "mp_full_title",
    "vacant_mp",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

# Large-user and non-geographic outcodes left out of outcodes.csv (see DATA.md): postcodes there
# belong to organisations and PO boxes, so we ask for a home postcode instead.
NON_GEOGRAPHIC_OUTCODES = frozenset({"BN91", "EH77", "EN77", "PO24", "S94", "SR43"})

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"['’‘`]")


def fold_name(text: str) -> str:
    """A constituency name reduced for matching: no accents or case, "&" = "and", one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = _APOSTROPHES.sub("", bare.replace("&", " and "))
    return _NOT_WORD.sub(" ", bare).strip()


class MatchKind(StrEnum):
    EXACT = "exact"  # the postcode is in one constituency
    CHOOSE = "choose"  # the person picks from `candidates` (most likely first)
    NORTHERN_IRELAND = "northern_ireland"  # no NI postcode data: all 18 NI seats are offered


@dataclass(frozen=True, slots=True)
class PostcodeMatch:
    """The answer to a postcode lookup; for EXACT, `candidates` is just `(constituency,)`."""

    postcode: str
    constituency: Constituency | None
    candidates: tuple[Constituency, ...]
    kind: MatchKind


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def mp_full_title(title: str, name: str) -> str:
    """The address-block form, always ending " MP" (two source rows lack it)."""
    title = " ".join((title or name).split())
    return title if title.endswith(" MP") else f"{title} MP"


def mp_from_row(row: Mapping[str, str]) -> MP:
    """An MP from one mps.csv row; a row without a member id or name is a vacant seat."""
    as_of = dt.date.fromisoformat(row["as_of"])
    code = row["constituency_code"]
    name = row["mp_name"].strip()
    member_id = row["member_id"].strip()
    if not member_id or not name:
        return vacant_mp(code, as_of)
    return MP(
        member_id=int(member_id),
        name=name,
        full_title=mp_full_title(row["addressed_as"], name),
        # The CSV has no "address as" form; the name is always correct, a title could be wrong.
        salutation=name,
        party=row["party"].strip(),
        constituency_code=code,
        email=row["email"].strip() or None,
        as_of=as_of,
    )


def vacant_mp(code: str, as_of: dt.date) -> MP:
    """The record for a seat with no MP (after a death or resignation, before a by-election)."""
    return MP(
        member_id=None,
        name="",
        full_title="",
        salutation="",
        party="",
        constituency_code=code,
        email=None,
        as_of=as_of,
        vacant=True,
    )


@dataclass(frozen=True, slots=True, eq=False)
class Directory:
    """Constituencies, MPs and the postcode index. Build with `Directory.load()`; never mutated."""

    as_of: dt.date
    _by_code: Mapping[str, Constituency]
    _by_name: Mapping[str, Constituency]
    _sorted: tuple[Constituency, ...]
    _mps: Mapping[str, MP]
    _outcodes: Mapping[str, tuple[Constituency, ...]]
    _outcode_codes: Mapping[str, frozenset[str]]
    _range_keys: list[int]
    _range_codes: list[str]
    _northern_ireland: tuple[Constituency, ...]

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Directory:
        """Read the four CSV files in `data_dir` (default: letters/data).

        A file missing from `data_dir` is read from letters/data, so a folder holding only an
        updated mps.csv (what `letters mps import` writes) is enough.
        """
        folder = Path(data_dir) if data_dir is not None else DATA_DIR

        def data_file(name: str) -> Path:
            path = folder / name
            return path if path.is_file() else DATA_DIR / name

        by_code = {
            row["code"]: Constituency(
                code=row["code"],
                name=row["name"],
                nation=Nation(row["nation"]),
                region=row["region"],
            )
            for row in _read_csv(data_file("constituencies.csv"))
        }
        ordered = tuple(sorted(by_code.values(), key=lambda c: fold_name(c.name)))
        mps = {
            row["constituency_code"]: mp_from_row(row) for row in _read_csv(data_file("mps.csv"))
        }
        outcodes, outcode_codes = _load_outcodes(data_file("outcodes.csv"), by_code)
        keys, codes = _load_ranges(data_file("postcode_ranges.csv"))
        return cls(
            as_of=max(mp.as_of for mp in mps.values()),
            _by_code=MappingProxyType(by_code),
            _by_name=MappingProxyType({fold_name(c.name): c for c in ordered}),
            _sorted=ordered,
            _mps=MappingProxyType(mps),
            _outcodes=MappingProxyType(outcodes),
            _outcode_codes=MappingProxyType(outcode_codes),
            _range_keys=keys,
            _range_codes=codes,
            _northern_ireland=tuple(c for c in ordered if c.nation is Nation.NORTHERN_IRELAND),
        )

    # --- postcodes ---------------------------------------------------------------------------

    def lookup_postcode(self, raw: str) -> PostcodeMatch:
        """The constituency for a postcode, or the candidates to choose from.

        Raises InvalidPostcode (not a postcode's shape) or UnknownPostcode (outcode not known).
        """
        postcode = normalise_postcode(raw)
        outcode = postcode.partition(" ")[0]
        if is_northern_ireland(postcode):
            return PostcodeMatch(postcode, None, self._northern_ireland, MatchKind.NORTHERN_IRELAND)
        candidates = self._outcodes.get(outcode)
        if candidates is None:
            raise UnknownPostcode(_unknown_postcode_message(postcode, outcode))
        index = bisect_right(self._range_keys, postcode_key(postcode)) - 1
        code = self._range_codes[index] if index >= 0 else ""
        if code and code in self._outcode_codes[outcode]:
            return PostcodeMatch(
                postcode, self._by_code[code], (self._by_code[code],), MatchKind.EXACT
            )
        if len(candidates) == 1:
            # Every known postcode in this outcode is in one seat, so a newer one is too.
            return PostcodeMatch(postcode, candidates[0], candidates, MatchKind.EXACT)
        return PostcodeMatch(postcode, None, candidates, MatchKind.CHOOSE)

    # --- constituencies ----------------------------------------------------------------------

    def constituency(self, code_or_name: str) -> Constituency:
        """A constituency by GSS code ("W07000112") or name ("ynys mon", any case or accents).

        Raises UnknownConstituency.
        """
        text = " ".join(str(code_or_name).split())
        found = self._by_code.get(text.upper()) or self._by_name.get(fold_name(text))
        if found is None:
            shown = text if len(text) <= 80 else text[:77] + "..."
            raise UnknownConstituency(
                f"We can't find a constituency called “{shown}”. "
                "Please check the spelling, or search for it by part of its name."
            )
        return found

    def search(self, text: str, limit: int = 20) -> list[Constituency]:
        """Constituencies whose name contains `text` (accent- and case-insensitive).

        Names starting with the text come first, then names with a word starting with it, then
        the rest; each group in alphabetical order.
        """
        needle = fold_name(text)
        if not needle:
            return []
        code = self._by_code.get(text.strip().upper())
        if code is not None:
            return [code]
        ranked: list[tuple[int, Constituency]] = []
        for folded, constituency in self._by_name.items():
            position = folded.find(needle)
            if position < 0:
                continue
            rank = 0 if position == 0 else 1 if folded[position - 1] == " " else 2
            ranked.append((rank, constituency))
        ranked.sort(key=lambda pair: pair[0])  # stable: keeps alphabetical order within a rank
        return [constituency for _, constituency in ranked[:limit]]

    def constituencies(self) -> tuple[Constituency, ...]:
        """All constituencies, sorted by name."""
        return self._sorted

    # --- MPs -----------------------------------------------------------------------------------

    def mp_for(self, code: str) -> MP:
        """The MP for a constituency code (a record with `vacant=True` for an empty seat)."""
        mp = self._mps.get(code)
        if mp is None:
            if code not in self._by_code:
                raise UnknownConstituency(f"There is no constituency with the code {code!r}.")
            mp = vacant_mp(code, self.as_of)
        return mp

    def mps(self) -> Mapping[str, MP]:
        """Every seat's MP record, by constituency code."""
        return self._mps

    def with_mps(self, overrides: Mapping[str, MP]) -> Directory:
        """A copy with some seats' MPs replaced (staff overrides); the original is unchanged."""
        unknown = sorted(code for code in overrides if code not in self._by_code)
        if unknown:
            raise UnknownConstituency(f"No constituency has the code(s): {', '.join(unknown)}.")
        mps = {**self._mps, **{code: overrides[code] for code in overrides}}
        return dataclasses.replace(self, _mps=MappingProxyType(mps))


def _unknown_postcode_message(postcode: str, outcode: str) -> str:
    # Through the letters' catalogue: a Welsh page says it in Welsh (letters.i18n).
    if outcode in NON_GEOGRAPHIC_OUTCODES:
        return _(
            "Postcodes starting %(outcode)s belong to businesses and PO boxes, so we can't tell "
            "which constituency they are in. Please enter your home postcode, or choose your "
            "constituency by name.",
            outcode=outcode,
        )
    return _(
        "We can't find the postcode %(postcode)s. Please check it, "
        "or choose your constituency by name.",
        postcode=postcode,
    )


def _load_outcodes(
    path: Path, by_code: Mapping[str, Constituency]
) -> tuple[dict[str, tuple[Constituency, ...]], dict[str, frozenset[str]]]:
    shares: dict[str, list[tuple[float, str]]] = {}
    for row in _read_csv(path):
        shares.setdefault(row["outcode"], []).append(
            (float(row["share"]), row["constituency_code"])
        )
    outcodes: dict[str, tuple[Constituency, ...]] = {}
    for outcode, pairs in shares.items():
        # Most likely first; ties broken by name so the order never depends on file order.
        pairs.sort(key=lambda pair: (-pair[0], by_code[pair[1]].name))
        outcodes[outcode] = tuple(by_code[code] for _, code in pairs)
    return outcodes, {o: frozenset(c.code for c in cs) for o, cs in outcodes.items()}


def _load_ranges(path: Path) -> tuple[list[int], list[str]]:
    # Two plain columns with no quoting, so splitting lines is safe and much faster than csv.
    header, _, body = path.read_text(encoding="utf-8").partition("\n")
    if header.strip() != "first_postcode,constituency_code":
        raise ValueError(f"{path}: expected the header first_postcode,constituency_code")
    cells = body.strip().replace("\r", "").replace("\n", ",").split(",")
    if len(cells) % 2:
        raise ValueError(f"{path}: every row needs exactly two columns")
    keys = [int(first, 36) for first in cells[0::2]]
    codes = cells[1::2]
    if keys != sorted(keys):
        # The file promises integer order; re-sort rather than give wrong answers if it breaks.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return [keys[i] for i in order], [codes[i] for i in order]
    return keys, codes


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The directory from the bundled data, loaded once per process."""
    return Directory.load()
