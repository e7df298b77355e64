"""The Neo4j store: the team's system of record, behind :class:`graph.store.GraphStore`.

Every question is answered by Cypher from :mod:`graph.cypher`; this module
only runs it (values as parameters, the database named explicitly), turns
driver failures into one actionable :class:`~graph.errors.StoreUnavailable`
line, and puts the rows into the exact JSON shape of :mod:`graph.analysis`
(key order, lists sorted by code point), so both stores answer identically.

Loads are idempotent and atomic: constraints first (``IF NOT EXISTS``), then
nodes grouped by label and relationships grouped by type as batched
``UNWIND $rows ... MERGE``, all inside one managed write transaction; a
failure anywhere rolls the whole batch back.

``bolt://``, ``neo4j://`` and the encrypted ``neo4j+s://`` / ``bolt+s://``
URIs (Neo4j Aura, clusters) all go through the same
``GraphDatabase.driver(uri, auth=...)`` call below; nothing else differs.
"""

from __future__ import annotations

import logging
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from graph import cypher
from graph.batch import NODE_LABELS, REL_TYPES, GraphBatch, LoadReport
from graph.errors import StoreUnavailable
from graph.model import COVERAGE_ORDER, Coverage

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
    label = prefix.capitalize()
    return label if sep and rest and label in NODE_LABELS else None


