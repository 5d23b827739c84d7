"""Status (issue 14): 计划 that names a programme (科技计划, 研发计划) or counts programmes (计划29项) makes no goal;
计划 as a verb (计划2026年投产, 计划新开工) still does (table-driven, sentence → facts)."""

from __future__ import annotations

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
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_status(text, expected):
    assert [(f.text, f.status) for f in extract(make_document(text, P))] == expected
