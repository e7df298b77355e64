"""Table cell text: how an answer's fields read on a slide.

Every function here turns one item of a store answer (a route, a gap, an
instrument, a contact ...) into the strings a table row shows. Nothing is
computed but words: endpoints become names (:func:`graph.vocabulary.display_name`,
never an id), data sets stay side by side (never added), counts of people
below the deck's threshold read ``"<N"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ctgraph.graph import i18n
from ctgraph.graph.answers import (
    Agency,
    Agreement,
    Challenge,
    Cooperation,
    Corroboration,
    Evidence,
    Expert,
    Gap,
    Instrument,
    NextInstrument,
    Route,
    Statistic,
)
from ctgraph.graph.figures import figure_key, figure_labels, figure_title, statistic_counts_text
from ctgraph.graph.vocabulary import INTERNAL, coverage_word, display_name, exploitation_label
from ctgraph.graph.wording import SUPPRESSED_BELOW, count_text, figure_text, years_text

__all__ = [
    "brief_figures",
    "source_line",
    "Labels",
    "format_count",
    "at_least",
    "source_labels",
    "short_title",
    "in_sentence",
    "figures_text",
    "route_name",
    "route_cells",
    "gap_cells",
    "next_instrument_cells",
    "agreement_cells",
    "kind_word",
    "cooperation_cells",
    "challenge_cells",
    "statistic_cells",
    "contact_rows",
    "coverage_words",
    "dataset_name",
    "NO_CONTACT_DETAILS",
    "NO_COUNT",
    "NO_COUNT_CELL",
]

#: What a figure cell says where no data set counts the pair (never 0, never "None"): a dash, which a
#: table's note explains (:data:`NO_COUNT`); a column of dashes only is left out of the slide.
NO_COUNT_CELL = "—"
#: The note that explains it.
NO_COUNT = i18n.N_("— : no count published (no data set counts the pair)")

#: What a contacts table says when no source gives contact details.
NO_CONTACT_DETAILS = i18n.N_("The sources give no contact details for these people; reach them through their agencies.")


#: An id as the graph writes them, inside free text ("source:vietnamplus-vnm-gbr-2022").
_WRITTEN_ID = re.compile(
    r"\b(?:region|place|agency|expert|source|flow|agreement|cooperation|challenge|statistic|tiptier|measure|event)"
    r":[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?"
)


@dataclass(frozen=True)
class Labels:
    """What cells need to name things: the graph's display names, the
    candidates of ambiguous regions, the country of each place, and a short
    citation label per source."""

    names: Mapping[str, str]
    candidates: Mapping[str, Sequence[str]] = field(default_factory=dict)
    place_country: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    #: the language each source is written in (``Source.language``), where it says
    languages: Mapping[str, str] = field(default_factory=dict)

    def name(self, ident: str) -> str:
        """What a slide calls an endpoint, agency or instrument: its name; a place
        with its country; an ambiguous region with its candidates.

        Examples
        --------
        >>> lb = Labels({"CHN": "China", "place:gd": "Guangdong", "region:congo": "Congo",
        ...              "COG": "Congo", "COD": "DR Congo"}, {"region:congo": ["COG", "COD"]}, {"place:gd": "CHN"})
        >>> lb.name("CHN"), lb.name("place:gd"), lb.name("region:congo"), lb.name("region:asia")
        ('China', 'Guangdong, China', 'Congo (Congo or DR Congo)', 'asia')
        """
        base = display_name(ident, self.names)
        if ident in self.place_country:
            country = display_name(self.place_country[ident], self.names)
            return base if country in base else f"{base}, {country}"
        cands = self.candidates.get(ident)
        if cands:
            return f"{base} ({' or '.join(display_name(c, self.names) for c in cands)})"
        return base

    def source(self, ident: str) -> str:
        """The short citation label of a source (never its id)."""
        return self.sources.get(ident) or display_name(ident, self.names)

    def original(self, e: Evidence) -> str | None:
        """"Original: French" / "原文：英语" for a quote in another language than the deck's
        (quotes stay as their sources wrote them), else ``None``.

        Examples
        --------
        >>> Labels({}, languages={"source:f": "fr"}).original({"source": "source:f", "quote": "la traite", "locator": "p"})
        'Original: French'
        """
        return i18n.original_language_note(str(e["quote"]), self.languages.get(str(e["source"])))

    def text(self, free: str) -> str:
        """Free text from a source fact (a citation, a note) with every id written
        in it shown as what it names: a source as its title, anything else by its name.

        Examples
        --------
        >>> lb = Labels({"source:vietnamplus-vnm-gbr-2022": "Viet Nam, UK sign MoU (VietnamPlus)"})
        >>> lb.text("As reported (source:vietnamplus-vnm-gbr-2022; source:gone-2019).")
        'As reported (Viet Nam, UK sign MoU (VietnamPlus); gone 2019).'
        """
        return _WRITTEN_ID.sub(lambda m: display_name(m.group(0), self.names), free)


def format_count(n: float | int | None, threshold: int = 5) -> str:
    """A count as shown in a deck: ``"<threshold"`` below the threshold (0: never).

    Examples
    --------
    >>> format_count(3), format_count(12345), format_count(3, threshold=0), format_count(None)
    ('<5', '12,345', '3', '—')
    """
    if n is None:
        return "—"
    if threshold and n < threshold:
        return f"<{threshold}"
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,}"


def at_least(n: int, threshold: int = 5) -> str:
    """A published count as a floor: ``at least 1,686``; below the threshold just ``<5``.

    Examples
    --------
    >>> at_least(1686), at_least(3)
    ('at least 1,686', '<5')
    """
    count = format_count(n, threshold)
    return count if count.startswith("<") else i18n._("at least {n}", n=count)


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][A-Z0-9\-]*)\)")


def _initials(text: str) -> str:
    """``United Nations Convention against Transnational Organized Crime`` -> ``UNCTOC``."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w.'-]*", text) if w[0].isupper())


