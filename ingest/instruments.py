"""A team's own list of instruments (MoUs, agreements, conventions), as ``ctgraph import instruments FILE``.

The file is CSV (UTF-8) or XLSX (the first sheet), one row per instrument and
party, with the header of ``docs/instruments-template.csv``:

==========  ==========================================================================
instrument  the instrument's name (rows with the same name are one instrument)
kind        ``bilateral`` (exactly two parties), ``regional`` or ``multilateral``
party       ISO 3166 alpha-3 code or a country name (``Viet Nam``, ``Côte d'Ivoire``)
signed      the date the party signed (YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source)
bound_from  the date the party is bound from; empty: it only signed (not bound)
until       the last day the party is bound (withdrawal, end); empty: still bound
source      the source that states it (title, publisher, date), as you would cite it
quote       the passage of the source that states it, verbatim
url         optional: where the source is
status      optional: ``signed`` (default), ``negotiating`` or ``proposed``
==========  ==========================================================================

The whole file is checked before anything is returned; every bad row gives one
problem naming the row and the column (an unknown country, an impossible date,
a party listed twice for an instrument, a bound-from date before the signature,
an until before the bound-from date, no source or no quote, rows of one
instrument disagreeing on kind or status, a bilateral instrument without exactly
two parties). Good rows become seed facts (:class:`graph.model.Agreement` with
party terms, :class:`graph.model.Source` of kind ``reference``) converted by
:func:`ingest.seed.seed_batch`, so imported instruments bind exactly like the
seed's and count in coverage and gaps. The batch is named after the file's
resolved path: importing it again replaces it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ctgraph.graph.batch import GraphBatch
from ctgraph.graph.countries import is_iso3
from ctgraph.graph.errors import CtgraphError, Problem, SourceValidationError
from ctgraph.graph.files import read_input
from ctgraph.graph.model import Agreement, Evidence, PartyTerm, Source, check_partial_date, date_bounds
from ctgraph.ingest.country_names import country_code
from ctgraph.ingest.datasets import _decode, slug
from ctgraph.ingest.seed import Located, SeedFacts, seed_batch

__all__ = ["TEMPLATE_COLUMNS", "REQUIRED_COLUMNS", "read_instruments", "MAX_INSTRUMENTS_BYTES"]

#: The template's columns, in order (url and status may be left out).
TEMPLATE_COLUMNS = ("instrument", "kind", "party", "signed", "bound_from", "until", "source", "quote", "url", "status")
REQUIRED_COLUMNS = TEMPLATE_COLUMNS[:8]
#: Largest instruments file read.
MAX_INSTRUMENTS_BYTES = 32 * 1024 * 1024
_KINDS = ("bilateral", "regional", "multilateral")
_STATUSES = ("signed", "negotiating", "proposed")
_HINT = "give the instruments file (CSV or XLSX, see docs/instruments-template.csv)"


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _cell(value: Any) -> str:
    """A spreadsheet cell as text: a date cell as YYYY-MM-DD, a year as 2018."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise CtgraphError("reading XLSX needs openpyxl (pip install openpyxl), or save the sheet as CSV") from None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SourceValidationError(
            [Problem(str(path), 0, f"is not a readable XLSX workbook ({type(exc).__name__}); save it again as .xlsx or as CSV UTF-8")]
        ) from None
    try:
        sheet = wb.worksheets[0]
        return [(i, [_cell(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        wb.close()


def _csv_rows(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, [v.strip() for v in row]))
    except csv.Error as exc:
        raise SourceValidationError([Problem(str(path), reader.line_num, f"CSV syntax error ({exc}); re-export the file")]) from None
    return rows


def _rows(path: Path) -> tuple[list[str], list[_Row]]:
    data = read_input(path, _HINT, MAX_INSTRUMENTS_BYTES)
    is_xlsx = data[:4] == b"PK\x03\x04"
    raw = _xlsx_rows(path, data) if is_xlsx else _csv_rows(path, data)
    raw = [(n, r) for n, r in raw if any(r)]
    if not raw:
        raise SourceValidationError([Problem(str(path), 1, f"no header: the file is empty; {_HINT}")])
    header_line, header = raw[0]
    header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SourceValidationError([Problem(
            str(path), header_line,
            f"header: column(s) {', '.join(missing)} missing; the header is "
            f"{', '.join(TEMPLATE_COLUMNS)} (url and status optional), as in docs/instruments-template.csv",
        )])
    rows = []
    for n, r in raw[1:]:
        values = {h: (r[i] if i < len(r) else "") for i, h in enumerate(header) if h in TEMPLATE_COLUMNS}
        rows.append(_Row(n, values))
    return header, rows


def read_instruments(path: Path, progress: bool = False) -> tuple[GraphBatch, dict[str, Any]]:  # noqa: C901
    """Read an instruments file (see the module docstring) into its own batch and a summary.

    The summary has ``file``, ``rows``, ``instruments``, ``parties``, ``by_kind``
    and ``unmapped`` (always empty: an unknown country is an error here).
    """
    path = Path(path)
    name = str(path)
    header, rows = _rows(path)
    col = {h: i + 1 for i, h in enumerate(header)}
    problems: list[Problem] = []

    def bad(row: _Row, column: str, message: str) -> None:
        problems.append(Problem(name, row.line, f"column {col[column]} ({column!r}): {message}"))

    tag = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
    by_instrument: dict[str, list[tuple[_Row, str]]] = {}
    sources: dict[str, Source] = {}
    for row in rows:
        v = row.values
        ok = True
        for column in ("instrument", "kind", "party", "source", "quote"):
            if not v.get(column):
                bad(row, column, f"is empty; give the {column.replace('_', ' ')}"
                    + (" (every instrument row names the source that states it and quotes it)"
                       if column in ("source", "quote") else ""))
                ok = False
        if v.get("kind") and v["kind"].lower() not in _KINDS:
            bad(row, "kind", f"{v['kind']!r} is not a kind; use {', '.join(_KINDS)}")
            ok = False
        if v.get("status") and v["status"].lower() not in _STATUSES:
            bad(row, "status", f"{v['status']!r} is not a status; use {', '.join(_STATUSES)} (or leave it empty: signed)")
            ok = False
        code = ""
        if v.get("party"):
            code = v["party"] if is_iso3(v["party"]) else (country_code(v["party"]) or "")
            if not code:
                bad(row, "party", f"{v['party']!r} is not a known country; give its ISO 3166 alpha-3 code (e.g. THA)")
                ok = False
        dates: dict[str, str] = {}
        for column in ("signed", "bound_from", "until"):
            if v.get(column):
                try:
                    dates[column] = check_partial_date(v[column])
                except ValueError as exc:
                    bad(row, column, str(exc))
                    ok = False
        if "signed" in dates and "bound_from" in dates and date_bounds(dates["bound_from"])[1] < date_bounds(dates["signed"])[0]:
            bad(row, "bound_from", f"{dates['bound_from']} is before the signature ({dates['signed']}); "
                "a party is bound from its signature at the earliest: check both dates")
            ok = False
        if "until" in dates and "bound_from" in dates and date_bounds(dates["until"])[1] < date_bounds(dates["bound_from"])[0]:
            bad(row, "until", f"{dates['until']} is before bound_from ({dates['bound_from']}); check both dates")
            ok = False
        if "until" in dates and "bound_from" not in dates:
            bad(row, "until", "an end date for a party that is not bound (bound_from is empty); "
                "give bound_from, or leave until empty")
            ok = False
        status = (v.get("status") or "signed").lower()
        if status != "signed" and "bound_from" in dates:
            bad(row, "bound_from", f"an instrument that is {status} binds nobody yet; leave bound_from empty "
                "or set status to signed")
            ok = False
        if not ok:
            continue
        by_instrument.setdefault(v["instrument"], []).append((row, code))

    facts = SeedFacts(files=[name])
    parties_total = 0
    by_kind: dict[str, int] = dict.fromkeys(_KINDS, 0)
    for title, items in by_instrument.items():
        first = items[0][0]
        kind, status = first.values["kind"].lower(), (first.values.get("status") or "signed").lower()
        seen: dict[str, int] = {}
        terms: list[PartyTerm] = []
        evidence: list[Evidence] = []
        signed: list[str] = []
        ok = True
        for row, code in items:
            v = row.values
            if v["kind"].lower() != kind:
                bad(row, "kind", f"{v['kind']!r} differs from row {first.line} ({kind}) for {title!r}; "
                    "one instrument has one kind")
                ok = False
            if (v.get("status") or "signed").lower() != status:
                bad(row, "status", f"{v.get('status') or 'signed'!r} differs from row {first.line} ({status}) for "
                    f"{title!r}; one instrument has one status")
                ok = False
            if code in seen:
                bad(row, "party", f"{code} is already a party of {title!r} on row {seen[code]}; "
                    "list each party once per instrument")
                ok = False
                continue
            seen[code] = row.line
            sid = f"source:user-{tag}-{hashlib.sha1(v['source'].encode()).hexdigest()[:10]}"
            src = sources.get(sid)
            excerpt = v["quote"] if src is None else f"{src.excerpt}\n\n{v['quote']}"
            try:
                sources[sid] = Source(
                    id=sid, title=v["source"], kind="reference", publisher=f"cited in {path.name}",
                    url=v.get("url") or (src.url if src else None), excerpt=excerpt,
                )
                ev = Evidence(source=sid, quote=v["quote"], locator=f"{path.name}, row {row.line}")
                terms.append(PartyTerm(
                    party=code, signed=v.get("signed") or None, since=v.get("bound_from") or None,
                    until=v.get("until") or None, bound=bool(v.get("bound_from")), evidence=[ev],
                ))
            except ValidationError as exc:
                for err in exc.errors():
                    field = str(err["loc"][0]) if err["loc"] else "quote"
                    column = {"since": "bound_from", "excerpt": "quote", "title": "source"}.get(field, field)
                    msg = str(err["msg"]).removeprefix("Value error, ")
                    if column in col:
                        bad(row, column, msg)
                    else:
                        problems.append(Problem(name, row.line, msg))
                ok = False
                continue
            evidence.append(ev)
            if v.get("signed"):
                signed.append(v["signed"])
        if not ok:
            continue
        if len(seen) < 2 or (kind == "bilateral" and len(seen) != 2):
            want = "exactly two parties" if kind == "bilateral" else "at least two parties"
            bad(first, "party", f"{title!r} has {len(seen)} part{'y' if len(seen) == 1 else 'ies'}; a {kind} "
                f"instrument needs {want} (one row per party)")
            continue
        aid = f"agreement:user-{tag}-{slug(title)[:60]}"
        try:
            fact = Agreement(
                id=aid, title=title, kind=kind, status=status, parties=list(seen),  # type: ignore[arg-type]
                date=min(signed, key=lambda d: date_bounds(d)[0]) if signed else None,
                party_terms=terms, evidence=evidence,
            )
        except ValidationError as exc:
            for err in exc.errors():
                bad(first, "instrument", str(err["msg"]).removeprefix("Value error, "))
            continue
        facts.items.append(Located("agreements", fact, name, first.line, None))
        parties_total += len(seen)
        by_kind[kind] += 1
    if problems:  # one problem per bad row, naming each column that is wrong
        per_row: dict[int, list[str]] = {}
        for p in problems:
            per_row.setdefault(p.line, []).append(p.message)
        raise SourceValidationError([Problem(name, line, "; ".join(dict.fromkeys(m))) for line, m in per_row.items()])
    if not facts.items:
        raise SourceValidationError([Problem(name, 0, f"no instrument rows under the header; {_HINT}")])
    for src in sources.values():
        facts.items.insert(0, Located("sources", src, name, 1, None))
    batch = seed_batch(facts, name=f"instruments:{path.resolve()}")
    summary: dict[str, Any] = {
        "file": name,
        "rows": len(rows),
        "instruments": sum(by_kind.values()),
        "parties": parties_total,
        "by_kind": by_kind,
        "unmapped": [],
    }
    return batch, summary
