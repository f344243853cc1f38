"""Shared fixtures for the letter core: the campaign, a template, a supporter, real seats."""

from __future__ import annotations

import datetime as dt

import pytest

from letters.campaign import Campaign, load_campaign
from letters.directory import default_directory
from letters.findings import FindingSet
from letters.model import MP, Constituency, Letter, Supporter
from letters.service import letter_for_mp
from letters.templating import LetterTemplate

TODAY = dt.date(2026, 11, 28)
# One seat per nation (from letters/data/mps.csv); West Tyrone's MP publishes no email.
ENGLAND, SCOTLAND, WALES, NORTHERN_IRELAND = "E14001435", "S14000067", "W07000102", "N05000018"


def seat(code: str) -> tuple[MP, Constituency]:
    """The MP and constituency for a GSS code, as the directory reads them from the CSVs."""
    directory = default_directory()
    return directory.mp_for(code), directory.constituency(code)


@pytest.fixture(scope="session")
def campaign() -> Campaign:
    return load_campaign()


@pytest.fixture(scope="session")
def findings(campaign: Campaign) -> FindingSet:
    return campaign.findings


@pytest.fixture(scope="session")
def template(campaign: Campaign) -> LetterTemplate:
    return LetterTemplate.compile(campaign.templates["default"], name="default")


@pytest.fixture
def supporter() -> Supporter:
    return Supporter(
        name="Amira Haddad",
        address_lines=("12 Elgin Avenue", "London"),
        postcode="W9 3QP",
        email="amira@example.org",
        reason="My cousin was sent back to Baghdad.",
        concern="minorities",
    )


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def seat_for():
    """A function giving (MP, Constituency) for a GSS code."""
    return seat


@pytest.fixture
def england() -> tuple[MP, Constituency]:
    return seat(ENGLAND)


@pytest.fixture
def northern_ireland() -> tuple[MP, Constituency]:
    """West Tyrone, whose MP publishes no email."""
    return seat(NORTHERN_IRELAND)


@pytest.fixture
def letter(supporter, england, template, findings) -> Letter:
    mp, constituency = england
    return letter_for_mp(
        supporter, mp, constituency, template=template, findings=findings, today=TODAY
    )


@pytest.fixture
def write_letter(template, findings):
    """A function composing a letter from a supporter to the MP for a GSS code."""

    def write(supporter: Supporter, code: str = ENGLAND, *, with_template=None) -> Letter:
        mp, constituency = seat(code)
        return letter_for_mp(
            supporter,
            mp,
            constituency,
            template=with_template or template,
            findings=findings,
            today=TODAY,
        )

    return write
