"""The web layer: `create_app()` builds the Flask app for the supporter pages and the staff area."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import database, i18n
from webapp.campaign_prefix import CampaignPrefix, LanguagePrefix, reserved_slugs
from webapp.config import check_production, instance_path, settings_from_env
from webapp.extensions import csrf, db, limiter, login_manager
from webapp.hard_timeout import HardTimeout
from webapp.input_checks import BoundedInt, refuse_unstorable

# Keys create_app accepts under their environment names, mapped to Flask's config keys.
_OVERRIDE_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides settings read from the environment (tests use it)."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path())
    overrides = {_OVERRIDE_ALIASES.get(k, k): v for k, v in (config or {}).items()}
    app.config.update(settings_from_env(Path(app.instance_path), overrides=overrides))
    app.config.update(overrides)
    check_production(app.config)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", database.engine_options(uri, app.config))
    if uri.startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.wsgi_app = HardTimeout(app.wsgi_app, app.config["REQUEST_TIMEOUT_SECONDS"])
    if app.config["PROXY_FIX_X_FOR"]:
        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Before any blueprint adds its routes: every <int:…> in a URL is bounded to an id the
    # database can hold, so a huge id is a 404 rather than a database error.
    app.url_map.converters["int"] = BoundedInt
    _init_extensions(app)
    # Cached content belongs to one database; a new app may use another (tests do).
    from webapp.content import published

    published.clear_caches()
    _init_templates(app)
    _register_blueprints(app)

    from webapp import cli, embed, errors, health, security, site_files, static_assets
    from webapp.jobs import cli as jobs_cli

    _init_jobs(app)
    errors.register(app)
    security.register(app)
    embed.register(app)  # embed pages' partitioned session cookie and compact layout
    cli.register(app)
    jobs_cli.register(app)
    health.register(app)
    site_files.register(app)
    static_assets.register(app)
    # Last, once every route is known: a campaign's slug may be any first segment but theirs
    # (or a language's code, or the embed marker, /embed/ after a campaign's prefix).
    languages = app.config["LANGUAGES"]
    routes = reserved_slugs((rule.rule for rule in app.url_map.iter_rules()), languages)
    app.wsgi_app = CampaignPrefix(app.wsgi_app, routes, lambda slug: _is_campaign(app, slug))
    # Outside it, so the language comes first: /cy/<slug>/… . The staff area has no language of
    # its own (it follows the browser), so /cy/staff/… is not one of its pages.
    app.wsgi_app = LanguagePrefix(app.wsgi_app, languages, neutral={"staff"})
    return app


def _is_campaign(app: Flask, slug: str) -> bool:
    """Whether `slug` names a campaign (asked before the request's own context exists)."""
    from sqlalchemy.exc import SQLAlchemyError

    from webapp.content import published

    with app.app_context():
        try:
            return published.campaign_exists(slug)
        except SQLAlchemyError:  # no database to ask: the path is an ordinary one
            return False


def _init_jobs(app: Flask) -> None:
    """Background jobs run on RQ where REDIS_URL is set, else in threads of this process.

    RQ and Redis are imported only in the first case: a laptop without Redis never loads them.
    """
    from webapp import jobs
    from webapp.jobs.inprocess import InProcessRunner

    runner: jobs.Runner = InProcessRunner()
    if app.config.get("REDIS_URL"):
        from webapp.jobs.rq_runner import RQRunner

        runner = RQRunner(fallback=runner)  # the fallback runs jobs while Redis is unreachable
    jobs.init_app(app, runner)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_message = i18n._l("Please sign in to see that page.")
    login_manager.localize_callback = str  # the lazy message, translated when it is shown
    i18n.init_app(app)
    with app.app_context():
        refuse_unstorable(db.engine)
        database.watch(db.engine, app.config["DATABASE_STATEMENT_TIMEOUT"])
    # Import the models so their tables are part of db.metadata (migrations, tests).
    import webapp.accounts.models
    import webapp.campaigns.models
    import webapp.content.models
    import webapp.directory.models
    import webapp.events.models
    import webapp.exports.models
    import webapp.files.models
    import webapp.jobs.models
    import webapp.reach.models
    import webapp.replies.models
    import webapp.submissions.models
    import webapp.webhooks.models  # noqa: F401


def _init_templates(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # Templates never change in a running process; skip the per-render freshness check.
    app.jinja_env.auto_reload = app.debug


def _register_blueprints(app: Flask) -> None:
    from webapp import public, staff

    app.register_blueprint(public.blueprint_with_routes())
    app.register_blueprint(staff.blueprint_with_routes())
