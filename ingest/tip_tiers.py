"""US Trafficking in Persons report tiers per country and year: context, not coverage.

Reads the compilation of the US State Department's TIP report tiers, 1999-2015,
published by Heiss & Kelley (Journal of Human Trafficking, 2017) with the
header ``"countryname","iso","year","ccode","tier"``, as
``ctgraph import tip-tiers FILE``.

Representation: one ``TipTier`` node per country and year (label in
:data:`graph.batch.NODE_LABELS`), id ``tiptier:<iso3>-<year>`` (lower case), with

- ``year`` (int), ``tier`` (``"1"``, ``"2"``, ``"2WL"``, ``"3"``), ``tier_label``
  (``Tier 1``, ``Tier 2``, ``Tier 2 Watch List``, ``Tier 3``) and ``rank`` (1 =
  Tier 1 ... 4 = Tier 3: a sortable scale for a map colouring), ``country``
  (ISO alpha-3), ``dataset`` (the Source id), ``tier_as_written`` (the label as
  the file writes it);
- ``(TipTier)-[:ABOUT]->(Country)`` and ``(TipTier)-[:EVIDENCE {quote: the CSV
  row verbatim, locator: "row N"}]->(Source)``.

A country profile lists a country's TipTier nodes by year; a map colouring for a
year picks the nodes of that year. Tiers are a US government assessment of a
government's efforts, not a cooperation instrument: nothing here changes coverage.

Quirks handled: tier labels carry trailing spaces (``"Tier 1    "``);
``Watchlist`` means Tier 2 Watch List; ``NA`` means not ranked that year (no node
is written; counted in the summary); ``ccode`` is ignored (it is ``NA`` for some
2015 rows); an ``iso`` that is no ISO 3166-1 code (``KOS``, Kosovo) goes through
the name layer and, when it names no ISO country, is left out and listed in
``unmapped``. Bad input (wrong header, an unknown tier label, a year that is not
a year, a short row, one country twice in one year) raises one
:class:`SourceValidationError` naming file, line and column; nothing is returned.
So does a file that cannot be true, or would wipe every tier loaded: a tier for
a year before the first TIP report ranked anyone (2001) or after this year, a
country name that the name layer knows as another country than its ``iso``
code (``"France","CHN"``), and a file that ranks no country at all (a header
only, only ``NA`` rows, only names of places that are no ISO country).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.countries import is_iso3
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.files import read_input
from ctgraph.graph.names import resolve_name
from ctgraph.ingest.datasets import DatasetSource, _decode, country_node, source_node

__all__ = ["TIP_TIERS_SOURCE", "TIER_HEADER", "read_tip_tiers", "parse_tier", "FIRST_RANKED_YEAR", "MAX_TIERS_BYTES"]

#: The first TIP report (July 2001) ranked governments for 2001; earlier rows can only be NA.
FIRST_RANKED_YEAR = 2001
#: The 1999-2015 compilation is about 200 kB; one row per country and year stays far below this.
MAX_TIERS_BYTES = 16 * 1024 * 1024

TIP_TIERS_SOURCE = DatasetSource(
    short_title="US TIP tiers",
    id="source:us-tip-tiers-1999-2015",
    title="US Trafficking in Persons report tiers by country and year, 1999-2015 (Heiss & Kelley compilation)",
    publisher="US Department of State, Office to Monitor and Combat Trafficking in Persons (tiers); compiled by Andrew Heiss and Judith G. Kelley",
    date="2017",
    citation=(
        "Heiss, A. and Kelley, J. G. (2017), 'From the Trenches: A Global Survey of Anti-TIP NGOs and "
        "their Views of US Efforts', Journal of Human Trafficking 3(3); tiers from the US Department of "
        "State Trafficking in Persons Reports, 2001-2015."
    ),
    url="https://www.state.gov/trafficking-in-persons-report/",
    terms="Cite the US Department of State TIP reports and Heiss & Kelley (2017). Context only: not a cooperation instrument.",
)

TIER_HEADER = ("countryname", "iso", "year", "ccode", "tier")

_TIERS: dict[str, tuple[str, str, int]] = {
    "tier 1": ("1", "Tier 1", 1),
    "tier 2": ("2", "Tier 2", 2),
    "watchlist": ("2WL", "Tier 2 Watch List", 3),
    "tier 2 watch list": ("2WL", "Tier 2 Watch List", 3),
    "tier 3": ("3", "Tier 3", 4),
}
_YEAR = re.compile(r"^\d{4}$")


def parse_tier(text: str) -> tuple[str, str, int] | None:
    """``(tier, label, rank)`` of a tier label as the file writes it; ``None`` for ``NA`` (not ranked).

    Raises ``ValueError`` for anything else.

    Examples
    --------
    >>> parse_tier("Tier 1    "), parse_tier("Watchlist    "), parse_tier("NA")
    (('1', 'Tier 1', 1), ('2WL', 'Tier 2 Watch List', 3), None)
    >>> parse_tier("Tier 4")
    Traceback (most recent call last):
    ...
    ValueError: 'Tier 4' is not a tier: use Tier 1, Tier 2, Watchlist (Tier 2 Watch List), Tier 3 or NA
    """
    key = " ".join(text.split()).casefold()
    if key == "na":
        return None
    if key in _TIERS:
        return _TIERS[key]
    raise ValueError(f"{text!r} is not a tier: use Tier 1, Tier 2, Watchlist (Tier 2 Watch List), Tier 3 or NA")


def _header_problem(path: Path, header: list[str]) -> SourceValidationError:
    return SourceValidationError(
        [
            Problem(
                str(path),
                1,
                f"header: not a US TIP tiers file (found {', '.join(header[:5]) or 'nothing'}); expected the "
                f"columns {', '.join(TIER_HEADER)} (Heiss & Kelley's tip_tiers_orig.csv)",
            )
        ]
    )


def read_tip_tiers(path: Path, progress: bool = True) -> tuple[GraphBatch, dict[str, Any]]:  # noqa: C901
    """Read a TIP tiers CSV into the ``tip-tiers`` batch and a summary (see module docstring).

    The summary has ``rows``, ``tiers`` (nodes written), ``not_ranked`` (NA
    rows), ``by_tier``, ``countries``, ``years`` ([first, last]) and ``unmapped``.
    """
    path = Path(path)
    name = str(path)
    data = read_input(path, "give the path of the TIP tiers CSV (tip_tiers_orig.csv)", MAX_TIERS_BYTES)
    text = _decode(path, data)
    this_year = date.today().year
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise SourceValidationError([Problem(name, 1, f"header: CSV syntax error ({exc})")]) from None
    if tuple(h.lower() for h in header[:5]) != TIER_HEADER:
        raise _header_problem(path, header)
    problems: list[Problem] = []
    seen: dict[tuple[str, int], int] = {}
    nodes: list[NodeRecord] = [source_node(TIP_TIERS_SOURCE)]
    rels: list[RelRecord] = []
    countries: set[str] = set()
    unmapped: Counter[tuple[str, str]] = Counter()
    by_tier: Counter[str] = Counter()
    not_ranked = 0
    n_rows = 0
    years: list[int] = []
    bar = tqdm(total=max(len(lines) - 1, 0), desc="TIP tier rows", unit="row",
               disable=None if progress else True, leave=False)
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    problems.append(Problem(name, start, "a quoted value starts on this line and is never closed "
                                            "(CSV syntax error: unexpected end of data); the file may be truncated "
                                            "or hold an unclosed quote: re-export the file"))
                else:
                    problems.append(Problem(name, reader.line_num, f"CSV syntax error ({exc}); re-export the file"))
                break
            line = reader.line_num
            bar.update(1)
            if not row:
                continue
            n_rows += 1
            if len(row) < 5:
                problems.append(
                    Problem(name, line, f"column {len(row) + 1} ({TIER_HEADER[len(row)]!r}) and after are missing: "
                            f"the row has {len(row)} field(s), the header has {len(header)}; the file may be truncated")
                )
                continue
            country_name, iso, year_text, _ccode, tier_text = (x.strip() for x in row[:5])
            if not _YEAR.match(year_text):
                problems.append(Problem(name, line, f"column 3 ('year'): {year_text!r} is not a year (four digits)"))
                continue
            try:
                tier = parse_tier(row[4])
            except ValueError as exc:
                problems.append(Problem(name, line, f"column 5 ('tier'): {exc}"))
                continue
            year = int(year_text)
            if year > this_year or (tier is not None and year < FIRST_RANKED_YEAR):
                why = "is after this year" if year > this_year else (
                    f"is before {FIRST_RANKED_YEAR}, the first year a TIP report ranked governments (earlier rows "
                    "can only be NA)")
                problems.append(Problem(name, line, f"column 3 ('year'): {year_text} {why}; correct the year"))
                continue
            code = iso if is_iso3(iso) else None
            if code is not None and country_name:
                named = resolve_name(country_name)
                if named is not None and named.kind == "country" and named.iso3 and named.iso3 != code:
                    problems.append(
                        Problem(name, line, f"columns 1-2: {country_name!r} is {named.iso3}, not {code!r} as column "
                                "2 ('iso') says; correct the name or the code")
                    )
                    continue
            if code is None:
                m = resolve_name(country_name)
                if m is None:
                    problems.append(
                        Problem(name, line, f"column 2 ('iso'): {iso!r} is not an ISO 3166-1 alpha-3 code and "
                                f"{country_name!r} is not a known name; add it to graph/country_aliases.csv")
                    )
                    continue
                code = m.iso3 if m.kind == "country" else None
                if code is None:
                    unmapped[(country_name, m.kind)] += 1
                    continue
            if (code, year) in seen:
                problems.append(
                    Problem(name, line, f"columns 2-3: {code} {year} already has a tier on row {seen[(code, year)]}; "
                            "keep one row per country and year")
                )
                continue
            seen[(code, year)] = line
            if tier is None:
                not_ranked += 1
                continue
            short, label, rank = tier
            tid = f"tiptier:{code.lower()}-{year}"
            props: dict[str, PropValue] = {
                "year": year,
                "tier": short,
                "tier_label": label,
                "rank": rank,
                "country": code,
                "dataset": TIP_TIERS_SOURCE.id,
                "tier_as_written": row[4],
            }
            nodes.append(NodeRecord("TipTier", tid, props))
            rels.append(RelRecord("ABOUT", tid, code))
            rels.append(RelRecord("EVIDENCE", tid, TIP_TIERS_SOURCE.id, "0",
                                  {"quote": lines[line - 1], "locator": f"row {line}"}))
            countries.add(code)
            by_tier[label] += 1
            years.append(year)
    finally:
        bar.close()
    if not problems and not by_tier:
        what = ("has no rows below its header" if not n_rows else
                f"ranks no country: its {n_rows:,} row(s) are all NA (not ranked)" if not_ranked == n_rows else
                f"ranks no ISO country (only {', '.join(sorted(n for n, _k in unmapped)[:3])}, with no ISO 3166 code)"
                if unmapped else "ranks no country")
        problems.append(Problem(name, 0, f"the file {what}; importing it would remove every tier loaded: "
                                "give the whole tiers file (tip_tiers_orig.csv)"))
    if problems:
        raise SourceValidationError(problems)
    nodes[1:1] = [country_node(c) for c in sorted(countries)]
    summary: dict[str, Any] = {
        "dataset": TIP_TIERS_SOURCE.id,
        "file": name,
        "rows": n_rows,
        "tiers": sum(by_tier.values()),
        "not_ranked": not_ranked,
        "by_tier": dict(sorted(by_tier.items())),
        "countries": len(countries),
        "years": [min(years), max(years)] if years else [],
        "unmapped": [{"name": n, "kind": k, "rows": c} for (n, k), c in sorted(unmapped.items())],
    }
    return GraphBatch(name="tip-tiers", nodes=nodes, rels=rels), summary
