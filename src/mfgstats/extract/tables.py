"""Indicator tables (tab-, pipe- or markdown-separated): a header row naming the columns, then one row per indicator.

    一级指标\t二级指标\t2019 年\t2025 年            指标\t单位\t绝对值\t比上年增长（%）
    \t制造业增加值（亿元）\t1630.2\t2100.0           规上工业增加值\t亿元\t2345.6\t6.6

A header cell is a year (a column of values for that year), 单位 (the row's unit), a value column (绝对值, 数值,
总量 …, for the year the text around the table speaks of) or a growth column (增长, 增速, 同比 …, in %). Each
numeric cell becomes a fact: actual up to the publication year, target after it. A row's unit comes from the unit
column, else the label's parentheses, else what the label says (比重/增速 → %, 数量 → 个), else the value column's
header (绝对数(亿元)).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mfgstats.extract import units

_CELL_SPLIT_RE = re.compile(r"[\t|]")
_YEAR_CELL_RE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年?\s*(?:目标|预期|实际|规划)?\s*(?:值)?\s*$")
_NUMBER_CELL_RE = re.compile(r"^\s*([-－−]?[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*$")
_PLACEHOLDER = ("——", "—", "-", "－", "/", "…")
_PAREN_UNIT_RE = re.compile(r"[（(]\s*([^（()）]{1,6}?)\s*[)）]\s*$")
_GROWTH_LABEL_RE = re.compile(r"增速|增长|降幅|增幅|涨幅")
_SHARE_LABEL_RE = re.compile(r"比重|占比|率|强度|比例")
_UNIT_HEADER_RE = re.compile(r"^\s*(?:计量)?单位\s*$")
_VALUE_HEADER_RE = re.compile(
    r"^\s*(绝对值|绝对数|数值|总量|实际值|完成值|本年|本期|全年|累计|产量|产值|金额|数量|总额|规模)\s*"
    r"(?:[（(][^）)]*[)）])?\s*$"
)
_MEASURE_HEADERS = ("产量", "产值")  # a column of 产量 makes 铝材 the subject 铝材产量
_GROWTH_HEADER_RE = re.compile(r"增长|增速|增幅|同比|比上年|±")
_YOY_HEADER_RE = re.compile(r"同比|比上年|比去年")


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Column:
    role: str  # year | value | growth | unit
    year: int | None = None
    yoy: bool = False
    unit: str | None = None  # written in the header: 绝对数(亿元), 产量（万吨）
    measure: str = ""  # what a value column measures when its header names it (产量, 产值): part of the subject


@dataclass
class TableValue:
    start: int
    end: int
    value: float
    unit: str
    measure: str
    basis: str | None
    direction: str | None
    year: int
    status: str
    label: str
    row_start: int
    row_end: int


def _cells(text: str, start: int, end: int) -> list[Cell]:
    """Cells separated by tabs or pipes (a markdown row's outer pipes leave empty edge cells)."""
    cells = []
    pos = start
    for part in _CELL_SPLIT_RE.split(text[start:end]):
        cells.append(Cell(pos, pos + len(part), part))
        pos += len(part) + 1
    return cells


def _header(cells: list[Cell]) -> dict[int, Column]:
    """Column roles of a header row; empty if the row is not a header."""
    if any(_NUMBER_CELL_RE.match(c.text) or c.text.strip() in _PLACEHOLDER for c in cells):
        return {}
    roles: dict[int, Column] = {}
    for i, c in enumerate(cells):
        if m := _YEAR_CELL_RE.match(c.text):
            roles[i] = Column("year", int(m.group(1)))
        elif _UNIT_HEADER_RE.match(c.text):
            roles[i] = Column("unit")
        elif m := _VALUE_HEADER_RE.match(c.text):
            unit = _PAREN_UNIT_RE.search(c.text)
            roles[i] = Column(
                "value",
                measure=m.group(1) if m.group(1) in _MEASURE_HEADERS else "",
                unit=_canonical_unit(unit.group(1)) if unit else None,
            )
        elif _GROWTH_HEADER_RE.search(c.text) and i > 0:
            roles[i] = Column("growth", yoy=bool(_YOY_HEADER_RE.search(c.text)))
    # a row of labels only is a header when it names years, values or units, not just growth ("…增长（%）")
    return roles if any(col.role in ("year", "value", "unit") for col in roles.values()) else {}


def _canonical_unit(written: str) -> str | None:
    written = written.replace(" ", "").replace("％", "%")
    for candidate in (written, units.canonical_base(written)):
        if units.lookup(candidate):
            return candidate
    return None


def _row_unit(label: str) -> tuple[str | None, str]:
    m = _PAREN_UNIT_RE.search(label)
    if m and (unit := _canonical_unit(m.group(1))):
        return unit, label[: m.start()].strip()
    name = label.strip()
    if _GROWTH_LABEL_RE.search(name) or _SHARE_LABEL_RE.search(name):
        return "%", name
    if name.endswith(("数量", "个数", "数")):
        return "个", name
    return None, name


def _number(cell: Cell) -> tuple[float, int, int] | None:
    m = _NUMBER_CELL_RE.match(cell.text)
    if not m:
        return None
    value = float(m.group(1).translate(str.maketrans("０１２３４５６７８９．－−", "0123456789.--")))
    start = cell.start + m.start(1)
    return value, start, start + len(m.group(1))


def table_values(
    text: str, rows: list[tuple[int, int]], published: date, context_year: int | None = None
) -> Iterator[TableValue]:
    """rows: (start, end) of consecutive tab-separated lines forming one table; context_year: the year the text
    around the table speaks of, for value and growth columns that do not name one."""
    columns: dict[int, Column] = {}
    for row_start, row_end in rows:
        cells = _cells(text, row_start, row_end)
        if header := _header(cells):
            columns = header
            continue
        if not columns:
            continue
        numeric = [i for i, c in enumerate(cells) if _NUMBER_CELL_RE.match(c.text) or c.text.strip() in _PLACEHOLDER]
        label_cells = [
            c for i, c in enumerate(cells[: numeric[0]] if numeric else []) if c.text.strip() and i not in columns
        ]
        if not numeric or not label_cells:
            continue
        unit_column = next((i for i, col in columns.items() if col.role == "unit"), None)
        written = cells[unit_column].text if unit_column is not None and unit_column < len(cells) else ""
        unit, name = _row_unit(label_cells[-1].text)
        measured = next((col.measure for col in columns.values() if col.measure), "")
        if measured and not name.endswith(("量", "值", "额", "数")):  # 铝材 → 铝材产量, but not 发电量产量
            name = f"{name}{measured}"
        if written.strip():
            unit = _canonical_unit(written) or unit
        years = sorted(col.year for col in columns.values() if col.role == "year")
        default_year = years[-1] if years else context_year or published.year
        for i in numeric:
            parsed = _number(cells[i])
            column = columns.get(i) or _aligned(columns, numeric, i)
            if parsed is None or column is None or column.role == "unit":
                continue
            value, start, end = parsed
            year = column.year if column.role == "year" else default_year
            if column.role == "growth":
                measure, cell_unit, basis = "growth", "%", "yoy" if column.yoy else None
            elif (unit or column.unit) is None:
                continue
            else:
                cell_unit, basis = unit or column.unit, None  # the row's own unit first, then the header's
                measure = "level"
                if cell_unit == "%":
                    measure = "growth" if _GROWTH_LABEL_RE.search(name) else "share"
            direction = None
            if measure == "growth":
                direction = "down" if value < 0 or "降" in name else "up"
            yield TableValue(
                start=start,
                end=end,
                value=value,
                unit=cell_unit,
                measure=measure,
                basis=basis,
                direction=direction,
                year=year,
                status="target" if year > published.year else "actual",
                label=name,
                row_start=row_start,
                row_end=row_end,
            )


def _aligned(columns: dict[int, Column], numeric: list[int], i: int) -> Column | None:
    """A row with fewer cells than its header: its numbers fill the rightmost value columns."""
    value_columns = sorted(k for k, col in columns.items() if col.role != "unit")
    offset = numeric.index(i) - len(numeric)
    return columns[value_columns[offset]] if -offset <= len(value_columns) else None
