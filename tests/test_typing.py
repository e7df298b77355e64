"""mypy --strict holds on the typed core (graph/ and ingest/), as pyproject configures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_on_graph_and_ingest() -> None:
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", str(ROOT / "graph"), str(ROOT / "ingest")])
    assert status == 0, out + err
