"""The extractor's built-in unit table must agree with the catalog's units.csv (the source of truth)."""

from __future__ import annotations

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import units


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


def test_every_spelling_both_know_normalises_the_same(catalog):
    checked = 0
    for spelling, unit in units._TABLE.items():
        theirs = catalog.unit(spelling)
        if theirs is None:
            continue
        checked += 1
        assert (unit.base_unit, unit.family) == (theirs.base_unit, theirs.family), spelling
        assert unit.factor == pytest.approx(theirs.factor_to_base, rel=1e-6), spelling
    assert checked > 150


def test_the_scanner_recognises_what_the_catalog_lists_for_statistics(catalog):
    """Every catalog unit of a statistical family (not lengths or durations, which mark product specs) is a unit
    the scanner can produce."""
    spec_families = {"length", "duration", "months", "index"}
    # 度 and 瓦 alone are too often other words (温度, 瓦片); 万亿 is read as 万亿元
    deliberately_unread = {"度", "瓦", "万亿"}
    missing = [
        u.unit
        for u in catalog.units.values()
        if u.family not in spec_families and u.unit not in deliberately_unread and not _readable(u.unit)
    ]
    assert missing == []


def _readable(spelling: str) -> bool:
    """The scanner reads it: a known unit, or a written multiplier before a known base spelling."""
    for mult in ("", *units.MULTIPLIERS):
        if spelling.startswith(mult) and units.lookup(mult + units.canonical_base(spelling[len(mult) :])):
            return True
    return False


@pytest.mark.parametrize(
    ("value", "stated", "expected"),
    [
        (1.8, "万家", (18000, "家")),
        (1.1, "万亿元", (1.1e12, "元")),
        (36, "亿美元", (3.6e9, "美元")),
        (2.2, "百分点", (2.2, "百分点")),
        (5, "‰", (0.5, "%")),
        (50, "GWh", (5e7, "千瓦时")),
        (583, "亩", (388666.67, "平方米")),
        (1300, "万吨标准煤", (1.3e7, "吨标准煤")),
    ],
)
def test_normalise(value, stated, expected):
    base, unit = units.normalise(value, stated)
    assert unit == expected[1]
    assert base == pytest.approx(expected[0], rel=1e-6)


def test_tenths_are_a_share_in_percent(catalog):
    """成 is a unit of the catalog (an annotation keeps 近6成 as stated), normalised to %; the scanner reads a number
    of tenths straight into % and never takes 成 after a number for a unit of its own (5成为…, 3成立)."""
    unit = catalog.unit("成")
    assert (unit.family, unit.factor_to_base, unit.base_unit) == ("pct", 10, "%")
    assert units.normalise(6, "成") == (60.0, "%")
    assert "成" not in units.base_spellings()
