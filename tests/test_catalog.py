"""The catalog seeds and their loader: the committed seeds are consistent, the names analysts use resolve, broken
seeds fail with the file and line, the scanner finds names with offsets into the text, and dbt accepts the seeds."""

from __future__ import annotations

import csv
import itertools
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from mfgstats.catalog import (
    DOCUMENT_RELATIVE_PLACES,
    KINDS,
    SEED_FILES,
    CatalogError,
    alias_key,
    load_catalog,
)
from mfgstats.config import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SEEDS)


# --- the committed seeds -----------------------------------------------------------------------------------------


def test_every_parent_exists_and_hierarchies_reach_a_root(catalog):
    for kind in ("region", "chain"):
        for code, entry in catalog.entries[kind].items():
            if entry.parent_code is not None:
                assert entry.parent_code in catalog.entries[kind], (kind, code)
            assert catalog.lineage(kind, code)[-1].parent_code is None


def test_aliases_are_unambiguous_within_a_kind(catalog):
    for kind in KINDS:
        if kind == "region":
            continue  # places share names (鼓楼区): see test_region_names_several_places_share_resolve_to_none
        owner: dict[str, str] = {}
        for code, entry in catalog.entries[kind].items():
            for name in (entry.name_zh, *entry.aliases):
                assert owner.setdefault(alias_key(name), code) == code, (kind, name, owner[alias_key(name)], code)


def test_codes_are_unique_in_the_files():
    # the loader keeps the first of two equal codes, so count the rows themselves
    for name, column in [
        ("regions.csv", "region_code"),
        ("indicators.csv", "indicator_code"),
        ("chains.csv", "chain_code"),
        ("enterprises.csv", "enterprise_code"),
        ("units.csv", "unit"),
    ]:
        with (SEEDS / name).open(encoding="utf-8") as handle:
            codes = [row[column] for row in csv.DictReader(handle)]
        assert len(codes) == len(set(codes)), name


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("enterprise", ["洛轴", "LYC轴承", "LYC 轴承", "洛阳轴承", "洛阳轴承集团股份有限公司"]),
        ("enterprise", ["中国一拖", "一拖集团"]),
        ("enterprise", ["洛钼集团", "洛阳钼业", "洛阳栾川钼业"]),
        ("enterprise", ["宁德时代", "中州时代"]),
        ("enterprise", ["格力", "格力电器（洛阳）", "格力电器(洛阳)"]),
        ("indicator", ["规模以上工业企业", "规上工业企业"]),
        ("indicator", ["规模以上工业增加值", "规上工业增加值"]),
        ("indicator", ["“专精特新”企业", '"专精特新"企业', "专精特新企业"]),
        ("indicator", ["实际利用外资", "实际吸收外资"]),
        ("indicator", ["规上制造业营业收入利润率", "规上制造业利润率"]),
        ("indicator", ["单位工业增加值能耗", "万元规上工业增加值能耗"]),
        ("chain", ["铝钛", "铝钛新材料"]),
        ("chain", ["铜铝", "铝铜"]),
        ("chain", ["新IT", "新 IT 领域", "新IT领域"]),
        ("region", ["洛阳市", "洛阳"]),
        ("region", ["偃师区", "偃师", "偃师市"]),
        ("region", ["孟津区", "孟津县", "吉利区"]),
        ("region", ["洛阳高新区", "洛阳高新技术产业开发区"]),
    ],
)
def test_names_of_one_thing_resolve_to_one_code(catalog, kind, names):
    codes = {getattr(catalog.lookup(kind, name), "code", None) for name in names}
    assert len(codes) == 1 and None not in codes, dict(zip(names, codes, strict=False))


