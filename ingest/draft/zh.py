"""Draft facts from a Chinese report: flows, agreements, agencies and named officials.

``ctgraph draft`` sends a text whose letters are mostly Chinese characters
(:func:`is_chinese`) here instead of the English extractor. The result is the
same :class:`~ingest.draft.extract.Drafts` the English extractor returns, so the
writer, the validator and ``ctgraph review`` treat both alike: every fact
``draft: true``, every quote a verbatim slice of the source text (Chinese
quotes stay Chinese), and the note of every flow, agreement and region says the
source language is Chinese (:func:`mark_language`).

How it reads
------------
The text is cut into sentences at 。！？；and line ends. Countries, Chinese
places (a province or border town is China) and region words are found with the
gazetteer (:mod:`ingest.draft.zh_gazetteer`) on a copy whose traditional
characters are folded to simplified ones character for character, so offsets
and quotes stay exact. A match counts only where it starts at a word boundary
of the segmenter (so 法国 is not found in 非法国际), and one-character
abbreviations count in pair compounds (中越两国, 中缅边境, 越中).

In a sentence that speaks of trafficking (拐卖, 贩运, 骗至, 被卖, 卖淫, 强迫劳动,
电诈园区 ...), each mention gets a role from the words around it:

- origin: X籍/X + a word for people (越南籍妇女, 缅甸新娘, 老挝女孩, 中国公民, 四川木工),
  X的...女孩, 从X (not 自从, "since"), 来自X, 逃离X, 老家在X, X“老乡”; recruiting in X
  (在X招募/物色/诱骗..., 在缅甸、老挝等地物色女子); X籍男子 when a victim's verb follows
  (中国籍男子被骗至...); 被害人均系X籍;
- destination: 到/至/往/入/入境/进入/前往/抵达X, 卖给X的..., 在X, X境内, 目的地—X, X + 园区/窝点;
  当地 ("there": 被诱骗到当地) is the place named just before it in the sentence;
- neither: perpetrators and institutions (X籍犯罪嫌疑人, X人贩子, X警方, X政府, X公安部,
  X男子, X人把/将..., ...涉嫌), pair compounds (中越两国), returns and hand-overs (回到X, 移交X,
  遣返, 送到X机场/口岸), transit (通过X, 途经X, 经X: the flow runs from the origin to the end),
  a contact (认识1名中国女子), a report's title or topic (缅甸人口贩卖报告), where a crime reaches
  (触角延伸至菲律宾, 蔓延至, 远及);
- the buyers' country is a destination, never an origin: 卖两女孩给中国人;
- a fishing boat is where its flag is (泰国渔船, 悬挂中国国旗的渔船); a compound in a named district
  (缅甸南邓地区的电诈园区) is in its country; 港人/台人 are Hong Kong and Taiwan people, and 台/港 after a
  verb of moving (受骗来台, 赴港) are Taiwan and Hong Kong;
- the targets of a fraud or crime (诈骗中国人, 针对中国公民的) and people arrested (拘捕...涉事的中国人) are
  neither.

A flow whose clauses call it only likely (很可能会成为...被害人, 可能被贩卖到) is not drafted; other hedges
(据称, 疑似) mark it hedged. In a text about trafficking, a sentence on cross-border marriage brokering
(跨国婚介, 远嫁, 嫁到) needs no word of trafficking: the foreign countries it names are the brides' origins
and China's places the grooms' side. A victim named after a home town (安徽庐江少年胡一啸, 叶文斌是江西...人)
keeps that origin for the sentences about them by name, or by 他/她 when the text names one such origin.

Mentions joined by 、和与及 share a role (特别是/尤其是 continue a list). Each origin
pairs with each destination of the sentence. "同样的...也发生在X、Y" makes X and Y origins
towards the destination of the flow just drafted. A sentence right after a trafficking one that
goes on listing its victims (当中包括39名中国人、13名印度人) is read as one too, and so is a
rescue (解救越南籍妇女38名) in a text about trafficking. A sentence naming victims' origin but
no destination takes the destination the document's trafficking sentences name most, else a region
they name as a destination (东南亚诈骗园区), else a country the text names at least twice (never a
victims' origin of the document's complete flows, nor the origin itself), and the flow's note says
so; a country named once and never as a destination is no guess, and a rescue on the way home
(遣返, 回国) that names no destination infers none. A sentence naming a destination but no origin
takes one from a victim named after their country earlier (来自菲律宾的苏珊 ... 苏珊被骗来到缅甸),
or, for victims named by a share or pronoun (大部分人被卖给了...), the one origin of the text's
complete flows.
A pair of one country with itself is not drafted; region words stay region endpoints.

Agreements come from 协定/协议/备忘录/谅解备忘录/公约 with a status (签署/签订/落实 =
signed, 正在谈判/商签/磋商 = negotiating, 将签署/拟签署/计划签署 = proposed) and the
parties of the sentence (中缅两国, 中国与越南, or 两国/双方 = the last two countries
named); agencies from names ending in 公安部/公安厅/公安局/边防.../警察总署/组织/办公室
and the known names (国际移民组织 IOM, ...); officials from a title (部长, 副局长, 厅长,
队长, 主任, 总干事, 联络官, ...) followed by a name, with the words before the title
as the role (also 高级专员, 署长, 学家, and a name after a named body with its Latin spelling:
委员会的卡西奥(Winston Casio)); also a name before its title (洪森总理, as the segmenter tags a person's
name), a name in Latin letters after a title (特遣队成员Zaw Min Tun), a dotted transliteration (瓦塔那·蒙素,
勞倫斯‧哈特), and the author of a paper whose next line is a title (作者:李臨鳳 / ...移民署副組長).

Why jieba
---------
jieba is the segmenter most Chinese NLP code uses; it is pure Python, MIT
licensed, installs from PyPI as one package with its dictionary inside (no
download at run time, no model server), segments a page in milliseconds once
its dictionary is loaded (about a second, once per process), and gives token
offsets (``jieba.tokenize``) and part-of-speech tags (``jieba.posseg``). We use
it for word boundaries (a country name must start a word) and to tell a
person's name from a verb or pronoun after a title. pkuseg and THULAC need
model files fetched or shipped separately; LAC needs PaddlePaddle; spaCy's
Chinese pipelines wrap jieba or pkuseg anyway.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ctgraph.ingest.draft.extract import Drafts, FlowDraft
from ctgraph.ingest.draft.formats import Document, Paragraph
from ctgraph.ingest.draft.zh_gazetteer import (
    ABBREVIATIONS,
    AGENCIES,
    PLACES,
    REGIONS,
    country_names,
    fold,
    name_pattern,
)

__all__ = [
    "ZhDrafts",
    "LANGUAGE_NOTE",
    "ZhMention",
    "is_chinese",
    "extract_zh",
    "find_mentions_zh",
    "exploitation_zh",
    "mark_language",
    "sentences_zh",
]

#: Appended to the note of every drafted fact that has a note field.
LANGUAGE_NOTE = "Source language: zh (Chinese); the quote is verbatim Chinese."

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: The dots that join the parts of a transliterated name: 沃尔克·蒂尔克, 瓦塔那・蒙素, 勞倫斯‧哈特, 约翰•史密斯.
_DOTS = "·・‧•"


def is_chinese(text: str) -> bool:
    """Whether ``text`` is mostly Chinese (what ``ctgraph draft`` drafts with this module): its Chinese
    characters outnumber its words in Latin letters. A Chinese character is about a word (a syllable), so
    counting Latin letters one by one would let a Chinese report that glosses its terms in English
    ("副局长(deputy director)") pass for English.

    Examples
    --------
    >>> is_chinese("公安部刑侦局(Criminal Investigation Department)副局长(deputy director)陈士渠说")
    True
    >>> is_chinese("Eritreans are subject to forced labor in Ethiopia (埃塞俄比亚) and Sudan (苏丹).")
    False
    """
    han = len(re.findall(f"[{_HAN}]", text))
    latin_words = len(re.findall(r"[A-Za-zÀ-ÿ]+", text))
    return han > latin_words


# --------------------------------------------------------------------------- segmentation


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _boundaries(folded: str) -> set[int]:
    """Offsets where the segmenter starts or ends a word."""
    out = {0, len(folded)}
    for _w, a, b in _jieba().tokenize(folded):
        out.add(a)
        out.add(b)
    return out


def _single_word(word: str) -> str:
    """jieba's part-of-speech tag of ``word`` when the segmenter reads it as one word, else ""."""
    import jieba.posseg as pseg

    _jieba()
    toks = list(pseg.cut(word))
    return str(toks[0].flag) if len(toks) == 1 else ""


_SENT_END = re.compile(r"[。！？!?；;\n]+")


