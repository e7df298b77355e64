"""The "Review drafts" page under Streamlit's AppTest: a drafted fact is shown with
its quote highlighted in its paragraph, and accept (with edits) and reject change the
draft folder and the store, exactly as ``ctgraph review`` does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from ctgraph.dashboard import state
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.snapshot import Scope
from ctgraph.ingest.draft.writer import draft_report

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
REPORT = (
    "# Migration report\n\n"
    "Eritreans are subject to forced labor and sex trafficking mainly in Ethiopia.\n\n"
    "## Congo\n\n"
    "Chinese women are trafficked to Congo, where <script>alert(1)</script> marks a trap.\n"
)


def widget(at: AppTest, kind: str, key: str) -> Any:
    return next(w for w in getattr(at, kind) if w.key == key)


@pytest.fixture()
def drafted(home: Path, tmp_path: Path) -> Path:
    src = tmp_path / "report.md"
    src.write_text(REPORT, encoding="utf-8")
    return draft_report(src, home / "drafts" / "report", source_id="source:report").folder


@pytest.fixture()
def page(drafted: Path) -> AppTest:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "".join(str(h.proto.body) for h in at.get("html"))


def _reviewed(folder: Path, section: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((folder / "reviewed" / f"{section}.yaml").read_text(encoding="utf-8"))
    return list(data[section])


def test_the_page_lists_drafts_and_highlights_the_quote_escaped(page: AppTest, drafted: Path) -> None:
    assert [t.value for t in page.title] == ["Review drafts"]
    frame = next(d.value for d in page.dataframe if "summary" in d.value.columns)
    assert "flow:report.eri-to-eth" in set(frame["id"])
    widget(page, "selectbox", "review-pick").set_value("flow:report.chn-to-congo").run()
    html = _html(page)
    # the quote stops before the tag (quotes hold no markup); the paragraph around it is escaped text
    assert "<mark>Chinese women are trafficked to Congo, where</mark> &lt;script&gt;alert(1)&lt;/script&gt; marks a trap." in html
    assert "<script>" not in html


def test_accept_with_an_edited_destination_writes_a_reviewed_fact_and_loads_it(
    page: AppTest, drafted: Path, home: Path
) -> None:
    widget(page, "selectbox", "review-pick").set_value("flow:report.chn-to-congo").run()
    widget(page, "text_input", "review-destination").input("COG")
    widget(page, "multiselect", "review-exploitation").set_value(["sexual_exploitation"])
    widget(page, "button", "review-accept").click().run()
    assert not page.exception, [e.value for e in page.exception]
    assert any("Accepted flow:report.chn-to-congo" in str(s.value).replace("\\", "") for s in page.success)
    flow = next(f for f in _reviewed(drafted, "flows") if f["id"] == "flow:report.chn-to-congo")
    assert flow["destination"] == "COG" and flow["exploitation"] == ["sexual_exploitation"]
    assert "draft" not in flow
    remaining = yaml.safe_load((drafted / "draft" / "flows.yaml").read_text(encoding="utf-8"))["flows"]
    assert "flow:report.chn-to-congo" not in {f["id"] for f in remaining}
    store = MemoryStore(home=home).snapshot(Scope.everything(include_drafts=True))
    node = store.nodes["flow:report.chn-to-congo"]["props"]
    assert node.get("draft") is None and node["destination"] == "COG"
    assert store.nodes["flow:report.eri-to-eth"]["props"]["draft"] is True


def test_reject_records_the_reason_and_removes_the_draft(page: AppTest, drafted: Path) -> None:
    widget(page, "selectbox", "review-pick").set_value("flow:report.eri-to-eth").run()
    widget(page, "text_input", "review-reason").input("not a flow")
    widget(page, "button", "review-reject").click().run()
    assert not page.exception, [e.value for e in page.exception]
    log = json.loads((drafted / "rejected.json").read_text(encoding="utf-8"))
    assert [(e["id"], e["reason"]) for e in log] == [("flow:report.eri-to-eth", "not a flow")]
    frame = next(d.value for d in page.dataframe if "summary" in d.value.columns)
    assert "flow:report.eri-to-eth" not in set(frame["id"])


def test_an_invalid_edit_shows_one_error_and_changes_nothing(page: AppTest, drafted: Path) -> None:
    before = (drafted / "draft" / "flows.yaml").read_text(encoding="utf-8")
    widget(page, "selectbox", "review-pick").set_value("flow:report.eri-to-eth").run()
    widget(page, "text_input", "review-destination").input("Atlantis")
    widget(page, "button", "review-accept").click().run()
    assert [str(e.value).replace("\\", "") for e in page.error][0].endswith(
        "destination: unknown country 'Atlantis'; give an ISO code (e.g. COG) or a region id"
    )
    assert (drafted / "draft" / "flows.yaml").read_text(encoding="utf-8") == before
    assert not (drafted / "reviewed").exists()


def test_without_draft_folders_the_page_says_what_to_run(home: Path) -> None:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/review.py").run()
    assert not at.exception
    assert any("Run `ctgraph draft FILE` first" in str(i.value).replace("\\", "") for i in at.info)
