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


VIEW_FOLDERS = ("webapp/staff/views", "webapp/public/views")


def _view_modules() -> Iterator[tuple[str, ast.Module]]:
    yield from ((p, t) for p, t in _modules(*VIEW_FOLDERS) if not p.endswith("__init__.py"))


def test_views_never_import_other_views():
    """A view module imports services and forms; what two views share lives outside views/."""
    found = [
        (path, name)
        for path, tree in _view_modules()
        for name in _imported(tree)
        if ".views." in name and name.rsplit(".", 1)[-1] != "views"
    ]
    assert found == []


def test_views_hold_no_queries():
    """Views never touch the database session or build a query: services do."""
    found = []
    for path, tree in _view_modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("session", "get_or_404")
                and isinstance(node.value, ast.Name)
                and node.value.id == "db"
            ):
                found.append((path, node.lineno, f"db.{node.attr}"))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "select":
                found.append((path, node.lineno, "select()"))
        if "sqlalchemy" in set(_imported(tree)):
            found.append((path, 0, "imports sqlalchemy"))
    assert found == []


def test_no_module_imports_another_modules_private_names():
    """`from a import _b` reaches into a's insides; give the name a public spelling instead."""
    found = [
        (path, node.lineno, f"{node.module}.{alias.name}")
        for path, tree in _modules("letters", "webapp", "bench", "tests")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if alias.name.startswith("_")
        and not alias.name.startswith("__")
        and alias.name != "_"
        and alias.name != "_l"
    ]
    assert found == []


def _is_translated(node: ast.expr) -> bool:
    """A message from the catalogue: `_(…)`, `ngettext(…)`, or a name bound to one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in ("_", "gettext", "ngettext")
    # A variable (a message chosen earlier, an exception's translated text) is checked where
    # it was made; what is refused here is text typed into the call itself.
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript)


def test_every_flash_message_comes_from_the_catalogue():
    """`flash()` is given `_()`/`ngettext()`, never a plain string, an f-string or str(…)."""
    found = [
        (path, node.lineno, ast.unparse(node.args[0])[:60])
        for path, tree in _modules("webapp")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "flash"
        and node.args
        and not _is_translated(node.args[0])
    ]
    assert found == []


def test_only_publishing_adds_a_publication():
    """Publishing's checks, approval and audit hold only if nothing else adds a publication."""
    callers = {
        path
        for path, tree in _modules("letters", "webapp", "bench", "tests")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute | ast.Name)
        and getattr(node, "attr", getattr(node, "id", "")) == "add_publication"
    }
    assert callers <= {"webapp/content/publishing.py", "webapp/content/versions.py"}, callers
    assert "webapp/content/publishing.py" in callers
