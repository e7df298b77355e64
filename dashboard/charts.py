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

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ctgraph.dashboard.palette import COVERAGE_COLOURS, DATASET_COLOURS, TIER_COLOURS, UNKNOWN
from ctgraph.dashboard.series import SUPPRESSED_TOP, route_group_points, route_points
from ctgraph.dashboard.tables import date_words
from ctgraph.graph.analysis import period_end, period_start
from ctgraph.graph.answers import Agreement, Route, TipTier
from ctgraph.graph.figures import counts_text
from ctgraph.graph.i18n import N_, _, ngettext
from ctgraph.graph.vocabulary import coverage_word, display_name
from ctgraph.graph.wording import tier_word

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
    "route_points",
    "route_group_points",
    "series_frame",
    "series_chart",
    "label_bars",
    "choropleth",
    "sankey_layout",
    "sankey_chart",
]

#: Colours of what a timeline marks: an instrument's status, and the span it binds.
STATUS_COLOURS: dict[str, str] = {
    N_("signed"): "#1a9850",
    N_("negotiating"): "#f46d43",
    N_("proposed"): "#fdae61",
    N_("in force"): "#4575b4",
    N_("bound"): "#4575b4",
    N_("consent"): "#1a9850",
    N_("signed only"): "#999999",
}

_PRECISE = "exact day"
_UNCERTAIN = "known only to the month, year or a window"
#: How a timeline's tooltip says how precise a date is (the frames keep the English keys its layers filter on).
_PRECISION_WORDS = {_PRECISE: N_("exact day"), _UNCERTAIN: N_("known only to the month, year or a window"),
                    "span": N_("span")}
#: The words for each kind of consent to be bound (graph.model.CONSENT_TYPES).
_CONSENT_WORDS = {"ratification": N_("ratification"), "accession": N_("accession"), "acceptance": N_("acceptance"),
                  "approval": N_("approval"), "succession": N_("succession")}


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
        out.append({"row": row, "what": _("{what} (start known only as {when})", what=what, when=start.words), "key": key,
                    "start": _iso(start.start), "end": _iso(start.end), "precision": _UNCERTAIN,
                    "when": start.words, "note": tip})
    first = start.end if not start.precise else start.start
    if first <= last:
        words = (_("from {start} until {end}", start=start.words, end=stop.words) if stop
                 else _("from {start}", start=start.words))
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
            r = _mark_row(title, _(str(h["status"])), h.get("date"), str(h["status"]), quote)
            if r:
                rows.append(r)
        if window or (a.get("date") and not history):
            r = _mark_row(title, _(str(a.get("status"))), a.get("date"), str(a.get("status")),
                          _("as the source dates it"))
            if r:
                rows.append(r)
        rows.extend(_span_row(title, _("in force"), a.get("in_force"), None, day, "in force", _("entry into force")))
    return pd.DataFrame(rows, columns=["row", "what", "key", "start", "end", "precision", "when", "note"])


def _f(name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, **more}


