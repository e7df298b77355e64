"""Routes: the heaviest routes (or one endpoint's) as a network, a route map and a
table; onward connections on request; and whom to call about one route."""

from __future__ import annotations

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.geo import endpoint_position
from ctgraph.dashboard.links import ROUTE_LINK, country_md, with_route_links
from ctgraph.dashboard.network import flow_network, legend_html, render_network
from ctgraph.dashboard.routemap import route_map
from ctgraph.dashboard.tables import (
    COVERAGE_LEVELS,
    drop_empty,
    md_escape,
    onward_frame,
    route_label,
    routes_frame,
    show_table,
)
from ctgraph.dashboard.views.sections import evidence_expander, pair_coverage, route_brief, route_charts
from ctgraph.graph.analysis import rank
from ctgraph.graph.i18n import N_, _, list_text
from ctgraph.graph.vocabulary import (
    EXPLOITATION_FORMS,
    INTERNAL,
    coverage_word,
    display_name,
    exploitation_label,
    id_kind,
)

#: How many of the heaviest routes the network and the map draw unless asked for more.
DEFAULT_DRAWN = 25
SORTS = {"victims": N_("victims counted, then evidence"), "evidence": N_("evidence items, then victims"),
         "name": N_("name")}
DIRECTIONS = {"both": N_("both"), "from": N_("from"), "to": N_("to")}

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()
st.title(_("Routes"))
st.caption(
    _("Where victims move, as the sources state it: flows, and chains whose legs the sources link (a transit "
      "statement, the same victims). Coverage as of {when}.", when=state.as_of_words()) + " " + state.as_of_meaning()
)

everything = state.query(conn, "routes", as_of=as_of, limit=state.LOOKUP_LIMIT)
if not state.show_state(everything, what="routes", empty=_("No flows are loaded: run `ctgraph load`.")):
    st.stop()
endpoints = sorted({e for r in everything.rows for e in (r["source"], r["destination"])},
                   key=lambda e: (id_kind(e) != "Country", display_name(e, names).casefold()))
present = {x for r in everything.rows for x in r["exploitation"]}
forms = [f for f in EXPLOITATION_FORMS if f in present] + sorted(present - set(EXPLOITATION_FORMS))
profiles = sorted({x for r in everything.rows for x in r["victims"]}, key=str.casefold)


def _picker_label(e: str) -> str:
    return f"{display_name(e, names)} ({e})" if id_kind(e) == "Country" else display_name(e, names)


with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 1])
    # every choice below lives in the address (state.URL_PARAMS): a copied link opens the same view
    wanted, wanted_form, wanted_hops = state.recall("country"), state.recall("form"), state.recall("hops")
    directions, wanted_dir, wanted_sort = ["both", "from", "to"], state.recall("dir"), state.recall("sort")
    country = c1.selectbox(
        _("Country, region or place"), endpoints, index=endpoints.index(wanted) if wanted in endpoints else None,
        placeholder=_("All: the heaviest routes"), format_func=_picker_label, key="routes-country",
    )
    direction = c2.radio(
        _("Direction"), directions, index=directions.index(wanted_dir) if wanted_dir in directions else 0,
        horizontal=True, key="routes-direction", format_func=lambda d: _(DIRECTIONS[d]),
        help=_("Routes leaving (from), reaching (to) or either (both) the chosen endpoint"), disabled=country is None,
    )
    sort = c3.selectbox(_("Ranked by"), list(SORTS),
                        index=list(SORTS).index(wanted_sort) if wanted_sort in SORTS else 0,
                        format_func=lambda s: _(SORTS[s]), key="routes-sort",
                        help=_("Victims counted: the largest single data set's published count (data sets overlap, "
                               "so never added); evidence items: distinct text passages in the sources"))
    c4, c5, c6, c7 = st.columns([1, 1, 1, 1])
    form = c4.selectbox(_("Exploitation form"), forms,
                        index=forms.index(wanted_form) if wanted_form in forms else None,
                        placeholder=_("Any form"), format_func=exploitation_label, key="routes-form")
    profile = c5.selectbox(_("Victim profile"), profiles, index=None, placeholder=_("Any profile"),
                           key="routes-profile")
    max_hops = c6.slider(_("Max legs"), 1, 4, int(wanted_hops) if wanted_hops in ("1", "2", "3", "4") else 1,
                         key="routes-hops", help=_("Chains of up to this many flows, where the sources link the legs"))
    drawn_n = c7.slider(_("Routes drawn"), 5, 200, DEFAULT_DRAWN, step=5, key="routes-drawn",
                        help=_("How many of the heaviest routes the network and the map draw (the table lists all)"))
    levels = st.pills(
        _("Coverage"), COVERAGE_LEVELS, selection_mode="multi", default=COVERAGE_LEVELS, key="routes-coverage",
        format_func=coverage_word,
        help=_("Weakest coverage along the route; internal flows (one jurisdiction) are listed apart"),
    )

