"""Letter templates for staff: compile, render, and check a template before it is published.

`LetterTemplate` (compiled once, rendered in a sandbox) lives in letters.sandbox and is re-exported
here. `check_template` renders a template for sample supporters in several real constituencies
and lists every problem with its line, so staff see them before anything is published.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from jinja2 import nodes

from letters import budget
from letters.errors import LettersError, TemplateProblem
from letters.findings import FindingSet
from letters.model import MP, Constituency, Letter, Supporter
from letters.sandbox import (
    CONTEXT_NAMES,
    LetterBody,
    LetterTemplate,
    letter_environment,
    unknown_name_message,
)
from letters.service import letter_for_mp
from letters.wording import template_issues

__all__ = [
    "SAMPLE_SEAT_CODES",
    "SAMPLE_SUPPORTERS",
    "LetterBody",
    "LetterTemplate",
    "Problem",
    "check_template",
]

# One seat per nation, chosen for awkward text: an apostrophe, commas, a circumflex, an accented
# MP's name, and a Northern Ireland MP with no published email address.
SAMPLE_SEAT_CODES = ("E14001435", "S14000067", "W07000102", "N05000018")
MAX_PAGES = 2
# A sample letter must render within this (a supporter's letter takes ~1 ms; the hard limit every
# render has is budget.RENDER_SECONDS), and the whole check within CHECK_SECONDS.
SLOW_RENDER_SECONDS = 0.1
CHECK_SECONDS = 4.0
# Names Jinja provides inside loops and macros; they are not the template's own variables.
_JINJA_NAMES = frozenset({"loop", "self", "caller", "varargs", "kwargs"})

_LONG_REASON = (
    "My grandparents came to this country as refugees, and I grew up hearing what it means to be "
    "sent back to a place where you are not safe. I work as a nurse in our local hospital and "
    "have cared for people who fled Iraq; some of them still wake at night afraid of the knock on "
    "the door.\n\n"
) * 4


def _sample(name: str, lines: tuple[str, ...], postcode: str, reason: str | None) -> Supporter:
    return Supporter(name=name, address_lines=lines, postcode=postcode, reason=reason)


SAMPLE_SUPPORTERS: tuple[Supporter, ...] = (
    _sample(
        # As long as a name may be (100 characters).
        "Maximiliana Theodora Wilhelmina Featherstonehaugh-Cholmondeley Montgomery-Fitzwilliam "
        "Ashburnham Poe",
        (
            "Flat 12, The Old Rectory Buildings, 145 Upper Saint Bartholomew's Churchyard Road",
            "Little Snoring-under-Wychwood",
            "Chipping Norton",
            "Oxfordshire",
        ),
        "OX7 5AA",
        _LONG_REASON[:1200].rstrip(),
    ),
    _sample("Zoë Ó Súilleabháin", ("3 Bryn Môr", "Llandrindod Wells"), "LD1 5AB", None),
    _sample(
        "فاطمة الزهراء عبد الله",
        ("27 Ladypool Road", "Birmingham"),
        "B12 8JP",
        "عائلتي من بغداد. My family is from Baghdad.",
    ),
    _sample("Nguyễn Thị Minh Khai", ("9 Quay Street", "Aberdeen"), "AB10 1AB", "- Not a bullet"),
    _sample("Jo", ("1 High St", "Omagh"), "BT78 1AA", "Subject: this is not a subject line"),
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a template: an error blocks publishing, a warning does not."""

    severity: Literal["error", "warning"]
    message: str
    line: int | None = None
    word: str | None = None  # a misspelt word, marked where the line is shown
    part: int | None = None  # in a letter document, the part (0-based) it is in


