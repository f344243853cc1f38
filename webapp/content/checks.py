"""Checks run on every save, and again before publishing: the same sandbox as supporters' letters.

A template is compiled and rendered against the sample supporters for several real constituencies
(letters.templating.check_template, with the PDF page counter); a findings file is parsed and every
published template is checked against it; the campaign page's words (letters.page_text) are
checked against the published findings. A letter's Welsh wording ("template:default.cy") is
checked as Welsh: Welsh spelling with the Welsh word list (words.cy.txt) and the findings with
their Welsh words (findings.cy.toml); a findings file is checked against the Welsh wordings too.

Checking can take seconds (the spelling dictionary, a slow template held to its budget), so no
web request does it: each check is a background job (webapp.jobs) whose result is stored in a
`content_check` row, keyed by a hash of everything the result depends on. A page waits for the
result for at most CHECK_WAIT_MS (under a second) and otherwise says the text is still being
checked; until the result is in, the version cannot be published or approved. A stored result is
read by every app server and survives restarts, so opening a page never re-runs a check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from letters import spelling
from letters.campaign import Campaign, findings_file
from letters.errors import FindingsFileError, LettersError
from letters.findings import parse_findings, with_welsh
from letters.letter_check import check_letter
from letters.page_text import page_issues, parse_page
from letters.render.pdf import count_pages
from letters.spelling import parse_word_list
from letters.templating import Problem
from letters.wording import findings_issues, welsh_findings_issues
from webapp import jobs
from webapp.clock import utcnow
from webapp.content import versions
from webapp.content.models import ContentCheck
from webapp.extensions import db
from webapp.jobs.models import JobStatus

ERROR = "error"
CHECKING = (
    "The checks are still running on this text: it takes a while to check. Reload this page in "
    "a few seconds to see what they found. It cannot be published until they finish."
)
CHECK_FAILED = (
    "The checks could not finish on this text. Reload this page to run them again; if this "
    "happens again, tell the team."
)
# A stored result is kept this long after it was made (it holds no personal data; an old one is
# simply made again when a page needs it).
KEEP_RESULTS = dt.timedelta(days=30)
_POLL_SECONDS = 0.05
_LANGUAGE_NAMES = {"cy": "Welsh (Cymraeg)"}  # the languages letters are written in besides English


def _code_fingerprint() -> str:
    """A hash of the code of the checks, so a release with different checks re-checks texts."""
    import letters

    digest = hashlib.sha256()
    for path in sorted(Path(letters.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


_CODE = _code_fingerprint()
_results: OrderedDict[str, tuple[Problem, ...]] = OrderedDict()  # this process's recent results
_results_lock = threading.Lock()  # a gthread worker may run several requests at once
_RESULTS_KEPT = 128


def check_content(campaign: Campaign, kind: str, body: str) -> list[Problem]:
    """Problems with `body` as a new version of `kind`, checked against what is published now.

    While the background check is still running this is one error, CHECKING (so nothing is
    published unchecked); if it failed, one error, CHECK_FAILED.
    """
    body = versions.normalise_body(body)
    if versions.english_kind(kind) == versions.WORDS:
        return _check_words(body)
    inputs = _inputs(campaign, kind, body)
    key = hashlib.sha256(
        json.dumps([_CODE, inputs], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    with _results_lock:
        if key in _results:
            _results.move_to_end(key)
            return list(_results[key])
    problems = _stored_or_started(campaign.slug, kind, key, inputs)
    if problems is not None:
        with _results_lock:
            _results[key] = problems
            while len(_results) > _RESULTS_KEPT:
                _results.popitem(last=False)
        return list(problems)
    return [Problem(ERROR, CHECK_FAILED if _failed(key) else CHECKING, None)]


def unfinished(problems: list[Problem]) -> bool:
    """Whether these are not yet the checks' answer (still running, or the check failed)."""
    return any(problem.message in (CHECKING, CHECK_FAILED) for problem in problems)


def check_now(campaign: Campaign, kind: str, body: str) -> list[Problem]:
    """The same checks, run here and now rather than as a job (the command line waits anyway)."""
    body = versions.normalise_body(body)
    if versions.english_kind(kind) == versions.WORDS:
        return _check_words(body)
    return _sorted(check_inputs(_inputs(campaign, kind, body)))


def is_pending(problems: list[Problem]) -> bool:
    """Whether `problems` only says the checks have not finished (or could not)."""
    return any(p.message in (CHECKING, CHECK_FAILED) for p in problems)


def errors_in(problems: list[Problem]) -> list[Problem]:
    """Only the problems that stop a version being published."""
    return [p for p in problems if p.severity == ERROR]


