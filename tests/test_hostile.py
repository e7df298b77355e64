"""The hostile-input corpus (tests/hostile/<reader>/) and the cases made at test time.

Each input is run through the real ``ctgraph`` entry point on a private
CTGRAPH_HOME that already holds a GLOTIP and a CTDC import. Every one must:
exit 1; print exactly one stderr line, ``Error: FILE:LINE: message`` naming
the file, with the pinned line and message; print nothing on stdout and no
traceback; not hang (FIFOs and devices are never opened); and leave the store
exactly as it was (``stats --json`` and every file under CTGRAPH_HOME).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ctgraph.graph.files
from ctgraph.graph.memory import MemoryStore
from ctgraph.ingest.registry import import_dataset
from tests.cli_helpers import Result, run_cli

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: How each reader's corpus is run; a new reader adds its folder here.
COMMANDS: dict[str, list[str]] = {
    "seed": ["load"],
    "glotip": ["import", "glotip"],
    "ctdc": ["import", "ctdc"],
}


def _manifest(reader: str) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for raw in (HOSTILE / reader / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or not raw.strip():
            continue
        name, line, message = raw.split("\t")
        out[name] = (int(line), message)
    return out


CORPUS = [(reader, name) for reader in COMMANDS for name in sorted(_manifest(reader))]


def expected_line(path: str, line: int, message: str) -> str:
    where = f"{path}:{line}" if line > 0 else path
    return f"Error: {where}: {message.replace('{path}', path)}"


# --------------------------------------------------------------------------- the store before


@pytest.fixture(scope="module")
def prepared_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], dict[str, str]]:
    """A CTGRAPH_HOME holding earlier GLOTIP and CTDC imports: its stats and file digests."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    store = MemoryStore(home=home)
    for kind, name in (("glotip", "glotip_slice.csv"), ("ctdc", "ctdc_slice.csv")):
        store.load(import_dataset(kind, FIXTURES / name)[0])
    return home, MemoryStore(home=home).stats(), _digests(home)


