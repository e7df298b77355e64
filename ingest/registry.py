"""Every data set ctgraph can import, by the name the CLI uses.

A new data set is one reader module plus one line in :data:`READERS`. A
reader takes the file (and its own options) and returns a
:class:`~graph.batch.GraphBatch`, named so that importing again replaces it,
plus a JSON-ready summary whose ``unmapped`` lists names that mapped to no
country (``{"name", "rows"}``). A reader validates the whole file before it
returns anything: a defect raises one
:class:`~graph.errors.SourceValidationError` naming file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctgraph.graph.batch import GraphBatch
from ctgraph.graph.errors import CtgraphError
from ctgraph.ingest.ctdc import read_ctdc
from ctgraph.ingest.glotip import read_glotip
from ctgraph.ingest.instruments import read_instruments
from ctgraph.ingest.tip_tiers import read_tip_tiers
from ctgraph.ingest.untc import read_untc

__all__ = ["READERS", "REQUIRED_OPTIONS", "Reader", "import_dataset", "dataset_names"]

Reader = Callable[..., tuple[GraphBatch, dict[str, Any]]]

#: name -> (reader, what it is, for the CLI's help)
READERS: dict[str, tuple[Reader, str]] = {
    "glotip": (read_glotip, "UNODC Global Report on Trafficking in Persons data (CSV)"),
    "ctdc": (read_ctdc, "IOM Counter Trafficking Data Collaborative, record level (CSV)"),
    "untc": (read_untc, "UN Treaty Collection participants table of one treaty (--treaty XVIII-12-a|XVIII-12|XVIII-12-b)"),
    "tip-tiers": (read_tip_tiers, "US TIP report tiers per country and year (CSV)"),
    "instruments": (read_instruments, "your own instruments (MoUs, agreements), one row per instrument and party "
                    "(CSV or XLSX, docs/instruments-template.csv)"),
}

#: Options a reader needs from the command line (name -> option).
REQUIRED_OPTIONS: dict[str, tuple[str, ...]] = {"untc": ("treaty",)}


def dataset_names() -> list[str]:
    """The names ``ctgraph import`` accepts.

    Examples
    --------
    >>> dataset_names()[:2]
    ['glotip', 'ctdc']
    """
    return list(READERS)


def import_dataset(
    kind: str, path: Path, progress: bool = False, **options: Any
) -> tuple[GraphBatch, dict[str, Any]]:
    """Read one data set file into a batch and a summary (nothing is loaded here)."""
    try:
        reader, _what = READERS[kind]
    except KeyError:
        raise CtgraphError(f"unknown data set {kind!r}: use one of {', '.join(READERS)}") from None
    for opt in REQUIRED_OPTIONS.get(kind, ()):
        if not options.get(opt):
            raise CtgraphError(f"import {kind} needs --{opt} (e.g. --treaty XVIII-12-a)")
    given = {k: v for k, v in options.items() if v is not None and k in REQUIRED_OPTIONS.get(kind, ())}
    return reader(Path(path), progress=progress, **given)
