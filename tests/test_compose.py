"""docker-compose.yml for users with Docker: its structure, checked against the
Compose Specification's JSON schema, with compose's variable interpolation.

These checks need neither Docker nor its compose plugin: the schema is the
specification's own (tests/fixtures/compose-spec.json) and interpolation
(``${VAR}``, ``${VAR:-default}``, ``${VAR:?message}``) is done here as compose
does it. Where the docker client *and* its compose plugin happen to be on PATH,
`docker compose config` is run as well (opt-in: scripts/test.sh no longer
builds the plugin).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
TEST_PASSWORD = "compose-test-pw-7d1e"


def _compose_available() -> str | None:
    """Why `docker compose` cannot run here, or None when it can."""
    if shutil.which("docker") is None:
        return "docker is not on PATH"
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        return "the docker compose plugin is not installed: " + (probe.stderr.strip().splitlines() or ["?"])[0]
    return None


def _config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", ""), "HOME": str(Path.home())}
    return subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "--env-file", "/dev/null", "config", "--format", "json"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_has_no_password_and_local_ports_only() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    services = data["services"]
    assert set(services) == {"neo4j", "load", "dashboard"}
    neo = services["neo4j"]
    assert neo["image"] == "neo4j:5.26-community"
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]+\}", neo["environment"]["NEO4J_AUTH"])
    # every mention of the password is an interpolation that fails when unset
    for line in text.splitlines():
        if "NEO4J_PASSWORD" in line and not line.lstrip().startswith("#"):
            assert "${NEO4J_PASSWORD:?" in line, line
    assert "healthcheck" in neo and neo["healthcheck"]["test"]
    for svc in services.values():
        for port in svc.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port
    assert set(data["volumes"]) == {"neo4j-data", "neo4j-logs"}
    assert "neo4j-data:/data" in neo["volumes"]


def test_env_example_documents_every_setting_without_a_secret() -> None:
    env = (ROOT / ".env.example").read_text(encoding="utf-8")
    values = dict(
        line.split("=", 1) for line in env.splitlines() if line and not line.startswith("#") and "=" in line
    )
    assert values["NEO4J_PASSWORD"] == ""
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_DATABASE"):
        assert var in values
    assert "neo4j+s://" in env and "CTGRAPH_HOME" in env
    from ctgraph.graph.config import Settings

    documented = {line.lstrip("# ").split("=", 1)[0] for line in env.splitlines() if "=" in line}
    assert {name.upper() for name in Settings.model_fields} <= documented


SCHEMA = Path(__file__).resolve().parent / "fixtures" / "compose-spec.json"
_VAR = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


class MissingVariable(Exception):
    pass


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's interpolation of ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}``."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(m: re.Match[str]) -> str:
        name, op, arg = m["name"], m["op"], m["arg"] or ""
        got = env.get(name)
        if op in (":?", "?") and not got:
            raise MissingVariable(f"required variable {name} is missing a value: {arg}")
        if op in (":-", "-") and not got:
            return arg
        return got or ""

    return _VAR.sub(one, value.replace("$$", "\0")).replace("\0", "$")


def test_compose_file_is_valid_against_the_compose_specification() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = interpolate(yaml.safe_load(COMPOSE.read_text(encoding="utf-8")), {"NEO4J_PASSWORD": TEST_PASSWORD})
    jsonschema.Draft201909Validator(schema).validate(data)
    neo, load, dash = (data["services"][s] for s in ("neo4j", "load", "dashboard"))
    assert neo["environment"]["NEO4J_AUTH"] == f"neo4j/{TEST_PASSWORD}"
    assert load["environment"]["NEO4J_PASSWORD"] == TEST_PASSWORD
    assert load["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert dash["depends_on"]["load"]["condition"] == "service_completed_successfully"
    # and a broken file is refused: the schema is really applied
    broken = {**data, "services": {**data["services"], "neo4j": {**neo, "ports": "7687"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(broken)


def test_compose_refuses_to_start_without_a_password() -> None:
    with pytest.raises(MissingVariable, match="NEO4J_PASSWORD is missing a value: set NEO4J_PASSWORD"):
        interpolate(yaml.safe_load(COMPOSE.read_text(encoding="utf-8")), {})


@pytest.mark.integration
def test_docker_compose_config_passes() -> None:
    reason = _compose_available()
    if reason:
        pytest.skip(reason)
    res = _config({"NEO4J_PASSWORD": TEST_PASSWORD})
    assert res.returncode == 0, res.stderr
    cfg = json.loads(res.stdout)
    services = cfg["services"]
    neo, load, dash = services["neo4j"], services["load"], services["dashboard"]
    assert neo["environment"]["NEO4J_AUTH"] == f"neo4j/{TEST_PASSWORD}"
    assert neo["healthcheck"]["test"][0] == "CMD-SHELL"
    published = [p for svc in services.values() for p in svc.get("ports", [])]
    assert published and all(p["host_ip"] == "127.0.0.1" for p in published)
    assert {p["target"] for p in published} == {7687, 7474, 8501}
    assert [v["source"] for v in neo["volumes"] if v["type"] == "volume"] == ["neo4j-data", "neo4j-logs"]
    assert load["command"] == ["--store", "neo4j", "load"]
    assert load["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert load["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert load["environment"]["NEO4J_PASSWORD"] == TEST_PASSWORD
    assert dash["command"][-5:] == ["dashboard", "--address", "0.0.0.0", "--port", "8501"]
    assert dash["depends_on"]["load"]["condition"] == "service_completed_successfully"


@pytest.mark.integration
def test_docker_compose_config_refuses_a_missing_password() -> None:
    reason = _compose_available()
    if reason:
        pytest.skip(reason)
    res = _config({})
    assert res.returncode != 0
    assert "set NEO4J_PASSWORD" in res.stderr
