"""Briefing decks: a 16:9 PPTX for the whole picture, one country or one route.

``ctgraph export slides`` and the dashboard's download button both call
:func:`write_deck` / :func:`deck_bytes`. Everything in a deck comes from the
:class:`graph.store.GraphStore` queries, in the shapes of the CLI's ``--json``
output (:func:`collect` gathers them into a :class:`Briefing`), so a table
row can be traced to the query that produced it; each slide's speaker notes
carry the verbatim quotes (with source and locator) behind its rows.

Slides, in order: title (scope, date, sources used) - key figures - route map
- network - documented routes - cooperation gaps - agreements and status -
operational cooperation - challenges - figures reported in the sources -
contacts: named experts - contacts: agencies - sources and citations.

Layout holds for real data: text is measured (Helvetica/Arial metrics from
matplotlib's AFM files, rounded up), long cells wrap and are cut after a few
lines with "…", long tables continue on a following slide titled
"(continued)", and a table shrinks a point or two when that saves a slide.
Every shape is sized from these conservative estimates, so nothing runs past
its box or the slide.

Counts of people below ``threshold`` (victims in data sets, statistics whose
unit is people or a count) are shown as ``"<threshold"``; 0 turns that off.
"""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from graph.errors import ExportError, UnknownEntity
from graph.model import Coverage
from graph.store import GraphStore

__all__ = [
    "Scope",
    "Briefing",
    "collect",
    "build_deck",
    "deck_bytes",
    "write_deck",
    "default_filename",
    "format_count",
    "endpoint_name",
    "route_cells",
    "gap_cells",
    "agreement_cells",
    "cooperation_cells",
    "challenge_cells",
    "statistic_cells",
    "expert_cells",
    "agency_cells",
    "ranked_routes",
    "route_weight",
    "LIMITS",
    "text_width",
    "wrap_text",
]

# --------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class Scope:
    """What a deck covers: everything, one country (ISO3) or one route (two endpoint ids)."""

    kind: Literal["everything", "country", "route"]
    ids: tuple[str, ...] = ()

    @classmethod
    def everything(cls) -> Scope:
        """The whole picture."""
        return cls("everything")

    @classmethod
    def country(cls, iso3: str) -> Scope:
        """Flows from or to one country, its agreements, challenges and contacts."""
        return cls("country", (iso3,))

    @classmethod
    def route(cls, origin: str, destination: str) -> Scope:
        """One route: flows from ``origin`` to ``destination`` (ids as ``resolve`` gives them)."""
        return cls("route", (origin, destination))

    @property
    def slug(self) -> str:
        """A file-name-safe name, e.g. ``whole-picture``, ``CHN``, ``CHN-to-DEU``.

        Examples
        --------
        >>> Scope.route("COL", "place:guangdong").slug
        'COL-to-guangdong'
        """
        if self.kind == "everything":
            return "whole-picture"
        parts = [i.split(":", 1)[-1] for i in self.ids]
        return "-to-".join(parts)


def default_filename(scope: Scope, today: date | None = None) -> str:
    """File name for a downloaded deck.

    Examples
    --------
    >>> default_filename(Scope.country("CHN"), date(2018, 1, 17))
    'ctgraph-briefing-CHN-2018-01-17.pptx'
    """
    return f"ctgraph-briefing-{scope.slug}-{(today or date.today()).isoformat()}.pptx"


# --------------------------------------------------------------------------- collecting


@dataclass
class Briefing:
    """Everything a deck shows, in the shapes of the ``--json`` query output."""

    scope: Scope
    heading: str
    generated: date
    store_name: str
    names: dict[str, str]
    kinds: dict[str, str]
    candidates: dict[str, list[str]]
    jurisdiction: dict[str, str]
    routes: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    cooperations: list[dict[str, Any]]
    challenges: list[dict[str, Any]]
    statistics: list[dict[str, Any]]
    experts: list[dict[str, Any]]
    agencies: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    agency_names: dict[str, str] = field(default_factory=dict)
    queries: list[str] = field(default_factory=list)
    coverage_gaps: list[dict[str, Any]] = field(default_factory=list)

    def evidence_items(self) -> list[dict[str, Any]]:
        """Every evidence item the deck cites (with repeats)."""
        out: list[dict[str, Any]] = []
        for group in (self.routes, self.gaps, self.agreements, self.cooperations, self.challenges,
                      self.statistics, self.experts, self.agencies):
            for item in group:
                out.extend(item.get("evidence", []))
        return out


def _display(ident: str, names: Mapping[str, str]) -> str:
    from graph.countries import all_countries

    name = names.get(ident) or all_countries().get(ident)
    return f"{name} ({ident})" if name and name != ident else ident


def _unknown_country(store: GraphStore, iso3: str, held: Mapping[str, str]) -> str:
    """One line: the graph holds nothing on ``iso3``; the closest countries it does hold."""
    from rapidfuzz import process

    label = _display(iso3, held)
    name = label.rsplit(" (", 1)[0]
    close = [f"{n} ({k})" for n, _s, k in process.extract(name, held, limit=3, score_cutoff=70)]
    if close:
        return f"the graph holds no facts about {label}; did you mean {', '.join(close)}?"
    busiest: dict[str, int] = {}
    for r in store.routes():
        for e in (r["source"], r["destination"]):
            if e in held:
                busiest[e] = busiest.get(e, 0) + 1
    top = sorted(busiest, key=lambda k: (-busiest[k], k))[:3]
    hint = f"; countries with most documented routes: {', '.join(f'{held[k]} ({k})' for k in top)}" if top else ""
    return f"the graph holds no facts about {label}{hint}"


def _unknown_route(store: GraphStore, origin: str, destination: str, names: Mapping[str, str]) -> str:
    """One line: no flow from ``origin`` to ``destination``; the routes that do exist nearby."""
    out_of = store.routes(origin=origin)
    into = store.routes(destination=destination)
    known = [f"{r['source']}:{r['destination']}" for r in (out_of + into)][:3]
    hint = f"; documented routes nearby: {', '.join(known)}" if known else "; no flow starts or ends at either"
    return f"no documented route from {_display(origin, names)} to {_display(destination, names)}{hint}"


