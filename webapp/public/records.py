"""What the database keeps about letters: an anonymous count, and a consented copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, bindparam, delete, text

from letters.model import Constituency, OutputFormat
from webapp.extensions import db
from webapp.models import Submission

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
        (letter_key, campaign, constituency_code, nation, created_on, pdf, email_draft)
    VALUES (:letter_key, :campaign, :constituency_code, :nation, :created_on, :pdf, :email_draft)
    ON CONFLICT (letter_key) DO UPDATE SET
        pdf = letter_counts.pdf OR excluded.pdf,
        email_draft = letter_counts.email_draft OR excluded.email_draft
    """
).bindparams(bindparam("pdf", type_=Boolean), bindparam("email_draft", type_=Boolean))


def record_output(
    letter_key: str, campaign: str, constituency: Constituency, output: OutputFormat
) -> None:
    """Count the letter once: its first output makes the row, later outputs only set a flag.

    One statement, so a download costs a single round trip, and two concurrent downloads of the
    same letter cannot make two rows.
    """
    flag = OUTPUT_FLAGS[output]
    db.session.execute(
        _UPSERT,
        {
            "letter_key": letter_key,
            "campaign": campaign,
            "constituency_code": constituency.code,
            "nation": str(constituency.nation),
            "created_on": dt.date.today(),
            "pdf": flag == "pdf",
            "email_draft": flag == "email_draft",
        },
    )
    db.session.commit()


def keep_submission(
    draft: dict[str, Any], campaign: str, template_version_id: int | None = None
) -> None:
    """Save (or update) what the supporter agreed we keep.

    "Keep a copy" keeps the whole letter; "updates" alone keeps only name, email and constituency.
    """
    keep_letter = bool(draft.get("keep_copy"))
    row = db.session.execute(
        db.select(Submission).where(Submission.letter_key == draft["letter_key"])
    ).scalar_one_or_none()
    if row is None:
        row = Submission(letter_key=draft["letter_key"], campaign=campaign)
        db.session.add(row)
    row.constituency_code = draft["constituency"]
    row.name = draft["name"]
    row.email = draft.get("email")
    row.address_lines = list(draft["address_lines"]) if keep_letter else []
    row.postcode = draft["postcode"] if keep_letter else ""
    row.reason = draft.get("reason") if keep_letter else None
    row.concern = draft.get("concern") if keep_letter else None
    row.keep_letter = keep_letter
    row.consent_updates = bool(draft.get("updates"))
    row.template_version_id = template_version_id
    db.session.commit()


def drop_submission(letter_key: str) -> None:
    """Delete the kept copy, for a supporter who unticks "keep a copy"."""
    db.session.execute(delete(Submission).where(Submission.letter_key == letter_key))
    db.session.commit()
