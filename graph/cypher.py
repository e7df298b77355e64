"""Every Cypher statement ctgraph runs, one named constant or function per question.

Rules this module keeps (DESIGN.md, STYLE.md):

- Values travel only as ``$parameters``. Labels and relationship types are
  never parameters in Cypher, so the few label- or type-specific statements
  are concatenated from the allow-lists :data:`graph.batch.NODE_LABELS` and
  :data:`graph.batch.REL_TYPES` (anything else raises ``ValueError``).
- Writes are batched ``UNWIND $rows AS row MERGE ...`` on stable ids. Every
  record a load writes carries ``_batch`` (the batch that owns it) and
  ``_load`` (this load's id), so a re-load removes exactly its own stale
  records; countries are shared reference nodes that no batch owns.
- Reads *retrieve*: they return records (label, id, props; type, start, end,
  key, props) of the part of the graph a question needs; the meaning is
  computed by :mod:`graph.analysis`, the same code as for the embedded store.

The model, for analysts who query Neo4j directly::

    (:Flow)-[:FROM|TO]->(:Country|Region|Place)      (:Flow)-[:VIA {key}]->(...)
    (:Flow)-[:CONTINUES]->(:Flow)                     (:Place)-[:IN]->(:Country)
    (:Agreement|Cooperation)-[:PARTY {since, until, bound, ...}]->(:Country|Region|Place|Agency)
    (:Agreement)-[:STATUS {status, date, quote, locator}]->(:Source)
    (:Country)-[:MEMBER_OF {since, until, source, quote, locator}]->(:Region)
    (fact)-[:EVIDENCE {key, quote, locator}]->(:Source)
    (:Agency|Expert)-[:BASED_IN]->(:Country)  (:Expert)-[:WORKS_FOR]->(:Agency)
    (:Challenge)-[:CONCERNS]->(...)  (:Statistic)-[:ABOUT]->(...)

Examples
--------
>>> merge_nodes("Flow").splitlines()[1]
'MERGE (n:Flow {id: row.id})'
>>> merge_nodes("Flow; DROP")
Traceback (most recent call last):
...
ValueError: unknown node label 'Flow; DROP'
"""

from __future__ import annotations

from functools import cache

from graph.batch import NODE_LABELS, REL_TYPES

__all__ = [
    "STATE_LABEL",
    "constraint",
    "batch_index",
    "rel_batch_index",
    "merge_nodes",
    "merge_shared_nodes",
    "merge_referred_nodes",
    "merge_rels",
    "missing_endpoints",
    "owned_elsewhere",
    "delete_stale_rels",
    "delete_stale_nodes",
    "BUMP_VERSION",
    "VERSION",
    "nodes_of",
    "nodes_by_id",
    "rels_from",
    "ALL_NODES",
    "ALL_RELS",
    "reference_nodes",
    "reference_rels",
    "PLACES_IN",
    "AGENCIES_IN",
    "flows_touching",
    "LINKED_FLOWS",
    "FACTS_AROUND",
    "AWAIT_INDEXES",
    "COUNT_NODES",
    "COUNT_RELATIONSHIPS",
    "SEARCH_EVIDENCE",
    "DELETE_EVERYTHING",
    "naive_merge_node",
    "naive_merge_rel",
]

#: The label of the one bookkeeping node (data version); never a fact.
STATE_LABEL = "CtgraphState"


def _label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label {label!r}")
    return label


