"""Injection: Cypher-, SQL-, HTML- and formula-like text is data, everywhere, on both stores.

The payloads (:data:`CYPHER`: a quote-and-brace breakout, backticks, ``$param``
and braces, an SQL breakout for the embedded SQLite store) sit in a fact file
and a GLOTIP file loaded as any user would (``ctgraph load`` / ``ctgraph
import``), in every CLI argument that takes text (``--from``, ``--to``,
``--country``, ``--exploitation``, ``--route``, ``country X``, ``contacts``,
``next-instrument``), in the evidence search text, and in the dashboard's
text inputs and selectboxes (AppTest). On the embedded store and on a real
Neo4j (marker ``neo4j``): every one ends as plain text (read back
byte-for-byte, or named verbatim in one ``Error:`` line), nothing runs (no
label, type or property key appears that the data does not hold), and
``ctgraph stats --json`` is unchanged.

``<script>``, ``<img onerror>`` and ``javascript:`` (:data:`HTML`) are inert
in every CSV download of the dashboard (text/csv, the same characters) and in
the deck (python-pptx writes them as escaped text runs: the XML parses and
holds no element or hyperlink they could make); cells beginning with ``=``,
``+``, ``-``, ``@`` are neutralised in every CSV the dashboard offers, on
every page. (That nothing runs in a browser is tests/test_browser.py.)
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ctgraph.dashboard import state
from ctgraph.graph.memory import MemoryStore
from ctgraph.graph.neo4j_store import Neo4jStore
from ctgraph.graph.text_safety import FORMULA_START
from tests.cli_helpers import Result, run_cli
from tests.conftest import neo4j_env_or_fail

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")

#: Text that would run if it were ever pasted into a Cypher or SQL statement.
BREAKOUT = "x'}) DETACH DELETE n //"
BACKTICK = "`Country`) MATCH (m) DETACH DELETE m //"
PARAM = "$param {x: $y} }) CALL db.createLabel('Pwned') //"
SQL = "'); DROP TABLE nodes; --"
CYPHER = [BREAKOUT, BACKTICK, PARAM, SQL]
#: Text that would run in a browser.
HTML = ["<script>alert('x')</script>", "<img src=x onerror=alert('img')>", "javascript:alert('js')"]
#: Cells a spreadsheet would run as formulas.
FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)"]

REGION = f'=HYPERLINK("http://evil.example","Xanadu") {BREAKOUT} {HTML[0]}'
VICTIMS = f"+SUM(1,2) {BACKTICK} {HTML[1]}"
FORM = f"@SUM(A1) {PARAM}"
QUOTE = f"-2+3+cmd|' /C calc'!A0 victims moved from China to Xanadu {BREAKOUT}"
QUOTE2 = f"{BACKTICK} via {PARAM} {SQL} {HTML[0]} {HTML[1]} {HTML[2]}"
EXPERT = f"=cmd|' /C calc'!A0 {HTML[0]} Xanadu Expert"
CONTACT = f"{HTML[2]} {BREAKOUT}"
LOCATOR = f"+para 1 {SQL}"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


FACTS = f"""\
# Injection probe: every text field below is data; none of it may ever run.
source: source:injection-probe
sources:
  - id: source:injection-probe
    title: {_yaml(f"Injection probe {BREAKOUT} {HTML[0]}")}
    kind: reference
    publisher: {_yaml(FORMULAS[0])}
    excerpt: {_yaml(f"{QUOTE} and {QUOTE2} @SUM(A1) end.")}
regions:
  - id: region:injection-probe
    name: {_yaml(REGION)}
    kind: area
    evidence:
      - quote: {_yaml(QUOTE)}
        locator: {_yaml(LOCATOR)}
flows:
  - id: flow:injection-in
    origin: region:injection-probe
    destination: CHN
    victims: [{_yaml(VICTIMS)}]
    exploitation: [{_yaml(FORM)}]
    scope: cross_border
    evidence:
      - quote: {_yaml(QUOTE)}
        locator: {_yaml(LOCATOR)}
  - id: flow:injection-out
    origin: CHN
    destination: region:injection-probe
    victims: [{_yaml(VICTIMS)}]
    exploitation: [{_yaml(FORM)}]
    scope: cross_border
    evidence:
      - quote: {_yaml(QUOTE2)}
        locator: "-para 2"
experts:
  - id: expert:injection-probe
    name: {_yaml(EXPERT)}
    title: {_yaml(FORMULAS[3])}
    country: CHN
    contact_note: {_yaml(CONTACT)}
    evidence:
      - quote: {_yaml(QUOTE2)}
        locator: "para 2"
