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
- A store that goes away (Neo4j stopped, the network gone) gives one message;
  the failed connection is dropped (:func:`connect` opens a new one on the next
  rerun), so the app recovers by itself when the store returns. Any URI shown
  passes through :func:`graph.config.redact_uri`.
- Every question about coverage is asked as of the day the sidebar's year
  control says (:func:`as_of`; default today), the same ``as_of`` the CLI takes.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, TypeVar

import streamlit as st
from pydantic_settings import BaseSettings, SettingsConfigDict

from ctgraph.graph.answers import TipTier
from ctgraph.graph.config import Settings, load_settings, redact_uri
from ctgraph.graph.errors import CtgraphError, StoreUnavailable
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, language, parse_language, set_language
from ctgraph.graph.store import GraphStore
from ctgraph.ingest.bootstrap import open_user_store as open_store

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
    "skip_repl_check",
    "run_query",
    "prefetch",
    "derived",
    "query",
    "show_state",
    "describe_error",
    "reset",
    "redact",
    "store_label",
    "as_of",
    "as_of_control",
    "as_of_meaning",
    "LANG_KEY",
    "choose_language",
    "language_control",
    "URL_PARAMS",
    "restore_url",
    "recall",
    "remember",
    "link_context",
    "page_link",
    "names",
    "country_codes",
    "country_index",
    "tip_tiers",
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
    cache: OrderedDict[tuple[Any, ...], concurrent.futures.Future[Any]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: set when the store failed as unreachable: the next :func:`connect` opens a new one
    broken: bool = False


_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="ctgraph-query")
#: The data-version check never waits behind a long question.
_CHECKS = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="ctgraph-version")


_URI = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+")


def redact(text: str) -> str:
    """``text`` with every URI in it passed through :func:`graph.config.redact_uri`.

    Examples
    --------
    >>> redact("cannot reach Neo4j at neo4j+s://neo4j:s3cret@db.example.org:7687: start it")
    'cannot reach Neo4j at neo4j+s://***@db.example.org:7687: start it'
    """
    return _URI.sub(lambda m: redact_uri(m.group(0)), text)


def describe_error(exc: BaseException) -> str:
    """One line for a store failure: ctgraph's own message (which says how to
    fix it), or the driver's error followed by the usual fix; URIs redacted.

    Examples
    --------
    >>> describe_error(StoreUnavailable("Neo4j at bolt://x is not reachable; start it"))
    'Neo4j at bolt://x is not reachable; start it'
    >>> describe_error(OSError("connection refused")).startswith("The store failed: OSError: connection refused.")
    True
    """
    if isinstance(exc, CtgraphError):
        return redact(str(exc))
    return redact(f"The store failed: {type(exc).__name__}: {exc}. {STORE_FIX}")


def _unreachable(exc: BaseException) -> bool:
    """Does this failure mean the store is gone (so the connection is dropped)?"""
    return isinstance(exc, (StoreUnavailable, OSError, ConnectionError)) or type(exc).__module__.startswith("neo4j")


