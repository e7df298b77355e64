"""The Python API (ctgraph.api): ``import ctgraph; g = ctgraph.open()`` opens the
store the CLI uses and answers what the CLI answers, resolving names and checking
arguments first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ctgraph
from ctgraph.graph.errors import AmbiguousName, ConfigError, CtgraphError, InvalidArgument, UnknownEntity
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "CTGRAPH_STORE")}
    env["CTGRAPH_HOME"] = str(home)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_import_ctgraph_loads_no_store_chart_or_driver(tmp_path: Path) -> None:
    res = _python(
        "import sys, ctgraph\n"
        "heavy = ('streamlit', 'pandas', 'neo4j', 'networkx', 'pycountry', 'ctgraph.api', 'ctgraph.graph.memory')\n"
        "print(sorted(m for m in heavy if m in sys.modules))",
        tmp_path,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_the_one_liner_of_the_issue_works(tmp_path: Path) -> None:
    res = _python("import ctgraph; print(ctgraph.open().gaps(country='Russia', top=3))", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("[")
    assert (tmp_path / "graph.sqlite").is_file()  # the CLI's store, seeded on first use


def test_open_uses_the_clis_store_and_answers_as_the_cli_does(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = ctgraph.open()
    assert g.store.name == "memory" and (home / "graph.sqlite").is_file()
    assert g.stats() == run_cli(capsys, "stats", "--json").json()
    assert g.gaps(country="China") == run_cli(capsys, "gaps", "--country", "CHN", "--json").json()
    assert g.gaps(country="China", top=2) == g.gaps(country="CHN")[:2]
    assert g.routes("中国", "France") == run_cli(capsys, "routes", "--from", "CHN", "--to", "FRA", "--json").json()
    assert g.country("UK") == run_cli(capsys, "country", "GBR", "--json").json()
    assert g.agreements("Viet Nam", as_of="2015") == run_cli(
        capsys, "agreements", "--country", "VNM", "--as-of", "2015", "--json").json()
    assert g.contacts("China", "UK") == run_cli(capsys, "contacts", "CHN:GBR", "--json").json()
    assert g.next_instrument("Thailand", top=3) == run_cli(
        capsys, "next-instrument", "THA", "--top", "3", "--json").json()
    with_onward = run_cli(capsys, "routes", "--from", "CHN", "--onward", "--json").json()
    assert g.onward("China") == with_onward["onward_connections"]
    assert g.routes(exploitation="forced labour") == g.routes(exploitation="forced_labour")
    g.close()


def test_open_in_a_given_home_and_in_memory(tmp_path: Path) -> None:
    with ctgraph.open(home=tmp_path / "elsewhere") as g:
        assert g.store.name == "memory" and g.stats()["nodes"]["Country"] > 10
    assert (tmp_path / "elsewhere" / "graph.sqlite").is_file()
    g = ctgraph.open(ctgraph.api.MEMORY)
    assert g.stats() == ctgraph.open(home=tmp_path / "elsewhere").stats()


def test_a_neo4j_uri_or_neo4j_uri_in_the_environment_opens_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    # nothing connects before the first question, so no server is needed to choose the store
    assert ctgraph.open("neo4j+s://db.example.org:7687").store.name == "neo4j"
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    assert ctgraph.open().store.name == "neo4j"
    with pytest.raises(ConfigError):  # credentials never travel inside a URI
        ctgraph.open("bolt://neo4j:secret@127.0.0.1:7687")
    with pytest.raises(InvalidArgument):
        ctgraph.open("http://127.0.0.1:7474")


@pytest.mark.usefixtures("home")
def test_names_are_resolved_and_bad_ones_named() -> None:
    g = ctgraph.open()
    with pytest.raises(UnknownEntity) as exc:
        g.country("Atlantis")
    assert str(exc.value).startswith("unknown country 'Atlantis'; did you mean ")
    with pytest.raises(UnknownEntity) as exc:
        g.gaps(country="Chnia")
    assert "China (CHN)" in str(exc.value)
    with pytest.raises(AmbiguousName) as amb:
        g.next_instrument("Korea")
    assert amb.value.candidates == ("KOR", "PRK")
    assert g.route_ends("China:region:europe") == ("CHN", "region:europe")


@pytest.mark.usefixtures("home")
@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda g: g.gaps(below="strong"), "below='strong' is not a coverage level"),
        (lambda g: g.routes(exploitation="organ trade"), "exploitation='organ trade' is not a known form"),
        (lambda g: g.routes(sort="loudest"), "sort='loudest' is not a ranking"),
        (lambda g: g.agreements(as_of="soon"), "as_of='soon' is not a date"),
        (lambda g: g.gaps(top=0), "top=0 is not a count"),
        (lambda g: g.routes(max_hops=9), "max_hops=9 is not a count; use a whole number from 1 to 4"),
        (lambda g: g.route_ends("CHN"), "route 'CHN': expected ORIGIN:DESTINATION"),
    ],
)
def test_bad_arguments_are_clear_value_errors(call: object, words: str) -> None:
    g = ctgraph.open()
    with pytest.raises(InvalidArgument) as exc:
        call(g)  # type: ignore[operator]
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, CtgraphError)
    assert str(exc.value).startswith(words)
