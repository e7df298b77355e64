"""ctgraph import instruments: a team's own MoUs from the documented template (issue 18)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from ctgraph.ingest.instruments import TEMPLATE_COLUMNS
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "docs" / "instruments-template.csv"
QUOTE = "China and Germany signed a memorandum of understanding against trafficking in persons"


@pytest.fixture(autouse=True)
def _memory_home(home: Path) -> None:
    """Every CLI call runs on a private embedded store."""


def _write(path: Path, rows: list[list[str]], header: tuple[str, ...] = TEMPLATE_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _good_rows() -> list[list[str]]:
    src = "Ministry press release, 3 March 2015"
    return [
        ["China–Germany MoU on trafficking", "bilateral", "CHN", "2015-03-03", "2015-03-03", "", src, QUOTE, "", ""],
        ["China–Germany MoU on trafficking", "bilateral", "Germany", "2015-03-03", "2015-03-03", "", src, QUOTE, "", ""],
    ]


def _pair(gaps: list[dict[str, Any]], a: str, b: str) -> list[dict[str, Any]]:
    return [g for g in gaps if {g["source"], g["destination"]} == {a, b}]


def test_the_template_is_documented_and_imports(capsys: pytest.CaptureFixture[str]) -> None:
    with TEMPLATE.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == TEMPLATE_COLUMNS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "ctgraph import instruments" in readme and "docs/instruments-template.csv" in readme
    assert all(f"`{c}`" in readme for c in TEMPLATE_COLUMNS)
    res = run_cli(capsys, "import", "instruments", str(TEMPLATE), "--json")
    assert res.code == 0, res.err
    assert res.json()["summary"]["instruments"] == 1


def test_good_file_loads_counts_in_gaps_and_reimports_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = run_cli(capsys, "gaps", "--as-of", "2024-01-01", "--json").json()
    assert _pair(before, "CHN", "DEU")[0]["coverage"] == "none"
    measured_before = _measured(capsys)
    f = _write(tmp_path / "ours.csv", _good_rows())
    res = run_cli(capsys, "import", "instruments", str(f), "--json")
    assert res.code == 0, res.err
    assert res.json()["summary"] == {
        "file": str(f), "rows": 2, "instruments": 1, "parties": 2,
        "by_kind": {"bilateral": 1, "regional": 0, "multilateral": 0}, "unmapped": [],
    }
    stats = run_cli(capsys, "stats", "--json").json()
    assert run_cli(capsys, "import", "instruments", str(f)).code == 0
    assert run_cli(capsys, "stats", "--json").json() == stats  # importing again replaces the batch
    after = run_cli(capsys, "gaps", "--as-of", "2024-01-01", "--json").json()
    assert _pair(after, "CHN", "DEU") == []  # bound bilaterally now: no longer a gap
    assert _pair(run_cli(capsys, "gaps", "--as-of", "2014", "--json").json(), "CHN", "DEU")  # not before 2015
    assert _measured(capsys) == measured_before + 1
    mine = [a for a in run_cli(capsys, "agreements", "--country", "DEU", "--json").json()
            if a["title"] == "China–Germany MoU on trafficking"]
    assert len(mine) == 1 and mine[0]["parties"] == ["CHN", "DEU"] and mine[0]["kind"] == "bilateral"
    assert mine[0]["evidence"][0]["quote"] == QUOTE and mine[0]["evidence"][0]["locator"] == "ours.csv, row 2"
    assert [t["since"] for t in mine[0]["terms"]] == ["2015-03-03", "2015-03-03"]
    table = run_cli(capsys, "agreements", "--country", "DEU").out
    assert "China–Germany MoU" in table and "agreement:user" not in table


def _measured(capsys: pytest.CaptureFixture[str]) -> int:
    out = " ".join(run_cli(capsys, "gaps", "--as-of", "2024-01-01").out.split())
    return int(out.rsplit("Measured against ", 1)[1].split(" ", 1)[0])


def test_xlsx_reads_like_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(TEMPLATE_COLUMNS))
    for row in _good_rows():
        ws.append([*row[:3], datetime(2015, 3, 3), 2015, *row[5:]])  # a date cell and a year as a number
    wb.save(tmp_path / "ours.xlsx")
    res = run_cli(capsys, "import", "instruments", str(tmp_path / "ours.xlsx"), "--json")
    assert res.code == 0, res.err
    (mine,) = [a for a in run_cli(capsys, "agreements", "--country", "CHN", "--json").json()
               if a["title"] == "China–Germany MoU on trafficking"]
    assert {(t["signed"], t["since"]) for t in mine["terms"]} == {("2015-03-03", "2015")}


def test_every_bad_row_is_one_error_line_and_nothing_is_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, q = "A report", "they signed"
    f = _write(tmp_path / "bad.csv", [
        ["MoU A", "bilateral", "Atlantis", "2018", "2018", "", src, q, "", ""],
        ["MoU A", "bilateral", "THA", "2018-02-30", "2018", "", src, q, "", ""],
        ["MoU B", "bilateral", "THA", "2018", "2018", "", src, q, "", ""],
        ["MoU B", "bilateral", "Thailand", "2018", "2018", "", src, q, "", ""],
        ["MoU C", "bilateral", "VNM", "2019-05", "2018", "", src, q, "", ""],
        ["MoU C", "bilateral", "LAO", "2019", "2019", "", "", q, "", ""],
        ["MoU D", "bilateral", "VNM", "2019", "2019", "2018", src, q, "", ""],
        ["MoU E", "treaty", "VNM", "2019", "2019", "", src, "", "", ""],
    ])
    before = run_cli(capsys, "stats", "--json").json()
    res = run_cli(capsys, "import", "instruments", str(f))
    assert res.code == 1 and res.out == ""
    assert res.err.splitlines() == [
        f"Error: {f}:2: column 3 ('party'): 'Atlantis' is not a known country; give its ISO 3166 alpha-3 code (e.g. THA)",
        f"Error: {f}:3: column 4 ('signed'): invalid date '2018-02-30': day is out of range for month; "
        "use YYYY, YYYY-MM or YYYY-MM-DD",
        f"Error: {f}:5: column 3 ('party'): THA is already a party of 'MoU B' on row 4; list each party once per "
        "instrument",
        f"Error: {f}:6: column 5 ('bound_from'): 2018 is before the signature (2019-05); a party is bound from its "
        "signature at the earliest: check both dates",
        f"Error: {f}:7: column 7 ('source'): is empty; give the source (every instrument row names the source that "
        "states it and quotes it)",
        f"Error: {f}:8: column 6 ('until'): 2018 is before bound_from (2019); check both dates",
        f"Error: {f}:9: column 8 ('quote'): is empty; give the quote (every instrument row names the source that "
        "states it and quotes it); column 2 ('kind'): 'treaty' is not a kind; use bilateral, regional, multilateral",
    ]
    assert run_cli(capsys, "stats", "--json").json() == before


def test_a_bilateral_needs_two_parties_and_the_header_its_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _write(tmp_path / "one.csv", [_good_rows()[0]])
    res = run_cli(capsys, "import", "instruments", str(one))
    assert res.err.splitlines() == [
        f"Error: {one}:2: column 3 ('party'): 'China–Germany MoU on trafficking' has 1 party; a bilateral instrument "
        "needs exactly two parties (one row per party)"
    ]
    short = _write(tmp_path / "short.csv", [["x", "bilateral"]], header=("instrument", "kind", "party"))
    res = run_cli(capsys, "import", "instruments", str(short))
    assert res.code == 1
    assert res.err.splitlines() == [
        f"Error: {short}:1: header: column(s) signed, bound_from, until, source, quote missing; the header is "
        f"{', '.join(TEMPLATE_COLUMNS)} (url and status optional), as in docs/instruments-template.csv"
    ]
