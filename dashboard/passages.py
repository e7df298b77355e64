"""A quote in its paragraph: find it in the source text and highlight it as safe HTML.

Source nodes carry ``path`` (relative to the seed folder) for text sources, or
an ``excerpt`` for references quoted without a file. Data rows have neither:
the quote is the row. Every piece of text is HTML-escaped before the only tags
this module writes (``<p>`` and ``<mark>``) are added, so a quote containing
``<script>`` is shown as those characters; whitespace is normalised the way
the validator compares quotes, so every validated quote is found.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctgraph.graph.analysis import evidence_tally, repeated_once
from ctgraph.graph.i18n import _, original_language_note
from ctgraph.graph.wording import evidence_words

__all__ = [
    "Passage",
    "paragraphs",
    "find_passage",
    "passage_html",
    "read_source_text",
    "passages_html",
    "show_passages",
]

_WS = re.compile(r"\s+")
_BLANK = re.compile(r"\n\s*\n")
_EMPHASIS = re.compile(r"\*\*|__")
_CONTEXT = 320


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Passage:
    """Text around a quote: ``before`` + ``match`` + ``after`` (whitespace-normalised)."""

    before: str
    match: str
    after: str
    found: bool = True


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, whitespace-normalised, empty ones dropped.

    Examples
    --------
    >>> paragraphs("one\\n two\\n\\n\\nthree")
    ['one two', 'three']
    """
    return [p for p in (_norm(x) for x in _BLANK.split(text)) if p]


def find_passage(text: str | None, quote: str) -> Passage:
    """The paragraph of ``text`` holding ``quote``, split around it.

    Case-sensitive first, then case-insensitive; a quote that spans
    paragraphs is shown with up to 320 characters of context on each side.
    Without a text (a data row) or when the quote is not there, the quote
    alone is the passage, marked ``found=False``.

    Examples
    --------
    >>> p = find_passage("Intro.\\n\\nWomen are   sent to France. More.", "sent to France")
    >>> p.before, p.match, p.after
    ('Women are ', 'sent to France', '. More.')
    >>> find_passage(None, "row 7: 12 victims").found
    False
    """
    q = _norm(quote)
    if text and q:
        pattern = re.compile(re.escape(q), re.IGNORECASE)
        paras = paragraphs(text)
        for para in paras:
            i = para.find(q)
            if i >= 0:
                return Passage(para[:i], q, para[i + len(q) :])
        for para in paras:
            m = pattern.search(para)
            if m:
                return Passage(para[: m.start()], m.group(0), para[m.end() :])
        whole = _norm(text)
        i = whole.find(q)
        if i >= 0:
            start, end = max(0, i - _CONTEXT), min(len(whole), i + len(q) + _CONTEXT)
            before = ("…" if start else "") + whole[start:i]
            after = whole[i + len(q) : end] + ("…" if end < len(whole) else "")
            return Passage(before, whole[i : i + len(q)], after)
    return Passage("", q, "", found=False)


def passage_html(p: Passage) -> str:
    """``<p>`` with the quote in ``<mark>``; every text piece HTML-escaped.

    Markdown emphasis markers (``**``) outside the quote are dropped for reading.

    Examples
    --------
    >>> passage_html(Passage("**Chen** said ", "<script>x</script>", " & left"))
    '<p class="ctgraph-passage">Chen said <mark>&lt;script&gt;x&lt;/script&gt;</mark> &amp; left</p>'
    """
    before = html.escape(_EMPHASIS.sub("", p.before))
    after = html.escape(_EMPHASIS.sub("", p.after))
    return f'<p class="ctgraph-passage">{before}<mark>{html.escape(p.match)}</mark>{after}</p>'


def read_source_text(seed_dir: Path, path: str | None, excerpt: str | None = None) -> str | None:
    """Text of a source: its file under ``seed_dir`` (never outside it), else its excerpt.

    Examples
    --------
    >>> read_source_text(Path("/nonexistent"), "../../etc/passwd", "quoted words")
    'quoted words'
    """
    if path:
        base = seed_dir.resolve()
        target = (base / path).resolve()
        if target.is_relative_to(base) and target.is_file():
            try:
                return target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return excerpt
    return excerpt


