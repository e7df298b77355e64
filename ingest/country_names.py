"""The readers' name layer, now :mod:`graph.names` (one layer for readers and people).

Kept so that ``from ctgraph.ingest.country_names import resolve_name`` goes on
working; new code imports :mod:`ctgraph.graph.names`.
"""

from __future__ import annotations

from ctgraph.graph.names import (
    ALIASES_FILE,
    KINDS,
    Kind,
    NameMatch,
    _read_aliases,
    alias_table,
    country_code,
    fold,
    repair_mojibake,
    resolve_name,
)

__all__ = [
    "ALIASES_FILE",
    "KINDS",
    "Kind",
    "NameMatch",
    "_read_aliases",
    "alias_table",
    "country_code",
    "fold",
    "repair_mojibake",
    "resolve_name",
]
