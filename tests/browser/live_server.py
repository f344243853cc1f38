"""Build the real app for the browser tests: a fresh SQLite file, migrations applied, no limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask


def build_app(workdir: Path, patch: pytest.MonkeyPatch) -> Flask:
    """The app exactly as `flask db-upgrade` then `flask run` would give it, on a throwaway DB."""
    from webapp import create_app, schema

    # A developer's .env must not leak in: the tests name every setting they depend on.
    patch.setenv("APP_ENV", "testing")
    patch.delenv("DATABASE_URL", raising=False)
    patch.delenv("SITE_URL", raising=False)
    app = create_app(
        {
            "APP_ENV": "testing",
            "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
            # One browser sends many requests a minute from one address; limits are tested apart.
            "RATELIMIT_ENABLED": False,
            # The staff flows here edit the letter as a hand-written template (advanced mode);
            # supporters get the same letters either way (tests/letters/test_document.py).
            "CAMPAIGNS_DIR": str(_hand_written_campaigns(workdir / "campaigns")),
        }
    )
    schema.upgrade(app)
    # The staff checks load the spelling dictionary in a background thread on first use; this
    # server shares the test's process, so load it now rather than halfway through a page.
    from letters import spelling

    spelling.load()
    return app


def _hand_written_campaigns(folder: Path) -> Path:
    """The campaign content with each letter document replaced by its hand-written template."""
    from letters.campaign import CAMPAIGNS_DIR

    hand_written = Path(__file__).resolve().parents[1] / "letters" / "data" / "hand_written"
    shutil.copytree(CAMPAIGNS_DIR, folder)
    for letters in folder.glob("*/letters"):
        for document in letters.glob("*.json"):
            document.unlink()
            shutil.copy(hand_written / f"{document.stem}.txt", letters / f"{document.stem}.txt")
    return folder
