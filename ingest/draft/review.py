"""Review actions on a draft folder: list, accept (with edits), reject.

Used by ``ctgraph review list|accept|reject`` and by the dashboard's "Review
drafts" page, so both behave the same and are tested without Streamlit.

- **accept** moves facts from ``draft/<section>.yaml`` to
  ``reviewed/<section>.yaml`` (sorted by id: diff-friendly), without the
  ``draft`` flag, after applying the analyst's edits (endpoints, exploitation,
  status, dates, ...). Drafted regions, agencies or experts an accepted fact
  refers to are accepted with it. The folder is validated before anything is
  replaced, then loaded into the store when one is given (the same batch name
  as ``ctgraph load FOLDER``, so loading again replaces it).
- **reject** removes facts from the draft files and records each, with the
  reason and the fact as it was, in ``rejected.json``.

Every user error is a :class:`graph.errors.SourceValidationError` with one
``file:line: what; how`` problem, and nothing is written. Draft files are read
as safely as fact files (:func:`ingest.seed.read_yaml`: no YAML tags, no
aliases, UTF-8 only, a mapping with a list of facts, each with an id).

Concurrency: accept and reject take an exclusive lock on the folder
(``fcntl.flock`` on ``.review.lock`` in it) for the whole read-change-write-load,
so two at once run one after the other (the second waits up to
:data:`LOCK_TIMEOUT_S`, then refuses with one line) and never lose or duplicate
a fact; listing takes a shared lock (it never sees half of an accept). The trial
copy (``.review-<pid>-<random>`` next to the folder) is removed on failure,
Ctrl-C and SIGTERM, and a stale one from a killed process by the next review.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ctgraph.graph.batch import LoadReport
from ctgraph.graph.countries import lookup_country
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.files import exit_on_termination, remove_stale_temp_folders, temp_folder
from ctgraph.graph.model import FACT_SECTIONS
from ctgraph.graph.store import GraphStore
from ctgraph.ingest.draft.extract import HEDGE_PREFIX
from ctgraph.ingest.draft.writer import dump_facts

__all__ = [
    "DraftItem",
    "ReviewReport",
    "ReviewEntry",
    "ReviewSection",
    "review_by_section",
    "EDITABLE",
    "list_drafts",
    "list_reviewed",
    "accept",
    "reject",
    "batch_name",
    "source_of",
    "load_folder",
    "LOCK_TIMEOUT_S",
    "folder_lock",
]

#: How long an accept or reject waits for another one on the same folder.
LOCK_TIMEOUT_S = 30.0
LOCK_FILE = ".review.lock"

#: Fields an analyst may edit on accept, by section.
EDITABLE: dict[str, tuple[str, ...]] = {
    "flows": ("origin", "destination", "exploitation", "victims", "scope", "period", "note"),
    "agreements": ("title", "kind", "status", "parties", "date", "period_start", "period_end", "note"),
    "cooperations": ("title", "kind", "parties", "date"),
    "statistics": ("counts", "value", "unit", "year", "scope"),
    "challenges": ("description", "concerns"),
    "agencies": ("name", "acronym", "kind", "country", "role"),
    "experts": ("name", "title", "role", "country", "agency"),
    "regions": ("name", "kind", "candidates", "relative_to", "note"),
}
_LIST_FIELDS = {"exploitation", "victims", "parties", "concerns", "candidates"}
_ENDPOINT_FIELDS = {"origin", "destination", "parties", "concerns", "scope", "country", "relative_to", "candidates"}


@dataclass(frozen=True)
class DraftItem:
    """One fact of a draft folder, where it is, and whether the source hedges it."""

    id: str
    section: str
    fact: dict[str, Any]
    file: Path

    @property
    def hedged(self) -> bool:
        note = self.fact.get("note") or ""
        return str(note).startswith(HEDGE_PREFIX) or "[hedged:" in str(self.fact.get("counts", ""))

    @property
    def summary(self) -> str:
        f = self.fact
        if self.section == "flows":
            return f"{f['origin']} -> {f['destination']} ({', '.join(f.get('exploitation', []))})"
        if self.section in ("agreements", "cooperations"):
            return f"{f.get('title', '')}: {', '.join(f.get('parties', []))}"
        if self.section == "statistics":
            return f"{f.get('value')} {f.get('unit')}: {f.get('counts')}"
        return str(f.get("name") or f.get("description") or f.get("title") or self.id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "summary": self.summary,
            "hedged": self.hedged,
            "evidence": list(self.fact.get("evidence", [])),
            "fact": self.fact,
        }


@dataclass
class ReviewReport:
    """What an accept or reject did."""

    accepted: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    loaded: LoadReport | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "dependencies": self.dependencies,
            "rejected": self.rejected,
            "loaded": self.loaded.as_dict() if self.loaded is not None else None,
        }


def _problem(path: Path, message: str, line: int = 0) -> SourceValidationError:
    return SourceValidationError([Problem(str(path), line, message)])


def _folder(folder: Path | str) -> Path:
    p = Path(folder)
    if not (p / "source.yaml").is_file():
        raise _problem(p, "not a draft folder (no source.yaml); give the folder `ctgraph draft` wrote")
    return p


@contextmanager
def folder_lock(folder: Path, exclusive: bool = True, timeout_s: float | None = None) -> Iterator[None]:
    """Hold ``folder``'s review lock (exclusive for changes, shared for reading) while inside.

    Waits up to ``timeout_s`` (default :data:`LOCK_TIMEOUT_S`), then refuses with one line. A folder
    where the lock file cannot be created (read-only) is read without a lock, and cannot be changed anyway.
    """
    wait = LOCK_TIMEOUT_S if timeout_s is None else timeout_s
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        if exclusive:
            raise _problem(folder, f"cannot lock the folder for review ({exc.strerror}); make it writable") from None
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise _problem(folder, (
                        f"another review of this folder is still running after {wait:g} s; nothing was changed: "
                        "try again when it is done")) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read_fact_file(path: Path, what: str) -> tuple[dict[str, Any], yaml.Node]:
    """The mapping of a draft folder's YAML file, read as safely as a fact file; one-line error otherwise."""
    from ctgraph.ingest.seed import read_yaml

    problems: list[Problem] = []
    got = read_yaml(path, problems, what)
    if got is None:
        raise SourceValidationError(problems[:1])
    return got


