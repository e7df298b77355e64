"""Statistical data sets (UNODC GLOTIP, CTDC): shared reading and the import entry point.

:func:`ingest.registry.import_dataset` reads one file completely, checks it and turns it into
one :class:`~graph.batch.GraphBatch` (named after the data set, so importing
again replaces it) plus a JSON-ready summary. Nothing is returned, and so
nothing is loaded, when the file is not what it claims to be: every defect
is collected and raised as one :class:`~graph.errors.SourceValidationError`
whose first line names the file, the line and the column and says how to fix
it.

Row numbers in locators and messages are the file's line numbers (the header
is line 1), so "rows 12-15, 20" opens at the same place in an editor and in a
spreadsheet.

Dataset flows are ``Flow`` nodes with the props that
:func:`graph.analysis.routes` reads for corroboration: ``dataset`` (the Source
id), ``victims_count`` (sum of published counts), ``suppressed_cells``,
``year_first``, ``year_last`` and the parallel lists ``years``,
``year_victims``, ``year_suppressed``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tqdm import tqdm

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.countries import country_name
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.files import read_input

__all__ = [
    "DatasetKind",
    "DatasetSource",
    "GLOTIP_SOURCE",
    "CTDC_SOURCE",
    "HEADERS",
    "read_rows",
    "row_ranges",
    "FlowTally",
    "flow_batch_records",
    "country_node",
    "source_node",
    "Unmapped",
    "slug",
    "MAX_DATASET_BYTES",
    "FIELD_LIMIT",
    "no_country_problem",
]

DatasetKind = Literal["glotip", "ctdc"]


@dataclass(frozen=True)
class DatasetSource:
    """The Source node of a data set (its provenance in the graph)."""

    id: str
    title: str
    publisher: str
    date: str
    citation: str
    url: str
    terms: str
    short_title: str = ""

    def props(self) -> dict[str, PropValue]:
        return {
            "title": self.title,
            **({"short_title": self.short_title} if self.short_title else {}),
            "kind": "dataset",
            "publisher": self.publisher,
            "date": self.date,
            "citation": self.citation,
            "url": self.url,
            "terms": self.terms,
            "language": "en",  # headings, labels and terms as published (English)
        }


GLOTIP_SOURCE = DatasetSource(
    short_title="UNODC GLOTIP",
    id="source:unodc-glotip-2025",
    title="UNODC Global Report on Trafficking in Persons (GLOTIP) data, 2003-2022",
    publisher="United Nations Office on Drugs and Crime (UNODC)",
    date="2025-04-14",
    citation=(
        "UNODC, Global Report on Trafficking in Persons data (GLOTIP), release of "
        "14/04/2025, years 2003-2022, dataunodc.un.org."
    ),
    url="https://dataunodc.un.org/",
    terms="Cite UNODC as the source. Counts below 5 are published as '<5' (suppressed).",
)

CTDC_SOURCE = DatasetSource(
    short_title="IOM CTDC",
    id="source:ctdc-global-2020",
    title="Counter Trafficking Data Collaborative (CTDC) Global Dataset, record level",
    publisher="International Organization for Migration (IOM), Counter Trafficking Data Collaborative",
    date="2020-04-14",
    citation=(
        "Counter Trafficking Data Collaborative (CTDC), Global Dataset, release of "
        "14 April 2020, IOM; ctdatacollaborative.org."
    ),
    url="https://www.ctdatacollaborative.org/",
    terms=(
        "Attribution required; re-identification prohibited. The data is k-anonymised "
        "and not a representative sample of all victims."
    ),
)

#: The columns each reader needs (a file may have more; these must be present).
HEADERS: dict[str, tuple[str, ...]] = {
    "glotip": (
        "Iso3_code", "Country", "Indicator", "Dimension", "Category",
        "Sex", "Age", "Year", "Unit of measurement", "txtVALUE",
    ),
    "ctdc": (
        "yearOfRegistration", "gender", "ageBroad", "citizenship",
        "isForcedLabour", "isSexualExploit", "CountryOfExploitation",
    ),
}
_LABEL = {"glotip": "GLOTIP", "ctdc": "CTDC"}


# --------------------------------------------------------------------------- reading

#: Largest data set file read (GLOTIP 2025 is 7.7 MB, CTDC 2020 4 MB): a bigger
#: file is refused with this limit named rather than read into memory.
MAX_DATASET_BYTES = 256 * 1024 * 1024
#: Longest value in one CSV field, in characters (the longest in GLOTIP and
#: CTDC is 63). Set as ``csv.field_size_limit`` while a data set is parsed, so
#: an unclosed quote or a file that is not CSV stops at a clear limit.
FIELD_LIMIT = 10_000

# C0 controls but tab, newline and carriage return (NUL included), and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars (|)"}


_BREAK = re.compile(r"\r\n|\r|\n")


def _split_fields(line: str) -> list[str]:
    """The comma-separated fields of one line, quotes respected; never raises.

    Examples
    --------
    >>> _split_fields('a,"b,c",d')
    ['a', 'b,c', 'd']
    """
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _locate(text: str, pos: int) -> tuple[int, int, str]:
    """(line, column, " ('Name')") of character ``pos``; the column is the CSV field it falls in.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``, as the CSV reader counts them.
    """
    before = _BREAK.split(text[:pos])
    line = len(before)
    column = len(_split_fields(before[-1]))
    header = _split_fields(_BREAK.split(text, maxsplit=1)[0])
    ok = 0 < column <= len(header) and line > 1 and "\ufffd" not in header[column - 1]
    name = f" ({header[column - 1].strip()!r})" if ok else ""
    return line, column, name


def _decode(path: Path, data: bytes) -> str:
    """The file as text; a precise problem when it is not UTF-8 CSV."""
    name = str(path)

    def refuse(line: int, message: str) -> SourceValidationError:
        return SourceValidationError([Problem(name, line, message)])

    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refuse(1, "this is a spreadsheet (xlsx/xls), not CSV; save it as 'CSV UTF-8' and import the CSV")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0] and data[2]):
        raise refuse(1, "column 1: the file is UTF-16 text, not UTF-8; save it as 'CSV UTF-8' and import that")
    nul = data.find(b"\x00")
    if nul >= 0:
        prefix = data[:nul].decode("utf-8", errors="replace")
        line, column, col = _locate(prefix, len(prefix))
        raise refuse(
            line,
            f"column {column}{col}: NUL byte: the file is binary (or UTF-16), not CSV text; "
            "save it as 'CSV UTF-8' and import that",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line, column, col = _locate(prefix, len(prefix))
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise refuse(
            line,
            f"column {column}{col}: byte 0x{bad} is not UTF-8 text; "
            "the file is in another encoding (e.g. Latin-1): re-save it as UTF-8",
        ) from None
    bom = text.find("\ufeff")
    if bom >= 0:
        line, column, col = _locate(text, bom)
        raise refuse(
            line,
            f"column {column}{col}: a byte-order mark (U+FEFF) inside the file, as when two files are "
            "joined; remove it (or import the files one by one)",
        )
    ctrl = _CONTROL.search(text)
    if ctrl:
        line, column, col = _locate(text, ctrl.start())
        raise refuse(
            line,
            f"column {column}{col}: control character U+{ord(ctrl.group()):04X} in a value; "
            "a CSV export holds plain text: remove it",
        )
    return text


class _Lines:
    """The file's physical lines, keeping those of the record being parsed (for error columns)."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


