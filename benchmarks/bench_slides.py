"""How long does exporting a briefing deck take? (issue 5: the seed deck in under 5 s)

Run: ``.venv/bin/python benchmarks/bench_slides.py [--flows N] [--repeat R]``

Each figure is the best of ``--repeat`` runs, in one process, for the seed
knowledge base (and, with ``--flows N``, a synthetic graph of N flows from
:func:`ingest.synthetic.synthetic_batch`):

- ``queries``: only the store queries a deck needs (:func:`dashboard.slides.collect`),
  the baseline;
- ``pictures``: the route map and network PNGs;
- ``deck``: the whole export (:func:`dashboard.slides.write_deck`: queries,
  pictures, layout, PPTX written to a temporary file).

``cold CLI`` times ``ctgraph export slides`` as a user runs it (a fresh
process: Python start-up, seed validation, imports, the deck) next to
``ctgraph gaps --json`` (the same start-up and store, one query) as baseline.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import pictures
from dashboard.slides import Scope, collect, ranked_routes, write_deck
from graph.memory import MemoryStore
from graph.store import GraphStore
from tests.conftest import seeded_memory_store

LIMIT_SECONDS = 5.0


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def draw(store: GraphStore, scope: Scope) -> None:
    b = collect(store, scope)
    routes = ranked_routes(b.routes)[:40]
    ends = {e for r in routes for e in (r["source"], r["destination"])}
    pos = pictures.endpoint_positions_from(ends, b.candidates, b.jurisdiction)
    cov = pictures.coverage_from_gaps(routes, b.coverage_gaps, b.jurisdiction, b.agreements)
    pictures.route_map_png(routes, pos, cov.level, b.names, size=(12.0, 5.1))
    pictures.network_png(routes, cov.level, b.names, cov.instruments, b.jurisdiction, size=(12.0, 5.1))


def bench(label: str, store: GraphStore, scopes: dict[str, Scope], repeat: int, out: Path) -> None:
    for name, scope in scopes.items():
        q = best(lambda: collect(store, scope), repeat)
        p = best(lambda: draw(store, scope), repeat)
        d = best(lambda: write_deck(store, scope, out), repeat)
        print(f"{label:<16} {name:<12} queries {q:6.2f} s   pictures {p:6.2f} s   deck {d:6.2f} s"
              f"   (deck = {d / q:5.1f} x queries)")


def cold_cli(args: list[str], home: Path) -> float:
    """Seconds for one fresh ``ctgraph ARGS`` process on the memory store."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "CTGRAPH_STORE")}
    env["CTGRAPH_HOME"] = str(home)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ctgraph.cli", *args], check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flows", type=int, default=0, help="also a synthetic graph with this many flows")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "deck.pptx"
        t = time.perf_counter()
        seed = seeded_memory_store()
        print(f"seed store built in {time.perf_counter() - t:.2f} s")
        draw(seed, Scope.everything())  # warm imports and caches once; cold start is timed below
        bench("seed", seed, {"everything": Scope.everything(), "CHN": Scope.country("CHN"),
                             "CHN:DEU": Scope.route("CHN", "DEU")}, args.repeat, out)
        if args.flows:
            from ingest.synthetic import synthetic_batch

            big = MemoryStore(home=None)
            big.load(synthetic_batch(args.flows))
            top = big.gaps()[0]["source"]
            bench(f"synthetic {args.flows}", big, {"everything": Scope.everything(), top: Scope.country(top)},
                  args.repeat, out)
        home = Path(tmp) / "home"
        base = min(cold_cli(["gaps", "--json"], home) for _ in range(args.repeat))
        cold = min(cold_cli(["export", "slides", "--out", str(out)], home) for _ in range(args.repeat))
        verdict = "OK" if cold < LIMIT_SECONDS else "TOO SLOW"
        print(f"cold CLI (best of {args.repeat}): ctgraph gaps --json {base:.2f} s (baseline);"
              f" ctgraph export slides --out deck.pptx {cold:.2f} s [{verdict}: limit {LIMIT_SECONDS:.0f} s]")


if __name__ == "__main__":
    main()
