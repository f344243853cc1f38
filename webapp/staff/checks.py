"""Checks run on every save, and again before publishing: the same sandbox as supporters' letters.

A template is compiled and rendered against the sample supporters for several real constituencies
(letters.templating.check_template, with the PDF page counter); a findings file is parsed and every
published template is checked against it. Results are cached by text, since versions never change.
"""

from __future__ import annotations

import functools

from letters import spelling
from letters.campaign import Campaign
from letters.errors import FindingsFileError, LettersError
from letters.findings import parse_findings
from letters.render.pdf import count_pages
from letters.spelling import parse_word_list
from letters.templating import Problem, check_template
from letters.wording import findings_issues
from webapp.staff import versions
from webapp.staff.models import ContentVersion, StaffUser

ERROR = "error"
WARNING = "warning"
SPELLING_STARTING = (
    "The spelling check is still starting: reload this page in a few seconds to see its results."
)


def check_content(campaign: Campaign, kind: str, body: str) -> list[Problem]:
    """Problems with `body` as a new version of `kind`, checked against what is published now.

    The spelling dictionary takes a second or more to load, so no request waits for it: until it
    is loaded (in the background) the spelling check is left out and a warning says so.
    """
    body = versions.normalise_body(body)
    if kind == versions.WORDS:
        return _check_words(body)
    words = versions.published_body(campaign, versions.WORDS)
    spell = spelling.ready()
    if not spell:
        spelling.warm_up()
    name = versions.template_name(kind)
    if name is None:
        templates = tuple(
            (n, versions.published_body(campaign, versions.template_kind(n)))
            for n in sorted(campaign.templates)
        )
        problems = list(_check_findings(campaign.slug, body, templates, words, spell))
    else:
        findings = versions.published_body(campaign, versions.FINDINGS)
        problems = list(_check_template(campaign.slug, name, body, findings, words, spell))
    return problems if spell else [*problems, Problem(WARNING, SPELLING_STARTING, None)]


def errors_in(problems: list[Problem]) -> list[Problem]:
    """Only the problems that stop a version being published."""
    return [p for p in problems if p.severity == ERROR]


def publish_checked(campaign: Campaign, version: ContentVersion, *, by: StaffUser) -> list[Problem]:
    """Publish `version` unless it has errors; returns the errors that refused it (else [])."""
    problems = errors_in(check_content(campaign, version.kind, version.body))
    if not problems:
        versions.publish(campaign.slug, version.kind, version.number, by=by)
    return problems


def _check_words(body: str) -> list[Problem]:
    """The word list: one word a line (a line with a space is probably two words run together)."""
    return [
        Problem(ERROR, "Put one word on each line (this line has a space in it).", number)
        for number, line in enumerate(body.split("\n"), start=1)
        if " " in line.split("#", 1)[0].strip()
    ]


@functools.lru_cache(maxsize=64)
def _check_template(
    slug: str, name: str, body: str, findings_text: str, words_text: str, spell: bool
) -> tuple[Problem, ...]:
    try:
        findings = parse_findings(findings_text, source_name=f"{slug}/findings.toml")
    except FindingsFileError as exc:
        return (Problem(ERROR, f"The published findings cannot be read: {exc}", None),)
    words = parse_word_list(words_text)
    problems = check_template(
        body, findings, page_counter=count_pages, campaign_words=words, spelling=spell
    )
    return tuple(_sorted(problems))


@functools.lru_cache(maxsize=32)
def _check_findings(
    slug: str, body: str, templates: tuple[tuple[str, str], ...], words_text: str, spell: bool
) -> tuple[Problem, ...]:
    try:
        findings = parse_findings(body, source_name="findings.toml")
    except FindingsFileError as exc:
        return (Problem(ERROR, _findings_message(exc), exc.line),)
    except LettersError as exc:
        return (Problem(ERROR, str(exc), None),)
    words = parse_word_list(words_text)
    problems: list[Problem] = [
        Problem(issue.severity, issue.message, issue.line)
        for issue in findings_issues(body, findings, campaign_words=words, spelling=spell)
    ]
    for name, source in templates:
        checked = check_template(
            source, findings, page_counter=count_pages, campaign_words=words, spelling=spell
        )
        for problem in checked:
            # The line belongs to the template, not to this file, so it goes into the message.
            where = f"letter template “{name}”" + (f", line {problem.line}" if problem.line else "")
            problems.append(Problem(problem.severity, f"In the {where}: {problem.message}", None))
    return tuple(_sorted(problems))


def _findings_message(exc: FindingsFileError) -> str:
    """The error without its "file, line N:" prefix, since the page shows the line itself."""
    text = str(exc)
    prefix = exc.source if exc.line is None else f"{exc.source}, line {exc.line}"
    return text.removeprefix(prefix).lstrip(":, ") or text


def _sorted(problems) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.line or 0))
