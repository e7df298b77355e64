"""Pure rendering of the dashboard: pyvis network, route map, tables, passages.

No Streamlit and no browser here; the browser tests (tests/test_browser.py)
prove the same properties in Chromium.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from ctgraph.dashboard.charts import (
    consent_timeline,
    coverage_heatmap,
    date_marks,
    instruments_frame_marks,
    instruments_timeline,
)
from ctgraph.dashboard.network import (
    FlowEdge,
    FlowNetwork,
    edge_width,
    external_resources,
    flow_network,
    legend_html,
    render_network,
    spread_labels,
    strip_external_resources,
)
from ctgraph.dashboard.palette import COVERAGE_COLOURS, COVERAGE_DASHES, LEVELS
from ctgraph.dashboard.passages import find_passage, passage_html, passages_html, read_source_text
from ctgraph.dashboard.routemap import MAP_HEIGHT, MAP_WIDTH, _pixels, place_labels, route_map
from ctgraph.dashboard.tables import (
    binds_text,
    coverage_matrix,
    csv_bytes,
    drop_empty,
    experts_frame,
    figures_text,
    gaps_frame,
    md_escape,
    routes_frame,
    top_endpoints,
)
from ctgraph.ingest.seed import SEED_DIR
from tests.conftest import seeded_memory_store

SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
JS = "javascript:alert(2)"
CLOSE = "</script><script>alert(3)</script>"


def _data_of(page: str, what: str) -> list[dict]:
    """The JSON array pyvis wrote for ``nodes`` or ``edges``."""
    m = re.search(rf"{what} = new vis\.DataSet\((\[.*?\])\);", page, re.DOTALL)
    assert m, f"no {what} data in the page"
    return json.loads(m.group(1))


def _hostile_network() -> FlowNetwork:
    return FlowNetwork(
        nodes={
            "CHN": ("China", "Country"),
            "region:evil": (f"Evil {SCRIPT} {IMG} {JS} {CLOSE} & <b>", "Region"),
        },
        edges=[
            FlowEdge(
                "CHN",
                "region:evil",
                exploitation=(JS,),
                victims=(IMG,),
                coverage="none",
                evidence=1,
                first_quote=f'quote "{SCRIPT}" {CLOSE}',
                first_locator="<b>¶1</b>",
            )
        ],
    )


# --------------------------------------------------------------------------- offline


def test_network_page_loads_nothing_from_outside() -> None:
    view = render_network(_hostile_network())
    assert external_resources(view.html) == []
    assert "cdn.jsdelivr.net" not in view.html and "cdnjs.cloudflare.com" not in view.html
    assert "vis.Network" in view.html  # vis-network is inlined
    assert "<link" not in view.html.lower()


def test_strip_external_resources_removes_multiline_cdn_tags() -> None:
    page = (
        '<head><link\n  href="https://cdn.jsdelivr.net/npm/bootstrap.css"\n  rel="stylesheet"\n/>'
        '<script\n src="https://cdn.jsdelivr.net/npm/bootstrap.js"\n crossorigin="anonymous"\n></script>'
        "<script>var ok = 1;</script></head>"
    )
    out = strip_external_resources(page)
    assert external_resources(out) == []
    assert "<script>var ok = 1;</script>" in out


def test_external_resources_finds_every_kind_of_remote_load() -> None:
    found = external_resources(
        '<img src="https://a/x.png"><style>@import "//b/y.css"; a{background:url(http://c/z.gif)}</style>'
        '<link href=\'https://d/f.css\'><p title="https://not-a-load">'
    )
    assert len(found) == 4


# --------------------------------------------------------------------------- escaping


def test_labels_and_tooltips_keep_the_same_characters() -> None:
    """Labels are canvas text and titles innerText: no HTML escaping (no double escaping)."""
    view = render_network(_hostile_network())
    nodes = {n["id"]: n for n in _data_of(view.html, "nodes")}
    evil = nodes["region:evil"]
    assert evil["label"] == f"Evil {SCRIPT} {IMG} {JS} {CLOSE} & <b>"
    assert "&lt;" not in evil["label"] and "&amp;" not in evil["label"]
    assert evil["title"].startswith("Evil <script>")
    edge = _data_of(view.html, "edges")[0]
    assert SCRIPT in edge["title"] and IMG in edge["title"] and "<b>¶1</b>" in edge["title"]


def test_no_text_from_data_can_close_the_script_tag() -> None:
    view = render_network(_hostile_network())
    # the only </script> and <script> tags are the page's own (inline libraries, data, hooks)
    assert CLOSE not in view.html
    assert SCRIPT not in view.html
    assert IMG not in view.html
    assert "\\u003c/script\\u003e" in view.html  # what tojson made of it


def test_never_uses_pyvis_templates_that_write_html() -> None:
    """pyvis' link-tooltip popup uses innerHTML and its select menu prints ids raw."""
    net = FlowNetwork(
        nodes={"CHN": ("China", "Country"), "FRA": ('<a href="javascript:alert(1)">x</a>', "Country")},
        edges=[FlowEdge("CHN", "FRA", first_quote='<a href="https://x">href</a>')],
    )
    page = render_network(net).html
    assert "popup.innerHTML" not in page
    assert 'id="select-node"' not in page
    assert "tom-select" not in page.lower() or "TomSelect(" not in page


