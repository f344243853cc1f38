"""The campaign page's own text: its summary and what we ask MPs to do.

Staff edit these in a form, never as code. A version is stored as plain text that reads as it
looks on the page, so the version, history and diff pages show it without translation:

    The summary, one paragraph.

    - The first thing we ask the MP to do.
    - The second.

The summary is everything before the first line that starts with "- "; each such line is one
request. The truth rules of the letter apply: a number must be one of the findings' figures
(where its source is), and dates must be absolute.

The page in another language (its Welsh, kind "page.cy") is the same text with its own title
first, on a line of its own after "# " (the English title is the campaign's, set on its status
page):

    # Rhowch derfyn ar …

    The summary in Welsh.

    - A request in Welsh.

and is checked as Welsh (its numbers against the findings' figures, Welsh dates and spelling).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from letters.findings import AtRiskGroup, Finding, FindingSet
from letters.wording import Issue, figure_numbers, text_issues, untraced_numbers

__all__ = [
    "ASKS_MAX",
    "ASK_MAX_CHARS",
    "SUMMARY_MAX_CHARS",
    "TITLE_MAX_CHARS",
    "PageFacts",
    "PageText",
    "page_facts",
    "page_issues",
    "page_source",
    "parse_page",
]

SUMMARY_MAX_CHARS = 600  # about four lines on a phone: the page's first words
ASK_MAX_CHARS = 300
ASKS_MAX = 6
TITLE_MAX_CHARS = 200  # as a campaign's title (webapp.campaigns.service)
_ASK_MARK = "- "
_TITLE_MARK = "# "
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PageText:
    summary: str
    asks: tuple[str, ...]
    # The page's own title: "" for the English page (whose title is the campaign's).
    title: str = ""
    language: str = "en"  # the language it is written in ("cy": the page's Welsh)


def _one_line(text: str) -> str:
    """A box's text as one line: a browser's line breaks and runs of spaces become one space."""
    return _SPACES.sub(" ", text).strip()


def page_source(page: PageText) -> str:
    """The stored text of `page` (see the module's docstring); parse_page reads it back."""
    title = _one_line(page.title)
    lines = [_TITLE_MARK + title, ""] if title else []
    lines += [_one_line(page.summary), ""]
    lines.extend(_ASK_MARK + _one_line(ask) for ask in page.asks if _one_line(ask))
    return "\n".join(lines) + "\n"


def parse_page(text: str, language: str = "en") -> PageText:
    """Read a stored page written in `language`. Never fails: any text is some summary and some
    requests (and a title, when its first line starts with "# ")."""
    summary: list[str] = []
    asks: list[str] = []
    title = ""
    lines = text.replace("\r\n", "\n").split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith(_TITLE_MARK):
        title = _one_line(lines[first].removeprefix(_TITLE_MARK))
        lines = lines[first + 1 :]
    for line in lines:
        if line.startswith(_ASK_MARK):
            asks.append(line.removeprefix(_ASK_MARK).strip())
        elif asks and line.strip():  # a line after a request continues it
            asks[-1] = f"{asks[-1]} {line.strip()}"
        elif not asks:
            summary.append(line)
    asks_given = tuple(a for a in asks if a)
    return PageText(_one_line(" ".join(summary)), asks_given, title, language)


def page_issues(
    page: PageText,
    findings: FindingSet,
    *,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
) -> list[tuple[str, Issue]]:
    """Every problem with `page`, each with the place it is in: "title", "summary" or "ask <n>"
    (1-based), read in the page's language (`campaign_words`: that language's word list).

    Errors: an empty summary, no request, text over its limit, a number that is not one of the
    findings' figures, relative dates, repeated words, merge markers; and a page in another
    language without its title. Warnings: spelling.
    """
    found: list[tuple[str, Issue]] = []
    language = page.language
    if language != "en" and not page.title:
        message = "Write the campaign's title in this language: it is the page's heading."
        found.append(("title", Issue("error", message, None)))
    elif len(page.title) > TITLE_MAX_CHARS:
        found.append(("title", _too_long(len(page.title), TITLE_MAX_CHARS)))
    if not page.summary:
        message = "Write a summary: it is the page's first words."
        found.append(("summary", Issue("error", message, None)))
    elif len(page.summary) > SUMMARY_MAX_CHARS:
        found.append(("summary", _too_long(len(page.summary), SUMMARY_MAX_CHARS)))
    if not page.asks:
        found.append(("ask 1", Issue("error", "Write at least one thing we ask MPs to do.", None)))
    if len(page.asks) > ASKS_MAX:
        message = f"Ask for at most {ASKS_MAX} things: a short list is read to the end."
        found.append((f"ask {ASKS_MAX + 1}", Issue("error", message, None)))
    figures = figure_numbers(findings)
    places = [("summary", page.summary), *((f"ask {n}", a) for n, a in enumerate(page.asks, 1))]
    if page.title:
        places.insert(0, ("title", page.title))
    for place, text in places:
        if place.startswith("ask ") and len(text) > ASK_MAX_CHARS:
            found.append((place, _too_long(len(text), ASK_MAX_CHARS)))
        for number in untraced_numbers(text, figures, language):
            message = (
                f"The number {number} is not one of the findings' figures. A number on this "
                "page must come from a finding, where its source is: give the finding that "
                "figure, or write the number as it stands in the finding."
            )
            found.append((place, Issue("error", message, None)))
        issues = text_issues(
            text, 1, campaign_words=campaign_words, spelling=spelling, language=language
        )
        found.extend((place, issue) for issue in issues)
    return found


def _too_long(length: int, limit: int) -> Issue:
    return Issue("error", f"This is {length:,} characters; the limit is {limit:,}.", None)


# The findings the campaign page tells, in order: the UK's part first, then why Iraq is
# dangerous. Staff may rename or drop findings; any that are missing are simply left out.
WHAT_HAPPENED = ("uk_returns_baghdad", "uk_defies_un_guidelines")
WHY_DANGEROUS = ("civilian_deaths_april_2010", "groups_targeted", "armed_groups_most_killings")


@dataclass(frozen=True, slots=True)
class PageFacts:
    """The facts the campaign page shows, each a Finding with its own date and sources."""

    what_happened: tuple[Finding, ...]
    why_dangerous: tuple[Finding, ...]
    groups: tuple[AtRiskGroup, ...]


def page_facts(findings: FindingSet) -> PageFacts:
    """The findings the campaign page shows; the first ones in the file when none is named."""
    what = _pick(findings, WHAT_HAPPENED) or tuple(findings.findings.values())[:2]
    return PageFacts(
        what_happened=what, why_dangerous=_pick(findings, WHY_DANGEROUS), groups=findings.groups
    )


def _pick(findings: FindingSet, ids: tuple[str, ...]) -> tuple[Finding, ...]:
    return tuple(findings.findings[i] for i in ids if i in findings.findings)