@pytest.mark.parametrize(
    ("name", "code", "level"),
    [
        ("河南省", "410000", "province"),
        ("洛阳市", "410300", "prefecture"),
        ("老城区", "410302", "district"),
        ("西工区", "410303", "district"),
        ("瀍河回族区", "410304", "district"),
        ("涧西区", "410305", "district"),
        ("偃师区", "410307", "district"),
        ("孟津区", "410308", "district"),
        ("洛龙区", "410311", "district"),
        ("新安县", "410323", "county"),
        ("栾川县", "410324", "county"),
        ("嵩县", "410325", "county"),
        ("汝阳县", "410326", "county"),
        ("宜阳县", "410327", "county"),
        ("洛宁县", "410328", "county"),
        ("伊川县", "410329", "county"),
        ("济源市", "419001", "other_city"),
    ],
)
def test_administrative_codes_follow_gbt_2260_after_2021(catalog, name, code, level):
    region = catalog.region(name)
    assert (region.code, region.level) == (code, level)


def test_luoyang_has_exactly_its_seven_districts_and_seven_counties(catalog):
    children = {
        r.name_zh for r in catalog.regions.values() if r.parent_code == "410300" and r.level != "zone" and r.is_current
    }
    assert children == {
        "老城区", "西工区", "瀍河回族区", "涧西区", "偃师区", "孟津区", "洛龙区",
        "新安县", "栾川县", "嵩县", "汝阳县", "宜阳县", "洛宁县", "伊川县",
    }  # fmt: skip


def test_zones_hang_under_their_parent_and_say_their_code_is_not_administrative(catalog):
    for name, parent in [
        ("伊滨区", "410300"),
        ("洛阳高新区", "410300"),
        ("洛阳经开区", "410300"),
        ("郑洛新国家自主创新示范区洛阳片区", "410300"),
        ("中国（河南）自由贸易试验区洛阳片区", "410300"),
        ("郑州都市圈", "410000"),
    ]:
        region = catalog.region(name)
        assert region.parent_code == parent, name
        assert "synthetic" in region.note or "statistical division codes" in region.note, name


# --- the region list from the division package --------------------------------------------------------------------


def test_the_region_seed_is_what_the_pinned_package_yields():
    """The committed seed is the generator's output from the pinned package and the supplement: a package bump or a
    hand edit of regions.csv shows up here (fix: `python -m mfgstats.regions regenerate`)."""
    from mfgstats.regions.generate import build, render

    assert (SEEDS / "regions.csv").read_text(encoding="utf-8") == render(build())


def test_every_province_prefecture_and_county_of_the_latest_list_is_a_current_region(catalog):
    current = [r for r in catalog.regions.values() if r.is_current and r.note and r.note.startswith("GB/T 2260")]
    levels = {level: sum(r.level == level for r in current) for level in ("province", "prefecture")}
    county_level = sum(r.level in ("district", "county", "other_city") for r in current)
    # GB/T 2260 at the end of 2024: 34 provincial, 333 prefectural and 2846 county-level units
    assert (levels["province"], levels["prefecture"], county_level) == (34, 333, 2846)
    for name, code in [("开封市", "410200"), ("延津县", "410726"), ("驿城区", "411702"), ("海淀区", "110108")]:
        assert catalog.region(name).code == code, name


@pytest.mark.parametrize(
    ("former", "code", "last_year", "successor", "since"),
    [("孟津县", "410322", 2020, "410308", 2021), ("偃师市", "410381", 2020, "410307", 2021),
     ("吉利区", "410306", 2020, "410308", 2021)],
)  # fmt: skip
def test_2021_renames_keep_their_validity_and_former_names_resolve_to_the_successor(
    catalog, former, code, last_year, successor, since
):
    old = catalog.get("region", code)
    assert (old.name_zh, old.valid_to_year, old.successor_code, old.is_current) == (former, last_year, successor, False)
    assert catalog.region(former).code == successor  # a figure for 孟津县 in 2019 continues as 孟津区's series
    assert catalog.get("region", successor).valid_from_year == since


@pytest.mark.parametrize(
    ("name", "code"),
    [("洛阳", "410300"), ("河南", "410000"), ("孟津", "410308"), ("开封", "410200"), ("吉林", "220000"),
     ("西安", "610100"), ("内蒙古", "150000")],
)  # fmt: skip
def test_short_names_resolve_to_the_highest_place_that_uses_them(catalog, name, code):
    assert catalog.region(name).code == code


