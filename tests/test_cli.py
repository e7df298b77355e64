"""The CLI contract of DESIGN.md: shapes of --json output, tables, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph.graph.answers import Agreement, CountryProfile, Evidence, Gap, Route
from tests.cli_helpers import run_cli

EVIDENCE_KEYS = {"source", "quote", "locator"}  # plus "draft": true, only when drafts are asked for
assert EVIDENCE_KEYS | {"draft"} == set(Evidence.__annotations__)
ROUTE_KEYS = set(Route.__annotations__)
GAP_KEYS = set(Gap.__annotations__)
AGREEMENT_KEYS = set(Agreement.__annotations__)
COUNTRY_KEYS = set(CountryProfile.__annotations__)
# the contract of DESIGN.md: every answer holds at least these keys
assert {"source", "destination", "exploitation", "victims", "hops", "evidence", "corroboration"} <= ROUTE_KEYS
assert {"source", "destination", "coverage", "instruments", "weight", "evidence"} <= GAP_KEYS
assert {"id", "title", "kind", "status", "parties", "date", "evidence"} <= AGREEMENT_KEYS
assert {"iso3", "name", "flows_out", "flows_in", "agreements", "agencies", "experts", "challenges", "statistics"} <= COUNTRY_KEYS
LEVELS = ["none", "negotiating", "operational", "multilateral", "regional", "bilateral"]


@pytest.fixture(autouse=True)
def _memory_home(home: Path) -> None:
    """Every CLI test runs on a private embedded store."""


def _places(iso3: str) -> list[dict[str, object]]:
    from tests.conftest import seeded_memory_store

    return [p for p in seeded_memory_store().nodes("Place") if p.get("country") == iso3]


def _evidence_ok(items: list[dict[str, str]]) -> None:
    assert items, "every answer carries evidence"
    for e in items:
        assert set(e) == EVIDENCE_KEYS
        assert e["quote"] and e["locator"] and e["source"].startswith("source:")


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "stats", "--json").json()
    assert set(data) == {"nodes", "relationships"}
    assert data["nodes"]["Flow"] > 10 and data["relationships"]["EVIDENCE"] > 100


def test_routes_json_shape_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    all_routes = run_cli(capsys, "routes", "--json").json()
    assert all_routes and all(set(r) == ROUTE_KEYS for r in all_routes)
    for r in all_routes:
        _evidence_ok(r["evidence"])
        assert r["hops"] == [r["source"], r["destination"]]
    from_chn = run_cli(capsys, "routes", "--from", "China", "--json").json()
    places_in_china = {p["id"] for p in _places("CHN")}
    assert from_chn and all(r["source"] in {"CHN", *places_in_china} for r in from_chn)
    assert len(from_chn) < len(all_routes)
    sexual = run_cli(capsys, "routes", "--exploitation", "sexual_exploitation", "--json").json()
    assert sexual and all("sexual_exploitation" in r["exploitation"] for r in sexual)
    assert len(sexual) < len(all_routes)


def test_multi_hop_routes_are_only_the_chains_the_sources_link(capsys: pytest.CaptureFixture[str]) -> None:
    # The seed report states no transit and no onward leg of the same victims:
    # asking for 2 hops adds no invented chain (e.g. neighbouring countries -> CHN -> CHE).
    one = run_cli(capsys, "routes", "--to", "CHE", "--json").json()
    two = run_cli(capsys, "routes", "--to", "CHE", "--max-hops", "2", "--json").json()
    assert two == one and all(len(r["hops"]) == 2 and r["link"] is None for r in two)
    # Flows that merely meet in China are a separate, clearly named answer.
    both = run_cli(capsys, "routes", "--to", "CHE", "--onward", "--json").json()
    assert both["routes"] == one
    meet = {(c["inbound"]["source"], c["via"], c["onward"]["destination"]) for c in both["onward_connections"]}
    assert ("region:neighbouring-countries-of-china", "CHN", "CHE") in meet
    table = run_cli(capsys, "routes", "--to", "CHE", "--onward").out
    assert "NOT evidenced as one route" in table


def test_a_stated_transit_is_a_two_hop_route(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text("Women from Nigeria are taken to Italy through Libya.\n", encoding="utf-8")
    (tmp_path / "facts.yaml").write_text(
        """source: source:transit-report
