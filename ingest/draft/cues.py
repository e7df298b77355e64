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
    r"\b(?:traffick\w*|traffic (?:the |them\b|her\b|him\b|(?:\w+ )?(?:women|girls|children|people|victims|men)\b)|exploit\w*|forc(?:e|ed|es|ing)\b|forcibl\w*|coerc\w*|servitude|bondage|"
    r"slave\w*|slavery|commercial sex|prostitut\w*|beg(?:ging)?\b|THB|victim\w*|"
    r"at (?:high |higher |increased |particular |greater )?risk|vulnerab\w*|abus\w*|sold\b|lure[ds]?\b|"
    r"deceiv\w*|kidnap\w*|abduct\w*|sex tourism|debt|indentured|rescu\w*|subjected|subject to|"
    r"recruit\w*|smuggl\w*|enslav\w*|slave|duped|tricked|sold (?:them|her|him|as|into|to)|brides?|"
    r"rescued|freed|safeguarded|prisoners?|brothels?)",
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
        r"\b(?:sex(?:ual)? (?:trafficking|exploitation|slave\w*|abuse|services|work|industry)|sexual(?:ly)? exploit\w*|"
        r"commercial sex|prostitut\w*|brothels?|sex tourism|child sex|sex trade|sexual entertainment|flesh trade|"
        r"forced to have sex|escort (?:service|business)|sex workers?|sex\b)", re.IGNORECASE)),
    ("forced_labour", re.compile(
        r"\b(?:forced (?:labou?r|work|domestic|to work|into labou?r|manual)|labou?r trafficking|"
        r"labou?r exploitation|labou?r (?:and|or) sex(?:ual)? exploitation|involuntary servitude|debt bondage|"
        r"slave labou?r|slave-like|semi-slavery|nail (?:shops?|bars?|salons?)|"
        r"bonded labou?r|debt-based coercion|forced (?:to )?work|compelled|indentured|"
        r"forced labor|forced labour|sweatshops?|(?:textile|clothing) (?:workshops?|factor\w+)|"
        r"worked like prisoners|fishing (?:boats?|vessels?|trawlers?|industry)|enslaved|"
        # work unpaid: "making them work without salary", "their salaries had not been paid for ... months"
        r"work(?:s|ed|ing)? without (?:any )?(?:salary|salaries|pay|payment|wages)|"
        r"(?:salary|salaries|wages?) (?:had |have |has )?(?:not been|never been|were not|was not) paid|"
        r"unpaid (?:wages|salar\w+|work|labou?r)|"
        r"(?:on|in) (?:\w+ )?(?:farms?|plantations?|construction(?: sites?)?|brick[- ]kilns?|mines|factories)|"
        r"^\s*(?:agricultur\w*|construction|farming|fishing|mining)\s*$)", re.IGNORECASE)),
    ("domestic_servitude", re.compile(
        r"\b(?:domestic (?:servitude|slavery|labou?r)|(?:involuntary |forced )?domestic (?:service|servants?|work(?:ers?)?|help(?:ers?)?)|maids?|"
        r"household service workers?|housemaids?|"
        r"work(?:s|ed|ing)? (?:for|in) (?:an? |the )?(?:\w+ )?(?:famil(?:y|ies)|households|private homes))\b", re.IGNORECASE)),
    ("forced_criminality", re.compile(
        r"\b(?:cannabis (?:farms?|cultivation|factor\w+)|criminal(?:ly)? (?:exploit\w*|activit\w+)|forced criminality|"
        # "victims of job scams" were deceived into a job, not made to scam
        r"(?:online |romance |financial )?(?<!job )(?<!employment )(?<!recruitment )scam(?:s| centres| centers| compounds|"
        r"ming| compan(?:y|ies)| operations?| syndicates?| hubs?| farms?)|scammers?|"
        r"fraud factories|"
        r"fraudulent online accounts|forced to commit|drug (?:farms?|trafficking|dealing|dealers?|mules?|couriers?)|"
        # "to work by creating fake Zalo, App Walmark, and Facebook accounts to defraud"
        r"defraud\w*|fake (?:[\w,]+ ){0,5}?accounts|"
        r"(?:grow|growing|cultivat\w*) (?:narcotic|drug|cannabis|marijuana|opium|poppy)\w*(?: plants| crops)?)",
        re.IGNORECASE)),
    ("forced_begging", re.compile(r"\b(?:begging|to beg|beg in|beggars)\b", re.IGNORECASE)),
    ("forced_marriage", re.compile(
        r"\b(?:forced (?:and fraudulent )?marriages?|for the purposes? of marriage|marriage migration|"
        r"sold (?:in)?to marriage|sold as (?:brides|wives)|brides?|marry|concubin\w*|early marriage|child marriage|"
        r"(?:sham|fake|fraudulent|arranged|court) marriages?|"
        r"into marriage|(?:North Korean |foreign )?wi(?:fe|ves)\b)", re.IGNORECASE)),
)

