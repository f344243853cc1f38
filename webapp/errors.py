"""Friendly error pages (400, 403, 404, 405, 413, 429, 500, 503) in the site's own style."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp import database
from webapp.extensions import db
from webapp.hard_timeout import RequestTimedOut
from webapp.i18n import _l
from webapp.input_checks import UnstorableInput

log = logging.getLogger(__name__)

# Headers of an HTTPException that its friendly page keeps (the rest describe werkzeug's own page).
_KEPT_HEADERS = frozenset({"Allow", "Retry-After", "WWW-Authenticate"})

# (title, explanation) for each status; the template adds the way back.
_PAGES = {
    400: (
        _l("Something was wrong with that request"),
        _l("Please go back, reload the page and try again."),
    ),
    403: (_l("You cannot see this page"), _l("You do not have permission to see this page.")),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. "
            "If you pasted it, check you copied the whole address."
        ),
    ),
    405: (
        _l("That cannot be done on this page"),
        _l(
            "This page cannot be used like that. If you followed a link or sent a form, please "
            "go back, reload the page and try again."
        ),
    ),
    413: (
        _l("That was too much text"),
        _l("Please go back, shorten what you wrote and try again."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have sent a lot of requests in a short time. Please wait a minute and try again."),
    ),
    503: (
        _l("Sorry, we cannot reach our records just now"),
        _l(
            "Nothing you typed has been lost from this page. Please go back and try again in a "
            "minute or two."
        ),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Nothing you typed has been lost from this page. Please try again in a few minutes."),
    ),
}


def render_error(status: int, message: object = None):
    """Render the error page for `status`, optionally with a more specific (translated) message."""
    title, explanation = _PAGES.get(status, _PAGES[500])
    page = render_template(
        "errors/error.html",
        status=status,
        title=str(title),
        explanation=str(message or explanation),
    )
    return page, status


def register(app: Flask) -> None:
    """Route HTTP errors and unexpected exceptions to the friendly pages."""

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return render_error(
            400,
            _l(
                "This form has expired or was sent from somewhere else. "
                "Please go back, reload the page and send it again. Nothing has been saved."
            ),
        )

    @app.errorhandler(UnstorableInput)
    def _unstorable(error: UnstorableInput):
        # The statement never reached the database; the session's transaction is dropped so
        # the error page (and the next request on this worker) starts clean.
        _discard_session()
        return render_error(
            400,
            _l(
                "Something you sent cannot be stored: a character or number outside what the "
                "site accepts. Please go back, check what you typed and try again."
            ),
        )

    @app.errorhandler(RequestTimedOut)
    def _timed_out(error: RequestTimedOut):
        log.warning("Request stopped: it ran past REQUEST_TIMEOUT_SECONDS")
        _discard_session()
        return render_error(
            503,
            _l(
                "This took too long, so we stopped it. Nothing you typed has been lost from this "
                "page. Please go back and try again in a minute."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # Headers the error itself carries are part of the answer: a 405's `Allow` says
        # which methods the page takes.
        kept = {name: value for name, value in error.get_headers() if name in _KEPT_HEADERS}
        page, status = render_error(error.code)
        return page, status, kept

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        if database.is_unavailable(error):
            # Down, frozen (cut off by the watchdog), full or read-only: say "try again" rather
            # than "something broke". The type alone is logged, as below.
            log.warning("Database unavailable: %s", type(error).__name__)
            _discard_session()
            return render_error(503)
        # Only the exception type and the code path are logged: messages can quote what a
        # supporter typed, and personal data must never reach the logs.
        trace = "".join(traceback.format_tb(error.__traceback__))
        log.error("Unhandled %s\n%s", type(error).__name__, trace)
        return render_error(InternalServerError.code)


def _discard_session() -> None:
    """Drop the request's transaction; on a lost connection even the rollback may fail."""
    try:
        db.session.rollback()
    except Exception:
        db.session.remove()
