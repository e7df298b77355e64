"""Write a draft folder: the source text byte for byte, and fact files in the seed format.

A draft folder holds::

    source.yaml            the Source (kind report), its text file given by path
    sources/<id>.<ext>     the text as extracted (a .md/.txt file: its own bytes)
    draft/<section>.yaml   drafted facts, one seed section a file, each `draft: true`
    reviewed/<section>.yaml  facts an analyst accepted (written by ingest.draft.review)
    rejected.json          facts an analyst rejected, with the reason

``ctgraph validate FOLDER`` accepts it as it is and ``ctgraph load FOLDER`` loads
it; drafts reach the graph with ``draft: true``. Ids are prefixed with the
source ("flow:factbook.cub-to-dza", "region:factbook.middle-east") so drafts
never merge into the seed's facts or another report's.

Everything is written to a temporary folder next to the target, validated
with the seed validator (every quote verbatim), and renamed into place only
then: a failed draft writes nothing. The temporary folder
(``.draft-<pid>-<random>``) is removed on any failure, on Ctrl-C and on
SIGTERM; one left by a process killed outright is removed by the next draft
into that folder. Every error names the report file (or ``--out``), never the
temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Any

import yaml

from ctgraph.graph.errors import ExportError, Problem, SourceValidationError
from ctgraph.graph.files import check_output_folder, exit_on_termination, remove_stale_temp_folders, temp_folder
from ctgraph.graph.model import check_partial_date
from ctgraph.ingest.draft.extract import HEDGE_PREFIX, Drafts, FlowDraft, extract, slug
from ctgraph.ingest.draft.formats import SUFFIXES, Document, read_document

__all__ = [
    "DraftResult",
    "SECTION_ORDER",
    "draft_report",
    "fact_files",
    "dump_facts",
    "default_out",
]

#: Draft sections in the order files are written and summaries printed.
SECTION_ORDER: tuple[str, ...] = (
    "regions", "agencies", "experts", "flows", "agreements", "cooperations", "statistics", "challenges",
)
_SOURCE_ID = re.compile(r"^source:[a-z0-9][a-z0-9._-]*$")


class _Dumper(yaml.SafeDumper):
    """Block style, long quotes on one line, no aliases: diff-friendly YAML."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_facts(data: dict[str, Any], header: str = "") -> str:
    """YAML text of a fact file, with ``header`` as comment lines on top.

    Examples
    --------
    >>> print(dump_facts({"source": "source:x", "flows": [{"id": "flow:x.a-to-b", "draft": True}]}, "Drafted."), end="")
    # Drafted.
    source: source:x
    flows:
    - id: flow:x.a-to-b
      draft: true
    """
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    lines = "".join(f"# {ln}\n" if ln else "#\n" for ln in header.splitlines()) if header else ""
    return lines + body


@dataclass
class DraftResult:
    """What ``ctgraph draft`` wrote."""

    folder: Path
    source_id: str
    files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dropped: list[dict[str, str]] = field(default_factory=list)
    genre: str = "news"  # the kind of text it was read as (ingest.draft.extract.GENRES)
    language: str = "en"  # "zh": drafted by ingest.draft.zh, measured on its own held-out sets

    @property
    def caution(self) -> str | None:
        """What a reviewer should know of drafts from this kind of text, or None (a country profile).
        Measured: on unseen news and narratives about half the stated flows are missed (docs/data.md)."""
        if self.genre == "profile" or self.language != "en":
            return None
        return (f"Read as {self.genre}: a flow is drafted where a clause states it; a story's own journey (the origin "
                "in one sentence, where they ended up in another) is often missed, so read the text for flows too.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "source": self.source_id,
            "genre": self.genre,
            "language": self.language,
            "caution": self.caution,
            "files": [str(f) for f in self.files],
            "counts": self.counts,
            "facts": self.facts,
            "dropped": self.dropped,
        }


def default_out(home: Path, source_id: str) -> Path:
    """Where drafts go without --out: ``CTGRAPH_HOME/drafts/<source>``."""
    return home / "drafts" / source_id.split(":", 1)[1]


#: Why a document's subject may stand for a destination, by genre (see ingest.draft.extract.genre_of).
_SUBJECT_REASON = {
    "profile": "the text reads as a country profile, whose country is where the victims it speaks of are exploited",
}


