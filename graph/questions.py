"""Every question, asked once for every store: scope -> snapshot -> analysis.

:class:`Questions` is the base class of both stores. Each method names the
part of the graph the question needs (a :class:`~graph.snapshot.Scope`), asks
the store for that snapshot (one consistent read), and lets
:mod:`graph.analysis` compute the answer. A store only retrieves; no store
computes a meaning of its own, so the two stores agree by construction.

A new question is one function in :mod:`graph.analysis`, one method here
(its scope and its key), and its rendering in the CLI or the dashboard.

Each answer goes through :meth:`Questions._answer` with a key naming the
question and its arguments (the day asked resolved, so "today" is a date): a
store may keep answers it computed for the data version they were computed
on (the embedded store does, see :class:`graph.memory.MemoryStore`); Neo4j,
which other clients write to, computes every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ctgraph.graph import analysis
from ctgraph.graph.answers import (
    Agreement,
    Cooperation,
    CountryProfile,
    Evidence,
    Gap,
    Measured,
    NextInstrument,
    Onward,
    Route,
    RouteBrief,
)
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, use_language
from ctgraph.graph.model import Coverage
from ctgraph.graph.snapshot import ROUTE_LABELS, Scope, quiet_gc

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ctgraph.graph.store import AsOf

__all__ = ["Questions"]

T = TypeVar("T")


def _day(as_of: AsOf) -> str:
    """The day asked, as ISO text (a key part: "today" becomes today's date)."""
    return analysis.as_of_date(as_of).isoformat()


class Questions:
    """The questions of :class:`graph.store.GraphStore`, answered from snapshots."""

    include_drafts: bool = False

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:  # pragma: no cover - implemented by stores
        raise NotImplementedError

    def _answer(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """The answer to the question ``key`` names: computed (a store may keep it)."""
        return self._compute(compute)

    @staticmethod
    def _compute(compute: Callable[[], T]) -> T:
        """Compute an answer with the cycle collector paused: an answer allocates
        many small objects beside a large snapshot, and each full collection
        would walk the whole snapshot (1-2 s per answer at 100,000 flows); the
        snapshot and the answer hold no cycles to collect. Answers are in English whatever
        language the caller reads (they are the JSON contract, and may be kept): views translate."""
        with quiet_gc(), use_language(DEFAULT_LANGUAGE):
            return compute()

    @staticmethod
    def _stream(make: Callable[[], Iterator[T]]) -> Iterator[T]:
        """Items of a ranked list as they are handed out, the cycle collector paused while
        they are ranked and made (as :meth:`_compute`)."""
        with quiet_gc():
            yield from make()

    def _scope(self, *endpoints: str | None, whole: bool = False) -> Scope:
        if whole:  # the whole-graph questions are about flows: no statistics, experts, ...
            return Scope.everything(self.include_drafts, only=ROUTE_LABELS)
        return Scope.around(*endpoints, include_drafts=self.include_drafts)

    def routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Route]:
        """Where do victims move, on what evidence, covered by what?"""
        day = _day(as_of)

        def compute() -> list[Route]:
            G = self.snapshot(self._scope(origin, destination, whole=not (origin or destination)))
            return analysis.routes(G, origin, destination, exploitation, max_hops, day, sort, top, offset, evidence)

        return self._answer(
            ("routes", origin, destination, exploitation, max_hops, day, sort, top, offset, evidence), compute
        )

    def iter_routes(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        max_hops: int = 1,
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Route]:
        """:meth:`routes`, each route handed out as it is ranked (never kept: written as it comes)."""
        day = _day(as_of)
        G = self.snapshot(self._scope(origin, destination, whole=not (origin or destination)))
        return self._stream(
            lambda: analysis.iter_routes(G, origin, destination, exploitation, max_hops, day, sort, evidence=evidence)
        )

    def onward(
        self,
        origin: str | None = None,
        destination: str | None = None,
        exploitation: str | None = None,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
    ) -> list[Onward]:
        """Which flows merely meet in a country (not one evidenced route)?"""
        day = _day(as_of)

        def compute() -> list[Onward]:
            if origin and not destination:
                first = self.snapshot(self._scope(origin))
                vias = {analysis.jurisdiction(first, r["destination"]) for r in analysis.routes(first, origin=origin)}
                scope = self._scope(origin, *sorted(vias))
            elif destination and not origin:
                first = self.snapshot(self._scope(destination))
                vias = {analysis.jurisdiction(first, r["source"]) for r in analysis.routes(first, destination=destination)}
                scope = self._scope(destination, *sorted(vias))
            else:
                scope = self._scope(whole=True)
            return analysis.onward(self.snapshot(scope), origin, destination, exploitation, day, sort, top)

        return self._answer(("onward", origin, destination, exploitation, day, sort, top), compute)

    def gaps(
        self,
        country: str | None = None,
        below: Coverage | str = Coverage.REGIONAL,
        as_of: AsOf = None,
        sort: str = "victims",
        top: int | None = None,
        offset: int = 0,
        evidence: str = "all",
    ) -> list[Gap]:
        """Which cross-border pairs does no instrument (or only a weak one) cover?"""
        day, level = _day(as_of), Coverage(below).value

        def compute() -> list[Gap]:
            G = self.snapshot(self._scope(country, whole=country is None))
            return analysis.gaps(G, country, level, day, sort, top, offset, evidence)

        return self._answer(("gaps", country, level, day, sort, top, offset, evidence), compute)

    def iter_gaps(
        self,
        country: str | None = None,
        below: Coverage | str = Coverage.REGIONAL,
        as_of: AsOf = None,
        sort: str = "victims",
        evidence: str = "all",
    ) -> Iterator[Gap]:
        """:meth:`gaps`, each pair handed out as it is ranked (never kept: written as it comes)."""
        day, level = _day(as_of), Coverage(below).value
        G = self.snapshot(self._scope(country, whole=country is None))
        return self._stream(lambda: analysis.iter_gaps(G, country, level, day, sort, evidence=evidence))

    def measured(self, as_of: AsOf = None) -> Measured:
        """What is a gap list measured against (instruments binding on the day, by kind)?"""
        day = _day(as_of)
        return self._answer(("measured", day), lambda: analysis.measured(self.snapshot(self._scope()), day))

    def agreements(self, country: str | None = None, as_of: AsOf = None) -> list[Agreement]:
        """Which agreements exist (binding ``country`` on the day, if given)?"""
        day = _day(as_of)
        return self._answer(
            ("agreements", country, day), lambda: analysis.agreements(self.snapshot(self._scope()), country, day)
        )

    def cooperations(self, country: str | None = None, as_of: AsOf = None) -> list[Cooperation]:
        """Which operational cooperations exist (binding ``country``, if given)?"""
        day = _day(as_of)
        return self._answer(
            ("cooperations", country, day), lambda: analysis.cooperations(self.snapshot(self._scope()), country, day)
        )

    def country(self, iso3: str, as_of: AsOf = None) -> CountryProfile:
        """What does the graph hold about one country?"""
        day = _day(as_of)
        return self._answer(
            ("country", iso3, day), lambda: analysis.country_profile(self.snapshot(self._scope(iso3)), iso3, day)
        )

    def brief(self, origin: str, destination: str, as_of: AsOf = None) -> RouteBrief:
        """Everything about origin -> destination, both sides included."""
        day = _day(as_of)

        def compute() -> RouteBrief:
            return analysis.route_brief(self.snapshot(self._scope(origin, destination)), origin, destination, day)

        return self._answer(("brief", origin, destination, day), compute)

    def next_instrument(self, iso3: str, as_of: AsOf = None, top: int | None = None) -> list[NextInstrument]:
        """Which one new bilateral instrument would cover the most for ``iso3``?"""
        day = _day(as_of)

        def compute() -> list[NextInstrument]:
            return analysis.next_instrument(self.snapshot(self._scope(iso3)), iso3, day, top)

        return self._answer(("next_instrument", iso3, day, top), compute)

    def evidence(self, ids: list[str]) -> dict[str, list[Evidence]]:
        """The evidence of these facts."""
        return analysis.evidence_index(self.snapshot(Scope.of_facts(ids, self.include_drafts)), ids)

    def names(self) -> dict[str, str]:
        """Display name of every named node."""
        return self._answer(("names",), lambda: analysis.names(self.snapshot(self._scope())))
