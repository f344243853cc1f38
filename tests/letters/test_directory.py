"""The MP directory: postcode lookup, constituency names and MP records from letters/data."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt

import pytest

from letters.directory import DATA_DIR, Directory, MatchKind, default_directory
from letters.errors import InvalidPostcode, UnknownConstituency, UnknownPostcode
from letters.model import Nation


@pytest.fixture(scope="module")
def directory() -> Directory:
    return default_directory()


# Spot checks from SOURCES.md, then range starts from postcode_ranges.csv whose outcode's most
# common constituency (outcodes.csv) is the same one.
REAL_POSTCODES = [
    ("SW1A 1AA", "Cities of London and Westminster", Nation.ENGLAND),
    ("M1 1AE", "Manchester Central", Nation.ENGLAND),
    ("CF10 1EP", "Cardiff South and Penarth", Nation.WALES),
    ("LL55 4UR", "Dwyfor Meirionnydd", Nation.WALES),
    ("AB10 1AB", "Aberdeen South", Nation.SCOTLAND),
    ("ME7 1FP", "Gillingham and Rainham", Nation.ENGLAND),
    ("CR2 7AA", "Croydon South", Nation.ENGLAND),
    ("WR5 3SF", "Worcester", Nation.ENGLAND),
    ("G12 0PQ", "Glasgow North", Nation.SCOTLAND),
    ("DG5 4AA", "Dumfries and Galloway", Nation.SCOTLAND),
    ("DD9 7UT", "Angus and Perthshire Glens", Nation.SCOTLAND),
    ("CF72 8PY", "Pontypridd", Nation.WALES),
    ("LL20 7BW", "Clwyd East", Nation.WALES),
    ("SA67 8NS", "Mid and South Pembrokeshire", Nation.WALES),
]


@pytest.mark.parametrize(("postcode", "name", "nation"), REAL_POSTCODES)
def test_real_postcodes_find_their_constituency(directory, postcode, name, nation):
    """A known postcode gives exactly one constituency, in the right nation."""
    match = directory.lookup_postcode(postcode)
    assert match.kind is MatchKind.EXACT
    assert match.constituency.name == name
    assert match.constituency.nation is nation
    assert match.candidates == (match.constituency,)
    assert match.postcode == postcode


@pytest.mark.parametrize("raw", ["sw1a1aa", " SW1A 1AA ", "Sw1A   1aA", "SW1A1AA"])
def test_lookup_normalises_before_matching(directory, raw):
    """Typing variants of one postcode reach the same constituency and report the tidy form."""
    match = directory.lookup_postcode(raw)
    assert match.postcode == "SW1A 1AA"
    assert match.constituency.name == "Cities of London and Westminster"


@pytest.mark.parametrize("postcode", ["BT1 1AA", "bt71 4pu", "BT93 1AA"])
def test_northern_ireland_offers_all_18_seats(directory, postcode):
    """BT postcodes have no range data, so every Northern Ireland constituency is offered."""
    match = directory.lookup_postcode(postcode)
    assert match.kind is MatchKind.NORTHERN_IRELAND
    assert match.constituency is None
    assert len(match.candidates) == 18
    assert {c.nation for c in match.candidates} == {Nation.NORTHERN_IRELAND}
    assert [c.name for c in match.candidates] == sorted(c.name for c in match.candidates)


def test_range_without_a_constituency_offers_the_outcode_choices(directory):
    """KY4 4AA starts a range with no constituency: the person chooses among KY4's seats."""
    match = directory.lookup_postcode("KY4 4AA")
    assert match.kind is MatchKind.CHOOSE
    assert match.constituency is None
    assert [c.name for c in match.candidates] == [
        "Cowdenbeath and Kirkcaldy",
        "Glenrothes and Mid Fife",
        "Perth and Kinross-shire",
        "Dunfermline and Dollar",
    ]


