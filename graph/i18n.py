"""The one translation layer: what people read, in English or in Chinese (simplified).

- The language is a context variable (:data:`LANGUAGE`), chosen per call or per
  context: the dashboard sets it for each session run (sidebar, ``?lang=zh``),
  the deck build for one export (``ctgraph export slides --lang zh``). Default
  English; code that never sets it reads exactly what it read before.
- Messages are whole sentences (or whole labels) in English, with named
  placeholders, looked up in gettext catalogues kept with Babel:
  ``graph/locale/<lang>/LC_MESSAGES/ctgraph.po``. One message id per sentence;
  never a sentence glued from translated fragments.
- The ``.po`` files are the only source: the first look-up in a language reads
  its ``.po`` with Babel and compiles it in memory (no ``.mo`` to keep in step),
  so a wheel needs only the ``.po`` (package data).
- Data stay in the language of their source: quotes, titles of documents and
  the names sources give are never passed through :func:`_`.
- Country names in Chinese come from pycountry's ``zh_CN`` translations of ISO
  3166-1 (:func:`country_name_in`), the names people type (graph/names.py) and
  read come from the same tables.

Updating the catalogue after a change of wording::

    .venv/bin/pybabel extract -k N_ -k ngettext:1,2 -o /tmp/ctgraph.pot graph dashboard ctgraph/cli.py
    .venv/bin/pybabel update -i /tmp/ctgraph.pot -d graph/locale -D ctgraph -l zh

then translate the new entries (``tests/test_i18n.py`` fails while one is empty).

Examples
--------
>>> _("Coverage")
'Coverage'
>>> with use_language("zh"):
...     _("Coverage"), _("{n} gap(s).", n=3)
('覆盖', '3 个缺口。')
>>> ngettext("{n} text passage", "{n} text passages", 2, n=2)
'2 text passages'
"""

from __future__ import annotations

import gettext
import io
import re
import string
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry

__all__ = [
    "LANGUAGES",
    "DEFAULT_LANGUAGE",
    "LANGUAGE",
    "LOCALE_DIR",
    "DOMAIN",
    "language",
    "set_language",
    "use_language",
    "parse_language",
    "catalogue",
    "po_file",
    "placeholders",
    "_",
    "N_",
    "ngettext",
    "country_name_in",
    "list_text",
    "full_stop",
    "source_language_name",
    "quote_language",
    "original_language_note",
]

#: Languages people can choose, with the name each has in itself.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
DEFAULT_LANGUAGE = "en"
#: The language of the current call (a session run, one deck build).
LANGUAGE: ContextVar[str] = ContextVar("ctgraph_language", default=DEFAULT_LANGUAGE)
#: Where the catalogues are: ``<lang>/LC_MESSAGES/ctgraph.po``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "ctgraph"

_ALIASES = {
    "en": "en",
    "english": "en",
    "en-gb": "en",
    "en_gb": "en",
    "en-us": "en",
    "en_us": "en",
    "zh": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "zh-hans": "zh",
    "zh_hans": "zh",
    "chinese": "zh",
    "中文": "zh",
    "简体中文": "zh",
}


def parse_language(text: str) -> str:
    """The language code for what a person typed (``zh``, ``zh-CN``, ``中文``, ``en``).

    Raises :class:`ValueError` naming the choices for anything else.

    Examples
    --------
    >>> parse_language("zh-CN"), parse_language("EN"), parse_language("中文")
    ('zh', 'en', 'zh')
    """
    code = _ALIASES.get(str(text).strip().casefold())
    if code is None:
        raise ValueError(f"unknown language {text!r}; choose one of: {', '.join(LANGUAGES)}")
    return code


def language() -> str:
    """The language of the current context (default English)."""
    return LANGUAGE.get()


def set_language(lang: str) -> None:
    """Choose the language for the rest of the current context (a dashboard run)."""
    LANGUAGE.set(parse_language(lang))


@contextmanager
def use_language(lang: str) -> Iterator[str]:
    """Read in ``lang`` inside the ``with`` block (one deck build, one test)."""
    token = LANGUAGE.set(parse_language(lang))
    try:
        yield token.var.get()
    finally:
        LANGUAGE.reset(token)


def po_file(lang: str) -> Path:
    """The catalogue file of ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English: the messages themselves).

    The ``.po`` is read with Babel and compiled in memory on first use.
    """
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file(lang).open("rb") as f:
        cat = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, cat, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def placeholders(message: str) -> set[str]:
    """The named placeholders of a message (``{n}``, ``{day}``).

    Examples
    --------
    >>> sorted(placeholders("{n} gaps as of {day}; {{literal}}"))
    ['day', 'n']
    """
    return {part[1] for part in string.Formatter().parse(message) if part[1]}


def _format(text: str, params: dict[str, object]) -> str:
    return text.format(**params) if params else text


def _(message: str, /, **params: object) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled from ``params``.

    A message without ``params`` is returned as translated (braces untouched).
    """
    lang = LANGUAGE.get()
    text = message if lang == DEFAULT_LANGUAGE or not message else catalogue(lang).gettext(message)
    return _format(text, params)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (module-level
    words translated where they are shown, with :func:`_`)."""
    return message


