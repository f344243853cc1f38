"""Events for the organisation's CRM, recorded in the same transaction as what they report.

Each function here adds one `WebhookMessage` and a `WebhookDelivery` per enabled endpoint to the
session and commits nothing: the caller's own commit keeps the event and what it reports together
(a rolled-back letter leaves no event). Once that commit has happened, a send job is queued at the
end of the request (`webapp.webhooks.tasks.send_soon`); the HTTP call is never made in a
supporter's request.

Personal data (name, email, postcode) leaves only for supporters who asked for updates
(`consent_updates`); for everyone else an event carries anonymous facts only: campaign,
constituency, language, source, date and stance. With no enabled endpoint, nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from letters.errors import LettersError
from webapp.clock import utcnow
from webapp.content.published import current_directory
from webapp.extensions import db
from webapp.replies.models import MpReply
from webapp.submissions.models import Submission
from webapp.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage

log = logging.getLogger(__name__)

# Set on the session when an event is added, so its commit queues a send job.
RECORDED = "webhooks_recorded"


class EventType(StrEnum):
    SUBSCRIBED = "supporter.subscribed"
    FORGOTTEN = "supporter.forgotten"
    LETTER_KEPT = "letter.kept"
    REPLY_REPORTED = "reply.reported"
    TEST = "webhook.test"


class ForgetReason(StrEnum):
    WITHDRAWN = "withdrawn"  # deleted through their private link, or unticked "updates"
    PURGED = "purged"  # their time ran out (webapp.retention.purge)


def new_msg_id() -> str:
    """A Standard Webhooks message id: "msg_" and 24 random URL-safe characters."""
    return "msg_" + secrets.token_urlsafe(18)


def supporter_id(submission: Submission) -> str:
    """A stable id for the supporter of one kept letter, the same in every event about them.

    A hash of the row's random private-link id (or letter key), so it says nothing about the
    supporter and cannot be turned back into their private link.
    """
    seed = submission.link_id or submission.letter_key
    return "sup_" + hashlib.sha256(f"webhook-supporter:{seed}".encode()).hexdigest()[:24]


def supporter_subscribed(submission: Submission, *, reminder: bool = False) -> None:
    """A supporter asked for updates: who they are and what they agreed to."""
    if not submission.consent_updates:
        return
    data = {
        **_supporter(submission),
        **_facts(submission.campaign, submission.constituency_code, submission),
        "postcode": submission.postcode or None,
        "consents": {
            "updates": True,
            "keep_letter": bool(submission.keep_letter),
            "reminder": bool(reminder),
        },
        "subscribed_at": _iso(utcnow()),
    }
    record(EventType.SUBSCRIBED, submission.campaign, data, personal=True)


def supporter_forgotten(
    submission: Submission, reason: ForgetReason = ForgetReason.WITHDRAWN
) -> None:
    """A supporter who had asked for updates withdrew or was purged: the CRM should forget them.

    Recorded before their row is deleted (the caller deletes it in the same transaction).
    """
    if not submission.consent_updates or not submission.email:
        return
    data = {
        "supporter_id": supporter_id(submission),
        "email": submission.email,
        "campaign": submission.campaign,
        "reason": str(reason),
        "forgotten_at": _iso(utcnow()),
    }
    record(EventType.FORGOTTEN, submission.campaign, data, personal=True)


def letter_kept(submission: Submission) -> None:
    """A letter was kept; it names the supporter only if they asked for updates."""
    if not submission.keep_letter:
        return
    data = {
        **_facts(submission.campaign, submission.constituency_code, submission),
        "date": _day(submission.created_at),
    }
    personal = bool(submission.consent_updates)
    if personal:
        data["supporter"] = _supporter(submission)
    record(EventType.LETTER_KEPT, submission.campaign, data, personal=personal)


def reply_reported(reply: MpReply) -> None:
    """A supporter reported their MP's reply (the stance, never the reply's text)."""
    data = {
        **_facts(reply.campaign, reply.constituency_code, reply),
        "date": reply.replied_on.isoformat() if reply.replied_on else _day(reply.reported_at),
        "stance": reply.stance,
        "mp": {"name": reply.mp_name or None, "party": reply.party or None},
    }
    kept = db.session.scalars(
        select(Submission).where(Submission.letter_key == reply.letter_key)
    ).first()
    personal = bool(kept is not None and kept.consent_updates)
    if personal:
        data["supporter"] = _supporter(kept)
    record(EventType.REPLY_REPORTED, reply.campaign, data, personal=personal)


def submission_saved(submission: Submission, *, reminder: bool = False) -> None:
    """What a supporter's (re)saved choices mean for the CRM (called before the commit).

    A new or changed "updates" consent (or new details) is `supporter.subscribed`; "updates"
    unticked on a letter that had it is `supporter.forgotten`; a letter newly kept (or changed)
    is `letter.kept`. Saving the same form again with nothing changed sends nothing.
    """
    with db.session.no_autoflush:  # a query must not flush the row and lose its history
        if not _any_endpoint():
            return
        state = inspect(submission)
        new = state.pending or state.transient

        def changed(*names: str) -> bool:
            return new or any(state.attrs[name].history.has_changes() for name in names)

        was_subscribed = list(state.attrs["consent_updates"].history.deleted)[:1] == [True]
        email_before = (list(state.attrs["email"].history.deleted) or [submission.email])[0]
        withdrawn = not new and was_subscribed and not submission.consent_updates
        subscribed = submission.consent_updates and changed(
            "consent_updates", "name", "email", "constituency_code", "keep_letter"
        )
        kept = submission.keep_letter and changed("keep_letter", "content_hash")
        if withdrawn:
            _forget_as_before(submission, email_before)
        if subscribed:
            supporter_subscribed(submission, reminder=reminder)
        if kept:
            letter_kept(submission)


def letter_dropped(letter_key: str) -> None:
    """The supporter unticked every box: if they had asked for updates, the CRM forgets them."""
    if not _any_endpoint():
        return
    row = db.session.scalars(
        select(Submission).where(
            Submission.letter_key == letter_key, Submission.consent_updates.is_(True)
        )
    ).first()
    if row is not None:
        supporter_forgotten(row)


def forget_purged(submissions: Iterable[Submission]) -> int:
    """`supporter.forgotten` for each subscribed supporter about to be purged; returns how many."""
    if not _any_endpoint():
        return 0
    count = 0
    for row in submissions:
        if row.consent_updates and row.email:
            supporter_forgotten(row, ForgetReason.PURGED)
            count += 1
    return count


def record(event_type: str, campaign: str | None, data: dict[str, Any], *, personal: bool) -> int:
    """Add one event and its deliveries (one per enabled endpoint) to the session, uncommitted.

    Returns how many deliveries were added (0 when no endpoint is enabled: nothing is kept).
    """
    with db.session.no_autoflush:
        endpoint_ids = _enabled_endpoint_ids()
    if not endpoint_ids:
        return 0
    msg_id = new_msg_id()
    message = WebhookMessage(
        msg_id=msg_id,
        event_type=str(event_type),
        campaign=campaign,
        payload={"type": str(event_type), "timestamp": _iso(utcnow()), "data": data},
        personal=personal,
    )
    db.session.add(message)
    for endpoint_id in endpoint_ids:
        db.session.add(WebhookDelivery(message=message, endpoint_id=endpoint_id))
    _mark_recorded(db.session())
    return len(endpoint_ids)


def _forget_as_before(submission: Submission, email: str | None) -> None:
    if not email:
        return
    data = {
        "supporter_id": supporter_id(submission),
        "email": email,
        "campaign": submission.campaign,
        "reason": str(ForgetReason.WITHDRAWN),
        "forgotten_at": _iso(utcnow()),
    }
    record(EventType.FORGOTTEN, submission.campaign, data, personal=True)


def _supporter(submission: Submission) -> dict[str, Any]:
    given, _, family = " ".join((submission.name or "").split()).partition(" ")
    return {
        "supporter_id": supporter_id(submission),
        "name": submission.name,
        "given_name": given,
        "family_name": family,
        "email": submission.email,
    }


def _facts(campaign: str, code: str, row: Any) -> dict[str, Any]:
    """The anonymous facts every event may carry: campaign, seat, language and source."""
    return {
        "campaign": campaign,
        "constituency": {"code": code, "name": _seat_name(code)},
        "language": getattr(row, "language", None) or "en",
        "source": {
            "source": getattr(row, "source", None),
            "utm_source": getattr(row, "utm_source", None),
            "utm_medium": getattr(row, "utm_medium", None),
            "utm_campaign": getattr(row, "utm_campaign", None),
        },
    }


def _seat_name(code: str) -> str | None:
    try:
        return current_directory().constituency(code).name
    except (LettersError, LookupError):
        return None


def _iso(moment: dt.datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _day(moment: dt.datetime | None) -> str:
    return (moment or utcnow()).date().isoformat()


def _enabled_endpoint_ids() -> list[int]:
    query = select(WebhookEndpoint.id).where(WebhookEndpoint.enabled.is_(True))
    with db.session.no_autoflush:
        return list(db.session.scalars(query.order_by(WebhookEndpoint.id)))


def _any_endpoint() -> bool:
    return bool(_enabled_endpoint_ids())


def _mark_recorded(session: Session) -> None:
    session.info[RECORDED] = True
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    if not session.info.pop(RECORDED, False):
        return
    from webapp.webhooks.tasks import send_soon

    send_soon()


def _after_rollback(session: Session, previous_transaction: Any) -> None:
    session.info.pop(RECORDED, None)
