"""CSV and XLSX releases: both layouts, the sidecar mapping, and grounded table facts."""

from __future__ import annotations

import io
from datetime import date

import duckdb
import pytest
import xlsxwriter
from ingest_files import write_doc

from mfgstats import pipeline
from mfgstats.extract.grid_tables import table_facts
from mfgstats.ingest import QuarantineError, load_document

LONG_CSV = """indicator,region,period,value,unit,status
规上工业企业,洛阳市,2020,1783,家,actual
规上工业增加值增速,洛阳市,2020年1-8月,-3.2,%,实际
"制造业增加值占比",偃师区,2020H1," 45.5 ",%,actual
规上工业营业收入,洛阳市,2025,">=1,200",亿元,目标
规上工业营业收入,洛阳市,2019,—,亿元,actual
"""

WIDE_CSV = """指标,单位,2019年,2020年,2025年目标
一、工业,,,,
规上工业企业,家,1700,1783,2000
规上工业增加值（亿元）,,1500.5,1600,2100
研发投入强度,%,2.1,2.4,3
"""


def _facts(raw_dir, name, data, **meta):
    doc = load_document(write_doc(raw_dir, name, data, meta), raw_dir)
    facts = table_facts(doc)
    for f in facts:  # every fact is grounded in its cell
        assert f.text == doc.text[f.start : f.end]
        assert f.sentence == doc.text[f.sentence_start : f.sentence_start + len(f.sentence)]
        assert f.origin == "table" and f.document_id == doc.document_id
    return doc, facts


def _row(f):
    return (f.subject, f.region, f.period_start, f.period_end, f.status, f.value, f.unit, f.comparator, f.text)


def test_long_csv(raw_dir):
    _, facts = _facts(raw_dir, "long.csv", LONG_CSV)
    assert [_row(f) for f in facts] == [
        ("规上工业企业", "洛阳市", date(2020, 1, 1), date(2020, 12, 31), "actual", 1783, "家", "=", "1783"),
        ("规上工业增加值增速", "洛阳市", date(2020, 1, 1), date(2020, 8, 31), "actual", 3.2, "%", "=", "-3.2"),
        ("制造业增加值占比", "偃师区", date(2020, 1, 1), date(2020, 6, 30), "actual", 45.5, "%", "=", "45.5"),
        ("规上工业营业收入", "洛阳市", date(2025, 1, 1), date(2025, 12, 31), "target", 1200, "亿元", ">=", ">=1,200"),
    ]
    growth, share = facts[1], facts[2]
    assert (growth.measure, growth.direction) == ("growth", "down")
    assert (share.measure, share.direction) == ("share", None)
    assert facts[0].sentence == "规上工业企业,洛阳市,2020,1783,家,actual"


def test_wide_csv_with_units_in_labels_and_target_columns(raw_dir):
    _, facts = _facts(raw_dir, "wide.csv", WIDE_CSV, region="洛阳市")
    rows = {(f.subject, f.period_start.year): (f.value, f.unit, f.status) for f in facts}
    assert len(facts) == 9  # the section heading 一、工业 has no values
    assert rows[("规上工业企业", 2020)] == (1783, "家", "actual")
    assert rows[("规上工业企业", 2025)] == (2000, "家", "target")
    assert rows[("规上工业增加值", 2019)] == (1500.5, "亿元", "actual")
    assert rows[("研发投入强度", 2025)] == (3, "%", "target")
    assert {f.region for f in facts} == {"洛阳市"}  # the document's region
    assert {f.period_label for f in facts} == {"2019年", "2020年", "2025年目标"}


def test_a_sidecar_mapping_reads_unusual_headers(raw_dir):
    csv = "项目名称;计量;十三五末;2025规划值;备注\n规上工业企业;家;1783;2000;含新增\n"
    mapping = {
        "columns": {"项目名称": "indicator", "计量": "unit", "备注": "note"},
        "periods": {"十三五末": "2020", "2025规划值": {"period": "2025", "status": "target"}},
        "defaults": {"region": "洛阳市"},
    }
    _, facts = _facts(raw_dir, "mapped.csv", csv, table=mapping)
    assert [(f.period_start.year, f.status, f.value, f.region) for f in facts] == [
        (2020, "actual", 1783, "洛阳市"),
        (2025, "target", 2000, "洛阳市"),
    ]


def test_extraction_reads_the_mapping_ingestion_checked_until_the_file_is_ingested_again(raw_dir, tmp_path):
    csv = "项目名称,2020年\n规上工业营业收入,1200\n"
    write_doc(raw_dir, "m.csv", csv, table={"columns": {"项目名称": "indicator"}, "defaults": {"unit": "亿元"}})

    def run() -> list[tuple[str, float]]:
        pipeline.ingest(con, raw_dir, ["m.csv"])
        pipeline.extract_pending(con)
        return con.execute("SELECT unit, value FROM raw.facts").fetchall()

    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        pipeline.ingest(con, raw_dir, ["m.csv"])
        # edited between ingestion and extraction into a mapping that would not read (an unknown role): extraction
        # reads the table with the mapping checked at ingestion
        write_doc(raw_dir, "m.csv", csv, table={"columns": {"项目名称": "nonsense"}})
        assert pipeline.extract_pending(con).failed == []
        assert con.execute("SELECT unit, value FROM raw.facts").fetchall() == [("亿元", 1200)]
        # the edited sidecar takes effect when the file is ingested again (its fingerprint changed)
        write_doc(raw_dir, "m.csv", csv, table={"columns": {"项目名称": "indicator"}, "defaults": {"unit": "万元"}})
        assert run() == [("万元", 1200)]