def _read(path: Path) -> tuple[str | None, str, list[dict[str, Any]]]:
    from ctgraph.ingest.seed import line_of

    section = path.stem
    data, root = _read_fact_file(path, f"{section} (a 'source:' and a '{section}:' list)")
    facts = data.get(section) or []
    if not isinstance(facts, list):
        raise _problem(path, f"{section}: expected a list of facts, found {type(facts).__name__}; "
                       "write each fact as a list item ('- id: ...')", line_of(root, [section]))
    for i, x in enumerate(facts):
        if not isinstance(x, dict):
            raise _problem(path, f"{section}: item {i + 1} is {type(x).__name__}, not a fact (a mapping with an "
                           "id); fix or remove it", line_of(root, [section, i]))
        if not isinstance(x.get("id"), str) or not str(x["id"]).strip():
            raise _problem(path, f"{section}: item {i + 1} has no id; give it one (e.g. 'id: flow:report.a-to-b') "
                           "or remove it", line_of(root, [section, i]))
    source = data.get("source")
    return (str(source) if source is not None else None), section, list(facts)


def _items(folder: Path, sub: str) -> list[DraftItem]:
    out: list[DraftItem] = []
    for f in sorted((folder / sub).glob("*.yaml")):
        _sid, section, facts = _read(f)
        out.extend(DraftItem(str(x["id"]), section, x, f) for x in facts)
    return out


def list_drafts(folder: Path | str) -> list[DraftItem]:
    """Every fact still awaiting review, in file order (regions first)."""
    p = _folder(folder)
    with folder_lock(p, exclusive=False):
        return _items(p, "draft")


def list_reviewed(folder: Path | str) -> list[DraftItem]:
    """Every fact an analyst accepted."""
    p = _folder(folder)
    with folder_lock(p, exclusive=False):
        return _items(p, "reviewed")


def source_of(folder: Path | str) -> tuple[dict[str, Any], str | None]:
    """The folder's Source and its text (for showing quotes in their paragraphs)."""
    p = _folder(folder)
    data, _root = _read_fact_file(p / "source.yaml", "a 'source:' and its 'sources:'")
    sources = data.get("sources")
    src = sources[0] if isinstance(sources, list) and sources and isinstance(sources[0], dict) else {}
    text = None
    if src.get("path"):
        target = (p / str(src["path"])).resolve()
        if target.is_relative_to(p.resolve()) and target.is_file():
            text = target.read_text(encoding="utf-8")
    return src, text


