"""Which words belong on a data set's figure: its identity, heading and own labels.

A pair's figures come one per data set and basis (:class:`graph.answers.Corroboration`);
they overlap and are never added. Each carries only its own labels: a GLOTIP
count spans all forms and both sexes, so no form or victim group from CTDC (or
from a text source) is written next to it, and CTDC's forms and groups are
written with CTDC's own counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ctgraph.graph.countries import all_countries
from ctgraph.graph.i18n import DEFAULT_LANGUAGE, N_, _, language
from ctgraph.graph.names import country_code
from ctgraph.graph.vocabulary import display_name, exploitation_label
from ctgraph.graph.wording import count_text

__all__ = [
    "BASIS_WORDS",
    "COUNTS_WORDS",
    "SERIES_WORDS",
    "STATISTIC_WORDS",
    "counts_words",
    "counts_text",
    "statistic_counts_text",
    "figure_key",
    "figure_title",
    "figure_labels",
]

#: What the data sets' figures span, as their readers word it (translated where shown).
COVERS_WORDS: tuple[str, ...] = (N_("all forms, both sexes"),)

#: What makes a data set's pair figure, in words (``Corroboration["basis"]``).
BASIS_WORDS: dict[str, str] = {
    "citizenship": "by citizenship",
    "repatriation": "by country of repatriation",
}


#: What a data set's pair figure counts, per basis, as an import writes it (``Flow.counts``, in
#: English with the countries' English names: the stored record) and as a reader reads it
#: (:func:`counts_text`, in the reader's language). ``{origin}``/``{destination}``: the flow's ends.
COUNTS_WORDS: dict[str, str] = {
    "citizenship": N_("victims of {origin} citizenship detected in {destination}"),
    "repatriation": N_("victims repatriated from {destination}, reported by {origin}"),
}
#: A country's series of victims over time (:func:`graph.analysis.victims_over_time`), stored in
#: English with the country's name (the answer's record) and read in the reader's language
#: (:func:`counts_text`): victims detected in the country, and its citizens detected elsewhere.
SERIES_WORDS: dict[str, str] = {
    "detected": N_("detected in {country}"),
    "abroad": N_("citizens of {country} detected elsewhere"),
}
#: What a data set's statistic counts, as an import writes it (``Statistic.counts``: the data
#: set's own labels ``{what}``, where, year, the cells used and the figure).
STATISTIC_WORDS = N_("{what}, {where}, {year} ({dataset}, {basis}): {figure}")
#: How a data set's statistic was summed, in words (ingest/glotip.py ``pick_cells``).
SUM_WORDS: tuple[str, ...] = (
    N_("total"),
    N_("sum of age groups"),
    N_("sum of sex groups"),
    N_("sum of sex-by-age cells"),
)


def counts_words(basis: str, origin: str, destination: str) -> str:
    """What a data set's pair figure counts, in English, as the import stores it (``origin`` and
    ``destination`` are ISO codes, written with their English names).

    Examples
    --------
    >>> counts_words("repatriation", "MMR", "CHN")
    'victims repatriated from China, reported by Myanmar'
    """
    names = all_countries()
    return COUNTS_WORDS[basis].format(origin=names.get(origin, origin), destination=names.get(destination, destination))


#: What each placeholder of an import's words matches when read back (others: the shortest text).
_READ_BACK = {"what": ".+", "year": r"\d{4}"}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """``template`` read back: each placeholder a named group (``what`` may hold commas, ``year`` is 4 digits)."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(x) if i % 2 == 0 else f"(?P<{x}>{_READ_BACK.get(x, '.+?')})" for i, x in enumerate(parts))
        + "$"
    )


@cache
def _codes() -> dict[str, str]:
    return {name: code for code, name in all_countries().items()}


def _country(name: str) -> str:
    """An English country name the import wrote, in the reader's language (the name itself when unknown)."""
    code = _codes().get(name) or country_code(name)  # the answer's display name ("Viet Nam") too
    return display_name(code, {}) if code else name


def counts_text(counts: str) -> str:
    """What a data set's figure counts (``Flow.counts``, stored in English by the import, see
    :data:`COUNTS_WORDS`), in the reader's language; other text (a source's own words) as it is.

    Examples
    --------
    >>> counts_text("victims repatriated from China, reported by Myanmar")
    'victims repatriated from China, reported by Myanmar'
    >>> from ctgraph.graph.i18n import use_language
    >>> with use_language("zh"):
    ...     counts_text("victims repatriated from China, reported by Myanmar"), counts_text("women")
    ('缅甸报告的从中国遣返的受害者', 'women')
    >>> with use_language("zh"):
    ...     counts_text("detected in Viet Nam"), counts_text("citizens of China detected elsewhere")
    ('在越南发现', '在其他国家发现的中国公民')
    """
    if language() == DEFAULT_LANGUAGE or not counts:
        return counts
    for template in (*COUNTS_WORDS.values(), *SERIES_WORDS.values()):
        m = _pattern(template).match(counts)
        if m:
            return _(template, **{k: _country(v) for k, v in m.groupdict().items()})
    return counts


