"""Source.language (issue 24): the language a source's text, and so every quote from it, is
written in. A bad code is refused with one ``Error:`` line (file, line, what, how to fix) and
nothing is loaded; both stores keep the code (the memory store across a reopen, Neo4j in a
test marked ``neo4j``: CI runs it, locally it skips without NEO4J_URI); readers are told a
quote's language where it differs from theirs (graph.i18n.original_language_note).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ctgraph.graph.i18n import original_language_note, use_language
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.snapshot import Scope
from ctgraph.ingest.seed import seed_batch, validate_paths
from tests.cli_helpers import run_cli
from tests.conftest import neo4j_env_or_fail

QUOTE = "La traite des êtres humains vers la France reste un défi."
FACTS = """\
source: source:rapport-fr
sources:
  - id: source:rapport-fr
    title: Rapport sur la traite (test)
    kind: reference
    language: {language}
    publisher: Sénat
    date: "2009"
    url: https://example.org/rapport
    excerpt: {quote}
flows:
  - id: flow:rapport-fr.vnm-fra
    origin: VNM
    destination: FRA
    scope: cross_border
    exploitation: [unspecified]
    evidence:
      - quote: {quote}
        locator: p. 2
"""


def _facts(folder: Path, language: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rapport.yaml"
    path.write_text(FACTS.format(language=language, quote=QUOTE), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", ["French", "FR", "en_US", "f", "zh Hans"])
def test_a_bad_language_code_is_refused_with_one_clear_error(
    bad: str, tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _facts(tmp_path / "facts", bad)
    res = run_cli(capsys, "load", str(path))
    assert res.code == 1 and res.out == ""
    lines = res.err.splitlines()
    assert len(lines) == 1, lines
    # where (file and the line of the field), what is wrong, and how to fix it
    assert re.fullmatch(
        rf"Error: {re.escape(str(path))}:6: language: invalid language '{re.escape(bad)}': use a BCP 47 language code in "
        r"lower case, such as en, zh, fr or zh-Hans",
        lines[0],
    ), lines[0]
    assert not (home / "batches").exists()  # nothing loaded


@pytest.mark.parametrize("good", ["fr", "zh-Hans", "en"])
def test_good_codes_are_accepted(good: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], home: Path) -> None:
    res = run_cli(capsys, "validate", str(_facts(tmp_path / "facts", good)))
    assert res.code == 0, res.err


def _language_of(nodes: list[dict[str, object]], sid: str) -> object:
    return next(n for n in nodes if n.get("id") == sid).get("language")


def test_the_memory_store_keeps_the_language_across_a_reopen(tmp_path: Path) -> None:
    batch = seed_batch(validate_paths([_facts(tmp_path / "facts", "fr")]))
    MemoryStore(home=tmp_path / "home").load(batch)
    again = MemoryStore(home=tmp_path / "home")  # read back from disk
    assert _language_of(again.nodes("Source"), "source:rapport-fr") == "fr"
    # and a reader of another language is told what the quote is written in
    with use_language("zh"):
        assert original_language_note(QUOTE, "fr") == "原文：法语"
    assert original_language_note(QUOTE, "fr") == "Original: French"


def test_the_seed_names_the_language_of_every_source() -> None:
    batch = seed_batch(validate_paths())
    sources = [n for n in batch.nodes if n.label == "Source"]
    assert sources and all(n.props.get("language") for n in sources), [
        n.id for n in sources if not n.props.get("language")
    ]


@pytest.mark.neo4j
def test_the_neo4j_store_keeps_the_language(tmp_path: Path) -> None:
    from ctgraph.graph.neo4j_store import Neo4jStore

    env = neo4j_env_or_fail()
    store = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    try:
        store.clear()
        store.load(seed_batch(validate_paths([_facts(tmp_path / "facts", "zh-Hans")])))
        assert _language_of(store.nodes("Source"), "source:rapport-fr") == "zh-Hans"
        snap = store.snapshot(Scope.everything())
        assert snap.nodes["source:rapport-fr"]["props"]["language"] == "zh-Hans"
    finally:
        store.clear()
        store.close()
