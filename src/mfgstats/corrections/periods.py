"""The period a correction gives a fact, as a person writes it: 2025, 2025H1, 2025Q3, 2025-08, 2021..2025,
2025-01..2025-08 or two ISO dates joined by `..`."""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-?H([12])$", re.I)
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

HELP = "write 2025, 2025H1, 2025Q3, 2025-08, 2025-01..2025-08, 2021..2025 or 2020-01-01..2020-09-30"


def _bounds(text: str) -> tuple[date, date]:
    text = text.strip()
    if m := _YEAR.match(text):
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    if m := _HALF.match(text):
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), _last(y, 6 * h)
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), _last(y, 3 * q)
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), _last(y, mo)
    if m := _DAY.match(text):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    raise ValueError(f"period {text!r} is not understood: {HELP}")


def _last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> tuple[date, date]:
    """(first day, last day) of the period; ValueError saying what to write instead."""
    text = str(text).strip()
    try:
        if ".." in text:
            first, last = text.split("..", 1)
            start, end = _bounds(first)[0], _bounds(last)[1]
        else:
            start, end = _bounds(text)
    except ValueError as exc:  # a month 13, or text that is not a period
        raise ValueError(f"period {text!r} is not understood: {HELP}") from exc
    if end < start:
        raise ValueError(f"period {text!r} ends before it starts")
    return start, end
