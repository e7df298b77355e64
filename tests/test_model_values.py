"""graph.model refuses values that cannot be true, whichever reader hands them over."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ctgraph.graph.model import INT64_MAX, YEAR_MAX, YEAR_MIN, Agreement, Cooperation, Statistic
from ctgraph.ingest.seed import read_sources

EVIDENCE = [{"quote": "q", "locator": "l"}]


def _statistic(**kw: Any) -> Statistic:
    base: dict[str, Any] = {"id": "statistic:x", "counts": "c", "value": 1, "unit": "count", "evidence": EVIDENCE}
    return Statistic.model_validate(base | kw)


def _agreement(**kw: Any) -> Agreement:
    base: dict[str, Any] = {
        "id": "agreement:x", "title": "t", "kind": "bilateral", "status": "signed",
        "parties": ["CHN", "FRA"], "evidence": EVIDENCE,
    }
    return Agreement.model_validate(base | kw)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), INT64_MAX + 1, -INT64_MAX - 1, True])
def test_statistic_values_a_store_cannot_hold_are_refused(value: Any) -> None:
    with pytest.raises(ValidationError):
        _statistic(value=value)


@pytest.mark.parametrize("value", [0, 12, 2.5, INT64_MAX, -INT64_MAX])
def test_ordinary_values_pass(value: Any) -> None:
    assert _statistic(value=value).value == value


@pytest.mark.parametrize("year", [YEAR_MIN - 1, YEAR_MAX + 1, 0, 9999, -1])
def test_years_outside_the_range_are_refused(year: int) -> None:
    with pytest.raises(ValidationError, match="outside the years 1800..2100"):
        _statistic(year=year)
    if year >= 0:
        with pytest.raises(ValidationError, match="outside the years 1800..2100"):
            _agreement(date=f"{year:04d}")


def test_a_date_object_or_a_bare_year_is_taken_as_its_text() -> None:
    """YAML (or any caller) may hand over a date or an int: both become the checked text."""
    assert _agreement(date=date(2018, 1, 16)).date == "2018-01-16"
    assert _agreement(date=2014).date == "2014"


@pytest.mark.parametrize("field", ["title", "note"])
@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "\x9b2J", "x\u202ey", "\x7f"])
def test_control_characters_are_refused_in_any_text_field(field: str, text: str) -> None:
    with pytest.raises(ValidationError, match="holds a control character"):
        _agreement(**{field: text})


def test_control_characters_are_refused_inside_lists_and_nested_evidence() -> None:
    with pytest.raises(ValidationError, match="holds a control character"):
        Cooperation.model_validate(
            {"id": "cooperation:x", "title": "t", "kind": "liaison", "parties": ["CHN", "FRA"],
             "outcomes": ["ok", "bad\x1b[2J"], "evidence": EVIDENCE}
        )
    with pytest.raises(ValidationError, match="holds a control character"):
        _agreement(evidence=[{"quote": "q\x07", "locator": "l"}])


def test_tabs_and_newlines_are_ordinary_text() -> None:
    assert _agreement(note="line one\n\tline two").note == "line one\n\tline two"


@pytest.mark.parametrize("quote", ["", " ", "\n\t "])
def test_blank_quotes_are_refused(quote: str) -> None:
    with pytest.raises(ValidationError):
        _agreement(evidence=[{"quote": quote, "locator": "l"}])


def test_unquoted_valid_date_in_yaml_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        "source: source:t\nsources:\n  - id: source:t\n    title: T\n    kind: reference\n    publisher: P\n"
        "    excerpt: China and France signed\nagreements:\n  - id: agreement:x\n    title: X\n    kind: bilateral\n"
        "    status: signed\n    parties: [CHN, FRA]\n    date: 2018-01-16\n    evidence:\n"
        "      - quote: China and France signed\n        locator: l\n",
        encoding="utf-8",
    )
    facts, problems = read_sources([path])
    assert problems == []
    assert facts.section("agreements")[0].date == "2018-01-16"
