"""Several campaigns in one install: staff start one as a copy, change its ask and open it; each
lives at its own address; letters, counts, drafts and exports never mix between them."""

from __future__ import annotations

from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import GOOD_LETTER, page, visible_text

from webapp.campaigns.models import CampaignRow
from webapp.content.models import ContentVersion
from webapp.extensions import db
from webapp.submissions.models import LetterCount

CAMPAIGNS = "/staff/campaigns"
NEW_ASK = "Vote against the Removals Bill at its second reading."


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model).order_by(model.id)).all()


def start(editor, title="Stop the March flights", slug="march-flights"):
    data = {"title": title, "slug": slug, **form_token(editor, CAMPAIGNS)}
    return editor.post(f"{CAMPAIGNS}/new", data=data)


def press(editor, action: str):
    return editor.post(f"/staff/campaign/{action}", data=form_token(editor, "/staff/campaign"))


def work_on(editor, slug: str):
    data = {"slug": slug, **form_token(editor, CAMPAIGNS)}
    return editor.post(f"{CAMPAIGNS}/choose", data=data)


def change_ask(editor, ask: str = NEW_ASK) -> None:
    """Save the campaign page's request in its editor, then publish that version."""
    url = "/staff/content/page/edit"
    soup = page(editor.get(url))
    data = {
        "summary": soup.find("textarea", attrs={"name": "summary"}).get_text(),
        "asks": ask,
        "based_on": soup.find("input", attrs={"name": "based_on"})["value"],
        "note": "The Bill's ask",
        "action": "review",
        **form_token(editor, url),
    }
    saved = editor.post(url, data=data)
    assert saved.status_code == 302, visible_text(saved)
    version_url = saved.headers["Location"]
    button = page(editor.get(version_url)).find(
        "button", string=lambda s: s and "Publish version" in s
    )
    published = editor.post(
        button.find_parent("form")["action"], data=form_token(editor, version_url)
    )
    assert published.status_code in (302, 303)


def write(client, prefix: str = "", **fields):
    token = page(client.get(f"{prefix}/")).find("input", attrs={"name": "csrf_token"})["value"]
    found = client.post(
        f"{prefix}/find-your-mp", data={"postcode": "SW1A 1AA", "csrf_token": token}
    )
    assert found.status_code == 303, found.status_code
    assert found.headers["Location"] == f"{prefix}/your-letter"
    return client.post(f"{prefix}/your-letter", data={**GOOD_LETTER, **fields, "csrf_token": token})


def test_a_new_campaign_starts_as_a_draft_copy_at_its_own_address(app, client, editor):
    started = start(editor)
    assert started.status_code == 302
    assert started.headers["Location"] == "/staff/campaign"
    [row] = [row for row in rows(app, CampaignRow) if row.slug != "baghdad-returns"]
    assert (row.slug, row.status, row.title, row.based_on) == (
        "march-flights",
        "draft",
        "Stop the March flights",
        "baghdad-returns",
    )
    copied = {
        (v.kind, v.number) for v in rows(app, ContentVersion) if v.campaign == "march-flights"
    }
    assert copied == {
        ("template:default", 1),
        ("template:default.cy", 1),
        ("template:short", 1),
        ("template:short.cy", 1),
        ("findings", 1),
        ("findings.cy", 1),
        ("page", 1),
        ("page.cy", 1),
        ("words", 1),
        ("words.cy", 1),
    }
    assert "Working on: Stop the March flights" in visible_text(editor.get("/staff/"))
    # Supporters cannot see a draft; staff, signed in, preview its page.
    assert client.get("/march-flights/").status_code == 404
    assert client.get("/march-flights/find-your-mp").status_code == 302
    preview = editor.get("/march-flights/")
    assert preview.status_code == 200
    assert "Stop the March flights" in visible_text(preview)
    assert page(preview).find("input", id="postcode") is None


def test_each_campaign_has_its_own_wording_letters_and_counts(app, editor):
    start(editor)
    change_ask(editor)
    assert press(editor, "open").status_code == 302
    first, second = app.test_client(), app.test_client()
    assert (
        write(first, "/march-flights").headers["Location"] == "/march-flights/your-letter/preview"
    )
    assert write(second).headers["Location"] == "/your-letter/preview"
    assert NEW_ASK in visible_text(first.get("/march-flights/"))
    assert NEW_ASK not in visible_text(second.get("/"))
    mine = first.get("/march-flights/your-letter/preview")
    assert "Stop the March flights" not in visible_text(second.get("/your-letter/preview"))
    assert mine.status_code == 200
    assert first.get("/march-flights/letter.pdf").status_code == 200
    assert second.get("/letter.pdf").status_code == 200
    third = app.test_client()
    write(third, name="Third Writer")
    assert third.get("/letter.pdf").status_code == 200
    counted = sorted((row.campaign, row.pdf) for row in rows(app, LetterCount))
    assert counted == [
        ("baghdad-returns", True),
        ("baghdad-returns", True),
        ("march-flights", True),
    ]
    listing = visible_text(editor.get(CAMPAIGNS))
    assert "Stop the March flights" in listing
    # Each campaign's counts page holds its own letters only.
    march = visible_text(editor.get("/staff/counts"))
    work_on(editor, "baghdad-returns")
    main = visible_text(editor.get("/staff/counts"))
    assert "Campaign: Stop the March flights." in march
    assert "Letters 1 As PDF 1" in march
    assert "Letters 2 As PDF 2" in main


