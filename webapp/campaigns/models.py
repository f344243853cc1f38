"""The table of campaigns: one row per campaign, holding its life (status, dates, closing words).

Its wording, findings and page text are versioned content (webapp.content), keyed by the same slug.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


class CampaignRow(db.Model):
    """A campaign's status and dates. Every change adds one to its `revision`, so the sum over
    all rows grows with every change anywhere: the public pages ask for that sum once per request
    (webapp.content.published) and every worker sees a change on its next request."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    # Shown to supporters and staff; empty: the title in the campaign's files.
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The folder under CAMPAIGNS_DIR its settings and first texts come from (a copied campaign
    # names its source's); empty: a folder named after its own slug.
    based_on: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16))
    opens_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    closes_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    closing_message: Mapped[str] = mapped_column(Text, default="")
    # Supporters' data is deleted this many days after the campaign closes (sooner than
    # PURGE_AFTER_DAYS after writing, never later); None: the KEEP_AFTER_CLOSING_DAYS setting.
    keep_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Who is responsible for this campaign's supporters' data, when not the organisation that
    # runs the site (the main campaign's [controller]); all empty: the organisation.
    controller_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    controller_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    controller_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    controller_contact: Mapped[str] = mapped_column(String(254), default="", server_default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)


class CampaignAccess(db.Model):
    """A staff account limited to chosen campaigns: one row per campaign it may work on. An
    account with no rows may work on every campaign (admins always may)."""

    __tablename__ = "campaign_access"
    __table_args__ = (UniqueConstraint("user_id", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    slug: Mapped[str] = mapped_column(String(64))
