"""Every staff page, signed in as an admin, under a pseudo-locale: no text outside the catalogue."""

from __future__ import annotations

import pytest
from pseudo_locale import data_corpus, unwrapped, write_catalogue
from webapp_helpers import page, staff_get_urls

STAFF_EMAILS = ("admin@example.org", "editor@example.org", "viewer@example.org")
# The note stored with the first version of each template, seeded from the campaign's files: data.
SEEDED_NOTE = "From the file in templates/baghdad-returns"


STAFF_GET_URLS = staff_get_urls()


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


def test_the_sign_in_page(client, corpus):
    """The sign-in page, before anyone is signed in."""
    response = client.get("/staff/login")
    assert "⟦" in page(response).find("h1").get_text()
    assert not unwrapped(response.get_data(as_text=True), corpus, STAFF_EMAILS)


@pytest.mark.parametrize("url", STAFF_GET_URLS)
def test_every_staff_page(admin, add_submission, corpus, url):
    """Each staff page an admin can open, with a kept letter and the templates' first versions."""
    add_submission("Amira Haddad", email="amira@example.org")
    admin.get("/staff/content")  # seeds version 1 of each template
    response = admin.get(url)
    if response.mimetype != "text/html" or response.status_code in {301, 302, 303}:
        return  # a download (CSV, PDF, ZIP) or a redirect: not a page
    left = unwrapped(
        response.get_data(as_text=True), corpus, ("Amira Haddad", SEEDED_NOTE, *STAFF_EMAILS)
    )
    assert not left, f"{url} ({response.status_code}): text outside the catalogue: {left}"
