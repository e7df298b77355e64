"""Layout: slides, text boxes, tables that continue over slides, pictures, notes.

Everything is sized from :mod:`dashboard.deck.fitting`'s conservative text
measures, so nothing runs past its box or the slide: long cells wrap and are
cut after a few lines with "…", long tables continue on slides titled
"(continued)", a table shrinks a point when that saves a slide, and a main
slide's table keeps to one slide and says how many rows the appendix holds.

Table cells and text runs are written as DrawingML directly (one element per
cell instead of python-pptx's property-by-property calls, which dominate the
export time of a large deck); what they hold is the same.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches, Pt

from ctgraph.dashboard.deck.cells import Labels
from ctgraph.dashboard.deck.fitting import fit_lines, fit_paragraph, line_height, wrap_text
from ctgraph.dashboard.palette import COVERAGE_COLOURS
from ctgraph.graph import i18n
from ctgraph.graph.answers import Evidence

__all__ = [
    "SLIDE_W",
    "SLIDE_H",
    "MARGIN",
    "CONTENT_W",
    "BODY_TOP",
    "BODY_BOTTOM",
    "FOOTER_TOP",
    "FOOTER_H",
    "CELL_MX",
    "CELL_MY",
    "APPENDIX",
    "NAVY",
    "INK",
    "GREY",
    "RULE",
    "BAND",
    "WHITE",
    "Para",
    "Column",
    "Deck",
    "text_box",
    "paragraphs_height",
    "table_slides",
    "picture_slide",
    "place_picture",
    "PicturePlace",
    "notes_text",
    "quote_lines",
    "drop_empty_columns",
    "tint",
]

SLIDE_W, SLIDE_H = 12192000 / 914400, 7.5  # PowerPoint's 16:9: 13.333 x 7.5 in
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = 0.3, 0.8
BODY_TOP, BODY_BOTTOM = 1.25, 6.85
FOOTER_TOP, FOOTER_H = 7.05, 0.3
FONT = "Arial"
#: The East Asian font of a deck in Chinese: Noto Sans CJK SC (Debian's fonts-noto-cjk, which
#: scripts/test.sh installs; PowerPoint on Windows falls back to its own CJK font when it lacks it).
FONT_EA = "Noto Sans CJK SC"
#: The language tag of the text runs per deck language.
LANG_TAGS = {"en": "en-GB", "zh": "zh-CN"}
CELL_MX, CELL_MY = 0.06, 0.035

#: How an appendix slide's title starts.
APPENDIX = "Appendix: "

NAVY = "1F3A5F"
INK = "1B2631"
GREY = "566573"
RULE = "C9D3DD"
BAND = "F2F5F8"
WHITE = "FFFFFF"

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = f'xmlns:a="{_A}"'


def tint(hex_colour: str, share: float = 0.28) -> str:
    """A light fill of a palette colour: ``share`` of it over white.

    Examples
    --------
    >>> tint("#000000", 0.5)
    '808080'
    """
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * share):02X}" for c in rgb)


#: Cell fills for coverage levels and statuses, from the one palette.
TINTS: dict[str, str] = {level: tint(colour) for level, colour in COVERAGE_COLOURS.items()}
TINTS.update({
    "multilateral only": TINTS["multilateral"],
    "signed": TINTS["bilateral"],
    "proposed": TINTS["negotiating"],
})

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def _rpr_xml(size: float, bold: bool, colour: str, italic: bool) -> str:
    return _rpr_xml_in(size, bold, colour, italic, i18n.language())


@lru_cache(maxsize=256)
def _rpr_xml_in(size: float, bold: bool, colour: str, italic: bool, lang: str) -> str:
    """A run's properties: the deck's font, and in a Chinese deck the East Asian font
    named too (``a:ea``: LibreOffice and PowerPoint draw CJK glyphs with it)."""
    flags = f' b="{int(bold)}"' + (' i="1"' if italic else "")
    ea = f'<a:ea typeface="{FONT_EA}"/>' if lang != i18n.DEFAULT_LANGUAGE else ""
    return (f'<a:rPr lang="{LANG_TAGS.get(lang, "en-GB")}" sz="{round(size * 100)}"{flags} dirty="0">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f'<a:latin typeface="{FONT}"/>{ea}<a:cs typeface="{FONT}"/></a:rPr>')


def _rpr(size: float, bold: bool, colour: str, italic: bool) -> Any:
    return _rpr_in(size, bold, colour, italic, i18n.language())


@lru_cache(maxsize=256)
def _rpr_in(size: float, bold: bool, colour: str, italic: bool, lang: str) -> Any:
    return parse_xml(_rpr_xml_in(size, bold, colour, italic, lang).replace("<a:rPr ", f"<a:rPr {_NS} ", 1))


def style_runs(paragraph: Any, size: float, bold: bool = False, colour: str = INK, italic: bool = False) -> None:
    """Give every run of ``paragraph`` the deck's font at ``size``."""
    from copy import deepcopy

    template = _rpr(size, bold, colour, italic)
    for run in paragraph.runs:
        r = run._r
        old = r.find(f"{{{_A}}}rPr")
        if old is not None:
            r.remove(old)
        r.insert(0, deepcopy(template))


