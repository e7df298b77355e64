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
>>> merge_nodes("Flow").splitlines()[1]  # a load creates its own version of each record
'CREATE (n:Flow)'
>>> merge_nodes("Flow; DROP")
Traceback (most recent call last):
...
ValueError: unknown node label 'Flow; DROP'
"""

from __future__ import annotations

from functools import cache

from ctgraph.graph.batch import NODE_LABELS, REL_TYPES

__all__ = [
    "visible",
    "constraint",
    "old_constraint",
    "node_indexes",
    "rel_indexes",
    "unregistered_loads",
    "owned_elsewhere",
    "stage_countries",
    "stage_referred",
    "share_referred",
    "merge_nodes",
    "merge_rels",
    "missing_endpoints",
    "foreign_rels_of_load",
    "foreign_rels_of_shared",
    "shared_with_ids",
    "copy_rels",
    "adopt_shared",
    "take_over_rels",
    "delete_rels_of",
    "delete_nodes_of",
    "add_node_props",
    "add_rel_props",
    "naive_merge_node",
    "naive_merge_rel",
    "plain_unwind_nodes",
    "plain_unwind_rels",
    "nodes_of",
    "label_records",
    "records_by_id",
    "around",
    "scoped_flows",
    "facts_around",
    "FLOW_PREFIX",
    "count_all",
    "count_nodes",
    "count_rels",
    "STATE_LABEL",
    "LOAD_LABEL",
    "DIGEST_LABEL",
    "DIGESTS_LABEL",
    "ACTIVE_LOADS",
    "LOAD_CONSTRAINT",
    "AWAIT_INDEXES",
    "REGISTER_LOADS",
    "BEGIN_LOAD",
    "ABANDON_STAGES",
    "TOUCH_LOAD",
    "STEP_DONE",
    "SWITCH_LOAD",
    "RETIRE",
    "ABANDON_LOAD",
    "RETIRED_LOADS",
    "FORGET_LOAD",
    "SWITCH_COUNTRIES",
    "BUMP_VERSION",
    "VERSION",
    "DELETE_EVERYTHING",
    "SEARCH_EVIDENCE",
    "flow_pairs",
    "pair_origins",
    "flows_by_id",
    "COUNT_ALL_NODES",
    "COUNT_ALL_RELS",
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


# --------------------------------------------------------------------------- versions

LOAD_LABEL = "CtgraphLoad"
"""The label of a load's bookkeeping node: ``{id, batch, state, seq, records,
started, touched}``, ``state`` one of ``staging``, ``active``, ``retired``."""

#: Conditions that say whether a node / relationship belongs to the graph
#: readers see: shared nodes (no ``_load``: countries, nodes a batch only
#: refers to) and the records of an ``active`` load. ``$active`` holds the
#: ids of the active loads (:data:`ACTIVE_LOADS`, read in the same transaction).
def visible(var: str) -> str:
    """Is the node or relationship ``var`` part of the graph readers see?

    Examples
    --------
    >>> visible("n")
    '(n._load IS NULL OR n._load IN $active)'
    """
    if not var.isidentifier():
        raise ValueError(f"not a Cypher variable: {var!r}")
    return "(" + var + "._load IS NULL OR " + var + "._load IN $active)"


ACTIVE_LOADS = "MATCH (l:" + LOAD_LABEL + ") RETURN l.id AS id, l.batch AS batch, l.state AS state, l.records AS records"
"""Which loads exist, in which state (readers see the records of the active ones)?"""


# --------------------------------------------------------------------------- schema


@cache
def constraint(label: str) -> str:
    """Is every ``Country`` unique by ``id``, and every other node unique by
    (``id``, ``_load``)? Creates the constraint if not.

    Countries are shared, one node each. A fact of another label has one node
    per load that wrote it: a re-load stages its new version beside the one
    readers see until it is switched on (:func:`merge_nodes`).

    Examples
    --------
    >>> constraint("Country")
    'CREATE CONSTRAINT ctgraph_country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE'
    >>> constraint("Flow")
    'CREATE CONSTRAINT ctgraph_flow_id_load IF NOT EXISTS FOR (n:Flow) REQUIRE (n.id, n._load) IS UNIQUE'
    """
    lbl = _label(label)
    if lbl == "Country":
        return (
            "CREATE CONSTRAINT ctgraph_country_id IF NOT EXISTS "
            "FOR (n:Country) REQUIRE n.id IS UNIQUE"
        )
    return (
        "CREATE CONSTRAINT ctgraph_" + lbl.lower() + "_id_load IF NOT EXISTS "
        "FOR (n:" + lbl + ") REQUIRE (n.id, n._load) IS UNIQUE"
    )


@cache
def old_constraint(label: str) -> str:
    """Drop the id-only uniqueness of a versioned label (databases written before versions)."""
    return "DROP CONSTRAINT ctgraph_" + _label(label).lower() + "_id IF EXISTS"


@cache
def node_indexes(label: str) -> tuple[str, ...]:
    """Indexes a versioned label needs: by id (lookups), by owning batch, by load (switch, clean-up)."""
    lbl = _label(label)
    low = lbl.lower()
    return (
        "CREATE INDEX ctgraph_" + low + "_id_lookup IF NOT EXISTS FOR (n:" + lbl + ") ON (n.id)",
        "CREATE INDEX ctgraph_" + low + "_batch IF NOT EXISTS FOR (n:" + lbl + ") ON (n._batch)",
        "CREATE INDEX ctgraph_" + low + "_load IF NOT EXISTS FOR (n:" + lbl + ") ON (n._load)",
    )


@cache
def rel_indexes(rel_type: str) -> tuple[str, ...]:
    """Indexes on the owning batch and the load of ``rel_type`` relationships."""
    t = _rel_type(rel_type)
    low = t.lower()
    return (
        "CREATE INDEX ctgraph_rel_" + low + "_batch IF NOT EXISTS FOR ()-[r:" + t + "]-() ON (r._batch)",
        "CREATE INDEX ctgraph_rel_" + low + "_load IF NOT EXISTS FOR ()-[r:" + t + "]-() ON (r._load)",
    )


LOAD_CONSTRAINT = (
    "CREATE CONSTRAINT ctgraph_load_id IF NOT EXISTS FOR (l:" + LOAD_LABEL + ") REQUIRE l.id IS UNIQUE"
)
"""Is every load's bookkeeping node unique by id?"""

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
"""Are the indexes behind the constraints online yet? (waits up to ``$seconds``)"""

