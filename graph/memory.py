"""The embedded store: the graph in one SQLite file, answered in process with networkx.

The store holds what was loaded, as Neo4j does (the first-run seeding of the
main job lives in :mod:`ingest.bootstrap`). Its data lives in
``CTGRAPH_HOME/graph.sqlite`` (``home=None``: in memory only):

- ``nodes(id, label, props, batch, origin)``: one row per node; ``batch`` is
  the batch that owns it (NULL for countries, the shared reference nodes),
  ``origin`` where it was defined (``file:line``);
- ``rels(src, type, dst, key, props, batch)``: one row per relationship,
  keyed by (src, type, dst, key) as Neo4j's MERGE keys it;
- ``batches`` and ``meta`` (the data version, bumped by every load);
- ``answers(key, version, body, at)``: answers computed on this data version
  (JSON text), so a question asked again is read, not recomputed. An answer
  is kept only if it reads back equal to what was computed and the data
  version did not change while it was computed; every load empties the table
  in its own transaction, and a row of another version is never read.
  ``keep_answers=False`` (the setting ``CTGRAPH_KEEP_ANSWERS=0``) turns this off.

A load is one SQLite transaction (``BEGIN IMMEDIATE``): it replaces the
batch of the same name whole (stale records go), refuses a fact id that
another batch already defines (naming both places), and commits all or
nothing. Two writers are serialised by SQLite's lock (the second waits, then
applies its batch to the first one's result: no lost update). A killed
process or a full disk leaves the previous state; WAL mode lets readers read
while a writer writes. Nothing is unpickled: the file holds JSON text.

Reads build a snapshot (:func:`graph.snapshot.build_graph`) of the scope a
question needs, in one read transaction: a country's profile reads that
country's flows, not the whole graph. The whole graph, once read, is kept
in process until the data version changes (the dashboard's case). Whole-graph
gap and route lists read no snapshot of the flows: SQL hands every flow's props
and own evidence as JSON text sorted by pair (:meth:`MemoryStore.with_pairs`),
and the process holds one pair's flows at a time.

- ``pair_digests(o, d, digest, ids, evidence)``: each endpoint pair's flows reduced to what
  ranking the pair needs (:func:`graph.analysis.pair_digest`, JSON; its flows' ids and its
  evidence list apart, read only for the pairs a list hands out), made in the load's own
  transaction for the pairs whose flows, evidence or endpoints the load touched (all
  of them on the first load); ``meta`` row ``digests`` names the data version and
  digest layout they were made for, and they are read only when both match. A
  whole-graph list then reads one row per pair, not one per flow, and reads a
  pair's flows only where the digest cannot stand for them (a data year after the
  day asked, a challenge reported for the pair, drafts shown).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from ctgraph.graph.analysis import DIGEST_VERSION, Digest, FlowFacts, Pairs, evidence_matches, own_evidence, pair_digest
from ctgraph.graph.answers import Evidence, SearchHit, Stats
from ctgraph.graph.batch import NODE_LABELS, REL_TYPES, GraphBatch, LoadReport
from ctgraph.graph.errors import ConflictingFact, StoreUnavailable
from ctgraph.graph.questions import Questions
from ctgraph.graph.snapshot import LINK_DEPTH, REFERENCE_LABELS, NodeRow, RelRow, Scope, build_graph, quiet_gc

if TYPE_CHECKING:  # pragma: no cover - networkx loads with the first snapshot, not for `stats`
    import networkx as nx

T = TypeVar("T")

__all__ = ["MemoryStore", "DB_FILE", "SCHEMA_VERSION", "LOCK_TIMEOUT_S"]

#: The store's file inside CTGRAPH_HOME.
DB_FILE = "graph.sqlite"
#: Bumped when the table layout changes; an older file is refused with a fix.
SCHEMA_VERSION = "1"
#: Seconds a writer waits for another writer's lock before it gives up with one error line.
LOCK_TIMEOUT_S = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches(name TEXT PRIMARY KEY, seq INTEGER NOT NULL, counts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
  id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL, batch TEXT, origin TEXT);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE INDEX IF NOT EXISTS nodes_batch ON nodes(batch);
CREATE TABLE IF NOT EXISTS rels(
  src TEXT NOT NULL, type TEXT NOT NULL, dst TEXT NOT NULL, key TEXT NOT NULL,
  props TEXT NOT NULL, batch TEXT NOT NULL, PRIMARY KEY (src, type, dst, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rels_dst ON rels(dst, type);
CREATE INDEX IF NOT EXISTS rels_type ON rels(type, src);
CREATE INDEX IF NOT EXISTS rels_batch ON rels(batch);
CREATE TABLE IF NOT EXISTS answers(key TEXT PRIMARY KEY, version TEXT NOT NULL, body BLOB NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pair_digests(o TEXT NOT NULL, d TEXT NOT NULL, digest TEXT NOT NULL, ids TEXT NOT NULL,
  evidence TEXT NOT NULL, PRIMARY KEY (o, d)) WITHOUT ROWID;
"""
#: Kept answers: the most recent ones, at most this many and this many bytes in all
#: (a whole-graph answer at 100,000 flows is about 45 MB; larger ones are not kept).
KEPT_ANSWERS = 256
KEPT_ANSWER_BYTES = 256 * 1024 * 1024
#: Milliseconds a query waits to keep its answer while a load holds the lock (then it just does not keep it).
KEEP_WAIT_MS = 50

