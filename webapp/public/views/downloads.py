"""The letter as files and email drafts. Each counts the letter (once) and is rate limited.

This is the hot path (benchmarked): the draft comes from the session, the template, findings and
directory are cached per process, and counting is a single upsert. The blueprint marks every
response "no-store", so a letter never lingers in a shared cache.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for

from letters.model import OutputFormat
from letters.render.email import gmail_url, mailto_link, outlook_url
from letters.render.registry import Rendered, render
from webapp.i18n import _
from webapp.public.blueprint import bp
from webapp.public.event_device import current_event_id
from webapp.public.keeping import record_output
from webapp.public.letter_state import LetterContext, current_letter, mark_output
from webapp.public.limits import download_per_address, download_per_supporter

_SENDERS = {
    "mailto": lambda letter: mailto_link(letter).url,
    "gmail": gmail_url,
    "outlook": outlook_url,
}


def _letter_or_redirect() -> LetterContext | Response:
    context = current_letter()
    if context is None:
        flash(_("Your letter has not been written yet, or this browser has forgotten it."), "info")
        return redirect(url_for("public.write_letter"))
    return context


def _attachment(rendered: Rendered) -> Response:
    """A download saved under the renderer's file name (letter-to-Jane_Smith-MP.pdf)."""
    response = Response(rendered.body, mimetype=rendered.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


def _count(context: LetterContext, output: OutputFormat) -> None:
    record_output(
        context.letter_key,
        context.campaign.slug,
        context.constituency,
        output,
        context.draft.concern,
        event_id=current_event_id(),
        language=str(context.letter.language),
        source=context.draft.arrival,
    )
    # Once produced, the letter is finished when step 1 is started again (see draft_for_step_one).
    mark_output(context.draft)


@bp.get("/letter.pdf")
@download_per_supporter
@download_per_address
def letter_pdf():
    """The print-ready PDF, to sign and post."""
    context = _letter_or_redirect()
    if isinstance(context, Response):
        return context
    if context.draft.unprintable:
        flash(_("We cannot make a PDF of this letter. You can still send it by email."), "error")
        return redirect(url_for("public.preview"))
    rendered = render(context.letter, OutputFormat.PDF)
    _count(context, OutputFormat.PDF)
    if current_event_id() is not None:
        return _for_printing(rendered)
    return _attachment(rendered)


def _for_printing(rendered: Rendered) -> Response:
    """On an event device the PDF opens in the print page's frame instead of being saved."""
    response = Response(rendered.body, mimetype=rendered.mimetype)
    response.headers["Content-Disposition"] = "inline"
    # Only our own print page may frame it; a PDF runs no scripts of ours.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


@bp.get("/letter.eml")
@download_per_supporter
@download_per_address
def letter_eml():
    """An email draft file that opens in the supporter's own mail program."""
    context = _letter_or_redirect()
    if isinstance(context, Response):
        return context
    if not context.letter.recipient_email:
        abort(404)
    rendered = render(context.letter, OutputFormat.EML)
    _count(context, OutputFormat.EML)
    return _attachment(rendered)


@bp.get("/letter.txt")
@download_per_supporter
@download_per_address
def letter_txt():
    """The letter as plain text, to copy or paste into any email or web form."""
    context = _letter_or_redirect()
    if isinstance(context, Response):
        return context
    rendered = render(context.letter, OutputFormat.TEXT)
    return Response(rendered.body, mimetype=rendered.mimetype)


@bp.get("/letter/send/<via>")
@download_per_supporter
@download_per_address
def send_letter(via: str):
    """Count the letter, then open it in the supporter's email app or webmail."""
    sender = _SENDERS.get(via)
    if sender is None:
        abort(404)
    context = _letter_or_redirect()
    if isinstance(context, Response):
        return context
    if not context.letter.recipient_email:
        abort(404)
    _count(context, OutputFormat.MAILTO)
    return redirect(sender(context.letter), 303)
