"""Sending events: sign each one (Standard Webhooks), POST it, and retry with backoff.

`deliver_due(now)` is what the send job runs. For each enabled endpoint it sends that endpoint's
pending deliveries oldest first, and stops at the first that fails, or whose retry time has not
come: events reach a CRM in the order they happened (a "forget me" never overtakes the
"subscribed" it undoes), and a dead endpoint costs one short request per run, not one per
event. A failed send stays pending with its next try at now + min(cap, base·2^(attempts−1))
(settings WEBHOOK_RETRY_BASE_SECONDS, WEBHOOK_RETRY_CAP_SECONDS); nothing is ever dropped.

Each delivery is claimed before it is sent (its next try moved past the send's timeout, in one
conditional UPDATE), so two send jobs running at once never send the same event twice at the
same time. The HTTP call has a short timeout, follows no redirect, verifies TLS, and keeps no
response body: 2xx is delivered, anything else (or no answer) is tried again.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
import ssl
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update
from standardwebhooks import Webhook

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.webhooks import addresses
from webapp.webhooks.models import DeliveryState, WebhookDelivery, WebhookEndpoint, WebhookMessage

ERROR_MAX_CHARS = 200
BATCH = 100  # deliveries to one endpoint a run; the next run takes the rest
USER_AGENT = "write-to-your-mp-webhooks/1"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one send attempt gave: an HTTP status (None: no answer) and a short error."""

    status: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True, slots=True)
class SendReport:
    delivered: int = 0
    failed: int = 0


def body_bytes(payload: dict) -> bytes:
    """The JSON body as sent and signed (compact, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_headers(secret: str, msg_id: str, body: bytes, now: dt.datetime) -> dict[str, str]:
    """The Standard Webhooks headers: webhook-id, webhook-timestamp and webhook-signature
    ("v1," + base64 HMAC-SHA256 of "id.timestamp.body" under the secret's key)."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body),
    }


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt: base·2^(attempts−1), capped."""
    config = current_app.config
    base = int(config["WEBHOOK_RETRY_BASE_SECONDS"])
    cap = int(config["WEBHOOK_RETRY_CAP_SECONDS"])
    return dt.timedelta(seconds=min(cap, base * 2 ** min(max(attempts - 1, 0), 30)))


def deliver_due(now: dt.datetime | None = None) -> SendReport:
    """Send every delivery whose time has come, endpoint by endpoint, oldest first."""
    delivered = failed = 0
    endpoint_ids = list(
        db.session.scalars(select(WebhookEndpoint.id).where(WebhookEndpoint.enabled.is_(True)))
    )
    for endpoint_id in endpoint_ids:
        sent, broke = _deliver_to(endpoint_id, now)
        delivered += sent
        failed += int(broke)
    return SendReport(delivered=delivered, failed=failed)


def _deliver_to(endpoint_id: int, now: dt.datetime | None) -> tuple[int, bool]:
    """Send one endpoint's due deliveries in order; (how many went, whether one failed)."""
    pending = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.endpoint_id == endpoint_id,
                WebhookDelivery.state == DeliveryState.PENDING.value,
            )
            .order_by(WebhookDelivery.message_id, WebhookDelivery.id)
            .limit(BATCH)
        )
    )
    sent = 0
    for delivery_id in pending:
        moment = now or utcnow()
        if not _claim(delivery_id, moment):
            break  # not due yet (waiting for its retry), or another job has it
        if not send_one(delivery_id, now=moment):
            return sent, True
        sent += 1
    return sent, False


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take a due delivery for this run: move its next try past the send's time limit."""
    lease = now + dt.timedelta(seconds=4 * int(current_app.config["WEBHOOK_TIMEOUT_SECONDS"]))
    claimed = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.state == DeliveryState.PENDING.value,
            WebhookDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=lease)
    ).rowcount
    db.session.commit()
    return bool(claimed)


def send_one(delivery_id: int, *, now: dt.datetime | None = None) -> bool:
    """Send one claimed delivery and record what happened; True when it was delivered."""
    now = now or utcnow()
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state != DeliveryState.PENDING.value:
        return False
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id)
    message = db.session.get(WebhookMessage, delivery.message_id)
    db.session.commit()  # no transaction stays open during the HTTP call
    outcome = post(endpoint.url, endpoint.secret, message.msg_id, message.payload)
    _record(delivery, endpoint, outcome, now)
    return outcome.delivered


def post(url: str, secret: str, msg_id: str, payload: dict) -> Outcome:
    """POST one signed event to `url`, signed at this moment (the real clock); never raises."""
    config = current_app.config
    allow_private = bool(config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"])
    timeout = float(config["WEBHOOK_TIMEOUT_SECONDS"])
    try:
        target = addresses.resolve(url, allow_private=allow_private)
    except addresses.RefusedAddress as refused:
        return Outcome(None, _clip(str(refused)))
    body = body_bytes(payload)
    headers = {
        **signed_headers(secret, msg_id, body, utcnow()),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    connection = _connection(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        status, reason = response.status, response.reason
        response.read(1024)  # a little of the body, so the connection closes cleanly; not kept
    except TimeoutError:
        return Outcome(None, f"No answer within {timeout:g} s")
    except ssl.SSLError as exc:
        return Outcome(None, _clip(f"TLS failed: {exc.reason or type(exc).__name__}"))
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(None, _clip(f"Connection failed: {_describe(exc)}"))
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome(status, None)
    return Outcome(status, _clip(f"HTTP {status} {reason}".strip()))


def _record(
    delivery: WebhookDelivery, endpoint: WebhookEndpoint, outcome: Outcome, now: dt.datetime
) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status = outcome.status
    if outcome.delivered:
        delivery.state = DeliveryState.DELIVERED.value
        delivery.delivered_at = now
        delivery.last_error = None
        endpoint.last_success_at = now
        endpoint.failures_in_a_row = 0
        endpoint.last_error = None
    else:
        delivery.last_error = outcome.error
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        endpoint.last_failure_at = now
        endpoint.last_error = outcome.error
        endpoint.failures_in_a_row += 1
    db.session.commit()


def _connection(target: addresses.Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout)
    return _PinnedHTTPConnection(target, timeout)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, not to a fresh lookup of the name."""

    def __init__(self, target: addresses.Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.checked_address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.checked_address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, verifying the certificate for the URL's host name."""

    def __init__(self, target: addresses.Target, timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.checked_address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.checked_address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    return type(exc).__name__


def _clip(text: str) -> str:
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"
