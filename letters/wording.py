"""Checks that protect the truth of what a letter says, beyond "does the template work".

Run on a letter template's wording (its own text and quoted phrasings, not its {{ }} code) and on
the findings' statements, before anything is published:

- a number in the wording that is not one of the findings' figures (errors): figures are typed
  into findings.toml once, with their source, and the wording takes them from there;
- a number in a finding's statement that is not one of that finding's own figures (errors), and
  a figure the statement does not give (warnings), so the two cannot drift apart;
- relative dates ("last month", "recently", a month without a year): a letter is read long after
  the source was written, so every date must be absolute (errors);
- repeated or garbled text, as the source's own corruption ("rights's rightss rights's"), doubled
  words and leftover merge markers (errors);
- spelling against British English and the campaign's word list (warnings);
- a paragraph that makes a factual claim without citing a finding (warnings).

A Welsh wording (language="cy") and a finding's Welsh statement are held to the same rules, read
the Welsh way (letters.welsh): Welsh months and relative dates, numbers written in Welsh words,
and spelling against the Welsh dictionary and the campaign's Welsh word list.

Each problem carries its line and a message written for campaign staff.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from jinja2 import nodes

from letters import welsh
from letters.findings import Finding, FindingSet
from letters.spelling import misspelt

__all__ = [
    "Issue",
    "figure_numbers",
    "findings_issues",
    "template_issues",
    "text_issues",
    "untraced_numbers",
    "welsh_findings_issues",
    "wording_lines",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTH = "|".join(MONTHS)
_YEAR = r"(?:19|20)\d\d"

# "last month", "this year", "next week", "recently", "yesterday", "two weeks ago" …
_RELATIVE = re.compile(
    r"\b(?:(?:last|this|next|past|coming|previous)\s+(?:week|month|year|spring|summer|autumn|"
    r"winter|weekend|night|decade|century|(?:" + _MONTH + r"))(?:['’]s)?|recently|yesterday|"
    r"tomorrow|nowadays|these days|a (?:few|couple of) (?:days|weeks|months|years) ago|"
    r"(?:\w+) (?:days|weeks|months|years) ago|earlier this \w+|later this \w+|so far this \w+)\b",
    re.IGNORECASE,
)
# A month is absolute when a year follows it, perhaps after a range ("January to March 2009").
_MONTH_WITH_YEAR = re.compile(
    r"\b(?:" + _MONTH + r")\b(?:\s*(?:to|and|or|until|–|-)\s*(?:\d{1,2}\s+)?(?:" + _MONTH
    + r"))*,?\s+" + _YEAR + r"\b"
)  # fmt: skip
_A_MONTH = re.compile(r"\b(?:" + _MONTH + r")\b")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:%|st|nd|rd|th)?(?![\w])")
_DATE_NUMBER = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + _MONTH + r")\b|\b(?:" + _MONTH + r")\s+\d{1,2}\b"
)
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s")
# In a finding's statement: a day with its month, perhaps as a range ("28 November",
# "3–5 March", "the 3rd of March", "March 3"), and a range of years written short ("2009-10").
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:–|-|to|and)\s*\d{1,2}(?:st|nd|rd|th)?)*"
_STATEMENT_DATE = re.compile(
    r"\b" + _DAYS + r"\s+(?:of\s+)?(?:" + _MONTH + r")\b|\b(?:" + _MONTH + r")\s+" + _DAYS
    + r"\b|\b" + _YEAR + r"[–/-]\d\d\b"
)  # fmt: skip
_UNITS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Statements write small counts in words ("eight Christians"), as letters do; "twenty-five" is
# one number, not twenty and five.
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:[-\s](" + "|".join(_UNITS[:9]) + r"))?|("
    + "|".join(_UNITS) + r"))\b",
    re.IGNORECASE,
)  # fmt: skip
# "no one" and "one another" are not a count of one.
_NOT_A_COUNT = re.compile(r"\bno\s+$|^\s+another\b", re.IGNORECASE)
_MERGE_MARKER = re.compile(r"^(?:<{7}|={7}|>{7})(?:\s|$)", re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE_TWICE = re.compile(r"[^\W\d_]['’]s['’]s\b")
# Real English sometimes doubles a word ("had had", "that that"); these are allowed.
_FINE_TWICE = frozenset({"had", "that", "is", "do", "bye", "very", "so"})
# Words that make a paragraph a claim of fact (with a figure or a finding, always one).
_CLAIM_WORDS = re.compile(
    r"\b(?:killed|murdered|died|deaths?|tortured|shot|wounded|attacks?|threatened|targeted|"
    r"abducted|found that|reported|according to|estimated?|per cent|percent|thousands|"
    r"hundreds|millions?|dozens)\b",
    re.IGNORECASE,
)

Severity = Literal["error", "warning"]


def _english_number_words(text: str) -> Iterator[tuple[int, str, int]]:
    """(where, as written, value) for each count written in English words in `text`."""
    for match in _NUMBER_WORD.finditer(text):
        tens, unit, small = (word and word.lower() for word in match.groups())
        before, after = text[: match.start()], text[match.end() :]
        if tens and not unit and after.startswith("-"):
            continue  # "twenty-first" is an ordinal
        if small == "one" and (_NOT_A_COUNT.search(before) or _NOT_A_COUNT.search(after)):
            continue
        if small:
            value = _UNITS.index(small) + 1
        else:
            value = 20 + 10 * _TENS.index(tens) + (_UNITS.index(unit) + 1 if unit else 0)
        yield match.start(), match.group(), value


def _english_not_a_month(match: re.Match[str], text: str) -> bool:
    """ "May I ask …" is not the month."""
    return match.group() == "May" and not re.search(
        r"\b(?:in|of|since|from|by)\s+$", text[: match.start()]
    )


@dataclass(frozen=True, slots=True)
class _Rules:
    """How the checks read one language."""

    relative: re.Pattern[str]
    month_with_year: re.Pattern[str]
    a_month: re.Pattern[str]
    not_a_month: Callable[[re.Match[str], str], bool]
    date_number: re.Pattern[str]
    statement_date: re.Pattern[str]
    claim_words: re.Pattern[str]
    number_words: Callable[[str], Iterator[tuple[int, str, int]]]
    dictionary: str  # for the spelling message
    example: str  # an absolute date, as the messages give it


_RULES = {
    "en": _Rules(
        _RELATIVE, _MONTH_WITH_YEAR, _A_MONTH, _english_not_a_month, _DATE_NUMBER,
        _STATEMENT_DATE, _CLAIM_WORDS, _english_number_words, "British English", "in March 2010",
    ),
    "cy": _Rules(
        welsh.RELATIVE, welsh.MONTH_WITH_YEAR, welsh.A_MONTH, welsh.is_not_a_month,
        welsh.DATE_NUMBER, welsh.STATEMENT_DATE, welsh.CLAIM_WORDS, welsh.number_words, "Welsh",
        "ym mis Mawrth 2010",
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    message: str
    line: int | None
    word: str | None = None  # a spelling warning's word, so editors can show it in the text


def text_issues(
    text: str,
    line: int,
    *,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
    language: str = "en",
) -> list[Issue]:
    """Relative dates, repeats, merge markers and spelling in one piece of prose at `line`,
    written in `language` ("en", or "cy" with the campaign's Welsh words)."""
    rules = _RULES[language]
    issues: list[Issue] = []
    for offset, row in enumerate(text.split("\n")):
        at = line + offset
        issues.extend(Issue("error", message, at) for message in _relative_dates(row, rules))
        issues.extend(Issue("error", message, at) for message in _repeats(row))
        if _MERGE_MARKER.match(row):
            issues.append(Issue("error", _MARKER_MESSAGE, at))
        if spelling:
            for word in misspelt(row, campaign_words, language):
                issues.append(Issue("warning", _spelling_message(word, rules), at, word))
    return issues


_MARKER_MESSAGE = (
    "A merge conflict marker (<<<<<<<, ======= or >>>>>>>) is still here: choose the wording "
    "you want and delete the marker lines."
)


def _spelling_message(word: str, rules: _Rules = _RULES["en"]) -> str:
    words = "campaign word list" if rules is _RULES["en"] else "campaign's Welsh word list"
    return (
        f"“{word}” is not in the {rules.dictionary} dictionary. If it is spelt right (a name or "
        f"a place), add it to the {words}."
    )


def _relative_dates(text: str, rules: _Rules = _RULES["en"]) -> Iterator[str]:
    for match in rules.relative.finditer(text):
        yield (
            f"“{match.group()}” is a relative date: letters are read long after they are "
            f"written. Write the date itself, e.g. “{rules.example}”."
        )
    absolute = [m.span() for m in rules.month_with_year.finditer(text)]
    for match in rules.a_month.finditer(text):
        if rules.not_a_month(match, text):
            continue
        if not any(start <= match.start() < end for start, end in absolute):
            yield (
                f"“{match.group()}” has no year: write “{match.group()} 2010” (or whichever "
                "year it was), since letters are read long after they are written."
            )


def _normal(word: str) -> str:
    """A word without case, possessive or trailing s, so "rights's" and "rightss" match."""
    word = re.sub(r"(?:['’]s)+$", "", word.lower())
    return word.rstrip("s") or word


def _repeats(text: str) -> Iterator[str]:
    for match in _POSSESSIVE_TWICE.finditer(text):
        yield f"“{match.group()}” has 's twice: this looks like garbled text."
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        run = 1
        while index + run < len(words) and _normal(words[index + run].group()) == _normal(
            words[index].group()
        ):
            run += 1
        first = words[index].group()
        if run >= 3:
            yield f"“{first}” is repeated {run} times in a row: this looks like garbled text."
        elif run == 2 and first.lower() == words[index + 1].group().lower() not in _FINE_TWICE:
            yield f"“{first} {first}”: the word is doubled."
        index += run


# --- letter templates ---------------------------------------------------------------------------


# The letter format's own keyword (letters.bodyformat), not a word of the letter: a Welsh subject
# line starts with it too.
_SUBJECT_KEYWORD = re.compile(r"^Subject:", re.MULTILINE)


def wording_lines(tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """(line, text) for the template's own words: its text and the phrasings in quotes."""
    for node in tree.find_all(nodes.TemplateData):
        yield node.lineno, _SUBJECT_KEYWORD.sub("", node.data)
    for const in tree.find_all(nodes.Const):
        if isinstance(const.value, str) and " " in const.value:  # a phrasing, not an id
            yield const.lineno, const.value


def template_issues(
    tree: nodes.Template,
    source: str,
    findings: FindingSet,
    *,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
    language: str = "en",
) -> list[Issue]:
    """Every truth check on a parsed letter template (`source` is its text, for paragraphs),
    whose words are in `language` ("cy": `campaign_words` is the Welsh word list)."""
    rules = _RULES[language]
    figures = figure_numbers(findings)
    issues: list[Issue] = []
    for line, text in wording_lines(tree):
        issues.extend(
            text_issues(
                text, line, campaign_words=campaign_words, spelling=spelling, language=language
            )
        )
        issues.extend(_number_issues(text, line, figures, rules))
    issues.extend(_uncited_paragraphs(source, rules))
    issues.extend(
        Issue("error", _MARKER_MESSAGE, number)
        for number, row in enumerate(source.split("\n"), start=1)
        if _MERGE_MARKER.match(row)
    )
    return _unique(issues)


def figure_numbers(findings: FindingSet) -> set[str]:
    """Every figure's value as it is written in a text ("44"), the numbers a text may give."""
    return {
        str(value) for finding in findings.findings.values() for value in finding.figures.values()
    }


def untraced_numbers(text: str, figures: set[str], language: str = "en") -> list[str]:
    """The numbers in `text` that are not among `figures`, as typed. Years, the numbers of
    absolute dates and a list's own numbering are not figures."""
    return [number for _, number in _untraced(text, figures, _RULES[language])]


def _untraced(text: str, figures: set[str], rules: _Rules) -> Iterator[tuple[int, str]]:
    for offset, row in enumerate(text.split("\n")):
        dates = [m.span() for m in rules.date_number.finditer(row)]
        for match in _NUMBER.finditer(row):
            number = match.group()
            plain = number.replace(",", "")
            if re.fullmatch(_YEAR, plain) or plain in figures:
                continue
            if any(start <= match.start() < end for start, end in dates):
                continue
            if match.start() == 0 and _LIST_NUMBER.match(row):
                continue
            yield offset, number


def _number_issues(text: str, line: int, figures: set[str], rules: _Rules) -> Iterator[Issue]:
    for offset, number in _untraced(text, figures, rules):
        yield Issue(
            "error",
            f"The number {number} is typed into the wording. Numbers must come from the "
            "findings, where each has its source: add it to a finding's `figures` in the "
            "findings file, then write {{ findings.<id>.figures.<name> }} here.",
            line + offset,
        )


def _uncited_paragraphs(source: str, rules: _Rules) -> Iterator[Issue]:
    """A paragraph with a number, a finding or a claim word, and no cite(), is a warning."""
    for first_line, paragraph in _paragraphs(source):
        if "cite(" in paragraph or paragraph.lstrip().startswith("Subject:"):
            continue
        words = _CODE.sub(" ", paragraph)  # numbers in {{ }} code are code, not claims
        if "findings." in paragraph or _NUMBER.search(words) or rules.claim_words.search(words):
            yield Issue(
                "warning",
                "This paragraph states a fact but cites no finding. Add "
                '{{ cite("<finding id>") }} after the sentence, so the MP can see the source.',
                first_line,
            )


_CODE_LINE = re.compile(r"^\s*(?:\{%.*%\}|\{#.*#\})\s*$")
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _paragraphs(source: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each run of wording lines; blank and {% %}-only lines split them."""
    lines = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source).split("\n")
    start, current = 0, []
    for number, row in enumerate([*lines, ""], start=1):
        if not row.strip() or _CODE_LINE.match(row) or row.lstrip().startswith("- "):
            if current:
                yield start, "\n".join(current)
            start, current = 0, []
            continue
        if not current:
            start = number
        current.append(row)


# --- findings ---------------------------------------------------------------------------------


def findings_issues(
    text: str,
    findings: FindingSet,
    *,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
) -> list[Issue]:
    """Truth checks on the findings file: statements, their figures, quotations and dates."""
    issues = [
        Issue("error", _MARKER_MESSAGE, number)
        for number, row in enumerate(text.split("\n"), start=1)
        if _MERGE_MARKER.match(row)
    ]
    for finding in findings.findings.values():
        line = _line_of(text, finding.id, "statement")
        issues.extend(
            text_issues(
                finding.statement, line or 0, campaign_words=campaign_words, spelling=spelling
            )
        )
        issues.extend(_figure_issues(finding, line))
        if finding.quote is not None:
            quote_line = _line_of(text, finding.id, "quote")
            # A quotation keeps its words, relative dates included; only repeats are refused.
            issues.extend(Issue("error", m, quote_line) for m in _repeats(finding.quote))
            if not re.search(_YEAR, finding.date_text) or _RELATIVE.search(finding.date_text):
                issues.append(
                    Issue(
                        "error",
                        f"The quotation in “{finding.id}” needs an absolute date_text, such as "
                        "“April 2010”, so readers know when it was said.",
                        _line_of(text, finding.id, "date_text"),
                    )
                )
    return _unique([i if i.line else Issue(i.severity, i.message, None) for i in issues])


def welsh_findings_issues(
    text: str,
    findings: FindingSet,
    *,
    campaign_words: Iterable[str] = (),
    spelling: bool = True,
) -> list[Issue]:
    """Truth checks on the findings' Welsh file (`text`, findings.cy.toml; `findings` with its
    Welsh read in, letters.findings.with_welsh), each on its line there: every Welsh statement
    is held to the English rules read the Welsh way (figures, absolute dates, repeats, and
    spelling against cy_GB and the campaign's Welsh word list), and each Welsh date must give
    the year(s) of the English one."""
    issues = [
        Issue("error", _MARKER_MESSAGE, number)
        for number, row in enumerate(text.split("\n"), start=1)
        if _MERGE_MARKER.match(row)
    ]
    for finding in findings.findings.values():
        if finding.statement_cy is not None:
            line = _line_of(text, finding.id, "statement")
            issues.extend(
                text_issues(
                    finding.statement_cy,
                    line or 0,
                    campaign_words=campaign_words,
                    spelling=spelling,
                    language="cy",
                )
            )
            issues.extend(_figure_issues(finding, line, "cy"))
        if finding.date_text_cy is not None:
            years = re.findall(_YEAR, finding.date_text)
            if sorted(re.findall(_YEAR, finding.date_text_cy)) != sorted(years):
                issues.append(
                    Issue(
                        "error",
                        f"Finding “{finding.id}”: its Welsh date “{finding.date_text_cy}” does not "
                        f"give the year{'s' if len(years) > 1 else ''} of “{finding.date_text}”.",
                        _line_of(text, finding.id, "date_text"),
                    )
                )
    return _unique([i if i.line else Issue(i.severity, i.message, None) for i in issues])


def _figure_issues(finding: Finding, line: int | None, language: str = "en") -> Iterator[Issue]:
    """A statement's numbers must be its finding's figures, and its figures in the statement."""
    statement, date_text, which = (
        (finding.statement, finding.date_text, "statement")
        if language == "en"
        else (finding.statement_cy or "", finding.date_text_cy or "", "Welsh statement")
    )
    written = list(_statement_numbers(statement, date_text, _RULES[language]))
    figures = finding.figures
    wrong = [(typed, value) for typed, value in written if value not in figures.values()]
    for typed, value in wrong:
        said = typed if typed[0].isdigit() else f"{typed} ({value})"
        if figures:
            have = ", ".join(f"{name} is {figure}" for name, figure in figures.items())
            problem = f"none of its figures is {value} ({have})"
        else:
            problem = "it has no figures"
        yield Issue(
            "error",
            f"Finding “{finding.id}”: its {which} says {said}, but {problem}. Change the "
            f"{which} or the figure so they agree.",
            line,
        )
    # A statement with no numbers leaves its figures to the letters; one with a wrong number
    # already has an error that names every figure. A Welsh statement gives every figure the
    # English one does.
    if language != "en":
        english = {
            v for _, v in _statement_numbers(finding.statement, finding.date_text, _RULES["en"])
        }
        figures = {name: figure for name, figure in figures.items() if figure in english}
    elif not written:
        return
    if wrong:
        return
    for name, figure in figures.items():
        if figure not in {value for _, value in written}:
            yield Issue(
                "warning" if language == "en" else "error",
                f"Finding “{finding.id}”: its figure {name} ({figure}) is not in its {which}. "
                f"Write it in the {which}, so the figure letters print can be checked against "
                "what the source says.",
                line,
            )


def _statement_numbers(
    statement: str, date_text: str, rules: _Rules
) -> Iterator[tuple[str, int | float]]:
    """(as written, value) for each number in the statement that is not part of a date."""
    dates = [m.span() for m in rules.statement_date.finditer(statement)]
    if date_text:
        dates += [m.span() for m in re.finditer(re.escape(date_text), statement)]

    def in_a_date(start: int) -> bool:
        return any(begin <= start < end for begin, end in dates)

    found: list[tuple[int, str, int | float]] = []
    for match in _NUMBER.finditer(statement):
        typed = match.group().rstrip(",")
        if re.fullmatch(_YEAR, typed) or in_a_date(match.start()):
            continue
        plain = re.sub(r"(?:%|st|nd|rd|th)$", "", typed).replace(",", "")
        found.append((match.start(), typed, float(plain) if "." in plain else int(plain)))
    for start, typed, value in rules.number_words(statement):
        if not in_a_date(start):
            found.append((start, typed, value))
    for _, typed, value in sorted(found):
        yield typed, value


def _line_of(text: str, finding_id: str, field: str) -> int | None:
    """The line of `field` in the [[findings]] table whose id is `finding_id`."""
    lines = text.split("\n")
    id_line = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(finding_id) + r"[\"']")
    field_line = re.compile(r"^\s*" + re.escape(field) + r"\s*=")
    for number, row in enumerate(lines, start=1):
        if not id_line.match(row):
            continue
        top = number  # the table runs from its [[findings]] header to the next header
        while top > 1 and not lines[top - 1].strip().startswith("["):
            top -= 1
        for at in range(top, len(lines) + 1):
            if at > top and lines[at - 1].strip().startswith("["):
                break
            if field_line.match(lines[at - 1]):
                return at
    return None


def _unique(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))
