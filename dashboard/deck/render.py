"""Drawing the deck's pictures, in a second process when that is safe.

matplotlib (its import and its Agg rendering) is most of a deck's export
time. A CLI export runs in one thread: there the pictures are drawn in a
forked child process while the parent lays out the slides, and the PNG bytes
come back through a pipe; the parent places them on their slides at the end.
Where other threads run (the Streamlit dashboard, a Neo4j driver's pool), a
fork is not safe, so the pictures are drawn in-process, when first needed.
Either way the bytes are the same: :func:`dashboard.pictures.figure_png` is
deterministic. ``CTGRAPH_DECK_PROCESSES=1`` turns the child off.

The child only draws and writes; it never touches the parent's store, files
or output, and leaves with ``os._exit`` (no clean-up handlers of the parent
run twice). Should it fail, the parent draws the pictures itself.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "Pictures", "draw"]


@dataclass(frozen=True)
class Job:
    """One picture: which :mod:`dashboard.pictures` function, and its arguments."""

    kind: str  # route_map | network | tier
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def draw(job: Job) -> bytes:
    """The PNG bytes of one job, drawn in this process."""
    from dashboard import pictures

    fn = {"route_map": pictures.route_map_png, "network": pictures.network_png, "tier": pictures.tier_png}[job.kind]
    return fn(*job.args, **job.kwargs)


def _forking_allowed() -> bool:
    return (hasattr(os, "fork") and threading.active_count() == 1
            and os.environ.get("CTGRAPH_DECK_PROCESSES", "2") != "1")


def _read_exactly(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the picture process ended early")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class Pictures:
    """The PNGs of ``jobs``: started at once (in a child process when allowed), collected by :meth:`get`."""

    def __init__(self, jobs: Sequence[Job], parallel: bool | None = None) -> None:
        self.jobs = list(jobs)
        self._done: list[bytes] | None = None
        self._pid: int | None = None
        self._fd: int | None = None
        if self.jobs and (_forking_allowed() if parallel is None else parallel):
            self._fork()

    @property
    def forked(self) -> bool:
        """Whether a child process draws the pictures."""
        return self._pid is not None

    def _fork(self) -> None:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: draw everything, then write it (the parent reads when it is ready)
            status = 1
            try:
                os.close(r)
                data = [draw(j) for j in self.jobs]
                with os.fdopen(w, "wb") as out:
                    for png in data:
                        out.write(len(png).to_bytes(8, "big"))
                        out.write(png)
                status = 0
            finally:
                os._exit(status)
        os.close(w)
        self._pid, self._fd = pid, r

    def _collect(self) -> list[bytes]:
        if self._done is not None:
            return self._done
        data: list[bytes] | None = None
        if self._fd is not None and self._pid is not None:
            try:
                data = [_read_exactly(self._fd, int.from_bytes(_read_exactly(self._fd, 8), "big"))
                        for _ in self.jobs]
            except (EOFError, OSError):
                data = None
            finally:
                self.close(finished=data is not None)
        self._done = data if data is not None else [draw(j) for j in self.jobs]
        return self._done

    def get(self, i: int) -> bytes:
        """PNG bytes of job ``i``."""
        return self._collect()[i]

    def close(self, finished: bool = False) -> None:
        """Reap the child process (``finished``: it wrote everything and is leaving;
        otherwise stop it). Safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                if not finished:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass
