"""The read-only Cypher console: run a query an analyst typed, safely, on Neo4j.

This is the one place where ctgraph runs Cypher it did not write. The query
is a *value the analyst typed*, not one of the project's questions, so it does
not live in :mod:`graph.cypher` (which holds only the project's own Cypher,
with values as ``$parameters``); nothing here builds Cypher from data.

What keeps a query read-only, strongest first:

1. **The server.** The query runs in a session opened with
   ``default_access_mode=READ_ACCESS`` through ``session.execute_read``: Neo4j
   itself refuses any write (``CREATE``, ``MERGE``, ``DELETE``, ``SET``,
   ``REMOVE``, a write procedure such as ``db.createLabel``, ``CALL { … } IN
   TRANSACTIONS``, index and user commands) with ``Statement.AccessMode``.
   The transaction is always rolled back, never committed, even when it only
   read. With ``CTGRAPH_CONSOLE_USER`` / ``CTGRAPH_CONSOLE_PASSWORD`` the
   console logs in as its own user: on Neo4j Enterprise or Aura give that user
   the built-in ``reader`` role and the server enforces read-only by privilege
   as well.
2. **A pre-check with ``EXPLAIN``** (the plan only: nothing runs) gives a
   clear message before the server would refuse, and refuses what the
   server's read mode allows but a console must not: ``LOAD CSV`` (reads files
   and URLs *from the server*: ``file:///etc/passwd`` reads in a read
   transaction), ``SHOW``/``TERMINATE TRANSACTIONS`` and the other
   administration commands (``TERMINATE`` runs in read mode and would stop
   other users' loads), procedures other than the schema look-ups in
   :data:`ALLOWED_PROCEDURES`, and reads of a database other than the
   configured one (``USE``).
3. **Bounds.** A server-side timeout (``unit_of_work(timeout=...)``: the
   server stops the transaction) and a row limit: at most ``limit + 1``
   records are fetched (``fetch_size``), then the transaction is abandoned and
   the result says "truncated". No rewriting of the query is needed (wrapping
   it in ``CALL { … } RETURN * LIMIT n`` is not valid for every query).
   The server's timeout stops the *query*, not the transfer of what it
   returned (one row of a 30-million-element list is computed in a second and
   takes longer to arrive than to compute), so the transfer is bounded on the
   client as well: the bytes read from the connection are counted and the
   reads have a deadline (:data:`MAX_TRANSFER_BYTES`, the timeout plus
   :data:`TRANSFER_GRACE_S`); past either the connection is dropped (the
   server then ends the transaction) and the result says "truncated" with the
   rows that arrived whole.
4. **Shape.** Values are converted to plain Python only down to
   :data:`MAX_DEPTH` levels (deeper levels show as ``…``), so no value nests
   deep enough to exhaust Python's recursion limit when it is converted,
   collected or rendered.

Results are plain values: a node becomes its label and properties, a
relationship its type and properties, a path the captions along it (never a
driver object, never the store's bookkeeping: properties such as ``_batch``,
``_load`` or ``_origin``, which names files on the loading machine, a
relationship's merge ``key``, or the properties of the ``CtgraphLoad`` nodes
that record loads; a query that reads a ``_`` property by name is refused). Nodes and relationships
found anywhere in the result also come back as a small graph for a network
view (:class:`ResultGraph`).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ctgraph.graph.config import Settings, redact_uri
from ctgraph.graph.cypher import DIGEST_LABEL, DIGESTS_LABEL, LOAD_LABEL
from ctgraph.graph.errors import ConfigError
from ctgraph.graph.snapshot import is_hidden_prop

if TYPE_CHECKING:  # pragma: no cover
    from neo4j import Driver, ManagedTransaction, Session

__all__ = [
    "ALLOWED_PROCEDURES",
    "MAX_QUERY_CHARS",
    "ConsoleSettings",
    "ConsoleStatus",
    "ConsoleResult",
    "ResultGraph",
    "GraphNode",
    "GraphEdge",
    "console_settings",
    "console_enabled",
    "open_driver",
    "precheck",
    "run_console",
    "plain_value",
    "cell_text",
    "table_columns",
    "REFUSED_WRITE",
    "REFUSED_LOAD_CSV",
    "REFUSED_ADMIN",
    "REFUSED_IN_TRANSACTIONS",
    "REFUSED_OTHER_DATABASE",
    "REFUSED_BOOKKEEPING",
    "MAX_DEPTH",
    "MAX_TRANSFER_BYTES",
    "TRANSFER_GRACE_S",
]

#: Procedures the console runs: schema look-ups that read nothing but the schema.
ALLOWED_PROCEDURES: frozenset[str] = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)

#: Longest query accepted (characters).
MAX_QUERY_CHARS = 20_000

REFUSED_WRITE = (
    "Refused: this query would change the graph (CREATE, MERGE, DELETE, SET, REMOVE, "
    "CALL { … } IN TRANSACTIONS or a procedure that writes). The console only reads; "
    "change the graph with ctgraph load or ctgraph import."
)
REFUSED_LOAD_CSV = (
    "Refused: LOAD CSV reads files and URLs from the database server, which the console does "
    "not allow. Import data sets with ctgraph import."
)
REFUSED_ADMIN = (
    "Refused: administration and schema commands (users, roles, databases, indexes, "
    "constraints, settings, SHOW/TERMINATE TRANSACTIONS) are not available in the console."
)
REFUSED_IN_TRANSACTIONS = (
    "Refused: CALL { … } IN TRANSACTIONS commits batches of its own; the console runs one "
    "read transaction. Remove IN TRANSACTIONS."
)
REFUSED_OTHER_DATABASE = "Refused: the console reads only the database {database!r} (no USE of another database)."
REFUSED_BOOKKEEPING = (
    "Refused: properties whose name starts with _ (_batch, _load, _origin) are the store's bookkeeping "
    "(which load wrote a record and the file it came from), not facts; the console does not show them."
)

#: Most bytes a console result may take on the wire (the rows that arrived whole before it are shown).
MAX_TRANSFER_BYTES = 8 * 1024 * 1024
#: Seconds the transfer may run past the server's timeout before the console drops the connection.
TRANSFER_GRACE_S = 0.5
#: Levels of nesting converted and shown; deeper levels show as ``…``.
MAX_DEPTH = 40
#: Relationship properties that are bookkeeping although they do not start with ``_``.
_HIDDEN_REL_PROPS = frozenset({"key"})
#: Labels of nodes that are bookkeeping as a whole (the load records): shown without properties.
_BOOKKEEPING_LABELS = frozenset({LOAD_LABEL, DIGEST_LABEL, DIGESTS_LABEL})


class ConsoleSettings(BaseSettings):
    """Console settings; each field is read from the variable of the same name
    (environment, ``.env``, or the ``[ctgraph]`` table of Streamlit secrets)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    #: the console page exists only when this is true (CTGRAPH_CONSOLE=1)
    ctgraph_console: bool = False
    ctgraph_console_row_limit: int = Field(default=1000, ge=1, le=100_000)
    ctgraph_console_timeout_s: float = Field(default=10.0, gt=0, le=600)
    #: optional own login for the console (give it the ``reader`` role where the server has roles)
    ctgraph_console_user: str | None = None
    ctgraph_console_password: SecretStr | None = None