def test_region_names_several_places_share_resolve_to_none_but_list_every_place(catalog):
    assert catalog.region("鼓楼区") is None
    assert {r.parent_code for r in catalog.regions_named("鼓楼区")} == {"320100", "320300", "350100", "410200"}
    mentions = catalog.scan("开封市鼓楼区", ("region",))
    shared = [(3, r.code) for r in catalog.regions_named("鼓楼")]
    assert [(m.start, m.code) for m in mentions] == [(0, "410200"), *shared]


def test_common_words_are_no_short_names(catalog):
    # 新建 (新建区, 南昌), 资源 (资源县), 港口 (港口区), 合作 (合作市), 中原 (中原区) are words of statistical prose
    for word in ("新建", "资源", "港口", "合作", "中原", "老城", "新安"):
        assert catalog.regions_named(word) == (), word


def test_short_forms_of_county_level_places_are_local(catalog):
    assert catalog.is_local_name("孟津", "410308") and catalog.is_local_name("城区", "140502")
    assert not catalog.is_local_name("孟津区", "410308") and not catalog.is_local_name("洛阳", "410300")


def test_a_supplement_row_that_disagrees_with_the_package_fails_naming_it(tmp_path):
    from mfgstats.regions.generate import SUPPLEMENT, RegionSourceError, build

    stale = tmp_path / "supplement.csv"
    stale.write_text(SUPPLEMENT.read_text(encoding="utf-8").replace("410307,偃师区", "410307,偃师市"), encoding="utf-8")
    with pytest.raises(RegionSourceError, match="410307 is '偃师市' here but '偃师区'"):
        build(supplement=stale)


@pytest.mark.parametrize("word", sorted(DOCUMENT_RELATIVE_PLACES))
def test_document_relative_words_are_not_regions(catalog, word):
    assert catalog.region(word) is None


@pytest.mark.parametrize(
    "label",
    # the chains named by the hand-checked facts of seed 003 (tests/extract/gold/gold-003.csv)
    [
        "石油化工", "高新技术产业", "智能装备制造", "生物医药", "农机装备", "六大高成长性制造业", "装备制造",
        "新材料", "战略性新兴产业", "六大高耗能产业", "新能源及新能源汽车", "生物制品与健康服务",
        "大数据与智能机器人", "分子筛", "铝钛新材料", "精细化工", "信息传输、软件和信息服务业", "软件和信息服务业",
        "轴承", "矿山装备", "机器人", "先进装备制造", "铝钛", "钨钼", "耐火材料", "新型建材", "电子功能材料",
        "电子信息", "节能环保", "储能与氢能", "关键战略材料", "新能源电池", "钨钼钛", "铝铜", "电子信息制造",
        "数字经济", "高端石化",
    ],
)  # fmt: skip
def test_every_chain_the_gold_facts_name_is_catalogued(catalog, label):
    assert catalog.chain(label) is not None


def test_the_plan_hierarchy(catalog):
    assert len([c for c in catalog.chains.values() if c.level == "cluster"]) == 5
    for chain, ancestor in [
        ("农机装备", "cluster_advanced_equipment"),
        ("轴承", "industry_advanced_equipment_manufacturing"),
        ("钨钼", "industry_new_materials"),
        ("新能源电池", "cluster_new_energy_vehicles"),
        ("新文旅", "field_four_new_one_equipment"),
    ]:
        assert ancestor in [c.code for c in catalog.lineage("chain", catalog.chain(chain).code)], chain


def test_enterprises_point_at_catalogued_chains_and_regions(catalog):
    for name in ["建龙微纳", "中航锂电", "洛阳石化", "普莱柯", "中航光电", "河柴重工", "万基控股"]:
        enterprise = catalog.enterprise(name)
        assert enterprise is not None, name
        assert enterprise.chain_code in catalog.chains, name
        assert catalog.lineage("region", enterprise.region_code)[-3].code == "410000", name  # in Henan


