"""Blocks several pages show (not a page itself): the brief of a route ("whom do
I call about X -> Y"), one pair's coverage explained, and an evidence expander.

Each block asks the store (through :func:`dashboard.state.run_query`) and
renders the answer; nothing here computes a meaning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.charts import label_bars, route_group_points, route_points, series_chart
from ctgraph.dashboard.passages import show_passages
from ctgraph.dashboard.tables import (
    agencies_frame,
    binds_text,
    by_year_frame,
    evidence_frame,
    experts_frame,
    figures_text,
    md_escape,
    show_table,
)
from ctgraph.graph.analysis import evidence_tally, explain
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, N_, _, language
from ctgraph.graph.vocabulary import coverage_word, display_name
from ctgraph.graph.wording import evidence_words, nobody_named, sides_without_contacts

__all__ = ["evidence_expander", "pair_coverage", "route_brief", "route_charts", "NO_CONTACT_DETAILS"]

#: What the brief says when the sources name people but give no way to reach them.
NO_CONTACT_DETAILS = N_(
    "The sources give no contact details for these people (no e-mail, telephone or address): "
    "reach them through their agencies."
)


def _ids_of(conn: state.Connection, label: str, keep: Any) -> dict[str, Any]:
    """Id -> ``keep(node)`` of the ``label`` nodes the store holds (a cached lookup)."""
    return {str(n["id"]): keep(n) for n in state.run_query(conn, "nodes", label, limit=state.LOOKUP_LIMIT).rows}


def dataset_ids(conn: state.Connection) -> set[str]:
    """The sources that are data sets: their evidence items are data rows, not text passages."""
    return {i for i, kind in _ids_of(conn, "Source", lambda n: n.get("kind")).items() if kind == "dataset"}


def evidence_expander(rows: Sequence[Mapping[str, Any]], names: Mapping[str, str], *, label: str, key: str,
                      file_name: str) -> None:
    """An expander with every evidence item of ``rows`` (each passage once, "×N" when
    repeated), as a table with its CSV; headed by the one count: text passages · data rows."""
    items = [e for r in rows for e in r.get("evidence", [])]
    tally = evidence_words(*evidence_tally(items, dataset_ids(state.connect())))
    box = st.expander(_("Evidence: {tally}", tally=tally), key=f"{key}-evidence-box", on_change="rerun")
    if box.open:  # made only when opened
        with box:
            show_table(evidence_frame(rows, names, label=label), key=f"{key}-evidence", file_name=file_name)


def pair_coverage(item: Mapping[str, Any], names: Mapping[str, str], *, key: str) -> None:
    """Why a pair has its coverage (a route's or a gap's own answer): what binds both
    sides since when, the data sets side by side, and the coverage year by year."""
    level = str(item.get("coverage", ""))
    # the answer's explanation is English (the JSON contract): another language words it again from the answer
    explanation = item.get("explanation") if language() == DEFAULT_LANGUAGE else (
        explain(level, item["instruments"]) if "instruments" in item else None)
    explanation = explanation or (
        _("Binds both sides: {instruments}.", instruments=binds_text(item.get("instruments", [])))
        if item.get("instruments") else
        (_("Internal: both ends in one jurisdiction.") if level == "internal" else _("No instrument binds both sides."))
    )
    st.markdown(_("**Coverage: {level}** as of {when}.", level=md_escape(coverage_word(level)),
                  when=md_escape(state.as_of_words())) + " " + md_escape(str(explanation)))
    if item.get("instruments"):
        st.caption(_("Every instrument binding both sides, strongest first: {instruments}",
                     instruments=md_escape(binds_text(item["instruments"]))))
    figures = figures_text(item.get("corroboration", []), names)
    if figures:
        st.caption(_("Data sets (side by side, never added): {figures}", figures=md_escape(figures)))
        box = st.expander(_("Year by year: published counts and whether the pair was covered that year"),
                          key=f"{key}-years-box", on_change="rerun")
        if box.open:  # made only when opened
            with box:
                show_table(by_year_frame(item, names), key=f"{key}-years",  # type: ignore[arg-type]
                           file_name=f"ctgraph-{key}-by-year.csv")


def route_charts(route: Mapping[str, Any], names: Mapping[str, str], *, key: str) -> None:
    """One route's victims counted year by year, each data set its own line ("<5"
    years marked, never drawn as 0), by sex and by age group where a data set publishes them, and each data
    set's own labels (forms, victim groups)."""
    spec = series_chart(route_points(route), names, name=f"{key}-series")
    if spec is None:
        return
    st.markdown(_("**Victims counted, year by year**"))
    st.caption(_("Each data set its own line (they overlap: never added). A bar over 1–4 marked <5: a year whose cells "
                 "were all suppressed; a hollow point: some cells <5, so the count is at least that."))
    st.vega_lite_chart(spec=spec, width="stretch", key=f"{key}-series-chart")
    for dim, heading in (("sex", _("**Victims counted by sex, year by year**")),
                         ("age", _("**Victims counted by age group, year by year**"))):
        groups = route_group_points(route, dim)
        if groups:
            st.markdown(heading)
            st.caption(_("As each data set publishes them: parts of its figure side by side, never added to it or "
                         "across data sets. Colour: the group; dash: the data set."))
            st.vega_lite_chart(spec=series_chart(groups, names, colour_by="series", name=f"{key}-{dim}"),
                               width="stretch", key=f"{key}-{dim}-chart")
    for c in route.get("corroboration", []):
        for what, labels in (("forms", c.get("forms") or []), ("profile", c.get("profile") or [])):
            title = (_("{dataset}: records per form (a record may have two)", dataset=display_name(c["dataset"], names))
                     if what == "forms" else
                     _("{dataset}: records per victim group", dataset=display_name(c["dataset"], names)))
            bars = label_bars({str(x["label"]).replace("_", " "): int(x["count"]) for x in labels},
                              title=title, name=f"{key}-labels")
            if bars is not None and len(labels) > 1:
                st.vega_lite_chart(spec=bars, width="stretch", key=f"{key}-{c['dataset']}-{what}")


