"""The one country-name normalisation layer every data-set reader goes through.

A name as a data set writes it ("Romanian", "R.Dominicana", "Côte d’Ivoire",
"TÃ¼rkiye", "T\ufffdrkiye", "NA", "Nationals", "Unknown") becomes a
:class:`NameMatch`: either an ISO 3166-1 alpha-3 code, or one of a few
recognised non-country kinds that stay out of country flows but are counted.

Where names come from, in order:

1. ISO codes: an upper-case two- or three-letter string is an alpha-2/alpha-3
   code (so Namibia's ``NA`` is Namibia, never "missing").
2. The curated alias table ``ingest/country_aliases.csv`` (demonyms, Spanish,
   French and Italian names, UN-style names, abbreviations, known mis-encoded
   spellings and the non-country words). Each row is ``name,kind,iso3,note``.
3. Names from pycountry (ISO 3166-1 name, official name, common name), the
   maintained ISO tables the rest of ctgraph uses (:mod:`graph.countries`).
4. Repair of mis-encoded text: UTF-8 read as Latin-1/cp1252 ("TÃ¼rkiye") is
   decoded back; a replacement character (U+FFFD, the byte was lost) matches
   any one character, and is accepted only when exactly one country fits.

Matching is on a folded key: accents dropped, case folded, punctuation and
runs of spaces collapsed ("Côte d’Ivoire" and "COTE D'IVOIRE" are the same).

pycountry rather than country_converter: pycountry is already the project's
ISO source, has no pandas dependency and does exact look-ups only; the
regular-expression guessing of country_converter would hide the curation
this layer wants to make visible (every non-ISO spelling is a reviewed row of
the alias table, diff-friendly, with a note).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import pycountry

from ctgraph.graph.countries import is_iso3
from ctgraph.graph.errors import Problem, SourceValidationError

__all__ = [
    "ALIASES_FILE",
    "Kind",
    "NameMatch",
    "fold",
    "repair_mojibake",
    "resolve_name",
    "country_code",
    "alias_table",
]

#: The curated alias table (UTF-8 CSV, one alias a row, sorted by name).
ALIASES_FILE = Path(__file__).resolve().parent / "country_aliases.csv"

#: What a name can stand for. Only ``country`` and ``nationals`` become country
#: endpoints; the rest are counted and kept out of country flows.
Kind = Literal[
    "country",  # an ISO 3166-1 country (iso3 set)
    "nationals",  # "the reporting country's own nationals" (iso3 = that country)
    "unknown",  # not known / not stated / missing
    "abroad",  # "abroad", no country named
    "foreigners",  # "foreign nationals", no country named
    "stateless",  # no citizenship
    "region",  # several countries together ("Other Asia", "European Economic Area")
    "former_state",  # a state that no longer exists ("Former Yugoslavia")
    "no_iso_code",  # a territory without an ISO 3166-1 code (Kosovo)
    "total",  # a total row inside a breakdown ("TOTAL")
    "not_a_name",  # a number or a questionnaire field code left in the data ("145", "Q6.1_10s_2019")
]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class NameMatch:
    """What a name stands for: a kind, an ISO alpha-3 code for countries, and how it was found."""

    kind: Kind
    iso3: str | None
    how: str  # "code", "alias", "iso-name", "repaired", "wildcard", "rule"

    @property
    def is_country(self) -> bool:
        return self.iso3 is not None


_PUNCT = re.compile(r"[^0-9a-z\ufffd]+")
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152-\u0178\u0192\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]"
)
_CODE = re.compile(r"^[A-Z]{2,3}$")
_FIELD_CODE = re.compile(r"^Q\d+(\.\d+)*_\w+$")


def fold(text: str) -> str:
    """The matching key of a name: no accents, case folded, punctuation collapsed.

    A replacement character (U+FFFD) is kept: it stands for one lost character.

    Examples
    --------
    >>> fold("Côte d’Ivoire"), fold("  R.Dominicana "), fold("BELICEÑA")
    ('cote d ivoire', 'r dominicana', 'belicena')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _PUNCT.sub(" ", bare.casefold()).strip()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1 or cp1252 ("TÃ¼rkiye").

    Text without the tell-tale sequences is returned unchanged.

    Examples
    --------
    >>> repair_mojibake("TÃ¼rkiye"), repair_mojibake("RUMANÃ\\x8dA"), repair_mojibake("Türkiye")
    ('Türkiye', 'RUMANÍA', 'Türkiye')
    """
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


@dataclass(frozen=True)
class _Alias:
    kind: Kind
    iso3: str | None


def _read_aliases(path: Path) -> dict[str, _Alias]:
    """Folded name -> alias, checked: known kind, valid ISO code, no contradictions."""
    problems: list[Problem] = []
    table: dict[str, _Alias] = {}
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != ["name", "kind", "iso3", "note"]:
            raise SourceValidationError(
                [Problem(str(path), 1, "header must be name,kind,iso3,note")]
            )
        for row in reader:
            line = reader.line_num
            if len(row) != 4:
                problems.append(Problem(str(path), line, f"expected 4 fields, found {len(row)}"))
                continue
            name, kind, iso3, _note = row
            key = fold(name)
            if not key:
                problems.append(Problem(str(path), line, "name: empty"))
                continue
            if kind not in KINDS:
                problems.append(Problem(str(path), line, f"kind: {kind!r} is not one of {', '.join(KINDS)}"))
                continue
            if kind == "country" and not is_iso3(iso3):
                problems.append(Problem(str(path), line, f"iso3: {iso3!r} is not an ISO 3166-1 alpha-3 code"))
                continue
            if kind != "country" and iso3:
                problems.append(Problem(str(path), line, f"iso3: only kind 'country' takes a code (kind is {kind})"))
                continue
            alias = _Alias(kind, iso3 or None)  # type: ignore[arg-type]
            if key in table and table[key] != alias:
                problems.append(
                    Problem(str(path), line, f"name: {name!r} contradicts line {first_line[key]} (same folded name)")
                )
                continue
            table[key] = alias
            first_line.setdefault(key, line)
    if problems:
        raise SourceValidationError(problems)
    return table


@lru_cache(maxsize=4)
def alias_table(path: Path = ALIASES_FILE) -> dict[str, _Alias]:
    """The curated aliases, by folded name (read and checked once)."""
    return _read_aliases(path)


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    """Folded ISO 3166-1 names (name, official and common name) -> alpha-3."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                out.setdefault(fold(value), c.alpha_3)
    return out


