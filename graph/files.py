"""Opening users' files and writing ctgraph's outputs: the one place for both.

Reading (:func:`read_input`, :func:`input_problem`): ctgraph reads only a
*regular* file. It looks with ``stat`` first and refuses a folder, a named
pipe (FIFO), a device or a socket without opening it, then opens non-blocking
and checks the opened file again (so a file swapped for a FIFO in between
cannot hang a load either). Missing, unreadable and over-large files are
refused the same way. Every refusal is one :class:`~graph.errors.Problem` of
line 0, which reads ``FILE: what is wrong; how to fix it``.

Writing (:func:`write_output`, :func:`check_output`): an output is written
only as a regular file at the path asked for, atomically: a temporary file
in the same folder, ``fsync``, then ``rename`` over the target. A folder, a
symbolic link, a FIFO, a device, a read-only file or a missing parent folder
is refused with one line before anything is written; a full disk (or any
other write error) leaves the old file as it was. A new file gets the normal
mode for the user's umask (0644 under the default 022), an existing one keeps
its mode.

Output folders (:func:`check_output_folder`) follow the same rules, and say
so in one line: a path under a file, a symbolic link, a read-only folder (even
for root: a folder without any write bit is read-only to ctgraph) or a
kernel file system (``/proc``, ``/sys``, ``/dev``) is refused before anything
is written.

Temporary folders (:func:`temp_folder`) are named ``<prefix><pid>-<random>``
next to their target, and removed when the process is interrupted
(``KeyboardInterrupt``, or SIGTERM/SIGHUP turned into an exit by
:func:`exit_on_termination`); one left behind by a killed process (``kill
-9``: nothing can run) is removed by the next run in that folder
(:func:`remove_stale_temp_folders`: its process is gone).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ctgraph.graph.errors import ExportError, Problem, SourceValidationError

__all__ = [
    "file_kind",
    "input_problem",
    "read_input",
    "check_output",
    "write_output",
    "current_umask",
    "check_output_folder",
    "temp_folder",
    "remove_stale_temp_folders",
    "exit_on_termination",
]

_open = os.open  # indirection for tests that simulate an unreadable file as root


def file_kind(mode: int) -> str:
    """What a ``st_mode`` names, in words used by the messages.

    Examples
    --------
    >>> file_kind(stat.S_IFREG | 0o644), file_kind(stat.S_IFIFO), file_kind(stat.S_IFDIR)
    ('a regular file', 'a named pipe (FIFO)', 'a folder')
    """
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _mb(n: int) -> str:
    return f"{n / 1_048_576:,.1f} MB" if n < 10 * 1_048_576 else f"{n // 1_048_576:,} MB"


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    if exc.errno == errno.ENOTDIR:
        return "a folder on its path is a file"
    return exc.strerror or str(exc)


def input_problem(path: Path | str, hint: str, limit: int | None = None) -> str | None:
    """Why ``path`` cannot be read as an input file (``None``: it can), without opening it.

    ``hint`` says how to fix it ("give the path of the GLOTIP CSV file");
    ``limit`` is the largest size in bytes accepted.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return f"no such file; {hint}"
    except NotADirectoryError:
        return f"no such file (a folder on its path is a file); {hint}"
    except OSError as exc:
        return f"cannot be read ({_os_reason(exc)}); {hint}"
    if not stat.S_ISREG(st.st_mode):
        return f"is {file_kind(st.st_mode)}, not a regular file: ctgraph reads only regular files; {hint}"
    if limit is not None and st.st_size > limit:
        return (
            f"is {_mb(st.st_size)}, larger than the {_mb(limit)} limit for this kind of file; "
            "split it (for example by year) and import the parts, or check that it is the right file"
        )
    return None


