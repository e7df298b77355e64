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

Hostile input is bounded: the file is opened only if it is a regular file
(never a FIFO or a device, :func:`graph.files.read_input`) and read up to a
size limit per format; a text holding a NUL byte, a control character or a
text-direction control is refused naming the input file and line (a quote
cut from it could not be a fact's quote); a PDF is refused past
:data:`MAX_PDF_PAGES` pages, when a stream decompresses past pypdf's limits, when
its objects nest too deep, or when its text takes longer than
:data:`PDF_SECONDS` to extract, and pypdf's own warnings are kept off the
terminal; an HTML page larger than :data:`MAX_HTML_BYTES` is refused (the
standard library's parser slows down on pathological markup); a CSV value
whose quote is never closed is refused.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ctgraph.graph.errors import Problem, SourceValidationError
from ctgraph.graph.files import read_input
from ctgraph.graph.model import _CONTROL as FACT_TEXT_CONTROL

__all__ = [
    "Paragraph", "Document", "SUFFIXES", "read_document", "parse_markdown", "html_text",
    "MAX_TEXT_BYTES", "MAX_HTML_BYTES", "HTML_SECONDS", "MAX_PDF_BYTES", "MAX_PDF_PAGES", "PDF_SECONDS",
]

#: Largest report read as text (.md, .txt, .csv): several times the longest report drafted so far.
MAX_TEXT_BYTES = 32 * 1024 * 1024
#: Largest HTML page: a long report page is well under 2 MB (and pathological markup of this size
#: parses in under 10 s).
MAX_HTML_BYTES = 4 * 1024 * 1024
#: Seconds to parse an HTML page at most (checked between chunks of :data:`_HTML_CHUNK` characters).
HTML_SECONDS = 30.0
_HTML_CHUNK = 1 << 16
#: Largest PDF, pages, and seconds to extract its text.
MAX_PDF_BYTES = 128 * 1024 * 1024
MAX_PDF_PAGES = 2_000
PDF_SECONDS = 120.0
_HINT = "give a .md, .txt, .html, .pdf or .csv report file"

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
    #: The file's bytes as read (once: the writer keeps a text report byte for byte from these).
    raw: bytes = b""


def _fail(path: Path, line: int, message: str) -> SourceValidationError:
    return SourceValidationError([Problem(str(path), line, message)])


def _clean_heading(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split()).strip(" :")


def parse_markdown(text: str, *, prefix: str = "", unit: str = "") -> list[Paragraph]:  # noqa: C901
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


class HTMLTooSlow(Exception):
    """Parsing the page took longer than allowed."""


def html_text(markup: str, seconds: float | None = None) -> str:
    """Visible text of HTML as Markdown-like text: headings as ``#`` lines,
    blocks separated by blank lines, list items as ``-`` lines.

    Examples
    --------
    >>> html_text("<h2>Spain</h2><p>Women are <b>sent</b> to Spain.</p><script>x()</script><ul><li>a</li></ul>")
    '## Spain\\n\\nWomen are sent to Spain.\\n\\n- a\\n'
    """
    parser = _Text()
    deadline = None if seconds is None else time.monotonic() + seconds
    for i in range(0, len(markup), _HTML_CHUNK):  # in chunks: the parser's buffer stays small
        parser.feed(markup[i : i + _HTML_CHUNK])
        if deadline is not None and time.monotonic() > deadline:
            raise HTMLTooSlow(f"{i + _HTML_CHUNK:,} of {len(markup):,} characters")
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
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _fail(path, data.count(b"\n", 0, nul) + 1,
                    "holds a NUL byte: not a text document (binary data, or UTF-16); give a .md, .txt, .html, "
                    ".pdf or .csv file saved as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(path, line, f"not UTF-8 text ({exc.reason}); save the file as UTF-8") from None
    _check_plain(path, text)
    return text


def _check_plain(path: Path, text: str) -> None:
    """Refuse text holding a control or text-direction character (as fact quotes must not)."""
    m = FACT_TEXT_CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        code = ord(m.group())
        what = "a text-direction control" if code >= 0x200E else "a control character"
        raise _fail(path, line,
                    f"character U+{code:04X} ({what}) at column {column}: quotes drafted from it could not "
                    "be facts' quotes (facts hold plain text); remove it (or save a clean copy) and draft that")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs in a damaged file; the user sees one Error line (or none), not those."""
    log = logging.getLogger("pypdf")
    old = log.disabled
    log.disabled = True
    try:
        yield
    finally:
        log.disabled = old


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:160]
    return text or type(exc).__name__


def _read_pdf(path: Path, data: bytes) -> Document:  # noqa: C901
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    if not data.strip():
        raise _fail(path, 1, "the file is empty; give a report with text in it")
    if not data.lstrip()[:5] == b"%PDF-":
        raise _fail(path, 0, "not a PDF (it does not start with %PDF-); check the file or export it again")
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            encrypted = reader.is_encrypted
            count = 0 if encrypted else len(reader.pages)
        except RecursionError:
            raise _fail(path, 0, "the PDF's objects nest too deep to read (a damaged or hostile file); "
                        "export the PDF again or give the text as .txt") from None
        except Exception as exc:  # pypdf on a damaged file raises many kinds: each is one line
            raise _fail(path, 0, f"not a readable PDF ({_why(exc)}); check the file or export it again") from None
        if encrypted:
            raise _fail(path, 1, "the PDF is encrypted; save an unencrypted copy (or print it to PDF) and draft that")
        if count > MAX_PDF_PAGES:
            raise _fail(path, 0, f"the PDF has {count:,} pages, more than the {MAX_PDF_PAGES:,} a report is drafted "
                        "from; split it and draft the parts, or check that it is the right file")
        pages: list[str] = []
        paragraphs: list[Paragraph] = []
        deadline = time.monotonic() + PDF_SECONDS
        try:
            for i, page in enumerate(reader.pages, start=1):
                text = (page.extract_text() or "").replace("\r\n", "\n").strip("\n")
                # extracted, not the file's bytes: a control character of the text layer becomes a space
                pages.append(FACT_TEXT_CONTROL.sub(" ", text))
                if time.monotonic() > deadline:
                    raise _fail(path, 0, f"reading the PDF's text took longer than {PDF_SECONDS:.0f} s (at page {i} "
                                f"of {count}); give the text as .txt, or split the PDF")
        except SourceValidationError:
            raise
        except LimitReachedError as exc:
            raise _fail(path, 0, f"a stream of the PDF decompresses past the safe limit ({_why(exc)}): a "
                        "decompression bomb or a damaged file; export the PDF again") from None
        except RecursionError:
            raise _fail(path, 0, "the PDF's content nests too deep to read (a damaged or hostile file); "
                        "export the PDF again or give the text as .txt") from None
        except MemoryError:
            raise _fail(path, 0, "the PDF's content is too large to read; give the text as .txt") from None
        except Exception as exc:  # as above: a damaged text layer is one line, whatever pypdf raises
            raise _fail(path, 1, f"the PDF's text layer cannot be read ({_why(exc)}); export the PDF again") from None
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


def _read_csv(path: Path, raw: str, text_column: str) -> Document:  # noqa: C901
    reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
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
            if not row and start == line:  # blank line
                continue
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
        if "unexpected end of data" in str(exc):
            raise _fail(path, start + 1, "a quoted value starts on this line and is never closed (CSV syntax error: "
                        "unexpected end of data); the file may be truncated or hold an unclosed quote: re-export "
                        "it") from None
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
    limit = MAX_PDF_BYTES if suffix == ".pdf" else MAX_HTML_BYTES if suffix in (".html", ".htm") else MAX_TEXT_BYTES
    data = read_input(p, _HINT, limit)
    if suffix == ".pdf":
        doc = _read_pdf(p, data)
        doc.raw = data
        return doc
    raw = _decode(p, data)
    if suffix == ".csv":
        doc = _read_csv(p, raw, text_column)
        doc.raw = data
        return doc
    if suffix in (".html", ".htm"):
        try:
            text = html_text(raw, HTML_SECONDS)
        except HTMLTooSlow as exc:
            raise _fail(p, 0, f"parsing the page took longer than {HTML_SECONDS:.0f} s (read {exc}); save the "
                        "page's text as .txt and draft that") from None
        if not text.strip():
            raise _fail(p, 1, "the page has no visible text; give a report with text in it")
        paragraphs = parse_markdown(text)
        return Document(p, text, paragraphs, title=_first_section(paragraphs), kind="html")
    paragraphs = parse_markdown(raw)
    if not paragraphs:
        raise _fail(p, 1, "the file has no text, only headings or blank lines; give a report with text in it")
    return Document(p, raw, paragraphs, title=_first_section(paragraphs), kind="text", raw=data)


def _first_section(paragraphs: list[Paragraph]) -> str:
    return next((p.section for p in paragraphs if p.section), "")
