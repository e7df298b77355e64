"""How fast does the project's Neo4j loader write, against a hand-written batched UNWIND, a naive loop and the offline importer?

Usage (needs a running server; see tools/neo4j/README.md)::

    export NEO4J_PASSWORD=...
    eval "$(python tools/neo4j/server.py start)"
    python benchmarks/bench_neo4j_load.py [--sizes 10000 100000] [--naive-sample 2000] [--targets]
    python benchmarks/bench_neo4j_load.py --ceiling 100000 1000000 [--offline]

Records come from :func:`ingest.synthetic.synthetic_batch` (deterministic).

``--ceiling N...``: the whole generated graph for N flows, loaded by
``Neo4jStore.load`` (staged: versioned records in transactions of
``BATCH_ROWS`` rows, switched on in one small transaction, the replaced
version deleted after) against a hand-written batched UNWIND (plain ``UNWIND
$rows CREATE`` in transactions of the same size, no versions, no checks: the
engine's online ceiling), each on an emptied database, in the same run, with
whatever heap the server has (the project's server: -Xmx2g). Then a re-load
of the same batch (a new version beside the old, then the switch and the
clean-up). With ``--offline``, the first-load path that needs no server:
:func:`graph.bulk_import.write_import_files` writes the CSV files and
``neo4j-admin database import full`` (run from the Neo4j jars Maven Central
provides, tools/neo4j/lib: ``org.neo4j.cli.AdminTool``) imports them into a
private database, which a private server (``NEO4J_RUN_DIR``) then opens.

Without ``--ceiling``, two measurements per size N, each against the naive loop, in the same run:

A. **flow records**: N Flow records (one node with its props each: victims,
   exploitation, scope, data set counts per year...), the unit of a data set
   import. Loader: ``Neo4jStore.load`` of a batch of those N records. Naive:
   one ``MERGE (f:Flow {id: $id}) SET f += $props`` per record, each in its
   own auto-commit transaction (``session.run``). The targets (>= 20,000
   records/s, >= 30x the naive loop) are checked on this measurement.
B. **whole graph**: the full synthetic batch for N flows (every flow with its
   FROM, TO and EVIDENCE relationships, plus ~1,600 countries, regions,
   agencies, agreements... and their relationships). Rates are given per
   graph record (one node or one relationship, graph.batch.NodeRecord /
   RelRecord) and per flow. Naive: one MERGE statement per graph record
   (relationships: MATCH both ends, MERGE), auto-commit each.

Both loaders run after an untimed warm-up (query plans cached, JIT warm: the
project's server runs C1-only by default, so start it with
``NEO4J_JAVA_OPTS="-Xmx4g -XX:TieredStopAtLevel=4"`` for benchmarks), on
an emptied database with the id constraints in place. The naive loop is
measured on the first ``--naive-sample`` records and extrapolated (the output
says so): a naive run of 100,000 records takes many minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ctgraph.graph import cypher
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.neo4j_store import BATCH_ROWS, SINGLE_TX_RECORDS, Neo4jStore, endpoint_label
from ctgraph.ingest.synthetic import synthetic_batch

ROOT = Path(__file__).resolve().parent.parent

TARGET_RATE = 20_000
TARGET_RATIO = 30.0


def open_store() -> Neo4jStore:
    uri, pw = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD")
    if not uri or not pw:
        sys.exit("Error: set NEO4J_URI and NEO4J_PASSWORD (python tools/neo4j/server.py start)")
    return Neo4jStore(
        uri, os.environ.get("NEO4J_USER", "neo4j"), pw, os.environ.get("NEO4J_DATABASE", "neo4j"), timeout_s=600
    )


def flow_nodes(batch: GraphBatch) -> GraphBatch:
    return GraphBatch(batch.name + "-flows", [n for n in batch.nodes if n.label == "Flow"], [])


def timed_load(store: Neo4jStore, batch: GraphBatch) -> float | None:
    store.clear()
    store.ensure_schema()
    t0 = time.perf_counter()
    try:
        store.load(batch)
    except StoreUnavailable as exc:
        print(f"  loader: {exc}")
        return None
    return time.perf_counter() - t0


def naive_flow_nodes(store: Neo4jStore, records: list[NodeRecord]) -> float:
    store.clear()
    with store._db().session(database=store.database) as session:
        t0 = time.perf_counter()
        for n in records:
            session.run(cypher.naive_merge_node("Flow"), id=n.id, props=n.props).consume()  # auto-commit
        return time.perf_counter() - t0


def naive_graph_records(store: Neo4jStore, batch: GraphBatch, sample: int) -> tuple[int, float]:
    """One MERGE per graph record for the first flows' nodes and relationships."""
    flow_ids = [n.id for n in batch.nodes if n.label == "Flow"]
    records: list[NodeRecord | RelRecord] = []
    by_flow: dict[str, list[RelRecord]] = {}
    for r in batch.rels:
        by_flow.setdefault(r.start, []).append(r)
    nodes = {n.id: n for n in batch.nodes}
    for fid in flow_ids:
        if len(records) >= sample:
            break
        records.append(nodes[fid])
        records.extend(by_flow.get(fid, []))
    is_flow = set(flow_ids)
    context = GraphBatch(
        "context",
        [n for n in batch.nodes if n.label != "Flow"],
        [r for r in batch.rels if r.start not in is_flow],
    )
    store.clear()
    store.ensure_schema()
    store.load(context)
    labels = {n.id: n.label for n in batch.nodes}
    with store._db().session(database=store.database) as session:
        t0 = time.perf_counter()
        for rec in records:
            if isinstance(rec, NodeRecord):
                session.run(cypher.naive_merge_node(rec.label), id=rec.id, props=rec.props).consume()
            else:
                end_label = labels.get(rec.end) or endpoint_label(rec.end) or "Country"
                q = cypher.naive_merge_rel(rec.type, labels[rec.start], end_label)
                session.run(q, start=rec.start, end=rec.end, key=rec.key, props=rec.props).consume()
        return len(records), time.perf_counter() - t0


