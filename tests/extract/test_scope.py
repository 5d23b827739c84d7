"""What each fact is about, with the real catalogs: subject, region, chain, enterprise and indicator (table-driven).

The cases come from errors the warehouse showed (a chain named 带动, a subject carrying its region, enumerations
whose members got one subject, an enterprise's growth read as the city's GDP, project amounts merged into one
city-wide series, two capacities under one subject). Each is a general rule, written as one sentence or one short
paragraph; none is keyed to a seed's numbers.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.catalog import load_catalog
from mfgstats.config import PROJECT_ROOT
from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(PROJECT_ROOT / "dbt_project" / "seeds")


def about(fact) -> tuple:
    return (fact.text, fact.subject, fact.region, fact.chain, fact.enterprise, fact.indicator_code)


# 1. A chain is a catalog chain or a phrase naming an industry; verbs, tiers, clauses and kinds of enterprise are not.
CHAINS = [
    ("“十四五”期间制定行业标准310项。", [("310项", "制定行业标准", "洛阳市", None, None, None)]),
    (
        "带动产业链中小企业年营收超20亿元。",
        [("超20亿元", "带动产业链中小企业年营收", "洛阳市", None, None, None)],
    ),
    ("规划建设偃师、宜阳、新安、伊川四个静脉产业园。", [("四个", "静脉产业园", "洛阳市", None, None, None)]),
    ("到2025年，培育3 个千亿级产业。", [("3 个", "千亿级产业", "洛阳市", None, None, None)]),
    (
        "形成以2个省级产业集群为骨干、6个中小企业特色产业集群为支撑的体系。",
        [
            ("2个", "省级产业集群", "洛阳市", None, None, None),
            ("6个", "中小企业特色产业集群", "洛阳市", None, None, None),
        ],
    ),
    (
        "新材料产业集群规模超千亿。",
        [("超千亿", "新材料产业集群规模", "洛阳市", "新材料产业", None, "industry_scale")],
    ),
    (
        "大力发展铝铜产业，营业收入达到1400亿元。",
        [("1400亿元", "营业收入", "洛阳市", "铜铝", None, "operating_revenue")],
    ),
]

# 2. Region names and 全市/全省 at the head of a subject go to the region; the subject keeps what is measured.
REGIONS = [
    (
        "作为老牌工业城市，洛阳全市规模以上工业企业达到1796家。",
        [("1796家", "规模以上工业企业", "洛阳市", None, None, "above_scale_industrial_enterprises_count")],
    ),
    (
        "郑州市规上工业增加值增长5%。",
        [("5%", "规上工业增加值", "郑州市", None, None, "above_scale_industrial_value_added")],
    ),
    (
        "全省规上工业企业达到2.3万家。",
        [("2.3万家", "规上工业企业", "河南省", None, None, "above_scale_industrial_enterprises_count")],
    ),
    ("早在“一五”时期，洛阳就是全国8个重点建设的工业城市之一。", []),
]

# 3. Enumerations: each member pairs with its own subject or comparison base.
ENUMERATIONS = [
    (
        "营收、利润较“十三五”末同比增长60.5%、58%。",
        [
            ("60.5%", "营收", "洛阳市", None, None, "operating_revenue"),
            ("58%", "利润", "洛阳市", None, None, "profit"),
        ],
    ),
    (
        "工业利润率6.34%，高于全国、全省0.95、2.2个百分点。",
        [
            ("6.34%", "工业利润率", "洛阳市", None, None, "industrial_profit_margin"),
            ("0.95", "工业利润率高于全国", "洛阳市", None, None, None),
            ("2.2个百分点", "工业利润率高于全省", "洛阳市", None, None, None),
        ],
    ),
    (
        "全年接待游客 1.53 亿人次，旅游总收入1208.59亿元，同比分别增长 13.48%、16.02%。",
        [
            ("1.53 亿人次", "接待游客", "洛阳市", None, None, "tourist_visits"),
            ("1208.59亿元", "旅游总收入", "洛阳市", None, None, "tourism_revenue"),
            ("13.48%", "接待游客", "洛阳市", None, None, "tourist_visits"),
            ("16.02%", "旅游总收入", "洛阳市", None, None, "tourism_revenue"),
        ],
    ),
    (
        "培育省级专精特新企业482家、国家专精特新“小巨人”企业56家，分别占全省的9%和13.5%。",
        [
            ("482家", "培育省级专精特新企业", "洛阳市", None, None, "provincial_specialized_sme_count"),
            ("56家", "国家专精特新“小巨人”企业", "洛阳市", None, None, "little_giant_count"),
            ("9%", "培育省级专精特新企业占全省", "洛阳市", None, None, None),
            ("13.5%", "国家专精特新“小巨人”企业占全省", "洛阳市", None, None, None),
        ],
    ),
    (
        "全市规上工业企业营业收入、利润总额分别为3500亿元和210亿元。",
        [
            ("3500亿元", "规上工业企业营业收入", "洛阳市", None, None, "above_scale_industrial_revenue"),
            ("210亿元", "规上工业企业利润总额", "洛阳市", None, None, "above_scale_industrial_profit"),
        ],
    ),
    (
        "高技术制造业和装备制造业增加值分别增长12.1%、9.5%。",
        [
            # a chain's value added, not manufacturing's (制造业增加值 hides inside the longer names)
            ("12.1%", "高技术制造业增加值", "洛阳市", "高技术制造业", None, "value_added"),
            ("9.5%", "装备制造业增加值", "洛阳市", "装备制造产业", None, "value_added"),
        ],
    ),
    (
        # a class of enterprises counted first owns the bare measures of the clauses after it
        "营收超百亿元企业达到10家，规模占全市工业比重47%，营收、利润分别增长60.5%、58%。",
        [
            ("10家", "营收超百亿元企业", "洛阳市", None, None, "hundred_billion_enterprises_count"),
            ("47%", "营收超百亿元企业规模占全市工业比重", "洛阳市", None, None, None),
            ("60.5%", "营收超百亿元企业营收", "洛阳市", None, None, None),
            ("58%", "营收超百亿元企业利润", "洛阳市", None, None, None),
        ],
    ),
    (
        # a parallel member whose name the text left out does not take the previous member's
        "到2025年，钨钼钛领域规模达到910亿元、铝铜领域规模达到1400亿元、规模达到1300亿元。",
        [
            ("910亿元", "钨钼钛领域规模", "洛阳市", "钨钼钛", None, "industry_scale"),
            ("1400亿元", "铝铜领域规模", "洛阳市", "铜铝", None, "industry_scale"),
            ("1300亿元", "规模", "洛阳市", None, None, "industry_scale"),
        ],
    ),
]

LYC = "洛阳轴承集团股份有限公司"
GREE = "格力电器（洛阳）有限公司"
CATL = "中州时代新能源科技有限公司"

# 4. A paragraph about an enterprise gives it its facts; a place or scope named in the sentence takes them back.
ENTERPRISES = [
    (
        "背后的洛轴，作为始建于1954年的老企业，更是国企改革的样本。2022年起，洛轴启动混改。\n\n"
        "改革活力显著释放：2024年，企业营收46.99亿元；今年上半年，生产总值仍同比增长36%。\n\n"
        "最新数据显示，今年上半年，洛阳GDP同比增长5.7%。",
        [
            ("46.99亿元", "营收", "洛阳市", "轴承", LYC, "operating_revenue"),
            ("36%", "生产总值", "洛阳市", "轴承", LYC, "gdp"),
            ("5.7%", "GDP", "洛阳市", None, None, "gdp"),
        ],
    ),
    (
        # a quotation speaks for the speaker's company, and so does what the speaker says after it
        "“总投资30亿元的空调生产项目落子洛阳，看中市场优势。”格力电器（洛阳）有限公司副总经理说，"
        "项目全部达产后，年产值预计可达100亿元。",
        [
            ("30亿元", "项目总投资", "洛阳市", "智能装备制造", GREE, "total_investment"),
            ("100亿元", "年产值", "洛阳市", "智能装备制造", GREE, "output_value"),
        ],
    ),
    (
        # an enterprise given as an example, with the city heading the next clause, is not the topic
        "以中信重工为代表，洛阳提质老产业。累计帮助各类企业融资490.8亿元。",
        [("490.8亿元", "帮助各类企业融资", "洛阳市", None, None, None)],
    ),
    (
        # 这个… refers back to the enterprise of the paragraph before; a district heading a clause takes over
        "在宁德时代洛阳基地的智能车间里，机械臂精准抓取电芯。\n\n"
        "这个总投资320亿元的项目，四期全部建成后，年产值将超千亿元。在其带动下，伊滨区已签约29个配套项目，"
        "总投资超142亿元。",
        [
            ("320亿元", "项目总投资", "洛阳市", "新能源电池产业链", CATL, "total_investment"),
            ("超千亿元", "年产值", "洛阳市", "新能源电池产业链", CATL, "output_value"),
            ("29个", "配套项目", "伊滨区", None, None, None),
            ("超142亿元", "配套项目总投资", "伊滨区", None, None, None),
        ],
    ),
]

# 5. Amounts of projects name their projects and stay out of the city-wide series.
PROJECTS = [
    (
        "谋划实施441个制造业高质量发展项目，总投资2400多亿元；实施325个绿色化、智能化、企业技术改造项目，"
        "总投资533.4亿元。",
        [
            ("441个", "制造业高质量发展项目", "洛阳市", None, None, None),
            ("2400多亿元", "制造业高质量发展项目总投资", "洛阳市", None, None, None),
            ("325个", "绿色化、智能化、企业技术改造项目", "洛阳市", None, None, None),
            ("533.4亿元", "绿色化、智能化、企业技术改造项目总投资", "洛阳市", None, None, None),
        ],
    ),
]

# 6. Each capacity keeps its product: 千万吨炼油 and 百万吨乙烯 are two series, not one in tonnes.
CAPACITIES = [
    (
        "打造千万吨炼油、百万吨乙烯、双百万吨航煤的千亿级炼化产业集群。",
        [
            ("千万吨", "炼油产能", "洛阳市", None, None, None),
            ("百万吨", "乙烯产能", "洛阳市", None, None, None),
            ("双百万吨", "航煤产能", "洛阳市", None, None, None),
            ("千亿级", "炼化产业集群", "洛阳市", "绿色石化产业链", None, None),
        ],
    ),
    (
        "石油化工产业具备1000万吨原油加工、21.5万吨PX等生产能力。",
        [
            ("1000万吨", "原油加工生产能力", "洛阳市", None, None, None),
            ("21.5万吨", "PX生产能力", "洛阳市", None, None, None),
        ],
    ),
    (
        "谋划引进年产 20 万吨碳九组分等项目。",
        [("20 万吨", "碳九组分年产能", "洛阳市", None, None, None)],
    ),
]

# 7. Subjects: what the quantity measures, without the verbs and statements around it.
SUBJECTS = [
    (
        # 、 joining two statements: the quantity belongs to the last one
        "建龙微纳成为全省首家科创板上市企业、单体分子筛产能全国第一。",
        [("全国第一", "单体分子筛产能", "洛阳市", "分子筛", "洛阳建龙微纳新材料股份有限公司", "production_capacity")],
    ),
    (
        # a count written before its noun counts that noun; the container comes before its contents
        "25家科技产业社区入驻企业1140家。",
        [
            ("25家", "科技产业社区", "洛阳市", None, None, "tech_industry_communities_count"),
            ("1140家", "科技产业社区入驻企业", "洛阳市", None, None, "enterprises_count"),
        ],
    ),
    (
        # the measure after the counted noun is the next number's
        "17条优势产业链营收超4600亿元。",
        [
            ("17条", "优势产业链", "洛阳市", "优势产业链", None, None),
            ("超4600亿元", "优势产业链营收", "洛阳市", "优势产业链", None, "operating_revenue"),
        ],
    ),
    (
        "聚集上汽、宇通、比亚迪等7家整车企业及200多家配套企业。",
        [
            ("7家", "整车企业", "洛阳市", None, None, None),
            ("200多家", "配套企业", "洛阳市", None, None, None),
        ],
    ),
    (
        # parallel clauses name the measure once
        "国有控股企业增加值同比增长5.2%，股份制企业增长9.6%。",
        [
            ("5.2%", "国有控股企业增加值", "洛阳市", None, None, None),
            ("9.6%", "股份制企业增加值", "洛阳市", None, None, None),
        ],
    ),
]

CASES = CHAINS + REGIONS + ENUMERATIONS + ENTERPRISES + PROJECTS + CAPACITIES + SUBJECTS


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:20] for c in CASES])
def test_scope(catalog, text, expected):
    assert [about(f) for f in extract(make_document(text, P), catalog)] == expected


def test_among_which_is_not_a_back_reference(catalog):
    text = "背后的洛轴，作为老企业，2022年起，洛轴启动混改。\n\n其中，规上工业企业营收增长5%。"
    (fact,) = extract(make_document(text, P), catalog)
    assert (fact.text, fact.enterprise) == ("5%", None)
