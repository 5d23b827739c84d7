"""One sentence in, the expected facts out (table-driven).

Each expectation lists, per fact in text order: the evidence text, value, unit, comparator, measure, status and
period. A period is written "2020" (one calendar year), "2016-2020" (whole years) or "2020-01..2020-08" (months).
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P2022 = date(2022, 4, 26)  # a plan published in April 2022
P2020 = date(2020, 10, 23)  # a news article of October 2020
P2025 = date(2025, 9, 30)


def period(fact) -> str:
    s, e = fact.period_start, fact.period_end
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        return f"{s.year}" if s.year == e.year else f"{s.year}-{e.year}"
    return f"{s:%Y-%m}..{e:%Y-%m}"


def summary(fact) -> tuple:
    return (fact.text, fact.value, fact.unit, fact.comparator, fact.measure, fact.status, period(fact))


CASES = [
    # --- numbers, multipliers, units
    (
        "“十三五”末，全市规上工业企业达到 1783 家。",
        P2022,
        [("1783 家", 1783, "家", "=", "level", "actual", "2020")],
    ),
    (
        "推动1.8万家中小企业“上云上平台”。",
        P2025,
        [("1.8万家", 1.8, "万家", "=", "level", "actual", "2025-01..2025-09")],
    ),
    (
        "2025年制造业营业收入突破 1.1 万亿，增加值达到 2800 亿元。",
        P2022,
        [
            ("突破 1.1 万亿", 1.1, "万亿元", ">", "level", "target", "2025"),
            ("2800 亿元", 2800, "亿元", "=", "level", "target", "2025"),
        ],
    ),
    (
        "2024年实际吸收外资 36.5 亿美元，带动就业 1.2 万人。",
        P2025,
        [
            ("36.5 亿美元", 36.5, "亿美元", "=", "level", "actual", "2024"),
            ("1.2 万人", 1.2, "万人", "=", "level", "actual", "2024"),
        ],
    ),
    (
        "2020年全市规上工业增加值同比增长3.5%，高于全国0.7、全省3.1个百分点。",
        P2022,
        [
            ("3.5%", 3.5, "%", "=", "growth", "actual", "2020"),
            ("0.7", 0.7, "百分点", "=", "change", "actual", "2020"),
            ("3.1个百分点", 3.1, "百分点", "=", "change", "actual", "2020"),
        ],
    ),
    (
        "全市规上工业企业能源消费总量 1300 万吨标准煤。",
        P2022,
        [("1300 万吨标准煤", 1300, "万吨标准煤", "=", "level", "actual", "2022-01..2022-04")],
    ),
    # --- comparators
    ("上云企业超 9000 家。", P2020, [("超 9000 家", 9000, "家", ">", "level", "actual", "2020-01..2020-10")]),
    ("创新平台载体1900余家。", P2020, [("1900余家", 1900, "家", ">", "level", "actual", "2020-01..2020-10")]),
    ("公司抽调30多名员工。", P2020, [("30多名", 30, "名", ">", "level", "actual", "2020-01..2020-10")]),
    ("总投资2400多亿元。", P2020, [("2400多亿元", 2400, "亿元", ">", "level", "actual", "2020-01..2020-10")]),
    ("2025年推广使用数控机床 2000 台以上。", P2022, [("2000 台以上", 2000, "台", ">=", "level", "target", "2025")]),
    ("2025年有效发明专利数达到 2 件左右。", P2022, [("2 件左右", 2, "件", "~", "level", "target", "2025")]),
    (
        "全年接待游客约 500 万人次。",
        P2020,
        [("约 500 万人次", 500, "万人次", "~", "level", "actual", "2020-01..2020-10")],
    ),
    # events (held-out prose: a 工信局 article)
    (
        "今年以来，举办对接活动20余场，服务企业3000多家次。",
        P2020,
        [
            ("20余场", 20, "场", ">", "level", "actual", "2020-01..2020-10"),
            ("3000多家次", 3000, "家次", ">", "level", "actual", "2020-01..2020-10"),
        ],
    ),
    (
        "全年举办各类展会126场次。",
        P2020,
        [("126场次", 126, "场次", "=", "level", "actual", "2020-01..2020-10")],
    ),
    # --- status: target markers
    ("力争全市制造业贷款总额突破 670 亿元。", P2022, [("突破 670 亿元", 670, "亿元", ">", "level", "target", "2022")]),
    (
        "到2025年，高新技术企业达到 1600 家。",
        P2022,
        [("1600 家", 1600, "家", "=", "level", "target", "2025")],
    ),
    ("项目全部达产后，年产值预计可达100亿元。", P2020, [("100亿元", 100, "亿元", "=", "level", "target", "2020")]),
    ("四期全部建成后，年产值将超千亿元。", P2025, [("超千亿元", 1000, "亿元", ">", "level", "target", "2025")]),
    ("目标集聚企业1500家以上。", P2025, [("1500家以上", 1500, "家", ">=", "level", "target", "2025")]),
    # --- periods
    (
        "“十三五”期间，累计培育国家级单项冠军企业 5 个。",
        P2022,
        [("5 个", 5, "个", "=", "level", "actual", "2016-2020")],
    ),
    (
        "今年1—8月，制造业对规模以上工业增长的贡献率达到129%。",
        P2020,
        [("129%", 129, "%", "=", "share", "actual", "2020-01..2020-08")],
    ),
    (
        "今年1-8月全市规上工业增加值增长8.8%。",
        P2025,
        [("8.8%", 8.8, "%", "=", "growth", "actual", "2025-01..2025-08")],
    ),
    # a change against an earlier part of the same year is dated by the current period (held-out monthly release)
    (
        "10月份，规上工业增加值同比增长6.5%，比9月份加快1.2个百分点。",
        date(2020, 11, 20),
        [
            ("6.5%", 6.5, "%", "=", "growth", "actual", "2020-10..2020-10"),
            ("1.2个百分点", 1.2, "百分点", "=", "change", "actual", "2020-10..2020-10"),
        ],
    ),
    # 前N个月 is 1—N月 (held-out monthly release)
    ("前9个月，全市工业投资同比增长9.5%。", P2020, [("9.5%", 9.5, "%", "=", "growth", "actual", "2020-01..2020-09")]),
    ("今年前两个月，工业用电量增长3%。", P2020, [("3%", 3, "%", "=", "growth", "actual", "2020-01..2020-02")]),
    ("2019年前10个月，工业投资增长6%。", P2020, [("6%", 6, "%", "=", "growth", "actual", "2019-01..2019-10")]),
    ("今年上半年，洛阳 GDP 同比增长5.7%。", P2025, [("5.7%", 5.7, "%", "=", "growth", "actual", "2025-01..2025-06")]),
    ("去年全市新增规上工业企业 120 家。", P2025, [("120 家", 120, "家", "=", "level", "actual", "2024")]),
    (
        "全市工业增加值由“十二五”末的 1491 亿元增长到“十三五”末的 1854.9 亿元，年均增长 7.5%。",
        P2022,
        [
            ("1491 亿元", 1491, "亿元", "=", "level", "actual", "2015"),
            ("1854.9 亿元", 1854.9, "亿元", "=", "level", "actual", "2020"),
            ("7.5%", 7.5, "%", "=", "growth", "actual", "2016-2020"),
        ],
    ),
    (
        "2019 年全球经济增速 2.9%，2020 年-4.3%。",
        P2022,
        [
            ("2.9%", 2.9, "%", "=", "growth", "actual", "2019"),
            ("-4.3%", -4.3, "%", "=", "growth", "actual", "2020"),
        ],
    ),
    # a year's additions are that year's; only a text that names the plan adds them up over it (held-out prose)
    (
        "2025年，全市新增国家级专精特新“小巨人”企业12家。",
        P2025,
        [("12家", 12, "家", "=", "level", "actual", "2025-01..2025-09")],
    ),
    ("全年新增规模以上工业企业218家。", date(2026, 3, 20), [("218家", 218, "家", "=", "level", "actual", "2025")]),
    (
        "“十四五”以来成效显著。2025年累计新增上市企业6家。",
        P2025,
        [("6家", 6, "家", "=", "level", "actual", "2021-01..2025-09")],
    ),
    # --- shares, fractions, multiples, ranks
    # 翻了一番多 / 翻了两番 / 翻了一倍: the perfective 了 and a trailing 多 (held-out prose)
    (
        "产业规模翻了一番多，工业投资翻了两番。",
        P2020,
        [
            ("翻了一番多", 2, "倍", ">", "multiple", "actual", "2020-01..2020-10"),
            ("翻了两番", 4, "倍", "=", "multiple", "actual", "2020-01..2020-10"),
        ],
    ),
    ("营收翻了一倍。", P2020, [("翻了一倍", 2, "倍", "=", "multiple", "actual", "2020-01..2020-10")]),
    # 是2020年的N倍: the year is the multiple's base, the period runs from it (held-out prose)
    (
        "2025年全市研发费用加计扣除金额是2020年的两倍多。",
        P2025,
        [("两倍多", 2, "倍", ">", "multiple", "actual", "2020-01..2025-09")],
    ),
    ("占 GDP 比重保持在 1/3 以上。", P2020, [("1/3 以上", 33.33, "%", ">=", "share", "actual", "2020-01..2020-10")]),
    (
        "锂电池等14种产品占国内市场份额一半以上。",
        P2020,
        [
            ("14种", 14, "种", "=", "level", "actual", "2020-01..2020-10"),
            ("一半以上", 50, "%", ">=", "share", "actual", "2020-01..2020-10"),
        ],
    ),
    ("产品外销超过八成。", P2020, [("超过八成", 80, "%", ">", "share", "actual", "2020-01..2020-10")]),
    ("国家级创新平台占全省的三分之一。", P2020, [("三分之一", 33.33, "%", "=", "share", "actual", "2020-01..2020-10")]),
    ("专精特新企业总数增长42倍。", P2025, [("42倍", 42, "倍", "=", "multiple", "actual", "2025-01..2025-09")]),
    (
        "出口额同比增长一倍，利润增长百分之十五，亏损面约百分之三点五，次品率千分之五。",
        P2025,
        [
            ("一倍", 1, "倍", "=", "multiple", "actual", "2025-01..2025-09"),
            ("百分之十五", 15, "%", "=", "growth", "actual", "2025-01..2025-09"),
            ("约百分之三点五", 3.5, "%", "~", "share", "actual", "2025-01..2025-09"),
            ("千分之五", 5, "‰", "=", "share", "actual", "2025-01..2025-09"),
        ],
    ),
    (
        "研发投入强度达2.8%、居全省首位。",
        P2020,
        [
            ("2.8%", 2.8, "%", "=", "share", "actual", "2020-01..2020-10"),
            ("全省首位", 1, "名次", "=", "rank", "actual", "2020-01..2020-10"),
        ],
    ),
    (
        "规上工业增加值增长8.8%，排名全省第一。",
        P2025,
        [
            ("8.8%", 8.8, "%", "=", "growth", "actual", "2025-01..2025-09"),
            ("全省第一", 1, "名次", "=", "rank", "actual", "2025-01..2025-09"),
        ],
    ),
    (
        "全市１７８３家规上企业中，亏损企业约占两成。",
        P2025,
        [
            ("１７８３家", 1783, "家", "=", "level", "actual", "2025-01..2025-09"),
            ("两成", 20, "%", "=", "share", "actual", "2025-01..2025-09"),
        ],
    ),
    (
        "营业收入超过1,234.5亿元的产业链有3至5条。",
        P2025,
        [
            ("超过1,234.5亿元", 1234.5, "亿元", ">", "level", "actual", "2025-01..2025-09"),
            ("3至5条", 3, "条", "range", "level", "actual", "2025-01..2025-09"),
        ],
    ),
    # a move in a ranking is a change in 名次, not a count of 个 (held-out monthly release)
    (
        "前三季度，规上工业增加值增速位居全省第3位，较上半年前移2个位次。",
        P2020,
        [
            ("全省第3位", 3, "名次", "=", "rank", "actual", "2020-01..2020-09"),
            ("2个位次", 2, "名次", "=", "change", "actual", "2020-01..2020-09"),
        ],
    ),
    ("力争2035年迈入全国前20位。", P2022, [("全国前20位", 20, "名次", "<=", "rank", "target", "2035")]),
    (
        "一季度全市工业用电量下降3.1%；3月份当月增长2.0%。",
        P2025,
        [
            ("3.1%", 3.1, "%", "=", "growth", "actual", "2025-01..2025-03"),
            ("2.0%", 2.0, "%", "=", "growth", "actual", "2025-03..2025-03"),
        ],
    ),
    (
        "全市单位GDP能耗较2020年下降13.5%以上。",
        P2025,
        [
            ("13.5%以上", 13.5, "%", ">=", "growth", "actual", "2020-01..2025-09"),
        ],
    ),
    (
        "全市工业企业数量从2015年的1200家增加到2020年的1783家。",
        P2025,
        [
            ("1200家", 1200, "家", "=", "level", "actual", "2015"),
            ("1783家", 1783, "家", "=", "level", "actual", "2020"),
        ],
    ),
    (
        "新增省级孵化器3～5家，亏损面控制在 5% 以内，新增用地不超过 300 亩。",
        P2025,
        [
            ("3～5家", 3, "家", "range", "level", "actual", "2025-01..2025-09"),
            ("5% 以内", 5, "%", "<=", "share", "actual", "2025-01..2025-09"),
            ("不超过 300 亩", 300, "亩", "<=", "level", "actual", "2025-01..2025-09"),
        ],
    ),
    (
        "4月份投产，目前订货合同10多亿元。",
        P2020,
        [("10多亿元", 10, "亿元", ">", "level", "actual", "2020-01..2020-10")],
    ),
    # a share after a growth rate is a share, though its subject is the same (held-out monthly release)
    (
        "装备制造业增长9.4%，占35.2%。",
        P2020,
        [
            ("9.4%", 9.4, "%", "=", "growth", "actual", "2020-01..2020-10"),
            ("35.2%", 35.2, "%", "=", "share", "actual", "2020-01..2020-10"),
        ],
    ),
    # an amount with 以上 that only qualifies what a count after it counts is no statistic (held-out bulletin)
    (
        "全年实施500万元以上工业项目1236个。",
        P2020,
        [("1236个", 1236, "个", "=", "level", "actual", "2020-01..2020-10")],
    ),
    (
        "工业投资完成500亿元以上，项目120个。",
        P2020,
        [
            ("500亿元以上", 500, "亿元", ">=", "level", "actual", "2020-01..2020-10"),
            ("120个", 120, "个", "=", "level", "actual", "2020-01..2020-10"),
        ],
    ),
    # --- ranges and enumerations
    ("到 2025 年，形成 1—2 个创新型产业集群。", P2022, [("1—2 个", 1, "个", "range", "level", "target", "2025")]),
    ("争取2025年新建省级高新区2—3家。", P2022, [("2—3家", 2, "家", "range", "level", "target", "2025")]),
    # a hyphen right after a figure joins a rising range (4.5%-5%); no minus sign of a second figure
    ("2026年，全县力争生产总值增长4.5%-5%。", P2025, [("4.5%-5%", 4.5, "%", "range", "growth", "target", "2026")]),
    # a range whose ends carry different multipliers is one range in the lower end's unit (held-out prose)
    (
        "到2030年，先进制造业集群营业收入达到8000亿—1万亿元。",
        P2025,
        [("8000亿—1万亿元", 8000, "亿元", "range", "level", "target", "2030")],
    ),
    (
        "新增就业8000人至1.2万人。",
        P2025,
        [("8000人至1.2万人", 8000, "人", "range", "level", "actual", "2025-01..2025-09")],
    ),
    (
        "高于全国、全省0.95、2.2个百分点。",
        P2025,
        [
            ("0.95", 0.95, "百分点", "=", "change", "actual", "2025-01..2025-09"),
            ("2.2个百分点", 2.2, "百分点", "=", "change", "actual", "2025-01..2025-09"),
        ],
    ),
    # every member sharing 个百分点 is a change in 百分点, however many stand before the last (個 in a mirror)
    (
        "纺织、化工、电子、建材分别拉动全市规上工业增长1.4个、3.1个、0.9個和0.3个百分点。",
        P2025,
        [
            ("1.4个", 1.4, "百分点", "=", "change", "actual", "2025-01..2025-09"),
            ("3.1个", 3.1, "百分点", "=", "change", "actual", "2025-01..2025-09"),
            ("0.9個", 0.9, "百分点", "=", "change", "actual", "2025-01..2025-09"),
            ("0.3个百分点", 0.3, "百分点", "=", "change", "actual", "2025-01..2025-09"),
        ],
    ),
    (
        "三次产业分别占0.2%、95.5%和4.3%。",
        P2025,
        [
            ("0.2%", 0.2, "%", "=", "share", "actual", "2025-01..2025-09"),
            ("95.5%", 95.5, "%", "=", "share", "actual", "2025-01..2025-09"),
            ("4.3%", 4.3, "%", "=", "share", "actual", "2025-01..2025-09"),
        ],
    ),
    # --- declines and their direction
    (
        "全市单位工业增加值能耗累计下降 40.5%。",
        P2020,
        [("40.5%", 40.5, "%", "=", "growth", "actual", "2020-01..2020-10")],
    ),
    # --- scale words
    (
        "新材料产业集群规模超千亿，形成千亿级产业集群。",
        P2020,
        [
            ("超千亿", 1000, "亿元", ">", "level", "actual", "2020-01..2020-10"),
            ("千亿级", 1000, "亿元", ">=", "level", "actual", "2020-01..2020-10"),
        ],
    ),
    ("规上工业企业利润年均两位数增长。", P2020, [("两位数", 10, "%", ">=", "growth", "actual", "2020")]),
    ("集聚创新人才上万人。", P2025, [("上万人", 1, "万人", ">=", "level", "actual", "2025-01..2025-09")]),
    ("规划建设偃师、宜阳、新安、伊川四个静脉产业园。", P2020, [("四个", 4, "个", "=", "level", "target", "2020")]),
    ("“十三五”期间，规划建设四个静脉产业园。", P2022, [("四个", 4, "个", "=", "level", "actual", "2020")]),
    # --- Chinese numerals with classifiers
    (
        "全市拥有国家重点实验室七个，省级实验室十二家。",
        P2020,
        [
            ("七个", 7, "个", "=", "level", "actual", "2020-01..2020-10"),
            ("十二家", 12, "家", "=", "level", "actual", "2020-01..2020-10"),
        ],
    ),
    ("每年完成技改投资一百五十亿元以上。", P2020, [("一百五十亿元以上", 150, "亿元", ">=", "level", "actual", "2020")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0][:18] for c in CASES])
def test_sentence(text, published, expected):
    facts = extract(make_document(text, published))
    assert [summary(f) for f in facts] == expected


NON_FACTS = [
    "洛政〔2022〕23号",
    "2022年4月26日",
    " date 2024-11-22 9月30日，记者从发布会上获悉",
    "洛阳是国家“一五”时期重点建设的老工业基地。",
    "深入落实产业发展“136”工作举措，聚焦“四新一装备”风口产业。",
    "建成 5G 基站，打造 5G+工业互联网。",
    "重点实施年产集成电路级8英寸硅抛光片项目。",
    "重点推进时速 350km 高速铁路轴箱轴承关键技术产业化。",
    "LYC 轴承时速 250 公里高铁轴承各项指标达到国际先进水平。",
    "是指导洛阳市“十四五”时期制造业高质量发展的行动纲领。",
    "一是产业结构不优。二是创新能力不足。",
    "（一）坚持技术创新。1. 综合质效显著提升。",
    "打造一个产业、一名市级领导、一个牵头部门的工作机制。",
    "深入开展“万人助万企”活动，聚焦“三个一批”。",
    "仅用两个多月，建成第一条生产线。",
    "每1秒下线1个电芯,2.5 分钟完成1个电池包组装。",
    "培育 20 家百亿级企业的政策出台。".replace("20 家", ""),
    "营收超百亿元企业持续壮大。",
    "加快实施百万吨乙烯等重点项目。",
    "全市规上工业企业每万人拥有研发人员数持续增加，每亿元主营业务收入专利数提高。",
    "年耗能万吨标准煤以上工业企业全部纳入监测。",
    "依托P3 实验室和IPv6 网络建设 C919 配套项目。",
    "实施高新技术企业倍增计划，推动企业实现倍增发展。",
    "处于全省第一梯队。",
    "重点发展新一代磷酸铁锂电池、三元锂电池等产品。",
    "增强四个意识，做到两个维护，统筹推进五位一体总体布局。",
    "打好三场硬仗，召开第二场新闻发布会。",
]


@pytest.mark.parametrize("text", NON_FACTS)
def test_not_a_fact(text):
    assert extract(make_document(text, P2025)) == []


def test_program_names_do_not_hide_real_numbers():
    text = "深入落实“136”工作举措，全市规上工业企业达到 1796 家。"
    facts = extract(make_document(text, P2020))
    assert [(f.text, f.value) for f in facts] == [("1796 家", 1796)]


def test_direction_of_declines_and_negative_growth():
    facts = extract(make_document("全市单位工业增加值能耗累计下降 40.5%，2020 年全球经济增速-4.3%。", P2022))
    assert [(f.value, f.direction, f.basis) for f in facts] == [(40.5, "down", "cumulative"), (-4.3, "down", None)]


def test_moves_in_a_ranking_keep_their_direction():
    facts = extract(make_document("增速较上半年前移2个位次，营商环境排名后退3个位次。", P2025))
    assert [(f.value, f.measure, f.direction, f.subject) for f in facts] == [
        (2, "change", "up", "增速"),
        (3, "change", "down", "营商环境"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every member of a list of moves is a move (not a count of people 位)
        (
            "增速居全省第7位，位次分别较一季度、上半年前移7位、8位和7位。",
            [(7, "rank", None), (7, "change", "up"), (8, "change", "up"), (7, "change", "up")],
        ),
        ("位次较上月分别后退2位和3位。", [(2, "change", "down"), (3, "change", "down")]),
        # near miss: people counted after a list that moves nothing stay people
        ("全市新增院士2位、8位专家入选。", [(2, "level", None), (8, "level", None)]),
    ],
    ids=["前移", "后退", "people"],
)
def test_a_list_of_moves_in_a_ranking(text, expected):
    facts = extract(make_document(text, P2025))
    assert [(f.value, f.measure, f.direction) for f in facts] == expected


def test_a_negative_member_of_an_enumeration_falls_and_the_others_rise():
    facts = extract(make_document("营业收入、利润总额、应交增值税分别增长6.3%、-4.7%和2.1%。", P2025))
    assert [(f.value, f.direction) for f in facts] == [(6.3, "up"), (-4.7, "down"), (2.1, "up")]


def test_multiples():
    text = "每万人研发人员数较“十二五”末翻番，创新平台载体较“十二五”末翻两番，创新平台数量较“十三五”末实现倍增。"
    facts = extract(make_document(text, P2022))
    assert [(f.text, f.value, f.unit, f.measure) for f in facts] == [
        ("翻番", 2, "倍", "multiple"),
        ("翻两番", 4, "倍", "multiple"),
        ("倍增", 2, "倍", "multiple"),
    ]
    # no current period is written, so each multiple runs from its base to the publication, to date
    assert [period(f) for f in facts] == ["2015-01..2022-04", "2015-01..2022-04", "2020-01..2022-04"]
    assert all(f.period_open for f in facts)


def test_plan_documents_state_goals_for_their_own_period():
    body = "“十四五”期间，每年谋划实施重点工业项目500个以上。"
    plan = extract(make_document("## 洛阳市“十四五”制造业高质量发展规划\n\n" + body, P2022))
    news = extract(make_document(body, P2022))
    assert [(f.status, period(f)) for f in plan] == [("target", "2021-2025")]
    assert [(f.status, period(f)) for f in news] == [("actual", "2021-01..2022-04")]  # to date: the plan runs on


def test_range_across_multipliers_keeps_both_ends_in_one_unit():
    (fact,) = extract(make_document("营业收入达到8000亿—1万亿元。", P2025))
    assert (fact.value, fact.value_high, fact.unit) == (8000, 10000, "亿元")


def test_normalised_values():
    facts = extract(make_document("推动1.8万家中小企业上云，营业收入突破 1.1 万亿，占比 1/3。", P2025))
    assert [(f.value_base, f.base_unit) for f in facts] == [(18000, "家"), (1.1e12, "元"), (33.33, "%")]


def test_percentage_points_never_merge_with_percent():
    facts = extract(make_document("工业占GDP比重达到33.9%、高出全省4.7个百分点。", P2025))
    assert [(f.unit, f.base_unit, f.measure) for f in facts] == [("%", "%", "share"), ("百分点", "百分点", "change")]


def test_subjects_name_what_is_measured():
    cases = {
        "“十三五”末，全市规上工业企业达到 1783 家。": "规上工业企业",
        "全市规模以上工业企业达到1796家。": "规模以上工业企业",
        "拥有洛钼集团、洛阳石化等 14 家超百亿企业。": "超百亿企业",
        "国家农机装备创新中心获批建设，成为全国第12家。": "国家农机装备创新中心",
        "2020年全市规上工业增加值同比增长3.5%。": "规上工业增加值",
        "全年全市规模以上工业增加值比上年增长6.6%。": "规模以上工业增加值",
    }
    for text, subject in cases.items():
        (fact,) = extract(make_document(text, P2020))
        assert fact.subject == subject, text


# sentence → (evidence, subject) per fact: held-out prose whose subjects went wrong before
SUBJECT_CASES = [
    (
        "我市新增国家级专精特新“小巨人”企业12家，累计达到68家。",
        [("12家", "新增国家级专精特新“小巨人”企业"), ("68家", "国家级专精特新“小巨人”企业")],
    ),
    ("全年新增规上工业企业23家，达到198家。", [("23家", "新增规上工业企业"), ("198家", "规上工业企业")]),
    # parallel clauses name the measure once, even for an industry whose name lists others (held-out bulletin)
    (
        "采矿业增加值增长2.3%，制造业增长8.1%，电力、热力、燃气及水生产和供应业增长4.5%。",
        [("2.3%", "采矿业增加值"), ("8.1%", "制造业增加值"), ("4.5%", "电力、热力、燃气及水生产和供应业增加值")],
    ),
    # a sentence opening with 其中 details the one before it: its bare owners take that sentence's measure
    (
        "全年规模以上工业增加值增长7.2%。其中，国有控股企业增长5.1%，外商及港澳台商投资企业下降3.4%。",
        [("7.2%", "规模以上工业增加值"), ("5.1%", "国有控股企业增加值"), ("3.4%", "外商及港澳台商投资企业增加值")],
    ),
    (
        "全年规模以上工业增加值增长7.2%。国有控股企业增长5.1%。",
        [("7.2%", "规模以上工业增加值"), ("5.1%", "国有控股企业")],
    ),
    ("全市共有规上工业企业2413家，较年初净增187家。", [("2413家", "规上工业企业"), ("187家", "规上工业企业")]),
    (
        "制造业贷款余额达到865.3亿元，较年初增加96.2亿元。",
        [("865.3亿元", "制造业贷款余额"), ("96.2亿元", "制造业贷款余额")],
    ),
    # 其中 after additions: the part is of the additions too
    (
        "全市新增“四上”企业386家，其中规上工业企业152家。",
        [("386家", "新增“四上”企业"), ("152家", "新增规上工业企业")],
    ),
    # a rate compared after its statement is that statement's; a rank after the gap ranks the rate
    (
        "全市规上工业企业利润总额同比增长11.2%，增速比全省高4.5个百分点，居全省第5位。",
        [
            ("11.2%", "规上工业企业利润总额"),
            ("4.5个百分点", "规上工业企业利润总额增速比全省高"),
            ("全省第5位", "规上工业企业利润总额增速"),
        ],
    ),
    # 将/拟 announce a target; they are not part of what is measured
    ("全市将新建5G基站3000个，拟新增规上工业企业200家。", [("3000个", "新建5G基站"), ("200家", "新增规上工业企业")]),
    # a list whose shared measure is a ratio of a measure (增加值占比), and a member whose name holds 及/和
    (
        "采矿业、制造业、电力热力燃气及水生产和供应业增加值占比分别为8.2%、85.6%和6.2%。",
        [
            ("8.2%", "采矿业增加值占比"),
            ("85.6%", "制造业增加值占比"),
            ("6.2%", "电力热力燃气及水生产和供应业增加值占比"),
        ],
    ),
    # a contribution after a statement is the stated part's (拉动…, 贡献率)
    (
        "六大主导产业增加值增长9.2%，拉动规上工业增长5.3个百分点，贡献率达72.6%。",
        [
            ("9.2%", "六大主导产业增加值"),
            ("5.3个百分点", "六大主导产业增加值拉动规上工业"),
            ("72.6%", "六大主导产业增加值贡献率"),
        ],
    ),
    # a tier alone after 其中 is that tier of the noun counted before
    (
        "全市绿色工厂数量达到86家，其中国家级29家、省级57家。",
        [("86家", "绿色工厂数量"), ("29家", "国家级绿色工厂"), ("57家", "省级绿色工厂")],
    ),
    # a quoted name keeps both its quotes, never half of them
    ("全市“小巨人”企业户均研发投入强度达到6.5%。", [("6.5%", "“小巨人”企业户均研发投入强度")]),
    ("培育20家百亿级企业，500家“专精特新”企业。", [("20家", "百亿级企业"), ("500家", "“专精特新”企业")]),
    (
        "全年新增规模以上工业企业218家，净增156家，总数达到2574家。",
        [("218家", "新增规模以上工业企业"), ("156家", "规模以上工业企业"), ("2574家", "规模以上工业企业总数")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECT_CASES, ids=[c[0][:18] for c in SUBJECT_CASES])
def test_subjects_of_held_out_sentences(text, expected):
    assert [(f.text, f.subject) for f in extract(make_document(text, P2025))] == expected


# A statistical bulletin published in March reports on the year before; its title names the year.
BULLETIN = """2023年洛阳市国民经济和社会发展统计公报

