"""The Neo4j store: the team's system of record, behind :class:`graph.store.GraphStore`.

This module writes batches and retrieves records; it answers no question by
itself. Every question goes through :class:`graph.questions.Questions`: the
records of the question's scope are read in ONE read transaction (a
consistent snapshot, with the driver's server-side transaction timeout), built
into the same snapshot graph as the embedded store's
(:func:`graph.snapshot.build_graph`), and :mod:`graph.analysis` computes the
answer. Driver failures become one actionable
:class:`~graph.errors.StoreUnavailable` line.

Loads are idempotent and atomic: constraints and indexes first (``IF NOT
EXISTS``), then nodes grouped by label and relationships grouped by type as
batched ``UNWIND $rows ... MERGE``, then the batch's stale records (those of
an earlier load of the same batch that this one did not write) are deleted,
all inside one managed write transaction; a failure anywhere rolls the whole
batch back. A fact id that another batch already holds is refused.

``bolt://``, ``neo4j://`` and the encrypted ``neo4j+s://`` / ``bolt+s://``
URIs (Neo4j Aura, clusters) all go through the same
``GraphDatabase.driver(uri, auth=...)`` call below; nothing else differs.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx
import orjson

from ctgraph.graph import cypher
from ctgraph.graph.analysis import (
    DIGEST_VERSION,
    Digest,
    FlowFacts,
    Pairs,
    evidence_matches,
    own_evidence,
    pair_digest,
    search_stems,
)
from ctgraph.graph.answers import SearchHit, Stats
from ctgraph.graph.batch import NODE_LABELS, REL_TYPES, GraphBatch, LoadReport
from ctgraph.graph.errors import ConflictingFact, StoreUnavailable
from ctgraph.graph.questions import Questions
from ctgraph.graph.snapshot import (
    LINK_DEPTH,
    REFERENCE_LABELS,
    NodeRow,
    RelRow,
    Scope,
    build_graph,
    is_hidden_prop,
    quiet_gc,
)

if TYPE_CHECKING:  # pragma: no cover
    from neo4j import Driver, ManagedTransaction, Transaction

    from ctgraph.graph.config import Settings

__all__ = ["Neo4jStore", "endpoint_label", "BATCH_ROWS", "SINGLE_TX_RECORDS", "STALE_STAGE_S", "URI_SCHEMES"]

#: Rows per ``UNWIND`` statement of a load (and per transaction of a staged load).
BATCH_ROWS = 10_000

#: Rows (a node with the relationships that start at it) per record of a snapshot
#: read: the server reads the next record while the client decodes this one.
SNAPSHOT_CHUNK = 250

#: A load of at most this many records runs in one write transaction; a
#: larger one is staged in transactions of BATCH_ROWS rows and switched on in
#: one small transaction (the server's transaction memory then stays small).
SINGLE_TX_RECORDS = 50_000

#: A stage nobody has written to for this long belongs to a load that died;
#: any later load removes it (a later load of the same batch always does).
STALE_STAGE_S = 600.0

#: URI schemes of the Bolt protocol (plain, routed, TLS, TLS with a self-signed certificate).
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

_START_HINT = "start it (python tools/neo4j/server.py start) or unset NEO4J_URI to use the embedded store"

T = TypeVar("T")


def endpoint_label(ref: str) -> str | None:
    """The label a relationship endpoint id names, from its form alone.

    Used for endpoints that are not in the batch being loaded (for example a
    data set batch pointing at seed countries).

    Examples
    --------
    >>> endpoint_label("CHN"), endpoint_label("region:eu"), endpoint_label("source:x")
    ('Country', 'Region', 'Source')
    >>> endpoint_label("nonsense") is None
    True
    """
    if len(ref) == 3 and ref.isascii() and ref.isalpha() and ref.isupper():
        return "Country"
    prefix, sep, rest = ref.partition(":")
    return _BY_PREFIX.get(prefix) if sep and rest else None


#: id prefix -> label (``tiptier:`` -> TipTier)
_BY_PREFIX = {lbl.lower(): lbl for lbl in NODE_LABELS}


def _node_row(label: str, props: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    ident = str(props["id"])
    return label, ident, {k: v for k, v in props.items() if k != "id" and not is_hidden_prop(k)}


def _dropped(keys: tuple[str, ...], own: str) -> tuple[str, ...]:
    """The keys of a property map that are not part of the record: ``own``
    (``id`` of a node, ``key`` of a relationship: a column of the record) and
    the store's bookkeeping (:func:`graph.snapshot.is_hidden_prop`)."""
    return tuple(k for k in keys if k == own or is_hidden_prop(k))


def _strip(props: dict[str, Any], drops: dict[tuple[str, ...], tuple[str, ...]], own: str) -> None:
    """Delete from ``props`` in place the keys :func:`_dropped` names (worked out once per set of keys)."""
    keys = tuple(props)
    drop = drops.get(keys)
    if drop is None:
        drop = drops[keys] = _dropped(keys, own)
    for k in drop:
        del props[k]


class _Records:
    """The node and relationship records of one snapshot read.

    The property maps the driver decoded are this read's own: the keys that
    are not part of a record are deleted from them in place, and which keys
    those are is worked out once per set of keys (maps of one kind share their
    keys, in the same order), not key by key for each of 100,000 maps."""

    def __init__(self) -> None:
        self.nodes: list[NodeRow] = []
        self.rels: list[RelRow] = []
        self._node_drop: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._rel_drop: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(self, label: str, rows: list[list[Any]]) -> set[str]:
        """Add these ``[props, [[type, end, props], ...]]`` rows of ``label`` nodes
        (:func:`graph.cypher.label_records`); the ids of the nodes."""
        nodes, rels = self.nodes, self.rels
        node_drop, rel_drop = self._node_drop, self._rel_drop
        ids: set[str] = set()
        for props, out in rows:
            start = str(props["id"])
            ids.add(start)
            _strip(props, node_drop, "id")
            nodes.append((label, start, props))
            for rtype, end, rprops in out:
                key = str(rprops.get("key", ""))
                _strip(rprops, rel_drop, "key")
                rels.append((rtype, start, end, key, rprops))
        return ids


#: About how many flows a whole-graph list reads per read transaction (:meth:`Neo4jStore.with_pairs`).
PAIR_PART_FLOWS = 100_000


def _parts(counts: Iterable[tuple[str, int]], size: int) -> list[list[str]]:
    """Ids in consecutive parts of about ``size`` (their counts summed; a larger id is a part alone).

    Examples
    --------
    >>> _parts([("a", 5), ("b", 5), ("c", 20), ("d", 1)], 10)
    [['a', 'b'], ['c'], ['d']]
    """
    out: list[list[str]] = []
    total = 0
    for ident, n in counts:
        if not out or total + n > size:
            out.append([])
            total = 0
        out[-1].append(ident)
        total += n
    return out


#: How many pair digests a whole-graph list writes per transaction while it reads the flows.
DIGEST_WRITE_ROWS = 1_000


