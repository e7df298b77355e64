"""The Neo4j store against a real server: schema, idempotent and atomic loads,
configuration and the one-line errors users see.

Tests marked ``neo4j`` need ``NEO4J_URI``/``NEO4J_PASSWORD`` (start a server
with ``python tools/neo4j/server.py start``); with CI=true they fail, never
skip, when it is missing. The others need no server (a closed port).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.config import Settings
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.graph.stores import open_store
from ctgraph.ingest.seed import seed_batch, validate_paths
from ctgraph.ingest.synthetic import synthetic_batch
from tests.cli_helpers import run_cli
from tests.conftest import neo4j_env_or_fail, seeded_memory_store

START_HINT = "start it (python tools/neo4j/server.py start) or unset NEO4J_URI to use the embedded store"


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def seed() -> GraphBatch:
    return seed_batch(validate_paths())


@pytest.fixture()
def store() -> Iterator[Neo4jStore]:
    """A Neo4j store on the test server, emptied first."""
    env = neo4j_env_or_fail()
    s = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    s.clear()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def server() -> dict[str, str]:
    """NEO4J_* of the test server, read before ``cli_env`` clears them."""
    return neo4j_env_or_fail()


@pytest.fixture()
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the CLI from an empty folder (no .env) with a private CTGRAPH_HOME."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    for var in ("CTGRAPH_STORE", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


# --------------------------------------------------------------------------- loads


@pytest.mark.neo4j
def test_load_reports_counts_and_holds_what_memory_holds(store: Neo4jStore, seed: GraphBatch) -> None:
    report = store.load(seed)
    assert report == seed.counts()
    assert report.nodes["Flow"] == len([n for n in seed.nodes if n.label == "Flow"])
    memory = MemoryStore(home=None)
    memory.load(seed)
    assert store.stats() == memory.stats()
    assert store.stats()["nodes"] == report.nodes


@pytest.mark.neo4j
def test_constraints_make_ids_unique(store: Neo4jStore, seed: GraphBatch) -> None:
    """Countries are unique by id; every other fact by (id, load): one node per
    version, so a re-load can stage its version beside the one readers see."""
    from neo4j.exceptions import ConstraintError

    from ctgraph.graph.batch import NODE_LABELS

    store.load(seed)
    driver = store._db()
    with driver.session(database=store.database) as session:
        rows = session.run(
            "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
            "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props"
        ).data()
        with pytest.raises(ConstraintError):
            session.run("CREATE (:Country {id: 'CHN'})").consume()
        load = session.run("MATCH (f:Flow) RETURN f._load AS load LIMIT 1").single(strict=True)["load"]
        fid = session.run("MATCH (f:Flow) RETURN f.id AS id LIMIT 1").single(strict=True)["id"]
        with pytest.raises(ConstraintError):
            session.run("CREATE (:Flow {id: $id, _load: $load})", id=fid, load=load).consume()
    by_label = {r["label"]: r["props"] for r in rows}
    assert by_label["Country"] == ["id"]
    assert all(by_label[lbl] == ["id", "_load"] for lbl in NODE_LABELS if lbl != "Country")


@pytest.mark.neo4j
def test_second_load_changes_nothing(store: Neo4jStore, seed: GraphBatch) -> None:
    first = store.load(seed)
    stats, gaps, routes = store.stats(), store.gaps(), store.routes(max_hops=2)
    second = store.load(seed)
    assert second == first
    assert store.stats() == stats
    assert _json(store.gaps()) == _json(gaps)
    assert _json(store.routes(max_hops=2)) == _json(routes)


@pytest.mark.neo4j
def test_reload_of_a_large_batch_is_idempotent(store: Neo4jStore) -> None:
    batch = synthetic_batch(3_000, seed=7)
    store.load(batch)
    stats = store.stats()
    store.load(batch)
    assert store.stats() == stats
    assert stats["nodes"]["Flow"] == 3_000
    assert sum(stats["relationships"].values()) == len(batch.rels)


@pytest.mark.neo4j
def test_load_with_a_missing_endpoint_rolls_everything_back(store: Neo4jStore, seed: GraphBatch) -> None:
    store.load(seed)
    before = store.stats()
    bad = GraphBatch(
        "bad",
        nodes=[
            NodeRecord("Flow", "flow:new-one", {"scope": "cross_border"}),
            NodeRecord("Country", "ZZZ", {"iso3": "ZZZ", "name": "Nowhere"}),
        ],
        rels=[
            RelRecord("FROM", "flow:new-one", "CHN"),
            RelRecord("TO", "flow:new-one", "ZZZ"),
            RelRecord("EVIDENCE", "flow:new-one", "source:does-not-exist", "0", {"quote": "q", "locator": "l"}),
        ],
    )
    with pytest.raises(ValueError, match="relationship EVIDENCE refers to missing node 'source:does-not-exist'"):
        store.load(bad)
    assert store.stats() == before
    assert "flow:new-one" not in {n["id"] for n in store.nodes("Flow")}
    assert "ZZZ" not in {n["id"] for n in store.nodes("Country")}
    # The embedded store refuses the same batch with the same message.
    memory = seeded_memory_store()
    with pytest.raises(ValueError, match="refers to missing node 'source:does-not-exist'"):
        memory.load(bad)


class _FailAfter(Neo4jStore):
    """Raises inside the load transaction after ``n`` UNWIND statements."""

    def __init__(self, n: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.n = n
        self.seen: list[str] = []

    def _checkpoint(self, done: str) -> None:
        self.seen.append(done)
        if len(self.seen) >= self.n:
            raise RuntimeError(f"injected failure after {done}")


@pytest.mark.neo4j
@pytest.mark.parametrize("after", [1, 6, 20])
def test_failure_part_way_leaves_the_graph_as_it_was(store: Neo4jStore, seed: GraphBatch, after: int) -> None:
    store.load(seed)
    before = store.stats()
    gaps_before = _json(store.gaps())
    env = neo4j_env_or_fail()
    failing = _FailAfter(after, uri=env["uri"], user=env["user"], password=env["password"], database=env["database"])
    batch = synthetic_batch(2_000, seed=3)
    try:
        with pytest.raises(RuntimeError, match="injected failure"):
            failing.load(batch)
    finally:
        failing.close()
    assert len(failing.seen) == after, "the failure happened part-way, after some statements had run"
    assert store.stats() == before
    assert _json(store.gaps()) == gaps_before
    assert not any(n["id"].startswith("flow:f-") for n in store.nodes("Flow"))


@pytest.mark.neo4j
def test_unknown_label_is_refused_before_anything_is_written(store: Neo4jStore) -> None:
    with pytest.raises(ValueError, match="unknown node label 'Person'"):
        store.load(GraphBatch("x", nodes=[NodeRecord("Person", "person:x")]))
    with pytest.raises(ValueError, match="unknown relationship type 'KNOWS'"):
        store.load(GraphBatch("x", rels=[RelRecord("KNOWS", "CHN", "FRA")]))
    assert store.stats() == {"nodes": {}, "relationships": {}}


@pytest.mark.neo4j
def test_values_with_cypher_syntax_are_stored_verbatim(store: Neo4jStore) -> None:
    tricky = "x'}) DETACH DELETE n //"
    batch = GraphBatch(
        "tricky",
        nodes=[
            NodeRecord("Source", "source:s", {"title": tricky, "kind": "report", "publisher": "p"}),
            NodeRecord("Country", "CHN", {"iso3": "CHN", "name": "China"}),
            NodeRecord("Agreement", "agreement:a", {"title": tricky, "kind": "bilateral", "status": "signed"}),
        ],
        rels=[RelRecord("EVIDENCE", "agreement:a", "source:s", "0", {"quote": tricky, "locator": "$x"})],
    )
    store.load(batch)
    assert store.nodes("Source")[0]["title"] == tricky
    assert store.search_evidence("detach")[0]["quote"] == tricky
    assert store.search_evidence("$X")[0]["locator"] == "$x"


def _records(G: Any) -> tuple[list[Any], list[Any]]:
    """A snapshot graph as sorted (node, label, props) and (start, type, end, key, props) records."""
    nodes = sorted((n, d["label"], _json(sorted(d["props"].items()))) for n, d in G.nodes(data=True))
    rels = sorted((u, k[0], v, k[1], _json(sorted(d["props"].items()))) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, rels


@pytest.mark.neo4j
def test_snapshots_read_while_a_load_is_staged_show_the_graph_as_it_was(
    store: Neo4jStore, seed: GraphBatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a re-load is staged (its records beside the ones readers see), every
    snapshot (the whole graph, the scope around a country, facts by id) is read
    with the visibility conditions and shows exactly the graph before the load;
    afterwards, exactly the new one (both as the embedded store holds them)."""
    from collections import Counter

    import ctgraph.graph.neo4j_store as ns
    from ctgraph.graph.snapshot import Scope

    busiest = Counter(r.end for r in seed.rels if r.type == "FROM").most_common(1)[0][0]
    flow = next(r.start for r in seed.rels if r.type == "FROM" and r.end == busiest)
    other = next(r.end for r in seed.rels if r.type == "TO" and r.start == flow)
    nodes = [NodeRecord(n.label, n.id, {**n.props, "note": "changed"}) if n.id == flow else n for n in seed.nodes]
    countries = {n.id for n in seed.nodes if n.label == "Country"}
    shared = next(r for r in seed.rels if r.start in countries)  # starts at a node no load owns
    rels = [RelRecord(r.type, r.start, r.end, r.key, {**r.props, "quote": "changed"})
            if (r.start == flow and r.type == "EVIDENCE") or r is shared else r for r in seed.rels]
    new = "flow:staged-new"
    nodes.append(NodeRecord("Flow", new, {"scope": "cross_border", "victims": ["men"]}))
    rels += [RelRecord("FROM", new, busiest), RelRecord("TO", new, other), RelRecord("CONTINUES", new, flow),
             RelRecord(shared.type, shared.start, shared.end, "staged", shared.props)]
    changed = GraphBatch(seed.name, nodes, rels, dict(seed.origins))
    # the whole graph last: the embedded store answers any later scope from its cached whole graph
    scopes = [Scope.around(busiest), Scope.around(other), Scope.of_facts([flow, new]), Scope.everything()]

    def expected(*batches: GraphBatch) -> list[Any]:
        memory = MemoryStore(home=None)
        for b in batches:
            memory.load(b)
        return [_records(memory.snapshot(s)) for s in scopes]

    before, after = expected(seed), expected(seed, changed)
    assert before != after
    store.load(seed)
    assert [_records(store.snapshot(s)) for s in scopes] == before
    reader = Neo4jStore(store.uri, store.user, store._password, store.database)
    seen: list[Any] = []

    class Watching(Neo4jStore):
        def _checkpoint(self, done: str) -> None:
            seen.append([_records(reader.snapshot(s)) for s in scopes])

    monkeypatch.setattr(ns, "SINGLE_TX_RECORDS", 100)  # staged: written in many transactions
    monkeypatch.setattr(ns, "BATCH_ROWS", 400)
    writer = Watching(store.uri, store.user, store._password, store.database)
    try:
        writer.load(changed)
    finally:
        writer.close()
        reader.close()
    assert len(seen) > 5, "the reader looked while the load was staged"
    assert all(s == before for s in seen), "no snapshot showed a staged record"
    assert [_records(store.snapshot(s)) for s in scopes] == after