def plain_unwind(store: Neo4jStore, batch: GraphBatch) -> float:
    """The hand-written baseline: UNWIND $rows CREATE, BATCH_ROWS rows per
    transaction, nodes by label then relationships by type (ends matched by
    id on the same constraints' indexes); no versions, no id checks."""
    store.clear()
    store.ensure_schema()
    labels = {n.id: n.label for n in batch.nodes}
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in batch.nodes:
        nodes[n.label].append({"props": {**n.props, "id": n.id}})
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in batch.rels:
        end = labels.get(r.end) or endpoint_label(r.end) or "Country"
        rels[(r.type, labels[r.start], end)].append({"start": r.start, "end": r.end, "props": {**r.props, "key": r.key}})
    t0 = time.perf_counter()
    with store._db().session(database=store.database) as session:
        for label, rows in nodes.items():
            for i in range(0, len(rows), BATCH_ROWS):
                session.execute_write(lambda tx, q=cypher.plain_unwind_nodes(label), c=rows[i : i + BATCH_ROWS]: tx.run(q, rows=c).consume())
        for (rtype, sl, el), rows in rels.items():
            for i in range(0, len(rows), BATCH_ROWS):
                q = cypher.plain_unwind_rels(rtype, sl, el)
                session.execute_write(lambda tx, q=q, c=rows[i : i + BATCH_ROWS]: tx.run(q, rows=c).consume())
    return time.perf_counter() - t0