#: Nouns that make a nationality the victims' ("Cuban medical workers", "Chinese women").
VICTIM_HEADS = frozenset("""
women woman men man girls girl boys boy children child adults adult people persons person individuals
nationals national citizens citizen workers worker laborers labourers labourer laborer migrants migrant
victims victim refugees refugee asylum-seekers seekers fishermen fisherman fishers professionals students
orphans youth youths minors families teenagers adolescents brides wives nurses cases case prostitution thb student
entrants population populations domestics maids sailors crew crews seafarers job-seekers jobseekers
immigrants immigrant emigrants emigrant females female males youngsters youngster kids kid juveniles teens teen
infants babies toddlers daughters sons ladies hostages captives slaves returnees prostitutes dancers entertainers
nannies housemaids helpers seamen crewmen villagers recruits applicants labor labour teenager
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
provinces province regions region areas area fields soil camps camp boats boat vessels vessel trawlers trawler
waters ports port compounds compound workshops workshop sweatshops brothels massage parlours parlors flats
town village villages hotels hotel restaurants restaurant resorts resort bars bar nightclubs nightclub salons salon
estates estate site sites locations location fleet fleets places
""".split())

#: Perpetrators whose location is where victims are recruited ("employment agents in Benin").
RECRUITER_HEADS = frozenset("recruiters recruiter agents agent agencies brokers broker".split())

#: Words just before a place that make it the origin ("victims from Benin").
ORIGIN_BEFORE = re.compile(
    r"(?:\b(?:from|originat\w* (?:from|in)|recruit\w* (?:\w+ ){0,3}(?:from|in)|citizens of|nationals of|natives of|"
    r"left|fled|leaving|departed|departing|native|born in|hometown in|were of|"
    r"origin countries from|countries of origin(?: such as)?|source countries(?: such as)?|"
    r"(?:feeder|source|sending|origin) countries (?:include[ds]?|are|were|such as|like)|"
    # "were from several African countries including Chad, DR Congo, Eritrea, and Niger"
    r"from (?:[\w-]+ ){0,3}(?:countries|nations|states),? (?:including|such as|like|namely|notably))\s+"
    r"(?:(?:the|some|other|neighbo(?:u)?ring|nearby|rural|remote|poor|northern|southern|eastern|western|central|several|"
    r"various|many|different|across|all\s+over|throughout)\s+)*"
    # "people from remote corners of Vietnam", "girls from rural parts of Nepal": a part of the country is the country
    r"(?:(?:corners?|parts?|areas?|regions?|provinces?|districts?|villages?|communities|towns?)\s+of\s+(?:the\s+)?)?)$",
    re.IGNORECASE,
)

#: Words just before a place that make it where victims are (or are taken).
DESTINATION_BEFORE = re.compile(
    r"(?:\b(?:in|into|to|unto|within|throughout|inside|at|on|across|towards?|reaching|arriv\w+ in|ended up in|end up in|"
    r"included|includ\w+ in|destinations? (?:countries )?(?:are|were|include[ds]?|such as)|sent to|sold to|"
    r"(?:final|ultimate) destination (?:was|is|being)|"
    r"(?:to|in) (?:other |destination )?countries (?:like|such as|including)|"
    r"(?:left|fled|leaving|departed|departing) \S+(?: \S+)? for|onto|(?:fish|work|labou?r)(?:s|ed|ing)? for|"
    r"en route to|destined for|bound for|abroad in|including in|mainly in|primarily in|especially in|"
    r"particularly in|predominantly in|mostly in|elsewhere in|across the)\s+"
    r"(?:(?:the|some|other|neighbo(?:u)?ring|nearby|northern|southern|eastern|western|central|"
    r"cities in|urban centers in|parts of|outskirts of|suburbs of|rural|several|various|many|a|an)\s+)*)$",
    re.IGNORECASE,
)

