"""A campaign's life: draft, live between its opening and closing times, closed, archived.

Public pages ask `webapp.content.published.campaign_state` (cached, one cheap question per
request); staff change a campaign here, and each change is audited. A campaign with no row yet
(a database made before campaigns were rows, emptied in a test) is live: nothing closes by
accident.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from letters.campaign import Controller
from webapp.accounts import audit
from webapp.campaigns.models import CampaignRow
from webapp.clock import utcnow
from webapp.extensions import db

CLOSING_MESSAGE_MAX_CHARS = 2000
CAMPAIGN_TITLE_MAX_CHARS = 200
# A campaign may keep supporters' data after closing for at most this long (about two years).
KEEP_DAYS_MAX = 730


class Status(enum.StrEnum):
    """Where a campaign is in its life."""

    DRAFT = "draft"  # being written: supporters cannot write yet
    LIVE = "live"  # taking letters, between its opening and closing times if it has them
    CLOSED = "closed"  # over: its page says so and it takes no new letters
    ARCHIVED = "archived"  # closed, and read-only for staff


class CampaignChangeError(ValueError):
    """A change that does not fit the campaign's state (say, archiving a live campaign)."""


@dataclass(frozen=True, slots=True)
class CampaignState:
    """A campaign's status and dates as the public pages read them."""

    slug: str
    status: Status
    title: str = ""
    based_on: str = ""
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    closing_message: str = ""
    keep_days: int | None = None  # days data is kept after closing; None: the setting's
    controller: Controller | None = None  # None: the organisation's

    @classmethod
    def live(cls, slug: str) -> CampaignState:
        """A campaign with no row: live, with no dates."""
        return cls(slug=slug, status=Status.LIVE)

    def taking_letters(self, now: dt.datetime) -> bool:
        """True when a supporter may start or send a new letter now."""
        return (
            self.status is Status.LIVE
            and (self.opens_at is None or now >= self.opens_at)
            and (self.closes_at is None or now < self.closes_at)
        )

    def closed_since(self, now: dt.datetime) -> dt.datetime | None:
        """When it closed (by hand, or at its closing time), or None while it is not closed."""
        if self.status in (Status.CLOSED, Status.ARCHIVED):
            return self.closed_at
        if self.status is Status.LIVE and self.closes_at is not None and now >= self.closes_at:
            return self.closes_at
        return None

    def days_kept_after_closing(self, default: int) -> int:
        """Days supporters' letters stay after it closes: its own, else `default` (the
        KEEP_AFTER_CLOSING_DAYS setting)."""
        return self.keep_days if self.keep_days is not None else default

    def opens_later(self, now: dt.datetime) -> dt.datetime | None:
        """The opening time of a live campaign that has not opened yet, else None."""
        if self.status is Status.LIVE and self.opens_at is not None and now < self.opens_at:
            return self.opens_at
        return None


def _state(row: CampaignRow) -> CampaignState:
    return CampaignState(
        slug=row.slug,
        status=Status(row.status),
        title=row.title or "",
        based_on=row.based_on or "",
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        closed_at=row.closed_at,
        closing_message=row.closing_message or "",
        keep_days=row.keep_days,
        controller=_controller(row),
    )


def _controller(row: CampaignRow) -> Controller | None:
    if not row.controller_name:
        return None
    return Controller(
        name=row.controller_name,
        address=row.controller_address or "",
        email=row.controller_email or "",
        data_protection_contact=row.controller_contact or "",
    )


def all_states() -> dict[str, CampaignState]:
    """Every campaign's state, by slug."""
    return {row.slug: _state(row) for row in db.session.scalars(select(CampaignRow))}


def state_of(slug: str) -> CampaignState:
    """One campaign's state, read now (staff pages; the public pages use the cached one)."""
    row = db.session.scalar(select(CampaignRow).where(CampaignRow.slug == slug))
    return _state(row) if row is not None else CampaignState.live(slug)


def exists(slug: str) -> bool:
    """Whether a campaign row has this slug."""
    return db.session.scalar(select(CampaignRow.id).where(CampaignRow.slug == slug)) is not None


def _row(slug: str) -> CampaignRow:
    row = db.session.scalar(select(CampaignRow).where(CampaignRow.slug == slug))
    if row is None:
        row = CampaignRow(
            slug=slug,
            status=Status.LIVE.value,
            title="",
            based_on="",
            closing_message="",
            revision=0,
        )
        db.session.add(row)
    return row


