"""Both stores answer every question with identical JSON (a real Neo4j server).

Parity holds by construction (both stores hand :mod:`graph.analysis` a
snapshot), so what this suite proves is that the Neo4j store's retrieval
(whole-graph and scoped reads in one transaction) hands the analysis the same
records the embedded store holds: a round trip compares the snapshots
themselves, then every question is compared as JSON.

The seed knowledge base and a generated data set of 10,000 flows
(:func:`ingest.synthetic.synthetic_batch`) are loaded into an embedded
:class:`~graph.memory.MemoryStore` and into Neo4j; every query of the CLI
contract (plus cooperations, evidence search and node listings) runs with
several argument sets against both, and the JSON texts must be equal: same
keys in the same order, same list order, ints stay ints, absent props are
null. Finally ``ctgraph --store neo4j gaps --json`` must print exactly what
``ctgraph --store memory gaps --json`` prints.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import NODE_LABELS, GraphBatch
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.ingest.seed import seed_batch, validate_paths
from ctgraph.ingest.synthetic import synthetic_batch
from tests.cli_helpers import run_cli
from tests.conftest import neo4j_env_or_fail

pytestmark = pytest.mark.neo4j

SYNTHETIC_FLOWS = 10_000
LEVELS = [c.value for c in COVERAGE_ORDER]


@cache
def batch_for(dataset: str) -> GraphBatch:
    if dataset == "seed":
        return seed_batch(validate_paths())
    return synthetic_batch(SYNTHETIC_FLOWS, seed=0)


def _flows(batch: GraphBatch) -> list[tuple[str, str, dict[str, Any]]]:
    ends: dict[str, dict[str, str]] = {}
    for r in batch.rels:
        if r.type in ("FROM", "TO"):
            ends.setdefault(r.start, {})[r.type] = r.end
    props = {n.id: n.props for n in batch.nodes if n.label == "Flow"}
    return [(e["FROM"], e["TO"], props[f]) for f, e in sorted(ends.items()) if len(e) == 2]


def cases_for(dataset: str) -> list[tuple[str, dict[str, Any]]]:
    """Argument sets drawn from the data: busy and quiet countries, regions,
    places, exploitation types, 1-3 hops, every coverage level."""
    batch = batch_for(dataset)
    flows = _flows(batch)
    labels = {n.id: n.label for n in batch.nodes}
    in_country = {r.start: r.end for r in batch.rels if r.type == "IN"}
    origins = Counter(o for o, _, _ in flows if labels[o] == "Country")
    dests = Counter(d for _, d, _ in flows if labels[d] == "Country")
    busiest, quiet = origins.most_common()[0][0], origins.most_common()[-1][0]
    top_dest = dests.most_common()[0][0]
    region_end = sorted({d for _, d, _ in flows if labels[d] == "Region"})[0]
    place_end = sorted({x for o, d, _ in flows for x in (o, d) if labels[x] == "Place"})[0]
    place_country = in_country[place_end]
    expl = Counter(e for _, _, p in flows for e in p.get("exploitation", []))
    common_expl, rare_expl = expl.most_common()[0][0], expl.most_common()[-1][0]
    members = Counter(r.start for r in batch.rels if r.type == "MEMBER_OF")
    member = members.most_common()[0][0] if members else busiest
    agency_home = sorted(r.end for r in batch.rels if r.type == "BASED_IN" and labels.get(r.start) == "Agency")[0]
    pair = next((o, d) for o, d, _ in flows if labels[o] == "Country" and labels[d] == "Country" and o != d)
    countries = [busiest, quiet, top_dest, place_country, member, agency_home]

    c: list[tuple[str, dict[str, Any]]] = [("stats", {})]
    c += [("nodes", {"label": lbl}) for lbl in NODE_LABELS]
    c += [
        ("routes", {}),
        ("routes", {"origin": busiest}),
        ("routes", {"origin": place_country}),
        ("routes", {"origin": place_end}),
        ("routes", {"destination": top_dest}),
        ("routes", {"destination": place_country}),
        ("routes", {"destination": region_end}),
        ("routes", {"destination": place_end}),
        ("routes", {"origin": pair[0], "destination": pair[1]}),
        ("routes", {"exploitation": common_expl}),
        ("routes", {"exploitation": rare_expl}),
        ("routes", {"exploitation": "no_such_purpose"}),
        ("routes", {"origin": busiest, "exploitation": common_expl}),
        ("routes", {"origin": "XXX"}),
        ("routes", {"max_hops": 2}),
    ]
    for hops in (1, 2, 3):
        c += [
            ("routes", {"origin": busiest, "max_hops": hops}),
            ("routes", {"origin": quiet, "max_hops": hops}),
            ("routes", {"origin": place_country, "max_hops": hops}),
            ("routes", {"origin": busiest, "destination": top_dest, "max_hops": hops}),
            ("routes", {"origin": quiet, "exploitation": common_expl, "max_hops": hops}),
        ]
    c += [("gaps", {})]
    c += [("gaps", {"below": level}) for level in LEVELS]
    c += [("gaps", {"country": x}) for x in dict.fromkeys([*countries, region_end, place_end])]
    c += [("gaps", {"country": busiest, "below": "bilateral"}), ("gaps", {"country": member, "below": "operational"})]
    c += [("agreements", {})] + [("agreements", {"country": x}) for x in dict.fromkeys([*countries, region_end])]
    c += [("cooperations", {})] + [("cooperations", {"country": x}) for x in dict.fromkeys([*countries, place_end])]
    c += [("country", {"iso3": x}) for x in dict.fromkeys([*countries, "ATA"])]
    # dated coverage, ranking keys, the route brief, onward connections, next instrument
    for day in ("2009", "2014-06-30", "2020-12-31"):
        c += [
            ("gaps", {"as_of": day}),
            ("gaps", {"country": busiest, "below": "bilateral", "as_of": day}),
            ("routes", {"origin": busiest, "as_of": day}),
            ("agreements", {"country": member, "as_of": day}),
            ("country", {"iso3": busiest, "as_of": day}),
            ("measured", {"as_of": day}),
        ]
    c += [("agreements", {"country": "CHN", "as_of": "2018-01"})]  # listed as negotiating before anyone is bound
    c += [
        ("gaps", {"sort": "evidence", "top": 15}),
        ("gaps", {"sort": "name"}),
        ("routes", {"sort": "evidence", "top": 10}),
        ("routes", {"origin": busiest, "sort": "name", "max_hops": 3}),
        # pages ranked on the figures, evidence made for the page only or only counted
        ("gaps", {"top": 50}),
        ("gaps", {"top": 25, "offset": 10, "evidence": "count"}),
        ("gaps", {"country": busiest, "sort": "evidence", "evidence": "count"}),
        ("gaps", {"below": "bilateral", "as_of": "2015", "top": 10, "offset": 3}),
        ("routes", {"top": 20, "offset": 5}),
        ("routes", {"max_hops": 2, "evidence": "count"}),
        ("routes", {"origin": busiest, "max_hops": 3, "top": 5, "offset": 1, "evidence": "count"}),
        # whole-graph lists ranked from the stores' pair rows (issue 25): dated, by form, by name, paged
        ("routes", {"as_of": "2014", "top": 30}),
        ("routes", {"exploitation": common_expl, "sort": "name", "top": 40, "offset": 7}),
        ("routes", {"evidence": "count", "as_of": "2010"}),
        ("gaps", {"below": "operational", "sort": "name", "top": 30, "evidence": "count"}),
        ("gaps", {"as_of": "2012", "top": 20, "offset": 20}),
        ("iter_gaps", {"evidence": "count"}),
        ("iter_gaps", {"as_of": "2016", "below": "bilateral"}),
        ("iter_routes", {"evidence": "count", "sort": "evidence"}),
        ("iter_routes", {"exploitation": rare_expl}),
        ("onward", {"origin": busiest}),
        ("onward", {"destination": top_dest, "top": 20}),
        ("brief", {"origin": pair[0], "destination": pair[1]}),
        ("brief", {"origin": busiest, "destination": top_dest, "as_of": "2015"}),
        ("next_instrument", {"iso3": busiest}),
        ("next_instrument", {"iso3": quiet, "as_of": "2012"}),
        ("names", {}),
        ("evidence", {"ids": sorted(n.id for n in batch.nodes if n.label in ("Flow", "Agreement"))[:40]}),
    ]
    c += [
        ("search_evidence", {"text": "women"}),
        ("search_evidence", {"text": "WOMEN", "limit": 7}),
        ("search_evidence", {"text": "section 1"}),
        ("search_evidence", {"text": "côte"}),
        ("search_evidence", {"text": "¶"}),
        ("search_evidence", {"text": "GROẞRAUM", "limit": 500}),
        ("search_evidence", {"text": "grossraum"}),
        ("search_evidence", {"text": "nothing-like-this"}),
        ("search_evidence", {"text": "", "limit": 25}),
        # words by stem, in any order (graph.analysis.evidence_matches): Cypher pre-selects, both keep the same
        ("search_evidence", {"text": "France women"}),
        ("search_evidence", {"text": "marriages"}),
        ("search_evidence", {"text": "victim trafficked", "limit": 10}),
        ("search_evidence", {"text": "sexually exploited"}),
        ("search_evidence", {"text": "repatriated"}),
        ("search_evidence", {"text": "x n"}),
    ]
    return c


def _all_cases() -> list[Any]:
    out = []
    for dataset in ("seed", "synthetic"):
        unique = {json.dumps(c, sort_keys=True): c for c in cases_for(dataset)}
        for i, (query, kwargs) in enumerate(unique.values()):
            tag = ",".join(f"{k}={v}" for k, v in kwargs.items())
            out.append(pytest.param(dataset, query, kwargs, id=f"{dataset}-{i:03d}-{query}({tag})"))
    return out


class Pair:
    """The Neo4j store plus one memory store per data set; loads Neo4j on demand."""

    def __init__(self) -> None:
        env = neo4j_env_or_fail()
        self.neo4j = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
        self.loaded: str | None = None
        self.memory: dict[str, MemoryStore] = {}

    def stores(self, dataset: str) -> tuple[MemoryStore, Neo4jStore]:
        if dataset not in self.memory:
            mem = MemoryStore(home=None)
            mem.load(batch_for(dataset))
            self.memory[dataset] = mem
        if self.loaded != dataset:
            self.neo4j.clear()
            self.loaded = None
            self.neo4j.load(batch_for(dataset))
            self.loaded = dataset
        return self.memory[dataset], self.neo4j


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    p = Pair()
    try:
        yield p
    finally:
        p.neo4j.close()


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """Where two JSON values first differ (key order and int/float included)."""
    if type(a) is not type(b):
        return f"{path}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items; next: {(a + b)[min(len(a), len(b))]!r}"
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def assert_same_json(memory: Any, neo4j: Any, sort_keys: bool = False) -> None:
    left = json.dumps(memory, ensure_ascii=False, sort_keys=sort_keys)
    right = json.dumps(neo4j, ensure_ascii=False, sort_keys=sort_keys)
    if left != right:
        where = first_difference(json.loads(left), json.loads(right))
        raise AssertionError(f"memory and neo4j differ at {where}")


@pytest.mark.parametrize(("dataset", "query", "kwargs"), _all_cases())
def test_same_json(pair: Pair, dataset: str, query: str, kwargs: dict[str, Any]) -> None:
    memory, neo4j = pair.stores(dataset)
    expected = getattr(memory, query)(**kwargs)
    got = getattr(neo4j, query)(**kwargs)
    if query.startswith("iter_"):  # streamed lists: every item, written as it comes
        expected, got = list(expected), list(got)
    # Node listings are not a CLI document: the order of properties after "id"
    # is the input's in memory and the server's in Neo4j; the content must match.
    assert_same_json(expected, got, sort_keys=query == "nodes")
    if query not in ("stats", "country", "brief", "names", "evidence", "measured"):
        assert isinstance(got, list)


@pytest.mark.parametrize("dataset", ["seed", "synthetic"])
def test_round_trip_neo4j_hands_the_analysis_what_the_memory_store_holds(pair: Pair, dataset: str) -> None:
    from ctgraph.graph.snapshot import Scope

    memory, neo4j = pair.stores(dataset)

    def records(G: Any) -> tuple[list[Any], list[Any]]:
        nodes = sorted((n, d["label"], json.dumps(d["props"], sort_keys=True)) for n, d in G.nodes(data=True))
        rels = sorted(
            (u, k[0], v, k[1], json.dumps(d["props"], sort_keys=True)) for u, v, k, d in G.edges(keys=True, data=True)
        )
        return nodes, rels

    assert records(neo4j.snapshot(Scope.everything())) == records(memory.snapshot(Scope.everything()))
    busiest = Counter(r.end for r in batch_for(dataset).rels if r.type == "FROM").most_common()[0][0]
    memory._whole = None
    scoped = Scope.around(busiest)
    assert records(neo4j.snapshot(scoped)) == records(memory.snapshot(scoped))
    # and the memory store holds exactly the batch that was loaded
    loaded = {(n.id, n.label) for n in batch_for(dataset).nodes}
    assert {(n, lbl) for n, lbl, _ in records(memory.snapshot(Scope.everything()))[0]} == loaded


def test_the_data_sets_exercise_the_semantics(pair: Pair) -> None:
    """The synthetic graph is big and varied enough for the parity run to mean something."""
    memory, _ = pair.stores("synthetic")
    assert memory.stats()["nodes"]["Flow"] >= 10_000
    assert memory.stats()["nodes"]["Country"] >= 190
    gaps = memory.gaps(below="bilateral")
    assert {g["coverage"] for g in gaps} == set(LEVELS) - {"bilateral"}
    assert any(g["instruments"] for g in gaps) and any(not g["instruments"] for g in gaps)
    routes = memory.routes()
    assert any(r["corroboration"] for r in routes), "data set flows corroborate some routes"
    assert any(c["by_year"] for r in routes for c in r["corroboration"])
    assert any(len(r["evidence"]) > 1 for r in routes)
    assert all(x["evidence_count"] == len(x["evidence"]) for x in [*routes, *gaps])
    statuses = {(a["kind"], a["status"]) for a in memory.agreements()}
    assert len(statuses) == 9, "every kind of agreement in every status"
    dates = [a["date"] for a in memory.agreements()]
    assert None in dates and any("/" in (d or "") for d in dates)
    chains = [r for r in memory.routes(max_hops=3) if len(r["hops"]) > 2]
    assert {r["link"] for r in chains} == {"transit", "same_victims"}, "evidenced chains of both kinds"
    assert any(a["status_history"] for a in memory.agreements()) and any(
        t["since"] for a in memory.agreements() for t in a["terms"])


def test_cli_gaps_json_is_the_same_on_both_stores(
    pair: Pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = neo4j_env_or_fail()  # read before anything below changes the environment
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    monkeypatch.setenv("NEO4J_URI", env["uri"])
    monkeypatch.setenv("NEO4J_USER", env["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"])
    monkeypatch.setenv("NEO4J_DATABASE", env["database"])
    pair.neo4j.clear()
    pair.loaded = None
    loaded = run_cli(capsys, "--store", "neo4j", "load", "--json")
    assert loaded.code == 0, loaded.err
    neo = run_cli(capsys, "--store", "neo4j", "gaps", "--json")
    mem = run_cli(capsys, "--store", "memory", "gaps", "--json")
    assert (neo.code, mem.code) == (0, 0), neo.err + mem.err
    assert neo.out == mem.out
    assert len(json.loads(neo.out)) > 5
    for args in (
        ["gaps", "--below", "bilateral", "--json"],
        ["gaps", "--country", "China", "--json"],
        ["routes", "--from", "China", "--max-hops", "3", "--json"],
        ["routes", "--to", "Switzerland", "--json"],
        ["gaps", "--top", "5", "--offset", "2", "--json"],
        ["gaps", "--evidence", "count", "--jsonl"],
        ["routes", "--max-hops", "2", "--top", "10", "--jsonl"],
        ["country", "China", "--json"],
        ["agreements", "--json"],
    ):
        a = run_cli(capsys, "--store", "neo4j", *args)
        b = run_cli(capsys, "--store", "memory", *args)
        assert (a.code, b.code) == (0, 0), a.err + b.err
        assert a.out == b.out, args
        assert len(json.loads(a.out) if "--json" in args else a.out.splitlines()) > 0, args
