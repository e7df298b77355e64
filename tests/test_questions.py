"""The meanings defined once in graph/: dated coverage, evidenced chains, onward
connections, drafts, and scoped reads that give the whole graph's answers."""

from __future__ import annotations

from typing import Any

import pytest

from ctgraph.graph import analysis
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.snapshot import Scope, graph_from_batches
from ctgraph.ingest.synthetic import synthetic_batch

S = "source:t"


def _base(nodes: list[NodeRecord], rels: list[RelRecord]) -> GraphBatch:
    countries = ["AAA", "BBB", "CCC", "DDD", "EEE"]
    return GraphBatch(
        "t",
        [
            NodeRecord("Source", S, {"title": "t", "kind": "report", "publisher": "p", "date": "2018-01"}),
            *[NodeRecord("Country", c, {"iso3": c, "name": c.title()}) for c in countries],
            *nodes,
        ],
        rels,
    )


def _flow(fid: str, o: str, d: str, quote: str, **props: Any) -> tuple[list[NodeRecord], list[RelRecord]]:
    return (
        [NodeRecord("Flow", fid, {"victims": [], "exploitation": ["forced_labour"], "scope": "cross_border", **props})],
        [
            RelRecord("FROM", fid, o),
            RelRecord("TO", fid, d),
            RelRecord("EVIDENCE", fid, S, "0", {"quote": quote, "locator": f"para {fid}"}),
        ],
    )


def _treaty(parties: dict[str, dict[str, Any]], kind: str = "multilateral") -> tuple[list[NodeRecord], list[RelRecord]]:
    return (
        [NodeRecord("Agreement", "agreement:treaty", {"title": "Treaty", "kind": kind, "status": "signed", "in_force": "2003-12-25"})],
        [RelRecord("PARTY", "agreement:treaty", p, "", terms) for p, terms in parties.items()],
    )


# --------------------------------------------------------------------------- dated coverage


def test_a_party_binds_from_its_own_date_and_the_answer_says_since_when() -> None:
    n, r = _treaty({"AAA": {"since": "2003-12-25"}, "BBB": {"since": "2010-03-10"}})
    G = graph_from_batches([_base(n, r)])
    level, found = analysis.coverage(G, "AAA", "BBB")
    assert level.value == "multilateral" and found[0]["since"] == "2010-03-10"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2009")[0].value == "none"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2010-03-09")[0].value == "none"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2010-03-10")[0].value == "multilateral"


def test_until_is_the_last_day_bound_and_signed_only_binds_nothing() -> None:
    n, r = _treaty(
        {"AAA": {"since": "2011-04-15"}, "BBB": {"since": "2011-04-15", "until": "2020-12-31"},
         "CCC": {"signed": "2000-12-12", "bound": False}},
        kind="regional",
    )
    G = graph_from_batches([_base(n, r)])
    assert analysis.coverage(G, "AAA", "BBB", as_of="2020-12-31")[0].value == "regional"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2021-01-01")[0].value == "none"
    assert analysis.coverage(G, "AAA", "CCC")[0].value == "none"


def test_a_year_only_date_binds_from_the_end_of_that_year() -> None:
    n, r = _treaty({"AAA": {"since": "2014"}, "BBB": {"since": "2014"}})
    G = graph_from_batches([_base(n, r)])
    assert analysis.coverage(G, "AAA", "BBB", as_of="2014-06-30")[0].value == "none"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2014")[0].value == "multilateral"


def test_a_bloc_party_that_binds_no_members_covers_no_member_pair() -> None:
    nodes = [
        NodeRecord("Region", "region:eu", {"name": "European Union", "kind": "bloc"}),
        NodeRecord("Agreement", "agreement:un", {"title": "UN", "kind": "multilateral", "status": "signed"}),
        NodeRecord("Agreement", "agreement:bloc", {"title": "Bloc", "kind": "regional", "status": "signed"}),
    ]
    rels = [
        RelRecord("MEMBER_OF", "AAA", "region:eu", "", {"source": S}),
        RelRecord("MEMBER_OF", "BBB", "region:eu", "", {"source": S}),
        RelRecord("PARTY", "agreement:un", "region:eu", "", {"since": "2006", "members_bound": False}),
        RelRecord("PARTY", "agreement:un", "CCC", "", {"since": "2006"}),
    ]
    G = graph_from_batches([_base(nodes, rels)])
    assert analysis.coverage(G, "AAA", "BBB")[0].value == "none"  # membership alone is not coverage
    G2 = graph_from_batches([_base(nodes, [*rels, RelRecord("PARTY", "agreement:bloc", "region:eu", "", {"since": "2011"}),
                                                RelRecord("PARTY", "agreement:bloc", "DDD", "", {"since": "2011"})])])
    assert analysis.coverage(G2, "AAA", "BBB")[0].value == "regional"


