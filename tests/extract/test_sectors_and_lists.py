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
