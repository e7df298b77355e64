"""Faults: a killed writer, two writers at once, a full disk, a killed Neo4j
server, re-imports and ids that collide, and Cypher-like text in the data.

Each test fails when the protection it names is taken away (for example: a
load that is not one transaction leaves half a batch after a kill; without
the id check a file silently rewrites the seed's facts). The embedded-store
tests need no server. Tests marked ``neo4j`` use the test server
(NEO4J_URI); the server-kill test starts a private server of its own
(tools/neo4j/server.py with NEO4J_RUN_DIR), kills it and restarts it, so the
shared one is never touched.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ctgraph.graph.memory
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.countries import all_countries
from ctgraph.graph.errors import ConflictingFact, StoreUnavailable
from ctgraph.graph.memory import DB_FILE, MemoryStore
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.ingest.seed import SEED_DIR, batch_name, seed_batch, validate_paths
from tests.cli_helpers import run_cli
from tests.conftest import FIXTURES, ROOT, neo4j_env_or_fail

#: Killed processes, full disks, competing writers: minutes of subprocesses and servers, outside the fast tier.
pytestmark = pytest.mark.slow

CTGRAPH = str(Path(sys.executable).parent / "ctgraph")
SQLITE_FILES = {DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"}


def cli(home: Path, *args: str, check: bool = True, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``ctgraph ARGS`` as a separate process on the embedded store at ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
    env.update(CTGRAPH_HOME=str(home), CTGRAPH_STORE="memory", **(extra or {}))
    out = subprocess.run([CTGRAPH, *args], env=env, capture_output=True, text=True, timeout=600, check=False)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def big_glotip(path: Path, countries: int = 120, years: tuple[int, ...] = (2020,)) -> int:
    """A GLOTIP file of detected victims by citizenship for many country pairs; its row count.

    Its size as a load is in its flows, one per country pair whatever the
    years: 120 countries give 14,280 flows, 57,241 records (over
    SINGLE_TX_RECORDS, so Neo4j stages them in about ten transactions of
    BATCH_ROWS). More years add rows, not records: the file only takes longer
    to read (three years: 13 s per import instead of 4 s)."""
    names = sorted(all_countries().items())[:countries]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
                    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source"])
        for i, (code, name) in enumerate(names):
            for j, (_other, other_name) in enumerate(names):
                if i == j:
                    continue
                for y in years:
                    w.writerow([code, name, "Asia", "Eastern Asia", "Detected trafficking victims", "by citizenship",
                                other_name, "Total", "Total", y, "Counts", (i * 7 + j * 3 + y) % 90 + 5, "GLOTIP"])
                    rows += 1
    return rows


def folder_files(home: Path) -> set[str]:
    return {p.name for p in home.iterdir()}


FACT_FILE = """\
    source: source:fault-test
    sources:
      - id: source:fault-test
        title: Fault test source (synthetic)
        kind: reference
        publisher: ctgraph tests
        excerpt: "Chinese women heading to France; men recruited for work abroad."
    flows:
      - id: {flow_id}
        origin: CHN
        destination: FRA
        scope: cross_border
        evidence:
          - quote: Chinese women heading to France
            locator: excerpt
    """


def fact_file(folder: Path, flow_id: str, name: str = "flows.yaml", source_id: str = "source:fault-test") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(FACT_FILE.format(flow_id=flow_id)).replace("source:fault-test", source_id))
    return path


# --------------------------------------------------------------------------- embedded store


@pytest.mark.slow
def test_killed_import_leaves_the_store_valid_and_as_it_was(tmp_path: Path) -> None:
    """SIGKILL of ``ctgraph import`` while it writes: the import is one SQLite
    transaction, so the store answers exactly as before; SQLite leaves no
    temporary files of its own, and ctgraph writes none."""
    home = tmp_path / "home"
    cli(home, "load")
    before = {q: cli(home, q, "--json").stdout for q in ("stats", "gaps")}
    data = tmp_path / "glotip_big.csv"
    big_glotip(data)
    wal = home / (DB_FILE + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
    env.update(CTGRAPH_HOME=str(home), CTGRAPH_STORE="memory")
    proc = subprocess.Popen([CTGRAPH, "import", "glotip", str(data), "--json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while True:
            assert proc.poll() is None, "the import finished before it could be killed: make the file bigger"
            assert time.monotonic() < deadline, "the import never started writing"
            size = wal.stat().st_size if wal.exists() else 0
            if size > start + 512 * 1024:  # SQLite is spilling the open transaction into the WAL
                break
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert folder_files(home) <= SQLITE_FILES, "no orphan temporary files"
    with sqlite3.connect(home / DB_FILE) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for q, out in before.items():
        assert cli(home, q, "--json").stdout == out, f"{q} answers the state before the import"
    # and the killed import can simply be run again
    done = cli(home, "import", "glotip", str(data), "--json")
    assert json.loads(done.stdout)["loaded"]["nodes"]["Flow"] > 5_000
    assert folder_files(home) <= SQLITE_FILES


def test_two_writers_at_once_lose_no_update(tmp_path: Path) -> None:
    """Two processes loading different batches into one store at the same time
    both land (SQLite's write lock serialises them: the second waits, then
    writes on top of the first); the same batch twice gives one copy."""
    home = tmp_path / "home"
    cli(home, "load")
    a = fact_file(tmp_path / "a", "flow:fault-a", source_id="source:fault-a")
    b = fact_file(tmp_path / "b", "flow:fault-b", source_id="source:fault-b")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
    env.update(CTGRAPH_HOME=str(home), CTGRAPH_STORE="memory")
    for paths in ([a, b], [a, a]):
        procs = [subprocess.Popen([CTGRAPH, "load", str(p), "--json"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for p in paths]
        for p in procs:
            _out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
    store = MemoryStore(home)
    try:
        flows = {n["id"] for n in store.nodes("Flow")}
        assert {"flow:fault-a", "flow:fault-b"} <= flows
        assert set(store.batch_names()) == {"seed", batch_name([a]), batch_name([b])}
        seed = seed_batch(validate_paths())
        assert store.stats()["nodes"]["Flow"] == seed.counts().nodes["Flow"] + 2, "no duplicate, nothing lost"
    finally:
        store.close()


def test_a_writer_that_cannot_get_the_lock_in_time_gets_one_error_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_cli(capsys, "load").code == 0
    before = run_cli(capsys, "stats", "--json").out
    monkeypatch.setattr(ctgraph.graph.memory, "LOCK_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(home / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        res = run_cli(capsys, "load", str(fact_file(tmp_path / "x", "flow:fault-x")))
        assert (res.code, res.out) == (1, "")
        assert res.err == (
            f"Error: {home / DB_FILE}: another ctgraph process is writing to the store and did not finish "
            "within 0.3 s; nothing was changed: try again when it is done\n"
        )
        assert run_cli(capsys, "stats", "--json").out == before, "readers are not blocked by the writer"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run_cli(capsys, "load", str(fact_file(tmp_path / "x", "flow:fault-x"))).code == 0


def test_disk_full_during_a_write_is_one_error_line_and_keeps_the_previous_state(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store file may not grow (SQLite's max_page_count: what a full disk
    looks like to SQLite): the import fails with one line, the seed stays."""
    assert run_cli(capsys, "load").code == 0
    before = {q: run_cli(capsys, q, "--json").out for q in ("stats", "gaps")}

    class FullDisk(MemoryStore):
        def __init__(self, home: Path | None = None, include_drafts: bool = False, keep_answers: bool = True) -> None:
            super().__init__(home, include_drafts, keep_answers)
            pages = self._con.execute("PRAGMA page_count").fetchone()[0]
            self._con.execute(f"PRAGMA max_page_count = {pages + 4}")

    monkeypatch.setattr("ctgraph.graph.stores.MemoryStore", FullDisk)
    res = run_cli(capsys, "import", "glotip", str(FIXTURES / "glotip_slice.csv"), "--json")
    assert (res.code, res.out) == (1, "")
    assert res.err == (
        f"Error: {home / DB_FILE}: could not write (database or disk is full); nothing was changed: "
        "free some disk space and run it again\n"
    )
    monkeypatch.undo()
    monkeypatch.setenv("CTGRAPH_HOME", str(home))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    for q, out in before.items():
        assert run_cli(capsys, q, "--json").out == out
    assert folder_files(home) <= SQLITE_FILES


