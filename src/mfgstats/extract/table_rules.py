"""What a table's labels say of its figures, alike for text tables (`tables`) and CSV / XLSX files (`grid_tables`).

- A unit in trailing parentheses: 规上工业增加值（亿元） → 规上工业增加值 in 亿元; 数值（亿元）, 2020年（亿元）.
- The measure of a figure from its unit and its label: 百分点 a change, 倍 a multiple, 位 / 名 under 排名 a rank,
  % a growth when the label says so (增长, 增速, 降幅, 下降, 同比, 比上年, 年均 …) and a share otherwise (比重,
  研发投入强度); any other unit a level.
- The basis of a growth or change its label names: 年均 cagr, 同比 / 比上年 / 比去年 yoy, 环比 mom, 累计 cumulative.
- The dashes and dots a statistical table writes for "no figure" (——, -, /, …).
"""

from __future__ import annotations

import re

_PAREN_UNIT_RE = re.compile(r"\s*[（(]\s*([^（()）]{1,12}?)\s*[)）]\s*$")
GROWTH_WORDS_RE = re.compile(r"增长|增速|增幅|降幅|涨幅|下降|减少|同比|比上年|年均")
NO_FIGURE = ("——", "—", "-", "－", "/", "…")
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