def statistic_counts_text(s: Mapping[str, Any]) -> str:
    """What a statistic counts (``Statistic.counts``), in the reader's language: a data set's
    statistic, stored in English by the import (:data:`STATISTIC_WORDS`: the data set's own
    labels, where, year, how its cells were summed and the figure), is worded again from its
    fields (the data set's labels stay as it publishes them; the figure from ``value`` and
    ``suppressed_cells``); a source's own words stay as they are.

    Examples
    --------
    >>> s = {"counts": "Persons convicted, China, 2008 (UNODC GLOTIP, total): 2,161", "value": 2161,
    ...      "suppressed_cells": 0, "dataset": "source:g"}
    >>> statistic_counts_text(s)
    'Persons convicted, China, 2008 (UNODC GLOTIP, total): 2,161'
    >>> from ctgraph.graph.i18n import use_language
    >>> suppressed = {**s, "value": None, "suppressed_cells": 1,
    ...               "counts": "Persons convicted, China, 2008 (UNODC GLOTIP, total): <5 (1 suppressed cell)"}
    >>> with use_language("zh"):
    ...     print(statistic_counts_text(s)); print(statistic_counts_text(suppressed))
    Persons convicted，中国，2008（UNODC GLOTIP，合计）：2,161
    Persons convicted，中国，2008（UNODC GLOTIP，合计）：<5 (1 个隐去的单元格)
    """
    counts = str(s.get("counts") or "")
    if language() == DEFAULT_LANGUAGE or not s.get("dataset"):
        return counts
    m = _pattern(STATISTIC_WORDS).match(counts)
    if not m or m["basis"] not in SUM_WORDS:
        return counts
    figure = count_text(int(s.get("value") or 0), int(s.get("suppressed_cells") or 0))
    return _(
        STATISTIC_WORDS,
        what=m["what"],
        where=_country(m["where"]),
        year=m["year"],
        dataset=m["dataset"],
        basis=_(m["basis"]),
        figure=figure,
    )


def figure_key(c: Mapping[str, Any]) -> tuple[str, str]:
    """The identity of one data set figure: (data set, basis); two keys are never added.

    Examples
    --------
    >>> figure_key({"dataset": "source:g"}), figure_key({"dataset": "source:g", "basis": "repatriation"})
    (('source:g', 'citizenship'), ('source:g', 'repatriation'))
    """
    return str(c["dataset"]), str(c.get("basis") or "citizenship")


def figure_title(dataset_name: str, basis: str) -> str:
    """The heading of one data set figure: the data set, and its basis when it is not citizenship.

    Examples
    --------
    >>> figure_title("UNODC GLOTIP", "citizenship"), figure_title("UNODC GLOTIP", "repatriation")
    ('UNODC GLOTIP', 'UNODC GLOTIP, repatriated')
    """
    return dataset_name if basis in ("", "citizenship") else _("{dataset}, repatriated", dataset=dataset_name)


def _listed(items: Iterable[Mapping[str, Any]], word: Any, most: int) -> str:
    xs = list(items)
    shown = ", ".join(f"{word(x['label'])} {int(x['count']):,}" for x in xs[:most])
    return shown + (f", {len(xs) - most} more" if len(xs) > most else "")


def figure_labels(c: Mapping[str, Any], most: int = 3) -> str:
    """The labels that belong to one data set figure, and only to it: its basis
    when that is not citizenship, then its own breakdown (forms and victim
    groups with their counts) or what the figure spans ("all forms, both sexes").

    Examples
    --------
    >>> figure_labels({"covers": "all forms, both sexes", "forms": [], "profile": []})
    'all forms, both sexes'
    >>> figure_labels({"covers": "", "forms": [{"label": "sexual_exploitation", "count": 23}],
    ...                "profile": [{"label": "women", "count": 20}, {"label": "girls", "count": 3}]})
    'sexual exploitation 23; women 20, girls 3'
    >>> figure_labels({"basis": "repatriation", "counts": "victims repatriated from China, reported by Myanmar",
    ...                "covers": "all forms, both sexes"})
    'victims repatriated from China, reported by Myanmar; all forms, both sexes'
    """
    parts: list[str] = []
    if c.get("basis") not in (None, "", "citizenship") and c.get("counts"):
        parts.append(counts_text(str(c["counts"])))  # an import's words, in the reader's language
    forms = _listed(c.get("forms") or [], exploitation_label, most)
    profile = _listed(c.get("profile") or [], str, most)
    if forms or profile:
        parts.extend(x for x in (forms, profile) if x)
    elif c.get("covers"):
        parts.append(_(str(c["covers"])))  # a reader's fixed words (ingest/glotip.py GLOTIP_COVERS), translated
    return "; ".join(parts)
