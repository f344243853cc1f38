"""Webhook endpoints, the events waiting for them, and each event's delivery to each endpoint.

An event (`WebhookMessage`) is written in the same transaction as what it reports, then one
`WebhookDelivery` per enabled endpoint is sent by a queued job, retried with backoff until it
arrives: a dead endpoint loses nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, false, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"


class WebhookEndpoint(db.Model):
    """A receiver (the CRM's URL) and the secret its events are signed with."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    # "whsec_" + base64 (Standard Webhooks); shown to the admin once, when the endpoint is made.
    secret: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(200), default="", server_default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        AwareDateTime(), default=utcnow, server_default=func.now()
    )
    last_success_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    failures_in_a_row: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WebhookMessage(db.Model):
    """One event: its Standard Webhooks id ("msg_…"), type and JSON body."""

    __tablename__ = "webhook_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    msg_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    campaign: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    # True when the body names a supporter (only those who asked for updates): retention
    # removes such bodies once every endpoint has them.
    personal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(
        AwareDateTime(), default=utcnow, server_default=func.now(), index=True
    )


class WebhookDelivery(db.Model):
    """One message to one endpoint: pending until the endpoint answers 2xx."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_messages.id", ondelete="CASCADE"), index=True
    )
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default=DeliveryState.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)

    message: Mapped[WebhookMessage] = relationship()
