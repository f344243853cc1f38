"""The audit log page (admins only): newest first, filtered by what happened, a page at a time."""

from __future__ import annotations

from flask import current_app, render_template, request

from webapp.accounts import audit
from webapp.accounts.access import admin_only
from webapp.staff.blueprint import bp

PAGE_SIZE = 100  # events a page; the AUDIT_PAGE_SIZE setting overrides it
# Ids in the URL are bounded before the database sees them (a bigger one is just ignored).
_MAX_ID_DIGITS = 9


def _before_id() -> int | None:
    raw = request.args.get("before", "")
    return int(raw) if raw.isdigit() and len(raw) <= _MAX_ID_DIGITS else None


@bp.route("/audit")
@admin_only
def audit_log():
    """The newest audit events, optionally only one kind (`?action=`), older pages by `?before=`."""
    action = request.args.get("action", "")
    if action not in audit.LABELS:
        action = ""
    size = current_app.config.get("AUDIT_PAGE_SIZE", PAGE_SIZE)
    events, older = audit.page(action, _before_id(), size)
    return render_template(
        "staff/audit.html",
        events=events,
        older=older,
        action=action,
        actions=audit.LABELS,
        label=audit.label,
    )
