"""Tab-separated indicator tables: year columns, unit columns, value and growth columns."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.extract import extract
from mfgstats.extract.grid_tables import table_facts

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


# Issue 14, form 5: tables as yearbooks and mirror sites print them.
def _cells_of(text: str, published: date):
    return [
        (f.text, f.value, f.unit, f.measure, f.direction, f.status, f.period_start.year, f.subject)
        for f in extract(make_document(text, published))
        if f.origin == "table"
    ]


YEARBOOK_TABLES = {
    # a header cell cut by line breaks (绝对数 / (亿元)), as a web copy of a bulletin's table prints it
    "header cells over several lines": (
        "表2 2024年全县工业主要指标\n"
        "| 指 标 | 绝对数\n(亿元) |\n比上年增长\n(%) |\n"
        "| 规上工业增加值 | 86.40 | 7.2 |\n"
        "| 工业投资 | 35.15 | -2.8 |\n",
        date(2025, 4, 2),
        [
            ("86.40", 86.4, "亿元", "level", None, "actual", 2024, "规上工业增加值"),
            ("7.2", 7.2, "%", "growth", "up", "actual", 2024, "规上工业增加值"),
            ("35.15", 35.15, "亿元", "level", None, "actual", 2024, "工业投资"),
            ("-2.8", -2.8, "%", "growth", "down", "actual", 2024, "工业投资"),
        ],
    ),
    # a yearbook table: captions with the unit and the year, a header of three rows whose label column is written
    # once (分 组), a # column that details the one before it, a caption row inside the body, a total row
    "yearbook, header of several rows": (
        "| 8-3 规模以上工业企业主要指标 | |||||\n"
        "| (2023年) 单位:万元 | |||||\n"
        "| 分 组 | 企 业 | #亏 损 | 营 业 | 利 润 |\n"
        "| 单 位 数 | 企 业 | 收 入 | 总 额 | |\n"
        "| (个) | |||||\n"
        "| 总 计 | 1265 | 143 | 9876543 | 456789 |\n"
        "| 在总计中: | |||||\n"
        "| 国有控股企业 | 58 | 9 | 1,234,567 | -6543 |\n",
        date(2024, 9, 30),
        [
            ("1265", 1265.0, "个", "level", None, "actual", 2023, "规模以上工业企业企业单位数"),
            ("143", 143.0, "个", "level", None, "actual", 2023, "规模以上工业企业亏损企业"),
            ("9876543", 9876543.0, "万元", "level", None, "actual", 2023, "规模以上工业企业营业收入"),
            ("456789", 456789.0, "万元", "level", None, "actual", 2023, "规模以上工业企业利润总额"),
            ("58", 58.0, "个", "level", None, "actual", 2023, "国有控股企业企业单位数"),
            ("9", 9.0, "个", "level", None, "actual", 2023, "国有控股企业亏损企业"),
            ("1,234,567", 1234567.0, "万元", "level", None, "actual", 2023, "国有控股企业营业收入"),
            ("-6543", -6543.0, "万元", "level", None, "actual", 2023, "国有控股企业利润总额"),
        ],
    ),
    # a web page's table rendered as tab rows: title and caption lines before it, group rows of one cell inside it
    "tab rows of a web page": (
        "6-2 规模以上工业企业主要指标\n(2023年) 单位:亿元\n"
        "分组\t营业收入\t利润总额\t\n"
        "总计\t2310.5\t120.8\n"
        "一、按企业规模分\t\n"
        "大型企业\t980.2\t61.4\n",
        date(2024, 9, 30),
        [
            ("2310.5", 2310.5, "亿元", "level", None, "actual", 2023, "规模以上工业企业营业收入"),
            ("120.8", 120.8, "亿元", "level", None, "actual", 2023, "规模以上工业企业利润总额"),
            ("980.2", 980.2, "亿元", "level", None, "actual", 2023, "大型企业营业收入"),
            ("61.4", 61.4, "亿元", "level", None, "actual", 2023, "大型企业利润总额"),
        ],
    ),
    # the same from a page whose header uses rowspan and colspan: ingestion leaves an empty cell under a cell that
    # spans rows and repeats a heading over the columns it spans
    "tab rows of a page with spans": (
        "表3 规模以上工业企业主要指标\n\n(2023年) 单位:亿元\t\t\t\n"
        "分组\t企业单位数(个)\t工业\t工业\n"
        "\t\t总产值\t增加值\n"
        "总计\t512\t2310.5\t640.2\n"
        "在总计中:\t\t\t\n"
        "大型企业\t31\t1020.0\t288.9\n",
        date(2024, 9, 30),
        [
            ("512", 512.0, "个", "level", None, "actual", 2023, "规模以上工业企业企业单位数"),
            ("2310.5", 2310.5, "亿元", "level", None, "actual", 2023, "规模以上工业企业工业总产值"),
            ("640.2", 640.2, "亿元", "level", None, "actual", 2023, "规模以上工业企业工业增加值"),
            ("31", 31.0, "个", "level", None, "actual", 2023, "大型企业企业单位数"),
            ("1020.0", 1020.0, "亿元", "level", None, "actual", 2023, "大型企业工业总产值"),
            ("288.9", 288.9, "亿元", "level", None, "actual", 2023, "大型企业工业增加值"),
        ],
    ),
    # the unit on the line under the table's title, year columns in the header
    "unit in a caption line": (
        "全市规模以上工业主要指标\n单位：亿元\n指标\t2023年\t2024年\n营业收入\t1520.3\t1618.9\n利润总额\t88.6\t92.1\n",
        date(2025, 2, 18),
        [
            ("1520.3", 1520.3, "亿元", "level", None, "actual", 2023, "营业收入"),
            ("1618.9", 1618.9, "亿元", "level", None, "actual", 2024, "营业收入"),
            ("88.6", 88.6, "亿元", "level", None, "actual", 2023, "利润总额"),
            ("92.1", 92.1, "亿元", "level", None, "actual", 2024, "利润总额"),
        ],
    ),
    # indicator columns with their own units: a row's cells are that row's figures of each indicator
    "indicator columns with units": (
        "2024年各县(市、区)工业情况\n"
        "地区\t规上企业数(家)\t工业增加值增速(%)\t营业收入(亿元)\n"
        "偃师区\t215\t8.1\t402.7\n"
        "孟津区\t168\t-1.5\t233.0\n",
        date(2025, 3, 12),
        [
            ("215", 215.0, "家", "level", None, "actual", 2024, "偃师区规上企业数"),
            ("8.1", 8.1, "%", "growth", "up", "actual", 2024, "偃师区工业增加值"),
            ("402.7", 402.7, "亿元", "level", None, "actual", 2024, "偃师区营业收入"),
            ("168", 168.0, "家", "level", None, "actual", 2024, "孟津区规上企业数"),
            ("-1.5", -1.5, "%", "growth", "down", "actual", 2024, "孟津区工业增加值"),
            ("233.0", 233.0, "亿元", "level", None, "actual", 2024, "孟津区营业收入"),
        ],
    ),
}


@pytest.mark.parametrize("name", list(YEARBOOK_TABLES))
def test_yearbook_tables(name):
    text, published, expected = YEARBOOK_TABLES[name]
    assert _cells_of(text, published) == expected
    assert all(text[f.start : f.end] == f.text for f in extract(make_document(text, published)))


def test_indicator_columns_without_a_unit_give_no_facts():
    # no unit in the header, the rows or a caption: a figure of unknown unit is not guessed
    text = "地区\t企业\t收入\n偃师区\t215\t402.7\n"
    assert _cells_of(text, date(2025, 3, 12)) == []


def test_an_open_pipe_line_before_prose_stays_prose():
    # a line that opens a pipe row but is followed by a sentence is not a cut table cell
    text = "| 注：数据来源于县统计局\n全年规上工业增加值增长6.3%。\n"
    facts = extract(make_document(text, date(2025, 3, 20)))
    assert [(f.text, f.origin) for f in facts] == [("6.3%", "text")]


SPACED_TABLE = (
    "2024年全县规模以上工业主要产品产量\n"
    "产品名称        单位        产量      比上年增长(%)\n"
    "  原煤          万吨        312.5        -4.1\n"
    "  发电量        亿千瓦时     96.8         6.3\n"
    "全年规上工业增加值增长6.6%。\n"
)


def test_a_table_aligned_with_spaces():
    assert _cells_of(SPACED_TABLE, date(2025, 3, 20)) == [
        ("312.5", 312.5, "万吨", "level", None, "actual", 2024, "原煤产量"),
        ("-4.1", -4.1, "%", "growth", "down", "actual", 2024, "原煤产量"),
        ("96.8", 96.8, "亿千瓦时", "level", None, "actual", 2024, "发电量"),
        ("6.3", 6.3, "%", "growth", "up", "actual", 2024, "发电量"),
    ]
    # the prose after the table is read as prose
    facts = extract(make_document(SPACED_TABLE, date(2025, 3, 20)))
    assert [(f.text, f.origin) for f in facts if f.origin == "text"] == [("6.6%", "text")]


@pytest.mark.parametrize(
    "line",
    [
        "规上工业增加值  增长6.6%  高于全省1.2个百分点",  # figures inside words: prose with wide spaces
        "洛  阳  市  统  计  局",  # a spaced-out signature, no row of figures under it
        "一是  稳增长，二是  调结构，三是  促创新",  # sentence marks
    ],
)
def test_spaced_prose_is_no_table(line):
    text = f"{line}\n全年工业投资增长3.5%。\n"
    assert all(f.origin == "text" for f in extract(make_document(text, date(2025, 3, 20))))


# period headers read by the grammar CSV and XLSX tables use; a month or half without its year takes the text's
PERIOD_HEADER_TABLES = {
    "month and year to date": (
        "2025年8月全市工业主要指标\n指标\t单位\t8月\t1-8月\n规上工业增加值增速\t%\t6.1\t5.8\n工业用电量\t亿千瓦时\t12.3\t95.6\n",
        date(2025, 9, 15),
        [
            ("6.1", "%", "growth", "actual", "2025-08-01", "2025-08-31"),
            ("5.8", "%", "growth", "actual", "2025-01-01", "2025-08-31"),
            ("12.3", "亿千瓦时", "level", "actual", "2025-08-01", "2025-08-31"),
            ("95.6", "亿千瓦时", "level", "actual", "2025-01-01", "2025-08-31"),
        ],
    ),
    "half year, a year with its unit, a target column": (
        "指标\t2024年上半年\t2024年(亿元)\t2026年目标值\n工业投资（亿元）\t61.5\t130.2\t180\n",
        date(2025, 2, 10),
        [
            ("61.5", "亿元", "level", "actual", "2024-01-01", "2024-06-30"),
            ("130.2", "亿元", "level", "actual", "2024-01-01", "2024-12-31"),
            ("180", "亿元", "level", "target", "2026-01-01", "2026-12-31"),
        ],
    ),
}


@pytest.mark.parametrize("name", list(PERIOD_HEADER_TABLES))
def test_period_headers(name):
    text, published, expected = PERIOD_HEADER_TABLES[name]
    facts = extract(make_document(text, published))
    got = [
        (f.text, f.unit, f.measure, f.status, f.period_start.isoformat(), f.period_end.isoformat())
        for f in facts
        if f.origin == "table"
    ]
    assert got == expected


def test_a_text_table_and_a_csv_read_their_labels_alike():
    """One set of rules (extract/table_rules.py) says what a label and a unit make of a figure, whichever reader."""
    rows = [
        ("规上工业增加值年均增长", "%", "6.5"),
        ("钢材产量比上年下降", "%", "-4.5"),
        ("研发投入强度提高", "百分点", "0.3"),
        ("高技术制造业增加值占比", "%", "9.8"),
        ("规上工业营业收入（亿元）", "", "2345.6"),
    ]
    text = "指标\t单位\t2023年\n" + "".join(f"{label}\t{unit}\t{value}\n" for label, unit, value in rows)
    csv = "指标,单位,2023年\n" + "".join(f"{label},{unit},{value}\n" for label, unit, value in rows)
    csv_document = replace(make_document(csv, date(2024, 3, 28)), file="t.csv", media_type="text/csv")

    def read(facts):
        return [(f.text, abs(f.value), f.unit, f.measure, f.basis, f.direction) for f in facts]

    expected = [
        ("6.5", 6.5, "%", "growth", "cagr", "up"),
        ("-4.5", 4.5, "%", "growth", "yoy", "down"),
        ("0.3", 0.3, "百分点", "change", None, "up"),
        ("9.8", 9.8, "%", "share", None, None),
        ("2345.6", 2345.6, "亿元", "level", None, None),
    ]
    assert read(extract(make_document(text, date(2024, 3, 28)))) == expected
    assert read(table_facts(csv_document)) == expected


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,234.5", 1234.5), ("－4.5", -4.5), ("−4.5", -4.5), ("４５．６", 45.6), ("+3.2", 3.2), ("12,345,678", 12345678)],
)
def test_a_text_table_and_a_csv_read_a_figure_alike(written, value):
    """One grammar of a written figure (table_rules.FIGURE) for both readers: signs, full-width digits, thousands."""
    text = f"指标\t单位\t2023年\n规上工业增加值比上年增长\t%\t{written}\n"
    csv = f'指标,单位,2023年\n规上工业增加值比上年增长,%,"{written}"\n'
    csv_document = replace(make_document(csv, date(2024, 3, 28)), file="t.csv", media_type="text/csv")
    (from_text,) = [f for f in extract(make_document(text, date(2024, 3, 28))) if f.origin == "table"]
    (from_csv,) = table_facts(csv_document)
    assert from_text.text == written  # the fact quotes the figure as the table writes it
    # (the sign of a decline: the CSV reader states it as a positive value going down, the text reader keeps the
    # minus; both say down)
    read = [(abs(f.value), f.direction, abs(f.value_base), f.measure) for f in (from_text, from_csv)]
    assert read == [(abs(value), "down" if value < 0 else "up", abs(value), "growth")] * 2


# Issue 14 (holdout3): a caption naming the table's one indicator; rows are places, industries or periods
CAPTION_INDICATOR_TABLES = {
    "places by month, a database export": (
        "指标:工业增加值_同比增长(%) | |||\n"
        "地区 | 2024年3月 | 2024年2月 |\n"
        "河南省 | 7.1 | -2.4 |\n"
        "湖北省 | 5.5 | 6 |\n",
        date(2024, 4, 20),
        [
            ("7.1", 7.1, "%", "growth", "yoy", "2024-03-01", "2024-03-31", "河南省"),
            ("-2.4", -2.4, "%", "growth", "yoy", "2024-02-01", "2024-02-29", "河南省"),
            ("5.5", 5.5, "%", "growth", "yoy", "2024-03-01", "2024-03-31", "湖北省"),
            ("6", 6.0, "%", "growth", "yoy", "2024-02-01", "2024-02-29", "湖北省"),
        ],
    ),
    "months by place, transposed": (
        "各市规上工业增加值增速(%)\n月份\t洛阳市\t郑州市\n2024年3月\t8.2\t6.9\n2024年2月\t7.5\t-1.3\n",
        date(2024, 4, 20),
        [
            ("8.2", 8.2, "%", "growth", None, "2024-03-01", "2024-03-31", "洛阳市"),
            ("6.9", 6.9, "%", "growth", None, "2024-03-01", "2024-03-31", "郑州市"),
            ("7.5", 7.5, "%", "growth", None, "2024-02-01", "2024-02-29", "洛阳市"),
            ("-1.3", -1.3, "%", "growth", None, "2024-02-01", "2024-02-29", "郑州市"),
        ],
    ),
    "industries by year, a level in 亿元": (
        "表3 分行业营业收入(亿元)\n行业\t2023年\t2022年\n装备制造业\t812.5\t760.1\n",
        date(2024, 3, 1),
        [
            ("812.5", 812.5, "亿元", "level", None, "2023-01-01", "2023-12-31", "洛阳市"),
            ("760.1", 760.1, "亿元", "level", None, "2022-01-01", "2022-12-31", "洛阳市"),
        ],
    ),
    # near miss: a row with a unit of its own is an indicator, whatever the caption says
    "a row's own unit wins over the caption": (
        "主要指标(亿元)\n指标\t2023年\n工业投资增速（%）\t5.2\n",
        date(2024, 3, 1),
        [("5.2", 5.2, "%", "growth", None, "2023-01-01", "2023-12-31", "洛阳市")],
    ),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("name", list(CAPTION_INDICATOR_TABLES))
def test_a_caption_naming_the_one_indicator(name, catalog):
    text, published, expected = CAPTION_INDICATOR_TABLES[name]
    facts = [f for f in extract(make_document(text, published), catalog) if f.origin == "table"]
    got = [
        (f.text, f.value, f.unit, f.measure, f.basis, f.period_start.isoformat(), f.period_end.isoformat(), f.region)
        for f in facts
    ]
    assert got == expected
    if name != "a row's own unit wins over the caption":
        assert all("增长" not in f.subject and "增速" not in f.subject for f in facts)


def test_a_caption_without_a_unit_names_no_indicator():
    """A title with no unit in parentheses (2024年各市主要指标) leaves place rows without a unit: no facts."""
    text = "2024年各市主要指标\n地区\t2024年3月\n河南省\t7.1\n"
    assert [f for f in extract(make_document(text, date(2024, 4, 20))) if f.origin == "table"] == []


def test_a_caption_unit_leaves_columns_their_own_units():
    """A title's unit (…主要指标(万元)) names no indicator; a column with its own unit (企业单位数(个)) keeps it."""
    text = "表2 分行业主要指标(万元)\n行业\t企业单位数(个)\t营业收入\n装备制造业\t120\t81250\n"
    facts = [f for f in extract(make_document(text, date(2024, 3, 1))) if f.origin == "table"]
    assert [(f.text, f.unit, f.subject) for f in facts] == [
        ("120", "个", "装备制造业企业单位数"),
        ("81250", "万元", "装备制造业营业收入"),
    ]


