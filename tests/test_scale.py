"""Whole-graph lists ranked from a store's compact pair rows give what the whole snapshot gives (issue 25).

The embedded store answers whole-graph ``gaps`` and one-leg ``routes`` without a snapshot of the
flows: it reads the reference layer and the challenges as a small snapshot, and every pair's
flows as compact rows (props and own evidence), ranks them with the same functions of
:mod:`graph.analysis` as the snapshot path (:func:`~graph.analysis.gap_list`,
:func:`~graph.analysis.route_list`), and reads the evidence only of the items handed out.
These tests compare the two paths' JSON, byte for byte, over the argument sets that change the
figures: dated coverage (rows cut by year), thresholds, ranking keys, pages, evidence modes,
forms, drafts, and the seed knowledge base's real-shaped data sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from ctgraph.graph import analysis, memory
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.graph.snapshot import ROUTE_LABELS, Scope
from ctgraph.ingest.seed import seed_batch, validate_paths
from ctgraph.ingest.synthetic import synthetic_batch
from tests.conftest import neo4j_env_or_fail

FLOWS = 2_000

GAP_CASES: list[dict[str, Any]] = [
    {},
    {"below": "bilateral"},
    {"below": "operational"},
    {"below": "none"},
    {"as_of": "2009"},
    {"as_of": "2014-06-30"},
    {"as_of": "2017", "below": "bilateral"},
    {"sort": "evidence"},
    {"sort": "name"},
    {"top": 7},
    {"top": 5, "offset": 3},
    {"offset": 10_000},
    {"evidence": "count"},
    {"top": 3, "evidence": "count", "as_of": "2014"},
    {"as_of": "2016", "below": "bilateral", "sort": "evidence", "top": 40, "offset": 2},
    {"as_of": "2015-12-31", "evidence": "count"},
]
ROUTE_CASES: list[dict[str, Any]] = [
    {},
    {"as_of": "2009"},
    {"as_of": "2016-12-31"},
    {"exploitation": "forced_labour"},
    {"exploitation": "no_such_form"},
    {"sort": "evidence"},
    {"sort": "name"},
    {"top": 9},
    {"top": 4, "offset": 2},
    {"evidence": "count"},
]


def _draft_batch() -> GraphBatch:
    """A draft flow between two of the generated countries (shown only with drafts), with
    evidence from a draft source and a published one."""
    countries = sorted(n.id for n in synthetic_batch(50).nodes if n.label == "Country")
    a, b = countries[0], countries[1]
    return GraphBatch(
        "drafts",
        [
            NodeRecord("Source", "source:draft-doc", {"title": "d", "kind": "report", "publisher": "p", "draft": True}),
            NodeRecord(
                "Flow",
                "flow:draft-1",
                {"victims": ["women"], "exploitation": ["forced_labour"], "scope": "cross_border", "draft": True},
            ),
        ],
        [
            RelRecord("FROM", "flow:draft-1", a),
            RelRecord("TO", "flow:draft-1", b),
            RelRecord(
                "EVIDENCE",
                "flow:draft-1",
                "source:synthetic-report",
                "0",
                {"quote": "a draft statement", "locator": "Section 99"},
            ),
            RelRecord("EVIDENCE", "flow:draft-1", "source:draft-doc", "1", {"quote": "from a draft", "locator": "p 1"}),
        ],
    )


def _edge_batch() -> GraphBatch:
    """Two countries no instrument binds (every list shows their pairs) whose flows take the shapes the
    embedded store's per-pair sums must read as the flows' rows do: a challenge citing the same item as
    a flow and another passage of the same source, an item from a draft source, an
    empty data set name (a text flow), years as text, fewer yearly figures than years, ``draft: 0``, a
    figure whose years a dated list cuts, a draft flow citing a published flow's item, and a pair that
    only a data set counting nothing states."""
    report = "source:synthetic-report"
    ctdc = "source:synthetic-ctdc"
    a, b = "QQA", "QQB"

    def ev(fact: str, key: str, source: str, quote: str, locator: Any) -> RelRecord:
        return RelRecord("EVIDENCE", fact, source, key, {"quote": quote, "locator": locator})

    figure = {"dataset": ctdc, "basis": "citizenship", "counts": "records of victims", "covers": "2015-2017"}
    return GraphBatch(
        "edges",
        [
            NodeRecord("Country", a, {"iso3": a, "name": "Edge A"}),
            NodeRecord("Country", b, {"iso3": b, "name": "Edge B"}),
            NodeRecord(
                "Source", "source:edge-draft", {"title": "e", "kind": "report", "publisher": "p", "draft": True}
            ),
            NodeRecord("Challenge", "challenge:edge", {"description": "Edge difficulty", "concerns": [a, b]}),
            NodeRecord(
                "Flow",
                "flow:edge-1",
                {"victims": ["women"], "exploitation": ["forced_labour"], "scope": "cross_border"},
            ),
            NodeRecord(
                "Flow",
                "flow:edge-2",
                {
                    **figure,
                    "victims_count": 20,
                    "years": ["2015", "2016", "2017"],
                    "year_victims": [3, 4],
                    "year_suppressed": [1],
                    "exploitation": ["forced_labour"],
                    "exploitation_counts": [5],
                    "victims": ["women"],
                    "victims_counts": [2],
                },
            ),
            NodeRecord(
                "Flow", "flow:edge-3", {"dataset": "", "victims": ["men"], "exploitation": [], "scope": "cross_border"}
            ),
            NodeRecord(
                "Flow",
                "flow:edge-4",
                {
                    **figure,
                    "basis": "exploitation",
                    "draft": 0,
                    "victims_count": 9,
                    "years": [2010, 2020],
                    "year_victims": [4, 5],
                    "year_suppressed": [0, 2],
                },
            ),
            NodeRecord(
                "Flow",
                "flow:edge-5",
                {"victims": ["children"], "exploitation": ["begging"], "scope": "cross_border", "draft": True},
            ),
            NodeRecord("Flow", "flow:edge-6", {**figure, "victims_count": 0}),
            # a pair whose digest answers although a challenge is reported for it
            NodeRecord("Country", "QQC", {"iso3": "QQC", "name": "Edge C"}),
            NodeRecord("Country", "QQD", {"iso3": "QQD", "name": "Edge D"}),
            NodeRecord(
                "Challenge", "challenge:edge-2", {"description": "Edge difficulty 2", "concerns": ["QQC", "QQD"]}
            ),
            NodeRecord(
                "Flow", "flow:edge-7", {"victims": ["women"], "exploitation": ["begging"], "scope": "cross_border"}
            ),
            NodeRecord("Flow", "flow:edge-8", {**figure, "victims_count": 4, "years": [2016], "year_victims": [4]}),
        ],
        [
            RelRecord("CONCERNS", "challenge:edge", a),
            RelRecord("CONCERNS", "challenge:edge", b),
            ev("challenge:edge", "0", report, "the same passage", "Section 1"),
            ev("challenge:edge", "1", report, "another quote of it", "Section 1"),
            *(
                r
                for f in ("flow:edge-1", "flow:edge-2", "flow:edge-3", "flow:edge-4", "flow:edge-5")
                for r in (RelRecord("FROM", f, a), RelRecord("TO", f, b))
            ),
            RelRecord("FROM", "flow:edge-6", b),
            RelRecord("TO", "flow:edge-6", a),
            ev("flow:edge-1", "0", report, "the same passage", "Section 1"),
            ev("flow:edge-1", "1", "source:edge-draft", "from a draft source", "p 2"),
            ev("flow:edge-1", "2", report, "an item two flows cite", "Section 7"),
            ev("flow:edge-2", "0", ctdc, "CTDC records with citizenship QQA: 20 (2015: 3; 2016: 4)", "row 1"),
            ev("flow:edge-3", "0", report, "the same passage", "Section 1"),
            ev("flow:edge-3", "1", report, "men moved", "Section 2"),
            ev("flow:edge-4", "0", ctdc, "CTDC records with citizenship QQA: 9 (2010: 4; 2020: 5)", "row 2"),
            ev("flow:edge-5", "0", report, "an item two flows cite", "Section 7"),
            ev("flow:edge-5", "1", report, "a draft flow's own", "Section 3"),
            ev("flow:edge-6", "0", ctdc, "CTDC records with citizenship QQB: 0", "row 3"),
            RelRecord("CONCERNS", "challenge:edge-2", "QQC"),
            RelRecord("CONCERNS", "challenge:edge-2", "QQD"),
            RelRecord("FROM", "flow:edge-7", "QQC"),
            RelRecord("TO", "flow:edge-7", "QQD"),
            RelRecord("FROM", "flow:edge-8", "QQC"),
            RelRecord("TO", "flow:edge-8", "QQD"),
            ev("flow:edge-7", "0", report, "a passage a challenge cites too", "Section 40"),
            ev("flow:edge-8", "0", ctdc, "CTDC records with citizenship QQC: 4 (2016: 4)", "row 4"),
            ev("challenge:edge-2", "0", report, "a passage a challenge cites too", "Section 40"),
            ev("challenge:edge-2", "1", report, "the same place, other words", "Section 40"),
            ev("challenge:edge-2", "2", report, "a place of its own", "Section 41"),
        ],
    )


def _store(batches: list[GraphBatch], include_drafts: bool = False) -> MemoryStore:
    store = MemoryStore(home=None, include_drafts=include_drafts, keep_answers=False)
    for b in batches:
        store.load(b)
    return store


@pytest.fixture(scope="module", params=["synthetic", "synthetic+drafts", "drafts shown", "seed"])
def store(request: pytest.FixtureRequest) -> Iterator[MemoryStore]:
    if request.param == "seed":
        s = _store([seed_batch(validate_paths())])
    elif request.param == "synthetic":
        s = _store([synthetic_batch(FLOWS, seed=1)])
    else:
        s = _store(
            [synthetic_batch(FLOWS, seed=1), _draft_batch(), _edge_batch()],
            include_drafts=request.param == "drafts shown",
        )
    yield s
    s.close()


def _snapshot(store: MemoryStore) -> Any:
    return store.snapshot(Scope.everything(store.include_drafts, only=ROUTE_LABELS))


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("kwargs", GAP_CASES, ids=lambda k: json.dumps(k))
def test_gaps_from_pair_rows_equal_the_snapshot_answer(store: MemoryStore, kwargs: dict[str, Any]) -> None:
    store._whole = None  # never the whole snapshot kept in process: the pair rows answer
    got = store.gaps(**kwargs)
    assert store._whole is None, "the whole-graph gap list read the whole graph"
    streamed = list(store.iter_gaps(**{k: v for k, v in kwargs.items() if k not in ("top", "offset")}))
    want = analysis.gaps(_snapshot(store), **kwargs)
    assert _text(got) == _text(want)
    assert got or kwargs.get("offset") or kwargs.get("below") == "none"
    start = kwargs.get("offset", 0)
    end = None if kwargs.get("top") is None else start + kwargs["top"]
    assert _text(streamed[start:end]) == _text(want)


@pytest.mark.parametrize("drafts", [False, True])
def test_pair_rows_answer_the_edge_cases_as_the_snapshot(drafts: bool) -> None:
    """The edge pairs (a challenge citing a flow's item, a draft source's item, an empty data set, years as
    text, a figure cut by a day, ...) read pair by pair give the snapshot's JSON, dated or not; a challenge's
    items are counted once with the flows'."""
    store = _store([synthetic_batch(FLOWS, seed=1), _draft_batch(), _edge_batch()], include_drafts=drafts)
    try:
        G = _snapshot(store)
        store._whole = None
        got = store.gaps(below="bilateral")
        assert store._whole is None, "the whole-graph gap list read the whole graph"
        assert _text(got) == _text(analysis.gaps(G, below="bilateral"))
        (edge,) = [g for g in got if (g["source"], g["destination"]) == ("QQA", "QQB")]
        assert (
            edge["evidence_count"]
            == len(edge["evidence"])
            == len({(e["source"], e["locator"], e["quote"]) for e in edge["evidence"]})
        )
        assert ("QQB", "QQA") not in {(g["source"], g["destination"]) for g in got}
        for day in ("2014", "2016"):
            assert _text(store.gaps(as_of=day, below="bilateral")) == _text(
                analysis.gaps(G, as_of=day, below="bilateral")
            )
    finally:
        store.close()