def _evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence items in contract key order, sorted by (source, locator, quote)."""
    out = [{"source": e["source"], "quote": e["quote"], "locator": e["locator"]} for e in items]
    out.sort(key=lambda e: (e["source"], e["locator"], e["quote"]))
    return out


class Neo4jStore:
    """Graph store on a Neo4j 5.26+ server; the driver is built on first use."""

    name = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        timeout_s: float = 30.0,
    ) -> None:
        self.uri = uri
        self.user = user
        self._password = password
        self.database = database
        self.timeout_s = timeout_s
        self._driver: Driver | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._schema_ready = False

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
        driver = self._db()
        with self._translate():
            with driver.session(database=self.database) as session:
                if mode == "read":
                    return session.execute_read(work)
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
        """Create the id constraints (and their indexes) if they do not exist yet."""
        if self._schema_ready:
            return
        driver = self._db()
        with self._translate():
            with driver.session(database=self.database) as session:
                for label in NODE_LABELS:
                    session.run(cypher.constraint(label)).consume()
                session.run(cypher.AWAIT_INDEXES, seconds=300).consume()
        self._schema_ready = True

    def _checkpoint(self, done: str) -> None:
        """Called inside the load transaction after each UNWIND statement.

        A hook for tests that inject a failure part-way through a load.
        """

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write ``batch`` in one transaction (all or nothing); MERGE makes it idempotent."""
        known: dict[str, str] = {}
        node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in batch.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
            known[n.id] = n.label
            node_rows[n.label].append({"id": n.id, "props": dict(n.props)})
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
            rel_rows[(r.type, labels[0], labels[1])].append(
                {"start": r.start, "end": r.end, "key": r.key, "props": dict(r.props)}
            )
        self.ensure_schema()

        def write(tx: ManagedTransaction) -> None:
            for label in NODE_LABELS:
                rows = node_rows.get(label, [])
                for i in range(0, len(rows), BATCH_ROWS):
                    tx.run(cypher.merge_nodes(label), rows=rows[i : i + BATCH_ROWS]).consume()
                    self._checkpoint(label)
            for (rtype, sl, el), rows in sorted(rel_rows.items()):
                for i in range(0, len(rows), BATCH_ROWS):
                    chunk = rows[i : i + BATCH_ROWS]
                    merged = tx.run(cypher.merge_rels(rtype, sl, el), rows=chunk).single(strict=True)
                    if merged["merged"] != len(chunk):
                        self._missing(tx, rtype, sl, el, chunk)
                    self._checkpoint(rtype)

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

    # ------------------------------------------------------------------ reads

    def stats(self) -> dict[str, dict[str, int]]:
        nodes = {r["label"]: r["n"] for r in self._read(cypher.COUNT_NODES)}
        rels = {r["type"]: r["n"] for r in self._read(cypher.COUNT_RELATIONSHIPS)}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
    ) -> list[dict[str, Any]]:
        rows = self._read(
            cypher.routes(max_hops),
            origin=origin,
            destination=destination,
            exploitation=exploitation or None,
            max_hops=max_hops,
        )
        return [
            {
                "source": r["hops"][0],
                "destination": r["hops"][-1],
                "exploitation": sorted(r["exploitation"]),
                "victims": sorted(r["victims"]),
                "hops": r["hops"],
                "evidence": _evidence(r["evidence"]),
                "corroboration": sorted(
                    (
                        {
                            "dataset": c["dataset"],
                            "victims": c["victims"],
                            "suppressed_cells": c["suppressed_cells"],
                            "years": c["years"],
                            "by_year": [
                                {
                                    "year": y["year"],
                                    "victims": y["victims"],
                                    "suppressed_cells": y["suppressed_cells"],
                                }
                                for y in c["by_year"]
                            ],
                        }
                        for c in r["corroboration"]
                    ),
                    key=lambda c: c["dataset"],
                ),
            }
            for r in rows
        ]

    def gaps(
        self, country: str | None = None, below: Coverage | str = Coverage.REGIONAL
    ) -> list[dict[str, Any]]:
        threshold = Coverage(below)
        rows = self._read(
            cypher.GAPS,
            country=country,
            threshold=threshold.rank,
            rank={c.value: c.rank for c in COVERAGE_ORDER},
        )
        out = []
        for r in rows:
            instruments = [
                {"id": i["id"], "title": i["title"], "level": i["level"]} for i in r["instruments"]
            ]
            instruments.sort(key=lambda x: (-Coverage(x["level"]).rank, x["id"]))
            out.append(
                {
                    "source": r["source"],
                    "destination": r["destination"],
                    "coverage": COVERAGE_ORDER[r["best"]].value,
                    "instruments": instruments,
                    "weight": r["weight"],
                    "evidence": _evidence(r["evidence"]),
                }
            )
        return out

    def agreements(self, country: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "kind": r["kind"],
                "status": r["status"],
                "parties": sorted(r["parties"]),
                "date": r["date"],
                "evidence": _evidence(r["evidence"]),
            }
            for r in self._read(cypher.AGREEMENTS, country=country)
        ]

    def cooperations(self, country: str | None = None) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "title": r["title"],
                "kind": r["kind"],
                "parties": sorted(r["parties"]),
                "date": r["date"],
                "outcomes": list(r["outcomes"]),
                "evidence": _evidence(r["evidence"]),
            }
            for r in self._read(cypher.COOPERATIONS, country=country)
        ]

    def country(self, iso3: str) -> dict[str, Any]:
        name = self._read(cypher.COUNTRY_NAME, iso3=iso3)[0]["name"]

        def rows(query: str, keys: tuple[str, ...]) -> list[dict[str, Any]]:
            out = []
            for r in self._read(query, iso3=iso3):
                item = {k: r[k] for k in keys}
                if "concerns" in item:
                    item["concerns"] = sorted(item["concerns"])
                item["evidence"] = _evidence(r["evidence"])
                out.append(item)
            return out

        return {
            "iso3": iso3,
            "name": name,
            "flows_out": self.routes(origin=iso3),
            "flows_in": self.routes(destination=iso3),
            "agreements": self.agreements(country=iso3),
            "agencies": rows(cypher.COUNTRY_AGENCIES, ("id", "name", "acronym", "kind", "role")),
            "experts": rows(
                cypher.COUNTRY_EXPERTS, ("id", "name", "title", "role", "agency", "contact_note")
            ),
            "challenges": rows(cypher.COUNTRY_CHALLENGES, ("id", "description", "concerns")),
            "statistics": rows(cypher.COUNTRY_STATISTICS, ("id", "counts", "value", "unit", "year")),
        }

    def search_evidence(self, text: str, limit: int = 200) -> list[dict[str, Any]]:
        rows = self._read(cypher.SEARCH_EVIDENCE, text=text, limit=max(int(limit), 0))
        out = [
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
            props = dict(r["props"])
            ident = props.pop("id")
            out.append({"id": ident, **props})
        return out
