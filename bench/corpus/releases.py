"""The kinds of release the synthetic corpus holds, each rendered with the number forms of the seed documents:
annual statistical bulletins, monthly (cumulative 1—N月) industry reports, newspaper articles, five-year plans
with targets, and CSV tables in the documented long layout."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from corpus import world
from corpus.world import Region, between, unit_random
from corpus.writer import TruthFact, Writer, number

NEWSPAPERS = ("河南日报", "洛阳日报", "大河报", "人民日报", "经济日报")
REPORTERS = ("陈曦", "孙小蕊", "王鹏", "李静", "张明", "刘洋", "赵敏", "周涛", "吴昊", "郑雪", "黄磊", "林立")
SECTORS = ("装备制造业", "新材料产业", "电子信息产业", "绿色石化产业", "生物医药产业", "新能源产业")
PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}  # plan → first year
FILLER = (
    "坚持把制造业高质量发展作为主攻方向，深入实施创新驱动发展战略，持续推动产业转型升级。",
    "工业经济运行总体平稳、稳中有进，新旧动能转换步伐加快，发展质量和效益稳步提升。",
    "各部门聚焦重点企业、重点项目和重点园区，强化要素保障，优化营商环境，稳住工业经济基本盘。",
    "下一步，将围绕产业链部署创新链，围绕创新链布局产业链，加快构建现代化产业体系。",
    "数字化转型、智能化改造和绿色化提升持续推进，企业核心竞争力明显增强。",
)


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def months_period(year: int, month: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, month, calendar.monthrange(year, month)[1])


def trend(value: float) -> str:
    return "增长" if value >= 0 else "下降"


def money(w: Writer, yi: float, form_key: str, period, status: str = "actual") -> None:
    """An amount in 亿元, written as 万亿元 once it passes ten thousand 亿 (1.23万亿元)."""
    if yi >= 10000:
        wan = round(yi / 10000, 2)
        w.fact(f"{number(wan)}万亿元", wan, "万亿元", "wan_yi", period, status)
    else:
        w.fact(f"{number(yi)}亿元", yi, "亿元", form_key, period, status)


def count(w: Writer, n: float, form_key: str, period, status: str = "actual", unit: str = "家") -> None:
    """A count, written as 1.8万家 once it passes ten thousand."""
    if n >= 10000:
        wan = round(n / 10000, 2)
        w.fact(f"{number(wan)}万{unit}", wan, f"万{unit}", "wan_yi", period, status)
    else:
        w.fact(f"{number(n)}{unit}", n, unit, form_key, period, status)


def pct(w: Writer, value: float, period, form_key: str = "percent", status: str = "actual") -> None:
    """A growth rate: the magnitude is stated, the verb (增长/下降) before it carries the sign."""
    w.fact(f"{number(abs(value))}%", abs(value), "%", "negative" if value < 0 else form_key, period, status)


def filler(w: Writer, *key: object, sentences: int = 2) -> None:
    start = int(unit_random(*key, "filler") * len(FILLER))
    w("".join(FILLER[(start + i) % len(FILLER)] for i in range(sentences)))


@dataclass(frozen=True)
class Release:
    kind: str  # bulletin | monthly | article | plan | table
    region: Region
    year: int
    month: int = 0  # monthly: the last month of the cumulative period; plan: unused
    variant: int = 0  # article: which of the region-year's articles
    plan: str = ""
    children: tuple[Region, ...] = ()
    parent: Region | None = None

    @property
    def file(self) -> str:
        stem = {
            "bulletin": f"{self.region.code}_tjgb_{self.year}",
            "monthly": f"{self.region.code}_gyyx_{self.year}_{self.month:02d}",
            "article": f"{self.region.code}_news_{self.year}_{self.variant}",
            "plan": f"{self.region.code}_plan_{self.plan}",
            "table": f"{self.region.code}_zyzb_{self.year}",
        }[self.kind]
        return f"{self.year}/{stem}.{'csv' if self.kind == 'table' else 'txt'}"

    @property
    def published(self) -> date:
        day = 5 + int(unit_random(self.file, "day") * 20)
        if self.kind == "monthly":
            return date(self.year, self.month + 1, day)
        if self.kind == "plan":
            return date(self.year, 3 + int(unit_random(self.file, "month") * 6), day)
        if self.kind == "article":
            return date(self.year + 1, 2 + int(unit_random(self.file, "month") * 10), day)
        return date(self.year + 1, 3, day)  # bulletin, table

    def render(self) -> tuple[str, list[TruthFact], dict]:
        w = Writer(self.file)
        title, publisher, doc_type = RENDERERS[self.kind](self, w)
        sidecar = {
            "title": title,
            "publisher": publisher,
            "published": self.published.isoformat(),
            "region": self.region.name,
            "type": doc_type,
            "note": "Synthetic release written by bench/make_corpus.py for benchmarks.",
        }
        return w.text(), w.facts, sidecar


def _vs_parent(w: Writer, r: Release, own: float, name: str, year: int, period) -> None:
    """高于全省1.2个百分点: the gap to the parent region's growth, in percentage points."""
    if r.parent is None:
        return
    gap = round(own - world.growth(r.parent.code, name, year), 1)
    if gap == 0:
        w(f"，与{r.parent.self_name}持平")
        return
    w(f"，{'高于' if gap > 0 else '低于'}{r.parent.self_name}").fact(
        f"{number(abs(gap))}个百分点", abs(gap), "百分点", "points", period
    )


