"""The flow network as a self-contained, offline pyvis page (pure functions).

Nodes are route endpoints (countries, regions, places); edges are documented
flows, coloured by exploitation form and drawn thicker/solid the stronger the
cooperation coverage of the pair. Nothing here touches Streamlit, so the HTML
can be tested on its own and rendered by any view.

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
above ``PRECOMPUTED_EXACT_MAX`` nodes), and physics is off in the browser: the
picture is interactive as soon as it is drawn, with no stabilisation wait.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
from pyvis.network import Network

__all__ = [
    "EXPLOITATION_COLOURS",
    "COVERAGE_STYLES",
    "NODE_STYLES",
    "PRECOMPUTED_EXACT_MAX",
    "LARGE_NETWORK",
    "FlowEdge",
    "FlowNetwork",
    "NetworkView",
    "flow_network",
    "render_network",
    "edge_colour",
    "strip_external_resources",
    "external_resources",
    "legend_html",
]

#: Colour of an edge by its (most specific) form of exploitation.
EXPLOITATION_COLOURS: dict[str, str] = {
    "sexual_exploitation": "#d62728",
    "forced_labour": "#1f77b4",
    "forced_marriage": "#9467bd",
    "begging": "#ff7f0e",
    "mixed": "#17becf",
    "other": "#8c564b",
    "unspecified": "#7f7f7f",
}

#: (width, dashes) of an edge by coverage: the weaker the cover, the thinner and
#: more broken the line. ``internal`` marks a flow inside one jurisdiction.
COVERAGE_STYLES: dict[str, tuple[float, bool | list[int]]] = {
    "bilateral": (5.0, False),
    "regional": (4.0, False),
    "multilateral": (3.0, False),
    "operational": (2.5, [2, 5]),
    "negotiating": (2.0, [10, 5]),
    "none": (1.5, [4, 8]),
    "internal": (1.5, False),
    "unknown": (1.5, [1, 6]),
}

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

_TITLE_WIDTH = 80


@dataclass(frozen=True)
class FlowEdge:
    """One directed endpoint pair as drawn: what flows, how well it is covered."""

    source: str
    destination: str
    exploitation: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    coverage: str = "unknown"
    evidence: int = 0
    first_quote: str | None = None
    first_locator: str | None = None


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
    if endpoint.startswith("region:"):
        return "Region"
    if endpoint.startswith("place:"):
        return "Place"
    return "Country"


def flow_network(
    routes: Iterable[Mapping[str, Any]],
    pairs: Mapping[tuple[str, str], Mapping[str, Any]],
    coverage: Mapping[tuple[str, str], str],
    names: Mapping[str, str],
) -> FlowNetwork:
    """The network drawn for a set of routes: one edge per hop pair.

    ``routes`` are route items as the store returns them (possibly multi-hop);
    ``pairs`` maps each one-hop pair to its one-hop route item (for the
    per-edge exploitation, victims and evidence); ``coverage`` maps a pair to
    its coverage level; ``names`` maps endpoint ids to display names.

    Examples
    --------
    >>> r = {"source": "CHN", "destination": "FRA", "hops": ["CHN", "FRA"],
    ...      "exploitation": ["sexual_exploitation"], "victims": ["women"],
    ...      "evidence": [{"source": "s", "quote": "q", "locator": "p1"}]}
    >>> net = flow_network([r], {("CHN", "FRA"): r}, {("CHN", "FRA"): "none"}, {"CHN": "China"})
    >>> net.nodes
    {'CHN': ('China', 'Country'), 'FRA': ('FRA', 'Country')}
    >>> net.edges[0].coverage, net.edges[0].evidence
    ('none', 1)
    """
    seen: dict[tuple[str, str], FlowEdge] = {}
    nodes: dict[str, tuple[str, str]] = {}
    for r in routes:
        hops = list(r.get("hops") or [r["source"], r["destination"]])
        for a, b in zip(hops, hops[1:]):
            for n in (a, b):
                nodes.setdefault(n, (str(names.get(n) or n), _label_of(n)))
            if (a, b) in seen:
                continue
            one = pairs.get((a, b), r if len(hops) == 2 else {})
            ev = list(one.get("evidence", []))
            seen[(a, b)] = FlowEdge(
                source=a,
                destination=b,
                exploitation=tuple(one.get("exploitation", [])),
                victims=tuple(one.get("victims", [])),
                coverage=coverage.get((a, b), "unknown"),
                evidence=len(ev),
                first_quote=str(ev[0]["quote"]) if ev else None,
                first_locator=str(ev[0]["locator"]) if ev else None,
            )
    return FlowNetwork(nodes=nodes, edges=list(seen.values()))


def edge_colour(exploitation: Iterable[str]) -> str:
    """Colour for a set of exploitation forms: the specific form, else mixed/unspecified.

    Examples
    --------
    >>> edge_colour(["sexual_exploitation", "unspecified"]) == EXPLOITATION_COLOURS["sexual_exploitation"]
    True
    >>> edge_colour(["forced_labour", "begging"]) == EXPLOITATION_COLOURS["mixed"]
    True
    """
    specific = sorted({e for e in exploitation if e != "unspecified"})
    if not specific:
        return EXPLOITATION_COLOURS["unspecified"]
    if len(specific) > 1:
        return EXPLOITATION_COLOURS["mixed"]
    return EXPLOITATION_COLOURS.get(specific[0], EXPLOITATION_COLOURS["other"])


def _wrap(text: str) -> str:
    if len(text) <= _TITLE_WIDTH:
        return text
    return "\n".join(textwrap.wrap(text, _TITLE_WIDTH, break_long_words=True)) or text


def _pretty(values: Iterable[str]) -> str:
    return ", ".join(v.replace("_", " ") for v in values) or "not stated"


def _edge_title(e: FlowEdge, names: Mapping[str, tuple[str, str]]) -> str:
    """Plain-text tooltip of an edge (vis-network writes it with innerText)."""
    a, b = names[e.source][0], names[e.destination][0]
    lines = [
        f"{a} → {b}",
        _wrap(f"Exploitation: {_pretty(e.exploitation)}"),
        _wrap(f"Victims: {_pretty(e.victims)}"),
        f"Coverage: {e.coverage}",
        f"Evidence: {e.evidence} item{'s' if e.evidence != 1 else ''}",
    ]
    if e.first_quote:
        quote = e.first_quote if len(e.first_quote) <= 240 else e.first_quote[:237] + "..."
        lines.append(_wrap(f"“{quote}” ({e.first_locator})"))
    return "\n".join(lines)


def _node_title(n: str, name: str, label: str, out_deg: int, in_deg: int) -> str:
    head = name if name == n else f"{name} ({n})"
    return "\n".join([_wrap(head), f"{label} · {out_deg} flow(s) out · {in_deg} in"])


def _keep_heaviest(net: FlowNetwork, cap: int) -> tuple[set[str], list[str]]:
    """Ids of at most ``cap`` nodes with the most evidence-weighted edges."""
    weight: dict[str, int] = defaultdict(int)
    for e in net.edges:
        w = 1 + e.evidence
        weight[e.source] += w
        weight[e.destination] += w
    order = sorted(net.nodes, key=lambda n: (-weight[n], n))
    return set(order[:cap]), order[cap:]


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


def _layout(nodes: list[str], edges: list[FlowEdge], seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout per connected component, components packed left to right
    in rows (largest first), so that small islands do not drift far away."""
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from((e.source, e.destination) for e in edges if e.source != e.destination)
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    spacing = 110.0  # px between neighbouring nodes, roughly
    placed: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    row_width = spacing * 4 * math.sqrt(max(len(G), 1))
    for comp in comps:
        sub = G.subgraph(sorted(comp))
        radius = spacing * 0.9 * math.sqrt(len(sub)) if len(sub) > 1 else 0.0
        if len(sub) == 1:
            raw = {next(iter(sub)): (0.0, 0.0)}
        elif len(sub) <= PRECOMPUTED_EXACT_MAX:
            raw = {n: (float(p[0]), float(p[1])) for n, p in nx.spring_layout(sub, seed=seed, iterations=100).items()}
        else:
            raw = _sampled_spring(list(sub), list(sub.edges()), seed)
        size = 2 * radius + spacing
        if x0 > 0 and x0 + size > row_width:
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
            title=_node_title(n, name, label, out_deg[n], in_deg[n]),
            shape=shape,
            color=colour,
            size=10 + min(degree, 20) * (1.0 if big else 1.5),
            x=x,
            y=y,
            font={"size": 14},
        )
    for e in edges:
        width, dashes = COVERAGE_STYLES.get(e.coverage, COVERAGE_STYLES["unknown"])
        g.add_edge(
            e.source,
            e.destination,
            title=_edge_title(e, net.nodes),
            color=edge_colour(e.exploitation),
            width=width,
            dashes=dashes,
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

    nodes, edges_js, heading, height, width, options_js = g.get_network_data()
    template = g.templateEnv.get_template(g.path)
    page = template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges_js,
        heading="",
        options=options_js,
        # pyvis shows a progress overlay for >100 nodes with physics; we draw it ourselves
        physics_enabled=False,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor="#ffffff",
        conf=False,
        tooltip_link=False,  # never: that template writes titles with innerHTML
        neighborhood_highlight=g.neighborhood_highlight,
        select_menu=False,  # never: that template writes node ids unescaped
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    page = strip_external_resources(page)
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


def legend_html() -> str:
    """Legend of the network's colours (exploitation) and line styles (coverage), as HTML.

    Static text only (no data), escaped all the same.
    """
    def swatch(colour: str, text: str) -> str:
        return (
            f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
            f'<span style="width:22px;height:4px;background:{colour};display:inline-block;margin-right:6px"></span>'
            f"{html.escape(text)}</span>"
        )

    def line(level: str) -> str:
        width, dashes = COVERAGE_STYLES[level]
        style = "solid" if dashes is False else "dashed"
        return (
            f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
            f'<span style="width:26px;border-top:{max(1, round(width))}px {style} #555;display:inline-block;margin-right:6px"></span>'
            f"{html.escape(level)}</span>"
        )

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
            f"{html.escape(label)}</span>"
        )

    forms = "".join(swatch(c, k.replace("_", " ")) for k, c in EXPLOITATION_COLOURS.items())
    levels = "".join(line(k) for k in COVERAGE_STYLES if k != "unknown")
    nodes = "".join(node(k) for k in NODE_STYLES)
    return (
        '<div style="font-size:0.85rem;line-height:1.9">'
        f"<div><b>Exploitation (colour):</b> {forms}</div>"
        f"<div><b>Coverage (line):</b> {levels}</div>"
        f"<div><b>Endpoints:</b> {nodes}</div>"
        "</div>"
    )