def run_check(key: str) -> None:
    """The background job: check the stored inputs of `key` and store the result."""
    row = db.session.get(ContentCheck, key)
    if row is None or row.problems is not None or row.inputs is None:
        return  # purged, or another job got there first
    inputs = json.loads(row.inputs)
    spelling.load()  # about a second, once per process; a worker loads it before forking
    # CONTENT_CHECKER: tests hand in a checker that holds the job until they let it finish.
    checker = current_app.config.get("CONTENT_CHECKER") or check_inputs
    problems = checker(inputs)
    row.problems = json.dumps([[p.severity, p.message, p.line, p.word, p.part] for p in problems])
    row.inputs, row.checked_at = None, utcnow()
    db.session.commit()


def purge_results(now: dt.datetime) -> int:
    """Delete stored results older than KEEP_RESULTS (flask purge); returns how many."""
    gone = db.session.execute(
        delete(ContentCheck).where(ContentCheck.created_at < now - KEEP_RESULTS)
    ).rowcount
    db.session.commit()
    return gone or 0


def forget_recent_results() -> None:
    """Clear this process's copy of recent results (as a restart would); the stored ones stay."""
    with _results_lock:
        _results.clear()


def _inputs(campaign: Campaign, kind: str, body: str) -> dict:
    """Everything the result of checking `body` depends on."""
    words = versions.published_body(campaign, versions.WORDS)
    day = dt.date.today().isoformat()  # the samples' letters are dated today
    findings = versions.published_body(campaign, versions.FINDINGS)
    if kind == versions.PAGE:
        return {"slug": campaign.slug, "page": body, "findings": findings, "words": words}
    if versions.english_kind(kind) == versions.FINDINGS and kind != versions.FINDINGS:
        language = versions.text_language(kind)  # the findings' words in Welsh
        return {
            "slug": campaign.slug,
            "findings_words": body,
            "findings": findings,
            "language": language,
            "words": versions.published_words(campaign, language),
        }
    if versions.english_kind(kind) == versions.PAGE:  # the page in Welsh: checked as Welsh
        language = versions.text_language(kind)
        return {
            "slug": campaign.slug,
            "page": body,
            "findings": findings,
            "language": language,
            "words": versions.published_words(campaign, language),
            "findings_language": versions.published_findings_words(campaign, language),
        }
    name = versions.template_name(kind)
    if name is None:
        templates = [
            [n, versions.published_body(campaign, versions.template_kind(n))]
            for n in sorted(campaign.templates)
        ]
        inputs = {
            "slug": campaign.slug,
            "body": body,
            "templates": templates,
            "page_text": versions.published_body(campaign, versions.PAGE),
            "words": words,
            "day": day,
        }
        # The letters' wordings in other languages must still stand on the new findings too,
        # each checked in its language (a campaign with none keeps the inputs it always had).
        others = [
            [n, language, versions.published_body(campaign, versions.letter_kind(n, language))]
            for n in sorted(campaign.templates)
            for language in campaign.languages(n)
            if language != "en"
        ]
        if others:
            languages = sorted({language for _n, language, _body in others})
            inputs["other_templates"] = others
            inputs["other_words"] = {
                lang: versions.published_words(campaign, lang) for lang in languages
            }
            inputs["other_findings"] = {
                lang: versions.published_findings_words(campaign, lang) for lang in languages
            }
        return inputs
    inputs = {
        "slug": campaign.slug,
        "name": name,
        "body": body,
        "findings": findings,
        "words": words,
        "day": day,
    }
    language = versions.letter_language(kind)
    if language != "en":
        # A wording in another language is checked as written in it: its own word list and the
        # findings' words in it (the English inputs stay as they were, and so do their keys).
        inputs.update(
            language=language,
            words=versions.published_words(campaign, language),
            findings_language=versions.published_findings_words(campaign, language),
        )
    return inputs


def _stored_or_started(slug: str, kind: str, key: str, inputs: dict) -> tuple[Problem, ...] | None:
    """The stored result for `key`, waiting up to CHECK_WAIT_MS for it (starting it if need be)."""
    row = db.session.get(ContentCheck, key)
    if row is None:
        row = ContentCheck(key=key, campaign=slug, kind=kind, inputs=json.dumps(inputs))
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:  # another request started the same check just now
            db.session.rollback()
            row = db.session.get(ContentCheck, key)
        else:
            _start_job(row)
    elif row.problems is None and _failed(key):
        row.inputs = json.dumps(inputs)  # the last try failed (or its worker died): try again
        _start_job(row)
    deadline = time.monotonic() + current_app.config["CHECK_WAIT_MS"] / 1000
    while True:
        problems = db.session.scalar(select(ContentCheck.problems).where(ContentCheck.key == key))
        # End the read, so the next look sees what the job has committed since (SQLite's WAL
        # keeps one snapshot for a whole transaction).
        db.session.commit()
        if problems is not None:
            return tuple(Problem(*fields) for fields in json.loads(problems))
        if time.monotonic() >= deadline or _failed(key):
            return None
        time.sleep(_POLL_SECONDS)


