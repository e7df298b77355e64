"""Gathering a deck's answers: each question asked of the store once.

A deck computes no meaning of its own. :func:`collect` asks the store the
questions of :mod:`graph.questions` that the scope needs and keeps their
answers, in their typed shapes (:mod:`graph.answers`), in a :class:`Briefing`:

- a country: ``store.country`` (flows out and in, internal flows apart, what
  binds it, agencies, experts, challenges, statistics, TIP tiers),
  ``store.gaps(country)`` and ``store.next_instrument``;
- a route: ``store.brief`` (its routes, coverage and instruments, both sides'
  agencies, experts, challenges and statistics);
- the whole picture: ``store.routes``, ``store.gaps``, ``store.agreements``,
  ``store.cooperations``, and the graph's challenges, experts and agencies
  with ``store.evidence`` for their quotes.

Every label comes from ``store.names()`` (:func:`graph.vocabulary.display_name`),
the order of routes and gaps is the answers' own (:func:`graph.analysis.rank`:
victims counted, then evidence), and coverage is as of one date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctgraph.dashboard.deck.cells import Labels, source_labels
from ctgraph.dashboard.deck.scope import Scope
from ctgraph.dashboard.series import route_points
from ctgraph.graph import i18n
from ctgraph.graph.analysis import as_of_date, explain, rank, victims_over_time
from ctgraph.graph.answers import (
    Agency,
    Agreement,
    Challenge,
    Cooperation,
    Evidence,
    Expert,
    Gap,
    Instrument,
    Measured,
    NextInstrument,
    Route,
    SeriesPoint,
    Statistic,
    TipTier,
)
from ctgraph.graph.errors import UnknownEntity
from ctgraph.graph.store import AsOf, GraphStore
from ctgraph.graph.vocabulary import display_name
from ctgraph.graph.wording import as_of_sentence

__all__ = ["Briefing", "collect"]


@dataclass
class Briefing:
    """Everything a deck shows: the store's answers for one scope, as of one date."""

    scope: Scope
    heading: str
    generated: date
    as_of: date
    store_name: str
    labels: Labels
    sources: list[dict[str, Any]]
    routes: list[Route]
    internal: list[Route] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    next_instruments: list[NextInstrument] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    cooperations: list[Cooperation] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    tip_tiers: list[TipTier] = field(default_factory=list)
    #: contacts in the counterpart countries of a country's top routes and gaps
    counterpart_experts: list[Expert] = field(default_factory=list)
    counterpart_agencies: list[Agency] = field(default_factory=list)
    #: a route's coverage, the instruments binding both sides, and the sentence saying so
    coverage: str | None = None
    instruments: list[Instrument] = field(default_factory=list)
    explanation: str = ""
    #: what the gap list was measured against (the instruments loaded and binding on the day)
    measured: Measured | None = None
    #: the CLI commands that give the same answers
    queries: list[str] = field(default_factory=list)
    #: sources that are data sets (their rows repeat raw counts)
    datasets: frozenset[str] = frozenset()
    #: statistics the graph holds beyond those shown (whole picture)
    statistics_total: int = 0
    #: what as-of means in this deck (:func:`graph.wording.as_of_sentence`)
    as_of_words: str = ""
    #: victims counted per data set and year, as the dashboard charts them (a country:
    #: :func:`graph.analysis.victims_over_time`; a route: its direct flow's figures by year)
    series: list[SeriesPoint] = field(default_factory=list)

    @property
    def subject(self) -> str | None:
        """The country of a country deck."""
        return self.scope.ids[0] if self.scope.kind == "country" else None

    def evidence_items(self) -> list[Evidence]:
        """Every evidence item the deck cites (with repeats)."""
        out: list[Evidence] = []
        groups: Sequence[Sequence[Mapping[str, Any]]] = (
            self.routes, self.gaps, self.agreements, self.cooperations, self.challenges, self.statistics,
            self.experts, self.agencies, self.counterpart_experts, self.counterpart_agencies, self.tip_tiers,
        )
        for group in groups:
            for item in group:
                out.extend(item.get("evidence", []))
        return out


def _cli_name(ident: str, names: Mapping[str, str]) -> str:
    """How a command line in the notes names an endpoint: a country code, else its quoted name."""
    if len(ident) == 3 and ident.isupper():
        return ident
    return '"' + display_name(ident, names).replace('"', "'") + '"'


