"""How the app talks to its database when the database is slow, frozen, full or read-only.

- **Timeouts on every call** (settings DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT,
  DATABASE_POOL_TIMEOUT): PostgreSQL gets `connect_timeout` and a server-side
  `statement_timeout`; SQLite waits at most the statement timeout for a lock. Waiting for a
  pooled connection is bounded too.
- **A frozen server is cut off.** A stopped (SIGSTOP) or wedged PostgreSQL cannot enforce its own
  statement timeout, and the kernel still acknowledges every packet, so no TCP timeout fires.
  `_Watchdog` shuts the socket of any call still waiting a little past the statement timeout;
  the driver then fails at once and the request gets the 503 page instead of hanging.
- **Best-effort writes** (`best_effort`): a write the supporter does not depend on (the anonymous
  count) is logged and skipped when the database cannot take it, and noted for /healthz
  (`write_problem`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)

# Past the server's own statement timeout, how long the watchdog waits before cutting a call off.
WATCHDOG_GRACE_SECONDS = 2.0


def engine_options(uri: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """SQLAlchemy engine options with every database call bounded in time."""
    statement_s = float(config["DATABASE_STATEMENT_TIMEOUT"])
    if uri.startswith("sqlite"):
        # A local file never drops a connection, so no pre-ping; `timeout` is SQLite's busy
        # timeout: how long a write waits for another writer's lock.
        return {"pool_pre_ping": False, "connect_args": {"timeout": statement_s}}
    options: dict[str, Any] = {
        # A server database may drop idle connections: check each one as it is taken.
        "pool_pre_ping": True,
        "pool_timeout": float(config["DATABASE_POOL_TIMEOUT"]),
    }
    if uri.startswith("postgresql"):
        options["connect_args"] = {
            "connect_timeout": max(1, round(float(config["DATABASE_CONNECT_TIMEOUT"]))),
            "options": f"-c statement_timeout={round(statement_s * 1000)}",
        }
    return options


def watch(engine: Engine, statement_seconds: float) -> None:
    """Cut off calls on `engine` (PostgreSQL) still waiting past the statement timeout."""
    if engine.dialect.name != "postgresql":
        return
    limit = statement_seconds + WATCHDOG_GRACE_SECONDS

    def arm(dbapi_connection, *_: object) -> None:
        _WATCHDOG.arm(dbapi_connection, limit)

    def disarm(dbapi_connection, *_: object) -> None:
        _WATCHDOG.disarm(dbapi_connection)

    def arm_connection(conn, *_: object) -> None:
        arm(conn.connection.dbapi_connection)

    def disarm_connection(conn, *_: object) -> None:
        disarm(conn.connection.dbapi_connection)

    event.listen(engine, "before_cursor_execute", arm_connection)
    event.listen(engine, "after_cursor_execute", disarm_connection)
    event.listen(engine, "commit", arm_connection)
    event.listen(engine, "rollback", arm_connection)
    event.listen(engine, "reset", arm)
    event.listen(engine, "checkin", disarm)
    event.listen(engine, "handle_error", _disarm_failed)
    # The pre-ping runs before any event can arm the watchdog; wrap it so a frozen server
    # cannot hang the checkout itself.
    ping = engine.dialect.do_ping

    def watched_ping(dbapi_connection) -> bool:
        _WATCHDOG.arm(dbapi_connection, limit)
        try:
            return ping(dbapi_connection)
        finally:
            _WATCHDOG.disarm(dbapi_connection)

    engine.dialect.do_ping = watched_ping


def _disarm_failed(context) -> None:
    try:
        dbapi_connection = context.connection.connection.dbapi_connection
    except Exception:  # no connection, or already invalidated: nothing is armed for it
        return
    if dbapi_connection is not None:
        _WATCHDOG.disarm(dbapi_connection)


class _Watchdog:
    """One daemon thread for the process: shuts sockets whose call is past its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, tuple[float, int]] = {}
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_connection, limit: float) -> None:
        try:
            fd = dbapi_connection.pgconn.socket
        except Exception:  # already closed: nothing to wait for
            return
        with self._lock:
            self._deadlines[id(dbapi_connection)] = (time.monotonic() + limit, fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="db-watchdog", daemon=True)
                self._thread.start()

    def disarm(self, dbapi_connection) -> None:
        with self._lock:
            self._deadlines.pop(id(dbapi_connection), None)

    def _run(self) -> None:
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                expired = [key for key, (due, _) in self._deadlines.items() if due < now]
                sockets = [self._deadlines.pop(key)[1] for key in expired]
            for fd in sockets:
                _shut(fd)


