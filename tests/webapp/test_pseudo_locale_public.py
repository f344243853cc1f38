"""Every public page under a pseudo-locale: no interface text is left outside the catalogue."""

from __future__ import annotations

import pytest
from pseudo_locale import data_corpus, unwrapped, write_catalogue
from webapp_helpers import find_mp, page, post_form, write_letter

from webapp.campaigns import service as campaigns
from webapp.extensions import db
from webapp.replies.models import Reminder

CHOOSE_POSTCODE = "AB10 0AA"  # its outcode spans two seats


@pytest.fixture(scope="module")
def pseudo_catalogue(tmp_path_factory):
    return write_catalogue(tmp_path_factory.mktemp("pseudo"))


@pytest.fixture(scope="module")
def corpus():
    return data_corpus()


@pytest.fixture
def app_config(app_config, pseudo_catalogue):
    """The app reads its catalogue from the pseudo-locale's folder."""
    return {**app_config, "BABEL_TRANSLATION_DIRECTORIES": str(pseudo_catalogue)}


def assert_all_wrapped(response, corpus, label):
    assert response.mimetype == "text/html", label
    left = unwrapped(response.get_data(as_text=True), corpus)
    assert not left, f"{label}: text outside the catalogue: {left}"


def test_the_pseudo_locale_is_in_use(client):
    """The catalogue the test built is the one the app reads (the check below means something)."""
    assert "⟦" in page(client.get("/find-your-mp")).find("h1").get_text()


@pytest.mark.parametrize(
    "url", ["/", "/find-your-mp", "/constituencies", "/privacy", "/my-letter/deleted"]
)
def test_pages_anyone_can_open(client, corpus, url):
    """The campaign page, finding the MP, the constituency list and the privacy page."""
    assert_all_wrapped(client.get(url), corpus, url)


def test_the_letter_journey(client, corpus):
    """The letter form, its errors, the preview, the print page and the thank-you page."""
    find_mp(client)
    assert_all_wrapped(client.get("/your-letter"), corpus, "letter form")
    errors = post_form(client, "/your-letter", {"name": "", "email": "not-an-email"})
    assert_all_wrapped(errors, corpus, "letter form with errors")
    preview = write_letter(client, keep_copy="y", email="amira@example.org", remind="y")
    assert_all_wrapped(client.get(preview.headers["Location"]), corpus, "preview")
    assert_all_wrapped(client.get("/your-letter/print"), corpus, "print")
    assert_all_wrapped(client.get("/thank-you"), corpus, "thank you")
    link = page(client.get("/thank-you")).select_one("a.private-url")["href"]
    path = link.removeprefix("https://write.example.org")
    for url in (path, f"{path}/delete", f"{path}/reply"):
        assert_all_wrapped(client.get(url), corpus, url)


def test_choosing_a_constituency(client, corpus):
    """A postcode shared by several seats asks which one."""
    find_mp(client, CHOOSE_POSTCODE)
    assert_all_wrapped(client.get("/choose-constituency"), corpus, "choose constituency")


def test_the_reminder_unsubscribe_page(app, client, corpus):
    """The page a reminder email's unsubscribe link opens."""
    write_letter(client, email="amira@example.org", remind="y")
    with app.app_context():
        reminder = db.session.scalars(db.select(Reminder)).first()
    if reminder is None:
        pytest.skip("reminders need a mail server in this configuration")
    url = f"/reminders/unsubscribe/{reminder.unsubscribe_id}"
    assert_all_wrapped(client.get(url), corpus, url)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("GET", "/no-such-page", 404), ("POST", "/privacy", 405), ("GET", "/my-letter/bad", 404)],
)
def test_error_pages(client, corpus, method, url, status):
    """The error pages: not found, method not allowed."""
    response = client.open(url, method=method)
    assert response.status_code == status
    assert_all_wrapped(response, corpus, f"{status} page")


def test_a_closed_campaign(app, client, corpus):
    """The closed campaign page and the page that refuses a late form, showing what was typed."""
    csrf = page(client.get("/")).find("input", attrs={"name": "csrf_token"})["value"]
    message = "The flights were paused"
    with app.test_request_context():
        campaigns.close_now("baghdad-returns", message, by=None)
    closed = client.get("/")
    assert not unwrapped(closed.get_data(as_text=True), corpus, (message,))
    late = client.post("/find-your-mp", data={"postcode": "SW1A 1AA", "csrf_token": csrf})
    assert late.status_code == 409
    assert not unwrapped(late.get_data(as_text=True), corpus, (message,))
