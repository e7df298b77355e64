"""Query answers as tables (pure pandas), and the one way the views show a table.

Every table is a :class:`pandas.DataFrame` built here from the typed answers of
:mod:`graph.answers`, so the views stay thin and the shapes are tested without
Streamlit. The tables only *render* answers: order, coverage, weights and
explanations are the answers' own (:mod:`graph.analysis` computes them), names
come from the store's ``names()`` through :func:`graph.vocabulary.display_name`
(people read names, never ``region:``/``agency:``/``source:`` ids), and the
figures of data sets that overlap (GLOTIP and CTDC) stay in columns side by
side, never added.

:func:`show_table` draws a table (``st.dataframe`` renders cells as text,
never HTML) with a "Download CSV" button next to it. CSV cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) are prefixed with ``'`` in the download
(:func:`graph.text_safety.spreadsheet_safe`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pandas as pd

from ctgraph.graph.answers import (
    Agency,
    Agreement,
    Challenge,
    Cooperation,
    Corroboration,
    Evidence,
    Expert,
    Gap,
    Instrument,
    NextInstrument,
    Onward,
    PartyTerm,
    Research,
    Route,
    SearchHit,
    Statistic,
    TipTier,
)
from ctgraph.graph.figures import figure_key, figure_labels, figure_title, statistic_counts_text
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, N_, _, language, list_text
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.text_safety import spreadsheet_safe
from ctgraph.graph.vocabulary import (
    DESTINATION,
    INTERNAL,
    ORIGIN,
    coverage_word,
    display_name,
    display_names,
    exploitation_words,
    label_word,
)
from ctgraph.graph.wording import figure_text, tier_word

__all__ = [
    "counted",
    "COVERAGE_LEVELS",
    "LINK_WORDS",
    "joined",
    "md_escape",
    "date_words",
    "dataset_names",
    "figure_columns",
    "NOT_COUNTED",
    "figures_text",
    "binds_text",
    "route_label",
    "drop_empty",
    "routes_frame",
    "by_year_frame",
    "onward_frame",
    "gaps_frame",
    "instruments_frame",
    "terms_frame",
    "binding_frame",
    "research_frame",
    "cooperations_frame",
    "agencies_frame",
    "experts_frame",
    "next_instrument_frame",
    "tiers_frame",
    "challenges_frame",
    "statistics_frame",
    "evidence_frame",
    "search_frame",
    "top_endpoints",
    "coverage_matrix",
    "csv_bytes",
    "FIRST_ROWS",
    "show_table",
    "cells_as_text",
    "year_count",
    "NO_TEXT_FORMS",
]

#: Every column heading the tables use, in the catalogue: :func:`show_table` shows each in
#: the reader's language (the frames keep English keys, which tests and the CSV contract read).
COLUMN_WORDS: tuple[str, ...] = (
    N_("acronym"), N_("agency"), N_("arrives"), N_("arriving: data sets"), N_("arriving: evidence items"),
    N_("bound"), N_("bound from"), N_("bound since"), N_("bound until"), N_("cells <5"), N_("challenge"),
    N_("concerns"), N_("consent"), N_("contact details"), N_("cooperation"), N_("counterpart"), N_("country"),
    N_("counts"), N_("coverage"), N_("coverage that year"), N_("data set"), N_("date"), N_("evidence"),
    N_("evidence items"), N_("exploitation"), N_("fact"), N_("first quote"), N_("how"), N_("in force"),
    N_("instrument"), N_("instruments found"), N_("kind"), N_("leaves"), N_("leaving: data sets"),
    N_("leaving: evidence items"), N_("legs linked by"), N_("locator"), N_("meets in"), N_("name"), N_("note"),
    N_("outcome"), N_("outcomes"), N_("parties"), N_("party"), N_("queries"), N_("quote"), N_("rank"),
    N_("repeated"), N_("researched"), N_("role"), N_("route"), N_("signed"), N_("source"), N_("status"),
    N_("tier"), N_("title"), N_("topic"), N_("uncovered pairs"), N_("unit"), N_("value"),
    N_("victims (as the source words them)"), N_("victims (published)"), N_("victims counted"),
    N_("what binds both sides"), N_("what binds them"), N_("what binds them now"), N_("what the source says"),
    N_("where"), N_("who"), N_("with"), N_("year"), N_("origin"), N_("destination"), N_("open"), N_("profile"),
    N_("publisher"), N_("terms"), N_("url"), N_("count"), N_("origin \\ destination"),
)
#: Columns whose cells are vocabulary words (a coverage level, a status, a kind): shown translated.
WORD_COLUMNS = frozenset({"coverage", "coverage that year", "kind", "status", "bound", "outcome", "topic", "how", "unit"})
#: Cell words of those columns, in the catalogue.
CELL_WORDS: tuple[str, ...] = (
    N_("signed"), N_("negotiating"), N_("proposed"), N_("in_place"), N_("planned"), N_("recommended"),
    N_("bound"), N_("signed only (not bound)"), N_("ratified"), N_("acceded"), N_("accepted"), N_("approved"),
    N_("succeeded"), N_("found"), N_("not_found"), N_("lead_only"), N_("national"), N_("provincial"),
    N_("international"), N_("unit"), N_("ngo"), N_("other"), N_("joint_investigation"), N_("working_group"),
    N_("liaison"), N_("information_sharing"), N_("bloc"), N_("area"), N_("ambiguous"), N_("unspecified"),
    N_("province"), N_("city"), N_("district"), N_("report"), N_("dataset"), N_("reference"),
    N_("people"), N_("percent"),
)
#: ``DataFrame.attrs`` flag of a frame whose every text cell is a vocabulary word (the coverage matrix).
WORD_CELLS = "word_cells"


def translated(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """``df`` as the reader's language shows it: headings and the vocabulary cells of
    :data:`WORD_COLUMNS` translated (data, names and quotes stay as they are); with the
    heading each column got. English: unchanged.

    Examples
    --------
    >>> translated(pd.DataFrame({"coverage": ["none"]}))[1]
    {'coverage': 'coverage'}
    """
    if language() == DEFAULT_LANGUAGE:
        return df, {str(c): str(c) for c in df.columns}
    out = df.copy()
    for col in (set(map(str, df.columns)) if df.attrs.get(WORD_CELLS) else WORD_COLUMNS & {str(c) for c in df.columns}):
        out[col] = [_(v) if isinstance(v, str) and v else v for v in out[col].tolist()]
    heading = {str(c): _(str(c)) for c in df.columns}
    if isinstance(out.index.name, str):
        out.index.name = _(out.index.name)
    return out.rename(columns=heading), heading


#: Coverage levels strongest first, plus "internal" for flows inside one jurisdiction.
COVERAGE_LEVELS: list[str] = [c.value for c in reversed(COVERAGE_ORDER)] + [INTERNAL]

#: How the legs of a multi-hop route are linked, in words (``Route["link"]``).
LINK_WORDS: dict[str, str] = {
    "transit": N_("transit stated by the source"),
    "same_victims": N_("same victims on both legs"),
}


def joined(values: Iterable[Any] | None, sep: str = "; ") -> str:
    """List cell as text.

    Examples
    --------
    >>> joined(["a", "b"]), joined(None)
    ('a; b', '')
    """
    return sep.join(str(v) for v in values or [])


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&])")


def md_escape(text: str) -> str:
    r"""Backslash-escape Markdown (and Streamlit ``:directive[...]``) syntax, so that
    text from a source shown in a caption or label reads as the same characters.

    Examples
    --------
    >>> print(md_escape("![x](http://e/i.png) :red[a]"))
    \!\[x\]\(http\://e/i\.png\) \:red\[a\]
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _one_date(value: str) -> str:
    parts = value.split("-")
    try:
        if language() == "zh" and len(parts) in (2, 3):  # 2018年11月2日, 2018年11月
            return f"{int(parts[0])}年{int(parts[1])}月" + (f"{int(parts[2])}日" if len(parts) == 3 else "")
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def date_words(value: str | None) -> str:
    """A date as precise as its source, in words: a window stays a window.

    Examples
    --------
    >>> date_words("2009-11/2016"), date_words("2018-11-02"), date_words("2014"), date_words(None)
    ('between Nov 2009 and 2016', '2 Nov 2018', '2014', '')
    """
    if not value:
        return ""
    if "/" in value:
        a, b = value.split("/", 1)
        return _("between {start} and {end}", start=_one_date(a), end=_one_date(b))
    return _one_date(value)


def dataset_names(routes: Iterable[Mapping[str, Any]]) -> list[str]:
    """Ids of the data sets that count any of these routes or gaps, sorted.

    Examples
    --------
    >>> dataset_names([{"corroboration": [{"dataset": "source:b"}, {"dataset": "source:a"}]}])
    ['source:a', 'source:b']
    """
    return sorted({c["dataset"] for r in routes for c in r.get("corroboration", [])})


def figure_columns(items: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[tuple[tuple[str, str], str]]:
    """One column per data set figure (data set and basis), side by side: (key, heading).

    Examples
    --------
    >>> figure_columns([{"corroboration": [{"dataset": "source:g", "basis": "repatriation"}, {"dataset": "source:g"}]}],
    ...                {"source:g": "GLOTIP"})
    [(('source:g', 'citizenship'), 'GLOTIP'), (('source:g', 'repatriation'), 'GLOTIP, repatriated')]
    """
    keys = sorted({figure_key(c) for r in items for c in r.get("corroboration", [])})
    return [(k, figure_title(display_name(k[0], names), k[1])) for k in keys]


def _figure(c: Corroboration) -> str:
    """One data set's figure in its own column, worded as everywhere
    (:func:`graph.wording.figure_text`), with the labels that belong to it alone:
    "2003–2022: 1,234 (+3 cells <5; all forms, both sexes)"; a pair counted only
    in suppressed cells reads "<5", never "0".

    Examples
    --------
    >>> _figure({"dataset": "d", "victims": 0, "suppressed_cells": 1, "years": [2014, 2014], "by_year": []})
    '2014: <5 (1 suppressed cell)'
    >>> _figure({"dataset": "d", "victims": 23, "suppressed_cells": 0, "years": [2017, 2018], "by_year": [],
    ...          "forms": [{"label": "sexual_exploitation", "count": 23}], "profile": [{"label": "women", "count": 23}]})
    '2017–2018: 23 (sexual exploitation 23; women 23)'
    """
    return figure_text(c, labels=figure_labels(c))


def figures_text(corroboration: Sequence[Corroboration], names: Mapping[str, str]) -> str:
    """Every data set's figure side by side, never added.

    Examples
    --------
    >>> c = [{"dataset": "source:g", "victims": 120, "suppressed_cells": 3, "years": [2003, 2022], "by_year": []},
    ...      {"dataset": "source:c", "victims": 19, "suppressed_cells": 0, "years": [2017, 2017], "by_year": []}]
    >>> figures_text(c, {"source:g": "UNODC GLOTIP", "source:c": "IOM CTDC"})
    'UNODC GLOTIP 2003–2022: 120 (+3 cells <5) · IOM CTDC 2017: 19'
    """
    return " · ".join(
        figure_text(c, figure_title(display_name(c["dataset"], names), figure_key(c)[1]), labels=figure_labels(c))
        for c in corroboration
    )


def binds_text(instruments: Sequence[Instrument]) -> str:
    """The instruments that bind both sides, strongest first, each with its level and
    since-date, written as the answers write them (``graph.analysis.explain``).

    Examples
    --------
    >>> binds_text([{"id": "a", "title": "CETS 197", "kind": "regional", "level": "regional", "since": "2008-02-01"}])
    'CETS 197 (regional, since 2008-02-01)'
    >>> binds_text([])
    ''
    """
    return list_text((
        _("{title} ({level}, since {since})", title=i["title"], level=coverage_word(i["level"]), since=i["since"])
        if i.get("since") else _("{title} ({level})", title=i["title"], level=coverage_word(i["level"]))
        for i in instruments), "clauses")


def explanation(item: Mapping[str, Any]) -> str:
    """What binds a pair, as the answer says it (English, the JSON contract), or worded
    again from the answer's instruments in the reader's language.

    Examples
    --------
    >>> explanation({"coverage": "none", "instruments": [], "explanation": "No instrument binds both sides."})
    'No instrument binds both sides.'
    """
    if language() == DEFAULT_LANGUAGE or "instruments" not in item or "coverage" not in item:
        return str(item.get("explanation", ""))
    from ctgraph.graph.analysis import explain

    return explain(str(item["coverage"]), item["instruments"])


def route_label(route: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A route as people read it: "China → Thailand → Malaysia".

    Examples
    --------
    >>> route_label({"hops": ["CHN", "region:europe"]}, {"CHN": "China", "region:europe": "Europe"})
    'China → Europe'
    """
    hops = list(route.get("hops") or [route["source"], route["destination"]])
    return display_names(hops, names, " → ")


def drop_empty(df: pd.DataFrame, keep: Iterable[str] = ()) -> pd.DataFrame:
    """The frame without the columns in which no row has a value (``keep`` stays).

    Examples
    --------
    >>> drop_empty(pd.DataFrame({"a": ["x"], "b": [""], "c": [None]})).columns.tolist()
    ['a']
    """
    keep = set(keep)
    empty = [c for c in df.columns if c not in keep and not df[c].map(lambda v: v not in ("", None) and v == v).any()]
    return df.drop(columns=empty)


def _first(evidence: Sequence[Evidence]) -> tuple[str, str]:
    if not evidence:
        return "", ""
    e = evidence[0]
    return str(e.get("quote", "")), str(e.get("locator", ""))


def _forms(values: Iterable[str]) -> str:
    return joined(exploitation_words(values), ", ")


#: What a "victims counted" cell says where no data set counts the pair (never 0, never "None").
NOT_COUNTED = N_("no count published")
#: The exploitation cell of a route only data sets count: their forms are on their own figures.
NO_TEXT_FORMS = N_("not stated in text (data sets: see their columns)")


def year_count(victims: int, suppressed: int) -> int | str:
    """One year's published figure as a cell: "<5" when only suppressed cells, never 0.

    Examples
    --------
    >>> year_count(9, 0), year_count(0, 1), year_count(9, 2)
    (9, '<5', 'at least 9')
    """
    if suppressed and not victims:
        return "<5"
    return _("at least {n}", n=f"{victims:,}") if suppressed else victims


def counted(item: Mapping[str, Any]) -> int | str:
    """The "victims counted" figure of a route, gap or counterpart: the largest
    data set's count; "<5" where the data sets published only suppressed cells;
    "no count published" where no data set counts its flows, so that "not
    counted" never reads as "no victims".

    Examples
    --------
    >>> counted({"weight": {"victims": 0, "evidence": 2}, "corroboration": []})
    'no count published'
    >>> counted({"weight": {"victims": 7, "evidence": 0}, "corroboration": [{"dataset": "source:g"}]})
    7
    >>> counted({"weight": {"victims": 0, "evidence": 0}, "corroboration": [{"dataset": "g", "suppressed_cells": 2}]})
    '<5'
    """
    corr = list(item.get("corroboration") or []) + [c for p in item.get("pairs", []) for c in p.get("corroboration", [])]
    if not corr:
        return _(NOT_COUNTED)
    victims = int(item["weight"]["victims"])
    if not victims and any(int(c.get("suppressed_cells") or 0) for c in corr):
        return "<5"
    return victims


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A table whose "victims counted" column keeps whole numbers and blanks (no floats, no NaN)."""
    df = pd.DataFrame(rows, columns=columns)
    if "victims counted" in df.columns:
        df["victims counted"] = pd.Series([r.get("victims counted") for r in rows], index=df.index, dtype=object)
    return df


def routes_frame(routes: Sequence[Route], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per route, in the answer's order (heaviest first): the path, its
    coverage, the ranking figures and one column per data set (side by side,
    never added) first, then what binds it and what flows.

    Examples
    --------
    >>> r = {"source": "CHN", "destination": "FRA", "hops": ["CHN", "FRA"], "exploitation": ["forced_labour"],
    ...      "victims": [], "evidence": [], "coverage": "none", "instruments": [], "link": None,
    ...      "weight": {"victims": 5, "evidence": 0}, "internal": False, "legs": [],
    ...      "corroboration": [{"dataset": "source:g", "victims": 5, "suppressed_cells": 0,
    ...                         "years": [2020, 2021], "by_year": []}]}
    >>> row = routes_frame([r], {"CHN": "China", "FRA": "France", "source:g": "GLOTIP"}).to_dict("records")[0]
    >>> [row[k] for k in ("route", "victims counted", "GLOTIP", "exploitation")]
    ['China → France', 5, '2020–2021: 5', 'forced labour']
    """
    columns_ = figure_columns(routes, names)
    datasets, ds_cols = [k for k, _ in columns_], [t for _, t in columns_]
    rows = []
    for r in routes:
        quote, locator = _first(r.get("evidence", []))
        by_ds = {figure_key(c): _figure(c) for c in r.get("corroboration", [])}
        row: dict[str, Any] = {
            "route": route_label(r, names),
            "coverage": r.get("coverage", ""),
            "victims counted": counted(r),
            "evidence items": r["weight"]["evidence"],
        }
        for d, col in zip(datasets, ds_cols):
            row[col] = by_ds.get(d, "")
        row.update(
            {
                "what binds both sides": binds_text(r.get("instruments", [])),
                ORIGIN: display_name(r["source"], names),
                DESTINATION: display_name(r["destination"], names),
                "exploitation": _forms(r["exploitation"]) if r["exploitation"] or not r.get("corroboration")
                else _(NO_TEXT_FORMS),
                "victims (as the source words them)": joined(r.get("victims")),
                "legs linked by": _(LINK_WORDS.get(str(r.get("link")), "")) if r.get("link") else "",
                "first quote": quote,
                "locator": locator,
            }
        )
        rows.append(row)
    columns = [
        "route", "coverage", "victims counted", "evidence items", *ds_cols, "what binds both sides", ORIGIN,
        DESTINATION, "exploitation", "victims (as the source words them)", "legs linked by", "first quote", "locator",
    ]
    return _frame(rows, columns)


def by_year_frame(route: Route | Gap, names: Mapping[str, str]) -> pd.DataFrame:
    """Per data set and year: the published count and whether the pair was covered that year.

    Examples
    --------
    >>> g = {"corroboration": [{"dataset": "source:g", "victims": 9, "suppressed_cells": 1, "years": [2009, 2010],
    ...       "by_year": [{"year": 2009, "victims": 9, "suppressed_cells": 0, "coverage": "none"},
    ...                   {"year": 2010, "victims": 0, "suppressed_cells": 1, "coverage": "multilateral"}]}]}
    >>> by_year_frame(g, {"source:g": "GLOTIP"}).values.tolist()
    [['GLOTIP', 2009, 9, 0, 'none'], ['GLOTIP', 2010, '<5', 1, 'multilateral']]
    """
    rows = [
        {
            "data set": figure_title(display_name(c["dataset"], names), figure_key(c)[1]),
            "year": y["year"],
            "victims (published)": year_count(y["victims"], y["suppressed_cells"]),
            "cells <5": y["suppressed_cells"],
            "coverage that year": y["coverage"],
        }
        for c in route.get("corroboration", [])
        for y in c.get("by_year", [])
    ]
    return pd.DataFrame(rows, columns=["data set", "year", "victims (published)", "cells <5", "coverage that year"])


def onward_frame(items: Sequence[Onward], names: Mapping[str, str]) -> pd.DataFrame:
    """Onward connections: two flows that meet in a country, NOT one evidenced route."""
    rows = [
        {
            "arrives": route_label(c["inbound"], names),
            "meets in": display_name(c["via"], names),
            "leaves": route_label(c["onward"], names),
            "arriving: data sets": figures_text(c["inbound"].get("corroboration", []), names),
            "leaving: data sets": figures_text(c["onward"].get("corroboration", []), names),
            "arriving: evidence items": c["inbound"]["weight"]["evidence"],
            "leaving: evidence items": c["onward"]["weight"]["evidence"],
        }
        for c in items
    ]
    return pd.DataFrame(rows, columns=[
        "arrives", "meets in", "leaves", "arriving: data sets", "leaving: data sets",
        "arriving: evidence items", "leaving: evidence items",
    ])


def gaps_frame(gaps: Sequence[Gap], names: Mapping[str, str]) -> pd.DataFrame:
    """The ranked gap table, in the answer's order: both ranking figures, what
    binds each pair, and the data sets side by side.

    Examples
    --------
    >>> g = {"source": "ALB", "destination": "GBR", "coverage": "multilateral", "instruments": [],
    ...      "explanation": "Only UN Protocol binds both sides.", "weight": {"victims": 7, "evidence": 1},
    ...      "evidence": [], "corroboration": [{"dataset": "source:g", "victims": 7, "suppressed_cells": 0,
    ...                                         "years": [2020, 2020], "by_year": []}]}
    >>> [*gaps_frame([g], {"ALB": "Albania", "GBR": "United Kingdom"}).to_dict("records")[0].values()][:6]
    [1, 'Albania', 'United Kingdom', 'multilateral', 7, 1]
    """
    columns_ = figure_columns(gaps, names)
    datasets, ds_cols = [k for k, _ in columns_], [t for _, t in columns_]
    rows = []
    for i, g in enumerate(gaps, start=1):
        quote, locator = _first(g.get("evidence", []))
        by_ds = {figure_key(c): _figure(c) for c in g.get("corroboration", [])}
        row: dict[str, Any] = {
            "rank": i,
            ORIGIN: display_name(g["source"], names),
            DESTINATION: display_name(g["destination"], names),
            "coverage": g["coverage"],
            "victims counted": counted(g),
            "evidence items": g["weight"]["evidence"],
        }
        for d, col in zip(datasets, ds_cols):
            row[col] = by_ds.get(d, "")
        row.update({"what binds them": explanation(g), "first quote": quote, "locator": locator})
        rows.append(row)
    columns = [
        "rank", ORIGIN, DESTINATION, "coverage", "victims counted", "evidence items", *ds_cols, "what binds them",
        "first quote", "locator",
    ]
    return _frame(rows, columns)


def _term_of(a: Agreement, party: str) -> PartyTerm | None:
    return next((t for t in a.get("terms", []) if t["party"] == party), None)


def instruments_frame(
    agreements: Sequence[Agreement], names: Mapping[str, str], party: str | None = None
) -> pd.DataFrame:
    """The instruments registry: kind, status on the day, dates as precise as
    the sources give them, parties (and, for one party, since when it is bound).

    Examples
    --------
    >>> a = {"id": "agreement:x", "title": "X MoU", "kind": "bilateral", "status": "signed", "parties": ["CHN", "KHM"],
    ...      "date": "2009-11/2016", "in_force": None, "status_history": [], "evidence": [],
    ...      "terms": [{"party": "CHN", "since": "2016", "until": None, "signed": None, "consent": None,
    ...                 "consent_type": None, "bound": True, "locator": None}]}
    >>> [*instruments_frame([a], {"CHN": "China", "KHM": "Cambodia"}, party="CHN").to_dict("records")[0].values()]
    ['X MoU', 'bilateral', 'signed', 'between Nov 2009 and 2016', '', 2, 'China, Cambodia', '2016', '', 0]
    """
    rows = []
    for a in agreements:
        row: dict[str, Any] = {
            "instrument": display_name(a["id"], names) if a["id"] in names else a.get("title"),
            "kind": a.get("kind"),
            "status": a.get("status"),
            "date": date_words(a.get("date")),
            "in force": date_words(a.get("in_force")),
            "parties": len(a.get("parties", [])),
            "who": _("{names} and {n} more", names=display_names(a["parties"][:12], names), n=len(a["parties"]) - 12)
            if len(a.get("parties", [])) > 12 else display_names(a.get("parties", []), names),
        }
        if party is not None:
            t = _term_of(a, party)
            row[_("{party} bound since", party=display_name(party, names))] = (
                date_words(t["since"]) if t and t["bound"] else "")
            row[_("{party} bound until", party=display_name(party, names))] = date_words(t["until"]) if t else ""
        row["evidence"] = len(a.get("evidence", []))
        rows.append(row)
    columns = ["instrument", "kind", "status", "date", "in force", "parties", "who"]
    if party is not None:
        columns += [_("{party} bound since", party=display_name(party, names)),
                    _("{party} bound until", party=display_name(party, names))]
    return pd.DataFrame(rows, columns=[*columns, "evidence"])


_CONSENT = {"ratification": "ratified", "accession": "acceded", "acceptance": "accepted", "approval": "approved",
            "succession": "succeeded"}


def terms_frame(agreement: Agreement, names: Mapping[str, str]) -> pd.DataFrame:
    """Each party's terms: signed, consent (and how), bound from and until, as the source dates them.

    Examples
    --------
    >>> a = {"terms": [{"party": "CHN", "since": "2010-03-10", "until": None, "signed": None, "consent": "2010-02-08",
    ...                 "consent_type": "accession", "bound": True, "locator": "row 36"}]}
    >>> terms_frame(a, {"CHN": "China"}).iloc[0].tolist()
    ['China', 'bound', '', '8 Feb 2010 (acceded)', '10 Mar 2010', '', 'row 36']
    """
    rows = []
    for t in agreement.get("terms", []):
        consent = date_words(t.get("consent"))
        how = _CONSENT.get(str(t.get("consent_type") or ""), t.get("consent_type") or "")
        rows.append(
            {
                "party": display_name(t["party"], names),
                "bound": "bound" if t["bound"] else "signed only (not bound)",
                "signed": date_words(t.get("signed")),
                "consent": f"{consent} ({how})" if consent and how else consent or (how if t["bound"] else ""),
                "bound from": date_words(t.get("since")) if t["bound"] else "",
                "bound until": date_words(t.get("until")),
                "locator": t.get("locator") or "",
            }
        )
    return pd.DataFrame(rows, columns=["party", "bound", "signed", "consent", "bound from", "bound until", "locator"])


def binding_frame(agreements: Sequence[Agreement], iso3: str, names: Mapping[str, str]) -> pd.DataFrame:
    """What binds a country on the day, strongest kind first, and since when: its
    own term where it is a party, else the party (a bloc) through which it is bound.

    Examples
    --------
    >>> a = {"id": "agreement:m", "title": "Mekong MOU", "kind": "regional", "status": "signed",
    ...      "parties": ["CHN", "region:mekong"], "date": "2014", "in_force": None, "evidence": [],
    ...      "terms": [{"party": "region:mekong", "since": "2014", "until": None, "signed": None, "consent": None,
    ...                 "consent_type": None, "bound": True, "locator": None}]}
    >>> [*binding_frame([a], "VNM", {"region:mekong": "Mekong river region"}).to_dict("records")[0].values()]
    ['Mekong MOU', 'regional', 'signed', '2014', '', 'as a member of Mekong river region', '2014', 0]
    """
    order = {"bilateral": 0, "regional": 1, "multilateral": 2}
    rows = []
    for a in sorted(agreements, key=lambda x: (order.get(str(x.get("kind")), 9), str(x.get("title")))):
        own = _term_of(a, iso3)
        if own is not None:
            how, since, until = "as a party", own.get("since"), own.get("until")
        else:
            via = [t for t in a.get("terms", []) if t["party"] != iso3 and not t["party"].isupper()]
            how = "as a member of " + display_names([t["party"] for t in via], names) if via else "through a party"
            since = via[0].get("since") if via else None
            until = via[0].get("until") if via else None
        rows.append(
            {
                "instrument": display_name(a["id"], names) if a["id"] in names else a.get("title"),
                "kind": a.get("kind"),
                "status": a.get("status"),
                "bound since": date_words(since),
                "bound until": date_words(until),
                "how": how,
                "date": date_words(a.get("date")),
                "evidence": len(a.get("evidence", [])),
            }
        )
    return pd.DataFrame(rows, columns=["instrument", "kind", "status", "bound since", "bound until", "how", "date",
                                       "evidence"])


_OUTCOMES = {"found": "found", "not_found": "searched, not found", "lead_only": "lead only (no quotable source)"}


def research_frame(items: Sequence[Research], iso3: str, names: Mapping[str, str]) -> pd.DataFrame:
    """What was searched for a country: with whom (the other side of a pair), on what, the
    outcome, the instruments found (names), the queries and the researcher's note.

    Examples
    --------
    >>> r = {"researched": "2026-12-04", "countries": ["CHN", "THA"], "topic": "bilateral", "outcome": "not_found",
    ...      "instruments": [], "queries": ["China Thailand MoU"], "note": "none"}
    >>> research_frame([r], "THA", {"CHN": "China"}).iloc[0].tolist()
    ['4 Dec 2026', 'China', 'bilateral', 'searched, not found', '', 'China Thailand MoU', 'none']
    """
    rows = [
        {
            "researched": date_words(r["researched"]),
            "with": display_names([c for c in r["countries"] if c != iso3], names) or "(this country alone)",
            "topic": r["topic"],
            "outcome": _OUTCOMES.get(r["outcome"], r["outcome"]),
            "instruments found": display_names(r["instruments"], names),
            "queries": joined(r["queries"]),
            "note": r.get("note") or "",
        }
        for r in items
    ]
    return pd.DataFrame(rows, columns=["researched", "with", "topic", "outcome", "instruments found", "queries", "note"])


def cooperations_frame(coops: Sequence[Cooperation], names: Mapping[str, str]) -> pd.DataFrame:
    """Operational cooperation: kind, parties, date, outcomes."""
    rows = [
        {
            "cooperation": c.get("title"),
            "kind": str(c.get("kind") or "").replace("_", " "),
            "date": date_words(c.get("date")),
            "parties": display_names(c.get("parties", []), names),
            "outcomes": joined(c.get("outcomes")),
            "evidence": len(c.get("evidence", [])),
        }
        for c in coops
    ]
    return pd.DataFrame(rows, columns=["cooperation", "kind", "date", "parties", "outcomes", "evidence"])


def agencies_frame(agencies: Sequence[Agency], names: Mapping[str, str]) -> pd.DataFrame:
    """Agencies to contact, with the quote that ties each to the topic; empty columns left out.

    Examples
    --------
    >>> a = {"id": "agency:x", "name": "Police", "acronym": None, "kind": "national", "role": "",
    ...      "country": "DEU", "evidence": [{"source": "s", "quote": "German Police", "locator": "¶1"}]}
    >>> agencies_frame([a], {"DEU": "Germany"}).columns.tolist()
    ['agency', 'country', 'kind', 'what the source says', 'where']
    """
    rows = []
    for a in agencies:
        quote, locator = _first(a.get("evidence", []))
        rows.append(
            {
                "agency": a.get("name") or display_name(a["id"], names),
                "acronym": a.get("acronym") or "",
                "country": display_name(str(a["country"]), names) if a.get("country") else "",
                "kind": a.get("kind") or "",
                "role": a.get("role") or "",
                "what the source says": quote,
                "where": locator,
            }
        )
    df = pd.DataFrame(rows, columns=["agency", "acronym", "country", "kind", "role", "what the source says", "where"])
    return drop_empty(df, keep=["agency"])


def experts_frame(experts: Sequence[Expert], names: Mapping[str, str]) -> pd.DataFrame:
    """Named experts, names exactly as the source writes them, with title, role,
    agency, any contact details and the quote; empty columns left out.

    Examples
    --------
    >>> e = {"id": "expert:x", "name": "CHEN Jianfeng", "title": "Director", "role": None, "agency": "agency:mps",
    ...      "country": "CHN", "contact_note": None, "evidence": []}
    >>> experts_frame([e], {"agency:mps": "Ministry of Public Security", "CHN": "China"}).iloc[0].tolist()
    ['CHEN Jianfeng', 'China', 'Director', 'Ministry of Public Security']
    """
    rows = []
    for e in experts:
        quote, locator = _first(e.get("evidence", []))
        rows.append(
            {
                "name": e.get("name") or "",
                "country": display_name(str(e["country"]), names) if e.get("country") else "",
                "title": e.get("title") or "",
                "role": e.get("role") or "",
                "agency": display_name(str(e["agency"]), names) if e.get("agency") else "",
                "contact details": e.get("contact_note") or "",
                "what the source says": quote,
                "where": locator,
            }
        )
    df = pd.DataFrame(rows, columns=["name", "country", "title", "role", "agency", "contact details",
                                     "what the source says", "where"])
    return drop_empty(df, keep=["name"])


def next_instrument_frame(items: Sequence[NextInstrument], names: Mapping[str, str]) -> pd.DataFrame:
    """Counterparts ranked by what one new bilateral instrument would cover (the answer's order).

    Examples
    --------
    >>> n = {"counterpart": "USA", "weight": {"victims": 1686, "evidence": 0}, "pairs": [
    ...     {"source": "CHN", "destination": "USA", "coverage": "multilateral", "instruments": [],
    ...      "explanation": "Only UN Protocol binds both sides.", "weight": {"victims": 1686, "evidence": 0},
    ...      "evidence": [], "corroboration": [{"dataset": "source:g", "victims": 1686, "suppressed_cells": 0,
    ...                                         "years": [2020, 2020], "by_year": []}]}]}
    >>> [*next_instrument_frame([n], {"CHN": "China", "USA": "United States"}).to_dict("records")[0].values()]
    [1, 'United States', 1686, 0, 'China → United States (multilateral)', 'Only UN Protocol binds both sides.']
    """
    rows = [
        {
            "rank": i,
            "counterpart": display_name(n["counterpart"], names),
            "victims counted": counted(n),
            "evidence items": n["weight"]["evidence"],
            "uncovered pairs": joined(
                f"{display_name(g['source'], names)} → {display_name(g['destination'], names)} ({g['coverage']})"
                for g in n["pairs"]
            ),
            "what binds them now": joined(dict.fromkeys(explanation(g) for g in n["pairs"])),
        }
        for i, n in enumerate(items, start=1)
    ]
    return _frame(rows, ["rank", "counterpart", "victims counted", "evidence items", "uncovered pairs",
                         "what binds them now"])


def tiers_frame(tiers: Sequence[TipTier]) -> pd.DataFrame:
    """US TIP report tiers by year (context, not coverage).

    Examples
    --------
    >>> tiers_frame([{"year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "evidence": []}]).values.tolist()
    [[2013, 'Tier 3']]
    """
    return pd.DataFrame([{"year": t["year"], "tier": tier_word(t["tier_label"])} for t in tiers], columns=["year", "tier"])


def challenges_frame(challenges: Sequence[Challenge], names: Mapping[str, str]) -> pd.DataFrame:
    """Challenges reported, with whom they concern."""
    rows = [
        {
            "challenge": c.get("description"),
            "concerns": display_names(c.get("concerns", []), names),
            "evidence": len(c.get("evidence", [])),
        }
        for c in challenges
    ]
    return pd.DataFrame(rows, columns=["challenge", "concerns", "evidence"])


def statistics_frame(stats: Sequence[Statistic], names: Mapping[str, str]) -> pd.DataFrame:
    """Figures the sources give, each with its source: a data set's suppressed cell
    reads "<5" (never a blank the table would draw as "None"); the year as text.

    Examples
    --------
    >>> s = {"counts": "x", "value": None, "unit": "people", "year": 2003, "evidence": [], "suppressed_cells": 1}
    >>> statistics_frame([s, {**s, "value": 2161, "suppressed_cells": 0}], {})[["value", "year"]].values.tolist()
    [['<5', '2003'], [2161, '2003']]
    """
    rows = [
        {
            "counts": statistic_counts_text(s),  # a data set's own description in the reader's words
            "value": s["value"] if s.get("value") is not None else "<5" if s.get("suppressed_cells") else _("not given"),
            "unit": s.get("unit"),
            "year": str(s.get("year") or ""),
            "source": display_name(s["evidence"][0]["source"], names) if s.get("evidence") else "",
            "locator": s["evidence"][0]["locator"] if s.get("evidence") else "",
        }
        for s in stats
    ]
    return pd.DataFrame(rows, columns=["counts", "value", "unit", "year", "source", "locator"])


def _fact_name(f: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What a fact is called: a route by its path, anything else by its name."""
    if "id" not in f and f.get("source") and f.get("destination"):
        return route_label(f, names)
    for k in ("name", "title", "description"):
        if f.get(k):
            return str(f[k])
    return display_name(str(f.get("id", "")), names)


def evidence_frame(facts: Iterable[Mapping[str, Any]], names: Mapping[str, str], label: str = "fact") -> pd.DataFrame:
    """Every evidence item of some facts, each passage once: the facts it stands
    behind, source, locator, quote, and "×N" when N facts repeat it.

    ``facts`` are answers that carry ``evidence`` (routes and gaps are named by
    their path, other facts by their name).

    Examples
    --------
    >>> e = {"source": "source:s", "locator": "¶1", "quote": "q"}
    >>> evidence_frame([{"id": "agency:x", "name": "Police", "evidence": [e]}, {"id": "agency:y", "name": "Court",
    ...     "evidence": [dict(e)]}], {"source:s": "Report"}).values.tolist()
    [['Police; Court', 'Report', '¶1', 'q', '×2']]
    """
    behind: dict[tuple[str, str, str], list[str]] = {}
    for f in facts:
        what = _fact_name(f, names)
        for e in f.get("evidence", []):
            behind.setdefault((e["source"], e["locator"], e["quote"]), []).append(what)
    rows = [
        {label: "; ".join(dict.fromkeys(whats)), "source": display_name(src, names), "locator": loc, "quote": quote,
         "repeated": f"×{len(whats)}" if len(whats) > 1 else ""}
        for (src, loc, quote), whats in behind.items()
    ]
    return pd.DataFrame(rows, columns=[label, "source", "locator", "quote", "repeated"])


def search_frame(items: Sequence[SearchHit], names: Mapping[str, str]) -> pd.DataFrame:
    """Evidence search hits: source, locator, quote and the fact they support (by name)."""
    rows = [
        {
            "source": display_name(e["source"], names),
            "locator": e["locator"],
            "quote": e["quote"],
            "fact": display_name(e["fact"], names) if e["fact"] in names else label_word(e.get("label", "")),
            "kind": e.get("label", ""),
        }
        for e in items
    ]
    return pd.DataFrame(rows, columns=["source", "locator", "quote", "fact", "kind"])


def top_endpoints(routes: Sequence[Route], n: int) -> list[str]:
    """The ``n`` endpoints with the heaviest documented flows: ranked by the
    victims counted on their routes (each route's own figure), then evidence
    items, then the number of routes. A display order, never a headline figure.

    Examples
    --------
    >>> r = lambda a, b, v: {"source": a, "destination": b, "weight": {"victims": v, "evidence": 0}}
    >>> top_endpoints([r("CHN", "USA", 10), r("MEX", "USA", 50), r("CHN", "FRA", 1)], 2)
    ['USA', 'MEX']
    """
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in routes:
        for e in {r["source"], r["destination"]}:
            s = score[e]
            s[0] += r["weight"]["victims"]
            s[1] += r["weight"]["evidence"]
            s[2] += 1
    return sorted(score, key=lambda e: (-score[e][0], -score[e][1], -score[e][2], e))[: max(n, 0)]


def coverage_matrix(routes: Sequence[Route], names: Mapping[str, str], endpoints: Sequence[str]) -> pd.DataFrame:
    """Origin x destination table of each route's own coverage, for ``endpoints``
    (rows and columns named, '' where no flow is documented).

    Examples
    --------
    >>> r = {"source": "CHN", "destination": "FRA", "coverage": "multilateral", "hops": ["CHN", "FRA"]}
    >>> coverage_matrix([r], {"CHN": "China", "FRA": "France"}, ["CHN", "FRA"]).to_dict()
    {'China': {'China': '', 'France': ''}, 'France': {'China': 'multilateral', 'France': ''}}
    """
    labels = {e: display_name(e, names) for e in endpoints}
    where: dict[str, list[int]] = defaultdict(list)  # two endpoints may share a name: both cells, as .loc set them
    for i, e in enumerate(endpoints):
        where[labels[e]].append(i)
    cells = [[""] * len(endpoints) for _ in endpoints]  # filled first, framed once (cell by cell took 0.1-0.3 s)
    for r in routes:
        if len(r.get("hops") or [1, 2]) != 2:
            continue
        o, d = r["source"], r["destination"]
        if o in labels and d in labels:
            for i in where[labels[o]]:
                for j in where[labels[d]]:
                    cells[i][j] = r["coverage"]
    table = pd.DataFrame(cells, index=[labels[e] for e in endpoints], columns=[labels[e] for e in endpoints])
    table.index.name = "origin \\ destination"
    table.attrs[WORD_CELLS] = True  # every cell a coverage level: shown in the reader's words
    return table


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 CSV of ``df``; text cells a spreadsheet would evaluate get a leading ``'``.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"q": ["=HYPERLINK(1)", "plain"], "n": [-1, 2]})).decode()
    "q,n\\n'=HYPERLINK(1),-1\\nplain,2\\n"
    >>> csv_bytes(pd.DataFrame({"@cmd": [1]})).decode()
    "'@cmd\\n1\\n"
    """
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(spreadsheet_safe)
    if index:
        safe.index = safe.index.map(spreadsheet_safe)
    # headers too: the coverage matrix's columns are names from the sources
    safe.columns = [spreadsheet_safe(c) if isinstance(c, str) else c for c in safe.columns]
    text: str = safe.to_csv(index=index)
    return text.encode("utf-8")


#: Rows a table shows at first; a control under it shows more (the CSV always has every row).
FIRST_ROWS = 100


def cells_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column that mixes numbers and words ("<5", "no count
    published") written as text, numbers with thousands separators, so a
    suppressed or missing count is shown as its words, never as 0 or blank.

    Examples
    --------
    >>> cells_as_text(pd.DataFrame({"victims counted": pd.Series([1686, "<5"], dtype=object)}))["victims counted"].tolist()
    ['1,686', '<5']
    """
    out = df
    for col in df.columns:
        values = df[col].tolist()
        if any(isinstance(v, str) for v in values) and any(isinstance(v, int) and not isinstance(v, bool) for v in values):
            if out is df:
                out = df.copy()
            out[col] = [f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v for v in values]
    return out


def show_table(
    df: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    index: bool = False,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    help: str | None = None,
    links: Sequence[str] = (),
) -> None:
    """Draw ``df`` as text cells, with a CSV download button under it.

    ``links``: columns holding :func:`dashboard.state.page_link` addresses, drawn as
    links showing their text (a country's profile, a route's view); the CSV leaves them out.

    A long table shows its first :data:`FIRST_ROWS` rows and a control to show
    more; the download always holds every row and is built only when clicked,
    so a page with big tables stays fast. ``help`` explains the victims figure
    in its column header.
    """
    import streamlit as st

    config: dict[str, Any] = {}
    df, heading = translated(cells_as_text(df))
    links = [heading.get(col, col) for col in links]
    counted_col, items_col = heading.get("victims counted"), heading.get("evidence items")
    if counted_col:
        words = _("The largest single data set's published count (data sets overlap: never added); "
                  "<5 where only suppressed cells were published; 'no count published' where no data "
                  "set counts these flows")
        if any(isinstance(v, str) for v in df[counted_col].tolist()):
            config[counted_col] = st.column_config.TextColumn(counted_col, help=help or words)
        else:
            config[counted_col] = st.column_config.NumberColumn(counted_col, help=help or words, format="localized")
    if items_col:
        config[items_col] = st.column_config.NumberColumn(
            items_col, help=_("Distinct text passages in the sources behind it")
        )
    if links:
        from ctgraph.dashboard.state import LINK_TEXT

        for col in links:
            config[col] = st.column_config.LinkColumn(col, display_text=LINK_TEXT, width="small")
            if col in df.columns:  # a row with nothing to open (a region, a place) is blank, never "None"
                df = df.assign(**{col: df[col].where(df[col].notna(), "")})
    shown = df
    if len(df) > FIRST_ROWS:
        options = sorted({FIRST_ROWS, min(500, len(df)), len(df)})
        n = st.session_state.get(f"rows-{key}", FIRST_ROWS)
        shown = df.head(n if n in options else FIRST_ROWS)
    st.dataframe(shown, hide_index=not index, width="stretch", height=height, column_config=config or None)
    c1, c2 = st.columns([1, 3])
    c1.download_button(
        _("Download CSV"),
        data=lambda: csv_bytes(df.drop(columns=list(links)), index=index),  # built only when clicked
        file_name=file_name,
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
    )
    if len(df) > FIRST_ROWS:
        c2.selectbox(
            _("Rows shown (of {n}; the CSV has all)", n=f"{len(df):,}"), options, key=f"rows-{key}",
            format_func=lambda v: _("all {n}", n=f"{v:,}") if v == len(df) else _("first {n}", n=f"{v:,}"),
        )