def _start_job(row: ContentCheck) -> None:
    row.job_id = jobs.enqueue(run_check, row.key, first=True)  # someone is waiting for it
    db.session.commit()


def _failed(key: str) -> bool:
    """Whether the job checking `key` has ended without storing a result."""
    row = db.session.get(ContentCheck, key)
    if row is None or row.problems is not None:
        return False
    if row.job_id is None:
        return True  # the request that was starting it died before it queued the job
    state = jobs.status(row.job_id)
    return state is None or state.status == JobStatus.FAILED


def check_inputs(inputs: dict) -> list[Problem]:
    """Run the checks on one text's stored inputs (a template, a findings file or the page)."""
    words = parse_word_list(inputs["words"])
    if "findings_words" in inputs:
        return _check_findings_words(inputs, words)
    if "page" in inputs:
        return _check_page(
            inputs["slug"],
            inputs["page"],
            inputs["findings"],
            words,
            language=inputs.get("language", "en"),
            findings_language=inputs.get("findings_language", ""),
        )
    if "templates" in inputs:
        problems = _check_findings(inputs["body"], inputs["templates"], words)
        if inputs.get("page_text") and not errors_in(problems):
            # New findings must still carry every number the campaign page gives.
            page = _check_page(inputs["slug"], inputs["page_text"], inputs["body"], words)
            problems += [
                Problem(p.severity, f"On the campaign page: {p.message}", None, p.word)
                for p in page
                if p.severity == ERROR
            ]
        if inputs.get("other_templates"):
            problems += _check_other_languages(inputs)
        return _sorted(problems)
    return _check_template(
        inputs["slug"],
        inputs["body"],
        inputs["findings"],
        words,
        language=inputs.get("language", "en"),
        findings_language=inputs.get("findings_language", ""),
    )


def _check_words(body: str) -> list[Problem]:
    """The word list: one word a line (a line with a space is probably two words run together)."""
    return [
        Problem(ERROR, "Put one word on each line (this line has a space in it).", number)
        for number, line in enumerate(body.split("\n"), start=1)
        if " " in line.split("#", 1)[0].strip()
    ]


def _check_template(
    slug: str,
    body: str,
    findings_text: str,
    words,
    *,
    language: str = "en",
    findings_language: str = "",
) -> list[Problem]:
    """A letter's wording in `language`, against the published findings (with their words in
    that language, `findings_language`: findings.cy.toml's text, for a Welsh wording)."""
    try:
        findings = parse_findings(findings_text, source_name=f"{slug}/findings.toml")
    except FindingsFileError as exc:
        return [Problem(ERROR, f"The published findings cannot be read: {exc}", None)]
    if language != "en" and findings_language:
        try:
            findings = with_welsh(
                findings_language, findings, source_name=f"{slug}/{findings_file(language)}"
            )
        except FindingsFileError as exc:
            message = (
                f"The findings' words in {_language_name(language)} do not match the "
                f"published findings: {exc}"
            )
            return [Problem(ERROR, message, None)]
    problems = check_letter(
        body, findings, language, page_counter=count_pages, campaign_words=words
    )
    return _sorted(problems)


def _check_findings(body: str, templates: list[list[str]], words) -> list[Problem]:
    try:
        findings = parse_findings(body, source_name="findings.toml")
    except FindingsFileError as exc:
        return [Problem(ERROR, _findings_message(exc), exc.line)]
    except LettersError as exc:
        return [Problem(ERROR, str(exc), None)]
    problems: list[Problem] = [
        Problem(issue.severity, issue.message, issue.line, issue.word)
        for issue in findings_issues(body, findings, campaign_words=words)
    ]
    for name, source in templates:
        checked = check_letter(source, findings, page_counter=count_pages, campaign_words=words)
        for problem in checked:
            # The line belongs to the template, not to this file, so it goes into the message.
            where = f"letter template “{name}”" + (f", line {problem.line}" if problem.line else "")
            problems.append(Problem(problem.severity, f"In the {where}: {problem.message}", None))
    return _sorted(problems)


