"""Every database call has a time limit: a locked or hung database is a 503 in seconds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from staff_helpers import EDITOR_EMAIL, form_token, sign_in
from webapp_helpers import visible_text, write_letter

from webapp.database import engine_options

# The word list is plain text in every editor mode, so the save reaches the database.
EDIT_URL = "/staff/content/words/edit"


@contextmanager
def table_locked(database_url: str, table: str) -> Iterator[None]:
    """Another connection holds `table` (on SQLite: the whole file) so no one else can write."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            yield
            connection.rollback()
    finally:
        engine.dispose()


def test_every_database_has_its_time_limits():
    """PostgreSQL gets connect and statement timeouts and a pool timeout; SQLite a busy timeout."""
    config = {
        "DATABASE_CONNECT_TIMEOUT": 3,
        "DATABASE_STATEMENT_TIMEOUT": 5,
        "DATABASE_POOL_TIMEOUT": 4,
    }
    postgres = engine_options("postgresql+psycopg://db/x", config)
    assert postgres["connect_args"] == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=5000",
    }
    assert postgres["pool_timeout"] == 4
    assert engine_options("sqlite:///x.sqlite3", config)["connect_args"] == {"timeout": 5.0}


@pytest.fixture
def quick_app(make_app):
    """The app with a one-second statement limit, so the tests wait little."""
    return make_app(DATABASE_STATEMENT_TIMEOUT=1)


def test_a_locked_database_gives_a_503_within_seconds(quick_app, make_user, database_url):
    """Saving while another connection holds the lock ends in the "try again" page, in seconds."""
    make_user(EDITOR_EMAIL)
    editor = quick_app.test_client()
    assert sign_in(editor, EDITOR_EMAIL).status_code == 302
    data = {"body": "Baghdad\nKurdistan\n", "note": "A change", "based_on": "1"}
    data |= form_token(editor, EDIT_URL)
    with table_locked(database_url, "content_version"):
        started = time.monotonic()
        response = editor.post(EDIT_URL, data=data)
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert "we cannot reach our records just now" in visible_text(response).lower()
    assert waited < 4


def test_a_locked_count_table_still_gives_the_pdf(quick_app, database_url):
    """A download whose count cannot be written in time still sends the PDF."""
    client = quick_app.test_client()
    write_letter(client)
    with table_locked(database_url, "letter_counts"):
        response = client.get("/letter.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
