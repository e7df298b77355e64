"""The Cypher console's result as a small network: an offline pyvis page (pure function).

The flow network of :mod:`dashboard.network` draws routes (coverage, forms of
exploitation, evidence) and does not fit an arbitrary query result, whose
nodes may be any label and whose relationships any type. This page follows
the same safety rules and reuses its offline helpers:

- vis-network is inlined and every external ``<script src>`` / ``<link href>``
  is removed (:func:`dashboard.network.strip_external_resources`);
- node and edge data reach the page only as JSON inside a script (jinja's
  ``tojson``), so no property can close the script tag;
- labels are drawn on a canvas as plain text and tooltips are plain-text
  strings that vis-network writes with ``innerText``; they are not
  HTML-escaped here (that would show ``&lt;``). pyvis' own
  ``generate_html`` switches to its "link tooltip" template (``innerHTML``)
  as soon as a title contains ``href``: it is never used, the template is
  rendered here with that mode off, as :mod:`dashboard.network` does.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

import networkx as nx
from pyvis.network import Network

from ctgraph.dashboard.network import NODE_STYLES, render_offline
from ctgraph.graph.console import ResultGraph

__all__ = ["ConsoleNetwork", "render_result_graph", "NODE_CAP"]

#: Most nodes drawn; a larger result is cut (and says so).
NODE_CAP = 300

_OTHER_STYLE = ("dot", "#9aa5b1")
_CONSTRUCT = "network = new vis.Network(container, data, options);"


@dataclass(frozen=True)
class ConsoleNetwork:
    """The page and how much of the result it shows."""

    html: str
    nodes_total: int
    nodes_shown: int
    edges_shown: int

    @property
    def truncated(self) -> bool:
        return self.nodes_shown < self.nodes_total


def _tooltip(head: str, props: dict[str, object]) -> str:
    lines = [head]
    for key, value in props.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        line = f"{key}: {text}"
        lines.append(textwrap.shorten(line, 200, placeholder=" …") if len(line) > 200 else line)
    return "\n".join(lines[:20])


def render_result_graph(graph: ResultGraph, *, node_cap: int = NODE_CAP, height_px: int = 520) -> ConsoleNetwork:
    """Self-contained HTML page of the nodes and relationships of a console result.

    Examples
    --------
    >>> from ctgraph.graph.console import GraphEdge, GraphNode
    >>> from ctgraph.dashboard.network import external_resources
    >>> g = ResultGraph({"1": GraphNode("1", "China", "Country", {"id": "CHN"}),
    ...                  "2": GraphNode("2", "<b>x</b>", "Flow", {})},
    ...                 {"r": GraphEdge("r", "2", "1", "FROM", {})})
    >>> view = render_result_graph(g)
    >>> view.nodes_shown, view.edges_shown, external_resources(view.html), "<b>x</b>" in view.html
    (2, 1, [], False)
    """
    keys = list(graph.nodes)[: max(node_cap, 0)]
    keep = set(keys)
    edges = [e for e in graph.edges.values() if e.start in keep and e.end in keep]

    layout = nx.Graph()
    layout.add_nodes_from(keys)
    layout.add_edges_from((e.start, e.end) for e in edges if e.start != e.end)
    pos = nx.spring_layout(layout, seed=7, iterations=100) if keys else {}
    scale = 90.0 * max(len(keys), 1) ** 0.5

    g = Network(height=f"{height_px}px", width="100%", directed=True, cdn_resources="in_line", heading="")
    for k in keys:
        n = graph.nodes[k]
        shape, colour = NODE_STYLES.get(n.label, _OTHER_STYLE)
        x, y = pos.get(k, (0.0, 0.0))
        g.add_node(
            k,
            label=n.caption if len(n.caption) <= 40 else n.caption[:39] + "…",
            title=_tooltip(f"{n.caption} ({n.label})" if n.label else n.caption, n.properties),
            shape=shape,
            color=colour,
            x=float(x) * scale,
            y=float(y) * scale,
        )
    for e in edges:
        g.add_edge(e.start, e.end, title=_tooltip(e.type, e.properties), label=e.type, arrows="to")
    g.options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.1}},
        "nodes": {"font": {"face": "sans-serif", "size": 13}},
    }
    page = render_offline(g)
    if _CONSTRUCT not in page:  # pragma: no cover - a pyvis template change
        raise RuntimeError("pyvis template changed: cannot attach the network hook")
    page = page.replace(_CONSTRUCT, _CONSTRUCT + "\n window.ctgraphNetwork = network;", 1)
    return ConsoleNetwork(page, len(graph.nodes), len(keys), len(edges))
