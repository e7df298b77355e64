r"""Text from sources, made safe where it leaves ctgraph: terminal, plots, spreadsheets.

Names and quotes come from files that ctgraph does not control (GLOTIP and
CTDC exports, fact files written by others). Three places would run them
instead of showing them; each has one function here:

- a terminal runs escape sequences (ESC, CSI, OSC hyperlinks and titles, C1
  controls) and is misled by bidirectional overrides: :func:`terminal_safe`
  shows every such character as a visible escape (``\x1b``, ``\u202e``), so
  the text is inert and still says what it holds; it also keeps one value on
  one line (newlines are shown as ``\n``).
- matplotlib parses text between two ``$`` as mathtext (and fails on
  ``$\undefinedcommand$``): :func:`mathtext_safe` escapes every ``$`` so that
  matplotlib draws the same characters as plain text. Outside ``$...$`` no
  other character is special to matplotlib (``usetex`` is never used).
- a spreadsheet runs a CSV cell that starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return as a formula: :func:`spreadsheet_safe` prefixes
  such a cell with ``'``.
"""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["terminal_safe", "json_terminal_safe", "mathtext_safe", "spreadsheet_safe", "FORMULA_START"]

# C0 controls but tab, DEL, C1 controls (8-bit CSI/OSC included), and the
# characters that reorder or hide text in a terminal (bidi controls, line and
# paragraph separators).
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    r"""``text`` with every control, escape and bidi character shown as a visible escape.

    Examples
    --------
    >>> terminal_safe("Chin\x1b[31ma\x1b]8;;http://x\x07 ok")
    'Chin\\x1b[31ma\\x1b]8;;http://x\\x07 ok'
    >>> terminal_safe("two\nlines\u202e, C1 \x9b2J, tab\tkept, é kept")
    'two\\nlines\\u202e, C1 \\x9b2J, tab\tkept, é kept'
    """
    return _UNSAFE.sub(_escape, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_terminal_safe(document: str) -> str:
    r"""A JSON text whose string characters a terminal would run, written as ``\uXXXX`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but leaves DEL,
    C1 controls and bidi overrides raw; the escaped form is the same JSON value.

    Examples
    --------
    >>> import json
    >>> doc = json.dumps({"name": "a\x9b2Jb\u202e"}, ensure_ascii=False)
    >>> safe = json_terminal_safe(doc)
    >>> safe
    '{"name": "a\\u009b2Jb\\u202e"}'
    >>> json.loads(safe) == json.loads(doc)
    True
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def mathtext_safe(text: str) -> str:
    r"""``text`` for any matplotlib text call: every ``$`` escaped, so nothing is parsed as mathtext.

    matplotlib draws ``\$`` as ``$``, so the picture shows the same characters.

    Examples
    --------
    >>> mathtext_safe(r"$\undefinedcommand$ costs $5")
    '\\$\\undefinedcommand\\$ costs \\$5'
    """
    return text.replace("$", r"\$")


#: First characters that make a spreadsheet treat a CSV cell as a formula.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def spreadsheet_safe(value: T) -> T | str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading ``'``.

    Values that are not text (numbers, ``None``) are returned unchanged.

    Examples
    --------
    >>> [spreadsheet_safe(v) for v in ["=1+1", "+1", "-1", "@SUM(A1)", "\\tx", "\\rx", "plain", -1]]
    ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\\tx", "'\\rx", 'plain', -1]
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

