"""Key messages: the three to five findings a deck opens with, each with its figure and source.

Every message reads one answer the deck already holds (:class:`~dashboard.deck.collect.Briefing`)
and says one finding in at most :data:`MAX_WORDS` words, without brackets inside brackets; what
qualifies it (a data set's labels, the instruments named, the other levels) is the message's
``detail``, which the notes carry beside the tables: the first route of the answer (routes come ranked,
victims counted first), the coverage of the first ten, the gaps and the first
of them, the next instrument's first counterpart, a route's coverage. Figures
are the answers' own, data sets side by side and never added, so a headline
is the same number ``ctgraph country X --json`` gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ctgraph.dashboard.deck.cells import (
    SHORT_TITLES,
    Labels,
    at_least,
    brief_figures,
    coverage_words,
    figures_text,
    in_sentence,
    short_title,
)
from ctgraph.dashboard.deck.collect import Briefing
from ctgraph.graph.answers import Evidence, Gap, Instrument, Route
from ctgraph.graph.figures import figure_key
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.vocabulary import INTERNAL
from ctgraph.graph.wording import nobody_named, sides_without_contacts

__all__ = ["KeyMessage", "key_messages", "TOP_ROUTES", "MAX_WORDS", "words", "nested_brackets"]

#: How many of the heaviest routes the coverage message counts.
TOP_ROUTES = 10
#: Most words a key message has: one finding a listener takes in at once.
MAX_WORDS = 25


def words(text: str) -> int:
    """How many words a message has (anything between spaces: "1,686" and "→" count).

    Examples
    --------
    >>> words("Most counted route: Albania → United Kingdom (GLOTIP 2010–2022: 10,985)")
    10
    """
    return len(text.split())


def nested_brackets(text: str) -> bool:
    """Whether a bracket opens inside another one.

    Examples
    --------
    >>> nested_brackets("a (b; c) (d)"), nested_brackets("a (b (c))")
    (False, True)
    """
    depth = 0
    for ch in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if depth > 1:
            return True
    return False


def _within(*variants: str) -> str:
    """The first wording that keeps to :data:`MAX_WORDS` (the last, shortest, otherwise)."""
    return next((v for v in variants if words(v) <= MAX_WORDS), variants[-1])


@dataclass(frozen=True)
class KeyMessage:
    """One finding: the sentence with its figure, where the figure comes from,
    the quotes behind it (for the notes) and the figures themselves (for checks)."""

    text: str
    source: str
    evidence: Sequence[Evidence] = ()
    figures: Mapping[str, int] = field(default_factory=dict)
    #: what qualifies the finding (labels, instruments, other levels): for the notes, not the slide
    detail: str = ""


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
    if r["corroboration"]:  # a count of suppressed cells only reads "<5", never as 0 or as no count
        return brief_figures(r["corroboration"], labels, threshold)
    return _plural(r["weight"]["evidence"], "evidence passage")


def _figures_detail(r: Route | Gap, labels: Labels, threshold: int) -> str:
    """The figures with their own labels and suppressed cells (for the notes)."""
    shown = figures_text(r["corroboration"], labels, threshold)
    return f"Data sets side by side, never added: {shown}." if shown else ""


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
        head = f"Most {counted} destination of victims from {subject}: {b.labels.name(r['destination'])}"
    else:
        head = f"Most {counted} origin of victims detected in {subject}: {b.labels.name(r['source'])}"
    text = _within(f"{head} ({_magnitude(r, b.labels, threshold)})", head)
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, direction + ":"),
                      _figures_detail(r, b.labels, threshold))


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
    return f"by a {level} instrument"


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
    text = f"As of {b.as_of}, {n} of {whole} by magnitude {verb} covered {_coverage_phrase(first, by_level[first])}"
    if len(top) == 1:
        text = text.replace("1 of the 1 route by magnitude is", "the one route is")
    rest = [f"{len(by_level[lvl])} {_coverage_phrase(lvl, by_level[lvl])}" for lvl in order[1:]]
    for i in range(len(rest), 0, -1):  # the other levels as far as the message keeps to its length
        longer = f"{text}; {', '.join(rest[:i])}"
        if words(longer) <= MAX_WORDS:
            text = longer
            break
    named = {lvl: sorted({short_title(i["title"]) for r in by_level[lvl] for i in r["instruments"]
                          if i["level"] == lvl}) for lvl in order}
    # "No instrument", not "None": a capitalised level must never read like a missing value
    detail = " ".join(f"{'No instrument' if lvl == 'none' else coverage_words(lvl).capitalize()}: "
                      f"{len(by_level[lvl])} route(s)"
                      + (f" ({'; '.join(named[lvl])})." if named[lvl] else ".") for lvl in order)
    figures = {f"top_routes:{lvl}": len(rs) for lvl, rs in by_level.items()}
    figures["top_routes"] = len(top)
    inst = [i for r in top for i in r["instruments"] if i["level"] == r["coverage"]]
    return KeyMessage(text, _sources(b, _instrument_sources(b, inst)), _instrument_evidence(b, inst), figures,
                      f"Coverage of the top routes as of {b.as_of}. {detail}")


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
        binding = f"No instrument binds {a} and {d}."
    else:
        binds = "; ".join(short_title(i["title"]) for i in g["instruments"] if i["level"] == g["coverage"])
        binding = f"{a} → {d} is bound only by the {binds} ({g['coverage']})."
    head = f"{_plural(len(b.gaps), 'cooperation gap')} below regional coverage as of {b.as_of}; the largest: {a} → {d}"
    text = _within(f"{head} ({_magnitude(g, b.labels, threshold)})", head)
    figures = {"gaps": len(b.gaps), **{f"gaps:{k}": v for k, v in counts.items()}, **_figures(g, "largest_gap:")}
    detail = f"Gaps by coverage: {split}. {binding} {_figures_detail(g, b.labels, threshold)}".strip()
    return KeyMessage(text, _route_sources(b, g), g["evidence"], figures, detail)


def _next_message(b: Briefing, threshold: int) -> KeyMessage | None:
    if not b.next_instruments:
        return None
    n = b.next_instruments[0]
    w = n["weight"]
    if not (w["victims"] or w["evidence"]):
        return None
    figure = (f"{at_least(w['victims'], threshold)} victims counted by one data set"
              if w["victims"] else _plural(w["evidence"], "evidence passage"))
    text = _within(f"Next bilateral instrument to seek: {b.labels.name(n['counterpart'])}, covering {figure} on "
                   f"{_plural(len(n['pairs']), 'uncovered flow')}",
                   f"Next bilateral instrument to seek: {b.labels.name(n['counterpart'])}")
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
    head = f"Most {counted} route: {' → '.join(b.labels.name(h) for h in r['hops'])}"
    text = _within(f"{head} ({_magnitude(r, b.labels, threshold)})", head)
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"),
                      _figures_detail(r, b.labels, threshold))


def _route_coverage_message(b: Briefing) -> KeyMessage:
    gap = b.coverage in ("none", "multilateral", "operational", "negotiating")
    if b.coverage == INTERNAL:
        text = f"As of {b.as_of}, both ends lie in one jurisdiction: an internal flow, never a gap"
    elif not b.instruments:
        text = f"As of {b.as_of}, no instrument binds both sides: a cooperation gap"
    else:
        top = b.instruments[0]  # strongest first
        since = f", since {top['since']}" if top["since"] else ""
        name = in_sentence(top["title"], [top])
        name = f"the {name}" if name in SHORT_TITLES.values() else name
        only = "only " if gap else ""
        text = _within(
            f"As of {b.as_of}, {only}{name} binds both sides, {top['level']}{since}" + (": a cooperation gap" if gap else ""),
            f"As of {b.as_of}, {only}{name} binds both sides" + (": a cooperation gap" if gap else ""),
        )
    detail = in_sentence(b.explanation, b.instruments) if b.explanation else ""
    return KeyMessage(text, _sources(b, _instrument_sources(b, b.instruments)), _instrument_evidence(b, b.instruments),
                      {"instruments": len(b.instruments)}, detail)


def _route_figures_message(b: Briefing, threshold: int) -> KeyMessage | None:
    direct = [r for r in b.routes if len(r["hops"]) == 2]
    if not direct:
        return None
    r = direct[0]
    if r["weight"]["victims"] or r["corroboration"]:  # counted only in "<5" cells: "<5", never "no data set"
        text = _within(f"Victims counted on this route, data sets side by side: "
                       f"{brief_figures(r['corroboration'], b.labels, threshold)}",
                       f"Victims counted on this route: {brief_figures(r['corroboration'], b.labels, threshold, ', ')}",
                       "Data sets count victims on this route: see the routes and year-by-year tables")
    else:
        text = f"{_plural(r['weight']['evidence'], 'evidence passage')} document this route; no data set counts it"
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"),
                      _figures_detail(r, b.labels, threshold))


def _contacts_message(b: Briefing) -> KeyMessage | None:
    agencies = b.agencies + b.counterpart_agencies
    experts = b.experts + b.counterpart_experts
    if not (agencies or experts):
        return None
    noted = sum(1 for e in experts if e["contact_note"])
    detail = (f"the sources give contact details for {noted}" if noted
              else "the sources give no contact details")
    where = "on both sides" if b.scope.kind == "route" else "to contact"
    who = f"{_plural(len(experts), 'named expert')} and {_plural(len(agencies), 'agency', 'agencies')}"
    if b.scope.kind == "route":
        unnamed = sides_without_contacts({"source": b.scope.ids[0], "destination": b.scope.ids[1],
                                          "agencies": agencies, "experts": experts}, b.labels.place_country)
        if unnamed:  # one side has nobody: that is the finding
            others = [b.labels.name(x) for x in b.scope.ids if x not in unnamed]
            who = " and ".join(x for x in (_plural(len(experts), "named expert") if experts else "",
                                           _plural(len(agencies), "agency", "agencies") if agencies else "") if x)
            where = f"named, all in {' and '.join(others)}"
            detail = nobody_named(" or ".join(b.labels.name(x) for x in unnamed)).rstrip(".")
            detail = detail[0].lower() + detail[1:]
    text = f"{who} {where}; {detail}"
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
