"""One publishing rule on every path: here the command line, beside the editor and review pages."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL

from letters.campaign import load_campaign
from webapp.accounts.models import AuditEvent, StaffUser
from webapp.content import published, versions
from webapp.content.models import ContentPublication
from webapp.extensions import db

TEMPLATE = "template:default"
OLD_ASK = "press the Home Office to stop these returns"
NEW_ASK = "press the Home Office to end these returns"


def save_edit(app: Flask, body: str, email: str = EDITOR_EMAIL) -> int:
    """Store `body` as the template's next version by `email`; returns its number."""
    with app.app_context():
        campaign = published.current_campaign()
        versions.ensure_seeded(campaign)
        author = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        newest = versions.latest(campaign.slug, TEMPLATE)
        saved = versions.save(
            campaign.slug, TEMPLATE, body, based_on=newest.number, author=author, note="test"
        )
        return saved.number


def default_text() -> str:
    text = load_campaign().templates["default"].replace("\r\n", "\n")
    assert OLD_ASK in text
    return text


def publish_on_the_command_line(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["content", "publish", *args])


def publications(app: Flask) -> list[tuple[int, str]]:
    """Publications after the seeding (which publishes each file as version 1)."""
    with app.app_context():
        rows = db.session.scalars(select(ContentPublication).order_by(ContentPublication.id))
        return [(row.number, row.kind) for row in rows if row.number > 1]


def audit_actions(app: Flask) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [
            (row.action, row.actor_email) for row in rows if row.action in ("publish", "approve")
        ]


def published_source(app: Flask) -> str:
    with app.test_request_context():
        return published.published_template(published.current_campaign()).source


def test_the_command_line_publishes_a_checked_version_and_records_who(app, make_user):
    make_user(EDITOR_EMAIL, "editor")
    number = save_edit(app, default_text().replace(OLD_ASK, NEW_ASK))
    result = publish_on_the_command_line(app, TEMPLATE, str(number), "--by", EDITOR_EMAIL)
    assert result.exit_code == 0, result.output
    assert f"Published {TEMPLATE} version {number}" in result.output
    assert NEW_ASK in published_source(app)
    assert publications(app) == [(number, TEMPLATE)]
    assert audit_actions(app) == [("publish", EDITOR_EMAIL)]


def test_the_command_line_refuses_a_version_whose_checks_fail(app, make_user):
    """A broken `{% if %}` is refused with the checks' own problem list; nothing is published."""
    make_user(EDITOR_EMAIL, "editor")
    broken = default_text().replace(OLD_ASK, "{% if supporter.reason %}" + NEW_ASK)
    number = save_edit(app, broken)
    result = publish_on_the_command_line(app, TEMPLATE, str(number), "--by", EDITOR_EMAIL)
    assert result.exit_code == 1
    assert f"Version {number} was not published" in result.output
    assert "line " in result.output
    assert NEW_ASK not in published_source(app)
    assert publications(app) == []
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["template:nonesuch", "2", "--by", EDITOR_EMAIL], "no such content"),
        ([TEMPLATE, "99", "--by", EDITOR_EMAIL], "has no version 99"),
        ([TEMPLATE, "1", "--by", "nobody@example.org"], "no active editor"),
    ],
)
def test_the_command_line_names_what_it_cannot_find(app, make_user, args, message):
    make_user(EDITOR_EMAIL, "editor")
    result = publish_on_the_command_line(app, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert publications(app) == []


def test_a_viewer_cannot_publish_on_the_command_line(app, make_user):
    make_user("viewer@example.org", "viewer")
    result = publish_on_the_command_line(app, TEMPLATE, "1", "--by", "viewer@example.org")
    assert result.exit_code == 2
    assert "no active editor" in result.output


class TestWithApproval:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PUBLISH_NEEDS_APPROVAL": True}

    def test_an_author_cannot_publish_their_own_unreviewed_version(self, app, make_user):
        make_user(EDITOR_EMAIL, "editor")
        number = save_edit(app, default_text().replace(OLD_ASK, NEW_ASK))
        result = publish_on_the_command_line(app, TEMPLATE, str(number), "--by", EDITOR_EMAIL)
        assert result.exit_code == 1
        assert "review" in result.output
        assert NEW_ASK not in published_source(app)
        assert publications(app) == []


def test_the_command_line_lists_each_kind_with_what_is_published(app):
    result = app.test_cli_runner().invoke(args=["content", "list"])
    assert result.exit_code == 0, result.output
    assert f"{TEMPLATE}\tnewest: 1\tpublished: 1" in result.output
    assert "findings\t" in result.output
