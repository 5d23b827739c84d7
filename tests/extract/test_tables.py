"""Tab-separated indicator tables: year columns, unit columns, value and growth columns."""

from __future__ import annotations

from datetime import date

from mfgstats.extract import extract

from .conftest import make_document

PLAN_TABLE = (
    "表 1 主要指标\n\n"
    "一级指标\t二级指标\t2019 年\t2025 年\n"
    "综合质效\t制造业增加值占 GDP 比重（%）\t32.6\t38.5\n"
    "\t制造业增加值（亿元）\t1630.2\t2100.0\n"
    "\t规上制造业营业收入利润率（%）\t4.05\t\n"
    "\t制造业全员劳动生产率增长（%）\t——\t\n"
    "\t智能工厂（车间）数量\t40\t\n"
    "\t规上软件和信息服务业营业收入增速（%）\t-6.7\t\n"
)

BULLETIN_TABLE = (
    "2023年全市主要工业指标\n\n"
    "指标\t单位\t绝对值\t比上年增长（%）\n"
    "规模以上工业增加值\t亿元\t2345.6\t6.6\n"
    "钢材产量\t万吨\t325.6\t-4.5\n"
    "高技术制造业增加值占比\t%\t9.8\t——\n"
)


def _rows(text: str, published: date):
    return [
        (f.text, f.value, f.unit, f.measure, f.basis, f.direction, f.status, f.period_start.year, f.subject, f.origin)
        for f in extract(make_document(text, published))
    ]


def test_plan_table_with_year_columns():
    assert _rows(PLAN_TABLE, date(2022, 4, 26)) == [
        ("32.6", 32.6, "%", "share", None, None, "actual", 2019, "制造业增加值占 GDP 比重", "table"),
        ("38.5", 38.5, "%", "share", None, None, "target", 2025, "制造业增加值占 GDP 比重", "table"),
        ("1630.2", 1630.2, "亿元", "level", None, None, "actual", 2019, "制造业增加值", "table"),
        ("2100.0", 2100.0, "亿元", "level", None, None, "target", 2025, "制造业增加值", "table"),
        ("4.05", 4.05, "%", "share", None, None, "actual", 2019, "规上制造业营业收入利润率", "table"),
        ("40", 40.0, "个", "level", None, None, "actual", 2019, "智能工厂（车间）数量", "table"),
        ("-6.7", -6.7, "%", "growth", None, "down", "actual", 2019, "规上软件和信息服务业营业收入增速", "table"),
    ]


def test_bulletin_table_with_unit_value_and_growth_columns():
    assert _rows(BULLETIN_TABLE, date(2024, 3, 28)) == [
        ("2345.6", 2345.6, "亿元", "level", None, None, "actual", 2023, "规模以上工业增加值", "table"),
        ("6.6", 6.6, "%", "growth", "yoy", "up", "actual", 2023, "规模以上工业增加值", "table"),
        ("325.6", 325.6, "万吨", "level", None, None, "actual", 2023, "钢材产量", "table"),
        ("-4.5", -4.5, "%", "growth", "yoy", "down", "actual", 2023, "钢材产量", "table"),
        ("9.8", 9.8, "%", "share", None, None, "actual", 2023, "高技术制造业增加值占比", "table"),
    ]


def test_table_facts_quote_their_cells_and_rows():
    text = BULLETIN_TABLE
    for fact in extract(make_document(text, date(2024, 3, 28))):
        assert text[fact.start : fact.end] == fact.text
        assert text[fact.sentence_start : fact.sentence_start + len(fact.sentence)] == fact.sentence
        assert "\t" in fact.sentence


def test_a_table_without_header_gives_no_facts():
    text = "甲\t乙\t丙\n规模以上工业增加值\t12\t13\n"
    assert extract(make_document(text, date(2024, 3, 28))) == []


# Issue 14, form 5: a unit in the column header, and pipe / markdown tables in text.
HEADER_UNIT_TABLES = {
    "tab, unit in the header": (
        "2024年全市主要工业指标\n产品名称\t绝对数(亿元)\t比上年增长(%)\n规上工业增加值\t2345.6\t6.6\n工业投资\t1200.5\t-3.2\n"
    ),
    "markdown": (
        "2024年全市主要工业指标\n\n| 指标 | 单位 | 绝对数 | 比上年增长(%) |\n|---|---|---|---|\n"
        "| 规上工业增加值 | 亿元 | 2345.6 | 6.6 |\n| 工业投资 | 亿元 | 1200.5 | -3.2 |\n"
    ),
    "pipes, unit in the header": (
        "2024年全市主要指标\n指标 | 绝对数（亿元） | 比上年增长（%）\n"
        "规上工业增加值 | 2345.6 | 6.6\n工业投资 | 1200.5 | -3.2\n"
    ),
}


def test_header_units_and_pipe_tables():
    for name, text in HEADER_UNIT_TABLES.items():
        facts = extract(make_document(text, date(2025, 3, 20)))
        got = [(f.text, f.unit, f.measure, f.basis, f.direction, f.period_start.year, f.subject) for f in facts]
        assert got == [
            ("2345.6", "亿元", "level", None, None, 2024, "规上工业增加值"),
            ("6.6", "%", "growth", "yoy", "up", 2024, "规上工业增加值"),
            ("1200.5", "亿元", "level", None, None, 2024, "工业投资"),
            ("-3.2", "%", "growth", "yoy", "down", 2024, "工业投资"),
        ], name
        assert all(f.origin == "table" and text[f.start : f.end] == f.text for f in facts)


def test_a_pipe_in_prose_is_no_table():
    facts = extract(make_document("全市规上工业增加值增长6.6%｜来源：市统计局。", date(2025, 3, 20)))
    assert [(f.text, f.origin) for f in facts] == [("6.6%", "text")]
