"""Store access for the dashboard: one cached connection, bounded queries, explicit states.

- Configuration: the environment first, then Streamlit secrets (a ``[ctgraph]``
  table in ``.streamlit/secrets.toml``, copied into the environment only where
  a variable is not already set), then ``graph.config.Settings`` as the CLI
  reads it. Nothing connects at import time.
- The store is built once per configuration (``st.cache_resource``) and shared
  by every session; answers are cached per data version (the store's
  ``version()``, read on every run), so a ``ctgraph load`` in another terminal
  shows up on the next rerun and an answer is computed once per version.
- Every question goes through :func:`run_query`: a timeout, a row limit and a
  :class:`QueryResult` whose ``status`` is ok, empty, truncated, timeout or
  error. Views render that status with :func:`show_state`; none of them is ever
  a blank page or a traceback.
"""

from __future__ import annotations

import concurrent.futures
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import streamlit as st
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.config import Settings, load_settings
from graph.errors import CtgraphError
from graph.store import GraphStore
from ingest.bootstrap import open_user_store as open_store

__all__ = [
    "SECRET_KEYS",
    "DashboardSettings",
    "Status",
    "QueryResult",
    "Connection",
    "secrets_to_env",
    "apply_secrets",
    "store_key",
    "connect",
    "run_query",
    "query",
    "show_state",
    "describe_error",
    "reset",
    "STORE_FIX",
]

#: Settings that may come from Streamlit secrets (``[ctgraph]`` table).
SECRET_KEYS: tuple[str, ...] = (
    "NEO4J_URI",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
    "NEO4J_DATABASE",
    "NEO4J_TIMEOUT_S",
    "CTGRAPH_HOME",
    "CTGRAPH_STORE",
    "CTGRAPH_NODE_CAP",
    "CTGRAPH_ROW_LIMIT",
    "CTGRAPH_QUERY_TIMEOUT_S",
    *("CTGRAPH_CONSOLE", "CTGRAPH_CONSOLE_ROW_LIMIT", "CTGRAPH_CONSOLE_TIMEOUT_S", "CTGRAPH_CONSOLE_USER", "CTGRAPH_CONSOLE_PASSWORD", "CTGRAPH_REQUIRE_LOGIN", "CTGRAPH_LOGIN_PROVIDER", "CTGRAPH_LOGIN_ALLOW"),  # console, login
)

#: How to fix a store that cannot be used, appended to errors that do not say it.
STORE_FIX = (
    "Check NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (environment or the [ctgraph] table "
    "of .streamlit/secrets.toml) and that the server is running, or unset NEO4J_URI "
    "to use the embedded store."
)


