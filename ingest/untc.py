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
- Participant names go through the one name layer (:mod:`graph.names`);
  a name it knows as a non-country (a former state, a territory without an ISO
  code) is left out and listed in the summary's ``unmapped``; a name it does not
  know at all is an error (add it to ``graph/country_aliases.csv``).

Bad input (not a UNTC table, an unknown participant, an impossible date, a
short row, a participant twice) raises one :class:`SourceValidationError` whose
first line names the file, the line and the column; nothing is returned. So do
tables that cannot be true of the treaty: a date before the treaty was adopted
or after today, a signature after the consent, no participant that is a state
(only the European Union, only names of former states or territories), or a
file whose own title (a line above the header, or a UNTC number in the file
name) names another treaty than ``--treaty``.

Replacing what is loaded (:func:`check_replacement`, run by ``ctgraph import``
before it loads): a table whose newest entry is older than that of the table of
the same treaty already loaded is refused unless the user says
``--replace-newer`` (an older export would silently unbind parties that joined
since); a table whose rows are, nearly all, the rows of *another* treaty loaded
in the store is refused as that treaty's table.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord
from ctgraph.graph.errors import CtgraphError, Problem, SourceValidationError
from ctgraph.graph.files import read_input
from ctgraph.graph.names import resolve_name
from ctgraph.graph.snapshot import Scope
from ctgraph.ingest.datasets import _decode, country_node

if TYPE_CHECKING:
    from ctgraph.graph.store import GraphStore

__all__ = [
    "Treaty", "TREATIES", "read_untc", "parse_untc_date", "split_footnotes", "bound_from", "treaty_named",
    "check_replacement", "MAX_UNTC_BYTES",
]

#: A participants table has at most a few hundred rows (about 20 kB); anything
#: far larger is not one.
MAX_UNTC_BYTES = 4 * 1024 * 1024


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


_CODE = re.compile(r"xviii[-_ ]?12(?:[-_ ]?([a-d]))?(?![a-z0-9])", re.IGNORECASE)
#: Words of a treaty's title that name it (checked in this order: a Protocol's
#: title also names the Convention it supplements).
_TITLE_WORDS = (
    ("firearms", "XVIII-12-c"),
    ("smuggling of migrants", "XVIII-12-b"),
    ("trafficking in persons", "XVIII-12-a"),
    ("transnational organized crime", "XVIII-12"),
)


def treaty_named(text: str, words: bool = True) -> str | None:
    """The UNTC number a title (or a file name) names: by number, else (``words``) by its title words.

    Examples
    --------
    >>> treaty_named("untc_XVIII-12-b_smuggling_protocol_2014.csv"), treaty_named("untc_XVIII-12_untoc_2014.csv")
    ('XVIII-12-b', 'XVIII-12')
    >>> treaty_named("12. a) Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women")
    'XVIII-12-a'
    >>> treaty_named("participants.csv") is None
    True
    """
    m = _CODE.search(text)
    if m:
        return "XVIII-12" + (f"-{m[1].lower()}" if m[1] else "")
    if words:
        folded = " ".join(text.split()).casefold()
        for key, code in _TITLE_WORDS:
            if key in folded:
                return code
    return None


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


