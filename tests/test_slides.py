"""Briefing decks: the slides hold what the graph holds, and the layout holds.

Decks are opened with python-pptx and compared with the ``--json`` output of
the matching CLI queries; notes must carry quotes that are verbatim in the
seed report; a deck built from a graph with very long names and 50 gaps must
keep every shape on its slide and continue long tables. Where LibreOffice is
installed, decks are converted to PDF: one page per slide, and (with
Ghostscript) no text is drawn outside the body area or off the page.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu

from dashboard import slides as S
from graph.batch import GraphBatch, NodeRecord, RelRecord
from graph.errors import UnknownEntity
from graph.memory import MemoryStore
from ingest.seed import SEED_DIR, normalise_ws, read_sources
from tests.cli_helpers import run_cli

TODAY = date(2018, 1, 17)
SECTIONS = [
    "Key figures",
    "Route map",
    "Network of flows and cooperation",
    "Documented routes",
    "Cooperation gaps",
    "Agreements and their status",
    "Operational cooperation",
    "Challenges reported",
    "Figures reported in the sources",
    "Contacts: named experts",
    "Contacts: agencies",
    "Sources and citations",
]
EMU_PER_IN = 914400
QUOTE_LINE = re.compile(r'^"(?P<quote>.*)" — (?P<source>[^,]+), (?P<locator>.+)$')


# --------------------------------------------------------------------------- helpers


def open_deck(data: bytes) -> Any:
    return Presentation(io.BytesIO(data))


def titles(prs: Any) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


def section(prs: Any, title: str) -> list[Any]:
    """Slides of one section: the title, then any '(continued)' slides."""
    return [s for s in prs.slides if s.shapes.title.text in (title, f"{title} (continued)")]


def table_rows(slides: list[Any]) -> list[list[str]]:
    rows: list[list[str]] = []
    for s in slides:
        tables = [sh for sh in s.shapes if sh.has_table]
        assert len(tables) <= 1
        for t in tables:
            rows.extend([c.text for c in r.cells] for r in list(t.table.rows)[1:])
    return rows


def header(slides: list[Any]) -> list[str]:
    t = next(sh for sh in slides[0].shapes if sh.has_table)
    return [c.text for c in t.table.rows[0].cells]


def notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text)


def names_of(store: MemoryStore) -> dict[str, str]:
    return {n["id"]: n["name"] for lbl in ("Country", "Region", "Place") for n in store.nodes(lbl)}


def assert_names_endpoint(cell: str, ident: str, names: dict[str, str]) -> None:
    """A pair/route cell part names the endpoint: 'Name (CODE)' for a country,
    the name as the graph gives it for a region or place."""
    assert cell.startswith(names[ident]), (cell, ident)
    if len(ident) == 3 and ident.isupper():
        assert cell.endswith(f"({ident})"), (cell, ident)


@pytest.fixture(scope="module")
def seed_decks(seed_store: MemoryStore) -> dict[str, Any]:
    scopes = {
        "everything": S.Scope.everything(),
        "CHN": S.Scope.country("CHN"),
        "CHN:DEU": S.Scope.route("CHN", "DEU"),
    }
    return {k: open_deck(S.deck_bytes(seed_store, sc, today=TODAY)) for k, sc in scopes.items()}


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize(
    "key, first",
    [("everything", "Briefing: The whole picture"), ("CHN", "Country briefing: China (CHN)"),
     ("CHN:DEU", "Route briefing: China → Germany")],
)
def test_deck_is_16_9_and_has_every_section_in_order(seed_decks: dict[str, Any], key: str, first: str) -> None:
    prs = seed_decks[key]
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in
    got = titles(prs)
    assert got[0] == first
    assert [t for t in got[1:] if not t.endswith(" (continued)")] == SECTIONS
    for t in got:
        if t.endswith(" (continued)"):
            base = t.removesuffix(" (continued)")
            assert got.index(base) < got.index(t)


def test_title_slide_names_scope_date_and_sources(seed_decks: dict[str, Any], seed_store: MemoryStore) -> None:
    s = seed_decks["CHN"].slides[0]
    text = "\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
    assert "Generated 2018-01-17" in text
    assert "flows from or to China (CHN)" in text
    report = next(n for n in seed_store.nodes("Source") if n["id"] == "source:iom-sanya-2018")
    assert normalise_ws(report["title"]) in normalise_ws(text)


def test_every_slide_has_a_footer_with_page_number(seed_decks: dict[str, Any]) -> None:
    prs = seed_decks["everything"]
    n = len(prs.slides)
    for i, s in enumerate(prs.slides, start=1):
        texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
        assert f"{i} / {n}" in texts
        assert any(t.startswith("ctgraph briefing · The whole picture · generated 2018-01-17") for t in texts)


# --------------------------------------------------------------------------- tables == --json


@pytest.mark.parametrize(
    "key, args",
    [("everything", []), ("CHN", ["--country", "CHN"]), ("CHN:DEU", ["--country", "CHN"])],
)
def test_gaps_table_equals_gaps_json(
    seed_decks: dict[str, Any], seed_store: MemoryStore, home: Path, capsys: pytest.CaptureFixture[str],
    key: str, args: list[str],
) -> None:
    res = run_cli(capsys, "gaps", *args, "--json")
    assert res.code == 0, res.err
    expected = res.json()
    if key == "CHN:DEU":
        expected = [g for g in expected if (g["source"], g["destination"]) == ("CHN", "DEU")]
    rows = table_rows(section(seed_decks[key], "Cooperation gaps"))
    assert header(section(seed_decks[key], "Cooperation gaps")) == ["#", "Pair", "Coverage", "Instruments", "Evidence"]
    assert len(rows) == len(expected) > 0
    names = names_of(seed_store)
    for i, (row, g) in enumerate(zip(rows, expected), start=1):
        rank, pair, cov, inst, ev = row
        assert rank == str(i)
        src, dst = pair.split(" → ")
        assert_names_endpoint(src, g["source"], names)
        assert_names_endpoint(dst, g["destination"], names)
        assert cov == g["coverage"]
        assert inst == ("; ".join(f"{x['title']} ({x['level']})" for x in g["instruments"]) or "none documented")
        assert ev == str(len(g["evidence"]))


@pytest.mark.parametrize(
    "key, args",
    [("everything", []), ("CHN:DEU", ["--from", "CHN", "--to", "DEU"])],
)
def test_routes_table_equals_routes_json(
    seed_decks: dict[str, Any], seed_store: MemoryStore, home: Path, capsys: pytest.CaptureFixture[str],
    key: str, args: list[str],
) -> None:
    res = run_cli(capsys, "routes", *args, "--json")
    # the deck ranks routes heaviest first: evidence items + victims counted by data sets
    expected = sorted(res.json(), key=lambda r: -(len(r["evidence"]) + sum(c["victims"] for c in r["corroboration"])))
    rows = table_rows(section(seed_decks[key], "Documented routes"))
    assert len(rows) == len(expected) > 0
    names = names_of(seed_store)
    for row, r in zip(rows, expected):
        hops = row[0].split(" → ")
        assert len(hops) == len(r["hops"])
        for cell, ident in zip(hops, r["hops"]):
            assert_names_endpoint(cell, ident, names)
        assert row[1] == ", ".join(e.replace("_", " ") for e in r["exploitation"])
        assert row[2] == ", ".join(r["victims"])
        assert row[3] == str(len(r["evidence"]))
        assert row[4] == "—"  # the seed has no statistical data set


def test_agreements_table_equals_agreements_json(
    seed_decks: dict[str, Any], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = run_cli(capsys, "agreements", "--country", "CHN", "--json").json()
    rows = table_rows(section(seed_decks["CHN"], "Agreements and their status"))
    assert [r[0] for r in rows] == [a["title"] for a in expected]
    assert [r[1] for r in rows] == [a["kind"] for a in expected]
    assert [r[2] for r in rows] == [a["status"] for a in expected]
    assert [r[4] for r in rows] == [a["date"] or "—" for a in expected]
    assert [len(r[3].split("; ")) for r in rows] == [len(a["parties"]) for a in expected]


def test_country_tables_equal_country_json(
    seed_decks: dict[str, Any], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    prs = seed_decks["CHN"]
    assert [r[0] for r in table_rows(section(prs, "Challenges reported"))] == [
        c["description"] for c in profile["challenges"]
    ]
    experts = table_rows(section(prs, "Contacts: named experts"))
    assert [r[0] for r in experts] == [
        f"{e['title']} {e['name']}" if e["title"] else e["name"] for e in profile["experts"]
    ]
    assert [r[3] for r in experts] == [e["contact_note"] or "not given in the sources" for e in profile["experts"]]
    agencies = table_rows(section(prs, "Contacts: agencies"))
    assert [r[0] for r in agencies] == [
        a["name"] + (f" ({a['acronym']})" if a["acronym"] else "") for a in profile["agencies"]
    ]
    stats = table_rows(section(prs, "Figures reported in the sources"))
    assert [r[0] for r in stats] == [x["counts"] for x in profile["statistics"]]
    for row, x in zip(stats, profile["statistics"]):
        if x["unit"] == "percent":
            assert row[1] == f"{x['value']:g}%"
        else:
            assert row[1] == (f"{int(x['value']):,}" if x["value"] >= 5 else "<5")
    routes = table_rows(section(prs, "Documented routes"))
    flows = {(r["source"], r["destination"]) for r in profile["flows_out"] + profile["flows_in"]}
    assert len(routes) == len(flows)


def test_key_figures_count_what_the_queries_return(
    seed_decks: dict[str, Any], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gaps = run_cli(capsys, "gaps", "--country", "CHN", "--json").json()
    agreements = run_cli(capsys, "agreements", "--country", "CHN", "--json").json()
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    flows = {(r["source"], r["destination"]) for r in profile["flows_out"] + profile["flows_in"]}
    slide = section(seed_decks["CHN"], "Key figures")[0]
    tiles = {}
    for sh in slide.shapes:
        if sh.name == "Figure tile":
            value, label = (p.text for p in sh.text_frame.paragraphs[:2])
            tiles[label] = value
    assert tiles["documented routes"] == str(len(flows))
    assert tiles["cooperation gaps"] == str(len(gaps))
    assert tiles["agreements"] == str(len(agreements))
    assert tiles["challenges reported"] == str(len(profile["challenges"]))
    assert tiles["named experts"] == str(len(profile["experts"]))


def test_whole_picture_lists_every_challenge_expert_and_agency(
    seed_decks: dict[str, Any], seed_store: MemoryStore
) -> None:
    prs = seed_decks["everything"]
    assert len(table_rows(section(prs, "Challenges reported"))) == len(seed_store.nodes("Challenge"))
    assert len(table_rows(section(prs, "Contacts: named experts"))) == len(seed_store.nodes("Expert"))
    assert len(table_rows(section(prs, "Contacts: agencies"))) == len(seed_store.nodes("Agency"))


def test_route_scope_keeps_only_what_binds_or_concerns_both_sides(
    seed_decks: dict[str, Any], seed_store: MemoryStore
) -> None:
    prs = seed_decks["CHN:DEU"]
    challenges = table_rows(section(prs, "Challenges reported"))
    expected = [c for c in seed_store.nodes("Challenge") if {"CHN", "DEU"} <= set(c["concerns"])]
    assert [r[0] for r in challenges] == [c["description"] for c in expected]
    both = {a["id"] for a in seed_store.agreements("DEU")} & {a["id"] for a in seed_store.agreements("CHN")}
    assert len(table_rows(section(prs, "Agreements and their status"))) == len(both)


# --------------------------------------------------------------------------- pictures and notes


def test_map_and_network_pictures_are_present(seed_decks: dict[str, Any]) -> None:
    for key in ("everything", "CHN", "CHN:DEU"):
        for title in ("Route map", "Network of flows and cooperation"):
            (slide,) = section(seed_decks[key], title)
            pics = [sh for sh in slide.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
            assert len(pics) == 1
            assert pics[0].image.content_type == "image/png"
            assert pics[0].image.size[0] >= 1200
    caption = next(sh for sh in section(seed_decks["everything"], "Route map")[0].shapes if sh.name == "Caption")
    assert "Not on the map" in caption.text_frame.text and "Europe (region)" in caption.text_frame.text


def _report_text() -> str:
    return normalise_ws((SEED_DIR / "sources" / "iom-sanya-2018-seminar-summary.md").read_text(encoding="utf-8"))


def _source_texts() -> dict[str, str]:
    """Normalised text of every seed Source (its excerpt, or its text file), by id without prefix."""
    facts, _ = read_sources()
    out: dict[str, str] = {}
    for src in facts.section("sources"):
        text = src.excerpt or ((SEED_DIR / src.path).read_text(encoding="utf-8") if src.path else "")
        out[src.id.removeprefix("source:")] = normalise_ws(text)
    return out


@pytest.mark.parametrize("key", ["everything", "CHN", "CHN:DEU"])
def test_notes_carry_verbatim_quotes_with_locators(
    seed_decks: dict[str, Any], seed_store: MemoryStore, key: str
) -> None:
    report = _report_text()
    texts = _source_texts()
    known = {(e["quote"], e["locator"]) for e in seed_store.search_evidence("", limit=100_000)}
    quoted_slides = 0
    for slide in list(seed_decks[key].slides)[1:]:
        lines = [m for m in map(QUOTE_LINE.match, notes(slide).splitlines()) if m]
        quoted_slides += bool(lines)
        for m in lines:
            assert m["source"] in texts, m["source"]
            assert normalise_ws(m["quote"]) in texts[m["source"]], m["quote"]
            if m["source"] == "iom-sanya-2018":
                assert normalise_ws(m["quote"]) in report, m["quote"]
                assert (m["quote"], m["locator"]) in known
    assert quoted_slides >= 8


def test_each_table_slide_quotes_its_own_rows(seed_decks: dict[str, Any], seed_store: MemoryStore) -> None:
    gaps = seed_store.gaps()
    shown = 0
    for slide in section(seed_decks["everything"], "Cooperation gaps"):
        text = notes(slide)
        for row in table_rows([slide]):
            g = gaps[int(row[0]) - 1]
            for e in g["evidence"]:
                assert f"\"{e['quote']}\" — {e['source'].removeprefix('source:')}, {e['locator']}" in text
            shown += 1
    assert shown == len(gaps)


# --------------------------------------------------------------------------- small counts


def _dataset_store() -> MemoryStore:
    ds, rep = "source:ds", "source:rep"
    nodes = [
        NodeRecord("Source", ds, {"title": "Data set", "kind": "dataset", "publisher": "X"}),
        NodeRecord("Source", rep, {"title": "Report", "kind": "report", "publisher": "X"}),
        NodeRecord("Country", "AAA", {"iso3": "AAA", "name": "Alpha"}),
        NodeRecord("Country", "BBB", {"iso3": "BBB", "name": "Beta"}),
        NodeRecord("Flow", "flow:ds-ab", {"victims": [], "exploitation": ["forced_labour"], "scope": "cross_border",
                                          "dataset": ds, "victims_count": 3, "suppressed_cells": 2,
                                          "year_first": 2019, "year_last": 2020, "years": [2019, 2020],
                                          "year_victims": [3, 0], "year_suppressed": [1, 1]}),
        NodeRecord("Statistic", "statistic:few", {"counts": "victims identified", "value": 2, "unit": "people",
                                                  "year": 2020}),
        NodeRecord("Statistic", "statistic:share", {"counts": "share of women", "value": 3, "unit": "percent"}),
        NodeRecord("Statistic", "statistic:many", {"counts": "cases", "value": 12, "unit": "count"}),
        NodeRecord("Statistic", "statistic:ds", {"counts": "Detected victims, Alpha, 2020 (data set): at least 3",
                                                 "value": 3, "unit": "people", "year": 2020, "dataset": ds,
                                                 "suppressed_cells": 1}),
    ]
    rels = [
        RelRecord("FROM", "flow:ds-ab", "AAA"), RelRecord("TO", "flow:ds-ab", "BBB"),
        RelRecord("EVIDENCE", "flow:ds-ab", ds, "0", {"quote": "Alpha to Beta: 3 (2019: 3; 2020: <5)",
                                                      "locator": "rows 1-2"}),
        RelRecord("EVIDENCE", "statistic:ds", ds, "0", {"quote": "Alpha, victims, 2020: 3", "locator": "row 3"}),
        *[RelRecord("ABOUT", s, "AAA") for s in ("statistic:few", "statistic:share", "statistic:many", "statistic:ds")],
        *[RelRecord("EVIDENCE", s, rep, "0", {"quote": f"quote {s}", "locator": "p. 1"})
          for s in ("statistic:few", "statistic:share", "statistic:many")],
    ]
    store = MemoryStore(home=None)
    store.load(GraphBatch("small", nodes, rels))
    return store


@pytest.mark.parametrize(
    "threshold, victims, few, many",
    [(5, "<5", "<5", "12"), (0, "3", "2", "12"), (13, "<13", "<13", "<13")],
)
def test_counts_below_threshold_are_masked(threshold: int, victims: str, few: str, many: str) -> None:
    prs = open_deck(S.deck_bytes(_dataset_store(), S.Scope.country("AAA"), threshold=threshold, today=TODAY))
    (route,) = table_rows(section(prs, "Documented routes"))
    assert route[4] == f"ds: {victims} (2019–2020; 2 cells suppressed)"
    stats = {r[0]: r[1] for r in table_rows(section(prs, "Figures reported in the sources"))}
    ds_label = "Detected victims, Alpha, 2020 (data set)" + (": at least 3" if threshold == 0 else "")
    assert stats == {"victims identified": few, "share of women": "3%", "cases": many,
                     ds_label: f"at least {victims}"}
    all_notes = "\n".join(notes(s) for s in prs.slides)
    assert ("2019: 3" in all_notes) == (threshold == 0)  # data-set rows repeat raw counts: cited by rows only
    assert ("Alpha, victims, 2020: 3" in all_notes) == (threshold == 0)
    if threshold:
        assert "data rows — ds, rows 1-2" in all_notes and "data rows — ds, row 3" in all_notes
    slide = section(prs, "Key figures")[0]
    tile = next(sh for sh in slide.shapes if sh.name == "Figure tile"
                and "victims in data sets" in sh.text_frame.text)
    assert tile.text_frame.paragraphs[0].text == victims
    if threshold:
        everything = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
        assert f"below {threshold} shown as <{threshold}" in everything


def test_format_count() -> None:
    assert [S.format_count(n) for n in (0, 4, 5, 1234)] == ["<5", "<5", "5", "1,234"]
    assert S.format_count(4, threshold=0) == "4"


# --------------------------------------------------------------------------- long names, 50 gaps

LONG = "Democratic Federation of the Extraordinarily Long-Named Archipelago and its Dependencies"
WORD = "Supercalifragilisticexpialidocious" * 6  # 204 characters, no space to break at


def _long_store(n_gaps: int = 50) -> MemoryStore:
    from graph.countries import all_countries

    codes = sorted(all_countries())[: n_gaps + 1]
    rep = "source:long"
    nodes = [NodeRecord("Source", rep, {"title": "A report " * 20, "kind": "report", "publisher": "P " * 30,
                                        "citation": "Citation " * 60})]
    for i, c in enumerate(codes):
        nodes.append(NodeRecord("Country", c, {"iso3": c, "name": f"{LONG} {i}" if i % 2 == 0 else c}))
    nodes.append(NodeRecord("Region", "region:long", {"name": WORD, "kind": "area", "candidates": []}))
    rels: list[RelRecord] = []
    origin = codes[0]
    for i, c in enumerate(codes[1:], start=1):
        dst = "region:long" if i == n_gaps else c
        f = f"flow:f{i:03d}"
        nodes.append(NodeRecord("Flow", f, {"victims": [f"victim profile {WORD[:40]}"] * (i % 3 + 1),
                                            "exploitation": ["sexual_exploitation", "forced_labour"][: i % 2 + 1],
                                            "scope": "cross_border"}))
        rels += [RelRecord("FROM", f, origin), RelRecord("TO", f, dst)]
        for k in range(i % 4 + 1):
            rels.append(RelRecord("EVIDENCE", f, rep, str(k), {"quote": f"quote {i}.{k} " + "words " * 40,
                                                              "locator": f"section {i} ¶{k}"}))
    for k in range(6):
        a = f"agreement:a{k}"
        nodes.append(NodeRecord("Agreement", a, {"title": f"{LONG} agreement {k} " * 3, "kind": "bilateral",
                                                 "status": ["proposed", "negotiating"][k % 2]}))
        rels += [RelRecord("PARTY", a, origin), RelRecord("PARTY", a, codes[k + 1]),
                 RelRecord("EVIDENCE", a, rep, "0", {"quote": f"agreement {k}", "locator": "annex"})]
    nodes.append(NodeRecord("Cooperation", "cooperation:c", {"title": WORD, "kind": "liaison",
                                                             "outcomes": [LONG] * 4}))
    rels += [RelRecord("PARTY", "cooperation:c", origin), RelRecord("PARTY", "cooperation:c", codes[2]),
             RelRecord("EVIDENCE", "cooperation:c", rep, "0", {"quote": "liaison", "locator": "p. 9"})]
    nodes.append(NodeRecord("Agency", "agency:long", {"name": LONG + " " + WORD, "kind": "national",
                                                      "country": origin, "role": LONG * 3}))
    nodes.append(NodeRecord("Expert", "expert:long", {"name": WORD, "title": "Director-General " * 3,
                                                      "agency": "agency:long", "country": origin,
                                                      "role": LONG * 4, "contact_note": LONG * 2}))
    rels += [RelRecord("BASED_IN", "agency:long", origin), RelRecord("BASED_IN", "expert:long", origin),
             RelRecord("WORKS_FOR", "expert:long", "agency:long")]
    for k in range(12):
        ch = f"challenge:c{k}"
        nodes.append(NodeRecord("Challenge", ch, {"description": f"{LONG} challenge {k}. " * (k % 5 + 1),
                                                  "concerns": [origin, codes[k + 1]]}))
        rels += [RelRecord("CONCERNS", ch, origin), RelRecord("CONCERNS", ch, codes[k + 1]),
                 RelRecord("EVIDENCE", ch, rep, "0", {"quote": f"challenge {k}", "locator": "p. 2"})]
    for k in range(3):
        rels.append(RelRecord("EVIDENCE", "agency:long", rep, str(k), {"quote": f"agency {k}", "locator": "p. 3"}))
        rels.append(RelRecord("EVIDENCE", "expert:long", rep, str(k), {"quote": f"expert {k}", "locator": "p. 4"}))
    store = MemoryStore(home=None)
    store.load(GraphBatch("long", nodes, rels))
    return store


@pytest.fixture(scope="module")
def long_store() -> MemoryStore:
    return _long_store()


@pytest.fixture(scope="module")
def long_deck(long_store: MemoryStore) -> bytes:
    return S.deck_bytes(long_store, S.Scope.country(sorted(n["id"] for n in long_store.nodes("Country"))[0]),
                        today=TODAY)


def test_fifty_gaps_continue_over_slides_in_order(long_store: MemoryStore, long_deck: bytes) -> None:
    prs = open_deck(long_deck)
    origin = sorted(n["id"] for n in long_store.nodes("Country"))[0]
    gaps = long_store.gaps(country=origin)
    assert len(gaps) == 50
    slides = section(prs, "Cooperation gaps")
    assert len(slides) >= 3
    assert [s.shapes.title.text for s in slides[1:]] == ["Cooperation gaps (continued)"] * (len(slides) - 1)
    rows = table_rows(slides)
    assert [r[0] for r in rows] == [str(i) for i in range(1, 51)]
    assert [r[4] for r in rows] == [str(len(g["evidence"])) for g in gaps]
    assert [r[2] for r in rows] == [g["coverage"] for g in gaps]
    for slide in slides:  # each slide's notes quote its own rows only
        for r in table_rows([slide]):
            g = gaps[int(r[0]) - 1]
            assert all(e["quote"] in notes(slide) for e in g["evidence"])


def _shapes_inside(prs: Any) -> Iterator[tuple[int, str, float, float]]:
    for i, s in enumerate(prs.slides, start=1):
        for sh in s.shapes:
            bottom = (sh.top + sh.height) / EMU_PER_IN
            right = (sh.left + sh.width) / EMU_PER_IN
            yield i, sh.name, right, bottom


def test_long_names_stay_inside_their_boxes(long_deck: bytes) -> None:
    prs = open_deck(long_deck)
    for i, name, right, bottom in _shapes_inside(prs):
        assert right <= S.SLIDE_W + 1e-6 and bottom <= S.SLIDE_H + 1e-6, (i, name)
        if name == "Table":
            assert bottom <= S.BODY_BOTTOM + 1e-6, (i, name, bottom)
    for s in prs.slides:
        for sh in s.shapes:
            if not sh.has_table:
                continue
            table = sh.table
            widths = [c.width / EMU_PER_IN for c in table.columns]
            for r in table.rows:
                for w, cell in zip(widths, r.cells):
                    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                    lines = S.wrap_text(cell.text, w - 2 * S.CELL_MX, size)
                    assert len(lines) * size * 1.2 / 72 + 2 * S.CELL_MY <= r.height / EMU_PER_IN + 1e-6
    titles_ = titles(prs)
    assert any(t.endswith(" (continued)") for t in titles_)
    cut = [c for s in prs.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
           if c.text.endswith("…")]
    assert cut, "over-long cells are cut with an ellipsis"


def test_long_table_rows_are_capped_with_a_note(long_store: MemoryStore) -> None:
    origin = sorted(n["id"] for n in long_store.nodes("Country"))[0]
    prs = open_deck(S.deck_bytes(long_store, S.Scope.country(origin), limits={"gaps": 20}, today=TODAY))
    slides = section(prs, "Cooperation gaps")
    assert len(table_rows(slides)) == 20
    lead = next(sh for sh in slides[0].shapes if sh.name == "Lead").text_frame.text
    assert f"Showing the first 20 of 50, heaviest evidence first; `ctgraph gaps --country {origin} --json`" in lead


def test_wrap_text_breaks_words_longer_than_the_box() -> None:
    lines = S.wrap_text(WORD, 2.0, 12)
    assert "".join(lines) == WORD
    assert all(S.text_width(x, 12) <= 2.0 for x in lines)


# --------------------------------------------------------------------------- LibreOffice


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _to_pdf(pptx: Path, tmp: Path) -> Path:
    exe = _soffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress")
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), str(pptx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp / (pptx.stem + ".pdf")
    assert pdf.is_file()
    return pdf


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def _text_spans(pdf: Path) -> list[list[tuple[float, float, float, float, float, str]]]:
    """Per page, every text span LibreOffice drew: (x0, y0, x1, y1, size, text),
    in points from the top left, via Ghostscript's txtwrite device."""
    gs = shutil.which("gs")
    if gs is None:
        pytest.skip("Ghostscript (gs) is not installed")
    out = subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-dTextFormat=0",
                          "-sOutputFile=-", str(pdf)], check=True, capture_output=True, timeout=120).stdout
    pages: list[list[tuple[float, float, float, float, float, str]]] = []
    for chunk in out.decode("utf-8", "replace").split("<page>")[1:]:
        spans = []
        for m in re.finditer(r'<span bbox="([\d.\- ]+)" font="[^"]*" size="([\d.]+)">(.*?)</span>', chunk, re.S):
            x0, y0, x1, y1 = map(float, m[1].split())
            text = "".join(re.findall(r'c="([^"]*)"', m[3]))
            spans.append((x0, y0, x1, y1, float(m[2]), text))
        pages.append(spans)
    return pages