def passages_html(
    items: list[dict[str, Any]],
    sources: dict[str, dict[str, Any]],
    seed_dir: Path,
) -> str:
    """Evidence items as a list of highlighted passages, each under its source and locator.

    ``sources`` maps source ids to Source nodes (``title``, ``path``, ``excerpt``, ``language``).
    A quote in another language than the reader's is named so ("Original: French"); it is
    never translated. Every text piece is escaped; the only markup is this module's own.

    Examples
    --------
    >>> out = passages_html([{"source": "s", "locator": "<b>¶1</b>", "quote": "a & b"}],
    ...                     {"s": {"title": "T", "excerpt": "x a & b y"}}, Path("/nonexistent"))
    >>> "<mark>a &amp; b</mark>" in out, "&lt;b&gt;¶1&lt;/b&gt;" in out
    (True, True)
    >>> e = {"source": "s", "locator": "¶1", "quote": "a & b"}
    >>> out = passages_html([e] * 12, {"s": {"title": "T", "excerpt": "x a & b y"}}, Path("/nonexistent"))
    >>> out.count("<mark>"), "×12" in out
    (1, True)
    >>> "Original: French" in passages_html([{"source": "s", "locator": "¶1", "quote": "la traite"}],
    ...                                     {"s": {"title": "T", "excerpt": "x", "language": "fr"}}, Path("/x"))
    True
    """
    texts: dict[str, str | None] = {}
    blocks = []
    for e, times in repeated_once(items):  # a passage repeated behind several facts is shown once, "×N"
        sid = str(e["source"])
        node = sources.get(sid, {})
        if sid not in texts:
            texts[sid] = read_source_text(seed_dir, node.get("path"), node.get("excerpt"))
        p = find_passage(texts[sid], str(e["quote"]))
        title = str(node.get("title") or sid)
        where = html.escape(str(e.get("locator", "")))
        no_text = _("(data row or quote without source text)")
        note = "" if p.found else f' <span style="color:#777">{html.escape(no_text)}</span>'
        if times > 1:
            note += f' <span class="ctgraph-repeated" style="color:#777">×{times}</span>'
        original = original_language_note(str(e["quote"]), node.get("language"))
        if original:  # the quote stays as its source wrote it: say in which language
            note += f' <span class="ctgraph-original" style="color:#777">· {html.escape(original)}</span>'
        blocks.append(
            '<div class="ctgraph-evidence" style="margin:0 0 0.9rem 0;padding:0.5rem 0.8rem;'
            'border-left:3px solid #f2c94c;background:#fcfbf6">'
            '<div style="font-size:0.8rem;color:#555">'
            f'<span class="ctgraph-source-title">{html.escape(title)}</span> · '
            f'<span class="ctgraph-locator">{where}</span>{note}</div>'
            f"{passage_html(p)}</div>"
        )
    return "".join(blocks)


def show_passages(conn: Any, items: list[dict[str, Any]], *, key: str, limit: int = 20) -> None:
    """Streamlit: the first ``limit`` evidence items as highlighted passages."""
    import streamlit as st

    from ctgraph.dashboard import state
    from ctgraph.ingest.seed import SEED_DIR

    found = state.run_query(conn, "nodes", "Source", limit=state.LOOKUP_LIMIT)
    sources = {str(s["id"]): s for s in found.rows}
    datasets = {i for i, s in sources.items() if s.get("kind") == "dataset"}
    st.caption(_("Evidence: {tally}", tally=evidence_words(*evidence_tally(items, datasets))))  # the one count
    if not items:
        st.info(_("No text passage and no data row."), icon="ℹ️")
        return
    once = [e for e, _n in repeated_once(items)]
    shown = {(x["source"], x["locator"], x["quote"]) for x in once[:limit]}
    with st.container(key=f"passages-{key}"):  # every repeat of the shown quotes goes in, to be counted "×N"
        st.html(passages_html([e for e in items if (e["source"], e["locator"], e["quote"]) in shown], sources,
                              SEED_DIR))
    if len(once) > limit:
        st.caption(_("Showing {n} of {total} distinct quotes; the table above lists every item.", n=limit,
                     total=len(once)))
