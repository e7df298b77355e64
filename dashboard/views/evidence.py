"""Evidence: full-text search over every quote and data row, each in its paragraph."""

from __future__ import annotations

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.passages import show_passages
from ctgraph.dashboard.tables import search_frame, show_table

conn = state.connect()
names = state.names(conn)
st.title("Evidence")
st.caption(
    "Search every quote and data row behind the graph. Each hit shows its source and locator, "
    "and the quote highlighted in its paragraph of the source text."
)

text = st.text_input("Search quotes and data rows", key="evidence-q", placeholder="e.g. Spain, marriage, hotline")
if len(text.strip()) < 2:
    st.info("Type at least two characters to search.", icon="ℹ️")
    st.stop()

limit = conn.settings.ctgraph_row_limit
# ask the store for one more than we show: that extra row tells us there are more
found = state.query(conn, "search_evidence", text.strip(), limit + 1, limit=limit + 1)
if found.usable and found.total > limit:
    found = state.QueryResult(
        state.Status.TRUNCATED, found.rows[:limit], found.total,
        message=f"Truncated: more than {limit:,} items match; the first {limit:,} are shown.",
    )
if state.show_state(
    found,
    what="evidence items",
    empty="No quote or data row contains this text. Try a shorter or different word.",
    narrow="Use a longer or more specific search text.",
):
    if found.status is state.Status.OK:
        st.caption(f"{found.total:,} item(s) found.")
    show_table(search_frame(found.rows, names), key="evidence", file_name="ctgraph-evidence-search.csv")
    st.subheader("In context")
    show_passages(conn, found.rows, key="search")
