"""The offline path for a first bulk load into Neo4j: CSV files for ``neo4j-admin database import full``.

An online load (:meth:`graph.neo4j_store.Neo4jStore.load`) goes through
Cypher transactions; for a first load of millions of records into an empty
database, Neo4j's offline importer is much faster: it writes the store files
directly, with the server stopped. :func:`write_import_files` writes, for a
list of batches, one node file per label and one relationship file per type
in the importer's CSV format (header row with ``:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID``, ``:TYPE`` and typed property columns), plus the
bookkeeping ctgraph's loads keep (one active ``CtgraphLoad`` per batch, the
data version), so that after the import the database is exactly what
online loads of the same batches would have written: the same records with
the same ``_batch``/``_load`` properties, readable and re-loadable by ctgraph.
The constraints and indexes are created by the first ctgraph command that
writes (:meth:`~graph.neo4j_store.Neo4jStore.ensure_schema`), or by
``python -m graph.bulk_import --schema`` printed commands.

Then, with the server stopped and an empty database::

    neo4j-admin database import full neo4j --overwrite-destination=true \\
        --array-delimiter=U+001F --multiline-fields=true \\
        --nodes=import/nodes_Country.csv --nodes=import/nodes_Flow.csv ... \\
        --relationships=import/rels_FROM.csv ...

:attr:`ImportFiles.argv` holds exactly that argument list. The array
delimiter is the ASCII unit separator (no quote or name contains control
characters: the readers refuse them), so list values never split wrongly.

Properties are typed per column from the values (``string``, ``long``,
``double``, ``boolean`` and their arrays); a column whose values mix ints
and floats becomes ``double``; an empty list is written as an empty array
only when its column is an array column of a known type (else ``string[]``).
Ids must be unique across labels, which ctgraph's id prefixes guarantee
(countries are ISO codes, everything else ``label:...``).

Examples
--------
>>> from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
>>> import tempfile
>>> b = GraphBatch("demo", [NodeRecord("Country", "CHN", {"iso3": "CHN", "name": "China"}),
...                         NodeRecord("Flow", "flow:x", {"victims": ["women"], "victims_count": 3})],
...                [RelRecord("FROM", "flow:x", "CHN")])
>>> with tempfile.TemporaryDirectory() as d:
...     files = write_import_files([b], Path(d), load_ids={"demo": "bulk-demo"})
...     print((Path(d) / "nodes_Flow.csv").read_text().splitlines()[0])
id:ID,:LABEL,_batch:string,_load:string,victims:string[],victims_count:long
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctgraph.graph.batch import NODE_LABELS, REL_TYPES, GraphBatch
from ctgraph.graph.cypher import LOAD_LABEL, STATE_LABEL

if TYPE_CHECKING:  # pragma: no cover
    from ctgraph.graph.neo4j_store import Neo4jStore

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "write_import_files", "restore_empty_lists"]

#: Between the elements of an array value (the importer's --array-delimiter=U+001F).
ARRAY_DELIMITER = "\x1f"

_SCALAR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


@dataclass
class ImportFiles:
    """What :func:`write_import_files` wrote and how to import it."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    records: int = 0
    multiline: bool = False
    #: Empty lists the importer cannot write (it reads an empty field as "no
    #: property"): label -> rows {id, load, props}, (type, start label, end label)
    #: -> rows {start, end, key, load, props}. :func:`restore_empty_lists` writes them.
    empty_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    empty_rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def argv(self, database: str = "neo4j", admin: Sequence[str] = ("neo4j-admin",)) -> list[str]:
        """The ``neo4j-admin database import full`` command line for these files."""
        # the database first: after --nodes/--relationships it would be read as one more file
        args = [*admin, "database", "import", "full", database, "--overwrite-destination=true",
                "--array-delimiter=U+001F", f"--report-file={self.folder / 'import.report'}"]
        if self.multiline:
            args.append("--multiline-fields=true")
        args += [f"--nodes={p}" for p in self.nodes]
        args += [f"--relationships={p}" for p in self.relationships]
        return args


def _type_of(values: Iterable[Any]) -> str:
    """The importer type of a column from its values."""
    kinds: set[str] = set()
    array: bool | None = None
    for v in values:
        if isinstance(v, list):
            array = True
            kinds.update(_SCALAR_TYPES[type(x)] for x in v)
        else:
            array = False if array is None else array
            kinds.add(_SCALAR_TYPES[type(v)])
    if kinds == {"long", "double"}:
        kinds = {"double"}
    kind = kinds.pop() if len(kinds) == 1 else "string"
    return kind + ("[]" if array else "")


