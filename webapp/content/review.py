"""Two people publish: one editor submits a version, a second editor approves it or sends it back.

With the PUBLISH_NEEDS_APPROVAL setting on (the default in production) nobody publishes alone:
"Publish" becomes "Submit for review", and only another editor's approval publishes. Approval
runs every check again, and an editor can approve neither a version they wrote nor one they
submitted. Every step is a row in content_review, so the history shows who wrote, who asked,
who approved or sent it back, when, and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from letters.campaign import Campaign
from letters.templating import Problem
from webapp.accounts import audit
from webapp.accounts.models import StaffUser
from webapp.content import checks, versions
from webapp.content.models import ContentReview, ContentVersion, ReviewAction
from webapp.extensions import db

COMMENT_MAX_CHARS = 1000


def needs_approval() -> bool:
    """Whether a second editor must approve before a version is published."""
    return bool(current_app.config.get("PUBLISH_NEEDS_APPROVAL"))


class ReviewRefused(Exception):
    """A review step that is not allowed; the message says why, for the editor."""


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


def steps_by_version(campaign: str, kind: str) -> dict[int, list[ContentReview]]:
    """Every review step of a kind, grouped by version number (for the history page)."""
    grouped: dict[int, list[ContentReview]] = defaultdict(list)
    for step in steps(campaign, kind):
        grouped[step.number].append(step)
    return grouped


def _add(version: ContentVersion, action: ReviewAction, by: StaffUser, comment: str = "") -> None:
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
    db.session.commit()


def _target(version: ContentVersion) -> str:
    return f"{version.kind} v{version.number}"


def submit(version: ContentVersion, *, by: StaffUser) -> None:
    """Ask a second editor to review `version`."""
    if state(version.campaign, version.kind, version.number).awaiting:
        raise ReviewRefused(f"Version {version.number} is already waiting for review.")
    _add(version, ReviewAction.SUBMITTED, by)
    audit.record("submit_for_review", target=_target(version))


def refusal_to_approve(version: ContentVersion, user: StaffUser) -> str | None:
    """Why `user` may not approve `version` now, or None when they may."""
    current = state(version.campaign, version.kind, version.number)
    if not current.awaiting:
        return f"Version {version.number} is not waiting for review: submit it first."
    if user.id in (version.author_id, current.submitted_by_id):
        return (
            "You cannot approve your own change: another editor must review it, so that two "
            "people have read everything supporters will send."
        )
    return None


def approve(campaign: Campaign, version: ContentVersion, *, by: StaffUser) -> list[Problem]:
    """Approve and publish `version`, unless the checks find errors (returned, not published)."""
    refusal = refusal_to_approve(version, by)
    if refusal:
        raise ReviewRefused(refusal)
    errors = checks.errors_in(checks.check_content(campaign, version.kind, version.body))
    if errors:
        return errors
    _add(version, ReviewAction.APPROVED, by)
    versions.publish(campaign.slug, version.kind, version.number, by=by)
    audit.record(audit.Action.APPROVE, target=_target(version))
    audit.record(audit.Action.PUBLISH, target=_target(version))
    return []


def send_back(version: ContentVersion, *, by: StaffUser, comment: str) -> None:
    """Return `version` to its author with a comment saying what to change."""
    if not state(version.campaign, version.kind, version.number).awaiting:
        raise ReviewRefused(f"Version {version.number} is not waiting for review.")
    if not comment.strip():
        raise ReviewRefused("Say what needs changing, so the author knows what to do.")
    _add(version, ReviewAction.SENT_BACK, by, comment)
    audit.record("sent_back", target=_target(version), detail=comment)