# A bulletin sets its product table with single spaces: a label, the year's output with its unit, then the growth
# the header names (1994年 比上年增长%); a note on a line of its own (折标准燃料) does not end the table.
PLAIN_TABLE = (
    "2023年某省国民经济和社会发展统计公报\n"
    "主要工业产品产量如下:\n"
    "2023年 比上年增长%\n"
    "纱 470万吨 -6.3\n"
    "彩色电视机 1689.5万部 17.7\n"
    "家用洗衣机 1096.4万台 22.4\n"
    "能源生产总量 11.2亿吨 4.7\n"
    "(折标准燃料)\n"
    "木材 6100万立方米-4.5\n"
    "化肥(折100%) 2276万吨 16.3\n"
    "工业经济效益有所提高。\n"
)


def test_a_single_spaced_product_table():
    got = [
        (text, value, unit, measure, direction, year, origin)
        for text, value, unit, measure, _, direction, _, year, _, origin in _rows(PLAIN_TABLE, date(2024, 2, 28))
    ]
    assert got == [
        ("470万吨", 470.0, "万吨", "level", None, 2023, "table"),
        ("-6.3", -6.3, "%", "growth", "down", 2023, "table"),
        ("1689.5万部", 1689.5, "万部", "level", None, 2023, "table"),
        ("17.7", 17.7, "%", "growth", "up", 2023, "table"),
        ("1096.4万台", 1096.4, "万台", "level", None, 2023, "table"),
        ("22.4", 22.4, "%", "growth", "up", 2023, "table"),
        ("11.2亿吨", 11.2, "亿吨", "level", None, 2023, "table"),
        ("4.7", 4.7, "%", "growth", "up", 2023, "table"),
        ("6100万立方米", 6100.0, "万立方米", "level", None, 2023, "table"),
        ("-4.5", -4.5, "%", "growth", "down", 2023, "table"),
        ("2276万吨", 2276.0, "万吨", "level", None, 2023, "table"),
        ("16.3", 16.3, "%", "growth", "up", 2023, "table"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # no header naming the bare column: its figures say nothing, the prose reading keeps the levels only
        "纱 470万吨 -6.3\n彩色电视机 1689.5万部 17.7\n家用洗衣机 1096.4万台 22.4\n能源生产总量 11.2亿吨 4.7\n",
        # a header, but two rows only
        "2023年 比上年增长%\n纱 470万吨 -6.3\n彩色电视机 1689.5万部 17.7\n",
        # a header naming no growth
        "2023年 产量\n纱 470万吨 6.3\n彩色电视机 1689.5万部 17.7\n家用洗衣机 1096.4万台 22.4\n",
    ],
)
def test_lines_that_are_no_single_spaced_table(text):
    assert all(f.origin != "table" and f.unit != "%" for f in extract(make_document(text, date(2024, 2, 28))))