def _evidence_index(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Evidence items of every fact, from one ``search_evidence("")`` call
    (every quote contains the empty string), sorted like the query output."""
    total = store.stats()["relationships"].get("EVIDENCE", 0)
    index: dict[str, list[dict[str, Any]]] = {}
    for e in store.search_evidence("", limit=max(total, 1)):
        index.setdefault(e["fact"], []).append(
            {"source": e["source"], "quote": e["quote"], "locator": e["locator"]}
        )
    for items in index.values():
        items.sort(key=lambda e: (e["source"], e["locator"], e["quote"]))
    return index


def _matches(endpoint: str, wanted: str, juris: Mapping[str, str]) -> bool:
    return endpoint == wanted or juris.get(endpoint) == wanted


def _with_evidence(nodes: Iterable[dict[str, Any]], index: Mapping[str, list[dict[str, Any]]],
                   keys: Sequence[str]) -> list[dict[str, Any]]:
    return [{"id": n["id"], **{k: n.get(k) for k in keys}, "evidence": index.get(n["id"], [])} for n in nodes]


_AGENCY_KEYS = ("name", "acronym", "kind", "role")
_EXPERT_KEYS = ("name", "title", "role", "agency", "contact_note")


def collect(store: GraphStore, scope: Scope, today: date | None = None) -> Briefing:
    """Ask the store everything a deck on ``scope`` shows.

    Raises :class:`graph.errors.UnknownEntity` when the graph holds nothing
    about the country, or no flow on the route (naming close matches).
    """
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    countries = store.nodes("Country")
    for n in countries:
        names[n["id"]] = str(n.get("name") or n["id"])
        kinds[n["id"]] = "Country"
    for n in store.nodes("Region"):
        names[n["id"]] = str(n.get("name") or n["id"])
        kinds[n["id"]] = "Region"
        candidates[n["id"]] = list(n.get("candidates") or [])
    place_country: dict[str, str] = {}
    for n in store.nodes("Place"):
        names[n["id"]] = str(n.get("name") or n["id"])
        kinds[n["id"]] = "Place"
        if n.get("country"):
            place_country[n["id"]] = str(n["country"])
    agencies_all = store.nodes("Agency")
    agency_names = {a["id"]: str(a.get("name") or a["id"]) for a in agencies_all}
    stat_nodes = {s["id"]: s for s in store.nodes("Statistic")}
    index: dict[str, list[dict[str, Any]]] | None = None

    def evidence_index() -> dict[str, list[dict[str, Any]]]:
        nonlocal index
        if index is None:
            index = _evidence_index(store)
        return index

    queries: list[str] = []
    if scope.kind == "country":
        (iso3,) = scope.ids
        if kinds.get(iso3) != "Country":
            raise UnknownEntity(_unknown_country(store, iso3, {n["id"]: names[n["id"]] for n in countries}))
        profile = store.country(iso3)
        heading = f"{profile['name']} ({iso3})"
        seen: set[tuple[str, str]] = set()
        routes = []
        for r in profile["flows_out"] + profile["flows_in"]:
            if (r["source"], r["destination"]) not in seen:
                seen.add((r["source"], r["destination"]))
                routes.append(r)
        gaps = store.gaps(country=iso3)
        agreements = profile["agreements"]
        cooperations = store.cooperations(country=iso3)
        challenges = profile["challenges"]
        statistics = profile["statistics"]
        experts = profile["experts"]
        agencies = profile["agencies"]
        queries = [f"ctgraph country {iso3} --json", f"ctgraph gaps --country {iso3} --json",
                   f"ctgraph agreements --country {iso3} --json"]
    elif scope.kind == "route":
        origin, destination = scope.ids
        routes = store.routes(origin=origin, destination=destination)
        ja, jb = place_country.get(origin, origin), place_country.get(destination, destination)
        if not routes:
            raise UnknownEntity(_unknown_route(store, origin, destination, names))
        heading = f"{names.get(origin, origin)} → {names.get(destination, destination)}"
        gaps = [
            g for g in store.gaps(country=origin)
            if _matches(g["source"], origin, place_country) and _matches(g["destination"], destination, place_country)
        ]
        both_a = {a["id"] for a in store.agreements(country=jb)}
        agreements = [a for a in store.agreements(country=ja) if a["id"] in both_a]
        both_c = {c["id"] for c in store.cooperations(country=jb)}
        cooperations = [c for c in store.cooperations(country=ja) if c["id"] in both_c]
        idx = evidence_index()
        challenges = [
            {"id": c["id"], "description": c.get("description"), "concerns": sorted(c.get("concerns") or []),
             "evidence": idx.get(c["id"], [])}
            for c in store.nodes("Challenge")
            if {ja, jb} <= {place_country.get(t, t) for t in c.get("concerns") or []}
        ]
        statistics, experts, agencies = [], [], []
        seen_ids: set[str] = set()
        for j in dict.fromkeys((ja, jb)):
            if kinds.get(j) != "Country":
                continue
            prof = store.country(j)
            for group, target in ((prof["statistics"], statistics), (prof["experts"], experts),
                                  (prof["agencies"], agencies)):
                for item in group:
                    if item["id"] not in seen_ids:
                        seen_ids.add(item["id"])
                        target.append(item)
        queries = [f"ctgraph routes --from {origin} --to {destination} --json",
                   f"ctgraph gaps --country {origin} --json (pairs {origin} → {destination})",
                   f"ctgraph agreements --country {ja} --json (those also binding {jb})"]
    else:
        heading = "The whole picture"
        routes = store.routes()
        gaps = store.gaps()
        agreements = store.agreements()
        cooperations = store.cooperations()
        idx = evidence_index()
        challenges = [
            {"id": c["id"], "description": c.get("description"), "concerns": sorted(c.get("concerns") or []),
             "evidence": idx.get(c["id"], [])}
            for c in store.nodes("Challenge")
        ]
        statistics = _with_evidence(store.nodes("Statistic"), idx, ("counts", "value", "unit", "year"))
        experts = _with_evidence(store.nodes("Expert"), idx, _EXPERT_KEYS)
        agencies = _with_evidence(agencies_all, idx, _AGENCY_KEYS)
        queries = ["ctgraph routes --json", "ctgraph gaps --json", "ctgraph agreements --json"]

    for s in statistics:
        node = stat_nodes.get(s["id"], {})
        s.setdefault("about", node.get("scope"))
        for key in ("dataset", "suppressed_cells", "suppressed"):
            s.setdefault(key, node.get(key))
    agency_country = {a["id"]: a.get("country") for a in agencies_all}
    place_country.update({k: str(v) for k, v in agency_country.items() if v})
    for a in agencies:
        a.setdefault("country", agency_country.get(a["id"]))
    briefing = Briefing(
        scope=scope, heading=heading, generated=today or date.today(), store_name=store.name,
        names=names, kinds=kinds, candidates=candidates, jurisdiction=place_country,
        routes=routes, gaps=gaps, agreements=agreements, cooperations=cooperations,
        challenges=challenges, statistics=statistics, experts=experts, agencies=agencies,
        sources=[], agency_names=agency_names, queries=queries,
    )
    briefing.coverage_gaps = store.gaps(
        country=scope.ids[0] if scope.ids else None, below=Coverage.BILATERAL
    )
    used = {e["source"] for e in briefing.evidence_items()}
    briefing.sources = [s for s in store.nodes("Source") if s["id"] in used]
    return briefing


# --------------------------------------------------------------------------- cell text


def format_count(n: float | int | None, threshold: int = 5) -> str:
    """A count as shown in a deck: ``"<threshold"`` below the threshold (0: never).

    Examples
    --------
    >>> format_count(3), format_count(12345), format_count(3, threshold=0), format_count(None)
    ('<5', '12,345', '3', '—')
    """
    if n is None:
        return "—"
    if threshold and n < threshold:
        return f"<{threshold}"
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,}"


def endpoint_name(b: Briefing, ident: str) -> str:
    """How an endpoint is named in a deck: ``China (CHN)``, ``Guangdong Province (CHN)``,
    ``Europe (region)``, ``Congo (COG or COD)``."""
    name = b.names.get(ident, ident)
    kind = b.kinds.get(ident)
    if kind == "Country":
        return f"{name} ({ident})"
    if kind == "Place":
        return f"{name} ({b.jurisdiction.get(ident, 'place')})"
    if b.candidates.get(ident):
        return f"{name} ({' or '.join(b.candidates[ident])})"
    return f"{name} (region)" if kind == "Region" else name


def _party_name(b: Briefing, ident: str) -> str:
    if ident in b.agency_names:
        return b.agency_names[ident]
    return endpoint_name(b, ident)


def _words(items: Iterable[str]) -> str:
    return ", ".join(str(i).replace("_", " ") for i in items) or "—"


def _corroboration_text(r: Mapping[str, Any], threshold: int) -> str:
    """Victims counted by each data set (published cells: an "at least" figure)."""
    parts = []
    for c in r.get("corroboration", []):
        years = [y for y in (c.get("years") or []) if y]
        span = f"{years[0]}–{years[-1]}" if len(set(years)) > 1 else (str(years[0]) if years else "")
        sup = f"{c['suppressed_cells']} cells suppressed" if c.get("suppressed_cells") else ""
        detail = "; ".join(x for x in (span, sup) if x)
        parts.append(f"{_source_key(str(c['dataset']))}: {format_count(c['victims'], threshold)}"
                     + (f" ({detail})" if detail else ""))
    return "; ".join(parts) or "—"


def route_cells(b: Briefing, r: Mapping[str, Any], threshold: int = 5) -> list[str]:
    """Route, exploitation, victims, evidence count, statistics (data sets)."""
    return [
        " → ".join(endpoint_name(b, h) for h in r["hops"]),
        _words(r["exploitation"]),
        ", ".join(r["victims"]) or "—",
        str(len(r["evidence"])),
        _corroboration_text(r, threshold),
    ]


def gap_cells(b: Briefing, rank: int, g: Mapping[str, Any]) -> list[str]:
    """Rank, pair, coverage, instruments, evidence count."""
    return [
        str(rank),
        f"{endpoint_name(b, g['source'])} → {endpoint_name(b, g['destination'])}",
        str(g["coverage"]),
        "; ".join(f"{i['title']} ({i['level']})" for i in g["instruments"]) or "none documented",
        str(len(g["evidence"])),
    ]


def agreement_cells(b: Briefing, a: Mapping[str, Any]) -> list[str]:
    """Title, kind, status, parties, date."""
    return [
        str(a["title"]),
        str(a["kind"]),
        str(a["status"]),
        "; ".join(_party_name(b, p) for p in a["parties"]),
        str(a["date"] or "—"),
    ]


def cooperation_cells(b: Briefing, c: Mapping[str, Any]) -> list[str]:
    """Title, kind, parties, date, outcomes."""
    return [
        str(c["title"]),
        _words([c["kind"]]),
        "; ".join(_party_name(b, p) for p in c["parties"]),
        str(c["date"] or "—"),
        "; ".join(c.get("outcomes") or []) or "—",
    ]


def challenge_cells(b: Briefing, c: Mapping[str, Any]) -> list[str]:
    """Description, what it concerns."""
    return [str(c["description"]), "; ".join(_party_name(b, t) for t in c["concerns"]) or "—"]


def statistic_cells(b: Briefing, s: Mapping[str, Any], threshold: int = 5) -> list[str]:
    """What is counted, value (people and counts below the threshold as "<N"), year, about.

    A statistic imported from a data set describes itself ending with its
    figure ("..., 2020: 3"); with a threshold that figure is left to the
    Value column, where it is masked like any other count."""
    v = s.get("value")
    counts = str(s["counts"])
    if s.get("unit") == "percent":
        value = f"{v:g}%" if isinstance(v, (int, float)) else "—"
    elif s.get("dataset") and (s.get("suppressed") or v is None):
        value = "suppressed"
    else:
        value = format_count(v, threshold)
        if s.get("dataset") and s.get("suppressed_cells"):
            value = f"at least {value}"
    if s.get("dataset") and threshold:
        counts = counts.rsplit(": ", 1)[0]
    about = s.get("about")
    return [counts, value, str(s.get("year") or "—"), _party_name(b, about) if about else "—"]


def expert_cells(b: Briefing, e: Mapping[str, Any]) -> list[str]:
    """Name (with title), agency, role, contact note."""
    title = f"{e['title']} " if e.get("title") else ""
    return [
        f"{title}{e['name']}",
        b.agency_names.get(str(e.get("agency")), "—") if e.get("agency") else "—",
        str(e.get("role") or "—"),
        str(e.get("contact_note") or "not given in the sources"),
    ]


def agency_cells(b: Briefing, a: Mapping[str, Any]) -> list[str]:
    """Agency (with acronym), country, kind, role."""
    acr = f" ({a['acronym']})" if a.get("acronym") else ""
    country = a.get("country")
    return [
        f"{a['name']}{acr}",
        endpoint_name(b, str(country)) if country else "international / not stated",
        str(a.get("kind") or "—"),
        str(a.get("role") or "—"),
    ]


# --------------------------------------------------------------------------- text measurement

_LINE = 1.2  # line height in em (Arial: 1.15), rounded up
_SAFETY = 1.03  # widths rounded up (Arial = Helvetica metrics; renderers kern, never widen)


@lru_cache(maxsize=2)
def _afm_widths(bold: bool) -> dict[str, int]:
    """Character widths (1/1000 em) of Helvetica, metrically identical to Arial
    and Liberation Sans, from the AFM files matplotlib ships."""
    import matplotlib

    name = "phvb8a.afm" if bold else "phvr8a.afm"
    path = Path(matplotlib.get_data_path()) / "fonts" / "afm" / name
    widths: dict[str, int] = {}
    try:
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith("C ") and "WX" in line:
                fields = dict(f.strip().split(" ", 1) for f in line.split(";") if f.strip())
                code = int(fields["C"])
                if 32 <= code < 127:
                    widths[chr(code)] = int(fields["WX"])
    except (OSError, ValueError, KeyError):
        return {}
    return widths


def _char_width(ch: str, widths: Mapping[str, int]) -> int:
    if ch in widths:
        return widths[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base in widths:
        return widths[base]
    return 1000 if ch in "—…‰" else 720


@lru_cache(maxsize=65536)
def _em(text: str, bold: bool = False) -> float:
    """Width of ``text`` in em (unscaled)."""
    widths = _afm_widths(bold)
    return sum(_char_width(c, widths) for c in text) / 1000


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in inches, rounded up.

    Examples
    --------
    >>> round(text_width("Hello", 72), 2)  # 72 pt = 1 in; Arial: 2.278 em, plus 3 %
    2.35
    """
    return _em(text, bold) * size_pt / 72 * _SAFETY


def wrap_text(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """Lines that ``text`` wraps into in a box ``width_in`` wide (words kept
    whole unless one alone is wider than the box).

    Examples
    --------
    >>> wrap_text("one two three", 0.5, 12)
    ['one', 'two', 'three']
    """
    limit = width_in * 72 / size_pt / _SAFETY  # in em
    space = _em(" ", bold)
    lines: list[str] = []
    for para in str(text).split("\n"):
        cur, cur_w = "", 0.0
        for word in para.split(" "):
            w = _em(word, bold)
            if cur and cur_w + space + w <= limit:
                cur, cur_w = f"{cur} {word}", cur_w + space + w
                continue
            if not cur and w <= limit:
                cur, cur_w = word, w
                continue
            if cur:
                lines.append(cur)
            cur, cur_w = "", 0.0
            while _em(word, bold) > limit:  # a word wider than the box breaks anywhere
                cut, acc = 0, 0.0
                while cut < len(word) - 1:
                    c = _em(word[cut], bold)
                    if acc + c > limit and cut > 0:
                        break
                    acc += c
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            cur, cur_w = word, _em(word, bold)
        lines.append(cur)
    return lines


def _fit_lines(text: str, width_in: float, size_pt: float, max_lines: int, bold: bool = False) -> tuple[str, int]:
    """(text cut to at most ``max_lines`` lines with "…", its line count)."""
    lines = wrap_text(text, width_in, size_pt, bold)
    if len(lines) <= max_lines:
        return text, len(lines)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + "…", size_pt, bold) > width_in:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return " ".join(kept), max_lines


def _line_h(size_pt: float) -> float:
    return size_pt * _LINE / 72


# --------------------------------------------------------------------------- deck geometry and style

SLIDE_W, SLIDE_H = 12192000 / 914400, 7.5  # PowerPoint's 16:9: 13.333 x 7.5 in
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = 0.3, 0.8
BODY_TOP, BODY_BOTTOM = 1.25, 6.85
FOOTER_TOP, FOOTER_H = 7.05, 0.3
FONT = "Arial"
CELL_MX, CELL_MY = 0.06, 0.035

def _rgb(hex6: str) -> RGBColor:
    return RGBColor.from_string(hex6)  # type: ignore[no-untyped-call, no-any-return]


NAVY = _rgb("1F3A5F")
INK = _rgb("1B2631")
GREY = _rgb("566573")
RULE = _rgb("C9D3DD")
BAND = _rgb("F2F5F8")
WHITE = _rgb("FFFFFF")
TINTS = {
    "none": _rgb("F5D5D1"),
    "negotiating": _rgb("FAE3CC"),
    "proposed": _rgb("FAE3CC"),
    "operational": _rgb("F8EFC4"),
    "multilateral": _rgb("D6EAF8"),
    "regional": _rgb("D0E1F0"),
    "bilateral": _rgb("D4EFDF"),
    "signed": _rgb("D4EFDF"),
}


def _style_runs(paragraph: Any, size: float, bold: bool = False, colour: RGBColor = INK,
                italic: bool = False) -> None:
    for run in paragraph.runs:
        font = run.font
        font.name = FONT
        font.size = Pt(size)
        font.bold = bold
        if italic:
            font.italic = True
        font.color.rgb = colour


def _text_box(slide: Any, left: float, top: float, width: float, height: float,
              paragraphs: Sequence[tuple[str, float, bool, RGBColor]], *, name: str = "Text",
              anchor: Any = MSO_ANCHOR.TOP, align: Any = PP_ALIGN.LEFT, italic: bool = False,
              space_after: float = 0.0) -> Any:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.03)
    for i, (text, size, bold, colour) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = text
        p.alignment = align
        if space_after:
            p.space_after = Pt(space_after)
        _style_runs(p, size, bold, colour, italic)
    return box


