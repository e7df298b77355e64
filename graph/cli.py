"""The ``ctgraph`` command line (contract in DESIGN.md).

Every query prints a readable table, or with ``--json`` one JSON document on
stdout and nothing else. Every user error is one ``Error:`` line on stderr and
exit status 1, never a traceback.

Text from sources reaches the terminal only through
:func:`graph.text_safety.terminal_safe` (tables, reports, error lines) or as
JSON with terminal-active characters escaped, and table cells are never read
as rich markup. Path arguments are not checked by click (its "not readable"
check exits 2 with a usage block); the readers check them and say what is
wrong in one line.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graph.config import StoreKind, load_settings, open_store
from graph.errors import CtgraphError, SourceValidationError, UnknownEntity
from graph.files import check_output, write_output
from graph.model import Coverage
from graph.names import resolve, resolve_country
from graph.store import GraphStore
from graph.text_safety import json_terminal_safe, terminal_safe

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


class StoreChoice(str, Enum):
    memory = "memory"
    neo4j = "neo4j"


class Dataset(str, Enum):
    glotip = "glotip"
    ctdc = "ctdc"


class _State:
    store_kind: StoreKind | None = None
    _store: GraphStore | None = None

    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(load_settings(), self.store_kind)
        return self._store


state = _State()


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
    sys.stdout.write(json_terminal_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def cell(value: Any) -> Text:
    """A table cell: plain text (never rich markup), terminal escapes shown, not run."""
    return Text("" if value is None else terminal_safe(str(value)))


def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    t = Table(title=cell(title), show_lines=False, title_justify="left")
    for c in columns:
        t.add_column(cell(c), overflow="fold")
    for r in rows:
        t.add_row(*[cell(v) for v in r])
    _out.print(t)
    if not rows:
        _out.print("(no results)")


def _short(items: list[str], n: int = 3) -> str:
    return ", ".join(items[:n]) + (f" +{len(items) - n}" if len(items) > n else "")


@app.callback()
def _global(
    store: Optional[StoreChoice] = typer.Option(
        None, "--store", help="memory|neo4j (default: neo4j when NEO4J_URI is set, else memory)"
    ),
) -> None:
    state.store_kind = "neo4j" if store == StoreChoice.neo4j else "memory" if store else None
    state._store = None


# --------------------------------------------------------------------------- sources


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="fact files or folders (default: seed/facts)", readable=False),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check sources: schema, ids, references, country codes, dates, verbatim quotes."""
    from ingest.seed import read_sources

    facts, problems = read_sources(paths or None)
    if problems:
        for p in problems:
            error_line(p)
        raise typer.Exit(1)
    counts: dict[str, int] = {}
    for it in facts.items:
        counts[it.section] = counts.get(it.section, 0) + 1
    if as_json:
        emit_json({"ok": True, "files": facts.files, "facts": counts})
    else:
        print(f"OK: {sum(counts.values())} facts in {len(facts.files)} files are valid")
        table("Facts", ["section", "count"], [[k, v] for k, v in counts.items()])


