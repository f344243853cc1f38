"""The one rule for publishing a version: who may, what must pass, and what is recorded.

Every path that makes a version the one supporters get (publish alone, save and publish,
approve a review) calls `publish`, so the rule cannot differ between them:

- with PUBLISH_NEEDS_APPROVAL on, the version must be waiting for review and the publisher
  must be neither its author nor the editor who submitted it (the approval is recorded);
- the campaign must not be archived (archived campaigns are read-only);
- every check must have finished and found no error;
- the publication row and the audit log entries are written here, and only here.
"""

from __future__ import annotations

from letters.campaign import Campaign
from letters.templating import Problem
from webapp.accounts import audit
from webapp.accounts.models import StaffUser
from webapp.campaigns import service as campaigns
from webapp.content import checks, review, versions
from webapp.content.models import ContentPublication, ContentVersion, ReviewAction
from webapp.extensions import db
from webapp.i18n import _, ngettext


class PublishRefused(Exception):
    """A version was not published; `message` says why, `problems` the errors (if any)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def publish(campaign: Campaign, version: ContentVersion, *, by: StaffUser) -> ContentPublication:
    """Make `version` the one supporters get, or raise PublishRefused saying why not."""
    if campaigns.state_of(campaign.slug).status is campaigns.Status.ARCHIVED:
        raise PublishRefused(_("This campaign is archived: nothing in it can be published."))
    approving = review.needs_approval()
    if approving:
        refusal = review.refusal_to_approve(version, by)
        if refusal:
            raise PublishRefused(refusal)
    errors = checks.errors_in(checks.check_content(campaign, version.kind, version.body))
    if errors:
        raise PublishRefused(refusal_message(version.number, errors), errors)
    if approving:
        review.add_step(version, ReviewAction.APPROVED, by)
    row = versions.add_publication(campaign.slug, version.kind, version.number, by=by)
    db.session.commit()  # the approval and the publication land together
    target = review.target(version)
    if approving:
        audit.record(audit.Action.APPROVE, target=target, actor=by)
    audit.record(audit.Action.PUBLISH, target=target, actor=by)
    return row


def refusal_message(number: int, errors: list[Problem]) -> str:
    """Why version `number` was not published, for the editor."""
    if checks.is_pending(errors):
        return _(
            "Version %(number)s was not published: its checks have not finished yet. "
            "Try again in a few seconds.",
            number=number,
        )
    return ngettext(
        "Version %(number)s was not published: fix the error listed first.",
        "Version %(number)s was not published: fix the %(num)d errors listed first.",
        len(errors),
        number=number,
    )
