"""Static pictures of the graph, rendered without a browser: a route map, a network, a tier chart.

All are pure functions of answers (:class:`graph.answers.Route` items: each
route carries its own ``coverage`` and ``weight``) and return a
:class:`matplotlib.figure.Figure` or PNG bytes. They draw on an Agg canvas and
never touch pyplot's global state, so the Streamlit dashboard (threads) and
the deck export can share them. matplotlib is the well-kept choice here: it
draws offline, deterministically, with no browser.

- :func:`route_map_figure`: land outlines (Natural Earth, shipped in
  ``dashboard/data``, :func:`dashboard.geo.land_rings`), every route the
  short way round the globe (:func:`dashboard.geo.great_circle`, split at the
  antimeridian), coloured and dashed by coverage (:mod:`dashboard.palette`),
  wider where a data set counts more victims. Endpoints sit at their capitals
  (a place at its country, a region at its candidates); those without a
  position are not invented: :func:`unplaced` lists them so a caption can say
  so. Labels never collide: endpoints closer than a label's height share one
  label ("Hong Kong / Macao"), each label takes the nearest free spot around
  its point (with a leader line when it had to move away), and a label that
  finds no free spot is left out rather than drawn over another.
- :func:`network_figure`: endpoints as circles, flows as arrows with the same
  colours, dashes and widths, instruments that bind a pair as squares.
- :func:`tier_figure`: a country's US TIP report tier by year (context, not coverage).
- :func:`series_figure`: victims counted per data set, year by year ("<5" never drawn as 0).

Every text from a source passes :func:`graph.text_safety.mathtext_safe`, so a
name such as ``$\\undefinedcommand$`` is drawn as it reads.
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, PathPatch
from matplotlib.path import Path as MplPath

from ctgraph.dashboard.geo import endpoint_position, great_circle, land_rings
from ctgraph.dashboard.palette import (
    COVERAGE_COLOURS,
    COVERAGE_DASHES,
    COVERAGE_WIDTHS,
    DATASET_COLOURS,
    LEVELS,
    UNKNOWN,
)
from ctgraph.dashboard.series import SUPPRESSED_TOP
from ctgraph.graph.store import GraphStore
from ctgraph.graph.text_safety import mathtext_safe
from ctgraph.graph.vocabulary import INTERNAL
from ctgraph.graph.wording import TIER_LABELS, tier_word

__all__ = [
    "COVERAGE_COLOURS",
    "INTERNAL",
    "Position",
    "RouteCoverage",
    "MapLabel",
    "endpoint_positions_from",
    "endpoint_positions",
    "endpoint_labels",
    "jurisdictions",
    "route_coverage",
    "unplaced",
    "line_width",
    "line_style",
    "route_map_figure",
    "network_figure",
    "tier_figure",
    "series_figure",
    "figure_png",
    "route_map_png",
    "network_png",
    "tier_png",
    "series_png",
]

Position = tuple[float, float]
Pair = tuple[str, str]

_TEXT = "#1b2631"
_MUTED = "#566573"
_OCEAN = "#f4f7fa"
_LAND = "#dfe4e9"
_COAST = "#c3ccd5"


# --------------------------------------------------------------------------- store helpers


@dataclass(frozen=True)
class RouteCoverage:
    """Coverage level and binding instruments of each route's pair, as the routes say."""

    level: dict[Pair, str]
    instruments: dict[Pair, list[dict[str, Any]]]


def endpoint_positions_from(
    endpoints: Iterable[str],
    candidates: Mapping[str, Sequence[str]] | None = None,
    place_country: Mapping[str, str] | None = None,
) -> dict[str, Position | None]:
    """(lat, lon) of each endpoint: a country's capital, a place's country
    (``place_country``), a region's ``candidates`` (e.g. "Congo" -> COG, COD);
    None when there is no basis for a position.

    Examples
    --------
    >>> endpoint_positions_from(["region:europe"])
    {'region:europe': None}
    """
    candidates = candidates or {}
    place_country = place_country or {}
    return {
        e: endpoint_position(e, members=list(candidates.get(e) or []), country=place_country.get(e))
        for e in endpoints
    }


def endpoint_positions(store: GraphStore, endpoints: Iterable[str]) -> dict[str, Position | None]:
    """:func:`endpoint_positions_from` with regions and places read from ``store``."""
    places = {p["id"]: p["country"] for p in store.nodes("Place") if p.get("country")}
    regions = {r["id"]: list(r.get("candidates") or []) for r in store.nodes("Region")}
    return endpoint_positions_from(endpoints, regions, places)


def endpoint_labels(store: GraphStore) -> dict[str, str]:
    """Display name of every named node, as the graph names it (``store.names()``)."""
    return store.names()


def jurisdictions(store: GraphStore) -> dict[str, str]:
    """Jurisdiction of every place (its country) and agency with a country."""
    out = {p["id"]: p["country"] for p in store.nodes("Place") if p.get("country")}
    out.update({a["id"]: a["country"] for a in store.nodes("Agency") if a.get("country")})
    return out


