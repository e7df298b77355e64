"""Every figure carries only its own data set's labels; small counts read "<5"; flows on
the repatriation basis; counts as of a year (issue 20).

Runs on tests/fixtures/glotip_routes_slice.csv and ctdc_routes_slice.csv (attributed
slices of the real files, see tests/fixtures/README.md): GLOTIP counts 1,686 Chinese
victims in the United States over all forms and both sexes (here: 21 + 271 + 366); CTDC
counts 5 records of Chinese women in sexual exploitation there; Myanmar reports victims
repatriated from China; China detected Armenian victims in 2014 in one suppressed cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.dashboard.deck.cells import Labels, figures_text, route_cells
from ctgraph.dashboard.tables import by_year_frame, cells_as_text, counted, routes_frame
from ctgraph.graph import analysis
from ctgraph.graph.figures import figure_labels
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.snapshot import build_graph
from ctgraph.ingest.registry import import_dataset
from tests.cli_helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GLOTIP = "source:unodc-glotip-2025"
CTDC = "source:ctdc-global-2020"


def _load(store: MemoryStore) -> MemoryStore:
    for kind, name in (("glotip", "glotip_routes_slice.csv"), ("ctdc", "ctdc_routes_slice.csv")):
        batch, _ = import_dataset(kind, FIXTURES / name)
        store.load(batch)
    return store


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return _load(MemoryStore(home=None))


@pytest.fixture()
def cli_home(home: Path) -> Path:
    _load(MemoryStore(home=home))
    return home


def _by_ds(route: Any) -> dict[tuple[str, str], Any]:
    return {(c["dataset"], c["basis"]): c for c in route["corroboration"]}


def _route(store: MemoryStore, o: str, d: str, **kw: Any) -> Any:
    found = store.routes(origin=o, destination=d, **kw)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- 1. labels per data set


def test_ctdc_labels_stay_on_ctdc_figure_and_never_on_the_glotip_total(store: MemoryStore) -> None:
    r = _route(store, "CHN", "USA")
    figs = _by_ds(r)
    glotip, ctdc = figs[(GLOTIP, "citizenship")], figs[(CTDC, "citizenship")]
    assert glotip["victims"] == 21 + 271 + 366
    assert (glotip["forms"], glotip["profile"], glotip["covers"]) == ([], [], "all forms, both sexes")
    assert ctdc["victims"] == 5
    assert ctdc["forms"] == [{"label": "sexual_exploitation", "count": 5}]
    assert ctdc["profile"] == [{"label": "women", "count": 5}]
    # the route's own labels are the text sources' only: none here
    assert (r["exploitation"], r["victims"]) == ([], [])
    # ... yet the exploitation filter still finds it through CTDC's own count
    assert store.routes(origin="CHN", destination="USA", exploitation="sexual_exploitation")


def test_every_view_writes_labels_next_to_their_own_figure(store: MemoryStore) -> None:
    r = _route(store, "CHN", "USA")
    names = {"CHN": "China", "USA": "United States", GLOTIP: "GLOTIP", CTDC: "CTDC"}
    row = routes_frame([r], names).to_dict("records")[0]
    assert "658" in row["GLOTIP"] and row["GLOTIP"].endswith("(all forms, both sexes)")
    assert "women" in row["CTDC"] and "women" not in row["GLOTIP"]
    assert "women" not in row["exploitation"] and "sexual" not in row["exploitation"]
    deck = figures_text(r["corroboration"], Labels(names, sources={GLOTIP: "GLOTIP", CTDC: "CTDC"}))
    glotip_part, ctdc_part = deck.split("; CTDC")
    assert glotip_part.startswith("GLOTIP 2007–2019: ") and glotip_part.endswith("658 (all forms, both sexes)")
    assert ctdc_part.startswith(" 2017–2018: ") and ctdc_part.endswith("5 (sexual exploitation 5; women 5)")
    who_what = route_cells(r, Labels(names, sources={GLOTIP: "GLOTIP", CTDC: "CTDC"}))[1]
    assert "women" not in who_what and "sexual" not in who_what


def test_cli_routes_table_puts_labels_on_their_own_data_set(
    capsys: pytest.CaptureFixture[str], cli_home: Path
) -> None:
    res = run_cli(capsys, "routes", "--from", "CHN", "--to", "USA")
    assert res.code == 0, res.err
    # the last column of the one-row table, its wrapped lines joined
    cell = " ".join(line.split("│")[-2].strip() for line in res.out.splitlines() if line.count("│") > 2)
    ctdc, glotip = cell.split("; UNODC GLOTIP")
    assert glotip.endswith("658 (all forms, both sexes)")
    assert ctdc.endswith("5 (sexual exploitation 5; women 5)")  # CTDC's labels, on CTDC's own 5
    assert "not stated in text" in res.out  # the route's own column holds no data set's labels


# --------------------------------------------------------------------------- 2. small counts


def test_a_suppressed_count_reads_lt5_in_every_table(store: MemoryStore) -> None:
    r = _route(store, "ARM", "CHN")
    assert r["weight"]["victims"] == 0 and r["corroboration"][0]["suppressed_cells"] == 1
    assert counted(r) == "<5"
    names = {GLOTIP: "GLOTIP"}
    row = routes_frame([r], names).to_dict("records")[0]
    assert row["victims counted"] == "<5" and "<5" in row["GLOTIP"] and "0" not in row["GLOTIP"].replace("2014", "")
    assert by_year_frame(r, names)["victims (published)"].tolist() == ["<5"]
    assert figures_text(r["corroboration"], Labels({}, sources={GLOTIP: "GLOTIP"})).startswith("GLOTIP 2014: <5")
    assert route_cells(r, Labels({}, sources={GLOTIP: "GLOTIP"}))[3].startswith("GLOTIP 2014: <5")


def test_no_count_reads_as_words_never_0_or_none() -> None:
    route = {"weight": {"victims": 0, "evidence": 1}, "corroboration": []}
    assert counted(route) == "no count published"
    shown = cells_as_text(routes_frame([{  # type: ignore[list-item]
        "source": "A", "destination": "B", "hops": ["A", "B"], "exploitation": [], "victims": [], "evidence": [],
        "coverage": "none", "instruments": [], "link": None, "weight": {"victims": 0, "evidence": 1},
        "internal": False, "legs": [], "corroboration": []}], {}))
    assert shown["victims counted"].tolist() == ["no count published"]


# --------------------------------------------------------------------------- 3. repatriation basis


def test_repatriation_rows_become_a_flow_with_its_basis(store: MemoryStore) -> None:
    r = _route(store, "MMR", "CHN")
    (c,) = r["corroboration"]
    assert (c["dataset"], c["basis"]) == (GLOTIP, "repatriation")
    assert c["counts"] == "victims repatriated from China, reported by Myanmar"
    assert c["victims"] == 254 + 259 + 282 and c["suppressed_cells"] == 1
    assert figure_labels(c).startswith("victims repatriated from China, reported by Myanmar")
    assert "MMR" in [x["source"] for x in store.country("CHN")["flows_in"]]


def test_cli_routes_json_returns_the_repatriation_flow(capsys: pytest.CaptureFixture[str], cli_home: Path) -> None:
    res = run_cli(capsys, "routes", "--from", "MMR", "--to", "CHN", "--json")
    assert res.code == 0, res.err
    (r,) = res.json()
    assert [(c["basis"], c["counts"]) for c in r["corroboration"]] == [
        ("repatriation", "victims repatriated from China, reported by Myanmar")
    ]


def test_two_bases_of_one_data_set_are_never_added() -> None:
    flow = {"dataset": GLOTIP, "years": [2018], "year_suppressed": [0], "scope": "cross_border"}
    G = build_graph(
        [("Country", c, {"iso3": c, "name": c}) for c in ("MMR", "CHN")]
        + [("Flow", "flow:a", {**flow, "victims_count": 40, "year_victims": [40], "basis": "citizenship"}),
           ("Flow", "flow:b", {**flow, "victims_count": 250, "year_victims": [250], "basis": "repatriation"})],
        [("FROM", f, "MMR", "", {}) for f in ("flow:a", "flow:b")] + [("TO", f, "CHN", "", {}) for f in ("flow:a", "flow:b")],
    )
    (r,) = analysis.routes(G, origin="MMR")
    assert sorted((c["basis"], c["victims"]) for c in r["corroboration"]) == [("citizenship", 40), ("repatriation", 250)]
    assert r["weight"]["victims"] == 250  # the largest, never 290
    row = routes_frame([r], {GLOTIP: "GLOTIP"}).to_dict("records")[0]
    assert row["GLOTIP"] == "2018: 40" and row["GLOTIP, repatriated"] == "2018: 250"


# --------------------------------------------------------------------------- 4. counts as of a year


def test_counts_stop_at_the_as_of_year(store: MemoryStore) -> None:
    r = _route(store, "CHN", "USA", as_of="2009")
    (c,) = r["corroboration"]  # CTDC counted nothing by 2009
    assert (c["dataset"], c["victims"], c["years"]) == (GLOTIP, 21, [2007, 2007])
    assert [y["year"] for y in c["by_year"]] == [2007]
    assert r["weight"]["victims"] == 21
    # a pair only data sets state, first counted after the day, is not shown then
    assert store.routes(origin="MMR", destination="CHN", as_of="2009") == []
    assert "MMR" not in [x["source"] for x in store.country("CHN", as_of="2009")["flows_in"]]


# --------------------------------------------------------------------------- 4b. statistics and tiers as of a year


def test_statistics_and_tiers_stop_at_the_as_of_year() -> None:
    G = build_graph(
        [("Country", "CHN", {"iso3": "CHN", "name": "China"}),
         ("Statistic", "statistic:a", {"counts": "victims, 2008", "value": 9, "unit": "people", "year": 2008}),
         ("Statistic", "statistic:b", {"counts": "victims, 2015", "value": 7, "unit": "people", "year": 2015}),
         ("TipTier", "tier:a", {"year": 2009, "tier": "2", "tier_label": "Tier 2", "rank": 2}),
         ("TipTier", "tier:b", {"year": 2012, "tier": "3", "tier_label": "Tier 3", "rank": 4})],
        [("ABOUT", x, "CHN", "", {}) for x in ("statistic:a", "statistic:b", "tier:a", "tier:b")],
    )
    p = analysis.country_profile(G, "CHN", as_of="2009")
    assert [s["year"] for s in p["statistics"]] == [2008]
    assert [t["year"] for t in p["tip_tiers"]] == [2009]
    assert len(analysis.country_profile(G, "CHN")["statistics"]) == 2


# --------------------------------------------------------------------------- 5. whom to call about X -> Y


def _contacts_graph() -> Any:
    nodes = [("Country", c, {"iso3": c, "name": n}) for c, n in (("ALB", "Albania"), ("GBR", "United Kingdom"),
                                                                 ("CHN", "China"), ("THA", "Thailand"))]
    nodes += [
        ("Agency", "agency:home-office", {"name": "Home Office", "role": "national referral"}),
        ("Agency", "agency:albanian-police", {"name": "Albanian State Police", "role": "cases with the United Kingdom"}),
        ("Expert", "expert:posted-bangkok", {"name": "A", "role": "UK officer in Bangkok for Thai cases"}),
        ("Expert", "expert:posted-tirana", {"name": "B", "role": "UK liaison officer in Tirana"}),
        ("Expert", "expert:london", {"name": "C", "role": "analyst"}),
        ("Challenge", "challenge:pair", {"description": "Slow exchange between Albania and the UK"}),
        ("Challenge", "challenge:third", {"description": "WeChat recruitment of Thai nationals"}),
        ("Flow", "flow:alb-gbr", {"exploitation": [], "victims": [], "scope": "cross_border"}),
    ]
    rels = [
        ("BASED_IN", "agency:home-office", "GBR", "", {}), ("BASED_IN", "agency:albanian-police", "ALB", "", {}),
        ("BASED_IN", "expert:posted-bangkok", "THA", "", {}), ("WORKS_FOR", "expert:posted-bangkok", "agency:home-office", "", {}),
        ("BASED_IN", "expert:posted-tirana", "ALB", "", {}), ("WORKS_FOR", "expert:posted-tirana", "agency:home-office", "", {}),
        ("BASED_IN", "expert:london", "GBR", "", {}), ("WORKS_FOR", "expert:london", "agency:home-office", "", {}),
        ("CONCERNS", "challenge:pair", "ALB", "", {}), ("CONCERNS", "challenge:pair", "GBR", "", {}),
        ("CONCERNS", "challenge:third", "GBR", "", {}), ("CONCERNS", "challenge:third", "THA", "", {}),
        ("FROM", "flow:alb-gbr", "ALB", "", {}), ("TO", "flow:alb-gbr", "GBR", "", {}),
    ]
    return build_graph(nodes, rels)


def test_contacts_are_those_of_the_route_ranked_by_how_closely_they_touch_it() -> None:
    b = analysis.route_brief(_contacts_graph(), "ALB", "GBR")
    experts = [e["id"] for e in b["experts"]]
    assert "expert:posted-bangkok" not in experts  # posted in a third country: not this route's contact
    assert experts[0] == "expert:posted-tirana"  # one side's liaison officer posted in the other
    assert [a["id"] for a in b["agencies"]][0] == "agency:albanian-police"  # its role names the other side
    assert [c["id"] for c in b["challenges"]] == ["challenge:pair"]  # never a challenge about a third country