# --------------------------------------------------------------------------- scale


def _grid_network(n_nodes: int, n_edges: int) -> FlowNetwork:
    nodes = {f"place:p{i}": (f"Place {i}", "Place") for i in range(n_nodes)}
    edges = []
    i = 0
    while len(edges) < n_edges:
        a, b = i % n_nodes, (i * 7 + 1 + i // n_nodes) % n_nodes
        if a != b:
            edges.append(FlowEdge(f"place:p{a}", f"place:p{b}", ("forced_labour",), coverage="none", evidence=1))
        i += 1
    return FlowNetwork(nodes, edges)


def test_above_the_cap_the_heaviest_nodes_are_kept_and_truncation_is_reported() -> None:
    net = FlowNetwork(
        nodes={"A": ("A", "Country"), "B": ("B", "Country"), "C": ("C", "Country"), "D": ("D", "Country")},
        edges=[
            FlowEdge("A", "B", evidence=5),
            FlowEdge("A", "C", evidence=3),
            FlowEdge("C", "D", evidence=0),
        ],
    )
    view = render_network(net, node_cap=2)
    assert view.truncated
    assert (view.nodes_total, view.nodes_shown, view.edges_shown) == (4, 2, 1)
    assert [n["id"] for n in _data_of(view.html, "nodes")] == ["A", "B"]
    assert sorted(view.dropped) == ["C", "D"]
    assert not render_network(net, node_cap=4).truncated


def test_large_network_has_a_precomputed_layout_and_no_physics() -> None:
    view = render_network(_grid_network(600, 1500), node_cap=2000)
    nodes = _data_of(view.html, "nodes")
    assert len(nodes) == 600 and view.edges_shown == 1500
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(round(n["x"]), round(n["y"])) for n in nodes}) > 590  # spread out, not stacked
    options = re.search(r"var options = (\{.*?\});\n", view.html, re.DOTALL)
    assert options and json.loads(options.group(1))["physics"]["enabled"] is False


def test_layout_is_deterministic() -> None:
    net = _grid_network(40, 80)
    assert render_network(net).html == render_network(net).html


# --------------------------------------------------------------------------- from store answers


def test_flow_network_from_the_seed_covers_every_route() -> None:
    store = seeded_memory_store()
    routes = store.routes()
    names = store.names()
    net = flow_network(routes, names)
    assert len(net.edges) == len(routes)
    assert net.nodes["CHN"] == ("China", "Country")
    assert net.nodes["region:europe"] == (names["region:europe"], "Region")
    by_pair = {(e.source, e.destination): e for e in net.edges}
    for r in routes:  # each edge carries its route's own coverage and figures: nothing recomputed
        e = by_pair[(r["source"], r["destination"])]
        assert (e.coverage, e.evidence, e.victims_counted) == (r["coverage"], r["weight"]["evidence"],
                                                                r["weight"]["victims"])
    internal = [e for e in net.edges if e.coverage == "internal"]
    assert internal and all(e.destination == "CHN" or e.source == "CHN" for e in internal)


