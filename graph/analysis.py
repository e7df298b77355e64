"""Analytics over the embedded graph, networkx-style: functions of ``G``.

``G`` is a :class:`networkx.MultiDiGraph` whose nodes carry ``label`` and
``props`` and whose edges carry ``type`` and ``props`` (see
:mod:`graph.memory`). Every function returns plain JSON-ready data, in exactly
the shape of the CLI contract, so the Neo4j store can be checked against it.

Definitions (DESIGN.md):

- A *route* is a directed pair of endpoints (country, region or place) with
  every flow recorded between them; multi-hop routes chain routes end to start.
- *Coverage* of a pair is the strongest instrument binding both jurisdictions:
  ``bilateral > regional > multilateral > operational > negotiating > none``.
  A party binds a country when it is that country, a bloc the country is a
  member of, or an agency based in it. A place counts as its country.
- *Weight* of a gap = evidence items behind its flows + challenges reported for
  the pair + victims counted by statistical data sets (published cells only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.model import Coverage

__all__ = [
    "example_graph",
    "evidence_of",
    "jurisdiction",
    "route_pairs",
    "routes",
    "binds",
    "coverage",
    "gaps",
    "agreements",
    "cooperations",
    "country_profile",
    "stats",
    "search_evidence",
    "agreement_date",
    "EvidenceItem",
]

EvidenceItem = dict[str, Any]


def _props(G: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    return G.nodes[n]["props"]  # type: ignore[no-any-return]


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n]["label"]  # type: ignore[no-any-return]


def _out(G: nx.MultiDiGraph, n: str, rel: str) -> list[str]:
    # Same order as G.out_edges(n, data=True), without the edge-view overhead.
    return [v for v, keyed in G._succ[n].items() for d in keyed.values() if d["type"] == rel]


def _in(G: nx.MultiDiGraph, n: str, rel: str) -> list[str]:
    return [u for u, keyed in G._pred[n].items() for d in keyed.values() if d["type"] == rel]


def _nodes(G: nx.MultiDiGraph, label: str) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d["label"] == label)


def _sorted_evidence(items: Iterable[EvidenceItem]) -> list[EvidenceItem]:
    uniq = {(e["source"], e["locator"], e["quote"]): e for e in items}
    return [uniq[k] for k in sorted(uniq)]


def evidence_of(G: nx.MultiDiGraph, n: str) -> list[EvidenceItem]:
    """Evidence items of one fact, sorted by (source, locator, quote).

    Examples
    --------
    >>> G = example_graph()
    >>> evidence_of(G, "flow:chn-fra")[0]["locator"]
    'para 1'
    """
    items = [
        {"source": v, "quote": d["props"]["quote"], "locator": d["props"]["locator"]}
        for _, v, d in G.out_edges(n, data=True)
        if d["type"] == "EVIDENCE"
    ]
    return _sorted_evidence(items)


def jurisdiction(G: nx.MultiDiGraph, n: str) -> str:
    """The jurisdiction an endpoint belongs to: a place counts as its country.

    Examples
    --------
    >>> jurisdiction(example_graph(), "place:guangdong")
    'CHN'
    """
    if _label(G, n) == "Place":
        inside = _out(G, n, "IN")
        if inside:
            return inside[0]
    return n


# --------------------------------------------------------------------------- routes


def route_pairs(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[str]]:
    """Every directed endpoint pair with the ids of its flows.

    Examples
    --------
    >>> sorted(route_pairs(example_graph()))
    [('CHN', 'FRA'), ('COL', 'place:guangdong'), ('VNM', 'CHN')]
    """
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in _nodes(G, "Flow"):
        o, d = _out(G, f, "FROM"), _out(G, f, "TO")
        if o and d:
            pairs[(o[0], d[0])].append(f)
    return dict(pairs)


def _corroboration(G: nx.MultiDiGraph, flows: list[str]) -> list[dict[str, Any]]:
    """Statistics behind a pair: per data set, published victims (an "at least"
    figure), suppressed cells, first/last year and a per-year breakdown, from
    dataset flows' props ``dataset, victims_count, suppressed_cells, year_first,
    year_last, years, year_victims, year_suppressed``."""
    by_ds: dict[str, dict[str, Any]] = {}
    for f in flows:
        p = _props(G, f)
        ds = p.get("dataset")
        if not ds:
            continue
        cur = by_ds.setdefault(
            ds,
            {"dataset": ds, "victims": 0, "suppressed_cells": 0, "years": [None, None], "by_year": {}},
        )
        cur["victims"] += int(p.get("victims_count", 0))
        cur["suppressed_cells"] += int(p.get("suppressed_cells", 0))
        for y, v, sup in zip(p.get("years", []), p.get("year_victims", []), p.get("year_suppressed", [])):
            row = cur["by_year"].setdefault(y, {"year": y, "victims": 0, "suppressed_cells": 0})
            row["victims"] += int(v)
            row["suppressed_cells"] += int(sup)
        first, last = p.get("year_first"), p.get("year_last")
        if first is not None:
            cur["years"][0] = first if cur["years"][0] is None else min(cur["years"][0], first)
        if last is not None:
            cur["years"][1] = last if cur["years"][1] is None else max(cur["years"][1], last)
    for cur in by_ds.values():
        cur["by_year"] = [cur["by_year"][y] for y in sorted(cur["by_year"])]
    return [by_ds[k] for k in sorted(by_ds)]


def _edge_summary(G: nx.MultiDiGraph, flows: list[str]) -> dict[str, Any]:
    expl: set[str] = set()
    vict: set[str] = set()
    ev: list[EvidenceItem] = []
    for f in flows:
        p = _props(G, f)
        expl.update(p.get("exploitation", []))
        vict.update(p.get("victims", []))
        ev.extend(evidence_of(G, f))
    return {
        "exploitation": sorted(expl),
        "victims": sorted(vict),
        "evidence": _sorted_evidence(ev),
    }


def _matches(G: nx.MultiDiGraph, endpoint: str, wanted: str | None) -> bool:
    return wanted is None or endpoint == wanted or jurisdiction(G, endpoint) == wanted


def routes(
    G: nx.MultiDiGraph,
    origin: str | None = None,
    destination: str | None = None,
    exploitation: str | None = None,
    max_hops: int = 1,
) -> list[dict[str, Any]]:
    """Where do victims move? Routes of 1..max_hops flows, with their evidence.

    ``origin``/``destination`` match an endpoint id or the country a place is
    in. A multi-hop route chains flows whose destination is the next flow's
    origin (no endpoint visited twice); its corroboration is left to its hops.

    Examples
    --------
    >>> G = example_graph()
    >>> [(r["source"], r["destination"]) for r in routes(G, origin="CHN")]
    [('CHN', 'FRA')]
    >>> [r["hops"] for r in routes(G, origin="VNM", max_hops=2)]
    [['VNM', 'CHN'], ['VNM', 'CHN', 'FRA']]
    >>> routes(G, destination="CHN")[0]["source"]
    'COL'
    """
    pairs = route_pairs(G)
    summary = {k: _edge_summary(G, v) for k, v in pairs.items()}
    out: list[dict[str, Any]] = []
    if max_hops <= 1:
        for (o, d), flows in pairs.items():
            s = summary[(o, d)]
            if not (_matches(G, o, origin) and _matches(G, d, destination)):
                continue
            if exploitation and exploitation not in s["exploitation"]:
                continue
            out.append(
                {
                    "source": o,
                    "destination": d,
                    "exploitation": s["exploitation"],
                    "victims": s["victims"],
                    "hops": [o, d],
                    "evidence": s["evidence"],
                    "corroboration": _corroboration(G, flows),
                }
            )
    else:
        nxt: dict[str, list[str]] = defaultdict(list)
        for o, d in pairs:
            if o != d:
                nxt[o].append(d)
        starts = sorted({o for o, _ in pairs if _matches(G, o, origin)})
        for start in starts:
            stack: list[list[str]] = [[start]]
            while stack:
                path = stack.pop()
                if len(path) > 1:
                    last = path[-1]
                    keep = _matches(G, last, destination)
                    hops = list(zip(path, path[1:]))
                    expl = sorted({e for h in hops for e in summary[h]["exploitation"]})
                    if keep and (not exploitation or exploitation in expl):
                        out.append(
                            {
                                "source": path[0],
                                "destination": last,
                                "exploitation": expl,
                                "victims": sorted({v for h in hops for v in summary[h]["victims"]}),
                                "hops": path,
                                "evidence": _sorted_evidence(
                                    e for h in hops for e in summary[h]["evidence"]
                                ),
                                "corroboration": _corroboration(G, pairs[hops[0]])
                                if len(hops) == 1
                                else [],
                            }
                        )
                if len(path) - 1 < max_hops:
                    for d in nxt.get(path[-1], []):
                        if d not in path:
                            stack.append(path + [d])
    out.sort(key=lambda r: (len(r["hops"]), r["source"], r["destination"], r["hops"]))
    return out


# --------------------------------------------------------------------------- coverage


def _country_of_agency(G: nx.MultiDiGraph, n: str) -> str | None:
    based = _out(G, n, "BASED_IN")
    return based[0] if based else None


def binds(G: nx.MultiDiGraph, instrument: str, j: str) -> bool:
    """Does an agreement or cooperation bind jurisdiction ``j``?

    Examples
    --------
    >>> G = example_graph()
    >>> binds(G, "agreement:mekong", "VNM"), binds(G, "agreement:mekong", "FRA")
    (True, False)
    """
    for p in _out(G, instrument, "PARTY"):
        if p == j:
            return True
        lbl = _label(G, p)
        if lbl == "Region" and j in _in(G, p, "MEMBER_OF"):
            return True
        if lbl == "Agency" and _country_of_agency(G, p) == j:
            return True
    return False


def _level(G: nx.MultiDiGraph, instrument: str) -> Coverage:
    p = _props(G, instrument)
    if _label(G, instrument) == "Cooperation":
        return Coverage.OPERATIONAL
    if p.get("status") == "signed":
        return Coverage(p["kind"])
    return Coverage.NEGOTIATING


def _bound(G: nx.MultiDiGraph, instrument: str) -> frozenset[str]:
    """Every jurisdiction (or endpoint id) an instrument binds, as :func:`binds` decides it."""
    out: set[str] = set()
    for p in _out(G, instrument, "PARTY"):
        out.add(p)
        lbl = _label(G, p)
        if lbl == "Region":
            out.update(_in(G, p, "MEMBER_OF"))
        elif lbl == "Agency":
            c = _country_of_agency(G, p)
            if c is not None:
                out.add(c)
    return frozenset(out)


def coverage(
    G: nx.MultiDiGraph,
    a: str,
    b: str,
    instruments: list[str] | None = None,
    bound: dict[str, frozenset[str]] | None = None,
) -> tuple[Coverage, list[dict[str, str]]]:
    """Strongest instrument binding both jurisdictions, and every binding instrument.

    Examples
    --------
    >>> G = example_graph()
    >>> coverage(G, "VNM", "CHN")[0].value
    'regional'
    >>> coverage(G, "CHN", "FRA")[0].value
    'none'

    ``bound`` (instrument -> jurisdictions it binds, from :func:`_bound`) lets
    callers that ask about many pairs compute the binding sets once.
    """
    found: list[dict[str, str]] = []
    best = Coverage.NONE
    if instruments is None:
        instruments = _nodes(G, "Agreement") + _nodes(G, "Cooperation")
    if bound is None:
        bound = {i: _bound(G, i) for i in instruments}
    for i in instruments:
        if a in bound[i] and b in bound[i]:
            lvl = _level(G, i)
            found.append({"id": i, "title": _props(G, i).get("title", i), "level": lvl.value})
            if lvl.rank > best.rank:
                best = lvl
    found.sort(key=lambda x: (-Coverage(x["level"]).rank, x["id"]))
    return best, found


def _challenge_index(G: nx.MultiDiGraph) -> list[tuple[str, set[str]]]:
    return [
        (c, {jurisdiction(G, t) for t in _out(G, c, "CONCERNS")}) for c in _nodes(G, "Challenge")
    ]


def gaps(
    G: nx.MultiDiGraph, country: str | None = None, below: Coverage | str = Coverage.REGIONAL
) -> list[dict[str, Any]]:
    """Which documented flows have coverage below ``below``, heaviest evidence first?

    Examples
    --------
    >>> G = example_graph()
    >>> [(g["source"], g["destination"], g["coverage"]) for g in gaps(G)]
    [('CHN', 'FRA', 'none'), ('COL', 'place:guangdong', 'none')]
    >>> [g["destination"] for g in gaps(G, below="bilateral")]
    ['FRA', 'place:guangdong', 'CHN']
    """
    threshold = Coverage(below)
    out: list[dict[str, Any]] = []
    instruments = _nodes(G, "Agreement") + _nodes(G, "Cooperation")
    bound = {i: _bound(G, i) for i in instruments}
    challenge_index = _challenge_index(G)
    for (o, d), flows in route_pairs(G).items():
        a, b = jurisdiction(G, o), jurisdiction(G, d)
        if a == b:
            continue
        if country is not None and country not in (a, b, o, d):
            continue
        level, binding = coverage(G, a, b, instruments, bound)
        if level.rank >= threshold.rank:
            continue
        ev: list[EvidenceItem] = []
        for f in flows:
            ev.extend(evidence_of(G, f))
        flow_ev = _sorted_evidence(ev)
        challenges = [c for c, js in challenge_index if a in js and b in js]
        for c in challenges:
            ev.extend(evidence_of(G, c))
        victims = sum(int(_props(G, f).get("victims_count", 0)) for f in flows)
        out.append(
            {
                "source": o,
                "destination": d,
                "coverage": level.value,
                "instruments": binding,
                "weight": len(flow_ev) + len(challenges) + victims,
                "evidence": _sorted_evidence(ev),
            }
        )
    out.sort(key=lambda g: (-g["weight"], g["source"], g["destination"]))
    return out


# --------------------------------------------------------------------------- profiles


def agreement_date(p: dict[str, Any]) -> str | None:
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


def agreements(G: nx.MultiDiGraph, country: str | None = None) -> list[dict[str, Any]]:
    """Which agreements exist (binding ``country``, if given), with parties and status?

    Examples
    --------
    >>> [a["id"] for a in agreements(example_graph(), country="THA")]
    ['agreement:mekong']
    """
    out = []
    for a in _nodes(G, "Agreement"):
        if country is not None and not binds(G, a, country):
            continue
        p = _props(G, a)
        out.append(
            {
                "id": a,
                "title": p.get("title"),
                "kind": p.get("kind"),
                "status": p.get("status"),
                "parties": sorted(_out(G, a, "PARTY")),
                "date": agreement_date(p),
                "evidence": evidence_of(G, a),
            }
        )
    return out


def cooperations(G: nx.MultiDiGraph, country: str | None = None) -> list[dict[str, Any]]:
    """Which operational cooperations exist (binding ``country``, if given)?"""
    out = []
    for c in _nodes(G, "Cooperation"):
        if country is not None and not binds(G, c, country):
            continue
        p = _props(G, c)
        out.append(
            {
                "id": c,
                "title": p.get("title"),
                "kind": p.get("kind"),
                "parties": sorted(_out(G, c, "PARTY")),
                "date": p.get("date"),
                "outcomes": list(p.get("outcomes", [])),
                "evidence": evidence_of(G, c),
            }
        )
    return out


def _in_country(G: nx.MultiDiGraph, target: str, iso3: str) -> bool:
    return target == iso3 or jurisdiction(G, target) == iso3


def country_profile(G: nx.MultiDiGraph, iso3: str) -> dict[str, Any]:
    """What does the graph hold about one country?

    Examples
    --------
    >>> p = country_profile(example_graph(), "CHN")
    >>> [r["destination"] for r in p["flows_out"]], [r["source"] for r in p["flows_in"]]
    (['FRA'], ['COL', 'VNM'])
    """
    name = _props(G, iso3).get("name", iso3) if iso3 in G else iso3
    agencies = [a for a in _nodes(G, "Agency") if _country_of_agency(G, a) == iso3]
    experts = []
    for e in _nodes(G, "Expert"):
        at = _out(G, e, "WORKS_FOR")
        if iso3 in _out(G, e, "BASED_IN") or any(a in agencies for a in at):
            experts.append(e)
    return {
        "iso3": iso3,
        "name": name,
        "flows_out": routes(G, origin=iso3),
        "flows_in": routes(G, destination=iso3),
        "agreements": agreements(G, country=iso3),
        "agencies": [
            {
                "id": a,
                "name": _props(G, a).get("name"),
                "acronym": _props(G, a).get("acronym"),
                "kind": _props(G, a).get("kind"),
                "role": _props(G, a).get("role"),
                "evidence": evidence_of(G, a),
            }
            for a in agencies
        ],
        "experts": [
            {
                "id": e,
                "name": _props(G, e).get("name"),
                "title": _props(G, e).get("title"),
                "role": _props(G, e).get("role"),
                "agency": _props(G, e).get("agency"),
                "contact_note": _props(G, e).get("contact_note"),
                "evidence": evidence_of(G, e),
            }
            for e in experts
        ],
        "challenges": [
            {
                "id": c,
                "description": _props(G, c).get("description"),
                "concerns": sorted(_out(G, c, "CONCERNS")),
                "evidence": evidence_of(G, c),
            }
            for c in _nodes(G, "Challenge")
            if any(_in_country(G, t, iso3) for t in _out(G, c, "CONCERNS"))
        ],
        "statistics": [
            {
                "id": s,
                "counts": _props(G, s).get("counts"),
                "value": _props(G, s).get("value"),
                "unit": _props(G, s).get("unit"),
                "year": _props(G, s).get("year"),
                "evidence": evidence_of(G, s),
            }
            for s in _nodes(G, "Statistic")
            if any(_in_country(G, t, iso3) for t in _out(G, s, "ABOUT"))
        ],
    }


def stats(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
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


def search_evidence(G: nx.MultiDiGraph, text: str, limit: int = 200) -> list[dict[str, Any]]:
    """Which evidence quotes or data rows contain ``text`` (case-insensitive)?

    Returns items ``{"fact", "label", "source", "quote", "locator"}`` sorted
    by (source, locator, fact), at most ``limit``.

    Examples
    --------
    >>> [e["fact"] for e in search_evidence(example_graph(), "FRANCE")]
    ['flow:chn-fra']

    Case is folded with ``str.lower`` (Unicode lower-case mapping), exactly
    what Cypher's ``toLower`` does, so both stores agree: "Straße" matches
    "STRAẞE" and "straße" but not "strasse" (``casefold`` would).

    >>> "strasse" in "Straße".lower(), "straße" in "STRAẞE".lower()
    (False, True)
    """
    needle = text.lower()
    out = []
    for u, v, d in G.edges(data=True):
        if d["type"] != "EVIDENCE":
            continue
        q = d["props"]["quote"]
        if needle in q.lower() or needle in d["props"]["locator"].lower():
            out.append(
                {
                    "fact": u,
                    "label": _label(G, u),
                    "source": v,
                    "quote": q,
                    "locator": d["props"]["locator"],
                }
            )
    out.sort(key=lambda e: (e["source"], e["locator"], e["fact"], e["quote"]))
    return out[:limit]


# --------------------------------------------------------------------------- example


def example_graph() -> nx.MultiDiGraph:
    """The tiny graph the examples in this module run on."""
    from graph.batch import GraphBatch, NodeRecord, RelRecord
    from graph.memory import graph_from_batches

    s = "source:doc"
    nodes = [
        NodeRecord("Source", s, {"title": "Doc", "kind": "report", "publisher": "X"}),
        *[NodeRecord("Country", c, {"iso3": c, "name": c}) for c in ("CHN", "FRA", "VNM", "COL", "THA")],
        NodeRecord("Region", "region:mekong", {"name": "Mekong", "kind": "bloc"}),
        NodeRecord("Place", "place:guangdong", {"name": "Guangdong", "kind": "province", "country": "CHN"}),
        NodeRecord("Flow", "flow:chn-fra", {"victims": ["women"], "exploitation": ["sexual_exploitation"], "scope": "cross_border"}),
        NodeRecord("Flow", "flow:vnm-chn", {"victims": ["women"], "exploitation": ["forced_marriage"], "scope": "cross_border"}),
        NodeRecord("Flow", "flow:col-gd", {"victims": [], "exploitation": [], "scope": "cross_border"}),
        NodeRecord("Agreement", "agreement:mekong", {"title": "Mekong MOU", "kind": "regional", "status": "signed", "date": "2014"}),
    ]
    rels = [
        RelRecord("FROM", "flow:chn-fra", "CHN"), RelRecord("TO", "flow:chn-fra", "FRA"),
        RelRecord("FROM", "flow:vnm-chn", "VNM"), RelRecord("TO", "flow:vnm-chn", "CHN"),
        RelRecord("FROM", "flow:col-gd", "COL"), RelRecord("TO", "flow:col-gd", "place:guangdong"),
        RelRecord("IN", "place:guangdong", "CHN"),
        RelRecord("PARTY", "agreement:mekong", "CHN"), RelRecord("PARTY", "agreement:mekong", "region:mekong"),
        *[RelRecord("MEMBER_OF", c, "region:mekong", "", {"source": s}) for c in ("CHN", "VNM", "THA")],
        RelRecord("EVIDENCE", "flow:chn-fra", s, "0", {"quote": "women heading to France", "locator": "para 1"}),
        RelRecord("EVIDENCE", "flow:vnm-chn", s, "0", {"quote": "brides from Vietnam", "locator": "para 2"}),
        RelRecord("EVIDENCE", "flow:col-gd", s, "0", {"quote": "entrants from Colombia", "locator": "para 3"}),
        RelRecord("EVIDENCE", "agreement:mekong", s, "0", {"quote": "signed a MOU", "locator": "para 4"}),
    ]
    return graph_from_batches([GraphBatch("example", nodes, rels)])
