"""Facts linked to the real catalogs (the dbt seeds): region, indicator, chain and enterprise codes, base units."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document

P = date(2022, 4, 26)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


# sentence → for each fact: (text, region_code, indicator_code, chain_code, enterprise_code)
CASES = [
    (
        "“十三五”末，全市规上工业企业达到 1783 家。",
        [("1783 家", "410300", "above_scale_industrial_enterprises_count", None, None)],
    ),
    (
        "2020年全市规上工业增加值同比增长3.5%，高于全国0.7、全省3.1个百分点。",
        [
            ("3.5%", "410300", "above_scale_industrial_value_added", None, None),
            # the gaps to the nation and the province are series of their own, not the city's value added
            ("0.7", "410300", None, None, None),
            ("3.1个百分点", "410300", None, None, None),
        ],
    ),
    ("2019 年全球经济增速 2.9%。", [("2.9%", "WORLD", "gdp", None, None)]),
    ("我省规上工业增加值增长6%。", [("6%", "410000", "above_scale_industrial_value_added", None, None)]),
    (
        "平顶山尼龙新材料产业链营收330亿元。",
        [("330亿元", "410400", "operating_revenue", "industry_new_materials", None)],
    ),
    (
        "农机装备领域，重点推进中国一拖柴油机产业化等项目，2025 年营业收入达到 500 亿元。",
        [("500 亿元", "410300", "operating_revenue", "chain_agricultural_machinery", None)],
    ),
    (
        "支持中航锂电年产能 50GWh 锂离子动力电池生产线。",
        # the capacity of one product line is a series of its own, not the generic 产能 indicator
        [("50GWh", "410300", None, "chain_new_energy_battery", "avic_lithium")],
    ),
    (
        "一拖集团、中信重工等 9 家企业入选省首批头雁企业。",
        [("9 家", "410300", "leading_goose_enterprises_count", None, None)],
    ),
    (
        "规划建设偃师、宜阳、新安、伊川四个静脉产业园。",
        [("四个", "410300", None, None, None)],
    ),
    (
        "2024年，洛轴营收 46.99 亿元。",
        [("46.99 亿元", "410300", "operating_revenue", "chain_bearings", "luoyang_bearing")],
    ),
    # a catalogued name that only qualifies the head is not the indicator (held-out prose): the growth of 规上企业's
    # export delivery value is not the count of 规上企业, the products whose output grew are not an output
    (
        "全省规模以上工业企业出口交货值1523.6亿元，同比下降2.8%。",
        [("1523.6亿元", "410000", None, None, None), ("2.8%", "410000", None, None, None)],
    ),
    (
        "41种主要工业产品中有27种产量同比增长。",
        [("41种", "410300", None, None, None), ("27种", "410300", None, None, None)],
    ),
    (
        "1—10月，全省规模以上工业增加值同比增长7.6%，增速比1—9月回落0.3个百分点。",
        [
            ("7.6%", "410000", "above_scale_industrial_value_added", None, None),
            ("0.3个百分点", "410000", "above_scale_industrial_value_added", None, None),
        ],
    ),
    # places listed with 分别 take the measure the sentence named before them (held-out provincial release)
    (
        "全省规上工业增加值同比增长6.1%，郑州、洛阳分别增长7.3%和8.1%。",
        [
            ("6.1%", "410000", "above_scale_industrial_value_added", None, None),
            ("7.3%", "410100", "above_scale_industrial_value_added", None, None),
            ("8.1%", "410300", "above_scale_industrial_value_added", None, None),
        ],
    ),
    # what a part adds to the whole's growth is not the whole's growth
    ("装备制造业拉动规上工业增长5.3个百分点。", [("5.3个百分点", "410300", None, "equipment_manufacturing", None)]),
    # a change of a share (占…) is not a change of the quantity; 户数 counts the enterprises
    (
        "全市工业用电量占全社会用电量的58.6%，比上年提高1.2个百分点。",
        [("58.6%", "410300", None, None, None), ("1.2个百分点", "410300", None, None, None)],
    ),
    (
        "全市规模以上工业企业户数达到2356户。",
        [("2356户", "410300", "above_scale_industrial_enterprises_count", None, None)],
    ),
    # a ratio to people or enterprises is not the catalogued quantity named after it
    (
        "全市建成5G基站2.1万个，每万人拥有5G基站29.8个。",
        [("2.1万个", "410300", "five_g_base_stations_count", None, None), ("29.8个", "410300", None, None, None)],
    ),
    ("全市“小巨人”企业户均研发投入强度达到6.5%。", [("6.5%", "410300", None, None, None)]),
    # a scope written once holds for the rest of its clause
    (
        "全省41种主要工业产品中有27种产量同比增长。",
        [("41种", "410000", None, None, None), ("27种", "410000", None, None, None)],
    ),
    # a gap to another quantity (高于全部投资增速) is a series of its own, as a gap to another region is
    (
        "工业投资同比增长17.9%，高于全部投资增速11.2个百分点。",
        [("17.9%", "410300", "industrial_investment", None, None), ("11.2个百分点", "410300", None, None, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_links(catalog, text, expected):
    facts = extract(make_document(text, P), catalog)
    got = [(f.text, f.region_code, f.indicator_code, f.chain_code, f.enterprise_code) for f in facts]
    assert got == expected


def test_catalog_units_normalise(catalog):
    facts = extract(make_document("营业收入突破 1.1 万亿，能源消费总量 1300 万吨标准煤，年产能 50GWh。", P), catalog)
    assert [(f.value_base, f.base_unit) for f in facts] == [(1.1e12, "元"), (1.3e7, "吨标准煤"), (5e7, "千瓦时")]


def test_unknown_subjects_keep_their_raw_phrase(catalog):
    (fact,) = extract(make_document("全市建成智慧路灯 3200 座。", P), catalog)
    assert (fact.subject, fact.indicator_code) == ("建成智慧路灯", None)


def test_linking_does_not_move_spans(catalog):
    text = "“十三五”末，全市规上工业企业达到 1783 家，洛钼集团营收突破 1000 亿元。"
    plain = extract(make_document(text, P))
    linked = extract(make_document(text, P), catalog)
    assert [(f.start, f.end, f.value) for f in plain] == [(f.start, f.end, f.value) for f in linked]


def test_seed_levels_are_in_the_unit_kind_of_the_indicator_their_subject_names(catalog):
    """What dbt and the quality suite rely on: a level whose subject is exactly a catalogued indicator is stated
    in a unit of that indicator's family (a wrongly inherited subject, 纳税 for 1000人, breaks this)."""
    from mfgstats.ingest import discover, load_document

    raw = PROJECT_ROOT / "data" / "raw"
    wrong = []
    for path in discover(raw):
        for fact in extract(load_document(path, raw)):
            indicator = catalog.indicator(fact.subject or "")
            if fact.measure != "level" or indicator is None or indicator.unit is None:
                continue
            mine, theirs = catalog.unit(fact.unit), catalog.unit(indicator.unit)
            if mine is None or mine.family != theirs.family:
                wrong.append((path.name, fact.text, fact.subject, indicator.code))
    assert wrong == []


