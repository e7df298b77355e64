"""The dashboard under Streamlit's AppTest: every page runs, filters change results,
the pages show the store's answers (names, order, figures, coverage as of a year)
exactly as the CLI gives them, and empty, truncated, timed-out, failing and
returning stores each show an explicit state.

Tests run the app in a private CTGRAPH_HOME: the seed report (``home``), or the
seed plus the real-data fixtures in tests/fixtures (GLOTIP, CTDC, UNTC and US TIP
tier slices; ``data_home``). Nothing here needs a server or a browser (see
test_browser.py), except the tests marked ``neo4j``.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from ctgraph.dashboard import state
from ctgraph.dashboard.tables import counted
from ctgraph.graph.errors import StoreUnavailable
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.vocabulary import display_name
from tests.cli_helpers import run_cli

#: Every dashboard page in Streamlit's AppTest: its own tier (scripts/test.sh runs it; `pytest -m app` alone).
pytestmark = pytest.mark.app

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = {
    "overview": "views/overview.py",
    "routes": "views/routes.py",
    "gaps": "views/gaps.py",
    "agreements": "views/agreements.py",
    "country": "views/country.py",
    "evidence": "views/evidence.py",
}
TITLES = {
    "overview": "Counter-trafficking routes and cooperation gaps",
    "routes": "Routes",
    "gaps": "Cooperation gaps",
    "agreements": "Instruments",
    "country": "Country profile",
    "evidence": "Evidence",
}
#: Internal ids users must never read (the JSON keeps them).
RAW_ID = re.compile(r"\b(?:region|place|agency|source|flow|agreement|expert|cooperation|challenge|statistic):[a-z0-9]")


# --------------------------------------------------------------------------- fixtures


def _blank_or(value: object) -> object:
    """A "victims counted" cell as the figure it shows: a number, "<5" or "no count
    published" (a cell is never blank: "not counted" must never read as "no victims")."""
    assert value is not None and value == value, "a blank victims cell"
    if isinstance(value, str):
        digits = value.replace(",", "")
        return int(digits) if digits.isdigit() else value
    return int(value)  # type: ignore[call-overload]


def _import(home: Path, kind: str, file: str, **options: Any) -> None:
    from ctgraph.ingest.registry import import_dataset

    batch, _ = import_dataset(kind, FIXTURES / file, **options)
    MemoryStore(home=home).load(batch)


@pytest.fixture(scope="session")
def data_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed and every real-data fixture slice, built once."""
    from ctgraph.ingest.seed import seed_batch, validate_paths

    home = tmp_path_factory.mktemp("data-home") / "home"
    MemoryStore(home=home).load(seed_batch(validate_paths()))
    _import(home, "glotip", "glotip_slice.csv")
    _import(home, "ctdc", "ctdc_slice.csv")
    _import(home, "untc", "untc_XVIII-12-a_2023_slice.csv", treaty="XVIII-12-a")
    _import(home, "tip-tiers", "tip_tiers_slice.csv")
    return home


@pytest.fixture()
def data_home(home: Path, data_template: Path) -> Path:
    """A private copy of the seed + fixtures store as CTGRAPH_HOME."""
    shutil.copytree(data_template, home)
    return home


@pytest.fixture()
def data_store(data_home: Path) -> MemoryStore:
    return MemoryStore(home=data_home)


def _start(**query: str) -> AppTest:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture()
def app(home: Path) -> AppTest:
    """The app after its first run (the Overview page), on the seed in a private home."""
    return _start()


@pytest.fixture()
def data_app(data_home: Path) -> AppTest:
    """The app on the seed and the real-data fixtures."""
    return _start()


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(PAGES[name]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


#: The pages' lazy tabs (only the open tab's content is made): key -> labels.
TABS = {
    "routes": ("routes-tab", ["Network", "Route map", "Table", "Onward connections"]),
    "country": ("country-tab", ["Routes and gaps", "What binds it", "Next instrument", "Agencies and experts",
                                "TIP tiers, challenges, figures"]),
    "gaps": ("gap-tab", ["Evidence", "Whom to call"]),
}


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_tab(at: AppTest) -> AppTest:
    return open_tab(at, "routes-tab", "Table")


def plain(markdown: str) -> str:
    """What a reader sees of Markdown whose text was backslash-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every piece of text the page shows (titles, captions, markdown, alerts, labels)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        parts.extend(plain(str(e.value)) for e in getattr(at, kind))
    return "\n".join(parts)


def everything_shown(at: AppTest) -> str:
    """The page's text, every table cell and header, every picker's options and
    labels, metric labels, chart data and HTML blocks."""
    parts = [texts(at)]
    for d in at.dataframe:
        df = d.value
        parts.append(" ".join(map(str, df.columns)) + " " + " ".join(map(str, df.index)))
        parts.extend(str(v) for v in df.to_numpy().ravel())
    for kind in ("selectbox", "multiselect", "radio"):
        for w in getattr(at, kind):
            parts.append(str(w.label))
            parts.extend(str(o) for o in w.options)  # the options as shown (formatted)
    parts.extend(str(m.label) for m in at.metric)
    parts.extend(str(h.value) for h in at.get("html"))
    for c in at.get("vega_lite_chart"):
        for d in c.proto.datasets:
            parts.append(" ".join(str(v) for v in pa.ipc.open_stream(d.data.data).read_all().to_pylist()))
    return "\n".join(parts)


def errors(at: AppTest) -> list[str]:
    return [plain(str(e.value)) for e in at.error]


def widget(at: AppTest, kind: str, key: str) -> Any:
    return next(w for w in getattr(at, kind) if w.key == key)


def widget_starting(at: AppTest, kind: str, prefix: str) -> Any:
    return next(w for w in getattr(at, kind) if str(w.key).startswith(prefix))


def frame_with(at: AppTest, column: str) -> Any:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def frames_with(at: AppTest, column: str) -> list[Any]:
    return [d.value for d in at.dataframe if column in d.value.columns]


