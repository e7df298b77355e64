"""mypy --strict holds on the typed core (graph/ and ingest/, as pyproject configures), the deck and the pictures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_on_graph_and_ingest() -> None:
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", str(ROOT / "graph"), str(ROOT / "ingest")])
    assert status == 0, out + err


def test_mypy_strict_on_the_deck_and_the_pictures() -> None:
    """The briefing deck package and the static pictures are typed as strictly as the core."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", "--strict",
                                str(ROOT / "dashboard" / "deck"), str(ROOT / "dashboard" / "pictures.py")])
    assert status == 0, out + err
