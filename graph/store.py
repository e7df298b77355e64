"""The one interface every graph store implements, and how to open one.

Two implementations: :class:`graph.memory.MemoryStore` (embedded networkx, the
default, no server) and :class:`graph.neo4j_store.Neo4jStore` (the system of
record for teams). Both answer every query with identical JSON; the parity
suite in ``tests/`` proves it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from graph.batch import GraphBatch, LoadReport
from graph.model import Coverage

__all__ = ["GraphStore"]


@runtime_checkable
class GraphStore(Protocol):
    """Questions the CLI, dashboard and slides ask of a graph."""

    name: str

    def load(self, batch: GraphBatch) -> LoadReport:
        """Write a batch atomically and idempotently; report what it holds."""
        ...

    def stats(self) -> dict[str, dict[str, int]]:
        """How many nodes per label and relationships per type?"""
        ...

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
    ) -> list[dict[str, Any]]:
        """Where do victims move, through which hops, on what evidence?"""
        ...

    def gaps(
        self, country: str | None = None, below: Coverage | str = Coverage.REGIONAL
    ) -> list[dict[str, Any]]:
        """Which flows have coverage below ``below``, heaviest evidence first?"""
        ...

    def agreements(self, country: str | None = None) -> list[dict[str, Any]]:
        """Which agreements exist, binding ``country`` if given?"""
        ...

    def cooperations(self, country: str | None = None) -> list[dict[str, Any]]:
        """Which operational cooperations exist, binding ``country`` if given?"""
        ...

    def country(self, iso3: str) -> dict[str, Any]:
        """What does the graph hold about one country?"""
        ...

    def search_evidence(self, text: str, limit: int = 200) -> list[dict[str, Any]]:
        """Which quotes or data rows contain ``text``?"""
        ...

    def nodes(self, label: str) -> list[dict[str, Any]]:
        """Every node of one label as ``{"id": ..., **props}``, sorted by id."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
