"""SQLite in WAL mode with a busy timeout: several processes write at once without errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select, text

from webapp.extensions import db
from webapp.submissions.models import LetterCount

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite only (TEST_DATABASE_URL is set)"
)

# Each writer is a process of its own, as gunicorn workers and `flask worker` are.
_WRITER = """
import datetime as dt, secrets, sys
from webapp import create_app
from webapp.extensions import db
from webapp.submissions.models import LetterCount
app = create_app({"APP_ENV": "testing", "DATABASE_URL": sys.argv[1]})
with app.app_context():
    for _ in range(int(sys.argv[2])):
        db.session.add(LetterCount(letter_key=secrets.token_urlsafe(12), campaign="c",
                                   constituency_code="E14001172", nation="England",
                                   created_on=dt.date.today()))
        db.session.commit()
    db.engine.dispose()
"""


def test_connections_use_wal_and_wait_for_locks(app):
    """Every connection is in WAL mode and waits up to 5 s for a lock instead of failing."""
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_three_processes_write_at_once(app):
    """Three processes committing 50 rows each, all at once: every row is stored."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, url, "50"], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [writer.communicate(timeout=300)[1].decode() for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0], errors
    with app.app_context():
        assert db.session.scalar(select(func.count(LetterCount.id))) == 150
