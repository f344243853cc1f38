"""The one core service: the same seat and vacant-seat rules for the web, the CLI and exports."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from letters.campaign import load_campaign
from letters.directory import default_directory, vacant_mp
from letters.model import Supporter
from letters.service import (
    CampaignLetters,
    NeedsChoice,
    VacantSeat,
    WrongConstituency,
    letter_for_supporter,
    mp_to_write_to,
    seat_for_postcode,
)
from letters.templating import LetterTemplate

MANCHESTER_CENTRAL, CARDIFF_SOUTH = "E14001352", "W07000091"
CARDIFF_POSTCODE = "CF10 1EP"


@pytest.fixture(scope="module")
def directory():
    return default_directory()


def test_the_postcode_decides_when_nothing_is_named(directory):
    """With no constituency named, an exact postcode gives its own constituency."""
    assert seat_for_postcode(directory, CARDIFF_POSTCODE).code == CARDIFF_SOUTH


def test_a_postcode_in_another_constituency_is_never_switched_silently(directory):
    """Naming Manchester Central with a Cardiff postcode is an error that offers Cardiff."""
    with pytest.raises(WrongConstituency) as raised:
        seat_for_postcode(directory, CARDIFF_POSTCODE, MANCHESTER_CENTRAL)
    assert raised.value.chosen.code == MANCHESTER_CENTRAL
    assert [seat.code for seat in raised.value.candidates] == [CARDIFF_SOUTH]
    assert "is not in Manchester Central" in str(raised.value)


def test_a_matching_choice_stands(directory):
    """Naming the postcode's own constituency (by code or name) is accepted."""
    assert seat_for_postcode(directory, CARDIFF_POSTCODE, CARDIFF_SOUTH).code == CARDIFF_SOUTH
    named = seat_for_postcode(directory, CARDIFF_POSTCODE, "Cardiff South and Penarth")
    assert named.code == CARDIFF_SOUTH


def test_an_unknown_postcode_needs_a_named_constituency(directory):
    """A postcode the data does not know is fine when a constituency is named."""
    assert seat_for_postcode(directory, "ZZ99 9ZZ", MANCHESTER_CENTRAL).code == MANCHESTER_CENTRAL


def test_northern_ireland_needs_a_choice(directory):
    """A Northern Ireland postcode alone cannot decide (NeedsChoice)."""
    with pytest.raises(NeedsChoice):
        seat_for_postcode(directory, "BT1 5GS")


def _vacant(directory, code):
    return directory.with_mps({code: vacant_mp(code, directory.as_of)})


def test_a_vacant_seat_says_who_to_write_to_instead(directory):
    """mp_to_write_to refuses a vacant seat and its message carries the campaign's advice."""
    emptied = _vacant(directory, CARDIFF_SOUTH)
    seat = emptied.constituency(CARDIFF_SOUTH)
    with pytest.raises(VacantSeat) as raised:
        mp_to_write_to(emptied, seat, instead="Write to the next MP.")
    assert str(raised.value).startswith("Cardiff South and Penarth has no MP at the moment")
    assert str(raised.value).endswith("Write to the next MP.")


def test_the_command_line_and_the_service_refuse_a_vacant_seat_alike(directory):
    """CampaignLetters (CLI, batch) gives the service's VacantSeat message and campaign advice."""
    emptied = _vacant(directory, CARDIFF_SOUTH)
    letters = CampaignLetters(emptied, None, dt.date(2026, 11, 29))
    with pytest.raises(VacantSeat) as raised:
        letters.letter(name="A B", address_lines=["1 Heol", "Cardiff"], postcode=CARDIFF_POSTCODE)
    campaign = load_campaign()
    assert campaign.vacant_seat_advice in str(raised.value)
    supporter = Supporter("A B", ("1 Heol", "Cardiff"), CARDIFF_POSTCODE)
    template = LetterTemplate.compile(campaign.templates["default"], name="default")
    with pytest.raises(VacantSeat) as again:
        letter_for_supporter(
            supporter,
            emptied.constituency(CARDIFF_SOUTH),
            directory=emptied,
            template=template,
            findings=campaign.findings,
            today=dt.date(2026, 11, 29),
            instead=campaign.vacant_seat_advice,
        )
    assert str(again.value) == str(raised.value)


def test_the_campaign_names_its_data_controller():
    """campaign.toml carries the controller's name, address and both contacts."""
    controller = load_campaign().controller
    assert controller is not None
    assert all(dataclasses.astuple(controller))