def test_status_history_counts_negotiating_then_signed_from_their_dates() -> None:
    nodes = [NodeRecord("Agreement", "agreement:mou", {"title": "MoU", "kind": "bilateral", "status": "signed"})]
    rels = [
        RelRecord("PARTY", "agreement:mou", "AAA"),
        RelRecord("PARTY", "agreement:mou", "BBB"),
        RelRecord("STATUS", "agreement:mou", S, "0", {"status": "negotiating", "date": "2018-01", "quote": "talks", "locator": "p1"}),
        RelRecord("STATUS", "agreement:mou", S, "1", {"status": "signed", "date": "2018-11-02", "quote": "signed", "locator": "p2"}),
    ]
    G = graph_from_batches([_base(nodes, rels)])
    assert analysis.coverage(G, "AAA", "BBB", as_of="2017")[0].value == "none"
    assert analysis.coverage(G, "AAA", "BBB", as_of="2018-06")[0].value == "negotiating"
    level, found = analysis.coverage(G, "AAA", "BBB", as_of="2018-11-02")
    assert level.value == "bilateral" and found[0]["since"] == "2018-11-02"
    (a,) = analysis.agreements(G, as_of="2018-06")
    # as it stood in June 2018: the November signature is not known yet
    assert a["status"] == "negotiating" and [h["status"] for h in a["status_history"]] == ["negotiating"]
    (a,) = analysis.agreements(G, as_of="2018-11-02")
    assert a["status"] == "signed" and [h["status"] for h in a["status_history"]] == ["negotiating", "signed"]


def test_per_year_counts_say_whether_the_pair_was_covered_that_year() -> None:
    n, r = _treaty({"AAA": {"since": "2003-12-25"}, "BBB": {"since": "2010-03-10"}})
    fn, fr = _flow("flow:ds", "BBB", "AAA", "rows 2-4", dataset=S, victims_count=30, suppressed_cells=1,
                   year_first=2009, year_last=2011, years=[2009, 2010, 2011], year_victims=[10, 0, 20], year_suppressed=[0, 1, 0])
    G = graph_from_batches([_base(n + fn, r + fr)])
    (route,) = analysis.routes(G)
    assert [(y["year"], y["coverage"]) for y in route["corroboration"][0]["by_year"]] == [
        (2009, "none"), (2010, "multilateral"), (2011, "multilateral")]
    assert route["weight"] == {"victims": 30, "evidence": 0}  # data rows are counted as victims, not as text evidence


def test_multilateral_only_pairs_are_gaps_that_say_so() -> None:
    n, r = _treaty({"AAA": {"since": "2003"}, "BBB": {"since": "2003"}})
    fn, fr = _flow("flow:ab", "AAA", "BBB", "a to b")
    (gap,) = analysis.gaps(graph_from_batches([_base(n + fn, r + fr)]))
    assert gap["coverage"] == "multilateral" and gap["explanation"].startswith("Only Treaty (multilateral")


# --------------------------------------------------------------------------- routes


def test_chains_exist_only_where_the_sources_link_the_legs() -> None:
    f1n, f1r = _flow("flow:ab", "AAA", "BBB", "victims from A taken to B")
    f2n, f2r = _flow("flow:bc", "BBB", "CCC", "the same victims moved on from B to C")
    f3n, f3r = _flow("flow:bd", "BBB", "DDD", "others from B go to D")
    linked = [RelRecord("CONTINUES", "flow:bc", "flow:ab")]
    G = graph_from_batches([_base(f1n + f2n + f3n, f1r + f2r + f3r + linked)])
    chains = [r for r in analysis.routes(G, origin="AAA", max_hops=3) if len(r["hops"]) > 2]
    assert [r["hops"] for r in chains] == [["AAA", "BBB", "CCC"]]  # not A -> B -> D: nothing links those legs
    assert chains[0]["link"] == "same_victims"
    assert {e["quote"] for e in chains[0]["evidence"]} == {"victims from A taken to B", "the same victims moved on from B to C"}
    onward = analysis.onward(G, origin="AAA")
    assert {(c["inbound"]["source"], c["via"], c["onward"]["destination"]) for c in onward} == {
        ("AAA", "BBB", "CCC"), ("AAA", "BBB", "DDD")}


