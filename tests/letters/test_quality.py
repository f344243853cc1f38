"""The campaign's letters over a sample of 1,000: email links that open, pages that read right."""

from __future__ import annotations

import dataclasses

import pytest
from pdf_helpers import pdf_pages

from letters import quality
from letters.directory import default_directory
from letters.render.pdf import render_pdf
from letters.service import letter_for_mp
from letters.supporter import REASON_MAX_CHARS
from letters.templating import LetterTemplate


@pytest.fixture(scope="module")
def make(campaign, template):
    """letter_for_mp() for the sample: supporter i writes to the MP of seat 7i (all over the UK)."""
    return sample_maker(campaign, template)


def sample_maker(campaign, template):
    directory = default_directory()
    seats = directory.constituencies()

    def make(supporter, i):
        seat = seats[(i * 7) % len(seats)]
        return letter_for_mp(
            supporter,
            directory.mp_for(seat.code),
            seat,
            template=template,
            findings=campaign.findings,
            today=quality.SAMPLE_DATE,
        )

    return make


@pytest.fixture(scope="module")
def typical(make, findings):
    return quality.sample_letters(make, findings.group_ids)


@pytest.fixture(scope="module")
def long_ones(make, findings):
    return quality.sample_letters(make, findings.group_ids, reason_max=REASON_MAX_CHARS)


def test_sample_covers_every_group_reasons_and_long_names(findings):
    """The 1,000 include every group and none, no reason to 300 characters, and long names."""
    supporters = list(quality.sample_supporters(1000, findings.group_ids))
    assert {s.concern for s in supporters} == {None, *findings.group_ids}
    reasons = [len(s.reason) for s in supporters if s.reason]
    assert len(reasons) < 1000
    assert max(reasons) > 280
    assert min(reasons) < 40
    assert max(len(s.name) for s in supporters) > 60


def test_email_link_of_95_percent_of_typical_letters_fits(typical):
    """At least 95 % of 1,000 typical letters open from "Open in my email app" with no warning."""
    assert quality.mailto_fit_share(typical) >= 0.95


def test_typical_letters_fit_one_page(typical):
    """A typical letter (a reason up to 300 characters) prints on one page."""
    counts = quality.page_counts(typical)
    assert counts.one_page == counts.letters == 1000


def test_no_page_carries_only_footnotes(long_ones):
    """With reasons up to the form's limit, no page 2 holds only the sources or only a signature."""
    counts = quality.page_counts(long_ones)
    assert counts.two_pages > 100  # the sample really does test second pages
    assert counts.more_pages == 0
    assert counts.lone_footnotes == 0
    assert counts.later_pages_without_sender == 0


def test_page_two_names_the_sender_and_says_page_2_of_2(long_ones):
    """Read back from the PDF: page 2 starts with the sender's name and "Page 2 of 2"."""
    letter = next(
        letter
        for letter in long_ones
        if letter.sender_name.isascii() and quality.page_counts([letter]).two_pages
    )
    page_two = pdf_pages(render_pdf(letter))[1]
    assert page_two.splitlines()[0].startswith(f"{letter.sender_name} – Page 2 of 2")
    assert "Yours sincerely," in page_two
    assert "Page 2 of 2" in page_two.splitlines()[-1]


def test_last_paragraph_moves_with_the_signature_and_sources(long_ones):
    """On page 2 the letter's last paragraph comes before the sign-off, never the sources alone."""
    for letter in long_ones[:200]:
        pages = quality.layout_pages(letter)
        if len(pages) == 2:
            kinds = [line.kind for line in pages[1].lines]
            assert quality.LineKind.BODY in kinds


def test_a_very_long_name_is_cut_in_the_page_two_header(long_ones):
    """A name too long for the header line still leaves room for the page number."""
    letter = next(letter for letter in long_ones if quality.page_counts([letter]).two_pages)
    long_name = dataclasses.replace(letter, sender_name="Featherstonehaugh " * 12)
    header = next(
        line for line in quality.layout_pages(long_name)[1].lines if line.kind == "header"
    )
    assert "".join(text for _, text in header.frags).endswith("– Page 2 of 2")


# --- the same sample, in Welsh ------------------------------------------------------------------


@pytest.fixture(scope="module")
def welsh_make(campaign):
    source = campaign.template_source("default", "cy")
    return sample_maker(campaign, LetterTemplate.compile(source, name="default", language="cy"))


@pytest.fixture(scope="module")
def welsh_typical(welsh_make, findings):
    return quality.sample_letters(welsh_make, findings.group_ids)


@pytest.fixture(scope="module")
def welsh_long_ones(welsh_make, findings):
    return quality.sample_letters(welsh_make, findings.group_ids, reason_max=REASON_MAX_CHARS)


def test_typical_welsh_letters_fit_one_page_and_most_email_links_open(welsh_typical):
    """Welsh runs longer than English: every typical letter still prints on one page, and three
    in four email links open (the rest offer the .eml draft, as a long English letter does)."""
    counts = quality.page_counts(welsh_typical)
    assert counts.one_page == counts.letters == 1000
    assert quality.mailto_fit_share(welsh_typical) >= 0.75


def test_long_welsh_letters_break_pages_well_and_number_them_in_welsh(welsh_long_ones):
    counts = quality.page_counts(welsh_long_ones)
    assert counts.two_pages > 100
    assert counts.more_pages == 0
    assert counts.lone_footnotes == 0
    assert counts.later_pages_without_sender == 0  # "Tudalen n o N" on each later page
    letter = next(
        letter
        for letter in welsh_long_ones
        if letter.sender_name.isascii() and quality.page_counts([letter]).two_pages
    )
    page_two = pdf_pages(render_pdf(letter))[1]
    assert page_two.splitlines()[0].startswith(f"{letter.sender_name} – Tudalen 2 o 2")
    assert "Yn gywir," in page_two
