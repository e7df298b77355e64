"""One wording for what a data set counts: the CLI, the dashboard and the deck
say a figure the same way.

A data set's figure is its published count (the sum of the cells it
publishes) and, beside it, the cells it suppressed ("<5": a count too small to
publish). A suppressed cell is never shown as 0 and never added; a pair
counted only in suppressed cells reads ``<5``, never "at least 0". Data sets
that overlap (GLOTIP and CTDC) stand side by side, never added.

    UNODC GLOTIP 2014: <5 (1 suppressed cell)
    CTDC 2017: 19
    UNODC GLOTIP 2007–2022: 6,952 (+3 cells <5)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ctgraph.graph.i18n import DEFAULT_LANGUAGE, N_, _, language, ngettext

__all__ = [
    "SUPPRESSED_BELOW",
    "count_text",
    "years_text",
    "figure_text",
    "figures_text",
    "as_of_sentence",
    "evidence_words",
    "nobody_named",
    "sides_without_contacts",
    "TIER_LABELS",
    "tier_word",
]

#: What a suppressed cell stands for: a count below this (GLOTIP publishes "<5").
SUPPRESSED_BELOW = 5


def _count_parts(victims: int, cells: int, threshold: int) -> tuple[str, list[str]]:
    """The count and the notes that go in brackets after it."""
    if not victims and cells:
        if cells == 1:
            return f"<{SUPPRESSED_BELOW}", [_("1 suppressed cell")]
        return _("<{below} in each of {n} suppressed cells", below=SUPPRESSED_BELOW, n=cells), []
    count = f"<{threshold}" if threshold and 0 < victims < threshold else f"{victims:,}"
    return count, [
        ngettext("+{n} cell <{below}", "+{n} cells <{below}", cells, n=cells, below=SUPPRESSED_BELOW)
    ] if cells else []


def _with_notes(count: str, notes: list[str]) -> str:
    notes = [n for n in notes if n]
    return f"{count} ({'; '.join(notes)})" if notes else count


def count_text(victims: int, suppressed_cells: int = 0, threshold: int = 0, labels: str = "") -> str:
    """A published count with the cells suppressed beside it (and the figure's
    own ``labels``, e.g. "all forms, both sexes", in the same brackets).

    ``threshold`` (a deck's "counts below N read <N"; 0: off) hides small
    published counts too.

    Examples
    --------
    >>> count_text(19), count_text(6952, 3), count_text(0, 1), count_text(0, 2)
    ('19', '6,952 (+3 cells <5)', '<5 (1 suppressed cell)', '<5 in each of 2 suppressed cells')
    >>> count_text(3, threshold=5), count_text(1686, 1, threshold=5), count_text(0)
    ('<5', '1,686 (+1 cell <5)', '0')
    >>> count_text(1686, 2, labels="all forms, both sexes")
    '1,686 (+2 cells <5; all forms, both sexes)'
    """
    count, notes = _count_parts(int(victims or 0), int(suppressed_cells or 0), threshold)
    return _with_notes(count, [*notes, labels])


def years_text(years: Sequence[int | None] | None) -> str:
    """The years a figure spans: ``2007–2022``, ``2014``, or nothing.

    Examples
    --------
    >>> years_text([2007, 2022]), years_text([2014, 2014]), years_text([None, 2019]), years_text([])
    ('2007–2022', '2014', '2019', '')
    """
    first, last = ([*(years or []), None, None])[:2]
    if first and last and first != last:
        return f"{first}–{last}"
    return str(first or last or "")


def figure_text(c: Mapping[str, Any], label: str = "", threshold: int = 0, labels: str = "") -> str:
    """One data set's figure: its name, its years, its count (a column headed by
    the data set's name passes no ``label``); ``labels``: the words that belong
    to this figure alone (:func:`graph.figures.figure_labels`).

    Examples
    --------
    >>> glotip = {"dataset": "source:g", "victims": 0, "suppressed_cells": 1, "years": [2014, 2014]}
    >>> figure_text(glotip, "UNODC GLOTIP")
    'UNODC GLOTIP 2014: <5 (1 suppressed cell)'
    >>> figure_text({"dataset": "source:c", "victims": 19, "suppressed_cells": 0, "years": [2017, 2017]}, "CTDC")
    'CTDC 2017: 19'
    >>> figure_text({"dataset": "g", "victims": 6952, "suppressed_cells": 3, "years": [2007, 2022]})
    '2007–2022: 6,952 (+3 cells <5)'
    """
    head = " ".join(x for x in (label, years_text(c.get("years"))) if x)
    count = count_text(int(c.get("victims") or 0), int(c.get("suppressed_cells") or 0), threshold, labels)
    return f"{head}: {count}" if head else count


def figures_text(
    corroboration: Iterable[Mapping[str, Any]],
    label: Callable[[str], str],
    threshold: int = 0,
    sep: str = "; ",
) -> str:
    """Every data set's figure side by side, never added (``label`` names a data set by its id).

    Examples
    --------
    >>> c = [{"dataset": "source:g", "victims": 120, "suppressed_cells": 3, "years": [2003, 2022]},
    ...      {"dataset": "source:c", "victims": 19, "suppressed_cells": 0, "years": [2017, 2017]}]
    >>> figures_text(c, {"source:g": "UNODC GLOTIP", "source:c": "IOM CTDC"}.__getitem__)
    'UNODC GLOTIP 2003–2022: 120 (+3 cells <5); IOM CTDC 2017: 19'
    """
    return sep.join(figure_text(c, label(str(c["dataset"])), threshold) for c in corroboration)


def as_of_sentence(day: date, asked: str | None = None, today: date | None = None) -> str:
    """What "as of" means in a view: counts (and tiers) of the years up to the day's
    year, instruments and agreements as they stood on the day. ``asked``: the
    date as the user gave it (``2009`` is the end of 2009); none: today.

    Examples
    --------
    >>> as_of_sentence(date(2009, 12, 31), "2009")
    'Counts and tiers up to 2009; instruments as they stood at the end of 2009.'
    >>> as_of_sentence(date(2015, 6, 30), "2015-06"), as_of_sentence(date(2010, 3, 10), "2010-03-10")
    ('Counts and tiers up to 2015; instruments as they stood at the end of June 2015.', \
'Counts and tiers up to 2010; instruments as they stood on 2010-03-10.')
    >>> as_of_sentence(date(2026, 12, 4), None, today=date(2026, 12, 4))
    'Counts and tiers up to 2026; instruments as they stand today (2026-12-04).'
    """
    parts = str(asked or "").split("-")
    if not asked and (today is None or day == today):
        return _(
            "Counts and tiers up to {year}; instruments as they stand today ({day}).",
            year=day.year,
            day=day.isoformat(),
        )
    if len(parts) == 1 and parts[0]:
        return _(
            "Counts and tiers up to {year}; instruments as they stood at the end of {period}.",
            year=day.year,
            period=parts[0],
        )
    if len(parts) == 2:
        if language() == DEFAULT_LANGUAGE:
            month = f"{day.strftime('%B')} {day.year}"
        else:
            from babel.dates import format_skeleton

            month = format_skeleton("yMMMM", day, locale={"zh": "zh_CN"}.get(language(), language()))
        return _(
            "Counts and tiers up to {year}; instruments as they stood at the end of {period}.",
            year=day.year,
            period=month,
        )
    return _("Counts and tiers up to {year}; instruments as they stood on {day}.", year=day.year, day=day.isoformat())


def evidence_words(passages: int, rows: int) -> str:
    """The one way to say how much evidence is behind something: text passages
    (what "evidence items" counts) beside data-set rows, never one number.

    Examples
    --------
    >>> evidence_words(0, 2), evidence_words(1, 0), evidence_words(3, 1)
    ('0 text passages · 2 data rows', '1 text passage · 0 data rows', '3 text passages · 1 data row')
    """
    return (
        ngettext("{n} text passage", "{n} text passages", passages, n=f"{passages:,}")
        + " · "
        + ngettext("{n} data row", "{n} data rows", rows, n=f"{rows:,}")
    )


def nobody_named(side: str) -> str:
    """What a contacts list says for a side the sources name nobody in (``side``: its name).

    Examples
    --------
    >>> nobody_named("Albania")
    'The sources name no agency or person in Albania.'
    """
    return _("The sources name no agency or person in {side}.", side=side)


def sides_without_contacts(brief: Mapping[str, Any], country_of: Mapping[str, str] | None = None) -> list[str]:
    """The sides of a route brief (its origin and destination, once each) whose
    country no listed agency or expert belongs to (``country_of``: a place's country).

    Examples
    --------
    >>> sides_without_contacts({"source": "ALB", "destination": "GBR", "experts": [],
    ...                         "agencies": [{"country": "GBR"}]})
    ['ALB']
    """
    named = {x.get("country") for x in [*brief.get("agencies", []), *brief.get("experts", [])]}
    country_of = country_of or {}
    return [
        side
        for side in dict.fromkeys((brief["source"], brief["destination"]))
        if country_of.get(side, side) not in named
    ]


#: The US TIP report's tier labels, best first (as the data set publishes them).
TIER_LABELS: tuple[str, ...] = (N_("Tier 1"), N_("Tier 2"), N_("Tier 2 Watch List"), N_("Tier 3"))


def tier_word(label: str) -> str:
    """A US TIP tier label in the reader's language (any other label as it is).

    Examples
    --------
    >>> from ctgraph.graph.i18n import use_language
    >>> tier_word("Tier 2 Watch List"), tier_word("Special Case")
    ('Tier 2 Watch List', 'Special Case')
    >>> with use_language("zh"):
    ...     tier_word("Tier 2 Watch List")
    '第二级观察名单'
    """
    return _(label) if label in TIER_LABELS else label
