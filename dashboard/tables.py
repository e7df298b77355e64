"""Query answers as tables (pure pandas), and the one way the views show a table.

Every table is a :class:`pandas.DataFrame` built here from the JSON shapes of
the CLI contract, so the views stay thin and the shapes are tested without
Streamlit. :func:`show_table` draws a table (``st.dataframe`` renders cells as
text, never HTML) with a "Download CSV" button next to it. CSV cells that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) are prefixed with ``'`` in the download
(:func:`graph.text_safety.spreadsheet_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pandas as pd

from graph.model import COVERAGE_ORDER
from graph.text_safety import spreadsheet_safe
from graph.vocabulary import INTERNAL

__all__ = [
    "COVERAGE_LEVELS",
    "joined",
    "md_escape",
    "display_name",
    "jurisdictions",
    "routes_frame",
    "gaps_frame",
    "agreements_frame",
    "cooperations_frame",
    "agencies_frame",
    "experts_frame",
    "challenges_frame",
    "statistics_frame",
    "evidence_frame",
    "search_frame",
    "coverage_matrix",
    "csv_bytes",
    "show_table",
]

#: Coverage levels strongest first, plus "internal" for flows inside one jurisdiction.
COVERAGE_LEVELS: list[str] = [c.value for c in reversed(COVERAGE_ORDER)] + [INTERNAL]


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


def display_name(endpoint: str, names: Mapping[str, str]) -> str:
    """'Name (ID)' of an endpoint, or its id when the name is the id.

    Examples
    --------
    >>> display_name("CHN", {"CHN": "China"}), display_name("XYZ", {})
    ('China (CHN)', 'XYZ')
    """
    name = names.get(endpoint)
    return f"{name} ({endpoint})" if name and name != endpoint else endpoint


def jurisdictions(places: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """place id -> its country, from the store's Place nodes.

    Examples
    --------
    >>> jurisdictions([{"id": "place:guangdong", "country": "CHN"}])
    {'place:guangdong': 'CHN'}
    """
    return {str(p["id"]): str(p["country"]) for p in places if p.get("country")}


def _first(evidence: list[Mapping[str, Any]]) -> tuple[str, str]:
    if not evidence:
        return "", ""
    e = evidence[0]
    return str(e.get("quote", "")), str(e.get("locator", ""))


def routes_frame(
    routes: list[Mapping[str, Any]],
    names: Mapping[str, str],
    coverage: Mapping[tuple[str, str], str],
) -> pd.DataFrame:
    """One row per route: path, exploitation, victims, weakest hop coverage, evidence."""
    rows = []
    for r in routes:
        hops = list(r.get("hops") or [r["source"], r["destination"]])
        weakest = str(r.get("coverage") or coverage.get((r["source"], r["destination"]), "unknown"))
        quote, locator = _first(r.get("evidence", []))
        rows.append(
            {
                "route": " → ".join(display_name(h, names) for h in hops),
                "origin": r["source"],
                "destination": r["destination"],
                "hops": len(hops) - 1,
                "exploitation": joined(r.get("exploitation")),
                "victims": joined(r.get("victims")),
                "coverage": weakest,
                "evidence": len(r.get("evidence", [])),
                "first quote": quote,
                "locator": locator,
                "statistics": joined(
                    f"{c['dataset']}: at least {c['victims']}" for c in r.get("corroboration", [])
                ),
            }
        )
    return pd.DataFrame(rows, columns=[
        "route", "origin", "destination", "hops", "exploitation", "victims", "coverage",
        "evidence", "first quote", "locator", "statistics",
    ])


def gaps_frame(gaps: list[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """The ranked gap table: rank, pair, coverage, instruments, weight, evidence count."""
    rows = []
    for i, g in enumerate(gaps, start=1):
        quote, locator = _first(g.get("evidence", []))
        rows.append(
            {
                "rank": i,
                "origin": display_name(g["source"], names),
                "destination": display_name(g["destination"], names),
                "coverage": g["coverage"],
                "instruments": joined(f"{x['title']} ({x['level']})" for x in g.get("instruments", [])),
                "weight": g.get("weight", 0),
                "evidence": len(g.get("evidence", [])),
                "first quote": quote,
                "locator": locator,
            }
        )
    return pd.DataFrame(rows, columns=[
        "rank", "origin", "destination", "coverage", "instruments", "weight", "evidence",
        "first quote", "locator",
    ])


def agreements_frame(agreements: list[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """Agreements with kind, status, date and parties."""
    rows = [
        {
            "title": a.get("title"),
            "kind": a.get("kind"),
            "status": a.get("status"),
            "date": a.get("date") or "",
            "parties": joined(display_name(p, names) for p in a.get("parties", [])),
            "evidence": len(a.get("evidence", [])),
            "id": a.get("id"),
        }
        for a in agreements
    ]
    return pd.DataFrame(rows, columns=["title", "kind", "status", "date", "parties", "evidence", "id"])


def cooperations_frame(coops: list[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """Operational cooperation: kind, parties, date, outcomes."""
    rows = [
        {
            "title": c.get("title"),
            "kind": c.get("kind"),
            "date": c.get("date") or "",
            "parties": joined(display_name(p, names) for p in c.get("parties", [])),
            "outcomes": joined(c.get("outcomes")),
            "evidence": len(c.get("evidence", [])),
            "id": c.get("id"),
        }
        for c in coops
    ]
    return pd.DataFrame(rows, columns=["title", "kind", "date", "parties", "outcomes", "evidence", "id"])


def agencies_frame(agencies: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Agencies to contact: name, acronym, kind, role."""
    rows = [
        {
            "name": a.get("name"),
            "acronym": a.get("acronym") or "",
            "kind": a.get("kind") or "",
            "role": a.get("role") or "",
            "evidence": len(a.get("evidence", [])),
            "id": a.get("id"),
        }
        for a in agencies
    ]
    return pd.DataFrame(rows, columns=["name", "acronym", "kind", "role", "evidence", "id"])


