"""One box for staff: a postcode, a constituency, a nation or an MP's name, each to its seats."""

from __future__ import annotations

from letters.directory import default_directory
from letters.model import Nation
from letters.places import PlaceKind, find_seats

CARDIFF = "W07000091"


def test_a_nation_names_all_its_seats_in_name_order():
    """“scotland” (any case) is every Scottish seat, as the directory orders them."""
    directory = default_directory()
    match = find_seats(directory, "  scotland ")
    assert match.kind is PlaceKind.NATION
    assert match.seats == tuple(
        c for c in directory.constituencies() if c.nation is Nation.SCOTLAND
    )


def test_an_mps_name_with_or_without_mp_is_their_seat():
    """The MP's name, or their name followed by “MP” as lobby lists write it, is their seat."""
    directory = default_directory()
    mp = directory.mp_for(CARDIFF)
    for text in (mp.name, f"{mp.name} MP", mp.full_title):
        match = find_seats(directory, text)
        assert match.kind is PlaceKind.MP, text
        assert [seat.code for seat in match.seats] == [CARDIFF]
        assert match.mps == (mp,)


def test_a_surname_finds_every_mp_of_that_name():
    """Part of an MP's name that is no seat's name finds each MP with a word starting so."""
    directory = default_directory()
    mp = directory.mp_for(CARDIFF)
    surname = mp.name.split()[-1]
    match = find_seats(directory, surname)
    assert match.kind is PlaceKind.MP
    assert mp in match.mps
    assert all(surname.casefold() in m.name.casefold() for m in match.mps)


def test_postcodes_and_names_come_before_mps_and_nonsense_is_nothing():
    """A postcode or a seat's name wins; nothing is found for text that names nothing."""
    directory = default_directory()
    assert find_seats(directory, "sw1a1aa").kind is PlaceKind.POSTCODE
    assert find_seats(directory, "cardiff south and penarth").seats == (
        directory.constituency(CARDIFF),
    )
    assert find_seats(directory, "xyzzy").kind is PlaceKind.NOTHING
    assert find_seats(directory, "xyzzy").seats == ()