#: "p. 3, Findings ¶2" / "row 4 ¶1": the page or row in front of a heading is not part of it.
_UNIT_PREFIX = re.compile(r"^(?:p\.|page|row|line)\s*\d+(?:,\s*|\s+|$)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
NO_HEADING = "(before the first heading)"


@dataclass(frozen=True)
class ReviewEntry:
    """One drafted fact as a reviewer reads it: its quote inside the sentences around it."""

    item: DraftItem
    quote: str
    before: str  # the sentence before the quote, in its paragraph ("" at the paragraph's start)
    after: str  # the sentence after it ("" at the paragraph's end)
    position: int  # where the quote is in the source text (-1: not found, listed last)

    def as_dict(self) -> dict[str, Any]:
        return {**self.item.as_dict(), "quote": self.quote, "before": self.before, "after": self.after}


@dataclass
class ReviewSection:
    """The drafts one section of the document gave, in reading order."""

    heading: str
    entries: list[ReviewEntry] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "entries": [e.as_dict() for e in self.entries]}


def _heading_of(locator: str) -> str:
    """The section heading a locator names: 'Routes to Europe ¶3' -> 'Routes to Europe'."""
    head = locator.split(" ¶", 1)[0] if " ¶" in locator else ("" if locator.startswith("¶") else locator)
    head = _UNIT_PREFIX.sub("", head.strip()).strip(" ,")
    return head or NO_HEADING


def _find(text: str, quote: str) -> tuple[int, int]:
    """Where a (whitespace-normalised) quote is in the text, or (-1, -1)."""
    words = quote.split()
    if not words:
        return -1, -1
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else (-1, -1)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text around a quote, within its paragraph: the sentence before it (and the start of
    the quote's own sentence when the quote begins mid-sentence), and the sentence after it
    (after the rest of the quote's own sentence)."""
    ps = text.rfind("\n\n", 0, start)
    pe = text.find("\n\n", end)
    head, tail = text[ps + 2 if ps >= 0 else 0 : start], text[end : pe if pe >= 0 else len(text)]
    ends = re.compile(r"[.!?][\"”’)\]]*\s*$")
    before_parts = [x for x in _SENTENCE_END.split(head) if x.strip()]
    before_parts = before_parts[-1:] if ends.search(head) else before_parts[-2:]
    after_parts = [x for x in _SENTENCE_END.split(tail) if x.strip()]
    after_parts = after_parts[:1] if ends.search(text[start:end]) else after_parts[:2]
    return " ".join(" ".join(before_parts).split()), " ".join(" ".join(after_parts).split())


def review_by_section(folder: Path | str) -> list[ReviewSection]:
    """The drafts of a folder grouped by the section heading their first quote comes from,
    sections in the document's order and facts in reading order within each, every quote
    with the sentence before and after it (issue 19: a reviewer of a long report reads a
    section at a time and sees each fact in context). A fact whose quote is not found in
    the kept text (an edited folder) is listed last in its section, without context."""
    p = _folder(folder)
    items = list_drafts(p)
    _src, text = source_of(p)
    sections: dict[str, ReviewSection] = {}
    first_seen: dict[str, int] = {}
    for it in items:
        evidence = it.fact.get("evidence") or [{}]
        ev = evidence[0] if isinstance(evidence[0], dict) else {}
        quote = str(ev.get("quote", ""))
        heading = _heading_of(str(ev.get("locator", "")))
        start, end = _find(text, quote) if text else (-1, -1)
        before, after = _context(text, start, end) if text and start >= 0 else ("", "")
        sec = sections.setdefault(heading, ReviewSection(heading))
        sec.entries.append(ReviewEntry(it, quote, before, after, start))
        if start >= 0:
            first_seen[heading] = min(first_seen.get(heading, start), start)
    never = 1 << 62
    for sec in sections.values():
        sec.entries.sort(key=lambda e: (e.position < 0, e.position, e.item.section, e.item.id))
    return sorted(sections.values(), key=lambda s: (first_seen.get(s.heading, never), s.heading))


def batch_name(folder: Path | str) -> str:
    """The batch a folder loads as: the same name ``ctgraph load FOLDER`` uses."""
    from ctgraph.ingest.seed import batch_name as seed_batch_name

    return seed_batch_name([Path(folder)])


def _coerce(section: str, key: str, value: Any, where: Path) -> Any:
    if key not in EDITABLE.get(section, ()):
        allowed = ", ".join(EDITABLE.get(section, ())) or "none"
        raise _problem(where, f"{key}: not an editable field of {section} (editable: {allowed})")
    if key in _LIST_FIELDS and isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if key in _ENDPOINT_FIELDS:
        def one(v: Any) -> Any:
            if isinstance(v, str) and v and ":" not in v:
                code = lookup_country(v)
                if code is None:
                    from ctgraph.graph.names import country_code

                    code = country_code(v)
                if code is None:
                    raise _problem(where, f"{key}: unknown country {v!r}; give an ISO code (e.g. COG) or a region id")
                return code
            return v

        value = [one(v) for v in value] if isinstance(value, list) else one(value)
    if value == "" or value == []:
        return None
    return value


def _refs(section: str, fact: dict[str, Any]) -> list[str]:
    from ctgraph.ingest.seed import REFERENCES

    out: list[str] = []
    for name, _rel in REFERENCES.get(section, ()):
        v = fact.get(name)
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, str) and ":" in x:
                out.append(x)
    return out


def _write_state(folder: Path, files: dict[Path, str | None]) -> None:
    """Validate the folder as it would be, then replace its files (None: delete)."""
    from ctgraph.ingest.seed import read_sources

    remove_stale_temp_folders(folder.parent, ".review-")
    with exit_on_termination():
        _write_state_in(folder, files, read_sources)


def _cannot_write(folder: Path, exc: OSError) -> SourceValidationError:
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    reason = exc.strerror
    if reason is None:  # shutil.Error (copytree): no errno of its own, each file's reason as text
        text = str(exc)
        found = [e for e in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS) if os.strerror(e) in text]
        full = full or bool(found) and found[0] in (errno.ENOSPC, errno.EDQUOT)
        reason = os.strerror(found[0]) if found else "a file could not be copied"
    return _problem(folder, (
        f"could not write the review ({reason}); nothing was changed: "
        + ("free some disk space and run it again" if full else "make the folder writable and run it again")))


