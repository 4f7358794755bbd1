"""The shape of the code: the library never imports the command line, no module imports
itself through others (no import circles, counting imports inside functions too), no module
is much over 600 lines, and each says in its first line what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kgraph"
MAX_LINES = 650  # "no module much over 600 lines"


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kgraph modules ``name`` imports (a name imported from a package counts as the
    submodule when there is one: ``from kgraph.cli import console``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kgraph"):
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("kgraph"):
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in known else module)
    if name in found:
        found.discard(name)
    return {m for m in found if m in known}


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def test_the_library_never_imports_the_command_line() -> None:
    for name, deps in graph().items():
        if name.startswith("kgraph.cli") or name == "kgraph.__main__":
            continue
        assert not {d for d in deps if d.startswith("kgraph.cli")}, \
            f"{name} imports the command line: {sorted(deps)}"


def test_no_import_circles() -> None:
    g = graph()
    # a package's __init__ that only re-exports its own submodules is not a circle with
    # them; everything else is
    edges = {n: {d for d in deps if not (n.startswith(d + ".") and d == n.rpartition(".")[0]
                                         and _reexports(d))}
             for n, deps in g.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for d in sorted(edges.get(n, ())):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in sorted(edges):
        if n not in state:
            visit(n)
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def _reexports(package: str) -> bool:
    path = modules()[package]
    return len(path.read_text(encoding="utf-8").splitlines()) < 40


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_size_and_purpose(name: str) -> None:
    path = modules()[name]
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)}: {lines} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and doc.strip().splitlines()[0].strip(), \
        f"{path.relative_to(PACKAGE.parent)} does not say what it is for"
