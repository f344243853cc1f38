"""Frozen letters: a Letter survives the round trip to JSON, and its hash tracks its text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from letters.campaign import load_campaign
from letters.directory import default_directory
from letters.model import Supporter, Text
from letters.record import RecordError, freeze, thaw, verify
from letters.service import letter_for_mp
from letters.templating import LetterTemplate


@pytest.fixture(scope="module")
def letter():
    campaign = load_campaign()
    directory = default_directory()
    seat = directory.lookup_postcode("SW1A 1AA").constituency
    name = campaign.default_template
    return letter_for_mp(
        Supporter("Amira Núñez", ("12 Acacia Avenue", "London"), "SW1A 1AA", reason="Why."),
        directory.mp_for(seat.code),
        seat,
        template=LetterTemplate.compile(campaign.templates[name], name=name),
        findings=campaign.findings,
        today=dt.date(2026, 11, 29),
    )


def test_a_frozen_letter_thaws_to_the_same_letter(letter):
    """freeze then thaw (through real JSON text) gives back an equal Letter, metadata included."""
    frozen = freeze(letter)
    again = thaw(json.loads(json.dumps(frozen.data)))
    assert again == letter
    assert again.metadata == letter.metadata


def test_the_hash_is_stable_and_changes_with_one_character(letter):
    """The same letter always hashes the same; one changed character changes the hash."""
    frozen = freeze(letter)
    assert freeze(thaw(frozen.data)).content_hash == frozen.content_hash
    assert verify(frozen.data, frozen.content_hash)
    first = letter.blocks[0]
    changed_item = (Text(first.items[0][0].text + "x"), *first.items[0][1:])
    changed = dataclasses.replace(
        letter, blocks=(dataclasses.replace(first, items=(changed_item,)), *letter.blocks[1:])
    )
    assert freeze(changed).content_hash != frozen.content_hash
    assert not verify(freeze(changed).data, frozen.content_hash)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("blocks"),
        lambda d: d.update(format=99),
        lambda d: d.update(date="yesterday"),
        lambda d: d["blocks"][0]["items"][0].append(["x", 1]),
    ],
)
def test_damaged_data_is_a_clear_error(letter, damage):
    """Data that is not a frozen letter raises RecordError, never a bare KeyError or TypeError."""
    data = json.loads(json.dumps(freeze(letter).data))
    damage(data)
    with pytest.raises(RecordError):
        thaw(data)
