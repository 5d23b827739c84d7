"""Agricultural and physical units (issue 14, form 4), sentence → facts (table-driven).

斤/亿斤, 担, 头/万头, 只, 羽, 千升, 万米, 万箱, 辆, 台(套), 大类, 市 and counts per head (台/万人) are read with their
families (units.csv, which the built-in table follows: test_units.py); an amount followed by a unit the table does
not know is never guessed as money.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    (
        "粮食产量达到10.3亿斤，生猪出栏120万头，家禽出栏3500万羽。",
        [("10.3亿斤", "亿斤", 515000, "吨"), ("120万头", "万头", 1.2e6, "头"), ("3500万羽", "万羽", 3.5e7, "羽")],
    ),
    ("收购棉花2.4万担，出栏肉羊36万只。", [("2.4万担", "万担", 1200, "吨"), ("36万只", "万只", 3.6e5, "只")]),
    ("啤酒产量12.3万千升，卷烟50万箱。", [("12.3万千升", "万千升", 1.23e5, "立方米"), ("50万箱", "万箱", 5e5, "箱")]),
    ("布产量1.2亿米。", [("1.2亿米", "亿米", 1.2e8, "米")]),
    ("粮食作物种植面积1308.89千公顷。", [("1308.89千公顷", "千公顷", 1.30889e10, "平方米")]),
    ("汽车产量12万辆，工业机器人2000台(套)。", [("12万辆", "万辆", 1.2e5, "辆"), ("2000台(套)", "台套", 2000, "台套")]),
    # a count per head of population is one unit of its own; the count alone, after a verb, stays a count
    (
        "工业机器人使用密度达360台/万人，新增工业机器人1200台。",
        [("360台/万人", "台/万人", 360, "台/万人"), ("1200台", "台", 1200, "台")],
    ),
    ("每万人发明专利拥有量12.5件/万人。", [("12.5件/万人", "件/万人", 12.5, "件/万人")]),
    # a length alone marks a specification, not an output
    ("建成时速350米的生产线。", []),
    # an unknown unit after a magnitude is not money; money written without 元 still is
    ("天然气产量10.3亿立方。", []),
    # a change of a rate stated in ‰ is in thousandths points (0.1 of a percentage point each)
    (
        "人口自然增长率为-2.45‰，比上年下降1.07个千分点。",
        [("-2.45‰", "‰", -0.245, "%"), ("1.07个千分点", "千分点", 0.107, "百分点")],
    ),
    # people counted before their noun with a bare 万 / 亿 (12.5万贫困人口); a bare 万 before another noun stays
    # untyped
    (
        "全市12.5万贫困人口全部脱贫，帮助1.2万农村劳动力转移就业。",
        [("12.5万", "万人", 1.25e5, "人"), ("1.2万", "万人", 1.2e4, "人")],
    ),
    ("全省4500万农村人口。", [("4500万", "万人", 4.5e7, "人")]),
    ("全市1.8万企业职工参保。", []),
    # seats in a ranking or a list
    ("全省共有8个县（市）进入百强榜单，其中郑州占三席。", [("8个", "个", 8, "个"), ("三席", "席", 3, "席")]),
    # the sample of a survey names the survey
    ("据全省1%人口抽样调查推算，年末常住人口20.3万人。", [("20.3万人", "万人", 2.03e5, "人")]),
    ("营收突破1.1万亿，增长8%。", [("突破1.1万亿", "万亿元", 1.1e12, "元"), ("8%", "%", 8, "%")]),
    # categories of goods and cities counted in digits are counts of their own unit
    (
        "8月份，20大类商品中12大类保持增长。",
        [("20大类", "大类", 20, "大类"), ("12大类", "大类", 12, "大类")],
    ),
    ("全省18个省辖市中有14市增速高于全国。", [("18个", "个", 18, "个"), ("14市", "市", 14, "市")]),
    ("截至目前，已有郑州、洛阳等14市召开市两会。", [("14市", "市", 14, "市")]),
    # near misses: 市 opening a word (市场, 市民, 市县) or after a multiplier; Chinese numerals make a name
    # (三市联动, 三大类产品); the cities of one joint meeting are its participants (test_not_figures)
    ("全市新增100市场主体，2万市民参与，5市县入选。", []),
    ("郑州、开封、洛阳三市联动，三大类产品增长5%。", [("5%", "%", 5, "%")]),
    ("全省5市在郑州召开联席会议。", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_units_of_output(text, expected):
    facts = extract(make_document(text, P))
    got = [(f.text, f.unit, f.value_base, f.base_unit) for f in facts]
    assert len(got) == len(expected)
    for (text_, unit, base, base_unit), want in zip(got, expected, strict=True):
        assert (text_, unit, base_unit) == (want[0], want[1], want[3])
        assert base == pytest.approx(want[2], rel=1e-6)


# tenths (成) as shares in %; a number before a word that starts with 成 is no amount of tenths
TENTHS_CASES = [
    ("10月份，25个行业实现增长，增长面近6成。", [("25个", 25.0, "个"), ("近6成", 60.0, "%")]),
    ("超七成企业订单增加。", [("超七成", 70.0, "%")]),
    ("全市有5家企业成为国家级单项冠军。", [("5家", 5.0, "家")]),
    ("2023年3月成立的研究院已孵化企业12家。", [("12家", 12.0, "家")]),
]


@pytest.mark.parametrize(("text", "expected"), TENTHS_CASES, ids=[c[0][:12] for c in TENTHS_CASES])
def test_tenths(text, expected):
    assert [(f.text, f.value, f.unit) for f in extract(make_document(text))] == expected
