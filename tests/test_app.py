"""The dashboard under Streamlit's AppTest: every page runs, filters change results,
and empty, truncated, timed-out and failing stores each show an explicit state.

Each test runs the app on the seed report in a private CTGRAPH_HOME (``home``
fixture); nothing here needs a server or a browser (see test_browser.py).
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from graph.errors import StoreUnavailable
from graph.memory import MemoryStore

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = {
    "overview": "views/overview.py",
    "routes": "views/routes.py",
    "gaps": "views/gaps.py",
    "agreements": "views/agreements.py",
    "country": "views/country.py",
    "evidence": "views/evidence.py",
}
TITLES = {
    "overview": "Counter-trafficking routes and cooperation gaps",
    "routes": "Routes",
    "gaps": "Cooperation gaps",
    "agreements": "Agreements",
    "country": "Country profile",
    "evidence": "Evidence",
}


@pytest.fixture()
def app(home: Path) -> AppTest:
    """The app after its first run (the Overview page), on the seed in a private home."""
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, name: str) -> AppTest:
    at.switch_page(PAGES[name]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """What a reader sees of Markdown whose text was backslash-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every piece of text the page shows (titles, captions, markdown, alerts, labels)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        parts.extend(plain(str(e.value)) for e in getattr(at, kind))
    return "\n".join(parts)


def errors(at: AppTest) -> list[str]:
    return [plain(str(e.value)) for e in at.error]


def widget(at: AppTest, kind: str, key: str) -> Any:
    return next(w for w in getattr(at, kind) if w.key == key)


def frame_with(at: AppTest, column: str) -> Any:
    return next(d.value for d in at.dataframe if column in d.value.columns)


# --------------------------------------------------------------------------- smoke


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_runs_without_errors(app: AppTest, name: str) -> None:
    at = open_page(app, name)
    assert [t.value for t in at.title] == [TITLES[name]]
    assert not at.error, [e.value for e in at.error]


def test_overview_shows_counts_sources_and_the_strongest_gaps(app: AppTest, seed_store: MemoryStore) -> None:
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Flows"]) >= 15 and int(metrics["Agreements"]) >= 5
    assert int(metrics["Gaps (below regional)"]) >= 10
    gaps = frame_with(app, "weight")
    strongest = seed_store.gaps()[0]
    assert len(gaps) == 10 and gaps.iloc[0]["destination"].endswith(f"({strongest['destination']})")
    sources = frame_with(app, "publisher")
    assert "source:iom-sanya-2018" in set(sources["id"])
    labels = [b.label for b in app.get("download_button")]
    assert "Download CSV" in labels and "Briefing deck (.pptx)" in labels


def test_routes_page_draws_the_network_map_and_table(app: AppTest) -> None:
    at = open_page(app, "routes")
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "vis.Network" in page and "https://" not in page.split("<script")[0]
    assert at.get("vega_lite_chart"), "route map missing"
    assert len(frame_with(at, "route")) >= 15
    assert "Not on the map" in texts(at)


def test_every_table_has_a_csv_download(app: AppTest) -> None:
    for name in PAGES:
        at = open_page(app, name)
        if name == "evidence":
            widget(at, "text_input", "evidence-q").input("Spain").run()
        if name == "country":
            widget(at, "selectbox", "country-pick").select("CHN").run()
        buttons = [b for b in at.get("download_button") if b.label == "Download CSV"]
        assert len(buttons) == len(at.dataframe) > 0, name


# --------------------------------------------------------------------------- filters


def test_routes_filters_change_the_result(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "routes")
    everything = len(frame_with(at, "route"))

    widget(at, "selectbox", "routes-form").select("sexual_exploitation").run()
    sexual = frame_with(at, "route")
    assert 0 < len(sexual) < everything
    assert all("sexual_exploitation" in e for e in sexual["exploitation"])

    widget(at, "selectbox", "routes-form").set_value(None).run()
    widget(at, "selectbox", "routes-country").select("CHE").run()
    widget(at, "radio", "routes-direction").set_value("to").run()
    to_che = frame_with(at, "route")
    assert set(to_che["destination"]) == {"CHE"} and len(to_che) == len(seed_store.routes(destination="CHE"))

    widget(at, "radio", "routes-direction").set_value("from").run()
    assert "No routes match these filters" in texts(at)