def read_input(path: Path | str, hint: str, limit: int) -> bytes:
    """The bytes of a regular input file, or :class:`SourceValidationError` (one line, line 0).

    Never opens a FIFO, a device or a folder; reads at most ``limit`` bytes.
    """
    name = str(path)

    def refuse(message: str) -> SourceValidationError:
        return SourceValidationError([Problem(name, 0, message)])

    problem = input_problem(path, hint, limit)
    if problem:
        raise refuse(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = _open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise refuse(
                f"cannot be read: permission denied; make it readable (chmod u+r {name}) or run as its owner"
            ) from None
        raise refuse(f"cannot be read ({_os_reason(exc)}); {hint}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped after the stat above
            raise refuse(f"is {file_kind(st.st_mode)}, not a regular file: ctgraph reads only regular files; {hint}")
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise refuse(f"cannot be read ({_os_reason(exc)}); {hint}") from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise refuse(
                    f"is larger than the {_mb(limit)} limit for this kind of file; "
                    "split it (for example by year) and import the parts, or check that it is the right file"
                )
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


# --------------------------------------------------------------------------- writing


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux).

    Examples
    --------
    >>> 0 <= current_umask() <= 0o777
    True
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc: the classic (briefly process-wide) way
    os.umask(mask)
    return mask


def check_output(path: Path | str) -> os.stat_result | None:  # noqa: C901
    """Refuse, with one :class:`ExportError` line, a path that :func:`write_output` must not write.

    Returns the ``lstat`` of an existing regular file there (``None`` for a new file).
    """
    p = Path(path)
    shown = str(path)
    folder = p.parent
    try:
        st: os.stat_result | None = os.lstat(p)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise ExportError(f"cannot write {shown}: {folder} is not a folder; give a path inside a folder") from None
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: {_os_reason(exc)}") from None
    if st is not None:
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise ExportError(f"cannot write {shown}: it is a folder; give a file name inside it")
        if stat.S_ISLNK(mode):
            raise ExportError(
                f"cannot write {shown}: it is a symbolic link; give the path of the file itself or a new name"
            )
        if not stat.S_ISREG(mode):
            raise ExportError(
                f"cannot write {shown}: it is {file_kind(mode)}, not a regular file; give the name of a new file"
            )
        if not mode & 0o222 or not os.access(p, os.W_OK):
            raise ExportError(
                f"cannot write {shown}: the file is read-only; choose another name, or make it writable "
                f"(chmod u+w {shown}) if it may be replaced"
            )
    absolute = Path(os.path.abspath(p))
    for root in ("/proc", "/sys", "/dev"):
        if absolute.is_relative_to(root) and not absolute.is_relative_to("/dev/shm"):
            raise ExportError(f"cannot write {shown}: {root} is a kernel file system, not a place for files; "
                              "choose a folder on disk")
    try:
        fst = os.stat(folder)
    except FileNotFoundError:
        raise ExportError(
            f"cannot write {shown}: folder {folder} does not exist; create it first (mkdir -p {folder})"
        ) from None
    except OSError as exc:
        raise ExportError(f"cannot write {shown}: folder {folder}: {_os_reason(exc)}") from None
    if not stat.S_ISDIR(fst.st_mode):
        raise ExportError(f"cannot write {shown}: {folder} is not a folder; give a path inside a folder")
    if not fst.st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):  # no write bit: read-only, even to root
        raise ExportError(
            f"cannot write {shown}: no permission to create files in {folder}; choose a folder you can write to"
        )
    return st


