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

import re
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
from ctgraph.graph import i18n
from ctgraph.graph.analysis import explain
from ctgraph.graph.answers import Evidence, Gap, Instrument, Route
from ctgraph.graph.figures import figure_key
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.vocabulary import INTERNAL, coverage_word
from ctgraph.graph.wording import nobody_named, sides_without_contacts, tier_word

__all__ = ["KeyMessage", "key_messages", "TOP_ROUTES", "MAX_WORDS", "words", "nested_brackets"]

#: How many of the heaviest routes the coverage message counts.
TOP_ROUTES = 10
#: Most words a key message has: one finding a listener takes in at once.
MAX_WORDS = 25


#: Chinese characters and punctuation: two of them read as one English word.
_HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def words(text: str) -> int:
    """How many words a message has (anything between spaces: "1,686" and "→" count;
    in Chinese, which has no spaces, every two characters count as one word).

    Examples
    --------
    >>> words("Most counted route: Albania → United Kingdom (GLOTIP 2010–2022: 10,985)")
    10
    >>> words("规模最大的路线：中国 → 德国（4 段证据）")
    11
    """
    han = len(_HAN.findall(text))
    return len(_HAN.sub(" ", text).split()) + (han + 1) // 2


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


def _passages(n: int) -> str:
    return i18n.ngettext("{n} evidence passage", "{n} evidence passages", n, n=f"{n:,}")


def _finding(head: str, figure: str) -> str:
    """A finding with its figure in brackets."""
    return i18n._("{finding} ({figure})", finding=head, figure=figure)


def _and(items: Sequence[str]) -> str:
    """Two names joined by "and" (one name as it is)."""
    return i18n._("{first} and {second}", first=items[0], second=items[1]) if len(items) == 2 else \
        i18n.list_text(items)


def _sources(b: Briefing, ids: Iterable[str], most: int = 3) -> str:
    seen = list(dict.fromkeys(b.labels.source(s) for s in ids))
    if not seen:
        return i18n._("the graph's documented facts")
    shown = i18n.list_text(seen[:most], "clauses")
    if len(seen) > most:
        return i18n._("{sources} and {n} more (see the notes)", sources=shown, n=len(seen) - most)
    return shown


def _route_sources(b: Briefing, r: Route | Gap) -> str:
    counted = sorted(r["corroboration"], key=lambda c: -c["victims"])  # in the order the figures are given
    return _sources(b, [c["dataset"] for c in counted] + [e["source"] for e in r["evidence"]])


def _magnitude(r: Route | Gap, labels: Labels, threshold: int) -> str:
    if r["corroboration"]:  # a count of suppressed cells only reads "<5", never as 0 or as no count
        return brief_figures(r["corroboration"], labels, threshold, i18n.list_text(["", ""], "clauses"))
    return _passages(r["weight"]["evidence"])


def _figures_detail(r: Route | Gap, labels: Labels, threshold: int) -> str:
    """The figures with their own labels and suppressed cells (for the notes)."""
    shown = figures_text(r["corroboration"], labels, threshold)
    return i18n._("Data sets side by side, never added: {figures}.", figures=shown) if shown else ""


def _figures(r: Route | Gap, prefix: str = "") -> dict[str, int]:
    out = {f"{prefix}victims:{':'.join(figure_key(c))}": c["victims"] for c in r["corroboration"]}
    out[f"{prefix}evidence"] = r["weight"]["evidence"]
    return out


