"""Migration 0012: the install's one campaign becomes the first campaign row, live, and keeps
every version, publication, count, kept letter and event it had."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select
from webapp_helpers import add_row_as_of_schema, page

from webapp.campaigns.models import CampaignRow
from webapp.content.models import ContentPublication, ContentVersion
from webapp.events.models import Event
from webapp.extensions import db
from webapp.schema import downgrade, upgrade
from webapp.submissions.models import LetterCount, Submission

# After 0012, on to the newest: the app reads the campaign row with every later column.
BEFORE, AFTER = "0011_export_state_from_job", "head"
SLUG = "baghdad-returns"
WHEN = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
KEPT = (ContentVersion, ContentPublication, LetterCount, Submission, Event)


def _rows_of_a_running_campaign() -> None:
    """What an install of revision 0011 holds: a published word list, letters, an event."""
    add_row_as_of_schema(ContentVersion, campaign=SLUG, kind="words", number=1, body="Peshmerga\n")
    add_row_as_of_schema(
        ContentPublication, campaign=SLUG, kind="words", number=1, published_at=WHEN
    )
    add_row_as_of_schema(Event, campaign=SLUG, name="Leeds stall", starts_at=WHEN, ends_at=WHEN)
    for number in range(3):
        add_row_as_of_schema(
            LetterCount,
            letter_key=f"key-{number}",
            campaign=SLUG,
            constituency_code="E14001172",
            nation="England",
            created_on=WHEN.date(),
        )
    add_row_as_of_schema(
        Submission,
        campaign=SLUG,
        letter_key="key-0",
        constituency_code="E14001172",
        name="Amira Haddad",
        address_lines=["1 Example Street", "London"],
        postcode="SW1A 1AA",
        keep_letter=True,
        consent_updates=False,
    )
    db.session.commit()


def _counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in KEPT
    }


def test_the_one_campaign_becomes_a_live_row_and_keeps_everything(unmigrated_app):
    upgrade(unmigrated_app, BEFORE)
    with unmigrated_app.app_context():
        _rows_of_a_running_campaign()
        before = _counts()
    upgrade(unmigrated_app, AFTER)
    with unmigrated_app.app_context():
        [row] = db.session.scalars(select(CampaignRow)).all()
        assert (row.slug, row.status, row.closed_at) == (SLUG, "live", None)
        assert (row.keep_days, row.controller_name) == (
            None,
            "",
        )  # 0013: the setting's, the organisation
        assert _counts() == before
        assert all(count > 0 for count in before.values())
        # 0014: every letter written before languages were recorded was English.
        assert set(db.session.scalars(select(LetterCount.language))) == {"en"}
        assert set(db.session.scalars(select(Submission.language))) == {"en"}
    assert page(unmigrated_app.test_client().get("/")).find("input", id="postcode") is not None


def test_downgrade_drops_only_the_campaign_table(unmigrated_app):
    upgrade(unmigrated_app, BEFORE)
    with unmigrated_app.app_context():
        _rows_of_a_running_campaign()
        before = _counts()
    upgrade(unmigrated_app, AFTER)
    downgrade(unmigrated_app, BEFORE)
    with unmigrated_app.app_context():
        assert "campaign" not in inspect(db.engine).get_table_names()
        assert _counts() == before