if country is not None or wanted in endpoints:  # a country the address names but this list lacks stays named
    state.remember("country", country)
state.remember("dir", None if direction == "both" else direction)
state.remember("sort", None if sort == "victims" else sort)
state.remember("form", form)
state.remember("hops", None if max_hops == 1 else str(max_hops))
asked = dict(exploitation=form, max_hops=max_hops, as_of=as_of, sort=sort)
if country is None:
    parts = [state.query(conn, "routes", **asked, limit=state.LOOKUP_LIMIT)]
else:
    parts = []
    if direction in ("both", "from"):
        parts.append(state.query(conn, "routes", origin=country, **asked, limit=state.LOOKUP_LIMIT))
    if direction in ("both", "to"):
        parts.append(state.query(conn, "routes", destination=country, **asked, limit=state.LOOKUP_LIMIT))
failed = next((p for p in parts if p.status in (state.Status.ERROR, state.Status.TIMEOUT)), None)
if failed is not None:
    state.show_state(failed, what="routes", empty="", narrow=_("Choose an endpoint, an exploitation form or fewer legs."))
    st.stop()

seen = {tuple(r["hops"]): r for p in parts for r in p.rows}
chosen = set(levels or [])
matching = [r for r in seen.values() if profile is None or profile in r["victims"]]
ranked = rank(matching, sort, names) if len(parts) > 1 else matching  # one answer is ranked already
cross = [r for r in ranked if not r["internal"] and r["coverage"] in chosen]
internal = [r for r in ranked if r["internal"]] if INTERNAL in chosen else []
if not cross and not internal:
    st.info(
        _("No routes match these filters. Clear the exploitation form or victim profile, add coverage "
          "levels or choose another endpoint."),
        icon="ℹ️",
    )
    st.stop()

drawn = cross[:drawn_n]
st.caption(
    (_("{n} cross-border route(s) of {country}, ranked by {order}.", n=f"{len(cross):,}",
       country=md_escape(display_name(country, names)), order=_(SORTS[sort])) if country else
     _("{n} cross-border route(s), ranked by {order}.", n=f"{len(cross):,}", order=_(SORTS[sort])))
    + " "
    + (_("The network and the map draw the {n} heaviest.", n=f"{len(drawn):,}") if len(drawn) == len(cross) else
       _("The network and the map draw the {n} heaviest (raise *Routes drawn* or choose an endpoint for others).",
         n=f"{len(drawn):,}"))
    + (" " + _("{n} internal flow(s) are listed apart.", n=f"{len(internal):,}") if internal else "")
)


def languages() -> dict[str, str]:
    """The language of each source that names one (a tooltip names a quote's language)."""
    found = state.run_query(conn, "nodes", "Source", limit=state.LOOKUP_LIMIT)
    return {str(s["id"]): str(s["language"]) for s in found.rows if s.get("language")}


#: everything the lists above depend on (besides the data version): renderings are made once per choice
choice = (country, direction, sort, form, profile, max_hops, tuple(sorted(chosen)), as_of)
net = state.derived(conn, "routes-network", (*choice, drawn_n), lambda: flow_network(drawn, names, languages()))


