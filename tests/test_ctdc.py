"""CTDC reader on the committed slice of the real extract (tests/fixtures/ctdc_slice.csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch, NodeRecord
from ctgraph.graph.errors import SourceValidationError
from ctgraph.ingest.datasets import CTDC_SOURCE
from ctgraph.ingest.registry import import_dataset

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ctdc_slice.csv"
HEADER = FIXTURE.read_text(encoding="utf-8").splitlines()[0]
# CTDC's own columns are the first seven; the extractor's eight follow (ignored).
TAIL = ",,,,,,,,"


@pytest.fixture(scope="module")
def imported() -> tuple[GraphBatch, dict[str, Any]]:
    return import_dataset("ctdc", FIXTURE)


def _node(batch: GraphBatch, ident: str) -> NodeRecord:
    found = [n for n in batch.nodes if n.id == ident]
    assert found, f"{ident} not in batch"
    return found[0]


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "ctdc.csv"
    path.write_text("\n".join([HEADER, *(r + TAIL for r in rows)]) + "\n", encoding="utf-8")
    return path


def test_batch_and_source(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = imported
    assert batch.name == "ctdc"
    src = _node(batch, CTDC_SOURCE.id)
    assert src.props["kind"] == "dataset" and "re-identification prohibited" in str(src.props["terms"])
    assert summary["records"] == 26 and summary["unmapped"] == []


def test_chinese_victims_exploited_in_the_us(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    f = _node(batch, "flow:ctdc-chn-usa")
    assert f.props["dataset"] == CTDC_SOURCE.id
    assert (f.props["years"], f.props["year_victims"], f.props["year_suppressed"]) == ([2017], [4], [0])
    assert f.props["victims_count"] == 4 and f.props["suppressed_cells"] == 0
    assert f.props["exploitation"] == ["sexual_exploitation"] and f.props["exploitation_counts"] == [4]
    assert f.props["victims"] == ["women"]
    (ev,) = [r for r in batch.rels if r.start == f.id and r.type == "EVIDENCE"]
    assert ev.end == CTDC_SOURCE.id and ev.props["locator"] == "rows 24-27"
    assert ev.props["quote"] == (
        "CTDC records with citizenship China and country of exploitation United States: "
        "4 (2017: 4); sexual exploitation 4"
    )


def test_repeated_rows_are_separate_records(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = imported
    # three identical Philippine records exploited in the Philippines: three victims
    f = _node(batch, "flow:ctdc-phl-phl")
    assert f.props["victims_count"] == 3 and f.props["scope"] == "internal"
    assert f.props["exploitation"] == ["forced_labour"]
    assert f.props["victims"] == ["women and girls (age not recorded)"]


def test_forms_of_exploitation_per_flow(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    f = _node(batch, "flow:ctdc-ukr-rus")
    # two records flag both forms, two flag neither (missing): 4 records, each once
    assert f.props["victims_count"] == 4
    assert f.props["exploitation"] == ["sexual_exploitation", "forced_labour"]
    assert f.props["exploitation_counts"] == [2, 2]
    f = _node(batch, "flow:ctdc-khm-chn")
    assert f.props["exploitation"] == [] and f.props["victims_count"] == 3
    assert _node(batch, "flow:ctdc-usa-usa").props["victims"] == ["boys"]


def test_unknown_citizenship_and_destination_stay_out_of_flows_and_are_counted(
    imported: tuple[GraphBatch, dict[str, Any]],
) -> None:
    batch, summary = imported
    assert summary["records_citizenship_unknown"] == {"0 (unknown)": 3, "missing (-99 or empty)": 2}
    assert summary["records_country_of_exploitation_unknown"] == 7  # 3 CO, 2 KG ("0"), 2 empty rows
    assert summary["records_both_unknown"] == 2
    # each record counted once: in a flow, or in the unknowns
    in_flows = sum(int(n.props["victims_count"]) for n in batch.nodes if n.label == "Flow")  # type: ignore[arg-type]
    out = 3 + 2 + 7 - 2
    assert in_flows == summary["records_in_country_flows"] == summary["records"] - out == 16


def test_namibia_minus_99_and_empty(tmp_path: Path) -> None:
    rows = [
        "2016,Female,18--20,NA,0,1,ZA",  # Namibia's alpha-2 code is NA
        "2016,Female,-99,NA,-99,1.0,ZA",
        "-99,Male,9--17,NA,1,-99,NA",  # year unknown, internal Namibian flow
        "2017,Female,30--38,-99,1,0,NA",  # citizenship missing
        "2017,Female,30--38,0,1,0,NA",  # citizenship unknown
    ]
    batch, summary = import_dataset("ctdc", _csv(tmp_path, rows))
    f = _node(batch, "flow:ctdc-nam-zaf")
    assert f.props["year_victims"] == [2] and f.props["exploitation"] == ["sexual_exploitation"]
    assert f.props["victims"] == ["women", "women and girls (age not recorded)"]
    g = _node(batch, "flow:ctdc-nam-nam")
    assert g.props["victims_count"] == 1 and g.props["years"] == [] and g.props["year_unknown"] == 1
    assert "year_first" not in g.props
    assert g.props["exploitation"] == ["forced_labour"] and g.props["victims"] == ["boys"]
    assert summary["records_without_year"] == 1
    assert summary["records_citizenship_unknown"] == {"0 (unknown)": 1, "missing (-99 or empty)": 1}
    assert _node(batch, "NAM").props["name"] == "Namibia"


def test_an_unmapped_code_is_reported(tmp_path: Path) -> None:
    rows = ["2016,Female,18--20,QQ,0,1,US", "2016,Female,18--20,QQ,0,1,US", "2016,Female,18--20,PH,0,1,US"]
    _, summary = import_dataset("ctdc", _csv(tmp_path, rows))
    assert summary["unmapped"] == [{"name": "QQ", "rows": 2}]


def test_a_file_whose_codes_all_fail_to_map_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["2016,Female,18--20,QQ,0,1,US", "2016,Female,18--20,QQ,0,1,US"])
    with pytest.raises(SourceValidationError) as exc:
        import_dataset("ctdc", path)
    assert str(exc.value) == (
        f"{path}:2: no data row maps to a country (2 rows read; names not mapped: 'QQ' (2 rows)); nothing was "
        "imported (an earlier CTDC import is kept): check the columns citizenship and CountryOfExploitation "
        "(ISO alpha-2 codes)"
    )


def test_bad_flag_and_year_values_are_reported_by_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["2016,Female,18--20,PH,yes,1,PH", "20X6,Female,18--20,PH,0,1,PH"])
    with pytest.raises(SourceValidationError) as exc:
        import_dataset("ctdc", path)
    assert str(exc.value) == (
        f"{path}:2: column isForcedLabour: 'yes' is not a 0/1 flag; write -99 or leave it empty "
        "when unknown (and 1 more problem)"
    )
    assert str(exc.value.problems[1]) == (
        f"{path}:3: column yearOfRegistration: '20X6' is not a year from 1800 to 2100 (e.g. 2016); write -99 or leave it empty when unknown"
    )
