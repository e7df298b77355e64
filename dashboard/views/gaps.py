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
from ctgraph.graph.model import COVERAGE_ORDER
from ctgraph.graph.vocabulary import display_name, measured_sentence

SORTS = {"victims": "victims counted, then evidence", "evidence": "evidence items, then victims", "name": "name"}
RANKING = (
    "**Victims counted**: the largest single data set's published count on the pair (GLOTIP and CTDC overlap, "
    "so they are never added; each has its own column). **Evidence items**: distinct text passages in the sources. "
    "Both figures are shown, never mixed into one number."
)

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()
st.title("Cooperation gaps")
st.caption(
    "Cross-border pairs with documented flows whose two sides are bound by no instrument at the chosen level or "
    f"stronger, as of {state.as_of_words()}. Internal flows are never gaps. {state.as_of_meaning()}"
)

codes = state.country_codes(conn, names)
c1, c2, c3 = st.columns([2, 1, 1])
country = c1.selectbox(
    "Country", codes, index=None, placeholder="All countries",
    format_func=lambda c: f"{display_name(c, names)} ({c})", key="gaps-country",
)
levels = [c.value for c in COVERAGE_ORDER[1:]]
below = c2.selectbox(
    "Coverage below", levels, index=levels.index("regional"), key="gaps-below",
    help="A gap is a pair covered by nothing at this level or stronger",
)
sort = c3.selectbox("Ranked by", list(SORTS), format_func=SORTS.__getitem__, key="gaps-sort")

found = state.query(conn, "gaps", country=country, below=below, as_of=as_of, sort=sort)
st.markdown(f"Ranked by **{SORTS[sort]}**. {RANKING}")
measured = state.query(conn, "measured", as_of=as_of)
if measured.usable:  # what the list rests on: the instruments loaded and binding on the day
    st.caption(md_escape(measured_sentence(measured.rows[0])))
if state.show_state(
    found,
    what="gaps",
    empty=f"No gaps{' for ' + md_escape(display_name(country, names)) if country else ''}: every documented flow is "
    f"covered at {below} level or better. Choose a stronger level to see weaker instruments.",
    narrow="Choose a country to narrow the list.",
):
    st.caption(f"{found.total:,} gap(s).")
    frame = state.derived(conn, "gaps-table", (country, below, sort, as_of, found.total, len(found.rows)),
                          lambda: gaps_frame(found.rows, names))
    show_table(with_route_links(frame, found.rows, names), key="gaps", file_name="ctgraph-gaps.csv", links=[ROUTE_LINK])

    st.subheader("One gap: why, year by year, and whom to call")
    labels = {
        i: f"{i + 1}. {display_name(g['source'], names)} → {display_name(g['destination'], names)} ({g['coverage']})"
        for i, g in enumerate(found.rows)
    }
    # keyed on what the list depends on: after any change the picker starts again at the new list's first gap
    pick = st.selectbox("Gap", list(labels), format_func=labels.__getitem__,
                        key=f"gaps-pick-{country}-{below}-{sort}-{as_of}")
    gap = found.rows[pick]
    pair_coverage(gap, names, key="gap")
    tab_ev, tab_people = st.tabs(["Evidence", "Whom to call"], key="gap-tab", on_change="rerun")
    if tab_ev.open:
        with tab_ev:
            show_passages(conn, gap["evidence"], key="gap")
    if tab_people.open:
        with tab_people:
            route_brief(conn, names, gap["source"], gap["destination"], key="gap-brief")

st.subheader("Coverage matrix")
scope = state.query(conn, "routes", origin=country, as_of=as_of, limit=state.LOOKUP_LIMIT) if country else \
    state.query(conn, "routes", as_of=as_of, limit=state.LOOKUP_LIMIT)
if country:
    into = state.query(conn, "routes", destination=country, as_of=as_of, limit=state.LOOKUP_LIMIT)
    rows = {tuple(r["hops"]): r for r in [*scope.rows, *into.rows]}.values()
else:
    rows = scope.rows
routes = [r for r in rows if len(r["hops"]) == 2]
if state.show_state(scope, what="pairs", empty="No flows are loaded.") and routes:
    n = st.slider("Countries shown", 5, 60, 20, step=5, key="gaps-matrix-n",
                  help="The endpoints with the heaviest documented flows (victims counted on their routes, then "
                       "evidence items), heaviest first")
    top = state.derived(conn, "matrix-top", (country, as_of, n), lambda: top_endpoints(routes, n))
    st.caption(f"Coverage as each route states it, for the {len(top)} endpoints with the heaviest flows"
               + (f" of {md_escape(display_name(country, names))}" if country else "")
               + " (blank: no documented flow; rows: origin, columns: destination).")
    st.vega_lite_chart(spec=state.derived(conn, "matrix-chart", (country, as_of, n),
                                          lambda: coverage_heatmap(routes, names, top)),
                       width="stretch", key="coverage-heatmap")
    show_table(state.derived(conn, "matrix-table", (country, as_of, n), lambda: coverage_matrix(routes, names, top)),
               key="coverage-matrix", file_name="ctgraph-coverage-matrix.csv", index=True)