def chart_data(at: AppTest, dataset: str) -> list[dict[str, Any]]:
    for c in at.get("vega_lite_chart"):
        for d in c.proto.datasets:
            if d.name == dataset:
                return list(pa.ipc.open_stream(d.data.data).read_all().to_pylist())
    raise AssertionError(f"no chart with a data set {dataset!r}")


def chart_spec(at: AppTest, dataset: str) -> dict[str, Any]:
    for c in at.get("vega_lite_chart"):
        if dataset in {d.name for d in c.proto.datasets}:
            return dict(json.loads(c.proto.spec))
    raise AssertionError(f"no chart with a data set {dataset!r}")


def name_of(store: MemoryStore, ident: str) -> str:
    return display_name(ident, store.names())


# --------------------------------------------------------------------------- smoke


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_runs_without_errors(app: AppTest, name: str) -> None:
    at = open_page(app, name)
    assert [t.value for t in at.title] == [TITLES[name]]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_runs_on_the_real_data_fixtures(data_app: AppTest, name: str) -> None:
    at = open_page(data_app, name)
    assert [t.value for t in at.title] == [TITLES[name]]
    assert not at.error, [e.value for e in at.error]


def _every_tab(at: AppTest, name: str) -> Iterator[AppTest]:
    """The page once per tab of its lazy tabs (or once)."""
    if name not in TABS or (name == "gaps" and not widget_or_none(at, "gaps-country")):
        yield at
        return
    key, labels = TABS[name]
    for label in labels:
        yield open_tab(at, key, label)


def widget_or_none(at: AppTest, key: str) -> Any:
    return next((w for w in at.selectbox if w.key == key), None)


def test_every_table_has_a_csv_download(app: AppTest) -> None:
    for name in PAGES:
        at = open_page(app, name)
        if name == "evidence":
            widget(at, "text_input", "evidence-q").input("Spain").run()
        if name == "country":
            widget(at, "selectbox", "country-pick").select("CHN").run()
        for tab in _every_tab(at, name):
            buttons = [b for b in tab.get("download_button") if b.label == "Download CSV"]
            assert len(buttons) == len(tab.dataframe) > 0, name


# --------------------------------------------------------------------------- names, not ids


def test_no_page_shows_an_internal_id(data_app: AppTest) -> None:
    """Tables, captions, matrix headers, pickers and chart data show names only."""
    for name in PAGES:
        at = open_page(data_app, name)
        if name == "country":
            widget(at, "selectbox", "country-pick").select("CHN").run()
        if name == "evidence":
            widget(at, "text_input", "evidence-q").input("China").run()
        if name == "routes":
            widget(at, "selectbox", "routes-country").select("CHN").run()
        for tab in _every_tab(at, name):
            shown = everything_shown(tab)
            assert not RAW_ID.findall(shown), (name, sorted(set(RAW_ID.findall(shown)))[:10])
            assert "domestic" not in shown.lower(), name


def test_pickers_keep_ids_as_values_but_show_names(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "routes")
    picker = widget(at, "selectbox", "routes-country")
    region = name_of(data_store, "region:neighbouring-countries-of-china")
    assert region in picker.options and "China (CHN)" in picker.options
    assert not any(RAW_ID.search(o) for o in picker.options)
    picker.select("region:neighbouring-countries-of-china").run()
    assert widget(at, "selectbox", "routes-country").value == "region:neighbouring-countries-of-china"
    form = widget(at, "selectbox", "routes-form")
    assert "sexual exploitation" in form.options and "sexual_exploitation" not in form.options


# --------------------------------------------------------------------------- consistent figures (CLI = dashboard)


