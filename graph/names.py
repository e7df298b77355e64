"""The one name layer: what a name stands for, for the readers and for people.

Two callers, one table:

- **Readers** (GLOTIP, CTDC, UNTC, TIP tiers, drafting) meet names as data sets
  write them ("Romanian", "R.Dominicana", "Côte d’Ivoire", "TÃ¼rkiye",
  "T\ufffdrkiye", "NA", "Nationals", "Unknown"); :func:`resolve_name` makes each
  a :class:`NameMatch`: an ISO 3166-1 alpha-3 code, or one of a few recognised
  non-country kinds that stay out of country flows but are counted.
- **People** (the CLI, the Python API, the dashboard's pickers) type a code or a
  name ("UK", "Russia", "Ivory Coast", "中国", "Viet Nam"); :func:`country_code_of`
  gives the code or raises :class:`~graph.errors.UnknownEntity` naming close
  names, and :class:`~graph.errors.AmbiguousName` when the name fits two
  countries ("Congo", "Korea"): it asks, never guesses.

Where names come from, in order:

1. ISO codes: an upper-case two- or three-letter string is an alpha-2/alpha-3
   code (so Namibia's ``NA`` is Namibia, never "missing"); people may type
   codes in any case.
2. The curated alias table ``graph/country_aliases.csv`` (demonyms, English
   short names, Spanish, French and Italian names, UN-style names,
   abbreviations, known mis-encoded spellings and the non-country words). Each
   row is ``name,kind,iso3,note``.
3. Names from pycountry (ISO 3166-1 name, official name, common name), the
   maintained ISO tables the rest of ctgraph uses (:mod:`graph.countries`).
4. Repair of mis-encoded text: UTF-8 read as Latin-1/cp1252 ("TÃ¼rkiye") is
   decoded back; a replacement character (U+FFFD, the byte was lost) matches
   any one character, and is accepted only when exactly one country fits.
5. For people only: the names pycountry's translations give in Chinese,
   French and Spanish ("中国", "Viêt Nam", "Reino Unido"), and a name typed with
   dots between letters ("U.K.").

Data sets use UN names, in which "Congo" is the Republic of the Congo (COG);
a person typing "Congo" may mean either, so :data:`AMBIGUOUS` is consulted
only for people.

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
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import pycountry

from ctgraph.graph.countries import country_name, is_iso3
from ctgraph.graph.errors import AmbiguousName, Problem, SourceValidationError, UnknownEntity

if TYPE_CHECKING:  # pragma: no cover
    from ctgraph.graph.store import GraphStore

__all__ = [
    "ALIASES_FILE",
    "AMBIGUOUS",
    "KINDS",
    "Kind",
    "LANGUAGES",
    "NameMatch",
    "alias_table",
    "close_countries",
    "close_matches",
    "country_code",
    "country_code_of",
    "country_codes_of",
    "fold",
    "repair_mojibake",
    "resolve",
    "resolve_country",
    "resolve_name",
]

#: The curated alias table (UTF-8 CSV, one alias a row, sorted by name).
ALIASES_FILE = Path(__file__).resolve().parent / "country_aliases.csv"

#: Languages (gettext locales of pycountry's ISO 3166-1 translations) whose
#: country names people may type.
LANGUAGES: tuple[str, ...] = ("zh_CN", "fr", "es")

#: Names that fit more than one country when a person types them (folded key ->
#: the candidates). Data sets' UN names are not ambiguous ("Congo" is COG there).
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "congo": ("COG", "COD"),
    "刚果": ("COG", "COD"),
    "korea": ("KOR", "PRK"),
    "coree": ("KOR", "PRK"),
    "corea": ("KOR", "PRK"),
    "virgin islands": ("VGB", "VIR"),
}

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
_WORDLESS = re.compile(r"[\W_]+")
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152-\u0178\u0192\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]"
)
_CODE = re.compile(r"^[A-Z]{2,3}$")
_FIELD_CODE = re.compile(r"^Q\d+(\.\d+)*_\w+$")


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold(text: str) -> str:
    """The matching key of a name: no accents, case folded, punctuation collapsed.

    A replacement character (U+FFFD) is kept: it stands for one lost character.

    Examples
    --------
    >>> fold("Côte d’Ivoire"), fold("  R.Dominicana "), fold("BELICEÑA")
    ('cote d ivoire', 'r dominicana', 'belicena')
    """
    return _PUNCT.sub(" ", _bare(text)).strip()


def _any_script_key(text: str) -> str:
    """:func:`fold` for names in any script (letters of other alphabets are kept).

    Examples
    --------
    >>> _any_script_key("中国"), _any_script_key("Viêt Nam")
    ('中国', 'viet nam')
    """
    return _WORDLESS.sub(" ", _bare(text)).strip()


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
            raise SourceValidationError([Problem(str(path), 1, "header must be name,kind,iso3,note")])
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
    """ISO alpha-3 code a name or code in a data set stands for (nationals: ``home``), else ``None``.

    Examples
    --------
    >>> country_code("Brasil"), country_code("Marruecos"), country_code("Inconnue")
    ('BRA', 'MAR', None)
    """
    m = resolve_name(text, home)
    return m.iso3 if m is not None else None


# --------------------------------------------------------------------------- what people type


@lru_cache(maxsize=1)
def _translated_names() -> dict[str, frozenset[str]]:
    """Country names in :data:`LANGUAGES` (any-script key -> the codes they name)."""
    out: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:  # pragma: no cover - a pycountry without this locale
            continue
        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if not value:
                    continue
                translated = tr.gettext(value)
                if translated and translated != value:
                    out.setdefault(_any_script_key(translated), set()).add(c.alpha_3)
    return {k: frozenset(v) for k, v in out.items() if k}


@lru_cache(maxsize=4096)
def country_codes_of(text: str) -> tuple[str, ...]:  # noqa: C901
    """The countries a name typed by a person can mean: none, one, or (for an
    ambiguous name) several, in the order :data:`AMBIGUOUS` gives.

    Examples
    --------
    >>> country_codes_of("UK"), country_codes_of("chn"), country_codes_of("中国"), country_codes_of("U.K.")
    (('GBR',), ('CHN',), ('CHN',), ('GBR',))
    >>> country_codes_of("Congo"), country_codes_of("Atlantis"), country_codes_of("Nationals")
    (('COG', 'COD'), (), ())
    """
    raw = " ".join(text.split())
    if not raw:
        return ()
    key, wide = fold(raw), _any_script_key(raw)
    for k in (key, wide):
        if k in AMBIGUOUS:
            return AMBIGUOUS[k]
    if raw.isascii() and raw.isalpha() and len(raw) in (2, 3):
        code = _by_code(raw.upper())
        if code:
            return (code,)
    m = resolve_name(raw)
    if m is not None:
        return (m.iso3,) if m.kind == "country" and m.iso3 else ()
    found = _translated_names().get(wide)
    if found:
        return tuple(sorted(found))
    compact = key.replace(" ", "")
    if compact != key and len(compact) <= 4:  # "U.K.", "U.S.A."
        if len(compact) in (2, 3) and (code := _by_code(compact.upper())):
            return (code,)
        alias = _by_key(compact)
        if alias and alias[0].kind == "country" and alias[0].iso3:
            return (alias[0].iso3,)
    return ()


def _label(code: str) -> str:
    return f"{country_name(code)} ({code})"


@lru_cache(maxsize=2)
def _suggestion_pool(short: bool = False) -> dict[str, str]:
    """Every name a suggestion may come from (key -> code): ISO names, aliases, translations;
    abbreviations ("uk", "drc") only for a ``short`` query."""
    pool: dict[str, str] = {}
    for code, name in ((c.alpha_3, c) for c in pycountry.countries):
        for attr in ("name", "official_name", "common_name"):
            value = getattr(name, attr, None)
            if value:
                pool.setdefault(fold(value), code)
    for key, alias in alias_table().items():
        if alias.kind == "country" and alias.iso3:
            pool.setdefault(key, alias.iso3)
    for key, codes in _translated_names().items():
        if len(codes) == 1:
            pool.setdefault(key, next(iter(codes)))
    # a long query is compared with names, not abbreviations: "atf" is no closer to "Atlantis" than "Albania" is
    return {k: v for k, v in pool.items() if short or len(k) > 3}


def close_countries(text: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` countries whose names are closest to ``text``, as 'Name (CODE)'.

    Examples
    --------
    >>> close_countries("Chnia")[0], close_countries("Vietnma")[0]
    ('China (CHN)', 'Vietnam (VNM)')
    """
    from rapidfuzz import fuzz, process

    query = fold(text) or _any_script_key(text)
    if not query:
        return []
    pool = _suggestion_pool(short=len(query) <= 4)
    found = process.extract(query, list(pool), scorer=fuzz.WRatio, limit=limit * 8)
    codes: list[str] = []
    for key, _score, _ in found:
        if pool[key] not in codes:
            codes.append(pool[key])
    return [_label(c) for c in codes[:limit]]