@cache
def unregistered_loads(label: str) -> str:
    """Which (batch, load) pairs do ``label`` nodes carry (a database written
    before loads were registered: they become the active loads)?"""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n._batch IS NOT NULL\n"
        "RETURN DISTINCT n._batch AS batch, n._load AS load"
    )


REGISTER_LOADS = (
    "UNWIND $rows AS row\n"
    "MERGE (l:" + LOAD_LABEL + " {id: row.load})\n"
    "ON CREATE SET l.batch = row.batch, l.state = 'active', l.seq = 0, l.records = 0"
)
"""Record these ``$rows`` ({batch, load}) as active loads (upgrade of an older database)."""


# --------------------------------------------------------------------------- loads

BEGIN_LOAD = (
    "CREATE (l:" + LOAD_LABEL + " {id: $load, batch: $batch, state: 'staging', records: $records,\n"
    "  started: timestamp(), touched: timestamp()})"
)
"""Register load ``$load`` of batch ``$batch`` as staging (invisible to readers)."""

ABANDON_STAGES = (
    "MATCH (l:" + LOAD_LABEL + ") WHERE l.state = 'staging' AND l.id <> $load\n"
    "  AND (l.batch = $batch OR l.touched < timestamp() - $stale_ms)\n"
    "SET l.state = 'retired'\n"
    "RETURN l.id AS id"
)
"""Give up the stages a failed or killed load left: those of this batch, and
any stage nobody has written to for ``$stale_ms`` ms (their records are removed
like a retired load's)."""

TOUCH_LOAD = (
    "MATCH (l:" + LOAD_LABEL + " {id: $load}) SET l.touched = timestamp()\n"
    "RETURN l.state AS state, $step IN coalesce(l.done, []) AS done"
)
"""Record that staging load ``$load`` is still being written: what state is it
in, and has its step ``$step`` been written already (a commit that was lost
on the way back)?"""

STEP_DONE = "MATCH (l:" + LOAD_LABEL + " {id: $load}) SET l.done = coalesce(l.done, []) + $step"
"""Record, in the step's own transaction, that step ``$step`` of load ``$load`` is written."""

SWITCH_LOAD = (
    "MATCH (l:" + LOAD_LABEL + " {id: $load})\n"
    "OPTIONAL MATCH (o:" + LOAD_LABEL + ") WHERE o.batch = $batch AND o.state = 'active'\n"
    "SET o.state = 'retired'\n"
    "WITH DISTINCT l\n"
    "SET l.state = 'active', l.seq = coalesce(l.seq, 0) + 1, l.touched = timestamp()"
)
"""Make load ``$load`` the active version of batch ``$batch``, retiring the one before."""

RETIRE = (
    "MERGE (l:" + LOAD_LABEL + " {id: $retired})\n"
    "ON CREATE SET l.batch = $batch, l.state = 'retired', l.records = 0, l.started = timestamp()"
)
"""A retired pseudo-load ``$retired`` that holds records a load took over (cleaned up like any retired load)."""

ABANDON_LOAD = "MATCH (l:" + LOAD_LABEL + " {id: $load}) WHERE l.state = 'staging' SET l.state = 'retired'"
"""Give up staging load ``$load`` (its records are removed like a retired load's)."""

RETIRED_LOADS = "MATCH (l:" + LOAD_LABEL + ") WHERE l.state = 'retired' RETURN l.id AS id ORDER BY id"
"""Which loads are retired (their records wait to be deleted)?"""