def _endpoint_message(b: Briefing, r: Route, direction: str, threshold: int) -> KeyMessage | None:
    if not (r["weight"]["victims"] or r["weight"]["evidence"]):
        return None
    subject = b.labels.name(b.scope.ids[0])
    if direction == "destination":
        head = (i18n._("Most counted destination of victims from {country}: {destination}", country=subject,
                       destination=b.labels.name(r["destination"])) if r["weight"]["victims"] else
                i18n._("Most documented destination of victims from {country}: {destination}", country=subject,
                       destination=b.labels.name(r["destination"])))
    else:
        head = (i18n._("Most counted origin of victims detected in {country}: {origin}", country=subject,
                       origin=b.labels.name(r["source"])) if r["weight"]["victims"] else
                i18n._("Most documented origin of victims detected in {country}: {origin}", country=subject,
                       origin=b.labels.name(r["source"])))
    text = _within(_finding(head, _magnitude(r, b.labels, threshold)), head)
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
    """How routes are covered ("by no instrument"): what follows "covered" in the coverage message."""
    titles = sorted({short_title(i["title"]) for r in routes for i in r["instruments"] if i["level"] == level})
    if level == "none":
        return i18n._("by no instrument")
    if level == "multilateral":
        return (i18n._("only by the {title}", title=titles[0]) if len(titles) == 1
                else i18n._("only by multilateral conventions"))
    if level == "operational":
        return i18n._("only by operational cooperation")
    if level == "negotiating":
        return i18n._("only by an instrument under negotiation")
    return i18n._("by a {level} instrument", level=coverage_word(level))


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
    whole = (i18n._("the top {n} routes", n=len(top)) if len(top) == TOP_ROUTES
             else i18n.ngettext("the {n} route", "the {n} routes", len(top), n=f"{len(top):,}"))
    how = _coverage_phrase(first, by_level[first])
    if len(top) == 1:
        text = i18n._("As of {day}, the one route is covered {how}", day=b.as_of, how=how)
    else:
        text = i18n.ngettext("As of {day}, {n} of {whole} by magnitude is covered {how}",
                             "As of {day}, {n} of {whole} by magnitude are covered {how}", n,
                             day=b.as_of, n=n, whole=whole, how=how)
    rest = [i18n._("{n} {how}", n=len(by_level[lvl]), how=_coverage_phrase(lvl, by_level[lvl])) for lvl in order[1:]]
    for i in range(len(rest), 0, -1):  # the other levels as far as the message keeps to its length
        longer = i18n.list_text([text, i18n.list_text(rest[:i])], "clauses")
        if words(longer) <= MAX_WORDS:
            text = longer
            break
    named = {lvl: sorted({short_title(i["title"]) for r in by_level[lvl] for i in r["instruments"]
                          if i["level"] == lvl}) for lvl in order}

    def level_line(lvl: str) -> str:
        # "No instrument", not "None": a capitalised level must never read like a missing value
        level = i18n._("No instrument") if lvl == "none" else coverage_words(lvl).capitalize()
        if named[lvl]:
            return i18n._("{level}: {n} route(s) ({instruments}).", level=level, n=len(by_level[lvl]),
                          instruments=i18n.list_text(named[lvl], "clauses"))
        return i18n._("{level}: {n} route(s).", level=level, n=len(by_level[lvl]))

    detail = " ".join(level_line(lvl) for lvl in order)
    figures = {f"top_routes:{lvl}": len(rs) for lvl, rs in by_level.items()}
    figures["top_routes"] = len(top)
    inst = [i for r in top for i in r["instruments"] if i["level"] == r["coverage"]]
    return KeyMessage(text, _sources(b, _instrument_sources(b, inst)), _instrument_evidence(b, inst), figures,
                      i18n._("Coverage of the top routes as of {day}.", day=b.as_of) + " " + detail)


def _gap_message(b: Briefing, threshold: int) -> KeyMessage | None:
    if not b.gaps:
        return None
    g = b.gaps[0]
    counts: dict[str, int] = {}
    for x in b.gaps:
        counts[x["coverage"]] = counts.get(x["coverage"], 0) + 1
    split = i18n.list_text(
        i18n._("{n} {level}", n=f"{counts[lvl]:,}", level=coverage_words(lvl)) if lvl != "none"
        else i18n._("{n} with no instrument", n=f"{counts[lvl]:,}")
        for lvl in [c.value for c in reversed(COVERAGE_ORDER)] if lvl in counts)
    a, d = b.labels.name(g["source"]), b.labels.name(g["destination"])
    if g["coverage"] == "none":
        binding = i18n._("No instrument binds {origin} and {destination}.", origin=a, destination=d)
    else:
        binds = i18n.list_text((short_title(i["title"]) for i in g["instruments"] if i["level"] == g["coverage"]),
                               "clauses")
        binding = i18n._("{origin} → {destination} is bound only by the {instruments} ({level}).", origin=a,
                         destination=d, instruments=binds, level=coverage_word(g["coverage"]))
    head = i18n.ngettext("{n} cooperation gap below regional coverage as of {day}; the largest: {origin} → {destination}",
                         "{n} cooperation gaps below regional coverage as of {day}; the largest: {origin} → {destination}",
                         len(b.gaps), n=f"{len(b.gaps):,}", day=b.as_of, origin=a, destination=d)
    text = _within(_finding(head, _magnitude(g, b.labels, threshold)), head)
    figures = {"gaps": len(b.gaps), **{f"gaps:{k}": v for k, v in counts.items()}, **_figures(g, "largest_gap:")}
    detail = " ".join([i18n._("Gaps by coverage: {counts}.", counts=split), binding,
                       _figures_detail(g, b.labels, threshold)]).strip()
    return KeyMessage(text, _route_sources(b, g), g["evidence"], figures, detail)


