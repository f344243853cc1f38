"""The seat staff mean, in staff words: for the previews (show one seat, say which and offer the
others) and for the lobby-day download (exactly one seat, or say which ones and ask).

Both read what was typed with the one lookup, `letters.places.find_seats`, so a name that works
in the preview works in the download too.
"""

from __future__ import annotations

from dataclasses import dataclass

from letters.directory import Directory, MatchKind
from letters.errors import LettersError
from letters.model import Constituency
from letters.places import PlaceKind, PlaceMatch, find_seats
from webapp.i18n import _

# A download's error lists at most this many seats by name; the rest are counted.
NAMES_LISTED = 5


class PlaceNotFound(LettersError):
    """Nothing matches what was typed, or (for a download) more than one seat does."""


@dataclass(frozen=True, slots=True)
class Place:
    """The seat a preview shows, what to tell staff about it, and the other seats they meant."""

    constituency: Constituency
    note: str | None = None  # said when the text named more than one seat, or named it oddly
    choices: tuple[Constituency, ...] = ()  # every seat the text named, when more than one


def find_place(directory: Directory, text: str | None) -> Place:
    """The seat for a postcode, a constituency, a nation or an MP's name: the first (most likely)
    when it names several, with a note; the first constituency when `text` is empty.

    Raises PlaceNotFound, with a message for staff, when nothing matches.
    """
    if not (text or "").strip():
        return Place(directory.constituencies()[0])
    match = find_seats(directory, text)
    if not match.seats:
        raise _nothing_matches(match)
    first = match.seats[0]
    choices = match.seats if len(match.seats) > 1 else ()
    return Place(first, _preview_note(match, first), choices)


def _preview_note(match: PlaceMatch, first: Constituency) -> str | None:
    count = len(match.seats)
    if match.kind is PlaceKind.POSTCODE and match.postcode.kind is MatchKind.NORTHERN_IRELAND:
        return _(
            "%(postcode)s is in Northern Ireland, where we can't match postcodes to "
            "constituencies; showing %(name)s.",
            postcode=match.postcode.postcode,
            name=first.name,
        )
    if match.kind is PlaceKind.POSTCODE and count > 1:
        return _(
            "%(postcode)s could be in %(count)s constituencies; showing %(name)s.",
            postcode=match.postcode.postcode,
            count=count,
            name=first.name,
        )
    if match.kind is PlaceKind.NATION:
        return _(
            "%(nation)s has %(count)s constituencies; showing the first, %(name)s.",
            nation=match.nation.value,
            count=count,
            name=first.name,
        )
    if match.kind is PlaceKind.MP and count == 1:
        return _("%(mp)s is the MP for %(name)s.", mp=match.mps[0].name, name=first.name)
    if count > 1:
        return _("More than one name matches; showing %(name)s.", name=first.name)
    return None


def one_seat(directory: Directory, text: str) -> Constituency:
    """The one seat a postcode, constituency or MP's name stands for (the lobby-day download).

    Raises PlaceNotFound when nothing matches, or when several seats do: the message names them
    and asks for the one meant.
    """
    match = find_seats(directory, text)
    if len(match.seats) == 1:
        return match.seats[0]
    if not match.seats:
        raise _nothing_matches(match)
    names = _listed(match)
    if match.kind is PlaceKind.POSTCODE and match.postcode.kind is MatchKind.NORTHERN_IRELAND:
        raise PlaceNotFound(
            _(
                "%(postcode)s is in Northern Ireland, where we can't match postcodes to "
                "constituencies. Enter the constituency or the MP's name instead.",
                postcode=match.postcode.postcode,
            )
        )
    if match.kind is PlaceKind.POSTCODE:
        raise PlaceNotFound(
            _(
                "%(postcode)s could be in more than one constituency: %(names)s. Enter the "
                "constituency you mean.",
                postcode=match.postcode.postcode,
                names=names,
            )
        )
    if match.kind is PlaceKind.NATION:
        raise PlaceNotFound(
            _(
                "%(nation)s has %(count)s constituencies. Enter one constituency, its MP's "
                "name or a postcode.",
                nation=match.nation.value,
                count=len(match.seats),
            )
        )
    raise PlaceNotFound(
        _(
            "More than one constituency or MP matches “%(text)s”: %(names)s. Enter the full "
            "name of the one you mean.",
            text=match.text,
            names=names,
        )
    )


def _nothing_matches(match: PlaceMatch) -> PlaceNotFound:
    shown = match.text if len(match.text) <= 80 else match.text[:77] + "…"
    return PlaceNotFound(_("No constituency, MP or postcode matches “%(text)s”.", text=shown))


def _listed(match: PlaceMatch) -> str:
    """The seats matched, for a sentence: the first few (with their MPs, if it was an MP's
    name that matched), then how many more."""
    if match.mps:
        labels = [
            _("%(mp)s (%(name)s)", mp=mp.name, name=seat.name)
            for mp, seat in zip(match.mps, match.seats, strict=True)
        ]
    else:
        labels = [seat.name for seat in match.seats]
    names = ", ".join(labels[:NAMES_LISTED])
    if len(labels) <= NAMES_LISTED:
        return names
    return _("%(names)s and %(count)s more", names=names, count=len(labels) - NAMES_LISTED)