FORGET_LOAD = "MATCH (l:" + LOAD_LABEL + " {id: $load}) WHERE l.state = 'retired' DELETE l"
"""Forget retired load ``$load`` once its records are gone."""


@cache
def owned_elsewhere(label: str) -> str:
    """Which of these ``$ids`` does another batch than ``$batch`` hold in the
    graph readers see (the first one)?"""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids AND n._batch IS NOT NULL AND n._batch <> $batch\n"
        "  AND n._load IN $active\n"
        "RETURN n.id AS id, n._batch AS batch, n._origin AS origin ORDER BY id LIMIT 1"
    )


@cache
def stage_countries() -> str:
    """Create the countries of these ``$rows`` that do not exist yet, staged
    under load ``$load`` (existing ones are updated when the load is switched on)."""
    return (
        "UNWIND $rows AS row\n"
        "MERGE (n:Country {id: row.id})\n"
        "ON CREATE SET n += row.props, n._load = $load"
    )


SWITCH_COUNTRIES = (
    "UNWIND $rows AS row\n"
    "MATCH (n:Country {id: row.id})\n"
    "SET n += row.props\n"
    "REMOVE n._load"
)
"""Update these countries from ``$rows`` and make the ones this load created shared."""


@cache
def stage_referred(label: str) -> str:
    """Create the ``label`` nodes these ``$rows`` only refer to, staged under
    ``$load``, where readers see none with that id (a batch that defines
    them keeps its own version)."""
    lbl = _label(label)
    return (
        "UNWIND $rows AS row\n"
        "OPTIONAL MATCH (n:" + lbl + " {id: row.id}) WHERE n._load IS NULL OR n._load IN $active OR n._load = $load\n"
        "WITH row, count(n) AS found WHERE found = 0\n"
        "CREATE (m:" + lbl + ")\n"
        "SET m += row.props, m.id = row.id, m._load = $load"
    )


@cache
def share_referred(label: str) -> str:
    """Make the ``label`` nodes load ``$load`` created as references shared (no load)."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n._load = $load AND n._batch IS NULL\n"
        "REMOVE n._load"
    )


@cache
def merge_nodes(label: str) -> str:
    """Stage these ``$rows`` (``{id, props}``; props hold id, _batch, _load) as
    new ``label`` nodes of load ``$load``, beside the version readers see.

    ``CREATE``, not ``MERGE``: a load's own nodes are new by construction (the
    rows are unique by id, and a step that is tried again after a lost commit
    is first looked up in the load's ``done`` list, :data:`TOUCH_LOAD`); the
    (id, _load) constraint still refuses a duplicate."""
    return "UNWIND $rows AS row\nCREATE (n:" + _label(label) + ")\nSET n = row.props"


def _end(var: str, label: str, own: bool) -> str:
    lbl = _label(label)
    key = "row.start" if var == "a" else "row.end"
    if own:
        return "MATCH (" + var + ":" + lbl + " {id: " + key + ", _load: $load})\n"
    return (
        "MATCH (" + var + ":" + lbl + " {id: " + key + "}) WHERE " + var + "._load IS NULL OR "
        + var + "._load IN $active OR " + var + "._load = $load\n"
    )


@cache
def merge_rels(rel_type: str, start_label: str, end_label: str, start_own: bool = True, end_own: bool = False) -> str:
    """Stage these ``$rows`` (``{start, end, key, props}``) as new ``rel_type``
    relationships of load ``$load``; how many rows found both ends? An end
    the batch owns is its staged version (``*_own``); any other end is the
    one readers see (or one this load created).

    ``CREATE`` like :func:`merge_nodes` (rows are unique by (start, type,
    end, key)): a ``MERGE`` must look at the relationships the end already
    has, which is quadratic on a dense node such as a data set's source."""
    return (
        "UNWIND $rows AS row\n"
        + _end("a", start_label, start_own)
        + _end("b", end_label, end_own)
        + "CREATE (a)-[r:" + _rel_type(rel_type) + "]->(b)\n"
        "SET r = row.props\n"
        "RETURN count(*) AS merged"
    )


@cache
def missing_endpoints(label: str) -> str:
    """Which of these ``$ids`` name no ``label`` node readers see or this load writes?"""
    return (
        "UNWIND $ids AS id\n"
        "OPTIONAL MATCH (n:" + _label(label) + " {id: id}) WHERE n._load IS NULL OR n._load IN $active OR n._load = $load\n"
        "WITH id, count(n) AS found WHERE found = 0\n"
        "RETURN id ORDER BY id"
    )


_FOREIGN_RETURN = (
    "MATCH (old)-[r]-(other) WHERE r._batch <> $batch AND r._load IN $active\n"
    "RETURN DISTINCT type(r) AS type, old.id AS id, startNode(r) = old AS outgoing,\n"
    "       elementId(other) AS other, other.id AS other_id, labels(other)[0] AS other_label,\n"
    "       coalesce(other._batch = $batch AND other._load = $prev, false) AS other_replaced,\n"
    "       properties(r) AS props"
)


