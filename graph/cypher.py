"""Every Cypher statement ctgraph runs, one named constant or function per question.

Rules this module keeps (DESIGN.md, STYLE.md):

- Values travel only as ``$parameters``. Labels and relationship types are
  never parameters in Cypher, so the few label- or type-specific statements
  are concatenated from the allow-lists :data:`graph.batch.NODE_LABELS` and
  :data:`graph.batch.REL_TYPES` (anything else raises ``ValueError``).
- Writes are batched ``UNWIND $rows AS row MERGE ...`` on stable ids.
- Reads select and aggregate in Cypher and mirror :mod:`graph.analysis`, the
  reference semantics: the Neo4j store returns the same JSON as the embedded
  store (``tests/test_parity.py``). Python only puts keys in contract order
  and sorts lists inside a row (evidence, parties) by code point.

Shared definitions, spelled out once here and inlined below:

- *jurisdiction* of an endpoint ``x``: the first country a place is ``IN``,
  otherwise ``x`` itself:
  ``CASE WHEN x:Place THEN coalesce(head([(x)-[:IN]->(j) | j]), x) ELSE x END``.
- an instrument ``i`` *binds* jurisdiction ``j`` when one of its ``PARTY``
  targets is ``j``, a Region ``j`` is a ``MEMBER_OF``, or an Agency
  ``BASED_IN`` ``j``.
- an evidence item is ``{source, quote, locator}`` from an ``EVIDENCE``
  relationship; lists of them are ``DISTINCT``.

Examples
--------
>>> merge_nodes("Flow").splitlines()[1]
'MERGE (n:Flow {id: row.id})'
>>> merge_nodes("Flow; DROP")
Traceback (most recent call last):
...
ValueError: unknown node label 'Flow; DROP'
>>> routes(2).count("CALL (path, fresh)")
1
"""

from __future__ import annotations

from functools import lru_cache

from graph.batch import NODE_LABELS, REL_TYPES

__all__ = [
    "constraint",
    "merge_nodes",
    "merge_rels",
    "missing_endpoints",
    "nodes_of",
    "AWAIT_INDEXES",
    "COUNT_NODES",
    "COUNT_RELATIONSHIPS",
    "routes",
    "GAPS",
    "AGREEMENTS",
    "COOPERATIONS",
    "COUNTRY_NAME",
    "COUNTRY_AGENCIES",
    "COUNTRY_EXPERTS",
    "COUNTRY_CHALLENGES",
    "COUNTRY_STATISTICS",
    "SEARCH_EVIDENCE",
    "DELETE_EVERYTHING",
    "naive_merge_node",
    "naive_merge_rel",
]


def _label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label {label!r}")
    return label


def _rel_type(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type


# --------------------------------------------------------------------------- schema and writes


@lru_cache(maxsize=None)
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


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
"""Are the indexes behind the constraints online yet? (waits up to ``$seconds``)"""


@lru_cache(maxsize=None)
def merge_nodes(label: str) -> str:
    """Write these ``$rows`` (``{id, props}``) as ``label`` nodes, merged on id."""
    return (
        "UNWIND $rows AS row\n"
        "MERGE (n:" + _label(label) + " {id: row.id})\n"
        "SET n += row.props"
    )


@lru_cache(maxsize=None)
def merge_rels(rel_type: str, start_label: str, end_label: str) -> str:
    """Write these ``$rows`` (``{start, end, key, props}``) as ``rel_type``
    relationships, merged on (start id, type, end id, key); how many rows
    found both ends?"""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:" + _label(start_label) + " {id: row.start})\n"
        "MATCH (b:" + _label(end_label) + " {id: row.end})\n"
        "MERGE (a)-[r:" + _rel_type(rel_type) + " {key: row.key}]->(b)\n"
        "SET r += row.props\n"
        "RETURN count(*) AS merged"
    )


@lru_cache(maxsize=None)
def missing_endpoints(label: str) -> str:
    """Which of these ``$ids`` name no ``label`` node?"""
    return (
        "UNWIND $ids AS id\n"
        "OPTIONAL MATCH (n:" + _label(label) + " {id: id})\n"
        "WITH id, n WHERE n IS NULL\n"
        "RETURN id ORDER BY id"
    )


