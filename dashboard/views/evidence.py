"""Evidence: full-text search over every quote and data row, each in its paragraph."""

from __future__ import annotations

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.passages import show_passages
from ctgraph.dashboard.tables import search_frame, show_table
from ctgraph.graph.i18n import _

conn = state.connect()
names = state.names(conn)
st.title(_("Evidence"))
st.caption(
    _("Search every quote and data row behind the graph. Each hit shows its source and locator, "
      "and the quote highlighted in its paragraph of the source text.")
)

text = st.text_input(_("Search quotes and data rows"), key="evidence-q",
                     placeholder=_("e.g. Spain, marriage, hotline"))
if len(text.strip()) < 2:
    st.info(_("Type at least two characters to search."), icon="ℹ️")
    st.stop()

limit = conn.settings.ctgraph_row_limit
# ask the store for one more than we show: that extra row tells us there are more
found = state.query(conn, "search_evidence", text.strip(), limit + 1, limit=limit + 1)
if found.usable and found.total > limit:
    found = state.QueryResult(
        state.Status.TRUNCATED, found.rows[:limit], found.total,
        message=_("Truncated: more than {n} items match; the first {n} are shown.", n=f"{limit:,}"),
    )
if state.show_state(
    found,
    what="evidence items",
    empty=_("No quote or data row contains this text. Try a shorter or different word."),
    narrow=_("Use a longer or more specific search text."),
):
    if found.status is state.Status.OK:
        st.caption(_("{n} item(s) found.", n=f"{found.total:,}"))
    show_table(search_frame(found.rows, names), key="evidence", file_name="ctgraph-evidence-search.csv")
    st.subheader(_("In context"))
    show_passages(conn, found.rows, key="search")
