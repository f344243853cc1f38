"""Where letters come from: ?source= and utm_* are cleaned, kept through the journey, and stored
with the count, the kept letter or updates consent and a reported reply, and nowhere else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import MetaData, select, text
from webapp_helpers import csrf_token, find_mp, page, write_letter

from webapp.extensions import db
from webapp.reach.models import SOURCE_MAX_CHARS, UTM_MAX_CHARS
from webapp.reach.sources import CODE_PATTERN, Source, clean, source_from_args
from webapp.replies.models import MpReply
from webapp.submissions.models import LetterCount, Submission

SAFE = CODE_PATTERN
SITE = "https://write.example.org"
EMAIL = "amira@example.org"


def rows(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model)))


def the_count(app) -> LetterCount:
    [count] = rows(app, LetterCount)
    return count


def source_of(row) -> Source:
    return Source(row.source, row.utm_source, row.utm_medium, row.utm_campaign)


# --- cleaning -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("oxfam-may", "oxfam-may"),
        ("Oxfam Newsletter May", "oxfam-newsletter-may"),
        ('<script>alert("x")</script>', "script-alert-x-script"),
        ("'; DROP TABLE letter_counts; --", "drop-table-letter_counts"),
        ('=HYPERLINK("http://evil")', "hyperlink-http-evil"),
        ("-@+=", None),
        ("tab\there\r\nnew\x00line\x7f", "tab-here-new-line"),
        ("Café Ünïcode 🚀 Ωμέγα", "cafe-unicode"),
        ("   ", None),
        ("", None),
        ("a" * 10_000, "a" * SOURCE_MAX_CHARS),
    ],
)
def test_hostile_sources_come_out_safe(raw, cleaned):
    """Markup, quotes, formulas, control characters, other scripts and 10 kB values are cut to
    lower-case letters, digits and -_. within the length limit (or to nothing)."""
    assert clean(raw, SOURCE_MAX_CHARS) == cleaned


@given(st.text(max_size=400), st.sampled_from([SOURCE_MAX_CHARS, UTM_MAX_CHARS]))
def test_every_value_cleans_to_the_safe_set_and_length(raw, limit):
    """Whatever arrives, the kept value is None or safe characters within the limit, starting
    and ending with a letter or digit, and cleaning it again changes nothing."""
    value = clean(raw, limit)
    if value is not None:
        assert SAFE.fullmatch(value)
        assert len(value) <= limit
    assert clean(value, limit) == value


@given(st.dictionaries(st.sampled_from(["source", "utm_source", "utm_medium", "utm_campaign",
                                        "other"]), st.text(max_size=200)))  # fmt: skip
def test_source_from_args_reads_only_the_four_parameters(args):
    """Only source and utm_source/medium/campaign are read, each cut to its own limit."""
    source = source_from_args(args)
    assert source.source == clean(args.get("source"), SOURCE_MAX_CHARS)
    for name in ("utm_source", "utm_medium", "utm_campaign"):
        assert getattr(source, name) == clean(args.get(name), UTM_MAX_CHARS)


def test_long_utm_values_keep_their_own_limit():
    """A utm value may be longer than a source code (64 characters against 32)."""
    source = source_from_args({"source": "s" * 100, "utm_campaign": "c" * 100})
    assert (len(source.source), len(source.utm_campaign)) == (SOURCE_MAX_CHARS, UTM_MAX_CHARS)


# --- the journey --------------------------------------------------------------------------------


def download(client) -> None:
    response = client.get("/letter.pdf")
    assert response.status_code == 200, response.status_code


def test_the_source_survives_postcode_form_and_download(app, client):
    """A link's source is on the letter's anonymous count after postcode → form → download."""
    landing = client.get(
        "/?source=Oxfam-May&utm_source=Newsletter&utm_medium=email&utm_campaign=May 2026"
    )
    assert landing.status_code == 200
    write_letter(client)
    download(client)
    count = the_count(app)
    assert source_of(count) == Source("oxfam-may", "newsletter", "email", "may-2026")
    assert rows(app, Submission) == []


def test_a_hostile_source_is_stored_cleaned(app, client):
    """HTML, quotes and a 10 kB value in the link are stored cut to the safe set and length."""
    hostile = '"><script>alert(1)</script>' + "x" * 10_000
    assert (
        client.get("/", query_string={"source": hostile, "utm_medium": "é\x00'"}).status_code == 200
    )
    write_letter(client)
    download(client)
    count = the_count(app)
    assert count.source == "script-alert-1-script-xxxxxxxxxx"
    assert count.utm_medium == "e"


def test_a_supporters_share_and_an_embedded_page_count_under_their_source(app, client):
    """The share buttons' ?source=share&utm_medium=whatsapp, opened on any supporter page (here
    step 1, as an embedded page starts), is the letter's source."""
    assert client.get("/find-your-mp?source=share&utm_medium=whatsapp").status_code == 200
    write_letter(client)
    download(client)
    assert source_of(the_count(app)) == Source("share", None, "whatsapp", None)


