"""Postcode shape: normalising what people type, and refusing what is not a postcode."""

from __future__ import annotations

import pytest

from letters.errors import InvalidPostcode, LettersError
from letters.postcodes import is_northern_ireland, normalise_postcode, outcode_of, postcode_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        (" SW1A 1AA ", "SW1A 1AA"),
        ("sw1a   1aa", "SW1A 1AA"),
        ("S W 1 A 1 A A", "SW1A 1AA"),
        ("\tm1 1ae\n", "M1 1AE"),
        ("b11ay", "B1 1AY"),
        ("CF101EP", "CF10 1EP"),
        ("W1A 0AX", "W1A 0AX"),
        ("bt1 1aa", "BT1 1AA"),
        ("SW1A\u00a01AA", "SW1A 1AA"),  # non-breaking space from a phone keyboard
        ("ＳＷ１Ａ １ＡＡ", "SW1A 1AA"),  # full-width characters
    ],
)
def test_normalise_accepts_the_ways_people_type_postcodes(raw, expected):
    """Case, missing or extra spaces and full-width input all give the standard form."""
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "SW1A 1A",
        "SW1A1AAA",
        "1SW 1AA",
        "SW1A-1AA",
        "😀",
        "SW1A 1AA😀",
        "AAA1 1AA",
        "x" * 10_000,
    ],
)
def test_malformed_postcodes_are_refused_with_a_plain_message(raw):
    """Anything not shaped like a UK postcode raises InvalidPostcode showing the expected form."""
    with pytest.raises(InvalidPostcode) as caught:
        normalise_postcode(raw)
    message = str(caught.value)
    assert "SW1A 1AA" in message
    assert "Traceback" not in message
    assert len(message) < 200  # never echoes a huge input back


@pytest.mark.parametrize("raw", ["", "   ", "\n"])
def test_empty_postcode_asks_for_one(raw):
    """An empty field asks the person to enter their postcode."""
    with pytest.raises(InvalidPostcode, match="Please enter your postcode"):
        normalise_postcode(raw)


def test_outcode_alone_asks_for_the_full_postcode():
    """Typing only the first half ("SW1A") explains that the whole postcode is needed."""
    with pytest.raises(InvalidPostcode, match="full postcode"):
        normalise_postcode("sw1a")


def test_postcode_errors_are_letters_errors():
    """Callers can catch every refusal as LettersError."""
    with pytest.raises(LettersError):
        normalise_postcode("nonsense")


def test_outcode_and_northern_ireland():
    """The outcode is the part before the space; BT postcodes are Northern Ireland."""
    assert outcode_of("sw1a1aa") == "SW1A"
    assert outcode_of("M1 1AE") == "M1"
    assert is_northern_ireland("bt7 1nn")
    assert not is_northern_ireland("B1 1AY")


def test_postcode_key_matches_the_ranges_file_encoding():
    """The range key is the postcode without its space read in base 36."""
    assert postcode_key("SW1A 1AA") == int("SW1A1AA", 36)