def route_brief(conn: state.Connection, names: Mapping[str, str], origin: str, destination: str, *,
                key: str) -> None:
    """Whom to call about origin -> destination: the agencies and named experts on
    both sides (``store.brief``), with role, agency and the quote that ties them."""
    found = state.query(conn, "brief", origin, destination, as_of=state.as_of())
    if not state.show_state(found, what="briefs", empty=_("Nothing is recorded about this route.")):
        return
    b = found.rows[0]
    one_or_two = list(dict.fromkeys(display_name(x, names) for x in (origin, destination)))
    sides = _("{a} and {b}", a=one_or_two[0], b=one_or_two[1]) if len(one_or_two) == 2 else one_or_two[0]
    st.markdown(_("**Whom to call about {origin} → {destination}** (people and agencies in {sides})",
                  origin=md_escape(display_name(origin, names)), destination=md_escape(display_name(destination, names)),
                  sides=md_escape(sides)))
    experts, agencies = b["experts"], b["agencies"]
    for side in sides_without_contacts(b, _ids_of(conn, "Place", lambda n: n.get("country"))):
        st.info(md_escape(nobody_named(display_name(side, names))), icon="ℹ️")
    if not experts and not agencies:
        return
    if experts:
        st.caption(_("Named experts, names exactly as the source writes them."))
        show_table(experts_frame(experts, names), key=f"{key}-experts", file_name=f"ctgraph-{key}-experts.csv")
        if not any(e.get("contact_note") for e in experts):
            st.info(_(NO_CONTACT_DETAILS), icon="☎️")
    else:
        st.caption(_("The sources name no expert in {sides}.", sides=md_escape(sides)))
    if agencies:
        st.caption(_("Agencies on both sides."))
        show_table(agencies_frame(agencies, names), key=f"{key}-agencies", file_name=f"ctgraph-{key}-agencies.csv")
    box = st.expander(_("What the sources say about these people and agencies"), key=f"{key}-people-box",
                      on_change="rerun")
    if box.open:
        with box:
            show_passages(conn, [e for x in [*experts, *agencies] for e in x.get("evidence", [])],
                          key=f"{key}-people")
