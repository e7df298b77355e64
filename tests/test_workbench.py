# ruff: noqa: F811 - the fixtures of tests/test_app.py, imported by name, are taken as arguments
"""The analyst's workbench (issue 21): choices in the address, links from tables,
charts of victims over time, a shaded map and a Sankey, the route map's names,
arrows and zoom, the tier chart. Pure rendering functions are tested without
Streamlit; pages under AppTest on the seed plus the real-data fixtures
(fixtures of tests/test_app.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ctgraph.dashboard import serve
from ctgraph.dashboard.charts import choropleth, sankey_chart, sankey_layout, series_chart, series_frame, tiers_chart
from ctgraph.dashboard.geo import country_position
from ctgraph.dashboard.network import FlowEdge
from ctgraph.dashboard.palette import COVERAGE_COLOURS, TIER_COLOURS
from ctgraph.dashboard.routemap import MAX_ZOOM, route_map
from ctgraph.dashboard.state import warm_questions
from ctgraph.graph.analysis import forms_over_time, victims_over_time
from ctgraph.graph.memory import DB_FILE, MemoryStore
from ctgraph.graph.snapshot import Scope
from ctgraph.ingest.seed import seed_batch, validate_paths
from tests.test_app import (  # noqa: F401 - fixtures
    _start,
    chart_data,
    chart_spec,
    data_app,
    data_home,
    data_store,
    data_template,
    frame_with,
    open_page,
    open_tab,
    texts,
    widget,
)

# --------------------------------------------------------------------------- pure: series


def _pt(ds: str, year: int, victims: int, suppressed: int = 0, series: str = "s") -> dict[str, Any]:
    return {"dataset": ds, "series": series, "year": year, "victims": victims, "suppressed_cells": suppressed,
            "cells": max(1, suppressed)}


def test_a_suppressed_year_is_marked_never_drawn_as_zero() -> None:
    spec = series_chart([_pt("source:g", 2019, 0, 1), _pt("source:g", 2020, 12)], {"source:g": "GLOTIP"})
    assert spec is not None
    rows = spec["datasets"]["series"]
    sup = next(r for r in rows if r["year"] == 2019)
    assert sup["value"] is None and (sup["low"], sup["high"]) == (1, 4) and sup["shown"] == "<5"
    line = spec["layer"][0]
    assert "isValid(datum.value)" in line["transform"][0]["filter"]  # the line never passes through a "<5" year
    assert {"text": {"value": "<5"}}.items() <= spec["layer"][3]["encoding"].items()


def test_each_data_set_is_its_own_series_never_added() -> None:
    spec = series_chart([_pt("source:g", 2020, 7), _pt("source:c", 2020, 3)], {"source:g": "GLOTIP", "source:c": "CTDC"})
    assert spec is not None
    assert sorted((r["data set"], r["value"]) for r in spec["datasets"]["series"]) == [("CTDC", 3), ("GLOTIP", 7)]
    assert series_frame([_pt("source:g", 2020, 7, 2)], {})["shown"].tolist() == ["at least 7 (2 cells <5)"]


def test_a_countrys_series_come_from_its_profile_per_data_set(data_store: MemoryStore) -> None:
    p = data_store.country("CHN")
    points = victims_over_time(p, data_store.names())
    assert points and {x["dataset"] for x in points} <= {"source:unodc-glotip-2025", "source:ctdc-global-2020"}
    abroad = [x for x in points if x["series"] == "citizens of China detected elsewhere"]
    # GLOTIP, 2019: the sum of its own pair figures out of China that year, nothing of CTDC's
    expected = sum(y["victims"] for r in p["flows_out"] for c in r["corroboration"] for y in c["by_year"]
                   if c["dataset"] == "source:unodc-glotip-2025" and c.get("basis") == "citizenship" and y["year"] == 2019)
    got = [x["victims"] for x in abroad if x["dataset"] == "source:unodc-glotip-2025" and x["year"] == 2019]
    assert got == ([expected] if expected else got)
    assert all(x["series"] for x in forms_over_time(p))


# --------------------------------------------------------------------------- pure: map, Sankey, tiers


def test_choropleth_marks_suppressed_countries_and_ships_its_outlines() -> None:
    spec = choropleth({"FRA": (40, 0), "ESP": (0, 2), "ITA": (9, 1)}, {}, title="Victims", highlight="CHN")
    geoms = {g["properties"]["iso3"]: g["properties"] for g in spec["layer"][1]["data"]["values"]["objects"]["countries"]["geometries"]}
    assert geoms["ESP"]["shown"] == "<5" and geoms["ESP"]["victims"] is None and geoms["ESP"]["kind"] == "only <5 cells"
    assert geoms["ITA"]["shown"] == "at least 9" and geoms["FRA"]["victims"] == 40
    assert geoms["CHN"]["focus"] and geoms["DEU"]["kind"] == "no figure"
    assert "url" not in json.dumps([layer["data"] for layer in spec["layer"]])


def test_sankey_keeps_the_heaviest_and_groups_the_rest() -> None:
    links = [("China", f"Country {i:02d}", 100 - i) for i in range(30)]
    nodes, bands = sankey_layout(links, top=10)
    right = [n for n in nodes if n["side"] == "right"]
    assert len(right) == 11 and right[-1]["label"] == "other (20)"
    assert right[-1]["value"] == sum(100 - i for i in range(10, 30))
    assert sum(n["value"] for n in right) == sum(v for *_, v in links)  # one data set: nothing lost, nothing added
    assert all(0 <= b["y0"] <= b["y1"] <= 400 + 1e-6 for b in bands)
    assert sankey_chart([], left_title="a", right_title="b", value_title="c") is None


def test_tier_chart_has_colours_a_legend_and_tier_1_on_top() -> None:
    spec = tiers_chart([{"year": 2012, "tier": "2WL", "tier_label": "Tier 2 Watch List", "rank": 3, "evidence": []},
                        {"year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "evidence": []}])
    colour = spec["layer"][1]["encoding"]["color"]
    assert colour["scale"]["range"] == list(TIER_COLOURS.values()) and colour["legend"]
    assert spec["layer"][1]["encoding"]["y"]["sort"][0] == "Tier 1" and spec["height"] >= 120


def test_tier_palette_is_not_a_coverage_colour() -> None:
    assert not set(TIER_COLOURS.values()) & set(COVERAGE_COLOURS.values())


# --------------------------------------------------------------------------- pure: route map


def _edges() -> list[FlowEdge]:
    return [FlowEdge("CHN", "FRA", coverage="none", victims_counted=300), FlowEdge("ALB", "GBR", coverage="regional"),
            FlowEdge("ROU", "DEU", coverage="regional"), FlowEdge("BGR", "NLD", coverage="regional")]


def test_route_map_labels_are_names_with_arrows_and_wheel_zoom() -> None:
    names = {"CHN": "China", "FRA": "France", "ALB": "Albania", "GBR": "United Kingdom", "ROU": "Romania",
             "DEU": "Germany", "BGR": "Bulgaria", "NLD": "Netherlands"}
    m = route_map(_edges(), names, country_position)
    labels = {p["label"] for p in m.spec["datasets"]["endpoints"] if p["label"]}
    assert labels and labels <= set(names.values())
    arrows = m.spec["datasets"]["arrows"]
    assert len(arrows) == m.drawn
    to_fra = next(a for a in arrows if a["rid"] == 0)
    assert 200 < to_fra["angle"] % 360 < 340  # China -> France points west
    nav = next(p for p in m.spec["params"] if p["name"] == "view")
    assert nav["on"][0]["events"]["type"] == "wheel" and f", {MAX_ZOOM})" in nav["on"][0]["update"]
    assert next(p for p in m.spec["params"] if p["name"] == "zoom") == {"name": "zoom", "expr": "view[0]"}
    assert m.spec["projection"]["scale"] == {"expr": f"{m.spec['projection']['scale']['expr'].split(' ')[0]} * zoom"}
    assert m.spec["projection"]["translate"] == {"expr": "[view[1], view[2]]"}
    europe = route_map(_edges(), names, country_position, view="europe", width=760, height=520)
    shown = {p["label"] for p in europe.spec["datasets"]["endpoints"] if p["label"] and p["minzoom"] <= 1}
    assert {"Germany", "Netherlands", "Romania", "Bulgaria"} <= shown  # legible in the Europe view at once


# --------------------------------------------------------------------------- pages (AppTest: the app tier)


@pytest.mark.app
def test_the_address_holds_country_and_year_across_pages(data_home: Path) -> None:
    at = _start(country="CHN", asof="2015")
    assert widget(at, "selectbox", "as-of").value == "2015"
    at = open_page(at, "country")
    assert widget(at, "selectbox", "country-pick").value == "CHN"
    assert "As of the end of 2015." in texts(at)
    at = open_page(at, "routes")
    assert widget(at, "selectbox", "routes-country").value == "CHN"
    assert at.query_params["country"] == "CHN" and at.query_params["asof"] == "2015"
    widget(at, "selectbox", "as-of").set_value("today").run()
    assert "asof" not in at.query_params
    at = open_page(at, "country")
    assert widget(at, "selectbox", "country-pick").value == "CHN"


@pytest.mark.app
def test_tables_link_to_route_views_and_profiles(data_app: Any, data_store: MemoryStore) -> None:
    at = open_page(data_app, "overview")
    routes = frame_with(at, "route")
    assert routes["open"].str.startswith("routes?route=").all()
    at = open_page(at, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    out = frame_with(at, "profile")
    first = data_store.country("CHN")["flows_out"][0]
    assert out.iloc[0]["profile"].startswith(f"country?country={first['destination']}#")
    # a region or a place has no profile: its cell is blank, never a "None" the grid would print
    regions = [i for i, f in enumerate(data_store.country("CHN")["flows_out"]) if not f["destination"].isupper()]
    assert regions and out["profile"].notna().all()
    assert {out.iloc[i]["profile"] for i in regions if i < len(out)} == {""}


@pytest.mark.app
def test_a_route_link_opens_its_view_with_charts(data_home: Path, data_store: MemoryStore) -> None:
    r = next(r for r in data_store.routes() if r["source"] == "CHN" and r["destination"] == "USA")
    at = _start(route="CHN:USA")
    at = open_page(at, "routes")
    pick = next(w for w in at.selectbox if str(w.key).startswith("routes-pick-"))
    assert "China → United States" in pick.format_func(pick.value)
    data = chart_data(at, "route-series")
    assert {(d["data set"], d["year"]) for d in data} == {
        (data_store.names()[c["dataset"]], y["year"]) for c in r["corroboration"] for y in c["by_year"]}


@pytest.mark.app
def test_country_charts_map_and_sankey(data_app: Any, data_store: MemoryStore) -> None:
    at = open_page(data_app, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    at = open_tab(at, "country-tab", "Victims: charts and map")
    series = chart_data(at, "country-series")
    assert series and all(r["value"] is None or r["value"] >= 0 for r in series)
    assert all(r["shown"] == "<5" for r in series if r["value"] is None)
    sankey = chart_spec(at, "country-sankey")
    assert sankey["layer"][0]["mark"]["type"] == "area"
    maps = [c for c in at.get("vega_lite_chart") if "topojson" in c.proto.spec]
    assert maps


@pytest.mark.app
def test_profile_tier_chart_is_coloured(data_app: Any) -> None:
    at = open_page(data_app, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    at = open_tab(at, "country-tab", "TIP tiers, challenges, figures")
    spec = chart_spec(at, "tiers")
    assert spec["layer"][1]["encoding"]["color"]["legend"]


# --------------------------------------------------------------------------- first visits: what the server does first

TODAY = date(2025, 6, 1)


def _kept(home: Path) -> int:
    with sqlite3.connect(home / DB_FILE) as con:
        return int(con.execute("SELECT count(*) FROM answers").fetchone()[0])


def _no_snapshot(scope: Scope) -> Any:
    raise AssertionError(f"a kept answer was expected, but a snapshot was read ({scope})")


def test_warming_keeps_every_answer_the_pages_open_on(home: Path) -> None:
    """``ctgraph dashboard`` (dashboard.serve) computes them before Streamlit listens; the
    dashboard's own store then reads them back without building the graph."""
    MemoryStore(home).load(seed_batch(validate_paths()))
    assert _kept(home) == 0
    asked = serve.warm_answers(TODAY)
    assert asked == len(warm_questions(TODAY.isoformat())) + 1  # and whom to call on the heaviest route
    assert _kept(home) > 0  # routes, gaps, agreements, the brief... (node lists are read directly)
    again = MemoryStore(home)
    again.snapshot = _no_snapshot  # type: ignore[method-assign]
    day = TODAY.isoformat()
    for question, args, kwargs in warm_questions(day):
        getattr(again, question)(*args, **kwargs)
    top = next(r for r in again.routes(as_of=day) if not r["internal"])
    assert again.brief(top["source"], top["destination"], as_of=day)["routes"]


