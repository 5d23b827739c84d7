"""Numeral parsing: Arabic (full-width, separators, sign) and Chinese numerals in any mix."""

import pytest

from mfgstats.extract.numerals import parse_number

CASES = [
    ("1783", 1783),
    ("１７８３", 1783),
    ("1,234.5", 1234.5),
    ("-4.3", -4.3),
    ("0.95", 0.95),
    ("十二", 12),
    ("两", 2),
    ("三千二百", 3200),
    ("一百零五", 105),
    ("一万五", 15000),
    ("一万二千", 12000),
    ("三百万", 3_000_000),
    ("一亿二千万", 120_000_000),
    ("二〇二五", 2025),
    ("千", 1000),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "abc", "十x"])
def test_parse_number_rejects_non_numerals(text):
    with pytest.raises(ValueError):
        parse_number(text)
