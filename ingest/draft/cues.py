"""Cue patterns: the words that tell a trafficking statement, its roles and forms.

Each cue is a compiled regular expression or a small word set, named for what it
finds, with examples from real report sentences (the Sanya seminar summary and
the CIA World Factbook profiles) as doctests. :mod:`ingest.draft.extract`
combines them with the gazetteer's mentions.

Segmentation is here too: :func:`sentences` (full stops, not after titles or
abbreviations) and :func:`clauses` (semicolons, which the Factbook uses between
statements). Both return ``(start, end)`` offsets into the paragraph, so every
quote is a verbatim slice.
"""

from __future__ import annotations

import re

__all__ = [
    "TRAFFICKING",
    "HEDGE",
    "EXPLOITATION",
    "VICTIM_HEADS",
    "PERPETRATOR_HEADS",
    "PLACE_HEADS",
    "RECRUITER_HEADS",
    "ORIGIN_BEFORE",
    "DESTINATION_BEFORE",
    "TRANSIT_BEFORE",
    "LIST_JOIN",
    "FALSE_PROMISE",
    "TOURISTS",
    "ANAPHORA_PLACES",
    "ANAPHORA_PEOPLE",
    "AGREEMENT",
    "NEGOTIATING",
    "PROPOSED",
    "SIGNED",
    "NEGATED",
    "MONTHS",
    "sentences",
    "clauses",
    "is_trafficking",
    "hedge_of",
    "exploitation_of",
    "date_of",
    "period_of",
]

#: A statement about trafficking or exploitation (victims, forced work, risk).
TRAFFICKING = re.compile(
    r"\b(?:traffick\w*|exploit\w*|forc(?:e|ed|es|ing)\b|forcibl\w*|coerc\w*|servitude|bondage|"
    r"slave\w*|slavery|commercial sex|prostitut\w*|beg(?:ging)?\b|THB|victim\w*|"
    r"at (?:high |higher |increased |particular |greater )?risk|vulnerab\w*|abus\w*|sold\b|lure[ds]?\b|"
    r"deceiv\w*|kidnap\w*|abduct\w*|sex tourism|debt|indentured|rescu\w*|subjected|subject to|"
    r"recruit\w*)",
    re.IGNORECASE,
)

#: Hedging: the source does not assert it as fact.
HEDGE = re.compile(
    r"\b(?:may(?: have)?|might|could|[Rr]eportedly|[Aa]llegedly|alleged|likely|possibly|possible|potential(?:ly)?|"
    r"suspected|at (?:high |higher |increased |particular |greater )?risk|vulnerable|[Ii]t seems|seems|"
    r"appear(?:s|ed)? to|indicators? of|[Pp]revious reports indicate|[Ll]imited reports|unconfirmed)\b"
)  # case-sensitive: "May 2016" is a month, not a hedge

#: Forms of exploitation, in the seed's vocabulary.
EXPLOITATION: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sexual_exploitation", re.compile(
        r"\b(?:sex(?:ual)? (?:trafficking|exploitation|slave\w*|abuse)|commercial sex|prostitut\w*|"
        r"brothels?|sex tourism|child sex|sex trade|sexual entertainment|sex\b)", re.IGNORECASE)),
    ("forced_labour", re.compile(
        r"\b(?:forced (?:labou?r|work|domestic|to work|into labou?r|manual)|labou?r trafficking|"
        r"labou?r exploitation|domestic servitude|domestic service|involuntary servitude|debt bondage|"
        r"bonded labou?r|debt-based coercion|forced (?:to )?work|compelled|indentured|forced criminal\w*|"
        r"forced labor|forced labour|servitude)", re.IGNORECASE)),
    ("begging", re.compile(r"\b(?:begging|to beg|beg in)\b", re.IGNORECASE)),
    ("forced_marriage", re.compile(
        r"\b(?:forced (?:and fraudulent )?marriages?|for the purposes? of marriage|marriage migration|"
        r"sold into marriage|brides?|marry|concubin\w*|early marriage|child marriage)", re.IGNORECASE)),
)

