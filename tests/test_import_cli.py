"""`ctgraph import glotip|ctdc FILE [--report]` through the real entry point, on the memory store.

Bad input: one ``Error:`` line naming the file, line and column, exit 1, and
nothing loaded (the store is exactly as before).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_helpers import Result, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GLOTIP = FIXTURES / "glotip_slice.csv"
CTDC = FIXTURES / "ctdc_slice.csv"
GLOTIP_HEADER = GLOTIP.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(autouse=True)
def _memory_home(home: Path) -> None:
    """Every test runs on a private embedded store (CTGRAPH_HOME, NEO4J_URI unset)."""


def _route(data: list[dict[str, object]], src: str, dst: str) -> dict[str, object]:
    found = [r for r in data if r["source"] == src and r["destination"] == dst]
    assert len(found) == 1, (src, dst)
    return found[0]


def _one_error(res: Result) -> str:
    assert res.code == 1
    assert res.out == ""
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_import_glotip_json_reports_what_it_loaded(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    res = run_cli(capsys, "import", "glotip", str(GLOTIP), "--json")
    assert res.code == 0 and res.err == ""
    data = res.json()
    # 19 flows by citizenship and 8 by country of repatriation (ARG: DEU, ESP, PER; CHN: COL, MMR, NPL, RUS, ...)
    assert data["loaded"]["nodes"]["Flow"] == 27 and data["loaded"]["nodes"]["Statistic"] == 24  # 9 rows now flows
    assert data["summary"]["unmapped"] == [] and data["summary"]["rows"] == 122
    assert (home / "graph.sqlite").is_file()


def test_country_chn_shows_where_chinese_victims_were_detected_next_to_the_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(capsys, "import", "glotip", str(GLOTIP), "--json").code == 0
    assert run_cli(capsys, "import", "ctdc", str(CTDC), "--json").code == 0
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    fra = _route(profile["flows_out"], "CHN", "FRA")
    sources = {e["source"] for e in fra["evidence"]}  # type: ignore[union-attr]
    assert {"source:iom-sanya-2018", "source:unodc-glotip-2025"} <= sources
    (corr,) = fra["corroboration"]  # type: ignore[misc]
    assert corr["dataset"] == "source:unodc-glotip-2025"
    assert (corr["victims"], corr["suppressed_cells"], corr["years"]) == (639, 0, [2008, 2022])
    # per year: the count, and whether an instrument covered the pair that year
    # China-France internal-security agreement (2004, in force by October 2007) names trafficking
    assert corr["by_year"][0] == {"year": 2008, "victims": 90, "suppressed_cells": 0, "coverage": "bilateral"}
    # Spain: the report's flows and GLOTIP's counts, "<5" years kept as suppressed
    esp = _route(profile["flows_out"], "CHN", "ESP")
    (corr,) = esp["corroboration"]  # type: ignore[misc]
    assert corr["suppressed_cells"] == 3
    assert {"year": 2011, "victims": 0, "suppressed_cells": 1} in [
        {k: y[k] for k in ("year", "victims", "suppressed_cells")} for y in corr["by_year"]
    ]
    # CTDC: Chinese victims exploited in the US; Cambodian victims exploited in China
    usa = _route(profile["flows_out"], "CHN", "USA")
    assert [c["dataset"] for c in usa["corroboration"]] == ["source:ctdc-global-2020"]  # type: ignore[union-attr]
    khm = _route(profile["flows_in"], "KHM", "CHN")
    assert [c["victims"] for c in khm["corroboration"]] == [3]  # type: ignore[union-attr]
    # the report's flow to Hong Kong has no statistics behind it: corroboration is empty
    assert _route(profile["flows_out"], "CHN", "HKG")["corroboration"] == []


def test_routes_json_carries_dataset_evidence_and_corroboration(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "import", "glotip", str(GLOTIP), "--json").code == 0
    (r,) = run_cli(capsys, "routes", "--from", "CHN", "--to", "ITA", "--json").json()
    glotip = [e for e in r["evidence"] if e["source"] == "source:unodc-glotip-2025"]
    assert glotip and glotip[0]["locator"].startswith("rows ")
    assert r["corroboration"][0]["dataset"] == "source:unodc-glotip-2025"


def test_import_table_and_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "glotip.csv"
    row = "DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,Atlantean,Total,Total,2020,Counts,<5,GLOTIP"
    path.write_text(GLOTIP.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    res = run_cli(capsys, "import", "glotip", str(path), "--report")
    assert res.code == 0, res.err
    assert f"Imported {path} into the memory store" in res.out
    assert re.search(r"│ exact duplicate rows dropped +│ 1 +│", res.out), res.out
    assert "Names not mapped to" in res.out  # the table title (wrapped to the table width)
    assert "│ Atlantean │ 1    │" in res.out


def test_reimport_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "import", "ctdc", str(CTDC), "--json")
    before = run_cli(capsys, "stats", "--json").json()
    run_cli(capsys, "import", "ctdc", str(CTDC), "--json")
    assert run_cli(capsys, "stats", "--json").json() == before


# --------------------------------------------------------------------------- bad input


def _bad(tmp_path: Path, text: str | bytes, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _assert_nothing_loaded(capsys: pytest.CaptureFixture[str], home: Path, before: object) -> None:
    assert run_cli(capsys, "stats", "--json").json() == before
    assert not (home / "batches" / "glotip.json").exists()
    assert not (home / "batches" / "ctdc.json").exists()


@pytest.mark.parametrize("dataset", ["glotip", "ctdc"])
def test_bad_input_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path, dataset: str) -> None:
    before = run_cli(capsys, "stats", "--json").json()
    other = CTDC if dataset == "glotip" else GLOTIP
    label = dataset.upper()
    res = run_cli(capsys, "import", dataset, str(other))
    missing = (
        "Iso3_code, Country, Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement, txtVALUE"
        if dataset == "glotip"
        else "yearOfRegistration, gender, ageBroad, citizenship, isForcedLabour, isSexualExploit, CountryOfExploitation"
    )
    other_kind = "ctdc" if dataset == "glotip" else "glotip"
    assert _one_error(res) == (
        f"Error: {other}:1: header: not a {label} file: missing column(s) {missing}; "
        f"this is a {other_kind.upper()} file: import it with `ctgraph import {other_kind} FILE`"
    )
    _assert_nothing_loaded(capsys, home, before)


def test_wrong_header(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    before = run_cli(capsys, "stats", "--json").json()
    path = _bad(tmp_path, "country,year,victims\nFrance,2020,12\n")
    assert _one_error(run_cli(capsys, "import", "glotip", str(path))) == (
        f"Error: {path}:1: header: not a GLOTIP file: missing column(s) Iso3_code, Country, Indicator, "
        "Dimension, Category, Sex, Age, Year, Unit of measurement, txtVALUE; expected a GLOTIP CSV with the "
        "columns Iso3_code, Country, Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement, txtVALUE"
    )
    _assert_nothing_loaded(capsys, home, before)


def test_wrong_encoding(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    before = run_cli(capsys, "stats", "--json").json()
    body = GLOTIP.read_text(encoding="utf-8").splitlines()
    body.append("DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,Türkiye,Total,Total,2020,Counts,12,GLOTIP")
    text = "\n".join(body[:1] + body[-1:]) + "\n"
    path = _bad(tmp_path, text.encode("latin-1"))
    assert _one_error(run_cli(capsys, "import", "glotip", str(path))) == (
        f"Error: {path}:2: column 7 ('Category'): byte 0xFC is not UTF-8 text; the file is in another "
        "encoding (e.g. Latin-1): re-save it as UTF-8"
    )
    _assert_nothing_loaded(capsys, home, before)


def test_truncated_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    before = run_cli(capsys, "stats", "--json").json()
    text = GLOTIP.read_text(encoding="utf-8")
    cut = text[: text.index("\n", 2000) - 30]  # the file ends in the middle of a row
    path = _bad(tmp_path, cut)
    n_lines = cut.count("\n") + 1
    res = run_cli(capsys, "import", "glotip", str(path), "--json")
    err = _one_error(res)
    assert err.startswith(f"Error: {path}:{n_lines}: row has ")
    assert err.endswith(
        "the file may be truncated, or a value holds an unquoted comma (quote it)"
    )
    assert "and after are missing" in err
    _assert_nothing_loaded(capsys, home, before)


def test_ragged_row_names_line_and_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _bad(tmp_path, GLOTIP_HEADER + "\nFRA,France,Europe,Western Europe,Detected trafficking victims,by citizenship,China\n")
    assert _one_error(run_cli(capsys, "import", "glotip", str(path))) == (
        f"Error: {path}:2: row has 7 fields, the header has 13: column 8 ('Sex') and after are missing; "
        "the file may be truncated, or a value holds an unquoted comma (quote it)"
    )


def test_unclosed_quote(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _bad(tmp_path, GLOTIP_HEADER + '\nFRA,"France,Europe\n')
    assert _one_error(run_cli(capsys, "import", "glotip", str(path))) == (
        f"Error: {path}:2: column 2 ('Country'): a quoted value starts here and is never closed (CSV syntax "
        "error: unexpected end of data); the file may be truncated or "
        "hold an unclosed quote: re-export it"
    )


def test_non_numeric_value(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    before = run_cli(capsys, "stats", "--json").json()
    row = "FRA,France,Europe,Western Europe,Detected trafficking victims,by citizenship,China,Total,Total,2020,Counts,n/a,GLOTIP"
    path = _bad(tmp_path, GLOTIP.read_text(encoding="utf-8") + row + "\n")
    assert _one_error(run_cli(capsys, "import", "glotip", str(path))) == (
        f"Error: {path}:124: column txtVALUE: 'n/a' is not a count: use a whole number "
        "(thousands commas allowed) or <5 for a suppressed cell"
    )
    _assert_nothing_loaded(capsys, home, before)


def test_spreadsheet_instead_of_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _bad(tmp_path, b"PK\x03\x04" + b"\x00" * 40, name="data.xlsx")
    assert _one_error(run_cli(capsys, "import", "ctdc", str(path))) == (
        f"Error: {path}:1: not a readable .xlsx workbook (BadZipFile: File is not a zip file); download the CTDC "
        "file again (`ctgraph data` gives its address) or save it as 'CSV UTF-8' and import the CSV"
    )


def test_empty_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _bad(tmp_path, "")
    assert _one_error(run_cli(capsys, "import", "ctdc", str(path))) == (
        f"Error: {path}:1: empty file: expected a CTDC CSV whose header has yearOfRegistration, gender, "
        "ageBroad, citizenship, isForcedLabour, isSexualExploit, CountryOfExploitation"
    )
    gone = tmp_path / "nope.csv"
    assert _one_error(run_cli(capsys, "import", "glotip", str(gone))) == (
        f"Error: {gone}: no such file; give the path of the GLOTIP CSV file"
    )
