"""One letter, one record: each letter has its own key, and nothing carries over to the next."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from webapp_helpers import (
    GOOD_LETTER,
    csrf_token,
    find_mp,
    page,
    post_form,
    write_letter,
)

from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

SECOND = {"name": "Bilal Second-Writer", "address_line1": "3 Other Road", "reason": ""}


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model).order_by(model.id)).all()


def form_values(client) -> dict:
    """What the letter form shows: text values, and which boxes are ticked."""
    soup = page(client.get("/your-letter"))
    values = {
        field["name"]: field.get("value", "")
        for field in soup.select("form input[type=text], form input[type=email]")
    }
    values["reason"] = soup.find("textarea", attrs={"name": "reason"}).get_text().strip()
    for box in ("keep_copy", "updates"):
        values[box] = soup.find("input", attrs={"name": box}).has_attr("checked")
    return values


def assert_clean(values: dict) -> None:
    assert values["keep_copy"] is False, "keep a copy was ticked for the next letter"
    assert values["updates"] is False
    for name in ("name", "address_line1", "email", "reason"):
        assert values.get(name, "") == "", f"{name} was carried over: {values.get(name)!r}"


@pytest.mark.parametrize("finish", ["thank-you", "write-another", "step-one-again"])
def test_two_people_one_browser_write_two_letters(app, client, finish):
    """After a finished letter the next starts clean; both are counted and both kept."""
    write_letter(client, keep_copy="y")
    client.get("/letter.pdf")
    if finish == "thank-you":
        client.get("/thank-you")
    elif finish == "write-another":
        token = csrf_token(client, "/your-letter/preview")
        assert client.post("/write-another", data={"csrf_token": token}).status_code == 303
    find_mp(client)
    assert_clean(form_values(client))
    post_form(client, "/your-letter", {**GOOD_LETTER, **SECOND, "keep_copy": "y"})
    client.get("/letter.pdf")
    kept = rows(app, Submission)
    assert [row.name for row in kept] == [GOOD_LETTER["name"], SECOND["name"]]
    counts = rows(app, LetterCount)
    assert len(counts) == 2
    assert {c.letter_key for c in counts} == {row.letter_key for row in kept}


def test_editing_before_sending_keeps_your_choices(client):
    """ "Change my details" shows this letter's own answers, boxes included."""
    write_letter(client, keep_copy="y", updates="y", email="amira@example.org")
    values = form_values(client)
    assert values["keep_copy"] is True
    assert values["updates"] is True
    assert values["name"] == GOOD_LETTER["name"]


def test_changing_a_letter_after_download_updates_its_record(app, client):
    """Editing after a download is the same letter: one count, one kept row, new frozen text."""
    write_letter(client, keep_copy="y")
    client.get("/letter.pdf")
    [before] = rows(app, Submission)
    post_form(client, "/your-letter", {**GOOD_LETTER, "name": "Amira Changed", "keep_copy": "y"})
    client.get("/letter.pdf")
    [after] = rows(app, Submission)
    assert (after.id, after.letter_key) == (before.id, before.letter_key)
    assert after.name == "Amira Changed"
    assert after.content_hash != before.content_hash
    assert len(rows(app, LetterCount)) == 1


def test_a_letter_key_is_made_at_step_one(client):
    """The key exists before the form is sent, so every send of the form names the same letter."""
    find_mp(client)
    with client.session_transaction() as session:
        first = session["draft"]["letter_key"]
    find_mp(client)
    with client.session_transaction() as session:
        assert session["draft"]["letter_key"] == first


def _at_once(clients, data_for) -> list[int]:
    """POST the letter form from every client at the same moment; returns the status codes."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(number, other):
        data = data_for(number)
        barrier.wait()
        statuses.append(other.post("/your-letter", data=data).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _same_browser(app, client, count: int):
    """`count` clients sharing `client`'s session cookie, as one browser's tabs or retries do."""
    cookie = client.get_cookie("session")
    copies = []
    for _ in range(count):
        other = app.test_client()
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        copies.append(other)
    return copies


def test_the_same_form_sent_four_times_at_once_is_one_letter(app, client):
    """Four simultaneous sends of one form (double clicks, retries): one kept row, not four."""
    find_mp(client)
    token = csrf_token(client, "/your-letter")
    data = {**GOOD_LETTER, "keep_copy": "y", "csrf_token": token}
    statuses = _at_once(_same_browser(app, client, 4), lambda _: data)
    assert statuses == [303] * 4
    assert len(rows(app, Submission)) == 1


def test_the_last_answer_to_keep_a_copy_wins(app, client):
    """A double click with the box ticked, then a resend with it unticked, leaves nothing kept."""
    find_mp(client)
    token = csrf_token(client, "/your-letter")
    ticked = {**GOOD_LETTER, "keep_copy": "y", "csrf_token": token}
    _at_once(_same_browser(app, client, 2), lambda _: ticked)
    assert len(rows(app, Submission)) == 1
    unticked = {**GOOD_LETTER, "csrf_token": token}
    assert client.post("/your-letter", data=unticked).status_code == 303
    assert rows(app, Submission) == []
    client.post("/your-letter", data=ticked)
    assert len(rows(app, Submission)) == 1
