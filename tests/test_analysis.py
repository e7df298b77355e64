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


# --------------------------------------------------------------------------- issue 20: evidence, search, contacts


def _evidence_graph() -> GraphBatch:
    """AAA -> BBB stated by a text source and counted by a data set; a challenge about both;
    one passage repeated behind two facts."""
    extra_nodes = [
        NodeRecord("Source", "source:ds", {"title": "Data set", "kind": "dataset", "publisher": "p"}),
        NodeRecord("Flow", "flow:ds-a-b", {"victims": [], "exploitation": [], "scope": "cross_border", "dataset":
                                           "source:ds", "victims_count": 30, "suppressed_cells": 0,
                                           "years": [2008, 2012], "year_victims": [10, 20], "year_suppressed": [0, 0]}),
        NodeRecord("Challenge", "challenge:a-b", {"description": "Forced marriages between AAA and BBB"}),
    ]
    extra_rels = [
        RelRecord("FROM", "flow:ds-a-b", "AAA"), RelRecord("TO", "flow:ds-a-b", "BBB"),
        RelRecord("EVIDENCE", "flow:ds-a-b", "source:ds", "0", {"quote": "BBB, victims, AAA: 2008: 10; 2012: 20",
                                                                "locator": "rows 1-2"}),
        RelRecord("CONCERNS", "challenge:a-b", "AAA"), RelRecord("CONCERNS", "challenge:a-b", "BBB"),
        RelRecord("EVIDENCE", "challenge:a-b", S, "0", {"quote": "women were sold into forced marriages",
                                                        "locator": "p9"}),
    ]
    return _graph(extra_nodes, extra_rels)


def test_evidence_items_and_data_rows_never_contradict() -> None:
    """The weight's evidence items are the text passages the route's own evidence list holds;
    the data set's rows are counted beside them, never as passages."""
    from ctgraph.graph.analysis import evidence_tally

    G = graph_from_batches([_evidence_graph()])
    (r,) = routes(G, origin="AAA", destination="BBB")
    passages, rows = evidence_tally(r["evidence"], {"source:ds"})
    assert (passages, rows) == (r["weight"]["evidence"], 1) == (2, 1)  # the flow's and the challenge's passages
    (g,) = [x for x in gaps(G) if x["source"] == "AAA"]
    assert evidence_tally(g["evidence"], {"source:ds"}) == (g["weight"]["evidence"], 1)


def test_a_data_row_shows_only_the_years_up_to_the_day() -> None:
    G = graph_from_batches([_evidence_graph()])
    (r,) = routes(G, origin="AAA", destination="BBB", as_of="2009")
    (row,) = [e for e in r["evidence"] if e["source"] == "source:ds"]
    assert row["quote"] == "BBB, victims, AAA: 2008: 10 (years up to 2009)"
    (r,) = routes(G, origin="AAA", destination="BBB", as_of="2007")
    assert [e for e in r["evidence"] if e["source"] == "source:ds"] == []  # no year counted by then: no row


def test_evidence_search_by_words_and_stems_in_any_order() -> None:
    from ctgraph.graph.analysis import search_evidence

    batch = _evidence_graph()
    store = MemoryStore(home=None)
    store.load(batch)
    G = graph_from_batches([batch])
    for text in ("forced marriage", "marriage forced", "MARRIAGES", "sold women forcing"):
        hits = store.search_evidence(text)
        assert [h["fact"] for h in hits] == ["challenge:a-b"], text
        assert hits == search_evidence(G, text), text  # the store and the one definition agree
    assert store.search_evidence("forced labour") == [] and store.search_evidence("labour marriage") == []
    assert [h["fact"] for h in store.search_evidence("rows 1")] == ["flow:ds-a-b"]  # the text as typed still finds


def test_whom_to_call_leaves_out_people_whose_role_is_about_a_third_country() -> None:
    """Albania -> UK must not suggest the UK officer in Beijing who handles Chinese cases; China -> UK does."""
    from ctgraph.graph.analysis import route_brief

    nodes = [
        NodeRecord("Source", S, {"title": "t", "kind": "report", "publisher": "p"}),
        *[NodeRecord("Country", c, {"iso3": c, "name": n})
          for c, n in (("ALB", "Albania"), ("GBR", "United Kingdom"), ("CHN", "China"))],
        *[NodeRecord("Flow", f"flow:{o}-gbr", {"victims": [], "exploitation": [], "scope": "cross_border"})
          for o in ("alb", "chn")],
        NodeRecord("Agency", "agency:uk-embassy-beijing", {"name": "UK Embassy in Beijing", "kind": "national",
                                                           "role": "Contact point for Chinese cases of THB."}),
        NodeRecord("Agency", "agency:home-office", {"name": "Home Office", "kind": "national"}),
        NodeRecord("Expert", "expert:orchard", {"name": "Paul Orchard", "role": "United Kingdom; based at the UK "
                                                "Embassy in Beijing", "agency": "agency:uk-embassy-beijing"}),
    ]
    rels = [
        *[r for o in ("ALB", "CHN") for r in (RelRecord("FROM", f"flow:{o.lower()}-gbr", o),
                                              RelRecord("TO", f"flow:{o.lower()}-gbr", "GBR"),
                                              RelRecord("EVIDENCE", f"flow:{o.lower()}-gbr", S, "0",
                                                        {"quote": f"{o} to GBR", "locator": "p1"}))],
        RelRecord("BASED_IN", "agency:uk-embassy-beijing", "GBR"), RelRecord("BASED_IN", "agency:home-office", "GBR"),
        RelRecord("BASED_IN", "expert:orchard", "GBR"), RelRecord("WORKS_FOR", "expert:orchard",
                                                                  "agency:uk-embassy-beijing"),
    ]
    G = graph_from_batches([GraphBatch("t", nodes, rels)])
    alb = route_brief(G, "ALB", "GBR")
    assert [x["id"] for x in alb["agencies"]] == ["agency:home-office"] and alb["experts"] == []
    chn = route_brief(G, "CHN", "GBR")
    assert [x["id"] for x in chn["experts"]] == ["expert:orchard"]
    assert {x["id"] for x in chn["agencies"]} == {"agency:home-office", "agency:uk-embassy-beijing"}