#: Nouns that make a nationality the victims' ("Cuban medical workers", "Chinese women").
VICTIM_HEADS = frozenset("""
women woman men man girls girl boys boy children child adults adult people persons person individuals
nationals national citizens citizen workers worker laborers labourers labourer laborer migrants migrant
victims victim refugees refugee asylum-seekers seekers fishermen fisherman fishers professionals students
orphans youth youths minors families teenagers adolescents brides wives nurses cases case prostitution thb
entrants population populations domestics maids sailors crew crews seafarers job-seekers jobseekers
""".split())

#: Nouns that make a nationality the perpetrators' or an institution's ("Cuban Government", "Spanish Police").
PERPETRATOR_HEADS = frozenset("""
traffickers trafficker recruiters recruiter agents agent agencies agency brokers broker government governments
officials official authorities authority police military forces force militias militia army regime embassy
delegation counterparts counterpart experts expert officers officer investigators partners ministry premier
prime president state courts court diplomatic service services business businesses owners owner employers
employer companies company firms firm syndicates syndicate gangs gang groups group networks network rings ring
criminals criminal organizations organisations organization organisation tourists tourist clients buyers
smugglers smuggler operators crime mafia cartels cartel communities community context dialects dialect
descent border conflict heritage market law laws authorities' officials' men-of-war
""".split())

#: Nouns after a nationality that make it a place ("on South African farms").
PLACE_HEADS = frozenset("""
farms farm mines mine industries industry construction factories factory plantations plantation households
homes home brothels tourism cities city territory territories sector sectors markets market towns capital
provinces province regions region areas area fields soil
""".split())

#: Perpetrators whose location is where victims are recruited ("employment agents in Benin").
RECRUITER_HEADS = frozenset("recruiters recruiter agents agent agencies brokers broker".split())

#: Words just before a place that make it the origin ("victims from Benin").
ORIGIN_BEFORE = re.compile(
    r"(?:\b(?:from|originat\w* (?:from|in)|recruited (?:from|in)|citizens of|nationals of|natives of|"
    r"origin countries from|countries of origin(?: such as)?|source countries(?: such as)?)\s+"
    r"(?:(?:the|some|other|neighbo(?:u)?ring|nearby|rural|remote|northern|southern|eastern|western|central)\s+)*)$",
    re.IGNORECASE,
)

#: Words just before a place that make it where victims are (or are taken).
DESTINATION_BEFORE = re.compile(
    r"(?:\b(?:in|into|to|within|throughout|inside|at|on|across|through|via|towards?|reaching|"
    r"en route to|destined for|bound for|abroad in|including in|mainly in|primarily in|especially in|"
    r"particularly in|predominantly in|mostly in|elsewhere in|across the)\s+"
    r"(?:(?:the|some|other|neighbo(?:u)?ring|nearby|northern|southern|eastern|western|central|"
    r"cities in|urban centers in|parts of|rural)\s+)*)$",
    re.IGNORECASE,
)

#: Words just before a place that make it a transit country, not a destination.
TRANSIT_BEFORE = re.compile(
    r"(?:\b(?:transit(?:s|ing|ed)?|traversing|crossing|use|uses|used)\s+(?:through\s+)?(?:the\s+)?)$",
    re.IGNORECASE,
)

