"""What the database keeps about letters: an anonymous count, and a consented copy."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, bindparam, delete, text
from sqlalchemy.exc import IntegrityError

from letters.model import Constituency, Letter, OutputFormat
from letters.record import freeze
from webapp.database import best_effort
from webapp.extensions import db
from webapp.public.draft import LetterDraft
from webapp.public.letter_state import Pinned
from webapp.reach.sources import NO_SOURCE, Source
from webapp.submissions.models import Submission
from webapp.submissions.private_links import new_link_id
from webapp.webhooks import events as webhook_events

# Which LetterCount flag each output sets.
OUTPUT_FLAGS = {
    OutputFormat.PDF: "pdf",
    OutputFormat.EML: "email_draft",
    OutputFormat.MAILTO: "email_draft",
}

# One upsert, written out once (SQLite and PostgreSQL share this syntax): the first output makes
# the row, later ones only switch a flag on. It is on the download hot path, so it skips the
# expression-building work an insert() construct would repeat on every request.
_UPSERT = text(
    """
    INSERT INTO letter_counts
        (letter_key, campaign, constituency_code, nation, created_on, pdf, email_draft, concern,
         event_id, language, source, utm_source, utm_medium, utm_campaign)
    VALUES (:letter_key, :campaign, :constituency_code, :nation, :created_on, :pdf, :email_draft,
            :concern, :event_id, :language, :source, :utm_source, :utm_medium, :utm_campaign)
    ON CONFLICT (letter_key) DO UPDATE SET
        pdf = letter_counts.pdf OR excluded.pdf,
        email_draft = letter_counts.email_draft OR excluded.email_draft
    """
).bindparams(bindparam("pdf", type_=Boolean), bindparam("email_draft", type_=Boolean))


def record_output(
    letter_key: str,
    campaign: str,
    constituency: Constituency,
    output: OutputFormat,
    concern: str | None = None,
    event_id: int | None = None,
    language: str = "en",
    source: Source = NO_SOURCE,
) -> None:
    """Count the letter once: its first output makes the row, later outputs only set a flag.

    `source` is where the letter came from (webapp.reach.sources), kept from its first output.

    One statement, so a download costs a single round trip, and two concurrent downloads of the
    same letter cannot make two rows. Best effort: see webapp.database.best_effort.
    """
    flag = OUTPUT_FLAGS[output]
    values = {
        "letter_key": letter_key,
        "campaign": campaign,
        "constituency_code": constituency.code,
        "nation": str(constituency.nation),
        "created_on": dt.date.today(),
        "pdf": flag == "pdf",
        "email_draft": flag == "email_draft",
        "concern": concern,  # the at-risk group the letter speaks for, if any
        "event_id": event_id,
        "language": language,  # the letter's, "en" or "cy"
        **source.columns(),
    }

    def write() -> None:
        db.session.execute(_UPSERT, values)
        db.session.commit()

    # The supporter's letter must not depend on the count: a full, read-only or unreachable
    # database loses one count (logged, and shown on /healthz), never their PDF or email.
    best_effort("A letter count", write, db.session)


def keep_submission(
    draft: LetterDraft, campaign: str, letter: Letter, pinned: Pinned
) -> Submission:
    """Save (or update) what the supporter agreed we keep, and return the row.

    "Keep a copy" keeps the whole letter, frozen exactly as previewed (letters.record), with its
    content hash and the versions it was composed with; "updates" alone keeps only name, email
    and constituency. Sending the form again for the same letter updates the same row.
    """
    try:
        return _keep(draft, campaign, letter, pinned)
    except IntegrityError:
        # The same form sent twice at once (a double click, a retry): the other request made the
        # row between our look and our insert. Update that row; one letter stays one row.
        db.session.rollback()
        return _keep(draft, campaign, letter, pinned)


def _keep(draft: LetterDraft, campaign: str, letter: Letter, pinned: Pinned) -> Submission:
    keep_letter = draft.keep_copy
    row = db.session.execute(
        db.select(Submission).where(Submission.letter_key == draft.letter_key)
    ).scalar_one_or_none()
    if row is None:
        row = Submission(letter_key=draft.letter_key, campaign=campaign, link_id=new_link_id())
        db.session.add(row)
    frozen = freeze(letter) if keep_letter else None
    row.constituency_code = draft.constituency
    row.name = draft.name
    row.email = draft.email
    row.address_lines = list(draft.address_lines) if keep_letter else []
    row.postcode = draft.postcode if keep_letter else ""
    row.reason = draft.reason if keep_letter else None
    row.concern = draft.concern if keep_letter else None
    row.language = draft.letter_language or "en"
    for column, value in draft.arrival.columns().items():  # where the letter came from
        setattr(row, column, value)
    row.keep_letter = keep_letter
    row.consent_updates = draft.updates
    row.template_version_id = pinned.template_version_id if keep_letter else None
    row.findings_version_id = pinned.findings_version_id if keep_letter else None
    row.letter = frozen.data if frozen else None
    row.content_hash = frozen.content_hash if frozen else None
    webhook_events.submission_saved(row, reminder=draft.remind)  # in the same commit
    db.session.commit()
    return row


def drop_submission(letter_key: str) -> None:
    """Delete the kept copy, for a supporter who unticks "keep a copy"."""
    webhook_events.letter_dropped(letter_key)  # the CRM forgets them, if they were subscribed
    db.session.execute(delete(Submission).where(Submission.letter_key == letter_key))
    db.session.commit()
