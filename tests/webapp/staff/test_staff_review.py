"""Two people publish: submit, a word-level review by another editor, approve or send back."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL, form_token, hand_written, sign_in
from webapp_helpers import page, visible_text, write_letter

from webapp.content import published
from webapp.content.models import ContentReview, ReviewAction
from webapp.extensions import db

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
SECOND_EMAIL = "second@example.org"
OLD_ASK = "press the Home Office to stop these returns"
NEW_ASK = "press the Home Office to end these returns"


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """The production default: a second editor must approve. These tests edit the letter as a
    hand-written template (advanced mode)."""
    return {
        **app_config,
        "PUBLISH_NEEDS_APPROVAL": True,
        "CAMPAIGNS_DIR": str(hand_written_campaigns),
    }


@pytest.fixture
def second(app: Flask, make_user):
    """A second editor, signed in."""
    make_user(SECOND_EMAIL, "editor")
    client = app.test_client()
    assert sign_in(client, SECOND_EMAIL).status_code == 302
    return client


def edited_text() -> str:
    text = hand_written()
    assert OLD_ASK in text
    return text.replace(OLD_ASK, NEW_ASK)


def submit_edit(client):
    data = {"body": edited_text(), "note": "Stronger ask", "based_on": "1", "action": "publish"}
    return client.post(EDIT_URL, data={**data, **form_token(client, EDIT_URL)})


def published_source(app: Flask) -> str:
    with app.test_request_context():
        return published.published_template(published.current_campaign()).source


def review_steps(app: Flask) -> list[tuple[str, str]]:
    """(action, comment) of every review step stored for version 2, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(ContentReview).where(ContentReview.number == 2).order_by(ContentReview.id)
        )
        return [(row.action, row.comment) for row in rows]


def post_action(client, action: str, number: int = 2, **data):
    url = f"/staff/content/{TEMPLATE}/versions/{number}/{action}"
    token = form_token(client, f"/staff/content/{TEMPLATE}/versions/{number}/review")
    return client.post(url, data={**token, **data})


def test_publishing_alone_is_refused_and_becomes_a_submission(editor, app):
    """With approval required, "publish" saves and submits; supporters keep the old version."""
    response = submit_edit(editor)
    shown = visible_text(editor.get(response.headers["Location"]))
    assert "sent for review" in shown
    assert published_source(app) != edited_text()
    direct = editor.post(
        f"/staff/content/{TEMPLATE}/versions/2/publish",
        data=form_token(editor, f"/staff/content/{TEMPLATE}/versions/2"),
    )
    assert "second editor's approval" in visible_text(editor.get(direct.headers["Location"]))
    assert published_source(app) != edited_text()


def test_an_editor_cannot_approve_their_own_change(editor, app):
    """The author sees why they cannot approve, and a forced POST is refused too."""
    submit_edit(editor)
    review = page(editor.get(f"/staff/content/{TEMPLATE}/versions/2/review"))
    assert "cannot approve your own change" in review.get_text()
    assert not review.find("button", string=lambda s: s and "Approve" in s)
    refused = post_action(editor, "approve")
    assert "cannot approve your own change" in visible_text(editor.get(refused.headers["Location"]))
    assert published_source(app) != edited_text()


def test_a_second_editor_sees_the_changed_words_and_approves(editor, second, app):
    """The reviewer sees only the changed words marked; approval publishes; history shows both."""
    submit_edit(editor)
    review = page(second.get(f"/staff/content/{TEMPLATE}/versions/2/review"))
    inserted = {ins.get_text().strip() for ins in review.select(".word-diff ins")}
    assert inserted == {"end"}
    assert {d.get_text().strip() for d in review.select(".word-diff del")} == {"stop"}
    assert review.select_one(".problems-table") or "no problems" in review.get_text()
    approved = post_action(second, "approve")
    assert "Supporters now get it" in visible_text(second.get(approved.headers["Location"]))
    assert published_source(app) == edited_text()
    supporter = app.test_client()
    letter = visible_text(supporter.get(write_letter(supporter).headers["Location"]))
    assert "to end these returns" in " ".join(letter.split())
    history = page(editor.get(f"/staff/content/{TEMPLATE}/history")).select_one("tbody tr")
    cells = [td.get_text(" ", strip=True) for td in history.find_all("td")]
    assert cells[2] == EDITOR_EMAIL
    assert f"Submitted by {EDITOR_EMAIL}" in cells[4]
    assert f"Approved by {SECOND_EMAIL}" in cells[4]
    assert f"Published by {SECOND_EMAIL}" in cells[4]


def test_sending_back_needs_a_comment_and_shows_it(editor, second, app):
    """A reviewer sends a version back with a comment; the author reads it; nothing publishes."""
    submit_edit(editor)
    empty = post_action(second, "send-back", comment="  ")
    assert "Say what needs changing" in visible_text(second.get(empty.headers["Location"]))
    assert review_steps(app) == [(ReviewAction.SUBMITTED, "")]
    post_action(second, "send-back", comment="Please keep the word stop.")
    assert review_steps(app)[-1] == (ReviewAction.SENT_BACK, "Please keep the word stop.")
    version = visible_text(editor.get(f"/staff/content/{TEMPLATE}/versions/2"))
    assert f"sent back by {SECOND_EMAIL}: “Please keep the word stop.”" in version
    assert published_source(app) != edited_text()
    assert "not waiting for review" in visible_text(
        second.get(f"/staff/content/{TEMPLATE}/versions/2/review")
    )


@pytest.mark.parametrize("action", ["submit", "approve", "send-back"])
def test_review_posts_without_a_csrf_token_are_refused(editor, second, app, action):
    """Submit, approve and send back refuse a POST without the form's token: no step stored."""
    submit_edit(editor)
    before = review_steps(app)
    assert before == [(ReviewAction.SUBMITTED, "")]
    url = f"/staff/content/{TEMPLATE}/versions/2/{action}"
    for data in ({"comment": "Please keep the word stop."}, {}):
        response = second.post(url, data=data)
        assert response.status_code == 400
        assert "expired or was sent from somewhere else" in visible_text(response)
        assert review_steps(app) == before
    assert published_source(app) != edited_text()


def test_viewers_may_read_a_review_but_not_decide(editor, viewer):
    """A viewer can open the review page but gets no buttons and cannot approve."""
    submit_edit(editor)
    review = page(viewer.get(f"/staff/content/{TEMPLATE}/versions/2/review"))
    assert not review.find("button", string=lambda s: s and "Approve" in s)
    token = form_token(viewer, "/staff/content")  # the sign-out form's token: a valid one
    assert token
    url = f"/staff/content/{TEMPLATE}/versions/2/approve"
    assert viewer.post(url, data=token).status_code == 403


def test_every_staff_page_says_what_waits_for_review_until_it_is_approved(editor, second):
    """The second editor need not go looking: the frame and the campaigns overview say it."""
    assert "waiting for a second editor's review" not in visible_text(second.get("/staff/"))
    submit_edit(editor)
    frame = page(second.get("/staff/")).find(class_="staff-awaiting")
    assert frame is not None
    assert "1 change is waiting for a second editor's review" in visible_text_of(frame)
    link = frame.find("a")
    assert link["href"] == f"/staff/content/{TEMPLATE}/versions/2"
    assert "version 2" in link.get_text()
    overview = page(second.get("/staff/campaigns"))
    row = overview.find("tbody").find("tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")][4] == "1"

    assert post_action(second, "approve").status_code in (302, 303)
    assert page(second.get("/staff/")).find(class_="staff-awaiting") is None


def visible_text_of(element) -> str:
    return " ".join(element.get_text(" ").split())