def _check_other_languages(inputs: dict) -> list[Problem]:
    """A findings file's effect on the letters' wordings in other languages (their Welsh): the
    findings' words in each language must still match it, and each wording must still stand."""
    try:
        english = parse_findings(inputs["body"], source_name="findings.toml")
    except LettersError:
        return []  # the findings check has said why it cannot be read
    problems: list[Problem] = []
    for language in sorted(inputs["other_findings"]):
        findings = english
        text = inputs["other_findings"][language]
        words = parse_word_list(inputs["other_words"].get(language, ""))
        if text:
            source = f"{inputs['slug']}/{findings_file(language)}"
            try:
                findings = with_welsh(text, english, source_name=source)
            except FindingsFileError as exc:
                message = f"The findings' words in {_language_name(language)} do not match these "
                problems.append(Problem(ERROR, f"{message}findings: {exc}", None))
                continue
            # Its statements should still agree with these findings' figures and dates. A
            # disagreement is a warning here, mended in the Welsh findings' own editor, not a
            # bar to publishing the English (a finding it names that is gone is an error above:
            # every Welsh letter would fail).
            for issue in welsh_findings_issues(text, findings, campaign_words=words):
                line = f", line {issue.line}" if issue.line else ""
                message = f"In {findings_file(language)}{line}: {issue.message}"
                problems.append(Problem("warning", message, None, issue.word))
        for name, written_in, body in inputs["other_templates"]:
            if written_in != language:
                continue
            checked = check_letter(
                body, findings, language, page_counter=count_pages, campaign_words=words
            )
            where = f"letter template “{name}” in {_language_name(language)}"
            for problem in checked:
                line = f", line {problem.line}" if problem.line else ""
                message = f"In the {where}{line}: {problem.message}"
                problems.append(Problem(problem.severity, message, None))
    return problems


def _check_findings_words(inputs: dict, words) -> list[Problem]:
    """The findings' words in another language: every id must be a finding (or source, group)
    of the published findings; each statement is checked in that language (its figures and
    dates, spelling with that language's dictionary and word list); a finding it leaves out is
    named (letters in that language give its English words)."""
    language = inputs["language"]
    try:
        english = parse_findings(inputs["findings"], source_name="findings.toml")
    except LettersError as exc:
        return [Problem(ERROR, f"The published findings cannot be read: {exc}", None)]
    text = inputs["findings_words"]
    try:
        findings = with_welsh(text, english, source_name=findings_file(language))
    except FindingsFileError as exc:
        return [Problem(ERROR, _findings_message(exc), exc.line)]
    problems = [
        Problem(issue.severity, issue.message, issue.line, issue.word)
        for issue in welsh_findings_issues(text, findings, campaign_words=words)
    ]
    for finding in findings.findings.values():
        if finding.statement_cy is None:
            message = (
                f"Finding “{finding.id}” has no statement in {_language_name(language)}: "
                "letters in it give its English words. Add it here."
            )
            problems.append(Problem("warning", message, None))
    return _sorted(problems)


def _language_name(language: str) -> str:
    return _LANGUAGE_NAMES.get(language, language)


def _check_page(
    slug: str,
    body: str,
    findings_text: str,
    words,
    *,
    language: str = "en",
    findings_language: str = "",
) -> list[Problem]:
    """The page's words in `language`, each problem named by its place ("Summary: …",
    "Request 2: …"); a page in Welsh against the findings with their Welsh words."""
    try:
        findings = parse_findings(findings_text, source_name=f"{slug}/findings.toml")
        if language != "en" and findings_language:
            findings = with_welsh(
                findings_language, findings, source_name=f"{slug}/{findings_file(language)}"
            )
    except FindingsFileError as exc:
        return [Problem(ERROR, f"The published findings cannot be read: {exc}", None)]
    page = parse_page(body, language)
    # The stored text has the summary on line 1 and request n on line n + 2, after the title
    # and its blank line when there is one.
    first = 3 if page.title else 1
    problems = []
    for place, issue in page_issues(page, findings, campaign_words=words):
        if place == "title":
            where, line = "Title", 1 if page.title else None
        elif place == "summary":
            where, line = "Summary", first
        else:
            number = int(place.removeprefix("ask "))
            where, line = f"Request {number}", first + number + 1
        problems.append(Problem(issue.severity, f"{where}: {issue.message}", line, issue.word))
    return _sorted(problems)


def _findings_message(exc: FindingsFileError) -> str:
    """The error without its "file, line N:" prefix, since the page shows the line itself."""
    text = str(exc)
    prefix = exc.source if exc.line is None else f"{exc.source}, line {exc.line}"
    return text.removeprefix(prefix).lstrip(":, ") or text


def _sorted(problems) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.severity != ERROR, p.line or 0))
