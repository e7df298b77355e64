"""Checks on the full GLOTIP and CTDC files (../shared/data); skipped with a message when absent.

Counts are cross-checked against an independent, plain ``csv`` computation
from the raw file, not against the reader's own output.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.registry import import_dataset

pytestmark = pytest.mark.realdata

GLOTIP = "unodc-glotip-2025/data_glotip_2025.csv"
CTDC = "ctdc-global-2020-extract/ctdc_global_2020_extract.csv"

_cache: dict[str, tuple[GraphBatch, dict[str, Any], float]] = {}


def _import(shared: Path, kind: str, rel: str) -> tuple[GraphBatch, dict[str, Any], float]:
    if kind not in _cache:
        t = time.perf_counter()
        batch, summary = import_dataset(kind, shared / rel)
        _cache[kind] = (batch, summary, time.perf_counter() - t)
    return _cache[kind]


def _raw(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_glotip_imports_completely_with_a_near_empty_unmapped_report(shared_data: Path) -> None:
    batch, s, seconds = _import(shared_data, "glotip", GLOTIP)
    assert seconds < 60
    assert s["rows"] == 58_769
    assert s["unmapped"] == []
    assert s["flow_rows"] == 8_851
    # Every row naming one state maps, except Kosovo (no ISO 3166 code) and former states.
    assert s["flow_rows_naming_one_state_mapped_pct"] >= 99.0
    # "Unknown", regions, "TOTAL"... are not countries: 2.5 % of the flow rows.
    assert s["flow_rows_to_a_country_pct"] >= 97.0
    assert s["exact_duplicate_rows_dropped"] == 336
    assert s["rows_without_a_detecting_country"] == {}
    counts = batch.counts().nodes
    # flows by citizenship and, on their own basis, by country of repatriation (never added together)
    assert s["repatriation_flows"] > 0
    assert counts["Flow"] == s["flows"] + s["repatriation_flows"] and counts["Statistic"] == s["statistics"]


def test_glotip_flow_counts_match_a_plain_csv_computation(shared_data: Path) -> None:
    batch, _, _ = _import(shared_data, "glotip", GLOTIP)
    rows = _raw(shared_data / GLOTIP)
    for dest, names, flow_id in [
        ("FRA", {"China", "Chinese"}, "flow:glotip-chn-fra"),
        ("USA", {"China", "Chinese"}, "flow:glotip-chn-usa"),
        ("GBR", {"China", "Chinese"}, "flow:glotip-chn-gbr"),
        ("DEU", {"Romania", "Romanian"}, "flow:glotip-rou-deu"),
    ]:
        cells = [
            r["txtVALUE"]
            for r in rows
            if r["Iso3_code"] == dest
            and r["Indicator"] == "Detected trafficking victims"
            and r["Dimension"] == "by citizenship"
            and r["Category"] in names
            and (r["Sex"], r["Age"]) == ("Total", "Total")
        ]
        published = sum(int(v.replace(",", "")) for v in cells if v != "<5")
        suppressed = sum(1 for v in cells if v == "<5")
        (flow,) = [n for n in batch.nodes if n.id == flow_id]
        assert (flow.props["victims_count"], flow.props["suppressed_cells"]) == (published, suppressed), flow_id


def test_glotip_namibia_and_nationals(shared_data: Path) -> None:
    batch, _, _ = _import(shared_data, "glotip", GLOTIP)
    ids = {n.id for n in batch.nodes}
    assert {"NAM", "flow:glotip-nam-nam", "flow:glotip-nam-deu"} <= ids
    internal = [n for n in batch.nodes if n.label == "Flow" and n.props["scope"] == "internal"]
    assert len(internal) > 100


def test_ctdc_counts_every_record_once(shared_data: Path) -> None:
    batch, s, seconds = _import(shared_data, "ctdc", CTDC)
    assert seconds < 60
    rows = _raw(shared_data / CTDC)
    assert s["records"] == len(rows) == 48_773
    assert s["unmapped"] == []
    cit = Counter(r["citizenship"] for r in rows)
    assert s["records_citizenship_unknown"]["0 (unknown)"] == cit["0"]
    in_flows = sum(int(n.props["victims_count"]) for n in batch.nodes if n.label == "Flow")  # type: ignore[arg-type]
    known = sum(
        1
        for r in rows
        if r["citizenship"] not in ("", "0", "-99") and r["CountryOfExploitation"] not in ("", "0", "-99")
    )
    assert in_flows == s["records_in_country_flows"] == known
    (phl,) = [n for n in batch.nodes if n.id == "flow:ctdc-phl-phl"]
    assert phl.props["victims_count"] == sum(
        1 for r in rows if r["citizenship"] == "PH" and r["CountryOfExploitation"] == "PH"
    )


@pytest.mark.slow
def test_scoped_answers_equal_whole_graph_answers_on_real_data(shared_data: Path, tmp_path: Path) -> None:
    """A question reads only its scope; its answer equals the answer computed on
    the whole graph (speed is measured in benchmarks/bench_stores.py)."""
    from ctgraph.graph import analysis
    from ctgraph.graph.snapshot import Scope

    store = MemoryStore(home=tmp_path)
    store.load(_import(shared_data, "glotip", GLOTIP)[0])
    store.load(_import(shared_data, "ctdc", CTDC)[0])
    whole = store.snapshot(Scope.everything())
    store._whole = None  # ask the file, not the cached whole graph
    for iso3 in ("CHN", "GBR", "NGA", "USA", "THA"):
        assert store.country(iso3) == analysis.country_profile(whole, iso3), iso3
        assert store.gaps(country=iso3) == analysis.gaps(whole, country=iso3), iso3
        assert store.routes(origin=iso3, max_hops=2) == analysis.routes(whole, origin=iso3, max_hops=2), iso3
    store._whole = None
    assert store.gaps() == analysis.gaps(whole)
    fra = [r for r in store.country("CHN")["flows_out"] if r["destination"] == "FRA"]
    assert [c["dataset"] for c in fra[0]["corroboration"]] == ["source:unodc-glotip-2025"]
