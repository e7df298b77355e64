"""Offline extraction: draft facts, each with a verbatim quote and its locator.

For every paragraph of a :class:`~ingest.draft.formats.Document` the text is cut
into sentences and clauses (:mod:`ingest.draft.cues`), the gazetteer finds the
countries, nationalities and region words (:mod:`ingest.draft.gazetteer`), and
each mention gets a role from the words around it:

- origin: "from X", "X nationals", "Cuban medical workers", "Eritreans",
  "recruited in X", "employment agents in X";
- destination: "in X", "to X", "into X", "through X", "on South African farms",
  "in South Africa's timber industry", "to these countries" (the list before);
- neither: perpetrators and institutions ("the Cuban Government", "Chinese
  business owners", "sex tourists from Canada", "individuals from Kuwait ...
  purchase"), hyphen compounds ("Taiwan-flagged", "Chinese-owned"), false
  promises ("promises of jobs in Australia"), transit ("transit Djibouti").

Mentions joined by list words ("Benin, the DRC, and Gabon", "including",
"particularly") share a role. In a clause that speaks of trafficking, each
origin group pairs with the destination groups that follow it (up to the next
origin group), else with the nearest one before it, else -- when the clause
names no destination at all -- with the subject of the section or document
(the country a heading names, or the country of a profile's first clause, as
in "foreign victims from X" in the profile of Y). Region words stay region
endpoints; a pair of one country with itself (an internal flow) is not drafted.

Agreements come from agreement words with their status (signed, negotiating,
proposed), parties (the subject and the countries after "with"), dates and
periods; agencies from organisation names; experts from titles and names;
statistics from numbers with their unit; cooperations and challenges from
their cue words. Every fact cites the clause it came from: a verbatim slice of
the paragraph, so of the source text.

The kind of text decides which cues apply (:func:`genre_of`: a country profile,
news or a press release, an agreement announcement, a meeting summary, a long
narrative). Only a profile's country, or a section headed by a country's name,
stands in for a destination a clause leaves out; a headline never does. In the
other genres a clause without an origin takes the origin of the paragraph
("Destinations included Ireland, Britain and Germany" after "recruited ... in
Romania"), a clause about "victims" without a destination takes the last one
named, and the police who rescue victims mark where they were found. Transit
points ("via Italy", "through Libya", "to Libya then unto Italy", "came to Italy
from Libya") become a flow's ``via``; a lure ("promised jobs in Iraq") is never
a destination. Agreements take their parties from "between A and B", from
"the Thai and Australian governments", from "the six nations" (the last list
of countries named) and from "negotiate with X"; a planned signing is
``proposed``. People are found by a title or rank before the name ("Det. Chief
Insp. Andy Williams"), an appositive after it ("Kumar Alok, Joint Secretary of
...") or a role before a comma ("programme officer, Fitriana Nur").

Classes added on a second development set: a news headline is a clause too, and
the victims' nationality it names starts the story's origin; coming home
("returned home from Libya") and goods ("seafood eaten in the U.S.") are not
endpoints, nor are the police or "authorities from France" or where a network
"operated", "had links" or made arrests; a second "from" on the way to a
destination is a transit point ("Nigerian women from Libya to Italy"); a country
after a town takes the town's role ("in São Paulo, Brazil"); "(Paraguay), where
the victims were recruited" is an origin; victims named without a destination
are where the story found them; "destination countries are ..." start from the
one country the headline and opening name; a journey in a story of exploitation
("left Myanmar for neighboring Thailand") is a flow; a list's glosses give each
destination its forms ("Russia (construction), Ukraine (agriculture)"), and a
flow without a form takes that of the clause that named its origin, else the one
form the story names outside a lure. People: a rank and a surname ("Sgt
Walters"), appositions joined by "and", nicknames, pseudonyms however often they
recur.

Classes added on the third and fourth development sets: a journey in a story of
trafficking ("she travelled to Jeddah in Saudi Arabia", "I found myself in Lebanon")
takes the origin the headline or paragraph named ("Kenyan Domestic Workers' ...", read
in title case as a sentence), and only the places gone to count, never a lure; word of
a place ("stories ... from Saudi Arabia"), coming home ("arrived home from eastern
Indonesia"), a working name ('"Veronica from Italy"'), "people traffickers" and a range
of peoples ("from Colombians to Chinese") are not endpoints; "rescued from Indonesia's
Ambon Island" is where victims were held, "rescued from India" neither end; an approval
for signing, or a memorandum "to be signed during" talks, is a proposed agreement.

Classes added after an error census of dev3..dev12: ministries named head first ("the
Ministry of Foreign Affairs") and bodies known by one name ("Europol said") are agencies,
an acronym after its full name one body; a name after a long portfolio title, with or
without a comma ("Minister of Gender, Labour and Social Development, Betty Amongi Akena"),
ranks dropped and each official keeping their own title in a list; "Name from the X police
force said"; where police found the victims ("Police in Malta freed three Colombian women",
"women, from Hungary and Romania, ... after the raids in Luton") is their destination; a
crossing ("crossed the border to Thailand", "across Niger") is a leg, a "final destination"
a destination, "sold to countries like A, B" a list of destinations; "left her home in A to
take a job in B" a journey; "the West" a region; work the clause names ("forced to work as
prostitutes") no second form.

Hedged statements ("may", "reportedly", "at risk", "vulnerable") are marked in
the fact's ``note``, which then starts with ``Hedged ("may have"):``; the
review lists them as hedged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ctgraph.graph.countries import country_name
from ctgraph.graph.names import fold
from ctgraph.ingest.draft import cues
from ctgraph.ingest.draft.formats import Document, Paragraph
from ctgraph.ingest.draft.gazetteer import Mention, dateline, find_mentions

__all__ = [
    "FlowDraft",
    "Drafts",
    "HEDGE_PREFIX",
    "extract",
    "country_pairs",
    "naive_country_pairs",
    "genre_of",
    "GENRES",
    "slug",
]

HEDGE_PREFIX = "Hedged ("


_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_HYPHEN_COMPOUND = re.compile(
    r"^-(?:flagged|owned|affiliated|run|based|led|backed|registered|organi[sz]ed|linked|controlled|sponsored|"
    r"operated|made|funded|born|language)\b|^-speaking\b(?!\s+(?:cities|city|areas?|regions?|countries|provinces?|towns?|"
    r"parts?))|^-[A-Z]|^[–-]\s*(?:Haiti|border)"
)
_POSSESSIVE = re.compile(r"^[’']s?(?![a-z])")
_IN_BEFORE = re.compile(r"\b(?:in|into|within|throughout|across)\s+(?:the\s+)?(?:northern\s+|southern\s+)?$", re.I)
_BY_BEFORE = re.compile(r"\b(?:by|with)\s+(?:the\s+)?$", re.I)
_RECRUITERS_IN = re.compile(
    r"\b(?:recruiters?|agents?|agencies|brokers?|scouts?)(?:\s+[a-z]+){0,2}\s+in\s+(?:(?:the|places|countries)\s+)?"
    r"(?:(?:like|such\s+as|including)\s+)?$", re.I
)
_PERPS_IN = re.compile(
    r"\b(?:networks?|authorities|officials|police|groups?|syndicates?|embassy|gangs?|counterparts|experts|agencies|"
    r"forces|officers|prosecutors|investigators|ministers|representatives|delegates|participants|delegations|"
    r"centers|centres|consulate|nationals who had been released|"
    r"companies|firms|businesses|owners|governments?)(?:\s+[a-z]+){0,2}"
    r"(?:,?\s+(?:both|all|each|mostly|mainly))?\s+(?:in|of|from|across)\s+(?:the\s+)?$",  # "officers, both from Moldova"
    re.I,
)
#: People coming home: "returned home from Malaysia", "repatriated from Libya" -- not where a flow ends.
_RETURN_FROM = re.compile(
    r"\b(?:return\w*|came|come|coming|brought|flown|sent|headed|heading|arriv\w*|got|went)\s+(?:(?:back|home)\s+){1,2}"
    r"(?:\w+\s+){0,2}?from\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western)\w*\s+)?$|"
    r"\b(?:repatriat\w*|deport\w*|evacuat\w*)\s+(?:\w+\s+){0,5}?from\s+(?:the\s+)?$|\breturn\w*\s+from\s+(?:the\s+)?$",
    re.I)
#: Victims named before: "(the trafficking of) the women from Libya (to Italy)".
_THE_VICTIMS_FROM = re.compile(r"\b(?:the|these|those)\s+(?:women|girls|victims|men|boys|children|migrants|workers)\s+"
                               r"from\s+(?:the\s+)?$", re.I)
#: Going back, in a clause that does not speak of trafficking: "(they) were flown to Phnom Penh from Indonesia".
_BACK_HOME = re.compile(r"\b(?:flown|repatriat\w*|deport\w*|evacuat\w*|returned|sent back|brought back|brought home|"
                        r"(?:bring|bringing|get|getting)\s+[^.;]{0,40}?\b(?:back|home))\b", re.I)
#: Freed from a place: where they were held ("rescued from Indonesia's Ambon Island").
_RESCUED_FROM = re.compile(r"\b(?:(?:rescued|freed|released|liberated|escaped|extracted)|(?:rescue|free|liberate|extract)\s+"
                           r"(?:the|their|these|those|our)\s+(?:\w+\s+)?(?:victims|women|men|girls|boys|children|workers|"
                           r"nationals|citizens|people))\s+from\s+(?:the\s+)?$", re.I)
#: A working name in quotes: '"Veronica from Italy"' is not where she comes from.
_QUOTED_NAME = re.compile(r"[\"“][A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+from\s+$")
#: A range of peoples ("all the mafias, from Colombians to Chinese"): neither end is a victim.
_FROM_TO_PEOPLES = re.compile(r"\bfrom\s+(?:the\s+)?$")
#: Word of a place, not people from it: "stories of suffering and death, especially from Saudi Arabia".
_NEWS_FROM = re.compile(
    r"\b(?:stories|news|reports?|accounts|tales|rumou?rs|calls?|messages?|letters?|complaints|proposals?|requests?|"
    r"offers? of (?:help|support|assistance)|support|funding|donations?|grants?|aid)\b"
    # "reports ... of women from Bangladesh": the people the news is of come from there
    r"(?:(?!\b(?:women|girls|men|boys|children|victims|workers|migrants|people|nationals)\b)[^.;:]){0,60}?"
    r"\bfrom\s+(?:the\s+)?$", re.I)
#: Goods, not people: "seafood eaten in the U.S.", "garments exported to Europe".
_GOODS_TO = re.compile(
    r"\b(?:seafood|fish|shrimp|prawns?|catch|products?|goods|garments|clothes|clothing|cotton|bricks|cocoa|exports?)\b"
    r"[^,.;]{0,50}\b(?:eaten|consumed|sold|exported|shipped|bought|sent|destined|bound|used)\s+(?:in|to|for)\s+(?:the\s+)?$",
    re.I)
#: Where perpetrators are, not victims: "the network operated mainly in Spain, but also in Italy",
#: "links in Niger", "arrested in Romania", "a family established in all 3 countries".
#: an official's journey, no victims': "returning from a study trip to Kabul", "on an official visit to Japan"
_OFFICIAL_TRIP = re.compile(r"\b(?:(?:study|official|working|state|business|field|fact-finding)\s+)?"
                            r"(?:trip|visit|tour|mission)\s+to\s+(?:the\s+)?$", re.I)
#: a place the perpetrators were, said right after it ("Spain, where the alleged ringleader was arrested")
_PERPS_WHERE = re.compile(
    r"^(?:\s+in\s+(?:[A-Z][\w'’-]*\s*){1,3})?\s*,?\s*where\s+(?:the\s+)?(?:alleged\s+|suspected\s+|gang'?s?\s+|network'?s?\s+)?"
    r"(?:ring\s?-?leaders?|leaders?|suspects?|boss|bosses|heads?|kingpins?|traffickers?|gang|network|organi[sz]ers?)\b"
    r"[^.;]{0,40}?\b(?:arrested|detained|caught|based|lived|operated|held)\b", re.I)
#: after a region: it names the group of the countries listed next ("Mekong Sub-region (GMS) countries of")
_GROUP_OF = re.compile(r"\s*(?:\([A-Z]{2,10}\)\s*)?(?:countries|nations|states|member states|governments)\s*(?:of\b|:)")
#: instruments two governments' bodies sign with each other
_BILATERAL_WORD = re.compile(r"memorand|\bMO[UC]s?\b|\bMo[UC]s?\b|agreement|action plan|\bdeals?\b", re.I)
#: a national body or official named without its country, before the instrument ("Minister of Labour Atef Odeibat",
#: "Federal Investigation Agency (FIA)", "the Kingdom")
_UNNAMED_HOME_BODY = re.compile(r"(?:^|[–—-]\s+|:\s+|\n)\s*(?:the\s+)?(?:(?:Federal|National|Central|State)\s+)?"
                                r"(?:Minister|Ministry|Secretary|Investigation|Agency|Police|Department|Government|"
                                r"Kingdom)\b")
_PERP_PRESENCE = re.compile(
    r"\b(?:operat(?:ed|es|ing)|active|based|present|links?|infrastructure|divisions?|branches|cells|arrest(?:ed|s)?|"
    r"detained|raid(?:s|ed)?|searches|established|headquartered|took part|participat\w*|custody|apprehended)\b"
    r"(?:[\s,]+(?:\w+|\w+ly)){0,6}?\s+(?:in|across|throughout|from)\s+(?:the\s+)?$",
    re.I)
#: A raid on the place where the victims the clause names were found: "women, from Hungary and Romania, ... after the
#: raids in Luton"; without victims named before it, a raid is where the perpetrators are.
_RAID_IN = re.compile(r"\b(?:raid(?:s|ed)?|brothels?)\s+(?:\w+\s+){0,5}?(?:in|at)\s+(?:the\s+)?$", re.I)
#: A paragraph that introduces another person by name and age starts another story ("Mario, 26, kept in ...").
_NEW_STORY = re.compile(r"^[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2},\s+\d{1,2},\s")
#: "(Paraguay), where the victims were recruited": the place of recruitment is the origin.
_WHERE_RECRUITED = re.compile(
    r"^\s*\)?\s*,?\s*where\s+(?:the\s+|most\s+|many\s+)?(?:victims|women|girls|men|children|workers|migrants|people|they)"
    r"\s+(?:were|are|had been|have been)\s+(?:first\s+)?(?:recruited|lured|deceived|tricked|bought|abducted)\b", re.I)
#: The country after a town the gazetteer does not know: "in São Paulo, Brazil", "from Benin City, Nigeria".
_AFTER_TOWN = re.compile(
    r"\b(?P<prep>in|into|to|at|near|outside|from|through|via)\s+(?:the\s+)?(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,3}"
    r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:city|town|province|district|state|region|village|island|port))?\s*,\s*$")
_AND_TOWN = re.compile(r"(?:,|\band)\s+(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,3}[A-ZÀ-Þ][\w'’.-]*\s*,\s*$")
#: "recruited their victims by coercing them with voodoo threats in Benin City": recruited there, far back.
_RECRUITED_FAR = re.compile(
    r"\brecruit(?:ed|s)?\b(?:(?!traffick|sold|taken|sent|exploit|forced|brought|moved|promis|offer|jobs?\b|work\b|rescu|"
    r"found\b|held\b|captiv)[^.;]){0,90}"
    r"\b(?:in|from)\s+(?:the\s+)?(?:[A-ZÀ-Þ][\w'’.-]*\s+){0,3}$")
#: Going somewhere, in a story: "left Myanmar for Thailand", "came to Argentina", "crossed into Thailand".
_MOVED_TO = re.compile(
    r"\b(?:(?:left|departed|departing) \S+(?: \S+)? for|came to|went to|moved to|travell?ed to|arrived in|crossed (?:\w+ ){0,2}into|"
    # "the suspects have taken more than 20 girls to Oman"
    r"(?:taken|took|brought|sent|transported) (?:(?:more|less|fewer|than|over|about|some|at|least|\d[\d,]*|girls|women|"
    r"men|boys|children|people|victims|workers|them|her|him) ){1,5}to|"
    # "Jessie travelled from Kenya to Lebanon to take up employment"
    r"(?:travell?ed|went|moved|came|flew|migrated|journeyed|driven|drove|walked|smuggled|crossed|crossing) (?:[\w,]+ ){0,4}?"
    r"from (?:the )?"
    r"(?:[\w'’.-]+,? ){1,6}?(?:to|into)|"
    r"(?:brought|sent|drove|bring|take|send) (?:him|her|them|me|us) to|(?:move|moving) to|"
    r"taken to|took (?:him|her|them) to|(?:sending|taking|moving) (?:him|her|them) to|flown to|flew (?:him|her|them) to|"
    r"ended up in|found (?:myself|herself|himself) in|(?:to )?leave for|leaving for|"
    r"(?:her|his|their|my|our) (?:travel|transport|trip|journey|passage|flight) to|"
    r"stream into|smuggled (?:in)?to|taken (?:straight |directly )to|brought to|sent to|got to|reach(?:ed|ing)|"
    r"(?:a|the) (?:train|bus|boat|flight|plane) to|"
    # "left her home in Bangladesh to take a job in Lebanon", "left Ethiopia for a job as a domestic servant in"
    r"left (?:[\w'’-]+ ){1,5}?(?:to (?:take|start|find) (?:up )?|for )(?:a |an )?(?:[\w-]+ ){0,2}?(?:job|work|position)"
    r"(?: as (?:an? )?(?:[\w-]+ ){1,3}?)? in)\s+(?:the\s+)?(?:neighbo(?:u)?ring\s+)?"
    r"(?:(?:a|the)\s+(?:brothel|house|factory|farm|hotel|bar|club|village|town|city)\s+in\s+)?"
    r"(?:(?-i:[A-ZÀ-Þ][\w'’.-]*\s+){1,3}(?:in|,)\s+(?:the\s+)?)?$", re.I)  # "travelled to Jeddah in Saudi Arabia"
#: Where a story's person comes from: "I was born in a very poor village in Nepal", "Sita lived in a rural area in
#: Sindhupalchowk district of Nepal", "I am from Nepal". The country is the story's origin, never a destination.
_HOME = re.compile(
    r"\b(?:I|[Ss]he|[Hh]e|[Ww]e|[Mm]y family|[Hh]er family|[Hh]is family|[A-Z][a-z]+\*?)\s+(?:\w+\s+){0,2}?"
    r"(?:was born|were born|grew up|lived|was living|am from|is from|was from|come from|comes from|hails? from)\b"
    r"(?:\s+[\w'’-]+,?){0,9}?\s+(?:in|of|from)\s+(?:the\s+)?$|\b(?:am|is|was|come|comes)\s+from\s+(?:the\s+)?$")
#: Going the legal way is no trafficking: "only skilled manpower from Pakistan will be sent to Italy through legal means".
_LEGAL_WAY = re.compile(r"\b(?:legal(?:ly)?|lawful(?:ly)?|regular)\s+(?:means|channels?|routes?|pathways?|ways?)\b|"
                        r"\b(?:legally|lawfully)\b", re.I)
#: "Moultrie, Georgia": after a town and a comma, Georgia is the US state.
_US_GEORGIA = re.compile(r"\b[A-Z][a-z]+,\s*$")
#: A clause about people in general ("many are tricked into ..."): a single person's origin does not carry into it.
_GENERIC_MANY = re.compile(r"\b(?:many|most|thousands|hundreds|others|tens of thousands)\s+(?:of\s+\w+\s+)?(?:are|were|have|had)\b",
                           re.I)
#: "Most were sold to men seeking wives in China": most of the victims the paragraph just before counted
_MOST_OF_THEM = re.compile(r"\s*(?:Most|Many|Some|Several|Half|All)(?:\s+of\s+them)?\s+(?:were|are|had|have)\b")
#: What a labour agreement regulates: recruiting and employing workers. Without words of abuse it is no flow.
_LABOUR_TERMS = re.compile(r"\b(?:recruit\w*|employ(?:ing|ment|ers?)|hiring|deploy\w*|manpower|labou?r (?:sector|market|"
                           r"migration|mobility)|protection (?:of|to|for) (?:\w+ ){0,3}(?:workers|helpers|migrants))\b", re.I)
_ABUSE = re.compile(r"\b(?:traffick\w*|forced (?:to|into)|(?:was|were|been|being) forced|exploit\w*|slave\w*|enslav\w*|"
                    r"sold|abus\w*|victims?|rescued|smuggl\w*|trapped|confined|raped|tortur\w*)\b", re.I)
#: A news round-up's paragraph on another country's case ("In Austria, officers made seven arrests ..."): the
#: origin of the victims of the paragraphs before does not carry into it.
_ANOTHER_CASE = re.compile(r"^\s*(?:In|Meanwhile in|Elsewhere, in)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*,\s")
#: "destination countries are ...": the story's home country is the origin.
_DESTINATION_COUNTRIES = re.compile(
    r"\b(?:destination countries|countries of destination|(?:main|popular|common|principal|top) destinations?)\b", re.I)
#: A person's name the text says is not theirs: "Mr Win Maung (not his real name)".
_PSEUDONYM = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss)\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s*\((?:not (?:his|her|their) real name|"
    r"a pseudonym|name changed|names? (?:has|have) been changed)")
#: A country's institution: "Britain's National Crime Agency", "the UK's Home Office".
_INSTITUTION_AFTER = re.compile(r"^[’']s?\s+(?:[A-Z][\w-]*\s+){0,4}(?:Police|Agency|Ministry|Office|Department|Service|"
                                r"Government|Embassy|Consulate|Border|Force|Commission|Court|Parliament|Cabinet)\b")
#: A national body named without its country that rescued victims (a news text's dateline gives the country)
_HOME_RESCUERS = re.compile(
    r"(?:[A-Z][A-Z .,'’-]{2,40}\s*(?:[:—–-]|\(\w+\))\s*)?(?:The\s+|the\s+)?(?:(?:Immigration|Police|Customs|Labour|Labor)\s+"
    r"Department|[Pp]olice|[Aa]uthorities|[Ii]mmigration\s+(?:officers|officials|authorities)|[Bb]order\s+(?:guards|police)|"
    r"[Aa]nti-[Tt]rafficking\s+(?:[Uu]nit|[Pp]olice|[Bb]ureau))\s+(?:\w+\s+){0,3}?(?:ha(?:s|ve)\s+)?"
    r"(?:rescued|freed|saved|raided)\b")
#: A country's name that starts a body's name: "an opposition lawmaker from the Cambodia National Rescue Party"
_ORG_NAME_AFTER = re.compile(r"^\s+(?:[A-Z][\w'’-]*\s+){0,4}(?:Party|Airlines?|Airways|Bank|Red\s+Cross|Federation|"
                             r"Association|Chamber|Foundation|Institute|University|Times|Post|Herald|Tribune|"
                             r"Broadcasting|Television|Radio|Daily)\b")
_FROM_PLACE_IN = re.compile(
    r"\bfrom\s+(?:[a-z-]+\s+){0,3}(?:areas?|regions?|communities|villages?|provinces?|parts|cities|city|towns?|camps?|"
    r"districts?)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:[a-z-]+\s+)?$",
    re.I,
)
_PERP_VERB = re.compile(
    r"^\s*(?:,[^,;]{0,80},\s*|,\s*)?(?:\w+ly\s+)?(?:purchase|buy|exploit|recruit|force|subject|lure|send|sell|"
    r"traffic|coerce|abuse|kidnap|employ|hire|operate|facilitate|run|control|own|pay|bribe|dominate|smuggle)s?\b",
    re.I,
)
_THEN = re.compile(r"\b(?:then|onward|onwards|from there|and from \w+(?: \w+)? to|before being|before)\b", re.I)
_STOP = frozenset(
    "in to from are were is was be been being have has had who that which may might can could with by for at on "
    "as into within under across through via than while whereas where when".split()
)
_ADVERB_TAIL = re.compile(r"(?:[\s,—–-]+(?:primarily|mainly|mostly|especially|particularly|including|notably|"
                          r"predominantly|largely|chiefly|some|many|most|often))*[\s,—–(-]*$", re.I)


def _one_letter_apart(a: list[str], b: list[str]) -> bool:
    """Words the same but for one letter of one word of five letters or more ("ahmed", "ahmad")."""
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return len(x) == len(y) >= 5 and sum(c != d for c, d in zip(x, y)) == 1 and x[0] == y[0]


#: a country's neighbours, named by it: "with Libya’s southern neighbors", "Thailand's neighbouring countries"
_NEIGHBOURS_OF = re.compile(r"[’']s\s+(?:(?:southern|northern|eastern|western|immediate|closest|regional)\s+)?"
                            r"neighbou?r(?:s|ing\s+(?:countries|states|nations))\b", re.IGNORECASE)


#: "the MoU", "the new agreement": an instrument spoken of before
_THE_BEFORE = re.compile(r"\b(?:the|this)\s+(?:new\s+|said\s+)?$", re.IGNORECASE)
#: a word of an instrument's signing (or of its being in force)
_SIGN_WORD = re.compile(r"\b(?:sign(?:ed|s|ing)?|inked|sealed|concluded|ratified|in force|into effect)\b", re.IGNORECASE)


def slug(text: str) -> str:
    """Lower-case id part of ``text``.

    Examples
    --------
    >>> slug("IOM Sanya 2018: Seminar Summary.md")
    'iom-sanya-2018-seminar-summary-md'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


@dataclass
class FlowDraft:
    """One drafted flow (merged over every clause that states the same pair)."""

    origin: str
    destination: str
    via: list[str] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    hedges: list[str | None] = field(default_factory=list)
    inferred: list[bool] = field(default_factory=list)
    #: where the origin was read when no quote names it (a headline's victims, a story's home): for the reviewer
    origin_from: list[str] = field(default_factory=list)
    #: likewise the destination (where the story found them, the dateline of rescuers named without their country)
    dest_from: list[str] = field(default_factory=list)

    @property
    def hedged(self) -> bool:
        return bool(self.hedges) and all(h is not None for h in self.hedges)


@dataclass
class Drafts:
    """Drafted facts by seed section, plus the regions and notes they need."""

    source_id: str
    flows: list[FlowDraft] = field(default_factory=list)
    regions: dict[str, dict[str, Any]] = field(default_factory=dict)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    cooperations: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    experts: list[dict[str, Any]] = field(default_factory=list)
    statistics: list[dict[str, Any]] = field(default_factory=list)
    challenges: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, str]] = field(default_factory=list)
    genre: str = "news"

    def counts(self) -> dict[str, int]:
        return {
            "flows": len(self.flows),
            "agreements": len(self.agreements),
            "cooperations": len(self.cooperations),
            "agencies": len(self.agencies),
            "experts": len(self.experts),
            "statistics": len(self.statistics),
            "challenges": len(self.challenges),
            "regions": len(self.regions),
        }


# --------------------------------------------------------------------------- roles


@dataclass
class _Role:
    m: Mention
    role: str  # O origin, D destination, T transit, X neither, N none yet
    head_end: int = -1  # end of the head noun phrase (demonyms)
    recruited: bool = False  # origin because victims are recruited there
    held: bool = False  # "rescued from Laos": where victims were held, a destination once their origin is known


@dataclass
class _Group:
    role: str
    members: list[Mention]
    start: int
    end: int
    head_end: int = -1
    inferred: bool = False
    recruited: bool = False
    held: bool = False


def _head(text: str, pos: int, end: int, mentions: list[Mention], idx: int) -> tuple[str, int]:  # noqa: C901
    """What noun follows a nationality (skipping the rest of its list): victim,
    perpetrator, place or nothing; and where that noun ends."""
    j = idx
    p = pos
    while j + 1 < len(mentions) and cues.LIST_JOIN.match(text[p : mentions[j + 1].start]) and mentions[j + 1].kind != "name":
        j += 1
        p = mentions[j].end
    rest = text[p:end]
    if _HYPHEN_COMPOUND.match(rest) or _POSSESSIVE.match(rest):
        return "", p
    for k, w in enumerate(_WORD.finditer(rest)):
        if k >= 4:
            break
        gap = rest[: w.start()]
        if k and re.search(r"[,;:()—]", gap):
            break
        word = w.group(0).lower().strip("’'")
        if word in _STOP:
            break
        if word in cues.PERPETRATOR_HEADS:
            return "perp", p + w.end()
        if word in cues.VICTIM_HEADS and re.match(r"\s+(?:traffickers?|smugglers?|smuggling|trafficking rings?)\b",
                                                 rest[w.end() :], re.I):
            return "perp", p + w.end()  # "Albanian people traffickers"
        if word in cues.VICTIM_HEADS and w.group(0)[:1].isupper() and re.match(r"\s+[A-Z]", rest[w.end() :]):
            continue  # "the Spanish National Police": a name's word, not the victims
        if word in cues.VICTIM_HEADS:
            # "women and children": the phrase runs on over "and <victim noun>"
            e = p + w.end()
            more = re.match(r"(?:\s*,?\s*(?:and|or)\s+(?:[a-z-]+\s+)?(?:" + "|".join(
                sorted(cues.VICTIM_HEADS, key=len, reverse=True)) + r")\b)+", text[e:end])
            return "victim", e + (more.end() if more else 0)
        if word in cues.PLACE_HEADS:
            return "place", p + w.end()
    return "", p


_ACCORDING = re.compile(r"\baccording to (?:the\s+)?$|\b(?:by|issued by|on)\s+(?:the\s+)?$", re.I)
_RESCUERS = re.compile(
    r"^\s*(?:police|authorities|officers|officials|law enforcement|border guards?|navy)\b[^.;]{0,60}?\b(?:rescued|rescues?|"
    r"saved?|saves|freed|frees?|"
    r"found|identified|safeguarded|discovered|raided|reported dismantling|dismantled)\b", re.I)
_MEDIA_REPORTED = re.compile(r"^\s+(?:state\s+)?(?:media|press|news\s+(?:agency|outlets?|reports?)|newspapers?|television)\s+"
                             r"(?:reported|said|says|say|reports)\b", re.I)