def ngettext(singular: str, plural: str, count: int, /, **params: object) -> str:
    """The singular or plural message for ``count`` in the current language, filled from ``params``."""
    lang = LANGUAGE.get()
    if lang == DEFAULT_LANGUAGE:
        text = singular if count == 1 else plural
    else:
        text = catalogue(lang).ngettext(singular, plural, count)
    return _format(text, params)


#: Punctuation between list items and clauses, and at a sentence's end, per language.
_PUNCTUATION: dict[str, dict[str, str]] = {
    "en": {"list": ", ", "clauses": "; ", "stop": "."},
    "zh": {"list": "、", "clauses": "；", "stop": "。"},
}


def list_text(items: Iterable[str], sep: Literal["list", "clauses"] = "list") -> str:
    """Items as one list in the current language (``a, b`` / ``a、b``; clauses: ``a; b`` / ``a；b``).

    Examples
    --------
    >>> list_text(["China", "Thailand"])
    'China, Thailand'
    >>> with use_language("zh"):
    ...     list_text(["中国", "泰国"]), list_text(["a", "b"], "clauses")
    ('中国、泰国', 'a；b')
    """
    return _PUNCTUATION.get(LANGUAGE.get(), _PUNCTUATION["en"])[sep].join(items)


def full_stop(text: str) -> str:
    """``text`` ended as a sentence in the current language (``.`` / ``。``)."""
    return text + _PUNCTUATION.get(LANGUAGE.get(), _PUNCTUATION["en"])["stop"]


@cache
def _iso_translations(lang: str) -> gettext.NullTranslations:
    locale = {"zh": "zh_CN"}.get(lang, lang)
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:  # pragma: no cover - a pycountry without this locale
        return gettext.NullTranslations()


@cache
def _country_names(lang: str) -> dict[str, str]:
    tr = _iso_translations(lang)
    out: dict[str, str] = {}
    for c in pycountry.countries:
        short = getattr(c, "common_name", None) or c.name
        translated = tr.gettext(short)
        out[c.alpha_3] = translated if translated != short else tr.gettext(c.name)
    return out


def country_name_in(code: str, lang: str | None = None) -> str | None:
    """The short name of ISO code ``code`` in ``lang`` (default: the current
    language) from pycountry's translations; ``None`` for English or an unknown code.

    Examples
    --------
    >>> country_name_in("CHN", "zh"), country_name_in("VNM", "zh"), country_name_in("TWN", "zh")
    ('中国', '越南', '台湾')
    >>> country_name_in("CHN", "en") is None, country_name_in("XYZ", "zh") is None
    (True, True)
    """
    lang = lang or LANGUAGE.get()
    if lang == DEFAULT_LANGUAGE:
        return None
    return _country_names(lang).get(code)


#: The Babel locale each interface language names other languages in.
_READER_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


@cache
def _language_name(code: str, reader: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_language_name(Locale.parse(_READER_LOCALES.get(reader, reader)))
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    return name or None


def source_language_name(code: str) -> str:
    """The name, in the current language, of a source's language (``zh`` -> "Chinese" / "中文"),
    from Babel's locale data (CLDR), so every language a source may be written in has a name;
    the code itself when Babel knows none.

    Examples
    --------
    >>> source_language_name("zh"), source_language_name("fr"), source_language_name("xx")
    ('Chinese', 'French', 'xx')
    >>> with use_language("zh"):
    ...     source_language_name("en"), source_language_name("zh-Hans")
    ('英语', '中文')
    """
    return _language_name(code.split("-")[0].split("_")[0].casefold(), LANGUAGE.get()) or code


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


def quote_language(quote: str, source_language: str | None) -> str | None:
    """The language a quote is written in: its source's (``Source.language``), except that a
    quote written in Chinese characters is Chinese whatever its source is (the seminar report is
    English with a Chinese title line). ``None`` when the source names no language.

    Examples
    --------
    >>> quote_language("Victims are sent to France", "en"), quote_language("支持中欧人员往来", "en")
    ('en', 'zh')
    >>> quote_language("data row", None) is None
    True
    """
    letters = _LETTER.findall(quote)
    if letters and 2 * len(_HAN.findall(quote)) > len(letters):
        return "zh"
    return source_language


def original_language_note(quote: str, source_language: str | None) -> str | None:
    """What is said beside a quote whose language differs from the reader's:
    "Original: French" / "原文：英语"; ``None`` when the reader reads the quote's
    language or its source names none (quotes are never translated: the note says why
    the reader meets another language).

    Examples
    --------
    >>> original_language_note("Les deux ministres", "fr"), original_language_note("text", "en")
    ('Original: French', None)
    >>> with use_language("zh"):
    ...     original_language_note("Women are sent to France", "en"), original_language_note("公安部", "zh")
    ('原文：英语', None)
    """
    code = quote_language(quote, source_language)
    if not code or code.split("-")[0].split("_")[0].casefold() == LANGUAGE.get():
        return None
    return _("Original: {language}", language=source_language_name(code))
