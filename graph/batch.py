"""Store-neutral graph records: what a loader hands to any store.

A :class:`GraphBatch` is a list of nodes (label, id, properties) and
relationships (type, start id, end id, key, properties). Property values are
restricted to what Neo4j can store (str, int, float, bool and homogeneous
lists of those; ``None`` means "absent" and is dropped), so both stores hold
exactly the same facts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Scalar",
    "PropValue",
    "NodeRecord",
    "RelRecord",
    "GraphBatch",
    "LoadReport",
    "NODE_LABELS",
    "REL_TYPES",
    "clean_props",
]

Scalar = str | int | float | bool
PropValue = Scalar | list[str] | list[int] | list[float]

#: Every node label the graph uses (an allow-list: labels are never taken from input).
NODE_LABELS: tuple[str, ...] = (
    "Source",
    "Country",
    "Region",
    "Place",
    "Agency",
    "Expert",
    "Flow",
    "Agreement",
    "Cooperation",
    "Statistic",
    "Challenge",
    "Measure",
    "Event",
    "TipTier",  # US TIP report tier of a country in one year (context, not coverage)
)

#: Every relationship type the graph uses (an allow-list, like NODE_LABELS).
REL_TYPES: tuple[str, ...] = (
    "EVIDENCE",  # (fact)-[:EVIDENCE {key, quote, locator}]->(Source)
    "FROM",  # (Flow)-[:FROM]->(Country|Region|Place)
    "TO",  # (Flow)-[:TO]->(Country|Region|Place)
    "PARTY",  # (Agreement|Cooperation)-[:PARTY {since, until, signed, consent, consent_type,
    #           bound, members_bound, source, quote, locator}]->(Country|Region|Place|Agency)
    "STATUS",  # (Agreement)-[:STATUS {key "0","1",... in date order; status, date, quote, locator}]->(Source)
    "MEMBER_OF",  # (Country)-[:MEMBER_OF {source, quote, locator, since, until}]->(Region)
    "CANDIDATE",  # (Region {kind: ambiguous})-[:CANDIDATE]->(Country)
    "IN",  # (Place)-[:IN]->(Country)
    "BASED_IN",  # (Agency|Expert)-[:BASED_IN]->(Country)
    "PART_OF",  # (Agency)-[:PART_OF]->(Agency)
    "WORKS_FOR",  # (Expert)-[:WORKS_FOR]->(Agency)
    "ABOUT",  # (Statistic|TipTier)-[:ABOUT]->(Country|Region|Place|Agency)
    "CONCERNS",  # (Challenge)-[:CONCERNS]->(Country|Region|Place|Agency)
    "RAISED_BY",  # (Challenge|Statistic)-[:RAISED_BY]->(Expert|Agency)
    "BY",  # (Measure)-[:BY]->(Country|Region|Place|Agency)
    "HELD_IN",  # (Event)-[:HELD_IN]->(Country|Region|Place)
    "ORGANISED_BY",  # (Event)-[:ORGANISED_BY]->(Agency)
    "PARTICIPANT",  # (Event)-[:PARTICIPANT]->(Agency|Expert|Country|Region)
    "VIA",  # (Flow)-[:VIA {key: order}]->(Country|Region|Place): a transit point the source states
    "CONTINUES",  # (Flow)-[:CONTINUES]->(Flow): the onward leg of the same victims
    "STATUS",  # (Agreement)-[:STATUS {key, status, date, quote, locator}]->(Source): dated status
)


def clean_props(props: dict[str, Any]) -> dict[str, PropValue]:
    """Drop ``None`` values so that both stores hold the same properties.

    Examples
    --------
    >>> clean_props({"a": 1, "b": None, "c": []})
    {'a': 1, 'c': []}
    """
    return {k: v for k, v in props.items() if v is not None}


@dataclass(frozen=True)
class NodeRecord:
    """One node: its label (from NODE_LABELS), stable id and properties."""

    label: str
    id: str
    props: dict[str, PropValue] = field(default_factory=dict)


@dataclass(frozen=True)
class RelRecord:
    """One relationship; (start, type, end, key) identifies it for MERGE."""

    type: str
    start: str
    end: str
    key: str = ""
    props: dict[str, PropValue] = field(default_factory=dict)


@dataclass
class GraphBatch:
    """Everything one load writes; ``name`` identifies it for re-loads.

    ``origins`` says where each fact was defined (``file:line``), so that a
    store refusing a fact id another batch already holds can name both places.
    ``shared`` names nodes the batch only refers to (e.g. the European Union
    region a treaty table names): written when absent, never owned, never
    overwritten, so the seed's own definition stays. Countries are always
    shared.
    """

    name: str
    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    shared: frozenset[str] = frozenset()

    def counts(self) -> LoadReport:
        return LoadReport(
            nodes=dict(sorted(Counter(n.label for n in self.nodes).items())),
            relationships=dict(sorted(Counter(r.type for r in self.rels).items())),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "nodes": [[n.label, n.id, n.props] for n in self.nodes],
            "rels": [[r.type, r.start, r.end, r.key, r.props] for r in self.rels],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GraphBatch:
        return cls(
            name=data["name"],
            nodes=[NodeRecord(lbl, i, p) for lbl, i, p in data["nodes"]],
            rels=[RelRecord(t, s, e, k, p) for t, s, e, k, p in data["rels"]],
        )


@dataclass
class LoadReport:
    """What a load wrote: records per node label and per relationship type."""

    nodes: dict[str, int]
    relationships: dict[str, int]

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"nodes": self.nodes, "relationships": self.relationships}