def console_settings(**values: Any) -> ConsoleSettings:
    """:class:`ConsoleSettings` from the environment, or one :class:`ConfigError` line.

    Examples
    --------
    >>> console_settings(ctgraph_console="1", _env_file=None).ctgraph_console
    True
    >>> try:
    ...     console_settings(ctgraph_console_row_limit="0", _env_file=None)
    ... except ConfigError as exc:
    ...     print(exc)
    CTGRAPH_CONSOLE_ROW_LIMIT='0' is not valid (input should be greater than or equal to 1); set it to a whole number from 1 to 100000
    """
    try:
        return ConsoleSettings(**values)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else "setting"
        allowed = {
            "ctgraph_console": "1 (on) or 0 (off)",
            "ctgraph_console_row_limit": "a whole number from 1 to 100000",
            "ctgraph_console_timeout_s": "a number of seconds above 0 and at most 600",
        }.get(name, "a valid value")
        shown = "" if "password" in name else f"={str(first.get('input'))[:80]!r}"
        reason = str(first["msg"])
        reason = reason[:1].lower() + reason[1:]
        raise ConfigError(f"{name.upper()}{shown} is not valid ({reason}); set it to {allowed}") from None


def console_enabled() -> bool:
    """Does the dashboard offer the console page? When CTGRAPH_CONSOLE is on, and
    when the console's settings are invalid (the page then says what is wrong)."""
    try:
        return console_settings().ctgraph_console
    except ConfigError:
        return True


