"""gunicorn serving the app as the Procfile's `web:` line does, on a migrated SQLite file."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fault_servers import free_port, wait_for_port

from webapp import create_app
from webapp.extensions import db
from webapp.schema import upgrade

ROOT = Path(__file__).resolve().parents[2]
APP = "webapp:create_app()"


def procfile_web_command(port: int, app: str = APP) -> list[str]:
    """The Procfile's `web:` line with its variables filled in, run from this venv."""
    line = next(
        raw.split(":", 1)[1]
        for raw in (ROOT / "Procfile").read_text().splitlines()
        if raw.startswith("web:")
    )
    line = line.replace("${PORT:-8000}", str(port))
    line = line.replace("${WEB_CONCURRENCY:-2}", "1").replace("${WEB_THREADS:-2}", "2")
    words = shlex.split(line)
    assert words[0] == "gunicorn"
    assert APP in words
    words = [app if word == APP else word for word in words]
    return [str(Path(sys.executable).parent / "gunicorn"), *words[1:]]


@contextmanager
def procfile_gunicorn(
    folder: Path, settings: dict[str, str], *, app: str = APP, pythonpath: Path | None = None
) -> Iterator[int]:
    """gunicorn (one worker, two threads) on a fresh SQLite database in `folder`; yields its port.

    `settings` are added to the environment; `app` and `pythonpath` serve another app factory.
    """
    url = f"sqlite:///{folder / 'app.sqlite3'}"
    migrated = create_app({"APP_ENV": "testing", "DATABASE_URL": url})
    upgrade(migrated)
    with migrated.app_context():
        db.engine.dispose()
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "APP_ENV": "testing",
        "DATABASE_URL": url,
        "HOME": str(folder),
        **settings,
    }
    command = procfile_web_command(port, app)
    if pythonpath is not None:
        command += ["--pythonpath", str(pythonpath)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
