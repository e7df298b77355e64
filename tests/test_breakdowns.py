"""Victims by sex and by age group, as GLOTIP and CTDC publish them, on the committed slices.

The breakdown is a label of a figure (GLOTIP's Sex/Age cells of a Total row, CTDC's
records per gender and age band), kept beside it and never added to it: the figure
is what it was, "<5" stays "<5", and both stores answer the same (the breakdown is
properties of the Statistic or Flow). Fixture lines: tests/fixtures/README.md.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ctgraph.dashboard.charts import route_group_points, series_chart, series_frame
from ctgraph.graph.analysis import groups_over_time
from ctgraph.graph.batch import GraphBatch, NodeRecord
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.ctdc import age_group
from ctgraph.ingest.registry import import_dataset

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def glotip() -> GraphBatch:
    return import_dataset("glotip", FIXTURES / "glotip_slice.csv")[0]


@pytest.fixture(scope="module")
def ctdc() -> GraphBatch:
    return import_dataset("ctdc", FIXTURES / "ctdc_slice.csv")[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, glotip: GraphBatch, ctdc: GraphBatch) -> MemoryStore:
    s = MemoryStore(home=tmp_path_factory.mktemp("home"))
    s.load(glotip)
    s.load(ctdc)
    return s


def _node(batch: GraphBatch, ident: str) -> NodeRecord:
    (n,) = [n for n in batch.nodes if n.id == ident]
    return n


def _groups(props: dict[str, Any], dim: str) -> list[tuple[int, str, str]]:
    return list(zip(props.get(f"{dim}_years", []), props.get(f"{dim}_groups", []), props.get(f"{dim}_values", [])))


def _published_cells(iso3: str, indicator: str, year: str) -> dict[tuple[str, str], list[str]]:
    """The slice's own (Sex, Age) cells of a country's total, read straight from the file."""
    out: dict[tuple[str, str], list[str]] = {}
    with open(FIXTURES / "glotip_slice.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if (r["Iso3_code"], r["Indicator"], r["Dimension"], r["Year"]) == (iso3, indicator, "Total", year):
                out.setdefault((r["Sex"], r["Age"]), []).append(r["txtVALUE"])
    return out


def test_bulgaria_keeps_its_sex_cells_beside_the_total_not_in_it(glotip: GraphBatch) -> None:
    # lines 20, 111-114: Total/Total 505; Female/Total 407 and 36, Male/Total 59 and <5 (repeated keys)
    cells = _published_cells("BGR", "Detected trafficking victims", "2017")
    p = dict(_node(glotip, "statistic:glotip-bgr-victims-total-total-2017").props)
    assert p["value"] == int(cells[("Total", "Total")][0])  # the figure is the Total row, nothing added
    sex = {g: v for _, g, v in _groups(p, "sex")}
    # the repeated key keeps its largest published value, as the figure's rule does
    assert sex == {"Female": max(cells[("Female", "Total")], key=int), "Male": "59"}
    assert "age_groups" not in p  # the slice has no Bulgarian age cells: none invented


def test_suppressed_cells_stay_suppressed_and_age_groups_are_the_sex_total_rows(glotip: GraphBatch) -> None:
    sark = dict(_node(glotip, "statistic:glotip-ggy-sark-victims-total-total-2018").props)
    assert _groups(sark, "sex") == [(2018, "Female", "5"), (2018, "Male", "<5")]
    # Dominican Republic 2018 formal contact (lines 40-42, 115-116): no Total/Total; the age group is the figure
    dom = dict(_node(glotip, "statistic:glotip-dom-formal-contact-total-total-2018").props)
    cells = _published_cells("DOM", "Persons brought into formal contact", "2018")
    assert _groups(dom, "age") == [(2018, "18 years or over", cells[("Total", "18 years or over")][0])]
    assert {g for _, g, _ in _groups(dom, "sex")} == {"Female", "Male"}
    # sex-by-age cells (Female / 18 years or over) are neither a sex nor an age group: not shown as one
    assert ("Female", "18 years or over") in cells and len(_groups(dom, "sex")) == 2


def test_ctdc_records_per_year_fall_into_exactly_one_sex_and_one_age_group(ctdc: GraphBatch) -> None:
    flows = [n for n in ctdc.nodes if n.label == "Flow"]
    assert flows
    for f in flows:
        p = dict(f.props)
        per_year = dict(zip(p["years"], p["year_victims"]))
        for dim in ("sex", "age"):
            summed: Counter[int] = Counter()
            for y, _, v in _groups(p, dim):
                summed[y] += int(v)
            assert dict(summed) == {y: v for y, v in per_year.items() if v}, (f.id, dim)


def test_ctdc_groups_are_the_records_own_gender_and_age(ctdc: GraphBatch) -> None:
    want: Counter[tuple[str, str]] = Counter()
    with open(FIXTURES / "ctdc_slice.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if (r["citizenship"], r["CountryOfExploitation"]) == ("KH", "CN"):
                want[("sex", r["gender"])] += 1
                want[
                    ("age", {"child": "0 to 17 years", "adult": "18 years or over"}[age_group(r["ageBroad"]) or ""])
                ] += 1
    p = dict(_node(ctdc, "flow:ctdc-khm-chn").props)
    got = Counter({(dim, g): int(v) for dim in ("sex", "age") for _, g, v in _groups(p, dim)})
    assert got == want


def test_the_profile_charts_glotip_cells_and_ctdc_records_as_separate_series(store: MemoryStore) -> None:
    bgr = groups_over_time(store.country("BGR"), "sex")
    assert {(x["series"], x["year"], x["victims"], x["suppressed_cells"]) for x in bgr} == {
        ("Female", 2017, 407, 0),
        ("Male", 2017, 59, 0),
    }
    sark = groups_over_time(store.country("GGY"), "sex")
    male_2019 = [x for x in sark if (x["series"], x["year"]) == ("Male", 2019)]
    assert [(x["victims"], x["suppressed_cells"]) for x in male_2019] == [(0, 1)]
    frame = series_frame(sark, {})
    assert frame.loc[(frame["series"] == "Male") & (frame["year"] == 2019), "shown"].tolist() == ["<5"]
    assert frame.loc[(frame["series"] == "Male") & (frame["year"] == 2019), "value"].isna().all()  # never 0
    chn = groups_over_time(store.country("CHN"), "age")  # CTDC records exploited in China
    assert chn and {x["dataset"] for x in chn} == {"source:ctdc-global-2020"}


def test_the_route_charts_each_data_sets_groups(store: MemoryStore) -> None:
    (route,) = [r for r in store.routes(origin="KHM", destination="CHN") if r["destination"] == "CHN"]
    points = route_group_points(route, "sex")
    (c,) = [c for c in route["corroboration"] if c["dataset"] == "source:ctdc-global-2020"]
    assert sum(x["victims"] for x in points) == c["victims"]  # every dated record in one sex group, none twice
    spec = series_chart(points, {}, colour_by="series", name="route-sex")
    assert spec is not None and {d["series"] for d in spec["datasets"]["route-sex"]} == {x["series"] for x in points}


def test_as_of_a_year_the_groups_stop_there_too(store: MemoryStore) -> None:
    # UKR -> RUS has CTDC records in 2005 and 2014: as of 2010 only the 2005 groups are left
    (now,) = store.routes(origin="UKR", destination="RUS")
    (then,) = store.routes(origin="UKR", destination="RUS", as_of="2010-12-31")
    assert {x["year"] for x in route_group_points(now, "age")} == {2005, 2014}
    assert {x["year"] for x in route_group_points(then, "age")} == {2005}
    assert sum(x["victims"] for x in route_group_points(then, "sex")) == then["corroboration"][0]["victims"]
