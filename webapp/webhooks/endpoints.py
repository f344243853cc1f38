"""Webhook endpoints for the staff page: add (secret shown once), list with state, switch on or
off, delete, send a test event, retry now. Every change is in the audit log."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select, update

from webapp.accounts import audit
from webapp.accounts.models import StaffUser
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.webhooks import addresses, events
from webapp.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookMessage
from webapp.webhooks.tasks import send_now

DESCRIPTION_MAX_CHARS = 200
RECENT_DELIVERIES = 50
SECRET_BYTES = 24  # "whsec_" + 32 base64 characters


@dataclass(frozen=True, slots=True)
class EndpointState:
    """An endpoint as the staff page shows it."""

    endpoint: WebhookEndpoint
    pending: int
    healthy: bool  # nothing failing: its last attempt (if any) was delivered
    failing_since: dt.datetime | None


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One recent delivery, without the event's body (no personal data on the page)."""

    id: int
    event_type: str
    created_at: dt.datetime
    attempts: int
    state: str
    next_attempt_at: dt.datetime | None
    last_status: int | None
    last_error: str | None


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and the base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def check_url(url: str) -> str:
    """The URL, stripped, if events may go there; else RefusedAddress (says why)."""
    allow = bool(current_app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"])
    addresses.resolve(url, allow_private=allow)
    return url.strip()


def add(url: str, description: str, *, by: StaffUser) -> WebhookEndpoint:
    """Add an enabled endpoint with a new secret (RefusedAddress for a URL we may not use)."""
    endpoint = WebhookEndpoint(
        url=check_url(url),
        description=(description or "").strip()[:DESCRIPTION_MAX_CHARS],
        secret=new_secret(),
        enabled=True,
        created_by=by.id,
    )
    db.session.add(endpoint)
    db.session.commit()
    audit.record("webhook_endpoint_added", target=_name(endpoint), actor=by)
    return endpoint


def get(endpoint_id: int) -> WebhookEndpoint | None:
    return db.session.get(WebhookEndpoint, endpoint_id)


def everything() -> list[EndpointState]:
    """Every endpoint with its state, oldest first."""
    return [state_of(endpoint) for endpoint in db.session.scalars(_endpoints())]


def state_of(endpoint: WebhookEndpoint) -> EndpointState:
    pending = db.session.scalar(
        select(func.count()).where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.state == DeliveryState.PENDING.value,
        )
    )
    failing = endpoint.failures_in_a_row > 0
    since = None
    if failing:
        since = db.session.scalar(
            select(func.min(WebhookDelivery.last_attempt_at)).where(
                WebhookDelivery.endpoint_id == endpoint.id,
                WebhookDelivery.state == DeliveryState.PENDING.value,
                WebhookDelivery.attempts > 0,
            )
        )
    return EndpointState(endpoint, pending or 0, not failing, since or endpoint.last_failure_at)


def recent_deliveries(endpoint_id: int, limit: int = RECENT_DELIVERIES) -> list[DeliveryRow]:
    """The newest deliveries to an endpoint: type, time, attempts, state, next try."""
    query = (
        select(
            WebhookDelivery.id,
            WebhookMessage.event_type,
            WebhookMessage.created_at,
            WebhookDelivery.attempts,
            WebhookDelivery.state,
            WebhookDelivery.next_attempt_at,
            WebhookDelivery.last_status,
            WebhookDelivery.last_error,
        )
        .join(WebhookMessage, WebhookMessage.id == WebhookDelivery.message_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    rows = []
    for row in db.session.execute(query):
        pending = row.state == DeliveryState.PENDING.value
        rows.append(
            DeliveryRow(
                id=row.id,
                event_type=row.event_type,
                created_at=row.created_at,
                attempts=row.attempts,
                state=row.state,
                next_attempt_at=row.next_attempt_at if pending else None,
                last_status=row.last_status,
                last_error=row.last_error,
            )
        )
    return rows


def set_enabled(endpoint: WebhookEndpoint, enabled: bool, *, by: StaffUser) -> None:
    """Switch an endpoint on or off. Off, it gets no new events and its waiting ones wait."""
    endpoint.enabled = enabled
    db.session.commit()
    action = "webhook_endpoint_enabled" if enabled else "webhook_endpoint_disabled"
    audit.record(action, target=_name(endpoint), actor=by)
    if enabled:
        send_now()


def remove(endpoint: WebhookEndpoint, *, by: StaffUser) -> int:
    """Delete an endpoint and the deliveries waiting for it; returns how many were waiting."""
    name = _name(endpoint)
    waiting = state_of(endpoint).pending
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.commit()
    forget_orphan_messages()
    audit.record("webhook_endpoint_deleted", target=name, detail=f"{waiting} waiting", actor=by)
    return waiting


def send_test(endpoint: WebhookEndpoint, *, by: StaffUser) -> None:
    """Queue a `webhook.test` event to this endpoint alone, and a send job."""
    message = WebhookMessage(
        msg_id=events.new_msg_id(),
        event_type=str(events.EventType.TEST),
        campaign=None,
        payload={
            "type": str(events.EventType.TEST),
            "timestamp": utcnow().isoformat(timespec="seconds").replace("+00:00", "Z"),
            "data": {"message": "A test event from the campaign's staff area."},
        },
        personal=False,
    )
    db.session.add(message)
    db.session.add(WebhookDelivery(message=message, endpoint_id=endpoint.id))
    db.session.commit()
    audit.record("webhook_test_sent", target=_name(endpoint), actor=by)
    send_now()


def retry_now(endpoint: WebhookEndpoint, *, by: StaffUser, now: dt.datetime | None = None) -> int:
    """Make every waiting delivery to the endpoint due now and queue a send; returns how many."""
    changed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.state == DeliveryState.PENDING.value,
        )
        .values(next_attempt_at=now or utcnow())
    ).rowcount
    db.session.commit()
    audit.record("webhook_retry_now", target=_name(endpoint), detail=f"{changed} waiting", actor=by)
    send_now()
    return changed or 0


def forget_orphan_messages() -> int:
    """Delete events no endpoint is waiting for or has had (their endpoints were deleted)."""
    orphans = select(WebhookMessage.id).where(
        ~select(WebhookDelivery.id).where(WebhookDelivery.message_id == WebhookMessage.id).exists()
    )
    deleted = db.session.execute(
        delete(WebhookMessage).where(WebhookMessage.id.in_(orphans))
    ).rowcount
    db.session.commit()
    return deleted or 0


def _endpoints():
    return select(WebhookEndpoint).order_by(WebhookEndpoint.id)


def _name(endpoint: WebhookEndpoint) -> str:
    return f"webhook {endpoint.id}: {endpoint.url}"
