"""The findings file: the campaign's facts as stated, and clear errors for malformed files."""

from __future__ import annotations

import datetime as dt

import pytest

from letters.errors import FindingsFileError
from letters.findings import parse_findings

VALID = """\
[sources.report]
publisher = "Amnesty International"
title = "Iraq: Civilians under fire"
kind = "report"
date_text = "April 2010"

[[findings]]
id = "first"
statement = "A fact."
date = 2009-10-01
date_text = "October 2009"
sources = ["report"]

[[findings]]
id = "second"
statement = "Another fact."
figures = { removed = 44 }
date = 2010-04-01
date_text = "April 2010"
sources = ["report"]

[[groups]]
id = "group"
label = "A group"
finding_ids = ["first"]
"""


SOURCES_2 = 'sources = ["report"]\n\n[[groups]]'  # the second finding's sources line


def parse(text: str):
    return parse_findings(text, source_name="findings.toml", today=dt.date(2026, 11, 28))


def error_for(text: str) -> FindingsFileError:
    with pytest.raises(FindingsFileError) as caught:
        parse(text)
    return caught.value


def test_uk_returns_finding_has_figures_date_and_both_sources(findings):
    """The October 2009 removal: 44 removed, 34 flown back, dated, citing report and release."""
    finding = findings.findings["uk_returns_baghdad"]
    assert dict(finding.figures) == {"removed": 44, "flown_back": 34}
    assert (finding.date, finding.date_text) == (dt.date(2009, 10, 1), "October 2009")
    assert "stand-off with Iraqi soldiers who boarded the plane" in finding.statement
    assert [s.title for s in finding.sources] == [
        "Iraq: Civilians under fire",
        "Iraq: New report accuses authorities of failing to protect civilians",
    ]
    assert finding.sources[0].pages == 28
    assert finding.citation == (
        "Amnesty International, Iraq: Civilians under fire, April 2010; "
        "Amnesty International UK press release, April 2010."
    )


def test_uk_defies_un_guidelines_is_stated(findings):
    """The UK is among several European countries defying current UN guidelines on returns."""
    statement = findings.findings["uk_defies_un_guidelines"].statement
    assert "several European countries" in statement
    assert "United Nations guidelines" in statement
    assert "extremely dangerous parts of Iraq" in statement


@pytest.mark.parametrize(
    ("finding_id", "date", "date_text", "figures"),
    [
        (
            "civilian_deaths_april_2010",
            dt.date(2010, 4, 1),
            "April 2010",
            {"civilians_killed_more_than": 100},
        ),
        (
            "men_killed_perceived_gay",
            dt.date(2009, 1, 1),
            "January to March 2009",
            {"killed_at_least": 25},
        ),
        ("christians_killed_mosul", dt.date(2010, 2, 1), "February 2010", {"killed_at_least": 8}),
        (
            "hakim_partner_kidnapped",
            dt.date(2008, 10, 1),
            "October 2008",
            {"age": 34, "bullets": 3},
        ),
        ("head_teacher_shot", dt.date(2009, 11, 1), "November 2009", {}),
    ],
)
def test_relative_dates_are_made_absolute(findings, finding_id, date, date_text, figures):
    """Dates relative to April 2010 are stored as absolute dates with their month text."""
    finding = findings.findings[finding_id]
    assert (finding.date, finding.date_text, dict(finding.figures)) == (date, date_text, figures)


def test_head_teacher_election_is_march_2010(findings):
    """ "The recent elections" are written as the March 2010 elections."""
    assert "March 2010" in findings.findings["head_teacher_shot"].statement


def test_corrupted_women_runs_are_stated_as_women(findings):
    """No finding carries the "Women's rights's rightss…" corruption; they say "women"."""
    texts = [f.statement for f in findings.findings.values()] + [g.label for g in findings.groups]
    assert not any("rights's" in text or "rightss" in text for text in texts)
    assert "dozens of women" in findings.findings["women_murdered_basra"].statement
    assert "women and girls" in findings.findings["women_girls_forced_to_flee"].statement
    defenders = findings.findings["women_defenders_threatened"].statement
    assert defenders.startswith("Women human rights defenders in northern Iraq")
    assert "campaigning for women’s rights over marriage and inheritance" in defenders


def test_malcolm_smart_is_quoted_exactly_and_attributed(findings):
    """Quotes are the release's exact words, attributed to Malcolm Smart, from the release."""
    quote = findings.findings["smart_act_now"]
    assert quote.quote == (
        "Both the Iraqi authorities and the international community must act now to prevent "
        "more unnecessary deaths."
    )
    assert findings.findings["smart_situation_worse"].quote == (
        "The uncertainty is threatening to make a bad situation even worse."
    )
    assert quote.speaker == "Malcolm Smart, Amnesty International Middle East Director"
    assert [s.kind for s in quote.sources] == ["press release"]


