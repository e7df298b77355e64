"""UNODC GLOTIP data (one CSV of published counts) into flows and statistics.

What becomes what:

- ``Detected trafficking victims`` / ``by citizenship``: a Flow per
  (citizenship -> detecting country) pair, id ``flow:glotip-<origin>-<dest>``,
  with per-year counts. ``Category`` is the citizenship as each country wrote
  it and goes through :mod:`graph.names`; "Nationals" is the
  detecting country itself (an internal flow). Rows naming no country
  ("Unknown", "Abroad", regions, ...) stay out of country flows and are
  counted in the summary.
- ``Detected trafficking victims`` / ``by country of repatriation``: the
  reporting country's own victims returned from the country named in
  ``Category`` (Myanmar reports victims repatriated from China). A second
  basis of the same pair: a Flow ``flow:glotip-repatriation-<origin>-<dest>``
  from the reporting country to the named one, with ``basis`` =
  ``repatriation`` and its words ("victims repatriated from China, reported
  by Myanmar"). It is never added to the citizenship basis: readers show the
  two side by side. Rows naming no other country ("Abroad", the reporting
  country itself) stay Statistics.
- Every other indicator and dimension (victims in total and by form of
  exploitation, persons prosecuted / convicted / brought into formal contact,
  offences, convicted persons by citizenship: offenders, not victims' routes):
  a Statistic of the detecting country per (indicator, dimension, category,
  year), ABOUT the Country, with EVIDENCE rows.

Every flow says what its figure counts: ``basis`` (``citizenship`` or
``repatriation``), ``counts`` (the words) and ``covers`` (GLOTIP figures are
over all forms of exploitation and both sexes: no form or sex label belongs
on them).

Honest numbers:

- ``txtVALUE`` ``<5`` is a suppressed cell: never added as 0 or 5. Figures are
  the sum of published cells, an "at least" figure when cells were
  suppressed, and carry how many cells were suppressed.
- Totals vs breakdowns (:func:`pick_cells`): for each (country, indicator,
  dimension, category, year) use the ``Sex=Total, Age=Total`` row; when there
  is none, sum the age groups (``Sex=Total``), else the sex groups
  (``Age=Total``), else the sex-by-age cells: one partition only, never a
  total plus its parts.
- Duplicates (:func:`dedupe`): exact duplicate rows are dropped (kept once);
  a key seen again with a different value (same country, indicator,
  dimension, category, sex, age, year and unit) keeps the largest value (a
  published count beats "<5"), and the summary reports how many.
- After name normalisation, one detecting country may name the same
  citizenship twice in one year (Solomon Islands reports "Nationals" and
  "Solomon Islands", with the same figures): that is a repeated key too, and
  the largest figure is kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.countries import country_name, is_iso3
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.figures import STATISTIC_WORDS, counts_words
from ctgraph.graph.model import YEAR_MAX, YEAR_MIN
from ctgraph.graph.names import resolve_name
from ctgraph.graph.wording import count_text
from ctgraph.ingest.datasets import (
    GLOTIP_SOURCE,
    FlowTally,
    Unmapped,
    country_node,
    flow_batch_records,
    no_country_problem,
    pct,
    read_rows,
    row_ranges,
    slug,
    source_node,
    value_problem,
)

__all__ = [
    "read_glotip", "parse_count", "pick_cells", "dedupe", "Cell", "FLOW_INDICATOR", "FLOW_DIMENSION", "MAX_COUNT",
    "REPATRIATION_DIMENSION", "GLOTIP_COVERS", "breakdown_props",
]

#: The largest count accepted in one cell (no country detects a billion victims
#: in a year; sums of such cells stay far inside the 64-bit range stores keep).
MAX_COUNT = 1_000_000_000

FLOW_INDICATOR = "Detected trafficking victims"
FLOW_DIMENSION = "by citizenship"
REPATRIATION_DIMENSION = "by country of repatriation"
#: What a GLOTIP pair figure spans (a total over forms and sexes).
GLOTIP_COVERS = "all forms, both sexes"
TOTAL = "Total"

_COUNT = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")
_SUPPRESSED = re.compile(r"^<\s*5$")
_YEAR = re.compile(r"^\d{4}$")

_INDICATOR_SLUG = {
    "Detected trafficking victims": "victims",
    "Persons convicted": "convicted",
    "Persons prosecuted": "prosecuted",
    "Persons brought into formal contact": "formal-contact",
    "Offences of trafficking in persons": "offences",
}


def parse_count(text: str) -> int | None:
    """A published count, or ``None`` for a suppressed cell ("<5").

    Thousands commas are allowed; anything else raises ``ValueError``.

    Examples
    --------
    >>> parse_count("1,094"), parse_count("12"), parse_count("<5")
    (1094, 12, None)
    >>> parse_count("12.5")
    Traceback (most recent call last):
    ...
    ValueError: not a count: '12.5'
    """
    t = text.strip()
    if _SUPPRESSED.match(t):
        return None
    if _COUNT.match(t):
        return int(t.replace(",", ""))
    raise ValueError(f"not a count: {text!r}")


@dataclass(frozen=True)
class Cell:
    """One published (or suppressed: ``value is None``) cell and its file line."""

    line: int
    value: int | None
    text: str
    where: str = "Total/Total"


def pick_cells(cells: dict[tuple[str, str], Cell]) -> tuple[str, list[Cell]]:
    """Which cells make the figure of one key, so totals and parts are never both counted.

    ``cells`` maps ``(Sex, Age)`` to a cell. The rule: the Total/Total row;
    else the age groups (Sex=Total); else the sex groups (Age=Total); else
    every sex-by-age cell.

    Examples
    --------
    >>> c = lambda v: Cell(0, v, str(v))
    >>> pick_cells({("Total", "Total"): c(10), ("Female", "Total"): c(6), ("Male", "Total"): c(4)})[0]
    'total'
    >>> basis, used = pick_cells({("Total", "0 to 17 years"): c(3), ("Female", "Total"): c(6),
    ...                           ("Total", "18 years or over"): c(None)})
    >>> basis, [x.value for x in used]
    ('sum of age groups', [3, None])
    >>> pick_cells({("Female", "Total"): c(6), ("Male", "Total"): c(4)})[0]
    'sum of sex groups'
    >>> pick_cells({("Female", "0 to 17 years"): c(1), ("Unknown", "Unknown"): c(2)})[0]
    'sum of sex-by-age cells'
    """
    if (TOTAL, TOTAL) in cells:
        return "total", [cells[(TOTAL, TOTAL)]]
    by_age = [c for (s, a), c in sorted(cells.items()) if s == TOTAL and a != TOTAL]
    if by_age:
        return "sum of age groups", by_age
    by_sex = [c for (s, a), c in sorted(cells.items()) if a == TOTAL and s != TOTAL]
    if by_sex:
        return "sum of sex groups", by_sex
    return "sum of sex-by-age cells", [c for _, c in sorted(cells.items())]


@dataclass
class _Row:
    line: int
    iso3: str
    reported_as: str | None
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    unit: str
    cell: Cell


@dataclass
class DedupeReport:
    """What the duplicate-row policy dropped."""

    exact_rows_dropped: int = 0
    conflicting_keys: int = 0
    conflicting_rows_dropped: int = 0
    examples: list[str] = field(default_factory=list)


def _rank(value: int | None) -> int:
    return -1 if value is None else value


def dedupe(rows: list[_Row]) -> tuple[list[_Row], DedupeReport]:
    """Apply the duplicate-row policy: exact duplicates once; a repeated key keeps its largest value.

    A key is (country, indicator, dimension, category, sex, age, year, unit).
    Ties keep the first row; "<5" ranks below every published count.
    """
    rep = DedupeReport()
    kept: dict[tuple[Any, ...], _Row] = {}
    seen_values: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    conflicting: set[tuple[Any, ...]] = set()
    for r in rows:
        key = (r.iso3, r.reported_as, r.indicator, r.dimension, r.category, r.sex, r.age, r.year, r.unit)
        text = r.cell.text.strip()
        if key not in kept:
            kept[key] = r
            seen_values[key].add(text)
            continue
        if text in seen_values[key]:
            rep.exact_rows_dropped += 1
            continue
        seen_values[key].add(text)
        conflicting.add(key)
        rep.conflicting_rows_dropped += 1
        if _rank(r.cell.value) > _rank(kept[key].cell.value):
            kept[key] = r
        if len(rep.examples) < 5:
            rep.examples.append(f"line {r.line}: {'/'.join(str(k) for k in key[:8])} = {text!r}")
    rep.conflicting_keys = len(conflicting)
    return list(kept.values()), rep


def _rank_figure(cells: list[Cell]) -> tuple[int, int]:
    """Order figures: more published victims first, then fewer suppressed cells."""
    published, suppressed = _figure(cells)
    return (published if suppressed < len(cells) else -1, -suppressed)


def _figure(cells: list[Cell]) -> tuple[int, int]:
    published = sum(c.value for c in cells if c.value is not None)
    return published, sum(1 for c in cells if c.value is None)


def _describe(published: int, suppressed: int, n: int) -> str:
    """A statistic's figure, worded as everywhere (:func:`graph.wording.count_text`):
    "46 (+1 cell <5)", "<5 (1 suppressed cell)", never "at least 0"."""
    return count_text(0 if suppressed == n else published, suppressed)


def _read(path: Path, progress: bool) -> tuple[list[_Row], list[Problem], Unmapped, int, Counter[str]]:
    problems: list[Problem] = []
    rows: list[_Row] = []
    unmapped = Unmapped()
    no_country: Counter[str] = Counter()
    n = 0
    for line, r in read_rows(path, "glotip", progress):
        n += 1
        year_text = r["Year"].strip()
        if not _YEAR.match(year_text) or not YEAR_MIN <= int(year_text) <= YEAR_MAX:
            problems.append(
                value_problem(path, line, "Year", r["Year"], f"a year from {YEAR_MIN} to {YEAR_MAX} (four digits, e.g. 2019)")
            )
            continue
        try:
            value = parse_count(r["txtVALUE"])
        except ValueError:
            problems.append(
                value_problem(
                    path, line, "txtVALUE", r["txtVALUE"],
                    "a count: use a whole number (thousands commas allowed) or <5 for a suppressed cell",
                )
            )
            continue
        if value is not None and value > MAX_COUNT:
            problems.append(value_problem(path, line, "txtVALUE", r["txtVALUE"], f"a plausible count (at most {MAX_COUNT:,})"))
            continue
        code = r["Iso3_code"].strip()
        reported_as: str | None = None
        if not is_iso3(code):
            m = resolve_name(r["Country"])
            if m is None or m.iso3 is None:
                unmapped.add(r["Country"] or "(empty Iso3_code and Country)")
                no_country[r["Country"]] += 1
                continue
            code, reported_as = m.iso3, r["Country"].strip()
        rows.append(
            _Row(
                line=line,
                iso3=code,
                reported_as=reported_as,
                indicator=r["Indicator"].strip(),
                dimension=r["Dimension"].strip(),
                category=r["Category"].strip(),
                sex=r["Sex"].strip(),
                age=r["Age"].strip(),
                year=int(year_text),
                unit=r["Unit of measurement"].strip(),
                cell=Cell(line, value, r["txtVALUE"].strip(), f"{r['Sex'].strip()}/{r['Age'].strip()}"),
            )
        )
    return rows, problems, unmapped, n, no_country


def read_glotip(path: Path, progress: bool = False) -> tuple[GraphBatch, dict[str, Any]]:  # noqa: C901
    """Read a GLOTIP CSV into the ``glotip`` batch and a summary (see module docstring)."""
    raw_rows, problems, unmapped, n_rows, no_country = _read(path, progress)
    if problems:
        raise SourceValidationError(problems)
    flow_rows = sum(1 for r in raw_rows if r.indicator == FLOW_INDICATOR and r.dimension == FLOW_DIMENSION)
    rows, dup = dedupe(raw_rows)

    groups: dict[tuple[str, str | None, str, str, str, int, str], dict[tuple[str, str], Cell]] = defaultdict(dict)
    for r in rows:
        groups[(r.iso3, r.reported_as, r.indicator, r.dimension, r.category, r.year, r.unit)][(r.sex, r.age)] = r.cell

    src = GLOTIP_SOURCE
    countries: set[str] = set()
    tallies: dict[tuple[str, str], FlowTally] = {}
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    year_text: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows_by_kind: Counter[str] = Counter()
    not_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    stats: dict[str, dict[str, Any]] = {}
    bases: Counter[str] = Counter()
    candidates: dict[tuple[tuple[str, str], int], list[tuple[str, list[Cell]]]] = defaultdict(list)
    repatriated: dict[tuple[tuple[str, str], int], list[tuple[str, list[Cell]]]] = defaultdict(list)

    for (iso3, reported_as, indicator, dimension, category, year, unit), cells in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][3], kv[0][4], kv[0][5])
    ):
        basis, used = pick_cells(cells)
        bases[basis] += 1
        countries.add(iso3)
        if indicator == FLOW_INDICATOR and dimension == FLOW_DIMENSION:
            m = resolve_name(category, home=iso3)
            kind = m.kind if m is not None else "unmapped"
            rows_by_kind[kind] += len(cells)
            if m is None or m.iso3 is None:
                if m is None:
                    for _ in cells:
                        unmapped.add(category)
                acc = not_country[kind]
                pub, sup = _figure(used)
                acc[0] += pub
                acc[1] += sup
                continue
            countries.add(m.iso3)
            candidates[((m.iso3, iso3), year)].append((category, used))
            continue
        if indicator == FLOW_INDICATOR and dimension == REPATRIATION_DIMENSION:
            m = resolve_name(category, home=iso3)
            if m is not None and m.iso3 is not None and m.iso3 != iso3:
                # the reporting country's victims, returned from the named country: iso3 -> m.iso3
                countries.add(m.iso3)
                repatriated[((iso3, m.iso3), year)].append((category, used))
                continue
        if dimension in ("by citizenship", "by country of repatriation") and resolve_name(category, iso3) is None:
            for _ in cells:
                unmapped.add(category)
        _add_statistic(stats, iso3, reported_as, indicator, dimension, category, year, unit, basis, used, cells)

    if not candidates and not repatriated and not stats:
        raise no_country_problem(path, "GLOTIP", n_rows, unmapped, "Iso3_code, Country and Category")
    same_citizenship_twice = 0
    for (pair, year), options in sorted(candidates.items()):
        # One citizenship written twice by one country in one year ("Nationals" and
        # "Solomon Islands"): a repeated key after normalisation, largest figure kept.
        if len(options) > 1:
            same_citizenship_twice += len(options) - 1
        category, used = max(options, key=lambda o: (_rank_figure(o[1]), -o[1][0].line))
        tally = tallies.setdefault(pair, FlowTally(*pair))
        for c in used:
            tally.add(year, c.value, c.line)
        names[pair].add(category)
        year_text[pair][year].extend(c.text for c in used)
    rep_tallies: dict[tuple[str, str], FlowTally] = {}
    rep_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    rep_text: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (pair, year), options in sorted(repatriated.items()):
        category, used = max(options, key=lambda o: (_rank_figure(o[1]), -o[1][0].line))
        tally = rep_tallies.setdefault(pair, FlowTally(*pair))
        for c in used:
            tally.add(year, c.value, c.line)
        rep_names[pair].add(category)
        rep_text[pair][year].extend(c.text for c in used)

    nodes: list[NodeRecord] = [source_node(src)]
    rels: list[RelRecord] = []
    for pair in sorted(tallies):
        tally = tallies[pair]
        o, d = pair
        props: dict[str, PropValue] = dict(tally.props(src.id))
        props.update(
            {
                "exploitation": [],
                "victims": [],
                "note": (
                    "UNODC GLOTIP: detected trafficking victims by citizenship "
                    f"({country_name(o)}) in the detecting country ({country_name(d)})"
                ),
                "basis": "citizenship",
                "counts": counts_words("citizenship", o, d),  # shown in the reader's words (graph.figures)
                "covers": GLOTIP_COVERS,
                "data_rows": len(tally.lines),
                "reported_as": sorted(names[pair]),
            }
        )
        per_year = "; ".join(
            f"{y}: {' + '.join(ts)}" for y, ts in sorted(year_text[pair].items())
        )
        quote = (
            f"{country_name(d)} ({d}), Detected trafficking victims, by citizenship, "
            f"{' / '.join(sorted(names[pair]))}: {per_year}"
        )
        node, rs = flow_batch_records(f"flow:glotip-{o.lower()}-{d.lower()}", tally, props, src, quote)
        nodes.append(node)
        rels.extend(rs)
    for pair in sorted(rep_tallies):
        tally = rep_tallies[pair]
        o, d = pair
        counts = counts_words("repatriation", o, d)
        props = dict(tally.props(src.id))
        props.update(
            {
                "exploitation": [],
                "victims": [],
                "note": f"UNODC GLOTIP: {counts} (detected trafficking victims by country of repatriation)",
                "basis": "repatriation",
                "counts": counts,
                "covers": GLOTIP_COVERS,
                "data_rows": len(tally.lines),
                "reported_as": sorted(rep_names[pair]),
            }
        )
        per_year = "; ".join(f"{y}: {' + '.join(ts)}" for y, ts in sorted(rep_text[pair].items()))
        quote = (
            f"{country_name(o)} ({o}), Detected trafficking victims, by country of repatriation, "
            f"{' / '.join(sorted(rep_names[pair]))}: {per_year}"
        )
        node, rs = flow_batch_records(f"flow:glotip-repatriation-{o.lower()}-{d.lower()}", tally, props, src, quote)
        nodes.append(node)
        rels.extend(rs)

    for sid in sorted(stats):
        s = stats[sid]
        used = s["cells"]
        pub, sup = _figure(used)
        countries.update(s["about"])
        stat_props: dict[str, Any] = {
            "counts": STATISTIC_WORDS.format(**s["words"], figure=_describe(pub, sup, len(used))),
            "value": pub if sup < len(used) else None,
            "unit": "count" if s["indicator"].startswith("Offences") else "people",
            "year": s["year"],
            "dataset": src.id,
            "indicator": s["indicator"],
            "dimension": s["dimension"],
            "category": " / ".join(sorted(s["categories"])),
            "basis": s["basis"],
            "suppressed_cells": sup,
            "suppressed": sup == len(used),
            "citizenship": s["citizenship"],
            "reported_as": s["reported_as"],
            **breakdown_props(s["parts"], s["year"]),
        }
        nodes.append(NodeRecord("Statistic", sid, {k: v for k, v in stat_props.items() if v is not None}))
        for target in sorted(s["about"]):
            rels.append(RelRecord("ABOUT", sid, target))
        rels.append(
            RelRecord(
                "EVIDENCE", sid, src.id, "0",
                {"quote": "; ".join(s["quote"]), "locator": row_ranges(c.line for c in used)},
            )
        )

    nodes[1:1] = [country_node(c) for c in sorted(countries)]
    batch = GraphBatch(name="glotip", nodes=nodes, rels=rels)

    to_country = rows_by_kind["country"] + rows_by_kind["nationals"]
    names_a_state = to_country + rows_by_kind["no_iso_code"] + rows_by_kind["former_state"] + rows_by_kind["unmapped"]
    summary: dict[str, Any] = {
        "dataset": src.id,
        "file": str(path),
        "rows": n_rows,
        "exact_duplicate_rows_dropped": dup.exact_rows_dropped,
        "repeated_keys_with_different_values": dup.conflicting_keys,
        "repeated_key_rows_dropped_(largest_value_kept)": dup.conflicting_rows_dropped,
        "rows_without_a_detecting_country": dict(no_country),
        "flow_rows": flow_rows,
        "flow_rows_to_a_country": to_country,
        "flow_rows_to_a_country_pct": pct(to_country, sum(rows_by_kind.values())),
        "flow_rows_naming_one_state_mapped_pct": pct(to_country, names_a_state),
        "flow_rows_not_a_country": {k: v for k, v in sorted(rows_by_kind.items()) if k not in ("country", "nationals")},
        "victims_not_in_country_flows": {
            k: {"published": v[0], "suppressed_cells": v[1]} for k, v in sorted(not_country.items())
        },
        "flow_rows_repeating_a_citizenship_(largest_kept)": same_citizenship_twice,
        "flows": len(tallies),
        "repatriation_flows": len(rep_tallies),
        "victims_in_repatriation_flows_published": sum(sum(t.published.values()) for t in rep_tallies.values()),
        "internal_flows": sum(1 for o, d in tallies if o == d),
        "victims_in_flows_published": sum(sum(t.published.values()) for t in tallies.values()),
        "suppressed_cells_in_flows": sum(sum(t.suppressed.values()) for t in tallies.values()),
        "statistics": len(stats),
        "figures_by_basis": dict(sorted(bases.items())),
        "unmapped": unmapped.as_list(),
    }
    return batch, summary


def breakdown_props(parts: list[tuple[str, str, Cell]], year: int) -> dict[str, PropValue]:
    """A figure's breakdown as GLOTIP publishes it: parallel lists per dimension (``sex_*``: the
    ``Age=Total`` rows, ``age_*``: the ``Sex=Total`` rows; ``Unknown/Unknown`` in both), each cell's
    text kept as published ("<5" stays "<5"). Labels of the same figure, never added to it.

    Examples
    --------
    >>> c = lambda t: Cell(0, parse_count(t), t)
    >>> p = breakdown_props([("Female", "Total", c("12")), ("Male", "Total", c("<5")),
    ...                      ("Total", "0 to 17 years", c("3")), ("Female", "0 to 17 years", c("2"))], 2020)
    >>> p["sex_groups"], p["sex_values"], p["age_groups"], p["age_years"]
    (['Female', 'Male'], ['12', '<5'], ['0 to 17 years'], [2020])
    """
    out: dict[str, PropValue] = {}
    for dim in ("sex", "age"):
        rows = [(s if dim == "sex" else a, c) for s, a, c in parts
                if ((a == TOTAL) != (s == TOTAL) and (s if dim == "sex" else a) != TOTAL)
                or (s, a) == ("Unknown", "Unknown")]
        if rows:
            out[f"{dim}_groups"] = [g for g, _ in rows]
            out[f"{dim}_years"] = [year] * len(rows)
            out[f"{dim}_values"] = ["<5" if c.value is None else str(c.value) for _, c in rows]
    return out

def _add_statistic(
    stats: dict[str, dict[str, Any]],
    iso3: str,
    reported_as: str | None,
    indicator: str,
    dimension: str,
    category: str,
    year: int,
    unit: str,
    basis: str,
    used: list[Cell],
    cells: dict[tuple[str, str], Cell] | None = None,
) -> None:
    """Accumulate one key's cells into its Statistic (two spellings of one country share it);
    its breakdown cells (every ``(Sex, Age)`` but Total/Total) are kept as labels of that figure."""
    citizenship: str | None = None
    cat_slug = slug(category) if category else "unknown"
    if dimension in ("by citizenship", "by country of repatriation"):
        m = resolve_name(category, home=iso3)
        if m is not None and m.iso3 is not None:
            citizenship = m.iso3
            cat_slug = m.iso3.lower()
    ind = _INDICATOR_SLUG.get(indicator, slug(indicator))
    dim = "total" if dimension == TOTAL else slug(dimension)
    where = iso3.lower() if reported_as is None else f"{iso3.lower()}-{slug(reported_as)}"
    sid = f"statistic:glotip-{where}-{ind}-{dim}-{cat_slug}-{year}"
    label = reported_as or country_name(iso3)
    what = indicator if dimension == TOTAL else f"{indicator} {dimension}: {category or '(empty)'}"
    s = stats.setdefault(
        sid,
        {
            "cells": [],
            "about": {iso3},
            "indicator": indicator,
            "dimension": dimension,
            "categories": set(),
            "year": year,
            "basis": basis,
            "citizenship": citizenship,
            "reported_as": reported_as,
            "quote": [],
            "words": {"what": what, "where": label, "year": year, "dataset": "UNODC GLOTIP", "basis": basis},
            "parts": [],
        },
    )
    s["cells"].extend(used)
    s["parts"].extend((sex, age, c) for (sex, age), c in sorted((cells or {}).items()) if (sex, age) != (TOTAL, TOTAL))
    s["categories"].add(category)
    s["quote"].append(
        f"{label}, {indicator}, {dimension}, {category}, {year}: "
        + ", ".join(c.text if c.where == "Total/Total" else f"{c.where} {c.text}" for c in used)
    )