def test_no_source_is_direct(app, client):
    """A letter from a plain link has no source."""
    write_letter(client)
    download(client)
    assert source_of(the_count(app)) == Source()


def test_a_letter_keeps_the_source_it_started_with(app, client):
    """Started after a link with source A, a letter stays A when a link with B is opened before
    it is finished; the next letter is B's (the last arrival)."""
    client.get("/?source=partner-a")
    find_mp(client)
    client.get("/?source=partner-b&utm_medium=social")
    write_letter(client)
    download(client)
    assert source_of(the_count(app)) == Source("partner-a")
    write_letter(client)  # step 1 again: the first letter is finished, a new one starts
    download(client)
    assert {source_of(c) for c in rows(app, LetterCount)} == {
        Source("partner-a"),
        Source("partner-b", None, "social"),
    }


def test_a_later_page_without_a_source_keeps_the_last_one(app, client):
    """Pages opened without a parameter, or with an empty one, do not wipe the arrival."""
    client.get("/?source=oxfam-may")
    client.get("/privacy")
    client.get("/?source=&utm_medium=")
    write_letter(client)
    download(client)
    assert the_count(app).source == "oxfam-may"


def test_the_kept_letter_carries_its_source(app, client):
    """ "Keep my letter": the kept Submission holds the source as well as the count."""
    client.get("/?source=oxfam-may&utm_medium=email")
    write_letter(client, keep_copy="y")
    download(client)
    [kept] = rows(app, Submission)
    assert kept.keep_letter
    assert source_of(kept) == Source("oxfam-may", None, "email", None)
    assert source_of(the_count(app)) == source_of(kept)


def test_the_updates_only_consent_carries_its_source(app, client):
    """ "Send me updates" only: the updates-only Submission holds the source."""
    client.get("/?source=local-group")
    write_letter(client, updates="y", email=EMAIL)
    [kept] = rows(app, Submission)
    assert not kept.keep_letter
    assert kept.email == EMAIL
    assert kept.source == "local-group"


def test_a_reported_reply_carries_its_source(app, client):
    """A reply reported through the kept letter's private link is stored with the source."""
    client.get("/?source=oxfam-may&utm_campaign=spring")
    write_letter(client, keep_copy="y")
    download(client)
    link = page(client.get("/thank-you")).find("a", class_="private-url")["href"]
    url = link.removeprefix(SITE) + "/reply"
    data = {"stance": "supports", "replied_on": "2026-11-01", "csrf_token": csrf_token(client, url)}
    assert client.post(url, data=data).status_code == 303
    [reply] = rows(app, MpReply)
    assert source_of(reply) == Source("oxfam-may", None, None, "spring")


def test_a_supporter_who_keeps_nothing_leaves_only_the_anonymous_count(app, client):
    """With nothing kept, the source is in the letter_counts table and in no other table."""
    client.get("/?source=findme-code&utm_campaign=findme-campaign")
    write_letter(client)
    download(client)
    client.get("/thank-you")
    with app.app_context():
        tables = MetaData()
        tables.reflect(bind=db.engine)
        holding = set()
        for table in tables.sorted_tables:
            for row in db.session.execute(select(table)):
                if any("findme" in str(value) for value in row):
                    holding.add(table.name)
        assert db.session.execute(text("SELECT count(*) FROM submissions")).scalar() == 0
    assert holding == {"letter_counts"}
