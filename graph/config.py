"""Configuration, read in one place: the environment first (and a local ``.env``).

The dashboard adds Streamlit secrets on top (see ``dashboard``). Nothing here
opens a connection; stores are built lazily by :func:`open_store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import StoreUnavailable
from graph.store import GraphStore

__all__ = ["Settings", "open_store", "StoreKind"]

StoreKind = Literal["memory", "neo4j"]


class Settings(BaseSettings):
    """ctgraph settings; each field is read from the environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_timeout_s: float = 30.0
    ctgraph_home: Path | None = None
    ctgraph_store: StoreKind | None = None

    def store_kind(self, override: StoreKind | None = None) -> StoreKind:
        """--store, else CTGRAPH_STORE, else neo4j when NEO4J_URI is set, else memory."""
        if override:
            return override
        if self.ctgraph_store:
            return self.ctgraph_store
        return "neo4j" if self.neo4j_uri else "memory"

    def home(self) -> Path:
        from graph.memory import default_home

        return self.ctgraph_home or default_home()


def open_store(settings: Settings | None = None, kind: StoreKind | None = None) -> GraphStore:
    """Build the configured store (memory by default, Neo4j when configured)."""
    settings = settings or Settings()
    chosen = settings.store_kind(kind)
    if chosen == "memory":
        from graph.memory import MemoryStore

        return MemoryStore(home=settings.home())
    if not settings.neo4j_uri:
        raise StoreUnavailable(
            "--store neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687) and NEO4J_PASSWORD in the environment"
        )
    from graph.neo4j_store import Neo4jStore

    store: GraphStore = Neo4jStore.from_settings(settings)
    return store
