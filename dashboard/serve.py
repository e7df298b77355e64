"""The dashboard's server process: ``ctgraph dashboard`` runs
``python -m ctgraph.dashboard.serve run dashboard/app.py [streamlit options]``.

Streamlit runs the app's script only when someone opens a page, so without this
the first visitor after a start waits for what is the same for everyone: the
modules the pages import (pandas, matplotlib, the dashboard's own, about 1-2 s)
and, after a ``ctgraph load`` or ``import``, the answers every page opens on
(routes, gaps, names: another 1-2 s on real data). This module does both before
Streamlit starts listening, like a server that preloads its application:

- :func:`preload` imports the pages' modules into this process (Streamlit then
  finds them in ``sys.modules``);
- :func:`warm_answers` asks the embedded store the questions of
  :func:`dashboard.state.warm_questions`; the store keeps each answer per data
  version, so the dashboard's first run reads them. A store that fails here is
  left to the dashboard, which shows one message with the fix.

Then it is Streamlit's own command line (``streamlit run ...``), unchanged.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date

__all__ = ["PRELOAD", "preload", "warm_answers", "main"]

#: The modules the pages import, heaviest first (pandas, matplotlib for the map and
#: pictures, networkx, pyvis): imported once per process instead of on a first visit.
PRELOAD = (
    "pandas",
    "ctgraph.dashboard.state",
    "ctgraph.dashboard.tables",
    "ctgraph.dashboard.links",
    "ctgraph.dashboard.charts",
    "ctgraph.dashboard.pictures",
    "ctgraph.dashboard.routemap",
    "ctgraph.dashboard.geo",
    "ctgraph.dashboard.passages",
    "ctgraph.dashboard.briefing",
    "ctgraph.dashboard.auth",
    "ctgraph.dashboard.views.sections",
)


def preload() -> list[str]:
    """Import :data:`PRELOAD`; returns the modules that could not be imported (an
    optional part missing: the page that needs it says so itself)."""
    missing = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    try:  # what the first drawing of a page would compile: the capitals table, Streamlit's icon check
        from ctgraph.dashboard.state import _warm_process

        _warm_process()
    except Exception:  # a warm-up only: nothing to report
        pass
    return missing


def warm_answers(today: date | None = None) -> int:
    """Compute the answers the pages open on in the embedded store (which keeps them
    per data version, for the dashboard's process to read). Returns how many were
    asked; 0 for Neo4j (answers are not kept across processes there) or on any failure."""
    from ctgraph.dashboard.state import warm_questions
    from ctgraph.graph.config import load_settings
    from ctgraph.ingest.bootstrap import open_user_store

    try:
        settings = load_settings()
        if settings.store_kind() != "memory":
            return 0
        store = open_user_store(settings)
    except Exception:  # the dashboard opens the store itself and shows any failure with its fix
        return 0
    asked = 0
    try:
        if not getattr(store, "keep_answers", False):
            return 0
        day = (today or date.today()).isoformat()
        for question, args, kwargs in warm_questions(day):
            getattr(store, question)(*args, **kwargs)
            asked += 1
        # the Routes page opens on its heaviest cross-border route, with whom to call about it
        top = next((r for r in store.routes(as_of=day) if not r.get("internal")), None)
        if top is not None:
            store.brief(str(top["source"]), str(top["destination"]), as_of=day)
            asked += 1
    except Exception:  # a warm-up only: the page asks again and shows what failed
        pass
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return asked


def main(argv: list[str] | None = None) -> None:
    """Preload, warm the answers, then run Streamlit's command line with ``argv``."""
    preload()
    warm_answers()
    from streamlit.web import cli

    sys.argv = ["streamlit", *(sys.argv[1:] if argv is None else argv)]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
