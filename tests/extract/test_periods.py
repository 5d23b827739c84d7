"""Periods of real releases (issue 14, form 1), one short text in, the period of each fact out (table-driven).

A period is written "2023" (one calendar year), "2021-2025" (whole years) or "2025-01..2025-08" (months); a fact
whose period runs past the publication date is marked "open" (see `Fact.period_open`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document

SEPT = date(2025, 9, 30)  # a release published at the end of September 2025
MARCH = date(2024, 3, 20)  # a bulletin on the year before
OCT = date(2025, 10, 20)  # a release on 9月 and 前三季度
MAY = date(2025, 5, 20)  # a release on 一季度


def period(fact) -> str:
    s, e = fact.period_start, fact.period_end
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        out = f"{s.year}" if s.year == e.year else f"{s.year}-{e.year}"
    elif s == e:
        out = f"{s:%Y-%m-%d}"
    else:
        out = f"{s:%Y-%m}..{e:%Y-%m}"
    return out + (" open" if fact.period_open else "")


def timed(fact) -> tuple:
    return (fact.text, fact.measure, fact.basis, fact.status, period(fact))


CASES = [
    # a single month is not the year to date of the same release
    (
        "8月当月，全市规上工业增加值增长6.2%，1—8月增长5.1%。",
        SEPT,
        [
            ("6.2%", "growth", None, "actual", "2025-08..2025-08"),
            ("5.1%", "growth", None, "actual", "2025-01..2025-08"),
        ],
    ),
    (
        "前8个月，全市规上工业增加值增长5.1%，其中8月份增长6.2%。",
        SEPT,
        [
            ("5.1%", "growth", None, "actual", "2025-01..2025-08"),
            ("6.2%", "growth", None, "actual", "2025-08..2025-08"),
        ],
    ),
    (
        "1-7月，全市工业投资增长9.3%；7月，工业投资增长4.1%。",
        SEPT,
        [
            ("9.3%", "growth", None, "actual", "2025-01..2025-07"),
            ("4.1%", "growth", None, "actual", "2025-07..2025-07"),
        ],
    ),
    (
        "2024年8月，全市规上工业增加值增长3%。",
        SEPT,
        [("3%", "growth", None, "actual", "2024-08..2024-08")],
    ),
    # a date on a day is not a month: 8月15日 dates nothing, and a figure with no period is as of writing
    ("8月15日，全市签约项目20个。", SEPT, [("20个", "level", None, "actual", "2025-01..2025-09 open")]),
    # …but a figure per year (每年, 年均) is a year's
    ("全县每年新增规上工业企业30家。", SEPT, [("30家", "level", None, "actual", "2025")]),
    # an achieved figure cannot cover time after publication: to date, through the month of publication, open
    ("“十四五”以来，全市新增专精特新企业120家。", SEPT, [("120家", "level", None, "actual", "2021-01..2025-09 open")]),
    # a report on a span still running states levels, shares and multiples as they are now; what was gained or
    # won over the span (获评, 新增, 培育) covers the span to date
    (
        "“十四五”时期，全县专精特新企业平均研发强度达5.9%，约为全县平均水平1.8倍，户均拥有发明专利21项。",
        SEPT,
        [
            ("5.9%", "share", None, "actual", "2025-01..2025-09 open"),
            ("1.8倍", "multiple", None, "actual", "2025-01..2025-09 open"),
            ("21项", "level", None, "actual", "2025-01..2025-09 open"),
        ],
    ),
    (
        "“十四五”时期，全县12家企业获评省级智能工厂。",
        SEPT,
        [("12家", "level", None, "actual", "2021-01..2025-09 open")],
    ),
    # …and so are the projects taken on (承担) over it, with the firms that took them on
    (
        "“十四五”时期，全县企业发展提质增效。\n\n创新能力增强。8家企业承担省级重点研发专项15项。",
        SEPT,
        [
            ("8家", "level", None, "actual", "2021-01..2025-09 open"),
            ("15项", "level", None, "actual", "2021-01..2025-09 open"),
        ],
    ),
    # …and so is what was set up (组建) or grown (增长12倍) over it
    (
        "“十四五”时期，全县组建产业研究院9家，专精特新企业总数增长12倍。",
        SEPT,
        [
            ("9家", "level", None, "actual", "2021-01..2025-09 open"),
            ("12倍", "multiple", None, "actual", "2021-01..2025-09 open"),
        ],
    ),
    # an increment (增量) is a flow over the span, here a forecast of it
    (
        "“十四五”时期，全市制造业增加值增量预计达1200亿元。",
        date(2025, 11, 20),
        [("1200亿元", "level", None, "target", "2021-2025")],
    ),
    # 过去五年 / 近三年: the last full years; 十年前: as many years before the last full one; 五年来: up to now
    (
        "过去五年，全市规上工业增加值年均增长7.1%。",
        date(2025, 3, 10),
        [("7.1%", "growth", "cagr", "actual", "2020-2024")],
    ),
    (
        "2024年，全县工业投资占比为31.2%，相比十年前提高4.5个百分点。",
        date(2025, 3, 10),
        [
            ("31.2%", "share", None, "actual", "2024"),
            ("4.5个百分点", "change", "vs_base", "actual", "2014-2024"),
        ],
    ),
    ("近三年，全县累计新增规上工业企业96家。", date(2025, 3, 10), [("96家", "level", None, "actual", "2022-2024")]),
    (
        "“河洛工匠计划”实施五年来，全市引进高技能人才团队32个。",
        SEPT,
        [("32个", "level", None, "actual", "2020-01..2025-09 open")],
    ),
    # …a span written after a figure (创近十年新高) is an aside: it dates nothing after it
    (
        "上半年，全市规上工业增加值增长8.8%，创近十年新高。\n\n全市建成产业链17条，新增规上企业40家。",
        SEPT,
        [
            ("8.8%", "growth", None, "actual", "2025-01..2025-06"),
            ("17条", "level", None, "actual", "2025-01..2025-06"),
            ("40家", "level", None, "actual", "2025-01..2025-06"),
        ],
    ),
    # 2025年度…名单 is the year's edition: the whole year, not the year so far
    (
        "省工信厅公布2025年度省级智能工厂名单，全市37家企业入选。",
        date(2025, 6, 20),
        [("37家", "level", None, "actual", "2025")],
    ),
    # a figure held in every year of a span (均为) is the span's, not its last year's
    (
        "2021至2023年，该企业主导产品国内市场占有率排名均为第2位。",
        date(2025, 6, 20),
        [("第2位", "rank", None, "actual", "2021-2023")],
    ),
    # a multiple or growth after 从2015年的…到2024年… runs from the origin; a yearly average keeps its years
    (
        "全县工业总产值从2015年的86亿元，跨过百亿元台阶，到2024年达到173亿元、翻了一番。",
        date(2025, 3, 10),
        [
            ("86亿元", "level", None, "actual", "2015"),
            ("过百亿元", "level", None, "actual", "2024"),
            ("173亿元", "level", None, "actual", "2024"),
            ("翻了一番", "multiple", None, "actual", "2015-2024"),
        ],
    ),
    # …一年来 / 过去一年 is the year just reported on, not a span
    ("一年来，全区新增规上工业企业35家。", date(2022, 4, 15), [("35家", "level", None, "actual", "2021")]),
    # 用3年时间 (a goal): N years from the year of writing; 用五年时间…翻一番 (done): the N years up to the period
    (
        "力争用3年时间，全市新培育专精特新企业150家。",
        date(2025, 2, 10),
        [("150家", "level", None, "target", "2025-2027")],
    ),
    (
        "全年，全县生产总值达到820亿元，用五年时间实现了经济总量翻一番。",
        date(2025, 2, 10),
        [("820亿元", "level", None, "actual", "2024"), ("翻一番", "multiple", None, "actual", "2019-2024")],
    ),
    # 由上年同期的86家减少到71家: the origin value is of last year's same months, the new one of the period
    (
        "一季度，全县规上工业亏损企业由上年同期的86家减少到71家。",
        date(2025, 5, 22),
        [("86家", "level", None, "actual", "2024-01..2024-03"), ("71家", "level", None, "actual", "2025-01..2025-03")],
    ),
    # 如今/目前/截至目前: as of publication, the year to date through the month of publication, open
    ("如今，全市规上工业企业达到1800家。", SEPT, [("1800家", "level", None, "actual", "2025-01..2025-09 open")]),
    (
        "截至目前，全县累计培育省级专精特新企业87家。",
        date(2024, 6, 18),
        [("87家", "level", None, "actual", "2024-01..2024-06 open")],
    ),
    # a month's end is that day; 与…相比 names a base: a yearly average against it covers the years after it
    ("10月末，全省金融机构贷款余额增长11.5%。", SEPT, [("11.5%", "growth", None, "actual", "2024-10-31")]),
    (
        "2022年，全县生产总值增长4.1%；与2020年相比，两年平均增长2.5%。",
        date(2023, 4, 15),
        [("4.1%", "growth", None, "actual", "2022"), ("2.5%", "growth", "cagr", "actual", "2021-2022")],
    ),
    # a period written after a figure describes its trend; it dates no sentence after it
    (
        "1—8月，工业投资同比增长8.2%，今年以来连续5个月增速提高；基础设施投资同比增长13.0%。",
        SEPT,
        [
            ("8.2%", "growth", "yoy", "actual", "2025-01..2025-08"),
            ("13.0%", "growth", "yoy", "actual", "2025-01..2025-08"),
        ],
    ),
    # a month after the year to date it closes is an aside of the release on 1—8月
    (
        "1-8月，全区规上工业增加值增长7.5%。8月当月增速9.7%。制造业增长11.9%。",
        SEPT,
        [
            ("7.5%", "growth", None, "actual", "2025-01..2025-08"),
            ("9.7%", "growth", None, "actual", "2025-08..2025-08"),
            ("11.9%", "growth", None, "actual", "2025-01..2025-08"),
        ],
    ),
    (
        "规上工业增加值较“十三五”末增长23%。",
        SEPT,
        [("23%", "growth", "vs_base", "actual", "2020-01..2025-09 open")],
    ),
    # …a target may (到2025年 in September 2025), and a past year is closed
    ("到2025年，规上工业企业力争达到2000家。", SEPT, [("2000家", "level", None, "target", "2025")]),
    ("2024年，全市规上工业企业达到1700家。", SEPT, [("1700家", "level", None, "actual", "2024")]),
    # a part of a year named without its year and not yet ended at publication is last year's
    (
        "一季度，全市规上工业增加值增长8.2%，1-11月工业投资增长15.6%。",
        MARCH,
        [
            ("8.2%", "growth", None, "actual", "2023-01..2023-03"),
            ("15.6%", "growth", None, "actual", "2023-01..2023-11"),
        ],
    ),
    # a line announcing goals (…主要预期目标) makes its bulleted items targets; a bullet opens an item of its own
    (
        "■ 2024年成绩单\n\n●地区生产总值增长5.8%\n\n■ 2025年经济社会发展的主要预期目标\n\n●经济增长6%左右",
        date(2025, 1, 17),
        [("5.8%", "growth", None, "actual", "2024"), ("6%左右", "growth", None, "target", "2025")],
    ),
    # 3月份以来 starts a trend, it is not the month of what follows
    (
        "1—8月，民间投资增长5.5%，增速自今年3月份以来逐月回升；工业投资增长8.2%。",
        SEPT,
        [
            ("5.5%", "growth", None, "actual", "2025-01..2025-08"),
            ("8.2%", "growth", None, "actual", "2025-01..2025-08"),
        ],
    ),
    # a change against last year's end (较上年底) is of the current period, like 比上年
    (
        "前7个月，全县规上工业企业达到310家，较上年底增加12家。",
        SEPT,
        [
            ("310家", "level", None, "actual", "2025-01..2025-07"),
            ("12家", "change", "yoy", "actual", "2025-01..2025-07"),
        ],
    ),
    # 比2023年同期: the same months of that year, through the current period
    (
        "7月份，全县规上工业增加值同比增长6.6%，比2023年同期增长11.2%。",
        date(2025, 8, 15),
        [
            ("6.6%", "growth", "yoy", "actual", "2025-07..2025-07"),
            ("11.2%", "growth", "vs_base", "actual", "2023-07..2025-07"),
        ],
    ),
    # every member of a listed base is a base: 较7月、8月 leaves the figures in September
    (
        "9月份，全区工业用电量增长3.1%，较7月、8月分别加快1.4和0.9个百分点。",
        SEPT,
        [
            ("3.1%", "growth", None, "actual", "2025-09..2025-09"),
            ("1.4", "change", "vs_base", "actual", "2025-09..2025-09"),
            ("0.9个百分点", "change", "vs_base", "actual", "2025-09..2025-09"),
        ],
    ),
    # periods listed before 分别 date their figures one by one, and no figure after them
    (
        "上半年，全市规上工业增加值增长4.9%，一季度和二季度分别增长5.2%和4.7%，制造业投资增长8.8%。",
        SEPT,
        [
            ("4.9%", "growth", None, "actual", "2025-01..2025-06"),
            ("5.2%", "growth", None, "actual", "2025-01..2025-03"),
            ("4.7%", "growth", None, "actual", "2025-04..2025-06"),
            ("8.8%", "growth", None, "actual", "2025-01..2025-06"),
        ],
    ),
    # …a range of years stands for each year in it; 同期…分别 repeats the list
    (
        "2022年至2024年上半年，公司分别实现营业收入12.6亿元、15.3亿元、8.1亿元；同期净利润分别为1.2亿元、1.5亿元。",
        SEPT,
        [
            ("12.6亿元", "level", None, "actual", "2022"),
            ("15.3亿元", "level", None, "actual", "2023"),
            ("8.1亿元", "level", None, "actual", "2024-01..2024-06"),
            ("1.2亿元", "level", None, "actual", "2022"),
            ("1.5亿元", "level", None, "actual", "2023"),
        ],
    ),
    (
        "2021—2023年，全县工业投资分别增长6.1%、7.4%、5.9%。",
        SEPT,
        [
            ("6.1%", "growth", None, "actual", "2021"),
            ("7.4%", "growth", None, "actual", "2022"),
            ("5.9%", "growth", None, "actual", "2023"),
        ],
    ),
    # a period at the head of a paragraph dates the paragraphs after it until another one opens with a period
    (
        "2023年末，全市共有规上工业企业1200家。\n\n全市规上工业企业营业收入增长5%。",
        MARCH,
        [("1200家", "level", None, "actual", "2023"), ("5%", "growth", None, "actual", "2023")],
    ),
    (
        "上半年，全市规上工业增加值增长5%。\n工业投资增长8%。\n全年，工业用电量增长3%。\n工业企业利润增长2%。",
        date(2026, 2, 10),
        [
            ("5%", "growth", None, "actual", "2025-01..2025-06"),
            ("8%", "growth", None, "actual", "2025-01..2025-06"),
            ("3%", "growth", None, "actual", "2025"),
            ("2%", "growth", None, "actual", "2025"),
        ],
    ),
    # a sentence walking through periods of one grain, or a trend (…以来), dates nothing after it
    (
        "10月份，全市规上工业增加值增长6.1%。三季度以来，增速持续回落。7月份增速为9.2%，8月份为8.0%，9月份为7.3%。"
        "工业产品销售率为97.1%。",
        date(2025, 11, 15),
        [
            ("6.1%", "growth", None, "actual", "2025-10..2025-10"),
            ("9.2%", "growth", None, "actual", "2025-07..2025-07"),
            ("8.0%", "growth", None, "actual", "2025-08..2025-08"),
            ("7.3%", "growth", None, "actual", "2025-09..2025-09"),
            ("97.1%", "share", None, "actual", "2025-10..2025-10"),
        ],
    ),
    # …but since a year (今年以来, “十四五”以来) is the period so far: it carries
    (
        "上半年，全县工业投资增长6.2%。\n\n今年以来，全县实施技改项目120个。累计帮助企业融资36.5亿元。",
        SEPT,
        [
            ("6.2%", "growth", None, "actual", "2025-01..2025-06"),
            ("120个", "level", None, "actual", "2025-01..2025-09"),
            ("36.5亿元", "level", None, "actual", "2025-01..2025-09"),
        ],
    ),
    # …but a paragraph that names a second period later on carries neither
    (
        "截至6月底，全市建成5G基站1.5万个。预计全年规上工业增加值增长7%。\n\n该项目投产后年产值120亿元。",
        MARCH,
        [
            ("1.5万个", "level", None, "actual", "2023-06-30"),
            ("7%", "growth", None, "target", "2024"),
            ("120亿元", "level", None, "target", "2024"),
        ],
    ),
    # a base's figure (较高基数(120.5亿元)) is of the same period a year earlier
    (
        "一季度，全市规上工业产值在较高基数(120.5亿元)的基础上增长3.2%。",
        MAY,
        [
            ("120.5亿元", "level", None, "actual", "2024-01..2024-03"),
            ("3.2%", "growth", "vs_base", "actual", "2025-01..2025-03"),
        ],
    ),
    # a mirror that lost the dash of 1—8月 / 1—10月 (18月份, 110月份): no month is 13 to 19 or 110 to 112
    (
        "8月份，全省工业用电量增长2.1%18月份，全省工业用电量增长4.5%",
        SEPT,
        [
            ("2.1%", "growth", None, "actual", "2025-08..2025-08"),
            ("4.5%", "growth", None, "actual", "2025-01..2025-08"),
        ],
    ),
    (
        "10月份，全省工业用电量增长3.0%110月份，全省工业用电量增长4.2%",
        date(2025, 11, 20),
        [
            ("3.0%", "growth", None, "actual", "2025-10..2025-10"),
            ("4.2%", "growth", None, "actual", "2025-01..2025-10"),
        ],
    ),
    # a paragraph that lists goals after a colon lists them to its end, past a full stop; the next one does not
    (
        "今年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右；规上工业增加值增长7%。"
        "城镇居民人均可支配收入实际增长6%，农村居民人均可支配收入实际增长7%。\n\n城镇居民人均可支配收入实际增长5.1%。",
        date(2026, 1, 20),
        [
            ("6%左右", "growth", None, "target", "2026"),
            ("7%", "growth", None, "target", "2026"),
            ("6%", "growth", None, "target", "2026"),
            ("7%", "growth", None, "target", "2026"),
            ("5.1%", "growth", None, "actual", "2026-01..2026-01 open"),
        ],
    ),
    # a paragraph opening with 其中 gives the parts of the whole named just before: its period, and it carries on
    (
        "9月份，全省规上工业增加值增长5.0%。前三季度，全省规上工业增加值增长6.1%，比上半年加快0.3个百分点。\n\n"
        "其中，轻工业增长4.2%，重工业增长7.0%。\n\n高技术制造业增加值增长9.5%。",
        OCT,
        [
            ("5.0%", "growth", None, "actual", "2025-09..2025-09"),
            ("6.1%", "growth", None, "actual", "2025-01..2025-09"),
            ("0.3个百分点", "change", "vs_base", "actual", "2025-01..2025-09"),
            ("4.2%", "growth", None, "actual", "2025-01..2025-09"),
            ("7.0%", "growth", None, "actual", "2025-01..2025-09"),
            ("9.5%", "growth", None, "actual", "2025-01..2025-09"),
        ],
    ),
    # …without it, the paragraph that names two periods carries neither
    (
        "9月份，全省规上工业增加值增长5.0%。前三季度，全省规上工业增加值增长6.1%。\n\n高技术制造业增加值增长9.5%。",
        OCT,
        [
            ("5.0%", "growth", None, "actual", "2025-09..2025-09"),
            ("6.1%", "growth", None, "actual", "2025-01..2025-09"),
            ("9.5%", "growth", None, "actual", "2025-01..2025-10 open"),
        ],
    ),
    # a period heading a paragraph inside a section dates the rest of that section only; the opening's, all of them
    (
        "一季度，全县地区生产总值增长5.1%。\n一、金融\n3月末，全县存款余额120.5亿元，增长6.0%。\n"
        "二、居民收入\n全县居民人均可支配收入8120元，增长5.5%。",
        MAY,
        [
            ("5.1%", "growth", None, "actual", "2025-01..2025-03"),
            ("120.5亿元", "level", None, "actual", "2025-03-31"),
            ("6.0%", "growth", None, "actual", "2025-03-31"),
            ("8120元", "level", None, "actual", "2025-01..2025-03"),
            ("5.5%", "growth", None, "actual", "2025-01..2025-03"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_periods(text, published, expected):
    assert [timed(f) for f in extract(make_document(text, published))] == expected


def test_a_title_naming_a_past_period_dates_a_text_that_names_none():
    text = "衡水市统计局\n\n全市地区生产总值实现1800.5亿元，比上年增长4.2%。"
    bulletin = replace(make_document(text, date(2023, 4, 1)), title="2022年衡水市国民经济和社会发展统计公报")
    assert [period(f) for f in extract(bulletin)] == ["2022", "2022"]
    # a title naming no period, or one still to come, leaves the text as of writing: the year to date
    for title in ("衡水市统计公报", "2023年衡水市工作要点"):
        assert [period(f) for f in extract(replace(bulletin, title=title))] == ["2023-01..2023-04 open"] * 2


def test_a_text_naming_one_period_only_is_about_it():
    """A news item on a ranking names 2024年 once, in a later paragraph: its undated figures are 2024's, not the
    month it was published in; a text naming two periods leaves an undated figure to date."""
    text = (
        "记者获悉，全省共有8个县（市）进入全国工业百强县榜单。\n\n"
        "报告显示，2024年全省入围县（市）达到8个，比上年增加2个。"
    )
    facts = extract(make_document(text, date(2025, 1, 6)))
    assert [(f.text, period(f)) for f in facts] == [("8个", "2024"), ("8个", "2024"), ("2个", "2024")]
    two = text.replace("比上年增加2个", "2023年为6个")
    facts = extract(make_document(two, date(2025, 1, 6)))
    assert (facts[0].text, period(facts[0])) == ("8个", "2025-01..2025-01 open")


def test_per_year_targets_keep_their_own_series():
    """每年 / 年均 targets are per year: 年均增长8% is a compound rate over the plan; 每年新增100家 keeps 每年 in its
    subject and links to no stock or total, so it is never read as 100 over the whole plan."""
    catalog = load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")
    text = "## 洛阳市“十四五”制造业高质量发展规划\n\n到2025年，规上工业增加值年均增长8%，每年新增规上工业企业100家。"
    facts = extract(make_document(text, date(2022, 4, 26)), catalog)
    assert [(f.text, f.basis, f.status, period(f), f.subject, f.indicator_code) for f in facts] == [
        ("8%", "cagr", "target", "2021-2025", "规上工业增加值", "above_scale_industrial_value_added"),
        ("100家", None, "target", "2021-2025", "每年新增规上工业企业", None),
    ]


def test_a_change_since_the_last_plan_is_over_the_span_not_year_on_year():
    text = "全市规上工业增加值同比增长5%。\n“十四五”以来，规上工业增加值较“十三五”末增长23%。"
    facts = extract(make_document(text, SEPT))
    assert [(f.text, f.basis, period(f)) for f in facts] == [
        ("5%", "yoy", "2025-01..2025-09 open"),
        ("23%", "vs_base", "2020-01..2025-09 open"),
    ]


def test_a_years_additions_in_a_report_naming_the_plan_are_that_years():
    """A work report names “十四五” and sets 2025's goals: 城镇新增就业70万人 is 2025's, not the plan's sum; 累计新增
    and 年均 still run over the plan."""
    text = (
        "“十四五”规划目标任务即将完成。\n\n■ 2025年经济社会发展的主要预期目标\n\n●城镇新增就业70万人以上\n\n"
        "●到2025年，累计新增专精特新企业200家"
    )
    facts = extract(make_document(text, date(2025, 1, 17)))
    assert [(f.text, f.status, period(f)) for f in facts] == [
        ("70万人以上", "target", "2025"),
        ("200家", "target", "2021-2025"),
    ]


# a bulletin whose title (else opening) names the year it reports on, in a copy posted years later (a mirror)
STALE = date(2022, 8, 10)
AS_TODAY = ["2022-01..2022-08 open"] * 3  # 全年 of a text written in August 2022: the year to date
YEAR_CASES = [
    # the title's year anchors 全年 and 年末; the publication date years later does not
    ("title", "2016年某县国民经济和社会发展统计公报", "", "bulletin", STALE, ["2016"] * 3),
    ("no year", "某县统计公报", "", "bulletin", STALE, AS_TODAY),
    # the opening names the year when the title does not
    ("opening", "某县统计公报", "2016年，全县经济平稳运行。\n\n", "bulletin", STALE, ["2016"] * 3),
    # a copy posted in the months a report on that year comes out reads as it always did
    ("in time", "2021年某县国民经济和社会发展统计公报", "", "bulletin", date(2022, 4, 15), ["2021"] * 3),
    # a title naming part of a year, or an article that is no report on a year, keeps the publication date
    ("quarter", "2016年一季度某县经济运行情况", "", "bulletin", STALE, AS_TODAY),
    ("article", "2016年某县工业发展回顾", "", "article", STALE, AS_TODAY),
]


@pytest.mark.parametrize(
    ("title", "opening", "doc_type", "published", "expected"),
    [c[1:] for c in YEAR_CASES],
    ids=[c[0] for c in YEAR_CASES],
)
def test_a_bulletin_reads_its_relative_periods_in_the_year_it_reports_on(title, opening, doc_type, published, expected):
    text = opening + "全年全县粮食总产量4.2万吨，比上年增长1.5%。年末全县常住人口32.1万人。"
    document = replace(make_document(text, published), title=title, doc_type=doc_type)
    assert [period(f) for f in extract(document)] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the base's own figure in parentheses right after it is of the base: 上年同期 is last year's same months
        (
            "1—4月，全市规上工业增加值同比增长6.5%，较上年同期(-2.3%)回升8.8个百分点，高于全省（5.0%）1.5个百分点。",
            MAY,
            [
                ("6.5%", "2025-01..2025-04"),
                ("-2.3%", "2024-01..2024-04"),
                ("8.8个百分点", "2025-01..2025-04"),
                ("5.0%", "2025-01..2025-04"),
                ("1.5个百分点", "2025-01..2025-04"),
            ],
        ),
        # 上年 is the year before the period reported on, not before the publication date
        (
            "2024年，全市规上工业增加值增长6.5%，较上年（4.1%）加快2.4个百分点。",
            date(2025, 2, 20),
            [("6.5%", "2024"), ("4.1%", "2023"), ("2.4个百分点", "2024")],
        ),
    ],
    ids=["same months", "year before"],
)
def test_a_figure_in_parentheses_after_a_base_is_the_bases(text, published, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, published))] == expected


PLAN = (
    "某市专精特新企业培育三年行动计划（2025—2027年）\n\n到2027年，专精特新企业达到800家，年均增加120家；"
    "新认定省级企业技术中心30个，培育单项冠军企业5家，累计建成智能工厂60个。"
)
GOALS = "力争到2027年，新增上市企业10家，规上工业产值达到900亿元。"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # what is added, designated or cultivated up to the end year covers the span the text names; a level
        # reached, and a stock built up (累计建成), is the end year's
        (
            PLAN,
            date(2025, 6, 10),
            [("800家", "2027"), ("120家", "2025-2027"), ("30个", "2025-2027"), ("5家", "2025-2027"), ("60个", "2027")],
        ),
        # no span named: from the year of writing, or the next for a plan written in its last quarter
        (GOALS, date(2025, 4, 5), [("10家", "2025-2027"), ("900亿元", "2027")]),
        (GOALS, date(2024, 11, 5), [("10家", "2025-2027"), ("900亿元", "2027")]),
        (GOALS.replace("2027", "2026"), date(2024, 5, 5), [("10家", "2024-2026"), ("900亿元", "2026")]),
    ],
    ids=["named span", "no span", "last quarter", "spring"],
)
def test_what_a_plan_adds_up_to_its_end_year_covers_its_span(text, published, expected):
    facts = extract(make_document(text, published))
    assert all(f.status == "target" for f in facts)
    assert [(f.text, period(f)) for f in facts] == expected


# a government work report, written early in the year it plans, sets that year's tasks: a goal with no year of its own
# is the report's year, not a later one an earlier sentence or paragraph set for other goals (力争2028年…) — in other
# texts that later year carries → (title, text, [(figure, status, period)])
JAN_2026 = date(2026, 1, 20)
REPORT_TASKS = [
    (
        "2026年市政府工作报告解读",
        "力争2028年全市新材料产业规模突破1500亿元。培育省级专精特新企业40家，新增规上工业企业200家。",
        [("突破1500亿元", "target", "2028"), ("40家", "target", "2026"), ("200家", "target", "2026")],
    ),
    (
        "2026年市政府工作报告解读",
        "报告提出，2028年全市制造业增加值占生产总值比重达到35%。\n\n着力推进数字化转型，新建智能工厂60个。",
        [("35%", "target", "2028"), ("60个", "target", "2026")],
    ),
    (
        "全市制造业发展综述",
        "力争2028年全市新材料产业规模突破1500亿元。培育省级专精特新企业40家。",
        [("突破1500亿元", "target", "2028"), ("40家", "target", "2028")],
    ),
]


@pytest.mark.parametrize(("title", "text", "expected"), REPORT_TASKS, ids=[c[1][:12] for c in REPORT_TASKS])
def test_work_report_tasks_are_of_its_year(title, text, expected):
    document = replace(make_document(text, JAN_2026), title=title)
    assert [(f.text, f.status, period(f)) for f in extract(document)] == expected


# a release on the year to date gives its last month beside it without naming the month (其中当月, 本月), and after a
# month's clause, 累计 is back to the year to date → [(figure, measure, period)]
THIS_MONTH = [
    (
        "1-8月，全市规上工业产值4568.3亿元，同比增长6.2%，其中当月实现产值1001.1亿元，增长6.5%。",
        [
            ("4568.3亿元", "level", "2025-01..2025-08"),
            ("6.2%", "growth", "2025-01..2025-08"),
            ("1001.1亿元", "level", "2025-08..2025-08"),
            ("6.5%", "growth", "2025-08..2025-08"),
        ],
    ),
    (
        "1-8月，全市规上工业增加值增长7.3%。8月当月增长8.9%，当月增幅居全省第三，累计增幅位次较上半年前移6位。",
        [
            ("7.3%", "growth", "2025-01..2025-08"),
            ("8.9%", "growth", "2025-08..2025-08"),
            ("全省第三", "rank", "2025-08..2025-08"),
            ("6位", "change", "2025-01..2025-08"),
        ],
    ),
    # near misses: 累计 after 当月 is the year to date again; a stock reached (累计达到) stays the month's; a
    # sentence after the one on 当月 is the year to date's, as any aside of a month
    (
        "1-8月，全市产值增长6.2%，本月增长6.5%，累计增长7.1%。",
        [
            ("6.2%", "growth", "2025-01..2025-08"),
            ("6.5%", "growth", "2025-08..2025-08"),
            ("7.1%", "growth", "2025-01..2025-08"),
        ],
    ),
    (
        "8月份，全市新增企业12家，累计达到300家。",
        [("12家", "level", "2025-08..2025-08"), ("300家", "level", "2025-08..2025-08")],
    ),
    (
        "1-8月，全市产值增长6.2%，其中当月增长6.5%。出口交货值增长3.1%。",
        [
            ("6.2%", "growth", "2025-01..2025-08"),
            ("6.5%", "growth", "2025-08..2025-08"),
            ("3.1%", "growth", "2025-01..2025-08"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), THIS_MONTH, ids=[c[0][:16] for c in THIS_MONTH])
def test_this_month_beside_the_year_to_date(text, expected):
    assert [(f.text, f.measure, period(f)) for f in extract(make_document(text, SEPT))] == expected


# a page's date stamp on a line of its own is not a sentence cut by a page break: joined to the paragraph under it,
# its digits made the paragraph's opening period read as written after a figure, and 11月当月 dated what follows
DEC_2014 = date(2014, 12, 24)
DATELINE = [
    (
        "工业运行情况\n\n24.12.2014  12:58\n\n今年1-11月份,全市规上工业增加值增长11.8%。其中,11月当月增长13.2%。"
        "全市装备制造业增加值251.9亿元,增长19.9%。",
        [
            ("11.8%", "2014-01..2014-11"),
            ("13.2%", "2014-11..2014-11"),
            ("251.9亿元", "2014-01..2014-11"),
            ("19.9%", "2014-01..2014-11"),
        ],
    ),
    (
        "工业运行情况\n\n2014-12-24 12:58:01\n\n1-11月，全市规上工业增加值增长11.8%。11月当月增长13.2%。"
        "装备制造业增长19.9%。",
        [("11.8%", "2014-01..2014-11"), ("13.2%", "2014-11..2014-11"), ("19.9%", "2014-01..2014-11")],
    ),
    # near miss: a sentence a page break cut is still one sentence
    (
        "工业运行情况\n\n1-11月，全市规上工业增加值\n\n增长11.8%。其中，11月当月增长13.2%。装备制造业增长19.9%。",
        [("11.8%", "2014-01..2014-11"), ("13.2%", "2014-11..2014-11"), ("19.9%", "2014-01..2014-11")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DATELINE, ids=[str(i) for i in range(len(DATELINE))])
def test_a_date_stamp_line_is_not_part_of_the_paragraph_under_it(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, DEC_2014))] == expected


# a range of years written with a year on both ends (2021年至2024年, 2021年—2024年) is a span, as 2021—2024年 is;
# a range ending in a part of a year (2022年至2024年上半年) stays the periods listed one by one → [(figure, period)]
YEAR_TO_YEAR = [
    ("2021年至2024年，全市工业增加值年均增长5.5%。", [("5.5%", "2021-2024")]),
    ("2021年—2024年，消费对经济增长的平均贡献率达到56.2%。", [("56.2%", "2021-2024")]),
    ("2021年到2024年，全市累计新增规上企业320家。", [("320家", "2021-2024")]),
    (
        "2021年至2024年，全市分别新增企业10家、12家、8家、9家。",
        [("10家", "2021"), ("12家", "2022"), ("8家", "2023"), ("9家", "2024")],
    ),
    # near misses: a range to a part of a later year; one year only
    (
        "2022年至2024年上半年分别实现营收10亿元、12亿元、8亿元。",
        [("10亿元", "2022"), ("12亿元", "2023"), ("8亿元", "2024-01..2024-06")],
    ),
    ("2024年，全市工业增加值增长5.5%。", [("5.5%", "2024")]),
]


@pytest.mark.parametrize(("text", "expected"), YEAR_TO_YEAR, ids=[c[0][:16] for c in YEAR_TO_YEAR])
def test_a_range_of_years_with_both_years_written(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 8, 1)))] == expected


# a figure held N years in a row (连续6年…) covers the N years up to its period's end, when the streak stands in its
# clause or opens its sentence → [(figure, status, period)]
STREAKS = [
    ("2022年，全市连续6年粮食总产稳定在1300亿斤以上。", [("1300亿斤以上", "actual", "2017-2022")]),
    (
        "2022年，全省经济稳中向好。连续6年粮食总产稳定在1300亿斤以上，播种面积保持在1.6亿亩。",
        [("1300亿斤以上", "actual", "2017-2022"), ("1.6亿亩", "actual", "2017-2022")],
    ),
    ("2022年，全市工业用电量连续三年稳定在50亿千瓦时以上。", [("50亿千瓦时以上", "actual", "2020-2022")]),
    # near misses: a streak of months; a streak in a clause of another subject, not opening the sentence; a goal
    ("1-8月，全市工业投资增长8.2%，连续5个月增速提高。", [("8.2%", "actual", "2022-01..2022-08")]),
    (
        "2022年，全省企业数量连续三年位居全国前三，全市达到60家。",
        [("前三", "actual", "2020-2022"), ("60家", "actual", "2022")],
    ),
    ("到2025年，全市连续3年粮食总产稳定在1300亿斤以上。", [("1300亿斤以上", "target", "2025")]),
]


@pytest.mark.parametrize(("text", "expected"), STREAKS, ids=[c[0][:16] for c in STREAKS])
def test_a_streak_covers_its_years(text, expected):
    facts = extract(make_document(text, date(2023, 3, 1)))
    assert [(f.text, f.status, period(f)) for f in facts] == expected


# inside a span still running (“十四五”以来, published in September 2025), a streak shorter than the span narrows the
# figure to the streak's years to date; a streak as long as the span, a closed span (“十三五”期间: the streak may
# stand anywhere in it) and months held N years in a row (1—8月) keep their period → [(figure, period)]
STREAKS_IN_A_SPAN = [
    (
        "“十四五”以来，全市新增高新技术企业651家，研发投入占比连续三年居全省第3位。",
        [("651家", "2021-01..2025-09 open"), ("全省第3位", "2023-01..2025-09 open")],
    ),
    ("“十四五”以来，全市工业增速连续5年居全省第2位。", [("全省第2位", "2021-01..2025-09 open")]),
    ("“十三五”期间，全市研发投入占比连续3年居全省第3位。", [("全省第3位", "2016-2020")]),
    ("1—8月，全市规上工业增加值连续3年居全省第2位。", [("全省第2位", "2025-01..2025-08")]),
]


@pytest.mark.parametrize(("text", "expected"), STREAKS_IN_A_SPAN, ids=[c[0][:16] for c in STREAKS_IN_A_SPAN])
def test_a_streak_inside_a_running_span(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 9, 30)))] == expected


# inside a multi-year period, a rise or fall with no base named (提高6.5个百分点, 增长42%) is the move over the
# period; the level beside it is at the period's end → [(figure, measure, period)]
MOVES_OVER_A_SPAN = [
    (
        "“十三五”期间，全市研发投入强度达到2.1%，提高0.8个百分点，规上工业增加值增长42%。",
        [("2.1%", "share", "2020"), ("0.8个百分点", "change", "2016-2020"), ("42%", "growth", "2016-2020")],
    ),
    ("“十三五”期间，全市单位工业增加值能耗下降18%。", [("18%", "growth", "2016-2020")]),
    # near misses: a base named; a year inside the period; a level
    (
        "“十三五”期间，全市研发投入强度达到2.1%，比2015年提高0.8个百分点。",
        [("2.1%", "share", "2020"), ("0.8个百分点", "change", "2015-2020")],
    ),
    (
        "“十三五”期间，全市工业增加值年均增长7%，2020年增长3%。",
        [("7%", "growth", "2016-2020"), ("3%", "growth", "2020")],
    ),
    ("“十三五”期间，全市规上工业企业达到1783家。", [("1783家", "level", "2020")]),
]


@pytest.mark.parametrize(("text", "expected"), MOVES_OVER_A_SPAN, ids=[c[0][:16] for c in MOVES_OVER_A_SPAN])
def test_a_move_over_a_span_with_no_base(text, expected):
    facts = extract(make_document(text, date(2021, 3, 1)))
    assert [(f.text, f.measure, period(f)) for f in facts] == expected


# N years ago telling when a plan or decision was made (5年前制定的规划纲要) describes the noun and dates nothing
# after it; N years ago as the period of a figure still dates it → [(figure, period)]
MADE_YEARS_AGO = [
    (
        "5年前制定的规划纲要各项主要指标中，城镇化率等8项指标进展超过预期，部署的102项重大工程顺利推进。",
        [("8项", "2025-01..2025-08 open"), ("102项", "2025-01..2025-08 open")],
    ),
    ("3年前确定的重点项目中，已有45个建成投产。", [("45个", "2025-01..2025-08 open")]),
    # near misses: the period of the figure itself
    ("十年前，全市工业增加值仅为100亿元。", [("100亿元", "2014")]),
    ("10年前全市的工业增加值仅100亿元。", [("100亿元", "2014")]),
]


@pytest.mark.parametrize(("text", "expected"), MADE_YEARS_AGO, ids=[c[0][:16] for c in MADE_YEARS_AGO])
def test_years_ago_when_a_plan_was_made(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 8, 1)))] == expected


# a stock said to be reached already (已突破, 已达) in a sentence naming no period, after a part of the year named
# before, is as of writing (to date, open), not of that part → [(figure, period)]
ALREADY_REACHED = [
    (
        "一季度，全市电信业务总量增长38.9%。随着14家企业接入二级节点，标识注册量已突破150万条。",
        [("38.9%", "2021-01..2021-03"), ("14家", "2021-01..2021-05 open"), ("突破150万条", "2021-01..2021-05 open")],
    ),
    (
        "1-4月，全市新增规上企业30家。全市规上工业企业已达1800家。",
        [("30家", "2021-01..2021-04"), ("1800家", "2021-01..2021-05 open")],
    ),
    # near misses: the sentence names its period; nothing said to be reached already; a rate; a whole year before
    (
        "一季度，全市电信业务总量增长38.9%。一季度末，标识注册量已突破150万条。",
        [("38.9%", "2021-01..2021-03"), ("突破150万条", "2021-01..2021-03")],
    ),
    (
        "一季度，全市电信业务总量增长38.9%。标识注册量达到150万条。",
        [("38.9%", "2021-01..2021-03"), ("150万条", "2021-01..2021-03")],
    ),
    (
        "一季度，全市产值增长18.6%。增速已超过全省平均水平2.1个百分点。",
        [("18.6%", "2021-01..2021-03"), ("2.1个百分点", "2021-01..2021-03")],
    ),
    ("2020年，全市产值增长3.2%。全市规上工业企业已达1800家。", [("3.2%", "2020"), ("1800家", "2020")]),
]


@pytest.mark.parametrize(("text", "expected"), ALREADY_REACHED, ids=[c[0][:16] for c in ALREADY_REACHED])
def test_a_stock_reached_already_is_as_of_writing(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2021, 5, 14)))] == expected


# 连续 with no count (连续跨越, 连续突破) is a level crossed, read at the period's end like 突破; 连续 with a count of
# years (连续4年增长) still covers its years → [(figure, period)]
LEVELS_CROSSED = [
    (
        "“十四五”以来，全市工业总产值连续跨越3000亿元、4000亿元。",
        [("3000亿元", "2025-01..2025-08 open"), ("4000亿元", "2025-01..2025-08 open")],
    ),
    ("“十三五”期间，全市工业总产值连续跨越3000亿元。", [("3000亿元", "2020")]),
    # near misses: a figure held N years in a row (the streak is no figure of its own); a flow over the span
    ("“十三五”期间，全市连续5年新增规上企业超100家。", [("超100家", "2016-2020")]),
    ("“十三五”期间，全市累计新增规上企业500家。", [("500家", "2016-2020")]),
]


@pytest.mark.parametrize(("text", "expected"), LEVELS_CROSSED, ids=[c[0][:16] for c in LEVELS_CROSSED])
def test_levels_crossed_one_after_another(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 8, 1)))] == expected


# what a past multi-year period built (建成高标准农田83万亩) was built over it, as 新建 is; a built-up area (建成区) is
# a level at its end → [(figure, period)]
BUILT_OVER_A_SPAN = [
    ("“十三五”期间，全市建成高标准农田83万亩。", [("83万亩", "2016-2020")]),
    # people and counties that left poverty (脱贫, 摘帽, 出列) did so over the span, one event each
    ("“十三五”期间，全市12.5万贫困人口全部脱贫，3个贫困县全部摘帽。", [("12.5万", "2016-2020"), ("3个", "2016-2020")]),
    ("“十三五”期间，全市126个贫困村全部出列。", [("126个", "2016-2020")]),
    # near misses: 建成区 is a noun; a level reached
    ("“十三五”期间，全市建成区面积达到120平方公里。", [("120平方公里", "2020")]),
    ("“十三五”期间，全市规上工业企业达到1783家。", [("1783家", "2020")]),
]


@pytest.mark.parametrize(("text", "expected"), BUILT_OVER_A_SPAN, ids=[c[0][:16] for c in BUILT_OVER_A_SPAN])
def test_built_over_a_span(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2021, 3, 1)))] == expected


# a change against a base written in a clause of its own (与2021年相比，…) spans from the base to the period, as
# 较2021年 does; an average per year against a base (两年平均) covers the years after it; a rate per year up to a
# plan's end year (到2025年…年均增长5%) is an average over the plan → [(figure, measure, status, period)]
SPANS = [
    (
        "2022年，与2021年相比，第一产业占比提高0.1个百分点，第二产业占比下降0.2个百分点。",
        date(2023, 4, 1),
        [("0.1个百分点", "change", "actual", "2021-2022"), ("0.2个百分点", "change", "actual", "2021-2022")],
    ),
    ("2022年，与2020年相比，两年平均增长2.5%。", date(2023, 4, 1), [("2.5%", "growth", "actual", "2021-2022")]),
    ("2022年，比2019年三年平均增长4.1%。", date(2023, 4, 1), [("4.1%", "growth", "actual", "2020-2022")]),
    (
        "三年行动计划(2023-2025年)提出，到2025年，工业投资年均增长5%，制造业增加值占比达到35%。",
        date(2023, 6, 15),
        [("5%", "growth", "target", "2023-2025"), ("35%", "share", "target", "2025")],
    ),
    # near misses: 与上年相比 is the current year; a base in its own clause does not reach the next sentence; a rate
    # to a year without 年均 is that year's
    ("2022年，与上年相比，增长2.5%。", date(2023, 4, 1), [("2.5%", "growth", "actual", "2022")]),
    (
        "2022年，与2021年相比，占比提高0.1个百分点。工业增加值增长3.2%。",
        date(2023, 4, 1),
        [("0.1个百分点", "change", "actual", "2021-2022"), ("3.2%", "growth", "actual", "2022")],
    ),
    ("到2025年，规上工业增加值增长8%。", date(2023, 6, 15), [("8%", "growth", "target", "2025")]),
]


@pytest.mark.parametrize(("text", "published", "expected"), SPANS, ids=[c[0][:16] for c in SPANS])
def test_spans_against_a_base_and_averages(text, published, expected):
    facts = extract(make_document(text, published))
    assert [(f.text, f.measure, f.status, period(f)) for f in facts] == expected


# a text that names no period before a figure dates it by the period that opens the clause after the figure's; a
# period written before the figure, or in the sentence before, still holds → [(figure, period)]
LATER_IN_SENTENCE = [
    (
        "工信部对1000余家企业跟踪显示，2025年1至8月，企业营业收入同比增长8.5%。",
        [("1000余家", "2025-01..2025-08"), ("8.5%", "2025-01..2025-08")],
    ),
    (
        "上半年，全市经济平稳。对1000余家企业跟踪显示，2025年1至8月，企业营收增长8.5%。",
        [("1000余家", "2025-01..2025-06"), ("8.5%", "2025-01..2025-08")],
    ),
    # near misses: a long-past period opening the next clause is history, not the figure's;
    ("全市现有规上工业企业2100家，1995年建成的老厂区已全部搬迁。", [("2100家", "2025-01..2025-09 open")]),
    # a period further on, of another statement, dates nothing before it (the figure is as of writing);
    # a base written after the figure dates nothing (比2020年 is the base of the change)
    (
        "全市经济运行总体平稳，2024年四季度增长5%。\n\n7亿元银团贷款顺利推进，四期项目信心满满，今年上半年营收增长69%。",
        [("5%", "2024-10..2024-12"), ("7亿元", "2025-01..2025-09 open"), ("69%", "2025-01..2025-06")],
    ),
    (
        "全市规上工业企业达到2100家，比2020年增加300家。",
        [("2100家", "2025-01..2025-09 open"), ("300家", "2020-01..2025-09 open")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LATER_IN_SENTENCE, ids=[c[0][:16] for c in LATER_IN_SENTENCE])
def test_a_period_written_after_the_only_figure_before_it(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, SEPT))] == expected


# 五年来 runs up to now: written in January to March (a work report, a review of a plan just ended) it reviews the
# years up to the one just ended, whose end a level is as of; later in the year it runs to date → [(figure, period)]
YEARS_SINCE_CASES = [
    (
        "五年来，全市综合实力稳步提升。生产总值达到3100.5亿元，新增规上工业企业620家。",
        date(2026, 2, 10),
        [("3100.5亿元", "2025"), ("620家", "2021-2025")],
    ),
    ("三年来，全市规上工业企业达到2100家。", date(2025, 3, 20), [("2100家", "2024")]),
    # near misses: the same words in April or later, and a span named with its years
    ("三年来，全市规上工业企业达到2100家。", date(2025, 4, 20), [("2100家", "2025-01..2025-04 open")]),
    ("五年来，全市生产总值达到3100.5亿元。", SEPT, [("3100.5亿元", "2025-01..2025-09 open")]),
    ("2021年至2025年，全市新增规上工业企业620家。", date(2026, 2, 10), [("620家", "2021-2025")]),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"), YEARS_SINCE_CASES, ids=[c[0][:16] for c in YEARS_SINCE_CASES]
)
def test_years_since_written_early_in_a_year_end_with_the_year_before(text, published, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, published))] == expected


# 从2020年的…增至2024年的…，年均增长6.5%: a yearly average over the years after the origin; a total change since the
# origin keeps the origin year; an average with no origin year written is the year named → [(figure, period)]
AVERAGE_SINCE_ORIGIN_CASES = [
    (
        "人均生产总值从2020年的4.02万元增至2024年的5.16万元，年均增长6.5%。",
        [("4.02万元", "2020"), ("5.16万元", "2024"), ("6.5%", "2021-2024")],
    ),
    (
        "工业增加值从2012年的2233亿元增至2021年的4342亿元，年均增长7.7%。",
        [("2233亿元", "2012"), ("4342亿元", "2021"), ("7.7%", "2013-2021")],
    ),
    # near misses: a total growth since the origin, and no origin year
    (
        "工业增加值从2012年的2233亿元增至2021年的4342亿元，增长94.4%。",
        [("2233亿元", "2012"), ("4342亿元", "2021"), ("94.4%", "2012-2021")],
    ),
    ("劳动生产率提升至2024年的10.29万元/人，年均增长6.4%。", [("10.29万元/人", "2024"), ("6.4%", "2024")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), AVERAGE_SINCE_ORIGIN_CASES, ids=[c[0][:16] for c in AVERAGE_SINCE_ORIGIN_CASES]
)
def test_a_yearly_average_since_an_origin_year(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2026, 2, 8)))] == expected


# a quantity per year (每年160亿斤, 年产35万吨, 年加工能力达2000万吨) is a year's: not the span carried from before
# nor the year to date; a stock or a count beside it still is → [(figure, period)]
OCT_2024 = date(2024, 10, 23)
PER_YEAR_CASES = [
    (
        "三年来，全市经济稳步增长。\n依托每年160亿斤的粮食产量，全市培育龙头企业400多家，粮食年加工能力达2000万吨。",
        [("160亿斤", "2024"), ("400多家", "2021-01..2024-10 open"), ("2000万吨", "2024")],
    ),
    ("新基地建成投产，年产速冻食品35万吨。", [("35万吨", "2024")]),
    # near misses: no rate per year, and a year written with it
    ("新基地建成投产，冷库容量35万吨。", [("35万吨", "2024-01..2024-10 open")]),
    ("2023年，新基地年产速冻食品35万吨。", [("35万吨", "2023")]),
]


@pytest.mark.parametrize(("text", "expected"), PER_YEAR_CASES, ids=[c[0][:16] for c in PER_YEAR_CASES])
def test_a_quantity_per_year_is_a_years(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, OCT_2024))] == expected


# a rate in a paragraph naming no period, in a text on this year's months to date, is of the months the text
# reported last (a rate of the month of writing is not out yet); a level stays as of writing → [(figure, period)]
OCT_2015 = date(2015, 10, 16)
RATE_AFTER_YEAR_TO_DATE_CASES = [
    (
        "9月份，全市工业用电量增长5.1%。\n\n工业增速提升显著。预计1至9月，全市规上工业增加值同比增长10.2%左右。\n\n七大产业增加值同比增长13%左右，高于全市约2.8个百分点。",
        [
            ("5.1%", "2015-09..2015-09"),
            ("10.2%左右", "2015-01..2015-09"),
            ("13%左右", "2015-01..2015-09"),
            ("约2.8个百分点", "2015-01..2015-09"),
        ],
    ),
    # near misses: a level as of writing, and a paragraph naming the last month beside the months to date
    (
        "9月份，全市工业用电量增长5.1%。\n\n工业增速提升显著。预计1至9月，全市规上工业增加值同比增长10.2%左右。\n\n全市规上工业企业达到2100家。",
        [("5.1%", "2015-09..2015-09"), ("10.2%左右", "2015-01..2015-09"), ("2100家", "2015-01..2015-10 open")],
    ),
    (
        "工业增速提升显著。1至9月，全市规上工业增加值同比增长10.2%。9月份增长12.1%。\n\n七大产业增加值同比增长13%。",
        [("10.2%", "2015-01..2015-09"), ("12.1%", "2015-09..2015-09"), ("13%", "2015-01..2015-10 open")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), RATE_AFTER_YEAR_TO_DATE_CASES, ids=[c[0][:16] for c in RATE_AFTER_YEAR_TO_DATE_CASES]
)
def test_a_rate_naming_no_period_is_of_the_months_reported_last(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, OCT_2015))] == expected


# 从 a value under N年来 still running at publication: N years back from now falls in the span's first year; under a
# finished span (“十三五”, or 五年来 early in a year) the value before the span is the year before it
# → [(figure, period)]
ORIGIN_OF_YEARS_SINCE_CASES = [
    (
        "三年来，全市规上工业增加值增速从全省第14位提升至全省第6位。",
        OCT_2024,
        [("全省第14位", "2021"), ("全省第6位", "2024-01..2024-10 open")],
    ),
    (
        "五年来，全市规上工业增加值增速从全省第14位提升至全省第6位。",
        date(2026, 2, 10),
        [("全省第14位", "2020"), ("全省第6位", "2025")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), ORIGIN_OF_YEARS_SINCE_CASES, ids=["running", "finished"])
def test_the_origin_of_a_move_over_years_since(text, published, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, published))] == expected


# A news item early in the year whose paragraph cites a government work report (…政府工作报告指出，…) reads it as a
# work report: what was done, naming no period, is of the year just ended; goals and figures naming their own period
# keep it, and a paragraph citing none stays as of writing
CITED_REPORT = [
    (
        "多地经济目标出炉。\n\n甲市政府工作报告指出，该市规上工业增加值、固定资产投资分别增长9.2%、7.5%。"
        "15条产业链产值实现较快增长。",
        [("9.2%", "2024"), ("7.5%", "2024"), ("15条", "2024")],
    ),
    (
        "多地经济目标出炉。\n\n该市规上工业增加值、固定资产投资分别增长9.2%、7.5%。",
        [("9.2%", "2025-01..2025-02 open"), ("7.5%", "2025-01..2025-02 open")],
    ),
    ("乙县政府工作报告提出，GDP增长目标为6%左右。", [("6%左右", "2025")]),
]


@pytest.mark.parametrize(("text", "expected"), CITED_REPORT, ids=[c[0][:16] for c in CITED_REPORT])
def test_a_paragraph_citing_a_work_report_early_in_the_year(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 2, 20)))] == expected


# 某年年初以来 runs from the start of that year: to date while the year runs, the whole year once it is over (a review
# published the January after); 年初 alone is the first quarter, 2016年以来 the years up to publication
SINCE_THE_YEARS_START = [
    ("2024年年初以来，新投产企业完成增加值10.5亿元。", date(2025, 1, 26), [("10.5亿元", "2024")]),
    ("今年年初以来，新投产企业完成增加值10.5亿元。", date(2025, 5, 26), [("10.5亿元", "2025-01..2025-05 open")]),
    ("2024年以来，新增规上企业20家。", date(2025, 5, 26), [("20家", "2024-01..2025-05 open")]),
    ("2024年初，新增规上企业20家。", date(2025, 5, 26), [("20家", "2024-01..2024-03")]),
]


@pytest.mark.parametrize(
    ("text", "published", "expected"), SINCE_THE_YEARS_START, ids=[c[0][:12] for c in SINCE_THE_YEARS_START]
)
def test_since_the_start_of_a_year(text, published, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, published))] == expected


# 本年 (this year's running total: 本年完成投资) in a paragraph on the months to date is of those months; with no such
# months before it in the paragraph, the year to date as of writing
THIS_YEARS_TOTAL = [
    (
        "1至7月，全区在库项目172个。亿元以上项目本年完成投资较去年同期增长19.5%。",
        [("172个", "2022-01..2022-07"), ("19.5%", "2022-01..2022-07")],
    ),
    (
        "7月，全区工业增加值增长6.6%。\n\n亿元以上项目本年完成投资较去年同期增长19.5%。",
        [("6.6%", "2022-07..2022-07"), ("19.5%", "2022-01..2022-08 open")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), THIS_YEARS_TOTAL, ids=["ytd before", "none"])
def test_this_years_total_in_a_paragraph_on_the_months_to_date(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2022, 8, 26)))] == expected


# What is set up over a span still running (打造12条产业链, 成功创建3个集群 after “十四五”以来 heading the paragraph)
# covers the span to date, as 新增 does; a level the span reached (规模达到900亿元) is the state now
SET_UP_OVER_A_SPAN = [
    (
        "产业结构优化。“十四五”以来，全市新增高新技术企业651家。高标准打造12条产业链，成功创建3个国家级产业集群，"
        "产业规模达到900亿元。",
        [
            ("651家", "2021-01..2025-07 open"),
            ("12条", "2021-01..2025-07 open"),
            ("3个", "2021-01..2025-07 open"),
            ("900亿元", "2025-01..2025-07 open"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SET_UP_OVER_A_SPAN, ids=["fyp"])
def test_what_is_set_up_over_a_span_covers_it(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 7, 25)))] == expected


# A news item's dateline and source (…6月15日电 据国家统计局消息，) come before the clause that heads its paragraph:
# the month written right after them dates the paragraphs under it, not the months to date of the last one
DATELINE_HEADS = [
    (
        "新华社北京6月15日电 据国家统计局消息，5月份，全国规模以上工业增加值增长6.6%。\n"
        "其中，重工业增长7.4%；轻工业增长4.9%。\n"
        "1—5月份，全国规模以上工业增加值增长6.3%。",
        [
            ("6.6%", "2025-05..2025-05"),
            ("7.4%", "2025-05..2025-05"),
            ("4.9%", "2025-05..2025-05"),
            ("6.3%", "2025-01..2025-05"),
        ],
    ),
    (
        "本报讯 记者从市统计局获悉，4月份，全市工业用电量增长5.2%。\n工业投资增长8.1%。\n"
        "1—4月份，全市工业用电量增长4.4%。",
        [("5.2%", "2025-04..2025-04"), ("8.1%", "2025-04..2025-04"), ("4.4%", "2025-01..2025-04")],
    ),
    # near miss: a long opening clause that is no dateline nor source keeps the month after it from heading
    (
        "今年以来全市上下坚持稳中求进工作总基调扎实推进各项工作，5月份，全市规上工业增加值增长6.6%。\n"
        "工业投资增长8.1%。\n1—5月份，全市工业用电量增长4.4%。",
        [("6.6%", "2025-05..2025-05"), ("8.1%", "2025-01..2025-06 open"), ("4.4%", "2025-01..2025-05")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DATELINE_HEADS, ids=["dateline", "reporter", "month later"])
def test_a_month_after_a_dateline_heads_its_paragraph(text, expected):
    assert [(f.text, period(f)) for f in extract(make_document(text, date(2025, 6, 15)))] == expected