def _text(value: Any, kind: str) -> str:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_text(v, kind.removesuffix("[]")) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind.startswith("double") and isinstance(value, int):
        return repr(float(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write(path: Path, fixed: list[str], rows: list[tuple[list[str], dict[str, Any]]]) -> bool:
    """One CSV file: ``fixed`` columns, then a typed column per property key;
    True if a value holds a line break (the importer then needs --multiline-fields).

    Every present value is quoted (so an empty string stays an empty string);
    an absent property is an empty, unquoted field (no property)."""
    keys = sorted({k for _fixed, props in rows for k in props})
    types = {k: _type_of(props[k] for _f, props in rows if k in props) for k in keys}
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join([*fixed, *(f"{k}:{types[k]}" for k in keys)]) + "\n")
        for values, props in rows:
            cells = [_quoted(v) for v in values]
            cells += [_quoted(_text(props[k], types[k])) if k in props else "" for k in keys]
            line = ",".join(cells)
            multiline = multiline or "\n" in line or "\r" in line
            fh.write(line + "\n")
    return multiline


def write_import_files(  # noqa: C901
    batches: Sequence[GraphBatch], folder: Path, load_ids: dict[str, str] | None = None
) -> ImportFiles:
    """Write the importer's CSV files for ``batches`` (later batches win, as
    later loads do) into ``folder``; each batch gets a load id (``load_ids``,
    else a new one) registered as its active load."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = dict(load_ids or {})
    nodes: dict[str, tuple[str, dict[str, Any]]] = {}  # id -> (label, props)
    rels: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    counts: dict[str, int] = defaultdict(int)
    for b in batches:
        load = ids.setdefault(b.name, "bulk-" + uuid.uuid4().hex)
        for n in b.nodes:
            if n.label not in NODE_LABELS:
                raise ValueError(f"unknown node label {n.label!r}")
            if n.label == "Country":
                label, props = nodes.get(n.id, (n.label, {}))
                nodes[n.id] = (n.label, {**props, **n.props})
            elif n.id in b.shared:
                nodes.setdefault(n.id, (n.label, dict(n.props)))
            else:
                props = {**n.props, "_batch": b.name, "_load": load}
                if n.id in b.origins:
                    props["_origin"] = b.origins[n.id]
                nodes[n.id] = (n.label, props)
            counts[b.name] += 1
        for r in b.rels:
            if r.type not in REL_TYPES:
                raise ValueError(f"unknown relationship type {r.type!r}")
            rels[(r.start, r.type, r.end, r.key)] = {**r.props, "key": r.key, "_batch": b.name, "_load": load}
            counts[b.name] += 1
    for (start, rtype, end, _key) in rels:
        for end_id in (start, end):
            if end_id not in nodes:
                raise ValueError(f"relationship {rtype} refers to missing node {end_id!r}")
    out = ImportFiles(folder)
    for ident, (label, props) in sorted(nodes.items()):
        empty = {k: v for k, v in props.items() if v == []}
        if empty:
            out.empty_nodes.setdefault(label, []).append({"id": ident, "load": props.get("_load"), "props": empty})
    for (start, rtype, end, key), props in sorted(rels.items()):
        empty = {k: v for k, v in props.items() if v == []}
        if empty:
            out.empty_rels.setdefault((rtype, nodes[start][0], nodes[end][0]), []).append(
                {"start": start, "end": end, "key": key, "load": props["_load"], "props": empty}
            )
    by_label: dict[str, list[tuple[list[str], dict[str, Any]]]] = defaultdict(list)
    for ident, (label, props) in sorted(nodes.items()):
        by_label[label].append(([ident, label], props))
    for label in NODE_LABELS:
        if by_label.get(label):
            path = folder / f"nodes_{label}.csv"
            out.multiline |= _write(path, ["id:ID", ":LABEL"], by_label[label])
            out.nodes.append(path)
    book: list[tuple[list[str], dict[str, Any]]] = [
        ([load, LOAD_LABEL], {"batch": name, "state": "active", "seq": 1, "records": counts[name]})
        for name, load in sorted(ids.items())
        if name in counts
    ]
    book.append((["state", STATE_LABEL], {"version": 1}))
    path = folder / "nodes_ctgraph.csv"
    _write(path, ["id:ID", ":LABEL"], book)
    out.nodes.append(path)
    by_type: dict[str, list[tuple[list[str], dict[str, Any]]]] = defaultdict(list)
    for (start, rtype, end, _key), props in sorted(rels.items()):
        by_type[rtype].append(([start, end, rtype], props))
    for rtype in dict.fromkeys(REL_TYPES):
        if by_type.get(rtype):
            path = folder / f"rels_{rtype}.csv"
            out.multiline |= _write(path, [":START_ID", ":END_ID", ":TYPE"], by_type[rtype])
            out.relationships.append(path)
    out.records = len(nodes) + len(rels)
    return out


def restore_empty_lists(store: Neo4jStore, files: ImportFiles) -> int:
    """Write the empty-list properties of an imported database (the importer
    leaves them out); how many records got one? Run once, after the import,
    with the server started."""
    return store.add_props(files.empty_nodes, files.empty_rels)