class ConsoleStatus(str, Enum):
    """How a console query went."""

    OK = "ok"
    EMPTY = "empty"
    TRUNCATED = "truncated"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    ERROR = "error"


@dataclass(frozen=True)
class GraphNode:
    """A node of the result: its caption (name, title or id), first label and properties."""

    key: str
    caption: str
    label: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphEdge:
    """A relationship of the result, between two :class:`GraphNode` keys."""

    key: str
    start: str
    end: str
    type: str
    properties: dict[str, Any]


@dataclass
class ResultGraph:
    """Nodes and relationships found anywhere in a result (for a network view)."""

    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: dict[str, GraphEdge] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)


@dataclass(frozen=True)
class ConsoleResult:
    """Columns and rows (plain values) of one console query, and how it went."""

    status: ConsoleStatus
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    message: str = ""
    graph: ResultGraph = field(default_factory=ResultGraph)
    limit: int = 0

    @property
    def usable(self) -> bool:
        """Are there rows to show?"""
        return self.status in (ConsoleStatus.OK, ConsoleStatus.TRUNCATED)


# --------------------------------------------------------------------------- connection


def open_driver(settings: Settings, console: ConsoleSettings) -> Driver:
    """A driver for the console: the Neo4j of ``settings``, logged in as
    CTGRAPH_CONSOLE_USER when it is set, else as NEO4J_USER.

    Nothing is contacted here; the first query connects.
    """
    from neo4j import GraphDatabase

    if not settings.neo4j_uri:
        raise ConfigError("NEO4J_URI is not set: the Cypher console needs Neo4j")
    if console.ctgraph_console_user:
        user = console.ctgraph_console_user
        secret = console.ctgraph_console_password
        if secret is None:
            raise ConfigError("CTGRAPH_CONSOLE_USER is set without CTGRAPH_CONSOLE_PASSWORD: set both or neither")
    else:
        user, secret = settings.neo4j_user, settings.neo4j_password
    if secret is None:
        raise ConfigError("NEO4J_PASSWORD is not set: export it (see .env.example)")
    return GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(user, secret.get_secret_value()),
        connection_timeout=min(settings.neo4j_timeout_s, 30.0),
        max_transaction_retry_time=0.0,  # one try: an analyst reruns by hand
        notifications_min_severity="OFF",
    )


# --------------------------------------------------------------------------- pre-check

_PROCEDURE_NAME = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")
_LEADING = re.compile(r"^\s*(?://[^\n]*\n|/\*.*?\*/|\s)*", re.DOTALL)
_ADMIN_OPERATORS = ("AdministrationCommand", "Show", "Terminate", "Create", "Drop", "Alter", "DoNothingIfExists")


def _operators(plan: Mapping[str, Any] | None) -> Iterable[tuple[str, str, str]]:
    """(operator, database, details) of every operator of an EXPLAIN plan."""
    if not plan:
        return
    raw = str(plan.get("operatorType", ""))
    op, _, db = raw.partition("@")
    args = plan.get("args") or plan.get("arguments") or {}
    yield op, db, str(args.get("Details", ""))
    for child in plan.get("children", []) or []:
        yield from _operators(child)


