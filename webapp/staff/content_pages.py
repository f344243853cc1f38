"""What the content pages share: finding the campaign and version a URL names, the problem
list with the text of the line each problem points at, and saving an editor's form as a new
version (or saying someone saved first)."""

from __future__ import annotations

from flask import abort, flash
from flask_login import current_user

from letters.campaign import Campaign
from webapp.content import checks, every_wording, published, spelling_marks, versions
from webapp.content.models import ContentVersion
from webapp.i18n import _


def save_edit(
    campaign: Campaign, kind: str, body: str, form, based_on: int
) -> ContentVersion | None:
    """Store an editor's text as the next version of `kind`, with the form's note; None when
    someone saved after `based_on`: then the editor is told so and the form is moved onto the
    newest version, so saving again (with the text kept on the page) puts theirs on top."""
    try:
        return versions.save(
            campaign.slug, kind, body, based_on=based_on, author=current_user, note=form.note.data
        )
    except versions.StaleBase as stale:
        flash(
            _(
                "Someone saved version %(number)s while you were editing. Your text is "
                "kept below: check it against theirs in the history, then save again to "
                "put yours on top.",
                number=stale.latest.number,
            ),
            "error",
        )
        form.based_on.data = str(stale.latest.number)
        return None


def campaign_with_kind(kind: str) -> Campaign:
    """The current campaign (seeded from its files), or 404 when it has no such kind."""
    campaign = published.current_campaign()
    if kind not in versions.kinds(campaign):
        abort(404)
    versions.ensure_seeded(campaign)
    return campaign


def who_gets(campaign: Campaign, kind: str) -> str:
    """Which supporters get letter `kind`, said on its pages: a letter's Welsh wording goes to
    the supporters who write in Welsh, when the letter is the one the campaign sends."""
    name = versions.english_name(kind)
    english = versions.letter_kind(name) if name is not None else kind
    if versions.letter_language(kind) != "cy" or name != campaign.default_template:
        return every_wording.who_gets_letter(campaign, english)
    return _(
        "Supporters who write in Welsh (Cymraeg) get this wording of the campaign's letter "
        "“%(name)s”, as last published; the others get its English wording.",
        name=name,
    )


def version_or_404(campaign: Campaign, kind: str, number: int) -> ContentVersion:
    """One version of a kind, or 404."""
    version = versions.get(campaign.slug, kind, number)
    if version is None:
        abort(404)
    return version


def problem_rows(problems, body: str) -> list[dict]:
    """Problems with the text of the line they point at, for the editor's problem list."""
    lines = body.splitlines()
    return [
        {
            "severity": p.severity,
            "message": p.message,
            "line": p.line,
            "text": _line_segments(lines, p),
            "pending": checks.is_pending([p]),
            "word": p.word,
        }
        for p in problems
    ]


def _line_segments(lines: list[str], problem) -> list | None:
    """The line a problem points at, in pieces with its misspelt word (if any) marked."""
    if not problem.line or not 0 < problem.line <= len(lines):
        return None
    return spelling_marks.segments(lines[problem.line - 1], [problem.word] if problem.word else [])
