"""Breakdown lists and the three sectors (issue 14, forms 6 and 7), sentence → facts (table-driven).

Sibling clauses of a breakdown (大型企业增长5.3%，中型企业增长27.6%…) each give a fact with their own subject and
none is dropped; 第二产业 / 三产 are sectors (subjects), never ranks; 居全省第3位 and 居第3位 are ranks.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


CASES = [
    # 6. breakdown lists
    (
        "其中，大型企业增加值增长5.3%，中型企业增长27.6%，小型企业增长3.2%，微型企业下降1.1%。",
        [
            ("5.3%", "growth", "大型企业增加值", None),
            ("27.6%", "growth", "中型企业增加值", None),
            ("3.2%", "growth", "小型企业增加值", None),
            ("1.1%", "growth", "微型企业增加值", None),
        ],
    ),
    (
        "分经济类型看，国有控股企业增长4.1%，股份制企业增长6.2%，外商及港澳台商投资企业下降2.3%。",
        [
            ("4.1%", "growth", "国有控股企业", None),
            ("6.2%", "growth", "股份制企业", None),
            ("2.3%", "growth", "外商及港澳台商投资企业", None),
        ],
    ),
    ("轻工业增长3.5%，重工业增长6.1%。", [("3.5%", "growth", "轻工业", None), ("6.1%", "growth", "重工业", None)]),
    # 7. sectors are subjects; the ordinal list is written once for its members; a sector is no catalog chain
    (
        "第一、二、三产业分别增长2.1%、5.3%和6.4%。",
        [
            ("2.1%", "growth", "第一产业", None),
            ("5.3%", "growth", "第二产业", None),
            ("6.4%", "growth", "第三产业", None),
        ],
    ),
    (
        "二、三产业增加值分别增长5.3%和6.4%。",
        [("5.3%", "growth", "第二产业增加值", None), ("6.4%", "growth", "第三产业增加值", None)],
    ),
    ("二产增长4.1%，三产增长6.2%。", [("4.1%", "growth", "第二产业", None), ("6.2%", "growth", "第三产业", None)]),
    ("第二产业增加值445964万元。", [("445964万元", "level", "第二产业增加值", None)]),
    # a breakdown written with ASCII commas: no member is taken for a threshold of enterprises (…5.3%,中型企业)
    (
        "从企业规模看,大型企业增加值同比下降5.3%,中型企业增加值同比下降27.6%,小型企业增加值同比增长11.2%。",
        [
            ("5.3%", "growth", "大型企业增加值", None),
            ("27.6%", "growth", "中型企业增加值", None),
            ("11.2%", "growth", "小型企业增加值", None),
        ],
    ),
    # a structure written with ASCII colons after 结构比
    (
        "三产结构比为4.3:54.0:41.7。",
        [
            ("4.3", "share", "第一产业占比", None),
            ("54.0", "share", "第二产业占比", None),
            ("41.7", "share", "第三产业占比", None),
        ],
    ),
    # ranks, with or without the scope; a move in a ranking written with 位
    ("增速居全国第5位，较上月提升2位。", [("全国第5位", "rank", "增速", None), ("2位", "change", "增速", None)]),
    ("全市GDP居全省第3位。", [("全省第3位", "rank", "GDP", "gdp")]),
    ("增速居第3位。", [("第3位", "rank", "增速", None)]),
    ("总量列全省第2位。", [("全省第2位", "rank", "总量", None)]),
    ("全市居第一梯队。", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_lists_sectors_ranks(catalog, text, expected):
    facts = extract(make_document(text, P), catalog)
    assert [(f.text, f.measure, f.subject, f.indicator_code) for f in facts] == expected


def test_rates_listed_after_a_multiple_are_growth():
    """分别增长36.3倍、62.9%: the rates after a multiple grew as the multiple did, each member its own subject."""
    facts = extract(make_document("10月份全省传感器、光电子器件产量分别增长36.3倍、62.9%。", P))
    assert [(f.text, f.measure, f.direction, f.subject) for f in facts] == [
        ("36.3倍", "multiple", "up", "传感器产量"),
        ("62.9%", "growth", "up", "光电子器件产量"),
    ]


# A rank is measure rank wherever its form or its place says so: a member of a list of ranks, a rank after its
# verb and field (排名行业前五), after a named field at the end of a clause (河南省第一). The place ranked is the one
# written before the field, never the field (在全省17个省辖市中 / 居全省第三 / 全国城市), and the field's size is
# no statistic. 分列 pairs the ranks with the places listed before it.
RANK_CASES = [
    (
        "今年前三季度，全市规上工业增加值增速在全省17个省辖市中排名第2位。",
        "洛阳市",
        [("第2位", "rank", 2.0, "=", "洛阳市", "规上工业增加值增速")],
    ),
    (
        "全市地区生产总值居全省第4位、中部城市第9位、全国城市第47位。",
        "洛阳市",
        [
            ("全省第4位", "rank", 4.0, "=", "洛阳市", "地区生产总值"),
            ("第9位", "rank", 9.0, "=", "洛阳市", "地区生产总值"),
            ("第47位", "rank", 47.0, "=", "洛阳市", "地区生产总值"),
        ],
    ),
    (
        "该企业光伏玻璃产量排名行业第二，浮法玻璃产量排名行业前五。",
        "洛阳市",
        [
            ("第二", "rank", 2.0, "=", "洛阳市", "企业光伏玻璃产量"),
            ("前五", "rank", 5.0, "<=", "洛阳市", "浮法玻璃产量"),
        ],
    ),
    ("经济总量排在全国城市第 58 位。", "洛阳市", [("第 58 位", "rank", 58.0, "=", "洛阳市", "经济总量")]),
    ("上半年，规上工业增加值增速河南省第一。", "洛阳市", [("第一", "rank", 1.0, "=", "洛阳市", "规上工业增加值增速")]),
    (
        "入选全省重点项目清单数量居全省第三。",
        "洛阳市",
        [("全省第三", "rank", 3.0, "=", "洛阳市", "入选全省重点项目清单数量")],
    ),
    (
        "10月份，全市规模以上工业增加值增长8.1%，在全省17个省辖市中排名第3位。",
        "郑州市",
        [
            ("8.1%", "growth", 8.1, "=", "郑州市", "规模以上工业增加值"),
            ("第3位", "rank", 3.0, "=", "郑州市", "规模以上工业增加值"),
        ],
    ),
    # 跻身 / 进入 the top N: a rank of N or better
    ("全市规上工业营业收入跻身全省前三。", "洛阳市", [("前三", "rank", 3.0, "<=", "洛阳市", "规上工业营业收入")]),
    ("该市经济总量进入全国城市前50强。", "洛阳市", [("前50强", "rank", 50.0, "<=", "洛阳市", "经济总量")]),
    ("进入前三季度后，全市工业增速加快。", "洛阳市", []),
    # the clause after a rank goes on about what was ranked, not its field
    (
        "新能源汽车产量位居全国城市第3，增长42%。",
        "洛阳市",
        [
            ("第3", "rank", 3.0, "=", "洛阳市", "新能源汽车产量"),
            ("42%", "growth", 42.0, "=", "洛阳市", "新能源汽车产量"),
        ],
    ),
    ("全省GDP居全国第5位。", "河南省", [("全国第5位", "rank", 5.0, "=", "河南省", "GDP")]),
    (
        "开封、商丘、周口三市分列第8位、第11位、第15位。",
        "河南省",
        [
            ("第8位", "rank", 8.0, "=", "开封市", None),
            ("第11位", "rank", 11.0, "=", "商丘市", None),
            ("第15位", "rank", 15.0, "=", "周口市", None),
        ],
    ),
    # a further field's rank in a clause of its own after a comma ranks what the first ranked
    (
        "全市规模以上工业增加值增幅列全省第10位，苏南第2位。",
        "常州市",
        [
            ("全省第10位", "rank", 10.0, "=", "常州市", "规模以上工业增加值增幅"),
            ("第2位", "rank", 2.0, "=", "常州市", "规模以上工业增加值增幅"),
        ],
    ),
    # near misses: after a rank and a comma, an ordinal before a noun (第二产业) or a streak is no rank
    (
        "全市规上工业增加值增速居全省第3位，第二产业增长5%。",
        "洛阳市",
        [
            ("全省第3位", "rank", 3.0, "=", "洛阳市", "规上工业增加值增速"),
            ("5%", "growth", 5.0, "=", "洛阳市", "第二产业"),
        ],
    ),
    (
        "全市规上工业增加值增速居全省第3位，连续第2年领先。",
        "洛阳市",
        [("全省第3位", "rank", 3.0, "=", "洛阳市", "规上工业增加值增速")],
    ),
    # not ranks: an ordinal before its noun, a tier, the first three quarters
    (
        "首批项目于第一季度开工，前三季度完成投资12亿元。",
        "洛阳市",
        [("12亿元", "level", 12.0, "=", "洛阳市", "完成投资")],
    ),
    ("全市工业投资增速居第一梯队。", "洛阳市", []),
]


@pytest.mark.parametrize(("text", "region", "expected"), RANK_CASES, ids=[c[0][:16] for c in RANK_CASES])
def test_ranks_and_the_place_ranked(catalog, text, region, expected):
    facts = extract(make_document(text, P, region), catalog)
    assert [(f.text, f.measure, f.value, f.comparator, f.region, f.subject) for f in facts] == expected
