"""Every setting the web app reads, taken from the environment in this one place.

A `.env` file beside the project is loaded first (python-dotenv) so development needs no exports;
real environment variables always win over it. `.env.example` lists every name read here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

APP_ENVS = ("development", "production", "testing")
DEFAULT_CAMPAIGN = "baghdad-returns"
# Kinds of file store (webapp.files.store) a FILE_STORAGE setting may name.
STORAGE_KINDS = ("database",)
_MIN_SECRET_CHARS = 32


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the app refuses to start rather than run unsafely."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    """The setting, or `default` when it is unset or empty (as copied from .env.example)."""
    return (env.get(name) or "").strip() or default


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _languages(raw: str) -> tuple[str, ...]:
    """LANGUAGES as locale codes: "en, cy" is ("en", "cy") (a stray space would name no page)."""
    codes = tuple(dict.fromkeys(code.strip() for code in raw.split(",") if code.strip()))
    return codes or ("en",)


def database_url(raw: str | None, instance_path: Path) -> str:
    """An SQLAlchemy URL: SQLite in the instance folder by default; Postgres via psycopg 3."""
    if not raw:
        return f"sqlite:///{instance_path / 'campaign.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; only the psycopg (3) driver is installed.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def secret_key(app_env: str, raw: str | None, instance_path: Path) -> str:
    """Return the session-signing key.

    Production refuses to start without a long random SECRET_KEY. Development makes one once and
    keeps it in the instance folder so sessions survive restarts; tests use a throwaway key.
    """
    if raw:
        if app_env == "production" and len(raw) < _MIN_SECRET_CHARS:
            raise ConfigError(f"SECRET_KEY must be at least {_MIN_SECRET_CHARS} characters")
        return raw
    if app_env == "production":
        raise ConfigError("SECRET_KEY is not set; production will not start without it")
    if app_env == "testing":
        return secrets.token_hex(32)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


def instance_path(env: Mapping[str, str] | None = None) -> str | None:
    """The instance folder (INSTANCE_PATH) for what the app writes; None: Flask's default.

    Flask's default is `instance/` beside a checkout, or `<prefix>/var/webapp-instance` for an
    installed package: never inside the package. Servers sharing a machine set their own.
    """
    if env is None:
        load_dotenv(override=False)
        env = os.environ
    raw = _str(env, "INSTANCE_PATH", "")
    return str(Path(raw).resolve()) if raw else None


def campaigns_dir(env: Mapping[str, str], campaign: str) -> Path:
    """The campaign content folder (CAMPAIGNS_DIR; default: the checkout's templates/).

    A non-editable install has no checkout beside it, so it must name the folder.
    """
    from letters.campaign import CAMPAIGNS_DIR

    folder = Path(_str(env, "CAMPAIGNS_DIR", str(CAMPAIGNS_DIR))).resolve()
    if not (folder / campaign / "campaign.toml").is_file():
        raise ConfigError(
            f"The campaign content for {campaign!r} is not in {folder}: set CAMPAIGNS_DIR to "
            "the folder holding <campaign>/campaign.toml (the checkout's templates/)"
        )
    return folder


def rate_limit_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Rate limits (webapp.public.limits): per supporter, a ceiling per address, and their store.

    The store defaults to REDIS_URL, so every worker and server shares one count; when it cannot
    be reached, each process counts on its own (Flask-Limiter's in-memory fallback) and
    /healthz says "degraded" until it is back.
    """
    storage = _str(env, "RATELIMIT_STORAGE_URI", "") or _str(env, "REDIS_URL", "") or "memory://"
    return {
        "RATELIMIT_STORAGE_URI": storage,
        # A Redis that does not answer must not hold a supporter's request for long.
        "RATELIMIT_STORAGE_OPTIONS": (
            {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
            if storage.startswith(("redis://", "rediss://"))
            else {}
        ),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_FORM": _str(env, "RATELIMIT_FORM", "20 per minute"),
        "RATELIMIT_FORM_PER_ADDRESS": _str(env, "RATELIMIT_FORM_PER_ADDRESS", "1000 per minute"),
        "RATELIMIT_DOWNLOAD": _str(env, "RATELIMIT_DOWNLOAD", "30 per minute"),
        "RATELIMIT_DOWNLOAD_PER_ADDRESS": _str(
            env, "RATELIMIT_DOWNLOAD_PER_ADDRESS", "1500 per minute"
        ),
        "RATELIMIT_HEADERS_ENABLED": False,  # the friendly 429 page says what to do
        # Keeps counts apart when several sites (or load runs) share one Redis.
        "RATELIMIT_KEY_PREFIX": _str(env, "RATELIMIT_KEY_PREFIX", "campaign"),
    }


def check_production(config: Mapping[str, Any]) -> None:
    """Refuse settings that only work on one machine when APP_ENV is production."""
    if config.get("APP_ENV") != "production":
        return
    if config.get("RATELIMIT_ENABLED") and str(config["RATELIMIT_STORAGE_URI"]).startswith(
        "memory://"
    ):
        raise ConfigError(
            "Rate limits would be counted per process (memory://): set REDIS_URL, or "
            "RATELIMIT_STORAGE_URI to a redis:// address, so every worker and server shares them"
        )


def job_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The background job runner (webapp.jobs) and the file store its downloads go to."""
    storage = _str(env, "FILE_STORAGE", "database")
    if storage not in STORAGE_KINDS:
        raise ConfigError(
            f"FILE_STORAGE must be one of {', '.join(STORAGE_KINDS)}, not {storage!r}"
        )
    return {
        "REDIS_URL": _str(env, "REDIS_URL", ""),
        "JOBS_QUEUE": _str(env, "JOBS_QUEUE", "jobs"),
        "JOB_RETRIES": _int(env, "JOB_RETRIES", 1),
        "JOB_TIMEOUT_SECONDS": _int(env, "JOB_TIMEOUT_SECONDS", 3600),
        "JOB_HEARTBEAT_SECONDS": _int(env, "JOB_HEARTBEAT_SECONDS", 10),
        "JOB_THREADS": _int(env, "JOB_THREADS", 2),
        "FILE_STORAGE": storage,
    }


def settings_from_env(
    instance_path: Path,
    env: Mapping[str, str] | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Read the environment and return Flask config keys.

    APP_ENV and SECRET_KEY in `overrides` (create_app's argument) win over the environment, since
    they decide how the rest is read; the caller applies the other overrides afterwards.
    """
    if env is None:
        load_dotenv(override=False)
        env = os.environ
    overrides = overrides or {}
    app_env = overrides.get("APP_ENV") or _str(env, "APP_ENV", "development")
    if app_env not in APP_ENVS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(APP_ENVS)}, not {app_env!r}")
    production = app_env == "production"
    campaign = _str(env, "CAMPAIGN", DEFAULT_CAMPAIGN)
    return {
        "APP_ENV": app_env,
        "TESTING": app_env == "testing",
        "SECRET_KEY": secret_key(
            app_env, overrides.get("SECRET_KEY") or env.get("SECRET_KEY"), instance_path
        ),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        # Seconds; see webapp/database.py. A frozen database gives a 503 after about these.
        "DATABASE_CONNECT_TIMEOUT": _int(env, "DATABASE_CONNECT_TIMEOUT", 3),
        "DATABASE_STATEMENT_TIMEOUT": _int(env, "DATABASE_STATEMENT_TIMEOUT", 5),
        "DATABASE_POOL_TIMEOUT": _int(env, "DATABASE_POOL_TIMEOUT", 3),
        # No request runs longer than this (webapp.hard_timeout); 0 turns the limit off.
        "REQUEST_TIMEOUT_SECONDS": _int(env, "REQUEST_TIMEOUT_SECONDS", 30),
        **rate_limit_settings(env),
        # Supporters' data is deleted PURGE_AFTER_DAYS after they wrote, or sooner: a campaign's
        # own number of days after it closes (staff set it; else KEEP_AFTER_CLOSING_DAYS).
        "PURGE_AFTER_DAYS": _int(env, "PURGE_AFTER_DAYS", 90),
        "KEEP_AFTER_CLOSING_DAYS": _int(env, "KEEP_AFTER_CLOSING_DAYS", 30),
        "DRAFT_HOURS": _int(env, "DRAFT_HOURS", 24),
        # Event mode (a shared device at a letter-writing event): an untouched form is cleared
        # after EVENT_IDLE_SECONDS, with a warning EVENT_IDLE_WARNING_SECONDS before; an event
        # lasts at most EVENT_MAX_HOURS.
        "EVENT_IDLE_SECONDS": _int(env, "EVENT_IDLE_SECONDS", 180),
        "EVENT_IDLE_WARNING_SECONDS": _int(env, "EVENT_IDLE_WARNING_SECONDS", 30),
        "EVENT_MAX_HOURS": _int(env, "EVENT_MAX_HOURS", 12),
        "STAFF_SESSION_HOURS": _int(env, "STAFF_SESSION_HOURS", 8),
        # A second editor must approve a version before supporters get it (on in production).
        "PUBLISH_NEEDS_APPROVAL": _bool(env.get("PUBLISH_NEEDS_APPROVAL"), production),
        "STAFF_REQUIRE_TWO_FACTOR": _bool(env.get("STAFF_REQUIRE_TWO_FACTOR"), production),
        "STAFF_INVITE_HOURS": _int(env, "STAFF_INVITE_HOURS", 72),
        "STAFF_RESET_HOURS": _int(env, "STAFF_RESET_HOURS", 24),
        # How long a staff page waits for the content checks (a background job) before showing
        # "still being checked"; tests wait for the result, so what they see does not depend on
        # the machine's speed.
        "CHECK_WAIT_MS": _int(env, "CHECK_WAIT_MS", 30_000 if app_env == "testing" else 500),
        # The audit log: a staff member's address is forgotten after AUDIT_ADDRESS_DAYS, and the
        # whole entry deleted after AUDIT_KEEP_DAYS (both by `flask purge`).
        "AUDIT_ADDRESS_DAYS": _int(env, "AUDIT_ADDRESS_DAYS", 30),
        "AUDIT_KEEP_DAYS": _int(env, "AUDIT_KEEP_DAYS", 365),
        **job_settings(env),
        # The languages the site is offered in, the first being the default (its pages have no
        # prefix; Welsh pages are under /cy/); each needs a catalogue in webapp/translations/.
        "LANGUAGES": _languages(_str(env, "LANGUAGES", "en,cy")),
        "CAMPAIGN": campaign,
        "CAMPAIGNS_DIR": campaigns_dir(env, campaign),
        "MAX_CONTENT_LENGTH": _int(env, "MAX_CONTENT_LENGTH", 64 * 1024),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": _str(
            env, "PREFERRED_URL_SCHEME", "https" if production else "http"
        ),
        "SITE_URL": _str(env, "SITE_URL", "").rstrip("/"),
        # Partner sites may frame a campaign only from https origins, but for localhost and
        # 127.0.0.1 (webapp.reach.partners); true also allows plain http (a staging partner).
        "EMBED_ALLOW_HTTP": _bool(env.get("EMBED_ALLOW_HTTP"), False),
        "PROXY_FIX_X_FOR": _int(env, "PROXY_FIX_X_FOR", 0),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; no surprise expiry
        # Reminder emails (webapp.replies.mail): no SMTP_HOST, no email and no reminder box.
        "SMTP_HOST": _str(env, "SMTP_HOST", ""),
        "SMTP_PORT": _int(env, "SMTP_PORT", 587),
        "SMTP_USERNAME": _str(env, "SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _bool(env.get("SMTP_STARTTLS"), production),
        "SMTP_TIMEOUT_SECONDS": _int(env, "SMTP_TIMEOUT_SECONDS", 20),
        "MAIL_FROM": _str(env, "MAIL_FROM", ""),
        "REMINDER_MAX_ATTEMPTS": _int(env, "REMINDER_MAX_ATTEMPTS", 5),
        # Events to the organisation's CRM (webapp.webhooks): each send waits at most
        # WEBHOOK_TIMEOUT_SECONDS; a failed one is retried after base·2^(attempts−1) seconds, at
        # most the cap. Receivers on private or local addresses (and plain http) are refused
        # unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on.
        "WEBHOOK_TIMEOUT_SECONDS": _int(env, "WEBHOOK_TIMEOUT_SECONDS", 5),
        "WEBHOOK_RETRY_BASE_SECONDS": _int(env, "WEBHOOK_RETRY_BASE_SECONDS", 30),
        "WEBHOOK_RETRY_CAP_SECONDS": _int(env, "WEBHOOK_RETRY_CAP_SECONDS", 3600),
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": _bool(env.get("WEBHOOK_ALLOW_PRIVATE_ADDRESSES"), False),
    }
