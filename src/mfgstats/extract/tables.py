"""Tab-separated indicator tables: a header row naming years, then one row per indicator.

    一级指标\t二级指标\t2019 年\t2025 年
    \t制造业增加值（亿元）\t1630.2\t2100.0

Each numeric cell becomes a fact for its column's year: actual up to the publication year, target after it.
The unit comes from the row label's parentheses, else from what the label says (比重/增速 → %, 数量 → 个).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mfgstats.extract import units

_YEAR_CELL_RE = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*年?\s*(?:目标|预期|实际)?\s*$")
_NUMBER_CELL_RE = re.compile(r"^\s*([-－−]?[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*$")
_PAREN_UNIT_RE = re.compile(r"[（(]\s*([^（()）]{1,6}?)\s*[)）]\s*$")
_GROWTH_LABEL_RE = re.compile(r"增速|增长|降幅|增幅|涨幅")
_SHARE_LABEL_RE = re.compile(r"比重|占比|率|强度|比例")


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class TableValue:
    start: int
    end: int
    value: float
    unit: str
    measure: str
    direction: str | None
    year: int
    status: str
    label: str
    row_start: int
    row_end: int


def _cells(text: str, start: int, end: int) -> list[Cell]:
    cells = []
    pos = start
    for part in text[start:end].split("\t"):
        cells.append(Cell(pos, pos + len(part), part))
        pos += len(part) + 1
    return cells


def _row_unit(label: str) -> tuple[str | None, str]:
    m = _PAREN_UNIT_RE.search(label)
    if m:
        written = m.group(1).replace(" ", "")
        written = units.canonical_base(written) if units.lookup(units.canonical_base(written)) else written
        if units.lookup(written):
            return written, label[: m.start()].strip()
    name = label.strip()
    if _GROWTH_LABEL_RE.search(name) or _SHARE_LABEL_RE.search(name):
        return "%", name
    if name.endswith(("数量", "个数", "数")):
        return "个", name
    return None, name


def table_values(text: str, rows: list[tuple[int, int]], published: date) -> Iterator[TableValue]:
    """rows: (start, end) of consecutive tab-separated lines forming one table."""
    years: dict[int, int] = {}
    for row_start, row_end in rows:
        cells = _cells(text, row_start, row_end)
        header = {i: int(m.group(1)) for i, c in enumerate(cells) if (m := _YEAR_CELL_RE.match(c.text))}
        if len(header) >= 1 and not any(_NUMBER_CELL_RE.match(c.text) for c in cells):
            years = header
            continue
        if not years:
            continue
        numeric = [i for i, c in enumerate(cells) if _NUMBER_CELL_RE.match(c.text) or c.text.strip() in ("——", "—")]
        if not numeric:
            continue
        label_cells = [c for i, c in enumerate(cells[: numeric[0]]) if c.text.strip()]
        if not label_cells:
            continue
        unit, name = _row_unit(label_cells[-1].text)
        if unit is None:
            continue
        year_columns = sorted(years)
        for i in numeric:
            cell = cells[i]
            m = _NUMBER_CELL_RE.match(cell.text)
            if not m:
                continue
            column = i if i in years else None
            if column is None:
                offset = numeric.index(i) - len(numeric)
                if -offset > len(year_columns):
                    continue
                column = year_columns[offset]
            year = years[column]
            value = float(m.group(1).translate(str.maketrans("０１２３４５６７８９．－−", "0123456789.--")))
            measure = "level"
            direction = None
            if unit == "%":
                measure = "growth" if _GROWTH_LABEL_RE.search(name) else "share"
                if measure == "growth":
                    direction = "down" if value < 0 or "降" in name else "up"
            lead = len(cell.text) - len(cell.text.lstrip())
            start = cell.start + lead
            yield TableValue(
                start=start,
                end=start + len(m.group(1)),
                value=value,
                unit=unit,
                measure=measure,
                direction=direction,
                year=year,
                status="target" if year > published.year else "actual",
                label=name,
                row_start=row_start,
                row_end=row_end,
            )
