"""Country profile: routes out and in (internal flows apart), its gaps, what binds it
and since when, the next best bilateral instrument, contacts, TIP tiers and figures."""

from __future__ import annotations

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.briefing import deck_button
from ctgraph.dashboard.charts import choropleth, sankey_chart, series_chart, tiers_chart
from ctgraph.dashboard.links import PROFILE_LINK, ROUTE_LINK, with_profile_links, with_route_links
from ctgraph.dashboard.passages import show_passages
from ctgraph.dashboard.tables import (
    agencies_frame,
    binding_frame,
    challenges_frame,
    cooperations_frame,
    drop_empty,
    experts_frame,
    gaps_frame,
    md_escape,
    next_instrument_frame,
    route_label,
    routes_frame,
    show_table,
    statistics_frame,
    tiers_frame,
)
from ctgraph.dashboard.views.sections import NO_CONTACT_DETAILS, evidence_expander, pair_coverage
from ctgraph.graph.analysis import forms_over_time, groups_over_time, victims_over_time
from ctgraph.graph.i18n import _
from ctgraph.graph.vocabulary import coverage_word, display_name

conn = state.connect()
names = state.names(conn)
as_of = state.as_of()
st.title(_("Country profile"))

codes = state.country_codes(conn, names)
wanted = state.recall("country")
country = st.selectbox(
    _("Country"), codes, index=state.country_index(wanted, codes),
    placeholder=_("Choose a country"), format_func=lambda c: f"{display_name(c, names)} ({c})", key="country-pick",
)
if country is None:
    st.info(_("Choose a country to see its routes, cooperation gaps, what binds it, contacts and evidence."), icon="ℹ️")
    st.stop()
state.remember("country", country)
name = display_name(country, names)

found = state.query(conn, "country", country, as_of=as_of)
if not state.show_state(found, what="profiles", empty=_("Nothing is recorded about {name}.", name=md_escape(name))):
    st.stop()
p = found.rows[0]
gaps = state.query(conn, "gaps", country=country, below="regional", as_of=as_of)

st.header(md_escape(name))
st.caption(_("As of {when}.", when=state.as_of_words()) + " " + state.as_of_meaning())
cols = st.columns(7)
cols[0].metric(_("Routes out"), len(p["flows_out"]), help=_("Cross-border routes from this country"))
cols[1].metric(_("Routes in"), len(p["flows_in"]), help=_("Cross-border routes to this country"))
cols[2].metric(_("Internal flows"), len(p["internal"]), help=_("Flows within the country: routes, never gaps"))
cols[3].metric(_("Gaps"), gaps.total if gaps.usable else 0, help=_("Its pairs covered by nothing regional or stronger"))
cols[4].metric(_("Instruments binding it"), len(p["agreements"]))
cols[5].metric(_("Agencies"), len(p["agencies"]))
cols[6].metric(_("Named experts"), len(p["experts"]))
deck_button(conn, country, key="country")


def _linked(flows: list, counterpart: str) -> object:
    """A routes table whose rows link to their route view and the other country's profile."""
    frame = with_route_links(routes_frame(flows, names), flows, names)
    return with_profile_links(frame, [str(r[counterpart]) for r in flows], names, at=1)


def _pair_figures(flows: list, end: str, dataset: str) -> dict[str, tuple[int, int]]:
    """Per counterpart (``end`` of each flow): one data set's published victims and "<5" cells."""
    out: dict[str, tuple[int, int]] = {}
    for r in flows:
        for c in r.get("corroboration", []):
            if c["dataset"] == dataset and c.get("basis", "citizenship") == "citizenship":
                v, k = out.get(r[end], (0, 0))
                out[r[end]] = (v + int(c["victims"]), k + int(c["suppressed_cells"]))
    return out


