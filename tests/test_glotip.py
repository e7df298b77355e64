"""GLOTIP reader on the committed slice of the real file (tests/fixtures/glotip_slice.csv).

Line numbers below are fixture lines (tests/fixtures/README.md maps them to the
original file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch, NodeRecord
from ctgraph.graph.errors import SourceValidationError
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.datasets import GLOTIP_SOURCE
from ctgraph.ingest.glotip import parse_count
from ctgraph.ingest.registry import import_dataset

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "glotip_slice.csv"
HEADER = FIXTURE.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(scope="module")
def imported() -> tuple[GraphBatch, dict[str, Any]]:
    return import_dataset("glotip", FIXTURE)


def _node(batch: GraphBatch, ident: str) -> NodeRecord:
    found = [n for n in batch.nodes if n.id == ident]
    assert found, f"{ident} not in batch"
    return found[0]


def _evidence(batch: GraphBatch, ident: str) -> dict[str, Any]:
    (rel,) = [r for r in batch.rels if r.start == ident and r.type == "EVIDENCE"]
    assert rel.end == GLOTIP_SOURCE.id
    return dict(rel.props)


def _slice(tmp_path: Path, fixture_lines: list[int], extra: list[str] | None = None) -> Path:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    body = [lines[n - 1] for n in fixture_lines] + (extra or [])
    path = tmp_path / "glotip.csv"
    path.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    return path


def test_batch_is_named_glotip_and_holds_its_source(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = imported
    assert batch.name == "glotip"
    src = _node(batch, "source:unodc-glotip-2025")
    assert src.label == "Source" and src.props["kind"] == "dataset"
    assert "UNODC" in str(src.props["publisher"]) and src.props["citation"]
    assert summary["rows"] == 122 and summary["unmapped"] == []


def test_chinese_victims_detected_in_france_become_a_flow_with_counts_per_year(
    imported: tuple[GraphBatch, dict[str, Any]],
) -> None:
    batch, _ = imported
    f = _node(batch, "flow:glotip-chn-fra")
    assert f.props["dataset"] == "source:unodc-glotip-2025"
    assert f.props["years"] == [2008, 2009, 2010, 2011, 2012, 2016, 2019, 2020, 2021, 2022]
    assert f.props["year_victims"] == [90, 17, 39, 48, 49, 205, 56, 16, 68, 51]
    assert f.props["victims_count"] == 639 and f.props["suppressed_cells"] == 0
    assert (f.props["year_first"], f.props["year_last"]) == (2008, 2022)
    assert f.props["scope"] == "cross_border"
    assert f.props["reported_as"] == ["China", "Chinese"]
    rels = {(r.type, r.end) for r in batch.rels if r.start == f.id}
    assert {("FROM", "CHN"), ("TO", "FRA")} <= rels
    ev = _evidence(batch, f.id)
    assert ev["locator"] == "rows 55-64"
    assert ev["quote"].startswith("France (FRA), Detected trafficking victims, by citizenship, China / Chinese: 2008: 90;")


def test_suppressed_cells_are_counted_never_summed(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    f = _node(batch, "flow:glotip-chn-ita")
    years = dict(zip(f.props["years"], zip(f.props["year_victims"], f.props["year_suppressed"])))  # type: ignore[arg-type]
    assert years[2009] == (0, 1)  # "<5": no number, one suppressed cell
    assert years[2007] == (22, 0)
    assert f.props["victims_count"] == 22 + 26 + 14 + 13  # published cells only
    assert f.props["suppressed_cells"] == 4
    assert "2009: <5" in _evidence(batch, f.id)["quote"]


def test_every_flow_sums_its_years(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    for f in (n for n in batch.nodes if n.label == "Flow"):
        assert f.props["victims_count"] == sum(f.props["year_victims"])  # type: ignore[arg-type]
        assert f.props["suppressed_cells"] == sum(f.props["year_suppressed"])  # type: ignore[arg-type]
        assert len(f.props["years"]) == len(f.props["year_victims"]) == len(f.props["year_suppressed"])  # type: ignore[arg-type]


def test_nationals_are_an_internal_flow_of_the_detecting_country(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    f = _node(batch, "flow:glotip-ita-ita")
    assert f.props["scope"] == "internal" and f.props["year_victims"] == [433, 442]
    # Spanish "Ciudadanos de su país", damaged to U+FFFD, with a thousands comma
    f = _node(batch, "flow:glotip-arg-arg")
    assert f.props["year_victims"] == [1094, 1110]


def test_namibia_survives(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    ids = {n.id for n in batch.nodes}
    assert {"NAM", "flow:glotip-nam-nam", "flow:glotip-ago-nam", "flow:glotip-nam-aut", "flow:glotip-nam-deu"} <= ids
    assert _node(batch, "NAM").props["name"] == "Namibia"


def test_foreign_language_demonym_and_damaged_names_map(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    ids = {n.id for n in batch.nodes}
    for pair in ("bra-arg", "dom-arg", "mar-arg", "rou-aut", "nga-aut", "chn-aut", "tur-tur"):
        assert f"flow:glotip-{pair}" in ids, pair


def test_names_that_are_not_a_country_stay_out_of_flows_and_are_counted(
    imported: tuple[GraphBatch, dict[str, Any]],
) -> None:
    _, summary = imported
    assert summary["flow_rows"] == 58
    assert summary["flow_rows_to_a_country"] == 50
    assert summary["flow_rows_not_a_country"] == {"foreigners": 1, "no_iso_code": 3, "total": 3, "unknown": 1}
    assert summary["victims_not_in_country_flows"]["unknown"] == {"published": 8, "suppressed_cells": 0}
    # Kosovo has no ISO code: three "<5" cells, counted as suppressed, not as victims
    assert summary["victims_not_in_country_flows"]["no_iso_code"] == {"published": 0, "suppressed_cells": 3}


def test_one_citizenship_written_twice_in_a_year_is_not_double_counted(
    imported: tuple[GraphBatch, dict[str, Any]],
) -> None:
    # Solomon Islands 2019: "Nationals" 8 and "Solomon islanders" 8 are one figure.
    batch, summary = imported
    assert _node(batch, "flow:glotip-slb-slb").props["year_victims"] == [8]
    assert summary["flow_rows_repeating_a_citizenship_(largest_kept)"] == 1


# --------------------------------------------------------------------------- statistics


def test_other_indicators_become_statistics_of_the_detecting_country(
    imported: tuple[GraphBatch, dict[str, Any]],
) -> None:
    batch, summary = imported
    sid = "statistic:glotip-ita-victims-by-form-of-exploitation-sexual-exploitation-2019"
    s = _node(batch, sid)
    assert s.props["value"] == 329 and s.props["basis"] == "total"
    assert s.props["unit"] == "people" and s.props["year"] == 2019
    assert [r.end for r in batch.rels if r.start == sid and r.type == "ABOUT"] == ["ITA"]
    assert _evidence(batch, sid)["locator"] == "row 79"
    assert summary["statistics"] == len([n for n in batch.nodes if n.label == "Statistic"])


def test_totals_and_breakdowns_are_not_double_counted(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    # Italy 2019, sexual exploitation: Total/Total 329 plus six breakdown rows: 329.
    assert _node(batch, "statistic:glotip-ita-victims-by-form-of-exploitation-sexual-exploitation-2019").props["value"] == 329
    # Dominican Republic 2018: no Total/Total; age group 18+ is 39, sex groups 31 + 8:
    # one dimension only, 39 (never 78).
    s = _node(batch, "statistic:glotip-dom-formal-contact-total-total-2018")
    assert (s.props["value"], s.props["basis"]) == (39, "sum of age groups")
    # Austria 2017 forced labour: only sex-by-age cells, 46 and "<5": at least 46.
    s = _node(batch, "statistic:glotip-aut-victims-by-form-of-exploitation-forced-labour-2017")
    assert (s.props["value"], s.props["suppressed_cells"], s.props["basis"]) == (46, 1, "sum of sex-by-age cells")
    assert str(s.props["counts"]).endswith(": 46 (+1 cell <5)")  # graph.wording


def test_a_fully_suppressed_statistic_has_a_flag_and_no_number(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = imported
    s = _node(batch, "statistic:glotip-ggy-sark-victims-total-total-2017")
    assert "value" not in s.props
    assert s.props["suppressed"] is True and s.props["suppressed_cells"] == 1
    assert str(s.props["counts"]).endswith(": <5 (1 suppressed cell)")  # never "at least 0"


def test_sark_has_no_iso3_code_and_is_recorded_under_guernsey(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = imported
    sark = [n for n in batch.nodes if n.label == "Statistic" and n.props.get("reported_as") == "Sark"]
    assert len(sark) == 11  # 26 rows: totals for 4 years, 7 form-of-exploitation figures
    assert {r.end for r in batch.rels if r.type == "ABOUT" and r.start in {n.id for n in sark}} == {"GGY"}
    assert summary["rows_without_a_detecting_country"] == {}


# --------------------------------------------------------------------------- duplicates


def test_exact_duplicate_rows_are_kept_once(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    _, summary = imported
    assert summary["exact_duplicate_rows_dropped"] == 1  # fixture lines 109-110


def test_repeated_keys_keep_the_largest_value(tmp_path: Path) -> None:
    # Bulgaria 2017 without its Total/Total row: Female/Total is 407 and 36,
    # Male/Total 59 and "<5". The largest of each is kept: 407 + 59 = 466.
    batch, summary = import_dataset("glotip", _slice(tmp_path, [111, 112, 113, 114]))
    s = _node(batch, "statistic:glotip-bgr-victims-total-total-2017")
    assert (s.props["value"], s.props["suppressed_cells"], s.props["basis"]) == (466, 0, "sum of sex groups")
    assert _evidence(batch, s.id)["locator"] == "rows 2, 4"
    assert summary["repeated_keys_with_different_values"] == 2
    assert summary["repeated_key_rows_dropped_(largest_value_kept)"] == 2
    assert summary["exact_duplicate_rows_dropped"] == 0


def test_with_a_total_row_the_repeated_breakdowns_do_not_matter(imported: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = imported
    assert _node(batch, "statistic:glotip-bgr-victims-total-total-2017").props["value"] == 505
    assert summary["repeated_keys_with_different_values"] == 2


# --------------------------------------------------------------------------- values


def test_parse_count() -> None:
    assert parse_count("6,112,019") == 6112019
    assert parse_count(" <5 ") is None
    for bad in ("", "12.5", "1,2", "-3", "five", "<4"):
        with pytest.raises(ValueError):
            parse_count(bad)


def test_text_values_are_never_taken_as_missing(tmp_path: Path) -> None:
    # Read with the csv module: "NA" and "N/A" stay text, never NaN.
    extra = [
        "TON,Tonga,Oceania,Polynesia,Detected trafficking victims,by citizenship,N/A,Total,Total,2017,Counts,<5,GLOTIP",
        "ZAF,South Africa,Africa,Sub-Saharan Africa,Detected trafficking victims,by citizenship,NA,Total,Total,2017,Counts,7,GLOTIP",
    ]
    batch, summary = import_dataset("glotip", _slice(tmp_path, [], extra))
    assert _node(batch, "flow:glotip-nam-zaf").props["year_victims"] == [7]
    assert summary["flow_rows_not_a_country"] == {"unknown": 1}


def test_mojibake_in_the_file_is_repaired(tmp_path: Path) -> None:
    extra = ["DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,TÃ¼rkiye,Total,Total,2020,Counts,12,GLOTIP"]
    batch, _ = import_dataset("glotip", _slice(tmp_path, [], extra))
    assert _node(batch, "flow:glotip-tur-deu").props["year_victims"] == [12]


def test_unmapped_names_are_reported_with_row_counts(tmp_path: Path) -> None:
    row = "DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,Atlantean,Total,Total,{y},Counts,<5,GLOTIP"
    _, summary = import_dataset("glotip", _slice(tmp_path, [55], [row.format(y=2020), row.format(y=2021)]))
    assert summary["unmapped"] == [{"name": "Atlantean", "rows": 2}]
    assert summary["flow_rows_to_a_country"] == 1


def test_bad_values_are_all_reported_and_nothing_is_returned(tmp_path: Path) -> None:
    extra = [
        "DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,China,Total,Total,2020,Counts,about 12,GLOTIP",
        "DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,China,Total,Total,20x1,Counts,3,GLOTIP",
    ]
    with pytest.raises(SourceValidationError) as exc:
        import_dataset("glotip", _slice(tmp_path, [55], extra))
    path = tmp_path / "glotip.csv"
    assert str(exc.value) == (
        f"{path}:3: column txtVALUE: 'about 12' is not a count: use a whole number "
        "(thousands commas allowed) or <5 for a suppressed cell (and 1 more problem)"
    )
    assert [p.line for p in exc.value.problems] == [3, 4]


# --------------------------------------------------------------------------- store


def test_reimport_replaces_the_batch(tmp_path: Path) -> None:
    store = MemoryStore(home=tmp_path)
    batch, _ = import_dataset("glotip", FIXTURE)
    first = store.load(batch)
    again = MemoryStore(home=tmp_path)
    again.load(import_dataset("glotip", FIXTURE)[0])
    assert MemoryStore(home=tmp_path).stats() == again.stats()
    assert again.batch_names() == ["glotip"]
    assert again.stats()["nodes"]["Flow"] == first.nodes["Flow"]