def _next_message(b: Briefing, threshold: int) -> KeyMessage | None:
    if not b.next_instruments:
        return None
    n = b.next_instruments[0]
    w = n["weight"]
    if not (w["victims"] or w["evidence"]):
        return None
    figure = (i18n._("{n} victims counted by one data set", n=at_least(w["victims"], threshold))
              if w["victims"] else _passages(w["evidence"]))
    who = b.labels.name(n["counterpart"])
    flows = i18n.ngettext("{n} uncovered flow", "{n} uncovered flows", len(n["pairs"]), n=f"{len(n['pairs']):,}")
    text = _within(i18n._("Next bilateral instrument to seek: {counterpart}, covering {figure} on {flows}",
                          counterpart=who, figure=figure, flows=flows),
                   i18n._("Next bilateral instrument to seek: {counterpart}", counterpart=who))
    src = _sources(b, [c["dataset"] for g in n["pairs"] for c in g["corroboration"]]
                   + [e["source"] for g in n["pairs"] for e in g["evidence"]])
    ev = [e for g in n["pairs"] for e in g["evidence"]]
    return KeyMessage(text, src, ev, {"next:victims": w["victims"], "next:evidence": w["evidence"],
                                      "next:pairs": len(n["pairs"])})


def _tier_message(b: Briefing) -> KeyMessage | None:
    if not b.tip_tiers:
        return None
    last = b.tip_tiers[-1]
    text = i18n._("US TIP report: {country} ranked {tier} in {year} (context, not coverage)",
                  country=b.labels.name(b.scope.ids[0]), tier=tier_word(last["tier_label"]), year=last["year"])
    return KeyMessage(text, _sources(b, [e["source"] for e in last["evidence"]]), last["evidence"],
                      {"tier_year": last["year"], "tier_rank": last["rank"]})


def _top_route_message(b: Briefing, threshold: int) -> KeyMessage | None:
    cross = [r for r in b.routes if not r["internal"]]
    if not cross or not (cross[0]["weight"]["victims"] or cross[0]["weight"]["evidence"]):
        return None
    r = cross[0]
    hops = " → ".join(b.labels.name(h) for h in r["hops"])
    head = (i18n._("Most counted route: {route}", route=hops) if r["weight"]["victims"]
            else i18n._("Most documented route: {route}", route=hops))
    text = _within(_finding(head, _magnitude(r, b.labels, threshold)), head)
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"),
                      _figures_detail(r, b.labels, threshold))


def _route_coverage_message(b: Briefing) -> KeyMessage:
    gap = b.coverage in ("none", "multilateral", "operational", "negotiating")
    if b.coverage == INTERNAL:
        text = i18n._("As of {day}, both ends lie in one jurisdiction: an internal flow, never a gap", day=b.as_of)
    elif not b.instruments:
        text = i18n._("As of {day}, no instrument binds both sides: a cooperation gap", day=b.as_of)
    else:
        top = b.instruments[0]  # strongest first
        name = in_sentence(top["title"], [top])
        name = i18n._("the {title}", title=name) if name in SHORT_TITLES.values() else name
        say = {"day": b.as_of, "instrument": name, "level": coverage_word(top["level"]), "since": top["since"]}
        if gap:
            longer = (i18n._("As of {day}, only {instrument} binds both sides, {level}, since {since}: "
                             "a cooperation gap", **say) if top["since"] else
                      i18n._("As of {day}, only {instrument} binds both sides, {level}: a cooperation gap", **say))
            shorter = i18n._("As of {day}, only {instrument} binds both sides: a cooperation gap", **say)
        else:
            longer = (i18n._("As of {day}, {instrument} binds both sides, {level}, since {since}", **say)
                      if top["since"] else i18n._("As of {day}, {instrument} binds both sides, {level}", **say))
            shorter = i18n._("As of {day}, {instrument} binds both sides", **say)
        text = _within(longer, shorter)
    # the answer's explanation is English (the JSON contract): another language words it again
    explanation = b.explanation if i18n.language() == i18n.DEFAULT_LANGUAGE or not b.explanation else (
        explain(b.coverage or "none", b.instruments))
    detail = in_sentence(explanation, b.instruments) if explanation else ""
    return KeyMessage(text, _sources(b, _instrument_sources(b, b.instruments)), _instrument_evidence(b, b.instruments),
                      {"instruments": len(b.instruments)}, detail)