# …or with the unit in a column of its own (产品名称 单 位 产  量 比上年增减(±)%): a row writes its unit as a word, a
# label may be spaced out (水  泥), and a row that leaves the unit out keeps its growth only (a level needs a unit).
UNIT_COLUMN_TABLE = (
    "表3  2023年全县规模以上工业主要产品产量\n"
    "产品名称 单 位 产  量 比上年增减(±)%\n"
    "水  泥 万吨 512 -3.6\n"
    "布 万米 86.5 12.1\n"
    "齿轮 2460 8.8\n"
    "发电量 亿千瓦时 7.42 -1.05\n"
    "全年规模以上工业企业实现利润总额21亿元。\n"
)


def test_a_single_spaced_product_table_with_a_unit_column():
    got = [
        (text, value, unit, measure, direction, year, origin)
        for text, value, unit, measure, _, direction, _, year, _, origin in _rows(UNIT_COLUMN_TABLE, date(2024, 3, 20))
    ]
    assert got == [
        ("512", 512.0, "万吨", "level", None, 2023, "table"),
        ("-3.6", -3.6, "%", "growth", "down", 2023, "table"),
        ("86.5", 86.5, "万米", "level", None, 2023, "table"),
        ("12.1", 12.1, "%", "growth", "up", 2023, "table"),
        ("8.8", 8.8, "%", "growth", "up", 2023, "table"),
        ("7.42", 7.42, "亿千瓦时", "level", None, 2023, "table"),
        ("-1.05", -1.05, "%", "growth", "down", 2023, "table"),
        ("21亿元", 21.0, "亿元", "level", None, 2023, "text"),
    ]


