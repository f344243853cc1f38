"""Letter templates: sandboxed rendering, line-numbered problems, and the pre-publish checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from letters.directory import default_directory
from letters.errors import TemplateProblem
from letters.model import Ref, Text
from letters.render.pdf import count_pages
from letters.spelling import parse_word_list
from letters.templating import SAMPLE_SUPPORTERS, LetterTemplate, Problem, check_template

SIMPLE = 'Subject: Hello\n\nDear reader.{{ cite("uk_returns_baghdad") }}\n'


TODAY = dt.date(2026, 11, 28)
# Every letter must carry the supporter's own words: added after the lines a test checks.
OWN_WORDS = "\n\n{% if supporter.reason %}{{ supporter.reason }}{% endif %}"
WEST_TYRONE = "N05000018"


def render(source: str, supporter, findings):
    mp, constituency = (
        default_directory().mp_for(WEST_TYRONE),
        default_directory().constituency(WEST_TYRONE),
    )
    return LetterTemplate.compile(source).render(
        supporter=supporter, mp=mp, constituency=constituency, findings=findings, today=TODAY
    )


def body_text(body) -> str:
    return "\n".join(
        "".join(p.text if isinstance(p, Text) else f"[{p.number}]" for p in item)
        for block in body.blocks
        for item in block.items
    )


def problem(source: str, supporter, findings) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        render(source, supporter, findings)
    return caught.value


def test_syntax_error_has_its_line():
    """A broken {% %} tag is reported at compile time with its line."""
    with pytest.raises(TemplateProblem) as caught:
        LetterTemplate.compile("Subject: Hi\n\nok\n{{ a b }}\nmore\n")
    assert caught.value.line == 4
    assert "mistake" in caught.value.message


def test_unknown_name_is_reported_with_its_line(supporter, findings):
    """An undefined name fails the render with the template line it is on."""
    error = problem("Subject: Hi\n\nLine two.\n{{ suporter.name }}\n", supporter, findings)
    assert error.line == 4
    assert "Unknown name 'suporter'" in error.message


def test_unknown_attribute_and_finding_are_reported(supporter, findings):
    """Misspelt fields and unknown finding ids name what is missing."""
    assert (
        "nothing called 'nmae'"
        in problem("Subject: Hi\n\n{{ mp.nmae }}", supporter, findings).message
    )
    error = problem("Subject: Hi\n\nX\n\n{{ findings.nope.statement }}", supporter, findings)
    assert (error.line, error.message) == (5, "No finding has the id 'nope'.")


def test_citing_an_unknown_finding_is_a_problem_with_line(supporter, findings):
    """cite() of an id that is not in the findings fails with the line."""
    error = problem('Subject: Hi\n\nA.\nB.{{ cite("made_up") }}', supporter, findings)
    assert error.line == 4
    assert "made_up" in error.message


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "cycler.__init__.__globals__",
        "self._TemplateReference__context",
        "supporter.__class__",
        "mp.name.__class__.__base__.__subclasses__()",
        "findings.__class__.__init__.__globals__",
        "findings._findings",
        "cite.__self__",
        "cite.__globals__",
        "lipsum.__globals__",
        "range(10)",
        "'a' * 1000000000",
        "9 ** 9999999",
        "supporter.address_lines.__class__",
        "findings.uk_returns_baghdad.figures.__class__",
        "''.format.__self__",
        "'%0999999999d' % 1",
        "'x'.ljust(1000000000)",
        "'{:0999999999}'.format(1)",
        "'x'.center(10 ** 9)",
        "((9 ** 64) ** 64) ** 64",
        "[1] * 1000000",
    ],
)
def test_sandbox_escapes_fail_clearly(expression, supporter, findings):
    """Attempts to reach Python internals fail as a TemplateProblem on their line."""
    error = problem(f"Subject: Hi\n\nText.\n{{{{ {expression} }}}}\n", supporter, findings)
    assert error.line == 4
    assert error.message.startswith(
        (
            "Letters are not allowed to use this (",
            "Unknown name ",
            "Something this template uses does not exist:",
        )
    )


def test_sandbox_cannot_change_data(supporter, findings):
    """Templates cannot modify values (ImmutableSandboxedEnvironment)."""
    error = problem(
        "Subject: Hi\n\n{% set x = [1] %}{{ x.append(2) }}"
        "{{ findings.uk_returns_baghdad.figures.update({}) }}",
        supporter,
        findings,
    )
    assert error.line == 3


def test_supporter_input_is_data_not_template(supporter, findings):
    """Template syntax typed as a name appears literally in the letter."""
    typed = dataclasses.replace(supporter, name="{{7*7}} {% if 1 %}x{% endif %}")
    body = render("Subject: From {{ supporter.name }}\n\n{{ supporter.name }}", typed, findings)
    assert body.subject == "From {{7*7}} {% if 1 %}x{% endif %}"
    assert body_text(body) == "{{7*7}} {% if 1 %}x{% endif %}"


def test_reason_cannot_make_bullets_or_a_subject(supporter, findings):
    """A reason's "- " lines and "Subject:" stay text; its blank lines make plain paragraphs."""
    typed = dataclasses.replace(supporter, reason="Subject: x\n- one\n\n- two")
    body = render("Subject: Hi\n\n{{ supporter.reason }}", typed, findings)
    assert body.subject == "Hi"
    assert [b.kind.value for b in body.blocks] == ["paragraph", "paragraph"]
    assert body_text(body) == "Subject: x - one\n- two"