def _digests(home: Path) -> dict[str, str]:
    """Digest of every stored file; the SQLite store by its content (every row of
    every table, in order), not its bytes: its WAL index changes on any open."""
    import sqlite3

    out: dict[str, str] = {}
    for p in sorted(home.rglob("*")):
        if not p.is_file() or p.name.endswith(("-wal", "-shm")):
            continue
        if p.suffix == ".sqlite":
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
            try:
                dump = "\n".join(con.iterdump())
            finally:
                con.close()
            out[str(p.relative_to(home))] = hashlib.sha256(dump.encode()).hexdigest()
        else:
            out[str(p.relative_to(home))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture()
def store_home(
    prepared_home: tuple[Path, dict[str, Any], dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, dict[str, Any], dict[str, str]]]:
    """A private copy of the prepared home as CTGRAPH_HOME (memory store, NEO4J_URI unset)."""
    src, stats, digests = prepared_home
    home = tmp_path / "home"
    shutil.copytree(src, home)
    monkeypatch.setenv("CTGRAPH_HOME", str(home))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("CTGRAPH_STORE", raising=False)
    yield home, stats, digests


class Hang(Exception):
    """The reader blocked (a FIFO or a device was opened)."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang("the command did not return within 20 s")


def run_refused(
    capsys: pytest.CaptureFixture[str],
    store_home: tuple[Path, dict[str, Any], dict[str, str]],
    args: list[str],
) -> Result:
    """Run ctgraph ARGS (20 s at most) and check the refusal rules; return the result."""
    home, stats, digests = store_home
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(20)
    try:
        res = run_cli(capsys, *args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert res.code == 1, (res.code, res.err)
    assert res.out == ""
    assert "Traceback" not in res.err
    lines = res.err.splitlines()
    assert len(lines) == 1, res.err
    assert lines[0].startswith("Error: ")
    assert run_cli(capsys, "stats", "--json").json() == stats
    assert _digests(home) == digests
    return res


# --------------------------------------------------------------------------- the committed corpus


def test_corpus_is_large_and_every_file_is_pinned() -> None:
    total = 0
    for reader in COMMANDS:
        files = sorted(p.name for p in (HOSTILE / reader).iterdir() if p.name != "expected.tsv")
        assert files == sorted(_manifest(reader)), reader
        total += len(files)
    assert total >= 60


@pytest.mark.parametrize(("reader", "name"), CORPUS, ids=[f"{r}/{n}" for r, n in CORPUS])
def test_hostile_file_is_refused_with_one_line(
    reader: str,
    name: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store_home: tuple[Path, dict[str, Any], dict[str, str]],
) -> None:
    monkeypatch.chdir(ROOT)
    path = f"tests/hostile/{reader}/{name}"
    line, message = _manifest(reader)[name]
    res = run_refused(capsys, store_home, [*COMMANDS[reader], path])
    assert res.err.strip() == expected_line(path, line, message)


# --------------------------------------------------------------------------- cases made at test time


@dataclass(frozen=True)
class Made:
    """A hostile input made in ``folder``: the argument to give, the file the line names, and the line."""

    arg: str
    names: str
    line: str


_HEAD = """source: source:outside
sources:
  - id: source:outside
    title: A source text
    kind: report
    publisher: ctgraph tests
    path: text.md
flows:
  - id: flow:chn-fra
    origin: CHN
    destination: FRA
    scope: cross_border
    evidence:
      - quote: Chinese women heading to France
        locator: p1
"""
_GLOTIP = (FIXTURES / "glotip_slice.csv").read_text(encoding="utf-8")
_CTDC = (FIXTURES / "ctdc_slice.csv").read_text(encoding="utf-8")
_GLOTIP_ROW = "DEU,Germany,Europe,Western Europe,Detected trafficking victims,by citizenship,{cat},Total,Total,2020,Counts,12,GLOTIP"


def _fact_file(folder: Path) -> Path:
    fact = folder / "facts.yaml"
    fact.write_text(_HEAD, encoding="utf-8")
    return fact


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` unreadable: chmod 000, or (as root, who reads anything) a refused open."""
    path.chmod(0)
    if os.geteuid() == 0:
        real_open = ctgraph.graph.files._open

        def refuse(p: Any, flags: int, *a: Any) -> int:
            if os.path.abspath(p) == str(path.resolve()):
                raise PermissionError(errno.EACCES, "Permission denied", str(p))
            return real_open(p, flags, *a)

        monkeypatch.setattr(ctgraph.graph.files, "_open", refuse)
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode, **kw: False if str(p) == str(path) else real_access(p, mode, **kw)
        )


Maker = Callable[[Path, pytest.MonkeyPatch], Made]


