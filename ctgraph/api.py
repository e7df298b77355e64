"""The Python API: ``import ctgraph; g = ctgraph.open()``, then ask the graph.

:func:`open` opens the same store the ``ctgraph`` command uses (the embedded
one in ``CTGRAPH_HOME``, seeded with the seed report on its first use; Neo4j
when ``NEO4J_URI`` is set or a ``bolt://``/``neo4j://`` URI is given) and
returns a :class:`Graph`. Each of its methods answers one question the CLI
answers, with the typed answers of :mod:`ctgraph.graph.answers` (the JSON the
CLI prints is these answers). Arguments are checked before the store is asked:

- a country, region or place is a code, an id or a name in any of the forms
  :mod:`ctgraph.graph.names` knows ("UK", "Russia", "Ivory Coast", "中国");
  an unknown one raises :class:`~ctgraph.graph.errors.UnknownEntity` naming
  close names, an ambiguous one ("Congo", "Korea")
  :class:`~ctgraph.graph.errors.AmbiguousName` naming the candidates;
- a coverage level, exploitation form, sort key, date or count outside what a
  question takes raises :class:`~ctgraph.graph.errors.InvalidArgument` (a
  :class:`ValueError`) saying what it takes.

Examples
--------
>>> import ctgraph
>>> g = ctgraph.open(":memory:")  # the seed report, in memory only (CTGRAPH_HOME untouched)
>>> g.country("UK")["name"], g.resolve("Ivory Coast"), g.resolve("中国")
('United Kingdom', 'CIV', 'CHN')
>>> {r["destination"] for r in g.routes("China", "France")}
{'FRA'}
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ctgraph.graph.errors import InvalidArgument

if TYPE_CHECKING:  # pragma: no cover - `import ctgraph` loads none of these
    from ctgraph.graph.answers import (
        Agreement,
        Cooperation,
        CountryProfile,
        Evidence,
        Gap,
        Measured,
        NextInstrument,
        Onward,
        Research,
        Route,
        RouteBrief,
        SearchHit,
        Stats,
    )
    from ctgraph.graph.config import StoreKind
    from ctgraph.graph.model import Coverage
    from ctgraph.graph.store import AsOf, GraphStore

__all__ = ["Graph", "open", "MEMORY"]

#: The ``uri`` of an embedded store that lives in memory only (seeded, never written to disk).
MEMORY = ":memory:"

_NEO4J_URI = re.compile(r"^(bolt|neo4j)(\+s|\+ssc)?://", re.IGNORECASE)


def open(  # ctgraph.open, as shelve.open or dbm.open
    uri: str | None = None,
    *,
    home: str | os.PathLike[str] | None = None,
    store: StoreKind | None = None,
    include_drafts: bool = False,
    notify: Callable[[str], None] | None = None,
) -> Graph:
    """Open the graph the ``ctgraph`` command uses.

    Parameters
    ----------
    uri : str, optional
        ``None``: as the CLI decides (``CTGRAPH_STORE``, else Neo4j when
        ``NEO4J_URI`` is set, else the embedded store). A ``bolt://``,
        ``neo4j://`` or ``neo4j+s://`` URI: that Neo4j server (user and
        password from ``NEO4J_USER`` and ``NEO4J_PASSWORD``, never in the
        URI). ``":memory:"``: an embedded store in memory only, seeded.
    home : path, optional
        The embedded store's data folder (default: ``CTGRAPH_HOME``, else
        ``~/.local/share/ctgraph``). Naming a folder asks for the embedded
        store, even where ``NEO4J_URI`` is set.
    store : {"memory", "neo4j"}, optional
        The CLI's ``--store``.
    include_drafts : bool
        Include draft facts (marked as drafts), as ``ctgraph --drafts``.
    notify : callable, optional
        Told what a first run does ("loading the seed report ...").

    Returns
    -------
    Graph

    Examples
    --------
    >>> import ctgraph
    >>> g = ctgraph.open(":memory:")
    >>> g.stats()["nodes"]["Country"] > 10
    True
    >>> ctgraph.open("http://example.org")
    Traceback (most recent call last):
    ...
    ctgraph.graph.errors.InvalidArgument: uri 'http://example.org': use a bolt://, neo4j:// or neo4j+s:// URI, ':memory:', or None for the store the CLI uses
    """
    from ctgraph.graph.config import load_settings
    from ctgraph.ingest.bootstrap import open_user_store, seed_if_new

    tell = notify or (lambda _message: None)
    values: dict[str, Any] = {}
    if home is not None:
        values["ctgraph_home"] = os.fspath(home)
    if uri is None or uri == MEMORY:
        kind = store or ("memory" if home is not None else None)  # a data folder is the embedded store's
    elif _NEO4J_URI.match(uri):
        values["neo4j_uri"] = uri
        kind = "neo4j"
    else:
        raise InvalidArgument(
            f"uri {uri!r}: use a bolt://, neo4j:// or neo4j+s:// URI, ':memory:', "
            "or None for the store the CLI uses"
        )
    settings = load_settings(**values)
    if uri == MEMORY:
        from ctgraph.graph.memory import MemoryStore

        opened: GraphStore = MemoryStore(home=None, keep_answers=settings.ctgraph_keep_answers)
        seed_if_new(opened, tell)
    else:
        opened = open_user_store(settings, kind, notify=tell)
    if include_drafts:
        opened.include_drafts = True  # type: ignore[attr-defined]
    return Graph(opened)


# --------------------------------------------------------------------------- argument checks


def _level(below: Coverage | str) -> Coverage:
    from ctgraph.graph.model import Coverage

    try:
        return Coverage(below)
    except ValueError:
        levels = ", ".join(c.value for c in Coverage)
        raise InvalidArgument(f"below={below!r} is not a coverage level; use one of {levels}") from None


def _form(exploitation: str | None) -> str | None:
    from ctgraph.graph.vocabulary import EXPLOITATION_FORMS, exploitation_value

    if exploitation is None:
        return None
    value = exploitation_value(exploitation)
    if value is None:
        words = ", ".join(f'"{w}"' for w in EXPLOITATION_FORMS.values())
        raise InvalidArgument(f"exploitation={exploitation!r} is not a known form; use one of {words}")
    return value


def _choice(name: str, value: str, allowed: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``allowed``, else one InvalidArgument naming them."""
    if value not in allowed:
        raise InvalidArgument(f"{name}={value!r} is not {what}; use one of {', '.join(allowed)}")
    return value


