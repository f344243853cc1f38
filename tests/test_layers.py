"""Which modules may import which, read from the source (imports inside functions included)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The core may use none of the web's libraries, nor the web package itself.
WEB_ONLY = ("flask", "flask_limiter", "flask_login", "flask_sqlalchemy", "flask_wtf")
WEB_ONLY += ("sqlalchemy", "alembic", "werkzeug", "wtforms", "webapp")


def _modules(*folders: str) -> Iterator[tuple[str, ast.Module]]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree: ast.Module) -> Iterator[str]:
    """Every module name an import statement anywhere in `tree` names (`from a import b`
    names both a and a.b, since b may be a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_only_the_letters_service_imports_compose():
    """letters.compose is the service's private implementation: no other module imports it."""
    importers = {
        path
        for path, tree in _modules("letters", "webapp", "bench", "tests")
        if "letters.compose" in set(_imported(tree))
    }
    assert importers == {"letters/service.py"}


def test_the_letters_core_imports_nothing_of_the_web():
    """letters/ imports neither flask nor sqlalchemy (nor their kin) nor webapp."""
    found = {
        (path, name)
        for path, tree in _modules("letters")
        for name in _imported(tree)
        if name.split(".")[0] in WEB_ONLY
    }
    assert found == set()