def experts_frame(experts: list[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """Named experts: name exactly as the source writes it, title, role, agency, contact note."""
    rows = [
        {
            "name": e.get("name"),
            "title": e.get("title") or "",
            "role": e.get("role") or "",
            "agency": names.get(str(e.get("agency")), e.get("agency") or ""),
            "contact note": e.get("contact_note") or "",
            "evidence": len(e.get("evidence", [])),
            "id": e.get("id"),
        }
        for e in experts
    ]
    return pd.DataFrame(rows, columns=["name", "title", "role", "agency", "contact note", "evidence", "id"])


def challenges_frame(challenges: list[Mapping[str, Any]], names: Mapping[str, str]) -> pd.DataFrame:
    """Challenges reported, with whom they concern."""
    rows = [
        {
            "challenge": c.get("description"),
            "concerns": joined(display_name(x, names) for x in c.get("concerns", [])),
            "evidence": len(c.get("evidence", [])),
            "id": c.get("id"),
        }
        for c in challenges
    ]
    return pd.DataFrame(rows, columns=["challenge", "concerns", "evidence", "id"])


def statistics_frame(stats: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Figures the sources give."""
    rows = [
        {
            "counts": s.get("counts"),
            "value": s.get("value"),
            "unit": s.get("unit"),
            "year": s.get("year"),
            "evidence": len(s.get("evidence", [])),
            "id": s.get("id"),
        }
        for s in stats
    ]
    return pd.DataFrame(rows, columns=["counts", "value", "unit", "year", "evidence", "id"])


def evidence_frame(facts: Iterable[Mapping[str, Any]], label: str = "fact") -> pd.DataFrame:
    """Every evidence item of some facts, one row each: fact, source, locator, quote.

    ``facts`` are items that carry ``evidence`` and an ``id`` (or source and
    destination, for routes and gaps).

    Examples
    --------
    >>> evidence_frame([{"id": "flow:x", "evidence": [{"source": "s", "locator": "¶1", "quote": "q"}]}]).iloc[0].tolist()
    ['flow:x', 's', '¶1', 'q']
    """
    rows = []
    for f in facts:
        ident = f.get("id") or f"{f.get('source')} → {f.get('destination')}"
        for e in f.get("evidence", []):
            rows.append({label: ident, "source": e["source"], "locator": e["locator"], "quote": e["quote"]})
    return pd.DataFrame(rows, columns=[label, "source", "locator", "quote"])


def search_frame(items: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Evidence search hits: source, locator, quote and the fact they support."""
    rows = [
        {
            "source": e["source"],
            "locator": e["locator"],
            "quote": e["quote"],
            "fact": e["fact"],
            "kind": e.get("label", ""),
        }
        for e in items
    ]
    return pd.DataFrame(rows, columns=["source", "locator", "quote", "fact", "kind"])


def coverage_matrix(
    coverage: Mapping[tuple[str, str], str], names: Mapping[str, str]
) -> pd.DataFrame:
    """Origin x destination table of coverage levels ('' where no flow is documented).

    Examples
    --------
    >>> coverage_matrix({("CHN", "FRA"): "none"}, {"CHN": "China"}).to_dict()
    {'FRA': {'China (CHN)': 'none'}}
    """
    origins = sorted({o for o, _ in coverage}, key=lambda x: display_name(x, names))
    dests = sorted({d for _, d in coverage})
    table = pd.DataFrame("", index=[display_name(o, names) for o in origins], columns=dests)
    for (o, d), lvl in coverage.items():
        table.loc[display_name(o, names), d] = lvl
    table.index.name = "origin \\ destination"
    return table


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 CSV of ``df``; text cells a spreadsheet would evaluate get a leading ``'``.

    Examples
    --------
    >>> csv_bytes(pd.DataFrame({"q": ["=HYPERLINK(1)", "plain"], "n": [-1, 2]})).decode()
    "q,n\\n'=HYPERLINK(1),-1\\nplain,2\\n"
    """
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(spreadsheet_safe)
    if index:
        safe.index = safe.index.map(spreadsheet_safe)
    text: str = safe.to_csv(index=index)
    return text.encode("utf-8")


def show_table(
    df: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    index: bool = False,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> None:
    """Draw ``df`` as text cells, with a CSV download button under it."""
    import streamlit as st

    st.dataframe(df, hide_index=not index, width="stretch", height=height)
    st.download_button(
        "Download CSV",
        data=csv_bytes(df, index=index),
        file_name=file_name,
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
    )