def test_multi_hop_routes_become_their_leg_edges_with_the_legs_coverage() -> None:
    two = {"source": "VNM", "destination": "FRA", "hops": ["VNM", "CHN", "FRA"],
           "exploitation": ["forced_marriage"], "victims": ["women"], "evidence": [], "corroboration": [],
           "coverage": "none", "instruments": [], "weight": {"victims": 0, "evidence": 2}, "link": "transit",
           "legs": [{"source": "VNM", "destination": "CHN", "coverage": "regional", "instruments": []},
                    {"source": "CHN", "destination": "FRA", "coverage": "none", "instruments": []}]}
    net = flow_network([two], {})
    assert [(e.source, e.destination, e.coverage) for e in net.edges] == [
        ("VNM", "CHN", "regional"),
        ("CHN", "FRA", "none"),
    ]


def test_edges_take_the_palette_colour_dash_and_a_width_growing_with_victims() -> None:
    net = FlowNetwork(
        {"A": ("A", "Country"), "B": ("B", "Country"), "C": ("C", "Country")},
        [FlowEdge("A", "B", coverage="none", victims_counted=10), FlowEdge("A", "C", coverage="bilateral",
                                                                           victims_counted=10_000)],
    )
    edges = {(e["from"], e["to"]): e for e in _data_of(render_network(net).html, "edges")}
    ab, ac = edges[("A", "B")], edges[("A", "C")]
    assert ab["color"] == COVERAGE_COLOURS["none"] and ac["color"] == COVERAGE_COLOURS["bilateral"]
    assert ab["dashes"] == [2 * d for d in COVERAGE_DASHES["none"] or []] and ac["dashes"] is False
    assert ab["width"] == edge_width("none", 10) < ac["width"] == edge_width("bilateral", 10_000)
    assert edge_width("none", 0) < edge_width("none", 100) < edge_width("none", 100_000)


def test_tooltips_name_endpoints_never_by_id() -> None:
    net = FlowNetwork({"region:mekong": ("Mekong river region", "Region"), "CHN": ("China", "Country")},
                      [FlowEdge("CHN", "region:mekong", coverage="regional", figures="UNODC GLOTIP: at least 5",
                                binds="COMMIT MoU (regional, since 2004-10-29)", victims_counted=5)])
    page = render_network(net).html
    nodes = {n["id"]: n for n in _data_of(page, "nodes")}
    assert "region:" not in nodes["region:mekong"]["title"] and nodes["region:mekong"]["label"] == "Mekong river region"
    edge = _data_of(page, "edges")[0]
    assert "region:" not in edge["title"] and "China → Mekong river region" in edge["title"]
    assert "COMMIT MoU (regional, since 2004-10-29)" in edge["title"] and "at least 5" in edge["title"]


def test_labels_are_spread_until_none_overlaps() -> None:
    names = {f"N{i}": f"Country number {i}" for i in range(30)}
    pos = {n: (float(i % 3), float(i // 10)) for i, n in enumerate(names)}  # nearly on top of each other
    out = spread_labels(pos, names)
    boxes = [(x - len(names[n]) * 18 * 0.3 - 8, y - 22, x + len(names[n]) * 18 * 0.3 + 8, y + 22)
             for n, (x, y) in out.items()]
    overlaps = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1)
    assert overlaps == 0


def test_legend_names_every_coverage_level_with_its_dash() -> None:
    legend = legend_html()
    for level in LEVELS:
        assert level in legend and COVERAGE_COLOURS[level] in legend
    assert "repeating-linear-gradient" in legend  # dashed levels show their dash pattern
    assert external_resources(legend) == []


# --------------------------------------------------------------------------- route map


def _layer(spec: dict, name: str) -> dict:
    return next(layer for layer in spec["layer"] if layer.get("name") == name)


def test_route_map_draws_land_from_the_shipped_outlines_and_lists_the_unplaced() -> None:
    pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.3)}.get
    m = route_map(
        [FlowEdge("CHN", "FRA", coverage="none"), FlowEdge("CHN", "region:european-countries")],
        {"CHN": "China"},
        pos,
    )
    assert m.drawn == 1 and m.unplaced == ["region:european-countries"]
    land = _layer(m.spec, "land")
    assert land["data"]["format"] == {"type": "topojson", "feature": "land"}
    assert len(land["data"]["values"]["arcs"]) > 100  # Natural Earth outlines, as values
    text = json.dumps(m.spec)
    assert '"url"' not in text and external_resources(text) == []