_RESCUED_ELSEWHERE = re.compile(r"\b(?:rescued|freed|released|repatriated)\b[^.;]{0,60}?\bfrom\s+(?:[a-z-]+\s+){0,5}"
                                r"(?:in|inside)\s+(?:the\s+)?[A-Z]")
#: "Police in Malta freed three Colombian women": where the police found the victims (the rescuers before the place)
_RESCUERS_IN = re.compile(r"\b(?:police|authorities|officers|officials|law enforcement)\s+in\s+(?:the\s+)?$", re.I)
_RESCUED_AFTER = re.compile(r"^\s+(?:have\s+|had\s+)?(?:rescued|freed|found|identified|safeguarded|discovered|raided|"
                            r"released|liberated|rescues?|frees?|saves?|saved)\b", re.I)
_COUNTRY_ROLE = re.compile(
    r"^\s*(?:,[^,;()]{1,80},\s*)?(?:is|was|remains|has become|became|acts as|serves as|(?:has|have|had)\s+"
    r"(?:long\s+|always\s+|also\s+|traditionally\s+)?been)\s+(?:also\s+)?(?:an?\s+|the\s+)?"
    r"(?:\w+\s+){0,2}?(?P<r>destination|source|origin|transit|centre|center)\b", re.I)
_NAME_OF = re.compile(r"\b[A-Z][a-z]+\s+(?:of|for)\s+(?:the\s+)?$")
_BUYERS = re.compile(r"^\s*(?:men|husbands|farmers|buyers|families|households|employers)\b", re.I)
_SOLD_TO = re.compile(r"\b(?:sold (?:\w+ ){0,3}to|married (?:off )?to|brides to|wives to|to)\s+(?:the\s+)?$", re.I)
_OF_ORIGIN = re.compile(r"^\s*(?:origin|nationality|nationals?)\b", re.I)
#: The people victims are married or sold to: "forced to marry a Chinese man",
#: "purchased wives of rural Chinese men" -- where the victims end up, never where they come from.
_BUYER_BEFORE = re.compile(
    r"\b(?:marry|married|wed|wives of|brides of|bought by|purchased by)\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:(?:rural|older|local|wealthy|rich|elderly)\s+)?$", re.I)
#: "sold for Rs 1.5 million to a Chinese man": the buyer, wherever the price stands
_SOLD_FOR_TO = re.compile(r"\bsold\s+(?:[\w.,$€£¥]+\s+){0,6}?to\s+(?:a|an|the)\s+(?:(?:rural|older|local|wealthy|rich|"
                          r"elderly|young)\s+)?$", re.I)
_BUYER_AFTER = re.compile(r"^\s*(?:man|men|husbands?|farmers?|buyers?|famil(?:y|ies)|households?|employers?|"
                          r"businessm[ae]n)\b", re.I)
#: "sold to a group of Russians" (in London): buyers where the victim already is, no country of destination.
#: "sold to a gentleman from the U.S.", "sold to a family from Saudi Arabia": where the buyer takes the victim
_SOLD_TO_BUYER_FROM = re.compile(
    r"\b(?:sold|given|handed over)\s+(?:\w+\s+){0,3}?to\s+(?:a|an|the|some)\s+(?:\w+\s+){0,2}?"
    r"(?:man|men|gentlem[ae]n|buyers?|husbands?|famil(?:y|ies)|couples?|wom[ae]n|customers?|clients?|employers?)"
    r"\s+from\s+(?:the\s+)?$", re.I)
_SOLD_TO_GROUP = re.compile(r"\bsold (?:\w+ ){0,3}to\s+(?:a|an|the)\s+(?:group|gang|family|couple|number)\s+of\s+$", re.I)
#: A lure told in other words than "promised": "tricked that there was a waitress job for her in Dubai", "told her
#: they found her a job ... in Qatar", "instead of being sent to Qatar", "before taking on the waitress job in Dubai".
_LURE_BEFORE = re.compile(
    r"\b(?:tricked (?:that|into believing)|(?:told (?:her|him|them|me) |(?:was|were) told )(?:that )?(?:they|there|she|he|I|we)\b|"
    r"found (?:her|him|them|me) an?\b|instead of (?:being )?(?:sent|taken|going|flown)|before taking (?:on|up)\b|"
    # "This person lured 7 victims to make passports to go to Thailand to sell lottery tickets": the lure's errand
    r"\blured\b[^.;:]{0,60}?\bto\s+(?:go|travel|work)\b)"
    r"[^.;:,]{0,90}?\b(?:in|to)\s+(?:the\s+)?$", re.I)
#: Where a narrative's person comes from, said anywhere in it: "I left India to try and earn more", "leave her home in
#: India", "back home in India", "brought back from Abu Dhabi to India", "I was born in ..."
_STORY_HOME_BEFORE = re.compile(
    r"\b(?:left|leave|leaving)\s+(?:(?:her|his|their|my|our)\s+(?:home|village|family|town)\s+in\s+)(?:the\s+)?$|"
    r"\bback\s+home\s+(?:in|to)\s+(?:the\s+)?$|"
    # "working as a teacher in her native Indonesia"
    r"\b(?:her|his|their|my|our)\s+native\s+$|"
    # "Mai* of southern Laos was approached by a work recruiter"
    r"(?-i:\b[A-Z][a-z]+\*?,?\s+(?:\d{1,2},\s+)?of\s+)(?:(?:northern|southern|eastern|western|central|rural|north|south|"
    r"east|west)(?:ern)?\s+)?$|"
    r"\b(?:returned|returning|return|repatriated|brought\s+back|sent\s+back|flown\s+back|came\s+back|went\s+back|"
    r"deported)\s+(?:[\w'’-]+\s+){0,5}?to\s+(?:the\s+)?$", re.I)
#: "I left India to try and earn more": the country left for work
_LEFT_FOR_WORK = re.compile(r"\b(?:I|[Ss]he|[Hh]e|[Ww]e|[A-Z][a-z]+)\s+(?:had\s+)?left\s+(?:the\s+)?$")
_FOR_WORK_AFTER = re.compile(r"\s+(?:to\s+(?:try|find|work|earn|seek|look|get|make)|in\s+search|for\s+(?:a\s+)?(?:job|work|"
                             r"better|employment))\b", re.I)
_LEFT_HOME_IN = re.compile(r"\bleft\s+(?:her|his|their|my|the)\s+(?:home|village|family|town)\s+in\s+(?:the\s+)?$", re.I)
#: "her home village in the southern Nigerian state of Edo": where a story's person comes from.
_HOME_PLACE = re.compile(r"(?:\b(?:home|native)\s+(?:village|town|city|country|region|province|state|district)|"
                         # "their family's rice patch in Cambodia"
                         r"\bfamil(?:y|ies)[’']s?\s+(?:[a-z]+\s+){0,2}(?:patch|farm|land|plot|house|home|village))\s+(?:in|of)\s+"
                         r"(?:the\s+)?(?:[a-z]+\s+){0,2}$", re.I)
#: A perpetrator named by nationality: "by an Italian national", "Chinese citizens in South Africa suspected of
#: exploiting Malawian migrants" -- the perpetrators' country is no origin of victims.
_PERP_PERSON_BY = re.compile(r"\bby\s+(?:a|an|one|two|three|several)\s+$", re.I)
#: A perpetrator's nationality in an apposition: "the owner of the local bar, a dual Canadian and British citizen".
_PERP_APPOSITION = re.compile(
    r"\b(?:owners?|bosses|boss|managers?|operators?|employers?|traffickers?|pimps?|suspects?|accused|ringleaders?|"
    r"madams?|agents?)\b(?:\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+){0,3}\w+)?,\s+(?:a|an)\s+(?:dual\s+)?"
    r"(?:[A-Z][\w'’-]+\s+(?:and|or)\s+)?$", re.I)
#: An envoy's or a mission's post: "Nepali Ambassador to South Africa", "the Embassy of Nepal in South Africa".
_ENVOY_POST = re.compile(
    r"\b(?:Ambassadors?|Envoys?|High Commissioners?|Consuls?(?: General)?|Embass(?:y|ies)(?: of [A-Z][\w'’-]+)?|"
    r"Consulates?(?: General)?|(?:Permanent )?Missions?|Charg[eé] d'Affaires)\s+(?:to|in|at)\s+(?:the\s+)?$")
_PERP_PERSON_AFTER = re.compile(
    r"^\s+(?:nationals?|citizens?|man|woman|men|women|couple|businessman|businessmen|bosses|employers?)\b"
    r"(?:\s+(?:in|from|living in|based in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s*){1,3})?,?\s+(?:who\s+(?:were|was|are|is)\s+)?"
    r"(?:suspected|accused|alleged|charged|arrested|convicted)\s+(?:of|for)\s+(?:\w+\s+)?"
    r"(?:exploit|traffick|running|recruit|forc|sell|buy|smuggl|abus|enslav)\w*", re.I)


#: A recruiter's country, where the story's victim is approached: "a man from India visited her village and claimed
#: to be looking for people to work at a hotel in India" -- no origin of victims.
_RECRUITER_FROM = re.compile(r"\b(?:a|an|one|the)\s+(?:[a-z]+\s+)?(?:man|woman|stranger|agent|broker|recruiter|"
                             r"trafficker|middleman|person)\s+from\s+(?:the\s+)?$", re.I)
_RECRUITER_ACTS = re.compile(r"^\s+(?:[a-z]+\s+){0,2}?(?:visited|came to (?:her|his|their|our|my)|approached|offered|"
                             r"promised|claimed|told|convinced|persuaded|lured)\b", re.I)

#: "this pitch from the Indian man", "went with the Chinese agent": the recruiter's nationality
_WITH_THE = re.compile(r"\b(?:from|with|by)\s+(?:the|this|that)\s+$", re.I)
_RECRUITER_AFTER = re.compile(r"^\s+(?:man|woman|stranger|agent|broker|recruiter|middleman)\b", re.I)


#: A town or province is a destination only where victims are taken to it or held in it.
_PLACE_TAKEN = re.compile(r"\b(?:to|into|reached|reaching|arriv\w+\s+(?:at|in))\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}$",
                          re.I)
_HELD_THERE = re.compile(r"\b(?:forced|sold|brothels?|exploit\w*|prostitut\w*|enslav\w*|held|locked|confined|trapped|"
                         r"captive|raped|abused|rescued|found|kept|made to work|raids?|raided)\b", re.I)


#: "a 24-year-old Nigerian", "one young Cambodian": a person named by nationality alone ...
_A_PERSON = re.compile(r"\b(?:a|an|one)\s+(?:(?:\d+-year-old|young|teenage|\w+-old)\s+)?$", re.IGNORECASE)
#: ... where no noun follows the nationality ("a Nigerian, was", "a Nigerian who")
_PERSON_ENDS = re.compile(r"^\s*(?:[,;:)]|\.(?:\s|$)|$|(?:was|is|who|had|has|named|called)\b)")
#: what is said of a perpetrator before "a Nigerian" ("police arrested a Nigerian")
_PERP_DEED = re.compile(r"\b(?:arrest\w*|charg\w*|suspect\w*|convict\w*|sentenc\w*|detain\w*|accused|jailed|"
                        r"prosecut\w*|extradit\w*|traffickers?|smugglers?|recruiters?|pimps?|madams?)\b", re.IGNORECASE)


def _without_asides(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions less those in a parenthesis right after another country's name: "Mexico (many from the central
    region of Tlaxcala, a haven for modern-day slave traders), Nigeria": a place of that country, said in passing,
    which would break the list it stands in."""
    out: list[Mention] = []
    for m in mentions:
        opening = text.rfind("(", 0, m.start)
        inside = opening >= 0 and ")" not in text[opening : m.start] and ")" in text[m.end :]
        owner = next((x for x in mentions if x.end <= opening and not text[x.end : opening].strip()), None)
        if inside and owner is not None and owner.kind == "name" and owner.ref == m.ref:
            continue
        out.append(m)
    return out


#: Where a victim ended up, however long the phrase: "ended up as a hostage of a sexual exploitation network in"
_ENDED_UP_IN = re.compile(r"\b(?:ended|end|ending|ends)\s+up\b[^.;:]{0,80}?\bin\s+(?:the\s+)?$", re.I)
#: Where the people a clause counts come from: "most women turning for help are from Kyrgyzstan, Kazakhstan, ..."
_ARE_FROM = re.compile(r"\b(?:are|were|came|come|comes|hail(?:ed|s)?)\s+(?:mostly\s+|mainly\s+|largely\s+|originally\s+)?"
                       r"from\b", re.I)
#: A place reached first, on the way: "were first flown to Mexico or Brazil"
_FIRST_LEG = re.compile(r"\bfirst\s+(?:\w+\s+){0,2}?(?:flown|taken|sent|brought|moved|transported|smuggled|went|travell?ed)\b",
                        re.I)
#: Crossing a border from a country, on the way: "They had crossed into Israel from (Egypt)"
_CROSSED_FROM = re.compile(r"\bcross(?:ed|ing|es)?\s+(?:the\s+border\s+)?into\s+[^.;]{1,40}?\bfrom\s+(?:the\s+)?$", re.I)
#: Going on from the place just named: "Then we went to Lebanon from there."
_ONWARD = re.compile(r"\b(?:from there|from where|thence|onward to|on to)\b", re.I)
#: Between a region and the countries given as its examples: "Southeast Asian countries like Cambodia"
_REGION_EXAMPLES = re.compile(r"\s*,?\s*(?:like|such\s+as|including|notably|namely|especially|particularly)\s+(?:the\s+)?")
#: A country the victims come from, said after it: "(in Uzbekistan) where by far the largest numbers now come from"
_WHERE_THEY_COME_FROM = re.compile(r"\s*,?\s*(?:where|from where|whence)\b[^.;]{0,60}?\b(?:come|came|comes|originate)\s+from\b",
                                   re.I)
#: A route named by its two ends: "the route of trafficking led me through another country between Ethiopia and"
_ROUTE_BETWEEN = re.compile(r"\b(?:route|routes|way|journey|trip|corridor)\b(?:(?!reciprocal|two-way|mutual|both)[^.;]){0,60}?"
                            r"\bbetween\s+(?:the\s+)?$", re.I)
#: Brought back from a list of countries: "repatriated ... from countries including Cambodia, Myanmar, Laos"
_BROUGHT_BACK_FROM_LIST = re.compile(
    r"\b(?:repatriat\w*|rescued|evacuat\w*|freed|brought\s+back)\b[^.;]{0,100}?\bfrom\s+(?:other\s+)?(?:countries|nations|"
    r"places)\s*,?\s*(?:including|such\s+as|like|notably)\s+(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,\s*(?:and\s+)?)*"
    r"(?:and\s+)?(?:the\s+)?$", re.I)
#: A country's name that ends its phrase ("rescued from Laos, 37 from Myanmar"), not an adjective ("from Thai boats")
_HELD_END = re.compile(r"(?:\s*[,.;:)\]]|\s*$|\s+(?:and|or|in|to|after|where|last|on|by|earlier|this|since|during|with|"
                       r"through|via|at|for)\b)")
#: Where rescued people are handed from one side to the other: no destination of theirs ("as detailed by Phumtham
#: during the transfer at the Mae Sot border checkpoint in Thailand's Tak province")
_HANDED_OVER_AT = re.compile(r"\b(?:during|at|after|for)\s+(?:the|their)\s+(?:transfer|handover|hand-over|handing over|"
                             r"reception)\s+(?:ceremony\s+)?(?:at|in)\b[^.;]{0,60}$|"
                             # "(who had travelled to Myanmar ...) were received in Thailand ... by the country's military"
                             r"\b(?:were|was|been|being)\s+received\s+(?:\w+\s+){0,2}?(?:in|at)\s+(?:the\s+)?$", re.I)


#: A country named for its rules or for help given to it: "the tightening of regulations in India", "will provide all
#: kinds of assistance to Malaysia"
_NOT_A_PLACE_OF_VICTIMS = re.compile(r"\b(?:regulations?|rules|laws?|checks|controls|polic(?:y|ies)|legislation|crackdowns?|"
                                     r"restrictions?)\s+in\s+(?:the\s+)?$|\b(?:assistance|aid|support|help|donations?|"
                                     r"grants?)\s+to\s+(?:the\s+)?$", re.I)
#: Going home: "she insisted on going back to India", "they sent him back to Russia", "returned home to Nepal"
_BACK_TO = re.compile(r"\b(?:back|home)\s+to\s+(?:the\s+)?$", re.I)
#: Someone who lives or serves somewhere, helping: "a Malaysian businessman in Thailand"
_HELPER_IN = re.compile(r"\b(?:businessm[ae]n|businesswom[ae]n|expatriates?|expats?|diplomats?|consul|volunteers?)\s+"
                        r"(?:based\s+|living\s+)?in\s+(?:the\s+)?$", re.I)


def _roles(text: str, a: int, b: int, mentions: list[Mention], profile: bool = False) -> list[_Role]:  # noqa: C901
    out: list[_Role] = []
    tourists = cues.TOURISTS.search(text[a:b]) is not None
    for i, m in enumerate(mentions):
        before = text[a : m.start]
        after = text[m.end : b]
        role = "N"
        head_end = -1
        recruited = False
        held = False
        country_role = _COUNTRY_ROLE.match(after) if m.kind == "name" else None
        if country_role:
            # "Argentina is an important destination for ...", "India is also a transit country for ..."
            kind = country_role.group("r").lower()
            # "Ivory Coast ... is a large centre for regional child trafficking, with children from ...": a destination
            out.append(_Role(m, {"destination": "D", "transit": "T", "centre": "D", "center": "D"}.get(kind, "O")))
            continue
        if _ACCORDING.search(before):
            out.append(_Role(m, "X"))
            continue
        if _QUOTED_NAME.search(before):
            out.append(_Role(m, "X"))
            continue
        if m.kind == "name" and _LEFT_HOME_IN.search(before):
            out.append(_Role(m, "O"))  # "Amina left her home in Bangladesh": where she comes from
            continue
        if m.kind in ("name", "demonym") and _HOME_PLACE.search(before):
            out.append(_Role(m, "O"))  # "her home village in the southern Nigerian state of Edo": where she comes from
            continue
        if m.kind == "name" and _LURE_BEFORE.search(before):
            out.append(_Role(m, "X"))  # a lure, not where they were taken
            continue
        if m.kind == "name" and _SOLD_TO_BUYER_FROM.search(before):
            out.append(_Role(m, "D"))  # "I was sold to a gentleman from the U.S.": the buyer's country
            continue
        if m.kind == "demonym" and (
                (_FROM_TO_PEOPLES.search(before) and re.match(r"\s+to\s+(?:the\s+)?[A-Z]\w+\s*[,.;:]", after))
                or re.search(r"\bfrom\s+(?:the\s+)?[A-Z]\w*s\s+to\s+(?:the\s+)?$", before)):
            out.append(_Role(m, "X"))  # "from Colombians to Chinese"
            continue
        if m.kind == "name" and _WHERE_THEY_COME_FROM.match(after):
            out.append(_Role(m, "O"))  # "in neighbouring Uzbekistan where by far the largest numbers now come from"
            continue
        if m.kind == "name" and _ROUTE_BETWEEN.search(before):
            out.append(_Role(m, "O"))  # "The route of trafficking led me through another country between Ethiopia and
            continue  # Lebanon": the first end of the route ...
        if (m.kind == "name" and out and out[-1].role == "O" and re.fullmatch(r"\s+and\s+(?:the\s+)?", text[out[-1].m.end : m.start])
                and _ROUTE_BETWEEN.search(text[a : out[-1].m.start])):
            out.append(_Role(m, "D"))  # ... and the second
            continue
        if m.kind == "name" and _BROUGHT_BACK_FROM_LIST.search(before):
            # "Jakarta repatriated more than 4,700 Indonesians entangled in online scam operations from countries
            # including Cambodia, Myanmar": where they were held, once their origin is known
            out.append(_Role(m, "X", held=True))
            continue
        if m.kind == "name" and (_RESCUED_FROM.search(before) or (
                out and out[-1].held and _NEXT_COUNT.match(text[out[-1].m.end : m.start]))):
            # "rescued from Indonesia's Ambon Island": where they were held; "rescued from India" (and "77 were rescued
            # from Laos, 37 from Myanmar") is where they were held once the clause or story says where they come from
            out.append(_Role(m, "D" if _POSSESSIVE.match(after) else "X", held=_HELD_END.match(after) is not None))
            continue
        if _WHERE_RECRUITED.match(after):
            out.append(_Role(m, "O", recruited=True))
            continue
        if m.kind == "name" and _RESCUERS_IN.search(before) and _RESCUED_AFTER.match(after):
            out.append(_Role(m, "D"))  # "Police in Malta freed three Colombian women": where the victims were found
            continue
        if _RESCUERS.match(after):
            # "Brazilian police rescued 20 Bolivians": where the victims were found; "Thai authorities rescued six Lao
            # nationals from human trafficking operations in Myanmar": the rescuers' country, the victims elsewhere
            out.append(_Role(m, "X" if _RESCUED_ELSEWHERE.search(after) else "D"))
            continue
        if _MEDIA_REPORTED.match(after):
            out.append(_Role(m, "R"))  # "..., Thai media reported": who reported it, no place of the story nor of a list
            continue
        if m.kind == "demonym" and _NAME_OF.search(before) and re.match(r"\s+[A-Z][a-z]", after):
            out.append(_Role(m, "X"))  # "the General Federation of Nepalese Trade Unions": a name's word
            continue
        if m.kind == "demonym" and _SOLD_TO.search(before) and _BUYERS.match(after):
            out.append(_Role(m, "D"))  # "sold as brides to Chinese men"
            continue
        if m.kind == "demonym" and (_BUYER_BEFORE.search(before) or (
                _SOLD_FOR_TO.search(before) and _BUYER_AFTER.match(after))):
            out.append(_Role(m, "D"))  # "forced to marry a Chinese man", "sold for Rs 1.5 million to a Chinese man"
            continue
        if m.kind == "name" and _ENVOY_POST.search(before):
            out.append(_Role(m, "X"))  # "Nepali Ambassador to South Africa": an envoy's post, no destination
            continue
        if m.kind == "demonym" and (_SOLD_TO_GROUP.search(before) or _PERP_PERSON_BY.search(before)
                                    or _PERP_PERSON_AFTER.match(after) or _PERP_APPOSITION.search(before)):
            out.append(_Role(m, "X"))  # "by an Italian national", "Chinese citizens ... suspected of exploiting"
            continue
        if m.kind == "demonym" and re.search(r"\bof\s+$", before) and _OF_ORIGIN.match(after):
            out.append(_Role(m, "O"))  # "were of Bolivian origin"
            continue
        if m.kind == "name" and not _POSSESSIVE.match(after):
            kind_, head_ = _head(text, m.end, b, mentions, i)
            if kind_ == "victim" and re.match(r"^\s+\w", after) and not cues.DESTINATION_BEFORE.search(before):
                out.append(_Role(m, "O", head_))  # "North Korea women", "Nepal girls"
                continue
            if kind_ == "perp" and re.match(r"^\s+(?:(?!and\b|or\b)[a-z-]+\s+){0,2}(?:" + "|".join(cues.PERPETRATOR_HEADS)
                                            + r")\b", after):
                out.append(_Role(m, "X"))  # "boats linked to Thai human trafficking syndicates": the perpetrators'
                continue
        adjective = m.kind == "demonym" or (
            m.kind == "region" and re.search(r"(?:an|ese|ic)$", m.text) is not None and not m.text.lower().startswith("countries")
        )
        if _HYPHEN_COMPOUND.match(after) or before.endswith("-") or before.endswith("–"):
            role = "X"
        elif _INSTITUTION_AFTER.match(after) or (m.kind == "name" and _ORG_NAME_AFTER.match(after)):
            role = "X"  # "the Cambodia National Rescue Party", "Kenya Airways": a body's name
        elif _POSSESSIVE.match(after):
            # "in/into Thailand's fishing fleet", "taken to Egypt's Sinai": a place of that country
            role = "D" if _IN_BEFORE.search(before) or re.search(r"\b(?:taken|took|sent|sold|trafficked|smuggled|brought|moved|"
                                                                  r"transported)\s+(?:\w+\s+)?to\s+$", before, re.I) \
                else "O" if cues.ORIGIN_BEFORE.search(before) else "X"
        elif adjective:
            kind, head_end = _head(text, m.end, b, mentions, i)
            if _BY_BEFORE.search(before) and kind != "victim":
                role = "X"
            elif kind == "place" and cues.DESTINATION_BEFORE.search(before):
                role = "X" if _LURE_BEFORE.search(before) else "D"  # "was told he was heading to Peruvian waters"
            elif kind == "place" and re.search(r"\bfrom\s+(?:the\s+|a\s+|an\s+)?$", before, re.I):
                role = "O"  # "from a French refugee camp": where they leave from
            elif kind == "victim":
                role = "O"
            elif kind == "perp":
                role = "X"
            elif kind == "place" and m.kind == "demonym":
                role = "X"  # "aboard a Chinese fishing vessel": whose the place is, not where anyone comes from
            elif m.plural and not _BY_BEFORE.search(before):
                role = "O"
                head_end = m.end
            elif (m.kind == "demonym" and out and out[-1].role == "O" and re.search(
                    r"(?:,|\band)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d[\d,]*)\s+$", before)):
                role = "O"  # "58 Uzbek nationals, one Tajik, one Kyrgyz and one from Turkmenistan": counted one by one
                head_end = m.end
            elif (m.kind == "demonym" and re.search(r"\b(?:many|most|some|several|thousands\s+of|hundreds\s+of)\s+"
                                                    r"(?:young\s+)?$", before, re.I) and re.match(r"\s*,", after)):
                role = "O"  # "many young Nigerian, especially girls are still being trafficked": people by nationality
                head_end = m.end
            elif (m.kind == "demonym" and _A_PERSON.search(before) and _PERSON_ENDS.match(after)
                  and not _BY_BEFORE.search(before) and not _PERP_DEED.search(before[-80:])):
                role = "O"  # "Yusuf, a 24-year-old Nigerian, was ...": one person named by nationality
                head_end = m.end
            else:
                role = "X" if m.kind == "demonym" else "N"
        if (role == "N" and out and out[-1].m.kind == "region" and out[-1].role in ("O", "D")
                and _REGION_EXAMPLES.fullmatch(text[out[-1].m.end : m.start])):
            role = out[-1].role  # "in several Southeast Asian countries like Cambodia, Myanmar": the region's examples
        if role == "N" and profile and re.search(r"\bthrough\s+(?:the\s+)?$", before, re.I):
            role = "D"  # a country profile's "through Libya" is where victims are exploited on the way
        if role == "N" and m.kind == "name":
            town = _AFTER_TOWN.search(before)
            if out and out[-1].role != "N" and re.fullmatch(r"\s*,\s*", text[out[-1].m.end : m.start]):
                role = out[-1].role  # "Benin City, Nigeria": the country of the place named just before
            elif town:
                prep = town.group("prep").lower()
                role = "O" if prep == "from" else "T" if prep in ("through", "via") else "N"
                if role == "N" and not (_PERP_PRESENCE.search(before[: town.end("prep")] + " ")
                                        or _RETURN_FROM.search(before[: town.end("prep")] + " ")):
                    role = "D"
                if role == "O" and _RETURN_FROM.search(before[: town.end("prep")] + " "):
                    role = "X"
                if role == "O" and _RESCUED_FROM.search(before[: town.end("prep")] + " "):
                    role, held = "X", True  # "rescue the victims from Myawaddy, Myanmar": where they were held
            elif _AND_TOWN.search(before) and out and out[-1].role in ("D", "O") and out[-1].m.end < m.start:
                role = out[-1].role  # "in São Paulo, Brazil and Buenos Aires, Argentina"
            if role == "N" and _RECRUITED_FAR.search(before) and not cues.FALSE_PROMISE.search(before):
                role, recruited = "O", True
        if role == "N":
            if (_RAID_IN.search(before) and any(r.role == "O" and r.m.ref != m.ref for r in out)
                    and not _RETURN_FROM.search(before)):
                role = "D"  # "The 11 women, from Hungary and Romania, ... after the raids in Luton": where they were found
            elif (_RETURN_FROM.search(before) or _GOODS_TO.search(before) or _PERP_PRESENCE.search(before)
                    or _NEWS_FROM.search(before) or _OFFICIAL_TRIP.search(before)):
                role = "X"
            elif _RECRUITERS_IN.search(before):
                role, recruited = "O", True
            elif _ENDED_UP_IN.search(before):
                role = "D"  # "Lilia ended up as a hostage of a sexual exploitation network in Trinidad and Tobago"
            elif _PERPS_IN.search(before):
                role = "X"  # "authorities from France": institutions, before "from" makes an origin
            elif cues.ORIGIN_BEFORE.search(before) or _FROM_PLACE_IN.search(before):
                role = "O"
            elif _PERPS_IN.search(before) or cues.FALSE_PROMISE.search(before):
                role = "X"
            elif cues.TRANSIT_BEFORE.search(before):
                role = "T"
            elif cues.DESTINATION_BEFORE.search(before):
                role = "D"
        if role == "O" and tourists:
            role = "X"
        if role == "D" and _NOT_A_PLACE_OF_VICTIMS.search(before):
            role = "X"  # "the tightening of regulations in India", "assistance to Malaysia": policy, not a destination
        if role == "D" and _BACK_TO.search(before):
            role = "X"  # "she insisted on going back to India": home, no destination
        if role == "D" and _HELPER_IN.search(before):
            role = "X"  # "as well as a Malaysian businessman in Thailand Victor Wong": where a helper lives
        if role == "D" and _HANDED_OVER_AT.search(before):
            role = "X"  # "during the transfer at the Mae Sot border checkpoint in Thailand's Tak province": a handover
        if role in ("O", "D") and _PERPS_WHERE.match(after):
            role = "X"  # "from Marbella in Spain, where the alleged ringleader was arrested, to Finland": the gang's reach
        if role == "O" and ((_RECRUITER_FROM.search(before) and _RECRUITER_ACTS.match(after)) or (
                m.kind == "demonym" and _WITH_THE.search(before) and _RECRUITER_AFTER.match(after))):
            role = "X"  # "a man from India visited her village and claimed to be looking for people": the recruiter's
        if m.ref == "GEO" and m.kind == "name" and _US_GEORGIA.search(before) and not (
                out and out[-1].m.ref == "GEO" and out[-1].m.place):
            role = "X"  # "special agents in Moultrie, Georgia": the US state
        if role == "D" and m.place and not (_PLACE_TAKEN.search(before) or _HELD_THERE.search(before)
                                            or _HELD_THERE.search(after[:100])):
            role = "X"  # "working at a seafood company in Hau Giang": a town where someone lived, not where taken
        out.append(_Role(m, role, head_end, recruited, held))
    return out


#: A place named only as what the victims were told or promised: "(to Germany and Dubai) where they were told they would
#: be employed as housekeepers"
_LURE_WHERE = re.compile(r"\s*,?\s*where\s+(?:they|she|he|I|we|the\s+\w+)\s+(?:were|was|had\s+been)\s+(?:told|promised|"
                         r"offered|assured|led\s+to\s+believe)\b", re.I)


#: Going on toward a place named next: "(arrived in Vietnam on September 8) and were headed toward (China)"
_HEADED_ON = re.compile(r"[^.;]{0,40}?\b(?:and|before|then)\s+(?:were|was|being|are|is)?\s*(?:headed|heading|bound|on\s+"
                        r"(?:their|her|his)\s+way)\s+(?:toward|towards|to|for)\s+(?:the\s+)?", re.I)
#: "(brought to Laos) before being sent to other countries": where they go next is not named
_SENT_ON_ELSEWHERE = re.compile(r"\s*,?\s*(?:before\s+being|and\s+then|then)\s+(?:sent|taken|moved|trafficked|transferred|"
                                r"sold|smuggled)\s+(?:on\s+)?(?:to|into)\s+(?:other|third|another|different|further)\s+"
                                r"(?:countries|country|destinations?|places?)\b", re.I)


#: A list that runs on over a relative clause: "from neighbouring Bangladesh, which has a repatriation treaty, and Nepal"
_LIST_OVER_WHICH = re.compile(r"\s*,\s*(?:which|who|where)\b[^,;.()]{3,80},\s*(?:and|or)\s+(?:the\s+|neighbo(?:u)?ring\s+)?")


def _groups(text: str, roles: list[_Role]) -> list[_Group]:  # noqa: C901
    groups: list[_Group] = []
    for r in roles:
        g = groups[-1] if groups else None
        if (
            g is not None
            and (cues.LIST_JOIN.match(text[g.end : r.m.start]) or _LIST_OVER_WHICH.fullmatch(text[g.end : r.m.start]))
            and (r.role in ("N", g.role) or (g.role == "D" and r.role == "X" and r.m.kind == "name"))
            and not (r.m.kind == "name" and g.role == "O" and g.members[-1].kind == "demonym" and r.role == "N")
        ):
            g.members.append(r.m)
            g.end = r.m.end
            g.head_end = max(g.head_end, r.head_end)
            continue
        groups.append(_Group(r.role, [r.m], r.m.start, r.m.end, r.head_end, recruited=r.recruited, held=r.held))
    # "on transit to Germany and Dubai where they were told they would be employed as housekeepers": a lure;
    # "brought to Laos before being sent to other countries": a stage of the way
    for g in groups:
        if g.role == "D" and _LURE_WHERE.match(text, g.end):
            g.role = "X"
        elif g.role == "D" and _SENT_ON_ELSEWHERE.match(text, g.end):
            g.role = "T"
        elif g.role == "D" and any(h.role == "D" and h.start > g.end and _HEADED_ON.fullmatch(text, g.end, h.start)
                                   for h in groups):
            g.role = "T"  # "arrived in Vietnam on September 8 and were headed toward China": a stage of the way
    # a group of nationalities followed by an active verb is its perpetrators ("individuals from X ... purchase")
    for g in groups:
        if g.role == "O" and not g.recruited:
            tail = text[max(g.end, g.head_end) :]
            if _PERP_VERB.match(tail):
                g.role = "X"
    # "Nigerian women from Libya to Italy", "children from Vietnam ... smuggled from a French camp to the UK":
    # a second "from" after the victims' origin, on the way to a destination, is where they passed through
    for k in range(1, len(groups)):
        g, prev = groups[k], groups[k - 1]
        if (g.role == "O" and prev.role == "O" and not g.recruited
                and re.search(r"\bfrom\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,2}$", text[max(0, g.start - 30) : g.start])
                and not cues.LIST_JOIN.match(text[prev.end : g.start])
                and g.start - prev.end <= 50 and not re.search(r"[;,]|\b(?:while|whereas|but|and)\b", text[prev.end : g.start])
                and {x.ref for x in g.members} != {x.ref for x in prev.members}
                and any(h.role == "D" for h in groups[k + 1 :])):
            g.role = "T"
    # legs of one journey: "came to Italy from Libya", "to Italy, and from Italy to Spain" -- a second
    # "from" after a destination is a transit point, and so is the destination it repeats
    seen_origin = False
    last_dest: _Group | None = None
    for k, g in enumerate(groups):
        near = last_dest is not None and g.start - last_dest.end <= 40 and not re.search(
            r"[;]|as well as|\band\b(?!\s+from\b)|\b(?:or|for|while|whereas|women|girls|men|children|victims|people|persons)\b",
            text[last_dest.end : g.start])
        if g.role == "O" and seen_origin and near and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(0, g.start - 12) : g.start]):
            g.role = "T"
            for h in groups[:k]:
                if h.role == "D" and {x.ref for x in h.members} == {x.ref for x in g.members}:
                    h.role = "T"
        seen_origin = seen_origin or g.role == "O"
        if g.role == "D":
            last_dest = g
    # "Once in Dubai, the recruiters ... flew them to Somalia": a place they arrive at on the way to a later one
    ds = [g for g in groups if g.role == "D"]
    for k in range(len(ds) - 1):
        if re.search(r"\b(?:once|after arriving|on arrival|upon arrival)\s+(?:in|at)\s+(?:the\s+)?$",
                     text[max(0, ds[k].start - 30) : ds[k].start], re.I) and re.search(
                         r"\b(?:flew|flown|took|taken|sent|moved|transferred|shipped|transported|sold)\b",
                         text[ds[k].end : ds[k + 1].start]):
            ds[k].role = "T"
    # "first exploited in Romania ... then trafficked to Western Europe": the first place is where they come from
    if not any(g.role == "O" for g in groups):
        ds = [g for g in groups if g.role == "D"]
        if len(ds) >= 2 and _THEN.search(text[ds[0].end : ds[1].start]) and re.search(r"\bfirst\b", text[: ds[0].start][-80:]):
            ds[0].role = "O"
    return groups


def _anaphora(text: str, a: int, b: int, groups: list[_Group], earlier: list[_Group]) -> list[_Group]:
    """'(trafficked) to these countries' becomes a destination group of the places listed before."""
    out = list(groups)
    for m in cues.ANAPHORA_PLACES.finditer(text, a, b):
        prior = [g for g in (earlier + groups) if g.end <= m.start() and any(x.kind != "demonym" for x in g.members)]
        if not prior:
            continue
        src = prior[-1]
        members = [x for x in src.members if x.kind != "demonym"]
        out.append(_Group("D", members, m.start(), m.end()))
    out.sort(key=lambda g: g.start)
    return out


#: between two counts of victims by origin: "16 people from the Philippines, 23 from Kenya, one from Tanzania"
_NEXT_COUNT = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                         r"\w+teen|\w+ty)\s+(?:each\s+)?(?:(?:people|persons|victims|women|men|girls|boys|children|workers|nationals)\s+)?"
                         r"(?:from\s+(?:the\s+)?)?$", re.I)


#: "Some of these migrants are subjected to forced labour": some of the people an earlier sentence moved
_SOME_OF_THESE = re.compile(r"\s*(?:some|many|most|a number|several|thousands|hundreds)\s+of\s+(?:these|those|them|the)\b",
                            re.I)


def _count_list(text: str, groups: list[_Group]) -> list[_Group]:
    """Origins counted one by one ("16 people from the Philippines, 23 from Kenya, ... and 10 Chinese nationals")
    are one list of origins."""
    out: list[_Group] = []
    for g in groups:
        prev = out[-1] if out else None
        if prev is not None and prev.role == "O" and g.role in ("O", "N") and (
                _NEXT_COUNT.match(text[prev.end : g.start]) or _NEXT_COUNT.match(text[max(prev.end, prev.head_end) : g.start])):
            # "39 Chinese nationals, 13 Indians, 5 Indonesians, and one each from Ethiopia, Pakistan"
            out[-1] = _Group("O", [*prev.members, *g.members], prev.start, g.end, max(prev.head_end, g.head_end),
                             prev.inferred, prev.recruited)
            continue
        out.append(g)
    return out


#: between two origins that share the destination named after both: "Women and girls from South and Southeast Asia and
#: an increasing number from East and West Africa are subjected to domestic servitude in Lebanon"
_MORE_FROM = re.compile(
    r"^\s*,?\s*(?:and|as well as|along with)\s+(?:(?:an?|the|some|many|more|most|other|others|increasing|growing|smaller|"
    r"large|larger|rising|number|numbers|of|also|too)\s+)*(?:(?:women|girls|men|boys|children|victims|people|persons|"
    r"workers|migrants|others)\s+)?(?:also\s+)?from\s+(?:the\s+)?$", re.I)


#: A route written as a chain of places: "through the Busia-Nairobi-Dubai-Oman route"
_ROUTE_CHAIN = re.compile(r"\b(?:through|via|along|using|on|by)\s+(?:the\s+)?(?P<chain>[A-Z][\w'’.]+(?:\s*[-–]\s*[A-Z][\w'’.]+){2,})"
                          r"\s+(?:route|corridor|road|way)\b")


def _route_chain(clause: str) -> list[str]:
    """The countries of a route written as a chain of places, in order ("Busia-Nairobi-Dubai-Oman": KEN, ARE, OMN; a
    place no table knows is left out)."""
    m = _ROUTE_CHAIN.search(clause)
    if m is None:
        return []
    out: list[str] = []
    for part in re.split(r"\s*[-–]\s*", m.group("chain")):
        found = [x for x in find_mentions(f"in {part}") if x.kind == "name"]
        if len(found) == 1 and (not out or out[-1] != found[0].ref):
            out.append(found[0].ref)
    return out


def _pairs(text: str, groups: list[_Group], subject: Mention | None,  # noqa: C901
           carried: _Group | None = None) -> list[tuple[_Group, _Group, list[Mention]]]:
    """(origin, destination, transit points) of a clause. A destination followed by
    "then (on)to", "before ... to" is a leg of the way: it becomes a transit point of
    the destinations after it. Transit groups ("via X", "through X") go to every pair."""
    out: list[tuple[_Group, _Group, list[Mention]]] = []
    has_dest = any(g.role == "D" for g in groups)
    transit = [m for g in groups if g.role == "T" for m in g.members]
    origins = [g for g in groups if g.role == "O"]
    if not origins and carried is not None and has_dest:
        groups = [carried, *groups]
    for i, g in enumerate(groups):
        if g.role != "O":
            continue
        after: list[_Group] = []
        shared = g
        for h in groups[i + 1 :]:
            if h.role == "O" and h is not g:
                if after or not _MORE_FROM.match(text[shared.end : h.start]):
                    break
                shared = h  # "from South Asia and an increasing number from East Africa are subjected to ... in Lebanon"
                continue
            if h.role == "D":
                after.append(h)
        if after:
            legs: list[Mention] = []
            for k, h in enumerate(after):
                if k + 1 < len(after) and _THEN.search(text[h.end : after[k + 1].start]):
                    legs.extend(h.members)  # a leg of the way, not where they end up
                    continue
                out.append((g, h, legs + [t for t in transit if all(t.ref != x.ref for x in legs)]))
            continue
        before = [h for h in groups[:i] if h.role == "D"]
        if before:
            # "exploit, in Botswana and South Africa, ... victims from X": the places named first
            firsts = [before[0]] if before[0] is not before[-1] and before[0].start == groups[0].start else []
            out.extend((g, h, transit) for h in firsts + [before[-1]])
        elif not has_dest and subject is not None:
            out.append((g, _Group("D", [subject], -1, -1, inferred=True), transit))
    return out


# --------------------------------------------------------------------------- extraction


def _glosses(text: str, members: list[Mention]) -> dict[int, list[str]]:
    """Forms a list glosses member by member: "Russia (sexual exploitation and construction),
    Ukraine (agriculture), Turkey, Cyprus and the UAE (sexual exploitation)" -- a member without
    its own gloss takes the next one in its run."""
    own: dict[int, list[str]] = {}
    for m in members:
        g = re.match(r"\s*\(([^()]{1,80})\)", text[m.end :])
        if g:
            forms = [f for f in cues.exploitation_of(g.group(1)) if f != "unspecified"]
            if re.search(r"\b(?:agricultur\w*|construction|farm\w*|fishing|mining|factor\w+|manufactur\w*)\b", g.group(1), re.I):
                forms = [*forms, "forced_labour"] if "forced_labour" not in forms else forms
            if forms:
                own[m.start] = forms
    if not own:
        return {}
    out: dict[int, list[str]] = {}
    pending: list[int] = []
    for m in members:
        pending.append(m.start)
        if m.start in own:
            for s in pending:
                out[s] = own[m.start]
            pending = []
    return out


def _victims(text: str, clause_start: int, g: _Group) -> str:
    """The victims' own words: 'Cuban medical workers', 'undocumented migrants'."""
    if g.members[0].kind == "demonym" or g.head_end > g.end:
        end = max(g.head_end, g.end)
        return " ".join(text[g.start : end].split())
    before = text[clause_start : g.start]
    before = re.sub(r"(?:\b(?:originat\w* )?from|recruited in|in)\s+(?:the\s+)?$", "", before, flags=re.I)
    before = _ADVERB_TAIL.sub("", before)
    words = re.split(r"[,;:()—–]", before)[-1].split()
    phrase = [w for w in words[-4:]]
    while phrase and phrase[0].lower() in {"the", "and", "of", "some", "many", "most", "also", "while", "including"}:
        phrase = phrase[1:]
    joined = " ".join(phrase)
    if any(w.lower().strip("’'") in cues.VICTIM_HEADS for w in phrase):
        return joined
    return ""