def _save(
    row: CampaignRow,
    before: Status,
    *,
    by,
    detail: str = "",
    action: audit.Action = audit.Action.CAMPAIGN_STATUS,
) -> CampaignState:
    row.revision = (row.revision or 0) + 1
    row.changed_at = utcnow()
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if action is audit.Action.CAMPAIGN_STATUS:
        detail = f"{before.value} → {row.status}" + (f"; {detail}" if detail else "")
    audit.record(action, target=row.slug, detail=detail, actor=by)
    return _state(row)


class SlugTaken(CampaignChangeError):
    """Another campaign already has this slug."""


def create_draft(slug: str, title: str, based_on: str, *, by) -> CampaignState:
    """A new campaign, in draft: only staff see it until it is opened. The caller adds its texts
    (webapp.content.campaign_copy) in the same transaction; this commits."""
    if exists(slug):
        db.session.rollback()  # and with it the texts the caller added
        raise SlugTaken(slug)
    row = CampaignRow(
        slug=slug,
        status=Status.DRAFT.value,
        title=title.strip(),
        based_on=based_on,
        closing_message="",
        revision=0,
    )
    db.session.add(row)
    try:
        return _save(row, Status.DRAFT, by=by, detail=f"started from {based_on}")
    except IntegrityError:  # another editor took the slug between our look and our write
        raise SlugTaken(slug) from None


def open_now(slug: str, *, by) -> CampaignState:
    """Open a draft or closed campaign for letters now (a reopened campaign keeps its words for
    the next closing). A past closing time or a future opening time is cleared."""
    row = _row(slug)
    before = Status(row.status)
    if before is Status.ARCHIVED:
        raise CampaignChangeError("archived")
    now = utcnow()
    row.status = Status.LIVE.value
    row.closed_at = None
    if row.opens_at is not None and row.opens_at > now:
        row.opens_at = None
    if row.closes_at is not None and row.closes_at <= now:
        row.closes_at = None
    return _save(row, before, by=by)


def close_now(slug: str, message: str, *, by) -> CampaignState:
    """Close a campaign now, with the words its page shows from now on."""
    row = _row(slug)
    before = Status(row.status)
    if before is Status.ARCHIVED:
        raise CampaignChangeError("archived")
    row.status = Status.CLOSED.value
    row.closed_at = utcnow()
    row.closing_message = message.strip()
    return _save(row, before, by=by)


def schedule(
    slug: str,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    message: str,
    *,
    by,
) -> CampaignState:
    """Set a campaign's opening and closing times (either may be None) and its closing words."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise CampaignChangeError("closes before it opens")
    row = _row(slug)
    before = Status(row.status)
    if before is Status.ARCHIVED:
        raise CampaignChangeError("archived")
    row.opens_at = opens_at
    row.closes_at = closes_at
    row.closing_message = message.strip()
    detail = f"opens {_when(opens_at)}, closes {_when(closes_at)}"
    return _save(row, before, by=by, detail=detail)


def archive(slug: str, *, by) -> CampaignState:
    """Archive a closed campaign: read-only for staff, closed for supporters."""
    row = _row(slug)
    before = Status(row.status)
    if before is not Status.CLOSED:
        raise CampaignChangeError("only a closed campaign is archived")
    row.status = Status.ARCHIVED.value
    return _save(row, before, by=by)


def rename(slug: str, title: str, *, by) -> CampaignState:
    """Give a campaign a new title (its web address stays: supporters' links keep working)."""
    row = _row(slug)
    before = Status(row.status)
    if before is Status.ARCHIVED:
        raise CampaignChangeError("archived")
    old, row.title = row.title, title.strip()
    return _save(
        row,
        before,
        by=by,
        detail=f"title “{old}” → “{row.title}”",
        action=audit.Action.CAMPAIGN_DETAILS,
    )


def set_privacy(
    slug: str, keep_days: int | None, controller: Controller | None, *, by
) -> CampaignState:
    """How long after closing supporters' data is kept (None: the setting), and who is
    responsible for it (None: the organisation)."""
    if keep_days is not None and not 0 <= keep_days <= KEEP_DAYS_MAX:
        raise CampaignChangeError("keep_days out of range")
    row = _row(slug)
    before = Status(row.status)
    if before is Status.ARCHIVED:
        raise CampaignChangeError("archived")
    row.keep_days = keep_days
    row.controller_name = controller.name if controller else ""
    row.controller_address = controller.address if controller else ""
    row.controller_email = controller.email if controller else ""
    row.controller_contact = controller.data_protection_contact if controller else ""
    detail = (
        f"kept {keep_days if keep_days is not None else 'the default number of'} days after "
        f"closing; controller: {controller.name if controller else 'the organisation'}"
    )
    return _save(row, before, by=by, detail=detail, action=audit.Action.CAMPAIGN_DETAILS)


def _when(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "—"
