"""Geographic route map without a map-tile server (pure function).

A Vega-Lite spec (Streamlit bundles Vega, so nothing is fetched):

- land outlines from Natural Earth 1:110m, shipped in ``dashboard/data`` and
  handed to Vega as TopoJSON *values* (:func:`dashboard.geo.world_topology`):
  no tile, no URL, no CDN;
- optionally every country filled by its US TIP report tier in a year
  (context, not coverage);
- routes as great-circle lines, the short way round and split at the
  antimeridian (:func:`dashboard.geo.great_circle`), in the colour and dash of
  their coverage level (:mod:`dashboard.palette`, shared with the network and
  the deck) and as wide as the network draws them (:func:`dashboard.network.edge_width`);
- endpoints as points, labelled where a label fits: labels are placed in map
  pixels (Equal Earth, the map's projection) beside their point and never on
  top of another label or point (Hong Kong and Macau no longer read "MAG");
  a label that fits nowhere is left out and its point keeps its tooltip.

Endpoints without a position (for example "European countries", a region-level
endpoint) are not invented: they are returned in ``RouteMap.unplaced``.

Text reaches the chart only as data values; Vega draws it as SVG/canvas text
and its tooltip handler escapes HTML.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ctgraph.dashboard.geo import great_circle, iso3_of_numeric, world_topology
from ctgraph.dashboard.network import FlowEdge, edge_width
from ctgraph.dashboard.palette import COVERAGE_COLOURS, COVERAGE_DASHES, LEVELS, TIER_COLOURS, TIER_NOT_RANKED, UNKNOWN
from ctgraph.graph.i18n import N_, _
from ctgraph.graph.vocabulary import display_name, exploitation_label, id_kind
from ctgraph.graph.wording import tier_word

__all__ = [
    "COVERAGE_COLOURS",
    "RouteMap",
    "route_map",
    "Position",
    "equal_earth",
    "place_labels",
    "frame_of",
    "VIEWS",
    "MAP_WIDTH",
    "MAP_HEIGHT",
]

Position = tuple[float, float]

#: The map's size in pixels: the whole globe fits it (Equal Earth is about 2.05 : 1).
MAP_WIDTH = 920
MAP_HEIGHT = 450

_LABEL_FONT = 11
#: Map lines are the network's widths scaled down (a world map is denser than the network).
MAP_LINE_SCALE = 0.5
_LAND = "#e4dfd3"


@dataclass(frozen=True)
class RouteMap:
    """The Vega-Lite spec, how many routes it draws and which endpoints it could not place."""

    spec: dict[str, Any]
    drawn: int
    unplaced: list[str] = field(default_factory=list)
    labels_left_out: list[str] = field(default_factory=list)


# Equal Earth (Šavrič, Patterson & Jenny 2018), as d3-geo's geoEqualEarth.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX, _Y_MAX = 2.7066297319215575, 1.3173627591574133  # the projected sphere's half width and height


def equal_earth(lat: float, lon: float) -> tuple[float, float]:
    """Equal Earth coordinates (unit sphere) of a point; y grows northwards.

    Examples
    --------
    >>> x, y = equal_earth(0.0, 180.0)
    >>> round(x, 4), round(y, 4)
    (2.7066, 0.0)
    """
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


@dataclass(frozen=True)
class Frame:
    """What a map shows at zoom 1: the centre (lon, lat) and the Equal Earth scale."""

    lon: float
    lat: float
    scale: float


#: The views a route map can open on: the whole globe, or Europe (where many routes meet).
VIEWS: dict[str, tuple[float, float, tuple[float, float, float, float]]] = {
    # name: (centre lon, centre lat, (west, south, east, north) to fit)
    "world": (0.0, 0.0, (-180.0, -90.0, 180.0, 90.0)),
    "europe": (15.0, 52.0, (-11.0, 35.0, 41.0, 66.0)),
}


def _raw(lat: float, lon: float, frame_lon: float) -> tuple[float, float]:
    lon = (lon - frame_lon + 540.0) % 360.0 - 180.0
    return equal_earth(lat, lon)


def frame_of(view: str, width: int, height: int) -> Frame:
    """The centre and scale that fit a view into width x height pixels.

    Examples
    --------
    >>> f = frame_of("world", 920, 450)
    >>> round(f.scale, 1), (f.lon, f.lat)
    (170.0, (0.0, 0.0))
    """
    lon0, lat0, (w, s_, e, n) = VIEWS[view]
    if view == "world":
        return Frame(lon0, lat0, min(width / (2 * _X_MAX), height / (2 * _Y_MAX)))
    cx, cy = _raw(lat0, lon0, lon0)
    xs, ys = [], []
    for lat in (s_, lat0, n):
        for lon in (w, lon0, e):
            x, y = _raw(lat, lon, lon0)
            xs.append(abs(x - cx))
            ys.append(abs(y - cy))
    return Frame(lon0, lat0, min(width / (2 * max(xs)), height / (2 * max(ys))))


def _pixels(lat: float, lon: float, width: int, height: int, frame: Frame | None = None,
            zoom: float = 1.0) -> tuple[float, float]:
    """Where Vega draws a point (Equal Earth, centred on ``frame``, scaled by ``zoom``)."""
    f = frame or frame_of("world", width, height)
    cx, cy = _raw(f.lat, f.lon, f.lon)
    x, y = _raw(lat, lon, f.lon)
    k = f.scale * zoom
    return width / 2 + (x - cx) * k, height / 2 - (y - cy) * k


#: Zoom levels at which labels are placed: a label hidden at one level shows once the wheel zooms in far enough.
LABEL_ZOOMS = (1.0, 2.0, 4.0, 8.0)
#: How far the wheel zooms in.
MAX_ZOOM = 16


#: Label placements tried in order: (name, dx, dy, align, baseline).
_PLACES: list[tuple[str, int, int, str, str]] = [
    ("above", 0, -8, "center", "bottom"),
    ("right", 7, 0, "left", "middle"),
    ("below", 0, 8, "center", "top"),
    ("left", -7, 0, "right", "middle"),
    ("above-right", 6, -6, "left", "bottom"),
    ("below-left", -6, 6, "right", "top"),
]


def _box(x: float, y: float, text: str, place: tuple[str, int, int, str, str]) -> tuple[float, float, float, float]:
    _, dx, dy, align, baseline = place
    w, h = len(text) * _LABEL_FONT * 0.66 + 3, _LABEL_FONT + 5  # bold glyphs, line height: a little margin
    left = x + dx - (w / 2 if align == "center" else w if align == "right" else 0)
    top = y + dy - (h / 2 if baseline == "middle" else h if baseline == "bottom" else 0)
    return left, top, left + w, top + h


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float], gap: float = 3.0) -> bool:
    """Do two boxes come closer than ``gap`` pixels (rendered text spills a little past its box)?"""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def place_labels(
    points: list[tuple[str, float, float, str]], *, radius: float = 4.0
) -> tuple[dict[str, str], list[str]]:
    """Choose a placement beside each point (id, x, y, text in pixels; most
    important first) so that no label covers another label or a point.

    Returns ``{id: placement}`` and the ids whose label fits nowhere.

    Examples
    --------
    >>> placed, left_out = place_labels([("HKG", 500.0, 200.0, "HKG"), ("MAC", 499.0, 200.5, "MAC")])
    >>> sorted(placed.items()), left_out
    ([('HKG', 'above'), ('MAC', 'below')], [])
    """
    boxes: list[tuple[float, float, float, float]] = [
        (x - radius, y - radius, x + radius, y + radius) for _, x, y, _ in points
    ]
    chosen: dict[str, str] = {}
    left_out: list[str] = []
    for ident, x, y, text in points:
        if not text:
            continue
        for place in _PLACES:
            b = _box(x, y, text, place)
            own = (x - radius, y - radius, x + radius, y + radius)
            if not any(_overlaps(b, o) for o in boxes if o != own):
                chosen[ident] = place[0]
                boxes.append(b)
                break
        else:
            left_out.append(ident)
    return chosen, left_out


def _label(endpoint: str, names: Mapping[str, str]) -> str:
    """Map label: a country's or a region's (short) name; nothing for a place,
    which sits on its country's point.

    Examples
    --------
    >>> _label("CHN", {"CHN": "China"}), _label("place:guangdong", {}), _label("region:congo", {"region:congo": "Congo"})
    ('China', '', 'Congo')
    """
    kind = id_kind(endpoint)
    if kind in ("Country", "Region"):
        name = display_name(endpoint, names)
        return name if len(name) <= 20 else name[:19] + "…"
    return ""


def _tier_topology(tiers: Mapping[str, str]) -> dict[str, Any]:
    """Natural Earth countries with each one's tier (or "not ranked") as a property."""
    topo = copy.deepcopy(world_topology("countries"))
    iso3 = iso3_of_numeric()
    for g in topo["objects"]["countries"]["geometries"]:
        code = iso3.get(str(g.get("id") or ""))
        props = g.setdefault("properties", {})
        props["tier"] = tier_word(tiers[code]) if code is not None and code in tiers else _("not ranked")
    return topo