def one_route() -> None:
    """The route view: one route's coverage, its figures over time, both countries' profiles and whom to call.
    The route lives in the address (``route=CHN:FRA``), so a table's link or a copied address opens it."""
    st.subheader(_("One route: coverage and whom to call"))
    listed = cross[:200] or internal[:200]
    wanted_route = state.recall("route") or ""
    pair = tuple(wanted_route.split(":", 1)) if ":" in wanted_route else None
    if pair and not any((r["source"], r["destination"]) == pair for r in listed):
        listed = [r for r in everything.rows if (r["source"], r["destination"]) == pair][:1] + listed
    if not listed:
        return
    labels = {i: f"{i + 1}. {route_label(r, names)} ({coverage_word(r['coverage'])})" for i, r in enumerate(listed)}
    default = next((i for i, r in enumerate(listed) if (r["source"], r["destination"]) == pair), 0)
    pick = st.selectbox(_("Route"), list(labels), index=default, format_func=labels.__getitem__,
                        key=f"routes-pick-{country}-{direction}-{sort}-{form}-{max_hops}-{as_of}-{pair}")
    if pick is None:
        return
    chosen_route = listed[pick]
    if pair or pick != default:  # a route the address named, or one the user picked: the address keeps it
        state.remember("route", f"{chosen_route['source']}:{chosen_route['destination']}")
    st.markdown(_("Profiles: {origin} · {destination}", origin=country_md(chosen_route["source"], names),
                  destination=country_md(chosen_route["destination"], names)))
    pair_coverage(chosen_route, names, key="route")
    route_charts(chosen_route, names, key="route")
    route_brief(conn, names, chosen_route["source"], chosen_route["destination"], key="route-brief")


# opened on one route (a table's link, a copied address): the route view comes first, and stays first
route_first = st.session_state.setdefault("routes-route-first", bool(state.recall("route")))
if route_first:
    one_route()
    st.divider()

# lazy tabs: only the open tab's content is made and sent (a page of four full tabs took seconds to draw)
tab_net, tab_map, tab_table, tab_onward = st.tabs([_("Network"), _("Route map"), _("Table"), _("Onward connections")],
                                                  key="routes-tab", on_change="rerun")
if tab_net.open:
    with tab_net:
        if not drawn:
            st.info(_("No cross-border route matches: see the internal flows in the Table tab."), icon="ℹ️")
        else:
            cap = conn.settings.ctgraph_node_cap
            with st.spinner(_("Laying out the network…")):
                view = state.derived(conn, "routes-network-view", (*choice, drawn_n, cap),
                                     lambda: render_network(net, node_cap=cap))
            if view.truncated:
                st.warning(
                    _("Truncated: showing the {nodes} heaviest of {nodes_total} endpoints ({edges} of {edges_total} "
                      "flows; cap CTGRAPH_NODE_CAP={cap}). Narrow it by choosing a country, an exploitation form, "
                      "a victim profile or fewer coverage levels, or raise CTGRAPH_NODE_CAP.",
                      nodes=f"{view.nodes_shown:,}", nodes_total=f"{view.nodes_total:,}", edges=f"{view.edges_shown:,}",
                      edges_total=f"{view.edges_total:,}", cap=f"{conn.settings.ctgraph_node_cap:,}"),
                    icon="✂️",
                )
            st.iframe(view.html, height=660)
            st.html(legend_html())
            st.caption(_("Drag to pan, scroll to zoom, hover a node or a line for details; click a node to "
                         "highlight its neighbours."))
