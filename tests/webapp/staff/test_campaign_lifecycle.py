"""A campaign's life as staff and supporters see it: open, closed with its words, scheduled,
reopened and archived; a late form keeps what was typed and private links keep working."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL, form_token
from webapp_helpers import GOOD_LETTER, find_mp, page, visible_text, write_letter

from webapp.accounts.models import AuditEvent, StaffUser
from webapp.campaigns.models import CampaignRow
from webapp.clock import utcnow
from webapp.content import published, publishing, versions
from webapp.content.models import ContentPublication
from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

STATUS = "/staff/campaign"
SITE = "https://write.example.org"
OUTCOME = "Thank you: 4,120 of you wrote.\n\nThe Home Office paused the flights on 1 March."


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model).order_by(model.id)).all()


def changed(app) -> list[CampaignRow]:
    """Campaign rows staff changed (the migration's first row starts unchanged)."""
    return [row for row in rows(app, CampaignRow) if row.revision > 0]


def close(editor, message: str = OUTCOME):
    data = {"closing_message": message, **form_token(editor, STATUS)}
    return editor.post(f"{STATUS}/close", data=data)


def token(client) -> dict[str, str]:
    """The CSRF token of the supporter's postcode form, taken while the campaign is open."""
    return {
        "csrf_token": page(client.get("/")).find("input", attrs={"name": "csrf_token"})["value"]
    }


def press(client, action: str):
    return client.post(f"{STATUS}/{action}", data=form_token(client, STATUS))


def schedule(editor, opens: str = "", closes: str = "", message: str = ""):
    data = {"opens_at": opens, "closes_at": closes, "closing_message": message}
    return editor.post(f"{STATUS}/schedule", data={**data, **form_token(editor, STATUS)})


def test_a_new_campaign_page_is_open_and_says_so(client, editor):
    """With nothing changed, supporters can write and staff see it is open."""
    assert page(client.get("/")).find("input", id="postcode") is not None
    assert "Open: supporters can write their letters" in visible_text(editor.get(STATUS))


def test_closing_shows_the_date_and_the_words_on_the_campaign_page(app, client, editor):
    """After closing, the page says when, shows the closing words, and has no postcode box."""
    assert close(editor).status_code == 302
    response = client.get("/")
    text = visible_text(response)
    today = utcnow().strftime("%-d %B %Y")
    assert f"This campaign closed on {today}" in text
    assert "Thank you: 4,120 of you wrote." in text
    assert "The Home Office paused the flights on 1 March." in text
    assert page(response).find("input", id="postcode") is None
    assert "Start your letter" not in text
    [row] = rows(app, CampaignRow)
    assert (row.status, row.closing_message) == ("closed", OUTCOME)
    [event] = [e for e in rows(app, AuditEvent) if e.action == "campaign_status"]
    assert (event.target, event.detail) == ("baghdad-returns", "live → closed")


def test_a_late_form_is_refused_and_shows_back_what_was_typed(app, client, editor):
    """A form sent after closing is refused with a plain page holding every word typed."""
    assert find_mp(client).status_code == 303
    token = page(client.get("/your-letter")).find("input", attrs={"name": "csrf_token"})["value"]
    close(editor)
    reason = "My cousin was sent back to Baghdad in 2019.\nHe has not been heard from since."
    late = client.post("/your-letter", data={**GOOD_LETTER, "reason": reason, "csrf_token": token})
    assert late.status_code == 409
    soup = page(late)
    assert "This campaign closed on" in visible_text(late)
    typed = {
        box.find_previous("label").get_text(): box.get_text() or box.get("value")
        for box in soup(["textarea", "input"])
        if box.get("id", "").startswith("typed-")
    }
    assert typed["Why this matters to you (optional)"] == reason
    assert typed["Your full name"] == GOOD_LETTER["name"]
    assert typed["Address line 1"] == GOOD_LETTER["address_line1"]
    assert "csrf" not in late.get_data(as_text=True).split("What you typed")[1].lower()
    assert rows(app, Submission) == []
    assert rows(app, LetterCount) == []


def test_a_closed_campaigns_steps_lead_back_to_its_page(client, editor):
    """Opening a step's page after closing goes to the campaign page, which says why."""
    csrf = token(client)
    close(editor)
    for url in ("/find-your-mp", "/your-letter", "/constituencies", "/choose-constituency"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/"
    refused = client.post("/find-your-mp", data={"postcode": "SW1A 1AA", **csrf})
    assert refused.status_code == 409
    assert page(refused).find("input", id="typed-1")["value"] == "SW1A 1AA"


def test_the_private_link_keeps_working_after_closing(client, editor):
    """A letter kept before the closing is still shown, and downloads, through its link."""
    preview_url = write_letter(client, keep_copy="y").headers["Location"]
    link = page(client.get(preview_url)).select_one("a.private-url")["href"].removeprefix(SITE)
    close(editor)
    kept = client.get(link)
    assert kept.status_code == 200
    assert GOOD_LETTER["reason"] in visible_text(kept)


def test_reopening_takes_letters_again(client, editor):
    """Reopen: the postcode box is back and a letter can be written."""
    close(editor)
    assert press(editor, "open").status_code == 302
    assert "Open: supporters can write their letters" in visible_text(editor.get(STATUS))
    assert write_letter(client).status_code == 303


def test_the_two_closing_words_boxes_have_their_own_ids(editor):
    """The close form and the schedule form each have a closing-words box, each its own label."""
    soup = page(editor.get(STATUS))
    boxes = soup.find_all("textarea")
    assert len(boxes) == 2
    assert len({box["id"] for box in boxes}) == 2
    for box in boxes:
        assert soup.find("label", attrs={"for": box["id"]}) is not None


def test_closing_needs_words_and_keeps_them_within_the_limit(app, editor):
    """No closing words, or too many, is refused beside the box, and what was typed stays."""
    empty = close(editor, "   ")
    assert empty.status_code == 400
    assert "Say why it has closed" in visible_text(empty)
    long_words = "We won. " * 300
    too_long = close(editor, long_words)
    assert too_long.status_code == 400
    assert "under 2000 characters" in visible_text(too_long)
    assert page(too_long).find("textarea", id="closing_message").get_text() == long_words
    assert changed(app) == []


def test_a_closing_time_closes_the_campaign_by_itself(client, editor, time_machine):
    """A scheduled closing time closes the page at that moment, with the words given."""
    closes = (utcnow() + dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    saved = schedule(editor, closes=closes.strftime("%Y-%m-%dT%H:%M"), message="Over: thank you.")
    assert saved.status_code == 302
    csrf = token(client)
    time_machine.move_to(closes + dt.timedelta(minutes=1))
    text = visible_text(client.get("/"))
    assert "This campaign closed on" in text
    assert "Over: thank you." in text
    assert client.post("/find-your-mp", data={"postcode": "SW1A 1AA", **csrf}).status_code == 409


def test_an_opening_time_in_the_future_holds_letters_until_then(client, editor, time_machine):
    """Before its opening time the page says when it opens; at that time the form appears."""
    opens = (utcnow() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    assert schedule(editor, opens=opens.strftime("%Y-%m-%dT%H:%M")).status_code == 302
    assert "This campaign opens on" in visible_text(client.get("/"))
    assert client.get("/your-letter").status_code == 302
    time_machine.move_to(opens + dt.timedelta(minutes=1))
    assert page(client.get("/")).find("input", id="postcode") is not None


def test_a_closing_time_before_the_opening_time_is_refused(app, editor):
    """The schedule must make sense; the error is shown beside the box."""
    refused = schedule(editor, opens="2027-03-01T09:00", closes="2027-02-01T09:00")
    assert refused.status_code == 400
    assert "Choose a closing time after the opening time." in visible_text(refused)
    assert changed(app) == []


def test_an_archived_campaign_cannot_be_reopened_or_published(app, admin, editor):
    """Archiving needs a closed campaign and an admin; then nothing in it changes."""
    assert press(admin, "archive").status_code == 302
    assert "Only a closed campaign can be archived" in visible_text(admin.get(STATUS))
    close(editor)
    assert press(editor, "archive").status_code == 403
    assert press(admin, "archive").status_code == 302
    assert "Archived" in visible_text(admin.get(STATUS))
    press(editor, "open")
    assert rows(app, CampaignRow)[0].status == "archived"
    # Publishing goes through the one rule, which refuses an archived campaign.
    with app.test_request_context():
        campaign = published.current_campaign()
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == EDITOR_EMAIL))
        version = versions.save(
            campaign.slug, versions.WORDS, "Hezbollah\n", based_on=0, author=user, note=""
        )
        with pytest.raises(publishing.PublishRefused, match="archived"):
            publishing.publish(campaign, version, by=user)
    assert rows(app, ContentPublication) == []


def test_viewers_see_the_state_but_cannot_change_it(viewer, app):
    """A viewer reads the page, without buttons, and a close from them is refused."""
    text = visible_text(viewer.get(STATUS))
    assert "Open: supporters can write their letters" in text
    assert "Close the campaign now" not in text
    data = {"closing_message": "x", **form_token(viewer, STATUS)}
    assert viewer.post(f"{STATUS}/close", data=data).status_code == 403
    assert changed(app) == []


def test_every_worker_sees_a_close_on_its_next_request(make_app, editor):
    """A second app on the same database (another worker) stops taking letters at once."""
    other = make_app().test_client()
    assert page(other.get("/")).find("input", id="postcode") is not None
    close(editor)
    assert page(other.get("/")).find("input", id="postcode") is None