def test_cite_numbers_footnotes_in_order_of_first_citation(supporter, findings):
    """Footnotes are numbered as first cited; repeats reuse the number; same sources share one."""
    source = (
        'Subject: Hi\n\nQuote.{{ cite("smart_act_now") }}\n\n'
        'Fact.{{ cite("uk_returns_baghdad") }} Again.{{ cite("smart_act_now") }}\n\n'
        'Other.{{ cite("christians_killed_mosul") }}'
    )
    body = render(source, supporter, findings)
    assert body_text(body) == "Quote.[1]\nFact.[2] Again.[1]\nOther.[2]"
    assert [(n.number, n.finding_id) for n in body.footnotes] == [
        (1, "smart_act_now"),
        (2, "uk_returns_baghdad"),
    ]
    assert "press release" in body.footnotes[0].text


def test_a_finding_shares_a_footnote_listing_all_its_sources(supporter, findings):
    """A quote from the press release, cited after report-and-release facts, reuses their note."""
    source = (
        'Subject: Hi\n\nFact.{{ cite("uk_returns_baghdad") }}\n\nQuote.{{ cite("smart_act_now") }}'
    )
    body = render(source, supporter, findings)
    assert body_text(body) == "Fact.[1]\nQuote.[1]"
    assert len(body.footnotes) == 1
    assert "press release" in body.footnotes[0].text


def test_findings_expose_figures_and_dates(supporter, findings):
    """findings.<id>.figures.<name> and date_text are available; dates print in words."""
    source = (
        "Subject: Hi\n\n{{ findings.uk_returns_baghdad.figures.removed }} in "
        "{{ findings.uk_returns_baghdad.date_text }}; {{ findings.uk_returns_baghdad.date }}; "
        "{{ today|date }}"
    )
    assert body_text(render(source, supporter, findings)) == (
        "44 in October 2009; 1 October 2009; 28 November 2026"
    )


def test_concern_is_the_at_risk_group(supporter, findings):
    """supporter.concern is the chosen group (label, id), or nothing."""
    source = (
        "Subject: Hi\n\n"
        "{% if supporter.concern %}{{ supporter.concern.label }}{% else %}none{% endif %}"
    )
    assert body_text(render(source, supporter, findings)).startswith("Religious and ethnic")
    nobody = dataclasses.replace(supporter, concern=None)
    assert body_text(render(source, nobody, findings)) == "none"


def test_choose_is_stable_per_supporter_and_varies_between(supporter, findings):
    """The same supporter always gets the same phrasing; different supporters differ."""
    source = 'Subject: Hi\n\n{{ choose("opening", "A", "B", "C") }}'
    first = body_text(render(source, supporter, findings))
    respelt = dataclasses.replace(supporter, name=" amira  HADDAD ")
    assert body_text(render(source, respelt, findings)) == first
    picks = {
        body_text(render(source, dataclasses.replace(supporter, name=f"Person {i}"), findings))
        for i in range(30)
    }
    assert picks == {"A", "B", "C"}


def test_cite_joined_to_text_is_a_problem(supporter, findings):
    """cite() concatenated into a string is refused with its line."""
    error = problem('Subject: Hi\n\n{{ "x" ~ cite("uk_returns_baghdad") }}', supporter, findings)
    assert error.line == 3
    assert "stand on its own" in error.message


def test_invisible_characters_in_a_template_are_refused():
    """A control character pasted into a template is reported with its line."""
    with pytest.raises(TemplateProblem) as caught:
        LetterTemplate.compile("Subject: Hi\n\nText\x07 here")
    assert caught.value.line == 3


def test_private_use_escapes_in_string_literals_are_refused():
    """A literal spelling a marker character as an escape cannot forge a citation or data."""
    source = 'Subject: Hi\n\nText.\n{% filter replace("Q", "\\ue0000\\ue001") %}Q{% endfilter %}\n'
    with pytest.raises(TemplateProblem) as caught:
        LetterTemplate.compile(source)
    assert caught.value.line == 4
    assert "U+E000" in caught.value.message


