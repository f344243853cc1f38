"""The sandbox letter templates run in, and the compiled LetterTemplate (see letters.templating).

Templates arrive as strings (staff edit them in the browser), so there is no file loader. They run
in an ImmutableSandboxedEnvironment with StrictUndefined and see only what a letter needs:

    supporter     name, address_lines, postcode, reason, concern (an at-risk group or none)
    mp            name, full_title, party
    constituency  name, nation
    findings      by id: findings.uk_returns_baghdad.figures.removed, .statement, .date_text, …
    cite(id)      a footnote citing a finding, numbered in order of first citation
    choose(key, a, b, …)  one of the phrasings, stable for a supporter, varying between supporters
    today         the letter's date;  the `date` filter writes a date as "28 November 2026"

Supporter input is only ever data: it is passed in as values, never joined into template source.
Any failure (bad syntax, an unknown name, a forbidden attribute) becomes a TemplateProblem with the
template line. The output format is described in letters/bodyformat.py and templates/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letters import budget, i18n
from letters.bodyformat import (
    PRIVATE_USE,
    Citation,
    ParsedBody,
    finalize,
    format_date,
    in_words,
    parse_body,
)
from letters.errors import TemplateProblem
from letters.findings import AtRiskGroup, Finding, FindingSet
from letters.model import MP, Block, Constituency, Footnote, Supporter
from letters.variation import pick, supporter_seed

__all__ = ["CONTEXT_NAMES", "LetterBody", "LetterTemplate", "problem_from", "unknown_name_message"]

CONTEXT_NAMES = frozenset(
    {"supporter", "mp", "constituency", "findings", "cite", "choose", "today"}
)
# Filters a letter may need; the rest of Jinja's (xmlattr, urlize, pprint, …) are left out.
_FILTERS = (
    "capitalize", "count", "d", "default", "first", "int", "join", "last", "length", "lower",
    "replace", "round", "title", "trim", "upper",
)  # fmt: skip
_STRING_LIMIT = 20_000  # the longest string or list a template may build with "*"
_POWER_BITS_LIMIT = 4_096  # the largest number (in bits) a template may build with "**"
# String methods that build text of a size the template chooses ("x".ljust(10**9)). A letter has
# no use for them: values go into text with {{ }}.
# "replace" and "join" have bounded filter twins (|replace, |join), so the methods are refused too.
_UNSAFE_STR_METHODS = frozenset(
    {"center", "expandtabs", "format", "format_map", "join", "ljust", "replace", "rjust", "zfill"}
)
_SOURCE_LIMIT = 50_000


class _LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus guards on "*", "**", "%", "+", "~", padding methods, |replace and |join,
    so a template cannot build huge values; and a time and output budget on every render
    (letters.budget), so no loop can hold a worker."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = budget.BudgetCodeGenerator

    # Called from the compiled template code (see budget.BudgetCodeGenerator and guard_loops).
    budget_spend = staticmethod(budget.spend)
    budget_bounded = staticmethod(budget.bounded)
    budget_loop = staticmethod(budget.guard_loop)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget.tick()  # a macro calling itself twice over would otherwise run for ever
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        # Jinja hands out a sandboxed str.format before asking is_safe_attribute; letters have
        # no use for it, and a format spec can build text of any size, so it is refused too.
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        # A fast path for the letter's own immutable views: their public attributes are plain
        # data, so the sandbox's general checks (made for arbitrary objects) can be skipped.
        if type(obj) in _VIEW_TYPES and not attribute.startswith("_"):
            try:
                return _builtin_getattr(obj, attribute)
            except AttributeError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("the exponent is too large")
        if operator == "**" and _power_bits(left, right) > _POWER_BITS_LIMIT:
            raise SecurityError("the number would be too large")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("text formatting with % is not available; use {{ … }} instead")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                repeats = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if repeats and len(seq) * times > _STRING_LIMIT:
                    raise SecurityError("the result would be too long")
        if operator == "+" and isinstance(left, str | list | tuple) and hasattr(right, "__len__"):
            budget.check_size(len(left) + len(right))
        return super().call_binop(context, operator, left, right)


def _power_bits(base: Any, exponent: Any) -> int:
    """Roughly how many bits `base ** exponent` takes (0 when it cannot grow)."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2 or exponent < 1:
        return 0
    return abs(base).bit_length() * exponent