def _paragraphs_height(paragraphs: Sequence[tuple[str, float, bool, RGBColor]], width: float,
                       space_after: float = 0.0) -> float:
    inner = width - 0.1
    h = 0.06
    for text, size, bold, _ in paragraphs:
        h += len(wrap_text(text, inner, size, bold)) * _line_h(size) + space_after / 72
    return h


def _fit_paragraph(text: str, width: float, sizes: Sequence[float], max_lines: int,
                   bold: bool = False) -> tuple[str, float, int]:
    """Largest size at which ``text`` takes at most ``max_lines`` lines (else cut)."""
    inner = width - 0.1
    for size in sizes:
        n = len(wrap_text(text, inner, size, bold))
        if n <= max_lines:
            return text, size, n
    size = sizes[-1]
    cut, n = _fit_lines(text, inner, size, max_lines, bold)
    return cut, size, n


class _Deck:
    """A presentation being built: 16:9, a title and footer on every slide."""

    def __init__(self, b: Briefing, threshold: int) -> None:
        self.b = b
        #: data sets whose rows the notes cite by locator only (their text holds raw counts)
        self.masked = frozenset(s["id"] for s in b.sources if s.get("kind") == "dataset") if threshold else frozenset()
        self.prs = Presentation()
        self.prs.slide_width = Emu(12192000)
        self.prs.slide_height = Emu(6858000)
        self.footer = f"ctgraph briefing · {b.heading} · generated {b.generated.isoformat()}"

    def notes(self, intro: str, groups: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> str:
        return _notes(intro, groups, self.masked)

    def slide(self, title: str, notes: str) -> Any:
        s = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # Title Only
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(MARGIN), Inches(TITLE_TOP), Inches(CONTENT_W), Inches(TITLE_H)
        text, size, _ = _fit_paragraph(title, CONTENT_W, (28, 24, 20, 18), 2, bold=True)
        tf = t.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM
        tf.margin_left = tf.margin_right = Inches(0.05)
        tf.margin_top = tf.margin_bottom = Inches(0.03)
        tf.text = text
        tf.paragraphs[0].alignment = PP_ALIGN.LEFT
        _style_runs(tf.paragraphs[0], size, True, NAVY)
        line = s.shapes.add_connector(1, Inches(MARGIN), Inches(TITLE_TOP + TITLE_H + 0.05),
                                      Inches(MARGIN + CONTENT_W), Inches(TITLE_TOP + TITLE_H + 0.05))
        line.line.color.rgb = RULE
        line.line.width = Pt(1.25)
        line.name = "Title rule"
        self._footer(s)
        s.notes_slide.notes_text_frame.text = notes
        return s

    def _footer(self, s: Any) -> None:
        width = CONTENT_W - 1.0
        text, _, _ = _fit_paragraph(self.footer, width, (10,), 1)
        _text_box(s, MARGIN, FOOTER_TOP, width, FOOTER_H, [(text, 10, False, GREY)], name="Footer")

    def number_pages(self) -> None:
        n = len(self.prs.slides)
        for i, s in enumerate(self.prs.slides, start=1):
            _text_box(s, MARGIN + CONTENT_W - 1.0, FOOTER_TOP, 1.0, FOOTER_H, [(f"{i} / {n}", 10, False, GREY)],
                      name="Page number", align=PP_ALIGN.RIGHT)


# --------------------------------------------------------------------------- notes


def _source_key(source_id: str) -> str:
    return source_id.removeprefix("source:")


def _clip(text: str, n: int = 120) -> str:
    """``text`` cut at a word boundary to at most ``n`` characters, with "…".

    Examples
    --------
    >>> _clip("one two three", 9)
    'one two…'
    """
    if len(text) <= n:
        return text
    return text[: n - 1].rsplit(" ", 1)[0] + "…"


def _quote_lines(evidence: Iterable[Mapping[str, Any]], masked: frozenset[str] = frozenset()) -> list[str]:
    """'"quote" — key, locator' per item; rows of a data set in ``masked``
    are cited by locator only (their text repeats counts the tables mask)."""
    out = []
    for e in evidence:
        key = _source_key(e["source"])
        if e["source"] in masked:
            out.append(f"data rows — {key}, {e['locator']} (figures in the table above; small counts masked)")
        else:
            out.append(f"\"{e['quote']}\" — {key}, {e['locator']}")
    return out


def _notes(intro: str, groups: Iterable[tuple[str, Sequence[Mapping[str, Any]]]],
           masked: frozenset[str] = frozenset()) -> str:
    """Speaker notes: an introduction, then each row's heading and its quotes."""
    out = [intro.strip(), "", "Supporting quotes (\"quote\" — source, locator):"]
    any_quotes = False
    for heading, evidence in groups:
        if not evidence:
            continue
        any_quotes = True
        out.append("")
        out.append(heading)
        out.extend(_quote_lines(evidence, masked))
    if not any_quotes:
        out.append("(none for this slide)")
    return "\n".join(out)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # share of the table width
    max_lines: int = 6
    tint: bool = False  # fill the cell with the colour of its value (coverage/status)
    align: Any = PP_ALIGN.LEFT


@dataclass
class _Page:
    size: float
    rows: list[list[str]]
    heights: list[float]
    items: list[int]


def _measure(columns: Sequence[Column], cells: Sequence[str], size: float, bold: bool = False) -> tuple[list[str], float]:
    texts, lines = [], 1
    for col, text in zip(columns, cells):
        width = col.width * CONTENT_W - 2 * CELL_MX
        cut, n = _fit_lines(text, width, size, col.max_lines, bold)
        texts.append(cut)
        lines = max(lines, n)
    return texts, lines * _line_h(size) + 2 * CELL_MY + 0.02


def _paginate(columns: Sequence[Column], rows: Sequence[Sequence[str]], height: float,
              sizes: Sequence[float] = (14, 12), max_rows: int = 18) -> list[_Page]:
    """Split rows into pages that fit ``height`` (header included): the
    largest font size that fits everything on one page, else the smallest
    size over as few pages as possible, rows spread evenly over them."""
    def layout(size: float, cap: int) -> list[_Page]:
        head, head_h = _measure(columns, [c.header for c in columns], size, bold=True)
        pages: list[_Page] = []
        cur = _Page(size, [], [], [])
        used = head_h
        for i, r in enumerate(rows):
            texts, h = _measure(columns, list(r), size)
            if cur.rows and (used + h > height or len(cur.rows) >= cap):
                pages.append(cur)
                cur, used = _Page(size, [], [], []), head_h
            cur.rows.append(texts)
            cur.heights.append(h)
            cur.items.append(i)
            used += h
        pages.append(cur)
        for p in pages:
            p.rows.insert(0, head)
            p.heights.insert(0, head_h)
        return pages

    for size in sizes:
        pages = layout(size, max_rows)
        if len(pages) == 1:
            return pages
    even = layout(sizes[-1], -(-len(rows) // len(pages)))
    return even if len(even) == len(pages) else pages


def _add_table(slide: Any, page: _Page, columns: Sequence[Column], top: float) -> Any:
    n_rows, n_cols = len(page.rows), len(columns)
    total_h = sum(page.heights)
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(MARGIN), Inches(top), Inches(CONTENT_W), Inches(total_h))
    shape.name = "Table"
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    widths = [int(Inches(c.width * CONTENT_W)) for c in columns]
    widths[-1] = int(Inches(CONTENT_W)) - sum(widths[:-1])
    for i, w in enumerate(widths):
        table.columns[i].width = Emu(w)
    for r, (cells, h) in enumerate(zip(page.rows, page.heights)):
        table.rows[r].height = Emu(int(Inches(h)))
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(CELL_MX)
            cell.margin_top = cell.margin_bottom = Inches(CELL_MY)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            tf = cell.text_frame
            tf.word_wrap = True
            tf.text = text
            p = tf.paragraphs[0]
            p.alignment = columns[c].align
            cell.fill.solid()
            if r == 0:
                cell.fill.fore_color.rgb = NAVY
                _style_runs(p, page.size, True, WHITE)
            else:
                tint = TINTS.get(text) if columns[c].tint else None
                cell.fill.fore_color.rgb = tint or (BAND if r % 2 == 0 else WHITE)
                _style_runs(p, page.size, False, INK)
    return shape


def _table_slides(
    deck: _Deck,
    title: str,
    lead: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    notes_intro: str,
    row_notes: Callable[[int], tuple[str, Sequence[Mapping[str, Any]]]],
    empty: str,
    footnote: str = "",
) -> None:
    """One or more slides holding a table; rows that do not fit continue on
    the next slide ("(continued)"); each slide's notes quote its own rows.
    The ``footnote`` (what a capped table leaves out) shows under the lead."""
    lead_text, _, _ = _fit_paragraph(lead, CONTENT_W, (12,), 2)
    paras: list[tuple[str, float, bool, RGBColor]] = [(lead_text, 12, False, GREY)]
    if footnote:
        foot_text, _, _ = _fit_paragraph(footnote, CONTENT_W, (12,), 2)
        paras.append((foot_text, 12, False, NAVY))
    lead_h = _paragraphs_height(paras, CONTENT_W) + 0.06
    top = BODY_TOP + lead_h
    height = BODY_BOTTOM - top
    if not rows:
        s = deck.slide(title, _notes(notes_intro, [], deck.masked))
        _text_box(s, MARGIN, BODY_TOP, CONTENT_W, lead_h, paras, name="Lead")
        _text_box(s, MARGIN, top + 0.2, CONTENT_W, 0.5, [(empty, 16, False, INK)], name="Empty")
        return
    pages = _paginate(columns, rows, height)
    for n, page in enumerate(pages):
        heading = title if n == 0 else f"{title} (continued)"
        notes = _notes(notes_intro, [row_notes(i) for i in page.items], deck.masked)
        s = deck.slide(heading, notes)
        _text_box(s, MARGIN, BODY_TOP, CONTENT_W, lead_h, paras, name="Lead")
        _add_table(s, page, columns, top)


# --------------------------------------------------------------------------- slides


def _title_slide(deck: _Deck) -> None:
    b = deck.b
    s = deck.prs.slides.add_slide(deck.prs.slide_layouts[0])
    kind = {"everything": "Briefing", "country": "Country briefing", "route": "Route briefing"}[b.scope.kind]
    title, size, n = _fit_paragraph(f"{kind}: {b.heading}", CONTENT_W, (40, 36, 32, 28, 24), 2, bold=True)
    t = s.shapes.title
    t.left, t.top, t.width, t.height = Inches(MARGIN), Inches(1.2), Inches(CONTENT_W), Inches(1.6)
    tf = t.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = MSO_ANCHOR.BOTTOM
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.03)
    tf.text = title
    tf.paragraphs[0].alignment = PP_ALIGN.LEFT
    _style_runs(tf.paragraphs[0], size, True, NAVY)
    sub = s.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(MARGIN), Inches(2.95), Inches(CONTENT_W), Inches(1.05)
    stf = sub.text_frame
    stf.word_wrap = True
    stf.auto_size = MSO_AUTO_SIZE.NONE
    stf.vertical_anchor = MSO_ANCHOR.TOP
    stf.margin_left = stf.margin_right = Inches(0.05)
    stf.margin_top = stf.margin_bottom = Inches(0.03)
    if b.scope.kind == "country":
        scope_line = f"Scope: flows from or to {b.heading}, the instruments binding it, its challenges and contacts"
    elif b.scope.kind == "route":
        scope_line = (f"Scope: flows from {endpoint_name(b, b.scope.ids[0])} to "
                      f"{endpoint_name(b, b.scope.ids[1])}, the instruments binding both, contacts on both sides")
    else:
        scope_line = "Scope: every documented flow, cooperation gap and instrument in the graph"
    scope_line, _, _ = _fit_paragraph(scope_line, CONTENT_W, (18,), 2)
    stf.text = scope_line
    stf.paragraphs[0].alignment = PP_ALIGN.LEFT
    _style_runs(stf.paragraphs[0], 18, False, INK)
    p = stf.add_paragraph()
    p.text = f"Generated {b.generated.isoformat()} by ctgraph from the {b.store_name} store"
    p.alignment = PP_ALIGN.LEFT
    _style_runs(p, 14, False, GREY)

    band = s.shapes.add_shape(1, 0, 0, deck.prs.slide_width, Inches(0.35))
    band.name = "Accent band"
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    band.shadow.inherit = False
    rule = s.shapes.add_connector(1, Inches(MARGIN), Inches(4.1), Inches(MARGIN + CONTENT_W), Inches(4.1))
    rule.line.color.rgb = RULE
    rule.line.width = Pt(1.25)
    paras: list[tuple[str, float, bool, RGBColor]] = [("Sources used", 14, True, NAVY)]
    room = BODY_BOTTOM - 4.25
    shown = 0
    for src in b.sources:
        line = f"{src.get('title', src['id'])} — {src.get('publisher', '')}, {src.get('date', 'n.d.')}"
        line, _, _ = _fit_paragraph(line, CONTENT_W, (12,), 2)
        trial = paras + [(line, 12, False, INK)]
        more = len(b.sources) - shown - 1
        tail: list[tuple[str, float, bool, RGBColor]] = (
            [(f"… and {more} more (see Sources and citations)", 12, False, GREY)] if more else [])
        if _paragraphs_height(trial + tail, CONTENT_W, 4) > room:
            break
        paras.append((line, 12, False, INK))
        shown += 1
    if shown < len(b.sources):
        paras.append((f"… and {len(b.sources) - shown} more (see Sources and citations)", 12, False, GREY))
    if not b.sources:
        paras.append(("No source is cited in this scope.", 12, False, GREY))
    _text_box(s, MARGIN, 4.25, CONTENT_W, room, paras, name="Sources used", space_after=4)
    for ph in list(s.placeholders):
        if ph.placeholder_format.idx not in (0, 1):
            ph._element.getparent().remove(ph._element)
    deck._footer(s)
    notes = [
        f"Briefing on {b.heading}, generated {b.generated.isoformat()} from the ctgraph {b.store_name} store.",
        "Every figure and table in this deck comes from these queries (run them to check):",
        *[f"  {q}" for q in b.queries],
        "",
        "Sources used (the key is how the notes cite them):",
    ]
    for src in b.sources:
        notes.append(f"[{_source_key(src['id'])}] {src.get('citation') or src.get('title')}"
                     + (f" {src['url']}" if src.get("url") else ""))
    s.notes_slide.notes_text_frame.text = "\n".join(notes)


def _key_figures(deck: _Deck, threshold: int) -> None:
    b = deck.b
    ends = {e for r in b.routes for e in (r["source"], r["destination"])}
    no_instrument = sum(1 for g in b.gaps if g["coverage"] == Coverage.NONE.value)
    signed = sum(1 for a in b.agreements if a["status"] == "signed")
    evidence = {(e["source"], e["locator"], e["quote"]) for e in b.evidence_items()}
    tiles: list[tuple[str, str, str]] = [
        (str(len(b.routes)), "documented routes", f"{len(ends)} countries, regions and places"),
        (str(len(b.gaps)), "cooperation gaps", f"coverage below regional; {no_instrument} with no instrument at all"),
        (str(len(b.agreements)), "agreements", f"{signed} signed, {len(b.agreements) - signed} under negotiation or proposed"),
        (str(len(b.cooperations)), "operational cooperations", "joint investigations, working groups, liaison"),
        (str(len(b.challenges)), "challenges reported", "difficulties the sources name for this scope"),
        (str(len(b.experts)), "named experts", f"and {len(b.agencies)} agencies to contact"),
        (str(len(b.statistics)), "figures reported", "statistics quoted by the sources"),
        (str(len(evidence)), "evidence quotes", f"from {len(b.sources)} source{'s' if len(b.sources) != 1 else ''}"),
    ]
    corro = [c for r in b.routes for c in r.get("corroboration", [])]
    if corro:
        victims = sum(int(c["victims"]) for c in corro)
        cells = sum(int(c.get("suppressed_cells", 0)) for c in corro)
        datasets = sorted({_source_key(str(c["dataset"])) for c in corro})
        tiles.append((format_count(victims, threshold), "victims in data sets (at least)",
                      f"{', '.join(datasets)}; {cells} cells suppressed at source"))
    cols = 3 if len(tiles) == 9 else 4
    rows = -(-len(tiles) // cols)
    gap = 0.2
    w = (CONTENT_W - gap * (cols - 1)) / cols
    h = (BODY_BOTTOM - BODY_TOP - 0.1 - gap * (rows - 1)) / rows
    notes = [
        "How these figures are counted:",
        "- documented routes: origin → destination pairs with at least one recorded flow (routes query).",
        "- cooperation gaps: routes whose strongest instrument binding both sides is below regional "
        "(bilateral > regional > multilateral > operational > negotiating > none).",
        "- agreements / operational cooperations: instruments binding the scope (agreements and cooperations queries).",
        "- evidence quotes: distinct quotes cited anywhere in this deck; each slide's notes list its own.",
        f"- counts of people below {threshold} are shown as <{threshold}." if threshold else
        "- small counts are shown as they are (threshold off).",
        "",
        "Queries:",
        *[f"  {q}" for q in b.queries],
    ]
    heavy = b.gaps[:3]
    s = deck.slide("Key figures", deck.notes("\n".join(notes), [
        (f"Heaviest gap: {endpoint_name(b, g['source'])} → {endpoint_name(b, g['destination'])}", g["evidence"])
        for g in heavy
    ]))
    for i, (value, label, detail) in enumerate(tiles):
        r, c = divmod(i, cols)
        left, top = MARGIN + c * (w + gap), BODY_TOP + 0.1 + r * (h + gap)
        box = s.shapes.add_shape(1, Inches(left), Inches(top), Inches(w), Inches(h))  # rectangle
        box.name = "Figure tile"
        box.fill.solid()
        box.fill.fore_color.rgb = BAND
        box.line.color.rgb = RULE
        box.shadow.inherit = False
        tf = box.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        tf.margin_left = tf.margin_right = Inches(0.15)
        label_t, _, _ = _fit_paragraph(label, w - 0.2, (16,), 2, bold=True)
        detail_t, _, _ = _fit_paragraph(detail, w - 0.2, (12,), 3)
        value_t, vsize, _ = _fit_paragraph(value, w - 0.2, (40, 32, 24), 1, bold=True)
        for j, (text, size, bold, colour) in enumerate(
            [(value_t, vsize, True, NAVY), (label_t, 16, True, INK), (detail_t, 12, False, GREY)]
        ):
            p = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
            p.text = text
            p.alignment = PP_ALIGN.LEFT
            _style_runs(p, size, bold, colour)


def _picture_slide(deck: _Deck, title: str, png: bytes, caption: str, notes: str, aspect: float) -> None:
    s = deck.slide(title, notes)
    cap_text, _, cap_lines = _fit_paragraph(caption, CONTENT_W, (11,), 3)
    cap_h = cap_lines * _line_h(11) + 0.1
    room_h = BODY_BOTTOM - BODY_TOP - cap_h - 0.05
    width = min(CONTENT_W, room_h * aspect)
    height = width / aspect
    left = MARGIN + (CONTENT_W - width) / 2
    pic = s.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(BODY_TOP), Inches(width), Inches(height))
    pic.name = title
    _text_box(s, MARGIN, BODY_TOP + height + 0.05, CONTENT_W, cap_h, [(cap_text, 11, False, GREY)],
              name="Caption", italic=True)


def route_weight(r: Mapping[str, Any]) -> int:
    """Weight of a route, as the gaps query weighs a pair: its evidence items
    plus the victims data sets count on it (published cells).

    Examples
    --------
    >>> route_weight({"evidence": [{}, {}], "corroboration": [{"victims": 10}]})
    12
    """
    return len(r.get("evidence", [])) + sum(int(c.get("victims", 0)) for c in r.get("corroboration", []))


def ranked_routes(routes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Routes heaviest first (:func:`route_weight`; ties keep the query's
    order): the order of the deck's routes table and the routes its pictures draw.

    Examples
    --------
    >>> [r["id"] for r in ranked_routes([{"id": 1, "evidence": [1]}, {"id": 2, "evidence": [1, 2]}])]
    [2, 1]
    """
    return sorted(routes, key=lambda r: -route_weight(r))


def _pictures(deck: _Deck, limit: int) -> None:
    from dashboard import pictures

    b = deck.b
    size = (12.0, 5.1)
    drawn = ranked_routes(b.routes)[:limit]
    ends = {e for r in drawn for e in (r["source"], r["destination"])}
    positions = pictures.endpoint_positions_from(ends, b.candidates, b.jurisdiction)
    cov = pictures.route_coverage(drawn)
    labels = b.names
    missing = pictures.unplaced(drawn, positions)
    route_notes = [(" → ".join(endpoint_name(b, h) for h in r["hops"]), r["evidence"]) for r in drawn]
    some = f" The {len(drawn)} heaviest of {len(b.routes)} routes are drawn." if len(drawn) < len(b.routes) else ""
    caption = ("Arrows: documented flows, coloured by the strongest instrument binding both sides; "
               f"thicker = more evidence.{some}")
    if missing:
        caption += " Not on the map (the sources give no position): " + "; ".join(
            endpoint_name(b, e) for e in missing) + "."
    _picture_slide(
        deck, "Route map",
        pictures.route_map_png(drawn, positions, cov.level, labels, size=size, max_routes=limit),
        caption,
        deck.notes("Route map: each arrow is a documented flow between two endpoints placed at their capitals. "
               "Regions that the sources do not expand into countries are not placed on the map."
               + (" Not placed: " + "; ".join(endpoint_name(b, e) for e in missing) + "." if missing else "")
               + some,
               route_notes),
        size[0] / size[1],
    )
    inst_ev = {i["id"]: i["evidence"] for i in b.agreements + b.cooperations}
    shown: dict[str, str] = {}
    for pair_inst in cov.instruments.values():
        for i in pair_inst:
            shown[i["id"]] = str(i["title"])
    _picture_slide(
        deck, "Network of flows and cooperation",
        pictures.network_png(drawn, cov.level, labels, cov.instruments, b.jurisdiction, size=size,
                             max_routes=limit),
        "Circles: countries, regions and places; arrows: documented flows coloured by coverage; "
        f"squares: instruments binding both ends of a flow.{some}",
        deck.notes("Network: flows between endpoints; each square is an agreement or cooperation that binds both "
               "ends of at least one flow shown (the instruments listed by the gaps query)."
               + ("" if shown else " No instrument binds both ends of any flow shown.") + some,
               [(f"Instrument: {title}", inst_ev.get(i, [])) for i, title in sorted(shown.items())]
               + [(f"Flow: {h}", ev) for h, ev in route_notes]),
        size[0] / size[1],
    )


# --------------------------------------------------------------------------- the deck

#: Most rows a deck shows per table (a footnote names the query that lists the rest).
LIMITS: dict[str, int] = {
    "pictures": 40,
    "routes": 25,
    "gaps": 50,
    "agreements": 40,
    "cooperations": 40,
    "challenges": 30,
    "statistics": 30,
    "experts": 40,
    "agencies": 40,
    "sources": 30,
}


def _full_list(b: Briefing, what: str) -> str | None:
    """The CLI command that lists every row of a table in this scope, if one does."""
    ids = b.scope.ids
    if b.scope.kind == "country":
        if what == "cooperations":
            return None
        return {"gaps": f"ctgraph gaps --country {ids[0]} --json",
                "agreements": f"ctgraph agreements --country {ids[0]} --json"}.get(
            what, f"ctgraph country {ids[0]} --json")
    if b.scope.kind == "route":
        return {"routes": f"ctgraph routes --from {ids[0]} --to {ids[1]} --json",
                "gaps": f"ctgraph gaps --country {ids[0]} --json"}.get(what)
    return {"routes": "ctgraph routes --json", "gaps": "ctgraph gaps --json",
            "agreements": "ctgraph agreements --json"}.get(what)


def _cap(b: Briefing, what: str, rows: list[Any], limits: Mapping[str, int], order: str = "") -> tuple[list[Any], str]:
    """The rows a table shows and the footnote saying what was left out."""
    n = limits.get(what, len(rows))
    if len(rows) <= n:
        return rows, ""
    cmd = _full_list(b, what)
    return rows[:n], f"Showing the first {n} of {len(rows)}{order}" + (f"; `{cmd}` lists them all." if cmd else ".")


def build_deck(store: GraphStore, scope: Scope, threshold: int = 5, today: date | None = None,
               limits: Mapping[str, int] | None = None) -> Any:
    """The briefing deck on ``scope`` as a python-pptx ``Presentation``.

    ``threshold``: counts of people below it show as "<threshold" (0: off).
    ``limits``: most rows per table (default :data:`LIMITS`).
    """
    if threshold < 0:
        raise ExportError(f"threshold must be 0 (off) or more, not {threshold}")
    lim = {**LIMITS, **(limits or {})}
    b = collect(store, scope, today)
    deck = _Deck(b, threshold)
    _title_slide(deck)
    _key_figures(deck, threshold)
    _pictures(deck, lim["pictures"])
    t = threshold

    routes, foot = _cap(b, "routes", ranked_routes(b.routes), lim, ", heaviest first")
    _table_slides(
        deck, "Documented routes",
        "Where victims move, heaviest first (evidence quotes plus victims counted in data sets).",
        [Column("Route", 0.30, 3), Column("Exploitation", 0.17, 3), Column("Victims", 0.20, 3),
         Column("Evidence", 0.08, 1, align=PP_ALIGN.RIGHT), Column("Victims in data sets (at least)", 0.25, 5)],
        [route_cells(b, r, t) for r in routes],
        "Documented routes in this scope (routes query), heaviest first: weight = evidence items + victims "
        "counted by data sets (published cells), as the gaps query weighs a pair.",
        lambda i: (" → ".join(endpoint_name(b, h) for h in routes[i]["hops"]), routes[i]["evidence"]),
        "No documented route in this scope.", foot,
    )
    gaps, foot = _cap(b, "gaps", b.gaps, lim, ", heaviest evidence first")
    _table_slides(
        deck, "Cooperation gaps",
        "Documented flows whose strongest binding instrument is below regional, heaviest evidence first.",
        [Column("#", 0.04, 1, align=PP_ALIGN.RIGHT), Column("Pair", 0.34, 4), Column("Coverage", 0.12, 1, tint=True),
         Column("Instruments", 0.40, 5), Column("Evidence", 0.10, 1, align=PP_ALIGN.RIGHT)],
        [gap_cells(b, i + 1, g) for i, g in enumerate(gaps)],
        "Cooperation gaps (gaps query, coverage below regional). Evidence = quotes behind the flow and the "
        "challenges reported for the pair.",
        lambda i: (f"{i + 1}. {endpoint_name(b, gaps[i]['source'])} → {endpoint_name(b, gaps[i]['destination'])}",
                   gaps[i]["evidence"]),
        "No cooperation gap: every documented flow in this scope is covered at regional level or better."
        if b.routes else "No documented flow in this scope, so no cooperation gap.", foot,
    )
    agreements, foot = _cap(b, "agreements", b.agreements, lim)
    _table_slides(
        deck, "Agreements and their status",
        "Formal instruments binding the scope: signed, under negotiation or proposed.",
        [Column("Agreement", 0.36, 4), Column("Kind", 0.11, 1), Column("Status", 0.12, 1, tint=True),
         Column("Parties", 0.29, 4), Column("Date", 0.12, 1)],
        [agreement_cells(b, a) for a in agreements],
        "Agreements and MOUs (agreements query).",
        lambda i: (str(agreements[i]["title"]), agreements[i]["evidence"]),
        "No agreement or MOU binding this scope is documented.", foot,
    )
    cooperations, foot = _cap(b, "cooperations", b.cooperations, lim)
    _table_slides(
        deck, "Operational cooperation",
        "Practical cooperation without a formal instrument: joint investigations, working groups, liaison.",
        [Column("Cooperation", 0.30, 4), Column("Kind", 0.13, 2), Column("Parties", 0.25, 4),
         Column("Date", 0.08, 1), Column("Outcomes", 0.24, 4)],
        [cooperation_cells(b, c) for c in cooperations],
        "Operational cooperations (cooperations query).",
        lambda i: (str(cooperations[i]["title"]), cooperations[i]["evidence"]),
        "No operational cooperation binding this scope is documented.", foot,
    )
    challenges, foot = _cap(b, "challenges", b.challenges, lim)
    _table_slides(
        deck, "Challenges reported",
        "Difficulties the sources report for this scope"
        + (" (those concerning both sides)." if scope.kind == "route" else "."),
        [Column("Challenge", 0.70, 6), Column("Concerns", 0.30, 4)],
        [challenge_cells(b, c) for c in challenges],
        "Challenges reported (country profile; for a route, those concerning both sides).",
        lambda i: (_clip(str(challenges[i]["description"])), challenges[i]["evidence"]),
        "No challenge is reported for this scope.", foot,
    )
    about = {
        "everything": "Statistics as the sources give them",
        "country": f"Statistics the sources give about {b.heading}",
        "route": "Statistics the sources give about either side: "
                 + " or ".join(endpoint_name(b, j) for j in dict.fromkeys(
                     b.jurisdiction.get(i, i) for i in b.scope.ids)),
    }[b.scope.kind]
    statistics, foot = _cap(b, "statistics", b.statistics, lim)
    _table_slides(
        deck, "Figures reported in the sources",
        f"{about}; counts of people below {t} shown as <{t}." if t else f"{about}.",
        [Column("What is counted", 0.58, 4), Column("Value", 0.12, 1, align=PP_ALIGN.RIGHT),
         Column("Year", 0.08, 1), Column("About", 0.22, 2)],
        [statistic_cells(b, x, t) for x in statistics],
        "Figures reported in the sources (statistics in the country profile).",
        lambda i: (_clip(str(statistics[i]["counts"])), statistics[i]["evidence"]),
        "No figure is reported for this scope.", foot,
    )
    experts, foot = _cap(b, "experts", b.experts, lim)
    _table_slides(
        deck, "Contacts: named experts",
        "People named in the sources who work on this scope, with any contact note the sources give.",
        [Column("Name", 0.18, 2), Column("Agency", 0.22, 3), Column("Role", 0.36, 5), Column("Contact note", 0.24, 5)],
        [expert_cells(b, e) for e in experts],
        "Named experts (country profile experts: based in the country or working for its agencies).",
        lambda i: (str(experts[i]["name"]), experts[i]["evidence"]),
        "No named expert in this scope.", foot,
    )
    agencies, foot = _cap(b, "agencies", b.agencies, lim)
    _table_slides(
        deck, "Contacts: agencies",
        "Authorities and organisations relevant to this scope.",
        [Column("Agency", 0.28, 3), Column("Country", 0.16, 2), Column("Kind", 0.10, 1), Column("Role", 0.46, 4)],
        [agency_cells(b, a) for a in agencies],
        "Agencies (country profile agencies: based in the country).",
        lambda i: (str(agencies[i]["name"]), agencies[i]["evidence"]),
        "No agency in this scope.", foot,
    )
    counts: dict[str, int] = {}
    places: dict[str, set[str]] = {}
    for e in b.evidence_items():
        counts[e["source"]] = counts.get(e["source"], 0) + 1
        places.setdefault(e["source"], set()).add(str(e["locator"]))
    located = {k: sorted(v) for k, v in places.items()}
    sources, foot = _cap(b, "sources", b.sources, lim)
    _table_slides(
        deck, "Sources and citations",
        "The notes of every slide cite quotes as \"quote\" — key, locator.",
        [Column("Key", 0.16, 2), Column("Citation", 0.72, 7), Column("Quotes", 0.12, 1, align=PP_ALIGN.RIGHT)],
        [[_source_key(src["id"]), str(src.get("citation") or src.get("title"))
          + (f" {src['url']}" if src.get("url") else ""), str(counts.get(src["id"], 0))] for src in sources],
        "Sources cited in this deck, with the places in each that the notes quote:\n" + "\n".join(
            f"[{_source_key(src['id'])}] {src.get('citation') or src.get('title')}"
            + (f" {src['url']}" if src.get("url") else "")
            + f"\n  cited at: {_clip('; '.join(located.get(src['id'], [])), 1500)}" for src in b.sources),
        lambda i: (f"[{_source_key(sources[i]['id'])}] excerpt", (
            [{"source": sources[i]["id"], "quote": sources[i]["excerpt"], "locator": "excerpt"}]
            if sources[i].get("excerpt") else [])),
        "No source is cited in this scope.", foot,
    )
    deck.number_pages()
    props = deck.prs.core_properties
    props.title = f"Briefing: {b.heading}"
    props.subject = "Counter-trafficking flows, cooperation gaps and contacts"
    props.author = "ctgraph"
    return deck.prs


def deck_bytes(store: GraphStore, scope: Scope, threshold: int = 5, today: date | None = None,
               limits: Mapping[str, int] | None = None) -> bytes:
    """The deck as PPTX bytes (for the dashboard's download button)."""
    buf = io.BytesIO()
    build_deck(store, scope, threshold, today, limits).save(buf)
    return buf.getvalue()


def write_deck(store: GraphStore, scope: Scope, out: Path | str, threshold: int = 5,
               today: date | None = None, limits: Mapping[str, int] | None = None) -> Path:
    """Build the deck and write it to ``out`` atomically: nothing is written
    when building fails (an unknown country or route raises first)."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    data = deck_bytes(store, scope, threshold, today, limits)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {out}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