_EMPTY = "{}"


def _dumps(props: dict[str, Any]) -> str:
    if not props:
        return _EMPTY
    return json.dumps(props, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _loads(text: str) -> dict[str, Any]:
    if text == _EMPTY:
        return {}
    value: dict[str, Any] = orjson.loads(text)
    return value


#: The temporary id tables a scoped snapshot fills (the only names ``_ids`` takes).
_SCOPE_TABLES = frozenset({"scope_e", "scope_a", "scope_f", "scope_n"})


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code that computes answers (the ``graph`` package's modules).

    A kept answer is keyed by it as well as by the data version, so an upgrade
    that changes a meaning never reads an answer the old code computed.

    Examples
    --------
    >>> len(code_fingerprint()) == 16 and code_fingerprint() == code_fingerprint()
    True
    """
    digest = hashlib.blake2b(digest_size=8)
    for f in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()


class MemoryStore(Questions):
    """Embedded store; ``home=None`` keeps everything in memory only."""

    name = "memory"

    def __init__(self, home: Path | None = None, include_drafts: bool = False, keep_answers: bool = True) -> None:
        self.home = home
        self.include_drafts = include_drafts
        self.keep_answers = keep_answers  # CTGRAPH_KEEP_ANSWERS=0 (graph.config) turns it off
        self._lock = threading.RLock()
        self._whole: tuple[tuple[str, bool, tuple[str, ...] | None], nx.MultiDiGraph] | None = None
        #: the last whole snapshot WITHOUT the flows (what lists ranked from pair rows read)
        self._noflows: tuple[tuple[str, bool, tuple[str, ...] | None], nx.MultiDiGraph] | None = None
        self.path: Path | None = None
        if home is None:
            target = ":memory:"
        else:
            home = Path(home)
            if home.exists() and not home.is_dir():
                raise StoreUnavailable(f"CTGRAPH_HOME {home} is a file, not a folder: point CTGRAPH_HOME at a folder")
            try:
                home.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise StoreUnavailable(
                    f"cannot create the data folder {home} ({exc.strerror}): set CTGRAPH_HOME to a writable folder"
                ) from None
            self.path = home / DB_FILE
            target = str(self.path)
        #: why the store only reads (None: it reads and writes); see :meth:`_open_read_only`
        self.read_only: str | None = None
        try:
            self._con = sqlite3.connect(target, timeout=LOCK_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            self._con.execute("PRAGMA trusted_schema=OFF")
            self._con.execute("PRAGMA temp_store=MEMORY")  # a question's id tables never need the disk
            if home is not None:
                self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.executescript(_SCHEMA)
            row = self._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self._con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                self._con.execute("INSERT OR IGNORE INTO meta VALUES ('version', '0')")
            elif row[0] != SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self.path}: written by another ctgraph version (schema {row[0]}): "
                    "move it away and load the sources again"
                )
        except sqlite3.DatabaseError as exc:
            if self.path is not None and _out_of_space(exc):
                self._open_read_only(exc)
                return
            raise StoreUnavailable(
                f"{self.path or target}: not a ctgraph store ({exc}): move it away and load the sources again"
            ) from None

    def _open_read_only(self, exc: sqlite3.DatabaseError) -> None:
        """Open the store for reading only, because the disk is full.

        In WAL mode every connection needs the shared-memory file ``graph.sqlite-shm``
        (32 KB), created on first use once the last connection closed; on a full disk
        it cannot be, and SQLite fails with "disk I/O error" before reading a page.
        When no write-ahead log holds pages (no ``-wal`` file, or an empty one) the
        main file is the whole store, and SQLite can read it as an immutable file,
        which needs neither the shared memory nor a lock. A log with pages in it
        means the last write is not in the main file yet: then the store cannot be
        read correctly without the shared memory, and this says so."""
        assert self.path is not None
        try:
            self._con.close()
        except sqlite3.Error:  # pragma: no cover - closing a connection that failed to open
            pass
        wal = self.path.with_name(self.path.name + "-wal")
        full = f"{self.path}: the disk holding the store is full ({exc})"
        try:
            pending = wal.stat().st_size > 0
        except FileNotFoundError:
            pending = False
        except OSError as err:
            raise StoreUnavailable(f"{full}; cannot read {wal} ({err.strerror}): free some disk space") from None
        if pending:
            raise StoreUnavailable(
                f"{full} and its last write is still in {wal.name}: free some disk space and run it again"
            ) from None
        try:
            self._con = sqlite3.connect(
                self.path.as_uri() + "?mode=ro&immutable=1",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            self._con.execute("PRAGMA trusted_schema=OFF")
            self._con.execute("PRAGMA temp_store=MEMORY")
            row = self._con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreUnavailable(f"{full}; reading it failed too ({err}): free some disk space") from None
        if row is None or row[0] != SCHEMA_VERSION:
            raise StoreUnavailable(f"{full}; free some disk space and run it again") from None
        self.read_only = "the disk holding the store is full"

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _tx(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction: IMMEDIATE for writes (serialises writers: a second
        writer waits up to :data:`LOCK_TIMEOUT_S` for the first one's lock, then
        applies its own on top), deferred for reads (a consistent snapshot under
        WAL; readers never wait for writers). Rolled back on any failure."""
        if write and self.read_only:
            raise StoreUnavailable(
                f"{self.path}: could not write ({self.read_only}); nothing was changed: "
                "free some disk space and run it again"
            )
        with self._lock:
            con = self._con
            try:
                con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StoreUnavailable(
                        f"{self.path}: another ctgraph process is writing to the store and did not finish "
                        f"within {LOCK_TIMEOUT_S:g} s; nothing was changed: try again when it is done"
                    ) from None
                raise StoreUnavailable(f"{self.path}: cannot use the store ({exc})") from None
            try:
                yield con
            except BaseException:
                if con.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    con.execute("ROLLBACK")
                raise
            try:
                con.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise StoreUnavailable(f"{self.path}: could not write ({exc}); the previous state is kept") from None

    def version(self) -> str:
        with self._lock:
            row = self._con.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        return f"memory:{self.path}:{row[0] if row else 0}"

    def batch_names(self) -> list[str]:
        """Names of the batches loaded, in load order."""
        with self._lock:
            return [r[0] for r in self._con.execute("SELECT name FROM batches ORDER BY seq")]

    def is_empty(self) -> bool:
        """Has nothing ever been loaded?"""
        with self._lock:
            return self._con.execute("SELECT 1 FROM batches LIMIT 1").fetchone() is None

    # ------------------------------------------------------------------ writes

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write ``batch`` in one transaction, replacing an earlier batch of the same name."""
        owned: list[tuple[str, str, str, str, str | None]] = []
        shared: list[tuple[str, str, str]] = []
        referred: list[tuple[str, str, str]] = []
        for n in batch.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
            if n.label == "Country":
                shared.append((n.id, n.label, _dumps(n.props)))
            elif n.id in batch.shared:
                referred.append((n.id, n.label, _dumps(n.props)))
            else:
                owned.append((n.id, n.label, _dumps(n.props), batch.name, batch.origins.get(n.id)))
        rels = []
        for r in batch.rels:
            if r.type not in REL_TYPES:
                raise ValueError(f"unknown relationship type {r.type!r}")
            rels.append((r.start, r.type, r.end, r.key, _dumps(r.props), batch.name))
        try:
            with self._tx(write=True) as con:
                con.execute("CREATE TEMP TABLE IF NOT EXISTS new_ids(id TEXT PRIMARY KEY)")
                con.execute("DELETE FROM new_ids")
                con.executemany("INSERT OR IGNORE INTO new_ids VALUES (?)", ((o[0],) for o in owned))
                clash = con.execute(
                    "SELECT n.id, n.batch, n.origin FROM nodes n JOIN new_ids USING (id) "
                    "WHERE n.batch IS NOT NULL AND n.batch <> ? ORDER BY n.id LIMIT 1",
                    (batch.name,),
                ).fetchone()
                if clash:
                    raise ConflictingFact(_clash_message(clash[0], batch, clash[1], clash[2]))
                touched = self._touched(con, batch.name)  # the pairs the old batch's flows were on
                # a fixed subquery: the f-strings below insert SQL text only, every value is a parameter
                stale = "SELECT id FROM nodes WHERE batch = ? AND id NOT IN (SELECT id FROM new_ids)"
                con.execute("DELETE FROM rels WHERE batch = ?", (batch.name,))
                con.execute(f"DELETE FROM rels WHERE src IN ({stale}) OR dst IN ({stale})", (batch.name, batch.name))
                con.execute(f"DELETE FROM nodes WHERE id IN ({stale})", (batch.name,))
                con.executemany(
                    "INSERT INTO nodes(id, label, props, batch, origin) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(id) DO UPDATE SET label=excluded.label, props=excluded.props, "
                    "batch=excluded.batch, origin=excluded.origin",
                    owned,
                )
                con.executemany(
                    "INSERT INTO nodes(id, label, props, batch) VALUES (?,?,?,NULL) "
                    "ON CONFLICT(id) DO UPDATE SET props=excluded.props",
                    shared,
                )
                con.executemany(
                    "INSERT INTO nodes(id, label, props, batch) VALUES (?,?,?,NULL) ON CONFLICT(id) DO NOTHING",
                    referred,
                )
                con.executemany(
                    "INSERT INTO rels(src, type, dst, key, props, batch) VALUES (?,?,?,?,?,?) "
                    "ON CONFLICT(src, type, dst, key) DO UPDATE SET props=excluded.props, batch=excluded.batch",
                    rels,
                )
                missing = con.execute(
                    "SELECT r.type, CASE WHEN a.id IS NULL THEN r.src ELSE r.dst END FROM rels r "
                    "LEFT JOIN nodes a ON a.id = r.src LEFT JOIN nodes b ON b.id = r.dst "
                    "WHERE r.batch = ? AND (a.id IS NULL OR b.id IS NULL) LIMIT 1",
                    (batch.name,),
                ).fetchone()
                if missing:
                    raise ValueError(f"relationship {missing[0]} refers to missing node {missing[1]!r}")
                counts = batch.counts()
                con.execute(
                    "INSERT INTO batches(name, seq, counts) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM batches), ?) "
                    "ON CONFLICT(name) DO UPDATE SET counts=excluded.counts",
                    (batch.name, json.dumps(counts.as_dict())),
                )
                con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'")
                con.execute("DELETE FROM answers")  # answers of the old version are never read again
                self._digest(con, batch.name, touched)
        except sqlite3.OperationalError as exc:
            hint = ": free some disk space and run it again" if "full" in str(exc) else ""
            raise StoreUnavailable(
                f"{self.path or 'memory store'}: could not write ({exc}); nothing was changed{hint}"
            ) from None
        self._whole = None
        self._noflows = None
        return counts

    # ------------------------------------------------------------------ pair digests

    @staticmethod
    def _digests_current(con: sqlite3.Connection) -> bool:
        """Are the pair digests those of the data version (and digest layout) in ``con``'s transaction?"""
        row = con.execute(
            "SELECT (SELECT value FROM meta WHERE key='digests'), (SELECT value FROM meta WHERE key='version')"
        ).fetchone()
        return row[0] is not None and row[0] == f"{row[1]}:{DIGEST_VERSION}"

    @staticmethod
    def _touched(con: sqlite3.Connection, batch: str) -> bool:
        """Before a load writes: add to temporary table ``dig_p`` the pairs of the flows the batch
        ``batch`` touches (its flows, the flows with a relationship it owns, the flows with a
        relationship to a node it owns: evidence of its sources, its places); False (nothing
        noted) when the digests are not current (the load makes them all)."""
        con.execute("CREATE TEMP TABLE IF NOT EXISTS dig_f(id TEXT PRIMARY KEY)")
        con.execute("CREATE TEMP TABLE IF NOT EXISTS dig_p(o TEXT NOT NULL, d TEXT NOT NULL, PRIMARY KEY (o, d))")
        con.execute("DELETE FROM dig_f")
        con.execute("DELETE FROM dig_p")
        if not MemoryStore._digests_current(con):
            return False
        MemoryStore._note_pairs(con, batch)
        return True

    @staticmethod
    def _note_pairs(con: sqlite3.Connection, batch: str) -> None:
        """Add to ``dig_p`` the pairs, as stored now, of the flows batch ``batch`` touches (:meth:`_touched`)."""
        con.execute("DELETE FROM dig_f")
        con.execute(
            "INSERT OR IGNORE INTO dig_f SELECT id FROM nodes WHERE batch = ? AND label = 'Flow' "
            "UNION SELECT src FROM rels WHERE batch = ? "
            "UNION SELECT r.src FROM nodes n JOIN rels r ON r.dst = n.id WHERE n.batch = ?",
            (batch, batch, batch),
        )
        con.execute(
            "INSERT OR IGNORE INTO dig_p SELECT f.dst, t.dst FROM dig_f x "
            "JOIN rels f ON f.src = x.id AND f.type = 'FROM' JOIN rels t ON t.src = x.id AND t.type = 'TO'"
        )

    def _digest(self, con: sqlite3.Connection, batch: str, touched: bool) -> None:
        """After a load wrote (same transaction): make the digests of the pairs it touched, before
        (:meth:`_touched`) and after, or of every pair when they were not current; then mark them
        current for the new data version."""
        if touched:
            self._note_pairs(con, batch)  # and the pairs they are on now
            con.execute("DELETE FROM pair_digests WHERE (o, d) IN (SELECT o, d FROM dig_p)")
            rows = con.execute(_TOUCHED_PAIR_ROWS)
        else:
            con.execute("DELETE FROM pair_digests")
            rows = con.execute(_PAIR_ROWS)
        o = d = ""
        group: list[str] = []
        out: list[tuple[str, str, str, str, str]] = []
        insert = "INSERT INTO pair_digests(o, d, digest, ids, evidence) VALUES (?,?,?,?,?)"
        for row in itertools.chain(rows, [("", "", "")]):
            if row[0] != o or row[1] != d:
                if group:
                    dg = pair_digest(_decode("[" + ",".join(group) + "]"))
                    ids, ev = dg.pop("ids"), dg.pop("evidence")
                    out.append((o, d, orjson.dumps(dg).decode(), orjson.dumps(ids).decode(), orjson.dumps(ev).decode()))
                    if len(out) >= 1000:  # written as made: the load holds a thousand pairs' lists at most
                        con.executemany(insert, out)
                        out.clear()
                o, d, group = row[0], row[1], []
            group.append(row[2])
        con.executemany(insert, out)
        con.execute(
            "INSERT INTO meta VALUES ('digests', (SELECT value FROM meta WHERE key='version') || ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f":{DIGEST_VERSION}",),
        )

    # ------------------------------------------------------------------ kept answers

    def _answer(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """A kept answer of this data version, else the computed one (kept for next time)."""
        if not self.keep_answers:
            return self._compute(compute)
        k = orjson.dumps([code_fingerprint(), *key, self.include_drafts]).decode()
        with self._lock:
            row = self._con.execute(
                "SELECT m.value, a.body FROM meta m LEFT JOIN answers a ON a.key = ? AND a.version = m.value "
                "WHERE m.key = 'version'",
                (k,),
            ).fetchone()
        version, body = (row[0], row[1]) if row else ("0", None)
        if body is not None:
            return orjson.loads(body)  # type: ignore[no-any-return]
        out = self._compute(compute)
        with quiet_gc():  # reading the answer back makes as many objects as computing it
            self._keep(k, version, out)
        return out

    def _keep(self, key: str, version: str, answer: Any) -> None:
        """Keep ``answer`` of data ``version`` if it reads back equal (JSON types only) and
        the version is still current; never wait for a load (a kept answer is only a shortcut)."""
        try:
            body = orjson.dumps(answer)
        except TypeError:
            return
        if len(body) > KEPT_ANSWER_BYTES // 2 or orjson.loads(body) != answer:
            return  # e.g. tuples or non-text keys would read back as something else
        if self.read_only:
            return
        with self._lock:
            con = self._con
            con.execute(f"PRAGMA busy_timeout={KEEP_WAIT_MS:d}")  # an int constant, not a value from outside
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute(
                    "INSERT OR REPLACE INTO answers(key, version, body, at) "
                    "SELECT ?, ?, ?, ? WHERE (SELECT value FROM meta WHERE key = 'version') = ?",
                    (key, version, body, time.time(), version),
                )
                con.execute(  # the oldest go first, beyond the count or the bytes
                    "DELETE FROM answers WHERE version <> ? OR key IN (SELECT key FROM ("
                    "SELECT key, row_number() OVER w AS n, sum(length(body)) OVER w AS total FROM answers "
                    "WINDOW w AS (ORDER BY at DESC, rowid DESC)) WHERE n > ? OR total > ?)",
                    (version, KEPT_ANSWERS, KEPT_ANSWER_BYTES),
                )
                con.execute("COMMIT")
            except sqlite3.Error:
                if con.in_transaction:
                    con.execute("ROLLBACK")
            finally:
                con.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT_S * 1000):d}")

    # ------------------------------------------------------------------ retrieval

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:
        ver = self.version()
        cached = self._whole
        if cached is not None and cached[0][:2] == (ver, scope.include_drafts):
            whole_only = cached[0][2]
            if whole_only is None or (scope.whole and scope.only is not None and set(scope.only) <= set(whole_only)):
                return cached[1]  # the whole graph answers any scope
        flowless = scope.whole and scope.only is not None and "Flow" not in scope.only
        small = self._noflows
        if flowless and small is not None and small[0] == (ver, scope.include_drafts, scope.only):
            return small[1]
        with self._tx(write=False) as con, quiet_gc():
            if scope.whole and scope.only is None:
                nodes = _node_records(con, "SELECT label, id, props FROM nodes")
                rels = _rel_records(con, "SELECT type, src, dst, key, props FROM rels")
            elif scope.whole:
                labels = scope.labels()
                marks = ",".join("?" * len(labels))  # one placeholder per label: labels are parameters
                nodes = _node_records(con, f"SELECT label, id, props FROM nodes WHERE label IN ({marks})", labels)
                if flowless:  # the reference layer and a few labels: their relationships only
                    rels = _rel_records(
                        con,
                        "SELECT r.type, r.src, r.dst, r.key, r.props FROM nodes n JOIN rels r ON r.src = n.id "
                        f"WHERE n.label IN ({marks})",
                        labels,
                    )
                else:
                    # every relationship: build_graph leaves out those of nodes not read (the few
                    # statistics, experts, measures, events), cheaper than a join on every row
                    rels = _rel_records(con, "SELECT type, src, dst, key, props FROM rels")
            else:
                nodes, rels = self._scoped(con, scope)
            G = build_graph(nodes, rels, include_drafts=scope.include_drafts)
        if flowless:
            self._noflows = ((ver, scope.include_drafts, scope.only), G)
        elif scope.whole:
            self._whole = ((ver, scope.include_drafts, scope.only), G)
        return G

    # ------------------------------------------------------------------ compact rows (whole-graph lists)

    def pairs_ready(self) -> bool:
        """True unless the whole graph is already in process (a dashboard's): the snapshot answers then."""
        cached = self._whole
        return not (
            cached is not None
            and cached[0][:2] == (self.version(), self.include_drafts)
            and (cached[0][2] is None or "Flow" in cached[0][2])
        )

    def scoped_pairs_ready(self) -> bool:
        """One country's one-leg lists from the pair digests when they are current (else a scoped snapshot)."""
        if not self.pairs_ready():
            return False
        with self._tx(write=False) as con:
            return self._digests_current(con)

    def with_pairs(self, G: nx.MultiDiGraph, use: Callable[[Pairs], T], endpoints: Collection[str] | None = None) -> T:
        """``use`` the pairs read in one read transaction: SQL reads the flows in the order they
        are stored (each flow's relationships one look-up away from the last one's) and hands each
        one's props and own evidence as JSON text, sorted by pair and id (an external sort: its
        runs go to a temporary file, not to this process's memory); a pair's rows are decoded
        only when the analysis asks for its flows."""
        with self._lock:
            self._con.execute("PRAGMA temp_store=FILE")  # the sort's runs on disk (no temp table is in use)
            try:
                with self._tx(write=False) as con:
                    pairs = self._flow_pairs(con, G, endpoints)
                    if endpoints is not None and not self._digests_current(con):
                        pairs = ((o, d, f, dg) for o, d, f, dg in pairs if o in endpoints or d in endpoints)
                    return use(pairs)
            finally:
                self._con.execute("PRAGMA temp_store=MEMORY")

    def _flow_pairs(
        self, con: sqlite3.Connection, G: nx.MultiDiGraph, endpoints: Collection[str] | None = None
    ) -> Pairs:
        node = G._node
        drafts = self.include_drafts
        if self._digests_current(con):
            stamp = con.execute("SELECT value FROM meta WHERE key = 'digests'").fetchone()[0]
            for o, d, text in con.execute("SELECT o, d, digest FROM pair_digests ORDER BY o, d"):
                if (
                    o not in node
                    or d not in node
                    or (endpoints is not None and o not in endpoints and d not in endpoints)
                ):
                    continue
                body = _decode(text)

                def ids(o: str = o, d: str = d) -> list[str]:
                    return self._digest_list(_DIGEST_IDS, o, d, stamp)

                def flows(o: str = o, d: str = d, body: dict[str, Any] = body) -> list[FlowFacts]:
                    # asked while the pairs are ranked: inside this read
                    (text,) = con.execute(_DIGEST_IDS, (o, d)).fetchone()
                    rows = con.execute(
                        _FACT_ROWS + " ORDER BY n.id", (orjson.dumps([*_decode(text), *body["draft_ids"]]).decode(),)
                    )
                    return _flow_rows(G, [r[0] for r in rows], drafts)

                def evidence(o: str = o, d: str = d) -> list[Evidence]:
                    return self._digest_list(_DIGEST_EVIDENCE, o, d, stamp)

                yield o, d, flows, None if drafts and body["draft_ids"] else Digest(body, ids, evidence)
            return
        o = d = ""
        group: list[str] = []
        for row in itertools.chain(con.execute(_PAIR_ROWS), [("", "", "")]):
            if row[0] != o or row[1] != d:
                if group and o in node and d in node:
                    yield o, d, lambda group=group: _flow_rows(G, group, drafts), None  # type: ignore[misc]
                o, d, group = row[0], row[1], []
            group.append(row[2])

    def _digest_list(self, query: str, o: str, d: str, stamp: str) -> list[Any]:
        """A pair's flow ids or evidence list (``query``: :data:`_DIGEST_IDS` or :data:`_DIGEST_EVIDENCE`),
        read for an item handed out after the ranking's read ended: from the digests it was ranked on."""
        with self._lock:
            if self._con.in_transaction:  # still inside the ranking's read
                row = self._con.execute(query, (o, d)).fetchone()
                now = self._con.execute("SELECT value FROM meta WHERE key = 'digests'").fetchone()
            else:
                with self._tx(write=False) as con:
                    row = con.execute(query, (o, d)).fetchone()
                    now = con.execute("SELECT value FROM meta WHERE key = 'digests'").fetchone()
        if now is None or now[0] != stamp:
            raise StoreUnavailable(
                f"{self.path or 'memory store'}: the graph changed while it was read (a load ran): try again"
            )
        return _decode(row[0]) if row else []

    def flow_facts(self, G: nx.MultiDiGraph, ids: list[str]) -> dict[str, FlowFacts]:
        with self._tx(write=False) as con:
            rows = con.execute(_FACT_ROWS, (orjson.dumps(ids).decode(),)).fetchall()
        return {ff[0]: ff for ff in _flow_rows(G, [r[0] for r in rows], self.include_drafts)}

    @staticmethod
    def _ids(con: sqlite3.Connection, table: str, ids: Iterable[str]) -> None:
        """Fill temporary id table ``table`` (a name from :data:`_SCOPE_TABLES` only;
        the ids go in as parameters)."""
        if table not in _SCOPE_TABLES:
            raise ValueError(f"unknown scope table {table!r}")
        con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}(id TEXT PRIMARY KEY)")
        con.execute(f"DELETE FROM {table}")
        con.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", ((i,) for i in ids))

    def _scoped(self, con: sqlite3.Connection, scope: Scope) -> tuple[list[NodeRow], list[RelRow]]:
        """Records of the reference layer plus the facts around the scope's endpoints (no flows when
        ``scope.only`` leaves them out: a country profile whose routes came from the pair digests)."""
        ref = ",".join("?" * len(REFERENCE_LABELS))
        endpoints = set(scope.endpoints or ())
        self._ids(con, "scope_e", endpoints)
        places = {r[0] for r in con.execute("SELECT src FROM rels WHERE type='IN' AND dst IN (SELECT id FROM scope_e)")}
        agencies = {
            r[0]
            for r in con.execute(
                "SELECT r.src FROM rels r JOIN nodes n ON n.id = r.src "
                "WHERE r.type='BASED_IN' AND n.label='Agency' AND r.dst IN (SELECT id FROM scope_e)"
            )
        }
        self._ids(con, "scope_e", endpoints | places)
        self._ids(con, "scope_a", agencies)
        facts: set[str] = set(scope.facts)
        no_flows = scope.only is not None and "Flow" not in scope.only  # the routes came from the pair digests
        flows = (
            set()
            if no_flows
            else {
                r[0]
                for r in con.execute(
                    "SELECT src FROM rels WHERE type IN ('FROM','TO','VIA') AND dst IN (SELECT id FROM scope_e)"
                )
            }
        )
        frontier = set(flows)
        for _ in range(LINK_DEPTH):
            if not frontier:
                break
            self._ids(con, "scope_f", frontier)
            linked = {
                r[0]
                for r in con.execute(
                    "SELECT src FROM rels WHERE type='CONTINUES' AND dst IN (SELECT id FROM scope_f) "
                    "UNION SELECT dst FROM rels WHERE type='CONTINUES' AND src IN (SELECT id FROM scope_f)"
                )
            }
            frontier = linked - flows
            flows |= linked
        facts |= flows
        facts.update(
            r[0]
            for r in con.execute(
                "SELECT src FROM rels WHERE type='BASED_IN' AND dst IN (SELECT id FROM scope_e) "
                "UNION SELECT src FROM rels WHERE type='WORKS_FOR' AND dst IN (SELECT id FROM scope_a) "
                "UNION SELECT src FROM rels WHERE type IN ('CONCERNS','ABOUT') "
                "AND (dst IN (SELECT id FROM scope_e) OR dst IN (SELECT id FROM scope_a))"
            )
        )
        self._ids(con, "scope_n", facts)
        refs = (*REFERENCE_LABELS, *REFERENCE_LABELS)
        nodes = _node_records(
            con,
            f"SELECT label, id, props FROM nodes WHERE label IN ({ref}) "
            "UNION ALL SELECT label, id, props FROM nodes WHERE id IN (SELECT id FROM scope_n) "
            f"AND label NOT IN ({ref})",
            refs,
        )
        rels = _rel_records(
            con,
            "SELECT r.type, r.src, r.dst, r.key, r.props FROM rels r JOIN nodes n ON n.id = r.src "
            f"WHERE n.label IN ({ref}) "
            "UNION ALL SELECT r.type, r.src, r.dst, r.key, r.props FROM rels r "
            f"WHERE r.src IN (SELECT id FROM scope_n) AND r.src NOT IN (SELECT id FROM nodes WHERE label IN ({ref}))",
            refs,
        )
        return nodes, rels

    def stats(self) -> Stats:
        with self._tx(write=False) as con:
            nodes = dict(con.execute("SELECT label, count(*) FROM nodes GROUP BY label ORDER BY label").fetchall())
            rels = dict(con.execute("SELECT type, count(*) FROM rels GROUP BY type ORDER BY type").fetchall())
        return {"nodes": nodes, "relationships": rels}

    def nodes(self, label: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Every ``label`` node (at most ``limit``, applied in the query), by id."""
        if label not in NODE_LABELS:
            return []
        drafts = "" if self.include_drafts else " AND props NOT LIKE '%\"draft\":true%'"
        with self._lock:
            rows = self._con.execute(
                f"SELECT id, props FROM nodes WHERE label = ?{drafts} ORDER BY id LIMIT ?",
                (label, -1 if limit is None else max(int(limit), 0)),
            ).fetchall()
        return [{"id": ident, **_loads(props)} for ident, props in rows]

    def search_evidence(self, text: str, limit: int = 200) -> list[SearchHit]:
        with self._tx(write=False) as con:
            rows = con.execute(
                "SELECT r.src, n.label, r.dst, r.props, n.props FROM rels r JOIN nodes n ON n.id = r.src "
                "WHERE r.type = 'EVIDENCE'"
            ).fetchall()
        out: list[SearchHit] = []
        for fact, label, source, props, node_props in rows:
            p = _loads(props)
            q, loc = str(p.get("quote", "")), str(p.get("locator", ""))
            if evidence_matches(text, q, loc):  # the one definition of a match (graph.analysis)
                if not self.include_drafts and '"draft":true' in node_props:
                    continue
                out.append({"fact": fact, "label": label, "source": source, "quote": q, "locator": loc})
        out.sort(key=lambda e: (e["source"], e["locator"], e["fact"], e["quote"]))
        return out[: max(int(limit), 0)]

    def close(self) -> None:
        with self._lock:
            self._con.close()


#: A flow's own evidence items as one JSON array (what graph.analysis.own_evidence reads).
_OWN_EVIDENCE = (
    "(SELECT json_group_array(json_object('source', e.dst, 'quote', json_extract(e.props, '$.quote'), "
    "'locator', json_extract(e.props, '$.locator'))) FROM rels e WHERE e.src = n.id AND e.type = 'EVIDENCE')"
)
#: A flow ``n`` as one JSON array: [id, props, own evidence].
_FLOW_JSON = f"'[' || json_quote(n.id) || ',' || n.props || ',' || {_OWN_EVIDENCE} || ']'"
#: Every flow: (origin, destination, :data:`_FLOW_JSON`), by pair then id. The flows drive
#: (CROSS JOIN), in the order they are stored, so each look-up of a flow's relationships lands
#: next to the previous one's (by origin, they would be spread over the whole file).
_PAIR_ROWS = (
    f"SELECT f.dst AS o, t.dst AS d, {_FLOW_JSON} FROM nodes n "
    "CROSS JOIN rels f ON f.src = n.id AND f.type = 'FROM' CROSS JOIN rels t ON t.src = n.id AND t.type = 'TO' "
    "WHERE n.label = 'Flow' ORDER BY o, d, n.id"
)
#: The flows of the pairs in temporary table ``dig_p``, as :data:`_PAIR_ROWS` (what a load's digests are made of).
_TOUCHED_PAIR_ROWS = (
    f"SELECT p.o, p.d, {_FLOW_JSON} FROM dig_p p "
    "JOIN rels f ON f.dst = p.o AND f.type = 'FROM' JOIN rels t ON t.src = f.src AND t.type = 'TO' AND t.dst = p.d "
    "JOIN nodes n ON n.id = f.src WHERE n.label = 'Flow' ORDER BY p.o, p.d, n.id"
)
#: A pair's flow ids, and its evidence list, as its digest keeps them (origin, destination as parameters).
_DIGEST_IDS = "SELECT ids FROM pair_digests WHERE o = ? AND d = ?"
_DIGEST_EVIDENCE = "SELECT evidence FROM pair_digests WHERE o = ? AND d = ?"
#: Facts by id (a JSON array of ids): :data:`_FLOW_JSON`.
_FACT_ROWS = f"SELECT {_FLOW_JSON} FROM nodes n WHERE n.id IN (SELECT value FROM json_each(?))"


def _flow_rows(G: nx.MultiDiGraph, flows: Sequence[str], drafts: bool) -> list[FlowFacts]:
    """Flows read as :data:`_FLOW_JSON` texts (decoded in one go), as a snapshot would hold
    them (a draft left out unless ``drafts``)."""
    out: list[FlowFacts] = []
    for ident, p, ev in _decode("[" + ",".join(flows) + "]"):
        draft = bool(p.get("draft"))
        if draft and not drafts:
            continue
        out.append((ident, p, own_evidence(G, ev, draft, ordered=False)))  # listed sorted, once per item
    return out


_NODE_JSON = "'[' || json_quote(label) || ',' || json_quote(id) || ',' || props || ']'"
_REL_JSON = (
    "'[' || json_quote(type) || ',' || json_quote(src) || ',' || json_quote(dst) || ',' "
    "|| json_quote(key) || ',' || props || ']'"
)


def _records(con: sqlite3.Connection, select: str, params: Sequence[str], row_json: str) -> list[Any]:
    """The rows of ``select`` (label, id, props or type, src, dst, key, props), decoded in one go.

    SQLite concatenates the rows into ONE JSON array (the props column already
    holds JSON text) and orjson decodes it in one call: a few C passes instead
    of a Python tuple and a decoder call per row, which is what made large
    snapshots slow. Without SQLite's JSON functions (``json_quote``, built in
    since 3.38), rows are decoded one by one.
    """
    try:
        (text,) = con.execute(
            f"SELECT '[' || coalesce(group_concat({row_json}, ','), '') || ']' FROM ({select})", params
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if "json_quote" not in str(exc):
            raise
        return [(*row[:-1], _loads(row[-1])) for row in con.execute(select, params)]
    return _decode(text)  # type: ignore[no-any-return]


def _node_records(con: sqlite3.Connection, select: str, params: Sequence[str] = ()) -> list[NodeRow]:
    """(label, id, props) of the nodes ``select`` returns (columns label, id, props)."""
    return _records(con, select, params, _NODE_JSON)


def _rel_records(con: sqlite3.Connection, select: str, params: Sequence[str] = ()) -> list[RelRow]:
    """(type, start, end, key, props) of the relationships ``select`` returns
    (columns type, src, dst, key, props)."""
    return _records(con, select, params, _REL_JSON)


def _decode(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise StoreUnavailable(
            f"the embedded store holds a damaged record ({exc}): move CTGRAPH_HOME away and load the sources again"
        ) from None


def _out_of_space(exc: sqlite3.DatabaseError) -> bool:
    """Is this SQLite error what a full disk looks like (SQLITE_FULL, or an I/O error
    such as the one of a shared-memory file that cannot grow)?

    Examples
    --------
    >>> _out_of_space(sqlite3.OperationalError("database or disk is full"))
    True
    >>> _out_of_space(sqlite3.DatabaseError("file is not a database"))
    False
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return (
        name == "SQLITE_FULL"
        or name.startswith("SQLITE_IOERR")
        or any(m in str(exc) for m in ("disk I/O error", "database or disk is full"))
    )


def _clash_message(ident: str, batch: GraphBatch, other: str, other_origin: str | None) -> str:
    here = batch.origins.get(ident) or f"batch {batch.name!r}"
    there = other_origin or f"batch {other!r}"
    return (
        f"{here}: id {ident!r} is already loaded from {there}: "
        "give the new fact its own id, or reload the file that defines it"
    )