def test_route_map_lines_go_the_short_way_and_never_across_the_globe() -> None:
    pos = {"CHN": (39.9, 116.4), "TON": (-21.1, -175.2), "FRA": (48.9, 2.3)}.get
    m = route_map([FlowEdge("CHN", "TON", coverage="multilateral"), FlowEdge("CHN", "FRA", coverage="none")], {}, pos)
    points = m.spec["datasets"]["route_points"]
    segs: dict[str, list] = {}
    for p in points:
        segs.setdefault(p["seg"], []).append(p)
    tonga = [s for s in segs.values() if s[0]["rid"] == 0]
    assert len(tonga) == 2  # split at the antimeridian
    for seg in segs.values():
        lons = [p["lon"] for p in sorted(seg, key=lambda p: p["order"])]
        assert all(abs(a - b) < 30 for a, b in zip(lons, lons[1:]))
        assert max(lons) - min(lons) < 180


def test_route_map_colours_dashes_and_sizes_lines_as_the_network() -> None:
    pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.3)}.get
    m = route_map([FlowEdge("CHN", "FRA", coverage="multilateral", victims_counted=639)], {}, pos)
    routes = _layer(m.spec, "routes")
    colour, dash = routes["encoding"]["color"]["scale"], routes["encoding"]["strokeDash"]["scale"]
    assert colour == {"domain": ["multilateral"], "range": [COVERAGE_COLOURS["multilateral"]]}
    assert dash["range"] == [COVERAGE_DASHES["multilateral"]]
    assert m.spec["datasets"]["route_info"][0]["width"] == round(edge_width("multilateral", 639) * 0.5, 2)


def test_map_labels_never_collide_hong_kong_and_macau() -> None:
    hkg, mac = (22.28, 114.17), (22.2, 113.55)
    placed, left_out = place_labels([("HKG", *_pixels(*hkg, MAP_WIDTH, MAP_HEIGHT), "HKG"),
                                     ("MAC", *_pixels(*mac, MAP_WIDTH, MAP_HEIGHT), "MAC")])
    assert set(placed) | set(left_out) == {"HKG", "MAC"} and placed["HKG"] != placed.get("MAC")
    m = route_map([FlowEdge("CHN", "HKG"), FlowEdge("CHN", "MAC")], {}, {"CHN": (39.9, 116.4), "HKG": hkg,
                                                                           "MAC": mac}.get)
    labels = [(p["label"], p["place"]) for p in m.spec["datasets"]["endpoints"] if p["label"]]
    assert "HKG" in dict(labels) and len(labels) == len({lbl for lbl, _ in labels})


def test_route_map_can_fill_countries_by_tip_tier() -> None:
    pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.3)}.get
    m = route_map([FlowEdge("CHN", "FRA")], {}, pos, tiers={"CHN": "Tier 3", "FRA": "Tier 1"}, tier_year=2013)
    countries = _layer(m.spec, "countries")
    by_name = {g["properties"]["name"]: g["properties"]["tier"]
               for g in countries["data"]["values"]["objects"]["countries"]["geometries"]}
    assert by_name["China"] == "Tier 3" and by_name["France"] == "Tier 1" and by_name["Brazil"] == "not ranked"
    assert countries["encoding"]["color"]["title"] == "US TIP tier 2013"
    assert m.spec["resolve"] == {"scale": {"color": "independent"}}


# --------------------------------------------------------------------------- tables and passages

_CORR = [
    {"dataset": "source:unodc-glotip-2025", "victims": 1686, "suppressed_cells": 2, "years": [2007, 2022],
     "by_year": []},
    {"dataset": "source:ctdc-global-2020", "victims": 23, "suppressed_cells": 0, "years": [2017, 2018],
     "by_year": []},
]
_NAMES = {"CHN": "China", "USA": "United States", "source:unodc-glotip-2025": "UNODC GLOTIP",
          "source:ctdc-global-2020": "IOM CTDC", "region:x": IMG}


def test_tables_keep_text_as_text_and_csv_neutralises_formulas() -> None:
    gaps = [{"source": "CHN", "destination": "region:x", "coverage": "none", "instruments": [],
             "explanation": "No instrument binds both sides.", "weight": {"victims": 0, "evidence": 2},
             "corroboration": [], "evidence": [{"source": "s", "quote": "=HYPERLINK(\"http://e\")", "locator": SCRIPT}]}]
    df = gaps_frame(gaps, _NAMES)
    assert df.loc[0, "destination"] == IMG
    assert df.loc[0, "locator"] == SCRIPT
    csv = csv_bytes(df).decode()
    assert "'=HYPERLINK" in csv and IMG in csv


