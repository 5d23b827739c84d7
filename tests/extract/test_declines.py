"""Declines (issue 14, form 11): every fall is a fact with direction "down", however it is written (table-driven).

A decline is stated as its size (下降6.7%) or with a minus sign (-6.7); the warehouse signs it once from the
direction (dbt macro `observations`: the size, then minus for "down"). So the signed value below, computed the
same way, must be negative for every fall and positive for every rise or level reached.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)


def signed(fact) -> float:
    return -abs(fact.value) if fact.direction == "down" else fact.value


CASES = [
    ("工业投资下降6.7%。", [("6.7%", "growth", "down", -6.7)]),
    ("工业用电量同比减少3.2%。", [("3.2%", "growth", "down", -3.2)]),
    ("利润总额下滑12%，降幅为8.5%。", [("12%", "growth", "down", -12), ("8.5%", "growth", "down", -8.5)]),
    ("工业品出厂价格同比下跌1.5%。", [("1.5%", "growth", "down", -1.5)]),
    # harvests: 减产 / 增产 are growth rates of output
    ("粮食产量694.20万吨，比上年减产3.0%。", [("694.20万吨", "level", None, 694.2), ("3.0%", "growth", "down", -3.0)]),
    ("秋粮产量296.54万吨，增产5.2%。", [("296.54万吨", "level", None, 296.54), ("5.2%", "growth", "up", 5.2)]),
    # a minus sign is a fall too, whatever word precedes it; a signed rate is never a share
    ("工业投资增长-4.7%。", [("-4.7%", "growth", "down", -4.7)]),
    ("工业投资同比-2.1%。", [("-2.1%", "growth", "down", -2.1)]),
    ("工业投资增速由正转负，为-1.2%。", [("-1.2%", "growth", "down", -1.2)]),
    ("营收、利润分别增长6.3%、-4.7%。", [("6.3%", "growth", "up", 6.3), ("-4.7%", "growth", "down", -4.7)]),
    ("营收、利润分别下降3%、5%。", [("3%", "growth", "down", -3), ("5%", "growth", "down", -5)]),
    # a rate that fell TO a value states the rate reached, with its own sign
    ("规上工业增加值增速回落至5.1%。", [("5.1%", "growth", "up", 5.1)]),
    ("工业投资增速降至-2.1%。", [("-2.1%", "growth", "down", -2.1)]),
    # changes of a rate and of a count
    ("增速比上月回落0.3个百分点。", [("0.3个百分点", "change", "down", -0.3)]),
    ("规上工业企业比上年末减少12家。", [("12家", "change", "down", -12)]),
    ("增速低于全国0.7个百分点。", [("0.7个百分点", "change", "down", -0.7)]),
    # a rate named after the place (平均增速, 增幅) says nothing of the direction: the comparison does
    ("工业投资仍低于全省平均增速1.6个百分点。", [("1.6个百分点", "change", "down", -1.6)]),
    ("出口增幅低于全市增幅0.9个百分点。", [("0.9个百分点", "change", "down", -0.9)]),
    ("利润增速高于全国平均增速3.4个百分点。", [("3.4个百分点", "change", "up", 3.4)]),
    # a rate that eased: 微落 / 放缓 / 减缓 / 走低 are falls of the rate
    ("1—9月，工业投资增速比1—8月微落0.4个百分点。", [("0.4个百分点", "change", "down", -0.4)]),
    ("规上工业企业利润增速比上半年放缓1.3个百分点。", [("1.3个百分点", "change", "down", -1.3)]),
    ("出口交货值增速较一季度减缓2.2个百分点。", [("2.2个百分点", "change", "down", -2.2)]),
    # the size of a fall that narrows (降幅缩小, 收窄) is a rise of the rate, one that widens (扩大, 加深) a fall;
    # a rate of growth that narrows is a fall
    (
        "高新技术产业增加值下降4.1%，降幅较7月缩小2.9个百分点。",
        [("4.1%", "growth", "down", -4.1), ("2.9个百分点", "change", "up", 2.9)],
    ),
    ("工业投资降幅比一季度收窄1.5个百分点。", [("1.5个百分点", "change", "up", 1.5)]),
    ("出口交货值降幅较上月扩大0.8个百分点。", [("0.8个百分点", "change", "down", -0.8)]),
    ("利润降幅加深2.0个百分点。", [("2.0个百分点", "change", "down", -2.0)]),
    ("增幅较上月缩小0.6个百分点。", [("0.6个百分点", "change", "down", -0.6)]),
    # …and so when the rate was named in an earlier clause of the sentence (降幅为3.2%，比上月缩小…)
    (
        "1-8月，工业投资降幅为3.2%，比上月缩小1.1个百分点。",
        [("3.2%", "growth", "down", -3.2), ("1.1个百分点", "change", "up", 1.1)],
    ),
    (
        "1-8月，工业投资下降3.2%，比1-7月扩大0.4个百分点。",
        [("3.2%", "growth", "down", -3.2), ("0.4个百分点", "change", "down", -0.4)],
    ),
    (
        "1-8月，工业投资增长3.2%，比上月收窄1.1个百分点。",
        [("3.2%", "growth", "up", 3.2), ("1.1个百分点", "change", "down", -1.1)],
    ),
    # near misses: a rate named in the gap's own clause holds; a gap to another place keeps its own word
    (
        "工业投资下降3.2%，增速比上月提高1.1个百分点。",
        [("3.2%", "growth", "down", -3.2), ("1.1个百分点", "change", "up", 1.1)],
    ),
    (
        "工业投资下降3.2%，与全省差距缩小1.1个百分点。",
        [("3.2%", "growth", "down", -3.2), ("1.1个百分点", "change", "down", -1.1)],
    ),
    # 增加值 (value added) names the indicator a gap is to, it is no rise: the verb before it says the direction,
    # for every gap of a list (0.2个、1.1个百分点)
    (
        "三大产业增加值分别低于规上工业增加值增速0.2个、1.1个百分点。",
        [("0.2个", "change", "down", -0.2), ("1.1个百分点", "change", "down", -1.1)],
    ),
    ("高技术制造业增速低于工业增加值增速2.1个百分点。", [("2.1个百分点", "change", "down", -2.1)]),
    # near misses: a rise of value added itself, and a gap above it
    ("工业增加值增加0.5个百分点。", [("0.5个百分点", "change", "up", 0.5)]),
    ("高技术制造业增速高于工业增加值增速2.1个百分点。", [("2.1个百分点", "change", "up", 2.1)]),
    # a change of an amount written with 提升 / 降低
    ("全年粮食亩产提升12.6公斤。", [("12.6公斤", "change", "up", 12.6)]),
    ("单位产品能耗降低0.8吨标准煤。", [("0.8吨标准煤", "change", "down", -0.8)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_declines(text, expected):
    facts = extract(make_document(text, P))
    assert [(f.text, f.measure, f.direction, signed(f)) for f in facts] == expected


def test_table_cell_with_a_minus_sign_is_a_fall():
    text = "指标\t2019年\t2020年\n规上软件和信息服务业营业收入增速（%）\t-6.7\t12.5\n"
    facts = extract(make_document(text, P))
    assert [(f.text, f.direction, signed(f)) for f in facts] == [("-6.7", "down", -6.7), ("12.5", "up", 12.5)]
