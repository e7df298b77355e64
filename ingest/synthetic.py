"""A deterministic, realistic synthetic graph for parity tests and scale benchmarks.

:func:`synthetic_batch` builds a :class:`~graph.batch.GraphBatch` with the
shape of the real knowledge base, at any number of flows: about 200
countries, blocs with ``MEMBER_OF`` members (and one ambiguous region with
``CANDIDATE`` countries), areas used as region-level endpoints, places ``IN``
countries, agencies and experts, agreements of every kind and status with
``PARTY`` relationships (countries, blocs, agencies, the odd place), practical
cooperations, challenges with ``CONCERNS``, statistics, measures and events.
Flows are of two kinds:

- *text flows*: victims, exploitation, scope, period, and ``EVIDENCE`` quotes
  into a report Source (some quotes shared by flows of one pair, as when two
  facts come from the same sentence);
- *dataset flows*: the props :func:`graph.analysis._corroboration` reads
  (``dataset, victims_count, suppressed_cells, year_first, year_last, years,
  year_victims, year_suppressed``) and a row-range ``EVIDENCE`` into a data
  set Source.

Each origin sends most of its flows to a handful of usual destinations, as
real flows do, so pairs carry several flows and multi-hop routes stay
countable. The same ``(n_flows, seed)`` always gives the same batch.

Examples
--------
>>> b = synthetic_batch(50)
>>> b.counts().nodes["Flow"], b.counts().nodes["Country"]
(50, 200)
>>> synthetic_batch(50).to_json() == b.to_json()
True
"""

from __future__ import annotations

import random
from typing import Any

from ctgraph.graph.batch import GraphBatch, NodeRecord, PropValue, RelRecord, clean_props
from ctgraph.graph.countries import all_countries

__all__ = ["synthetic_batch", "N_COUNTRIES", "REPORT", "NEWS", "DATASETS"]

#: How many countries the synthetic graph holds.
N_COUNTRIES = 200
#: Text sources flows and facts quote.
REPORT = "source:synthetic-report"
NEWS = "source:synthetic-news"
#: Statistical data sets dataset flows come from.
DATASETS = ("source:synthetic-ctdc", "source:synthetic-glotip")
_REFERENCE = "source:synthetic-membership-lists"

_VICTIMS = ["women", "men", "girls", "boys", "children", "migrant workers", "fishermen"]
_EXPLOITATION = [
    "sexual_exploitation",
    "forced_labour",
    "forced_marriage",
    "forced_criminality",
    "domestic_servitude",
    "organ_removal",
    "unspecified",
]
_COOP_KINDS = ["joint_investigation", "working_group", "liaison", "information_sharing", "other"]
_AGENCY_KINDS = ["national", "provincial", "unit", "ngo", "other"]


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nodes: list[NodeRecord] = []
        self.rels: list[RelRecord] = []

    def node(self, label: str, ident: str, props: dict[str, Any]) -> None:
        self.nodes.append(NodeRecord(label, ident, clean_props(props)))

    def rel(self, rtype: str, start: str, end: str, key: str = "", props: dict[str, PropValue] | None = None) -> None:
        self.rels.append(RelRecord(rtype, start, end, key, dict(props or {})))

    def evidence(self, fact: str, items: list[tuple[str, str, str]]) -> None:
        for i, (source, quote, locator) in enumerate(items):
            self.rel("EVIDENCE", fact, source, str(i), {"quote": quote, "locator": locator})

    def text_ev(self, fact: str, what: str, n: int = 1) -> None:
        items = []
        for _ in range(n):
            src = REPORT if self.rng.random() < 0.8 else NEWS
            sec = self.rng.randint(1, 40)
            items.append((src, f"{what} (case {self.rng.randint(1, 9999)})", f"Section {sec} ¶{self.rng.randint(1, 12)}"))
        self.evidence(fact, items)


