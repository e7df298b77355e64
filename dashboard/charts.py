"""Charts of query answers (pure functions returning Altair/Vega-Lite charts).

Vega-Lite is bundled with Streamlit: nothing is fetched. Text from sources is
passed as data values only (drawn as SVG/canvas text; tooltips escaped by
Vega's tooltip handler).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from dashboard.routemap import COVERAGE_COLOURS
from dashboard.tables import display_name, joined

__all__ = ["STATUS_COLOURS", "date_span", "timeline_frame", "agreements_timeline", "coverage_heatmap"]

#: Agreement status colours: signed (settled) to proposed (least settled).
STATUS_COLOURS: dict[str, str] = {"signed": "#1a9850", "negotiating": "#f46d43", "proposed": "#fdae61"}


def _start(part: str) -> date:
    bits = [int(x) for x in part.split("-")]
    return date(bits[0], bits[1] if len(bits) > 1 else 1, bits[2] if len(bits) > 2 else 1)


def _end(part: str) -> date:
    bits = [int(x) for x in part.split("-")]
    if len(bits) == 1:
        return date(bits[0], 12, 31)
    if len(bits) == 2:
        nxt = date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(*bits)


def date_span(value: str | None) -> tuple[date, date] | None:
    """First and last day a partial date or period ``start/end`` covers.

    Examples
    --------
    >>> date_span("2009-11/2016")
    (datetime.date(2009, 11, 1), datetime.date(2016, 12, 31))
    >>> date_span("2018-02")
    (datetime.date(2018, 2, 1), datetime.date(2018, 2, 28))
    >>> date_span(None) is None, date_span("soon") is None
    (True, True)
    """
    if not value:
        return None
    try:
        if "/" in value:
            a, b = value.split("/", 1)
            return _start(a), _end(b)
        return _start(value), _end(value)
    except ValueError:
        return None


def timeline_frame(agreements: list[Mapping[str, Any]], names: Mapping[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Dated agreements as rows (start, end, instrument, status, parties) and the ids of undated ones."""
    rows, undated = [], []
    for a in agreements:
        span = date_span(a.get("date"))
        if span is None:
            undated.append(str(a.get("id")))
            continue
        rows.append(
            {
                "start": pd.Timestamp(span[0]),
                "end": pd.Timestamp(span[1]),
                "instrument": str(a.get("title") or a.get("id")),
                "kind": a.get("kind"),
                "status": a.get("status"),
                "date": a.get("date"),
                "parties": joined((display_name(p, names) for p in a.get("parties", [])), ", "),
            }
        )
    df = pd.DataFrame(rows, columns=["start", "end", "instrument", "kind", "status", "date", "parties"])
    return df.sort_values(["start", "instrument"]).reset_index(drop=True), undated


def agreements_timeline(df: pd.DataFrame) -> alt.Chart:
    """Bars from first to last day of each instrument, one row each, coloured by status."""
    statuses = list(STATUS_COLOURS)
    order = df["instrument"].tolist()
    chart: alt.Chart = (
        alt.Chart(df)
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X("start:T", title="Date", axis=alt.Axis(format="%Y")),
            x2="end:T",
            y=alt.Y("instrument:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
            color=alt.Color(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=statuses, range=[STATUS_COLOURS[s] for s in statuses]),
            ),
            tooltip=[
                alt.Tooltip("instrument:N", title="Instrument"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("parties:N", title="Parties"),
            ],
        )
        .properties(height=alt.Step(26))
    )
    return chart


def coverage_heatmap(coverage: Mapping[tuple[str, str], str], names: Mapping[str, str]) -> alt.Chart:
    """Origin x destination cells coloured by coverage level (only pairs with flows)."""
    df = pd.DataFrame(
        [
            {"origin": display_name(o, names), "destination": display_name(d, names), "coverage": c}
            for (o, d), c in coverage.items()
        ],
        columns=["origin", "destination", "coverage"],
    )
    domain = [c for c in COVERAGE_COLOURS if c != "unknown"]
    chart: alt.Chart = (
        alt.Chart(df)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("destination:N", title="Destination", axis=alt.Axis(labelAngle=-50, labelLimit=200, labelOverlap=False)),
            y=alt.Y("origin:N", title="Origin", axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "coverage:N",
                title="Coverage",
                scale=alt.Scale(domain=domain, range=[COVERAGE_COLOURS[c] for c in domain]),
            ),
            tooltip=[
                alt.Tooltip("origin:N", title="Origin"),
                alt.Tooltip("destination:N", title="Destination"),
                alt.Tooltip("coverage:N", title="Coverage"),
            ],
        )
        .properties(height=alt.Step(24))
    )
    return chart