def _route_figures_message(b: Briefing, threshold: int) -> KeyMessage | None:
    direct = [r for r in b.routes if len(r["hops"]) == 2]
    if not direct:
        return None
    r = direct[0]
    if r["weight"]["victims"] or r["corroboration"]:  # counted only in "<5" cells: "<5", never "no data set"
        text = _within(i18n._("Victims counted on this route, data sets side by side: {figures}",
                              figures=brief_figures(r["corroboration"], b.labels, threshold,
                                                    i18n.list_text(["", ""], "clauses"))),
                       i18n._("Victims counted on this route: {figures}",
                              figures=brief_figures(r["corroboration"], b.labels, threshold, i18n.list_text(["", ""]))),
                       i18n._("Data sets count victims on this route: see the routes and year-by-year tables"))
    else:
        n = r["weight"]["evidence"]
        text = i18n.ngettext("{n} evidence passage document this route; no data set counts it",
                             "{n} evidence passages document this route; no data set counts it", n, n=f"{n:,}")
    return KeyMessage(text, _route_sources(b, r), r["evidence"], _figures(r, "route:"),
                      _figures_detail(r, b.labels, threshold))


def _contacts_message(b: Briefing) -> KeyMessage | None:
    agencies = b.agencies + b.counterpart_agencies
    experts = b.experts + b.counterpart_experts
    if not (agencies or experts):
        return None
    noted = sum(1 for e in experts if e["contact_note"])
    detail = (i18n._("the sources give contact details for {n}", n=noted) if noted
              else i18n._("the sources give no contact details"))
    named_experts = i18n.ngettext("{n} named expert", "{n} named experts", len(experts), n=f"{len(experts):,}")
    named_agencies = i18n.ngettext("{n} agency", "{n} agencies", len(agencies), n=f"{len(agencies):,}")
    who = _and([named_experts, named_agencies])
    text = (i18n._("{who} on both sides; {detail}", who=who, detail=detail) if b.scope.kind == "route"
            else i18n._("{who} to contact; {detail}", who=who, detail=detail))
    if b.scope.kind == "route":
        unnamed = sides_without_contacts({"source": b.scope.ids[0], "destination": b.scope.ids[1],
                                          "agencies": agencies, "experts": experts}, b.labels.place_country)
        if unnamed:  # one side has nobody: that is the finding
            others = [b.labels.name(x) for x in b.scope.ids if x not in unnamed]
            who = _and([x for x in (named_experts if experts else "", named_agencies if agencies else "") if x])
            names = [b.labels.name(x) for x in unnamed]
            either = i18n._("{first} or {second}", first=names[0], second=names[1]) if len(names) == 2 else names[0]
            detail = nobody_named(either).rstrip(".。")
            detail = detail[0].lower() + detail[1:]
            text = i18n._("{who} named, all in {places}; {detail}", who=who, places=_and(others), detail=detail)
    return KeyMessage(text, _sources(b, [e["source"] for x in [*agencies, *experts] for e in x["evidence"]]), [],
                      {"experts": len(experts), "agencies": len(agencies)})


def _instruments(n: int) -> str:
    return i18n.ngettext("{n} instrument", "{n} instruments", n, n=f"{n:,}")


def _count_message(b: Briefing) -> KeyMessage:
    if b.scope.kind == "country":
        iso3 = b.scope.ids[0]
        n_out = sum(1 for r in b.routes if b.labels.place_country.get(r["source"], r["source"]) == iso3)
        n_in = len(b.routes) - n_out
        text = i18n._("{flows_out} out of {country} and {flows_in} into it; {instruments} bind it as of {day}",
                      flows_out=i18n.ngettext("{n} documented flow", "{n} documented flows", n_out, n=f"{n_out:,}"),
                      country=b.labels.name(iso3),
                      flows_in=i18n.ngettext("{n} flow", "{n} flows", n_in, n=f"{n_in:,}"),
                      instruments=_instruments(len(b.agreements)), day=b.as_of)
        figures = {"flows_out": n_out, "flows_in": len(b.routes) - n_out, "agreements": len(b.agreements)}
    else:
        text = i18n._("{routes}; {instruments} recorded as of {day}",
                      routes=i18n.ngettext("{n} documented route", "{n} documented routes", len(b.routes),
                                           n=f"{len(b.routes):,}"),
                      instruments=_instruments(len(b.agreements)), day=b.as_of)
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
