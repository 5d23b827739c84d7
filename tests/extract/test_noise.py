"""Number forms and mirror noise (issue 14, forms 2 and 3), text → facts (table-driven).

Numbers broken by spaces, a line break or markup read whole; markup and pinyin after characters are blanked in the
matching view (`extract.view.quiet`), so a fact's value and subject come out clean while its text still quotes the
original characters.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract
from mfgstats.extract.view import FILLER, quiet

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    # 2. spaces inside numbers, a line break, markup
    (
        "规上工业增加值增长11 . 8%，总量达546 . 5亿元。",
        [("11 . 8%", 11.8, "%", "规上工业增加值"), ("546 . 5亿元", 546.5, "亿元", "规上工业增加值总量")],
    ),
    ("规上工业增加值增长11.\n8%。", [("11.\n8%", 11.8, "%", "规上工业增加值")]),
    ("工业投资增长<b>8.2</b>%。", [("8.2</b>%", 8.2, "%", "工业投资")]),
    (
        "工业投资增长<span>12.5%</span>，总量<em>546.5</em>亿元。",
        [("12.5%", 12.5, "%", "工业投资"), ("546.5</em>亿元", 546.5, "亿元", "工业投资总量")],
    ),
    # 3. pinyin after characters and BBCode of mirror sites
    (
        "規上工業增加值同比增長(zhǎng)18.6%。",
        [("18.6%", 18.6, "%", "规上工业增加值")],
    ),
    # pinyin between the characters of the words before a structure
    (
        "三次產(chǎn)業(yè)結(jié)構(gòu)比為22.8:38.8:38.4。",
        [("22.8", 22.8, "%", "第一产业占比"), ("38.8", 38.8, "%", "第二产业占比"), ("38.4", 38.4, "%", "第三产业占比")],
    ),
    # pinyin between the characters of a unit
    ("比上年提高0.7個(gè)百分點(diǎn)。", [("0.7個(gè)百分點", 0.7, "百分点", None)]),
    ("增加值增量預(yu)計達8萬億(yi)元。", [("8萬億(yi)元", 8, "万亿元", "增加值增量")]),
    # …and right after the number (1 萬(wàn)億元): the pinyin is read in front of its character, the unit whole
    ("規上工業營收突破 3 萬(wàn)億元。", [("突破 3 萬(wàn)億元", 3, "万亿元", "规上工业营收")]),
    ("產業規模達到2萬(wàn)億元。", [("2萬(wàn)億元", 2, "万亿元", "产业规模")]),
    (
        "[/size][/font][align=left][color=rgb(51, 51, 51)][font=宋体][size=3]全县居民消费价格总指数为100.8%。",
        [("100.8%", 100.8, "%", "居民消费价格总指数")],
    ),
    # spam inside a number (7《某某网站》.9%) is noise; a title after a number followed by no digit is left as it is
    (
        "制造业增长6《某某体育在线》.4%，采矿业增长3.1%。",
        [("6《某某体育在线》.4%", 6.4, "%", "制造业"), ("3.1%", 3.1, "%", "采矿业")],
    ),
    ("制造业增长6《某某体育在线》，采矿业增长3.1%。", [("3.1%", 3.1, "%", "采矿业")]),
    # a decimal point typed as a middle dot
    ("医疗保健类价格上涨1·8%。", [("1·8%", 1.8, "%", "医疗保健类价格")]),
    # a 个 listed before N个百分点 is of 个百分点; 六部门 and 三个部分 are words
    (
        "全年生产总值同比增长13%，分别高于全国、全省4.3个和2.3个百分点。",
        [
            ("13%", 13, "%", "生产总值"),
            ("4.3个", 4.3, "百分点", "分别高于全国"),
            ("2.3个百分点", 2.3, "百分点", "分别高于全省"),
        ],
    ),
    ("六部门联合印发方案，报告共分三个部分。", []),
    # what is not noise stays: a list label, an abbreviation in parentheses
    ("1. 规上工业增加值增长5%。", [("5%", 5, "%", "规上工业增加值")]),
    ("地区生产总值(GDP)增长6.1%。", [("6.1%", 6.1, "%", "地区生产总值(GDP)")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_noise(text, expected):
    facts = extract(make_document(text, P))
    assert [(f.text, f.value, f.unit, f.subject) for f in facts] == expected
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_the_quiet_view_keeps_every_position(text):
    view = quiet(text)
    assert len(view) == len(text)
    # only noise (blanked) and the gaps inside numbers (closed) change; every other character stays where it was,
    # but one a number's pinyin follows (3 萬(wàn)): it stands where its pinyin ended; and a number's digits after
    # spam inside it (6《…》.4) close up over the spam
    changed = [i for i, (a, b) in enumerate(zip(text, view, strict=True)) if a != b]
    moved = {i for i in changed if text[i] == ")" and view[i] == text[text.rfind("(", 0, i) - 1]}
    moved |= {i for i in changed if view[i] in "0123456789." and text.rfind("《", 0, i + 1) > text.rfind("》", 0, i)}
    assert all(view[i] == FILLER or text[i] in "0123456789.．· \n" or i in moved for i in changed)


# a target word broken by a mirror's pinyin (預(yu)計, 力(li)爭) still makes its sentence a goal
TARGET_CASES = [
    ("全省工业增加值預(yu)計增长6.5%。", [("6.5%", "target")]),
    ("力(li)爭(zheng)规上工业增加值增长7%。", [("7%", "target")]),
    ("上半年，全市规上工业增加值同(tong)比(bi)增长7%。", [("7%", "actual")]),
]


@pytest.mark.parametrize(("text", "expected"), TARGET_CASES, ids=[c[0][:16] for c in TARGET_CASES])
def test_a_target_word_read_through_pinyin(text, expected):
    facts = extract(make_document(text, P))
    assert [(f.text, f.status) for f in facts] == expected


# a word that makes a figure a flow over its span (增量, 新增, 获评) read through a mirror's pinyin still does
# → (text, published, [(figure, status, first year, last year)])
FLOW_CASES = [
    (
        "“十四五”时期，全市工业增(zeng)加(jia)值增(zeng)量(liang)预(yu)计达1200亿元。",
        date(2025, 11, 20),
        [("1200亿元", "target", 2021, 2025)],
    ),
    ("“十四五”时期，全县新(xin)增(zeng)专精特新企业45家。", P, [("45家", "actual", 2021, 2025)]),
    ("“十四五”时期，全县12家企业获(huo)评(ping)省级智能工厂。", P, [("12家", "actual", 2021, 2025)]),
]


@pytest.mark.parametrize(("text", "published", "expected"), FLOW_CASES, ids=[c[0][:16] for c in FLOW_CASES])
def test_a_flow_word_read_through_pinyin(text, published, expected):
    facts = extract(make_document(text, published))
    assert [(f.text, f.status, f.period_start.year, f.period_end.year) for f in facts] == expected
