"""The embedded store: an in-process networkx graph, persisted as JSON batches.

The store starts from the validated seed (unless told not to) and adds every
batch that ``load``/``import`` wrote to its home folder (``CTGRAPH_HOME``), so
separate CLI calls and the dashboard see the same graph. A batch is replaced
whole when loaded again under the same name (idempotent); it is written to a
temporary file and renamed, so a failed load leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph import analysis
from graph.batch import NODE_LABELS, REL_TYPES, GraphBatch, LoadReport
from graph.errors import StoreUnavailable
from graph.model import Coverage

__all__ = ["MemoryStore", "graph_from_batches", "merge_batch"]


def merge_batch(G: nx.MultiDiGraph, batch: GraphBatch) -> None:
    """MERGE a batch into ``G``: nodes by id, relationships by (start, type, end, key)."""
    for n in batch.nodes:
        if n.label not in NODE_LABELS:
            raise ValueError(f"unknown node label {n.label!r}")
        if n.id in G:
            G.nodes[n.id]["props"].update(n.props)
            G.nodes[n.id]["label"] = n.label
        else:
            G.add_node(n.id, label=n.label, props=dict(n.props))
    for r in batch.rels:
        if r.type not in REL_TYPES:
            raise ValueError(f"unknown relationship type {r.type!r}")
        for end in (r.start, r.end):
            if end not in G:
                raise ValueError(f"relationship {r.type} refers to missing node {end!r}")
        key = (r.type, r.key)
        if G.has_edge(r.start, r.end, key):
            G.edges[r.start, r.end, key]["props"].update(r.props)
        else:
            G.add_edge(r.start, r.end, key=key, type=r.type, props=dict(r.props))


def graph_from_batches(batches: Iterable[GraphBatch]) -> nx.MultiDiGraph:
    """Build a graph from batches, in order."""
    G = nx.MultiDiGraph()
    for b in batches:
        merge_batch(G, b)
    return G


def default_home() -> Path:
    return Path(os.environ.get("CTGRAPH_HOME") or Path.home() / ".local" / "share" / "ctgraph")


class MemoryStore:
    """Embedded networkx store; ``home=None`` keeps everything in memory only."""

    name = "memory"

    def __init__(self, home: Path | None = None, include_seed: bool = True) -> None:
        self.home = home
        batches: list[GraphBatch] = []
        if include_seed:
            from ingest.seed import seed_batch, validate_paths

            batches.append(seed_batch(validate_paths()))
        if home is not None:
            batches.extend(self._read_home(home))
        self.G = graph_from_batches(batches)

    @staticmethod
    def _batch_file(home: Path, name: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
        return home / "batches" / f"{safe}.json"

    @staticmethod
    def _read_home(home: Path) -> list[GraphBatch]:
        folder = home / "batches"
        if not folder.is_dir():
            return []
        out = []
        for f in sorted(folder.glob("*.json")):
            try:
                out.append(GraphBatch.from_json(json.loads(f.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError) as exc:
                raise StoreUnavailable(
                    f"{f}: stored batch is unreadable ({exc}); delete it and load again"
                ) from None
        return out

    # ------------------------------------------------------------------ writes

    def load(self, batch: GraphBatch) -> LoadReport:
        trial = self.G.copy()
        merge_batch(trial, batch)  # raises before anything is kept
        if self.home is not None:
            target = self._batch_file(self.home, batch.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(batch.to_json(), fh, ensure_ascii=False)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        self.G = trial
        return batch.counts()

    # ------------------------------------------------------------------ reads

    def stats(self) -> dict[str, dict[str, int]]:
        return analysis.stats(self.G)

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
    ) -> list[dict[str, Any]]:
        return analysis.routes(self.G, origin, destination, exploitation, max_hops)

    def gaps(
        self, country: str | None = None, below: Coverage | str = Coverage.REGIONAL
    ) -> list[dict[str, Any]]:
        return analysis.gaps(self.G, country, below)

    def agreements(self, country: str | None = None) -> list[dict[str, Any]]:
        return analysis.agreements(self.G, country)

    def cooperations(self, country: str | None = None) -> list[dict[str, Any]]:
        return analysis.cooperations(self.G, country)

    def country(self, iso3: str) -> dict[str, Any]:
        return analysis.country_profile(self.G, iso3)

    def search_evidence(self, text: str, limit: int = 200) -> list[dict[str, Any]]:
        return analysis.search_evidence(self.G, text, limit)

    def nodes(self, label: str) -> list[dict[str, Any]]:
        return [
            {"id": n, **d["props"]}
            for n, d in sorted(self.G.nodes(data=True))
            if d["label"] == label
        ]

    def close(self) -> None:
        return None