def _rel_type(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type


# --------------------------------------------------------------------------- schema


@cache
def constraint(label: str) -> str:
    """Is ``id`` unique (and indexed) for every node of ``label``? Creates it if not.

    Examples
    --------
    >>> constraint("Country")
    'CREATE CONSTRAINT ctgraph_country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE'
    """
    lbl = _label(label)
    return (
        "CREATE CONSTRAINT ctgraph_" + lbl.lower() + "_id IF NOT EXISTS "
        "FOR (n:" + lbl + ") REQUIRE n.id IS UNIQUE"
    )


@cache
def batch_index(label: str) -> str:
    """Index on the owning batch of ``label`` nodes (re-loads find their stale nodes by it)."""
    lbl = _label(label)
    return "CREATE INDEX ctgraph_" + lbl.lower() + "_batch IF NOT EXISTS FOR (n:" + lbl + ") ON (n._batch)"


@cache
def rel_batch_index(rel_type: str) -> str:
    """Index on the owning batch of ``rel_type`` relationships."""
    t = _rel_type(rel_type)
    return "CREATE INDEX ctgraph_rel_" + t.lower() + "_batch IF NOT EXISTS FOR ()-[r:" + t + "]-() ON (r._batch)"


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
"""Are the indexes behind the constraints online yet? (waits up to ``$seconds``)"""


# --------------------------------------------------------------------------- writes


@cache
def merge_nodes(label: str) -> str:
    """Write these ``$rows`` (``{id, props}``; props hold id, _batch, _load) as
    ``label`` nodes owned by a batch: merged on id, properties replaced."""
    return "UNWIND $rows AS row\nMERGE (n:" + _label(label) + " {id: row.id})\nSET n = row.props"


@cache
def merge_shared_nodes(label: str) -> str:
    """Write these ``$rows`` as shared reference nodes (countries): merged on id,
    properties added, owned by no batch."""
    return "UNWIND $rows AS row\nMERGE (n:" + _label(label) + " {id: row.id})\nSET n += row.props"


@cache
def merge_referred_nodes(label: str) -> str:
    """Write these ``$rows`` as nodes a batch only refers to: created when
    absent, left as they are when another batch defines them."""
    return "UNWIND $rows AS row\nMERGE (n:" + _label(label) + " {id: row.id})\nON CREATE SET n += row.props"


@cache
def merge_rels(rel_type: str, start_label: str, end_label: str) -> str:
    """Write these ``$rows`` (``{start, end, key, props}``) as ``rel_type``
    relationships, merged on (start id, type, end id, key), properties
    replaced; how many rows found both ends?"""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:" + _label(start_label) + " {id: row.start})\n"
        "MATCH (b:" + _label(end_label) + " {id: row.end})\n"
        "MERGE (a)-[r:" + _rel_type(rel_type) + " {key: row.key}]->(b)\n"
        "SET r = row.props\n"
        "RETURN count(*) AS merged"
    )


@cache
def missing_endpoints(label: str) -> str:
    """Which of these ``$ids`` name no ``label`` node?"""
    return (
        "UNWIND $ids AS id\n"
        "OPTIONAL MATCH (n:" + _label(label) + " {id: id})\n"
        "WITH id, n WHERE n IS NULL\n"
        "RETURN id ORDER BY id"
    )


@cache
def owned_elsewhere(label: str) -> str:
    """Which of these ``$ids`` does another batch than ``$batch`` already hold (first one)?"""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids AND n._batch IS NOT NULL AND n._batch <> $batch\n"
        "RETURN n.id AS id, n._batch AS batch, n._origin AS origin ORDER BY id LIMIT 1"
    )


@cache
def delete_stale_rels(rel_type: str) -> str:
    """Delete the ``rel_type`` relationships batch ``$batch`` owns that load ``$load`` did not write."""
    return (
        "MATCH ()-[r:" + _rel_type(rel_type) + "]->() WHERE r._batch = $batch AND r._load <> $load\n"
        "DELETE r RETURN count(*) AS deleted"
    )


