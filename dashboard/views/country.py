"""Country profile: flows in and out, gaps, agreements, cooperation, contacts, challenges, figures."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.briefing import deck_button
from dashboard.passages import show_passages
from dashboard.tables import (
    agencies_frame,
    agreements_frame,
    challenges_frame,
    cooperations_frame,
    display_name,
    evidence_frame,
    experts_frame,
    gaps_frame,
    md_escape,
    routes_frame,
    show_table,
    statistics_frame,
)

conn = state.connect()
names = state.endpoint_names(conn)
st.title("Country profile")

codes = state.country_codes(conn, names)
wanted = st.query_params.get("country")
country = st.selectbox(
    "Country", codes, index=codes.index(wanted) if wanted in codes else None,
    placeholder="Choose a country", format_func=lambda c: display_name(c, names), key="country-pick",
)
if country is None:
    st.info("Choose a country to see its flows, cooperation gaps, agreements, contacts and evidence.", icon="ℹ️")
    st.stop()
st.query_params["country"] = country

found = state.query(conn, "country", country)
if not state.show_state(found, what="profiles", empty=f"Nothing is recorded about {country}."):
    st.stop()
p = found.rows[0]
coverage, _ = state.pair_coverages(conn)
gaps = state.query(conn, "gaps", country=country, below="regional")

st.header(md_escape(display_name(country, names)))
cols = st.columns(6)
cols[0].metric("Flows out", len(p["flows_out"]))
cols[1].metric("Flows in", len(p["flows_in"]))
cols[2].metric("Gaps", gaps.total if gaps.usable else 0)
cols[3].metric("Agreements", len(p["agreements"]))
cols[4].metric("Agencies", len(p["agencies"]))
cols[5].metric("Named experts", len(p["experts"]))
deck_button(conn, country, key="country")


def section(title: str, rows: list, empty: str) -> bool:
    st.subheader(title)
    if not rows:
        st.info(empty, icon="ℹ️")
        return False
    return True


def evidence_of(rows: list, label: str, key: str) -> None:
    with st.expander(f"Evidence ({sum(len(r.get('evidence', [])) for r in rows)} items)"):
        show_table(evidence_frame(rows, label=label), key=f"{key}-evidence", file_name=f"ctgraph-{country}-{key}-evidence.csv")


tab_flows, tab_coop, tab_contacts, tab_context = st.tabs(
    ["Flows and gaps", "Agreements and cooperation", "Agencies and experts", "Challenges and figures"]
)
with tab_flows:
    if section("Flows out", p["flows_out"], f"No flows from {country} are documented."):
        show_table(routes_frame(p["flows_out"], names, coverage), key="flows-out", file_name=f"ctgraph-{country}-flows-out.csv")
        evidence_of(p["flows_out"], "route", "flows-out")
    if section("Flows in", p["flows_in"], f"No flows to {country} are documented."):
        show_table(routes_frame(p["flows_in"], names, coverage), key="flows-in", file_name=f"ctgraph-{country}-flows-in.csv")
        evidence_of(p["flows_in"], "route", "flows-in")
    st.subheader("Cooperation gaps")
    st.caption("Flows from or to this country with coverage below regional, heaviest evidence first.")
    if state.show_state(gaps, what="gaps", empty=f"No gaps: every documented flow of {country} is covered at regional level or better."):
        show_table(gaps_frame(gaps.rows, names), key="country-gaps", file_name=f"ctgraph-{country}-gaps.csv")
        labels = {
            i: f"{i + 1}. {display_name(g['source'], names)} → {display_name(g['destination'], names)} ({g['coverage']})"
            for i, g in enumerate(gaps.rows)
        }
        pick = st.selectbox("Show the evidence of gap", list(labels), format_func=labels.__getitem__, key="country-gap-pick")
        show_passages(conn, gaps.rows[pick]["evidence"], key="country-gap")
with tab_coop:
    if section("Agreements", p["agreements"], f"No agreement binding {country} is documented."):
        show_table(agreements_frame(p["agreements"], names), key="country-agreements", file_name=f"ctgraph-{country}-agreements.csv")
        evidence_of(p["agreements"], "agreement", "agreements")
    coops = state.query(conn, "cooperations", country=country)
    st.subheader("Operational cooperation")
    if state.show_state(coops, what="cooperations", empty=f"No operational cooperation with {country} is documented."):
        show_table(cooperations_frame(coops.rows, names), key="country-coops", file_name=f"ctgraph-{country}-cooperation.csv")
        evidence_of(coops.rows, "cooperation", "cooperation")
with tab_contacts:
    if section("Agencies", p["agencies"], f"No agency based in {country} is recorded."):
        show_table(agencies_frame(p["agencies"]), key="agencies", file_name=f"ctgraph-{country}-agencies.csv")
        evidence_of(p["agencies"], "agency", "agencies")
    if section("Named experts to contact", p["experts"], f"No named expert for {country} is recorded."):
        st.caption("Names exactly as the source writes them; the contact note says how they offered to help.")
        show_table(experts_frame(p["experts"], names), key="experts", file_name=f"ctgraph-{country}-experts.csv")
        evidence_of(p["experts"], "expert", "experts")
with tab_context:
    if section("Challenges", p["challenges"], f"No challenge concerning {country} is recorded."):
        show_table(challenges_frame(p["challenges"], names), key="challenges", file_name=f"ctgraph-{country}-challenges.csv")
        evidence_of(p["challenges"], "challenge", "challenges")
    if section("Statistics", p["statistics"], f"No figure about {country} is recorded."):
        show_table(statistics_frame(p["statistics"]), key="statistics", file_name=f"ctgraph-{country}-statistics.csv")
        evidence_of(p["statistics"], "statistic", "statistics")