def _title_lines(lines: list[str]) -> int:
    """How many lines above the header hold the treaty's title (0: the header is line 1)."""
    for i, line in enumerate(lines[:4]):
        cell = line.lstrip('"').split(";")[0].split(",")[0].strip().strip('"').lower()
        if cell == "participant":
            return i if i and all(treaty_named(x) or not x.strip(' ;,"') for x in lines[:i]) else 0
    return 0


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str], str]], str]:  # noqa: C901
    """Header, (line, fields, raw line) of every row and the title above the header (if any).

    The delimiter is sniffed from the header."""
    data = read_input(path, "give the path of the UNTC participants table (CSV)", MAX_UNTC_BYTES)
    text = _decode(path, data)
    lines = text.splitlines()
    skip = _title_lines(lines)
    title = " ".join(x.strip(' ;,"') for x in lines[:skip]).strip()
    first = lines[skip] if len(lines) > skip else ""
    delimiter = ";" if first.split(";")[0].strip().lower() == "participant" and first.count(";") >= 2 else ","
    # the title lines become empty lines: the reader skips them, and line numbers stay the file's
    body = "\n" * skip + "".join(io.StringIO(text, newline="").readlines()[skip:]) if skip else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in range(skip):
            next(reader, [])
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
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                problems.append(Problem(str(path), start, "a quoted value starts on this line and is never closed "
                                        "(CSV syntax error: unexpected end of data); the file may be truncated or "
                                        "hold an unclosed quote: re-export the table"))
            else:
                problems.append(Problem(str(path), reader.line_num, f"CSV syntax error ({exc}); re-export the table"))
            break
        if not row or not any(f.strip() for f in row):
            continue
        line = reader.line_num
        rows.append((line, row, lines[line - 1] if line - 1 < len(lines) else delimiter.join(row)))
    if problems:
        raise SourceValidationError(problems)
    return header, rows, title