def sentences_zh(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (end punctuation kept), blank ones dropped.

    Examples
    --------
    >>> t = "解救越南籍妇女38名。抓获犯罪嫌疑人5名!"
    >>> [t[a:b] for a, b in sentences_zh(t)]
    ['解救越南籍妇女38名。', '抓获犯罪嫌疑人5名!']
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    # trim surrounding blanks so quotes start and end on text
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        trimmed.append((a, b))
    return trimmed


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class ZhMention:
    """A country, Chinese place, region word or abbreviation at ``[start, end)`` of the text."""

    start: int
    end: int
    text: str
    ref: str  # ISO alpha-3 or region:<slug>
    kind: str  # name | place | region | abbrev | side | demonym | short

    @property
    def is_region(self) -> bool:
        return self.ref.startswith("region:")


_ABBR = "".join(ABBREVIATIONS)
_PAIR = re.compile(
    rf"([{_ABBR}])([{_ABBR}])([{_ABBR}])?(?=两国|双方|三国|四国|边境|边界|警方|政府间|政府|执法|联合|合作|打拐|反拐|边防|警务|"
    r"公安|关系|友谊|木姐|打击)"
)
_SIDE = re.compile(rf"([{_ABBR}])方")
_SUFFIX_OK = "籍人女男方警军侨民裔省市县州区镇村北南东西中部边境政公"
#: People named by a one-character abbreviation of their jurisdiction: 港人 (Hong Kong people), 台人.
_DEMONYM = re.compile(r"(?<![香])(港|台)人(?![士员])")
_DEMONYM_REF = {"港": "HKG", "台": "TWN"}
#: Taiwan and Hong Kong by one character after a verb of moving or being (受骗来台, 赴台, 在港, 抵港):
#: 来台 is "to Taiwan", never a platform or a stage after these verbs.
_SHORT_PLACE = re.compile(r"(?<=[来赴抵到在入返回离留])(台|港)(?![湾北中南东西币商资胞独口区务埠城湾澳股])")


def find_mentions_zh(text: str) -> list[ZhMention]:  # noqa: C901
    """Countries, places, regions and pair abbreviations in ``text``, in order (no overlaps).

    Examples
    --------
    >>> [(m.text, m.ref) for m in find_mentions_zh("中缅两国签署备忘录,解救被拐缅甸籍妇女,在云南瑞丽")]
    [('中', 'CHN'), ('缅', 'MMR'), ('缅甸', 'MMR'), ('云南', 'CHN'), ('瑞丽', 'CHN')]
    >>> [m.ref for m in find_mentions_zh("打击非法国际犯罪")]
    []
    """
    folded = fold(text)
    bounds = _boundaries(folded)
    names = country_names()
    found: list[ZhMention] = []
    taken: list[tuple[int, int]] = []
    for m in name_pattern().finditer(folded):
        a, b = m.span()
        word = m.group(0)
        if a not in bounds and not (a > 0 and not re.match(f"[{_HAN}]", folded[a - 1])):
            continue
        if b not in bounds and folded[b : b + 1] not in _SUFFIX_OK and word not in REGIONS:
            continue  # the match ends inside a word, and not before a suffix (越南籍, 中国人, 云南省)
        if word in names:
            ref, kind = names[word], "name"
        elif word in PLACES:
            ref, kind = PLACES[word], "place"
        else:
            region = REGIONS[word]
            ref, kind = f"region:{region.slug}", "region"
        found.append(ZhMention(a, b, text[a:b], ref, kind))
        taken.append((a, b))
    for m in _PAIR.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        for g in (1, 2, 3):
            if m.group(g):
                a, b = m.span(g)
                found.append(ZhMention(a, b, text[a:b], ABBREVIATIONS[m.group(g)], "abbrev"))
    for m in _DEMONYM.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            # the mention is the one character; the 人 after it reads as the people word (港人把... is an agent)
            found.append(ZhMention(m.start(), m.start() + 1, text[m.start()], _DEMONYM_REF[m.group(1)], "demonym"))
    for m in _SHORT_PLACE.finditer(folded):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(ZhMention(m.start(), m.end(), text[m.start() : m.end()], _DEMONYM_REF[m.group(1)], "short"))
    for m in _SIDE.finditer(folded):
        a, b = m.span()
        if any(x <= a < y for x, y in taken) or (a > 0 and re.match(f"[{_HAN}]", folded[a - 1]) and a not in bounds):
            continue
        if m.group(1) in ("双", "地", "对"):
            continue
        found.append(ZhMention(a, a + 1, text[a : a + 1], ABBREVIATIONS[m.group(1)], "side"))
    found.sort(key=lambda x: x.start)
    out: list[ZhMention] = []
    for x in found:
        if out and x.start < out[-1].end:
            continue
        out.append(x)
    return out


# --------------------------------------------------------------------------- cues

_TRAFFICKING = re.compile(
    r"拐卖|拐骗|贩卖|贩运|骗卖|被卖|卖给|卖到|卖往|卖入|转卖|被拐|打拐|反拐|人口买卖|骗至|骗到|骗往|骗来|骗去|诱骗|强迫劳动|"
    r"倒卖|卖淫|性剥削|性奴|强迫婚姻|拐卖婚姻|买卖婚姻|骗婚|被迫|电诈园区|诈骗园区|人口交易|奴役|出卖肉体|受害者|受害人|被害人|买媳妇|"
    r"买老婆|新娘|苦工|奴工|奴隶|被禁锢|遭禁锢|被囚禁|卖猪仔|猪仔"
)
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sexual_exploitation", re.compile(r"卖淫|性剥削|性奴|色情|出卖肉体|出台|按摩女|性工作|性交易|逼良为娼|妓|洗头房|陪酒|陪睡")),
    ("forced_labour", re.compile(r"强迫劳动|强迫劳役|劳工剥削|劳动剥削|苦役|被迫劳动|强制劳动|苦工|奴工|劳奴|做工抵债")),
    ("forced_marriage", re.compile(r"强迫婚姻|拐卖婚姻|买卖婚姻|新娘|媳妇|老婆|骗婚|被迫嫁|卖给.{0,12}(?:做|当|为)(?:妻|媳)|婚姻诈骗|"
                                   r"为人妻|为妻|当妻子|做妻子|逼婚")),
    ("forced_criminality", re.compile(r"电信诈骗|电诈|网络诈骗|诈骗园区|诈骗农场|诈骗活动|诈骗窝点|网赌|强迫犯罪|被迫参与.{0,12}犯罪|从事诈骗")),
    ("forced_begging", re.compile(r"乞讨|行乞")),
    ("organ_removal", re.compile(r"器官")),
    ("baby_selling", re.compile(r"贩卖婴儿|买卖婴儿|贩婴|胎儿")),
    ("domestic_servitude", re.compile(r"家政|保姆|家佣|女佣")),
)
#: "大部分人被卖给了中国、马来西亚和韩国": victims named by a pronoun or a share, whose origin the sentence
#: leaves to the text (the one origin of its complete flows).
_THEY_SUBJECT = re.compile(
    r"^(?:其中|当中)?(?:大部分人|大部分|大多数人|大多数|多数人|很多人|许多人|不少人|一些人|有些人|部分人|受害者|受害人|"
    r"被害人|她们|他们|这些(?:女孩|妇女|女子|受害者|人))(?:都|均|大多|多)?(?:被|遭)")
#: "来自菲律宾的苏珊和马来西亚的迪伦": a victim named after their country; a later sentence about them
#: (苏珊被...骗来到缅甸) has that origin.
_NAMED_AFTER = re.compile(rf"^(?:籍)?的([{_HAN}][{_HAN}·]{{1,5}}?)(?=和|与|及|、|,|，|。|;|；|\(|（|\s)")
#: "安徽庐江少年胡一啸": a place, a word for a young person or worker, then a name.
_NOUN_NAME_AFTER = re.compile(
    rf"^(?:籍)?(?:的)?(?:\d+岁(?:的)?)?(?:少年|少女|男子|女子|青年|男孩|女孩|姑娘|妇女|学生|高中生|大学生|初中生|小伙|木工|工人|渔工|"
    rf"船员)(?P<name>[{_HAN}]{{2,3}})(?=[,，。、:：;；\s(（]|的|被|在|从|于|是|曾|已|向|称|说)")
#: "叶文斌是江西上饶市铅山县人": a name, 是, then the home town.
_NAME_IS_BEFORE = re.compile(rf"(?:^|[,，。;；:：\s“”])(?P<name>[{_HAN}]{{2,3}})(?:是|系|为)$")
_HOME_AFTER = re.compile(r"^(?:省|市|县|区)?[^,，。;；]{0,10}?人(?:[,，。;；]|$)")
#: A sentence whose subject is he or she (他, 她 ... 已身处...).
_PRONOUN_SUBJECT = re.compile(r"^(?:[^,，。;；]{0,4}?)(?:他|她)(?![国人乡])")
#: "叶文斌疑似被以16万元的价格转卖": a named victim sold, with no place named.
_SOLD_NAMED = re.compile(
    rf"(?:^|[,，:：;；…\s“”])[{_HAN}]{{2,3}}[^,，。;；]{{0,3}}?(?:被|遭)[^,，。;；]{{0,12}}?(?:转卖|卖|拐|贩卖|贩运)")
