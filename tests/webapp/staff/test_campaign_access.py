"""The access matrix across campaigns: an editor an admin limited to one campaign can neither see
nor change another, through any staff page, address or button."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from staff_helpers import PASSWORD, form_token, sign_in
from webapp_helpers import page, staff_get_urls, visible_text

from webapp.accounts.models import AuditEvent
from webapp.campaigns.models import CampaignRow
from webapp.extensions import db

MAIN_TITLE = "Stop forced returns to Baghdad"
MARCH_TITLE = "Stop the March flights"
LIMITED = "limited@example.org"


STAFF_GET_URLS = staff_get_urls(
    frozenset({"staff.login", "staff.accept_invite", "staff.reset_password"})
)


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model).order_by(model.id)).all()


@pytest.fixture
def limited(app, editor, admin, make_user):
    """An editor limited, by an admin in the browser, to the March campaign only."""
    data = {"title": MARCH_TITLE, "slug": "march-flights", **form_token(editor, "/staff/campaigns")}
    assert editor.post("/staff/campaigns/new", data=data).status_code == 302
    editor.post("/staff/campaign/open", data=form_token(editor, "/staff/campaign"))
    user_id = make_user(LIMITED, "editor")
    url = f"/staff/accounts/{user_id}"
    data = {"scope": "chosen", "campaigns": ["march-flights"], **form_token(admin, url)}
    assert admin.post(f"{url}/campaigns", data=data).status_code == 302
    client = app.test_client()
    assert sign_in(client, LIMITED, PASSWORD).status_code == 302
    return client


def test_the_admin_sees_and_audits_the_limit(app, admin, limited):
    [event] = [e for e in rows(app, AuditEvent) if e.action == "campaign_access"]
    assert (event.target, event.detail) == (LIMITED, "march-flights")


@pytest.mark.parametrize("url", STAFF_GET_URLS)
def test_every_staff_page_shows_only_the_allowed_campaign(limited, add_submission, url):
    add_submission("Main Supporter", email="main@example.org", consent_updates=True)
    response = limited.get(url)
    if response.status_code in {302, 303, 403, 404} or response.mimetype != "text/html":
        if not response.mimetype.startswith("text/"):
            return  # a PDF preview: composed from the campaign being worked on, as the pages are
        body = response.get_data(as_text=True)
        assert "main@example.org" not in body
        assert MAIN_TITLE not in body
        return
    text = visible_text(response)
    assert f"Working on: {MARCH_TITLE}" in text, url
    assert MAIN_TITLE not in text, url
    assert "main@example.org" not in text, url


def test_choosing_or_addressing_another_campaign_is_refused(limited):
    data = {"slug": "baghdad-returns", **form_token(limited, "/staff/campaigns")}
    refused = limited.post("/staff/campaigns/choose", data=data)
    assert refused.headers["Location"] == "/staff/campaigns"
    listing = visible_text(limited.get("/staff/campaigns"))
    assert MARCH_TITLE in listing
    assert MAIN_TITLE not in listing
    # The main campaign's own address prefix does not reach it either.
    assert f"Working on: {MARCH_TITLE}" in visible_text(
        limited.get("/baghdad-returns/staff/counts")
    )


def test_a_limited_editors_buttons_act_on_their_campaign_only(app, limited):
    data = {"closing_message": "Over.", **form_token(limited, "/staff/campaign")}
    assert limited.post("/staff/campaign/close", data=data).status_code == 302
    states = {row.slug: row.status for row in rows(app, CampaignRow)}
    assert states["march-flights"] == "closed"
    assert states.get("baghdad-returns", "live") == "live"
    assert page(app.test_client().get("/")).find("input", id="postcode") is not None


def test_every_campaign_again(app, admin, limited):
    with app.app_context():
        from webapp.accounts.models import StaffUser

        user_id = db.session.scalar(select(StaffUser.id).where(StaffUser.email == LIMITED))
    url = f"/staff/accounts/{user_id}"
    assert (
        admin.post(f"{url}/campaigns", data={"scope": "all", **form_token(admin, url)}).status_code
        == 302
    )
    listing = visible_text(limited.get("/staff/campaigns"))
    assert MAIN_TITLE in listing
