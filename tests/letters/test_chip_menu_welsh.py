"""The chip menu in a wording's language: a Welsh wording's menu gives each finding's Welsh date
and small figures in Welsh words; labels stay unique and read back to the same chips."""

from __future__ import annotations

from letters.campaign import load_campaign
from letters.document import Chip, chip_menu, text_to_wording, wording_to_text
from letters.findings import with_welsh

CAMPAIGN = load_campaign("baghdad-returns")
WELSH = with_welsh(CAMPAIGN.findings_text("cy"), CAMPAIGN.findings, source_name="findings.cy.toml")


def label_of(menu, chip: Chip) -> str:
    return next(choice.label for choice in menu if choice.chip == chip)


def test_a_welsh_menu_gives_welsh_dates_and_an_english_one_english():
    welsh, english = chip_menu(WELSH, "cy"), chip_menu(WELSH)
    date = Chip("date", "uk_returns_baghdad")
    assert label_of(welsh, date).startswith("[Hydref 2009 – ")
    assert label_of(english, date).startswith("[October 2009 – ")
    assert [c.chip for c in welsh] == [c.chip for c in english]
    assert len({c.label for c in welsh}) == len(welsh)


def test_small_figures_in_words_are_welsh_words_in_a_welsh_menu():
    welsh = chip_menu(WELSH, "cy")
    small = [
        (finding.id, name, value)
        for finding in WELSH.findings.values()
        for name, value in finding.figures.items()
        if isinstance(value, int) and value < 10
    ]
    assert small
    for finding_id, name, value in small:
        label = label_of(welsh, Chip("figure_words", finding_id, name))
        assert not label.startswith(f"[{value} in words"), label
    eight = label_of(welsh, Chip("figure_words", "christians_killed_mosul", "killed_at_least"))
    assert eight.startswith("[wyth – ")


def test_welsh_labels_read_back_to_their_chips():
    welsh = chip_menu(WELSH, "cy")
    text = "Ym mis " + label_of(welsh, Chip("date", "uk_returns_baghdad")) + "."
    wording = text_to_wording(text, welsh)
    assert wording_to_text(wording, welsh) == text
