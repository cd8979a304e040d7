"""The layers, read from the code's own imports (top-level and inside functions alike).

cli → ui → app → store / decks → core: an import may only point down this list (docs/architecture.md).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kinesis_tutor"

# layer → the layers (and third-party libraries) its modules may import
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "decks": {"decks", "core"},
    "store": {"store", "core"},
    "app": {"app", "store", "decks", "core"},
    "ui": {"ui", "app", "decks", "core"},
    "cli": {"cli", "ui", "app", "store", "decks", "core", "scheduler", "package"},
}
LIBRARIES: dict[str, set[str]] = {
    "core": set(),
    "decks": {"yaml", "pydantic", "ruamel"},
    "store": {"sqlalchemy"},
    "app": {"platformdirs", "pydantic", "genanki"},  # genanki: the Anki package of export --format apkg
    "ui": {"rich", "questionary", "prompt_toolkit"},
    "cli": {"typer", "click"},
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) == 1:
        return {"cli.py": "cli", "__main__.py": "cli", "scheduler.py": "cli", "__init__.py": "package"}[rel.name]
    return rel.parts[0]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "content" not in p.parts)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


MODULE_NAMES = {module_name(p) for p in modules()}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from kinesis_tutor.store import schema` imports the module store.schema, not the package
            names = [f"{node.module}.{a.name}" for a in node.names]
            submodules = [n for n in names if n in MODULE_NAMES]
            found += [(node.lineno, n) for n in submodules] or [(node.lineno, node.module)]
    return found


def target_layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "kinesis_tutor":
        return None
    if len(parts) == 1:
        return "package"
    if parts[1].startswith("__") and parts[1] != "__main__":  # __version__
        return "package"
    return {"cli": "cli", "scheduler": "scheduler", "__main__": "cli"}.get(parts[1], parts[1])


def test_every_module_belongs_to_a_layer():
    for path in modules():
        assert layer_of(path) in ALLOWED or layer_of(path) == "package", path


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_only(path):
    layer = layer_of(path)
    if layer == "package":
        return
    wrong = []
    stdlib = sys.stdlib_module_names
    for line, name in imports(path):
        target = target_layer(name)
        top = name.split(".")[0]
        if target is not None:
            if target not in ALLOWED[layer]:
                wrong.append(f"{path.name}:{line}: {layer} imports {name} ({target})")
        elif top not in stdlib and top != "__future__" and top not in LIBRARIES[layer]:
            wrong.append(f"{path.name}:{line}: {layer} imports the library {name}")
    assert wrong == []


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in modules():
        graph[module_name(path)] = {n for _, n in imports(path) if n.startswith("kinesis_tutor.")}
    known = set(graph)
    return {m: {t for t in targets if t in known and t != m} for m, targets in graph.items()}


def test_no_import_cycles():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_checks_see_a_wrong_arrow(tmp_path):
    """The import reader itself: a function-level import of the store from core is seen."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from kinesis_tutor.store import progress\n", encoding="utf-8")
    assert [(line, target_layer(name)) for line, name in imports(bad)] == [(2, "store")]
    assert "store" not in ALLOWED["core"]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