def country_charts(p: dict, country: str, name: str) -> None:
    """Victims over time per data set, by form, a shaded map and a Sankey of citizenship -> country detected."""
    st.caption(_("Published counts of each data set, never added across data sets (they overlap). "
                 "\"<5\": a suppressed cell, shown as such, never as 0."))
    series = victims_over_time(p, names)
    st.subheader(_("Victims counted, year by year"))
    spec = series_chart(series, names, name="country-series")
    if spec is None:
        st.info(_("No data set counts victims about {name} (ctgraph import glotip|ctdc FILE).", name=md_escape(name)),
                icon="ℹ️")
        return
    st.vega_lite_chart(spec=spec, width="stretch", key="country-series-chart")
    forms = forms_over_time(p)
    if forms:
        st.subheader(_("Victims detected in {name}, by form of exploitation", name=md_escape(name)))
        st.caption(_("As the data set publishes them per year (GLOTIP: by form of exploitation)."))
        st.vega_lite_chart(spec=series_chart(forms, names, colour_by="series", name="country-forms"), width="stretch",
                           key="country-forms-chart")
    for dim, heading in (("sex", _("Victims detected in {name}, by sex", name=md_escape(name))),
                         ("age", _("Victims detected in {name}, by age group", name=md_escape(name)))):
        groups = groups_over_time(p, dim)
        if groups:
            st.subheader(heading)
            st.caption(_("As each data set publishes them (GLOTIP: its breakdown cells of the country's total; "
                         "CTDC: records exploited in the country). Colour: the group; dash: the data set. "
                         "Parts of one figure side by side, never added to it or across data sets."))
            st.vega_lite_chart(spec=series_chart(groups, names, colour_by="series", name=f"country-{dim}"),
                               width="stretch", key=f"country-{dim}-chart")
    weight: dict[str, int] = {}
    for r in [*p["flows_out"], *p["flows_in"], *p["internal"]]:
        for c in r.get("corroboration", []):
            weight[c["dataset"]] = weight.get(c["dataset"], 0) + int(c["victims"])
    datasets = sorted(weight, key=lambda d: (-weight[d], display_name(d, names)))  # the one counting most first
    if not datasets:
        return
    st.subheader(_("Where victims are from and where they were counted"))
    c1, c2 = st.columns([1, 2])
    dataset = c1.radio(_("Data set"), datasets, format_func=lambda d: display_name(d, names),
                       key="country-chart-dataset",
                       help=_("One data set at a time: their figures overlap and are never added"))
    direction = c2.radio(_("Map"), ["out", "in"], horizontal=True, key="country-map-direction",
                         format_func=lambda d: _("Victims of {name} citizenship, by country where detected", name=name)
                         if d == "out" else _("Victims detected in {name}, by citizenship", name=name))
    out_fig = _pair_figures([*p["flows_out"], *p["internal"]], "destination", dataset)
    in_fig = _pair_figures([*p["flows_in"], *p["internal"]], "source", dataset)
    values = out_fig if direction == "out" else in_fig
    title = _("Victims counted ({dataset}, sum of published counts)", dataset=display_name(dataset, names))
    st.vega_lite_chart(spec=state.derived(conn, "country-map", (country, dataset, direction, as_of),
                                          lambda: choropleth(values, names, title=title, highlight=country)),
                       width="content", key="country-map")
    links = [(display_name(o, names), name, v) for o, (v, _) in in_fig.items() if o != country]
    links += [(name, display_name(d, names), v) for d, (v, _) in out_fig.items()]
    sankey = sankey_chart(links, left_title=_("Citizenship"), right_title=_("Counted in"), top=12,
                          value_title=_("Victims counted ({dataset})", dataset=display_name(dataset, names)),
                          name="country-sankey")
    if sankey is not None:
        st.markdown(_("**Citizenship → country where counted** ({dataset})",
                      dataset=md_escape(display_name(dataset, names))))
        st.caption(_("The twelve heaviest on each side; the rest grouped as *other*. Pairs counted only in \"<5\" "
                     "cells are not drawn (no published count)."))
        st.vega_lite_chart(spec=sankey, width="stretch", key="country-sankey-chart")