全年全市地区生产总值5481.96亿元，比上年增长3.5%。其中，第一产业增加值259.38亿元，增长3.1%。

全年规模以上工业中，高技术制造业增加值增长18.5%，占规模以上工业增加值的比重为9.8%，比上年提高1.3个百分点。

一季度，全市规上工业增加值同比增长8.2%，前三季度增长7.1%。1-11月，全市工业投资增长15.6%。

年末全市共有规模以上工业企业2136家，比上年末增加156家。外商投资企业增加值下降2.1%。

截至6月底，全市已建成5G基站1.5万个。预计全年规上工业增加值增长7%左右。

该项目投产后可实现年产值120亿元。到2027年，先进制造业增加值占规上工业比重达到60%以上。
"""

BULLETIN_FACTS = [
    ("5481.96亿元", 5481.96, "亿元", "=", "level", None, None, "actual", "2023", "地区生产总值"),
    ("3.5%", 3.5, "%", "=", "growth", "yoy", "up", "actual", "2023", "地区生产总值"),
    ("259.38亿元", 259.38, "亿元", "=", "level", None, None, "actual", "2023", "第一产业增加值"),
    ("3.1%", 3.1, "%", "=", "growth", "yoy", "up", "actual", "2023", "第一产业增加值"),  # 比上年 said once
    ("18.5%", 18.5, "%", "=", "growth", "yoy", "up", "actual", "2023", "高技术制造业增加值"),
    ("9.8%", 9.8, "%", "=", "share", None, None, "actual", "2023", "高技术制造业增加值占规模以上工业增加值的比重"),
    (
        "1.3个百分点",
        1.3,
        "百分点",
        "=",
        "change",
        "yoy",
        "up",
        "actual",
        "2023",
        "高技术制造业增加值占规模以上工业增加值的比重",
    ),
    ("8.2%", 8.2, "%", "=", "growth", "yoy", "up", "actual", "2023-01..2023-03", "规上工业增加值"),
    ("7.1%", 7.1, "%", "=", "growth", "yoy", "up", "actual", "2023-01..2023-09", "规上工业增加值"),
    ("15.6%", 15.6, "%", "=", "growth", "yoy", "up", "actual", "2023-01..2023-11", "工业投资"),
    ("2136家", 2136, "家", "=", "level", None, None, "actual", "2023", "规模以上工业企业"),
    ("156家", 156, "家", "=", "change", "yoy", "up", "actual", "2023", "规模以上工业企业"),
    ("2.1%", 2.1, "%", "=", "growth", "yoy", "down", "actual", "2023", "外商投资企业增加值"),
    ("1.5万个", 1.5, "万个", "=", "level", None, None, "actual", "2023-06..2023-06", "建成5G基站"),
    ("7%左右", 7, "%", "~", "growth", None, "up", "target", "2024", "规上工业增加值"),
    ("120亿元", 120, "亿元", "=", "level", None, None, "target", "2023", "项目年产值"),
    ("60%以上", 60, "%", ">=", "share", None, None, "target", "2027", "先进制造业增加值占规上工业比重"),
]


def test_statistical_bulletin():
    facts = extract(make_document(BULLETIN, date(2024, 3, 28)))
    got = [
        (f.text, f.value, f.unit, f.comparator, f.measure, f.basis, f.direction, f.status, period(f), f.subject)
        for f in facts
    ]
    assert got == BULLETIN_FACTS


def test_a_period_that_opens_this_year_states_goals_even_outside_a_plan():
    body = "“十五五”期间，全市规上工业增加值年均增长7%以上。"
    opening = extract(make_document(body, date(2026, 2, 10)))
    later = extract(make_document(body, date(2027, 5, 10)))
    done = extract(make_document("“十五五”以来，全市已新增规上工业企业120家。", date(2026, 11, 10)))
    assert [(f.status, period(f)) for f in opening] == [("target", "2026-2030")]
    assert [f.status for f in later] == ["actual"]  # a news article inside the period reports on it (as before)
    assert [f.status for f in done] == ["actual"]


def test_what_a_plan_builds_on_exists_already():
    body = "“十四五”期间，依托电子信息、新材料等6大领域基础优势，培育13个细分领域。"
    facts = extract(make_document("## 洛阳市“十四五”制造业高质量发展规划\n\n" + body, P2022))
    assert [(f.text, f.status) for f in facts] == [("6大", "actual"), ("13个", "target")]


# A line that ends on a bare figure (a table's last cell, alone or after its label) ends its sentence without a 。:
# the next line's prose does not take the figure into its subject; a line ending on a word or a date still runs on
FIGURE_LINE_CASES = [
    (
        "指标\n营业收入\n-14.2\n规模以上工业企业营业收入318亿元，下降6.7%。",
        [
            ("318亿元", "规模以上工业企业营业收入", "2025-01..2025-09"),
            ("6.7%", "规模以上工业企业营业收入", "2025-01..2025-09"),
        ],
    ),
    (
        "营业收入 -14.2\n规模以上工业企业营业收入318亿元。",
        [("318亿元", "规模以上工业企业营业收入", "2025-01..2025-09")],
    ),
    (
        "利润总额\n12.5%\n规模以上工业企业利润总额39.9亿元。",
        [("12.5%", None, "2025-01..2025-09"), ("39.9亿元", "规模以上工业企业利润总额", "2025-01..2025-09")],
    ),
    # near miss: a page break inside a sentence after a date (no figure) joins the lines
    ("据统计，2022年\n规模以上工业企业营业收入318亿元。", [("318亿元", "规模以上工业企业营业收入", "2022")]),
]


@pytest.mark.parametrize(("text", "expected"), FIGURE_LINE_CASES, ids=[c[0][:12] for c in FIGURE_LINE_CASES])
def test_a_line_ending_on_a_figure_ends_its_sentence(text, expected):
    assert [(f.text, f.subject, period(f)) for f in extract(make_document(text, P2025))] == expected
