"""Coverage, gaps and routes on small hand-made graphs: the rules of DESIGN.md."""

from __future__ import annotations

from ctgraph.graph.analysis import coverage, gaps, routes
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.snapshot import graph_from_batches

S = "source:t"


def _graph(extra_nodes: list[NodeRecord], extra_rels: list[RelRecord]) -> GraphBatch:
    countries = ["AAA", "BBB", "CCC", "DDD"]
    nodes = [
        NodeRecord("Source", S, {"title": "t", "kind": "report", "publisher": "p"}),
        *[NodeRecord("Country", c, {"iso3": c, "name": c}) for c in countries],
        NodeRecord("Flow", "flow:a-b", {"victims": ["women"], "exploitation": ["forced_labour"], "scope": "cross_border"}),
        NodeRecord("Flow", "flow:c-d", {"victims": ["men"], "exploitation": ["sexual_exploitation"], "scope": "cross_border"}),
        *extra_nodes,
    ]
    rels = [
        RelRecord("FROM", "flow:a-b", "AAA"), RelRecord("TO", "flow:a-b", "BBB"),
        RelRecord("FROM", "flow:c-d", "CCC"), RelRecord("TO", "flow:c-d", "DDD"),
        RelRecord("EVIDENCE", "flow:a-b", S, "0", {"quote": "a to b", "locator": "p1"}),
        RelRecord("EVIDENCE", "flow:c-d", S, "0", {"quote": "c to d", "locator": "p2"}),
        *extra_rels,
    ]
    return GraphBatch("t", nodes, rels)


def _agreement(i: str, kind: str, status: str, parties: list[str]) -> tuple[list[NodeRecord], list[RelRecord]]:
    return (
        [NodeRecord("Agreement", i, {"title": i, "kind": kind, "status": status})],
        [RelRecord("PARTY", i, p) for p in parties],
    )


def test_no_instrument_means_none() -> None:
    G = graph_from_batches([_graph([], [])])
    assert coverage(G, "AAA", "BBB") == (coverage(G, "AAA", "BBB")[0], [])
    assert coverage(G, "AAA", "BBB")[0].value == "none"


def test_strongest_instrument_wins() -> None:
    n1, r1 = _agreement("agreement:bi", "bilateral", "signed", ["AAA", "BBB"])
    n2, r2 = _agreement("agreement:talks", "bilateral", "negotiating", ["AAA", "BBB"])
    G = graph_from_batches([_graph(n1 + n2, r1 + r2)])
    level, found = coverage(G, "AAA", "BBB")
    assert level.value == "bilateral"
    assert [f["id"] for f in found] == ["agreement:bi", "agreement:talks"]
    assert [f["level"] for f in found] == ["bilateral", "negotiating"]


def test_unsigned_instrument_is_negotiating() -> None:
    n, r = _agreement("agreement:talks", "bilateral", "proposed", ["AAA", "BBB"])
    G = graph_from_batches([_graph(n, r)])
    assert coverage(G, "AAA", "BBB")[0].value == "negotiating"


def test_bloc_membership_gives_regional_coverage() -> None:
    n, r = _agreement("agreement:bloc", "regional", "signed", ["AAA", "region:bloc"])
    n.append(NodeRecord("Region", "region:bloc", {"name": "Bloc", "kind": "bloc"}))
    r += [RelRecord("MEMBER_OF", c, "region:bloc", "", {"source": S}) for c in ("BBB", "CCC", "DDD")]
    G = graph_from_batches([_graph(n, r)])
    assert coverage(G, "AAA", "BBB")[0].value == "regional"
    assert coverage(G, "CCC", "DDD")[0].value == "regional"
    assert coverage(G, "AAA", "AAA")[0].value == "regional"


