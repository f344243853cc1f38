"""The supporter's private link to a kept letter: see it, download it again, or delete it.

No account is needed. The link names a random `link_id` (stored in the Submission row) and carries
an HMAC signature of it made with SECRET_KEY, so the link cannot be guessed, and the database alone
(a stolen backup, say) is not enough to make one. The same token can be made again later from the
row (for a reminder email: `token_for(row)`), and changing SECRET_KEY makes every link stop
working.

Endpoints, for other pages and emails:
- `public.my_letter` (GET /my-letter/<token>): the kept letter, its hash, download and delete.
- `public.my_letter_pdf` (GET /my-letter/<token>/letter.pdf): the frozen letter as a PDF.
- `public.my_letter_delete` (GET confirm, POST delete).
"""

from __future__ import annotations

import hashlib
import secrets

from flask import Response, abort, current_app, redirect, render_template, url_for
from itsdangerous import BadSignature, Signer
from markupsafe import Markup
from sqlalchemy import delete, select

from letters.errors import LettersError
from letters.model import Letter
from letters.record import thaw
from letters.render.html import render_html
from letters.render.pdf import render_pdf
from webapp.errors import render_error
from webapp.extensions import db, limiter
from webapp.i18n import _
from webapp.public.blueprint import bp, download_limit, form_limit
from webapp.public.forms import ConfirmForm
from webapp.replies.service import forget_personal, pending_reminder
from webapp.submissions.models import Submission

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
    """The private link's address for a kept letter."""
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


def _not_found(message: str):
    """Stop with a 404 page that says what went wrong (the token stays out of any referrer)."""
    page, status = render_error(404, message)
    abort(_private(page, status))


def _submission_or_404(token: str) -> Submission:
    submission = submission_for_token(token)
    if submission is None:
        _not_found(_("This link is not valid, or the letter it was for has been deleted."))
    return submission


def _private(response: Response | str, status: int = 200) -> Response:
    """The token is in the address: never send it on as a referrer, never let a search index it."""
    response = current_app.make_response((response, status))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/my-letter/<token>")
@limiter.limit(form_limit)
def my_letter(token: str):
    """The supporter's kept letter, and what they can do with it."""
    submission = _submission_or_404(token)
    letter = kept_letter(submission)
    page = render_template(
        "public/my_letter.html",
        submission=submission,
        token=token,
        letter=letter,
        reminder=pending_reminder(submission.letter_key),
        # render_html escapes every piece of text itself and returns a finished fragment.
        letter_html=Markup(render_html(letter)) if letter else None,  # noqa: S704
    )
    return _private(page)


@bp.get("/my-letter/<token>/letter.pdf")
@limiter.limit(download_limit)
def my_letter_pdf(token: str):
    """The kept letter as a PDF: the frozen letter, byte for byte the same text as approved."""
    submission = _submission_or_404(token)
    letter = kept_letter(submission)
    if letter is None:
        _not_found(_("We did not keep a letter for this link, only your details for updates."))
    try:
        body = render_pdf(letter)
    except LettersError:
        _not_found(_("We cannot make a PDF of this letter. You can copy its text from the page."))
    response = _private(Response(body, mimetype="application/pdf"))
    response.headers["Content-Disposition"] = 'attachment; filename="my-letter-to-my-MP.pdf"'
    return response


@bp.route("/my-letter/<token>/delete", methods=["GET", "POST"])
@limiter.limit(form_limit)
def my_letter_delete(token: str):
    """Delete everything kept about this letter at once; only the anonymous count remains."""
    submission = _submission_or_404(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        db.session.execute(delete(Submission).where(Submission.id == submission.id))
        db.session.commit()
        forget_personal([submission.letter_key])  # the reminder, and any reply summary
        return redirect(url_for("public.my_letter_deleted"), 303)
    page = render_template("public/my_letter_delete.html", form=form, token=token)
    return _private(page, 400 if form.errors else 200)


@bp.get("/my-letter/deleted")
def my_letter_deleted():
    """Confirmation that the kept letter and details are gone."""
    return render_template("public/my_letter_deleted.html")
