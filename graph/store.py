"""The one interface every graph store implements.

A store does two things: it *writes* batches (atomically, idempotently) and
it *retrieves* records: counts, nodes of a label, a search over quotes, and a
:class:`~graph.snapshot.Scope`'s snapshot read in one consistent read. Every
question (routes, gaps, profiles, briefs, ...) is answered by
:class:`graph.questions.Questions` from such a snapshot, the same code for
both stores: :class:`graph.memory.MemoryStore` (embedded, SQLite-backed, the
default) and :class:`graph.neo4j_store.Neo4jStore` (the system of record).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ctgraph.graph.answers import (
    Agreement,
    Cooperation,
    CountryProfile,
    Evidence,
    Gap,
    Measured,
    NextInstrument,
    Onward,
    Route,
    RouteBrief,
    SearchHit,
    Stats,
)
from ctgraph.graph.batch import GraphBatch, LoadReport
from ctgraph.graph.model import Coverage
from ctgraph.graph.snapshot import Scope

if TYPE_CHECKING:  # pragma: no cover - `ctgraph --help` need not load networkx
    import networkx as nx

__all__ = ["GraphStore", "AsOf"]

AsOf = str | date | None


@runtime_checkable
class GraphStore(Protocol):
    """What the CLI, dashboard and deck ask of a graph."""

    name: str

    # ------------------------------------------------------------------ writes and retrieval

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write a batch atomically and idempotently (replacing an earlier batch
        of the same name); report what it holds."""
        ...

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:
        """The part of the graph ``scope`` names, read as one consistent snapshot."""
        ...

    def version(self) -> str:
        """Identity of the data as it is now (changes with every load)."""
        ...

    def stats(self) -> Stats:
        """How many nodes per label and relationships per type?"""
        ...

    def nodes(self, label: str) -> list[dict[str, Any]]:
        """Every node of one label as ``{"id": ..., **props}``, sorted by id."""
        ...

    def search_evidence(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Which quotes or data rows contain ``text``?"""
        ...

    def close(self) -> None:
        """Release connections."""
        ...

    # ------------------------------------------------------------------ questions (graph.questions)

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Route]: ...

    def iter_routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Route]: ...

    def onward(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
    ) -> list[Onward]: ...

    def gaps(
        self,
        country: str | None = None,
        below: Coverage | str = Coverage.REGIONAL,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Gap]: ...

    def iter_gaps(
        self,
        country: str | None = None,
        below: Coverage | str = Coverage.REGIONAL,
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Gap]: ...

    def measured(self, as_of: AsOf = None) -> Measured: ...

    def agreements(self, country: str | None = None, as_of: AsOf = None) -> list[Agreement]: ...

    def cooperations(self, country: str | None = None, as_of: AsOf = None) -> list[Cooperation]: ...

    def country(self, iso3: str, as_of: AsOf = None) -> CountryProfile: ...

    def brief(self, origin: str, destination: str, as_of: AsOf = None) -> RouteBrief: ...

    def next_instrument(self, iso3: str, as_of: AsOf = None, top: int | None = None) -> list[NextInstrument]: ...

    def evidence(self, ids: list[str]) -> dict[str, list[Evidence]]: ...

    def names(self) -> dict[str, str]: ...
