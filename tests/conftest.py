"""Shared fixtures. Neo4j tests are marked ``neo4j``: with CI=true (or
CTGRAPH_REQUIRE_NEO4J=1, set by scripts/test.sh) they fail, never skip, when the
server is not configured; elsewhere they skip with a reason.

Start a server for them with ``python tools/neo4j/server.py start`` (see docs/operations.md).

Tiers: ``pytest`` alone runs the fast tier (pyproject.toml's ``-m`` leaves out the
markers neo4j, browser, slow, realdata, libreoffice and integration); scripts/test.sh
installs every tool and runs every tier with CTGRAPH_NO_SKIP=1, which turns any skip
into a failure (a missing tool, server or data set fails the run, never hides a test).

scripts/test.sh runs the suite on pytest-xdist workers and starts one Neo4j
server per worker (Community edition has one user database per server, and
tests empty and reload it): CTGRAPH_TEST_NEO4J_URIS lists their URIs (spaces
between) and CTGRAPH_TEST_NEO4J_RUN_DIRS their run folders (os.pathsep between),
in worker order, and each
worker points NEO4J_URI and NEO4J_RUN_DIR at its own server before any test
runs. A worker runs its tests one after another, as a plain ``pytest`` run
does, so no two tests ever share a database at the same time.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from ctgraph.graph.memory import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"


def merged_slice(first: str, second: str, out: Path) -> Path:
    """Two fixture slices of one data set as one file (one import of a data set replaces
    the last): the header once, every row of ``first``, then the rows of ``second`` it
    lacks (the CTDC route slice repeats four records of the other; each record is a
    victim, so never twice)."""
    a = (FIXTURES / first).read_bytes().splitlines(keepends=True)
    b = (FIXTURES / second).read_bytes().splitlines(keepends=True)
    assert a[0].strip() == b[0].strip(), "the slices of one data set share its header"
    if not a[-1].endswith(b"\n"):
        a[-1] += b"\n"
    have = set(a[1:])
    out.write_bytes(b"".join([*a, *(line for line in b[1:] if line not in have)]))
    return out


#: Set (in os.environ: tests import this file as a module of its own) when this
#: xdist worker has no Neo4j server of its own: why.
NO_WORKER_SERVER = "CTGRAPH_TEST_NO_NEO4J_SERVER"


#: The modules that take longest (each well over a minute on a 2-core machine),
#: longest first: they run first, so that on xdist workers (scripts/test.sh
#: hands out whole modules) no long module starts last while the other
#: workers have nothing left to do. Every other module keeps its place, and
#: every module keeps the order of its own tests.
LONGEST_FIRST = (
    "test_faults.py",  # a private Neo4j server killed and restarted twice, staged loads
    "test_parity.py",  # 10,000 generated flows in both stores, every question on both
    "test_browser.py",  # headless Chromium against a running dashboard
    "test_app.py",  # every dashboard page in AppTest
    "test_neo4j_store.py",
    "test_wheel.py",  # the installed wheel: CLI runs and a dashboard start from a clean venv
    "test_console.py",
    "test_slides.py",
    "test_questions.py",
    "test_injection.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the LONGEST_FIRST modules first (a stable sort: nothing else moves)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def _no_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Under CTGRAPH_NO_SKIP=1 (scripts/test.sh) a skip is a failure, with its reason."""
    if report.skipped and os.environ.get("CTGRAPH_NO_SKIP") == "1" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, which CTGRAPH_NO_SKIP=1 (scripts/test.sh) does not allow: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _no_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _no_skip(report)
    return report


def pytest_configure(config: pytest.Config) -> None:
    """Point this xdist worker at its own Neo4j server (see the module docstring)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    uris = os.environ.get("CTGRAPH_TEST_NEO4J_URIS", "").split()
    if not worker or not uris:
        return
    run_dirs = [d for d in os.environ.get("CTGRAPH_TEST_NEO4J_RUN_DIRS", "").split(os.pathsep) if d]
    index = int(worker.removeprefix("gw"))
    if index >= len(uris) or len(run_dirs) != len(uris):
        # never fall back to another worker's server: its tests would empty this worker's database
        os.environ.pop("NEO4J_URI", None)
        os.environ[NO_WORKER_SERVER] = (
            f"xdist worker {worker} has no Neo4j server of its own (CTGRAPH_TEST_NEO4J_URIS names {len(uris)}, "
            f"CTGRAPH_TEST_NEO4J_RUN_DIRS {len(run_dirs)}): start one per worker, as scripts/test.sh does"
        )
        return
    os.environ["NEO4J_URI"] = uris[index]
    os.environ["NEO4J_RUN_DIR"] = run_dirs[index]


def seeded_memory_store() -> MemoryStore:
    """A new in-memory store holding the seed report's facts (nothing persisted)."""
    from ctgraph.ingest.seed import seed_batch, validate_paths

    store = MemoryStore(home=None)
    store.load(seed_batch(validate_paths()))
    return store


@pytest.fixture(scope="session")
def seed_store() -> MemoryStore:
    """The seed report's facts in an in-memory store (nothing persisted)."""
    return seeded_memory_store()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CTGRAPH_HOME, with NEO4J_URI unset so the CLI uses the memory store."""
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    return tmp_path / "home"


def neo4j_env_or_fail() -> dict[str, str]:
    """NEO4J_* settings for Neo4j tests; fail under CI, skip elsewhere, when absent."""
    uri = os.environ.get("NEO4J_URI")
    pw = os.environ.get("NEO4J_PASSWORD")
    if not uri or not pw:
        msg = (
            os.environ.get(NO_WORKER_SERVER)
            or "NEO4J_URI/NEO4J_PASSWORD not set: start Neo4j with `python tools/neo4j/server.py start`"
        )
        if os.environ.get("CI") or os.environ.get("CTGRAPH_REQUIRE_NEO4J"):
            pytest.fail(msg)
        pytest.skip(msg)
    return {
        "uri": uri,
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": pw,
        "database": os.environ.get("NEO4J_DATABASE", "neo4j"),
    }


@pytest.fixture()
def shared_data() -> Iterator[Path]:
    """../shared/data when present; skips with a message when it is not."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not present at {SHARED_DATA}")
    yield SHARED_DATA