@cache
def foreign_rels_of_load(label: str) -> str:
    """Which relationships that other batches own touch the ``label`` nodes of
    load ``$prev`` (the version of batch ``$batch`` a re-load replaces)? With
    what a copy onto the new version needs."""
    return "MATCH (old:" + _label(label) + ") WHERE old._load = $prev\n" + _FOREIGN_RETURN


@cache
def foreign_rels_of_shared(label: str) -> str:
    """Which relationships that other batches own touch the shared ``label``
    nodes with these ``$ids`` (ids batch ``$batch`` now defines itself)?"""
    return (
        "MATCH (old:" + _label(label) + ") WHERE old.id IN $ids AND old._batch IS NULL AND old._load IS NULL\n"
        + _FOREIGN_RETURN
    )


@cache
def shared_with_ids(label: str) -> str:
    """Which of these ``$ids`` are shared ``label`` nodes (referred to by a batch, owned by none)?"""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids AND n._batch IS NULL AND n._load IS NULL\n"
        "RETURN n.id AS id"
    )


@cache
def copy_rels(rel_type: str, label: str, outgoing: bool, other_label: str | None) -> str:
    """Copy these ``$rows`` (``{id, other, other_id, props}``) of ``rel_type``
    onto the new ``label`` version of load ``$load``: the other end is the
    node ``other`` (an element id), or, when ``other_label`` is given, its
    own new version of load ``$load``. The copy keeps its owner and load."""
    lbl = _label(label)
    t = _rel_type(rel_type)
    if other_label is None:
        other = "MATCH (o) WHERE elementId(o) = row.other\n"
    else:
        other = "MATCH (o:" + _label(other_label) + " {id: row.other_id, _load: $load})\n"
    new = "MATCH (nw:" + lbl + " {id: row.id, _load: $load})\n"
    pattern = "(nw)-[c:" + t + "]->(o)" if outgoing else "(o)-[c:" + t + "]->(nw)"
    return "UNWIND $rows AS row\n" + new + other + "CREATE " + pattern + "\nSET c = row.props"


@cache
def adopt_shared(label: str) -> str:
    """Retire (under ``$retired``) the shared ``label`` nodes with these ``$ids``
    that batch ``$batch`` now defines itself (its own version replaces them)."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids AND n._batch IS NULL AND n._load IS NULL\n"
        "SET n._load = $retired"
    )


@cache
def take_over_rels(rel_type: str, start_label: str, end_label: str) -> str:
    """Retire (under ``$retired``) the ``rel_type`` relationships of other
    batches that these ``$rows`` (``{start, end, key}``) write again: the
    batch loaded last owns a relationship, as it owns its facts."""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:" + _label(start_label) + " {id: row.start})-[r:" + _rel_type(rel_type) + " {key: row.key}]->"
        "(b:" + _label(end_label) + " {id: row.end})\n"
        "WHERE r._batch <> $batch AND r._load IN $active AND " + visible("a") + " AND " + visible("b") + "\n"
        "SET r._load = $retired"
    )


#: Records a batched delete commits at a time (``CALL { ... } IN TRANSACTIONS``).
DELETE_BATCH_ROWS = 10_000


@cache
def delete_rels_of(rel_type: str) -> str:
    """Delete every ``rel_type`` relationship of load ``$load``, in transactions of
    :data:`DELETE_BATCH_ROWS` (one pass over the ``_load`` index; auto-commit only)."""
    return (
        "MATCH ()-[r:" + _rel_type(rel_type) + "]->() WHERE r._load = $load\n"
        "CALL (r) { DELETE r } IN TRANSACTIONS OF " + str(DELETE_BATCH_ROWS) + " ROWS"
    )


@cache
def delete_nodes_of(label: str) -> str:
    """Delete every ``label`` node of load ``$load`` with what relationships it still
    has, in transactions of :data:`DELETE_BATCH_ROWS` (auto-commit only)."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n._load = $load\n"
        "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF " + str(DELETE_BATCH_ROWS) + " ROWS"
    )


BUMP_VERSION = (
    "MERGE (s:" + STATE_LABEL + " {id: 'state'})\n"
    "SET s.version = coalesce(s.version, 0) + 1\n"
    "RETURN s.version AS version"
)
"""Record that the data changed (inside every load's switch)."""

VERSION = "MATCH (s:" + STATE_LABEL + " {id: 'state'}) RETURN s.version AS version"
"""Which data version does the database hold?"""


# --------------------------------------------------------------------------- pair digests