def _write_reason(shown: str, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"cannot write {shown}: the disk is full (no space left on device); free some space and try again ({shown} is unchanged)"
    if exc.errno == errno.EDQUOT:
        return f"cannot write {shown}: disk quota exceeded; free some space and try again ({shown} is unchanged)"
    if exc.errno == errno.EROFS:
        return f"cannot write {shown}: the file system is read-only; write to another folder"
    return f"cannot write {shown}: {_os_reason(exc)} ({shown} is unchanged)"


def write_output(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` as a regular file, atomically; one-line :class:`ExportError` otherwise.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> out = write_output(os.path.join(d, "x.txt"), b"hello")
    >>> out.read_bytes(), oct(out.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    (b'hello', True)
    """
    p = Path(path)
    shown = str(path)
    existing = check_output(p)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~current_umask()
    folder = p.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{p.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(_write_reason(shown, exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(_write_reason(shown, exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable; not every file system allows it
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return p


# --------------------------------------------------------------------------- output folders, temporary folders

#: Kernel file systems: nothing a user means to keep is written there.
_VIRTUAL = ("/proc", "/sys", "/dev")


def _read_only(mode: int) -> bool:
    return not mode & 0o222


def check_output_folder(path: Path | str, what: str = "--out") -> None:  # noqa: C901
    """Refuse, with one :class:`ExportError` line, a folder path ctgraph must not create or fill.

    The folder itself may exist (empty or not: the caller decides) or not; its
    nearest existing ancestor must be a writable folder.
    """
    p = Path(path)
    shown = str(path)
    absolute = Path(os.path.abspath(p))
    for root in _VIRTUAL:
        if (absolute == Path(root) or absolute.is_relative_to(root)) and not absolute.is_relative_to("/dev/shm"):
            raise ExportError(f"{what} {shown}: {root} is a kernel file system, not a place for files; "
                              "choose a folder on disk")
    try:
        st: os.stat_result | None = os.lstat(p)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        st = None  # a file on its path: found below
    except OSError as exc:
        raise ExportError(f"{what} {shown}: {_os_reason(exc)}") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise ExportError(f"{what} {shown}: is a symbolic link; give the folder itself or a new name")
        if not stat.S_ISDIR(st.st_mode):
            raise ExportError(f"{what} {shown}: is {file_kind(st.st_mode)}, not a folder; give a folder name")
    # the nearest existing ancestor: a folder, writable
    cur = absolute.parent if st is None else absolute
    while True:
        try:
            ast = os.stat(cur)
            break
        except FileNotFoundError:
            cur = cur.parent
        except NotADirectoryError:
            cur = cur.parent
        except OSError as exc:
            raise ExportError(f"{what} {shown}: {cur}: {_os_reason(exc)}") from None
    if not stat.S_ISDIR(ast.st_mode):
        raise ExportError(f"{what} {shown}: {cur} is {file_kind(ast.st_mode)}, not a folder; give a path inside "
                          "a folder")
    parent = absolute.parent if st is not None else cur
    try:
        pst = os.stat(parent)
    except OSError:
        pst = ast
    for folder, fst in ((cur, ast), (parent, pst)):
        if _read_only(fst.st_mode) or not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"{what} {shown}: folder {folder} is read-only; choose a folder you can write to")


def temp_folder(parent: Path, prefix: str) -> Path:
    """A new temporary folder in ``parent`` named ``<prefix><pid>-<random>`` (see the module docstring)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is gone for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


#: A temporary folder without a process id in its name (older ctgraph) counts as stale after this long.
STALE_AFTER_S = 3600.0


def remove_stale_temp_folders(parent: Path, prefix: str) -> list[Path]:
    """Remove ``prefix*`` folders in ``parent`` whose process is gone; return them."""
    removed: list[Path] = []
    try:
        found = [d for d in Path(parent).iterdir() if d.name.startswith(prefix)]
    except OSError:
        return removed
    for d in found:
        try:
            if d.is_symlink() or not d.is_dir():
                continue
            head = d.name[len(prefix):].split("-", 1)[0]
            if head.isdigit():
                stale = not _alive(int(head))
            else:
                stale = time.time() - d.stat().st_mtime > STALE_AFTER_S
        except OSError:
            continue
        if stale:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


@contextmanager
def exit_on_termination() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)`` (so ``finally`` clauses and
    ``except BaseException`` clean-ups run) instead of killing the process on the spot.

    Only the main thread can set signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