def test_killings_attributed_to_armed_groups_and_hakim_to_mahdi_army(findings):
    """Most killings are by armed groups incl. al-Qa'ida in Iraq; Hakim's account is his."""
    assert "armed groups, including al-Qa’ida in Iraq" in (
        findings.findings["armed_groups_most_killings"].statement
    )
    hakim = findings.findings["hakim_partner_kidnapped"].statement
    assert hakim.startswith("Hakim, a 34-year-old man from Najaf, told Amnesty International")
    assert "Mahdi Army in October 2008" in hakim


def test_at_risk_groups_match_the_release(findings):
    """The five at-risk groups, each pointing at findings that exist."""
    assert [g.label for g in findings.groups] == [
        "Religious and ethnic minorities, such as Christians, Sabean-Mandaeans and Yazidis",
        "Women and girls",
        "Men perceived to be gay",
        "Journalists and political activists",
        "Women human rights defenders",
    ]
    for group in findings.groups:
        assert all(fid in findings.findings for fid in group.finding_ids)
    assert findings.group("minorities").id == "minorities"
    assert findings.group("nobody") is None


def test_every_finding_has_a_source_and_a_date_in_the_past(findings):
    """Every finding is dated on or before April 2010 and cites at least one source."""
    for finding in findings.findings.values():
        assert finding.sources
        assert finding.date <= dt.date(2010, 4, 1)
        assert finding.citation.endswith("April 2010.")


def test_valid_minimal_file_parses():
    """A small well-formed file gives findings in file order and its groups."""
    result = parse(VALID)
    assert list(result.findings) == ["first", "second"]
    assert result.findings["second"].figures["removed"] == 44
    assert result.group_ids == ("group",)


def test_syntax_error_names_file_and_line():
    """A TOML syntax error reports the file and the line it is on."""
    error = error_for(VALID.replace('statement = "A fact."', 'statement = "A fact.'))
    assert (error.source, error.line) == ("findings.toml", 9)
    assert str(error).startswith("findings.toml, line 9:")


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ('id = "second"', 'id = "first"', 15, "id", "used twice"),
        ('id = "second"', 'id = "Second one"', 15, "id", "lower-case"),
        ('statement = "Another fact."', 'statement = "  "', 16, "statement", "some text"),
        ("date = 2010-04-01", "date = 2030-04-01", 18, "date", "in the future"),
        ("date = 2010-04-01", 'date = "April 2010"', 18, "date", "2009-10-01"),
        ("date = 2010-04-01", "date = 2010-04-01T10:00:00", 18, "date", "2009-10-01"),
        ('date_text = "October 2009"\n', "", 7, "date_text", "some text"),
        ("{ removed = 44 }", '{ removed = "44" }', 17, "figures", "whole numbers"),
        ("{ removed = 44 }", "{ removed = true }", 17, "figures", "whole numbers"),
        (SOURCES_2, 'sources = ["memo"]\n\n[[groups]]', 20, "sources", "'memo'"),
        (SOURCES_2, "sources = []\n\n[[groups]]", 20, "sources", "at least one"),
        ('finding_ids = ["first"]', 'finding_ids = ["third"]', 25, "finding_ids", "'third'"),
        ('statement = "A fact."', 'statment = "A fact."', 9, "statment", "unknown field"),
    ],
)  # fmt: skip
def test_semantic_errors_name_line_and_field(old, new, line, field, words):
    """Each invalid value is reported with the line of its key and the field's name."""
    assert old in VALID
    error = error_for(VALID.replace(old, new, 1))
    assert (error.line, error.field) == (line, field)
    assert words in str(error)


def test_missing_findings_section_is_reported():
    """A file without any [[findings]] says so."""
    error = error_for(VALID.split("[[findings]]")[0])
    assert error.field == "findings"
    assert "[[findings]]" in str(error)


def test_a_quote_needs_a_speaker():
    """A quotation without a speaker is refused: every quote is attributed."""
    error = error_for(VALID.replace('id = "first"', 'id = "first"\nquote = "Words."'))
    assert (error.line, error.field) == (9, "quote")


@pytest.mark.parametrize(
    ("finding_id", "words"),
    [
        ("uk_returns_baghdad", "“in October”"),
        ("christians_killed_mosul", "“in February”"),
        ("head_teacher_shot", "“the recent elections”"),
        ("smart_uncertainty", "“Last month’s election”"),
        ("civilian_deaths_april_2010", "the first week of April 2010"),
    ],
)
def test_inferred_dates_carry_a_note_saying_how(findings, finding_id, words):
    """A date worked out from the release's own date has a note quoting the release."""
    assert words in (findings.findings[finding_id].note or "")


def test_a_note_is_optional_and_must_be_text():
    """`note` is read when present, absent is None, and a number is refused with its line."""
    base = """
[sources.r]
publisher = "P"
title = "T"
kind = "report"
date_text = "April 2010"

[[findings]]
id = "f"
statement = "S."
date = 2010-04-01
date_text = "April 2010"
sources = ["r"]
"""
    assert parse_findings(base, source_name="f.toml").findings["f"].note is None
    noted = parse_findings(base + 'note = "Dated by the release."\n', source_name="f.toml")
    assert noted.findings["f"].note == "Dated by the release."
    with pytest.raises(FindingsFileError, match="note must be some text"):
        parse_findings(base + "note = 3\n", source_name="f.toml")