def _workbook(sheets: dict[str, list[list]], percent_cells=()) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    pct = book.add_format({"num_format": "0.0%"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (name, r, c) in percent_cells:
                    ws.write_number(r, c, value, pct)
                elif value is not None:
                    ws.write(r, c, value)
    book.close()
    return out.getvalue()


def test_xlsx_wide_with_several_sheets(raw_dir):
    data = _workbook(
        {
            "工业": [
                [None, "单位", 2020, "2021年"],
                ["规上工业企业", "家", 1783, 1850],
                ["工业增速", None, 0.065, 0.081],
            ],
            "说明": [["indicator", "period", "value", "unit"], ["规上工业企业", "2022", 1900, "家"]],
        },
        percent_cells={("工业", 2, 2), ("工业", 2, 3)},
    )
    doc, facts = _facts(raw_dir, "book.xlsx", data)
    assert doc.text == (
        "\f工业\n\t单位\t2020\t2021年\n规上工业企业\t家\t1783\t1850\n工业增速\t\t6.5%\t8.1%\n"
        "\f说明\nindicator\tperiod\tvalue\tunit\n规上工业企业\t2022\t1900\t家\n"
    )
    assert [(f.subject, f.period_start.year, f.value, f.unit, f.text) for f in facts] == [
        ("规上工业企业", 2020, 1783, "家", "1783"),
        ("规上工业企业", 2021, 1850, "家", "1850"),
        ("工业增速", 2020, 6.5, "%", "6.5%"),
        ("工业增速", 2021, 8.1, "%", "8.1%"),
        ("规上工业企业", 2022, 1900, "家", "1900"),
    ]
    assert facts[2].measure == "growth" and facts[2].direction == "up"


def test_a_mapping_can_pick_the_data_sheet(raw_dir):
    data = _workbook({"封面": [["洛阳市统计局"]], "数据": [["指标", "单位", "2020"], ["规上工业企业", "家", 1783]]})
    with pytest.raises(QuarantineError):  # the cover sheet is not a table
        load_document(write_doc(raw_dir, "a.xlsx", data), raw_dir)
    _, facts = _facts(raw_dir, "b.xlsx", data, table={"sheets": ["数据"]})
    assert [f.value for f in facts] == [1783]


@pytest.mark.parametrize(
    ("csv", "table", "message"),
    [
        ("a,b,c\n1,2,3\n", None, "is neither the long layout"),
        ("indicator,period,value\n规上工业企业,去年,1783\n", None, "line 2: period '去年' is not a period"),
        ("indicator,period,value\n规上工业企业,2020,1783\n", None, "has no unit"),
        ("indicator,period,value,unit\n规上工业企业,2020,12%,家\n", None, "is a percentage but the unit is '家'"),
        ("indicator,period,value,unit,status\n企业,2020,1,家,猜测\n", None, "status '猜测'"),
        ("指标,单位,2020,增速\n企业,家,1,2\n", None, "column(s) '增速' are neither periods"),
        ('indicator,period,value,unit\n企业,2020,"1783,家\n', None, "quote is not closed"),
        ("indicator,period,value,unit\n企业,2020,,家\n", None, "holds no values"),
        ("indicator,period,value,unit\n企业,2020,1,家\n", {"sheets": ["x"]}, "sheet(s) x named in the mapping"),
    ],
)
def test_malformed_tables_are_quarantined_with_the_place(raw_dir, csv, table, message):
    path = write_doc(raw_dir, "bad.csv", csv, {"table": table} if table else None)
    with pytest.raises(QuarantineError) as err:
        load_document(path, raw_dir)
    assert err.value.reason_code == "malformed_table"
    assert message in err.value.reason


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"layout": "diagonal"}, "layout='diagonal'"),
        ({"columns": {"x": "colour"}}, "columns="),
        ({"periods": {"x": "someday"}}, "periods['x'] has no valid period"),
        ({"defaults": {"status": "maybe"}}, "defaults.status"),
        ({"header": 2}, "unknown field(s) header"),
    ],
)
def test_an_invalid_mapping_is_a_sidecar_error(raw_dir, table, message):
    path = write_doc(raw_dir, "m.csv", "indicator,period,value,unit\n企业,2020,1,家\n", table=table)
    with pytest.raises(QuarantineError) as err:
        load_document(path, raw_dir)
    assert err.value.reason_code == "invalid_sidecar"
    assert message in err.value.reason


def test_a_mapping_on_a_text_document_is_refused(raw_dir):
    with pytest.raises(QuarantineError) as err:
        load_document(write_doc(raw_dir, "a.txt", "规上工业企业1783家", table={"layout": "wide"}), raw_dir)
    assert err.value.reason_code == "invalid_sidecar"


def test_table_facts_are_linked_to_the_catalog(raw_dir):
    _, facts = _facts(raw_dir, "long.csv", LONG_CSV)
    linked = [(f.indicator_code, f.region_code, f.measure, f.value_base, f.base_unit) for f in facts]
    assert linked == [
        ("above_scale_industrial_enterprises_count", "410300", "level", 1783, "家"),
        ("above_scale_industrial_value_added", "410300", "growth", 3.2, "%"),  # 增速 of a catalogued indicator
        ("manufacturing_value_added", "410307", "share", 45.5, "%"),  # 偃师区; 占比 of a catalogued indicator
        ("above_scale_industrial_revenue", "410300", "level", 1.2e11, "元"),
    ]
    assert facts[2].subject == "制造业增加值占比"  # the label as the table states it
    _, wide = _facts(raw_dir, "wide.csv", WIDE_CSV, region="洛阳")
    assert {f.region for f in wide} == {"洛阳市"}  # the alias resolves to the canonical name
    assert {f.measure for f in wide if f.subject == "研发投入强度"} == {"share"}  # the catalog's measure