# --------------------------------------------------------------------------- configuration


def test_settings_build_the_store_lazily(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    port = closed_port()
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-used-here")
    monkeypatch.setenv("NEO4J_DATABASE", "teamdb")
    monkeypatch.setenv("NEO4J_USER", "analyst")
    store = open_store(Settings())
    assert isinstance(store, Neo4jStore)
    assert (store.uri, store.user, store.database) == (f"bolt://127.0.0.1:{port}", "analyst", "teamdb")
    assert store._driver is None, "no connection before the first question"
    with pytest.raises(StoreUnavailable, match="cannot reach Neo4j"):
        store.stats()
    store.close()
    store.close()


@pytest.mark.parametrize("scheme", ["bolt", "neo4j", "neo4j+s", "bolt+s"])
def test_every_uri_scheme_takes_the_same_path(scheme: str) -> None:
    uri = f"{scheme}://127.0.0.1:{closed_port()}"
    store = Neo4jStore(uri, password="x", timeout_s=5)
    with pytest.raises(StoreUnavailable) as err:
        store.routes()
    assert str(err.value) == f"cannot reach Neo4j at {uri}: {START_HINT}"


def test_cli_unreachable_server_is_one_error_line(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    uri = f"bolt://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "whatever-it-is")
    res = run_cli(capsys, "--store", "neo4j", "gaps", "--json")
    assert res.code == 1
    assert res.out == ""
    assert res.err == f"Error: cannot reach Neo4j at {uri}: {START_HINT}\n"


def test_cli_bad_uri_and_missing_password(cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEO4J_URI", "http://127.0.0.1:7474")
    monkeypatch.setenv("NEO4J_PASSWORD", "whatever-it-is")
    res = run_cli(capsys, "--store", "neo4j", "stats", "--json")
    assert res.code == 1 and res.out == ""
    assert res.err.startswith("Error: NEO4J_URI 'http://127.0.0.1:7474' is not a Neo4j URI")
    assert res.err.endswith("use bolt://host:7687, neo4j://host:7687 or neo4j+s://<id>.databases.neo4j.io\n")
    assert res.err.count("\n") == 1
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.delenv("NEO4J_PASSWORD")
    res = run_cli(capsys, "--store", "neo4j", "stats", "--json")
    assert (res.code, res.out) == (1, "")
    assert res.err == "Error: NEO4J_PASSWORD is not set for Neo4j at bolt://127.0.0.1:7687: export it (see .env.example)\n"


@pytest.mark.neo4j
def test_cli_wrong_password_is_one_error_line(server: dict[str, str], cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    env = server
    monkeypatch.setenv("NEO4J_URI", env["uri"])
    monkeypatch.setenv("NEO4J_USER", env["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"] + "-wrong")
    res = run_cli(capsys, "--store", "neo4j", "gaps", "--json")
    assert (res.code, res.out) == (1, "")
    assert res.err == (
        f"Error: Neo4j at {env['uri']} rejected user {env['user']!r}: check NEO4J_USER and NEO4J_PASSWORD\n"
    )


@pytest.mark.neo4j
def test_cli_missing_database_is_one_error_line(server: dict[str, str], cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    env = server
    monkeypatch.setenv("NEO4J_URI", env["uri"])
    monkeypatch.setenv("NEO4J_USER", env["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"])
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdb")
    res = run_cli(capsys, "--store", "neo4j", "agreements", "--json")
    assert (res.code, res.out) == (1, "")
    assert res.err == (
        f"Error: Neo4j at {env['uri']} has no database 'nosuchdb': "
        "set NEO4J_DATABASE to an existing database (default: neo4j) or create it\n"
    )


@pytest.mark.neo4j
def test_cli_load_then_query_on_neo4j(store: Neo4jStore, server: dict[str, str], cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed: GraphBatch) -> None:
    env = server
    monkeypatch.setenv("NEO4J_URI", env["uri"])
    monkeypatch.setenv("NEO4J_USER", env["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"])
    monkeypatch.setenv("NEO4J_DATABASE", env["database"])
    res = run_cli(capsys, "load", "--json")  # NEO4J_URI set: neo4j is the default store
    assert res.code == 0, res.err
    assert res.json() == seed.counts().as_dict()
    again = run_cli(capsys, "--store", "neo4j", "load", "--json")
    assert again.json() == res.json()
    stats = run_cli(capsys, "stats", "--json")
    assert stats.json()["nodes"] == seed.counts().nodes
    assert not (cli_env / "home" / "batches").exists(), "nothing went to the embedded store"


def test_the_driver_is_imported_without_pandas_where_pandas_is_not_loaded() -> None:
    """A Neo4j CLI call does not pay for pandas or numpy (the driver would import
    them for its DataFrame and numpy support); both stay importable, and a
    process that loaded numpy first (the dashboard) keeps the driver's numpy support."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ctgraph.graph.neo4j_store import Neo4jStore\n"
        "Neo4jStore('bolt://127.0.0.1:1', 'neo4j', 'x')\n"
        "assert 'neo4j' in sys.modules, 'driver imported'\n"
        "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules, 'pandas or numpy loaded with the driver'\n"
        "from neo4j import _optional_deps\n"
        "assert _optional_deps.np is None and _optional_deps.pd is None\n"
        "import numpy, pandas\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
    loaded_first = (
        "import numpy\n"
        "from ctgraph.graph.neo4j_store import Neo4jStore\n"
        "Neo4jStore('bolt://127.0.0.1:1', 'neo4j', 'x')\n"
        "from neo4j import _optional_deps\n"
        "assert _optional_deps.np is numpy\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", loaded_first], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