@app.command()
def load(
    paths: list[Path] = typer.Argument(None, help="fact files or folders (default: seed/facts)", readable=False),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Validate sources, then load them into the store (all or nothing; idempotent)."""
    from ingest.seed import seed_batch, validate_paths

    facts = validate_paths(paths or None)
    name = "seed" if not paths else "load-" + "-".join(sorted(Path(p).stem for p in paths))
    report = state.store().load(seed_batch(facts, name=name))
    if as_json:
        emit_json(report.as_dict())
    else:
        print(f"Loaded {len(facts.items)} facts into the {state.store().name} store")
        table("Nodes", ["label", "count"], [[k, v] for k, v in report.nodes.items()])
        table("Relationships", ["type", "count"], [[k, v] for k, v in report.relationships.items()])


@app.command("import")
def import_(
    dataset: Dataset = typer.Argument(..., help="glotip or ctdc"),
    file: Path = typer.Argument(..., help="the data set file (CSV)", readable=False),
    report: bool = typer.Option(False, "--report", help="list every name that could not be mapped"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a statistical data set (UNODC GLOTIP or CTDC) into the store."""
    from ingest.datasets import import_dataset

    batch, summary = import_dataset(dataset.value, file, progress=not as_json)
    loaded = state.store().load(batch)
    if as_json:
        emit_json({"loaded": loaded.as_dict(), "summary": summary})
        return
    say(f"Imported {file} into the {state.store().name} store")
    table("Nodes", ["label", "count"], [[k, v] for k, v in loaded.nodes.items()])
    for key, value in summary.items():
        if key != "unmapped":
            say(f"{key}: {value}")
    if report:
        rows = [[u["name"], u["rows"]] for u in summary.get("unmapped", [])]
        table("Names not mapped to a country", ["name", "rows"], rows)


# --------------------------------------------------------------------------- queries


@app.command()
def stats(as_json: bool = typer.Option(False, "--json")) -> None:
    """How many nodes and relationships of each kind the store holds."""
    data = state.store().stats()
    if as_json:
        emit_json(data)
        return
    table("Nodes", ["label", "count"], [[k, v] for k, v in data["nodes"].items()])
    table("Relationships", ["type", "count"], [[k, v] for k, v in data["relationships"].items()])


@app.command()
def routes(
    from_: Optional[str] = typer.Option(None, "--from", help="origin: country code/name, region or place"),
    to: Optional[str] = typer.Option(None, "--to", help="destination"),
    exploitation: Optional[str] = typer.Option(None, "--exploitation", help="e.g. sexual_exploitation"),
    max_hops: int = typer.Option(1, "--max-hops", min=1, max=4, help="chain up to N flows"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Where do victims move? Routes with their evidence and corroborating statistics."""
    s = state.store()
    origin = resolve(s, from_) if from_ else None
    dest = resolve(s, to) if to else None
    data = s.routes(origin, dest, exploitation, max_hops)
    if as_json:
        emit_json(data)
        return
    table(
        "Routes",
        ["route", "exploitation", "victims", "evidence", "statistics"],
        [
            [
                " -> ".join(r["hops"]),
                _short(r["exploitation"]),
                _short(r["victims"]),
                len(r["evidence"]),
                "; ".join(
                    f"{c['dataset'].removeprefix('source:')}: at least {c['victims']}"
                    + (f" (+{c['suppressed_cells']} cells <5)" if c["suppressed_cells"] else "")
                    for c in r["corroboration"]
                ),
            ]
            for r in data
        ],
    )


@app.command()
def gaps(
    country: Optional[str] = typer.Option(None, "--country", help="only pairs involving this country"),
    below: Coverage = typer.Option(Coverage.REGIONAL, "--below", help="coverage level a gap is below"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Which documented flows does no (or only a weak) instrument cover? Ranked by evidence."""
    s = state.store()
    code = resolve(s, country) if country else None
    data = s.gaps(code, below)
    if as_json:
        emit_json(data)
        return
    table(
        f"Cooperation gaps (coverage below {below.value})",
        ["source", "destination", "coverage", "instruments", "weight", "first evidence"],
        [
            [
                g["source"],
                g["destination"],
                g["coverage"],
                _short([i["title"] for i in g["instruments"]], 2),
                g["weight"],
                (g["evidence"][0]["quote"][:70] if g["evidence"] else ""),
            ]
            for g in data
        ],
    )


@app.command()
def agreements(
    country: Optional[str] = typer.Option(None, "--country"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Which agreements and MOUs exist, with parties, status and dates."""
    s = state.store()
    code = resolve(s, country) if country else None
    data = s.agreements(code)
    if as_json:
        emit_json(data)
        return
    table(
        "Agreements",
        ["id", "title", "kind", "status", "parties", "date"],
        [[a["id"], a["title"], a["kind"], a["status"], ", ".join(a["parties"]), a["date"]] for a in data],
    )


@app.command()
def country(
    name: str = typer.Argument(..., help="ISO code or name"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Profile of one country: flows, agreements, agencies, experts, challenges, statistics."""
    s = state.store()
    data = s.country(resolve_country(s, name))
    if as_json:
        emit_json(data)
        return
    say(f"{data['name']} ({data['iso3']})")
    table("Flows out", ["to", "exploitation", "evidence"], [[r["destination"], _short(r["exploitation"]), len(r["evidence"])] for r in data["flows_out"]])
    table("Flows in", ["from", "exploitation", "evidence"], [[r["source"], _short(r["exploitation"]), len(r["evidence"])] for r in data["flows_in"]])
    table("Agreements", ["title", "status", "date"], [[a["title"], a["status"], a["date"]] for a in data["agreements"]])
    table("Agencies", ["name", "kind"], [[a["name"], a["kind"]] for a in data["agencies"]])
    table("Experts", ["name", "title", "role", "contact"], [[e["name"], e["title"], e["role"], e["contact_note"]] for e in data["experts"]])
    table("Challenges", ["description"], [[c["description"]] for c in data["challenges"]])
    table("Statistics", ["counts", "value", "unit", "year"], [[x["counts"], x["value"], x["unit"], x["year"]] for x in data["statistics"]])


# --------------------------------------------------------------------------- outputs


def _split_route(store: GraphStore, route: str) -> tuple[str, str]:
    """ORIGIN:DESTINATION, where either side may itself contain ':' (region:europe)."""
    first: UnknownEntity | None = None
    for i, ch in enumerate(route):
        if ch == ":":
            try:
                return resolve(store, route[:i]), resolve(store, route[i + 1 :])
            except UnknownEntity as exc:
                first = first or exc
    assert first is not None
    raise first


@export_app.command("slides")
def export_slides(
    out: Path = typer.Option(..., "--out", help="where to write the .pptx", readable=False),
    country_: Optional[str] = typer.Option(None, "--country"),
    route: Optional[str] = typer.Option(None, "--route", help="ORIGIN:DESTINATION, e.g. CHN:FRA"),
    threshold: int = typer.Option(5, "--threshold", min=0, help="counts below this show as '<N' (0: off)"),
) -> None:
    """A 16:9 briefing deck for the whole picture, one country or one route."""
    from dashboard.slides import Scope, deck_bytes

    check_output(out)  # refuse a folder, a FIFO, a read-only file... before building the deck
    s = state.store()
    if country_ and route:
        fail("use either --country or --route, not both")
    if route:
        if ":" not in route:
            fail(f"--route {route!r}: expected ORIGIN:DESTINATION, e.g. CHN:FRA")
        scope = Scope.route(*_split_route(s, route))
    elif country_:
        scope = Scope.country(resolve_country(s, country_))
    else:
        scope = Scope.everything()
    path = write_output(out, deck_bytes(s, scope, threshold=threshold))
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
    app_file = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    cmd = [
        # -P: do not put the current folder on sys.path (a click.py there would shadow click)
        sys.executable, "-P", "-m", "streamlit", "run", str(app_file),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--theme.base", "light",
    ]
    print(f"ctgraph dashboard on http://{address}:{port}", flush=True)
    sys.stderr.flush()
    # Become Streamlit (no child left behind when this process is stopped).
    os.execv(sys.executable, cmd)


def main() -> None:
    """Console entry point: turn every ctgraph error into one Error: line."""
    try:
        app(standalone_mode=True)
    except SourceValidationError as exc:
        error_line(exc)
        sys.exit(1)
    except CtgraphError as exc:
        error_line(exc)
        sys.exit(1)


if __name__ == "__main__":
    main()