def _enumeration(w: Writer, r: Release, year: int, period, month: int = 0) -> None:
    """分别增长9.2%、7.5%和12.3%: several values, each with its own unit, after one verb."""
    first = int(unit_random(r.region.code, year, "sectors") * len(SECTORS))
    sectors = [SECTORS[(first + i) % len(SECTORS)] for i in range(3)]
    values = [world.sector_growth(r.region, s, year * 100 + month) for s in sectors]
    w(f"分行业看，{'、'.join(sectors[:2])}和{sectors[2]}增加值分别{trend(values[0])}")
    for i, v in enumerate(values):
        if i:
            w("、" if i == 1 else "和")
            if v < 0:
                w("下降")
        w.fact(f"{number(abs(v))}%", abs(v), "%", "enumeration", period)
    w("。")


def render_bulletin(r: Release, w: Writer) -> tuple[str, str, str]:
    y, reg, me = r.year, r.region, r.region.self_name
    period = year_period(y)
    title = f"{reg.name}{y}年国民经济和社会发展统计公报"
    w(f"{title}\n\n{reg.statistics_bureau}\n\n（{y + 1}年3月发布）\n\n")
    filler(w, r.file, sentences=2)
    w("\n\n三、工业和建筑业\n\n")
    g = world.growth(reg.code, "value_added", y)
    w(f"{y}年，{me}规模以上工业增加值比上年{trend(g)}")
    pct(w, g, period)
    _vs_parent(w, r, g, "value_added", y, period)
    n, before = world.level(reg, "above_scale_enterprises", y), world.level(reg, "above_scale_enterprises", y - 1)
    year_end = (date(y, 12, 31), date(y, 12, 31))  # a stock at 年末
    w(f"。年末{me}规模以上工业企业")
    count(w, n, "plain", year_end)
    if n != before:
        w(f"，比上年末{'增加' if n > before else '减少'}").fact(
            f"{number(abs(n - before))}家", abs(n - before), "家", "plain", year_end
        )
    w("。")
    _enumeration(w, r, y, period)
    w("\n\n全年规模以上工业企业实现营业收入")
    money(w, world.level(reg, "revenue", y), "plain", period)
    g = world.growth(reg.code, "revenue", y)
    w(f"，比上年{trend(g)}")
    pct(w, g, period)
    w("；实现利润总额")
    money(w, world.level(reg, "profit", y), "plain", period)
    g = world.growth(reg.code, "profit", y)
    w(f"，{trend(g)}")
    pct(w, g, period)
    s, s0 = world.share(reg, "high_tech", y), world.share(reg, "high_tech", y - 1)
    w("。高技术制造业增加值占规模以上工业增加值的比重为").fact(f"{number(s)}%", s, "%", "share", period)
    if s != s0:
        w(f"，比上年{'提高' if s > s0 else '下降'}").fact(
            f"{number(round(abs(s - s0), 1))}个百分点", round(abs(s - s0), 1), "百分点", "points", period
        )
    w("。\n\n全年完成工业投资")
    money(w, world.level(reg, "industrial_investment", y), "plain", period)
    g = world.growth(reg.code, "industrial_investment", y)
    w(f"，比上年{trend(g)}")
    pct(w, g, period)
    w("。全社会用电量中，工业用电量").fact(
        f"{number(world.level(reg, 'electricity', y))}亿千瓦时",
        world.level(reg, "electricity", y),
        "亿千瓦时",
        "plain",
        period,
    )
    g = world.growth(reg.code, "electricity", y)
    w(f"，{trend(g)}")
    pct(w, g, period)
    w("。\n\n")
    filler(w, r.file, "end", sentences=1)
    w("\n\n注：本公报中部分数据为初步统计数，各项数据均未包括未纳入统计范围的小微企业。\n")
    return title, reg.statistics_bureau, "bulletin"


