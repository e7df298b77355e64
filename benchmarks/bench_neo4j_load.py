"""How fast does the project's Neo4j loader write flow records, against a naive loop?

Usage (needs a running server; see tools/neo4j/README.md)::

    export NEO4J_PASSWORD=...
    eval "$(python tools/neo4j/server.py start)"
    python benchmarks/bench_neo4j_load.py [--sizes 10000 100000] [--naive-sample 2000] [--targets]

Records come from :func:`ingest.synthetic.synthetic_batch` (deterministic).
Two measurements per size N, each against the naive loop, in the same run:

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
says so): a naive run of 100,000 records takes many minutes. The project's
loader writes each batch in ONE transaction (all or nothing); a batch too big
for the server's transaction memory is reported, not split (give the server
more heap, e.g. ``NEO4J_JAVA_OPTS=-Xmx4g``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from graph import cypher
from graph.batch import GraphBatch, NodeRecord, RelRecord
from graph.errors import StoreUnavailable
from graph.neo4j_store import BATCH_ROWS, Neo4jStore, endpoint_label
from ingest.synthetic import synthetic_batch

TARGET_RATE = 20_000
TARGET_RATIO = 30.0


def open_store() -> Neo4jStore:
    uri, pw = os.environ.get("NEO4J_URI"), os.environ.get("NEO4J_PASSWORD")
    if not uri or not pw:
        sys.exit("Error: set NEO4J_URI and NEO4J_PASSWORD (python tools/neo4j/server.py start)")
    return Neo4jStore(
        uri, os.environ.get("NEO4J_USER", "neo4j"), pw, os.environ.get("NEO4J_DATABASE", "neo4j"), timeout_s=5
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


def verdict(rate: float, ratio: float) -> str:
    ok = rate >= TARGET_RATE and ratio >= TARGET_RATIO
    return ("met" if ok else "NOT met") + f" (targets: >= {TARGET_RATE:,} records/s, >= {TARGET_RATIO:.0f}x)"


def main() -> int:
    ap = argparse.ArgumentParser(description="Neo4j loader vs naive per-record MERGE loop")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--naive-sample", type=int, default=2_000)
    ap.add_argument("--warmup", type=int, default=20_000, help="flows loaded twice, untimed, to warm plans and JIT")
    ap.add_argument("--targets", action="store_true", help="exit 1 when a target of measurement A is missed")
    args = ap.parse_args()

    store = open_store()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Neo4j load benchmark: {platform.node()}, {os.cpu_count()} cores, load average {load:.1f}, {store.uri} db={store.database}")
    print(f"loader = Neo4jStore.load: UNWIND batches of {BATCH_ROWS:,} rows, MERGE on id, one managed write transaction")
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
