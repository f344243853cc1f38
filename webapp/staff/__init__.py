"""The campaign staff area: accounts, letter wording and findings, MP directory, counts, exports.

Importing this package registers every view and CLI command on `bp`; create_app registers `bp`.
"""

from __future__ import annotations

from webapp.staff import (  # noqa: F401 - imported for the routes and commands they add to bp
    access,
    audit_views,
    auth,
    cli,
    counts,
    directory_views,
    exports,
    templates_views,
)
from webapp.staff.blueprint import bp

__all__ = ["bp"]
