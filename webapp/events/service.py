"""Letter-writing events: the device link's token, and whether an event is running.

Shared by the public pages (event mode on a device: webapp.public.views.event_mode) and the staff
area (starting and ending events: webapp.staff.views.events). The link names the event and carries
an HMAC made with SECRET_KEY, so a device link cannot be made up.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import current_app
from itsdangerous import BadSignature, Signer

from webapp.clock import utcnow
from webapp.events.models import Event
from webapp.extensions import db

TOKEN_MAX_CHARS = 120
_SALT = "event-device-link"


def _signer() -> Signer:
    return Signer(current_app.secret_key, salt=_SALT, digest_method=hashlib.sha256)


def device_token(event: Event) -> str:
    """The token in an event's device link."""
    return _signer().sign(str(event.id)).decode("ascii")


def event_for_token(token: str) -> Event | None:
    """The running event a device link names, or None when the link is not valid or has ended."""
    if not token or len(token) > TOKEN_MAX_CHARS:
        return None
    try:
        event_id = int(_signer().unsign(token).decode("ascii"))
    except (BadSignature, UnicodeDecodeError, ValueError):
        return None
    event = db.session.get(Event, event_id)
    return event if event is not None and is_running(event) else None


def is_running(event: Event) -> bool:
    """True between the event's start and its end."""
    now = utcnow()
    return event.starts_at <= now < event.ends_at


def get(event_id: int) -> Event | None:
    """The event with this id, or None."""
    return db.session.get(Event, event_id) if 0 < event_id < 2**31 else None


def start(campaign: str, name: str, hours: int, *, by) -> Event:
    """A new event of `campaign`, running from now for `hours`; commits."""
    now = utcnow()
    event = Event(
        campaign=campaign,
        name=name.strip(),
        started_by_id=by.id,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=hours),
    )
    db.session.add(event)
    db.session.commit()
    return event


def end(event: Event) -> None:
    """End an event now; its devices become ordinary browsers at their next page."""
    event.ends_at = utcnow()
    db.session.commit()
