"""ctgraph dashboard: ``ctgraph dashboard`` (or ``streamlit run dashboard/app.py``).

The entry script: page set-up, the store check, the sidebar (which store, the
"coverage as of" year every page asks about) and navigation. Each page is a
thin script in ``dashboard/views/`` over the store's questions. A store that
cannot be opened or answered shows one message with the fix and nothing else
(no traceback, no half-drawn page); the failed connection is dropped, so the
app reconnects by itself on the next rerun once the store is back.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ctgraph.dashboard import auth, state
from ctgraph.dashboard.tables import md_escape
from ctgraph.graph.console import console_enabled
from ctgraph.graph.i18n import _

VIEWS = Path(__file__).resolve().parent / "views"

# Streamlit checks once per process, on the first element drawn, whether it runs in a
# REPL, by inspecting the whole call stack (a realpath of every loaded module's file:
# 0.4-1.4 s of the first page anyone opens after the server starts). This script is
# only ever run by `streamlit run` (or AppTest), where that warning never applies.
state.skip_repl_check()

state.choose_language()  # first: every word below is read in the chosen language (sidebar, ?lang=zh)
st.set_page_config(page_title=_("ctgraph: trafficking routes and cooperation gaps"), layout="wide")
auth.require_login()  # first: with CTGRAPH_REQUIRE_LOGIN=1 nothing below runs before a login

pages = [
    st.Page(VIEWS / "overview.py", title=_("Overview"), default=True),
    st.Page(VIEWS / "routes.py", title=_("Routes")),
    st.Page(VIEWS / "gaps.py", title=_("Cooperation gaps")),
    st.Page(VIEWS / "agreements.py", title=_("Instruments")),
    st.Page(VIEWS / "country.py", title=_("Country profile")),
    st.Page(VIEWS / "evidence.py", title=_("Evidence")),
    st.Page(VIEWS / "review.py", title=_("Review drafts")),
    *([st.Page(VIEWS / "console.py", title=_("Cypher console"))] if console_enabled() else []),
]
page = st.navigation(pages)

UNAVAILABLE = "The graph store is not available."
RECONNECTS = "The dashboard reconnects by itself once the store answers again (press Retry)."


def _unavailable(message: str) -> None:
    st.error(
        _(
            "The graph store is not available. {message} The dashboard reconnects by itself once the store "
            "answers again (press Retry).",
            message=md_escape(state.redact(message)),
        ),
        icon="⚠️",
    )
    st.button(_("Retry"), key="store-retry")
    st.stop()


try:
    conn = state.connect()
except Exception as exc:  # any failure to open the store: one line with the fix
    _unavailable(state.describe_error(exc))

health = state.run_query(conn, "stats")
if health.status in (state.Status.ERROR, state.Status.TIMEOUT):
    conn.broken = True  # the next rerun opens a new connection
    _unavailable(health.message)

state.restore_url()  # the address holds the chosen country, route, year and filters across pages and reloads
with st.sidebar:
    state.language_control()
    state.as_of_control()
    st.caption(_("Store: **{store}**", store=md_escape(state.store_label(conn))))
    if st.button(_("Reload data"), help=_("Re-read the store (after `ctgraph load` or `import`)")):
        state.reset()
        st.rerun()

page.run()
