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

import logging
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from graph import cypher
from graph.answers import SearchHit, Stats
from graph.batch import NODE_LABELS, REL_TYPES, GraphBatch, LoadReport
from graph.errors import ConflictingFact, StoreUnavailable
from graph.questions import Questions
from graph.snapshot import LINK_DEPTH, REFERENCE_LABELS, Scope, build_graph, is_hidden_prop

if TYPE_CHECKING:  # pragma: no cover
    from neo4j import Driver, ManagedTransaction

    from graph.config import Settings

__all__ = ["Neo4jStore", "endpoint_label", "BATCH_ROWS", "URI_SCHEMES"]

#: Rows per ``UNWIND`` statement of a load.
BATCH_ROWS = 10_000

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


def _rel_row(r: Any) -> tuple[str, str, str, str, dict[str, Any]]:
    props = r["props"]
    key = str(props.get("key", ""))
    clean = {k: v for k, v in props.items() if k != "key" and not is_hidden_prop(k)}
    return r["type"], r["start"], r["end"], key, clean


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
        self.uri = uri
        self.user = user
        self._password = password
        self.database = database
        self.timeout_s = timeout_s
        self._driver: Driver | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._schema_ready = False
        self.include_drafts = include_drafts

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
                        if exc.code and "TransactionTimedOut" in exc.code:
                            raise StoreUnavailable(
                                f"Neo4j at {self.uri} stopped the query after {self.timeout_s:g} s "
                                "(NEO4J_TIMEOUT_S): narrow the question or raise the limit"
                            ) from None
                        raise
                return session.execute_write(work)

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

    def ensure_schema(self) -> None:
        """Create the id constraints and the batch indexes if they do not exist yet."""
        if self._schema_ready:
            return
        driver = self._db()
        with self._translate():
            with driver.session(database=self.database) as session:
                for label in NODE_LABELS:
                    session.run(cypher.constraint(label)).consume()
                    if label != "Country":
                        session.run(cypher.batch_index(label)).consume()
                for rtype in REL_TYPES:
                    session.run(cypher.rel_batch_index(rtype)).consume()
                session.run(cypher.AWAIT_INDEXES, seconds=300).consume()
        self._schema_ready = True

    def _checkpoint(self, done: str) -> None:
        """Called inside the load transaction after each UNWIND statement.

        A hook for tests that inject a failure part-way through a load.
        """

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write ``batch`` in one transaction (all or nothing), replacing an
        earlier load of the same batch; MERGE makes it idempotent."""
        load_id = uuid.uuid4().hex
        known: dict[str, str] = {}
        node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        referred_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in batch.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
            known[n.id] = n.label
            props: dict[str, Any] = dict(n.props)
            if n.id in batch.shared and n.label != "Country":
                referred_rows[n.label].append({"id": n.id, "props": props})
                continue
            if n.label != "Country":
                props.update(id=n.id, _batch=batch.name, _load=load_id)
                if n.id in batch.origins:
                    props["_origin"] = batch.origins[n.id]
            node_rows[n.label].append({"id": n.id, "props": props})
        rel_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in batch.rels:
            if r.type not in REL_TYPES:
                raise ValueError(f"unknown relationship type {r.type!r}")
            labels = []
            for end in (r.start, r.end):
                label = known.get(end) or endpoint_label(end)
                if label is None:
                    raise ValueError(f"relationship {r.type} refers to missing node {end!r}")
                labels.append(label)
            rprops = {**r.props, "key": r.key, "_batch": batch.name, "_load": load_id}
            rel_rows[(r.type, labels[0], labels[1])].append(
                {"start": r.start, "end": r.end, "key": r.key, "props": rprops}
            )
        self.ensure_schema()

        def write(tx: ManagedTransaction) -> None:
            for label, rows in node_rows.items():
                if label == "Country":
                    continue
                ids = [row["id"] for row in rows]
                for i in range(0, len(ids), BATCH_ROWS):
                    clash = tx.run(
                        cypher.owned_elsewhere(label), ids=ids[i : i + BATCH_ROWS], batch=batch.name
                    ).single()
                    if clash is not None:
                        here = batch.origins.get(clash["id"]) or f"batch {batch.name!r}"
                        there = clash["origin"] or f"batch {clash['batch']!r}"
                        raise ConflictingFact(
                            f"{here}: id {clash['id']!r} is already loaded from {there}: "
                            "give the new fact its own id, or reload the file that defines it"
                        )
            for label in NODE_LABELS:
                rows = node_rows.get(label, [])
                query = cypher.merge_shared_nodes(label) if label == "Country" else cypher.merge_nodes(label)
                for i in range(0, len(rows), BATCH_ROWS):
                    tx.run(query, rows=rows[i : i + BATCH_ROWS]).consume()
                    self._checkpoint(label)
                if referred_rows.get(label):
                    tx.run(cypher.merge_referred_nodes(label), rows=referred_rows[label]).consume()
            for (rtype, sl, el), rows in sorted(rel_rows.items()):
                for i in range(0, len(rows), BATCH_ROWS):
                    chunk = rows[i : i + BATCH_ROWS]
                    merged = tx.run(cypher.merge_rels(rtype, sl, el), rows=chunk).single(strict=True)
                    if merged["merged"] != len(chunk):
                        self._missing(tx, rtype, sl, el, chunk)
                    self._checkpoint(rtype)
            for rtype in REL_TYPES:
                tx.run(cypher.delete_stale_rels(rtype), batch=batch.name, load=load_id).consume()
            for label in NODE_LABELS:
                if label != "Country":
                    tx.run(cypher.delete_stale_nodes(label), batch=batch.name, load=load_id).consume()
            tx.run(cypher.BUMP_VERSION).consume()

        self._session_call("write", write)
        return batch.counts()

    @staticmethod
    def _missing(
        tx: ManagedTransaction, rtype: str, sl: str, el: str, chunk: list[dict[str, Any]]
    ) -> None:
        for side, label in (("start", sl), ("end", el)):
            ids = sorted({row[side] for row in chunk})
            gone = [rec["id"] for rec in tx.run(cypher.missing_endpoints(label), ids=ids)]
            if gone:
                raise ValueError(f"relationship {rtype} refers to missing node {gone[0]!r}")
        raise ValueError(f"relationship {rtype}: some rows were not written")

    def clear(self) -> None:
        """Delete every node and relationship in the database (tests, benchmarks)."""
        driver = self._db()
        with self._translate():
            with driver.session(database=self.database) as session:
                session.run(cypher.DELETE_EVERYTHING).consume()

    # ------------------------------------------------------------------ retrieval

    def version(self) -> str:
        rows = self._read(cypher.VERSION)
        return f"neo4j:{self.uri}:{self.database}:{rows[0]['version'] if rows else 0}"

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:
        """The records of ``scope``, read in one read transaction, as a snapshot graph."""

        def work(tx: ManagedTransaction) -> tuple[list[Any], list[Any]]:
            if scope.whole and scope.only is None:
                nodes = [_node_row(r["label"], r["props"]) for r in tx.run(cypher.ALL_NODES)]
                rels = [_rel_row(r) for r in tx.run(cypher.ALL_RELS)]
                return nodes, rels
            if scope.whole:
                labels = scope.labels()
                nodes = [_node_row(r["label"], r["props"]) for r in tx.run(cypher.reference_nodes(labels))]
                rels = [_rel_row(r) for r in tx.run(cypher.reference_rels(labels))]
                return nodes, rels
            return self._scoped(tx, scope)

        nodes, rels = self._session_call("read", work)
        return build_graph(nodes, rels, include_drafts=scope.include_drafts)

    @staticmethod
    def _ids(tx: ManagedTransaction, query: str, **params: Any) -> set[str]:
        return {str(r["id"]) for r in tx.run(query, params)}

    def _scoped(self, tx: ManagedTransaction, scope: Scope) -> tuple[list[Any], list[Any]]:
        """Records of the reference layer plus the facts around the scope's endpoints
        (the same rules as the embedded store's scoped read)."""
        nodes = [_node_row(r["label"], r["props"]) for r in tx.run(cypher.reference_nodes(REFERENCE_LABELS))]
        rels = [_rel_row(r) for r in tx.run(cypher.reference_rels(REFERENCE_LABELS))]
        endpoints = sorted(scope.endpoints or ())
        facts: set[str] = set(scope.facts)
        if endpoints:
            places = self._ids(tx, cypher.PLACES_IN, ids=endpoints)
            agencies = self._ids(tx, cypher.AGENCIES_IN, ids=endpoints)
            ends = sorted(set(endpoints) | places)
            flows: set[str] = set()
            for end_label in ("Country", "Region", "Place"):
                flows |= self._ids(tx, cypher.flows_touching(end_label), ids=ends)
            if flows and LINK_DEPTH:
                flows |= self._ids(tx, cypher.LINKED_FLOWS, ids=sorted(flows))
            facts |= flows
            facts |= self._ids(
                tx,
                cypher.FACTS_AROUND,
                countries=endpoints,
                agencies=sorted(agencies),
                targets=sorted(set(ends) | agencies),
            )
        by_label: dict[str, list[str]] = defaultdict(list)
        for f in facts:
            label = endpoint_label(f)
            if label is not None and label not in REFERENCE_LABELS:
                by_label[label].append(f)
        for label, ids in sorted(by_label.items()):
            ids.sort()
            for i in range(0, len(ids), BATCH_ROWS):
                chunk = ids[i : i + BATCH_ROWS]
                nodes.extend(_node_row(label, r["props"]) for r in tx.run(cypher.nodes_by_id(label), ids=chunk))
                rels.extend(_rel_row(r) for r in tx.run(cypher.rels_from(label), ids=chunk))
        return nodes, rels

    def stats(self) -> Stats:
        def work(tx: ManagedTransaction) -> Stats:
            nodes = {r["label"]: r["n"] for r in tx.run(cypher.COUNT_NODES)}
            rels = {r["type"]: r["n"] for r in tx.run(cypher.COUNT_RELATIONSHIPS)}
            return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

        return self._session_call("read", work)

    def search_evidence(self, text: str, limit: int = 200) -> list[SearchHit]:
        rows = self._read(
            cypher.SEARCH_EVIDENCE, text=text, limit=max(int(limit), 0), drafts=self.include_drafts
        )
        out: list[SearchHit] = [
            {
                "fact": r["fact"],
                "label": r["label"],
                "source": r["source"],
                "quote": r["quote"],
                "locator": r["locator"],
            }
            for r in rows
        ]
        out.sort(key=lambda e: (e["source"], e["locator"], e["fact"], e["quote"]))
        return out

    def nodes(self, label: str) -> list[dict[str, Any]]:
        if label not in NODE_LABELS:
            return []
        out = []
        for r in self._read(cypher.nodes_of(label)):
            _lbl, ident, props = _node_row(label, r["props"])
            if props.get("draft") and not self.include_drafts:
                continue
            out.append({"id": ident, **props})
        return out
