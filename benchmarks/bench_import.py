"""Import the full GLOTIP and CTDC files and time the queries over the result.

Usage (from the project root)::

    .venv/bin/python benchmarks/bench_import.py [--data ../shared/data] [--neo4j]

Prints, for each data set: the baseline (a plain ``csv.reader`` pass over the
file, measured in the same run), the import (read, check, aggregate into a
batch), the load into the embedded store (persisted to a temporary
CTGRAPH_HOME) and, with ``--neo4j`` and NEO4J_URI/NEO4J_PASSWORD set, into
Neo4j; then ``gaps``, ``routes`` and ``country CHN`` over the resulting graph,
in-process and as a fresh ``ctgraph`` process (which includes opening the
store). Peak memory: Python allocations during the import (tracemalloc, a
separate run so it does not slow the timed one) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctgraph.graph.batch import GraphBatch
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.registry import import_dataset

FILES = {
    "glotip": "unodc-glotip-2025/data_glotip_2025.csv",
    "ctdc": "ctdc-global-2020-extract/ctdc_global_2020_extract.csv",
}


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def baseline(path: Path) -> tuple[float, int]:
    def parse() -> int:
        with path.open(encoding="utf-8", newline="") as fh:
            return sum(1 for _ in csv.reader(fh)) - 1

    return timed(parse)


def peak_import_mb(kind: str, path: Path) -> float:
    tracemalloc.start()
    import_dataset(kind, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def queries(label: str, store: Any) -> None:
    for name, ask in [
        ("gaps", lambda: store.gaps()),
        ("routes", lambda: store.routes()),
        ("routes --from CHN --max-hops 2", lambda: store.routes("CHN", max_hops=2)),
        ("country CHN", lambda: store.country("CHN")),
    ]:
        cold, out = timed(ask)
        warm, _ = timed(ask)
        size = len(out) if isinstance(out, list) else len(out.get("flows_out", []))
        print(f"  {label:<8} {name:<32} {cold:7.3f} s, again {warm:6.3f} s   ({size} items)")


def cli(home: Path, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["CTGRAPH_HOME"] = str(home)
    seconds, proc = timed(
        lambda: subprocess.run(
            [str(Path(sys.executable).with_name("ctgraph")), *args],
            env=env, capture_output=True, check=True,
        )
    )
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--neo4j", action="store_true", help="also load into Neo4j (NEO4J_URI, NEO4J_PASSWORD)")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"bench_import: no data folder at {args.data} (use --data)")

    home = Path(tempfile.mkdtemp(prefix="ctgraph-bench-"))
    store = MemoryStore(home=home)
    batches: list[GraphBatch] = []
    print(f"{'data set':<8} {'rows':>7} {'csv parse':>10} {'import':>8} {'load mem':>9} {'peak alloc':>11}")
    for kind, rel in FILES.items():
        path = args.data / rel
        base, rows = baseline(path)
        t_import, (batch, summary) = timed(lambda: import_dataset(kind, path))
        t_load, _ = timed(lambda: store.load(batch))
        peak = peak_import_mb(kind, path)
        batches.append(batch)
        print(f"{kind:<8} {rows:>7} {base:>9.2f}s {t_import:>7.2f}s {t_load:>8.2f}s {peak:>9.0f} MB")
        nodes = batch.counts().nodes
        print(
            f"         -> {nodes.get('Flow', 0)} flows, {nodes.get('Statistic', 0)} statistics, "
            f"unmapped names: {len(summary['unmapped'])}"
        )
    t_open, reopened = timed(lambda: MemoryStore(home=home))
    print(f"\nembedded store, re-opened from {home} in {t_open:.2f} s")
    queries("memory", reopened)
    for args_ in (("gaps", "--json"), ("routes", "--json"), ("country", "CHN", "--json")):
        print(f"  cli      ctgraph {' '.join(args_):<24} {cli(home, *args_):7.3f} s   (fresh process, store opened)")

    if args.neo4j:
        if not os.environ.get("NEO4J_URI"):
            print("\nneo4j: skipped (NEO4J_URI is not set; start one with tools/neo4j/server.py start)")
        else:
            from ctgraph.graph.config import Settings
            from ctgraph.graph.neo4j_store import Neo4jStore

            with Neo4jStore.from_settings(Settings()) as neo:
                from ctgraph.ingest.seed import seed_batch, validate_paths

                neo.load(seed_batch(validate_paths()))
                print()
                for b in batches:
                    t, _ = timed(lambda: neo.load(b))
                    print(f"neo4j    load {b.name:<8} {t:7.2f} s")
                queries("neo4j", neo)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