def _flow_fact(f: FlowDraft, fid: str, subject_names: dict[str, str], genre: str = "profile") -> dict[str, Any]:
    notes: list[str] = []
    if f.hedged:
        cue = next(h for h in f.hedges if h)
        notes.append(f'{HEDGE_PREFIX}"{cue}"): the source does not state it as fact.')
    if f.inferred and all(f.inferred):
        name = subject_names.get(f.destination, f.destination)
        why = _SUBJECT_REASON.get(genre, "its section is headed by that country's name")
        notes.append(f"The clause names no destination: taken from the subject of its section or profile ({name}); "
                     f"{why} (genre: {genre}).")
    if f.origin_from and not any(all(name in e["quote"] for name in f.origin_from) for e in f.evidence):
        said = ", ".join(f'"{name}"' for name in f.origin_from)
        notes.append(f"The quote does not name the origin: the text says elsewhere where the victims come from "
                     f"({said}); check it against the story.")
    if f.dest_from and not any(all(name in e["quote"] for name in f.dest_from) for e in f.evidence):
        said = ", ".join(f'"{name}"' for name in f.dest_from)
        notes.append(f"The quote does not name the destination: the text says elsewhere where the victims were "
                     f"({said}); check it against the story.")
    fact: dict[str, Any] = {
        "id": fid,
        "draft": True,
        "origin": f.origin,
        "destination": f.destination,
    }
    if f.victims:
        fact["victims"] = f.victims[:4]
    fact["exploitation"] = f.exploitation or ["unspecified"]
    fact["scope"] = "cross_border"
    if f.via:
        fact["via"] = list(f.via)
    if notes:
        fact["note"] = " ".join(notes)
    fact["evidence"] = f.evidence
    return fact


def fact_files(drafts: Drafts) -> dict[str, list[dict[str, Any]]]:
    """Drafted facts by section, as seed-format mappings (each ``draft: true``)."""
    from ctgraph.graph.countries import country_name

    prefix = drafts.source_id.split(":", 1)[1]
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTION_ORDER}
    taken: set[str] = set()

    def marked(fact: dict[str, Any]) -> dict[str, Any]:
        body = {k: v for k, v in fact.items() if not k.startswith("_")}
        fid = body.pop("id")
        taken.add(fid)
        return {"id": fid, "draft": True, **{k: v for k, v in body.items() if k != "draft"}}

    out["regions"] = [marked(r) for r in drafts.regions.values()]
    names: dict[str, str] = {}
    for f in drafts.flows:
        if ":" not in f.destination:
            names[f.destination] = country_name(f.destination)
    for f in drafts.flows:
        local = f"{_local(f.origin)}-to-{_local(f.destination)}"
        fid = f"flow:{prefix}.{slug(local)}"
        n = 2
        while fid in taken:
            fid, n = f"flow:{prefix}.{slug(local)}-{n}", n + 1
        taken.add(fid)
        out["flows"].append(_flow_fact(f, fid, names, drafts.genre))
    for section in ("agencies", "experts", "agreements", "cooperations", "statistics", "challenges"):
        out[section] = [marked(x) for x in getattr(drafts, section)]
    return {k: v for k, v in out.items() if v}


def _local(ref: str) -> str:
    return ref.split(":", 1)[-1].split(".", 1)[-1]


def _check_options(path: Path, source_id: str | None, date: str | None) -> None:
    if source_id is not None and not _SOURCE_ID.match(source_id):
        raise SourceValidationError([Problem(
            str(path), 0,
            f"--source-id {source_id!r}: expected 'source:' then lower-case letters, digits, '.', '_' or '-' "
            "(e.g. source:iom-2019-report)",
        )])
    if date is not None:
        try:
            check_partial_date(date)
        except ValueError as exc:
            raise SourceValidationError([Problem(str(path), 0, f"--date: {exc}")]) from None


def _source_fact(doc: Document, source_id: str, text_name: str, title: str | None, date: str | None) -> dict[str, Any]:
    shown = title or doc.title or doc.path.stem.replace("_", " ").replace("-", " ")
    fact: dict[str, Any] = {
        "id": source_id,
        "title": " ".join(shown.split()),
        "kind": "report",
        "publisher": f"not stated (drafted from {doc.path.name}; set the publisher when reviewing)",
    }
    if date:
        fact["date"] = date
    fact["path"] = f"sources/{text_name}"
    return fact


