"""``ctgraph``: a counter-trafficking case-flow knowledge graph.

    >>> import ctgraph
    >>> g = ctgraph.open()                        # the store the CLI uses   # doctest: +SKIP
    >>> g.gaps(country="Russia", top=3)           # typed answers            # doctest: +SKIP

:func:`open` and :class:`Graph` live in :mod:`ctgraph.api`; importing
``ctgraph`` loads neither them nor any store, chart or driver (they load on
first use).

Layers, bottom up (each imports only from those below it):
``graph`` (model, stores, analysis) <- ``ingest`` (readers, seed) <-
``api`` (this package's Python API) <- ``dashboard`` (views, pictures, deck) <-
``cli`` (the command line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ctgraph.api import Graph, open

__all__ = ["Graph", "open"]


def __getattr__(name: str) -> Any:
    """``ctgraph.open`` and ``ctgraph.Graph``, imported on first use."""
    if name in __all__:
        from ctgraph import api

        return getattr(api, name)
    raise AttributeError(f"module 'ctgraph' has no attribute {name!r}")
