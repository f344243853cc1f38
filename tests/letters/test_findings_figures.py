"""Every number a finding's statement writes is one of that finding's own figures."""

from __future__ import annotations

import pytest

from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN
from letters.findings import parse_findings
from letters.wording import Issue, findings_issues

SHIPPED = (CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "findings.toml").read_text(encoding="utf-8")
GAY_MEN_STATEMENT = "At least 25 men and boys were killed in Baghdad between January and March 2009"
GAY_MEN_FIGURES = "figures = { killed_at_least = 25 }"


def edited(*replacements: tuple[str, str]) -> str:
    """The shipped findings text with each (old, new) made once, where `old` is really there."""
    text = SHIPPED
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def figure_issues(text: str) -> list[Issue]:
    """The issues the statement-and-figures rule finds in a findings file's text."""
    findings = parse_findings(text, source_name="findings.toml")
    return [
        issue
        for issue in findings_issues(text, findings, spelling=False)
        if issue.message.startswith("Finding “")
    ]


def line_of(text: str, words: str) -> int:
    return next(n for n, row in enumerate(text.split("\n"), start=1) if words in row)


def test_a_statement_number_that_is_not_the_figure_is_an_error():
    """ "More than 120" with killed_at_least = 100 is refused at the statement, naming both."""
    text = edited(
        (GAY_MEN_STATEMENT, GAY_MEN_STATEMENT.replace("At least 25", "More than 120")),
        (GAY_MEN_FIGURES, "figures = { killed_at_least = 100 }"),
    )
    issues = figure_issues(text)
    assert [(i.severity, i.line) for i in issues] == [("error", line_of(text, "More than 120"))]
    assert issues[0].message == (
        "Finding “men_killed_perceived_gay”: its statement says 120, but none of its figures is "
        "120 (killed_at_least is 100). Change the statement or the figure so they agree."
    )


def test_a_statement_that_gives_its_figure_passes():
    """Changing the statement and the figure together passes; changing the figure alone does not."""
    statement = (GAY_MEN_STATEMENT, GAY_MEN_STATEMENT.replace("At least 25", "More than 120"))
    assert figure_issues(edited(statement, (GAY_MEN_FIGURES, "figures = { at_least = 120 }"))) == []
    assert [i.severity for i in figure_issues(edited(statement))] == ["error"]


@pytest.mark.parametrize(
    "when",
    [
        "in 2009",
        "on 28 November 2026",
        "on the 3rd of March 2010",
        "on 3–5 March 2010",
        "between 2003 and 2010",
        "in 2003–2010",
        "in 2009-10",
        "in 2009/10",
        "between January and March 2009",  # the finding's own date_text, as a range of months
    ],
)
def test_years_dates_and_ranges_are_not_read_as_figures(when):
    """Only the count in the statement is questioned, never the numbers of its dates."""
    text = edited(
        (GAY_MEN_STATEMENT, f"At least 26 men and boys were killed in Baghdad {when}"),
    )
    issues = figure_issues(text)
    assert len(issues) == 1
    assert "its statement says 26, but none of its figures is 26" in issues[0].message


def test_a_thousands_separator_is_the_same_number():
    """ "1,200" in a statement is a figure of 1200, and not of 1 or 200."""
    statement = (GAY_MEN_STATEMENT, GAY_MEN_STATEMENT.replace("At least 25", "At least 1,200"))
    assert figure_issues(edited(statement, (GAY_MEN_FIGURES, "figures = { killed = 1200 }"))) == []
    issues = figure_issues(edited(statement, (GAY_MEN_FIGURES, "figures = { killed = 200 }")))
    assert [i.message for i in issues] == [
        "Finding “men_killed_perceived_gay”: its statement says 1,200, but none of its figures "
        "is 1200 (killed is 200). Change the statement or the figure so they agree."
    ]


def test_the_shipped_statements_give_exactly_their_figures():
    """The shipped file passes, and moving any of its figures by one (44, "eight", "three",
    "34-year-old" …) makes its finding's statement an error."""
    findings = parse_findings(SHIPPED, source_name="findings.toml")
    assert figure_issues(SHIPPED) == []
    moved = 0
    for finding in findings.findings.values():
        if not finding.figures:
            continue
        figures = ", ".join(f"{name} = {value}" for name, value in finding.figures.items())
        for name, value in finding.figures.items():
            changed = figures.replace(f"{name} = {value}", f"{name} = {value + 1}")
            text = edited((f"figures = {{ {figures} }}", f"figures = {{ {changed} }}"))
            errors = [i for i in figure_issues(text) if i.severity == "error"]
            assert [i.line for i in errors] == [line_of(text, finding.statement)], finding.id
            assert f"“{finding.id}”" in errors[0].message
            moved += 1
    assert moved == 7


def test_a_figure_the_statement_does_not_give_is_a_warning():
    """A figure missing from a statement with numbers warns; a statement with none does not."""
    text = edited(
        (GAY_MEN_FIGURES, "figures = { killed_at_least = 25, bodies = 12 }"),
        (
            'id = "uk_defies_un_guidelines"',
            'id = "uk_defies_un_guidelines"\nfigures = { countries = 6 }',
        ),
    )
    issues = figure_issues(text)
    assert [(i.severity, i.line) for i in issues] == [("warning", line_of(text, GAY_MEN_STATEMENT))]
    assert "its figure bodies (12) is not in its statement" in issues[0].message