DIGEST_LABEL = "CtgraphPairDigest"
"""One endpoint pair's digest (graph.analysis.pair_digest) for one set of loads: ``sig`` (the
loads it was made from), ``o``, ``d``, ``body`` (JSON), ``ids`` and ``evidence`` (JSON, read only
for the pairs a list hands out)."""
DIGESTS_LABEL = "CtgraphPairDigests"
"""The mark that every pair's digest for the loads ``sig`` is written (``pairs``: how many)."""
DIGEST_INDEX = (
    "CREATE INDEX ctgraph_pair_digest IF NOT EXISTS FOR (p:" + DIGEST_LABEL + ") ON (p.sig, p.o, p.d)"
)
DIGESTS_CONSTRAINT = (
    "CREATE CONSTRAINT ctgraph_pair_digests_sig IF NOT EXISTS FOR (m:" + DIGESTS_LABEL + ") REQUIRE m.sig IS UNIQUE"
)
"""One mark per set of loads: the writer that creates it is the only one to write those digests."""
DIGESTS_DONE = "MATCH (m:" + DIGESTS_LABEL + " {sig: $sig}) WHERE m.state = 'done' RETURN m.pairs AS pairs"
CLAIM_DIGESTS = (
    "OPTIONAL MATCH (old:" + DIGESTS_LABEL + " {sig: $sig}) WHERE old.state = 'writing' AND old.at < timestamp() - $stale_ms\n"
    "OPTIONAL MATCH (p:" + DIGEST_LABEL + " {sig: $sig}) WHERE old IS NOT NULL\n"
    "DETACH DELETE p, old"
)
"""Before a claim: forget a claim of these loads whose writer stopped long ago, and what it wrote."""
CREATE_CLAIM = "CREATE (m:" + DIGESTS_LABEL + " {sig: $sig, state: 'writing', at: timestamp()})"
PAIR_DIGESTS = (
    "MATCH (p:" + DIGEST_LABEL + ") WHERE p.sig = $sig RETURN p.o AS o, p.d AS d, p.body AS body ORDER BY o, d"
)
"""Every pair's digest body for the loads ``$sig``."""
PAIR_DIGESTS_AT = (
    "MATCH (p:" + DIGEST_LABEL + ") WHERE p.sig = $sig AND (p.o IN $ends OR p.d IN $ends)\n"
    "RETURN p.o AS o, p.d AS d, p.body AS body ORDER BY o, d"
)
"""The digest bodies of the pairs with one of ``$ends`` at either end (one country's lists)."""
DIGEST_EVIDENCE = (
    "UNWIND $pairs AS k MATCH (p:" + DIGEST_LABEL + ") WHERE p.sig = $sig AND p.o = k[0] AND p.d = k[1]\n"
    "RETURN p.o AS o, p.d AS d, p.evidence AS evidence"
)
"""The evidence lists of the pairs ``$pairs`` (``[origin, destination]`` lists)."""
DIGEST_IDS = (
    "MATCH (p:" + DIGEST_LABEL + ") WHERE p.sig = $sig AND p.o = $o AND p.d = $d RETURN p.ids AS ids"
)
"""The flow ids of one pair."""
WRITE_DIGESTS = (
    "UNWIND $rows AS r CREATE (p:" + DIGEST_LABEL + " {sig: $sig, o: r.o, d: r.d, body: r.body, ids: r.ids, "
    "evidence: r.evidence})"
)
DIGESTS_WRITTEN = (
    "MATCH (m:" + DIGESTS_LABEL + " {sig: $sig}) WHERE m.state = 'writing' SET m.state = 'done', m.pairs = $pairs"
)
DROP_OLD_DIGESTS = (
    "MATCH (p:" + DIGEST_LABEL + ") WHERE p.sig <> $sig\nCALL (p) { DELETE p } IN TRANSACTIONS OF "
    + str(DELETE_BATCH_ROWS) + " ROWS"
)
"""Delete the digests of other loads (auto-commit, in batches), before the mark of the new ones."""
DROP_OLD_MARKS = "MATCH (m:" + DIGESTS_LABEL + ") WHERE m.sig <> $sig DELETE m"


DELETE_EVERYTHING = (
    "MATCH ()-[r]->()\nCALL (r) { DELETE r } IN TRANSACTIONS OF " + str(DELETE_BATCH_ROWS) + " ROWS",
    "MATCH (n)\nCALL (n) { DETACH DELETE n } IN TRANSACTIONS OF " + str(DELETE_BATCH_ROWS) + " ROWS",
)
"""Delete every relationship, then every node (tests and benchmarks only; auto-commit).
Relationships go first, in batches: a node's DETACH DELETE takes all its relationships
into one transaction, and a data set's Source or a busy country has hundreds of thousands."""


@cache
def add_node_props(label: str) -> str:
    """Add ``row.props`` to the ``label`` node of each of these ``$rows``
    (``{id, load, props}``; ``load`` null for a shared node)."""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (n:" + _label(label) + " {id: row.id}) WHERE n._load = row.load OR (row.load IS NULL AND n._load IS NULL)\n"
        "SET n += row.props"
    )


@cache
def add_rel_props(rel_type: str, start_label: str, end_label: str) -> str:
    """Add ``row.props`` to the ``rel_type`` relationship of each of these
    ``$rows`` (``{start, end, key, load, props}``)."""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:" + _label(start_label) + " {id: row.start})-[r:" + _rel_type(rel_type)
        + " {key: row.key, _load: row.load}]->(b:" + _label(end_label) + " {id: row.end})\n"
        "SET r += row.props"
    )


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