def _counted_finalize(value: Any) -> str:
    """Every {{ … }} value, made into letter text and counted towards the render's budget."""
    return budget.spend(finalize(value))


@cache
def letter_environment() -> _LetterEnvironment:
    """Built once per process: compiled templates are cached on it by LetterTemplate."""
    env = _LetterEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_counted_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.globals.clear()  # no range, lipsum, cycler, joiner, namespace, dict
    env.filters = {name: env.filters[name] for name in _FILTERS}
    env.filters["replace"] = budget.bounded_replace
    env.filters["join"] = budget.bounded_join
    env.filters["date"] = format_date
    env.filters["in_words"] = in_words
    return env


# --- what a template sees --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SupporterView:
    name: str
    address_lines: tuple[str, ...]
    postcode: str
    reason: str | None
    concern: AtRiskGroup | None


@dataclass(frozen=True, slots=True)
class _MPView:
    name: str
    full_title: str
    party: str


@dataclass(frozen=True, slots=True)
class _ConstituencyView:
    name: str
    nation: str


class _FindingsView:
    """Findings by id with attribute access; an unknown id is an undefined value."""

    __slots__ = ("_findings",)

    def __init__(self, findings: FindingSet):
        self._findings = findings.findings

    def __getattr__(self, name: str) -> Any:
        try:
            return self._findings[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._findings[name]


_VIEW_TYPES = frozenset({_SupporterView, _MPView, _ConstituencyView, Finding, AtRiskGroup})
_builtin_getattr = getattr


@dataclass(frozen=True, slots=True)
class LetterBody:
    """A rendered template: the subject, the body blocks and their footnotes."""

    subject: str
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]


class _Render:
    """Per-letter state: cited findings, footnote numbers, the variation seed."""

    def __init__(self, findings: FindingSet, seed: bytes, wording: int | None = None):
        self.findings = findings.findings
        self.seed = seed
        self.wording = wording
        self.cited: list[str] = []
        self.index_of: dict[str, int] = {}
        self.footnotes: list[Footnote] = []
        self.covered: list[frozenset[str]] = []  # the source ids each footnote lists

    def cite(self, finding_id: object) -> Citation:
        if not isinstance(finding_id, str) or finding_id not in self.findings:
            raise TemplateProblem(f"cite({finding_id!r}): no finding has that id")
        index = self.index_of.get(finding_id)
        if index is None:
            index = self.index_of[finding_id] = len(self.cited)
            self.cited.append(finding_id)
        return Citation(index)

    def choose(self, key: object, *options: Any) -> Any:
        if not options:
            raise TemplateProblem("choose() needs a key and at least one option")
        if self.wording is not None:  # a check or preview asking for one wording of every part
            return options[self.wording % len(options)]
        return options[pick(self.seed, str(key), len(options))]

    def footnote_number(self, index: int) -> int:
        """Numbers in order of first appearance. A finding shares a footnote that already lists
        all of its sources, so a letter citing one report many times has one footnote, not ten."""
        finding = self.findings[self.cited[index]]
        wanted = frozenset(source.id for source in finding.sources)
        for number, covered in enumerate(self.covered, start=1):
            if wanted <= covered:
                return number
        self.covered.append(wanted)
        self.footnotes.append(Footnote(len(self.footnotes) + 1, finding.id, finding.citation))
        return len(self.footnotes)


