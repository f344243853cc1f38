"""Seats from what staff type in one box: a postcode, a constituency, a nation or an MP's name.

Supporters give a postcode and the service decides their seat (`letters.service`); staff know a
seat by whatever they have to hand (a lobby-day list of MPs, a region, a postcode), so the staff
previews and the lobby-day download take any of these through `find_seats`. The answer is plain
data; the pages word it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from letters.directory import Directory, PostcodeMatch, fold_name
from letters.errors import PostcodeError, UnknownConstituency
from letters.model import MP, Constituency, Nation

__all__ = ["PlaceKind", "PlaceMatch", "find_seats"]

# More than this many seats is not an answer a person can scan; they should type more.
PART_MATCH_LIMIT = 20


class PlaceKind(StrEnum):
    POSTCODE = "postcode"  # `postcode` says how sure: one seat, or candidates to choose from
    CONSTITUENCY = "constituency"  # a GSS code or a constituency's full name
    NATION = "nation"  # every seat in `nation`, in name order
    MP = "mp"  # the seat of each MP whose name (or part of it) was typed; `mps` alongside
    PART_OF_NAME = "part_of_name"  # constituencies whose name contains the text
    NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What `text` names; `seats` is empty for NOTHING and most likely first otherwise."""

    text: str
    kind: PlaceKind
    seats: tuple[Constituency, ...] = ()
    postcode: PostcodeMatch | None = None
    nation: Nation | None = None
    mps: tuple[MP, ...] = ()  # for MP, in the same order as `seats`


def find_seats(directory: Directory, text: str) -> PlaceMatch:
    """The seats `text` names, tried in this order: a postcode, a constituency's code or full
    name, a nation, an MP's full name, then part of a constituency's or an MP's name."""
    text = " ".join(str(text or "").split())
    needle = _without_mp(fold_name(text))
    if not needle:
        return PlaceMatch(text, PlaceKind.NOTHING)
    try:
        postcode = directory.lookup_postcode(text)
    except PostcodeError:
        postcode = None  # not a postcode, or one we don't know: it may still be a name
    if postcode is not None:
        return PlaceMatch(text, PlaceKind.POSTCODE, postcode.candidates, postcode=postcode)
    try:
        return PlaceMatch(text, PlaceKind.CONSTITUENCY, (directory.constituency(text),))
    except UnknownConstituency:
        pass
    for nation in Nation:
        if needle == fold_name(nation.value):
            seats = tuple(c for c in directory.constituencies() if c.nation is nation)
            return PlaceMatch(text, PlaceKind.NATION, seats, nation=nation)
    named = _mps_named(directory, needle, whole=True)
    if named:
        return _mp_match(directory, text, named)
    # A word of a seat's name, then a word of an MP's, then inside a word ("smith" is more
    # likely Ms Smith than Hammersmith).
    by_name = directory.search(text, limit=PART_MATCH_LIMIT)
    words = tuple(c for c in by_name if _starts_a_word(fold_name(c.name), needle))
    if words:
        return PlaceMatch(text, PlaceKind.PART_OF_NAME, words)
    named = _mps_named(directory, needle, whole=False)
    if named:
        return _mp_match(directory, text, named[:PART_MATCH_LIMIT])
    if by_name:
        return PlaceMatch(text, PlaceKind.PART_OF_NAME, tuple(by_name))
    return PlaceMatch(text, PlaceKind.NOTHING)


def _starts_a_word(folded: str, needle: str) -> bool:
    return folded.startswith(needle) or f" {needle}" in folded


def _without_mp(folded: str) -> str:
    # "Jane Smith MP" is how a lobby list writes a name; the directory's names have no "MP".
    return folded.removesuffix(" mp") if folded != "mp" else ""


def _mps_named(directory: Directory, needle: str, *, whole: bool) -> list[MP]:
    """MPs whose name or address title is `needle` (whole) or has a word starting it."""
    found = []
    for mp in directory.mps().values():
        if mp.vacant:
            continue
        names = (fold_name(mp.name), _without_mp(fold_name(mp.full_title)))
        matches = needle in names if whole else any(_starts_a_word(n, needle) for n in names)
        if matches:
            found.append(mp)
    return sorted(found, key=lambda mp: fold_name(mp.name))


def _mp_match(directory: Directory, text: str, mps: list[MP]) -> PlaceMatch:
    seats = tuple(directory.constituency(mp.constituency_code) for mp in mps)
    return PlaceMatch(text, PlaceKind.MP, seats, mps=tuple(mps))