@lru_cache(maxsize=1)
def _wildcard_index() -> list[tuple[str, _Alias]]:
    """Every folded name with what it stands for, for matching damaged text."""
    items = [(k, _Alias("country", v)) for k, v in _iso_names().items()]
    items.extend(alias_table().items())
    return items


def _by_code(text: str) -> str | None:
    if len(text) == 2:
        c = pycountry.countries.get(alpha_2=text)
    else:
        c = pycountry.countries.get(alpha_3=text)
    return str(c.alpha_3) if c is not None else None


def _by_key(key: str) -> tuple[_Alias, str] | None:
    alias = alias_table().get(key)
    if alias is not None:
        return alias, "alias"
    iso = _iso_names().get(key)
    if iso is not None:
        return _Alias("country", iso), "iso-name"
    return None


def _by_wildcard(key: str) -> _Alias | None:
    pattern = re.compile("^" + ".".join(re.escape(p) for p in key.split("\ufffd")) + "$")
    found = {alias for k, alias in _wildcard_index() if pattern.match(k)}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=8192)
def _resolve(text: str) -> NameMatch | None:
    raw = " ".join(text.split())
    if not raw:
        return NameMatch("unknown", None, "alias")
    if _CODE.match(raw):
        code = _by_code(raw)
        if code:
            return NameMatch("country", code, "code")
    if not any(ch.isalpha() for ch in raw) or _FIELD_CODE.match(raw):
        return NameMatch("not_a_name", None, "rule")
    found = _by_key(fold(raw))
    if found:
        alias, how = found
        return NameMatch(alias.kind, alias.iso3, how)
    repaired = repair_mojibake(raw)
    if repaired != raw:
        found = _by_key(fold(repaired))
        if found:
            return NameMatch(found[0].kind, found[0].iso3, "repaired")
    key = fold(repaired)
    if "\ufffd" in key:
        guess = _by_wildcard(key)
        if guess:
            return NameMatch(guess.kind, guess.iso3, "wildcard")
    return None


def resolve_name(text: str, home: str | None = None) -> NameMatch | None:
    """What a country name or code in a data set stands for; ``None`` if unknown.

    ``home`` is the reporting country: "Nationals" (and its translations)
    resolve to it. Without ``home`` they resolve to kind ``nationals`` with no
    code. An empty name is kind ``unknown``.

    Examples
    --------
    >>> resolve_name("NA").iso3, resolve_name("Romanian").iso3, resolve_name("R.Dominicana").iso3
    ('NAM', 'ROU', 'DOM')
    >>> resolve_name("TÃ¼rkiye").iso3, resolve_name("T\\ufffdrkiye").iso3
    ('TUR', 'TUR')
    >>> m = resolve_name("Nationals", home="ITA"); (m.kind, m.iso3)
    ('nationals', 'ITA')
    >>> resolve_name("Unknown").kind, resolve_name("Abroad").kind, resolve_name("Atlantis")
    ('unknown', 'abroad', None)
    """
    m = _resolve(text)
    if m is not None and m.kind == "nationals":
        return NameMatch("nationals", home, m.how)
    return m


def country_code(text: str, home: str | None = None) -> str | None:
    """ISO alpha-3 code a name or code stands for (nationals: ``home``), else ``None``.

    Examples
    --------
    >>> country_code("Brasil"), country_code("Marruecos"), country_code("Inconnue")
    ('BRA', 'MAR', None)
    """
    m = resolve_name(text, home)
    return m.iso3 if m is not None else None
