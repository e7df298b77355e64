"""Briefing decks: they open with key messages, render the store's answers, and the layout holds.

Decks are opened with python-pptx and compared with the ``--json`` answers of
the matching CLI commands (country profile, gaps, next instrument, route
brief); notes must carry quotes that are verbatim in the seed's sources; no
slide or note shows an id; a deck built from a graph with very long names and
50 gaps keeps every shape on its slide and continues long appendix tables.
Where LibreOffice is installed, decks are converted to PDF: one page per
slide, and (with Ghostscript) no text is drawn outside the body area or off
the page.
"""

from __future__ import annotations

import io
import os
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

from ctgraph.dashboard import deck as D
from ctgraph.dashboard.deck import fitting, layout
from ctgraph.dashboard.deck.cells import NO_CONTACT_DETAILS, NO_COUNT, NO_COUNT_CELL, Labels, source_labels
from ctgraph.dashboard.deck.collect import collect
from ctgraph.graph.analysis import rank
from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.errors import UnknownEntity
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.vocabulary import display_name
from ctgraph.ingest.registry import import_dataset
from ctgraph.ingest.seed import SEED_BATCH, SEED_DIR, normalise_ws, read_sources, seed_batch, validate_paths
from tests.cli_helpers import run_cli
from tests.conftest import FIXTURES

TODAY = date(2018, 1, 17)
EMU_PER_IN = 914400
QUOTE_LINE = re.compile(r'^"(?P<quote>.*)" — (?P<source>[^,]+), (?P<locator>.+)$')
#: An internal id as the graph writes them: never on a slide or in the notes.
RAW_ID = re.compile(
    r"\b(region|place|agency|expert|source|flow|agreement|cooperation|challenge|statistic|tiptier|measure|event)"
    r":[a-z0-9]"
)
FIXTURE_IMPORTS = [
    ("glotip", "glotip_slice.csv", {}),
    ("ctdc", "ctdc_slice.csv", {}),
    ("untc", "untc_XVIII-12-a_2023_slice.csv", {"treaty": "XVIII-12-a"}),
    ("tip-tiers", "tip_tiers_slice.csv", {}),
]


# --------------------------------------------------------------------------- helpers


def open_deck(data: bytes) -> Any:
    return Presentation(io.BytesIO(data))


def titles(prs: Any) -> list[str]:
    return [s.shapes.title.text for s in prs.slides]


def main_part(prs: Any) -> list[Any]:
    """The slides before the appendix divider."""
    out = []
    for s in prs.slides:
        if s.shapes.title.text == "Appendix":
            break
        out.append(s)
    return out


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


def slide_text(slide: Any) -> str:
    parts = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            parts.append(sh.text_frame.text)
        if sh.has_table:
            parts.extend(c.text for r in sh.table.rows for c in r.cells)
    return "\n".join(parts)


def shape(slide: Any, name: str) -> Any:
    return next(sh for sh in slide.shapes if sh.name == name)


def key_messages(prs: Any) -> list[tuple[str, str]]:
    """(message, source line) pairs of the Key messages slide."""
    (slide,) = section(prs, "Key messages")
    paras = [p.text for p in shape(slide, "Key messages").text_frame.paragraphs]
    return [(re.sub(r"^\d+\.\s+", "", m), s) for m, s in zip(paras[::2], paras[1::2])]


def fixture_store(home: Path | None = None) -> MemoryStore:
    """The seed plus the committed slices of GLOTIP, CTDC, the UNTC Protocol table and the TIP tiers."""
    store = MemoryStore(home=home)
    store.load(seed_batch(validate_paths(), name=SEED_BATCH))
    for kind, name, options in FIXTURE_IMPORTS:
        store.load(import_dataset(kind, FIXTURES / name, **options)[0])
    return store


@pytest.fixture(scope="module")
def seed_decks(seed_store: MemoryStore) -> dict[str, Any]:
    scopes = {
        "everything": D.Scope.everything(),
        "CHN": D.Scope.country("CHN"),
        "CHN:DEU": D.Scope.route("CHN", "DEU"),
    }
    return {k: open_deck(D.deck_bytes(seed_store, sc, today=TODAY)) for k, sc in scopes.items()}


@pytest.fixture(scope="module")
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("deck-data") / "home"
    fixture_store(home)
    return home


