"""The ``ctgraph`` application: the command line on top of graph/, ingest/ and dashboard/.

Layers, bottom up (each imports only from those below it):
``graph`` (model, stores, analysis) <- ``ingest`` (readers, seed) <-
``dashboard`` (views, pictures, deck) <- ``ctgraph`` (the CLI).
"""

__all__: list[str] = []