#: A clause naming where victims end up without saying who ("Destinations included Ireland").
DESTINATIONS = re.compile(r"\bdestinations?\b", re.IGNORECASE)

#: A clause about victims named before ("Victims were most often from Albania, Nigeria ...").
CARRY_DESTINATION = re.compile(
    r"^\s*(?:according to [^,.;]{1,40},\s*)?(?:(?:the |most |many |some )?(?:victims|they)|most|many|of (?:those|them)|"
    r"among them|(?:the )?(?:main |principal |major )?(?:feeder|source|sending|origin) countries|"
    # "More than 60 women aged between 17 and 38 - including 58 Uzbek nationals, ...": the story's victims counted
    r"(?:more than |over |some |about |at least |nearly |almost )?(?:\d[\d,]*|dozens|hundreds) (?:of )?(?:young )?"
    r"(?:women|girls|men|boys|children|people|persons|victims|workers|migrants))\b", re.IGNORECASE)

#: A clause listing where the victims named before come from ("Feeder countries include Albania, ...").
ORIGIN_COUNTRIES = re.compile(
    r"^\s*(?:the )?(?:main |principal |major )?(?:feeder|source|sending|origin) countries\b", re.IGNORECASE)

#: A clause that continues the victims of an earlier one ("Once in Spain, they were forced ...").
CARRY_ORIGIN = re.compile(
    r"^\s*(?:once|then|there|upon|after|on arrival|(?:the|these|those|such) (?:(?:rescued|trafficked|migrant|young|"
    r"foreign) ){0,2}(?:victims|women|girls|children|men|workers|migrants)|they|destinations?)\b|\bdestinations?\b",
    re.IGNORECASE,
)

#: Words just before a place that make it a transit country, not a destination.
TRANSIT_BEFORE = re.compile(
    r"(?:\b(?:transit(?:s|ing|ed)?|traversing|crossing|use|uses|used|via|through|by way of|corridor|transit (?:route|"
    r"point|country) (?:in|through)|stop-over in|stopover in|a stop in|stay in|passing through)\s+(?:through\s+)?(?:the\s+)?)$",
    re.IGNORECASE,
)

#: What joins the members of one list of places ("Benin, the DRC, and Gabon").
LIST_JOIN = re.compile(
    r"^(?:\s+(?:islands|countries|nations|states))?(?:\s*,\s*|\s+)?(?:(?:and|or|as well as|plus|and to a lesser extent|including|particularly|especially|"
    r"such as|primarily|mainly|mostly|notably|predominantly|in particular|and in|and the|and other|parts of)\s+)*"
    r"(?:the\s+)?$|^\s*[—–-]\s*(?:including\s+|particularly\s+|especially\s+|primarily\s+)?(?:the\s+)?$|"
    r"^\s*\(\s*(?:primarily|mainly|particularly|especially|including)?\s*$|^\s*\)\s*,?\s*(?:and\s+)?(?:the\s+)?$|"
    r"^\s*\([a-z][^()]{0,100}\)\s*,?\s*(?:and\s+)?(?:the\s+)?$",  # "Russia (sexual exploitation), Ukraine (agriculture)"
    re.IGNORECASE,
)

