"""The layout shows the architecture: layers import only downwards, and no
module imports itself through a circle.

    ctgraph.graph (model, stores, analysis)  <-  ctgraph.ingest (readers, seed)
        <-  ctgraph.api (the Python API)  <-  ctgraph.dashboard  <-  ctgraph.cli

The repository's folders graph/, ingest/ and dashboard/ are installed as the
subpackages ctgraph.graph, ctgraph.ingest and ctgraph.dashboard.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["graph", "ingest", "api", "dashboard", "cli"]
FOLDERS = ["graph", "ingest", "dashboard"]  # top-level folders installed as ctgraph.<folder>


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for pkg in FOLDERS:
        for f in (ROOT / pkg).rglob("*.py"):
            parts = f.relative_to(ROOT).with_suffix("").parts
            name = ".".join(("ctgraph", *(parts[:-1] if parts[-1] == "__init__" else parts)))
            out[name] = f
    for f in (ROOT / "ctgraph").glob("*.py"):  # the package's own modules (not the linked folders)
        out["ctgraph" if f.stem == "__init__" else f"ctgraph.{f.stem}"] = f
    return out


def _layer(module: str) -> str | None:
    """The layer of a module name: ctgraph.graph.x -> graph, ctgraph.cli -> cli, ctgraph -> api."""
    parts = module.split(".")
    if parts[0] != "ctgraph":
        return None
    if len(parts) == 1:
        return "api"
    return parts[1] if parts[1] in LAYERS else None


def _imports(path: Path, everywhere: bool) -> set[str]:
    """Modules ``path`` imports: at module level only, or also inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    nodes = ast.walk(tree) if everywhere else iter(tree.body)
    for node in nodes:
        if isinstance(node, ast.If) and not everywhere:  # `if TYPE_CHECKING:` blocks are not imports at run time
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_layers_import_only_downwards() -> None:
    mods = _modules()
    wrong = []
    for name, path in mods.items():
        own = _layer(name)
        assert own is not None, f"{name}: not in any layer; add it to LAYERS"
        for imported in _imports(path, everywhere=True):
            other = _layer(imported)
            if other is not None and LAYERS.index(other) > LAYERS.index(own):
                wrong.append(f"{name} imports {imported}")
    assert not wrong, wrong


def test_no_import_circles() -> None:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        graph[name] = {m for m in _imports(path, everywhere=False) if m in mods and m != name}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str], seen: set[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in stack:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen:
                seen.add(nxt)
                visit(nxt, [*stack, nxt], seen)

    for start in sorted(graph):
        visit(start, [start], {start})
    # a package __init__ re-exporting its modules is not a circle of meaning
    packages = {name for name, path in mods.items() if path.name == "__init__.py"}
    real = [c for c in cycles if not any(m in packages for m in c)]
    assert not real, real[:5]