DELETE_EVERYTHING = """
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""
"""Delete every node and relationship (tests and benchmarks only; auto-commit)."""


@lru_cache(maxsize=None)
def naive_merge_node(label: str) -> str:
    """Write ONE ``label`` node (``$id``, ``$props``): the naive per-record loop
    the load benchmark compares against (the store never uses it)."""
    return "MERGE (n:" + _label(label) + " {id: $id})\nSET n += $props"


@lru_cache(maxsize=None)
def naive_merge_rel(rel_type: str, start_label: str, end_label: str) -> str:
    """Write ONE relationship (``$start``, ``$end``, ``$key``, ``$props``): the
    naive per-record loop of the load benchmark."""
    return (
        "MATCH (a:" + _label(start_label) + " {id: $start})\n"
        "MATCH (b:" + _label(end_label) + " {id: $end})\n"
        "MERGE (a)-[r:" + _rel_type(rel_type) + " {key: $key}]->(b)\n"
        "SET r += $props"
    )


# --------------------------------------------------------------------------- reads


@lru_cache(maxsize=None)
def nodes_of(label: str) -> str:
    """Which ``label`` nodes exist, with every property, by id?"""
    return "MATCH (n:" + _label(label) + ")\nRETURN properties(n) AS props\nORDER BY n.id"


COUNT_NODES = """
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS n
ORDER BY label
"""
"""How many nodes of each label does the graph hold?"""

COUNT_RELATIONSHIPS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
ORDER BY type
"""
"""How many relationships of each type does the graph hold?"""


_EVIDENCE_OF_X = (
    "COLLECT { MATCH (x)-[e:EVIDENCE]->(s) "
    "RETURN DISTINCT {source: s.id, quote: e.quote, locator: e.locator} AS item }"
)

_ROUTES_START = """
MATCH (f:Flow)-[:FROM]->(a), (f)-[:TO]->(b)
WHERE ($max_hops <= 1 OR a <> b)
  AND ($origin IS NULL OR a.id = $origin
       OR (a:Place AND head([(a)-[:IN]->(j) | j.id]) = $origin))
  AND ($max_hops > 1 OR $destination IS NULL OR b.id = $destination
       OR (b:Place AND head([(b)-[:IN]->(j) | j.id]) = $destination))
WITH DISTINCT a, b
WITH [a, b] AS path, true AS fresh
"""

_ROUTES_EXTEND = """
CALL (path, fresh) {
  RETURN path AS longer, false AS grown
  UNION
  WITH path, fresh
  WHERE fresh AND size(path) <= $max_hops
  WITH path, last(path) AS x
  MATCH (x)<-[:FROM]-(:Flow)-[:TO]->(c)
  WHERE NOT c IN path
  RETURN DISTINCT path + c AS longer, true AS grown
}
WITH longer AS path, grown AS fresh
"""

_ROUTES_FINISH = """
WITH path, last(path) AS z
WHERE $destination IS NULL OR z.id = $destination
   OR (z:Place AND head([(z)-[:IN]->(j) | j.id]) = $destination)
UNWIND range(0, size(path) - 2) AS i
WITH path, path[i] AS x, path[i + 1] AS y
WITH x, y, collect(path) AS paths
CALL (x, y) {
  MATCH (x)<-[:FROM]-(f:Flow)-[:TO]->(y)
  WITH collect(f) AS flows
  RETURN flows,
         COLLECT { UNWIND flows AS f UNWIND coalesce(f.exploitation, []) AS e
                   RETURN DISTINCT e } AS exploitation,
         COLLECT { UNWIND flows AS f UNWIND coalesce(f.victims, []) AS v
                   RETURN DISTINCT v } AS victims,
         COLLECT { UNWIND flows AS f MATCH (f)-[e:EVIDENCE]->(s)
                   RETURN DISTINCT {source: s.id, quote: e.quote, locator: e.locator} AS item
                 } AS evidence
}
CALL (flows, paths) {
  UNWIND flows AS f
  WITH f WHERE any(p IN paths WHERE size(p) = 2)
           AND f.dataset IS NOT NULL AND f.dataset <> ''
  WITH f.dataset AS dataset, collect(f) AS fs,
       sum(toInteger(coalesce(f.victims_count, 0))) AS victims,
       sum(toInteger(coalesce(f.suppressed_cells, 0))) AS suppressed,
       min(f.year_first) AS first, max(f.year_last) AS last
  CALL (fs) {
    UNWIND fs AS f
    WITH coalesce(f.years, []) AS ys, coalesce(f.year_victims, []) AS vs,
         coalesce(f.year_suppressed, []) AS ss
    WITH ys, vs, ss,
         CASE WHEN size(ys) <= size(vs) AND size(ys) <= size(ss) THEN size(ys)
              WHEN size(vs) <= size(ss) THEN size(vs) ELSE size(ss) END AS n
    UNWIND range(0, n - 1) AS i
    WITH ys[i] AS year, sum(toInteger(vs[i])) AS v, sum(toInteger(ss[i])) AS s
    ORDER BY year
    RETURN collect({year: year, victims: v, suppressed_cells: s}) AS by_year
  }
  RETURN collect({dataset: dataset, victims: victims, suppressed_cells: suppressed,
                  years: [first, last], by_year: by_year}) AS corroboration
}
UNWIND paths AS path
WITH path, collect({exploitation: exploitation, victims: victims, evidence: evidence,
                    corroboration: corroboration}) AS summaries
WITH path, summaries,
     COLLECT { UNWIND summaries AS h UNWIND h.exploitation AS e RETURN DISTINCT e } AS exploitation
WHERE $exploitation IS NULL OR $exploitation IN exploitation
RETURN [n IN path | n.id] AS hops,
       exploitation,
       COLLECT { UNWIND summaries AS h UNWIND h.victims AS v RETURN DISTINCT v } AS victims,
       COLLECT { UNWIND summaries AS h UNWIND h.evidence AS item RETURN DISTINCT item } AS evidence,
       CASE WHEN size(path) = 2 THEN summaries[0].corroboration ELSE [] END AS corroboration
ORDER BY size(hops), hops[0], hops[-1], hops
"""