def test_overview_headline_counts_the_whole_answer(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Overview's gap and uncovered counts are the lengths of the CLI's whole
    answers, even when tables are cut at the row limit."""
    gaps = run_cli(capsys, "gaps", "--json").json()
    uncovered = run_cli(capsys, "gaps", "--below", "negotiating", "--json").json()
    monkeypatch.setenv("CTGRAPH_ROW_LIMIT", "3")
    at = _start()
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Gaps (below regional)"].replace(",", "")) == len(gaps) > 3
    assert int(metrics["Uncovered routes"].replace(",", "")) == len(uncovered) > 3


def test_dashboard_coverage_gaps_and_weights_equal_the_cli_for_one_scope(
    data_home: Path, data_store: MemoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """13 "Done when": for the scope China, the country page's gap count, each
    route's coverage and both weight figures, and the gap table are the CLI's JSON."""
    names = data_store.names()
    cli_routes = run_cli(capsys, "routes", "--from", "CHN", "--json").json()
    cli_gaps = run_cli(capsys, "gaps", "--country", "CHN", "--json").json()
    profile = run_cli(capsys, "country", "CHN", "--json").json()
    at = _start(country="CHN")
    at = open_page(at, "country")
    assert widget(at, "selectbox", "country-pick").value == "CHN"
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Gaps"] == len(cli_gaps)
    assert metrics["Routes out"] == len(profile["flows_out"]) == len([r for r in cli_routes if not r["internal"]])

    shown_routes = frames_with(at, "route")[0]  # "Routes out", in the answer's order
    expected = [r for r in cli_routes if not r["internal"]]
    assert list(shown_routes["route"]) == [" → ".join(display_name(h, names) for h in r["hops"]) for r in expected]
    assert list(shown_routes["coverage"]) == [r["coverage"] for r in expected]
    assert [_blank_or(v) for v in shown_routes["victims counted"]] == [counted(r) for r in expected]
    assert list(shown_routes["evidence items"]) == [r["weight"]["evidence"] for r in expected]

    shown_gaps = frame_with(at, "rank")
    assert list(zip(shown_gaps["origin"], shown_gaps["destination"])) == [
        (display_name(g["source"], names), display_name(g["destination"], names)) for g in cli_gaps
    ]
    assert list(shown_gaps["coverage"]) == [g["coverage"] for g in cli_gaps]
    assert [_blank_or(v) for v in shown_gaps["victims counted"]] == [counted(g) for g in cli_gaps]
    assert list(shown_gaps["evidence items"]) == [g["weight"]["evidence"] for g in cli_gaps]
    assert list(shown_gaps["what binds them"]) == [g["explanation"] for g in cli_gaps]


def test_data_sets_stay_side_by_side_never_added(data_app: AppTest, data_store: MemoryStore) -> None:
    """Each data set has its own column; the ranking figure is the largest single
    count (two data sets on one pair: tests/test_network.py)."""
    at = open_page(data_app, "gaps")
    gaps = frame_with(at, "rank")
    glotip, ctdc = name_of(data_store, "source:unodc-glotip-2025"), name_of(data_store, "source:ctdc-global-2020")
    assert {glotip, ctdc} <= set(gaps.columns)
    for g, (_, row) in zip(data_store.gaps(), gaps.iterrows()):
        counts = {c["dataset"]: c["victims"] for c in g["corroboration"] if c.get("basis", "citizenship") == "citizenship"}
        assert _blank_or(row["victims counted"]) == counted(g)
        for ds, col in (("source:unodc-glotip-2025", glotip), ("source:ctdc-global-2020", ctdc)):
            assert bool(row[col]) == (ds in counts)


# --------------------------------------------------------------------------- overview


def test_overview_shows_counts_sources_the_heaviest_routes_and_gaps(app: AppTest, seed_store: MemoryStore) -> None:
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Routes"]) >= 15 and int(metrics["Instruments"]) >= 5
    assert int(metrics["Gaps (below regional)"]) == len(seed_store.gaps())
    gaps = frame_with(app, "rank")
    strongest = seed_store.gaps()[0]
    assert len(gaps) == 10 and gaps.iloc[0]["destination"] == name_of(seed_store, strongest["destination"])
    sources = frame_with(app, "publisher")
    assert "id" not in sources.columns and not any(RAW_ID.search(str(t)) for t in sources["title"])
    assert len(sources) == min(100, len(seed_store.nodes("Source")))  # the first rows; a control shows more
    assert "Sanya" in sources.iloc[0]["title"]  # the report first, then data sets, then reference pages
    labels = [b.label for b in app.get("download_button")]
    assert "Download CSV" in labels and "Briefing deck (.pptx)" in labels


# --------------------------------------------------------------------------- routes


def _network_edges(at: AppTest) -> list[dict[str, Any]]:
    page = at.get("iframe")[0].proto.srcdoc
    m = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert m
    return list(json.loads(m.group(1)))


def test_routes_page_opens_on_the_heaviest_routes_not_a_hairball(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "routes")
    cross = [r for r in data_store.routes() if not r["internal"]]
    edges = _network_edges(at)
    assert len(edges) == min(25, len(cross))
    heaviest = {(r["source"], r["destination"]) for r in cross[:25]}
    assert {(e["from"], e["to"]) for e in edges} == heaviest
    table = frame_with(table_tab(at), "route")
    assert [_blank_or(v) for v in table["victims counted"]] == [counted(r) for r in cross][: len(table)]
    # all seven coverage chips are offered and selected
    chips = widget(at, "button_group", "routes-coverage")
    assert list(chips.options) == ["bilateral", "regional", "multilateral", "operational", "negotiating", "none",
                                   "internal"]


def test_network_lines_take_the_palette_and_grow_with_victims(data_app: AppTest, data_store: MemoryStore) -> None:
    from ctgraph.dashboard.network import edge_width
    from ctgraph.dashboard.palette import COVERAGE_COLOURS

    at = open_page(data_app, "routes")
    edges = _network_edges(at)
    by_pair = {(r["source"], r["destination"]): r for r in data_store.routes()}
    for e in edges:
        r = by_pair[(e["from"], e["to"])]
        assert e["color"] == COVERAGE_COLOURS[r["coverage"]]
        assert e["width"] == edge_width(r["coverage"], r["weight"]["victims"])
    assert edge_width("multilateral", 10) < edge_width("multilateral", 1000)


def test_route_map_has_land_and_no_line_across_the_globe(data_app: AppTest) -> None:
    at = open_tab(open_page(data_app, "routes"), "routes-tab", "Route map")
    spec = chart_spec(at, "route_points")
    land = [layer for layer in spec["layer"] if layer.get("name") == "land"]
    assert land and land[0]["data"]["format"] == {"type": "topojson", "feature": "land"}
    assert land[0]["data"]["values"]["objects"]["land"]["type"] == "GeometryCollection"
    assert "url" not in json.dumps(land[0]["data"])
    points = chart_data(at, "route_points")
    segs: dict[str, list[dict[str, Any]]] = {}
    for p in points:
        segs.setdefault(p["seg"], []).append(p)
    assert segs
    for seg in segs.values():
        seg.sort(key=lambda p: p["order"])
        assert all(abs(a["lon"] - b["lon"]) < 90 for a, b in zip(seg, seg[1:]))  # no jump across the map
    labels = [p["label"] for p in chart_data(at, "endpoints") if p["label"]]
    assert len(labels) == len(set(labels))


def test_route_map_can_colour_countries_by_tip_tier(data_app: AppTest) -> None:
    at = open_tab(open_page(data_app, "routes"), "routes-tab", "Route map")
    widget(at, "radio", "routes-map-colour").set_value("US TIP tier").run()
    year = widget(at, "selectbox", "routes-map-year").value
    spec = chart_spec(at, "route_points")
    countries = next(layer for layer in spec["layer"] if layer.get("name") == "countries")
    tiers = {g["properties"]["tier"] for g in countries["data"]["values"]["objects"]["countries"]["geometries"]}
    assert "not ranked" in tiers and tiers & {"Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"}
    assert countries["encoding"]["color"]["title"] == f"US TIP tier {year}"


def test_routes_filters_change_the_result(app: AppTest, seed_store: MemoryStore) -> None:
    at = table_tab(open_page(app, "routes"))
    everything = len(frame_with(at, "route"))

    widget(at, "selectbox", "routes-form").select("sexual_exploitation").run()
    sexual = frame_with(at, "route")
    assert 0 < len(sexual) < everything
    assert all("sexual exploitation" in e for e in sexual["exploitation"])

    widget(at, "selectbox", "routes-form").set_value(None).run()
    widget(at, "selectbox", "routes-country").select("CHE").run()
    widget(at, "radio", "routes-direction").set_value("to").run()
    to_che = frame_with(at, "route")
    expected = [r for r in seed_store.routes(destination="CHE") if not r["internal"]]
    assert set(to_che["destination"]) == {"Switzerland"} and len(to_che) == len(expected)

    widget(at, "radio", "routes-direction").set_value("from").run()
    assert "No routes match these filters" in texts(at)


def test_routes_coverage_victims_and_hops_filters(app: AppTest, seed_store: MemoryStore) -> None:
    at = table_tab(open_page(app, "routes"))
    widget(at, "button_group", "routes-coverage").set_value(["operational"]).run()
    ops = frame_with(at, "route")
    assert set(ops["coverage"]) == {"operational"} and len(ops) >= 3

    widget(at, "button_group", "routes-coverage").set_value(["none", "internal", "operational"]).run()
    widget(at, "selectbox", "routes-profile").select("migrants (foreign women)").run()
    expected = [r for r in seed_store.routes() if "migrants (foreign women)" in r["victims"]
                and r["coverage"] in ("none", "operational")]
    assert len(frame_with(at, "route")) == len(expected) > 0

    widget(at, "selectbox", "routes-profile").set_value(None).run()
    widget(at, "selectbox", "routes-country").select("region:neighbouring-countries-of-china").run()
    widget(at, "radio", "routes-direction").set_value("from").run()
    one = frame_with(at, "route")
    widget(at, "slider", "routes-hops").set_value(2).run()
    two = frame_with(at, "route")
    # the seed links no legs: more legs invent no chain through China
    assert len(two) == len(one) and set(two["legs linked by"]) == {""}


def test_onward_connections_only_on_request_and_named_as_such(data_app: AppTest) -> None:
    at = open_tab(open_page(data_app, "routes"), "routes-tab", "Onward connections")
    assert "onward connections, not evidenced as one route" in texts(at).lower()
    widget(at, "selectbox", "routes-country").select("KHM").run()
    widget(at, "radio", "routes-direction").set_value("from").run()
    assert not frames_with(at, "meets in")
    widget(at, "toggle", "routes-onward").set_value(True).run()
    onward = frame_with(at, "meets in")
    assert len(onward) >= 1 and set(onward.columns) >= {"arrives", "leaves"}


def test_whom_to_call_about_a_route_lists_both_sides(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "routes")
    widget(at, "selectbox", "routes-country").select("CHN").run()
    widget(at, "radio", "routes-direction").set_value("from").run()
    routes = [r for r in seed_store.routes(origin="CHN") if not r["internal"]]
    pick = widget_starting(at, "selectbox", "routes-pick-")
    target = next(i for i, r in enumerate(routes) if r["destination"] == "DEU")
    pick.set_value(target).run()
    brief = seed_store.brief("CHN", "DEU")
    experts = frame_with(at, "name")
    assert set(experts["name"]) == {e["name"] for e in brief["experts"]}
    assert {"China", "Germany"} <= set(experts["country"])
    assert "contact details" not in experts.columns or experts["contact details"].astype(bool).any()
    if not any(e["contact_note"] for e in brief["experts"]):
        assert "The sources give no contact details" in texts(at)


# --------------------------------------------------------------------------- gaps


def test_gaps_table_says_how_it_is_ranked_and_shows_both_figures(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "gaps")
    assert "Ranked by **victims counted, then evidence**" in texts(at)
    gaps = frame_with(at, "rank")
    assert {"victims counted", "evidence items", "what binds them"} <= set(gaps.columns)
    expected = data_store.gaps()
    assert [_blank_or(v) for v in gaps["victims counted"]] == [counted(g) for g in expected][: len(gaps)]
    widget(at, "selectbox", "gaps-sort").set_value("evidence").run()
    by_evidence = frame_with(at, "rank")
    assert list(by_evidence["evidence items"]) == [g["weight"]["evidence"] for g in data_store.gaps(
        sort="evidence")][: len(by_evidence)]


def test_gap_picker_follows_the_country(app: AppTest, seed_store: MemoryStore) -> None:
    """After a country change the picker shows the new country's first gap, and so does the evidence."""
    at = open_page(app, "gaps")
    widget_starting(at, "selectbox", "gaps-pick-").set_value(2).run()
    widget(at, "selectbox", "gaps-country").select("DEU").run()
    pick = widget_starting(at, "selectbox", "gaps-pick-")
    first = seed_store.gaps(country="DEU")[0]
    assert pick.value == 0
    assert pick.format_func(pick.value).startswith(
        f"1. {name_of(seed_store, first['source'])} → {name_of(seed_store, first['destination'])}")
    html = "".join(h.value for h in at.get("html"))
    assert f"<mark>{first['evidence'][0]['quote']}</mark>" in html


def test_country_page_gap_picker_follows_the_country(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    widget_starting(at, "selectbox", "country-gap-pick-").set_value(3).run()
    widget(at, "selectbox", "country-pick").select("DEU").run()
    pick = widget_starting(at, "selectbox", "country-gap-pick-")
    first = seed_store.gaps(country="DEU")[0]
    assert pick.value == 0 and pick.key.startswith("country-gap-pick-DEU")
    assert name_of(seed_store, first["destination"]) in pick.format_func(0)


def test_each_gap_is_explained(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "gaps")
    widget(at, "selectbox", "gaps-country").select("CHN").run()
    gap = data_store.gaps(country="CHN")[0]
    shown = texts(at)
    assert f"Coverage: {gap['coverage']}" in shown and gap["explanation"] in shown
    assert "Year by year" in "".join(e.label for e in at.expander)
    assert not frames_with(at, "coverage that year")  # made only when opened


def test_gaps_threshold_changes_the_list(app: AppTest) -> None:
    at = open_page(app, "gaps")
    below_regional = len(frame_with(at, "rank"))
    widget(at, "selectbox", "gaps-below").set_value("negotiating").run()
    assert set(frame_with(at, "rank")["coverage"]) == {"none"}
    widget(at, "selectbox", "gaps-below").set_value("bilateral").run()
    assert len(frame_with(at, "rank")) >= below_regional


def test_coverage_matrix_shows_the_top_countries_by_name(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "gaps")
    matrix = frame_with(at, "United States")  # headers are names, not codes
    assert matrix.index.name == "origin \\ destination" and len(matrix) == 20 == len(matrix.columns)
    names = data_store.names()
    for r in data_store.routes():
        a, b = display_name(r["source"], names), display_name(r["destination"], names)
        if a in matrix.index and b in matrix.columns:
            assert matrix.loc[a, b] == r["coverage"]
    widget(at, "slider", "gaps-matrix-n").set_value(5).run()
    assert len(next(d.value for d in at.dataframe if d.value.index.name == "origin \\ destination")) == 5


# --------------------------------------------------------------------------- as of


def test_the_year_control_asks_every_question_as_of_that_year(data_app: AppTest, data_store: MemoryStore) -> None:
    """CHN -> ESP is multilateral today and none as of 2009 (China acceded on 8 Feb 2010)."""
    at = open_page(data_app, "gaps")
    widget(at, "selectbox", "gaps-country").select("CHN").run()
    today = frame_with(at, "rank")
    assert today[today["destination"] == "Spain"].iloc[0]["coverage"] == "multilateral"
    widget(at, "selectbox", "as-of").set_value("2009").run()
    then = frame_with(at, "rank")
    assert then[then["destination"] == "Spain"].iloc[0]["coverage"] == "none"
    assert "as of the end of 2009" in texts(at)
    at = open_page(at, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    binds = frame_with(open_tab(at, "country-tab", "What binds it"), "bound since")
    assert "UN Trafficking in Persons Protocol" not in " ".join(binds["instrument"])
    assert len(binds) == len(data_store.agreements(country="CHN", as_of="2009"))


def test_a_flows_years_show_whether_it_was_covered_each_year(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "gaps")
    widget(at, "selectbox", "gaps-country").select("CHN").run()
    gaps = data_store.gaps(country="CHN")
    i = next(i for i, g in enumerate(gaps) if g["destination"] == "ESP")
    widget_starting(at, "selectbox", "gaps-pick-").set_value(i).run()
    at.session_state["gap-years-box"] = True  # open "Year by year" (made only when opened)
    at.run()
    years = frame_with(at, "coverage that year")
    expected = [(y["year"], y["coverage"]) for c in gaps[i]["corroboration"] for y in c["by_year"]]
    assert list(zip(years["year"], years["coverage that year"])) == expected
    assert {"none", "multilateral"} <= {c for _, c in expected}  # before and after 2010


# --------------------------------------------------------------------------- instruments


def test_instruments_registry_filters_by_kind_status_and_party(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "agreements")
    everything = frame_with(at, "instrument")
    assert len(everything) == len(data_store.agreements())
    widget(at, "multiselect", "agreements-kind").set_value(["bilateral"]).run()
    assert set(frame_with(at, "instrument")["kind"]) == {"bilateral"}
    widget(at, "multiselect", "agreements-kind").set_value(["bilateral", "regional", "multilateral"]).run()
    widget(at, "multiselect", "agreements-status").set_value(["negotiating"]).run()
    assert set(frame_with(at, "instrument")["status"]) == {"negotiating"}
    widget(at, "multiselect", "agreements-status").set_value(["signed", "negotiating"]).run()
    widget(at, "selectbox", "agreements-country").select("VNM").run()
    vnm = frame_with(at, "instrument")
    assert 0 < len(vnm) < len(everything)
    assert "Vietnam bound since" in vnm.columns


def test_the_instruments_page_shows_what_was_researched_for_the_party(app: AppTest) -> None:
    from ctgraph.ingest.research import research_for

    at = open_page(app, "agreements")
    assert "What was researched" not in texts(at)  # no party chosen: no log
    widget(at, "selectbox", "agreements-country").select("THA").run()
    logged = frame_with(at, "queries")
    assert len(logged) == len(research_for("THA")) > 0
    assert "Myanmar" in set(logged["with"])
    assert any("MOU" in x for x in logged["instruments found"])
    shown = " ".join(str(v) for col in ("with", "instruments found") for v in logged[col])
    assert "agreement:" not in shown and "THA" not in shown  # names, never ids
    assert "Researched 2026-12-04: " in plain(texts(at))


def test_the_gaps_page_says_what_it_was_measured_against(app: AppTest) -> None:
    from ctgraph.graph.vocabulary import measured_sentence
    from tests.conftest import seeded_memory_store

    at = open_page(app, "gaps")
    assert measured_sentence(seeded_memory_store().measured()) in plain(texts(at))


def test_the_timeline_draws_a_window_as_uncertainty_not_a_period_in_force(data_app: AppTest) -> None:
    at = open_page(data_app, "agreements")
    marks = chart_data(at, "marks")
    khm = [m for m in marks if m["row"].startswith("China–Cambodia")]
    assert khm, "the China–Cambodia agreement (signed between Nov 2009 and 2016) is on the timeline"
    assert all(m["precision"] != "span" for m in khm)  # never a bar in force
    window = next(m for m in khm if m["when"] == "between Nov 2009 and 2016")
    assert (window["start"], window["end"]) == ("2009-11-01", "2016-12-31")
    assert window["precision"] == "known only to the month, year or a window"
    mekong = [m for m in marks if m["when"] == "2014"]
    assert mekong and all(m["precision"] != "exact day" for m in mekong)  # a year is not drawn as a day
    tha = [m for m in marks if m["row"].startswith("China–Thailand") and m["when"] == "2 Nov 2018"]
    assert tha and tha[0]["precision"] == "exact day"


def test_each_partys_consent_is_on_a_timeline(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "agreements")
    ids = [a["id"] for a in data_store.agreements()]
    widget_starting(at, "selectbox", "agreements-pick-").set_value(ids.index("agreement:untc-xviii-12-a")).run()
    terms = frame_with(at, "bound from")
    china = terms[terms["party"] == "China"].iloc[0]
    assert china["consent"] == "8 Feb 2010 (acceded)" and china["bound from"] == "10 Mar 2010"
    congo = terms[terms["party"] == "Congo"]
    assert congo.empty or congo.iloc[0]["bound"] == "signed only (not bound)"
    marks = chart_data(at, "consent")
    bound = [m for m in marks if m["row"] == "China" and m["key"] == "bound"]
    assert bound and bound[0]["start"] == "2010-03-10"


# --------------------------------------------------------------------------- country profile


def test_country_profile_of_china(data_app: AppTest, data_store: MemoryStore) -> None:
    at = open_page(data_app, "country")
    assert "Choose a country" in texts(at)
    widget(at, "selectbox", "country-pick").select("CHN").run()
    profile = data_store.country("CHN")
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Routes out"] == len(profile["flows_out"]) and metrics["Internal flows"] == len(profile["internal"])
    headers = {s.value for s in at.subheader}
    assert {"Routes out", "Routes in", "Internal flows", "Cooperation gaps"} <= headers
    assert "Briefing deck (.pptx)" in [b.label for b in at.get("download_button")]
    at = open_tab(at, "country-tab", "What binds it")
    assert {"Instruments binding it", "Operational cooperation"} <= {s.value for s in at.subheader}
    binds = frame_with(at, "bound since")
    tha = binds[binds["instrument"].str.startswith("China–Thailand")].iloc[0]
    assert tha["bound since"] == "2 Nov 2018" and tha["how"] == "as a party"
    at = open_tab(at, "country-tab", "Next instrument")
    nxt = frame_with(at, "counterpart")
    expected = data_store.next_instrument("CHN")
    assert list(nxt["counterpart"]) == [name_of(data_store, n["counterpart"]) for n in expected]
    assert [_blank_or(v) for v in nxt["victims counted"]] == [counted(n) for n in expected]
    at = open_tab(at, "country-tab", "TIP tiers, challenges, figures")
    assert {"US TIP report tiers", "Challenges", "Statistics"} <= {s.value for s in at.subheader}
    tiers = frame_with(at, "tier")
    assert list(zip(tiers["year"], tiers["tier"])) == [(t["year"], t["tier_label"]) for t in profile["tip_tiers"]]
    assert {(2012, "Tier 2 Watch List"), (2013, "Tier 3")} <= set(zip(tiers["year"], tiers["tier"]))
    at = open_tab(at, "country-tab", "Agencies and experts")
    assert {"Agencies", "Named experts to contact"} <= {s.value for s in at.subheader}
    experts = frame_with(at, "name")
    assert "contact details" not in experts.columns  # the seed gives no contact details for China's experts
    assert "The sources give no contact details" in texts(at)
    assert at.query_params["country"] == "CHN"  # the profile can be linked to


def test_country_profile_opens_from_a_link(home: Path) -> None:
    at = _start(country="DEU")
    at.switch_page(PAGES["country"]).run()
    assert widget(at, "selectbox", "country-pick").value == "DEU"
    assert {m.label: int(m.value) for m in at.metric}["Routes in"] >= 1


# --------------------------------------------------------------------------- evidence


def test_evidence_search_finds_quotes_and_says_when_nothing_matches(app: AppTest) -> None:
    at = open_page(app, "evidence")
    assert "at least two characters" in texts(at)
    widget(at, "text_input", "evidence-q").input("Spanish Police").run()
    hits = frame_with(at, "quote")
    assert len(hits) >= 1 and all("spanish police" in q.lower() for q in hits["quote"])
    assert not any(s.startswith("source:") for s in hits["source"])
    html = "".join(h.value for h in at.get("html"))
    assert "<mark>" in html and "China&#x27;s counter-trafficking response" in html
    widget(at, "text_input", "evidence-q").input("no such words anywhere").run()
    assert "No quote or data row contains this text" in texts(at)


def test_data_rows_of_an_imported_data_set_are_searchable(home: Path) -> None:
    from ctgraph.ingest.registry import import_dataset

    batch, _ = import_dataset("ctdc", FIXTURES / "ctdc_slice.csv")
    MemoryStore(home=home).load(batch)
    at = open_page(_start(), "evidence")
    widget(at, "text_input", "evidence-q").input("CTDC records with citizenship").run()
    hits = frame_with(at, "quote")
    assert len(hits) == len([r for r in batch.rels if r.type == "EVIDENCE"])
    assert all(loc.startswith("rows ") for loc in hits["locator"])
    html = "".join(h.value for h in at.get("html"))
    assert "(data row or quote without source text)" in html
    at = table_tab(open_page(at, "routes"))
    figure = r"^\d{4}(?:–\d{4})?: [\d,]+"  # graph.wording: "2017–2018: 23"
    assert frame_with(at, "route").filter(like="CTDC").apply(lambda c: c.str.contains(figure)).any().any()


# --------------------------------------------------------------------------- explicit states


def test_truncated_tables_say_so(home: Path, monkeypatch: pytest.MonkeyPatch, seed_store: MemoryStore) -> None:
    monkeypatch.setenv("CTGRAPH_ROW_LIMIT", "3")
    at = open_page(_start(), "gaps")
    assert len(frame_with(at, "rank")) == 3
    assert "Truncated: showing the first 3 of" in texts(at)
    at = open_page(at, "routes")
    assert len(at.get("iframe")) == 1  # the network still draws the heaviest routes
    at = table_tab(at)
    cross = [r for r in seed_store.routes() if not r["internal"]]
    assert len(frame_with(at, "route")) == 3
    assert f"Truncated: showing the first 3 of {len(cross)} routes" in texts(at)
    at = open_page(at, "evidence")
    widget(at, "text_input", "evidence-q").input("China").run()
    assert "more than 3 items match" in texts(at)


def test_long_tables_show_their_first_rows_and_download_all(
    data_home: Path, data_store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctgraph.dashboard import tables

    monkeypatch.setattr(tables, "FIRST_ROWS", 10)
    at = table_tab(open_page(_start(), "routes"))
    cross = [r for r in data_store.routes() if not r["internal"]]
    assert len(frame_with(at, "route")) == 10 < len(cross)
    rows = widget(at, "selectbox", "rows-routes")
    rows.set_value(len(cross)).run()
    assert len(frame_with(at, "route")) == len(cross)


def test_network_above_the_node_cap_says_how_to_narrow(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTGRAPH_NODE_CAP", "5")
    at = open_page(_start(), "routes")
    warning = texts(at)
    assert "showing the 5 heaviest of" in warning
    assert "choosing a country" in warning and "CTGRAPH_NODE_CAP" in warning


def test_a_store_that_is_down_shows_one_message_with_the_fix(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-used")
    at = _start()
    assert len(at.error) == 1
    message = errors(at)[0]
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in message
    assert "unset NEO4J_URI" in message and "reconnects by itself" in message
    assert not at.title and not at.dataframe


def test_a_misconfigured_store_shows_one_message(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGRAPH_STORE", "neo4j")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = _start()
    assert len(errors(at)) == 1
    assert errors(at)[0].startswith(
        "The graph store is not available. --store neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687) "
        "and NEO4J_PASSWORD in the environment"
    )


def test_an_unreadable_store_file_names_the_file(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "graph.sqlite").write_bytes(b"this is not a database, it is junk" * 200)
    at = _start()
    assert len(at.error) == 1 and "graph.sqlite" in errors(at)[0] and "move it away" in errors(at)[0]


def test_data_loaded_by_the_cli_appears_after_a_rerun(home: Path) -> None:
    from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord

    at = _start()
    before = int({m.label: m.value for m in at.metric}["Routes"])
    MemoryStore(home=home).load(
        GraphBatch(
            "extra",
            [NodeRecord("Flow", "flow:extra", {"victims": [], "exploitation": ["forced_begging"],
                                               "scope": "cross_border"}),
             NodeRecord("Country", "NPL", {"iso3": "NPL", "name": "Nepal"})],
            [RelRecord("FROM", "flow:extra", "NPL"), RelRecord("TO", "flow:extra", "CHN")],
        )
    )
    at.run()
    assert int({m.label: m.value for m in at.metric}["Routes"]) == before + 1


class FlakyStore:
    """A store that can go away and come back (what Neo4j does when it is stopped)."""

    name = "neo4j"
    uri = "bolt://db.example.org:7687"
    down = False
    opened = 0

    def __init__(self) -> None:
        type(self).opened += 1
        self.real = MemoryStore(home=None)
        from ctgraph.ingest.seed import seed_batch, validate_paths

        self.real.load(seed_batch(validate_paths()))

    def _check(self) -> None:
        if type(self).down:
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: start it or unset NEO4J_URI")

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.real, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            self._check()
            return target(*args, **kwargs)

        return call


def test_a_store_that_goes_away_shows_one_message_and_recovers_without_a_restart(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FlakyStore.down, FlakyStore.opened = False, 0
    monkeypatch.setattr(state, "open_store", lambda settings: FlakyStore())
    at = _start()
    assert at.title and not at.error, [e.value for e in at.error]
    assert "neo4j · bolt://db.example.org:7687" in plain(at.sidebar.caption[0].value)

    FlakyStore.down = True
    at.run()
    assert len(at.error) == 1 and not at.title
    assert "cannot reach Neo4j at bolt://db.example.org:7687" in errors(at)[0]
    assert "reconnects by itself" in errors(at)[0]

    FlakyStore.down = False
    at.run()  # the next rerun, same app process, same session
    assert not at.error and [t.value for t in at.title] == [TITLES["overview"]]
    assert FlakyStore.opened >= 2  # the broken connection was dropped and a new one opened


def test_uris_shown_are_redacted() -> None:
    assert state.redact("cannot reach Neo4j at neo4j+s://neo4j:hunter2@db.example.org:7687") == (
        "cannot reach Neo4j at neo4j+s://***@db.example.org:7687"
    )
    assert "hunter2" not in state.describe_error(OSError("bolt://u:hunter2@h:7687 refused"))


# --------------------------------------------------------------------------- run_query


class SlowStore:
    name = "slow"

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()

    def stats(self) -> dict[str, Any]:
        self.release.wait(5)
        return {"nodes": {}, "relationships": {}}

    def gaps(self, country: str | None = None, below: str = "regional") -> list[int]:
        self.calls += 1
        time.sleep(0.05)
        return list(range(5))

    def routes(self) -> list[int]:
        return []

    def country(self, iso3: str) -> dict[str, Any]:
        raise StoreUnavailable("cannot reach Neo4j at bolt://x: start it or unset NEO4J_URI")

    def nodes(self, label: str) -> list[int]:
        raise ConnectionResetError("peer went away")


def _conn(store: Any, **limits: Any) -> state.Connection:
    return state.Connection(store=store, key="test", settings=state.DashboardSettings(**limits))


def test_run_query_states() -> None:
    store = SlowStore()
    conn = _conn(store, ctgraph_row_limit=3, ctgraph_query_timeout_s=0.2)

    started = time.monotonic()
    slow = state.run_query(conn, "stats")
    assert slow.status is state.Status.TIMEOUT and "within 0.2 s" in slow.message
    assert time.monotonic() - started < 2
    store.release.set()

    cut = state.run_query(conn, "gaps", country="CHN")
    assert cut.status is state.Status.TRUNCATED and cut.rows == [0, 1, 2] and cut.total == 5
    assert state.run_query(conn, "gaps", country="CHN", limit=10).status is state.Status.OK
    assert store.calls == 1  # answers are cached per connection

    assert state.run_query(conn, "routes").status is state.Status.EMPTY
    down = state.run_query(conn, "country", "CHN")
    assert down.status is state.Status.ERROR and down.message.startswith("cannot reach Neo4j")
    assert conn.broken  # the next connect() opens a new connection
    odd = state.run_query(conn, "nodes", "Country")
    assert odd.status is state.Status.ERROR
    assert odd.message.startswith("The store failed: ConnectionResetError: peer went away.")
    assert "unset NEO4J_URI" in odd.message


def test_answers_are_keyed_on_the_question_not_its_spelling() -> None:
    store = SlowStore()
    conn = _conn(store)
    state.run_query(conn, "gaps")
    state.run_query(conn, "gaps", None, "regional")
    state.run_query(conn, "gaps", below="regional")
    assert store.calls == 1


def test_sessions_asking_at_once_share_one_computation() -> None:
    store = SlowStore()
    conn = _conn(store)
    threads = [threading.Thread(target=state.run_query, args=(conn, "gaps"), kwargs={"country": "X"})
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.calls == 1


def test_answers_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "CACHE_ENTRIES", 2)
    store = SlowStore()
    conn = _conn(store)
    for country in ("A", "B", "C", "A"):
        state.run_query(conn, "gaps", country=country)
    assert store.calls == 4  # "A" was evicted by "C", so asked again
    assert len(conn.cache) == 2


def test_failures_are_not_cached() -> None:
    class Once:
        name = "once"
        calls = 0

        def names(self) -> dict[str, str]:
            Once.calls += 1
            if Once.calls == 1:
                raise StoreUnavailable("gone")
            return {"CHN": "China"}

    conn = _conn(Once())
    assert state.run_query(conn, "names").status is state.Status.ERROR
    assert state.run_query(conn, "names").rows == [{"CHN": "China"}]


def test_secrets_fill_only_what_the_environment_does_not_set() -> None:
    env = {"NEO4J_URI": "bolt://env:7687"}
    copied = state.secrets_to_env(
        {"CTGRAPH": {"neo4j_uri": "bolt://secret:7687", "NEO4J_PASSWORD": "pw", "ctgraph_node_cap": 50,
                     "unrelated": "x"}, "neo4j_uri": "top-level is Streamlit's own business"},
        env,
    )
    assert copied == ["NEO4J_PASSWORD", "CTGRAPH_NODE_CAP"]
    assert env == {"NEO4J_URI": "bolt://env:7687", "NEO4J_PASSWORD": "pw", "CTGRAPH_NODE_CAP": "50"}


# --------------------------------------------------------------------------- on Neo4j


@pytest.fixture()
def neo4j_env() -> dict[str, str]:
    """NEO4J_* of the test server, read before ``home`` clears them."""
    from tests.conftest import neo4j_env_or_fail

    return neo4j_env_or_fail()


def _load_seed_into_neo4j(env: dict[str, str]) -> None:
    from ctgraph.graph.neo4j_store import Neo4jStore
    from ctgraph.ingest.seed import seed_batch, validate_paths

    neo = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    try:
        neo.clear()
        neo.load(seed_batch(validate_paths()))
    finally:
        neo.close()


@pytest.mark.neo4j
def test_every_page_on_neo4j_matches_the_embedded_store(
    neo4j_env: dict[str, str], home: Path, monkeypatch: pytest.MonkeyPatch, seed_store: MemoryStore
) -> None:
    """With NEO4J_URI set the app reads the Neo4j store, and shows what the embedded one shows."""
    env = neo4j_env
    _load_seed_into_neo4j(env)
    for var, key in (("NEO4J_URI", "uri"), ("NEO4J_USER", "user"), ("NEO4J_PASSWORD", "password"),
                     ("NEO4J_DATABASE", "database")):
        monkeypatch.setenv(var, env[key])
    at = _start()
    assert not at.error, [e.value for e in at.error]
    assert "neo4j" in at.sidebar.caption[0].value
    assert int({m.label: m.value for m in at.metric}["Gaps (below regional)"]) == len(seed_store.gaps())
    for name in PAGES:
        at = open_page(at, name)
        assert not at.error, (name, [e.value for e in at.error])
    at = open_page(at, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    gaps = frame_with(at, "rank")
    assert len(gaps) == len(seed_store.gaps(country="CHN"))
    state.reset()


class Proxy:
    """A TCP forwarder in front of the real Neo4j: stopping it is the store going
    away (connections refused, open ones cut), starting it again is its return."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.server: socket.socket | None = None
        self.conns: list[socket.socket] = []

    def start(self) -> None:
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.port))
        srv.listen(16)
        self.server = srv
        threading.Thread(target=self._accept, args=(srv,), daemon=True).start()

    def _accept(self, srv: socket.socket) -> None:
        while True:
            try:
                client, _ = srv.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        if self.server is not None:
            # shutdown first: on Linux a thread blocked in accept() keeps accepting on a closed socket
            try:
                self.server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.server.close()
            self.server = None
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already cut by the other side
            c.close()
        self.conns = []


@pytest.fixture()
def proxy(neo4j_env: dict[str, str]) -> Iterator[Proxy]:
    from urllib.parse import urlparse

    u = urlparse(neo4j_env["uri"])
    p = Proxy((u.hostname or "127.0.0.1", u.port or 7687))
    p.start()
    try:
        yield p
    finally:
        p.stop()


@pytest.mark.neo4j
def test_neo4j_going_away_shows_one_message_and_the_app_recovers_when_it_returns(
    neo4j_env: dict[str, str], proxy: Proxy, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = neo4j_env
    _load_seed_into_neo4j(env)
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("NEO4J_USER", env["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", env["password"])
    monkeypatch.setenv("NEO4J_DATABASE", env["database"])
    monkeypatch.setenv("NEO4J_TIMEOUT_S", "3")
    at = _start()
    assert not at.error and at.title
    assert f"bolt://127.0.0.1:{proxy.port}" in plain(at.sidebar.caption[0].value)

    proxy.stop()
    at.run()
    assert len(at.error) == 1 and not at.title, [e.value for e in at.error]
    assert "Neo4j" in errors(at)[0] and "reconnects by itself" in errors(at)[0]
    assert env["password"] not in errors(at)[0]

    proxy.start()
    at.run()
    assert not at.error, [e.value for e in at.error]
    assert [t.value for t in at.title] == [TITLES["overview"]]
    state.reset()
