"""Review drafts: each drafted fact with its quote highlighted in its paragraph;
accept (with edits) or reject. The actions are ingest.draft.review's, the same as
``ctgraph review``; accepted facts go to reviewed files and are loaded."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.passages import passages_html
from ctgraph.dashboard.tables import md_escape, show_table
from ctgraph.graph.config import load_settings
from ctgraph.graph.errors import CtgraphError
from ctgraph.ingest.draft import review

FORMS = ["sexual_exploitation", "forced_labour", "begging", "forced_marriage", "unspecified"]
STATUSES = ["signed", "negotiating", "proposed"]

conn = state.connect()
st.title("Review drafts")
st.caption(
    "Facts drafted by `ctgraph draft` from a new report. Each is shown with its quote in its paragraph; "
    "accept it (after editing if needed) to write it to the folder's reviewed files and load it, or reject it."
)

message = st.session_state.pop("review-message", None)
if message:
    st.success(message, icon="✅")

home_drafts = load_settings().home() / "drafts"
folders = sorted(str(p.parent) for p in home_drafts.glob("*/source.yaml")) if home_drafts.is_dir() else []
c1, c2 = st.columns([2, 2])
picked = c1.selectbox("Draft folder", folders, index=0 if folders else None, placeholder="No draft folders yet",
                      key="review-folder")
typed = c2.text_input("Or another draft folder", key="review-path", placeholder="path written by ctgraph draft --out")
folder = Path(typed.strip()) if typed.strip() else (Path(picked) if picked else None)
if folder is None:
    st.info(f"No draft folders in {md_escape(str(home_drafts))}. Run `ctgraph draft FILE` first.", icon="ℹ️")
    st.stop()

try:
    items = review.list_drafts(folder)
    source, text = review.source_of(folder)
except CtgraphError as exc:
    st.error(md_escape(str(exc)), icon="⚠️")
    st.stop()

done = len(review.list_reviewed(folder))
st.caption(md_escape(f"{source.get('title', '')} · {len(items)} awaiting review · {done} accepted"))
if not items:
    st.info("Nothing left to review in this folder.", icon="ℹ️")
    st.stop()

frame = pd.DataFrame(
    [{"id": it.id, "kind": it.section, "summary": it.summary, "hedged": "yes" if it.hedged else ""} for it in items]
)
show_table(frame, key="review", file_name="ctgraph-drafts.csv")

by_id = {it.id: it for it in items}
fid = st.selectbox("Fact to review", list(by_id), key="review-pick",
                   format_func=lambda i: f"{by_id[i].section}: {by_id[i].summary}")
item = by_id[fid]
if item.hedged:
    st.warning("The source hedges this statement: " + md_escape(str(item.fact.get("note", ""))), icon="❔")
sid = str(source.get("id", ""))
node = {"title": source.get("title") or sid, "path": source.get("path"), "excerpt": None}
evidence = [{"source": sid, **e} for e in item.fact.get("evidence", [])]
with st.container(key="review-passages"):
    st.html(passages_html(evidence, {sid: node}, folder))

with st.form("review-form"):
    edits: dict[str, object] = {}
    f = item.fact
    if item.section == "flows":
        a, b = st.columns(2)
        origin = a.text_input("Origin (ISO code, name or region id)", value=str(f.get("origin", "")), key="review-origin")
        destination = b.text_input("Destination", value=str(f.get("destination", "")), key="review-destination")
        forms = st.multiselect("Exploitation", FORMS, default=[x for x in f.get("exploitation", []) if x in FORMS],
                               key="review-exploitation")
        period = st.text_input("Period (YYYY, YYYY-MM or YYYY-MM-DD)", value=str(f.get("period") or ""), key="review-period")
        for key, new, old in (("origin", origin, f.get("origin")), ("destination", destination, f.get("destination")),
                              ("period", period, f.get("period") or "")):
            if new.strip() != str(old or ""):
                edits[key] = new.strip()
        if forms != list(f.get("exploitation", [])):
            edits["exploitation"] = forms or ["unspecified"]
    elif item.section == "agreements":
        a, b, c = st.columns(3)
        status = a.selectbox("Status", STATUSES, index=STATUSES.index(f.get("status", "signed")), key="review-status")
        date = b.text_input("Date", value=str(f.get("date") or ""), key="review-date")
        start = c.text_input("Period start", value=str(f.get("period_start") or ""), key="review-period-start")
        end = c.text_input("Period end", value=str(f.get("period_end") or ""), key="review-period-end")
        if status != f.get("status"):
            edits["status"] = status
        for key, new in (("date", date), ("period_start", start), ("period_end", end)):
            if new.strip() != str(f.get(key) or ""):
                edits[key] = new.strip()
    reason = st.text_input("Reason (when rejecting)", key="review-reason")
    x, y = st.columns(2)
    accept_clicked = x.form_submit_button("Accept", type="primary", key="review-accept")
    reject_clicked = y.form_submit_button("Reject", key="review-reject")

if accept_clicked or reject_clicked:
    try:
        if accept_clicked:
            report = review.accept(folder, [fid], edits={fid: edits} if edits else None, store=conn.store)
            extra = f" (+{len(report.dependencies)} it refers to)" if report.dependencies else ""
            done_msg = f"Accepted {fid}{extra}; written to reviewed files and loaded."
        else:
            review.reject(folder, [fid], reason.strip())
            done_msg = f"Rejected {fid}; recorded in rejected.json."
    except CtgraphError as exc:
        st.error(md_escape(str(exc)), icon="⚠️")
    else:
        state.reset()
        st.session_state["review-message"] = md_escape(done_msg)
        st.rerun()
