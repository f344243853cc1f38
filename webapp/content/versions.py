"""Versions of the campaign's letter templates and findings file, kept in the database.

The files under templates/<campaign>/ are version 1 of each kind; they are copied in (and marked
published) the first time the staff area looks at a campaign. Every browser save adds a version;
publishing adds a publication row; a revert is a new version equal to an old one. Nothing is
updated in place, so history is complete and any step can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from letters.campaign import OTHER_LANGUAGES, Campaign
from webapp.accounts.models import StaffUser
from webapp.content.models import ContentPublication, ContentVersion
from webapp.extensions import db
from webapp.i18n import _

FINDINGS = "findings"
WORDS = "words"  # the campaign word list the spelling check accepts
PAGE = "page"  # the campaign page's summary and what we ask MPs to do (letters.page_text)
TEMPLATE_PREFIX = "template:"
NOTE_MAX_CHARS = 200


def in_language(kind: str, language: str = "en") -> str:
    """The kind of text `kind` (PAGE, FINDINGS, WORDS) written in `language`: "page" in
    English, "page.cy" for the campaign page in Welsh."""
    return kind if language == "en" else f"{kind}.{language}"


def text_language(kind: str) -> str:
    """The language a kind is written in: "cy" for "page.cy" or "template:default.cy"."""
    stem, dot, language = kind.rpartition(".")
    return language if dot and stem and language in OTHER_LANGUAGES else "en"


def english_kind(kind: str) -> str:
    """The English text a kind is a translation of ("page.cy" → "page"); itself if English."""
    language = text_language(kind)
    return kind if language == "en" else kind.removesuffix(f".{language}")


def template_kind(name: str) -> str:
    """The version kind of one letter template, e.g. "template:letter"; a letter's wording in
    another language is named with its code, "template:letter.cy" (letter_kind)."""
    return TEMPLATE_PREFIX + name


def letter_kind(name: str, language: str = "en") -> str:
    """The kind of letter `name`'s wording in `language`: "template:default" in English,
    "template:default.cy" in Welsh."""
    return template_kind(name if language == "en" else f"{name}.{language}")


def template_name(kind: str) -> str | None:
    """The template name in a kind ("template:letter" → "letter", "template:letter.cy" →
    "letter.cy", the file's name); None for the findings and the other texts."""
    return kind.removeprefix(TEMPLATE_PREFIX) if kind.startswith(TEMPLATE_PREFIX) else None


def letter_language(kind: str) -> str:
    """The language a letter kind is written in: "cy" for "template:default.cy", else "en"."""
    name = template_name(kind) or ""
    stem, dot, language = name.rpartition(".")
    return language if dot and stem and language in OTHER_LANGUAGES else "en"


def english_name(kind: str) -> str | None:
    """The letter a kind is a wording of, as campaign.templates names it ("template:default.cy"
    → "default"); None for a kind that is no letter."""
    name = template_name(kind)
    if name is None:
        return None
    language = letter_language(kind)
    return name if language == "en" else name.removesuffix(f".{language}")


def kinds(campaign: Campaign) -> list[str]:
    """Every editable kind of a campaign: its templates (default first), each followed by its
    wordings in other languages (its Welsh), the findings, the campaign page and its Welsh (every
    campaign has a page on /cy/), the words."""
    names = sorted(campaign.templates, key=lambda n: (n != campaign.default_template, n))
    letters = [letter_kind(n, language) for n in names for language in campaign.languages(n)]
    every = ("en", *OTHER_LANGUAGES)
    texts = [in_language(kind, language) for kind in (FINDINGS, PAGE, WORDS) for language in every]
    return [*letters, *texts]


def kind_label(kind: str) -> str:
    """How a kind is named to staff."""
    if kind == WORDS:
        return _("Campaign word list (for the spelling check)")
    if kind == PAGE:
        return _("Campaign page: summary and what we ask")
    if kind == in_language(PAGE, "cy"):
        return _("Campaign page in Welsh (Cymraeg): title, summary and what we ask")
    if kind == in_language(FINDINGS, "cy"):
        return _("Findings in Welsh (Cymraeg): each finding's words")
    if kind == in_language(WORDS, "cy"):
        return _("Campaign word list in Welsh (for the Welsh spelling check)")
    name = english_name(kind)
    if name is None:
        return _("Findings (cited facts)")
    if letter_language(kind) == "cy":
        return _("Letter template “%(name)s” in Welsh (Cymraeg)", name=name)
    return _("Letter template “%(name)s”", name=name)


def file_body(campaign: Campaign, kind: str) -> str:
    """The text of a kind as shipped in templates/<campaign>/ (its version 1): a Welsh wording's
    is letters/<name>.cy.json."""
    if english_kind(kind) == WORDS:
        return campaign.words(text_language(kind))
    if english_kind(kind) == PAGE:
        return campaign.page_text(text_language(kind))
    if english_kind(kind) == FINDINGS:
        return campaign.findings_text(text_language(kind))
    name = english_name(kind)
    if name is None:
        return campaign.findings_source
    return campaign.letter_source(name, letter_language(kind))


def normalise_body(text: str) -> str:
    """Browsers send CRLF from a textarea; store LF so diffs show only real changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class StaleBase(Exception):
    """A save based on a version older than the latest: the editor must merge, not overwrite."""

    def __init__(self, latest: ContentVersion):
        super().__init__(f"Version {latest.number} was saved in the meantime")
        self.latest = latest


def ensure_seeded(campaign: Campaign) -> None:
    """Copy each kind's file in as published version 1 unless the kind has versions already."""
    have = set(
        db.session.scalars(
            select(ContentVersion.kind).where(ContentVersion.campaign == campaign.slug).distinct()
        )
    )
    missing = [kind for kind in kinds(campaign) if kind not in have]
    if not missing:
        return
    for kind in missing:
        db.session.add(
            ContentVersion(
                campaign=campaign.slug,
                kind=kind,
                number=1,
                body=normalise_body(file_body(campaign, kind)),
                note=f"From the file in templates/{campaign.slug}/",
            )
        )
        db.session.add(ContentPublication(campaign=campaign.slug, kind=kind, number=1))
    try:
        db.session.commit()
    except IntegrityError:  # another worker seeded the same kinds a moment ago
        db.session.rollback()


def latest(campaign: str, kind: str) -> ContentVersion | None:
    """The newest version of a kind, or None before seeding."""
    return db.session.scalars(
        select(ContentVersion)
        .where(ContentVersion.campaign == campaign, ContentVersion.kind == kind)
        .order_by(ContentVersion.number.desc())
        .limit(1)
    ).first()


def get(campaign: str, kind: str, number: int) -> ContentVersion | None:
    """One version by its number."""
    return db.session.scalars(
        select(ContentVersion).where(
            ContentVersion.campaign == campaign,
            ContentVersion.kind == kind,
            ContentVersion.number == number,
        )
    ).first()


def history(campaign: str, kind: str) -> list[ContentVersion]:
    """All versions of a kind, newest first."""
    return list(
        db.session.scalars(
            select(ContentVersion)
            .where(ContentVersion.campaign == campaign, ContentVersion.kind == kind)
            .order_by(ContentVersion.number.desc())
        )
    )


def published_number(campaign: str, kind: str) -> int | None:
    """The number of the version supporters get, or None when nothing was published."""
    return db.session.scalars(
        select(ContentPublication.number)
        .where(ContentPublication.campaign == campaign, ContentPublication.kind == kind)
        .order_by(ContentPublication.id.desc())
        .limit(1)
    ).first()


def publications(campaign: str, kind: str) -> dict[int, list[ContentPublication]]:
    """Every publication of a kind, grouped by version number (for the history page)."""
    grouped: dict[int, list[ContentPublication]] = {}
    rows = db.session.scalars(
        select(ContentPublication)
        .where(ContentPublication.campaign == campaign, ContentPublication.kind == kind)
        .order_by(ContentPublication.id)
    )
    for row in rows:
        grouped.setdefault(row.number, []).append(row)
    return grouped


def published_version(campaign: str, kind: str) -> ContentVersion | None:
    """The published version (one indexed query), or None when nothing was published."""
    newest = (
        select(ContentPublication.number)
        .where(ContentPublication.campaign == campaign, ContentPublication.kind == kind)
        .order_by(ContentPublication.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return db.session.scalars(
        select(ContentVersion).where(
            ContentVersion.campaign == campaign,
            ContentVersion.kind == kind,
            ContentVersion.number == newest,
        )
    ).first()


def published_body(campaign: Campaign, kind: str) -> str:
    """What supporters get for a kind: the published version's text, else the file."""
    version = published_version(campaign.slug, kind)
    return version.body if version is not None else file_body(campaign, kind)


def published_words(campaign: Campaign, language: str = "en") -> str:
    """The word list the spelling check of text in `language` accepts, as published."""
    return published_body(campaign, in_language(WORDS, language))


def published_findings_words(campaign: Campaign, language: str) -> str:
    """The findings' words in `language` (findings.cy.toml's text), as published."""
    return published_body(campaign, in_language(FINDINGS, language))


def save(
    campaign: str, kind: str, body: str, *, based_on: int, author: StaffUser | None, note: str
) -> ContentVersion:
    """Store an edit as the next version; raise StaleBase when `based_on` is not the latest."""
    current = latest(campaign, kind)
    current_number = current.number if current is not None else 0
    if current is not None and based_on != current_number:
        raise StaleBase(current)
    version = ContentVersion(
        campaign=campaign,
        kind=kind,
        number=current_number + 1,
        body=normalise_body(body),
        based_on=based_on or None,
        author_id=author.id if author is not None else None,
        note=note.strip()[:NOTE_MAX_CHARS],
    )
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:  # another editor took this number between our read and write
        db.session.rollback()
        raise StaleBase(latest(campaign, kind)) from None
    return version


def revert(campaign: str, kind: str, number: int, *, author: StaffUser) -> ContentVersion:
    """A new version with the text of version `number` (the history keeps everything between)."""
    old = get(campaign, kind, number)
    if old is None:
        raise LookupError(f"There is no version {number}")
    current = latest(campaign, kind)
    return save(
        campaign,
        kind,
        old.body,
        based_on=current.number if current is not None else 0,
        author=author,
        note=f"Revert to version {number}",
    )


def add_publication(campaign: str, kind: str, number: int, *, by: StaffUser) -> ContentPublication:
    """Add the row that makes a version the one supporters get, uncommitted.

    Only webapp.content.publishing calls this, after its checks (tests/test_layers.py).
    """
    row = ContentPublication(campaign=campaign, kind=kind, number=number, published_by_id=by.id)
    db.session.add(row)
    return row


@dataclass(frozen=True, slots=True)
class KindSummary:
    kind: str
    label: str
    latest: int
    published: int | None


def summaries(campaign: Campaign) -> list[KindSummary]:
    """One line per editable kind for the content list page."""
    newest = dict(
        db.session.execute(
            select(ContentVersion.kind, func.max(ContentVersion.number))
            .where(ContentVersion.campaign == campaign.slug)
            .group_by(ContentVersion.kind)
        ).all()
    )
    return [
        KindSummary(
            kind,
            kind_label(kind),
            newest.get(kind, 0),
            published_number(campaign.slug, kind),
        )
        for kind in kinds(campaign)
    ]
