"""The SDMX vocabulary of the export: time periods, identifiers and the fixed code lists (with zh and en labels).

TIME_PERIOD follows the SDMX 2.1/3.0 time formats: a calendar year `2020`, half `2020-S1`, quarter `2020-Q1`,
month `2020-01`, day `2020-01-15`; any other span is a time range written as start and ISO 8601 duration,
e.g. the 13th five-year plan `2016-01-01/P5Y`, January–August `2025-01-01/P8M`.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import date

NOT_APPLICABLE = "_Z"  # SDMX convention: the dimension does not apply to this observation

# OBS_STATUS, a subset of SDMX's cross-domain CL_OBS_STATUS.
OBS_STATUS = {
    "A": ("实际值", "Normal value (actual outturn stated by the source)"),
    "E": ("估计值（约数）", "Estimated value (stated as approximate: 约, 左右, 近)"),
    "F": ("目标值", "Forecast value (a plan target)"),
}

# MEASURE: how a value relates to the indicator (fact `measure` + `basis`).
MEASURE = {
    "LEVEL": ("总量", "Level"),
    "GROWTH": ("增长", "Growth rate"),
    "GROWTH_YOY": ("同比增长", "Growth rate, year on year"),
    "GROWTH_MOM": ("环比增长", "Growth rate, period on period"),
    "GROWTH_CAGR": ("年均增长", "Average annual growth rate"),
    "GROWTH_CUMULATIVE": ("累计增长", "Cumulative growth"),
    "GROWTH_VS_BASE": ("较基期增长", "Growth against the base period"),
    "CHANGE": ("变化量", "Change"),
    "CHANGE_YOY": ("同比变化", "Change, year on year"),
    "CHANGE_MOM": ("环比变化", "Change, period on period"),
    "CHANGE_CAGR": ("年均变化", "Average annual change"),
    "CHANGE_CUMULATIVE": ("累计变化", "Cumulative change"),
    "CHANGE_VS_BASE": ("较基期变化", "Change against the base period"),
    "SHARE": ("占比", "Share"),
    "RANK": ("排名", "Rank"),
    "MULTIPLE": ("倍数", "Multiple"),
}

# UNIT_MEASURE for the base units the extractor normalises to (mfgstats.extract.units); other units get a
# generated code whose label is the unit as written.
UNIT_MEASURE = {
    "元": ("CNY", "元", "Chinese yuan"),
    "美元": ("USD", "美元", "US dollar"),
    "欧元": ("EUR", "欧元", "Euro"),
    "港元": ("HKD", "港元", "Hong Kong dollar"),
    "%": ("PT", "%", "Percent"),
    "百分点": ("PP", "百分点", "Percentage points"),
    "吨": ("T", "吨", "Tonnes"),
    "吨标准煤": ("TCE", "吨标准煤", "Tonnes of coal equivalent"),
    "千瓦时": ("KWH", "千瓦时", "Kilowatt hours"),
    "千瓦": ("KW", "千瓦", "Kilowatts"),
    "平方米": ("M2", "平方米", "Square metres"),
    "立方米": ("M3", "立方米", "Cubic metres"),
    "倍": ("MULTIPLE", "倍", "Times (multiple)"),
    "名次": ("RANK", "名次", "Rank position"),
    "年": ("YEARS", "年", "Years"),
    "家": ("ENTERPRISES", "家", "Enterprises or institutions"),
    "个": ("UNITS", "个", "Units"),
    "项": ("ITEMS", "项", "Items (projects)"),
    "人": ("PERSONS", "人", "Persons"),
    "人次": ("PERSON_TIMES", "人次", "Person-times"),
    "台": ("MACHINES", "台", "Machines"),
    "台套": ("SETS", "台套", "Sets of equipment"),
    "辆": ("VEHICLES", "辆", "Vehicles"),
}

KNOWN_UNIT_CODES = frozenset(code for code, _, _ in UNIT_MEASURE.values())

_SDMX_ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")


def sdmx_id(key: str | None, prefix: str = "X") -> str:
    """A key as an SDMX identifier: kept when it already is one (codes like 410300), else a readable generated
    code — the key's text in toneless pinyin, its namespace (`subject:`, `name:`) dropped, and 4 hex digits of
    its hash, because two texts can read alike (homophones, punctuation): `subject:规上工业营业收入` →
    `X_GUI_SHANG_GONG_YE_YING_YE_SHOU_RU_6458`. The code list labels it with the key's Chinese text."""
    if not key:
        return NOT_APPLICABLE
    if _SDMX_ID.match(key):
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:4].upper()
    readable = _romanised(_NAMESPACE.sub("", key))[:_READABLE_CHARS].strip("_")
    return f"{prefix}_{readable}_{digest}" if readable else f"{prefix}_{digest}"


_NAMESPACE = re.compile(r"^[a-z]+:")
_NOT_ID = re.compile(r"[^A-Za-z0-9]+")
_READABLE_CHARS = 60  # long subjects stay usable as ids; the hash digits keep them apart


def _romanised(text: str) -> str:
    from pypinyin import lazy_pinyin  # its dictionaries load in ≈ 0.2 s: only when an export needs them

    words = lazy_pinyin(text, errors=lambda rest: [rest])  # non-Chinese runs (ASCII, digits) stay as written
    return _NOT_ID.sub("_", "_".join(words)).strip("_").upper()


def measure_code(measure: str, basis: str | None) -> str:
    return measure.upper() + (f"_{basis.upper()}" if basis and measure in ("growth", "change") else "")


def unit_code(unit: str | None) -> str:
    if not unit:
        return NOT_APPLICABLE
    known = UNIT_MEASURE.get(unit)
    return known[0] if known else sdmx_id(unit, "U")


def obs_status(status: str, comparator: str | None) -> str:
    if status == "target":
        return "F"
    return "E" if comparator == "~" else "A"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def time_period(start: date | None, end: date | None) -> str | None:
    """SDMX TIME_PERIOD of the span [start, end] (both inclusive); None when the period is unknown."""
    if start is None or end is None or end < start:
        return None
    if start == end:
        return start.isoformat()
    starts_month = start.day == 1
    ends_month = end == _month_end(end.year, end.month)
    if not (starts_month and ends_month):
        return f"{start.isoformat()}/P{(end - start).days + 1}D"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.year == end.year:
        if months == 12:
            return str(start.year)
        if months == 6 and start.month in (1, 7):
            return f"{start.year}-S{1 if start.month == 1 else 2}"
        if months == 3 and start.month in (1, 4, 7, 10):
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if months == 1:
            return f"{start.year}-{start.month:02d}"
    duration = f"P{months // 12}Y" if months % 12 == 0 else f"P{months}M"
    return f"{start.isoformat()}/{duration}"
