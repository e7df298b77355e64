"""The dashboard in Chinese in a real browser (Debian's Chromium): every page opened with
``?lang=zh`` shows no English interface text. What may stay in Latin letters is data and
proper names: the names the graph holds (regions and agencies as their sources write them),
data-set and agency acronyms, the store's name and commands to type. Screenshots of every
page are written to CTGRAPH_SCREENSHOTS (default: the test's temporary folder) to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import Recorder, Server, _open, browser, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGES = ["", "routes", "gaps", "agreements", "country?country=CHN", "evidence"]
#: Latin-letter words the Chinese interface may show: acronyms, data-set and tool names, commands.
ALLOWED = {
    "GLOTIP",
    "CTDC",
    "IOM",
    "UNODC",
    "TIP",
    "US",
    "CSV",
    "MOU",
    "MoU",
    "ctgraph",
    "Cypher",
    "CTGRAPH_NODE_CAP",
    "memory",
    "neo4j",
    "load",
    "import",
    "gaps",
    "below",
    "negotiating",
    "glotip",
    "ctdc",
    "tip",
    "tiers",
    "FILE",
    "as",
    "of",
    "Language",
    "English",
    "pptx",
    "UNTC",
    "EU",
    "CHN",
    "UN",
    "Deploy",
}
WORD = re.compile(r"[A-Za-z][A-Za-z_'’.-]*[A-Za-z]|[A-Za-z]")


def _names(home: Path) -> set[str]:
    """Every word of every name the graph holds (proper names stay as their sources write them)."""
    from ctgraph.graph.memory import MemoryStore

    out: set[str] = set()
    for name in MemoryStore(home=home).names().values():
        out.update(WORD.findall(str(name)))
    return out


#: What is left out of the interface text: quotes shown in their paragraphs (data), Streamlit's
#: own accessibility link and icon ligatures, and the network's own frame (its tooltips are not
#: translated yet). Charts stay in: what they draw in SVG/canvas is checked from their specs
#: (tests/test_i18n.py::test_charts_title_their_axes_legends_and_tooltips_in_chinese).
LEFT_OUT = [
    '[class*="st-key-passages-"]',
    '[data-testid="stSkipLink"]',
    '[data-testid="stIconMaterial"]',
    '[data-testid="stIFrame"]',
    "a[href^='#']",
]


def _visible(pg: Any, left_out: list[str]) -> str:
    """The text a reader sees (page and sidebar) without the parts ``left_out``."""
    return str(
        pg.evaluate(
            """(sel) => { const c = document.querySelector('[data-testid="stAppViewContainer"]').cloneNode(true);
                      for (const s of sel) c.querySelectorAll(s).forEach(e => e.remove());
                      document.body.appendChild(c); const t = c.innerText; c.remove(); return t; }""",
            left_out,
        )
    )


def test_the_dashboard_in_chinese_shows_no_english_interface_text(
    server: Server,  # noqa: F811
    page: tuple[Any, Recorder],  # noqa: F811
    tmp_path: Path,
) -> None:
    pg, _rec = page
    shots = Path(os.environ.get("CTGRAPH_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    allowed = ALLOWED | _names(server.home)
    left: dict[str, set[str]] = {}
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        _open(pg, f"{server.url}/{path}{sep}lang=zh")
        text = _visible(pg, LEFT_OUT)
        assert re.search(r"[\u4e00-\u9fff]{4}", text), path  # the page is in Chinese
        # quoted text is data (the quote as its source wrote it)
        text = re.sub(r"[“\"][^”\"]*[”\"]", " ", text)
        words = {w for w in WORD.findall(text) if w not in allowed and not w.isupper()}
        # a chart's axis cuts long names short ("Agreement for Coop…"): the start of a name's word is data
        words = {w for w in words if not any(n.startswith(w) for n in allowed)}
        if words:
            left[path or "overview"] = words
        pg.screenshot(path=str(shots / f"zh-{(path or 'overview').split('?')[0]}.png"), full_page=False)
    assert not left, f"English interface text in Chinese mode: {left}"