# --- compiling and rendering -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class LetterTemplate:
    """A compiled letter template. Compile with `LetterTemplate.compile(source)`."""

    name: str
    source: str
    _template: jinja2.Template
    # The most wordings any one choose() offers: rendering with wording=0 … wordings-1 shows
    # every wording of every part at least once.
    wordings: int = 1
    # The language its words are in ("en", "cy"): it renders with the findings, dates and
    # numbers in words of that language, and its letters get that language's furniture.
    language: str = "en"

    @classmethod
    def compile(cls, source: str, name: str = "letter", language: str = "en") -> LetterTemplate:
        """Compile (once per source text); raises TemplateProblem with the line."""
        if language not in i18n.LANGUAGES:
            raise TemplateProblem(
                f"letters are written in {' or '.join(i18n.LANGUAGES)}, not {language!r}",
                template=name,
            )
        return _compile(source, name, language)

    def render(
        self,
        *,
        supporter: Supporter,
        mp: MP,
        constituency: Constituency,
        findings: FindingSet,
        today: dt.date,
        wording: int | None = None,
    ) -> LetterBody:
        """Render for one supporter and parse the result; raises TemplateProblem with the line.

        `wording` picks the same wording of every part (the n-th, wrapping round) in place of
        the supporter's own stable pick: for checks and previews that must see each one.
        The findings are read in the template's language (FindingSet.in_language).
        """
        with i18n.for_language(self.language):
            return self._render(
                supporter, mp, constituency, findings.in_language(self.language), today, wording
            )

    def _render(
        self,
        supporter: Supporter,
        mp: MP,
        constituency: Constituency,
        findings: FindingSet,
        today: dt.date,
        wording: int | None,
    ) -> LetterBody:
        seed = supporter_seed(supporter.name, supporter.postcode)
        state = _Render(findings, seed, wording)
        context = {
            "supporter": _SupporterView(
                supporter.name,
                supporter.address_lines,
                supporter.postcode,
                supporter.reason,
                findings.group(supporter.concern),
            ),
            "mp": _MPView(mp.name, mp.full_title, mp.party),
            "constituency": _ConstituencyView(constituency.name, str(constituency.nation)),
            "findings": _FindingsView(findings),
            "cite": state.cite,
            "choose": state.choose,
            "today": today,
        }
        try:
            with budget.budget():
                output = self._template.render(context)
            parsed: ParsedBody = parse_body(output, state.footnote_number)
        except Exception as exc:  # anything a staff template does wrong is reported, not raised
            raise problem_from(exc, self.name) from None
        return LetterBody(parsed.subject, parsed.blocks, tuple(state.footnotes))


@lru_cache(maxsize=64)
def _compile(source: str, name: str, language: str) -> LetterTemplate:
    source = source.replace("\r\n", "\n")
    _check_characters(source, name)
    env = letter_environment()
    # Parsing, checking and compiling can each refuse a template (a syntax error, an unknown
    # filter or test, nesting deeper than Python compiles): every refusal becomes a problem with
    # its line, never an exception, so a broken version cannot break a staff page.
    try:
        tree = env.parse(source)
        _check_literals(tree, name)
        _check_filters_and_tests(tree, env, name)
        nested = budget.nesting_problem(tree)
        if nested is not None:
            raise TemplateProblem(nested[0], line=nested[1], template=name)
        budget.guard_loops(tree)
        compiled = env.from_string(tree)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(exc), line=exc.lineno, template=name) from None
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise TemplateProblem(_TOO_DEEP, template=name) from None
    return LetterTemplate(
        name=name,
        source=source,
        _template=compiled,
        wordings=_most_wordings(tree),
        language=language,
    )


def _most_wordings(tree: nodes.Template) -> int:
    """The most options any choose(key, …) call in the template offers."""
    counts = [
        len(call.args) - 1
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "choose"
    ]
    return max([1, *counts])


_TOO_DEEP = (
    "The template is too complicated to use: its brackets or {% %} parts are nested too "
    "deeply. Please simplify it."
)