def test_data_sets_that_overlap_are_side_by_side_and_never_added() -> None:
    route = {"source": "CHN", "destination": "USA", "hops": ["CHN", "USA"], "exploitation": [], "victims": [],
             "evidence": [], "corroboration": _CORR, "coverage": "multilateral", "instruments": [],
             "weight": {"victims": 1686, "evidence": 0}, "link": None, "internal": False, "legs": []}
    row = routes_frame([route], _NAMES).to_dict("records")[0]
    assert row["UNODC GLOTIP"] == "2007–2022: 1,686 (+2 cells <5)"
    assert row["IOM CTDC"] == "2017–2018: 23"
    assert row["victims counted"] == 1686 != 1686 + 23
    assert "1,709" not in json.dumps(row) and "1709" not in json.dumps(row)
    assert figures_text(_CORR, _NAMES) == (
        "UNODC GLOTIP 2007–2022: 1,686 (+2 cells <5) · IOM CTDC 2017–2018: 23")


def test_routes_frame_shows_the_route_answers_own_figures_first() -> None:
    r = {"source": "A", "destination": "C", "hops": ["A", "B", "C"], "exploitation": ["forced_labour"],
         "victims": [], "evidence": [], "corroboration": [], "coverage": "none", "instruments": [],
         "weight": {"victims": 0, "evidence": 3}, "link": "same_victims", "legs": [], "internal": False}
    df = routes_frame([r], {})
    assert list(df.columns[:4]) == ["route", "coverage", "victims counted", "evidence items"]
    row = df.to_dict("records")[0]
    assert (row["coverage"], row["evidence items"], row["legs linked by"]) == ("none", 3, "same victims on both legs")
    assert row["exploitation"] == "forced labour"


def test_instruments_are_named_with_their_since_dates() -> None:
    assert binds_text([{"id": "a", "title": "UN Trafficking in Persons Protocol", "kind": "multilateral",
                        "level": "multilateral", "since": "2010-03-10"}]) == (
        "UN Trafficking in Persons Protocol (multilateral, since 2010-03-10)")


def test_contacts_hide_empty_columns() -> None:
    e = {"id": "expert:x", "name": "Marcus Wein", "title": None, "role": "Police", "agency": "agency:german-police",
         "country": "DEU", "contact_note": None, "evidence": [{"source": "s", "quote": "q", "locator": "¶1"}]}
    df = experts_frame([e], {"agency:german-police": "German Police", "DEU": "Germany"})
    assert list(df.columns) == ["name", "country", "role", "agency", "what the source says", "where"]
    assert df.loc[0, "agency"] == "German Police"
    assert list(drop_empty(df).columns) == list(df.columns)


def test_top_endpoints_and_the_matrix_use_each_routes_own_coverage() -> None:
    def r(a: str, b: str, v: int, cov: str) -> dict:
        return {"source": a, "destination": b, "hops": [a, b], "coverage": cov, "weight": {"victims": v, "evidence": 0}}

    routes = [r("CHN", "USA", 1686, "multilateral"), r("MEX", "USA", 6952, "multilateral"), r("CHN", "FRA", 1, "none"),
              r("CHN", "CHN", 5, "internal")]
    top = top_endpoints(routes, 3)
    assert top == ["USA", "MEX", "CHN"]
    m = coverage_matrix(routes, {"CHN": "China", "USA": "United States", "MEX": "Mexico"}, top)
    assert m.loc["China", "United States"] == "multilateral" and m.loc["Mexico", "China"] == ""
    assert m.loc["China", "China"] == "internal"
    spec = coverage_heatmap(routes, {}, top)
    assert len(spec["datasets"]["cells"]) == 3 and spec["encoding"]["x"]["sort"] == ["USA", "MEX", "CHN"]


def test_markdown_escape_shows_the_same_characters() -> None:
    text = f"![t](http://e/x.png) [a]({JS}) :red[b] **c** {SCRIPT}"
    escaped = md_escape(text)
    assert "](" not in escaped and ":red[" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == text


def test_every_seed_quote_is_found_in_its_paragraph() -> None:
    store = seeded_memory_store()
    sources = {s["id"]: s for s in store.nodes("Source")}
    items = store.search_evidence("", limit=10_000)
    assert len(items) > 100
    for e in items:
        src = sources[e["source"]]
        text = read_source_text(SEED_DIR, src.get("path"), src.get("excerpt"))
        p = find_passage(text, e["quote"])
        assert p.found, (e["fact"], e["quote"])
        assert p.match.casefold() == " ".join(e["quote"].split()).casefold()


