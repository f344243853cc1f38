"""A web worker is warmed before its first request, and warming counts and stores nothing."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.replies.models import FunnelCount
from webapp.submissions.models import LetterCount
from webapp.warm import warm


def test_warming_loads_the_pages_caches_and_counts_nothing(app, client):
    warm(app)
    with app.app_context():
        for model in (FunnelCount, LetterCount):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
    compiled = {name for _loader, name in app.jinja_env.cache}
    assert {"public/campaign.html", "public/letter_form.html", "base.html"} <= compiled
    assert client.get("/").status_code == 200


def test_a_worker_whose_database_cannot_answer_starts_cold(make_app, tmp_path, caplog):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}")
    with caplog.at_level(logging.WARNING, logger="webapp.warm"):
        warm(app)
    assert "could not warm this worker" in caplog.text
