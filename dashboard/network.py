"""The flow network as a self-contained, offline pyvis page (pure functions).

Nodes are route endpoints (countries, regions, places), labelled with their
names; edges are documented flows, in the colour, dash and base width of their
coverage level (:mod:`dashboard.palette`, the same as the web map and the deck),
drawn wider the more victims the largest data set counts on the pair. Nothing
here touches Streamlit, so the HTML can be tested on its own and rendered by
any view.

Safety and offline rules (DESIGN.md):

- vis-network and its CSS are inlined (``cdn_resources="in_line"``) and every
  remaining external ``<script src>``/``<link href>`` of pyvis' template
  (bootstrap, tom-select) is removed: the page loads nothing from outside.
- Node and edge data reach the page only as JSON inside a script (jinja's
  ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``), so no text from a source
  can close the script tag.
- Labels are drawn on a canvas as plain text and tooltips (``title``) are
  plain-text strings, which vis-network 9 writes with ``innerText``: neither is
  HTML-escaped here (that would show ``&lt;`` to the user). pyvis' "link
  tooltip" and "select menu" templates, which use ``innerHTML`` and unescaped
  ids, are never enabled.

Large graphs: above ``node_cap`` nodes the heaviest nodes are kept and the
result says so. The layout is precomputed in Python, one connected component
at a time (networkx' spring layout, or a sampled spring layout for components
above ``PRECOMPUTED_EXACT_MAX`` nodes), then labels are pushed apart until they
no longer overlap (:func:`spread_labels`, up to ``LABEL_SPREAD_MAX`` nodes), and
physics is off in the browser: the picture is interactive as soon as it is
drawn, with no stabilisation wait.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from pyvis.network import Network

from ctgraph.dashboard.palette import COVERAGE_COLOURS, COVERAGE_DASHES, COVERAGE_WIDTHS, LEVELS, UNKNOWN
from ctgraph.dashboard.tables import binds_text, figures_text
from ctgraph.graph import i18n
from ctgraph.graph.answers import Route
from ctgraph.graph.vocabulary import coverage_word, display_name, exploitation_label, id_kind

__all__ = [
    "NODE_STYLES",
    "PRECOMPUTED_EXACT_MAX",
    "LARGE_NETWORK",
    "LABEL_SPREAD_MAX",
    "FlowEdge",
    "FlowNetwork",
    "NetworkView",
    "flow_network",
    "edge_width",
    "spread_labels",
    "render_network",
    "strip_external_resources",
    "render_offline",
    "external_resources",
    "legend_html",
]

#: (shape, colour) of a node by label.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "Country": ("dot", "#4e79a7"),
    "Region": ("diamond", "#f28e2b"),
    "Place": ("triangle", "#59a14f"),
}

#: Components up to this size are laid out by networkx' exact spring layout;
#: larger ones (networkx would need scipy) by a sampled spring layout.
PRECOMPUTED_EXACT_MAX = 499

#: Above this many drawn nodes, edges are straight and hidden while dragging.
LARGE_NETWORK = 500

#: Up to this many drawn nodes, labels are pushed apart until none overlaps.
LABEL_SPREAD_MAX = 400

_TITLE_WIDTH = 80
_FONT_PX = 18


@dataclass(frozen=True)
class FlowEdge:
    """One directed endpoint pair as drawn: what flows, how well it is covered, how much."""

    source: str
    destination: str
    exploitation: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    coverage: str = UNKNOWN
    evidence: int = 0
    first_quote: str | None = None
    first_locator: str | None = None
    #: the language the first quote's source is written in (``Source.language``), where it says
    first_language: str | None = None
    #: the largest single data set's published count on the pair (0: no data set counts it)
    victims_counted: int = 0
    #: every data set's figure, side by side ("UNODC GLOTIP: at least 120 (2003–2022) · ...")
    figures: str = ""
    #: what binds both sides, with since-dates
    binds: str = ""


@dataclass(frozen=True)
class FlowNetwork:
    """Endpoints (id -> (name, label)) and the edges between them."""

    nodes: dict[str, tuple[str, str]]
    edges: list[FlowEdge]


@dataclass(frozen=True)
class NetworkView:
    """Rendered page plus what was left out."""

    html: str
    nodes_total: int
    nodes_shown: int
    edges_total: int
    edges_shown: int
    dropped: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.nodes_shown < self.nodes_total


def _label_of(endpoint: str) -> str:
    kind = id_kind(endpoint)
    return kind if kind in NODE_STYLES else "Country"


def _figures(route: Route, names: Mapping[str, str]) -> str:
    return figures_text(route.get("corroboration", []), names)


def _binds(instruments: Sequence[Any]) -> str:
    return binds_text(instruments)


def flow_network(
    routes: Iterable[Route], names: Mapping[str, str], languages: Mapping[str, str] | None = None
) -> FlowNetwork:
    """The network drawn for a set of routes (answers of ``store.routes``): one edge per leg.

    A one-leg route gives its edge its own coverage, figures and evidence; a leg
    of a longer route takes its coverage from the route's ``legs`` (and its
    figures from the one-leg route of the same pair, when that is drawn too).
    ``languages`` (source id -> language code) lets a tooltip name the language
    of a quote that is not in the reader's.

    Examples
    --------
    >>> r = {"source": "CHN", "destination": "FRA", "hops": ["CHN", "FRA"], "exploitation": ["sexual_exploitation"],
    ...      "victims": ["women"], "evidence": [{"source": "s", "quote": "q", "locator": "p1"}],
    ...      "coverage": "multilateral", "instruments": [], "corroboration": [], "weight": {"victims": 7, "evidence": 1},
    ...      "legs": [{"source": "CHN", "destination": "FRA", "coverage": "multilateral", "instruments": []}]}
    >>> net = flow_network([r], {"CHN": "China"})
    >>> net.nodes
    {'CHN': ('China', 'Country'), 'FRA': ('FRA', 'Country')}
    >>> net.edges[0].coverage, net.edges[0].evidence, net.edges[0].victims_counted
    ('multilateral', 1, 7)
    """
    routes = list(routes)
    one_leg = {(r["source"], r["destination"]): r for r in routes if len(r.get("hops") or [1, 2]) == 2}
    seen: dict[tuple[str, str], FlowEdge] = {}
    nodes: dict[str, tuple[str, str]] = {}
    for r in routes:
        hops = list(r.get("hops") or [r["source"], r["destination"]])
        legs = {(leg["source"], leg["destination"]): leg for leg in r.get("legs", [])}
        for a, b in zip(hops, hops[1:]):
            for n in (a, b):
                nodes.setdefault(n, (display_name(n, names), _label_of(n)))
            if (a, b) in seen:
                continue
            own = one_leg.get((a, b))
            src: Mapping[str, Any] = own if own is not None else r
            leg: Mapping[str, Any] = legs.get((a, b), {})
            ev = list(src.get("evidence", []))
            weight = src.get("weight") or {"victims": 0, "evidence": len(ev)}
            seen[(a, b)] = FlowEdge(
                source=a,
                destination=b,
                exploitation=tuple(src.get("exploitation", [])),
                victims=tuple(src.get("victims", [])),
                coverage=str(own["coverage"] if own is not None else leg.get("coverage", r.get("coverage", UNKNOWN))),
                evidence=int(weight["evidence"]),
                first_quote=str(ev[0]["quote"]) if ev else None,
                first_locator=str(ev[0]["locator"]) if ev else None,
                first_language=(languages or {}).get(str(ev[0]["source"])) if ev else None,
                victims_counted=int(weight["victims"]) if own is not None or len(hops) == 2 else 0,
                figures=_figures(own, names) if own is not None else "",
                binds=_binds(own["instruments"] if own is not None else leg.get("instruments", [])),
            )
    return FlowNetwork(nodes=nodes, edges=list(seen.values()))


def edge_width(coverage: str, victims_counted: int) -> float:
    """Line width: the coverage level's base width (:data:`dashboard.palette.COVERAGE_WIDTHS`),
    wider by the order of magnitude of the victims counted.

    Examples
    --------
    >>> edge_width("none", 0), edge_width("none", 99), edge_width("none", 9999)
    (2.0, 4.0, 6.0)
    """
    base = COVERAGE_WIDTHS.get(coverage, COVERAGE_WIDTHS[UNKNOWN])
    return round(base + math.log10(1 + max(victims_counted, 0)), 1)


def _wrap(text: str) -> str:
    if len(text) <= _TITLE_WIDTH:
        return text
    return "\n".join(textwrap.wrap(text, _TITLE_WIDTH, break_long_words=True)) or text


def _pretty(values: Iterable[str]) -> str:
    return i18n.list_text(exploitation_label(v) for v in values) or i18n._("not stated")


def _edge_title(e: FlowEdge, names: Mapping[str, tuple[str, str]]) -> str:
    """Plain-text tooltip of an edge (vis-network writes it with innerText), in the reader's
    language; names, victims as the source words them and the quote stay as written."""
    _ = i18n._
    a, b = names[e.source][0], names[e.destination][0]
    lines = [
        f"{a} → {b}",
        _("Coverage: {level}", level=coverage_word(e.coverage)),
        _wrap(_("What binds both sides: {instruments}", instruments=e.binds or _("nothing"))),
        _("Victims counted: {n} (largest data set)", n=f"{e.victims_counted:,}") if e.figures
        else _("Victims counted: no data set"),
    ]
    if e.figures:
        lines.append(_wrap(_("Data sets (never added): {figures}", figures=e.figures)))
    lines += [
        _wrap(_("Exploitation: {forms}", forms=_pretty(e.exploitation))),
        _wrap(_("Victims (as the source words them): {victims}",
                victims=i18n.list_text(e.victims) or _("not stated"))),
        i18n.ngettext("Evidence: {n} item", "Evidence: {n} items", e.evidence, n=e.evidence),
    ]
    if e.first_quote:
        quote = e.first_quote if len(e.first_quote) <= 240 else e.first_quote[:237] + "..."
        lines.append(_wrap(f"“{quote}” ({e.first_locator})"))
        original = i18n.original_language_note(e.first_quote, e.first_language)
        if original:  # the quote stays as its source wrote it
            lines.append(original)
    return "\n".join(lines)


#: What the tooltip of a node calls its kind.
_NODE_KINDS = {"Country": i18n.N_("country"), "Region": i18n.N_("region (as the source words it)"),
               "Place": i18n.N_("place")}


def _node_title(name: str, label: str, out_deg: int, in_deg: int) -> str:
    kind = i18n._(_NODE_KINDS[label]) if label in _NODE_KINDS else label
    return "\n".join([_wrap(name), i18n._("{kind} · {out} flow(s) out · {n} in", kind=kind, out=out_deg, n=in_deg)])


def _keep_heaviest(net: FlowNetwork, cap: int) -> tuple[set[str], list[str]]:
    """Ids of at most ``cap`` nodes with the heaviest edges (victims counted, then evidence)."""
    weight: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for e in net.edges:
        for n in (e.source, e.destination):
            v, ev = weight[n]
            weight[n] = (v + e.victims_counted, ev + 1 + e.evidence)
    order = sorted(net.nodes, key=lambda n: (-weight[n][0], -weight[n][1], n))
    return set(order[:cap]), order[cap:]


def _spiral(step: float, rings: int) -> list[tuple[float, float]]:
    """Offsets around a point, nearest first: the point, then rings of 8, 12, 16... spots."""
    out = [(0.0, 0.0)]
    for k in range(1, rings + 1):
        n = 4 + 4 * k
        out.extend((k * step * math.cos(2 * math.pi * a / n), k * step * 0.6 * math.sin(2 * math.pi * a / n))
                   for a in range(n))
    return out


def spread_labels(
    pos: Mapping[str, tuple[float, float]],
    labels: Mapping[str, str],
    *,
    font_px: float = _FONT_PX,
    order: Sequence[str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Move nodes the least needed so that no two labels (drawn under each node) overlap.

    Each node is a box as wide as its label and about two lines high. Nodes are
    placed one by one, most important first (``order``, default: as given): each
    keeps its spot when it is free, else takes the nearest free spot on rings
    around it. So the layout keeps its shape, and where it packs labels too
    tightly they move just far enough to be read.

    Examples
    --------
    >>> out = spread_labels({"HKG": (0.0, 0.0), "MAC": (3.0, 1.0)}, {"HKG": "Hong Kong", "MAC": "Macau"})
    >>> abs(out["HKG"][0] - out["MAC"][0]) >= 60 or abs(out["HKG"][1] - out["MAC"][1]) >= 40
    True
    """
    ids = [i for i in (order or pos) if i in pos]
    ids += [i for i in pos if i not in set(ids)]
    if len(ids) < 2:
        return dict(pos)
    half_h = (font_px * 1.6 + 22) / 2
    spots = np.array(_spiral(half_h, 60))
    px = np.empty(len(ids))
    py = np.empty(len(ids))
    pw = np.empty(len(ids))
    out: dict[str, tuple[float, float]] = {}
    for k, i in enumerate(ids):
        half_w = (max(len(labels.get(i, i)), 3) * font_px * 0.6 + 16) / 2
        x0, y0 = pos[i]
        bx, by, bw = px[:k], py[:k], pw[:k]
        if k:  # only the boxes near enough to matter
            near = (np.abs(bx - x0) < half_w + bw + 62 * half_h) & (np.abs(by - y0) < 64 * half_h)
            bx, by, bw = bx[near], by[near], bw[near]
        x, y = x0, y0
        for lo in range(0, len(spots), 128):  # nearest rings first: most nodes stop at the first chunk
            cx, cy = x0 + spots[lo:lo + 128, 0], y0 + spots[lo:lo + 128, 1]
            taken = ((np.abs(cx[:, None] - bx[None, :]) < half_w + bw[None, :])
                     & (np.abs(cy[:, None] - by[None, :]) < 2 * half_h)).any(1)
            if not taken.all():
                at = int(np.argmin(taken))
                x, y = float(cx[at]), float(cy[at])
                break
        else:
            x, y = float(x0 + spots[-1, 0]), float(y0 + spots[-1, 1])
        px[k], py[k], pw[k] = x, y, half_w
        out[i] = (x, y)
    return out