def test_routes_coverage_victims_and_hops_filters(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "routes")
    widget(at, "multiselect", "routes-coverage").set_value(["operational"]).run()
    ops = frame_with(at, "route")
    assert set(ops["coverage"]) == {"operational"} and len(ops) >= 3

    widget(at, "multiselect", "routes-coverage").set_value(["none", "internal", "operational"]).run()
    widget(at, "selectbox", "routes-profile").select("migrants (foreign women)").run()
    expected = [r for r in seed_store.routes() if "migrants (foreign women)" in r["victims"]]
    assert len(frame_with(at, "route")) == len(expected) > 0

    widget(at, "selectbox", "routes-profile").set_value(None).run()
    widget(at, "selectbox", "routes-country").select("region:neighbouring-countries-of-china").run()
    widget(at, "radio", "routes-direction").set_value("from").run()
    one = frame_with(at, "route")
    widget(at, "slider", "routes-hops").set_value(2).run()
    two = frame_with(at, "route")
    # the seed links no legs: more hops invent no chain through China
    assert len(two) == len(one) and two["hops"].max() == 1


def test_long_chains_over_the_whole_graph_are_capped_with_a_notice(app: AppTest) -> None:
    at = open_page(app, "routes")
    widget(at, "slider", "routes-hops").set_value(4).run()
    assert "chained from one endpoint only" in texts(at)
    assert frame_with(at, "route")["hops"].max() <= 2
    widget(at, "selectbox", "routes-country").select("region:neighbouring-countries-of-china").run()
    assert "chained from one endpoint only" not in texts(at)


def test_gaps_country_filter_and_evidence_of_a_gap(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "gaps")
    all_gaps = frame_with(at, "weight")
    widget(at, "selectbox", "gaps-country").select("DEU").run()
    deu = frame_with(at, "weight")
    assert len(deu) == len(seed_store.gaps(country="DEU")) < len(all_gaps)
    assert deu.iloc[0]["origin"] == "China (CHN)" and deu.iloc[0]["destination"] == "Germany (DEU)"
    evidence = frame_with(at, "gap")
    assert len(evidence) == deu.iloc[0]["evidence"]
    html = "".join(h.value for h in at.get("html"))
    assert "<mark>how the German Police fight against THB with regard to Chinese cases</mark>" in html


def test_selecting_another_gap_shows_its_evidence(app: AppTest) -> None:
    at = open_page(app, "gaps")
    first = frame_with(at, "gap")
    widget(at, "selectbox", "gaps-pick").set_value(1).run()
    second = frame_with(at, "gap")
    assert set(first["gap"]) != set(second["gap"])


def test_gaps_threshold_changes_the_list(app: AppTest) -> None:
    at = open_page(app, "gaps")
    below_regional = len(frame_with(at, "weight"))
    widget(at, "selectbox", "gaps-below").set_value("negotiating").run()
    assert set(frame_with(at, "weight")["coverage"]) == {"none"}
    widget(at, "selectbox", "gaps-below").set_value("bilateral").run()
    assert len(frame_with(at, "weight")) >= below_regional
    # the matrix covers every documented pair
    assert frame_with(at, "FRA").loc["China (CHN)", "FRA"] == "none"


def test_agreements_timeline_and_filters(app: AppTest) -> None:
    at = open_page(app, "agreements")
    everything = frame_with(at, "status")
    assert at.get("vega_lite_chart")
    widget(at, "multiselect", "agreements-status").set_value(["negotiating"]).run()
    assert set(frame_with(at, "status")["status"]) == {"negotiating"}
    widget(at, "multiselect", "agreements-status").set_value(["signed", "negotiating", "proposed"]).run()
    widget(at, "selectbox", "agreements-country").select("VNM").run()
    vnm = frame_with(at, "status")
    assert 0 < len(vnm) < len(everything)
    # bound directly (a party) or through a bloc it is a member of (the Mekong MOU)
    assert all("VNM" in p or "region:" in p for p in vnm["parties"])
    assert any("Vietnam" in t for t in vnm["title"])


def test_country_profile_of_china(app: AppTest, seed_store: MemoryStore) -> None:
    at = open_page(app, "country")
    assert "Choose a country" in texts(at)
    widget(at, "selectbox", "country-pick").select("CHN").run()
    assert not at.exception
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Flows out"] >= 10 and metrics["Gaps"] >= 10 and metrics["Named experts"] >= 1
    headers = {s.value for s in at.subheader}
    assert {"Flows out", "Flows in", "Cooperation gaps", "Agreements", "Operational cooperation", "Agencies",
            "Named experts to contact", "Challenges", "Statistics"} <= headers
    assert "Briefing deck (.pptx)" in [b.label for b in at.get("download_button")]
    experts = frame_with(at, "contact note")
    assert len(experts) >= 1
    gaps = frame_with(at, "weight")
    assert len(gaps) == len(seed_store.gaps(country="CHN"))
    assert gaps.iloc[0]["destination"].endswith(f"({seed_store.gaps(country='CHN')[0]['destination']})")
    assert at.query_params["country"] == "CHN"  # the profile can be linked to


