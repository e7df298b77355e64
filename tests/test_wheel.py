"""The installed artifact works: a wheel built from what the Dockerfile copies, installed
in a clean venv, runs from outside the checkout.

The wheel tests (marker ``integration``) build and install it with
scripts/wheel_venv.py, or use the venv scripts/test.sh prepared while the rest of its
setup ran (CTGRAPH_TEST_WHEEL_DIR). Every command runs with the working folder and
CTGRAPH_HOME in a temporary folder and no PYTHONPATH, so nothing can come from the
checkout. The Dockerfile checks need no Docker engine and run in the fast tier.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import wheel_venv  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))

#: the checkout's folders that the wheel installs inside the ctgraph package
PACKAGE_FOLDERS = ("graph", "ingest", "dashboard", "seed")


@dataclass
class Installed:
    venv: Path
    wheel: Path
    work: Path  # an empty folder outside the checkout: the working folder of every command

    def env(self, home: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "CTGRAPH_", "PYTHON", "VIRTUAL_ENV"))}
        env["CTGRAPH_HOME"] = str(home)
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def run(self, home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        exe = args[0] if args[0] == "python" else "ctgraph"
        cmd = [str(self.venv / "bin" / exe), *(args[1:] if exe == "python" else args)]
        return subprocess.run(cmd, cwd=self.work, env=self.env(home), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    given = os.environ.get("CTGRAPH_TEST_WHEEL_DIR")
    dest = Path(given) if given else tmp_path_factory.mktemp("wheel")
    if not given:
        wheel_venv.build(dest)
    venv = dest / "venv"
    wheels = sorted((dest / "dist").glob("ctgraph-*.whl"))
    assert (venv / "bin" / "ctgraph").is_file(), f"{dest}: no venv with ctgraph (run scripts/wheel_venv.py {dest})"
    assert len(wheels) == 1, wheels
    work = tmp_path_factory.mktemp("outside")
    return Installed(venv, wheels[0], work)


# --------------------------------------------------------------------------- the wheel's contents


@pytest.mark.integration
def test_the_wheel_installs_one_top_level_module(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as z:
        names = z.namelist()
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert z.read(top_level).decode().split() == ["ctgraph"]
    assert {n.split("/")[0] for n in names} == {"ctgraph", top_level.split("/")[0]}
    shown = subprocess.run(
        [str(installed.venv / "bin" / "pip"), "show", "-f", "ctgraph"],
        capture_output=True,
        text=True,
        check=True,
        cwd=installed.work,
        env=installed.env(installed.work),
    ).stdout
    files = [ln.strip() for ln in shown.split("Files:", 1)[1].splitlines() if ln.strip()]
    outside = [f for f in files if not f.startswith(("ctgraph/", "ctgraph-")) and f != "../../../bin/ctgraph"]
    assert files and not outside, outside


@pytest.mark.integration
def test_every_data_file_of_the_package_folders_is_in_the_wheel(installed: Installed) -> None:
    """Seed facts and sources, map data, view scripts, alias tables: every file under
    graph/, ingest/, dashboard/ and seed/ that is not a cache is inside ctgraph/."""
    with zipfile.ZipFile(installed.wheel) as z:
        names = set(z.namelist())
    expected = {
        f"ctgraph/{p.relative_to(ROOT).as_posix()}"
        for folder in PACKAGE_FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert {"ctgraph/seed/facts/flows.yaml", "ctgraph/dashboard/data/land-110m.json"} <= expected
    assert sorted(expected - names) == []


# --------------------------------------------------------------------------- the installed CLI


@pytest.mark.integration
def test_first_run_stats_gaps_and_a_deck_from_outside_the_checkout(installed: Installed, tmp_path: Path) -> None:
    home = tmp_path / "home"
    where = installed.run(home, "python", "-c", "import ctgraph; print(ctgraph.__file__)")
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.venv), where.stdout

    stats = installed.run(home, "--store", "memory", "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    nodes = json.loads(stats.stdout)["nodes"]
    assert home.is_dir()  # the first run seeded the embedded store in CTGRAPH_HOME
    assert nodes["Flow"] > 0 and nodes["Source"] > 0 and nodes["Country"] > 100, nodes

    gaps = installed.run(home, "gaps", "--country", "China", "--json")
    assert gaps.returncode == 0, gaps.stderr
    answer = json.loads(gaps.stdout)
    assert any(g["source"] == "CHN" for g in answer), "no gap from China in the installed seed facts"

    deck = installed.work / "briefing.pptx"
    made = installed.run(home, "export", "slides", "--out", str(deck), "--country", "China")
    assert made.returncode == 0, made.stderr
    assert deck.stat().st_size > 10_000 and deck.read_bytes()[:2] == b"PK"

    bad = installed.run(home, "gaps", "--country", "Atlantis")
    assert bad.returncode == 1 and bad.stderr.startswith("Error:") and bad.stdout == ""


@pytest.mark.integration
def test_the_route_map_data_loads_from_the_installed_package(installed: Installed, tmp_path: Path) -> None:
    code = (
        "from ctgraph.dashboard import geo\n"
        "assert geo.DATA.is_dir() and 'site-packages' in str(geo.DATA), geo.DATA\n"
        "land = geo.world_topology('land'); countries = geo.world_topology('countries')\n"
        "assert land['type'] == countries['type'] == 'Topology'\n"
        "assert len(geo.land_rings()) > 100\n"
        "print(geo.country_position('CHN'), geo.country_position('FRA'))\n"
    )
    res = installed.run(tmp_path, "python", "-c", code)
    assert res.returncode == 0, res.stderr
    (lat1, lon1), (lat2, lon2) = (
        tuple(map(float, re.findall(r"-?\d+\.\d+", s))) for s in res.stdout.strip().split(") (")
    )
    assert 30 < lat1 < 45 and 100 < lon1 < 125 and 40 < lat2 < 55 and -5 < lon2 < 10, res.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def dashboard(installed: Installed, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = _free_port()
    log = tmp_path / "dashboard.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(installed.venv / "bin" / "ctgraph"), "dashboard", "--port", str(port)],
            cwd=installed.work,
            env=installed.env(tmp_path / "home"),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield f"http://127.0.0.1:{port}", proc, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.mark.integration
def test_the_installed_dashboard_answers_its_health_check(
    dashboard: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    url, proc, log = dashboard
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        assert proc.poll() is None, f"the dashboard stopped:\n{log.read_text(errors='replace')}"
        assert time.monotonic() < deadline, f"no health answer in 90 s:\n{log.read_text(errors='replace')}"
        time.sleep(0.3)
    with urllib.request.urlopen(url, timeout=5) as r:  # the page itself is served
        assert r.status == 200 and b"<html" in r.read().lower()


# --------------------------------------------------------------------------- the Dockerfile (no engine needed)


def test_every_path_the_dockerfile_copies_exists_and_is_not_ignored() -> None:
    copied = wheel_venv.copied_paths()
    assert {"pyproject.toml", "README.md", "ctgraph", *PACKAGE_FOLDERS} <= set(copied), copied
    patterns = wheel_venv.ignore_patterns()
    for name in copied:
        assert (ROOT / name).exists(), f"Dockerfile copies {name}, which does not exist"
        assert not wheel_venv.ignored(name, patterns), f".dockerignore excludes {name}, which the Dockerfile copies"
    # the links in ctgraph/ point at folders the Dockerfile copies beside it
    for link in (ROOT / "ctgraph").iterdir():
        if link.is_symlink():
            target = os.readlink(link)
            assert target.startswith("../") and target[3:] in copied, (link, target)


def test_the_dockerignore_keeps_every_file_the_wheel_needs() -> None:
    patterns = wheel_venv.ignore_patterns()
    for folder in PACKAGE_FOLDERS:
        for p in (ROOT / folder).rglob("*"):
            rel = p.relative_to(ROOT).as_posix()
            if p.is_file() and "__pycache__" not in p.parts:
                assert not wheel_venv.ignored(rel, patterns), f".dockerignore excludes {rel}"
    assert wheel_venv.ignored("graph/__pycache__/model.cpython-311.pyc", patterns)  # the matcher works


def test_the_dockerfile_installs_the_package_as_the_wheel_test_does() -> None:
    """A regular install of the copied folders (pip builds the same wheel), never an
    editable one (its links would point into /src), run from outside the sources."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    runs = [ln for ln in text.replace("\\\n", " ").splitlines() if ln.startswith("RUN ")]
    installs = [r for r in runs if "pip install" in r]
    assert len(installs) == 1 and re.search(r"pip install \.(\s|$)", installs[0]), installs
    assert " -e " not in installs[0] and "--editable" not in installs[0]
    workdirs = re.findall(r"^WORKDIR (\S+)", text, re.M)
    assert workdirs[-1] != workdirs[0], "the image should run outside its source folder"
    assert re.search(r'^ENTRYPOINT \["ctgraph"\]', text, re.M)