#: One paragraph of a text box: (text, size, bold, colour).
Para = tuple[str, float, bool, str]


def text_box(slide: Any, left: float, top: float, width: float, height: float, paragraphs: Sequence[Para], *,
             name: str = "Text", anchor: Any = MSO_ANCHOR.TOP, align: Any = PP_ALIGN.LEFT, italic: bool = False,
             space_after: float = 0.0) -> Any:
    """A text box that never grows (sizes come from :func:`paragraphs_height`)."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.03)
    for i, (text, size, bold, colour) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = _XML_BAD.sub("", text)
        p.alignment = align
        if space_after:
            p.space_after = Pt(space_after)
        style_runs(p, size, bold, colour, italic)
    return box


def paragraphs_height(paragraphs: Sequence[Para], width: float, space_after: float = 0.0) -> float:
    """Height a text box needs for ``paragraphs`` at ``width`` (inches, rounded up)."""
    inner = width - 0.1
    h = 0.06
    for text, size, bold, _ in paragraphs:
        h += len(wrap_text(text, inner, size, bold)) * line_height(size) + space_after / 72
    return h


# --------------------------------------------------------------------------- notes


def quote_lines(evidence: Iterable[Evidence], labels: Labels, masked: frozenset[str] = frozenset()) -> list[str]:
    """'"quote" — source, locator' per item; rows of a data set in ``masked``
    are cited by locator only (their text repeats counts the tables mask). A quote in
    another language than the deck's is followed by a line naming its language.

    Examples
    --------
    >>> quote_lines([{"source": "source:r", "quote": "q", "locator": "p. 1"}], Labels({}, sources={"source:r": "IOM 2018"}))
    ['"q" — IOM 2018, p. 1']
    >>> quote_lines([{"source": "source:f", "quote": "la traite", "locator": "p. 2"}],
    ...             Labels({}, sources={"source:f": "Sénat 2009"}, languages={"source:f": "fr"}))
    ['"la traite" — Sénat 2009, p. 2', '    (Original: French)']
    """
    out = []
    for e in evidence:
        key = labels.source(e["source"])
        if e["source"] in masked:
            out.append(i18n._("data rows — {source}, {locator} (figures on the slide; small counts masked)",
                              source=key, locator=e["locator"]))
        else:
            out.append(f"\"{e['quote']}\" — {key}, {e['locator']}")
            original = labels.original(e)
            if original:  # its own line: the quote line keeps its form ("quote" — source, locator)
                out.append("    " + i18n._("({note})", note=original))
    return out


def notes_text(intro: str, groups: Iterable[tuple[str, Sequence[Evidence]]], labels: Labels,
               masked: frozenset[str] = frozenset()) -> str:
    """Speaker notes: an introduction, then each row's heading and its quotes."""
    out = [intro.strip(), "", i18n._("Supporting quotes (\"quote\" — source, locator):")]
    any_quotes = False
    for heading, evidence in groups:
        if not evidence:
            continue
        any_quotes = True
        out.append("")
        out.append(heading)
        out.extend(quote_lines(evidence, labels, masked))
    if not any_quotes:
        out.append(i18n._("(none for this slide)"))
    return _XML_BAD.sub("", labels.text("\n".join(out)))  # an id written in a citation or note reads as its name


# --------------------------------------------------------------------------- the deck


