"""Structures written as ratios: one share per part, whatever colon the text uses and whatever precedes the whole."""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

SECTORS = ["第一产业占比", "第二产业占比", "第三产业占比"]

# text → (value, subject) of every share, in text order
CASES = [
    ("三次产业结构为9.3∶45.3∶45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    ("三次产业结构为9.3:45.3:45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    # a full-width colon, in a simplified text the reading view leaves as it is
    ("三次产业结构为9.3：45.3：45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    # the classification is still named when a scope or a year comes before it in the clause
    ("2024年，全市三次产业结构为9.3∶45.3∶45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    ("轻工业和重工业比例为40∶60。", [(40.0, "轻工业占比"), (60.0, "重工业占比")]),
    ("两者之比为1∶2。", []),  # does not add up to 100: no shares
    # 比重 names a structure too, with what the shares are of (占GDP, 占地区生产总值的) or 的 before it
    ("全年三次产业占GDP比重为12.5:40.2:47.3。", [(12.5, SECTORS[0]), (40.2, SECTORS[1]), (47.3, SECTORS[2])]),
    ("全县三次产业的比重为8.8:51.0:40.2。", [(8.8, SECTORS[0]), (51.0, SECTORS[1]), (40.2, SECTORS[2])]),
    ("三次产业占地区生产总值的比重为7.7∶41.9∶50.4。", [(7.7, SECTORS[0]), (41.9, SECTORS[1]), (50.4, SECTORS[2])]),
    # 产业结构(比) of three terms is the three-sector structure; two named 产业 keep their names
    ("产业结构比6.2:38.5:55.3。", [(6.2, SECTORS[0]), (38.5, SECTORS[1]), (55.3, SECTORS[2])]),
    ("主导产业和新兴产业结构为65:35。", [(65.0, "主导产业占比"), (35.0, "新兴产业占比")]),
    ("高新技术产业占规上工业的比重为1:3。", []),  # not a structure adding up to 100
    # a mirror that lost the signs: terms of one decimal each, run together, still adding up to 100
    ("全县三次产业比重为3.948.647.5。", [(3.9, SECTORS[0]), (48.6, SECTORS[1]), (47.5, SECTORS[2])]),
    ("三次产业结构为12.3540.5547.10。", [(12.35, SECTORS[0]), (40.55, SECTORS[1]), (47.1, SECTORS[2])]),
    ("三次产业比重为3.948.649.5。", []),  # does not add up to 100
    ("软件版本为2.13.4.6。", []),  # no structure, and no run of equal decimals
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_ratio_parts(text, expected):
    facts = [f for f in extract(make_document(text, date(2025, 3, 1))) if f.measure == "share"]
    assert [(f.value, f.subject) for f in facts] == expected


# a ratio to 1 after a word of comparison is a multiple: text → (evidence, value, subject) of every multiple
MULTIPLES = [
    (
        "城乡居民收入比持续缩小,由上年的2.31:1下降为2.26:1。",
        [("2.31:1", 2.31, "城乡居民收入比"), ("2.26:1", 2.26, "城乡居民收入比")],
    ),
    ("全市农产品加工业与农业总产值之比达到2.6∶1以上。", [("2.6∶1", 2.6, "全市农产品加工业与农业总产值之比")]),
    ("城乡居民收入比为2.1：1。", [("2.1：1", 2.1, "城乡居民收入比")]),
    ("比上年同期的3:1提高。", []),  # 比上年 is a comparison with last year, not a ratio's name
    ("两者之比为1∶2。", []),  # not to 1
]


@pytest.mark.parametrize(("text", "expected"), MULTIPLES, ids=[c[0][:12] for c in MULTIPLES])
def test_ratios_to_one_are_multiples(text, expected):
    facts = [f for f in extract(make_document(text, date(2025, 3, 1))) if f.measure == "multiple"]
    assert [(f.text, f.value, f.subject) for f in facts] == expected
    assert all(f.unit == "倍" for f in facts)


# a structure restated from an earlier year: text → (value, subject, year of the period) of every share; the first
# ratio is the base's (上年: the year before the period the text reports on), the second the period's own
RESTATED = [
    (
        "2022年，全县三次产业结构由上年的17.3:41.2:41.5调整为17.8:39.3:42.9。",
        [
            (17.3, SECTORS[0], 2021),
            (41.2, SECTORS[1], 2021),
            (41.5, SECTORS[2], 2021),
            (17.8, SECTORS[0], 2022),
            (39.3, SECTORS[1], 2022),
            (42.9, SECTORS[2], 2022),
        ],
    ),
    # a named base year, and 优化为 with a comma before it
    (
        "2024年，三次产业结构由2020年的10.1∶45.2∶44.7，优化为8.9∶43.0∶48.1。",
        [
            (10.1, SECTORS[0], 2020),
            (45.2, SECTORS[1], 2020),
            (44.7, SECTORS[2], 2020),
            (8.9, SECTORS[0], 2024),
            (43.0, SECTORS[1], 2024),
            (48.1, SECTORS[2], 2024),
        ],
    ),
    # near miss: a second structure of its own after the first keeps its own names and the period
    (
        "2022年，三次产业结构为17.8:39.3:42.9，轻工业和重工业比例为30:70。",
        [
            (17.8, SECTORS[0], 2022),
            (39.3, SECTORS[1], 2022),
            (42.9, SECTORS[2], 2022),
            (30.0, "轻工业占比", 2022),
            (70.0, "重工业占比", 2022),
        ],
    ),
    # the period's structure set against the last year's (与上年的…相比): the second ratio is the year before's
    (
        "2023年，全县三次产业比为14.2:31.5:54.3，与上年的15.1:30.2:54.7相比，第二产业占比提升。",
        [
            (14.2, SECTORS[0], 2023),
            (31.5, SECTORS[1], 2023),
            (54.3, SECTORS[2], 2023),
            (15.1, SECTORS[0], 2022),
            (30.2, SECTORS[1], 2022),
            (54.7, SECTORS[2], 2022),
        ],
    ),
    # near miss: a ratio after 同比 is no structure (no 产业 before 比)
    ("2023年，收入同比为12:88。", []),
    # near miss: a restated ratio that does not add up to 100 states no shares
    (
        "2022年，三次产业结构由上年的17.3:41.2:41.5调整为1:2。",
        [(17.3, SECTORS[0], 2021), (41.2, SECTORS[1], 2021), (41.5, SECTORS[2], 2021)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RESTATED, ids=[c[0][:18] for c in RESTATED])
def test_restated_structure(text, expected):
    facts = [f for f in extract(make_document(text, date(2025, 4, 1))) if f.measure == "share"]
    assert [(f.value, f.subject, f.period_start.year) for f in facts] == expected
    assert all(f.period_start.year == f.period_end.year for f in facts)
