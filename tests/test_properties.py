"""Property-based tests (hypothesis): the readers never raise anything but their one
error type, whatever they are given; name normalisation never raises and is stable."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctgraph.graph.errors import SourceValidationError
from ctgraph.ingest.country_names import fold, repair_mojibake, resolve_name
from ctgraph.ingest.datasets import HEADERS
from ctgraph.ingest.registry import import_dataset
from ctgraph.ingest.seed import read_sources

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# YAML-ish text: fragments a fact file is made of, shuffled with arbitrary text.
_YAML_BITS = st.sampled_from(
    [
        "flows:\n", "  - id: flow:a\n", "    origin: CHN\n", "    destination: FRA\n", "    scope: cross_border\n",
        "    evidence:\n", "      - quote: x\n", "        locator: y\n", "statistics:\n", "    value: .nan\n",
        "    year: 99999\n", "    date: 2018-02-30\n", "&a ", "*a ", "<<: *a\n", "!!python/object:os.system\n",
        "[", "]", "{", "}", ": ", "- ", '"', "'", "\t", "\x00", "\x1b[31m", "\ufeff", "---\n", "...\n",
        "source: source:x\n", "sources:\n", "  - id: source:x\n    title: t\n    kind: report\n    publisher: p\n",
        "    path: /etc/passwd\n", "    path: ../../x\n",
    ]
)
_YAML_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_YAML_BITS, st.text(max_size=12)), max_size=30).map("".join),
)


@FAST
@given(text=_YAML_TEXT)
def test_seed_reader_gives_facts_or_problems_never_an_exception(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "facts.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _facts, problems = read_sources([path])
    for p in problems:
        assert p.file == str(path)
        assert "\n" not in p.message


@FAST
@given(data=st.binary(max_size=400))
def test_seed_reader_takes_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "facts.yaml"
        path.write_bytes(data)
        read_sources([path])


def _csv_text(kind: str) -> st.SearchStrategy[str]:
    header = ",".join(HEADERS[kind])
    cell = st.one_of(
        st.sampled_from(["", "FRA", "CHN", "NA", "-99", "0", "1", "2016", "<5", "1,094", "Total", "Nationals",
                         "by citizenship", "Detected trafficking victims", "Counts", '"', '""', "\x1b", "Türkiye"]),
        st.text(max_size=8),
    )
    row = st.lists(cell, min_size=0, max_size=len(HEADERS[kind]) + 2).map(",".join)
    newline = st.sampled_from(["\n", "\r\n", "\r"])
    return st.tuples(st.lists(row, max_size=8), newline, st.booleans()).map(
        lambda t: ((header + t[1]) if t[2] else "") + t[1].join(t[0])
    )


@pytest.mark.parametrize("kind", ["glotip", "ctdc"])
def test_csv_readers_give_a_batch_or_one_error_never_an_exception(kind: str) -> None:
    @FAST
    @given(text=_csv_text(kind), raw=st.binary(max_size=64))
    def check(text: str, raw: bytes) -> None:
        with tempfile.TemporaryDirectory() as d:
            for i, data in enumerate((text.encode("utf-8", errors="surrogatepass"), raw)):
                path = Path(d) / f"data{i}.csv"
                path.write_bytes(data)
                try:
                    batch, _summary = import_dataset(kind, path)
                except SourceValidationError as exc:
                    assert exc.problems and all(p.file == str(path) for p in exc.problems)
                    assert "\n" not in str(exc)
                else:
                    assert batch.name == kind
                    assert any(n.label == "Flow" or n.label == "Statistic" for n in batch.nodes)

    check()


# --------------------------------------------------------------------------- names


@FAST
@given(text=st.text(max_size=40), home=st.sampled_from([None, "CHN", "FRA", "NAM"]))
def test_resolve_name_never_raises_and_ignores_surrounding_space(text: str, home: str | None) -> None:
    m = resolve_name(text, home=home)
    assert resolve_name(f"  {text}\t ", home=home) == m
    if m is not None and m.iso3 is not None:
        assert pycountry.countries.get(alpha_3=m.iso3) is not None


@FAST
@given(text=st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@FAST
@given(text=st.text(max_size=40))
def test_repair_mojibake_never_raises_and_leaves_clean_text(text: str) -> None:
    repaired = repair_mojibake(text)
    assert isinstance(repaired, str)
    if text.isascii():
        assert repaired == text


@FAST
@given(code=st.sampled_from(sorted(c.alpha_3 for c in pycountry.countries)))
def test_every_country_name_and_code_maps_back_to_itself(code: str) -> None:
    country = pycountry.countries.get(alpha_3=code)
    assert resolve_name(code).iso3 == code  # type: ignore[union-attr]
    assert resolve_name(country.alpha_2).iso3 == code  # type: ignore[union-attr]
    assert resolve_name(country.name).iso3 == code  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["NA", " NA ", "NAM", "Namibia"])
def test_namibia_is_never_missing(text: str) -> None:
    m = resolve_name(text)
    assert m is not None and m.iso3 == "NAM"