def test_country_profile_opens_from_a_link(home: Path) -> None:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["country"] = "DEU"
    at.run()
    at.switch_page(PAGES["country"]).run()
    assert widget(at, "selectbox", "country-pick").value == "DEU"
    assert {m.label: int(m.value) for m in at.metric}["Flows in"] >= 1


def test_evidence_search_finds_quotes_and_says_when_nothing_matches(app: AppTest) -> None:
    at = open_page(app, "evidence")
    assert "at least two characters" in texts(at)
    widget(at, "text_input", "evidence-q").input("Spanish Police").run()
    hits = frame_with(at, "quote")
    assert len(hits) >= 1 and all("spanish police" in q.lower() for q in hits["quote"])
    html = "".join(h.value for h in at.get("html"))
    assert "<mark>" in html and "China&#x27;s counter-trafficking response" in html
    widget(at, "text_input", "evidence-q").input("no such words anywhere").run()
    assert "No quote or data row contains this text" in texts(at)


def test_data_rows_of_an_imported_data_set_are_searchable(home: Path) -> None:
    from ingest.registry import import_dataset

    batch, _ = import_dataset("ctdc", Path(__file__).parent / "fixtures" / "ctdc_slice.csv")
    MemoryStore(home=home).load(batch)
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at = open_page(at, "evidence")
    widget(at, "text_input", "evidence-q").input("CTDC records with citizenship").run()
    hits = frame_with(at, "quote")
    assert len(hits) == len([r for r in batch.rels if r.type == "EVIDENCE"])
    assert all(loc.startswith("rows ") for loc in hits["locator"])
    html = "".join(h.value for h in at.get("html"))
    assert "(data row or quote without source text)" in html
    at = open_page(at, "routes")
    assert frame_with(at, "route")["statistics"].str.contains("at least").any()


# --------------------------------------------------------------------------- explicit states


def test_truncated_tables_say_so(home: Path, monkeypatch: pytest.MonkeyPatch, seed_store: MemoryStore) -> None:
    monkeypatch.setenv("CTGRAPH_ROW_LIMIT", "3")
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at = open_page(at, "gaps")
    assert len(frame_with(at, "weight")) == 3
    assert "Truncated: showing the first 3 of" in texts(at)
    at = open_page(at, "routes")
    assert len(frame_with(at, "route")) == 3
    assert f"Truncated: showing the first 3 of {len(seed_store.routes())} routes" in texts(at)
    assert len(at.get("iframe")) == 1  # the network still draws every route
    at = open_page(at, "evidence")
    widget(at, "text_input", "evidence-q").input("China").run()
    assert "more than 3 items match" in texts(at)


def test_network_above_the_node_cap_says_how_to_narrow(
    home: Path, monkeypatch: pytest.MonkeyPatch, seed_store: MemoryStore
) -> None:
    monkeypatch.setenv("CTGRAPH_NODE_CAP", "5")
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at = open_page(at, "routes")
    warning = texts(at)
    endpoints = {e for r in seed_store.routes() for e in (r["source"], r["destination"])}
    assert f"showing the 5 most connected of {len(endpoints)} endpoints" in warning
    assert "choosing a country" in warning and "CTGRAPH_NODE_CAP" in warning


