"""mypy --strict holds on the typed core (graph/ and ingest/), on the dashboard's
pure modules (state, tables, network, routemap, charts, passages), as pyproject
configures, and on the deck package and the pictures: one mypy run for all of
them (the shared imports are analysed once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_PURE = ["state", "tables", "network", "routemap", "charts", "passages"]


def test_mypy_strict_on_the_core_the_pure_dashboard_modules_the_deck_and_the_pictures() -> None:
    api = pytest.importorskip("mypy.api")
    files = [
        str(ROOT / "graph"),
        str(ROOT / "ingest"),
        *(str(ROOT / "dashboard" / f"{m}.py") for m in DASHBOARD_PURE),
        str(ROOT / "dashboard" / "deck"),
        str(ROOT / "dashboard" / "pictures.py"),
    ]
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", "--strict", *files])
    assert status == 0, out + err


def test_pyproject_names_the_same_dashboard_modules() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert all(f'"ctgraph.dashboard.{m}"' in text for m in DASHBOARD_PURE)