# A row that leaves its unit out, under a header and a caption that name none (钢绞线 4833 -9.7): the level is no fact
# (its size is unknown: 吨, 万吨 or 件), the growth is; a caption that names the unit (单位：吨) gives the level
@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("", [("-9.7", "%", "growth"), ("3.3", "%", "growth")]),
        (
            "单位：吨\n",
            [("4833", "吨", "level"), ("-9.7", "%", "growth"), ("2754", "吨", "level"), ("3.3", "%", "growth")],
        ),
    ],
)
def test_a_product_row_without_a_unit(caption, expected):
    text = (
        "表2  2022年全区规模以上工业主要工业产品产量及其增速\n"
        + caption
        + "产品名称 单 位 产  量 比上年增减(±)%\n钢绞线 4833 -9.7\n液压元件 2754 3.3\n洗  煤 万吨 1002 9.02\n"
    )
    got = [(t, unit, measure) for t, _, unit, measure, *_ in _rows(text, date(2023, 3, 20))]
    assert got == [*expected, ("1002", "万吨", "level"), ("9.02", "%", "growth")]


@pytest.mark.parametrize(
    "text",
    [
        # a 单位 header over two rows only
        "产品名称 单 位 产  量 比上年增减(±)%\n水  泥 万吨 512 -3.6\n齿轮 2460 8.8\n",
        # prose lines with figures under a line that names 单位 but no growth
        "产品名称 单 位 产量\n水泥 万吨 512 3.6\n齿轮 个 2460 8.8\n铸件 万吨 12 1.1\n",
    ],
)
def test_lines_that_are_no_unit_column_table(text):
    assert all(f.origin != "table" for f in extract(make_document(text, date(2024, 2, 28))))


