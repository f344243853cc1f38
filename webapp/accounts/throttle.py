"""Sign-in throttling that slows guessing down without letting anyone lock staff out.

Failed sign-ins (rows of the audit log) slow further attempts down per account and per address:
past a few free failures in WINDOW, each attempt must wait twice as long as the last, up to
MAX_DELAY. While an account or address is slowed down:

- a browser the account has signed in from before (it carries a signed "known device" cookie)
  is not slowed by other people's failures, only by its own, so a stranger cannot keep the
  account's owner out from their usual browser;
- anywhere else, a correct password together with a correct authenticator code (or recovery
  code) still signs in: guessing both at once is hopeless, so no wait is needed for it.

The counts live in the database, so every worker sees them and they survive a Redis outage.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets

from flask import Request, Response, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from webapp.accounts.audit import Action
from webapp.accounts.models import AuditEvent, StaffUser
from webapp.clock import utcnow
from webapp.extensions import db

WINDOW = dt.timedelta(minutes=15)
ACCOUNT_FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20  # offices share an address: more room before it slows down
DEVICE_FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 300
DEVICE_COOKIE = "staff_device"
DEVICE_DAYS = 90
# Only this many recent failures are read: past it the wait is at its cap anyway.
_READ_LIMIT = 64


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="staff-known-device")


def device_id(request: Request) -> str:
    """This browser's known-device id from its signed cookie, or "" (none, or forged)."""
    raw = request.cookies.get(DEVICE_COOKIE, "")
    if not raw or len(raw) > 200:
        return ""
    try:
        value = _serializer().loads(raw)
    except BadSignature:
        return ""
    return value if isinstance(value, str) and len(value) == 32 else ""


def remember_device(response: Response, device: str) -> str:
    """Give the browser a known-device cookie (keeping its id if it has one); returns the id."""
    device = device or secrets.token_hex(16)
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(device),
        max_age=DEVICE_DAYS * 24 * 3600,
        path="/staff",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return device


def is_known_device(user: StaffUser, device: str) -> bool:
    """True when `user` has signed in from this browser within DEVICE_DAYS."""
    if not device:
        return False
    since = utcnow() - dt.timedelta(days=DEVICE_DAYS)
    query = select(AuditEvent.id).where(
        AuditEvent.subject_id == user.id,
        AuditEvent.action == Action.SIGN_IN,
        AuditEvent.device == device,
        AuditEvent.created_at >= since,
    )
    return db.session.scalar(query.limit(1)) is not None


def _failure_times(*conditions) -> list[dt.datetime]:
    query = (
        select(AuditEvent.created_at)
        .where(
            AuditEvent.action == Action.SIGN_IN_FAILED,
            AuditEvent.created_at >= utcnow() - WINDOW,
            *conditions,
        )
        .order_by(AuditEvent.created_at.desc())
        .limit(_READ_LIMIT)
    )
    return list(db.session.scalars(query))


def _wait(times: list[dt.datetime], free: int) -> int:
    """Seconds still to wait after these failures (newest first), given `free` ones."""
    if len(times) < free:
        return 0
    delay = min(FIRST_DELAY_SECONDS * 2 ** (len(times) - free), MAX_DELAY_SECONDS)
    waited = (utcnow() - times[0]).total_seconds()
    return max(0, math.ceil(delay - waited))


def wait_seconds(user: StaffUser | None, address: str, device: str) -> int:
    """How long this attempt must wait before a password alone is checked (0: go ahead)."""
    if user is not None and is_known_device(user, device):
        return _wait(
            _failure_times(AuditEvent.subject_id == user.id, AuditEvent.device == device),
            DEVICE_FREE_FAILURES,
        )
    waits = [_wait(_failure_times(AuditEvent.address == address), ADDRESS_FREE_FAILURES)]
    if user is not None:
        waits.append(_wait(_failure_times(AuditEvent.subject_id == user.id), ACCOUNT_FREE_FAILURES))
    return max(waits)


def failures_since(user: StaffUser, since: dt.datetime | None) -> tuple[int, AuditEvent | None]:
    """Failed sign-ins on `user`'s account after `since`: how many, and the latest."""
    conditions = [AuditEvent.action == Action.SIGN_IN_FAILED, AuditEvent.subject_id == user.id]
    if since is not None:
        conditions.append(AuditEvent.created_at > since)
    count = db.session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    latest = db.session.scalar(
        select(AuditEvent).where(*conditions).order_by(AuditEvent.id.desc()).limit(1)
    )
    return count, latest
