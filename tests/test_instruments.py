"""The instruments registry in seed/facts/instruments: spot facts, representation, validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ctgraph.graph.model import Agreement, date_bounds
from ctgraph.ingest.seed import SEED_DIR, read_sources, seed_batch

INSTRUMENTS = SEED_DIR / "facts" / "instruments"


@pytest.fixture(scope="module")
def facts() -> Any:
    f, problems = read_sources()
    assert problems == []
    return f


@pytest.fixture(scope="module")
def batch(facts: Any) -> Any:
    return seed_batch(facts)


def _agreement(facts: Any, ident: str) -> Agreement:
    (a,) = [a for a in facts.section("agreements") if a.id == ident]
    return a  # type: ignore[no-any-return]


def _party_rels(batch: Any, ident: str) -> dict[str, dict[str, Any]]:
    return {r.end: dict(r.props) for r in batch.rels if r.type == "PARTY" and r.start == ident}


def test_cets_197_parties_and_dates(facts: Any, batch: Any) -> None:
    a = _agreement(facts, "agreement:coe-cets-197")
    assert (a.kind, a.in_force, len(a.parties)) == ("regional", "2008-02-01", 48)
    p = _party_rels(batch, "agreement:coe-cets-197")
    assert set(p) == set(a.parties) and "RUS" not in p
    assert p["ALB"]["since"] == "2008-02-01" and p["ALB"]["consent"] == "2007-02-06"
    assert p["FRA"]["since"] == "2008-05-01"
    assert p["GBR"]["since"] == "2009-04-01"
    assert (p["BLR"]["consent_type"], p["BLR"]["since"]) == ("accession", "2014-03-01")
    assert p["CHE"]["since"] == "2013-04-01"
    # Every party has a date from a source (or computed from a quoted deposit), never a page's retrieval.
    assert p["DEU"]["since"] == "2013-04-01"
    assert all(not r["since"].startswith("2026") for r in p.values())
    assert all(r["source"] and r["quote"] and r["locator"] for r in p.values())


def test_directive_binds_eu_members_except_denmark(facts: Any, batch: Any) -> None:
    a = _agreement(facts, "agreement:eu-directive-2011-36")
    assert a.in_force == "2011-04-15" and "DNK" not in a.parties and len(a.parties) == 27
    p = _party_rels(batch, "agreement:eu-directive-2011-36")
    assert (p["GBR"]["since"], p["GBR"]["until"]) == ("2011", "2020-12-31")
    assert p["HRV"]["since"] == "2013-07-01"
    assert p["FRA"]["since"] == "2011-04-15" and "until" not in p["FRA"]


def test_actip_and_commit(facts: Any, batch: Any) -> None:
    p = _party_rels(batch, "agreement:asean-actip")
    assert {c for c, r in p.items() if r.get("bound", True)} == {"KHM", "SGP", "THA", "VNM", "MMR", "PHL", "LAO", "MYS", "IDN"}
    assert "since" not in p["BRN"]
    assert p["IDN"]["since"] == "2018"  # Law No. 12 of 2017; the deposit date is not in the sources
    assert p["LAO"]["since"] == p["MYS"]["since"] == "2017-10"  # bound by then at the latest (8 of 10 ratified)
    assert p["PHL"]["consent"] == "2017-02-07"
    commit = _agreement(facts, "agreement:commit-mou-2004")
    assert commit.date == "2004-10-29" and sorted(commit.parties) == ["CHN", "KHM", "LAO", "MMR", "THA", "VNM"]
    assert {r["since"] for r in _party_rels(batch, "agreement:commit-mou-2004").values()} == {"2004-10-29"}


def test_china_thailand_status_history(batch: Any) -> None:
    status = sorted(
        (r for r in batch.rels if r.type == "STATUS" and r.start == "agreement:chn-tha-bilateral"), key=lambda r: r.key
    )
    assert [(r.key, r.props["status"], r.props["date"], r.end) for r in status] == [
        ("0", "negotiating", "2018-01", "source:iom-sanya-2018"),
        ("1", "signed", "2018-11-02", "source:un-act-chn-tha-mou-2018"),
    ]
    assert {r["since"] for r in _party_rels(batch, "agreement:chn-tha-bilateral").values()} == {"2018-11-02"}


def test_every_agreement_has_a_dated_status(batch: Any) -> None:
    agreements = {n.id for n in batch.nodes if n.label == "Agreement"}
    dated = {r.start for r in batch.rels if r.type == "STATUS" and r.props.get("date")}
    assert agreements == dated


def test_memberships_are_context_with_years(facts: Any, batch: Any) -> None:
    rels = [r for r in batch.rels if r.type == "MEMBER_OF" and r.end.startswith("region:igo-")]
    assert len(rels) == 481
    by = {(r.start, r.end): r.props for r in rels}
    assert by[("HRV", "region:igo-eu")]["since"] == "2013"
    assert "until" not in by[("GBR", "region:igo-eu")]  # the data end in 2014
    assert "Known error" in by[("ZAF", "region:igo-sadc")]["note"]
    assert ("ISR", "region:igo-coe") not in by  # observer, never a member
    # No instrument names a COW bloc as a party: membership alone is never coverage.
    assert not any(r.type == "PARTY" and r.end.startswith("region:igo-") for r in batch.rels)
    lines = (SEED_DIR / "sources" / "cow-igo-v3-selected-regional-memberships.csv").read_text(encoding="utf-8").splitlines()
    for props in by.values():
        assert props["quote"] == lines[int(props["locator"].removeprefix("row ")) - 1]


def _agreement_data(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "agreement:x", "title": "X", "kind": "bilateral", "status": "signed", "parties": ["CHN", "THA"],
        "evidence": [{"quote": "q", "locator": "l"}],
    }
    data.update(over)
    return data


def test_model_rejects_inconsistent_terms_and_history() -> None:
    ev = [{"quote": "q", "locator": "l"}]
    with pytest.raises(ValidationError, match="'FRA' is not one of the parties"):
        Agreement.model_validate(_agreement_data(party_terms=[{"party": "FRA", "since": "2010"}]))
    with pytest.raises(ValidationError, match="oldest first"):
        Agreement.model_validate(_agreement_data(status_history=[
            {"status": "signed", "date": "2018-11-02", "evidence": ev},
            {"status": "negotiating", "date": "2018-01", "evidence": ev}]))
    with pytest.raises(ValidationError, match="not the latest status"):
        Agreement.model_validate(_agreement_data(status="negotiating", status_history=[
            {"status": "signed", "date": "2018-11-02", "evidence": ev}]))
    with pytest.raises(ValidationError, match="invalid date '2018-02-30'"):
        Agreement.model_validate(_agreement_data(party_terms=[{"party": "CHN", "since": "2018-02-30"}]))
    with pytest.raises(ValidationError, match="until 2010 is before since 2011"):
        Agreement.model_validate(_agreement_data(party_terms=[{"party": "CHN", "since": "2011", "until": "2010"}]))
    with pytest.raises(ValidationError, match="takes no since/until"):
        Agreement.model_validate(_agreement_data(party_terms=[{"party": "CHN", "since": "2011", "bound": False}]))
    assert date_bounds("2016")[1].isoformat() == "2016-12-31"


def test_validator_checks_party_and_status_quotes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (SEED_DIR / "facts" / "sources.yaml").read_text(encoding="utf-8").replace("sources/", str(SEED_DIR / "sources") + "/")
        + """
