"""Staff pages and every staff download holding personal data are never kept by a cache."""

from __future__ import annotations

import pytest

STAFF_URLS = [
    "/staff/",
    "/staff/exports",
    "/staff/exports/supporters.csv",
    "/staff/counts",
    "/staff/counts.csv",
    "/staff/content/template:default/versions/1/preview.pdf",
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_responses_say_no_store(editor, add_submission, url):
    """Each staff page and download is sent with `Cache-Control: no-store`."""
    add_submission("Amira Haddad", email="amira@example.org")
    editor.get("/staff/content")  # seeds version 1 of each template
    response = editor.get(url)
    assert response.status_code == 200, url
    assert response.headers["Cache-Control"] == "no-store"
