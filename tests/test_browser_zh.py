"""The dashboard in Chinese in a real browser (Debian's Chromium): every page opened with
``?lang=zh`` shows no English interface text, the network frame included (its visible text
and every node's and edge's tooltip), and the Review drafts page on a drafted English report.
What may stay in Latin letters is data and proper names: the names the graph holds (regions
and agencies as their sources write them), victims as the sources word them, quotes and
their locators, data-set and agency acronyms, the store's name and commands to type. A
quote from a source in another language is named so ("原文：英语"). Screenshots of every
page are written to CTGRAPH_SCREENSHOTS (default: the test's temporary folder) to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    ROOT,
    Recorder,
    Server,
    _env,
    _network_frame,
    _open,
    browser,
    page,
    server,
)

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
    """Every word of every name the graph holds (proper names stay as their sources write them),
    and of the victims as the sources word them (data: "women", "children")."""
    from ctgraph.graph.memory import MemoryStore

    store = MemoryStore(home=home)
    out: set[str] = set()
    for name in store.names().values():
        out.update(WORD.findall(str(name)))
    for flow in store.nodes("Flow"):
        for v in [*(flow.get("victims") or []), *(flow.get("exploitation") or [])]:
            out.update(WORD.findall(str(v)))  # as the source words them (a form no vocabulary knows stays as written)
    # what a data set's figure counts is the import's wording, shown in the reader's words (graph.figures): checked
    return out


#: An English report drafted into the server's home, for the Review drafts page.
DRAFTED = ROOT / "tests" / "drafting" / "dev" / "texts" / "argentina-bolivian-ring.txt"


def _draft_names(folder: Path) -> set[str]:
    """Every word of the names and titles a draft folder gives (data, as its source writes them)."""
    import yaml

    out: set[str] = set()
    for f in folder.rglob("*.yaml"):
        for section in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).values():
            for fact in section if isinstance(section, list) else []:
                for key in ("name", "title", "role", "acronym"):
                    out.update(WORD.findall(str(fact.get(key) or "")))
    return out


#: What is left out of the interface text: the data of a quote shown in its paragraph (the
#: paragraph, its source's title and its locator; what the interface says beside them, such as
#: "原文：英语", stays in), Streamlit's own accessibility link and icon ligatures, and commands
#: to type (code). The network's frame is read on its own (:func:`_network_text`). Charts stay
#: in: what they draw in SVG/canvas is checked from their specs
#: (tests/test_i18n.py::test_charts_title_their_axes_legends_and_tooltips_in_chinese).
LEFT_OUT = [
    ".ctgraph-passage",
    ".ctgraph-source-title",
    ".ctgraph-locator",
    '[data-testid="stSkipLink"]',
    '[data-testid="stIconMaterial"]',
    "code",
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


def _english_words(text: str, allowed: set[str]) -> set[str]:
    """Latin-letter words of ``text`` that are neither allowed nor data."""
    # quoted text is data (the quote as its source wrote it), and so is the locator after it
    text = re.sub(r"“[^”]*”\s*(\([^)]*\))?|\"[^\"]*\"", " ", text)
    words = {w for w in WORD.findall(text) if w not in allowed and not w.isupper()}
    # a chart's axis cuts long names short ("Agreement for Coop…"): the start of a name's word is data
    return {w for w in words if not any(n.startswith(w) for n in allowed)}


def _network_text(frame: Any) -> str:
    """What the network frame shows: its visible text and the tooltip of every node and edge."""
    return str(
        frame.evaluate(
            """() => { const d = window.ctgraphNetwork.body.data;
                   const titles = [...d.nodes.get(), ...d.edges.get()].map(x => String(x.title || ''));
                   return [document.body.innerText, ...titles].join('\\n'); }"""
        )
    )


def _hover_an_edge(pg: Any, frame: Any) -> str:
    """Point at the middle of the network's first edge; the tooltip it shows."""
    box = frame.frame_element().bounding_box()
    point = frame.evaluate(
        """() => { const n = window.ctgraphNetwork; const id = n.body.data.edges.getIds()[0];
                   const p = n.canvasToDOM(n.body.edges[id].edgeType.getPoint(0.5));
                   const r = document.getElementById('mynetwork').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }"""
    )
    pg.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    frame.wait_for_function(
        "() => { const t = document.querySelector('.vis-tooltip'); "
        "return t && t.style.visibility !== 'hidden' && t.innerText.length > 0; }",
        timeout=10_000,
    )
    return str(frame.evaluate("() => document.querySelector('.vis-tooltip').innerText"))


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
        words = _english_words(text, allowed)
        if words:
            left[path or "overview"] = words
        if path == "routes":  # the network frame: its text and every tooltip
            frame = _network_frame(pg)
            network = _network_text(frame)
            assert "覆盖：" in network and "流出" in network, network[:400]
            words = _english_words(network, allowed)
            if words:
                left["routes: network"] = words
            tooltip = _hover_an_edge(pg, frame)
            assert "覆盖：" in tooltip and not _english_words(tooltip, allowed), tooltip
            pg.screenshot(path=str(shots / "zh-routes-tooltip.png"), full_page=False)
        pg.screenshot(path=str(shots / f"zh-{(path or 'overview').split('?')[0]}.png"), full_page=False)
    assert not left, f"English interface text in Chinese mode: {left}"


def test_the_review_page_in_chinese_names_the_language_of_an_english_quote(
    server: Server,  # noqa: F811
    page: tuple[Any, Recorder],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A report drafted from English text, reviewed in Chinese: the interface is Chinese, the
    quotes stay English and each is marked "原文：英语"."""
    pg, _rec = page
    shots = Path(os.environ.get("CTGRAPH_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    ctgraph = shutil.which("ctgraph", path=str(Path(sys.executable).parent)) or "ctgraph"
    folder = server.home / "drafts" / "argentina"
    if not folder.exists():
        done = subprocess.run(
            [ctgraph, "draft", str(DRAFTED), "--out", str(folder)],
            env=_env(server.home),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    allowed = ALLOWED | _names(server.home) | _draft_names(folder)
    _open(pg, f"{server.url}/review?lang=zh")
    text = _visible(pg, LEFT_OUT)
    assert "审阅草稿" in text and "待审阅的事实" in text, text[:400]
    assert "原文：英语" in pg.locator(".ctgraph-original").first.inner_text()
    words = _english_words(text, allowed | set(WORD.findall(str(folder))))  # the folder picked is a path (data)
    pg.screenshot(path=str(shots / "zh-review.png"), full_page=True)
    assert not words, f"English interface text in Chinese mode: {words}"
