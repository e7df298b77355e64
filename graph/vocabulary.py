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

from collections.abc import Iterable, Mapping

__all__ = [
    "INTERNAL",
    "EXPLOITATION_FORMS",
    "exploitation_label",
    "exploitation_words",
    "display_name",
    "display_names",
    "id_kind",
    "ORIGIN",
    "DESTINATION",
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