def section(title: str, rows: list, empty: str) -> bool:
    st.subheader(title)
    if not rows:
        st.info(empty, icon="ℹ️")
        return False
    return True


# lazy tabs: only the open tab's content is made and sent
tab_routes, tab_charts, tab_binds, tab_next, tab_contacts, tab_context = st.tabs(
    [_("Routes and gaps"), _("Victims: charts and map"), _("What binds it"), _("Next instrument"),
     _("Agencies and experts"), _("TIP tiers, challenges, figures")],
    key="country-tab", on_change="rerun",
)
if tab_charts.open:
    with tab_charts:
        country_charts(p, country, name)
if tab_routes.open:
    with tab_routes:
        st.caption(_("Heaviest first: victims counted by the largest data set, then evidence items; data sets side by "
                     "side, never added."))
        if section(_("Routes out"), p["flows_out"],
                   _("No cross-border flow from {name} is documented.", name=md_escape(name))):
            show_table(_linked(p["flows_out"], "destination"), key="flows-out",
                       file_name=f"ctgraph-{country}-routes-out.csv", links=[ROUTE_LINK, PROFILE_LINK])
            evidence_expander(p["flows_out"], names, label="route", key="flows-out",
                              file_name=f"ctgraph-{country}-routes-out-evidence.csv")
        if section(_("Routes in"), p["flows_in"],
                   _("No cross-border flow to {name} is documented.", name=md_escape(name))):
            show_table(_linked(p["flows_in"], "source"), key="flows-in",
                       file_name=f"ctgraph-{country}-routes-in.csv", links=[ROUTE_LINK, PROFILE_LINK])
            evidence_expander(p["flows_in"], names, label="route", key="flows-in",
                              file_name=f"ctgraph-{country}-routes-in-evidence.csv")
        if p["internal"]:
            st.subheader(_("Internal flows"))
            st.caption(_("Within the country's own jurisdiction: routes, never gaps."))
            show_table(drop_empty(routes_frame(p["internal"], names)), key="flows-internal",
                       file_name=f"ctgraph-{country}-internal.csv")
        flows = [*p["flows_out"], *p["flows_in"]]
        if flows:
            st.subheader(_("One route, year by year"))
            labels = {i: f"{route_label(r, names)} ({coverage_word(r['coverage'])})" for i, r in enumerate(flows)}
            i = st.selectbox(_("Route"), list(labels), format_func=labels.__getitem__, key=f"country-route-{country}-{as_of}")
            pair_coverage(flows[i], names, key="country-route")

        st.subheader(_("Cooperation gaps"))
        st.caption(_("Its pairs with coverage below regional, ranked by victims counted (largest data set), then "
                     "evidence."))
        if state.show_state(gaps, what="gaps",
                            empty=_("No gaps: every documented flow of {name} is covered at regional level or better.",
                                    name=md_escape(name))):
            show_table(with_route_links(gaps_frame(gaps.rows, names), gaps.rows, names), key="country-gaps",
                       file_name=f"ctgraph-{country}-gaps.csv", links=[ROUTE_LINK])
            labels = {
                i: f"{i + 1}. {display_name(g['source'], names)} → {display_name(g['destination'], names)} "
                   f"({coverage_word(g['coverage'])})"
                for i, g in enumerate(gaps.rows)
            }
            # keyed on the country: a new country's picker starts at its own first gap
            pick = st.selectbox(_("Show the evidence of gap"), list(labels), format_func=labels.__getitem__,
                                key=f"country-gap-pick-{country}-{as_of}")
            pair_coverage(gaps.rows[pick], names, key="country-gap")
            show_passages(conn, gaps.rows[pick]["evidence"], key="country-gap")
