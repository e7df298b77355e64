"""Which words belong on a data set's figure: its identity, heading and own labels.

A pair's figures come one per data set and basis (:class:`graph.answers.Corroboration`);
they overlap and are never added. Each carries only its own labels: a GLOTIP
count spans all forms and both sexes, so no form or victim group from CTDC (or
from a text source) is written next to it, and CTDC's forms and groups are
written with CTDC's own counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ctgraph.graph.i18n import N_, _
from ctgraph.graph.vocabulary import exploitation_label

__all__ = ["BASIS_WORDS", "figure_key", "figure_title", "figure_labels"]

#: What the data sets' figures span, as their readers word it (translated where shown).
COVERS_WORDS: tuple[str, ...] = (N_("all forms, both sexes"),)

#: What makes a data set's pair figure, in words (``Corroboration["basis"]``).
BASIS_WORDS: dict[str, str] = {
    "citizenship": "by citizenship",
    "repatriation": "by country of repatriation",
}


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
        parts.append(str(c["counts"]))
    forms = _listed(c.get("forms") or [], exploitation_label, most)
    profile = _listed(c.get("profile") or [], str, most)
    if forms or profile:
        parts.extend(x for x in (forms, profile) if x)
    elif c.get("covers"):
        parts.append(_(str(c["covers"])))  # a reader's fixed words (ingest/glotip.py GLOTIP_COVERS), translated
    return "; ".join(parts)
