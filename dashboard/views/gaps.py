"""Cooperation gaps: the ranked gap table, one gap explained (what binds the pair,
year by year, evidence, whom to call), and a coverage matrix of the heaviest countries."""

from __future__ import annotations

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.charts import coverage_heatmap
from ctgraph.dashboard.links import ROUTE_LINK, with_route_links
from ctgraph.dashboard.passages import show_passages
from ctgraph.dashboard.tables import coverage_matrix, gaps_frame, md_escape, show_table, top_endpoints
from ctgraph.dashboard.views.sections import pair_coverage, route_brief
from ctgraph.graph.i18n import N_, _
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.vocabulary import coverage_word, display_name, measured_sentence

SORTS = {"victims": N_("victims counted, then evidence"), "evidence": N_("evidence items, then victims"),
         "name": N_("name")}
RANKING = N_(
    "**Victims counted**: the largest single data set's published count on the pair (GLOTIP and CTDC overlap, "
    "so they are never added; each has its own column). **Evidence items**: distinct text passages in the sources. "
    "Both figures are shown, never mixed into one number."
)

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()
st.title(_("Cooperation gaps"))
st.caption(
    _("Cross-border pairs with documented flows whose two sides are bound by no instrument at the chosen level or "
      "stronger, as of {when}. Internal flows are never gaps.", when=state.as_of_words()) + " " + state.as_of_meaning()
)

codes = state.country_codes(conn, names)
c1, c2, c3 = st.columns([2, 1, 1])
country = c1.selectbox(
    _("Country"), codes, index=None, placeholder=_("All countries"),
    format_func=lambda c: f"{display_name(c, names)} ({c})", key="gaps-country",
)
levels = [c.value for c in COVERAGE_ORDER[1:]]
below = c2.selectbox(
    _("Coverage below"), levels, index=levels.index("regional"), key="gaps-below", format_func=coverage_word,
    help=_("A gap is a pair covered by nothing at this level or stronger"),
)
sort = c3.selectbox(_("Ranked by"), list(SORTS), format_func=lambda s: _(SORTS[s]), key="gaps-sort")

found = state.query(conn, "gaps", country=country, below=below, as_of=as_of, sort=sort)
st.markdown(_("Ranked by **{order}**.", order=_(SORTS[sort])) + " " + _(RANKING))
measured = state.query(conn, "measured", as_of=as_of)
if measured.usable:  # what the list rests on: the instruments loaded and binding on the day
    st.caption(md_escape(measured_sentence(measured.rows[0])))
if state.show_state(
    found,
    what="gaps",
    empty=(_("No gaps for {country}: every documented flow is covered at {level} level or better. Choose a stronger "
             "level to see weaker instruments.", country=md_escape(display_name(country, names)),
             level=coverage_word(below)) if country else
           _("No gaps: every documented flow is covered at {level} level or better. Choose a stronger level to see "
             "weaker instruments.", level=coverage_word(below))),
    narrow=_("Choose a country to narrow the list."),
):
    st.caption(_("{n} gap(s).", n=f"{found.total:,}"))
    frame = state.derived(conn, "gaps-table", (country, below, sort, as_of, found.total, len(found.rows)),
                          lambda: gaps_frame(found.rows, names))
    show_table(with_route_links(frame, found.rows, names), key="gaps", file_name="ctgraph-gaps.csv", links=[ROUTE_LINK])

    st.subheader(_("One gap: why, year by year, and whom to call"))
    labels = {
        i: f"{i + 1}. {display_name(g['source'], names)} → {display_name(g['destination'], names)} "
           f"({coverage_word(g['coverage'])})"
        for i, g in enumerate(found.rows)
    }
    # keyed on what the list depends on: after any change the picker starts again at the new list's first gap
    pick = st.selectbox(_("Gap"), list(labels), format_func=labels.__getitem__,
                        key=f"gaps-pick-{country}-{below}-{sort}-{as_of}")
    gap = found.rows[pick]
    pair_coverage(gap, names, key="gap")
    tab_ev, tab_people = st.tabs([_("Evidence"), _("Whom to call")], key="gap-tab", on_change="rerun")
    if tab_ev.open:
        with tab_ev:
            show_passages(conn, gap["evidence"], key="gap")
    if tab_people.open:
        with tab_people:
            route_brief(conn, names, gap["source"], gap["destination"], key="gap-brief")

st.subheader(_("Coverage matrix"))
scope = state.query(conn, "routes", origin=country, as_of=as_of, limit=state.LOOKUP_LIMIT) if country else \
    state.query(conn, "routes", as_of=as_of, limit=state.LOOKUP_LIMIT)
if country:
    into = state.query(conn, "routes", destination=country, as_of=as_of, limit=state.LOOKUP_LIMIT)
    rows = {tuple(r["hops"]): r for r in [*scope.rows, *into.rows]}.values()
else:
    rows = scope.rows
routes = [r for r in rows if len(r["hops"]) == 2]
if state.show_state(scope, what="pairs", empty=_("No flows are loaded.")) and routes:
    n = st.slider(_("Countries shown"), 5, 60, 20, step=5, key="gaps-matrix-n",
                  help=_("The endpoints with the heaviest documented flows (victims counted on their routes, then "
                         "evidence items), heaviest first"))
    top = state.derived(conn, "matrix-top", (country, as_of, n), lambda: top_endpoints(routes, n))
    st.caption(_("Coverage as each route states it, for the {n} endpoints with the heaviest flows of {country} (blank: "
                 "no documented flow; rows: origin, columns: destination).", n=len(top),
                 country=md_escape(display_name(country, names))) if country else
               _("Coverage as each route states it, for the {n} endpoints with the heaviest flows (blank: no "
                 "documented flow; rows: origin, columns: destination).", n=len(top)))
    st.vega_lite_chart(spec=state.derived(conn, "matrix-chart", (country, as_of, n),
                                          lambda: coverage_heatmap(routes, names, top)),
                       width="stretch", key="coverage-heatmap")
    show_table(state.derived(conn, "matrix-table", (country, as_of, n), lambda: coverage_matrix(routes, names, top)),
               key="coverage-matrix", file_name="ctgraph-coverage-matrix.csv", index=True)
