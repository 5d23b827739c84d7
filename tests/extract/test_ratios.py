"""Structures written as ratios: one share per part, whatever colon the text uses and whatever precedes the whole."""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

SECTORS = ["第一产业占比", "第二产业占比", "第三产业占比"]

# text → (value, subject) of every share, in text order
CASES = [
    ("三次产业结构为9.3∶45.3∶45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    ("三次产业结构为9.3:45.3:45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    # a full-width colon, in a simplified text the reading view leaves as it is
    ("三次产业结构为9.3：45.3：45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    # the classification is still named when a scope or a year comes before it in the clause
    ("2024年，全市三次产业结构为9.3∶45.3∶45.4。", [(9.3, SECTORS[0]), (45.3, SECTORS[1]), (45.4, SECTORS[2])]),
    ("轻工业和重工业比例为40∶60。", [(40.0, "轻工业占比"), (60.0, "重工业占比")]),
    ("两者之比为1∶2。", []),  # does not add up to 100: no shares
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_ratio_parts(text, expected):
    facts = [f for f in extract(make_document(text, date(2025, 3, 1))) if f.measure == "share"]
    assert [(f.value, f.subject) for f in facts] == expected
