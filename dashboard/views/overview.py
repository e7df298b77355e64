"""Overview: what is loaded, headline figures and the strongest cooperation gaps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.briefing import deck_button
from dashboard.tables import gaps_frame, show_table

conn = state.connect()
names = state.endpoint_names(conn)

st.title("Counter-trafficking routes and cooperation gaps")
st.caption(
    "Where victims move, which instruments cover each route, and exactly what the sources say. "
    f"Reading the **{conn.store.name}** store."
)

stats = state.query(conn, "stats")
if state.show_state(stats, what="counts", empty="The store is empty: run `ctgraph load` to load the seed report."):
    nodes = stats.rows[0]["nodes"]
    gaps_all = state.query(conn, "gaps", below="regional")
    no_cover = [g for g in gaps_all.rows if g["coverage"] == "none"] if gaps_all.usable else []
    cols = st.columns(6)
    cols[0].metric("Flows", nodes.get("Flow", 0))
    cols[1].metric("Countries", nodes.get("Country", 0))
    cols[2].metric("Agreements", nodes.get("Agreement", 0))
    cols[3].metric("Cooperations", nodes.get("Cooperation", 0), help="Operational cooperation without a formal instrument")
    cols[4].metric("Gaps (below regional)", gaps_all.total if gaps_all.usable else 0,
                   help="Documented flows no regional or bilateral instrument covers")
    cols[5].metric("Uncovered routes", len(no_cover), help="Gaps with no instrument or cooperation at all")
    deck_button(conn, None, key="overview")

    st.subheader("Strongest cooperation gaps")
    st.caption("Documented flows with coverage below regional, heaviest evidence first.")
    if state.show_state(
        gaps_all, what="gaps", empty="No gaps: every documented flow is covered at regional level or better."
    ):
        top = gaps_frame(gaps_all.rows, names).head(10)
        show_table(top, key="overview-gaps", file_name="ctgraph-top-gaps.csv")

    left, right = st.columns(2)
    with left:
        st.subheader("Sources")
        sources = state.query(conn, "nodes", "Source")
        if state.show_state(sources, what="sources", empty="No sources are loaded."):
            df = pd.DataFrame(
                [
                    {
                        "title": s.get("title"),
                        "kind": s.get("kind"),
                        "publisher": s.get("publisher"),
                        "date": s.get("date") or "",
                        "terms": s.get("terms") or "",
                        "url": s.get("url") or "",
                        "id": s["id"],
                    }
                    for s in sources.rows
                ],
                columns=["title", "kind", "publisher", "date", "terms", "url", "id"],
            )
            show_table(df, key="overview-sources", file_name="ctgraph-sources.csv")
    with right:
        st.subheader("What is loaded")
        counts = pd.DataFrame(
            [{"kind": k, "count": v} for k, v in nodes.items()]
            + [{"kind": f"relationship {k}", "count": v} for k, v in stats.rows[0]["relationships"].items()],
            columns=["kind", "count"],
        )
        show_table(counts, key="overview-counts", file_name="ctgraph-counts.csv", height=320)
