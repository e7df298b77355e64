"""Concurrent dashboard sessions on loopback: page latency, errors and server memory.

Usage (from the project root)::

    .venv/bin/python benchmarks/bench_sessions.py [--sessions 20,50] [--data seed,real]
        [--client ws|browser] [--rounds 1] [--deadline 900]

For each data set (``seed``: the seed report; ``real``: the seed plus GLOTIP,
CTDC and the UNTC TIP Protocol table from ``../shared/data``, skipped when
absent) it makes a private CTGRAPH_HOME, loads it with ``ctgraph load`` /
``ctgraph import``, starts ``ctgraph dashboard --port N`` on 127.0.0.1 (the
embedded store, NEO4J_* unset) and waits for its health check. Then:

1. **Cold, 1 session**: the first visit of each page after start (the
   answers are computed; this is the baseline of the run).
2. **Warm, 1 session**: the same pages again, alone (answers cached).
3. **N concurrent sessions**, for each N of ``--sessions``: every session
   opens its own connection and visits Overview, Routes, Cooperation gaps and
   Country profile (a different country per session, as people look at
   different countries) ``--rounds`` times, starting within one second of each
   other, each page as soon as the last one is there (a burst: the worst
   case), or after a pause of up to ``--think`` seconds.

It reports p50/p95/max page latency (overall and per page), the ratio of
the concurrent p95 to the warm single-session p95, errors (an exception or
error box on the page, a missing page title, a dropped connection, no answer
within the page timeout, or the deadline), the server's peak and final RSS
(``/proc/<pid>/status`` of the streamlit process, sampled every 0.2 s) and the
CPU seconds the server used (``/proc/<pid>/stat``), then stops the server.
Each phase stops by itself at ``--deadline`` seconds (what is still running
then counts as errors). With ``--profile`` and py-spy installed, the server is
sampled during the concurrent phases (the thread holding the GIL) and the
report says which project functions and libraries the time goes to (raw
samples in ``out/bench_sessions/``, py-spy's collapsed format). The
server runs with Streamlit's file watcher off (see :func:`env_for`).

Clients. ``ws`` (default) speaks Streamlit's own websocket protocol
(``/_stcore/stream``, the ``BackMsg``/``ForwardMsg`` protobufs the browser
sends and receives): a page's latency is from the request to rerun the page
to the server's ``script_finished``, which is when a browser has every
element of the page. A real browser per session does the same plus drawing;
50 headless Chromium tabs on a 2-core machine would spend most of the CPU on
drawing (and starve the server being measured), so they are the
``--client browser`` option (Playwright with ``/usr/bin/chromium``: a page
counts as loaded when its title is shown and Streamlit's "running" indicator
is gone), for spot checks at lower counts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"  # ../shared/data, as on every developer machine and in CI
REAL_IMPORTS = [
    ["import", "glotip", "unodc-glotip-2025/data_glotip_2025.csv"],
    ["import", "ctdc", "ctdc-global-2020-extract/ctdc_global_2020_extract.csv"],
    ["import", "untc", "untc-tip-protocol-2023/untc_XVIII-12-a_2023.csv", "--treaty", "XVIII-12-a"],
]
CTGRAPH = [sys.executable, "-P", "-c", "from ctgraph.cli import main; main()"]

#: (page name in the URL, query string, title the page must show)
PAGES: list[tuple[str, str, str]] = [
    ("", "", "Counter-trafficking routes and cooperation gaps"),
    ("routes", "", "Routes"),
    ("gaps", "", "Cooperation gaps"),
    ("country", "country={country}", "Country profile"),
]
PAGE_LABEL = {"": "Overview", "routes": "Routes", "gaps": "Cooperation gaps", "country": "Country profile"}
COUNTRIES = ["CHN", "THA", "DEU", "FRA", "VNM", "GBR", "ESP", "ITA", "NGA", "USA", "MMR", "KHM", "LAO", "PHL"]
PAGE_TIMEOUT_S = 300.0
CHROMIUM = Path(os.environ.get("CTGRAPH_CHROMIUM", "/usr/bin/chromium"))


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") and k != "CTGRAPH_STORE"}
    env["CTGRAPH_HOME"] = str(home)
    # A file that changes under a running server (an editor, a git pull) makes Streamlit's
    # watcher drop the app's modules while other sessions run them (KeyError: 'ctgraph.dashboard.state'):
    # a deployment runs without it, and so does this benchmark.
    env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    return env


def prepare(home: Path, kind: str) -> float:
    """Load the data set into ``home``; seconds taken."""
    t = time.perf_counter()
    env = env_for(home)
    subprocess.run([*CTGRAPH, "load"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    if kind == "real":
        for args in REAL_IMPORTS:
            cmd = [*CTGRAPH, *args[:2], str(DATA / args[2]), *args[3:]]
            subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    port: int
    samples: list[tuple[float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def rss_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def cpu_s(self) -> float:
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0

    def sample(self) -> None:
        while not self._stop.wait(0.2):
            self.samples.append((time.monotonic(), int(self.rss_mb())))

    def peak_since(self, t0: float) -> float:
        return max((mb for t, mb in self.samples if t >= t0), default=self.rss_mb())


@contextmanager
def dashboard(home: Path) -> Iterator[Server]:
    port = free_port()
    log = (home / "dashboard.log").open("wb")
    proc = subprocess.Popen(
        [*CTGRAPH, "dashboard", "--port", str(port)], env=env_for(home), cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = Server(proc, f"http://127.0.0.1:{port}", port)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dashboard did not start; see {home / 'dashboard.log'}")
            time.sleep(0.3)
        sampler = threading.Thread(target=server.sample, daemon=True)
        sampler.start()
        yield server
    finally:
        server._stop.set()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


# --------------------------------------------------------------------------- clients


@dataclass
class Visit:
    page: str
    seconds: float
    error: str = ""


async def ws_visit(ws: Any, page: str, query: str, title: str) -> Visit:
    """Ask the server to run one page, as the browser does when a user opens it."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    t = time.perf_counter()
    await ws.send(msg.SerializeToString())
    titles: list[str] = []
    problems: list[str] = []
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_S))
        kind = fm.WhichOneof("type")
        if kind == "page_not_found":
            problems.append("page not found")
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            et = el.WhichOneof("type")
            if et == "heading":
                titles.append(el.heading.body)
            elif et == "exception":
                problems.append(f"exception: {el.exception.type}: {el.exception.message[:120]}")
            elif et == "alert" and el.alert.format == 1:  # st.error
                problems.append(f"error box: {el.alert.body[:120]}")
        elif kind == "script_finished":
            seconds = time.perf_counter() - t
            if fm.script_finished != 0:  # FINISHED_SUCCESSFULLY
                problems.append(f"script finished with status {fm.script_finished}")
            if title not in titles:
                problems.append(f"title {title!r} not shown")
            return Visit(page, seconds, "; ".join(problems))


