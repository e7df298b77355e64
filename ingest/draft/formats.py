"""Read a report file into its text and locatable paragraphs.

Formats: ``.md``/``.markdown``/``.txt`` (the file's own text), ``.html``/``.htm``
(visible text of block elements, headings kept as sections), ``.pdf`` (the text
layer, one page at a time; pages become locators) and ``.csv`` (a CSV of
documents, one row each, text in the column named by ``text_column``; rows
become locators by their line number, header = line 1).

The :class:`Document` text is what ``ctgraph draft`` writes as the source text,
byte for byte, and every paragraph is a verbatim slice of it, so every quote
cut from a paragraph is in the source text.

Bad input (empty, binary, not UTF-8, a PDF without a text layer or encrypted,
a CSV without the text column, an unknown extension) raises
:class:`graph.errors.SourceValidationError` with one ``file:line: what; how``
problem.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ctgraph.graph.errors import Problem, SourceValidationError

__all__ = ["Paragraph", "Document", "SUFFIXES", "read_document", "parse_markdown", "html_text"]

#: File types ``ctgraph draft`` reads, and what it writes the source text as.
SUFFIXES: dict[str, str] = {
    ".md": ".md",
    ".markdown": ".md",
    ".txt": ".txt",
    ".html": ".txt",
    ".htm": ".txt",
    ".pdf": ".txt",
    ".csv": ".txt",
}

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*{2,3}|_{2,3})([^*_].*?)\1\s*:?\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_MARKUP = re.compile(r"[*_`#]+")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Paragraph:
    """A verbatim slice of the document text, with where it is."""

    text: str
    locator: str
    section: str = ""
    #: The CSV row (or other unit) the paragraph belongs to: clauses never span units.
    unit: str = ""


@dataclass
class Document:
    """The extracted text of a report and its paragraphs, in reading order."""

    path: Path
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str = ""
    kind: str = "text"  # text | html | pdf | csv
    pages: int = 0


def _fail(path: Path, line: int, message: str) -> SourceValidationError:
    return SourceValidationError([Problem(str(path), line, message)])


def _clean_heading(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split()).strip(" :")


def parse_markdown(text: str, *, prefix: str = "", unit: str = "") -> list[Paragraph]:
    """Paragraphs of Markdown or plain text: blank-line blocks, headings as sections.

    A heading is a ``#`` line or a line that is bold as a whole (``**China**``).
    Locators read ``Section ¶n`` (``¶n`` before the first heading), list items
    ``Section ¶n, item k``; ``prefix`` (a page or row) goes in front.

    Examples
    --------
    >>> ps = parse_markdown("# Intro\\n\\nOne.\\n\\n**Spain**\\n\\nTwo.\\n- a\\n- b\\n")
    >>> [(p.text, p.locator) for p in ps]
    [('One.', 'Intro ¶1'), ('Two.', 'Spain ¶1'), ('a', 'Spain ¶1, item 1'), ('b', 'Spain ¶1, item 2')]
    """
    out: list[Paragraph] = []
    section = ""
    number = 0
    block: list[str] = []

    def where(n: int, item: int = 0) -> str:
        base = f"{section} ¶{n}" if section else f"¶{n}"
        if prefix:
            base = f"{prefix} {base}" if not section else f"{prefix}, {base}"
        return f"{base}, item {item}" if item else base

    def flush() -> None:
        nonlocal number
        lines = [ln for ln in block if ln.strip()]
        block.clear()
        if not lines:
            return
        items = [i for i, ln in enumerate(lines) if _ITEM.match(ln)]
        head = lines[: items[0]] if items else lines
        if head:
            number += 1
            out.append(Paragraph("\n".join(head).strip(), where(number), section, unit))
        elif items:
            number += 1
        for k, i in enumerate(items, start=1):
            end = items[k] if k < len(items) else len(lines)
            body = _ITEM.sub("", lines[i], count=1) + "".join("\n" + ln for ln in lines[i + 1 : end])
            out.append(Paragraph(body.strip(), where(number, k), section, unit))

    for line in text.splitlines():
        m = _HEADING.match(line) or _BOLD_LINE.match(line)
        if m:
            flush()
            heading = _clean_heading(m.group(2))
            if heading:
                section, number = heading, 0
            continue
        if not line.strip():
            flush()
        else:
            block.append(line)
    flush()
    return out


# --------------------------------------------------------------------------- HTML


_BLOCKS = {"p", "div", "li", "td", "th", "section", "article", "blockquote", "dd", "dt", "tr", "br", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "svg"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (kind, text)
        self._buf: list[str] = []
        self._kind = "p"
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        self._buf.clear()
        if text:
            self.blocks.append((self._kind, text))
        self._kind = "p"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._flush()
            if tag in _HEADINGS:
                self._kind = "h"
            elif tag == "li":
                self._kind = "li"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _HEADINGS or tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_text(markup: str) -> str:
    """Visible text of HTML as Markdown-like text: headings as ``#`` lines,
    blocks separated by blank lines, list items as ``-`` lines.

    Examples
    --------
    >>> html_text("<h2>Spain</h2><p>Women are <b>sent</b> to Spain.</p><script>x()</script><ul><li>a</li></ul>")
    '## Spain\\n\\nWomen are sent to Spain.\\n\\n- a\\n'
    """
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parts: list[str] = []
    for kind, text in parser.blocks:
        if kind == "h":
            parts.append(f"## {text}")
        elif kind == "li":
            parts.append(f"- {text}")
        else:
            parts.append(text)
    return "\n\n".join(parts) + ("\n" if parts else "")


# --------------------------------------------------------------------------- readers


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise _fail(path, 1, "the file is empty; give a report with text in it")
    if b"\x00" in data[:8192]:
        raise _fail(path, 1, "not a text document (binary data); give a .md, .txt, .html, .pdf or .csv file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, line, f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None


def _read_pdf(path: Path, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise _fail(path, 1, "the file is empty; give a report with text in it")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, OSError) as exc:
        raise _fail(path, 1, f"not a readable PDF ({exc}); check the file or export it again") from None
    if encrypted:
        raise _fail(path, 1, "the PDF is encrypted; save an unencrypted copy (or print it to PDF) and draft that")
    pages: list[str] = []
    paragraphs: list[Paragraph] = []
    try:
        for page in reader.pages:
            text = (page.extract_text() or "").replace("\r\n", "\n").strip("\n")
            pages.append(text)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise _fail(path, 1, f"the PDF's text layer cannot be read ({exc}); export the PDF again") from None
    if not any(p.strip() for p in pages):
        raise _fail(
            path, 1,
            "the PDF has no text layer (a scan?); run OCR on it first (e.g. ocrmypdf) or give the text as .txt",
        )
    text = "\n\n".join(pages) + "\n"
    for i, page_text in enumerate(pages, start=1):
        blocks = [b for b in re.split(r"\n\s*\n", page_text) if b.strip()]
        for n, block in enumerate(blocks, start=1):
            paragraphs.append(Paragraph(block.strip(), f"p. {i} ¶{n}", f"p. {i}", f"p. {i}"))
    return Document(path, text, paragraphs, kind="pdf", pages=len(pages))


def _read_csv(path: Path, raw: str, text_column: str) -> Document:
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise _fail(path, 1, "the file is empty; give a CSV with a header row") from None
    header = [h.strip() for h in header]
    if text_column not in header:
        cols = ", ".join(h for h in header if h) or "none"
        raise _fail(
            path, 1,
            f"no column {text_column!r} (columns: {cols}); name the text column with --text-column",
        )
    idx = header.index(text_column)
    texts: list[str] = []
    paragraphs: list[Paragraph] = []
    start = reader.line_num
    try:
        for row in reader:
            line = reader.line_num
            if not row or idx >= len(row):
                start = line
                continue
            cell = row[idx].replace("\r\n", "\n")
            if _TAG.search(cell):
                cell = html_text(cell)
            cell = cell.strip()
            if cell:
                texts.append(cell)
                unit = f"row {start + 1}"
                found = parse_markdown(cell, prefix=unit, unit=unit)
                if len(found) == 1:  # one paragraph: the row is the locator
                    found = [Paragraph(found[0].text, unit, found[0].section, unit)]
                paragraphs.extend(found)
            start = line
    except csv.Error as exc:
        raise _fail(path, reader.line_num, f"CSV syntax error ({exc}); check quotes in this row") from None
    if not texts:
        raise _fail(path, 2, f"column {text_column!r} has no text in any row; name the text column with --text-column")
    return Document(path, "\n\n".join(texts) + "\n", paragraphs, kind="csv")


def read_document(path: Path | str, text_column: str = "text") -> Document:
    """Read a report file (see the module docstring for the formats)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        shown = suffix or "(none)"
        raise _fail(p, 1, f"unsupported file type {shown!r}; give a .md, .txt, .html, .pdf or .csv file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise _fail(p, 0, "no such file; check the path") from None
    except IsADirectoryError:
        raise _fail(p, 0, "is a folder; give one report file") from None
    except OSError as exc:
        raise _fail(p, 0, f"cannot read the file ({exc.strerror}); check its permissions") from None
    if suffix == ".pdf":
        return _read_pdf(p, data)
    raw = _decode(p, data)
    if suffix == ".csv":
        return _read_csv(p, raw, text_column)
    if suffix in (".html", ".htm"):
        text = html_text(raw)
        if not text.strip():
            raise _fail(p, 1, "the page has no visible text; give a report with text in it")
        paragraphs = parse_markdown(text)
        return Document(p, text, paragraphs, title=_first_section(paragraphs), kind="html")
    paragraphs = parse_markdown(raw)
    if not paragraphs:
        raise _fail(p, 1, "the file has no text, only headings or blank lines; give a report with text in it")
    return Document(p, raw, paragraphs, title=_first_section(paragraphs), kind="text")


def _first_section(paragraphs: list[Paragraph]) -> str:
    return next((p.section for p in paragraphs if p.section), "")
