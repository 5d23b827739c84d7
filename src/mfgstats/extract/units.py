"""The unit table: every unit spelling the scanner recognises, its family and its factor to the family's base.

A stated unit is an optional written multiplier (万, 亿, 万亿 …) plus a base spelling (家, 元, 吨标准煤 …):
1.8万家 → stated unit 万家, base unit 家, factor 1e4. `%` and `百分点` are different families and never merge.

The catalog's units.csv (unit, family, factor_to_base, base_unit) is the source of truth: with a catalog, linking
normalises through it; this table serves extraction without one, and tests/extract/test_units.py keeps the two
in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from mfgstats.extract.numerals import MULTIPLIERS

__all__ = ["MULTIPLIERS", "Unit", "all_spellings", "base_spellings", "canonical_base", "lookup", "normalise"]


@dataclass(frozen=True)
class Unit:
    spelling: str  # canonical stated spelling, e.g. 万吨
    family: str  # count | cny | usd | eur | hkd | pct | pp | mass | energy | power | energy_capacity | area | …
    factor: float  # stated value × factor = value in base_unit
    base_unit: str


# Count classifiers: the base unit of a count is the classifier itself (18000 家, not 18000 "units").
COUNT_CLASSIFIERS = (
    "家",
    "节",
    "个",
    "项",
    "件",
    "种",
    "名",
    "条",
    "台",
    "套",
    "台套",
    "人",
    "次",
    "人次",
    "处",
    "座",
    "所",
    "只",
    "辆",
    "片",
    "批",
    "户",
    "位",
    "例",
    "家次",
    "支",
    "款",
    "艘",
    "架",
    "部",
    "根",
    "块",
    "张",
    "颗",
    "粒",
    "标箱",
    "床",
    "间",
    "栋",
    "吨次",
    "班列",
    "列",
    "趟",
    "场",
    "场次",
    "头",  # livestock
    "羽",  # poultry
    "箱",
    "席",  # seats in a ranking or a list (百强县中占四席)
    "大类",  # categories of goods (22大类商品中15大类保持增长)
    "市",  # cities (全省18个省辖市中有14市…): only after a bare number in digits, not a word's first character
)

# base spelling → (family, factor to the family base, family base spelling)
_BASES: dict[str, tuple[str, float, str]] = {
    **{c: ("count", 1.0, c) for c in COUNT_CLASSIFIERS},
    "元": ("cny", 1.0, "元"),
    "美元": ("usd", 1.0, "美元"),
    "欧元": ("eur", 1.0, "欧元"),
    "港元": ("hkd", 1.0, "港元"),
    "%": ("pct", 1.0, "%"),
    "‰": ("pct", 0.1, "%"),
    "成": ("pct", 10.0, "%"),  # tenths (近6成): read by the scanner's own pattern, straight into %
    "百分点": ("pp", 1.0, "百分点"),
    "吨": ("mass", 1.0, "吨"),
    "千克": ("mass", 1e-3, "吨"),
    "公斤": ("mass", 1e-3, "吨"),
    "斤": ("mass", 5e-4, "吨"),  # grain output: 亿斤
    "担": ("mass", 0.05, "吨"),
    "吨标准煤": ("tce", 1.0, "吨标准煤"),
    "吨标准煤/万元": ("energy_intensity", 1.0, "吨标准煤/万元"),
    "千瓦时": ("energy", 1.0, "千瓦时"),
    "kWh": ("energy", 1.0, "千瓦时"),
    "MWh": ("energy", 1e3, "千瓦时"),
    "兆瓦时": ("energy", 1e3, "千瓦时"),
    "GWh": ("energy", 1e6, "千瓦时"),
    "吉瓦时": ("energy", 1e6, "千瓦时"),
    "千瓦": ("power", 1.0, "千瓦"),
    "kW": ("power", 1.0, "千瓦"),
    "兆瓦": ("power", 1e3, "千瓦"),
    "MW": ("power", 1e3, "千瓦"),
    "GW": ("power", 1e6, "千瓦"),
    "吉瓦": ("power", 1e6, "千瓦"),
    "元/人": ("productivity", 1.0, "元/人"),
    # a count per head of population (工业机器人密度360台/万人, 发明专利12件/万人): each its own base, as counts are
    "台/万人": ("density", 1.0, "台/万人"),
    "件/万人": ("density", 1.0, "件/万人"),
    "个/万人": ("density", 1.0, "个/万人"),
    "张/千人": ("density", 1.0, "张/千人"),
    "亩": ("area", 666.6667, "平方米"),
    "平方米": ("area", 1.0, "平方米"),
    "平方公里": ("area", 1e6, "平方米"),
    "公顷": ("area", 1e4, "平方米"),
    "立方米": ("volume", 1.0, "立方米"),
    "千升": ("volume", 1.0, "立方米"),  # beer, liquor: 万千升
    "米": ("length", 1.0, "米"),  # read only with a multiplier (布1.2亿米): alone it marks specifications
    "倍": ("multiple", 1.0, "倍"),
    "千分点": ("pp", 0.1, "百分点"),  # a change of a rate stated in ‰ (自然增长率…下降3.18个千分点)
    "名次": ("rank", 1.0, "名次"),
    "年": ("years", 1.0, "年"),
}

# Other spellings of a base: written form → canonical base spelling.
_ALIASES = {
    "％": "%",
    "个百分点": "百分点",
    "个千分点": "千分点",
    "吨标煤": "吨标准煤",
    "吨标煤/万元": "吨标准煤/万元",
    "度电": "千瓦时",
    "台(套)": "台套",
    "台（套）": "台套",
    "亿千瓦时": "亿千瓦时",
    "个位次": "名次",  # 前移2个位次: a move in a ranking
    "个名次": "名次",  # 同比提高了10个名次: the same move, not a count of 个
    "位次": "名次",
}

# Families whose stated unit never carries a written multiplier (no "万%").
_NO_MULTIPLIER = {"pct", "pp", "multiple", "rank", "years", "energy_intensity", "density"}


# Bases read only after a written multiplier: 1.2亿米 of cloth is output, 350米 a specification.
_MULTIPLIER_ONLY = {"米"}
# …and bases never after one: 2万市民, 1亿市场主体 are no count of cities
_BARE_ONLY = {"大类", "市"}


def _build() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for base, (family, factor, base_unit) in _BASES.items():
        if base not in _MULTIPLIER_ONLY:
            table[base] = Unit(base, family, factor, base_unit)
        if family in _NO_MULTIPLIER or base in _BARE_ONLY:
            continue
        for mult, mult_factor in MULTIPLIERS.items():
            table[mult + base] = Unit(mult + base, family, factor * mult_factor, base_unit)
    return table


_TABLE: dict[str, Unit] = _build()


def base_spellings() -> list[str]:
    """Every written base-unit form the scanner should match, longest first (so 吨标准煤 wins over 吨)."""
    forms = set(_BASES) | set(_ALIASES)
    forms.discard("亿千瓦时")
    forms.discard("名次")  # only produced by rank patterns
    forms.discard("年")  # only produced by 连续N年
    forms.discard("成")  # only produced by the tenths pattern (六成), which gives %: 5成为 is no amount
    return sorted(forms, key=len, reverse=True)


def all_spellings() -> list[str]:
    """Every canonical stated unit (multiplier + base) the table knows."""
    return list(_TABLE)


def canonical_base(written: str) -> str:
    return _ALIASES.get(written, written)


def lookup(stated: str) -> Unit | None:
    """Canonical stated unit (multiplier + base) → Unit, or None if unknown."""
    return _TABLE.get(stated)


def normalise(value: float | None, stated: str) -> tuple[float | None, str | None]:
    """(value in the base unit, base unit) for a stated value and unit; (None, None) when the unit is unknown."""
    unit = _TABLE.get(stated)
    if unit is None or value is None:
        return None, None
    return round(value * unit.factor, 6), unit.base_unit
