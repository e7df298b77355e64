"""Cypher console: read-only queries for analysts, on Neo4j, when CTGRAPH_CONSOLE=1.

Thin page over :func:`graph.console.run_console` (read access mode, EXPLAIN
pre-check, server-side timeout, row limit). Results are a table of text cells
(``st.dataframe`` never renders HTML) with a CSV download whose cells *and
headers* are neutralised for spreadsheets, and, when the result holds nodes or
relationships, a small network (:mod:`dashboard.console_network`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.console_network import render_result_graph
from ctgraph.dashboard.tables import csv_bytes, md_escape
from ctgraph.graph.config import load_settings
from ctgraph.graph.console import (
    MAX_TRANSFER_BYTES,
    ConsoleResult,
    ConsoleSettings,
    ConsoleStatus,
    console_settings,
    open_driver,
    run_console,
    table_columns,
)
from ctgraph.graph.errors import CtgraphError
from ctgraph.graph.text_safety import spreadsheet_safe

EXAMPLES = """\
MATCH (c:Country {id: 'CHN'})<-[:FROM]-(f:Flow)-[:TO]->(d) RETURN f.id, d.name, f.exploitation LIMIT 25
MATCH p = (:Country {id: 'THA'})<-[:PARTY]-(:Agreement) RETURN p LIMIT 20
MATCH (s:Source) RETURN s.id, s.title, s.publisher ORDER BY s.id
CALL db.schema.visualization()"""

st.title("Cypher console")
try:
    cfg = console_settings()
except CtgraphError as exc:
    st.error(md_escape(str(exc)), icon="⚠️")
    st.stop()
if not cfg.ctgraph_console:
    st.error("The Cypher console is off: set CTGRAPH_CONSOLE=1 (environment or the [ctgraph] table of "
             ".streamlit/secrets.toml) to turn it on.", icon="🔒")
    st.stop()

conn = state.connect()
if conn.store.name != "neo4j":
    st.info(
        "The Cypher console needs Neo4j: it runs Cypher on the server, and the embedded store has none. "
        "Set NEO4J_URI (and NEO4J_PASSWORD) to read a Neo4j server, e.g. one started with "
        "`python tools/neo4j/server.py start`.",
        icon="ℹ️",
    )
    st.stop()


@st.cache_resource(max_entries=2, show_spinner=False)
def _driver(key: str, user: str | None) -> Any:
    """One console driver per store and console login, shared by every session (``key`` and
    ``user`` name the cache entry)."""
    return open_driver(load_settings(), console_settings())


def _show(result: ConsoleResult, settings: ConsoleSettings) -> None:
    if result.status is ConsoleStatus.REFUSED:
        st.error(md_escape(result.message), icon="🚫")
        return
    if result.status is ConsoleStatus.TIMEOUT:
        st.warning(md_escape(result.message), icon="⏱️")
        return
    if result.status is ConsoleStatus.ERROR:
        head, _, rest = result.message.partition("\n")
        st.error(md_escape(head), icon="⚠️")
        if rest:
            st.code(rest, language=None)
        return
    if result.status is ConsoleStatus.EMPTY:
        st.info(md_escape(result.message), icon="ℹ️")
        return
    if result.status is ConsoleStatus.TRUNCATED:
        st.warning(md_escape(result.message), icon="✂️")
        if not result.rows:
            return
    else:
        st.caption(f"{len(result.rows):,} row(s).")
    cells = table_columns(result.rows, len(result.columns))
    frame = pd.DataFrame({col: cells[i] for i, col in enumerate(result.columns)}, columns=result.columns)
    tabs = st.tabs(["Table", "Network"]) if result.graph else [st.container()]
    with tabs[0]:
        st.dataframe(frame, hide_index=True, width="stretch")
        download = frame.rename(columns=lambda c: spreadsheet_safe(str(c)))  # headers are typed by the analyst
        st.download_button("Download CSV", data=csv_bytes(download), file_name="ctgraph-console.csv",
                           mime="text/csv", key="csv-console", on_click="ignore")
    if result.graph:
        with tabs[1]:
            view = render_result_graph(result.graph)
            if view.truncated:
                st.warning(f"Showing {view.nodes_shown:,} of {view.nodes_total:,} nodes: narrow the query.", icon="✂️")
            st.caption(f"{view.nodes_shown:,} node(s), {view.edges_shown:,} relationship(s).")
            st.iframe(view.html, height=540)


settings = load_settings()
st.caption(
    f"Read-only Cypher on the **{md_escape(settings.neo4j_database)}** database: at most "
    f"{cfg.ctgraph_console_row_limit:,} rows and {MAX_TRANSFER_BYTES // (1024 * 1024)} MB, stopped after "
    f"{cfg.ctgraph_console_timeout_s:g} s (the query by the server, the transfer by the console). "
    "Writes, LOAD CSV, administration commands and procedures other than the schema look-ups are refused."
)
with st.expander("Examples"):
    st.code(EXAMPLES, language="cypher")
with st.form("console-form"):
    text = st.text_area("Query", key="console-query", height=140,
                        placeholder="MATCH (c:Country) RETURN c.id, c.name LIMIT 10")
    submitted = st.form_submit_button("Run", type="primary")

if submitted:
    try:
        driver = _driver(state.store_key(settings), cfg.ctgraph_console_user)
    except CtgraphError as exc:
        st.error(md_escape(str(exc)), icon="⚠️")
        st.stop()
    with st.spinner("Running the query…"):
        st.session_state["console-result"] = (text, run_console(
            driver, text, database=settings.neo4j_database, limit=cfg.ctgraph_console_row_limit,
            timeout_s=cfg.ctgraph_console_timeout_s, uri=settings.neo4j_uri or "",
        ))
shown = st.session_state.get("console-result")
if shown is not None:
    _show(shown[1], cfg)
