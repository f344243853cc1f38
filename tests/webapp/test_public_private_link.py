"""The private link: a supporter sees, downloads again and deletes what was kept, no account."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from webapp_helpers import page, pdf_text, post_form, visible_text, write_letter

from webapp.extensions import db
from webapp.submissions.models import LetterCount, Submission

SITE = "https://write.example.org"


def private_path(client, url: str = "/your-letter/preview") -> str:
    """The private link shown on a page, as a path for the test client."""
    link = page(client.get(url)).select_one("a.private-url")
    assert link is not None, f"no private link on {url}"
    return link["href"].removeprefix(SITE)


def rows(app, model):
    with app.app_context():
        return db.session.scalars(select(model)).all()


def test_preview_and_thank_you_give_the_same_private_link(client):
    """With "keep a copy" ticked, the preview and the thank-you page both show the private link."""
    preview_url = write_letter(client, keep_copy="y").headers["Location"]
    from_preview = private_path(client, preview_url)
    assert from_preview == private_path(client, "/thank-you")
    assert from_preview == private_path(client, "/thank-you"), "a reload still shows it"


def test_no_private_link_when_nothing_is_kept(client):
    """Without consent nothing is kept, so there is no private link to show."""
    preview_url = write_letter(client).headers["Location"]
    assert page(client.get(preview_url)).select_one("a.private-url") is None


def test_the_private_link_shows_and_downloads_the_kept_letter(app, client):
    """The link's page shows the letter and its hash; its PDF is the letter the supporter got."""
    write_letter(client, keep_copy="y")
    path = private_path(client)
    shown = client.get(path)
    assert shown.status_code == 200
    assert shown.headers["Referrer-Policy"] == "no-referrer"
    [row] = rows(app, Submission)
    assert row.content_hash in visible_text(shown)
    assert "Amira O'Brien-Núñez" in visible_text(shown)
    other_browser = app.test_client()
    download = other_browser.get(path + "/letter.pdf")
    assert download.mimetype == "application/pdf"
    assert pdf_text(download.data) == pdf_text(client.get("/letter.pdf").data)


def test_the_token_is_long_and_signed(app, client):
    """The token names a random id and an HMAC: the id alone, or a changed signature, is refused."""
    write_letter(client, keep_copy="y")
    path = private_path(client)
    token = path.rsplit("/", 1)[1]
    [row] = rows(app, Submission)
    link_id, _, signature = token.partition(".")
    assert link_id == row.link_id
    assert len(link_id) >= 20
    assert len(signature) >= 40
    assert "Amira" not in token
    for forged in (link_id, f"{link_id}.{signature[:-2]}xx", "x" * 500):
        response = client.get(f"/my-letter/{forged}")
        assert response.status_code == 404
        assert "This link is not valid" in visible_text(response)


def test_deleting_removes_the_personal_data_and_keeps_the_count(app, client):
    """Delete removes the kept letter and details at once; the anonymous count stays; link dies."""
    write_letter(client, keep_copy="y", updates="y", email="amira@example.org")
    client.get("/letter.pdf")
    path = private_path(client)
    response = post_form(client, path + "/delete", {})
    assert response.status_code == 303
    assert "are deleted" in visible_text(client.get(response.headers["Location"]))
    assert rows(app, Submission) == []
    assert len(rows(app, LetterCount)) == 1
    assert client.get(path).status_code == 404


def test_deleting_without_a_csrf_token_is_refused(app, client):
    """A POST to delete without the form's token changes nothing."""
    write_letter(client, keep_copy="y")
    path = private_path(client)
    assert client.post(path + "/delete").status_code == 400
    assert len(rows(app, Submission)) == 1


def test_updates_only_has_a_link_but_no_letter(app, client):
    """A supporter who asked only for updates can see and delete that, and no letter is offered."""
    write_letter(client, updates="y", email="amira@example.org")
    path = private_path(client)
    shown = client.get(path)
    assert "campaign updates" in visible_text(shown)
    assert page(shown).select_one(".letter-wrap") is None
    assert client.get(path + "/letter.pdf").status_code == 404
    assert post_form(client, path + "/delete", {}).status_code == 303
    assert rows(app, Submission) == []


@pytest.mark.parametrize("secret", ["a-different-secret-key-that-is-long-enough-0123456789"])
def test_a_new_secret_key_makes_old_links_stop_working(make_app, secret):
    """The signature needs SECRET_KEY: the same link under another key is not valid."""
    first = make_app()
    client = first.test_client()
    write_letter(client, keep_copy="y")
    path = private_path(client)
    assert client.get(path).status_code == 200
    assert make_app(SECRET_KEY=secret).test_client().get(path).status_code == 404
