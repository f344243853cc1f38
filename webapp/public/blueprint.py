"""The supporter-facing blueprint; pages and downloads attach their routes to it."""

from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("public", __name__)


def form_limit() -> str:
    """Rate limit for form submissions (setting RATELIMIT_FORM)."""
    return current_app.config["RATELIMIT_FORM"]


def download_limit() -> str:
    """Rate limit shared by all downloads and sends (setting RATELIMIT_DOWNLOAD)."""
    return current_app.config["RATELIMIT_DOWNLOAD"]