def render_monthly(r: Release, w: Writer) -> tuple[str, str, str]:
    y, m, reg, me = r.year, r.month, r.region, r.region.self_name
    period = months_period(y, m)
    span = "上半年" if m == 6 else f"1—{m}月"
    title = f"{y}年{span}{reg.name}工业经济运行情况"
    w(f"{title}\n\n发布单位：{reg.statistics_bureau}\n\n")
    cg = world.cumulative_growth(reg, "value_added", y, m)
    w(f"{span}，{me}规模以上工业增加值同比{trend(cg)}")
    pct(w, cg, period)
    if m > 2:
        delta = round(cg - world.cumulative_growth(reg, "value_added", y, m - 1), 1)
        if delta:
            w(f"，增速比1—{m - 1}月{'加快' if delta > 0 else '回落'}").fact(
                f"{number(abs(delta))}个百分点", abs(delta), "百分点", "points", period
            )
    w("。")
    _enumeration(w, r, y, period, month=m)
    rev = round(world.level(reg, "revenue", y) * m / 12 * between(0.95, 1.05, reg.code, y, m, "rev"), 1)
    w(f"\n\n{span}，{me}规模以上工业企业实现营业收入")
    money(w, rev, "plain", period)
    g = world.cumulative_growth(reg, "revenue", y, m)
    w(f"，同比{trend(g)}")
    pct(w, g, period)
    gi = world.cumulative_growth(reg, "industrial_investment", y, m)
    w(f"。{me}工业投资同比{trend(gi)}")
    pct(w, gi, period)
    lo = round(between(5.0, 15.0, reg.code, y, m, "tech"), 0)
    w("，其中技改投资增长").fact(f"{number(lo)}%—{number(lo + 5)}%", lo, "%", "range", period, value_high=lo + 5)
    w("。\n\n")
    filler(w, r.file, sentences=1)
    w("\n")
    return title, reg.statistics_bureau, "bulletin"


def render_article(r: Release, w: Writer) -> tuple[str, str, str]:
    y, reg, me = r.year, r.region, r.region.self_name
    period = year_period(y)
    paper = NEWSPAPERS[int(unit_random(r.file, "paper") * len(NEWSPAPERS))]
    reporter = REPORTERS[(r.variant + int(unit_random(r.file, "who") * len(REPORTERS))) % len(REPORTERS)]
    title = f"{reg.name}工业经济稳中向好 新动能加快成长（{y}年回顾之{r.variant + 1}）"
    w(f"{title}\n\n（{paper}记者 {reporter}）近日，记者从{reg.name}工业和信息化局获悉，")
    when = "去年" if r.variant % 2 == 0 else f"{y}年"
    g = world.growth(reg.code, "value_added", y)
    w(f"{when}{me}规上工业增加值{trend(g)}")
    pct(w, g, period)
    w("，规上工业企业达到")
    count(w, world.level(reg, "above_scale_enterprises", y), "plain", period)
    w("。")
    filler(w, r.file, sentences=2)
    plan_start = max(p for p in PLANS.values() if p <= y)
    plan = next(k for k, v in PLANS.items() if v == plan_start)
    since = (date(plan_start, 1, 1), date(y, 12, 31))
    w(f"\n\n“{plan}”以来，{reg.name}累计培育专精特新企业")
    count(w, world.level(reg, "specialised_enterprises", y), "plain", since)
    w("，推动")
    cloud = world.level(reg, "cloud_enterprises", y)
    if cloud >= 10000:
        wan = round(cloud / 10000, 1)
        w.fact(f"{number(wan)}万家", wan, "万家", "wan_yi", since)
    else:
        w.fact(f"{number(cloud)}家", cloud, "家", "plain", since)
    w(f"中小企业“上云上平台”。{when}，")
    _enumeration(w, r, y, period)
    profit = world.level(reg, "profit", y)
    digits = str(int(profit))
    floor = int(digits[0]) * 10 ** (len(digits) - 1)  # 86.4 → 80: "突破80亿元"
    if profit >= 10 and profit > floor:
        w(f"{me}规上工业企业利润总额突破").fact(f"{number(floor)}亿元", floor, "亿元", "comparator", period)
        w("，")
    else:
        w(f"{me}规上工业企业利润总额约").fact(
            f"{number(round(profit))}亿元", round(profit), "亿元", "comparator", period
        )
        w("，")
    s = world.share(reg, "high_tech", y)
    w("高技术制造业增加值占规上工业比重达到").fact(f"{number(s)}%", s, "%", "share", period)
    w("。\n\n")
    filler(w, r.file, "end", sentences=1)
    w(f"（{paper}）\n")
    return title, paper, "article"