def _date(rng: random.Random) -> str:
    y = rng.randint(1998, 2023)
    form = rng.randrange(3)
    if form == 0:
        return str(y)
    if form == 1:
        return f"{y}-{rng.randint(1, 12):02d}"
    return f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synthetic_batch(n_flows: int, seed: int = 0) -> GraphBatch:  # noqa: C901
    """A deterministic synthetic knowledge base with ``n_flows`` flows.

    Parameters
    ----------
    n_flows : int
        How many Flow nodes (text and data set flows, about 70:30).
    seed : int
        Random seed; the same arguments always give the same batch.

    Returns
    -------
    GraphBatch
        Named ``synthetic-<n_flows>-<seed>``; every relationship endpoint is
        a node of the batch.
    """
    rng = random.Random(seed)
    b = _Builder(rng)
    names = all_countries()
    codes = sorted(rng.sample(sorted(names), N_COUNTRIES))

    # sources -----------------------------------------------------------------
    b.node("Source", REPORT, {"title": "Synthetic regional report", "kind": "report", "publisher": "ctgraph", "date": "2020"})
    b.node("Source", NEWS, {"title": "Synthetic press digest", "kind": "report", "publisher": "ctgraph"})
    b.node("Source", _REFERENCE, {"title": "Synthetic membership lists", "kind": "reference", "publisher": "ctgraph"})
    for ds in DATASETS:
        b.node("Source", ds, {"title": "Synthetic data set " + ds.rsplit("-", 1)[1].upper(), "kind": "dataset", "publisher": "ctgraph"})

    # countries ---------------------------------------------------------------
    for c in codes:
        b.node("Country", c, {"iso3": c, "name": names[c]})

    # regions -----------------------------------------------------------------
    blocs: list[str] = []
    members: dict[str, list[str]] = {}
    for i in range(1, 15):
        rid = f"region:bloc-{i:02d}"
        blocs.append(rid)
        b.node("Region", rid, {"name": f"Bloc {i}", "kind": "bloc", "candidates": []})
        b.text_ev(rid, f"the member states of Bloc {i}")
        members[rid] = sorted(rng.sample(codes, rng.randint(5, 24)))
        for c in members[rid]:
            b.rel("MEMBER_OF", c, rid, "", {"source": _REFERENCE, "quote": f"{names[c]} is a member of Bloc {i}", "locator": f"list {i}"})
    areas = []
    for i, name in enumerate(["European countries", "neighbouring countries", "Gulf states", "the Americas"], 1):
        rid = f"region:area-{i}"
        areas.append(rid)
        props: dict[str, Any] = {"name": name, "kind": "area"}
        if i == 2:
            props["relative_to"] = codes[7]
        b.node("Region", rid, props)
        b.text_ev(rid, f"victims were taken to {name}")
    amb = "region:ambiguous-congo"
    b.node("Region", amb, {"name": "Congo", "kind": "ambiguous", "candidates": [codes[3], codes[4]], "note": "either of two"})
    b.text_ev(amb, "victims from Congo")
    for c in (codes[3], codes[4]):
        b.rel("CANDIDATE", amb, c)
    areas.append(amb)

    # places ------------------------------------------------------------------
    places: list[str] = []
    place_country: dict[str, str] = {}
    for i in range(1, 61):
        pid = f"place:p-{i:03d}"
        c = rng.choice(codes)
        places.append(pid)
        place_country[pid] = c
        b.node("Place", pid, {"name": f"Province {i} of {names[c]}", "kind": rng.choice(["province", "city", "district"]), "country": c})
        b.text_ev(pid, f"Province {i} in {names[c]}")
        b.rel("IN", pid, c)

    # agencies and experts ----------------------------------------------------
    agencies: list[str] = []
    agency_country: dict[str, str | None] = {}
    for i in range(1, 261):
        aid = f"agency:a-{i:04d}"
        intl = i % 20 == 0
        home: str | None = None if intl else rng.choice(codes)
        props = {
            "name": f"Agency {i}" + (f" of {names[home]}" if home else " (international)"),
            "acronym": f"A{i}" if rng.random() < 0.6 else None,
            "kind": "international" if intl else rng.choice(_AGENCY_KINDS),
            "country": home,
            "role": rng.choice(["police", "prosecution", "victim support", None]),
        }
        same = [a for a in agencies[-30:] if agency_country[a] == home and home is not None]
        parent = rng.choice(same) if same and rng.random() < 0.5 else None
        if parent:
            props["parent"] = parent
        b.node("Agency", aid, props)
        b.text_ev(aid, f"the work of Agency {i}", rng.randint(1, 2))
        if home:
            b.rel("BASED_IN", aid, home)
        if parent:
            b.rel("PART_OF", aid, parent)
        agencies.append(aid)
        agency_country[aid] = home
    experts: list[str] = []
    for i in range(1, 141):
        eid = f"expert:e-{i:04d}"
        ag = rng.choice(agencies) if rng.random() < 0.8 else None
        based: str | None = rng.choice(codes) if (ag is None or rng.random() < 0.5) else None
        b.node(
            "Expert",
            eid,
            {
                "name": f"Expert Nº{i}",
                "title": rng.choice(["Director", "Inspector", "Prof.", None]),
                "role": rng.choice(["speaker", "liaison officer", None]),
                "agency": ag,
                "country": based,
                "contact_note": "via the seminar organisers" if rng.random() < 0.3 else None,
            },
        )
        b.text_ev(eid, f"Expert Nº{i} said")
        if ag:
            b.rel("WORKS_FOR", eid, ag)
        if based:
            b.rel("BASED_IN", eid, based)
        experts.append(eid)

    # agreements: every kind x status -----------------------------------------
    n = 0
    for kind in ("bilateral", "regional", "multilateral"):
        for status, count in (("signed", 70), ("negotiating", 25), ("proposed", 15)):
            for _ in range(count):
                n += 1
                gid = f"agreement:g-{n:04d}"
                if kind == "bilateral":
                    parties = rng.sample(codes, 2)
                    if rng.random() < 0.1:
                        parties[1] = rng.choice([a for a in agencies if agency_country[a]])
                elif kind == "regional":
                    parties = [rng.choice(blocs)] + rng.sample(codes, rng.randint(0, 2))
                    if len(parties) < 2:
                        parties.append(rng.choice([x for x in blocs if x != parties[0]]))
                else:
                    parties = rng.sample(codes, rng.randint(5, 40))
                    if rng.random() < 0.2:
                        parties.append(rng.choice(blocs))
                if rng.random() < 0.05:
                    parties.append(rng.choice(places))
                props = {"title": f"{kind.title()} instrument {n}", "kind": kind, "status": status}
                form = rng.randrange(5)
                if form == 0:
                    props["date"] = _date(rng)
                elif form == 1:
                    props["period_start"], props["period_end"] = sorted([_date(rng)[:4], _date(rng)[:4]])
                elif form == 2:
                    props["period_start"] = _date(rng)
                elif form == 3:
                    props["period_end"] = _date(rng)
                b.node("Agreement", gid, props)
                b.text_ev(gid, f"the {kind} instrument {n} was {status}", rng.randint(1, 2))
                dated = rng.random() < 0.5
                for p in dict.fromkeys(parties):
                    terms: dict[str, PropValue] = {}
                    if dated:  # dated party terms, as a treaty table gives them
                        since = _date(rng)
                        terms["since"] = since
                        if rng.random() < 0.05:
                            terms["until"] = str(int(since[:4]) + rng.randint(1, 8))
                        if rng.random() < 0.05:
                            terms = {"signed": since, "bound": False}
                    b.rel("PARTY", gid, p, "", terms)
                if status != "signed" and rng.random() < 0.3:  # a dated status history
                    first = _date(rng)[:4]
                    b.rel("STATUS", gid, REPORT, "0",
                          {"status": "negotiating", "date": first, "quote": f"talks on instrument {n}", "locator": "Section 1"})
                    if rng.random() < 0.5:
                        b.rel("STATUS", gid, REPORT, "1",
                              {"status": "signed", "date": str(int(first) + 2), "quote": f"instrument {n} signed", "locator": "Section 2"})

    for i in range(1, 151):
        cid = f"cooperation:c-{i:04d}"
        pool = [rng.choice(codes), rng.choice(codes), rng.choice(agencies), rng.choice(places), rng.choice(blocs)]
        parties = list(dict.fromkeys(rng.sample(pool[:2], 2) + ([rng.choice(pool[2:])] if rng.random() < 0.5 else [])))
        if len(parties) < 2:
            parties.append(rng.choice([c for c in codes if c not in parties]))
        b.node(
            "Cooperation",
            cid,
            {
                "title": f"Cooperation {i}",
                "kind": rng.choice(_COOP_KINDS),
                "parties": parties,
                "date": _date(rng) if rng.random() < 0.6 else None,
                "outcomes": [f"outcome {k}" for k in range(rng.randint(0, 3))],
            },
        )
        b.text_ev(cid, f"joint work under cooperation {i}")
        for p in parties:
            b.rel("PARTY", cid, p)

    # challenges, statistics, measures, events --------------------------------
    for i in range(1, 221):
        hid = f"challenge:h-{i:04d}"
        targets = list(dict.fromkeys(rng.choice(codes if rng.random() < 0.8 else places + areas) for _ in range(rng.randint(1, 3))))
        b.node("Challenge", hid, {"description": f"Difficulty {i} in cooperation", "concerns": targets})
        b.text_ev(hid, f"difficulty {i} was raised", rng.randint(1, 2))
        for t in targets:
            b.rel("CONCERNS", hid, t)
        if rng.random() < 0.4:
            b.rel("RAISED_BY", hid, rng.choice(experts + agencies))
    for i in range(1, 161):
        sid = f"statistic:s-{i:04d}"
        scope = rng.choice(codes) if rng.random() < 0.85 else rng.choice(places)
        value: int | float = rng.randint(1, 5000) if rng.random() < 0.7 else round(rng.uniform(0, 100), 1)
        b.node(
            "Statistic",
            sid,
            {
                "counts": rng.choice(["victims identified", "cases investigated", "suspects arrested"]),
                "value": value,
                "unit": "percent" if isinstance(value, float) else rng.choice(["count", "people"]),
                "year": rng.randint(2010, 2022) if rng.random() < 0.8 else None,
                "scope": scope,
            },
        )
        b.text_ev(sid, f"statistic {i}")
        b.rel("ABOUT", sid, scope)
    for i in range(1, 41):
        mid = f"measure:m-{i:04d}"
        by = rng.choice(codes + agencies)
        b.node("Measure", mid, {"description": f"Measure {i}", "by": by, "status": rng.choice(["in_place", "planned", "recommended"])})
        b.text_ev(mid, f"measure {i}")
        b.rel("BY", mid, by)
    for i in range(1, 11):
        vid = f"event:v-{i:04d}"
        where = rng.choice(codes)
        b.node("Event", vid, {"title": f"Seminar {i}", "date": _date(rng), "place": where})
        b.text_ev(vid, f"seminar {i}")
        b.rel("HELD_IN", vid, where)
        b.rel("ORGANISED_BY", vid, rng.choice(agencies))
        for p in dict.fromkeys(rng.sample(experts, 3)):
            b.rel("PARTICIPANT", vid, p)

    # flows -------------------------------------------------------------------
    weight = [rng.paretovariate(1.5) for _ in codes]
    usual = {c: rng.sample(codes, rng.randint(3, 7)) for c in codes}
    shared: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    arriving: dict[str, list[tuple[str, str, str]]] = {}
    text_into: dict[str, list[str]] = {}

    def display(ref: str) -> str:
        if ref in names:
            return names[ref]
        return ref.split(":", 1)[1]

    for i in range(1, n_flows + 1):
        fid = f"flow:f-{i:06d}"
        o = rng.choices(codes, weight)[0]
        roll = rng.random()
        if roll < 0.01:
            d, scope = o, "internal"
        elif roll < 0.04:
            d, scope = rng.choice(places), "cross_border"
        elif roll < 0.06:
            d, scope = rng.choice(areas), "cross_border"
        elif roll < 0.08:
            d, scope = rng.choice(codes), "cross_border"
        else:
            d, scope = rng.choice(usual[o]), "cross_border"
        if rng.random() < 0.03:
            o = rng.choice(places)
        if d == o and scope != "internal":
            scope = "internal"
        pair = (o, d)
        if rng.random() < 0.7:
            victims = sorted(rng.sample(_VICTIMS, rng.randint(0, 2)))
            expl = sorted(rng.sample(_EXPLOITATION, rng.randint(0, 2)))
            props = {
                "origin": o,
                "destination": d,
                "victims": victims,
                "exploitation": expl,
                "scope": scope,
                "period": str(rng.randint(2005, 2022)) if rng.random() < 0.5 else None,
            }
            b.node("Flow", fid, props)
            items = []
            if pair in shared and rng.random() < 0.2:
                items.append(rng.choice(shared[pair]))
            if o in arriving and rng.random() < 0.05:
                # one sentence describing two legs of a route ("via X to Y")
                items.append(rng.choice(arriving[o]))
            for _ in range(rng.randint(1, 2)):
                what = " and ".join(victims) or "victims"
                quote = f"{what} from {display(o)} were moved to {display(d)} — case {i}"
                src = REPORT if rng.random() < 0.85 else NEWS
                if src == NEWS:
                    quote += " (Großraum)"  # lower() and casefold() differ on ß
                items.append((src, quote, f"Section {rng.randint(1, 60)} ¶{rng.randint(1, 9)}"))
            shared.setdefault(pair, []).extend(items)
            arriving.setdefault(d, []).extend(items)
            b.evidence(fid, items)
            link = rng.random()
            if link < 0.03 and scope == "cross_border":  # a stated transit: "... to D via T"
                for k, t in enumerate(dict.fromkeys(x for x in rng.sample(codes, rng.randint(1, 2)) if x not in (o, d))):
                    b.rel("VIA", fid, t, str(k))
            elif link < 0.06 and text_into.get(o):  # the onward leg of the same victims
                b.rel("CONTINUES", fid, rng.choice(text_into[o]))
            text_into.setdefault(d, []).append(fid)
        else:
            ds = rng.choice(DATASETS)
            years = sorted(rng.sample(range(2012, 2023), rng.randint(1, 4)))
            yv = [rng.choice([0, rng.randint(5, 400)]) for _ in years]
            ys = [rng.randint(0, 3) for _ in years]
            if rng.random() < 0.02:
                ys = ys[:-1]  # ragged rows: only the zipped years count
            props = {
                "origin": o,
                "destination": d,
                "victims": ["all"],
                "exploitation": [rng.choice(_EXPLOITATION)],
                "scope": scope,
                "dataset": ds,
                "victims_count": sum(yv),
                "suppressed_cells": sum(ys),
                "year_first": years[0],
                "year_last": years[-1],
                "years": years,
                "year_victims": yv,
                "year_suppressed": ys,
            }
            b.node("Flow", fid, props)
            row = rng.randint(2, 90000)
            b.evidence(fid, [(ds, f"{display(o)} -> {display(d)}: {sum(yv)} victims", f"rows {row}-{row + len(years) - 1}")])
        b.rel("FROM", fid, o)
        b.rel("TO", fid, d)
    return GraphBatch(name=f"synthetic-{n_flows}-{seed}", nodes=b.nodes, rels=b.rels)
