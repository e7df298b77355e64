"""The read-only Cypher console (graph/console.py, dashboard/views/console.py).

Against a real Neo4j (marker ``neo4j``): every kind of write attempt is
refused with a clear message and leaves the database exactly as it was
(node and relationship counts per label and type, label and type tokens,
indexes, constraints, users); the server's read access mode refuses writes
on its own, with the friendly pre-check switched off; what read mode allows
but a console must not (LOAD CSV of a server file, TERMINATE/SHOW
TRANSACTIONS, other procedures) is refused by the pre-check; the server stops
a slow query (it is gone from the server's transactions, not just abandoned);
the row limit cuts and says "truncated"; nodes, relationships and paths come
back as their properties, never as driver objects or bookkeeping.

Without a server: the page exists only when CTGRAPH_CONSOLE is on (also from
the ``[ctgraph]`` table of Streamlit secrets), and on the embedded store it
says the console needs Neo4j.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import ctgraph.graph.console
from ctgraph.dashboard import state
from ctgraph.dashboard.console_network import render_result_graph
from ctgraph.dashboard.network import external_resources
from ctgraph.graph.config import Settings
from ctgraph.graph.console import (
    MAX_DEPTH,
    REFUSED_ADMIN,
    REFUSED_BOOKKEEPING,
    REFUSED_IN_TRANSACTIONS,
    REFUSED_LOAD_CSV,
    REFUSED_WRITE,
    ConsoleSettings,
    ConsoleStatus,
    GraphEdge,
    GraphNode,
    ResultGraph,
    _collect,
    cell_text,
    open_driver,
    plain_value,
    run_console,
    table_columns,
)
from ctgraph.graph.errors import ConfigError
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.ingest.seed import seed_batch, validate_paths
from tests.conftest import neo4j_env_or_fail

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

#: (query, refusal) of every kind of write the console must refuse; the server refuses each on its own.
WRITES: list[tuple[str, str]] = [
    ("CREATE (n:Intruder {name: 'x'}) RETURN n", REFUSED_WRITE),
    ("MERGE (c:Country {id: 'ZZZ'}) RETURN c", REFUSED_WRITE),
    ("MATCH (n) DETACH DELETE n", REFUSED_WRITE),
    ("MATCH (c:Country {id: 'CHN'}) SET c.name = 'pwned'", REFUSED_WRITE),
    ("MATCH (c:Country {id: 'CHN'}) REMOVE c.name", REFUSED_WRITE),
    ("MATCH (c:Country {id: 'CHN'}) SET c:Intruder", REFUSED_WRITE),
    ("MATCH (a:Country {id: 'CHN'}), (b:Country {id: 'FRA'}) CREATE (a)-[:INTRUDES]->(b)", REFUSED_WRITE),
    ("CALL () { MATCH (n:Flow) DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS", REFUSED_WRITE),
    ("UNWIND range(1, 3) AS i CALL (i) { CREATE (:Intruder {i: i}) } IN TRANSACTIONS", REFUSED_WRITE),
    ("CALL db.createLabel('Intruder')", REFUSED_WRITE),
    ("CALL db.createRelationshipType('INTRUDES')", REFUSED_WRITE),
    ("CALL db.createProperty('intruder')", REFUSED_WRITE),
    ("CREATE INDEX intruder IF NOT EXISTS FOR (n:Country) ON (n.intruder)", REFUSED_ADMIN),
    ("CREATE CONSTRAINT intruder IF NOT EXISTS FOR (n:Intruder) REQUIRE n.id IS UNIQUE", REFUSED_ADMIN),
    ("DROP INDEX country_id IF EXISTS", REFUSED_ADMIN),
    ("CREATE USER intruder SET PASSWORD 'intruder-password'", REFUSED_ADMIN),
    ("ALTER USER neo4j SET PASSWORD 'changed-by-console'", REFUSED_ADMIN),
    ("CREATE DATABASE intruder IF NOT EXISTS", REFUSED_ADMIN),
    ("STOP DATABASE neo4j", REFUSED_ADMIN),
    ("DROP USER neo4j", REFUSED_ADMIN),
]

#: Allowed by the server in read access mode, refused by the console's pre-check.
READ_MODE_HOLES: list[tuple[str, str]] = [
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", REFUSED_LOAD_CSV),
    ("LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row", REFUSED_LOAD_CSV),
    ("CALL () { LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r } RETURN r", REFUSED_LOAD_CSV),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", REFUSED_ADMIN),
    ("SHOW TRANSACTIONS", REFUSED_ADMIN),
    ("SHOW USERS", REFUSED_ADMIN),
    ("SHOW SETTINGS", REFUSED_ADMIN),
    ("CALL { MATCH (n:Country) RETURN n } IN TRANSACTIONS RETURN count(n) AS n", REFUSED_IN_TRANSACTIONS),
]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def neo4j_seed() -> Iterator[Neo4jStore]:
    """The seed loaded into the test server (emptied first)."""
    env = neo4j_env_or_fail()
    store = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    store.clear()
    store.load(seed_batch(validate_paths()))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def driver(neo4j_seed: Neo4jStore) -> Iterator[Any]:
    env = neo4j_env_or_fail()
    settings = Settings(neo4j_uri=env["uri"], neo4j_user=env["user"], neo4j_password=env["password"], _env_file=None)
    d = open_driver(settings, ConsoleSettings(_env_file=None))
    try:
        yield d
    finally:
        d.close()


def fingerprint(store: Neo4jStore) -> dict[str, Any]:
    """Everything a write could change: counts, tokens, schema, users (read as admin, not via the console)."""
    d = store._db()
    with d.session(database=store.database) as s:
        labels = sorted(r["label"] for r in s.run("CALL db.labels()"))
        types = sorted(r["relationshipType"] for r in s.run("CALL db.relationshipTypes()"))
        keys = sorted(r["propertyKey"] for r in s.run("CALL db.propertyKeys()"))
        indexes = sorted(r["name"] for r in s.run("SHOW INDEXES YIELD name"))
        constraints = sorted(r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name"))
        china = s.run("MATCH (c:Country {id: 'CHN'}) RETURN properties(c) AS p, labels(c) AS l").single()
    with d.session(database="system") as s:
        users = sorted(r["user"] for r in s.run("SHOW USERS YIELD user"))
        databases = sorted(r["name"] for r in s.run("SHOW DATABASES YIELD name"))
    return {
        "stats": store.stats(),
        "labels": labels,
        "types": types,
        "keys": keys,
        "indexes": indexes,
        "constraints": constraints,
        "china": (china["p"], sorted(china["l"])) if china else None,
        "users": users,
        "databases": databases,
    }


def console(driver: Any, query: str, **kw: Any) -> Any:
    env = neo4j_env_or_fail()
    return run_console(driver, query, database=env["database"], uri=env["uri"], **kw)


# --------------------------------------------------------------------------- writes (real server)


@pytest.mark.neo4j
@pytest.mark.parametrize("query,refusal", WRITES, ids=[q for q, _ in WRITES])
def test_every_write_attempt_is_refused_and_changes_nothing(
    driver: Any, neo4j_seed: Neo4jStore, query: str, refusal: str
) -> None:
    before = fingerprint(neo4j_seed)
    result = console(driver, query)
    assert result.status is ConsoleStatus.REFUSED, result
    assert result.message == refusal
    assert result.rows == []
    assert fingerprint(neo4j_seed) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("query,refusal", WRITES, ids=[q for q, _ in WRITES])
def test_the_server_refuses_writes_even_without_the_precheck(
    driver: Any, neo4j_seed: Neo4jStore, query: str, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read access mode is the guarantee: with the EXPLAIN pre-check switched off
    (no plan asked for, the query goes straight to the server) the server still
    refuses, and the console reports it as a refusal."""
    monkeypatch.setattr(ctgraph.graph.console, "_plan", lambda *a, **k: ("r", None))
    before = fingerprint(neo4j_seed)
    result = console(driver, query)
    assert result.status is ConsoleStatus.REFUSED, result
    assert result.message in (REFUSED_WRITE, REFUSED_IN_TRANSACTIONS, REFUSED_ADMIN)
    assert fingerprint(neo4j_seed) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("query,refusal", READ_MODE_HOLES, ids=[q for q, _ in READ_MODE_HOLES])