# --- units -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    # same family and factor ratio as tests/extract/gold/score.py normalises them
    [
        ("万家", "家", 1e4),
        ("亿元", "元", 1e8),
        ("万亿", "亿元", 1e4),
        ("万亿元", "万元", 1e8),
        ("亿美元", "万美元", 1e4),
        ("个百分点", "百分点", 1),
        ("％", "%", 1),
        ("万吨", "吨", 1e4),
        ("万吨标准煤", "吨标准煤", 1e4),
        ("公里", "米", 1e3),
        ("GWh", "千瓦时", 1e6),
        ("兆瓦", "MW", 1),
        ("万平方米", "平方米", 1e4),
        ("小时", "分钟", 60),
        ("亿人次", "人次", 1e8),
    ],
)
def test_units_convert_within_a_family(catalog, a, b, ratio):
    ua, ub = catalog.unit(a), catalog.unit(b)
    assert ua.family == ub.family
    assert math.isclose(ua.factor_to_base / ub.factor_to_base, ratio)


@pytest.mark.parametrize(("a", "b"), [("%", "百分点"), ("吨", "吨标准煤"), ("元", "美元"), ("倍", "%"), ("亩", "家")])
def test_units_of_different_families_never_merge(catalog, a, b):
    assert catalog.unit(a).family != catalog.unit(b).family


def test_normalised_values(catalog):
    assert catalog.unit("万家").to_base(1.8) == pytest.approx(18000)
    assert catalog.unit("万家").base_unit == "家"
    assert catalog.unit("万亿").to_base(1.1) == pytest.approx(1.1e12)
    assert catalog.unit("亩").to_base(15) == pytest.approx(10000)


def test_indicator_units_are_base_units(catalog):
    for code, indicator in catalog.indicators.items():
        if indicator.unit is not None:
            unit = catalog.unit(indicator.unit)
            assert unit.base_unit == unit.unit, code


# --- the scanner -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“十三五”末，全市规上工业企业达到 1783 家", [
            ("规上工业企业", "indicator", "above_scale_industrial_enterprises_count"),
        ]),
        ("拥有洛钼集团、洛阳石化等", [
            ("洛钼集团", "enterprise", "cmoc"), ("洛阳石化", "enterprise", "sinopec_luoyang"),
        ]),
        ("LYC 轴承时速 250 公里", [("LYC 轴承", "enterprise", "luoyang_bearing")]),
        ("LYCRA 面料", []),
        ("新 IT 领域", [("新 IT 领域", "chain", "field_new_it")]),
        ("建成省级以上绿色工厂(园区)138家", [("省级以上绿色工厂(园区)", "indicator", "green_factories_count")]),
        ("绿色工厂(园区)138家", [("绿色工厂(园区)", "indicator", "green_factories_count")]),
        ("ＧＤＰ同比增长5.7%", [("ＧＤＰ", "indicator", "gdp")]),
        ("新能源及新能源汽车产业营业收入", [
            ("新能源及新能源汽车产业", "chain", "industry_new_energy_and_vehicles"),
            ("营业收入", "indicator", "operating_revenue"),
        ]),
        ("高新技术产业增加值占规上工业增加值比重达到50%", [
            ("高新技术产业", "chain", "high_tech_industry"),
            ("增加值占规上工业增加值比重", "indicator", "value_added_share_of_above_scale_industry"),
        ]),
        ("伊滨区宁德时代洛阳基地", [
            ("伊滨区", "region", "410300-YIBIN"), ("宁德时代洛阳基地", "enterprise", "catl_zhongzhou"),
        ]),
        ("国内民营企业 500 强仅 1 家", [("国内民营企业 500 强", "indicator", "private_top500_count")]),
        ("全省第一", []),
        ("2024年,企业营 收 46.99 亿元", [("营 收", "indicator", "operating_revenue")]),
        ("星级科技产业社\n区超15家", [("星级科技产业社\n区", "indicator", "tech_industry_communities_count")]),
        ("规上工业企业\t1783", [("规上工业企业", "indicator", "above_scale_industrial_enterprises_count")]),
    ],
)  # fmt: skip
def test_scan_finds_the_longest_names_with_offsets_into_the_text(catalog, text, expected):
    found = [(text[m.start : m.end], m.kind, m.code) for m in catalog.scan(text)]
    assert found == expected


