"""One vocabulary: the words, id rules and display names every view shares.

- Same-jurisdiction flows are *internal* (:data:`INTERNAL`), everywhere: the
  JSON, the tables, the network, the map and the deck.
- Ids are for machines; people see names. :func:`display_name` is the one rule
  that turns an id into what a user reads, given the names the graph holds
  (:func:`graph.analysis.names`).
- Exploitation forms are stored as snake_case values and shown as words
  (:func:`exploitation_label`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ctgraph.graph.i18n import N_, _, country_name_in, full_stop, list_text, ngettext

if TYPE_CHECKING:  # pragma: no cover
    from ctgraph.graph.answers import Measured, Research

__all__ = [
    "INTERNAL",
    "EXPLOITATION_FORMS",
    "exploitation_label",
    "exploitation_words",
    "exploitation_value",
    "display_name",
    "display_names",
    "id_kind",
    "COVERAGE_WORDS",
    "coverage_word",
    "LABEL_WORDS",
    "label_word",
    "SOURCE_KINDS",
    "source_kind_word",
    "ORIGIN",
    "DESTINATION",
    "measured_sentence",
    "research_sentence",
]

#: The one term for a flow whose two ends are in the same jurisdiction.
INTERNAL = "internal"

#: Column words for the two ends of a flow (never "source" for an origin).
ORIGIN = "origin"
DESTINATION = "destination"

#: Every exploitation form the graph uses, with the words people read.
EXPLOITATION_FORMS: dict[str, str] = {
    "sexual_exploitation": N_("sexual exploitation"),
    "forced_labour": N_("forced labour"),
    "forced_marriage": N_("forced marriage"),
    "forced_criminality": N_("forced criminality"),
    "forced_begging": N_("forced begging"),
    "domestic_servitude": N_("domestic servitude"),
    "organ_removal": N_("organ removal"),
    "child_soldiers": N_("child soldiers"),
    "illegal_adoption": N_("illegal adoption"),
    "baby_selling": N_("sale of babies"),
    "other": N_("other forms"),
    "unspecified": N_("form not stated"),
}


def exploitation_label(value: str) -> str:
    """The words for an exploitation value.

    Examples
    --------
    >>> exploitation_label("forced_labour"), exploitation_label("organ_trade")
    ('forced labour', 'organ trade')
    """
    words = EXPLOITATION_FORMS.get(value)
    return _(words) if words else value.replace("_", " ")


def exploitation_words(values: Iterable[str]) -> list[str]:
    """The words for a flow's exploitation forms; a flow whose source names no
    form reads "form not stated", never a blank.

    Examples
    --------
    >>> exploitation_words(["sexual_exploitation"]), exploitation_words([])
    (['sexual exploitation'], ['form not stated'])
    """
    words = [exploitation_label(v) for v in values]
    return words or [_(EXPLOITATION_FORMS["unspecified"])]


#: The words for each coverage level (and internal flows), as people read them.
COVERAGE_WORDS: dict[str, str] = {
    "bilateral": N_("bilateral"),
    "regional": N_("regional"),
    "multilateral": N_("multilateral"),
    "operational": N_("operational"),
    "negotiating": N_("negotiating"),
    "none": N_("none"),
    "internal": N_("internal"),
    "unknown": N_("unknown"),
}


def coverage_word(level: str) -> str:
    """The word for a coverage level in the current language (the level itself in English).

    Examples
    --------
    >>> coverage_word("regional"), coverage_word("something")
    ('regional', 'something')
    """
    words = COVERAGE_WORDS.get(str(level))
    return _(words) if words else str(level)


#: What each kind of node is called where people read it (a count table, a legend).
LABEL_WORDS: dict[str, str] = {
    "Agency": N_("Agency"),
    "Agreement": N_("Agreement"),
    "Challenge": N_("Challenge"),
    "Cooperation": N_("Cooperation"),
    "Country": N_("Country"),
    "Event": N_("Event"),
    "Expert": N_("Expert"),
    "Flow": N_("Flow"),
    "Measure": N_("Measure"),
    "Place": N_("Place"),
    "Region": N_("Region"),
    "Source": N_("Source"),
    "Statistic": N_("Statistic"),
    "TipTier": N_("TipTier"),
}


def label_word(label: str) -> str:
    """The word for a node label in the current language (the label itself when unknown).

    Examples
    --------
    >>> label_word("Agreement"), label_word("Other")
    ('Agreement', 'Other')
    """
    words = LABEL_WORDS.get(label)
    return _(words) if words else label


#: What each kind of source is called.
SOURCE_KINDS: dict[str, str] = {"report": N_("report"), "dataset": N_("dataset"), "reference": N_("reference")}


def source_kind_word(kind: str) -> str:
    """The word for a source's kind (``report``, ``dataset``, ``reference``) in the current language."""
    words = SOURCE_KINDS.get(kind)
    return _(words) if words else kind


def exploitation_value(text: str) -> str | None:
    """The stored value of an exploitation form given as its value or as the
    words tables print ("forced labour", "Sexual exploitation"), any case; ``None``
    for a form the graph does not use.

    Examples
    --------
    >>> exploitation_value("forced labour"), exploitation_value("Sale of babies"), exploitation_value("forced_labour")
    ('forced_labour', 'baby_selling', 'forced_labour')
    >>> exploitation_value("FORCED-MARRIAGE"), exploitation_value("organ trade")
    ('forced_marriage', None)
    """
    key = " ".join(text.replace("_", " ").replace("-", " ").casefold().split())
    for value, words in EXPLOITATION_FORMS.items():
        if key in (value.replace("_", " "), words.casefold()):
            return value
    return None


