"""UN Treaty Collection participants tables (UNTOC and its Protocols) into one Agreement.

A user exports the "Participants" table from a treaty's status page on
treaties.un.org (chapter XVIII: XVIII-12 UNTOC, XVIII-12-a the Trafficking in
Persons Protocol, XVIII-12-b the Smuggling of Migrants Protocol) and imports it
with ``ctgraph import untc FILE --treaty XVIII-12-a``. :func:`read_untc` turns it
into one batch named after the treaty (``untc-XVIII-12-a``), so importing a newer
table of the same treaty replaces all its parties.

What the table looks like (both variants are read):

- ``;``-separated (with a trailing ``ATTR_ENDPOINT`` column) or ``,``-separated;
  header ``Participant``, ``Signature``, ``Ratification, Acceptance(A), ...``.
- Names carry UNTC footnote numbers: ``China 1``, ``Ukraine 6, 7`` (kept as
  ``footnotes``; the footnote texts are not in the export).
- Dates read ``12 Dec 2000``; the consent date carries its type as a suffix:
  ``a`` accession, ``A`` acceptance, ``AA`` approval, ``d`` succession, none =
  ratification.

What becomes what:

- One Agreement ``agreement:untc-xviii-12-a`` (kind ``multilateral``, status
  ``signed``, ``in_force``, ``treaty``), with EVIDENCE of its entry into force.
- One PARTY per participant, props ``signed``, ``consent``, ``consent_type``,
  ``since``, ``source``, ``quote`` (the file row, verbatim), ``locator`` (``row N``,
  the file line; header = line 1), ``footnotes`` and ``name_as_written``.
  ``since`` (bound from) is the treaty's entry into force, or the 30th day after
  the participant's deposit if that is later (UNTOC art. 38(2), TIP Protocol
  art. 17(2), Smuggling Protocol art. 22(2)). A succession is dated the same way
  (the export does not give the date from which a successor state is bound, so
  nothing earlier is claimed).
- A participant that only signed gets a PARTY with ``signed`` and ``bound:
  false`` and no ``since``: a signatory is not bound, and coverage must not
  count it.
- The European Union is a PARTY to ``region:eu`` with ``members_bound: false``:
  it binds no member state (and so no country pair) by itself.
- Participant names go through the one name layer (:mod:`ingest.country_names`);
  a name it knows as a non-country (a former state, a territory without an ISO
  code) is left out and listed in the summary's ``unmapped``; a name it does not
  know at all is an error (add it to ``ingest/country_aliases.csv``).

Bad input (not a UNTC table, an unknown participant, an impossible date, a
short row, a participant twice) raises one :class:`SourceValidationError` whose
first line names the file, the line and the column; nothing is returned.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.errors import CtgraphError, Problem, SourceValidationError
from ctgraph.ingest.country_names import resolve_name
from ctgraph.ingest.datasets import _decode, country_node

__all__ = ["Treaty", "TREATIES", "read_untc", "parse_untc_date", "split_footnotes", "bound_from"]


@dataclass(frozen=True)
class Treaty:
    """What ctgraph knows about a UNTC treaty: its title, entry into force and where that is said."""

    code: str
    title: str
    short: str
    adopted: str
    in_force: str
    article: str
    source_quote: str

    @property
    def agreement_id(self) -> str:
        return f"agreement:untc-{self.code.lower()}"

    @property
    def source_id(self) -> str:
        return f"source:untc-{self.code.lower()}"

    @property
    def url(self) -> str:
        return f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={self.code}&chapter=18"


#: The UN Audiovisual Library of International Law's introductory note on UNTOC
#: (legal.un.org/avl/ha/unctoc/unctoc.html), verbatim: the entry-into-force dates.
AVL_SOURCE_ID = "source:un-avl-untoc"
AVL_URL = "https://legal.un.org/avl/ha/unctoc/unctoc.html"
AVL_EXCERPT = (
    "The United Nations Convention Against Transnational Organized crime entered into force on 29 September "
    "2003, on the ninetieth day after the date of deposit of the fortieth instrument of ratification, "
    "acceptance, approval or accession, in accordance with its article 38. With each protocol requiring the "
    "same number of parties for entry into force, the Protocol to Prevent, Suppress and Punish Trafficking "
    "in Persons, Especially Women and Children, entered into force on 25 of December 2003; the Protocol "
    "against the Smuggling of Migrants by Land, Sea and Air, entered into force on 28 January 2004; and the "
    "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components "
    "and Ammunition, entered into force on 3 July 2005."
)

TREATIES: dict[str, Treaty] = {
    t.code: t
    for t in (
        Treaty(
            "XVIII-12",
            "United Nations Convention against Transnational Organized Crime",
            "UNTOC",
            "2000-11-15",
            "2003-09-29",
            "article 38(2)",
            "The United Nations Convention Against Transnational Organized crime entered into force on 29 September 2003",
        ),
        Treaty(
            "XVIII-12-a",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
            "supplementing the United Nations Convention against Transnational Organized Crime",
            "UN Trafficking in Persons Protocol",
            "2000-11-15",
            "2003-12-25",
            "article 17(2)",
            "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
            "entered into force on 25 of December 2003",
        ),
        Treaty(
            "XVIII-12-b",
            "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations "
            "Convention against Transnational Organized Crime",
            "UN Smuggling of Migrants Protocol",
            "2000-11-15",
            "2004-01-28",
            "article 22(2)",
            "the Protocol against the Smuggling of Migrants by Land, Sea and Air, entered into force on 28 January 2004",
        ),
    )
}

_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_DATE = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})(?: (a|A|AA|d))?$")
_CONSENT = {None: "ratification", "a": "accession", "A": "acceptance", "AA": "approval", "d": "succession"}
_FOOTNOTES = re.compile(r"^(.*?[^\d\s,])\s+(\d+(?:\s*,\s*\d+)*)$")
_EU = "european union"
EU_REGION = NodeRecord("Region", "region:eu", {"name": "European Union (EU)", "kind": "bloc"})


def parse_untc_date(text: str, suffix_allowed: bool = True) -> tuple[date, str | None]:
    """A UNTC date (``12 Dec 2000``) and its consent-type suffix (``None`` when absent).

    Raises ``ValueError`` saying what is wrong.

    Examples
    --------
    >>> parse_untc_date("8 Feb 2010 a")
    (datetime.date(2010, 2, 8), 'accession')
    >>> parse_untc_date("29 Oct 2002")
    (datetime.date(2002, 10, 29), None)
    >>> parse_untc_date("31 Feb 2002")
    Traceback (most recent call last):
    ...
    ValueError: '31 Feb 2002' is not a real date (day is out of range for month)
    """
    m = _DATE.match(" ".join(text.split()))
    if not m or m[2].title() not in _MONTHS:
        raise ValueError(
            f"{text!r} is not a UNTC date: expected e.g. '12 Dec 2000'"
            + (", optionally followed by a, A, AA or d" if suffix_allowed else "")
        )
    if m[4] and not suffix_allowed:
        raise ValueError(f"{text!r}: a signature date takes no consent-type suffix")
    try:
        d = date(int(m[3]), _MONTHS[m[2].title()], int(m[1]))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return d, (_CONSENT[m[4]] if m[4] else None)


def split_footnotes(name: str) -> tuple[str, list[int]]:
    """A participant name without its UNTC footnote numbers, and the numbers.

    Examples
    --------
    >>> split_footnotes("Ukraine 6, 7"), split_footnotes("China 1"), split_footnotes("Albania")
    (('Ukraine', [6, 7]), ('China', [1]), ('Albania', []))
    """
    clean = " ".join(name.split())
    m = _FOOTNOTES.match(clean)
    if not m:
        return clean, []
    return m[1].strip(), [int(x) for x in re.split(r"\s*,\s*", m[2])]


def bound_from(treaty: Treaty, consent: date) -> date:
    """The date from which a participant is bound: entry into force, or the 30th day after its deposit.

    Examples
    --------
    >>> t = TREATIES["XVIII-12-a"]
    >>> bound_from(t, date(2010, 2, 8)), bound_from(t, date(2002, 10, 29))
    (datetime.date(2010, 3, 10), datetime.date(2003, 12, 25))
    """
    return max(date.fromisoformat(treaty.in_force), consent + timedelta(days=30))


def _not_untc(path: Path, header: list[str], why: str) -> SourceValidationError:
    shown = ", ".join(repr(h) for h in header[:4]) or "(empty)"
    return SourceValidationError(
        [
            Problem(
                str(path),
                1,
                f"header: not a UN Treaty Collection participants table ({why}; found {shown}); "
                "export the 'Participants' table of the treaty's status page on treaties.un.org as CSV "
                "(columns Participant, Signature, Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d))",
            )
        ]
    )


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str], str]]]:
    """Header and (line, fields, raw line) of every row; the delimiter is sniffed from the header."""
    if not path.is_file():
        raise CtgraphError(f"{path}: no such file; give the path of the UNTC participants table (CSV)")
    text = _decode(path, path.read_bytes())
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.split(";")[0].strip().lower() == "participant" and first.count(";") >= 2 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise SourceValidationError([Problem(str(path), 1, f"header: CSV syntax error ({exc})")]) from None
    if len(header) < 3:
        raise _not_untc(path, header, "fewer than three columns")
    if header[0].lower() != "participant" or header[1].lower() != "signature" or not header[2].lower().startswith(
        ("ratification", "accession", "acceptance", "approval", "consent")
    ):
        raise _not_untc(path, header, "the first three columns must be Participant, Signature and the consent date")
    rows: list[tuple[int, list[str], str]] = []
    problems: list[Problem] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(str(path), reader.line_num, f"CSV syntax error ({exc}); re-export the table"))
            break
        if not row or not any(f.strip() for f in row):
            continue
        line = reader.line_num
        rows.append((line, row, lines[line - 1] if line - 1 < len(lines) else delimiter.join(row)))
    if problems:
        raise SourceValidationError(problems)
    return header, rows


def read_untc(path: Path, treaty: str, progress: bool = True) -> tuple[GraphBatch, dict[str, Any]]:
    """Read a UNTC participants table of ``treaty`` into its batch and a summary (see module docstring).

    The summary has ``treaty``, ``file``, ``rows``, ``parties`` (bound),
    ``signed_only``, ``european_union``, ``newest_entry`` and ``unmapped``
    (``{"name", "kind", "rows"}`` for names the name layer knows as non-countries).
    """
    if treaty not in TREATIES:
        raise CtgraphError(f"unknown treaty {treaty!r}: use one of {', '.join(TREATIES)}")
    t = TREATIES[treaty]
    path = Path(path)
    name = str(path)
    header, rows = _read_table(path)
    problems: list[Problem] = []
    parties: dict[str, tuple[int, dict[str, PropValue]]] = {}
    unmapped: dict[tuple[str, str], int] = {}
    newest: date | None = None
    for line, row, raw in tqdm(rows, desc=f"UNTC {treaty} rows", unit="row", disable=None if progress else True,
                               leave=False):
        if len(row) < 3:
            problems.append(
                Problem(name, line, f"column {len(row) + 1} ({header[len(row)]!r}) and after are missing: the row "
                        f"has {len(row)} field(s), a participants row needs at least 3; the file may be truncated")
            )
            continue
        written, footnotes = split_footnotes(row[0])
        if not written:
            problems.append(Problem(name, line, f"column 1 ({header[0]!r}): empty participant name"))
            continue
        dates: dict[str, tuple[date, str | None]] = {}
        for col, key in ((1, "signed"), (2, "consent")):
            value = row[col].strip()
            if not value:
                continue
            try:
                dates[key] = parse_untc_date(value, suffix_allowed=(col == 2))
            except ValueError as exc:
                problems.append(Problem(name, line, f"column {col + 1} ({header[col]!r}): {exc}"))
        if len(dates) < sum(1 for c in (1, 2) if row[c].strip()):
            continue
        if not dates:
            problems.append(
                Problem(name, line, f"columns 2-3: {written!r} has neither a signature nor a consent date; "
                        "a participants row has at least one")
            )
            continue
        if written.casefold() == _EU:
            ref = EU_REGION.id
        else:
            m = resolve_name(written)
            if m is None:
                problems.append(
                    Problem(name, line, f"column 1 ({header[0]!r}): unknown participant name {written!r}; add it to "
                            "ingest/country_aliases.csv as 'name,country,ISO3,note' (or correct the spelling)")
                )
                continue
            if m.iso3 is None or m.kind not in ("country",):
                unmapped[(written, m.kind)] = unmapped.get((written, m.kind), 0) + 1
                continue
            ref = m.iso3
        if ref in parties:
            problems.append(
                Problem(name, line, f"column 1 ({header[0]!r}): {written!r} is the same participant as row "
                        f"{parties[ref][0]}; keep one row per participant")
            )
            continue
        props: dict[str, PropValue] = {
            "name_as_written": row[0].strip(),
            "source": t.source_id,
            "quote": raw.strip(),
            "locator": f"row {line}",
        }
        if footnotes:
            props["footnotes"] = footnotes
        if "signed" in dates:
            props["signed"] = dates["signed"][0].isoformat()
        if "consent" in dates:
            consent, kind = dates["consent"]
            props["consent"] = consent.isoformat()
            props["consent_type"] = kind or "ratification"
            props["since"] = bound_from(t, consent).isoformat()
        else:
            props["bound"] = False
        if ref == EU_REGION.id:
            props["members_bound"] = False
        for d, _ in dates.values():
            newest = d if newest is None or d > newest else newest
        parties[ref] = (line, props)
    if problems:
        raise SourceValidationError(problems)
    if not parties:
        raise SourceValidationError([Problem(name, 2, "the table has no participant rows; export it again")])

    retrieved = newest.isoformat() if newest else None
    nodes: list[NodeRecord] = [
        NodeRecord(
            "Source",
            t.source_id,
            {
                "title": f"UN Treaty Collection, status of treaty {t.code}: {t.short} (participants table)",
                "kind": "dataset",
                "publisher": "United Nations, Office of Legal Affairs (Treaty Section), UN Treaty Collection",
                "url": t.url,
                "citation": (
                    f"United Nations Treaty Collection, Chapter XVIII, {t.code}, {t.title}: status (participants). "
                    f"Imported from the exported table {path.name}."
                ),
                "retrieval": (
                    f"Participants table exported from the UNTC status page and imported from {path.name}; "
                    "the export carries no date of its own: 'date' is its newest entry (the table is at "
                    "least as recent)."
                ),
                **({"date": retrieved} if retrieved else {}),
            },
        ),
        NodeRecord(
            "Source",
            AVL_SOURCE_ID,
            {
                "title": "United Nations Convention against Transnational Organized Crimes (with protocols): introductory note",
                "kind": "reference",
                "publisher": "United Nations Audiovisual Library of International Law (Codification Division, OLA)",
                "url": AVL_URL,
                "excerpt": AVL_EXCERPT,
            },
        ),
        NodeRecord(
            "Agreement",
            t.agreement_id,
            {
                "title": t.title,
                "short_title": t.short,
                "kind": "multilateral",
                "status": "signed",
                "date": t.adopted,
                "in_force": t.in_force,
                "treaty": t.code,
                "note": (
                    f"Parties are bound from the entry into force ({t.in_force}) or the 30th day after their "
                    f"deposit, whichever is later ({t.article}); signatories that did not consent are not bound."
                ),
            },
        ),
    ]
    rels: list[RelRecord] = [
        RelRecord("EVIDENCE", t.agreement_id, AVL_SOURCE_ID, "0", {"quote": t.source_quote, "locator": "introductory note ¶1"}),
        RelRecord("STATUS", t.agreement_id, AVL_SOURCE_ID, "0",
                  {"status": "signed", "date": t.in_force, "quote": t.source_quote, "locator": "introductory note ¶1"}),
    ]
    refs = sorted(parties, key=lambda r: parties[r][0])
    for ref in refs:
        nodes.append(EU_REGION if ref == EU_REGION.id else country_node(ref))
        rels.append(RelRecord("PARTY", t.agreement_id, ref, "", parties[ref][1]))
    batch = GraphBatch(name=f"untc-{t.code}", nodes=nodes, rels=rels, shared=frozenset({EU_REGION.id}))
    summary: dict[str, Any] = {
        "treaty": t.code,
        "agreement": t.agreement_id,
        "file": name,
        "rows": len(rows),
        "parties": sum(1 for r in refs if parties[r][1].get("bound", True) and r != EU_REGION.id),
        "signed_only": sorted(r for r in refs if parties[r][1].get("bound") is False),
        "european_union": EU_REGION.id in parties,
        "bound_after_entry_into_force": sum(1 for r in refs if str(parties[r][1].get("since", "")) > t.in_force),
        "newest_entry": retrieved,
        "unmapped": [{"name": n, "kind": k, "rows": c} for (n, k), c in sorted(unmapped.items())],
    }
    return batch, summary
