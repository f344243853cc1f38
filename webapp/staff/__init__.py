"""The campaign staff area: accounts, letter wording and findings, MP directory, counts, exports.

Importing this package has no side effects; `blueprint_with_routes()` (called by create_app)
imports the view and command modules, which attach their routes and commands to `bp`.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint_with_routes() -> Blueprint:
    """The staff blueprint with every route and command attached."""
    from webapp.staff import (  # noqa: F401 - imported for the routes and commands they add
        access,
        accounts,
        audit_views,
        auth,
        cli,
        counts,
        directory_views,
        editor,
        effect_views,
        exports,
        profile,
        review_views,
        templates_views,
        welcome,
    )
    from webapp.staff.blueprint import bp

    return bp
