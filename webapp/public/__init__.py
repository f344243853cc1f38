"""Supporter pages: the campaign, finding your MP, writing, previewing and downloading a letter.

Importing this package has no side effects; `blueprint_with_routes()` (called by create_app)
imports the view modules, which attach their routes to `bp`.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint_with_routes() -> Blueprint:
    """The supporter blueprint with every route attached."""
    from webapp.public import (  # noqa: F401 - imported for the routes they add
        downloads,
        event_mode,
        private_link,
        views,
    )
    from webapp.public.blueprint import bp
    from webapp.replies import views as reply_views  # noqa: F401 - after the letter

    return bp
