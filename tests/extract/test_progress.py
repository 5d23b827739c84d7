"""Progress against a target (issue 14, form 8): an achieved fact, not a target (table-driven).

完成年度目标的85.7% says how much of a goal is done; 高于时序进度2.4个百分点 how far ahead of the calendar it runs.
Both are actuals, up to the day of writing, even though the sentence names the target.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document
from .test_periods import SEPT, period

CASES = [
    (
        "1—8月，全市规上工业增加值完成年度目标的85.7%，高于时序进度2.4个百分点。",
        [("85.7%", "share", "actual", "2025-01..2025-08"), ("2.4个百分点", "change", "actual", "2025-01..2025-08")],
    ),
    ("工业投资完成全年目标任务的72%。", [("72%", "share", "actual", "2025-01..2025-09 open")]),
    (
        "全市工业投资完成年度计划的68.5%，快于时序进度1.8个百分点。",
        [
            ("68.5%", "share", "actual", "2025-01..2025-09 open"),
            ("1.8个百分点", "change", "actual", "2025-01..2025-09 open"),
        ],
    ),
    # 占年度计划的: the share of the year's plan done, after a forecast of it too
    (
        "重点项目预计完成投资271.7亿元，占年度计划的111.2%。",
        [("271.7亿元", "level", "target", "2025"), ("111.2%", "share", "actual", "2025-01..2025-09 open")],
    ),
    # the target itself stays a target, and so does a plan's share of something else
    ("全年工业投资目标为500亿元。", [("500亿元", "level", "target", "2025")]),
    (
        "计划投资500亿元，占全市投资的32%。",
        [("500亿元", "level", "target", "2025"), ("32%", "share", "target", "2025")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_progress_is_actual(text, expected):
    facts = extract(make_document(text, SEPT))
    assert [(f.text, f.measure, f.status, period(f)) for f in facts] == expected


def test_progress_in_a_plan_is_still_actual():
    (fact,) = extract(make_document("今年以来，工业投资完成年度计划的70%。", date(2025, 8, 5)))
    assert (fact.status, fact.period_start, fact.period_end) == ("actual", date(2025, 1, 1), date(2025, 8, 31))