_THEY_COME_FROM = re.compile(r"^(?:她们|他们|受害者|受害人|被害人|这些(?:女孩|妇女|受害者|人))(?:都|均|大多|多|大部分|全部)?来自")
_RESCUED = re.compile(r"解救|营救|获救")
_RETURN = re.compile(r"遣返|送返|送回|接回|回国|返国|返回|回到|押解")
_CONTINUES = re.compile(r"^(?:当中|其中|这当中|包括|分别(?:为|是)|他们中|她们中|受害者中|被解救者中)")
_HEDGE = re.compile(r"据信|可能|疑似|据称|或许|估计|恐怕|或被|传出")
#: A likelihood, not a fact (这些中国公民在美国很可能会成为...被害人, 可能被贩卖到阿联酋): a flow whose clauses say
#: so is not drafted (a hedge like 据称 or 疑似 only marks the flow as hedged).
_LIKELY = re.compile(r"可能(?:会|已|将|被|遭|成为|沦为)|很可能|极可能|极有可能|有可能|或将|恐将|也许会|恐怕会")


def exploitation_zh(text: str) -> list[str]:
    """Exploitation forms a Chinese text names (``["unspecified"]`` when none).

    Examples
    --------
    >>> exploitation_zh("强迫越南籍妇女卖淫")
    ['sexual_exploitation']
    >>> exploitation_zh("被拐卖至缅甸从事诈骗活动的受害者"), exploitation_zh("解救被拐儿童")
    (['forced_criminality'], ['unspecified'])
    """
    folded = fold(text)
    forms = [name for name, pat in _FORMS if pat.search(folded)]
    return forms or ["unspecified"]


_PEOPLE = (
    r"妇女|女子|女性|女孩儿|女孩|女童|少女|姑娘|新娘|儿童|孩子|小孩|男孩|婴儿|三姐妹|姐妹|公民|人员|劳工|工人|木工|渔民|务工人员|"
    r"青年|受害者|受害人|被害人|难民|移民|女人|民众|人口|籍人士|少年|学生|渔工|船员|海员|帮工|苦工|女|妹|人(?![身贩权道物类为际])"
)
_COUNT = r"(?:\d+|[一二三四五六七八九十百千万两几数多]+)(?:多|余)?名"
#: Quantities without a count (周边国家一些妇女, 越南大批女子).
_QUANT = r"(?:一些|部分|大批|大量|许多|不少|很多|众多|大部分|一批)"
_PERP = re.compile(
    r"^(?:籍)?(?:的)?(?:" + _COUNT + r")?(?:犯罪嫌疑人|嫌疑人|嫌犯|人贩子|人贩|犯罪团伙|犯罪集团|犯罪分子|团伙|蛇头|中介|婚介|男子|男人|"
    r"丈夫|夫妇|家庭|买主|买家|警方|警察|公安|边防|边检|政府|当局|方面|大使馆|使馆|总领事馆|领事馆|驻|外交部|内政部|国家|领导人|代表|"
    r"官员|部长|总理|首相|企业|老板|商人|富豪|游客|农民|两国|双方|三国|四国|边境|边界|警务|执法|口岸|之间|籍犯罪)"
)
#: "一部分中国人把她们转手卖给...": people who 把/将 someone are the ones who act (perpetrators), not victims.
_AGENT_AFTER = re.compile(r"^(?:籍)?(?:" + _COUNT + r")?(?:人|男子|女子|妇女|男人|女人)(?:把|将)")
_PERP_AFTER = re.compile(r"^.{0,8}?(?:涉嫌|被控|被指控|被抓获|被逮捕|被判)")
#: "拘捕数百名涉事的中国与台湾人": people arrested or said to be involved are suspects.
_PERP_BEFORE = re.compile(r"(?:涉事|涉案|涉嫌|被捕)(?:的)?$|(?:拘捕|逮捕|抓获|抓捕|拘留)(?:了)?[^,，。;；]{0,8}$")
#: "诈骗中国人", "针对中国公民的非法拘禁": the targets of a fraud or a crime, not people trafficked.
_TARGET_BEFORE = re.compile(r"(?:针对|诈骗|欺诈|坑骗)(?:在[^,，。;；]{1,6})?(?:的)?$")
_ORIGIN_AFTER = re.compile(r"^(?:籍)?(?:的)?(?:" + _COUNT + "|" + _QUANT + r")?(?:" + _PEOPLE + r")")
_ORIGIN_OF = re.compile(r"^[^,，。;；、]{0,12}?的(?:" + _COUNT + r")?(?:" + _PEOPLE + r")")
_FELLOW = re.compile(r"^[“\"「]?(?:老乡|同乡)")
_SITE_AFTER = re.compile(r"^(?:的)?(?:电诈|诈骗|赌博|网赌)?(?:园区|窝点|工厂|农场|妓院|赌场|农村|山区|境内)"
                         # a fishing boat is where its flag is: 泰国渔船, 中国籍远洋渔轮, 台湾鱿钓船
                         r"|^(?:籍)?(?:的)?(?:远洋|远洋作业|鱿钓|拖网|金枪鱼)?(?:渔船|渔轮|钓船|船队|船只)"
                         # 缅甸南邓地区的电诈园区: a place in the country, then the compound
                         r"|^[^,，。;；、\s被到至骗卖]{1,6}?(?:地区|一带|省|邦|州|市|县|镇|特区)的?(?:电诈|诈骗)园区")
#: "悬挂中国国旗的渔船": the flag a boat flies names where its crew is exploited.
_FLAG_AROUND = re.compile(r"悬挂$")
_DEST_BEFORE = re.compile(
    r"(?:到|至|往|入|进入|入境|偷渡入境|前往|去|来|赴|抵达|抵|目的地[—\-:：是为]*|卖给(?:了)?(?:一名|一个|一户)?)(?:了)?$"
)
_IN_BEFORE = re.compile(r"在$")
_ORIGIN_BEFORE = re.compile(r"(?:(?<!自)从|来自|逃离|离开|出生于|生于|(?:老家|家乡|家住|籍贯|户籍)(?:在|是|为|于)?)$")
_NEITHER_BEFORE = re.compile(r"(?:回到|返回|回|送回|送返|遣返|遣返回|移交给?|交给|交还|回国|通过|途经|取道|经由|过境|驻)$")
#: Where a crime or network reaches (触角延伸至菲律宾, 蔓延至柬埔寨, 远及美洲): not where victims were taken.
_SPREAD_BEFORE = re.compile(r"(?:延伸|蔓延|扩散|扩展|扩张|渗透|辐射)(?:到|至)(?:了)?$|(?:远及|遍及|波及)$")
#: A person someone got to know (认识1名中国女子, 结识了一名缅甸男子) is a contact, not a victim.
_CONTACT_BEFORE = re.compile(r"(?:认识|结识|结交|联系上|联系)(?:了)?(?:\d+|[一两几数])?(?:名|个|位)?$")
#: A report's title or a topic (缅甸人口贩卖报告, 越南人口贩卖情况): not victims of that country.
_TOPIC_AFTER = re.compile(r"^(?:的)?人口(?:贩卖|贩运|拐卖|买卖)(?:问题)?(?:报告|问题|情况|形势|状况|数据|现象|犯罪|活动)")
#: 卖(两名女孩)给X人: X is where the buyers are (a destination), never the victims' origin.
_SOLD_TO_BEFORE = re.compile(r"卖[^,，。;；]{0,12}?给(?:了)?(?:一名|一个|一户|两名)?$")
_WEAK_BEFORE = re.compile(r"(?:与|同|和|跟|向|对|据|接壤|比邻|为)$")
#: Recruiting somewhere (在越南招募妇女, 在缅甸、老挝等地物色年轻女子) makes it the victims' origin.
_RECRUIT_AFTER = re.compile(
    r"^(?:等地|等国家|等国|一带|地区|农村|山区|边境地区|北部|南部|东部|西部)?(?:的)?[^,，。;；人籍方警男女]{0,3}?"
    r"(?:物色|招募|招揽|招收|诱骗|拐骗|哄骗|骗取|收买|挑选|寻找目标|寻找受害)")
#: A man or other person word followed by a victim's passive verb is a victim, not a perpetrator
#: (多名中国籍男子被骗至柬埔寨, 陕西籍男子王某被骗至缅甸).
_MAN_VICTIM_AFTER = re.compile(
    r"^(?:籍)?(?:的)?(?:" + _COUNT + r")?(?P<noun>男子|男人|男性|农民|游客|商人)[^,，。;；]{0,6}?"
    r"(?:被|遭)(?:人)?(?:拐|骗|卖|贩|诱|绑架|劫持|胁迫)")