def _navigation(frame: Frame, width: int, height: int) -> list[dict[str, Any]]:
    """Wheel to zoom (1 to :data:`MAX_ZOOM` times) about the pointer, drag to pan, double-click
    to go back: one ``view`` signal ``[zoom, x, y]`` (the scale factor and where the frame's
    centre is drawn, in the plot's pixels) updated as one, so a wheel step moves the centre
    towards or away from the pointer by exactly the zoom's factor and the point under the
    pointer stays where it is (as d3-zoom does); at zoom 1 the map is centred again.
    The projection's scale is ``frame.scale * zoom`` and its translate ``[x, y]``."""
    home = f"[1, {width / 2:g}, {height / 2:g}]"
    new_zoom = f"clamp(view[0] * pow(1.0015, -event.deltaY * pow(16, event.deltaMode)), 1, {MAX_ZOOM})"
    # the point under the pointer stays: p' = pointer - (pointer - p) * zoom' / zoom
    about = (f"[{new_zoom}, x() - (x() - view[1]) * {new_zoom} / view[0], "
             f"y() - (y() - view[2]) * {new_zoom} / view[0]]")
    drag = "[pointerdown, window:pointerup] > window:pointermove"
    return [
        {"name": "view", "value": [1, width / 2, height / 2], "on": [
            {"events": {"type": "wheel", "consume": True}, "update": f"{new_zoom} <= 1 ? {home} : {about}"},
            {"events": drag, "update": "[view[0], grab[2] + x() - grab[0], grab[3] + y() - grab[1]]"},
            {"events": "dblclick", "update": home}]},
        {"name": "grab", "value": [0, 0, width / 2, height / 2],
         "on": [{"events": "pointerdown", "update": "[x(), y(), view[1], view[2]]"}]},
        {"name": "zoom", "expr": "view[0]"},
    ]