@cache
def plain_unwind_nodes(label: str) -> str:
    """Write these ``$rows`` as ``label`` nodes with a plain batched ``UNWIND ...
    CREATE``: the hand-written baseline of the load benchmark (no versions)."""
    return "UNWIND $rows AS row\nCREATE (n:" + _label(label) + ")\nSET n = row.props"


@cache
def plain_unwind_rels(rel_type: str, start_label: str, end_label: str) -> str:
    """The load benchmark's hand-written baseline for relationships: ``UNWIND``,
    both ends by id, ``CREATE``."""
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:" + _label(start_label) + " {id: row.start})\n"
        "MATCH (b:" + _label(end_label) + " {id: row.end})\n"
        "CREATE (a)-[r:" + _rel_type(rel_type) + "]->(b)\n"
        "SET r = row.props"
    )


# --------------------------------------------------------------------------- retrieval
#
# Every read runs in one read transaction that first reads the active loads
# (ACTIVE_LOADS) and passes them as $active. Rows are compact lists, not maps
# of named columns: a snapshot row is a node's properties with the
# relationships that start at it (:func:`_records`); the bookkeeping
# properties (``_batch``, ``_load``, ``_origin``) are cut in Python (see
# graph.neo4j_store: filtering keys in Cypher costs the server more than it saves).


@cache
def nodes_of(label: str) -> str:
    """Which ``label`` nodes do readers see (drafts only with ``$drafts``), with
    every property, by id (at most ``$limit``)?"""
    return (
        "MATCH (n:" + _label(label) + ") WHERE " + visible("n") + "\n"
        "  AND ($drafts OR n.draft IS NULL OR n.draft <> true)\n"
        "RETURN properties(n) AS props\nORDER BY n.id\nLIMIT $limit"
    )


def _seen(filtered: bool, *conds: str) -> str:
    """`` AND ``-joined visibility conditions, or nothing when every record is
    visible (no load is staged and nothing retired is left: the usual case)."""
    return "".join(" AND " + c for c in conds) if filtered else ""


_REL_SEEN = ("r._load IN $active",)


def _records(var: str, filtered: bool) -> str:
    """The row a snapshot is built from for node ``var``: ``[props, rels]``, where
    ``rels`` are the relationships readers see that start at it, as
    ``[type, end id, props]``. The node is found once and its relationships are
    read with it (one list per node, not a second look-up of every node by id)."""
    if not var.isidentifier():
        raise ValueError(f"not a Cypher variable: {var!r}")
    seen = " WHERE r._load IN $active AND " + visible("b") if filtered else ""
    return "[properties(" + var + "), [(" + var + ")-[r]->(b)" + seen + " | [type(r), b.id, properties(r)]]]"


def _in_chunks(nodes: str, filtered: bool, *columns: str) -> str:
    """Return the rows (:func:`_records`) of the node list ``nodes`` in records of
    ``$chunk`` rows each. The list holds node references only (cheap); each
    record's properties are read when the server produces that record, so the
    server reads the next records while the client decodes the ones before
    (one record holding every row would make the client wait for the last one)."""
    if not nodes.isidentifier():
        raise ValueError(f"not a Cypher variable: {nodes!r}")
    return (
        "UNWIND range(0, size(" + nodes + ") - 1, $chunk) AS i\n"
        "RETURN " + "".join(c + ", " for c in columns)
        + "[n IN " + nodes + "[i..i + $chunk] | " + _records("n", filtered) + "] AS rows"
    )


@cache
def label_records(labels: tuple[str, ...], filtered: bool = True) -> str:
    """Every node readers see of each of these ``labels``, with the relationships
    that start at it, in one statement: records (label, rows) of at most
    ``$chunk`` rows.

    The labels are spliced into the text (labels cannot be parameters), each
    checked against the allow-list :data:`graph.batch.NODE_LABELS` first.

    Examples
    --------
    >>> print(label_records(("Source",), filtered=False))
    CALL () {
    MATCH (n:Source) RETURN 'Source' AS label, collect(n) AS nodes
    }
    UNWIND range(0, size(nodes) - 1, $chunk) AS i
    RETURN label, [n IN nodes[i..i + $chunk] | [properties(n), [(n)-[r]->(b) | [type(r), b.id, properties(r)]]]] AS rows
    """
    where = " WHERE " + visible("n") if filtered else ""
    parts = [
        "MATCH (n:" + _label(lbl) + ")" + where + " RETURN '" + _label(lbl) + "' AS label, collect(n) AS nodes"
        for lbl in labels
    ]
    return "CALL () {\n" + "\nUNION ALL\n".join(parts) + "\n}\n" + _in_chunks("nodes", filtered, "label")


@cache
def records_by_id(label: str, filtered: bool = True) -> str:
    """The ``label`` nodes readers see with these ``$ids``, each with the
    relationships that start at it, in records of at most ``$chunk`` rows."""
    return (
        "MATCH (n:" + _label(label) + ") WHERE n.id IN $ids" + _seen(filtered, visible("n")) + "\n"
        "WITH collect(n) AS nodes\n" + _in_chunks("nodes", filtered)
    )


