"""One consistent statistical world the synthetic releases report on.

Every number is a pure function of (region, indicator, period), so two releases that state the same series for
the same region and period state the same value — as real bulletins and the articles quoting them do — and the
warehouse's conflict checks see agreement, not noise. Levels follow their growth rates year by year.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIRST_YEAR = 2006
LAST_YEAR = 2025  # last complete year; monthly releases run into LAST_YEAR + 1

# How big an economy is, relative to a prefecture-level city such as 洛阳市.
SCALE = {
    "country": 260.0,
    "province": 14.0,
    "metro_area": 3.0,
    "prefecture": 1.0,
    "other_city": 0.35,
    "district": 0.14,
    "county": 0.1,
    "zone": 0.08,
}
# What a region calls itself in its own releases: 全市 / 全区 / 全县 / 全省 / 全国.
SELF_NAME = {
    "country": "全国",
    "province": "全省",
    "metro_area": "都市圈",
    "prefecture": "全市",
    "other_city": "全市",
    "district": "全区",
    "county": "全县",
    "zone": "全区",
}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # province-level cities call themselves 全市


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None

    @property
    def scale(self) -> float:
        return SCALE[self.level]

    @property
    def self_name(self) -> str:
        if self.code in MUNICIPALITIES:
            return "全市"
        return SELF_NAME[self.level]

    @property
    def statistics_bureau(self) -> str:
        return "国家统计局" if self.level == "country" else f"{self.name}统计局"


def load_regions(seeds_dir: Path) -> list[Region]:
    """The regions of the catalog that publish statistics here (not 全球): the current places the catalog names in
    English too — the hand-kept ones (全国, Henan, Luoyang and its counties, zones …), not every county of China."""
    with (seeds_dir / "regions.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Region(r["region_code"], r["name_zh"], r["level"], r["parent_code"] or None)
        for r in rows
        if r["level"] in SCALE and r["name_en"] and not r.get("valid_to_year")
    ]


def unit_random(*key: object) -> float:
    """A deterministic number in [0, 1) for any key."""
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def between(low: float, high: float, *key: object) -> float:
    return low + (high - low) * unit_random(*key)


# Level series: (base value of a prefecture in FIRST_YEAR - 1, growth band in % per year, decimals stated).
LEVELS = {
    "above_scale_enterprises": (900.0, (-1.0, 6.0), 0),  # 家
    "revenue": (1500.0, (-4.0, 14.0), 1),  # 亿元
    "profit": (90.0, (-15.0, 20.0), 1),  # 亿元
    "industrial_investment": (180.0, (-8.0, 18.0), 1),  # 亿元
    "value_added": (700.0, (2.0, 11.0), 1),  # 亿元
    "specialised_enterprises": (8.0, (5.0, 30.0), 0),  # 家 (专精特新)
    "cloud_enterprises": (800.0, (10.0, 40.0), 0),  # 家 (上云上平台), stated in 万家 when large
    "electricity": (60.0, (-3.0, 9.0), 1),  # 亿千瓦时
}


@cache
def _series(region_code: str, level: str, name: str) -> dict[int, float]:
    base, (low, high), _ = LEVELS[name]
    value = base * SCALE[level] * between(0.7, 1.3, region_code, name, "base")
    out = {FIRST_YEAR - 1: value}
    for year in range(FIRST_YEAR, LAST_YEAR + 2):
        value *= 1 + growth(region_code, name, year, band=(low, high)) / 100
        out[year] = value
    return out


def growth(region_code: str, name: str, year: int, band: tuple[float, float] | None = None) -> float:
    """Year-on-year growth in %, one decimal."""
    low, high = band or LEVELS[name][1]
    return round(between(low, high, region_code, name, year, "growth"), 1)


def level(region: Region, name: str, year: int) -> float:
    decimals = LEVELS[name][2]
    return round(_series(region.code, region.level, name)[year], decimals)


def cumulative_growth(region: Region, name: str, year: int, month: int) -> float:
    """Growth of January..month over the same months of the year before, in %."""
    annual = growth(region.code, name, year)
    return round(annual + between(-2.5, 2.5, region.code, name, year, month, "cumulative"), 1)


def share(region: Region, name: str, year: int) -> float:
    """A share in % that drifts slowly: 高技术制造业占规上工业增加值比重 and the like."""
    start = between(8.0, 25.0, region.code, name, "share-start")
    return round(start + 0.6 * (year - FIRST_YEAR) + between(-0.4, 0.4, region.code, name, year), 1)


def sector_growth(region: Region, sector: str, year: int) -> float:
    return round(between(-3.0, 18.0, region.code, sector, year, "sector"), 1)