if tab_binds.open:
    with tab_binds:
        if section(_("Instruments binding it"), p["agreements"],
                   _("No instrument binding {name} on that day is documented.", name=md_escape(name))):
            st.caption(_("Strongest kind first; *bound since* is this country's own date as its source gives it."))
            show_table(binding_frame(p["agreements"], country, names), key="country-agreements",
                       file_name=f"ctgraph-{country}-instruments.csv")
            evidence_expander(p["agreements"], names, label="instrument", key="agreements",
                              file_name=f"ctgraph-{country}-instruments-evidence.csv")
        if section(_("Operational cooperation"), p["cooperations"],
                   _("No operational cooperation with {name} is documented.", name=md_escape(name))):
            show_table(cooperations_frame(p["cooperations"], names), key="country-coops",
                       file_name=f"ctgraph-{country}-cooperation.csv")
if tab_next.open:
    with tab_next:
        st.subheader(_("Next best bilateral instrument"))
        st.caption(
            _("Counterpart states ranked by what one new bilateral instrument with {name} would cover: the victims "
              "counted (within one data set, both directions; data sets never added) and the evidence items in the "
              "flows between them that no regional or bilateral instrument covers.", name=md_escape(name))
        )
        nxt = state.query(conn, "next_instrument", country, as_of=as_of)
        if state.show_state(nxt, what="counterparts",
                            empty=_("Every flow of this country with another state is covered at regional level "
                                    "or better: no bilateral instrument would add cover.")):
            show_table(with_profile_links(next_instrument_frame(nxt.rows, names), [n["counterpart"] for n in nxt.rows],
                                          names), links=[PROFILE_LINK], key="next-instrument",
                       file_name=f"ctgraph-{country}-next-instrument.csv")
if tab_contacts.open:
    with tab_contacts:
        if section(_("Agencies"), p["agencies"], _("No agency based in {name} is recorded.", name=md_escape(name))):
            show_table(agencies_frame(p["agencies"], names), key="agencies", file_name=f"ctgraph-{country}-agencies.csv")
        if section(_("Named experts to contact"), p["experts"],
                   _("No named expert for {name} is recorded.", name=md_escape(name))):
            st.caption(_("Names exactly as the source writes them."))
            show_table(experts_frame(p["experts"], names), key="experts", file_name=f"ctgraph-{country}-experts.csv")
            if not any(e.get("contact_note") for e in p["experts"]):
                st.info(_(NO_CONTACT_DETAILS), icon="☎️")
        people = [*p["agencies"], *p["experts"]]
        if people:
            box = st.expander(_("What the sources say about them"), key="country-people-box", on_change="rerun")
            if box.open:
                with box:
                    show_passages(conn, [e for x in people for e in x.get("evidence", [])], key="country-people")
if tab_context.open:
    with tab_context:
        st.subheader(_("US TIP report tiers"))
        if p["tip_tiers"]:
            st.caption(_("Context, not coverage: the US State Department's tier of the country per report year."))
            st.vega_lite_chart(spec=tiers_chart(p["tip_tiers"]), width="stretch", key="tiers-chart")
            show_table(tiers_frame(p["tip_tiers"]), key="tiers", file_name=f"ctgraph-{country}-tip-tiers.csv")
        else:
            st.info(_("No US TIP tier is loaded for this country (ctgraph import tip-tiers FILE)."), icon="ℹ️")
        if section(_("Challenges"), p["challenges"],
                   _("No challenge concerning {name} is recorded.", name=md_escape(name))):
            show_table(challenges_frame(p["challenges"], names), key="challenges",
                       file_name=f"ctgraph-{country}-challenges.csv")
            evidence_expander(p["challenges"], names, label="challenge", key="challenges",
                              file_name=f"ctgraph-{country}-challenges-evidence.csv")
        if section(_("Statistics"), p["statistics"], _("No figure about {name} is recorded.", name=md_escape(name))):
            show_table(statistics_frame(p["statistics"], names), key="statistics",
                       file_name=f"ctgraph-{country}-statistics.csv")
