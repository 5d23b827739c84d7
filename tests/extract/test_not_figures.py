"""Words and bounds that are no figure of anyone (issue 14), sentence → facts (table-driven).

A tier after a count or a list sorts the things counted (5大千亿级产业, …等千亿级产业集群); two tiers at once
(千百亿级) are no amount; the amount a share of firms passes (超六成研发投入在500万元以上) is a threshold; the size of
the field a place is ranked in (在全省17个省辖市中) is context, a rate that sorts enterprises (增速超20%的企业) a
threshold, and so is a round bound with 超…的 before a count (超200亿元的产业集群达到12个, 超50亿元的4个) or a tier
after 一批; so are the few a superlative picks out (最大的三个行业). Beside them, the same words where they do state a
figure stay facts.
"""

from __future__ import annotations

from datetime import date

import pytest

from mfgstats.extract import extract

from .conftest import make_document

P = date(2025, 9, 30)

CASES = [
    ("上半年，全市5大千亿级产业产值同比增长11.2%。", [("11.2%", 11.2, "%")]),
    ("装备制造、新材料等千亿级产业集群加速成长。", []),
    ("实施千百亿级产业集群培育工程。", []),
    ("到2025年，培育3 个千亿级产业。", [("3 个", 3.0, "个")]),
    # of members listed, the tier is each one's scale
    (
        "到2027年，培育高端装备、新能源2个千亿级产业。",
        [("2个", 2.0, "个"), ("千亿级", 1000.0, "亿元"), ("千亿级", 1000.0, "亿元")],
    ),
    (
        "从专精特新企业看，超六成研发投入在500万元以上，近四成营业收入在1亿元以上。",
        [("超六成", 60.0, "%"), ("近四成", 40.0, "%")],
    ),
    ("1—10月，全市规上工业增加值增速在全省17个省辖市中居第4位。", [("第4位", 4.0, "名次")]),
    ("增速超20%的企业有15家。", [("15家", 15.0, "家")]),
    # the few a superlative picks out (贡献最大的三个行业, 增长最快的5家企业) are a selection, no count; a count
    # that follows a superlative's noun is a figure
    ("1—8月，增长贡献最大的三个行业分别是电气机械、汽车和化工。", []),
    ("1—8月，增长最快的5家企业营收增长30%。", [("30%", 30.0, "%")]),
    ("1—8月，新增企业最多的县新增15家。", [("15家", 15.0, "家")]),
    # the same words stating a figure: a percentage that opens its clause is the share of the things after it
    ("有进口业务的中小企业中，34.5%的企业进口订单比上月减少。", [("34.5%", 34.5, "%")]),
    ("新材料产业集群规模超千亿，形成千亿级产业集群。", [("超千亿", 1000.0, "亿元"), ("千亿级", 1000.0, "亿元")]),
    ("工业投资增长8%，其中技改投资在20亿元以上。", [("8%", 8.0, "%"), ("20亿元以上", 20.0, "亿元")]),
    # a round bound with 超…的 sorts what a count after it counts; a batch (一批) of a tier is no one's amount
    ("到2028年，产值超200亿元的产业集群达到12个。", [("12个", 12.0, "个")]),
    ("培育一批百亿级产业园区，营收超50亿元的4个、超20亿元的9个。", [("4个", 4.0, "个"), ("9个", 9.0, "个")]),
    # a bound that is no round number, or no count after it, is the amount
    ("电子信息产业营收超过2,345.6亿元的园区有7个。", [("超过2,345.6亿元", 2345.6, "亿元"), ("7个", 7.0, "个")]),
    ("全区工业产值超300亿元，新增企业40家。", [("超300亿元", 300.0, "亿元"), ("40家", 40.0, "家")]),
    # lines of a policy counted in words (两条底线, 三条主线) are rhetoric; lines built or laid are counted
    ("全区守牢安全和质量两条底线，新建三条生产线。", [("三条", 3.0, "条")]),
    ("围绕四条主线推进工作，开通两条公交线路。", [("两条", 2.0, "条")]),
    # 成 that starts a word (成套, 成员, 成就) is no tenth, in a digit or a numeral
    ("全年新上5成套生产装置，联盟3成员单位。", []),
    ("新上三成套装置。", []),
]


