"""Rate limits count each supporter (their session) and, much higher, each address."""

from __future__ import annotations

import pytest
from webapp_helpers import find_mp, write_letter

from webapp import create_app
from webapp.config import ConfigError

PROXY = "10.0.0.1"  # the platform's router, as the app sees it
OFFICE = "198.51.100.7"  # one public address shared by a whole office


def _behind(client, remote: str, forwarded: str | None = None):
    client.environ_base["REMOTE_ADDR"] = remote
    if forwarded:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def test_fifty_supporters_behind_one_address_are_not_refused(make_app):
    """With the default limits, 50 supporters on one address each write and download a letter."""
    app = make_app(RATELIMIT_ENABLED=True)
    statuses = []
    for _ in range(50):
        client = _behind(app.test_client(), OFFICE)
        statuses.append(write_letter(client).status_code)
        statuses.append(client.get("/letter.pdf").status_code)
    assert 429 not in statuses
    assert set(statuses) == {200, 303}


def test_two_supporters_behind_one_proxy_get_separate_limits(make_app):
    """Behind the declared proxy, one supporter using up their limit does not stop another."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM="2 per minute", PROXY_FIX_X_FOR=1)
    first = _behind(app.test_client(), PROXY, OFFICE)
    second = _behind(app.test_client(), PROXY, OFFICE)
    assert [find_mp(first).status_code for _ in range(3)] == [303, 303, 429]
    assert find_mp(second).status_code == 303


def test_the_address_ceiling_is_shared_and_read_through_the_proxy(make_app):
    """The per-address ceiling counts everyone on one address (as the proxy reports it)."""
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_FORM_PER_ADDRESS="3 per minute", PROXY_FIX_X_FOR=1
    )
    office = [_behind(app.test_client(), PROXY, OFFICE) for _ in range(4)]
    assert [find_mp(client).status_code for client in office] == [303, 303, 303, 429]
    elsewhere = _behind(app.test_client(), PROXY, "192.0.2.55")
    assert find_mp(elsewhere).status_code == 303


def test_without_a_declared_proxy_a_forwarded_header_cannot_dodge_the_ceiling(make_app):
    """With PROXY_FIX_X_FOR=0 a made-up X-Forwarded-For is ignored: the ceiling still holds."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_FORM_PER_ADDRESS="2 per minute")
    clients = [_behind(app.test_client(), OFFICE, f"192.0.2.{n}") for n in range(3)]
    assert [find_mp(client).status_code for client in clients] == [303, 303, 429]


def test_downloads_are_limited_per_supporter(make_app):
    """One supporter's downloads use up their own limit, not their neighbour's."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DOWNLOAD="2 per minute")
    first, second = (_behind(app.test_client(), OFFICE) for _ in range(2))
    write_letter(first)
    write_letter(second)
    assert [first.get("/letter.pdf").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/letter.pdf").status_code == 200


def test_download_ceiling_per_address(make_app):
    """Downloads from one address share the per-address ceiling."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DOWNLOAD_PER_ADDRESS="2 per minute")
    clients = [_behind(app.test_client(), OFFICE) for _ in range(3)]
    for client in clients:
        write_letter(client)
    assert [client.get("/letter.pdf").status_code for client in clients] == [200, 200, 429]


@pytest.mark.parametrize("uri", ["memory://", ""])
def test_production_refuses_per_process_limits(database_url, uri, monkeypatch):
    """Production refuses rate limits counted per process, and says which setting to set."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    settings = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": database_url}
    if uri:
        settings["RATELIMIT_STORAGE_URI"] = uri
    with pytest.raises(ConfigError, match=r"REDIS_URL.*RATELIMIT_STORAGE_URI"):
        create_app(settings)


def test_production_starts_with_shared_limits(make_app):
    """With a redis:// store production starts (nothing is contacted until a request)."""
    app = make_app(
        APP_ENV="production",
        SECRET_KEY="k" * 40,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
    )
    assert app.config["APP_ENV"] == "production"
