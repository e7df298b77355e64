"""Research logs (seed/research): read, checked like the seed, shown per country (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.vocabulary import research_sentence
from ctgraph.ingest import research
from ctgraph.ingest.research import read_research, research_for
from ctgraph.ingest.seed import SEED_DIR, read_sources
from tests.cli_helpers import run_cli


@pytest.fixture(autouse=True)
def _memory_home(home: Path) -> None:
    """Every CLI call runs on a private embedded store."""


def test_the_seed_logs_are_valid_and_name_recorded_agreements() -> None:
    facts, _ = read_sources()
    ids = {a.id for a in facts.section("agreements")}
    entries, problems = read_research(agreements=ids)
    assert problems == []
    assert len(entries) >= 90
    logged = [e.research for e in entries]
    assert {r["outcome"] for r in logged} >= {"found", "not_found"}
    for r in logged:
        assert set(r["instruments"]) <= ids
        assert r["outcome"] != "found" or r["instruments"]
        assert 1 <= len(r["countries"]) <= 2
    assert all(e.file.startswith(str(SEED_DIR / "research")) and e.line > 0 for e in entries)


BAD_LOG = """researched: "2026-12-04"
entries:
  - countries: [THA, XYZ]
    topic: bilateral
    outcome: not_found
    queries: ["x"]
  - countries: [THA, MMR]
    topic: bilateral
    outcome: found
    instruments: [agreement:no-such-mou]
  - countries: [THA]
    topic: regional
    outcome: maybe
  - countries: [LAO, THA]
    topic: bilateral
    outcome: found
    instruments: []
"""


def test_a_bad_log_gives_one_line_per_problem(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_text(BAD_LOG, encoding="utf-8")
    _entries, problems = read_research([log], agreements={"agreement:tha-mmr-mou-2009"})
    assert [str(p) for p in problems] == [
        f"{log}:13: outcome: Input should be 'found', 'not_found' or 'lead_only'",
        f"{log}:14: outcome found names no instrument; list the agreement ids found (instruments: [...])",
    ]
    log.write_text(BAD_LOG.split("  - countries: [THA]\n")[0], encoding="utf-8")
    _entries, problems = read_research([log], agreements={"agreement:tha-mmr-mou-2009"})
    assert [str(p) for p in problems] == [
        f"{log}:3: countries: 'XYZ' is not an ISO 3166-1 alpha-3 country code",
        f"{log}:10: instruments: 'agreement:no-such-mou' is not an agreement in the seed; "
        "give the id of a recorded agreement (seed/facts)",
    ]


def test_validate_checks_the_research_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = run_cli(capsys, "validate")
    assert ok.code == 0 and "research-log entries are valid" in ok.out
    (tmp_path / "log.yaml").write_text(BAD_LOG.split("  - countries: [THA]\n")[0], encoding="utf-8")
    monkeypatch.setattr(research, "RESEARCH_DIR", tmp_path)
    res = run_cli(capsys, "validate")
    assert res.code == 1 and res.out == ""
    assert res.err.splitlines() == [
        f"Error: {tmp_path / 'log.yaml'}:3: countries: 'XYZ' is not an ISO 3166-1 alpha-3 country code",
        f"Error: {tmp_path / 'log.yaml'}:10: instruments: 'agreement:no-such-mou' is not an agreement in the seed; "
        "give the id of a recorded agreement (seed/facts)",
    ]
    assert run_cli(capsys, "validate", str(SEED_DIR / "facts")).code == 0  # given paths: facts only


def test_research_for_a_country() -> None:
    tha = research_for("THA")
    assert tha and all("THA" in r["countries"] for r in tha)
    found = {c for r in tha if r["outcome"] == "found" for c in r["countries"]}
    assert "MMR" in found
    assert research_for("ATA") == []


def test_agreements_says_what_was_researched(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import seeded_memory_store

    res = run_cli(capsys, "agreements", "--country", "Thailand")
    assert res.code == 0
    last = " ".join(res.out.split()).rsplit("┘", 1)[1].strip()
    assert last == research_sentence(research_for("THA"), "THA", seeded_memory_store().names())
    assert last.startswith("Researched 2026-12-04: ") and "found " in last and "Myanmar" in last
    assert "agreement:" not in last and "THA" not in last  # names, never ids
    plain = run_cli(capsys, "agreements", "--country", "THA", "--json").json()
    assert isinstance(plain, list)  # the contract: a list, unless --research is asked for
    both: Any = run_cli(capsys, "agreements", "--country", "THA", "--research", "--json").json()
    assert set(both) == {"agreements", "research"}
    assert both["agreements"] == plain and both["research"] == research_for("THA")
    assert "Researched" not in run_cli(capsys, "agreements").out  # no country: no research line


def test_a_note_that_names_an_instrument_by_its_id_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_text(
        'researched: "2026-12-04"\nentries:\n  - countries: [THA, MMR]\n    topic: bilateral\n    outcome: found\n'
        "    instruments: [agreement:tha-mmr-mou-2009]\n    note: recorded as agreement:tha-mmr-mou-2009.\n",
        encoding="utf-8",
    )
    _entries, problems = read_research([log], agreements={"agreement:tha-mmr-mou-2009"})
    assert [str(p) for p in problems] == [
        f"{log}:7: note: names 'agreement:tha-mmr-mou-2009' by its id; people read this text, so name it as they "
        "would (its title)"
    ]