@cache
def around(filtered: bool = True) -> str:
    """Which places lie in these countries (``$ids``), and which agencies are based there?"""
    return (
        "OPTIONAL MATCH (p:Place)-[r:IN]->(c:Country) WHERE c.id IN $ids" + _seen(filtered, visible("p"), *_REL_SEEN)
        + "\nWITH collect(DISTINCT p.id) AS places\n"
        "OPTIONAL MATCH (a:Agency)-[r:BASED_IN]->(c:Country) WHERE c.id IN $ids"
        + _seen(filtered, visible("a"), *_REL_SEEN) + "\n"
        "RETURN places, collect(DISTINCT a.id) AS agencies"
    )


#: The id prefix of a flow: the scoped read keeps the flows whose id names the
#: label Flow (graph.neo4j_store.endpoint_label), as a look-up by id would.
FLOW_PREFIX = "flow:"


@cache
def scoped_flows(depth: int, filtered: bool = True) -> str:
    """The flows from, to or via these ``$ends`` (countries, regions, places),
    with the flows the sources link to them (``CONTINUES``, either way, up to
    ``depth`` legs), each with the relationships that start at it, in records
    of at most ``$chunk`` rows, in one statement (the flows are found by walking from the endpoints,
    never looked up again by id).

    Only flows with a ``flow:`` id are kept (the label their id names)."""
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 0:
        raise ValueError(f"not a link depth: {depth!r}")
    parts = [
        "  MATCH (f:Flow)-[r:FROM|TO|VIA]->(x:" + _label(lbl) + ") WHERE x.id IN $ends"
        + _seen(filtered, visible("x"), *_REL_SEEN, visible("f")) + " RETURN f"
        for lbl in ("Country", "Region", "Place")
    ]
    query = "CALL () {\n" + "\n  UNION\n".join(parts) + "\n}\nWITH collect(f) AS direct\n"
    if depth:
        seen = _seen(
            filtered,
            "all(r IN relationships(p) WHERE r._load IN $active)",
            "all(x IN nodes(p) WHERE " + visible("x") + ")",
        )
        # most flows have no link at all: the variable-length walk starts only at those that have one
        query += (
            "CALL (direct) {\n"
            "  UNWIND direct AS f\n"
            "  WITH f WHERE EXISTS { (f)-[:CONTINUES]-() }\n"
            "  MATCH p = (f)-[:CONTINUES*1.." + str(depth) + "]-(g:Flow)" + (" WHERE " + seen[5:] if seen else "") + "\n"
            "  RETURN collect(DISTINCT g) AS linked\n"
            "}\n"
            "UNWIND direct + linked AS f\n"
        )
    else:
        query += "UNWIND direct AS f\n"
    return (
        query + "WITH DISTINCT f WHERE f.id STARTS WITH '" + FLOW_PREFIX + "' AND size(f.id) > " + str(len(FLOW_PREFIX))
        + "\nWITH collect(f) AS nodes\n" + _in_chunks("nodes", filtered)
    )


#: The labels a flow's origin may carry (what a whole-graph list's pairs start at).
PAIR_ORIGIN_LABELS = ("Country", "Region", "Place")


def _own_evidence(filtered: bool) -> str:
    """A flow ``f``'s own evidence items as ``[source id, quote, locator]`` lists."""
    seen = " WHERE e._load IN $active AND " + visible("s") if filtered else ""
    return "[(f)-[e:EVIDENCE]->(s)" + seen + " | [s.id, e.quote, e.locator]]"


@cache
def pair_origins(filtered: bool = True) -> str:
    """Which endpoints do flows start at, and how many flows start at each (from the node's
    relationship counts)? What :func:`flow_pairs` reads in parts of ``$origins``."""
    where = " WHERE " + visible("o") if filtered else ""
    parts = [
        "  MATCH (o:" + _label(lbl) + ")" + where + " RETURN o.id AS id, COUNT { (o)<-[:FROM]-() } AS flows"
        for lbl in PAIR_ORIGIN_LABELS
    ]
    return "CALL () {\n" + "\n  UNION ALL\n".join(parts) + "\n}\nWITH id, flows WHERE flows > 0\nRETURN id, flows ORDER BY id"


