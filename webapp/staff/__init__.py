"""The campaign staff area: accounts, letter wording and findings, MP directory, counts, exports.

Importing this package has no side effects; `blueprint_with_routes()` (called by create_app)
imports the view and command modules, which attach their routes and commands to `bp`.
"""

from __future__ import annotations

from flask import Blueprint


def blueprint_with_routes() -> Blueprint:
    """The staff blueprint with every route and command attached."""
    from webapp.staff.blueprint import bp
    from webapp.staff.views import (  # noqa: F401 - imported for the routes they add
        accounts,
        audit,
        auth,
        campaign_status,
        campaigns,
        content,
        counts,
        directory,
        editor,
        effect,
        events,
        exports,
        findings_editor,
        findings_welsh,
        page_text,
        partners,
        profile,
        review,
        share_links,
        supporter_lists,
        webhooks,
        welcome,
        wordings,
    )

    return bp