def id_kind(ident: str) -> str:
    """What kind of thing an id names, from its form: Country for an ISO code,
    else the capitalised prefix (``region:eu`` -> Region).

    Examples
    --------
    >>> id_kind("CHN"), id_kind("region:eu"), id_kind("agency:mps")
    ('Country', 'Region', 'Agency')
    """
    if len(ident) == 3 and ident.isascii() and ident.isalpha() and ident.isupper():
        return "Country"
    prefix, sep, _ = ident.partition(":")
    return prefix.capitalize() if sep else "Unknown"


def _from_id(ident: str) -> str:
    """A readable fallback when the graph holds no name: the id's words."""
    _, sep, rest = ident.partition(":")
    text = rest if sep else ident
    return text.replace("-", " ").replace("_", " ").strip() or ident


def display_name(ident: str, names: Mapping[str, str]) -> str:
    """What a user reads for ``ident``: its name; for a country, "Name (CODE)"
    only where the code adds something; never a raw ``region:``/``place:`` id.

    Examples
    --------
    >>> names = {"CHN": "China", "region:mekong": "Mekong river region"}
    >>> display_name("CHN", names), display_name("region:mekong", names)
    ('China', 'Mekong river region')
    >>> display_name("region:european-countries", {})
    'european countries'
    """
    if id_kind(ident) == "Country":
        translated = country_name_in(ident)
        if translated:
            return translated
    name = names.get(ident)
    if name and name != ident:
        return name
    if id_kind(ident) == "Country":
        return ident
    return _from_id(ident)


def display_names(idents: Iterable[str], names: Mapping[str, str], sep: str = ", ") -> str:
    """Several ids as one readable string.

    Examples
    --------
    >>> display_names(["CHN", "THA"], {"CHN": "China", "THA": "Thailand"})
    'China, Thailand'
    """
    if sep == ", ":
        return list_text(display_name(i, names) for i in idents)
    return sep.join(display_name(i, names) for i in idents)


def measured_sentence(m: Measured) -> str:
    """The one sentence every gap list carries: what it was measured against.

    Examples
    --------
    >>> measured_sentence({"as_of": "2024-01-01", "instruments": 31,
    ...                    "by_kind": {"bilateral": 21, "regional": 9, "multilateral": 1}})
    'Measured against 31 instruments binding on 2024-01-01 (1 multilateral, 9 regional, 21 bilateral); a pair shown with no instrument or only a multilateral one may be bound by an instrument not loaded.'
    """
    k = m["by_kind"]
    parts = _(
        "{multilateral} multilateral, {regional} regional, {bilateral} bilateral",
        **{kind: k.get(kind, 0) for kind in ("multilateral", "regional", "bilateral")},
    )
    n = m["instruments"]
    return ngettext(
        "Measured against {n} instrument binding on {day} ({parts}); a pair shown with no instrument or only a "
        "multilateral one may be bound by an instrument not loaded.",
        "Measured against {n} instruments binding on {day} ({parts}); a pair shown with no instrument or only a "
        "multilateral one may be bound by an instrument not loaded.",
        n,
        n=n,
        day=m["as_of"],
        parts=parts,
    )


_OUTCOME_WORDS = {"found": N_("found"), "not_found": N_("searched and not found"), "lead_only": N_("leads only")}


def research_sentence(items: Sequence[Research], country: str, names: Mapping[str, str]) -> str:
    """What was researched for ``country``, one clause per research day: how many
    searches (pairs, or the country alone), and per outcome whom (or what) they were about.

    Examples
    --------
    >>> log = [
    ...     {"researched": "2026-12-04", "countries": ["CHN", "THA"], "topic": "bilateral", "outcome": "found",
    ...      "instruments": ["agreement:chn-tha"], "queries": [], "note": None},
    ...     {"researched": "2026-12-04", "countries": ["THA", "USA"], "topic": "bilateral", "outcome": "not_found",
    ...      "instruments": [], "queries": [], "note": None},
    ...     {"researched": "2026-12-04", "countries": ["THA"], "topic": "regional", "outcome": "found",
    ...      "instruments": ["agreement:actip"], "queries": [], "note": None}]
    >>> research_sentence(log, "THA", {"CHN": "China", "USA": "United States", "agreement:actip": "ACTIP"})
    'Researched 2026-12-04: 3 searches — found 2 (China, ACTIP), searched and not found 1 (United States).'
    >>> research_sentence([], "THA", {})
    'No research logged for this country.'
    """
    if not items:
        return _("No research logged for this country.")
    clauses: list[str] = []
    for day in sorted({r["researched"] for r in items}):
        on_day = [r for r in items if r["researched"] == day]
        pairs = all(len(r["countries"]) == 2 for r in on_day)
        n = len(on_day)
        unit = ngettext("{n} pair", "{n} pairs", n, n=n) if pairs else ngettext("{n} search", "{n} searches", n, n=n)
        parts = []
        for outcome, words in _OUTCOME_WORDS.items():
            found = [r for r in on_day if r["outcome"] == outcome]
            if not found:
                continue
            whom: list[str] = []
            for r in found:
                others = [c for c in r["countries"] if c != country]
                if others:
                    whom.extend(display_name(c, names) for c in others)
                elif r["instruments"]:
                    whom.extend(display_name(i, names) for i in r["instruments"])
                else:
                    whom.append(_("{kind} instruments", kind=coverage_word(r["topic"])))
            parts.append(
                _("{outcome} {n} ({whom})", outcome=_(words), n=len(found), whom=list_text(dict.fromkeys(whom)))
            )
        clause = (
            _("Researched {day}: {searches} — {outcomes}")
            if not clauses
            else _("researched {day}: {searches} — {outcomes}")
        )
        clauses.append(clause.format(day=day, searches=unit, outcomes=list_text(parts)))
    return full_stop(list_text(clauses, "clauses"))
