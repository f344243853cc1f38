"""The constituency chosen at step 1 is never switched silently by the address postcode."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from webapp_helpers import GOOD_LETTER, field_error, page, post_form, visible_text

from letters.directory import default_directory
from webapp.extensions import db
from webapp.public.draft import LetterDraft
from webapp.submissions.models import Submission

MANCHESTER_CENTRAL, CARDIFF_SOUTH = "E14001352", "W07000091"
CARDIFF = {**GOOD_LETTER, "postcode": "CF10 1EP", "town": "Cardiff", "keep_copy": "y"}


def choose_manchester(client):
    """Step 1 by the constituency list: Manchester Central."""
    return post_form(client, "/constituencies", {"constituency": MANCHESTER_CENTRAL})


def test_a_postcode_elsewhere_asks_the_supporter(client):
    """Manchester Central chosen, a Cardiff postcode typed: the form asks, and keeps the text."""
    choose_manchester(client)
    response = post_form(client, "/your-letter", CARDIFF)
    assert response.status_code == 400
    message = field_error(response, "postcode")
    assert "CF10 1EP is not in Manchester Central" in message
    assert "Cardiff South and Penarth" in message
    choices = page(response).select("input[name=switch_to]")
    assert [c["value"] for c in choices] == ["", CARDIFF_SOUTH]
    assert page(response).find("input", attrs={"name": "name"})["value"] == GOOD_LETTER["name"]
    assert client.get("/your-letter/preview").status_code == 302  # no letter made yet


def test_choosing_the_postcodes_seat_writes_to_its_mp(app, client):
    """Answering "write to the MP for Cardiff South and Penarth" sends the letter there."""
    choose_manchester(client)
    post_form(client, "/your-letter", CARDIFF)
    response = post_form(client, "/your-letter", {**CARDIFF, "switch_to": CARDIFF_SOUTH})
    assert response.status_code == 303
    cardiff_mp = default_directory().mp_for(CARDIFF_SOUTH)
    assert cardiff_mp.full_title in visible_text(client.get("/your-letter/preview"))
    with app.app_context():
        assert db.session.scalars(select(Submission.constituency_code)).all() == [CARDIFF_SOUTH]


def test_keeping_the_choice_means_correcting_the_postcode(client):
    """Keeping Manchester Central with the Cardiff postcode still asks; a Manchester one works."""
    choose_manchester(client)
    again = post_form(client, "/your-letter", {**CARDIFF, "switch_to": ""})
    assert again.status_code == 400
    fixed = post_form(
        client, "/your-letter", {**CARDIFF, "postcode": "M1 1AD", "town": "Manchester"}
    )
    assert fixed.status_code == 303, field_error(fixed, "postcode")
    manchester_mp = default_directory().mp_for(MANCHESTER_CENTRAL)
    assert manchester_mp.full_title in visible_text(client.get("/your-letter/preview"))


def test_an_answer_naming_an_unoffered_seat_is_ignored(client):
    """A forged switch_to naming some other constituency does not move the letter there."""
    choose_manchester(client)
    response = post_form(client, "/your-letter", {**CARDIFF, "switch_to": "E14001172"})
    assert response.status_code == 400


def test_the_draft_is_a_typed_object_that_round_trips():
    """LetterDraft survives its cookie form, leaves out empty fields and ignores unknown keys."""
    draft = LetterDraft(
        letter_key="k" * 22,
        constituency=CARDIFF_SOUTH,
        name="A",
        address_lines=("1 Heol", "Cardiff"),
        keep_copy=True,
        letter_date=dt.date(2026, 11, 29),
    )
    data = draft.to_dict()
    assert "email" not in data
    assert "updates" not in data
    assert LetterDraft.from_dict({**data, "from_an_older_site": 1}) == draft
    assert LetterDraft.from_dict(None).is_empty
