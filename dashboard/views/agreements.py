"""Instruments: the registry of treaties, conventions, agreements and MOUs, by kind,
status and party, with a timeline of each and of each party's consent."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.charts import consent_timeline, instruments_timeline
from ctgraph.dashboard.tables import (
    cooperations_frame,
    date_words,
    instruments_frame,
    md_escape,
    research_frame,
    show_table,
    terms_frame,
)
from ctgraph.dashboard.views.sections import evidence_expander
from ctgraph.graph.analysis import as_of_date
from ctgraph.graph.errors import CtgraphError
from ctgraph.graph.i18n import _, ngettext
from ctgraph.graph.vocabulary import coverage_word, display_name, research_sentence
from ctgraph.ingest.research import research_for

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()
day = as_of_date(as_of)
st.title(_("Instruments"))
st.caption(
    _("The treaties, conventions, agreements and MOUs in the graph: what kind, their status on the day, who is bound "
      "and since when (as of {when}). Dates are as precise as their sources.", when=state.as_of_words()) + " "
    + state.as_of_meaning()
)

codes = state.country_codes(conn, names)
everything = state.query(conn, "agreements", as_of=as_of)
kinds = sorted({a["kind"] for a in everything.rows})
statuses = sorted({a["status"] for a in everything.rows})
c1, c2, c3 = st.columns([1, 1, 1])
party = c1.selectbox(
    _("Party"), codes, index=None, placeholder=_("Any party"),
    format_func=lambda c: f"{display_name(c, names)} ({c})", key="agreements-country",
    help=_("Instruments that bind this country on the day (directly, or through a bloc it belongs to)"),
)
kind = c2.multiselect(_("Kind"), kinds, default=kinds, key="agreements-kind", format_func=coverage_word)
status = c3.multiselect(_("Status on the day"), statuses, default=statuses, key="agreements-status", format_func=_)

found = state.query(conn, "agreements", country=party, as_of=as_of) if party else everything
rows = [a for a in found.rows if a["kind"] in kind and a["status"] in status]
shown = state.QueryResult(found.status, rows, len(rows)) if rows or not found.usable else \
    state.QueryResult(state.Status.EMPTY)
if state.show_state(
    shown,
    what="instruments",
    empty=_("No instrument matches: choose another party, or add kinds or statuses."),
    narrow=_("Choose a party to narrow the list."),
):
    timeline = state.derived(conn, "instruments-timeline", (party, tuple(kind), tuple(status), as_of),
                             lambda: instruments_timeline(rows, day, names))
    if timeline is not None:
        st.vega_lite_chart(spec=timeline, width="stretch", key="instruments-timeline")
        st.caption(_("◆ a dated fact (the exact day); faded dashed band: the source gives only a month, a year or a "
                     "window (\"between Nov 2009 and 2016\"), never drawn as a day or as a period in force; "
                     "bar: in force from its entry into force."))
    undated = [a for a in rows if not a.get("date") and not a.get("in_force")
               and not any(h.get("date") for h in a.get("status_history", []))]
    if undated:
        st.caption(_("No date in the sources, so not on the timeline: {instruments}",
                     instruments=md_escape("; ".join(f"{a['title']} ({_(a['status'])})" for a in undated))))
    show_table(instruments_frame(rows, names, party), key="agreements", file_name="ctgraph-instruments.csv")
    evidence_expander(rows, names, label="instrument", key="agreements", file_name="ctgraph-instruments-evidence.csv")

    st.subheader(_("One instrument: each party's consent"))
    labels = {i: ngettext("{name} ({kind}, {n} party)", "{name} ({kind}, {n} parties)", len(a["parties"]),
                          name=display_name(a["id"], names), kind=coverage_word(a["kind"]), n=len(a["parties"]))
              for i, a in enumerate(rows)}
    pick = st.selectbox(_("Instrument"), list(labels), format_func=labels.__getitem__,
                        key=f"agreements-pick-{party}-{'-'.join(kind)}-{'-'.join(status)}")
    a = rows[pick]
    if a.get("status_history"):
        history = pd.DataFrame(
            [
                {
                    "status": h["status"],
                    "date": date_words(h.get("date")),
                    "source": display_name(h["evidence"][0]["source"], names) if h.get("evidence") else "",
                    "quote": h["evidence"][0]["quote"] if h.get("evidence") else "",
                }
                for h in a["status_history"]
            ],
            columns=["status", "date", "source", "quote"],
        )
        st.caption(_("Status history, oldest first, each fact from its source."))
        show_table(history, key="agreement-history", file_name="ctgraph-instrument-status.csv")
    only = [party] if party and any(t["party"] == party for t in a.get("terms", [])) else None
    consent = state.derived(conn, "consent-timeline", (a["id"], party, as_of),
                            lambda: consent_timeline(a, names, day, parties=only))
    if consent is not None:
        st.vega_lite_chart(spec=consent, width="stretch", key="consent-timeline")
        st.caption(_("◆ signature or consent on the exact day; faded dashed band: known only to the month or year; "
                     "bar: bound, from the day it is bound to its end (or the as-of day). Grey: signed only, not "
                     "bound."))
    show_table(terms_frame(a, names), key="agreement-terms", file_name="ctgraph-instrument-parties.csv")

if party:
    st.subheader(_("What was researched for {country}", country=md_escape(display_name(party, names))))
    try:
        logged = research_for(party)
    except CtgraphError as exc:  # a broken research log in the seed: say so, show the rest of the page
        st.warning(md_escape(str(exc)))
        logged = []
    st.caption(md_escape(research_sentence(logged, party, names)) + " "
               + _("Searches of stored public sources for instruments binding it (pairs: a bilateral agreement or "
                   "MoU; regional: a convention); what was not found was searched for too."))
    if logged:
        show_table(research_frame(logged, party, names), key="agreements-research", file_name="ctgraph-research.csv")

st.subheader(_("Operational cooperation"))
st.caption(_("Practical cooperation without a formal instrument: joint investigations, working groups, liaison."))
coops = state.query(conn, "cooperations", country=party, as_of=as_of)
if state.show_state(coops, what="cooperations", empty=_("No operational cooperation is documented for this choice.")):
    show_table(cooperations_frame(coops.rows, names), key="cooperations", file_name="ctgraph-cooperations.csv")
    evidence_expander(coops.rows, names, label="cooperation", key="cooperations",
                      file_name="ctgraph-cooperations-evidence.csv")