def precheck(query_type: str | None, plan: Mapping[str, Any] | None, database: str) -> str | None:  # noqa: C901
    """The refusal message for a query with this EXPLAIN summary, or None when it may run.

    ``query_type`` is Neo4j's ``r`` (read), ``rw``, ``w`` (writes) or ``s``
    (schema and administration).

    Examples
    --------
    >>> read = {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "AllNodesScan@neo4j"}]}
    >>> precheck("r", read, "neo4j") is None
    True
    >>> precheck("rw", {"operatorType": "Create@neo4j"}, "neo4j") == REFUSED_WRITE
    True
    >>> csv = {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "LoadCSV@neo4j"}]}
    >>> precheck("r", csv, "neo4j") == REFUSED_LOAD_CSV
    True
    >>> precheck("r", {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"}}, "neo4j") is None
    True
    >>> print(precheck("r", {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.listConfig() :: (name :: STRING)"}}, "neo4j"))
    Refused: procedure dbms.listConfig is not available in the console; it runs only db.labels, db.propertyKeys, db.relationshipTypes, db.schema.nodeTypeProperties, db.schema.relTypeProperties, db.schema.visualization.
    >>> precheck("r", {"operatorType": "TerminateTransactions@neo4j"}, "neo4j") == REFUSED_ADMIN
    True
    >>> print(precheck("r", {"operatorType": "AllNodesScan@system"}, "neo4j"))
    Refused: the console reads only the database 'neo4j' (no USE of another database).
    """
    ops = list(_operators(plan))
    names = {op for op, _, _ in ops}
    if "LoadCSV" in names:
        return REFUSED_LOAD_CSV
    if query_type in ("w", "rw"):
        return REFUSED_WRITE
    for op, _, details in ops:
        if op == "ProcedureCall":
            m = _PROCEDURE_NAME.match(details)
            proc = m[1] if m else details.strip() or "?"
            if proc not in ALLOWED_PROCEDURES:
                return (
                    f"Refused: procedure {proc} is not available in the console; it runs only "
                    f"{', '.join(sorted(ALLOWED_PROCEDURES))}."
                )
    if any(op.startswith("Transaction") for op in names):  # TransactionForeach, TransactionApply
        return REFUSED_IN_TRANSACTIONS
    if query_type == "s" or any(op.startswith(_ADMIN_OPERATORS) for op in names):
        return REFUSED_ADMIN
    if query_type not in ("r", None):
        return REFUSED_WRITE
    for _, db, _ in ops:
        if db and db != database:
            return REFUSED_OTHER_DATABASE.format(database=database)
    return None


def _syntax_precheck(text: str) -> str | None:
    """Refusals that need no server: empty, too long, EXPLAIN/PROFILE of its own."""
    if not text.strip():
        return "Type a Cypher query, e.g. MATCH (c:Country) RETURN c.id, c.name LIMIT 10"
    if len(text) > MAX_QUERY_CHARS:
        return f"Refused: the query is {len(text):,} characters long; the console takes at most {MAX_QUERY_CHARS:,}."
    head = _LEADING.sub("", text)[:8].upper()
    if head.startswith(("EXPLAIN", "PROFILE")):
        return "Write the query without EXPLAIN or PROFILE: the console checks the plan itself and shows the rows."
    if _BOOKKEEPING_ACCESS.search(text):
        return REFUSED_BOOKKEEPING
    return None


#: ``n._origin``, ``n.`_batch```, ``n['_load']``: a property read by a name that starts with ``_``.
_BOOKKEEPING_ACCESS = re.compile(r"\.\s*`?\s*_\w|\[\s*['\"]_\w")


# --------------------------------------------------------------------------- values


def _props(entity: Any, depth: int = 0) -> dict[str, Any]:
    """The properties of a node or relationship a reader may see (no bookkeeping)."""
    from neo4j.graph import Node, Relationship

    if isinstance(entity, Node) and _BOOKKEEPING_LABELS & set(entity.labels):
        return {}
    hidden = _HIDDEN_REL_PROPS if isinstance(entity, Relationship) else frozenset()
    return {
        k: plain_value(v, _depth=depth + 1)
        for k, v in sorted(dict(entity).items())
        if not is_hidden_prop(k) and k not in hidden
    }


def _caption(props: Mapping[str, Any], label: str) -> str:
    for key in ("name", "title", "id"):
        if props.get(key) not in (None, ""):
            return str(props[key])
    return label or "node"


