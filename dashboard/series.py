"""One route's published figures as points of a figure over time (``SeriesPoint``-shaped
rows), shared by the dashboard's charts (:mod:`dashboard.charts`) and the deck's
pictures (:func:`dashboard.pictures.series_figure`); pure, with no pandas or matplotlib.

A point is one data set's count for one series and year: ``victims`` the published
count, ``suppressed_cells`` how many of its cells were "<5" (a year whose cells were
all "<5" has ``victims`` 0 and is drawn as "<5", never as 0). Data sets are never added.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ctgraph.graph.answers import SeriesPoint

__all__ = ["SUPPRESSED_TOP", "route_points", "route_group_points"]

#: A "<5" cell is 1 to 4 victims: a year whose cells were all "<5" is drawn as that range, never at 0.
SUPPRESSED_TOP = 4


def route_points(route: Mapping[str, Any]) -> list[SeriesPoint]:
    """One route's published counts per data set and year (``SeriesPoint``-shaped rows,
    the series being what the figure counts).

    Examples
    --------
    >>> r = {"corroboration": [{"dataset": "source:g", "counts": "victims of China citizenship detected in France",
    ...      "basis": "citizenship", "by_year": [{"year": 2019, "victims": 0, "suppressed_cells": 1, "coverage": "x"}]}]}
    >>> route_points(r)[0]["series"], route_points(r)[0]["cells"]
    ('victims of China citizenship detected in France', 1)
    """
    return [
        {
            "dataset": c["dataset"],
            "series": str(c.get("counts") or c.get("basis") or "victims"),
            "year": int(y["year"]),
            "victims": int(y["victims"]),
            "suppressed_cells": int(y["suppressed_cells"]),
            "cells": max(1, int(y["suppressed_cells"])),
        }
        for c in route.get("corroboration", [])
        for y in c.get("by_year", [])
    ]


def route_group_points(route: Mapping[str, Any], dim: str) -> list[SeriesPoint]:
    """One route's counts by sex (``dim`` = ``sex``) or age group (``age``) per data set and year
    (``SeriesPoint``-shaped rows, the group being the series), as each data set publishes them.

    Examples
    --------
    >>> r = {"corroboration": [{"dataset": "source:c", "by_sex": [
    ...      {"year": 2019, "group": "Female", "victims": 3, "suppressed_cells": 0}]}]}
    >>> [(x["series"], x["victims"]) for x in route_group_points(r, "sex")], route_group_points(r, "age")
    ([('Female', 3)], [])
    """
    return [
        {
            "dataset": c["dataset"],
            "series": str(g["group"]),
            "year": int(g["year"]),
            "victims": int(g["victims"]),
            "suppressed_cells": int(g["suppressed_cells"]),
            "cells": max(1, int(g["suppressed_cells"])),
        }
        for c in route.get("corroboration", [])
        for g in c.get(f"by_{dim}", [])
    ]
