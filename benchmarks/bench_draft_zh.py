"""How good is ``ctgraph draft`` on Chinese texts? (issue 24, item 4)

Run: ``.venv/bin/python benchmarks/bench_draft_zh.py [--split dev|dev2|dev3|dev4|heldout5|all] [--verbose]``

Drafts every text of ``tests/drafting_zh/texts`` through the real entry point
(:func:`ingest.draft.writer.draft_report`, which must send it to the Chinese
drafter), and scores the drafted facts against the hand gold
(``tests/drafting_zh/gold``, written by reading) per document, summed over the
split. Splits (``tests/drafting_zh/manifest.yaml``): ``dev``; ``dev2``, the first
held-out third, ``dev3`` and ``dev4``, the second and third held-out sets, each measured
once and since used for development; ``heldout5``, the fresh held-out set, gold written
before the drafter was run on it:

- flows: (origin, destination) pairs, countries only (both ends ISO codes);
  and again with region endpoints (``region:<words as written>``);
- agreements: (sorted parties, status);
- officials: names as written;
- agencies: names as written (a drafted name counts when it equals or contains
  a gold name, or the other way round).

It also checks that every drafted quote is verbatim (whitespace-normalised) in the
source text the draft folder holds and that every flow, agreement and region note
names the source language. Target (``heldout5``): flows precision >= 0.85, recall
>= 0.7; exit status 1 when missed (or when a quote is not verbatim).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctgraph.ingest.draft.writer import draft_report
from ctgraph.ingest.draft.zh import LANGUAGE_NOTE
from ctgraph.ingest.draft.zh_gazetteer import fold
from ctgraph.ingest.seed import normalise_ws

SET = ROOT / "tests" / "drafting_zh"
SPLITS = ("dev", "dev2", "dev3", "dev4", "heldout5")
HELDOUT = "heldout5"


def _facts(folder: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in (folder / "draft").glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        out[f.stem] = data[f.stem]
    return out


def _region_words(facts: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    return {r["id"]: f"region:{fold(r['name'])}" for r in facts.get("regions", [])}


def drafted(doc_id: str, tmp: Path) -> tuple[dict[str, set[Any]], tuple[int, int], tuple[int, int]]:
    folder = tmp / doc_id
    draft_report(SET / "texts" / f"{doc_id}.txt", folder, source_id=f"source:{doc_id}")
    facts = _facts(folder)
    regions = _region_words(facts)
    flows_all = {(regions.get(f["origin"], f["origin"]), regions.get(f["destination"], f["destination"]))
                 for f in facts.get("flows", [])}
    got = {
        "flows": {x for x in flows_all if ":" not in x[0] and ":" not in x[1]},
        "flows+regions": flows_all,
        "agreements": {(tuple(sorted(a["parties"])), a["status"]) for a in facts.get("agreements", [])},
        "officials": {fold(e["name"]) for e in facts.get("experts", [])},
        "agencies": {fold(a["name"]) for a in facts.get("agencies", [])},
    }
    source = normalise_ws(next((folder / "sources").iterdir()).read_text(encoding="utf-8"))
    ok = total = noted = with_note = 0
    for section, items in facts.items():
        for item in items:
            for ev in item.get("evidence", []):
                total += 1
                ok += normalise_ws(ev["quote"]) in source
            if section in ("flows", "agreements", "regions"):
                with_note += 1
                noted += LANGUAGE_NOTE in (item.get("note") or "")
    return got, (ok, total), (noted, with_note)


def wanted(doc_id: str) -> dict[str, set[Any]]:
    gold = yaml.safe_load((SET / "gold" / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    flows_all = {(str(f["origin"]), str(f["destination"])) for f in gold.get("flows") or []}
    norm = {(o if not o.startswith("region:") else "region:" + fold(o[7:]),
             d if not d.startswith("region:") else "region:" + fold(d[7:])) for o, d in flows_all}
    return {
        "flows": {x for x in norm if ":" not in x[0] and ":" not in x[1]},
        "flows+regions": norm,
        "agreements": {(tuple(sorted(a["parties"])), a["status"]) for a in gold.get("agreements") or []},
        "officials": {fold(p["name"]) for p in gold.get("people") or []},
        "agencies": {fold(a) for a in gold.get("agencies") or []},
    }


def _agency_match(got: set[str], want: set[str]) -> tuple[int, int]:
    """(drafted names that match a gold name, gold names matched)."""
    good = sum(any(g in w or w in g for w in want) for g in got)
    found = sum(any(g in w or w in g for g in got) for w in want)
    return good, found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    manifest = yaml.safe_load((SET / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    splits = list(SPLITS) if args.split == "all" else [args.split]
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for split in splits:
            docs = [d["id"] for d in manifest if d["split"] == split]
            sums: dict[str, list[int]] = {k: [0, 0, 0, 0] for k in
                                          ("flows", "flows+regions", "agreements", "officials", "agencies")}
            quotes = [0, 0]
            notes = [0, 0]
            for doc_id in docs:
                got, (ok, total), (noted, with_note) = drafted(doc_id, Path(tmp))
                want = wanted(doc_id)
                quotes[0] += ok
                quotes[1] += total
                notes[0] += noted
                notes[1] += with_note
                for k, s in sums.items():
                    if k == "agencies":
                        good, found = _agency_match(got[k], want[k])
                    else:
                        good = found = len(got[k] & want[k])
                    s[0] += good
                    s[1] += len(got[k])
                    s[2] += found
                    s[3] += len(want[k])
                    if args.verbose and k != "agencies" and got[k] != want[k]:
                        print(f"  {doc_id} {k}: extra {sorted(got[k] - want[k])} missed {sorted(want[k] - got[k])}")
            print(f"{split} ({len(docs)} texts)")
            for k, (good, n_got, found, n_want) in sums.items():
                p = good / n_got if n_got else 1.0
                r = found / n_want if n_want else 1.0
                print(f"  {k:<14} precision {p:5.3f}  recall {r:5.3f}   (drafted {n_got}, gold {n_want}, "
                      f"correct {good})")
                if split == HELDOUT and k == "flows" and (p < 0.85 or r < 0.7):
                    status = 1
            print(f"  quotes verbatim {quotes[0]}/{quotes[1]}; language named in {notes[0]}/{notes[1]} notes")
            if quotes[0] != quotes[1] or notes[0] != notes[1]:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
