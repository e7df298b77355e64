"""The one name layer for people (graph.names): the CLI, the Python API and the
dashboard's pickers take everyday names, translations and codes; an ambiguous
name asks, never guesses."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph.graph.errors import AmbiguousName, UnknownEntity
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.names import close_countries, country_code, country_code_of, resolve, resolve_country
from ctgraph.graph.vocabulary import EXPLOITATION_FORMS, exploitation_value
from tests.cli_helpers import run_cli

EVERYDAY = {
    "UK": "GBR",
    "United Kingdom": "GBR",
    "Britain": "GBR",
    "Russia": "RUS",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Burma": "MMR",
    "The Netherlands": "NLD",
    "Holland": "NLD",
    "DRC": "COD",
    "Democratic Republic of the Congo": "COD",
    "Ivory Coast": "CIV",
    "Côte d'Ivoire": "CIV",
    "Macau": "MAC",
    "Macao": "MAC",
    "中国": "CHN",
    "越南": "VNM",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "South Korea": "KOR",
    "Laos": "LAO",
    # codes in any case, names with dots, translations in French and Spanish
    "chn": "CHN",
    "gb": "GBR",
    "U.K.": "GBR",
    "Royaume-Uni": "GBR",
    "Reino Unido": "GBR",
    "英国": "GBR",
    "Allemagne": "DEU",
    "Estados Unidos": "USA",
    "Guinea": "GIN",  # not ambiguous: Guinea-Bissau and Equatorial Guinea have names of their own
}


@pytest.mark.parametrize(("name", "iso3"), EVERYDAY.items())
def test_everyday_names_resolve(name: str, iso3: str) -> None:
    assert country_code_of(name) == iso3


@pytest.mark.parametrize(
    ("name", "codes"),
    [("Congo", ("COG", "COD")), ("congo", ("COG", "COD")), ("Korea", ("KOR", "PRK")), ("Virgin Islands", ("VGB", "VIR"))],
)
def test_an_ambiguous_name_asks_with_both_candidates(name: str, codes: tuple[str, ...]) -> None:
    with pytest.raises(AmbiguousName) as exc:
        country_code_of(name)
    assert isinstance(exc.value, UnknownEntity)
    assert exc.value.candidates == codes
    message = str(exc.value)
    for code in codes:
        assert f"({code})" in message
    assert len(message.splitlines()) == 1


def test_readers_keep_un_names_while_people_are_asked() -> None:
    # GLOTIP writes UN names: "Congo" is the Republic of the Congo there
    assert country_code("Congo") == "COG"
    with pytest.raises(AmbiguousName):
        country_code_of("Congo")


def test_unknown_names_suggest_close_countries() -> None:
    with pytest.raises(UnknownEntity) as exc:
        country_code_of("Untied Kingdom")
    assert str(exc.value).startswith("unknown country 'Untied Kingdom'; did you mean United Kingdom (GBR)")
    assert close_countries("Chnia")[0] == "China (CHN)"
    assert close_countries("Rusia")[0] == "Russian Federation (RUS)"
    # a name that is no country is not one, even if the readers know the word
    for word in ("Nationals", "Unknown", "Kosovo", ""):
        with pytest.raises(UnknownEntity):
            country_code_of(word)


def test_uk_is_never_taken_for_ukraine() -> None:
    assert country_code_of("UK") == "GBR" and country_code_of("uk") == "GBR"
    assert not close_countries("UKK")[0].startswith("Ukraine")


def test_a_region_of_the_graph_keeps_its_own_name(seed_store: MemoryStore) -> None:
    # the seed's "Congo" is a region of kind ambiguous (the report does not say which):
    # routes --from/--to Congo mean that region, a country question asks
    assert resolve(seed_store, "Congo") == "region:congo"
    assert resolve(seed_store, "region:congo") == "region:congo"
    with pytest.raises(AmbiguousName):
        resolve_country(seed_store, "Congo")
    with pytest.raises(AmbiguousName):
        resolve(MemoryStore(home=None), "Congo")  # no such region: ask
    assert resolve(seed_store, "Ivory Coast") == "CIV"


def test_exploitation_forms_as_tables_print_them() -> None:
    for value, words in EXPLOITATION_FORMS.items():
        assert exploitation_value(words) == value
        assert exploitation_value(words.upper()) == value
        assert exploitation_value(value) == value
    assert exploitation_value("organ trade") is None


@pytest.mark.usefixtures("home")
def test_cli_takes_everyday_names_and_printed_forms(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("UK", "Russia", "中国", "Côte d'Ivoire", "Ivory Coast", "DRC"):
        res = run_cli(capsys, "country", name, "--json")
        assert res.code == 0, (name, res.err)
        assert res.json()["iso3"] == EVERYDAY[name]
    res = run_cli(capsys, "country", "Congo")
    assert res.code == 1 and res.out == ""
    assert res.err == (
        "Error: 'Congo' may mean Congo (COG) or Congo, The Democratic Republic of the (COD); "
        "give the code or the full name\n"
    )
    by_value = run_cli(capsys, "routes", "--exploitation", "sexual_exploitation", "--json").json()
    by_words = run_cli(capsys, "routes", "--exploitation", "Sexual Exploitation", "--json").json()
    assert by_value and by_words == by_value
    res = run_cli(capsys, "routes", "--exploitation", "organ trade")
    assert res.code == 1 and res.err.startswith("Error: --exploitation 'organ trade' is not a known form")


def test_the_alias_table_is_package_data_of_graph() -> None:
    from ctgraph.graph.names import ALIASES_FILE

    assert ALIASES_FILE.parent.name == "graph" and ALIASES_FILE.is_file()
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    import tomllib

    assert "*.csv" in tomllib.loads(pyproject)["tool"]["setuptools"]["package-data"]["ctgraph.graph"]
