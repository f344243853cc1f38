"""Who may see what in the staff area.

Every staff URL needs a signed-in, active staff member, and is for editors unless its view is
marked `@viewer_allowed`: a new page is closed to viewers until someone decides otherwise.
Pages marked `@admin_only` (staff accounts, the audit log) are for admins, who may use every page.
Sessions end after STAFF_SESSION_HOURS (default 8) from sign-in, whatever the cookie says, and
as soon as the account's session token in the database changes (signing out, being disabled, a
new password), so a copied cookie stops working too. Where STAFF_REQUIRE_TWO_FACTOR is on, someone
without an authenticator app is sent to set one up before anything else.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from webapp.accounts.models import Role, StaffUser
from webapp.extensions import db, login_manager
from webapp.i18n import _

SIGNED_IN_AT = "staff_signed_in_at"
DEFAULT_SESSION_HOURS = 8


def viewer_allowed(view: Callable) -> Callable:
    """Mark a read-only view that viewers may use (editors may use every view)."""
    view.staff_role = Role.VIEWER
    return view


def admin_only(view: Callable) -> Callable:
    """Mark a view only admins may use (managing staff accounts, reading the audit log)."""
    view.staff_role = Role.ADMIN
    return view


def anonymous_allowed(view: Callable) -> Callable:
    """Mark a view open to people not signed in (only the sign-in page)."""
    view.staff_role = None
    return view


def required_role(endpoint: str | None) -> Role | None:
    """The role an endpoint needs: None (anyone), viewer, editor (the default) or admin."""
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "staff_role", Role.EDITOR)


# Pages someone may use before setting up a required authenticator app.
TWO_FACTOR_SETUP_ENDPOINTS = {"staff.two_factor_setup", "staff.logout"}


@login_manager.user_loader
def _load_user(session_id: str) -> StaffUser | None:
    # The session holds "<account id>:<session token>"; a token that is no longer the account's
    # (signed out, disabled, new password) or a disabled account loads as nobody.
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or len(user_id) > 9 or not token:
        return None
    user = db.session.get(StaffUser, int(user_id))
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(user.session_token, token) else None


def session_expired() -> bool:
    """True when the sign-in is older than the session lifetime (or carries no time at all)."""
    hours = current_app.config.get("STAFF_SESSION_HOURS", DEFAULT_SESSION_HOURS)
    signed_in = session.get(SIGNED_IN_AT)
    return not isinstance(signed_in, int | float) or time.time() - signed_in > hours * 3600


def require_staff():
    """Before every staff page: sign-in, session age, two-factor setup and the role it needs."""
    needed = required_role(request.endpoint)
    if needed is None:
        return None
    if current_user.is_authenticated and session_expired():
        logout_user()
        session.pop(SIGNED_IN_AT, None)
        flash(_("Your session has ended. Please sign in again."), "info")
    if not current_user.is_authenticated:
        return redirect(url_for("staff.login", next=_here()))
    if needed is Role.EDITOR and not current_user.is_editor:
        abort(403)
    if needed is Role.ADMIN and not current_user.is_admin:
        abort(403)
    if two_factor_missing() and request.endpoint not in TWO_FACTOR_SETUP_ENDPOINTS:
        flash(_("The staff area needs an authenticator app: set one up to go on."), "info")
        return redirect(url_for("staff.two_factor_setup"))
    return None


def two_factor_missing() -> bool:
    """True when the setting requires an authenticator app and the signed-in person has none."""
    return bool(current_app.config.get("STAFF_REQUIRE_TWO_FACTOR")) and not (
        current_user.is_authenticated and current_user.has_two_factor
    )


def _here() -> str:
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None.

    Refuses anything a browser could read as another site: scheme or host (https://…,
    javascript:…), protocol-relative "//host", backslashes ("/\\host" is "//host" to browsers),
    and control characters.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
