"""Hand-made facts for the dbt fixture: realistic statements from the four seed documents plus two vintages of
synthetic documents (so progress, revisions, rounding and "as known on" have something to work on).

Each row names a verbatim `context` in its document and the `evidence` inside it; offsets are computed, so
`fact.text == document.text[start:end]` holds exactly as the extractor's contract demands.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from mfgstats.records import Document, Fact

LUOYANG = {"region": "洛阳市", "region_code": "410300"}

# Synthetic documents (not seeds): a 2024 bulletin in two vintages (a revision), a press report that rounds
# differently and gives a half-year count, and a half-year revenue figure.
BULLETIN_V1 = (
    "洛阳市2024年国民经济和社会发展统计公报（初步核算）\n"
    "2024年，全市先进装备制造产业营业收入达到3950亿元。全市规上制造业营业收入利润率为4.8%。"
    "全市规上工业企业达到2013家。\n"
)
BULLETIN_V2 = BULLETIN_V1.replace("初步核算", "最终核实").replace("3950亿元", "3990亿元")
PRESS_2025 = "2024年上半年，全市规上工业企业达到2001家。2024年全市规上制造业营业收入利润率4.75%。\n"
BULLETIN_SIDECAR = """title: 洛阳市2024年国民经济和社会发展统计公报
publisher: 洛阳市统计局
published: {published}
region: 洛阳市
type: bulletin
release_key: luoyang-bulletin-2024
note: synthetic test document
"""
PRESS_SIDECAR = """title: 去年洛阳工业运行平稳
publisher: 洛阳日报
published: 2025-04-10
region: 洛阳市
type: article
note: synthetic test document
"""
NEWS_2025H1 = "今年上半年，全市先进装备制造产业营业收入达到2100亿元。\n"
NEWS_SIDECAR = """title: 上半年先进装备制造产业稳中有进
publisher: 洛阳日报
published: 2025-07-20
region: 洛阳市
type: article
note: synthetic test document
"""
# Two articles on one stock for one year: a bound (突破1200家) and a point that breaks it (1100家).
BOUND_NEWS = "去年，全市高新技术企业突破1200家。\n"
POINT_NEWS = "截至去年底，全市高新技术企业1100家。\n"
HIGH_TECH_SIDECAR = """title: 洛阳高新技术企业{title}
publisher: {publisher}
published: 2025-02-{day}
region: 洛阳市
type: article
note: synthetic test document
"""
SYNTHETIC_DOCUMENTS = {  # file name → (text, sidecar)
    "900_bulletin_2024_v1.txt": (BULLETIN_V1, BULLETIN_SIDECAR.format(published="2025-03-20")),
    "901_bulletin_2024_v2.txt": (BULLETIN_V2, BULLETIN_SIDECAR.format(published="2025-06-30")),
    "903_press_2025.txt": (PRESS_2025, PRESS_SIDECAR),
    "904_news_2025h1.txt": (NEWS_2025H1, NEWS_SIDECAR),
    "905_news_high_tech_bound.txt": (
        BOUND_NEWS,
        HIGH_TECH_SIDECAR.format(title="突破1200家", publisher="洛阳日报", day=10),
    ),
    "906_news_high_tech_point.txt": (
        POINT_NEWS,
        HIGH_TECH_SIDECAR.format(title="1100家", publisher="洛阳晚报", day=12),
    ),
}


def period(spec: str) -> tuple[date, date]:
    """'2020' → the year; '2021-2025' → years; '2025-01..2025-08' → months (first day to last day)."""
    if m := re.fullmatch(r"(\d{4})", spec):
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    if m := re.fullmatch(r"(\d{4})H([12])", spec):
        y, h = int(m[1]), int(m[2])
        return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
    if m := re.fullmatch(r"(\d{4})-(\d{4})", spec):
        return date(int(m[1]), 1, 1), date(int(m[2]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", spec):
        y2, m2 = int(m[3]), int(m[4])
        return date(int(m[1]), int(m[2]), 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
    raise ValueError(f"bad period spec {spec!r}")


# (file prefix, context, evidence, fields): the table the fixture is built from.
FACTS: list[tuple[str, str, str, dict]] = [
    # --- 003: the 十四五 manufacturing plan (2022-04-26)
    (
        "003",
        "“十三五”末，全市规上工业企业达到 1783 家",
        "1783 家",
        dict(value=1783, unit="家", period="2020", period_label="十三五末", subject="规上工业企业数量"),
    ),
    (
        "003",
        "洛阳石化、万基控股等 14 家超百亿企业",
        "14 家",
        dict(value=14, unit="家", period="2020", period_label="十三五末", subject="超百亿企业数量"),
    ),
    (
        "003",
        "规上制造业利润率达4.5%",
        "4.5%",
        dict(value=4.5, unit="%", measure="share", period="2020", period_label="十三五", subject="规上制造业利润率"),
    ),
    (
        "003",
        "增加值达到 2800 亿元",
        "2800 亿元",
        dict(value=2800, unit="亿元", status="target", period="2025", subject="制造业增加值"),
    ),
    (
        "003",
        "制造业增加值（亿元）	1630.2	2100.0",
        "1630.2",
        dict(value=1630.2, unit="亿元", period="2019", subject="制造业增加值", origin="table"),
    ),
    (
        "003",
        "制造业增加值（亿元）	1630.2	2100.0",
        "2100.0",
        dict(value=2100.0, unit="亿元", status="target", period="2025", subject="制造业增加值", origin="table"),
    ),
    (
        "003",
        "制造业营业收入突破 1.1 万亿",
        "1.1 万亿",
        dict(
            value=1.1,
            unit="万亿元",
            value_base=11000,
            base_unit="亿元",
            comparator=">",
            status="target",
            period="2025",
            subject="制造业营业收入",
        ),
    ),
    (
        "003",
        "规上制造业营业收入利润率达到 5%",
        "5%",
        dict(value=5, unit="%", measure="share", status="target", period="2025", subject="规上制造业营业收入利润率"),
    ),
    (
        "003",
        "规上制造业营业收入利润率（%）	4.05",
        "4.05",
        dict(value=4.05, unit="%", measure="share", period="2019", subject="规上制造业营业收入利润率", origin="table"),
    ),
    (
        "003",
        "先进装备制造产业营业收入达到 5000 亿元",
        "5000 亿元",
        dict(
            value=5000,
            unit="亿元",
            status="target",
            period="2025",
            subject="先进装备制造产业营业收入",
            chain="先进装备制造",
        ),
    ),
    (
        "003",
        "万元规上工业增加值能耗年均下降 6%",
        "6%",
        dict(
            value=6,
            unit="%",
            measure="growth",
            basis="cagr",
            direction="down",
            status="target",
            period="2021-2025",
            subject="万元规上工业增加值能耗",
        ),
    ),
    (
        "003",
        "累计培育国家级单项冠军企业（产品）5 个",
        "5 个",
        dict(
            value=5, unit="个", period="2016-2020", period_label="十三五期间", subject="国家级单项冠军企业（产品）数量"
        ),
    ),
    # the sense of a target from its wording: 培育 N is N more than at the start of the plan, 倍增 twice the
    # baseline, 降至 a ceiling, 每年 a yearly pace; 个 and 家 count the same things
    (
        "003",
        "全市共培育国家级、省级绿色工厂（园区）27 家",
        "27 家",
        dict(value=27, unit="家", period="2020", period_label="十三五", subject="国家级、省级绿色工厂（园区）"),
    ),
    (
        "003",
        "到 2025 年，培育 15 家省级以上绿色工厂",
        "15 家",
        dict(value=15, unit="家", status="target", period="2025", subject="省级以上绿色工厂"),
    ),
    (
        "003",
        "创新平台载体1900余家",
        "1900余家",
        dict(value=1900, unit="家", comparator=">", period="2020", period_label="十三五末", subject="创新平台载体"),
    ),
    (
        "003",
        "创新平台达到 4000 个",
        "4000 个",
        dict(value=4000, unit="个", status="target", period="2025", subject="创新平台"),
    ),
    (
        "003",
        "创新平台数量较“十三五”末实现倍增",
        "倍增",
        dict(value=2, unit="倍", measure="multiple", status="target", period="2021-2025", subject="创新平台数量"),
    ),
    (
        "003",
        "六大高耗能产业增加值占规上工业增加值比重降至 35%",
        "35%",
        dict(
            value=35,
            unit="%",
            measure="share",
            status="target",
            period="2025",
            subject="六大高耗能产业增加值占规上工业增加值比重",
            chain="六大高耗能",
        ),
    ),
    (
        "003",
        "六大高耗能产业增加值占规上工业增加值比重\t39.5",
        "39.5",
        dict(
            value=39.5,
            unit="%",
            measure="share",
            period="2019",
            subject="六大高耗能产业增加值占规上工业增加值比重",
            chain="六大高耗能",
            origin="table",
        ),
    ),
    (
        "003",
        "每年谋划实施重点工业项目500个以上",
        "500个以上",
        dict(
            value=500,
            unit="个",
            comparator=">=",
            status="target",
            period="2021-2025",
            subject="每年谋划实施重点工业项目",
        ),
    ),
    # a bound and a value that satisfies it: consistent, not a conflict
    (
        "003",
        "占 GDP 比重保持在 1/3 以上",
        "1/3 以上",
        dict(
            value=33.33,
            unit="%",
            measure="share",
            comparator=">=",
            status="target",
            period="2025",
            subject="制造业增加值占GDP比重",
        ),
    ),
    (
        "003",
        "制造业增加值占 GDP 比重（%）\t32.6\t38.5",
        "38.5",
        dict(
            value=38.5,
            unit="%",
            measure="share",
            status="target",
            period="2025",
            subject="制造业增加值占GDP比重",
            origin="table",
        ),
    ),
    # one industry and year sized by two measures that cannot both hold as one figure
    (
        "003",
        "新能源及新能源汽车产业营业收入达到 800 亿元",
        "800 亿元",
        dict(
            value=800,
            unit="亿元",
            status="target",
            period="2025",
            subject="新能源及新能源汽车产业营业收入",
            chain="新能源及新能源汽车",
        ),
    ),
    (
        "003",
        "新能源及新能源汽车产业规模突破 1000 亿元",
        "突破 1000 亿元",
        dict(
            value=1000,
            unit="亿元",
            comparator=">",
            status="target",
            period="2025",
            subject="新能源及新能源汽车产业规模",
            chain="新能源及新能源汽车",
        ),
    ),
    # declines keep their sign: a table's -6.7 and the text's 下降 40.5%
    (
        "003",
        "规上软件和信息服务业营业收入增速（%）\t-6.7",
        "-6.7",
        dict(
            value=-6.7,
            unit="%",
            measure="growth",
            direction="down",
            period="2019",
            subject="规上软件和信息服务业营业收入增速",
            origin="table",
        ),
    ),
    (
        "003",
        "单位工业增加值能耗累计下降 40.5%",
        "40.5%",
        dict(
            value=40.5,
            unit="%",
            measure="growth",
            basis="cumulative",
            direction="down",
            period="2016-2020",
            subject="单位工业增加值能耗",
        ),
    ),
    # --- 000: People's Daily, 2020-10-23 (the same count stated twice)
    (
        "000",
        "作为老牌工业城市，洛阳全市规模以上工业企业达到1796家",
        "1796家",
        dict(value=1796, unit="家", period="2020", subject="规模以上工业企业"),
    ),
    (
        "000",
        "如今，“洛阳制造”声名日隆。全市规模以上工业企业达到1796家",
        "1796家",
        dict(value=1796, unit="家", period="2020", subject="规模以上工业企业"),
    ),
    (
        "000",
        "制造业对当地规模以上工业增长的贡献率达到129%",
        "129%",
        dict(
            value=129,
            unit="%",
            measure="share",
            period="2020-01..2020-08",
            period_label="今年1—8月",
            subject="制造业对规上工业增长贡献率",
        ),
    ),
    # --- 001: Henan Daily feature, 2025
    (
        "001",
        "产业营收突破4600亿元",
        "4600亿元",
        dict(value=4600, unit="亿元", comparator=">", period="2024", subject="营业收入", chain="四新一装备"),
    ),
    (
        "001",
        "实施五年来,引进创业团队25 个",
        "25 个",
        dict(value=25, unit="个", period="2020-2024", period_label="实施五年来", subject="引进创业团队"),
    ),
    (
        "001",
        "3949家创新平台",
        "3949家",
        dict(value=3949, unit="家", period="2025-01..2025-07", subject="创新平台"),
    ),
    # a project's expected output, not a policy target of the region
    (
        "001",
        "年产值将 超千亿元",
        "超千亿元",
        dict(value=1000, unit="亿元", comparator=">", status="target", period="2025", subject="年产值"),
    ),
    # --- 004: press conference 2025-09-30 (十四五 results)
    (
        "004",
        "尤其是工业利润率6.34%",
        "6.34%",
        dict(value=6.34, unit="%", measure="share", period="2025-01..2025-08", subject="规上工业营业收入利润率"),
    ),
    (
        "004",
        "今年1-8月全市规上工业增加值增长8.8%",
        "8.8%",
        dict(
            value=8.8,
            unit="%",
            measure="growth",
            basis="yoy",
            direction="up",
            period="2025-01..2025-08",
            period_label="今年1-8月",
            subject="规上工业增加值",
        ),
    ),
    ("004", "上市公司增至16家", "16家", dict(value=16, unit="家", period="2025", subject="上市公司数量")),
    (
        "004",
        "洛阳钼业入围全球企业1000强",
        "1000",
        dict(
            value=1000,
            unit="名次",
            measure="rank",
            comparator="<=",
            period="2025",
            subject="全球企业排名",
            enterprise="洛阳钼业",
        ),
    ),
    (
        "004",
        "建成省级以上绿色工厂(园区)138家",
        "138家",
        dict(value=138, unit="家", period="2025-01..2025-09", subject="省级以上绿色工厂(园区)"),
    ),
    (
        "004",
        "累计实施重点工业项目2809个",
        "2809个",
        dict(value=2809, unit="个", period="2021-01..2025-09", subject="实施重点工业项目"),
    ),
    # an enumeration the extractor did not split: both shares got one subject
    (
        "004",
        "分别占全省的9%和13.5%",
        "9%",
        dict(value=9, unit="%", measure="share", period="2021-2025", subject="占全省比重"),
    ),
    (
        "004",
        "分别占全省的9%和13.5%",
        "13.5%",
        dict(value=13.5, unit="%", measure="share", period="2021-2025", subject="占全省比重"),
    ),
    # --- synthetic press report
    (
        "903",
        "全市规上工业企业达到2001家",
        "2001家",
        dict(value=2001, unit="家", period="2024H1", subject="规上工业企业"),
    ),
    (
        "903",
        "规上制造业营业收入利润率4.75%",
        "4.75%",
        dict(value=4.75, unit="%", measure="share", period="2024", subject="规上制造业营业收入利润率"),
    ),
    # a half-year flow: not comparable with an annual revenue target
    (
        "904",
        "全市先进装备制造产业营业收入达到2100亿元",
        "2100亿元",
        dict(value=2100, unit="亿元", period="2025H1", subject="先进装备制造产业营业收入", chain="先进装备制造"),
    ),
    # --- synthetic 2024 bulletin, two vintages
    (
        "900",
        "全市先进装备制造产业营业收入达到3950亿元",
        "3950亿元",
        dict(value=3950, unit="亿元", period="2024", subject="先进装备制造产业营业收入", chain="先进装备制造"),
    ),
    (
        "900",
        "全市规上制造业营业收入利润率为4.8%",
        "4.8%",
        dict(value=4.8, unit="%", measure="share", period="2024", subject="规上制造业营业收入利润率"),
    ),
    ("900", "全市规上工业企业达到2013家", "2013家", dict(value=2013, unit="家", period="2024", subject="规上工业企业")),
    (
        "901",
        "全市先进装备制造产业营业收入达到3990亿元",
        "3990亿元",
        dict(value=3990, unit="亿元", period="2024", subject="先进装备制造产业营业收入", chain="先进装备制造"),
    ),
    (
        "901",
        "全市规上制造业营业收入利润率为4.8%",
        "4.8%",
        dict(value=4.8, unit="%", measure="share", period="2024", subject="规上制造业营业收入利润率"),
    ),
    ("901", "全市规上工业企业达到2013家", "2013家", dict(value=2013, unit="家", period="2024", subject="规上工业企业")),
    (
        "905",
        "全市高新技术企业突破1200家",
        "1200家",
        dict(value=1200, unit="家", comparator=">", period="2024", subject="高新技术企业"),
    ),
    ("906", "全市高新技术企业1100家", "1100家", dict(value=1100, unit="家", period="2024", subject="高新技术企业")),
]

_SENTENCE_END = "。；;！？\n"


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip(), left


def build_facts(documents: list[Document]) -> list[Fact]:
    by_prefix = {d.file.split("_", 1)[0]: d for d in documents}
    facts = []
    for prefix, context, evidence, fields in FACTS:
        doc = by_prefix[prefix]
        at = doc.text.find(context)
        if at < 0:
            raise AssertionError(f"context {context!r} not in {doc.file}")
        start = at + context.index(evidence)
        end = start + len(evidence)
        fields = dict(fields)
        period_start, period_end = period(fields.pop("period"))
        sentence, sentence_start = _sentence(doc.text, start, end)
        facts.append(
            Fact(
                document_id=doc.document_id,
                file=doc.file,
                start=start,
                end=end,
                text=doc.text[start:end],
                period_start=period_start,
                period_end=period_end,
                sentence=sentence,
                sentence_start=sentence_start,
                confidence=0.9,
                **LUOYANG,
                **fields,
            )
        )
    return facts
