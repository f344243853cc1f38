"""After the letter: "I have sent it" is counted, and the funnel counts page views and MPs found."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from webapp_helpers import csrf_token, find_mp, page, write_letter

from webapp.extensions import db
from webapp.replies.models import FunnelCount, FunnelStep
from webapp.submissions.models import LetterCount


def counts(app) -> list[LetterCount]:
    with app.app_context():
        return list(db.session.scalars(select(LetterCount)))


def funnel(app, step: FunnelStep) -> int:
    with app.app_context():
        rows = db.session.scalars(select(FunnelCount).where(FunnelCount.step == str(step)))
        return sum(row.count for row in rows)


def test_thank_you_page_asks_how_the_letter_was_sent(client):
    """After writing, the thank-you page offers "I posted it" and "I emailed it"."""
    write_letter(client)
    client.get("/letter.pdf")
    soup = page(client.get("/thank-you?via=pdf"))
    form = soup.find("form", action="/letter/sent")
    assert form is not None
    labels = [label.get_text(strip=True) for label in form.find_all("label")]
    assert labels == ["I posted it", "I emailed it"]


@pytest.mark.parametrize(("choice", "stored"), [("post", "post"), ("email", "email")])
def test_i_have_sent_it_is_recorded_against_the_anonymous_count(client, app, choice, stored):
    """Saying how it was sent marks the letter's count row; nothing personal is added."""
    write_letter(client, concern="minorities")
    client.get("/letter.pdf")
    token = csrf_token(client, "/thank-you")
    response = client.post("/letter/sent", data={"sent_by": choice, "csrf_token": token})
    assert response.status_code == 303
    [row] = counts(app)
    assert (row.sent_by, row.pdf, row.concern) == (stored, True, "minorities")
    assert row.sent_on is not None
    again = page(client.get(response.headers["Location"]))
    assert again.find("form", action="/letter/sent") is None
    assert "counted as sent" in again.get_text()


def test_sent_without_a_download_still_counts_one_letter(client, app):
    """A supporter who copied the text and says they posted it is counted once, as sent."""
    write_letter(client)
    token = csrf_token(client, "/thank-you")
    client.post("/letter/sent", data={"sent_by": "post", "csrf_token": token})
    client.post("/letter/sent", data={"sent_by": "email", "csrf_token": token})
    [row] = counts(app)
    assert row.sent_by == "email"
    assert not row.pdf


def test_sent_needs_a_choice_and_a_token(client, app):
    """No choice: a message by the field and nothing stored; no CSRF token: refused."""
    write_letter(client)
    token = csrf_token(client, "/thank-you")
    response = client.post("/letter/sent", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Choose whether you posted or emailed" in page(response).get_text()
    assert client.post("/letter/sent", data={"sent_by": "post"}).status_code == 400
    assert counts(app) == []


def test_sent_without_a_letter_in_this_browser_goes_back_to_the_start(client):
    """No letter in the session: no count, and the supporter is sent to the campaign page."""
    token = csrf_token(client, "/")
    response = client.post("/letter/sent", data={"sent_by": "post", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/")


def test_funnel_counts_page_views_and_mps_found(client, app):
    """Each campaign page view and each postcode that finds an MP adds one to today's count."""
    client.get("/")
    client.get("/")
    find_mp(client)
    assert funnel(app, FunnelStep.CAMPAIGN_PAGE) >= 2
    assert funnel(app, FunnelStep.MP_FOUND) == 1


def test_campaign_page_still_shows_when_the_count_cannot_be_saved(app, read_only_app):
    """A database that refuses the page-view count loses that count, not the page."""
    response = read_only_app.test_client().get("/")
    assert response.status_code == 200
    assert page(response).find("input", attrs={"name": "postcode"}) is not None
    assert funnel(app, FunnelStep.CAMPAIGN_PAGE) == 0
