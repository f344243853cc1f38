"""What the letter editor shows beside the text: a live preview for a chosen constituency and
sample supporter, and snippets (a finding's figure, a citation, a variant) to insert, so nobody
has to remember the template syntax. The saved format stays the Jinja text itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from letters.campaign import Campaign
from letters.errors import LettersError
from letters.render.html import render_html
from webapp.content import preview, published, versions
from webapp.directory import places
from webapp.i18n import _

SNIPPET_TEXT_CHARS = 70


@dataclass
class EditorPreview:
    """The preview beside the editor; `letter_html` is None when the text cannot compose."""

    place_text: str
    sample: int = 0
    samples: list[preview.Sample] = field(default_factory=list)
    place: places.Place | None = None
    letter_html: Markup | None = None
    error: str | None = None
    waiting: bool = False  # for the checks: a text not yet checked is not composed here


def editor_preview(
    campaign: Campaign, kind: str, body: str, place: str, sample: str, *, checked: bool = True
) -> EditorPreview:
    """Compose `body` (saved or not) for a sample supporter living in `place`.

    Not before its checks have answered (`checked`): a text that runs for its whole time budget
    would otherwise hold this web worker, which also serves supporters, for that long on every
    view of the editor; the check runs it as a background job instead.
    """
    shown = EditorPreview(place_text=(place or "").strip()[:100])
    try:
        shown.place = places.find_place(published.current_directory(), shown.place_text)
    except LettersError as exc:
        shown.error = str(exc)
        return shown
    shown.samples = preview.samples_for(
        shown.place.constituency, published.published_findings(campaign)
    )
    shown.sample = int(sample) if str(sample).isdigit() and int(sample) < len(shown.samples) else 0
    if not checked:
        shown.waiting = True
        return shown
    try:
        letter = preview.compose_text(
            campaign, kind, body, shown.place.constituency, shown.samples[shown.sample].supporter
        )
    except LettersError as exc:
        shown.error = str(exc)
        return shown
    # render_html escapes every piece of text itself and returns a safe fragment.
    shown.letter_html = Markup(render_html(letter))  # noqa: S704
    return shown


@dataclass(frozen=True, slots=True)
class Snippet:
    group: str
    label: str
    text: str


def snippets(campaign: Campaign, kind: str) -> list[Snippet]:
    """Figures, citations and a variant to insert into a letter template (none for other kinds)."""
    if versions.template_name(kind) is None:
        return []
    findings = published.published_findings(campaign)
    found: list[Snippet] = []
    for finding in findings.findings.values():
        short = _short(finding.statement)
        found.append(
            Snippet("Citations", f"{finding.id}: {short}", f'{{{{ cite("{finding.id}") }}}}')
        )
        for name, value in finding.figures.items():
            found.append(
                Snippet(
                    "Figures",
                    f"{value} ({name}, {finding.date_text}): {short}",
                    f"{{{{ findings.{finding.id}.figures.{name} }}}}",
                )
            )
    found.append(
        Snippet(
            "Variants",
            _("Two ways of saying one thing (each supporter gets one)"),
            '{{ choose("a_name_for_this", "One way of saying it.", "Another way of saying it.") }}',
        )
    )
    for group in findings.groups:
        found.append(
            Snippet(
                "Variants",
                _("A paragraph only for supporters worried about: %(group)s", group=group.label),
                f'{{% if supporter.concern and supporter.concern.id == "{group.id}" %}}\n'
                "Your paragraph here.\n{% endif %}",
            )
        )
    return found


def _short(text: str) -> str:
    return text if len(text) <= SNIPPET_TEXT_CHARS else text[: SNIPPET_TEXT_CHARS - 1] + "…"