def _local(ref: str) -> str:
    """'region:src.middle-east' -> 'middle-east'; 'CHN' -> 'CHN'."""
    return ref.split(":", 1)[-1].split(".", 1)[-1]


def _heading_subject(heading: str) -> Mention | None:
    """The country a section heading names, when the heading is a name and no more
    ("Spain", "**China**", "Viet Nam – Cambodia" is two): a headline is not a subject."""
    if len(heading.split()) > 4:
        return None
    return _subject_of(find_mentions(heading))


def _subject_of(mentions: Iterable[Mention]) -> Mention | None:
    refs = {m.ref for m in mentions if m.kind == "name"}
    if len(refs) == 1:
        return next(m for m in mentions if m.kind == "name")
    return None


_MARKUP = re.compile(r"\*\*+|__+|</?\w+[^>]*>")


def _quote(text: str, a: int, b: int, focus: tuple[int, int] | None = None) -> str:
    """The clause as a quote: verbatim, without Markdown emphasis or tags.

    When markup sits inside the clause, the quote is the longest markup-free
    stretch that holds ``focus`` (the mentions it rests on), else the longest.

    Examples
    --------
    >>> t = "**Director Chen** gave an outline: Chinese women are sent to Spain"
    >>> _quote(t, 0, len(t), (35, len(t)))
    'gave an outline: Chinese women are sent to Spain'
    """
    cuts = [(m.start(), m.end()) for m in _MARKUP.finditer(text, a, b)]
    pieces: list[tuple[int, int]] = []
    pos = a
    for s_, e_ in cuts:
        pieces.append((pos, s_))
        pos = e_
    pieces.append((pos, b))
    pieces = [(x, y) for x, y in pieces if text[x:y].strip(" ,;:.()")]
    if not pieces:
        return text[a:b].strip()
    chosen = None
    if focus is not None:
        fa, fb = focus
        holding = [pc for pc in pieces if pc[0] <= fa and fb <= pc[1]]
        chosen = holding[0] if holding else None
    if chosen is None:
        chosen = max(pieces, key=lambda pc: pc[1] - pc[0])
    q = text[chosen[0] : chosen[1]]
    return q.strip().strip(",;:").strip()


#: a demonym that names a country's own body or official, a party to what it signs: "The Ethiopian Federal Police and
#: its Somali counterpart have signed", "The Vietnamese Government and the Government of the United Kingdom ... signed"
_BODY_AFTER_DEMONYM = re.compile(  # (the dot of "U.S." is no part of its mention: "U.S. President Donald Trump")
    r"(?:(?<=[A-Z])\.)?(?:\s+(?:[A-Z][\w-]+|and)){0,5}?\s+(?:Police|Government|Gendarmerie|Ministry|Ministries|Border Guards?|Army|Navy|"
    r"(?:Coast )?Guards?|Prosecutors?|Attorneys?[- ]Generals?|counterparts?|Minister|President|Secretary|"
    # "the Nigerien National Agency to Combat Trafficking in Persons (ANTLP) and the Nigerian National Agency ..."
    r"National Agency)\b(?!\s+(?:officers?|"
    r"officials?|stations?|of(?! [A-Z])))")
