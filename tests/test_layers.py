"""The layout shows the architecture: layers import only downwards, and no
module imports itself through a circle.

    graph (model, stores, analysis)  <-  ingest (readers, seed)  <-  dashboard  <-  ctgraph (CLI)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["graph", "ingest", "dashboard", "ctgraph"]


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for pkg in LAYERS:
        for f in (ROOT / pkg).rglob("*.py"):
            parts = f.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = f
    return out


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
        layer = LAYERS.index(name.split(".")[0])
        for imported in _imports(path, everywhere=True):
            top = imported.split(".")[0]
            if top in LAYERS and LAYERS.index(top) > layer:
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