@pytest.mark.parametrize("kwargs", ROUTE_CASES, ids=lambda k: json.dumps(k))
def test_routes_from_pair_rows_equal_the_snapshot_answer(store: MemoryStore, kwargs: dict[str, Any]) -> None:
    store._whole = None
    got = store.routes(**kwargs)
    assert store._whole is None, "the whole-graph route list read the whole graph"
    streamed = list(store.iter_routes(**{k: v for k, v in kwargs.items() if k not in ("top", "offset")}))
    want = analysis.routes(_snapshot(store), **kwargs)
    assert _text(got) == _text(want)
    assert got or "exploitation" in kwargs
    start = kwargs.get("offset", 0)
    end = None if kwargs.get("top") is None else start + kwargs["top"]
    assert _text(streamed[start:end]) == _text(want)


def test_drafts_are_shown_only_when_asked_and_their_items_say_so() -> None:
    hidden = _store([synthetic_batch(200, seed=2), _draft_batch()])
    shown = _store([synthetic_batch(200, seed=2), _draft_batch()], include_drafts=True)
    try:

        def draft_routes(s: MemoryStore) -> list[Any]:
            return [r for r in s.routes() if "draft statement" in _text(r["evidence"])]

        assert draft_routes(hidden) == []
        (r,) = draft_routes(shown)
        draft_items = [e for e in r["evidence"] if e.get("draft")]
        assert sorted(e["quote"] for e in draft_items) == ["a draft statement", "from a draft"]
    finally:
        hidden.close()
        shown.close()


