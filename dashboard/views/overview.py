"""Overview: what is loaded, headline figures, the heaviest routes and the strongest cooperation gaps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.briefing import deck_button
from ctgraph.dashboard.links import ROUTE_LINK, with_route_links
from ctgraph.dashboard.tables import gaps_frame, md_escape, routes_frame, show_table
from ctgraph.graph.i18n import _
from ctgraph.graph.vocabulary import label_word, source_kind_word

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()

st.title(_("Counter-trafficking routes and cooperation gaps"))
st.caption(
    _("Where victims move, which instruments cover each route, and exactly what the sources say.") + " "
    + _("Reading the **{store}** store; coverage as of {when}.", store=md_escape(state.store_label(conn)),
        when=state.as_of_words()) + " "
    + state.as_of_meaning()
)

stats = state.query(conn, "stats")
if state.show_state(stats, what="counts", empty=_("The store is empty: run `ctgraph load` to load the seed report.")):
    nodes = stats.rows[0]["nodes"]
    # Headline counts are the lengths of the store's whole answers (what `ctgraph gaps --json` lists).
    gaps_all = state.query(conn, "gaps", below="regional", as_of=as_of)
    uncovered = state.query(conn, "gaps", below="negotiating", as_of=as_of, limit=state.LOOKUP_LIMIT)
    routes_all = state.query(conn, "routes", as_of=as_of, limit=state.LOOKUP_LIMIT)
    cross = [r for r in routes_all.rows if not r["internal"]] if routes_all.usable else []
    cols = st.columns(6)
    cols[0].metric(_("Routes"), f"{len(cross):,}", help=_("Cross-border routes the sources state (internal flows apart)"))
    cols[1].metric(_("Countries"), f"{nodes.get('Country', 0):,}")
    cols[2].metric(_("Instruments"), f"{nodes.get('Agreement', 0):,}",
                   help=_("Treaties, conventions, agreements and MOUs"))
    cols[3].metric(_("Cooperations"), f"{nodes.get('Cooperation', 0):,}",
                   help=_("Operational cooperation without a formal instrument"))
    cols[4].metric(_("Gaps (below regional)"), f"{gaps_all.total if gaps_all.usable else 0:,}",
                   help=_("Cross-border pairs no regional or bilateral instrument covers (`ctgraph gaps`)"))
    cols[5].metric(_("Uncovered routes"), f"{uncovered.total if uncovered.usable else 0:,}",
                   help=_("Gaps with no instrument or cooperation at all (`ctgraph gaps --below negotiating`)"))
    deck_button(conn, None, key="overview")

    st.subheader(_("Heaviest routes"))
    st.caption(_("Cross-border routes ranked by the victims the largest data set counts, then evidence items; "
                 "data sets side by side, never added."))
    if cross:
        show_table(with_route_links(routes_frame(cross[:10], names), cross[:10], names), key="overview-routes",
                   file_name="ctgraph-top-routes.csv", links=[ROUTE_LINK])
    else:
        state.show_state(routes_all, what="routes", empty=_("No routes are loaded."))

    st.subheader(_("Strongest cooperation gaps"))
    st.caption(_("Pairs with coverage below regional, ranked by victims counted (largest data set), then evidence "
                 "items."))
    if state.show_state(
        gaps_all, what="gaps", empty=_("No gaps: every documented flow is covered at regional level or better.")
    ):
        show_table(with_route_links(gaps_frame(gaps_all.rows[:10], names), gaps_all.rows[:10], names),
                   key="overview-gaps", file_name="ctgraph-top-gaps.csv", links=[ROUTE_LINK])

    left, right = st.columns(2)
    with left:
        st.subheader(_("Sources"))
        sources = state.query(conn, "nodes", "Source", limit=2000)
        if state.show_state(sources, what="sources", empty=_("No sources are loaded.")):
            # what the graph is read from first (reports with their text here, data sets), then reference pages
            order = {"report": 0, "dataset": 1}
            rows = sorted(sources.rows, key=lambda s: (not s.get("path"), order.get(str(s.get("kind")), 2),
                                                       str(s.get("title") or "").casefold()))
            df = pd.DataFrame(
                [
                    {
                        _("title"): s.get("title"),
                        _("kind"): source_kind_word(str(s.get("kind") or "")),
                        _("publisher"): s.get("publisher"),
                        _("date"): s.get("date") or "",
                        _("terms"): s.get("terms") or "",
                        _("url"): s.get("url") or "",
                    }
                    for s in rows
                ],
                columns=[_("title"), _("kind"), _("publisher"), _("date"), _("terms"), _("url")],
            )
            show_table(df, key="overview-sources", file_name="ctgraph-sources.csv")
    with right:
        st.subheader(_("What is loaded"))
        counts = pd.DataFrame(
            [{_("kind"): label_word(k), _("count"): v} for k, v in nodes.items()]
            + [{_("kind"): _("relationship {type}", type=k), _("count"): v}
               for k, v in stats.rows[0]["relationships"].items()],
            columns=[_("kind"), _("count")],
        )
        show_table(counts, key="overview-counts", file_name="ctgraph-counts.csv", height=320)
