"""UNTC participants tables (ingest/untc.py) on committed slices of the real exports.

Fixture lines and what each row is for: tests/fixtures/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch
from ctgraph.graph.errors import CtgraphError, SourceValidationError
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.untc import AVL_EXCERPT, TREATIES, read_untc

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIP_2023 = FIXTURES / "untc_XVIII-12-a_2023_slice.csv"
UNTOC_2014 = FIXTURES / "untc_XVIII-12_untoc_2014_slice.csv"


def _parties(batch: GraphBatch) -> dict[str, dict[str, Any]]:
    return {r.end: dict(r.props) for r in batch.rels if r.type == "PARTY"}


@pytest.fixture(scope="module")
def tip() -> tuple[GraphBatch, dict[str, Any]]:
    return read_untc(TIP_2023, "XVIII-12-a", progress=False)


def test_spot_checks_bound_from_dates(tip: tuple[GraphBatch, dict[str, Any]]) -> None:
    p = _parties(tip[0])
    assert (p["CHN"]["consent"], p["CHN"]["consent_type"], p["CHN"]["since"]) == ("2010-02-08", "accession", "2010-03-10")
    assert p["CHN"]["footnotes"] == [1] and p["CHN"]["name_as_written"] == "China 1"
    assert (p["GBR"]["consent"], p["GBR"]["since"]) == ("2006-02-09", "2006-03-11")
    # France and Spain consented before the Protocol entered into force: bound from 25 Dec 2003.
    assert (p["FRA"]["consent"], p["FRA"]["since"]) == ("2002-10-29", "2003-12-25")
    assert (p["ESP"]["consent"], p["ESP"]["since"]) == ("2002-03-01", "2003-12-25")
    assert (p["DEU"]["consent"], p["DEU"]["since"]) == ("2006-06-14", "2006-07-14")
    assert p["UKR"]["footnotes"] == [6, 7]
    assert p["PSE"]["consent_type"] == "accession" and "COD" in p


def test_signed_only_parties_are_not_bound(tip: tuple[GraphBatch, dict[str, Any]]) -> None:
    p = _parties(tip[0])
    for iso in ("COG", "UGA"):
        assert p[iso]["bound"] is False and "since" not in p[iso] and "consent" not in p[iso]
        assert p[iso]["signed"]
    assert all("bound" not in props for iso, props in p.items() if iso not in ("COG", "UGA"))
    assert tip[1]["signed_only"] == ["COG", "UGA"]


def test_european_union_binds_no_member_state(tip: tuple[GraphBatch, dict[str, Any]]) -> None:
    p = _parties(tip[0])
    assert p["region:eu"]["members_bound"] is False
    assert p["region:eu"]["consent_type"] == "approval"
    assert not any("members_bound" in v for k, v in p.items() if k != "region:eu")
    assert tip[1]["european_union"] is True and tip[1]["parties"] == 10


def test_agreement_source_and_locators(tip: tuple[GraphBatch, dict[str, Any]]) -> None:
    batch, summary = tip
    assert batch.name == "untc-XVIII-12-a"
    (agreement,) = [n for n in batch.nodes if n.label == "Agreement"]
    assert agreement.id == "agreement:untc-xviii-12-a"
    assert {k: agreement.props[k] for k in ("kind", "status", "in_force", "treaty")} == {
        "kind": "multilateral", "status": "signed", "in_force": "2003-12-25", "treaty": "XVIII-12-a"}
    source = next(n for n in batch.nodes if n.id == "source:untc-xviii-12-a")
    assert "mtdsg_no=XVIII-12-a&chapter=18" in str(source.props["url"])
    assert source.props["date"] == "2017-12-29" == summary["newest_entry"]
    lines = TIP_2023.read_text(encoding="utf-8").splitlines()
    for props in _parties(batch).values():
        line = int(props["locator"].removeprefix("row "))
        assert props["quote"] == lines[line - 1]
        assert props["source"] == "source:untc-xviii-12-a"


def test_entry_into_force_quotes_are_verbatim() -> None:
    for t in TREATIES.values():
        assert t.source_quote in AVL_EXCERPT, t.code


def test_comma_separated_export_of_untoc() -> None:
    batch, summary = read_untc(UNTOC_2014, "XVIII-12", progress=False)
    p = _parties(batch)
    assert batch.name == "untc-XVIII-12"
    # China ratified after the 40th deposit: the 30th day after its own deposit.
    assert (p["CHN"]["consent"], p["CHN"]["since"]) == ("2003-09-23", "2003-10-23")
    assert p["FRA"]["since"] == "2003-09-29"
    assert p["VAT"]["consent_type"] == "accession"
    assert summary["signed_only"] == ["COG", "IRN"]


def test_reimport_replaces_the_treatys_parties(home: Path, tmp_path: Path) -> None:
    store = MemoryStore(home=home)
    store.load(read_untc(TIP_2023, "XVIII-12-a", progress=False)[0])
    lines = TIP_2023.read_text(encoding="utf-8").splitlines(keepends=True)
    newer = tmp_path / "newer.csv"
    newer.write_text("".join(lines[:3]), encoding="utf-8")  # header, Afghanistan, China
    MemoryStore(home=home).load(read_untc(newer, "XVIII-12-a", progress=False)[0])
    (a,) = [a for a in MemoryStore(home=home).agreements() if a["id"] == "agreement:untc-xviii-12-a"]
    assert a["parties"] == ["AFG", "CHN"]


def _bad(tmp_path: Path, text: str, treaty: str = "XVIII-12-a") -> str:
    f = tmp_path / "bad.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SourceValidationError) as exc:
        read_untc(f, treaty, progress=False)
    return str(exc.value).replace(str(f), "FILE")


HEADER = "Participant;Signature;Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d);ATTR_ENDPOINT\n"


def test_not_a_untc_table(tmp_path: Path) -> None:
    msg = _bad(tmp_path, "Iso3_code,Country,Region\nCHN,China,Asia\n")
    assert msg.startswith("FILE:1: header: not a UN Treaty Collection participants table")
    assert "export the 'Participants' table" in msg


def test_unknown_participant_names_row_and_column(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "Albania;12 Dec 2000;21 Aug 2002;nan\nAtlantis 3;;1 Jan 2005 a;nan\n")
    assert msg == (
        "FILE:3: column 1 ('Participant'): unknown participant name 'Atlantis'; add it to "
        "graph/country_aliases.csv as 'name,country,ISO3,note' (or correct the spelling)"
    )


def test_impossible_date(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "Albania;31 Feb 2001;21 Aug 2002;nan\n")
    assert msg.startswith("FILE:2: column 2 ('Signature'): '31 Feb 2001' is not a real date")


def test_bad_consent_suffix(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "Albania;12 Dec 2000;21 Aug 2002 x;nan\n")
    assert msg.startswith("FILE:2: column 3 ('Ratification, Acceptance(A)")


def test_short_row(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "Albania;12 Dec 2000;21 Aug 2002;nan\nChina 1;\n")
    assert msg.startswith("FILE:3: column 3 ('Ratification, Acceptance(A)")
    assert "the row has 2 field(s)" in msg


def test_participant_twice(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "France;12 Dec 2000;29 Oct 2002;nan\nFrance 3;;1 Jan 2005 a;nan\n")
    assert msg.startswith("FILE:3: column 1 ('Participant'): 'France' is the same participant as row 2")


def test_all_problems_counted_in_one_error(tmp_path: Path) -> None:
    msg = _bad(tmp_path, HEADER + "Atlantis;;1 Jan 2005 a;nan\nAlbania;31 Feb 2001;;nan\n")
    assert msg.startswith("FILE:2: ") and msg.endswith("(and 1 more problem)")


def test_known_non_country_is_reported_not_loaded(tmp_path: Path) -> None:
    f = tmp_path / "t.csv"
    f.write_text(HEADER + "Albania;12 Dec 2000;21 Aug 2002;nan\nKosovo;;1 Jan 2010 a;nan\n", encoding="utf-8")
    batch, summary = read_untc(f, "XVIII-12-a", progress=False)
    assert list(_parties(batch)) == ["ALB"]
    assert summary["unmapped"] == [{"name": "Kosovo", "kind": "no_iso_code", "rows": 1}]


def test_unknown_treaty() -> None:
    with pytest.raises(CtgraphError, match="unknown treaty 'XVIII-99': use one of XVIII-12, XVIII-12-a, XVIII-12-b"):
        read_untc(TIP_2023, "XVIII-99", progress=False)


@pytest.mark.realdata
def test_real_tables(shared_data: Path) -> None:
    batch, summary = read_untc(shared_data / "untc-tip-protocol-2023" / "untc_XVIII-12-a_2023.csv", "XVIII-12-a",
                               progress=False)
    assert (summary["rows"], summary["parties"], summary["signed_only"]) == (182, 179, ["COG", "UGA"])
    assert summary["unmapped"] == [] and summary["newest_entry"] == "2022-11-04"
    p = _parties(batch)
    # Not parties among UN members (data README): none of them is bound.
    for iso in ("BTN", "IRN", "MHL", "PNG", "PRK", "SLB", "SOM", "SSD", "TON", "TUV", "VUT", "WSM", "YEM"):
        assert iso not in p
    old = shared_data / "untc-chapter-xviii-12-2014"
    for name, treaty in (("untc_XVIII-12_untoc_2014.csv", "XVIII-12"),
                         ("untc_XVIII-12-a_tip_protocol_2014.csv", "XVIII-12-a"),
                         ("untc_XVIII-12-b_smuggling_protocol_2014.csv", "XVIII-12-b")):
        b, s = read_untc(old / name, treaty, progress=False)
        assert s["unmapped"] == [], name
        # The 2014 and 2023 tables agree on every shared consent date (data README).
        if treaty == "XVIII-12-a":
            for iso, props in _parties(b).items():
                if "consent" in props and "consent" in p.get(iso, {}):
                    assert props["consent"] == p[iso]["consent"], iso
