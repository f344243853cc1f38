"""The supporter's private link to a kept letter: making its token and finding the row it names.

No account is needed. The link names a random `link_id` (stored in the Submission row) and
carries an HMAC signature of it made with SECRET_KEY, so the link cannot be guessed, and the
database alone (a stolen backup, say) is not enough to make one. The same token can be made
again later from the row (for a reminder email: `token_for(row)`), and changing SECRET_KEY
makes every link stop working.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, url_for
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, select

from letters.errors import LettersError
from letters.model import Letter
from letters.record import thaw
from webapp.extensions import db
from webapp.submissions.models import Submission
from webapp.webhooks import events as webhook_events

TOKEN_MAX_CHARS = 120
_SALT = "private-letter-link"


def new_link_id() -> str:
    """A random id for a new kept letter's private link."""
    return secrets.token_urlsafe(16)


def _signer() -> Signer:
    return Signer(current_app.secret_key, salt=_SALT, digest_method=hashlib.sha256)


def token_for(submission: Submission) -> str:
    """The private link token for a kept letter (the same every time for the same row)."""
    return _signer().sign(submission.link_id).decode("ascii")


def url_for_submission(submission: Submission, *, external: bool = False) -> str:
    """The private link's address for a kept letter (its page is `public.my_letter`)."""
    return url_for("public.my_letter", token=token_for(submission), _external=external)


def submission_for_token(token: str) -> Submission | None:
    """The kept letter a private link token names, or None when the token is not valid."""
    if not token or len(token) > TOKEN_MAX_CHARS:
        return None
    try:
        link_id = _signer().unsign(token).decode("ascii")
    except (BadSignature, UnicodeDecodeError):
        return None
    return db.session.scalars(select(Submission).where(Submission.link_id == link_id)).first()


def submission_for_letter(letter_key: str) -> Submission | None:
    """The kept row for one letter (by its key), if the supporter asked us to keep anything."""
    return db.session.scalars(select(Submission).where(Submission.letter_key == letter_key)).first()


def kept_letter(submission: Submission) -> Letter | None:
    """The letter exactly as the supporter approved it, or None for an updates-only row."""
    if not submission.keep_letter or not submission.letter:
        return None
    try:
        return thaw(submission.letter)
    except LettersError:
        return None


def delete_kept(submission: Submission) -> str:
    """Delete the kept row at once; returns its letter key, for what else is kept about it."""
    letter_key = submission.letter_key
    webhook_events.supporter_forgotten(submission)  # told to the CRM, in the same commit
    db.session.execute(delete(Submission).where(Submission.id == submission.id))
    db.session.commit()
    return letter_key