def plain_value(value: Any, *, _depth: int = 0) -> Any:  # noqa: C901
    r"""A result value as plain Python (str, int, float, bool, None, list, dict).

    A node is ``{"label": ..., "properties": {...}}``, a relationship
    ``{"type": ..., "properties": {...}}``, a path ``{"path": [captions and
    relationship types, ``<:TYPE`` where it points back]}``; temporal and
    spatial values become their text.
    Bookkeeping properties (``_batch``, ``_origin``, ...) are left out, also
    from maps (``properties(n)``). Values nested deeper than :data:`MAX_DEPTH`
    levels become ``"…"``.

    Examples
    --------
    >>> plain_value([1, {"a": None, "_batch": "seed"}, b"\x00\x01"])
    [1, {'a': None}, '0x0001']
    >>> plain_value([[[["deep"]]]], _depth=MAX_DEPTH - 2)
    [['…']]
    """
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if _depth >= MAX_DEPTH:
        return "…"
    inner = _depth + 1
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        label = sorted(value.labels)[0] if value.labels else ""
        return {"label": label, "properties": _props(value, _depth)}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": _props(value, _depth)}
    if isinstance(value, Path):
        steps: list[str] = []
        nodes = list(value.nodes)
        for i, node in enumerate(nodes):
            props = _props(node)
            steps.append(_caption(props, sorted(node.labels)[0] if node.labels else ""))
            if i < len(value.relationships):
                r = value.relationships[i]
                forward = r.start_node is None or r.start_node.element_id == node.element_id
                steps.append(f"{'' if forward else '<'}:{r.type}")
        return {"path": steps}
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): plain_value(v, _depth=inner) for k, v in value.items() if not is_hidden_prop(str(k))}
    if type(value) in (list, tuple):  # not Point or Duration, which are tuples too
        return [plain_value(v, _depth=inner) for v in value]
    iso = getattr(value, "iso_format", None)
    if callable(iso):  # neo4j.time.Date, DateTime, Time, Duration
        return str(iso())
    return str(value)  # neo4j.spatial.Point and anything else: its text


def cell_text(value: Any) -> str:
    """One table cell as text: a node as ``Label {props}``, a relationship as
    ``[:TYPE {props}]``, a path as its captions joined by arrows, anything else as JSON.

    Examples
    --------
    >>> cell_text({"label": "Country", "properties": {"id": "CHN", "name": "China"}})
    'Country {"id": "CHN", "name": "China"}'
    >>> cell_text({"type": "PARTY", "properties": {}})
    '[:PARTY]'
    >>> cell_text({"path": ["Flow", ":FROM", "China", "<:PARTY", "Agreement"]})
    '(Flow)-[:FROM]->(China)<-[:PARTY]-(Agreement)'
    >>> cell_text("x'}) DETACH DELETE n //"), cell_text(None), cell_text([1, "a"])
    ("x'}) DETACH DELETE n //", '', '[1, "a"]')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"label", "properties"}:
        props = value["properties"]
        body = f" {_json(props)}" if props else ""
        return f"{value['label']}{body}".strip()
    if isinstance(value, dict) and set(value) == {"type", "properties"}:
        props = value["properties"]
        return f"[:{value['type']}{' ' + _json(props) if props else ''}]"
    if isinstance(value, dict) and set(value) == {"path"}:
        parts = value["path"]
        out = f"({parts[0]})" if parts else ""
        for i in range(1, len(parts) - 1, 2):
            step = str(parts[i])
            arrow = f"<-[{step[1:]}]-" if step.startswith("<") else f"-[{step}]->"
            out += f"{arrow}({parts[i + 1]})"
        return out
    return _json(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def table_columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """The cells of each column, for a table: numbers stay numbers where a whole
    column is numeric (so they sort), everything else is text.

    Examples
    --------
    >>> table_columns([[1, "a"], [2.5, {"label": "X", "properties": {}}]], 2)
    [[1, 2.5], ['a', 'X']]
    >>> table_columns([[1], ["two"], [None]], 1)
    [['1', 'two', '']]
    """
    columns: list[list[Any]] = []
    for i in range(width):
        cells = [row[i] if i < len(row) else None for row in rows]
        numeric = all(c is None or (isinstance(c, (int, float)) and not isinstance(c, bool)) for c in cells)
        columns.append(cells if numeric else [cell_text(c) for c in cells])
    return columns


def _collect(value: Any, graph: ResultGraph) -> None:  # noqa: C901
    """Add the nodes and relationships found in ``value`` (down to :data:`MAX_DEPTH` levels) to ``graph``."""
    from neo4j.graph import Node, Path, Relationship

    def node(n: Any) -> str:
        key = str(n.element_id)
        props = _props(n)
        known = graph.nodes.get(key)
        if known is None or (props and not known.properties):
            label = sorted(n.labels)[0] if n.labels else ""
            graph.nodes[key] = GraphNode(key, _caption(props, label), label, props)
        return key

    def rel(r: Any) -> None:
        start = node(r.start_node) if r.start_node is not None else ""
        end = node(r.end_node) if r.end_node is not None else ""
        if start and end:
            graph.edges[str(r.element_id)] = GraphEdge(str(r.element_id), start, end, r.type, _props(r))

    todo: list[tuple[Any, int]] = [(value, 0)]  # a stack, not recursion: any nesting is walked safely
    while todo:
        item, depth = todo.pop()
        if isinstance(item, Node):
            node(item)
        elif isinstance(item, Relationship):
            rel(item)
        elif isinstance(item, Path):
            for n in item.nodes:
                node(n)
            for r in item.relationships:
                rel(r)
        elif depth < MAX_DEPTH and isinstance(item, Mapping):
            todo.extend((v, depth + 1) for v in reversed(list(item.values())))
        elif depth < MAX_DEPTH and isinstance(item, (list, tuple)):
            todo.extend((v, depth + 1) for v in reversed(item))


# --------------------------------------------------------------------------- running


class _RollBack(Exception):
    """Raised inside the transaction function so that the driver rolls the transaction back."""

    def __init__(self, keys: list[str], records: list[Any], spent: str | None = None) -> None:
        super().__init__("roll back")
        self.keys = keys
        self.records = records
        self.spent = spent


@dataclass
class _Budget:
    """What the transfer of one result may take: bytes read and a wall-clock deadline (``time.monotonic``).
    ``spent`` says which ran out ("bytes" or "time")."""

    max_bytes: int
    deadline: float
    received: int = 0
    spent: str | None = None


class _MeteredSocket:
    """The connection's socket as the driver's reader sees it, counting the bytes it
    reads and giving every read the budget's deadline; past either it fails the read
    (as a broken connection would), which makes the driver drop the connection."""

    def __init__(self, sock: Any, budget: _Budget) -> None:
        self._sock = sock
        self._budget = budget

    def recv_into(self, buffer: Any, nbytes: int) -> int:
        budget = self._budget
        left = budget.deadline - time.monotonic()
        if left <= 0:
            budget.spent = "time"
            raise OSError("the console's time for this result is spent")
        old = self._sock.get_read_deadline()
        self._sock.set_read_deadline(left)
        try:
            n: int = self._sock.recv_into(buffer, nbytes)
        except BaseException:
            if time.monotonic() >= budget.deadline:
                budget.spent = "time"
            raise
        finally:
            self._sock.set_read_deadline(old)
        budget.received += n
        if budget.received > budget.max_bytes:
            budget.spent = "bytes"
            raise OSError("the console's bytes for this result are spent")
        return n

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _QuietWhenSpent(logging.Filter):
    """Drops the driver's "defunct connection" log lines for a connection the console dropped on purpose."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        budget = getattr(self.local, "budget", None)
        return budget is None or budget.spent is None