def _check_rendering(pptx: Path, tmp: Path) -> None:
    n_slides = len(Presentation(str(pptx)).slides)
    pdf = _to_pdf(pptx, tmp)
    assert _pdf_pages(pdf) == n_slides
    body_bottom = S.BODY_BOTTOM * 72 + 3  # baselines, in points
    for page_no, spans in enumerate(_text_spans(pdf), start=1):
        assert spans, f"page {page_no} is blank"
        for x0, y0, x1, y1, size, text in spans:
            assert 0 <= x0 and x1 <= S.SLIDE_W * 72 + 1, (page_no, text)
            assert 0 <= y0 and y1 <= S.SLIDE_H * 72, (page_no, text)
            if y1 > body_bottom:  # below the body only the footer (10 pt) may be drawn
                assert abs(size - 10) < 0.5 and S.FOOTER_TOP * 72 <= y1 <= (S.FOOTER_TOP + S.FOOTER_H) * 72, (
                    page_no, text, y1)


def test_seed_deck_renders_one_page_per_slide_in_libreoffice(seed_store: MemoryStore, tmp_path: Path) -> None:
    out = S.write_deck(seed_store, S.Scope.everything(), tmp_path / "seed.pptx", today=TODAY)
    _check_rendering(out, tmp_path)


def test_long_deck_renders_inside_the_page_in_libreoffice(long_deck: bytes, tmp_path: Path) -> None:
    path = tmp_path / "long.pptx"
    path.write_bytes(long_deck)
    _check_rendering(path, tmp_path)