def test_choices_are_ordered_by_share_of_the_outcode(directory):
    """Candidates come most likely first, following outcodes.csv's share column."""
    with (DATA_DIR / "outcodes.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["outcode"] == "WD3"]
    expected = [r["constituency_code"] for r in sorted(rows, key=lambda r: -float(r["share"]))]
    match = directory.lookup_postcode("WD3 2HW")
    assert match.kind is MatchKind.CHOOSE
    assert [c.code for c in match.candidates] == expected


def test_outcode_spanning_seats_still_gives_the_exact_answer(directory):
    """G1 covers three Glasgow seats; each postcode's own range decides between them."""
    assert len(directory.lookup_postcode("KY4 4AA").candidates) > 1
    assert directory.lookup_postcode("G1 1AB").constituency.name == "Glasgow East"
    assert directory.lookup_postcode("G1 1JE").constituency.name == "Glasgow North East"


def test_unknown_outcode_is_a_typed_error(directory):
    """A well-formed postcode from no known outcode raises UnknownPostcode, offering names."""
    with pytest.raises(UnknownPostcode, match="ZZ99 9ZZ") as caught:
        directory.lookup_postcode("zz99 9zz")
    assert "constituency by name" in str(caught.value)


def test_business_only_outcode_asks_for_a_home_postcode(directory):
    """Outcodes missing from the data because they are non-geographic say so."""
    with pytest.raises(UnknownPostcode, match="home postcode"):
        directory.lookup_postcode("BN91 1AA")


@pytest.mark.parametrize("raw", ["", "12345", "SW1A", "😀", "x" * 500])
def test_malformed_lookup_is_invalid_postcode(directory, raw):
    """Input that is not a postcode's shape raises InvalidPostcode, never another exception."""
    with pytest.raises(InvalidPostcode):
        directory.lookup_postcode(raw)


def test_every_range_start_in_a_known_outcode_resolves(directory):
    """Every range start in the data gives an exact seat or a choice; none crashes."""
    with (DATA_DIR / "postcode_ranges.csv").open(encoding="utf-8") as handle:
        firsts = [row["first_postcode"] for row in csv.DictReader(handle)]
    kinds = {MatchKind.EXACT: 0, MatchKind.CHOOSE: 0}
    for first in firsts:
        try:
            kinds[directory.lookup_postcode(first).kind] += 1
        except UnknownPostcode:
            continue
    assert kinds[MatchKind.EXACT] > 50_000
    assert kinds[MatchKind.CHOOSE] < 100


# --- constituencies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ynys mon", "Ynys Môn"),
        ("YNYS MÔN", "Ynys Môn"),
        ("montgomeryshire and glyndwr", "Montgomeryshire and Glyndŵr"),
        ("Montgomeryshire & Glyndwr", "Montgomeryshire and Glyndŵr"),
        ("  queens   park and maida vale ", "Queen's Park and Maida Vale"),
        ("Queen’s Park and Maida Vale", "Queen's Park and Maida Vale"),
        ("argyll bute and south lochaber", "Argyll, Bute and South Lochaber"),
        ("W07000112", "Ynys Môn"),
        ("w07000112", "Ynys Môn"),
    ],
)
def test_constituency_by_name_or_code(directory, text, name):
    """Names match without regard to case, accents, "&", apostrophes or spacing; codes match too."""
    assert directory.constituency(text).name == name


def test_unknown_constituency_is_a_typed_error(directory):
    """A name matching no constituency raises UnknownConstituency with the name quoted."""
    with pytest.raises(UnknownConstituency, match="Atlantis"):
        directory.constituency("Atlantis")


def test_search_is_substring_and_accent_insensitive(directory):
    """Searching "mon" finds Ynys Môn, with names starting with the text first."""
    names = [c.name for c in directory.search("mon")]
    assert "Ynys Môn" in names
    assert names[0] == "Monmouthshire"
    assert [c.name for c in directory.search("GLYNDWR")] == ["Montgomeryshire and Glyndŵr"]
    assert directory.search("") == []
    assert len(directory.search("and", limit=5)) == 5


