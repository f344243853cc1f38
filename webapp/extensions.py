"""Flask extensions, created unbound here and bound to an app in `create_app`."""

from __future__ import annotations

import logging

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations can drop or alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every table (public and staff)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
# Limits themselves come from config (RATELIMIT_FORM, RATELIMIT_DOWNLOAD) at request time.
limiter = Limiter(key_func=get_remote_address)
# Flask-Limiter logs each breach at INFO with its key, the visitor's IP address; we keep no
# personal data in logs, so only its warnings and errors get through.
logging.getLogger("flask-limiter").setLevel(logging.WARNING)
login_manager = LoginManager()
login_manager.login_view = "staff.login"
# "basic", not "strong": Flask-Login loads the user for every template render, and "strong" would
# rewrite every supporter's session cookie (they have a session but no login) on every page.
login_manager.session_protection = "basic"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers and one writer work at once; NORMAL sync is safe under WAL and fast.

    The busy timeout comes from the `timeout` connect argument (DATABASE_STATEMENT_TIMEOUT, see
    webapp/database.py); secure_delete overwrites deleted rows, so a purged letter cannot be
    read back from the file.
    """
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
