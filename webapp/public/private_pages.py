"""What the pages behind a private link share: they are never indexed and never leak the link.

The token is in the address, so a response must not send it on as a referrer nor let a search
engine index it, and an unknown token gets a 404 page that says what went wrong.
"""

from __future__ import annotations

from flask import Response, abort, current_app

from webapp.errors import render_error
from webapp.i18n import _
from webapp.submissions import private_links
from webapp.submissions.models import Submission


def private(response: Response | str, status: int = 200) -> Response:
    """`response` with no referrer and no indexing."""
    response = current_app.make_response((response, status))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def not_found(message: str):
    """Stop with a private 404 page that says `message`."""
    page, status = render_error(404, message)
    abort(private(page, status))


def submission_or_404(token: str) -> Submission:
    """The kept letter the token names, or stop with a 404 page."""
    submission = private_links.submission_for_token(token)
    if submission is None:
        not_found(_("This link is not valid, or the letter it was for has been deleted."))
    return submission
