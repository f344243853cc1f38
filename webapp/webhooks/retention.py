"""Events keep personal data only as long as they must: until every endpoint has them.

The purge (webapp.retention.purge) calls `before_purge` with the rows it is about to delete, so
each supporter who had asked for updates gets a `supporter.forgotten` event, recorded and sent
(as far as the CRM answers) before their row goes, and `after_purge` at its end: an event every
endpoint has received keeps its type and times but loses its body, and an event older than the
purge's cutoff goes altogether, delivered or not (personal data never outlives the purge; a CRM
down for that long is told nothing more).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, select, update

from webapp.extensions import db
from webapp.submissions.models import Submission
from webapp.webhooks import events
from webapp.webhooks.models import DeliveryState, WebhookDelivery, WebhookMessage
from webapp.webhooks.sending import deliver_due


def before_purge(expired: ColumnElement[bool]) -> int:
    """Record `supporter.forgotten` for each subscribed supporter in `expired`, commit, and
    send what is due now; returns how many events were recorded."""
    rows = list(
        db.session.scalars(select(Submission).where(expired, Submission.consent_updates.is_(True)))
    )
    recorded = events.forget_purged(rows)
    if recorded:
        db.session.commit()
        deliver_due()
    return recorded


def after_purge(cutoff: dt.datetime) -> tuple[int, int]:
    """Blank delivered events' personal bodies and delete events older than `cutoff`;
    returns (bodies forgotten, events deleted)."""
    waiting = select(WebhookDelivery.id).where(
        WebhookDelivery.message_id == WebhookMessage.id,
        WebhookDelivery.state == DeliveryState.PENDING.value,
    )
    forgotten = db.session.execute(
        update(WebhookMessage)
        .where(WebhookMessage.personal.is_(True), ~waiting.exists())
        .values(payload={}, personal=False)
        .execution_options(synchronize_session=False)
    ).rowcount
    old = select(WebhookMessage.id).where(WebhookMessage.created_at < cutoff)
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.message_id.in_(old)))
    deleted = db.session.execute(
        delete(WebhookMessage).where(WebhookMessage.created_at < cutoff)
    ).rowcount
    db.session.commit()
    return forgotten or 0, deleted or 0