def _check_characters(source: str, name: str) -> None:
    if len(source) > _SOURCE_LIMIT:
        raise TemplateProblem(
            f"The template is too long ({len(source):,} characters).", template=name
        )
    for number, line in enumerate(source.split("\n"), start=1):
        for char in line:
            category = unicodedata.category(char)
            if category in ("Cc", "Co", "Cs") and char != "\t":
                raise TemplateProblem(
                    f"Please remove the invisible character U+{ord(char):04X}.",
                    line=number,
                    template=name,
                )


def _check_literals(tree: nodes.Template, name: str) -> None:
    """A string literal may spell a private-use character as an escape ("\\ue002"); the letter's
    markers are made of them, and a {% filter %} block's output does not pass through
    `finalize`, so such a literal could forge a citation or unmark supporter data."""
    for const in tree.find_all(nodes.Const):
        found = isinstance(const.value, str) and PRIVATE_USE.search(const.value)
        if found:
            raise TemplateProblem(
                f"Please remove the invisible character U+{ord(found.group()):04X}.",
                line=const.lineno,
                template=name,
            )


def _check_filters_and_tests(tree: nodes.Template, env: _LetterEnvironment, name: str) -> None:
    """An unknown |filter or `is` test, named with its line and the ones letters can use."""
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known = env.filters if isinstance(node, nodes.Filter) else env.tests
        if node.name not in known:
            what = "filter" if isinstance(node, nodes.Filter) else "test"
            raise TemplateProblem(
                f"Letters have no {what} called {node.name!r}. "
                f"They can use: {', '.join(sorted(known))}.",
                line=node.lineno,
                template=name,
            )


def _syntax_message(exc: TemplateSyntaxError) -> str:
    return f"The template has a mistake in its {{{{ }}}} or {{% %}} parts: {exc.message}"


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']*)'")
_FRIENDLY_TYPES = {
    "_FindingsView": "findings",
    "_SupporterView": "supporter",
    "_MPView": "mp",
    "_ConstituencyView": "constituency",
    "Finding": "a finding",
    "mappingproxy": "figures",
    "AtRiskGroup": "an at-risk group",
}


def problem_from(exc: BaseException, name: str) -> TemplateProblem:
    """A TemplateProblem with the template line, for any error raised while rendering."""
    line = _template_line(exc)
    if isinstance(exc, TemplateProblem):  # keeps its class: a budget problem stays one
        return type(exc)(exc.message, line=exc.line or line, template=name)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateProblem(_syntax_message(exc), line=exc.lineno, template=name)
    if isinstance(exc, SecurityError):
        message = f"Letters are not allowed to use this ({exc})."
    elif isinstance(exc, UndefinedError):
        message = _undefined_message(str(exc.message))
    else:
        message = f"The template could not be used: {type(exc).__name__}: {exc}"
    return TemplateProblem(message, line=line, template=name)


def _undefined_message(message: str) -> str:
    match = _NO_ATTRIBUTE.search(message)
    if match and match.group(1) in _FRIENDLY_TYPES:
        owner = _FRIENDLY_TYPES[match.group(1)]
        if owner == "findings":
            return f"No finding has the id {match.group(2)!r}."
        return f"{owner} has nothing called {match.group(2)!r}."
    match = re.fullmatch(r"'(\w+)' is undefined", message)
    if match:
        return unknown_name_message(match.group(1))
    return f"Something this template uses does not exist: {message}"


def unknown_name_message(name: str) -> str:
    """What staff read when a template uses a name letters do not provide."""
    return f"Unknown name {name!r}. Letters can use: {_KNOWN_NAMES}."


_KNOWN_NAMES = ", ".join(sorted(CONTEXT_NAMES))


def _template_line(exc: BaseException) -> int | None:
    """Jinja rewrites tracebacks so template frames carry the template's own line numbers."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line
