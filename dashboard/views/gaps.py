"""Cooperation gaps: the ranked gap table, a coverage matrix, and the evidence of one gap."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.charts import coverage_heatmap
from dashboard.passages import show_passages
from dashboard.tables import (
    coverage_matrix,
    display_name,
    evidence_frame,
    gaps_frame,
    md_escape,
    show_table,
)
from graph.model import COVERAGE_ORDER

conn = state.connect()
names = state.endpoint_names(conn)
st.title("Cooperation gaps")
st.caption(
    "Documented flows whose two sides are bound by no instrument stronger than the chosen level, "
    "ranked by the weight of evidence (evidence items, challenges reported for the pair, victims counted)."
)

codes = state.country_codes(conn, names)
c1, c2 = st.columns([2, 1])
country = c1.selectbox(
    "Country", codes, index=None, placeholder="All countries",
    format_func=lambda c: display_name(c, names), key="gaps-country",
)
levels = [c.value for c in COVERAGE_ORDER[1:]]
below = c2.selectbox(
    "Coverage below", levels, index=levels.index("regional"), key="gaps-below",
    help="A gap is a flow covered by nothing at this level or stronger",
)

found = state.query(conn, "gaps", country=country, below=below)
if state.show_state(
    found,
    what="gaps",
    empty=f"No gaps{' for ' + md_escape(display_name(country, names)) if country else ''}: every documented flow is covered "
    f"at {below} level or better. Choose a stronger level to see weaker instruments.",
    narrow="Choose a country to narrow the list.",
):
    show_table(gaps_frame(found.rows, names), key="gaps", file_name="ctgraph-gaps.csv")

    st.subheader("Evidence of one gap")
    labels = {
        i: f"{i + 1}. {display_name(g['source'], names)} → {display_name(g['destination'], names)} "
        f"({g['coverage']}, weight {g['weight']})"
        for i, g in enumerate(found.rows)
    }
    pick = st.selectbox("Gap", list(labels), format_func=labels.__getitem__, key="gaps-pick")
    gap = found.rows[pick]
    if gap["instruments"]:
        st.caption(
            "Instruments binding both sides (weaker than the threshold): "
            + md_escape("; ".join(f"{i['title']} ({i['level']})" for i in gap["instruments"]))
        )
    ev = evidence_frame([{"id": f"{gap['source']} → {gap['destination']}", "evidence": gap["evidence"]}], label="gap")
    show_table(ev, key="gap-evidence", file_name=f"ctgraph-gap-{pick + 1}-evidence.csv")
    show_passages(conn, gap["evidence"], key="gap")

st.subheader("Coverage matrix")
st.caption("Coverage of every documented origin → destination pair (blank: no documented flow).")
coverage, all_routes = state.pair_coverages(conn)
if state.show_state(all_routes, what="pairs", empty="No flows are loaded."):
    if country:
        from dashboard.tables import jurisdictions

        places = jurisdictions(state.run_query(conn, "nodes", "Place", limit=state.LOOKUP_LIMIT).rows)
        coverage = {
            (o, d): c for (o, d), c in coverage.items()
            if country in (o, d, places.get(o), places.get(d))
        }
    if not coverage:
        st.info("No documented flows involve this country.", icon="ℹ️")
    else:
        st.altair_chart(coverage_heatmap(coverage, names), width="stretch")
        show_table(
            coverage_matrix(coverage, names), key="coverage-matrix",
            file_name="ctgraph-coverage-matrix.csv", index=True,
        )