sources:
  - id: source:transit-report
    title: Transit report
    kind: report
    publisher: Test
    date: "2020"
    path: report.md
flows:
  - id: flow:nga-ita-via-lby
    origin: NGA
    destination: ITA
    via: [LBY]
    scope: cross_border
    evidence:
      - quote: Women from Nigeria are taken to Italy through Libya.
        locator: para 1
""",
        encoding="utf-8",
    )
    assert run_cli(capsys, "load", str(tmp_path / "facts.yaml")).code == 0
    one = run_cli(capsys, "routes", "--from", "NGA", "--json").json()
    assert [r["hops"] for r in one] == [["NGA", "ITA"]]
    two = run_cli(capsys, "routes", "--from", "NGA", "--max-hops", "2", "--json").json()
    chain = [r for r in two if len(r["hops"]) == 3]
    assert [r["hops"] for r in chain] == [["NGA", "LBY", "ITA"]]
    assert chain[0]["link"] == "transit" and chain[0]["evidence"][0]["quote"].endswith("through Libya.")
    assert [leg["destination"] for leg in chain[0]["legs"]] == ["LBY", "ITA"]


def test_gaps_json_shape_ranking_and_levels(capsys: pytest.CaptureFixture[str]) -> None:
    gaps = run_cli(capsys, "gaps", "--json").json()
    assert gaps and all(set(g) == GAP_KEYS for g in gaps)
    keys = [(g["weight"]["victims"], g["weight"]["evidence"]) for g in gaps]
    assert keys == sorted(keys, reverse=True)  # victims counted, then evidence items
    assert all(LEVELS.index(g["coverage"]) < LEVELS.index("regional") for g in gaps)
    for g in gaps:
        _evidence_ok(g["evidence"])
    sizes = [len(run_cli(capsys, "gaps", "--below", lvl, "--json").json()) for lvl in LEVELS]
    assert sizes == sorted(sizes) and sizes[0] == 0 and sizes[-1] > sizes[1]
    chn = run_cli(capsys, "gaps", "--country", "CHN", "--json").json()
    assert chn and len(chn) <= len(gaps)


def test_agreements_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "agreements", "--json").json()
    assert data and all(set(a) == AGREEMENT_KEYS for a in data)
    for a in data:
        assert len(a["parties"]) >= 2
        _evidence_ok(a["evidence"])
    vnm = run_cli(capsys, "agreements", "--country", "Vietnam", "--json").json()
    assert vnm and all(("VNM" in a["parties"]) or a["kind"] == "regional" for a in vnm)
    # the China-Vietnam agreement was signed "between Nov 2009 and 2016": not yet binding as of 2015
    ids_2015 = {a["id"] for a in run_cli(capsys, "agreements", "--country", "VNM", "--as-of", "2015", "--json").json()}
    assert "agreement:chn-vnm-bilateral" in {a["id"] for a in vnm} and "agreement:chn-vnm-bilateral" not in ids_2015


def test_country_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_cli(capsys, "country", "CHN", "--json").json()
    assert set(data) == COUNTRY_KEYS
    assert data["iso3"] == "CHN" and data["name"] == "China"
    assert data["flows_out"] and data["flows_in"] and data["agreements"] and data["experts"]
    by_name = run_cli(capsys, "country", "china", "--json").json()
    assert by_name == data


def test_tables_are_readable(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "gaps")
    assert res.code == 0 and "Cooperation gaps" in res.out and "coverage" in res.out


def test_unknown_country_lists_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "country", "Chnia", "--json")
    assert res.code == 1 and res.out == ""
    assert res.err.startswith("Error: unknown country 'Chnia'; did you mean ")
    assert "China (CHN)" in res.err and len(res.err.splitlines()) == 1


def test_unknown_route_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "routes", "--from", "Atlantis")
    assert res.code == 1 and res.err.startswith("Error: unknown country, region or place 'Atlantis'")


def test_load_is_idempotent_and_persists(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    first = run_cli(capsys, "load", "--json")
    assert first.code == 0, first.err
    before = run_cli(capsys, "stats", "--json").json()
    again = run_cli(capsys, "load", "--json")
    assert again.json() == first.json()
    assert run_cli(capsys, "stats", "--json").json() == before
    assert (home / "graph.sqlite").is_file()


@pytest.mark.parametrize("how", [[], ["seed"], ["seed/facts"]])
def test_loading_the_seed_on_a_fresh_folder_however_it_is_named_is_one_batch(
    capsys: pytest.CaptureFixture[str], home: Path, how: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first command seeds a fresh folder; loading the seed again (as the README
    tour does, ``ctgraph load seed``) replaces that batch rather than clashing with it."""
    from ctgraph.ingest.seed import SEED_DIR

    monkeypatch.chdir(SEED_DIR.parent)
    assert not (home / "graph.sqlite").exists()
    loaded = run_cli(capsys, "load", *how, "--json")
    assert loaded.code == 0, loaded.err
    before = run_cli(capsys, "stats", "--json").json()
    for other in ([], ["seed"], ["seed/facts"]):
        again = run_cli(capsys, "load", *other)
        assert again.code == 0, again.err
    assert run_cli(capsys, "stats", "--json").json() == before


