"""Tables of the staff area: accounts, content versions, MP overrides, imports and export jobs.

History tables are append-only: a save, a publication, an override or a revert adds a row and
never rewrites one, so every change can be shown, compared and undone.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


def utcnow() -> dt.datetime:
    """The current time in UTC (stored timezone-aware where the database supports it)."""
    return dt.datetime.now(dt.UTC)


class Role(enum.StrEnum):
    """Staff roles, each able to do everything the ones below it can."""

    ADMIN = "admin"  # also manages staff accounts and reads the audit log
    EDITOR = "editor"
    VIEWER = "viewer"


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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of every signed-in session's id; a new token ends every session made with the old
    # one (signing out, being disabled, changing the password), wherever its cookie was copied.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Base32 secret of the authenticator app (TOTP), once set up; None when not set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time step a code was accepted for, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

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
        return {"admin": "an admin", "editor": "an editor"}.get(self.role, "a viewer")

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


class ContentVersion(db.Model):
    """One saved version of a letter template ("template:<name>") or of the findings file."""

    __tablename__ = "content_version"
    __table_args__ = (UniqueConstraint("campaign", "kind", "number", name="uq_content_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    based_on: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class ContentPublication(db.Model):
    """Publishing a version adds a row; the newest per (campaign, kind) is what supporters get."""

    __tablename__ = "content_publication"
    __table_args__ = (Index("ix_content_publication_kind", "campaign", "kind", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    published_by: Mapped[StaffUser | None] = relationship(lazy="joined")


class MPOverride(db.Model):
    """A staff correction to one seat's MP; the newest row per constituency wins.

    `cleared` means "back to the bundled data" (a revert), `vacant` means nobody holds the seat.
    """

    __tablename__ = "mp_override"
    __table_args__ = (Index("ix_mp_override_code", "constituency_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    constituency_code: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    full_title: Mapped[str] = mapped_column(String(250), default="")
    salutation: Mapped[str] = mapped_column(String(200), default="")
    party: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)
    cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(300), default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("mp_import.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[StaffUser | None] = relationship(lazy="joined")


class MPImport(db.Model):
    """An uploaded Members API file, kept so "Apply" works from any worker and shows later."""

    __tablename__ = "mp_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    payload: Mapped[str] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    applied_changes: Mapped[int | None] = mapped_column(Integer)

    uploaded_by: Mapped[StaffUser | None] = relationship(lazy="joined")


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportKind(enum.StrEnum):
    MERGED_PDF = "pdf"
    ZIP = "zip"


class ExportJob(db.Model):
    """A letter download being built in the background; its state lives here for any server."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(8))
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: constituency, date range
    status: Mapped[str] = mapped_column(String(16), default=ExportStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # The file store's key for the finished file (webapp.filestore), e.g. "db:42".
    file_path: Mapped[str | None] = mapped_column(String(500))
    # The background job building it (webapp.jobs), which notices a worker that died.
    job_id: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    requested_by: Mapped[StaffUser | None] = relationship(lazy="joined")


class AuditEvent(db.Model):
    """One thing done in the staff area that someone may later need to account for.

    Append-only (webapp.staff.audit.record adds rows; nothing edits them). `actor_email` is copied
    so the row still reads right after the account is renamed; `address` is the client's IP.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_action_at", "action", "created_at"),
        Index("ix_audit_event_subject_at", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    # The staff account acted on (a sign-in's account, a role change's colleague), when any.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    # A sign-in's browser, from its signed "known device" cookie (webapp.staff.throttle).
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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[StaffUser] = relationship(foreign_keys=[user_id], lazy="joined")


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; kept hashed."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ReviewAction(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SENT_BACK = "sent_back"


class ContentReview(db.Model):
    """One step of a version's review by a second editor: submitted, approved or sent back.

    Append-only, like the versions: a version's state is its newest row, and the rows are the
    history of who asked, who approved or sent it back, when, and why.
    """

    __tablename__ = "content_review"
    __table_args__ = (Index("ix_content_review_version", "campaign", "kind", "number", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    comment: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    by: Mapped[StaffUser | None] = relationship(lazy="joined")


class ContentCheck(db.Model):
    """The checks' result for one text, keyed by a hash of everything the result depends on.

    The text, the published findings and word list it was checked against, and which template it
    is all go into `key`, so a stored result is never stale: a change to any of them is a new key.
    Checks can take seconds, so they run as background jobs (`job_id`) and every app server reads
    the same result here; `problems` is None until the job has stored it.
    """

    __tablename__ = "content_check"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256, hex
    campaign: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(120))
    # What the job checks (JSON), cleared once the result is stored.
    inputs: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[int | None] = mapped_column(Integer)
    problems: Mapped[str | None] = mapped_column(Text)  # JSON: [[severity, message, line, word], …]
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