@cache
def delete_stale_nodes(label: str) -> str:
    """Delete (with their relationships) the ``label`` nodes batch ``$batch`` owns
    that load ``$load`` did not write."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n._batch = $batch AND n._load <> $load\n"
        "DETACH DELETE n RETURN count(*) AS deleted"
    )


BUMP_VERSION = (
    "MERGE (s:" + STATE_LABEL + " {id: 'state'})\n"
    "SET s.version = coalesce(s.version, 0) + 1\n"
    "RETURN s.version AS version"
)
"""Record that the data changed (inside every load's transaction)."""

VERSION = "MATCH (s:" + STATE_LABEL + " {id: 'state'}) RETURN s.version AS version"
"""Which data version does the database hold?"""


DELETE_EVERYTHING = """
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""
"""Delete every node and relationship (tests and benchmarks only; auto-commit)."""


@cache
def naive_merge_node(label: str) -> str:
    """Write ONE ``label`` node (``$id``, ``$props``): the naive per-record loop
    the load benchmark compares against (the store never uses it)."""
    return "MERGE (n:" + _label(label) + " {id: $id})\nSET n += $props"


@cache
def naive_merge_rel(rel_type: str, start_label: str, end_label: str) -> str:
    """Write ONE relationship (``$start``, ``$end``, ``$key``, ``$props``): the
    naive per-record loop of the load benchmark."""
    return (
        "MATCH (a:" + _label(start_label) + " {id: $start})\n"
        "MATCH (b:" + _label(end_label) + " {id: $end})\n"
        "MERGE (a)-[r:" + _rel_type(rel_type) + " {key: $key}]->(b)\n"
        "SET r += $props"
    )


# --------------------------------------------------------------------------- retrieval


@cache
def nodes_of(label: str) -> str:
    """Which ``label`` nodes exist, with every property, by id?"""
    return "MATCH (n:" + _label(label) + ")\nRETURN properties(n) AS props\nORDER BY n.id"


@cache
def nodes_by_id(label: str) -> str:
    """The ``label`` nodes with these ``$ids``, with every property."""
    return "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids\nRETURN properties(n) AS props"


@cache
def rels_from(label: str) -> str:
    """The relationships that start at the ``label`` nodes with these ``$ids``."""
    return (
        "MATCH (a:" + _label(label) + ")-[r]->(b) WHERE a.id IN $ids\n"
        "RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
    )


ALL_NODES = (
    "MATCH (n) WHERE NOT n:" + STATE_LABEL + "\nRETURN labels(n)[0] AS label, properties(n) AS props"
)
"""Every node, with its label and properties (a whole-graph snapshot)."""

ALL_RELS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props
"""
"""Every relationship (a whole-graph snapshot)."""


@cache
def reference_nodes(labels: tuple[str, ...]) -> str:
    """Every node of the reference layer (sources, countries, regions, ...)."""
    cond = " OR ".join("n:" + _label(lb) for lb in labels)
    return "MATCH (n) WHERE " + cond + "\nRETURN labels(n)[0] AS label, properties(n) AS props"


@cache
def reference_rels(labels: tuple[str, ...]) -> str:
    """Every relationship that starts in the reference layer."""
    cond = " OR ".join("a:" + _label(lb) for lb in labels)
    return (
        "MATCH (a)-[r]->(b) WHERE " + cond + "\n"
        "RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
    )


PLACES_IN = "MATCH (p:Place)-[:IN]->(c:Country) WHERE c.id IN $ids RETURN p.id AS id"
"""Which places lie in these countries?"""

AGENCIES_IN = "MATCH (a:Agency)-[:BASED_IN]->(c:Country) WHERE c.id IN $ids RETURN a.id AS id"
"""Which agencies are based in these countries?"""


@cache
def flows_touching(label: str) -> str:
    """Which flows run from, to or via these ``$ids`` endpoints of ``label``?"""
    return (
        "MATCH (f:Flow)-[:FROM|TO|VIA]->(x:" + _label(label) + ") WHERE x.id IN $ids\n"
        "RETURN DISTINCT f.id AS id"
    )


LINKED_FLOWS = """
MATCH (f:Flow)-[:CONTINUES*1..4]-(g:Flow) WHERE f.id IN $ids
RETURN DISTINCT g.id AS id
"""
"""Which flows do the sources link (same victims, up to 4 legs) to these flows?"""

def _facts_around() -> str:
    parts = [
        "MATCH (e:Expert)-[:BASED_IN]->(c:Country) WHERE c.id IN $countries RETURN e.id AS id",
        "MATCH (e:Expert)-[:WORKS_FOR]->(a:Agency) WHERE a.id IN $agencies RETURN e.id AS id",
    ]
    for lbl in ("Country", "Region", "Place", "Agency"):
        parts.append(
            "MATCH (x)-[:CONCERNS|ABOUT]->(t:" + lbl + ") WHERE t.id IN $targets RETURN x.id AS id"
        )
    return "\nUNION\n".join(parts)


FACTS_AROUND = _facts_around()
"""Which experts, challenges and statistics are about these endpoints or agencies?"""

COUNT_NODES = (
    "MATCH (n) WHERE NOT n:" + STATE_LABEL + "\nRETURN labels(n)[0] AS label, count(*) AS n\nORDER BY label"
)
"""How many nodes of each label does the graph hold?"""

COUNT_RELATIONSHIPS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
ORDER BY type
"""
"""How many relationships of each type does the graph hold?"""

SEARCH_EVIDENCE = """
MATCH (x)-[e:EVIDENCE]->(s)
WHERE (toLower(e.quote) CONTAINS toLower($text) OR toLower(e.locator) CONTAINS toLower($text))
  AND ($drafts OR x.draft IS NULL OR x.draft = false)
RETURN x.id AS fact, labels(x)[0] AS label, s.id AS source, e.quote AS quote,
       e.locator AS locator
ORDER BY source, locator, fact, quote
LIMIT $limit
"""
"""Which evidence quotes or locators contain ``$text`` (case-insensitive),
at most ``$limit`` of them by (source, locator, fact, quote)?"""