#: "被害人均系缅甸籍": the nationality of the victims just named.
_VICTIM_IS_BEFORE = re.compile(r"(?:被害人|受害人|受害者|被拐(?:卖)?(?:妇女|女子|儿童|人员)?)[^,，。;；]{0,3}?(?:系|为|是|属)$")
#: "The same pattern also happens in X, Y": X, Y are origins like the one of the flow just drafted.
_SAME_PATTERN_BEFORE = re.compile(r"(?:同样|类似|相同|同类)[^,，。;；]{0,14}?(?:也|亦|还)?(?:发生在|出现在|存在于|见于)$")
_HANDOVER_AFTER = re.compile(r"^[^,，。]{0,10}?(?:移交|交接|遣返|接回|会晤|召开|举行|会见|机场|口岸)")
_LIST_JOIN = re.compile(r"^(?:、|和|与|及|以及|或|,|，|，特别是|,特别是|特别是|尤其是|,尤其是|，尤其是|包括|等)$")


#: Marriage brokering in a text about trafficking (跨国婚介, 远嫁中国, 嫁到, 买卖婚姻): brides go to the grooms'
#: country, even where the sentence carries no word of trafficking.
_MARRIAGE = re.compile(r"婚介|介绍婚姻|婚姻介绍|买卖婚姻|跨国婚姻|涉外婚姻|外籍新娘|远嫁|嫁到|嫁入|嫁来|嫁往")


@dataclass
class _Group:
    role: str  # O D X
    members: list[ZhMention]
    noun: str = ""
    agent: bool = False  # X as a perpetrator, an institution or a target (not only a place the text passes)


def _marriage_roles(groups: list[_Group]) -> None:
    """Roles in a sentence on cross-border marriage brokering: the foreign countries the chain reaches are
    the brides' origins (从老挝、缅甸蔓延至柬埔寨), and China's places the grooms' side: a destination
    where the sentence names none (正从陕西、河南,延伸到湖南、江西)."""
    named_dest = any(g.role == "D" for g in groups)
    for g in groups:
        refs = {m.ref for m in g.members}
        kinds = {m.kind for m in g.members}
        if kinds & {"abbrev", "side", "region"}:
            continue
        if refs == {"CHN"}:
            if not named_dest and g.role in ("O", "N", "X"):
                g.role = "D"
        elif "CHN" not in refs and g.role in ("N", "X", "O") and not g.agent:
            g.role = "O"


def _role(folded: str, s: int, m: ZhMention, last: ZhMention) -> tuple[str, str]:  # noqa: C901
    """Role of a list (first member ``m``, last member ``last``) from the words around it."""
    before = folded[max(s, m.start - 8) : m.start]
    after = folded[last.end : last.end + 14]
    if m.kind == "abbrev" or m.kind == "side":
        return "X", ""
    if _SAME_PATTERN_BEFORE.search(folded[s : m.start]):
        return "S", ""
    if _SPREAD_BEFORE.search(before) or _TOPIC_AFTER.match(after) or _CONTACT_BEFORE.search(
            folded[max(s, m.start - 10) : m.start]):
        return "X", ""
    if _PERP_BEFORE.search(before) or _TARGET_BEFORE.search(before):
        return "X", ""
    if _SOLD_TO_BEFORE.search(folded[max(s, m.start - 16) : m.start]):
        return "D", ""
    if _FLAG_AROUND.search(before) and re.match(r"^(?:的)?国旗", after):
        return "D", ""
    if _SITE_AFTER.match(after) or re.match(r"^\S{0,6}?境内", after):
        return "D", ""
    if _ORIGIN_BEFORE.search(before):
        return "O", ""
    if _DEST_BEFORE.search(before):
        # "送到湄索机场", "抵达泰国口岸": a leg of the journey home, not where victims were exploited
        return ("X" if re.match(r"^[^,，。;；]{0,6}?(?:机场|航站|口岸)", after) else "D"), ""
    if _NEITHER_BEFORE.search(before):
        return "X", ""
    if _FELLOW.match(after):
        return "O", ""
    if after.startswith("籍") and _VICTIM_IS_BEFORE.search(folded[max(s, m.start - 12) : m.start]):
        return "O", ""  # 被害人均系缅甸籍
    vm = _MAN_VICTIM_AFTER.match(after)
    if vm:
        return "O", vm.group("noun")
    if _RECRUIT_AFTER.match(after):
        return "O", ""
    if _PERP.match(after) or _PERP_AFTER.match(after) or _AGENT_AFTER.match(after):
        return "X", ""
    om = _ORIGIN_AFTER.match(after) or _ORIGIN_OF.match(after)
    if om:
        noun = re.sub(r"^(?:籍)?(?:的)?", "", om.group(0))
        return "O", noun
    if _WEAK_BEFORE.search(before):
        return "X", ""
    if _IN_BEFORE.search(before) and not _HANDOVER_AFTER.match(after):
        return "D", ""
    return "N", ""


def _groups(folded: str, s: int, e: int, ms: list[ZhMention]) -> list[_Group]:
    runs: list[list[ZhMention]] = []
    for m in ms:
        if runs and _LIST_JOIN.match(folded[runs[-1][-1].end : m.start]) and m.kind not in ("abbrev", "side") and (
            runs[-1][-1].kind not in ("abbrev", "side")):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[_Group] = []
    for run in runs:
        role, noun = _role(folded, s, run[0], run[-1])
        if role == "N" and len(run) > 1:
            # each member on its own: "越南、老挝妇女" is one list; "缅甸女子...中国" are not
            role, noun = _role(folded, s, run[-1], run[-1])
        agent = False
        if role == "X":
            before = folded[max(s, run[0].start - 8) : run[0].start]
            after = folded[run[-1].end : run[-1].end + 14]
            agent = bool(_PERP.match(after) or _PERP_AFTER.match(after) or _AGENT_AFTER.match(after)
                         or _PERP_BEFORE.search(before) or _TARGET_BEFORE.search(before))
        out.append(_Group(role, run, noun, agent))
    # "到周边国家,特别是中国": a list continued after a comma shares the role before it
    for i in range(1, len(out)):
        gap = folded[out[i - 1].members[-1].end : out[i].members[0].start]
        if out[i].role == "N" and re.fullmatch(r"[,，]?(?:特别是|尤其是|包括|主要是)", gap):
            out[i].role = out[i - 1].role
    return out


# --------------------------------------------------------------------------- the extractor

_AGREEMENT = re.compile(r"谅解备忘录|备忘录|协定|协议|公约|议定书")
_SIGNED = re.compile(r"(?<![未没拟将要])(?:签署|签订|签定|缔结|签了)|(?:落实|执行|依据|根据|按照)[^。]{0,30}?《[^》]*(?:协定|协议|备忘录)")
_NEGOTIATING = re.compile(r"正在谈判|谈判|商签|磋商|商谈")
_PROPOSED = re.compile(r"(?:拟|将|计划|准备|即将|有望|同意|决定)(?:于[^,，。]{0,12})?(?:签署|签订|缔结)")
_NOT_SIGNED = re.compile(r"(?:未|没有|尚未|并未)(?:签署|签订)")
_TWO = re.compile(r"两国|双方")
_DATE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_TITLE_AGREEMENT = re.compile(r"《([^》]{2,60}(?:协定|协议|备忘录|公约|议定书))》")

_AGENCY_HEAD = (
    r"公安部|公安厅|公安局|公安处|公安分局|公安机关|派出所|边防检查站|边防支队|边防大队|边防总队|边防部队|边防屯|边检站|刑侦局|刑事侦查局|"
    r"打拐办|刑警大队|刑侦支队|禁毒大队|出入境管理科|出入境管理局|移民管理局|移民局|移民总局|警察总署|警察总局|警察部队|警察局|"
    r"警察厅|内政部|外交部|司法部|民政部|人民政府|国务院|大使馆|总领事馆|领事馆|联络官办公室|办事处|办公室|(?<!有)组织|基金会|人权观察|"
    r"人民法院|人民检察院|工作领导小组|领导小组|委员会|"
    # Hong Kong's and Taiwan's bureaux, courts, prosecutors and investigators; ministries of labour; embassies
    r"保安局|入境处|入境事务处|警务处|联络事务科|刑事局|警政署|移民署|渔业署|调查局|调查处|法院|检察署|地检署|使馆|"
    r"社会保障部|劳动部|劳工部|外交及国际合作部|警察总部|在台协会"
)
_AGENCY = re.compile(
    rf"([{_HAN}]{{0,16}}?)(?:{_AGENCY_HEAD})(?:{_AGENCY_HEAD}|刑侦支队|刑警大队|禁毒大队|打拐办|打拐队)*(?![长])")
