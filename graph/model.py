"""Domain model: the facts ctgraph holds, as pydantic v2 models.

Every fact model forbids unknown fields and carries ``evidence``: at least one
quote from its source with a locator. Identifiers are stable strings with a
kind prefix (``flow:...``, ``agreement:...``); countries are ISO 3166 alpha-3
codes (``CHN``), regions ``region:...`` and sub-national places ``place:...``.

Facts drafted by ``ctgraph draft`` carry ``draft: true`` (every fact model but
Source and Membership has the field, default false) until an analyst accepts
them; the seed conversion stores the flag on the node only when it is true.

The ordered coverage scale of DESIGN.md lives here too (:class:`Coverage`).

Values that cannot be true are refused here, at the boundary:

- years (``year``, and the year of every date) outside ``YEAR_MIN..YEAR_MAX``
  (1800..2100: nothing in counter-trafficking records predates 1800, and a
  year past 2100 is a typo);
- statistics that are NaN, infinite, ``true``/``false``, or integers beyond
  64 bits (what Neo4j stores);
- text that is empty or only whitespace where text is required (a blank
  quote would be "found" in any source);
- control characters in any text (NUL, ESC and the other C0 controls but
  tab and newline, DEL, C1 controls) and the bidirectional overrides that
  make text display differently from what it holds.
"""

from __future__ import annotations

import math
import re
from datetime import date as _date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

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
    "PartyTerm",
    "StatusFact",
    "Cooperation",
    "Statistic",
    "Challenge",
    "Measure",
    "Event",
    "Membership",
    "ResearchEntry",
    "ResearchLog",
    "FactFile",
    "FACT_SECTIONS",
    "endpoint_kind",
    "check_partial_date",
    "date_bounds",
    "CONSENT_TYPES",
    "check_text",
    "check_year",
    "YEAR_MIN",
    "YEAR_MAX",
    "INT64_MAX",
]

#: The years a fact may name (dates, statistics, data-set rows).
YEAR_MIN = 1800
YEAR_MAX = 2100
#: The largest integer a store keeps (Neo4j integers are 64-bit).
INT64_MAX = 2**63 - 1

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
        return _COVERAGE_RANK[self]


COVERAGE_ORDER: list[Coverage] = [
    Coverage.NONE,
    Coverage.NEGOTIATING,
    Coverage.OPERATIONAL,
    Coverage.MULTILATERAL,
    Coverage.REGIONAL,
    Coverage.BILATERAL,
]
_COVERAGE_RANK: dict[Coverage, int] = {c: i for i, c in enumerate(COVERAGE_ORDER)}


# C0 controls but tab, newline and carriage return; DEL; C1; bidi controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_text(value: str) -> str:
    r"""Refuse text holding a control character or a bidirectional override.

    Examples
    --------
    >>> check_text("two\nlines\tand a tab")
    'two\nlines\tand a tab'
    >>> check_text("red\x1b[31m")
    Traceback (most recent call last):
    ...
    ValueError: holds a control character (U+001B) at character 4; remove it (fact files hold plain text, without control or text-direction characters)
    """
    m = _CONTROL.search(value)
    if m:
        raise ValueError(
            f"holds a control character (U+{ord(m.group()):04X}) at character {m.start() + 1}; "
            "remove it (fact files hold plain text, without control or text-direction characters)"
        )
    return value


def check_year(year: int) -> int:
    """A year in ``YEAR_MIN..YEAR_MAX``.

    Examples
    --------
    >>> check_year(2018)
    2018
    >>> check_year(9999)
    Traceback (most recent call last):
    ...
    ValueError: 9999 is outside the years 1800..2100 that ctgraph accepts; check it (a typo?)
    """
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{year} is outside the years {YEAR_MIN}..{YEAR_MAX} that ctgraph accepts; check it (a typo?)")
    return year