def route_coverage(routes: Sequence[Mapping[str, Any]]) -> RouteCoverage:
    """Coverage level and binding instruments of each route's pair, as the
    route answer states them (:func:`graph.analysis.routes`).

    Examples
    --------
    >>> cov = route_coverage([{"source": "CHN", "destination": "FRA", "coverage": "none", "instruments": []}])
    >>> cov.level[("CHN", "FRA")]
    'none'
    """
    level: dict[Pair, str] = {}
    inst: dict[Pair, list[dict[str, Any]]] = {}
    for r in routes:
        pair = (r["source"], r["destination"])
        level[pair] = str(r.get("coverage", INTERNAL))
        inst[pair] = list(r.get("instruments", []))
    return RouteCoverage(level, inst)


def unplaced(routes: Sequence[Mapping[str, Any]], positions: Mapping[str, Position | None]) -> list[str]:
    """Endpoints of ``routes`` that have no position (so are not on the map), sorted."""
    ends = {e for r in routes for e in (r["source"], r["destination"])}
    return sorted(e for e in ends if positions.get(e) is None)


# --------------------------------------------------------------------------- line styles


def _victims(r: Mapping[str, Any]) -> int:
    w = r.get("weight")
    return int(w.get("victims", 0)) if isinstance(w, Mapping) else 0


def _level(r: Mapping[str, Any]) -> str:
    level = str(r.get("coverage") or UNKNOWN)
    return level if level in COVERAGE_COLOURS else UNKNOWN


def line_width(level: str, victims: int) -> float:
    """Line width (points) of a route: its coverage level's base width, wider
    with the victims a data set counts on it (logarithmic).

    Examples
    --------
    >>> line_width("none", 0) < line_width("none", 100) < line_width("none", 10_000)
    True
    """
    return 0.55 * COVERAGE_WIDTHS.get(level, COVERAGE_WIDTHS[UNKNOWN]) + 1.15 * math.log10(1 + max(0, victims))


def line_style(level: str, width: float = 1.0) -> Any:
    """matplotlib line style of a coverage level, from the palette's dash
    pattern (in points at any ``width``: matplotlib scales dashes with the
    line width, so the pattern is divided by it).

    Examples
    --------
    >>> line_style("bilateral"), line_style("none")
    ('solid', (0, (1.0, 5.0)))
    >>> line_style("none", 2.0)
    (0, (0.5, 2.5))
    """
    dashes = COVERAGE_DASHES.get(level, COVERAGE_DASHES[UNKNOWN])
    if not dashes:
        return "solid"
    w = max(width, 1.0)
    return (0, tuple(round(d * 1.0 / w, 3) for d in dashes))


def _legend(ax: Any, levels: Iterable[str], extra: Sequence[Any] = (), loc: str = "lower left",
            anchor: tuple[float, float] | None = None, title: str | None = None) -> None:
    present = [lvl for lvl in LEVELS + [UNKNOWN] if lvl in set(levels)]
    words = {"multilateral": "multilateral only", UNKNOWN: "not stated"}
    handles: list[Any] = [
        Line2D([0], [0], color=COVERAGE_COLOURS[lvl], lw=2.6, linestyle=line_style(lvl),
               label=f"coverage: {words.get(lvl, lvl)}")
        for lvl in present
    ]
    handles.extend(extra)
    if handles:
        leg = ax.legend(handles=handles, loc=loc, fontsize=8.5, frameon=True, framealpha=0.94,
                        bbox_to_anchor=anchor, title=title, title_fontsize=8.5, handlelength=3.2)
        leg.get_frame().set_edgecolor("#d5d8dc")
        leg.set_zorder(10)


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, mathtext_safe(message), ha="center", va="center", fontsize=14, color=_MUTED)
    return fig


def _top_routes(routes: Sequence[Mapping[str, Any]], max_routes: int) -> list[Mapping[str, Any]]:
    """The first ``max_routes`` routes: the answers come ranked (victims counted, then evidence)."""
    return list(routes[:max_routes])