# --------------------------------------------------------------------------- CLI


def test_cli_writes_a_country_deck(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "china.pptx"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "China")
    assert res.code == 0, res.err
    assert res.out.strip() == f"Wrote {out}"
    assert titles(Presentation(str(out)))[0] == "Country briefing: China (CHN)"
    assert {p.name for p in tmp_path.iterdir()} <= {"china.pptx", "home"}  # no temporary file left


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "Chna"], "Error: unknown country 'Chna'; did you mean China (CHN)"),
        (["--country", "GRL"], "Error: the graph holds no facts about Greenland (GRL)"),
        (["--route", "CHN:NOR"], "Error: no documented route from China (CHN) to Norway (NOR); "
                                 "documented routes nearby: CHN:"),
        (["--route", "Atlantis:CHN"], "Error: unknown country, region or place 'Atlantis'; did you mean"),
        (["--route", "CHN"], "Error: --route 'CHN': expected ORIGIN:DESTINATION"),
        (["--country", "CHN", "--route", "CHN:DEU"], "Error: use either --country or --route"),
    ],
)
def test_cli_bad_scope_is_one_error_line_and_no_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "deck" / "briefing.pptx"
    out.parent.mkdir()
    res = run_cli(capsys, "export", "slides", "--out", str(out), *args)
    assert res.code == 1
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), res.err
    assert res.out == ""
    assert list(out.parent.iterdir()) == []  # no deck, no temporary file


