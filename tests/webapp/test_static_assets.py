"""Static files: hashed URLs, kept for a year by browsers and proxies, gzipped when accepted."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from webapp_helpers import page

STATIC = Path(__file__).resolve().parents[2] / "webapp" / "static"
LONG_CACHE = "public, max-age=31536000, immutable"


def linked(client, url: str = "/") -> list[str]:
    """Every stylesheet, icon and script URL the page at `url` links."""
    soup = page(client.get(url))
    tags = soup.select("link[href]:not([rel~=alternate]), script[src]")  # not the hreflang pages
    return [tag.get("href") or tag["src"] for tag in tags]


def get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    body = response.get_data()
    response.close()  # static files are streamed from an open file
    return response, body


def test_pages_link_static_files_by_a_hash_of_their_content(client):
    """Each static URL on the page carries the file's content hash, so a change is a new URL."""
    urls = linked(client)
    assert {urlsplit(u).path for u in urls} >= {"/static/css/site.css", "/static/js/site.js"}
    for url in urls:
        parts = urlsplit(url)
        body = (STATIC / parts.path.removeprefix("/static/")).read_bytes()
        assert parse_qs(parts.query)["v"] == [hashlib.sha256(body).hexdigest()[:12]]


def test_a_hashed_url_may_be_kept_for_a_year(client):
    """The current hash gets a year's public, immutable cache life."""
    for url in linked(client):
        response, _ = get(client, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == LONG_CACHE, url


@pytest.mark.parametrize("url", ["/static/css/site.css", "/static/css/site.css?v=0123456789ab"])
def test_without_the_current_hash_the_file_is_checked_each_time(client, url):
    """A plain or out-of-date URL still answers, but must not be kept unchecked."""
    response, body = get(client, url)
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]
    assert body == (STATIC / "css" / "site.css").read_bytes()


def test_text_files_are_gzipped_for_clients_that_accept_it(client):
    """With Accept-Encoding: gzip the stylesheet comes compressed, and decompresses to itself."""
    (url,) = [u for u in linked(client) if urlsplit(u).path == "/static/css/site.css"]
    response, body = get(client, url, **{"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == LONG_CACHE
    assert response.mimetype == "text/css"
    original = (STATIC / "css" / "site.css").read_bytes()
    assert gzip.decompress(body) == original
    assert len(body) < len(original)


def test_clients_that_do_not_accept_gzip_get_the_file_as_it_is(client):
    """Without gzip in Accept-Encoding the file is sent uncompressed."""
    (url,) = [u for u in linked(client) if urlsplit(u).path == "/static/css/site.css"]
    response, body = get(client, url, **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]
    assert body == (STATIC / "css" / "site.css").read_bytes()


def test_pages_themselves_are_not_compressed(client):
    """Pages carry a CSRF token beside what was typed: they go out uncompressed (BREACH)."""
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("url", ["/static/nope.css", "/static/../pyproject.toml"])
def test_missing_or_outside_files_are_not_found(client, url):
    """Nothing outside the static folder is served."""
    response, _ = get(client, url)
    assert response.status_code == 404
