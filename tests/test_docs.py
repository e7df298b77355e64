"""The docs are current: the README starts with the two fresh-machine commands and
names every CLI command; docs/cli.md and docs/settings.md are what
scripts/gen_docs.py makes from the code today; every environment variable the code
reads is documented and listed in .env.example; every relative link resolves."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_docs  # noqa: E402

sys.path.remove(str(ROOT / "scripts"))

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIX = "run .venv/bin/python scripts/gen_docs.py"


def test_every_command_is_named_in_the_readme_and_in_the_cli_reference() -> None:
    commands = gen_docs.command_names()
    assert "export slides" in commands and "gaps" in commands and "review accept" in commands
    cli_md = gen_docs.CLI_MD.read_text(encoding="utf-8")
    for name in commands:
        assert re.search(rf"ctgraph {re.escape(name)}\b", README), f"README lacks `ctgraph {name}`"
        assert f"\n## ctgraph {name}\n" in cli_md, f"docs/cli.md lacks `ctgraph {name}`: {FIX}"


def test_the_cli_reference_is_the_clis_help_today() -> None:
    assert gen_docs.CLI_MD.read_text(encoding="utf-8") == gen_docs.cli_markdown(), f"docs/cli.md is stale: {FIX}"


def test_the_settings_reference_is_the_settings_models_today() -> None:
    assert gen_docs.SETTINGS_MD.read_text(encoding="utf-8") == gen_docs.settings_markdown(), (
        f"docs/settings.md is stale: {FIX}"
    )


def test_every_environment_variable_is_documented_and_in_env_example() -> None:
    names = gen_docs.code_variables() | set(gen_docs.model_variables()) | gen_docs.compose_variables()
    assert {"NEO4J_URI", "CTGRAPH_HOME", "CTGRAPH_CONSOLE_ROW_LIMIT", "CTGRAPH_LLM_URL", "NEO4J_HEAP"} <= names
    settings_md = gen_docs.SETTINGS_MD.read_text(encoding="utf-8")
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = {m[1] for m in re.finditer(r"^#? ?([A-Z][A-Z0-9_]*)=", env_example, re.M)}
    for name in sorted(names):
        assert f"| `{name}` |" in settings_md, f"docs/settings.md does not document {name}: {FIX}"
        assert name in listed, f".env.example does not list {name} (as {name}= or # {name}=)"


def test_readme_opens_with_two_commands() -> None:
    head = README.split("---", 1)[0]
    commands = [ln.strip() for ln in head.splitlines() if ln.startswith("    ")]
    assert len(commands) == 2
    assert "ctgraph dashboard" in commands[0]
    assert commands[1] == "bash scripts/test.sh"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_the_readme_is_short_and_points_to_every_doc() -> None:
    assert len(README.splitlines()) <= 200
    docs = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert {"cli.md", "settings.md", "concepts.md", "operations.md", "security.md", "benchmarks.md"} <= set(docs)
    for name in docs:
        assert f"docs/{name}" in README, f"README does not point to docs/{name}"


def test_every_relative_link_resolves() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.exists(), f"{page.relative_to(ROOT)} links to {target}, which does not exist"
