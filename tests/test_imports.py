"""Every module imports on its own in a fresh interpreter, with no hidden import order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("letters", "webapp")
# Alembic runs env.py and the migration scripts itself, inside its own context.
# `python -m` entry points run the program when imported; that is their job.
SKIP = ("webapp.migrations.",)
SKIP_LAST = ("__main__",)
# Third-party libraries, imported once in the parent to keep each child quick; only our own
# modules' import order is under test.
PRELOAD = (
    "alembic, flask, flask_limiter, flask_login, flask_sqlalchemy, flask_wtf, jinja2, redis, "
    "reportlab.pdfgen.canvas, rq, sqlalchemy, wtforms"
)

# A parent that has imported nothing of ours forks one child per module: each child starts
# as clean as a new interpreter (for our modules) but without paying for a new one.
_FORK_EACH = f"""
import os, sys, traceback
import {PRELOAD}
failures = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            __import__(name)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failures.append(name)
print("FAILED:" + ",".join(failures))
"""


def module_names() -> list[str]:
    """Every module and package of ours, by walking the source tree (importing nothing)."""
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join(parts)
            if not name.startswith(SKIP) and parts[-1] not in SKIP_LAST:
                names.append(name)
    return names


def test_every_module_imports_on_its_own():
    """Importing any one module first (as a worker or a script would) works."""
    names = module_names()
    assert len(names) > 60  # the walk found the tree
    result = subprocess.run(
        [sys.executable, "-c", _FORK_EACH, *names],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    failed = result.stdout.strip().rpartition("FAILED:")[2]
    assert failed == "", f"these modules fail to import alone: {failed}\n{result.stderr[-3000:]}"