def test_a_route_is_as_weak_as_its_weakest_leg() -> None:
    n, r = _treaty({"AAA": {"since": "2003"}, "CCC": {"since": "2003"}, "BBB": {"since": "2003"}}, kind="bilateral")
    fn, fr = _flow("flow:ac", "AAA", "CCC", "from A through B to C")
    via = [RelRecord("VIA", "flow:ac", "BBB", "0"), RelRecord("PARTY", "agreement:treaty", "EEE")]
    G = graph_from_batches([_base(n + fn, r + fr + via)])
    (chain,) = [x for x in analysis.routes(G, max_hops=2) if len(x["hops"]) == 3]
    assert chain["hops"] == ["AAA", "BBB", "CCC"] and chain["link"] == "transit"
    assert [leg["coverage"] for leg in chain["legs"]] == ["bilateral", "bilateral"]
    G2 = graph_from_batches([_base(fn, fr + [RelRecord("VIA", "flow:ac", "BBB", "0")])])
    (chain2,) = [x for x in analysis.routes(G2, max_hops=2) if len(x["hops"]) == 3]
    assert chain2["coverage"] == "none"


def test_routes_rank_by_the_stated_key() -> None:
    a = _flow("flow:ab", "AAA", "BBB", "q1")
    b = _flow("flow:cd", "CCC", "DDD", "q2")
    c = _flow("flow:ds", "EEE", "DDD", "rows 2", dataset=S, victims_count=500, suppressed_cells=0,
              year_first=2020, year_last=2020, years=[2020], year_victims=[500], year_suppressed=[0])
    G = graph_from_batches([_base(a[0] + b[0] + c[0], a[1] + b[1] + c[1])])
    assert [r["source"] for r in analysis.routes(G)] == ["EEE", "AAA", "CCC"]
    assert [r["source"] for r in analysis.routes(G, sort="name")] == ["AAA", "CCC", "EEE"]
    assert [r["source"] for r in analysis.routes(G, top=1)] == ["EEE"]
    with pytest.raises(ValueError, match="unknown sort key 'size'"):
        analysis.routes(G, sort="size")


def test_drafts_stay_out_unless_asked_for_and_are_marked() -> None:
    fn, fr = _flow("flow:draft", "AAA", "BBB", "a drafted sentence", draft=True)
    batch = _base(fn, fr)
    assert analysis.routes(graph_from_batches([batch])) == []
    (r,) = analysis.routes(graph_from_batches([batch], include_drafts=True))
    assert r["evidence"][0]["draft"] is True
    store = MemoryStore()
    store.load(batch)
    assert store.routes() == [] and store.search_evidence("drafted") == []
    store.include_drafts = True
    assert [x["source"] for x in store.routes()] == ["AAA"]


# --------------------------------------------------------------------------- scoped reads


@pytest.fixture(scope="module")
def synthetic_store() -> MemoryStore:
    store = MemoryStore()
    store.load(synthetic_batch(3000, seed=1))
    return store


@pytest.mark.slow  # every question on generated data, scoped and whole (about 10 s)
def test_scoped_snapshots_give_the_whole_graphs_answers(synthetic_store: MemoryStore, seed_store: MemoryStore) -> None:
    for store in (seed_store, synthetic_store):
        whole = store.snapshot(Scope.everything())
        store._whole = None  # read scoped from the file, not from the cached whole graph
        countries = [n["id"] for n in store.nodes("Country")][:: max(1, len(store.nodes("Country")) // 12)]
        for c in [*countries, "CHN"]:
            assert store.country(c) == analysis.country_profile(whole, c), c
            assert store.gaps(country=c) == analysis.gaps(whole, country=c), c
            assert store.routes(origin=c, max_hops=3) == analysis.routes(whole, origin=c, max_hops=3), c
            assert store.routes(destination=c, max_hops=3) == analysis.routes(whole, destination=c, max_hops=3), c
            assert store.next_instrument(c) == analysis.next_instrument(whole, c), c
            store._whole = None
        assert store.agreements() == analysis.agreements(whole)
        assert store.gaps() == analysis.gaps(whole)


def test_a_store_holds_only_what_was_loaded() -> None:
    assert MemoryStore().stats() == {"nodes": {}, "relationships": {}}
