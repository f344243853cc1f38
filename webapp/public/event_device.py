"""Event mode's state on a browser: which event it is a shared device for, and clearing it.

The pages and hooks that use it are in webapp.public.views.event_mode (which says what event
mode does); the letter and download pages ask here whether this browser is an event device.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, g, session

from webapp.events import service as events
from webapp.events.models import Event
from webapp.public.letter_state import forget_draft

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
        event = events.get(event_id)
        if event is not None and events.is_running(event):
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


def is_device() -> bool:
    """Whether this browser was made an event device (the event may since have ended)."""
    return EVENT_KEY in session


def clear_device() -> None:
    """Forget everything about the letter on this device: draft, finished letter's link."""
    forget_draft()


def join(event: Event) -> None:
    """Make this browser a shared device for `event`, starting clean."""
    clear_device()
    session[EVENT_KEY] = event.id
    session[SEEN_KEY] = int(time.time())


def note_seen(now: int) -> int:
    """Record a page view at `now`; returns when the previous one was (or `now`)."""
    seen = session.get(SEEN_KEY, now)
    session[SEEN_KEY] = now
    return seen
