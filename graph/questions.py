"""Every question, asked once for every store: scope -> snapshot -> analysis.

:class:`Questions` is the base class of both stores. Each method names the
part of the graph the question needs (a :class:`~graph.snapshot.Scope`), asks
the store for that snapshot (one consistent read), and lets
:mod:`graph.analysis` compute the answer. A store only retrieves; no store
computes a meaning of its own, so the two stores agree by construction.

A new question is one function in :mod:`graph.analysis`, one method here
(its scope and its key), and its rendering in the CLI or the dashboard.

Whole-graph ``gaps`` and one-leg ``routes`` need every flow but not a snapshot of them: a store
that can (:meth:`Questions.pairs_ready`) hands the analysis a small snapshot (the reference layer
and the challenges) and every endpoint pair's flows as compact rows (:meth:`Questions.with_pairs`,
:data:`graph.analysis.FlowFacts`), ranked by the same functions as a snapshot's pairs
(:func:`graph.analysis.gap_list`, :func:`graph.analysis.route_list`); the evidence lists are read
only for the items handed out (:meth:`Questions.flow_facts`). Multi-hop chains read the snapshot.

Each answer goes through :meth:`Questions._answer` with a key naming the
question and its arguments (the day asked resolved, so "today" is a date): a
store may keep answers it computed for the data version they were computed
on (the embedded store does, see :class:`graph.memory.MemoryStore`); Neo4j,
which other clients write to, computes every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
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
from ctgraph.graph.batch import NODE_LABELS
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, use_language
from ctgraph.graph.model import Coverage
from ctgraph.graph.snapshot import ROUTE_LABELS, Scope, quiet_gc

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ctgraph.graph.store import AsOf

__all__ = ["Questions"]

T = TypeVar("T")

#: What a whole-graph list ranked from a store's compact pair rows (:meth:`Questions.with_pairs`)
#: reads as a snapshot besides the reference layer: the challenges a pair cites; the flows come as rows.
PAIR_LABELS: tuple[str, ...] = ("Challenge",)
#: Every label but the flows: a snapshot around a country whose routes came from pair digests.
NO_FLOWS: tuple[str, ...] = tuple(label for label in NODE_LABELS if label != "Flow")


def _day(as_of: AsOf) -> str:
    """The day asked, as ISO text (a key part: "today" becomes today's date)."""
    return analysis.as_of_date(as_of).isoformat()


class Questions:
    """The questions of :class:`graph.store.GraphStore`, answered from snapshots."""

    include_drafts: bool = False

    def snapshot(self, scope: Scope) -> nx.MultiDiGraph:  # pragma: no cover - implemented by stores
        raise NotImplementedError

    def version(self) -> str:  # pragma: no cover - implemented by stores
        """The data version (changed by every load)."""
        raise NotImplementedError

    def pairs_ready(self) -> bool:
        """Does this store rank whole-graph lists from compact pair rows (:meth:`with_pairs`)?
        False: from a whole snapshot (a store without such rows, or one that holds the whole
        graph in process already)."""
        return False

    def with_pairs(
        self, G: nx.MultiDiGraph, use: Callable[[analysis.Pairs], T], endpoints: Collection[str] | None = None
    ) -> T:
        """``use`` every endpoint pair with its flows, read from the store as compact rows (per
        pair, its flows' props and own evidence, in id order; only flows ``G`` would hold,
        between endpoints it holds) in one consistent read. ``G`` is the small snapshot of
        :meth:`_pair_scope`. ``endpoints``: only the pairs with one of them at either end."""
        raise NotImplementedError

    def scoped_pairs_ready(self) -> bool:
        """Does this store answer one country's one-leg lists from per-pair digests (a few pairs'
        rows instead of a snapshot of every flow around the country)?"""
        return False

    def flow_facts(self, G: nx.MultiDiGraph, ids: list[str]) -> dict[str, analysis.FlowFacts]:
        """The facts of these ids that are not in ``G`` (flows), read as :meth:`with_pairs` reads them."""
        return {}

    def _pair_scope(self) -> Scope:
        """What a whole-graph list ranked from :meth:`flow_pairs` reads as a snapshot: the
        reference layer and the challenges, none of the flows."""
        return Scope.everything(self.include_drafts, only=PAIR_LABELS)

    def _fetch(self, G: nx.MultiDiGraph) -> analysis.FactsFetch:
        """Facts by id for the evidence of the items handed out: from ``G``, else from the store."""

        def fetch(ids: Any) -> dict[str, analysis.FlowFacts]:
            found = dict(analysis.snapshot_fetch(G)(ids))
            rest = [i for i in ids if i not in found]
            if rest:
                found.update(self.flow_facts(G, rest))
            return found

        return fetch

    def _aggregated_gaps(
        self, level: str, day: str, sort: str, top: int | None, offset: int, evidence: str, country: str | None = None
    ) -> Callable[[], Iterator[Gap]] | None:
        """The gap list (whole, or of ``country``) ranked from the store's compact rows (None: no such rows)."""
        if not (self.pairs_ready() if country is None else self.scoped_pairs_ready()):
            return None

        def ranked() -> Iterator[Gap]:
            G = self.snapshot(self._pair_scope())
            ends = None if country is None else analysis.endpoints_of(G, country)
            return self.with_pairs(G, lambda pairs: analysis.gap_list(G, pairs, self._fetch(G), country, level, day, sort, top, offset, evidence), ends)

        return ranked

    def _aggregated_routes(
        self, exploitation: str | None, day: str, sort: str, top: int | None, offset: int, evidence: str,
        origin: str | None = None, destination: str | None = None, ready: bool = False,
    ) -> Callable[[], Iterator[Route]] | None:
        """The one-leg route list (whole, or from / to a place) ranked from the store's compact rows
        (None: no such rows; ``ready``: the caller just asked)."""
        scoped = origin is not None or destination is not None
        if not (ready or (self.scoped_pairs_ready() if scoped else self.pairs_ready())):
            return None

        def ranked() -> Iterator[Route]:
            G = self.snapshot(self._pair_scope())
            ends = analysis.endpoints_of(G, origin or destination) if scoped else None  # type: ignore[arg-type]
            return self.with_pairs(G, lambda pairs: analysis.route_list(G, pairs, self._fetch(G), origin, destination, exploitation, day, sort, top, offset, evidence), ends)

        return ranked

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
            if max_hops == 1:
                found = self._aggregated_routes(exploitation, day, sort, top, offset, evidence, origin, destination)
                if found is not None:
                    return list(found())
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
        if max_hops == 1:
            found = self._aggregated_routes(exploitation, day, sort, None, 0, evidence, origin, destination)
            if found is not None:
                return self._stream(found)
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
            found = self._aggregated_gaps(level, day, sort, top, offset, evidence, country)
            if found is not None:
                return list(found())
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
        found = self._aggregated_gaps(level, day, sort, None, 0, evidence, country)
        if found is not None:
            return self._stream(found)
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
        """What does the graph hold about one country? (Its routes from the pair digests where the
        store keeps them, the rest from a snapshot around it without the flows.)"""
        day = _day(as_of)

        def compute() -> CountryProfile:
            if not self.scoped_pairs_ready():  # one read: the snapshot around the country
                return analysis.country_profile(self.snapshot(self._scope(iso3)), iso3, day)
            # several reads (routes out, in, the rest): all of one data version, or none
            version = self.version()
            out = self._aggregated_routes(None, day, "victims", None, 0, "all", iso3, None, ready=True)
            into = self._aggregated_routes(None, day, "victims", None, 0, "all", None, iso3, ready=True)
            assert out is not None and into is not None  # (ready: never None)
            found = (list(out()), list(into()))
            G = self.snapshot(Scope(frozenset({iso3}), self.include_drafts, only=NO_FLOWS))
            if self.version() != version:
                raise StoreUnavailable("the graph changed while a country profile was read (a load ran): try again")
            return analysis.country_profile(G, iso3, day, found)

        return self._answer(("country", iso3, day), compute)

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