# text after a closing quote → the enterprise names_at finds where the text opens (after spaces), as scan finds it
NAMES_AT_CASES = [
    "格力电器（洛阳）有限公司副总经理周瑞文说",
    "  中信重工董事长说",
    "\u3000洛轴负责人介绍",
    "\n一拖集团、中信重工等",
    "记者了解到，中信重工",  # a name later in the text does not open it
    "LYC轴承",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NAMES_AT_CASES)
def test_names_at_agrees_with_scan_where_the_text_opens(catalog, text):
    opening = len(text) - len(text.lstrip(" \u3000\n"))
    scanned = [m for m in catalog.scan(text, ("enterprise",)) if m.start == opening]
    assert catalog.names_at(text, opening, ("enterprise",)) == scanned


# sentence, the document's region → the region code of each fact (None: a place the text does not settle)
REGION_CASES = [
    # any province, city or county of China, named in full or by its short name
    ("开封市规上工业增加值增长5.1%。", "河南省", ["410200"]),
    ("延津县规上工业增加值增长5.1%，驿城区增长6%。", "河南省", ["410726", "411702"]),
    ("西安规上工业增加值增长4.2%。", "河南省", ["610100"]),
    ("海淀区规上工业增加值增长4.2%。", "河南省", ["110108"]),
    ("孟津规上工业增加值增长8%。", "洛阳市", ["410308"]),
    # a county's short form names a place of the document's own province only (孟津 means nothing in Fujian)
    ("孟津规上工业增加值增长8%。", "福建省", ["350000"]),
    # a two-character name inside a word is no place: 新乡 in 创新乡村, 范县 in 示范县
    ("推进创新乡村振兴，规上工业增加值增长6%。", "河南省", ["410000"]),
    ("建成国家级示范县3个。", "河南省", ["410000"]),
    ("新乡规上工业增加值增长6%。", "河南省", ["410700"]),
    # a name before the 2021 changes continues as its successor's series
    ("2019年孟津县规上工业增加值增长8%。", "洛阳市", ["410308"]),
    ("2020年偃师市规上工业增加值增长7%。", "洛阳市", ["410307"]),
    # a name several places share: the one written before it, else the one in the document's province, else none
    ("鼓楼区规上工业增加值增长4%。", "河南省", ["410204"]),
    ("鼓楼区规上工业增加值增长4%。", "洛阳市", ["410204"]),
    ("鼓楼区规上工业增加值增长4%。", "全国", [None]),
    ("开封市鼓楼区规上工业增加值增长4%。", "全国", ["410204"]),
    ("南京市鼓楼区规上工业增加值增长4%。", "河南省", ["320106"]),
    ("通州区规上工业增加值增长4%。", "河南省", [None]),
    # 全市 / 全县 / 全区 / 全省 are the place the text is about, which is not always the publisher's
    ("记者从郑州市工业和信息化局获悉，去年全市规上工业增加值增长7.3%。", "河南省", ["410100"]),
    ("记者从延津县获悉，全县规上工业增加值增长9%。", "洛阳市", ["410726"]),
    # …and holds for the rest of its sentence, as a named place does
    ("记者从鹤壁市工信局获悉，全市规上工业增加值增长8%，规上工业企业达到1302家。", "河南省", ["410600", "410600"]),
    ("全区规上工业增加值增长8%。", "孟津区", ["410308"]),
    ("全市规上工业增加值增长8%。", "孟津区", ["410300"]),
    ("全省规上工业增加值增长6%。", "孟津区", ["410000"]),
    ("全市规上工业增加值增长8%。", "济源市", ["419001"]),
    ("全市规上工业增加值增长6%。", "重庆市", ["500000"]),  # a municipality is a 市 of province level
    ("全州规上工业增加值增长6%。", "延边朝鲜族自治州", ["222400"]),
    ("全盟规上工业增加值增长6%。", "锡林郭勒盟", ["152500"]),
    ("全县规上工业增加值增长5.1%。", "洛阳市", [None]),  # no county in sight: unresolved, not Luoyang
    ("记者从延津县获悉，该企业产值居全县第一，达12亿元。", "河南省", ["410000", "410000"]),  # 全县第一: a rank
    # a place after a comparison is what is compared with, not where the figure is
    ("郑州市规上工业增加值增长7.3%，高于全省1.2个百分点。", "河南省", ["410100", "410100"]),
    # a place followed by its ranking (全国排名) is the field ranked in, not where a figure after it is; written
    # without its ranking, the place is where
    ("主要经济指标全国排名奋力前移战略性新兴产业增加值年均增长1个百分点以上。", "江西省", ["360000"]),
    ("主要经济指标全国领先战略性新兴产业增加值年均增长1个百分点以上。", "江西省", ["000000"]),
    # a place after 与 is a partner (与湖北交界) or a later member of a list, not where; the same place alone is
    ("与湖北交界的信阳市规上工业增加值增长5%。", "河南省", ["411500"]),
    ("湖北规上工业增加值增长5%。", "信阳市", ["420000"]),
    # a subject a comma split off, opening with a place (禹州与之配套的铸造产业，…): that place's figure; a place
    # inside the clause before (受上海需求影响，…) is none
    ("全市用电量下降5%，禹州与之配套的铸造产业，1-5月用电量同比下降7.14%。", "许昌市", ["411000", "411081"]),
    ("受上海需求影响，1-5月用电量同比下降7.14%。", "许昌市", ["411000"]),
]


