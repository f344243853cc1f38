"""Steps of the supporter journey, shared by the browser tests, and the data they expect.

MPs and constituencies always come from the bundled directory, never typed in here.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from letters.directory import DATA_DIR, MatchKind, default_directory
from letters.model import MP, Constituency

EXACT_POSTCODE = "SW1A 1AA"
NORTHERN_IRELAND_POSTCODE = "BT1 1AA"
# Incodes tried, in order, when looking for a postcode whose constituency must be chosen.
_PROBE_INCODES = ("1AA", "9ZZ", "0AA", "5ZZ", "2BB", "7XY")


@dataclass(frozen=True)
class Seat:
    """A constituency and its MP, as the directory has them."""

    constituency: Constituency
    mp: MP


def seat_for_postcode(postcode: str) -> Seat:
    """The seat a postcode is exactly in (fails when the directory would ask to choose)."""
    directory = default_directory()
    match = directory.lookup_postcode(postcode)
    assert match.kind is MatchKind.EXACT, f"{postcode} is not an exact match: {match.kind}"
    return Seat(match.constituency, directory.mp_for(match.constituency.code))


def seat_named(name: str) -> Seat:
    """The seat with this constituency name."""
    directory = default_directory()
    constituency = directory.constituency(name)
    return Seat(constituency, directory.mp_for(constituency.code))


def choose_postcode() -> tuple[str, tuple[Constituency, ...]]:
    """A real-looking postcode in an outcode shared by several seats, where none is certain.

    Found in the bundled data, so the test keeps working when the data is refreshed.
    """
    with (DATA_DIR / "outcodes.csv").open(newline="", encoding="utf-8") as handle:
        seats_per_outcode = Counter(row["outcode"] for row in csv.DictReader(handle))
    directory = default_directory()
    for outcode in sorted(o for o, n in seats_per_outcode.items() if n >= 3):
        for incode in _PROBE_INCODES:
            match = directory.lookup_postcode(f"{outcode} {incode}")
            if match.kind is MatchKind.CHOOSE:
                return match.postcode, match.candidates
    raise AssertionError("no postcode in the bundled data needs a choice of constituency")


def mp_found_text(seat: Seat) -> re.Pattern[str]:
    """What the letter form says once the MP is found: their name and constituency."""
    return re.compile(rf"{re.escape(seat.mp.name)}.*{re.escape(seat.constituency.name)}", re.DOTALL)


def find_mp(page: Page, postcode: str, campaign_page: str = "/") -> None:
    """From the campaign page (the main one, or another's own address such as "/winter/"),
    look up a postcode (mouse and keyboard both fine here)."""
    page.goto(campaign_page)
    page.get_by_label("Your postcode").fill(postcode)
    page.get_by_role("button", name="Find my MP").click()


def fill_letter_form(page: Page, **fields: str) -> None:
    """Fill the letter form's text fields by label; keys are the form's field names."""
    for name, value in fields.items():
        page.get_by_label(LETTER_FORM_LABELS[name], exact=True).fill(value)


def submit_letter(page: Page) -> None:
    """Ask for the preview."""
    page.get_by_role("button", name="Show me my letter").click()


def write_letter(page: Page, postcode: str = EXACT_POSTCODE, **fields: str) -> None:
    """Campaign page to preview with a complete, valid supporter (fields override defaults)."""
    find_mp(page, postcode)
    expect(page).to_have_url(re.compile(r"/your-letter$"))
    fill_letter_form(page, **{**SUPPORTER, **fields})
    submit_letter(page)
    expect(page).to_have_url(re.compile(r"/your-letter/preview$"))


LETTER_FORM_LABELS = {
    "name": "Your full name",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2 (optional)",
    "town": "Town or city",
    "postcode": "Postcode",
    "email": "Email address (optional)",
    "reason": "Why this matters to you (optional)",
}

SUPPORTER = {
    "name": "Ada Lovelace-Byron",
    "address_line1": "12 Example Street",
    "town": "London",
    "reason": "My neighbour fled Baghdad in 2007 and still fears being sent back.",
}
