"""Routes: the flow network (pyvis) and a route map, with filters."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.geo import endpoint_position
from dashboard.network import FlowNetwork, NetworkView, flow_network, legend_html, render_network
from dashboard.routemap import route_map
from dashboard.tables import COVERAGE_LEVELS, display_name, evidence_frame, md_escape, routes_frame, show_table

#: Without a chosen endpoint, chains are limited to this many hops.
WHOLE_GRAPH_HOPS = 2

conn = state.connect()
names = state.endpoint_names(conn)
st.title("Routes")
st.caption("Where victims move: documented flows between countries, regions and places.")

coverage, all_routes = state.pair_coverages(conn)
if not state.show_state(all_routes, what="routes", empty="No flows are loaded: run `ctgraph load`."):
    st.stop()

pairs = {(r["source"], r["destination"]): r for r in all_routes.rows}
endpoints = sorted({e for p in pairs for e in p}, key=lambda e: display_name(e, names).casefold())
forms = sorted({x for r in all_routes.rows for x in r["exploitation"]})
profiles = sorted({x for r in all_routes.rows for x in r["victims"]}, key=str.casefold)

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 1])
    country = c1.selectbox(
        "Country, region or place",
        endpoints,
        index=None,
        placeholder="All endpoints",
        format_func=lambda e: display_name(e, names),
        key="routes-country",
    )
    direction = c2.radio(
        "Direction", ["both", "from", "to"], horizontal=True, key="routes-direction",
        help="Routes leaving (from), reaching (to) or either (both) the chosen endpoint",
        disabled=country is None,
    )
    max_hops = c3.slider("Max hops", 1, 4, 1, key="routes-hops", help="Chain up to this many flows")
    c4, c5, c6 = st.columns([1, 1, 2])
    form = c4.selectbox("Exploitation form", forms, index=None, placeholder="Any form", key="routes-form")
    profile = c5.selectbox("Victim profile", profiles, index=None, placeholder="Any profile", key="routes-profile")
    levels = c6.multiselect(
        "Coverage level", COVERAGE_LEVELS, default=COVERAGE_LEVELS, key="routes-coverage",
        help="Weakest cooperation coverage along the route",
    )

if country is None and max_hops > WHOLE_GRAPH_HOPS:
    st.warning(
        f"Routes of more than {WHOLE_GRAPH_HOPS} hops are chained from one endpoint only (over the whole "
        f"graph they grow combinatorially): showing up to {WHOLE_GRAPH_HOPS} hops. Choose a country, "
        "region or place for longer chains.",
        icon="✂️",
    )
    max_hops = WHOLE_GRAPH_HOPS
# The network and map draw every matching route (the node cap bounds them); the
# tables show at most the row limit.
whole = state.LOOKUP_LIMIT
if country is None:
    parts = [state.query(conn, "routes", exploitation=form, max_hops=max_hops, limit=whole)]
else:
    parts = []
    if direction in ("both", "from"):
        parts.append(state.query(conn, "routes", origin=country, exploitation=form, max_hops=max_hops, limit=whole))
    if direction in ("both", "to"):
        parts.append(state.query(conn, "routes", destination=country, exploitation=form, max_hops=max_hops, limit=whole))
failed = next((p for p in parts if p.status in (state.Status.ERROR, state.Status.TIMEOUT)), None)
if failed is not None:
    state.show_state(failed, what="routes", empty="", narrow="Choose an endpoint, an exploitation form or fewer hops.")
    st.stop()

seen: dict[tuple[str, ...], dict] = {}
for p in parts:
    for r in p.rows:
        seen.setdefault(tuple(r["hops"]), r)
order = {lvl: i for i, lvl in enumerate(COVERAGE_LEVELS)}


def weakest(r: dict) -> str:
    hops = r["hops"]
    covs = [coverage.get((a, b), "unknown") for a, b in zip(hops, hops[1:])]
    return max(covs, key=lambda c: order.get(c, -1)) if covs else "unknown"


rows = sorted(
    (r for r in seen.values() if (profile is None or profile in r["victims"]) and weakest(r) in set(levels)),
    key=lambda r: (len(r["hops"]), r["hops"]),
)
if not rows:
    st.info(
        "No routes match these filters. Clear the exploitation form or victim profile, add coverage "
        "levels or choose another endpoint.",
        icon="ℹ️",
    )
    st.stop()

st.caption(f"{len(rows):,} route(s) over {len({h for r in rows for h in r['hops']}):,} endpoint(s).")
net = flow_network(rows, pairs, coverage, names)


@st.cache_data(show_spinner="Laying out the network…", max_entries=16)
def _render(net: FlowNetwork, cap: int) -> NetworkView:
    return render_network(net, node_cap=cap)


tab_net, tab_map, tab_table = st.tabs(["Network", "Route map", "Table"])
with tab_net:
    view = _render(net, conn.settings.ctgraph_node_cap)
    if view.truncated:
        st.warning(
            f"Truncated: showing the {view.nodes_shown:,} most connected of {view.nodes_total:,} endpoints "
            f"({view.edges_shown:,} of {view.edges_total:,} flows; cap CTGRAPH_NODE_CAP="
            f"{conn.settings.ctgraph_node_cap:,}). Narrow it by choosing a country, an exploitation form, "
            "a victim profile or fewer coverage levels, or raise CTGRAPH_NODE_CAP.",
            icon="✂️",
        )
    st.iframe(view.html, height=660)
    st.html(legend_html())
    st.caption("Drag to pan, scroll to zoom, hover a node or a line for details; click a node to highlight its neighbours.")
with tab_map:
    places = {p["id"]: p.get("country") for p in state.run_query(conn, "nodes", "Place", limit=state.LOOKUP_LIMIT).rows}
    regions = {r["id"]: list(r.get("candidates") or []) for r in state.run_query(conn, "nodes", "Region", limit=state.LOOKUP_LIMIT).rows}

    def position(e: str) -> tuple[float, float] | None:
        return endpoint_position(e, members=regions.get(e), country=places.get(e))

    rmap = route_map(net.edges, names, position)
    if rmap.drawn:
        st.altair_chart(rmap.chart, width="stretch")
    else:
        st.info("None of these routes joins two places with a known position.", icon="ℹ️")
    if rmap.unplaced:
        st.caption(
            "Not on the map (no single position; region-level endpoints are kept as the source words them): "
            + md_escape(", ".join(display_name(u, names) for u in rmap.unplaced))
        )
with tab_table:
    limit = conn.settings.ctgraph_row_limit
    table = state.QueryResult(
        state.Status.TRUNCATED if len(rows) > limit else state.Status.OK, rows[:limit], len(rows)
    )
    state.show_state(
        table, what="routes", empty="",
        narrow="Choose an endpoint, an exploitation form or fewer hops to list the rest.",
    )
    df = routes_frame(table.rows, names, coverage)
    show_table(df, key="routes", file_name="ctgraph-routes.csv")
    st.subheader("Evidence of the routes listed")
    show_table(
        evidence_frame(({"id": " → ".join(r["hops"]), "evidence": r["evidence"]} for r in table.rows), label="route"),
        key="routes-evidence",
        file_name="ctgraph-routes-evidence.csv",
    )
