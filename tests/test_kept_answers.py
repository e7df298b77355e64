"""The embedded store keeps the answers it computed, per data version: a question
asked again is read back, equal to what computing it gives, and never outlives
the data it was computed from."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord
from ctgraph.graph.memory import DB_FILE, MemoryStore
from ctgraph.graph.snapshot import Scope
from ctgraph.ingest.seed import seed_batch, validate_paths
from ctgraph.ingest.synthetic import synthetic_batch

Ask = Callable[[MemoryStore], Any]


def _questions(x: str, y: str) -> dict[str, Ask]:
    return {
        "routes": lambda s: s.routes(),
        "routes from x, 2 hops": lambda s: s.routes(x, max_hops=2),
        "routes to y by evidence": lambda s: s.routes(destination=y, sort="evidence", top=5),
        "onward from x": lambda s: s.onward(x),
        "gaps": lambda s: s.gaps(),
        "gaps of x below bilateral as of 2012": lambda s: s.gaps(x, below="bilateral", as_of="2012"),
        "agreements": lambda s: s.agreements(),
        "cooperations of x": lambda s: s.cooperations(x),
        "country x": lambda s: s.country(x),
        "brief x -> y": lambda s: s.brief(x, y),
        "next instrument x": lambda s: s.next_instrument(x, top=3),
        "names": lambda s: s.names(),
    }


def _busiest_pair(store: MemoryStore) -> tuple[str, str]:
    r = store.routes(top=1)[0]
    return r["source"], r["destination"]


def _kept(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as con:
        return [(k, v) for k, v in con.execute("SELECT key, version FROM answers ORDER BY key")]


@pytest.mark.parametrize("data", ["seed", "synthetic"])
def test_an_answer_asked_again_is_read_back_equal_to_the_computed_one(tmp_path: Path, data: str) -> None:
    batch = seed_batch(validate_paths()) if data == "seed" else synthetic_batch(400, seed=3)
    MemoryStore(tmp_path / "h").load(batch)
    plain = MemoryStore(tmp_path / "h", keep_answers=False)
    x, y = _busiest_pair(plain)
    for name, ask in _questions(x, y).items():
        computed = ask(plain)
        first = ask(MemoryStore(tmp_path / "h"))  # a new process: computes, keeps
        again_store = MemoryStore(tmp_path / "h")
        again_store.snapshot = _no_snapshot  # type: ignore[method-assign]
        again = ask(again_store)  # reads the kept answer: no snapshot is built
        assert first == computed, name
        assert again == computed, name
        assert _same_types(again, computed), name
    kept = _kept(tmp_path / "h" / DB_FILE)
    assert len(kept) == len(_questions(x, y))
    assert len({v for _k, v in kept}) == 1  # all of the one data version


def _no_snapshot(scope: Scope) -> Any:
    raise AssertionError(f"a kept answer was expected, but a snapshot was read ({scope})")


def _same_types(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_types(p, q) for p, q in zip(a, b))
    return True


def _two_countries(extra_agreement: bool) -> GraphBatch:
    nodes = [
        NodeRecord("Source", "source:k", {"title": "k", "kind": "report", "publisher": "p", "date": "2018-01"}),
        NodeRecord("Country", "AAA", {"iso3": "AAA", "name": "Aaa"}),
        NodeRecord("Country", "BBB", {"iso3": "BBB", "name": "Bbb"}),
        NodeRecord("Flow", "flow:k", {"victims": [], "exploitation": ["forced_labour"], "scope": "cross_border"}),
    ]
    rels = [
        RelRecord("FROM", "flow:k", "AAA"),
        RelRecord("TO", "flow:k", "BBB"),
        RelRecord("EVIDENCE", "flow:k", "source:k", "0", {"quote": "q", "locator": "p1"}),
    ]
    if extra_agreement:
        nodes.append(NodeRecord("Agreement", "agreement:k", {"title": "K", "kind": "bilateral", "status": "signed",
                                                            "date": "2015"}))
        rels += [
            RelRecord("PARTY", "agreement:k", "AAA"),
            RelRecord("PARTY", "agreement:k", "BBB"),
            RelRecord("EVIDENCE", "agreement:k", "source:k", "0", {"quote": "q2", "locator": "p2"}),
        ]
    return GraphBatch("k", nodes, rels)


def test_a_load_makes_every_kept_answer_go(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "h")
    store.load(_two_countries(extra_agreement=False))
    assert [g["coverage"] for g in store.gaps()] == ["none"]
    assert _kept(tmp_path / "h" / DB_FILE)
    MemoryStore(tmp_path / "h").load(_two_countries(extra_agreement=True))  # another process loads
    assert _kept(tmp_path / "h" / DB_FILE) == []
    assert store.gaps() == []  # the bilateral agreement now covers the pair
    assert store.country("AAA")["agreements"][0]["id"] == "agreement:k"


def test_an_answer_computed_while_a_load_ran_is_not_kept(tmp_path: Path) -> None:
    MemoryStore(tmp_path / "h").load(_two_countries(extra_agreement=False))
    store = MemoryStore(tmp_path / "h")
    read = store.snapshot

    def snapshot_then_load(scope: Scope) -> Any:
        G = read(scope)  # the old data...
        MemoryStore(tmp_path / "h").load(_two_countries(extra_agreement=True))  # ...then a load commits
        return G

    store.snapshot = snapshot_then_load  # type: ignore[method-assign]
    assert [g["coverage"] for g in store.gaps()] == ["none"]  # computed on what was read
    assert _kept(tmp_path / "h" / DB_FILE) == []  # but not kept for the new version
    assert MemoryStore(tmp_path / "h").gaps() == []


def test_a_query_does_not_wait_for_a_writer_to_keep_its_answer(tmp_path: Path) -> None:
    MemoryStore(tmp_path / "h").load(_two_countries(extra_agreement=False))
    writer = sqlite3.connect(tmp_path / "h" / DB_FILE, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a load in progress holds the write lock
    try:
        assert [g["coverage"] for g in MemoryStore(tmp_path / "h").gaps()] == ["none"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _kept(tmp_path / "h" / DB_FILE) == []


def test_an_answer_that_would_read_back_differently_is_not_kept(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "h")
    store.load(_two_countries(extra_agreement=False))
    assert store._answer(("t", 1), lambda: {"pair": ("AAA", "BBB")}) == {"pair": ("AAA", "BBB")}
    assert store._answer(("t", 2), lambda: {1: "int key"}) == {1: "int key"}
    assert _kept(tmp_path / "h" / DB_FILE) == []
    assert store._answer(("t", 3), lambda: {"pair": ["AAA", "BBB"]}) == {"pair": ["AAA", "BBB"]}
    assert len(_kept(tmp_path / "h" / DB_FILE)) == 1


def test_keeping_answers_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ctgraph.graph.config import load_settings
    from ctgraph.graph.stores import open_store

    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "h"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    monkeypatch.setenv("CTGRAPH_KEEP_ANSWERS", "0")
    store = open_store(load_settings())
    store.load(_two_countries(extra_agreement=False))
    store.gaps()
    assert _kept(tmp_path / "h" / DB_FILE) == []
    monkeypatch.setenv("CTGRAPH_KEEP_ANSWERS", "1")
    open_store(load_settings()).gaps()
    assert len(_kept(tmp_path / "h" / DB_FILE)) == 1


def test_today_is_part_of_the_question(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "h")
    store.load(_two_countries(extra_agreement=True))
    assert store.gaps(as_of="2014") != []  # the agreement dates from 2015
    assert store.gaps() == []  # today: covered; the 2014 answer is not reused
    keys = [k for k, _v in _kept(tmp_path / "h" / DB_FILE)]
    assert any('"2014-12-31"' in k for k in keys) and len(keys) == 2


def test_the_oldest_kept_answers_go_beyond_the_count_and_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctgraph.graph.memory as memory

    store = MemoryStore(tmp_path / "h")
    store.load(_two_countries(extra_agreement=False))
    monkeypatch.setattr(memory, "KEPT_ANSWERS", 3)
    for i in range(5):
        store._answer(("n", i), lambda: ["x"])
    code = memory.code_fingerprint()
    assert [k for k, _v in _kept(tmp_path / "h" / DB_FILE)] == [f'["{code}","n",{i},false]' for i in (2, 3, 4)]
    monkeypatch.setattr(memory, "KEPT_ANSWERS", 100)
    monkeypatch.setattr(memory, "KEPT_ANSWER_BYTES", 2500)
    for i in range(3):
        store._answer(("big", i), lambda: ["y" * 1000])
    assert [k for k, _v in _kept(tmp_path / "h" / DB_FILE)] == [f'["{code}","big",{i},false]' for i in (1, 2)]
    store._answer(("huge", 0), lambda: ["z" * 2000])  # more than half the bytes: not kept at all
    assert f'["{code}","huge",0,false]' not in [k for k, _v in _kept(tmp_path / "h" / DB_FILE)]


def test_an_answer_kept_by_other_code_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade that changes a meaning must not read answers the old code computed."""
    import ctgraph.graph.memory as memory

    store = MemoryStore(tmp_path / "h")
    store.load(_two_countries(extra_agreement=False))
    assert store._answer(("q",), lambda: ["old meaning"]) == ["old meaning"]
    assert store._answer(("q",), lambda: ["not computed again"]) == ["old meaning"]  # kept
    monkeypatch.setattr(memory, "code_fingerprint", lambda: "other-code")
    assert store._answer(("q",), lambda: ["new meaning"]) == ["new meaning"]