def _long_field(raw: str, limit: int) -> tuple[int, int]:
    """(line offset within ``raw``, column) of the first field longer than ``limit`` characters.

    Examples
    --------
    >>> _long_field('a,"bbbbbb\\nbb', 5)
    (0, 2)
    """
    column, length, quoted, line, start_line = 1, 0, False, 0, 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quoted:
            if ch == '"' and raw[i + 1 : i + 2] == '"':
                length += 1
                i += 1
            elif ch == '"':
                quoted = False
            else:
                length += 1
        elif ch == '"' and length == 0:
            quoted = True
        elif ch == ",":
            column, length, start_line = column + 1, 0, line
        elif ch not in "\r\n":
            length += 1
        if ch == "\n":
            line += 1
        if length > limit:
            return start_line, column
        i += 1
    return start_line, column


def _quote_problem(raw: str) -> tuple[int, int]:
    r"""(line offset within ``raw``, column) of the first quoted value that is broken:
    text right after its closing quote, or a quote that never closes.

    Examples
    --------
    >>> _quote_problem('FRA,"France,Europe\nDEU,x')
    (0, 2)
    >>> _quote_problem('a,"b ""c"" d",e,"f\ng')
    (0, 4)
    >>> _quote_problem('a,b,"c"d,e')
    (0, 3)
    """
    column, line, at = 1, 0, (0, 1)
    quoted = closed = False
    fresh = True
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quoted:
            if ch == '"' and raw[i + 1 : i + 2] == '"':
                i += 1
            elif ch == '"':
                quoted, closed = False, True
            elif ch == "\n":
                line += 1
            i += 1
            continue
        if closed and ch not in ",\r\n":
            return at
        closed = False
        if ch == '"' and fresh:
            quoted, at, fresh = True, (line, column), False
        elif ch == ",":
            column, fresh = column + 1, True
        elif ch in "\r\n":
            column, fresh = 1, True
            line += ch == "\n"
        else:
            fresh = False
        i += 1
    return at


