"""Translations kept properly (graph/i18n.py): every message the code marks has both
languages in the gettext catalogue, with the same named placeholders; the language is
chosen per context and English stays exactly as it was; no dashboard page shows an
English message in Chinese mode (AppTest, marker ``app``; the real browser: test_browser.py).
"""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from ctgraph.graph import i18n
from ctgraph.graph.i18n import _, country_name_in, ngettext, placeholders, use_language
from tests.test_app import data_home, data_template  # noqa: F401 (fixtures: the seed and the data-set slices)

ROOT = Path(__file__).resolve().parent.parent
#: Where the code marks messages (the CLI, ingest and the API print English only for now).
MARKED = ("graph", "dashboard")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def _extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every message the code marks (``_``, ``N_``, ``ngettext``), read with Babel's extractor."""
    out: dict[str | tuple[str, ...], list[str]] = {}
    for folder in MARKED:
        for file, line, msg, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            key = msg if isinstance(msg, str) else tuple(msg)
            out.setdefault(key, []).append(f"{folder}/{file}:{line}")
    return out


@pytest.fixture(scope="module")
def extracted() -> dict[str | tuple[str, ...], list[str]]:
    return _extracted()


@pytest.fixture(scope="module")
def catalogue() -> object:
    with i18n.po_file("zh").open("rb") as f:
        return read_po(f, locale="zh", domain=i18n.DOMAIN)


def test_the_code_marks_hundreds_of_messages(extracted: dict) -> None:
    assert len(extracted) > 400  # the dashboard's headings, labels, captions and the shared wording


