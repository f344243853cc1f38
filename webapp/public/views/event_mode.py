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
from dataclasses import dataclass

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from webapp.events.models import Event
from webapp.events.service import event_for_token, is_running
from webapp.extensions import db, limiter
from webapp.i18n import _
from webapp.public.blueprint import bp, form_limit
from webapp.public.forms import ConfirmForm
from webapp.public.letter_state import FINISHED_KEY, current_letter, forget_draft

EVENT_KEY = "event"
SEEN_KEY = "event_seen"


@dataclass(frozen=True, slots=True)
class ActiveEvent:
    """The event this browser is a device for, as pages need it."""

    id: int
    name: str
    idle_seconds: int
    warning_seconds: int


def current_event() -> ActiveEvent | None:
    """The event this browser is a device for, or None (asked once per request)."""
    if "active_event" in g:
        return g.active_event
    active = None
    event_id = session.get(EVENT_KEY)
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is not None and is_running(event):
            config = current_app.config
            active = ActiveEvent(
                event.id,
                event.name,
                config["EVENT_IDLE_SECONDS"],
                config["EVENT_IDLE_WARNING_SECONDS"],
            )
        else:  # the event is over (or was ended by staff): this is an ordinary browser again
            session.pop(EVENT_KEY, None)
            session.pop(SEEN_KEY, None)
    g.active_event = active
    return active


def current_event_id() -> int | None:
    """The id of the event this browser is a device for, for the anonymous count."""
    if EVENT_KEY not in session:  # the download hot path: no query for ordinary browsers
        return None
    active = current_event()
    return active.id if active else None


def clear_device() -> None:
    """Forget everything about the letter on this device: draft, finished letter's link."""
    forget_draft()
    session.pop(FINISHED_KEY, None)


@bp.before_app_request
def _clear_when_idle() -> None:
    """On an event device, a page opened after the idle time starts clean.

    Only page views (GET) clear: a form sent after a long pause is still its writer's, and what
    they typed must not be lost.
    """
    if EVENT_KEY not in session or request.endpoint in (None, "static"):
        return
    active = current_event()
    if active is None:
        return
    now = int(time.time())
    seen = session.get(SEEN_KEY, now)
    if request.method == "GET" and now - seen > active.idle_seconds:
        clear_device()
        flash(_("The letter left on this device was cleared, so you can start afresh."), "info")
    session[SEEN_KEY] = now


@bp.app_context_processor
def _event_context() -> dict:
    """Pages show the event banner, and event.js its idle timer, on event devices."""
    return {"active_event": current_event() if EVENT_KEY in session else None}


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
        clear_device()
        session[EVENT_KEY] = event.id
        session[SEEN_KEY] = int(time.time())
        flash(_("This browser is now a shared device for %(name)s.", name=event.name), "success")
        return redirect(url_for("public.campaign"), 303)
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