agreements:
  - id: agreement:test
    title: Test
    kind: bilateral
    status: signed
    parties: [CHN, THA]
    party_terms:
      - party: CHN
        since: "2018-11-02"
        evidence:
          - source: source:un-act-chn-tha-mou-2018
            quote: signed a treaty of eternal friendship
            locator: excerpt
    status_history:
      - status: signed
        date: "2018-11-02"
        evidence:
          - source: source:un-act-chn-tha-mou-2018
            quote: signed in Paris
            locator: excerpt
    evidence:
      - source: source:un-act-chn-tha-mou-2018
        quote: The two countries will now start developing a joint Plan of Action
        locator: excerpt
""",
        encoding="utf-8",
    )
    _, problems = read_sources([bad])
    messages = [f"{p.line}: {p.message}" for p in problems]
    text = bad.read_text(encoding="utf-8").splitlines()
    line_terms = next(i for i, t in enumerate(text, 1) if "eternal friendship" in t)
    line_status = next(i for i, t in enumerate(text, 1) if "signed in Paris" in t)
    assert messages == [
        f"{line_terms - 1}: evidence: quote not found verbatim in source:un-act-chn-tha-mou-2018: "
        "'signed a treaty of eternal friendship'",
        f"{line_status - 1}: evidence: quote not found verbatim in source:un-act-chn-tha-mou-2018: 'signed in Paris'",
    ]


# --------------------------------------------------------------------------- retrieval dates (issue 18)

#: Source files whose web pages state the day they were read (others are still being written).
RETRIEVED_FILES = ["instruments/sources.yaml", "instruments/sources-cets-197.yaml",
                   "instruments/sources-regional-asia-americas.yaml", "instruments/sources-regional-africa.yaml"]


def test_web_sources_say_when_they_were_read(facts: Any) -> None:
    by_file: dict[str, list[Any]] = {}
    for it in facts.items:
        if it.section == "sources":
            by_file.setdefault(str(Path(it.file).relative_to(SEED_DIR / "facts")), []).append(it.fact)
    for name in RETRIEVED_FILES:
        web = [s for s in by_file[name] if s.url and not s.path]
        assert web and all(s.retrieved for s in web), [s.id for s in web if not s.retrieved]
        assert all(s.date != s.retrieved for s in web)
    assert {s.retrieved for s in by_file["instruments/sources-cets-197.yaml"]} == {"2026-12-04"}
    (un_act,) = [s for s in by_file["sources.yaml"] if s.id == "source:un-act-chn-tha-mou-2018"]
    assert (un_act.date, un_act.retrieved) == ("2018-11-06", "2026-12-01")


def test_no_party_is_bound_from_a_retrieval_date(facts: Any, batch: Any) -> None:
    retrieved = {s.retrieved for s in facts.section("sources") if s.retrieved}
    assert "2026-12-01" in retrieved and "2026-12-04" in retrieved
    parties = [(r.start, r.end, r.props.get("since")) for r in batch.rels if r.type == "PARTY"]
    assert len(parties) > 100
    assert [p for p in parties if p[2] in retrieved] == []
    statuses = [(r.start, r.props.get("date")) for r in batch.rels if r.type == "STATUS"]
    assert [s for s in statuses if s[1] in retrieved] == []


def test_a_since_filled_in_from_a_retrieval_day_is_refused(tmp_path: Path) -> None:
    from ctgraph.ingest.seed import read_sources as read

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        """source: source:page
sources:
  - id: source:page
    title: Undated page
    kind: reference
    publisher: Test
    url: https://example.org/
    retrieved: "2026-12-01"
    excerpt: Cambodia and Viet Nam signed an agreement against trafficking.