def _digest_sig(loads: Sequence[tuple[str, str]]) -> str:
    """The name of the pair digests made from the records of these loads (ids and states) by this
    digest layout: a load (or a stage) changes the loads, so digests are never read for another graph."""
    return hashlib.sha256(orjson.dumps([DIGEST_VERSION, list(loads)])).hexdigest()[:32]


def _digest_row(
    o: str, d: str, flows: list[list[Any]], drops: dict[tuple[str, ...], tuple[str, ...]]
) -> tuple[str, str, str, str, str]:
    """(o, d, body, ids, evidence) of one pair's flows as :func:`graph.cypher.flow_pairs` reads them:
    :func:`graph.analysis.pair_digest` of their props and stored items, as the embedded store makes it."""
    rows = []
    for props, ev in flows:
        p = dict(props)
        ident = str(p["id"])
        _strip(p, drops, "id")
        rows.append((ident, p, [{"source": str(src), "quote": q, "locator": loc} for src, q, loc in ev]))
    dg = pair_digest(rows)
    ids, evidence = dg.pop("ids"), dg.pop("evidence")
    return o, d, orjson.dumps(dg).decode(), orjson.dumps(ids).decode(), orjson.dumps(evidence).decode()


class _DigestReader:
    """What a whole-graph list ranked from Neo4j's kept pair digests reads besides their bodies
    (:meth:`Neo4jStore._digest_pairs`): ids and evidence lists a batch of pairs at a time, a pair's
    flows where its digest cannot stand for them; every read checks the loads are still ``loads``."""

    def __init__(self, store: Neo4jStore, G: nx.MultiDiGraph, loads: list[tuple[str, str]], sig: str):
        self.store, self.G, self.loads, self.sig = store, G, loads, sig
        self.active = [i for i, st in loads if st == "active"]
        self.lists: dict[tuple[str, str], list[Any]] = {}

    @contextmanager
    def _begin(self) -> Iterator[Any]:
        """A read transaction of its own (the list is handed out after the ranking's session closed)
        on the loads the digests are of."""
        store = self.store
        with store._translate(), store._db().session(database=store.database) as session:
            with session.begin_transaction(timeout=store.timeout_s) as tx:
                if sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS)) != self.loads:
                    raise StoreUnavailable(
                        f"Neo4j at {store.uri}: the graph changed while it was read (a load ran): try again"
                    )
                yield tx

    def load(self, keys: Sequence[tuple[str, str]]) -> None:
        """Read the evidence lists of these pairs (one read for a batch of items handed out)."""
        want = [list(k) for k in keys if k not in self.lists]
        if want:
            with self._begin() as tx:
                for r in tx.run(cypher.DIGEST_EVIDENCE, sig=self.sig, pairs=want):
                    self.lists[(r["o"], r["d"])] = orjson.loads(r["evidence"])

    def evidence(self, o: str, d: str) -> list[Any]:
        self.load([(o, d)])
        return self.lists.pop((o, d), [])

    def ids(self, o: str, d: str) -> list[str]:
        with self._begin() as tx:
            row = tx.run(cypher.DIGEST_IDS, sig=self.sig, o=o, d=d).single()
        return orjson.loads(row["ids"]) if row is not None else []

    def flows(self, body: dict[str, Any], o: str, d: str) -> list[FlowFacts]:
        ids = [*self.ids(o, d), *body["draft_ids"]]
        filtered = len(self.active) != len(self.loads)
        with self._begin() as tx:
            found = [r["flow"] for r in tx.run(cypher.flows_by_id(filtered), ids=ids, active=self.active)]
        return _flow_rows(self.G, found, self.store.include_drafts, {})

    def pairs(self, rows: list[tuple[str, str, str]]) -> Pairs:
        node = self.G._node
        for o, d, text in rows:
            if o not in node or d not in node:
                continue
            body = orjson.loads(text)
            flows_of = functools.partial(self.flows, body, o, d)
            if self.store.include_drafts and body["draft_ids"]:
                yield o, d, flows_of, None
                continue
            ids = functools.partial(self.ids, o, d)
            evidence = functools.partial(self.evidence, o, d)
            yield o, d, flows_of, Digest(body, ids, evidence, (o, d), self.load)


def _flow_rows(
    G: nx.MultiDiGraph, flows: list[list[Any]], drafts: bool, drops: dict[tuple[str, ...], tuple[str, ...]]
) -> list[FlowFacts]:
    """``[props, [[source, quote, locator], ...]]`` flows (:func:`graph.cypher.flow_pairs`) as the
    analysis reads them, in id order, as a snapshot holds them (a draft left out unless ``drafts``)."""
    out: list[FlowFacts] = []
    for props, ev in sorted(flows, key=lambda f: str(f[0]["id"])):
        ident = str(props["id"])
        _strip(props, drops, "id")
        draft = bool(props.get("draft"))
        if draft and not drafts:
            continue
        items = [{"source": str(src), "quote": q, "locator": loc} for src, q, loc in ev]
        out.append((ident, props, own_evidence(G, items, draft)))  # type: ignore[arg-type]
    return out


#: Libraries the neo4j driver imports when it is imported, if they are installed,
#: for DataFrame, Arrow and numpy support ctgraph never uses: its parameters are
#: plain values (a batch holds str, int, float, bool and lists of them; the
#: embedded store refuses anything else, numpy values included).
DRIVER_OPTIONAL = ("pandas", "pyarrow", "numpy")


