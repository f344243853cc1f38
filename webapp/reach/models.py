"""Share links staff make for a campaign, and the partner sites allowed to embed it.

A letter's source itself is not a table: it is four short columns (`source`, `utm_source`,
`utm_medium`, `utm_campaign`) on the anonymous count, the kept letter or updates consent, and the
reported reply, so a letter is counted under where it came from without naming anyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db

# The longest source code and utm_* value kept; longer values are cut (webapp.reach.sources).
SOURCE_MAX_CHARS = 32
UTM_MAX_CHARS = 64


class ShareLink(db.Model):
    """A link to a campaign carrying a source code, with a label staff recognise
    ("Oxfam newsletter May")."""

    __tablename__ = "share_links"
    __table_args__ = (UniqueConstraint("campaign", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(SOURCE_MAX_CHARS))
    label: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        AwareDateTime(), default=utcnow, server_default=func.now()
    )


class PartnerSite(db.Model):
    """An origin ("https://partner.example") allowed to frame a campaign's pages; letters
    written inside its frame count under its `source`."""

    __tablename__ = "partner_sites"
    __table_args__ = (UniqueConstraint("campaign", "origin"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(SOURCE_MAX_CHARS))
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        AwareDateTime(), default=utcnow, server_default=func.now()
    )