def test_what_read_mode_allows_but_a_console_must_not_is_refused(
    driver: Any, neo4j_seed: Neo4jStore, query: str, refusal: str
) -> None:
    before = fingerprint(neo4j_seed)
    result = console(driver, query)
    assert result.status is ConsoleStatus.REFUSED, result
    assert result.message == refusal
    assert result.rows == []
    assert fingerprint(neo4j_seed) == before


@pytest.mark.neo4j
def test_load_csv_would_read_server_files_without_the_precheck(
    driver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the pre-check is needed at all: read mode lets LOAD CSV read /etc/passwd."""
    monkeypatch.setattr(ctgraph.graph.console, "_plan", lambda *a, **k: ("r", None))
    result = console(driver, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row[0] AS line LIMIT 1")
    assert result.status is ConsoleStatus.OK and str(result.rows[0][0]).startswith("root:")


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "query",
    ["CALL dbms.listConfig()", "CALL dbms.components() YIELD name RETURN name", "CALL tx.setMetaData({a: 1})"],
)
def test_procedures_other_than_schema_lookups_are_refused(driver: Any, query: str) -> None:
    result = console(driver, query)
    assert result.status is ConsoleStatus.REFUSED
    name = query.split()[1].split("(")[0]
    assert result.message.startswith(f"Refused: procedure {name} is not available in the console")


@pytest.mark.neo4j
def test_unknown_procedures_such_as_apoc_are_refused(driver: Any, neo4j_seed: Neo4jStore) -> None:
    before = fingerprint(neo4j_seed)
    result = console(driver, "CALL apoc.create.node(['Intruder'], {name: 'x'})")
    assert result.status is ConsoleStatus.REFUSED
    assert "apoc.create.node" in result.message and "The console runs only db.labels" in result.message
    assert fingerprint(neo4j_seed) == before


@pytest.mark.neo4j
def test_schema_lookups_run(driver: Any) -> None:
    result = console(driver, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert result.status is ConsoleStatus.OK
    assert ["Country"] in result.rows and ["Flow"] in result.rows


# --------------------------------------------------------------------------- bounds


@pytest.mark.neo4j
def test_the_server_stops_a_slow_query(driver: Any, neo4j_seed: Neo4jStore) -> None:
    slow = "UNWIND range(1, 2000000000) AS x WITH x WHERE x = -1 RETURN count(*) AS n"
    result = console(driver, slow, timeout_s=1.0)
    assert result.status is ConsoleStatus.TIMEOUT
    assert "stopped the query after 1 s (CTGRAPH_CONSOLE_TIMEOUT_S)" in result.message
    # stopped by the server, not abandoned by the client: it no longer runs there
    with neo4j_seed._db().session(database=neo4j_seed.database) as s:
        deadline = time.monotonic() + 10
        while True:
            running = [r["q"] for r in s.run("SHOW TRANSACTIONS YIELD currentQuery AS q") if "2000000000" in r["q"]]
            if not running or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    assert running == []


@pytest.mark.neo4j
def test_the_row_limit_cuts_and_says_truncated(driver: Any) -> None:
    result = console(driver, "UNWIND range(1, 100000000) AS x RETURN x", limit=100)
    assert result.status is ConsoleStatus.TRUNCATED
    assert [r[0] for r in result.rows] == list(range(1, 101))
    assert result.message.startswith("Truncated: the first 100 rows are shown")
    exact = console(driver, "UNWIND range(1, 100) AS x RETURN x", limit=100)
    assert exact.status is ConsoleStatus.OK and len(exact.rows) == 100


@pytest.mark.neo4j
def test_empty_and_syntax_errors_have_their_own_state(driver: Any) -> None:
    empty = console(driver, "MATCH (c:Country {id: 'nope'}) RETURN c")
    assert empty.status is ConsoleStatus.EMPTY and empty.columns == ["c"]
    bad = console(driver, "MATCH (n RETURN n")
    assert bad.status is ConsoleStatus.ERROR and bad.message.startswith("Cypher syntax error: ")
    # positions and the echoed query are the analyst's, not those of "EXPLAIN <query>"
    assert "EXPLAIN" not in bad.message and "column 10 (offset: 9)" in bad.message
    two = console(driver, "RETURN 1; CREATE (n)")
    assert two.status is ConsoleStatus.ERROR
    for text in ("", "   ", "EXPLAIN MATCH (n) RETURN n", "// note\nPROFILE MATCH (n) RETURN n", "x" * 20_001):
        assert console(driver, text).status is ConsoleStatus.REFUSED


# --------------------------------------------------------------------------- results


@pytest.mark.neo4j
def test_nodes_and_relationships_come_back_as_their_properties(driver: Any) -> None:
    result = console(
        driver,
        "MATCH (f:Flow)-[r:FROM]->(c:Country {id: 'CHN'}) RETURN c, r, f.id AS flow, c.name AS name LIMIT 1",
    )
    assert result.status is ConsoleStatus.OK and result.columns == ["c", "r", "flow", "name"]
    country, rel, flow, name = result.rows[0]
    assert country == {"label": "Country", "properties": {"id": "CHN", "iso3": "CHN", "name": "China"}}
    assert rel["type"] == "FROM" and not any(k.startswith("_") for k in rel["properties"])
    assert name == "China" and flow.startswith("flow:")
    text = " ".join(cell_text(v) for v in result.rows[0])
    assert text.startswith('Country {"id": "CHN", "iso3": "CHN", "name": "China"} [:FROM')
    for leaked in ("<Node", "<Relationship", "element_id", "_batch", "_origin", "_load"):
        assert leaked not in text
    assert result.graph.nodes and result.graph.edges


@pytest.mark.neo4j
def test_paths_become_a_network(driver: Any) -> None:
    result = console(driver, "MATCH p = (:Country {id: 'THA'})<-[:PARTY]-(:Agreement) RETURN p LIMIT 5")
    assert result.status is ConsoleStatus.OK
    # the arrow points the way the relationship does: (Agreement)-[:PARTY]->(Country)
    assert all(cell_text(row[0]).startswith("(Thailand)<-[:PARTY]-(") for row in result.rows)
    graph = result.graph
    assert any(n.caption == "Thailand" for n in graph.nodes.values())
    assert len(graph.edges) == len(result.rows) and {e.type for e in graph.edges.values()} == {"PARTY"}
    view = render_result_graph(graph)
    assert view.nodes_shown == len(graph.nodes) and view.edges_shown == len(graph.edges)
    assert external_resources(view.html) == [] and "vis.Network" in view.html


@pytest.mark.neo4j
def test_temporal_spatial_and_map_values_are_plain(driver: Any) -> None:
    result = console(
        driver,
        "RETURN date('2018-01-16') AS d, duration('P1D') AS du, point({x: 1, y: 2}) AS p, {a: [1, null]} AS m",
    )
    d, du, p, m = result.rows[0]
    assert d == "2018-01-16" and du == "P1D" and p == "CartesianPoint(1.0, 2.0)" and m == {"a": [1, None]}


# --------------------------------------------------------------------------- pure parts


def test_hostile_text_in_the_network_stays_inside_json() -> None:
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> javascript:alert(2)"
    g = ResultGraph(
        {"1": GraphNode("1", hostile, "Country", {"name": hostile, "href": "javascript:alert(3)"}),
         "2": GraphNode("2", "b", "Region", {})},
        {"r": GraphEdge("r", "1", "2", "FROM", {"quote": hostile})},
    )
    page = render_result_graph(g).html
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "popup.innerHTML" not in page  # pyvis' link-tooltip template (innerHTML) is never used


def test_table_cells_are_text_unless_a_column_is_numeric() -> None:
    cols = table_columns([[1, {"label": "Country", "properties": {"name": "=cmd()"}}], [None, "x"]], 2)
    assert cols[0] == [1, None]
    assert cols[1] == ['Country {"name": "=cmd()"}', "x"]


def test_bad_console_settings_are_one_line() -> None:
    with pytest.raises(ConfigError, match=r"^CTGRAPH_CONSOLE='maybe' is not valid .*set it to 1 \(on\) or 0 \(off\)$"):
        ctgraph.graph.console.console_settings(ctgraph_console="maybe", _env_file=None)
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_password="pw", _env_file=None)
    with pytest.raises(ConfigError, match="CTGRAPH_CONSOLE_USER is set without CTGRAPH_CONSOLE_PASSWORD"):
        open_driver(settings, ConsoleSettings(ctgraph_console_user="reader", _env_file=None))


# --------------------------------------------------------------------------- the page


def _run_app(home: Path, **secrets: Any) -> AppTest:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in secrets.items():
        at.secrets[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_console_page_is_off_by_default(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CTGRAPH_CONSOLE", raising=False)
    at = _run_app(home)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/console.py").run()


def test_a_bad_console_setting_shows_on_the_page(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGRAPH_CONSOLE", "maybe")
    at = _run_app(home)
    at.switch_page("views/console.py").run()
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == [
        "CTGRAPH_CONSOLE='maybe' is not valid (input should be a valid boolean, unable to interpret input); "
        "set it to 1 (on) or 0 (off)"
    ]
    assert not at.text_area


def test_on_the_embedded_store_the_console_says_it_needs_neo4j(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGRAPH_CONSOLE", "1")
    at = _run_app(home)
    at.switch_page("views/console.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Cypher console"]
    assert any("The Cypher console needs Neo4j" in i.value for i in at.info)
    assert not at.text_area and not at.dataframe


def test_the_console_can_be_turned_on_in_streamlit_secrets(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CTGRAPH_CONSOLE", raising=False)
    try:
        at = _run_app(home, ctgraph={"ctgraph_console": "1"})
        at.switch_page("views/console.py").run()
        assert [t.value for t in at.title] == ["Cypher console"]
    finally:  # the app copies the [ctgraph] secrets into os.environ
        os.environ.pop("CTGRAPH_CONSOLE", None)


@pytest.mark.neo4j
def test_the_page_runs_a_query_and_refuses_a_write(
    neo4j_seed: Neo4jStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = neo4j_env_or_fail()
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CTGRAPH_CONSOLE", "1")
    monkeypatch.setenv("NEO4J_URI", env["uri"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"])
    at = _run_app(tmp_path)
    at.switch_page("views/console.py").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.text_area(key="console-query").input(
        "MATCH p = (:Country {id: 'THA'})<-[:PARTY]-(a:Agreement) RETURN p, a.title AS title LIMIT 5"
    )
    at.button[0].click().run()  # the form's Run button
    assert not at.exception and not at.error, [e.value for e in at.error]
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["p", "title"] and len(frame) >= 3
    assert frame["p"].str.startswith("(Thailand)<-[:PARTY]-(").all()
    assert [t.label for t in at.tabs] == ["Table", "Network"]
    assert "vis.Network" in at.get("iframe")[0].proto.srcdoc

    before = fingerprint(neo4j_seed)
    at.text_area(key="console-query").input("MATCH (n) DETACH DELETE n")
    at.button[0].click().run()
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == [REFUSED_WRITE]  # as the reader sees it
    assert not at.dataframe
    assert fingerprint(neo4j_seed) == before


# --------------------------------------------------------------------------- hostile results (issue 22)


def _timed(driver: Any, query: str, bound_s: float, **kw: Any) -> tuple[Any, float]:
    """``console(...)`` in a thread: its result and seconds, or a failure (not a hung test) past ``bound_s``."""
    out: dict[str, Any] = {}

    def go() -> None:
        out["result"] = console(driver, query, **kw)

    started = time.monotonic()
    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    worker.join(bound_s)
    took = time.monotonic() - started
    assert not worker.is_alive(), f"the console was still transferring after {bound_s} s: {query}"
    return out["result"], took


@pytest.mark.neo4j
def test_one_huge_row_is_cut_by_the_byte_bound(driver: Any) -> None:
    """One row of a 3-million-element list: computed in a second, ~50 MB on the wire, ~500 MB in Python.
    Before the transfer was bounded it came back whole after 15-40 s, far past the 10 s promise."""
    result, took = _timed(driver, "RETURN [x IN range(1, 3000000) | 'abcdefghij' + x] AS big", 30,
                          max_bytes=2 * 1024 * 1024)
    assert result.status is ConsoleStatus.TRUNCATED and result.rows == [] and result.columns == ["big"]
    assert result.message.startswith("Truncated: the result is larger than 2 MB")
    assert "its first row alone is too large to show" in result.message
    assert took < 10


@pytest.mark.neo4j
def test_many_rows_are_cut_by_the_byte_bound_and_the_rows_shown_are_whole(driver: Any) -> None:
    result, took = _timed(driver, "UNWIND range(1, 2000) AS i RETURN i, [x IN range(1, 2000) | 'abcdefghij' + x] AS l",
                          30, max_bytes=2 * 1024 * 1024, limit=100_000)
    assert result.status is ConsoleStatus.TRUNCATED, result.message
    n = len(result.rows)
    assert 10 < n < 2000
    assert [r[0] for r in result.rows] == list(range(1, n + 1))
    assert all(len(r[1]) == 2000 and r[1][-1] == "abcdefghij2000" for r in result.rows)
    assert result.message.startswith(f"Truncated: the result is larger than 2 MB (more than the console transfers); "
                                     f"the first {n:,} row(s) that arrived whole are shown.")
    assert took < 10
    after = console(driver, "RETURN 1 AS one")  # the dropped connection left the driver usable
    assert after.status is ConsoleStatus.OK and after.rows == [[1]]


@pytest.mark.neo4j
def test_a_transfer_that_does_not_arrive_is_stopped_by_the_console(driver: Any) -> None:
    """A value the server cannot send (a 5,000-deep list: the server never answers) and a result larger
    than can arrive in time: both end within the timeout plus the grace, with a clear state."""
    deep, took = _timed(driver, "RETURN reduce(acc = [], i IN range(1, 5000) | [acc]) AS deep", 20, timeout_s=2.0)
    assert deep.status in (ConsoleStatus.TIMEOUT, ConsoleStatus.ERROR), deep
    if deep.status is ConsoleStatus.TIMEOUT:
        assert "after 2 s (CTGRAPH_CONSOLE_TIMEOUT_S)" in deep.message
    assert took < 6
    big, took = _timed(driver, "UNWIND range(1, 5000) AS i RETURN i, [x IN range(1, 3000) | 'abcdefghij' + x] AS l",
                       30, timeout_s=2.0, max_bytes=2**40, limit=100_000)
    assert big.status in (ConsoleStatus.TIMEOUT, ConsoleStatus.TRUNCATED), big
    assert "2 s" in big.message and "(CTGRAPH_CONSOLE_TIMEOUT_S)" in big.message
    assert took < 8
    assert console(driver, "RETURN 1 AS one").rows == [[1]]


@pytest.mark.neo4j
def test_deeply_nested_values_from_the_server_render(driver: Any) -> None:
    result = console(driver, "RETURN reduce(acc = [], i IN range(1, 3000) | [acc]) AS l, "
                             "reduce(acc = {}, i IN range(1, 1500) | {a: acc}) AS m")
    assert result.status is ConsoleStatus.OK, result.message
    for cell in table_columns(result.rows, 2):
        text = cell[0]
        assert text.count("[") <= MAX_DEPTH + 1 and text.count("{") <= MAX_DEPTH + 1
        assert "…" in text


@pytest.mark.neo4j
def test_bookkeeping_is_hidden_however_it_is_asked_for(driver: Any) -> None:
    result = console(driver, "MATCH (f:Flow)-[r:FROM]->(c:Country) RETURN properties(f) AS p, r, f LIMIT 5")
    assert result.status is ConsoleStatus.OK and result.rows
    text = " ".join(cell_text(v) for row in result.rows for v in row)
    for leaked in ("_batch", "_load", "_origin", "\"key\""):
        assert leaked not in text, leaked
    assert all(not any(k.startswith("_") for k in e.properties) and "key" not in e.properties
               for e in result.graph.edges.values())
    loads = console(driver, "MATCH (l:CtgraphLoad) RETURN l LIMIT 3")
    assert loads.status is ConsoleStatus.OK
    assert all(row[0] == {"label": "CtgraphLoad", "properties": {}} for row in loads.rows)
    for query in ("MATCH (f:Flow) RETURN f._origin AS o LIMIT 1", "MATCH (f:Flow) RETURN f.`_batch` LIMIT 1",
                  "MATCH (f:Flow) RETURN f['_load'] AS l LIMIT 1", "MATCH (f:Flow) WHERE f. _origin IS NOT NULL RETURN 1"):
        refused = console(driver, query)
        assert (refused.status, refused.message) == (ConsoleStatus.REFUSED, REFUSED_BOOKKEEPING), query


def test_any_nesting_converts_and_renders_without_recursion_error() -> None:
    deep: Any = "bottom"
    for _ in range(100_000):
        deep = [{"a": deep}]
    value = plain_value(deep)
    text = cell_text(value)
    assert "…" in text and "bottom" not in text
    assert text.count("[") + text.count("{") == MAX_DEPTH
    assert table_columns([[value]], 1) == [[text]]
    graph = ResultGraph()
    _collect(deep, graph)  # walks to its depth bound, no recursion
    assert not graph
    shallow = [[["x"]]]
    assert plain_value(shallow) == shallow  # nothing shallow is cut


def test_bookkeeping_keys_are_left_out_of_maps_and_reading_them_by_name_is_refused() -> None:
    value = plain_value({"name": "China", "_batch": "seed", "_origin": "/home/analyst/seed/x.yaml:3", "_load": "l1"})
    assert value == {"name": "China"}
    for query in ("MATCH (n) RETURN n._origin", "MATCH (n) RETURN n.`_batch`", "MATCH (n) RETURN n[\"_load\"]",
                  "MATCH (n) WITH n RETURN n . _origin"):
        result = run_console(None, query)  # type: ignore[arg-type]  # refused before any connection
        assert (result.status, result.message) == (ConsoleStatus.REFUSED, REFUSED_BOOKKEEPING), query