def _write_state_in(folder: Path, files: dict[Path, str | None], read_sources: Any) -> None:  # noqa: C901
    try:
        tmp = temp_folder(folder.parent, ".review-")
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    try:
        trial = tmp / folder.name
        shutil.copytree(folder, trial)
        for path, content in files.items():
            target = trial / path.relative_to(folder)
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
        _facts, problems = read_sources([trial])
        if problems:
            first = problems[0]
            shown = str(folder / Path(first.file).relative_to(trial)) if first.file.startswith(str(trial)) else first.file
            raise SourceValidationError([Problem(shown, first.line, first.message)])
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # Every new file is written (and flushed) first; only then are they renamed into place, so a full
    # disk fails before any file of the folder changes (a fact is never removed from the drafts
    # without reaching the reviewed file).
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            if content is None:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((name, path))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
    except OSError as exc:
        for name, _path in staged:
            Path(name).unlink(missing_ok=True)
        raise _cannot_write(folder, exc) from None
    except BaseException:
        for name, _path in staged:
            Path(name).unlink(missing_ok=True)
        raise
    for name, path in staged:
        os.replace(name, path)
    for path, content in files.items():
        if content is None:
            path.unlink(missing_ok=True)


def _section_text(source: str | None, section: str, facts: list[dict[str, Any]], header: str) -> str | None:
    if not facts:
        return None
    return dump_facts({"source": source, section: facts}, header)


def _source_id(folder: Path) -> str | None:
    data, _root = _read_fact_file(folder / "source.yaml", "a 'source:' and its 'sources:'")
    sid = data.get("source")
    return str(sid) if sid else None


def load_folder(folder: Path | str, store: GraphStore) -> LoadReport:
    """Validate a draft folder and load it (drafts flagged, reviewed facts plain)."""
    from ctgraph.ingest.seed import seed_batch, validate_paths

    return store.load(seed_batch(validate_paths([Path(folder)]), name=batch_name(folder)))


def accept(
    folder: Path | str,
    ids: list[str],
    edits: dict[str, dict[str, Any]] | None = None,
    store: GraphStore | None = None,
) -> ReviewReport:
    """Accept drafted facts (with edits), write them to reviewed files, load the folder."""
    p = _folder(folder)
    with folder_lock(p):
        return _accept(p, ids, edits, store)