def test_neo4j_store_without_uri_is_one_error(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "--store", "neo4j", "stats")
    assert res.code == 1
    assert res.err.splitlines() == [
        "Error: --store neo4j needs NEO4J_URI (e.g. bolt://127.0.0.1:7687) and NEO4J_PASSWORD in the environment"
    ]


def test_gaps_and_routes_pages_evidence_counts_and_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """--top/--offset page the ranked list, --evidence count leaves out the lists (never
    their count), --jsonl writes the same items one a line; the JSON without these is
    what it always was, each item now saying how many evidence items it lists."""
    import json

    for cmd in (["gaps"], ["routes", "--max-hops", "2"]):
        whole = run_cli(capsys, *cmd, "--json").json()
        assert len(whole) > 6, cmd
        assert all(i["evidence_count"] == len(i["evidence"]) > 0 for i in whole)
        assert run_cli(capsys, *cmd, "--top", "3", "--offset", "2", "--json").json() == whole[2:5]
        assert run_cli(capsys, *cmd, "--offset", str(len(whole)), "--json").json() == []
        counted = run_cli(capsys, *cmd, "--evidence", "count", "--json").json()
        assert counted == [{k: v for k, v in i.items() if k != "evidence"} for i in whole]
        lines = run_cli(capsys, *cmd, "--jsonl").out.splitlines()
        assert [json.loads(x) for x in lines] == whole
        page = run_cli(capsys, *cmd, "--jsonl", "--offset", "1", "--top", "2", "--evidence", "count").out
        assert [json.loads(x) for x in page.splitlines()] == counted[1:3]
    both = run_cli(capsys, "gaps", "--json", "--jsonl")
    assert (both.code, both.out, both.err) == (1, "", "Error: use either --json or --jsonl, not both\n")
    onward = run_cli(capsys, "routes", "--onward", "--jsonl")
    assert (onward.code, onward.err) == (1, "Error: --jsonl lists routes only; use --json with --onward\n")
    table = run_cli(capsys, "gaps", "--offset", "1", "--top", "1").out
    second = run_cli(capsys, "gaps", "--top", "2", "--json").json()[1]
    assert f"{second['weight']['evidence']}" in table and "Showing" not in table


def test_the_console_script_prints_what_the_command_prints_in_process(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """The real `ctgraph` process leaves without the interpreter's teardown (os._exit after
    flushing): same bytes out, same exit status, as the command run in-process."""
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "ctgraph"
    if not exe.exists():
        pytest.skip("no ctgraph console script beside this Python")
    inside = run_cli(capsys, "gaps", "--json")
    env = {**os.environ, "CTGRAPH_HOME": str(home)}
    done = subprocess.run([str(exe), "gaps", "--json"], env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, inside.out)
    bad = subprocess.run([str(exe), "gaps", "--country", "Atlantis"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr == run_cli(capsys, "gaps", "--country", "Atlantis").err