def _fit(xs: Sequence[float], ys: Sequence[float], aspect: float, pad: float, min_w: float) -> tuple[float, float, float, float]:
    """Limits around the points, widened so that width / height == aspect."""
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    w, h = max(x1 - x0, min_w), max(y1 - y0, min_w / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# --------------------------------------------------------------------------- labels


@dataclass
class MapLabel:
    """One label of a picture: where its point is (data coordinates), what it
    says, and the endpoints it names; ``box`` is where it was drawn (pixels),
    None when no free spot was found."""

    x: float
    y: float
    text: str
    endpoints: list[str]
    size: float = 10.0
    colour: str = _TEXT
    box: tuple[float, float, float, float] | None = None
    leader: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


#: Directions tried around a point, nearest first (unit vectors in display space).
_DIRECTIONS = [(1, 0.35), (-1, 0.35), (1, -0.35), (-1, -0.35), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
_RADII = (6.0, 16.0, 30.0, 48.0)  # points


def _overlap(a: Sequence[float], b: Sequence[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def cluster_points(
    points: Sequence[tuple[str, float, float]], radius_px: float
) -> list[list[str]]:
    """Endpoints (id, x, y in pixels) grouped where they lie within ``radius_px``
    of one another (single link), each group in input order.

    Examples
    --------
    >>> cluster_points([("HKG", 0, 0), ("MAC", 3, 1), ("CHN", 50, 50)], 12)
    [['HKG', 'MAC'], ['CHN']]
    """
    groups: list[list[int]] = []
    where: dict[int, int] = {}
    for i, (_, x, y) in enumerate(points):
        joined: list[int] = []
        for j in range(i):
            _, x2, y2 = points[j]
            if math.hypot(x - x2, y - y2) <= radius_px and where[j] not in joined:
                joined.append(where[j])
        if not joined:
            where[i] = len(groups)
            groups.append([i])
            continue
        keep = joined[0]
        for g in joined[1:]:
            for k in groups[g]:
                where[k] = keep
            groups[keep].extend(groups[g])
            groups[g] = []
        groups[keep].append(i)
        where[i] = keep
    return [[points[k][0] for k in sorted(g)] for g in groups if g]


def _place_labels(fig: Figure, ax: Any, labels: list[MapLabel], obstacles: Sequence[tuple[float, float, float, float]]) -> None:
    """Draw each label at the nearest spot around its point that overlaps no
    label, point or the picture's edge; move it further (with a leader line)
    when the near spots are taken; leave it out when none is free."""
    renderer: RendererAgg = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    fx0, fy0, fx1, fy1 = frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2
    placed: list[tuple[float, float, float, float]] = list(obstacles)
    px_per_pt = fig.dpi / 72
    for lab in labels:
        prop = FontProperties(size=lab.size)
        w, h, _d = renderer.get_text_width_height_descent(lab.text, prop, ismath=False)  # type: ignore[no-untyped-call]
        w, h = w + 4, h + 4  # the white halo
        px, py = ax.transData.transform((lab.x, lab.y))
        chosen: tuple[float, float, float, float] | None = None
        for radius in _RADII:
            r = radius * px_per_pt
            for dx, dy in _DIRECTIONS:
                norm = math.hypot(dx, dy)
                cx, cy = px + dx / norm * r, py + dy / norm * r
                x0 = cx if dx > 0 else cx - w if dx < 0 else cx - w / 2
                y0 = cy if dy > 0 else cy - h if dy < 0 else cy - h / 2
                box = (x0, y0, x0 + w, y0 + h)
                if box[0] < fx0 or box[1] < fy0 or box[2] > fx1 or box[3] > fy1:
                    continue
                if any(_overlap(box, o) > 0 for o in placed):
                    continue
                chosen = box
                lab.leader = radius > _RADII[1]
                break
            if chosen:
                break
        if chosen is None:
            continue
        lab.box = chosen
        placed.append(chosen)
        inv = ax.transData.inverted()
        (tx, ty) = inv.transform(((chosen[0] + chosen[2]) / 2, (chosen[1] + chosen[3]) / 2))
        ax.text(tx, ty, mathtext_safe(lab.text), ha="center", va="center", fontsize=lab.size, color=lab.colour,
                zorder=7, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                                "alpha": 0.82})
        if lab.leader:
            near = (min(max(px, chosen[0]), chosen[2]), min(max(py, chosen[1]), chosen[3]))
            nx, ny = inv.transform(near)
            ax.plot([lab.x, nx], [lab.y, ny], color="#7b8a97", lw=0.7, zorder=6, solid_capstyle="round")


def _label_size(n_points: int) -> float:
    """Label font size: larger when few points share the picture."""
    return 11.0 if n_points <= 8 else 10.0 if n_points <= 20 else 9.0


def _joined(names: Sequence[str], most: int = 2) -> str:
    """``Hong Kong / Macao``; more than ``most``: ``A / B +2``."""
    shown = " / ".join(_short(n, 22) for n in names[:most])
    return shown + (f" +{len(names) - most}" if len(names) > most else "")


# --------------------------------------------------------------------------- route map


@lru_cache(maxsize=1)
def _land_path() -> MplPath:
    """Every land ring as one compound path (holes follow the non-zero rule)."""
    verts: list[tuple[float, float]] = []
    codes: list[Any] = []
    for ring in land_rings():
        pts = [ring[0]]
        off = 0.0
        for (x0, _y0), (x1, y1) in zip(ring, ring[1:]):
            if x1 - x0 > 180:  # crossed the antimeridian westwards: keep the ring continuous
                off -= 360
            elif x0 - x1 > 180:
                off += 360
            pts.append((x1 + off, y1))
        crosses = any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:]))
        if off:  # the ring circles a pole (Antarctica): close it along the pole
            pole = -90.0 if sum(p[1] for p in ring) < 0 else 90.0
            pts += [(pts[-1][0], pole), (pts[0][0], pole)]
        for shift in (-360.0, 0.0, 360.0) if crosses else (0.0,):
            verts.extend((x + shift, y) for x, y in pts)
            verts.append((pts[0][0] + shift, pts[0][1]))
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(pts) - 1) + [MplPath.CLOSEPOLY])
    return MplPath(verts, codes)


