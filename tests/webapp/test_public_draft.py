"""The draft lives in the signed cookie; one too big for a cookie is kept server-side briefly."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from webapp_helpers import page, visible_text, write_letter

from letters.supporter import ADDRESS_LINE_MAX_CHARS, NAME_MAX_CHARS, REASON_MAX_CHARS
from webapp.extensions import db
from webapp.public.letter_state import delete_expired_drafts
from webapp.submissions.models import Draft

COOKIE_LIMIT = 4096


def varied(first: int, count: int, span: int = 250) -> str:
    """`count` characters in no pattern (seeded), so compression cannot shrink them."""
    chooser = random.Random(first)
    return "".join(chr(first + chooser.randrange(span)) for _ in range(count))


# Emoji are four bytes in UTF-8 and twelve characters as escaped JSON: the largest case.
LONG_REASON = varied(0x1F300, REASON_MAX_CHARS)


def _session_cookie(response) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("session="):
            return header.split(";", 1)[0]
    return ""


def _drafts(app):
    with app.app_context():
        return db.session.execute(select(Draft)).scalars().all()


def test_ordinary_draft_stays_in_the_cookie(app, client):
    """An ordinary letter keeps its draft in the cookie and writes no Draft row."""
    response = write_letter(client)
    assert 0 < len(_session_cookie(response)) < COOKIE_LIMIT
    assert _drafts(app) == []


def test_worst_case_draft_goes_server_side_and_cookie_stays_small(app, client):
    """Every field full of multibyte text: the cookie stays under 4 KB and the letter works."""
    response = write_letter(
        client,
        name=varied(0x0410, NAME_MAX_CHARS, span=64),
        address_line1=varied(0x4E00, ADDRESS_LINE_MAX_CHARS),
        address_line2=varied(0x4F00, ADDRESS_LINE_MAX_CHARS),
        town=varied(0x0410, ADDRESS_LINE_MAX_CHARS, span=64),
        reason=LONG_REASON,
    )
    assert response.status_code == 303
    assert len(_session_cookie(response)) < COOKIE_LIMIT
    [draft] = _drafts(app)
    assert draft.data["reason"] == LONG_REASON
    preview = client.get("/your-letter/preview")
    assert LONG_REASON[:50] in visible_text(preview)


def test_forgetting_deletes_the_server_side_draft(app, client):
    """ "Forget my details" deletes the server-side draft too."""
    write_letter(client, reason=LONG_REASON)
    assert len(_drafts(app)) == 1
    token = (
        page(client.get("/your-letter/preview"))
        .find("form", action="/start-again")
        .find("input", attrs={"name": "csrf_token"})["value"]
    )
    client.post("/start-again", data={"csrf_token": token})
    assert _drafts(app) == []


def test_shortening_the_letter_moves_the_draft_back_to_the_cookie(app, client):
    """Once the draft fits in the cookie again, the server-side copy is deleted."""
    write_letter(client, reason=LONG_REASON)
    write_letter(client, reason="Short again.")
    assert _drafts(app) == []
    assert "Short again." in visible_text(client.get("/your-letter/preview"))


def test_expired_drafts_are_deleted_and_forgotten(app, client):
    """A server-side draft past its expiry is not used, and the purge deletes it."""
    write_letter(client, reason=LONG_REASON)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=app.config["DRAFT_HOURS"] + 1)
    with app.app_context():
        assert delete_expired_drafts(now=later) == 1
    assert client.get("/your-letter/preview").status_code == 302