def render_plan(r: Release, w: Writer) -> tuple[str, str, str]:
    reg, me, start = r.region, r.region.self_name, PLANS[r.plan]
    end, base = start + 4, start - 1
    previous = next(k for k, v in PLANS.items() if v == start - 5)
    title = f"{reg.name}“{r.plan}”制造业高质量发展规划"
    w(f"{title}\n\n第一章 发展基础\n\n")
    base_period, span_period = year_period(base), (date(start - 5, 1, 1), date(base, 12, 31))
    w(f"“{previous}”末，{me}规上工业企业达到")
    count(w, world.level(reg, "above_scale_enterprises", base), "plain", base_period)
    w("，工业增加值达到")
    money(w, world.level(reg, "value_added", base), "plain", base_period)
    avg = round(
        ((world.level(reg, "value_added", base) / world.level(reg, "value_added", base - 5)) ** (1 / 5) - 1) * 100,
        1,
    )
    w("，年均增长" if avg >= 0 else "，年均下降")
    pct(w, avg, span_period)
    w("。")
    filler(w, r.file, sentences=2)
    w(f"\n\n第二章 发展目标\n\n到{end}年，")
    target, target_span = year_period(end), (date(start, 1, 1), date(end, 12, 31))
    lo = round(between(5.0, 8.0, r.file, "growth"), 0)
    w(f"{me}规模以上工业增加值年均增长").fact(
        f"{number(lo)}%—{number(lo + 2)}%", lo, "%", "range", target_span, "target", value_high=lo + 2
    )
    goal = round(world.level(reg, "above_scale_enterprises", base) * between(1.15, 1.4, r.file, "firms"), -1)
    w("，规上工业企业达到")
    count(w, goal, "target", target, "target")
    w("以上，规上工业企业营业收入力争突破")
    money(
        w, round(world.level(reg, "revenue", base) * between(1.3, 1.7, r.file, "rev"), -1), "target", target, "target"
    )
    s = round(world.share(reg, "high_tech", base) + between(3.0, 8.0, r.file, "share"), 0)
    w("，高技术制造业增加值占规上工业增加值比重达到").fact(f"{number(s)}%", s, "%", "target", target, "target")
    w("左右，专精特新企业数量实现").fact("翻番", 2, "倍", "multiple", target_span, "target")
    w("。\n\n")
    filler(w, r.file, "end", sentences=2)
    w("\n")
    return title, f"{reg.name}人民政府", "plan"


TABLE_ROWS = (
    ("规模以上工业企业数", "家", lambda reg, y: world.level(reg, "above_scale_enterprises", y)),
    ("规模以上工业增加值增速", "%", lambda reg, y: world.growth(reg.code, "value_added", y)),
    ("规模以上工业企业营业收入", "亿元", lambda reg, y: world.level(reg, "revenue", y)),
    ("规模以上工业企业利润总额增速", "%", lambda reg, y: world.growth(reg.code, "profit", y)),
    ("工业投资", "亿元", lambda reg, y: world.level(reg, "industrial_investment", y)),
    ("高技术制造业增加值占比", "%", lambda reg, y: world.share(reg, "high_tech", y)),
)


def render_table(r: Release, w: Writer) -> tuple[str, str, str]:
    """The long layout of docs/formats.md: one value per row; the region's own rows, then its subregions'."""
    y = r.year
    w("indicator,region,period,value,unit,status\n")
    for reg in (r.region, *r.children):
        rows = TABLE_ROWS if reg is r.region else TABLE_ROWS[:2]
        for label, unit, value_of in rows:
            value = value_of(reg, y)
            w(f"{label},{reg.name},{y},")
            w.fact(number(value), abs(value), unit, "table", year_period(y))
            w(f",{unit},actual\n")
    return f"{r.region.name}{y}年主要工业经济指标", r.region.statistics_bureau, "table"


RENDERERS: dict[str, Callable[[Release, Writer], tuple[str, str, str]]] = {
    "bulletin": render_bulletin,
    "monthly": render_monthly,
    "article": render_article,
    "plan": render_plan,
    "table": render_table,
}
