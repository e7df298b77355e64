"""Drawing the deck's pictures, in a second process when that is safe.

matplotlib (its import and its Agg rendering) is most of a deck's export
time. A CLI export runs in one thread: there a forked child process imports
matplotlib while the parent asks the store, receives the picture jobs
(pickled, through a pipe), draws them while the parent lays out the slides,
and sends the PNG bytes back; the parent places them on their slides at the end.
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

    kind: str  # route_map | network | tier | series
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def draw(job: Job) -> bytes:
    """The PNG bytes of one job, drawn in this process."""
    from ctgraph.dashboard import pictures
    from ctgraph.graph.i18n import DEFAULT_LANGUAGE, language

    fn = {"route_map": pictures.route_map_png, "network": pictures.network_png, "tier": pictures.tier_png,
          "series": pictures.series_png}[job.kind]
    if language() == DEFAULT_LANGUAGE:
        return fn(*job.args, **job.kwargs)
    import matplotlib
    from matplotlib import font_manager

    from ctgraph.dashboard.deck.layout import FONT_EA

    try:
        font_manager.findfont(FONT_EA, fallback_to_default=False)
    except ValueError:  # installed after matplotlib listed the fonts: list them again, once
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)  # type: ignore[attr-defined]
    # names in Chinese: glyphs missing from matplotlib's own font fall back to the deck's CJK font
    with matplotlib.rc_context({"font.family": ["DejaVu Sans", FONT_EA]}):
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
    """The PNGs of a deck's picture jobs.

    Made before the store is asked anything: where forking is allowed the
    child starts at once and imports matplotlib while the parent gathers the
    answers; :meth:`submit` hands it the jobs, :meth:`get` collects the bytes.
    """

    def __init__(self, parallel: bool | None = None) -> None:
        self.jobs: list[Job] = []
        self._done: list[bytes] | None = None
        self._pid: int | None = None
        self._to_child: int | None = None
        self._from_child: int | None = None
        if _forking_allowed() if parallel is None else parallel:
            self._fork()

    @property
    def forked(self) -> bool:
        """Whether a child process draws the pictures."""
        return self._pid is not None

    def _fork(self) -> None:
        jobs_r, jobs_w = os.pipe()
        out_r, out_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: import, wait for the jobs, draw them all, write them back
            status = 1
            try:
                os.close(jobs_w)
                os.close(out_r)
                import pickle

                from ctgraph.dashboard import pictures  # noqa: F401  (the slow import, done while the parent works)

                with os.fdopen(jobs_r, "rb") as inp:
                    jobs: list[Job] = pickle.loads(inp.read())
                data = [draw(j) for j in jobs]
                with os.fdopen(out_w, "wb") as out:
                    for png in data:
                        out.write(len(png).to_bytes(8, "big"))
                        out.write(png)
                status = 0
            finally:
                os._exit(status)
        os.close(jobs_r)
        os.close(out_w)
        self._pid, self._to_child, self._from_child = pid, jobs_w, out_r

    def submit(self, jobs: Sequence[Job]) -> None:
        """The pictures to draw (once)."""
        self.jobs = list(jobs)
        if self._to_child is not None:
            import pickle

            fd, self._to_child = self._to_child, None
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(pickle.dumps(self.jobs, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                self.close()

    def _collect(self) -> list[bytes]:
        if self._done is not None:
            return self._done
        data: list[bytes] | None = None
        if self._from_child is not None and self._pid is not None:
            try:
                data = [_read_exactly(self._from_child, int.from_bytes(_read_exactly(self._from_child, 8), "big"))
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
        for name in ("_to_child", "_from_child"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                if not finished:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                pass
