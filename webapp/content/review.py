"""Two people publish: one editor submits a version, a second editor approves it or sends it back.

With the PUBLISH_NEEDS_APPROVAL setting on (the default in production) nobody publishes alone:
"Publish" becomes "Submit for review", and only another editor's approval publishes. Approval
runs every check again, and an editor can approve neither a version they wrote nor one they
submitted (webapp.content.publishing applies these rules). Every step is a row in content_review,
so the history shows who wrote, who asked, who approved or sent it back, when, and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from webapp.accounts import audit
from webapp.accounts.models import StaffUser
from webapp.content.models import ContentReview, ContentVersion, ReviewAction
from webapp.extensions import db
from webapp.i18n import _

COMMENT_MAX_CHARS = 1000


def needs_approval() -> bool:
    """Whether a second editor must approve before a version is published."""
    return bool(current_app.config.get("PUBLISH_NEEDS_APPROVAL"))


class ReviewRefused(Exception):
    """A review step that is not allowed; `message` says why, for the editor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a version stands: its newest review step (None when never submitted)."""

    latest: ContentReview | None

    @property
    def awaiting(self) -> bool:
        return self.latest is not None and self.latest.action == ReviewAction.SUBMITTED

    @property
    def submitted_by_id(self) -> int | None:
        return self.latest.by_id if self.awaiting else None


def steps(campaign: str, kind: str, number: int | None = None) -> list[ContentReview]:
    """Review steps of a kind (or of one version), oldest first."""
    query = select(ContentReview).where(
        ContentReview.campaign == campaign, ContentReview.kind == kind
    )
    if number is not None:
        query = query.where(ContentReview.number == number)
    return list(db.session.scalars(query.order_by(ContentReview.id)))


def state(campaign: str, kind: str, number: int) -> ReviewState:
    """The review state of one version."""
    found = steps(campaign, kind, number)
    return ReviewState(found[-1] if found else None)


def awaiting_review(campaign: str | None = None) -> list[ContentReview]:
    """The submissions still waiting for a second editor (newest step "submitted"), oldest
    first: of one campaign, or of every campaign."""
    newest = select(func.max(ContentReview.id)).group_by(
        ContentReview.campaign, ContentReview.kind, ContentReview.number
    )
    if campaign is not None:
        newest = newest.where(ContentReview.campaign == campaign)
    query = select(ContentReview).where(
        ContentReview.id.in_(newest), ContentReview.action == ReviewAction.SUBMITTED.value
    )
    return list(db.session.scalars(query.order_by(ContentReview.id)))


def steps_by_version(campaign: str, kind: str) -> dict[int, list[ContentReview]]:
    """Every review step of a kind, grouped by version number (for the history page)."""
    grouped: dict[int, list[ContentReview]] = defaultdict(list)
    for step in steps(campaign, kind):
        grouped[step.number].append(step)
    return grouped


def add_step(
    version: ContentVersion, action: ReviewAction, by: StaffUser, comment: str = ""
) -> None:
    """Add one review step to the session (the caller commits it with what goes with it)."""
    db.session.add(
        ContentReview(
            campaign=version.campaign,
            kind=version.kind,
            number=version.number,
            action=action.value,
            by_id=by.id,
            comment=comment.strip()[:COMMENT_MAX_CHARS],
        )
    )


def target(version: ContentVersion) -> str:
    """How a version is named in the audit log."""
    return f"{version.kind} v{version.number}"


def submit(version: ContentVersion, *, by: StaffUser) -> None:
    """Ask a second editor to review `version`."""
    if state(version.campaign, version.kind, version.number).awaiting:
        raise ReviewRefused(
            _("Version %(number)s is already waiting for review.", number=version.number)
        )
    add_step(version, ReviewAction.SUBMITTED, by)
    db.session.commit()
    audit.record("submit_for_review", target=target(version))


def refusal_to_approve(version: ContentVersion, user: StaffUser) -> str | None:
    """Why `user` may not approve (and so publish) `version` now, or None when they may."""
    current = state(version.campaign, version.kind, version.number)
    if not current.awaiting:
        return _(
            "Version %(number)s is not waiting for review: publishing needs a second editor's "
            "approval, so submit it for review first.",
            number=version.number,
        )
    if user.id in (version.author_id, current.submitted_by_id):
        return _(
            "You cannot approve your own change: publishing needs a second editor's approval, "
            "so that two people have read everything supporters will send."
        )
    return None


def send_back(version: ContentVersion, *, by: StaffUser, comment: str) -> None:
    """Return `version` to its author with a comment saying what to change."""
    if not state(version.campaign, version.kind, version.number).awaiting:
        raise ReviewRefused(
            _("Version %(number)s is not waiting for review.", number=version.number)
        )
    if not comment.strip():
        raise ReviewRefused(_("Say what needs changing, so the author knows what to do."))
    add_step(version, ReviewAction.SENT_BACK, by, comment)
    db.session.commit()
    audit.record("sent_back", target=target(version), detail=comment)
