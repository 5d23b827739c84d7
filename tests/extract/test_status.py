"""Status (issue 14): 计划 that names a programme (科技计划, 研发计划) or counts programmes (计划29项) makes no goal;
计划 as a verb (计划2026年投产, 计划新开工) still does; a goal reached (实现增产目标, 完成年度目标) is no goal set
(table-driven, sentence → facts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    ("今年以来，18家专精特新企业承担省级科技计划26项。", [("18家", "actual"), ("26项", "actual")]),
    ("全市企业牵头承担国家重点研发计划项目7个。", [("7个", "actual")]),
    ("承担科技计划12项，获得支持资金1.3亿元。", [("12项", "actual"), ("1.3亿元", "actual")]),
    ("该项目计划2026年投产，年产值12亿元。", [("12亿元", "target")]),
    ("今年计划新开工项目30个。", [("30个", "target")]),
    # a goal reached (实现…目标, 完成…目标) is an achievement: the figures after it are actual
    ("2024年全县油料实现增产目标，产量3.6万吨，增长2.7%。", [("3.6万吨", "actual"), ("2.7%", "actual")]),
    ("2024年，全区完成年度招商目标，引进项目58个。", [("58个", "actual")]),
    # a period said to near its end (即将收官) sets no goal for the figures after it; 将 before a task still does
    ("“十四五”即将收官，各项主要指标中9项指标超出预期。", [("9项", "actual")]),
    ("规划即将结束，全市已建成5G基站1.2万个。", [("1.2万个", "actual")]),
    ("明年将新建5G基站1.2万个。", [("1.2万个", "target")]),
    # a headline announcing goals (…目标出炉) makes its figure one of them; a headline of results does not
    ("增长6.5%左右！多地经济目标出炉\n记者梳理各地政府工作报告。", [("6.5%左右", "target")]),
    ("增长6.5%！多地经济运行成绩单出炉\n记者梳理各地统计公报。", [("6.5%", "actual")]),
    # a goal set, or one still to reach, stays a goal
    ("2026年目标：规上工业增加值增长7%。", [("7%", "target")]),
    ("2026年，全市力争实现投资目标310亿元。", [("310亿元", "target")]),
    # a plan's figure said built or reached in its own clause (已建成, 已经完成) is an actual measured by the plan
    ("3年前提出的行动计划中，全市已建成5G基站1.2万个。", [("1.2万个", "actual")]),
    ("按照三年行动方案，全县已经完成技改项目46个。", [("46个", "actual")]),
    ("对照规划目标，全市工业总产值已突破3000亿元。", [("突破3000亿元", "actual")]),
    # near misses: what the plan sets, in the same sentence or in the figure's own clause, stays a goal
    ("行动计划提出建成5G基站2万个，目前已建成1.5万个。", [("2万个", "target"), ("1.5万个", "actual")]),
    ("根据行动计划，到2027年全市计划已建成充电桩5000个。", [("5000个", "target")]),
    ("行动计划提出，到2027年，全市已建成5G基站2万个。", [("2万个", "target")]),  # built by a year still to come
    ("主要目标是：到2027年，全市5G基站已达到2万个。", [("2万个", "target")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_status(text, expected):
    assert [(f.text, f.status) for f in extract(make_document(text, P))] == expected


# a summary page that sets no full stop: each statement ends with its citation labels, so a 拟 or a national
# association of one statement holds nothing of the next → (text, status, region) of every fact
SUMMARY = (
    "公司概况 - 公司拟募集资金9亿元 [1] - 根据中国齿轮工业协会数据 2021至2023年度公司齿轮产品在国内齿轮行业营业收入"
    "排名均为第5名 [2] - 2024年度 公司在工程机械领域减速器排名行业第一 传动轴排名行业前三 [3]"
)
SUMMARY_FACTS = [
    ("9亿元", "target", "洛阳市"),
    ("第5名", "actual", "洛阳市"),
    ("第一", "actual", "洛阳市"),
    ("前三", "actual", "洛阳市"),
]


def test_citation_labels_end_a_statement():
    facts = extract(make_document(SUMMARY, P))
    assert [(f.text, f.status, f.region) for f in facts] == SUMMARY_FACTS


# 预计 (or 有望) about a period already over at publication estimates its result (a work report's review of the year
# before): actual; about a period still to come, or beside another target word, it stays a goal → (text, status, period)
FEB_2026 = date(2026, 2, 10)
FORECAST_CASES = [
    ("2025年，预计全市规上工业增加值增长6.8%左右。", [("6.8%左右", "actual", "2025")]),
    ("■ 2025年工作回顾\n\n●预计全县地区生产总值增长5.6%左右", [("5.6%左右", "actual", "2025")]),
    ("2026年，预计全市规上工业增加值增长6%左右。", [("6%左右", "target", "2026")]),
    ("预计到2027年，全市新材料产业产值突破900亿元。", [("突破900亿元", "target", "2027")]),
    ("2025年，全市预计并力争新增规上工业企业120家。", [("120家", "target", "2025")]),
    # 有望 (is expected to) of a finished year reads as 预计 does; of the year to come it stays a goal
    ("2025年，全市规上工业增加值有望增长6.5%左右。", [("6.5%左右", "actual", "2025")]),
    ("■ 2025年工作回顾\n\n●全县地区生产总值有望增长5.6%左右", [("5.6%左右", "actual", "2025")]),
    ("2026年，全市规上工业增加值有望增长6%左右。", [("6%左右", "target", "2026")]),
]


@pytest.mark.parametrize(("text", "expected"), FORECAST_CASES, ids=[c[0][:16] for c in FORECAST_CASES])
def test_forecast_of_a_finished_period_is_actual(text, expected):
    facts = extract(make_document(text, FEB_2026))
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


# A year in a document's title (《…和2035年远景目标纲要》) names that document: the review's achievements in the
# paragraphs after it are no 2035 goals; in its own sentence it still dates a goal → (text, status, period start year)
DEC_2023 = date(2023, 12, 26)
TITLED_YEAR_CASES = [
    (
        "国家发展改革委作《国民经济和社会发展第十四个五年规划和2035年远景目标纲要》实施中期评估报告。\n"
        "他说，国内生产总值跨过120万亿元台阶，制造业增加值占比提升至27.8%。",
        [("120万亿元", "actual", "2023"), ("27.8%", "actual", "2023")],
    ),
    (
        "市政府印发《洛阳市2030年制造业发展规划》。\n全市规上工业企业达到1800家，新增专精特新企业45家。",
        [("1800家", "actual", "2023"), ("45家", "actual", "2023")],
    ),
    # near misses: the year written outside the title, or the goal in the title's own sentence, still sets a goal
    (
        "《规划》提出，到2035年，全市制造业增加值突破5000亿元。\n全市规上工业企业达到1800家。",
        [("突破5000亿元", "target", "2035"), ("1800家", "target", "2035")],
    ),
    # …but a goal year carried from an earlier paragraph sets no goal for what a sentence says is done (已, 了)
    (
        "《规划》提出，到2035年，全市制造业增加值突破5000亿元。\n全市规上工业企业已达1800家，建成了智能工厂35个。",
        [("突破5000亿元", "target", "2035"), ("1800家", "actual", "2023"), ("35个", "actual", "2023")],
    ),
    (
        "到2030年，全市新增专精特新企业100家。\n为了实现这一目标，全市培育企业50家。",
        [("100家", "target", "2024"), ("50家", "target", "2024")],  # 为了 is no past tense: still the plan's span
    ),
    ("《洛阳市2030年制造业发展规划》提出，制造业增加值突破5000亿元。", [("突破5000亿元", "target", "2030")]),
    # a past year in a title (《2022年统计公报》) is the year the text goes on to report
    (
        "据《洛阳市2022年国民经济和社会发展统计公报》，全市生产总值5482亿元。\n规上工业增加值增长5.5%。",
        [("5482亿元", "actual", "2022"), ("5.5%", "actual", "2022")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TITLED_YEAR_CASES, ids=[c[0][:16] for c in TITLED_YEAR_CASES])
def test_a_year_in_a_document_title_dates_only_its_sentence(text, expected):
    facts = extract(make_document(text, DEC_2023))
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


# A government work report is given in January to March and first reviews the year just ended: what it says was
# done, or 预计 of a result, naming no period, is that year's; its goals stay its own year's; later in the year, or
# in another kind of text, an undated achievement is as of writing → (text, status, period start year)
REPORT_CASES = [
    (
        "预计全省生产总值增长6.5%左右，粮食产量1308.8亿斤。",
        FEB_2026,
        [("6.5%左右", "actual", "2025"), ("1308.8亿斤", "actual", "2025")],
    ),
    (
        "紧急转移安置224万人次，修复废弃矿山2.58万亩。",
        FEB_2026,
        [("224万人次", "actual", "2025"), ("2.58万亩", "actual", "2025")],
    ),
    (
        "力争全省生产总值增长5.5%，新增规上工业企业300家。",
        FEB_2026,
        [("5.5%", "target", "2026"), ("300家", "target", "2026")],
    ),
    ("预计全省生产总值增长6.5%左右。", date(2026, 7, 10), [("6.5%左右", "target", "2026")]),
    # near misses: a list of goals runs to its paragraph's end, and a section of tasks dates its own year
    (
        "主要预期目标是：地区生产总值增长5.5%左右。城镇居民收入增长8%，新增就业10万人。",
        FEB_2026,
        [("5.5%左右", "target", "2026"), ("8%", "target", "2026"), ("10万人", "target", "2026")],
    ),
    (
        "一、过去一年工作回顾\n\n地区生产总值增长6.1%。\n\n二、今年主要目标任务\n\n地区生产总值增长5.5%左右，新增就业10万人。",
        FEB_2026,
        [("6.1%", "actual", "2025"), ("5.5%左右", "target", "2026"), ("10万人", "target", "2026")],
    ),
    # binding targets (约束性指标) listed after a colon are goals from that sentence on, as 预期性指标 are
    (
        "约束性指标是：单位地区生产总值能耗下降3.2%，用水量下降3%。民生方面，农村贫困人口脱贫6万人。",
        FEB_2026,
        [("3.2%", "target", "2026"), ("3%", "target", "2026"), ("6万人", "target", "2026")],
    ),
    (
        "预期性指标为：规上工业增加值增长7%左右，新增就业8万人。",
        FEB_2026,
        [("7%左右", "target", "2026"), ("8万人", "target", "2026")],
    ),
    # near miss: the year's main indicators (主要指标) listed in a review are what was done
    (
        "主要经济指标是：地区生产总值增长6.1%，规上工业增加值增长7.2%。",
        FEB_2026,
        [("6.1%", "actual", "2025"), ("7.2%", "actual", "2025")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), REPORT_CASES, ids=[c[0][:16] for c in REPORT_CASES])
def test_a_work_report_reviews_the_year_just_ended(text, published, expected):
    document = replace(make_document(text, published), title="2026年省政府工作报告解读")
    facts = extract(document)
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


def test_an_undated_achievement_elsewhere_is_as_of_writing():
    facts = extract(make_document("紧急转移安置224万人次。", FEB_2026))
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == [("224万人次", "actual", "2026")]


# “十四五”以来 is the plan's period so far: what a plan's review of it says, in the paragraphs it dates, was done;
# “十四五”期间 in a plan written as the period opens sets goals → (text, status, period start and end years)
SINCE_CASES = [
    (
        "洛阳市“十五五”制造业发展规划\n\n一、发展基础\n\n“十四五”以来，全市新增规上工业企业420家。\n\n"
        "全市高新技术企业达到1460家，制造业增加值占比提升至30.2%。",
        date(2025, 9, 30),
        [
            ("420家", "actual", "2021", "2025"),
            ("1460家", "actual", "2025", "2025"),
            ("30.2%", "actual", "2025", "2025"),
        ],
    ),
    (
        "洛阳市“十四五”制造业发展规划\n\n二、发展目标\n\n“十四五”期间，全市新增规上工业企业420家。\n\n"
        "全市高新技术企业达到1460家。",
        date(2021, 9, 30),
        [("420家", "target", "2021", "2025"), ("1460家", "target", "2025", "2025")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), SINCE_CASES, ids=["以来", "期间"])
def test_a_plan_period_so_far_is_done(text, published, expected):
    facts = extract(make_document(text, published))
    got = [(f.text, f.status, f.period_start.isoformat()[:4], f.period_end.isoformat()[:4]) for f in facts]
    assert got == expected


# 预期 as a goal word, beside 预期 that judges how things went (符合预期, 快于预期) or names life expectancy
# (人均预期寿命) → (text, status)
EXPECTATION_CASES = [
    ("常住人口城镇化率、人均预期寿命等8项指标进展超过预期。", [("8项", "actual")]),
    ("20项主要指标中，16项基本符合或快于预期。", [("20项", "actual"), ("16项", "actual")]),
    ("人均预期寿命提高0.5岁，常住人口城镇化率达到58%。", [("58%", "actual")]),
    ("今年经济增长的预期目标为5.5%左右。", [("5.5%左右", "target")]),
    ("预期全年规上工业增加值增长6%。", [("6%", "target")]),
]


@pytest.mark.parametrize(("text", "expected"), EXPECTATION_CASES, ids=[c[0][:16] for c in EXPECTATION_CASES])
def test_expectation_judged_or_set(text, expected):
    assert [(f.text, f.status) for f in extract(make_document(text, P))] == expected


# a headline set apart by a blank line lends its 预计 to no line under it; inside one line 预计 still sets a goal
HEADLINE_CASES = [
    (
        "5年经济增量预计超35万亿元\n\n  经济总量连续跨越110万亿元、120万亿元。",
        [("超35万亿元", "target"), ("110万亿元", "actual"), ("120万亿元", "actual")],
    ),
    ("预计全年经济总量跨越140万亿元、增长5%。", [("140万亿元", "target"), ("5%", "target")]),
]


@pytest.mark.parametrize(("text", "expected"), HEADLINE_CASES, ids=["headline", "one line"])
def test_a_headline_lends_no_forecast(text, expected):
    assert [(f.text, f.status) for f in extract(make_document(text, date(2025, 7, 10)))] == expected


# a line announcing a year's key tasks (2026年重点工作：, 主要任务) heads goals for the lines under it while that year
# runs; one about a year already over (2025年重点工作完成情况) heads what was done → (text, status, period start year)
TASK_LINE_CASES = [
    (
        "报告明确2026年重点工作：\n新增保障性住房3100套，建成两个省实验室。",
        [("3100套", "target", "2026"), ("两个", "target", "2026")],
    ),
    ("2026年主要任务：\n新增规上工业企业120家。", [("120家", "target", "2026")]),
    ("2025年重点工作完成情况：\n新增保障性住房3100套。", [("3100套", "actual", "2025")]),
]


@pytest.mark.parametrize(("text", "expected"), TASK_LINE_CASES, ids=["重点工作", "主要任务", "完成情况"])
def test_a_line_of_the_year_s_tasks(text, expected):
    facts = extract(make_document(text, FEB_2026))
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


# 全年 without a year is floating: in February, 预计全年 forecasts the year just begun. In a review of the year just
# ended, under a heading naming it or in a work report given early in the year, it estimates that year's result
# → (text, title, status, period start year)
JAN_2025 = date(2025, 1, 9)
REVIEWED_YEAR_CASES = [
    (
        "一、2024年工作回顾\n（一）经济运行稳中有进。预计全年完成地区生产总值3200亿元、增长5.9%左右；"
        "税收收入完成88.4亿元。预计6项指标增速居全省前5位。",
        "sample",
        [
            ("3200亿元", "actual", "2024"),
            ("5.9%左右", "actual", "2024"),
            ("88.4亿元", "actual", "2024"),
            ("6项", "actual", "2024"),
            ("全省前5位", "actual", "2024"),
        ],
    ),
    ("预计全年完成地区生产总值3200亿元。", "2025年市政府工作报告", [("3200亿元", "actual", "2024")]),
    # near misses: outside a review, under a heading of goals, after a list of goals, or beside another target word
    ("预计全年完成地区生产总值3200亿元。", "sample", [("3200亿元", "target", "2025")]),
    ("二、2025年主要目标\n预计全年地区生产总值增长6%左右。", "2025年市政府工作报告", [("6%左右", "target", "2025")]),
    (
        "主要预期目标是：地区生产总值增长6%。预计全年完成投资100亿元。",
        "2025年市政府工作报告",
        [("6%", "target", "2025"), ("100亿元", "target", "2025")],
    ),
    ("一、2024年工作回顾\n预计并力争全年新增企业50家。", "sample", [("50家", "target", "2025")]),
    ("2024年统计公报\n\n预计全年规上工业增加值增长7%左右。", "sample", [("7%左右", "target", "2025")]),
]


@pytest.mark.parametrize(
    ("text", "title", "expected"), REVIEWED_YEAR_CASES, ids=[c[0][:16] for c in REVIEWED_YEAR_CASES]
)
def test_a_forecast_of_the_whole_year_in_its_review_is_its_result(text, title, expected):
    document = replace(make_document(text, JAN_2025), title=title)
    facts = extract(document)
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


# 争取 of funds, bonds or projects in a review of a period already over names what was secured; 争取 of anything
# else, or of a period still to come, stays a goal → (text, title, status, period start year)
SECURED_CASES = [
    (
        "一、2024年工作回顾\n（一）后劲增强。争取超长期特别国债项目24个、资金31.5亿元，争取到专项债券资金86亿元。",
        "sample",
        [("24个", "actual", "2024"), ("31.5亿元", "actual", "2024"), ("86亿元", "actual", "2024")],
    ),
    (
        "2024年，全市争取中央预算内投资项目36个、资金9.2亿元。",
        "sample",
        [("36个", "actual", "2024"), ("9.2亿元", "actual", "2024")],
    ),
    ("争取中央预算内投资项目36个。", "2025年市政府工作报告", [("36个", "actual", "2024")]),
    # near misses: a year still to come, a goal of another kind, this year named in a work report
    ("2025年，全市争取中央预算内投资项目36个。", "sample", [("36个", "target", "2025")]),
    ("2024年，全市争取新增规上工业企业50家。", "sample", [("50家", "target", "2024")]),
    ("今年争取中央预算内投资项目36个。", "2025年市政府工作报告", [("36个", "target", "2025")]),
]


@pytest.mark.parametrize(("text", "title", "expected"), SECURED_CASES, ids=[c[0][:16] for c in SECURED_CASES])
def test_funds_secured_in_a_finished_period_are_actual(text, title, expected):
    document = replace(make_document(text, JAN_2025), title=title)
    facts = extract(document)
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected


# 预计全年 in a text titled with a finished year (2025年…统计公报) estimates that year's result; titled with
# the year still running, it stays a forecast of that year → (title, text, status, period)
TITLED_FORECASTS = [
    (
        "2025年某市国民经济和社会发展统计公报",
        "预计全年全员劳动生产率135000元/人。",
        [("135000元/人", "actual", "2025")],
    ),
    ("2025年某市国民经济和社会发展统计公报", "预计全年全市规上工业增加值增长6%左右。", [("6%左右", "actual", "2025")]),
    # near miss: a title naming a year still running does not turn a forecast of it into a result
    ("2026年一季度某市经济运行情况", "预计全年全市规上工业增加值增长6%左右。", [("6%左右", "target", "2026")]),
]


@pytest.mark.parametrize(("title", "text", "expected"), TITLED_FORECASTS, ids=["level", "growth", "running year"])
def test_a_forecast_for_the_year_a_text_is_titled_with_is_its_result(title, text, expected):
    facts = extract(replace(make_document(text, date(2026, 4, 20)), title=title))
    assert [(f.text, f.status, f.period_start.isoformat()[:4]) for f in facts] == expected