# --------------------------------------------------------------------------- ids and batches, both stores


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request: pytest.FixtureRequest) -> Iterator[MemoryStore | Neo4jStore]:
    if request.param == "memory":
        mem = MemoryStore(home=None)
        yield mem
        mem.close()
        return
    env = neo4j_env_or_fail()
    neo = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    neo.clear()
    try:
        yield neo
    finally:
        neo.close()


def _file_batch(paths: list[Path]) -> GraphBatch:
    return seed_batch(validate_paths(paths), name=batch_name(paths))


def test_a_file_that_redefines_a_loaded_fact_is_refused_naming_both_places(
    any_store: MemoryStore | Neo4jStore, tmp_path: Path
) -> None:
    seed = seed_batch(validate_paths())
    any_store.load(seed)
    before = any_store.stats()
    taken = "flow:chn-women-to-hkg"
    path = fact_file(tmp_path / "mine", taken)
    with pytest.raises(ConflictingFact) as err:
        any_store.load(_file_batch([path]))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if taken in text)
    seed_file = SEED_DIR / "facts" / "flows.yaml"
    seed_line = next(i for i, text in enumerate(seed_file.read_text().splitlines(), 1) if f"id: {taken}" in text)
    assert str(err.value) == (
        f"{path}:{line}: id {taken!r} is already loaded from {seed_file.relative_to(ROOT)}:{seed_line}: "
        "give the new fact its own id, or reload the file that defines it"
    ) or str(err.value) == (
        f"{path}:{line}: id {taken!r} is already loaded from {seed_file}:{seed_line}: "
        "give the new fact its own id, or reload the file that defines it"
    )
    assert any_store.stats() == before
    assert [n for n in any_store.nodes("Flow") if n["id"] == taken][0]["victims"] == ["Chinese women"]


