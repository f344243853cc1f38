"""Checking a stored letter before it is published, whichever form it is stored in.

A letter document (letters.document) is checked as a document (its parts, wordings, chips and
conditions) and then as the template it compiles to, composed for every sample supporter and
every wording (letters.templating.check_template). A problem found in the compiled template is
shown on its part, never on a template line the editor has never seen. A raw template
("advanced mode") is checked as a template, with its lines.
"""

from __future__ import annotations

from letters.document import (
    DocumentError,
    document_issues,
    from_json,
    is_document,
    part_names,
    template_parts,
    to_template,
)
from letters.findings import FindingSet
from letters.templating import Problem, check_template

__all__ = ["check_letter"]


def check_letter(body: str, findings: FindingSet, language: str = "en", **options) -> list[Problem]:
    """Every problem with `body` as a letter written in `language` ("en", "cy": then
    `campaign_words` is the campaign's Welsh word list); `options` are check_template's."""
    if not is_document(body):
        return check_template(body, findings, language=language, **options)
    try:
        doc = from_json(body)
    except DocumentError as exc:
        return [Problem("error", str(exc))]
    names = part_names(doc, findings)
    problems = [
        Problem(issue.severity, issue.message, part=issue.part)
        for issue in document_issues(doc, findings, language)
    ]
    seen = {(p.severity, p.message) for p in problems}
    owners = template_parts(doc)
    for problem in check_template(to_template(doc), findings, language=language, **options):
        part = owners[problem.line - 1] if problem.line and problem.line <= len(owners) else None
        message = problem.message
        if part is not None:
            where = names[part][:1].upper() + names[part][1:]
            wordings = _wordings_with(doc.parts[part].wordings, problem.word)
            if len(doc.parts[part].wordings) > 1 and len(wordings) == 1:
                where += f", wording {wordings[0] + 1}"
            message = f"{where}: {message}"
        if (problem.severity, message) in seen:
            continue
        seen.add((problem.severity, message))
        problems.append(Problem(problem.severity, message, None, problem.word, part))
    return problems


def _wordings_with(wordings, word: str | None) -> list[int]:
    """Which of a part's wordings contain `word` (a misspelt word), to say which one to mend."""
    if not word:
        return []
    return [
        number
        for number, wording in enumerate(wordings)
        if any(word in getattr(piece, "text", "") for piece in wording.pieces)
    ]
