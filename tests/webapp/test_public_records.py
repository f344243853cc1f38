"""What the database keeps: a count per letter always, personal data only with consent."""

from __future__ import annotations

from sqlalchemy import func, select
from webapp_helpers import GOOD_LETTER, page, post_form, write_letter

from letters.directory import default_directory
from webapp.extensions import db
from webapp.submissions.models import Draft, LetterCount, Submission


def _rows(app, model):
    with app.app_context():
        return db.session.execute(select(model)).scalars().all()


def test_without_consent_nothing_personal_is_kept(app, client):
    """No consent: after a download there is no Submission and no Draft, only one count row."""
    write_letter(client)
    client.get("/letter.pdf")
    assert _rows(app, Submission) == []
    assert _rows(app, Draft) == []
    [count] = _rows(app, LetterCount)
    seat = default_directory().lookup_postcode("SW1A 1AA").constituency
    assert (count.constituency_code, count.nation, count.pdf, count.email_draft) == (
        seat.code,
        "England",
        True,
        False,
    )
    assert count.campaign == "baghdad-returns"


def test_count_key_is_random_not_personal(app, client):
    """The count's key is a random token that contains nothing the supporter typed."""
    write_letter(client)
    client.get("/letter.pdf")
    [count] = _rows(app, LetterCount)
    assert len(count.letter_key) >= 20
    assert "Amira" not in count.letter_key
    assert "SW1A" not in count.letter_key


def test_downloading_twice_counts_one_letter(app, client):
    """Two PDF downloads and an .eml download make one row with both flags set."""
    write_letter(client)
    client.get("/letter.pdf")
    client.get("/letter.pdf")
    client.get("/letter.eml")
    [count] = _rows(app, LetterCount)
    assert count.pdf is True
    assert count.email_draft is True


def test_previewing_is_not_counted(app, client):
    """Writing and previewing a letter without any output records nothing."""
    assert write_letter(client).status_code == 303
    assert client.get("/your-letter/preview").status_code == 200
    assert _rows(app, LetterCount) == []


def test_two_supporters_make_two_counts(app, client):
    """Letters from two browsers are two letters."""
    other = app.test_client()
    for c in (client, other):
        write_letter(c)
        c.get("/letter.pdf")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LetterCount)) == 2


def test_keep_a_copy_stores_a_submission(app, client):
    """With "keep a copy" ticked the letter's details are stored for staff to deliver."""
    write_letter(
        client,
        keep_copy="y",
        email="amira@example.org",
        address_line2="Flat 3",
        concern="minorities",
    )
    [row] = _rows(app, Submission)
    assert row.name == GOOD_LETTER["name"]
    assert row.address_lines == ["12 Acacia Avenue", "Flat 3", "London"]
    assert row.postcode == "SW1A 1AA"
    assert row.email == "amira@example.org"
    assert row.reason == GOOD_LETTER["reason"]
    assert row.concern == "minorities"
    assert row.keep_letter is True
    assert row.consent_updates is False


def test_changing_details_updates_the_same_submission(app, client):
    """Sending the form again with consent updates the kept copy instead of adding one."""
    write_letter(client, keep_copy="y")
    write_letter(client, keep_copy="y", name="Amira Smith")
    [row] = _rows(app, Submission)
    assert row.name == "Amira Smith"


def test_unticking_keep_a_copy_deletes_it(app, client):
    """A supporter who changes their mind and unticks the box has the copy deleted."""
    write_letter(client, keep_copy="y")
    write_letter(client)
    assert _rows(app, Submission) == []


def test_updates_only_keeps_no_address_or_letter(app, client):
    """Ticking only "send me updates" keeps name, email and seat, not the address or letter."""
    write_letter(client, updates="y", email="amira@example.org")
    [row] = _rows(app, Submission)
    assert (row.keep_letter, row.consent_updates, row.email) == (False, True, "amira@example.org")
    assert (row.address_lines, row.reason, row.postcode) == ([], None, "")


def test_forget_my_details_clears_the_draft(client):
    """ "Forget my details" empties the draft, so the preview is no longer there."""
    write_letter(client)
    preview = page(client.get("/your-letter/preview"))
    form = preview.find("form", action="/start-again")
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    assert client.post("/start-again", data={"csrf_token": token}).status_code == 303
    assert client.get("/your-letter/preview").status_code == 302


def test_honeypot_submission_is_silently_dropped(app, client):
    """A filled honeypot looks like success but keeps nothing and makes no letter."""
    response = write_letter(client, website="http://spam.example", keep_copy="y")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/thank-you")
    assert _rows(app, Submission) == []
    assert client.get("/your-letter/preview").status_code == 302


def test_honeypot_on_the_postcode_form_is_dropped(client):
    """A bot filling the postcode form's honeypot gets no MP lookup stored."""
    response = post_form(client, "/find-your-mp", {"postcode": "SW1A 1AA", "website": "x"})
    assert response.headers["Location"].endswith("/thank-you")
    assert client.get("/your-letter").status_code == 302


def test_opening_webmail_counts_an_email_draft(app, client):
    """Opening the letter in Gmail counts it once as an email draft."""
    write_letter(client)
    client.get("/letter/send/gmail")
    client.get("/letter/send/outlook")
    [count] = _rows(app, LetterCount)
    assert (count.pdf, count.email_draft) == (False, True)