@lru_cache(maxsize=None)
def routes(max_hops: int) -> str:
    """Where do victims move? Which routes of 1..``$max_hops`` flows start at
    ``$origin``, end at ``$destination`` and carry ``$exploitation`` (each
    ``null`` for any), with their victims, evidence and, for one-hop routes,
    the statistics that corroborate them?

    A route is a directed endpoint pair with every flow recorded between them;
    longer routes chain pairs end to start, never visiting an endpoint twice
    (self-loops count only as one-hop routes of a one-hop query). Origin and
    destination match an endpoint id or the country a place is in. The text
    repeats one extension step ``max_hops - 1`` times (no values inside).
    """
    steps = max(int(max_hops), 1) - 1
    return _ROUTES_START + _ROUTES_EXTEND * steps + _ROUTES_FINISH


GAPS = """
MATCH (f:Flow)-[:FROM]->(o), (f)-[:TO]->(d)
WITH o, d, collect(f) AS flows
WITH o, d, flows,
     CASE WHEN o:Place THEN coalesce(head([(o)-[:IN]->(j) | j]), o) ELSE o END AS a,
     CASE WHEN d:Place THEN coalesce(head([(d)-[:IN]->(j) | j]), d) ELSE d END AS b
WHERE a <> b AND ($country IS NULL OR $country IN [a.id, b.id, o.id, d.id])
CALL (a, b) {
  WITH [(a)<-[:PARTY]-(i) | i]
       + [(a)-[:MEMBER_OF]->(:Region)<-[:PARTY]-(i) | i]
       + [(a)<-[:BASED_IN]-(:Agency)<-[:PARTY]-(i) | i] AS binds_a,
       [(b)<-[:PARTY]-(i) | i]
       + [(b)-[:MEMBER_OF]->(:Region)<-[:PARTY]-(i) | i]
       + [(b)<-[:BASED_IN]-(:Agency)<-[:PARTY]-(i) | i] AS binds_b
  UNWIND binds_a AS i
  WITH DISTINCT i, binds_b
  WHERE i IN binds_b AND (i:Agreement OR i:Cooperation)
  WITH i, CASE WHEN i:Cooperation THEN 'operational'
               WHEN i.status = 'signed' THEN i.kind
               ELSE 'negotiating' END AS level
  RETURN collect({id: i.id, title: coalesce(i.title, i.id), level: level}) AS instruments,
         coalesce(max($rank[level]), 0) AS best
}
WITH o, d, flows, a, b, instruments, best
WHERE best < $threshold
CALL (a, b) {
  WITH [(a)<-[:CONCERNS]-(c:Challenge) | c]
       + [(a)<-[:IN]-(:Place)<-[:CONCERNS]-(c:Challenge) | c] AS about_a,
       [(b)<-[:CONCERNS]-(c:Challenge) | c]
       + [(b)<-[:IN]-(:Place)<-[:CONCERNS]-(c:Challenge) | c] AS about_b
  UNWIND about_a AS c
  WITH DISTINCT c, about_b
  WHERE c IN about_b
  RETURN collect(c) AS challenges
}
WITH o, d, flows, instruments, best, challenges,
     COLLECT { UNWIND flows AS x MATCH (x)-[e:EVIDENCE]->(s)
               RETURN DISTINCT {source: s.id, quote: e.quote, locator: e.locator} AS item
             } AS flow_evidence
RETURN o.id AS source, d.id AS destination, best, instruments,
       size(flow_evidence) + size(challenges)
         + reduce(total = 0, f IN flows | total + toInteger(coalesce(f.victims_count, 0)))
         AS weight,
       COLLECT { UNWIND flows + challenges AS x MATCH (x)-[e:EVIDENCE]->(s)
                 RETURN DISTINCT {source: s.id, quote: e.quote, locator: e.locator} AS item
               } AS evidence
ORDER BY weight DESC, source, destination
"""
"""Which documented flows between two different jurisdictions have coverage
below ``$threshold`` (a rank in ``$rank``), involving ``$country`` if given,
and how much evidence backs each (flow evidence + challenges reported for the
pair + victims counted by data sets), heaviest first?

Coverage is the strongest instrument binding both jurisdictions: a signed
agreement counts as its kind, a cooperation as operational, anything else
as negotiating."""

