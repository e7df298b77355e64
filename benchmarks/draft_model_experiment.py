"""Would a trained model draft English flows better than the rules? (issue 19, round 12)

Run: ``.venv/bin/pip install scikit-learn && .venv/bin/python benchmarks/draft_model_experiment.py``
(scikit-learn is not a dependency of ctgraph: this is an experiment, not a feature).

Three questions, answered on the development splits of tests/drafting (never on the held-out split):

1. **A pair classifier instead of the rules.** Every ordered pair of two countries named in one
   sentence of a text (plus the pairs the rules drafted) is a candidate; its features are the words
   between and around the two names, their kinds (name, demonym, town), the sentence's trafficking,
   exploitation and hedge cues, the genre, whether either is in the headline or the text's most named
   country. A logistic regression is trained on all splits but one and scored on the one left out
   (leave-one-split-out, so every text is scored by a model that never saw it). Gold is the text's
   country-level flows. Printed: pooled precision / recall / F1 at several thresholds, without the
   rules' output as a feature (an honest estimate for unseen text) and with it.
2. **The classifier as a filter or a supplement to the rules**: how many pairs it would add beyond
   the rules' and how many of those are right; how many of the rules' pairs it would drop and how
   many of those were right.
3. **Genre as the lever**: the rules run with the gold genre forced (an oracle) against the genre
   they recognise, per split.

The rules' own figures here are on texts they were tuned on (each split was opened for tuning after
being measured once), so they overstate what the rules do on unseen text; the held-out rows of
bench_draft.py are the figures to quote for that.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_draft as bench

DEV_SPLITS = bench.TUNING_SPLITS
_WORD = re.compile(r"[A-Za-z']+|\d+")


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(s)]


def pair_features(doc: Any, drafts: Any) -> dict[tuple[str, str], set[str]]:  # noqa: C901
    """Candidate (origin, destination) pairs of a text and their features."""
    from ctgraph.ingest.draft import cues
    from ctgraph.ingest.draft.gazetteer import find_mentions

    genre = drafts.genre
    rules = {(f.origin, f.destination): f for f in drafts.flows if ":" not in f.origin and ":" not in f.destination}
    title_refs = {m.ref for m in find_mentions(doc.title or "") if m.kind != "region"}
    named: Counter[str] = Counter()
    inst: dict[tuple[str, str], list[set[str]]] = {}
    for p in doc.paragraphs:
        ms_all = [m for m in find_mentions(p.text) if m.kind != "region"]
        named.update(m.ref for m in ms_all)
        ptraf = cues.is_trafficking(p.text)
        for a, b in cues.sentences(p.text):
            ms = [m for m in ms_all if a <= m.start and m.end <= b]
            if not ms:
                continue
            s = p.text[a:b]
            traf, forms, hedge = cues.is_trafficking(s), cues.exploitation_of(s), cues.hedge_of(s)
            nref = len({m.ref for m in ms})
            for mx in ms:
                for my in ms:
                    if mx.ref == my.ref:
                        continue
                    f: set[str] = set()
                    lo, hi = (mx, my) if mx.start < my.start else (my, mx)
                    between = _words(p.text[lo.end : hi.start])
                    f.add("xfirst" if mx.start < my.start else "yfirst")
                    f.add(f"dist{min(len(between), 12) // 3}")
                    f.update(("bx:" if mx.start < my.start else "by:") + w for w in between[:10])
                    for k, m in (("x", mx), ("y", my)):
                        pre = _words(p.text[max(a, m.start - 40) : m.start])[-3:]
                        f.update(f"p{k}{j}:{w}" for j, w in enumerate(reversed(pre)))
                        f.update(f"a{k}{j}:{w}" for j, w in enumerate(_words(p.text[m.end : min(b, m.end + 30)])[:2]))
                        f.add(f"k{k}:{m.kind}")
                        if m.place:
                            f.add(f"place{k}")
                    f.add("traf" if traf else "notraf")
                    if ptraf:
                        f.add("ptraf")
                    f.update("form:" + x for x in forms)
                    if hedge:
                        f.add("hedge")
                    f.add(f"nref{min(nref, 5)}")
                    inst.setdefault((mx.ref, my.ref), []).append(f)
    home = named.most_common(1)[0][0] if named else None
    out: dict[tuple[str, str], set[str]] = {}
    for x, y in set(inst) | set(rules):
        f = set().union(*inst.get((x, y), [set()]))
        f |= {"g:" + genre, f"nsent{min(len(inst.get((x, y), [])), 4)}"}
        if (x, y) not in inst:
            f.add("nocooc")
        if (x, y) in rules:
            fl = rules[(x, y)]
            f |= {"rule", f"rulev{min(len(fl.evidence), 3)}", f"gx:{genre}:rule"}
            if fl.hedged:
                f.add("rulehedge")
            if fl.inferred and all(fl.inferred):
                f.add("ruleinferred")
        if (y, x) in rules:
            f.add("rulerev")
        f |= {
            t
            for t, ok in (
                ("xtitle", x in title_refs),
                ("ytitle", y in title_refs),
                ("xhome", x == home),
                ("yhome", y == home),
            )
            if ok
        }
        out[(x, y)] = f
    return out


def load_rows() -> list[dict[str, Any]]:
    from ctgraph.ingest.draft.extract import extract
    from ctgraph.ingest.draft.formats import read_document

    rows = []
    for d in yaml.safe_load((bench.DRAFTING / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
        if d["split"] not in DEV_SPLITS:
            continue  # never the held-out split
        folder = bench.DRAFTING / bench.SPLIT_FOLDERS[d["split"]]
        gold = yaml.safe_load((folder / "gold" / f"{d['id']}.yaml").read_text(encoding="utf-8"))
        doc = read_document(folder / "texts" / f"{d['id']}.txt")
        drafts = extract(doc, f"source:{d['id']}")
        rows.append(
            {
                "split": d["split"],
                "genre": d["genre"],
                "path": str(doc.path),
                "gold": {
                    (f["origin"], f["destination"])
                    for f in gold.get("flows") or []
                    if ":" not in f["origin"] and ":" not in f["destination"]
                },
                "rules": {
                    (f.origin, f.destination) for f in drafts.flows if ":" not in f.origin and ":" not in f.destination
                },
                "feats": pair_features(doc, drafts),
            }
        )
    return rows


def _prf(c: list[int]) -> str:
    right, drafted, gold = c
    return (
        f"P {right / max(drafted, 1):.3f} R {right / max(gold, 1):.3f} F1 {2 * right / max(drafted + gold, 1):.3f} "
        f"({right} right of {drafted} drafted, {gold} gold)"
    )


def cross_validate(rows: list[dict[str, Any]], with_rules: bool, c: float = 0.3) -> None:
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    def fx(f: set[str]) -> dict[str, int]:
        return {k: 1 for k in f if with_rules or not (k.startswith("rule") or k.startswith("gx:"))}

    thresholds = (0.3, 0.5, 0.7)
    clf = {t: [0, 0, 0] for t in thresholds}
    rules = [0, 0, 0]
    extra = {t: [0, 0] for t in (0.5, 0.7, 0.9)}
    dropped = {t: [0, 0] for t in (0.1, 0.2)}
    for split in sorted({r["split"] for r in rows}):
        train = [r for r in rows if r["split"] != split]
        vec = DictVectorizer()
        x = vec.fit_transform([fx(f) for r in train for f in r["feats"].values()])
        y = [p in r["gold"] for r in train for p in r["feats"]]
        model = LogisticRegression(C=c, max_iter=3000).fit(x, y)
        for r in (r for r in rows if r["split"] == split):
            rules[0] += len(r["rules"] & r["gold"])
            rules[1] += len(r["rules"])
            rules[2] += len(r["gold"])
            pairs = list(r["feats"])
            prob = (
                dict(zip(pairs, model.predict_proba(vec.transform([fx(r["feats"][p]) for p in pairs]))[:, 1]))
                if pairs
                else {}
            )
            for t, cell in clf.items():
                got = {p for p in pairs if prob[p] >= t}
                cell[0] += len(got & r["gold"])
                cell[1] += len(got)
                cell[2] += len(r["gold"])
            for t, cell in extra.items():
                added = {p for p in pairs if prob[p] >= t} - r["rules"]
                cell[0] += len(added & r["gold"])
                cell[1] += len(added)
            for t, cell in dropped.items():
                lost = {p for p in r["rules"] if prob.get(p, 1.0) < t}
                cell[0] += len(lost & r["gold"])
                cell[1] += len(lost)
    label = "with the rules' output as features" if with_rules else "words and cues only (no rule output)"
    print(f"  pair classifier, leave-one-split-out, {label}:")
    print(f"    the rules (tuned on these texts) {_prf(rules)}")
    for t, cell in clf.items():
        print(f"    classifier p >= {t}             {_prf(cell)}")
    if not with_rules:
        print(
            "    as a supplement: pairs beyond the rules' at p >= t, right/added: "
            + ", ".join(f"{t}: {a}/{b}" for t, (a, b) in extra.items())
        )
        print(
            "    as a filter: rule pairs under p < t, right ones lost/dropped: "
            + ", ".join(f"{t}: {a}/{b}" for t, (a, b) in dropped.items())
        )


def genre_oracle(rows: list[dict[str, Any]]) -> None:
    from ctgraph.ingest.draft.extract import extract
    from ctgraph.ingest.draft.formats import read_document

    module = importlib.import_module("ctgraph.ingest.draft.extract")
    recognised = module.genre_of
    gold_genre = {r["path"]: r["genre"] for r in rows}
    by_split: dict[str, list[list[int]]] = {}
    for r in rows:
        cells = by_split.setdefault(r["split"], [[0, 0, 0], [0, 0, 0]])
        doc = read_document(Path(r["path"]))
        for i, forced in enumerate((False, True)):
            module.genre_of = (lambda d: gold_genre[str(d.path)]) if forced else recognised
            try:
                drafts = extract(doc, "source:x")
            finally:
                module.genre_of = recognised
            got = {(f.origin, f.destination) for f in drafts.flows if ":" not in f.origin and ":" not in f.destination}
            cells[i][0] += len(got & r["gold"])
            cells[i][1] += len(got)
            cells[i][2] += len(r["gold"])
    print("  flows with the genre the rules recognise vs the gold genre forced:")
    for split, (own, oracle) in by_split.items():
        print(f"    {split:<6} recognised {_prf(own)}")
        print(f"    {'':<6} gold genre {_prf(oracle)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--skip-oracle", action="store_true", help="leave out question 3 (runs the drafter twice)")
    args = ap.parse_args()
    rows = load_rows()
    print(
        f"{len(rows)} development texts, {sum(len(r['gold']) for r in rows)} gold country-level flows; "
        f"{sum(len(r['feats']) for r in rows)} candidate pairs cover "
        f"{sum(len(r['gold'] & set(r['feats'])) for r in rows)} of them"
    )
    cross_validate(rows, with_rules=False)
    cross_validate(rows, with_rules=True)
    if not args.skip_oracle:
        genre_oracle(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
