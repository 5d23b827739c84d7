"""What a table's labels say of its figures, alike for text tables (`tables`) and CSV / XLSX files (`grid_tables`).

- A unit in trailing parentheses: 规上工业增加值（亿元） → 规上工业增加值 in 亿元; 数值（亿元）, 2020年（亿元）.
- The measure of a figure from its unit and its label: 百分点 a change, 倍 a multiple, 位 / 名 under 排名 a rank,
  % a growth when the label says so (增长, 增速, 降幅, 下降, 同比, 比上年, 年均 …) and a share otherwise (比重,
  研发投入强度); any other unit a level.
- The basis of a growth or change its label names: 年均 cagr, 同比 / 比上年 / 比去年 yoy, 环比 mom, 累计 cumulative.
- The dashes and dots a statistical table writes for "no figure" (——, -, /, …).
- A figure as a cell writes it: a sign, digits (full-width too) grouped by thousands or not, decimals
  (`FIGURE`, `figure_value`, `cell_figure`); CSV / XLSX cells add comparators, ranges and % around it.
"""

from __future__ import annotations

import re

_PAREN_UNIT_RE = re.compile(r"\s*[（(]\s*([^（()）]{1,12}?)\s*[)）]\s*$")
GROWTH_WORDS_RE = re.compile(r"增长|增速|增幅|降幅|涨幅|下降|减少|同比|比上年|年均")
NO_FIGURE = ("——", "—", "-", "－", "/", "…")
# one figure: a sign, digits (full-width too) grouped by thousands or not, decimals
FIGURE = r"[-+－＋−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
_FIGURE_CELL_RE = re.compile(rf"^\s*({FIGURE})\s*$")
_ASCII_FIGURE = str.maketrans("０１２３４５６７８９．－＋−", "0123456789.-+-")
_RANK_WORDS_RE = re.compile(r"排名|排位|位次|名次")
_RANK_UNITS = ("位", "名", "名次")
_BASES = (
    ("年均", "cagr"),
    ("同比", "yoy"),
    ("比上年", "yoy"),
    ("比去年", "yoy"),
    ("环比", "mom"),
    ("累计", "cumulative"),
)


def split_unit(label: str) -> tuple[str, str] | None:
    """(the label before, the unit) when the label ends in a parenthesised unit; None when it does not. The unit is
    as written: a reader that knows its units checks it."""
    m = _PAREN_UNIT_RE.search(label)
    return (label[: m.start()], m.group(1)) if m else None


def measure_of(label: str, unit: str) -> str:
    if unit == "百分点":
        return "change"
    if unit == "倍":
        return "multiple"
    if unit in _RANK_UNITS and _RANK_WORDS_RE.search(label):
        return "rank"
    if unit == "%":
        return "growth" if GROWTH_WORDS_RE.search(label) else "share"
    return "level"


def growth_basis(label: str) -> str | None:
    return next((basis for word, basis in _BASES if word in label), None)


def figure_value(written: str) -> float:
    """The value of a FIGURE as written (1,234.5, －４．５, −3)."""
    return float(written.replace(",", "").translate(_ASCII_FIGURE))


def cell_figure(cell: str) -> tuple[float, int, int] | None:
    """The figure a cell holds and nothing else, with its span in the cell; None for any other cell."""
    m = _FIGURE_CELL_RE.match(cell)
    return (figure_value(m.group(1)), m.start(1), m.end(1)) if m else None
