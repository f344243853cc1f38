"""The supporter's private link to a kept letter: see it, download it again, or delete it.

How the link is made and checked: webapp.submissions.private_links. Every page here is sent
with no referrer and no indexing (webapp.public.private_pages).

Endpoints, for other pages and emails:
- `public.my_letter` (GET /my-letter/<token>): the kept letter, its hash, download and delete.
- `public.my_letter_pdf` (GET /my-letter/<token>/letter.pdf): the frozen letter as a PDF.
- `public.my_letter_delete` (GET confirm, POST delete).
"""

from __future__ import annotations

from flask import Response, redirect, render_template, url_for
from markupsafe import Markup

from letters.errors import LettersError
from letters.render.html import render_html
from letters.render.pdf import render_pdf
from webapp.extensions import limiter
from webapp.i18n import _
from webapp.public.blueprint import bp, download_limit, form_limit
from webapp.public.forms import ConfirmForm
from webapp.public.private_pages import not_found, private, submission_or_404
from webapp.replies.service import forget_personal, pending_reminder
from webapp.submissions.private_links import delete_kept, kept_letter


@bp.get("/my-letter/<token>")
@limiter.limit(form_limit)
def my_letter(token: str):
    """The supporter's kept letter, and what they can do with it."""
    submission = submission_or_404(token)
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
    return private(page)


@bp.get("/my-letter/<token>/letter.pdf")
@limiter.limit(download_limit)
def my_letter_pdf(token: str):
    """The kept letter as a PDF: the frozen letter, byte for byte the same text as approved."""
    submission = submission_or_404(token)
    letter = kept_letter(submission)
    if letter is None:
        not_found(_("We did not keep a letter for this link, only your details for updates."))
    try:
        body = render_pdf(letter)
    except LettersError:
        not_found(_("We cannot make a PDF of this letter. You can copy its text from the page."))
    response = private(Response(body, mimetype="application/pdf"))
    response.headers["Content-Disposition"] = 'attachment; filename="my-letter-to-my-MP.pdf"'
    return response


@bp.route("/my-letter/<token>/delete", methods=["GET", "POST"])
@limiter.limit(form_limit)
def my_letter_delete(token: str):
    """Delete everything kept about this letter at once; only the anonymous count remains."""
    submission = submission_or_404(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        forget_personal([delete_kept(submission)])  # the reminder, and any reply summary
        return redirect(url_for("public.my_letter_deleted"), 303)
    page = render_template("public/my_letter_delete.html", form=form, token=token)
    return private(page, 400 if form.errors else 200)


@bp.get("/my-letter/deleted")
def my_letter_deleted():
    """Confirmation that the kept letter and details are gone."""
    return render_template("public/my_letter_deleted.html")
