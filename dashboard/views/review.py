"""Review drafts: each drafted fact with its quote highlighted in its paragraph;
accept (with edits) or reject. The actions are ingest.draft.review's, the same as
``ctgraph review``; accepted facts go to reviewed files and are loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.passages import passages_html
from ctgraph.dashboard.tables import md_escape, show_table
from ctgraph.graph.config import load_settings
from ctgraph.graph.errors import CtgraphError
from ctgraph.graph.i18n import N_, _, list_text
from ctgraph.graph.vocabulary import display_name, exploitation_label
from ctgraph.ingest.draft import review

FORMS = ["sexual_exploitation", "forced_labour", "begging", "forced_marriage", "unspecified"]
STATUSES = ["signed", "negotiating", "proposed"]
#: What each section of a draft folder is called (the kind of a drafted fact).
SECTIONS = {
    "flows": N_("flow"), "agreements": N_("agreement"), "cooperations": N_("cooperation"),
    "statistics": N_("statistic"), "challenges": N_("challenge"), "agencies": N_("agency"),
    "experts": N_("expert"), "regions": N_("region"), "places": N_("place"), "measures": N_("measure"),
    "events": N_("event"),
}


def section_word(section: str) -> str:
    words = SECTIONS.get(section)
    return _(words) if words else section


#: A drafted statistic's figure, by unit (the value a placeholder).
UNIT_FIGURES = {"people": N_("{value} people"), "percent": N_("{value}%")}
#: The drafter's own words inside a statistic's ``counts`` (ingest/draft/extract.py ``add_statistic``): a range
#: it read, and a hedge it marks (the "hedged" column says so already).
_RANGE = re.compile(r"\s*\(range ([^()–]+)–([^()]+)\)")
_HEDGED = re.compile(r"\s*\[hedged: [^\]]*\]\s*$")


def statistic_summary(f: dict[str, object], names: dict[str, str]) -> str:
    """A drafted statistic in the reader's words: its figure and unit, what it counts as the source
    words it (data: "45 people: Bolivians (2012, Argentina)"), and its year and scope when drafted
    (tests/test_review_app.py reads it in both languages)."""
    value = f.get("value")
    shown = f"{value:,}" if isinstance(value, int) else str(value if value is not None else "—")
    figure = _(UNIT_FIGURES[str(f.get("unit"))], value=shown) if str(f.get("unit")) in UNIT_FIGURES else shown
    what = _HEDGED.sub("", str(f.get("counts") or ""))
    what = _RANGE.sub(lambda m: _(" (range {low}–{high})", low=m[1], high=m[2]), what)
    text = _("{figure}: {what}", figure=figure, what=what)
    details = [str(f["year"])] if f.get("year") else []
    details += [display_name(str(f["scope"]), names)] if f.get("scope") else []
    return _("{summary} ({details})", summary=text, details=list_text(details)) if details else text


def summary(it: review.DraftItem, names: dict[str, str]) -> str:
    """What a drafted fact says, in the reader's words: a flow's ends by name (the graph's
    names, or those the draft gives its new regions and places) and its forms as words; a
    statistic's figure (:func:`statistic_summary`); an agreement's parties by name."""
    f = it.fact
    if it.section == "flows":
        forms = list_text(exploitation_label(x) for x in f.get("exploitation", []))
        ends = f"{display_name(str(f['origin']), names)} → {display_name(str(f['destination']), names)}"
        return f"{ends} ({forms})" if forms else ends
    if it.section == "statistics":
        return statistic_summary(f, names)
    if it.section in ("agreements", "cooperations"):
        parties = list_text(display_name(str(p), names) for p in f.get("parties", []))
        return _("{title}: {parties}", title=str(f.get("title", "")), parties=parties)
    return it.summary


conn = state.connect()
st.title(_("Review drafts"))
st.caption(
    _("Facts drafted by `ctgraph draft` from a new report. Each is shown with its quote in its paragraph; "
      "accept it (after editing if needed) to write it to the folder's reviewed files and load it, or reject it.")
)

message = st.session_state.pop("review-message", None)
if message:
    st.success(message, icon="✅")

home_drafts = load_settings().home() / "drafts"
folders = sorted(str(p.parent) for p in home_drafts.glob("*/source.yaml")) if home_drafts.is_dir() else []
c1, c2 = st.columns([2, 2])
picked = c1.selectbox(_("Draft folder"), folders, index=0 if folders else None, placeholder=_("No draft folders yet"),
                      key="review-folder")
typed = c2.text_input(_("Or another draft folder"), key="review-path",
                      placeholder=_("path written by ctgraph draft --out"))
folder = Path(typed.strip()) if typed.strip() else (Path(picked) if picked else None)
if folder is None:
    st.info(_("No draft folders in {folder}. Run `ctgraph draft FILE` first.", folder=md_escape(str(home_drafts))),
            icon="ℹ️")
    st.stop()

try:
    items = review.list_drafts(folder)
    source, text = review.source_of(folder)
except CtgraphError as exc:
    st.error(md_escape(str(exc)), icon="⚠️")
    st.stop()

done = len(review.list_reviewed(folder))
names = {**state.names(conn), **{str(it.fact["id"]): str(it.fact["name"]) for it in items if it.fact.get("name")}}
st.caption(md_escape(_("{title} · {n} awaiting review · {done} accepted", title=source.get("title", ""), n=len(items),
                        done=done)))
if not items:
    st.info(_("Nothing left to review in this folder."), icon="ℹ️")
    st.stop()

frame = pd.DataFrame(
    [{"id": it.id, _("kind"): section_word(it.section), _("summary"): summary(it, names),
      _("hedged"): _("yes") if it.hedged else ""} for it in items]
)
show_table(frame, key="review", file_name="ctgraph-drafts.csv")

by_id = {it.id: it for it in items}
fid = st.selectbox(_("Fact to review"), list(by_id), key="review-pick",
                   format_func=lambda i: f"{section_word(by_id[i].section)}: {summary(by_id[i], names)}")
item = by_id[fid]
if item.hedged:
    st.warning(_("The source hedges this statement: {note}", note=md_escape(str(item.fact.get("note", "")))), icon="❔")
sid = str(source.get("id", ""))
node = {"title": source.get("title") or sid, "path": source.get("path"), "excerpt": None, "language": source.get("language")}
evidence = [{"source": sid, **e} for e in item.fact.get("evidence", [])]
with st.container(key="review-passages"):
    st.html(passages_html(evidence, {sid: node}, folder))

with st.form("review-form"):
    edits: dict[str, object] = {}
    f = item.fact
    if item.section == "flows":
        a, b = st.columns(2)
        origin = a.text_input(_("Origin (ISO code, name or region id)"), value=str(f.get("origin", "")),
                              key="review-origin")
        destination = b.text_input(_("Destination"), value=str(f.get("destination", "")), key="review-destination")
        forms = st.multiselect(_("Exploitation"), FORMS, default=[x for x in f.get("exploitation", []) if x in FORMS],
                               format_func=exploitation_label, key="review-exploitation")
        period = st.text_input(_("Period (YYYY, YYYY-MM or YYYY-MM-DD)"), value=str(f.get("period") or ""),
                               key="review-period")
        for key, new, old in (("origin", origin, f.get("origin")), ("destination", destination, f.get("destination")),
                              ("period", period, f.get("period") or "")):
            if new.strip() != str(old or ""):
                edits[key] = new.strip()
        if forms != list(f.get("exploitation", [])):
            edits["exploitation"] = forms or ["unspecified"]
    elif item.section == "agreements":
        a, b, c = st.columns(3)
        status = a.selectbox(_("Status"), STATUSES, index=STATUSES.index(f.get("status", "signed")), format_func=_,
                             key="review-status")
        date = b.text_input(_("Date"), value=str(f.get("date") or ""), key="review-date")
        start = c.text_input(_("Period start"), value=str(f.get("period_start") or ""), key="review-period-start")
        end = c.text_input(_("Period end"), value=str(f.get("period_end") or ""), key="review-period-end")
        if status != f.get("status"):
            edits["status"] = status
        for key, new in (("date", date), ("period_start", start), ("period_end", end)):
            if new.strip() != str(f.get(key) or ""):
                edits[key] = new.strip()
    reason = st.text_input(_("Reason (when rejecting)"), key="review-reason")
    x, y = st.columns(2)
    accept_clicked = x.form_submit_button(_("Accept"), type="primary", key="review-accept")
    reject_clicked = y.form_submit_button(_("Reject"), key="review-reject")

if accept_clicked or reject_clicked:
    try:
        if accept_clicked:
            report = review.accept(folder, [fid], edits={fid: edits} if edits else None, store=conn.store)
            done_msg = (_("Accepted {fact} (+{n} it refers to); written to reviewed files and loaded.", fact=fid,
                          n=len(report.dependencies)) if report.dependencies else
                        _("Accepted {fact}; written to reviewed files and loaded.", fact=fid))
        else:
            review.reject(folder, [fid], reason.strip())
            done_msg = _("Rejected {fact}; recorded in rejected.json.", fact=fid)
    except CtgraphError as exc:
        st.error(md_escape(str(exc)), icon="⚠️")
    else:
        state.reset()
        st.session_state["review-message"] = md_escape(done_msg)
        st.rerun()
