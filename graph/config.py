"""Configuration, read in one place: the environment first (and a local ``.env``).

The dashboard adds Streamlit secrets on top (see ``dashboard``). Nothing here
opens a connection; stores are built lazily by :func:`graph.stores.open_store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "StoreKind"]

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
        """CTGRAPH_HOME, else ``~/.local/share/ctgraph``."""
        return self.ctgraph_home or Path.home() / ".local" / "share" / "ctgraph"