_STOP_CHARS = re.compile(r".*(?:的|在|向|由|被|将|从|对|为|是|了|据|称|经|到|至|同|给|于|等|率|其|也|并|而|还|已|与|及|和(?!国)|及|时|后|前|个|"
                         r"记者|透露|表示|指出|举行|出席|设立|建立|派驻|(?<!有)组织|驻华|部署|要求|联合|会同|配合|协助|通过|向|"
                         r"按照|接到|联系|移交|请求|决定|报告|介绍|发布|公布|成立|依托|充分|月|日|年|以来|跟|会跟|包含|包括|"
                         r"立即|涉嫌|当时|今天|昨天|今年|近日|日前|接受|会见|拜会)")
_GENERIC_AGENCY = re.compile(r"^(?:有组织|该|当地|各级|各地|有关|相关|两国|双方|其|本|省直|犯罪|诈骗|国际|联合|[一二三四五六七八九十\d]+个|"
                             r"非法|人权组织$|民间|非政府|(?:大)?使馆$|领事馆$|法院$|警察局$|移民局$|一家|一个)")

_TITLES = (
    r"部长助理|副部长|部长|副局长|局长|副厅长|厅长|副大队长|大队长|支队长|副队长|队长|副科长|科长|副处长|处长|副所长|所长|副主任|主任|"
    r"副总干事|总干事|副秘书长|秘书长|副总理|总理|副首相|首相|外交部长|内政部长|副省长|省长|大使(?!馆)|总领事|联络官|发言人|警官|书记|"
    r"主席|司令|首席代表|检察长|院长|翻译官|高级专员|专员|署长|学家|专家|教授|研究员|"
    # ministers and vice-ministers as Taiwan, Cambodia and Japan write them; police and army ranks; heads of
    # counties and cities; envoys, representatives, coordinators, the person in charge
    r"大臣|政务次长|次长|副总监|总监|副警长|警长|总警司|高级警司|警司|总督察|督察|上校|中校|少校|将军|副县长|县长|副市长|市长|"
    r"州长|总统|副总统|外长|常驻联合国代表|代表(?!团|处|们)|参赞|领事|检察官|法官|负责人|协调员|副组长|组长|站长|教导员|政委"
)
_NAME_STOP = (
    r"表示|透露|说|称|指出|认为|强调|介绍|告诉|向|在|与|和|及|等|出席|率团|率领|担任|主持|会见|会晤|举行|签署|至今|正在|刚刚|既是|"
    r"也是|是|的|曾|已|于|对|就|将|要|亲自|共同|分别|接到|发表|致辞|致词|要求|建议|呼吁|宣布|坦言|解释|回忆|还|则|也|均|一行|同志|"
    r"先生|女士|指|说道|讲|谈到|日前|近日|此前|当天|随后|通报|披露|证实|说明|提到|补充|警告|提醒|接受|会后|会上|分别|当日|"
    r"昨天|今天|昨日|今日|近期|"
    r"(?:愤怒|沉痛|痛心|明确|公开|再次|进一步)(?:表示|指出|说)"
)
_EXPERT = re.compile(
    rf"(?P<title>(?:{_TITLES})(?:兼[{_HAN}]{{0,8}}?(?:{_TITLES}))*)(?:\s*[(（][^)）]{{0,40}}[)）])?\s*"
    # "副总监、苏克索姆吉特(Chatchawal Suksomjit)将军": a comma before a name glossed in Latin letters
    rf"(?:、(?=[{_HAN}{_DOTS}]{{2,10}}\s*[(（]\s*[A-Z]))?"
    rf"(?P<name>[{_HAN}][{_HAN}{_DOTS}]{{1,9}}?)(?=[,，。、:：;；“”\"「」(（)）\s\d!！?？]|$|{_NAME_STOP})"
)
_STRONG_AFTER = re.compile(
    r"[,，。、:：;；“”\"「」(（)）\s\d!！?？]|$|表示|透露|说|称|指出|认为|强调|介绍|告诉|出席|率团|率领|担任|主持|会见|会晤|举行|"
    r"签署|至今|正在|刚刚|既是|也是|致辞|致词|要求|建议|呼吁|宣布|坦言|解释|回忆|接到|通报|披露|证实|补充|接受"
)
_OF_AGENCY_NAMED = re.compile(
    rf"的(?P<name>[{_HAN}][{_HAN}·・]{{1,7}}?)\s*[(（](?P<latin>[A-Z][A-Za-z.'\- ]{{2,40}})[)）]")
_EXPERT_LATIN = re.compile(
    rf"(?P<title>(?:{_TITLES}|成员))\s*(?P<name>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{1,3}})(?![A-Za-z])")
#: Titles a name may come before (洪森总理, 韶肯部长).
_TITLE_AFTER_NAME = (
    "总理", "首相", "总统", "副总理", "副首相", "部长", "副部长", "大臣", "主席", "大使", "局长", "署长", "外长", "国王", "秘书长")
_BYLINE = re.compile(rf"(?:作者|撰稿|文)\s*[:：|丨]\s*(?P<name>[{_HAN}]{{2,4}})")
_BAD_NAME = re.compile(r"[国部局厅省市县区州镇村队组会院所处科办室署府警们这那该其我你他她它各每某此之与及等的了]")
#: A name joined with a dot (瓦塔那·蒙素, 勞倫斯‧哈特) is a transliteration, whose syllables may be words like 那 or 其:
#: only the characters of institutions rule it out.
_BAD_DOTTED_NAME = re.compile(r"[国部局厅省市县区州镇村队组会院所处科办室署府警们]")


def _is_person_name(word: str) -> bool:
    """Whether the segmenter reads ``word`` as a person's name (all its tokens tagged nr, nrfg or nrt)."""
    import jieba.posseg as pseg

    _jieba()
    toks = list(pseg.cut(word))
    return bool(toks) and all(str(t.flag).startswith("nr") for t in toks)


