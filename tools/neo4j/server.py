#!/usr/bin/env python3
"""Local Neo4j server for ctgraph development and CI (no Docker needed).

Usage:
    python tools/neo4j/server.py start [--keep]   # prints shell exports on stdout
    python tools/neo4j/server.py stop
    python tools/neo4j/server.py status           # exit 0 if running and answering
    python tools/neo4j/server.py env              # prints shell exports again

Typical use:
    export NEO4J_PASSWORD=...            # >= 8 characters, never printed
    eval "$(python tools/neo4j/server.py start)"

`start` runs fetch.sh if needed (Neo4j Community from Maven Central into
tools/neo4j/lib/), starts an embedded Neo4j with Bolt on 127.0.0.1 in the
background and waits until Bolt answers and NEO4J_PASSWORD is accepted.

Environment:
    NEO4J_PASSWORD       required for start; password of user "neo4j"
    NEO4J_PORT           Bolt port (default: a free port)
    NEO4J_START_TIMEOUT  seconds to wait for startup (default: 120)
    NEO4J_JAVA_OPTS      extra JVM options (default heap: -Xmx2g)
    NEO4J_RUN_DIR        where data, log and state go (default: tools/neo4j/run)
    JAVA_HOME            Java 17+ to use (default: `java` on PATH)

Pure standard library (Python 3.11); the readiness check speaks a minimal
Bolt handshake + HELLO itself, so the neo4j driver is not required.

Security: Bolt listens on 127.0.0.1 only (HTTP and HTTPS are off), and
authentication is always on. Everything under tools/neo4j/run/ (the database
files, including the system database's password hash, the logs and the state
file) is readable by its owner only: run/ is 0700, files are created 0600 (the
JVM runs with umask 077), and `start --keep` tightens what an older run left.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

HERE = Path(__file__).resolve().parent
LIB = HERE / "lib"
BUILD = HERE / "build"
#: Where a server keeps its data, log and state (NEO4J_RUN_DIR: a second,
#: private server, e.g. one a fault test kills and restarts).
RUN = Path(os.environ["NEO4J_RUN_DIR"]).resolve() if os.environ.get("NEO4J_RUN_DIR") else HERE / "run"
DATA = RUN / "data"  # Neo4j home: databases in data/, Neo4j's own logs in logs/
LOG = RUN / "neo4j.log"  # JVM stdout/stderr
STATE = RUN / "state.json"
FETCH = HERE / "fetch.sh"

HOST = "127.0.0.1"
USER = "neo4j"
DATABASE = "neo4j"
MIN_PASSWORD_LENGTH = 8
READY_MARKER = "ctgraph-neo4j ready"
#: The umask of this process and of the JVM: files 0600, folders 0700.
PRIVATE_UMASK = 0o077

JVM_OPTS = [
    "-Xms256m",
    "-Xmx2g",
    "-XX:+UseG1GC",
    # C1 only: on a small (2-core) box C2 compiler threads roughly double the
    # startup time; fine for dev/CI workloads. Override via NEO4J_JAVA_OPTS
    # (e.g. "-XX:TieredStopAtLevel=4") for long benchmark runs.
    "-XX:TieredStopAtLevel=1",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.net.preferIPv4Stack=true",
    "-Dfile.encoding=UTF-8",
    # Embedded Neo4j does not read neo4j.conf / the server's JVM options.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
]


def info(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def fail(msg: str, code: int = 1) -> NoReturn:
    print(f"Error: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def exports(port: int) -> str:
    return f"export NEO4J_URI=bolt://{HOST}:{port} NEO4J_USER={USER} NEO4J_DATABASE={DATABASE}"


# --------------------------------------------------------------------------- Bolt


def _pack_str(s: str) -> bytes:
    b = s.encode("utf-8")
    n = len(b)
    if n < 16:
        return bytes([0x80 | n]) + b
    if n < 0x100:
        return b"\xd0" + struct.pack(">B", n) + b
    if n < 0x10000:
        return b"\xd1" + struct.pack(">H", n) + b
    return b"\xd2" + struct.pack(">I", n) + b


def _pack_str_map(m: dict[str, str]) -> bytes:
    assert len(m) < 16
    return bytes([0xA0 | len(m)]) + b"".join(_pack_str(k) + _pack_str(v) for k, v in m.items())


def _chunk(msg: bytes) -> bytes:
    return struct.pack(">H", len(msg)) + msg + b"\x00\x00"


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        if not part:
            raise ConnectionError("connection closed by server")
        buf += part
    return buf


def _recv_message(sock: socket.socket) -> bytes:
    msg = b""
    while True:
        (size,) = struct.unpack(">H", _recv_exact(sock, 2))
        if size == 0:
            if msg:
                return msg
            continue  # NOOP chunk
        msg += _recv_exact(sock, size)


def bolt_check(port: int, password: str | None, timeout: float = 5.0) -> tuple[bool, str]:
    """Bolt handshake; with a password also HELLO (auth). Returns (ok, detail).

    Offers Bolt 5.0 and 4.4..4.1, which all carry the credentials in HELLO
    (from 5.1 on they move to a separate LOGON message).
    """
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(
                b"\x60\x60\xb0\x17"
                + b"\x00\x00\x00\x05"
                + b"\x00\x00\x04\x04"
                + b"\x00\x00\x03\x04"  # range: 4.4 down to 4.1
                + b"\x00\x00\x00\x00"
            )
            version = _recv_exact(sock, 4)
            if version == b"\x00\x00\x00\x00":
                return False, "no common Bolt version"
            if password is None:
                return True, "bolt handshake ok"
            hello = b"\xb1\x01" + _pack_str_map(
                {
                    "user_agent": "ctgraph-server.py/1.0",
                    "scheme": "basic",
                    "principal": USER,
                    "credentials": password,
                }
            )
            sock.sendall(_chunk(hello))
            reply = _recv_message(sock)
            if len(reply) >= 2 and reply[1] == 0x70:  # SUCCESS
                try:
                    sock.sendall(_chunk(b"\xb0\x02"))  # GOODBYE
                except OSError:
                    pass
                return True, "authenticated"
            m = re.search(rb"Neo\.[A-Za-z]+Error\.[A-Za-z]+\.[A-Za-z]+", reply)
            code = m.group().decode() if m else "unknown error"
            return False, f"authentication failed ({code})"
    except (OSError, ConnectionError, struct.error) as e:
        return False, f"{type(e).__name__}: {e}"


# --------------------------------------------------------------------------- state


def read_state() -> dict | None:
    try:
        return json.loads(STATE.read_text())
    except (OSError, ValueError):
        return None


def private_run_dir() -> None:
    """Create run/ owner-only (0700), and make it so when an older run left it open."""
    RUN.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(RUN, 0o700)


def tighten(tree: Path) -> None:
    """Make everything under ``tree`` owner-only (folders 0700, files 0600)."""
    for root, _dirs, files in os.walk(tree):
        os.chmod(root, 0o700)
        for f in files:
            path = Path(root) / f
            if not path.is_symlink():
                os.chmod(path, 0o600)


def write_state(state: dict) -> None:
    private_run_dir()
    tmp = STATE.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(json.dumps(state, indent=2) + "\n")
    os.chmod(tmp, 0o600)
    tmp.replace(STATE)


def pid_is_ours(pid: int) -> bool:
    """True if pid is alive and is our Launcher JVM (guards against pid reuse)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc (not Linux): trust the pid
    return b"Launcher" in cmdline and str(DATA).encode() in cmdline