def test_every_message_has_both_languages(extracted: dict, catalogue: object) -> None:
    """Each marked message is in the Chinese catalogue, translated, not fuzzy."""
    missing, empty, fuzzy = [], [], []
    for key, where in extracted.items():
        msgid = key if isinstance(key, str) else key[0]
        entry = catalogue.get(msgid)  # type: ignore[attr-defined]
        if entry is None:
            missing.append(f"{where[0]}: {key!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(s.strip() for s in strings):
            empty.append(f"{where[0]}: {key!r}")
        if entry.fuzzy:
            fuzzy.append(f"{where[0]}: {key!r}")
    assert not missing, "not in graph/locale/zh/LC_MESSAGES/ctgraph.po (see graph/i18n.py):\n" + "\n".join(missing)
    assert not empty, "no Chinese yet:\n" + "\n".join(empty)
    assert not fuzzy, "fuzzy (review, then drop the flag):\n" + "\n".join(fuzzy)


def test_the_catalogue_holds_no_stale_message(extracted: dict, catalogue: object) -> None:
    """Every entry of the catalogue is a message the code still marks (no dead translations)."""
    used = {k if isinstance(k, str) else k[0] for k in extracted}
    stale = [m.id for m in catalogue if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used]  # type: ignore[attr-defined]
    assert not stale, stale


def test_translations_keep_every_placeholder(catalogue: object) -> None:
    """A translation names exactly the placeholders of its message (a lost ``{n}`` would hide a figure)."""
    wrong = []
    for m in catalogue:  # type: ignore[attr-defined]
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else m.id
        strings = (m.string,) if isinstance(m.string, str) else m.string
        want = set().union(*(placeholders(i) for i in ids))
        for s in strings:
            if placeholders(s) != want:
                wrong.append((ids[0], s))
            s.format(**{p: "x" for p in want})  # and it formats
    assert not wrong, wrong


def test_chinese_is_chinese() -> None:
    with use_language("zh"):
        assert _("Cooperation gaps") == "合作缺口"
        assert _("{n} gap(s).", n=3) == "3 个缺口。"
        assert ngettext("{n} text passage", "{n} text passages", 1, n=1) == "1 段文本"
        assert _("a message nobody marked") == "a message nobody marked"  # unknown: as written, never blank
    assert _("Cooperation gaps") == "Cooperation gaps"


def test_english_is_unchanged_by_default() -> None:
    """Code that never chooses a language reads exactly the English it read before."""
    assert i18n.language() == "en"
    assert _("{n} gap(s).", n=3) == "3 gap(s)."
    assert ngettext("{n} data row", "{n} data rows", 2, n=2) == "2 data rows"
    assert _("literal {braces} without params") == "literal {braces} without params"


def test_the_language_is_per_context() -> None:
    """One session (thread) reading Chinese never changes another's language."""
    seen: dict[str, str] = {}
    ready, done = threading.Event(), threading.Event()

    def chinese() -> None:
        i18n.set_language("zh")
        ready.set()
        done.wait(5)
        seen["zh-thread"] = _("Routes")

    t = threading.Thread(target=chinese)
    t.start()
    ready.wait(5)
    seen["main"] = _("Routes")
    done.set()
    t.join(5)
    assert seen == {"zh-thread": "路线", "main": "Routes"}


def test_parse_language_names_the_choices() -> None:
    assert i18n.parse_language("zh-CN") == "zh"
    with pytest.raises(ValueError, match="choose one of: en, zh"):
        i18n.parse_language("klingon")


def test_country_names_in_chinese_come_from_pycountry() -> None:
    from ctgraph.graph.vocabulary import display_name

    assert [country_name_in(c, "zh") for c in ("CHN", "VNM", "MMR", "HKG", "MAC", "GBR")] == [
        "中国",
        "越南",
        "缅甸",
        "香港",
        "澳门",
        "英国",
    ]
    with use_language("zh"):
        assert display_name("THA", {"THA": "Thailand"}) == "泰国"
        # regions, agencies and instruments keep the names their sources give
        assert display_name("region:eu", {"region:eu": "European Union"}) == "European Union"
    assert display_name("THA", {"THA": "Thailand"}) == "Thailand"


def test_shared_wording_in_chinese() -> None:
    from datetime import date

    from ctgraph.graph.analysis import explain
    from ctgraph.graph.wording import as_of_sentence, count_text, evidence_words

    with use_language("zh"):
        assert count_text(0, 1) == "<5 (1 个隐去的单元格)"  # "<5" never 0, in either language
        assert evidence_words(3, 1) == "3 段文本 · 1 行数据"
        assert as_of_sentence(date(2015, 6, 30), "2015-06") == "计数与等级截至 2015 年；文书按 2015年6月 末的状态。"
        assert explain("none", []) == "没有任何文书同时约束双方。"


def test_answers_stay_english_whatever_the_reader_reads(tmp_path: Path) -> None:
    """Store answers are the JSON contract (and may be kept on disk): computed in English
    even inside a Chinese context; views translate what they show."""
    from ctgraph.graph.memory import MemoryStore
    from ctgraph.ingest.seed import seed_batch, validate_paths

    store = MemoryStore(home=tmp_path / "home")
    store.load(seed_batch(validate_paths()))
    with use_language("zh"):
        in_chinese = store.gaps(country="CHN", sort="name")
    assert in_chinese and in_chinese == store.gaps(country="CHN", sort="name")
    assert not any("\u4e00" <= ch <= "\u9fff" for g in in_chinese for ch in g["explanation"])


def test_the_wheel_ships_the_catalogues() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["ctgraph.graph"]
    assert "locale/*/LC_MESSAGES/*.po" in data
    assert any(d.startswith("babel") for d in config["project"]["dependencies"])
    assert i18n.po_file("zh").is_file()


# --------------------------------------------------------------------------- the pages, in Chinese


def _english_messages(catalogue: object) -> list[str]:
    """The English of every message long enough to be recognised in a page (two words or more)."""
    out = []
    for m in catalogue:  # type: ignore[attr-defined]
        ids = (m.id,) if isinstance(m.id, str) else m.id
        for i in ids:
            literal = i.split("{")[0].strip()  # the words before the first placeholder
            if len(literal.split()) >= 2 and literal.isascii():
                out.append(literal)
    return out


@pytest.mark.app
def test_no_page_shows_an_untranslated_message_in_chinese(home: Path, catalogue: object) -> None:
    # AppTest calls the widgets' format functions in the test's own thread: it reads Chinese too
    with use_language("zh"):
        _pages_in_chinese(_english_messages(catalogue))


def _interface_text(at: object, texts: object) -> str:
    """What the interface itself says: titles, captions, alerts, column headings, labels and
    metrics (table cells, chart data and pickers' options are data: names, quotes, titles)."""
    parts = [texts(at)]  # type: ignore[operator]
    parts += [" ".join(map(str, d.value.columns)) for d in at.dataframe]  # type: ignore[attr-defined]
    for kind in ("selectbox", "multiselect", "radio", "slider", "text_input", "toggle", "button"):
        parts += [str(w.label) for w in getattr(at, kind)]
    parts += [str(m.label) for m in at.metric]  # type: ignore[attr-defined]
    parts += [str(t.label) for t in at.tabs]  # type: ignore[attr-defined]
    return "\n".join(parts)


def _pages_in_chinese(english: list[str]) -> None:
    from tests.test_app import PAGES, TABS, _start, open_page, open_tab, texts

    at = _start(lang="zh")
    with use_language("zh"):
        titles = {
            name: _(t)
            for name, t in {
                "overview": "Counter-trafficking routes and cooperation gaps",
                "routes": "Routes",
                "gaps": "Cooperation gaps",
                "agreements": "Instruments",
                "country": "Country profile",
                "evidence": "Evidence",
            }.items()
        }
        tabs = {name: (key, [_(label) for label in labels]) for name, (key, labels) in TABS.items()}
    shown_anything = 0
    for name in PAGES:
        at = open_page(at, name)
        if name == "country":
            at.selectbox(key="country-pick").set_value("CHN").run()
        if name == "evidence":
            at.text_input(key="evidence-q").input("Spain").run()
        assert [t.value for t in at.title][:1] == [titles[name]] or name == "country"
        runs = [at]
        if name in tabs and not (name == "gaps" and not any(w.key == "gaps-country" for w in at.selectbox)):
            key, labels = tabs[name]
            runs = [open_tab(at, key, label) for label in labels]
        for page in runs:
            text = _interface_text(page, texts)
            shown_anything += len(text)
            left = [m for m in english if m in text]
            assert not left, f"{name}: English messages shown in Chinese mode: {left[:5]}"
    assert shown_anything > 5000


# --------------------------------------------------------------------------- charts, in Chinese

#: Latin words a chart's titles, axes and legends may show in Chinese mode: acronyms and data-set names.
CHART_ALLOWED = {"US", "TIP", "GLOTIP", "CTDC", "UNODC", "IOM"}


def _chart_titles(spec: object, out: list[str]) -> list[str]:
    """Every title a Vega-Lite spec gives (chart, axes, legends, tooltips): what it draws as its own words."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, str):
                out.append(v)
            elif k == "title" and isinstance(v, dict) and isinstance(v.get("text"), str):
                out.append(v["text"])
            elif k not in ("data", "datasets", "values"):  # data are names, quotes and titles from sources
                _chart_titles(v, out)
    elif isinstance(spec, list):
        for v in spec:
            _chart_titles(v, out)
    return out


def test_charts_title_their_axes_legends_and_tooltips_in_chinese(tmp_path: Path) -> None:
    """Vega-Lite draws its words in SVG/canvas, where a page scan cannot read them: each chart
    is built in Chinese mode and every title of its spec is checked for English words."""
    import re
    from datetime import date

    from ctgraph.dashboard import charts
    from ctgraph.dashboard.geo import endpoint_position
    from ctgraph.dashboard.network import flow_network
    from ctgraph.dashboard.routemap import route_map
    from ctgraph.graph.memory import MemoryStore
    from ctgraph.ingest.seed import seed_batch, validate_paths

    store = MemoryStore(home=tmp_path / "home")
    store.load(seed_batch(validate_paths()))
    names = store.names()
    day = date(2026, 12, 4)
    agreements = store.agreements()
    routes = store.routes()
    profile = store.country("CHN")
    with use_language("zh"):
        specs = {
            "instruments": charts.instruments_timeline(agreements, day, names),
            "consent": charts.consent_timeline(max(agreements, key=lambda a: len(a["parties"])), names, day),
            "tiers": charts.tiers_chart(profile["tip_tiers"]) if profile["tip_tiers"] else None,
            "heatmap": charts.coverage_heatmap(routes, names, sorted({r["source"] for r in routes})[:12]),
            "series": charts.series_chart(
                [
                    {
                        "dataset": "source:x",
                        "series": "total",
                        "year": 2020,
                        "victims": 12,
                        "suppressed_cells": 0,
                        "cells": 1,
                    }
                ],
                names,
            ),
            "route map": route_map(flow_network(routes, names).edges, names, lambda e: endpoint_position(e)).spec,
        }
    shown = {k: v for k, v in specs.items() if v is not None}
    assert len(shown) >= 5, sorted(shown)
    left = {}
    for name, spec in shown.items():
        titles = _chart_titles(spec, [])
        assert titles, name
        words = {w for t in titles for w in re.findall(r"[A-Za-z]{2,}", t)} - CHART_ALLOWED
        if words:
            left[name] = words
    assert not left, f"English in charts in Chinese mode: {left}"


# --------------------------------------------------------------------------- table cells, in Chinese

#: Columns (by their English heading) whose cells are data: what the sources say and call things
#: (quotes, locators, titles, names, roles, notes, terms, addresses) and internal handles a
#: reviewer types (a draft's id). Every other column (figures, coverage, kinds, units, what a
#: data set counts, summaries) is the interface's and is read word by word.
DATA_COLUMNS = {
    "quote",
    "first quote",
    "what the source says",
    "locator",
    "title",
    "name",
    "role",
    "challenge",
    "publisher",
    "terms",
    "url",
    "contact details",
    "note",
    "outcome",
    "outcomes",
    "acronym",
    "instrument",
    "cooperation",
    "fact",
    "agency",
    "source",
    "victims (as the source words them)",
    "id",
    "where",
}
#: Properties whose text a source or data set wrote (its own labels, as published): data wherever shown.
SOURCE_LABELS = (
    "victims",
    "reported_as",
    "category",
    "indicator",
    "dimension",
    "sex_groups",
    "age_groups",
    "tier_label",
    "tier_as_written",
    "name",
    "title",
    "short_title",
    "acronym",
)


def _table_data_words(home: Path) -> set[str]:
    """Latin words that are data in any table: the names the graph holds, every label a data set
    publishes (GLOTIP's indicators and categories, the TIP tiers), victims as the sources word them,
    and what a source's own statistic counts (a data set's statistic is worded by the import: checked)."""
    import re

    from ctgraph.graph.memory import MemoryStore
    from ctgraph.graph.snapshot import Scope

    word = re.compile(r"[A-Za-z][A-Za-z_'’.-]*[A-Za-z]|[A-Za-z]")
    store = MemoryStore(home=home)
    out: set[str] = set()
    for name in store.names().values():
        out.update(word.findall(str(name)))
    for node in store.snapshot(Scope.everything(include_drafts=True)).nodes.values():
        p = node["props"]
        for key in SOURCE_LABELS:
            for v in p.get(key) if isinstance(p.get(key), list) else [p.get(key)]:
                out.update(word.findall(str(v or "")))
        if p.get("unit") and not p.get("dataset"):  # a Statistic a text gives: what it counts, as the source words it
            out.update(word.findall(str(p.get("counts") or "")))
    return out


def _cells(df: object) -> dict[str, list[str]]:
    """A shown frame's text by heading (the index as a column), a link cell as the text it shows."""
    import pandas as pd

    assert isinstance(df, pd.DataFrame)
    out: dict[str, list[str]] = {str(df.index.name or ""): [str(v) for v in df.index]} if df.index.name else {}
    for col in df.columns:
        out[str(col)] = [
            str(v).rsplit("#", 1)[-1] if "?" in str(v) and "#" in str(v) else str(v)
            for v in df[col].tolist()
            if v is not None and v == v
        ]
    return out


def _tables_in_chinese() -> dict[str, list[object]]:
    """Every table of every page and tab (and the Review page), as shown in Chinese mode."""
    from tests.test_app import PAGES, TABS, _start, open_page, open_tab

    at = _start(lang="zh")
    shown: dict[str, list[object]] = {}
    for name in [*PAGES, "review"]:
        at.switch_page(f"views/{name}.py").run() if name == "review" else open_page(at, name)
        if name == "country":
            at.selectbox(key="country-pick").set_value("CHN").run()
        if name == "evidence":
            at.text_input(key="evidence-q").input("Spain").run()
        runs = [(name, at)]
        if name in TABS and not (name == "gaps" and not any(w.key == "gaps-country" for w in at.selectbox)):
            key, labels = TABS[name]
            runs = [(f"{name}: {label}", open_tab(at, key, _(label))) for label in labels]
        for where, page in runs:
            assert not page.exception, [e.value for e in page.exception]
            shown[where] = [d.value for d in page.dataframe]
    return shown


@pytest.mark.app
def test_table_headings_and_cells_are_chinese_but_for_data(data_home: Path) -> None:  # noqa: F811
    """Streamlit draws tables on a canvas the browser test cannot read: every table every page
    shows (each tab, the Review page on a report drafted from English, the seed and the data-set
    slices loaded) is read here in Chinese mode, heading and cell: only data may be in Latin letters.
    What a data set's figure counts ("victims repatriated from China, reported by Myanmar", a
    GLOTIP statistic's description) is the import's wording and is read too."""
    from ctgraph.dashboard.tables import COLUMN_WORDS
    from ctgraph.ingest.draft.writer import draft_report
    from tests.test_browser_zh import ALLOWED, DRAFTED, _english_words

    draft_report(DRAFTED, data_home / "drafts" / "argentina")
    allowed = ALLOWED | _table_data_words(data_home)
    with use_language("zh"):  # AppTest calls the widgets' format functions in the test's own thread
        english_of = {_(w): w for w in (*COLUMN_WORDS, "summary", "hedged")}
        shown = _tables_in_chinese()
    assert sum(len(frames) for frames in shown.values()) >= 20, {k: len(v) for k, v in shown.items()}
    left: dict[str, set[str]] = {}
    read = set()
    for where, frames in shown.items():
        for df in frames:
            for heading, cells in _cells(df).items():
                words = _english_words(heading, allowed)
                if english_of.get(heading, heading) not in DATA_COLUMNS:
                    read.add(english_of.get(heading, heading))
                    words |= {w for c in cells for w in _english_words(c, allowed)}
                if words:
                    left.setdefault(f"{where} / {heading}", set()).update(words)
    assert {"counts", "unit", "summary", "coverage"} <= read, sorted(read)
    # a drafted statistic in the reader's words, what it counts as its source words it (issue 24)
    summaries = {
        c for df in shown["review"] for h, cells in _cells(df).items() if english_of.get(h) == "summary" for c in cells
    }
    assert any(x.startswith("45 人：“Bolivians”") for x in summaries), sorted(summaries)
    assert not left, f"English interface text in Chinese-mode tables: {left}"


def test_us_tip_tiers_read_in_chinese_in_the_table_the_chart_and_the_deck_picture() -> None:
    from ctgraph.dashboard.charts import tiers_chart
    from ctgraph.dashboard.pictures import tier_figure
    from ctgraph.dashboard.tables import tiers_frame

    tiers = [
        {"year": 2013, "tier": "3", "tier_label": "Tier 3", "rank": 4, "evidence": []},
        {"year": 2014, "tier": "2WL", "tier_label": "Tier 2 Watch List", "rank": 3, "evidence": []},
    ]
    with use_language("zh"):
        frame = tiers_frame(tiers)
        spec = tiers_chart(tiers)
        fig = tier_figure(tiers)
    assert frame["tier"].tolist() == ["第三级", "第二级观察名单"]
    assert spec["datasets"]["tiers"][1]["tier"] == "第二级观察名单"
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"] == ["第一级", "第二级", "第二级观察名单", "第三级"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][-1] == "第三级"
    assert tiers_frame(tiers)["tier"].tolist() == ["Tier 3", "Tier 2 Watch List"]  # English unchanged