def _ambiguous(text: str, codes: tuple[str, ...]) -> AmbiguousName:
    either = " or ".join(_label(c) for c in codes)
    return AmbiguousName(
        f"{text!r} may mean {either}; give the code or the full name",
        candidates=codes,
    )


def country_code_of(text: str) -> str:
    """The ISO 3166-1 alpha-3 code of a country a person names, by code or by name.

    Raises :class:`~graph.errors.AmbiguousName` when the name fits several
    countries, and :class:`~graph.errors.UnknownEntity` naming close names
    when it fits none.

    Examples
    --------
    >>> [country_code_of(n) for n in ("UK", "Russia", "Türkiye", "Ivory Coast", "越南", "Laos")]
    ['GBR', 'RUS', 'TUR', 'CIV', 'VNM', 'LAO']
    >>> country_code_of("Congo")
    Traceback (most recent call last):
    ...
    ctgraph.graph.errors.AmbiguousName: 'Congo' may mean Congo (COG) or Congo, The Democratic Republic of the (COD); give the code or the full name
    """
    t = text.strip()
    codes = country_codes_of(t)
    if len(codes) == 1:
        return codes[0]
    if codes:
        raise _ambiguous(t, codes)
    close = close_countries(t)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownEntity(f"unknown country {t!r}{hint}")


