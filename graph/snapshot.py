"""What a store hands the analysis: a consistent snapshot of (part of) the graph.

A *snapshot* is a :class:`networkx.MultiDiGraph` whose nodes carry ``label``
and ``props`` and whose edges (keyed ``(type, key)``) carry ``type`` and
``props``, exactly the records of :mod:`graph.batch`. Both stores build it with
:func:`build_graph` from the records they retrieve, so the analysis
(:mod:`graph.analysis`) sees the same graph whichever store holds the data.

A :class:`Scope` says which part of the graph a question needs:

- the *reference layer*, always whole: sources, countries, regions, places,
  agencies, agreements, cooperations and the relationships that start at
  them (parties, statuses, memberships, candidates, evidence);
- the *facts around some endpoints*: flows from, to or via them (or places in
  them), flows that the sources link to those (``CONTINUES``, both ways),
  experts based there or working for an agency based there, challenges and
  statistics about them, with their relationships;
- or everything.

The analysis never relies on the scope being tight: it filters by itself, so
an answer on a scoped snapshot equals the answer on the whole graph (a test
checks it). Draft facts are left out unless asked for.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ctgraph.graph.batch import GraphBatch

__all__ = [
    "Scope",
    "REFERENCE_LABELS",
    "SCOPED_LABELS",
    "LINK_DEPTH",
    "ROUTE_LABELS",
    "NodeRow",
    "RelRow",
    "build_graph",
    "graph_from_batches",
    "is_hidden_prop",
    "quiet_gc",
]

#: Labels read whole for every question (small, and every coverage answer needs them).
REFERENCE_LABELS: tuple[str, ...] = (
    "Source",
    "Country",
    "Region",
    "Place",
    "Agency",
    "Agreement",
    "Cooperation",
)

#: Labels read only around the endpoints a question is about (or all, for everything).
SCOPED_LABELS: tuple[str, ...] = ("Flow", "Expert", "Challenge", "Statistic", "TipTier")

#: What the whole-graph route and gap questions read besides the reference layer.
ROUTE_LABELS: tuple[str, ...] = ("Flow", "Challenge")

#: How many ``CONTINUES`` links a scoped read follows from a flow in scope.
LINK_DEPTH = 4

NodeRow = tuple[str, str, dict[str, Any]]  # (label, id, props)
RelRow = tuple[str, str, str, str, dict[str, Any]]  # (type, start, end, key, props)


@dataclass(frozen=True)
class Scope:
    """The part of the graph a question needs.

    ``endpoints=None`` means everything; otherwise the reference layer plus
    the facts around these endpoint ids (countries, regions, places), plus the
    facts named in ``facts`` (with their relationships). An empty set gives the
    reference layer alone (enough for agreements). ``only`` limits the facts
    read besides the reference layer to some labels (e.g. flows and challenges
    for the whole-graph gap list, which needs no statistics).

    Examples
    --------
    >>> Scope.around("CHN", None, "FRA").endpoints == frozenset({"CHN", "FRA"})
    True
    >>> Scope.everything().whole, Scope.reference().endpoints
    (True, frozenset())
    """

    endpoints: frozenset[str] | None = None
    include_drafts: bool = False
    facts: frozenset[str] = frozenset()
    only: tuple[str, ...] | None = None

    @property
    def whole(self) -> bool:
        return self.endpoints is None

    @classmethod
    def everything(cls, include_drafts: bool = False, only: tuple[str, ...] | None = None) -> Scope:
        return cls(None, include_drafts, only=only)

    def labels(self) -> tuple[str, ...]:
        """The labels this scope reads: the reference layer plus ``only`` (or every label)."""
        from ctgraph.graph.batch import NODE_LABELS

        if self.only is None:
            return NODE_LABELS
        return tuple(lbl for lbl in NODE_LABELS if lbl in REFERENCE_LABELS or lbl in self.only)

    @classmethod
    def reference(cls, include_drafts: bool = False) -> Scope:
        return cls(frozenset(), include_drafts)

    @classmethod
    def around(cls, *endpoints: str | None, include_drafts: bool = False) -> Scope:
        return cls(frozenset(e for e in endpoints if e), include_drafts)

    @classmethod
    def of_facts(cls, ids: Iterable[str], include_drafts: bool = False) -> Scope:
        return cls(frozenset(), include_drafts, frozenset(ids))


def is_hidden_prop(key: str) -> bool:
    """Store bookkeeping (``_batch``, ``_load``), never part of a fact.

    Examples
    --------
    >>> is_hidden_prop("_batch"), is_hidden_prop("name")
    (True, False)
    """
    return key.startswith("_")


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a snapshot is read and built.

    A snapshot is hundreds of thousands of new dicts and lists that all stay
    alive; the collector would walk the growing heap again and again while
    they are made (about half the time of a large snapshot). Nothing is
    cyclic garbage here, and the collector is switched back on afterwards (if
    it was on: a caller that keeps it off keeps it off).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_graph(
    nodes: Iterable[NodeRow], rels: Iterable[RelRow], include_drafts: bool = False
) -> nx.MultiDiGraph:
    """The snapshot graph of these records.

    Later records of the same node id update its props (MERGE). A relationship
    whose start or end is not among the nodes is left out (its other end is
    outside the scope, or was removed). Nodes whose props say ``draft: true``
    are left out unless ``include_drafts``.

    Examples
    --------
    >>> G = build_graph([("Country", "CHN", {"name": "China"}), ("Flow", "flow:x", {}),
    ...                  ("Flow", "flow:d", {"draft": True})],
    ...                 [("FROM", "flow:x", "CHN", "", {}), ("TO", "flow:x", "XYZ", "", {}),
    ...                  ("FROM", "flow:d", "CHN", "", {})])
    >>> sorted(G.nodes), [d["type"] for _, _, d in G.edges(data=True)]
    (['CHN', 'flow:x'], ['FROM'])
    """
    import networkx as nx  # here, not at import: `ctgraph --help` does not need it

    G = nx.MultiDiGraph()
    # Built on networkx's own adjacency dicts: the same structure add_edge makes,
    # without its per-call overhead (snapshots can hold hundreds of thousands of edges).
    node = G._node
    succ = G._succ
    pred = G._pred
    for label, ident, props in nodes:
        if not include_drafts and props.get("draft"):
            continue
        cur = node.get(ident)
        if cur is None:
            node[ident] = {"label": label, "props": props}
            succ[ident] = {}
            pred[ident] = {}
        else:
            cur["props"] = {**cur["props"], **props}
            cur["label"] = label
    for rtype, start, end, key, props in rels:
        out = succ.get(start)
        if out is None or end not in node:
            continue
        keyed = out.get(end)
        if keyed is None:
            keyed = {}
            out[end] = keyed
            pred[end][start] = keyed
        k = (rtype, key)
        cur_rel = keyed.get(k)
        if cur_rel is None:
            keyed[k] = {"type": rtype, "props": props}
        else:
            cur_rel["props"] = {**cur_rel["props"], **props}
    by_label: dict[str, list[str]] = {}
    for ident, data in node.items():
        by_label.setdefault(data["label"], []).append(ident)
    for idents in by_label.values():
        idents.sort()
    G.graph["by_label"] = by_label
    return G


def graph_from_batches(batches: Iterable[GraphBatch], include_drafts: bool = False) -> nx.MultiDiGraph:
    """The snapshot of these batches, merged in order (tests and examples)."""
    items = list(batches)
    return build_graph(
        [(n.label, n.id, dict(n.props)) for b in items for n in b.nodes],
        [(r.type, r.start, r.end, r.key, dict(r.props)) for b in items for r in b.rels],
        include_drafts=include_drafts,
    )
