"""Charts of query answers (pure functions returning Vega-Lite specs).

Vega-Lite is bundled with Streamlit: nothing is fetched. The specs are plain
dicts (``st.vega_lite_chart``): built directly they cost milliseconds, where
Altair's object model and schema validation cost a few hundred per chart at
real scale. Text from sources is
passed as data values only (drawn as SVG/canvas text; tooltips escaped by
Vega's tooltip handler).

Dates are drawn as precise as their source (:func:`date_marks`): a day is a
point; a month, a year or a window ("between Nov 2009 and 2016") is a faded,
dashed band over the whole span it may fall in, never a bar that looks like a
period in force, and never a made-up day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ctgraph.dashboard.palette import COVERAGE_COLOURS, UNKNOWN
from ctgraph.dashboard.tables import date_words
from ctgraph.graph.analysis import period_end, period_start
from ctgraph.graph.answers import Agreement, Route, TipTier
from ctgraph.graph.vocabulary import display_name

__all__ = [
    "STATUS_COLOURS",
    "TIER_COLOURS",
    "DateMark",
    "date_marks",
    "instruments_frame_marks",
    "instruments_timeline",
    "consent_frame_marks",
    "consent_timeline",
    "tiers_chart",
    "coverage_heatmap",
]

#: Colours of what a timeline marks: an instrument's status, and the span it binds.
STATUS_COLOURS: dict[str, str] = {
    "signed": "#1a9850",
    "negotiating": "#f46d43",
    "proposed": "#fdae61",
    "in force": "#4575b4",
    "bound": "#4575b4",
    "consent": "#1a9850",
    "signed only": "#999999",
}

#: US TIP report tiers (context, not coverage): from Tier 1 (green) to Tier 3 (red).
TIER_COLOURS: dict[str, str] = {
    "Tier 1": "#1a9850",
    "Tier 2": "#a6d96a",
    "Tier 2 Watch List": "#fdae61",
    "Tier 3": "#d73027",
}

_PRECISE = "exact day"
_UNCERTAIN = "known only to the month, year or a window"


@dataclass(frozen=True)
class DateMark:
    """A date as a span: ``start`` = ``end`` for a day; otherwise every day it may be."""

    start: date
    end: date
    precise: bool
    words: str


def date_marks(value: str | None) -> DateMark | None:
    """The span a date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a window ``a/b``) covers.

    Examples
    --------
    >>> date_marks("2009-11/2016")
    DateMark(start=datetime.date(2009, 11, 1), end=datetime.date(2016, 12, 31), precise=False, words='between Nov 2009 and 2016')
    >>> date_marks("2018-11-02").precise, date_marks("2014").end
    (True, datetime.date(2014, 12, 31))
    >>> date_marks(None) is None, date_marks("soon") is None
    (True, True)
    """
    if not value:
        return None
    try:
        if "/" in value:
            a, b = value.split("/", 1)
            return DateMark(period_start(a), period_end(b), False, date_words(value))
        start, end = period_start(value), period_end(value)
    except (ValueError, IndexError):
        return None
    return DateMark(start, end, start == end and value.count("-") == 2, date_words(value))


def _iso(d: date) -> str:
    return d.isoformat()


def _mark_row(row: str, what: str, value: str | None, colour_key: str, tip: str) -> dict[str, Any] | None:
    m = date_marks(value)
    if m is None:
        return None
    return {
        "row": row,
        "what": what,
        "key": colour_key,
        "start": _iso(m.start),
        "end": _iso(m.end),
        "precision": _PRECISE if m.precise else _UNCERTAIN,
        "when": m.words,
        "note": tip,
    }


def _span_row(row: str, what: str, since: str | None, until: str | None, day: date, key: str,
              tip: str) -> list[dict[str, Any]]:
    """A span in force (bound, in force): a solid bar from the first day it certainly
    holds to its end (or the as-of day), preceded by the uncertain span of a partial start."""
    start = date_marks(since)
    if start is None or start.start > day:
        return []
    stop = date_marks(until)
    last = min(stop.end, day) if stop else day
    out: list[dict[str, Any]] = []
    if not start.precise:
        out.append({"row": row, "what": f"{what} (start known only as {start.words})", "key": key,
                    "start": _iso(start.start), "end": _iso(start.end), "precision": _UNCERTAIN,
                    "when": start.words, "note": tip})
    first = start.end if not start.precise else start.start
    if first <= last:
        words = f"from {start.words}" + (f" until {stop.words}" if stop else "")
        out.append({"row": row, "what": what, "key": key, "start": _iso(first), "end": _iso(last),
                    "precision": "span", "when": words, "note": tip})
    return out


def instruments_frame_marks(agreements: Sequence[Agreement], day: date,
                            names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """What the instruments timeline draws: each instrument's dated status
    facts, its date (a window stays a window) and its entry into force."""
    rows: list[dict[str, Any]] = []
    for a in agreements:
        title = display_name(a["id"], names) if names and a["id"] in names else str(a.get("title") or "")
        history = [h for h in a.get("status_history", []) if h.get("date")]
        window = bool(a.get("date")) and "/" in str(a.get("date"))
        for h in history:
            if window and h["status"] == a.get("status"):
                continue  # the window says it better: "signed between Nov 2009 and 2016"
            quote = h["evidence"][0]["quote"] if h.get("evidence") else ""
            r = _mark_row(title, str(h["status"]), h.get("date"), str(h["status"]), quote)
            if r:
                rows.append(r)
        if window or (a.get("date") and not history):
            r = _mark_row(title, str(a.get("status")), a.get("date"), str(a.get("status")), "as the source dates it")
            if r:
                rows.append(r)
        rows.extend(_span_row(title, "in force", a.get("in_force"), None, day, "in force", "entry into force"))
    return pd.DataFrame(rows, columns=["row", "what", "key", "start", "end", "precision", "when", "note"])


def _f(name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **more}


def _timeline(df: pd.DataFrame, *, row_title: str | None, order: list[str], keys: list[str],
              step: int = 26, name: str = "marks") -> dict[str, Any]:
    """Vega-Lite spec of a timeline (built as a plain dict: Altair's validation of
    hundreds of rows cost a third of a second per chart)."""
    scale = {"domain": keys, "range": [STATUS_COLOURS.get(k, "#777") for k in keys]}
    colour = _f("key", "nominal", title="What", scale=scale, legend={"orient": "bottom"})
    y = _f("row", "nominal", sort=order, title=row_title, axis={"labelLimit": 320})
    years = max(1, pd.to_datetime(df["end"]).max().year - pd.to_datetime(df["start"]).min().year) if len(df) else 1
    x = _f("start", "temporal", title=None,
           axis={"format": "%Y", "grid": True, "tickCount": {"interval": "year", "step": max(1, years // 12)}})
    tip = [
        _f("row", "nominal", title=row_title or "Instrument"),
        _f("what", "nominal", title="What"),
        _f("when", "nominal", title="When"),
        _f("precision", "nominal", title="Date"),
        _f("note", "nominal", title="Source says"),
    ]
    data = {"name": name}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {name: df.to_dict("records")},
        "height": {"step": step},
        "layer": [
            {"data": data, "transform": [{"filter": {"field": "precision", "equal": "span"}}],
             "mark": {"type": "bar", "height": 7, "cornerRadius": 2},
             "encoding": {"x": x, "x2": {"field": "end"}, "y": y, "color": colour, "tooltip": tip}},
            {"data": data, "transform": [{"filter": {"field": "precision", "equal": _UNCERTAIN}}],
             "mark": {"type": "bar", "height": 16, "opacity": 0.22, "strokeDash": [3, 2], "strokeWidth": 1.2},
             "encoding": {"x": x, "x2": {"field": "end"}, "y": y, "color": colour,
                          "stroke": _f("key", "nominal", scale=scale, legend=None), "tooltip": tip}},
            {"data": data, "transform": [{"filter": {"field": "precision", "equal": _PRECISE}}],
             "mark": {"type": "point", "shape": "diamond", "size": 110, "filled": True, "opacity": 1},
             "encoding": {"x": x, "y": y, "color": colour, "tooltip": tip}},
        ],
    }


def instruments_timeline(agreements: Sequence[Agreement], day: date,
                         names: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """Instruments by date: a diamond for a dated status fact, a faded dashed band
    where the source gives only a month, a year or a window, a bar from entry into
    force to the as-of day. None when nothing is dated."""
    df = instruments_frame_marks(agreements, day, names)
    if df.empty:
        return None
    order = df.sort_values("start")["row"].drop_duplicates().tolist()
    keys = [k for k in STATUS_COLOURS if k in set(df["key"])]
    return _timeline(df, row_title=None, order=order, keys=keys)


def consent_frame_marks(agreement: Agreement, names: Mapping[str, str], day: date,
                        parties: Sequence[str] | None = None) -> pd.DataFrame:
    """What the consent timeline draws for one instrument: per party its
    signature, its consent (ratification, accession, ...), and the span it is
    bound (from ``since`` to ``until`` or the as-of day)."""
    rows: list[dict[str, Any]] = []
    for t in agreement.get("terms", []):
        if parties is not None and t["party"] not in parties:
            continue
        who = display_name(t["party"], names)
        if t.get("signed"):
            r = _mark_row(who, "signed", t["signed"], "signed" if t["bound"] else "signed only",
                          "signed" if t["bound"] else "signed only: not bound")
            if r:
                rows.append(r)
        if t.get("consent"):
            r = _mark_row(who, f"consent ({t.get('consent_type') or 'as the source says'})", t["consent"],
                          "consent", str(t.get("locator") or ""))
            if r:
                rows.append(r)
        if t["bound"]:
            rows.extend(_span_row(who, "bound", t.get("since"), t.get("until"), day, "bound",
                                  str(t.get("locator") or "")))
    return pd.DataFrame(rows, columns=["row", "what", "key", "start", "end", "precision", "when", "note"])


def consent_timeline(agreement: Agreement, names: Mapping[str, str], day: date,
                     parties: Sequence[str] | None = None) -> dict[str, Any] | None:
    """Each party's consent over time: signature and consent as diamonds (or faded
    bands when only a month or year is known), the span it is bound as a bar."""
    df = consent_frame_marks(agreement, names, day, parties)
    if df.empty:
        return None
    order = df.sort_values(["start", "row"])["row"].drop_duplicates().tolist()
    keys = [k for k in ("signed", "signed only", "consent", "bound") if k in set(df["key"])]
    return _timeline(df, row_title="Party", order=order, keys=keys, step=18 if len(order) > 30 else 24,
                     name="consent")


def tiers_chart(tiers: Sequence[TipTier]) -> dict[str, Any]:
    """A strip of a country's US TIP tier per year (context, not coverage).

    Examples
    --------
    >>> spec = tiers_chart([{"year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "evidence": []}])
    >>> spec["datasets"]["tiers"], spec["encoding"]["color"]["scale"]["domain"][-1]
    ([{'year': '2013', 'tier': 'Tier 3'}], 'Tier 3')
    """
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        # named data set: Streamlit would turn a top-level {"values": ...} into a one-column table
        "datasets": {"tiers": [{"year": str(t["year"]), "tier": t["tier_label"]} for t in tiers]},
        "data": {"name": "tiers"},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "height": 36,
        "encoding": {
            "x": _f("year", "ordinal", title="US TIP report year", axis={"labelAngle": 0}),
            "color": _f("tier", "nominal", title="Tier", legend={"orient": "bottom"},
                        scale={"domain": list(TIER_COLOURS), "range": list(TIER_COLOURS.values())}),
            "tooltip": [_f("year", "ordinal", title="Year"), _f("tier", "nominal", title="Tier")],
        },
    }


def coverage_heatmap(routes: Sequence[Route], names: Mapping[str, str], endpoints: Sequence[str]) -> dict[str, Any]:
    """Origin x destination cells coloured by each route's own coverage, for
    ``endpoints`` in the order given (heaviest first).

    Examples
    --------
    >>> r = {"source": "CHN", "destination": "FRA", "hops": ["CHN", "FRA"], "coverage": "multilateral",
    ...      "weight": {"victims": 7, "evidence": 1}}
    >>> coverage_heatmap([r], {"CHN": "China", "FRA": "France"}, ["CHN", "FRA"])["datasets"]["cells"]
    [{'origin': 'China', 'destination': 'France', 'coverage': 'multilateral', 'victims': 7, 'evidence': 1}]
    """
    keep = set(endpoints)
    cells = [
        {
            "origin": display_name(r["source"], names),
            "destination": display_name(r["destination"], names),
            "coverage": r["coverage"],
            "victims": r["weight"]["victims"],
            "evidence": r["weight"]["evidence"],
        }
        for r in routes
        if len(r.get("hops") or [1, 2]) == 2 and r["source"] in keep and r["destination"] in keep
    ]
    order = [display_name(e, names) for e in endpoints]
    domain = [c for c in COVERAGE_COLOURS if c != UNKNOWN]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {"cells": cells},
        "data": {"name": "cells"},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "height": {"step": 20},
        "encoding": {
            "x": _f("destination", "nominal", title="Destination", sort=order,
                    axis={"labelAngle": -50, "labelLimit": 200, "labelOverlap": False}),
            "y": _f("origin", "nominal", title="Origin", sort=order, axis={"labelLimit": 260}),
            "color": _f("coverage", "nominal", title="Coverage", legend={"orient": "bottom", "columns": 7},
                        scale={"domain": domain, "range": [COVERAGE_COLOURS[c] for c in domain]}),
            "tooltip": [
                _f("origin", "nominal", title="Origin"),
                _f("destination", "nominal", title="Destination"),
                _f("coverage", "nominal", title="Coverage"),
                _f("victims", "quantitative", title="Victims counted (largest data set)", format=","),
                _f("evidence", "quantitative", title="Evidence items"),
            ],
        },
    }