# --------------------------------------------------------------------------- names in a store


def close_matches(store: GraphStore, text: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` countries, regions or places closest to ``text``, as 'Name (ID)'."""
    from rapidfuzz import fuzz, process

    table: dict[str, str] = {}
    display: dict[str, str] = {}
    for label in ("Region", "Place"):
        for n in store.nodes(label):
            name = str(n.get("name", n["id"]))
            table[name.casefold()] = n["id"]
            display.setdefault(n["id"], name)
    query = text.casefold()
    scored: list[tuple[float, str]] = []
    for key, _score, _ in process.extract(query, list(table), scorer=fuzz.WRatio, limit=limit * 4):
        scored.append((_score, f"{display[table[key]]} ({table[key]})"))
    countries = close_countries(text, limit)
    pool = _suggestion_pool()
    for label in countries:
        code = label.rsplit("(", 1)[1].rstrip(")")
        best = max((fuzz.WRatio(fold(text), k) for k, c in pool.items() if c == code), default=0.0)
        scored.append((best, label))
    out: list[str] = []
    for _score, label in sorted(scored, key=lambda s: -s[0]):
        if label not in out:
            out.append(label)
    return out[:limit]


def resolve(store: GraphStore, text: str) -> str:
    """Id of a country (code or name), region or place (id or name).

    A name that fits a region or place of the graph exactly is that node even
    when it could also mean several countries (the seed's "Congo" region keeps
    the report's own ambiguity); otherwise an ambiguous country name raises
    :class:`~graph.errors.AmbiguousName`.
    """
    t = text.strip()
    codes = country_codes_of(t)
    if len(codes) == 1:
        return codes[0]
    for label in ("Region", "Place", "Country"):
        for n in store.nodes(label):
            if t.casefold() in (n["id"].casefold(), str(n.get("name", "")).casefold()):
                return str(n["id"])
    for prefix, label in (("region:", "Region"), ("place:", "Place")):
        for n in store.nodes(label):
            if n["id"] == prefix + t.casefold():
                return str(n["id"])
    if codes:
        raise _ambiguous(t, codes)
    close = close_matches(store, t)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownEntity(f"unknown country, region or place {t!r}{hint}")


def resolve_country(store: GraphStore | None, text: str) -> str:
    """ISO 3166-1 alpha-3 code of a country given by code or name (``store`` is not needed)."""
    return country_code_of(text)