# A text copy of a table set column by column: the header (项  目 比上年增长%), the row labels one per line, then the
# figures one per line in the same order; the k-th figure is the k-th label's growth, of what the caption names
# (…增加值主要分组增长速度). Labels and figures that do not pair up one for one give nothing.
STACKED_TABLE = (
    "表1 2023年全县规模以上工业增加值主要分组增长速度\n\n"
    "项  目 比上年增长%\n"
    "规模以上工业\n\n其中:轻工业\n\n重工业\n\n其中:股份制企业\n\n外商投资企业\n\n"
    "8.1\n\n-2.5\n\n11.3\n\n9.0\n\n-14.2\n\n"
)


def test_a_table_set_column_by_column():
    got = [
        (text, value, measure, direction, year, subject, origin)
        for text, value, _, measure, _, direction, _, year, subject, origin in _rows(STACKED_TABLE, date(2024, 3, 20))
    ]
    assert got == [
        ("8.1", 8.1, "growth", "up", 2023, "规模以上工业增加值", "table"),
        ("-2.5", -2.5, "growth", "down", 2023, "轻工业增加值", "table"),
        ("11.3", 11.3, "growth", "up", 2023, "重工业增加值", "table"),
        ("9.0", 9.0, "growth", "up", 2023, "股份制企业增加值", "table"),
        ("-14.2", -14.2, "growth", "down", 2023, "外商投资企业增加值", "table"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # one figure short: no pairing is sure
        "项  目 比上年增长%\n规模以上工业\n\n轻工业\n\n重工业\n\n8.1\n\n-2.5\n\n",
        # a header whose first cell names no label column
        "全县工业 比上年增长%\n规模以上工业\n\n轻工业\n\n重工业\n\n8.1\n\n-2.5\n\n11.3\n\n",
        # two labels only
        "项  目 比上年增长%\n轻工业\n\n重工业\n\n-2.5\n\n11.3\n\n",
    ],
)
def test_lines_that_are_no_table_set_column_by_column(text):
    assert extract(make_document(text, date(2024, 3, 20))) == []


