"""Download a data set from its official address (``ctgraph data fetch NAME``).

What a download must pass before it is kept:

- the server answers 200 (an HTTP error, an unreachable host or a timeout is one
  :class:`~ctgraph.graph.errors.DownloadError` line saying what happened and where the
  file can be had by hand);
- it is at most ``max_bytes`` (the announced length is checked before reading, the
  bytes read while reading);
- it is the data and not a web page (an HTML answer, e.g. a portal's error or login
  page, is refused);
- it is this data set: GLOTIP and CTDC files through the importer's own header
  check (:func:`ctgraph.ingest.datasets.read_rows`, .xlsx or CSV), the US TIP tiers
  CSV by its header.

The bytes go to a temporary file next to the target and are renamed onto it only
when every check passed: an interrupted or refused download leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from tqdm import tqdm

from ctgraph.graph.errors import DownloadError, SourceValidationError
from ctgraph.ingest.catalogue import CATALOGUE, DataSet, find
from ctgraph.ingest.datasets import MAX_DATASET_BYTES, XLSX_MAGIC, read_rows
from ctgraph.ingest.tip_tiers import TIER_HEADER

__all__ = ["fetch", "looks_like_html", "MAX_DOWNLOAD_BYTES", "TIMEOUT_SECONDS"]

#: The largest download kept (the importers read no larger file).
MAX_DOWNLOAD_BYTES = MAX_DATASET_BYTES
#: Seconds to wait for the server to connect or send the next bytes.
TIMEOUT_SECONDS = 30.0
_CHUNK = 64 * 1024
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def looks_like_html(head: bytes) -> bool:
    """Whether the first bytes of a download are a web page rather than data.

    Examples
    --------
    >>> looks_like_html(b"\\xef\\xbb\\xbf  <!DOCTYPE html><html>"), looks_like_html(b"Iso3_code,Country")
    (True, False)
    """
    return bool(_HTML.match(head.removeprefix(b"\xef\xbb\xbf")))


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


def _target_name(d: DataSet, url: str, head: bytes) -> str:
    """The saved file's name: the address's own file name when it has one, else the catalogue's;
    a GLOTIP or CTDC file named by what it is (.xlsx for a workbook, else .csv)."""
    base = unquote(PurePosixPath(urlsplit(url).path).name)
    name = base if re.fullmatch(r"[\w.()\- ]+\.(xlsx|csv)", base, re.IGNORECASE) else (d.file or f"{d.name}.csv")
    if d.check in ("glotip", "ctdc"):
        name = str(Path(name).with_suffix(".xlsx" if head.startswith(XLSX_MAGIC) else ".csv"))
    return name


def _check(d: DataSet, path: Path, url: str) -> None:
    """Refuse a download that is not this data set (the importer's own header check)."""
    if d.check in ("glotip", "ctdc"):
        rows = read_rows(path, "glotip" if d.check == "glotip" else "ctdc")
        try:
            next(rows, None)
        except SourceValidationError as exc:
            first = exc.problems[0].message if exc.problems else str(exc)
            raise DownloadError(
                f"{url}: the download is not a {d.name.upper()} data file ({first}); download it by hand from "
                f"{d.address} (`ctgraph data {d.name}` names the file)"
            ) from None
        finally:
            rows.close()  # type: ignore[attr-defined]  # a generator
    elif d.check == "tip-tiers":
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            first_line = f.readline()
        header = tuple(h.strip().strip('"').lower() for h in first_line.split(",")[:5])
        if header != TIER_HEADER:
            raise DownloadError(
                f"{url}: the download is not the US TIP tiers CSV (its header is {first_line.strip()[:80]!r}, "
                f"expected {','.join(TIER_HEADER)}); download it by hand from {d.address}"
            )


def _copy(answer: IO[bytes], out: IO[bytes], url: str, length: int | None, max_bytes: int, progress: bool) -> bytes:
    """Copy the answer's body, at most ``max_bytes``; return its first bytes."""
    head = b""
    done = 0
    with tqdm(
        total=length, unit="B", unit_scale=True, desc="download", disable=not progress, file=sys.stderr, leave=False
    ) as bar:
        while chunk := answer.read(_CHUNK):
            done += len(chunk)
            if done > max_bytes:
                raise DownloadError(
                    f"{url}: the file is larger than the {_mb(max_bytes)} limit; stopped at "
                    f"{_mb(done)} (raise it with --max-mb if this is the data set)"
                )
            if len(head) < 512:
                head += chunk[: 512 - len(head)]
                if looks_like_html(head):
                    raise DownloadError(
                        f"{url}: the server sent a web page (HTML), not the data file; open "
                        "the address in a browser, or download the file by hand"
                    )
            out.write(chunk)
            bar.update(len(chunk))
    if not done:
        raise DownloadError(f"{url}: the server sent an empty file")
    return head


def fetch(
    name: str,
    folder: Path,
    *,
    url: str | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    force: bool = False,
    progress: bool = True,
) -> Path:
    """Download the data set ``name`` into ``folder``; return the saved file.

    ``url`` overrides the catalogue's address (a data set whose publisher gives no lasting
    file address needs it). Raises :class:`DownloadError` (one line) when offline, on an
    HTTP error, a file over ``max_bytes``, a web page, or a file that is not this data set;
    nothing is left behind then.
    """
    d = find(name)
    if d is None:
        raise DownloadError(f"no data set {name!r}: choose one of {', '.join(x.name for x in CATALOGUE)}")
    if not d.check:
        raise DownloadError(f"{d.name} is not a file to download: {d.download}")
    address = url or d.url
    if not address:
        raise DownloadError(
            f"{d.name} has no fixed file address (its publisher's link changes, or it is a web page): open "
            f"{d.address}, copy the link of the file `ctgraph data {d.name}` names and run "
            f"`ctgraph data fetch {d.name} --url LINK`"
        )
    if urlsplit(address).scheme not in ("http", "https"):
        raise DownloadError(f"{address}: not an http(s) address")
    with _open(d, address, timeout) as answer:
        return _save(d, answer, address, folder, max_bytes=max_bytes, force=force, progress=progress)


def _open(d: DataSet, address: str, timeout: float) -> IO[bytes]:
    """The server's answer, or one line saying why there is none."""
    request = urllib.request.Request(address, headers={"User-Agent": "ctgraph (data fetch)"})
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # type: ignore[no-any-return]
    except urllib.error.HTTPError as exc:
        raise DownloadError(
            f"{address}: the server answered HTTP {exc.code} {exc.reason}; the file may have moved: see {d.address}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(
            f"cannot reach {urlsplit(address).netloc} ({reason}): check the network connection "
            f"(offline?) or download the file by hand from {d.address}"
        ) from None


def _save(
    d: DataSet, answer: IO[bytes], address: str, folder: Path, *, max_bytes: int, force: bool, progress: bool
) -> Path:
    """Check the answer's headers, copy it to a temporary file, check it, rename it onto the target."""
    headers = answer.headers  # type: ignore[attr-defined]
    kind = headers.get_content_type()
    if kind in ("text/html", "application/xhtml+xml"):
        raise DownloadError(
            f"{address}: the server sent a web page ({kind}), not the data file; open the "
            "address in a browser, or download the file by hand"
        )
    length_text = headers.get("Content-Length")
    length = int(length_text) if length_text and length_text.isdigit() else None
    if length is not None and length > max_bytes:
        raise DownloadError(
            f"{address}: the file is {_mb(length)}, over the {_mb(max_bytes)} limit "
            "(raise it with --max-mb if this is the data set)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".ctgraph-download-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    kept = False
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                head = _copy(answer, out, address, length, max_bytes, progress)
            except (TimeoutError, OSError) as exc:
                raise DownloadError(f"{address}: the download broke off ({exc}); try again") from None
        target = folder / _target_name(d, address, head)
        if target.exists() and not force:
            raise DownloadError(f"{target} exists: remove it, choose another folder with --to, or pass --force")
        _check(d, tmp, address)
        os.replace(tmp, target)
        kept = True
        return target
    finally:
        if not kept:
            tmp.unlink(missing_ok=True)