@pytest.mark.parametrize(
    ("text", "region", "expected"), REGION_CASES, ids=[f"{c[1]}:{c[0][:14]}" for c in REGION_CASES]
)
def test_regions_resolve_to_their_codes(catalog, text, region, expected):
    facts = extract(make_document(text, P, region=region), catalog)
    assert [f.region_code for f in facts] == expected


def test_an_unsettled_name_keeps_its_words_as_the_region(catalog):
    (fact,) = extract(make_document("鼓楼区规上工业增加值增长4%。", P, region="全国"), catalog)
    assert (fact.region, fact.region_code, fact.subject) == ("鼓楼区", None, "规上工业增加值")


def test_a_relative_word_takes_the_place_the_title_names(catalog):
    document = replace(make_document("全市规上工业增加值增长7%。", P, region="河南省"), title="开封市工业经济稳中向好")
    assert [f.region_code for f in extract(document, catalog)] == ["410200"]


def test_a_relative_word_without_a_place_in_sight_is_keyed_by_its_article(catalog):
    # never the publisher's place, and never merged with another article's unsettled 全县
    (fact,) = extract(make_document("全县规上工业增加值增长5.1%。", P, region="洛阳市"), catalog)
    assert (fact.region, fact.region_code) == ("全县（sample）", None)


def test_statements_that_name_no_place_are_about_the_place_the_title_names_inside_the_publishers(catalog):
    # a provincial paper's item about 鹤壁市: its unscoped figures are 鹤壁市's, not 河南省's
    text = "2010年，分行业看，新材料产业增加值下降1.7%。"
    document = replace(make_document(text, P, region="河南省"), title="鹤壁市工业经济稳中向好")
    assert [f.region_code for f in extract(document, catalog)] == ["410600"]
    # a title naming a place outside the publisher's is no reason to move its figures
    document = replace(make_document(text, P, region="洛阳市"), title="郑州市工业经济稳中向好")
    assert [f.region_code for f in extract(document, catalog)] == ["410300"]