if tab_map.open:
    with tab_map:
        years, tier_nodes = state.tip_tiers(conn)
        m1, m2 = st.columns([1, 1])
        colouring = m1.radio(_("Colour countries by"), [N_("land only"), N_("US TIP tier")], horizontal=True,
                             key="routes-map-colour", format_func=_, disabled=not years,
                             help=_("US TIP report tiers (context, not coverage)") if years else
                             _("No US TIP tiers are loaded: ctgraph import tip-tiers FILE"))
        tier_year = m2.selectbox(_("TIP report year"), years, key="routes-map-year",
                                 disabled=colouring != "US TIP tier") if years else None
        places = {p["id"]: p.get("country") for p in state.run_query(conn, "nodes", "Place", limit=state.LOOKUP_LIMIT).rows}
        regions = {r["id"]: list(r.get("candidates") or [])
                   for r in state.run_query(conn, "nodes", "Region", limit=state.LOOKUP_LIMIT).rows}

        def position(e: str) -> tuple[float, float] | None:
            return endpoint_position(e, members=regions.get(e), country=places.get(e))

        tiers = None
        if colouring == "US TIP tier" and tier_year is not None:
            tiers = {c: t["tier_label"] for c, t in state.tiers_by_country(tier_nodes, int(tier_year)).items()}
        rmap = state.derived(conn, "routes-map", (*choice, drawn_n, colouring, tier_year),
                             lambda: route_map(net.edges, names, position, tiers=tiers, tier_year=tier_year))
        if rmap.drawn:
            st.vega_lite_chart(spec=rmap.spec, width="content", key="routes-map")
            st.caption(_("Lines run the short way round the globe, an arrowhead towards the destination; colour and "
                         "dashes: coverage (as in the network and the deck); width: victims counted. Scroll to zoom, "
                         "drag to pan, double-click to go back. Hover a point or a line for its names and figures.")
                       + (" " + _("Names that would cover another appear as you zoom in; their points keep the name.")
                          if rmap.labels_left_out else ""))
            europe = state.derived(conn, "routes-map-europe", (*choice, drawn_n, colouring, tier_year),
                                   lambda: route_map(net.edges, names, position, tiers=tiers, tier_year=tier_year,
                                                     view="europe", width=760, height=520))
            if europe.drawn:
                st.markdown(_("**Europe, closer**"))
                st.vega_lite_chart(spec=europe.spec, width="content", key="routes-map-europe")
        else:
            st.info(_("None of these routes joins two places with a known position."), icon="ℹ️")
        if rmap.unplaced:
            st.caption(_("Not on the map (no single position; region-level endpoints are kept as the source words "
                         "them): {endpoints}", endpoints=md_escape(list_text(display_name(u, names)
                                                                               for u in rmap.unplaced))))
if tab_table.open:
    with tab_table:
        limit = conn.settings.ctgraph_row_limit
        table = state.QueryResult(state.Status.TRUNCATED if len(cross) > limit else state.Status.OK, cross[:limit],
                                  len(cross))
        st.caption(_("Ranked by {order}.", order=_(SORTS[sort])) + " "
                   + _("*Victims counted*: the largest single data set's published count; each data set has its own "
                       "column (year range, suppressed cells), never added."))
        if cross:
            state.show_state(table, what="routes", empty="",
                             narrow=_("Choose an endpoint, an exploitation form or fewer legs to list the rest."))
            frame = state.derived(conn, "routes-table", (*choice, limit), lambda: routes_frame(table.rows, names))
            show_table(with_route_links(frame, table.rows, names), key="routes", file_name="ctgraph-routes.csv",
                       links=[ROUTE_LINK])
            if st.toggle(_("Show every evidence item of these routes"), key="routes-all-evidence"):
                evidence_expander(table.rows, names, label="route", key="routes",
                                  file_name="ctgraph-routes-evidence.csv")
        if internal:
            st.subheader(_("Internal flows (within one jurisdiction)"))
            st.caption(_("Routes, never gaps: both ends are in the same jurisdiction."))
            show_table(drop_empty(routes_frame(internal[:limit], names)), key="routes-internal",
                       file_name="ctgraph-internal-flows.csv")
if tab_onward.open:
    with tab_onward:
        st.caption(_("**Onward connections, not evidenced as one route**: a flow that arrives in a country and "
                     "another that leaves it. The sources do not say the same victims travel on; never read them as "
                     "a route."))
        if country is None:
            st.info(_("Choose a country, region or place to see the flows that merely meet there or beyond."),
                    icon="ℹ️")
        elif st.toggle(_("Show onward connections"), key="routes-onward"):
            kw = {"destination": country} if direction == "to" else {"origin": country}
            onward = state.query(conn, "onward", **kw, exploitation=form, as_of=as_of, sort=sort)
            if state.show_state(onward, what="onward connections",
                                empty=_("No onward connections: no flow arrives where these flows leave, or "
                                        "leaves where they arrive.")):
                show_table(onward_frame(onward.rows, names), key="routes-onward", file_name="ctgraph-onward.csv")

if not route_first:
    one_route()