def _next_row(reader: Any) -> list[str]:
    """The next CSV record, parsed with the data set field limit (the global limit is restored)."""
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        row: list[str] = next(reader)
        return row
    finally:
        csv.field_size_limit(old)


#: The first bytes of an .xlsx workbook (a zip archive).
XLSX_MAGIC = b"PK\x03\x04"
#: How many rows above the header a published workbook may have (GLOTIP's has two banner rows).
XLSX_HEADER_SEARCH = 30


def _cell_text(value: Any) -> str:
    """A workbook cell as the text the CSV export would hold: 2019.0 -> "2019", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path, data: bytes, dataset: DatasetKind) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows of a workbook as published (``data_glotip.xlsx``: banner rows, then
    the header): the first sheet holding a row with every column of ``HEADERS[dataset]``
    within its first :data:`XLSX_HEADER_SEARCH` rows; line numbers are the sheet's row numbers."""
    from openpyxl import load_workbook

    name, label, expected = str(path), _LABEL[dataset], HEADERS[dataset]
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that is no workbook, a damaged file: one line naming it
        raise SourceValidationError([Problem(
            name, 1, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); download the {label} file "
            "again (`ctgraph data` gives its address) or save it as 'CSV UTF-8' and import the CSV")]) from None
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            for number, values in enumerate(rows, start=1):
                if number > XLSX_HEADER_SEARCH:
                    break
                header = [_cell_text(v).strip() for v in values]
                if not all(c in header for c in expected):
                    continue
                index = {c: header.index(c) for c in expected}
                found = 0
                for line, cells in enumerate(rows, start=number + 1):
                    texts = [_cell_text(v) for v in cells]
                    if not any(t.strip() for t in texts):
                        continue
                    texts += [""] * (len(header) - len(texts))
                    found += 1
                    yield line, {c: texts[i] for c, i in index.items()}
                if not found:
                    raise SourceValidationError([Problem(
                        name, number, f"sheet {sheet.title!r}: a {label} header but no data row under it")])
                return
        other = next((k for k, cols in HEADERS.items() if k != dataset), None)
        raise SourceValidationError([Problem(
            name, 1, f"not a {label} workbook: no sheet has a row with the columns {', '.join(expected)} among its "
            f"first {XLSX_HEADER_SEARCH} rows"
            + (f" (if it is {_LABEL[other]} data, import it with `ctgraph import {other} FILE`)" if other else "")
            + f"; `ctgraph data` names the {label} file to download")])
    finally:
        book.close()


