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
    "sexual_exploitation": "sexual exploitation",
    "forced_labour": "forced labour",
    "forced_marriage": "forced marriage",
    "forced_criminality": "forced criminality",
    "forced_begging": "forced begging",
    "domestic_servitude": "domestic servitude",
    "organ_removal": "organ removal",
    "child_soldiers": "child soldiers",
    "illegal_adoption": "illegal adoption",
    "baby_selling": "sale of babies",
    "other": "other forms",
    "unspecified": "form not stated",
}


def exploitation_label(value: str) -> str:
    """The words for an exploitation value.

    Examples
    --------
    >>> exploitation_label("forced_labour"), exploitation_label("organ_trade")
    ('forced labour', 'organ trade')
    """
    return EXPLOITATION_FORMS.get(value, value.replace("_", " "))


def exploitation_words(values: Iterable[str]) -> list[str]:
    """The words for a flow's exploitation forms; a flow whose source names no
    form reads "form not stated", never a blank.

    Examples
    --------
    >>> exploitation_words(["sexual_exploitation"]), exploitation_words([])
    (['sexual exploitation'], ['form not stated'])
    """
    words = [exploitation_label(v) for v in values]
    return words or [EXPLOITATION_FORMS["unspecified"]]


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
    parts = ", ".join(f"{k.get(kind, 0)} {kind}" for kind in ("multilateral", "regional", "bilateral"))
    n = m["instruments"]
    return (
        f"Measured against {n} instrument{'s' if n != 1 else ''} binding on {m['as_of']} ({parts}); "
        "a pair shown with no instrument or only a multilateral one may be bound by an instrument not loaded."
    )


_OUTCOME_WORDS = {"found": "found", "not_found": "searched and not found", "lead_only": "leads only"}


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
        return "No research logged for this country."
    clauses = []
    for day in sorted({r["researched"] for r in items}):
        on_day = [r for r in items if r["researched"] == day]
        pairs = all(len(r["countries"]) == 2 for r in on_day)
        n = len(on_day)
        unit = ("pair" if pairs else "search") + ("" if n == 1 else ("s" if pairs else "es"))
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
                    whom.append(f"{r['topic']} instruments")
            parts.append(f"{words} {len(found)} ({', '.join(dict.fromkeys(whom))})")
        clauses.append(f"{day}: {n} {unit} — {', '.join(parts)}")
    return "Researched " + "; researched ".join(clauses) + "."
