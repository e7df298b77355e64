"""The shapes of every answer ctgraph gives: one named type per CLI contract shape.

These are the return types of the store interface (:mod:`graph.store`) and of
the analysis functions (:mod:`graph.analysis`); the CLI prints them as JSON,
the dashboard and the deck render them. "What is a Gap?" is answered here.

Countries are ISO 3166 alpha-3 codes, other endpoints and facts their ids
(``region:...``, ``agreement:...``); display names come from
:func:`graph.vocabulary.display_name`, never from the JSON.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

__all__ = [
    "SeriesPoint",
    "Evidence",
    "YearFigure",
    "LabelCount",
    "GroupFigure",
    "Corroboration",
    "Weight",
    "Instrument",
    "Leg",
    "Route",
    "Onward",
    "Gap",
    "PartyTerm",
    "StatusFact",
    "Agreement",
    "Cooperation",
    "Agency",
    "Expert",
    "Challenge",
    "Statistic",
    "TipTier",
    "CountryProfile",
    "RouteBrief",
    "SearchHit",
    "Stats",
    "NextInstrument",
    "Research",
    "Measured",
]


class Evidence(TypedDict):
    """One quote (or data-row range) from a source, and where it is; evidence of
    a draft fact (shown only when drafts are asked for) says ``draft: true``."""

    source: str
    quote: str
    locator: str
    draft: NotRequired[bool]


class YearFigure(TypedDict):
    """A data set's published count for one year, and whether the pair was covered then."""

    year: int
    victims: int
    suppressed_cells: int
    coverage: str


class LabelCount(TypedDict):
    """A label one data set puts on part of its own figure (a form, a victim group) and how many."""

    label: str
    count: int


class GroupFigure(TypedDict):
    """A data set's count for one group (a sex, an age group) in one year: a label of its
    figure as the data set publishes it, never added to it. ``suppressed_cells``: cells
    published as "<5" (``victims`` 0 and every cell suppressed: "<5", not 0)."""

    year: int
    group: str
    victims: int
    suppressed_cells: int


class Corroboration(TypedDict):
    """What one statistical data set counts on a pair on one basis: published
    victims (an "at least" figure), suppressed cells, first and last year, per
    year, and the labels that belong to this figure only.

    ``basis``: what makes the pair (``citizenship``: victims of the origin's
    citizenship detected in the destination; ``repatriation``: victims the
    origin reports as returned from the destination). Two bases of one data
    set are two items, never added. ``counts``: that basis in words.
    ``covers``: what the figure spans when it has no breakdown ("all forms,
    both sexes"); ``forms`` and ``profile``: the data set's own breakdown
    (records per form and per victim group; one record may have two forms).
    Counts are those of the years up to the as-of day (records without a year only when no year is cut).
    """

    dataset: str
    victims: int
    suppressed_cells: int
    years: list[int | None]
    by_year: list[YearFigure]
    basis: str
    counts: str
    covers: str
    forms: list[LabelCount]
    profile: list[LabelCount]
    by_sex: NotRequired[list[GroupFigure]]
    by_age: NotRequired[list[GroupFigure]]


class Weight(TypedDict):
    """The ranking key of a route or gap, both figures, never mixed into one number.

    ``victims``: the largest published count among the data sets that count the
    pair (data sets overlap, so they are never added); ``evidence``: independent
    text evidence items (distinct source passages) behind it.
    """

    victims: int
    evidence: int


class Instrument(TypedDict):
    """An agreement or cooperation that binds both sides of a pair as of the asked date."""

    id: str
    title: str
    kind: str
    level: str
    since: str | None


class Leg(TypedDict):
    """One leg of a route, with its own coverage."""

    source: str
    destination: str
    coverage: str
    instruments: list[Instrument]


class Route(TypedDict):
    """A flow, or a chain of flows that the sources link (transit, same victims)."""

    source: str
    destination: str
    exploitation: list[str]
    victims: list[str]
    hops: list[str]
    #: left out when a list is asked with its evidence counted only (``--evidence count``)
    evidence: NotRequired[list[Evidence]]
    #: how many items ``evidence`` lists (always there)
    evidence_count: int
    corroboration: list[Corroboration]
    internal: bool
    coverage: str
    instruments: list[Instrument]
    legs: list[Leg]
    link: str | None
    weight: Weight


class Onward(TypedDict):
    """Two flows that merely meet in a country: NOT evidenced as one route."""

    inbound: Route
    onward: Route
    via: str