# a streak (连续N年) says how long another figure or a standing held: no figure of its own; years counted of an
# honour or an event (连续3年被表彰) are one; the figure a streak qualifies keeps its comparator and subject
STREAK_CASES = [
    ("全市规上工业增加值连续三年增长8%以上。", [("8%以上", 8.0, "%")]),
    ("全市工业投资连续5年保持两位数增长。", [("两位数", 10.0, "%")]),
    # …but after a count in its clause it sorts what is counted (10条产业链产值实现两位数增长): the count is the figure
    ("全市12条产业链产值实现两位数增长。", [("12条", 12.0, "条")]),
    ("全市连续3年新增规上企业超100家。", [("超100家", 100.0, "家")]),
    ("全市连续3年被评为2023年度工业强市。", [("连续3年", 3.0, "年")]),
    ("连续6年粮食总产稳定在1300亿斤以上。", [("1300亿斤以上", 1300.0, "亿斤")]),
    ("全市制造业连续15年稳坐全省“头把交椅”。", []),
    ("连续5年保持全省第一方阵。", []),
    ("生产总值增长速度已连续三年超过全省平均水平。", []),
    ("工业增速连续4年高于全国。", []),
    ("全市连续3年被省政府表彰为工业稳增长先进市。", [("连续3年", 3.0, "年")]),
    ("该企业连续4年入选中国制造业企业500强。", [("连续4年", 4.0, "年")]),
    # a standing in a ranking held N years (居, 上榜, 位列, 跻身): the rank, if any, is the figure
    ("全市连续三年上榜“全国先进制造业百强市”。", []),
    ("全市工业投资增速连续四年居全省前列。", []),
    ("全市经济增速连续4年居全省前两位。", [("全省前两位", 2.0, "名次")]),
    ("该企业连续5年位列中国制造业企业500强。", []),
    ("全市连续3年跻身全国先进制造业百强市。", []),
    # near misses: 居 of 居民 is no standing; a record's length (no accident in N years) is tracked as a figure
    ("全市连续3年居民收入增长。", [("连续3年", 3.0, "年")]),
    ("全市已连续5年未发生重大安全生产事故。", [("连续5年", 5.0, "年")]),
]
CASES += STREAK_CASES

# a count of listed things (A、B、C三大…) is a fact as seed 003's gold has it, unless a figure later in its clause
# measures the group: then the count only names what is measured
GROUP_CASES = [
    ("汽车、电子信息、新材料、生物医药4大战略性产业占全市工业比重达到48%。", [("48%", 48.0, "%")]),
    ("钢铁、化工、建材3大高耗能产业增加值下降2.1%。", [("2.1%", 2.1, "%")]),
    ("光电子信息、汽车制造、大健康3大产业迈入万亿级规模。", [("万亿级", 1.0, "万亿元")]),
    # near misses: nothing measured in the clause; a figure of a clause of its own
    ("重点打造嵩县、栾川、洛宁三大中药材优势区。", [("三大", 3.0, "个")]),
    ("打火机、箱包、五金三大传统出口行业的出口复苏态势较好。", [("三大", 3.0, "个")]),
    ("钢铁、化工、建材3大产业，增加值下降2.1%。", [("3大", 3.0, "个"), ("2.1%", 2.1, "%")]),
    # a group named with its tier keeps its count (each member is of the tier: test_sectors_and_lists)
    (
        "装备制造、新材料、电子信息三大千亿级产业集群营收增长8%。",
        [("三大", 3.0, "个")] + [("千亿级", 1000.0, "亿元")] * 3 + [("8%", 8.0, "%")],
    ),
]
CASES += GROUP_CASES

# an amount with 以上 between a count and its noun sorts what is counted; the bound of a statistical scope
# (起点标准, 统计范围) is no one's amount; beside them, amounts stated of something stay facts
THRESHOLD_CASES = [
    ("谋划储备500个5000万元以上重大项目。", [("500个", 500.0, "个")]),
    ("全年新开工20个亿元以上的产业项目。", [("20个", 20.0, "个")]),
    ("签约项目30个，总投资5000万元以上。", [("30个", 30.0, "个"), ("5000万元以上", 5000.0, "万元")]),
    ("规模以上工业企业起点标准由年主营业务收入500万元提高到2000万元。", []),
    ("统计范围为年主营业务收入2000万元及以上的工业法人企业。", []),
    ("全市规上工业企业营业收入2000万元，增长5%。", [("2000万元", 2000.0, "万元"), ("5%", 5.0, "%")]),
    # a round bound with no digits (过亿元, 超百亿斤) before the projects or places it sorts names their class; the
    # same bound stated of one thing is its amount
    ("新签约落地过亿元项目355个。", [("355个", 355.0, "个")]),
    ("南阳是全国21个粮食产量超百亿斤的地市之一。", [("21个", 21.0, "个")]),
    ("全市粮食产量超百亿斤。", [("超百亿斤", 100.0, "亿斤")]),
    ("项目总投资过亿元，年内开工。", [("过亿元", 1.0, "亿元")]),
    # a mark passed, then the level reached in the same unit (突破1万亿元达到1.3万亿元): both are figures; an amount
    # before 达 and a count sorts what is counted
    (
        "工业企业增加值突破1万亿元达到1.3万亿元。",
        [("突破1万亿元", 1.0, "万亿元"), ("1.3万亿元", 1.3, "万亿元")],
    ),
    ("营业收入超10亿元达5家。", [("5家", 5.0, "家")]),
    # an amount 以上的 before the enterprises it sorts bounds a scope; a growth the counted things pass is their bar
    ("年销售收入500万元以上的非国有工业企业完成增加值800亿元。", [("800亿元", 800.0, "亿元")]),
    ("全市主营业务收入2000万元及以上的制造业企业实现利润60亿元。", [("60亿元", 60.0, "亿元")]),
    ("项目总投资500万元以上，企业增加值增长8%。", [("500万元以上", 500.0, "万元"), ("8%", 8.0, "%")]),
    ("利润增长速度超过30%的行业有7个。", [("7个", 7.0, "个")]),
    ("全市增速在20%以上的企业共有15家。", [("15家", 15.0, "家")]),
    ("全市工业增加值增长超过30%，行业有7个。", [("超过30%", 30.0, "%"), ("7个", 7.0, "个")]),
    ("年銷售收入500萬(wàn)元以上的非國(guó)有工業(yè)企業(yè)完成增加值800億元。", [("800億元", 800.0, "亿元")]),
    ("同比增長(zhǎng)速度超過(guò)30%的行業(yè)有7個(gè)。", [("7個(gè)", 7.0, "个")]),
]
CASES += THRESHOLD_CASES