def _shut(fd: int) -> None:
    """Shut down the socket behind `fd`: the call blocked on it fails at once."""
    log.warning("A database call passed its time limit; its connection was cut off")
    try:
        duplicate = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


_WATCHDOG = _Watchdog()


def is_unavailable(error: BaseException) -> bool:
    """True when `error` means the database cannot be reached or used right now (a 503)."""
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or _is_operational(error)
    return False


def _is_operational(error: DBAPIError) -> bool:
    # OperationalError: cannot connect, timed out, disk full, read-only SQLite file. On PostgreSQL
    # a read-only transaction is an InternalError with SQLSTATE 25006.
    from sqlalchemy.exc import OperationalError

    sqlstate = getattr(error.orig, "sqlstate", None)
    return isinstance(error, OperationalError) or sqlstate in {"25006", "57014", "53100"}


# After the database failed as unreachable, skip best-effort work for this long rather than make
# every supporter wait out the timeouts again.
OUTAGE_BACKOFF_SECONDS = 10.0


class _Health:
    """What this app last learnt about its database, for /healthz and for backing off."""

    def __init__(self) -> None:
        self.write_problem: str | None = None  # why the last best-effort write failed
        self.unreachable_until = 0.0

    def note(self, error: SQLAlchemyError) -> None:
        self.write_problem = f"database is not taking writes ({type(error).__name__})"
        if _is_unreachable(error):
            self.unreachable_until = time.monotonic() + OUTAGE_BACKOFF_SECONDS

    def backing_off(self) -> bool:
        """True for a short while after the database could not be reached at all."""
        return time.monotonic() < self.unreachable_until

    def recovered(self) -> None:
        self.write_problem = None
        self.unreachable_until = 0.0


def health() -> _Health:
    """The current app's record of its database's state (one per app, made on first use)."""
    return current_app.extensions.setdefault("database_health", _Health())


def _is_unreachable(error: SQLAlchemyError) -> bool:
    """No connection at all (refused, timed out, cut off), as opposed to a refused statement:
    a lock wait or a read-only database answers quickly, so nothing is gained by backing off."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    # psycopg raises an OperationalError with no SQLSTATE when it cannot connect: the base
    # class, or a subclass such as ConnectionTimeout (a server that stopped answering).
    orig = error.orig
    if not type(orig).__module__.startswith("psycopg"):
        return False
    import psycopg  # only here, with a psycopg error in hand: SQLite installs may lack it

    return isinstance(orig, psycopg.OperationalError) and getattr(orig, "sqlstate", None) is None


def best_effort(what: str, write: Callable[[], None], session) -> bool:
    """Run `write`, which the supporter does not depend on; if the database refuses it, roll
    back, log and go on. Returns whether it was stored.

    Only the exception type is logged (a message could quote personal data). While the database
    was lately unreachable the write is skipped at once, so nobody waits out the timeouts.
    """
    state = health()
    if state.backing_off():
        log.warning("%s was not recorded: the database was unreachable moments ago", what)
        return False
    try:
        write()
    except SQLAlchemyError as exc:
        try:
            session.rollback()
        except SQLAlchemyError:
            session.remove()
        state.note(exc)
        log.warning("%s was not recorded: the database refused it (%s)", what, type(exc).__name__)
        return False
    state.recovered()
    return True


def write_problem() -> str | None:
    """Why the database lately refused a write (read-only, full, unreachable), or None."""
    return health().write_problem


def writes_refused() -> str | None:
    """For /healthz: why the database is not taking writes just now, or None.

    A statement that would write but changes nothing finds a read-only database (a read-only
    SQLite file, a PostgreSQL standby or read-only transaction) at once; a full disk shows only
    when a real write fails, so the last failed best-effort write is reported too.
    """
    from webapp.extensions import db

    try:
        with db.engine.connect() as connection:
            connection.execute(text("UPDATE letter_counts SET pdf = pdf WHERE 1 = 0"))
            connection.rollback()
    except SQLAlchemyError as exc:
        return f"database is read-only or refusing writes ({type(exc).__name__})"
    return write_problem()