def _sort(sort: str) -> str:
    from ctgraph.graph.analysis import SORT_KEYS

    return _choice("sort", sort, SORT_KEYS, "a ranking")


def _day(as_of: AsOf) -> AsOf:
    from ctgraph.graph.analysis import as_of_date

    try:
        as_of_date(as_of)
    except (ValueError, TypeError):
        raise InvalidArgument(
            f"as_of={as_of!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2009 or 2010-03-10)"
        ) from None
    return as_of


def _count(name: str, value: int | None, most: int | None = None, least: int = 1) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < least or (most is not None and value > most):
        span = f" from {least} to {most}" if most is not None else f" {least} or more" if least else ", 0 or more"
        raise InvalidArgument(f"{name}={value!r} is not a count; use a whole number{span}")
    return value


def _offset(value: int) -> int:
    return _count("offset", value, least=0) or 0


def _evidence(value: str) -> str:
    from ctgraph.graph.analysis import EVIDENCE_MODES

    return _choice("evidence", value, EVIDENCE_MODES, "an evidence mode")


class Graph:
    """A counter-trafficking case-flow graph, asked in names (see :func:`open`).

    Every method resolves names and checks its arguments first, then asks the
    store; both stores answer alike (:mod:`ctgraph.graph.questions`).

    Examples
    --------
    >>> import ctgraph
    >>> g = ctgraph.open(":memory:")
    >>> g.gaps(country="Thailand", top=2)[0]["coverage"] in ("none", "negotiating", "operational", "multilateral")
    True
    >>> "bilateral" in {a["kind"] for a in g.agreements("Viet Nam")}
    True
    >>> g.country("Atlantis")
    Traceback (most recent call last):
    ...
    ctgraph.graph.errors.UnknownEntity: unknown country 'Atlantis'; did you mean Albania (ALB), Åland Islands (ALA), Australia (AUS)?
    >>> g.country("Congo")
    Traceback (most recent call last):
    ...
    ctgraph.graph.errors.AmbiguousName: 'Congo' may mean Congo (COG) or Congo, The Democratic Republic of the (COD); give the code or the full name
    >>> g.gaps(below="strong")
    Traceback (most recent call last):
    ...
    ctgraph.graph.errors.InvalidArgument: below='strong' is not a coverage level; use one of none, negotiating, operational, multilateral, regional, bilateral
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def __repr__(self) -> str:
        return f"<ctgraph.Graph on the {self.store.name} store>"

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()

    # ------------------------------------------------------------------ names

    def resolve(self, name: str) -> str:
        """The id of a country (code or name, :mod:`ctgraph.graph.names`), region or place."""
        from ctgraph.graph.names import resolve

        return resolve(self.store, name)

    def resolve_country(self, name: str) -> str:
        """The ISO 3166-1 alpha-3 code of a country given by code or name."""
        from ctgraph.graph.names import country_code_of

        return country_code_of(name)

    def route_ends(self, route: str) -> tuple[str, str]:
        """``ORIGIN:DESTINATION`` as two ids; either side may itself hold ':' (``region:europe``).

        Examples
        --------
        >>> import ctgraph
        >>> ctgraph.open(":memory:").route_ends("China:UK")
        ('CHN', 'GBR')
        """
        from ctgraph.graph.errors import UnknownEntity

        first: UnknownEntity | None = None
        for i, ch in enumerate(route):
            if ch == ":":
                try:
                    return self.resolve(route[:i]), self.resolve(route[i + 1 :])
                except UnknownEntity as exc:
                    first = first or exc
        if first is None:
            raise InvalidArgument(f"route {route!r}: expected ORIGIN:DESTINATION, e.g. CHN:FRA")
        raise first

    def names(self) -> dict[str, str]:
        """Display name of every named node, by id."""
        return self.store.names()

    # ------------------------------------------------------------------ questions

    def stats(self) -> Stats:
        """How many nodes and relationships of each kind the store holds (``ctgraph stats``)."""
        return self.store.stats()

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        *,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Route]:
        """Where do victims move? Routes as the sources state them, heaviest first (``ctgraph routes``).

        Parameters
        ----------
        origin, destination : str, optional
            A country (code or name), region or place.
        exploitation : str, optional
            A form as stored or as tables print it ("forced labour").
        max_hops : int
            Chains the sources link, up to this many legs (1 to 4).
        as_of : str or date, optional
            Coverage as of YYYY, YYYY-MM or YYYY-MM-DD (default: today).
        sort : {"victims", "evidence", "name"}
        top : int, optional
            Only the first ``top`` (after ``offset``).
        offset : int
            Skip this many first (paging: ``offset=50, top=50`` is the second page).
        evidence : {"all", "count"}
            Each item's evidence list (``"all"``), or only ``evidence_count``
            (``"count"``: the ``evidence`` key is left out; much less to make for
            a whole list). ``evidence_count`` is always there.

        Examples
        --------
        >>> import ctgraph
        >>> g = ctgraph.open(":memory:")
        >>> all("forced_labour" in r["exploitation"] for r in g.routes(exploitation="Forced labour"))
        True
        >>> g.routes(top=2, offset=1) == g.routes(top=3)[1:]
        True
        """
        o = self.resolve(origin) if origin else None
        d = self.resolve(destination) if destination else None
        return self.store.routes(
            o, d, _form(exploitation), _count("max_hops", max_hops, 4) or 1, _day(as_of), _sort(sort),
            _count("top", top), _offset(offset), _evidence(evidence),
        )

    def iter_routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        *,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Route]:
        """:meth:`routes`, one by one in rank order, each made as it is handed out
        (``ctgraph routes --jsonl``: the whole list written as it comes)."""
        o = self.resolve(origin) if origin else None
        d = self.resolve(destination) if destination else None
        return self.store.iter_routes(
            o, d, _form(exploitation), _count("max_hops", max_hops, 4) or 1, _day(as_of), _sort(sort),
            _evidence(evidence),
        )

    def onward(
        self,
        origin: str | None = None,
        destination: str | None = None,
        *,
        exploitation: str | None = None,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
    ) -> list[Onward]:
        """Which flows merely meet in a country: onward connections, NOT evidenced routes (``--onward``)."""
        o = self.resolve(origin) if origin else None
        d = self.resolve(destination) if destination else None
        return self.store.onward(o, d, _form(exploitation), _day(as_of), _sort(sort), _count("top", top))

    def gaps(
        self,
        country: str | None = None,
        *,
        below: Coverage | str = "regional",
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Gap]:
        """Which documented flows does no (or only a weak) instrument cover? Heaviest first (``ctgraph gaps``).

        Parameters
        ----------
        country : str, optional
            Only pairs involving this country (code or name).
        below : str
            The coverage level a gap is below: none, negotiating, operational,
            multilateral, regional (default) or bilateral.
        as_of, sort, top, offset, evidence
            As in :meth:`routes`.

        Examples
        --------
        >>> import ctgraph
        >>> g = ctgraph.open(":memory:")
        >>> len(g.gaps(top=3)), {x["coverage"] for x in g.gaps(below="operational")} <= {"none", "negotiating"}
        (3, True)
        """
        code = self.resolve(country) if country else None
        return self.store.gaps(
            code, _level(below), _day(as_of), _sort(sort), _count("top", top), _offset(offset), _evidence(evidence)
        )

    def iter_gaps(
        self,
        country: str | None = None,
        *,
        below: Coverage | str = "regional",
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Gap]:
        """:meth:`gaps`, one by one in rank order, each made as it is handed out
        (``ctgraph gaps --jsonl``: the whole list written as it comes)."""
        code = self.resolve(country) if country else None
        return self.store.iter_gaps(code, _level(below), _day(as_of), _sort(sort), _evidence(evidence))

    def agreements(self, country: str | None = None, *, as_of: AsOf = None) -> list[Agreement]:
        """Which agreements and MOUs exist, binding ``country`` on the day if given (``ctgraph agreements``)."""
        code = self.resolve(country) if country else None
        return self.store.agreements(code, _day(as_of))

    def measured(self, *, as_of: AsOf = None) -> Measured:
        """What a gap list is measured against: the instruments loaded and binding on the day, by kind
        (the sentence under ``ctgraph gaps``: :func:`ctgraph.graph.vocabulary.measured_sentence`)."""
        return self.store.measured(_day(as_of))

    def research(self, country: str) -> list[Research]:
        """What was searched for instruments binding ``country`` (the seed's research logs), and what came of it."""
        from ctgraph.ingest.research import research_for

        return research_for(self.resolve_country(country))

    def cooperations(self, country: str | None = None, *, as_of: AsOf = None) -> list[Cooperation]:
        """Which operational cooperations (joint investigations, liaison ...) exist, binding ``country`` if given."""
        code = self.resolve(country) if country else None
        return self.store.cooperations(code, _day(as_of))

    def country(self, name: str, *, as_of: AsOf = None) -> CountryProfile:
        """Profile of one country: flows, agreements, agencies, experts, challenges, statistics (``ctgraph country``).

        Examples
        --------
        >>> import ctgraph
        >>> p = ctgraph.open(":memory:").country("中国")
        >>> p["iso3"], p["name"], bool(p["flows_out"])
        ('CHN', 'China', True)
        """
        return self.store.country(self.resolve_country(name), _day(as_of))

    def contacts(self, origin: str, destination: str, *, as_of: AsOf = None) -> RouteBrief:
        """Whom to call about origin -> destination: agencies and named experts on both sides (``ctgraph contacts``)."""
        return self.store.brief(self.resolve(origin), self.resolve(destination), _day(as_of))

    def next_instrument(self, country: str, *, as_of: AsOf = None, top: int | None = None) -> list[NextInstrument]:
        """Which counterpart would one new bilateral instrument cover most for ``country``? (``ctgraph next-instrument``)."""
        return self.store.next_instrument(self.resolve_country(country), _day(as_of), _count("top", top))

    def evidence(self, ids: list[str]) -> dict[str, list[Evidence]]:
        """The evidence (source, quote, locator) of these facts, by id."""
        return self.store.evidence(ids)

    def search_evidence(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Which quotes or data rows contain ``text``?"""
        return self.store.search_evidence(text, _count("limit", limit) or 200)