def draft_report(
    path: Path | str,
    out: Path | str | None = None,
    *,
    home: Path | None = None,
    source_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    text_column: str = "text",
    llm: Any = None,
) -> DraftResult:
    """Read a report, draft its facts and write a draft folder (see the module docstring).

    ``llm`` is an optional extractor (:class:`ingest.draft.llm.LLMExtractor`)
    whose facts are added after the same verbatim check; the rule-based
    extractor always runs.
    """
    p = Path(path)
    _check_options(p, source_id, date)
    doc = read_document(p, text_column=text_column)
    sid = source_id or f"source:{slug(p.stem)}"
    target = Path(out) if out is not None else default_out(home or Path.cwd(), sid)
    check_output_folder(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SourceValidationError([Problem(
            str(target), 0, "the output folder exists and is not empty; choose another --out or delete it",
        )])
    from ctgraph.ingest.draft import zh  # a text mostly in Chinese characters is drafted by ingest.draft.zh

    chinese = zh.is_chinese(doc.text)
    drafts = zh.extract_zh(doc, sid) if chinese else extract(doc, sid)
    if llm is not None:
        llm.add_to(drafts, doc)
    files = fact_files(drafts)
    if chinese:
        zh.mark_language(files, drafts)
    text_name = sid.split(":", 1)[1] + SUFFIXES[p.suffix.lower()]
    source = _source_fact(doc, sid, text_name, title, date)
    source["language"] = "zh" if chinese else "en"  # the language its quotes are in (each drafter reads one)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"--out {target}: cannot create folder {target.parent} ({exc.strerror}); "
                          "choose a folder you can write to") from None
    remove_stale_temp_folders(target.parent, ".draft-")
    with exit_on_termination():
        try:
            tmp = temp_folder(target.parent, ".draft-")
        except OSError as exc:
            raise ExportError(f"--out {target}: cannot write in {target.parent} ({exc.strerror}); "
                              "choose a folder you can write to") from None
        written = _write_folder(tmp, target, p, doc, sid, files, source, text_name)
    counts = {k: len(v) for k, v in files.items()}
    return DraftResult(
        folder=target,
        source_id=sid,
        files=[target / f.relative_to(tmp) for f in written],
        counts=counts,
        facts=files,
        dropped=drafts.dropped,
        genre=drafts.genre,
        language="zh" if chinese else "en",
    )


def _write_folder(
    tmp: Path, target: Path, p: Path, doc: Document, sid: str, files: dict[str, list[dict[str, Any]]],
    source: dict[str, Any], text_name: str,
) -> list[Path]:
    """Write the draft folder in ``tmp``, validate it and rename it to ``target`` (``tmp`` never stays)."""
    try:
        (tmp / "sources").mkdir()
        data = doc.raw if doc.kind == "text" and doc.raw else doc.text.encode("utf-8")
        (tmp / "sources" / text_name).write_bytes(data)
        today = _date.today().isoformat()
        (tmp / "source.yaml").write_text(
            dump_facts({"source": sid, "sources": [source]},
                       f"Source drafted by `ctgraph draft {p.name}` on {today}: check title, publisher and date."),
            encoding="utf-8",
        )
        (tmp / "draft").mkdir()
        written = [tmp / "source.yaml", tmp / "sources" / text_name]
        for section in SECTION_ORDER:
            if section not in files:
                continue
            f = tmp / "draft" / f"{section}.yaml"
            f.write_text(
                dump_facts({"source": sid, section: files[section]},
                           f"Drafted {section} of {p.name} ({today}), each `draft: true` until reviewed.\n"
                           "Review: ctgraph review list|accept|reject FOLDER, or the dashboard's Review drafts page."),
                encoding="utf-8",
            )
            written.append(f)
        _validate(tmp, p)
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        full = exc.errno in (28, 122)  # ENOSPC, EDQUOT
        raise ExportError(
            f"--out {target}: could not write the draft folder ({exc.strerror}); nothing was written: "
            + ("free some disk space and draft again" if full else "choose a folder you can write to")
        ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written


def _validate(folder: Path, report: Path) -> None:
    """The drafted folder validates as a fact folder; a problem is told about the report, never the temporary
    folder (whose name means nothing to the user)."""
    from ctgraph.ingest.seed import read_sources

    _facts, problems = read_sources([folder])
    if problems:
        first = problems[0]
        inner = first.file
        try:
            inner = str(Path(first.file).relative_to(folder))
        except ValueError:
            inner = inner.replace(str(folder) + os.sep, "").replace(folder.name + os.sep, "")
        where = f"{inner}:{first.line}" if first.line > 0 else inner
        raise SourceValidationError([Problem(str(report), 0, (
            f"the facts drafted from it do not validate (drafted {where}: "
            f"{first.message.replace(str(folder) + os.sep, '').replace(folder.name + os.sep, '')}); "
            "nothing was written: remove what the message names from the report, or report this as a bug"))])
