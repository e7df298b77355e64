"""CTDC record-level victim cases into flows (citizenship -> country of exploitation).

Only CTDC's own columns are read: ``yearOfRegistration, gender, ageBroad,
citizenship, isForcedLabour, isSexualExploit, CountryOfExploitation`` (country
columns are ISO 3166 alpha-2 codes; flags 0/1, also written ``0.0``/``1.0``).
The columns an extractor added (names, centroids, alpha-3 codes) are ignored.

- ``-99`` and empty mean missing, in every column. Citizenship ``0`` means
  unknown, and so does country of exploitation ``0``.
- Every row is one victim record, counted once: repeated rows are separate
  victims and are *not* de-duplicated.
- A record with a known citizenship and country of exploitation goes into
  the Flow ``flow:ctdc-<origin>-<destination>`` (internal when both are the
  same country). A record missing either stays out of country flows and is
  counted in the summary.
- Per flow: records per year of registration (records without a year count
  in ``victims_count`` and ``year_unknown``, not in any year), records per
  form of exploitation (``exploitation`` and the parallel
  ``exploitation_counts``; a record may have both forms, or neither known)
  and the victim profile from gender and age (``victims`` and the parallel
  ``victims_counts``), and per year the records by sex and by age group
  (``sex_years``/``sex_groups``/``sex_values``, likewise ``age_*``; CTDC's
  bands split at 18, worded as GLOTIP's "0 to 17 years" / "18 years or
  over"). These labels belong to CTDC's records only: they are
  never put on another data set's figure. CTDC publishes no suppressed
  cells, so ``suppressed_cells`` is 0.
- Only ``citizenship`` and ``CountryOfExploitation`` state an origin and a
  destination among CTDC's own columns (basis ``citizenship``); the
  extractor's columns are not relied on.
- Codes are read as text and go through :mod:`graph.names`, so
  Namibia's ``NA`` stays Namibia.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.countries import country_name
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.model import YEAR_MAX, YEAR_MIN
from ctgraph.graph.names import resolve_name
from ctgraph.ingest.datasets import (
    CTDC_SOURCE,
    FlowTally,
    Unmapped,
    country_node,
    flow_batch_records,
    no_country_problem,
    pct,
    read_rows,
    source_node,
    value_problem,
)

__all__ = ["read_ctdc", "is_missing", "parse_flag", "parse_year", "age_group", "group_props"]

MISSING = {"", "-99", "-99.0"}
_YEAR = re.compile(r"^(\d{4})(\.0+)?$")
_FLAG = {"0": False, "1": True, "0.0": False, "1.0": True, "false": False, "true": True}
_AGE_START = re.compile(r"^(\d+)")


def is_missing(text: str) -> bool:
    """``-99`` and empty mean missing (and "NA" does not: it is Namibia).

    Examples
    --------
    >>> is_missing("-99"), is_missing(" "), is_missing("NA"), is_missing("0")
    (True, True, False, False)
    """
    return text.strip() in MISSING


def parse_flag(text: str) -> bool | None:
    """A 0/1 flag (``None`` when missing); anything else raises ``ValueError``.

    Examples
    --------
    >>> parse_flag("1.0"), parse_flag("0"), parse_flag("-99")
    (True, False, None)
    """
    t = text.strip().lower()
    if t in MISSING:
        return None
    if t in _FLAG:
        return _FLAG[t]
    raise ValueError(text)


def parse_year(text: str) -> int | None:
    """A year of registration (``None`` when missing); else ``ValueError``.

    Examples
    --------
    >>> parse_year("2016"), parse_year("2016.0"), parse_year("-99")
    (2016, 2016, None)
    """
    t = text.strip()
    if t in MISSING:
        return None
    m = _YEAR.match(t)
    if not m or not YEAR_MIN <= int(m[1]) <= YEAR_MAX:
        raise ValueError(text)
    return int(m[1])


def age_group(text: str) -> str | None:
    """``child`` (under 18), ``adult`` or ``None`` (missing or not a CTDC age band).

    Examples
    --------
    >>> age_group("9--17"), age_group("18--20"), age_group("48+"), age_group("-99")
    ('child', 'adult', 'adult', None)
    """
    t = text.strip()
    if t in MISSING:
        return None
    m = _AGE_START.match(t)
    if not m:
        return None
    return "child" if int(m[1]) < 18 else "adult"


_PROFILE = {
    ("female", "adult"): "women",
    ("female", "child"): "girls",
    ("male", "adult"): "men",
    ("male", "child"): "boys",
    ("female", None): "women and girls (age not recorded)",
    ("male", None): "men and boys (age not recorded)",
}


@dataclass
class _CtdcFlow:
    tally: FlowTally
    year_unknown: int = 0
    forced_labour: int = 0
    sexual_exploitation: int = 0
    profile: Counter[str] = field(default_factory=Counter)
    by_sex: Counter[tuple[int, str]] = field(default_factory=Counter)
    by_age: Counter[tuple[int, str]] = field(default_factory=Counter)


#: CTDC's age bands split at 18, so they fall exactly into GLOTIP's two age groups (one wording per group).
_AGE_GROUP = {"child": "0 to 17 years", "adult": "18 years or over", None: "age not recorded"}


def group_props(counts: Counter[tuple[int, str]], dim: str) -> dict[str, PropValue]:
    """Records per (year, group) as the parallel ``<dim>_years``, ``<dim>_groups``, ``<dim>_values`` lists.

    Examples
    --------
    >>> group_props(Counter({(2019, "Male"): 2, (2018, "Female"): 1}), "sex")
    {'sex_years': [2018, 2019], 'sex_groups': ['Female', 'Male'], 'sex_values': ['1', '2']}
    """
    if not counts:
        return {}
    keys = sorted(counts)
    return {f"{dim}_years": [y for y, _ in keys], f"{dim}_groups": [g for _, g in keys],
            f"{dim}_values": [str(counts[k]) for k in keys]}


def _country(text: str, unmapped: Unmapped) -> str | None:
    """Alpha-3 for a CTDC country code, ``None`` when unknown or not mappable."""
    t = text.strip()
    if t in MISSING or t == "0":
        return None
    m = resolve_name(t)
    if m is None or m.iso3 is None:
        unmapped.add(t)
        return None
    return m.iso3


def read_ctdc(path: Path, progress: bool = False) -> tuple[GraphBatch, dict[str, Any]]:  # noqa: C901
    """Read a CTDC record-level CSV into the ``ctdc`` batch and a summary (see module docstring)."""
    problems: list[Problem] = []
    unmapped = Unmapped()
    flows: dict[tuple[str, str], _CtdcFlow] = {}
    n = 0
    unknown_cit = Counter[str]()
    unknown_dest = 0
    both_unknown = 0
    no_year = 0
    for line, r in read_rows(path, "ctdc", progress):
        n += 1
        try:
            year = parse_year(r["yearOfRegistration"])
        except ValueError:
            problems.append(
                value_problem(path, line, "yearOfRegistration", r["yearOfRegistration"],
                              f"a year from {YEAR_MIN} to {YEAR_MAX} (e.g. 2016); write -99 or leave it empty when unknown")
            )
            continue
        flags: dict[str, bool | None] = {}
        bad = False
        for col in ("isForcedLabour", "isSexualExploit"):
            try:
                flags[col] = parse_flag(r[col])
            except ValueError:
                problems.append(
                    value_problem(path, line, col, r[col], "a 0/1 flag; write -99 or leave it empty when unknown")
                )
                bad = True
        if bad:
            continue
        if year is None:
            no_year += 1
        cit_text = r["citizenship"].strip()
        origin = _country(cit_text, unmapped)
        dest = _country(r["CountryOfExploitation"], unmapped)
        if origin is None:
            unknown_cit["0 (unknown)" if cit_text == "0" else "missing (-99 or empty)" if cit_text in MISSING else "unmapped code"] += 1
        if dest is None:
            unknown_dest += 1
        if origin is None or dest is None:
            if origin is None and dest is None:
                both_unknown += 1
            continue
        f = flows.get((origin, dest))
        if f is None:
            f = flows[(origin, dest)] = _CtdcFlow(FlowTally(origin, dest))
        f.tally.add(year, 1, line)
        if year is None:
            f.year_unknown += 1
        if flags["isForcedLabour"]:
            f.forced_labour += 1
        if flags["isSexualExploit"]:
            f.sexual_exploitation += 1
        gender = r["gender"].strip().lower()
        age = age_group(r["ageBroad"])
        if gender in ("female", "male"):
            f.profile[_PROFILE[(gender, age)]] += 1
        if year is not None:  # per year: every record of the year in one sex group and one age group
            f.by_sex[(year, gender.capitalize() if gender in ("female", "male") else "sex not recorded")] += 1
            f.by_age[(year, _AGE_GROUP[age])] += 1
    if problems:
        raise SourceValidationError(problems)
    if not flows:
        raise no_country_problem(path, "CTDC", n, unmapped, "citizenship and CountryOfExploitation (ISO alpha-2 codes)")

    src = CTDC_SOURCE
    nodes: list[NodeRecord] = [source_node(src)]
    rels: list[RelRecord] = []
    countries: set[str] = set()
    for (o, d) in sorted(flows):
        f = flows[(o, d)]
        countries.update((o, d))
        props: dict[str, PropValue] = dict(f.tally.props(src.id, unknown_year=f.year_unknown))
        forms = [(k, v) for k, v in (("sexual_exploitation", f.sexual_exploitation), ("forced_labour", f.forced_labour)) if v]
        props.update(
            {
                "exploitation": [k for k, _ in forms],
                "exploitation_counts": [v for _, v in forms],
                "victims": sorted(f.profile),
                "victims_counts": [f.profile[k] for k in sorted(f.profile)],
                "basis": "citizenship",
                "counts": f"victim records, citizenship {country_name(o)}, exploited in {country_name(d)}",
                "year_unknown": f.year_unknown,
                **group_props(f.by_sex, "sex"),
                **group_props(f.by_age, "age"),
                "data_rows": len(f.tally.lines),
                "note": (
                    "CTDC victim records by citizenship "
                    f"({country_name(o)}) and country of exploitation ({country_name(d)}); "
                    "not a representative sample"
                ),
            }
        )
        records = len(f.tally.lines)
        per_year = "; ".join(f"{y}: {v}" for y, v in sorted(f.tally.published.items()))
        if f.year_unknown:
            per_year += f"; year not recorded: {f.year_unknown}"
        form_text = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in forms) or "form of exploitation not recorded"
        quote = (
            f"CTDC records with citizenship {country_name(o)} and country of exploitation "
            f"{country_name(d)}: {records} ({per_year}); {form_text}"
        )
        node, rs = flow_batch_records(f"flow:ctdc-{o.lower()}-{d.lower()}", f.tally, props, src, quote)
        nodes.append(node)
        rels.extend(rs)
    nodes[1:1] = [country_node(c) for c in sorted(countries)]
    in_flows = sum(len(f.tally.lines) for f in flows.values())
    summary: dict[str, Any] = {
        "dataset": src.id,
        "file": str(path),
        "records": n,
        "records_in_country_flows": in_flows,
        "records_in_country_flows_pct": pct(in_flows, n),
        "records_citizenship_unknown": dict(sorted(unknown_cit.items())),
        "records_country_of_exploitation_unknown": unknown_dest,
        "records_both_unknown": both_unknown,
        "records_without_year": no_year,
        "flows": len(flows),
        "internal_flows": sum(1 for o, d in flows if o == d),
        "unmapped": unmapped.as_list(),
    }
    return GraphBatch(name="ctdc", nodes=nodes, rels=rels), summary