#: a year after a party of an instrument: "with the Mali in 2011, and Burkina Faso in 2013"
_YEAR_AFTER = re.compile(r"\s+in\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
_YEAR_JOIN = re.compile(r"^\s+in\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\s*,?\s*(?:and\s+)?(?:the\s+)?$")
#: a person's title before an agency's name: "Deputy National Police Chief", "the President of the National Oversight
#: Committee", "Deputy Head of the Secretariat of ..."
_PERSON_TITLE_LEAD = re.compile(
    r"^(?:(?:Deputy|Assistant|Vice|Acting)\s+(?=[A-Z])|(?:Head|Heads|Directors?|President|Chairman|Chair|Chief|"
    r"Specialists?|Members?|Representatives?)\s+of\s+(?:the\s+)?(?=[A-Z]))")
#: a minister's title taken for a body: "Minister of Justice and Public Authority for Housing and Welfare Faleh ..."
_MINISTER_TITLE = re.compile(r"(?:Deputy\s+|Vice\s+|State\s+)?Ministers?\s+(?:of|for)\s+|"
                             # "Secretary of State for the Home Department Yvette Cooper": a title too
                             r"(?:Deputy\s+|Under[\s-])?Secretar(?:y|ies)\s+of\s+State\s+(?:of|for)\s+")
#: a person or mission that represents a body, before its name: "Representative the United Nations Office ...",
#: "the Delegation of the UN Office on Drugs and Crime in GCC"
_ENVOY_LEAD = re.compile(r"^(?:Representatives?|Delegations?|Envoys?)\s+(?:of\s+|to\s+)?(?:the\s+)?(?=[A-Z])")
#: a joint commission or committee of two countries or bodies (a meeting, not an agency), unless named for a purpose
_JOINT_BODY = re.compile(r"\bJoint (?:Commission|Committee)$")
#: an instrument's partner not named: "Mali has signed its third agreement with a neighboring country"
_UNNAMED_PARTNER = re.compile(r"\s+with\s+(?:a|another|one|its)\s+(?:\w+\s+)?(?:neighbo(?:u)?ring\s+)?"
                              r"(?:country|nation|state|neighbo(?:u)?r)\b", re.IGNORECASE)
#: "Senegal joined Ivory Coast and Burkina Faso as signatories to the agreement"
_AS_SIGNATORIES = re.compile(r"\bjoin(?:s|ed)?\s+(?:[\w'’-]+\s+){1,8}?as\s+(?:the\s+)?(?:co-?)?signator(?:y|ies)\b",
                             re.IGNORECASE)
#: "and his Brazilian counterpart", "its Somali counterpart": a party whose partner is the one before
_COUNTERPART_AFTER = re.compile(r"\s+counterparts?\b")
#: a "Service" that names the kind of workers, posts or a minister's portfolio after it, not a body: "Household Service
#: Workers (HSWs)", "the 21 Foreign Service Posts", "Public Service, Labour and Social Welfare Minister July Moyo"
_SERVICE_MODIFIES = re.compile(r"(?:\s*,\s*[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})*(?:\s+and\s+(?:[A-Z][\w-]*\s+){1,3}?)?"
                               r"\s*(?:Workers?|Posts?|Minister|Commissioner|Secretary)\b")
#: a province named with its kind ("Yangon Division") in a list of provinces ("Northern Shan State, Yangon Division")
_PROVINCE = re.compile(r"[A-Z][\w-]+\s+(?:Division|State|Region|Province)")
_PROVINCE_LIST = re.compile(r"\b(?:State|Division|Region|Province)\s*,\s*(?:and\s+)?(?:[A-Z][\w-]+\s+){1,2}"
                            r"(?:State|Division|Region|Province)\b")
#: the rest of a body's name after "and other", up to its short form: "... in Persons and other Related Matters (NAPTIP)"
_AND_OTHER_TAIL = re.compile(r"\s+and\s+other\s+(?:[A-Za-z-]+\s+){0,3}?\((?P<acr>[A-Z][A-Za-z]{1,9})\)")
#: two demonyms joined as one pair: "Thai and Laotian", "Peruvian-Chilean"
_DEMONYM_PAIR_JOIN = re.compile(r"\s*(?:and|[-–/])\s*(?:the\s+)?")
#: the people or bodies a pair of demonyms qualifies: "Thai and Laotian officials", "the Ethiopian and Kenyan
#: Attorney Generals Office", "the Peruvian-Chilean deputy foreign and interior ministers"
_PEOPLE_AFTER_DEMONYM = re.compile(
    r"\s+(?:(?:senior|top|high-level|government|deputy|vice|foreign|interior|defen[cs]e|security|justice|labou?r|"
    r"and|police)\s+){0,4}(?:officials|ministers|leaders|delegations|authorities|governments|sides|counterparts|"
    r"prime ministers|heads of (?:state|government)|police chiefs)\b", re.IGNORECASE)
#: a news agency or wire service: where the text comes from, not a body that acts
_NEWS_AGENCY = re.compile(r"\b(?:News|Press|Information)\s+Agency$|\bNews\s+Service$")
#: one instrument, signed: "Cambodia signed an agreement with Vietnam and Laos"
_ONE_INSTRUMENT_BEFORE = re.compile(r"\b(?:signed|signs|inked|concluded|sealed)\s+(?:a|an|one|the)\s+(?:[\w-]+\s+){0,2}$",
                                    re.IGNORECASE)
_PLURAL_INSTRUMENT = re.compile(r"(?:s|memoranda\b.*)$", re.IGNORECASE)
#: the link from plural instruments to the list of their partners: "signed only with countries like Qatar, ..."
_EACH_WITH = re.compile(r"\bwith\s+(?:(?:other\s+|several\s+|many\s+)?(?:countries|nations|states)\s*,?\s*"
                        r"(?:like|such as|including|namely)\s+|the\s+)?$")
_WITH_THEIR = re.compile(r"\s+with\s+(?:his|her|their|its)\s+")
#: a short form defined right after an instrument's words: "bilateral labour migration agreements (BLMAs)"
_DEFINED_SHORT = re.compile(r"(?<=\w)\s*\((?P<acr>[A-Z]{3,8})s?\)")
#: an official named without a country, then "and" another (whose country is named): "Foreign Affairs Sec. Teodoro
#: Locsin Jr. and UAE Foreign Minister ..."
_UNNAMED_OFFICIAL_AND = re.compile(r"\b(?:Minister|Secretary|Sec\.|Ambassador|President|Director|Chief|Governor|"
                                   r"Commissioner)\s+(?:[A-Z][\w.’'-]*\s+){1,5}and\s+(?:the\s+)?\Z")
#: the parties as a pair, anywhere before the instrument in its clause: "the cooperation between the two neighbours"
#: provinces as the parties of an instrument: "its neighbouring Cambodian provinces of TaKeo and Kandal"
_DEMONYM_PROVINCES = re.compile(r"\s+(?:border\s+)?(?:provinces|localities)\s+of\b")
#: a party province named after its class, not a place something happens in: "The southern province of An Giang and"
_PROVINCE_OF_BEFORE = re.compile(r"(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bto )(?<!\binto )\b[Tt]he\s+(?:[a-z]+\s+){0,2}"
                                 r"province\s+of\s+$")
_YEARS_COVERED = re.compile(r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b")
_SUBJECT_PROVINCE_END = re.compile(r"\s*(?:,\s*)?(?:where|in which)\b")
_BETWEEN_THE_TWO = re.compile(r"\bbetween\s+the\s+(?P<n>two)\s+(?:neighbou?rs|countries|nations|sides|governments)\b",
                              re.IGNORECASE)
#: an instrument's partners named only as a class: "agreements (BLMAs) with major destination countries"
_UNNAMED_CLASS_PARTNERS = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?with\s+(?:[a-z][\w-]*\s+){0,3}(?:countries|nations|states)\b")


class _Extractor:
    def __init__(self, doc: Document, source_id: str) -> None:
        self.doc = doc
        self.source_id = source_id
        self.prefix = source_id.split(":", 1)[1]
        self.drafts = Drafts(source_id)
        self._flows: dict[tuple[str, str], FlowDraft] = {}
        self._agreements: dict[tuple[str, ...], dict[str, Any]] = {}
        self._agencies: dict[str, dict[str, Any]] = {}
        self._experts: dict[str, dict[str, Any]] = {}
        self._cooperations: dict[tuple[str, ...], dict[str, Any]] = {}
        self._last_list: list[Mention] = []
        self._recent: list[Mention] = []
        self._last_agreement_party: Mention | None = None
        self._origin: _Group | None = None
        self._dest: _Group | None = None
        self._doc_forms: list[str] = []
        self._profile_subject: Mention | None = None
        self._para_forms: list[str] = []
        self._title_origin: _Group | None = None
        #: a journey without trafficking in the last sentence, for "Some of these migrants are subjected to ..."
        self._migration: tuple[str, int, int, list[_Group]] | None = None
        self._story_home: _Group | None = None  # where a narrative's person comes from, said anywhere in it
        self._title_dest: _Group | None = None  # where the headline's rescuers found the victims
        self._last_journey: tuple[str, str] | None = None  # the flow a journey drafted last
        self._prev_keys: list[tuple[str, str]] = []  # the country-level flows the sentence before drafted
        self._cur_keys: list[tuple[str, str]] = []  # ... and this sentence
        #: per country-level flow: drafted by journeys only, the order it was first drafted in, its section
        self._journey_only: dict[tuple[str, str], tuple[bool, int, str]] = {}
        self._origin_forms: list[str] = []
        self._body_forms: list[str] = []
        self._home: Mention | None = None  # the one country a news story's headline and opening name
        self._origin_para = ""  # the paragraph the carried origin was named in
        self._prev_para = ""  # the paragraph read before this one
        self._para_text = ""
        self._pseudonyms: set[str] = set()
        self._unit = ""
        self._story = False  # a story of trafficking (its text speaks of it at all)
        self._named_refs: set[str] = set()  # the countries the text named so far (by name)
        self._dateline: tuple[str, str] | None = None  # (place, country) a news text is datelined from
        self.genre = "news"

    # ----------------------------------------------------------- ids and regions

    def fid(self, kind: str, local: str) -> str:
        return f"{kind}:{self.prefix}.{slug(local)}"

    def endpoint(self, m: Mention, subject: Mention | None, quote: str, locator: str) -> str:
        if not m.ref.startswith("region:"):
            return m.ref
        local = m.ref.split(":", 1)[1]
        kind = m.region_kind or "area"
        relative = m.relative_to
        if kind == "unspecified" and "neighbo" in local and subject is not None and subject.kind != "region":
            relative = subject.ref
            local = f"{local}-of-{subject.ref.lower()}"
        rid = self.fid("region", local)
        if rid not in self.drafts.regions:
            region: dict[str, Any] = {"id": rid, "name": " ".join(m.text.split()), "kind": kind}
            if kind == "ambiguous":
                region["candidates"] = list(m.candidates)
                region["note"] = f"Ambiguous in the source: may mean {' or '.join(m.candidates)}; not guessed."
            if relative:
                region["relative_to"] = relative
            if kind in ("area", "unspecified"):
                region["note"] = "As worded by the source; not expanded into countries."
            region["evidence"] = [{"quote": quote, "locator": locator}]
            self.drafts.regions[rid] = region
        return rid

    # ----------------------------------------------------------- flows

    def flows_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:  # noqa: C901
        spans = cues.clauses(text, *sentence)
        if self._cur_keys:
            self._prev_keys, self._cur_keys = self._cur_keys, []
        earlier: list[_Group] = []
        migration, self._migration = self._migration, None
        if (migration is not None and migration[0] is text and not text[migration[2] : sentence[0]].strip(" .")
                and spans and _SOME_OF_THESE.match(text, spans[0][0]) and cues.is_trafficking(text[slice(*spans[0])])
                and cues.exploitation_of(text[slice(*spans[0])]) != ["unspecified"]
                and not [m for m in mentions if spans[0][0] <= m.start and m.end <= spans[0][1]]):
            # "... migrate voluntarily to Malaysia from Bangladesh, India, ... Some of these migrants are subjected to
            # forced labour": that journey, hedged (some of them)
            _t, ma, _mb, mgroups = migration
            quote = _quote(text, ma, spans[0][1])
            forms = cues.exploitation_of(text[slice(*spans[0])])
            for og, dg, via in _pairs(text, mgroups, subject, None):
                for o in og.members:
                    for d in dg.members:
                        legs = [v.ref for v in via if v.ref not in (o.ref, d.ref) and not v.ref.startswith("region:")]
                        self.add_flow(o, d, subject, quote, p.locator, "some of these", forms, "", dg.inferred, legs)
        for ci, (a, b) in enumerate(spans):
            ms = _without_asides(text, [m for m in mentions if a <= m.start and m.end <= b])
            if (self._dateline is not None and self.genre in ("news", "narrative") and not ms and self._dest is None
                    and _HOME_RESCUERS.match(text, a, b)):
                # "KUALA LUMPUR: The Immigration Department has rescued six foreign women": a national body named
                # without its country is the dateline's, and the victims were found there
                self._dest = _Group("D", [Mention(-1, -1, self._dateline[0], self._dateline[1], "name")], -1, -1)
            if not ms and not cues.ANAPHORA_PLACES.search(text, a, b):
                continue
            groups = _anaphora(text, a, b, _groups(text, _roles(text, a, b, ms, self.genre == "profile")), earlier)
            if self.genre in ("narrative", "news") and self._story:
                for g in groups:
                    if (g.role in ("D", "N", "X") and len(g.members) == 1 and g.members[0].kind == "name"
                            and _HOME.search(text[a : g.members[0].start])):
                        g.role = "O"  # "I was born in a very poor village in Nepal": the story's origin
            earlier.extend(groups)
            clause = text[a:b]
            qa, qb = a, b
            cue = cues.is_trafficking(clause)
            if not cue and ci + 1 < len(spans):
                na, nb = spans[ci + 1]
                nxt = text[na:nb]
                if cues.ANAPHORA_PEOPLE.match(nxt) and cues.is_trafficking(nxt):
                    cue, qb, clause = True, nb, text[a:nb]
            if self._origin is not None and self.genre != "profile":
                for g in groups:
                    # "the trafficking of the women from Libya to Italy": the story's women came from elsewhere
                    if (g.role == "O" and _THE_VICTIMS_FROM.search(text[max(a, g.start - 40) : g.start])
                            and not {x.ref for x in g.members} & {x.ref for x in self._origin.members}
                            and any(h.role == "D" and h.start > g.end for h in groups)):
                        g.role = "T"
                    # "They had crossed into Israel from Egypt": where the story's victims crossed from, on their way
                    elif (g.role == "O" and _CROSSED_FROM.search(text, a, g.start)
                            and not {x.ref for x in g.members} & {x.ref for x in self._origin.members}
                            and any(h.role == "D" for h in groups)):
                        g.role = "T"
                    # "We flew from Delhi and went to Dubai": a city of another country on a story's way, not its home
                    elif (g.role == "O" and self.genre == "narrative" and all(x.place for x in g.members)
                            and not {x.ref for x in g.members} & {x.ref for x in self._origin.members}
                            and any(h.role == "D" for h in groups)):
                        g.role = "T"
            origins = [g for g in groups if g.role == "O"]
            known = origins or ([self._origin] if self._origin is not None else [])
            if (self.genre != "profile" and known and not p.locator.endswith(("headline", "(headline)"))):
                # (a headline's "rescued from India" may be a stage of the way)
                own = {x.ref for g in known for x in g.members}
                for g in groups:
                    listed = _BROUGHT_BACK_FROM_LIST.search(text, a, g.start) is not None
                    if (g.held and g.role == "X" and not {x.ref for x in g.members} & own
                            and (not _BACK_HOME.search(clause) or listed)):
                        g.role = "D"  # "Malaysian victims who were rescued from Myawaddy, Myanmar": where they were held
                        cue = cue or (listed and self._story)  # "repatriated ... Indonesians ... from countries including"
            dests = [g for g in groups if g.role == "D"]
            journey = False
            if not cue and origins and dests and self.genre != "profile" and cues.is_trafficking(self._para_text) and any(
                    _MOVED_TO.search(text[a : d.start]) for d in dests) and not _LEGAL_WAY.search(clause):
                cue = journey = True  # a journey in a story of exploitation: "Chan had left Myanmar for neighboring Thailand"
            if (not cue and not origins and dests and self.genre in ("narrative", "news") and self._origin is not None
                    and self._story and not cues.FALSE_PROMISE.search(clause) and not _LEGAL_WAY.search(clause)):
                moved = [d for d in dests if _MOVED_TO.search(text[a : d.start])]
                if moved:
                    # the story's victims on their way: "In 2018, she travelled to Jeddah in Saudi Arabia" after a
                    # headline or paragraph that named where they come from; only the places they went to count
                    cue = journey = True
                    groups = [g for g in groups if g.role != "D" or g in moved]
                    dests = moved
            if origins and (cue or not _BACK_HOME.search(clause)):
                # an origin outlives its clause only where the clause speaks of trafficking or of the victims:
                # "(they) were flown to Phnom Penh from Indonesia's Ambon island" is the way home
                self._origin = origins[-1]
                self._origin_para = self._para_text
                self._origin_forms = [f for f in cues.exploitation_of(clause) if f != "unspecified"] or self._para_forms
            if dests:
                self._dest = dests[-1]
            elif origins and subject is None and self._dest is not None and self.genre != "profile" and (
                    cues.CARRY_DESTINATION.match(clause) or (cue and not self._dest.inferred)):
                # victims whose origin a clause names, where the story already said they were found
                groups = [*_count_list(text, groups), _Group("D", self._dest.members, b, b)]  # "Victims were most often from ..."
            if not cue and not cues.DESTINATIONS.search(clause) and not (
                    origins and not dests and self._dest is not None and (
                    cues.ORIGIN_COUNTRIES.match(clause) or (self._story and cues.CARRY_DESTINATION.match(clause)
                                                            and _ARE_FROM.search(clause)))):
                if origins and dests and self.genre != "profile" and not _LEGAL_WAY.search(clause):
                    self._migration = (text, a, sentence[1], groups)
                continue
            if self.genre == "agreement" and _LABOUR_TERMS.search(clause) and not _ABUSE.search(clause):
                continue  # "the recruitment of Ethiopian domestic workers to Kuwait": what an MoU regulates, no flow
            carried = self._origin if (
                self._origin is not None and not origins and self.genre != "profile" and (cue or cues.CARRY_ORIGIN.search(clause))
                and not (self._origin_para != self._para_text and ((
                    _GENERIC_MANY.search(clause) and not (self._origin_para is self._prev_para and _MOST_OF_THEM.match(clause)))
                    or (
                    self.genre == "news" and _ANOTHER_CASE.match(self._para_text))))
            ) else None
            if carried is None and not origins and dests and self._home is not None and _DESTINATION_COUNTRIES.search(clause):
                carried = _Group("O", [self._home], -1, -1)  # "The most popular destination countries are Russia, ..."
            pairs = _pairs(text, _count_list(text, groups), subject, carried)
            if not pairs:
                continue
            hedge = cues.hedge_of(clause)
            forms = cues.exploitation_of(clause)
            if forms == ["unspecified"] and self._para_forms:
                forms = self._para_forms  # the form is named in another sentence of the paragraph
            if forms == ["unspecified"] and carried is not None and carried is self._origin and self._origin_forms:
                forms = self._origin_forms  # the victims' form, named where their origin was
            if forms == ["unspecified"] and self._body_forms:
                forms = self._body_forms  # the one form the whole story names
            chain = _route_chain(clause)
            for og, dg, via in pairs:
                victims = _victims(text, a, og) if og.start >= a else ""
                spans_ = [x for x in (og.start, og.end) if x >= a] + ([dg.start, dg.end] if dg.start >= 0 else [])
                quote = _quote(text, qa, qb, (min(spans_), max(spans_)) if spans_ else None)
                glosses = _glosses(text, dg.members) if dg.start >= 0 else {}
                for o in og.members:
                    for d in dg.members:
                        legs = [v.ref for v in via if v.ref not in (o.ref, d.ref) and not v.ref.startswith("region:")]
                        if chain and chain[-1] == d.ref:
                            legs += [r for r in chain[:-1] if r not in (o.ref, d.ref) and r not in legs]
                        self.add_flow(o, d, subject, quote, p.locator, hedge, glosses.get(d.start) or forms, victims,
                                      dg.inferred, legs)
                        self._note_journey((o.ref, d.ref), journey, p.section, _ONWARD.search(clause) is not None)
                        self._cur_keys.append((o.ref, d.ref))

    def _note_journey(self, key: tuple[str, str], journey: bool, section: str, onward: bool = False) -> None:
        """Keep, for a country-level flow, the order it was first drafted in, its section, and whether only journeys
        ("When he arrived in Spain ...") drafted it (see :meth:`_journey_legs`). A journey on "from there" ("We flew
        from Delhi and went to Dubai. Then we went to Lebanon from there.") makes the journey just before a leg."""
        if key not in self._flows or key[0].startswith("region:") or key[1].startswith("region:"):
            return
        last = self._last_journey
        if (onward and journey and last is not None and last != key and last[0] == key[0] and last in self._flows
                and self._journey_only.get(last, (False, 0, ""))[0]):
            self._fold_leg(last, key)
        if onward:
            # "The women ... were first flown to Mexico or Brazil ... Police say from there, they are flown to Paris,
            # and then smuggled into Spain": the places the sentence before named are legs
            for k in [k for k in self._prev_keys if k[0] == key[0] and k != key and k in self._flows]:
                if len(self._flows[k].evidence) == 1 and _FIRST_LEG.search(self._flows[k].evidence[0]["quote"]):
                    self._fold_leg(k, key)
        self._last_journey = key if journey else self._last_journey
        if key not in self._journey_only:
            self._journey_only[key] = (journey, len(self._journey_only), section)
        elif not journey:
            self._journey_only[key] = (False, *self._journey_only[key][1:])

    def _fold_leg(self, leg_key: tuple[str, str], key: tuple[str, str]) -> None:
        """Drop the flow ``leg_key`` and make its destination a leg of ``key``."""
        leg = self._flows.pop(leg_key)
        f = self._flows[key]
        for v in [*leg.via, leg_key[1]]:
            if v not in f.via and v not in key:
                f.via.append(v)

    def _journey_legs(self) -> None:
        """A place a story's victims only went to on their way, where another sentence says they were taken to and
        exploited in other places, is a leg of those flows: "When he arrived in Spain, Sergey was picked up by a person
        from the 'agency' who took his passport. He was taken to Portugal and forced to work" is Russia to Portugal
        via Spain; "(Kenyans ... rescued from Laos and Myanmar) ... left the country for a job in Thailand" makes
        Thailand a leg."""
        if self.genre not in ("narrative", "news"):
            return
        for key, (only, _order, section) in sorted(self._journey_only.items(), key=lambda kv: kv[1][1]):
            if not only or key not in self._flows:
                continue
            later = [k for k, (o2, _n2, s2) in self._journey_only.items()
                     if k[0] == key[0] and k != key and s2 == section and not o2 and k in self._flows]
            if not later:
                continue
            del self._flows[key]
            for k in later:
                g = self._flows[k]
                if key[1] not in g.via:
                    g.via.insert(0, key[1])

    def add_flow(
        self, o: Mention, d: Mention, subject: Mention | None, quote: str, locator: str,
        hedge: str | None, forms: list[str], victims: str, inferred: bool, via: list[str] | None = None,
    ) -> None:
        if o.ref == d.ref or (o.ref.startswith("region:") and d.ref.startswith("region:") and (
                self.genre == "profile" or inferred)):
            return  # between two regions only where a story's clause names both ("Sub-Saharan migrants trafficked to Europe")
        origin = self.endpoint(o, subject, quote, locator)
        dest = self.endpoint(d, subject, quote, locator)
        key = (origin, dest)
        f = self._flows.get(key)
        if f is None:
            f = self._flows[key] = FlowDraft(origin, dest)
        ev = {"quote": quote, "locator": locator}
        if ev not in f.evidence:
            f.evidence.append(ev)
            f.hedges.append(hedge)
            f.inferred.append(inferred)
            if o.start >= 0 and o.text not in quote and o.text not in f.origin_from:
                f.origin_from.append(o.text)  # the story's origin, named in another sentence
            if not inferred and d.text not in quote and d.text not in f.dest_from:
                f.dest_from.append(d.text)  # where the story found them, named in another sentence or the dateline
        for form in forms:
            if form not in f.exploitation:
                f.exploitation.append(form)
        if len(f.exploitation) > 1 and "unspecified" in f.exploitation:
            f.exploitation.remove("unspecified")
        if victims and victims not in f.victims:
            f.victims.append(victims)
        f.via.extend(v for v in dict.fromkeys(via or []) if v not in f.via)

    # ----------------------------------------------------------- agreements and cooperations

    _ANAPHORA_PARTIES = re.compile(
        r"\b(?:the|both|all)\s+(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?(?:\w+\s+)?"
        r"(?:nations|countries|governments|states|sides|member countries|member states|parties|neighbou?rs)\b|\bthe group\b|"
        r"\btheir\s+(?:19|20)\d\d\s+(?:[\w-]+\s+){0,2}$",  # (searched up to the instrument: "their 2016 memorandum")
        re.IGNORECASE,
    )
    _NEGOTIATE_WITH = re.compile(
        r"\b(?:negotiat\w*|talks|sign (?:similar |an? )?(?:\w+ )?agreements?)\s+(?:\w+\s+){0,2}?with\s+", re.IGNORECASE)
    #: "the Government of Vietnam and the Government of the United Kingdom": one list of parties
    _GOVERNMENT_JOIN = re.compile(r"^\s*,?\s*and\s+(?:the\s+)?(?:(?:Government|Kingdom|Republic|State)s?\s+of\s+(?:the\s+)?){1,3}$")
    #: parties named far after the instrument: "... signed by the Government of the Socialist Republic of Vietnam"
    _FAR_LINK = re.compile(r"\b(?:(?:signed|concluded|inked|sealed) by|between)\s+(?:the\s+)?(?:(?:Government|Governments|"
                           r"Kingdom|Republic|Socialist|Federal|People's|Democratic|State|of|the)\s+){0,6}$|"
                           # "... was made at following a meeting between the Interior ministers of Kazakhstan, ..."
                           r"\bbetween\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?i:ministers|leaders|heads of state|delegations)\s+"
                           r"(?:of|from)\s+(?:the\s+)?$")
    #: "X has (just) signed a/an/the ..." before an instrument; its partner named far after, "... with Ghana"
    _SIGNED_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:just\s+|now\s+|also\s+)?(?:signed|concluded|inked)\s+"
                                r"(?:a|an|the)\s+(?:new\s+)?$", re.IGNORECASE)
    _WITH_AT_END = re.compile(r"\bwith\s+(?:the\s+)?(?:(?:Government|Republic|Kingdom|State)s?\s+of\s+(?:the\s+)?){0,3}$")
    _NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                **{str(k): k for k in range(2, 11)}}  # "the 2 countries signed a Memorandum of Understanding"

    def _parties_of(self, text: str, ms: list[Mention], start: int) -> list[Mention]:
        """A list of countries from ``start``: "China, Cambodia, Laos and Viet Nam" (demonyms
        count where they qualify governments: "the Cambodian and South Korean governments")."""
        out: list[Mention] = []
        for m in ms:
            if m.start < start:
                continue
            if out and not cues.LIST_JOIN.match(text[out[-1].end : m.start]) and not self._GOVERNMENT_JOIN.match(
                    text[out[-1].end : m.start]) and not _YEAR_JOIN.match(text[out[-1].end : m.start]) and not (
                    self._official_pair(text, ms, out[0], []) and self._official_pair(text, ms, m, out)):
                break  # (a year may follow each: "with the Mali in 2011, and Burkina Faso in 2013")
            if m.kind == "demonym" and not re.match(
                    r"(?:\s*(?:,|and)\s*(?:the\s+)?[A-Z][\w ]{0,30}?)*\s+(?:[Gg]overnments?|authorities|sides?)\b", text[m.end :]
                    ) and not self._official_pair(text, ms, m, out):
                break
            if _NEIGHBOURS_OF.match(text, m.end):
                break  # "Italy signs deal with Libya’s southern neighbors": the neighbours are the parties, not Libya
            out.append(m)
        return out

    @staticmethod
    def _official_pair(text: str, ms: list[Mention], m: Mention, out: list[Mention]) -> bool:
        """A demonym of one of two officials or bodies that sign: "by Thai Social Development and Human Security
        Minister Sutha Chansaeng and Vietnamese Deputy Minister of Public Security Le The Tiem"."""
        if not _BODY_AFTER_DEMONYM.match(text, m.end):
            return False
        if out:
            return len(out) == 1 and bool(_BODY_AFTER_DEMONYM.match(text, out[-1].end))
        nxt = next((x for x in ms if x.start > m.end), None)
        return (nxt is not None and nxt.kind in ("demonym", "name") and bool(_BODY_AFTER_DEMONYM.match(text, nxt.end))
                and bool(re.fullmatch(r"\.?\s+(?:[\w-]+\s+){0,8}?and\s+(?:the\s+|his\s+|her\s+|its\s+)?",
                                      text[m.end : nxt.start])))

    _headline_read = False

    def _headline_agreements(self, section: str) -> None:
        """A news headline is a statement of its instrument too: "Malaysia and Cambodia set to sign MoU on domestic
        helper in September" (the body may speak of it only as "the MOU")."""
        title = self.doc.title
        if self.genre == "profile" or not title or title not in self.doc.text or not cues.AGREEMENT.search(title):
            return
        mentions = self._resolved(find_mentions(title))
        if len({m.ref for m in mentions if m.kind == "name"}) < 2:
            return
        para = Paragraph(title, f"{section} (headline)" if section else "headline", section)
        self.agreements_in(para, title, (0, len(title)), mentions, None)

    def agreements_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:  # noqa: C901
        if not self._headline_read:
            self._headline_read = True
            self._headline_agreements(p.section)
        a0, b0 = sentence
        names_here = [m for m in mentions if a0 <= m.start and m.end <= b0 and m.kind == "name" and not m.place]
        for m in names_here:
            self._recent = [x for x in self._recent if x.ref != m.ref] + [m]
        self._remember_demonym_pair(text, mentions, a0, b0)
        self._similar_with(p, text, a0, b0, mentions, subject)
        self._initiative_in(p, text, a0, b0, mentions, subject)
        instrument = self._instrument_words()
        if not instrument.search(text, a0, b0) and not self._NEGOTIATE_WITH.search(text, a0, b0):
            self._remember_list(text, names_here, (a0, b0, p.locator))
            return
        if self._hyphen_pairs(p, text, a0, b0, names_here, subject):
            return
        last_subject: Mention | None = None
        for a, b in cues.clauses(text, a0, b0):
            matches: list[re.Match[str]] = []
            for am in instrument.finditer(text, a, b):
                if matches and re.fullmatch(r"\s*\(\s*", text[matches[-1].end() : am.start()]):
                    continue  # "Memorandum of Understanding (MOU)": one instrument
                matches.append(am)
            ms = [m for m in mentions if a <= m.start and m.end <= b and m.kind in ("name", "region", "demonym")
                  and not m.place]  # a town is no party
            prev_end = a
            for am in matches:
                # the parties after the instrument: "with Vietnam, Myanmar, Laos and Cambodia", "between India and Myanmar"
                partners: list[Mention] = []
                joint = one_with = False
                after = [m for m in ms if m.start >= am.end()]
                if after:
                    gap = text[am.end() : after[0].start]
                    link = re.search(r"\b(?:with|between|among|on|for)\b", gap)
                    far = len(gap) <= 180 and ";" not in gap and (self._FAR_LINK.search(gap) or (
                        # "has just signed a joint declaration of commitment in the fight against ... with Ghana"
                        len(gap) <= 140 and self._SIGNED_BEFORE.search(text, max(a, am.start() - 40), am.start())
                        and self._WITH_AT_END.search(gap)))
                    if len(gap) <= 80 and link and ";" not in gap:
                        partners = [m for m in self._parties_of(text, ms, after[0].start) if m.kind != "region" or True]
                        joint = link.group(0).lower() in ("between", "among")
                        # "Cambodia signed an agreement with Vietnam and Laos": one instrument with two or more
                        # partners is one of them all (plural instruments are one with each)
                        one_with = (len(partners) >= 2 and re.fullmatch(r"\s+with\s+(?:the\s+)?", gap) is not None
                                    and _ONE_INSTRUMENT_BEFORE.search(text, max(a, am.start() - 30), am.start()) is not None
                                    and not _PLURAL_INSTRUMENT.search(am.group(0)))
                    elif far:
                        partners = self._parties_of(text, ms, after[0].start)
                        joint = len(partners) >= 2
                if not partners and after and after[0].kind == "demonym" and re.fullmatch(
                        r"\s+with\s+(?:the\s+)?", text[am.end() : after[0].start]) and _BODY_AFTER_DEMONYM.match(
                        text, after[0].end):
                    # "signed a Protection Cooperative Agreement with Salvadoran Minister of Foreign Affairs, ...": the
                    # official's country
                    partners = [after[0]]
                if not partners:
                    # "signed a memorandum of understanding with his Ethiopian counterpart": the counterpart's country
                    wm = _WITH_THEIR.match(text, am.end(), b)
                    other = next((m for m in ms if wm is not None and m.start == wm.end() and m.kind == "demonym"), None)
                    if other is not None and _COUNTERPART_AFTER.match(text, other.end):
                        partners = [other]
                if not partners:
                    # a labour MoU's parties in its purpose: "the MoU for the recruitment of Ethiopian domestic
                    # workers to Kuwait" (the workers' country and the one they are recruited to)
                    lm = self._LABOUR_PARTIES.match(text, am.end(), b)
                    if lm is not None:
                        home = next((m for m in ms if m.start == am.end() + lm.start("who") - lm.start()), None)
                        dest = next((m for m in ms if m.start == am.end() + lm.start("to") - lm.start()), None)
                        if home is not None and dest is not None and dest.kind == "name" and home.ref != dest.ref:
                            partners, joint = [home, dest], True
                window_end = partners[-1].end if partners else min(b, am.end() + 60)
                # (an instrument inside the window of the one before keeps its own words: "This Cooperative Agreement
                # follows the Letter of Intent signed by ... with the Government of El Salvador")
                window = text[min(prev_end, am.start()):window_end]
                before = text[prev_end : am.start()]
                prev_end = window_end
                if cues.NEGATED.search(text[max(a, am.start() - 45) : am.end()]):
                    continue
                status = self._status(window, text[a:b])
                if status is None and partners:
                    # the status after the parties: "A memorandum of understanding between Thailand and Laos was signed
                    # in 2005", "... between New Zealand and Viet Nam as a longer-term goal"
                    nxt = next((x.start() for x in matches if x.start() > am.start()), b)
                    status = self._status(text[window_end : min(nxt, window_end + 80)], text[a:b])
                if status is None:
                    status = self._titled_status(text, a, am)
                years: dict[str, str] = {}
                if status is None and partners and not cues.PROPOSED.search(text, a, b):
                    # an instrument with a party and the year it was made, no verb: "A protocol between Mali and Cote
                    # d'Ivoire in 2000 ... are some of the positive steps", "after initiating cooperation agreements
                    # ... with the Mali in 2011, and Burkina Faso in 2013": made (signed) that year
                    whole = [m for m in mentions if a0 <= m.start and m.end <= b0 and m.kind in ("name", "region")
                             and not m.place]  # the list may run past the clause: ", and Burkina Faso in 2013, has"
                    partners = self._parties_of(text, whole, partners[0].start) or partners
                    for m in partners:
                        ym = _YEAR_AFTER.match(text, m.end)
                        if ym is not None:
                            years[m.ref] = ym.group(1)
                    if years:
                        status = "signed"
                if status is None and self._lone_party is not None and _AS_SIGNATORIES.search(text, a, b):
                    # "Mali has signed its third agreement with a neighboring country ... Senegal joined Ivory Coast and
                    # Burkina Faso as signatories to the agreement": each is that party's partner
                    lone = self._lone_party
                    for other in [m for m in ms if m.kind == "name" and m.ref != lone.ref and m.start < am.start()]:
                        self.add_agreement(lone, other, "signed", am.group(0), None, None, _quote(text, a, b), p.locator,
                                           subject)
                    self._lone_party = lone
                    continue
                if status is None:
                    continue
                if not partners and _UNNAMED_CLASS_PARTNERS.match(text, am.end(), b):
                    # "to review/negotiate bilateral labour migration agreements (BLMAs) with major destination
                    # countries": the partners are a class, not the countries named around the instrument
                    continue
                self._last_status = status
                if status == "proposed" and not partners and _THE_BEFORE.search(text, max(a, am.start() - 12), am.start()):
                    self._planned_after_all(_quote(text, a, b), p.locator)
                subj = [m for m in ms if prev_end - len(window) <= m.start < am.start() and m.kind != "demonym"]
                subj += [m for m in ms if prev_end - len(window) <= m.start < am.start() and m.kind == "demonym"
                         and (re.match(r"(?:\s*(?:,|and)\s*(?:the\s+)?[A-Z][\w ]{0,30}?)*\s+(?:governments?|authorities)\b",
                                       text[m.end :]) or _BODY_AFTER_DEMONYM.match(text, m.end)
                              or _DEMONYM_PROVINCES.match(text, m.end))]
                # "The southern province of An Giang and its neighbouring Cambodian provinces of TaKeo and Kandal ...
                # inked a deal": provinces that sign stand for their countries (a province a thing happens in does not)
                subj += [m for m in mentions if a <= m.start and m.end <= b and m.place and m.kind == "name"
                         and prev_end - len(window) <= m.start < am.start() and all(m.ref != x.ref for x in subj)
                         and _PROVINCE_OF_BEFORE.search(text, max(a, m.start - 50), m.start)
                         and not _SUBJECT_PROVINCE_END.match(text, m.end)]
                subj.sort(key=lambda m: m.start)
                counterpart = next((m for m in subj if _COUNTERPART_AFTER.match(text, m.end)), None)
                if len(subj) == 1 and counterpart is not None and not partners:
                    # "Attorney General, Julian Alvarez and his Brazilian counterpart, Paulo Abrao today signed an
                    # agreement": the other party is the country whose official has that counterpart, the one the
                    # story is about (its headline's other country, or the one named last before)
                    own = next((x for x in [self._home, *reversed(self._recent), *self._last_list, last_subject, subject]
                                if x is not None and x.kind == "name" and x.ref != counterpart.ref), None)
                    if own is not None:
                        subj = [own, counterpart]
                if partners and len(subj) >= 2 and not joint and re.fullmatch(
                        r"\s+(?:has|have|had)\s+(?:just\s+|now\s+|also\s+)?(?:signed|concluded|inked)\s+(?:a|an|the)\s+"
                        r"(?:new\s+)?", text[subj[-1].end : am.start()]):
                    subj = subj[-1:]  # "After Mali in 2011, Burkina Faso in 2013, Côte d'Ivoire has just signed a ..."
                    before = text[subj[0].start : am.start()]  # (those years are the others' instruments', not this one's)
                anaphora = self._ANAPHORA_PARTIES.search(text, max(a, am.start() - 80), am.start()) or (
                    not partners and self._ANAPHORA_PARTIES.search(text, am.end(), min(b, am.end() + 60))) or (
                    # "the two sides agreed to continue their close cooperation, implementing effectively the signed
                    # agreements": the sides named earlier in the sentence, in a clause of their own
                    not partners and not subj and self._SIDES_LEAD.match(text, a0)) or (
                    # "commended the cooperation between the two neighbours in all fields, especially the good efforts
                    # made in implementing the three Memoranda of Understanding": the pair named before, further back
                    not partners and not subj and _BETWEEN_THE_TWO.search(text, a, am.start()))
                parties: list[Mention]
                dated: Mention | None = None  # the dateline's country, standing for a body named without one
                about: Mention | None = None  # the country the text is about, standing for an official named without one
                listed_home: Mention | None = None  # the country whose instruments with a list of others are meant
                recipients = self._recipients(text, a, ms, subj) if len(subj) >= 2 and not partners else []
                if recipients:
                    # "Draft agreements have been ... presented to the governments of Qatar, United Arab Emirates and
                    # Oman": the countries a text goes to are the partners of the one that sends it, not of each other
                    rest = [m for m in subj if m not in recipients]
                    first_party = rest[0] if rest else self._last_agreement_party
                    if first_party is None:
                        continue
                    subj, partners, joint = [first_party], recipients, False
                if (len(subj) >= 2 and partners and not joint and _PLURAL_INSTRUMENT.search(am.group(0)) is not None
                        and re.search(r"\bwith\b", text[am.end() : partners[0].start]) is not None
                        and all(m.ref != x.ref for m in subj for x in partners)):
                    # "Countries like Ethiopia and Kenya now have agreements with Middle East countries": each has its
                    # own with them, none with the other
                    for own in subj:
                        for other in partners:
                            self.add_agreement(own, other, status, am.group(0), None, None, _quote(text, a, b),
                                               p.locator, subject)
                    continue
                # "the bilateral pacts ... have so far been signed only with countries like Qatar, United Arab Emirates,
                # Bahrain ...": instruments, each with one of them, of the country the text is from (none named here)
                each_with = (len(partners) >= 2 and not joint and not subj and _PLURAL_INSTRUMENT.search(am.group(0))
                             is not None and _EACH_WITH.search(text, am.end(), partners[0].start) is not None)
                if len(partners) >= 2 and (joint or not subj) and not each_with:
                    parties, joint = partners, True
                elif len(subj) >= 2 and not partners:
                    parties, joint = subj, True
                    if self._COUNTERPARTS_IN.search(text, max(a, subj[0].start - 40), subj[0].start):
                        # "Homeland Security Secretary Kirstjen Nielsen and her security counterparts in El Salvador,
                        # Guatemala, and Honduras signed": the one whose counterparts they are is a party too, of the
                        # country the text named last before them; none named, no instrument
                        own = next((x for x in reversed(self._recent) if all(x.ref != y.ref for y in subj)
                                    and not (x in ms and x.start > subj[0].start)), None)
                        if own is None:
                            continue
                        parties = [own, *subj]
                elif anaphora and not partners and len(subj) < 2 and (self._last_list or self._recent):
                    n = self._NUMBERS.get((anaphora.groupdict().get("n") or "").lower())
                    if n is None and re.match(r"both\b|their\b", anaphora.group(0), re.IGNORECASE):
                        n = 2  # "both countries", "their 2016 memorandum": a pair
                    if n is not None and n == len(self._last_parties):
                        # "sealed an agreement [Ivory Coast, Burkina Faso] ... such as Burkina Faso and Mali ... The two
                        # countries signed an accord": the parties of the instrument the text last drafted
                        parties = list(self._last_parties)
                    elif n is None or n == len(self._last_list):
                        parties = list(self._last_list)
                    elif n == 2 and self._story_pair is not None and len(self._story_pair) == 2:
                        # "The Philippines and Cambodia have agreed ..." ... "scam operation facilities ... in Cambodia,
                        # Laos and Myanmar" ... "It amended their 2016 memorandum of understanding": the pair the story
                        # opened with, not the last two of a list named since
                        parties = list(self._story_pair)
                    elif len(self._recent) >= n:
                        parties = self._recent[-n:]  # "the two countries": the last two named
                    else:
                        self._defer(n, status, am.group(0), text, a, b, am, p.locator, subject)
                        continue
                    joint = True
                elif (not subj and not partners and last_subject is None and subject is None and self.genre == "agreement"
                      and len(self._last_list) == 2 and all(  # none drafted yet, or only talks between these two
                          len(k) == 3 and k[2] == "negotiating" and {k[0], k[1]} == {m.ref for m in self._last_list}
                          for k in self._agreements)
                      and self._DEFINITE.search(text, max(a, am.start() - 30), am.start())):
                    # "After signing the MoU, the Greece minister told ..." under "Greece to recruit 4,000 workers from
                    # Bangladesh": the instrument the story is about (none drafted yet), between the two countries it
                    # last named
                    parties, joint = list(self._last_list), True
                elif (not subj and not partners and last_subject is None and self.genre != "profile"
                      and len(self._last_list) == 2 and self._BILATERAL.search(text, max(a, am.start() - 30), am.end())):
                    # "Meeting participants are finalising a draft bilateral cooperation agreement" after "Officials
                    # from Laos and China met": a bilateral instrument naming no party is between the last two named
                    parties, joint = list(self._last_list), True
                else:
                    first = subj[0] if subj else last_subject or subject
                    if first is None and partners:
                        # "finalizing arrangements for the signing of a MOU with Kuwait to protect Filipino migrant
                        # workers": a labour instrument's other party is the workers' country
                        first = next((m for m in ms if m.kind == "demonym" and self._WORKERS_AFTER.match(text, m.end)
                                      and all(m.ref != x.ref for x in partners)), None)
                    if (first is None and partners and self._dateline is not None
                            and all(m.ref != self._dateline[1] for m in partners)
                            and _BILATERAL_WORD.search(am.group(0)) and _UNNAMED_HOME_BODY.search(text[a : am.start()])):
                        # "Amman - ... Minister of Labour Atef Odeibat on Wednesday signed a memorandum of understanding
                        # with his Ethiopian counterpart": the minister's country is the dateline's
                        first = dated = Mention(-1, -1, self._dateline[0], self._dateline[1], "name")
                    if first is None and years and not subj:
                        first = self._last_agreement_party  # the party of the instrument the text last drafted
                    if (first is None and each_with and self._dateline is not None
                            and all(m.ref != self._dateline[1] for m in partners)):
                        first = dated = Mention(-1, -1, self._dateline[0], self._dateline[1], "name")
                    if first is None and each_with:
                        # else the country the text is about, or the one it named last before them ("Nepal has opened
                        # 110 countries for foreign employment to Nepalis. However, the bilateral pacts ...")
                        first = listed_home = self._text_home(partners) or next(
                            (x for x in reversed(self._recent) if x.start < a0 and all(x.ref != m.ref for m in partners)),
                            None)
                    if first is None and partners and status == "signed":
                        # "the Letter of Intent signed by Acting Secretary McAleenan with the Government of El Salvador":
                        # the country of the official who signed, named with it earlier in the text
                        first = self._signer_country(text[a : partners[0].start], partners)
                    if (first is None and partners and dated is None and not subj and status == "signed"
                            and _BILATERAL_WORD.search(am.group(0)) and self._OWN_OFFICIAL.search(text, a, am.start())):
                        # "Minister Imran Ahmad signed a memorandum of understanding (MoU) on recruitment of workers in
                        # Malaysia with the Malaysian Home Minister" in a story about Bangladesh: the official's country
                        # is the one the text is about (named far more often than any other but the partner)
                        first = about = self._text_home(partners)
                    if first is None:
                        if not partners and not subj and (anaphora or self._JOINT_WORD.search(am.group(0))):
                            n = self._NUMBERS.get(((anaphora.groupdict().get("n") if anaphora else None) or "").lower())
                            self._defer(n, status, am.group(0), text, a, b, am, p.locator, subject)
                        continue
                    last_subject = first
                    parties = [first, *[m for m in subj[1:] + partners if m.ref != first.ref]]
                parties = [m for k, m in enumerate(parties) if all(m.ref != x.ref for x in parties[:k])]
                if sum(m.kind != "region" for m in parties) >= 2:
                    # "the six Greater Mekong Sub-region (GMS) countries of Cambodia, China, ...": the region only
                    # names the group the parties are listed under
                    parties = [m for m in parties if m.kind != "region" or not (m in ms and _GROUP_OF.match(text, m.end))]
                if len(parties) == 1 and status == "signed" and _UNNAMED_PARTNER.match(text, am.end(), b):
                    self._lone_party = parties[0]  # its partner is named later: "as signatories"
                if (dated is None and len(parties) == 1 and self._dateline is not None and parties[0].ref != self._dateline[1]
                        and _BILATERAL_WORD.search(am.group(0)) and _UNNAMED_HOME_BODY.search(text[a : am.start()])):
                    # "ISLAMABAD - Federal Investigation Agency (FIA) and the Hellenic Police of Greece ... signing a
                    # memorandum of understanding", "Amman - Minister of Labour ... signed a memorandum of understanding
                    # with his Ethiopian counterpart": the body named without a country is the dateline's country's
                    dated = Mention(-1, -1, self._dateline[0], self._dateline[1], "name")
                    parties = [dated, parties[0]]
                if (len(parties) == 1 and status == "signed" and not partners and len(subj) == 1 and dated is None
                        and about is None and subj[0] in ms and _BODY_AFTER_DEMONYM.match(text, subj[0].end)
                        and _UNNAMED_OFFICIAL_AND.search(text, a, subj[0].start)
                        and re.search(r"\bsigned\b", text[subj[0].end : am.start()])):
                    # "Foreign Affairs Sec. Teodoro Locsin Jr. and UAE Foreign Minister Sheikh Abdullah bin Zayed Al
                    # Nahyan signed the Memorandum": the official named without a country is of the one the text is
                    # about (named far more often than any other but the partner)
                    about = self._text_home(parties)
                    if about is not None:
                        parties = [about, parties[0]]
                if len(parties) < 2:
                    continue
                quote = _quote(text, a, b)
                period = cues.period_of(before) if status == "signed" else None
                date = None
                if status == "signed" and period is None:
                    # (the years an instrument covers are not the day it was made: "inked a deal on ... from 2014-2018")
                    date = cues.date_of(before) or cues.date_of(_YEARS_COVERED.sub(" ", text[am.end() : b]))
                if years and len(set(years.values())) == 1:
                    date = next(iter(years.values()))
                self._last_parties = tuple(parties)
                if (joint or one_with) and len(parties) > 2:
                    self.add_joint_agreement(parties, status, am.group(0), date, quote, p.locator, subject)
                    continue
                for other in parties[1:]:
                    self.add_agreement(parties[0], other, status, am.group(0), years.get(other.ref, date), period, quote,
                                       p.locator, subject)
                if dated is not None:
                    self._note_first_party(dated.ref, quote, p.locator,
                                           f"{country_name(dated.ref)} is taken from the text's dateline ({dated.text}): "
                                           "the body that signed is named without its country.")
                if listed_home is not None and listed_home is parties[0]:
                    self._note_first_party(listed_home.ref, quote, p.locator,
                                           f"{country_name(listed_home.ref)} is not named with these instruments: it is "
                                           "the country the text is about, or the one it named last before them.")
                if about is not None and about is parties[0]:
                    self._note_first_party(about.ref, quote, p.locator,
                                           f"{country_name(about.ref)} is not named with the official who signed: it is "
                                           "the country the text is about (named far more often than any other).")
            self._remember_list(text, [m for m in names_here if a <= m.start and m.end <= b], (a, b, p.locator))
            # "is preparing to negotiate with Nepal and the United Arab Emirates"
            for nm in self._NEGOTIATE_WITH.finditer(text, a, b):
                if any(am.start() <= nm.start() < am.end() + 5 for am in matches):
                    continue
                partners = self._parties_of(text, [m for m in ms if m.kind == "name"], nm.end())
                if not partners or partners[0].start - nm.end() > 6:
                    continue
                before_names = [m for m in ms if m.kind == "name" and m.end <= nm.start()]
                first = before_names[0] if before_names else last_subject or self._last_agreement_party or subject
                if first is None:
                    continue
                quote = _quote(text, a, b)
                for other in partners:
                    pair = {first.ref, other.ref}
                    if any(set(k[:2]) == pair and k[2] == "signed" for k in self._agreements if len(k) == 3):
                        continue  # talks with a partner the text says already signed: about that instrument, no new one
                    if other.ref != first.ref:
                        self.add_agreement(first, other, "negotiating", "agreement", None, None, quote, p.locator, subject)

    _HYPHEN = re.compile(r"\s?[-–]\s?")

    def _hyphen_pairs(self, p: Paragraph, text: str, a: int, b: int, names: list[Mention],
                      subject: Mention | None) -> bool:
        """Bilateral instruments listed by their parties joined with a hyphen, each with its date: "The bilateral
        protocols (Albania-Montenegro, December 2014; Albania-Kosovo 2000 and Kosovo-Montenegro: 2014) have been
        signed" is three agreements of two parties each, not one of three (Kosovo has no ISO code: two are left)."""
        pairs = [(x, y) for x, y in zip(names, names[1:]) if x.ref != y.ref and self._HYPHEN.fullmatch(text[x.end : y.start])]
        if not pairs or len(pairs) < 2 and not re.search(r"\bbilateral\s+(?:[\w-]+\s+)?(?:agreements|protocols|"
                                                          r"memoranda|MOUs|MoUs|accords|treaties)\b", text[a:b], re.I):
            return False  # (one pair is enough where the instruments are bilateral ones: the rest may be unknown places)
        status = self._status(text[a:b], text[a:b])
        if status is None:
            return False
        word = next((m.group(0) for m in self._instrument_words().finditer(text, a, b)), "agreement")
        quote = _quote(text, a, b)
        for i, (x, y) in enumerate(pairs):
            end = pairs[i + 1][0].start if i + 1 < len(pairs) else b
            tail = re.split(r"[;)]", text[y.end : end], maxsplit=1)[0]
            self.add_agreement(x, y, status, word, cues.date_of(tail), None, quote, p.locator, subject)
            pa, pb = self.endpoint(x, subject, quote, p.locator), self.endpoint(y, subject, quote, p.locator)
            self._agreements[(pa, pb, status)]["kind"] = "bilateral"
            self._listed_bilateral = self._listed_bilateral | {pa, pb}  # (a new set: the class's stays empty)
        return True

    #: the parties of instruments listed pair by pair; "the protocols" of them all later are those, not one more
    _listed_bilateral: set[str] = set()

    def _remember_demonym_pair(self, text: str, mentions: list[Mention], a: int, b: int) -> None:
        """Two countries named by the adjectives of the officials or bodies that meet or sign: "Thai and Laotian
        officials met in Bangkok ... the 2 countries signed a Memorandum of Understanding" (the pair "the two
        countries" stands for; a list of countries named later replaces it)."""
        ds = [m for m in mentions if a <= m.start and m.end <= b and m.kind in ("demonym", "name") and not m.plural
              and not m.place]  # ("Thai" is found as the country's name)
        for d1, d2 in zip(ds, ds[1:]):
            if (d1.ref != d2.ref and _DEMONYM_PAIR_JOIN.fullmatch(text[d1.end : d2.start])
                    and (_PEOPLE_AFTER_DEMONYM.match(text, d2.end) or _BODY_AFTER_DEMONYM.match(text, d2.end))):
                self._last_list = [d1, d2]
                if self._story_pair is None:
                    self._story_pair = (d1, d2)
                return

    _instrument_re: re.Pattern[str] | None = None

    def _instrument_words(self) -> re.Pattern[str]:
        """The words for an instrument, with the short forms the text defines for them: "bilateral labour migration
        agreements (BLMAs)" ... "Jordan and Uganda entered into a BLMA in 2016" (a short form ends with its instrument's
        word: "Trafficking in Persons Protocol (TIP)" defines none)."""
        if self._instrument_re is None:
            short = sorted({m.group("acr") for m in _DEFINED_SHORT.finditer(self.doc.text)
                            if cues.AGREEMENT.fullmatch(m.group("acr")) is None
                            and any(x.end() == m.start() and x.group(0).split()[-1][:1].upper() == m.group("acr")[-1]
                                    for x in cues.AGREEMENT.finditer(self.doc.text, max(0, m.start() - 60), m.start()))})
            self._instrument_re = cues.AGREEMENT if not short else re.compile(
                cues.AGREEMENT.pattern + "|" + "|".join(rf"(?-i:\b{re.escape(x)}s?\b)" for x in short), re.IGNORECASE)
        return self._instrument_re

    _SIGNED_BY = re.compile(r"\bsigned\s+by\s+(?:[A-Z][\w.’'-]*\s+){0,4}?(?P<name>[A-Z][\w’'-]+)\s+with\b")

    #: an official or body named without a country before the instrument: "Minister Imran Ahmad signed a ..."
    _OWN_OFFICIAL = re.compile(r"\b(?:Minister|Ministry|Secretary)\s+(?:[A-Z][\w’'-]+\s+){1,4}(?:has\s+|have\s+)?"
                               r"(?:signed|inked)\s+(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten)\s+"
                               r"(?:[\w-]+\s+){0,3}$")
    _home_counts: dict[str, int] | None = None

    def _note_first_party(self, ref: str, quote: str, locator: str, note: str) -> None:
        """Say where a party not named in the quote came from, on the agreements just drafted from that quote."""
        ev = {"quote": quote, "locator": locator}
        for fact in self._agreements.values():
            if fact["parties"][0] == ref and ev in fact["evidence"]:
                fact.setdefault("note", note)

    def _text_home(self, partners: list[Mention]) -> Mention | None:
        """The country a text is about: named (or its people) at least three times and twice as often as any other,
        the partners aside."""
        if self._home_counts is None:
            counts: dict[str, int] = {}
            for m in find_mentions(self.doc.text):
                if m.kind in ("name", "demonym") and not m.place:
                    counts[m.ref] = counts.get(m.ref, 0) + 1
            self._home_counts = counts
        ranked = sorted(((n, ref) for ref, n in self._home_counts.items() if all(ref != m.ref for m in partners)),
                        reverse=True)
        if not ranked or ranked[0][0] < 3 or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
            return None
        return Mention(-1, -1, country_name(ranked[0][1]), ranked[0][1], "name")

    def _signer_country(self, before: str, partners: list[Mention]) -> Mention | None:
        """The country of an official known from earlier in the text who signed ("signed by Acting Secretary
        McAleenan with"), when it is none of the partners."""
        sm = self._SIGNED_BY.search(before)
        if sm is None:
            return None
        surname = sm.group("name").casefold()
        for e in self._experts.values():
            country = e.get("country")
            if country and str(e["name"]).split()[-1].casefold() == surname and all(m.ref != country for m in partners):
                return Mention(-1, -1, country_name(str(country)), str(country), "name")
        return None

    _DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:(?:new|bilateral|labou?r)\s+)?$|"
                           # the event the story reports: "Speaking during the signing of a memorandum of understanding"
                           r"\b(?:during|at|after)\s+the\s+signing\s+of\s+(?:a|an)\s+(?:new\s+)?$", re.IGNORECASE)
    #: a sentence whose subject is the parties: "At the conference, the two sides agreed to ..."
    _SIDES_LEAD = re.compile(r"\s*(?:(?:At|In|During|After)\s+(?:the|this)\s+(?:\w+\s+)?(?:conference|meeting|talks|"
                             r"session|dialogue)\s*,\s*)?(?:the|both)\s+(?P<n>two)\s+(?:sides|countries|parties|nations)\b",
                             re.IGNORECASE)
    _story_pair: tuple[Mention, ...] | None = None  # the first list of countries the text names
    _lone_party: Mention | None = None  # the one named party of an instrument signed "with a neighboring country"
    _last_parties: tuple[Mention, ...] = ()  # the parties of the instrument drafted last
    _COUNTERPARTS_IN = re.compile(r"\bcounterparts?\s+(?:in|from|of)\s+(?:the\s+)?$", re.IGNORECASE)
    _WORKERS_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,2}(?:workers|migrants|nationals|labou?rers|employees|maids|"
                                r"helpers|domestics)\b")
    _BILATERAL = re.compile(r"\bbilateral\b", re.IGNORECASE)
    #: a list of countries a text is presented, sent or given to: "presented to the governments of Qatar, ..."
    _TO_GOVERNMENTS = re.compile(r"\b(?:presented|submitted|sent|handed|given|forwarded)\s+(?:\w+\s+){0,2}?to\s+(?:the\s+)?"
                                 r"(?:(?:governments?|authorities)\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)

    def _recipients(self, text: str, a: int, ms: list[Mention], subj: list[Mention]) -> list[Mention]:
        """The list among ``subj`` that a text is presented or sent to (with the list members before the window)."""
        if not subj or subj[0] not in ms:
            return []
        j = ms.index(subj[0])
        while j > 0 and cues.LIST_JOIN.match(text[ms[j - 1].end : ms[j].start]):
            j -= 1
        if not self._TO_GOVERNMENTS.search(text, max(a, ms[j].start - 60), ms[j].start):
            return []
        chain = self._parties_of(text, ms, ms[j].start)
        return [m for m in chain if m.kind == "name"] if len(chain) >= 2 else []
    _LABOUR_PARTIES = re.compile(
        r"\s*(?:\([^)]{1,12}\)\s*)?(?:on|for) (?:the )?(?:recruitment|hiring|employment|deployment|placement|sending) of "
        r"(?P<who>[A-Z][\w-]+) (?:[a-z]+ ){0,3}(?:to|in) (?:the )?(?P<to>[A-Z])")
    #: "this deal, along with similar ones made with Jordan and Lebanon": the same party's instruments with others
    _SIMILAR_WITH = re.compile(
        r"\b(?:similar|such|comparable) (?:ones|deals|agreements?|MOUs?|MoUs?|pacts?|accords?) (?:already )?"
        r"(?:made|signed|concluded|struck|reached|inked) with\s+(?:other countries,?\s+(?:including|such as|like)\s+)?"
        r"(?:the\s+)?", re.IGNORECASE)

    _SIMILAR_BETWEEN = re.compile(
        r"\b[Ss]imilar\s+(?:arrangement|mechanism|deal)s?\s+(?:is|are|was|were|has been|have been)\s+(?:also\s+)?"
        r"(?P<verb>planned|proposed|envisaged|being negotiated|under negotiation|signed|concluded)\s+between\s+(?:the\s+)?")

    def _similar_with(self, p: Paragraph, text: str, a: int, b: int, mentions: list[Mention],
                      subject: Mention | None) -> None:
        """Signed instruments "similar" to one the text already drafted, with the countries listed: the
        party they share is the one of that instrument's parties the sentence names (else its first)."""
        sm = self._SIMILAR_BETWEEN.search(text, a, b)
        if sm is not None:
            # "A similar arrangement is also planned between the Republic of Congo and Democratic Republic of Congo":
            # an instrument like the one the story is about, between the two named after it
            ms = [x for x in mentions if a <= x.start and x.end <= b and x.kind == "name" and not x.place]
            pair = self._parties_of(text, ms, sm.end())
            if len(pair) == 2 and pair[0].start - sm.end() <= 25 and pair[0].ref != pair[1].ref:
                verb = sm.group("verb")
                status = ("signed" if verb in ("signed", "concluded") else
                          "negotiating" if "negotia" in verb else "proposed")
                self.add_agreement(pair[0], pair[1], status, "agreement", None, None, _quote(text, a, b), p.locator,
                                   subject)
        m = self._SIMILAR_WITH.search(text, a, b)
        if m is None or not self._agreements:
            return
        ms = [x for x in mentions if a <= x.start and x.end <= b and x.kind in ("name", "demonym") and not x.place]
        partners = [x for x in self._parties_of(text, [x for x in ms if x.kind == "name"], m.end())]
        if not partners or partners[0].start != m.end():
            return
        earlier = {ref for k in self._agreements for ref in k[:2]}
        named = [x for x in ms if x.end <= m.start() and x.ref in earlier]
        first = named[0] if named else self._last_agreement_party
        if first is None:
            return
        quote = _quote(text, a, b)
        for other in partners:
            if other.ref != first.ref:
                self.add_agreement(first, other, "signed", "agreement", None, None, quote, p.locator, subject)

    #: a ministerial initiative launched among governments: "COMMIT, the Coordinated Mekong Ministerial Initiative
    #: against Trafficking, which was launched among the governments of Cambodia, China, ..."
    _LAUNCHED_AMONG = re.compile(
        r"\b(?:[Ii]nitiative|COMMIT)\b[^.;]{0,80}?\blaunched\s+(?:in\s+(?P<year>(?:19|20)\d\d)\s+)?(?:among|between)\s+"
        r"(?:the\s+)?(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+countries\b[^.;]{0,60}?\bwhich\s+also\s+"
        r"includes?\s+|governments?\s+of\s+(?:the\s+)?)?")

    def _initiative_in(self, p: Paragraph, text: str, a: int, b: int, mentions: list[Mention],
                       subject: Mention | None) -> None:
        """An intergovernmental initiative launched among the countries listed (with those of the instrument the text
        drafted last when it counts them: "launched in 2004 between the six countries in the Mekong subregion, which
        also includes Myanmar, China, Cambodia, and Laos"): signed by them all."""
        m = self._LAUNCHED_AMONG.search(text, a, b)
        if m is None:
            return
        ms = [x for x in mentions if m.end() <= x.start and x.end <= b and x.kind == "name" and not x.place]
        listed = self._parties_of(text, ms, ms[0].start) if ms and ms[0].start - m.end() <= 2 else []
        n = self._NUMBERS.get((m.group("n") or "").lower())
        parties = list(listed)
        if n is not None:
            parties = [*self._last_parties, *[x for x in listed if all(x.ref != y.ref for y in self._last_parties)]]
            if len(parties) != n:
                return
        if len(parties) < 3:
            return
        year = m.group("year") or next((y.group(1) for y in [_YEAR_AFTER.match(text, listed[-1].end)] if y), None)
        self.add_joint_agreement(parties, "signed", "initiative", year, _quote(text, a, b), p.locator, subject)

    def _planned_after_all(self, quote: str, locator: str) -> None:
        """"Indonesia and Malaysia have agreed on a new Memorandum of Understanding ...", then "the MoU is set to be
        signed next year": the one instrument agreed on, with no word of its signing, is planned, not signed."""
        signed = [k for k in self._agreements if k[2] == "signed"]
        if len(signed) != 1 or len(self._agreements) != 1:
            return
        fact = self._agreements[signed[0]]
        if any(_SIGN_WORD.search(ev["quote"]) for ev in fact["evidence"]):
            return
        del self._agreements[signed[0]]
        pa, pb, _ = signed[0]
        fact["status"] = "proposed"
        fact["id"] = self.fid("agreement", f"{_local(pa)}-{_local(pb)}-proposed")
        fact["title"] = str(fact["title"]).replace("(signed)", "(proposed)")
        fact["evidence"].append({"quote": quote, "locator": locator})
        self._agreements[(pa, pb, "proposed")] = fact

    _last_status: str | None = None  # the status of the instrument the text last spoke of
    _TITLED = re.compile(r"\b(?:titled|entitled|named|called)\s*[“\"‘']?\s*$", re.IGNORECASE)

    def _titled_status(self, text: str, a: int, am: re.Match[str]) -> str | None:
        """An instrument named by its title only ("The MoU titled “Memorandum of Understanding between Bangladesh and
        India on ...”") is the one the text spoke of before: its status."""
        if self._TITLED.search(text, max(a, am.start() - 20), am.start()):
            return self._last_status
        return None

    def _status(self, window: str, clause: str) -> str | None:
        if cues.PROPOSED.search(window):
            return "proposed"
        if cues.NEGOTIATING.search(window):
            return "negotiating"
        if cues.SIGNED.search(window):
            return "signed"
        return None

    #: an instrument of several parties by its name: "A joint statement ... will be signed during the meeting"
    _JOINT_WORD = re.compile(r"\b(?:joint|multilateral|regional)\b", re.IGNORECASE)
    _pending: tuple[int | None, str, str, str | None, str, str, Mention | None] | None = None

    def _defer(self, n: int | None, status: str, word: str, text: str, a: int, b: int, am: re.Match[str],
               locator: str, subject: Mention | None) -> None:
        """An instrument whose parties the text names only after it ("ministers from the six COMMIT countries signed
        the second Joint Declaration" ... "the governments of Cambodia, China, Lao PDR, Myanmar, Thailand and
        Vietnam"): kept for the next list of countries (of ``n`` when the text counts them, else of three or more)."""
        date = (cues.date_of(text[a : am.start()]) or cues.date_of(text[am.end() : b])) if status == "signed" else None
        self._pending = (n, status, word, date, _quote(text, a, b), locator, subject)

    def _remember_list(self, text: str, names: list[Mention], where: tuple[int, int, str] | None = None) -> None:
        """The last list of two or more countries named, for "the six nations signed"; a deferred instrument's
        parties when ``where`` (the clause and its locator) is given."""
        run: list[Mention] = []
        lists: list[list[Mention]] = []
        for m in names:
            if run and cues.LIST_JOIN.match(text[run[-1].end : m.start]) and all(x.ref != m.ref for x in run):
                run.append(m)
                continue
            if len(run) >= 2:
                self._last_list = run
                lists.append(run)
            run = [m]
        if len(run) >= 2:
            self._last_list = run
            lists.append(run)
        if lists and self._story_pair is None:
            self._story_pair = tuple(lists[0])  # the first list the text names (a pair: the story's two countries)
        if self._pending is not None and lists and where is not None:
            n, status, word, date, quote, locator, subject = self._pending
            self._pending = None  # the next list names the parties, or none
            found = lists[0]
            if (len(found) == n if n is not None else len(found) >= 3) and all(m.kind == "name" for m in found):
                self.add_joint_agreement(found, status, word, date, quote, locator, subject)
                self._last_parties = tuple(found)
                fact = self._agreements[(*sorted(self.endpoint(m, subject, quote, locator) for m in found), status,
                                         date or "")]
                ev = {"quote": _quote(text, where[0], where[1]), "locator": where[2]}  # where the parties are named
                if ev not in fact["evidence"]:
                    fact["evidence"].append(ev)

    def add_joint_agreement(
        self, parties: list[Mention], status: str, word: str, date: str | None, quote: str, locator: str,
        subject: Mention | None,
    ) -> None:
        refs = [self.endpoint(m, subject, quote, locator) for m in parties]
        if self._listed_bilateral and set(refs) <= self._listed_bilateral and re.search(r"s$", word.strip(), re.I):
            return  # "the practical implementation of the protocols" of the three: the bilateral ones listed before
        key = (*sorted(refs), status, date or "")
        if key in self._agreements:
            ev = {"quote": quote, "locator": locator}
            if ev not in self._agreements[key]["evidence"]:
                self._agreements[key]["evidence"].append(ev)
            return
        names = ", ".join(country_name(m.ref) if m.kind == "name" else " ".join(m.text.split()) for m in parties)
        noun = " ".join(word.split())
        label = {"negotiating": "under negotiation", "proposed": "proposed", "signed": "signed"}[status]
        fact: dict[str, Any] = {
            "id": self.fid("agreement", f"{'-'.join(_local(r) for r in sorted(refs))}-{status}-{date or ''}"),
            "title": f"{noun} of {names} ({label})",
            "kind": "regional",
            "status": status,
            "parties": refs,
        }
        if date:
            fact["date"] = date
        fact["evidence"] = [{"quote": quote, "locator": locator}]
        self._agreements[key] = fact

    def add_agreement(
        self, a: Mention, b: Mention, status: str, word: str, date: str | None,
        period: tuple[str, str] | None, quote: str, locator: str, subject: Mention | None,
    ) -> None:
        self._last_agreement_party = a
        pa = self.endpoint(a, subject, quote, locator)
        pb = self.endpoint(b, subject, quote, locator)
        kind = "regional" if b.kind == "region" or a.kind == "region" else "bilateral"
        if re.search(r"multilateral|convention|protocol", word, re.I):
            kind = "multilateral"
        key = (pa, pb, status)
        # one instrument whose text is being finalised and whose signing is planned: planned ("both sides finalised the
        # text of the draft MOU" after "the Union Cabinet today approved signing of a pact between the two countries")
        proposed = next((k for k in ((pa, pb, "proposed"), (pb, pa, "proposed")) if k in self._agreements), None)
        if status == "negotiating" and proposed is not None:
            key = proposed
        talks = [k for k in ((pa, pb, "negotiating"), (pb, pa, "negotiating")) if k in self._agreements]
        if key in self._agreements:
            ev = {"quote": quote, "locator": locator}
            if ev not in self._agreements[key]["evidence"]:
                self._agreements[key]["evidence"].append(ev)
            return
        earlier = [ev for k in talks for ev in self._agreements.pop(k)["evidence"]] if status == "proposed" else []
        na = country_name(a.ref) if a.kind != "region" else " ".join(a.text.split())
        nb = country_name(b.ref) if b.kind != "region" else " ".join(b.text.split())
        noun = re.sub(r"s$", "", word.strip(), flags=re.I) if not word.lower().endswith("ss") else word
        noun = re.sub(r"(?i)(treat)ie$", r"\1y", noun)  # "these treaties": a treaty each
        label = {"negotiating": "under negotiation", "proposed": "proposed", "signed": "signed"}[status]
        fact: dict[str, Any] = {
            "id": self.fid("agreement", f"{_local(pa)}-{_local(pb)}-{status}"),
            "title": f"{na}–{nb} {noun} ({label})",
            "kind": kind,
            "status": status,
            "parties": [pa, pb],
        }
        if date:
            fact["date"] = date
        if period:
            fact["period_start"], fact["period_end"] = period
            fact["note"] = f"Signed between {period[0]} and {period[1]} (the source gives this window)."
        fact["evidence"] = [{"quote": quote, "locator": locator}]
        fact["evidence"] += [ev for ev in earlier if ev not in fact["evidence"]]  # the talks about it, said before
        self._agreements[key] = fact

    _COOP = (
        ("joint_investigation", re.compile(r"\bjoint (?:investigations?|operations?)\b", re.I)),
        ("working_group", re.compile(r"\bworking groups?\b", re.I)),
        ("liaison", re.compile(r"\bliaison\b", re.I)),
        ("information_sharing", re.compile(r"\b(?:information (?:sharing|exchange)|share information|exchange of information)\b", re.I)),
    )

    def cooperations_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:
        a, b = sentence
        sent = text[a:b]
        kind = next((k for k, pat in self._COOP if pat.search(sent)), None)
        if kind is None or subject is None or subject.kind == "region":
            return
        ms = [m for m in mentions if a <= m.start and m.end <= b and m.kind == "name"]
        others: list[Mention] = []
        for m in ms:
            if m.ref == subject.ref or any(o.ref == m.ref for o in others):
                continue
            if re.search(r"\b(?:with|in|and)\s+(?:the\s+)?(?:[A-Z]\w+\s+)?$", text[max(a, m.start - 40) : m.start]):
                others.append(m)
        spanish = [m for m in mentions if a <= m.start and m.end <= b and m.kind == "demonym" and m.ref != subject.ref
                   and re.match(r"\s+(?:Police|authorities|officials|counterparts)", text[m.end : m.end + 15])]
        others.extend(m for m in spanish if all(o.ref != m.ref for o in others))
        quote = _quote(text, a, b)
        date = cues.date_of(sent)
        for m in others:
            party = self.endpoint(m, subject, quote, p.locator)
            key = (subject.ref, party, kind)
            if key in self._cooperations:
                continue
            name = country_name(m.ref) if m.kind != "region" else " ".join(m.text.split())
            fact: dict[str, Any] = {
                "id": self.fid("cooperation", f"{_local(subject.ref)}-{_local(party)}-{kind}"),
                "title": f"{country_name(subject.ref)}–{name} {kind.replace('_', ' ')}",
                "kind": kind,
                "parties": [subject.ref, party],
            }
            if date:
                fact["date"] = date
            fact["evidence"] = [{"quote": quote, "locator": p.locator}]
            self._cooperations[key] = fact

    # ----------------------------------------------------------- agencies and experts

    _ORG_HEAD = (
        r"(?:Ministry|Police|Office|Bureau|Department|Centre|Center|Organization|Organisation|Agency|Unit|"
        r"High Commissioner|Commission|Council|Brigade|Directorate|Division|Task Force|Taskforce|Committee|Authority|Institute|"
        r"Embassy|Coalition|Service|Services)"
    )
    _CAP = r"(?:[A-Z][\w’'’-]*|[A-Z]{2,})"
    _ORG = re.compile(
        rf"(?:(?:{_CAP}|of|for|the|on|and|to)\s+)*?{_CAP}\s+(?:{_CAP}\s+)*?{_ORG_HEAD}\b"  # not "Commissioner", "Officers"
        rf"(?:\s+(?:of|for|to|on|against)\s+(?:the\s+)?{_CAP}(?:\s+(?:{_CAP}|in|of|and|on|to|for|the))*\s+{_CAP}|"
        rf"\s+(?:of|for|to|on|against|Against)\s+(?:the\s+)?{_CAP})?(?:\s+\(([A-Z][A-Za-z]{{1,9}})\))?"
    )
    _INTERNATIONAL = re.compile(r"\b(?:International|European|EU|United Nations|UN|Interpol|EUROPOL|Europol|World)\b")
    #: A ministry or department named head first: "the Ministry of Foreign Affairs", "Department of State".
    _ORG_HEAD_FIRST = re.compile(
        rf"\b(?:Ministry|Ministries|Department|Directorate|Secretariat)\s+(?:of|for)\s+(?:the\s+)?{_CAP}"
        rf"(?:\s+(?:and\s+)?{_CAP})*(?:\s+\(([A-Z][A-Za-z]{{1,9}})\))?")
    #: International bodies known by one name, which the head-word pattern cannot see ("Europol said").
    _KNOWN_BODY = re.compile(
        r"\b(?:Europol|EUROPOL|Eurojust|Interpol|INTERPOL|Frontex|UNODC|UNICEF|UNHCR|UNDP|OHCHR|IOM|ILO|OSCE|ECOWAS|"
        r"European Union|Council of Europe|Human Rights Watch|Amnesty International|UN Women)\b(?![’'-]|\s+[A-Z][a-z])")

    def agencies_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:  # noqa: C901
        a, b = sentence
        found = list(self._ORG.finditer(text, a, b))
        spans = [(m.start(), m.end()) for m in found]
        for extra in (self._ORG_HEAD_FIRST, self._KNOWN_BODY):
            for m in extra.finditer(text, a, b):
                if not any(x <= m.start() < y for x, y in spans):  # not inside a longer name already found
                    found.append(m)
                    spans.append((m.start(), m.end()))
        for m in found:
            name = re.sub(r"^(?:(?:of|for|the|The|THE|on|and|to)\s+)+", "", m.group(0))  # "THE Inter-Agency Council"
            acronym = m.group(1) if m.re.groups else None
            if acronym:
                name = name[: name.rfind("(")].strip()
            name = " ".join(name.split())
            while _PERSON_TITLE_LEAD.match(name):
                name = name[_PERSON_TITLE_LEAD.match(name).end() :]  # type: ignore[union-attr]
            if (mt := _MINISTER_TITLE.match(name)) is not None:
                if not re.search(r"\bMinistry\b", name[mt.end() :]):
                    continue  # "chaired by Minister of Justice and Public Authority for Housing ...": a person's title
                name = re.sub(r"^the\s+", "", name[mt.end() :])  # "Vice Minister of the Vietnamese Ministry of ..."
            name = _ENVOY_LEAD.sub("", name)  # "Representative the United Nations Office on Drugs and Crime for ..."
            if (lead := re.match(r"(.+?)\s+and\s+(?:the\s+)?(?=[A-Z])", name)) is not None and not lead.group(1).isupper() and any(
                    x.start == 0 and x.end == len(lead.group(1)) and x.kind == "name" for x in find_mentions(lead.group(1))):
                # "the Ministry of Labour in Qatar and the Human Rights Commission in Saudi Arabia": the country ends
                # one body, the next starts after "and"
                name = name[lead.end() :]
            words = name.split()
            if _JOINT_BODY.search(name):
                continue  # "the Pakistan-EU Joint Commission": two countries' meeting, no agency
            if _NEWS_AGENCY.search(name):
                continue  # "the Saudi Press Agency", "Sudan News Agency": the text's source, not a body that acts
            if re.search(r"\bServices?$", name) and _SERVICE_MODIFIES.match(text, m.end()):
                continue  # "Household Service Workers (HSWs)", "Public Service, Labour and Social Welfare Minister"
            if _PROVINCE.fullmatch(name) and _PROVINCE_LIST.search(text, max(a, m.start() - 40), min(b, m.end() + 40)):
                continue  # "from Northern Shan State, Yangon Division, Mandalay Division, Kachin State": provinces
            if not acronym and (tail := _AND_OTHER_TAIL.match(text, m.end(), b)) is not None:
                # "The National Agency for the Prohibition of Trafficking in Persons and other Related Matters (NAPTIP)"
                acronym = tail.group("acr")
                name = " ".join((name + text[m.end() : m.end() + tail.start("acr") - tail.start()]).split()).rstrip(" (")
                words = name.split()
            if (len(words) < 2 and m.re is not self._KNOWN_BODY
                    or words[0] in {"The", "In", "For", "With", "And"} and len(words) < 3):
                continue
            key = name.casefold()
            if key in self._agencies or any(str(f.get("acronym", "")).casefold() == key for f in self._agencies.values()):
                continue  # "IOM" after "the International Organization for Migration (IOM)": the same body
            if acronym:
                self._agencies.pop(acronym.casefold(), None)  # named in full after its acronym alone: one body
            inside = [x for x in mentions if m.start() <= x.start and x.end <= m.end() and x.kind != "region"]
            country = inside[0].ref if inside else None
            kind = "international" if self._INTERNATIONAL.search(name) else "national"
            if kind == "national" and re.search(r"\b(?:Unit|Office|Centre|Center|Brigade|Division|Task ?[Ff]orce)\b", name):
                kind = "unit"
            if country is None and kind != "international" and subject is not None and subject.kind != "region":
                country = subject.ref
            fact: dict[str, Any] = {"id": self.fid("agency", acronym or name), "name": name}
            if acronym:
                fact["acronym"] = acronym
            fact["kind"] = kind
            if country:
                fact["country"] = country
            fact["evidence"] = [{"quote": _quote(text, m.start(), m.end()), "locator": p.locator}]
            self._agencies[key] = fact

    _TITLE = r"(?:Mr|Mrs|Ms|Dr|Prof|Director|Minister|Ambassador|Commissioner|Inspector|Superintendent|Judge|Colonel|Captain)"
    _NAME = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ’'-]*"
    _EXPERT = re.compile(rf"\b({_TITLE})\.?\s+((?:[A-Z]\.(?=\s)|{_NAME})(?:\s+(?:[A-Z]\.(?=\s)|{_NAME})){{0,4}})")
    _ROLE = re.compile(r"^\s*(?:\*\*)?\s*(?:,\s*([^,;.]{3,120}?)\s*(?:,|;|\.)|\s+(from [^,;.]{3,80}?)(?=\s+(?:gave|provided|presented|noted|added|said|highlighted|pointed|explained|described|outlined|shared|welcomed)\b|[,;.]))")

    def experts_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:  # noqa: C901
        a, b = sentence
        for m in self._EXPERT.finditer(text, a, b):
            title, name = m.group(1), self._MALAY_HONORIFIC.sub("", m.group(2))
            if name == m.group(2) and self._MALAY_HONORIFIC.match(m.group(2) + " X"):
                continue  # "Human Resources Minister Datuk Seri" and nothing after: no name
            nstart = m.start(2) + len(m.group(2)) - len(name)
            tokens = re.sub(r"[’']s$", "", name).split()
            if tokens and tokens[-1].endswith(".") and len(tokens[-1]) == 2:
                tokens.pop()  # an initial with nothing after it
            while tokens and (tokens[-1].lower() in {"the", "of"} or tokens[-1] in {"From", "Ministry", "Office"}):
                tokens.pop()
            if len(tokens) >= 2 and tokens[0] in {"Syed", "Sayed", "Sayyid", "Engineer"}:
                tokens.pop(0)  # "Interior Minister Syed Mohsin Naqvi" is also "Mohsin Naqvi"
            if not tokens or any(t in {"Prime", "Minister", "Premier", "Chief"} for t in tokens):
                continue
            if any(t.rstrip(".,") in self._NOT_NAME for t in tokens):
                continue  # "The Director General of the Federation ...": a post, no name
            if re.match(r"\s*\(not (?:his|her|their) real name|\s*\(a pseudonym", text[m.end() : b]):
                continue  # a victim's pseudonym, not someone to contact
            if self._expert_key(" ".join(tokens)) in self._pseudonyms:
                continue
            name = " ".join(tokens)
            if len(name) < 2:
                continue
            end = nstart + len(name)
            role_m = self._ROLE.match(text[end:b])
            role = " ".join((role_m.group(1) or role_m.group(2)).split()) if role_m else None
            if role and not re.search(r"[A-Za-z]{3}", role):
                role = None  # "Mr Win Maung, 29,": an age, not a role
            if (len(tokens) == 1 and title in {"Mr", "Mrs", "Ms"} and self._expert_key(name) not in self._experts
                    and not (role and re.search(rf"\b(?i:{self._ROLE_NOUN})", role))
                    and not re.match(r"\s*(?:said|says|told|added|stated|explained|noted|:)", text[end:b])):
                continue  # "Mr. Long was held", "Mrs Nam, a neighbour": a story's people, not quoted officials
            qend = end + (role_m.end() if role_m else 0)
            quote = _quote(text, m.start(), qend).rstrip(",;.")
            country = None
            if role:
                inside = [x for x in find_mentions(role) if x.kind == "name"]
                country = inside[0].ref if inside else None
            if country is None and subject is not None and subject.kind != "region":
                country = subject.ref
            key = self._expert_key(name)
            if key in self._experts:
                e = self._experts[key]
                if len(name) > len(e["name"]):
                    e["name"] = name
                ev = {"quote": quote, "locator": p.locator}
                if ev not in e["evidence"] and len(e["evidence"]) < 3:
                    e["evidence"].append(ev)
                if role and not e.get("role"):
                    e["role"] = role
                continue
            fact: dict[str, Any] = {"id": "", "name": name, "title": title}
            if role:
                fact["role"] = role
            if country:
                fact["country"] = country
            fact["evidence"] = [{"quote": quote, "locator": p.locator}]
            self._experts[key] = fact

    #: initials without dots lead South Asian names ("K K Vyas", "N Prakash Reddy"), or with dots run together
    #: ("M.I. Haider"); "A" alone is an article; letters beyond Latin-1 too ("Lương Tam Quang")
    _PNAME = (r"(?:[A-Z][a-zà-ÿĀ-ɏḀ-ỿ’']+-[A-Z][a-zà-ÿĀ-ɏḀ-ỿ’']+|[A-Z][a-zà-ÿĀ-ɏḀ-ỿ’'-]+|(?<![\w.’'])(?:(?:[A-Z]\.){1,3}|(?!A\s)[A-Z](?=\s+[A-Z])))(?:\s+[“\"][A-Z][a-z]+[”\"])?(?:\s+[A-Z]\.?(?=\s+[A-Z][a-z]))?"
              r"(?:\s+(?:(?:bin|bint|al|el|de|da|del|dos|van|von|der|le|la|Al)\s+){0,2}"  # "von der Leyen", "de la Fuente"
              r"[A-Z][\wà-ÿĀ-ɏḀ-ỿ’'-]*[a-zà-ÿĀ-ɏḀ-ỿ]){1,4}(?:\s+Jr\.?)?")
    #: Ranks and honorifics between a title and a name: "Sen. Lt. Gen. To Lam", "Rev. Augustine Alaribe".
    _HONORIFICS = (r"(?:(?:Dr|Mr|Mrs|Ms|Sheikh|Prof|Rev|Hon|Sen|Lt|Lieut|Gen|Maj|Col|Brig|Capt|Adm|Amb|Eng|Engr|Datuk|Dato['’]?|Datin|Tan|"
                   r"Tun|Toh|Puan|Seri|Sri|Haji|Hajah|Pehin|(?-i:His|Her)\s+Excellency)\.?\s+)*")
    #: a diplomat's style before a name, never part of it: "H.E. Saeed Alhebsi, Director of ...", "Her Excellency
    #: Sylvia Cesaratto, Canadian Ambassador to Panama"
    _EXCELLENCY = re.compile(r"^(?:H\.\s?E\.|(?:Her|His)\s+Excellency)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?=\S+\s+\S)")
    #: Malay and Bruneian honorifics before a name ("Home Minister Datuk Seri Saifuddin Nasution Ismail"): never a name.
    _MALAY_HONORIFIC = re.compile(r"^(?:(?:Datuk|Dato['’]?|Datin|Tan|Tun|Toh|Puan|Seri|Sri|Haji|Hajah|Pehin)\s+)+"
                                  r"(?=[A-Z])")
    #: The last word of a ministry's name is not a name's first: "Minister of Public Security Du Hangwei".
    _TITLE_TAIL = (r"(?!(?:Security|Affairs|Defence|Defense|Justice|Interior|Health|Labour|Labor|Welfare|Development|"
                   r"Education|Finance|Relations|Protection|Services|Trade|Commerce|Tourism|Immigration|Planning|"
                   r"Information|Culture|Youth|Sports?|Gender|Transport|Agriculture|Safety|Order|Sen|Lt|Gen|Rev|"
                   # the later words of a country's name end a title too: "Ambassador to the United Arab Emirates H.E."
                   r"Arab|Emirates|States|Kingdom|Arabia|Lanka|Zealand|Leone|Rica|Korea|Faso|Herzegovina|Tobago|"
                   # a body's first words: "Chief of Cambodia's General Department of Immigration Sok Phal"
                   r"[A-Z][\w’'-]*\s+(?:Department|Directorate|Ministry|Bureau|Agency|Commission)\s+of)\b)")
    _ROLE_NOUN = (
        r"(?:minister|state counsell?or|secretary(?:-general)?|sec(?=\.\s+[A-Z])|director(?:-general)?|ambassador(?:-at-large)?|commissioner|inspector|insp\.?|"
        r"superintendent|colonel|general|sgt|cpl|officer|attorney|prosecutor(?:-general)?|chief|president|chair(?:person|man|woman)?|"
        r"consul|rapporteur|co-?ordinator|judge|captain|lieutenant|constable|head|founder|expert|representative|"
        r"adviser|advisor|spokes(?:person|man|woman)|researcher|analyst|manager|deputy|governor|mayor|envoy|"
        r"chief of mission|executive director|programme officer|program officer|press officer|legal officer|"
        r"special agent|agent in charge|activist|professor|counterpart|moderator|facilitator|col|maj|capt|brig|sheriff|"
        # "Hagit Rahmani, the public defender representing one of the female suspects, said"
        r"(?:public )?defender|lawyer|barrister|solicitor|"
        r"charg[ée] d['’]affaires(?:,?\s+a\.\s?i\.)?|undersecretary|under-secretary|resident coordinator|"
        # "(ANSA) - Rome, March 31 - Premier Paolo Gentiloni said"
        r"(?-i:Premier)(?=\s+[A-Z][a-z]|\s*$)|"
        # "an official at the International Organization for Migration's ...", "Makindye West MP Hussein Kyanjo"
        r"official(?=\s+(?:at|of|in|with|from|for|on)\b|[,;.]|$)|(?-i:MP)|first lady|"
        # "said Zaw Min Tun, a member of the police anti-human-trafficking task force in Lashio" (not a gang's member)
        r"member(?=\s+of\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,4}?(?:task\s*force|committee|commission|council|parliament|"
        r"board|police|assembly|senate|congress)\b)|"
        # Indian police ranks: "Varanasi SSP Sureshrao A Kulkarni", "DCP Shamshabad N Prakash Reddy"
        r"(?-i:SSP|DCP|ACP|DSP|IGP|DGP|DIG|SHO|ASP)|"
        # a prime minister's short title: "under former PM Srettha Thavisin"
        r"(?<!\d )(?<!\d)(?-i:PM)\b)"
    )
    _BEFORE_NAME = re.compile(  # "Detective Inspector Jim Madden", "Interpol Secretary General Jürgen Stock"
        rf"(?P<role>(?:(?:[A-Z][\w.’'-]*|of|for|the|and|at|in|to)\s+){{0,7}}?(?i:{_ROLE_NOUN})\.?"
        # (a body's name may hold an "of": "Prosecutor-General of the Directorate of Anti-Mafia Pierluigi Vigna")
        rf"(?:\s+(?:of|for|to|at|in)\s+(?:the\s+)?(?:(?:[A-Z][\w’'-]*|of)\s+){{0,4}}?[A-Z][\w’'-]*)??(?:\s+'[^']+')?"
        # a unit in brackets after the title: "Deputy Commissioner of Police (IGIA) M.I. Haider"
        rf"(?:\s+\([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,2}}\))?)\s+"
        rf"{_HONORIFICS}{_TITLE_TAIL}(?P<name>{_PNAME})")
    #: "and" before another person's name ends a role, not "and" inside a portfolio: "Andrew Patrick, the UK's
    #: Migration and Modern Slavery Envoy, made his first visit"
    _AND_NAME = rf"\s+and\s+[A-Z][a-z]+\s+[A-Z](?![\w-]*\s+(?i:{_ROLE_NOUN})\b)"
    _AFTER_NAME = re.compile(  # "Kumar Alok, Joint Secretary of the Indian Ministry of Home Affairs,"
        # a quote's closing mark is no role: "... the United Arab Emirates," Nadira Karimova, the head of ..."
        rf"(?P<name>{_PNAME})\s*(?:,|–|—)\s*(?:(?:an?|the)\s+)?(?![“”\"])(?P<role>(?:(?!{_AND_NAME})(?:[^,;.()]|"
        rf"(?<=\b[A-Z])\.(?=[A-Z]\.)|(?<=\b[A-Z]\.[A-Z])\.(?=\s+[A-Za-z])))"
        rf"{{2,160}}?)"
        rf"(?=\s*(?:,|;|(?<!\b[A-Z])\.\s|\.$|\(|$|{_AND_NAME}|\s+(?:said|says|told|stated|added|explained|remarked|emphasi[sz]ed|noted|"
        rf"warned|revealed|describes)\b))")
    _RANK_SURNAME = re.compile(  # "Sgt Walters and Cpl Ramsarran", "DI Smith": a rank and a surname alone
        r"\b(?P<role>Sgt|Cpl|PC|DC|DS|DI|DCI|DSI|Insp|Supt|Det|Const|Cst|Constable|Sergeant|Corporal|Detective|Inspector)"
        r"\.?\s+(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\b(?!\s+[A-Z])(?!['’]s\b)")
    _ROLE_COMMA = re.compile(  # "IOM counter-trafficking unit programme officer, Fitriana Nur."
        # an acronym in the role: "the head of United Nations Office on Drugs and Crime (UNODC), Antonio Maria Costa"
        rf"(?P<role>[A-Za-z](?:[^,;.()“”\"]|\([A-Z][A-Za-z]{{1,10}}\)){{2,90}}?)\s*,\s+{_HONORIFICS}(?P<name>{_PNAME})"
        rf"(?:\s*\([A-Z][A-Za-z]{{1,10}}\))?"
        # "met with Qatar counterpart, Mohamed Bin Yusuf Al-Uthman Fakhruu in Doha"
        rf"(?=\s*(?:[.;]|,\s|$|\s+said|\s+(?:in|at|during|who|and\s+(?:his|her)|today|yesterday)\s"
        # a verb of what the person did, or another post joined: "Its Executive Secretary, Beatrice Jedy-Agba made the
        # pledge", "Ethiopia's Attorney General, Berhanu Tsegaye and Director of office of the Attorney-General of Kenya"
        rf"|\s+(?:made|met|visited|urged|called|pledged|announced|stressed|noted|welcomed|led|chaired|opened|"
        rf"thanked|commended|expressed|highlighted)\b|\s+and\s+(?:the\s+)?(?i:{_ROLE_NOUN})\b))")
    #: a body and who heads it, no title before the name: "the Human Resources Development Fund, headed by Bertha Eren,"
    _HEADED_BY = re.compile(
        r"\b(?:the\s+)?(?P<body>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|for|and|on|the)){0,8}?\s+(?:Fund|Foundation|"
        r"Association|Organi[sz]ation|Centre|Center|Commission|Committee|Council|Agency|Unit|Network|Coalition|"
        r"Institute|Society|Union|Federation|Task\s+Force|Group))(?:\s+\([A-Z]{2,10}\))?,?\s+(?:headed|led|chaired|"
        rf"founded|directed|run)\s+by\s+(?P<name>{_PNAME})(?=\s*[,.;]|\s+(?:opened|said|which|who|and)\b)")
    _NOT_NAME = frozenset(
        "The This That These Those In On At For With And But From By Police Ministry Office Department Commission Unit "
        "Agency Organization Organisation Council Government Union Nations Bureau Service Services Court Embassy Task "
        "Force Centre Center Foundation International Network Project Programme Report Day Monday Tuesday Wednesday "
        "Thursday Friday Saturday Sunday January February March April May June July August September October November "
        "December Prime Minister Secretary General Director State Department Cabinet Assembly Statement According "
        "Human Trafficking Persons Immigration National Institute Crime Agency Team Authority Committee Declaration "
        "Interpol Europol Frontex Africa Asia Europe America Migration Labour Labor Women Children "
        # "Expert Working Group", "Human Rights Watch": a body or a meeting, not a person
        "Group Groups Meeting Meetings Working Watch Rights Conference Forum Summit Workshop Initiative "
        # the tail of a department's or a place's name: "(Social) Affairs", "Legal Support", "Siray Island"
        "Affairs Support Offices Island Islands Legal Social Organisations Organizations Generals "
        # "the Philippines Department of Migrant Workers (DMW) Susan Ople": a department's tail, not a person
        "Workers Migrant Migrants Welfare Employment Resources Development "
        # "on behalf of the Trump Administration", "Ambassador Extraordinary and Plenipotentiary": no person
        "Administration Extraordinary Plenipotentiary "
        # "21st Century Border Management", "Subcommittee on Security and Law Enforcement": a body's tail
        "Management Enforcement Century".split()
    )
    #: honorifics dropped before a name of two words or more: "Interior Minister Syed Mohsin Naqvi" (also "Mohsin
    #: Naqvi"), "Minister Engineer Ahmed bin Sulaiman Al-Rajhi"
    _NAME_HONORIFIC = re.compile(r"^(?:Syed|Sayed|Sayyid|Engineer)\s+(?=\S+\s+\S)")

    def _country_first_name(self, name: str) -> bool:
        """A name of three words or more whose first word alone is a country's or its people's, with a title after it:
        "Ghana Shyam Lamsal, the deputy chief of mission", "Swati Jai Hind, chairperson of Delhi Commission"."""
        tokens = name.split()
        if len(tokens) < 3 or any(t.rstrip(".,") in self._NOT_NAME for t in tokens):
            return False
        found = find_mentions(name)
        return bool(found) and all(m.start == 0 and m.end == len(tokens[0]) for m in found)

    def _person_ok(self, name: str) -> bool:
        tokens = name.split()
        if len(tokens) < 2 or any(t.rstrip(".,") in self._NOT_NAME for t in tokens):
            return False
        return not any(m.kind != "demonym" or m.start == 0 for m in find_mentions(name))

    def people_in(self, p: Paragraph, text: str, sentence: tuple[int, int], subject: Mention | None) -> None:  # noqa: C901
        """Named officials and experts with their role: a title before the name, an
        appositive after it, or a role before a comma ("programme officer, Fitriana Nur")."""
        a, b = sentence
        sent = text[a:b]
        found: list[tuple[int, int, str, str]] = []
        for rm in self._RANK_SURNAME.finditer(sent):
            if rm.group("name") not in self._NOT_NAME and not find_mentions(rm.group("name")):
                found.append((a + rm.start(), a + rm.end(), rm.group("name"), rm.group("role")))
        for pat in (self._BEFORE_NAME, self._AFTER_NAME, self._ROLE_COMMA):
            for m in self._matches(pat, sent):
                name = re.sub(r"[’']s$", "", m.group("name")).strip()
                name = re.sub(r"\s+[“\"][A-Z][a-z]+[”\"]", "", name)  # a nickname: Teodoro "Teddyboy" Locsin Jr
                toks = name.split()
                cut = max((i + 1 for i, t in enumerate(toks) if t in self._NOT_NAME), default=0)
                if pat is self._BEFORE_NAME and 0 < cut <= len(toks) - 2 and re.match(r"\s*(?:,|\(|$|said\b)", sent[m.end("name"):]):
                    name = " ".join(toks[cut:])  # "(the UK's) Home Office Matthew Rycroft": the title's last words
                name = self._MALAY_HONORIFIC.sub("", name)
                name = self._RANK_PREFIX.sub("", name)
                name = self._NAME_HONORIFIC.sub("", name)
                name = self._EXCELLENCY.sub("", name)
                role = " ".join(m.group("role").split()).strip(" ,–—")
                role = re.sub(r"^(?:said|says|by|of|and|to|the|to the)\s+", "", role, flags=re.I)
                role = self._shorter_role(role)
                if not re.search(rf"\b(?i:{self._ROLE_NOUN})s?(?![a-z])", role) or len(role.split()) > 16:
                    continue
                if pat is self._BEFORE_NAME:
                    # keep the title's own words: drop leading words of the sentence that are not part of it
                    words = role.split()
                    while words and (words[0].lower() in {"the", "and", "of", "for", "by", "said", "at", "in"}
                                     or (words[0][:1].islower())):
                        words = words[1:]
                    role = " ".join(words)
                    parts = re.split(r"\s+and\s+", role)
                    if len(parts) > 1 and re.search(r"\b(?:Police|Ministry|Department|Office|Commission|Agency|Bureau|"
                                                    r"Service|Unit|Branch|Force)$", parts[0]):
                        role = parts[-1]  # "both Delhi Police and Varanasi SSP Sureshrao A Kulkarni": a body, then the title
                    toks = name.split()
                    if len(toks) >= 4 and re.fullmatch(r"[A-Z]", toks[1]):
                        # "DCP Shamshabad N Prakash Reddy": a place after the rank, then initials lead the name
                        name, role = " ".join(toks[1:]), f"{role} {toks[0]}"
                if not (self._person_ok(name) or (pat is self._AFTER_NAME and self._country_first_name(name)
                        # "... of the Republic of Kazakhstan Marat Bashimov": the country ends a title before the name
                        and not re.search(r"(?:\b(?:of|the|in|for)|[A-Z][\w’'-]*)\s+$", sent[: m.start("name")]))) or re.match(
                        r"\s*\(not (?:his|her) real name", sent[m.end("name"):]):
                    continue
                if self._expert_key(name) in self._pseudonyms:
                    continue
                if pat is self._BEFORE_NAME and self._BODY_NAME_END.search(name):
                    continue  # "Executive Secretary of the Council of Europe Anti-trafficking Convention": a body's name
                if pat is self._ROLE_COMMA and self._BODY_KIND_END.search(role):
                    continue  # "director of a social organisation, Afanta Nepal": the body's name, no person's
                if pat is self._ROLE_COMMA and re.fullmatch(rf"(?i:{self._ROLE_NOUN})", name.split()[0]):
                    continue  # "Ambassador Isaac Biruma Sebulime, Head Mission at Uganda's Embassy": a title, no name
                if re.match(r"(?:the\s+)?(?:co-?)?owners?\b", role, re.IGNORECASE):
                    continue  # "Thoai Van Nguyen, owner and captain of the Sea Queen II": an employer, not an official
                found.append((a + m.start(), a + m.end(), name, role))
        for hm in self._HEADED_BY.finditer(sent):
            # "the Human Resources Development Fund, headed by Bertha Eren, opened a shelter": the body's head
            name = hm.group("name")
            if self._person_ok(name) and not any(name == f[2] for f in found) and not find_mentions(name):
                found.append((a + hm.start(), a + hm.end(), name, f"head of {' '.join(hm.group('body').split())}"))
        # a name whose comma was followed by a verb ("..., Fitzgerald Hinds, met the Ambassador") still gets its title
        found += self._after_long_title(a, sent, {f[2] for f in found if not re.match(self._VERB_ROLE, f[3])})
        for fm in [*self._FROM_BODY.finditer(sent), *self._SAYS_FROM_BODY.finditer(sent)]:
            if fm.re is self._SAYS_FROM_BODY and any(
                    re.fullmatch(rf"(?i:{self._ROLE_NOUN})", t) for t in fm.group("name").split()):
                continue  # "according to Sub Inspector of Police Basant Basnet": a title, the name after the body
            name = self._RANK_PREFIX.sub("", fm.group("name"))  # "Commander Khadaker Golam Sarowar of the ... police"
            if name not in {f[2] for f in found} and self._person_ok(name) and self._expert_key(name) not in self._pseudonyms:
                found.append((a + fm.start(), a + fm.end("role"), name, " ".join(fm.group("role").split())))
        found += self._listed_and_the_title(a, sent, {f[2] for f in found})
        names = {f[2] for f in found}
        for key, ag in list(self._agencies.items()):
            # "the U.S. Department of State Cindy Dyer": the agency's name ran on into the person's
            head = next((n for n in names if re.match(rf"{re.escape(n)}\s+(?:of|from)\s+(?:the\s+)?[A-Z]", str(ag["name"]))),
                        None)
            if head is not None:
                # "says Isabel Richardson of the Madras Christian Council of Social Service": the person ran into the body
                del self._agencies[key]
                ag["name"] = re.sub(r"^\s*(?:of|from)\s+(?:the\s+)?", "", str(ag["name"])[len(head):])
                ag["id"] = self.fid("agency", str(ag.get("acronym") or ag["name"]))
                self._agencies.setdefault(str(ag["name"]).casefold(), ag)
                continue
            tail = next((n for n in names if str(ag["name"]).endswith(" " + n)), None)
            if tail is not None and len(str(ag["name"]).split()) - len(tail.split()) >= 2:
                del self._agencies[key]
                ag["name"] = str(ag["name"])[: -len(tail)].strip()
                ag["id"] = self.fid("agency", str(ag.get("acronym") or ag["name"]))
                self._agencies.setdefault(str(ag["name"]).casefold(), ag)
        for start, end, name, role in found:
            had_role = bool(role)
            for other in names - {name}:
                if other in role:  # "... Security Gokarna Bista and Malaysian Human Resources Minister": the other's
                    role = re.sub(r"^(?:[\s,;]|and\b)+", "", role[role.rindex(other) + len(other):])  # title ends there
            if had_role and re.search(rf"{re.escape(name)}\s*,", text[start:end]) and (
                    not role or re.match(self._VERB_ROLE, role)):
                # "Op Noda, according to Superintendent Mohd Shokri Abdullah": the title is the other's; "Flordeliza
                # Arejola, said: ..." what follows the name is what was said, no title
                continue
            quote = _quote(text, start, end).rstrip(",;.")
            inside = find_mentions(role)
            country = next((x.ref for x in inside if x.kind != "region"), None)
            org = self._ORG.search(role)
            agency = " ".join(org.group(0).split()) if org else None
            key = self._expert_key(name)
            ev = {"quote": quote, "locator": p.locator}
            if key in self._experts:
                e = self._experts[key]
                if len(name) > len(e["name"]):
                    e["name"] = name
                if ev not in e["evidence"] and len(e["evidence"]) < 3:
                    e["evidence"].append(ev)
                if role and not e.get("role"):
                    e["role"] = role
                if country and not e.get("country"):
                    e["country"] = country
                continue
            fact: dict[str, Any] = {"id": "", "name": name}
            if role:
                fact["role"] = role
            if agency:
                fact["_agency"] = agency
            if country:
                fact["country"] = country
            fact["evidence"] = [ev]
            self._experts[key] = fact

    _VERB_ROLE = r"(?:signed|said|says|told|met|visited|added|was|is|has|had)\b"
    #: one of a list of office-holders: "Tajikistan’s Ramazon Rakhimzoda", "Pulat Bobojonov of Uzbekistan"
    _LIST_ITEM = rf"(?:[A-Z][\w’'-]+[’']s\s+)?{_PNAME}(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]+)?"
    #: office-holders listed after their plural title: "Ministers Sime Lucin, Zoran Zivkovic, Muhamed Besic and
    #: Perica Bundalo signed", "his counterparts – Tajikistan’s Ramazon Rakhimzoda, Pulat Bobojonov of Uzbekistan and
    #: Kyrgyzstan’s Aziz Dolosbayev –"
    _PLURAL_TITLE_LIST = re.compile(
        r"\b(?P<role>(?i:ministers|counterparts|secretaries|ambassadors|commissioners|directors(?:[\s-]general)?|"
        r"envoys|governors|presidents|heads of (?:state|government|delegation)))\s*(?:[:–—]\s*)?"
        rf"(?P<list>{_LIST_ITEM}(?:\s*,\s*{_LIST_ITEM})*,?\s+and\s+{_LIST_ITEM})(?![\w’'])")
    #: a name, "the" and its post without a comma: "Today Valentin Nalivaychenko the deputy Foreign Minister of
    #: Ukraine and Jeffrey Labovitz the Chief of IOM Representatives Offices to Ukraine signed"
    _NAME_THE_TITLE = re.compile(
        rf"(?<![\w’'])(?P<name>{_PNAME})\s+the\s+(?P<role>(?:[a-z-]+\s+)?(?:[A-Z][\w’'-]*\s+){{0,3}}?"
        rf"(?i:{_ROLE_NOUN})(?:\s+(?:of|for|to|at|in)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){{0,4}}"
        r"[A-Z][\w’'-]*)?)(?=[\s,;.]|$)")
    #: sentence adverbs a name's pattern takes for a first name: "Today Valentin Nalivaychenko"
    _LEAD_ADVERB = re.compile(r"^(?:Today|Yesterday|Earlier|Later|Meanwhile|Also|Then|Now|Recently|Tonight)\s+")
    _RANK_PREFIX = re.compile(
        r"^(?:(?:Colonel|Col|Captain|Capt|General|Gen|Lieutenant|Lt|Police|Major|Sergeant|Sgt|"
        r"Inspector|Chief|Dr|Mr|Mrs|Ms|Prof|Sheikh|Det|Detective|Superintendent|Judge|"
        # "Vice President Yemi Osinbajo", "Ambassador Zuberu Dada", "Sheriff Grady Judd"
        r"Vice|President|Ambassador|Amb|Minister|Senator|Governor|Sheriff|Commissioner|Secretary|"
        r"Deputy|Hon|Honourable|Honorable|Rev|Reverend|Professor|Mayor|Commander|Cmdr|"
        r"Admiral|Adm|Brigadier|Brig|Marshal|"
        # "Undersecretary Carlos Pérez Verdía", "Detective Chief Supt Andy Hill"
        r"Undersecretary|Under-Secretary|Supt|Insp)\.?\s+)+")  # "said the president of Combifron – Bolivia, Admiral José ..."

    @staticmethod
    def _matches(pat: re.Pattern[str], sent: str) -> list[re.Match[str]]:
        """``pat``'s matches in ``sent``; a title before a name whose name runs over a title's words ("Deputy
        Government Spokesman Lt Gen Weerachon Sukhontapatipak") is tried again from where its name started."""
        out: list[re.Match[str]] = []
        pos = 0
        while (m := pat.search(sent, pos)) is not None:
            if (pat is _Extractor._BEFORE_NAME and m.start("name") > m.start()
                    and re.search(rf"\b(?:Government|Police|State|National|(?i:{_Extractor._ROLE_NOUN}))\b", m.group("name"))):
                pos = m.start("name")
                continue
            out.append(m)
            pos = m.end()
            if pat is _Extractor._AFTER_NAME and any(t in _Extractor._NOT_NAME for t in m.group("name").split()):
                # "... Human Security Ministry, met Christa Hayden Sharp, regional president": a body's name ended
                # a title; the name in what was taken as its role is tried again
                pos = m.end("name")
        return out

    @staticmethod
    def _shorter_role(role: str) -> str:
        """A role of more than 16 words cut before its second post or what the sentence goes on with: "interior
        ministry secretary of state and permanent vice-chair of ...", "Minister of Foreign Affairs of Bahrain in
        cooperation with the United Nations Office on Drugs and Crime"."""
        if len(role.split()) <= 16:
            return role
        words = role.split()
        head = " ".join(words[:4])
        cut = re.search(r"\s+(?:and|in cooperation with|together with|along with|who|which|in|at|for|to)\s+",
                        role[len(head):])
        return role[: len(head) + cut.start()] if cut else role

    #: The start of a post named by its portfolio: "Minister of Gender, Labour and Social Development", "Special
    #: Representative for Combating Trafficking in Human Beings", "Deputy Director General of the IOM".
    _LONG_TITLE = re.compile(
        r"\b(?:(?:Deputy|Vice|Assistant|Under)[\s-]+)?(?i:minister|secretary|director(?:[\s-]general)?|"
        r"representative|commissioner|co-?ordinator|chair(?:man|woman|person)?|deputy|undersecretary)"
        r"\s+(?:of|for)\s+(?=(?:the\s+)?[A-Z])|"
        # "US Ambassador-at-Large to Monitor and Combat Trafficking in Persons Cindy Dyer"
        r"\bAmbassador[\s-]at[\s-]Large\s+(?:of|for|to)\s+(?=(?:the\s+)?[A-Z])")
    #: Words of a portfolio, never of a person's name ("... and Emiratization Nasser bin Thani Al Hamli").
    _PORTFOLIO_WORD = re.compile(
        r"^(?:Human|Resources|Foreign|Home|Public|European|Democratic|Institutions|Beings|Asylum|Employment|Emiratization|"
        r"Emiratisation|Combating|Combatting|Principality|Republic|Kingdom|Parliament|Majilis|Federal|Security|Affairs|"
        r"Defen[cs]e|Justice|Interior|Health|Labou?r|Welfare|Development|Education|Finance|Relations|Protection|Trade|"
        r"Commerce|Tourism|Immigration|Planning|Information|Culture|Youth|Sports?|Gender|Transport|Agriculture|Safety|"
        r"Order|Overseas|Expatriates?|Diaspora|Manpower|Economy|Economic|Women|Children|Family|Solidarity|Equality|"
        r"Police|Crime|Drugs|Office|State|Government|Union|Nations|Organi[sz]ation|School|Academy|University|College|"
        r"Judiciary|Court)$|(?:tion|ment|ity|ism|ance|ence)$")
    #: A military or police rank before a name: "Brig-Gen Phone Swe", "Lieutenant-General Pham Quy Ngo".
    _RANK_WORD = re.compile(r"^(?:(?:Brig|Lt|Maj|Gen|Col|Capt|Adm|Lieutenant|Major|Brigadier|Colonel|General|Captain|"
                            r"Admiral|Sen|Pol|Police|"
                            # "the Coordinator of the Executive Steering Committee, Undersecretary Carlos Pérez Verdía"
                            r"Undersecretary|Under-Secretary|Supt|Insp)[.-]?)+$")

    #: "Paul Franklin from the Wiltshire police force said", "DB Budhathoki from the Service Society says": a body's
    #: spokesperson named by the body alone, before a verb of saying
    #: a role ending in the kind of body whose name follows it: "director of a social organisation, Afanta Nepal"
    #: a body's last word, or a possessive, never ends or starts a person's name: "the Federation of Domestic Workers’
    #: Recruitment Agencies held a meeting"
    _BODY_NAME_END = re.compile(
        r"(?:\b(?:Agenc(?:y|ies)|Conventions?|Councils?|Committees?|Commissions?|Associations?|Federations?|Departments?|"
        r"Ministr(?:y|ies)|Offices?|Bureaus?|Centres?|Centers?|Networks?|Programmes?|Programs?|Projects?|Foundations?|"
        r"Organi[sz]ations?|Unions?|Authorit(?:y|ies)|Services?)|\w[’'])$|\w[’'](?=\s)")
    _BODY_KIND_END = re.compile(r"\b(?:a|an|the|local|social|non-?governmental|rights|charity|aid)\s+(?:[a-z-]+\s+)?"
                                r"(?:organi[sz]ation|NGO|charity|group|foundation|association|network|company|firm)$")
    _FROM_BODY = re.compile(
        # "Liam Harrison, from the NCA’s Modern Slavery and Human Trafficking Unit, said": the body between commas
        rf"(?<![\w’'])(?P<name>{_PNAME})(?P<comma>,)?\s+(?P<role>(?:from|of)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,8}}?"
        r"(?i:police(?: force| service)?|society|ministry|agency|organi[sz]ation|NGO|embassy|office|department|unit|"
        r"foundation|commission|council|network|coalition|institute|centre|center|charity|union|federation|"
        # the body's own name after its kind: "of Cambodia-based nongovernmental organization Legal Support for
        # Children and Women (LSCW) said"
        r"IOM|UNODC|UNICEF|ILO)(?:\s+[A-Z][\w’'-]*(?:\s+(?:for|of|and|on|against|[A-Z][\w’'-]*)){0,6}?)?"
        r"(?:\s+\([A-Z][A-Za-z]{1,10}\))?)(?(comma),)\s+(?:said|says|told|explained|added|stated|confirmed)\b")

    #: the speaker named after the verb, then the body: '..." says Isabel Richardson of the Madras Christian Council of
    #: Social Service (MCCSS).'
    _SAYS_FROM_BODY = re.compile(
        rf"\b(?:said|says|according to)\s+(?P<name>{_PNAME})\s+(?P<role>(?:from|of)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){{0,6}}?"
        r"(?i:police(?: force| service)?|society|ministry|agency|organi[sz]ation|embassy|office|department|unit|"
        r"foundation|commission|council|network|coalition|institute|centre|center|charity|union|federation)"
        r"(?:\s+(?:for|of|and|on|against|[A-Z][\w’'-]*)){0,6}?(?:\s+\([A-Z][A-Za-z]{1,10}\))?)"
        r"(?=\s*(?:[.;,]|$))")

    _PARTICLES = frozenset({"bin", "bint", "al", "el", "de", "da", "van", "von"})
    #: an honorific between a portfolio and a name: "... and Social Development Eng. Ahmed bin Sulaiman Al-Rajhi"
    _TITLE_ABBREV = r"(?:Eng|Engr|Dr|Prof|Mr|Mrs|Ms|Rev|Amb|Hon)\."

    @staticmethod
    def _title_span(sent: str, start: int) -> int:
        """Where a title that starts at ``start`` can end: through capitalised words, commas and of/and/for/the/in."""
        end = start
        for w in re.finditer(r"[^\s,]+|,", sent[start:]):
            tok = w.group(0)
            if not (tok == "," or re.match(r"[A-Z]", tok) or tok in _Extractor._PARTICLES
                    or tok in {"of", "and", "for", "the", "in", "on", "to", "against"}):
                break
            if re.search(r"[.;:()“”\"]", tok) and not re.fullmatch(r"[A-Z]\.|(?:[A-Z]\.){2,3}|" + _Extractor._TITLE_ABBREV, tok):
                return start + w.start() + len(tok.rstrip(".;:()“”\""))
            end = start + w.end()
        return end

    def _name_run(self, words: list[re.Match[str]], i: int) -> list[re.Match[str]]:
        """The run of name words ending at ``words[i]``: capitalised, no portfolio's word, no country's name."""
        run: list[re.Match[str]] = []
        for w in reversed(words[: i + 1]):
            tok = w.group(0)
            if tok in self._PARTICLES and run:
                run.insert(0, w)
                continue
            if (tok == "," or not re.match(r"[A-Z]", tok) or self._PORTFOLIO_WORD.search(tok)
                    or tok.rstrip(".,") in self._NOT_NAME or any(m.kind == "name" for m in find_mentions(tok))):
                break
            run.insert(0, w)
        while run and (run[0].group(0) in self._PARTICLES or self._RANK_WORD.match(run[0].group(0))
                       or re.fullmatch(self._TITLE_ABBREV, run[0].group(0))):
            run.pop(0)
        return run

    def _after_long_title(self, a: int, sent: str, have: set[str]) -> list[tuple[int, int, str, str]]:
        """A name right after a long portfolio title, with or without a comma: "Sri Lanka's Minister of Justice and
        Foreign Employment, Thalatha Athukorala signed", "Greek Deputy Minister of Migration and Asylum Sofia Voultepsi,".
        The title runs through capitalised words and of/and/for/the/in; the name is the first run of capitalised words
        that are no portfolio's and no country's, ending before a comma, an 'and' or the end of the title."""
        out: list[tuple[int, int, str, str]] = []
        for tm in self._LONG_TITLE.finditer(sent):
            words = list(re.finditer(r"[^\s,]+|,", sent[tm.end():self._title_span(sent, tm.end())]))
            run: list[re.Match[str]] = []
            for i, last in enumerate(words):
                if not re.match(r"[A-Z]", last.group(0)) or (
                        i + 1 < len(words) and re.match(r"[A-Z]|bin\b|al\b", words[i + 1].group(0))):
                    continue
                run = self._name_run(words, i)
                if sum(bool(re.match(r"[A-Z][a-z]", w.group(0))) for w in run) >= 2 and len(run) <= 6 and run[0] is not words[0]:
                    break
                run = []
            if not run:
                continue  # no name, or nothing of the title left before it
            name = " ".join(w.group(0) for w in run)
            role = " ".join(sent[tm.start(): tm.end() + run[0].start()].split()).strip(" ,")
            role = re.sub(rf"(?:\s+{self._TITLE_ABBREV})+$", "", role)
            if re.search(r"\sand$", role):
                continue  # "deputy Foreign Minister of Ukraine and Jeffrey Labovitz the Chief ...": the next person's
            if name in have or not self._person_ok(name) or self._expert_key(name) in self._pseudonyms:
                continue
            out.append((a + tm.start(), a + tm.end() + run[-1].end(), name, role))
        return out

    def _listed_and_the_title(self, a: int, sent: str, have: set[str]) -> list[tuple[int, int, str, str]]:
        """Office-holders listed after their plural title, each with the country of a possessive or an "of" after
        the name; and a name followed by "the" and its post, without a comma."""
        out: list[tuple[int, int, str, str]] = []
        for lm in self._PLURAL_TITLE_LIST.finditer(sent):
            role = re.sub(r"(?i)(?<=[a-z])s\b", "", lm.group("role").split()[0]).strip()
            items: list[tuple[int, str, str]] = []
            for im in re.finditer(rf"{self._LIST_ITEM}", lm.group("list")):
                item = im.group(0)
                country = ""
                pm = re.match(r"([A-Z][\w’'-]+)[’']s\s+", item)
                if pm is not None:
                    country, item = pm.group(1), item[pm.end():]
                om = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w’'-]+)$", item)
                if om is not None:
                    country, item = om.group(1), item[: om.start()]
                items.append((im.end(), item, f"{role} ({country})" if country else role))
            if len(items) < 2 or not all(self._person_ok(n) for _, n, _ in items):
                continue  # every item a person's name, or none is taken
            for end, name, r in items:
                if name not in have and self._expert_key(name) not in self._pseudonyms:
                    out.append((a + lm.start(), a + lm.start("list") + end, name, r))
        for tm in self._NAME_THE_TITLE.finditer(sent):
            name = self._LEAD_ADVERB.sub("", tm.group("name"))
            if name in have or not self._person_ok(name) or self._expert_key(name) in self._pseudonyms:
                continue
            out.append((a + tm.start("name") + len(tm.group("name")) - len(name), a + tm.end(), name,
                        " ".join(tm.group("role").split())))
        return out

    def _expert_key(self, name: str) -> str:
        parts = [t.casefold() for t in name.split()]
        for key, e in self._experts.items():
            other = [t.casefold() for t in e["name"].split()]
            if len(parts) == 1 and parts[0] in other or len(other) == 1 and other[0] in parts:
                return key
            if min(len(parts), len(other)) >= 2 and (parts == other[: len(parts)] or other == parts[: len(other)]):
                return key  # "Ismail Sabri" and "Ismail Sabri Yaakob"
            if len(parts) == len(other) >= 2 and parts[0] == other[0] and _one_letter_apart(parts[1:], other[1:]):
                return key  # one man spelt two ways in one text: "Imran Ahmed" and "Imran Ahmad"
        return " ".join(parts)

    # ----------------------------------------------------------- statistics and challenges

    _NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    _QUAL = r"(more than|over|approximately|about|around|nearly|almost|at least|up to|an estimated|estimated)\s+"
    _PEOPLE = (
        "victims children people persons participants officials officers women girls boys men refugees migrants "
        "workers traffickers individuals nationals citizens followers liaison Haitians IDPs asylum-seekers suspects "
        "minors adults kids females males teens teenagers members representatives ministers delegates fishermen "
        "survivors immigrants passengers students seafarers fishers laborers labourers maids brides wives detainees "
        "ofws"  # "40 distressed OFWs" (overseas Filipino workers)
        " residents personnel practitioners experts employees"  # "some 13 residents", "the 80 personnel"
        " expatriates expats"  # "the 28 lakh Indian expatriates working there"
    ).split()
    _THINGS = (
        "cases prosecutions convictions investigations taskforces departments countries shelters meetings reports "
        "arrests addresses properties homes houses searches operations raids districts flights assets documents "
        "crimes seminars states cars vehicles workshops factories farms brothels compounds centres centers "
        "investigations warrants networks groups cities locations "
        "rings gangs syndicates offices associations"  # "87 human trafficking rings", "14 government offices"
    ).split()
    #: counted only in the plural: "three of the alleged ring leaders" counts leaders, not rings
    _PLURAL_ONLY = frozenset({"rings", "gangs", "syndicates", "offices", "associations"})
    _WORDNUM = {w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split())}
    _TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
    _NUMWORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|"
                r"eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen)")
    _STAT = re.compile(
        rf"(?<![\w.,$€£-])(?:{_QUAL.replace('(', '(?P<q>', 1)})?(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?i:{_NUMWORD})\b|"
        rf"(?i:half)(?=[- ](?:a\s+)?million\b))"  # "A half-million migrants have arrived", "half a million"
        rf"(?P<range>\s*(?:-|–|to)\s*(?P<n2>\d{{1,3}}(?:,\d{{3}})+|\d+))?"
        # Indian numbering: "28 lakh Indian expatriates", "only 1.41 lakh Indians returned home" (a lakh is 100,000,
        # a crore 10 million)
        rf"(?P<mult>(?:\s*|(?<=half)-|(?<=half)\s+a\s+)(?:million|thousand|billion|lakhs?|crores?)\b)?"
        rf"(?P<pct>\s*(?:%|percent|per cent))?"
        rf"(?P<rest>(?:\s+(?!(?i:{_NUMWORD})\b|\d)(?:[a-z][\w-]*|[A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+)?|[A-Z]{{2,5}}s\b)){{0,4}})",
    )

    def _number(self, raw: str) -> float:
        key = raw.lower()
        if key == "half":
            return 0.5
        if key in self._WORDNUM:
            return float(self._WORDNUM[key])
        if key.split("-")[0] in self._TENS:
            head, _, unit = key.partition("-")
            return float(self._TENS[head] + (self._WORDNUM.get(unit, 0) if unit else 0))
        return float(raw.replace(",", ""))
    _OF_NUMBER = re.compile(r"\bof\s*$")
    #: "the arrest of 14 suspects", "the rescue of 3,222 trafficking victims", "a group of 30 Cambodian men"
    _OF_COUNT = re.compile(r"\b(?:arrests?|rescues?|identification|release|detention|deportation|repatriation|return|"
                           r"safeguarding|group|total|batch|contingent|team|relocation|resettlement|evacuation|"
                           r"trafficking|interception|"
                           # the members of a body: "a confederation of 165 member organizations", "a federation of seven
                           # emirates"
                           r"(?:con)?federation|coalition|alliance|consortium) of\s*$|"
                           # a member of a counted whole: "was one of 27 brothels across the North of Ireland"
                           r"\b(?:one|each|any|some|many|most|none) of\s*$|"
                           # a partitive's whole: "and of 41 people named as suspects in the trafficking case, 12 have"
                           r"(?:^|[,;]\s*|\band\s+)of\s*$", re.IGNORECASE)
    _NUMBER_OF = re.compile(
        r"\bnumber of (?P<what>[a-z][a-z ]{2,40}?) (?:stands at|stood at|is|was|were|reached|rose to|totall?ed) (?P<n>\d{1,3}(?:,\d{3})+|\d+)\b"
    )

    #: a running total: "which brings the total number of repatriated Nigerian women from Ghana to 130", "bringing the
    #: toll for this year alone to 1,300"
    _TOTAL_TO = re.compile(
        r"\b(?:bring|brings|brought|bringing|rais(?:e|es|ed|ing)|tak(?:e|es|ing)|took)\s+the\s+(?P<what>(?:total|number|"
        r"tally|toll|count)\b[^.;:]{0,80}?)\s+to\s+(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b(?!\s*(?:%|percent|per cent))")

    #: a rate of abuse: "a quota of, at least, five clients per day", "up to 35 men a day", "raped up to 15 times a day"
    #: (not hours of work: the gold counts "14 hours a day" in some texts only)
    _RATE = re.compile(
        rf"(?<![\w.,$€£-])(?:(?P<q>up to|upwards of|at least|more than|over|about|around|nearly|close to|as many as)"
        rf"\s+)?(?P<n>\d{{1,3}}|(?i:{_NUMWORD}))\s+(?P<what>(?:clients|customers|men|times)"
        r"\s+(?:a|per|each|every)\s+(?:day|night|week))\b")

    def statistics_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:  # noqa: C901
        for a, b in cues.clauses(text, *sentence):
            clause = text[a:b]
            seen_spans: list[tuple[int, int]] = []
            for m in self._RATE.finditer(clause):
                self.add_statistic(p, text, a, b, int(self._number(m.group("n"))), "count", " ".join(m.group("what").split()),
                                   m.group("q"), m.span(), mentions, subject)
                seen_spans.append(m.span("n"))
            for m in self._NUMBER_OF.finditer(clause):
                self.add_statistic(p, text, a, b, int(m.group("n").replace(",", "")), "people" if any(
                    w in m.group("what") for w in self._PEOPLE) else "count", m.group("what"), None, m.span(), mentions, subject)
                seen_spans.append(m.span("n"))
            for m in self._TOTAL_TO.finditer(clause):
                if any(s[0] <= m.start("n") < s[1] for s in seen_spans) or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
                    continue
                what = " ".join(m.group("what").split())
                self.add_statistic(p, text, a, b, int(m.group("n").replace(",", "")), "people" if any(
                    w in what for w in self._PEOPLE) else "count", what, None, m.span(), mentions, subject)
                seen_spans.append(m.span("n"))
            for m in self._STAT.finditer(clause):
                if any(s[0] <= m.start("n") < s[1] for s in seen_spans):
                    continue
                raw = m.group("n")
                value_f = self._number(raw)
                split = self._SPLIT_THOUSANDS.search(clause, 0, m.start("n")) if re.fullmatch(r"\d{3}", raw) else None
                if split is not None:
                    value_f += 1000 * int(split.group(1))  # "over 50, 000 youthful boys and girls": one number
                if raw.lower() == "one" and re.match(r"\s+of\b", clause[m.end("n"):]):
                    continue  # "One of the women": someone, not a figure
                pct = bool(m.group("pct"))
                rest_words = [w.lower() if w[:1].isupper() and w.lower() in self._PEOPLE + self._THINGS else w
                              for w in (m.group("rest") or "").split()]
                if raw[:1].isalpha() and (pct or m.group("range")):
                    continue
                if not pct and 1900 <= value_f <= 2100 and "," not in raw:
                    continue  # a year
                before = clause[max(0, m.start() - 12) : m.start()]
                if self._OF_NUMBER.search(before) and not self._OF_COUNT.search(clause[max(0, m.start() - 40):m.start()]) and not (
                        # "police forces and prosecutor offices of eight South American countries": a body's members,
                        # counted (not "out of 739", "the age of 15", a part "of 41 ... people named")
                        self._OF_MEMBERS.search(clause[max(0, m.start() - 40):m.start()]) is not None
                        and re.match(r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:countries|states|nations)\b", m.group("rest") or "")):
                    continue  # "out of 739", "the age of 15"; but "the arrest of 14 suspects", "a group of 30 men" count
                if re.search(r"(?:Tier|age|aged|ages|under|\d[-–]|January|February|March|April|May|June|July|August|September|October|November|December)\s*$", before):
                    continue
                if re.match(r"\s*[-–]\s*\d", clause[m.end() : m.end() + 3]) or re.match(r"\s*(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Nov|Dec)\b", clause[m.end("n"):]):
                    continue
                mult = {"million": 1e6, "thousand": 1e3, "billion": 1e9, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7,
                        "crores": 1e7}.get(re.sub(r"^[\s-]*(?:a\s+)?", "", m.group("mult") or ""), 1)
                value: float | int = value_f * mult
                if float(value).is_integer():
                    value = int(value)
                if pct:
                    unit = "percent"
                    what = " ".join(rest_words[:4]) if rest_words and rest_words[0] == "of" else ""
                    if not what:
                        what = " ".join(re.split(r"[,;:(]", clause[: m.start()])[-1].split()[-6:])
                else:
                    nouns = [w for w in rest_words[:4] if w in self._PEOPLE or w.rstrip("s") + "s" in self._PEOPLE]
                    if nouns and len(nouns) > 1 and "and" in rest_words[: rest_words.index(nouns[-1])]:
                        nouns = [nouns[-1]]  # "adults and children": up to the last noun
                    noun = nouns[0] if nouns else next((w for w in rest_words[:2] if w[:1].isupper() and any(
                        x.plural for x in find_mentions(w))), None)
                    thing = next((w for w in rest_words[:4] if w in self._THINGS or (
                        w + "s" in self._THINGS and w + "s" not in self._PLURAL_ONLY)), None)
                    done = self._COUNTED_VERB.match(clause, m.end("n")) if noun is None and thing is None else None
                    if done is not None and not m.group("mult") and not m.group("range"):
                        # "more than 29,000 prosecuted", "the remaining 36 were detained": people counted by what
                        # was done to them
                        what = " ".join(done.group(0).split())
                        self.add_statistic(p, text, a, b, value, "people", what, m.group("q"), m.span(), mentions, subject)
                        continue
                    home = self._FROM_COUNTRY.match(clause, m.end("n")) if noun is None and thing is None else None
                    land = next((x for x in mentions if home is not None and x.start == a + home.end()
                                 and x.kind == "name"), None)
                    if (land is not None and not m.group("mult")
                            and self._PEOPLE_FROM.search(text, sentence[0], a + m.start())):
                        # "16 people from the Philippines, 23 from Kenya, one from Tanzania": a list of people by
                        # their country, the noun said once
                        what = f"people from {land.text}"
                        self.add_statistic(p, text, a, b, value, "people", what, m.group("q"), m.span(), mentions, subject)
                        continue
                    part = self._OF_WHOM.match(clause, m.end("n")) if noun is None and thing is None else None
                    if (part is not None and not m.group("mult") and not m.group("range")
                            and not self._THE_N_PARTIES.search(clause, 0, m.start())):  # "the three of them travelled"
                        # "a larger group, 16 of whom were returned", "53 of which were confirmed to be minors", "At
                        # least 10 of them are receiving care": a part of the people just named, counted
                        what = " ".join(clause[m.end("n") : part.end()].split())
                        self.add_statistic(p, text, a, b, value, "people", what, m.group("q"), m.span(), mentions, subject)
                        continue
                    if noun is None and thing is None:
                        continue
                    if thing in self._PARTY_NOUNS and noun is None and self._THE_N_PARTIES.search(clause, 0, m.start()):
                        continue  # "in those two countries", "the three Arab states"
                    unit = "people" if noun else "count"
                    upto = rest_words.index(noun or thing or "") + 1
                    what = " ".join(rest_words[:upto])
                if not what.strip():
                    continue
                if m.group("range"):
                    what = f"{what} (range {raw}–{m.group('n2')})"
                low = self._BETWEEN_LOW.search(clause, 0, m.start()) if not m.group("mult") and not pct else None
                if low is not None and self._number(low.group(1)) < value:
                    # "records between 30 and 40 victims of human trafficking per year": from the lower figure
                    what, value = f"{what} (range {low.group(1)}–{raw})", int(self._number(low.group(1)))
                self.add_statistic(p, text, a, b, value, unit, what, m.group("q"), m.span(), mentions, subject)
            self._money_in(p, text, a, b, mentions, subject)

    _OF_MEMBERS = re.compile(r"\b(?:offices|forces|ministers|delegations|delegates|representatives|leaders|officials|"
                             r"police|governments|heads) of\s*$", re.IGNORECASE)
    _BETWEEN_LOW = re.compile(r"\bbetween\s+(\d{1,3}(?:,\d{3})+|\d+)\s+and\s+$", re.IGNORECASE)
    #: "50, 000": a number whose thousands a space split off
    _SPLIT_THOUSANDS = re.compile(r"(?<![\d,])(\d{1,3}),\s$")
    #: "the two countries", "the three Arab states": the parties a text speaks of again, not a figure
    _THE_N_PARTIES = re.compile(r"\b(?:the|those|these|both|all)\s+$", re.IGNORECASE)
    _PARTY_NOUNS = frozenset({"countries", "states", "nations", "sides", "governments", "parties"})

    _COUNTED_VERB = re.compile(
        r"\s+(?:(?:were|have been|had been|had|have|are|was)\s+)?(?:(?:also|later|subsequently|since)\s+)?"
        r"(?:arrested|rescued|detained|prosecuted|convicted|deported|repatriated|freed|charged|sentenced|"
        r"identified as (?:victims|trafficking victims)|died|killed)\b")

    _FROM_COUNTRY = re.compile(r"\s+from\s+(?:the\s+)?")
    #: a part of a group: "16 of whom were returned", "10 of them are receiving care" (with what is said of them)
    _OF_WHOM = re.compile(r"\s+of\s+(?:whom|which|them|these|those)\b(?:\s+(?!of\b)[a-z][\w-]*){0,4}")
    _PEOPLE_FROM = re.compile(r"\b\d[\d,]*\s+(?:\w+\s+)?(?:people|victims|persons|nationals|citizens|women|men|"
                              r"workers|migrants|children)\s+from\b|"
                              # "77 were rescued from Laos, 37 from Myanmar, and five from Cambodia"
                              r"\b\d[\d,]*\s+(?:were|had been|have been)\s+(?:rescued|repatriated|deported|returned|"
                              r"trafficked|evacuated|brought back)\s+from\b", re.IGNORECASE)

    #: sums of money: "$2,600", "£800 a day", "30,000 euro", "GHC 126,000", "RMB1,000 (US$154)"
    _CURRENCY_WORDS = (r"(?i:euros?|dollars|yuan|baht|pounds|rupees|naira|dirhams?|riyals?|francs|cedis|pesos|ringgit|usd|"
                       # "250 Jordanian Dinar", "7.5 million shillings", "50,000 taka"
                       r"dinars?|shillings?|taka|kwacha|rand|birr|kyats?|dong|rupiah|pesos?|lira|rubles?|roubles?)")
    _MONEY = re.compile(
        rf"(?:(?P<q>{_QUAL[1:].split(')')[0]})\s+)?(?:(?P<cur>US\$|A\$|\$\s?|£|€|RMB\s?|GHC\s?|Rs\.?\s?|₦|RM|MYR|USD\s?|Tk\.?\s?|Shs\.?\s?|KSh\.?\s?|UGX\s?)(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        rf"(?P<mult>\s*(?:million|billion|thousand|[mb]n|(?<=\d)[mb](?![\w²]))\b)?|(?<![\w.,$€£-])(?P<n2>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        # "for between 50,000 and 80,000 yuan each": from the lower sum
        rf"(?P<mult2>\s*(?:million|billion|thousand))?(?:\s+(?:and|to)\s+\d{{1,3}}(?:,\d{{3}})+(?!\s*(?:million|billion))|\s+(?:and|to)\s+\d+(?=\s+(?:million|billion)))?"
        rf"[\s-]*(?:\w+\s+)?(?P<cur2>{_CURRENCY_WORDS})\b)")

    #: what victims paid, owed, were sold for, earned or were promised
    _VICTIM_MONEY = re.compile(r"\b(?:paid|pay|pays|paying|owed?|owing|debts?|sold|bought|buy|price|fees?|ransom|"
                               r"charg\w+|earn\w*|wages?|salar\w+|demand\w*|promised|cost|"
                               # "lured with Rs 2,000 each", "making about $50 a night", "a $7,000 loan"
                               r"lur\w+|offer\w*|mak(?:e|es|ing)|loans?|purchased|resold|sell(?:s|ing)?|"
                               # what a government gives or funds: "financial aid of 50 million euros by Italy", "a
                               # 50-million-euro agreement", "the duo gave Milon Tk 5,000"
                               r"aid|fund(?:s|ed|ing)?|financ\w+|grants?|gave|give[ns]?|agreement)\b", re.IGNORECASE)

    def _money_in(self, p: Paragraph, text: str, a: int, b: int, mentions: list[Mention], subject: Mention | None) -> None:
        clause = text[a:b]
        last_end = -10
        for m in self._MONEY.finditer(clause):
            gap = clause[max(0, last_end):m.start()]
            conversion = m.start() - last_end <= 4 and "(" in gap
            upper = last_end >= 0 and re.fullmatch(r"\s*(?:and|to|-|–)\s*", gap) is not None
            last_end = m.end()
            opened = clause.rfind("(", 0, m.start())
            if opened >= 0 and ")" not in clause[opened:m.start()] and re.search(
                    r"(?:\d[\d,.]*|\b(?i:a|one|two|three|four|five|six|seven|eight|nine|ten)(?=\s+(?:million|billion)))"
                    r"(?:\s*(?:million|billion|thousand))?(?:\s*[A-Za-z$£€]+){0,3}\s*$", clause[:opened]):
                # "2,000 German marks (about $1,000 USD)", "two million naira ($12,600, 9,200 euros)": the sum before
                # the bracket again, in other currencies
                conversion = True
            if conversion or upper or re.match(r"\s*(?:\([^)]*\)\s*)?in fines\b", clause[m.end():]):
                # "RMB1,000 (US$154)": the same sum in another currency; "between £400 and £500": from £400; "1
                # million riyal (S$370,000) in fines": a penalty, not what victims paid
                continue
            raw = m.group("n") or m.group("n2")
            cur = (m.group("cur") or m.group("cur2") or "").strip()
            if not raw or (m.group("n2") and re.fullmatch(r"(?:19|20)\d\d", raw)):
                continue
            mult_word = (m.group("mult") or m.group("mult2") or "").strip().lower()
            mult = {"million": 1e6, "m": 1e6, "mn": 1e6, "thousand": 1e3, "billion": 1e9, "bn": 1e9, "b": 1e9}.get(mult_word, 1)
            value: float | int = float(raw.replace(",", "")) * mult
            if float(value).is_integer():
                value = int(value)
            if value == 0:
                continue
            before = " ".join(re.split(r"[,;:(]", clause[: m.start()])[-1].split()[-5:])
            after = " ".join(clause[m.end():].split()[:4]).rstrip(".,;)")
            # the clause's words before the sum, across commas: "The monthly salary ... was 250 Jordanian Dinar,
            # equivalent to around Tk 30,000"
            lead = " ".join(clause[: m.start()].split()[-12:])
            if not self._VICTIM_MONEY.search(f"{lead} {after}"):
                continue  # assets seized, cash found, a fund's size: not what the victims paid, owed or earned
            what = " ".join(x for x in (cur, f"({before} … {after})" if before or after else "") if x)
            self.add_statistic(p, text, a, b, value, "money", what, m.group("q"), m.span(), mentions, subject)

    def add_statistic(
        self, p: Paragraph, text: str, a: int, b: int, value: float | int, unit: str, what: str,
        qualifier: str | None, span: tuple[int, int], mentions: list[Mention], subject: Mention | None,
    ) -> None:
        clause = text[a:b]
        year_text = clause[: span[0]] + " " * (span[1] - span[0]) + clause[span[1] :]
        year_m = re.search(r"\b(19\d\d|20\d\d)\b", year_text)
        names = [m for m in mentions if a <= m.start and m.end <= b and m.kind == "name"]
        scope = names[0].ref if len({m.ref for m in names}) == 1 else (
            subject.ref if subject is not None and subject.kind != "region" else None)
        counts = " ".join(what.split())
        if qualifier:
            counts = f"{counts} ({qualifier} {value:,})" if isinstance(value, int) else f"{counts} ({qualifier})"
        hedge = cues.hedge_of(clause)
        if hedge:
            counts = f"{counts} [hedged: {hedge}]"
        fact: dict[str, Any] = {"id": "", "counts": counts, "value": value, "unit": unit}
        if year_m:
            fact["year"] = int(year_m.group(1))
        if scope:
            fact["scope"] = scope
        fact["evidence"] = [{"quote": _quote(text, a, b), "locator": p.locator}]
        self.drafts.statistics.append(fact)


    _CHALLENGE = re.compile(
        r"\b(?:challenges? (?:include|to \w+ include|still|remain|faced|exist)|lack of|limited (?:access|"
        r"cooperation|collaboration|capacity|resources|international)|insufficient|inadequate|difficult(?:y|ies) in|"
        r"obstacles?|hinder\w*|imped\w*|shortage of|nonworking|ineffective)\b",
        re.I,
    )

    def challenges_in(self, p: Paragraph, text: str, sentence: tuple[int, int], mentions: list[Mention], subject: Mention | None) -> None:
        spans = cues.clauses(text, *sentence)
        # a sentence of several clauses (a Factbook profile): one challenge per clause
        for a, b in spans if len(spans) > 2 else [sentence]:
            self._challenge(p, text, a, b, mentions, subject)

    def _challenge(self, p: Paragraph, text: str, a: int, b: int, mentions: list[Mention], subject: Mention | None) -> None:
        sent = text[a:b]
        if not self._CHALLENGE.search(sent) or not re.search(
            r"\b(?:cooperat\w*|collaborat\w*|investigat\w*|information|trafficking|THB|victims?|law enforcement|prosecut\w*|access)\b", sent, re.I
        ):
            return
        quote = _quote(text, a, b)
        names = {m.ref for m in mentions if a <= m.start and m.end <= b and m.kind in ("name", "region")}
        concerns = sorted(r for r in names if not r.startswith("region:"))
        if not concerns and subject is not None and subject.kind != "region":
            concerns = [subject.ref]
        description = " ".join(re.sub(r"\*\*|__", "", quote).split())
        if len(description) > 300:
            description = description[:297].rsplit(" ", 1)[0] + "..."
        fact: dict[str, Any] = {"id": "", "description": description}
        if concerns:
            fact["concerns"] = concerns
        hedge = cues.hedge_of(sent)
        fact["evidence"] = [{"quote": quote, "locator": p.locator}]
        if hedge:
            fact["_hedge"] = hedge
        self.drafts.challenges.append(fact)

    # ----------------------------------------------------------- driver

    def run(self) -> Drafts:  # noqa: C901
        paragraphs = self.doc.paragraphs
        self.genre = self.drafts.genre = genre_of(self.doc)
        section_subject: dict[str, Mention | None] = {}
        unit_subject: dict[str, Mention | None] = {}
        for p in paragraphs:
            if p.section not in section_subject:
                section_subject[p.section] = _heading_subject(p.section) if p.section else None
            if p.unit not in unit_subject:
                unit_subject[p.unit] = self._unit_subject(p) if self.genre == "profile" else None
        doc_forms = [f for f in cues.exploitation_of(self.doc.title) if f != "unspecified"]  # the headline's form
        self._doc_forms = doc_forms if len(doc_forms) == 1 and self.genre != "profile" else []
        self._profile_subject = None
        title_names = [m for m in self._resolved(find_mentions(self.doc.title)) if m.kind == "name"]
        self._remember_list(self.doc.title, title_names)
        if len(title_names) >= 2 and not self._last_list:
            self._last_list = title_names[:2]
        previous_section = None
        first_section = paragraphs[0].section if paragraphs else ""
        named = [m for m in find_mentions(" ".join([self.doc.title] + [p.text for p in paragraphs[:1]])) if m.kind != "region"]
        if self.genre != "profile" and len({m.ref for m in named}) == 1:
            self._home = named[0]
        stated = [p.text[x:y] for p in paragraphs for x, y in cues.sentences(p.text)
                  if not re.search(r"\bpromis\w*|\boffer\w*|\bads?\b|\badvert\w*", p.text[x:y], re.I)]  # not a lure's job
        body = [f for f in cues.exploitation_of(" ".join(stated)) if f != "unspecified"]
        self._body_forms = body if len(body) == 1 and self.genre != "profile" else []
        for pm in _PSEUDONYM.finditer(self.doc.text):
            self._pseudonyms.add(self._expert_key(pm.group("name")))
        self._story = self.genre != "profile" and cues.is_trafficking(self.doc.text)
        self._story_home = self._find_story_home(paragraphs) if self.genre == "narrative" and self._story else None
        self._dateline = dateline(paragraphs[0].text) if paragraphs and self.genre != "profile" else None
        if self.genre != "profile":
            self._headline(first_section)
        for p in paragraphs:
            text = p.text
            mentions = self._resolved(find_mentions(text))
            # the subject is an endpoint only where the genre makes it one: a profile's country,
            # or a section headed by a country's name (a meeting summary's "Spain" section)
            subject = section_subject.get(p.section) or unit_subject.get(p.unit)
            if p.section != previous_section or p.unit != getattr(self, "_unit", None):
                self._origin = None  # origins carry over paragraphs of one section only
                self._dest = None
                if p.section == first_section and previous_section is None:
                    self._origin = self._title_origin  # "Indonesian Trafficking Victims" in the headline
                    if self._title_dest is not None and any(
                            m.ref == self._title_dest.members[0].ref for q in paragraphs if q.text != self.doc.title
                            for m in find_mentions(q.text)):
                        self._dest = self._title_dest  # the body names that country too ("in Khartoum")
                if self._origin is None and self._story_home is not None:
                    self._origin = self._story_home  # a narrative's person: "I left India to try and earn more"
                previous_section, self._unit = p.section, p.unit
            elif self.genre != "profile" and self._flows and _NEW_STORY.match(text):
                # "Mario, 26, kept in forced labour in a gold mine in Peru": after a first story, another one
                self._origin = self._dest = None
            self._para_forms = [f for f in cues.exploitation_of(text) if f != "unspecified"] or self._doc_forms
            self._prev_para, self._para_text = self._para_text, text
            if self.genre == "profile" and cues.PROFILE_OPENING.match(text):
                # a country narrative starts a new paragraph: "Uruguay is a source, transit, and destination country"
                opening = self._unit_subject(p)
                if opening is not None:
                    self._profile_subject = opening
            if self.genre == "profile" and self._profile_subject is not None and not section_subject.get(p.section):
                subject = self._profile_subject
            for sentence in cues.sentences(text):
                self.flows_in(p, text, sentence, mentions, subject)
                self.agreements_in(p, text, sentence, mentions, subject)
                self.cooperations_in(p, text, sentence, mentions, subject)
                self.agencies_in(p, text, sentence, mentions, subject)
                self.experts_in(p, text, sentence, mentions, subject)
                self.people_in(p, text, sentence, subject)
                self.statistics_in(p, text, sentence, mentions, subject)
                self.challenges_in(p, text, sentence, mentions, subject)
        return self.finish()

    def _find_story_home(self, paragraphs: list[Paragraph]) -> _Group | None:
        """The one country a narrative says its person comes from, wherever it says so ("I left India to try and earn
        more", "back home in India", "brought back from Abu Dhabi to India", "I was born in ..."); None where it names
        none or more than one."""
        homes: dict[str, Mention] = {}
        for p in paragraphs:
            for m in find_mentions(p.text):
                if m.kind != "name" or m.place:
                    continue
                before = p.text[max(0, m.start - 120) : m.start]
                if (_STORY_HOME_BEFORE.search(before) or _HOME.search(before) or _LEFT_HOME_IN.search(before)
                        or (_LEFT_FOR_WORK.search(before) and _FOR_WORK_AFTER.match(p.text, m.end))):
                    homes.setdefault(m.ref, m)
        if len(homes) != 1:
            return None
        return _Group("O", list(homes.values()), -1, -1)

    def _resolved(self, mentions: list[Mention]) -> list[Mention]:
        """"Congo" alone is ambiguous (COG or COD) unless the text named one of the two in full before
        ("Benin and the Republic of Congo have signed ... victims of the trade towards Congo"): then it is that one,
        as the source itself said. The countries named so far are kept as the text is read."""
        out: list[Mention] = []
        for m in mentions:
            if m.region_kind == "ambiguous":
                named = [c for c in m.candidates if c in self._named_refs]
                if len(named) == 1:
                    kind: Any = "demonym" if m.text.lower().startswith("congolese") else "name"
                    m = Mention(m.start, m.end, m.text, named[0], kind, plural=m.plural)
            elif m.kind == "name":
                self._named_refs.add(m.ref)
            out.append(m)
        return out

    def _headline(self, section: str) -> None:
        """A news headline is a statement too ("Trafficked Vietnamese children exploited in UK drug
        farms"): its flows are drafted like a clause's (never with a subject standing in), and the
        victims' nationality it names without a destination is the origin the story starts from."""
        title = self.doc.title
        if not title or title not in self.doc.text:
            return  # the quote must be verbatim
        mentions = find_mentions(title)
        if not mentions:
            return
        para = Paragraph(title, f"{section} (headline)" if section else "headline", section)
        self.flows_in(para, title, (0, len(title)), mentions, None)
        # a headline in title case ("Kenyan Domestic Workers’ Doomed Voyage"): its nouns read as in a sentence
        spans = [(m.start, m.end) for m in mentions]
        plain = "".join(c.lower() if not any(x <= i < y for x, y in spans) else c for i, c in enumerate(title))
        plain = plain if len(plain) == len(title) else title
        groups = _groups(plain, _roles(plain, 0, len(plain), mentions))
        origins = [g for g in groups if g.role == "O"]
        if origins and not any(g.role == "D" and g.members[0].kind != "region" for g in groups) and (
                cues.is_trafficking(title) or self._story):
            g = origins[-1]
            self._title_origin = _Group("O", g.members, -1, -1)
        dests = [g for g in groups if g.role == "D"]
        if (not origins and len(dests) == 1 and all(m.kind == "name" for m in dests[0].members)
                and _RESCUERS.match(plain[dests[0].end :])):
            # "Sudan police save 85 minors from trafficking network": where the story's victims were found
            self._title_dest = _Group("D", dests[0].members, -1, -1)
        self._origin = self._dest = None

    def _unit_subject(self, first: Paragraph) -> Mention | None:
        """The country of a document's (or CSV row's) opening statement: the first
        country named in one of its first three clauses that speaks of trafficking
        ("human traffickers exploit domestic and foreign victims in Algeria")."""
        spans = cues.sentences(first.text)
        if not spans:
            return None
        for a, b in cues.clauses(first.text, *spans[0])[:3]:
            clause = first.text[a:b]
            if not cues.is_trafficking(clause):
                continue
            names = [m for m in find_mentions(clause) if m.kind == "name"]
            if names:
                return names[0]
        return None

    #: a country the victims passed through on their way: "from Nigeria to Italy, via Libya", "trafficked through
    #: Thailand to Malaysia", "kidnapped in eastern Sudan and sold to traffickers in Egypt's Sinai"
    _LEG = re.compile(r"\b(?:via|through|by way of|transit(?:ed|ing)?(?:\s+(?:through|in|via))?|"
                      r"cross(?:ed|ing) (?:the border )?(?:into|to)|across|"
                      r"(?:kidnapped|abducted|intercepted|captured)\s+(?:in|at|near))\s+(?:the\s+)?"
                      r"(?:(?:north|south|east|west)(?:ern)?\s+)?$", re.IGNORECASE)
    #: "Thailand does sometimes serve as a transit point for Vietnamese being smuggled on to Malaysia"
    _TRANSIT_AFTER = re.compile(r"^(?:\s+\w+){0,3}?\s+(?:serves?|served|serving|is|was|acts?|acted)\s+(?:\w+\s+){0,2}?"
                                r"(?:as\s+)?an?\s+(?:\w+\s+)?transit\s+(?:point|country|hub|route)\b", re.IGNORECASE)
    #: the victims' journey, in a sentence naming neither end: "The women had gone to the African nation via India
    #: and Bangladesh", "The route went through Niger and Libya"
    _JOURNEY = re.compile(r"\b(?:gone|went|go|travel\w*|taken|took|brought|smuggled|trafficked|flown|flew|moved|passed|"
                          r"arriv\w*|route|journey|crossed|transported|sent)\b", re.IGNORECASE)

    def _route_legs(self) -> None:  # noqa: C901
        """Transit legs a sentence names beside a flow's two endpoints: the leg joins the flow's
        ``via`` and is no destination of its own where only that sentence made it one. Where a story
        drafted one country-level flow only, a journey's legs join it though the sentence names
        neither end ("The route went through Niger and Libya"). A flow the clause cues did not draft
        gets no leg (an unclear clause makes no flow)."""
        if self.genre == "profile" or not self._flows:
            return
        countries = [k for k in self._flows if not k[0].startswith("region:") and not k[1].startswith("region:")]
        for p in self.doc.paragraphs:
            mentions = find_mentions(p.text)
            for a, b in cues.sentences(p.text):
                ms = [m for m in mentions if a <= m.start and m.end <= b and m.kind in ("name", "demonym")]
                legs: list[Mention] = []
                for x in ms:
                    if x.kind != "name":
                        continue
                    listed = legs and legs[-1].end <= x.start and cues.LIST_JOIN.match(p.text[legs[-1].end:x.start])
                    if listed or self._LEG.search(p.text[max(a, x.start - 40):x.start]) or \
                            self._TRANSIT_AFTER.match(p.text[x.end:b]):
                        legs.append(x)
                sentence = p.text[a:b]

                def only_here(key: tuple[str, str], sentence: str = sentence) -> bool:
                    return all(e["quote"].strip(" .…") in sentence or sentence in e["quote"]
                               for e in self._flows[key].evidence)

                for x in legs:
                    refs = {m.ref for m in ms if m.start != x.start}
                    # "crossed the border into Thailand" drafted a flow to Thailand from this sentence: the journey
                    # went on ("Taken to the Maluku Islands in Indonesia"), the leg joins the flow that continued it
                    others = [k for k in countries if k in self._flows and not (k[1] == x.ref and only_here(k))]
                    for (o, d), f in list(self._flows.items()):
                        if x.ref in (o, d):
                            continue
                        alone = len(others) == 1 and (o, d) == others[0] and self._JOURNEY.search(sentence) \
                            and d not in refs
                        if not (o in refs and d in refs) and not alone:
                            continue
                        if x.ref not in f.via:
                            f.via.append(x.ref)
                        if not alone and (o, x.ref) in self._flows and only_here((o, x.ref)):
                            # "from A through B to C" drafted A -> B too; "crossed the border to Thailand ... took
                            # them to Indonesia's Maluku islands": Thailand was the way, not where they ended up
                            del self._flows[(o, x.ref)]

    def _instrument_text(self) -> None:
        """An instrument's own text ("MEMORANDUM OF UNDERSTANDING BETWEEN THE GOVERNMENT OF THE KINGDOM OF
        THAILAND AND THE GOVERNMENT OF THE KINGDOM OF CAMBODIA ... (hereinafter referred to as the "Parties")";
        "Agreement ... between the Ministry ... of the Republic of India, and Ministry of Labour of the Kingdom of
        Saudi Arabia ... Date Signed: 02-01-2014"): the two countries its heading or opening names after "between"
        are parties to a signed instrument. A report about an instrument has none of these marks."""
        if self.genre not in ("agreement", "meeting") or not cues.INSTRUMENT_TEXT.search(self.doc.text):
            return
        heads = [(self.doc.title, "headline")] if self.doc.title and self.doc.title in self.doc.text else []
        heads += [(p.text, p.locator) for p in self.doc.paragraphs[:2]]
        for text, locator in heads:
            for am in cues.AGREEMENT.finditer(text):
                between = re.match(r"[^.;]{0,120}?\bbetween\b", text[am.end():], re.IGNORECASE)
                if between is None:
                    continue
                start = am.end() + between.end()
                end = text.find(".", start)
                span = text[start:end if end > 0 else len(text)]
                names: list[Mention] = []
                for m in find_mentions(span):
                    if m.kind == "name" and not m.place and all(m.ref != x.ref for x in names):
                        names.append(m)
                if len(names) != 2:
                    continue
                quote = _quote(text, 0, len(text))
                self.add_agreement(names[0], names[1], "signed", am.group(0), None, None, quote, locator, None)
                return

    def finish(self) -> Drafts:
        d = self.drafts
        self._instrument_text()
        self._journey_legs()
        self._route_legs()
        d.flows = list(self._flows.values())
        d.agreements = list(self._agreements.values())
        d.cooperations = list(self._cooperations.values())
        d.agencies = list(self._agencies.values())
        taken: set[str] = set()
        for e in self._experts.values():
            e["id"] = self._unique(self.fid("expert", e["name"]), taken)
            d.experts.append(e)
        for _i, s in enumerate(d.statistics, start=1):
            s["id"] = self._unique(self.fid("statistic", f"{s.get('scope', 'x')}-{s['counts'][:40]}"), taken)
        for c in d.challenges:
            c["id"] = self._unique(self.fid("challenge", c["description"][:48]), taken)
        for a in d.agencies:
            a["id"] = self._unique(a["id"], taken)
        return d

    @staticmethod
    def _unique(base: str, taken: set[str]) -> str:
        base = base.rstrip("-.") or base
        cand, n = base, 2
        while cand in taken:
            cand, n = f"{base}-{n}", n + 1
        taken.add(cand)
        return cand


GENRES = ("profile", "news", "agreement", "meeting", "narrative")


def genre_of(doc: Document) -> str:
    """The kind of text (see :data:`GENRES`); decides which cues apply."""
    return cues.genre(doc.title, [p.text for p in doc.paragraphs], csv=doc.kind == "csv")


def extract(doc: Document, source_id: str) -> Drafts:
    """Draft the facts of a document (see the module docstring)."""
    return _Extractor(doc, source_id).run()


def country_pairs(drafts: Drafts) -> set[tuple[str, str]]:
    """The country-level (origin, destination) pairs of drafted flows.

    Examples
    --------
    >>> from pathlib import Path
    >>> from ctgraph.ingest.draft.formats import Document, parse_markdown
    >>> text = "Eritreans are subject to forced labor and sex trafficking mainly in Ethiopia, Libya, and Sudan."
    >>> sorted(country_pairs(extract(Document(Path("x.txt"), text, parse_markdown(text)), "source:x")))
    [('ERI', 'ETH'), ('ERI', 'LBY'), ('ERI', 'SDN')]
    """
    return {(f.origin, f.destination) for f in drafts.flows if ":" not in f.origin and ":" not in f.destination}


def naive_country_pairs(doc: Document) -> set[tuple[str, str]]:
    """Baseline: every ordered pair of two different countries named in one
    sentence that speaks of trafficking (what the benchmark compares against)."""
    out: set[tuple[str, str]] = set()
    for p in doc.paragraphs:
        for a, b in cues.sentences(p.text):
            sent = p.text[a:b]
            if not cues.is_trafficking(sent):
                continue
            refs = list(dict.fromkeys(m.ref for m in find_mentions(sent) if m.kind != "region"))
            out.update((x, y) for x in refs for y in refs if x != y)
    return out
