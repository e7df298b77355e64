"""The README documents every CLI command and starts with the two fresh-machine commands."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from ctgraph.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    names: list[str] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        names.extend(f"{name} {s}" for s in sub) if sub else names.append(name)
    return names


def test_every_command_is_documented() -> None:
    commands = _commands()
    assert "export slides" in commands and "gaps" in commands
    for name in commands:
        assert re.search(rf"ctgraph {re.escape(name)}\b", README), f"README lacks `ctgraph {name}`"


def test_readme_opens_with_two_commands() -> None:
    head = README.split("---", 1)[0]
    commands = [ln.strip() for ln in head.splitlines() if ln.startswith("    ")]
    assert len(commands) == 2
    assert "ctgraph dashboard" in commands[0]
    assert commands[1] == "bash scripts/test.sh"
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
