"""The staff audit log: one call, `record(action, ...)`, for anything staff must account for.

Every sign-in, failed sign-in, role change, publication and download of personal data is recorded
with who did it, when and from which address; admins read the log at /staff/audit. Rows are only
ever added. Call `record` after your own change is committed (it commits its row).
"""

from __future__ import annotations

import enum

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from webapp.accounts.models import AuditEvent, StaffUser
from webapp.extensions import db
from webapp.i18n import _l

TARGET_MAX_CHARS = 200
DETAIL_MAX_CHARS = 500
ACTION_MAX_CHARS = 64


class Action(enum.StrEnum):
    """What happened. `record` also takes any other short string, shown as it is."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name, not a password
    PASSWORD_RESET_LINK = "password_reset_link"  # noqa: S105 - an action name
    TWO_FACTOR_ON = "two_factor_on"
    TWO_FACTOR_OFF = "two_factor_off"
    RECOVERY_CODE_USED = "recovery_code_used"
    INVITE = "invite"
    INVITE_ACCEPTED = "invite_accepted"
    ROLE_CHANGE = "role_change"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    PUBLISH = "publish"
    APPROVE = "approve"
    DOWNLOAD_PERSONAL_DATA = "download_personal_data"
    CAMPAIGN_STATUS = "campaign_status"
    CAMPAIGN_ACCESS = "campaign_access"
    CAMPAIGN_DETAILS = "campaign_details"


LABELS = {
    Action.SIGN_IN: _l("Signed in"),
    Action.SIGN_IN_FAILED: _l("Failed sign-in"),
    Action.SIGN_OUT: _l("Signed out"),
    Action.PASSWORD_CHANGE: _l("Password changed"),
    Action.PASSWORD_RESET_LINK: _l("Password reset link made"),
    Action.TWO_FACTOR_ON: _l("Authenticator app set up"),
    Action.TWO_FACTOR_OFF: _l("Authenticator app removed"),
    Action.RECOVERY_CODE_USED: _l("Recovery code used"),
    Action.INVITE: _l("Colleague invited"),
    Action.INVITE_ACCEPTED: _l("Invitation accepted"),
    Action.ROLE_CHANGE: _l("Role changed"),
    Action.ACCOUNT_DISABLED: _l("Account disabled"),
    Action.ACCOUNT_ENABLED: _l("Account enabled"),
    Action.PUBLISH: _l("Published"),
    Action.APPROVE: _l("Approved"),
    Action.DOWNLOAD_PERSONAL_DATA: _l("Downloaded personal data"),
    Action.CAMPAIGN_STATUS: _l("Campaign opened, closed or rescheduled"),
    Action.CAMPAIGN_ACCESS: _l("Campaigns an account may work on changed"),
    Action.CAMPAIGN_DETAILS: _l("Campaign renamed, or its privacy settings changed"),
}


def label(action: str) -> str:
    """The plain-words name of an action for the audit page."""
    return str(LABELS.get(action, action.replace("_", " ").capitalize()))


def _clip(text: object, limit: int) -> str:
    # Columns are bounded; a long value is cut, never refused, so recording cannot fail on size.
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _signed_in_user() -> StaffUser | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action: str,
    *,
    target: object = None,
    detail: object = None,
    subject: StaffUser | None = None,
    actor: StaffUser | None = None,
    device: str = "",
) -> AuditEvent:
    """Add one event to the audit log and commit it; returns the row.

    `action` is an `Action` (or another short verb phrase); `target` names what was acted on
    ("template:default v7", "supporters.csv"); `detail` is a short note ("editor → admin").
    `actor` defaults to the signed-in staff member and `subject` is the staff account acted on,
    when there is one; `device` is a sign-in's known-device id (webapp.accounts.throttle). The
    client's address comes from the current request, if any.
    """
    actor = actor if actor is not None else _signed_in_user()
    event = AuditEvent(
        action=_clip(action, ACTION_MAX_CHARS),
        actor_id=actor.id if actor is not None else None,
        actor_email=_clip(actor.email if actor is not None else "", 254),
        subject_id=subject.id if subject is not None else None,
        target=_clip(target, TARGET_MAX_CHARS),
        detail=_clip(detail, DETAIL_MAX_CHARS),
        address=_clip(request.remote_addr or "", 64) if has_request_context() else "",
        device=_clip(device, 32),
    )
    db.session.add(event)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return event


def page(action: str, before: int | None, size: int) -> tuple[list[AuditEvent], int | None]:
    """The newest `size` events (of `action`, if given) older than id `before`, and the id to
    ask for the next page with (None on the last page)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(size + 1)
    if action:
        query = query.where(AuditEvent.action == action)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    events = list(db.session.scalars(query))
    return events[:size], (events[size - 1].id if len(events) > size else None)