def offline_import(batch: GraphBatch, store_stats: dict[str, Any] | None) -> None:
    """CSV files, neo4j-admin import from the Maven jars, a private server on the result."""
    from ctgraph.graph.bulk_import import restore_empty_lists, write_import_files

    lib = ROOT / "tools" / "neo4j" / "lib"
    work = Path(tempfile.mkdtemp(prefix="ctgraph-bulk-"))
    home = work / "run" / "data"
    (home / "conf").mkdir(parents=True)
    try:
        t0 = time.perf_counter()
        files = write_import_files([batch], work / "csv")
        t_csv = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (work / "csv").iterdir()) / 2**20
        argv = files.argv(admin=["java", "-Xmx1g", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool"])
        t0 = time.perf_counter()
        out = subprocess.run(argv, env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
                             capture_output=True, text=True, check=False)
        t_import = time.perf_counter() - t0
        if out.returncode != 0:
            print(f"  offline: neo4j-admin failed (exit {out.returncode}): {out.stderr.strip()[-400:]}")
            return
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        pw = secrets.token_urlsafe(18)
        env = {**os.environ, "NEO4J_RUN_DIR": str(work / "run"), "NEO4J_PORT": str(port), "NEO4J_PASSWORD": pw}
        server = [sys.executable, str(ROOT / "tools" / "neo4j" / "server.py")]
        t0 = time.perf_counter()
        started = subprocess.run([*server, "start", "--keep"], env=env, capture_output=True, text=True, check=False)
        t_start = time.perf_counter() - t0
        if started.returncode != 0:
            print(f"  offline: the server did not start on the imported database: {started.stderr.strip()[-300:]}")
            return
        try:
            imported = Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", pw, timeout_s=600)
            t0 = time.perf_counter()
            imported.ensure_schema()
            fixed = restore_empty_lists(imported, files)
            t_after = time.perf_counter() - t0
            same = store_stats is None or imported.stats() == store_stats
            imported.close()
        finally:
            subprocess.run([*server, "stop"], env=env, capture_output=True, check=False)
        records = files.records
        print(f"  offline: CSV {t_csv:6.1f} s ({size:,.0f} MiB) + neo4j-admin import {t_import:6.1f} s"
              f" = {records / (t_csv + t_import):10,.0f} records/s; server start {t_start:.0f} s, constraints"
              f" + {fixed:,} empty lists {t_after:.1f} s; stats equal to the online load: {same}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ceiling(store: Neo4jStore, sizes: list[int], offline: bool) -> None:
    print(f"loader = Neo4jStore.load: staged above {SINGLE_TX_RECORDS:,} records, {BATCH_ROWS:,} rows per transaction")
    print(f"plain  = hand-written UNWIND $rows CREATE, {BATCH_ROWS:,} rows per transaction, no versions (the ceiling)")
    for n in sizes:
        t0 = time.perf_counter()
        batch = synthetic_batch(n, seed=0)
        records = len(batch.nodes) + len(batch.rels)
        print(f"\n{n:,} flows: {records:,} records (generated in {time.perf_counter() - t0:.0f} s)")
        plain = plain_unwind(store, batch)
        print(f"  plain   {plain:8.1f} s  {records / plain:10,.0f} records/s")
        store.clear()
        store.ensure_schema()
        t0 = time.perf_counter()
        store.load(batch)
        first = time.perf_counter() - t0
        print(f"  loader  {first:8.1f} s  {records / first:10,.0f} records/s   = {plain / first:.2f} of the ceiling")
        stats = store.stats()
        t0 = time.perf_counter()
        store.load(batch)
        again = time.perf_counter() - t0
        same = store.stats() == stats
        print(f"  re-load {again:8.1f} s  {records / again:10,.0f} records/s   (new version, switch, old one deleted;"
              f" same graph: {same})")
        if offline:
            offline_import(batch, stats)
        del batch
    store.clear()


def verdict(rate: float, ratio: float) -> str:
    ok = rate >= TARGET_RATE and ratio >= TARGET_RATIO
    return ("met" if ok else "NOT met") + f" (targets: >= {TARGET_RATE:,} records/s, >= {TARGET_RATIO:.0f}x)"


def main() -> int:
    ap = argparse.ArgumentParser(description="Neo4j loader vs naive per-record MERGE loop")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--naive-sample", type=int, default=2_000)
    ap.add_argument("--warmup", type=int, default=20_000, help="flows loaded twice, untimed, to warm plans and JIT")
    ap.add_argument("--targets", action="store_true", help="exit 1 when a target of measurement A is missed")
    ap.add_argument("--ceiling", type=int, nargs="+", help="flows: the loader against a batched UNWIND")
    ap.add_argument("--offline", action="store_true", help="with --ceiling: also the neo4j-admin import path")
    args = ap.parse_args()

    store = open_store()
    if args.ceiling:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"Neo4j load ceiling: {platform.node()}, {os.cpu_count()} cores, load average {load:.1f}, {store.uri}")
        try:
            ceiling(store, args.ceiling, args.offline)
        finally:
            store.close()
        return 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Neo4j load benchmark: {platform.node()}, {os.cpu_count()} cores, load average {load:.1f}, {store.uri} db={store.database}")
    print(f"loader = Neo4jStore.load: UNWIND batches of {BATCH_ROWS:,} rows, versioned records, staged above {SINGLE_TX_RECORDS:,}")
    print("naive  = one MERGE statement per record, each its own auto-commit transaction")
    ok = True
    try:
        warm = synthetic_batch(args.warmup, seed=1)
        t0 = time.perf_counter()
        for _ in range(2):
            timed_load(store, warm)
            timed_load(store, flow_nodes(warm))
        naive_flow_nodes(store, [n for n in warm.nodes if n.label == "Flow"][:500])
        naive_graph_records(store, warm, 500)
        print(f"warm-up (untimed): {args.warmup:,}-flow loads x2, 500 naive records each ({time.perf_counter() - t0:.0f} s)")
        for n in args.sizes:
            batch = synthetic_batch(n, seed=0)
            flows = flow_nodes(batch)
            sample = min(args.naive_sample, n)

            print(f"\nA. {n:,} flow records (Flow nodes with their props)")
            secs = timed_load(store, flows)
            naive_s = naive_flow_nodes(store, flows.nodes[:sample])
            naive_rate = sample / naive_s
            if secs is not None:
                rate = n / secs
                print(f"  loader {secs:8.2f} s  {rate:10,.0f} records/s")
            print(f"  naive  {naive_s:8.2f} s  {naive_rate:10,.0f} records/s   measured on {sample:,} records"
                  + (f", extrapolated: ~{n / naive_rate:,.0f} s for {n:,}" if sample < n else ""))
            if secs is not None:
                ratio = rate / naive_rate
                print(f"  ratio  {ratio:,.1f}x   -> {verdict(rate, ratio)}")
                ok = ok and rate >= TARGET_RATE and ratio >= TARGET_RATIO
            else:
                ok = False

            records = len(batch.nodes) + len(batch.rels)
            print(f"B. whole graph for {n:,} flows: {records:,} graph records ({len(batch.nodes):,} nodes, {len(batch.rels):,} relationships)")
            secs = timed_load(store, batch)
            done, naive_s = naive_graph_records(store, batch, sample)
            naive_rate = done / naive_s
            if secs is not None:
                print(f"  loader {secs:8.2f} s  {records / secs:10,.0f} graph records/s  ({n / secs:,.0f} flows/s)")
            print(f"  naive  {naive_s:8.2f} s  {naive_rate:10,.0f} graph records/s   measured on {done:,} records"
                  f", extrapolated: ~{records / naive_rate:,.0f} s for {records:,}")
            if secs is not None:
                ratio = (records / secs) / naive_rate
                print(f"  ratio  {ratio:,.1f}x   -> {verdict(records / secs, ratio)}")
        store.clear()
    finally:
        store.close()
    return 0 if ok or not args.targets else 1


if __name__ == "__main__":
    raise SystemExit(main())