@pytest.fixture()
def data_cli(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI on the fixture data (memory store)."""
    monkeypatch.setenv("CTGRAPH_HOME", str(data_home))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    return data_home


@pytest.fixture(scope="module")
def data_deck(data_home: Path) -> Any:
    return open_deck(D.deck_bytes(MemoryStore(home=data_home), D.Scope.country("CHN"), today=TODAY))


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize(
    "key, first",
    [("everything", "Briefing: The whole picture"), ("CHN", "Country briefing: China"),
     ("CHN:DEU", "Route briefing: China → Germany")],
)
def test_deck_opens_with_key_messages_and_ends_with_a_marked_appendix(
    seed_decks: dict[str, Any], key: str, first: str
) -> None:
    prs = seed_decks[key]
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in
    got = titles(prs)
    assert got[:3] == [first, "Key messages", "Route map"]
    divider = got.index("Appendix")
    assert all(t.startswith("Appendix: ") for t in got[divider + 1:])
    assert not any(t.startswith("Appendix") for t in got[:divider])
    assert got[-1].startswith("Appendix: Sources and citations")
    assert "Appendix: Figures reported in the sources" in got  # raw figures live in the appendix only
    assert not any("Figures reported" in t for t in got[:divider])
    for t in got:
        if t.endswith(" (continued)"):
            assert got.index(t.removesuffix(" (continued)")) < got.index(t)
    for s in list(prs.slides)[divider:]:
        assert shape(s, "Footer").text_frame.text.endswith(" · appendix")


def test_country_deck_main_part_in_order(data_deck: Any) -> None:
    main = [s.shapes.title.text for s in main_part(data_deck)]
    assert main == ["Country briefing: China", "Key messages", "Route map", "Top routes by magnitude",
                    "Cooperation gaps", "Next bilateral instrument", "What binds China",
                    "Context: US TIP report tiers", "Challenges reported", "Contacts"]


@pytest.mark.parametrize("which", ["seed", "data", "long"])
def test_a_country_deck_has_six_to_ten_main_slides(
    which: str, seed_decks: dict[str, Any], data_deck: Any, long_deck: bytes
) -> None:
    prs = {"seed": seed_decks["CHN"], "data": data_deck, "long": open_deck(long_deck)}[which]
    assert 6 <= len(main_part(prs)) <= 10
    assert len(prs.slides) > len(main_part(prs))  # the rest is appendix


def test_title_slide_names_scope_coverage_date_and_sources(seed_store: MemoryStore) -> None:
    prs = open_deck(D.deck_bytes(seed_store, D.Scope.country("CHN"), today=TODAY, as_of="2017-06"))
    text = slide_text(prs.slides[0])
    assert "Coverage as of 2017-06-30 · generated 2018-01-17" in text
    assert "flows from and to China" in text
    report = next(n for n in seed_store.nodes("Source") if n["id"] == "source:iom-sanya-2018")
    assert "IOM 2018: " + normalise_ws(report["title"])[:40] in normalise_ws(text)
    default = open_deck(D.deck_bytes(seed_store, D.Scope.country("CHN"), today=TODAY))
    assert f"Coverage as of {date.today().isoformat()}" in slide_text(default.slides[0])


def test_every_slide_has_a_footer_with_page_number(seed_decks: dict[str, Any]) -> None:
    prs = seed_decks["everything"]
    n = len(prs.slides)
    for i, s in enumerate(prs.slides, start=1):
        texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
        assert f"{i} / {n}" in texts
        assert any(t.startswith(f"ctgraph briefing · The whole picture · coverage as of {date.today()} · "
                                "generated 2018-01-17") for t in texts)


# --------------------------------------------------------------------------- key messages = the answers


@pytest.mark.parametrize("key", ["everything", "CHN", "CHN:DEU"])
def test_three_to_five_key_messages_each_with_its_source(seed_decks: dict[str, Any], key: str) -> None:
    messages = key_messages(seed_decks[key])
    assert 3 <= len(messages) <= 5
    for text, source in messages:
        assert re.search(r"\d", text), text  # each finding carries its figure
        assert source.startswith("Source: ") and len(source) > len("Source: ")


def test_headline_figures_equal_the_country_json(data_cli: Path, capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    """The China deck on the fixture data: its headline numbers are the profile's."""
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    gaps = run_cli(capsys, "gaps", "--country", "CHN", "--json").json()
    nxt = run_cli(capsys, "next-instrument", "CHN", "--json").json()
    out = tmp_path / "china.pptx"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "CHN")
    assert res.code == 0, res.err
    prs = Presentation(str(out))
    names = MemoryStore(home=data_cli).names()
    messages = [m for m, _ in key_messages(prs)]
    top = profile["flows_out"][0]  # answers come ranked: victims counted first
    assert top["weight"]["victims"] > 0
    assert messages[0].startswith(
        f"Most counted destination of victims from China: {display_name(top['destination'], names)} (")
    for c in top["corroboration"]:
        assert f": {c['victims']:,}" in messages[0]  # graph.wording: the published count, never "at least 0"
    first_in = profile["flows_in"][0]
    assert messages[1].startswith(f"Most counted origin of victims detected in China: "
                                  f"{display_name(first_in['source'], names)} (")
    assert any(m.startswith(f"{len(gaps)} cooperation gaps below regional coverage") for m in messages)
    largest = gaps[0]
    assert any(f"the largest: {display_name(largest['source'], names)} → "
               f"{display_name(largest['destination'], names)}" in m for m in messages)
    assert any(m.startswith(f"Next bilateral instrument to seek: {display_name(nxt[0]['counterpart'], names)}, ")
               and f"at least {nxt[0]['weight']['victims']:,}" in m for m in messages)
    # the top routes table is the profile's routes in the answers' own order
    ranked = rank(profile["flows_out"] + profile["flows_in"])
    rows = table_rows(section(prs, "Top routes by magnitude"))
    assert [r[0] for r in rows] == [
        f"{display_name(r['source'], names)} → {display_name(r['destination'], names)}" for r in ranked[:len(rows)]]
    assert rows[0][3].startswith(f"GLOTIP 2008–2022: {top['corroboration'][0]['victims']:,}")


def _two_dataset_store() -> MemoryStore:
    """One pair counted by two overlapping data sets (GLOTIP-like and CTDC-like)."""
    nodes = [
        NodeRecord("Source", "source:ds-a", {"title": "Data set Alpha (DSA)", "kind": "dataset", "date": "2025"}),
        NodeRecord("Source", "source:ds-b", {"title": "Data set Beta (DSB)", "kind": "dataset", "date": "2020"}),
        NodeRecord("Country", "AAA", {"iso3": "AAA", "name": "Alpha"}),
        NodeRecord("Country", "BBB", {"iso3": "BBB", "name": "Beta"}),
    ]
    rels = []
    for ds, n in (("source:ds-a", 1200), ("source:ds-b", 345)):
        f = f"flow:{ds[-4:]}"
        nodes.append(NodeRecord("Flow", f, {"victims": [], "exploitation": ["forced_labour"], "scope": "cross_border",
                                            "dataset": ds, "victims_count": n, "suppressed_cells": 0,
                                            "year_first": 2019, "year_last": 2020, "years": [2019, 2020],
                                            "year_victims": [n - 100, 100], "year_suppressed": [0, 0]}))
        rels += [RelRecord("FROM", f, "AAA"), RelRecord("TO", f, "BBB"),
                 RelRecord("EVIDENCE", f, ds, "0", {"quote": f"Alpha to Beta: {n}", "locator": "rows 1-2"})]
    store = MemoryStore(home=None)
    store.load(GraphBatch("two", nodes, rels))
    return store


def test_overlapping_data_sets_are_side_by_side_never_added() -> None:
    prs = open_deck(D.deck_bytes(_two_dataset_store(), D.Scope.country("AAA"), today=TODAY))
    first = key_messages(prs)[0][0]
    assert first == "Most counted destination of victims from Alpha: Beta (DSA 2019–2020: 1,200; " \
                    "DSB 2019–2020: 345)"
    everything = "\n".join(slide_text(s) + notes(s) for s in prs.slides)
    assert "1,545" not in everything and "1545" not in everything  # 1,200 + 345: never added


