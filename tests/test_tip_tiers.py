"""US TIP tiers reader (ingest/tip_tiers.py) on a committed slice of the real file.

Fixture lines: tests/fixtures/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import NODE_LABELS, GraphBatch
from ctgraph.graph.errors import SourceValidationError
from ctgraph.ingest.tip_tiers import TIP_TIERS_SOURCE, read_tip_tiers
from tests.conftest import seeded_memory_store

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tip_tiers_slice.csv"
HEADER = '"countryname","iso","year","ccode","tier"\n'


@pytest.fixture(scope="module")
def tiers() -> tuple[GraphBatch, dict[str, Any]]:
    return read_tip_tiers(FIXTURE, progress=False)


def _tier(batch: GraphBatch, ident: str) -> dict[str, Any]:
    (node,) = [n for n in batch.nodes if n.id == ident]
    assert node.label == "TipTier" and "TipTier" in NODE_LABELS
    return dict(node.props)


def test_tiers_with_trailing_spaces_and_watchlist(tiers: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = tiers
    assert _tier(batch, "tiptier:chn-2012") == {
        "year": 2012, "tier": "2WL", "tier_label": "Tier 2 Watch List", "rank": 3, "country": "CHN",
        "dataset": TIP_TIERS_SOURCE.id, "tier_as_written": "Watchlist    ",
    }
    assert _tier(batch, "tiptier:chn-2013")["tier"] == "3"
    assert _tier(batch, "tiptier:gbr-2015")["tier_label"] == "Tier 1"
    assert _tier(batch, "tiptier:srb-2015")["tier"] == "2"  # ccode NA is ignored
    assert _tier(batch, "tiptier:nam-2015")["country"] == "NAM"


def test_not_ranked_and_kosovo_are_counted_not_written(tiers: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = tiers
    ids = {n.id for n in batch.nodes}
    assert "tiptier:afg-1999" not in ids and "tiptier:afg-2002" in ids
    assert not any("kos" in i for i in ids)
    assert summary["not_ranked"] == 1
    assert summary["unmapped"] == [{"name": "Kosovo", "kind": "no_iso_code", "rows": 1}]
    assert (summary["rows"], summary["tiers"], summary["years"]) == (10, 8, [2002, 2015])


def test_each_tier_is_about_its_country_with_its_row_as_evidence(tiers: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, _ = tiers
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    about = {r.start: r.end for r in batch.rels if r.type == "ABOUT"}
    assert about["tiptier:tha-2014"] == "THA"
    (ev,) = [r for r in batch.rels if r.type == "EVIDENCE" and r.start == "tiptier:tha-2014"]
    assert ev.end == TIP_TIERS_SOURCE.id
    assert ev.props == {"quote": lines[9], "locator": "row 10"}


def test_loads_into_the_store_beside_the_seed(tiers: tuple[GraphBatch, dict[str, Any]]) -> None:
    store = seeded_memory_store()
    store.load(tiers[0])
    assert store.stats()["nodes"]["TipTier"] == 8
    # context in the country profile, year by year, with the row it comes from
    profile = store.country("AFG")
    assert [t["year"] for t in profile["tip_tiers"]] == sorted(t["year"] for t in profile["tip_tiers"])
    assert profile["tip_tiers"] and all(t["evidence"][0]["locator"].startswith("row ") for t in profile["tip_tiers"])


def _bad(tmp_path: Path, text: str) -> str:
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SourceValidationError) as exc:
        read_tip_tiers(f, progress=False)
    return str(exc.value).replace(str(f), "FILE")


def test_bad_header(tmp_path: Path) -> None:
    assert _bad(tmp_path, "Participant;Signature\n").startswith("FILE:1: header: not a US TIP tiers file")


def test_unknown_tier_names_row_and_column(tmp_path: Path) -> None:
    assert _bad(tmp_path, HEADER + '"China","CHN",2013,710,"Tier 4"\n') == (
        "FILE:2: column 5 ('tier'): 'Tier 4' is not a tier: use Tier 1, Tier 2, Watchlist (Tier 2 Watch List), "
        "Tier 3 or NA"
    )


def test_bad_year_short_row_and_duplicate(tmp_path: Path) -> None:
    assert _bad(tmp_path, HEADER + '"China","CHN",13,710,"Tier 3"\n').startswith("FILE:2: column 3 ('year'): '13'")
    assert _bad(tmp_path, HEADER + '"China","CHN",2013\n').startswith("FILE:2: column 4 ('ccode') and after are missing")
    msg = _bad(tmp_path, HEADER + '"China","CHN",2013,710,"Tier 3"\n"China","CHN",2013,710,"Tier 2"\n')
    assert msg.startswith("FILE:3: columns 2-3: CHN 2013 already has a tier on row 2")


@pytest.mark.realdata
def test_real_file(shared_data: Path) -> None:
    _, summary = read_tip_tiers(shared_data / "us-tip-tiers" / "tip_tiers_orig.csv", progress=False)
    assert summary["rows"] == 3208 and summary["years"] == [2001, 2015]
    assert summary["unmapped"] == [{"name": "Kosovo", "kind": "no_iso_code", "rows": 17}]
