"""Briefing decks: a 16:9 PPTX for the whole picture, one country or one route.

``ctgraph export slides`` and the dashboard's download button call
:func:`deck_bytes` (or :func:`write_deck`). The package, by role:

- :mod:`~dashboard.deck.scope`: what a deck covers (:class:`Scope`);
- :mod:`~dashboard.deck.collect`: the store's answers the deck renders
  (:func:`dashboard.deck.collect.collect` gives a :class:`Briefing`);
- :mod:`~dashboard.deck.messages`: the key messages the deck opens with;
- :mod:`~dashboard.deck.cells`: how an answer's fields read in a table cell;
- :mod:`~dashboard.deck.fitting`: measuring and wrapping text;
- :mod:`~dashboard.deck.layout`: slides, tables that continue, pictures, notes;
- :mod:`~dashboard.deck.build`: the slides in order, main part then appendix.

The deck computes no meaning: coverage, gaps, ranking, weights, profiles and
briefs are the store's answers (:mod:`graph.analysis`), labels come from
``store.names()``, and no id is ever shown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ctgraph.dashboard.deck.scope import Scope, default_filename

if TYPE_CHECKING:
    from ctgraph.dashboard.deck.build import LIMITS, MAIN_ROWS, build_deck, deck_bytes, write_deck
    from ctgraph.dashboard.deck.cells import format_count
    from ctgraph.dashboard.deck.collect import Briefing
    from ctgraph.dashboard.deck.messages import KeyMessage, key_messages

#: Where each name lives, imported on first use: the dashboard's pages name a deck
#: (:class:`Scope`, :func:`default_filename`) without loading python-pptx, which
#: costs a third of a second on a page's first visit; the deck is built on a click.
_LAZY = {
    "LIMITS": "build",
    "MAIN_ROWS": "build",
    "build_deck": "build",
    "deck_bytes": "build",
    "write_deck": "build",
    "format_count": "cells",
    "Briefing": "collect",
    "KeyMessage": "messages",
    "key_messages": "messages",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Scope",
    "Briefing",
    "KeyMessage",
    "LIMITS",
    "MAIN_ROWS",
    "key_messages",
    "build_deck",
    "deck_bytes",
    "write_deck",
    "default_filename",
    "format_count",
]