def test_multi_hop_and_scoped_lists_still_read_snapshots(store: MemoryStore) -> None:
    """Chains need the flows' links: ``max_hops`` > 1 reads the whole snapshot (and says the same)."""
    store._whole = None
    got = store.routes(max_hops=2, top=5)
    assert store._whole is not None
    assert _text(got) == _text(analysis.routes(_snapshot(store), max_hops=2, top=5))


def test_a_whole_snapshot_in_process_answers_itself(store: MemoryStore) -> None:
    """A process that holds the whole graph (the dashboard) ranks from it, not from rows."""
    G = _snapshot(store)
    assert not store.pairs_ready()
    assert _text(store.gaps(top=5)) == _text(analysis.gaps(G, top=5))


def _digest_table(store: MemoryStore) -> dict[tuple[str, str], Any]:
    return {
        (o, d): {**json.loads(t), "ids": json.loads(i), "evidence": json.loads(e)}
        for o, d, t, i, e in store._con.execute("SELECT o, d, digest, ids, evidence FROM pair_digests")
    }


def _digests_rebuilt(store: MemoryStore) -> dict[tuple[str, str], Any]:
    """Every pair's digest made from the flows as they are stored now (what a first load makes)."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for o, d, text in store._con.execute(memory._PAIR_ROWS):
        groups.setdefault((o, d), []).append(json.loads(text))
    return {k: json.loads(_text(analysis.pair_digest(rows))) for k, rows in groups.items()}


def _moved_batch(base: GraphBatch) -> tuple[GraphBatch, str]:
    """A later batch that touches other batches' pairs: a new flow on a generated pair, evidence for a
    generated flow from its own source, and a flow whose pair the next version of the batch changes."""
    countries = sorted(n.id for n in base.nodes if n.label == "Country")
    a, b, c = countries[2], countries[3], countries[4]
    return GraphBatch(
        "later",
        [
            NodeRecord("Source", "source:later", {"title": "l", "kind": "report", "publisher": "p"}),
            NodeRecord(
                "Flow", "flow:later-1", {"victims": ["men"], "exploitation": ["begging"], "scope": "cross_border"}
            ),
        ],
        [
            RelRecord("FROM", "flow:later-1", a),
            RelRecord("TO", "flow:later-1", b),
            RelRecord("EVIDENCE", "flow:later-1", "source:later", "0", {"quote": "men moved", "locator": "p 1"}),
            RelRecord("EVIDENCE", "flow:f-000001", "source:later", "0", {"quote": "also said here", "locator": "p 9"}),
        ],
    ), c


def test_each_load_keeps_the_pair_digests_those_of_the_flows_stored() -> None:
    """The digests a load makes for the pairs it touches equal digests made from scratch: after a
    first load, a batch adding a flow and evidence to another batch's flow, the same batch again
    with the flow moved to another pair and its source gone (the other flows' items of it go with
    it, whichever batch wrote them), and drafts."""
    base = synthetic_batch(FLOWS, seed=1)
    store = _store([base])
    try:
        assert _digest_table(store) == _digests_rebuilt(store) and len(_digest_table(store)) > 50
        later, c = _moved_batch(base)
        store.load(later)
        assert _digest_table(store) == _digests_rebuilt(store)
        assert any("flow:later-1" in dg["ids"] for dg in _digest_table(store).values())
        cites = GraphBatch(
            "cites",
            [],
            [
                RelRecord(
                    "EVIDENCE",
                    "flow:f-000002",
                    "source:later",
                    "0",
                    {"quote": "cited from another batch", "locator": "p 4"},
                )
            ],
        )
        store.load(cites)  # a relationship of another batch to the source the next version drops
        assert _digest_table(store) == _digests_rebuilt(store)
        moved = GraphBatch(
            "later",
            [NodeRecord("Flow", "flow:later-1", {"victims": ["men"], "exploitation": [], "scope": "cross_border"})],
            [RelRecord("FROM", "flow:later-1", later.rels[0].end), RelRecord("TO", "flow:later-1", c)],
        )
        store.load(moved)
        assert _digest_table(store) == _digests_rebuilt(store)
        store.load(_draft_batch())
        assert _digest_table(store) == _digests_rebuilt(store)
    finally:
        store.close()


@pytest.mark.parametrize("drafts", [False, True])
def test_whole_graph_lists_read_digests_not_flows(drafts: bool) -> None:
    """With current digests a whole-graph list reads a pair's flows only where the digest cannot
    stand for them (a challenge reported for the pair, a data year after the day, a draft source's
    item, drafts shown): the same JSON as the snapshot, reading a few pairs' flows; without
    digests (a store file from before them) the same JSON again, from every pair's flows."""
    store = _store([synthetic_batch(FLOWS, seed=1), _draft_batch(), _edge_batch()], include_drafts=drafts)
    try:
        G = _snapshot(store)
        small = store.snapshot(store._pair_scope())
        read: list[tuple[str, str]] = []

        def counted(pairs: analysis.Pairs) -> analysis.Pairs:
            for o, d, flows_of, digest in pairs:

                def flows(o: str = o, d: str = d, f: Any = flows_of) -> Any:
                    read.append((o, d))
                    return f()

                yield o, d, flows, digest

        for kwargs in ({}, {"as_of": "2014"}, {"below": "bilateral", "sort": "evidence"}):
            read.clear()
            got = store.with_pairs(
                small, lambda p, kw=kwargs: list(analysis.gap_list(small, counted(p), store._fetch(small), **kw))
            )
            assert _text(got) == _text(analysis.gaps(G, **kwargs)), kwargs
            pairs = store.with_pairs(small, lambda p: sum(1 for _ in p))
            assert read, "no pair fell back to its flows (the edge pair must)"
            if "as_of" not in kwargs:  # (2014 cuts the pair's 2016 figure: then its flows are read)
                assert ("QQC", "QQD") not in read, "a pair with a challenge read its flows"
                (edge,) = [g for g in got if (g["source"], g["destination"]) == ("QQC", "QQD")]
                assert (edge["evidence_count"], edge["weight"]["evidence"]) == (4, 2), edge  # shared items once
            if not kwargs:
                assert len(read) < pairs / 4, (len(read), pairs)
        read.clear()
        routes = store.with_pairs(small, lambda p: list(analysis.route_list(small, counted(p), store._fetch(small))))
        assert _text(routes) == _text(analysis.routes(G))
        assert len(read) < pairs / 4
        store._con.execute("DELETE FROM meta WHERE key = 'digests'")  # a store written before digests
        store._whole = None
        assert _text(store.gaps()) == _text(analysis.gaps(G)) and _text(store.routes()) == _text(analysis.routes(G))
    finally:
        store.close()


