"""The "Briefing deck" download button, over dashboard.deck when it is installed.

The deck is built only when the button is clicked (Streamlit calls ``data``
lazily), and python-pptx is imported only then, so pages stay fast.
"""

from __future__ import annotations

import importlib.util

import streamlit as st

from ctgraph.dashboard import state
from ctgraph.dashboard.state import Connection
from ctgraph.graph.i18n import _

__all__ = ["deck_button"]


def deck_button(conn: Connection, country: str | None, *, key: str) -> None:
    """A download button for a deck on ``country`` (None: the whole picture),
    as of the date the sidebar's year control says (the page's own date)."""
    if importlib.util.find_spec("pptx") is None:  # the export module is optional for the dashboard
        return
    from ctgraph.dashboard.deck import Scope, default_filename  # python-pptx itself only on a click

    scope = Scope.country(country) if country else Scope.everything()
    as_of = state.as_of()

    def build() -> bytes:
        from ctgraph.dashboard.deck import deck_bytes

        return deck_bytes(conn.store, scope, as_of=as_of)

    st.download_button(
        _("Briefing deck (.pptx)"),
        data=build,
        file_name=default_filename(scope),
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=f"deck-{key}-{as_of}",
        on_click="ignore",
        help=_("A 16:9 briefing deck with the figures, routes, gaps, contacts and their sources."),
    )