def test_gaps_table_equals_gaps_json(
    seed_decks: dict[str, Any], seed_store: MemoryStore, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for key, args in (("everything", []), ("CHN", ["--country", "CHN"])):
        expected = run_cli(capsys, "gaps", *args, "--json").json()
        prs = seed_decks[key]
        main = table_rows(section(prs, "Cooperation gaps"))
        full = table_rows(section(prs, "Appendix: All cooperation gaps")) or main
        assert header(section(prs, "Cooperation gaps")) == [
            "#", "Pair", "Coverage", "What binds the pair", "Evidence passages"]  # no data set: column left out
        assert len(full) == len(expected) > len(main) > 0
        names = seed_store.names()
        for i, (row, g) in enumerate(zip(full, expected), start=1):
            rank_, pair, cov, binds, ev = row
            assert rank_ == str(i)
            assert pair == f"{display_name(g['source'], names)} → {display_name(g['destination'], names)}" or \
                pair.startswith(display_name(g["source"], names))
            assert cov == {"multilateral": "multilateral only"}.get(g["coverage"], g["coverage"])
            assert binds == g["explanation"]
            assert ev == (str(g["weight"]["evidence"]) if g["weight"]["evidence"] else "—")
        assert main == full[: len(main)]


def test_next_instrument_slide_equals_its_json(data_deck: Any, data_cli: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    expected = run_cli(capsys, "next-instrument", "CHN", "--json").json()
    names = MemoryStore(home=data_cli).names()
    rows = table_rows(section(data_deck, "Next bilateral instrument"))
    assert rows
    for i, (row, n) in enumerate(zip(rows, expected), start=1):
        assert row[0] == str(i)
        assert row[1] == display_name(n["counterpart"], names)
        victims = n["weight"]["victims"]
        assert row[2] == ((f"at least {victims:,}" if victims >= 5 else "<5") if victims else "—")
        assert row[-1].count(" → ") == len(n["pairs"])


def test_tip_tiers_are_context_on_their_own_slide(data_deck: Any) -> None:
    (slide,) = section(data_deck, "Context: US TIP report tiers")
    pics = [sh for sh in slide.shapes if sh.shape_type == 13]
    assert len(pics) == 1 and pics[0].image.content_type == "image/png"
    caption = shape(slide, "Caption").text_frame.text
    assert "2012–2013: Tier 3 in 2013" in caption and "not coverage" in caption
    assert '""China","CHN",2013,710,"Tier 3"" — US Department of State 2017, row 5' in notes(slide)


def test_what_binds_the_country_says_since_when(data_deck: Any, data_cli: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    rows = table_rows(section(data_deck, "What binds China")) + table_rows(section(data_deck, "Appendix: All instruments"))
    protocol = next(r for r in rows if r[0] == "UN Trafficking in Persons Protocol")
    term = next(a for a in profile["agreements"] if a["id"] == "agreement:untc-xviii-12-a")
    since = next(t["since"] for t in term["terms"] if t["party"] == "CHN")
    assert protocol[1:4] == ["multilateral", "signed", since] and since == "2010-03-10"


def test_contacts_cover_both_sides_and_say_when_no_details_are_given(seed_decks: dict[str, Any],
                                                                     seed_store: MemoryStore) -> None:
    brief = seed_store.brief("CHN", "DEU")
    slides = section(seed_decks["CHN:DEU"], "Contacts")
    rows = table_rows(section(seed_decks["CHN:DEU"], "Appendix: All contacts")) or table_rows(slides)
    countries = {r[2] for r in rows}
    assert {"China", "Germany"} <= countries
    assert len(rows) == len(brief["experts"]) + len(brief["agencies"])
    assert all(r[3].startswith("“") for r in rows if r[3] != "—")  # the quote that ties them to the topic
    if not any(e["contact_note"] for e in brief["experts"]):
        assert "Contact details" not in header(slides)  # an empty column is not shown
        assert NO_CONTACT_DETAILS in shape(slides[0], "Lead").text_frame.text
    # a country whose counterpart gives contact details shows the column
    whole = section(seed_decks["everything"], "Contacts")
    assert header(whole)[-1] == "Contact details"


def test_route_deck_says_what_binds_both_sides(seed_decks: dict[str, Any], seed_store: MemoryStore) -> None:
    brief = seed_store.brief("CHN", "DEU")
    (slide,) = section(seed_decks["CHN:DEU"], "What binds both sides")
    lead = shape(slide, "Lead").text_frame.text
    assert lead.startswith(f"Coverage as of {date.today()}: {brief['coverage']}")
    assert key_messages(seed_decks["CHN:DEU"])[0][0].endswith(": a cooperation gap")


def test_as_of_changes_coverage_on_the_slides(data_home: Path) -> None:
    """China acceded to the UN Protocol on 8 Feb 2010: CHN -> ESP is multilateral now, none as of 2009."""
    store = MemoryStore(home=data_home)
    now = open_deck(D.deck_bytes(store, D.Scope.route("CHN", "ESP"), today=TODAY))
    then = open_deck(D.deck_bytes(store, D.Scope.route("CHN", "ESP"), today=TODAY, as_of="2009"))
    assert table_rows(section(now, "Routes"))[0][2] == "multilateral only"
    assert table_rows(section(then, "Routes"))[0][2] == "none"
    assert "Coverage as of 2009-12-31" in slide_text(then.slides[0])


# --------------------------------------------------------------------------- names, notes, no meaning computed


def _all_decks(seed_decks: dict[str, Any], data_deck: Any, long_deck: bytes) -> Iterator[tuple[str, Any]]:
    yield from seed_decks.items()
    yield "data CHN", data_deck
    yield "long", open_deck(long_deck)


def test_no_raw_id_on_any_slide_or_in_any_note(seed_decks: dict[str, Any], data_deck: Any, long_deck: bytes,
                                               seed_store: MemoryStore) -> None:
    codes = {r["source"] for r in seed_store.routes()} | {r["destination"] for r in seed_store.routes()}
    codes = {c for c in codes if len(c) == 3 and c.isupper()}
    for key, prs in _all_decks(seed_decks, data_deck, long_deck):
        for i, s in enumerate(prs.slides, start=1):
            for where, text in (("slide", slide_text(s)), ("notes", notes(s))):
                m = RAW_ID.search(text)
                assert m is None, (key, i, where, text[max(0, m.start() - 60): m.end() + 60])
            text = slide_text(s)
            assert not any(re.search(rf"\b{c}\b", text) for c in codes), (key, i)  # names, not ISO codes


def _source_texts() -> dict[str, str]:
    """Normalised text of every seed Source (its excerpt, or its text file), by citation label."""
    facts, _ = read_sources()
    sources = facts.section("sources")
    labels = source_labels([{"id": s.id, "title": s.title, "publisher": s.publisher,
                             "date": s.date} for s in sources])
    out: dict[str, str] = {}
    for src in sources:
        text = src.excerpt or ((SEED_DIR / src.path).read_text(encoding="utf-8") if src.path else "")
        out[labels[src.id]] = normalise_ws(text)
    return out


@pytest.mark.parametrize("key", ["everything", "CHN", "CHN:DEU"])
def test_notes_carry_verbatim_quotes_with_locators(
    seed_decks: dict[str, Any], seed_store: MemoryStore, key: str
) -> None:
    texts = _source_texts()
    known = {(e["quote"], e["locator"]) for e in seed_store.search_evidence("", limit=100_000)}
    quoted_slides = 0
    for slide in list(seed_decks[key].slides)[1:]:
        lines = [m for m in map(QUOTE_LINE.match, notes(slide).splitlines()) if m]
        quoted_slides += bool(lines)
        for m in lines:
            assert m["source"] in texts, m["source"]
            assert normalise_ws(m["quote"]) in texts[m["source"]], m["quote"]
            if m["source"] != "excerpt":
                assert (m["quote"], m["locator"]) in known or m["locator"] == "excerpt"
    assert quoted_slides >= 6


def test_each_table_slide_quotes_its_own_rows(seed_decks: dict[str, Any], seed_store: MemoryStore) -> None:
    gaps = seed_store.gaps()
    labels = source_labels(seed_store.nodes("Source"))
    shown = 0
    for slide in section(seed_decks["everything"], "Appendix: All cooperation gaps"):
        text = notes(slide)
        for row in table_rows([slide]):
            g = gaps[int(row[0]) - 1]
            for e in g["evidence"]:
                assert f"\"{e['quote']}\" — {labels[e['source']]}, {e['locator']}" in text
            shown += 1
    assert shown == len(gaps)


def test_the_deck_reads_answers_and_no_evidence_dump(seed_store: MemoryStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck asks the store's questions; it never rebuilds them from a dump of every quote."""
    store = MemoryStore(home=None)
    store.load(seed_batch(validate_paths(), name=SEED_BATCH))

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the deck must not dump evidence through search_evidence")

    monkeypatch.setattr(store, "search_evidence", refuse)
    for scope in (D.Scope.country("CHN"), D.Scope.route("CHN", "DEU"), D.Scope.everything()):
        assert D.deck_bytes(store, scope, today=TODAY)[:2] == b"PK"
    b = collect(store, D.Scope.route("CHN", "DEU"))
    assert b.routes == store.brief("CHN", "DEU")["routes"]
    c = collect(store, D.Scope.country("CHN"))
    assert c.gaps == store.gaps(country="CHN") and c.next_instruments == store.next_instrument("CHN")


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
    prs = open_deck(D.deck_bytes(_dataset_store(), D.Scope.country("AAA"), threshold=threshold, today=TODAY))
    (route,) = table_rows(section(prs, "Top routes by magnitude"))
    assert route[3] == f"Data set 2019–2020: {victims} (+2 cells <5)"
    stats = {r[0]: r[1] for r in table_rows(section(prs, "Appendix: Figures reported in the sources"))}
    ds_label = "Detected victims, Alpha, 2020 (data set)" + (": at least 3" if threshold == 0 else "")
    masked_ds = f"<{threshold}" if threshold else "3"
    assert stats == {"victims identified": few, "share of women": "3%", "cases": many,
                     ds_label: f"at least {masked_ds}" if not masked_ds.startswith("<") else masked_ds}
    all_notes = "\n".join(notes(s) for s in prs.slides)
    assert ("2019: 3" in all_notes) == (threshold == 0)  # data-set rows repeat raw counts: cited by rows only
    assert ("Alpha, victims, 2020: 3" in all_notes) == (threshold == 0)
    if threshold:
        assert "data rows — Data set, rows 1-2" in all_notes and "data rows — Data set, row 3" in all_notes
        # the message has no brackets inside brackets: the suppressed cells are in the notes, beside the table
        assert key_messages(prs)[0][0] == f"Most counted destination of victims from Alpha: Beta (Data set " \
                                          f"2019–2020: <{threshold})"
        assert f"Data set 2019–2020: <{threshold} (+2 cells <5)" in notes(section(prs, "Key messages")[0])
        everything = "\n".join(slide_text(s) for s in prs.slides)
        assert f"below {threshold} shown as <{threshold}" in everything


def test_format_count() -> None:
    assert [D.format_count(n) for n in (0, 4, 5, 1234)] == ["<5", "<5", "5", "1,234"]
    assert D.format_count(4, threshold=0) == "4"


# --------------------------------------------------------------------------- long names, 50 gaps

LONG = "Democratic Federation of the Extraordinarily Long-Named Archipelago and its Dependencies"
WORD = "Supercalifragilisticexpialidocious" * 6  # 204 characters, no space to break at


def _long_store(n_gaps: int = 50) -> MemoryStore:
    from ctgraph.graph.countries import all_countries

    codes = sorted(all_countries())[: n_gaps + 1]
    rep = "source:long"
    nodes = [NodeRecord("Source", rep, {"title": "A report " * 20, "kind": "report", "publisher": "P " * 30,
                                        "citation": "Citation " * 60})]
    for i, c in enumerate(codes):
        nodes.append(NodeRecord("Country", c, {"iso3": c, "name": f"{LONG} {i}" if i % 2 == 0 else f"Land {c[::-1]}"}))
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


def _long_origin(store: MemoryStore) -> str:
    return sorted(n["id"] for n in store.nodes("Country"))[0]


@pytest.fixture(scope="module")
def long_deck(long_store: MemoryStore) -> bytes:
    return D.deck_bytes(long_store, D.Scope.country(_long_origin(long_store)), today=TODAY, limits={"gaps": 50})


def test_fifty_gaps_continue_over_appendix_slides_in_order(long_store: MemoryStore, long_deck: bytes) -> None:
    prs = open_deck(long_deck)
    gaps = long_store.gaps(country=_long_origin(long_store))
    assert len(gaps) == 50
    main = table_rows(section(prs, "Cooperation gaps"))
    assert 0 < len(main) <= D.MAIN_ROWS
    lead = shape(section(prs, "Cooperation gaps")[0], "Lead").text_frame.text
    assert f"Showing the first {len(main)} of 50; the appendix lists more." in lead
    slides = section(prs, "Appendix: All cooperation gaps")
    assert len(slides) >= 3
    assert [s.shapes.title.text for s in slides[1:]] == ["Appendix: All cooperation gaps (continued)"] * (len(slides) - 1)
    rows = table_rows(slides)
    assert [r[0] for r in rows] == [str(i) for i in range(1, 51)]
    assert [r[-1] for r in rows] == [str(g["weight"]["evidence"]) for g in gaps]
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
        assert right <= layout.SLIDE_W + 1e-6 and bottom <= layout.SLIDE_H + 1e-6, (i, name)
        if name == "Table":
            assert bottom <= layout.BODY_BOTTOM + 1e-6, (i, name, bottom)
    for s in prs.slides:
        for sh in s.shapes:
            if not sh.has_table:
                continue
            table = sh.table
            widths = [c.width / EMU_PER_IN for c in table.columns]
            for r in table.rows:
                for w, cell in zip(widths, r.cells):
                    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                    lines = fitting.wrap_text(cell.text, w - 2 * layout.CELL_MX, size)
                    assert len(lines) * size * 1.2 / 72 + 2 * layout.CELL_MY <= r.height / EMU_PER_IN + 1e-6
    assert any(t.endswith(" (continued)") for t in titles(prs))
    cut = [c for s in prs.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells
           if c.text.endswith("…")]
    assert cut, "over-long cells are cut with an ellipsis"


def test_long_appendix_tables_are_capped_with_a_note(long_store: MemoryStore) -> None:
    origin = _long_origin(long_store)
    prs = open_deck(D.deck_bytes(long_store, D.Scope.country(origin), limits={"gaps": 20}, today=TODAY))
    slides = section(prs, "Appendix: All cooperation gaps")
    assert len(table_rows(slides)) == 20
    lead = shape(slides[0], "Lead").text_frame.text
    assert "Showing the first 20 of 50; the notes name the command that lists them all." in lead
    assert f"Every row: `ctgraph gaps --country {origin} --as-of {date.today()} --json`." in notes(slides[0])


def test_wrap_text_breaks_words_longer_than_the_box() -> None:
    lines = fitting.wrap_text(WORD, 2.0, 12)
    assert "".join(lines) == WORD
    assert all(fitting.text_width(x, 12) <= 2.0 for x in lines)


def test_empty_columns_are_left_out() -> None:
    cols, rows = layout.drop_empty_columns(
        [layout.Column("A", 0.5), layout.Column("B", 0.25), layout.Column("C", 0.25)], [["x", "—", "y"], ["z", "", "w"]])
    assert [c.header for c in cols] == ["A", "C"] and rows == [["x", "y"], ["z", "w"]]
    assert abs(sum(c.width for c in cols) - 1.0) < 1e-9


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
        check=True, capture_output=True, timeout=300,
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
    body_bottom = layout.BODY_BOTTOM * 72 + 3  # baselines, in points
    for page_no, spans in enumerate(_text_spans(pdf), start=1):
        assert spans, f"page {page_no} is blank"
        for x0, y0, x1, y1, size, text in spans:
            assert 0 <= x0 and x1 <= layout.SLIDE_W * 72 + 1, (page_no, text)
            assert 0 <= y0 and y1 <= layout.SLIDE_H * 72, (page_no, text)
            if y1 > body_bottom:  # below the body only the footer (10 pt) may be drawn
                assert abs(size - 10) < 0.5 and layout.FOOTER_TOP * 72 <= y1 <= (
                    layout.FOOTER_TOP + layout.FOOTER_H) * 72, (page_no, text, y1)


@pytest.mark.libreoffice
def test_seed_deck_renders_one_page_per_slide_in_libreoffice(seed_store: MemoryStore, tmp_path: Path) -> None:
    out = D.write_deck(seed_store, D.Scope.everything(), tmp_path / "seed.pptx", today=TODAY)
    _check_rendering(out, tmp_path)


@pytest.mark.libreoffice
def test_long_deck_renders_inside_the_page_in_libreoffice(long_deck: bytes, tmp_path: Path) -> None:
    path = tmp_path / "long.pptx"
    path.write_bytes(long_deck)
    _check_rendering(path, tmp_path)


@pytest.mark.libreoffice
def test_rendering_check_catches_an_overflowing_table(
    long_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LibreOffice check above is not vacuous: with text widths
    underestimated, rows come out too short, LibreOffice grows them and the
    table runs into the footer, which the check reports."""
    if _soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress")
    monkeypatch.setattr(fitting, "SAFETY", 0.5)
    path = tmp_path / "overflowing.pptx"
    path.write_bytes(D.deck_bytes(long_store, D.Scope.country(_long_origin(long_store)), today=TODAY))
    with pytest.raises(AssertionError):
        _check_rendering(path, tmp_path)


# --------------------------------------------------------------------------- CLI


def test_cli_writes_a_country_deck_with_normal_permissions(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "china.pptx"
    old = os.umask(0o022)  # the default umask
    try:
        res = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "China", "--as-of", "2017")
    finally:
        os.umask(old)
    assert res.code == 0, res.err
    assert res.out.strip() == f"Wrote {out}"
    assert out.stat().st_mode & 0o777 == 0o644
    prs = Presentation(str(out))
    assert titles(prs)[0] == "Country briefing: China"
    assert "Coverage as of 2017-12-31" in slide_text(prs.slides[0])
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
        (["--country", "CHN", "--as-of", "soon"], "Error: --as-of 'soon': not a date"),
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
        D.write_deck(seed_store, D.Scope.route("CHN", "NOR"), out)
    assert out.read_bytes() == b"previous deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_deck_bytes_for_the_dashboard(seed_store: MemoryStore) -> None:
    data = D.deck_bytes(seed_store, D.Scope.route("CHN", "DEU"), threshold=5)
    assert data[:2] == b"PK"
    assert titles(open_deck(data))[0] == "Route briefing: China → Germany"
    assert D.default_filename(D.Scope.route("CHN", "DEU"), TODAY) == "ctgraph-briefing-CHN-to-DEU-2018-01-17.pptx"


def test_cli_route_endpoints_may_contain_colons(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Region and place ids ('region:europe') work on either side of --route X:Y."""
    out = tmp_path / "europe.pptx"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--route", "CHN:region:europe")
    assert res.code == 0, res.err
    assert titles(Presentation(str(out)))[0] == "Route briefing: China → Europe"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--route", "region:neighbouring-countries-of-china:China")
    assert res.code == 0, res.err


def test_labels_never_show_ids() -> None:
    lb = Labels({"CHN": "China"}, {}, {"place:x": "CHN"})
    assert lb.name("place:x") == "x, China" and lb.name("agency:unnamed-office") == "unnamed office"
    assert lb.source("source:no-label") == "no label"


def test_pictures_drawn_in_a_child_process_equal_those_drawn_in_process(
    seed_store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CLI export draws the pictures in a forked child while the slides are laid out; same bytes either way."""
    from ctgraph.dashboard.deck import render

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform: pictures are always drawn in-process")
    forks: list[int] = []
    real_fork = render.Pictures._fork

    def counted(self: render.Pictures) -> None:
        forks.append(1)
        real_fork(self)

    monkeypatch.setattr(render.Pictures, "_fork", counted)
    monkeypatch.setattr(render.threading, "active_count", lambda: 3)  # as in the dashboard: never fork
    pics = render.Pictures()
    assert not pics.forked and not forks
    monkeypatch.setattr(render.threading, "active_count", lambda: 1)  # as in a CLI process
    pics = render.Pictures()
    assert pics.forked
    pics.close()

    def blobs(data: bytes) -> list[bytes]:
        return [sh.image.blob for s in open_deck(data).slides for sh in s.shapes if sh.shape_type == 13]

    forked = blobs(D.deck_bytes(seed_store, D.Scope.country("CHN"), today=TODAY))
    assert len(forks) == 2
    monkeypatch.setenv("CTGRAPH_DECK_PROCESSES", "1")
    in_process = blobs(D.deck_bytes(seed_store, D.Scope.country("CHN"), today=TODAY))
    assert len(forks) == 2  # not forked this time
    assert len(forked) == 2 and forked == in_process  # route map and network (the seed has no TIP tiers)


def test_a_failed_picture_process_falls_back_to_drawing_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from ctgraph.dashboard.deck import render

    pics = render.Pictures(parallel=True)
    assert pics.forked
    pics.close()  # the child is stopped before it could deliver
    pics.submit([render.Job("tier", ([],), {"dpi": 20})])
    assert pics.get(0)[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- presentable as is (issue 20)


def test_key_messages_are_short_single_findings(seed_decks: dict[str, Any], data_deck: Any, long_deck: bytes) -> None:
    """At most 25 words, no bracket inside a bracket: what qualifies a figure (its data set's labels,
    its suppressed cells, the instruments named) is in the notes."""
    from ctgraph.dashboard.deck.messages import MAX_WORDS, nested_brackets, words

    for key, prs in _all_decks(seed_decks, data_deck, long_deck):
        for text, _source in key_messages(prs):
            assert words(text) <= MAX_WORDS, (key, words(text), text)
            assert not nested_brackets(text), (key, text)
    first = key_messages(data_deck)[0][0]
    assert first.startswith("Most counted destination of victims from China: ") and "all forms" not in first
    assert "all forms, both sexes" in notes(section(data_deck, "Key messages")[0])  # the labels moved to the notes


def _drafted_source_store() -> MemoryStore:
    """A route whose only source was drafted (no publisher yet) and a citation that names another source by id."""
    drafted = "not stated (drafted from field-notes.pdf; set the publisher when reviewing)"
    nodes = [
        NodeRecord("Source", "source:field-notes-2019", {"title": "Field notes on the Alpha–Beta route",
                                                          "kind": "report", "publisher": drafted, "date": "2019-05",
                                                          "url": "https://example.org/field-notes"}),
        NodeRecord("Source", "source:gazette-2020", {"title": "Beta Gazette", "kind": "reference", "publisher": "Beta",
                                                      "citation": "Beta Gazette, as reported in "
                                                                  "source:field-notes-2019.", "date": "2020"}),
        NodeRecord("Country", "AAA", {"iso3": "AAA", "name": "Alpha"}),
        NodeRecord("Country", "BBB", {"iso3": "BBB", "name": "Beta"}),
        NodeRecord("Flow", "flow:a-b", {"victims": ["women"], "exploitation": ["forced_labour"],
                                        "scope": "cross_border"}),
        NodeRecord("Agency", "agency:beta-police", {"name": "Beta police", "kind": "national", "country": "BBB"}),
    ]
    rels = [RelRecord("FROM", "flow:a-b", "AAA"), RelRecord("TO", "flow:a-b", "BBB"),
            RelRecord("EVIDENCE", "flow:a-b", "source:field-notes-2019", "0", {"quote": "women moved to Beta",
                                                                               "locator": "p. 2"}),
            RelRecord("BASED_IN", "agency:beta-police", "BBB"),
            RelRecord("EVIDENCE", "agency:beta-police", "source:gazette-2020", "0", {"quote": "the Beta police",
                                                                                     "locator": "p. 1"})]
    store = MemoryStore(home=None)
    store.load(GraphBatch("drafted", nodes, rels))
    return store


def test_no_draft_marker_or_raw_id_on_a_deck_from_a_drafted_source() -> None:
    """A drafted source without a publisher shows what is known (title, date, address), never the
    reviewer's reminder; an id written in a citation reads as the source's title; a side with nobody says so."""
    prs = open_deck(D.deck_bytes(_drafted_source_store(), D.Scope.route("AAA", "BBB"), today=TODAY))
    title = slide_text(prs.slides[0])
    assert "Field notes on the Alpha–Beta route, 2019-05, https://example.org/field-notes" in title
    for i, s in enumerate(prs.slides, start=1):
        for where, text in (("slide", slide_text(s)), ("notes", notes(s))):
            for marker in ("set the publisher", "drafted from", "not stated", "TODO", "placeholder"):
                assert marker not in text, (i, where, marker)
            m = RAW_ID.search(text)
            assert m is None, (i, where, text[max(0, m.start() - 60): m.end() + 60])
    cited = "\n".join(notes(s) for s in prs.slides)
    assert "as reported in Field notes on the Alpha–Beta route." in cited
    contacts = slide_text(section(prs, "Contacts")[0])
    assert "The sources name no agency or person in Alpha." in contacts


def test_the_appendix_network_draws_the_top_routes_and_one_labelled_square_per_pair() -> None:
    from ctgraph.dashboard.deck.build import _NETWORK, LIMITS
    from ctgraph.dashboard.pictures import network_figure

    assert LIMITS["network"] <= 15
    un = {"id": "agreement:un", "title": "UN Protocol", "level": "multilateral"}
    routes = [{"source": f"C{i:02d}", "destination": "HUB", "coverage": "bilateral",
               "weight": {"victims": 100 - i, "evidence": 0},
               "instruments": [{"id": f"agreement:bi{i}", "title": f"Bilateral {i}", "level": "bilateral"},
                               {"id": f"agreement:re{i}", "title": f"Regional {i}", "level": "regional"}, un]}
              for i in range(30)]
    fig = network_figure(routes, max_routes=LIMITS["network"], **_NETWORK)  # type: ignore[arg-type]
    ax = fig.axes[0]
    assert len([p for p in ax.patches if p.get_gid() == "flow"]) == LIMITS["network"]
    squares = len([ln for ln in ax.lines if ln.get_gid() == "instrument link"]) // 2
    assert 0 < squares <= min(LIMITS["network"], int(_NETWORK["max_instruments"]))  # type: ignore[call-overload]
    drawn = {lab.text for lab in fig._ctgraph_labels}  # type: ignore[attr-defined]
    assert "UN Protocol" not in drawn and "Regional 0" not in drawn and "Bilateral 0" in drawn


def _years_in(value: Any) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", str(value))]


def test_at_as_of_2009_no_view_shows_a_later_count_or_instrument(data_cli: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 20: as of the end of 2009 the CLI's country, routes and gaps answers and the deck
    show no count of a later year, no instrument signed later, and say what as-of means."""
    profile = run_cli(capsys, "country", "CHN", "--as-of", "2009", "--json").json()
    routes = run_cli(capsys, "routes", "--as-of", "2009", "--json").json()
    gaps = run_cli(capsys, "gaps", "--as-of", "2009", "--json").json()
    pairs = [*profile["flows_out"], *profile["flows_in"], *routes, *gaps]
    assert any(c["corroboration"] for c in pairs)  # the data sets count something by then
    for r in pairs:
        for c in r["corroboration"]:
            assert all(y is None or y <= 2009 for y in c["years"]), c
            assert all(y["year"] <= 2009 for y in c["by_year"]), c
        for e in r["evidence"]:
            if e["source"] in ("source:unodc-glotip-2025", "source:ctdc-global-2020"):  # data rows: counts per year
                assert all(int(y) <= 2009 for y in re.findall(r"(?<!\d)(\d{4}): ", e["quote"])), e
    assert all(s["year"] is None or int(s["year"]) <= 2009 for s in profile["statistics"])
    assert all(t["year"] <= 2009 for t in profile["tip_tiers"])
    for a in profile["agreements"]:
        dates = [a["date"], a["in_force"], *[h.get("date") for h in a.get("status_history", [])],
                 *[t.get(k) for t in a.get("terms", []) for k in ("since", "signed")]]
        assert all(y <= 2009 for d in dates if d for y in _years_in(d)), a["id"]
    table = run_cli(capsys, "country", "CHN", "--as-of", "2009").out
    assert "Counts and tiers up to 2009; instruments as they stood at the end of 2009." in table
    for cmd in (["routes", "--as-of", "2009"], ["gaps", "--as-of", "2009"]):
        assert "Counts and tiers up to 2009; instruments as they stood at the end of 2009." in run_cli(capsys, *cmd).out

    prs = open_deck(D.deck_bytes(MemoryStore(home=data_cli), D.Scope.country("CHN"), today=TODAY, as_of="2009"))
    assert "Counts and tiers up to 2009; instruments as they stood at the end of 2009." in slide_text(prs.slides[0])
    for s in list(prs.slides)[1:]:
        title = s.shapes.title.text
        if any(w in title for w in ("Sources and citations", "ontacts", "hallenges")):
            continue  # publication dates of the sources and verbatim quotes, not counts or instruments
        cols = header([s]) if table_rows([s]) else []
        for row in table_rows([s]):
            later = [y for col, cell in zip(cols, row) if col != "Source" for y in _years_in(cell) if y > 2009]
            assert not later, (title, row)  # the "Source" column names a source by its label and year


# --------------------------------------------------------------------------- "<5" and "no count" on slides (issue 20)

#: Words a missing value turns into when it leaks onto a slide.
LEAKED = re.compile(r"\bNone\b(?! of\b)|\bnan\b|\bNaN\b|<NA>|\bnull\b")
#: A figure of zero written as text: "2014: 0", "counted: 0".
ZERO_FIGURE = re.compile(r"(?:\d{4}|counted|victims|published)\s*:?\s+0(?![\d.,%])")


@pytest.fixture(scope="module")
def figures_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and every real-data slice, the route slices included (Armenia -> China only "<5")."""
    from tests.conftest import merged_slice

    base = tmp_path_factory.mktemp("deck-figures")
    store = MemoryStore(home=base / "home")
    store.load(seed_batch(validate_paths(), name=SEED_BATCH))
    glotip = merged_slice("glotip_slice.csv", "glotip_routes_slice.csv", base / "glotip.csv")
    ctdc = merged_slice("ctdc_slice.csv", "ctdc_routes_slice.csv", base / "ctdc.csv")
    for kind, path, options in [("glotip", glotip, {}), ("ctdc", ctdc, {}),
                                *[(k, FIXTURES / n, o) for k, n, o in FIXTURE_IMPORTS[2:]]]:
        store.load(import_dataset(kind, path, **options)[0])
    return base / "home"


def _pair_figures(store: MemoryStore) -> dict[tuple[str, str], str]:
    """Each pair's figure as the store answers it: "counted", "<5" (only suppressed cells) or "none"."""
    names = store.names()
    out = {}
    for r in store.routes():
        corr = r["corroboration"]
        published = sum(int(c["victims"]) for c in corr)
        kind = "none" if not corr else "<5" if not published and any(c["suppressed_cells"] for c in corr) else "counted"
        out[(display_name(r["source"], names), display_name(r["destination"], names))] = kind
    return out


def _figure_faults(prs: Any, pairs: dict[tuple[str, str], str]) -> tuple[list[str], list[str]]:
    """What the deck shows wrongly for a figure, and the kinds of figure it was checked against."""
    bad, seen = [], []
    for n, slide in enumerate(prs.slides, 1):
        text = slide_text(slide) + "\n" + notes(slide)
        bad += [f"slide {n}: {text[max(0, m.start() - 60):m.end() + 30]!r}" for m in LEAKED.finditer(text)]
        tables = [sh.table for sh in slide.shapes if sh.has_table]
        for t in tables:
            head = [c.text for c in t.rows[0].cells]
            figure = [i for i, h in enumerate(head) if h.startswith("Victims counted") or h == "Value"]
            for row in [[c.text for c in r.cells] for r in list(t.rows)[1:]]:
                label = next((c for c in row if c.count(" → ") == 1), "")
                want = pairs.get(tuple(label.split(" → ")))  # type: ignore[arg-type]
                for i in figure:
                    cell, where = row[i].strip(), f"slide {n} ({slide.shapes.title.text}): {head[i]!r} {row}"
                    if not cell or cell in ("0", "suppressed") or ZERO_FIGURE.search(cell):
                        bad.append(f"{where}: reads {cell!r}")
                    elif want == "<5" and "<5" not in cell:
                        bad.append(f"{where}: only '<5' was published")
                    elif want == "none" and (cell != NO_COUNT_CELL or NO_COUNT not in notes(slide)):
                        bad.append(f"{where}: no data set counts it, and the notes must say what the cell means")
                    if want:
                        seen.append(want)
    return bad, seen


@pytest.mark.parametrize("scope", ["CHN", "ARM:CHN", "CHN:DEU", "MMR:CHN"])
def test_no_slide_shows_0_none_or_blank_for_a_count_published_as_under_5_or_not_at_all(
    figures_home: Path, scope: str
) -> None:
    store = MemoryStore(home=figures_home)
    pairs = _pair_figures(store)
    assert pairs[("Armenia", "China")] == "<5" and pairs[("China", "Germany")] == "none"
    where = D.Scope.route(*scope.split(":")) if ":" in scope else D.Scope.country(scope)
    prs = open_deck(D.deck_bytes(store, where, today=TODAY))
    bad, seen = _figure_faults(prs, pairs)
    assert not bad, "\n".join(bad)
    if scope == "CHN":  # the country deck lists all three kinds of pair
        assert {"<5", "none", "counted"} <= set(seen), seen
    text = "\n".join(slide_text(s) for s in prs.slides)
    if scope == "ARM:CHN":  # its only figure, on the key messages and the route slide alike
        assert "<5" in slide_text(section(prs, "Key messages")[0]), slide_text(section(prs, "Key messages")[0])
        assert "0 victims" not in text


# --------------------------------------------------------------------------- victims over time, pictured


def _pictures(slide: Any) -> list[Any]:
    return [sh for sh in slide.shapes if sh.shape_type == 13]


def test_a_country_deck_pictures_the_victims_each_data_set_counts_year_by_year(
        data_home: Path, data_deck: Any) -> None:
    """The dashboard's chart, in the deck: with TIP tiers the main part is full (ten slides), so it opens the
    appendix's figures; the picture is drawn from the profile's series (each data set its own line)."""
    from ctgraph.dashboard.pictures import series_figure
    from ctgraph.graph.analysis import victims_over_time

    store = MemoryStore(home=data_home)
    series = victims_over_time(store.country("CHN", TODAY), store.names())
    assert {p["dataset"] for p in series} >= {"source:unodc-glotip-2025", "source:ctdc-global-2020"}
    (slide,) = section(data_deck, "Appendix: Victims counted, year by year")
    (pic,) = _pictures(slide)
    assert pic.image.content_type == "image/png" and pic.width > pic.height
    caption = shape(slide, "Caption").text_frame.text
    assert caption.startswith("China, ") and "CTDC" in caption and "GLOTIP" in caption
    assert "never added" in caption and "<5" in caption
    assert "never as 0 or 5" in notes(slide)
    got = titles(data_deck)
    assert got.index("Appendix: Victims counted, year by year") < got.index("Appendix: Figures reported in the sources")
    legend = [t.get_text() for t in series_figure(series, {"source:unodc-glotip-2025": "GLOTIP",
                                                           "source:ctdc-global-2020": "CTDC"}).axes[0]
              .get_legend().get_texts()]
    assert "GLOTIP: citizens of China detected elsewhere" in legend and len(legend) == len(
        {(p["dataset"], p["series"]) for p in series})


def test_without_tip_tiers_the_victims_picture_is_a_main_slide(data_home: Path) -> None:
    prs = open_deck(D.deck_bytes(MemoryStore(home=data_home), D.Scope.country("CHN"), today=TODAY, as_of="2011"))
    main = [s.shapes.title.text for s in main_part(prs)]
    assert "Context: US TIP report tiers" not in main  # the fixture's tiers start in 2012
    assert main.index("Victims counted, year by year") == main.index("Top routes by magnitude") + 1
    assert len(main) <= 10
    (slide,) = section(prs, "Victims counted, year by year")
    assert len(_pictures(slide)) == 1


def test_a_route_deck_pictures_its_figures_after_the_year_table(data_home: Path) -> None:
    store = MemoryStore(home=data_home)
    route = next(r for r in store.routes(as_of=TODAY) if not r["internal"] and r["corroboration"])
    prs = open_deck(D.deck_bytes(store, D.Scope.route(route["source"], route["destination"]), today=TODAY))
    main = [s.shapes.title.text for s in main_part(prs)]
    assert main.index("Victims counted, year by year") == main.index("Year by year") + 1
    (slide,) = section(prs, "Victims counted, year by year")
    assert len(_pictures(slide)) == 1
    assert display_name(route["source"], store.names()) in shape(slide, "Caption").text_frame.text


def test_a_deck_without_counts_has_no_victims_picture(seed_decks: dict[str, Any]) -> None:
    for prs in seed_decks.values():  # the seed report alone: no data set counts victims
        assert not any("Victims counted, year by year" in t for t in titles(prs))