def _seed_cases() -> dict[str, Maker]:
    def missing(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "gone.yaml"
        return Made(str(p), str(p), f"Error: {p}: no such file or folder; give a fact file (.yaml) or a folder of them")

    def fifo_given(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "pipe.yaml"
        os.mkfifo(p)
        return Made(str(p), str(p), f"Error: {p}: is a named pipe (FIFO), not a regular file: ctgraph reads only "
                                    "regular files; give a fact file (.yaml) or a folder of them")

    def fifo_in_folder(d: Path, mp: pytest.MonkeyPatch) -> Made:
        folder = d / "facts"
        folder.mkdir()
        (folder / "a.yaml").write_text(_HEAD.replace("path: text.md", "excerpt: Chinese women heading to France"))
        os.mkfifo(folder / "b.yaml")
        p = folder / "b.yaml"
        return Made(str(folder), str(p), f"Error: {p}: is a named pipe (FIFO), not a regular file: ctgraph reads "
                                         "only regular files; remove it from the folder")

    def folder_named_yaml(d: Path, mp: pytest.MonkeyPatch) -> Made:
        folder = d / "facts"
        (folder / "x.yaml").mkdir(parents=True)
        p = folder / "x.yaml"
        return Made(str(folder), str(p), f"Error: {p}: is a folder named like a fact file; rename it (fact files "
                                         "are regular files ending in .yaml or .yml)")

    def broken_link(d: Path, mp: pytest.MonkeyPatch) -> Made:
        folder = d / "facts"
        folder.mkdir()
        (folder / "x.yaml").symlink_to(d / "nowhere.yaml")
        p = folder / "x.yaml"
        return Made(str(folder), str(p), f"Error: {p}: is a broken symbolic link; remove it or fix its target")

    def device(d: Path, mp: pytest.MonkeyPatch) -> Made:
        return Made("/dev/zero", "/dev/zero", "Error: /dev/zero: is a character device, not a regular file: ctgraph "
                                              "reads only regular files; give a fact file (.yaml) or a folder of them")

    def unreadable(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = _fact_file(d)
        _unreadable(p, mp)
        return Made(str(p), str(p), f"Error: {p}: cannot be read: permission denied; make it readable "
                                    f"(chmod u+r {p}) or run as its owner")

    def too_large(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "big.yaml"
        with open(p, "wb") as fh:
            fh.truncate(9 * 1024 * 1024)  # sparse: nothing written to disk
        return Made(str(p), str(p), f"Error: {p}: is 9.0 MB, larger than the 8.0 MB limit for this kind of file; "
                                    "split it (for example by year) and import the parts, or check that it is the right file")

    def binary(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "blob.yaml"
        p.write_bytes(b"flows:\n" + bytes(range(256)) * 4)
        return Made(str(p), str(p), f"Error: {p}:2: holds a NUL byte: it is binary (or UTF-16), not UTF-8 text; "
                                    "save it as UTF-8 text")

    def utf16(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "utf16.yaml"
        p.write_bytes(_HEAD.encode("utf-16"))
        return Made(str(p), str(p), f"Error: {p}:1: is UTF-16 text; save it as UTF-8")

    def latin1(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "latin1.yaml"
        p.write_bytes(_HEAD.replace("A source text", "Côte d'Ivoire").encode("latin-1"))
        return Made(str(p), str(p), f"Error: {p}:4: byte 0xF4 is not UTF-8 text (invalid continuation byte); "
                                    "save the file as UTF-8")

    def source_symlink_out(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        (d / "text.md").symlink_to("/etc/passwd")
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'text.md' is outside "
                                          "this file's folder and the seed folder; copy the text into one of them "
                                          "(files outside are never read)")

    def source_folder_link_out(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        fact.write_text(_HEAD.replace("path: text.md", "path: etc/hostname"))
        (d / "etc").symlink_to("/etc")
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'etc/hostname' is "
                                          "outside this file's folder and the seed folder; copy the text into one "
                                          "of them (files outside are never read)")

    def source_fifo(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        os.mkfifo(d / "text.md")
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'text.md' is a named "
                                          "pipe (FIFO), not a regular file: ctgraph reads only regular files; give "
                                          "the source text as a regular UTF-8 file")

    def source_binary(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        (d / "text.md").write_bytes(b"Chinese women heading to France\n\x00\x01\x02")
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'text.md', line 2: "
                                          "holds a NUL byte: it is binary (or UTF-16), not UTF-8 text; save it as "
                                          "UTF-8 text")

    def source_latin1(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        (d / "text.md").write_bytes("Chinese women heading to France (Côte)".encode("latin-1"))
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'text.md', line 1: "
                                          "byte 0xF4 is not UTF-8 text (invalid continuation byte); save the file "
                                          "as UTF-8")

    def source_folder(d: Path, mp: pytest.MonkeyPatch) -> Made:
        fact = _fact_file(d)
        (d / "text.md").mkdir()
        return Made(str(fact), str(fact), f"Error: {fact}:3: source source:outside: text file 'text.md' is a folder, "
                                          "not a regular file: ctgraph reads only regular files; give the source "
                                          "text as a regular UTF-8 file")

    return {k: v for k, v in locals().items() if callable(v)}


def _csv_cases(kind: str) -> dict[str, Maker]:
    label = kind.upper()
    text = _GLOTIP if kind == "glotip" else _CTDC
    header = text.splitlines()[0]
    hint = f"give the path of the {label} CSV file"

    def missing(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "gone.csv"
        return Made(str(p), str(p), f"Error: {p}: no such file; {hint}")

    def folder(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "data.csv"
        p.mkdir()
        return Made(str(p), str(p), f"Error: {p}: is a folder, not a regular file: ctgraph reads only regular files; {hint}")

    def fifo(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "pipe.csv"
        os.mkfifo(p)
        return Made(str(p), str(p), f"Error: {p}: is a named pipe (FIFO), not a regular file: ctgraph reads only "
                                    f"regular files; {hint}")

    def device(d: Path, mp: pytest.MonkeyPatch) -> Made:
        return Made("/dev/zero", "/dev/zero", f"Error: /dev/zero: is a character device, not a regular file: "
                                              f"ctgraph reads only regular files; {hint}")

    def unreadable(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "data.csv"
        p.write_text(text, encoding="utf-8")
        _unreadable(p, mp)
        return Made(str(p), str(p), f"Error: {p}: cannot be read: permission denied; make it readable "
                                    f"(chmod u+r {p}) or run as its owner")

    def too_large(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "huge.csv"
        with open(p, "wb") as fh:
            fh.write(header.encode() + b"\n")
            fh.truncate(300 * 1024 * 1024)  # sparse
        return Made(str(p), str(p), f"Error: {p}: is 300 MB, larger than the 256 MB limit for this kind of file; "
                                    "split it (for example by year) and import the parts, or check that it is the right file")

    def utf16(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "utf16.csv"
        p.write_bytes(text.encode("utf-16"))
        return Made(str(p), str(p), f"Error: {p}:1: column 1: the file is UTF-16 text, not UTF-8; save it as "
                                    "'CSV UTF-8' and import that")

    def utf16_without_bom(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "utf16le.csv"
        p.write_bytes(text.encode("utf-16-le"))
        return Made(str(p), str(p), f"Error: {p}:1: column 1: the file is UTF-16 text, not UTF-8; save it as "
                                    "'CSV UTF-8' and import that")

    def nul_byte(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "nul.csv"
        lines = text.splitlines()
        lines[2] = lines[2].replace(",", ",\x00", 1)
        p.write_bytes(("\n".join(lines) + "\n").encode())
        return Made(str(p), str(p), f"Error: {p}:3: column 2 ({header.split(',')[1]!r}): NUL byte: the file is "
                                    "binary (or UTF-16), not CSV text; save it as 'CSV UTF-8' and import that")

    def random_binary(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "random.csv"
        p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        return Made(str(p), str(p), f"Error: {p}:3: column 1: NUL byte: the file is binary (or UTF-16), not CSV "
                                    "text; save it as 'CSV UTF-8' and import that")

    def xlsx(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "data.xlsx"
        p.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 40)
        return Made(str(p), str(p), f"Error: {p}:1: this is a spreadsheet (xlsx/xls), not CSV; save it as "
                                    "'CSV UTF-8' and import the CSV")

    def xls(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "data.xls"
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
        return Made(str(p), str(p), f"Error: {p}:1: this is a spreadsheet (xlsx/xls), not CSV; save it as "
                                    "'CSV UTF-8' and import the CSV")

    def latin1(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "latin1.csv"
        if kind == "glotip":
            body = header + "\n" + _GLOTIP_ROW.format(cat="Türkiye") + "\n"
            col = "column 7 ('Category')"
        else:
            body = header + "\n" + "2016,Fémale,18--20,PH,0,1,US" + ",,,,,,,," + "\n"
            col = "column 2 ('gender')"
        p.write_bytes(body.encode("latin-1"))
        return Made(str(p), str(p), f"Error: {p}:2: {col}: byte 0x{'FC' if kind == 'glotip' else 'E9'} is not "
                                    "UTF-8 text; the file is in another encoding (e.g. Latin-1): re-save it as UTF-8")

    def text_after_closing_quote(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "junk.csv"
        lines = text.splitlines()
        cells = lines[3].split(",")
        cells[2] = f'"{cells[2]}"junk'
        lines[3] = ",".join(cells)
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        name = header.split(",")[2]
        return Made(str(p), str(p), f"Error: {p}:4: column 3 ({name!r}): text after the closing quote of a value "
                                    "(CSV syntax error: ',' expected after '\"'); quote the whole value and double "
                                    'any quote inside it ("")')

    def huge_field(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "field.csv"
        lines = text.splitlines()
        cells = lines[1].split(",")
        cells[3] = '"' + "x" * 20_000 + '"'
        lines[1] = ",".join(cells)
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        name = header.split(",")[3]
        return Made(str(p), str(p), f"Error: {p}:2: column 4 ({name!r}): a value longer than 10,000 characters, "
                                    f"the limit for one field; this is not {label} data, or a quote is not closed: "
                                    "check this line")

    def unclosed_quote_to_the_end(d: Path, mp: pytest.MonkeyPatch) -> Made:
        p = d / "quote.csv"
        lines = text.splitlines()
        lines[-1] = lines[-1].replace(",", ',"', 1)
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        name = header.split(",")[1]
        return Made(str(p), str(p), f"Error: {p}:{len(lines)}: column 2 ({name!r}): a quoted value starts here and is never "
                                    "closed (CSV syntax error: unexpected end of data); the file may be truncated or "
                                    "hold an unclosed quote: re-export it")

    return {k: v for k, v in locals().items() if callable(v) and k not in ("label", "text", "header", "hint")}


MADE: dict[str, Maker] = {
    **{f"seed/{k}": v for k, v in _seed_cases().items()},
    **{f"glotip/{k}": v for k, v in _csv_cases("glotip").items()},
    **{f"ctdc/{k}": v for k, v in _csv_cases("ctdc").items()},
}


@pytest.mark.parametrize("case", sorted(MADE))
def test_made_hostile_input_is_refused_with_one_line(
    case: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store_home: tuple[Path, dict[str, Any], dict[str, str]],
) -> None:
    reader = case.split("/")[0]
    folder = tmp_path / "input"
    folder.mkdir()
    made = MADE[case](folder, monkeypatch)
    try:
        res = run_refused(capsys, store_home, [*COMMANDS[reader], made.arg])
    finally:
        for p in folder.rglob("*"):  # let tmp_path clean-up remove unreadable files
            if not p.is_symlink() and stat.S_ISREG(p.lstat().st_mode):
                p.chmod(0o644)
    assert made.names in res.err
    assert res.err.strip() == made.line


def test_made_cases_cover_what_the_issue_lists() -> None:
    names = {c.split("/", 1)[1] for c in MADE}
    for wanted in ("fifo", "device", "folder", "missing", "unreadable", "utf16", "latin1", "nul_byte",
                   "xlsx", "huge_field", "too_large", "random_binary"):
        assert any(wanted in n for n in names), wanted
    assert len(CORPUS) + len(MADE) >= 100


# --------------------------------------------------------------------------- odd but valid


@pytest.mark.parametrize("kind", ["glotip", "ctdc"])
def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    """What Excel's 'CSV UTF-8' writes (BOM, CRLF) imports exactly like the plain file."""
    plain = FIXTURES / f"{kind}_slice.csv"
    odd = tmp_path / f"{kind}.csv"
    odd.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    res = run_cli(capsys, "import", kind, str(odd), "--json")
    assert res.code == 0, res.err
    loaded = res.json()["loaded"]
    assert run_cli(capsys, "import", kind, str(plain), "--json").json()["loaded"] == loaded
