"""The local Neo4j launcher (tools/neo4j/server.py): owner-only files, loopback only.

These check the server that scripts/test.sh started with tools/neo4j/server.py
(its state file names the pid): the one in NEO4J_RUN_DIR when that is set (each
xdist worker's own server, see tests/conftest.py), else tools/neo4j/run. Under CI they fail, never skip, when it is
not there.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import neo4j_env_or_fail

DEFAULT_RUN = Path(__file__).resolve().parent.parent / "tools" / "neo4j" / "run"

pytestmark = pytest.mark.neo4j


def _run_dir() -> Path:
    """The run folder of the server this process's tests use (read when a test runs:
    tests/conftest.py sets NEO4J_RUN_DIR for an xdist worker)."""
    return Path(os.environ["NEO4J_RUN_DIR"]).resolve() if os.environ.get("NEO4J_RUN_DIR") else DEFAULT_RUN


def _state() -> dict[str, object]:
    neo4j_env_or_fail()
    state_file = _run_dir() / "state.json"
    if not state_file.is_file():
        msg = f"{state_file} not found: these tests need the server of `python tools/neo4j/server.py start`"
        if os.environ.get("CI") or os.environ.get("CTGRAPH_REQUIRE_NEO4J"):
            pytest.fail(msg)
        pytest.skip(msg)
    data: dict[str, object] = json.loads(state_file.read_text())
    return data


def test_run_folder_database_files_logs_and_state_are_owner_only() -> None:
    state = _state()
    run = _run_dir()
    assert state["uri"] == os.environ["NEO4J_URI"]  # the server the Neo4j tests use
    assert stat.S_IMODE(run.stat().st_mode) == 0o700
    open_to_others = []
    for path in [run, *run.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            open_to_others.append(f"{path.relative_to(run)} {oct(mode)}")
    assert open_to_others == []
    # the files that matter most are there (so the walk above is not vacuous)
    assert (run / "neo4j.log").is_file() and (run / "state.json").is_file()
    assert any(p.name.startswith("neostore") or p.suffix == ".db" or "auth" in p.name for p in (run / "data").rglob("*"))


def _listening(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, from /proc."""
    inodes = set()
    for fd in (Path(f"/proc/{pid}/fd")).iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for row in Path(table).read_text().splitlines()[1:]:
            cols = row.split()
            if cols[3] != "0A" or cols[9] not in inodes:  # 0A: LISTEN
                continue
            addr_hex, port_hex = cols[1].split(":")
            raw = bytes.fromhex(addr_hex)
            if width == 8:
                addr = ".".join(str(b) for b in raw[::-1])
            else:  # four little-endian 32-bit words
                words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
                addr = ":".join(b"".join(words).hex()[i : i + 4] for i in range(0, 32, 4))
            found.append((addr, int(port_hex, 16)))
    return found


def test_the_server_listens_on_loopback_only() -> None:
    state = _state()
    pid, port = int(state["pid"]), int(state["port"])  # type: ignore[call-overload]
    if not Path(f"/proc/{pid}/fd").is_dir():
        pytest.skip("needs /proc (Linux)")
    sockets = _listening(pid)
    assert ("127.0.0.1", port) in sockets  # the Bolt port
    assert all(addr == "127.0.0.1" for addr, _ in sockets), sockets