def _to_edges(segments: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Pieces of a line split at the antimeridian, each carried on to the map's
    edge (longitude ±180, the crossing latitude interpolated), so the line
    visibly leaves on one side and comes back on the other.

    Examples
    --------
    >>> _to_edges([[(170.0, 0.0), (179.0, 1.0)], [(-179.0, 3.0), (-170.0, 4.0)]])
    [[(170.0, 0.0), (179.0, 1.0), (180.0, 2.0)], [(-180.0, 2.0), (-179.0, 3.0), (-170.0, 4.0)]]
    """
    out = [list(seg) for seg in segments]
    for left, right in zip(out, out[1:]):
        (x0, y0), (x1, y1) = left[-1], right[0]
        edge = 180.0 if x0 > 0 else -180.0
        gap = abs(edge - x0) + abs(-edge - x1)
        lat = y0 + (y1 - y0) * (abs(edge - x0) / gap if gap else 0.5)
        left.append((edge, round(lat, 6)))
        right.insert(0, (-edge, round(lat, 6)))
    return out


def _offset(points: list[tuple[float, float]], shift: float) -> list[tuple[float, float]]:
    """The polyline moved sideways (to its right) by ``shift`` degrees."""
    if len(points) < 2 or not shift:
        return points
    out = []
    for i, (x, y) in enumerate(points):
        a = points[max(i - 1, 0)]
        b = points[min(i + 1, len(points) - 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = math.hypot(dx, dy) or 1.0
        out.append((x + dy / n * shift, y - dx / n * shift))
    return out


def route_map_figure(  # noqa: C901
    routes: Sequence[Mapping[str, Any]],
    positions: Mapping[str, Position | None],
    labels: Mapping[str, str] | None = None,
    *,
    size: tuple[float, float] = (12.0, 5.2),
    max_routes: int = 40,
) -> Figure:
    """A map of ``routes`` (route answers, heaviest first): land outlines,
    each route the short way round between its endpoints' (lat, lon)
    ``positions``, coloured and dashed by its ``coverage``, wider the more
    victims a data set counts (``weight["victims"]``). At most ``max_routes``
    (the first: the answers' order). Endpoints without a position are left out
    (see :func:`unplaced`). ``labels`` names endpoints (ids are never drawn).

    Examples
    --------
    >>> r = [{"source": "CHN", "destination": "FRA", "coverage": "none", "weight": {"victims": 5, "evidence": 1}}]
    >>> fig = route_map_figure(r, {"CHN": (39.9, 116.4), "FRA": (48.9, 2.4)})
    >>> len([ln for ln in fig.axes[0].lines if ln.get_gid() == "route"])
    1
    """
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    labels = labels or {}
    drawn = [
        r
        for r in _top_routes(routes, max_routes)
        if positions.get(r["source"]) is not None and positions.get(r["destination"]) is not None
    ]
    if not drawn:
        return _empty(fig, "No route in this scope has two endpoints with a known position.")
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_facecolor(_OCEAN)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])

    lines: list[tuple[Mapping[str, Any], list[list[tuple[float, float]]]]] = []
    pts: dict[str, Position] = {}
    for r in drawn:
        a, b = positions[r["source"]], positions[r["destination"]]
        assert a is not None and b is not None
        pts[r["source"]], pts[r["destination"]] = (a[1], a[0]), (b[1], b[0])
        lines.append((r, _to_edges(great_circle(a, b)) if a != b else []))
    xs = [p[0] for _, segs in lines for s in segs for p in s] + [p[0] for p in pts.values()]
    ys = [p[1] for _, segs in lines for s in segs for p in s] + [p[1] for p in pts.values()]
    aspect = size[0] / size[1]
    x0, x1, y0, y1 = _fit(xs, ys, aspect, pad=0.08, min_w=60)
    if x1 - x0 > 360:
        x0, x1 = -180.0, 180.0
        h = 360 / aspect
        cy = min(max((y0 + y1) / 2, -90 + h / 2), 90 - h / 2)
        y0, y1 = cy - h / 2, cy + h / 2
    elif x0 < -180 or x1 > 180:
        shift = -180 - x0 if x0 < -180 else 180 - x1
        x0, x1 = x0 + shift, x1 + shift
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.add_artist(PathPatch(_land_path(), facecolor=_LAND, edgecolor=_COAST, lw=0.5, zorder=1, gid="land"))
    for lat_line in range(-60, 90, 30):
        ax.axhline(lat_line, color="#e6ebf0", lw=0.5, zorder=0.5)
    for lon_line in range(-180, 181, 30):
        ax.axvline(lon_line, color="#e6ebf0", lw=0.5, zorder=0.5)

    levels: set[str] = set()
    degree: dict[str, int] = dict.fromkeys(pts, 0)
    pairs = {(r["source"], r["destination"]) for r in drawn}
    shift = (x1 - x0) * 0.004
    # thin lines first, so heavy ones stay on top
    for r, segs in sorted(lines, key=lambda rs: line_width(_level(rs[0]), _victims(rs[0]))):
        s, d = r["source"], r["destination"]
        level = _level(r)
        levels.add(level)
        colour = COVERAGE_COLOURS[level]
        width = line_width(level, _victims(r))
        degree[s] += 1
        degree[d] += 1
        if not segs:  # both ends at one position (a province and its country)
            ax.scatter([pts[s][0]], [pts[s][1]], s=260, facecolors="none", edgecolors=colour,
                       linewidths=min(width, 3.0), zorder=3)
            continue
        both_ways = (d, s) in pairs
        for k, seg in enumerate(segs):
            seg = _offset(seg, shift) if both_ways else seg
            ax.plot([p[0] for p in seg], [p[1] for p in seg], color=colour, lw=width, alpha=0.88,
                    linestyle=line_style(level, width / 1.6), solid_capstyle="round", dash_capstyle="round", zorder=3,
                    gid="route")
            if k == len(segs) - 1 and len(seg) >= 2:
                tail, head = _back_off(ax, seg[max(0, len(seg) - 4)], seg[-1], 5.0)
                ax.add_artist(FancyArrowPatch(tail, head, arrowstyle="-|>", mutation_scale=10 + width * 2,
                                              lw=0, color=colour, shrinkA=0, shrinkB=0, zorder=3.5))
    at: dict[Position, list[str]] = {}
    for e, p in pts.items():
        at.setdefault(p, []).append(e)
    weight = {p: sum(degree[e] for e in ends) for p, ends in at.items()}
    for p in at:
        ax.scatter([p[0]], [p[1]], s=22 + 6 * min(weight[p], 12), c="#17202a", zorder=4,
                   edgecolors="white", linewidths=0.8)

    # labels: points closer than a label's height share one label
    size_pt = _label_size(len(at))
    order = sorted(at, key=lambda p: (-weight[p], sorted(at[p])))
    disp = [(str(i), *ax.transData.transform(p)) for i, p in enumerate(order)]
    groups = cluster_points([(k, float(x), float(y)) for k, x, y in disp], radius_px=size_pt * fig.dpi / 72 * 0.6)
    items: list[MapLabel] = []
    marker_boxes = []
    for _, x, y in disp:
        marker_boxes.append((x - 5, y - 5, x + 5, y + 5))
    for g in groups:
        ps = [order[int(k)] for k in g]
        ends = sorted((e for p in ps for e in at[p]), key=lambda e: (len(e) != 3, labels.get(e) or _id_words(e)))
        names = list(dict.fromkeys(labels.get(e) or _id_words(e) for e in ends))  # countries, then places
        cx = sum(p[0] for p in ps) / len(ps)
        cy = sum(p[1] for p in ps) / len(ps)
        items.append(MapLabel(cx, cy, _joined(names), ends, size_pt))
    _legend(ax, levels, _width_key(drawn))
    ax.text(0.995, 0.01, "Land: Natural Earth. Positions: capitals (GeoNames). Lines: the short way round.",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color=_MUTED, zorder=8)
    legend = ax.get_legend()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    obstacles: list[tuple[float, float, float, float]] = list(marker_boxes)
    if legend is not None:
        ext: Any = legend.get_window_extent(renderer)
        obstacles.append((float(ext.x0), float(ext.y0), float(ext.x1), float(ext.y1)))
    _place_labels(fig, ax, items, obstacles)
    fig._ctgraph_labels = items  # type: ignore[attr-defined]  # what was labelled where (tests, captions)
    return fig


def _back_off(ax: Any, a: tuple[float, float], b: tuple[float, float], px: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """(a, b) with ``b`` moved ``px`` pixels back towards ``a`` (so an arrow head stops short of a marker)."""
    (ax_, ay), (bx, by) = ax.transData.transform(a), ax.transData.transform(b)
    d = math.hypot(bx - ax_, by - ay)
    if d <= px * 1.5:
        return a, b
    f = (d - px) / d
    nb = ax.transData.inverted().transform((ax_ + (bx - ax_) * f, ay + (by - ay) * f))
    return a, (float(nb[0]), float(nb[1]))


def _id_words(ident: str) -> str:
    """Last resort for an endpoint with no name: its id's words, never the prefix."""
    _, sep, rest = ident.partition(":")
    return (rest if sep else ident).replace("-", " ").replace("_", " ")


def _width_key(routes: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Legend entries for line width, for the victim counts the routes span."""
    most = max((_victims(r) for r in routes), default=0)
    if most <= 0:
        return []
    steps = [v for v in (10, 100, 1_000, 10_000) if v <= most * 1.5] or [most]
    return [Line2D([0], [0], color="#5d6d7e", lw=line_width(UNKNOWN, v),
                   label=f"{v:,} victims counted") for v in steps[-3:]]


# --------------------------------------------------------------------------- network


def _radial(G: Any, root: str) -> dict[str, tuple[float, float]]:
    """Radial tree layout of one component: ``root`` in the middle, each
    breadth-first level on the next ring, every subtree in an angular sector
    as wide as its number of leaves (so a hub's neighbours spread all round)."""
    children: dict[str, list[str]] = {root: []}
    depth = {root: 0}
    queue = [root]
    for n in queue:
        for m in sorted(G.neighbors(n), key=lambda k: (-G.degree(k), k)):
            if m not in depth:
                depth[m] = depth[n] + 1
                children[n].append(m)
                children[m] = []
                queue.append(m)
    leaves: dict[str, int] = {}
    for n in reversed(queue):
        leaves[n] = max(1, sum(leaves[c] for c in children[n]))
    pos: dict[str, tuple[float, float]] = {root: (0.0, 0.0)}
    sectors = [(root, 0.0, 2 * math.pi)]
    while sectors:
        n, a0, a1 = sectors.pop()
        a = a0
        for c in children[n]:
            span = (a1 - a0) * leaves[c] / leaves[n]
            mid = a + span / 2
            pos[c] = (depth[c] * math.cos(mid), depth[c] * math.sin(mid))
            sectors.append((c, a, a + span))
            a += span
    return pos


def _packed_layout(G: Any, aspect: float) -> dict[str, tuple[float, float]]:
    """Radial layout of each connected component around its busiest node,
    stretched to the picture's aspect; components packed in rows, largest
    first, so that small ones do not shrink the big one to a dot."""
    import networkx as nx

    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[dict[str, tuple[float, float]], float]] = []
    for c in comps:
        root = max(c, key=lambda k: (G.degree(k), [-ord(ch) for ch in k]))
        raw = _radial(G.subgraph(c), root)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        side = math.sqrt(len(c))
        placed.append(({k: ((x - cx) / span * side * aspect, (y - cy) / span * side) for k, (x, y) in raw.items()},
                       side))
    total = sum(side * side * aspect for _, side in placed)
    width = max(placed[0][1] * aspect, math.sqrt(total * aspect)) + 1.0
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for layout, side in placed:
        cell_w, cell_h = side * aspect + 1.0, side + 1.0
        if x > 0 and x + cell_w > width:
            x, y, row_h = 0.0, y - row_h, 0.0
        for k, (px, py) in layout.items():
            pos[k] = (x + cell_w / 2 + px, y - cell_h / 2 + py)
        x += cell_w
        row_h = max(row_h, cell_h)
    return pos


def network_figure(  # noqa: C901
    routes: Sequence[Mapping[str, Any]],
    labels: Mapping[str, str] | None = None,
    jurisdiction: Mapping[str, str] | None = None,
    *,
    size: tuple[float, float] = (12.0, 5.2),
    max_routes: int = 40,
    max_instruments: int = 24,
    per_pair: int = 3,
    skip_levels: Collection[str] = (),
) -> Figure:
    """A network of flows between endpoints: arrows coloured, dashed and sized
    like the map's lines; squares for the ``instruments`` each route says bind
    its pair, joined to both ends; a dotted line from a place to its
    ``jurisdiction``. At most ``max_routes`` routes (the first: answers come
    ranked), ``per_pair`` squares per pair (strongest first; none of a level in
    ``skip_levels``, e.g. the multilateral convention every pair shares, which
    the arrow's colour already says) and ``max_instruments`` in all. The layout
    is radial around the busiest endpoint of each connected part, and deterministic.

    Examples
    --------
    >>> r = [{"source": "CHN", "destination": "FRA", "coverage": "operational",
    ...       "instruments": [{"id": "cooperation:x", "title": "X", "level": "operational"}]}]
    >>> fig = network_figure(r)
    >>> len(fig.axes[0].patches), len([ln for ln in fig.axes[0].lines if ln.get_gid() == "instrument link"])
    (1, 2)
    """
    import networkx as nx

    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    labels = labels or {}
    jurisdiction = jurisdiction or {}
    drawn = _top_routes(routes, max_routes)
    if not drawn:
        return _empty(fig, "No flows in this scope.")

    G = nx.Graph()
    for r in drawn:
        G.add_edge(r["source"], r["destination"])
    ends = list(G.nodes)
    part_of = [(e, jurisdiction[e]) for e in ends if e in jurisdiction and jurisdiction[e] != e]
    for e, j in part_of:
        G.add_edge(e, j)
    draw_w = 0.78  # the right part holds the legend
    aspect = size[0] * draw_w / size[1]
    pos = _packed_layout(G, aspect)
    inst_info: dict[str, Mapping[str, Any]] = {}
    links: set[tuple[str, str]] = set()
    for r in drawn:
        a, b = r["source"], r["destination"]
        if a == b:
            continue
        shown = [i for i in r.get("instruments") or [] if i.get("level") not in skip_levels]
        for k, i in enumerate(shown[:per_pair]):
            if len(inst_info) >= max_instruments:
                break
            node = f"instrument::{i['id']}::{a}::{b}"
            inst_info[node] = i
            (ax_, ay), (bx, by) = pos[a], pos[b]
            dx, dy = bx - ax_, by - ay
            norm = math.hypot(dx, dy) or 1.0
            off = (0.3 + 0.25 * (k // 2)) * (1 if k % 2 == 0 else -1)
            pos[node] = (ax_ + dx * 0.55 - dy / norm * off, ay + dy * 0.55 + dx / norm * off)
            links.update({(node, a), (node, b)})

    ax = fig.add_axes((0.0, 0.0, draw_w, 1.0))
    ax.set_axis_off()
    x0, x1, y0, y1 = _fit([p[0] for p in pos.values()], [p[1] for p in pos.values()], aspect, pad=0.1, min_w=1.0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)

    for a, b in sorted(links):
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], lw=0.9, color="#aab7b8",
                linestyle=(0, (3, 2)), zorder=1, gid="instrument link")
    for a, b in part_of:
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], lw=1.2, color="#7f8c8d",
                linestyle=(0, (1, 2)), zorder=1, gid="place in country")
    levels: set[str] = set()
    pairs = {(r["source"], r["destination"]) for r in drawn}
    for r in drawn:
        s, d = r["source"], r["destination"]
        level = _level(r)
        levels.add(level)
        if s == d:
            continue
        _, tail = _back_off(ax, pos[d], pos[s], 8.0)
        _, head = _back_off(ax, pos[s], pos[d], 10.0)
        ax.add_artist(
            FancyArrowPatch(
                tail, head, connectionstyle=f"arc3,rad={0.2 if (d, s) in pairs else 0.0}",
                arrowstyle="-|>", mutation_scale=13, lw=line_width(level, _victims(r)),
                linestyle=line_style(level, line_width(level, _victims(r)) / 1.6), color=COVERAGE_COLOURS[level],
                alpha=0.9, shrinkA=0, shrinkB=0, zorder=2, gid="flow",
            )
        )
    end_nodes = list(G.nodes)
    ax.scatter([pos[k][0] for k in end_nodes], [pos[k][1] for k in end_nodes], s=110, c="#17202a",
               edgecolors="white", linewidths=1.0, zorder=3)
    inst_nodes = sorted(inst_info)
    if inst_nodes:
        ax.scatter([pos[k][0] for k in inst_nodes], [pos[k][1] for k in inst_nodes], s=60, marker="s",
                   c=[COVERAGE_COLOURS.get(str(inst_info[k].get("level")), "#7f8c8d") for k in inst_nodes],
                   edgecolors="white", linewidths=0.8, zorder=3)
    degree = dict(G.degree())
    size_pt = _label_size(len(end_nodes) + len(inst_nodes))
    items = [MapLabel(pos[k][0], pos[k][1], _short(labels.get(k) or _id_words(k), 24), [k], size_pt)
             for k in sorted(end_nodes, key=lambda k: (-degree[k], k))]
    if len(inst_nodes) <= 12:  # more labels than that only crowd the picture; the notes list them
        items += [MapLabel(pos[k][0], pos[k][1], _short(str(inst_info[k].get("title") or "instrument"), 28), [],
                           size_pt - 1.5, "#424949") for k in inst_nodes]
    extra: list[Any] = [
        Line2D([0], [0], marker="o", color="white", markerfacecolor="#17202a", markersize=8,
               label="country / region / place"),
    ]
    if inst_nodes:
        extra.append(Line2D([0], [0], marker="s", color="white", markerfacecolor="#7f8c8d", markersize=7,
                            label="instrument binding both\nends (colour: its level)"))
    if part_of:
        extra.append(Line2D([0], [0], color="#7f8c8d", lw=1.2, linestyle=(0, (1, 2)), label="place in country"))
    extra.extend(_width_key(drawn))
    _legend(ax, levels, extra, loc="upper left", anchor=(1.0, 1.0))
    markers = []
    for k in end_nodes + inst_nodes:
        x, y = ax.transData.transform(pos[k])
        markers.append((x - 6, y - 6, x + 6, y + 6))
    _place_labels(fig, ax, items, markers)
    fig._ctgraph_labels = items  # type: ignore[attr-defined]
    return fig


# --------------------------------------------------------------------------- TIP tiers


def tier_figure(tiers: Sequence[Mapping[str, Any]], *, size: tuple[float, float] = (12.0, 2.6)) -> Figure:
    """A country's US TIP report tier by year as a step line (Tier 1 at the top).

    Examples
    --------
    >>> fig = tier_figure([{"year": 2014, "rank": 4, "tier_label": "Tier 3"},
    ...                    {"year": 2015, "rank": 3, "tier_label": "Tier 2 Watch List"}])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Tier 1', 'Tier 2', 'Tier 2 Watch List', 'Tier 3']
    """
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    if not tiers:
        return _empty(fig, "No TIP tier recorded.")
    ax = fig.add_axes((0.13, 0.2, 0.85, 0.72))
    years = [int(t["year"]) for t in tiers]
    ranks = [int(t["rank"]) for t in tiers]
    ax.step(years, ranks, where="mid", color="#34495e", lw=2.2, zorder=2)
    ax.scatter(years, ranks, s=34, color="#34495e", zorder=3)
    ax.set_ylim(4.5, 0.5)
    ax.set_yticks([1, 2, 3, 4], [tier_word(k) for k in TIER_LABELS])
    ax.set_xticks(years, [str(y) for y in years])
    ax.tick_params(labelsize=9, colors=_MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e5e8eb", lw=0.8, zorder=0)
    ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
    return fig


# --------------------------------------------------------------------------- figures over time

#: Dash per series of one data set (solid first), as the dashboard's series chart draws them.
_SERIES_DASHES: list[Any] = ["solid", (0, (6, 3)), (0, (2, 2)), (0, (8, 2, 2, 2))]


def series_figure(points: Sequence[Mapping[str, Any]], labels: Mapping[str, str], *, y_title: str = "",
                  size: tuple[float, float] = (12.0, 4.6)) -> Figure:
    """Published counts over time, the deck's picture of what the dashboard's series chart
    shows: one line per data set (colour) and series (dash), never added across data sets.
    A year whose cells were all "<5" is a short bar over 1-4 marked "<5", never a point at
    0; a year with some "<5" cells is a hollow point (the count is at least that).
    ``points``: ``SeriesPoint``-shaped rows (:func:`graph.analysis.victims_over_time`,
    :func:`dashboard.series.route_points`); ``labels``: data set id -> name.

    Examples
    --------
    >>> pts = [{"dataset": "source:g", "series": "detected in China", "year": 2019, "victims": 0,
    ...         "suppressed_cells": 1}, {"dataset": "source:g", "series": "detected in China", "year": 2020,
    ...         "victims": 12, "suppressed_cells": 0}]
    >>> ax = series_figure(pts, {"source:g": "GLOTIP"}).axes[0]
    >>> [t.get_text() for t in ax.get_legend().get_texts()], [t.get_text() for t in ax.texts]
    (['GLOTIP: detected in China'], ['<5'])
    >>> ax.get_lines()[0].get_xydata().tolist()  # the line never passes through the "<5" year
    [[2020.0, 12.0]]
    """
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    if not points:
        return _empty(fig, "No data set counts victims here.")
    from matplotlib.ticker import FuncFormatter, MaxNLocator


    def name(ds: str) -> str:
        return str(labels.get(ds) or _id_words(ds))

    datasets = sorted({str(p["dataset"]) for p in points}, key=lambda d: name(d).casefold())
    colour = {d: DATASET_COLOURS[i % len(DATASET_COLOURS)] for i, d in enumerate(datasets)}
    lines: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for p in sorted(points, key=lambda p: (str(p["dataset"]), str(p["series"]), int(p["year"]))):
        lines.setdefault((str(p["dataset"]), str(p["series"])), []).append(p)
    dash: dict[str, dict[str, Any]] = {}
    for ds, series in lines:
        dash.setdefault(ds, {})
        dash[ds].setdefault(series, _SERIES_DASHES[len(dash[ds]) % len(_SERIES_DASHES)])
    ax = fig.add_axes((0.08, 0.3, 0.9, 0.65))
    years = sorted({int(p["year"]) for p in points})
    top = max([int(p["victims"]) for p in points] + [SUPPRESSED_TOP])
    for (ds, series), pts in lines.items():
        _series_line(ax, pts, colour[ds], dash[ds][series], mathtext_safe(f"{name(ds)}: {series}"), top)
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylim(0, top * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=min(len(years), 12)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v):,}"))
    if y_title:
        ax.set_ylabel(mathtext_safe(y_title), fontsize=10, color=_MUTED)
    ax.tick_params(labelsize=9, colors=_MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e5e8eb", lw=0.8, zorder=0)
    leg = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=9, frameon=False,
                    handlelength=3.2)
    for text in leg.get_texts():
        text.set_color(_TEXT)
    return fig


def _series_line(ax: Any, pts: Sequence[Mapping[str, Any]], colour: str, dash: Any, label: str, top: int) -> None:
    """One data set's series: a line through its published years (a hollow point where some
    cells were "<5"), and a bar over 1-4 marked "<5" for a year whose cells all were."""
    shown = [p for p in pts if not (int(p["victims"]) == 0 and int(p["suppressed_cells"]) > 0)]
    if shown:
        ax.plot([int(p["year"]) for p in shown], [int(p["victims"]) for p in shown], color=colour, lw=2,
                linestyle=dash, zorder=2, label=label)
        for p in shown:
            hollow = int(p["suppressed_cells"]) > 0  # some cells "<5": at least this many
            ax.plot([int(p["year"])], [int(p["victims"])], marker="o", ms=6, mew=1.8, color=colour,
                    markerfacecolor="white" if hollow else colour, zorder=3)
    labelled = bool(shown)
    for p in pts:
        if int(p["victims"]) == 0 and int(p["suppressed_cells"]) > 0:  # every cell "<5": 1-4, never 0
            ax.vlines([int(p["year"])], 1, SUPPRESSED_TOP, color=colour, lw=5, alpha=0.6, zorder=2,
                      linestyle="solid", label=None if labelled else label)
            labelled = True  # one legend entry per line
            ax.annotate("<5", (int(p["year"]), SUPPRESSED_TOP), xytext=(0, 5), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8.5, color=colour, zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": colour, "lw": 0.6})


# --------------------------------------------------------------------------- PNG


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    """PNG bytes of a figure drawn on an Agg canvas.

    Examples
    --------
    >>> figure_png(Figure(figsize=(1, 1)))[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    buf = io.BytesIO()
    FigureCanvasAgg(fig)
    # fast zlib level: a deck picture is written once; size matters less than export time
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 2})
    return buf.getvalue()


def route_map_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`route_map_figure` as PNG bytes."""
    return figure_png(route_map_figure(*args, **kwargs), dpi=dpi)


def network_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`network_figure` as PNG bytes."""
    return figure_png(network_figure(*args, **kwargs), dpi=dpi)


def tier_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`tier_figure` as PNG bytes."""
    return figure_png(tier_figure(*args, **kwargs), dpi=dpi)


def series_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`series_figure` as PNG bytes."""
    return figure_png(series_figure(*args, **kwargs), dpi=dpi)