challenges:
  - id: challenge:injection-probe
    description: {_yaml(f"{FORMULAS[1]} {PARAM} {HTML[1]}")}
    concerns: [CHN]
    evidence:
      - quote: {_yaml(QUOTE)}
        locator: "para 1"
"""

GLOTIP_HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source"
)


def _glotip() -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    out.write(GLOTIP_HEADER + "\n")
    w.writerow(["FRA", "France", "Europe", "Western Europe", "Detected trafficking victims", "by citizenship",
                "China", "Total", "Total", "2019", "Counts", "12", "GLOTIP"])
    for i, text in enumerate([BREAKOUT, BACKTICK, PARAM, SQL, FORMULAS[0], HTML[0]]):
        w.writerow(["CHN", "China", "Asia", "Eastern Asia", f"{text} indicator", f"{text} dimension",
                    f"{text} category", "Total", "Total", str(2010 + i), "Counts", str(i + 1), text])
    return out.getvalue()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def probe_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("injection")
    (folder / "facts").mkdir()
    facts = folder / "facts" / "injection.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    glotip = folder / "glotip_injection.csv"
    glotip.write_text(_glotip(), encoding="utf-8")
    return {"facts": facts, "glotip": glotip, "folder": folder}


def _load_everything(capsys: pytest.CaptureFixture[str], files: dict[str, Path], *store: str) -> None:
    for args in (["load"], ["load", str(files["facts"])], ["import", "glotip", str(files["glotip"])]):
        r = run_cli(capsys, *store, *args)
        assert r.code == 0, (args, r.err)


@pytest.fixture()
def memory_home(
    home: Path, capsys: pytest.CaptureFixture[str], probe_files: dict[str, Path]
) -> Iterator[Path]:
    """A private CTGRAPH_HOME holding the seed, the probe facts and the probe GLOTIP file."""
    _load_everything(capsys, probe_files)
    yield home


@pytest.fixture()
def neo4j_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    probe_files: dict[str, Path],
) -> Iterator[dict[str, str]]:
    """The test server, emptied and loaded with the same three inputs through the CLI."""
    env = neo4j_env_or_fail()
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    for k, v in {"NEO4J_URI": env["uri"], "NEO4J_USER": env["user"], "NEO4J_PASSWORD": env["password"],
                 "NEO4J_DATABASE": env["database"]}.items():
        monkeypatch.setenv(k, v)
    store = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    store.clear()
    store.close()
    _load_everything(capsys, probe_files, "--store", "neo4j")
    yield env


def stats(capsys: pytest.CaptureFixture[str], *store: str) -> Any:
    r = run_cli(capsys, *store, "stats", "--json")
    assert r.code == 0, r.err
    return r.json()


def neo4j_tokens(env: dict[str, str]) -> dict[str, list[str]]:
    """Labels, relationship types and property keys of the database (a write would add one)."""
    store = Neo4jStore(env["uri"], env["user"], env["password"], env["database"])
    try:
        with store._db().session(database=env["database"]) as s:
            return {
                "labels": sorted(r[0] for r in s.run("CALL db.labels()")),
                "types": sorted(r[0] for r in s.run("CALL db.relationshipTypes()")),
                "keys": sorted(r[0] for r in s.run("CALL db.propertyKeys()")),
            }
    finally:
        store.close()


# --------------------------------------------------------------------------- data files


def _stored_texts(capsys: pytest.CaptureFixture[str], *store: str) -> dict[str, Any]:
    r = run_cli(capsys, *store, "country", "CHN", "--json")
    assert r.code == 0, r.err
    return r.json()


def _assert_read_back(profile: dict[str, Any]) -> None:
    dump = json.dumps(profile, ensure_ascii=False)
    flows_in = {f["source"]: f for f in profile["flows_in"]}
    probe = flows_in["region:injection-probe"]
    assert probe["victims"] == [VICTIMS] and probe["exploitation"] == [FORM]
    assert {"source": "source:injection-probe", "quote": QUOTE, "locator": LOCATOR} in probe["evidence"]
    assert EXPERT in [e["name"] for e in profile["experts"]]
    assert CONTACT in [e.get("contact_note") for e in profile["experts"]]
    for text in (BREAKOUT, BACKTICK, PARAM, SQL):
        assert f"{text} indicator" in dump, text  # the GLOTIP statistics, as text
    assert f"{FORMULAS[1]} {PARAM} {HTML[1]}" in [c["description"] for c in profile["challenges"]]


def test_payloads_in_data_files_are_stored_as_text_on_the_embedded_store(
    memory_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_read_back(_stored_texts(capsys))
    counts = stats(capsys)
    assert counts["nodes"]["Flow"] >= 2 + 21 and "Pwned" not in counts["nodes"]
    # the SQLite tables the SQL breakout names are all there
    assert MemoryStore(home=memory_home).stats() == counts


@pytest.mark.neo4j
def test_payloads_in_data_files_are_stored_as_text_on_neo4j(
    neo4j_env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, probe_files: dict[str, Path],
) -> None:
    neo = _stored_texts(capsys, "--store", "neo4j")
    _assert_read_back(neo)
    tokens = neo4j_tokens(neo4j_env)
    assert "Pwned" not in tokens["labels"]
    # no label, type or key was made from the payloads' text
    assert not any(re.search(r"[`$'{}() ;]", k) for k in tokens["keys"] + tokens["labels"] + tokens["types"])
    neo_stats = stats(capsys, "--store", "neo4j")
    # the same graph and answer as the embedded store holding the same three inputs
    monkeypatch.delenv("NEO4J_URI")
    monkeypatch.setenv("CTGRAPH_HOME", str(tmp_path / "memory"))
    _load_everything(capsys, probe_files)
    assert stats(capsys) == neo_stats
    assert _stored_texts(capsys) == neo


# --------------------------------------------------------------------------- CLI arguments


def _cli_cases(payload: str, out: Path) -> list[list[str]]:
    return [
        ["routes", "--from", payload, "--json"],
        ["routes", "--to", payload, "--json"],
        ["routes", "--from", "CHN", "--exploitation", payload, "--json"],
        ["routes", "--from", "CHN", "--to", payload, "--max-hops", "2", "--json"],
        ["gaps", "--country", payload, "--json"],
        ["agreements", "--country", payload, "--json"],
        ["country", payload, "--json"],
        ["contacts", f"{payload}:CHN", "--json"],
        ["contacts", f"CHN:{payload}", "--json"],
        ["next-instrument", payload, "--json"],
        ["export", "slides", "--out", str(out), "--country", payload],
        ["export", "slides", "--out", str(out), "--route", f"CHN:{payload}"],
    ]


def _check_cli(r: Result, args: list[str], payload: str) -> None:
    assert "Traceback" not in r.err and "Traceback" not in r.out, args
    if r.code == 0:
        json.loads(r.out)  # an answer (no match): one JSON document
        return
    assert r.code == 1, (args, r.code, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), (args, r.err)
    shown = payload.split(":")[0] if payload.count(":") else payload
    assert shown in lines[0] or repr(shown)[1:-1] in lines[0], (args, lines[0])  # named as text
    assert r.out == "", args


@pytest.mark.parametrize("payload", CYPHER)
def test_payloads_in_every_cli_argument_are_text_on_the_embedded_store(
    memory_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, payload: str
) -> None:
    before = stats(capsys)
    out = tmp_path / "deck.pptx"
    for args in _cli_cases(payload, out):
        _check_cli(run_cli(capsys, *args), args, payload)
    assert not out.exists()
    assert stats(capsys) == before


@pytest.mark.neo4j
@pytest.mark.parametrize("payload", CYPHER)
def test_payloads_in_every_cli_argument_are_text_on_neo4j(
    neo4j_env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path, payload: str
) -> None:
    before = stats(capsys, "--store", "neo4j")
    tokens = neo4j_tokens(neo4j_env)
    out = tmp_path / "deck.pptx"
    for args in _cli_cases(payload, out):
        _check_cli(run_cli(capsys, "--store", "neo4j", *args), args, payload)
    assert not out.exists()
    assert stats(capsys, "--store", "neo4j") == before
    assert neo4j_tokens(neo4j_env) == tokens


def _search(store: Any) -> None:
    for text in CYPHER + ["%", "_", "*", ".*", "\\"]:
        hits = store.search_evidence(text)
        assert all(text.lower() in (h["quote"] + h["locator"]).lower() for h in hits), text
    assert QUOTE in [h["quote"] for h in store.search_evidence(BREAKOUT)]
    assert QUOTE2 in [h["quote"] for h in store.search_evidence(BACKTICK)]
    assert LOCATOR in [h["locator"] for h in store.search_evidence(SQL)]


def test_search_text_is_text_on_the_embedded_store(memory_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = stats(capsys)
    _search(MemoryStore(home=memory_home))
    assert stats(capsys) == before


@pytest.mark.neo4j
def test_search_text_is_text_on_neo4j(neo4j_env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    before = stats(capsys, "--store", "neo4j")
    store = Neo4jStore(neo4j_env["uri"], neo4j_env["user"], neo4j_env["password"], neo4j_env["database"])
    try:
        _search(store)
    finally:
        store.close()
    assert stats(capsys, "--store", "neo4j") == before


# --------------------------------------------------------------------------- dashboard widgets and downloads


class RecordingStorage(MemoryMediaFileStorage):
    """Streamlit's in-memory media storage that also keeps every file by URL (the CSV downloads)."""

    files: dict[str, MemoryFile] = {}

    def load_and_get_id(self, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None) -> str:
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        RecordingStorage.files[self.get_url(file_id)] = self.get_file(file_id)
        return file_id