def _date_as_text(value: Any) -> Any:
    """An unquoted YAML date or year arrives as a date or an int: take it as its text."""
    if isinstance(value, _date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def check_partial_date(value: str) -> str:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date in ``YEAR_MIN..YEAR_MAX``.

    Examples
    --------
    >>> check_partial_date("2009-11")
    '2009-11'
    >>> check_partial_date("2018-02-30")
    Traceback (most recent call last):
    ...
    ValueError: invalid date '2018-02-30': day is out of range for month; use YYYY, YYYY-MM or YYYY-MM-DD
    >>> check_partial_date("0000")
    Traceback (most recent call last):
    ...
    ValueError: invalid date '0000': 0 is outside the years 1800..2100 that ctgraph accepts; check it (a typo?)
    """
    m = _PARTIAL_DATE.match(value)
    if not m:
        raise ValueError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        check_year(year)
    except ValueError as exc:
        raise ValueError(f"invalid date {value!r}: {exc}") from None
    try:
        _date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            f"invalid date {value!r}: {exc}; use YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return value


def date_bounds(value: str) -> tuple[_date, _date]:
    """The first and the last day a partial date can mean.

    A year-only ``since`` proves binding only from the end of that year at the
    latest; compare with the bound that fits the question.

    Examples
    --------
    >>> date_bounds("2016")
    (datetime.date(2016, 1, 1), datetime.date(2016, 12, 31))
    >>> date_bounds("2010-02")[1], date_bounds("2010-03-10")
    (datetime.date(2010, 2, 28), (datetime.date(2010, 3, 10), datetime.date(2010, 3, 10)))
    """
    check_partial_date(value)
    m = _PARTIAL_DATE.match(value)
    assert m is not None
    year = int(m[1])
    if m[3]:
        d = _date(year, int(m[2]), int(m[3]))
        return d, d
    if m[2]:
        month = int(m[2])
        nxt = _date(year + (month == 12), month % 12 + 1, 1)
        return _date(year, month, 1), _date.fromordinal(nxt.toordinal() - 1)
    return _date(year, 1, 1), _date(year, 12, 31)


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


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is only whitespace; write the text, or leave the field out where it is optional")
    return value


def _finite_number(value: float | int) -> float | int:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number a store can hold; give a finite number")
    if isinstance(value, int) and abs(value) > INT64_MAX:
        raise ValueError(f"{value} is beyond the 64-bit integer range (at most {INT64_MAX:,}); check the figure")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number; give the figure (quote it if it is text)")
    return value


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def _check_language(value: str) -> str:
    """A BCP 47 language tag as people write the common ones: ``en``, ``zh``, ``zh-Hans``, ``fr``.

    Examples
    --------
    >>> _check_language("zh-Hans")
    'zh-Hans'
    """
    if not _LANGUAGE_TAG.match(value):
        raise ValueError(
            f"invalid language {value!r}: use a BCP 47 language code in lower case, such as en, zh, fr or zh-Hans"
        )
    return value


PartialDate = Annotated[str, BeforeValidator(_date_as_text), AfterValidator(check_partial_date)]
Endpoint = Annotated[str, AfterValidator(_check_endpoint)]
Party = Annotated[str, AfterValidator(_check_party)]
ISO3 = Annotated[str, AfterValidator(_check_iso3)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
Number = Annotated[float | int, BeforeValidator(_not_bool), AfterValidator(_finite_number)]
Year = Annotated[int, BeforeValidator(_not_bool), AfterValidator(check_year)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        """Every text field, and every text in a list field, holds no control characters."""
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    check_text(item)
        return value


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
    date: PartialDate | None = Field(default=None, description="publication date (never the day it was read)")
    retrieved: PartialDate | None = Field(
        default=None, description="the day the web page or file was read; never a date of any fact"
    )
    path: str | None = Field(default=None, description="Text file, relative to seed/.")
    citation: str | None = None
    url: str | None = None
    excerpt: str | None = Field(
        default=None,
        description="For a reference without a text file here: the passage quoted, verbatim.",
    )
    language: Annotated[str, AfterValidator(_check_language)] | None = Field(
        default=None,
        description="The language its text (and so every quote from it) is written in: a BCP 47 code (en, zh, fr).",
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
    since: PartialDate | None = Field(default=None, description="first year (or date) of membership")
    until: PartialDate | None = Field(default=None, description="last year (or date) of membership")
    note: str | None = None
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
    via: list[Endpoint] = Field(
        default_factory=list, description="transit points, in order, as the source states them"
    )
    continues: Annotated[str, AfterValidator(_check_id("flow"))] | None = Field(
        default=None, description="the flow whose victims this one carries onward (same victims)"
    )
    period: PartialDate | None = None
    note: str | None = None
    evidence: Evidences


#: How a party expressed its consent to be bound (UN Treaty Collection vocabulary).
CONSENT_TYPES = ("ratification", "accession", "acceptance", "approval", "succession")


class PartyTerm(_Strict):
    """When and how one party of an agreement is bound (all dates partial, none invented).

    ``since`` is the date from which the party is bound, ``until`` the last date
    on which it is bound (inclusive; e.g. the United Kingdom and an EU act).
    ``bound: false`` marks a party that only signed (not bound, no ``since``);
    ``members_bound: false`` a party such as the European Union in a UN treaty,
    which binds none of its member states by itself.
    """

    party: Party
    since: PartialDate | None = None
    until: PartialDate | None = None
    signed: PartialDate | None = None
    consent: PartialDate | None = None
    consent_type: Literal["ratification", "accession", "acceptance", "approval", "succession"] | None = None
    bound: bool = True
    members_bound: bool | None = None
    note: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_agree(self) -> PartyTerm:
        if not self.bound and (self.since or self.until):
            raise ValueError("a party that is not bound (bound: false) takes no since/until date")
        if self.since and self.until and date_bounds(self.until)[1] < date_bounds(self.since)[0]:
            raise ValueError(f"until {self.until} is before since {self.since}")
        return self


class StatusFact(_Strict):
    """A dated status of an agreement, as one source states it."""

    status: Literal["signed", "negotiating", "proposed"]
    date: PartialDate = Field(description="the date the source gives for this status")
    note: str | None = None
    evidence: Evidences


class Agreement(_Fact):
    """A formal instrument (agreement, MOU, convention) and its parties.

    ``status`` is the latest known status; ``status_history`` (oldest first)
    says since when each status holds, and ``party_terms`` when each party is
    bound. ``in_force`` is the instrument's entry into force.
    """

    id: Annotated[str, AfterValidator(_check_id("agreement"))]
    title: NonEmpty
    short_title: str | None = Field(default=None, description="the name people use, e.g. ACTIP")
    kind: Literal["bilateral", "regional", "multilateral"]
    status: Literal["signed", "negotiating", "proposed"]
    parties: Annotated[list[Party], Field(min_length=2)]
    date: PartialDate | None = None
    in_force: PartialDate | None = None
    treaty: str | None = Field(default=None, description="depositary reference, e.g. XVIII-12-a")
    period_start: PartialDate | None = None
    period_end: PartialDate | None = None
    party_terms: list[PartyTerm] = Field(default_factory=list)
    status_history: list[StatusFact] = Field(default_factory=list)
    note: str | None = None
    evidence: Evidences

    @model_validator(mode="after")
    def _terms_and_history_agree(self) -> Agreement:
        seen: set[str] = set()
        for term in self.party_terms:
            if term.party not in self.parties:
                raise ValueError(f"party_terms: {term.party!r} is not one of the parties")
            if term.party in seen:
                raise ValueError(f"party_terms: {term.party!r} appears more than once")
            seen.add(term.party)
        starts = [date_bounds(s.date)[0] for s in self.status_history]
        if starts != sorted(starts):
            raise ValueError("status_history: list the statuses in date order, oldest first")
        if self.status_history and self.status_history[-1].status != self.status:
            raise ValueError(
                f"status: {self.status!r} is not the latest status in status_history "
                f"({self.status_history[-1].status!r})"
            )
        return self


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
    value: Number
    unit: Literal["count", "percent", "people"]
    year: Year | None = None
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


class ResearchEntry(_Strict):
    """One search for instruments binding a country or a pair: what was asked, what came of it.

    ``outcome`` is ``found`` (the instruments listed were recorded), ``not_found``
    (searched, nothing quotable found) or ``lead_only`` (a lead without a source
    good enough to record a fact).
    """

    countries: Annotated[list[ISO3], Field(min_length=1, max_length=2)]
    topic: Literal["bilateral", "regional"]
    outcome: Literal["found", "not_found", "lead_only"]
    instruments: list[Annotated[str, AfterValidator(_check_id("agreement"))]] = Field(default_factory=list)
    queries: list[NonEmpty] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _found_names_instruments(self) -> ResearchEntry:
        if self.outcome == "found" and not self.instruments:
            raise ValueError("outcome found names no instrument; list the agreement ids found (instruments: [...])")
        return self


class ResearchLog(_Strict):
    """One research log file (``seed/research/*.yaml``): the day searched and its entries."""

    researched: PartialDate
    entries: list[ResearchEntry] = Field(default_factory=list)


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
