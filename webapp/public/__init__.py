"""Supporter pages: the campaign, finding your MP, writing, previewing and downloading a letter.

Importing this package has no side effects; `blueprint_with_routes()` (called by create_app)
imports the view modules, which attach their routes to `bp`.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint_with_routes() -> Blueprint:
    """The supporter blueprint with every route attached."""
    from webapp.public.blueprint import bp
    from webapp.public.views import (  # noqa: F401 - imported for the routes they add
        downloads,
        event_mode,
        letter,
        private_link,
        replies,  # after the letter
    )

    return bp
