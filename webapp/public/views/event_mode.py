"""Event mode: a browser on a shared device at a letter-writing event.

Staff switch a browser into event mode from the staff area (Events): either on the device itself,
or by opening the event's device link there. The link names the event and carries an HMAC made
with SECRET_KEY, so it cannot be made up. For the event's named time window, on that browser:
- each letter ends (thank-you page) with everything cleared from the device, the private link
  of a kept letter included, so the next person cannot reload it;
- a page left alone for EVENT_IDLE_SECONDS is cleared, after a warning (event.js); without
  JavaScript, the next page opened after that time starts clean instead;
- the PDF is printed, not saved: the print page shows it in a frame and asks the browser to print
  it, and email and file downloads (which would leave things on the device) are not offered;
- each letter's anonymous count carries the event's id, for the per-event dashboard.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, url_for

from webapp.campaign_prefix import campaign_address
from webapp.events.service import event_for_token
from webapp.extensions import limiter
from webapp.i18n import _
from webapp.public import event_device
from webapp.public.blueprint import bp, form_limit
from webapp.public.event_device import clear_device, current_event
from webapp.public.forms import ConfirmForm
from webapp.public.letter_state import current_letter


@bp.before_app_request
def _clear_when_idle() -> None:
    """On an event device, a page opened after the idle time starts clean.

    Only page views (GET) clear: a form sent after a long pause is still its writer's, and what
    they typed must not be lost.
    """
    if not event_device.is_device() or request.endpoint in (None, "static"):
        return
    active = current_event()
    if active is None:
        return
    now = int(time.time())
    seen = event_device.note_seen(now)
    if request.method == "GET" and now - seen > active.idle_seconds:
        clear_device()
        flash(_("The letter left on this device was cleared, so you can start afresh."), "info")


@bp.app_context_processor
def _event_context() -> dict:
    """Pages show the event banner, and event.js its idle timer, on event devices."""
    return {"active_event": current_event() if event_device.is_device() else None}


@bp.route("/event/<token>", methods=["GET", "POST"])
@limiter.limit(form_limit, methods=["POST"])
def event_join(token: str):
    """Switch this browser into event mode for the event the link names."""
    event = event_for_token(token)
    if event is None:
        page = render_template("public/event_join.html", event=None, form=None, token=token)
        return page, 404
    form = ConfirmForm()
    if form.validate_on_submit():
        event_device.join(event)
        flash(_("This browser is now a shared device for %(name)s.", name=event.name), "success")
        # The event's own campaign, wherever the link was opened.
        main = current_app.config["CAMPAIGN"]
        return redirect(campaign_address(request.environ, event.campaign, main), 303)
    return render_template("public/event_join.html", event=event, form=form, token=token)


@bp.post("/event/clear")
def event_clear():
    """Clear the device now (the idle warning's timeout, or the banner's button)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        clear_device()
        flash(_("Everything typed on this device has been cleared."), "success")
    return redirect(url_for("public.campaign"), 303)


@bp.get("/your-letter/print")
def print_letter():
    """Event devices print the PDF instead of saving it: shown in a frame, then printed."""
    if current_letter() is None:
        return redirect(url_for("public.write_letter"))
    return render_template("public/print_letter.html")
