"""The supporter-facing blueprint; pages and downloads attach their routes to it."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

bp = Blueprint("public", __name__)


@bp.after_request
def _no_store(response: Response) -> Response:
    """Pages and downloads may show what a supporter typed: never keep them in any cache."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def form_limit() -> str:
    """RATELIMIT_FORM, for pages limited by address only (the private-link pages)."""
    return current_app.config["RATELIMIT_FORM"]


def download_limit() -> str:
    """RATELIMIT_DOWNLOAD, for downloads limited by address only (the private-link PDF)."""
    return current_app.config["RATELIMIT_DOWNLOAD"]
