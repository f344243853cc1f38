"""Privacy per campaign: retention counted from a campaign's closing (its own days, else the
setting), a purge that names each campaign it cleared, a campaign's own data controller, and a
new title that keeps the campaign's address."""

from __future__ import annotations

import datetime as dt
import secrets

import time_machine
from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import page, visible_text

from webapp.accounts.models import AuditEvent
from webapp.campaigns.models import CampaignRow
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.retention.purge import purge
from webapp.submissions.models import Submission

CAMPAIGNS = "/staff/campaigns"
STATUS = "/staff/campaign"
MAIN, WINTER = "baghdad-returns", "winter-flights"
PARTNER = {
    "name": "Refugee Action Cymru (example)",
    "address": "2 Example Road, Cardiff CF10 1AA",
    "email": "hello@partner.example",
    "contact": "data@partner.example",
}


def post(client, url: str, **data):
    return client.post(url, data={**data, **form_token(client, STATUS)})


def start_winter(staff) -> None:
    """A second campaign, chosen as the one `staff` works on."""
    data = {"title": "Stop the winter flights", "slug": WINTER, **form_token(staff, CAMPAIGNS)}
    assert staff.post(f"{CAMPAIGNS}/new", data=data).status_code == 302


def keep_letters(app, *campaigns: str) -> None:
    """One kept letter per campaign, written now, with the writer's name the campaign's slug."""
    with app.app_context():
        for slug in campaigns:
            db.session.add(
                Submission(
                    campaign=slug,
                    letter_key=secrets.token_urlsafe(16),
                    constituency_code="E14001172",
                    name=f"Writer for {slug}",
                    address_lines=["1 Example Street", "London"],
                    postcode="SW1A 1AA",
                    email=None,
                    reason=None,
                )
            )
        db.session.commit()


def kept(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Submission.campaign)))


def row(app, slug: str) -> CampaignRow:
    with app.app_context():
        return db.session.scalar(select(CampaignRow).where(CampaignRow.slug == slug))


def test_a_campaign_closed_longer_than_its_days_loses_its_letters_and_is_named(app, editor):
    """Seven days after closing: the closed campaign's letters go, however recent; the live
    campaign's stay; `flask purge` names the campaign it cleared."""
    start_winter(editor)
    saved = post(editor, f"{STATUS}/keep", keep_days="7")
    assert saved.status_code == 302, visible_text(saved)
    assert row(app, WINTER).keep_days == 7
    post(editor, f"{STATUS}/open")
    keep_letters(app, MAIN, WINTER)
    post(editor, f"{STATUS}/close", closing_message="The flights were cancelled.")
    closed = row(app, WINTER).closed_at
    assert closed is not None

    with app.app_context():
        soon = purge(90, now=closed + dt.timedelta(days=6, hours=23))
    assert (soon.submissions, soon.by_campaign, soon.campaigns_ended) == (0, (), ())
    assert kept(app) == [MAIN, WINTER]

    with time_machine.travel(closed + dt.timedelta(days=7, minutes=1), tick=False):
        result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert f"{WINTER}: 1 kept letter(s) deleted" in result.output
    assert f"{WINTER} has been closed for longer than it keeps supporters' data" in result.output
    assert MAIN not in result.output
    assert kept(app) == [MAIN]


def test_without_its_own_days_a_campaign_keeps_letters_for_the_setting(app, editor):
    """KEEP_AFTER_CLOSING_DAYS (here 2) counts from the closing of a campaign that names none."""
    app.config["KEEP_AFTER_CLOSING_DAYS"] = 2
    keep_letters(app, MAIN)
    post(editor, f"{STATUS}/close", closing_message="Thank you for writing.")
    closed = row(app, MAIN).closed_at
    with app.app_context():
        assert purge(90, now=closed + dt.timedelta(days=1)).submissions == 0
        gone = purge(90, now=closed + dt.timedelta(days=2))
    assert (gone.submissions, gone.by_campaign, gone.campaigns_ended) == (1, ((MAIN, 1),), (MAIN,))


def test_a_letter_is_never_kept_longer_than_purge_after_days(app):
    """A live campaign's letters still go PURGE_AFTER_DAYS after they were written."""
    keep_letters(app, MAIN)
    with app.app_context():
        gone = purge(90, now=utcnow() + dt.timedelta(days=91))
    assert (gone.by_campaign, gone.campaigns_ended) == (((MAIN, 1),), ())


def test_days_out_of_range_are_refused_with_a_message_and_kept_in_the_box(app, editor):
    refused = post(editor, f"{STATUS}/keep", keep_days="731")
    assert refused.status_code == 400
    assert "Choose a number of days from 0 to 730." in visible_text(refused)
    assert page(refused).find("input", id="keep_days")["value"] == "731"
    assert row(app, MAIN) is None  # nothing saved: the main campaign still has no row


def test_a_campaign_may_name_its_own_data_controller(app, admin, client):
    """The partner is named on that campaign's pages; the main one keeps the organisation."""
    start_winter(admin)
    saved = post(admin, f"{STATUS}/controller", **PARTNER)
    assert saved.status_code == 302, visible_text(saved)
    post(admin, f"{STATUS}/open")

    winter_privacy = visible_text(client.get(f"/{WINTER}/privacy"))
    assert "The data controller is Refugee Action Cymru (example)" in winter_privacy
    assert "data@partner.example" in visible_text(client.get(f"/{WINTER}/"))
    main_privacy = visible_text(client.get("/privacy"))
    assert "The data controller is Write to your MP: Baghdad returns campaign" in main_privacy
    # Two campaigns open: the list says who is responsible for the partner's.
    assert "Responsible for its supporters' data: Refugee Action Cymru (example)" in main_privacy

    emptied = post(admin, f"{STATUS}/controller", name="", address="", email="", contact="")
    assert emptied.status_code == 302
    assert "Refugee Action Cymru" not in visible_text(client.get(f"/{WINTER}/privacy"))
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "campaign_details")
        ).all()
    assert any("Refugee Action Cymru (example)" in detail for detail in details)


def test_a_data_controller_needs_every_box_and_an_admin(app, admin, editor):
    half = post(admin, f"{STATUS}/controller", **{**PARTNER, "contact": ""})
    assert half.status_code == 400
    assert "Fill in all four boxes" in visible_text(half)
    assert page(half).find("input", id="controller_name")["value"] == PARTNER["name"]
    bad_email = post(admin, f"{STATUS}/controller", **{**PARTNER, "email": "not an address"})
    assert "Enter an email address like privacy@example.org." in visible_text(bad_email)
    assert post(editor, f"{STATUS}/controller", **PARTNER).status_code == 403
    assert row(app, MAIN) is None


def test_a_renamed_campaign_keeps_its_address(app, editor, client):
    start_winter(editor)
    post(editor, f"{STATUS}/open")
    renamed = post(editor, f"{STATUS}/rename", title="Ground the winter flights")
    assert renamed.status_code == 302
    assert row(app, WINTER).title == "Ground the winter flights"
    heading = page(client.get(f"/{WINTER}/")).find("h1").get_text(strip=True)
    assert heading == "Ground the winter flights"
    empty = post(editor, f"{STATUS}/rename", title="  ")
    assert empty.status_code == 400
    assert "Give the campaign a title" in visible_text(empty)
