"""Open the configured store: the embedded one by default, Neo4j when configured."""

from __future__ import annotations

from ctgraph.graph.config import Settings, StoreKind, load_settings
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.store import GraphStore

__all__ = ["open_store"]


def open_store(settings: Settings | None = None, kind: StoreKind | None = None) -> GraphStore:
    """Build the configured store (memory by default, Neo4j when NEO4J_URI is set).

    Nothing connects yet: the Neo4j driver is built on the first question.
    """
    settings = settings or load_settings()
    chosen = settings.store_kind(kind)
    if chosen == "memory":
        return MemoryStore(home=settings.home(), keep_answers=settings.ctgraph_keep_answers)
    if not settings.neo4j_uri:
        raise StoreUnavailable(
            "--store neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687) and NEO4J_PASSWORD in the environment"
        )
    from ctgraph.graph.neo4j_store import Neo4jStore  # here: the embedded store's calls never load the driver

    return Neo4jStore.from_settings(settings)
