"""Text fitting: how wide a line is, how text wraps in a box, where to cut it.

PowerPoint and LibreOffice lay text out themselves; a deck whose boxes are
sized from guesses overflows on real data. Widths here come from the
Helvetica metrics that matplotlib ships as AFM files (Arial and Liberation
Sans are metrically identical), rounded up by a few per cent, so a box sized
from :func:`wrap_text` is never too small. No font file is read at render
time and nothing depends on the fonts installed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LINE",
    "SAFETY",
    "text_width",
    "wrap_text",
    "fit_lines",
    "fit_paragraph",
    "line_height",
    "clip",
]

LINE = 1.2  # line height in em (Arial: 1.15), rounded up
SAFETY = 1.03  # widths rounded up (Arial = Helvetica metrics; renderers kern, never widen)


@lru_cache(maxsize=2)
def _afm_widths(bold: bool) -> dict[str, int]:
    """Character widths (1/1000 em) of Helvetica, metrically identical to Arial
    and Liberation Sans, from the AFM files matplotlib ships."""
    from importlib.util import find_spec

    spec = find_spec("matplotlib")  # its data folder, without importing matplotlib (slow) for two small files
    base = Path(spec.origin).parent if spec is not None and spec.origin else Path(".")
    name = "phvb8a.afm" if bold else "phvr8a.afm"
    path = base / "mpl-data" / "fonts" / "afm" / name
    widths: dict[str, int] = {}
    try:
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith("C ") and "WX" in line:
                fields = dict(f.strip().split(" ", 1) for f in line.split(";") if f.strip())
                code = int(fields["C"])
                if 32 <= code < 127:
                    widths[chr(code)] = int(fields["WX"])
    except (OSError, ValueError, KeyError):
        return {}
    return widths


def _char_width(ch: str, widths: dict[str, int]) -> int:
    if ch in widths:
        return widths[ch]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1000
    base = unicodedata.normalize("NFKD", ch)[:1]
    if base in widths:
        return widths[base]
    return 1000 if ch in "—…‰→←↔" else 720


@lru_cache(maxsize=65536)
def _em(text: str, bold: bool = False) -> float:
    """Width of ``text`` in em (unscaled)."""
    widths = _afm_widths(bold)
    return sum(_char_width(c, widths) for c in text) / 1000


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in inches, rounded up.

    Examples
    --------
    >>> round(text_width("Hello", 72), 2)  # 72 pt = 1 in; Arial: 2.278 em, plus 3 %
    2.35
    """
    return _em(text, bold) * size_pt / 72 * SAFETY


def wrap_text(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """Lines that ``text`` wraps into in a box ``width_in`` wide (words kept
    whole unless one alone is wider than the box).

    Examples
    --------
    >>> wrap_text("one two three", 0.5, 12)
    ['one', 'two', 'three']
    >>> wrap_text("one two", 5, 12)
    ['one two']
    """
    limit = width_in * 72 / size_pt / SAFETY  # in em
    space = _em(" ", bold)
    lines: list[str] = []
    for para in str(text).split("\n"):
        cur, cur_w = "", 0.0
        for word in para.split(" "):
            w = _em(word, bold)
            if cur and cur_w + space + w <= limit:
                cur, cur_w = f"{cur} {word}", cur_w + space + w
                continue
            if not cur and w <= limit:
                cur, cur_w = word, w
                continue
            if cur:
                lines.append(cur)
            cur, cur_w = "", 0.0
            while _em(word, bold) > limit:  # a word wider than the box breaks anywhere
                cut, acc = 0, 0.0
                while cut < len(word) - 1:
                    c = _em(word[cut], bold)
                    if acc + c > limit and cut > 0:
                        break
                    acc += c
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            cur, cur_w = word, _em(word, bold)
        lines.append(cur)
    return lines


def fit_lines(text: str, width_in: float, size_pt: float, max_lines: int, bold: bool = False) -> tuple[str, int]:
    """(``text`` cut to at most ``max_lines`` lines, ending "…" when cut; its line count).

    Examples
    --------
    >>> fit_lines("one two three four", 0.5, 12, 2)
    ('one two…', 2)
    """
    lines = wrap_text(text, width_in, size_pt, bold)
    if len(lines) <= max_lines:
        return text, len(lines)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + "…", size_pt, bold) > width_in:
        last = last[:-1]
    while True:  # the joined text must wrap into the same lines again (a renderer wraps it afresh)
        cut = " ".join(kept[:-1] + [last.rstrip() + "…"])
        if len(wrap_text(cut, width_in, size_pt, bold)) <= max_lines or not last:
            return cut, max_lines
        last = last.rsplit(" ", 1)[0] if " " in last.strip() else last[: len(last) * 3 // 4]


def line_height(size_pt: float) -> float:
    """Height of one line of ``size_pt`` text, in inches."""
    return size_pt * LINE / 72


def fit_paragraph(
    text: str, width: float, sizes: Sequence[float], max_lines: int, bold: bool = False
) -> tuple[str, float, int]:
    """(text, size, lines): the largest of ``sizes`` at which ``text`` takes at
    most ``max_lines`` lines in a text box ``width`` wide (else cut at the smallest).

    Examples
    --------
    >>> fit_paragraph("Key messages", 4.0, (28, 24), 1, bold=True)
    ('Key messages', 28, 1)
    """
    inner = width - 0.1
    for size in sizes:
        n = len(wrap_text(text, inner, size, bold))
        if n <= max_lines:
            return text, size, n
    size = sizes[-1]
    cut, n = fit_lines(text, inner, size, max_lines, bold)
    return cut, size, n


def clip(text: str, n: int = 120) -> str:
    """``text`` cut at a word boundary to at most ``n`` characters, with "…".

    Examples
    --------
    >>> clip("one two three", 9)
    'one two…'
    """
    if len(text) <= n:
        return text
    return text[: n - 1].rsplit(" ", 1)[0] + "…"