#: What joins the members of one list of places ("Benin, the DRC, and Gabon").
LIST_JOIN = re.compile(
    r"^(?:\s*,\s*|\s+)?(?:(?:and|or|as well as|plus|and to a lesser extent|including|particularly|especially|"
    r"such as|primarily|mainly|mostly|notably|predominantly|in particular|and in|and the|and other|parts of)\s+)*"
    r"(?:the\s+)?$|^\s*[—–-]\s*(?:including\s+|particularly\s+|especially\s+|primarily\s+)?(?:the\s+)?$|"
    r"^\s*\(\s*(?:primarily|mainly|particularly|especially|including)?\s*$|^\s*\)\s*,?\s*(?:and\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

#: A promised, not a real, destination ("false promises of jobs in Australia").
FALSE_PROMISE = re.compile(
    r"\b(?:promises?|offers?|pretenses|pretences|guise) of (?:\w+ ){0,3}(?:in|to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

#: Sex tourists and their origins are perpetrators, never victims.
TOURISTS = re.compile(r"\btourists?\b", re.IGNORECASE)

#: "trafficked to these countries": the places listed before.
ANAPHORA_PLACES = re.compile(r"\b(?:to|in|into)\s+(?:these|those|such)\s+countries\b", re.IGNORECASE)

#: A clause that continues the people of the one before ("some of these migrants are exploited").
ANAPHORA_PEOPLE = re.compile(
    r"^\s*(?:(?:some|many|most|all)\s+of\s+)?(?:these|those|them|they)\b", re.IGNORECASE
)

#: Agreements and their status.
AGREEMENT = re.compile(
    r"\b(?:(?:bilateral|multilateral|regional|cooperation|readmission|labou?r)\s+)?(?:agreements?|"
    r"memorand(?:um|a) of understanding|MOUs?|MoUs?|treaty|treaties|conventions?|protocols?|accords?)\b",
    re.IGNORECASE,
)
NEGOTIATING = re.compile(
    r"\b(?:negotiat\w*|discussions?|talks|under discussion|finalis\w*|finaliz\w*|draft(?:ing)?)\b", re.IGNORECASE
)
PROPOSED = re.compile(r"\b(?:propos\w*|plan(?:s|ned)? to sign|intends? to sign|called for)\b", re.IGNORECASE)
SIGNED = re.compile(
    r"\b(?:signed|concluded|ratified|entered into|acceded|adopted|has an? (?:bilateral )?agreement|"
    r"have (?:bilateral )?agreements|in force)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(
    r"\b(?:no|not|never|doesn't|does not|don't|do not|without|lack\w*)\b[^.;]{0,40}\b(?:agreements?|MOUs?)\b",
    re.IGNORECASE,
)

MONTHS: dict[str, int] = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?(?:({_MONTH})\s+)?((?:19|20)\d\d)\b")
_PERIOD = re.compile(
    rf"\b(?:between|from)\s+(?:({_MONTH})\s+)?((?:19|20)\d\d)\s+(?:and|to|until)\s+(?:({_MONTH})\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Vol|Fig|Art|e\.g|i\.e|etc|approx|incl|vs|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N)|\b[A-Z])\.$"
)
_SENT_END = re.compile(r"[.!?][\"”’)\]]*(?=\s+[\"“(\[]?[A-Z0-9])|[.!?][\"”’)\]]*\s*$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (not split after titles or abbreviations).

    Examples
    --------
    >>> t = "Mr Orchard is based in Beijing. He welcomed calls. Ms K. Andersen spoke."
    >>> [t[a:b] for a, b in sentences(t)]
    ['Mr Orchard is based in Beijing.', 'He welcomed calls.', 'Ms K. Andersen spoke.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        piece = text[start : m.start() + 1]
        if _ABBREV.search(piece):
            continue
        spans.append((start, end))
        start = end
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split at semicolons (outside parentheses).

    Examples
    --------
    >>> t = "Algerians are exploited abroad; Cuban workers (some; few) may be forced (2023)"
    >>> [t[a:b] for a, b in clauses(t, 0, len(t))]
    ['Algerians are exploited abroad', 'Cuban workers (some; few) may be forced (2023)']
    """
    out: list[tuple[int, int]] = []
    depth = 0
    a = start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append(_strip(text, a, i))
            a = i + 1
    out.append(_strip(text, a, end))
    spans = [(x, y) for x, y in out if y > x]
    return [piece for x, y in spans for piece in _coordinated(text, x, y)]


_COORDINATION = re.compile(
    r",\s+(?:and|while|but|whereas)\s+(?=(?:[A-Z]|(?:the|some|most|many|other|foreign|local)\s))"
)


_VERBISH = re.compile(r"\b(?:are|is|were|was|be|been|may|might|can|could|have|has|had|\w+ed|\w+ing)\b")


def _coordinated(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split ", and North Korean ... nationals" off a clause: coordinated statements
    with their own subject (a capitalised word or a determiner after the conjunction)."""
    out: list[tuple[int, int]] = []
    start = a
    depth = 0
    for m in _COORDINATION.finditer(text, a, b):
        depth = text.count("(", start, m.start()) - text.count(")", start, m.start())
        if depth > 0:
            continue
        last_comma = max(text.rfind(",", start, m.start()), start - 1)
        if not _VERBISH.search(text, last_comma + 1, m.start()):
            continue  # "Mali, Niger, and Nigeria": a list, not two statements
        out.append(_strip(text, start, m.start()))
        start = m.end()
    out.append(_strip(text, start, b))
    return [(x, y) for x, y in out if y > x]


def is_trafficking(text: str) -> bool:
    """Does a clause speak of trafficking, exploitation or the risk of it?

    Examples
    --------
    >>> is_trafficking("Eritreans are subject to forced labor and sex trafficking mainly in Ethiopia")
    True
    >>> is_trafficking("The seminar was attended by 20 Chinese officials from MPS")
    False
    """
    return TRAFFICKING.search(text) is not None


def hedge_of(text: str) -> str | None:
    """The hedging words of a clause, if any.

    Examples
    --------
    >>> hedge_of("Cuban medical workers in Algeria may have been forced to work by the Cuban Government")
    'may have'
    >>> hedge_of("Eritreans are subject to forced labor") is None
    True
    """
    m = HEDGE.search(text)
    return m.group(0) if m else None


def exploitation_of(text: str) -> list[str]:
    """Forms of exploitation a clause names (``["unspecified"]`` when none).

    Examples
    --------
    >>> exploitation_of("Mozambican adults and girls are exploited in forced labor and sex trafficking abroad")
    ['sexual_exploitation', 'forced_labour']
    >>> exploitation_of("deceived into coming to China for the purposes of marriage with Chinese nationals")
    ['forced_marriage']
    >>> exploitation_of("trafficked Chinese women are sent mainly to European and African countries")
    ['unspecified']
    """
    found = [name for name, pattern in EXPLOITATION if pattern.search(text)]
    return found or ["unspecified"]


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.rstrip(".").lower())


def date_of(text: str) -> str | None:
    """The first date of a clause as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Examples
    --------
    >>> date_of("In 2014, China signed a Memorandum of Understanding"), date_of("signed on 2 Nov 2018")
    ('2014', '2018-11-02')
    """
    m = _DATE.search(text)
    if not m:
        return None
    day, month, year = m.group(1), _month(m.group(2)), m.group(3)
    if month and day:
        return f"{year}-{month:02d}-{int(day):02d}"
    if month:
        return f"{year}-{month:02d}"
    return year


def period_of(text: str) -> tuple[str, str] | None:
    """A period "between Nov 2009 and 2016" as (start, end) partial dates.

    Examples
    --------
    >>> period_of("Between Nov 2009 and 2016, China had signed bilateral agreements")
    ('2009-11', '2016')
    """
    m = _PERIOD.search(text)
    if not m:
        return None
    m1, y1, m2, y2 = _month(m.group(1)), m.group(2), _month(m.group(3)), m.group(4)
    a = f"{y1}-{m1:02d}" if m1 else y1
    b = f"{y2}-{m2:02d}" if m2 else y2
    return a, b
