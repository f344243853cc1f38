"""Reporting the MP's reply through the supporter's private link."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from webapp_helpers import csrf_token, field_error, page, write_letter

from webapp.extensions import db
from webapp.replies.models import MpReply

SITE = "https://write.example.org"


@pytest.fixture
def reply_url(client) -> str:
    """The reply page of a kept letter, from the private link on the thank-you page."""
    write_letter(client, keep_copy="y", concern="journalists_activists")
    link = page(client.get("/thank-you")).find("a", class_="private-url")["href"]
    return link.removeprefix(SITE) + "/reply"


def post(client, url, **data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


def replies(app) -> list[MpReply]:
    with app.app_context():
        return list(db.session.scalars(select(MpReply)))


def test_private_link_page_leads_to_the_reply_form(client, reply_url):
    """The kept letter's page links to "Tell us about the reply"."""
    letter_page = page(client.get(reply_url.removesuffix("/reply")))
    assert letter_page.find("a", href=lambda h: h and h.endswith("/reply")) is not None
    form = page(client.get(reply_url)).find("form")
    stances = [label.get_text(strip=True) for label in form.select(".radio label")]
    assert len(stances) == 4
    assert stances[-1] == "No reply yet"


def test_a_supportive_reply_is_recorded_without_the_text(app, client, reply_url):
    """Stance and date are kept; no summary is kept when none was given."""
    response = post(client, reply_url, stance="supports", replied_on="2026-11-01")
    assert response.status_code == 303
    [reply] = replies(app)
    assert (reply.stance, reply.replied_on, reply.summary) == (
        "supports",
        dt.date(2026, 11, 1),
        None,
    )
    assert reply.concern == "journalists_activists"
    assert reply.mp_name
    assert reply.party
    assert reply.constituency_code == "E14001172"


def test_the_summary_is_kept_only_with_the_box_ticked(app, client, reply_url):
    """Text without consent is refused with a message; with the box ticked it is kept."""
    response = post(client, reply_url, stance="non_committal", summary="She will look into it.")
    assert response.status_code == 400
    assert "Tick the box below" in field_error(response, "summary")
    assert replies(app) == []
    post(
        client,
        reply_url,
        stance="non_committal",
        summary="She will look into it.",
        keep_summary="y",
    )
    [reply] = replies(app)
    assert reply.summary == "She will look into it."


def test_a_second_report_replaces_the_first(app, client, reply_url):
    """ "No reply yet", then a reply: one row, now the reply (and no date for "no reply")."""
    post(client, reply_url, stance="no_reply", replied_on="2026-11-01")
    assert replies(app)[0].replied_on is None
    post(client, reply_url, stance="opposes", replied_on="2026-11-02")
    [reply] = replies(app)
    assert reply.stance == "opposes"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "stance", "Choose what your MP said"),
        ({"stance": "maybe"}, "stance", "Choose what your MP said"),
        (
            {"stance": "supports", "replied_on": "2999-01-01"},
            "replied_on",
            "cannot be in the future",
        ),
        ({"stance": "supports", "summary": "x" * 2001, "keep_summary": "y"}, "summary", "2,000"),
    ],
)
def test_bad_answers_get_a_message_and_nothing_is_kept(
    app, client, reply_url, data, field, message
):
    """Each bad answer is named by its field, the page is not a 500, and nothing is stored."""
    response = post(client, reply_url, **data)
    assert response.status_code == 400
    assert message in (field_error(response, field) or "")
    assert replies(app) == []


def test_reply_needs_a_valid_link_and_a_token(app, client, reply_url):
    """A made-up link is a 404; a POST without the CSRF token is refused."""
    assert client.get("/my-letter/not-a-token/reply").status_code == 404
    assert client.post(reply_url, data={"stance": "supports"}).status_code == 400
    assert replies(app) == []


def test_deleting_the_letter_removes_the_summary_but_keeps_the_stance(app, client, reply_url):
    """The supporter deletes their letter: what they wrote goes, the anonymous stance stays."""
    post(client, reply_url, stance="supports", summary="Yes.", keep_summary="y")
    delete_url = reply_url.removesuffix("/reply") + "/delete"
    post(client, delete_url)
    [reply] = replies(app)
    assert (reply.stance, reply.summary) == ("supports", None)