def test_a_store_that_is_down_shows_one_message_with_the_fix(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-used")
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert len(at.error) == 1
    message = errors(at)[0]
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in message
    assert "unset NEO4J_URI" in message
    assert not at.title and not at.dataframe


def test_a_misconfigured_store_shows_one_message(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTGRAPH_STORE", "neo4j")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert errors(at) == [
        "The graph store is not available. --store neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687) "
        "and NEO4J_PASSWORD in the environment"
    ]


def test_an_unreadable_store_file_names_the_file(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "graph.sqlite").write_bytes(b"this is not a database, it is junk" * 200)
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert len(at.error) == 1 and "graph.sqlite" in errors(at)[0] and "move it away" in errors(at)[0]


def test_data_loaded_by_the_cli_appears_after_a_rerun(home: Path, tmp_path: Path) -> None:
    from graph.batch import GraphBatch, NodeRecord, RelRecord
    from graph.memory import MemoryStore

    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    before = int({m.label: m.value for m in at.metric}["Flows"])
    MemoryStore(home=home).load(
        GraphBatch(
            "extra",
            [NodeRecord("Flow", "flow:extra", {"victims": [], "exploitation": ["begging"], "scope": "cross_border"}),
             NodeRecord("Country", "NPL", {"iso3": "NPL", "name": "Nepal"})],
            [RelRecord("FROM", "flow:extra", "NPL"), RelRecord("TO", "flow:extra", "CHN")],
        )
    )
    at.run()
    assert int({m.label: m.value for m in at.metric}["Flows"]) == before + 1


# --------------------------------------------------------------------------- run_query


class SlowStore:
    name = "slow"

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()

    def stats(self) -> dict[str, Any]:
        self.release.wait(5)
        return {"nodes": {}, "relationships": {}}

    def gaps(self, country: str | None = None, below: str = "regional") -> list[int]:
        self.calls += 1
        return list(range(5))

    def routes(self) -> list[int]:
        return []

    def country(self, iso3: str) -> dict[str, Any]:
        raise StoreUnavailable("cannot reach Neo4j at bolt://x: start it or unset NEO4J_URI")

    def nodes(self, label: str) -> list[int]:
        raise ConnectionResetError("peer went away")


def _conn(store: Any, **limits: Any) -> state.Connection:
    return state.Connection(store=store, key="test", settings=state.DashboardSettings(**limits))


def test_run_query_states() -> None:
    store = SlowStore()
    conn = _conn(store, ctgraph_row_limit=3, ctgraph_query_timeout_s=0.2)

    started = time.monotonic()
    slow = state.run_query(conn, "stats")
    assert slow.status is state.Status.TIMEOUT and "within 0.2 s" in slow.message
    assert time.monotonic() - started < 2
    store.release.set()

    cut = state.run_query(conn, "gaps", country="CHN")
    assert cut.status is state.Status.TRUNCATED and cut.rows == [0, 1, 2] and cut.total == 5
    assert state.run_query(conn, "gaps", country="CHN", limit=10).status is state.Status.OK
    assert store.calls == 1  # answers are cached per connection

    assert state.run_query(conn, "routes").status is state.Status.EMPTY
    down = state.run_query(conn, "country", "CHN")
    assert down.status is state.Status.ERROR and down.message.startswith("cannot reach Neo4j")
    odd = state.run_query(conn, "nodes", "Country")
    assert odd.status is state.Status.ERROR
    assert odd.message.startswith("The store failed: ConnectionResetError: peer went away.")
    assert "unset NEO4J_URI" in odd.message


def test_answers_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "CACHE_ENTRIES", 2)
    store = SlowStore()
    conn = _conn(store)
    for country in ("A", "B", "C", "A"):
        state.run_query(conn, "gaps", country=country)
    assert store.calls == 4  # "A" was evicted by "C", so asked again
    assert len(conn.cache) == 2


def test_secrets_fill_only_what_the_environment_does_not_set() -> None:
    env = {"NEO4J_URI": "bolt://env:7687"}
    copied = state.secrets_to_env(
        {"CTGRAPH": {"neo4j_uri": "bolt://secret:7687", "NEO4J_PASSWORD": "pw", "ctgraph_node_cap": 50,
                     "unrelated": "x"}, "neo4j_uri": "top-level is Streamlit's own business"},
        env,
    )
    assert copied == ["NEO4J_PASSWORD", "CTGRAPH_NODE_CAP"]
    assert env == {"NEO4J_URI": "bolt://env:7687", "NEO4J_PASSWORD": "pw", "CTGRAPH_NODE_CAP": "50"}


# --------------------------------------------------------------------------- on Neo4j


@pytest.fixture()
def neo4j_env() -> dict[str, str]:
    """NEO4J_* of the test server, read before ``home`` clears them."""
    from tests.conftest import neo4j_env_or_fail

    return neo4j_env_or_fail()


@pytest.mark.neo4j
def test_every_page_on_neo4j_matches_the_embedded_store(
    neo4j_env: dict[str, str], home: Path, monkeypatch: pytest.MonkeyPatch, seed_store: MemoryStore
) -> None:
    """With NEO4J_URI set the app reads the Neo4j store, and shows what the embedded one shows."""
    from graph.neo4j_store import Neo4jStore
    from ingest.seed import seed_batch, validate_paths

    env = neo4j_env
    neo = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    try:
        neo.clear()
        neo.load(seed_batch(validate_paths()))
    finally:
        neo.close()
    for var, key in (("NEO4J_URI", "uri"), ("NEO4J_USER", "user"), ("NEO4J_PASSWORD", "password"),
                     ("NEO4J_DATABASE", "database")):
        monkeypatch.setenv(var, env[key])
    state.reset()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "neo4j" in at.sidebar.caption[0].value
    assert int({m.label: m.value for m in at.metric}["Flows"]) == len(seed_store.nodes("Flow"))
    for name in PAGES:
        at = open_page(at, name)
        assert not at.error, (name, [e.value for e in at.error])
    at = open_page(at, "country")
    widget(at, "selectbox", "country-pick").select("CHN").run()
    gaps = frame_with(at, "weight")
    assert len(gaps) == len(seed_store.gaps(country="CHN"))
    state.reset()