agreements:
  - id: agreement:khm-vnm-test
    title: Test agreement
    kind: bilateral
    status: signed
    parties: [KHM, VNM]
    status_history:
      - status: signed
        date: "2026-12-01"
        evidence:
          - quote: Cambodia and Viet Nam signed an agreement against trafficking.
            locator: excerpt
    evidence:
      - quote: Cambodia and Viet Nam signed an agreement against trafficking.
        locator: excerpt
""",
        encoding="utf-8",
    )
    _facts, problems = read([bad])
    messages = [f"{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("18: status_history: signed 2026-12-01 is the day source:page was read") for m in messages)
    for party in ("KHM", "VNM"):  # no since of its own: the one filled in from the signature is refused too
        assert any(m.startswith(f"15: party {party}: bound since 2026-12-01 (filled in from the agreement's dates")
                   for m in messages), messages


# --------------------------------------------------------------------------- status before binding (issue 18)


def test_an_agreement_is_listed_with_its_status_before_it_binds(seed_store: Any) -> None:
    def listed(country: str, day: str) -> dict[str, str]:
        return {a["id"]: a["status"] for a in seed_store.agreements(country=country, as_of=day)}

    assert listed("CHN", "2018-01")["agreement:chn-tha-bilateral"] == "negotiating"
    assert listed("THA", "2018-06")["agreement:chn-tha-bilateral"] == "negotiating"
    assert listed("CHN", "2018-11-02")["agreement:chn-tha-bilateral"] == "signed"
    assert "agreement:chn-tha-bilateral" not in listed("CHN", "2017-12")  # no source gives it a status yet
    assert "agreement:chn-tha-bilateral" not in listed("VNM", "2018-01")  # not a party
    # listed is not bound: coverage of the pair stays below bilateral until the signature
    cov = seed_store.brief("CHN", "THA", as_of="2018-01")
    assert "agreement:chn-tha-bilateral" not in {i["id"] for r in cov["routes"] for i in r["instruments"]
                                               if i["level"] == "bilateral"}


def test_cli_lists_china_thailand_as_negotiating_in_january_2018(capsys: Any, home: Path) -> None:
    from tests.cli_helpers import run_cli

    data = run_cli(capsys, "agreements", "--country", "CHN", "--as-of", "2018-01", "--json").json()
    assert isinstance(data, list)
    (tha,) = [a for a in data if a["id"] == "agreement:chn-tha-bilateral"]
    assert tha["status"] == "negotiating"


# --------------------------------------------------------------------------- what a gap list rests on (issue 18)


def test_measured_counts_the_instruments_binding_on_the_day(seed_store: Any) -> None:
    from ctgraph.graph.analysis import period_end, period_start

    day = "2024-01-01"
    m = seed_store.measured(day)
    expected = dict.fromkeys(("bilateral", "regional", "multilateral"), 0)
    for a in seed_store.agreements(as_of=day):
        bound = [t for t in a["terms"] if t["bound"] and t["since"] and period_end(t["since"]).isoformat() <= day
                 and not (t["until"] and period_start(t["until"]).isoformat() < day)]
        if a["status"] == "signed" and bound:
            expected[a["kind"]] += 1
    assert m["by_kind"] == expected and m["instruments"] == sum(expected.values()) > 10
    assert m["as_of"] == day
    assert seed_store.measured("1990")["instruments"] < m["instruments"]


def test_gaps_table_says_what_it_was_measured_against(capsys: Any, home: Path) -> None:
    from ctgraph.graph.vocabulary import measured_sentence
    from tests.cli_helpers import run_cli
    from tests.conftest import seeded_memory_store

    res = run_cli(capsys, "gaps", "--as-of", "2024-01-01")
    assert res.code == 0
    sentence = measured_sentence(seeded_memory_store().measured("2024-01-01"))
    assert sentence.startswith("Measured against ") and " binding on 2024-01-01 (" in sentence
    assert sentence in " ".join(res.out.split())
    assert isinstance(run_cli(capsys, "gaps", "--json").json(), list)  # the JSON contract stays a list
