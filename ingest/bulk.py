"""``python -m ingest.bulk --synthetic N --out DIR``: the offline importer's CSV
files (:func:`graph.bulk_import.write_import_files`) of a generated knowledge
base, and the ``neo4j-admin database import`` command that reads them.

It lives in ingest/ because it reads a generated data set: graph/ never
imports the layer above it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ctgraph.graph.bulk_import import write_import_files

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Write the import files of a generated knowledge base and print the import command."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--synthetic", type=int, required=True, help="flows of ingest.synthetic.synthetic_batch")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    from ctgraph.ingest.synthetic import synthetic_batch

    files = write_import_files([synthetic_batch(args.synthetic)], args.out)
    print(" ".join(files.argv()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
