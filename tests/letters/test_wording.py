"""Checks that protect the truth: typed numbers, relative dates, garbled text, spelling, sources."""

from __future__ import annotations

import pytest

from letters.findings import parse_findings
from letters.spelling import misspelt, parse_word_list
from letters.templating import check_template
from letters.wording import findings_issues

HEAD = "Subject: Stop forced returns\n\n"
UK = '{{ cite("uk_returns_baghdad") }}'
# Every letter must carry the supporter's own words (checked after the body's own lines).
OWN_WORDS = "\n\n{% if supporter.reason %}{{ supporter.reason }}{% endif %}"


def problems(body: str, findings, **kwargs) -> list[tuple[str, int | None, str]]:
    found = check_template(HEAD + body + OWN_WORDS, findings, **kwargs)
    return [(p.severity, p.line, p.message) for p in found]


def errors(body: str, findings) -> list[tuple[int | None, str]]:
    return [(line, message) for severity, line, message in problems(body, findings)
            if severity == "error"]  # fmt: skip


def test_a_typed_figure_that_is_not_a_finding_is_an_error(findings):
    """ "54 Iraqis" where the finding says 44 is refused, with how to add a figure."""
    found = errors(f"In October 2009 the UK removed 54 Iraqis to Baghdad.{UK}\n", findings)
    assert len(found) == 1
    line, message = found[0]
    assert line == 3
    assert "54" in message
    assert "figures" in message


@pytest.mark.parametrize(
    "wording",
    [
        f"In October 2009 the UK removed 44 Iraqis to Baghdad.{UK}",  # a finding's own figure
        f"On 28 November 2026 I read that the UK removed Iraqis in 2009.{UK}",  # dates
        "1. Please press the Home Office.",  # a list number
        f"The UK removed {{{{ findings.uk_returns_baghdad.figures.removed }}}} Iraqis.{UK}",
    ],
)
def test_dates_list_numbers_and_figures_are_fine(wording, findings):
    """Years, day-month dates, list numbers and the findings' own figures are not typed numbers."""
    assert errors(wording + "\n", findings) == []


@pytest.mark.parametrize(
    "wording",
    [
        "Last month the UK removed Iraqis to Baghdad.",
        "This year the UK removed Iraqis.",
        "The UK recently removed Iraqis.",
        "Yesterday the UK removed Iraqis.",
        "Two weeks ago the UK removed Iraqis.",
        "In October the UK removed Iraqis.",
    ],
)
def test_relative_dates_are_errors(wording, findings):
    """Relative dates and months without a year are refused: letters are read much later."""
    found = errors(wording + UK + "\n", findings)
    assert [line for line, _ in found] == [3]
    assert "date" in found[0][1] or "year" in found[0][1]


def test_a_month_range_with_its_year_is_absolute(findings):
    """ "between January and March 2009" names its year once, for both months."""
    assert errors(f"Between January and March 2009 men were killed.{UK}\n", findings) == []


@pytest.mark.parametrize(
    ("wording", "says"),
    [
        ("Women's rights's rightss rights's matter.", "repeated 3 times"),
        ("The the UK removed Iraqis.", "doubled"),
        ("The UK's's record.", "'s twice"),
    ],
)
def test_garbled_and_doubled_words_are_errors(wording, says, findings):
    """The source's own corruption, doubled words and 's on 's are refused."""
    found = errors(wording + UK + "\n", findings)
    assert any(says in message for _, message in found), found


def test_leftover_merge_markers_are_errors(findings):
    """Conflict markers left by a merge cannot be published."""
    body = "<<<<<<< latest version\nOne way.\n=======\nAnother way.\n>>>>>>> your edit\n"
    found = errors(body, findings)
    assert {line for line, message in found if "merge conflict marker" in message} == {3, 5, 7}


def test_misspellings_are_warnings_on_their_line(findings):
    """British spelling is checked: "Goverment" and "color" are warnings, "colour" is not."""
    found = problems("The colour of the Goverment.\nNot the color.\n", findings)
    warnings = [(line, message) for severity, line, message in found if severity == "warning"]
    assert [line for line, message in warnings if "Goverment" in message] == [3]
    assert [line for line, message in warnings if "color" in message] == [4]
    assert not any("colour" in message for _, message in warnings)


def test_the_campaign_word_list_is_accepted():
    """Names in the campaign word list are not spelling mistakes; without it they are."""
    text = "Sabean-Mandaeans and Yazidis in Mosul"
    assert misspelt(text) == ["Sabean-Mandaeans", "Yazidis", "Mosul"]
    words = parse_word_list("# names\nSabean-Mandaeans\nYazidis  # a people\nMosul\n")
    assert misspelt(text, words) == []


def test_a_factual_paragraph_without_a_citation_is_a_warning(findings):
    """A paragraph that states a fact (a figure, a finding, a killing) and cites nothing warns."""
    body = "Dozens of people were killed in Basra in 2009.\n\nPlease reply to me.\n"
    found = problems(body, findings)
    assert [(s, line) for s, line, m in found if "cites no finding" in m] == [("warning", 3)]
    assert not any("cites no finding" in m for _, _, m in problems(f"Killed.{UK}\n", findings))


FINDINGS_HEAD = """
[sources.report]
publisher = "Amnesty International"
title = "Iraq: Civilians under fire"
kind = "report"
date_text = "April 2010"
"""


def finding(**fields: str) -> str:
    lines = [f'{key} = "{value}"' for key, value in fields.items()]
    return FINDINGS_HEAD + "\n[[findings]]\n" + "\n".join(lines) + '\nsources = ["report"]\n'


def test_garbled_or_relative_statements_in_the_findings_are_errors():
    """A statement pasted with the source's corruption, or a relative date, is refused."""
    text = finding(
        id="rights",
        statement="Women's rights's rightss rights's were threatened last month.",
        date="2010-04-01",
        date_text="April 2010",
    ).replace('date = "2010-04-01"', "date = 2010-04-01")
    issues = findings_issues(text, parse_findings(text, source_name="f.toml"))
    assert {(i.severity, i.line) for i in issues if i.severity == "error"} == {("error", 10)}
    messages = " ".join(i.message for i in issues)
    assert "repeated" in messages
    assert "last month" in messages


def test_a_quotation_keeps_its_words_but_needs_an_absolute_date():
    """A quote may say "last month" (its own words), but its date_text must give the year."""
    text = finding(
        id="said",
        statement="The director spoke in April 2010.",
        quote="Last month was the worst.",
        speaker="The director",
        date="2010-04-01",
        date_text="that spring",
    ).replace('date = "2010-04-01"', "date = 2010-04-01")
    issues = findings_issues(text, parse_findings(text, source_name="f.toml"))
    assert [(i.severity, i.line) for i in issues] == [("error", 14)]  # the date_text line
    assert "absolute date_text" in issues[0].message
