"""The one country-name normalisation layer (ingest.country_names) and its alias table."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ctgraph.graph.countries import is_iso3
from ctgraph.graph.errors import SourceValidationError
from ctgraph.ingest.country_names import (
    ALIASES_FILE,
    KINDS,
    _read_aliases,
    country_code,
    fold,
    repair_mojibake,
    resolve_name,
)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        # ISO codes, alpha-2 and alpha-3; Namibia's NA is a country, not "missing"
        ("NA", "NAM"),
        ("NAM", "NAM"),
        ("CN", "CHN"),
        ("HK", "HKG"),
        ("MO", "MAC"),
        # ISO names, with and without accents and punctuation
        ("China", "CHN"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        # demonyms as GLOTIP reports them
        ("Romanian", "ROU"),
        ("Nigerians", "NGA"),
        ("Chinese", "CHN"),
        ("Nigerin", "NER"),
        ("Filippino", "PHL"),
        # Spanish, French and Italian names, any case
        ("Brasil", "BRA"),
        ("BRASIL", "BRA"),
        ("R.Dominicana", "DOM"),
        ("Marruecos", "MAR"),
        ("MARRUECOS", "MAR"),
        ("Chine", "CHN"),
        ("Cina Popolare", "CHN"),
        ("Roumanie", "ROU"),
        # UN-style and abbreviated names
        ("China, Hong Kong Special Administrative Region", "HKG"),
        ("China, Taiwan Province of China", "TWN"),
        ("Turkey", "TUR"),
        ("Russia", "RUS"),
        ("UK", "GBR"),
        ("Sark", "GGY"),
    ],
)
def test_names_map_to_iso3(name: str, iso3: str) -> None:
    assert country_code(name) == iso3


def test_congo_alone_is_the_republic_of_the_congo_as_un_names_it() -> None:
    # GLOTIP uses UN names: "Congo" is COG; DR Congo is written out in full.
    assert country_code("Congo") == "COG"
    assert country_code("Democratic Republic of the Congo") == "COD"
    assert country_code("Congolese (DRC)") == "COD"


def test_mojibake_is_repaired_by_a_latin1_round_trip() -> None:
    assert repair_mojibake("TÃ¼rkiye") == "Türkiye"
    m = resolve_name("TÃ¼rkiye")
    assert m is not None and (m.iso3, m.how) == ("TUR", "repaired")
    assert country_code("RUMANÃ\x8dA") == "ROU"  # Í as C3 8D read as Latin-1
    assert country_code("CÃ´te dâ€™Ivoire") == "CIV"  # cp1252 curly quote


def test_replacement_character_matches_one_lost_character_when_unambiguous() -> None:
    for damaged, iso3 in [
        ("T\ufffdrkiye", "TUR"),
        ("Rep\ufffdblica Dominicana", "DOM"),
        ("C\ufffdte d\ufffdIvoire", "CIV"),
        ("BELICE\ufffdA", "BLZ"),
        ("Hait\ufffd", "HTI"),
    ]:
        m = resolve_name(damaged)
        assert m is not None and (m.iso3, m.how) == (iso3, "wildcard"), damaged
    # "Nationals" in Spanish with a lost "í" still means the reporting country
    m = resolve_name("Ciudadanos de su pa\ufffds", home="ARG")
    assert m is not None and (m.kind, m.iso3) == ("nationals", "ARG")


def test_ambiguous_damage_is_not_guessed() -> None:
    # "Ira?" fits both Iran and Iraq: it stays unmapped (and shows in --report)
    assert resolve_name("Ira\ufffd") is None


def test_nationals_map_to_the_reporting_country() -> None:
    m = resolve_name("Nationals", home="ITA")
    assert m is not None and (m.kind, m.iso3) == ("nationals", "ITA")
    m = resolve_name("Nationals")
    assert m is not None and (m.kind, m.iso3) == ("nationals", None)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Unknown", "unknown"),
        ("", "unknown"),
        ("Inconnue", "unknown"),
        ("NO DETERMINADA", "unknown"),
        ("N/A", "unknown"),
        ("Abroad", "abroad"),
        ("foreigners", "foreigners"),
        ("Stateless", "stateless"),
        ("Other Asia", "region"),
        ("European Economic Area", "region"),
        ("Former Yugoslavia", "former_state"),
        ("Kosovo under UNSCR 1244", "no_iso_code"),
        ("TOTAL", "total"),
        ("145", "not_a_name"),
        ("Q6.1_10s_2019", "not_a_name"),
    ],
)
def test_non_country_names_are_recognised_and_carry_no_code(name: str, kind: str) -> None:
    m = resolve_name(name, home="USA")
    assert m is not None and m.kind == kind and m.iso3 is None


def test_unknown_names_are_none() -> None:
    assert resolve_name("Atlantis") is None
    assert country_code("Atlantis") is None


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("RUMANÍA") == fold("Rumania") == "rumania"
    assert fold("Côte d’Ivoire") == fold("COTE D'IVOIRE")


def test_alias_table_is_valid_sorted_and_unambiguous() -> None:
    with ALIASES_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["name", "kind", "iso3", "note"]
    body = rows[1:]
    assert body, "the alias table is not empty"
    for name, kind, iso3, _note in body:
        assert kind in KINDS
        assert (kind == "country") == bool(iso3)
        if iso3:
            assert is_iso3(iso3), name
    order = [(kind != "country", kind, name.casefold()) for name, kind, _iso3, _ in body]
    assert order == sorted(order), "keep the table sorted (countries first, then by kind and name)"
    keys = [fold(name) for name, *_ in body]
    assert len(keys) == len(set(keys)), "two rows fold to the same name"


def test_alias_table_rejects_a_bad_code_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.csv"
    bad.write_text("name,kind,iso3,note\nChinese,country,CHN,\nAtlantean,country,ATL,\n", encoding="utf-8")
    with pytest.raises(SourceValidationError) as exc:
        _read_aliases(bad)
    assert str(exc.value) == f"{bad}:3: iso3: 'ATL' is not an ISO 3166-1 alpha-3 code"


def test_alias_table_rejects_contradictions(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.csv"
    bad.write_text("name,kind,iso3,note\nChino,country,CHN,\nCHINO,country,CHL,\n", encoding="utf-8")
    with pytest.raises(SourceValidationError) as exc:
        _read_aliases(bad)
    assert "contradicts line 2" in str(exc.value)