def _unknown_country(store: GraphStore, iso3: str, held: Mapping[str, str]) -> str:
    """One line: the graph holds nothing on ``iso3``; the closest countries it does hold."""
    from rapidfuzz import process

    from ctgraph.graph.countries import all_countries

    name = all_countries().get(iso3, iso3)
    label = f"{name} ({iso3})" if name != iso3 else iso3
    close = [f"{n} ({k})" for n, _s, k in process.extract(name, held, limit=3, score_cutoff=70)]
    if close:
        return f"the graph holds no facts about {label}; did you mean {', '.join(close)}?"
    busiest: dict[str, int] = {}
    for r in store.routes():
        for e in (r["source"], r["destination"]):
            if e in held:
                busiest[e] = busiest.get(e, 0) + 1
    top = sorted(busiest, key=lambda k: (-busiest[k], k))[:3]
    hint = f"; countries with most documented routes: {', '.join(f'{held[k]} ({k})' for k in top)}" if top else ""
    return f"the graph holds no facts about {label}{hint}"


def _unknown_route(store: GraphStore, origin: str, destination: str, names: Mapping[str, str]) -> str:
    """One line: no flow from ``origin`` to ``destination``; the routes that do exist nearby."""

    def label(i: str) -> str:
        n = display_name(i, names)
        return f"{n} ({i})" if len(i) == 3 and i.isupper() and n != i else n

    known = [f"{r['source']}:{r['destination']}" for r in store.routes(origin=origin) + store.routes(
        destination=destination)][:3]
    hint = f"; documented routes nearby: {', '.join(known)}" if known else "; no flow starts or ends at either"
    return f"no documented route from {label(origin)} to {label(destination)}{hint}"


def _contacts_from_nodes(
    store: GraphStore, countries: Sequence[str] | None
) -> tuple[list[Agency], list[Expert]]:
    """Agencies and experts the graph holds (in ``countries``, if given, in
    that order), with their evidence from one ``store.evidence`` call."""
    agencies = [a for a in store.nodes("Agency") if countries is None or a.get("country") in countries]
    experts = [e for e in store.nodes("Expert") if countries is None or e.get("country") in countries]
    if countries is not None:
        order = {c: i for i, c in enumerate(countries)}
        agencies.sort(key=lambda a: (order[str(a["country"])], str(a["id"])))
        experts.sort(key=lambda e: (order[str(e["country"])], str(e["id"])))
    ev = store.evidence([str(x["id"]) for x in agencies + experts]) if agencies or experts else {}
    out_a: list[Agency] = [
        {"id": str(a["id"]), "name": a.get("name"), "acronym": a.get("acronym"), "kind": a.get("kind"),
         "role": a.get("role"), "country": a.get("country"), "evidence": ev.get(str(a["id"]), [])}
        for a in agencies
    ]
    out_e: list[Expert] = [
        {"id": str(e["id"]), "name": e.get("name"), "title": e.get("title"), "role": e.get("role"),
         "agency": e.get("agency"), "country": e.get("country"), "contact_note": e.get("contact_note"),
         "evidence": ev.get(str(e["id"]), [])}
        for e in experts
    ]
    return out_a, out_e


#: How many counterpart countries a country deck lists contacts for.
COUNTERPARTS = 5


def _counterparts(iso3: str, routes: Sequence[Route], gaps: Sequence[Gap], nxt: Sequence[NextInstrument],
                  countries: set[str], place_country: Mapping[str, str]) -> list[str]:
    """The countries at the other end of the heaviest gaps, next instruments and routes."""
    out: list[str] = []
    ends = [n["counterpart"] for n in nxt[:COUNTERPARTS]]
    for item in [*gaps[:COUNTERPARTS], *routes[:COUNTERPARTS]]:
        ends += [item["source"], item["destination"]]
    for e in ends:
        j = place_country.get(e, e)
        if j != iso3 and j in countries and j not in out:
            out.append(j)
    return out[:COUNTERPARTS]