_QUIET = _QuietWhenSpent()
for _name in ("neo4j", "neo4j.io", "neo4j.pool"):
    logging.getLogger(_name).addFilter(_QUIET)


def _meter(tx: Any, budget: _Budget) -> Any:
    """Put a :class:`_MeteredSocket` between the transaction's connection and its
    reader; returns what puts the plain socket back. (The driver has no public
    hook for this; when its internals differ, only the per-record checks bound
    the transfer.)"""
    try:
        inbox = tx._connection.inbox
        sock = inbox._socket
        sock.get_read_deadline, sock.set_read_deadline  # noqa: B018 - both needed
    except AttributeError:  # pragma: no cover - another driver version
        return lambda: None
    inbox._socket = _MeteredSocket(sock, budget)
    _QUIET.local.budget = budget

    def restore() -> None:
        inbox._socket = sock
        _QUIET.local.budget = None

    return restore


def _first_line(message: str | None) -> str:
    text = (message or "").strip()
    return text.splitlines()[0] if text else "no message"


_EXPLAIN = "EXPLAIN "
_POSITION = re.compile(r"\(line 1, column (\d+) \(offset: (\d+)\)\)")


def _unexplain(message: str) -> str:
    r"""A syntax error of ``EXPLAIN <query>`` as the server would report it for ``<query>``:
    positions on line 1 moved back, the echoed line and its caret without the prefix.

    Examples
    --------
    >>> print(_unexplain('Invalid input (line 1, column 18 (offset: 17))\n"EXPLAIN MATCH (n RETURN n"\n                  ^'))
    Invalid input (line 1, column 10 (offset: 9))
    "MATCH (n RETURN n"
              ^
    """
    n = len(_EXPLAIN)

    def back(m: re.Match[str]) -> str:
        return f"(line 1, column {max(int(m[1]) - n, 1)} (offset: {max(int(m[2]) - n, 0)}))"

    lines = message.splitlines()
    out = []
    caret_next = False
    for line in lines:
        if line.startswith('"' + _EXPLAIN):
            out.append('"' + line[1 + n :])
            caret_next = True
            continue
        if caret_next and line.strip() == "^" and line.startswith(" " * n):
            line = line[n:]
        caret_next = False
        out.append(_POSITION.sub(back, line))
    return "\n".join(out)