def test_warming_a_store_that_cannot_be_used_leaves_it_to_the_dashboard(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # Neo4j keeps no answers across processes
    assert serve.warm_answers(TODAY) == 0
    monkeypatch.delenv("NEO4J_URI")
    home.mkdir(parents=True)
    (home / DB_FILE).write_bytes(b"not a database")
    assert serve.warm_answers(TODAY) == 0  # no traceback: the dashboard shows the store's message


def test_a_page_names_a_deck_without_loading_python_pptx() -> None:
    code = ("import sys; from ctgraph.dashboard import briefing; from ctgraph.dashboard.deck import Scope, "
            "default_filename; assert 'pptx' not in sys.modules, 'pptx imported'; "
            "from ctgraph.dashboard.deck import deck_bytes, Briefing; assert 'pptx' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def test_the_dashboard_command_runs_streamlit_through_serve() -> None:
    cli = Path(serve.__file__).resolve().parent.parent / "ctgraph" / "cli.py"
    assert '"-m", "ctgraph.dashboard.serve", "run"' in cli.read_text(encoding="utf-8")
    assert not serve.preload()  # every page module imports


# --------------------------------------------------------------------------- the route map zooms about the pointer


def _wheel(update: str, view: list[float], x: float, y: float, delta_y: float) -> list[float]:
    """The map's wheel handler (a Vega expression) evaluated in Python for one wheel step at (x, y)."""
    cond, _q, branches = update.partition(" ? ")
    home, _c, about = branches.partition(" : ")
    env = {"clamp": lambda v, lo, hi: min(max(v, lo), hi), "pow": pow, "x": lambda: x, "y": lambda: y,
           "view": view, "event": type("E", (), {"deltaY": delta_y, "deltaMode": 0})()}
    return list(eval(home if eval(cond, env) else about, env))  # the spec's own expressions, never input


def test_the_wheel_zooms_about_the_pointer_and_the_point_under_it_stays() -> None:
    from ctgraph.dashboard.routemap import MAP_HEIGHT, MAP_WIDTH, _pixels, frame_of

    m = route_map(_edges(), {}, country_position)
    wheel = next(p for p in m.spec["params"] if p["name"] == "view")["on"][0]["update"]
    frame = frame_of("world", MAP_WIDTH, MAP_HEIGHT)
    position = country_position("DEU")  # the pointer on Germany, far from the map's centre
    assert position is not None
    lat, lon = position
    px, py = _pixels(lat, lon, MAP_WIDTH, MAP_HEIGHT, frame)
    view = [1.0, MAP_WIDTH / 2, MAP_HEIGHT / 2]
    for _ in range(6):
        view = _wheel(wheel, view, px, py, -240)
    assert 8 < view[0] <= MAX_ZOOM
    # where Germany is drawn now: translate + scale x (its offset from the frame's centre at zoom 1)
    gx = view[1] + (px - MAP_WIDTH / 2) * view[0]
    gy = view[2] + (py - MAP_HEIGHT / 2) * view[0]
    assert abs(gx - px) < 1e-6 and abs(gy - py) < 1e-6
    for _ in range(40):  # zooming out all the way centres the map again
        view = _wheel(wheel, view, px, py, 240)
    assert view == [1, MAP_WIDTH / 2, MAP_HEIGHT / 2]
