"""No import cycles between our modules, counting imports made inside functions too.

An import inside a function hides a cycle from the interpreter (it runs later) but not from a
reader: the two modules still depend on each other. So every `import` statement counts here,
wherever it is, except those only for the type checker (under `if TYPE_CHECKING:`).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("letters", "webapp")
SKIP = ("webapp.migrations",)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join(parts)
            if not name.startswith(SKIP):
                found[name] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:`, which never run."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    lines.add(getattr(sub, "lineno", -1))
    return lines


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Our modules that `name` imports, anywhere in its source."""
    tree = ast.parse(path.read_text(), filename=str(path))
    skip = _type_checking_only(tree)
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` names the module; `from module import name`, the module.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    # `webapp` (create_app) assembles everything: it is the top, imported by entry points
    # (gunicorn, the worker, tests), never by a module of the app itself.
    return {name: deps - {"webapp"} for name, deps in graph.items()}


def test_the_finder_sees_imports_inside_functions():
    """A function-level import is found (so a cycle through one would be reported)."""
    modules = _modules()
    source = "def later():\n    from webapp.clock import utcnow\n"
    probe = ROOT / "tests" / "_probe_module.py"
    probe.write_text(source)
    try:
        assert imports_of("webapp.probe", probe, modules) == {"webapp.clock"}
    finally:
        probe.unlink()
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    """No two of our modules depend on each other, directly or through others."""
    cycles = _cycles(_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_nothing_in_the_app_imports_create_app():
    """Only entry points build the app; a module that did would depend on everything."""
    modules = _modules()
    offenders = sorted(
        name
        for name, path in modules.items()
        if name != "webapp" and "webapp" in imports_of(name, path, modules)
    )
    assert offenders == []
