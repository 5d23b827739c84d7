"""Period labels of table headers and cells → (first day, last day), alike for text tables and CSV / XLSX files.

Accepted (half- or full-width digits, 年 optional where a year stands alone):
2020 · 2020年 · 2020年末/年底 → the year;  2020H1 · 2020年上半年 · 2020年下半年 → a half;
2020Q3 · 2020年三季度 · 2020年第3季度 → a quarter;  2020-08 · 2020/8 · 2020年8月 → a month;
2020-01..2020-08 · 2020年1-8月 · 2020年1—8月 · 2020年1至8月 → January to August (year to date);
2016-2020 · 2016—2020年 → a span of years;  十三五 · 十三五期间 → 2016–2020;  十三五末 → 2020;
2020-12-31 → one day.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_DASH = r"\s*(?:-|–|—|－|~|～|至|到|\.\.)\s*"
_Y = r"((?:19|20)\d\d)"
_M = r"(1[0-2]|0?[1-9])"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_Y}(?:年(?:末|底|度|全年)?)?$"), "year"),
    (re.compile(rf"^{_Y}\s*(?:年)?\s*(?:H([12])|([上下])半年)$", re.IGNORECASE), "half"),
    (re.compile(rf"^{_Y}\s*(?:年)?\s*(?:Q([1-4])|第?([一二三四1-4])季度)$", re.IGNORECASE), "quarter"),
    (re.compile(rf"^{_Y}(?:[-/.]|年){_M}(?:月(?:末|底|份)?)?$"), "month"),
    (re.compile(rf"^{_Y}(?:[-/.]|年){_M}(?:月)?{_DASH}(?:{_Y}(?:[-/.]|年))?{_M}月?$"), "months"),
    (re.compile(rf"^{_Y}(?:年)?{_DASH}{_Y}年?(?:期间)?$"), "years"),
    (re.compile(rf"^{_Y}[-/.]{_M}[-/.](3[01]|[12]\d|0?[1-9])日?$"), "day"),
    (re.compile(rf"^{_Y}年{_M}月(3[01]|[12]\d|0?[1-9])日$"), "day"),
    (re.compile(r"^“?([一二三四五六七八九十]{1,3})五”?(?:时期|期间)?$"), "plan"),
    (re.compile(r"^“?([一二三四五六七八九十]{1,3})五”?(?:末|期末)$"), "plan_end"),
]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # the words that fixed the period


def parse_period(label: str) -> Period | None:
    # NFKC folds full-width digits and letters (２０２０Ｑ３); the extractor imports nothing from ingestion here
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                span = _SPANS[kind](m)
            except ValueError:  # a day that does not exist, e.g. 2021-02-30
                return None
            if span is not None and span[0] <= span[1]:
                return Period(span[0], span[1], label.strip())
    return None


def _year_end(year: int, month: int = 12) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _half(m: re.Match) -> tuple[date, date]:
    year, first = int(m.group(1)), (m.group(2) == "1" or m.group(3) == "上")
    return (date(year, 1, 1), _year_end(year, 6)) if first else (date(year, 7, 1), _year_end(year))


def _quarter(m: re.Match) -> tuple[date, date]:
    year, q = int(m.group(1)), m.group(2) or m.group(3)
    q = int(q) if q.isdigit() else _CN_DIGITS[q]
    return date(year, 3 * q - 2, 1), _year_end(year, 3 * q)


def _months(m: re.Match) -> tuple[date, date] | None:
    year, first, end_year, last = int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4))
    end_year = int(end_year) if end_year else year
    return date(year, first, 1), _year_end(end_year, last)


def _plan(m: re.Match) -> tuple[date, date] | None:
    first = _plan_first_year(m.group(1))
    return (date(first, 1, 1), _year_end(first + 4)) if first else None


def _plan_end(m: re.Match) -> tuple[date, date] | None:
    first = _plan_first_year(m.group(1))
    return (date(first + 4, 1, 1), _year_end(first + 4)) if first else None


def _plan_first_year(numeral: str) -> int | None:
    """First year of the n-th five-year plan: 一五 1953, 二五 1958, then (after 1963–65) 三五 1966 + 5(n−3),
    so 十三五 = 2016–2020 and 十四五 = 2021–2025."""
    if numeral == "十":
        n = 10
    elif numeral.startswith("十"):
        n = 10 + _CN_DIGITS.get(numeral[1:], 0) if len(numeral) == 2 else 0
    else:
        n = _CN_DIGITS.get(numeral, 0) if len(numeral) == 1 else 0
    if not n:
        return None
    return 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)


_SPANS = {
    "year": lambda m: (date(int(m.group(1)), 1, 1), _year_end(int(m.group(1)))),
    "half": _half,
    "quarter": _quarter,
    "month": lambda m: (date(int(m.group(1)), int(m.group(2)), 1), _year_end(int(m.group(1)), int(m.group(2)))),
    "months": _months,
    "years": lambda m: (date(int(m.group(1)), 1, 1), _year_end(int(m.group(2)))),
    "day": lambda m: (_day(m), _day(m)),
    "plan": _plan,
    "plan_end": _plan_end,
}


def _day(m: re.Match) -> date:
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
