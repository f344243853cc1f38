"""The truth checks in Welsh: a Welsh wording's figures, dates and spelling, the findings' Welsh
statements, and a Welsh letter document's chips."""

from __future__ import annotations

import pytest

from letters.bodyformat import in_words
from letters.campaign import load_campaign
from letters.document import Chip, Condition, LetterDocument, Part, Text, Wording, document_issues
from letters.errors import FindingsFileError
from letters.findings import parse_findings, with_welsh
from letters.i18n import for_language
from letters.spelling import misspelt, parse_word_list
from letters.templating import check_template
from letters.wording import welsh_findings_issues

CAMPAIGN = load_campaign()
WELSH_WORDS = parse_word_list(CAMPAIGN.words("cy"))
HEAD = "Subject: Atal dychwelyd pobl i Irac\n\n"
UK = '{{ cite("uk_returns_baghdad") }}'
OWN_WORDS = "\n\n{% if supporter.reason %}{{ supporter.reason }}{% endif %}"


def welsh_problems(body: str, findings) -> list[tuple[str, int | None, str]]:
    found = check_template(
        HEAD + body + OWN_WORDS,
        findings,
        language="cy",
        campaign_words=WELSH_WORDS,
    )
    return [(p.severity, p.line, p.message) for p in found]


def welsh_errors(body: str, findings) -> list[tuple[int | None, str]]:
    return [(line, message) for severity, line, message in welsh_problems(body, findings)
            if severity == "error"]  # fmt: skip


def test_a_typed_figure_in_welsh_is_an_error(findings):
    """ "54 o bobl" where the finding says 44 is refused, as in English."""
    found = welsh_errors(f"Ym mis Hydref 2009 symudodd y DU 54 o bobl o Irac.{UK}\n", findings)
    assert [line for line, _ in found] == [3]
    assert "54" in found[0][1]


@pytest.mark.parametrize(
    "wording",
    [
        "Y llynedd symudodd y DU bobl o Irac.",
        "Eleni symudodd y DU bobl o Irac.",
        "Y mis diwethaf symudodd y DU bobl o Irac.",
        "Yn ddiweddar symudodd y DU bobl o Irac.",
        "Ddwy flynedd yn ôl symudodd y DU bobl o Irac.",
        "Ym mis Hydref symudodd y DU bobl o Irac.",
    ],
)
def test_welsh_relative_dates_and_months_without_a_year_are_errors(wording, findings):
    found = welsh_errors(wording + UK + "\n", findings)
    assert [line for line, _ in found] == [3]
    assert "date" in found[0][1] or "year" in found[0][1]


@pytest.mark.parametrize(
    "wording",
    [
        f"Ym mis Hydref 2009 symudodd y DU 44 o bobl o Irac.{UK}",
        f"Rhwng Ionawr a Mawrth 2009, ac o Ionawr i Fawrth 2009, lladdwyd dynion.{UK}",
        f"Ar 4 Rhagfyr 2026 darllenais fod y DU wedi symud pobl yn 2009.{UK}",
        "Byddaf yn eich ffonio ddydd Mawrth neu nos Fawrth.",  # Tuesday, not March
    ],
)
def test_welsh_absolute_dates_and_figures_are_fine(wording, findings):
    assert welsh_errors(wording + "\n", findings) == []


def test_welsh_is_spelt_against_cy_gb_and_the_welsh_word_list():
    """Welsh words, mutated forms and clitics are known; a typo and an unknown name are not."""
    text = "Mae’r dyn yn byw mewn tŷ yn ardal Glyndŵr ac yn poeni am leiafrifoedd yn Irac."
    assert misspelt(text, WELSH_WORDS, "cy") == []
    assert misspelt("Mae’r dyyn yn byw yn Kirkuk.", WELSH_WORDS, "cy") == ["dyyn", "Kirkuk"]
    assert misspelt(text, (), "en")  # English spelling knows none of it


def test_a_welsh_wording_is_not_spelt_in_english(findings):
    found = welsh_problems("Diolch am eich help.\n", findings)
    assert found == []


def test_figures_in_welsh_words():
    """A figure chip under ten is written in Welsh in a Welsh letter ("wyth"), digits above."""
    with for_language("cy"):
        assert [in_words(n) for n in (2, 3, 8, 44)] == ["dau", "tri", "wyth", "44"]
    assert in_words(8) == "eight"


# --- the findings' Welsh ----------------------------------------------------------------------

ENGLISH = """
[sources.report]
publisher = "Amnesty International"
title = "Iraq: Civilians under fire"
kind = "report"
date_text = "April 2010"

[[findings]]
id = "christians"
statement = "At least eight Christians were killed in Mosul in February 2010."
figures = { killed_at_least = 8 }
date = 2010-02-01
date_text = "February 2010"
sources = ["report"]

[[groups]]
id = "minorities"
label = "Religious and ethnic minorities"
finding_ids = ["christians"]
"""
STATEMENT = "Lladdwyd o leiaf wyth o Gristnogion yn ninas Mosul ym mis Chwefror 2010."
WELSH = f"""
[sources.report]
cite_as = "Amnesty International, Iraq: Civilians under fire, Ebrill 2010"

[[findings]]
id = "christians"
statement = "{STATEMENT}"
date_text = "Chwefror 2010"

[[groups]]
id = "minorities"
label = "Lleiafrifoedd crefyddol ac ethnig"
"""


def read(welsh: str = WELSH, english: str = ENGLISH):
    findings = parse_findings(english, source_name="findings.toml")
    return with_welsh(welsh, findings, source_name="findings.cy.toml")