def _key(conn: Connection, question: str, fn: Callable[..., Any], args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The cache key of one question: its arguments bound to the store's signature
    (defaults filled in), so ``gaps()`` and ``gaps(below="regional")`` share an answer."""
    items: tuple[Any, ...]
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
        bound.apply_defaults()
        items = tuple((k, _hashable(v)) for k, v in bound.arguments.items())
    except (TypeError, ValueError):
        items = (args, tuple(sorted(kwargs.items())))
    return (conn.version, question, items)


def _hashable(value: Any) -> Any:
    """A cache-key form of an argument: lists, tuples, sets and dicts become tuples.

    Examples
    --------
    >>> _hashable({"b": [1, 2], "a": None})
    (('a', None), ('b', (1, 2)))
    """
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(_hashable(v) for v in value))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    if isinstance(value, Enum):
        return value.value
    return value


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
    a dict answer is one row. Answers are cached per connection and data
    version, and computed once: sessions asking the same question while it
    runs wait for that one computation. Errors become an ERROR result carrying
    one message that says how to fix it; nothing is raised. A failure that
    means the store is gone marks the connection broken (:func:`connect` then
    opens a new one).
    """
    limit = conn.settings.ctgraph_row_limit if limit is None else limit
    timeout_s = conn.settings.ctgraph_query_timeout_s if timeout_s is None else timeout_s
    fn: Callable[..., Any] = getattr(conn.store, question)
    key = _key(conn, question, fn, args, kwargs)
    with conn.lock:
        entry = conn.cache.get(key)
        if entry is None:
            entry = _POOL.submit(fn, *args, **kwargs)
            conn.cache[key] = entry
            while len(conn.cache) > CACHE_ENTRIES:
                conn.cache.popitem(last=False)
        else:
            conn.cache.move_to_end(key)
    try:
        answer = entry.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError:
        return QueryResult(
            Status.TIMEOUT,
            message=_("No answer from the {store} store within {seconds} s.", store=conn.store.name,
                      seconds=f"{timeout_s:g}"),
        )
    except Exception as exc:  # every store failure becomes one explicit message
        with conn.lock:
            if conn.cache.get(key) is entry:
                del conn.cache[key]  # never keep a failure: the next run asks again
        if _unreachable(exc):
            conn.broken = True
        return QueryResult(Status.ERROR, message=describe_error(exc))
    rows = answer if isinstance(answer, list) else [answer]
    if not rows:
        return QueryResult(Status.EMPTY)
    if len(rows) > limit:
        return QueryResult(Status.TRUNCATED, rows[:limit], len(rows))
    return QueryResult(Status.OK, list(rows), len(rows))


T = TypeVar("T")


def derived(conn: Connection, name: str, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """A rendering of answers (a table, a chart spec), made once per data version and
    ``key`` and shared by every session, like the answers themselves. ``key`` must
    name everything ``make`` depends on besides the data version."""
    full = (conn.version, "derived:" + name, language(), key)  # renderings hold words: one per language
    with conn.lock:
        entry = conn.cache.get(full)
        if entry is not None:
            conn.cache.move_to_end(full)
    if entry is not None and entry.done() and entry.exception() is None:
        return entry.result()  # type: ignore[no-any-return]
    value = make()
    done: concurrent.futures.Future[Any] = concurrent.futures.Future()
    done.set_result(value)
    with conn.lock:
        conn.cache[full] = done
        while len(conn.cache) > CACHE_ENTRIES:
            conn.cache.popitem(last=False)
    return value


def prefetch(conn: Connection, questions: Sequence[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> None:
    """Start computing answers the pages will ask for, without waiting (each is
    computed once; a page asking while it runs waits for the same computation)."""
    for question, args, kwargs in questions:
        fn: Callable[..., Any] = getattr(conn.store, question)
        key = _key(conn, question, fn, args, kwargs)
        with conn.lock:
            if key not in conn.cache:
                conn.cache[key] = _POOL.submit(fn, *args, **kwargs)


# --------------------------------------------------------------------------- Streamlit side


def _open(key: str) -> Connection:
    """Open the configured store; ``key`` identifies configuration and data for the cache."""
    return Connection(store=open_store(load_settings()), key=key, settings=DashboardSettings())


_open_cached = st.cache_resource(max_entries=2, show_spinner="Opening the graph store…")(_open)


#: How long the data-version check on every run may take before the store counts as gone.
VERSION_TIMEOUT_S = 10.0


def connect() -> Connection:
    """The cached connection for the current configuration.

    Raises :class:`graph.errors.CtgraphError` (or a driver error) when the
    store cannot be opened or does not answer; :func:`describe_error` turns it
    into one line. A connection that failed is dropped first, so a store that
    comes back is reconnected on the next rerun without restarting the app.
    """
    apply_secrets()
    key = store_key(load_settings())
    conn = _open_cached(key)
    if conn.broken:
        _open_cached.clear()
        conn = _open_cached(key)
    # Answers are cached per data version: a `ctgraph load` elsewhere shows on the next rerun.
    future = _CHECKS.submit(conn.store.version)
    try:
        version = future.result(timeout=VERSION_TIMEOUT_S)
    except concurrent.futures.TimeoutError:
        conn.broken = True
        raise StoreUnavailable(
            f"the {conn.store.name} store did not answer within {VERSION_TIMEOUT_S:g} s: "
            "check that it is running; this page reconnects when it answers again"
        ) from None
    except BaseException:
        conn.broken = True
        raise
    if version != conn.version:  # new data (or a new connection): start on what every page asks
        first = not conn.version
        conn.version = version
        prefetch(conn, warm_questions(date.today().isoformat()))
        if first:
            _POOL.submit(_warm_process)
    return conn


def skip_repl_check() -> None:
    """Spare the first page its share of Streamlit's one-time "are we in a REPL?" check
    (``inspect.stack()`` over every loaded module: up to a second on a busy machine).
    The check only decides whether to log a hint to use ``streamlit run``; the app
    is always run that way. A Streamlit without this flag is left as it is."""
    import streamlit.delta_generator as dg

    if hasattr(dg, "_use_warning_has_been_displayed"):
        dg._use_warning_has_been_displayed = True


def _warm_process() -> None:
    """Load, once per process and off the page's path, what the first drawing of a
    page would otherwise wait for: the capitals table of the maps and Streamlit's
    icon check (a large regular expression compiled on first use)."""
    from ctgraph.dashboard.geo import country_position

    country_position("FRA")
    try:
        from streamlit.string_util import validate_icon_or_emoji
    except ImportError:  # pragma: no cover - a Streamlit layout change: nothing to warm
        return
    validate_icon_or_emoji("ℹ️")


def warm_questions(as_of: str) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """The answers the pages open on, asked as soon as a data version is seen."""
    return [
        ("names", (), {}),
        ("stats", (), {}),
        ("nodes", ("Country",), {}),
        ("routes", (), {"as_of": as_of}),
        ("gaps", (), {"below": "regional", "as_of": as_of}),
        ("gaps", (), {"below": "negotiating", "as_of": as_of}),
        ("agreements", (), {"as_of": as_of}),
        ("nodes", ("Source",), {}),
        ("nodes", ("Place",), {}),
        ("nodes", ("Region",), {}),
        ("nodes", ("TipTier",), {}),
        ("measured", (), {"as_of": as_of}),
        ("cooperations", (), {"as_of": as_of}),
    ]


def store_label(conn: Connection) -> str:
    """Which store the app reads, for the sidebar (URI redacted).

    Examples
    --------
    >>> class S:
    ...     name = "neo4j"
    ...     uri = "bolt://db.example.org:7687"
    >>> store_label(Connection(store=S(), key="k", settings=DashboardSettings()))  # type: ignore[arg-type]
    'neo4j · bolt://db.example.org:7687'
    """
    uri = getattr(conn.store, "uri", None)
    return f"{conn.store.name} · {redact_uri(str(uri))}" if uri else conn.store.name


def reset() -> None:
    """Forget every open store and cached answer (the sidebar's reload button)."""
    _open_cached.clear()


def query(conn: Connection, question: str, *args: Any, limit: int | None = None, **kwargs: Any) -> QueryResult:
    """:func:`run_query` with a spinner while it runs."""
    with st.spinner(_("Querying the graph…")):
        return run_query(conn, question, *args, limit=limit, **kwargs)


def show_state(result: QueryResult, *, what: str, empty: str, narrow: str = "") -> bool:
    """Render the state of ``result``; True when there are rows to draw.

    - empty: an info box saying nothing matched and what to try;
    - truncated: a warning with how many rows are shown and how to narrow;
    - timeout / error: one message with the fix, no traceback.
    """
    from ctgraph.dashboard.tables import md_escape  # store messages may hold paths, URIs, <placeholders>

    if result.status is Status.ERROR:
        st.error(md_escape(redact(result.message)), icon="⚠️")
        return False
    if result.status is Status.TIMEOUT:
        st.warning(f"{md_escape(result.message)} {narrow}".strip(), icon="⏱️")
        return False
    if result.status is Status.EMPTY:
        st.info(empty, icon="ℹ️")
        return False
    if result.status is Status.TRUNCATED:
        head = result.message or _("Truncated: showing the first {n} of {total} {what}.", n=f"{len(result.rows):,}",
                                   total=f"{result.total:,}", what=_(what))
        st.warning(f"{head} {narrow}".strip(), icon="✂️")
    return True


# --------------------------------------------------------------------------- as of

#: Session key of the sidebar's "coverage as of" control.
AS_OF_KEY = "as-of"
TODAY = "today"

#: The first year the control offers (the data sets start in 2001-2003).
FIRST_YEAR = 2000


def as_of_options(today: date | None = None) -> list[str]:
    """The choices of the year control: today, then every year back to 2000.

    Examples
    --------
    >>> as_of_options(date(2003, 5, 1))
    ['today', '2003', '2002', '2001', '2000']
    """
    year = (today or date.today()).year
    return [TODAY, *(str(y) for y in range(year, FIRST_YEAR - 1, -1))]


def as_of() -> str:
    """The day every question is asked about: the end of the chosen year, or
    today (as an ISO date, so cached answers never outlive the day).

    Examples
    --------
    >>> len(as_of()) == 10  # outside Streamlit: today
    True
    """
    value = st.session_state.get(AS_OF_KEY, TODAY) if _in_streamlit() else TODAY
    return date.today().isoformat() if value in (TODAY, None) else str(value)


def as_of_words() -> str:
    """ "today" or "the end of 2010", for captions."""
    value = st.session_state.get(AS_OF_KEY, TODAY) if _in_streamlit() else TODAY
    return _("today") if value in (TODAY, None) else _("the end of {year}", year=value)


def as_of_meaning() -> str:
    """What as-of means on every page, worded once (:func:`graph.wording.as_of_sentence`):
    "Counts and tiers up to 2009; instruments as they stood at the end of 2009."."""
    from ctgraph.graph.analysis import as_of_date
    from ctgraph.graph.wording import as_of_sentence

    value = st.session_state.get(AS_OF_KEY, TODAY) if _in_streamlit() else TODAY
    asked = None if value in (TODAY, None) else str(value)
    return as_of_sentence(as_of_date(as_of()), asked)


def as_of_control() -> None:
    """The sidebar's year control; every page passes :func:`as_of` to the store.
    Its choice lives in the URL (``asof=2015``): a copied address opens the same year."""
    wanted = recall("asof")
    if AS_OF_KEY not in st.session_state and wanted in as_of_options():
        st.session_state[AS_OF_KEY] = wanted
    value = st.selectbox(
        _("Coverage as of"),
        as_of_options(),
        key=AS_OF_KEY,
        format_func=lambda v: _("today") if v == TODAY else _("end of {year}", year=v),
        help=_("Coverage, gaps, what binds each country and each instrument's status as they were on that day "
               "(the CLI's --as-of)."),
    )
    remember("asof", None if value in (TODAY, None) else str(value))


# --------------------------------------------------------------------------- language

#: What :func:`show_state` may count (``what=``), in the catalogue.
SHOWN_WHAT = (N_("briefs"), N_("cooperations"), N_("counterparts"), N_("counts"), N_("evidence items"), N_("gaps"),
              N_("instruments"), N_("onward connections"), N_("pairs"), N_("profiles"), N_("routes"), N_("sources"))

#: Session key of the sidebar's language control (the address holds it as ``lang=zh``).
LANG_KEY = "lang"
#: The control's label, in both languages (a reader of either finds it).
LANGUAGE_LABEL = "语言 · Language"


def choose_language() -> str:
    """Set the language of this run (:mod:`graph.i18n`): the sidebar's choice, else
    the address (``?lang=zh``) on a session's first run, else English. Call first,
    before anything is drawn."""
    value = st.session_state.get(LANG_KEY) if _in_streamlit() else None
    if value is None:
        value = recall("lang")
    try:
        code = parse_language(value) if value else DEFAULT_LANGUAGE
    except ValueError:  # a hand-edited address: English, never an error page
        code = DEFAULT_LANGUAGE
    set_language(code)
    return code


def language_control() -> None:
    """The sidebar's language choice; it lives in the address (``lang=zh``) so a copied
    link opens in the same language. Data (quotes, titles, names sources give) stay as written."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = choose_language()
    value = st.selectbox(LANGUAGE_LABEL, list(LANGUAGES), key=LANG_KEY, format_func=LANGUAGES.__getitem__)
    remember("lang", None if value == DEFAULT_LANGUAGE else str(value))


# --------------------------------------------------------------------------- the URL

#: What a view's address holds: the chosen country (or route endpoint), the route
#: (``CHN:FRA``), the as-of year and the routes page's filters. A copied address
#: opens the same view; the choices survive page changes (Streamlit clears the
#: address when the page changes: :func:`restore_url` writes it back) and reloads.
URL_PARAMS: tuple[str, ...] = ("country", "route", "asof", "dir", "form", "sort", "hops", "lang")

#: Session key of the choices the address holds.
_KEPT = "ctgraph-url"


def restore_url() -> dict[str, str]:
    """Keep the address and the session's choices in step; call once per run, before the page.

    The first run of a session takes its choices from the address (a shared link, a
    reload); later runs take any parameter the address holds (browser back and
    forward) and write the others back (a page change clears the address)."""
    kept: dict[str, str] | None = st.session_state.get(_KEPT)
    given = {k: str(st.query_params[k]) for k in URL_PARAMS if k in st.query_params}
    kept = dict(given) if kept is None else {**kept, **given}
    st.session_state[_KEPT] = kept
    for k, v in kept.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
    return kept


def recall(param: str) -> str | None:
    """The value the address (or this session) holds for ``param``, or None."""
    if not _in_streamlit():
        return None
    kept = st.session_state.get(_KEPT) or {}
    value = kept.get(param)
    if value is None and param in st.query_params:
        value = str(st.query_params[param])
    return value


def remember(param: str, value: str | None) -> None:
    """Put a choice in the address (None removes it)."""
    if not _in_streamlit():
        return
    kept = st.session_state.setdefault(_KEPT, {})
    if value is None:
        kept.pop(param, None)
        if param in st.query_params:
            del st.query_params[param]
    else:
        kept[param] = value
        if st.query_params.get(param) != value:
            st.query_params[param] = value


def link_context() -> tuple[str | None, str | None]:
    """What every link of this run carries: the as-of year and the language the
    address holds. A table of many links reads them once (:func:`page_link`'s ``kept``)."""
    return recall("asof"), recall("lang")


def page_link(page: str, text: str, *, kept: tuple[str | None, str | None] | None = None,
              **params: str | None) -> str:
    """A link (relative address) to ``page`` with ``params`` and the current as-of
    year, ending in ``#text`` so a table's link column shows ``text``
    (:data:`LINK_TEXT`). ``kept``: :func:`link_context`, read once for many links.

    Examples
    --------
    >>> page_link("country", "Côte d'Ivoire", country="CIV")
    "country?country=CIV#Côte d'Ivoire"
    >>> page_link("routes", "China → France", route="CHN:FRA", asof="2015")
    'routes?route=CHN%3AFRA&asof=2015#China → France'
    """
    from urllib.parse import urlencode

    year, lang = kept or link_context()
    query = {k: v for k, v in {**({"asof": year} if year else {}), **params}.items() if v}
    if "asof" in query:  # the as-of year last, as the address bar shows it
        query["asof"] = query.pop("asof")
    if lang and lang != DEFAULT_LANGUAGE:  # the language after it
        query["lang"] = lang
    return f"{page}?{urlencode(query)}#{text}"


#: The link column's ``display_text``: what follows ``#`` in :func:`page_link`'s address.
LINK_TEXT = r"#(.+)$"


def _in_streamlit() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - a Streamlit layout change
        return False
    return get_script_run_ctx(suppress_warning=True) is not None


# --------------------------------------------------------------------------- shared lookups

#: Row limit for lookups the views need whole (names, all pairs): not a display limit.
LOOKUP_LIMIT = 10**9


def names(conn: Connection) -> dict[str, str]:
    """The store's one display-name lookup (best effort: a failing lookup
    leaves names to :func:`graph.vocabulary.display_name`'s fallback; the
    page's own query shows the error)."""
    res = run_query(conn, "names", limit=LOOKUP_LIMIT)
    return dict(res.rows[0]) if res.usable else {}


def country_codes(conn: Connection, names: Mapping[str, str]) -> list[str]:
    """ISO codes of the countries in the graph, sorted by name (for pickers)."""
    res = run_query(conn, "nodes", "Country", limit=LOOKUP_LIMIT)
    return sorted((str(c["id"]) for c in res.rows), key=lambda c: (names.get(c, c).casefold(), c))


def country_index(wanted: str | None, codes: Sequence[str]) -> int | None:
    """Where a country the address names is among a picker's ``codes``: by code, or
    by any name the one name layer knows (``?country=UK``, ``Russia``, ``中国``); an
    ambiguous or unknown name picks nothing (the picker then asks).

    Examples
    --------
    >>> country_index("GBR", ["CHN", "GBR"]), country_index("UK", ["CHN", "GBR"]), country_index("中国", ["CHN"])
    (1, 1, 0)
    >>> country_index("Congo", ["COD", "COG"]), country_index("Atlantis", ["CHN"]), country_index(None, ["CHN"])
    (None, None, None)
    """
    from ctgraph.graph.names import country_codes_of

    if not wanted:
        return None
    if wanted in codes:
        return list(codes).index(wanted)
    found = country_codes_of(wanted)
    return list(codes).index(found[0]) if len(found) == 1 and found[0] in codes else None


def tiers_by_country(nodes: list[dict[str, Any]], year: int) -> dict[str, TipTier]:
    """US TIP tier of every country in one year, from the store's TipTier nodes
    (store-agnostic: ``store.nodes("TipTier")`` is the same on both stores).

    Examples
    --------
    >>> n = [{"id": "tiptier:chn-2013", "year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "country": "CHN"}]
    >>> tiers_by_country(n, 2013)["CHN"]["tier_label"], tiers_by_country(n, 2012)
    ('Tier 3', {})
    """
    out: dict[str, TipTier] = {}
    for t in nodes:
        if int(t.get("year", 0)) == year and t.get("country"):
            out[str(t["country"])] = {
                "year": year,
                "tier": str(t.get("tier", "")),
                "tier_label": str(t.get("tier_label", "")),
                "rank": int(t.get("rank", 0)),
                "evidence": [],
            }
    return out


def tip_tiers(conn: Connection) -> tuple[list[int], list[dict[str, Any]]]:
    """The years the TIP tiers cover (newest first) and the TipTier nodes."""
    res = run_query(conn, "nodes", "TipTier", limit=LOOKUP_LIMIT)
    rows = res.rows if res.usable else []
    years = sorted({int(t["year"]) for t in rows if t.get("year") is not None}, reverse=True)
    return years, rows