#: A promised, not a real, destination ("false promises of jobs in Australia").
FALSE_PROMISE = re.compile(
    r"\b(?:(?:promises?|offers?|pretenses|pretences|pretext|guise) of|promis\w*|offered|ads? for|"
    r"looking for work) (?:[\w'’-]+ ){0,5}(?:in|to|into)\s+(?:the\s+)?$",
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
    r"memorand(?:ums?|a) of (?:understanding|cooperation|agreement)|MOUs?|MoUs?|MOCs?|MoCs?|treaty|treaties|conventions?|"
    r"protocols?|accords?|pacts?|joint (?:ministerial )?declarations?|joint statements?|joint communiqu[eé]s?|"
    r"(?:joint |bilateral )?action plans?|plans? of action|letters? of intent|"
    # a framework the parties agree on, not one an action is "within": "both countries agreed on a framework for
    # cooperation in the fight against smuggling"
    r"(?<=agreed on a )framework|(?<=agreed upon a )framework|"
    # a deal as an instrument ("signs labour export deal with Jordan", "signed five deals with his Thai counterpart"),
    # not the verb ("to deal with", "can deal with") or an amount ("a great deal of")
    r"(?<!\bto )(?<!can )(?<!could )(?<!would )(?<!should )(?<!will )(?<!must )(?<!her )(?<!him )(?<!them )"
    r"(?<!great )(?<!good )(?<!drug )deals?)\b",
    re.IGNORECASE,
)
NEGOTIATING = re.compile(
    r"\b(?:negotiat\w*|under discussion|discuss\w* the terms|discussions? (?:on|about|of|over)|talks (?:on|about|over)|discuss(?:ed)? the (?:drafting|establishment)|the drafting of|"
    r"finalis\w*|finaliz\w*|drafting|set to conclude|(?:in )?the final stages? of|in the pipeline|"
    # "agreed to expedite the signing of overseas labor agreement": the text is still being agreed
    r"(?:expedit|fast[- ]?track|speed(?:ing)? up|sped up|accelerat|hasten)\w* (?:the )?(?:signing|conclusion)|"
    # "discussed the issue of developing a draft implementation protocol between ..."
    r"(?:develop|prepar|work)\w* (?:on )?(?:a|the) draft)\b", re.IGNORECASE
)
PROPOSED = re.compile(
    r"\b(?:propos\w*|plan(?:s|ned|ning)? to sign|intends? to sign|called for|approved (?:the )?signing|"
    r"approv\w* (?:for|of) (?:the )?signing|be signed (?:during|at|on|when|in|by|soon)|"
    r"will (?:be )?sign(?:ed)?|to be signed|is to sign|are to sign|expected to (?:be )?sign(?:ed)?|"
    r"(?:meeting|summit|visit|ceremony) (?:\w+ ){0,6}to sign|(?:arrangements|preparations) for the signing|"
    r"approv\w* (?:the )?draft(?:ed)?|longer-term goal|intention to (?:sign|establish)|"
    # "Uganda will soon sign ...", "after which bilateral agreements will also be concluded"
    r"will (?:soon|also|shortly|now|then|jointly|finally) (?:be )?(?:sign(?:ed)?|conclude[ds]?)|will (?:be )?concluded|"
    # "Nepal is going to sign labour agreements with ...", "to start talks on a formal Memorandum of Understanding",
    # "these treaties are awaiting final signature"
    r"(?:going|about|set|due|poised|scheduled|slated) to (?:sign|ink)|(?:to|will) (?:start|begin|open|launch|initiate) "
    r"(?:the )?(?:talks|negotiations|discussions?)|(?:awaiting|await|awaits|pending) (?:(?:final|formal) )?signature|"
    # "The meeting was held to prepare for the signing of two labour-related outcome documents"
    r"prepar\w* (?:for )?(?:the )?(?:signing|signature)|"
    # "President Joko Widodo hopes to ink a new memorandum", "will try to have agreements signed in January"
    r"(?:hop(?:e|es|ed|ing)|try|tries|trying|seek(?:s|ing)?|aim(?:s|ed|ing)?|wants?|wish(?:es)?|keen) to "
    r"(?:have (?:\w+ ){0,3})?(?:sign(?:ed)?|ink(?:ed)?))\b",
    re.IGNORECASE
)
SIGNED = re.compile(
    r"\b(?:signed|signs|signing of|(?:after|upon|on|following|by|through) (?:the )?signing|concluded|ratified|entered into|acceded|adopted|has an? (?:bilateral )?agreement|"
    r"have (?:bilateral )?agreements|in force|inked|sealed|co-signed|reached|come into effect|came into effect|"
    r"(?:following|follows|followed) an? (?:\w+ )?agreement|under an? (?:\w+ )?agreement|renewed|amendments? to|"
    r"existing (?:\w+ ){0,3}(?:agreements?|MOUs?|MoUs?|pacts?|accords?|treaties)|signed (?:in|on) (?:\w+ )?(?:19|20)\d\d|"
    # "Thailand has previously established similar agreements with other countries, including Laos, China and ..."
    r"(?:established|made|struck|set up) (?:similar|such|comparable) (?:\w+ )?(?:agreements?|MOUs?|MoUs?|pacts?|accords?)|"
    # a party's own instrument with another: "Kenya's bilateral labour agreement with Saudi Arabia", "its MoU with"
    r"(?:its|their|[A-Z][\w-]+['’]s) (?:\w+ ){0,3}(?:agreements?|MOUs?|MoUs?|pacts?|accords?|treaty) with|"
    # "The Treaty on the Establishment of a Regional ... Body ... was made at following a meeting between ..."
    r"(?:was|were|has been|have been) made|"
    # an instrument being carried out exists: "the annual meeting on cooperation in implementing the bilateral agreement"
    r"implement(?:ing|ed|ation of) (?:effectively )?(?:the|their|its|this|that|an?) (?:signed )?(?:\w+ ){0,2}?"
    r"(?:agreements?|memorand(?:um|a)|MOUs?|MoUs?|treaty|treaties|accords?|protocols?)|"
    # an instrument dated by the year it was made: "the review of the 2018 UK – Viet Nam's MoU", "amended their 2016
    # memorandum of understanding"
    r"(?:the|their|its)\s+(?:19|20)\d\d\s+(?:[^\s.;,]+\s+){0,4}?(?:agreements?|memorand(?:um|a)|MOUs?|MoUs?|treaty|"
    r"accords?|pacts?)|"
    # "both countries agreed on a framework for cooperation", "have agreed on a deal"
    r"agreed (?:on|upon) (?:a|an) (?:[\w-]+ ){0,2}?(?:framework|deal|agreement|memorandum|MOU|MoU|protocol|accord|pact)|"
    # "the UK and Albanian governments agreed a Joint Communique" (agreed with an object: made, not just talked of)
    r"(?:have|has|had)?\s?agreed (?:a|an) (?:[\w-]+ ){0,2}?(?:joint communiqu[eé]|deal|agreement|memorandum|MOU|MoU|protocol|"
    r"accord|pact|declaration)|"
    # a joint text the parties put out is made: "the governments of Albania, China, ... have issued a joint statement"
    r"(?:issued|released|published|adopted) (?:a|an|the) (?:[\w-]+ ){0,2}?joint (?:statement|declaration|communiqu[eé]))\b",
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
#: the month first: "on July 13, 2005"
_US_DATE = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s*((?:19|20)\d\d)\b")
_PERIOD = re.compile(
    rf"\b(?:between|from)\s+(?:({_MONTH})\s+)?((?:19|20)\d\d)\s+(?:and|to|until)\s+(?:({_MONTH})\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Vol|Fig|Art|e\.g|i\.e|etc|approx|incl|vs|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|Det|Insp|Supt|Sgt|Cpl|Gen|Col|Lt|Capt|Maj|Gov|Sen|Rep|Hon|Jr|Sr|"
    # a title before a name: "The Executive Director of the NGO, Rev. Augustine Alaribe", "Chargé d’Affaires, a.i. Joseph"
    r"Rev|Amb|Brig|Adm|Cmdr|a\.i|Eng|Engr|"
    # "Foreign Affairs Sec. Teodoro Locsin Jr. and UAE Foreign Minister ... signed", "Asst. Secretary"
    r"Sec|Asst|Atty|"
    # "Minister of Public Security Sen. Lieut. Gen. Lương Tam Quang told ..."
    r"Lieut)|\b[A-Z])\.$"
)
_SENT_END = re.compile(  # a footnote marker after the stop ("sector.[4] However", "sector.12 However") ends it too
    r"[.!?][\"”’)\]]*(?:\[\d{1,3}\])*(?=\s+[\"“(\[]?[A-Z0-9])|(?<=[a-z)])[.!?]\d{1,3}(?=\s+[A-Z])|"
    r"[.!?][\"”’)\]]*(?:\[\d{1,3}\])*\s*$"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (not split after titles or abbreviations).

    Examples
    --------
    >>> t = "Mr Orchard is based in Beijing. He welcomed calls. Ms K. Andersen spoke."
    >>> [t[a:b] for a, b in sentences(t)]
    ['Mr Orchard is based in Beijing.', 'He welcomed calls.', 'Ms K. Andersen spoke.']
    >>> t = "girls are trafficked to India.[6] Victims are also trafficked to Pakistan.12 Traffickers use Nepal."
    >>> [t[a:b] for a, b in sentences(t)]
    ['girls are trafficked to India.[6]', 'Victims are also trafficked to Pakistan.12', 'Traffickers use Nepal.']
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


#: (lower case: "United Kingdom" and "Beijing" are no verbs)
_VERBISH = re.compile(r"\b(?:are|is|were|was|be|been|may|might|can|could|have|has|had|[a-z]\w*ed|[a-z]\w*ing)\b")


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
        if re.search(r",\s*(?:which|who|where)\b", text[last_comma : m.start()]) and re.match(
                r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s*(?:,|\.|$)", text[m.end() : b]):
            continue  # "from Bangladesh, which has a repatriation treaty, and Nepal, which ...": one list
        out.append(_strip(text, start, m.start()))
        start = m.end()
    out.append(_strip(text, start, b))
    return [(x, y) for x, y in out if y > x]


_PROFILE = re.compile(
    r"\b(?:is|was|remains?) (?:primarily |mainly |also |both )?an? (?:(?:source|transit|destination|origin)"
    r"(?:,? and|,? or|,|/)?\s*)+(?:country|countries)\b|\btraffickers exploit (?:domestic and foreign )?victims\b|"
    r"\bhuman traffickers (?:exploit|subject)|^Human trafficking in [A-Z]",
    re.IGNORECASE,
)
_AGREEMENT_NEWS = re.compile(
    r"\b(?:sign(?:s|ed|ing)?|ink(?:s|ed)?|seal(?:s|ed)?|approv\w+|draft\w*|agree(?:s|d)?|conclud\w+|negotiat\w+)\b"
    r"[^.]{0,80}\b(?:agreement|memorand(?:um|a)|MoU|MOU|pact|accord|treaty|declaration)s?\b|"
    r"\b(?:agreement|memorand(?:um|a)|MoU|MOU|pact|accord|treaty|declaration)s?\b[^.]{0,60}\b(?:sign\w*|ink\w*|seal\w*|"
    r"approv\w+)\b",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"\b(?:meeting|workshop|conference|seminar|forum|summit|dialogue|consultation|round ?table|symposium|"
    r"gathering)s?\b[^.]{0,160}\b(?:participants?|attended|delegat\w+|representatives|brought together|co-organi[sz]ed|"
    r"organi[sz]ed|held|took place|will take place|met|concluded|gathered|experts)\b|\b(?:participants|delegates|"
    r"representatives) (?:from|of) \d+\b|\bReport and Outcomes\b|\bmet (?:in|at|for)\b|\bparticipation of \d+|"
    r"^(?:\w+ ){0,3}(?:meeting|workshop|conference|seminar|forum|summit|symposium)s?\b|"
    # "many delegates and survivors themselves said today, as the General Assembly adopted ... high-level meeting",
    # "Remarks to the second Ministerial Meeting", "... TELLS CONFERENCE ON TRAFFICKING", "Chair's message"
    r"\b(?:delegates|participants)\b[^.]{0,160}\b(?:meeting|conference|summit|session)\b|"
    r"^(?:remarks|address|speech|statement|message)\b[^.]{0,20}\b(?:to|at)\b[^.]{0,60}\b(?:meeting|conference|summit|"
    r"session|forum|assembly)\b|\btells (?:the )?(?:\w+ ){0,3}(?:conference|meeting|summit|forum)\b|"
    r"\bchair(?:man|person|woman)?['’]s (?:message|remarks|statement)\b",
    re.IGNORECASE,
)
_STORY = re.compile(
    r"\b(?:she|he) (?:says|said|told|explains|recalls|tells)\b|\b(?:told|tells) me\b|\b(?:his|her) (?:story|ordeal|"
    r"passport|parents|family|native)\b|\(not (?:his|her) real name\)|\b\d{1,2}-year-old\b",
    re.IGNORECASE,
)


#: First-person singular words: a survivor telling her own story ("I was taken straight to India", "my aunt").
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")


def first_person_story(body: str) -> bool:
    """Is a text told in the first person singular (at least 5 such words, 2 in every 100)?

    News quotes a sentence or two in the first person; a survivor's own account is full of them
    (on the development sets narratives run from 2.3 to 13 in 100 words, news at most 1.5).

    Examples
    --------
    >>> first_person_story("When I was 18 a friend put me in touch with a guy in London. I was smuggled into the UK "
    ...                    "on a false passport. I resisted and I was beaten until I agreed to pay my debt.")
    True
    >>> first_person_story("Police rescued 17 men. 'I have no money,' said one of them.")
    False
    """
    n = len(_FIRST_PERSON.findall(body))
    return n >= 5 and n * 100 >= 2 * max(len(body.split()), 1)


#: The opening of a country narrative ("Uruguay is a source, transit, and destination country").
PROFILE_OPENING = re.compile(
    r"^\s*(?:The\s+)?[A-Z][\w'’ -]{1,40}?\s+(?:is|was|remains?)\s+(?:primarily |mainly |also |both )?an?\s+"
    r"(?:(?:source|transit|destination|origin)(?:,? and|,? or|,|/)?\s*)+(?:country|countries)\b")


#: the text of an instrument itself, not a report of it: its parties named as such, its signing date filled in
INSTRUMENT_TEXT = re.compile(r"\bhereinafter (?:referred to as|called) (?:the )?[\"“]?Parties\b|\bDate Signed\s*:|"
                             r"\bIN WITNESS WHEREOF\b", re.IGNORECASE)


def genre(title: str, paragraphs: list[str], *, csv: bool = False) -> str:
    """The kind of a text, from its title and opening paragraphs: ``profile`` (a country
    profile or a TIP-style country narrative), ``agreement`` (an agreement announced,
    negotiated or planned), ``meeting`` (a meeting summary or announcement), ``narrative``
    (a person's story, a long case study) or ``news`` (news, press releases: the default).

    Examples
    --------
    >>> genre("", ["Venezuela is a source and destination country for men, women, and children subjected to sex trafficking."])
    'profile'
    >>> genre("MoU against Trafficking in Persons signed between China and Thailand", ["The Governments of China and Thailand signed a Memorandum of Understanding (MoU)."])
    'agreement'
    >>> genre("Workshop on cooperation", ["The event took place in Dushanbe with the participation of 30 representatives."])
    'meeting'
    >>> genre("UK police rescue believed trafficking victims", ["British police rescued 17 men, women and children."])
    'news'
    """
    if csv:
        return "profile"
    head = " ".join(paragraphs[:2])
    body = " ".join(paragraphs)
    if _PROFILE.search(title) or _PROFILE.search(paragraphs[0] if paragraphs else ""):
        return "profile"
    if INSTRUMENT_TEXT.search(head):
        return "agreement"  # "THE GOVERNMENT OF ... AND THE GOVERNMENT OF ... (hereinafter referred to as the "Parties")"
    if first_person_story(body):
        return "narrative"
    if _AGREEMENT_NEWS.search(title) or (_AGREEMENT_NEWS.search(head) and not _MEETING.search(title)):
        return "agreement"
    if _MEETING.search(title) or _MEETING.search(head):
        return "meeting"
    stories = len(_STORY.findall(body))
    if stories >= 2 or len(paragraphs) > 40:
        return "narrative"
    return "news"


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
    >>> exploitation_of("women who had been working as domestic helpers in Malaysia")
    ['domestic_servitude']
    >>> exploitation_of("deceived into coming to China for the purposes of marriage with Chinese nationals")
    ['forced_marriage']
    >>> exploitation_of("trafficked Chinese women are sent mainly to European and African countries")
    ['unspecified']
    """
    found = [name for name, pattern in EXPLOITATION if pattern.search(text)]
    if "forced_criminality" in found and "forced_labour" in found and not _EXPLICIT_LABOUR.search(text):
        found.remove("forced_labour")  # "forced to work in a cannabis farm": the work is the crime
    if "forced_labour" in found and ("sexual_exploitation" in found or "domestic_servitude" in found):
        labour = EXPLOITATION[1][1]
        if all(_GENERIC_WORK.fullmatch(m.group(0)) for m in labour.finditer(text)):
            found.remove("forced_labour")  # "forced to work in brothels", "forced to work as a maid": the work named
    return found or ["unspecified"]


#: Words that say work was forced without saying which: the other form the clause names is the work.
_GENERIC_WORK = re.compile(r"forced (?:to )?work|forced to work|compelled|enslaved|slave-like|forced into labou?r",
                           re.IGNORECASE)


_EXPLICIT_LABOUR = re.compile(r"\b(?:forced labou?r|labou?r (?:trafficking|exploitation)|nail (?:shops?|bars?|salons?))\b",
                               re.IGNORECASE)


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
    >>> date_of("Both countries signed the first MOU on July 13, 2005")
    '2005-07-13'
    """
    m = _DATE.search(text)
    us = _US_DATE.search(text)
    if us and (m is None or us.start() < m.start()):
        return f"{us.group(3)}-{_month(us.group(1)):02d}-{int(us.group(2)):02d}"
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
