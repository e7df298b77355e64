"""The docs are current: the README starts with the two fresh-machine commands and
names every CLI command; docs/cli.md and docs/settings.md are what
scripts/gen_docs.py makes from the code today; every environment variable the code
reads is documented and listed in .env.example; every relative link resolves; every
```console example of the README and docs/ prints what it shows (run on the seed, in a
fresh embedded store), unless a `<!-- docs-test: not run: REASON -->` line above it says
why not (it needs imported data, it does not end)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

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


# --------------------------------------------------------------------------- the examples run

#: The line just above a ```console block that is not run, with the reason (e.g. it needs imported data).
NOT_RUN = re.compile(r"^<!-- docs-test: not run: (?P<reason>\S.*?) -->$")
#: A shown output line that stands for any number of lines the example leaves out (abridged output).
ABRIDGED = "..."
#: The one phrase of the output that changes with the day it is run: the as-of sentence of a query
#: without --as-of. The run's must name today (and this year); the shown one may name any day.
TODAY_SENTENCE = re.compile(r"up to (\d{4}); instruments as they stand today \((\d{4}-\d{2}-\d{2})\)")
TODAY_PLACEHOLDER = "up to <this year>; instruments as they stand today (<today>)"
#: A rich table's rules (top, header and bottom borders): the shown tables leave them out.
TABLE_RULE = re.compile(r"^[\s┏┳┓┡╇┩└┴┘━─]+$")


def _console_blocks() -> list[tuple[str, int, str | None, str]]:
    """Every ```console block of the README and docs/*.md: (page, line, reason it is not run or None, text)."""
    blocks = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() != "```console":
                continue
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            marker = NOT_RUN.match(lines[i - 1].strip()) if i else None
            reason = marker["reason"] if marker else None
            blocks.append((str(page.relative_to(ROOT)), i + 1, reason, "\n".join(lines[i + 1 : end])))
    return blocks


def _examples(text: str) -> list[tuple[str, list[str]]]:
    """A console block as (command, shown output lines); `$ ` starts a command, a trailing backslash continues it,
    and blank lines after an output only separate it from the next command."""
    examples: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        assert line.startswith("$ "), f"console block line {i + 1} is neither a `$ ` command nor its output: {line!r}"
        command = line[2:]
        while command.endswith("\\"):
            i += 1
            command = command[:-1] + lines[i].strip()
        i += 1
        shown = []
        while i < len(lines) and not lines[i].startswith("$ "):
            shown.append(lines[i])
            i += 1
        while shown and not shown[-1].strip():
            shown.pop()
        examples.append((command, shown))
    return examples


def _normalised_run(output: str) -> list[str]:
    """The run's output as the docs show it: without table rules and trailing blanks; today's as-of phrase
    (checked to be today's) as the placeholder."""
    today = date.today()
    lines = []
    for line in output.splitlines():
        line = line.rstrip()
        if TABLE_RULE.match(line):
            continue
        for m in TODAY_SENTENCE.finditer(line):
            assert (m[1], m[2]) == (str(today.year), today.isoformat()), f"not today's as-of sentence: {line!r}"
        lines.append(TODAY_SENTENCE.sub(TODAY_PLACEHOLDER, line))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _shows(shown: list[str], actual: list[str]) -> bool:
    """Whether the shown lines are the actual ones, `...` standing for any run of lines (none included)."""
    shown = [TODAY_SENTENCE.sub(TODAY_PLACEHOLDER, s.rstrip()) for s in shown]
    # reach[j]: the first j actual lines can be matched by the shown lines so far
    reach = [True] + [False] * len(actual)
    for s in shown:
        if s == ABRIDGED:
            for j in range(1, len(reach)):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j - 1] and actual[j - 1] == s for j in range(1, len(reach))]
    return reach[-1]


CONSOLE_BLOCKS = _console_blocks()


def test_every_console_example_runs_or_says_why_not() -> None:
    assert any(page == "README.md" and reason is None for page, _, reason, _ in CONSOLE_BLOCKS)
    for page, line, reason, text in CONSOLE_BLOCKS:
        assert _examples(text), f"{page}:{line}: a console block without a `$ ` command"
        if reason is None:
            continue
        assert len(reason) > 20, f"{page}:{line}: say why the example is not run"


@pytest.mark.parametrize(
    "page, line, text",
    [pytest.param(page, line, text, id=f"{page}:{line}") for page, line, reason, text in CONSOLE_BLOCKS if not reason],
)
def test_the_console_examples_print_what_the_docs_show(page: str, line: int, text: str, tmp_path: Path) -> None:
    """Each command of the block runs in order, in one fresh folder (the repository's tests/ linked into it) with a
    fresh embedded store on the seed alone; its stdout and stderr together are what the block shows, and it exits 1
    exactly when the block shows an `Error:` line."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "tests").symlink_to(ROOT / "tests")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTGRAPH_", "NEO4J_"))}
    env["CTGRAPH_HOME"] = str(tmp_path / "home")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command, shown in _examples(text):
        run = subprocess.run(
            ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        output = run.stdout + run.stderr  # (no example shows both)
        actual = _normalised_run(output)
        where = f"{page}:{line}: `$ {command}`"
        assert _shows(shown, actual), f"{where} printed, normalised:\n" + "\n".join(actual)
        expected = 1 if any(s.startswith("Error:") for s in shown) else 0
        assert run.returncode == expected, f"{where} exited {run.returncode}:\n{output}"
