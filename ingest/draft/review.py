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
``file:line: what; how`` problem, and nothing is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ctgraph.graph.batch import LoadReport
from ctgraph.graph.countries import lookup_country
from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.model import FACT_SECTIONS
from ctgraph.graph.store import GraphStore
from ctgraph.ingest.draft.extract import HEDGE_PREFIX
from ctgraph.ingest.draft.writer import dump_facts

__all__ = [
    "DraftItem",
    "ReviewReport",
    "EDITABLE",
    "list_drafts",
    "list_reviewed",
    "accept",
    "reject",
    "batch_name",
    "source_of",
    "load_folder",
]

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


def _read(path: Path) -> tuple[str | None, str, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    section = path.stem
    return data.get("source"), section, list(data.get(section) or [])


def _items(folder: Path, sub: str) -> list[DraftItem]:
    out: list[DraftItem] = []
    for f in sorted((folder / sub).glob("*.yaml")):
        _sid, section, facts = _read(f)
        out.extend(DraftItem(str(x["id"]), section, x, f) for x in facts)
    return out


def list_drafts(folder: Path | str) -> list[DraftItem]:
    """Every fact still awaiting review, in file order (regions first)."""
    return _items(_folder(folder), "draft")


def list_reviewed(folder: Path | str) -> list[DraftItem]:
    """Every fact an analyst accepted."""
    return _items(_folder(folder), "reviewed")


def source_of(folder: Path | str) -> tuple[dict[str, Any], str | None]:
    """The folder's Source and its text (for showing quotes in their paragraphs)."""
    p = _folder(folder)
    data = yaml.safe_load((p / "source.yaml").read_text(encoding="utf-8")) or {}
    src = (data.get("sources") or [{}])[0]
    text = None
    if src.get("path"):
        target = (p / str(src["path"])).resolve()
        if target.is_relative_to(p.resolve()) and target.is_file():
            text = target.read_text(encoding="utf-8")
    return src, text


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
                    from ctgraph.ingest.country_names import country_code

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

    tmp = Path(tempfile.mkdtemp(prefix=".review-", dir=folder.parent))
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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for path, content in files.items():
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(name, path)


def _section_text(source: str | None, section: str, facts: list[dict[str, Any]], header: str) -> str | None:
    if not facts:
        return None
    return dump_facts({"source": source, section: facts}, header)


def _source_id(folder: Path) -> str | None:
    data = yaml.safe_load((folder / "source.yaml").read_text(encoding="utf-8")) or {}
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
    drafts = {it.id: it for it in list_drafts(p)}
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
    drafts = {it.id: it for it in list_drafts(p)}
    for fid in ids:
        if fid not in drafts:
            raise _problem(p, f"no drafted fact {fid!r}; see `ctgraph review list {p}`")
    log_file = p / "rejected.json"
    log: list[dict[str, Any]] = json.loads(log_file.read_text(encoding="utf-8")) if log_file.is_file() else []
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