THINK_S = 0.0  # --think: a pause of up to this many seconds before each page (0: back to back)


async def ws_session(url: str, index: int, rounds: int, start_by: float) -> list[Visit]:
    import websockets

    await asyncio.sleep(random.uniform(0, start_by))
    visits: list[Visit] = []
    country = COUNTRIES[index % len(COUNTRIES)]
    try:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None, open_timeout=60, ping_interval=None,
        ) as ws:
            for _ in range(rounds):
                for page, query, title in PAGES:
                    if THINK_S:
                        await asyncio.sleep(random.uniform(0, THINK_S))
                    t = time.perf_counter()
                    try:
                        visits.append(await ws_visit(ws, page, query.format(country=country), title))
                    except TimeoutError:
                        visits.append(Visit(page, time.perf_counter() - t, "no answer in time"))
                        return visits
    except Exception as exc:  # a dropped or refused connection is an error of the run, not of the script
        visits.append(Visit("connect", 0.0, f"{type(exc).__name__}: {exc}"))
    return visits


async def ws_run(url: str, sessions: int, rounds: int, deadline_s: float) -> list[Visit]:
    tasks = [asyncio.create_task(ws_session(url, i, rounds, 1.0)) for i in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    visits = [v for t in done for v in t.result()]
    for t in pending:
        t.cancel()
        visits.append(Visit("deadline", deadline_s, "session still running at the deadline"))
    return visits


def browser_run(url: str, sessions: int, rounds: int, deadline_s: float) -> list[Visit]:
    from playwright.sync_api import sync_playwright

    visits: list[Visit] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline_s

    def session(index: int) -> None:
        country = COUNTRIES[index % len(COUNTRIES)]
        time.sleep(random.uniform(0, 1.0))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox",
                                        "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            page = browser.new_page()
            try:
                for _ in range(rounds):
                    for name, query, title in PAGES:
                        if time.monotonic() > stop_at:
                            raise TimeoutError("deadline")
                        target = f"{url}/{name}" + (f"?{query.format(country=country)}" if query else "")
                        t = time.perf_counter()
                        error = ""
                        try:
                            page.goto(target, wait_until="domcontentloaded", timeout=PAGE_TIMEOUT_S * 1000)
                            page.get_by_role("heading", name=title, exact=True).first.wait_for(
                                timeout=PAGE_TIMEOUT_S * 1000)
                            page.wait_for_function(
                                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                timeout=PAGE_TIMEOUT_S * 1000,
                            )
                            if page.locator('[data-testid="stException"]').count():
                                error = "exception on the page"
                        except Exception as exc:
                            error = f"{type(exc).__name__}: {str(exc)[:120]}"
                        with lock:
                            visits.append(Visit(name, time.perf_counter() - t, error))
            except TimeoutError:
                with lock:
                    visits.append(Visit("deadline", deadline_s, "session still running at the deadline"))
            finally:
                browser.close()

    threads = [threading.Thread(target=session, args=(i,), daemon=True) for i in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(max(stop_at - time.monotonic(), 0) + 60)
    return visits


# --------------------------------------------------------------------------- profile

#: py-spy names files relative to their sys.path entry: the project's start with these
PROJECT_DIRS = ("dashboard/", "graph/", "ingest/", f"{ROOT}/dashboard/", f"{ROOT}/graph/", f"{ROOT}/ingest/")


def start_profile(pid: int, out: Path, seconds: float) -> subprocess.Popen[bytes] | None:
    """py-spy (if installed) sampling the server's GIL holder: where the CPU time goes."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("  (no py-spy on PATH: pip install py-spy to see where the server's time goes)")
        return None
    return subprocess.Popen(
        [spy, "record", "--gil", "--format", "raw", "--rate", "50", "-d", str(int(seconds)), "-p", str(pid),
         "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _frame(text: str) -> tuple[str, str]:
    """(function, file) of one py-spy frame 'function (file:line)'; a page script that
    Streamlit runs is named by its bare file name, made ``dashboard/views/<name>`` here."""
    name, _, rest = text.partition(" (")
    file = rest.rsplit(":", 1)[0]
    if "/" not in file and (ROOT / "dashboard" / "views" / file).is_file():
        file = f"dashboard/views/{file}"
    return name, file


def report_profile(out: Path, top: int = 18) -> None:  # noqa: C901
    """Share of the GIL-holding samples spent under each project function, and in each
    library module the project calls directly."""
    if not out.exists():
        print("  (profile: no samples)")
        return
    total = 0
    inclusive: dict[str, int] = defaultdict(int)
    library: dict[str, int] = defaultdict(int)
    outside: dict[str, int] = defaultdict(int)
    for raw in out.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = raw.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";")]
        seen: set[str] = set()
        last_project = -1
        for i, (name, file) in enumerate(frames):
            if file.startswith(PROJECT_DIRS):
                key = f"{name} ({file.removeprefix(f'{ROOT}/')})"
                if key not in seen:
                    inclusive[key] += n
                    seen.add(key)
                last_project = i
        callee = frames[last_project + 1] if 0 <= last_project < len(frames) - 1 else None
        if callee is not None:
            parts = Path(callee[1].split("site-packages/")[-1]).parts
            library["/".join(parts[:2]) if len(parts) > 2 else "/".join(parts)] += n
        elif last_project < 0:
            library["(outside the app's code: see below)"] += n
            # which part of the server: the innermost Streamlit/starlette/protobuf frame, by module
            inner = next((f for f in reversed(frames) if f[1].startswith(("streamlit/", "starlette/", "uvicorn/",
                          "google/protobuf", "pyarrow/", "asyncio/", "websockets/"))), frames[-1])
            label = f"{inner[0]} ({inner[1]})"
            if inner is frames[-1] and inner[0] == "ScriptRunner._on_script_finished":
                label += ": gc.collect(2) after every run (Streamlit's runner.postScriptGC)"
            outside[label] += n
    if not total:
        print("  (profile: no samples)")
        return
    print(f"  where the server's time goes ({total} samples of the thread holding the GIL):")
    for key, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {100 * n / total:5.1f}%  {key}")
    print("  time in libraries the app calls directly:")
    for key, n in sorted(library.items(), key=lambda kv: -kv[1])[:10]:
        print(f"    {100 * n / total:5.1f}%  {key}")
    print("  outside the app's code, by innermost Streamlit/server frame:")
    for key, n in sorted(outside.items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {100 * n / total:5.1f}%  {key}")


# --------------------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(visits: list[Visit]) -> dict[str, Any]:
    ok = [v.seconds for v in visits if not v.error and v.page in PAGE_LABEL]
    per_page: dict[str, list[float]] = defaultdict(list)
    for v in visits:
        if not v.error and v.page in PAGE_LABEL:
            per_page[PAGE_LABEL[v.page]].append(v.seconds)
    errors = [v for v in visits if v.error]
    return {"ok": ok, "per_page": per_page, "errors": errors}


def line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<22} no successful visits"
    return (f"  {label:<22} n={len(values):<4} p50 {pct(values, 50):6.2f} s   p95 {pct(values, 95):6.2f} s   "
            f"max {max(values):6.2f} s")


def run_client(client: str, url: str, sessions: int, rounds: int, deadline_s: float) -> list[Visit]:
    if client == "browser":
        return browser_run(url, sessions, rounds, deadline_s)
    return asyncio.run(ws_run(url, sessions, rounds, deadline_s))


def bench(kind: str, counts: list[int], client: str, rounds: int, deadline: float, profile: bool) -> None:  # noqa: C901
    home = Path(tempfile.mkdtemp(prefix=f"ctgraph-bench-sessions-{kind}-"))
    try:
        took = prepare(home, kind)
        size = sum(f.stat().st_size for f in home.rglob("*") if f.is_file()) / 1e6
        print(f"\n== {kind}: loaded in {took:.1f} s ({size:.1f} MB in CTGRAPH_HOME); client: {client}")
        with dashboard(home) as server:
            print(f"  server pid {server.proc.pid}, RSS after start {server.rss_mb():.0f} MB")
            base: dict[str, float] = {}
            for phase in ("cold", "warm"):
                cpu0, t0 = server.cpu_s(), time.monotonic()
                s = summary(run_client(client, server.url, 1, 1, deadline))
                print(f"  -- 1 session, {phase} (server CPU {server.cpu_s() - cpu0:.1f} s, "
                      f"peak RSS {server.peak_since(t0):.0f} MB)")
                for page, values in s["per_page"].items():
                    print(line(page, values))
                for v in s["errors"]:
                    print(f"     error on {PAGE_LABEL.get(v.page, v.page)}: {v.error}")
                if phase == "warm":
                    base = {"p95": pct(s["ok"], 95), "sum": sum(s["ok"])}
            for n in counts:
                cpu0, t0 = server.cpu_s(), time.monotonic()
                spy_out = ROOT / "out" / "bench_sessions" / f"profile-{kind}-{n}.txt"
                spy_out.parent.mkdir(parents=True, exist_ok=True)
                spy = start_profile(server.proc.pid, spy_out, deadline) if profile else None
                wall = time.perf_counter()
                visits = run_client(client, server.url, n, rounds, deadline)
                wall = time.perf_counter() - wall
                if spy is not None:
                    spy.send_signal(signal.SIGINT)  # py-spy writes what it has on SIGINT
                    spy.wait(timeout=60)
                s = summary(visits)
                cpu = server.cpu_s() - cpu0
                print(f"  -- {n} concurrent sessions x {rounds} round(s) of {len(PAGES)} pages: "
                      f"{len(s['ok'])} pages in {wall:.1f} s, {len(s['errors'])} errors")
                print(line("all pages", s["ok"]))
                for page in PAGE_LABEL.values():
                    print(line(page, s["per_page"].get(page, [])))
                if s["ok"] and base.get("p95"):
                    print(f"  p95 / warm single-session p95: {pct(s['ok'], 95) / base['p95']:.1f}x; "
                          f"server CPU {cpu:.1f} s over {wall:.1f} s wall ({cpu / wall:.2f} cores busy); "
                          f"CPU per page {cpu / max(len(s['ok']), 1):.2f} s vs {base['sum'] / len(PAGES):.2f} s "
                          "wall per warm page alone")
                print(f"  server RSS: peak {server.peak_since(t0):.0f} MB, now {server.rss_mb():.0f} MB")
                shown: dict[str, int] = defaultdict(int)
                for v in s["errors"]:
                    shown[v.error[:160]] += 1
                for text, count in sorted(shown.items(), key=lambda kv: -kv[1])[:8]:
                    print(f"     {count} x {text}")
                if spy is not None:
                    report_profile(spy_out)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    global DATA, THINK_S
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", default="20,50", help="comma-separated session counts (default 20,50)")
    ap.add_argument("--data", default="seed,real", help="seed, real or both (default seed,real)")
    ap.add_argument("--client", choices=["ws", "browser"], default="ws")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the pages per session (default 1)")
    ap.add_argument("--deadline", type=float, default=900.0, help="seconds a phase may take before it is stopped")
    ap.add_argument("--data-dir", type=Path, default=DATA, help=f"real data sets (default {DATA})")
    ap.add_argument("--profile", action="store_true", help="sample the server with py-spy during the runs")
    ap.add_argument("--report-profile", type=Path, help="only print the breakdown of saved py-spy samples")
    ap.add_argument("--think", type=float, default=0.0,
                    help="pause up to this many seconds before each page (ws client; default 0: a burst)")
    args = ap.parse_args()
    if args.report_profile:
        report_profile(args.report_profile)
        return
    DATA = args.data_dir
    counts = [int(x) for x in args.sessions.split(",") if x.strip()]
    print(f"bench_sessions: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    options = {k: v for k, v in os.environ.items() if k.startswith("STREAMLIT_")}
    print(f"Streamlit options from the environment: {options or 'none'} (file watcher off)")
    for kind in [k.strip() for k in args.data.split(",") if k.strip()]:
        if kind == "real" and not DATA.is_dir():
            print(f"\n== real: skipped ({DATA} not present)")
            continue
        bench(kind, counts, args.client, args.rounds, args.deadline, args.profile)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
