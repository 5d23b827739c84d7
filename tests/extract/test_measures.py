"""What a percentage measures when its words, not its unit, say so (issue 14), sentence → facts (table-driven).

An index written with % (居民消费价格指数为100.8%, 采购经理指数为49.8%) is a level, not a share of anything; a rate
written before its noun (实现1.4%的增长, 出现3.2%的下降) is a growth with the direction of that noun.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    (
        "全年居民消费价格总指数为101.2%，其中食品烟酒类价格指数为99.6%。",
        [("101.2%", "level", None), ("99.6%", "level", None)],
    ),
    ("9月份，制造业采购经理指数为49.8%。", [("49.8%", "level", None)]),
    ("6月份，全区工业总产值在较高基数下实现1.4%的增长。", [("1.4%", "growth", "up")]),
    ("出口交货值出现3.2%的下降。", [("3.2%", "growth", "down")]),
    # …with the pace between the figure and the noun (5.5%的较快增长速度); a level named after a share stays a share
    ("2021年至2024年，经济保持了年均5.5%的较快增长速度。", [("5.5%", "growth", "up")]),
    ("全市工业投资实现12%的快速增长。", [("12%", "growth", "up")]),
    ("高新技术产业占比达到30%的较高水平。", [("30%", "share", None)]),
    # 增长速度在…: the pace of a growth written out; a share bounded the same way stays a share
    ("其余6个行业增长速度在30.7%之间。", [("6个", "level", None), ("30.7%", "growth", "up")]),
    ("高新技术产业所占比重在30.7%左右。", [("30.7%左右", "share", None)]),
    # the goal set for a growth (经济增长预期目标为5%左右) is a growth rate; a goal for a share stays a share
    ("今年经济增长预期目标为5%左右。", [("5%左右", "growth", "up")]),
    ("规上工业增加值增速的年度目标为6%。", [("6%", "growth", "up")]),
    ("制造业增加值占比目标为35%。", [("35%", "share", None)]),
    # a goal of output named alone (GDP目标定在6%左右) is a growth rate too: output is no share of anything
    ("多个县区把今年GDP目标定在6.5%左右。", [("6.5%左右", "growth", "up")]),
    ("市政府工作报告将地区生产总值增长目标定在7%。", [("7%", "growth", "up")]),
    ("研发投入强度目标定在2.5%。", [("2.5%", "share", None)]),
    # a clause naming only who (乙县为6%) repeats the sentence's figure before it for another subject
    (
        "甲县GDP预期目标为8%以上，乙县为7.5%，丙县、丁县等地为7%左右。",
        [("8%以上", "growth", "up"), ("7.5%", "growth", "up"), ("7%左右", "growth", "up")],
    ),
    ("工业增加值增长6.1%，首位度为21.3%。", [("6.1%", "growth", "up"), ("21.3%", "share", None)]),
    ("工业增加值增长6.1%，其中高技术制造业占比为21.3%。", [("6.1%", "growth", "up"), ("21.3%", "share", None)]),
    # the same unit where it is a share or a growth by its words before
    ("高技术制造业增加值占规上工业的比重为14.6%。", [("14.6%", "share", None)]),
    ("工业投资增长7.1%，其中技改投资增长12.4%的态势延续。", [("7.1%", "growth", "up"), ("12.4%", "growth", "up")]),
    # tenths (成) right after a rate named (增幅超6成, 降幅近四成) are that growth; tenths of firms are a share
    ("到2028年，高新技术企业数增幅超6成。", [("超6成", "growth", "up")]),
    ("全县外贸出口降幅近四成。", [("近四成", "growth", "down")]),
    ("全区9成企业实现盈利。", [("9成", "share", None)]),
    # a move in a ranking written N个名次 is a change of rank, not a count of 个; a count of places stays a count
    (
        "工业增速在27个省会城市中排第3位，同比提高了10个名次。",
        [("第3位", "rank", None), ("10个名次", "change", "up")],
    ),
    ("排名较上年后退2个名次。", [("2个名次", "change", "down")]),
    ("全省10个地市进入前列。", [("10个", "level", None)]),
    # 居前3位, 居全省前两位: a rank among the first N, not a count of 位; 前3位 with no verb of standing stays a count
    ("化工行业所占比重居前3位。", [("前3位", "rank", None)]),
    ("全市工业增速居全省前两位。", [("全省前两位", "rank", None)]),
    ("前3位客户共计采购5亿元。", [("3位", "level", None), ("5亿元", "level", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_measures(text, expected):
    assert [(f.text, f.measure, f.direction) for f in extract(make_document(text, P))] == expected
