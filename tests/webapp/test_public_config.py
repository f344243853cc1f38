"""Settings come from the environment, in one place, with safe defaults and a strict production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.config import ConfigError, database_url, settings_from_env

ROOT = Path(__file__).resolve().parents[2]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """APP_ENV=production without SECRET_KEY stops the app from starting."""
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        settings_from_env(tmp_path, {"APP_ENV": "production"})


def test_production_refuses_a_short_secret_key(tmp_path):
    """A short SECRET_KEY is refused in production."""
    with pytest.raises(ConfigError, match="at least"):
        settings_from_env(tmp_path, {"APP_ENV": "production", "SECRET_KEY": "short"})


def test_development_makes_and_keeps_a_secret_key(tmp_path):
    """Development makes a key once and keeps it in the instance folder."""
    first = settings_from_env(tmp_path, {"APP_ENV": "development"})["SECRET_KEY"]
    second = settings_from_env(tmp_path, {"APP_ENV": "development"})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_cookies_are_secure(tmp_path):
    """Production sends cookies over https only and prefers https URLs."""
    config = settings_from_env(tmp_path, {"APP_ENV": "production", "SECRET_KEY": "s" * 40})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_defaults(tmp_path):
    """Defaults: SQLite in the instance folder, memory rate limits, 90 days, the campaign."""
    config = settings_from_env(tmp_path, {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'campaign.sqlite3'}"
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["PURGE_AFTER_DAYS"] == 90
    assert config["CAMPAIGN"] == "baghdad-returns"
    assert config["MAX_CONTENT_LENGTH"] == 64 * 1024


def test_empty_values_mean_the_default(tmp_path):
    """A .env copied from .env.example with empty values still gets the defaults."""
    config = settings_from_env(tmp_path, {"PREFERRED_URL_SCHEME": "", "CAMPAIGN": " "})
    assert config["PREFERRED_URL_SCHEME"] == "http"
    assert config["CAMPAIGN"] == "baghdad-returns"


def test_bad_number_is_reported_by_name(tmp_path):
    """A setting that should be a number names itself when it is not."""
    with pytest.raises(ConfigError, match="PURGE_AFTER_DAYS"):
        settings_from_env(tmp_path, {"PURGE_AFTER_DAYS": "ninety"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_database_urls_use_psycopg(tmp_path, raw, expected):
    """Postgres URLs in any common spelling use the installed psycopg 3 driver."""
    assert database_url(raw, tmp_path) == expected


def test_env_example_lists_every_setting_read():
    """.env.example names every environment variable config.py reads."""
    source = (ROOT / "webapp" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:_str|_int|_bool)\(\s*(?:env, |env\.get\()"([A-Z_]+)"', source))
    read |= set(re.findall(r'env\.get\("([A-Z_]+)"', source))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read
    assert read <= listed, read - listed


def test_procfile_runs_migrations_on_release():
    """The Procfile serves with gunicorn and migrates on its own release line."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("web: gunicorn 'webapp:create_app()'")
    assert "release: flask --app webapp:create_app db-upgrade" in lines