def _accept(  # noqa: C901
    p: Path, ids: list[str], edits: dict[str, dict[str, Any]] | None, store: GraphStore | None
) -> ReviewReport:
    drafts = {it.id: it for it in _items(p, "draft")}
    edits = edits or {}
    for fid in list(ids) + list(edits):
        if fid not in drafts:
            raise _problem(p, f"no drafted fact {fid!r}; see `ctgraph review list {p}`")
    report = ReviewReport()
    chosen: dict[str, dict[str, Any]] = {}
    queue = list(dict.fromkeys(ids))
    while queue:
        fid = queue.pop(0)
        if fid in chosen:
            continue
        it = drafts[fid]
        fact = {k: v for k, v in it.fact.items() if k != "draft"}
        for key, value in (edits.get(fid) or {}).items():
            value = _coerce(it.section, key, value, it.file)
            if value is None:
                fact.pop(key, None)
            else:
                fact[key] = value
        model = FACT_SECTIONS[it.section]
        try:
            model.model_validate(fact)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(x) for x in err["loc"])
            raise _problem(it.file, f"{fid}: {where}: {str(err['msg']).removeprefix('Value error, ')}") from None
        if it.section == "flows" and fact.get("scope") == "cross_border" and fact.get("origin") == fact.get(
            "destination"
        ):
            raise _problem(it.file, (
                f"{fid}: a cross-border flow from {fact.get('origin')} to itself; give another destination (or "
                "origin), or set scope=internal for a flow within one country"))
        chosen[fid] = fact
        if fid in ids:
            report.accepted.append(fid)
        else:
            report.dependencies.append(fid)
        for ref in _refs(it.section, fact):
            if ref in drafts and ref not in chosen:
                queue.append(ref)
    sid = _source_id(p)
    files: dict[Path, str | None] = {}
    by_section: dict[str, list[str]] = {}
    for fid in chosen:
        by_section.setdefault(drafts[fid].section, []).append(fid)
    for section, fids in by_section.items():
        draft_file = p / "draft" / f"{section}.yaml"
        _s, _sec, remaining = _read(draft_file)
        remaining = [x for x in remaining if x["id"] not in fids]
        files[draft_file] = _section_text(
            sid, section, remaining,
            f"Drafted {section}, each `draft: true` until reviewed.\n"
            "Review: ctgraph review list|accept|reject FOLDER, or the dashboard's Review drafts page.",
        )
        reviewed_file = p / "reviewed" / f"{section}.yaml"
        done = _read(reviewed_file)[2] if reviewed_file.is_file() else []
        done = [x for x in done if x["id"] not in fids] + [chosen[f] for f in fids]
        done.sort(key=lambda x: str(x["id"]))
        files[reviewed_file] = _section_text(
            sid, section, done, f"Reviewed {section}: accepted by an analyst (ctgraph review accept)."
        )
    _write_state(p, files)
    if store is not None:
        report.loaded = load_folder(p, store)
    return report


def reject(folder: Path | str, ids: list[str], reason: str = "", store: GraphStore | None = None) -> ReviewReport:
    """Reject drafted facts: remove them from the draft files, record them in rejected.json."""
    p = _folder(folder)
    with folder_lock(p):
        return _reject(p, ids, reason, store)


def _reject(p: Path, ids: list[str], reason: str, store: GraphStore | None) -> ReviewReport:
    drafts = {it.id: it for it in _items(p, "draft")}
    for fid in ids:
        if fid not in drafts:
            raise _problem(p, f"no drafted fact {fid!r}; see `ctgraph review list {p}`")
    log_file = p / "rejected.json"
    try:
        log: list[dict[str, Any]] = json.loads(log_file.read_text(encoding="utf-8")) if log_file.is_file() else []
    except (ValueError, OSError) as exc:
        raise _problem(log_file, f"cannot be read as the list of rejected facts ({exc}); restore it or move it "
                       "away") from None
    if not isinstance(log, list):
        raise _problem(log_file, "is not a list of rejected facts; restore it or move it away")
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    sid = _source_id(p)
    files: dict[Path, str | None] = {}
    by_section: dict[str, list[str]] = {}
    for fid in dict.fromkeys(ids):
        by_section.setdefault(drafts[fid].section, []).append(fid)
        log.append({"id": fid, "section": drafts[fid].section, "reason": reason, "rejected_at": when,
                    "fact": drafts[fid].fact})
    for section, fids in by_section.items():
        draft_file = p / "draft" / f"{section}.yaml"
        remaining = [x for x in _read(draft_file)[2] if x["id"] not in fids]
        files[draft_file] = _section_text(
            sid, section, remaining,
            f"Drafted {section}, each `draft: true` until reviewed.\n"
            "Review: ctgraph review list|accept|reject FOLDER, or the dashboard's Review drafts page.",
        )
    files[log_file] = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    _write_state(p, files)
    report = ReviewReport(rejected=list(dict.fromkeys(ids)))
    if store is not None:
        report.loaded = load_folder(p, store)
    return report