_BINDS_COUNTRY = """
$country IS NULL OR EXISTS {
  MATCH (i)-[:PARTY]->(p)
  WHERE p.id = $country
     OR (p:Region AND EXISTS { MATCH (m)-[:MEMBER_OF]->(p) WHERE m.id = $country })
     OR (p:Agency AND head([(p)-[:BASED_IN]->(j) | j.id]) = $country)
}
"""

AGREEMENTS = (
    """
MATCH (i:Agreement)
WHERE """
    + _BINDS_COUNTRY
    + """
WITH i AS x
RETURN x.id AS id, x.title AS title, x.kind AS kind, x.status AS status,
       [(x)-[:PARTY]->(p) | p.id] AS parties,
       CASE
         WHEN x.date IS NOT NULL AND x.date <> '' THEN toString(x.date)
         WHEN x.period_start IS NOT NULL AND x.period_start <> ''
              AND x.period_end IS NOT NULL AND x.period_end <> ''
           THEN x.period_start + '/' + x.period_end
         WHEN x.period_start IS NOT NULL AND x.period_start <> '' THEN x.period_start
         ELSE x.period_end
       END AS date,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which agreements exist (binding ``$country`` if not null), with parties,
kind, status, one date (its date, else ``start/end`` of its period) and evidence?"""

COOPERATIONS = (
    """
MATCH (i:Cooperation)
WHERE """
    + _BINDS_COUNTRY
    + """
WITH i AS x
RETURN x.id AS id, x.title AS title, x.kind AS kind,
       [(x)-[:PARTY]->(p) | p.id] AS parties,
       x.date AS date, coalesce(x.outcomes, []) AS outcomes,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which operational cooperations exist (binding ``$country`` if not null)?"""

COUNTRY_NAME = """
OPTIONAL MATCH (c:Country {id: $iso3})
RETURN coalesce(c.name, $iso3) AS name
"""
"""What is country ``$iso3`` called (its code when the graph does not know it)?"""

COUNTRY_AGENCIES = (
    """
MATCH (x:Agency)
WHERE head([(x)-[:BASED_IN]->(j) | j.id]) = $iso3
RETURN x.id AS id, x.name AS name, x.acronym AS acronym, x.kind AS kind, x.role AS role,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which agencies are based in country ``$iso3``?"""

COUNTRY_EXPERTS = (
    """
MATCH (x:Expert)
WHERE $iso3 IN [(x)-[:BASED_IN]->(j) | j.id]
   OR EXISTS { MATCH (x)-[:WORKS_FOR]->(a:Agency)
               WHERE head([(a)-[:BASED_IN]->(j) | j.id]) = $iso3 }
RETURN x.id AS id, x.name AS name, x.title AS title, x.role AS role, x.agency AS agency,
       x.contact_note AS contact_note,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which named experts are based in country ``$iso3`` or work for an agency based there?"""

COUNTRY_CHALLENGES = (
    """
MATCH (x:Challenge)
WHERE EXISTS { MATCH (x)-[:CONCERNS]->(t)
               WHERE t.id = $iso3 OR (t:Place AND head([(t)-[:IN]->(j) | j.id]) = $iso3) }
RETURN x.id AS id, x.description AS description,
       [(x)-[:CONCERNS]->(t) | t.id] AS concerns,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which challenges were reported about country ``$iso3`` or a place in it?"""

COUNTRY_STATISTICS = (
    """
MATCH (x:Statistic)
WHERE EXISTS { MATCH (x)-[:ABOUT]->(t)
               WHERE t.id = $iso3 OR (t:Place AND head([(t)-[:IN]->(j) | j.id]) = $iso3) }
RETURN x.id AS id, x.counts AS counts, x.value AS value, x.unit AS unit, x.year AS year,
       """
    + _EVIDENCE_OF_X
    + """ AS evidence
ORDER BY id
"""
)
"""Which statistics were given about country ``$iso3`` or a place in it?"""

SEARCH_EVIDENCE = """
MATCH (x)-[e:EVIDENCE]->(s)
WHERE toLower(e.quote) CONTAINS toLower($text) OR toLower(e.locator) CONTAINS toLower($text)
RETURN x.id AS fact, labels(x)[0] AS label, s.id AS source, e.quote AS quote,
       e.locator AS locator
ORDER BY source, locator, fact, quote
LIMIT $limit
"""
"""Which evidence quotes or locators contain ``$text`` (case-insensitive),
at most ``$limit`` of them by (source, locator, fact, quote)?"""