def collect(store: GraphStore, scope: Scope, today: date | None = None, as_of: AsOf = None) -> Briefing:
    """Ask the store everything a deck on ``scope`` shows, coverage as of ``as_of`` (default: today).

    Raises :class:`graph.errors.UnknownEntity` when the graph holds nothing
    about the country, or no flow on the route (naming close matches).
    """
    day = as_of_date(as_of)
    names = store.names()
    place_country = {str(p["id"]): str(p["country"]) for p in store.nodes("Place") if p.get("country")}
    candidates = {str(r["id"]): [str(c) for c in r.get("candidates") or []] for r in store.nodes("Region")}
    countries = {str(c["id"]) for c in store.nodes("Country")}
    all_sources = store.nodes("Source")
    labels = Labels(names, {k: v for k, v in candidates.items() if v}, place_country, source_labels(all_sources),
                    {str(s["id"]): str(s["language"]) for s in all_sources if s.get("language")})
    b = Briefing(scope=scope, heading="", generated=today or date.today(), as_of=day, store_name=store.name,
                 labels=labels, sources=[], routes=[],
                 datasets=frozenset(str(s["id"]) for s in all_sources if s.get("kind") == "dataset"))
    when = f" --as-of {as_of}" if as_of else ""
    b.as_of_words = as_of_sentence(day, str(as_of) if as_of else None)
    if scope.kind == "country":
        (iso3,) = scope.ids
        if iso3 not in countries:
            held = {c: display_name(c, names) for c in countries}
            raise UnknownEntity(_unknown_country(store, iso3, held))
        profile = store.country(iso3, day)
        b.heading = display_name(iso3, {iso3: profile["name"]})  # the country's name in the deck's language
        b.routes = rank(profile["flows_out"] + profile["flows_in"])
        b.internal = profile["internal"]
        b.gaps = store.gaps(country=iso3, as_of=day)
        b.measured = store.measured(day)
        b.next_instruments = store.next_instrument(iso3, day)
        b.agreements = profile["agreements"]
        b.cooperations = profile["cooperations"]
        b.challenges = profile["challenges"]
        b.statistics = profile["statistics"]
        b.experts = profile["experts"]
        b.agencies = profile["agencies"]
        b.tip_tiers = profile["tip_tiers"]
        b.series = victims_over_time(profile, names)
        others = _counterparts(iso3, b.routes, b.gaps, b.next_instruments, countries, place_country)
        if others:
            b.counterpart_agencies, b.counterpart_experts = _contacts_from_nodes(store, others)
        b.queries = [f"ctgraph country {iso3}{when} --json", f"ctgraph gaps --country {iso3}{when} --json",
                     f"ctgraph next-instrument {iso3}{when} --json"]
    elif scope.kind == "route":
        origin, destination = scope.ids
        brief = store.brief(origin, destination, day)
        if not brief["routes"]:
            raise UnknownEntity(_unknown_route(store, origin, destination, names))
        b.heading = f"{labels.name(origin)} → {labels.name(destination)}"
        b.routes = brief["routes"]
        b.coverage = brief["coverage"]
        b.instruments = brief["instruments"]
        b.explanation = explain(brief["coverage"], brief["instruments"], names)
        b.agreements = brief["agreements"]
        b.cooperations = brief["cooperations"]
        b.challenges = brief["challenges"]
        b.statistics = brief["statistics"]
        b.experts = brief["experts"]
        b.agencies = brief["agencies"]
        direct = next((r for r in b.routes if len(r["hops"]) == 2 and r["corroboration"]), None)
        b.series = route_points(direct) if direct is not None else []
        route_arg = f"{_cli_name(origin, names)}:{_cli_name(destination, names)}"
        b.queries = [f"ctgraph contacts {route_arg}{when} --json (the route brief)",
                     f"ctgraph routes --from {_cli_name(origin, names)} --to {_cli_name(destination, names)}"
                     f" --max-hops 2{when} --json"]
    else:
        b.heading = i18n._("The whole picture")
        every = store.routes(as_of=day)
        b.routes = [r for r in every if not r["internal"]]  # internal flows are shown apart
        b.internal = [r for r in every if r["internal"]]
        b.gaps = store.gaps(as_of=day)
        b.measured = store.measured(day)
        b.agreements = store.agreements(as_of=day)
        b.cooperations = store.cooperations(as_of=day)
        challenge_nodes = store.nodes("Challenge")
        text_stats = [s for s in store.nodes("Statistic") if not s.get("dataset")]
        b.statistics_total = len(text_stats)
        shown_stats = text_stats[:STATISTICS_SHOWN]
        ev = store.evidence([str(c["id"]) for c in challenge_nodes] + [str(s["id"]) for s in shown_stats])
        b.challenges = [
            {"id": str(c["id"]), "description": c.get("description"), "concerns": sorted(c.get("concerns") or []),
             "evidence": ev.get(str(c["id"]), [])} for c in challenge_nodes
        ]
        b.statistics = [
            {"id": str(s["id"]), "counts": s.get("counts"), "value": s.get("value"), "unit": s.get("unit"),
             "year": s.get("year"), "evidence": ev.get(str(s["id"]), [])} for s in shown_stats
        ]
        b.agencies, b.experts = _contacts_from_nodes(store, None)
        b.queries = [f"ctgraph routes{when} --json", f"ctgraph gaps{when} --json", f"ctgraph agreements{when} --json"]
    used = {e["source"] for e in b.evidence_items()}
    used |= {c["dataset"] for r in [*b.routes, *b.gaps] for c in r["corroboration"]}
    b.sources = [s for s in all_sources if s["id"] in used]
    return b


#: Most text-source statistics the whole-picture deck reads (its appendix shows them).
STATISTICS_SHOWN = 40