def test_scan_can_be_limited_to_kinds(catalog):
    mentions = catalog.scan("洛阳石化", kinds=["region"])
    assert [(m.start, m.end, m.code) for m in mentions] == [(0, 2, "410300")]
    with pytest.raises(ValueError, match="unknown kind"):
        catalog.scan("洛阳", kinds=["city"])


def test_scan_offsets_hold_on_a_whole_seed_document(catalog):
    text = (PROJECT_ROOT / "data" / "raw" / "003_a02ff61b1f3992ea.txt").read_text(encoding="utf-8")
    mentions = catalog.scan(text)
    assert len(mentions) > 500
    for m in mentions:
        if m.kind == "region":
            assert m.code in {r.code for r in catalog.regions_named(text[m.start : m.end])}
        else:
            assert catalog.lookup(m.kind, text[m.start : m.end]).code == m.code
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions) if a.start != b.start)


def test_scan_with_every_place_finds_what_an_anchored_match_at_each_position_finds(catalog):
    """With thousands of place names the scanner only tries positions where a name's first two characters stand;
    it must find exactly what trying every position finds."""
    text = (PROJECT_ROOT / "data" / "raw" / "003_a02ff61b1f3992ea.txt").read_text(encoding="utf-8")
    text += "\n开封市鼓楼区、孟 津区和延津\n县，LYC轴承、洛阳"
    kinds = ("region", "enterprise")
    expected, pos = [], 0
    while pos < len(text):
        lo = max(pos - 1, 0)  # the character before decides whether a Latin name may start here
        found = [
            m._replace(start=m.start + lo, end=m.end + lo)
            for m in catalog.names_at(text[lo : pos + 40], pos - lo, kinds)
        ]
        expected += found
        pos = found[0].end if found else pos + 1
    assert catalog.scan(text, kinds) == expected
    assert len({m.start for m in expected if m.kind == "region"}) > 50


# --- loading and caching -----------------------------------------------------------------------------------------


def test_load_is_cached_per_directory_and_rereads_a_changed_file(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    first = load_catalog(seeds)
    assert load_catalog(seeds) is first
    regions = seeds / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8") + "410399,偃师市旧,Yanshi (old),county,410300,,test\n",
                       encoding="utf-8")  # fmt: skip
    second = load_catalog(seeds)
    assert second is not first and second.get("region", "410399") is not None


def test_default_directory_comes_from_settings(monkeypatch, tmp_path):
    seeds = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, seeds)
    monkeypatch.setenv("MFGSTATS_SEEDS_DIR", str(seeds))
    assert load_catalog().seeds_dir == seeds.resolve()


def _append(name: str, line: str):
    def mutate(seeds: Path) -> None:
        path = seeds / name
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    return mutate


def _replace(name: str, old: str, new: str):
    def mutate(seeds: Path) -> None:
        path = seeds / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