def test_cli_missing_folder_is_one_error_line(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nowhere" / "x.pptx"
    res = run_cli(capsys, "export", "slides", "--out", str(out))
    assert res.code == 1
    assert res.err.strip() == (
        f"Error: cannot write {out}: folder {out.parent} does not exist; create it first (mkdir -p {out.parent})"
    )
    assert not out.parent.exists()


def test_failed_export_leaves_an_existing_deck_alone(seed_store: MemoryStore, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"previous deck")
    with pytest.raises(UnknownEntity):
        S.write_deck(seed_store, S.Scope.route("CHN", "NOR"), out)
    assert out.read_bytes() == b"previous deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_deck_bytes_for_the_dashboard(seed_store: MemoryStore) -> None:
    data = S.deck_bytes(seed_store, S.Scope.route("CHN", "DEU"), threshold=5)
    assert data[:2] == b"PK"
    assert titles(open_deck(data))[0] == "Route briefing: China → Germany"
    assert S.default_filename(S.Scope.route("CHN", "DEU"), TODAY) == "ctgraph-briefing-CHN-to-DEU-2018-01-17.pptx"


def test_rendering_check_catches_an_overflowing_table(
    long_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LibreOffice check above is not vacuous: with text widths
    underestimated, rows come out too short, LibreOffice grows them and the
    table runs into the footer, which the check reports."""
    monkeypatch.setattr(S, "_SAFETY", 0.5)
    origin = sorted(n["id"] for n in long_store.nodes("Country"))[0]
    path = tmp_path / "overflowing.pptx"
    path.write_bytes(S.deck_bytes(long_store, S.Scope.country(origin), today=TODAY))
    with pytest.raises(AssertionError):
        _check_rendering(path, tmp_path)


def test_cli_route_endpoints_may_contain_colons(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Region and place ids ('region:europe') work on either side of --route X:Y."""
    out = tmp_path / "europe.pptx"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--route", "CHN:region:europe")
    assert res.code == 0, res.err
    assert titles(Presentation(str(out)))[0] == "Route briefing: China → Europe"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--route", "region:neighbouring-countries-of-china:China")
    assert res.code == 0, res.err