# a bare figure borrows the unit of the next member of its list (0.95、2.2个百分点), never that of the change stated
# of it against a base after a comma (指数为97.0，比上年提高0.4个百分点: an index with no unit)
BORROWED_UNIT_CASES = [
    ("综合指数为97.0，比上年提高0.4个百分点。", [("0.4个百分点", 0.4, "百分点")]),
    ("分别提高0.95、2.2个百分点。", [("0.95", 0.95, "百分点"), ("2.2个百分点", 2.2, "百分点")]),
]
CASES += BORROWED_UNIT_CASES

# a capacity written into a project's name after its owner (年产5万吨…项目, 年处理20万吨…工程, a member of a list)
# names the project; said of a firm or a place, with no project after it in its clause, or after a verb
# (新建年产…项目: what is planned or built), it is a figure
PROJECT_NAME_CASES = [
    ("某公司年产5万吨高纯硅及配套项目开工建设。", []),
    ("年处理20万吨废旧轮胎综合利用、城区供热管网等工程加快推进。", []),
    ("全县年产原煤800万吨，同比增长3%。", [("800万吨", 800.0, "万吨"), ("3%", 3.0, "%")]),
    ("该企业年产15万吨，新上项目2个。", [("15万吨", 15.0, "万吨"), ("2个", 2.0, "个")]),
    ("计划新建年产10万吨再生铝等项目。", [("10万吨", 10.0, "万吨")]),
    ("谋划引进某石化年产20万吨碳九组分等项目。", [("20万吨", 20.0, "万吨")]),
    ("对接头部企业，某石化年产20万吨碳九组分等项目。", []),
]
CASES += PROJECT_NAME_CASES

# who took part in a meeting and the parts of a document are counted to describe an event or a text, not the place;
# the same counts of the place's firms, or of meetings held, are figures
EVENT_AND_TEXT_CASES = [
    ("市工信局组织发改、统计等9个部门在会议室召开了运行分析会，甲公司等5家企业参加了会议。", []),
    ("会上，8家参会企业介绍了生产经营情况。", []),
    ("《实施方案》共分五个部分22项内容。", []),
    ("《實施方案》共分五個(gè)部分22項(xiàng)內(nèi)容。", []),
    ("全市新增规上企业30家，召开专题调度会6次。", [("30家", 30.0, "家"), ("6次", 6.0, "次")]),
    ("全市9个部门联合出台政策措施20条。", [("9个", 9.0, "个"), ("20条", 20.0, "条")]),
    ("全市1200家企业参加了工伤保险。", [("1200家", 1200.0, "家")]),
    # the session of a committee's term (十一届五次全会) is a name; sessions held are counted
    ("全力推动省委十一届五次、六次全会及市委五届七次全会部署落实。", []),
    ("全年召开常委会会议五次，审议议题30项。", [("五次", 5.0, "次"), ("30项", 30.0, "项")]),
]
CASES += EVENT_AND_TEXT_CASES


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_no_figure(text, expected):
    assert [(f.text, f.value, f.unit) for f in extract(make_document(text, P))] == expected


# a rank named as a yardstick (超过世界排名第3的总量, 相当于全国第10位的水平) is whoever holds it, no rank of the
# text's own; a rank the subject holds stays one
YARDSTICK_RANK_CASES = [
    ("我国经济增量超过世界排名第3的经济体总量。", []),
    ("全市工业增加值相当于全省第10位的水平。", []),
    ("全市工业增加值总量居全省第3位。", [("全省第3位", 3.0, "名次")]),
    ("算力总规模居世界第二。", [("世界第二", 2.0, "名次")]),
]


@pytest.mark.parametrize(("text", "expected"), YARDSTICK_RANK_CASES, ids=[c[0][:12] for c in YARDSTICK_RANK_CASES])
def test_a_rank_as_a_yardstick(text, expected):
    assert [(f.text, f.value, f.unit) for f in extract(make_document(text, P))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市规上工业增加值连续三年增长8%以上。", ("growth", ">=", "up", "规上工业增加值")),
        ("2024年，全市规上工业增加值连续3年增长8%以上。", ("growth", ">=", "up", "规上工业增加值")),
        ("全市工业投资连续5年保持两位数增长。", ("growth", ">=", "up", "工业投资")),
    ],
)
def test_the_figure_a_streak_qualifies(text, expected):
    (fact,) = extract(make_document(text, P))
    assert (fact.measure, fact.comparator, fact.direction, fact.subject) == expected
