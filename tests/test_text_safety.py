"""Text from sources is inert where it leaves ctgraph: terminal, matplotlib, spreadsheets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from ctgraph.dashboard.tables import csv_bytes
from ctgraph.graph.text_safety import (
    FORMULA_START,
    json_terminal_safe,
    mathtext_safe,
    spreadsheet_safe,
    terminal_safe,
)
from tests.cli_helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# ESC-based (CSI colour, clear screen, OSC 8 hyperlink, OSC 0 window title), 8-bit C1
# (CSI 0x9b, OSC 0x9d), BEL, backspace, carriage return, bidi override.
ATTACKS = [
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]0;owned\x07",
    "\x9b2J",
    "\x9d0;title\x9c",
    "over\rwrite",
    "back\b\b\bspace",
    "abc\u202edcba",
    "two\nlines",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_terminal_safe_leaves_no_active_character(text: str) -> None:
    safe = terminal_safe(text)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in safe)
    assert "\u202e" not in safe
    assert terminal_safe(safe) == safe  # idempotent: nothing left to escape


def test_terminal_safe_keeps_ordinary_text() -> None:
    text = "Côte d’Ivoire → 中国, tab\there [bold]x[/bold] $5"
    assert terminal_safe(text) == text


def test_json_stays_the_same_document_without_c1_or_bidi() -> None:
    doc = json.dumps({"name": "a\x9b2J\u202eb\x1b"}, ensure_ascii=False)
    safe = json_terminal_safe(doc)
    assert json.loads(safe) == json.loads(doc)
    assert not any(0x7F <= ord(ch) <= 0x9F or ord(ch) < 0x20 for ch in safe) and "\u202e" not in safe


# --------------------------------------------------------------------------- the CLI


def _glotip_with(tmp_path: Path, *names: str) -> Path:
    body = (FIXTURES / "glotip_slice.csv").read_text(encoding="utf-8")
    rows = [
        f'DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,"{n}",Total,Total,2020,Counts,12,GLOTIP'
        for n in names
    ]
    path = tmp_path / "glotip.csv"
    path.write_text(body + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_report_shows_hostile_names_as_text(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """C1 controls and bidi overrides pass the CSV reader (mis-encoded real data holds such
    bytes); in the report they are shown escaped, and rich markup in a name stays text."""
    path = _glotip_with(tmp_path, "Atl\x9b2Jantis", "Bad\u202eland", "[link=http://evil.example]Ruritania[/link]")
    res = run_cli(capsys, "import", "glotip", str(path), "--report")
    assert res.code == 0, res.err
    assert "\x9b" not in res.out and "\u202e" not in res.out and "\x1b" not in res.out
    assert "Atl\\x9b2Jantis" in res.out and "Bad\\u202eland" in res.out
    assert "│ [link=http://evil.example]Ruritania[/link] │" in res.out  # shown, not made a hyperlink


def test_json_output_escapes_c1_and_bidi(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _glotip_with(tmp_path, "Atl\x9b2Jantis")
    res = run_cli(capsys, "import", "glotip", str(path), "--json")
    assert res.code == 0, res.err
    assert "\x9b" not in res.out
    assert {"name": "Atl\x9b2Jantis", "rows": 1} in res.json()["summary"]["unmapped"]


def test_error_line_escapes_what_it_quotes(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "country", "Chin\x1b[2Ja\nError: fake second line")
    assert res.code == 1
    assert len(res.err.splitlines()) == 1 and "\x1b" not in res.err
    assert res.err.startswith("Error: unknown country 'Chin\\x1b[2Ja\\nError: fake second line'")


# --------------------------------------------------------------------------- matplotlib


@pytest.mark.parametrize(
    "text",
    [r"$\undefinedcommand$", "costs $5 and $6", r"a\$b", "$x^2$ and ${}_{}$", "100%", "plain"],
)
def test_mathtext_safe_text_draws_as_the_same_characters(text: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        t = fig.text(0.1, 0.5, mathtext_safe(text))
        fig.savefig(io.BytesIO(), format="png")  # raises on a mathtext parse error
        drawn, is_math = t._preprocess_math(t.get_text())  # what matplotlib draws
        assert (drawn, is_math) == (text, False)
    finally:
        plt.close(fig)


def test_unescaped_mathtext_does_fail() -> None:
    """The case above is not vacuous: matplotlib does parse and reject raw mathtext."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        fig.text(0.1, 0.5, r"$\undefinedcommand$")
        with pytest.raises(ValueError):
            fig.savefig(io.BytesIO(), format="png")
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- spreadsheets


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_safe_neutralises_each_formula_start(first: str) -> None:
    assert first in FORMULA_START
    value = first + "HYPERLINK(\"http://evil.example\",\"x\")"
    assert spreadsheet_safe(value) == "'" + value


def test_spreadsheet_safe_leaves_other_values() -> None:
    assert [spreadsheet_safe(v) for v in ["China", " =1", 5, -1.5, None]] == ["China", " =1", 5, -1.5, None]


def test_csv_download_uses_it_for_cells_and_index() -> None:
    df = pd.DataFrame({"quote": ["=cmd|' /C calc'!A0", "@SUM(1)", "ok"], "n": [-1, 2, 3]}, index=["+x", "y", "z"])
    text = csv_bytes(df, index=True).decode()
    assert text.splitlines() == [",quote,n", "'+x,'=cmd|' /C calc'!A0,-1", "y,'@SUM(1),2", "z,ok,3"]