def _timeline(df: pd.DataFrame, *, row_title: str | None, order: list[str], keys: list[str],
              step: int = 26, name: str = "marks") -> dict[str, Any]:
    """Vega-Lite spec of a timeline (built as a plain dict: Altair's validation of
    hundreds of rows cost a third of a second per chart)."""
    scale = {"domain": [_(k) for k in keys], "range": [STATUS_COLOURS.get(k, "#777") for k in keys]}
    if len(df):  # the legend's and the tooltip's words, in the reader's language
        df = df.assign(key=df["key"].map(_), precision_words=df["precision"].map(lambda p: _(_PRECISION_WORDS.get(p, str(p)))))
    colour = _f("key", "nominal", title=_("What"), scale=scale, legend={"orient": "bottom"})
    y = _f("row", "nominal", sort=order, title=row_title, axis={"labelLimit": 320})
    years = max(1, pd.to_datetime(df["end"]).max().year - pd.to_datetime(df["start"]).min().year) if len(df) else 1
    x = _f("start", "temporal", title=None,
           axis={"format": "%Y", "grid": True, "tickCount": {"interval": "year", "step": max(1, years // 12)}})
    tip = [
        _f("row", "nominal", title=row_title or _("Instrument")),
        _f("what", "nominal", title=_("What")),
        _f("when", "nominal", title=_("When")),
        _f("precision_words", "nominal", title=_("Date")),
        _f("note", "nominal", title=_("Source says")),
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
            r = _mark_row(who, _("signed"), t["signed"], "signed" if t["bound"] else "signed only",
                          _("signed") if t["bound"] else _("signed only: not bound"))
            if r:
                rows.append(r)
        if t.get("consent"):
            kind = t.get("consent_type")
            r = _mark_row(who, _("consent ({kind})", kind=_(_CONSENT_WORDS.get(kind, kind)) if kind
                                 else _("as the source says")), t["consent"],
                          "consent", str(t.get("locator") or ""))
            if r:
                rows.append(r)
        if t["bound"]:
            rows.extend(_span_row(who, _("bound"), t.get("since"), t.get("until"), day, "bound",
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
    return _timeline(df, row_title=_("Party"), order=order, keys=keys, step=18 if len(order) > 30 else 24,
                     name="consent")


def tiers_chart(tiers: Sequence[TipTier]) -> dict[str, Any]:
    """A country's US TIP tier per report year (context, not coverage), as the deck
    draws it: a step line with Tier 1 at the top and Tier 3 at the bottom, each
    year a point in its tier's colour (:data:`dashboard.palette.TIER_COLOURS`),
    with a legend; a year the report did not rank the country is a gap.

    Examples
    --------
    >>> spec = tiers_chart([{"year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "evidence": []}])
    >>> spec["datasets"]["tiers"], spec["layer"][1]["encoding"]["color"]["scale"]["domain"][-1]
    ([{'year': 2013, 'tier': 'Tier 3'}], 'Tier 3')
    """
    order = [tier_word(k) for k in TIER_COLOURS]
    rows: list[dict[str, Any]] = [{"year": int(t["year"]), "tier": tier_word(t["tier_label"])} for t in tiers
                                  if t["tier_label"] in TIER_COLOURS]
    years = [int(t["year"]) for t in tiers if t["tier_label"] in TIER_COLOURS] or [0]
    x = _f("year", "quantitative", title=_("US TIP report year"),
           scale={"domain": [min(years) - 0.5, max(years) + 0.5], "nice": False},
           axis={"format": "d", "tickMinStep": 1, "labelAngle": 0, "grid": False})
    y = _f("tier", "ordinal", title=None, sort=order, scale={"domain": order}, axis={"labelLimit": 160})
    tip = [_f("year", "ordinal", title=_("Year")), _f("tier", "nominal", title=_("Tier"))]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        # named data set: Streamlit would turn a top-level {"values": ...} into a one-column table
        "datasets": {"tiers": rows},
        "data": {"name": "tiers"},
        "height": 150,
        "layer": [
            {"mark": {"type": "line", "interpolate": "step", "color": "#34495e", "strokeWidth": 2}, "encoding": {"x": x, "y": y}},
            {"mark": {"type": "point", "filled": True, "size": 140, "stroke": "#34495e", "strokeWidth": 1, "opacity": 1},
             "encoding": {"x": x, "y": y, "tooltip": tip,
                          "color": _f("tier", "nominal", title=_("Tier"), legend={"orient": "right"},
                                      scale={"domain": order, "range": list(TIER_COLOURS.values())})}},
        ],
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
            "coverage": coverage_word(r["coverage"]),  # the legend's words, in the reader's language
            "victims": r["weight"]["victims"],
            "evidence": r["weight"]["evidence"],
        }
        for r in routes
        if len(r.get("hops") or [1, 2]) == 2 and r["source"] in keep and r["destination"] in keep
    ]
    order = [display_name(e, names) for e in endpoints]
    levels = [c for c in COVERAGE_COLOURS if c != UNKNOWN]
    domain = [coverage_word(c) for c in levels]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {"cells": cells},
        "data": {"name": "cells"},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
        "height": {"step": 20},
        "encoding": {
            "x": _f("destination", "nominal", title=_("Destination"), sort=order,
                    axis={"labelAngle": -50, "labelLimit": 200, "labelOverlap": False}),
            "y": _f("origin", "nominal", title=_("Origin"), sort=order, axis={"labelLimit": 260}),
            "color": _f("coverage", "nominal", title=_("Coverage"), legend={"orient": "bottom", "columns": 7},
                        scale={"domain": domain, "range": [COVERAGE_COLOURS[c] for c in levels]}),
            "tooltip": [
                _f("origin", "nominal", title=_("Origin")),
                _f("destination", "nominal", title=_("Destination")),
                _f("coverage", "nominal", title=_("Coverage")),
                _f("victims", "quantitative", title=_("Victims counted (largest data set)"), format=","),
                _f("evidence", "quantitative", title=_("Evidence items")),
            ],
        },
    }


# --------------------------------------------------------------------------- figures over time

_SUPPRESSED_TOP = SUPPRESSED_TOP  # a "<5" cell is 1 to 4 victims: drawn as that range, never at 0


def series_frame(points: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """What a figures-over-time chart draws, one row per data set, series and year:
    ``value`` the published count (None when every cell was "<5": drawn as the
    range 1-4 and labelled "<5", never as 0), ``shown`` its words.

    Examples
    --------
    >>> pts = [{"dataset": "source:g", "series": "s", "year": 2019, "victims": 0, "suppressed_cells": 1, "cells": 1},
    ...        {"dataset": "source:g", "series": "s", "year": 2020, "victims": 7, "suppressed_cells": 1, "cells": 2}]
    >>> series_frame(pts, {"source:g": "GLOTIP"})[["data set", "value", "shown"]].values.tolist()
    [['GLOTIP', <NA>, '<5'], ['GLOTIP', 7, 'at least 7 (1 cell <5)']]
    """
    rows = []
    for p in points:
        all_suppressed = p["victims"] == 0 and p["suppressed_cells"] > 0
        sup = p["suppressed_cells"]
        shown = ("<5" if all_suppressed else
                 ngettext("at least {n} ({k} cell <5)", "at least {n} ({k} cells <5)", sup, n=f"{p['victims']:,}", k=sup)
                 if sup else f"{p['victims']:,}")
        rows.append({
            "data set": display_name(str(p["dataset"]), names),
            "series": counts_text(str(p["series"])),  # what a figure counts, in the reader's words
            "year": int(p["year"]),
            "value": None if all_suppressed else int(p["victims"]),
            "low": 1 if all_suppressed else None,
            "high": _SUPPRESSED_TOP if all_suppressed else None,
            "suppressed": "all cells <5" if all_suppressed else ("some cells <5" if sup else "published"),
            "shown": shown,
        })
    # a "<5" year's value is missing (null in the chart's data), never 0
    df = pd.DataFrame(rows, columns=["data set", "series", "year", "value", "low", "high", "suppressed", "shown"])
    return df.astype({"value": "Int64", "low": "Int64", "high": "Int64"})


def series_chart(points: Sequence[Mapping[str, Any]], names: Mapping[str, str], *, title: str = N_("Victims counted"),
                 colour_by: str = "data set", name: str = "series", height: int = 260) -> dict[str, Any] | None:
    """Counts over time as lines with points, one line per data set and series
    (colour: ``colour_by``; the other field: the dash), never added across data sets.
    A year whose cells were all "<5" is a short bar over 1-4 with "<5" above it, not a
    point at 0; a year with some "<5" cells is a hollow point ("at least"). None when
    there is nothing to draw.

    Examples
    --------
    >>> pts = [{"dataset": "source:g", "series": "s", "year": 2019, "victims": 0, "suppressed_cells": 1, "cells": 1}]
    >>> spec = series_chart(pts, {})
    >>> [l["mark"]["type"] for l in spec["layer"]], spec["datasets"]["series"][0]["shown"]
    (['line', 'point', 'bar', 'text'], '<5')
    """
    df = series_frame(points, names)
    if df.empty:
        return None
    other = "series" if colour_by == "data set" else "data set"
    keys = sorted(set(df[colour_by]))
    colour = _f(colour_by, "nominal", title=_("Data set") if colour_by == "data set" else None,
                scale={"domain": keys, "range": [DATASET_COLOURS[i % len(DATASET_COLOURS)] for i in range(len(keys))]},
                legend={"orient": "bottom", "columns": 2, "labelLimit": 420})
    dashes = sorted(set(df[other]))
    dash = _f(other, "nominal", title=None, legend={"orient": "bottom", "columns": 1, "labelLimit": 420} if len(dashes) > 1
              else None, scale={"domain": dashes, "range": [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]][:len(dashes)] or [[1, 0]]})
    years = sorted(set(df["year"]))
    x = _f("year", "quantitative", title=None, scale={"domain": [min(years) - 0.5, max(years) + 0.5], "nice": False},
           axis={"format": "d", "tickMinStep": 1, "grid": False})
    tip = [_f("data set", "nominal", title=_("Data set")), _f("series", "nominal", title=_("Counts")),
           _f("year", "ordinal", title=_("Year")), _f("shown", "nominal", title=_("Published"))]
    data = {"name": name}
    y_title = _(title)  # the default is a message; a caller's title comes translated
    published = {"filter": "isValid(datum.value) && isFinite(datum.value)"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {name: df.to_dict("records")},
        "height": height,
        "layer": [
            {"data": data, "transform": [published], "mark": {"type": "line", "strokeWidth": 2},
             "encoding": {"x": x, "y": _f("value", "quantitative", title=y_title, axis={"format": ",d"}),
                          "color": colour, "strokeDash": dash, "detail": _f(other, "nominal")}},
            {"data": data, "transform": [published],
             "mark": {"type": "point", "size": 60, "strokeWidth": 2, "filled": True},
             "encoding": {"x": x, "y": _f("value", "quantitative"), "color": colour, "tooltip": tip,
                          "fill": {"condition": {"test": "datum.suppressed === 'published'", "field": colour_by,
                                                 "type": "nominal"}, "value": "white"}}},
            {"data": data, "transform": [{"filter": "!isValid(datum.value) || !isFinite(datum.value)"}],
             "mark": {"type": "bar", "width": 6, "opacity": 0.55},
             "encoding": {"x": x, "y": _f("low", "quantitative"), "y2": {"field": "high"}, "color": colour,
                          "tooltip": tip}},
            {"data": data, "transform": [{"filter": "!isValid(datum.value) || !isFinite(datum.value)"}],
             "mark": {"type": "text", "dy": -8, "fontSize": 10},
             "encoding": {"x": x, "y": _f("high", "quantitative"), "text": {"value": "<5"}, "color": colour}},
        ],
    }


def label_bars(counts: Mapping[str, int], *, title: str, name: str = "labels") -> dict[str, Any] | None:
    """Horizontal bars of labelled counts (a data set's records per form or per
    victim group), largest first. None when there is nothing to draw.

    Examples
    --------
    >>> label_bars({"forced labour": 3, "sexual exploitation": 9}, title="x")["datasets"]["labels"][0]["label"]
    'sexual exploitation'
    """
    rows = [{"label": k, "count": int(v)} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if v]
    if not rows:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {name: rows},
        "data": {"name": name},
        "height": {"step": 22},
        "mark": {"type": "bar", "color": DATASET_COLOURS[1]},
        "encoding": {
            "y": _f("label", "nominal", sort="-x", title=None, axis={"labelLimit": 260}),
            "x": _f("count", "quantitative", title=title, axis={"format": ",d"}),
            "tooltip": [_f("label", "nominal", title=_("Label")), _f("count", "quantitative", title=title, format=",")],
        },
    }


# --------------------------------------------------------------------------- choropleth

_NO_FIGURE = "#f2f0eb"
_SUPPRESSED_FILL = "#c7c3ba"
#: Sequential blues-purples for victims (not the coverage reds and greens).
CHOROPLETH_RANGE = ["#edf8fb", "#bfd3e6", "#9ebcda", "#8c96c6", "#8856a7", "#810f7c"]


def choropleth(values: Mapping[str, tuple[int, int]], names: Mapping[str, str], *, title: str,
               highlight: str | None = None, width: int = 860, height: int = 420) -> dict[str, Any]:
    """Countries shaded by a count (ISO3 -> (published victims, suppressed cells)),
    on the shipped Natural Earth outlines (no URL). A country counted only in "<5"
    cells is grey and labelled "<5", never shaded as 0; one without a figure is
    blank. ``highlight``: the country the map is about, outlined.

    Examples
    --------
    >>> spec = choropleth({"FRA": (40, 0), "ESP": (0, 2)}, {"FRA": "France"}, title="Victims")
    >>> sorted((g["properties"]["shown"]) for g in spec["layer"][1]["data"]["values"]["objects"]["countries"]["geometries"]
    ...        if g["properties"]["shown"] != "no figure")
    ['40', '<5']
    """
    from ctgraph.dashboard.geo import iso3_of_numeric, world_topology

    topo = copy.deepcopy(world_topology("countries"))
    iso3 = iso3_of_numeric()
    for g in topo["objects"]["countries"]["geometries"]:
        code = iso3.get(str(g.get("id") or ""))
        props = g.setdefault("properties", {})
        v = values.get(code or "")
        props["iso3"] = code or ""
        props["label"] = display_name(code, names) if code else props.get("name", "")
        props["victims"] = v[0] if v and v[0] > 0 else None
        props["shown"] = ("no figure" if not v else "<5" if v[0] == 0 and v[1] else
                          f"at least {v[0]:,}" if v[1] else f"{v[0]:,}")
        props["kind"] = "no figure" if not v else "only <5 cells" if props["victims"] is None else "counted"
        props["focus"] = code == highlight
    tip = [_f("properties.label", "nominal", title=_("Country")), _f("properties.shown", "nominal", title=title)]
    fmt = {"type": "topojson", "feature": "countries"}
    # no published count at all (only "<5" cells): no shading scale, whose legend would run "from NaN to NaN"
    counted = any(v[0] > 0 for v in values.values())
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        "projection": {"type": "equalEarth"},
        "layer": [
            {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#eef4fa", "stroke": "#b8c7d6"}},
            {"data": {"values": topo, "format": fmt},
             "transform": [{"filter": "datum.properties.kind !== 'counted'"}],
             "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
             "encoding": {"color": _f("properties.kind", "nominal", title=None,
                                      scale={"domain": ["only <5 cells", "no figure"],
                                             "range": [_SUPPRESSED_FILL, _NO_FIGURE]},
                                      legend={"orient": "bottom"}),
                          "tooltip": tip}},
            *([{"data": {"values": topo, "format": fmt},
                "transform": [{"filter": "datum.properties.kind === 'counted'"}],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
                "encoding": {"fill": _f("properties.victims", "quantitative", title=title,
                                        scale={"type": "log", "range": CHOROPLETH_RANGE[1:]},
                                        legend={"orient": "bottom", "format": ",d", "gradientLength": 260,
                                                "titleLimit": 420}),
                             "tooltip": tip}}] if counted else []),
            {"data": {"values": topo, "format": fmt},
             "transform": [{"filter": "datum.properties.focus"}],
             "mark": {"type": "geoshape", "filled": False, "stroke": "#d62728", "strokeWidth": 1.6}},
        ],
        "resolve": {"scale": {"color": "independent", "fill": "independent"}},
    }


# --------------------------------------------------------------------------- Sankey

OTHER = "other"


def sankey_layout(links: Sequence[tuple[str, str, int]], *, top: int = 10, height: float = 400.0,
                  gap: float = 8.0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and bands of a two-column Sankey (left: where victims are from; right:
    where they were counted) from ``(left, right, value)`` links of ONE data set.

    The ``top`` heaviest nodes of each side are kept; the rest of a side becomes one
    node "other (n)", so the picture stays readable at real scale. Returns nodes
    (side, label, y0, y1, value) and bands (left, right, value and the sampled
    ``x``, ``y0``, ``y1`` of the band's edges: smooth S-curves).

    Examples
    --------
    >>> nodes, bands = sankey_layout([("China", "France", 30), ("China", "Spain", 10), ("Peru", "Spain", 5)], top=1)
    >>> [(n["side"], n["label"], n["value"]) for n in nodes]
    [('left', 'China', 40), ('left', 'other (1)', 5), ('right', 'France', 30), ('right', 'other (1)', 15)]
    >>> sorted({(b["left"], b["right"], b["value"]) for b in bands})
    [('China', 'France', 30), ('China', 'other (1)', 10), ('other (1)', 'other (1)', 5)]
    """
    links = [(a, b, int(v)) for a, b, v in links if v > 0]
    if not links:
        return [], []
    sides: dict[str, dict[str, int]] = {"left": {}, "right": {}}
    for a, b, v in links:
        sides["left"][a] = sides["left"].get(a, 0) + v
        sides["right"][b] = sides["right"].get(b, 0) + v
    rename: dict[str, dict[str, str]] = {}
    for side, totals in sides.items():
        ranked = sorted(totals, key=lambda k: (-totals[k], k))
        rest = ranked[top:]
        other = f"{OTHER} ({len(rest)})"
        rename[side] = {k: (k if i < top else other) for i, k in enumerate(ranked)}
    merged: dict[tuple[str, str], int] = {}
    for a, b, v in links:
        key = (rename["left"][a], rename["right"][b])
        merged[key] = merged.get(key, 0) + v
    total = sum(merged.values())
    nodes: list[dict[str, Any]] = []
    pos: dict[tuple[str, str], list[float]] = {}
    for side, idx in (("left", 0), ("right", 1)):
        values: dict[str, int] = {}
        for k, v in merged.items():
            values[k[idx]] = values.get(k[idx], 0) + v
        order = sorted(values, key=lambda k: (k.startswith(OTHER + " ("), -values[k], k))
        scale = (height - gap * (len(order) - 1)) / total
        y = 0.0
        for label in order:
            h = values[label] * scale
            nodes.append({"side": side, "label": label, "y0": round(y, 2), "y1": round(y + h, 2),
                          "value": values[label], "x": 0 if side == "left" else 1})
            pos[(side, label)] = [y, y + h, scale]
            y += h + gap
    bands: list[dict[str, Any]] = []
    for (a, b), v in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0])):
        la, lb = pos[("left", a)], pos[("right", b)]
        ha, hb = v * la[2], v * lb[2]
        # bands stack within each node, heaviest first
        a0, b0 = la[0], lb[0]
        la[0] += ha
        lb[0] += hb
        for step in range(21):
            t = step / 20
            ease = t * t * (3 - 2 * t)  # smoothstep: an S-curve from one side to the other
            bands.append({"left": a, "right": b, "value": v, "band": f"{a} → {b}", "x": round(0.04 + 0.92 * t, 4),
                          "y0": round(a0 + (b0 - a0) * ease, 2), "y1": round(a0 + ha + (b0 + hb - a0 - ha) * ease, 2)})
    return nodes, bands


def sankey_chart(links: Sequence[tuple[str, str, int]], *, left_title: str, right_title: str, value_title: str,
                 top: int = 10, height: int = 420, name: str = "sankey") -> dict[str, Any] | None:
    """A two-column Sankey (Vega-Lite layers: bands as areas, nodes as bars, labels
    as text) of one data set's links; None when no link has a published count.

    Examples
    --------
    >>> spec = sankey_chart([("China", "France", 30)], left_title="Citizenship", right_title="Detected in",
    ...                     value_title="Victims")
    >>> [l["mark"]["type"] for l in spec["layer"]]
    ['area', 'bar', 'text', 'text', 'text']
    """
    nodes, bands = sankey_layout(links, top=top, height=float(height))
    if not nodes:
        return None
    x = _f("x", "quantitative", scale={"domain": [0, 1]}, axis=None)
    y = _f("y0", "quantitative", scale={"domain": [height, 0], "nice": False, "zero": False}, axis=None)
    tip_band = [_f("left", "nominal", title=left_title), _f("right", "nominal", title=right_title),
                _f("value", "quantitative", title=value_title, format=",")]
    tip_node = [_f("label", "nominal", title=_("Country")), _f("value", "quantitative", title=value_title, format=",")]
    keys = sorted({n["label"] for n in nodes if n["side"] == "left"}, key=lambda k: (k.startswith(OTHER), k))
    colour = _f("left", "nominal", legend=None,
                scale={"domain": keys, "range": [DATASET_COLOURS[i % len(DATASET_COLOURS)] for i in range(len(keys))]})
    node_data = {"name": f"{name}-nodes"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "datasets": {name: bands, f"{name}-nodes": nodes,
                     f"{name}-titles": [{"x": 0.0, "t": left_title, "a": "left"}, {"x": 1.0, "t": right_title, "a": "right"}]},
        "height": height + 24,
        "padding": {"left": 150, "right": 150, "top": 24, "bottom": 4},
        "layer": [
            {"data": {"name": name}, "mark": {"type": "area", "opacity": 0.45, "interpolate": "linear"},
             "encoding": {"x": x, "y": y, "y2": {"field": "y1"}, "color": colour, "detail": _f("band", "nominal"),
                          "tooltip": tip_band}},
            {"data": node_data, "mark": {"type": "bar", "width": 10, "color": "#2f4b7c"},
             "encoding": {"x": x, "y": y, "y2": {"field": "y1"}, "tooltip": tip_node}},
            {"data": node_data, "transform": [{"filter": "datum.side === 'left'"},
                                              {"calculate": "(datum.y0 + datum.y1) / 2", "as": "ym"}],
             "mark": {"type": "text", "align": "right", "dx": -9, "fontSize": 11, "limit": 140},
             "encoding": {"x": x, "y": _f("ym", "quantitative", scale={"domain": [height, 0]}),
                          "text": {"field": "label"}, "tooltip": tip_node}},
            {"data": node_data, "transform": [{"filter": "datum.side === 'right'"},
                                              {"calculate": "(datum.y0 + datum.y1) / 2", "as": "ym"}],
             "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 11, "limit": 140},
             "encoding": {"x": x, "y": _f("ym", "quantitative", scale={"domain": [height, 0]}),
                          "text": {"field": "label"}, "tooltip": tip_node}},
            {"data": {"name": f"{name}-titles"}, "mark": {"type": "text", "fontWeight": "bold", "dy": -14, "fontSize": 12},
             "encoding": {"x": x, "y": {"datum": 0, "type": "quantitative", "scale": {"domain": [height, 0]}},
                          "text": {"field": "t"}, "align": {"field": "a"}}},
        ],
    }
