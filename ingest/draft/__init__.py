"""Draft quote-anchored facts from a new report, for an analyst to review.

``ctgraph draft FILE`` reads a report (:mod:`~ingest.draft.formats`), finds
countries, nationalities and region words (:mod:`~ingest.draft.gazetteer`,
on the project's one name layer), applies cue patterns
(:mod:`~ingest.draft.cues`) to draft flows, agreements, cooperations,
agencies, experts, statistics and challenges (:mod:`~ingest.draft.extract`),
and writes a draft folder in the seed format (:mod:`~ingest.draft.writer`):
every fact marked ``draft: true``, every quote verbatim from the source text
with its locator. ``ctgraph review`` and the dashboard's "Review drafts" page
accept, edit or reject each one (:mod:`~ingest.draft.review`). An optional
OpenAI-compatible endpoint can add facts, under the same verbatim check
(:mod:`~ingest.draft.llm`).

Why these libraries
-------------------
- **pypdf** for PDF: pure Python, maintained (py-pdf), reads the text layer
  page by page (pages become locators) and tells encrypted files apart; no
  system dependency. pdfminer.six gives finer layout control that drafting
  does not need.
- **Standard library** ``re`` and ``html.parser`` for segmentation, cue
  patterns and HTML. The extractor is rule-based and offline. spaCy's
  rule-based parts (``spacy.blank("en")``, the sentencizer, ``Matcher``) need
  no trained model and were considered again for issue 19 (texts other than
  country profiles): the spaCy 3.8 wheel alone is 35 MB and brings thinc, blis,
  srsly, cymem, preshed and more; its sentencizer splits on the same
  punctuation ours does, while what the new texts needed was specific (police
  ranks such as "Det. Chief Insp." not ending a sentence, footnote markers
  such as "sector.[4]" ending one), and its token offsets would have to be
  mapped back to the verbatim text every quote is cut from. Regular
  expressions over the original text keep every quote a byte-exact slice,
  draft a 200-page PDF in about 10 s (reading the PDF takes most of it) and
  are typed for ``mypy --strict``.
- **pycountry** and ``graph/country_aliases.csv`` through
  :mod:`graph.names`: the one place that knows country names.
- **urllib** for the optional LLM endpoint: one JSON POST, no SDK for an
  off-by-default feature.
"""

from __future__ import annotations

from ctgraph.ingest.draft.extract import Drafts, FlowDraft, country_pairs, extract, naive_country_pairs
from ctgraph.ingest.draft.formats import Document, Paragraph, read_document
from ctgraph.ingest.draft.gazetteer import Mention, find_mentions
from ctgraph.ingest.draft.review import DraftItem, ReviewReport, accept, list_drafts, list_reviewed, reject
from ctgraph.ingest.draft.writer import DraftResult, draft_report

__all__ = [
    "Document",
    "Paragraph",
    "read_document",
    "Mention",
    "find_mentions",
    "Drafts",
    "FlowDraft",
    "extract",
    "country_pairs",
    "naive_country_pairs",
    "DraftResult",
    "draft_report",
    "DraftItem",
    "ReviewReport",
    "list_drafts",
    "list_reviewed",
    "accept",
    "reject",
]