def test_constituencies_are_all_650_sorted_by_name(directory):
    """The full list has 650 seats across the four nations, in name order."""
    seats = directory.constituencies()
    assert len(seats) == 650
    assert [c.name for c in seats[:2]] == ["Aberafan Maesteg", "Aberdeen North"]
    counts = {nation: sum(c.nation is nation for c in seats) for nation in Nation}
    assert counts == {
        Nation.ENGLAND: 543,
        Nation.SCOTLAND: 57,
        Nation.WALES: 32,
        Nation.NORTHERN_IRELAND: 18,
    }


# --- MPs -----------------------------------------------------------------------------------


def _mp_row(name: str) -> dict[str, str]:
    with (DATA_DIR / "mps.csv").open(encoding="utf-8") as handle:
        return next(r for r in csv.DictReader(handle) if r["constituency_name"] == name)


def test_mp_record_comes_from_the_csv(directory):
    """The MP's name, title, party, id, email and date are the CSV's, with salutation = name."""
    row = _mp_row("Aberafan Maesteg")
    mp = directory.mp_for(directory.constituency("Aberafan Maesteg").code)
    assert mp.name == row["mp_name"]
    assert mp.salutation == row["mp_name"]
    assert mp.full_title == row["addressed_as"]
    assert mp.full_title.endswith(" MP")
    assert mp.party == row["party"]
    assert mp.member_id == int(row["member_id"])
    assert mp.email == row["email"]
    assert mp.as_of == dt.date(2026, 6, 27)
    assert not mp.vacant
    assert mp.postal_address[1:] == ("House of Commons", "London", "SW1A 0AA")


@pytest.mark.parametrize(
    ("seat", "source_title"),
    [("Makerfield", "Rt Hon Andy Burnham"), ("Wolverhampton West", "Warinder Juss")],
)
def test_full_title_gains_mp_where_the_source_lacks_it(directory, seat, source_title):
    """The two source titles without " MP" get it added for the address block."""
    assert _mp_row(seat)["addressed_as"] == source_title
    mp = directory.mp_for(directory.constituency(seat).code)
    assert mp.full_title == f"{source_title} MP"


@pytest.mark.parametrize(
    "seat", ["Bolton South and Walkden", "New Forest East", "Preston", "West Tyrone"]
)
def test_missing_email_is_none(directory, seat):
    """Where the source has no email the MP's email is None, never a guess."""
    assert directory.mp_for(directory.constituency(seat).code).email is None


def test_accents_survive_in_mp_records(directory):
    """Names with accents and apostrophes come through intact."""
    assert directory.mp_for(directory.constituency("West Tyrone").code).name == "Órfhlaith Begley"


def test_every_seat_has_an_mp_and_the_directory_date(directory):
    """All 650 seats have an MP record, and as_of is the data's date."""
    assert all(not directory.mp_for(c.code).vacant for c in directory.constituencies())
    assert directory.as_of == dt.date(2026, 6, 27)


def test_mp_for_unknown_code_is_a_typed_error(directory):
    """Asking for a code that is not a constituency raises UnknownConstituency."""
    with pytest.raises(UnknownConstituency):
        directory.mp_for("X99999999")


def test_with_mps_replaces_only_the_given_seats(directory):
    """An override copy changes the named seat and leaves the original directory alone."""
    code = directory.constituency("Preston").code
    original = directory.mp_for(code)
    override = dataclasses.replace(original, email="override@example.org")
    changed = directory.with_mps({code: override})
    assert changed.mp_for(code).email == "override@example.org"
    assert directory.mp_for(code).email is None
    assert changed.lookup_postcode("SW1A 1AA").constituency.name == (
        "Cities of London and Westminster"
    )
    with pytest.raises(UnknownConstituency):
        directory.with_mps({"nope": override})


def test_default_directory_is_loaded_once():
    """default_directory() returns the same object every time in one process."""
    assert default_directory() is default_directory()
