"""mypy --strict holds on the typed core (graph/ and ingest/), on the Python API
and the CLI (ctgraph/api.py, ctgraph/cli.py), on the dashboard's pure modules
(state, tables, network, routemap, charts, passages, links), as pyproject
configures, and on the deck package and the pictures.

mypy itself runs beside pytest, not inside it: scripts/test.sh runs one
``mypy --strict`` over MYPY_FILES while the test servers start. These checks keep
that list, pyproject.toml's and this file's in step (a module added to one and
forgotten in the other would silently go unchecked)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT = ["api", "cli"]  # ctgraph/api.py, ctgraph/cli.py
DASHBOARD_PURE = ["state", "tables", "network", "routemap", "charts", "passages", "links"]
# Named through the installed namespace (ctgraph/graph is the link to graph/): mypy then reads each module
# once, as ctgraph.graph.x, never a second time as a top-level graph.x.
TYPED = [
    "ctgraph/graph",
    "ctgraph/ingest",
    *(f"ctgraph/{m}.py" for m in FRONT),
    *(f"ctgraph/dashboard/{m}.py" for m in DASHBOARD_PURE),
    "ctgraph/dashboard/deck",
    "ctgraph/dashboard/pictures.py",
]


def _test_sh_mypy_files() -> list[str]:
    text = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    m = re.search(r"^MYPY_FILES=\((.*?)\)", text, re.M | re.S)
    assert m, "scripts/test.sh has no MYPY_FILES=(...) list"
    return m[1].split()


def test_the_test_command_runs_mypy_strict_on_every_typed_module() -> None:
    assert _test_sh_mypy_files() == TYPED
    text = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert re.search(r'mypy --strict "\$\{MYPY_FILES\[@\]\}"', text)
    for path in TYPED:
        assert (ROOT / path).exists(), path


def test_pyproject_names_the_same_modules() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r"^\[tool\.mypy\]\n(.*?)^\[", text, re.M | re.S)
    assert m, "pyproject.toml has no [tool.mypy] table"
    configured = set(re.findall(r'"(ctgraph\.[a-z_.]+)"', m[1]))
    expected = {"ctgraph.graph", "ctgraph.ingest"}
    expected |= {f"ctgraph.{m}" for m in FRONT} | {f"ctgraph.dashboard.{m}" for m in DASHBOARD_PURE}
    assert configured == expected
