"""ctgraph validate: the seed passes, and each bad file fails with one precise line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

BAD = Path(__file__).parent / "bad"

# One file per kind of defect, and the exact line a user sees for it.
EXPECTED = {
    "yaml_syntax.yaml": "11: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 10)",
    "not_a_mapping.yaml": "1: expected a mapping of fact sections (flows:, agreements:, ...)",
    "unknown_field.yaml": "13: colour: unknown field (not in the schema; check the spelling)",
    "missing_field.yaml": "9: scope: required field is missing",
    "bad_choice.yaml": "12: scope: Input should be 'cross_border' or 'internal'",
    "bad_id.yaml": "9: id: invalid id 'Flow 1': expected 'flow:' followed by lower-case letters, digits, '.', '_' or '-'",
    "duplicate_id.yaml": "16: duplicate id 'flow:chn-fra' (first defined at tests/bad/duplicate_id.yaml:9)",
    "unresolved_reference.yaml": "11: destination: reference 'region:atlantis' does not resolve to any defined id",
    "bad_country_code.yaml": "10: origin: 'XYZ' is not an ISO 3166-1 alpha-3 country code",
    "bad_date.yaml": "14: date: invalid date '2018-02-30': day is out of range for month; use YYYY, YYYY-MM or YYYY-MM-DD",
    "quote_not_in_source.yaml": "14: evidence: quote not found verbatim in source:test-report: 'Chinese men heading to France'",
    "unknown_source.yaml": "14: evidence: source 'source:nowhere' is not defined",
    "no_evidence.yaml": "13: evidence: needs at least one evidence item (quote and locator)",
    "single_party.yaml": "13: parties: needs at least two parties",
    "repeated_party.yaml": "13: parties: needs at least two different parties",
    "missing_source_file.yaml": "3: source source:gone: text file '../nowhere/report.md' not found (give the path relative to this file or to the seed folder)",
    "source_dated_on_retrieval.yaml": "7: date: 2026-12-01 is the day the page was read (retrieved), not its publication "
    "date; give the publication date or leave date out",
    "bound_from_retrieval.yaml": "19: party DEU: bound since 2026-12-01 is the day source:test-page was read (its "
    "retrieved date), not a date the source gives; give the date the source states (as precise as it is) or leave it out",
    "raw_id_in_note.yaml": "16: note: names 'source:test-page' by its id; people read this text, so name it as they "
    "would (title, publisher and date)",
}


def test_corpus_covers_every_bad_file() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_one_precise_error(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BAD.parent.parent)
    res = run_cli(capsys, "validate", f"tests/bad/{name}")
    assert res.code == 1
    assert res.out == ""
    assert res.err.splitlines() == [f"Error: tests/bad/{name}:{EXPECTED[name]}"]


@pytest.mark.parametrize("name", ["duplicate_id.yaml", "quote_not_in_source.yaml"])
def test_bad_file_is_not_loaded(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    monkeypatch.chdir(BAD.parent.parent)
    before = run_cli(capsys, "stats", "--json").json()
    res = run_cli(capsys, "load", f"tests/bad/{name}")
    assert res.code == 1
    assert res.err.startswith(f"Error: tests/bad/{name}:")
    assert len(res.err.splitlines()) == 1
    assert "Traceback" not in res.err
    assert run_cli(capsys, "stats", "--json").json() == before
    assert not (home / "batches").exists()


def test_seed_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    res = run_cli(capsys, "validate", "--json")
    assert res.code == 0, res.err
    data = res.json()
    assert data["ok"] is True
    for section in ("flows", "agreements", "cooperations", "experts", "agencies", "statistics"):
        assert data["facts"].get(section, 0) > 0, section


def test_problems_in_several_files_are_all_reported(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD.parent.parent)
    res = run_cli(capsys, "validate", "tests/bad/bad_date.yaml", "tests/bad/bad_id.yaml")
    assert res.code == 1
    lines = res.err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("Error: tests/bad/") for line in lines)