def check_template(
    source: str,
    findings: FindingSet,
    samples: Sequence[Supporter] = SAMPLE_SUPPORTERS,
    constituencies: Sequence[tuple[MP, Constituency]] | None = None,
    page_counter: Callable[[Letter], int] | None = None,
    today: dt.date | None = None,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
    language: str = "en",
) -> list[Problem]:
    """Compile and render `source` for every sample supporter, at-risk choice and seat.

    `language`: the language of its words ("cy": Welsh, read and spelt the Welsh way, with
    `campaign_words` the campaign's Welsh word list); its letters get that language's furniture.

    Errors: syntax, unknown names, citations of unknown findings, a missing subject line, anything
    that stops a letter being written, a render over its time or size budget, and the truth
    checks of letters.wording (typed numbers, relative dates, garbled text, merge markers).
    Warnings: a letter over two pages (needs `page_counter`), a citation of an unknown finding in
    a part of the template the samples did not reach, spelling (British English plus
    `campaign_words`; skipped with `spelling=False`) and a paragraph stating a fact without a
    citation.
    """
    try:
        template = LetterTemplate.compile(source, language=language)
    except TemplateProblem as problem:
        return [Problem("error", problem.message, problem.line)]
    problems = _Problems()
    problems.extend(_static_problems(template.source, findings))
    problems.extend(_truth_problems(template.source, findings, campaign_words, spelling, language))
    seats = constituencies if constituencies is not None else _sample_seats()
    day = today or dt.date.today()
    longest: dict[str | None, tuple[int, Letter]] = {}
    deadline = time.monotonic() + CHECK_SECONDS
    for supporter in _variants(samples, findings):
        # Every seat with the supporter's own wordings, then the first seat with each wording
        # of every part in turn, so no wording reaches supporters unread.
        runs = [(mp, seat, None) for mp, seat in seats]
        if template.wordings > 1 and seats:
            runs += [(*seats[0], wording) for wording in range(template.wordings)]
        for mp, constituency, wording in runs:
            try:
                letter = _timed_compose(
                    supporter, mp, constituency, template, findings, day, wording
                )
            except budget.BudgetExceeded as problem:
                problems.add(Problem("error", problem.message, problem.line))
                return problems.ordered()  # every other sample would say the same, as slowly
            except TemplateProblem as problem:
                problems.add(Problem("error", problem.message, problem.line))
                continue
            if time.monotonic() > deadline:
                problems.add(Problem("error", _CHECK_TOO_SLOW))
                return problems.ordered()
            problems.extend(letter_problems(letter, supporter, template.source))
            size = _letter_size(letter)
            if size > longest.get(supporter.concern, (-1, letter))[0]:
                longest[supporter.concern] = (size, letter)
    if page_counter is not None:
        problems.extend(_page_problems(page_counter, (letter for _, letter in longest.values())))
    return problems.ordered()


def _timed_compose(supporter, mp, constituency, template, findings, day, wording) -> Letter:
    """Compose held to the slow limit: a version too slow for any sample cannot be published.
    A render that runs out of time is tried once more, so a moment of a busy machine (or the
    garbage collector) is not mistaken for a slow template."""
    for attempt in (1, 2):
        try:
            with budget.budget(SLOW_RENDER_SECONDS):
                return letter_for_mp(
                    supporter,
                    mp,
                    constituency,
                    template=template,
                    findings=findings,
                    today=day,
                    wording=wording,
                )
        except budget.TooSlow:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


# Text a supporter must never receive: the marks of template code, or a brace left behind when
# one of a pair was deleted ("{ supporter.reason }}"). A whole fragment is named when there is one.
_CODE_FRAGMENT = re.compile(
    r"\{+[%#]?[^{}\n]{0,60}?[%#]?\}+"  # a whole placeholder, damaged: "{ supporter.reason }}"
    r"|\{+[%#]?[^{}\n]{0,40}"  # an opening brace and what follows
    r"|[^{}\n]{0,40}\}+"  # what comes before a closing brace
)


def letter_problems(letter: Letter, supporter: Supporter, source: str = "") -> list[Problem]:
    """The final check on a composed letter, whatever wrote it: no template code reaches the
    supporter, and the supporter's own words, when they gave some, are in it. A problem points
    at the line of `source` (the template) where the damaged text is, when it can be found."""
    problems = []
    text = "\n".join([letter.subject, *_block_texts(letter)])
    own = supporter.reason or ""
    scanned = text.replace(own, " ") if own else text  # braces a supporter typed are theirs
    for found in _CODE_FRAGMENT.finditer(scanned):
        fragment = found.group().strip()
        if not fragment:
            continue
        problems.append(
            Problem(
                "error",
                f"Supporters' letters would contain “{fragment}” as it is typed here: a brace "
                "of a placeholder or choice has been deleted or added. Put the placeholder "
                "back whole, or remove it.",
                _line_with(source, fragment),
            )
        )
    if own.strip() and " ".join(own.split()) not in " ".join(text.split()):
        problems.append(
            Problem(
                "error",
                "The letter of a sample supporter who wrote their own words does not contain "
                "them: every letter must carry the supporter's own words when they give some.",
            )
        )
    return problems


