"""The ``ctgraph`` command line (contract in DESIGN.md).

Every query prints a readable table, or with ``--json`` one JSON document on
stdout and nothing else. Every user error is one ``Error:`` line on stderr and
exit status 1, never a traceback. Tables show names; the JSON keeps ids.

Text from sources reaches the terminal only through
:func:`graph.text_safety.terminal_safe` (tables, reports, error lines) or as
JSON with terminal-active characters escaped, and table cells are never read
as rich markup. Path arguments are not checked by click (its "not readable"
check exits 2 with a usage block); the readers check them and say what is
wrong in one line.
"""

from __future__ import annotations

import itertools
import json
import os
import shlex
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ctgraph.graph.analysis import EVIDENCE_MODES, SORT_KEYS, as_of_date
from ctgraph.graph.config import StoreKind, load_settings
from ctgraph.graph.errors import CtgraphError, SourceValidationError
from ctgraph.graph.figures import figure_key, figure_labels, figure_title
from ctgraph.graph.files import check_output, write_output
from ctgraph.graph.i18n import parse_language
from ctgraph.graph.model import Coverage
from ctgraph.graph.store import GraphStore
from ctgraph.graph.text_safety import json_terminal_safe, terminal_safe
from ctgraph.graph.vocabulary import (
    EXPLOITATION_FORMS,
    display_name,
    exploitation_value,
    exploitation_words,
    measured_sentence,
    research_sentence,
)
from ctgraph.graph.wording import as_of_sentence, figure_text, nobody_named, sides_without_contacts
from ctgraph.ingest.registry import READERS

if TYPE_CHECKING:  # pragma: no cover
    from ctgraph.api import Graph
    from ctgraph.graph.answers import Route

__all__ = ["app", "main"]

app = typer.Typer(
    name="ctgraph",
    help="Counter-trafficking case-flow knowledge graph: routes, cooperation gaps, evidence.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
)
export_app = typer.Typer(help="Export briefing material.", no_args_is_help=True)
app.add_typer(export_app, name="export")

_out = Console(soft_wrap=False, width=160)

#: Rows a table shows unless --top says otherwise (the JSON always has everything).
TABLE_ROWS = 50


class StoreChoice(str, Enum):
    memory = "memory"
    neo4j = "neo4j"


Dataset = Enum("Dataset", {name: name for name in READERS}, type=str)  # type: ignore[misc]


class Sort(str, Enum):
    victims = "victims"
    evidence = "evidence"
    name = "name"


assert tuple(s.value for s in Sort) == SORT_KEYS


class _State:
    store_kind: StoreKind | None = None
    include_drafts: bool = False
    _graph: Graph | None = None
    _names: dict[str, str] | None = None

    def graph(self) -> Graph:
        """The Python API over the configured store: every question and name goes through it."""
        if self._graph is None:
            from ctgraph.api import open as open_graph

            self._graph = open_graph(store=self.store_kind, include_drafts=self.include_drafts, notify=_notice)
        return self._graph

    def store(self) -> GraphStore:
        return self.graph().store

    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = self.store().names()
        return self._names


state = _State()


def _notice(message: str) -> None:
    """Tell a person at a terminal (stderr is a TTY) what is happening; scripts
    reading stderr see only ``Error:`` lines."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr)


def error_line(message: object) -> None:
    """Print one ``Error:`` line on stderr, with anything a terminal would run escaped."""
    print(f"Error: {terminal_safe(str(message))}", file=sys.stderr)


def say(message: object) -> None:
    """Print one line on stdout, with anything a terminal would run escaped."""
    print(terminal_safe(str(message)))


def fail(message: str) -> NoReturn:
    """One ``Error:`` line on stderr, exit 1."""
    error_line(message)
    raise typer.Exit(1)


def emit_json(data: Any) -> None:
    """The answer as indented JSON on stdout (orjson: the same text as
    ``json.dumps(indent=2, ensure_ascii=False)``, a tenth of the time on a
    whole-graph answer; the standard library for anything orjson refuses)."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write(json_terminal_safe(text) + "\n")


