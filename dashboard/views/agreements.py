"""Agreements: a timeline of instruments by date and status, with their parties."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.charts import STATUS_COLOURS, agreements_timeline, timeline_frame
from dashboard.tables import (
    agreements_frame,
    cooperations_frame,
    display_name,
    evidence_frame,
    md_escape,
    show_table,
)

conn = state.connect()
names = state.endpoint_names(conn)
st.title("Agreements")
st.caption("Formal instruments (agreements, MOUs, conventions) by date and status, with their parties.")

codes = state.country_codes(conn, names)
c1, c2 = st.columns([2, 2])
country = c1.selectbox(
    "Binding country", codes, index=None, placeholder="All countries",
    format_func=lambda c: display_name(c, names), key="agreements-country",
)
statuses = c2.multiselect("Status", list(STATUS_COLOURS), default=list(STATUS_COLOURS), key="agreements-status")

found = state.query(conn, "agreements", country=country)
rows = [a for a in found.rows if a.get("status") in statuses]
shown = state.QueryResult(found.status, rows, found.total) if rows or not found.usable else state.QueryResult(state.Status.EMPTY)
if state.show_state(
    shown,
    what="agreements",
    empty="No agreements match: choose another country or add statuses.",
    narrow="Choose a country to narrow the list.",
):
    timeline, undated = timeline_frame(rows, names)
    if len(timeline):
        st.altair_chart(agreements_timeline(timeline), width="stretch")
    if undated:
        by_id = {a["id"]: a for a in rows}
        st.caption(
            "No date in the sources, so not on the timeline: "
            + md_escape("; ".join(f"{by_id[i].get('title') or i} ({by_id[i].get('status')})" for i in undated))
        )
    show_table(agreements_frame(rows, names), key="agreements", file_name="ctgraph-agreements.csv")
    with st.expander("Evidence for these agreements"):
        show_table(evidence_frame(rows, label="agreement"), key="agreements-evidence",
                   file_name="ctgraph-agreements-evidence.csv")

st.subheader("Operational cooperation")
st.caption("Practical cooperation without a formal instrument: joint investigations, working groups, liaison.")
coops = state.query(conn, "cooperations", country=country)
if state.show_state(coops, what="cooperations", empty="No operational cooperation is documented for this choice."):
    show_table(cooperations_frame(coops.rows, names), key="cooperations", file_name="ctgraph-cooperations.csv")
    with st.expander("Evidence for this cooperation"):
        show_table(evidence_frame(coops.rows, label="cooperation"), key="cooperations-evidence",
                   file_name="ctgraph-cooperations-evidence.csv")
