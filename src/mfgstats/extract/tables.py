"""Indicator tables (tab-, pipe-, markdown- or space-set): header rows naming the columns, then one row per indicator.

    一级指标\t二级指标\t2019 年\t2025 年            指标\t单位\t绝对值\t比上年增长（%）
    \t制造业增加值（亿元）\t1630.2\t2100.0           规上工业增加值\t亿元\t2345.6\t6.6

A header cell is a period (2019 年, 2025年目标值, 2024年1-8月, or 8月 / 上半年 in the year of the text around the
table: a column of values for that period, read by the grammar CSV and XLSX tables use), 单位 (the row's unit), a
value column (绝对值, 数值, 总量 …, for the year the text around the table speaks of), a growth column (增长, 增速,
同比 …, in %) or, in a yearbook table, an indicator of its own (企业单位数(个), 工业总产值): then a cell is the
row's figure of that indicator (亏损企业 + 工业总产值). A header may span several rows (企 业 / 单 位 数 / (个)):
its cells are read per column. Rows of one filled cell before the header are captions: 单位:万元 is the unit of
every column that states none, (2002年) the table's year; the lines just before the table may state the unit too.
A cell may write its unit (269万吨, in a single-spaced product table): that unit is its own.

Each numeric cell becomes a fact: target when its header says so (目标, 预期) or its period starts after the
publication, actual otherwise. A row's unit comes from the unit column, else the label's parentheses, else the
column header (绝对数(亿元)), else what the label or the header says (比重/增速 → %, 数量 → 个), else the caption;
a column marked # (#亏损企业, "of which") takes the unit of the column it details.

A caption may name the one indicator of the whole table (指标:工业增加值_同比增长(%), 各省工业增加值增速(%)): then a
row is a place, an industry or a period, not an indicator. Its figures are that indicator's (河北省 + 工业增加值, a
growth in %); a row whose label is a period (2020年11月) gives its figures that period, with the columns naming what
the indicator is split by (a province by month table written either way round).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from mfgstats.extract import units
from mfgstats.extract.segment import SPACED_SPLIT_RE, plain_cells
from mfgstats.extract.table_periods import Period, parse_period
from mfgstats.extract.table_rules import (
    FIGURE,
    GROWTH_WORDS_RE,
    NO_FIGURE,
    cell_figure,
    figure_value,
    growth_basis,
    measure_of,
    split_unit,
)

_CELL_SPLIT_RE = re.compile(r"[\t|]")
# a period header's status word (2025年目标值, 2024年实际) and unit (2023年(亿元)) around the period itself
_PERIOD_HEADER_RE = re.compile(r"^(.*?)(目标|预期|规划|计划|实际|完成)?值?(?:[（(][^（()）]{1,6}[)）])?$")
# a period the header writes without its year (8月, 1-8月, 上半年, 三季度): the year of the text around the table
_YEARLESS_RE = re.compile(
    r"^(?:[0-9]{1,2}\s*(?:[-—–－~至到]\s*[0-9]{1,2})?\s*月(?:份)?|[上下]半年|第?[一二三四1-4]季度)$"
)
_SHARE_LABEL_RE = re.compile(r"比重|占比|率|强度|比例")
_UNIT_HEADER_RE = re.compile(r"^\s*(?:计量)?单位\s*$")
_VALUE_HEADER_RE = re.compile(
    r"^\s*(绝对值|绝对数|数值|总量|实际值|完成值|本年|本期|全年|累计|产量|产值|金额|数量|总额|规模)\s*"
    r"(?:[（(][^）)]*[)）])?\s*$"
)
_MEASURE_HEADERS = ("产量", "产值")  # a column of 产量 makes 铝材 the subject 铝材产量
_GROWTH_HEADER_RE = re.compile(r"增长|增速|增幅|同比|比上年|±")
# yearbooks space out short labels (总 计, 单 位 数); a space between two Chinese characters is layout
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff#])\s+(?=[\u4e00-\u9fff(（])")
# the header of the row-label column, written once above a header of several rows
_STUB_RE = re.compile(r"^(?:[一二三]级)?(?:指标|类别|项目|行业|地区|区域|产品|分组|组别|分类|年份)(?:名称)?$")
_CAPTION_UNIT_RE = re.compile(r"单位\s*[:：]\s*([^\s|，,；;:：）)]{1,6})")
# a caption naming the table's one indicator: 指标:工业增加值_同比增长(%) (a database export), or a title line ending in
# the unit of every cell (各省工业增加值增速(%))
_CAPTION_INDICATOR_RE = re.compile(r"^(?:指标\s*[:：]\s*)?(.{2,30}?)\s*[（(]\s*([^（()）]{1,6})\s*[)）]$")
_CAPTION_YEAR_RE = re.compile(r"[（(]\s*((?:19|20)[0-9]{2})\s*年?\s*[)）]")
# a table's number and what its title says of every indicator (12-11 …主要经济指标, 表1 …基本情况)
_TITLE_NUMBER_RE = re.compile(r"^(?:表\s*)?[0-9一二三四五六七八九十]+(?:[-—－.][0-9]+)*\s*")
_TITLE_TAIL_RE = re.compile(r"(?:主要(?:经济)?指标|基本情况|情况|统计表?)$")
_GROWTH_WORDS_RE = re.compile(r"比上年|比去年|较上年|同比|增长|增速|增幅|增减|降幅|±|[（(]\s*%\s*[)）]|%")
_EMPTY_PARENS_RE = re.compile(r"[（(]\s*[)）]")
_SENTENCE_RE = re.compile(r"[。，；！？]")
_RULE_RE = re.compile(r"\s*:?-*:?\s*")
_QUANTITY_CELL_RE = re.compile(rf"^\s*({FIGURE})\s*([^\s0-9.%]{{1,5}})\s*$")
_DATE_UNITS = ("年", "月", "日", "天", "时")
_TOTAL_LABELS = ("总计", "合计", "全部", "总体")


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Column:
    role: str  # period | value | growth | unit | indicator
    period: Period | None = None
    target: bool | None = None  # the header says 目标 / 预期 (True) or 实际 / 完成 (False)
    basis: str | None = None  # of a growth column: 同比 / 比上年 yoy, 年均 cagr … (table_rules.growth_basis)
    unit: str | None = None  # written in the header: 绝对数(亿元), 产量（万吨）
    measure: str = ""  # what a value column measures when its header names it (产量, 产值): part of the subject
    name: str = ""  # the indicator the header names, without its unit (企业单位数), or what grows (工业增加值增速)
    detail: bool = False  # marked # (of which): its unit is the one of the column before


@dataclass
class Caption:
    unit: str | None = None  # 单位:万元
    year: int | None = None  # (2002年)
    title: str = ""  # what every indicator of the table is of (规模以上非公有工业), for its total row
    indicator: str = ""  # the one indicator every cell measures (指标:工业增加值_同比增长(%)), its unit in `unit`


@dataclass
class TableValue:
    start: int
    end: int
    value: float
    unit: str
    measure: str
    basis: str | None
    direction: str | None
    period_start: date
    period_end: date
    period_label: str
    status: str
    label: str
    row_start: int
    row_end: int
    owner: str = ""  # a column's name the row's figures belong to when the row is a period (a place, an industry)


def _cells(text: str, start: int, end: int) -> list[Cell]:
    """Cells separated by tabs or pipes (a markdown row's outer pipes leave empty edge cells), else by runs of
    spaces (a space-aligned table; its indent is no cell)."""
    row = text[start:end]
    if "\t" not in row and "|" not in row and (spans := plain_cells(row)):
        return [Cell(start + a, start + b, row[a:b]) for a, b in spans]
    if "\t" not in row and "|" not in row:
        first = start + len(row) - len(row.lstrip())
        bounds = [first, *(p for m in SPACED_SPLIT_RE.finditer(text, first, end) for p in m.span()), end]
        return [Cell(a, b, text[a:b]) for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    cells = []
    pos = start
    for part in _CELL_SPLIT_RE.split(text[start:end]):
        cells.append(Cell(pos, pos + len(part), part))
        pos += len(part) + 1
    return cells


def _label_only(cells: list[Cell]) -> bool:
    return not any(cell_figure(c.text) or c.text.strip() in NO_FIGURE for c in cells)


def _tidy(text: str) -> str:
    return _CJK_GAP_RE.sub("", text.strip())


def _header_texts(block: list[list[Cell]]) -> dict[int, str]:
    """Each column's header read down the rows of the header. A text copy of a yearbook drops the cell of the
    label column's header in the rows under it (类别 spanned them): those rows start one column to the right."""
    first = block[0]
    stub = next((i for i, c in enumerate(first) if c.text.strip()), 0)
    texts: dict[int, str] = {}
    for n, row in enumerate(block):
        shift = 1 if n and _STUB_RE.match(_tidy(first[stub].text)) and row[stub].text.strip() else 0
        for i, c in enumerate(row):
            if i >= stub and c.text.strip():
                texts[i + shift] = texts.get(i + shift, "") + _tidy(c.text)
    return texts


def _header(block: list[list[Cell]], first: bool, context_year: int) -> dict[int, Column]:
    """Column roles of the header rows in block; empty if they are no header. first: no header came before in the
    table, so columns that only name indicators (企业单位数, 工业总产值) make one."""
    texts = _header_texts(block)
    stub = min(texts, default=0)
    roles: dict[int, Column] = {}
    for i, text in texts.items():
        unit = split_unit(text)
        written = _canonical_unit(unit[1]) if unit else None
        if period := _period_header(text, context_year):
            roles[i] = Column("period", *period, unit=written)
        elif _UNIT_HEADER_RE.match(text):
            roles[i] = Column("unit")
        elif m := _VALUE_HEADER_RE.match(text):
            roles[i] = Column("value", measure=m.group(1) if m.group(1) in _MEASURE_HEADERS else "", unit=written)
        elif _GROWTH_HEADER_RE.search(text) and i > 0:
            # 工业增加值增速(%) names what grows; 比上年增长(%) leaves it to the row
            # (比上年增减(±)% leaves its parentheses empty)
            name = _EMPTY_PARENS_RE.sub("", _GROWTH_WORDS_RE.sub("", text))
            roles[i] = Column("growth", basis=growth_basis(text), name=name)
        elif i > stub and not _STUB_RE.match(text):
            name = unit[0] if unit and written else text
            roles[i] = Column("indicator", unit=written, name=name.replace("#", ""), detail="#" in text)
    # a row of labels only is a header when it names periods, values or units, not just growth ("…增长（%）"); one that
    # names indicators only when it opens the table
    if any(col.role in ("period", "value", "unit") for col in roles.values()):
        return roles
    return roles if first and any(col.role == "indicator" for col in roles.values()) else {}


def _period_header(text: str, context_year: int) -> tuple[Period, bool | None] | None:
    """The period a header cell names (2019 年, 2025年目标值, 2024年1-8月, 8月, 上半年), with its status word."""
    m = _PERIOD_HEADER_RE.match(text.replace(" ", ""))
    label, status = m.group(1), m.group(2)
    if not label or not re.search(r"[0-9一二三四上下]", label):
        return None
    period = parse_period(label) or (parse_period(f"{context_year}年{label}") if _YEARLESS_RE.match(label) else None)
    if period is None:
        return None
    return period, None if status is None else status not in ("实际", "完成")


def _caption(text: str, caption: Caption) -> None:
    """What a caption line or row says of the whole table: its unit, its year, its title, its one indicator."""
    text = text.strip().rstrip("|\t ")
    if (m := _CAPTION_INDICATOR_RE.match(_tidy(text))) and (unit := _canonical_unit(m.group(2))):
        # 表2 主要指标(亿元) names no indicator, only the unit of every cell
        name = _TITLE_TAIL_RE.sub("", _TITLE_NUMBER_RE.sub("", m.group(1)).replace("_", ""))
        caption.indicator, caption.unit = name, unit
        return
    if m := _CAPTION_UNIT_RE.search(text):
        caption.unit = _canonical_unit(m.group(1)) or caption.unit
    if year := _CAPTION_YEAR_RE.search(text):
        caption.year = int(year.group(1))
    elif not caption.title and "单位" not in text:
        caption.title = _TITLE_TAIL_RE.sub("", _TITLE_NUMBER_RE.sub("", _tidy(text)))[:30]


def _caption_before(text: str, start: int) -> Caption:
    """What the short lines just before the table say of it (a title, then 单位：亿元 or (2002年) under it)."""
    caption = Caption()
    for line in text[max(0, start - 120) : start].splitlines()[-2:]:
        line = line.strip()
        if line and len(line) <= 40 and not _SENTENCE_RE.search(line):
            _caption(line, caption)
    return caption


def _canonical_unit(written: str) -> str | None:
    written = written.replace(" ", "").replace("％", "%")
    for candidate in (written, units.canonical_base(written)):
        if units.lookup(candidate):
            return candidate
    return None


def _row_unit(label: str) -> tuple[str | None, str]:
    paren = split_unit(label)
    if paren and (unit := _canonical_unit(paren[1])):
        return unit, paren[0].strip()
    name = label.strip()
    if GROWTH_WORDS_RE.search(name) or _SHARE_LABEL_RE.search(name):
        return "%", name
    if name.endswith(("数量", "个数", "数")):
        return "个", name
    return None, name


def _number(cell: Cell) -> tuple[float, int, int] | None:
    figure = cell_figure(cell.text)
    if figure is None:
        return None
    value, start, end = figure
    return value, cell.start + start, cell.start + end


def table_values(
    text: str, rows: list[tuple[int, int]], published: date, context_year: int | None = None
) -> Iterator[TableValue]:
    """rows: (start, end) of consecutive lines forming one table; context_year: the year the text around the table
    speaks of, for value and growth columns that do not name one."""
    columns: dict[int, Column] = {}
    caption = _caption_before(text, rows[0][0])
    year = context_year or published.year
    block: list[list[Cell]] = []  # the header rows read so far, while they go on
    for row_start, row_end in rows:
        cells = _cells(text, row_start, row_end)
        filled = [c for c in cells if c.text.strip()]
        if all(_RULE_RE.fullmatch(c.text) for c in cells):
            continue  # a markdown rule (|---|:---:|) under the header
        if _label_only(cells):
            first = not columns or bool(block)
            if (len(filled) > 1 or block) and (header := _header([*block, cells], first, caption.year or year)):
                block, columns = [*block, cells], header  # a row of one cell under a header goes on it: (个)
            elif len(filled) == 1:
                if not columns:
                    _caption(filled[0].text, caption)
                block = []
            continue
        block = []
        if columns:
            yield from _row_values(cells, columns, caption, row_start, row_end, published, context_year)


def _row_values(
    cells: list[Cell],
    columns: dict[int, Column],
    caption: Caption,
    row_start: int,
    row_end: int,
    published: date,
    context_year: int | None,
) -> Iterator[TableValue]:
    numeric = [i for i, c in enumerate(cells) if cell_figure(c.text) or c.text.strip() in NO_FIGURE or _quantity(c)]
    unit_column = next((i for i, col in columns.items() if col.role == "unit"), None)
    label_cells = [c for i, c in enumerate(cells[: numeric[0]]) if c.text.strip() and i != unit_column]
    if not label_cells:
        return
    written = cells[unit_column].text if unit_column is not None and unit_column < len(cells) else ""
    label = _tidy(label_cells[-1].text)
    unit, name = _row_unit(label)
    measured = next((col.measure for col in columns.values() if col.measure), "")
    if measured and not name.endswith(("量", "值", "额", "数")):  # 铝材 → 铝材产量, but not 发电量产量
        name = f"{name}{measured}"
    if written.strip():
        unit = _canonical_unit(written) or unit
    row_written = unit if written.strip() or split_unit(label) else None
    # under a caption naming the one indicator, a row without a unit of its own is a place, an industry or a period
    of_caption = bool(caption.indicator) and unit is None
    row_period = _period_header(label, caption.year or context_year or published.year) if of_caption else None
    if of_caption:
        name = "" if row_period else name
    periods = sorted((col.period for col in columns.values() if col.period), key=lambda p: p.end)
    indicators = any(col.role == "indicator" for col in columns.values())
    year = caption.year or context_year or published.year
    default = periods[-1] if periods else Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")
    if row_period:
        default = row_period[0]
    for i in numeric:
        own = _quantity(cells[i])  # a cell that writes its unit (269万吨)
        parsed = own[:3] if own else _number(cells[i])
        # a figure under no header of an indicator table is the row's figure of an unnamed column, not its neighbour's
        column = columns.get(i) or (Column("indicator") if indicators else _aligned(columns, numeric, i))
        if parsed is None or column is None or column.role == "unit":
            continue
        value, start, end = parsed
        period = column.period or default
        subject, column_owner = name, ""
        # (a column naming an indicator of its own keeps it, unless the row is a period: then it names a place)
        if of_caption and column.unit is None and (column.role in ("period", "value") or row_period):
            # the caption's indicator, of the row's place or industry, or of the column's when the row is a period
            owner = name or (column.name if column.role == "indicator" else "")
            column_owner = "" if name else owner
            measure = measure_of(caption.indicator, caption.unit)
            basis = growth_basis(caption.indicator) if measure in ("growth", "change") else None
            cell_unit, subject = caption.unit, f"{owner}{_GROWTH_WORDS_RE.sub('', caption.indicator)}"
        elif column.role == "growth":
            measure, cell_unit, basis = "growth", "%", column.basis
            subject = f"{name}{column.name}"
        elif column.role == "indicator":
            subject = f"{caption.title if name in _TOTAL_LABELS else name}{column.name}" or name
            cell_unit = row_written or _indicator_unit(columns, column) or caption.unit
            if cell_unit is None:
                continue
            measure = measure_of(column.name, cell_unit)
            basis = growth_basis(column.name) if measure in ("growth", "change") else None
        elif (own or unit or column.unit or caption.unit) is None:
            continue
        else:
            # the cell's own unit first, then the row's, then the header's
            cell_unit = own[3] if own else unit or column.unit or caption.unit
            measure = measure_of(name, cell_unit)
            basis = growth_basis(name) if measure in ("growth", "change") else None
        direction = None
        if measure in ("growth", "change"):
            direction = "down" if value < 0 or "降" in subject else "up"
        yield TableValue(
            start=start,
            end=end,
            value=value,
            unit=cell_unit,
            measure=measure,
            basis=basis,
            direction=direction,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            status="target" if (column.target if column.target is not None else period.start > published) else "actual",
            label=subject,
            row_start=row_start,
            row_end=row_end,
            owner=column_owner,
        )


# a table a text copy set column by column: its header (指    标 比上年增长%), the row labels one per line, then the
# figures one per line in the same order
_STACKED_HEADER_RE = re.compile(
    r"^[ \t\u3000]*([^\s0-9，。；](?:[ \u3000]*[^\s0-9，。；]){1,5})[ \t\u3000]+"
    r"([^\s0-9，。；]{0,6}(?:增长|增减|增速|增幅)[^\s0-9，。；]{0,8})[ \t\u3000]*$",
    re.MULTILINE,
)
_STACKED_LABEL_RE = re.compile(r"(?:其中\s*[:：]\s*)?([^\s0-9，。；、,;.%][^0-9，。；,;%]{0,19})")
_LINE_RE = re.compile(r"[^\n]*")


def stacked_values(text: str, published: date, context_year: Callable[[int], int]) -> Iterator[TableValue]:
    """The figures of tables set column by column under a growth header: the k-th figure is the k-th label's growth
    (3 rows or more, as many figures as labels, else nothing). context_year(pos): the year the text at pos speaks of.
    """
    for m in _STACKED_HEADER_RE.finditer(text):
        if not _STUB_RE.match(_tidy(m.group(1))):
            continue
        labels: list[str] = []
        figures: list[tuple[int, int, float]] = []
        for line in _LINE_RE.finditer(text, m.end() + 1):
            body = line.group().strip()
            if line.start() >= len(text) or (figures and len(figures) == len(labels)):
                break
            if not body:
                continue
            figure = cell_figure(body)
            if figure is not None and figure[1] == 0 and figure[2] == len(body) and labels:
                lead = line.start() + len(line.group()) - len(line.group().lstrip())
                figures.append((lead, lead + len(body), figure[0]))
            elif not figures and (label := _STACKED_LABEL_RE.fullmatch(body)):
                labels.append(_tidy(label.group(1)))
            else:
                break
        if len(labels) < 3 or len(figures) != len(labels):
            continue
        header = _tidy(m.group(2))
        title = _caption_before(text, m.start()).title
        grown = "增加值" if "增加值" in title else ""  # 表1 …工业增加值分行业增长速度: what the rows' growth is of
        year = context_year(m.start())
        for label, (start, end, value) in zip(labels, figures, strict=True):
            yield TableValue(
                start=start,
                end=end,
                value=value,
                unit="%",
                measure="growth",
                basis=growth_basis(header),
                direction="down" if value < 0 else "up",
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                period_label=f"{year}年",
                status="actual" if year <= published.year else "target",
                label=label if label.endswith(grown) else f"{label}{grown}",
                row_start=start,
                row_end=end,
            )


def _quantity(cell: Cell) -> tuple[float, int, int, str] | None:
    """A figure with its unit in one cell (269万吨, 9200亿千瓦时), as a single-spaced table writes its level column;
    not a date (2024年)."""
    m = _QUANTITY_CELL_RE.match(cell.text)
    if m is None or m.group(2) in _DATE_UNITS or (unit := _canonical_unit(m.group(2))) is None:
        return None
    return figure_value(m.group(1)), cell.start + m.start(1), cell.start + m.end(2), unit


def _indicator_unit(columns: dict[int, Column], column: Column) -> str | None:
    """An indicator column's unit: its header's, the one of the column a # column details, or what its name says."""
    if column.unit:
        return column.unit
    if column.detail:
        i = next(k for k, col in columns.items() if col is column)
        before = [k for k, col in columns.items() if k < i and col.role == "indicator" and not col.detail]
        return columns[max(before)].unit if before else None
    return "%" if GROWTH_WORDS_RE.search(column.name) or _SHARE_LABEL_RE.search(column.name) else None


def _aligned(columns: dict[int, Column], numeric: list[int], i: int) -> Column | None:
    """A row with fewer cells than its header: its numbers fill the rightmost value columns."""
    value_columns = sorted(k for k, col in columns.items() if col.role != "unit")
    offset = numeric.index(i) - len(numeric)
    return columns[value_columns[offset]] if -offset <= len(value_columns) else None
