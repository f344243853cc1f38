"""A hard time limit on every request, which gunicorn's gthread workers honour.

gunicorn's `--timeout` restarts a worker whose main loop stops answering, but a gthread worker's
main loop keeps running while one of its request threads spins, so a runaway request would hold
its thread and a CPU for ever. This middleware keeps a watch on every request it is running:

1. past REQUEST_TIMEOUT_SECONDS, RequestTimedOut is raised inside the request's thread (at its
   next Python instruction), and the app answers 503 "this took too long";
2. a request still running GRACE_SECONDS later is stuck inside C code, where no exception can
   reach it: under gunicorn the worker process then exits, and gunicorn's master starts a fresh
   one. (Under `flask run` there is no master to restart it, so the request is only logged.)

Only the app's own work is timed (until it returns its response), not the sending of a long
download to a slow connection. The render budget (letters.budget) stops slow templates long
before this; this limit is for anything else that could hang.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0
_CHECK_EVERY_SECONDS = 0.25


class RequestTimedOut(Exception):
    """Raised inside a request's thread when it has run past the limit."""


@dataclass(slots=True)
class _Running:
    deadline: float  # when it is stopped
    grace: float  # how long after that before the process exits
    path: str
    exits_process: bool  # under gunicorn, whose master restarts a worker that exits
    interrupted: float | None = None


# Requests running in this process, by thread id. Plain dict operations (atomic), not a lock, in
# the request's thread: the exception may arrive at any instruction, and must never find that
# thread holding a lock it would then not release.
_running: dict[int, _Running] = {}
_watcher_lock = threading.Lock()
_watcher_pid: int | None = None


class HardTimeout:
    """WSGI middleware: see the module docstring. `seconds` <= 0 turns it off."""

    def __init__(self, app: Callable, seconds: float, grace: float = GRACE_SECONDS):
        self.app, self.seconds, self.grace = app, seconds, grace

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if self.seconds <= 0:
            return self.app(environ, start_response)
        _ensure_watcher()
        ident = threading.get_ident()
        server = str(environ.get("SERVER_SOFTWARE", ""))
        _running[ident] = _Running(
            time.monotonic() + self.seconds,
            self.grace,
            environ.get("PATH_INFO", ""),
            "gunicorn" in server,
        )
        try:
            return self.app(environ, start_response)
        finally:
            _running.pop(ident, None)


def _ensure_watcher() -> None:
    """One watcher thread per process (threads do not survive gunicorn's fork)."""
    global _watcher_pid
    if _watcher_pid == os.getpid():
        return
    with _watcher_lock:
        if _watcher_pid != os.getpid():
            threading.Thread(target=_watch, name="request-timeout", daemon=True).start()
            _watcher_pid = os.getpid()


def _watch() -> None:
    while True:
        time.sleep(_CHECK_EVERY_SECONDS)
        now = time.monotonic()
        for ident, running in list(_running.items()):
            if now <= running.deadline:
                continue
            if running.interrupted is None:
                if _running.get(ident) is not running:
                    continue  # it finished a moment ago
                running.interrupted = now
                _raise_in(ident)
                log.warning("Request to %s ran past its time limit: stopping it", running.path)
            elif now - running.interrupted > running.grace and running.exits_process:
                log.error("Request to %s is stuck: restarting this worker", running.path)
                logging.shutdown()
                os._exit(1)


def _raise_in(ident: int) -> None:
    """Raise RequestTimedOut in thread `ident` at its next Python instruction."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(RequestTimedOut)
    )