def test_a_load_between_the_ranking_and_the_listing_is_refused() -> None:
    """A list hands out its items after ranking them; an item's evidence is read from the digests it
    was ranked on, or the question fails with one line saying to ask again (never a mix of versions)."""
    base = synthetic_batch(FLOWS, seed=1)
    store = _store([base])
    try:
        listed = store.iter_gaps()
        first = next(listed)
        assert first["evidence"]
        store.load(_moved_batch(base)[0])
        with pytest.raises(StoreUnavailable, match="the graph changed while it was read"):
            list(listed)
    finally:
        store.close()


SCOPED_CASES: list[dict[str, Any]] = [
    {},
    {"as_of": "2014"},
    {"sort": "evidence", "top": 3, "offset": 1},
    {"evidence": "count"},
]


@pytest.mark.parametrize("kwargs", SCOPED_CASES, ids=lambda k: json.dumps(k))
def test_one_countrys_lists_from_digests_equal_the_scoped_snapshot_answer(
    store: MemoryStore, kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gaps --country X`` and ``routes --from X`` / ``--to X`` read the digests of X's pairs (and
    the flows only of those a digest cannot stand for), never a snapshot of the flows around X: the
    same JSON as the analysis of that snapshot, for the busiest origin, a country with places and
    a region."""
    G = _snapshot(store)
    busiest = max(analysis.route_pairs(G), key=lambda p: len(analysis.route_pairs(G)[p]))[0]
    places = sorted({analysis.jurisdiction(G, n) for n in G if str(n).startswith("place:")} - {None})
    regions = sorted({d for _o, d in analysis.route_pairs(G) if str(d).startswith(("region:", "area:"))})
    wanted = [busiest, *places[:1], *regions[:1]]
    snapshots = {x: store.snapshot(Scope.around(x, include_drafts=store.include_drafts)) for x in wanted}

    def no_scoped_snapshot(*_a: Any) -> Any:
        raise AssertionError("a scoped snapshot of the flows was read")

    store._whole = None  # never the whole snapshot kept in process: the digests answer
    monkeypatch.setattr(store, "_scoped", no_scoped_snapshot)
    assert store.scoped_pairs_ready()
    for x in wanted:
        gap_kw = {k: v for k, v in kwargs.items()}
        assert _text(store.gaps(country=x, **gap_kw)) == _text(analysis.gaps(snapshots[x], x, **gap_kw)), x
        assert _text(store.routes(origin=x, **kwargs)) == _text(analysis.routes(snapshots[x], origin=x, **kwargs)), x
        assert _text(store.routes(destination=x, **kwargs)) == _text(
            analysis.routes(snapshots[x], destination=x, **kwargs)
        ), x
        assert _text(list(store.iter_gaps(country=x))) == _text(analysis.gaps(snapshots[x], x))


@pytest.mark.parametrize("as_of", [None, "2014"])
def test_a_country_profile_from_digests_equals_the_scoped_snapshot_answer(
    store: MemoryStore, as_of: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``country X`` ranks X's routes out and in from the pair digests and reads the rest (agencies,
    experts, challenges, statistics, tiers) from a snapshot around X without its flows: the same
    profile as the analysis of the whole snapshot around X."""
    G = _snapshot(store)
    pairs = analysis.route_pairs(G)
    busiest = max(pairs, key=lambda p: len(pairs[p]))[0]
    wanted = [busiest, *sorted({analysis.jurisdiction(G, n) for n in G if str(n).startswith("place:")})[:2]]
    if store.include_drafts is False and any(n == "CHN" for n in G):
        wanted.append("CHN")
    want = {
        x: analysis.country_profile(store.snapshot(Scope.around(x, include_drafts=store.include_drafts)), x, as_of)
        for x in wanted
    }
    store._whole = None
    read: list[Scope] = []
    scoped = store._scoped

    def no_flows(con: Any, scope: Scope) -> Any:
        read.append(scope)
        return scoped(con, scope)

    monkeypatch.setattr(store, "_scoped", no_flows)
    for x in wanted:
        assert _text(store.country(x, as_of=as_of)) == _text(want[x]), x
    assert read and all(s.only is not None and "Flow" not in s.only for s in read)


