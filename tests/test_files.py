"""graph.files: outputs are written only as regular files, atomically, with normal
permissions; inputs are read only when they are regular files."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

import ctgraph.graph.files as files
from ctgraph.graph.errors import ExportError, SourceValidationError
from ctgraph.graph.files import check_output, read_input, write_output
from tests.cli_helpers import run_cli

# --------------------------------------------------------------------------- write_output


def test_writes_a_new_file_atomically_with_the_normal_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_output(tmp_path / "deck.pptx", b"new")
    finally:
        os.umask(old)
    assert out.read_bytes() == b"new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old")
    out.chmod(0o640)
    write_output(out, b"new")
    assert out.read_bytes() == b"new" and stat.S_IMODE(out.stat().st_mode) == 0o640


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as exc:
        write_output(tmp_path, b"x")
    assert str(exc.value) == f"cannot write {tmp_path}: it is a folder; give a file name inside it"


def test_refuses_a_read_only_file_and_leaves_it(tmp_path: Path) -> None:
    out = tmp_path / "keep.pptx"
    out.write_bytes(b"precious")
    out.chmod(0o444)
    with pytest.raises(ExportError) as exc:
        write_output(out, b"x")
    assert str(exc.value) == (
        f"cannot write {out}: the file is read-only; choose another name, or make it writable "
        f"(chmod u+w {out}) if it may be replaced"
    )
    assert out.read_bytes() == b"precious"


def test_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    out = tmp_path / "pipe.pptx"
    os.mkfifo(out)
    with pytest.raises(ExportError) as exc:
        write_output(out, b"x")
    assert str(exc.value) == (
        f"cannot write {out}: it is a named pipe (FIFO), not a regular file; give the name of a new file"
    )
    assert stat.S_ISFIFO(out.lstat().st_mode)


def test_refuses_a_device() -> None:
    with pytest.raises(ExportError) as exc:
        write_output("/dev/null", b"x")
    assert str(exc.value) == (
        "cannot write /dev/null: it is a character device, not a regular file; give the name of a new file"
    )


def test_refuses_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"t")
    link = tmp_path / "link.pptx"
    link.symlink_to(target)
    with pytest.raises(ExportError, match="it is a symbolic link"):
        write_output(link, b"x")
    assert target.read_bytes() == b"t" and link.is_symlink()


def test_refuses_a_missing_parent_folder(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "x.pptx"
    with pytest.raises(ExportError) as exc:
        write_output(out, b"x")
    assert str(exc.value) == (
        f"cannot write {out}: folder {out.parent} does not exist; create it first (mkdir -p {out.parent})"
    )


def test_refuses_a_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    out = tmp_path / "file" / "x.pptx"
    with pytest.raises(ExportError, match="is not a folder"):
        write_output(out, b"x")


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_is_one_line_and_the_old_file_is_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"previous deck")

    def full(*_a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "fsync":
        monkeypatch.setattr(files.os, "fsync", full)
    else:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh: object) -> None:
                self.fh = fh

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *a: object) -> None:
                self.fh.close()  # type: ignore[attr-defined]

            def write(self, _data: bytes) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(ExportError) as exc:
        write_output(out, b"new deck")
    assert str(exc.value) == (
        f"cannot write {out}: the disk is full (no space left on device); free some space and try again "
        f"({out} is unchanged)"
    )
    assert out.read_bytes() == b"previous deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]  # no temporary file left


def test_check_output_accepts_a_new_file(tmp_path: Path) -> None:
    assert check_output(tmp_path / "new.pptx") is None


# --------------------------------------------------------------------------- export slides --out


@pytest.mark.parametrize("kind", ["folder", "read-only", "fifo", "device"])
def test_export_slides_refuses_a_bad_out_in_one_line(
    kind: str, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.pptx"
    if kind == "folder":
        out.mkdir()
        reason = "it is a folder; give a file name inside it"
    elif kind == "read-only":
        out.write_bytes(b"keep")
        out.chmod(0o444)
        reason = f"the file is read-only; choose another name, or make it writable (chmod u+w {out}) if it may be replaced"
    elif kind == "fifo":
        os.mkfifo(out)
        reason = "it is a named pipe (FIFO), not a regular file; give the name of a new file"
    else:
        out = Path("/dev/null")
        reason = "it is a character device, not a regular file; give the name of a new file"
    res = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "CHN")
    assert res.code == 1 and res.out == ""
    assert res.err.splitlines() == [f"Error: cannot write {out}: {reason}"]
    if kind == "read-only":
        assert out.read_bytes() == b"keep"


def test_export_slides_writes_the_deck_with_normal_permissions(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "china.pptx"
    old = os.umask(0o022)
    try:
        res = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "CHN")
    finally:
        os.umask(old)
    assert res.code == 0, res.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert out.read_bytes()[:2] == b"PK"


# --------------------------------------------------------------------------- read_input


def test_read_input_reads_a_regular_file(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"x,y\n")
    assert read_input(p, "give a CSV", 100) == b"x,y\n"


def test_read_input_refuses_what_grows_past_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"x" * 101)
    with pytest.raises(SourceValidationError) as exc:
        read_input(p, "give a CSV", 100)
    assert "larger than the" in str(exc.value) and str(exc.value).startswith(f"{p}: is ")


def test_read_input_refuses_a_fifo_swapped_in_after_the_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stat says regular file, the opened file is a FIFO: refused, not read (no hang)."""
    real = tmp_path / "a.csv"
    real.write_bytes(b"x")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(files, "_open", lambda _p, flags: os.open(fifo, flags))
    with pytest.raises(SourceValidationError, match=r"is a named pipe \(FIFO\), not a regular file"):
        read_input(real, "give a CSV", 100)