class DashboardSettings(BaseSettings):
    """Limits of the dashboard; each field is read from the variable of the same name."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    ctgraph_node_cap: int = 2000
    ctgraph_row_limit: int = 2000
    ctgraph_query_timeout_s: float = 30.0


def secrets_to_env(secrets: Mapping[str, Any], environ: MutableMapping[str, str]) -> list[str]:
    """Copy the ``[ctgraph]`` table of Streamlit secrets into ``environ``
    where a variable is not set already (the environment wins). Returns the
    names copied. Keys are matched case-insensitively; unknown keys are ignored.

    Examples
    --------
    >>> env = {"NEO4J_USER": "from-env"}
    >>> secrets_to_env({"ctgraph": {"neo4j_uri": "bolt://db:7687", "neo4j_user": "x", "junk": 1}}, env)
    ['NEO4J_URI']
    >>> env
    {'NEO4J_USER': 'from-env', 'NEO4J_URI': 'bolt://db:7687'}
    """
    table: Mapping[str, Any] = {}
    for k, v in secrets.items():
        if k.casefold() == "ctgraph" and isinstance(v, Mapping):
            table = v
    copied = []
    for k, v in table.items():
        name = k.upper()
        if name in SECRET_KEYS and name not in environ and isinstance(v, (str, int, float)):
            environ[name] = str(v)
            copied.append(name)
    return copied


def apply_secrets() -> list[str]:
    """Apply Streamlit secrets (if any file exists) to ``os.environ``."""
    try:
        data = st.secrets.to_dict()
    except Exception:  # no secrets file, or an unreadable one: nothing to apply
        return []
    return secrets_to_env(data, os.environ)


def store_key(settings: Settings) -> str:
    """Identity of the configured store (the data version is checked on every run)."""
    kind = settings.store_kind()
    if kind == "neo4j":
        return f"neo4j|{settings.neo4j_uri}|{settings.neo4j_user}|{settings.neo4j_database}"
    return f"memory|{settings.home()}"


class Status(str, Enum):
    """What a query gave: rows, nothing, too many rows, no answer in time, a failure."""

    OK = "ok"
    EMPTY = "empty"
    TRUNCATED = "truncated"
    TIMEOUT = "timeout"
    ERROR = "error"


@dataclass(frozen=True)
class QueryResult:
    """Rows of one question (at most the row limit) and how it went."""

    status: Status
    rows: list[Any] = field(default_factory=list)
    total: int = 0
    message: str = ""

    @property
    def usable(self) -> bool:
        """Are there rows to show (all of them, or the first ``len(rows)``)?"""
        return self.status in (Status.OK, Status.TRUNCATED)


#: Answers kept per connection (least recently used dropped first).
CACHE_ENTRIES = 256


@dataclass
class Connection:
    """An open store, the key it was opened under and its recent answers."""

    store: GraphStore
    key: str
    settings: DashboardSettings
    version: str = ""
    cache: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="ctgraph-query")


def describe_error(exc: BaseException) -> str:
    """One line for a store failure: ctgraph's own message (which says how to
    fix it), or the driver's error followed by the usual fix.

    Examples
    --------
    >>> from graph.errors import StoreUnavailable
    >>> describe_error(StoreUnavailable("Neo4j at bolt://x is not reachable; start it"))
    'Neo4j at bolt://x is not reachable; start it'
    >>> describe_error(OSError("connection refused")).startswith("The store failed: OSError: connection refused.")
    True
    """
    if isinstance(exc, CtgraphError):
        return str(exc)
    return f"The store failed: {type(exc).__name__}: {exc}. {STORE_FIX}"


def run_query(
    conn: Connection,
    question: str,
    *args: Any,
    limit: int | None = None,
    timeout_s: float | None = None,
    **kwargs: Any,
) -> QueryResult:
    """Ask ``conn.store.<question>(*args, **kwargs)`` with a timeout and a row limit.

    A list answer longer than ``limit`` is cut to ``limit`` rows (TRUNCATED);
    a dict answer is one row. Answers are cached per connection (the key
    changes whenever the data does). Errors become an ERROR result carrying
    one message that says how to fix it; nothing is raised.
    """
    limit = conn.settings.ctgraph_row_limit if limit is None else limit
    timeout_s = conn.settings.ctgraph_query_timeout_s if timeout_s is None else timeout_s
    key = (conn.version, question, args, tuple(sorted(kwargs.items())))
    with conn.lock:
        cached = conn.cache.get(key)
        if cached is not None:
            conn.cache.move_to_end(key)
    if cached is None:
        fn: Callable[..., Any] = getattr(conn.store, question)
        future = _POOL.submit(fn, *args, **kwargs)
        try:
            cached = future.result(timeout=timeout_s)
        except concurrent.futures.TimeoutError:
            return QueryResult(
                Status.TIMEOUT,
                message=f"No answer from the {conn.store.name} store within {timeout_s:g} s.",
            )
        except Exception as exc:  # every store failure becomes one explicit message
            return QueryResult(Status.ERROR, message=describe_error(exc))
        with conn.lock:
            conn.cache[key] = cached
            while len(conn.cache) > CACHE_ENTRIES:
                conn.cache.popitem(last=False)
    rows = cached if isinstance(cached, list) else [cached]
    if not rows:
        return QueryResult(Status.EMPTY)
    if len(rows) > limit:
        return QueryResult(Status.TRUNCATED, rows[:limit], len(rows))
    return QueryResult(Status.OK, list(rows), len(rows))


# --------------------------------------------------------------------------- Streamlit side


def _open(key: str) -> Connection:
    """Open the configured store; ``key`` identifies configuration and data for the cache."""
    return Connection(store=open_store(load_settings()), key=key, settings=DashboardSettings())


_open_cached = st.cache_resource(max_entries=2, show_spinner="Opening the graph store…")(_open)


def connect() -> Connection:
    """The cached connection for the current configuration.

    Raises :class:`graph.errors.CtgraphError` (or a driver error) when the
    store cannot be opened; :func:`describe_error` turns it into one line.
    """
    apply_secrets()
    conn = _open_cached(store_key(load_settings()))
    # Answers are cached per data version: a `ctgraph load` elsewhere shows on the next rerun.
    conn.version = conn.store.version()
    return conn


def reset() -> None:
    """Forget every open store and cached answer (the sidebar's reload button)."""
    _open_cached.clear()


def query(conn: Connection, question: str, *args: Any, limit: int | None = None, **kwargs: Any) -> QueryResult:
    """:func:`run_query` with a spinner while it runs."""
    with st.spinner("Querying the graph…"):
        return run_query(conn, question, *args, limit=limit, **kwargs)


def show_state(result: QueryResult, *, what: str, empty: str, narrow: str = "") -> bool:
    """Render the state of ``result``; True when there are rows to draw.

    - empty: an info box saying nothing matched and what to try;
    - truncated: a warning with how many rows are shown and how to narrow;
    - timeout / error: one message with the fix, no traceback.
    """
    from dashboard.tables import md_escape  # store messages may hold paths, URIs, <placeholders>

    if result.status is Status.ERROR:
        st.error(md_escape(result.message), icon="⚠️")
        return False
    if result.status is Status.TIMEOUT:
        st.warning(f"{md_escape(result.message)} {narrow}".strip(), icon="⏱️")
        return False
    if result.status is Status.EMPTY:
        st.info(empty, icon="ℹ️")
        return False
    if result.status is Status.TRUNCATED:
        head = result.message or f"Truncated: showing the first {len(result.rows):,} of {result.total:,} {what}."
        st.warning(f"{head} {narrow}".strip(), icon="✂️")
    return True


# --------------------------------------------------------------------------- shared lookups

#: Row limit for lookups the views need whole (names, all pairs): not a display limit.
LOOKUP_LIMIT = 10**9


def endpoint_names(conn: Connection) -> dict[str, str]:
    """id -> display name of countries, regions, places and agencies (best effort:
    a failing lookup leaves ids as they are; the page's own query shows the error)."""
    out: dict[str, str] = {}
    for label in ("Country", "Region", "Place", "Agency"):
        res = run_query(conn, "nodes", label, limit=LOOKUP_LIMIT)
        if res.usable:
            out.update({str(n["id"]): str(n.get("name") or n["id"]) for n in res.rows})
    return out


def pair_coverages(conn: Connection) -> tuple[dict[tuple[str, str], str], QueryResult]:
    """Coverage of every documented pair (as each route states it), and the
    result to show if the question failed."""
    routes = run_query(conn, "routes", limit=LOOKUP_LIMIT)
    if not routes.usable:
        return {}, routes
    return {(r["source"], r["destination"]): r["coverage"] for r in routes.rows}, routes


def country_codes(conn: Connection, names: Mapping[str, str]) -> list[str]:
    """ISO codes of the countries in the graph, sorted by name (for pickers)."""
    res = run_query(conn, "nodes", "Country", limit=LOOKUP_LIMIT)
    return sorted((str(c["id"]) for c in res.rows), key=lambda c: (names.get(c, c).casefold(), c))