def _plan(session: Session, query: str, timeout_s: float) -> tuple[str | None, dict[str, Any] | None]:
    """Neo4j's query type and plan of ``query`` (``EXPLAIN``: the plan only, nothing runs)."""
    from neo4j import unit_of_work

    def explain(tx: ManagedTransaction) -> tuple[str | None, dict[str, Any] | None]:
        summary = tx.run(_EXPLAIN + query).consume()
        return summary.query_type, summary.plan

    result: tuple[str | None, dict[str, Any] | None] = session.execute_read(unit_of_work(timeout=timeout_s)(explain))
    return result


def run_console(  # noqa: C901
    driver: Driver,
    query: str,
    *,
    database: str = "neo4j",
    limit: int = 1000,
    timeout_s: float = 10.0,
    uri: str = "",
    max_bytes: int = MAX_TRANSFER_BYTES,
) -> ConsoleResult:
    """Run ``query`` read-only on ``database``: at most ``limit`` rows, stopped by
    the server after ``timeout_s`` seconds; the whole transfer takes at most
    ``max_bytes`` bytes and ends ``timeout_s`` (plus :data:`TRANSFER_GRACE_S`)
    after the call. Never raises for a bad query or a refused one: the
    result's status and message say what happened.
    """
    from neo4j import READ_ACCESS, unit_of_work
    from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    started = time.monotonic()
    refusal = _syntax_precheck(query)
    if refusal:
        return ConsoleResult(ConsoleStatus.REFUSED, message=refusal, limit=limit)
    where = f"Neo4j at {redact_uri(uri)}" if uri else "Neo4j"
    budget = _Budget(max_bytes=max_bytes, deadline=started + timeout_s + TRANSFER_GRACE_S)

    graph = ResultGraph()

    def run(tx: ManagedTransaction) -> None:
        restore = _meter(tx, budget)
        keys: list[str] = []
        rows: list[list[Any]] = []  # plain values, converted as records arrive: the time budget covers it
        try:
            result = tx.run(query)
            keys = list(result.keys())
            for record in result:
                if len(rows) == limit:
                    rows.append([])  # one more than the limit: truncated
                    break
                values = list(record.values())
                for v in values:
                    _collect(v, graph)
                rows.append([plain_value(v) for v in values])
                if time.monotonic() > budget.deadline:
                    budget.spent = "time"
                    break
        except Exception:
            if budget.spent is None:
                raise
            # the budget ran out: the connection is dropped, the server ends the transaction
        finally:
            restore()
        raise _RollBack(keys, rows, budget.spent)

    try:
        with driver.session(database=database, default_access_mode=READ_ACCESS, fetch_size=limit + 1) as session:
            query_type, plan = _plan(session, query, timeout_s)
            refusal = precheck(query_type, plan, database)
            if refusal:
                return ConsoleResult(ConsoleStatus.REFUSED, message=refusal, limit=limit)
            try:
                session.execute_read(unit_of_work(timeout=timeout_s)(run))
            except _RollBack as done:
                keys, records, spent = done.keys, done.records, done.spent
            else:  # pragma: no cover - run() always raises
                keys, records, spent = [], [], None
    except ClientError as exc:
        code = exc.code or ""
        if code.endswith("Statement.UnsupportedAdministrationCommand"):
            return ConsoleResult(ConsoleStatus.REFUSED, message=REFUSED_ADMIN, limit=limit)
        if code.endswith("Statement.AccessMode") or code.endswith("Security.Forbidden"):
            if "implicit transaction" in (exc.message or "").lower():
                return ConsoleResult(ConsoleStatus.REFUSED, message=REFUSED_IN_TRANSACTIONS, limit=limit)
            return ConsoleResult(ConsoleStatus.REFUSED, message=REFUSED_WRITE, limit=limit)
        if "TransactionTimedOut" in code:
            return ConsoleResult(
                ConsoleStatus.TIMEOUT,
                message=f"{where} stopped the query after {timeout_s:g} s (CTGRAPH_CONSOLE_TIMEOUT_S): "
                "narrow it (a label, a WHERE, a LIMIT) or raise the limit.",
                limit=limit,
            )
        if "implicit transaction" in (exc.message or "").lower():
            return ConsoleResult(ConsoleStatus.REFUSED, message=REFUSED_IN_TRANSACTIONS, limit=limit)
        if code.endswith("Statement.SyntaxError"):
            return ConsoleResult(
                ConsoleStatus.ERROR, message=f"Cypher syntax error: {_unexplain(exc.message or '')}", limit=limit
            )
        if code.endswith("Procedure.ProcedureNotFound"):
            return ConsoleResult(
                ConsoleStatus.REFUSED,
                message=f"{_first_line(exc.message)} The console runs only {', '.join(sorted(ALLOWED_PROCEDURES))}.",
                limit=limit,
            )
        if ".Security." in code:
            return ConsoleResult(
                ConsoleStatus.ERROR,
                message=f"{where} refused the console's login ({_first_line(exc.message)}): check "
                "CTGRAPH_CONSOLE_USER / CTGRAPH_CONSOLE_PASSWORD, or NEO4J_USER / NEO4J_PASSWORD.",
                limit=limit,
            )
        return ConsoleResult(ConsoleStatus.ERROR, message=f"The query failed: {_first_line(exc.message)}", limit=limit)
    except (ServiceUnavailable, SessionExpired, OSError):
        return ConsoleResult(
            ConsoleStatus.ERROR,
            message=f"Cannot reach {where}: start it (python tools/neo4j/server.py start) and run the query again.",
            limit=limit,
        )
    except (Neo4jError, DriverError) as exc:
        return ConsoleResult(ConsoleStatus.ERROR, message=f"The query failed: {type(exc).__name__}: {exc}", limit=limit)

    truncated = len(records) > limit
    rows: list[list[Any]] = records[:limit]
    if spent is not None:
        return _cut_short(spent, keys, rows, graph, limit, timeout_s, max_bytes, where)
    if not rows:
        return ConsoleResult(ConsoleStatus.EMPTY, keys, [], "The query matched nothing.", graph, limit)
    if truncated:
        return ConsoleResult(
            ConsoleStatus.TRUNCATED,
            keys,
            rows,
            f"Truncated: the first {limit:,} rows are shown (CTGRAPH_CONSOLE_ROW_LIMIT); "
            "add a LIMIT, ORDER BY or WHERE to see the rows you want.",
            graph,
            limit,
        )
    return ConsoleResult(ConsoleStatus.OK, keys, rows, "", graph, limit)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _cut_short(
    spent: str,
    keys: list[str],
    rows: list[list[Any]],
    graph: ResultGraph,
    limit: int,
    timeout_s: float,
    max_bytes: int,
    where: str,
) -> ConsoleResult:
    """The result of a transfer stopped by its byte or time budget: the rows that arrived whole."""
    if spent == "bytes":
        cause = f"the result is larger than {_megabytes(max_bytes)} (more than the console transfers)"
        fix = "return fewer or smaller values (a LIMIT, a slice such as list[0..100], size(list) instead of the list)"
    else:
        cause = f"the result took more than {timeout_s:g} s to arrive (CTGRAPH_CONSOLE_TIMEOUT_S)"
        fix = "return fewer or smaller values (a LIMIT, a WHERE, a slice such as list[0..100]) or raise the limit"
    if not rows:
        if spent == "time":
            return ConsoleResult(
                ConsoleStatus.TIMEOUT,
                keys,
                [],
                f"The console stopped the query after {timeout_s:g} s (CTGRAPH_CONSOLE_TIMEOUT_S): no row of the "
                f"result arrived whole from {where} in that time; {fix}.",
                graph,
                limit,
            )
        return ConsoleResult(
            ConsoleStatus.TRUNCATED,
            keys,
            [],
            f"Truncated: {cause}, and its first row alone is too large to show; {fix}.",
            graph,
            limit,
        )
    return ConsoleResult(
        ConsoleStatus.TRUNCATED,
        keys,
        rows,
        f"Truncated: {cause}; the first {len(rows):,} row(s) that arrived whole are shown. To see the rest, {fix}.",
        graph,
        limit,
    )
