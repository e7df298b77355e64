"""Research logs: what was searched for instruments, per country or pair, and what came of it.

A research log (``seed/research/*.yaml``, schema :class:`graph.model.ResearchLog`)
says on which day stored public sources were searched and, per entry, for which
country or pair (ISO alpha-3), on which topic (``bilateral`` or ``regional``),
with which queries, and the outcome: ``found`` (the agreement ids recorded in
the seed), ``not_found`` (searched, nothing quotable) or ``lead_only`` (a lead,
no source good enough to record a fact). The fact walker skips folders named
``research``; this module reads them.

Logs are read from the package's seed folder when asked (:func:`research_for`),
so both stores and an installed wheel show the same log without loading it into
a store. Problems are reported like the seed's: ``file:line: message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ctgraph.graph.answers import Research
from ctgraph.graph.countries import is_iso3
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.model import ResearchLog
from ctgraph.ingest.seed import RAW_ID, SEED_DIR, describe_error, line_of, read_sources, read_yaml

__all__ = ["RESEARCH_DIR", "LoggedSearch", "default_research_paths", "read_research", "research_log", "research_for"]

#: The seed's research logs.
RESEARCH_DIR = SEED_DIR / "research"


@dataclass(frozen=True)
class LoggedSearch:
    """One research-log entry with the file and line it was read from."""

    research: Research
    file: str
    line: int


def default_research_paths() -> list[Path]:
    """The seed's research logs, in name order."""
    return sorted([*RESEARCH_DIR.glob("*.yaml"), *RESEARCH_DIR.glob("*.yml")])


def _seed_agreements() -> set[str]:
    facts, _problems = read_sources()
    return {a.id for a in facts.section("agreements")}


def read_research(  # noqa: C901
    paths: Sequence[Path | str] | None = None, agreements: Iterable[str] | None = None
) -> tuple[list[LoggedSearch], list[Problem]]:
    """Read and check research logs: every entry, and every problem as ``file:line: message``.

    Checked: the schema (a known outcome and topic, one or two countries, a found
    entry names an instrument), ISO 3166 country codes, and that every
    instrument is an agreement id of ``agreements`` (default: the seed's).
    """
    files = [Path(p) for p in paths] if paths else default_research_paths()
    known = set(agreements) if agreements is not None else _seed_agreements()
    entries: list[LoggedSearch] = []
    problems: list[Problem] = []
    for path in files:
        name = str(path)
        read = read_yaml(path, problems, "researched: and entries:")
        if read is None:
            continue
        data, root = read
        try:
            log = ResearchLog.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                msg = describe_error(err)
                if len(err["loc"]) == 2 and err["loc"][0] == "entries":  # about an entry as a whole
                    msg = msg.split(": ", 1)[1]
                problems.append(Problem(name, line_of(root, err["loc"]), msg))
            continue
        for i, e in enumerate(log.entries):
            line = line_of(root, ("entries", i))
            for j, c in enumerate(e.countries):
                if not is_iso3(c):
                    problems.append(Problem(name, line_of(root, ("entries", i, "countries", j)),
                                            f"countries: {c!r} is not an ISO 3166-1 alpha-3 country code"))
            if len(set(e.countries)) < len(e.countries):
                problems.append(Problem(name, line_of(root, ("entries", i, "countries")),
                                        "countries: a pair names two different countries"))
            for j, ident in enumerate(e.instruments):
                if ident not in known:
                    problems.append(Problem(name, line_of(root, ("entries", i, "instruments", j)),
                                            f"instruments: {ident!r} is not an agreement in the seed; "
                                            "give the id of a recorded agreement (seed/facts)"))
            raw = RAW_ID.search(e.note or "")
            if raw:
                problems.append(Problem(name, line_of(root, ("entries", i, "note")),
                                        f"note: names {raw.group(0)!r} by its id; people read this text, "
                                        "so name it as they would (its title)"))
            entries.append(LoggedSearch(
                {
                    "researched": log.researched,
                    "countries": list(e.countries),
                    "topic": e.topic,
                    "outcome": e.outcome,
                    "instruments": list(e.instruments),
                    "queries": list(e.queries),
                    "note": e.note,
                },
                name,
                line,
            ))
    return entries, sorted(set(problems))


@lru_cache(maxsize=1)
def _logged() -> tuple[LoggedSearch, ...]:
    entries, problems = read_research(agreements=())
    problems = [p for p in problems if "is not an agreement in the seed" not in p.message]
    if problems:
        raise SourceValidationError(problems)
    return tuple(entries)


def research_log() -> list[Research]:
    """Every entry of the seed's research logs (read once per process; ids are
    checked by ``ctgraph validate``, not here)."""
    return [e.research.copy() for e in _logged()]


def research_for(country: str) -> list[Research]:
    """What was researched for ``country`` (an ISO alpha-3 code): the log entries
    naming it, oldest research first, found before not found.

    Examples
    --------
    >>> any(r["outcome"] == "found" for r in research_for("THA"))
    True
    """
    order = {"found": 0, "lead_only": 1, "not_found": 2}
    found = [r for r in research_log() if country in r["countries"]]
    found.sort(key=lambda r: (r["researched"], order.get(r["outcome"], 3)))
    return found