class Deck:
    """A presentation being built: 16:9, a title, footer and page number on
    every slide; slides after :meth:`start_appendix` are marked as appendix."""

    def __init__(self, footer: str, labels: Labels, masked: frozenset[str]) -> None:
        self.labels = labels
        self.masked = masked
        self.prs = Presentation()
        self.prs.slide_width = Emu(12192000)
        self.prs.slide_height = Emu(6858000)
        self.footer = footer
        self.appendix_from: int | None = None

    @property
    def in_appendix(self) -> bool:
        return self.appendix_from is not None

    def start_appendix(self) -> None:
        """Slides from here on are appendix slides."""
        self.appendix_from = len(self.prs.slides)

    def notes(self, intro: str, groups: Iterable[tuple[str, Sequence[Evidence]]]) -> str:
        return notes_text(intro, groups, self.labels, self.masked)

    def slide(self, title: str, notes: str) -> Any:
        """A "Title Only" slide with the title (prefixed in the appendix; in the deck's language), a rule
        and the footer."""
        if self.in_appendix and not title.startswith(APPENDIX) and title != "Appendix":
            title = i18n._("Appendix: {title}", title=i18n._(title))
        else:
            title = i18n._(title)
        s = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        t = s.shapes.title
        t.left, t.top, t.width, t.height = Inches(MARGIN), Inches(TITLE_TOP), Inches(CONTENT_W), Inches(TITLE_H)
        text, size, _ = fit_paragraph(title, CONTENT_W, (28, 24, 20, 18), 2, bold=True)
        tf = t.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM
        tf.margin_left = tf.margin_right = Inches(0.05)
        tf.margin_top = tf.margin_bottom = Inches(0.03)
        tf.text = text
        tf.paragraphs[0].alignment = PP_ALIGN.LEFT
        style_runs(tf.paragraphs[0], size, True, GREY if self.in_appendix else NAVY)
        line = s.shapes.add_connector(1, Inches(MARGIN), Inches(TITLE_TOP + TITLE_H + 0.05),
                                      Inches(MARGIN + CONTENT_W), Inches(TITLE_TOP + TITLE_H + 0.05))
        line.line.color.rgb = _rgb(RULE)
        line.line.width = Pt(1.25)
        line.name = "Title rule"
        self.add_footer(s)
        s.notes_slide.notes_text_frame.text = notes
        return s

    def add_footer(self, s: Any) -> None:
        width = CONTENT_W - 1.0
        footer = self.footer + (" · " + i18n._("appendix") if self.in_appendix else "")
        text, _, _ = fit_paragraph(footer, width, (10,), 1)
        text_box(s, MARGIN, FOOTER_TOP, width, FOOTER_H, [(text, 10, False, GREY)], name="Footer")

    def number_pages(self) -> None:
        n = len(self.prs.slides)
        for i, s in enumerate(self.prs.slides, start=1):
            text_box(s, MARGIN + CONTENT_W - 1.0, FOOTER_TOP, 1.0, FOOTER_H, [(f"{i} / {n}", 10, False, GREY)],
                     name="Page number", align=PP_ALIGN.RIGHT)


def _rgb(hex6: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex6)  # type: ignore[no-untyped-call]


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """A table column: header, share of the table width, most lines a cell may take."""

    header: str
    width: float
    max_lines: int = 6
    tint: bool = False  # fill the cell with the colour of its value (coverage/status)
    align: str = "l"  # DrawingML alignment: l, r, ctr


@dataclass
class _Page:
    size: float
    rows: list[list[str]]
    heights: list[float]
    items: list[int]


