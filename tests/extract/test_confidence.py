"""Confidence (issue 14): each form the real corpus shows to be unreliable lowers a fact's confidence and names
itself in confidence_reason (table-driven: sentence → reason); the confidence is BASE less the reasons' penalties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.extract import confidence as c
from mfgstats.extract import extract

from .conftest import make_document

PUBLISHED = date(2025, 9, 30)
LONG = "，".join(["全市坚持稳中求进工作总基调，统筹推进产业转型升级和新旧动能转换"] * 5)

# sentence, the fact's evidence, the reason it must carry (None: a plain statement, no reason at all)
CASES = [
    ("2024年全市规模以上工业增加值增长6.5%。", "6.5%", None),
    ("2024年全市地区生产总值增长6%左右。", "6%左右", c.APPROXIMATE),
    ("2023年全市高新技术企业超过500家。", "超过500家", c.BOUND),
    ("2023年，全市规上工业企业新增三家。", "三家", c.CHINESE_NUMERAL),
    ("2023年，全市工业增加值达到10.3亿，同比增长5%。", "10.3亿", c.UNIT_GUESSED),
    ("2023年，全市规上工业增加值增长6.2%，2022年为4.3%。", "4.3%", c.SUBJECT_CARRIED),
    ("2023年，全市工业经济平稳运行。规模以上工业增加值增长5.1%。", "5.1%", c.PERIOD_EARLIER_SENTENCE),
    ("2023年，全市工业经济平稳运行。\n\n规模以上工业增加值增长5.1%。", "5.1%", c.PERIOD_EARLIER_PARAGRAPH),
    ("全市规模以上工业增加值增长5.1%。", "5.1%", c.PERIOD_UNWRITTEN),
    ("“十四五”以来，全市累计新增规上工业企业120家。", "120家", c.TO_DATE),
    ("到2025年，全市工业发展的主要目标是：\n\n规上工业企业达到2000家。", "2000家", c.TARGET_PERIOD_CARRIED),
    ("“十四五”期间，全市经济稳步发展。规上工业增加值年均增长7%。", "7%", c.SPAN_CARRIED),
    ("截至6月底，全市共有专精特新企业300家。", "300家", c.ONE_DAY),
    ("2023年，全市工业总产值实现翻番。", "翻番", c.DOUBLING_WORD),
    ("2023年，全市工业产能利用率为103.5%。", "103.5%", c.SHARE_OVER_100),
    ("2023年，三次产业结构为9.3∶45.3∶45.4。", "45.3", c.RATIO_TERM),
    ("指标\t2023年\n工业增加值(亿元)\t1200.5\n", "1200.5", c.TABLE_CELL),
    ("2023年，全市规上工业增加值增长6.2%，高于全省(5.1%)1.1个百分点。", "5.1%", c.IN_PARENTHESES),
    ("2023年，郑州市规上工业增加值增长7.3%。", "7.3%", c.OTHER_PLACE),
    ("2023年，全市规上工业增加值增速居全省第3位。", "全省第3位", c.RANK),
    ("2023年，全市规模以上高技术制造业和战略性新兴产业合计增加值增长9.1%。", "9.1%", c.LONG_SUBJECT),
    (f"2023年，{LONG}，规模以上工业增加值增长4.2%。", "4.2%", c.LONG_SENTENCE),
    ("2020年，与2018年相比，全市生产总值两年平均增长4.1%。", "4.1%", c.PER_YEAR),
    ("1-8月，全市规上工业产值增长6.2%，其中当月增长6.5%。", "6.5%", c.MONTH_BESIDE_CUMULATIVE),
    ("1-8月，全市规上工业产值增长6.2%，其中当月增长6.5%。", "6.2%", c.MONTH_BESIDE_CUMULATIVE),
    ("到2027年，全市新认定专精特新企业500家。", "500家", c.TARGET_HORIZON),
    ("对1200家企业跟踪显示，2025年1至8月，企业营业收入增长8.5%。", "1200家", c.PERIOD_LATER),
    ("1-8月，全市工业增加值增长6.2%。其中，8月当月增长6.5%。装备制造业增长9.1%。", "9.1%", c.MONTH_CARRIED),
]

# near misses of the period forms: sentence, evidence, the reason it must not carry
NOT_THESE = [
    ("2024年，全市规上工业增加值年均增长6%，工业投资增长8%。", "8%", c.PER_YEAR),  # 年均 of another clause
    ("2024年，全市累计新增规上工业企业120家。", "120家", c.MONTH_BESIDE_CUMULATIVE),  # a whole year's
    ("2026年，力争规上工业增加值增长6%。", "6%", c.TARGET_HORIZON),  # no horizon written
    ("到2024年底，全市规上工业企业达到2000家。", "2000家", c.TARGET_HORIZON),  # reached, not a target
    # a month carried alone (no year to date beside it), and a year to date named after the month
    ("8月份，全市工业增加值增长6.5%。装备制造业增长9.1%。", "9.1%", c.MONTH_CARRIED),
    ("8月当月，全市工业增加值增长6.5%。1-8月增长6.2%。装备制造业增长9.1%。", "9.1%", c.MONTH_CARRIED),
]


@pytest.mark.parametrize(("text", "evidence", "reason"), NOT_THESE, ids=[case[0][:12] for case in NOT_THESE])
def test_the_period_forms_leave_their_near_misses_alone(text, evidence, reason, catalog):
    fact = _fact(text, evidence, catalog)
    assert reason not in (fact.confidence_reason or "").split(c.SEPARATOR)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _fact(text: str, evidence: str, catalog):
    facts = [f for f in extract(make_document(text, PUBLISHED), catalog) if f.text == evidence]
    assert facts, f"no fact quoting {evidence!r}"
    return facts[0]


@pytest.mark.parametrize(("text", "evidence", "reason"), CASES, ids=[case[2] or "plain" for case in CASES])
def test_each_form_names_its_reason_and_lowers_the_confidence(text, evidence, reason, catalog):
    fact = _fact(text, evidence, catalog)
    reasons = fact.confidence_reason.split(c.SEPARATOR) if fact.confidence_reason else []
    if reason is None:
        assert reasons == []
        assert fact.confidence == c.BASE
    else:
        assert reason in reasons
        assert fact.confidence < c.BASE
    assert fact.confidence == c.score(reasons)


def test_a_period_only_the_title_names_is_a_reason():
    document = replace(
        make_document("全市规模以上工业增加值增长5.1%。", date(2024, 3, 20)),
        title="洛阳市2023年国民经济和社会发展统计公报",
    )
    (fact,) = extract(document)
    assert (fact.period_start, fact.confidence_reason) == (date(2023, 1, 1), c.PERIOD_TITLE)
    assert fact.confidence == c.score([c.PERIOD_TITLE]) < c.REVIEW_THRESHOLD


@pytest.mark.parametrize(
    ("title", "text", "reason"),
    [
        # a text posted years later that is no report on the title's year: 全年 is read from the posting date
        ("某县2015年粮食生产回顾", "全年全县粮食总产量5.2万吨。", c.TITLE_YEAR_DIFFERS),
        # an old bulletin posted years later reads 全年 in the year its title names: both datings agree
        ("某县2015年国民经济和社会发展统计公报", "全年全县粮食总产量5.2万吨。", None),
        ("某县2022年国民经济和社会发展统计公报", "全年全县粮食总产量5.2万吨。", None),  # both datings agree
        ("某县2015年国民经济和社会发展统计公报", "2022年全县粮食总产量5.2万吨。", None),  # the text writes its year
    ],
)
def test_a_year_the_text_does_not_write_against_the_titles(title, text, reason):
    (fact,) = extract(replace(make_document(text, date(2023, 3, 21)), title=title))
    assert (reason in (fact.confidence_reason or "")) if reason else fact.confidence_reason is None


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        ([], 0.97),
        ([c.PERIOD_EARLIER_SENTENCE], 0.94),
        ([c.SUBJECT_CARRIED, c.PERIOD_EARLIER_SENTENCE], 0.92),
        ([c.TABLE_CELL], 0.92),
        ([c.PERIOD_EARLIER_PARAGRAPH], 0.85),
        ([c.PERIOD_TITLE], 0.85),
        ([c.APPROXIMATE], 0.77),
        ([c.OTHER_PLACE], 0.47),
        ([c.IN_PARENTHESES, c.OTHER_PLACE], 0.07),
        ([c.CHINESE_NUMERAL, c.SCALE_WORD, c.UNIT_GUESSED], c.FLOOR),  # never below the floor
    ],
)
def test_confidence_is_base_less_the_penalties(reasons, expected):
    assert c.score(reasons) == expected


@pytest.mark.parametrize(
    ("reasons", "reviewed"),
    [
        ([], False),
        ([c.PERIOD_EARLIER_SENTENCE, c.LONG_SENTENCE], False),  # mild forms alone keep a fact out of review
        ([c.PERIOD_EARLIER_SENTENCE, c.SUBJECT_CARRIED, c.LONG_SUBJECT, c.LONG_SENTENCE], True),
        ([c.PERIOD_EARLIER_PARAGRAPH], True),
        ([c.RANK], True),
    ],
)
def test_which_facts_go_to_the_review_queue(reasons, reviewed):
    assert (c.score(reasons) < c.REVIEW_THRESHOLD) is reviewed


def test_every_reason_has_a_penalty_between_zero_and_one():
    named = {value for name, value in vars(c).items() if name.isupper() and isinstance(value, str) and value != "; "}
    assert named == set(c.PENALTY)
    assert all(0 <= p < 1 for p in c.PENALTY.values())