class Gap(TypedDict):
    """A cross-border pair whose coverage is below the level asked for."""

    source: str
    destination: str
    coverage: str
    instruments: list[Instrument]
    explanation: str
    weight: Weight
    #: left out when a list is asked with its evidence counted only (``--evidence count``)
    evidence: NotRequired[list[Evidence]]
    #: how many items ``evidence`` lists (always there)
    evidence_count: int
    corroboration: list[Corroboration]


class PartyTerm(TypedDict):
    """When one party is bound by an instrument, as its source says."""

    party: str
    since: str | None
    until: str | None
    signed: str | None
    consent: str | None
    consent_type: str | None
    bound: bool
    locator: str | None


class StatusFact(TypedDict):
    """A dated status of an instrument, from a source."""

    status: str
    date: str | None
    evidence: list[Evidence]


class Agreement(TypedDict):
    """A formal instrument and its parties."""

    id: str
    title: str
    kind: str
    status: str
    parties: list[str]
    date: str | None
    in_force: str | None
    status_history: list[StatusFact]
    terms: list[PartyTerm]
    evidence: list[Evidence]


class Cooperation(TypedDict):
    """Practical cooperation without a formal instrument."""

    id: str
    title: str
    kind: str
    parties: list[str]
    date: str | None
    outcomes: list[str]
    evidence: list[Evidence]


class Agency(TypedDict):
    id: str
    name: str | None
    acronym: str | None
    kind: str | None
    role: str | None
    country: str | None
    evidence: list[Evidence]


class Expert(TypedDict):
    id: str
    name: str | None
    title: str | None
    role: str | None
    agency: str | None
    country: str | None
    contact_note: str | None
    evidence: list[Evidence]


class Challenge(TypedDict):
    id: str
    description: str | None
    concerns: list[str]
    evidence: list[Evidence]


class Statistic(TypedDict):
    """A figure a source gives; a data set's statistic also says which of its cells it
    is (``dataset``, ``indicator``, ``dimension``, ``category``) and how many were "<5"."""

    id: str
    counts: str | None
    value: float | int | None
    unit: str | None
    year: int | None
    evidence: list[Evidence]
    dataset: NotRequired[str]
    indicator: NotRequired[str]
    dimension: NotRequired[str]
    category: NotRequired[str]
    suppressed_cells: NotRequired[int]
    by_sex: NotRequired[list[GroupFigure]]
    by_age: NotRequired[list[GroupFigure]]


class TipTier(TypedDict):
    """The US TIP report tier of a country in one year: context, never coverage."""

    year: int
    tier: str
    tier_label: str
    rank: int
    evidence: list[Evidence]


class CountryProfile(TypedDict):
    """Everything the graph holds about one country."""

    iso3: str
    name: str
    flows_out: list[Route]
    flows_in: list[Route]
    internal: list[Route]
    agreements: list[Agreement]
    cooperations: list[Cooperation]
    agencies: list[Agency]
    experts: list[Expert]
    challenges: list[Challenge]
    statistics: list[Statistic]
    tip_tiers: list[TipTier]


class RouteBrief(TypedDict):
    """Everything about X -> Y: its routes, what binds both sides, and both sides' people."""

    source: str
    destination: str
    routes: list[Route]
    coverage: str
    instruments: list[Instrument]
    agreements: list[Agreement]
    cooperations: list[Cooperation]
    agencies: list[Agency]
    experts: list[Expert]
    challenges: list[Challenge]
    statistics: list[Statistic]


class SearchHit(TypedDict):
    """A quote or data row that matched a search."""

    fact: str
    label: str
    source: str
    quote: str
    locator: str


class Stats(TypedDict):
    nodes: dict[str, int]
    relationships: dict[str, int]


class NextInstrument(TypedDict):
    """What one new bilateral instrument between a country and a counterpart would cover."""

    counterpart: str
    weight: Weight
    pairs: list[Gap]


class Research(TypedDict):
    """One logged search for instruments binding a country or a pair (``seed/research``):
    ``outcome`` found | not_found | lead_only, the ``instruments`` (agreement ids) found."""

    researched: str
    countries: list[str]
    topic: str
    outcome: str
    instruments: list[str]
    queries: list[str]
    note: str | None


class Measured(TypedDict):
    """What a gap list is measured against: the instruments loaded and binding
    on the day asked, by kind (``multilateral``, ``regional``, ``bilateral``)."""

    as_of: str
    instruments: int
    by_kind: dict[str, int]


class SeriesPoint(TypedDict):
    """One data set's published count for one year of one series (never added to
    another data set's). ``suppressed_cells``: cells published as "<5"; a point
    whose ``victims`` is 0 and whose cells were all suppressed is "<5", not 0."""

    dataset: str
    series: str
    year: int
    victims: int
    suppressed_cells: int
    cells: int
