"""Every render has a time and output budget; every template mistake is a problem, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest

from letters import budget
from letters.errors import TemplateProblem
from letters.templating import LetterTemplate, check_template

HEAD = "Subject: A letter\n\nA first paragraph.\n"
# The templates: one that never ends, one that ends after building 400 MB of text.
ENDLESS = HEAD + "{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}{% endfor %}{% endfor %}\n"
HUGE_REPLACE = HEAD + "{{ ('a'*20000)|replace('a','b'*20000)|length }}\n"
DOUBLING_MACRO = (
    HEAD + "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}\n"
    "{{ f('x', 40) }}\n"
)
FORKING_MACRO = (
    HEAD + "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}\n"
    "{{ f(40) }}\n"
)
REPEATED_TEXT = HEAD + "{% for a in 'x'*20000 %}" + "Some words. " * 100 + "{% endfor %}\n"


@pytest.fixture
def render(northern_ireland):
    """A function rendering a template's source to the MP for West Tyrone."""
    mp, constituency = northern_ireland

    def render_to_west_tyrone(source: str, supporter, findings):
        return LetterTemplate.compile(source).render(
            supporter=supporter,
            mp=mp,
            constituency=constituency,
            findings=findings,
            today=dt.date(2026, 11, 28),
        )

    return render_to_west_tyrone


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (ENDLESS, "takes too long to make"),
        (FORKING_MACRO, "too"),  # out of time or of text first, depending on the machine
        (HUGE_REPLACE, "too long (over 50,000 characters)"),
        (DOUBLING_MACRO, "too long (over 50,000 characters)"),
        (HEAD + "{{ 'ab'*10000 + 'cd'*10000 + 'ef'*10000 }}\n", "too long"),
        (HEAD + "{{ ('x'*20000)|join('y'*20000) }}\n", "too long"),
        (REPEATED_TEXT, "makes too much text"),
    ],
    ids=["endless-loop", "forking-macro", "replace", "doubling-concat", "plus", "join", "text"],
)
def test_a_supporters_letter_stops_at_its_budget_naming_the_line(
    source, says, supporter, findings, render
):
    """A template that would run for ever or build huge text stops with a message and its line."""
    with pytest.raises(budget.BudgetExceeded) as caught:
        render(source, supporter, findings)
    assert says in caught.value.message
    assert caught.value.line in (4, 5)


@pytest.mark.parametrize("source", [ENDLESS, HUGE_REPLACE, FORKING_MACRO])
def test_a_slow_template_cannot_pass_the_checks(source, findings):
    """The checks report a budget error (so the version cannot be published) and stop early."""
    problems = check_template(source, findings)
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].line in (4, 5)


def test_string_methods_that_build_text_are_refused(supporter, findings, render):
    """`.replace` and `.join` on text are refused; their bounded filters do the same job."""
    for expression in ("('a'*20000).replace('a', 'bb')", "'b'.join('a'*20000)"):
        with pytest.raises(TemplateProblem) as caught:
            render(HEAD + "{{ " + expression + " }}\n", supporter, findings)
        assert caught.value.line == 4
    body = render(HEAD + "{{ 'a-b'|replace('-', ' and ') }} {{ ['x', 'y']|join('+') }}\n",
                  supporter, findings)  # fmt: skip
    assert "a and b x+y" in body.blocks[-1].items[0][0].text


@pytest.mark.parametrize(
    ("source", "says", "line"),
    [
        (HEAD + "{{ supporter.name|list }}\n", "no filter called 'list'", 4),
        (HEAD + "{{ supporter|attr('name') }}\n", "no filter called 'attr'", 4),
        (HEAD + "{{ supporter|xmlattr }}\n", "no filter called 'xmlattr'", 4),
        (HEAD + "{% if supporter is nosuch %}x{% endif %}\n", "no test called 'nosuch'", 4),
        (HEAD + "{{ " + "(" * 400 + "1" + ")" * 400 + " }}\n", "nested too deeply", None),
        (HEAD + "{% for a in 'ab' %}" * 30 + "x" + "{% endfor %}" * 30 + "\n", "nested", 4),
        (HEAD + "{% if 1 %}" * 120 + "x" + "{% endif %}" * 120 + "\n", "nested", 4),
    ],
    ids=["list", "attr", "xmlattr", "test", "brackets", "30-for", "120-if"],
)
def test_compiler_refusals_are_problems_with_their_line(source, says, line):
    """Unknown filters and tests and deep nesting are refused with a plain message, not raised."""
    with pytest.raises(TemplateProblem) as caught:
        LetterTemplate.compile(source)
    assert says in caught.value.message
    assert caught.value.line == line


def test_a_tighter_outer_budget_keeps_its_deadline(supporter, findings, render):
    """The checks' shorter budget wraps a render's own: an expired one stops the render."""
    source = HEAD + "{% for a in 'x'*2000 %}{% endfor %}Done.\n"
    with budget.budget(0.0), pytest.raises(budget.TooSlow):
        render(source, supporter, findings)
    assert render(source, supporter, findings).subject == "A letter"