def _line_with(source: str, fragment: str) -> int | None:
    for number, line in enumerate(source.split("\n"), start=1):
        if fragment in line:
            return number
    return None


def _block_texts(letter: Letter) -> Iterable[str]:
    for block in letter.blocks:
        for item in block.items:
            yield "".join(getattr(part, "text", "") for part in item)


_CHECK_TOO_SLOW = (
    f"Checking the sample letters took more than {CHECK_SECONDS:g} seconds: this version is too "
    "slow to make. Look for loops over long text."
)


class _Problems:
    """Problems without repeats; a static warning is dropped when rendering found an error there."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, int | None], Problem] = {}

    def add(self, problem: Problem) -> None:
        self.items.setdefault((problem.severity, problem.message, problem.line), problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def ordered(self) -> list[Problem]:
        error_lines = {p.line for p in self.items.values() if p.severity == "error"}
        kept = [
            p
            for p in self.items.values()
            if p.severity == "error" or p.line is None or p.line not in error_lines
        ]
        return sorted(kept, key=lambda p: (p.severity != "error", p.line or 0, p.message))


def _variants(samples: Sequence[Supporter], findings: FindingSet) -> Iterable[Supporter]:
    """Every sample with no concern, then each at-risk group in turn."""
    for supporter in samples:
        for concern in (None, *findings.group_ids):
            yield replace(supporter, concern=concern)


def _sample_seats() -> list[tuple[MP, Constituency]]:
    from letters.directory import default_directory  # loaded only when checks run

    directory = default_directory()
    return [(directory.mp_for(code), directory.constituency(code)) for code in SAMPLE_SEAT_CODES]


def _letter_size(letter: Letter) -> int:
    return sum(len(getattr(part, "text", "")) for b in letter.blocks for i in b.items for part in i)


def _page_problems(counter: Callable[[Letter], int], letters: Iterable[Letter]) -> list[Problem]:
    problems = []
    for letter in letters:
        try:
            pages = counter(letter)
        except LettersError as exc:
            problems.append(Problem("warning", f"Could not count the pages of a letter: {exc}"))
            continue
        if pages > MAX_PAGES:
            concern = letter.metadata.get("concern") or "no particular group"
            problems.append(
                Problem(
                    "warning",
                    f"A letter runs to {pages} pages (concern: {concern}); "
                    f"please keep letters to {MAX_PAGES} pages at most, one is best.",
                )
            )
    return problems


def _truth_problems(
    source: str,
    findings: FindingSet,
    campaign_words: Iterable[str],
    spelling: bool,
    language: str = "en",
) -> list[Problem]:
    """Typed numbers, relative dates, garbled text, markers, spelling, uncited claims."""
    tree = letter_environment().parse(source)
    issues = template_issues(
        tree, source, findings, campaign_words=campaign_words, spelling=spelling, language=language
    )
    return [Problem(issue.severity, issue.message, issue.line, issue.word) for issue in issues]


def _static_problems(source: str, findings: FindingSet) -> list[Problem]:
    """Unknown names anywhere in the template, and cite()/findings.<id> of unknown findings."""
    tree = letter_environment().parse(source)
    declared = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    declared |= {m.name for m in tree.find_all(nodes.Macro)}
    allowed = CONTEXT_NAMES | _JINJA_NAMES | declared
    problems = [
        Problem("error", unknown_name_message(n.name), n.lineno)
        for n in tree.find_all(nodes.Name)
        if n.ctx == "load" and n.name not in allowed
    ]
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "cite" and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and arg.value not in findings.findings:
                problems.append(_unknown_finding(arg.value, call.lineno))
    for attr in tree.find_all(nodes.Getattr):
        on_findings = isinstance(attr.node, nodes.Name) and attr.node.name == "findings"
        if on_findings and attr.attr not in findings.findings:
            problems.append(_unknown_finding(attr.attr, attr.lineno))
    return problems


def _unknown_finding(finding_id: object, line: int) -> Problem:
    return Problem("warning", f"No finding has the id {finding_id!r}.", line)