def test_two_fact_files_with_one_name_in_two_folders_never_overwrite_each_other(
    any_store: MemoryStore | Neo4jStore, tmp_path: Path
) -> None:
    any_store.load(seed_batch(validate_paths()))
    a = fact_file(tmp_path / "north", "flow:fault-north", source_id="source:fault-north")
    b = fact_file(tmp_path / "south", "flow:fault-south", source_id="source:fault-south")
    assert a.name == b.name and batch_name([a]) != batch_name([b])
    any_store.load(_file_batch([a]))
    any_store.load(_file_batch([b]))
    any_store.load(_file_batch([a]))  # re-loading one replaces only itself
    flows = {n["id"] for n in any_store.nodes("Flow")}
    assert {"flow:fault-north", "flow:fault-south"} <= flows
    sources = {n["id"] for n in any_store.nodes("Source")}
    assert {"source:fault-north", "source:fault-south"} <= sources


# --------------------------------------------------------------------------- Neo4j: a killed server


class PrivateServer:
    """A Neo4j server of this test's own (tools/neo4j/server.py, NEO4J_RUN_DIR),
    on a fixed port so that a restart keeps its URI."""

    def __init__(self, run_dir: Path) -> None:
        import secrets
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.password = secrets.token_urlsafe(18)
        self.uri = f"bolt://127.0.0.1:{port}"
        self.env = {**os.environ, "NEO4J_RUN_DIR": str(run_dir), "NEO4J_PORT": str(port),
                    "NEO4J_PASSWORD": self.password}
        self.state = run_dir / "state.json"
        self.script = ROOT / "tools" / "neo4j" / "server.py"

    def start(self, keep: bool = False) -> None:
        args = [sys.executable, str(self.script), "start", *(["--keep"] if keep else [])]
        out = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=300, check=False)
        assert out.returncode == 0, out.stderr[-2000:]

    def kill(self) -> None:
        """SIGKILL the JVM (no shutdown hook, no checkpoint: a crash)."""
        pid = json.loads(self.state.read_text())["pid"]
        os.kill(pid, signal.SIGKILL)
        for _ in range(200):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run([sys.executable, str(self.script), "stop"], env=self.env, capture_output=True, timeout=120,
                       check=False)

    def store(self) -> Neo4jStore:
        return Neo4jStore(self.uri, "neo4j", self.password, "neo4j", timeout_s=30)

    def cli_env(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
        env.update(NEO4J_URI=self.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=self.password, NEO4J_DATABASE="neo4j",
                   CTGRAPH_HOME=str(home), CTGRAPH_STORE="neo4j")
        return env


@pytest.fixture()
def private_server(tmp_path: Path) -> Iterator[PrivateServer]:
    neo4j_env_or_fail()  # run where the Neo4j tests run (CI: always)
    server = PrivateServer(tmp_path / "neo4j-run")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _raw_node_count(store: Neo4jStore) -> int:
    with store._db().session(database=store.database) as s:
        # the store's bookkeeping (its state, its loads, the pair digests a whole-graph list keeps) is no record
        return int(s.run("MATCH (n) WHERE NOT n:CtgraphState AND NOT n:CtgraphLoad AND NOT n:CtgraphPairDigest "
                         "AND NOT n:CtgraphPairDigests RETURN count(n) AS n").single(strict=True)["n"])


@pytest.mark.neo4j
@pytest.mark.slow
def test_killed_neo4j_server_mid_load_then_a_rerun_gives_the_uninterrupted_graph(
    private_server: PrivateServer, tmp_path: Path
) -> None:
    """SIGKILL the server while ``ctgraph import`` stages a large load, and
    again while a load commits its switch: each load stops within seconds
    with one Error line (the second says the outcome is unknown and that a
    re-run is safe); after ``start --keep`` readers see the graph as before,
    and running the load again gives exactly what an uninterrupted load gives."""
    data = tmp_path / "glotip_big.csv"
    big_glotip(data)
    seed = seed_batch(validate_paths())
    store = private_server.store()
    store.load(seed)
    seeded = store.stats()
    store.close()

    # 1. killed while the import is being staged (many transactions)
    home = tmp_path / "home"
    proc = subprocess.Popen([CTGRAPH, "import", "glotip", str(data), "--json"], env=private_server.cli_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watcher = private_server.store()
    deadline = time.monotonic() + 600
    try:
        while True:
            assert proc.poll() is None, "the import finished before the server could be killed"
            assert time.monotonic() < deadline, "the import never reached its staging"
            with watcher._db().session(database="neo4j") as s:
                rec = s.run("MATCH (l:CtgraphLoad {state: 'staging'}) RETURN size(coalesce(l.done, [])) AS done").single()
            if rec is not None and rec["done"] >= 3:
                break
            time.sleep(0.2)
    finally:
        watcher.close()
    private_server.kill()
    killed_at = time.monotonic()
    out, err = proc.communicate(timeout=120)
    took = time.monotonic() - killed_at
    assert proc.returncode == 1 and out == ""
    assert err == (
        f"Error: lost the connection to Neo4j at {private_server.uri} while staging the load: nothing was "
        "changed (readers see the graph as it was); run the load again once Neo4j is back\n"
    )
    assert took < 30, f"the load took {took:.0f} s to give up after the server died"

    private_server.start(keep=True)
    store = private_server.store()
    assert store.stats() == seeded, "readers see the graph as it was before the killed load"

    # 2. killed while the switch to the new version commits
    class KillAtCommit(Neo4jStore):
        def _switch(self, tx: Any, plan: Any, state: Any, adopted: Any) -> None:
            super()._switch(tx, plan, state, adopted)
            private_server.kill()  # the commit that follows cannot come back

    from ctgraph.ingest.registry import import_dataset

    batch, _summary = import_dataset("glotip", data)
    killer = KillAtCommit(private_server.uri, "neo4j", private_server.password, "neo4j", timeout_s=30)
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable) as unknown:
        killer.load(batch)
    assert time.monotonic() - t0 < 600
    killer.close()
    assert str(unknown.value) == (
        f"lost the connection to Neo4j at {private_server.uri} while switching to the new version: the outcome "
        "of the load is unknown; running the same load again is safe (it replaces whatever this one wrote)"
    )
    private_server.start(keep=True)

    # 3. the re-run: exactly the graph of an uninterrupted load
    again = subprocess.run([CTGRAPH, "import", "glotip", str(data), "--json"], env=private_server.cli_env(home),
                           capture_output=True, text=True, timeout=900, check=False)
    assert again.returncode == 0, again.stderr
    memory = MemoryStore(home=None)
    memory.load(seed)
    memory.load(batch)
    store = private_server.store()
    try:
        assert store.stats() == memory.stats()
        assert json.dumps(store.gaps()) == json.dumps(memory.gaps())
        assert json.dumps(store.country("CHN")) == json.dumps(memory.country("CHN"))
        assert _raw_node_count(store) == sum(memory.stats()["nodes"].values()), "no staged or duplicate records left"
    finally:
        store.close()
        memory.close()


# --------------------------------------------------------------------------- Neo4j: staged loads, re-imports


@pytest.fixture()
def neo() -> Iterator[Neo4jStore]:
    env = neo4j_env_or_fail()
    s = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    s.clear()
    try:
        yield s
    finally:
        s.close()


def _other(neo: Neo4jStore) -> Neo4jStore:
    return Neo4jStore(neo.uri, neo.user, neo._password, neo.database)


class _Watching(Neo4jStore):
    """A store whose loads let a reader look at the graph after every statement."""

    def __init__(self, reader: Neo4jStore, seen: list[Any], fail_after: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.reader, self.seen, self.fail_after = reader, seen, fail_after

    def _checkpoint(self, done: str) -> None:
        self.seen.append(json.dumps(self.reader.stats()))
        if self.fail_after is not None and len(self.seen) >= self.fail_after:
            raise RuntimeError("injected failure while staging")


@pytest.mark.neo4j
@pytest.mark.parametrize("staged", [True, False], ids=["staged", "one-transaction"])
def test_a_reload_is_all_or_nothing_to_readers(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch, staged: bool) -> None:
    """While a load is written (staged in many transactions, or in one),
    readers see the graph as it was; after the switch, exactly the new one."""
    import ctgraph.graph.neo4j_store as ns

    first = seed_batch(validate_paths())
    neo.load(first)
    before = json.dumps(neo.stats())
    bigger = GraphBatch("seed", [*first.nodes, NodeRecord("Flow", "flow:staged-extra", {"scope": "cross_border"})],
                        [*first.rels, RelRecord("FROM", "flow:staged-extra", "CHN"), RelRecord("TO", "flow:staged-extra", "FRA")],
                        dict(first.origins))
    if staged:
        monkeypatch.setattr(ns, "SINGLE_TX_RECORDS", 100)
        monkeypatch.setattr(ns, "BATCH_ROWS", 150)
    reader = _other(neo)
    seen: list[Any] = []
    writer = _Watching(reader, seen, uri=neo.uri, user=neo.user, password=neo._password, database=neo.database)
    try:
        writer.load(bigger)
    finally:
        writer.close()
        reader.close()
    assert len(seen) > (10 if staged else 5), "the reader looked while the load was being written"
    assert set(seen) == {before}, "no reader saw a half-written load"
    after = neo.stats()
    assert after["nodes"]["Flow"] == json.loads(before)["nodes"]["Flow"] + 1
    memory = MemoryStore(home=None)
    memory.load(first)
    memory.load(bigger)
    assert after == memory.stats()
    assert _raw_node_count(neo) == sum(after["nodes"].values()), "the replaced version is gone"


@pytest.mark.neo4j
def test_a_staged_load_that_fails_is_invisible_and_cleaned_up(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctgraph.graph.neo4j_store as ns

    seed = seed_batch(validate_paths())
    neo.load(seed)
    before = neo.stats()
    monkeypatch.setattr(ns, "SINGLE_TX_RECORDS", 100)
    monkeypatch.setattr(ns, "BATCH_ROWS", 300)
    reader = _other(neo)
    failing = _Watching(reader, [], fail_after=4, uri=neo.uri, user=neo.user, password=neo._password,
                        database=neo.database)
    try:
        with pytest.raises(RuntimeError, match="injected failure"):
            failing.load(seed)
    finally:
        failing.close()
        reader.close()
    assert neo.stats() == before
    assert _raw_node_count(neo) == sum(before["nodes"].values()), "the failed stage was removed"
    with neo._db().session(database=neo.database) as s:
        states = sorted(r["state"] for r in s.run("MATCH (l:CtgraphLoad) RETURN l.state AS state"))
    assert states == ["active"]


@pytest.mark.neo4j
def test_a_smaller_reimport_replaces_the_old_one_in_neo4j_as_in_memory(neo: Neo4jStore, tmp_path: Path) -> None:
    """Re-importing a data set replaces it whole (stale flows go), in Neo4j as
    in the embedded store: the two give the same JSON."""
    from ctgraph.ingest.registry import import_dataset

    full, _ = import_dataset("glotip", FIXTURES / "glotip_slice.csv")
    lines = (FIXTURES / "glotip_slice.csv").read_text(encoding="latin-1").splitlines(keepends=True)
    small_file = tmp_path / "glotip_small.csv"
    small_file.write_text("".join(lines[:1] + [ln for ln in lines[1:] if ln.startswith(("ARG", "AFG"))]),
                          encoding="latin-1")
    small, _ = import_dataset("glotip", small_file)
    assert full.name == small.name and len(small.nodes) < len(full.nodes)
    seed = seed_batch(validate_paths())
    memory = MemoryStore(home=None)
    for store in (memory, neo):
        store.load(seed)
        store.load(full)
    assert neo.stats() == memory.stats()
    for store in (memory, neo):
        store.load(small)
    assert neo.stats() == memory.stats()
    assert neo.stats()["nodes"]["Flow"] < len([n for n in full.nodes if n.label == "Flow"]) + len(
        [n for n in seed.nodes if n.label == "Flow"])
    assert json.dumps(neo.gaps()) == json.dumps(memory.gaps())
    assert json.dumps(neo.routes(max_hops=2)) == json.dumps(memory.routes(max_hops=2))
    assert _raw_node_count(neo) == sum(neo.stats()["nodes"].values())


@pytest.mark.neo4j
def test_reloading_a_batch_keeps_what_other_batches_attached_to_it(neo: Neo4jStore) -> None:
    """A fact file whose flow runs to a region the seed defines, and a treaty
    table that names the EU: re-loading the seed makes new versions of its
    nodes, and the other batches' relationships move onto them (as they stay
    in the embedded store)."""
    from ctgraph.ingest.registry import import_dataset

    files = GraphBatch(
        "facts:elsewhere",
        [NodeRecord("Flow", "flow:fault-to-europe", {"scope": "cross_border", "victims": ["men"]})],
        [RelRecord("FROM", "flow:fault-to-europe", "CHN"), RelRecord("TO", "flow:fault-to-europe", "region:european-countries"),
         RelRecord("EVIDENCE", "flow:fault-to-europe", "source:iom-sanya-2018", "0", {"quote": "q", "locator": "l"})],
    )
    untc, _ = import_dataset("untc", FIXTURES / "untc_XVIII-12-a_2023_slice.csv", treaty="XVIII-12-a")
    seed = seed_batch(validate_paths())
    memory = MemoryStore(home=None)
    for store in (memory, neo):
        store.load(seed)
        store.load(files)
        store.load(untc)
        store.load(seed)  # new versions of the seed's nodes
    assert neo.stats() == memory.stats()
    for q in ("gaps", "agreements"):
        assert json.dumps(getattr(neo, q)()) == json.dumps(getattr(memory, q)()), q
    assert json.dumps(neo.routes(destination="region:european-countries")) == json.dumps(
        memory.routes(destination="region:european-countries"))
    assert _raw_node_count(neo) == sum(neo.stats()["nodes"].values())


# --------------------------------------------------------------------------- Neo4j: injection, timeouts

PAYLOADS = [
    "x'}) DETACH DELETE n //",
    "x\"}) MATCH (n) DETACH DELETE n //",
    "`Flow` ` DROP `",
    "$param ${injected} $$",
    "'; CALL db.clearQueryCaches(); //",
    "\\u0027}) RETURN 1 //",
]


@pytest.mark.neo4j
def test_cypher_like_text_in_data_is_stored_and_read_back_as_plain_text(neo: Neo4jStore, tmp_path: Path) -> None:
    """Ids, names, titles and quotes that look like Cypher go in as parameters
    and come back as the same text; nothing runs, counts are as loaded."""
    nodes = [NodeRecord("Country", c, {"iso3": c, "name": c}) for c in ("CHN", "FRA")]
    rels: list[RelRecord] = []
    nodes.append(NodeRecord("Source", "source:" + PAYLOADS[0], {"title": PAYLOADS[1], "kind": "report",
                                                               "publisher": PAYLOADS[2], "excerpt": PAYLOADS[3]}))
    for i, text in enumerate(PAYLOADS):
        fid = f"flow:{text}"
        nodes.append(NodeRecord("Flow", fid, {"scope": "cross_border", "victims": [text], "note": text}))
        rels += [RelRecord("FROM", fid, "CHN"), RelRecord("TO", fid, "FRA"),
                 RelRecord("EVIDENCE", fid, "source:" + PAYLOADS[0], str(i), {"quote": text, "locator": text})]
    batch = GraphBatch(PAYLOADS[4], nodes, rels)
    memory = MemoryStore(home=None)
    for store in (memory, neo):
        store.load(batch)
        store.load(batch)  # and again: a re-load of a hostile batch replaces itself
    assert neo.stats() == memory.stats() == {
        "nodes": {"Country": 2, "Flow": len(PAYLOADS), "Source": 1},
        "relationships": {"EVIDENCE": len(PAYLOADS), "FROM": len(PAYLOADS), "TO": len(PAYLOADS)},
    }
    assert sorted(n["id"] for n in neo.nodes("Flow")) == sorted(f"flow:{t}" for t in PAYLOADS)
    assert neo.nodes("Source")[0]["title"] == PAYLOADS[1]
    for text in PAYLOADS:
        hits = neo.search_evidence(text)  # the text as typed, or its words in any order (two payloads share words)
        assert text in [h["quote"] for h in hits], text
        assert hits == memory.search_evidence(text), text
    assert json.dumps(neo.routes()) == json.dumps(memory.routes())
    assert json.dumps(neo.country("CHN")) == json.dumps(memory.country("CHN"))


@pytest.mark.neo4j
def test_a_slow_read_is_stopped_by_the_server(neo: Neo4jStore) -> None:
    """The read's transaction timeout is enforced by Neo4j: the query is
    terminated there (it does not keep running after the client gives up)."""
    quick = Neo4jStore(neo.uri, neo.user, neo._password, neo.database, timeout_s=0.5)
    slow = "UNWIND range(1, 200000000) AS i WITH i WHERE i % 7 = 0 RETURN count(*) AS n"
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreUnavailable) as err:
            quick._read(slow)
        assert time.monotonic() - t0 < 20
        assert str(err.value) == (
            f"Neo4j at {neo.uri} stopped the query after 0.5 s (NEO4J_TIMEOUT_S): narrow the question or raise the limit"
        )
        with neo._db().session(database=neo.database) as s:
            running = [r["q"] for r in s.run("SHOW TRANSACTIONS YIELD currentQuery AS q RETURN q")]
        assert not any("range(1, 200000000)" in q for q in running), "the server stopped it"
    finally:
        quick.close()


@pytest.mark.neo4j
def test_a_profile_is_read_in_one_transaction(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read of a question is one read transaction (a consistent snapshot)."""
    neo.load(seed_batch(validate_paths()))
    calls: list[str] = []
    real = neo._session_call

    def counting(mode: str, work: Any) -> Any:
        calls.append(mode)
        return real(mode, work)

    monkeypatch.setattr(neo, "_session_call", counting)
    profile = neo.country("CHN")
    # whether pair digests are kept (none right after a load), then ONE read of the snapshot around CHN
    assert profile["flows_out"] and calls == ["read", "read"]
    calls.clear()
    neo.gaps()  # the reference layer, then the flows pair by pair (every part checks that no load ran)
    assert calls == ["read", "read"]
    calls.clear()
    neo.routes(origin="CHN", max_hops=2)
    assert calls == ["read"]
    # with the digests kept, a profile takes several reads, all of one data version or none
    assert neo.scoped_pairs_ready() and json.dumps(neo.country("CHN")) == json.dumps(profile)
    real_snapshot = neo.snapshot

    def a_load_meanwhile(scope: Any) -> Any:
        neo.load(GraphBatch("meanwhile", [NodeRecord("Flow", "flow:meanwhile", {"scope": "cross_border"})],
                            [RelRecord("FROM", "flow:meanwhile", "CHN"), RelRecord("TO", "flow:meanwhile", "FRA")]))
        return real_snapshot(scope)

    monkeypatch.setattr(neo, "snapshot", a_load_meanwhile)
    with pytest.raises(StoreUnavailable, match="the graph changed"):
        neo.country("CHN")


@pytest.mark.neo4j
def test_node_listings_are_limited_in_the_query(neo: Neo4jStore) -> None:
    neo.load(seed_batch(validate_paths()))
    every = neo.nodes("Flow")
    assert len(every) > 5
    assert neo.nodes("Flow", limit=3) == every[:3]
    memory = MemoryStore(home=None)
    memory.load(seed_batch(validate_paths()))
    assert [n["id"] for n in memory.nodes("Flow", limit=3)] == [n["id"] for n in every[:3]]


# --------------------------------------------------------------------------- a real full disk (issue 22)

_FULL_DISK_SCRIPT = r'''
import json, os, subprocess, sys
mnt, ctgraph, report, fact, glotip = sys.argv[1:6]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt], check=True)
home = os.path.join(mnt, "home")
env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_"))}
env.update(CTGRAPH_HOME=home, CTGRAPH_STORE="memory")
def run(*args):
    p = subprocess.run([ctgraph, *args], env=env, capture_output=True, text=True, timeout=300)
    return {"code": p.returncode, "out": p.stdout, "err": p.stderr}
def files():
    out = {}
    for root, dirs, names in os.walk(mnt):
        for n in names:
            path = os.path.join(root, n)
            if n != "fill":
                out[os.path.relpath(path, mnt)] = open(path, "rb").read().hex()
    return out
READS = [["stats", "--json"], ["gaps", "--json"], ["country", "CHN", "--json"], ["routes", "--json", "--from", "CHN"]]
res = {"setup": [run("load"), run("draft", report, "--source-id", "source:full-disk", "--out", os.path.join(mnt, "drafts"))]}
res["before"] = [run(*q) for q in READS]
res["files_before"] = files()
with open(os.path.join(mnt, "fill"), "wb", buffering=0) as fh:  # fill the disk to the last byte
    try:
        while True:
            fh.write(b"\0" * 4096)
    except OSError as exc:
        res["fill_error"] = exc.errno
    try:
        while True:
            fh.write(b"\0")
    except OSError:
        pass
res["full"] = [run(*q) for q in READS]
res["writes"] = {
    "load": run("load", fact),
    "import": run("import", "glotip", glotip),
    "draft": run("draft", report, "--source-id", "source:full-disk-2", "--out", os.path.join(mnt, "drafts2")),
    "review": run("review", "accept", os.path.join(mnt, "drafts"), "--all"),
}
res["full_after_writes"] = [run(*q) for q in READS]
res["files_full"] = files()
os.remove(os.path.join(mnt, "fill"))
res["freed"] = [run(*q) for q in READS]
res["load_freed"] = run("load", fact)
print(json.dumps(res))
'''


def _user_namespaces_mount() -> bool:
    """Can this machine mount a tmpfs in a user namespace (``unshare -rm``, no root needed)?"""
    try:
        probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                               capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def test_a_full_disk_still_reads_and_every_write_is_one_error_line(tmp_path: Path) -> None:
    """A real full disk: the store's folder on a 24 MB tmpfs (mounted in a user namespace), filled to the
    last byte after a load and a draft. Before the fix every read said "not a ctgraph store (disk I/O
    error)": in WAL mode SQLite must create the 32 KB shared-memory file on first use, which a full disk
    refuses; the store now reads its (complete) main file as immutable. Every write (load, import, draft,
    review) exits 1 with one Error: line and changes no file; once space is freed everything works."""
    if not _user_namespaces_mount():
        pytest.skip("cannot mount a tmpfs in a user namespace here (unshare -rm)")
    report = tmp_path / "report.md"
    report.write_text("# Routes\n\nChinese women are trafficked to France for sexual exploitation.\n\n"
                      "Vietnamese men are trafficked to the United Kingdom for forced labour.\n", encoding="utf-8")
    fact = fact_file(tmp_path / "facts", "flow:full-disk")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", _FULL_DISK_SCRIPT, str(mnt), CTGRAPH, str(report), str(fact),
         str(FIXTURES / "glotip_slice.csv")],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    res = json.loads(done.stdout)
    assert all(r["code"] == 0 for r in res["setup"]), res["setup"]
    assert res["fill_error"] == 28  # ENOSPC: the disk is really full
    assert all(r["code"] == 0 for r in res["before"]), res["before"]
    for when in ("full", "full_after_writes", "freed"):
        assert res[when] == res["before"], (when, [r["err"] for r in res[when]])
    home = mnt / "home"
    for what, r in res["writes"].items():
        assert (r["code"], r["out"]) == (1, ""), (what, r)
        assert "Traceback" not in r["err"] and len(r["err"].splitlines()) == 1, (what, r["err"])
        assert r["err"].startswith("Error: "), (what, r["err"])
        assert "free some disk space" in r["err"], (what, r["err"])
    for what in ("load", "import"):
        assert res["writes"][what]["err"] == (
            f"Error: {home / DB_FILE}: could not write (the disk holding the store is full); nothing was "
            "changed: free some disk space and run it again\n"
        )
    before, full = res["files_before"], res["files_full"]
    # SQLite's sidecar files and the review's (empty) lock file may appear; no file's content changes
    sidecars = {f"home/{DB_FILE}-wal", f"home/{DB_FILE}-shm", "drafts/.review.lock"}
    assert {k: v for k, v in full.items() if k not in sidecars} == {k: v for k, v in before.items() if k not in sidecars}
    assert res["load_freed"]["code"] == 0, res["load_freed"]
