"""Domain model: the facts ctgraph holds, as pydantic v2 models.

Every fact model forbids unknown fields and carries ``evidence``: at least one
quote from its source with a locator. Identifiers are stable strings with a
kind prefix (``flow:...``, ``agreement:...``); countries are ISO 3166 alpha-3
codes (``CHN``), regions ``region:...`` and sub-national places ``place:...``.

Facts drafted by ``ctgraph draft`` carry ``draft: true`` (every fact model but
Source and Membership has the field, default false) until an analyst accepts
them; the seed conversion stores the flag on the node only when it is true.

The ordered coverage scale of DESIGN.md lives here too (:class:`Coverage`).
"""

from __future__ import annotations

import re
from datetime import date as _date
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Coverage",
    "COVERAGE_ORDER",
    "Evidence",
    "Source",
    "Region",
    "Place",
    "Agency",
    "Expert",
    "Flow",
    "Agreement",
    "Cooperation",
    "Statistic",
    "Challenge",
    "Measure",
    "Event",
    "Membership",
    "FactFile",
    "FACT_SECTIONS",
    "endpoint_kind",
    "check_partial_date",
]

_ID = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9._-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Coverage(str, Enum):
    """Cooperation coverage of a flow, weakest first (see DESIGN.md)."""

    NONE = "none"
    NEGOTIATING = "negotiating"
    OPERATIONAL = "operational"
    MULTILATERAL = "multilateral"
    REGIONAL = "regional"
    BILATERAL = "bilateral"

    @property
    def rank(self) -> int:
        return COVERAGE_ORDER.index(self)


COVERAGE_ORDER: list[Coverage] = [
    Coverage.NONE,
    Coverage.NEGOTIATING,
    Coverage.OPERATIONAL,
    Coverage.MULTILATERAL,
    Coverage.REGIONAL,
    Coverage.BILATERAL,
]


def check_partial_date(value: str) -> str:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date.

    Examples
    --------
    >>> check_partial_date("2009-11")
    '2009-11'
    >>> check_partial_date("2018-02-30")
    Traceback (most recent call last):
    ...
    ValueError: invalid date '2018-02-30': day is out of range for month; use YYYY, YYYY-MM or YYYY-MM-DD
    """
    m = _PARTIAL_DATE.match(value)
    if not m:
        raise ValueError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        _date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            f"invalid date {value!r}: {exc}; use YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return value


def _check_id(prefix: str):  # type: ignore[no-untyped-def]
    def check(value: str) -> str:
        if not _ID.match(value) or not value.startswith(prefix + ":"):
            raise ValueError(
                f"invalid id {value!r}: expected '{prefix}:' followed by lower-case letters, digits, '.', '_' or '-'"
            )
        return value

    return check


def endpoint_kind(ref: str) -> str:
    """Which node label an endpoint reference names.

    Examples
    --------
    >>> endpoint_kind("CHN"), endpoint_kind("region:eu"), endpoint_kind("place:guangdong")
    ('Country', 'Region', 'Place')
    """
    if _ISO3.match(ref):
        return "Country"
    if ref.startswith("region:"):
        return "Region"
    if ref.startswith("place:"):
        return "Place"
    if ref.startswith("agency:"):
        return "Agency"
    raise ValueError(
        f"invalid reference {ref!r}: use an ISO 3166 alpha-3 code (e.g. CHN), region:<id> or place:<id>"
    )


def _check_endpoint(value: str) -> str:
    if endpoint_kind(value) == "Agency":
        raise ValueError(f"invalid endpoint {value!r}: a flow runs between countries, regions or places")
    return value


def _check_party(value: str) -> str:
    endpoint_kind(value)
    return value


def _check_iso3(value: str) -> str:
    if not _ISO3.match(value):
        raise ValueError(f"invalid country {value!r}: use an ISO 3166 alpha-3 code such as CHN")
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
Endpoint = Annotated[str, AfterValidator(_check_endpoint)]
Party = Annotated[str, AfterValidator(_check_party)]
ISO3 = Annotated[str, AfterValidator(_check_iso3)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Fact(_Strict):
    """A fact of a report: it may still be a draft awaiting an analyst's review."""

    draft: bool = Field(
        default=False,
        description="Drafted by `ctgraph draft`, not yet reviewed; ignored by analyses unless asked for.",
    )


class Evidence(_Strict):
    """A verbatim quote (whitespace-normalised) from a source, with where it is."""

    source: str | None = Field(
        default=None, description="Source id; defaults to the file's `source`."
    )
    quote: NonEmpty
    locator: NonEmpty = Field(description="Section/paragraph of a text, or rows of a data set.")


Evidences = Annotated[list[Evidence], Field(min_length=1)]


class Source(_Strict):
    """A document or data set that facts come from."""

    id: Annotated[str, AfterValidator(_check_id("source"))]
    title: NonEmpty
    kind: Literal["report", "dataset", "reference"]
    publisher: NonEmpty
    date: PartialDate | None = None
    path: str | None = Field(default=None, description="Text file, relative to seed/.")
    citation: str | None = None
    url: str | None = None
    excerpt: str | None = Field(
        default=None,
        description="For a reference without a text file here: the passage quoted, verbatim.",
    )