def _arrow(rid: int, line: list[tuple[float, float]], frame: Frame, width: int, height: int) -> dict[str, Any]:
    """An arrowhead on a route's line, most of the way to its destination, pointing
    along the line (angle in degrees clockwise from up, as the map draws it)."""
    i = max(1, int(len(line) * 0.8))
    (lon1, lat1), (lon2, lat2) = line[i - 1], line[min(i, len(line) - 1)]
    x1, y1 = _pixels(lat1, lon1, width, height, frame)
    x2, y2 = _pixels(lat2, lon2, width, height, frame)
    return {"rid": rid, "lon": lon2, "lat": lat2, "angle": round(math.degrees(math.atan2(x2 - x1, y1 - y2)), 1)}


def _field(name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **more}


def _tip(name: str, title: str, kind: str = "nominal", **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, "title": _(title), **more}  # titles come marked with N_


def route_map(  # noqa: C901
    edges: Iterable[FlowEdge],
    names: Mapping[str, str],
    position: Callable[[str], Position | None],
    *,
    tiers: Mapping[str, str] | None = None,
    tier_year: int | None = None,
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
    view: str = "world",
) -> RouteMap:
    """Great-circle lines between the positions of each edge's endpoints, coloured,
    dashed and sized as the network draws them, over offline land outlines.

    ``tiers`` (ISO code -> tier label, e.g. from ``store.nodes("TipTier")``)
    fills each country by its US TIP tier in ``tier_year`` instead of plain land.
    ``view``: "world" or "europe" (:data:`VIEWS`). The wheel zooms (up to
    :data:`MAX_ZOOM` times) and dragging pans; labels that do not fit appear as
    the map zooms in (:data:`LABEL_ZOOMS`); an arrowhead near each line's end shows
    its direction.
    The result is a plain Vega-Lite spec (``st.vega_lite_chart``): built directly,
    it costs milliseconds where Altair's validation of the outlines took a second.

    Examples
    --------
    >>> pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.3)}.get
    >>> m = route_map([FlowEdge("CHN", "FRA", coverage="none"), FlowEdge("CHN", "region:x")], {}, pos)
    >>> m.drawn, m.unplaced, m.spec["layer"][2]["data"]["format"]["feature"]
    (1, ['region:x'], 'land')
    """
    frame = frame_of(view, width, height)
    arrows: list[dict[str, Any]] = []
    points_of_lines: list[dict[str, Any]] = []
    info: list[dict[str, Any]] = []
    flows: dict[str, int] = defaultdict(int)
    weight: dict[str, int] = defaultdict(int)
    unplaced: set[str] = set()
    placed: dict[str, Position] = {}
    for e in edges:
        a, b = position(e.source), position(e.destination)
        for ident, p in ((e.source, a), (e.destination, b)):
            if p is None:
                unplaced.add(ident)
            else:
                placed[ident] = p
        if a is None or b is None or e.source == e.destination:
            continue
        rid = len(info)
        for n in (e.source, e.destination):
            flows[n] += 1
            weight[n] += e.victims_counted
        info.append(
            {
                "rid": rid,
                "route": f"{display_name(e.source, names)} → {display_name(e.destination, names)}",
                "coverage": e.coverage,
                "binds": e.binds or "nothing",
                "victims": e.victims_counted,
                "figures": e.figures or "no data set counts it",
                "exploitation": ", ".join(exploitation_label(x) for x in e.exploitation) or "not stated",
                "evidence": e.evidence,
                "width": round(edge_width(e.coverage, e.victims_counted) * MAP_LINE_SCALE, 2),
            }
        )
        segs = great_circle(a, b, steps=24)
        for k, seg in enumerate(segs):
            for order, (lon, lat) in enumerate(seg):
                points_of_lines.append({"rid": rid, "seg": f"{rid}-{k}", "order": order, "lon": lon, "lat": lat})
        arrows.append(_arrow(rid, [p for seg in segs for p in seg], frame, width, height))

    ranked = sorted((i for i in placed if flows[i]), key=lambda i: (-weight[i], -flows[i], i))
    chosen: dict[str, str] = {}
    min_zoom: dict[str, float] = {}
    for z in LABEL_ZOOMS:  # a label that fits nowhere at one zoom gets its place at the first zoom it fits
        pts = [(i, *_pixels(placed[i][0], placed[i][1], width, height, frame, z), _label(i, names)) for i in ranked]
        at_z = place_labels(pts)[0]  # (``_`` is the translation function here)
        for i, where in at_z.items():
            if i not in chosen:
                chosen[i], min_zoom[i] = where, z
    left_out = [i for i in ranked if _label(i, names) and min_zoom.get(i, MAX_ZOOM) > 1.0]
    points = [
        {
            "lat": placed[i][0],
            "lon": placed[i][1],
            "name": display_name(i, names),
            "flows": flows[i],
            "label": _label(i, names) if i in chosen else "",
            "place": chosen.get(i, ""),
            "minzoom": min_zoom.get(i, MAX_ZOOM + 1),
        }
        for i in ranked
    ]

    present = {r["coverage"] for r in info}
    domain = [c for c in LEVELS if c in present] or list(LEVELS)
    colour = _field("coverage", "nominal", title=_("Coverage"), scale={
        "domain": domain, "range": [COVERAGE_COLOURS.get(c, COVERAGE_COLOURS[UNKNOWN]) for c in domain]},
        legend={"orient": "bottom", "columns": 7})
    dash = _field("coverage", "nominal", legend=None, scale={
        "domain": domain, "range": [COVERAGE_DASHES.get(c) or [1, 0] for c in domain]})
    geo = {"longitude": _field("lon", "quantitative"), "latitude": _field("lat", "quantitative")}

    layers: list[dict[str, Any]] = [
        {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#eef4fa", "stroke": "#b8c7d6",
                                            "strokeWidth": 0.8, "tooltip": None}},
        {"data": {"graticule": {"step": [30, 30]}},
         "mark": {"type": "geoshape", "stroke": "#d3dde8", "strokeWidth": 0.5, "filled": False, "tooltip": None}},
    ]
    if tiers is not None:
        tier_domain = [*(tier_word(k) for k in TIER_COLOURS), _("not ranked")]
        layers.append({
            "name": "countries",
            "data": {"values": _tier_topology(tiers), "format": {"type": "topojson", "feature": "countries"}},
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
            "encoding": {
                "color": _field("properties.tier", "nominal",
                                title=_("US TIP tier {year}", year=tier_year) if tier_year else _("US TIP tier"),
                                scale={"domain": tier_domain, "range": [*TIER_COLOURS.values(), TIER_NOT_RANKED]},
                                legend={"orient": "bottom"}),
                "tooltip": [_tip("properties.name", N_("Country")), _tip("properties.tier", N_("US TIP tier"))],
            },
        })
    else:
        layers.append({
            "name": "land",
            "data": {"values": world_topology("land"), "format": {"type": "topojson", "feature": "land"}},
            "mark": {"type": "geoshape", "fill": _LAND, "stroke": "#b9b2a3", "strokeWidth": 0.5, "tooltip": None},
        })
    info_fields = ["route", "coverage", "binds", "victims", "figures", "exploitation", "evidence", "width"]
    layers.append({
        "name": "routes",
        "data": {"name": "route_points"},
        "transform": [{"lookup": "rid", "from": {"data": {"name": "route_info"}, "key": "rid",
                                                  "fields": info_fields}}],
        "mark": {"type": "line", "opacity": 0.9, "strokeCap": "round"},
        "encoding": {
            **geo,
            "detail": _field("seg", "nominal"),
            "order": _field("order", "quantitative"),
            "color": colour,
            "strokeDash": dash,
            "strokeWidth": _field("width", "quantitative", scale=None, legend=None),
            "tooltip": [
                _tip("route", N_("Route")),
                _tip("coverage", N_("Coverage")),
                _tip("binds", N_("What binds both sides")),
                _tip("victims", N_("Victims counted (largest data set)"), "quantitative", format=","),
                _tip("figures", N_("Data sets (never added)")),
                _tip("exploitation", N_("Exploitation")),
                _tip("evidence", N_("Evidence items"), "quantitative"),
            ],
        },
    })
    layers.append({
        "name": "arrows",
        "data": {"name": "arrows"},
        "transform": [{"lookup": "rid", "from": {"data": {"name": "route_info"}, "key": "rid", "fields": info_fields}}],
        "mark": {"type": "point", "shape": "triangle-up", "filled": True, "opacity": 0.95, "stroke": "white",
                 "strokeWidth": 0.6},
        "encoding": {
            **geo,
            "angle": _field("angle", "quantitative", scale=None),
            "size": _field("width", "quantitative", scale={"domain": [0.5, 6], "range": [90, 260]}, legend=None),
            "color": {**colour, "legend": None},
            "tooltip": [_tip("route", N_("Route")), _tip("coverage", N_("Coverage"))],
        },
    })
    for name, dx, dy, align, baseline in _PLACES:
        layers.append({
            "data": {"name": "endpoints"},
            "transform": [{"filter": {"field": "place", "equal": name}}, {"filter": "datum.minzoom <= zoom"}],
            "mark": {"type": "text", "dx": dx, "dy": dy, "align": align, "baseline": baseline,
                     "fontSize": _LABEL_FONT, "fontWeight": "bold", "color": "#1f2d3d", "tooltip": None},
            "encoding": {**geo, "text": _field("label", "nominal")},
        })
    layers.append({
        "name": "endpoints",
        "data": {"name": "endpoints"},
        "mark": {"type": "circle", "color": "#2f4b7c", "opacity": 0.9, "stroke": "white", "strokeWidth": 0.8,
                 "size": 46},
        "encoding": {**geo, "tooltip": [_tip("name", N_("Endpoint")), _tip("flows", N_("Routes drawn"), "quantitative")]},
    })
    for layer in layers:  # nothing drawn outside the map's frame once zoomed in
        layer["mark"]["clip"] = True
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        # the plot is exactly width x height (legends go outside it): labels are placed in these pixels
        "autosize": {"type": "pad"},
        "params": _navigation(frame, width, height),
        "projection": {
            "type": "equalEarth",
            "scale": {"expr": f"{frame.scale:.4f} * zoom"},
            "translate": {"expr": "[view[1], view[2]]"},
            "rotate": [-frame.lon, 0, 0],
            "center": [0, frame.lat],
        },
        "datasets": {"route_points": points_of_lines, "route_info": info, "endpoints": points, "arrows": arrows},
        "layer": layers,
    }
    if tiers is not None:
        spec["resolve"] = {"scale": {"color": "independent"}}  # the tiers' legend apart from the coverage one
    return RouteMap(spec=spec, drawn=len(info), unplaced=sorted(unplaced), labels_left_out=left_out)