def test_highlighted_passage_escapes_every_piece() -> None:
    text = f"Intro.\n\nBefore {IMG} the {SCRIPT} quote & after {JS}.\n\nOutro."
    p = find_passage(text, f"the {SCRIPT} quote")
    out = passage_html(p)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    assert out.count("<mark>") == 1
    page = passages_html(
        [{"source": "s", "quote": "quote", "locator": f"<b>{JS}</b>"}],
        {"s": {"title": SCRIPT, "excerpt": text}},
        Path("/nonexistent"),
    )
    assert "<script>" not in page and "<b>javascript" not in page


def test_source_text_never_leaves_the_seed_folder(tmp_path: Path) -> None:
    (tmp_path / "seed").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "seed" / "doc.md").write_text("public")
    assert read_source_text(tmp_path / "seed", "doc.md") == "public"
    assert read_source_text(tmp_path / "seed", "../secret.txt") is None
    assert read_source_text(tmp_path / "seed", str(tmp_path / "secret.txt"), "excerpt") == "excerpt"


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize(
    ("value", "span", "precise"),
    [("2014", ("2014-01-01", "2014-12-31"), False), ("2016-02", ("2016-02-01", "2016-02-29"), False),
     ("2009-11/2016", ("2009-11-01", "2016-12-31"), False), ("2018-01-16", ("2018-01-16", "2018-01-16"), True)],
)
def test_date_marks_keep_the_precision_of_the_source(value: str, span: tuple[str, str], precise: bool) -> None:
    m = date_marks(value)
    assert m and (m.start.isoformat(), m.end.isoformat(), m.precise) == (*span, precise)


def test_instruments_timeline_draws_windows_and_partial_dates_as_uncertainty() -> None:
    store = seeded_memory_store()
    agreements = store.agreements()
    df = instruments_frame_marks(agreements, date(2026, 1, 1), store.names())
    windows = df[df["when"].str.startswith("between")]
    assert len(windows) >= 3 and set(windows["precision"]) == {"known only to the month, year or a window"}
    assert not (df[df["row"].str.startswith("China–Cambodia")]["precision"] == "span").any()
    exact = df[df["precision"] == "exact day"]
    assert all(len(d) == 10 for d in exact["start"])  # only full dates are drawn as a day
    spec = instruments_timeline(agreements, date(2026, 1, 1), store.names())
    assert spec is not None and external_resources(json.dumps(spec)) == [] and '"url"' not in json.dumps(spec)


def test_consent_timeline_bars_run_from_the_day_bound_and_partial_starts_stay_uncertain() -> None:
    a = {"id": "agreement:x", "title": "X", "kind": "regional", "status": "signed", "parties": ["KHM", "BRN"],
         "date": "2015-11", "in_force": "2017-03", "status_history": [], "evidence": [],
         "terms": [{"party": "KHM", "since": "2017-03", "until": None, "signed": None, "consent": None,
                    "consent_type": "ratification", "bound": True, "locator": "¶2"},
                   {"party": "BRN", "since": None, "until": None, "signed": "2015-11", "consent": None,
                    "consent_type": None, "bound": False, "locator": "¶5"}]}
    spec = consent_timeline(a, {"KHM": "Cambodia", "BRN": "Brunei"}, date(2020, 1, 1))
    assert spec is not None
    marks = spec["datasets"]["consent"]
    khm = [m for m in marks if m["row"] == "Cambodia"]
    assert [(m["start"], m["end"], m["precision"]) for m in khm] == [
        ("2017-03-01", "2017-03-31", "known only to the month, year or a window"),
        ("2017-03-31", "2020-01-01", "span"),
    ]
    brn = [m for m in marks if m["row"] == "Brunei"]
    assert [(m["key"], m["precision"]) for m in brn] == [("signed only", "known only to the month, year or a window")]


# --------------------------------------------------------------------------- doctests


@pytest.mark.parametrize("name", ["network", "routemap", "tables", "passages", "charts", "state"])
def test_module_examples_run(name: str) -> None:
    """The Examples in the dashboard modules' docstrings (dashboard/ is not in testpaths:
    its view scripts must not be imported by doctest collection)."""
    import doctest
    import importlib

    module = importlib.import_module(f"ctgraph.dashboard.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
