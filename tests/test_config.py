"""Settings: bad values are one Error line naming the variable and what it takes; secrets
are never shown; a NEO4J_URI with credentials is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph.graph.config import load_settings, redact_uri
from ctgraph.graph.errors import ConfigError
from tests.cli_helpers import run_cli

SECRET = "s3cr3t-Pa55word-xyz"


@pytest.fixture(autouse=True)
def _clean_env(home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for var in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "NEO4J_TIMEOUT_S"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    ("var", "value", "line"),
    [
        ("CTGRAPH_STORE", "bogus",
         "Error: CTGRAPH_STORE='bogus' is not valid (input should be 'memory' or 'neo4j'); set it to memory or "
         "neo4j (or unset it: neo4j when NEO4J_URI is set, else memory)"),
        ("NEO4J_TIMEOUT_S", "abc",
         "Error: NEO4J_TIMEOUT_S='abc' is not valid (input should be a valid number, unable to parse string as a "
         "number); set it to a number of seconds greater than 0, e.g. 30"),
        ("NEO4J_TIMEOUT_S", "-1",
         "Error: NEO4J_TIMEOUT_S='-1' is not valid (input should be greater than 0); set it to a number of "
         "seconds greater than 0, e.g. 30"),
    ],
)
def test_bad_setting_is_one_error_line(
    var: str, value: str, line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(var, value)
    res = run_cli(capsys, "stats", "--json")
    assert res.code == 1 and res.out == ""
    assert res.err.splitlines() == [line]


def test_ctgraph_home_pointing_at_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "home-file"
    f.write_text("")
    monkeypatch.setenv("CTGRAPH_HOME", str(f))
    res = run_cli(capsys, "stats", "--json")
    assert res.code == 1
    assert res.err.splitlines() == [
        f"Error: CTGRAPH_HOME='{f}' is a file, not a folder; point it at a folder (it is created if missing)"
    ]


@pytest.mark.parametrize(
    "uri",
    ["bolt://neo4j:" + SECRET + "@127.0.0.1:7687", "neo4j+s://" + SECRET + "@db.example.org", "bolt://u:a/b@c" + SECRET + "@host"],
)
def test_uri_with_credentials_is_refused_and_the_password_never_shown(
    uri: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    res = run_cli(capsys, "stats", "--json")
    assert res.code == 1 and res.out == ""
    assert SECRET not in res.err
    (line,) = res.err.splitlines()
    assert line == (
        f"Error: NEO4J_URI={redact_uri(uri)!r} holds credentials ({redact_uri(uri)}); remove them from the URI "
        "and set NEO4J_USER and NEO4J_PASSWORD instead"
    )
    with pytest.raises(ConfigError) as exc:
        load_settings()
    assert SECRET not in str(exc.value) and SECRET not in repr(exc.value.__cause__)


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("bolt://neo4j:pw@127.0.0.1:7687", "bolt://***@127.0.0.1:7687"),
        ("neo4j+s://user@db.example.org", "neo4j+s://***@db.example.org"),
        ("bolt://a:p@ss/w@rd@host:7687", "bolt://***@host:7687"),
        ("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"),
        ("neo4j://host?policy=eu", "neo4j://host?policy=eu"),
        ("", ""),
    ],
)
def test_redact_uri(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown


def test_password_is_never_in_an_error_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A store that cannot be reached: the message says what to do, never the password."""
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    monkeypatch.setenv("NEO4J_TIMEOUT_S", "2")
    res = run_cli(capsys, "stats", "--json")
    assert res.code == 1
    assert len(res.err.splitlines()) == 1 and res.err.startswith("Error: ")
    assert SECRET not in res.err and SECRET not in res.out


def test_settings_repr_hides_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    s = load_settings()
    assert SECRET not in repr(s) and SECRET not in str(s.model_dump())