def is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def alive(pid: int) -> bool:
    return pid_is_ours(pid) and not is_zombie(pid)


def log_tail(n: int = 25) -> str:
    try:
        lines = LOG.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])


# --------------------------------------------------------------------------- commands


def java_bin() -> str:
    jh = os.environ.get("JAVA_HOME")
    if jh and (Path(jh) / "bin" / "java").exists():
        return str(Path(jh) / "bin" / "java")
    j = shutil.which("java")
    if not j:
        fail("java not found (install Java 17+ or set JAVA_HOME)")
    return j


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    """Can a server listen on ``port``? (SO_REUSEADDR, as Neo4j's own listener
    sets it: connections in TIME_WAIT after a crash do not block a restart.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def terminate(pid: int, timeout: float = 30.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return
        time.sleep(0.2)
    info(f"pid {pid} did not stop within {timeout:.0f}s; sending SIGKILL")
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not alive(pid):
            return
        time.sleep(0.1)


def cmd_start(args: argparse.Namespace) -> int:  # noqa: C901
    os.umask(PRIVATE_UMASK)
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        print("Error: NEO4J_PASSWORD is not set: export NEO4J_PASSWORD=<at least 8 characters>",
              file=sys.stderr)
        return 1
    if len(password) < MIN_PASSWORD_LENGTH:
        print(f"Error: NEO4J_PASSWORD is too short ({len(password)} characters): "
              f"export NEO4J_PASSWORD=<at least 8 characters>", file=sys.stderr)
        return 1

    state = read_state()
    if state and alive(state["pid"]):
        ok, detail = bolt_check(state["port"], password)
        if ok:
            info(f"Neo4j already running (pid {state['pid']}, port {state['port']})")
            print(exports(state["port"]))
            return 0
        if "authentication failed" in detail:
            fail(f"Neo4j is already running (pid {state['pid']}, port {state['port']}) but rejects "
                 f"NEO4J_PASSWORD ({detail}); run `python tools/neo4j/server.py stop` first")
        info(f"Neo4j pid {state['pid']} is running but not usable ({detail}); restarting it")
        terminate(state["pid"])
    STATE.unlink(missing_ok=True)

    t0 = time.monotonic()
    if not (LIB / ".fetch-complete").exists():
        info("Neo4j not downloaded yet; running fetch.sh (first time only)")
    r = subprocess.run(["bash", str(FETCH)], stdout=sys.stderr, stderr=sys.stderr)
    if r.returncode != 0:
        fail(f"{FETCH} failed (exit {r.returncode})")
    t_fetch = time.monotonic() - t0

    env_port = os.environ.get("NEO4J_PORT")
    if env_port:
        try:
            port = int(env_port)
        except ValueError:
            fail(f"NEO4J_PORT is not a number: {env_port!r}")
        if not port_free(port):
            fail(f"NEO4J_PORT={port}: {HOST}:{port} is already in use")
    else:
        port = free_port()

    private_run_dir()
    if not args.keep and DATA.exists():
        shutil.rmtree(DATA)
    DATA.mkdir(parents=True, exist_ok=True, mode=0o700)
    tighten(DATA)

    cmd = [java_bin(), *JVM_OPTS, *shlex.split(os.environ.get("NEO4J_JAVA_OPTS", "")),
           "-cp", f"{BUILD}{os.pathsep}{LIB}/*", "Launcher", str(DATA), str(port)]
    fd = os.open(LOG, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(LOG, 0o600)  # an older log keeps its mode through O_TRUNC
    with os.fdopen(fd, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=HERE, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                env=os.environ.copy(), umask=PRIVATE_UMASK)
    write_state({"pid": proc.pid, "port": port, "uri": f"bolt://{HOST}:{port}",
                 "data": str(DATA), "log": str(LOG), "started": time.time()})

    timeout = float(os.environ.get("NEO4J_START_TIMEOUT", "120"))
    deadline = time.monotonic() + timeout
    t_jvm = time.monotonic()
    try:
        while True:
            if proc.poll() is not None:
                STATE.unlink(missing_ok=True)
                fail(f"Neo4j exited during startup (exit {proc.returncode}); last lines of {LOG}:\n"
                     f"{log_tail()}")
            if time.monotonic() > deadline:
                terminate(proc.pid, timeout=10)
                STATE.unlink(missing_ok=True)
                fail(f"Neo4j did not become ready within {timeout:.0f}s; last lines of {LOG}:\n"
                     f"{log_tail()}")
            # Only authenticate after the launcher has applied the password:
            # failed logins count towards Neo4j's auth rate limit.
            if READY_MARKER in LOG.read_text(errors="replace"):
                ok, detail = bolt_check(port, password)
                if ok:
                    break
                if "authentication failed" in detail:
                    terminate(proc.pid, timeout=10)
                    STATE.unlink(missing_ok=True)
                    fail(f"Neo4j is up but rejected NEO4J_PASSWORD: {detail}")
            time.sleep(0.25)
    except KeyboardInterrupt:
        terminate(proc.pid, timeout=10)
        STATE.unlink(missing_ok=True)
        raise

    t_total = time.monotonic() - t0
    info(f"Neo4j ready on bolt://{HOST}:{port} (pid {proc.pid}; {t_total:.1f}s total, "
         f"fetch {t_fetch:.1f}s, JVM {time.monotonic() - t_jvm:.1f}s); "
         f"data {DATA}, log {LOG}")
    print(exports(port), flush=True)
    return 0


def cmd_stop(_args: argparse.Namespace) -> int:
    state = read_state()
    if not state:
        info("Neo4j is not running (no state file)")
        return 0
    pid = state["pid"]
    if alive(pid):
        t0 = time.monotonic()
        terminate(pid)
        info(f"Neo4j stopped (pid {pid}, {time.monotonic() - t0:.1f}s)")
    else:
        info(f"Neo4j was not running (stale pid {pid})")
    STATE.unlink(missing_ok=True)
    return 0


def cmd_status(_args: argparse.Namespace) -> int:
    state = read_state()
    if not state:
        info("Neo4j: not running")
        return 1
    if not alive(state["pid"]):
        info(f"Neo4j: not running (stale state, pid {state['pid']})")
        return 1
    ok, detail = bolt_check(state["port"], os.environ.get("NEO4J_PASSWORD") or None)
    info(f"Neo4j: pid {state['pid']}, bolt://{HOST}:{state['port']}: "
         f"{'running' if ok else 'NOT usable'} ({detail})")
    return 0 if ok else 1


def cmd_env(_args: argparse.Namespace) -> int:
    state = read_state()
    if not state or not alive(state["pid"]):
        fail("Neo4j is not running: python tools/neo4j/server.py start")
    print(exports(state["port"]))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="server.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="start Neo4j (prints shell exports)")
    s.add_argument("--keep", action="store_true", help="keep data from the previous run")
    s.set_defaults(func=cmd_start)
    sub.add_parser("stop", help="stop Neo4j").set_defaults(func=cmd_stop)
    sub.add_parser("status", help="exit 0 if running and answering").set_defaults(func=cmd_status)
    sub.add_parser("env", help="print shell exports of the running server").set_defaults(func=cmd_env)
    args = p.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