def _short_name(src: Mapping[str, Any]) -> str:
    """An acronym the source gives itself, else its short title or publisher, else their initials
    (a publisher "not stated" yet, as a drafted source's, is no name)."""
    if str(src.get("publisher") or "").startswith("not stated"):
        src = {k: v for k, v in src.items() if k != "publisher"}
    for key in ("title", "publisher"):
        m = _ACRONYM.search(str(src.get(key) or ""))
        if m:
            return m.group(1)
    heads = [re.split(r"[,:(]", str(src.get(key) or ""), maxsplit=1)[0].strip() for key in ("title", "publisher")]
    for head in heads:
        if head and len(head) <= 32:
            return head
    for head in heads:
        if len(_initials(head)) >= 3:
            return _initials(head)
    return clip_words(str(src.get("title") or src.get("publisher") or "source"), 32)


def clip_words(text: str, n: int) -> str:
    """``text`` cut at a word boundary to at most ``n`` characters, with "…"."""
    if len(text) <= n:
        return text
    return text[: n - 1].rsplit(" ", 1)[0] + "…"


def source_labels(sources: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """A short citation label for each source: an acronym the source gives
    itself (``GLOTIP``, ``CTDC``, ``IOM``) or its short title, with its year;
    labels hold no comma, so ``"quote" — label, locator`` reads unambiguously.

    Examples
    --------
    >>> source_labels([{"id": "source:g", "title": "UNODC Global Report (GLOTIP) data", "date": "2025-04-14"},
    ...                {"id": "source:r", "title": "Seminar report", "publisher": "International Organization "
    ...                 "for Migration (IOM)", "date": "2018-01"}])
    {'source:g': 'GLOTIP 2025', 'source:r': 'IOM 2018'}
    >>> source_labels([{"id": "source:a", "publisher": "Council of Europe"}, {"id": "source:b", "publisher": "Council of Europe"}])
    {'source:a': 'Council of Europe a', 'source:b': 'Council of Europe b'}
    """
    base: dict[str, str] = {}
    for src in sorted(sources, key=lambda s: str(s["id"])):
        year = str(src.get("date") or "")[:4]
        base[str(src["id"])] = (_short_name(src) + (f" {year}" if year.isdigit() else "")).replace(",", "")
    count: dict[str, int] = {}
    for label in base.values():
        count[label] = count.get(label, 0) + 1
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for ident, label in base.items():  # same label twice: "Council of Europe a", "... b", as citations do
        if count[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} {chr(ord('a') + seen[label] - 1)}"
        out[ident] = label
    return out


def dataset_name(label: str) -> str:
    """A data set's label without its year: ``GLOTIP 2025`` -> ``GLOTIP``.

    Examples
    --------
    >>> dataset_name("GLOTIP 2025"), dataset_name("CTDC")
    ('GLOTIP', 'CTDC')
    """
    head, _, tail = label.rpartition(" ")
    return head if head and tail.isdigit() else label


#: Short names of instruments whose full titles run over a table cell
#: (keyed by how the title starts, as the sources give it).
SHORT_TITLES: dict[str, str] = {
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons": "UN Trafficking in Persons Protocol",
    "Council of Europe Convention on Action against Trafficking": "Council of Europe Convention (CETS 197)",
    "Directive 2011/36/EU": "EU Directive 2011/36/EU",
    "ASEAN Convention against Trafficking in Persons": "ASEAN Convention (ACTIP)",
    "COMMIT Memorandum of Understanding": "COMMIT Memorandum of Understanding (2004)",
}


def source_line(src: Mapping[str, Any], label: str) -> str:
    """How a deck lists a source: its label, title and publisher; a source whose
    publisher is not stated yet (a drafted one) shows what is known instead:
    title, date and address, never the reviewer's reminder.

    Examples
    --------
    >>> source_line({"title": "Seminar report", "publisher": "IOM"}, "IOM 2018")
    'IOM 2018: Seminar report — IOM'
    >>> source_line({"title": "Field notes", "date": "2019-05", "url": "https://x.org/n", "publisher":
    ...              "not stated (drafted from notes.pdf; set the publisher when reviewing)"}, "Field notes 2019")
    'Field notes 2019: Field notes, 2019-05, https://x.org/n'
    """
    publisher = str(src.get("publisher") or "")
    if publisher and not publisher.startswith("not stated"):
        return f"{label}: {src.get('title', '')} — {publisher}"
    known = [str(src[k]) for k in ("title", "date", "url") if src.get(k)]
    return f"{label}: {', '.join(known)}"


def short_title(title: str, n: int = 70) -> str:
    """A title short enough for a sentence or a cell.

    Examples
    --------
    >>> short_title("Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women")
    'UN Trafficking in Persons Protocol'
    >>> short_title("China–Thailand MoU")
    'China–Thailand MoU'
    """
    for start, short in SHORT_TITLES.items():
        if title.startswith(start):
            return short
    return clip_words(title, n)


def in_sentence(text: str, instruments: Sequence[Instrument]) -> str:
    """A sentence naming instruments by their titles, with the short names of the
    well-known ones ("the UN Trafficking in Persons Protocol").

    Examples
    --------
    >>> t = "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children"
    >>> in_sentence(f"Only {t} (multilateral) binds both sides.", [{"id": "a", "title": t, "kind": "multilateral",
    ...     "level": "multilateral", "since": None}])
    'Only the UN Trafficking in Persons Protocol (multilateral) binds both sides.'
    """
    for i in sorted(instruments, key=lambda i: -len(i["title"])):
        short = short_title(i["title"])
        named = any(i["title"].startswith(k) for k in SHORT_TITLES)
        text = text.replace(i["title"], f"the {short}" if named else short)
    return text


def figures_text(corroboration: Sequence[Corroboration], labels: Labels, threshold: int = 5,
                 sep: str = "; ") -> str:
    """What each data set counts, side by side (largest first), never added,
    each with the labels that belong to it alone, worded as everywhere
    (:func:`graph.wording.figure_text`):
    ``GLOTIP 2007–2022: 1,686 (all forms, both sexes); CTDC 2017–2018: 23 (sexual exploitation 23)``.

    Examples
    --------
    >>> c = [{"dataset": "source:g", "victims": 1686, "suppressed_cells": 2, "years": [2007, 2022], "by_year": [],
    ...       "covers": "all forms, both sexes"}]
    >>> figures_text(c, Labels({}, sources={"source:g": "GLOTIP 2025"}))
    'GLOTIP 2007–2022: 1,686 (+2 cells <5; all forms, both sexes)'
    >>> figures_text([{"dataset": "source:g", "victims": 0, "suppressed_cells": 1, "years": [2014, 2014],
    ...                "by_year": []}], Labels({}, sources={"source:g": "GLOTIP 2025"}))
    'GLOTIP 2014: <5 (1 suppressed cell)'
    """
    return sep.join(
        figure_text(
            c, figure_title(dataset_name(labels.source(c["dataset"])), figure_key(c)[1]), threshold, figure_labels(c)
        )
        for c in sorted(corroboration, key=lambda c: -c["victims"])
    )


def brief_figures(corroboration: Sequence[Corroboration], labels: Labels, threshold: int = 5,
                  sep: str = "; ") -> str:
    """Each data set's count alone, side by side (largest first), never added: a key
    message's figure; its labels and suppressed cells go to the table and the notes
    (:func:`figures_text`). A pair counted only in suppressed cells reads ``<5``.

    Examples
    --------
    >>> c = [{"dataset": "source:g", "victims": 1686, "suppressed_cells": 2, "years": [2007, 2022]},
    ...      {"dataset": "source:c", "victims": 0, "suppressed_cells": 1, "years": [2017, 2017]}]
    >>> brief_figures(c, Labels({}, sources={"source:g": "GLOTIP 2025", "source:c": "CTDC 2020"}))
    'GLOTIP 2007–2022: 1,686; CTDC 2017: <5'
    """
    parts = []
    for c in sorted(corroboration, key=lambda c: -c["victims"]):
        n = int(c["victims"] or 0)
        count = count_text(n, 0, threshold) if n else f"<{SUPPRESSED_BELOW}"
        head = " ".join(x for x in (figure_title(dataset_name(labels.source(c["dataset"])), figure_key(c)[1]),
                                    years_text(c.get("years"))) if x)
        parts.append(f"{head}: {count}")
    return sep.join(parts)


def route_name(r: Route | Gap, labels: Labels) -> str:
    """``China → Thailand → Malaysia`` (names, never ids)."""
    hops: list[str] = r.get("hops") or [r["source"], r["destination"]]  # type: ignore[assignment]
    return " → ".join(labels.name(h) for h in hops)


def coverage_words(level: str) -> str:
    """A coverage level as a cell says it.

    Examples
    --------
    >>> coverage_words("multilateral"), coverage_words("internal")
    ('multilateral only', 'internal')
    """
    if level == "multilateral":
        return i18n._("multilateral only")
    return coverage_word(level)


def _evidence_count(n: int) -> str:
    return str(n) if n else "—"


def route_cells(r: Route, labels: Labels, threshold: int = 5) -> list[str]:
    """Route, who and what, coverage, victims counted (data sets side by side), evidence passages."""
    who = ", ".join(r["victims"])
    what = ", ".join(exploitation_label(e) for e in r["exploitation"])
    link = {"transit": i18n.N_("transit stated"), "same_victims": i18n.N_("same victims on both legs")}.get(
        r.get("link") or "", "")
    return [
        route_name(r, labels) + (i18n._(" ({link})", link=i18n._(link)) if link else ""),
        i18n.list_text((x for x in (what, who) if x), "clauses")
        or (i18n._("see the data sets' figures") if r["corroboration"] else "—"),
        coverage_words(r["coverage"]) if r["coverage"] != INTERNAL else coverage_word("internal"),
        figures_text(r["corroboration"], labels, threshold) or NO_COUNT_CELL,
        _evidence_count(r["weight"]["evidence"]),
    ]


def _explanation(g: Gap, labels: Labels) -> str:
    # the answer's explanation is English (the JSON contract): another language words it again from the answer
    if i18n.language() == i18n.DEFAULT_LANGUAGE:
        return in_sentence(g["explanation"], g["instruments"])
    from ctgraph.graph.analysis import explain

    return in_sentence(explain(g["coverage"], g["instruments"]), g["instruments"])


def gap_cells(rank: int, g: Gap, labels: Labels, threshold: int = 5) -> list[str]:
    """Rank, pair, coverage, what binds it (the gap's explanation), victims counted, evidence passages."""
    return [
        str(rank),
        f"{labels.name(g['source'])} → {labels.name(g['destination'])}",
        coverage_words(g["coverage"]),
        _explanation(g, labels),
        figures_text(g["corroboration"], labels, threshold) or NO_COUNT_CELL,
        _evidence_count(g["weight"]["evidence"]),
    ]


def next_instrument_cells(rank: int, n: NextInstrument, labels: Labels, threshold: int = 5) -> list[str]:
    """Rank, counterpart, victims counted (largest single data set), evidence passages, uncovered flows."""
    flows = "; ".join(
        f"{labels.name(g['source'])} → {labels.name(g['destination'])} ({coverage_words(g['coverage'])})"
        for g in n["pairs"]
    )
    victims = n["weight"]["victims"]
    return [
        str(rank),
        labels.name(n["counterpart"]),
        at_least(victims, threshold) if victims else (
            "<5" if any(c["suppressed_cells"] for g in n["pairs"] for c in g["corroboration"]) else NO_COUNT_CELL
        ),
        _evidence_count(n["weight"]["evidence"]),
        flows,
    ]


def _parties(parties: Sequence[str], labels: Labels, most: int = 6) -> str:
    if len(parties) > most:
        return i18n._("{n} parties", n=len(parties))
    return "; ".join(labels.name(p) for p in parties) or "—"


def kind_word(kind: str) -> str:
    """A stored kind value (``working_group``, ``national``) as a cell says it, in the deck's language.

    Examples
    --------
    >>> kind_word("working_group"), kind_word("joint_investigation")
    ('working group', 'joint investigation')
    """
    words = i18n._(kind)
    return kind.replace("_", " ") if words == kind else words


def agreement_cells(a: Agreement, labels: Labels, party: str | None = None) -> list[str]:
    """Instrument, kind, status, since (for ``party``: when it binds it; else its date), parties."""
    since = None
    if party:
        since = next((t["since"] for t in a["terms"] if t["party"] == party and t["bound"]), None)
    when = since or a["in_force"] or a["date"]
    if when and "/" in when:  # a window of uncertainty, as the source gives it
        first, last = when.split("/", 1)
        when = i18n._("between {first} and {last}", first=first, last=last)
    return [
        short_title(a["title"], 110),
        coverage_word(a["kind"]),  # bilateral, regional, multilateral: the coverage words
        a["status"],
        str(when or "—"),
        _parties(a["parties"], labels),
    ]


def cooperation_cells(c: Cooperation, labels: Labels) -> list[str]:
    """Cooperation, kind, parties, date, outcomes."""
    return [
        c["title"],
        kind_word(c["kind"]),
        _parties(c["parties"], labels),
        str(c["date"] or "—"),
        "; ".join(c["outcomes"]) or "—",
    ]


def challenge_cells(c: Challenge, labels: Labels) -> list[str]:
    """Description, what it concerns."""
    return [str(c["description"] or "—"), "; ".join(labels.name(t) for t in c["concerns"]) or "—"]


def statistic_cells(s: Statistic, labels: Labels, threshold: int = 5, dataset: bool = False,
                    suppressed: bool = False) -> list[str]:
    """What is counted, value (people and counts below the threshold as "<N"), year.

    A statistic from a data set (``dataset``) describes itself ending with its
    figure ("..., 2020: 3"); with a threshold that figure is left to the
    Value column, where it is masked like any other count."""
    v = s["value"]
    counts = statistic_counts_text(s) or "—"  # a data set's own description, in the reader's words
    if s["unit"] == "percent":
        value = f"{v:g}%" if isinstance(v, (int, float)) else "—"
    elif dataset and v is None:  # every cell suppressed: the data set published "<5"
        value = "<5" if s.get("suppressed_cells") else i18n._("not given")
    elif dataset and suppressed:
        value = at_least(int(v or 0), threshold)
    else:
        value = format_count(v, threshold)
    if dataset and threshold:
        counts = counts.rsplit("：" if "：" in counts else ": ", 1)[0]
    return [counts, value, str(s["year"] or "—")]


def _first_quote(evidence: Sequence[Evidence], labels: Labels) -> str:
    if not evidence:
        return "—"
    original = labels.original(evidence[0])
    return f"“{evidence[0]['quote']}”" + (i18n._(" ({note})", note=original) if original else "")


def contact_rows(
    agencies: Sequence[Agency], experts: Sequence[Expert], labels: Labels
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a contacts table: named experts, then agencies, each
    with role, country and the quote that ties them to the topic; the contact
    column only when a source gives contact details for someone."""
    rows: list[list[str]] = []
    notes: list[str] = []
    for e in experts:
        title = f"{e['title']} " if e["title"] else ""
        org = labels.name(e["agency"]) if e["agency"] else ""
        role = e["role"] or ""
        org = "" if org and org.casefold() in role.casefold() else org
        rows.append([f"{title}{e['name'] or '—'}", "; ".join(x for x in (org, role) if x) or "—",
                     labels.name(e["country"]) if e["country"] else "—", _first_quote(e["evidence"], labels)])
        notes.append(e["contact_note"] or "")
    for a in agencies:
        acr = f" ({a['acronym']})" if a["acronym"] else ""
        rows.append([f"{a['name'] or '—'}{acr}", a["role"] or (kind_word(a["kind"]) if a["kind"] else "—"),
                     labels.name(a["country"]) if a["country"] else i18n._("international / not stated"),
                     _first_quote(a["evidence"], labels)])
        notes.append("")
    header = [i18n.N_("Who"), i18n.N_("Organisation and role"), i18n.N_("Country"), i18n.N_("What the source says")]
    if any(notes):
        header.append(i18n.N_("Contact details"))
        for row, note in zip(rows, notes):
            row.append(note or i18n._("not given"))
    return header, rows
