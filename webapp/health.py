"""/healthz: is this server fit to serve, and if only partly, why.

Each check is a function returning None when all is well, or a short reason (no personal data,
no secrets: the page is public). A *fatal* check failing means the server cannot serve (503, the
load balancer takes it out); any other failing check means it serves with less (200, status
"degraded", with the reasons), e.g. rate limits counted per process while Redis is unreachable.

Add a check with `add_check(app, func, fatal=False)` in create_app (or a module's register).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app, jsonify
from sqlalchemy import text

from webapp import database, jobs
from webapp.extensions import db, limiter

Check = Callable[[], str | None]
_KEY = "health_checks"


@dataclass
class _Checks:
    fatal: list[Check] = field(default_factory=list)
    degrading: list[Check] = field(default_factory=list)


def add_check(app: Flask, check: Check, *, fatal: bool = False) -> None:
    """Run `check` on every /healthz request of `app` (see the module docstring)."""
    checks = app.extensions.setdefault(_KEY, _Checks())
    (checks.fatal if fatal else checks.degrading).append(check)


def database_answers() -> str | None:
    """The database runs a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:
        db.session.rollback()
        return f"database unreachable ({type(exc).__name__})"
    finally:
        db.session.remove()
    return None


def rate_limits_shared() -> str | None:
    """The rate-limit store answers (else each process counts on its own)."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED") or config["RATELIMIT_STORAGE_URI"].startswith(
        "memory://"
    ):
        return None
    try:
        if limiter.storage.check():
            return None
    except Exception as exc:
        return f"rate limits counted per process: their store is unreachable ({type(exc).__name__})"
    return "rate limits counted per process: their store is unreachable"


def job_queue_reachable() -> str | None:
    """The job queue's Redis answers (else jobs run inside the web processes)."""
    reason = jobs.queue_problem()
    return f"{reason}: jobs run inside the web processes" if reason else None


def report() -> tuple[str, list[str]]:
    """("ok" | "degraded" | "unavailable", reasons) for the current app."""
    checks: _Checks = current_app.extensions.get(_KEY, _Checks())
    fatal = [reason for check in checks.fatal if (reason := check())]
    if fatal:
        return "unavailable", fatal
    degraded = [reason for check in checks.degrading if (reason := check())]
    return ("degraded" if degraded else "ok"), degraded


def healthz():
    """200 "ok" or "degraded" (with reasons) while the server can serve; 503 when it cannot."""
    status, reasons = report()
    body = {"status": status}
    if reasons:
        body["reasons"] = reasons
    return jsonify(body), 503 if status == "unavailable" else 200


def register(app: Flask) -> None:
    """The built-in checks and the /healthz route (never rate limited: balancers poll it)."""
    add_check(app, database_answers, fatal=True)
    add_check(app, database.writes_refused)
    add_check(app, rate_limits_shared)
    add_check(app, job_queue_reachable)
    app.add_url_rule("/healthz", "healthz", limiter.exempt(healthz))
