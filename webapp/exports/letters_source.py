"""Kept letters read back, in chunks, for downloads and the supporter CSV.

A kept letter is the frozen record the supporter approved (Submission.letter, letters.record):
it is thawed, never re-composed, so new wording or findings published since cannot change a
letter already written. Only rows kept before letters were frozen (no `letter`) are composed
again, with the template version they recorded, in the language they were written in
(Submission.language): a Welsh letter with the Welsh wording and findings, or, where the campaign
has no Welsh wording to compose it with, in English.

Only submissions whose supporter consented are stored at all; the consent flag (keep_letter) is
checked again here. Rows are read as plain tuples (not ORM objects), chunk by chunk in
id order, so nothing accumulates in the session however many there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from letters.campaign import Campaign
from letters.directory import Directory
from letters.document import template_text
from letters.errors import LettersError, NoWording
from letters.findings import FindingSet
from letters.model import Language, Letter, Supporter
from letters.record import thaw
from letters.render.pdf import CoverPage
from letters.service import letter_for_supporter
from letters.templating import LetterTemplate
from webapp.content import published, versions
from webapp.content.models import ContentVersion
from webapp.extensions import db
from webapp.submissions.models import Submission

CHUNK = 500
_COLUMNS = (
    Submission.id,
    Submission.name,
    Submission.address_lines,
    Submission.postcode,
    Submission.email,
    Submission.reason,
    Submission.concern,
    Submission.constituency_code,
    Submission.template_version_id,
    Submission.created_at,
    Submission.letter,
    Submission.language,
)


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """Which submissions: one campaign's, in one constituency (or all), written between two
    dates (inclusive)."""

    constituency_code: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # The campaign whose letters these are (None: the install's main one, as before campaigns).
    campaign: str | None = None

    def to_json(self) -> dict:
        return {
            "campaign": self.campaign,
            "constituency_code": self.constituency_code,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> ExportFilters:
        def day(value):
            return dt.date.fromisoformat(value) if value else None

        return cls(
            data.get("constituency_code"),
            day(data.get("date_from")),
            day(data.get("date_to")),
            data.get("campaign"),
        )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def submission_filter(filters: ExportFilters, campaign: str) -> list:
    """WHERE clauses for the submissions a download includes."""
    # Only consented letters are stored at all; the consent flag is checked here all the same.
    clauses = [Submission.campaign == campaign, Submission.keep_letter.is_(True)]
    if filters.constituency_code:
        clauses.append(Submission.constituency_code == filters.constituency_code)
    if filters.date_from:
        clauses.append(Submission.created_at >= _midnight(filters.date_from))
    if filters.date_to:
        clauses.append(Submission.created_at < _midnight(filters.date_to + dt.timedelta(days=1)))
    return clauses


def iter_rows(clauses: list, columns=_COLUMNS, chunk: int = CHUNK) -> Iterator:
    """Rows of `columns` (the first must be Submission.id) in id order, one short query a chunk."""
    last_id = 0
    while True:
        rows = db.session.execute(
            select(*columns)
            .where(*clauses, Submission.id > last_id)
            .order_by(Submission.id)
            .limit(chunk)
        ).all()
        yield from rows
        if len(rows) < chunk:
            return
        last_id = rows[-1][0]


@dataclass
class LetterSource:
    """Everything needed to re-compose stored letters, loaded once per download."""

    campaign: Campaign
    directory: Directory
    findings: FindingSet
    template: LetterTemplate
    filters: ExportFilters
    _versions: dict[int, LetterTemplate | None]
    _published: dict[str, tuple[LetterTemplate, FindingSet]] = field(default_factory=dict)

    @classmethod
    def for_app(cls, filters: ExportFilters) -> LetterSource:
        campaign = (
            published.campaign_named(filters.campaign)
            if filters.campaign
            else published.current_campaign()
        )
        return cls(
            campaign,
            published.current_directory(),
            published.published_findings(campaign),
            published.published_template(campaign),
            filters,
            {},
        )

    def letters(self) -> Iterator[Letter | None]:
        """Each matching submission's letter (None where it can no longer be composed)."""
        for row in iter_rows(submission_filter(self.filters, self.campaign.slug)):
            try:
                yield self.compose(row)
            except LettersError:
                yield None

    def compose(self, row) -> Letter:
        """One stored submission's letter: the frozen record, exactly as the supporter approved
        it; for a row kept before records were frozen, composed with its template version."""
        if row.letter:
            return thaw(row.letter)
        template, findings = self._wording(row.template_version_id, row.language or "en")
        supporter = Supporter(
            name=row.name,
            address_lines=tuple(row.address_lines or ()),
            postcode=row.postcode,
            email=row.email,
            reason=row.reason,
            concern=row.concern,
            language=Language(template.language),
        )
        # The core service, as on the web and at the command line: a seat that has fallen vacant
        # raises VacantSeat (a LettersError), and the letter is left out and counted.
        return letter_for_supporter(
            supporter,
            self.directory.constituency(row.constituency_code),
            directory=self.directory,
            template=template,
            findings=findings,
            today=(row.created_at or dt.datetime.now(dt.UTC)).date(),
        )

    def _wording(self, version_id: int | None, language: str) -> tuple[LetterTemplate, FindingSet]:
        """The template a row's letter is composed with (the version it recorded, which is in
        the letter's language; else today's published wording in that language) and the
        findings in the template's language."""
        template = self._version(version_id) if version_id is not None else None
        if template is None:
            return self._published_in(language)
        return template, self._published_in(str(template.language))[1]

    def _version(self, version_id: int) -> LetterTemplate | None:
        if version_id not in self._versions:
            version = db.session.get(ContentVersion, version_id)
            name = versions.english_name(version.kind) if version is not None else None
            self._versions[version_id] = (
                LetterTemplate.compile(
                    template_text(version.body),
                    name=name,
                    language=versions.letter_language(version.kind),
                )
                if name is not None
                else None
            )
        return self._versions[version_id]

    def _published_in(self, language: str) -> tuple[LetterTemplate, FindingSet]:
        """Today's published wording and findings in `language`; English where the campaign has
        no wording in it (as the web writes in English then)."""
        if language == "en" or language not in {lang.value for lang in Language}:
            return self.template, self.findings
        if language not in self._published:
            try:
                template = published.published_template(self.campaign, language)
            except NoWording:
                self._published[language] = (self.template, self.findings)
            else:
                findings = published.published_findings(self.campaign, language)
                self._published[language] = (template, findings)
        return self._published[language]

    def cover(self, total: int) -> CoverPage:
        """The first page of a merged file: who the letters are to, and how many."""
        code = self.filters.constituency_code
        lines = []
        if code:
            seat = self.directory.constituency(code)
            mp = self.directory.mp_for(code)
            title = (
                f"Letters to {mp.full_title}"
                if not mp.vacant
                else f"Letters to the MP for {seat.name}"
            )
            lines.append(f"MP: {mp.name} ({mp.party})" if not mp.vacant else "MP: vacant seat")
            lines.append(f"Constituency: {seat.name}")
        else:
            title = "Letters to MPs"
            lines.append("Constituencies: all")
        lines.append(f"Number of letters: {total}")
        lines.append(f"Campaign: {self.campaign.title}")
        if self.filters.date_from or self.filters.date_to:
            start = self.filters.date_from.isoformat() if self.filters.date_from else "the start"
            end = self.filters.date_to.isoformat() if self.filters.date_to else "today"
            lines.append(f"Written between {start} and {end}")
        return CoverPage(title, tuple(lines))
