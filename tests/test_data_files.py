"""Real data as published: `ctgraph data` names each data set's official address,
terms and file; GLOTIP's official .xlsx (two banner rows above the header) imports
exactly as its CSV export; a workbook that is not GLOTIP gets one Error: line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from ctgraph.graph.errors import SourceValidationError
from ctgraph.ingest.catalogue import CATALOGUE
from ctgraph.ingest.registry import import_dataset
from tests.cli_helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GLOTIP_CSV = FIXTURES / "glotip_slice.csv"


def _workbook(path: Path, rows: list[list[object]], banner: int = 2) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data_glotip"
    for i in range(banner):
        sheet.append([f"UNODC banner line {i + 1}: Global Report on Trafficking in Persons data, release 14/04/2025"])
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def _as_published(value: str, column: str) -> object:
    """What the workbook holds: years and plain counts as numbers, "<5" and "1,094" as text."""
    if column in ("Year", "txtVALUE") and value.isdigit():
        return int(value)
    return value


def _glotip_rows() -> list[list[object]]:
    with GLOTIP_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    return [header] + [[_as_published(v, header[i]) for i, v in enumerate(r)] for r in rows[1:]]


def test_glotip_xlsx_with_banner_rows_imports_as_its_csv(tmp_path: Path) -> None:
    xlsx = _workbook(tmp_path / "data_glotip.xlsx", _glotip_rows())
    from_csv, s_csv = import_dataset("glotip", GLOTIP_CSV)
    from_xlsx, s_xlsx = import_dataset("glotip", xlsx)

    def flows(batch: object) -> dict[str, tuple[object, ...]]:
        return {n.id: (n.props.get("victims_published"), n.props.get("years"), n.props.get("reported_as"))
                for n in batch.nodes if n.label == "Flow"}  # type: ignore[attr-defined]

    assert flows(from_xlsx) == flows(from_csv) and flows(from_csv)
    assert {n.id for n in from_xlsx.nodes} == {n.id for n in from_csv.nodes}
    assert s_xlsx["flows"] == s_csv["flows"] and s_xlsx["statistics"] == s_csv["statistics"]
    assert s_xlsx["rows"] == s_csv["rows"]
    # rows are cited by the sheet's row numbers: two banner rows above the header
    ev_csv = sorted(r.props["locator"] for r in from_csv.rels if r.type == "EVIDENCE" and r.start.startswith("flow:"))
    ev_xlsx = sorted(r.props["locator"] for r in from_xlsx.rels if r.type == "EVIDENCE" and r.start.startswith("flow:"))
    assert ev_csv != ev_xlsx and len(ev_csv) == len(ev_xlsx)


def test_a_workbook_that_is_not_glotip_names_what_is_wrong(tmp_path: Path) -> None:
    xlsx = _workbook(tmp_path / "other.xlsx", [["name", "value"], ["a", 1]])
    with pytest.raises(SourceValidationError) as err:
        import_dataset("glotip", xlsx)
    line = str(err.value)
    assert "not a GLOTIP workbook" in line and "Iso3_code" in line and "ctgraph data" in line


def test_a_file_called_xlsx_that_is_no_workbook_gets_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "data_glotip.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(SourceValidationError) as err:
        import_dataset("glotip", bad)
    assert "not a readable .xlsx workbook" in str(err.value)


def test_import_cli_reads_the_xlsx_and_fails_with_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    bad = _workbook(tmp_path / "other.xlsx", [["name", "value"], ["a", 1]])
    r = run_cli(capsys, "import", "glotip", str(bad))
    assert r.code == 1 and r.err.startswith("Error: ") and r.err.count("\n") == 1
    assert str(bad) in r.err and "not a GLOTIP workbook" in r.err


def test_data_lists_every_data_set_with_its_address_terms_and_file(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_cli(capsys, "data", "--json")
    assert r.code == 0
    listed = {d["name"]: d for d in r.json()}
    assert set(listed) == {"glotip", "ctdc", "untc", "tip-tiers"} == {d.name for d in CATALOGUE}
    assert listed["glotip"]["address"].startswith("https://dataunodc.un.org")
    assert listed["ctdc"]["address"].startswith("https://www.ctdatacollaborative.org")
    assert listed["untc"]["address"].startswith("https://treaties.un.org/")
    assert "tip_tiers_orig.csv" in listed["tip-tiers"]["download"]
    for d in listed.values():
        assert d["terms"] and d["download"] and d["command"].startswith(f"ctgraph import {d['name']} ")
    one = run_cli(capsys, "data", "glotip")
    assert one.code == 0 and "https://dataunodc.un.org/" in one.out and "ctdc" not in one.out
    bad = run_cli(capsys, "data", "nothing")
    assert bad.code == 1 and bad.err == "Error: no data set 'nothing': choose one of glotip, ctdc, untc, tip-tiers\n"
