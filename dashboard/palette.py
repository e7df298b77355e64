"""One palette: a colour (and a line style) per coverage level, used by the web
route map, the network, the static pictures and the deck alike.

The scale runs from red (nothing binds the pair) to green (a bilateral
instrument), colour-blind safe (ColorBrewer RdYlBu-like, with a distinct
blue for the global conventions) and distinguishable by line style as well as
colour, so a printed deck in grey still reads.
"""

from __future__ import annotations

from ctgraph.graph.model import COVERAGE_ORDER, Coverage
from ctgraph.graph.vocabulary import INTERNAL

__all__ = ["TIER_COLOURS", "TIER_NOT_RANKED", "COVERAGE_COLOURS", "COVERAGE_DASHES", "COVERAGE_WIDTHS", "LEVELS", "UNKNOWN",
           "DATASET_COLOURS", "coverage_colour"]

#: Coverage of a pair the answer does not say (never expected; drawn grey, dotted).
UNKNOWN = "unknown"

#: Every level a route can show, strongest first, then internal flows.
LEVELS: list[str] = [c.value for c in reversed(COVERAGE_ORDER)] + [INTERNAL]

#: One colour per coverage level.
COVERAGE_COLOURS: dict[str, str] = {
    Coverage.BILATERAL.value: "#1a9850",
    Coverage.REGIONAL.value: "#4575b4",
    Coverage.MULTILATERAL.value: "#74add1",
    Coverage.OPERATIONAL.value: "#fdae61",
    Coverage.NEGOTIATING.value: "#f46d43",
    Coverage.NONE.value: "#d73027",
    INTERNAL: "#8c8c8c",
    UNKNOWN: "#bdbdbd",
}

#: Dash pattern (on, off, ... in px) per level: solid for formal instruments,
#: ever more broken the weaker the cover (vis.js / matplotlib / PowerPoint all take it).
COVERAGE_DASHES: dict[str, list[int] | None] = {
    Coverage.BILATERAL.value: None,
    Coverage.REGIONAL.value: None,
    Coverage.MULTILATERAL.value: [12, 4],
    Coverage.OPERATIONAL.value: [6, 4],
    Coverage.NEGOTIATING.value: [2, 4],
    Coverage.NONE.value: [1, 5],
    INTERNAL: None,
    UNKNOWN: [1, 8],
}

#: Base line width per level (stronger cover, thicker line; magnitude scales it further).
COVERAGE_WIDTHS: dict[str, float] = {
    Coverage.BILATERAL.value: 4.0,
    Coverage.REGIONAL.value: 3.5,
    Coverage.MULTILATERAL.value: 3.0,
    Coverage.OPERATIONAL.value: 2.5,
    Coverage.NEGOTIATING.value: 2.0,
    Coverage.NONE.value: 2.0,
    INTERNAL: 1.5,
    UNKNOWN: 1.5,
}


#: US TIP report tiers (context, never coverage): a sequential purple scale from Tier 1
#: (light) to Tier 3 (dark), so a country shaded by its tier is never read as a route's
#: coverage colour (no red, green, blue or orange of :data:`COVERAGE_COLOURS`).
TIER_COLOURS: dict[str, str] = {
    "Tier 1": "#dadaeb",
    "Tier 2": "#9e9ac8",
    "Tier 2 Watch List": "#756bb1",
    "Tier 3": "#3f007d",
}

#: A country the TIP report did not rank that year.
TIER_NOT_RANKED = "#f4f2ee"


def coverage_colour(level: str) -> str:
    """The colour of a coverage level.

    Examples
    --------
    >>> coverage_colour("none"), coverage_colour("something else") == coverage_colour("unknown")
    ('#d73027', True)
    """
    return COVERAGE_COLOURS.get(level, COVERAGE_COLOURS[UNKNOWN])

#: One colour per data set in figures over time (qualitative, none of the coverage or tier colours),
#: the same in the dashboard's charts and the deck's pictures.
DATASET_COLOURS = ["#1f77b4", "#9467bd", "#8c564b", "#17becf", "#e377c2", "#7f7f7f", "#bcbd22", "#ff7f0e"]