def test_a_space_aligned_row_with_a_spaced_label_keeps_its_columns():
    # 规模以上 工业 (one space inside the label) in a table aligned with runs of spaces is no single-spaced product
    # row: its runs of spaces are its cells, so 123 stays under 绝对数 and 4.5 under the growth column
    text = "主要指标（单位：亿元）\n指标    绝对数    比上年增长%\n规模以上 工业    123    4.5\n轻工业    45    -2.1\n"
    got = [(f.text, f.unit, f.measure) for f in extract(make_document(text, date(2024, 3, 20)))]
    assert got == [("123", "亿元", "level"), ("4.5", "%", "growth"), ("45", "亿元", "level"), ("-2.1", "%", "growth")]


def test_a_space_aligned_row_with_a_unit_word_keeps_its_columns():
    # …nor one whose runs of spaces come after its label (发电量 亿千瓦时    96.8    6.3): read as before, by its runs
    text = "主要指标\n指标    绝对数    比上年增长%\n发电量 亿千瓦时    96.8    6.3\n原煤 万吨    312.5    -4.1\n"
    got = [(f.text, f.unit, f.measure) for f in extract(make_document(text, date(2024, 3, 20)))]
    assert got == [("6.3", "%", "growth"), ("-4.1", "%", "growth")]
