"""Letter steps take letters only while the campaign is open.

Once a campaign has closed (or before it opens) a step's page sends the supporter to the campaign
page, which says so. A form sent after the closing (a page left open overnight) is refused with a
plain page that shows back everything the supporter typed, so nothing they wrote is lost. Letters
written before the closing stay downloadable, and private links keep working.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import redirect, render_template, request, url_for

from webapp.clock import utcnow
from webapp.content.published import campaign_state, current_campaign
from webapp.public.forms import LetterForm, PostcodeForm

# Sent back to the supporter; the honeypot, the token and hidden fields are not theirs to keep.
_NOT_TYPED = frozenset({"csrf_token", "website", "switch_to", "keep_copy", "updates", "remind"})
_FORM_CLASSES = (LetterForm, PostcodeForm)


def _typed() -> list[tuple[str, str]]:
    """(label, text) for each box the supporter filled in, in the form's order."""
    labels: dict[str, str] = {}
    for form_class in _FORM_CLASSES:
        form = form_class(formdata=None, meta={"csrf": False})
        labels.update((field.name, str(field.label.text)) for field in form)
    typed = []
    for name, value in request.form.items():
        if name in _NOT_TYPED or not value.strip() or name not in labels:
            continue
        typed.append((labels[name], value))
    return typed


def open_for_letters(view: Callable) -> Callable:
    """Run a letter step only while the campaign is taking letters."""

    @functools.wraps(view)
    def step(*args, **kwargs):
        campaign = current_campaign()
        state = campaign_state(campaign)
        now = utcnow()
        if state.taking_letters(now):
            return view(*args, **kwargs)
        if request.method != "POST":
            return redirect(url_for("public.campaign"))
        page = render_template(
            "public/campaign_closed.html",
            campaign=campaign,
            closed_since=state.closed_since(now),
            opens_at=state.opens_later(now),
            closing_message=state.closing_message,
            typed=_typed(),
        )
        return page, 409

    return step