def drop_empty_columns(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> tuple[list[Column], list[list[str]]]:
    """Columns where some row says something (not "—" or blank), widths rescaled.

    Examples
    --------
    >>> cols, rows = drop_empty_columns([Column("A", 0.5), Column("B", 0.5)], [["x", "—"]])
    >>> [c.header for c in cols], rows
    (['A'], [['x']])
    """
    keep = [i for i in range(len(columns)) if any(str(r[i]).strip() not in ("", "—") for r in rows)]
    if not rows or len(keep) == len(columns):
        return list(columns), [list(r) for r in rows]
    total = sum(columns[i].width for i in keep) or 1.0
    cols = [Column(columns[i].header, columns[i].width / total, columns[i].max_lines, columns[i].tint,
                   columns[i].align) for i in keep]
    return cols, [[r[i] for i in keep] for r in rows]


def _measure(columns: Sequence[Column], cells: Sequence[str], size: float, bold: bool = False) -> tuple[list[str], float]:
    texts, lines = [], 1
    for col, text in zip(columns, cells):
        width = col.width * CONTENT_W - 2 * CELL_MX
        cut, n = fit_lines(text, width, size, max(col.max_lines, 2) if bold else col.max_lines, bold)
        texts.append(cut)
        lines = max(lines, n)
    return texts, lines * line_height(size) + 2 * CELL_MY + 0.02


def _paginate(columns: Sequence[Column], rows: Sequence[Sequence[str]], height: float,  # noqa: C901
              sizes: Sequence[float] = (14, 12), max_rows: int = 18, one_page: bool = False) -> list[_Page]:
    """Split rows into pages that fit ``height`` (header included): the
    largest font size that fits everything on one page, else the smallest
    size over as few pages as possible, rows spread evenly over them.
    ``one_page``: the first page only, as full as it gets (the larger size
    when it holds as many rows as ``max_rows`` allows)."""

    def layout(size: float, cap: int) -> list[_Page]:
        head, head_h = _measure(columns, [c.header for c in columns], size, bold=True)
        pages: list[_Page] = []
        cur = _Page(size, [], [], [])
        used = head_h
        for i, r in enumerate(rows):
            texts, h = _measure(columns, list(r), size)
            if cur.rows and (used + h > height or len(cur.rows) >= cap):
                pages.append(cur)
                cur, used = _Page(size, [], [], []), head_h
            cur.rows.append(texts)
            cur.heights.append(h)
            cur.items.append(i)
            used += h
        pages.append(cur)
        for p in pages:
            p.rows.insert(0, head)
            p.heights.insert(0, head_h)
        return pages

    if one_page:
        want = min(len(rows), max_rows)
        best: list[_Page] = []
        for size in sizes:
            first = layout(size, max_rows)[:1]
            if len(first[0].items) >= want:
                return first
            if not best or len(first[0].items) > len(best[0].items):
                best = first
        return best
    for size in sizes:
        pages = layout(size, max_rows)
        if len(pages) == 1:
            return pages
    even = layout(sizes[-1], -(-len(rows) // len(pages)))
    return even if len(even) == len(pages) else pages


def _cell_xml(text: str, size: float, bold: bool, colour: str, fill: str, align: str) -> str:
    mx, my = int(Inches(CELL_MX)), int(Inches(CELL_MY))
    rpr = _rpr_xml(size, bold, colour, False)
    paras = "".join(
        f'<a:p><a:pPr algn="{align}"/>'
        + (f"<a:r>{rpr}<a:t>{_xml_text(line)}</a:t></a:r>" if line else "")
        + f'<a:endParaRPr lang="{LANG_TAGS.get(i18n.language(), "en-GB")}" sz="{round(size * 100)}" dirty="0"/></a:p>'
        for line in text.split("\n")
    )
    return (f"<a:txBody><a:bodyPr/><a:lstStyle/>{paras}</a:txBody>"
            f'<a:tcPr marL="{mx}" marR="{mx}" marT="{my}" marB="{my}" anchor="t">'
            f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr>')


def _add_table(slide: Any, page: _Page, columns: Sequence[Column], top: float) -> Any:
    """The page as one table shape, its ``a:tbl`` written in one piece."""
    total_h = sum(page.heights)
    shape = slide.shapes.add_table(1, len(columns), Inches(MARGIN), Inches(top), Inches(CONTENT_W), Inches(total_h))
    shape.name = "Table"
    widths = [int(Inches(c.width * CONTENT_W)) for c in columns]
    widths[-1] = int(Inches(CONTENT_W)) - sum(widths[:-1])
    parts = ['<a:tblPr firstRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId>'
             "</a:tblPr><a:tblGrid>", *(f'<a:gridCol w="{w}"/>' for w in widths), "</a:tblGrid>"]
    for r, (cells, h) in enumerate(zip(page.rows, page.heights)):
        parts.append(f'<a:tr h="{int(Inches(h))}">')
        for c, text in enumerate(cells):
            if r == 0:
                xml = _cell_xml(text, page.size, True, WHITE, NAVY, columns[c].align)
            else:
                fill = (TINTS.get(text) if columns[c].tint else None) or (BAND if r % 2 == 0 else WHITE)
                shown = i18n._(text) if columns[c].tint else text  # a coverage or status word, in the deck's language
                xml = _cell_xml(shown, page.size, False, INK, fill, columns[c].align)
            parts.append(f"<a:tc>{xml}</a:tc>")
        parts.append("</a:tr>")
    tbl = shape._element.graphic.graphicData.tbl
    new = parse_xml(f"<a:tbl {_NS}>{''.join(parts)}</a:tbl>")
    tbl.getparent().replace(tbl, new)
    return shape


def table_slides(
    deck: Deck,
    title: str,
    lead: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    notes_intro: str,
    row_notes: Callable[[int], tuple[str, Sequence[Evidence]]],
    empty: str,
    footnote: str = "",
    *,
    one_page: bool = False,
    more: Callable[[int, int], str] | None = None,
    max_rows: int = 18,
    drop_empty: bool = True,
    sizes: Sequence[float] | None = None,
    total: int | None = None,
) -> int:
    """One or more slides holding a table; rows that do not fit continue on
    the next slide ("(continued)"); each slide's notes quote its own rows.

    ``one_page``: only the rows that fit one slide, and ``more(shown, total)``
    says under the lead where the rest are. ``footnote`` shows under the lead.
    ``sizes``: font sizes to try (default 14 then 12 pt on a main slide, 12
    then 10.5 pt in the appendix, where reference tables hold more rows).
    ``total``: how many rows the answer holds when ``rows`` are only its first
    (a main slide measures only what it can show).
    Columns that say nothing in any row are left out (``drop_empty``).
    Returns how many rows the slides show.
    """
    rows = [[deck.labels.text(str(c)) for c in row] for row in rows]  # an id written in free text reads as its name
    if drop_empty:
        columns, rows = drop_empty_columns(columns, rows)
    # the deck's own words in its language (headings, title, lead); cells keep the answers' words
    columns = [replace(c, header=i18n._(c.header)) for c in columns]
    title, lead, empty = i18n._(title), i18n._(lead), i18n._(empty)
    lead_text, _, _ = fit_paragraph(lead, CONTENT_W, (12,), 2)
    paras: list[Para] = [(lead_text, 12, False, GREY)]
    reserve = bool(footnote) or (one_page and more is not None)
    lead_h = paragraphs_height(paras + ([("x", 12, False, NAVY)] * 2 if reserve else []), CONTENT_W) + 0.06
    top = BODY_TOP + lead_h
    height = BODY_BOTTOM - top
    if not rows:
        s = deck.slide(title, deck.notes(notes_intro, []))
        text_box(s, MARGIN, BODY_TOP, CONTENT_W, lead_h, paras, name="Lead")
        text_box(s, MARGIN, top + 0.2, CONTENT_W, 0.5, [(empty, 16, False, INK)], name="Empty")
        return 0
    if sizes is None:
        sizes = (12, 10.5) if deck.in_appendix else (14, 12)
    pages = _paginate(columns, rows, height, sizes=sizes, max_rows=max_rows, one_page=one_page)
    shown = sum(len(p.items) for p in pages)
    note = footnote
    total = max(total or 0, len(rows))
    if one_page and more is not None and shown < total:
        note = (note + " " if note else "") + more(shown, total)
    if note:
        foot_text, _, _ = fit_paragraph(note, CONTENT_W, (12,), 2)
        paras.append((foot_text, 12, False, NAVY))
    for n, page in enumerate(pages):
        heading = title if n == 0 else i18n._("{title} (continued)", title=title)
        s = deck.slide(heading, deck.notes(notes_intro, [row_notes(i) for i in page.items]))
        text_box(s, MARGIN, BODY_TOP, CONTENT_W, lead_h, paras, name="Lead")
        _add_table(s, page, columns, top)
    return shown


@dataclass(frozen=True)
class PicturePlace:
    """Where a picture goes on its slide (inches); the picture itself comes later (:func:`place_picture`)."""

    slide: Any
    name: str
    left: float
    top: float
    width: float
    height: float


def picture_slide(deck: Deck, title: str, caption: str, notes: str, aspect: float,
                  top: float = BODY_TOP, bottom: float = BODY_BOTTOM) -> PicturePlace:
    """A slide for one picture as large as fits above its caption; the picture is
    placed by :func:`place_picture` once drawn (pictures are drawn while slides are laid out)."""
    s = deck.slide(title, notes)
    cap_text, _, cap_lines = fit_paragraph(i18n._(caption), CONTENT_W, (11,), 3)
    cap_h = cap_lines * line_height(11) + 0.1
    room_h = bottom - top - cap_h - 0.05
    width = min(CONTENT_W, room_h * aspect)
    height = width / aspect
    left = MARGIN + (CONTENT_W - width) / 2
    text_box(s, MARGIN, top + height + 0.05, CONTENT_W, cap_h, [(cap_text, 11, False, GREY)],
             name="Caption", italic=True)
    return PicturePlace(s, title, left, top, width, height)


def place_picture(place: PicturePlace, png: bytes) -> Any:
    """Put the PNG where :func:`picture_slide` left room for it."""
    pic = place.slide.shapes.add_picture(io.BytesIO(png), Inches(place.left), Inches(place.top),
                                         Inches(place.width), Inches(place.height))
    pic.name = place.name
    return pic


def paragraphs_fit(paragraphs: Sequence[Para], width: float, height: float) -> bool:
    """Whether ``paragraphs`` fit a box of ``width`` x ``height``."""
    return paragraphs_height(paragraphs, width) <= height


def evidence_groups(items: Sequence[Mapping[str, Any]], heading: Callable[[int], str]) -> list[tuple[str, Sequence[Evidence]]]:
    """(heading, evidence) for each item, for :func:`notes_text`."""
    return [(heading(i), item.get("evidence", [])) for i, item in enumerate(items)]
