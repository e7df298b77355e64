"""Pure rendering of the dashboard: pyvis network, route map, tables, passages.

No Streamlit and no browser here; the browser tests (tests/test_browser.py)
prove the same properties in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.charts import agreements_timeline, coverage_heatmap, date_span, timeline_frame
from dashboard.network import (
    COVERAGE_STYLES,
    EXPLOITATION_COLOURS,
    FlowEdge,
    FlowNetwork,
    external_resources,
    flow_network,
    legend_html,
    render_network,
    strip_external_resources,
)
from dashboard.passages import find_passage, passage_html, passages_html, read_source_text
from dashboard.routemap import route_map
from dashboard.tables import (
    coverage_matrix,
    csv_bytes,
    gaps_frame,
    md_escape,
    routes_frame,
)
from ingest.seed import SEED_DIR
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
    pairs = {(r["source"], r["destination"]): r for r in routes}
    cov = {pair: r["coverage"] for pair, r in pairs.items()}
    names = {n["id"]: n["name"] for n in store.nodes("Country")}
    net = flow_network(routes, pairs, cov, names)
    assert len(net.edges) == len(routes)
    assert net.nodes["CHN"] == ("China", "Country")
    by_pair = {(e.source, e.destination): e for e in net.edges}
    assert by_pair[("CHN", "DEU")].coverage == "none"
    assert by_pair[("CHN", "ESP")].coverage == "operational"
    internal = [e for e in net.edges if e.coverage == "internal"]
    assert internal and all(e.destination == "CHN" or e.source == "CHN" for e in internal)


def test_multi_hop_routes_become_their_hop_edges() -> None:
    hop1 = {"source": "VNM", "destination": "CHN", "hops": ["VNM", "CHN"], "exploitation": ["forced_marriage"],
            "victims": ["women"], "evidence": []}
    hop2 = {"source": "CHN", "destination": "FRA", "hops": ["CHN", "FRA"], "exploitation": ["unspecified"],
            "victims": [], "evidence": []}
    two = {"source": "VNM", "destination": "FRA", "hops": ["VNM", "CHN", "FRA"],
           "exploitation": ["forced_marriage", "unspecified"], "victims": ["women"], "evidence": []}
    net = flow_network([two], {("VNM", "CHN"): hop1, ("CHN", "FRA"): hop2}, {}, {})
    assert [(e.source, e.destination, e.exploitation) for e in net.edges] == [
        ("VNM", "CHN", ("forced_marriage",)),
        ("CHN", "FRA", ("unspecified",)),
    ]


def test_legend_names_every_style() -> None:
    legend = legend_html()
    for key in EXPLOITATION_COLOURS:
        assert key.replace("_", " ") in legend
    for level in COVERAGE_STYLES:
        if level != "unknown":
            assert level in legend
    assert external_resources(legend) == []


# --------------------------------------------------------------------------- route map


def test_route_map_draws_placed_routes_and_lists_the_rest() -> None:
    pos = {"CHN": (39.9, 116.4), "FRA": (48.9, 2.3)}.get
    m = route_map(
        [FlowEdge("CHN", "FRA", coverage="none"), FlowEdge("CHN", "region:european-countries")],
        {"CHN": "China"},
        pos,
    )
    assert m.drawn == 1 and m.unplaced == ["region:european-countries"]
    spec = m.chart.to_dict()
    text = json.dumps(spec)
    # the globe and graticule are generated by Vega: no url data, no tiles
    assert '"url"' not in text
    assert "sphere" in text and "graticule" in text
    assert external_resources(text) == []


# --------------------------------------------------------------------------- tables and passages


def test_tables_keep_text_as_text_and_csv_neutralises_formulas() -> None:
    gaps = [{"source": "CHN", "destination": "region:x", "coverage": "none", "instruments": [], "weight": 2,
             "evidence": [{"source": "s", "quote": "=HYPERLINK(\"http://e\")", "locator": SCRIPT}]}]
    df = gaps_frame(gaps, {"region:x": IMG})
    assert df.loc[0, "destination"] == f"{IMG} (region:x)"
    assert df.loc[0, "locator"] == SCRIPT
    csv = csv_bytes(df).decode()
    assert "'=HYPERLINK" in csv and IMG in csv


def test_routes_frame_shows_the_coverage_the_route_answer_gives() -> None:
    r = {"source": "A", "destination": "C", "hops": ["A", "B", "C"], "exploitation": [], "victims": [],
         "evidence": [], "corroboration": [], "coverage": "none"}
    df = routes_frame([r], {}, {})
    assert df.loc[0, "coverage"] == "none" and df.loc[0, "hops"] == 2


def test_coverage_matrix_is_origin_by_destination() -> None:
    m = coverage_matrix({("CHN", "FRA"): "none", ("VNM", "CHN"): "regional"}, {"CHN": "China"})
    assert m.loc["China (CHN)", "FRA"] == "none"
    assert m.loc["VNM", "CHN"] == "regional"
    assert m.loc["VNM", "FRA"] == ""


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


def test_agreement_timeline_places_dated_instruments_and_lists_undated() -> None:
    store = seeded_memory_store()
    df, undated = timeline_frame(store.agreements(), {})
    assert len(df) + len(undated) == len(store.agreements())
    assert (df["end"] >= df["start"]).all()
    spec = json.dumps(agreements_timeline(df).to_dict())
    assert external_resources(spec) == [] and '"url"' not in spec


@pytest.mark.parametrize(
    ("value", "span"),
    [("2014", ("2014-01-01", "2014-12-31")), ("2016-02", ("2016-02-01", "2016-02-29")),
     ("2009-11/2016", ("2009-11-01", "2016-12-31")), ("2018-01-16", ("2018-01-16", "2018-01-16"))],
)
def test_date_span(value: str, span: tuple[str, str]) -> None:
    got = date_span(value)
    assert got and (got[0].isoformat(), got[1].isoformat()) == span


def test_coverage_heatmap_has_one_cell_per_pair() -> None:
    spec = coverage_heatmap({("CHN", "FRA"): "none", ("VNM", "CHN"): "regional"}, {}).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len(values) == 2


# --------------------------------------------------------------------------- doctests


@pytest.mark.parametrize("name", ["network", "routemap", "tables", "passages", "charts", "state"])
def test_module_examples_run(name: str) -> None:
    """The Examples in the dashboard modules' docstrings (dashboard/ is not in testpaths:
    its view scripts must not be imported by doctest collection)."""
    import doctest
    import importlib

    module = importlib.import_module(f"dashboard.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