def _name_before_title(folded: str, s: int, e: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(name span, title span) where the segmenter reads a person's name right before a title word:
    "向洪森总理“求助”". The title must end the phrase (a punctuation mark, a verb of saying, 的, or the end)."""
    import jieba.posseg as pseg

    _jieba()
    toks: list[tuple[str, str, int]] = []
    at = s
    for t in pseg.cut(folded[s:e]):
        toks.append((t.word, t.flag, at))
        at += len(t.word)
    out = []
    for i in range(1, len(toks)):
        word, _flag, ta = toks[i]
        if word not in _TITLE_AFTER_NAME:
            continue
        # the name: one to three tokens tagged as a person's name (nr, nrfg, nrt), two to four characters
        j = i
        while j > 0 and toks[j - 1][1].startswith("nr") and ta - toks[j - 1][2] <= 4:
            j -= 1
        if j == i:
            continue
        na = toks[j][2]
        if ta - na < 2 or _BAD_NAME.search(folded[na:ta]):
            continue
        after = folded[ta + len(word) : e]
        if not re.match(r"[,，。、:：;；“”\"「」(（)）\s!！?？]|$|的|表示|说|称|指出|强调|会见|会晤|出席|宣布|下令|呼吁", after):
            continue
        out.append(((na, ta), (ta, ta + len(word))))
    return out


@dataclass
class ZhDrafts(Drafts):
    """:class:`~ingest.draft.extract.Drafts` of a Chinese text, with the flows whose destination was
    inferred (origin, destination) -> why, for :func:`mark_language` to say so in their note."""

    inferred_destinations: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class _State:
    recent: list[str] = field(default_factory=list)  # countries named, most recent last


class _ZhExtractor:
    def __init__(self, doc: Document, source_id: str) -> None:
        self.doc = doc
        self.source_id = source_id
        self.prefix = source_id.split(":", 1)[1]
        self.drafts = ZhDrafts(source_id)
        self._flows: dict[tuple[str, str], FlowDraft] = {}
        self._agreements: dict[tuple[str, ...], dict[str, Any]] = {}
        self._agencies: dict[str, dict[str, Any]] = {}
        self._experts: dict[str, dict[str, Any]] = {}
        self._sentence_agencies: list[tuple[int, int]] = []  # agency spans of the sentence being read
        self.state = _State()
        self.subject_counts: Counter[str] = Counter()
        self._inferred_votes: dict[tuple[str, str], list[bool]] = {}
        self.about_trafficking = bool(_TRAFFICKING.search(fold(doc.text)))
        self._prev_cue = False  # whether the sentence before spoke of trafficking
        self.doc_origins: set[str] = set()  # victims' origins in the document's trafficking sentences
        self.doc_dests: Counter[str] = Counter()  # and the destinations they name
        self.named_victims: dict[str, str] = {}  # a victim's name -> the country they were named after
        self.doc_dest_regions: Counter[str] = Counter()  # region words they name as destinations, as written
        self._last_dests: list[_Group] = []  # destinations of the last sentence that drafted a flow

    # ----------------------------------------------------------- helpers

    def fid(self, kind: str, local: str) -> str:
        local = re.sub(r"[^a-z0-9]+", "-", local.lower()).strip("-") or "x"
        return f"{kind}:{self.prefix}.{local}"

    def endpoint(self, m: ZhMention, quote: str, locator: str, relative: str | None = None) -> str:
        if not m.is_region:
            return m.ref
        words = fold(m.text)
        region = REGIONS[words]
        local = region.slug
        if region.kind == "unspecified" and region.slug == "neighbouring-countries" and relative:
            local = f"{local}-of-{relative.lower()}"
        rid = self.fid("region", local)
        if rid not in self.drafts.regions:
            fact: dict[str, Any] = {"id": rid, "name": m.text, "kind": region.kind}
            if region.kind == "unspecified" and relative and region.slug == "neighbouring-countries":
                fact["relative_to"] = relative
            if region.kind in ("area", "unspecified"):
                fact["note"] = "As worded by the source; not expanded into countries."
            fact["evidence"] = [{"quote": quote, "locator": locator}]
            self.drafts.regions[rid] = fact
        return rid

    @staticmethod
    def quote(text: str, a: int, b: int, focus: tuple[int, int] | None = None) -> str:
        """The sentence ``text[a:b]``; a long one is cut to the clauses around ``focus``."""
        if b - a > 160 and focus is not None:
            cuts = [a] + [a + m.end() for m in re.finditer(r"[,，;；:：]", text[a:b])] + [b]
            qa = max(c for c in cuts if c <= focus[0])
            qb = min(c for c in cuts if c >= focus[1])
            a, b = qa, qb
        q = text[a:b].strip()
        return q.strip(",，;；:：").strip() or text[a:b].strip()

    # ----------------------------------------------------------- flows

    def flows_in(self, p: Paragraph, text: str, folded: str, s: int, e: int, ms: list[ZhMention],  # noqa: C901
                 para_forms: list[str]) -> None:
        sent = folded[s:e]
        cue = bool(_TRAFFICKING.search(sent))
        # "当中包括39名中国人、13名印度人": a sentence that goes on listing the victims of the one before
        continued = not cue and self._prev_cue and bool(_CONTINUES.match(sent))
        self._prev_cue = cue or continued
        rescued_only = False
        if not cue and self.about_trafficking and _RESCUED.search(sent):
            # "解救越南籍妇女38名" in a report on trafficking (but a return names no place of exploitation)
            cue = self._prev_cue = rescued_only = True
        marriage = self.about_trafficking and bool(_MARRIAGE.search(sent))
        if not cue and not continued and not marriage and not (self.about_trafficking and _THEY_COME_FROM.match(sent)):
            return
        groups = _groups(folded, s, e, ms)
        if marriage:
            _marriage_roles(groups)
        origins = [g for g in groups if g.role == "O"]
        dests = [g for g in groups if g.role == "D"]
        same = [g for g in groups if g.role == "S"]
        if not dests:
            local = self._here_local(folded, s, e, groups)
            if local is not None:
                dests = [local]
        forms = exploitation_zh(text[s:e])
        if forms == ["unspecified"] and para_forms:
            forms = para_forms
        hedge_m = _HEDGE.search(sent)
        hedge = hedge_m.group(0) if hedge_m else None
        if same and (origins and dests or self._last_dests):
            # "同样的新娘贩运模式也发生在柬埔寨、老挝": like the flow just drafted, to its destination
            like = dests if origins and dests else self._last_dests
            for g in same:
                g.role = "O"
                origins.append(g)
            dests = dests or like
        if not origins and (dests or _SOLD_NAMED.search(sent) and not rescued_only):
            implied = self._implied_origin(sent, pronoun_ok=bool(dests))
            if implied is not None:
                origins = [implied]
        if not origins:
            return
        all_origins = {x.ref for g in origins for x in g.members}
        likely = {(o.ref, d.ref) for og in origins for dg in dests for o in og.members for d in dg.members
                  if s <= min(o.start, d.start) and max(o.end, d.end) <= e
                  and self._likely(folded, s, e, min(o.start, d.start), max(o.end, d.end))}
        used: list[_Group] = []
        for og in origins:
            targets = [d for d in dests if any(x.ref != y.ref for x in og.members for y in d.members)]
            inferred = False
            if not targets:
                if rescued_only and _RETURN.search(sent):
                    continue
                subject = self.subject(exclude=all_origins)
                if subject is None:
                    continue
                targets = [_Group("D", [subject])]
                inferred = True
            for dg in targets:
                spans = [x for m in og.members + dg.members if m.start >= 0 for x in (m.start, m.end)]
                here = [x for x in spans if s <= x <= e]
                if here and self._likely(folded, s, e, min(here), max(here)):
                    continue
                quote = self.quote(text, s, e, (min(spans), max(spans)) if spans else None)
                for o in og.members:
                    for d in dg.members:
                        if (o.ref, d.ref) in likely:
                            continue
                        self.add_flow(o, d, quote, p.locator, hedge, forms, og.noun, inferred)
                if dg.members[0].start >= 0:
                    used.append(dg)
        if used:
            self._last_dests = used

    @staticmethod
    def _likely(folded: str, s: int, e: int, a: int, b: int) -> bool:
        """Whether the clauses from ``a`` to ``b`` (the flow's endpoints) say it is only likely."""
        cuts = [s] + [s + m.end() for m in re.finditer(r"[,，;；:：]", folded[s:e])] + [e]
        ca = max(c for c in cuts if c <= a)
        cb = min(c for c in cuts if c >= b)
        return bool(_LIKELY.search(folded[ca:cb]))

    def _note_named(self, folded: str, s: int, e: int, ms: list[ZhMention]) -> None:
        """Remember victims named after their country or home town: "来自菲律宾的苏珊和马来西亚的迪伦",
        "安徽庐江少年胡一啸", "叶文斌是江西上饶市铅山县人"."""
        at = s + folded[s:e].index("来自") if "来自" in folded[s:e] else e
        for m in ms:
            if m.is_region or m.kind not in ("name", "place"):
                continue
            names: list[str] = []
            nm = _NAMED_AFTER.match(folded[m.end : e]) if m.start >= at else None
            if nm is not None:
                names.append(nm.group(1))
            pm = _NOUN_NAME_AFTER.match(folded[m.end : e])
            if pm is not None and _is_person_name(pm.group("name")):
                names.append(pm.group("name"))
            im = _NAME_IS_BEFORE.search(folded[s : m.start])
            if im is not None and _HOME_AFTER.match(folded[m.end : e]) and _is_person_name(im.group("name")):
                names.append(im.group("name"))
            for name in names:
                if re.search(_PEOPLE, name) or _BAD_NAME.search(name) or any(w in name for w in country_names()):
                    continue
                self.named_victims[name] = m.ref

    def _implied_origin(self, sent: str, pronoun_ok: bool = True) -> _Group | None:
        """The origin of a sentence that names where victims were taken but not where they came from:
        a victim named earlier after their country (苏珊被...骗来到缅甸), or victims named by a pronoun or
        a share (大部分人被卖给了...) in a text whose complete flows all start in one country."""
        for name, ref in self.named_victims.items():
            if re.search(rf"(?:^|[,，:：;；…\s“”]){re.escape(name)}[^,，。;；]{{0,3}}?(?:被|遭)", sent):
                return _Group("O", [ZhMention(-1, -1, ref, ref, "name")])
        # "当他发现手机信号消失时,已身处缅甸...园区": he or she, in a text about one named victim of one origin
        refs = set(self.named_victims.values())
        if pronoun_ok and len(refs) == 1 and _PRONOUN_SUBJECT.search(sent):
            ref = next(iter(refs))
            return _Group("O", [ZhMention(-1, -1, ref, ref, "name")])
        if _THEY_SUBJECT.match(sent) and len(self.doc_origins) == 1:
            ref = next(iter(self.doc_origins))
            return _Group("O", [ZhMention(-1, -1, ref, ref, "name")])
        return None

    @staticmethod
    def _here_local(folded: str, s: int, e: int, groups: list[_Group]) -> _Group | None:
        """"被高薪诱骗到当地": 当地 (the place just named) is the destination: the last group before it
        that names a place and is not the victims' origin, a perpetrator's or an institution's."""
        m = re.search(r"(?:到|至|往|在|赴|前往)当地", folded[s:e])
        if m is None:
            return None
        at = s + m.start()
        before = [g for g in groups if g.members[-1].end <= at and g.role == "N"]
        if not before:
            return None
        return _Group("D", before[-1].members)

    def add_flow(self, o: ZhMention, d: ZhMention, quote: str, locator: str, hedge: str | None,
                 forms: list[str], victims: str, inferred: bool) -> None:
        if o.ref == d.ref or (o.is_region and d.is_region):
            return
        origin = self.endpoint(o, quote, locator)
        dest = self.endpoint(d, quote, locator, relative=o.ref if not o.is_region else None)
        f = self._flows.get((origin, dest))
        if f is None:
            f = self._flows[(origin, dest)] = FlowDraft(origin, dest)
        ev = {"quote": quote, "locator": locator}
        if ev not in f.evidence:
            f.evidence.append(ev)
            f.hedges.append(hedge)
            f.inferred.append(False)  # the writer's note speaks of English sections; ours is added by mark_language
            self._inferred_votes.setdefault((origin, dest), []).append(inferred)
        for form in forms:
            if form not in f.exploitation:
                f.exploitation.append(form)
        if len(f.exploitation) > 1 and "unspecified" in f.exploitation:
            f.exploitation.remove("unspecified")
        noun = victims if victims not in ("人", "人员", "公民", "人口", "女", "妹", "") else ""
        if noun and noun not in f.victims:
            f.victims.append(noun)

    def subject(self, exclude: set[str]) -> ZhMention | None:
        """Where victims named without a destination were taken. Among the countries other than ``exclude``
        and other than the victims' origins of the document's complete flows (an origin whose own
        destination is unnamed excludes nothing): the one its trafficking sentences name most as a
        destination; else a region they name as a destination (东南亚诈骗园区); else a country the text
        names at least twice (places count as their country). A country named once and never as a
        destination (驻泰国, 延伸至菲律宾) is no guess: no flow."""
        skip = exclude | self.doc_origins
        dests = [(n, self.subject_counts[ref], ref) for ref, n in self.doc_dests.items() if ref not in skip]
        if dests:
            ref = max(dests)[2]
            return ZhMention(-1, -1, ref, ref, "name")
        if self.doc_dest_regions:
            words = self.doc_dest_regions.most_common(1)[0][0]
            return ZhMention(-1, -1, words, f"region:{REGIONS[fold(words)].slug}", "region")
        for ref, n in self.subject_counts.most_common():
            if ref not in skip and n >= 2:
                return ZhMention(-1, -1, ref, ref, "name")
        return None

    # ----------------------------------------------------------- agreements

    def agreements_in(self, p: Paragraph, text: str, folded: str, s: int, e: int, ms: list[ZhMention]) -> None:  # noqa: C901
        sent = folded[s:e]
        names_here = [m.ref for m in ms if m.kind in ("name", "abbrev", "side") and not m.is_region]
        am = _AGREEMENT.search(sent)
        if am is None or re.search(r"纪要", sent[am.start() - 4 : am.end() + 2]):
            self._remember(names_here)
            return
        if _NOT_SIGNED.search(sent):
            status: str | None = None
        elif _PROPOSED.search(sent):
            status = "proposed"
        elif _SIGNED.search(sent):
            status = "signed"
        elif _NEGOTIATING.search(sent):
            status = "negotiating"
        else:
            status = None
        if status is None:
            self._remember(names_here)
            return
        parties = list(dict.fromkeys(m.ref for m in ms if m.kind in ("name", "abbrev", "side", "region")))
        if len(parties) < 2 and _TWO.search(sent) and len(self.state.recent) >= 2:
            parties = list(dict.fromkeys(parties + self.state.recent[-2:]))[:2] if parties else self.state.recent[-2:]
        self._remember(names_here)
        if len(parties) < 2:
            return
        title_m = _TITLE_AGREEMENT.search(text[s:e])
        word = am.group(0)
        date = None
        if status == "signed":
            dm = _DATE.search(sent)
            if dm:
                date = dm.group(1) + (f"-{int(dm.group(2)):02d}" if dm.group(2) else "") + (
                    f"-{int(dm.group(3)):02d}" if dm.group(2) and dm.group(3) else "")
        quote = self.quote(text, s, e)
        key = (*sorted(parties), status)
        ev = {"quote": quote, "locator": p.locator}
        if key in self._agreements:
            if ev not in self._agreements[key]["evidence"]:
                self._agreements[key]["evidence"].append(ev)
            return
        from ctgraph.graph.countries import country_name

        label = {"signed": "signed", "negotiating": "under negotiation", "proposed": "proposed"}[status]
        names = "–".join(country_name(r) if not r.startswith("region:") else r.split(":", 1)[1] for r in parties)
        title = f"《{title_m.group(1)}》" if title_m else f"{names} {word} ({label})"
        kind = "multilateral" if re.search(r"公约|议定书", word) else (
            "regional" if len(parties) > 2 or any(r.startswith("region:") for r in parties) else "bilateral")
        refs = []
        for r in parties:
            if r.startswith("region:"):
                m = next(x for x in ms if x.ref == r)
                refs.append(self.endpoint(m, quote, p.locator))
            else:
                refs.append(r)
        fact: dict[str, Any] = {
            "id": self.fid("agreement", "-".join(x.split(".")[-1].lower() for x in refs) + f"-{status}"),
            "title": title,
            "kind": kind,
            "status": status,
            "parties": refs,
        }
        if date:
            fact["date"] = date
        fact["note"] = f"Drafted from the Chinese words 「{word}」 ({label})."
        fact["evidence"] = [ev]
        self._agreements[key] = fact

    def _remember(self, refs: list[str]) -> None:
        for r in refs:
            self.state.recent = [x for x in self.state.recent if x != r] + [r]

    # ----------------------------------------------------------- agencies and officials

    def agencies_in(self, p: Paragraph, text: str, folded: str, s: int, e: int, ms: list[ZhMention]) -> None:
        found: list[tuple[int, int]] = []
        for name in sorted(AGENCIES, key=len, reverse=True):
            for m in re.finditer(re.escape(name), folded[s:e]):
                a, b = s + m.start(), s + m.end()
                if folded[b : b + 1] == "长" or any(x <= a < y or x < b <= y for x, y in found):
                    continue
                # a longer name around a known one ("越南公安部", "公安部刑侦局") is read by the pattern below
                left = re.match(rf".*?([{_HAN}]*)$", folded[s:a])
                if left and left.group(1) and re.search(r"(?:越南|缅甸|老挝|柬埔寨|泰国|省|市|县)$", left.group(1)):
                    continue
                found.append((a, b))
                self.add_agency(p, text, s, e, a, b, ms, known=AGENCIES[name])
        for m in _AGENCY.finditer(folded, s, e):
            a, b = m.span()
            prefix = m.group(1)
            stop = _STOP_CHARS.match(prefix)
            if stop:
                a += stop.end()
            while a < b and not re.match(f"[{_HAN}]", folded[a]):
                a += 1
            if b - a < 3 or any(x <= a < y or x < b <= y for x, y in found):
                continue
            name = folded[a:b]
            if _GENERIC_AGENCY.match(name) or name in ("办公室", "组织", "基金会", "领导小组", "打拐办", "非政府组织", "国际组织") or re.fullmatch(
                    r"(?:中国|我国|各级|全国|当地|各地)?公安机关", name):
                continue
            found.append((a, b))
            self.add_agency(p, text, s, e, a, b, ms, known=AGENCIES.get(name))
        self._sentence_agencies = found

    def add_agency(self, p: Paragraph, text: str, s: int, e: int, a: int, b: int, ms: list[ZhMention],  # noqa: C901
                   known: tuple[str, str, str | None, str | None] | None) -> None:
        name = text[a:b]
        key = fold(name)
        ev = {"quote": self.quote(text, s, e, (a, b)), "locator": p.locator}
        if key in self._agencies:
            return
        inside = [m for m in ms if a <= m.start and m.end <= b and not m.is_region]
        if known is not None:
            local, kind, country, acronym = known
            if inside and country is None:
                country = inside[0].ref
        else:
            local, acronym = "", None
            country = inside[0].ref if inside else (
                "CHN" if re.search(r"公安|边防|边检|派出所|打拐|人民政府|国务院|人民法院|人民检察院|领导小组", key) else None)
            if re.search(r"国际|联合国", key):
                kind = "international"
            elif re.search(r"人权观察|基金会", key):
                kind = "ngo"
            elif re.search(r"大队|支队|科|打拐办|打拐队|办公室|派出所|站|屯|刑侦局|刑事侦查局", key):
                kind = "unit"
            elif re.search(r"省|自治区|厅", key):
                kind = "provincial"
            elif re.search(r"市|县|局", key):
                kind = "unit"
            else:
                kind = "national"
        fact: dict[str, Any] = {"id": "", "_local": local, "name": name}
        if acronym:
            fact["acronym"] = acronym
        fact["kind"] = kind
        if country:
            fact["country"] = country
        fact["evidence"] = [ev]
        self._agencies[key] = fact

    def experts_in(self, p: Paragraph, text: str, folded: str, s: int, e: int, ms: list[ZhMention]) -> None:  # noqa: C901
        for m in _EXPERT.finditer(folded, s, e):
            na, nb = m.span("name")
            # "阮峰和透露": a longer name before a strong boundary wins over a short one before 和/在
            for longer in range(nb + 1, min(na + 4, e) + 1):
                if not _STRONG_AFTER.match(folded[nb:]) and re.fullmatch(f"[{_HAN}]+", folded[na:longer]) and (
                        _STRONG_AFTER.match(folded[longer:])):
                    nb = longer
                    break
            fname = folded[na:nb]
            dotted = any(d in fname for d in _DOTS)
            glossed = re.match(r"\s*[(（]\s*[A-Z][A-Za-z]", folded[nb : nb + 4]) is not None
            if not dotted and len(fname) > (8 if glossed else 4) or fname.startswith("和"):
                continue
            if (_BAD_DOTTED_NAME if dotted else _BAD_NAME).search(fname) or any(
                    w in fname for w in country_names()) or fname in PLACES:
                continue
            if _single_word(fname) in ("v", "p", "d", "r", "c", "u", "m", "q", "ul", "uj", "f", "t", "s", "a", "b", "ad",
                                       "an", "vn", "l", "i"):
                continue  # a common word the segmenter knows, not a name
            self._add_expert(p, text, folded, s, e, ms, (na, nb), m.start("title"), m.end("title"))
        # "特遣队成员Zaw Min Tun": a title followed by a name in Latin letters (成员, a member, only so)
        for m in _EXPERT_LATIN.finditer(folded, s, e):
            self._add_expert(p, text, folded, s, e, ms, m.span("name"), m.start("title"), m.end("title"))
        # "洪森总理", "韶肯部长": a person's name (as the segmenter tags it) right before a title
        for (na, nb), (ta, tb) in _name_before_title(folded, s, e):
            if any(x.start < nb and na < x.end for x in ms) or folded[na:nb] in self._experts:
                continue
            self._add_expert(p, text, folded, s, e, ms, (na, nb), ta, tb, role_before=False)
        # "菲律宾总统反有组织犯罪委员会的卡西奥(Winston Casio)": a person of a named body, named in Chinese
        # and Latin letters (the body, not a title, says they are an official)
        for a, b in self._sentence_agencies:
            nm = _OF_AGENCY_NAMED.match(folded, b, e)
            if nm is None or _BAD_NAME.search(nm.group("name")):
                continue
            name, fname = text[nm.start("name") : nm.end("name")], nm.group("name")
            if fname in self._experts:
                continue
            fact: dict[str, Any] = {"id": "", "name": name, "role": text[a:b]}
            country = next((x.ref for x in ms if a <= x.start and x.end <= b and not x.is_region), None)
            if country:
                fact["country"] = country
            fact["evidence"] = [{"quote": self.quote(text, s, e, (a, nm.end())), "locator": p.locator}]
            self._experts[fname] = fact

    def _add_expert(self, p: Paragraph, text: str, folded: str, s: int, e: int, ms: list[ZhMention],
                    name_span: tuple[int, int], ta: int, tb: int, role_before: bool = True) -> None:
        """An official named at ``name_span`` with the title at ``[ta, tb)``; the role is the title with the
        words before it back to a stop (``role_before``: for a title before the name)."""
        na, nb = name_span
        name, fname = text[na:nb], folded[na:nb]
        ra = ta
        if role_before:
            run = re.match(rf".*?([{_HAN}]{{0,18}}(?:[(（][^)）(（]{{0,40}}[)）])?)$", folded[s:ta])
            left = run.group(1) if run else ""
            stop = _STOP_CHARS.match(left)
            if stop:
                left = left[stop.end() :]
            ra -= len(left)
        role = text[ra:tb]
        role_f = fold(role)
        quote = self.quote(text, s, e, (min(ra, na), max(tb, nb)))
        country = next((x.ref for x in ms if ra <= x.start and x.end <= max(na, ra) and not x.is_region), None)
        if country is None and re.search(r"公安|边防|边检|打拐|省|县|市", role_f) and not re.search(
                r"越南|缅甸|老挝|柬埔寨|泰国", role_f):
            country = "CHN"
        ev = {"quote": quote, "locator": p.locator}
        if fname in self._experts:
            x = self._experts[fname]
            if ev not in x["evidence"] and len(x["evidence"]) < 3:
                x["evidence"].append(ev)
            return
        fact: dict[str, Any] = {"id": "", "name": name, "role": role}
        if country:
            fact["country"] = country
        fact["evidence"] = [ev]
        self._experts[fname] = fact

    def byline_in(self, p: Paragraph, text: str, folded: str, spans: list[tuple[int, int]]) -> None:
        """"作者:李臨鳳" on one line and "內政部入出國及移民署副組長" on the next: the author of a paper, an
        official by the title of the line after the byline."""
        for (s, e), (s2, e2) in zip(spans, spans[1:]):
            bm = _BYLINE.fullmatch(folded, s, e)
            tm = re.fullmatch(rf"[^,，。:：;；]{{0,24}}?(?:{_TITLES})", folded[s2:e2])
            if bm is None or tm is None or _BAD_NAME.search(bm.group("name")):
                continue
            na, nb = bm.span("name")
            if folded[na:nb] in self._experts:
                continue
            fact: dict[str, Any] = {"id": "", "name": text[na:nb], "role": text[s2:e2]}
            fact["evidence"] = [{"quote": text[s:e], "locator": p.locator}, {"quote": text[s2:e2], "locator": p.locator}]
            self._experts[folded[na:nb]] = fact

    # ----------------------------------------------------------- driver

    def _survey(self, text: str, ms: list[ZhMention]) -> None:
        """Note the victims' origins and the destinations the trafficking sentences of a paragraph name
        (for :meth:`subject`)."""
        folded = fold(text)
        for s, e in sentences_zh(text):
            self._note_named(folded, s, e, [m for m in ms if s <= m.start and m.end <= e])
            if not _TRAFFICKING.search(folded[s:e]):
                continue
            groups = _groups(folded, s, e, [m for m in ms if s <= m.start and m.end <= e])
            complete = any(g.role == "D" for g in groups)
            for g in groups:
                refs = {m.ref for m in g.members if not m.is_region}
                if g.role == "O" and complete:
                    self.doc_origins |= refs
                elif g.role == "D":
                    self.doc_dests.update(refs)
                    self.doc_dest_regions.update(m.text for m in g.members if m.is_region)

    def run(self) -> Drafts:
        per_para: list[tuple[Paragraph, str, list[ZhMention]]] = []
        for p in self.doc.paragraphs:
            ms = find_mentions_zh(p.text)
            per_para.append((p, fold(p.text), ms))
            for m in ms:
                if not m.is_region and m.kind in ("name", "place"):
                    self.subject_counts[m.ref] += 1
            self._survey(p.text, ms)
        for p, folded, ms in per_para:
            text = p.text
            para_forms = [f for f in exploitation_zh(text) if f != "unspecified"]
            spans = sentences_zh(text)
            for s, e in spans:
                here = [m for m in ms if s <= m.start and m.end <= e]
                self.flows_in(p, text, folded, s, e, here, para_forms)
                self.agreements_in(p, text, folded, s, e, here)
                self.agencies_in(p, text, folded, s, e, here)
                self.experts_in(p, text, folded, s, e, here)
            self.byline_in(p, text, folded, spans)
        return self.finish()

    def finish(self) -> Drafts:
        d = self.drafts
        d.flows = list(self._flows.values())
        for key, votes in self._inferred_votes.items():
            if all(votes):
                d.inferred_destinations[key] = (
                    "The sentence names no destination: taken as the country the text names most other than the "
                    "origin; check it.")
        d.agreements = list(self._agreements.values())
        taken: set[str] = set(self.drafts.regions)
        for n, a in enumerate(self._agencies.values(), start=1):
            local = a.pop("_local") or f"{(a.get('country') or 'x').lower()}-agency-{n}"
            a["id"] = _unique(self.fid("agency", local), taken)
            d.agencies.append(a)
        for n, x in enumerate(self._experts.values(), start=1):
            x["id"] = _unique(self.fid("expert", f"{(x.get('country') or 'x').lower()}-official-{n}"), taken)
            d.experts.append(x)
        return d


def _unique(base: str, taken: set[str]) -> str:
    cand, n = base, 2
    while cand in taken:
        cand, n = f"{base}-{n}", n + 1
    taken.add(cand)
    return cand


def extract_zh(doc: Document, source_id: str) -> Drafts:
    """Draft the facts of a Chinese document (see the module docstring)."""
    return _ZhExtractor(doc, source_id).run()


def mark_language(files: dict[str, list[dict[str, Any]]], drafts: Drafts | None = None) -> None:
    """Name the source language in the note of every drafted fact whose section has a note
    (flows, agreements, regions), after any hedge note (which the review reads first), and say
    where a flow's destination was inferred (``drafts``: what :func:`extract_zh` returned)."""
    inferred = drafts.inferred_destinations if isinstance(drafts, ZhDrafts) else {}
    for section in ("flows", "agreements", "regions"):
        for fact in files.get(section, []):
            parts = [fact["note"]] if fact.get("note") else []
            why = inferred.get((fact.get("origin", ""), fact.get("destination", ""))) if section == "flows" else None
            if why:
                parts.append(why)
            parts.append(LANGUAGE_NOTE)
            fact["note"] = " ".join(parts)
            if "evidence" in fact:  # keep evidence last, as the writer orders it
                fact["evidence"] = fact.pop("evidence")