def test_compiling_the_same_source_twice_reuses_the_template():
    """Templates compile once: the same text gives the same compiled object."""
    assert LetterTemplate.compile(SIMPLE) is LetterTemplate.compile(SIMPLE)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("name", ["default", "short"])
def test_shipped_templates_pass_every_check(campaign, findings, name, language):
    """Each shipped template, in English and in Welsh, renders for every sample, group and
    nation without problems, and is spelt right (the Welsh against cy_GB and words.cy.txt)."""
    words = parse_word_list(campaign.words(language))
    source = campaign.template_source(name, language)
    problems = check_template(
        source, findings, today=TODAY, campaign_words=words, language=language
    )
    assert problems == []


def test_check_reports_syntax_errors():
    """A syntax error comes back as one error with its line."""
    problems = check_template("Subject: Hi\n\n{{ supporter.name\n", findings=None)
    assert len(problems) == 1
    assert problems[0].severity == "error"
    assert problems[0].line == 3


def test_check_finds_unknown_names_in_branches_samples_do_not_reach(findings):
    """An unknown name in a never-taken branch is still an error with its line."""
    source = (
        "Subject: Hi\n\nText.\n{% if false %}\n{{ supporter.name }} {{ mpp.name }}\n{% endif %}"
        + OWN_WORDS
    )
    assert check_template(source, findings) == [
        Problem("error", "Unknown name 'mpp'. Letters can use: " + _known() + ".", 5)
    ]


def test_check_warns_about_unreached_unknown_citation(findings):
    """cite() of an unknown finding in an unreached branch is a warning with its line."""
    source = 'Subject: Hi\n\nText.\n{% if false %}\n{{ cite("nope") }}\n{% endif %}' + OWN_WORDS
    assert check_template(source, findings) == [
        Problem("warning", "No finding has the id 'nope'.", 5)
    ]


def test_check_reports_reached_unknown_citation_as_error(findings):
    """cite() of an unknown finding that letters reach is an error, reported once."""
    problems = check_template('Subject: Hi\n\nText.{{ cite("nope") }}', findings)
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]


def test_check_requires_a_subject_line(findings):
    """A template without a Subject line is an error."""
    problems = check_template("Dear MP,\n\nText.", findings)
    assert [p.severity for p in problems] == ["error"]
    assert "subject" in problems[0].message


def test_check_covers_every_sample_and_concern(findings):
    """Every sample supporter and at-risk group is rendered: a group-only failure is found."""
    source = (
        "Subject: Hi\n\nText.\n"
        '{% if supporter.concern and supporter.concern.id == "women_defenders" %}\n'
        "{{ supporter.concern.missing }}\n{% endif %}" + OWN_WORDS
    )
    problems = check_template(source, findings)
    assert [(p.severity, p.line) for p in problems] == [("error", 5)]


def test_longest_samples_stay_within_two_pages(campaign, findings):
    """Counted by the PDF renderer, no sample letter of the default template exceeds two pages."""
    source = campaign.templates["default"]
    words = parse_word_list(campaign.words_source)
    checked = check_template(
        source, findings, page_counter=count_pages, today=TODAY, campaign_words=words
    )
    assert checked == []


def test_check_warns_when_a_letter_runs_over_two_pages(campaign, findings):
    """With a page counter, letters over two pages give a warning; two pages do not."""
    source = campaign.templates["default"]
    words = parse_word_list(campaign.words_source)
    assert check_template(source, findings, page_counter=lambda _: 2, campaign_words=words) == []
    problems = check_template(source, findings, page_counter=lambda _: 3, campaign_words=words)
    assert problems
    assert {p.severity for p in problems} == {"warning"}
    assert "3 pages" in problems[0].message


def test_sample_supporters_cover_the_awkward_cases():
    """Samples include a 100-character name, accents, Arabic script, and reasons or none."""
    names = [s.name for s in SAMPLE_SUPPORTERS]
    assert max(len(n) for n in names) == 100
    assert any("\u0600" <= ch <= "\u06ff" for n in names for ch in n)
    assert any(s.reason is None for s in SAMPLE_SUPPORTERS)
    assert any(s.reason and len(s.reason) >= 1100 for s in SAMPLE_SUPPORTERS)


def test_refs_in_rendered_body_are_refs(supporter, findings):
    """cite() output becomes a Ref in the body, not text."""
    body = render(SIMPLE, supporter, findings)
    assert body.blocks[0].items[0] == (Text("Dear reader."), Ref(1))


def _known() -> str:
    return "choose, cite, constituency, findings, mp, supporter, today"