def _sampled_spring(
    nodes: list[str], edges: list[tuple[str, str]], seed: int, iterations: int = 90, sample: int = 32
) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold with repulsion from a random sample of nodes per step.

    O(n * sample) per iteration instead of O(n^2): a 2,000-node component takes
    about a second in numpy, where networkx needs scipy (not a dependency) and
    the dense algorithm takes tens of seconds. Coordinates are in [-1, 1]-ish.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    src = np.array([index[a] for a, _ in edges], dtype=np.int64)
    dst = np.array([index[b] for _, b in edges], dtype=np.int64)
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    golden = math.pi * (3 - math.sqrt(5))
    pos = np.stack([np.sqrt(i + 1) * np.cos(i * golden), np.sqrt(i + 1) * np.sin(i * golden)], 1)
    pos /= math.sqrt(n)
    k = 1.0 / math.sqrt(n)
    step = 0.1
    cool = step / (iterations + 1)
    boost = n / sample
    for _ in range(iterations):
        others = rng.integers(0, n, size=(n, sample))
        d = pos[:, None, :] - pos[others]
        d2 = np.maximum((d * d).sum(-1), 1e-9)
        disp = (d * (k * k / d2)[..., None]).sum(1) * boost
        e = pos[src] - pos[dst]
        dist = np.maximum(np.sqrt((e * e).sum(-1)), 1e-9)
        f = e * (dist / k)[:, None]
        np.add.at(disp, src, -f)
        np.add.at(disp, dst, f)
        disp -= pos * (0.05 * n * k)  # gentle gravity keeps loose nodes near
        length = np.maximum(np.sqrt((disp * disp).sum(-1)), 1e-12)
        pos += disp * (np.minimum(length, step) / length)[:, None]
        step -= cool
    pos -= pos.mean(0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {v: (float(pos[j, 0]), float(pos[j, 1])) for v, j in index.items()}


#: Width : height of the frame the network is drawn in (components are packed to fill it).
FRAME_ASPECT = 1.7


def _layout(nodes: list[str], edges: list[FlowEdge], seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout per connected component, components packed left to right
    in rows (largest first) filling a frame of :data:`FRAME_ASPECT`, so that small
    islands neither drift far away nor force the picture to zoom out."""
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from((e.source, e.destination) for e in edges if e.source != e.destination)
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    spacing = 110.0  # px between neighbouring nodes, roughly

    def radius_of(n: int) -> float:
        return spacing * 0.9 * math.sqrt(n) if n > 1 else 0.0

    sizes = [2 * radius_of(len(c)) + spacing for c in comps]
    row_width = max([math.sqrt(sum(x * x for x in sizes) * FRAME_ASPECT), *sizes, spacing])
    placed: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for comp, size in zip(comps, sizes):
        sub = G.subgraph(sorted(comp))
        radius = radius_of(len(sub))
        if len(sub) == 1:
            raw = {next(iter(sub)): (0.0, 0.0)}
        elif len(sub) <= PRECOMPUTED_EXACT_MAX:
            raw = {n: (float(p[0]), float(p[1])) for n, p in nx.spring_layout(sub, seed=seed, iterations=100).items()}
        else:
            raw = _sampled_spring(list(sub), list(sub.edges()), seed)
        if x0 > 0 and x0 + size > row_width * 1.05:
            x0, y0, row_height = 0.0, y0 + row_height, 0.0
        for n, (x, y) in raw.items():
            placed[n] = (x0 + size / 2 + x * radius, y0 + size / 2 + y * radius)
        x0 += size
        row_height = max(row_height, size)
    return placed


_EXTERNAL_TAG = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_ANY_EXTERNAL = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)\s*(?:https?:)?//[^"'\s>)]*["']?""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
# pyvis' template keeps a commented-out <link>/<script> to node_modules: drop it
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)


def strip_external_resources(page: str) -> str:
    """Remove every ``<script src=http...>`` and ``<link href=http...>`` tag.

    Examples
    --------
    >>> strip_external_resources('<link href="https://cdn/x.css" rel="stylesheet"/><b>ok</b>')
    '<b>ok</b>'
    """
    return _EXTERNAL_TAG.sub("", page)


def external_resources(page: str) -> list[str]:
    """Attributes, ``url()``s or ``@import``s in ``page`` that load from another host.

    Examples
    --------
    >>> external_resources('<img src="https://x/y.png"><a title="http://text">')
    ['src="https://x/y.png"']
    """
    return [m.group(0) for m in _ANY_EXTERNAL.finditer(page)]


_STYLE = """<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  div.vis-tooltip { font-family: inherit; font-size: 13px; white-space: pre-wrap; max-width: 520px; }
</style>
"""

_CONSTRUCT = "network = new vis.Network(container, data, options);"

# Runs in the same task as the constructor, before the first (animation-frame) draw.
_READY_HOOK = """
                  // ctgraph: when the network first finished drawing (tests, benchmark)
                  window.ctgraphNetwork = network;
                  network.once("afterDrawing", function () {
                      window.__ctgraphDrawnAt = performance.now();
                  });
"""

def render_network(
    net: FlowNetwork,
    *,
    node_cap: int = 2000,
    height_px: int = 640,
    seed: int = 7,
) -> NetworkView:
    """Self-contained HTML page of ``net`` (offline), at most ``node_cap`` nodes.

    Examples
    --------
    >>> net = FlowNetwork({"CHN": ("China", "Country"), "FRA": ("France", "Country")},
    ...                   [FlowEdge("CHN", "FRA", ("sexual_exploitation",), coverage="none")])
    >>> view = render_network(net)
    >>> view.nodes_shown, view.edges_shown, view.truncated, external_resources(view.html)
    (2, 1, False, [])
    """
    keep, dropped = _keep_heaviest(net, max(node_cap, 0))
    node_ids = [n for n in net.nodes if n in keep]
    edges = [e for e in net.edges if e.source in keep and e.destination in keep]

    out_deg: dict[str, int] = defaultdict(int)
    in_deg: dict[str, int] = defaultdict(int)
    for e in edges:
        out_deg[e.source] += 1
        in_deg[e.destination] += 1

    big = len(node_ids) > LARGE_NETWORK
    pos = _layout(node_ids, edges, seed)
    if len(node_ids) <= LABEL_SPREAD_MAX:
        weight: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for e in edges:
            for n in (e.source, e.destination):
                weight[n] = (weight[n][0] + e.victims_counted, weight[n][1] + 1)
        first = sorted(node_ids, key=lambda n: (-weight[n][0], -weight[n][1], n))
        pos = spread_labels(pos, {n: net.nodes[n][0] for n in node_ids}, order=first)

    g = Network(
        height=f"{height_px}px",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        neighborhood_highlight=not big,
        select_menu=False,
        filter_menu=False,
        heading="",
    )
    for n in node_ids:
        name, label = net.nodes[n]
        shape, colour = NODE_STYLES.get(label, NODE_STYLES["Country"])
        degree = out_deg[n] + in_deg[n]
        x, y = pos.get(n, (0.0, 0.0))
        g.add_node(
            n,
            label=name,
            title=_node_title(name, label, out_deg[n], in_deg[n]),
            shape=shape,
            color=colour,
            size=12 + min(degree, 20) * (1.0 if big else 1.5),
            x=x,
            y=y,
            font={"size": _FONT_PX, "strokeWidth": 3, "strokeColor": "#ffffff"},
        )
    for e in edges:
        dashes = COVERAGE_DASHES.get(e.coverage, COVERAGE_DASHES[UNKNOWN])
        g.add_edge(
            e.source,
            e.destination,
            title=_edge_title(e, net.nodes),
            color=COVERAGE_COLOURS.get(e.coverage, COVERAGE_COLOURS[UNKNOWN]),
            width=edge_width(e.coverage, e.victims_counted),
            # the palette's pattern at twice its size: the picture is drawn zoomed out to fit
            dashes=[2 * d for d in dashes] if dashes else False,
            arrows="to",
        )
    options: dict[str, Any] = {
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "edges": {
            "smooth": False if big else {"enabled": True, "type": "curvedCW", "roundness": 0.12},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        },
        "nodes": {"font": {"face": "sans-serif"}},
        # the layout is precomputed: no physics, no stabilisation wait in the browser
        "physics": {"enabled": False},
    }
    g.options = options  # a dict: pyvis serialises it with json.dumps

    page = render_offline(g, neighborhood_highlight=g.neighborhood_highlight)
    page = _EMPTY_HEADING.sub("", page)
    page = _DEAD_COMMENT.sub("", page)
    page = page.replace('class="card" style="width: 100%"', 'style="width: 100%"')
    page = page.replace("</head>", _STYLE + "</head>", 1)
    if _CONSTRUCT not in page:  # pragma: no cover - a pyvis template change
        raise RuntimeError("pyvis template changed: cannot attach the network hooks")
    page = page.replace(_CONSTRUCT, _CONSTRUCT + _READY_HOOK, 1)
    return NetworkView(
        html=page,
        nodes_total=len(net.nodes),
        nodes_shown=len(node_ids),
        edges_total=len(net.edges),
        edges_shown=len(edges),
        dropped=dropped,
    )


def render_offline(g: Any, *, neighborhood_highlight: bool = False) -> str:
    """The HTML page of a pyvis network with its settings fixed the safe way, for
    every network the dashboard draws (routes, the console's results): resources
    inline and every outside reference stripped (no CDN), no physics, and never
    the template features that write text unescaped (``tooltip_link`` writes
    titles with innerHTML, ``select_menu`` writes node ids)."""
    nodes, edges_js, _heading, height, width, options_js = g.get_network_data()
    page: str = g.templateEnv.get_template(g.path).render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges_js,
        heading="",
        options=options_js,
        # pyvis shows a progress overlay for >100 nodes with physics; layouts are precomputed
        physics_enabled=False,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor="#ffffff",
        conf=False,
        tooltip_link=False,  # never: that template writes titles with innerHTML
        neighborhood_highlight=neighborhood_highlight,
        select_menu=False,  # never: that template writes node ids unescaped
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    return strip_external_resources(page)


def legend_html() -> str:
    """Legend of the network's line colours and dashes (coverage, as on the map and
    in the deck), widths (victims counted) and node shapes, as HTML.

    Static text only (no data), escaped all the same.

    Examples
    --------
    >>> page = legend_html()
    >>> all(level in page for level in LEVELS)
    True
    """

    def line(level: str) -> str:
        colour = COVERAGE_COLOURS[level]
        dashes = COVERAGE_DASHES.get(level)
        width = max(2, round(COVERAGE_WIDTHS.get(level, 2.0)))
        if dashes:  # the dash pattern itself, as a repeating gradient (no SVG: st.html keeps styles)
            on, off = dashes[0], dashes[1]
            paint = f"repeating-linear-gradient(to right,{colour} 0 {on}px,transparent {on}px {on + off}px)"
        else:
            paint = colour
        return (
            '<span style="display:inline-flex;align-items:center;margin-right:14px">'
            f'<span style="width:34px;height:{width}px;background:{paint};display:inline-block;margin-right:6px">'
            f"</span>{html.escape(coverage_word(level))}</span>"
        )

    ENDPOINT_WORDS = {"Country": i18n._("country"), "Region": i18n._("region"), "Place": i18n._("place")}

    def node(label: str) -> str:
        shape, colour = NODE_STYLES[label]
        if shape == "triangle":
            mark = (f"width:0;height:0;border-left:6px solid transparent;border-right:6px solid transparent;"
                    f"border-bottom:11px solid {colour}")
        else:
            radius = "50%" if shape == "dot" else "0"
            rotate = "transform:rotate(45deg);" if shape == "diamond" else ""
            mark = f"width:10px;height:10px;background:{colour};border-radius:{radius};{rotate}"
        return (
            f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
            f'<span style="{mark};display:inline-block;margin-right:6px"></span>'
            f"{html.escape(ENDPOINT_WORDS.get(label, label.lower()))}</span>"
        )

    levels = "".join(line(k) for k in LEVELS)
    nodes = "".join(node(k) for k in NODE_STYLES)
    return (
        '<div style="font-size:0.85rem;line-height:1.9"><div>'
        + i18n._("<b>Coverage (line colour and dashes):</b> {levels}", levels=levels)
        + "</div><div>"
        + i18n._("<b>Line width:</b> the more victims the largest data set counts on the pair, the wider")
        + "</div><div>"
        + i18n._("<b>Endpoints:</b> {nodes}", nodes=nodes)
        + "</div></div>"
    )