class RecordingManager(MediaFileManager):
    """Streamlit's media manager that remembers where each deferred download (a
    CSV built only when clicked) was registered, so a test can "click" it."""

    managers: dict[str, MediaFileManager] = {}

    def add_deferred(self, *args: Any, **kwargs: Any) -> str:
        file_id = super().add_deferred(*args, **kwargs)
        RecordingManager.managers[file_id] = self
        return file_id


@pytest.fixture()
def recorded(monkeypatch: pytest.MonkeyPatch) -> dict[str, MemoryFile]:
    RecordingStorage.files = {}
    RecordingManager.managers = {}
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)
    return RecordingStorage.files


def _app(store: str) -> AppTest:
    state.reset()
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(c.value.startswith(f"Store: **{store}") for c in at.sidebar.caption)
    return at


def _widget(at: AppTest, kind: str, key: str) -> Any:
    return next(w for w in getattr(at, kind) if w.key == key)


def _ok(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _csvs(at: AppTest, files: dict[str, MemoryFile]) -> list[tuple[str, MemoryFile]]:
    out = []
    for b in at.get("download_button"):
        if b.label == "Download CSV":
            url = b.proto.url
            if not url and b.proto.deferred_file_id:  # built when clicked: click it
                fid = b.proto.deferred_file_id
                url = RecordingManager.managers[fid].execute_deferred(fid)
            f = files[url]
            out.append((f.filename or "?", f))
    return out


def _check_csv(name: str, f: MemoryFile, seen: set[str]) -> None:
    assert f.mimetype == "text/csv", name
    text = f.content.decode("utf-8")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in FORMULA_START:
                # numbers are numbers; any text that a spreadsheet would run starts with '
                float(cell), name
            seen.add(cell)


ROUTE_TABS = ["Network", "Route map", "Table", "Onward connections"]
COUNTRY_TABS = ["Routes and gaps", "What binds it", "Next instrument", "Agencies and experts",
                "TIP tiers, challenges, figures"]


def _visit_every_table(at: AppTest, files: dict[str, MemoryFile]) -> set[str]:
    """Every page, with the widgets set the way an analyst would to see the probe, and every CSV."""
    seen: set[str] = set()
    checked: list[str] = []

    def check() -> None:
        for name, f in _csvs(at, files):
            _check_csv(name, f, seen)
            checked.append(name)

    def every_tab(key: str, labels: list[str]) -> None:
        """Pages draw only their open tab: open each and check its CSVs."""
        for label in labels:
            at.session_state[key] = label
            _ok(at)
            check()

    check()  # overview
    at.switch_page("views/routes.py")
    _ok(at)
    every_tab("routes-tab", ROUTE_TABS)
    _widget(at, "selectbox", "routes-country").select("region:injection-probe")
    _ok(at)
    every_tab("routes-tab", ROUTE_TABS)
    _widget(at, "selectbox", "routes-country").set_value(None)
    _widget(at, "selectbox", "routes-profile").select(VICTIMS)
    _ok(at)
    check()
    _widget(at, "selectbox", "routes-profile").set_value(None)
    _widget(at, "selectbox", "routes-form").select(FORM)
    _ok(at)
    check()
    at.switch_page("views/gaps.py")
    _ok(at)
    pick = next(w for w in at.selectbox if w.key.startswith("gaps-pick-"))
    probe = [i for i, o in enumerate(pick.options) if "Xanadu" in o]
    assert probe, pick.options
    pick.set_value(int(probe[0]) if isinstance(pick.value, int) else pick.options[probe[0]])
    _ok(at)
    every_tab("gap-tab", ["Evidence", "Whom to call"])
    at.switch_page("views/agreements.py")
    _ok(at)
    check()
    at.switch_page("views/country.py")
    _ok(at)
    _widget(at, "selectbox", "country-pick").select("CHN")
    _ok(at)
    every_tab("country-tab", COUNTRY_TABS)
    at.switch_page("views/evidence.py")
    _ok(at)
    for text in CYPHER:
        _widget(at, "text_input", "evidence-q").input(text)
        _ok(at)
        check()
    at.switch_page("views/review.py")
    at.run()
    assert not at.exception
    for text in CYPHER:
        _widget(at, "text_input", "review-path").input(text)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    assert len(checked) >= 20, checked
    return seen


def _assert_downloads(seen: set[str]) -> None:
    # the probe's text is in the downloads, as the same characters, formulas defused
    assert "'" + QUOTE in seen, "the quote starting with -2+3 is neutralised"
    assert any(c.startswith("'" + REGION) for c in seen)
    assert any(c.startswith("'+SUM(1,2)") for c in seen)
    assert any(c.startswith("'@SUM(A1)") for c in seen)
    assert any(c.startswith("'=cmd|") for c in seen)
    assert any(HTML[0] in c for c in seen) and any(HTML[1] in c for c in seen) and any(HTML[2] in c for c in seen)


def test_dashboard_widgets_and_every_csv_on_the_embedded_store(
    memory_home: Path, capsys: pytest.CaptureFixture[str], recorded: dict[str, MemoryFile]
) -> None:
    before = stats(capsys)
    seen = _visit_every_table(_app("memory"), recorded)
    _assert_downloads(seen)
    assert stats(capsys) == before


@pytest.mark.neo4j
def test_dashboard_widgets_and_every_csv_on_neo4j(
    neo4j_env: dict[str, str], capsys: pytest.CaptureFixture[str], recorded: dict[str, MemoryFile]
) -> None:
    before = stats(capsys, "--store", "neo4j")
    # a whole-graph list keeps the pair digests of these loads (the store's own bookkeeping, written
    # once per load); from then on nothing the dashboard does may write a label, type or key
    run_cli(capsys, "--store", "neo4j", "gaps", "--evidence", "count", "--json")
    tokens = neo4j_tokens(neo4j_env)
    seen = _visit_every_table(_app("neo4j"), recorded)
    _assert_downloads(seen)
    assert stats(capsys, "--store", "neo4j") == before
    assert neo4j_tokens(neo4j_env) == tokens


# --------------------------------------------------------------------------- the deck

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _deck_texts(path: Path) -> tuple[list[str], str]:
    """Every text run of every slide and note (parsed XML), and all relationship targets."""
    runs: list[str] = []
    targets = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".rels"):
                targets.append(data.decode("utf-8"))
            if not (name.startswith("ppt/slides/slide") or name.startswith("ppt/notesSlides/")) or not name.endswith(
                ".xml"
            ):
                continue
            root = ElementTree.fromstring(data)  # well-formed: nothing broke out of a text run
            for el in root.iter():
                tag = el.tag.rsplit("}", 1)[-1]
                assert tag.lower() not in ("script", "img", "iframe"), (name, tag)
                if el.tag == f"{_A}t" and el.text:
                    runs.append(el.text)
            raw = data.decode("utf-8")
            assert "<script" not in raw and "<img" not in raw, name
    return runs, "\n".join(targets)


def _check_deck(capsys: pytest.CaptureFixture[str], tmp_path: Path, *store: str) -> None:
    for args, name in ((["--country", "CHN"], "china.pptx"), (["--route", "CHN:region:injection-probe"], "route.pptx")):
        out = tmp_path / name
        r = run_cli(capsys, *store, "export", "slides", "--out", str(out), *args)
        assert r.code == 0, r.err
        runs, rels = _deck_texts(out)
        text = "\n".join(runs)
        assert HTML[0] in text and HTML[1] in text, name  # shown as the same characters
        assert "javascript:" not in rels and "evil.example" not in rels  # no hyperlink made from text


def test_the_deck_writes_hostile_text_as_escaped_runs_embedded(
    memory_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _check_deck(capsys, tmp_path)


@pytest.mark.neo4j
def test_the_deck_writes_hostile_text_as_escaped_runs_neo4j(
    neo4j_env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _check_deck(capsys, tmp_path, "--store", "neo4j")