class Region(_Fact):
    """A region, bloc or unresolved area as the source words it."""

    id: Annotated[str, AfterValidator(_check_id("region"))]
    name: NonEmpty
    kind: Literal["bloc", "area", "ambiguous", "unspecified"]
    candidates: list[ISO3] = Field(
        default_factory=list, description="For kind=ambiguous: the jurisdictions it may mean."
    )
    relative_to: ISO3 | None = Field(
        default=None, description="For 'neighbouring countries' and the like: whose neighbours."
    )
    note: str | None = None
    evidence: Evidences

    @model_validator(mode="after")
    def _ambiguous_has_candidates(self) -> Region:
        if self.kind == "ambiguous" and len(self.candidates) < 2:
            raise ValueError("an ambiguous region needs at least two candidates")
        return self


class Membership(_Strict):
    """A country's membership of a bloc or regional mechanism, with its own source."""

    country: ISO3
    region: Annotated[str, AfterValidator(_check_id("region"))]
    evidence: Evidences


class Place(_Fact):
    """A sub-national place (province, city)."""

    id: Annotated[str, AfterValidator(_check_id("place"))]
    name: NonEmpty
    kind: Literal["province", "city", "district", "other"]
    country: ISO3
    evidence: Evidences


class Agency(_Fact):
    """An authority, police service, international organisation or unit."""

    id: Annotated[str, AfterValidator(_check_id("agency"))]
    name: NonEmpty
    acronym: str | None = None
    kind: Literal["national", "provincial", "international", "unit", "ngo", "other"]
    country: ISO3 | None = None
    parent: str | None = Field(default=None, description="agency id this one belongs to")
    role: str | None = None
    evidence: Evidences


class Expert(_Fact):
    """A named person, with the name exactly as written in the source."""

    id: Annotated[str, AfterValidator(_check_id("expert"))]
    name: NonEmpty
    title: str | None = None
    role: str | None = None
    agency: str | None = None
    country: ISO3 | None = None
    contact_note: str | None = None
    evidence: Evidences


class Flow(_Fact):
    """A trafficking flow: who is moved, from where to where, for what."""

    id: Annotated[str, AfterValidator(_check_id("flow"))]
    origin: Endpoint
    destination: Endpoint
    victims: list[NonEmpty] = Field(default_factory=list, description="victim profile, e.g. women")
    exploitation: list[NonEmpty] = Field(default_factory=list)
    scope: Literal["cross_border", "internal"]
    period: PartialDate | None = None
    note: str | None = None
    evidence: Evidences


class Agreement(_Fact):
    """A formal instrument (agreement, MOU, convention) and its parties."""

    id: Annotated[str, AfterValidator(_check_id("agreement"))]
    title: NonEmpty
    kind: Literal["bilateral", "regional", "multilateral"]
    status: Literal["signed", "negotiating", "proposed"]
    parties: Annotated[list[Party], Field(min_length=2)]
    date: PartialDate | None = None
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    note: str | None = None
    evidence: Evidences


class Cooperation(_Fact):
    """Practical cooperation without a formal instrument."""

    id: Annotated[str, AfterValidator(_check_id("cooperation"))]
    title: NonEmpty
    kind: Literal["joint_investigation", "working_group", "liaison", "information_sharing", "other"]
    parties: Annotated[list[Party], Field(min_length=2)]
    date: PartialDate | None = None
    outcomes: list[NonEmpty] = Field(default_factory=list)
    evidence: Evidences


class Statistic(_Fact):
    """A figure the source gives: value, unit, what it counts, when, where."""

    id: Annotated[str, AfterValidator(_check_id("statistic"))]
    counts: NonEmpty = Field(description="what is counted")
    value: float | int
    unit: Literal["count", "percent", "people"]
    year: int | None = None
    scope: Party | None = None
    reported_by: str | None = None
    evidence: Evidences


class Challenge(_Fact):
    """A difficulty reported for a country, a pair or cooperation in general."""

    id: Annotated[str, AfterValidator(_check_id("challenge"))]
    description: NonEmpty
    concerns: list[Party] = Field(default_factory=list)
    raised_by: str | None = None
    evidence: Evidences


class Measure(_Fact):
    """A response a country or agency has taken or calls for."""

    id: Annotated[str, AfterValidator(_check_id("measure"))]
    description: NonEmpty
    by: Party | None = None
    status: Literal["in_place", "planned", "recommended"] = "in_place"
    date: PartialDate | None = None
    evidence: Evidences


class Event(_Fact):
    """A seminar, meeting or visit."""

    id: Annotated[str, AfterValidator(_check_id("event"))]
    title: NonEmpty
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    place: Party | None = None
    organiser: str | None = None
    participants: list[str] = Field(default_factory=list)
    evidence: Evidences


class FactFile(_Strict):
    """One seed file: a default source and any number of fact sections."""

    source: str | None = None
    sources: list[Source] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    experts: list[Expert] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    cooperations: list[Cooperation] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    challenges: list[Challenge] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


FACT_SECTIONS: dict[str, type[_Strict]] = {
    "sources": Source,
    "regions": Region,
    "memberships": Membership,
    "places": Place,
    "agencies": Agency,
    "experts": Expert,
    "flows": Flow,
    "agreements": Agreement,
    "cooperations": Cooperation,
    "statistics": Statistic,
    "challenges": Challenge,
    "measures": Measure,
    "events": Event,
}