def test_cooperation_through_agencies_is_operational() -> None:
    n = [
        NodeRecord("Agency", "agency:a", {"name": "Police A", "kind": "national"}),
        NodeRecord("Agency", "agency:b", {"name": "Police B", "kind": "national"}),
        NodeRecord("Cooperation", "cooperation:jit", {"title": "JIT", "kind": "joint_investigation"}),
    ]
    r = [
        RelRecord("BASED_IN", "agency:a", "AAA"), RelRecord("BASED_IN", "agency:b", "BBB"),
        RelRecord("PARTY", "cooperation:jit", "agency:a"), RelRecord("PARTY", "cooperation:jit", "agency:b"),
    ]
    G = graph_from_batches([_graph(n, r)])
    assert coverage(G, "AAA", "BBB")[0].value == "operational"
    assert coverage(G, "CCC", "DDD")[0].value == "none"


def test_gaps_rank_by_evidence_and_respect_threshold() -> None:
    n, r = _agreement("agreement:bi", "bilateral", "signed", ["AAA", "BBB"])
    n.append(NodeRecord("Challenge", "challenge:cd", {"description": "no channel"}))
    r += [
        RelRecord("CONCERNS", "challenge:cd", "CCC"), RelRecord("CONCERNS", "challenge:cd", "DDD"),
        RelRecord("EVIDENCE", "challenge:cd", S, "0", {"quote": "no channel between c and d", "locator": "p3"}),
    ]
    G = graph_from_batches([_graph(n, r)])
    default = gaps(G)
    assert [(g["source"], g["destination"]) for g in default] == [("CCC", "DDD")]
    # both figures, never mixed: no data set counts the pair; one flow passage + one challenge
    assert default[0]["weight"] == {"victims": 0, "evidence": 2}
    assert {e["quote"] for e in default[0]["evidence"]} == {"c to d", "no channel between c and d"}
    assert len(gaps(G, below="bilateral")) == 1
    assert [g["source"] for g in gaps(G, country="AAA", below="bilateral")] == []


def test_region_endpoints_are_not_expanded() -> None:
    n = [
        NodeRecord("Region", "region:europe", {"name": "European countries", "kind": "area"}),
        NodeRecord("Flow", "flow:a-eu", {"victims": [], "exploitation": [], "scope": "cross_border"}),
    ]
    r = [
        RelRecord("FROM", "flow:a-eu", "AAA"), RelRecord("TO", "flow:a-eu", "region:europe"),
        RelRecord("EVIDENCE", "flow:a-eu", S, "0", {"quote": "to Europe", "locator": "p4"}),
    ]
    G = graph_from_batches([_graph(n, r)])
    pairs = {(g["source"], g["destination"]) for g in gaps(G)}
    assert pairs == {("AAA", "BBB"), ("CCC", "DDD"), ("AAA", "region:europe")}


def test_internal_flows_are_routes_but_never_gaps() -> None:
    n = [
        NodeRecord("Place", "place:p", {"name": "Province", "kind": "province", "country": "AAA"}),
        NodeRecord("Flow", "flow:internal", {"victims": ["children"], "exploitation": ["begging"], "scope": "internal"}),
    ]
    r = [
        RelRecord("IN", "place:p", "AAA"),
        RelRecord("FROM", "flow:internal", "place:p"), RelRecord("TO", "flow:internal", "AAA"),
        RelRecord("EVIDENCE", "flow:internal", S, "0", {"quote": "sold nationwide", "locator": "p5"}),
    ]
    G = graph_from_batches([_graph(n, r)])
    assert ("place:p", "AAA") in {(x["source"], x["destination"]) for x in routes(G)}
    assert all(g["source"] != "place:p" for g in gaps(G, below="bilateral"))


def test_failed_load_leaves_memory_store_unchanged() -> None:
    store = MemoryStore(home=None)
    store.load(_graph([], []))
    before = store.stats()
    broken = GraphBatch("broken", [NodeRecord("Flow", "flow:x", {})], [RelRecord("FROM", "flow:x", "NOWHERE")])
    try:
        store.load(broken)
    except ValueError:
        pass
    else:  # pragma: no cover - the load must fail
        raise AssertionError("a relationship to a missing node must fail the load")
    assert store.stats() == before