def import_driver() -> None:
    """Import the neo4j driver. In a process that has not loaded pandas, pyarrow or
    numpy (a CLI call) they are hidden from the driver's import, which otherwise
    loads them (pandas: 0.7-0.9 s, numpy alone 0.3 s of every Neo4j CLI call);
    they stay importable afterwards. Where they are loaded already (the
    dashboard), nothing changes: the driver sees them."""
    import sys

    if "neo4j" in sys.modules:
        return
    hidden = [m for m in DRIVER_OPTIONAL if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import neo4j  # noqa: F401
    finally:
        for m in hidden:
            if sys.modules.get(m, False) is None:
                del sys.modules[m]


class Neo4jStore(Questions):
    """Graph store on a Neo4j 5.26+ server; the driver is built on first use."""

    name = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        timeout_s: float = 30.0,
        include_drafts: bool = False,
    ) -> None:
        import_driver()  # before any method imports from the driver
        self.uri = uri
        self.user = user
        self._password = password
        self.database = database
        self.timeout_s = timeout_s
        self._driver: Driver | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._schema_ready = False
        self.include_drafts = include_drafts
        #: Seconds a failed idempotent write step is tried again (lost connection,
        #: transient error) before the load gives up with one error line.
        self.write_retry_s = min(timeout_s, 5.0)
        #: Server-side timeout of each write transaction.
        self.write_timeout_s = max(timeout_s, 300.0)
        #: True when the last load could not delete the version it replaced (done by the next load).
        self.pending_clean_up = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        """The store NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE describe."""
        if not settings.neo4j_uri:
            raise StoreUnavailable("NEO4J_URI is not set: e.g. export NEO4J_URI=bolt://127.0.0.1:7687")
        pw = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return cls(
            settings.neo4j_uri,
            settings.neo4j_user,
            pw,
            settings.neo4j_database,
            settings.neo4j_timeout_s,
        )

    # ------------------------------------------------------------------ connection

    def _connect(self) -> Driver:
        from neo4j import GraphDatabase
        from neo4j.exceptions import ConfigurationError

        driver_log = logging.getLogger("neo4j")
        if not driver_log.handlers:
            # The driver warns on stderr before each retry; users see one Error: line
            # instead. An application that configures logging still gets the records.
            driver_log.addHandler(logging.NullHandler())

        if not self._password:
            raise StoreUnavailable(
                f"NEO4J_PASSWORD is not set for Neo4j at {self.uri}: export it (see .env.example)"
            )
        scheme = self.uri.partition("://")[0].lower()
        try:
            if scheme not in URI_SCHEMES:
                raise ValueError(f"unsupported scheme {scheme!r}")
            driver = GraphDatabase.driver(
                self.uri,
                auth=(self.user, self._password),
                connection_timeout=self.timeout_s,
                max_transaction_retry_time=self.timeout_s,
                notifications_min_severity="OFF",
            )
        except (ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(
                f"NEO4J_URI {self.uri!r} is not a Neo4j URI ({exc}): use bolt://host:7687, "
                "neo4j://host:7687 or neo4j+s://<id>.databases.neo4j.io"
            ) from None
        try:
            driver.verify_connectivity()
        except BaseException:
            driver.close()
            raise
        return driver

    def _db(self) -> Driver:
        if self._driver is None:
            with self._translate():
                self._driver = self._connect()
            # Callers should close(); a store that is simply dropped (a CLI run,
            # a Streamlit rerun) still closes its connections, never leaks them.
            self._finalizer = weakref.finalize(self, self._driver.close)
        return self._driver

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """Turn driver failures into one StoreUnavailable line that says what to do."""
        from neo4j.exceptions import (
            AuthError,
            ClientError,
            DriverError,
            Forbidden,
            ServiceUnavailable,
            SessionExpired,
            TransientError,
        )

        try:
            yield
        except AuthError:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} rejected user {self.user!r}: check NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except Forbidden as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} refused user {self.user!r} ({exc.message}): "
                "grant the user access to the database or use another account"
            ) from None
        except ClientError as exc:
            if exc.code and exc.code.endswith("DatabaseNotFound"):
                raise StoreUnavailable(
                    f"Neo4j at {self.uri} has no database {self.database!r}: "
                    "set NEO4J_DATABASE to an existing database (default: neo4j) or create it"
                ) from None
            raise
        except TransientError as exc:
            if exc.code and "MemoryPoolOutOfMemoryError" in exc.code:
                raise StoreUnavailable(
                    f"Neo4j at {self.uri} ran out of transaction memory for this load: give the server "
                    "more heap (e.g. NEO4J_JAVA_OPTS=-Xmx4g for tools/neo4j/server.py, "
                    "NEO4J_server_memory_heap_max__size in docker) or load the sources in parts"
                ) from None
            raise
        except (ServiceUnavailable, SessionExpired, OSError):
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_START_HINT}") from None
        except DriverError as exc:
            if "connect" in str(exc).lower():
                raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_START_HINT}") from None
            raise

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return tx.run(query, params).data()

        return self._session_call("read", work)

    def _session_call(self, mode: str, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in one managed transaction. Reads carry the driver's
        transaction timeout, enforced by the server (a slow query is stopped
        there, not just abandoned by the client)."""
        from neo4j import unit_of_work
        from neo4j.exceptions import ClientError

        driver = self._db()
        with self._translate():
            with driver.session(database=self.database) as session:
                if mode == "read":
                    timed = unit_of_work(timeout=self.timeout_s)(work)
                    try:
                        return session.execute_read(timed)
                    except ClientError as exc:
                        self._raise_timed_out(exc)
                        raise
                return session.execute_write(work)

    def _raise_timed_out(self, exc: Exception) -> None:
        """One clear line when the server stopped a read at NEO4J_TIMEOUT_S (any other error: nothing)."""
        code = getattr(exc, "code", None)
        if code and "TransactionTimedOut" in code:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} stopped the query after {self.timeout_s:g} s "
                "(NEO4J_TIMEOUT_S): narrow the question or raise the limit"
            ) from None

    def close(self) -> None:
        """Close the driver and its connections (the next question reconnects)."""
        if self._driver is not None:
            if self._finalizer is not None:
                self._finalizer.detach()
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writes

    def ensure_schema(self) -> None:  # noqa: C901
        """Create the constraints and indexes that do not exist yet (one look at
        the schema when all exist), drop the id-only uniqueness of the versioned
        labels a database from before versioned loads has, and register its
        loads as active."""
        if self._schema_ready:
            return
        driver = self._db()
        wanted: dict[str, str] = {
            "ctgraph_load_id": cypher.LOAD_CONSTRAINT,
            "ctgraph_pair_digest": cypher.DIGEST_INDEX,
            "ctgraph_pair_digests_sig": cypher.DIGESTS_CONSTRAINT,
        }
        for label in NODE_LABELS:
            q = cypher.constraint(label)
            wanted[q.split()[2]] = q
            if label != "Country":
                for idx in cypher.node_indexes(label):
                    wanted[idx.split()[2]] = idx
        for rtype in dict.fromkeys(REL_TYPES):
            for idx in cypher.rel_indexes(rtype):
                wanted[idx.split()[2]] = idx
        with self._translate():
            with driver.session(database=self.database) as session:
                have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
                have |= {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
                old = [lbl for lbl in NODE_LABELS if lbl != "Country" and f"ctgraph_{lbl.lower()}_id" in have]
                for label in old:
                    session.run(cypher.old_constraint(label)).consume()
                missing = [q for name, q in wanted.items() if name not in have]
                for q in missing:
                    session.run(q).consume()
                if missing:
                    session.run(cypher.AWAIT_INDEXES, seconds=300).consume()
                if not session.run("MATCH (l:" + cypher.LOAD_LABEL + ") RETURN l LIMIT 1").peek():
                    rows = {
                        (r["batch"], r["load"])
                        for label in NODE_LABELS
                        if label != "Country"
                        for r in session.run(cypher.unregistered_loads(label))
                    }
                    if rows:
                        session.run(
                            cypher.REGISTER_LOADS, rows=[{"batch": b, "load": ld} for b, ld in sorted(rows)]
                        ).consume()
        self._schema_ready = True

    def _checkpoint(self, done: str) -> None:
        """Called after each UNWIND statement of a load (inside its transaction).

        A hook for tests that inject a failure part-way through a load.
        """

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write ``batch`` as a new version of its batch, all or nothing for
        readers, replacing the version loaded before (stale records go).

        Every record is written under a new load id beside the version readers
        see (:mod:`graph.cypher`, "versions"). A small load (at most
        :data:`SINGLE_TX_RECORDS` records, counting the version it replaces)
        does everything in ONE write transaction. A larger one is *staged*:
        registered as ``staging``, written in transactions of
        :data:`BATCH_ROWS` rows (invisible to readers), then switched on in one
        small transaction; the replaced version is deleted afterwards in
        batches. A load that dies part-way leaves a stage that the next load
        of the batch (or any load, once the stage is :data:`STALE_STAGE_S`
        old) removes. A fact id that another batch holds is refused.
        """
        plan = _Plan.of(batch, uuid.uuid4().hex)
        self.ensure_schema()
        state = self._write(lambda tx: _LoadState.read(tx, batch.name), "reading the loads")
        single = plan.records <= SINGLE_TX_RECORDS
        if single:
            self._write(lambda tx: self._load_in_one(tx, plan, state), "writing the load", commit_unknown=True)
        else:
            self._load_staged(plan, state)
        self._clean_up()
        self._drop_stale_digests()
        return batch.counts()

    def _drop_stale_digests(self) -> None:
        """Delete the pair digests of other loads than those readers see now (none is read again;
        the next whole-graph list keeps new ones). Best effort, like the clean-up."""
        from neo4j.exceptions import Neo4jError

        try:
            with self._db().session(database=self.database) as session:
                loads = sorted((r["id"], r["state"]) for r in session.run(cypher.ACTIVE_LOADS))
                sig = _digest_sig(loads)
                session.run(cypher.DROP_OLD_DIGESTS, sig=sig).consume()
                session.execute_write(lambda tx: tx.run(cypher.DROP_OLD_MARKS, sig=sig).consume())
        except Neo4jError as exc:
            logging.getLogger(__name__).info("old pair digests not deleted yet: %s", exc)

    # -- the steps of a load ------------------------------------------------

    def _load_in_one(self, tx: Transaction, plan: _Plan, state: _LoadState) -> None:
        tx.run(cypher.BEGIN_LOAD, load=plan.load, batch=plan.batch.name, records=plan.records).consume()
        tx.run(cypher.ABANDON_STAGES, load=plan.load, batch=plan.batch.name, stale_ms=int(STALE_STAGE_S * 1000)).consume()
        adopted = self._check_ids(tx, plan, state)
        self._stage_rows(tx, plan, state, plan.node_steps() + plan.rel_steps())
        self._copy_foreign(tx, plan, state, adopted)
        self._switch(tx, plan, state, adopted)

    def _load_staged(self, plan: _Plan, state: _LoadState) -> None:
        def begin(tx: Transaction) -> None:
            tx.run(cypher.BEGIN_LOAD, load=plan.load, batch=plan.batch.name, records=plan.records).consume()
            tx.run(cypher.ABANDON_STAGES, load=plan.load, batch=plan.batch.name, stale_ms=int(STALE_STAGE_S * 1000)).consume()

        self._write(begin, "registering the load")
        try:
            self._clean_up()  # what earlier runs left, before this one adds to it
            adopted = self._write(lambda tx: self._check_ids(tx, plan, state), "checking the ids")
            for index, step in enumerate(plan.node_steps() + plan.rel_steps()):

                def stage(tx: Transaction, step: _Step = step, index: int = index) -> None:
                    self._stage_step(tx, plan, state, step, index)

                self._write(stage, "staging the load", retry=True)
            self._write(lambda tx: self._copy_foreign(tx, plan, state, adopted), "staging the load")
            self._write(lambda tx: self._switch(tx, plan, state, adopted), "switching to the new version",
                        commit_unknown=True)
        except BaseException:
            try:  # best effort: the next load cleans up what this cannot
                self._write(lambda tx: tx.run(cypher.ABANDON_LOAD, load=plan.load).consume(), "giving up the stage")
                self._clean_up()
            except Exception:  # the first error is the one to report
                pass
            raise

    def _stage_step(self, tx: Transaction, plan: _Plan, state: _LoadState, step: _Step, index: int) -> None:
        row = tx.run(cypher.TOUCH_LOAD, load=plan.load, step=index).single()
        if row is None or row["state"] != "staging":
            raise StoreUnavailable(
                f"Neo4j at {self.uri}: another load of {plan.batch.name!r} replaced this one while it was "
                "being written: run it again"
            )
        if row["done"]:
            return  # written by an attempt whose commit was lost on the way back
        self._stage_rows(tx, plan, state, [step])
        tx.run(cypher.STEP_DONE, load=plan.load, step=index).consume()

    def _check_ids(self, tx: Transaction, plan: _Plan, state: _LoadState) -> dict[str, list[str]]:
        """Refuse ids another batch holds; which ids of the batch are shared
        nodes now (the batch's own version will replace them)?"""
        adopted: dict[str, list[str]] = {}
        for label, ids in plan.owned_ids.items():
            for i in range(0, len(ids), BATCH_ROWS):
                chunk = ids[i : i + BATCH_ROWS]
                clash = tx.run(
                    cypher.owned_elsewhere(label), ids=chunk, batch=plan.batch.name, active=state.active
                ).single()
                if clash is not None:
                    here = plan.batch.origins.get(clash["id"]) or f"batch {plan.batch.name!r}"
                    there = clash["origin"] or f"batch {clash['batch']!r}"
                    raise ConflictingFact(
                        f"{here}: id {clash['id']!r} is already loaded from {there}: "
                        "give the new fact its own id, or reload the file that defines it"
                    )
                found = [r["id"] for r in tx.run(cypher.shared_with_ids(label), ids=chunk)]
                if found:
                    adopted.setdefault(label, []).extend(found)
        return adopted

    def _stage_rows(self, tx: Transaction, plan: _Plan, state: _LoadState, steps: list[_Step]) -> None:
        for step in steps:
            params: dict[str, Any] = {"load": plan.load, "active": state.active}
            if step.kind == "rels":
                rtype, sl, el, s_own, e_own = step.key
                merged = tx.run(cypher.merge_rels(rtype, sl, el, s_own, e_own), rows=step.rows, **params).single(strict=True)
                if merged["merged"] != len(step.rows):
                    self._missing(tx, rtype, sl, el, step.rows, params)
            else:
                tx.run(step.query, rows=step.rows, **params).consume()
            self._checkpoint(step.name)

    def _copy_foreign(self, tx: Transaction, plan: _Plan, state: _LoadState, adopted: dict[str, list[str]]) -> None:
        """Copy the relationships other batches own from the version this load
        replaces (and from shared nodes it takes over) onto the new version."""
        if state.previous is None and not adopted:
            return
        groups: dict[tuple[str, str, bool, str | None], list[dict[str, Any]]] = defaultdict(list)
        for label in plan.owned_ids:
            found: list[Any] = []
            if state.previous is not None:
                found += tx.run(
                    cypher.foreign_rels_of_load(label), batch=plan.batch.name, prev=state.previous, active=state.active
                ).data()
            if adopted.get(label):
                found += tx.run(
                    cypher.foreign_rels_of_shared(label), ids=adopted[label], batch=plan.batch.name,
                    prev=state.previous or "", active=state.active,
                ).data()
            for r in found:
                other_label = r["other_label"] if r["other_replaced"] else None
                groups[(r["type"], label, r["outgoing"], other_label)].append(
                    {"id": r["id"], "other": r["other"], "other_id": r["other_id"], "props": r["props"]}
                )
        for (rtype, label, outgoing, other_label), rows in sorted(groups.items(), key=lambda kv: str(kv[0])):
            for i in range(0, len(rows), BATCH_ROWS):
                tx.run(cypher.copy_rels(rtype, label, outgoing, other_label), rows=rows[i : i + BATCH_ROWS],
                       load=plan.load).consume()

    def _switch(self, tx: Transaction, plan: _Plan, state: _LoadState, adopted: dict[str, list[str]]) -> None:
        """Make the new version the one readers see (one small transaction)."""
        now = _LoadState.read(tx, plan.batch.name)
        if now.previous != state.previous or now.state_of(plan.load) != "staging":
            raise StoreUnavailable(
                f"Neo4j at {self.uri}: another load of {plan.batch.name!r} finished while this one was "
                "being written: run it again"
            )
        if sorted(set(now.active) - {plan.load}) != sorted(set(state.active)):
            raise StoreUnavailable(
                f"Neo4j at {self.uri}: another load finished while this one was being written: run it again"
            )
        retired = plan.load + "-replaced"
        params: dict[str, Any] = {"load": plan.load, "batch": plan.batch.name, "active": state.active, "retired": retired}
        if adopted or plan.shared_rels:
            tx.run(cypher.RETIRE, retired=retired, batch=plan.batch.name).consume()
        if plan.countries:
            for i in range(0, len(plan.countries), BATCH_ROWS):
                tx.run(cypher.SWITCH_COUNTRIES, rows=plan.countries[i : i + BATCH_ROWS]).consume()
        for label in plan.referred:
            tx.run(cypher.share_referred(label), load=plan.load).consume()
        for label, ids in adopted.items():
            tx.run(cypher.adopt_shared(label), ids=ids, **params).consume()
        for (rtype, sl, el), rows in plan.shared_rels.items():
            for i in range(0, len(rows), BATCH_ROWS):
                tx.run(cypher.take_over_rels(rtype, sl, el), rows=rows[i : i + BATCH_ROWS], **params).consume()
        tx.run(cypher.SWITCH_LOAD, load=plan.load, batch=plan.batch.name).consume()
        tx.run(cypher.BUMP_VERSION).consume()

    def _clean_up(self) -> None:
        """Delete the records of retired loads (replaced versions, given-up
        stages), one batched statement per relationship type and label
        (:func:`graph.cypher.delete_rels_of`, transactions of
        :data:`graph.cypher.DELETE_BATCH_ROWS` records), then forget the loads. A failure here changes nothing readers see; the next load
        finishes the job (:attr:`pending_clean_up` says so meanwhile)."""
        try:
            retired = self._write(lambda tx: [r["id"] for r in tx.run(cypher.RETIRED_LOADS)], "cleaning up")
            for load_id in retired:
                queries = [cypher.delete_rels_of(t) for t in dict.fromkeys(REL_TYPES)]
                queries += [cypher.delete_nodes_of(lbl) for lbl in NODE_LABELS]
                for q in queries:  # relationships first: a node then takes few into its transaction
                    self._auto_commit(q, "cleaning up", load=load_id)

                def forget(tx: Transaction, load_id: str = load_id) -> None:
                    tx.run(cypher.FORGET_LOAD, load=load_id).consume()

                self._write(forget, "cleaning up", retry=True)
            self.pending_clean_up = False
        except StoreUnavailable:
            self.pending_clean_up = True

    def _auto_commit(self, query: str, doing: str, **params: Any) -> None:
        """Run one ``CALL { ... } IN TRANSACTIONS`` delete: it commits its own inner
        transactions, which Neo4j allows only in an implicit (auto-commit)
        transaction, so ``session.run``, never a managed or explicit one. Each batch
        it commits stays done; the statement is idempotent, so after a transient
        error or a lost connection it is run again (for :attr:`write_retry_s`)."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

        driver = self._db()
        deadline = time.monotonic() + self.write_retry_s
        pause = 0.2
        with self._translate():
            while True:
                try:
                    with driver.session(database=self.database) as session:
                        session.run(query, params).consume()
                    return
                except (ServiceUnavailable, SessionExpired, OSError, TransientError) as exc:
                    if time.monotonic() + pause < deadline:
                        time.sleep(pause)
                        pause *= 2
                        continue
                    if isinstance(exc, TransientError):
                        raise
                    raise StoreUnavailable(
                        f"lost the connection to Neo4j at {self.uri} while {doing}: what was deleted stays deleted; "
                        "run it again once Neo4j is back"
                    ) from exc

    @staticmethod
    def _missing(
        tx: Transaction, rtype: str, sl: str, el: str, chunk: list[dict[str, Any]], params: dict[str, Any]
    ) -> None:
        for side, label in (("start", sl), ("end", el)):
            ids = sorted({row[side] for row in chunk})
            gone = [rec["id"] for rec in tx.run(cypher.missing_endpoints(label), ids=ids, **params)]
            if gone:
                raise ValueError(f"relationship {rtype} refers to missing node {gone[0]!r}")
        raise ValueError(f"relationship {rtype}: some rows were not written")

    def _write(
        self,
        work: Callable[[Transaction], T],
        doing: str,
        *,
        retry: bool = False,
        commit_unknown: bool = False,
    ) -> T:
        """Run ``work`` in one explicit write transaction, with a bounded retry.

        Writes do not go through the driver's managed retries (which keep
        reconnecting for ``max_transaction_retry_time``). A ``retry`` step is
        idempotent and is tried again for at most :attr:`write_retry_s`
        seconds after a transient error or a lost connection; anything else
        fails at once, with one line. A lost connection while committing a
        ``commit_unknown`` step (the one that makes a load visible) leaves the
        outcome unknown, and the error says so and that running the load again
        is safe; before that point nothing readers see has changed.
        """
        from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

        driver = self._db()
        deadline = time.monotonic() + self.write_retry_s
        pause = 0.2
        with self._translate():
            while True:
                committing = False
                try:
                    with driver.session(database=self.database) as session:
                        tx = session.begin_transaction(timeout=self.write_timeout_s)
                        try:
                            out = work(tx)
                            committing = True
                            tx.commit()
                            return out
                        finally:
                            if not committing:
                                _quietly_close(tx)
                except (ServiceUnavailable, SessionExpired, OSError) as exc:
                    if committing and commit_unknown:
                        raise StoreUnavailable(
                            f"lost the connection to Neo4j at {self.uri} while {doing}: the outcome of the load "
                            "is unknown; running the same load again is safe (it replaces whatever this one wrote)"
                        ) from None
                    if retry and time.monotonic() + pause < deadline:
                        time.sleep(pause)
                        pause *= 2
                        continue
                    raise StoreUnavailable(
                        f"lost the connection to Neo4j at {self.uri} while {doing}: nothing was changed "
                        "(readers see the graph as it was); run the load again once Neo4j is back"
                    ) from exc
                except TransientError:
                    if retry and time.monotonic() + pause < deadline:
                        time.sleep(pause)
                        pause *= 2
                        continue
                    raise

    def add_props(
        self, nodes: dict[str, list[dict[str, Any]]], rels: dict[tuple[str, str, str], list[dict[str, Any]]]
    ) -> int:
        """Add properties to existing records, in one transaction (the
        follow-up of an offline import, :mod:`graph.bulk_import`); how many rows?"""

        def work(tx: Transaction) -> int:
            for label, rows in nodes.items():
                for i in range(0, len(rows), BATCH_ROWS):
                    tx.run(cypher.add_node_props(label), rows=rows[i : i + BATCH_ROWS]).consume()
            for (rtype, sl, el), rows in rels.items():
                for i in range(0, len(rows), BATCH_ROWS):
                    tx.run(cypher.add_rel_props(rtype, sl, el), rows=rows[i : i + BATCH_ROWS]).consume()
            return sum(map(len, nodes.values())) + sum(map(len, rels.values()))

        return self._write(work, "writing properties")

    def clear(self) -> None:
        """Delete every node and relationship in the database (tests, benchmarks)."""
        for query in cypher.DELETE_EVERYTHING:
            self._auto_commit(query, "clearing the database")

    # ------------------------------------------------------------------ retrieval

    def _consistent_read(self, read: Callable[[ManagedTransaction, list[str], bool], T]) -> T:
        """Run ``read(tx, active, filtered)`` in one read transaction, as one
        consistent view of the graph.

        Neo4j's transactions read committed data, so a load that commits while
        a read runs could show in its later statements. The read therefore
        notes the loads (ids and states) first, reads the records of the
        active ones, and notes the loads again: a load registered or switched
        in between is seen, and the read is done again. When every load is
        active (no stage, nothing retired left: the usual case), the records
        are read without the visibility conditions (about a third faster), which
        the second look at the loads makes just as safe.
        """

        def work(tx: ManagedTransaction) -> T:
            for _attempt in range(4):
                before = sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS))
                active = [i for i, st in before if st == "active"]
                out = read(tx, active, len(active) != len(before))
                after = sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS))
                if after == before:
                    return out
            raise StoreUnavailable(
                f"Neo4j at {self.uri}: the graph kept changing while it was read (loads running): try again"
            )

        return self._session_call("read", work)

    def version(self) -> str:
        rows = self._read(cypher.VERSION)
        return f"neo4j:{self.uri}:{self.database}:{rows[0]['version'] if rows else 0}"

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:
        """The records of ``scope``, read in one read transaction, as a snapshot graph."""

        def read(tx: ManagedTransaction, active: list[str], filtered: bool) -> nx.MultiDiGraph:
            with quiet_gc():
                if scope.whole:
                    records = self._by_labels(tx, scope.labels(), active, filtered)
                else:
                    records = self._scoped(tx, scope, active, filtered)
                return build_graph(records.nodes, records.rels, include_drafts=scope.include_drafts)

        return self._consistent_read(read)

    def pairs_ready(self) -> bool:
        """Whole-graph lists are always ranked from pair rows the server groups (never a snapshot of every flow)."""
        return True

    def with_pairs(
        self, G: nx.MultiDiGraph, use: Callable[[Pairs], T], endpoints: Collection[str] | None = None
    ) -> T:
        """``use`` the pairs the server groups origin by origin (:func:`graph.cypher.flow_pairs`),
        streamed; a pair's flows are turned into rows only when asked.

        The origins are read in parts of about :data:`PAIR_PART_FLOWS` flows, each part in its
        own read transaction (each within the server's timeout, however large the graph); every
        part checks that the loads are those the first one saw, so the parts read one graph
        (a load that switches in between makes the question fail with a line saying to ask again)."""
        from neo4j.exceptions import ClientError

        with quiet_gc(), self._translate(), self._db().session(database=self.database) as session:
            try:
                pairs = self._digest_pairs(session, G, endpoints)
                if pairs is None:
                    pairs = self._pair_parts(session, G, keep=True)
                if endpoints is not None:
                    pairs = ((o, d, f, dg) for o, d, f, dg in pairs if o in endpoints or d in endpoints)
                return use(pairs)
            except ClientError as exc:
                self._raise_timed_out(exc)
                raise

    def scoped_pairs_ready(self) -> bool:
        """One country's one-leg lists from the pair digests when they are kept for the loads readers see."""
        return self._digest_pairs_kept()

    def _digest_pairs(self, session: Any, G: nx.MultiDiGraph, endpoints: Collection[str] | None = None) -> Pairs | None:
        """The pairs from the digests kept for the loads readers see now (None: none kept, the
        flows are read): one read of every pair's digest body; a pair's flow ids and evidence
        are read for the pairs handed out, a batch at a time; its flows only where the digest
        cannot stand for them, each read checking the loads are still those the digests are of."""
        with session.begin_transaction(timeout=self.timeout_s) as tx:
            loads = sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS))
            sig = _digest_sig(loads)
            if tx.run(cypher.DIGESTS_DONE, sig=sig).peek() is None:
                return None
            if endpoints is None:
                found = tx.run(cypher.PAIR_DIGESTS, sig=sig)
            else:
                found = tx.run(cypher.PAIR_DIGESTS_AT, sig=sig, ends=sorted(endpoints))
            rows = [(r["o"], r["d"], r["body"]) for r in found]
        reader = _DigestReader(self, G, loads, sig)
        return reader.pairs(rows)

    def _digest_pairs_kept(self) -> bool:
        """Are the pair digests of the loads readers see now kept (the next whole-graph list reads them)?"""

        def read(tx: ManagedTransaction, _active: list[str], _filtered: bool) -> bool:
            loads = sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS))
            return tx.run(cypher.DIGESTS_DONE, sig=_digest_sig(loads)).peek() is not None

        return self._consistent_read(read)

    def _claim_digests(self, sig: str) -> bool:
        """Become the one writer of the digests of these loads (a mark under a uniqueness constraint:
        a second reader keeping them at the same time is refused and keeps none); a claim whose
        writer stopped :data:`STALE_STAGE_S` ago is taken over."""
        from neo4j.exceptions import Neo4jError

        try:
            self.ensure_schema()  # the uniqueness of the mark is what makes one writer
            with self._db().session(database=self.database) as writer:
                writer.execute_write(
                    lambda tx: tx.run(cypher.CLAIM_DIGESTS, sig=sig, stale_ms=int(STALE_STAGE_S * 1000)).consume()
                )
                writer.execute_write(lambda tx: tx.run(cypher.CREATE_CLAIM, sig=sig).consume())
            return True
        except (Neo4jError, StoreUnavailable) as exc:  # taken by another reader, or no write rights: keep none
            logging.getLogger(__name__).info("pair digests not kept: %s", exc)
            return False

    def _keep_digests(self, sig: str, rows: list[tuple[str, str, str, str, str]], done: int | None) -> None:
        """Write digests made while the flows were read (in their own write transactions; a
        reader without write rights, or any failure, just keeps none); ``done``: all were made
        (how many), the old ones go and the mark says these are complete."""
        from neo4j.exceptions import Neo4jError

        try:
            with self._db().session(database=self.database) as writer:
                if rows:
                    writer.execute_write(lambda tx: tx.run(cypher.WRITE_DIGESTS, sig=sig, rows=[
                        {"o": o, "d": d, "body": b, "ids": i, "evidence": e} for o, d, b, i, e in rows]).consume())
                if done is not None:
                    writer.run(cypher.DROP_OLD_DIGESTS, sig=sig).consume()
                    writer.execute_write(lambda tx: tx.run(cypher.DROP_OLD_MARKS, sig=sig).consume())
                    writer.execute_write(lambda tx: tx.run(cypher.DIGESTS_WRITTEN, sig=sig, pairs=done).consume())
        except Neo4jError as exc:
            logging.getLogger(__name__).info("pair digests not kept: %s", exc)

    def _pair_parts(self, session: Any, G: nx.MultiDiGraph, keep: bool = False) -> Pairs:
        node = G._node
        drafts = self.include_drafts
        drops: dict[tuple[str, ...], tuple[str, ...]] = {}
        seen: list[tuple[str, str]] | None = None
        parts: list[list[str]] = []
        part = 0
        made: list[tuple[str, str, str, str, str]] = []
        count = 0
        claimed = False
        while seen is None or part < len(parts):
            with session.begin_transaction(timeout=self.timeout_s) as tx:
                loads = sorted((r["id"], r["state"]) for r in tx.run(cypher.ACTIVE_LOADS))
                active = [i for i, st in loads if st == "active"]
                filtered = len(active) != len(loads)
                if seen is None:
                    seen = loads
                    parts = _parts(((str(r["id"]), int(r["flows"])) for r in tx.run(
                        cypher.pair_origins(filtered), active=active)), PAIR_PART_FLOWS)
                    claimed = keep and self._claim_digests(_digest_sig(seen))
                    continue
                if loads != seen:
                    raise StoreUnavailable(
                        f"Neo4j at {self.uri}: the graph changed while it was read (a load ran): try again"
                    )
                for o, d, flows in tx.run(cypher.flow_pairs(filtered), origins=parts[part], active=active):
                    if claimed:
                        made.append(_digest_row(o, d, flows, drops))
                        count += 1
                        if len(made) >= DIGEST_WRITE_ROWS:
                            self._keep_digests(_digest_sig(seen), made, None)
                            made = []
                    if o in node and d in node:
                        yield o, d, lambda flows=flows: _flow_rows(G, flows, drafts, drops), None  # type: ignore[misc]
                part += 1
        if claimed and seen is not None:
            self._keep_digests(_digest_sig(seen), made, count)

    def flow_facts(self, G: nx.MultiDiGraph, ids: list[str]) -> dict[str, FlowFacts]:
        def read(tx: ManagedTransaction, active: list[str], filtered: bool) -> list[Any]:
            return [r["flow"] for r in tx.run(cypher.flows_by_id(filtered), ids=ids, active=active)]

        return {ff[0]: ff for ff in _flow_rows(G, self._consistent_read(read), self.include_drafts, {})}

    @staticmethod
    def _by_labels(tx: ManagedTransaction, labels: tuple[str, ...], active: list[str], filtered: bool) -> _Records:
        """Every record of these labels (nodes, and the relationships that start at them), in one statement."""
        records = _Records()
        for label, rows in tx.run(cypher.label_records(labels, filtered), active=active, chunk=SNAPSHOT_CHUNK):
            records.add(label, rows)
        return records

    def _scoped(self, tx: ManagedTransaction, scope: Scope, active: list[str], filtered: bool) -> _Records:
        """Records of the reference layer plus the facts around the scope's endpoints
        (the same rules as the embedded store's scoped read), in four statements:
        the reference layer; the places and agencies of the endpoints; the flows
        around them (found by walking from the endpoints, with their
        relationships); the other facts about them, then any fact named by id."""
        records = self._by_labels(tx, REFERENCE_LABELS, active, filtered)
        endpoints = sorted(scope.endpoints or ())
        facts: set[str] = set(scope.facts)
        read: set[str] = set()
        if endpoints:
            found = tx.run(cypher.around(filtered), ids=endpoints, active=active).single(strict=True)
            places = {str(p) for p in found["places"]}
            agencies = {str(a) for a in found["agencies"]}
            ends = sorted(set(endpoints) | places)
            if scope.only is None or "Flow" in scope.only:  # (none: a profile whose routes came from the digests)
                flows = tx.run(cypher.scoped_flows(LINK_DEPTH, filtered), ends=ends, active=active, chunk=SNAPSHOT_CHUNK)
                for rec in flows:
                    read |= records.add("Flow", rec["rows"])
            facts |= {
                str(r["id"])
                for r in tx.run(
                    cypher.facts_around(filtered),
                    countries=endpoints,
                    agencies=sorted(agencies),
                    targets=sorted(set(ends) | agencies),
                    active=active,
                )
            }
        by_label: dict[str, list[str]] = defaultdict(list)
        for f in facts - read:
            label = endpoint_label(f)
            if label is not None and label not in REFERENCE_LABELS:
                by_label[label].append(f)
        for label, ids in sorted(by_label.items()):
            ids.sort()
            for i in range(0, len(ids), BATCH_ROWS):
                part = ids[i : i + BATCH_ROWS]
                for rec in tx.run(cypher.records_by_id(label, filtered), ids=part, active=active, chunk=SNAPSHOT_CHUNK):
                    records.add(label, rec["rows"])
        return records

    def stats(self) -> Stats:
        def read(tx: ManagedTransaction, active: list[str], filtered: bool) -> Stats:
            if filtered:
                nodes = {lbl: int(tx.run(cypher.count_nodes(lbl), active=active).single(strict=True)["n"])
                         for lbl in NODE_LABELS}
                rels = {t: int(tx.run(cypher.count_rels(t), active=active).single(strict=True)["n"])
                        for t in dict.fromkeys(REL_TYPES)}
            else:  # every record is visible: the count store answers, in two statements
                nodes = {r["k"]: int(r["n"]) for r in tx.run(cypher.COUNT_ALL_NODES)}
                rels = {r["k"]: int(r["n"]) for r in tx.run(cypher.COUNT_ALL_RELS)}
            return {
                "nodes": {k: v for k, v in sorted(nodes.items()) if v},
                "relationships": {k: v for k, v in sorted(rels.items()) if v},
            }

        return self._consistent_read(read)

    def search_evidence(self, text: str, limit: int = 200) -> list[SearchHit]:
        def read(tx: ManagedTransaction, active: list[str], _filtered: bool) -> list[dict[str, Any]]:
            return tx.run(
                cypher.SEARCH_EVIDENCE, text=text, stems=search_stems(text), drafts=self.include_drafts,
                active=active,
            ).data()

        rows = self._consistent_read(read)
        out: list[SearchHit] = [
            {
                "fact": r["fact"],
                "label": r["label"],
                "source": r["source"],
                "quote": r["quote"],
                "locator": r["locator"],
            }
            for r in rows
            if evidence_matches(text, r["quote"], r["locator"])  # the one definition of a match (graph.analysis)
        ]
        out.sort(key=lambda e: (e["source"], e["locator"], e["fact"], e["quote"]))
        return out[: max(int(limit), 0)]

    def nodes(self, label: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Every ``label`` node readers see (at most ``limit``, applied in the query), by id."""
        if label not in NODE_LABELS:
            return []

        def read(tx: ManagedTransaction, active: list[str], _filtered: bool) -> list[dict[str, Any]]:
            rows = tx.run(cypher.nodes_of(label), active=active, limit=_row_limit(limit), drafts=self.include_drafts)
            return [r["props"] for r in rows]

        out = []
        for props in self._consistent_read(read):
            _lbl, ident, clean = _node_row(label, props)
            out.append({"id": ident, **clean})
        return out

def _quietly_close(tx: Transaction) -> None:
    """Roll back ``tx``; a connection that is already gone has rolled it back."""
    try:
        tx.close()
    except Exception:  # the error that brought us here is the one to report
        pass


#: LIMIT of a row-returning read without a limit (Cypher's LIMIT needs a number).
_NO_LIMIT = 2**62


def _row_limit(limit: int | None) -> int:
    return _NO_LIMIT if limit is None else max(int(limit), 0)


@dataclass
class _Step:
    """One UNWIND statement of a load: what it writes and its rows."""

    name: str
    kind: str  # "nodes" | "rels"
    query: str
    rows: list[dict[str, Any]]
    key: tuple[Any, ...] = ()


@dataclass
class _Plan:
    """A batch turned into the rows of its UNWIND statements, for load ``load``."""

    batch: GraphBatch
    load: str
    owned: dict[str, list[dict[str, Any]]]
    owned_ids: dict[str, list[str]]
    countries: list[dict[str, Any]]
    referred: dict[str, list[dict[str, Any]]]
    rels: dict[tuple[str, str, str, bool, bool], list[dict[str, Any]]]
    shared_rels: dict[tuple[str, str, str], list[dict[str, Any]]]
    records: int

    @classmethod
    def of(cls, batch: GraphBatch, load: str) -> _Plan:  # noqa: C901
        known: dict[str, str] = {}
        own: set[str] = set()
        owned: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        countries: dict[str, dict[str, Any]] = {}
        referred: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for n in batch.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
            known[n.id] = n.label
            if n.label == "Country":
                countries.setdefault(n.id, {}).update(n.props)
            elif n.id in batch.shared:
                referred[n.label].setdefault(n.id, {"id": n.id, "props": dict(n.props)})
            else:
                props: dict[str, Any] = {**n.props, "id": n.id, "_batch": batch.name, "_load": load}
                if n.id in batch.origins:
                    props["_origin"] = batch.origins[n.id]
                owned[n.label][n.id] = {"id": n.id, "props": props}  # a repeated id: the last one wins
                own.add(n.id)
        rels: dict[tuple[str, str, str, bool, bool], dict[tuple[str, str, str], dict[str, Any]]] = defaultdict(dict)
        for r in batch.rels:
            if r.type not in REL_TYPES:
                raise ValueError(f"unknown relationship type {r.type!r}")
            labels = []
            for end in (r.start, r.end):
                label = known.get(end) or endpoint_label(end)
                if label is None:
                    raise ValueError(f"relationship {r.type} refers to missing node {end!r}")
                labels.append(label)
            s_own, e_own = r.start in own, r.end in own
            rprops = {**r.props, "key": r.key, "_batch": batch.name, "_load": load}
            row = {"start": r.start, "end": r.end, "key": r.key, "props": rprops}
            # a repeated relationship: the last one wins, as a repeated node does
            rels[(r.type, labels[0], labels[1], s_own, e_own)][(r.start, r.end, r.key)] = row
        owned_rows = {lbl: list(rows.values()) for lbl, rows in owned.items()}
        shared_rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for (rtype, sl, el, s_own, e_own), keyed in rels.items():
            if not s_own and not e_own:
                shared_rels[(rtype, sl, el)].extend(keyed.values())
        return cls(
            batch=batch,
            load=load,
            owned=owned_rows,
            owned_ids={lbl: sorted(rows) for lbl, rows in owned.items()},
            countries=[{"id": i, "props": p} for i, p in sorted(countries.items())],
            referred={lbl: list(rows.values()) for lbl, rows in referred.items()},
            rels={k: list(v.values()) for k, v in rels.items()},
            shared_rels=dict(shared_rels),
            records=len(batch.nodes) + len(batch.rels),
        )

    def node_steps(self) -> list[_Step]:
        steps: list[_Step] = []
        for i in range(0, len(self.countries), BATCH_ROWS):
            steps.append(_Step("Country", "nodes", cypher.stage_countries(), self.countries[i : i + BATCH_ROWS]))
        for label in NODE_LABELS:
            rows = self.referred.get(label, [])
            for i in range(0, len(rows), BATCH_ROWS):
                steps.append(_Step(label, "nodes", cypher.stage_referred(label), rows[i : i + BATCH_ROWS]))
            rows = self.owned.get(label, [])
            for i in range(0, len(rows), BATCH_ROWS):
                steps.append(_Step(label, "nodes", cypher.merge_nodes(label), rows[i : i + BATCH_ROWS]))
        return steps

    def rel_steps(self) -> list[_Step]:
        steps: list[_Step] = []
        for key, rows in sorted(self.rels.items()):
            for i in range(0, len(rows), BATCH_ROWS):
                steps.append(_Step(key[0], "rels", "", rows[i : i + BATCH_ROWS], key))
        return steps


@dataclass
class _LoadState:
    """The loads a database holds, as one transaction saw them."""

    active: list[str]
    states: dict[str, str]
    previous: str | None  # the active load of the batch being loaded
    previous_records: int

    @classmethod
    def read(cls, tx: Transaction | ManagedTransaction, batch: str) -> _LoadState:
        rows = list(tx.run(cypher.ACTIVE_LOADS))
        active = sorted(r["id"] for r in rows if r["state"] == "active")
        mine = [r for r in rows if r["state"] == "active" and r["batch"] == batch]
        prev = mine[0] if mine else None
        return cls(
            active=active,
            states={r["id"]: r["state"] for r in rows},
            previous=prev["id"] if prev else None,
            previous_records=int(prev["records"] or 0) if prev else 0,
        )

    def state_of(self, load: str) -> str | None:
        return self.states.get(load)