def read_rows(  # noqa: C901
    path: Path, dataset: DatasetKind, progress: bool = False
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for every data row, the columns of ``HEADERS[dataset]`` by name.

    Raises :class:`SourceValidationError` for a file that is not this data
    set (not a regular file, too large, header, encoding, control
    characters) at once, and for ragged or truncated rows, CSV syntax errors,
    over-long fields and a file without data rows after reading everything
    (every problem collected). Values are returned as text, unchanged: "NA"
    stays "NA".
    """
    name = str(path)
    label = _LABEL[dataset]
    data = read_input(path, f"give the path of the {label} CSV file", MAX_DATASET_BYTES)
    if data[:4] == XLSX_MAGIC or path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, data, dataset)
        return
    text = _decode(path, data)
    del data
    expected = HEADERS[dataset]
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SourceValidationError([Problem(name, 1, f"header: CSV syntax error ({exc})")]) from None
    if not header or not any(h.strip() for h in header):
        raise SourceValidationError(
            [Problem(name, 1, f"empty file: expected a {label} CSV whose header has {', '.join(expected)}")]
        )
    header = [h.strip() for h in header]
    missing = [c for c in expected if c not in header]
    if missing:
        other = next(
            (k for k, cols in HEADERS.items() if k != dataset and all(c in header for c in cols)), None
        )
        delimiter = next((d for d in _DELIMITERS if len(header) == 1 and d in header[0]), None)
        if delimiter is not None:
            raise SourceValidationError(
                [
                    Problem(
                        name,
                        1,
                        f"column 1: the file is separated by {_DELIMITERS[delimiter]}, not commas; "
                        f"export it again as comma-separated CSV (CSV UTF-8) and import that",
                    )
                ]
            )
        hint = (
            f"this is a {_LABEL[other]} file: import it with `ctgraph import {other} FILE`"
            if other
            else f"expected a {label} CSV with the columns {', '.join(expected)}"
        )
        raise SourceValidationError(
            [Problem(name, 1, f"header: not a {label} file: missing column(s) {', '.join(missing)}; {hint}")]
        )
    dupes = sorted({c for c in expected if header.count(c) > 1})
    if dupes:
        raise SourceValidationError(
            [Problem(name, 1, f"header: column(s) {', '.join(dupes)} appear more than once; keep one of each")]
        )
    index = {c: header.index(c) for c in expected}
    width = len(header)
    problems: list[Problem] = []
    total_lines = text.count("\n")
    rows = 0
    bar = tqdm(
        total=max(total_lines - 1, 0),
        desc=f"{label} rows",
        unit="row",
        disable=None if progress else True,  # None: only when stderr is a terminal
        leave=False,
        mininterval=0.25,
    )
    try:
        while True:
            first_line = reader.line_num + 1
            lines.record = []
            try:
                row = _next_row(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    offset, column = _long_field("".join(lines.record), FIELD_LIMIT)
                    col = f" ({header[column - 1]!r})" if column <= width else ""
                    problems.append(
                        Problem(
                            name,
                            first_line + offset,
                            f"column {column}{col}: a value longer than {FIELD_LIMIT:,} characters, the limit "
                            f"for one field; this is not {label} data, or a quote is not closed: check this line",
                        )
                    )
                elif "unexpected end of data" in str(exc):
                    offset, column = _quote_problem("".join(lines.record))
                    col = f" ({header[column - 1]!r})" if column <= width else ""
                    problems.append(
                        Problem(
                            name,
                            first_line + offset,
                            f"column {column}{col}: a quoted value starts here and is never closed "
                            f"(CSV syntax error: {exc}); the file may be truncated or hold an unclosed quote: "
                            "re-export it",
                        )
                    )
                elif "expected after" in str(exc):
                    offset, column = _quote_problem("".join(lines.record))
                    col = f" ({header[column - 1]!r})" if column <= width else ""
                    problems.append(
                        Problem(
                            name,
                            first_line + offset,
                            f"column {column}{col}: text after the closing quote of a value (CSV syntax error: "
                            f"{exc}); quote the whole value and double any quote inside it (\"\")",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            name,
                            reader.line_num,
                            f"CSV syntax error ({exc}); the file may be truncated or hold an unclosed quote: "
                            "re-export it",
                        )
                    )
                break
            line = reader.line_num
            bar.update(1)
            if not row:
                continue
            if len(row) != width:
                if len(row) < width:
                    what = f"column {len(row) + 1} ({header[len(row)]!r}) and after are missing"
                else:
                    what = f"{len(row) - width} field(s) more than the header, from column {width + 1}"
                problems.append(
                    Problem(
                        name,
                        line,
                        f"row has {len(row)} fields, the header has {width}: {what}; "
                        "the file may be truncated, or a value holds an unquoted comma (quote it)",
                    )
                )
                continue
            rows += 1
            yield line, {c: row[i] for c, i in index.items()}
    finally:
        bar.close()
    if problems:
        raise SourceValidationError(problems)
    if rows == 0:
        raise SourceValidationError(
            [
                Problem(
                    name,
                    1,
                    f"header only: the file has no data rows; nothing was imported (an earlier {label} "
                    "import is kept): give a file with data rows",
                )
            ]
        )


def value_problem(path: Path, line: int, column: str, value: str, expected: str) -> Problem:
    """A problem naming the file, line, column and the value, with what would be valid."""
    shown = value if len(value) <= 40 else value[:37] + "..."
    return Problem(str(path), line, f"column {column}: {shown!r} is not {expected}")


# --------------------------------------------------------------------------- building


def row_ranges(lines: Iterable[int], limit: int = 40) -> str:
    """A locator for file lines: sorted, runs collapsed, at most ``limit`` runs.

    Examples
    --------
    >>> row_ranges([20, 12, 13, 14, 15])
    'rows 12-15, 20'
    >>> row_ranges([7])
    'row 7'
    >>> row_ranges([1, 3, 5, 7], limit=2)
    'rows 1, 3 and 2 more rows (4 rows in all)'
    """
    xs = sorted(set(lines))
    runs: list[tuple[int, int]] = []
    for x in xs:
        if runs and x == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    parts = [f"{a}-{b}" if a != b else f"{a}" for a, b in runs[:limit]]
    text = ", ".join(parts)
    if len(runs) > limit:
        shown = sum(b - a + 1 for a, b in runs[:limit])
        text += f" and {len(xs) - shown} more rows ({len(xs)} rows in all)"
    return ("rows " if len(xs) > 1 else "row ") + text


def slug(text: str) -> str:
    """An id-safe slug: lower-case ASCII letters, digits and '-'.

    Examples
    --------
    >>> slug("Other forms of exploitation"), slug("Côte d’Ivoire")
    ('other-forms-of-exploitation', 'cote-d-ivoire')
    """
    from ctgraph.graph.names import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("\ufffd", "-")).strip("-") or "x"


def country_node(iso3: str) -> NodeRecord:
    """The Country node for an alpha-3 code (same props as the seed writes)."""
    return NodeRecord("Country", iso3, {"iso3": iso3, "name": country_name(iso3)})


def source_node(src: DatasetSource) -> NodeRecord:
    return NodeRecord("Source", src.id, src.props())


@dataclass
class FlowTally:
    """What a data set says about one (origin, destination) pair, year by year.

    ``published`` sums published counts only; suppressed cells ("<5") are
    counted in ``suppressed``, never added as 0 or 5.
    """

    origin: str
    destination: str
    published: dict[int, int] = field(default_factory=dict)
    suppressed: dict[int, int] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, year: int | None, value: int | None, line: int) -> None:
        """One cell: a published count, or ``None`` for a suppressed one."""
        self.lines.append(line)
        if year is None:
            return
        self.published.setdefault(year, 0)
        self.suppressed.setdefault(year, 0)
        if value is None:
            self.suppressed[year] += 1
        else:
            self.published[year] += value

    def props(self, dataset: str, unknown_year: int = 0) -> dict[str, PropValue]:
        years = sorted(self.published)
        return {
            "dataset": dataset,
            "victims_count": sum(self.published.values()) + unknown_year,
            "suppressed_cells": sum(self.suppressed.values()),
            "year_first": years[0] if years else None,  # type: ignore[dict-item]
            "year_last": years[-1] if years else None,  # type: ignore[dict-item]
            "years": years,
            "year_victims": [self.published[y] for y in years],
            "year_suppressed": [self.suppressed[y] for y in years],
            "scope": "internal" if self.origin == self.destination else "cross_border",
        }


def flow_batch_records(
    flow_id: str,
    tally: FlowTally,
    props: dict[str, PropValue],
    source: DatasetSource,
    quote: str,
) -> tuple[NodeRecord, list[RelRecord]]:
    """A dataset Flow node, its FROM/TO rels and its EVIDENCE rel (quote and row locator)."""
    clean = {k: v for k, v in props.items() if v is not None}
    node = NodeRecord("Flow", flow_id, clean)
    rels = [
        RelRecord("FROM", flow_id, tally.origin),
        RelRecord("TO", flow_id, tally.destination),
        RelRecord("EVIDENCE", flow_id, source.id, "0", {"quote": quote, "locator": row_ranges(tally.lines)}),
    ]
    return node, rels


@dataclass
class Unmapped:
    """Names that could not be mapped to a country, with the rows they occur on."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str) -> None:
        self.rows[name] = self.rows.get(name, 0) + 1

    def as_list(self) -> list[dict[str, Any]]:
        return [{"name": n, "rows": c} for n, c in sorted(self.rows.items(), key=lambda x: (-x[1], x[0]))]


def pct(part: int, whole: int) -> float:
    """Percentage rounded to 2 decimals (0 when ``whole`` is 0).

    >>> pct(1, 3)
    33.33
    """
    return round(100.0 * part / whole, 2) if whole else 0.0


def make_batch(name: str, nodes: Sequence[NodeRecord], rels: Sequence[RelRecord]) -> GraphBatch:
    return GraphBatch(name=name, nodes=list(nodes), rels=list(rels))


def no_country_problem(path: Path, label: str, rows: int, unmapped: Unmapped, columns: str) -> SourceValidationError:
    """The refusal of a file none of whose rows maps to a country (before anything is loaded)."""
    names = unmapped.as_list()[:3]
    shown = ", ".join(f"{n['name'][:40]!r} ({n['rows']} row{'s' if n['rows'] != 1 else ''})" for n in names)
    not_mapped = f"; names not mapped: {shown}" if shown else ""
    return SourceValidationError(
        [
            Problem(
                str(path),
                2,
                f"no data row maps to a country ({rows} row{'s' if rows != 1 else ''} read{not_mapped}); "
                f"nothing was imported (an earlier {label} import is kept): check the columns {columns}",
            )
        ]
    )


# --------------------------------------------------------------------------- entry point
