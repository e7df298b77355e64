"""The main job's one-command start: open the configured store, and on a fresh
embedded data folder load the seed report once, before the first answer.

The embedded store holds only what was loaded, as Neo4j does; this is the one
place that seeds it, and it says so (``notify``). The seed load is an ordinary
load (one transaction, idempotent), so two first runs at once do no harm.
"""

from __future__ import annotations

from collections.abc import Callable

from ctgraph.graph.config import Settings, StoreKind, load_settings
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.store import GraphStore
from ctgraph.graph.stores import open_store

__all__ = ["open_user_store", "seed_if_new"]


def seed_if_new(store: GraphStore, notify: Callable[[str], None]) -> bool:
    """Load the seed into an embedded store that has never been loaded; True if it did."""
    if not isinstance(store, MemoryStore) or not store.is_empty():
        return False
    from ctgraph.ingest.seed import SEED_BATCH, seed_batch, validate_paths  # only a first run reads the seed (YAML)

    facts = validate_paths()
    where = store.path.parent if store.path is not None else "memory"
    notify(f"First run: loading the seed report ({len(facts.items)} facts) into {where} (once).")
    store.load(seed_batch(facts, name=SEED_BATCH))
    return True


def open_user_store(
    settings: Settings | None = None,
    kind: StoreKind | None = None,
    notify: Callable[[str], None] = lambda _msg: None,
) -> GraphStore:
    """The configured store, seeded on its first run when it is the embedded one."""
    store = open_store(settings or load_settings(), kind)
    seed_if_new(store, notify)
    return store