def welsh_issues(welsh: str = WELSH, english: str = ENGLISH) -> list[tuple[str, int, str]]:
    found = welsh_findings_issues(welsh, read(welsh, english), spelling=False)
    return [(i.severity, i.line, i.message) for i in found]


def test_the_welsh_file_is_read_into_the_findings_for_welsh_letters():
    findings = read()
    assert welsh_issues() == []
    welsh = findings.in_language("cy")
    christians = welsh.findings["christians"]
    assert (christians.statement, christians.date_text) == (STATEMENT, "Chwefror 2010")
    assert christians.citation == "Amnesty International, Iraq: Civilians under fire, Ebrill 2010."
    assert welsh.groups[0].label == "Lleiafrifoedd crefyddol ac ethnig"
    assert findings.findings["christians"].statement.startswith("At least eight")
    assert findings.in_language("en") is findings


def test_a_welsh_statement_must_give_the_figures_the_english_one_does():
    """ "naw" (9) for eight is an error on its line in the Welsh file; leaving it out too."""
    [(severity, line, message)] = welsh_issues(WELSH.replace("wyth", "naw"))
    assert (severity, line) == ("error", 7)
    assert "its Welsh statement says naw (9), but none of its figures is 9" in message
    [(severity, line, message)] = welsh_issues(WELSH.replace("o leiaf wyth o ", ""))
    assert (severity, line) == ("error", 7)
    assert "its figure killed_at_least (8) is not in its Welsh statement" in message


def test_moving_an_english_figure_is_caught_in_the_welsh_statement():
    english = ENGLISH.replace("killed_at_least = 8", "killed_at_least = 9")
    [(severity, line, _message)] = welsh_issues(english=english)
    assert (severity, line) == ("error", 7)


def test_a_welsh_statement_is_held_to_absolute_dates():
    found = welsh_issues(WELSH.replace("Chwefror 2010.", "Chwefror."))
    assert any("has no year" in message for _, _, message in found)
    found = welsh_issues(WELSH.replace("Lladdwyd", "Y llynedd lladdwyd"))
    assert any("relative date" in message for _, _, message in found)


def test_the_welsh_date_must_give_the_same_year():
    [(severity, line, message)] = welsh_issues(WELSH.replace('"Chwefror 2010"', '"Chwefror 2011"'))
    assert (severity, line) == ("error", 8)
    assert "does not give the year of “February 2010”" in message


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (('date_text = "Chwefror 2010"\n', ""), "date_text"),
        (('id = "christians"', 'id = "muslims"'), "no finding with the id 'muslims'"),
        (("[sources.report]", "[sources.book]"), "no source 'book'"),
        (("cite_as =", "cite_ass ="), "unknown field 'cite_ass'"),
        (('id = "minorities"', 'id = "others"'), "no group with the id 'others'"),
    ],
)
def test_the_welsh_file_is_refused_naming_its_line(change, says):
    with pytest.raises(FindingsFileError, match=says) as caught:
        read(WELSH.replace(*change))
    assert caught.value.source == "findings.cy.toml"
    assert caught.value.line is not None


def test_the_shipped_welsh_findings_pass_every_check():
    """Every finding has its Welsh; no figure, date, repeat or spelling problem in any of it."""
    text = CAMPAIGN.findings_text("cy")
    assert welsh_findings_issues(text, CAMPAIGN.findings, campaign_words=WELSH_WORDS) == []
    assert all(f.statement_cy and f.date_text_cy for f in CAMPAIGN.findings.findings.values())
    assert all(s.cite_as_cy for s in CAMPAIGN.findings.sources.values())
    assert all(g.label_cy for g in CAMPAIGN.findings.groups)


def test_the_shipped_welsh_statements_give_exactly_their_figures():
    """Moving any figure in findings.toml by one makes its Welsh statement an error too."""
    moved = 0
    for finding in CAMPAIGN.findings.findings.values():
        figures = ", ".join(f"{name} = {value}" for name, value in finding.figures.items())
        for name, value in finding.figures.items():
            changed = figures.replace(f"{name} = {value}", f"{name} = {value + 1}")
            english = CAMPAIGN.findings_source.replace(
                f"figures = {{ {figures} }}", f"figures = {{ {changed} }}"
            )
            found = welsh_issues(CAMPAIGN.findings_text("cy"), english)
            assert [severity for severity, _, _ in found] == ["error"], finding.id
            assert f"“{finding.id}”: its Welsh statement says" in found[0][2]
            moved += 1
    assert moved == 7


# --- a Welsh document's chips -----------------------------------------------------------------


def _doc(*pieces) -> LetterDocument:
    return LetterDocument(
        (
            Part("subject", "subject", (Wording((Text("Helo"),)),)),
            Part("paragraph", "p", (Wording(pieces),)),
            Part("own_words", "own_words", only_for=Condition(own_words="given")),
        )
    )


def test_a_welsh_document_needs_the_welsh_date_of_the_findings_it_dates():
    findings = parse_findings(ENGLISH, source_name="findings.toml")
    doc = _doc(Text("Ym mis "), Chip("date", "christians"), Text("."), Chip("cite", "christians"))
    assert document_issues(doc, findings) == []
    issue, footnote = document_issues(doc, findings, "cy")
    assert issue.severity == "error"
    assert "has no date in Welsh" in issue.message
    assert (issue.part, issue.wording) == (1, 0)
    assert footnote.severity == "warning"
    with_date = read('[[findings]]\nid = "christians"\ndate_text = "Chwefror 2010"\n')
    [issue] = document_issues(doc, with_date, "cy")  # the date is there; the footnote is not
    assert issue.severity == "warning"
    assert "no footnote in Welsh" in issue.message
