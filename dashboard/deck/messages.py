"""Key messages: the three to five findings a deck opens with, each with its figure and source.

Every message reads one answer the deck already holds (:class:`~dashboard.deck.collect.Briefing`)
and says it in a sentence: the first route of the answer (routes come ranked,
victims counted first), the coverage of the first ten, the gaps and the first
of them, the next instrument's first counterpart, a route's coverage. Figures
are the answers' own, data sets side by side and never added, so a headline
is the same number ``ctgraph country X --json`` gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ctgraph.dashboard.deck.cells import Labels, at_least, coverage_words, figures_text, in_sentence, short_title
from ctgraph.dashboard.deck.collect import Briefing
from ctgraph.graph.answers import Evidence, Gap, Instrument, Route
from ctgraph.graph.figures import figure_key
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.vocabulary import INTERNAL

__all__ = ["KeyMessage", "key_messages", "TOP_ROUTES"]

#: How many of the heaviest routes the coverage message counts.
TOP_ROUTES = 10


@dataclass(frozen=True)
class KeyMessage:
    """One finding: the sentence with its figure, where the figure comes from,
    the quotes behind it (for the notes) and the figures themselves (for checks)."""

    text: str
    source: str
    evidence: Sequence[Evidence] = ()
    figures: Mapping[str, int] = field(default_factory=dict)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _sources(b: Briefing, ids: Iterable[str], most: int = 3) -> str:
    seen = list(dict.fromkeys(b.labels.source(s) for s in ids))
    if not seen:
        return "the graph's documented facts"
    more = f" and {len(seen) - most} more (see the notes)" if len(seen) > most else ""
    return "; ".join(seen[:most]) + more


def _route_sources(b: Briefing, r: Route | Gap) -> str:
    counted = sorted(r["corroboration"], key=lambda c: -c["victims"])  # in the order the figures are given
    return _sources(b, [c["dataset"] for c in counted] + [e["source"] for e in r["evidence"]])


def _magnitude(r: Route | Gap, labels: Labels, threshold: int) -> str:
    if r["weight"]["victims"]:
        return figures_text(r["corroboration"], labels, threshold)
    return _plural(r["weight"]["evidence"], "evidence passage")


def _figures(r: Route | Gap, prefix: str = "") -> dict[str, int]:
    out = {f"{prefix}victims:{':'.join(figure_key(c))}": c["victims"] for c in r["corroboration"]}
    out[f"{prefix}evidence"] = r["weight"]["evidence"]
    return out


def _endpoint_message(b: Briefing, r: Route, direction: str, threshold: int) -> KeyMessage | None:
    if not (r["weight"]["victims"] or r["weight"]["evidence"]):
        return None
    counted = "counted" if r["weight"]["victims"] else "documented"
    subject = b.labels.name(b.scope.ids[0])
    if direction == "destination":
        text = (f"Most {counted} destination of victims from {subject}: {b.labels.name(r['destination'])} "
                f"({_magnitude(r, b.labels, threshold)})")
    else:
        text = (f"Most {counted} origin of victims detected in {subject}: {b.labels.name(r['source'])} "
                f"({_magnitude(r, b.labels, threshold)})")
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, direction + ":"))


def _instrument_evidence(b: Briefing, instruments: Iterable[Instrument]) -> list[Evidence]:
    """The quotes that prove the instruments (from the agreements and cooperations answers)."""
    ev = {a["id"]: a["evidence"] for a in [*b.agreements, *b.cooperations]}
    seen: dict[tuple[str, str, str], Evidence] = {}
    for i in instruments:
        for e in ev.get(i["id"], []):
            seen.setdefault((e["source"], e["locator"], e["quote"]), e)
    return list(seen.values())


def _instrument_sources(b: Briefing, instruments: Iterable[Instrument]) -> list[str]:
    return [e["source"] for e in _instrument_evidence(b, instruments)]


def _coverage_phrase(level: str, routes: Sequence[Route]) -> str:
    titles = sorted({short_title(i["title"]) for r in routes for i in r["instruments"] if i["level"] == level})
    if level == "none":
        return "by no instrument"
    if level == "multilateral":
        return f"only by the {titles[0]}" if len(titles) == 1 else "only by multilateral conventions"
    if level == "operational":
        return "only by operational cooperation"
    if level == "negotiating":
        return "only by an instrument under negotiation"
    named = f" ({', '.join(titles[:2])}{', …' if len(titles) > 2 else ''})" if titles else ""
    return f"by a {level} instrument{named}"


def _coverage_message(b: Briefing) -> KeyMessage | None:
    top = [r for r in b.routes if not r["internal"]][:TOP_ROUTES]
    if not top:
        return None
    by_level: dict[str, list[Route]] = {}
    for r in top:
        by_level.setdefault(r["coverage"], []).append(r)
    strength = [c.value for c in reversed(COVERAGE_ORDER)]
    order = sorted(by_level, key=lambda lvl: (-len(by_level[lvl]), strength.index(lvl)))
    first = order[0]
    n = len(by_level[first])
    whole = f"the top {len(top)} routes" if len(top) == TOP_ROUTES else f"the {_plural(len(top), 'route')}"
    verb = "is" if n == 1 else "are"
    text = f"{n} of {whole} by magnitude {verb} covered {_coverage_phrase(first, by_level[first])}"
    rest = [f"{len(by_level[lvl])} {_coverage_phrase(lvl, by_level[lvl])}" for lvl in order[1:]]
    if rest:
        text += "; " + ", ".join(rest)
    text += f" (as of {b.as_of})"
    if len(top) == 1:
        text = text.replace("1 of the 1 route by magnitude is", "The one route is")
    figures = {f"top_routes:{lvl}": len(rs) for lvl, rs in by_level.items()}
    figures["top_routes"] = len(top)
    inst = [i for r in top for i in r["instruments"] if i["level"] == r["coverage"]]
    return KeyMessage(text, _sources(b, _instrument_sources(b, inst)), _instrument_evidence(b, inst), figures)


def _gap_message(b: Briefing, threshold: int) -> KeyMessage | None:
    if not b.gaps:
        return None
    g = b.gaps[0]
    counts: dict[str, int] = {}
    for x in b.gaps:
        counts[x["coverage"]] = counts.get(x["coverage"], 0) + 1
    split = ", ".join(f"{counts[lvl]:,} {coverage_words(lvl) if lvl != 'none' else 'with no instrument'}"
                      for lvl in [c.value for c in reversed(COVERAGE_ORDER)] if lvl in counts)
    a, d = b.labels.name(g["source"]), b.labels.name(g["destination"])
    if g["coverage"] == "none":
        largest = f"no instrument binds {a} and {d}, the largest ({_magnitude(g, b.labels, threshold)})"
    else:
        binds = "; ".join(short_title(i["title"]) for i in g["instruments"] if i["level"] == g["coverage"])
        largest = (f"the largest, {a} → {d} ({_magnitude(g, b.labels, threshold)}), is bound only by the "
                   f"{binds} ({g['coverage']})")
    text = f"{_plural(len(b.gaps), 'cooperation gap')} below regional coverage ({split}); {largest}"
    figures = {"gaps": len(b.gaps), **{f"gaps:{k}": v for k, v in counts.items()}, **_figures(g, "largest_gap:")}
    return KeyMessage(text, _route_sources(b, g), g["evidence"], figures)


def _next_message(b: Briefing, threshold: int) -> KeyMessage | None:
    if not b.next_instruments:
        return None
    n = b.next_instruments[0]
    w = n["weight"]
    if not (w["victims"] or w["evidence"]):
        return None
    figure = (f"{at_least(w['victims'], threshold)} victims counted by one data set"
              if w["victims"] else _plural(w["evidence"], "evidence passage"))
    text = (f"Next bilateral instrument: {b.labels.name(n['counterpart'])}, where one would cover the most "
            f"({figure} in {_plural(len(n['pairs']), 'uncovered flow')})")
    src = _sources(b, [c["dataset"] for g in n["pairs"] for c in g["corroboration"]]
                   + [e["source"] for g in n["pairs"] for e in g["evidence"]])
    ev = [e for g in n["pairs"] for e in g["evidence"]]
    return KeyMessage(text, src, ev, {"next:victims": w["victims"], "next:evidence": w["evidence"],
                                      "next:pairs": len(n["pairs"])})


def _tier_message(b: Briefing) -> KeyMessage | None:
    if not b.tip_tiers:
        return None
    last = b.tip_tiers[-1]
    text = f"US TIP report: {b.labels.name(b.scope.ids[0])} ranked {last['tier_label']} in {last['year']} (context, not coverage)"
    return KeyMessage(text, _sources(b, [e["source"] for e in last["evidence"]]), last["evidence"],
                      {"tier_year": last["year"], "tier_rank": last["rank"]})


def _top_route_message(b: Briefing, threshold: int) -> KeyMessage | None:
    cross = [r for r in b.routes if not r["internal"]]
    if not cross or not (cross[0]["weight"]["victims"] or cross[0]["weight"]["evidence"]):
        return None
    r = cross[0]
    counted = "counted" if r["weight"]["victims"] else "documented"
    text = f"Most {counted} route: {' → '.join(b.labels.name(h) for h in r['hops'])} ({_magnitude(r, b.labels, threshold)})"
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"))


def _route_coverage_message(b: Briefing) -> KeyMessage:
    text = f"As of {b.as_of}: {in_sentence(b.explanation, b.instruments)}"
    text = text if b.coverage != INTERNAL else f"As of {b.as_of}: both ends lie in one jurisdiction (internal flow)"
    if b.coverage in ("none", "multilateral", "operational", "negotiating"):
        text += " This is a cooperation gap (below regional)."
    return KeyMessage(text, _sources(b, _instrument_sources(b, b.instruments)), _instrument_evidence(b, b.instruments),
                      {"instruments": len(b.instruments)})


def _route_figures_message(b: Briefing, threshold: int) -> KeyMessage | None:
    direct = [r for r in b.routes if len(r["hops"]) == 2]
    if not direct:
        return None
    r = direct[0]
    if r["weight"]["victims"]:
        text = f"Victims counted on this route, data sets side by side: {figures_text(r['corroboration'], b.labels, threshold)}"
    else:
        ev = {(e["source"], e["locator"]) for x in b.routes for e in x["evidence"]}
        text = f"{_plural(len(ev), 'evidence passage')} document this route; no data set counts it"
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"))


def _contacts_message(b: Briefing) -> KeyMessage | None:
    agencies = b.agencies + b.counterpart_agencies
    experts = b.experts + b.counterpart_experts
    if not (agencies or experts):
        return None
    noted = sum(1 for e in experts if e["contact_note"])
    detail = (f"the sources give contact details for {noted}" if noted
              else "the sources give no contact details")
    where = "on both sides" if b.scope.kind == "route" else "to contact"
    text = f"{_plural(len(experts), 'named expert')} and {_plural(len(agencies), 'agency', 'agencies')} {where}; {detail}"
    return KeyMessage(text, _sources(b, [e["source"] for x in [*agencies, *experts] for e in x["evidence"]]), [],
                      {"experts": len(experts), "agencies": len(agencies)})


def _count_message(b: Briefing) -> KeyMessage:
    if b.scope.kind == "country":
        iso3 = b.scope.ids[0]
        n_out = sum(1 for r in b.routes if b.labels.place_country.get(r["source"], r["source"]) == iso3)
        text = (f"{_plural(n_out, 'documented flow')} out of {b.labels.name(iso3)} and "
                f"{_plural(len(b.routes) - n_out, 'flow')} into it; "
                f"{_plural(len(b.agreements), 'instrument')} bind it as of {b.as_of}")
        figures = {"flows_out": n_out, "flows_in": len(b.routes) - n_out, "agreements": len(b.agreements)}
    else:
        text = (f"{_plural(len(b.routes), 'documented route')}; "
                f"{_plural(len(b.agreements), 'instrument')} recorded as of {b.as_of}")
        figures = {"routes": len(b.routes), "agreements": len(b.agreements)}
    return KeyMessage(text, _sources(b, [e["source"] for r in b.routes for e in r["evidence"]]), [], figures)


def key_messages(b: Briefing, threshold: int = 5, most: int = 5) -> list[KeyMessage]:
    """The three to five findings of the deck's scope, most telling first."""
    found: list[KeyMessage | None]
    if b.scope.kind == "country":
        iso3 = b.scope.ids[0]
        out = [r for r in b.routes if b.labels.place_country.get(r["source"], r["source"]) == iso3]
        into = [r for r in b.routes if b.labels.place_country.get(r["destination"], r["destination"]) == iso3]
        found = [
            _endpoint_message(b, out[0], "destination", threshold) if out else None,
            _endpoint_message(b, into[0], "origin", threshold) if into else None,
            _coverage_message(b),
            _gap_message(b, threshold),
            _next_message(b, threshold),
            _tier_message(b),
            _contacts_message(b),
        ]
    elif b.scope.kind == "route":
        found = [_route_coverage_message(b), _route_figures_message(b, threshold), _contacts_message(b)]
    else:
        found = [_top_route_message(b, threshold), _coverage_message(b), _gap_message(b, threshold),
                 _contacts_message(b)]
    messages = [m for m in found if m is not None][:most]
    if len(messages) < 3:
        messages.append(_count_message(b))
    return messages
