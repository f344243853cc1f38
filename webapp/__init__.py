"""The web layer: `create_app()` builds the Flask app for the supporter pages and the staff area."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, jsonify
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.config import settings_from_env
from webapp.extensions import csrf, db, limiter, login_manager
from webapp.i18n import _

# Keys create_app accepts under their environment names, mapped to Flask's config keys.
_OVERRIDE_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides settings read from the environment (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    overrides = {_OVERRIDE_ALIASES.get(k, k): v for k, v in (config or {}).items()}
    app.config.update(settings_from_env(Path(app.instance_path), overrides=overrides))
    app.config.update(overrides)
    # A server database may drop idle connections; a local SQLite file never does, so the extra
    # round trip per connection checkout is spent only where it helps.
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": not uri.startswith("sqlite")}
    )
    if uri.startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_FIX_X_FOR"]:
        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    _init_extensions(app)
    # Cached content belongs to one database; a new app may use another (tests do).
    from webapp import content

    content.clear_caches()
    _init_templates(app)
    _register_blueprints(app)

    from webapp import cli, errors, security

    errors.register(app)
    security.register(app)
    cli.register(app)
    # Load balancers poll this constantly; it must never be rate limited.
    app.add_url_rule("/healthz", "healthz", limiter.exempt(_healthz))
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_message = _("Please sign in to see that page.")
    # Import the models so their tables are part of db.metadata (migrations, tests).
    import webapp.models
    import webapp.staff.models  # noqa: F401


def _init_templates(app: Flask) -> None:
    app.jinja_env.globals["_"] = _
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # Templates never change in a running process; skip the per-render freshness check.
    app.jinja_env.auto_reload = app.debug


def _register_blueprints(app: Flask) -> None:
    from webapp.public import bp as public_bp
    from webapp.staff import bp as staff_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)


def _healthz():
    """200 when the database answers, 503 otherwise (for load balancers and uptime checks)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    finally:
        db.session.remove()
    return jsonify(status="ok"), 200