def read_untc(path: Path, treaty: str, progress: bool = True) -> tuple[GraphBatch, dict[str, Any]]:  # noqa: C901
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
    header, rows, title = _read_table(path)
    for what, said in (("its title", treaty_named(title) if title else None),
                       ("its file name", treaty_named(path.name, words=False))):
        if said is not None and said != t.code:
            other = TREATIES[said].short if said in TREATIES else "a treaty ctgraph does not import"
            raise SourceValidationError([Problem(
                name, 1 if what == "its title" else 0,
                f"{what} names treaty {said} ({other}), not {t.code} ({t.short}) as --treaty says; import it "
                f"with --treaty {said}" + ("" if said in TREATIES else " (not supported)")
                + f", or give the table of {t.code}")])
    adopted = date.fromisoformat(t.adopted)
    today = date.today()
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
        impossible = False
        for col, key in ((1, "signed"), (2, "consent")):
            if key not in dates:
                continue
            d = dates[key][0]
            when = repr(" ".join(row[col].split()))
            if d < adopted:
                problems.append(Problem(name, line, (
                    f"column {col + 1} ({header[col]!r}): {when} is before the {t.short} was adopted "
                    f"({adopted.day} {adopted:%b} {adopted.year}): nobody could sign or join it then; correct the "
                    f"date, or check that this is the table of {t.code}")))
                impossible = True
            elif d > today:
                problems.append(Problem(name, line, (
                    f"column {col + 1} ({header[col]!r}): {when} is in the future; correct the date "
                    "(the table lists what has happened)")))
                impossible = True
        if impossible:
            continue
        if "signed" in dates and "consent" in dates and dates["signed"][0] > dates["consent"][0]:
            problems.append(Problem(name, line, (
                f"columns 2-3: {written!r} signed on {dates['signed'][0].isoformat()}, after its consent to be "
                f"bound on {dates['consent'][0].isoformat()}; a state signs before it ratifies (or joins without "
                "signing): correct the dates")))
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
                            "graph/country_aliases.csv as 'name,country,ISO3,note' (or correct the spelling)")
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
    if not parties and not unmapped:
        raise SourceValidationError([Problem(name, 2, "the table has no participant rows; export it again")])
    if not any(ref != EU_REGION.id for ref in parties):
        named = [f"{n} ({k.replace('_', ' ')})" for n, k in sorted(unmapped)]
        if EU_REGION.id in parties:
            named.insert(0, "the European Union (which binds no member state by itself)")
        raise SourceValidationError([Problem(name, 0, (
            f"no participant is a state: the table names only {', '.join(named[:3])}"
            + (f" and {len(named) - 3} more" if len(named) > 3 else "")
            + f"; importing it would leave {t.code} with no state party: export the whole participants table"))])

    retrieved = newest.isoformat() if newest else None
    nodes: list[NodeRecord] = [
        NodeRecord(
            "Source",
            t.source_id,
            {
                "title": f"UN Treaty Collection, status of treaty {t.code}: {t.short} (participants table)",
                "kind": "dataset",
                "language": "en",
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
                "language": "en",
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
    batch = GraphBatch(name=f"untc-{t.code}", nodes=nodes, rels=rels, shared=frozenset({EU_REGION.id, AVL_SOURCE_ID}))
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


#: A table whose rows are this share (or more) of another loaded treaty's rows is that treaty's table
#: (the real tables of two different treaties share at most 78% of their rows; two exports of one
#: treaty nine years apart, 88-96%).
SAME_TABLE_SHARE = 0.95
#: ... when it has at least this many participant rows (a tiny table proves nothing).
SAME_TABLE_MIN_ROWS = 10


def check_replacement(
    store: GraphStore, batch: GraphBatch, summary: dict[str, Any], replace_newer: bool = False
) -> None:
    """Refuse (one :class:`SourceValidationError` line) a table that must not replace what ``store`` holds.

    - Its newest entry is older than that of the table of the same treaty already
      loaded: importing it would silently unbind every party that joined since
      (unless ``replace_newer``).
    - Nearly all its rows (participant, signature, consent) are the rows of
      *another* treaty's table loaded in the store: it is that treaty's table,
      given the wrong ``--treaty``.
    """
    code = str(summary["treaty"])
    t = TREATIES[code]
    name = str(summary["file"])
    by_agreement = {tr.agreement_id: c for c, tr in TREATIES.items()}
    loaded: dict[str, dict[str, tuple[Any, Any]]] = {}
    G = store.snapshot(Scope.reference())  # a read only: no answer is computed (or kept) for this
    for agreement, treaty_code in by_agreement.items():
        if agreement in G:
            loaded[treaty_code] = {
                end: (d["props"].get("signed"), d["props"].get("consent"))
                for end, keyed in G.succ[agreement].items() for (rel, _k), d in keyed.items() if rel == "PARTY"
            }
    rows = {r.end: (r.props.get("signed"), r.props.get("consent")) for r in batch.rels if r.type == "PARTY"}

    def same(table: dict[str, tuple[Any, Any]]) -> int:
        return sum(1 for party, dates in rows.items() if table.get(party) == dates)

    if len(rows) >= SAME_TABLE_MIN_ROWS:
        for other, table in sorted(loaded.items()):
            n = same(table)
            if other != code and n >= SAME_TABLE_SHARE * len(rows) and n > same(loaded.get(code, {})):
                raise SourceValidationError([Problem(name, 0, (
                    f"{n} of its {len(rows)} participant rows are exactly those of the {other} table already "
                    f"loaded ({TREATIES[other].short}): it is that treaty's table, not the table of {code} "
                    f"({t.short}); import it with --treaty {other}, or give the participants table of {code}"))])
    new = summary.get("newest_entry")
    old = next((str(s["date"]) for s in store.nodes("Source") if s["id"] == t.source_id and s.get("date")), None)
    if replace_newer or not new or not old or str(new) >= old:
        return
    before = loaded.get(code, {})
    lost = sorted(p for p, (_s, consent) in before.items()
                  if consent and (p not in rows or rows[p][1] != consent) and p != EU_REGION.id)

    def shown_name(ref: str) -> str:
        return str((G.nodes[ref].get("props") or {}).get("name") or ref) if ref in G else ref

    shown = ", ".join(shown_name(p) for p in lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
    raise SourceValidationError([Problem(name, 0, (
        f"this table's newest entry is {new}, older than the {code} table already loaded (newest entry {old}): "
        "importing it would replace the newer table"
        + (f" and drop the consent of {shown}" if lost else "")
        + "; import the newer export, or give --replace-newer to replace it anyway"))])