@pytest.mark.neo4j
def test_neo4j_lists_from_pair_rows_equal_its_snapshot_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neo4j ranks whole-graph lists from the pairs its server groups, read in parts (here of
    about 300 flows: several read transactions): the same JSON as the analysis of its own whole
    snapshot, drafts hidden and shown (the database is CLEARED)."""
    from ctgraph.graph import neo4j_store

    monkeypatch.setattr(neo4j_store, "PAIR_PART_FLOWS", 300)
    env = neo4j_env_or_fail()
    args = (env["uri"], env["user"], env["password"], env["database"])
    loader = Neo4jStore(*args, timeout_s=600)
    try:
        loader.clear()
        loader.load(synthetic_batch(FLOWS, seed=1))
        loader.load(_draft_batch())
    finally:
        loader.close()
    for drafts in (False, True):
        store = Neo4jStore(*args, timeout_s=600, include_drafts=drafts)
        try:
            G = store.snapshot(Scope.everything(drafts, only=ROUTE_LABELS))
            for kwargs in GAP_CASES:
                assert _text(store.gaps(**kwargs)) == _text(analysis.gaps(G, **kwargs)), kwargs
            for kwargs in ROUTE_CASES:
                assert _text(store.routes(**kwargs)) == _text(analysis.routes(G, **kwargs)), kwargs
            assert _text(list(store.iter_gaps(as_of="2014"))) == _text(analysis.gaps(G, as_of="2014"))
            assert _text(list(store.iter_routes())) == _text(analysis.routes(G))
            shown = [r for r in store.routes() if "a draft statement" in _text(r["evidence"])]
            assert len(shown) == (1 if drafts else 0)
        finally:
            store.close()
    # the first list kept the pair digests for these loads: the embedded store's, pair for pair
    mem = _store([synthetic_batch(FLOWS, seed=1), _draft_batch()])
    with Neo4jStore(*args, timeout_s=600) as neo:
        rows = neo._read(
            "MATCH (p:CtgraphPairDigest) MATCH (m:CtgraphPairDigests {sig: p.sig}) "
            "RETURN p.o AS o, p.d AS d, p.body AS body, p.ids AS ids, p.evidence AS evidence"
        )
        kept = {
            (r["o"], r["d"]): {
                **json.loads(r["body"]),
                "ids": json.loads(r["ids"]),
                "evidence": json.loads(r["evidence"]),
            }
            for r in rows
        }
        assert kept == _digest_table(mem)
        neo.load(_moved_batch(synthetic_batch(FLOWS, seed=1))[0])  # a load: those digests are not read again
        assert neo._digest_pairs_kept() is False
        mem.load(_moved_batch(synthetic_batch(FLOWS, seed=1))[0])
        G = neo.snapshot(Scope.everything(False, only=ROUTE_LABELS))
        assert _text(neo.gaps(below="bilateral")) == _text(analysis.gaps(G, below="bilateral"))
        assert neo._digest_pairs_kept() is True  # kept again, for the new loads
        assert _text(neo.routes(top=20)) == _text(analysis.routes(G, top=20)) == _text(mem.routes(top=20))
        # one country's lists and profile from the kept digests, as from a snapshot around the country
        pairs = analysis.route_pairs(G)
        busiest = max(pairs, key=lambda p: len(pairs[p]))[0]
        assert neo.scoped_pairs_ready()
        around = neo.snapshot(Scope.around(busiest))
        assert (
            _text(neo.gaps(country=busiest))
            == _text(analysis.gaps(around, busiest))
            == _text(mem.gaps(country=busiest))
        )
        assert _text(neo.routes(origin=busiest)) == _text(analysis.routes(around, origin=busiest))
        assert (
            _text(neo.country(busiest))
            == _text(analysis.country_profile(around, busiest))
            == _text(mem.country(busiest))
        )
    mem.close()


@pytest.mark.neo4j
def test_neo4j_readers_keeping_digests_at_once_write_them_once() -> None:
    """Four readers ask for a whole-graph list at once right after a load (the dashboard's
    threads do): one of them keeps the digests (a uniqueness constraint on the mark), never two
    copies, and every answer is the same (the database is CLEARED)."""
    import threading

    env = neo4j_env_or_fail()
    args = (env["uri"], env["user"], env["password"], env["database"])
    with Neo4jStore(*args, timeout_s=600) as loader:
        loader.clear()
        loader.load(synthetic_batch(FLOWS, seed=1))
    answers: list[str] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            with Neo4jStore(*args, timeout_s=600) as store:
                answers.append(_text(store.gaps(evidence="count")))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(answers) == 4 and len(set(answers)) == 1
    with Neo4jStore(*args, timeout_s=600) as neo:
        (marks,) = neo._read("MATCH (m:CtgraphPairDigests) RETURN count(m) AS n, collect(m.state) AS states")
        assert marks["n"] == 1 and marks["states"] == ["done"]
        (rows,) = neo._read("MATCH (p:CtgraphPairDigest) RETURN count(p) AS n, count(DISTINCT [p.o, p.d]) AS pairs")
        assert rows["n"] == rows["pairs"] > 0
        assert _text(neo.gaps(evidence="count")) == answers[0]  # read from the digests
