"""Tables of staff accounts: users, one-time links, recovery codes, and the audit log.

The audit log is append-only: rows are added, never edited.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db
from webapp.i18n import _, _l


class Role(enum.StrEnum):
    """Staff roles, each able to do everything the ones below it can."""

    ADMIN = "admin"  # also manages staff accounts and reads the audit log
    EDITOR = "editor"
    VIEWER = "viewer"


ROLE_NAMES = {Role.ADMIN: _l("admin"), Role.EDITOR: _l("editor"), Role.VIEWER: _l("viewer")}


# Stored as the password hash of an invited colleague who has not chosen a password yet; no
# password ever matches it (werkzeug refuses a hash without its "method$salt$hash" parts).
NO_PASSWORD = "!"  # noqa: S105 - a marker that matches no password


def new_session_token() -> str:
    """A fresh random session token (see StaffUser.session_token)."""
    return secrets.token_hex(16)


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.VIEWER.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
    # Part of every signed-in session's id; a new token ends every session made with the old
    # one (signing out, being disabled, changing the password), wherever its cookie was copied.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Base32 secret of the authenticator app (TOTP), once set up; None when not set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time step a code was accepted for, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())

    def get_id(self) -> str:
        """Flask-Login keeps this in the session: the account id and its current session token."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """End every open session of this account (the caller commits)."""
        self.session_token = new_session_token()

    @property
    def has_password(self) -> bool:
        """False for an invited colleague who has not yet chosen a password."""
        return self.password_hash != NO_PASSWORD

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def role_label(self) -> str:
        """The role in plain words: "an admin", "an editor", "a viewer"."""
        return {"admin": _("an admin"), "editor": _("an editor")}.get(self.role, _("a viewer"))

    @property
    def role_name(self) -> str:
        """The role's name, translated: "admin", "editor", "viewer"."""
        return str(ROLE_NAMES.get(self.role, self.role))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to log in (or load) inactive users
        return bool(self.active)

    @property
    def is_editor(self) -> bool:
        """Editors and admins may change content and download letters."""
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<StaffUser {self.email} {self.role}>"


class AuditEvent(db.Model):
    """One thing done in the staff area that someone may later need to account for.

    Append-only (webapp.accounts.audit.record adds rows; nothing edits them). `actor_email` is
    copied so the row still reads right after the account is renamed; `address` is the client's IP.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_action_at", "action", "created_at"),
        Index("ix_audit_event_subject_at", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    # The staff account acted on (a sign-in's account, a role change's colleague), when any.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    # A sign-in's browser, from its signed "known device" cookie (webapp.accounts.throttle).
    device: Mapped[str] = mapped_column(String(32), default="")


class LinkPurpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


class StaffLink(db.Model):
    """A one-time link an admin passes on: an invitation or a password reset.

    Only a hash of the link's secret is kept, so the table cannot be used to sign in.
    """

    __tablename__ = "staff_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(AwareDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())

    user: Mapped[StaffUser] = relationship(foreign_keys=[user_id], lazy="joined")


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; kept hashed."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[dt.datetime | None] = mapped_column(AwareDateTime())
