"""The briefing deck in Chinese (``ctgraph export slides --lang zh``): the deck's own words
in Chinese, country names from pycountry's zh_CN names, every text run naming the East
Asian font (``a:ea``) and tagged zh-CN; LibreOffice draws every Chinese glyph with that
font (marker ``libreoffice``: the text it writes to the PDF equals the text of the slides,
and no span of Chinese text falls to a font without the glyphs)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation

from ctgraph.dashboard import deck as D
from ctgraph.dashboard.deck import layout
from ctgraph.graph.memory import MemoryStore
from tests.cli_helpers import run_cli

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> MemoryStore:
    from ctgraph.ingest.seed import seed_batch, validate_paths

    s = MemoryStore(home=tmp_path_factory.mktemp("zh") / "home")
    s.load(seed_batch(validate_paths()))
    return s


@pytest.fixture(scope="module")
def china_zh(store: MemoryStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck") / "china-zh.pptx"
    return D.write_deck(store, D.Scope.country("CHN"), out, today=TODAY, lang="zh")


def _runs(pptx: Path) -> list[tuple[int, object]]:
    """Every text run of every slide (shapes and table cells), with its slide number."""
    prs = Presentation(str(pptx))
    return [(i, r) for i, s in enumerate(prs.slides, start=1) for r in s.shapes._spTree.iter(f"{A}r")]


def _slide_texts(pptx: Path) -> list[str]:
    prs = Presentation(str(pptx))
    return ["".join(t.text or "" for t in s.shapes._spTree.iter(f"{A}t")) for s in prs.slides]


def test_the_chinese_deck_speaks_chinese(china_zh: Path) -> None:
    texts = _slide_texts(china_zh)
    assert texts[0].startswith("国家简报：中国")  # the title, the country's name from pycountry's zh_CN
    titles = [Presentation(str(china_zh)).slides[i].shapes.title.text for i in range(1, len(texts))]
    assert "要点" in titles and "规模最大的路线" in titles and any(t.startswith("附录：") for t in titles)
    assert all(HAN.search(t) for t in titles), [t for t in titles if not HAN.search(t)]
    assert "覆盖" in "".join(texts) and "中国 → 德国" in "".join(texts)


def test_every_run_names_the_east_asian_font(china_zh: Path) -> None:
    runs = _runs(china_zh)
    assert len(runs) > 200
    for page, r in runs:
        rpr = r.find(f"{A}rPr")  # type: ignore[attr-defined]
        assert rpr is not None and rpr.get("lang") == "zh-CN", page
        ea = rpr.find(f"{A}ea")
        assert ea is not None and ea.get("typeface") == layout.FONT_EA, page


def test_the_english_deck_is_unchanged(store: MemoryStore, tmp_path: Path) -> None:
    out = D.write_deck(store, D.Scope.country("CHN"), tmp_path / "china.pptx", today=TODAY)
    runs = _runs(out)
    assert all(r.find(f"{A}rPr").get("lang") == "en-GB" for _, r in runs)  # type: ignore[attr-defined]
    assert not any(r.find(f"{A}rPr").find(f"{A}ea") is not None for _, r in runs)  # type: ignore[attr-defined]
    assert _slide_texts(out)[0].startswith("Country briefing: China")


def test_cli_exports_a_chinese_deck_and_refuses_other_languages(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "zh.pptx"
    ok = run_cli(capsys, "export", "slides", "--out", str(out), "--country", "中国", "--lang", "zh")
    assert ok.code == 0, ok.err
    assert _slide_texts(out)[0].startswith("国家简报：中国")
    bad = run_cli(capsys, "export", "slides", "--out", str(tmp_path / "fr.pptx"), "--lang", "fr")
    assert bad.code == 1 and bad.err.strip() == "Error: --lang 'fr': choose one of: en, zh"
    assert not (tmp_path / "fr.pptx").exists()


# --------------------------------------------------------------------------- LibreOffice draws every glyph


def _pdf(pptx: Path, tmp: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-impress")
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{tmp / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(pptx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return tmp / (pptx.stem + ".pdf")


def _spans_by_font(pdf: Path) -> list[list[tuple[str, str]]]:
    """Per page, every text span Ghostscript reads back: (font, text)."""
    gs = shutil.which("gs")
    if gs is None:
        pytest.skip("Ghostscript (gs) is not installed")
    out = subprocess.run(
        [gs, "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=txtwrite", "-dTextFormat=0", "-sOutputFile=-", str(pdf)],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    pages = []
    for chunk in out.decode("utf-8", "replace").split("<page>")[1:]:
        pages.append(
            [
                (m[1], html.unescape("".join(re.findall(r'c="([^"]*)"', m[2]))))
                for m in re.finditer(r'<span bbox="[^"]*" font="([^"]*)" size="[^"]*">(.*?)</span>', chunk, re.S)
            ]
        )
    return pages


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.libreoffice
def test_libreoffice_draws_every_chinese_glyph(china_zh: Path, tmp_path: Path) -> None:
    pdf = _pdf(china_zh, tmp_path)
    fonts = (
        subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        if shutil.which("pdffonts")
        else ""
    )
    assert not fonts or "CJK" in fonts, fonts  # the East Asian font is embedded
    pages = _spans_by_font(pdf)
    written = _slide_texts(china_zh)
    assert len(pages) == len(written)
    for page_no, (spans, text) in enumerate(zip(pages, written), start=1):
        drawn = _squeeze("".join(t for _, t in spans))
        for chunk in re.findall(f"{HAN.pattern}+", text):
            assert chunk in drawn, (page_no, chunk)  # every Chinese character written is read back from the PDF
        assert "\ufffd" not in drawn, page_no  # no glyph without a character (.notdef)
        for font, t in spans:  # and drawn with a font that has it, never a fallback without the glyphs
            if HAN.search(t):
                assert "CJK" in font, (page_no, font, t)
    if shutil.which("pdftotext"):
        extracted = _squeeze(
            subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        )
        assert all(c in extracted for page in written for c in HAN.findall(page))


# --------------------------------------------------------------------------- no English sentence left


def _strings(x: object, out: list[str]) -> list[str]:
    """Every string an answer holds (names, titles, quotes, citations: the deck's data)."""
    import dataclasses

    if isinstance(x, str):
        out.append(x)
    elif isinstance(x, dict):
        for k, v in x.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(x, (list, tuple, set, frozenset)):
        for v in x:
            _strings(v, out)
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            _strings(getattr(x, f.name), out)
    return out


#: Three or more Latin words in a row: a sentence or a label, unless the data say it.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?: [A-Za-z(][A-Za-z'’\-)]*){2,}")


@pytest.mark.parametrize(
    "scope",
    [D.Scope.country("CHN"), D.Scope.route("CHN", "DEU"), D.Scope.everything()],
    ids=["country", "route", "everything"],
)
def test_no_english_sentence_is_left_in_the_chinese_deck(store: MemoryStore, scope: D.Scope, tmp_path: Path) -> None:
    """Slides and speaker notes: every run of three Latin words is data the answers hold (a name,
    a title, a quote, a citation) or a command to run; the deck's own sentences are Chinese.
    (The English deck of the same scope has hundreds of such runs: the check has teeth.)"""
    from ctgraph.dashboard.deck.collect import collect

    data = "\n".join(_strings(collect(store, scope, TODAY), []) + list(store.names().values()))

    def leftovers(pptx: Path) -> set[str]:
        prs = Presentation(str(pptx))
        left: set[str] = set()
        for s in prs.slides:
            lines = ["".join(t.text or "" for t in p.iter(f"{A}t")) for p in s.shapes._spTree.iter(f"{A}p")]
            lines += s.notes_slide.notes_text_frame.text.split("\n")
            for line in lines:
                for run in _LATIN_RUN.findall(re.sub(r"https?://\S+", " ", line)):
                    if run.startswith("ctgraph") or all(p.strip(" ()") in data for p in re.split(r"[()]", run)):
                        continue
                    left.add(run)
        return left

    zh = D.write_deck(store, scope, tmp_path / "zh.pptx", today=TODAY, lang="zh")
    assert not leftovers(zh), sorted(leftovers(zh))
    assert len(leftovers(D.write_deck(store, scope, tmp_path / "en.pptx", today=TODAY))) > 20


@pytest.mark.parametrize(
    "scope",
    [D.Scope.country("CHN"), D.Scope.route("CHN", "DEU"), D.Scope.everything()],
    ids=["country", "route", "everything"],
)
def test_chinese_key_messages_are_short_and_chinese(store: MemoryStore, scope: D.Scope) -> None:
    """Each key message in Chinese within the same limit (two characters read as one word)."""
    from ctgraph.dashboard.deck.messages import MAX_WORDS, words

    prs = D.build_deck(store, scope, today=TODAY, lang="zh")
    messages = prs._ctgraph_messages
    assert len(messages) >= 3
    for m in messages:
        assert HAN.search(m.text) and words(m.text) <= MAX_WORDS, (words(m.text), m.text)
        assert HAN.search(m.detail) or not m.detail, m.detail


def test_speaker_notes_name_the_language_of_an_english_quote(china_zh: Path) -> None:
    """A quote stays as its source wrote it; in a Chinese deck the line under an English one
    in the speaker notes says so ("（原文：英语）"), and a quote in Chinese carries no such line."""
    prs = Presentation(str(china_zh))
    lines = [line for s in prs.slides if s.has_notes_slide for line in s.notes_slide.notes_text_frame.text.splitlines()]
    quotes = [(i, line) for i, line in enumerate(lines) if re.match(r'^"[^"]+" — ', line)]
    latin = [
        (i, q) for i, q in quotes if re.search(r"[A-Za-z]{3}", q.split('"')[1]) and not HAN.search(q.split('"')[1])
    ]
    named = [lines[i + 1].strip() for i, _q in latin if i + 1 < len(lines) and "原文：" in lines[i + 1]]
    assert len(named) == len(latin), [q for i, q in latin if i + 1 >= len(lines) or "原文：" not in lines[i + 1]][:3]
    assert named.count("（原文：英语）") >= 5, named[:5]  # the seminar report and the English references
    assert set(named) > {"（原文：英语）"}  # and a French or Dutch reference says so too
    chinese = [i for i, q in quotes if HAN.search(q.split('"')[1]) and not re.search(r"[A-Za-z]{3}", q.split('"')[1])]
    assert all(i + 1 >= len(lines) or "原文" not in lines[i + 1] for i in chinese)
