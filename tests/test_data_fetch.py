"""`ctgraph data fetch NAME` against a local HTTP server on 127.0.0.1 (no internet): a good
file is saved whole, and every failure (404, a web page, too large, not the data set,
nothing listening) is one Error: line with nothing left in the folder."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ctgraph.graph.errors import DownloadError
from ctgraph.ingest.download import fetch
from ctgraph.ingest.registry import import_dataset
from tests.cli_helpers import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GLOTIP = (FIXTURES / "glotip_slice.csv").read_bytes()
TIERS = (FIXTURES / "tip_tiers_slice.csv").read_bytes()
PAGE = b"<!DOCTYPE html>\n<html><body>Sorry, the page you asked for is not available.</body></html>\n"

#: path -> (status, content type, body, send Content-Length)
ROUTES: dict[str, tuple[int, str, bytes, bool]] = {
    "/data_glotip.csv": (200, "text/csv", GLOTIP, True),
    "/tip_tiers_orig.csv": (200, "text/csv", TIERS, True),
    "/html-page": (200, "text/html; charset=utf-8", PAGE, True),
    "/html-as-csv.csv": (200, "application/octet-stream", PAGE, True),
    "/not-glotip.csv": (200, "text/csv", b"name,value\na,1\n", True),
    "/streamed-big.csv": (200, "text/csv", GLOTIP * 40, False),
}


class _Handler(BaseHTTPRequestHandler):
    timeout = 10  # a stuck client cannot hold a handler thread

    def do_GET(self) -> None:
        status, kind, body, with_length = ROUTES.get(self.path, (404, "text/plain", b"not found\n", True))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if with_length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    stop = threading.Timer(120, httpd.shutdown)  # self-stopping even if the module never finishes
    stop.daemon = True
    stop.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        stop.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_glotip_file_is_saved_whole_and_imports(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run_cli(capsys, "data", "fetch", "glotip", "--url", f"{server}/data_glotip.csv", "--to", str(tmp_path))
    assert r.code == 0, r.err
    saved = tmp_path / "data_glotip.csv"
    assert _left(tmp_path) == ["data_glotip.csv"] and saved.read_bytes() == GLOTIP
    assert f"import it with: ctgraph import glotip {saved}" in r.out
    assert (
        import_dataset("glotip", saved)[1]["rows"] == import_dataset("glotip", FIXTURES / "glotip_slice.csv")[1]["rows"]
    )
    again = run_cli(capsys, "data", "fetch", "glotip", "--url", f"{server}/data_glotip.csv", "--to", str(tmp_path))
    assert (
        again.code == 1
        and again.err == f"Error: {saved} exists: remove it, choose another folder with --to, or pass --force\n"
    )
    assert (
        run_cli(
            capsys, "data", "fetch", "glotip", "--url", f"{server}/data_glotip.csv", "--to", str(tmp_path), "--force"
        ).code
        == 0
    )
    assert _left(tmp_path) == ["data_glotip.csv"]


def test_the_catalogue_address_is_used_when_no_url_is_given(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from ctgraph.ingest import catalogue

    tiers = catalogue.find("tip-tiers")
    assert tiers is not None and tiers.url.endswith("/data/tip_tiers_orig.csv")  # the repository's own file
    local = dataclasses.replace(tiers, url=f"{server}/tip_tiers_orig.csv")
    monkeypatch.setattr(
        catalogue, "CATALOGUE", tuple(local if d.name == "tip-tiers" else d for d in catalogue.CATALOGUE)
    )
    saved = fetch("tip-tiers", tmp_path, progress=False)
    assert saved == tmp_path / "tip_tiers_orig.csv" and saved.read_bytes() == TIERS


@pytest.mark.parametrize(
    ("path", "name", "words"),
    [
        (
            "/missing.csv",
            "glotip",
            "the server answered HTTP 404 Not Found; the file may have moved: see https://dataunodc.un.org/",
        ),
        ("/html-page", "glotip", "the server sent a web page (text/html), not the data file"),
        ("/html-as-csv.csv", "glotip", "the server sent a web page (HTML), not the data file"),
        (
            "/not-glotip.csv",
            "glotip",
            "the download is not a GLOTIP data file (header: not a GLOTIP file: missing column",
        ),
        ("/data_glotip.csv", "ctdc", "the download is not a CTDC data file (header: not a CTDC file"),
        ("/data_glotip.csv", "tip-tiers", "the download is not the US TIP tiers CSV"),
    ],
)
def test_what_is_not_the_data_is_refused_in_one_line_and_leaves_nothing(
    server: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    name: str,
    words: str,
) -> None:
    folder = tmp_path / "downloads"
    r = run_cli(capsys, "data", "fetch", name, "--url", f"{server}{path}", "--to", str(folder))
    assert r.code == 1 and r.out == ""
    assert r.err.startswith(f"Error: {server}{path}: {words}") and r.err.count("\n") == 1, r.err
    assert _left(folder) == []


def test_too_large_is_refused_by_its_announced_length_and_while_streaming(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"the file is 0\.0 MB, over the 0\.0 MB limit"):
        fetch("glotip", tmp_path, url=f"{server}/data_glotip.csv", max_bytes=len(GLOTIP) - 1, progress=False)
    with pytest.raises(DownloadError, match=r"larger than the 0\.1 MB limit; stopped at"):
        fetch("glotip", tmp_path, url=f"{server}/streamed-big.csv", max_bytes=100_000, progress=False)
    assert _left(tmp_path) == []


def test_nothing_listening_is_one_line_saying_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run_cli(
        capsys,
        "data",
        "fetch",
        "glotip",
        "--url",
        f"http://127.0.0.1:{port}/data_glotip.csv",
        "--to",
        str(tmp_path / "d"),
    )
    assert r.code == 1 and r.err.count("\n") == 1
    assert (
        r.err.startswith(f"Error: cannot reach 127.0.0.1:{port} (")
        and "check the network connection (offline?) or download the file by hand from https://dataunodc.un.org/"
        in r.err
    )
    assert _left(tmp_path / "d") == []


def test_a_data_set_without_a_file_address_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_cli(capsys, "data", "fetch", "glotip")
    assert r.code == 1 and "ctgraph data fetch glotip --url LINK" in r.err and r.err.count("\n") == 1
    untc = run_cli(capsys, "data", "fetch", "untc")
    assert untc.code == 1 and untc.err.startswith("Error: untc is not a file to download: ")
    bad = run_cli(capsys, "data", "fetch", "nothing")
    assert bad.err == "Error: no data set 'nothing': choose one of glotip, ctdc, untc, tip-tiers\n"