def test_a_draft_in_one_campaign_never_carries_into_another(app, editor):
    start(editor)
    press(editor, "open")
    supporter = app.test_client()
    write(supporter)
    assert supporter.get("/your-letter/preview").status_code == 200
    # The March campaign knows nothing of the letter begun on the main one.
    assert supporter.get("/march-flights/your-letter/preview").headers["Location"] == (
        "/march-flights/your-letter"
    )
    assert supporter.get("/march-flights/your-letter").headers["Location"] == (
        "/march-flights/find-your-mp"
    )


def test_closing_one_campaign_leaves_the_other_open(app, client, editor):
    start(editor)
    press(editor, "open")
    data = {"closing_message": "Over.", **form_token(editor, "/staff/campaign")}
    assert editor.post("/staff/campaign/close", data=data).status_code == 302
    assert "This campaign closed on" in visible_text(client.get("/march-flights/"))
    assert page(client.get("/")).find("input", id="postcode") is not None


def test_an_unknown_campaign_is_a_plain_not_found_page(client):
    for url in ("/no-such-campaign/", "/no-such-campaign/find-your-mp", "/no-such-campaign"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in visible_text(response)


def test_a_slug_must_be_free_and_well_formed(app, editor):
    assert start(editor, slug="Bad Slug!").status_code == 400
    assert start(editor, slug="staff").status_code == 400
    assert "one of the site's own pages" in visible_text(start(editor, slug="staff"))
    # A language's prefix would hide the campaign behind the Welsh site.
    assert "one of the site's own pages" in visible_text(start(editor, slug="cy"))
    assert start(editor).status_code == 302
    work_on(editor, "baghdad-returns")
    taken = start(editor, title="Again")
    assert taken.status_code == 400
    assert "Another campaign has that web address" in visible_text(taken)
    assert [row.slug for row in rows(app, CampaignRow) if row.slug != "baghdad-returns"] == [
        "march-flights"
    ]


def test_staff_switch_between_campaigns(editor):
    start(editor)
    assert "Working on: Stop the March flights" in visible_text(editor.get("/staff/campaign"))
    assert work_on(editor, "baghdad-returns").status_code == 302
    assert "Working on: Stop forced returns to Baghdad" in visible_text(editor.get("/staff/"))
    refused = work_on(editor, "no-such-campaign")
    assert refused.headers["Location"] == CAMPAIGNS


def test_supporter_lists_and_exports_hold_only_their_campaigns_people(app, editor, add_submission):
    from webapp.exports.letters_source import ExportFilters, LetterSource

    start(editor)
    add_submission("Main Supporter", email="main@example.org", consent_updates=True)
    add_submission(
        "March Supporter",
        email="march@example.org",
        consent_updates=True,
        campaign="march-flights",
    )
    march = editor.get("/staff/exports/supporters.csv").get_data(as_text=True)
    assert "march@example.org" in march
    assert "main@example.org" not in march
    work_on(editor, "baghdad-returns")
    main = editor.get("/staff/exports/supporters.csv").get_data(as_text=True)
    assert "main@example.org" in main
    assert "march@example.org" not in main
    with app.test_request_context():
        source = LetterSource.for_app(ExportFilters(campaign="march-flights"))
        assert source.campaign.slug == "march-flights"
        assert [letter.sender_name for letter in source.letters()] == ["March Supporter"]


def test_an_events_device_link_leads_to_the_events_own_campaign(app, editor):
    """An event started while working on a campaign switches devices into that campaign."""
    start(editor)
    press(editor, "open")
    data = {"name": "Leeds stall", "hours": "3", **form_token(editor, "/staff/events")}
    assert editor.post("/staff/events", data=data).status_code == 302
    link = page(editor.get("/staff/events")).select_one("a.event-device-link")["href"]
    device = app.test_client()
    joined = device.post(link, data={"csrf_token": form_token(device, link)["csrf_token"]})
    assert joined.status_code == 303
    assert joined.headers["Location"] == "/march-flights/"


def test_the_privacy_page_names_every_open_campaign(client, editor):
    """With two campaigns open, the privacy page says it covers each of them."""
    assert "Stop the March flights" not in visible_text(client.get("/privacy"))
    start(editor)
    press(editor, "open")
    text = visible_text(client.get("/privacy"))
    assert "This page is the same for every campaign on this site" in text
    assert "Stop the March flights" in text
    assert "Stop forced returns to Baghdad" in text