@cache
def flow_pairs(filtered: bool = True) -> str:
    """Every endpoint pair readers see with its flows, for the origins ``$origins``, origin by
    origin (each origin's flows grouped on the server, so no more than one origin's rows are
    held at a time): records (origin id, destination id, flows), each flow ``[props, own
    evidence]`` (:func:`_own_evidence`). What a whole-graph gap or route list ranks
    (graph.analysis.gap_list) instead of a snapshot of every flow.

    Examples
    --------
    >>> print(flow_pairs(filtered=False))
    CALL () {
      MATCH (o:Country) WHERE o.id IN $origins RETURN o
      UNION ALL
      MATCH (o:Region) WHERE o.id IN $origins RETURN o
      UNION ALL
      MATCH (o:Place) WHERE o.id IN $origins RETURN o
    }
    CALL (o) {
      MATCH (o)<-[r:FROM]-(f:Flow)-[t:TO]->(d)
      RETURN d.id AS d, collect([properties(f), [(f)-[e:EVIDENCE]->(s) | [s.id, e.quote, e.locator]]]) AS flows
    }
    RETURN o.id AS o, d, flows
    """
    where = " WHERE o.id IN $origins" + _seen(filtered, visible("o"))
    origins = "\n  UNION ALL\n".join("  MATCH (o:" + _label(lbl) + ")" + where + " RETURN o" for lbl in PAIR_ORIGIN_LABELS)
    seen = _seen(filtered, visible("f"), visible("d"), "r._load IN $active", "t._load IN $active")
    return (
        "CALL () {\n" + origins + "\n}\n"
        "CALL (o) {\n"
        "  MATCH (o)<-[r:FROM]-(f:Flow)-[t:TO]->(d)" + (" WHERE " + seen[5:] if seen else "") + "\n"
        "  RETURN d.id AS d, collect([properties(f), " + _own_evidence(filtered) + "]) AS flows\n"
        "}\n"
        "RETURN o.id AS o, d, flows"
    )


@cache
def flows_by_id(filtered: bool = True) -> str:
    """The flows readers see with these ``$ids``, each ``[props, own evidence]`` (as :func:`flow_pairs`)."""
    return (
        "MATCH (f:Flow) WHERE f.id IN $ids" + _seen(filtered, visible("f")) + "\n"
        "RETURN [properties(f), " + _own_evidence(filtered) + "] AS flow"
    )


@cache
def facts_around(filtered: bool = True) -> str:
    """Which experts, challenges and statistics are about these endpoints or
    agencies (``$countries``, ``$agencies``, ``$targets``)?"""
    seen = _seen(filtered, visible("x"), *_REL_SEEN, visible("t"))
    parts = [
        "MATCH (x:Expert)-[r:BASED_IN]->(t:Country) WHERE t.id IN $countries" + seen + " RETURN x.id AS id",
        "MATCH (x:Expert)-[r:WORKS_FOR]->(t:Agency) WHERE t.id IN $agencies" + seen + " RETURN x.id AS id",
    ]
    for lbl in ("Country", "Region", "Place", "Agency"):
        parts.append(
            "MATCH (x)-[r:CONCERNS|ABOUT]->(t:" + lbl + ") WHERE t.id IN $targets" + seen + " RETURN x.id AS id"
        )
    return "\nUNION\n".join(parts)


def count_all() -> tuple[str, str]:
    """How many nodes of each label and relationships of each type are there?
    Two statements whose every branch reads Neo4j's count store (O(1));
    exact when every record is visible (no stage, nothing retired)."""
    nodes = " UNION ALL ".join(
        "MATCH (n:" + lbl + ") RETURN '" + lbl + "' AS k, count(n) AS n" for lbl in NODE_LABELS
    )
    rels = " UNION ALL ".join(
        "MATCH ()-[r:" + t + "]->() RETURN '" + t + "' AS k, count(r) AS n" for t in dict.fromkeys(REL_TYPES)
    )
    return "CALL () { " + nodes + " } RETURN k, n", "CALL () { " + rels + " } RETURN k, n"


COUNT_ALL_NODES, COUNT_ALL_RELS = count_all()


@cache
def count_nodes(label: str) -> str:
    """How many ``label`` nodes do readers see?"""
    return "MATCH (n:" + _label(label) + ") WHERE " + visible("n") + " RETURN count(n) AS n"


@cache
def count_rels(rel_type: str) -> str:
    """How many ``rel_type`` relationships do readers see?"""
    return (
        "MATCH (a)-[r:" + _rel_type(rel_type) + "]->(b) WHERE r._load IN $active AND " + visible("a")
        + " AND " + visible("b") + " RETURN count(r) AS n"
    )


SEARCH_EVIDENCE = (
    "MATCH (x)-[e:EVIDENCE]->(s)\n"
    "WHERE (toLower(e.quote) CONTAINS toLower($text) OR toLower(e.locator) CONTAINS toLower($text)\n"
    "       OR (size($stems) > 0 AND all(w IN $stems WHERE toLower(e.quote) CONTAINS w\n"
    "                                                 OR toLower(e.locator) CONTAINS w)))\n"
    "  AND ($drafts OR x.draft IS NULL OR x.draft = false)\n"
    "  AND e._load IN $active AND " + visible("x") + " AND " + visible("s") + "\n"
    "RETURN x.id AS fact, labels(x)[0] AS label, s.id AS source, e.quote AS quote,\n"
    "       e.locator AS locator\n"
    "ORDER BY source, locator, fact, quote"
)
"""Which evidence quotes or locators may answer a search: those that contain
``$text`` (case-insensitive) or every one of ``$stems`` (its
words' stems)? A superset of the hits: the store keeps those
:func:`graph.analysis.evidence_matches` accepts (a stem must match a whole
word's stem there), then sorts and cuts to the limit."""
