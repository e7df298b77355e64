"""Read, validate and convert the curated seed files (YAML) into a graph batch.

Validation happens at the boundary and is complete before anything is
written: every file is parsed, every fact checked against the schema
(:mod:`graph.model`), and then across files (unique ids, references that
resolve, ISO country codes, quotes verbatim in their source). All problems are
collected and reported as ``file:line: message``.

Hostile or broken files are refused, one line each, before any YAML object
is built:

- only regular files are read (a FIFO, a device or a folder named ``x.yaml``
  is refused without being opened), at most :data:`MAX_FACT_FILE_BYTES`;
- text must be UTF-8 without NUL bytes or control characters;
- YAML aliases (``*name``, including ``<<: *name`` merges) are refused, all
  of them: fact files write every value out, and an alias is how a
  kilobyte-sized file expands into gigabytes ("billion laughs"). Anchors
  alone are harmless and allowed;
- nesting deeper than :data:`MAX_DEPTH` levels (fact files need 5);
- explicit tags other than the plain YAML types (``!!python/object``,
  ``!!binary``, ``!!timestamp``, ...);
- a key repeated in one mapping (YAML would silently keep the last);
- unquoted dates stay text (``2018-02-30`` is checked as a date, never
  crashes the parser).

A Source ``path:`` is read only when it resolves (symbolic links followed)
inside the folder of the fact file that names it or inside the seed folder;
anything else (``/etc/passwd``, ``../../x``, a link leading out) is refused
and never opened.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ctgraph.graph.batch import GraphBatch, NodeRecord, RelRecord, clean_props
from ctgraph.graph.countries import country_name, is_iso3
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.files import file_kind, read_input
from ctgraph.graph.model import FACT_SECTIONS, Evidence, FactFile

__all__ = [
    "SEED_DIR",
    "SEED_BATCH",
    "batch_name",
    "default_paths",
    "Located",
    "SeedFacts",
    "read_sources",
    "read_yaml",
    "line_of",
    "describe_error",
    "validate_paths",
    "seed_batch",
    "normalise_ws",
    "label_of",
    "MAX_FACT_FILE_BYTES",
    "MAX_SOURCE_BYTES",
    "MAX_DEPTH",
]

#: The project's seed folder: the report and the facts extracted from it.
SEED_DIR = Path(os.environ.get("CTGRAPH_SEED", Path(__file__).resolve().parent.parent / "seed"))

#: Largest fact file read (the whole seed is about 110 KB).
MAX_FACT_FILE_BYTES = 8 * 1024 * 1024
#: Largest source text read for the verbatim check.
MAX_SOURCE_BYTES = 32 * 1024 * 1024
#: Deepest nesting of YAML collections accepted (fact files need 5).
MAX_DEPTH = 16

_WS = re.compile(r"\s+")
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~20x faster


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, with dates left as text: ``2018-02-30`` is checked by the
    model (one clear line) instead of crashing the timestamp constructor."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PLAIN_TAGS = {
    None,
    "!",
    *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")),
}
_ISO3 = re.compile(r"^[A-Z]{3}$")
_PREFIX_LABEL = {
    "source": "Source",
    "region": "Region",
    "place": "Place",
    "agency": "Agency",
    "expert": "Expert",
    "flow": "Flow",
    "agreement": "Agreement",
    "cooperation": "Cooperation",
    "statistic": "Statistic",
    "challenge": "Challenge",
    "measure": "Measure",
    "event": "Event",
}


#: Folders of this name hold research logs, not facts (see :mod:`ctgraph.ingest.research`).
RESEARCH_FOLDER = "research"

#: The name of the seed report's batch (loading the seed again replaces it).
SEED_BATCH = "seed"


def batch_name(paths: Sequence[Path | str] | None) -> str:
    """The batch a load of these paths writes: keyed by the resolved paths, so
    loading the same files again replaces them, and two files that merely share
    a name never overwrite each other.

    Examples
    --------
    >>> batch_name(None)
    'seed'
    >>> batch_name(["/data/a/flows.yaml"]) != batch_name(["/data/b/flows.yaml"])
    True
    >>> batch_name([SEED_DIR]) == batch_name([SEED_DIR / "facts"]) == SEED_BATCH
    True
    """
    if not paths:
        return SEED_BATCH
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    if resolved == [str((SEED_DIR / "facts").resolve())] or _fact_files(resolved) == _fact_files(default_paths()):
        return SEED_BATCH  # the seed however it is named (``seed``, ``seed/facts``, its files)
    return "facts:" + "|".join(resolved)


def _fact_files(paths: Sequence[Path | str]) -> set[str]:
    """The resolved fact files these paths name (folders walked), for comparison."""
    files, _problems = _expand(paths)
    return {str(f.resolve()) for f in files}


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    Examples
    --------
    >>> normalise_ws("  two\\n   words ")
    'two words'
    """
    return _WS.sub(" ", text).strip()