def emit_jsonl(rows: Iterable[Any]) -> None:
    """Each row as one line of JSON on stdout, written as it comes (``--jsonl``): a whole
    list is never held, and a reader can start on the first line at once."""
    write = sys.stdout.write
    for row in rows:
        try:
            text = orjson.dumps(row, option=orjson.OPT_NON_STR_KEYS).decode()
        except TypeError:
            text = json.dumps(row, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        write(json_terminal_safe(text) + "\n")


def cell(value: Any) -> Text:
    """A table cell: plain text (never rich markup), terminal escapes shown, not run."""
    return Text("" if value is None else terminal_safe(str(value)))


def table(title: str, columns: list[str], rows: list[list[Any]], note: str = "") -> None:
    t = Table(title=cell(title), show_lines=False, title_justify="left")
    for c in columns:
        t.add_column(cell(c), overflow="ellipsis", max_width=60)
    for r in rows:
        t.add_row(*[cell(v) for v in r])
    _out.print(t)
    if not rows:
        _out.print("(no results)")
    if note:
        _out.print(cell(note))


def _name(ident: str) -> str:
    return display_name(ident, state.names())


def _short(items: list[str], n: int = 3) -> str:
    return ", ".join(items[:n]) + (f" +{len(items) - n}" if len(items) > n else "")


def _figures(corroboration: Sequence[Mapping[str, Any]]) -> str:
    """Data sets side by side, never added, each with its own labels only, worded as
    everywhere (graph.wording): 'UNODC GLOTIP 2007–2022: 1,686 (+2 cells <5; all forms, both sexes)'."""
    parts = [
        figure_text(
            c,
            figure_title(state.names().get(c["dataset"], c["dataset"].removeprefix("source:")), figure_key(c)[1]),
            labels=figure_labels(c),
        )
        for c in corroboration
    ]
    return "; ".join(parts) or "no count published"


def _forms_stated(r: Route) -> str:
    """The forms the text sources state; a route only data sets count says where its forms are."""
    if not r["exploitation"] and r["corroboration"]:
        return "not stated in text (see data sets)"
    return _short(exploitation_words(r["exploitation"]))


def _as_of(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        as_of_date(value)
    except ValueError:
        fail(f"--as-of {value!r}: not a date; use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2009 or 2010-03-10)")
    return value


def _exploitation(value: str | None) -> str | None:
    """The stored form of --exploitation, given as stored or as tables print it ("forced labour")."""
    if value is None:
        return None
    form = exploitation_value(value)
    if form is None:
        fail(f"--exploitation {value!r} is not a known form: use one of {', '.join(EXPLOITATION_FORMS)}")
    return form


def _limit_note(shown: int, total: int, what: str) -> str:
    if shown >= total:
        return ""
    return f"Showing {shown} of {total} {what}; use --top {total} for all, or --json for the full answer."


@app.callback()
def _global(
    store: StoreChoice | None = typer.Option(
        None, "--store", help="memory|neo4j (default: neo4j when NEO4J_URI is set, else memory)"
    ),
    drafts: bool = typer.Option(False, "--drafts", help="include draft facts (marked as drafts)"),
) -> None:
    state.store_kind = "neo4j" if store == StoreChoice.neo4j else "memory" if store else None
    state.include_drafts = drafts
    state._graph = None
    state._names = None


# --------------------------------------------------------------------------- sources


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="fact files or folders (default: seed/facts)", readable=False),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check sources: schema, ids, references, country codes, dates, verbatim quotes."""
    from ctgraph.ingest.research import read_research
    from ctgraph.ingest.seed import read_sources

    facts, problems = read_sources(paths or None)
    logged: list[Any] = []
    if not paths:  # the seed: its research logs too (agreement ids checked against its facts)
        logged, more = read_research(agreements=[a.id for a in facts.section("agreements")])
        problems = sorted(set(problems) | set(more))
    if problems:
        for p in problems:
            error_line(p)
        raise typer.Exit(1)
    counts: dict[str, int] = {}
    for it in facts.items:
        counts[it.section] = counts.get(it.section, 0) + 1
    if as_json:
        emit_json({"ok": True, "files": facts.files, "facts": counts}
                  | ({"research_entries": len(logged)} if not paths else {}))
    else:
        print(f"OK: {sum(counts.values())} facts in {len(facts.files)} files are valid"
              + (f"; {len(logged)} research-log entries are valid" if not paths else ""))
        table("Facts", ["section", "count"], [[k, v] for k, v in counts.items()])


@app.command()
def load(
    paths: list[Path] = typer.Argument(None, help="fact files or folders (default: seed/facts)", readable=False),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Validate sources, then load them into the store (all or nothing; idempotent)."""
    from ctgraph.ingest.seed import batch_name, seed_batch, validate_paths

    facts = validate_paths(paths or None)
    report = state.store().load(seed_batch(facts, name=batch_name(paths or None)))
    if as_json:
        emit_json(report.as_dict())
    else:
        print(f"Loaded {len(facts.items)} facts into the {state.store().name} store")
        table("Nodes", ["label", "count"], [[k, v] for k, v in report.nodes.items()])
        table("Relationships", ["type", "count"], [[k, v] for k, v in report.relationships.items()])


@app.command("import")
def import_(  # noqa: C901
    dataset: Dataset = typer.Argument(..., help="which data set: " + ", ".join(READERS)),
    file: Path = typer.Argument(..., help="the data set file (CSV; instruments: CSV or XLSX)", readable=False),
    report: bool = typer.Option(False, "--report", help="list every name that could not be mapped"),
    treaty: str | None = typer.Option(None, "--treaty", help="for untc: XVIII-12-a (TIP Protocol), XVIII-12 (UNTOC), XVIII-12-b"),
    replace_newer: bool = typer.Option(
        False, "--replace-newer", help="for untc: replace a loaded table even if its entries are newer than this one's"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a data set (GLOTIP, CTDC, a UNTC treaty table, US TIP tiers) into the store."""
    from ctgraph.ingest.registry import import_dataset

    try:
        batch, summary = import_dataset(dataset.value, file, progress=not as_json, treaty=treaty)
    except SourceValidationError as exc:
        if dataset.value != "instruments":
            raise
        for p in exc.problems:  # one Error: line per bad row; nothing is loaded
            error_line(p)
        raise typer.Exit(1) from None
    if dataset.value == "untc":
        from ctgraph.ingest.untc import check_replacement

        check_replacement(state.store(), batch, summary, replace_newer)
    loaded = state.store().load(batch)
    if as_json:
        emit_json({"loaded": loaded.as_dict(), "summary": summary})
        return
    say(f"Imported {file} into the {state.store().name} store")
    table("Nodes", ["label", "count"], [[k, v] for k, v in loaded.nodes.items()])
    titles = {n.id: n.props.get("short_title") or n.props.get("title") for n in batch.nodes if n.label == "Source"}
    rows = []
    for key, value in summary.items():
        if key == "unmapped":
            continue
        if key == "dataset":  # a name, not the internal id (the JSON keeps the id)
            value = titles.get(value) or display_name(str(value), state.names())
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, int):
            value = f"{value:,}"
        rows.append([key.replace("_", " "), value])
    table("Summary", ["", "value"], rows)
    if report:
        unmapped = [[u["name"], u["rows"]] for u in summary.get("unmapped", [])]
        table("Names not mapped to a country", ["name", "rows"], unmapped)


# --------------------------------------------------------------------------- queries


@app.command()
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """How many nodes and relationships of each kind the store holds."""
    data = state.graph().stats()
    if as_json:
        emit_json(data)
        return
    table("Nodes", ["label", "count"], [[k, v] for k, v in data["nodes"].items()])
    table("Relationships", ["type", "count"], [[k, v] for k, v in data["relationships"].items()])


_AS_OF = typer.Option(
    None, "--as-of",
    help="YYYY, YYYY-MM or YYYY-MM-DD (default: today): counts and tiers of the years up to it, instruments, "
    "agreements and coverage as they stood then (2009: the end of 2009)",
)
_SORT = typer.Option(Sort.victims, "--sort", help="victims (data sets' counts, then evidence) | evidence | name")
_TOP = typer.Option(None, "--top", min=1, help="only the first N")
_PAGE = typer.Option(None, "--top", min=1, help="only the first N (after --offset); their evidence lists only are made")


class EvidenceMode(str, Enum):
    all = "all"
    count = "count"  # type: ignore[assignment]  # the member shadows str.count, as Enum members may


assert tuple(m.value for m in EvidenceMode) == EVIDENCE_MODES

_OFFSET = typer.Option(0, "--offset", min=0, help="skip the first N (paging: --offset 50 --top 50 is the second page)")
_EVIDENCE = typer.Option(
    EvidenceMode.all, "--evidence",
    help="all: each item's evidence list (the default, the JSON as it always was); count: only evidence_count, "
    "no list (the fast path for whole lists)",
)
_JSONL = typer.Option(
    False, "--jsonl", help="the list as JSON lines, one item a line, each written as it is ranked (whole lists: "
    "memory held to one item's evidence)"
)


def _one_format(as_json: bool, jsonl: bool) -> None:
    if as_json and jsonl:
        fail("use either --json or --jsonl, not both")


def _say_as_of(value: str | None) -> None:
    """The line under a table that says what as-of means there (graph.wording.as_of_sentence)."""
    say(as_of_sentence(as_of_date(value), value))


def _route_rows(data: list[Route]) -> list[list[Any]]:
    return [
        [
            " → ".join(_name(h) for h in r["hops"]),
            _forms_stated(r),
            r["coverage"],
            r["weight"]["evidence"],
            _figures(r["corroboration"]),
        ]
        for r in data
    ]


@app.command()
def routes(
    from_: str | None = typer.Option(None, "--from", help="origin: country code/name, region or place"),
    to: str | None = typer.Option(None, "--to", help="destination"),
    exploitation: str | None = typer.Option(None, "--exploitation", help="e.g. sexual_exploitation"),
    max_hops: int = typer.Option(1, "--max-hops", min=1, max=4, help="chains the sources link, up to N legs"),
    onward_: bool = typer.Option(
        False, "--onward", help="also list onward connections: flows that merely meet (NOT evidenced routes)"
    ),
    as_of: str | None = _AS_OF,
    sort: Sort = _SORT,
    top: int | None = _PAGE,
    offset: int = _OFFSET,
    evidence: EvidenceMode = _EVIDENCE,
    as_json: bool = typer.Option(False, "--json"),
    jsonl: bool = _JSONL,
) -> None:
    """Where do victims move? Routes as the sources state them, heaviest first."""
    _one_format(as_json, jsonl)
    if jsonl and onward_:
        fail("--jsonl lists routes only; use --json with --onward")
    g = state.graph()
    origin = g.resolve(from_) if from_ else None
    dest = g.resolve(to) if to else None
    form = _exploitation(exploitation)
    day = _as_of(as_of)
    if jsonl:
        found = g.iter_routes(origin, dest, exploitation=form, max_hops=max_hops, as_of=day, sort=sort.value,
                              evidence=evidence.value)
        emit_jsonl(itertools.islice(found, offset, None if top is None else offset + top))
        return
    data = g.routes(origin, dest, exploitation=form, max_hops=max_hops, as_of=day, sort=sort.value, top=top,
                    offset=offset, evidence=evidence.value if as_json else "count")
    connections = g.onward(origin, dest, exploitation=form, as_of=day, sort=sort.value, top=top) if onward_ else []
    if as_json:
        emit_json({"routes": data, "onward_connections": connections} if onward_ else data)
        return
    cross = [r for r in data if not r["internal"]]
    internal = [r for r in data if r["internal"]]
    shown = cross[: top or TABLE_ROWS]
    cols = ["route", "exploitation", "coverage", "evidence", "data sets (never added)"]
    table(
        f"Routes (ranked by {sort.value})",
        cols,
        _route_rows(shown),
        _limit_note(len(shown), len(cross), "routes"),
    )
    if internal:
        table("Internal flows (within one jurisdiction)", cols, _route_rows(internal[: top or TABLE_ROWS]))
    _say_as_of(day)
    if onward_:
        print("Onward connections: flows that meet in a country, NOT evidenced as one route")
        table(
            "Onward connections",
            ["inbound", "via", "onward"],
            [
                [_name(c["inbound"]["source"]), _name(c["via"]), _name(c["onward"]["destination"])]
                for c in connections[: top or TABLE_ROWS]
            ],
            _limit_note(min(len(connections), top or TABLE_ROWS), len(connections), "connections"),
        )


@app.command()
def gaps(
    country: str | None = typer.Option(None, "--country", help="only pairs involving this country"),
    below: Coverage = typer.Option(Coverage.REGIONAL, "--below", help="coverage level a gap is below"),
    as_of: str | None = _AS_OF,
    sort: Sort = _SORT,
    top: int | None = _PAGE,
    offset: int = _OFFSET,
    evidence: EvidenceMode = _EVIDENCE,
    as_json: bool = typer.Option(False, "--json"),
    jsonl: bool = _JSONL,
) -> None:
    """Which documented flows does no (or only a weak) instrument cover? Heaviest first."""
    _one_format(as_json, jsonl)
    api = state.graph()
    code = api.resolve(country) if country else None
    if jsonl:
        found = api.iter_gaps(code, below=below, as_of=_as_of(as_of), sort=sort.value, evidence=evidence.value)
        emit_jsonl(itertools.islice(found, offset, None if top is None else offset + top))
        return
    data = api.gaps(code, below=below, as_of=_as_of(as_of), sort=sort.value, top=top, offset=offset,
                    evidence=evidence.value if as_json else "count")
    if as_json:
        emit_json(data)
        return
    shown = data[: top or TABLE_ROWS]
    table(
        f"Cooperation gaps: coverage below {below.value}, ranked by {sort.value}"
        + (" (victims counted by the largest data set, then evidence items)" if sort == Sort.victims else ""),
        ["origin", "destination", "coverage", "what binds them", "victims counted", "evidence items"],
        [
            [
                _name(g["source"]),
                _name(g["destination"]),
                g["coverage"],
                g["explanation"],
                f"{g['weight']['victims']:,}" if g["corroboration"] else "-",
                g["weight"]["evidence"],
            ]
            for g in shown
        ],
        _limit_note(len(shown), len(data), "gaps"),
    )
    say(measured_sentence(api.store.measured(_as_of(as_of))))
    _say_as_of(_as_of(as_of))


@app.command()
def agreements(
    country: str | None = typer.Option(None, "--country"),
    as_of: str | None = _AS_OF,
    research: bool = typer.Option(
        False, "--research", help="with --country and --json: {\"agreements\": [...], \"research\": [...]}, what was "
        "searched for the country and found or not"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Which agreements and MOUs exist (binding a country on the day), with parties, status, dates;
    with --country, what was researched for it."""
    from ctgraph.ingest.research import research_for

    g = state.graph()
    code = g.resolve(country) if country else None
    data = g.agreements(code, as_of=_as_of(as_of))
    logged = research_for(code) if code else []
    if as_json:
        emit_json({"agreements": data, "research": logged} if research and code else data)
        return
    table(
        "Agreements",
        ["title", "kind", "status", "parties", "date"],
        [
            [a["title"], a["kind"], a["status"], _short([_name(p) for p in a["parties"]], 4), a["date"] or a["in_force"]]
            for a in data
        ],
    )
    if code:
        say(research_sentence(logged, code, state.names()))


@app.command()
def country(
    name: str = typer.Argument(..., help="ISO code or name"),
    as_of: str | None = _AS_OF,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Profile of one country: flows, agreements, agencies, experts, challenges, statistics."""
    g = state.graph()
    data = g.country(g.resolve_country(name), as_of=_as_of(as_of))
    if as_json:
        emit_json(data)
        return
    say(f"{data['name']} ({data['iso3']})")
    _say_as_of(_as_of(as_of))
    table("Flows out", ["to", "exploitation", "coverage", "data sets"], [[_name(r["destination"]), _forms_stated(r), r["coverage"], _figures(r["corroboration"])] for r in data["flows_out"][:TABLE_ROWS]], _limit_note(min(len(data["flows_out"]), TABLE_ROWS), len(data["flows_out"]), "flows; --json has all"))
    table("Flows in", ["from", "exploitation", "coverage", "data sets"], [[_name(r["source"]), _forms_stated(r), r["coverage"], _figures(r["corroboration"])] for r in data["flows_in"][:TABLE_ROWS]], _limit_note(min(len(data["flows_in"]), TABLE_ROWS), len(data["flows_in"]), "flows; --json has all"))
    if data["internal"]:
        table("Internal flows", ["from", "to", "exploitation"], [[_name(r["source"]), _name(r["destination"]), _forms_stated(r)] for r in data["internal"]])
    table("What binds it", ["title", "kind", "status", "date"], [[a["title"], a["kind"], a["status"], a["date"] or a["in_force"]] for a in data["agreements"]])
    table("Agencies", ["name", "kind"], [[a["name"], a["kind"]] for a in data["agencies"]])
    table("Experts", ["name", "title", "role", "contact"], [[e["name"], e["title"], e["role"], e["contact_note"]] for e in data["experts"]])
    table("Challenges", ["description"], [[c["description"]] for c in data["challenges"]])
    table("Statistics", ["counts", "value", "unit", "year"], [[x["counts"], x["value"], x["unit"], x["year"]] for x in data["statistics"][:TABLE_ROWS]], _limit_note(min(len(data["statistics"]), TABLE_ROWS), len(data["statistics"]), "statistics; --json has all"))


def _split_route(route: str) -> tuple[str, str]:
    """ORIGIN:DESTINATION, where either side may itself contain ':' (region:europe)."""
    return state.graph().route_ends(route)


@app.command()
def contacts(
    route: str = typer.Argument(..., help="ORIGIN:DESTINATION, e.g. CHN:GBR"),
    as_of: str | None = _AS_OF,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Whom to call about X -> Y: agencies and named experts on both sides, with the quote that ties them."""
    origin, dest = _split_route(route)
    b = state.graph().contacts(origin, dest, as_of=_as_of(as_of))
    if as_json:
        emit_json(b)
        return
    say(f"{_name(origin)} → {_name(dest)}: coverage {b['coverage']}")
    experts = b["experts"]
    cols = ["name", "country", "title", "role"]
    rows = [[e["name"], _name(e["country"] or ""), e["title"], e["role"]] for e in experts]
    if any(e["contact_note"] for e in experts):
        cols.append("contact")
        for row, e in zip(rows, experts):
            row.append(e["contact_note"])
    cols.append("what the source says")
    for row, e in zip(rows, experts):
        row.append(e["evidence"][0]["quote"] if e["evidence"] else "")
    table("Named experts", cols, rows)
    table(
        "Agencies",
        ["name", "country", "role", "what the source says"],
        [[a["name"], _name(a["country"] or ""), a["role"], a["evidence"][0]["quote"] if a["evidence"] else ""] for a in b["agencies"]],
    )
    if experts and not any(e["contact_note"] for e in experts):
        print("The sources give no contact details for these people; reach them through their agencies.")
    for side in sides_without_contacts(b):
        print(nobody_named(_name(side)))


@app.command("next-instrument")
def next_instrument(
    name: str = typer.Argument(..., help="ISO code or name"),
    as_of: str | None = _AS_OF,
    top: int | None = _TOP,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Which counterpart would one new bilateral instrument cover most for this country?"""
    g = state.graph()
    code = g.resolve_country(name)
    data = g.next_instrument(code, as_of=_as_of(as_of), top=top)
    if as_json:
        emit_json(data)
        return
    shown = data[: top or TABLE_ROWS]
    table(
        f"Next bilateral instrument for {_name(code)}: counterparts ranked by uncovered victims, then evidence",
        ["counterpart", "victims counted", "evidence items", "uncovered pairs"],
        [
            [_name(n["counterpart"]), f"{n['weight']['victims']:,}", n["weight"]["evidence"], len(n["pairs"])]
            for n in shown
        ],
        _limit_note(len(shown), len(data), "counterparts"),
    )


# --------------------------------------------------------------------------- drafting and review

review_app = typer.Typer(help="Review drafted facts: list, accept (and load) or reject them.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@app.command()
def draft(
    file: Path = typer.Argument(..., help="report: .md, .txt, .html, .pdf, or .csv of documents", readable=False),
    out: Path | None = typer.Option(None, "--out", help="draft folder (default: CTGRAPH_HOME/drafts/<source>)"),
    source_id: str | None = typer.Option(None, "--source-id", help="e.g. source:iom-2019-report"),
    title: str | None = typer.Option(None, "--title"),
    date: str | None = typer.Option(None, "--date", help="YYYY, YYYY-MM or YYYY-MM-DD"),
    text_column: str = typer.Option("text", "--text-column", help="CSV: the column holding each document"),
    llm: bool = typer.Option(False, "--llm", help="also ask the OpenAI-compatible endpoint in CTGRAPH_LLM_URL"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Draft quote-anchored facts from a report file, each marked draft: true, for review."""
    from ctgraph.ingest.draft.writer import draft_report

    extractor = None
    if llm:
        from ctgraph.ingest.draft.llm import LLMExtractor

        extractor = LLMExtractor()
    result = draft_report(
        file, out, home=load_settings().home(), source_id=source_id, title=title, date=date,
        text_column=text_column, llm=extractor,
    )
    if as_json:
        emit_json(result.as_dict())
        return
    say(f"Drafted {sum(result.counts.values())} facts from {file} into {result.folder}")
    table("Drafted facts", ["kind", "count"], [[k, v] for k, v in result.counts.items()])
    for d in result.dropped:
        say(f"dropped ({d['kind']}): {d['reason']}")
    if result.caution:
        say(result.caution)
    say(f"Next: ctgraph review list {result.folder}")


@review_app.command("list")
def review_list(
    folder: Path = typer.Argument(..., help="a draft folder written by ctgraph draft"),
    as_json: bool = typer.Option(False, "--json"),
    by_section: bool = typer.Option(
        False, "--by-section",
        help="group the drafts by the section heading they come from, in reading order, each quote shown in the "
             "sentences around it (for long documents)"),
) -> None:
    """Drafted facts awaiting review, with their quotes."""
    from ctgraph.ingest.draft.review import list_drafts, review_by_section

    if by_section:
        sections = review_by_section(folder)
        if as_json:
            emit_json([s.as_dict() for s in sections])
            return
        for s in sections:
            table(
                f"{s.heading} ({len(s.entries)} drafts)",
                ["id", "kind", "summary", "hedged", "quote in context"],
                [[e.item.id, e.item.section, e.item.summary, "yes" if e.item.hedged else "",
                  " ".join(x for x in (e.before, f"«{e.quote}»", e.after) if x)] for e in s.entries],
            )
        return
    items = list_drafts(folder)
    if as_json:
        emit_json([it.as_dict() for it in items])
        return
    table(
        f"Drafts in {folder}",
        ["id", "kind", "summary", "hedged", "first quote"],
        [[it.id, it.section, it.summary, "yes" if it.hedged else "", (it.fact.get("evidence") or [{}])[0].get("quote", "")[:70]] for it in items],
    )


@review_app.command("accept")
def review_accept(
    folder: Path = typer.Argument(..., help="a draft folder written by ctgraph draft"),
    ids: list[str] = typer.Argument(None, help="fact ids to accept (see ctgraph review list)"),
    all_: bool = typer.Option(False, "--all", help="accept every drafted fact"),
    set_: list[str] = typer.Option(None, "--set", help="edit before accepting, e.g. --set destination=COG"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Accept drafted facts: write them to reviewed files and load the folder."""
    from ctgraph.ingest.draft.review import accept, list_drafts

    chosen = [it.id for it in list_drafts(folder)] if all_ else list(ids or [])
    if not chosen:
        fail(f"{folder}: no fact ids given; name them (see `ctgraph review list {folder}`) or use --all")
    changes: dict[str, object] = {}
    for item in set_ or []:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            fail(f"{folder}: --set {item!r}: expected FIELD=VALUE, e.g. --set destination=COG")
        changes[key.strip()] = value.strip()
    edits = {fid: dict(changes) for fid in chosen} if changes else None
    report = accept(folder, chosen, edits=edits, store=state.store())
    if as_json:
        emit_json(report.as_dict())
        return
    say(f"Accepted {len(report.accepted)} facts (+{len(report.dependencies)} they refer to) into {folder}/reviewed "
          f"and loaded them into the {state.store().name} store")


@review_app.command("reject")
def review_reject(
    folder: Path = typer.Argument(..., help="a draft folder written by ctgraph draft"),
    ids: list[str] = typer.Argument(..., help="fact ids to reject"),
    reason: str = typer.Option("", "--reason", help="why (recorded in rejected.json)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Reject drafted facts: remove them from the drafts and record why."""
    from ctgraph.ingest.draft.review import reject

    report = reject(folder, ids, reason)
    if as_json:
        emit_json(report.as_dict())
        return
    say(f"Rejected {len(report.rejected)} facts; recorded in {folder}/rejected.json")


# --------------------------------------------------------------------------- outputs


@export_app.command("slides")
def export_slides(
    out: Path = typer.Option(..., "--out", help="where to write the .pptx", readable=False),
    country_: str | None = typer.Option(None, "--country"),
    route: str | None = typer.Option(None, "--route", help="ORIGIN:DESTINATION, e.g. CHN:FRA"),
    threshold: int = typer.Option(5, "--threshold", min=0, help="counts below this show as '<N' (0: off)"),
    as_of: str | None = _AS_OF,
    lang: str = typer.Option("en", "--lang", help="language of the deck's own words: en or zh (quotes stay as "
                             "their sources wrote them)"),
) -> None:
    """A 16:9 briefing deck for the whole picture, one country or one route: key messages first, appendix after."""
    from ctgraph.dashboard.deck import Scope, deck_bytes

    check_output(out)  # refuse a folder, a FIFO, a read-only file... before building the deck
    try:
        lang = parse_language(lang)
    except ValueError as exc:
        fail(f"--lang {lang!r}: {str(exc).split('; ', 1)[-1]}")
    s = state.store()
    if country_ and route:
        fail("use either --country or --route, not both")
    if route:
        if ":" not in route:
            fail(f"--route {route!r}: expected ORIGIN:DESTINATION, e.g. CHN:FRA")
        scope = Scope.route(*_split_route(route))
    elif country_:
        scope = Scope.country(state.graph().resolve_country(country_))
    else:
        scope = Scope.everything()
    path = write_output(out, deck_bytes(s, scope, threshold=threshold, as_of=_as_of(as_of), lang=lang))
    say(f"Wrote {path}")


@app.command()
def dashboard(
    port: int = typer.Option(8501, "--port"),
    headless: bool = typer.Option(True, "--headless/--open-browser"),
    address: str = typer.Option(
        "127.0.0.1", "--address", help="interface to listen on (0.0.0.0 only inside a container)"
    ),
) -> None:
    """Start the Streamlit dashboard (on 127.0.0.1 unless --address says otherwise)."""
    import ctgraph.dashboard as dashboard_pkg

    # First run: seed the embedded store here, where the message can be read.
    state.store()
    app_file = Path(dashboard_pkg.__file__).resolve().parent / "app.py"
    cmd = [
        # -P: do not put the current folder on sys.path (a click.py there would shadow click);
        # dashboard.serve loads the pages' modules and answers before Streamlit listens, then is `streamlit run`
        sys.executable, "-P", "-m", "ctgraph.dashboard.serve", "run", str(app_file),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
        # A served app does not reload itself from changed files (a reload under live
        # sessions drops modules), and skips Streamlit's full garbage collection after
        # every page run (half the server's time under load, see bench_sessions.py).
        "--server.fileWatcherType", "none",
        "--runner.postScriptGC", "false",
    ]
    print(f"ctgraph dashboard on http://{address}:{port}", flush=True)
    sys.stderr.flush()
    # Become Streamlit (no child left behind when this process is stopped).
    os.execv(sys.executable, cmd)


# --------------------------------------------------------------------------- data: where to get the real data sets


@app.command("data")
def data_(
    name: str | None = typer.Argument(None, metavar="NAME|fetch",
                                      help="one data set: glotip, ctdc, untc or tip-tiers; or `fetch`"),
    fetch_name: str | None = typer.Argument(None, metavar="NAME",
                                            help="with `fetch`: the data set to download"),
    as_json: bool = typer.Option(False, "--json"),
    to: Path = typer.Option(Path("."), "--to", help="with `fetch`: the folder to save the file in"),
    url: str | None = typer.Option(None, "--url", help="with `fetch`: the file's address, when the data set "
                                   "has no fixed one (GLOTIP, CTDC: copy the link from the publisher's page)"),
    max_mb: int = typer.Option(256, "--max-mb", min=1, help="with `fetch`: refuse a larger download"),
    force: bool = typer.Option(False, "--force", help="with `fetch`: replace a file of the same name"),
) -> None:
    """Each real data set: its official address, terms, the exact file to download and the import command.
    `ctgraph data fetch NAME` downloads it (size and type checked, nothing left behind on failure)."""
    from ctgraph.ingest.catalogue import CATALOGUE, find

    if name == "fetch":
        from ctgraph.ingest.download import fetch

        if fetch_name is None:
            fail(f"name the data set to fetch: ctgraph data fetch NAME ({', '.join(d.name for d in CATALOGUE)})")
        saved = fetch(fetch_name, to, url=url, max_bytes=max_mb * 1_000_000, force=force,
                      progress=sys.stderr.isatty())
        d = find(fetch_name)
        if as_json:
            emit_json({"dataset": fetch_name, "file": str(saved), "bytes": saved.stat().st_size})
            return
        say(f"saved {saved} ({saved.stat().st_size:,} bytes)")
        if d is not None:  # the catalogue's import command, on the saved file
            words = d.command.split()
            say("import it with: " + " ".join([*words[:3], shlex.quote(str(saved)), *words[4:]]))
        return
    if fetch_name is not None:
        fail(f"one data set at a time: `ctgraph data {name}`, or `ctgraph data fetch {fetch_name}` to download")
    chosen = list(CATALOGUE)
    if name is not None:
        found = find(name)
        if found is None:
            fail(f"no data set {name!r}: choose one of {', '.join(d.name for d in CATALOGUE)}")
        chosen = [found]
    if as_json:
        emit_json([d.as_dict() for d in chosen])
        return
    for d in chosen:
        say(f"{d.name}: {d.title} ({d.publisher})")
        say(f"  address:  {d.address}")
        say(f"  download: {d.download}")
        say(f"  terms:    {d.terms}")
        say(f"  import:   {d.command}")
        say("")


def _run() -> None:
    """Run the command line; every ctgraph error becomes one Error: line and exit 1."""
    try:
        app(standalone_mode=True)
    except SourceValidationError as exc:
        error_line(exc)
        sys.exit(1)
    except CtgraphError as exc:
        error_line(exc)
        sys.exit(1)


def _console_script() -> bool:
    """Whether this process is the ``ctgraph`` console script (or ``python -c "...main()"``):
    its ``__main__`` module is the wrapper that imported :func:`main` to call it. Under
    pytest (tests/cli_helpers.py runs :func:`main` in-process) ``__main__`` is pytest's."""
    here = sys.modules.get("__main__")
    return here is not None and getattr(here, "main", None) is main


def _leave(code: object) -> None:
    """End a one-shot process now: flush what was written, then ``os._exit`` without the
    interpreter's teardown (freeing a whole-graph snapshot object by object was a third of
    a whole-graph answer's CPU; the output is the same). A failed flush (a closed pipe)
    returns, and the ordinary exit reports it as it always did."""
    status = 0 if code is None else code if isinstance(code, int) else 1
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)  # what sys.exit("text") would have printed
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    graph = state._graph
    if graph is not None:
        try:
            graph.store.close()  # a Neo4j driver says goodbye; SQLite checkpoints its log
        except Exception:  # leaving anyway; the answer is already out
            pass
    os._exit(status)


def main() -> None:
    """Console entry point: turn every ctgraph error into one Error: line.

    As the ``ctgraph`` console script, a finished command leaves at once
    (:func:`_leave`); called in-process (tests, ``ctgraph.cli.main()`` from
    Python), it returns or raises ``SystemExit`` as usual.
    """
    if not _console_script():
        _run()
        return
    try:
        _run()
    except SystemExit as exc:
        _leave(exc.code)
        raise
    _leave(0)


if __name__ == "__main__":
    main()
