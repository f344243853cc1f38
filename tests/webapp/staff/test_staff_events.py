"""Event mode: a shared device at a letter-writing event keeps nothing between supporters."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import GOOD_LETTER, csrf_token, find_mp, page, post_form, visible_text

from webapp.events.models import Event
from webapp.extensions import db
from webapp.public.event_device import SEEN_KEY
from webapp.submissions.models import LetterCount, Submission

EVENTS = "/staff/events"
WRITERS = [
    {"name": "First Writer", "keep_copy": "y"},
    {"name": "Second Writer"},
    {"name": "Third Writer", "keep_copy": "y", "updates": "y", "email": "third@example.org"},
]


def start_event(editor, name="Leeds stall", hours="3"):
    data = {"name": name, "hours": hours, **form_token(editor, EVENTS)}
    return editor.post(EVENTS, data=data)


def device_link(editor) -> str:
    link = page(editor.get(EVENTS)).select_one("a.event-device-link")
    assert link is not None, "no device link on the events page"
    return link["href"]


@pytest.fixture
def device(app, editor):
    """A browser switched into event mode through the event's device link."""
    assert start_event(editor).status_code == 302
    client = app.test_client()
    link = device_link(editor)
    assert post_form(client, link, {}).status_code == 303
    return client


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model).order_by(model.id)).all()


def form_is_empty(client) -> bool:
    soup = page(client.get("/your-letter"))
    typed = [soup.find(id=name)["value"] for name in ("name", "address_line1", "email")]
    boxes = [soup.find(id=box).has_attr("checked") for box in ("keep_copy", "updates")]
    return typed == ["", "", ""] and boxes == [False, False]


def test_starting_an_event_needs_a_name_and_a_limited_time(editor, app):
    """An event needs a name and runs 1 to EVENT_MAX_HOURS hours; a bad one is refused."""
    assert start_event(editor, name="").status_code == 400
    refused = start_event(editor, hours="99")
    assert refused.status_code == 400
    assert "from 1 to 12 hours" in visible_text(refused)
    assert rows(app, Event) == []
    assert start_event(editor).status_code == 302
    [event] = rows(app, Event)
    assert event.name == "Leeds stall"


def test_joining_needs_a_valid_link_and_a_csrf_token(app, editor):
    """A forged link is refused; a POST without the token does not switch the browser."""
    start_event(editor)
    client = app.test_client()
    assert client.get("/event/1.forged").status_code == 404
    link = device_link(editor)
    assert client.post(link).status_code == 400
    assert page(client.get("/")).select_one(".event-banner") is None


def test_three_supporters_in_turn_on_one_device(app, device, editor):
    """Each letter ends with the device cleared; three letters, three counts for the event."""
    for writer in WRITERS:
        find_mp(device)
        assert form_is_empty(device), f"{writer['name']} found the last letter's details"
        sent = post_form(device, "/your-letter", {**GOOD_LETTER, **writer})
        assert sent.status_code == 303
        preview = page(device.get("/your-letter/preview"))
        assert preview.find("a", href="/your-letter/print") is not None
        assert preview.find("a", href="/letter.pdf") is None  # nothing saved on the device
        assert preview.find("a", href="/letter.eml") is None
        printed = device.get("/letter.pdf")
        assert printed.headers["Content-Disposition"] == "inline"
        thanks = device.get("/thank-you?via=print")
        assert thanks.status_code == 200
        assert page(device.get("/thank-you")).select_one("a.private-url") is None
    [event] = rows(app, Event)
    counts = rows(app, LetterCount)
    assert len(counts) == 3
    assert {c.event_id for c in counts} == {event.id}
    assert [s.name for s in rows(app, Submission)] == ["First Writer", "Third Writer"]
    dashboard = visible_text(editor.get("/staff/counts"))
    assert "Letters by event" in dashboard
    assert "Leeds stall" in dashboard


def test_an_idle_page_is_cleared_but_a_sent_form_is_not_lost(device):
    """After the idle time the next page starts clean; a form sent late is still accepted."""
    find_mp(device)
    token = csrf_token(device, "/your-letter")
    with device.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - 10_000
    late = device.post("/your-letter", data={**GOOD_LETTER, "csrf_token": token})
    assert late.status_code == 303  # what was typed is kept
    with device.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - 10_000
    assert device.get("/your-letter/preview").status_code == 302  # cleared
    assert "was cleared" in visible_text(device.get("/"))


def test_the_clear_button_forgets_the_letter(device):
    """ "Clear this device now" forgets everything typed."""
    find_mp(device)
    post_form(device, "/your-letter", GOOD_LETTER)
    token = csrf_token(device, "/your-letter/preview")
    assert device.post("/event/clear", data={"csrf_token": token}).status_code == 303
    assert device.get("/your-letter/preview").status_code == 302


def test_ending_the_event_returns_devices_to_normal(app, device, editor):
    """After staff end the event, the device is an ordinary browser again."""
    assert page(device.get("/")).select_one(".event-banner") is not None
    [event] = rows(app, Event)
    url = f"/staff/events/{event.id}/end"
    editor.post(url, data=form_token(editor, EVENTS))
    assert page(device.get("/")).select_one(".event-banner") is None
    find_mp(device)
    post_form(device, "/your-letter", GOOD_LETTER)
    device.get("/letter.pdf")
    assert [c.event_id for c in rows(app, LetterCount)] == [None]