@pytest.mark.parametrize(
    ("mutate", "file", "message"),
    [
        (_append("regions.csv", "410307,偃师,Yanshi,district,410300,,"), "regions.csv:", "duplicate code '410307'"),
        (_append("regions.csv", "410399,某区,Somewhere,district,419999,,"), "regions.csv:", "parent_code '419999'"),
        (_append("regions.csv", "410398,某区,Somewhere,town,410300,,"), "regions.csv:", "level 'town'"),
        (_append("regions.csv", "410397,某区,Somewhere,district,410300,全市,"), "regions.csv:", "'全市' depends"),
        (_append("regions.csv", "410396,某区,Somewhere,district,410300,a||b,"), "regions.csv:", "empty alias"),
        (_append("regions.csv", "4103 96,某区,Somewhere,district,410300,,"), "regions.csv:", "must be digits"),
        (_append("regions.csv", "410395,某区,,district,410300,,,20x1,,"), "regions.csv:", "must be a year"),
        (_append("regions.csv", "410394,某县,,county,410300,,,,2020,410381"), "regions.csv:",
         "successor_code '410381' of '410394' is not a current region"),
        (_append("indicators.csv", "x_count,某数,Some count,家,level,last,city,规上工业企业,"), "indicators.csv:",
         "'规上工业企业' already names 'above_scale_industrial_enterprises_count'"),
        (_append("indicators.csv", "x_value,某值,Some value,亿元,level,sum,city,,"), "indicators.csv:",
         "must be a base unit"),
        (_append("indicators.csv", "XValue,某值,Some value,元,level,sum,city,,"), "indicators.csv:", "snake_case"),
        (_append("chains.csv", "a_chain,甲链,A chain,chain,b_chain,,\nb_chain,乙链,B chain,chain,a_chain,,"),
         "chains.csv:", "its own ancestor"),
        (_append("enterprises.csv", "acme,某公司,Acme,,no_such_chain,410300,"), "enterprises.csv:",
         "chain_code 'no_such_chain'"),
        (_append("enterprises.csv", "acme,某公司,Acme,,,999999,"), "enterprises.csv:", "region_code '999999'"),
        (_append("units.csv", "万筐,count,0,筐,ten thousand baskets,"), "units.csv:", "positive number"),
        (_append("units.csv", "万筐,count,10000,筐,ten thousand baskets,"), "units.csv:", "base_unit '筐'"),
        (_replace("chains.csv", "chain_code,name_zh", "code,name_zh"), "chains.csv:1", "lacks column(s) chain_code"),
        (_append("enterprises.csv", "acme,某公司,Acme,,,410300,note,extra"), "enterprises.csv:", "more fields"),
    ],
)  # fmt: skip
def test_broken_seeds_fail_naming_the_file_line_and_fix(tmp_path, mutate, file, message):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    mutate(seeds)
    with pytest.raises(CatalogError) as error:
        load_catalog(seeds)
    problem = next((p for p in error.value.problems if message in p), None)
    assert problem is not None, error.value.problems
    assert f"{seeds.resolve()}/{file}" in problem


def test_missing_and_undecodable_files_are_reported_together_without_knock_on_noise(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "chains.csv").unlink()
    header = "unit,family,factor_to_base,base_unit,name_en,note\n"
    (seeds / "units.csv").write_bytes(header.encode() + "万家,count,10000,家,,".encode("gb18030"))
    with pytest.raises(CatalogError) as error:
        load_catalog(seeds)
    problems = error.value.problems
    assert [p.rsplit("/", 1)[-1].split(":")[0] for p in problems] == ["chains.csv", "units.csv"], problems
    assert "file not found" in problems[0] and "MFGSTATS_SEEDS_DIR" in problems[0]
    assert "not UTF-8" in problems[1] and "save the file as UTF-8" in problems[1]


# --- dbt -----------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_dbt_seeds_the_catalogs_and_their_tests_pass(tmp_path):
    """`dbt build` of the seeds (load + the tests in _seeds.yml) in the real project, into a temporary DuckDB."""
    if not (PROJECT_ROOT / "dbt_project" / "dbt_project.yml").exists():
        pytest.fail("dbt_project/dbt_project.yml is missing: the seeds cannot be checked")
    db = tmp_path / "seeds.duckdb"
    env = {**os.environ, "MFGSTATS_BUILD_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    project = PROJECT_ROOT / "dbt_project"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--select", "resource_type:seed",
         "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "ERROR=0" in result.stdout and "PASS=" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        where = "table_name = 'regions'"
        schema = con.sql(f"select table_schema from information_schema.tables where {where}").fetchone()[0]
        rows = con.sql(f"select region_code, name_zh from {schema}.regions where region_code in ('000000', '410307')")
        assert sorted(rows.fetchall()) == [("000000", "全国"), ("410307", "偃师区")]
        counts = {t: con.sql(f"select count(*) from {schema}.{t}").fetchone()[0] for t in ("indicators", "units")}
    finally:
        con.close()
    catalog = load_catalog(SEEDS)
    assert counts == {"indicators": len(catalog.indicators), "units": len(catalog.units)}
    assert set(SEED_FILES) <= {p.name for p in SEEDS.iterdir()}