def label_of(ref: str) -> str | None:
    """Node label that a reference names, from its form alone.

    Examples
    --------
    >>> label_of("CHN"), label_of("agency:mps"), label_of("nonsense")
    ('Country', 'Agency', None)
    """
    if _ISO3.match(ref):
        return "Country"
    prefix, _, rest = ref.partition(":")
    return _PREFIX_LABEL.get(prefix) if rest else None


def default_paths() -> list[Path]:
    """The seed fact files validated and loaded when no PATH is given."""
    return [SEED_DIR / "facts"]


@dataclass(frozen=True)
class Located:
    """A validated fact with the file and line it was read from."""

    section: str
    fact: BaseModel
    file: str
    line: int
    default_source: str | None
    node: yaml.Node | None = None

    def line_of(self, *loc: int | str) -> int:
        """Line of a field of this fact (falls back to the fact's first line)."""
        return _line_of(self.node, loc) if self.node is not None else self.line


@dataclass
class SeedFacts:
    """Everything read from a set of fact files, in file order."""

    items: list[Located] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[Any]:
        return [it.fact for it in self.items if it.section == name]


# --------------------------------------------------------------------------- reading


_FACT_HINT = "give a fact file (.yaml) or a folder of them"


def _expand(paths: Sequence[Path | str]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        try:
            st = os.stat(p)
        except FileNotFoundError:
            problems.append(Problem(str(p), 0, f"no such file or folder; {_FACT_HINT}"))
            continue
        except OSError as exc:
            problems.append(Problem(str(p), 0, f"cannot be read ({exc.strerror}); {_FACT_HINT}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            before = len(problems)
            found = _walk(p, problems)
            if not found and len(problems) == before:
                problems.append(Problem(str(p), 0, "no .yaml fact files in this folder; give a folder holding .yaml fact files"))
            files.extend(found)
        elif stat.S_ISREG(st.st_mode):
            files.append(p)
        else:
            problems.append(
                Problem(str(p), 0, f"is {file_kind(st.st_mode)}, not a regular file: ctgraph reads only regular files; {_FACT_HINT}")
            )
    return files, problems


def _walk(folder: Path, problems: list[Problem]) -> list[Path]:
    """The regular ``.yaml``/``.yml`` files under ``folder``; anything else named so is a problem."""
    found: list[Path] = []
    for f in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        if RESEARCH_FOLDER in f.relative_to(folder).parts[:-1]:
            continue  # research logs (what was searched and found), read by ingest.research
        try:
            st = os.stat(f)
        except FileNotFoundError:
            problems.append(Problem(str(f), 0, "is a broken symbolic link; remove it or fix its target"))
            continue
        except OSError as exc:
            problems.append(Problem(str(f), 0, f"cannot be read ({exc.strerror})"))
            continue
        if stat.S_ISREG(st.st_mode):
            found.append(f)
        elif stat.S_ISDIR(st.st_mode):
            problems.append(
                Problem(str(f), 0, "is a folder named like a fact file; rename it (fact files are regular files ending in .yaml or .yml)")
            )
        else:
            problems.append(
                Problem(str(f), 0, f"is {file_kind(st.st_mode)}, not a regular file: ctgraph reads only regular files; remove it from the folder")
            )
    return found


def line_of(node: yaml.Node | None, loc: Iterable[int | str]) -> int:
    """1-based line of the deepest YAML node that ``loc`` reaches (public name of :func:`_line_of`)."""
    return _line_of(node, loc)


def _line_of(node: yaml.Node | None, loc: Iterable[int | str]) -> int:
    """1-based line of the deepest YAML node that ``loc`` reaches."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    cur: yaml.Node | None = node
    for step in loc:
        nxt: yaml.Node | None = None
        if isinstance(cur, yaml.MappingNode) and isinstance(step, str):
            for k, v in cur.value:
                if getattr(k, "value", None) == step:
                    nxt = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(cur, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(cur.value):
                nxt = cur.value[step]
                line = nxt.start_mark.line + 1
        if nxt is None:
            break
        cur = nxt
    return line


def _child(node: Any, key: str | None) -> Any:
    """Value node under ``key`` of a mapping node, or the items of a sequence node."""
    if key is None:
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return None


def describe_error(err: Any) -> str:
    """One pydantic error as ``field: message`` (public name of :func:`_describe`)."""
    return _describe(err)


def _describe(err: Any) -> str:
    loc = [str(x) for x in err["loc"] if not str(x).startswith("function-after")]
    where = ".".join(loc[2:]) if len(loc) > 2 else ".".join(loc)
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown field (not in the schema; check the spelling)"
    elif err["type"] == "missing":
        msg = "required field is missing"
    elif err["type"] == "too_short" and loc and loc[-1] == "evidence":
        msg = "needs at least one evidence item (quote and locator)"
    elif err["type"] == "too_short" and loc and loc[-1] == "parties":
        msg = "needs at least two parties"
    elif err["type"] == "string_too_short":
        msg = "is empty; write the text, or leave the field out where it is optional"
    return f"{where}: {msg}" if where else msg


def _decode_text(data: bytes) -> tuple[str | None, int, str]:
    """(text, line, problem): UTF-8 text, or where and why it is not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, 1, "is UTF-16 text; save it as UTF-8"
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, data.count(b"\n", 0, nul) + 1, "holds a NUL byte: it is binary (or UTF-16), not UTF-8 text; save it as UTF-8 text"
    try:
        return data.decode("utf-8-sig"), 0, ""
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        return None, line, f"byte 0x{bad} is not UTF-8 text ({exc.reason}); save the file as UTF-8"


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _scan(text: str) -> tuple[int, str] | None:
    """(line, problem) for the first alias, foreign tag or too-deep nesting; None when clean.

    Runs over parser events only, so no alias is ever expanded and no object built.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            return line, (
                f"YAML alias *{event.anchor} is not allowed: fact files write every value out "
                f"(aliases can blow a small file up to gigabytes); replace *{event.anchor} with the value itself"
            )
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            return line, (
                f"YAML tag {_tag_name(str(tag))} is not allowed: fact files hold plain text, numbers, "
                "lists and mappings; remove the tag"
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"nesting deeper than {MAX_DEPTH} levels (fact files need 5); flatten it"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _duplicate_key(root: yaml.Node | None) -> tuple[int, str] | None:
    """(line, problem) for the first key repeated within one mapping (YAML keeps the last silently)."""
    stack: list[yaml.Node] = [root] if root is not None else []
    found: list[tuple[int, str]] = []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    line = k.start_mark.line + 1
                    if k.value in seen:
                        found.append(
                            (line, f"duplicate key {k.value!r} (also at line {seen[k.value]}): YAML would keep only "
                                   "the last one; merge the two into one")
                        )
                    else:
                        seen[k.value] = line
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return min(found) if found else None


def _yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        return line, f"character U+{code:04X} is not allowed in YAML ({exc.reason}); remove it (fact files hold plain text)"
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        return line, f"YAML syntax error: {exc.problem or exc}{context}"
    return 1, f"YAML error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"


def read_yaml(path: Path, problems: list[Problem], what: str = "fact sections (flows:, agreements:, ...)") -> tuple[
    dict[str, Any], yaml.Node
] | None:
    """(mapping, its YAML node) of one file read safely (see the module docstring),
    or None with the problem appended."""
    name = str(path)
    try:
        raw = read_input(path, _FACT_HINT, MAX_FACT_FILE_BYTES)
    except SourceValidationError as exc:
        problems.extend(exc.problems)
        return None
    text, bad_line, why = _decode_text(raw)
    if text is None:
        problems.append(Problem(name, bad_line, why))
        return None
    root: yaml.Node | None = None
    try:
        found = _scan(text)
        if found:
            problems.append(Problem(name, *found))
            return None
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        problems.append(Problem(name, *_yaml_problem(exc, text)))
        return None
    dup = _duplicate_key(root)
    if dup:
        problems.append(Problem(name, *dup))
        return None
    if data is None or root is None:
        problems.append(Problem(name, 1, f"empty file; expected a mapping of {what.split(' (')[0]}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, f"expected a mapping of {what}"))
        return None
    return data, root


def _read_file(path: Path, facts: SeedFacts, problems: list[Problem]) -> None:
    name = str(path)
    read = read_yaml(path, problems)
    if read is None:
        return
    data, root = read
    try:
        parsed = FactFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(name, _line_of(root, err["loc"]), _describe(err)))
        return
    facts.files.append(name)
    for section in FACT_SECTIONS:
        items = _child(_child(root, section), None)
        for i, fact in enumerate(getattr(parsed, section)):
            node = items[i] if i < len(items) else None
            facts.items.append(
                Located(section, fact, name, _line_of(root, (section, i)), parsed.source, node)
            )


# --------------------------------------------------------------------------- checking


#: Fields of each section that reference another node, and the relationship
#: each becomes in the graph (None: checked, but no relationship of its own).
#: The validator and the converter both read this one table.
REFERENCES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "flows": (("origin", "FROM"), ("destination", "TO"), ("via", "VIA"), ("continues", "CONTINUES")),
    "agreements": (("parties", "PARTY"),),
    "cooperations": (("parties", "PARTY"),),
    "regions": (("candidates", "CANDIDATE"), ("relative_to", None)),
    "places": (("country", "IN"),),
    "agencies": (("country", "BASED_IN"), ("parent", "PART_OF")),
    "experts": (("agency", "WORKS_FOR"), ("country", "BASED_IN")),
    "statistics": (("scope", "ABOUT"), ("reported_by", "RAISED_BY")),
    "challenges": (("concerns", "CONCERNS"), ("raised_by", "RAISED_BY")),
    "measures": (("by", "BY"),),
    "events": (("place", "HELD_IN"), ("organiser", "ORGANISED_BY"), ("participants", "PARTICIPANT")),
    "memberships": (("country", None), ("region", None)),
}


def _refs(section: str, fact: Any) -> list[tuple[str, str, str | None]]:
    """(field, reference, relationship type) triples a fact points at, in table order;
    list fields give one triple per distinct value."""
    out: list[tuple[str, str, str | None]] = []
    for field_name, rel in REFERENCES.get(section, ()):
        value = getattr(fact, field_name)
        values = dict.fromkeys(value) if isinstance(value, list) else [value]
        out.extend((field_name, v, rel) for v in values if v)
    return out


def _evidence_of(fact: Any) -> list[Evidence]:
    return list(getattr(fact, "evidence", []) or [])


def _all_evidence(fact: Any) -> list[tuple[tuple[int | str, ...], Evidence]]:
    """Every evidence item of a fact with its YAML path: the fact's own, then those
    of its party terms and status history (agreements)."""
    out: list[tuple[tuple[int | str, ...], Evidence]] = [
        (("evidence", j), ev) for j, ev in enumerate(_evidence_of(fact))
    ]
    for nested in ("party_terms", "status_history"):
        for i, item in enumerate(getattr(fact, nested, []) or []):
            out.extend(((nested, i, "evidence", j), ev) for j, ev in enumerate(item.evidence))
    return out


def _within(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def _source_text(src: Any, defined_in: str) -> tuple[str | None, str | None]:
    """(normalised text, problem) for a Source.

    ``path`` is looked up relative to the fact file's folder, its parent and
    the seed folder, and read only when it resolves inside the fact file's
    folder or the seed folder (symbolic links followed).
    """
    if src.path:
        base = Path(defined_in).parent
        roots = [os.path.realpath(base), os.path.realpath(SEED_DIR)]
        candidates = [os.path.realpath(c) for c in (base / src.path, base.parent / src.path, SEED_DIR / src.path)]
        inside = [c for c in candidates if any(_within(c, r) for r in roots)]
        for cand in dict.fromkeys(inside):
            if not os.path.lexists(cand):
                continue
            try:
                data = read_input(cand, "give the source text as a regular UTF-8 file", MAX_SOURCE_BYTES)
            except SourceValidationError as exc:
                return None, f"source {src.id}: text file {src.path!r} {exc.problems[0].message}"
            text, line, why = _decode_text(data)
            if text is None:
                return None, f"source {src.id}: text file {src.path!r}, line {line}: {why}"
            return normalise_ws(text), None
        if any(os.path.lexists(c) for c in candidates if c not in inside):
            return None, (
                f"source {src.id}: text file {src.path!r} is outside this file's folder and the seed folder; "
                "copy the text into one of them (files outside are never read)"
            )
        return None, (
            f"source {src.id}: text file {src.path!r} not found "
            "(give the path relative to this file or to the seed folder)"
        )
    if src.excerpt:
        return normalise_ws(src.excerpt), None
    return None, None


def _check(facts: SeedFacts) -> list[Problem]:  # noqa: C901
    problems: list[Problem] = []
    seen: dict[str, Located] = {}
    for it in facts.items:
        fid = getattr(it.fact, "id", None)
        if fid is None:
            continue
        if fid in seen:
            first = seen[fid]
            problems.append(
                Problem(it.file, it.line, f"duplicate id {fid!r} (first defined at {first.file}:{first.line})")
            )
        else:
            seen[fid] = it

    texts: dict[str, str | None] = {}
    for it in facts.items:
        if it.section == "sources":
            text, problem = _source_text(it.fact, it.file)
            texts[it.fact.id] = text  # type: ignore[attr-defined]
            if problem:
                problems.append(Problem(it.file, it.line, problem))

    problems.extend(_retrieval_dates(facts))
    problems.extend(_raw_ids_in_text(facts))

    for it in facts.items:
        for field_name, ref, _rel in _refs(it.section, it.fact):
            label = label_of(ref)
            line = it.line_of(field_name)
            if label == "Country":
                if not is_iso3(ref):
                    problems.append(
                        Problem(it.file, line, f"{field_name}: {ref!r} is not an ISO 3166-1 alpha-3 country code")
                    )
            elif ref not in seen:
                problems.append(
                    Problem(it.file, line, f"{field_name}: reference {ref!r} does not resolve to any defined id")
                )
        if it.section in ("agreements", "cooperations"):
            parties = it.fact.parties  # type: ignore[attr-defined]
            if len(set(parties)) < 2:
                problems.append(
                    Problem(it.file, it.line_of("parties"), "parties: needs at least two different parties")
                )
        for path, ev in _all_evidence(it.fact):
            ev_line = it.line_of(*path)
            sid = ev.source or it.default_source
            if not sid:
                problems.append(
                    Problem(it.file, ev_line, "evidence: no source (set `source:` at the top of the file or on the item)")
                )
                continue
            if sid not in texts:
                problems.append(Problem(it.file, ev_line, f"evidence: source {sid!r} is not defined"))
                continue
            text = texts[sid]
            if text is None:
                continue
            if normalise_ws(ev.quote) not in text:
                short = normalise_ws(ev.quote)
                short = short if len(short) <= 60 else short[:57] + "..."
                problems.append(
                    Problem(it.file, ev_line, f"evidence: quote not found verbatim in {sid}: {short!r}")
                )
    return problems


def _cited_sources(it: Located) -> set[str]:
    """Every source id a fact's evidence (its own, its party terms', its statuses') names."""
    return {ev.source or it.default_source or "" for _path, ev in _all_evidence(it.fact)} - {""}


def _retrieval_dates(facts: SeedFacts) -> list[Problem]:  # noqa: C901
    """The day a page was read is never a date of a fact.

    A source whose ``date`` is its ``retrieved`` day is refused; so is an
    agreement date, entry into force, status date or party ``since`` (its own,
    or the one :func:`_party_props` fills in) equal to the ``retrieved`` day of
    a source the agreement cites.
    """
    problems: list[Problem] = []
    retrieved: dict[str, str] = {}
    for it in facts.items:
        if it.section != "sources":
            continue
        src: Any = it.fact
        if src.retrieved:
            retrieved[src.id] = src.retrieved
            if src.date == src.retrieved:
                problems.append(
                    Problem(it.file, it.line_of("date"), f"date: {src.date} is the day the page was read (retrieved), "
                            "not its publication date; give the publication date or leave date out")
                )
    if not retrieved:
        return problems
    source_dates = {s.id: s.date for s in facts.section("sources") if s.date}
    for it in facts.items:
        if it.section != "agreements":
            continue
        read_on = {retrieved[sid]: sid for sid in sorted(_cited_sources(it)) if sid in retrieved}
        if not read_on:
            continue
        f: Any = it.fact
        found: list[tuple[int, str, str]] = []  # (line, what, date)
        for field_name in ("date", "in_force"):
            when = getattr(f, field_name)
            if when in read_on:
                found.append((it.line_of(field_name), f"{field_name}: {when}", when))
        for i, h in enumerate(f.status_history):
            if h.date in read_on:
                found.append((it.line_of("status_history", i, "date"), f"status_history: {h.status} {h.date}", h.date))
        index = {t.party: i for i, t in enumerate(f.party_terms)}
        for party in dict.fromkeys(f.parties):
            since = _party_props(f, party, it.default_source, source_dates).get("since")
            if since not in read_on:
                continue
            own = party in index and f.party_terms[index[party]].since == since
            line = it.line_of("party_terms", index[party], "since") if own else it.line_of("parties")
            how = "" if own else " (filled in from the agreement's dates or its source's date)"
            found.append((line, f"party {party}: bound since {since}{how}", since))
        problems.extend(
            Problem(it.file, line, f"{what} is the day {read_on[when]} was read (its retrieved date), not a date the "
                    "source gives; give the date the source states (as precise as it is) or leave it out")
            for line, what, when in found
        )
    return problems


#: Free-text fields people read (notes, citations, titles, roles): they name things, never by id.
_TEXT_FIELDS = ("title", "short_title", "note", "citation", "role", "contact_note", "name")
RAW_ID = re.compile(r"(?<![\w/.-])(?:source|agreement|flow|agency|expert|region|place|cooperation|statistic):[a-z0-9][a-z0-9-]*")


def _raw_ids_in_text(facts: SeedFacts) -> list[Problem]:
    """Users see names, never internal ids: a note or citation that says ``source:x`` is refused.

    Examples
    --------
    >>> bool(RAW_ID.search("Day from source:vov-2018, year from VNA"))
    True
    >>> bool(RAW_ID.search("see https://example.org/source:page and Reuters, 2018"))
    False
    """
    problems: list[Problem] = []
    for it in facts.items:
        f: Any = it.fact
        nested: list[tuple[tuple[int | str, ...], Any]] = [((), f)]
        for group in ("party_terms", "status_history"):
            nested.extend(((group, i), x) for i, x in enumerate(getattr(f, group, []) or []))
        for path, obj in nested:
            for name in _TEXT_FIELDS:
                text = getattr(obj, name, None)
                m = RAW_ID.search(text) if isinstance(text, str) else None
                if m:
                    problems.append(
                        Problem(it.file, it.line_of(*path, name), f"{name}: names {m.group(0)!r} by its id; people read "
                                "this text, so name it as they would (title, publisher and date)")
                    )
    return problems


def read_sources(paths: Sequence[Path | str] | None = None) -> tuple[SeedFacts, list[Problem]]:
    """Read and check fact files; returns the facts and every problem found."""
    files, problems = _expand(paths or default_paths())
    facts = SeedFacts()
    for f in files:
        _read_file(f, facts, problems)
    if not problems:
        problems.extend(_check(facts))
    else:
        problems.extend(p for p in _check(facts) if "does not resolve" not in p.message)
    return facts, sorted(set(problems))


def validate_paths(paths: Sequence[Path | str] | None = None) -> SeedFacts:
    """Read and check fact files; raise :class:`SourceValidationError` on any problem."""
    facts, problems = read_sources(paths)
    if problems:
        raise SourceValidationError(problems)
    return facts


# --------------------------------------------------------------------------- conversion


_SKIP = {"id", "evidence", "party_terms", "status_history"}


def _evidence_props(ev: Evidence, default_source: str | None) -> dict[str, Any]:
    return {"source": ev.source or default_source or "", "quote": normalise_ws(ev.quote), "locator": ev.locator}


def _status_rels(f: Any, default_source: str | None, source_dates: dict[str, str]) -> list[RelRecord]:
    """STATUS relationships of an agreement, keys "0", "1", ... in date order.

    Without a ``status_history`` the agreement's one status holds from the date
    its first evidence gives: the agreement's ``date`` or ``period_end`` for a
    signed one, else the date of that evidence's source (what the source proves).
    """
    facts: list[tuple[str, str | None, Evidence]] = [
        (s.status, s.date, s.evidence[0]) for s in f.status_history
    ]
    if not facts:
        ev = f.evidence[0]
        sid = ev.source or default_source or ""
        when = (f.date or f.period_end) if f.status == "signed" else None
        facts = [(f.status, when or source_dates.get(sid), ev)]
    rels = []
    for i, (status, when, ev) in enumerate(facts):
        props = _evidence_props(ev, default_source)
        sid = props.pop("source")
        rels.append(RelRecord("STATUS", f.id, sid, str(i), clean_props({"status": status, "date": when, **props})))
    return rels


def _party_props(f: Any, party: str, default_source: str | None, source_dates: dict[str, str]) -> dict[str, Any]:
    """PARTY relationship properties: the party's terms, with ``since`` filled in.

    A bound party of a signed agreement without its own ``since`` is bound from
    the agreement's entry into force, else its first "signed" status, else its
    ``date`` or ``period_end``, else the date of the source that proves it. A
    party of an agreement that was never signed gets no ``since``.
    """
    term = next((t for t in f.party_terms if t.party == party), None)
    props: dict[str, Any] = {}
    if term is not None:
        props = term.model_dump(mode="json", exclude={"party", "evidence", "note", "bound"})
        if not term.bound:
            props["bound"] = False
        if term.evidence:
            props.update(_evidence_props(term.evidence[0], default_source))
    bound = term is None or term.bound
    if bound and not props.get("since") and (f.status == "signed" or any(s.status == "signed" for s in f.status_history)):
        first_signed = next((s.date for s in f.status_history if s.status == "signed"), None)
        ev = f.evidence[0]
        props["since"] = (
            f.in_force or first_signed or f.date or f.period_end
            or source_dates.get(ev.source or default_source or "")
        )
    return clean_props(props)


def seed_batch(facts: SeedFacts, name: str = SEED_BATCH) -> GraphBatch:  # noqa: C901
    """Turn validated facts into nodes and relationships, evidence included.

    Agreements get one PARTY relationship per party with the party's terms as
    properties (see :class:`graph.model.PartyTerm`) and STATUS relationships for
    their dated status history; memberships carry ``since``/``until``; a flow's
    transit points become ordered VIA relationships.
    """
    nodes: dict[str, NodeRecord] = {}
    rels: list[RelRecord] = []
    countries: set[str] = set()
    origins: dict[str, str] = {}
    source_dates = {s.id: s.date for s in facts.section("sources") if s.date}

    for it in facts.items:
        f: Any = it.fact
        if it.section == "memberships":
            countries.add(f.country)
            ev = f.evidence[0]
            rels.append(
                RelRecord(
                    "MEMBER_OF",
                    f.country,
                    f.region,
                    "",
                    clean_props(
                        {**_evidence_props(ev, it.default_source), "since": f.since, "until": f.until, "note": f.note}
                    ),
                )
            )
            continue
        label = label_of(f.id)
        assert label is not None
        props = clean_props(
            {k: v for k, v in f.model_dump(mode="json").items() if k not in _SKIP}
        )
        if not props.get("draft"):  # only drafts carry the flag (draft: true)
            props.pop("draft", None)
        nodes[f.id] = NodeRecord(label, f.id, props)
        origins[f.id] = f"{it.file}:{it.line}"
        for i, ev in enumerate(_evidence_of(f)):
            rels.append(
                RelRecord(
                    "EVIDENCE",
                    f.id,
                    ev.source or it.default_source or "",
                    str(i),
                    {"quote": normalise_ws(ev.quote), "locator": ev.locator},
                )
            )
        if it.section == "agreements":
            rels.extend(_status_rels(f, it.default_source, source_dates))
        order: dict[str, int] = {}
        for _field, target, rel in _refs(it.section, f):
            if label_of(target) == "Country":
                countries.add(target)
            if rel == "PARTY" and it.section == "agreements":
                rels.append(RelRecord(rel, f.id, target, "", _party_props(f, target, it.default_source, source_dates)))
            elif rel == "VIA":  # transit points keep the order the source gives
                order[rel] = order.get(rel, -1) + 1
                rels.append(RelRecord(rel, f.id, target, str(order[rel])))
            elif rel is not None:
                rels.append(RelRecord(rel, f.id, target))
    for c in sorted(countries):
        nodes.setdefault(c, NodeRecord("Country", c, {"iso3": c, "name": country_name(c)}))
    return GraphBatch(name=name, nodes=list(nodes.values()), rels=rels, origins=origins)
