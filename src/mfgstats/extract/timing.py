"""Which period a quantity refers to, and whether it is an achieved figure or a target.

The period comes from the nearest time marker: in the sentence (periods listed before 分别 one by one), else
earlier in the paragraph, else in the heading that opens the section or at the head of a paragraph before, else
the last multi-year period named in the document, the title's past period, or the one period the text names;
else an achieved figure is as of writing (the year to date, open) and a target is the publication year's.
Inside a multi-year period the rules follow how Chinese reports write: flows (累计, 新增, 年均, 每年) cover the
whole period, levels reached (达到, 突破, 降至) are read at its end.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from mfgstats.extract.lexicon import (
    ACTUAL_MARKERS_RE,
    CLAUSE_TARGET_RE,
    NOT_FUTURE_JIANG,
    TARGET_RE,
)
from mfgstats.extract.numerals import parse_chinese
from mfgstats.extract.periods import (
    HISTORICAL_YEARS,
    Marker,
    PeriodList,
    at_clause_start,
    fyp_span,
    plan_span_ending,
    respective_periods,
    scan_markers,
)
from mfgstats.extract.segment import MAX_SENTENCE, Layout

# what a sentence says is done (已达, 建成了, 去年): a goal year carried from an earlier sentence does not date it
_ACHIEVED_RE = re.compile(r"已经|已(?!有望)|了(?<![为除]了)|去年|上年|截至")
_REPORT_SEASON = 3  # government work reports are given to the people's congress in January to March
_CITED_REPORT_RE = re.compile(r"政府工作报告(?:中)?(?:指出|显示|提到|称|介绍|披露|回顾)")
_BOOK_TITLE_RE = re.compile(r"《[^《》\n]{1,80}》")
_FLOW_STRONG_RE = re.compile(r"累计|新增|增量|每年|年均|连续(?=\s*[0-9一二三四五六七八九十两])|共计|历年")
_PER_YEAR_RE = re.compile(r"每年|年均")
_AVERAGE_RE = re.compile(r"年均|平均")
_TAKING_YEARS_RE = re.compile(
    r"(?:用|利用|花|经过)\s*([0-9]{1,2}|[一二三四五六七八九十两]{1,3})\s*年(?:左右)?(?:的)?(?:时间|努力)"
)
_CUMULATIVE_RE = re.compile(r"累计|共计|合计|总计|累积|年均|每年")  # over the plan, or per year of it
# (脱贫, 摘帽, 出列: people and counties that left poverty over the span, one event each; 创建, 打造: chains and
# clusters set up over it)
_FLOW_WEAK_RE = re.compile(
    r"培育|入选|获|表彰|引进|签约|认定|新建|建成(?!区)|组建|新培育|招引|实施|承担|脱贫|摘帽|出列|创建|打造"
)
_GREW_RE = re.compile(r"增长|提高|提升|增加|扩大")
_REACH_RE = re.compile(
    r"(?:达到|达|突破|超过|超|增至|增长到|增长至|提高到|提高至|提升到|提升至|降至|降到|下降到|减少到|扩大到|扩大至|"
    r"保持在|稳定在|控制在|居|位居|为)\s*$"
)
_FROM_RE = re.compile(r"(?:由|从)\s*$")
_EACH_RE = re.compile(r"均(?:为|是|居|列|排|在|保持在?|稳定在|达到?)?\s*$")
_RELYING_ON_RE = re.compile(r"依托|凭借|立足|基于")
_PERIOD_MEASURE_RE = re.compile(r"贡献率|拉动")
_ATTRIBUTIVE_RE = re.compile(r"[^，。；,;0-9０-９]{0,12}的")
_SAME_YEAR_BASE_RE = re.compile(r"^(?:上年|去年)(?:末|底|同期)?$")  # 比上年, 较上年底: the current period
_MOVED_RE = re.compile(r"(?:增长|提高|提升|增加|扩大|下降|降低|减少|回落|缩小)了?\s*$")  # right before the figure
# a period telling when a plan or decision was made (5年前制定的规划纲要): it describes the noun
_MADE_RE = re.compile(r"[^，。；,;0-9０-９的]{0,4}?(?:制定|提出|编制|出台|发布|印发|确定|设定|部署|作出|做出)的")
_ALREADY_REACHED_RE = re.compile(r"已(?:经)?(?:突破|超过|超|达到|达)")
# said done in the figure's own clause (已建成, 已经完成, 已全部投产): a plan named before it is what it was measured by
_DONE_IN_CLAUSE_RE = re.compile(
    r"已(?:经)?(?:全部|全面|基本|如期|提前)?(?:建成|完成|实现|达到|达|突破|超过|超|投产|形成|落地|开工)"
)
_STREAK_RE = re.compile(r"连续\s*([0-9]{1,2}|[一二三四五六七八九十两]{1,3})\s*年(?!度)")  # N years in a row
_TOTAL_RE = re.compile(r"共(?!建|享|同|赢|性|识|振|进|计)")
# a five-year plan by name: “十四五”, 十三五规划, 十二五末 (a name inside a document title counts too)
# “十四五” (the name in group 1), or 十四五 before 规划 … (the name is the match): the first character is read before
# the alternatives, which test it by looking behind, so that the regex engine skips to those characters instead of
# entering the pattern at every character of the text
_PLAN_NAME_RE = re.compile(
    r"[“\"一二三四五六七八九十](?:"
    r"(?<=[“\"])([一二三四五六七八九十]{1,2}五)[”\"]|(?<![一二三四五六七八九十百千分之第][一二三四五六七八九十])"
    r"[一二三四五六七八九十]?五(?=规划|计划|时期|期间|期末|末|以来|初))"
)
# the opening clause of a paragraph, where a period that heads it stands (2023年末，/ 上半年，/ 全年：)
_HEADLINE_GOALS_RE = re.compile(r"目标(?:出炉|发布|公布|揭晓|定了|来了)")  # a headline announcing goals
_GOAL_LINE_RE = re.compile(r"(?:预期|主要|发展|奋斗)?目标|目标任务|工作安排|重点任务|重点工作|主要任务")
# progress against a target: what share of it is done, or how far ahead of the calendar (时序进度) it runs
_PROGRESS_RE = re.compile(
    r"完成(?:了)?(?:年度|全年|年|季度|阶段|年初)?(?:目标|计划)(?:任务)?(?:的)?\s*$|时序进度\s*$|"
    r"完成(?:了)?(?:年度|全年)?(?:目标|计划)?(?:任务)?(?:的)?\s*$(?<=目标的|计划的|任务的)|"
    r"实现(?:了)?(?:年度|全年)?(?:目标|计划)?(?:任务)?(?:的)?\s*$(?<=目标的|计划的|任务的)|"
    r"占(?:年度|全年)(?:目标|计划)(?:任务)?的\s*$"  # 完成投资1271.7亿元，占年度计划的111.2%
)
# a heading that reviews the period it names (2024年工作回顾, 2024年成绩单), not a bulletin's title naming its year
_REVIEW_HEADING_RE = re.compile(r"回顾|总结|成绩单|回眸")
# 争取 of funds, bonds or projects: in a review of a period already over, what was secured (争取到, 争取…项目18个)
_SECURED_RE = re.compile(r"争取(?:到|了|[^，。；,;！？\d]{0,12}?(?:项目|资金|债券|补助|补贴|专项|政策|试点))")
# a quantity per year (每年160亿斤, 年产35万吨, 年加工能力达2000万吨) written right before its number
_ANNUAL_RATE_RE = re.compile(r"(?:每年|年产(?:值|量)?|年[^\d，。；,;]{0,4}能力)[^\d，。；,;]{0,8}$")
_SINCE_AFTER_RE = re.compile(r"[^，。；,;]{0,6}?以来")
_DIGIT_RE = re.compile(r"[0-9０-９]")
_FIGURE_START_RE = re.compile(r"(?<![0-9０-９.．])[0-9０-９]")
_BASE_VALUE_RE = re.compile(r"(?:同期)?\s*[（(]\s*")  # 较去年同期(-1.1%): the figure of the base written after it
# what a plan adds over its span: new units, yearly additions, designations won and projects (not 累计建成, a stock)
_PLAN_FLOW_RE = re.compile(r"新增|年均增加|每年增加|新认定|培育|争创|储备|引进|招引|新建|组建|投资")
LATE_MONTH = 10  # a plan written from October on starts with the next year
# a paragraph that lists goals after a colon (主要目标是：, and a plan's 预期性/约束性指标为：, binding ones included)
_GOAL_LEAD_RE = re.compile(r"(?:目标|预期性?指标|约束性指标)(?:是|为|有)?\s*[:：]")
_BASE_FIGURE_RE = re.compile(r"基数\s*(?:[（(]|为|是|达)\s*$")  # 较高基数(97.84亿元): the base period's figure
# a comparison base in a clause of its own (与2021年相比，…提高0.1个百分点): the base of the sentence's figures after it
_BASE_CLAUSE_RE = re.compile(r"[\s\x1f]*(?:相比|相较|比较|对比)[\s\x1f]*[，,]")
_CLAUSE_GAP_RE = re.compile(r"[\s，,：:]*")  # between a clause's end and what opens the next one
# the single month a release on the year to date also gives (其中当月…, 本月…), and its cumulative figure (累计…)
_THIS_MONTH_RE = re.compile(r"(?<![0-9０-９月])(?:当月|本月)")
_CUMULATIVE_WORD_RE = re.compile(r"累计")
_PARTS_OF_RE = re.compile(r"[ \t\u3000]*其中")  # a paragraph that goes on with the parts of the one before
_HEAD_CLAUSE_RE = re.compile(r"[ \t\u3000]*[^，。；：,;:！？!?\n]{0,24}")
# a news item's dateline and source (新华社北京6月15日电 据国家统计局消息，): the period that heads it comes after
_LEAD_SOURCE_RE = re.compile(
    r"[ \t\u3000]*(?:[^，。；,;！？\n]{0,30}?[电電讯訊][ \t\u3000]*)?(?:[据據]|记者从|記者從)"
    r"[^，。；,;！？\n]{0,40}?(?:消息|报道|報道|获悉|獲悉|了解到)(?:称|稱)?[，,：:]"
)
# a title line naming a plan: the whole document states goals
_PLAN_TITLE_RE = re.compile(r"(?:规划|方案|纲要|计划|意见)(?:[（(][^）)]*[)）])?\s*$")


Where = tuple[int, int, int, int, int]  # sentence start, sentence end, paragraph index, clause start, clause end


@dataclass(slots=True)
class Timing:
    start: date
    end: date
    label: str
    status: str
    explicit: bool  # a marker in the same sentence fixed it
    open: bool = False  # an achieved figure of a period still running at publication: to date, not the whole period


class TimeContext:
    """Markers of one document, indexed for the per-quantity lookups."""

    def __init__(self, text: str, layout: Layout, published: date, title: str = ""):
        self.text = text
        self.layout = layout
        self.published = published
        # a title naming a past period (2022年…统计公报, 1—8月全省经济运行情况) dates a text that names none itself
        past = [mk for mk in scan_markers(title, published) if not mk.base and not mk.span and mk.pend < published]
        self.title_marker = replace(past[-1], start=-1, end=-1) if past else None
        prose = [p for p in layout.paragraphs if not p.is_table]
        self.markers: list[Marker] = []
        # the five-year plans the document names (“十四五”, 2021—2025年): only then is a plan's last year its span
        self.named_plans: set[int] = set()
        # a goal year in a document's title (《…2035年远景目标纲要》) names the document: it dates its own sentence only
        # (a past year there, 《2023年统计公报》, is the year the text goes on to report)
        self._titled: set[int] = set()
        titles = [m.span() for m in _BOOK_TITLE_RE.finditer(text)] if "《" in text else []
        title_starts = [a for a, _ in titles]  # titles do not overlap: the one a marker may be in is bisected
        for p in prose:
            for mk in scan_markers(text, published, p.start, p.end):
                if mk.span and plan_span_ending(mk.pend.year) == (mk.pstart.year, mk.pend.year):
                    self.named_plans.add(mk.pend.year)
                if mk.fyp_name and not (p.is_heading or at_clause_start(text, mk)):
                    continue
                if mk.pend.year < published.year - HISTORICAL_YEARS and _attributive(text, mk.end):
                    continue  # 国家“一五”时期重点建设的老工业基地: describes a noun, dates nothing after it
                if mk.label.endswith("年前") and _MADE_RE.match(text, mk.end):
                    continue  # 5年前制定的规划纲要: when a document was made, not the period of figures after it
                self.markers.append(mk)
                if (
                    titles
                    and mk.pstart > published
                    and (i := bisect.bisect_left(title_starts, mk.start) - 1) >= 0
                    and mk.start < titles[i][1]
                ):
                    self._titled.add(mk.start)
        for m in _PLAN_NAME_RE.finditer(text):
            self.named_plans.add(fyp_span(m.group(1) or m.group())[1])
        self.starts = [mk.start for mk in self.markers]
        self.taking = _TAKING_YEARS_RE.search(text) is not None  # 用N年时间 anywhere in the text
        # periods listed before 分别 date their figures one by one and nothing after them
        self.lists = respective_periods(text, self.markers)
        self.list_ends = [pl.end for pl in self.lists]
        listed = {start for pl in self.lists for start in pl.members}
        if listed:
            self.markers = [mk for mk in self.markers if mk.start not in listed]
            self.starts = [mk.start for mk in self.markers]
        # multi-year periods that carry across paragraphs (not comparison bases)
        self._asides: dict[int, bool] = {}  # per marker start, computed once
        # a span written after a figure (…增长8.8%，创近十年新高) is an aside, not the period of what follows
        self.spans = [
            mk for mk in self.markers if mk.span and not mk.base and not self._historical(mk) and not self._aside(mk)
        ]
        self.span_starts = [mk.start for mk in self.spans]
        # a text naming one period only (a news item on 2017's ranking that says 2017年 once) is about it
        named = {(mk.pstart, mk.pend): mk for mk in self.markers if not (mk.base or mk.span or self._historical(mk))}
        self.only_period = replace(next(iter(named.values())), start=-1, end=-1) if len(named) == 1 else None
        self.heading_ctx = self._heading_contexts()
        self.head_starts, self.head_markers = self._paragraph_heads()
        self._series: dict[int, bool] = {}
        self._goal_lines: dict[int, bool] = {}
        self._plan_firsts: dict[int, int] | None = None  # a plan's last year → the first year the text names for it
        self.plan_document = any(
            p.is_heading and _PLAN_TITLE_RE.search(text[p.start : p.end].lstrip("# ")) for p in layout.paragraphs[:12]
        )
        self.work_report = "政府工作报告" in title  # the year's tasks, written early in the year they are for
        y = published.year - 1
        self.last_year = Marker(-1, -1, f"{y}年", date(y, 1, 1), date(y, 12, 31), False, False, False, False)

    def _heading_contexts(self) -> list[Marker | None]:
        """For each paragraph, the period set by the headings it sits under (innermost first)."""
        stack: list[tuple[int, Marker | None]] = []
        out: list[Marker | None] = []
        for para in self.layout.paragraphs:
            if para.level is not None:
                while stack and stack[-1][0] >= para.level:
                    stack.pop()
            inherited = next((mk for _, mk in reversed(stack) if mk is not None), None)
            out.append(inherited)
            if para.level is not None:
                first_end = para.sentences[0][1] if para.sentences else para.end
                own = [mk for mk in self._between(para.start, first_end) if not mk.base and not self._historical(mk)]
                stack.append((para.level, own[-1] if own else None))
        return out

    def _paragraph_heads(self) -> tuple[list[int], list[Marker | None]]:
        """The period written at the head of a paragraph (2023年末，… / 上半年，…): it dates the paragraphs after it
        that name none, until another paragraph opens with a period."""
        starts: list[int] = []
        heads: list[Marker | None] = []
        # the heads in force, innermost last, with the level of the section each was written in: a head dates the
        # rest of its own section only (3月末 under 五、 does not date 六、居民收入); the opening's dates them all
        active: list[tuple[int, Marker | None]] = []
        section = -1
        last_own: list[Marker] = []
        for para in self.layout.paragraphs:
            if para.is_table:
                continue
            if para.level is not None:  # numbered headings and items date their section through heading_ctx
                section = para.level
                if active and active[-1][0] >= section:
                    while active and active[-1][0] >= section:
                        active.pop()
                    starts.append(para.start)
                    heads.append(active[-1][1] if active else None)
                last_own = []
                continue
            own = [mk for mk in self._between(para.start, para.end) if not mk.base and not self._historical(mk)]
            if not own:
                if last_own and _PARTS_OF_RE.match(self.text, para.start, para.end):
                    # 前三季度，…增长3.9%。¶其中，采矿业增长8.5%: the parts of the whole named just before
                    head = last_own[-1]
                    while active and active[-1][0] >= section:
                        active.pop()
                    active.append((section, head))
                    starts.append(para.start)
                    heads.append(head)
                last_own = []
                continue
            s_last = para.sentences[-1][0] if para.sentences else para.start
            last_own = [mk for mk in own if mk.start >= s_last and not self._since(mk)]
            lead = _LEAD_SOURCE_RE.match(self.text, para.start, para.end)
            head_end = _HEAD_CLAUSE_RE.match(self.text, lead.end() if lead else para.start, para.end).end()
            # markers written together (2024年8月, 今年上半年) are one period; the last of them is the finest
            phrase = 1
            while phrase < len(own) and not self.text[own[phrase - 1].end : own[phrase].start].strip():
                phrase += 1
            starts.append(para.end)  # in force after its own paragraph
            # another period later in the paragraph ends the carry: which one holds after it is not said
            head = own[phrase - 1] if own[0].start < head_end and phrase == len(own) else None
            heads.append(head)
            while active and active[-1][0] >= section:
                active.pop()
            active.append((section, head))
        return starts, heads

    def _since(self, mk: Marker) -> bool:
        """今年以来 / 自今年3月份以来: the start of a trend."""
        return mk.label.endswith("以来") or _SINCE_AFTER_RE.match(self.text, mk.end) is not None

    def _goal_heading(self, mk: Marker) -> bool:
        """The marker stands in a line that announces goals for a period not yet over (…主要预期目标)."""
        if mk.pend < self.published:
            return False
        goal = self._goal_lines.get(mk.start)
        if goal is None:
            lo = self.text.rfind("\n", 0, mk.start) + 1
            hi = self.text.find("\n", mk.end)
            line = self.text[lo : hi if hi >= 0 else len(self.text)]
            goal = self._goal_lines[mk.start] = len(line) <= 60 and _GOAL_LINE_RE.search(line) is not None
        return goal

    def _reviewed_year(self, ctx: Marker, p_index: int, prefix: str, para_start: int, s_start: int) -> bool:
        """全年 without a year, ended at publication, under 预计 alone, in a review of that year: in a text titled
        with that year (2023年…统计公报), under a heading naming it as reviewed (一、2024年工作回顾), or in a work
        report given early in the year outside its goals."""
        if ctx.pend >= self.published or not _only_forecast(prefix):
            return False
        t = self.title_marker
        if t is not None and _months(t) == 11 and t.pstart <= ctx.pstart and ctx.pend <= t.pend:
            return True  # 2023年…统计公报 ¶ 预计全年全员劳动生产率…: the bulletin's estimate of the year it reports on
        head = self.heading_ctx[p_index]
        if head is not None and not head.floating:
            if not (head.pstart <= ctx.pstart and ctx.pend <= head.pend < self.published) or head.start < 0:
                return False
            hi = self.text.find("\n", head.end)
            return _REVIEW_HEADING_RE.search(self.text, head.end, hi if hi >= 0 else len(self.text)) is not None
        return (
            self.work_report
            and self.published.month <= _REPORT_SEASON
            and not _GOAL_LEAD_RE.search(self.text, para_start, s_start)
        )

    def _aside(self, mk: Marker) -> bool:
        """A period written after a figure in its sentence (…增长8.2%，今年以来连续5个月增速提高) describes that
        figure's trend; only a period that opens its sentence dates the sentences after it. Once per marker."""
        aside = self._asides.get(mk.start)
        if aside is None:
            s_start, _, _ = self.layout.sentence_at(mk.start)
            aside = self._asides[mk.start] = self._figure_before(s_start, mk)
        return aside

    def _in_series(self, mk: Marker) -> bool:
        """A trend (三季度以来…) or a sentence walking through periods of one grain (6月份…，7月份…，8月份…) dates
        nothing after its sentence. Once per marker."""
        series = self._series.get(mk.start)
        if series is None:
            s_start, s_end, _ = self.layout.sentence_at(mk.start)
            grain = _months(mk)
            periods = {
                (o.pstart, o.pend)
                for o in self._between(s_start, s_end)
                if not o.base and not o.span and _months(o) == grain
            }
            # since a month or quarter (三季度以来) is a trend; since a year or a plan (今年以来, “十四五”以来) it is
            # the period so far, which carries
            trend = self._since(mk) and not (mk.span or "年" in mk.label)
            series = self._series[mk.start] = trend or len(periods) > 1
        return series

    def _figure_before(self, s_start: int, mk: Marker) -> bool:
        """A number stands between s_start and the marker, other than in a period's own words (2024年8月)."""
        s_start = max(s_start, self.text.rfind("；", s_start, mk.start) + 1)  # a ；-part opens like a sentence
        others = self._between(s_start, mk.start)
        for d in _DIGIT_RE.finditer(self.text, s_start, mk.start):
            if not any(o.start <= d.start() < o.end for o in others):
                return True
        return False

    def _listed(self, s_start: int, num_start: int) -> Marker | None:
        """The period of a figure written in the sentence after a list of periods with 分别: the k-th figure after
        the list takes the k-th period; figures beyond the list take none of them."""
        i = bisect.bisect_left(self.list_ends, num_start + 1) - 1
        if i < 0 or self.list_ends[i] < s_start:
            return None
        plist: PeriodList = self.lists[i]
        k = len(_FIGURE_START_RE.findall(self.text, plist.end, num_start))
        return plist.periods[k] if k < len(plist.periods) else None

    def _historical(self, mk: Marker) -> bool:
        """A long-past period, or one in a document's title, dates only its own sentence; it never carries on to the
        text after it."""
        return mk.pend.year < self.published.year - HISTORICAL_YEARS or mk.start in self._titled

    def _between(self, lo: int, hi: int) -> list[Marker]:
        i = bisect.bisect_left(self.starts, lo)
        j = bisect.bisect_left(self.starts, hi)
        return self.markers[i:j]

    def _latest_year_to_date(self, before: int) -> Marker | None:
        """The nearest period before `before` that is this year's months to date (1至9月, 前三季度), ended at
        publication."""
        y = self.published.year
        for i in range(bisect.bisect_left(self.starts, before) - 1, -1, -1):
            mk = self.markers[i]
            if mk.base or mk.span or mk.floating or mk.pend >= self.published or mk.pend.year != y:
                continue
            if not (_ytd_through(mk, mk.pend) and mk.pend == _end_of_month(mk.pend)):
                return None
            # 9月份…。前三季度…: a paragraph naming the last month beside the months to date carries neither
            para = next(p for p in reversed(self.layout.paragraphs) if p.start <= mk.start)
            beside = self._between(para.start, para.end)
            return None if any(_single_month(b) and b.pend == mk.pend for b in beside) else mk
        return None

    def resolve(self, num_start: int, measure: str, where: Where | None = None) -> Timing:
        """where: the sentence and clause of num_start, if the caller has them already."""
        text = self.text
        if where is None:
            s_start, s_end, p_index = self.layout.sentence_at(num_start)
            c_start, c_end = self.layout.clause_bounds(num_start, s_start, s_end)
        else:
            s_start, s_end, p_index, c_start, c_end = where
        para = self.layout.paragraphs[p_index]
        s_start = max(s_start, num_start - MAX_SENTENCE)
        in_sentence = [mk for mk in self._between(s_start, num_start) if mk.end <= num_start]
        prefix = text[s_start:num_start]
        clause_before = text[c_start:num_start]
        clause = text[c_start:c_end]

        own_base = next((mk for mk in reversed(in_sentence) if mk.base and mk.start >= c_start), None)
        if own_base is None:
            own_base = next(
                (
                    mk
                    for mk in reversed(in_sentence)
                    if mk.base and not mk.origin and _BASE_CLAUSE_RE.match(text, mk.end)
                ),
                None,
            )
        ctx = next(
            (
                mk
                for mk in reversed(in_sentence)
                if not mk.base and (mk.start >= c_start or not self._since(mk) or not self._figure_before(s_start, mk))
            ),
            None,
        )  # a trend after an earlier clause's figure (…8.2%，今年以来连续5个月…) dates only its own clause
        listed = self._listed(s_start, num_start)
        if listed is not None:
            ctx = listed
        explicit = ctx is not None
        if ctx is not None and ctx.label == "本年":
            # 1至7月，…。亿元以上项目本年完成投资…增长19.5%: this year's running total, in a paragraph on the months
            # to date, is of those months
            ytd = next(
                (
                    mk
                    for mk in reversed(self._between(para.start, s_start))
                    if not mk.base and not mk.span and mk.pstart == ctx.pstart and mk.pend < ctx.pend
                    and mk.pend.month > 1
                ),
                None,
            )  # fmt: skip
            ctx = ytd or ctx
        if ctx is None:
            earlier = [
                mk
                for mk in self._between(para.start, s_start)
                if not mk.base and not self._historical(mk) and not self._aside(mk) and not self._in_series(mk)
            ]
            ctx = earlier[-1] if earlier else None
            if ctx is not None and _single_month(ctx):
                # 1—8月…。8月当月…增速9.7%。采矿业增长3.7%: the month is an aside of a release on 1—8月
                ytd = next((mk for mk in reversed(earlier) if _ytd_through(mk, ctx.pend)), None)
                ctx = ytd or ctx
        if ctx is None:
            ctx = self.heading_ctx[p_index]
            h = bisect.bisect_right(self.head_starts, para.start) - 1
            head = self.head_markers[h] if h >= 0 else None
            k = bisect.bisect_right(self.span_starts, num_start) - 1
            span = self.spans[k] if k >= 0 else None
            if head is not None and span is not None and span.start > head.start:
                head = None  # a multi-year period named since holds instead
            if head is not None and (ctx is None or head.start > ctx.start):
                ctx = head  # a paragraph's opening period after the heading's: the nearer one holds
            ctx = ctx or span or self.title_marker or self.only_period
            if (
                ctx is None
                and (self.work_report or _CITED_REPORT_RE.search(text, para.start, num_start))
                and self.published.month <= _REPORT_SEASON
                and (_only_forecast(prefix) or not _has_target_word(prefix))
                and not CLAUSE_TARGET_RE.search(clause_before)
                and not _GOAL_LEAD_RE.search(text, para.start, num_start)  # 主要预期目标是：…。城镇居民收入增长8%
            ):
                # a work report, given early in the year, reviews the year just ended: what it says was done, or
                # 预计 of a result, naming no period, is that year's (its goals without a year stay its own year's);
                # so does a paragraph of a news item citing one (…政府工作报告指出，该市…分别增长10.9%、8.7%)
                ctx = self.last_year
            if ctx is None:
                ctx = self.opening_next_clause(c_end, s_end)

        if (
            not explicit
            and ctx is not None
            and ctx.pstart > self.published
            and _ACHIEVED_RE.search(prefix)
            and not _has_target_word(prefix)
        ):
            ctx = None  # 到2035年…。¶全市企业已达1800家: a goal year carried from before dates nothing said to be done
        elif (
            not explicit
            and ctx is not None
            and measure == "level"
            and ctx.pstart.year == self.published.year
            and ctx.pend < self.published
            and _months(ctx) < 11
            and _ALREADY_REACHED_RE.search(text, s_start, s_end)
            and not _has_target_word(prefix)
        ):
            # 一季度，…。随着14家企业接入，注册量已突破150万条 (in May): a stock said to be reached already, in a
            # sentence naming no period, is as of writing, not of the part of the year carried from before
            ctx = None
        if ctx is not None and ctx.floating and self._reviewed_year(ctx, p_index, prefix, para.start, s_start):
            ctx = replace(ctx, floating=False)  # 一、2024年工作回顾 ¶ 预计全年完成…: the estimate of that year's result
        # a line set apart by a blank line (a headline: 5年经济增量预计超35万亿元) lends its 预计 to no line under it
        status = self._status(ctx, prefix[prefix.rfind("\n\n") + 1 :] if "\n\n" in prefix else prefix, clause_before)
        if status == "actual" and not explicit and ctx is not None and self._goal_heading(ctx):
            status = "target"  # ■ 2025年经济社会发展的主要预期目标 / 经济增长6%左右: the section lists goals
        elif (
            status == "actual"
            and not explicit
            and (ctx is None or ctx.pend >= self.published)
            and para.is_heading
            and _HEADLINE_GOALS_RE.search(text, num_start, para.end)
        ):
            status = "target"  # 增长6%左右！多地经济目标出炉: a headline's figure the goals it announces
        elif (
            status == "actual"
            and not explicit
            and (ctx is None or ctx.pend >= self.published)
            and _GOAL_LEAD_RE.search(text, para.start, num_start)
            and not ACTUAL_MARKERS_RE.search(prefix)
        ):
            status = "target"  # 主要预期目标是：…；…。城镇居民收入增长8%: a list of goals runs to its paragraph's end
        if (
            self.work_report
            and status == "target"
            and not explicit
            and ctx is not None
            and not para.is_heading
            and not ctx.span
            and ctx.pstart.year > self.published.year
        ):
            # a work report's tasks for its own year (培育30家…) after a goal of a later year (力争2025年…)
            y = self.published.year
            ctx = replace(ctx, pstart=date(y, 1, 1), pend=date(y, 12, 31), label=f"{y}年")
        if ctx is not None and ctx.floating and status == "target" and ctx.pend.year < self.published.year:
            # 预计全年…: a forecast of the current year, not the report on the last one
            y = self.published.year
            ctx = replace(ctx, pstart=ctx.pstart.replace(year=y), pend=ctx.pend.replace(year=y))
        if ctx is not None and not ctx.span and not ctx.base:
            ctx = self._month_or_year_to_date(ctx, measure, s_start, num_start)
        gap = text[own_base.end : num_start] if own_base is not None else ""
        if own_base is not None and (
            (own_base.origin and gap.replace("同期", "").strip(" 的") == "") or _BASE_VALUE_RE.fullmatch(gap)
        ):
            # "由“十二五”末的 1491 亿元": the number belongs to the base period; 由上年同期的86家: to its same months;
            # 较去年同期(-1.1%)提高: the base's own figure, in parentheses right after it
            y = own_base.pstart.year
            if ctx is not None and not ctx.span and _SAME_YEAR_BASE_RE.search(own_base.label):
                # 较上年（4.1%） / 由上年的17.3:41.2:41.5 in a report on 2024: the year before the period's
                y = ctx.pstart.year - 1
                if "同期" not in gap:
                    return Timing(date(y, 1, 1), date(y, 12, 31), f"{y}年", status, True)
            if "同期" in gap and ctx is not None and not ctx.span:
                same = date(y, ctx.pstart.month, 1), _end_of_month(date(y, ctx.pend.month, 1))
                return Timing(*same, f"{own_base.label}同期", status, True)
            return Timing(own_base.pstart, own_base.pend, own_base.label, status, True)
        if ctx is not None and not ctx.span and measure == "level" and _BASE_FIGURE_RE.search(clause_before):
            # 在6月较高基数(97.84亿元)的背景下: a base is the same period a year earlier
            y = ctx.pstart.year - 1
            base = (
                date(y, ctx.pstart.month, 1),
                _end_of_month(date(y + ctx.pend.year - ctx.pstart.year, ctx.pend.month, 1)),
            )
            return Timing(*base, f"{y}年同期", status, explicit)
        if ctx is None and own_base is None and measure in ("growth", "change") and status == "actual":
            # 1至9月…同比增长10.2%。¶七大产业增加值同比增长13% (in October): a rate is of a finished period, the
            # months to date the text reported last, not a part of the month of writing
            latest = self._latest_year_to_date(num_start)
            if latest is not None and not _PER_YEAR_RE.search(clause):
                return Timing(latest.pstart, latest.pend, latest.label, status, False)
        if ctx is None:
            y = self.published.year
            if own_base is not None and measure in ("multiple", "change", "growth") and not own_base.span:
                part_of_this_year = own_base.pstart.year == y == own_base.pend.year and own_base.pend.month < 12
                if _SAME_YEAR_BASE_RE.search(own_base.label) or own_base.pstart.year > y or part_of_this_year:
                    # 比一季度提高6.3个百分点: a change of this year's rate, not one from the base to the year's end
                    return self._to_date(Timing(date(y, 1, 1), date(y, 12, 31), f"{y}年", status, False))
                return self._to_date(Timing(own_base.pstart, date(y, 12, 31), f"{own_base.label}—{y}年", status, False))
            undated = self._taking_years(
                prefix, measure, Timing(date(y, 1, 1), date(y, 12, 31), f"{y}年", status, False)
            )
            # an achieved figure that names no period is as of writing: the year to date, like 目前; a figure per
            # year (每年, 年均, 年产35万吨) is a year's
            per_year = _PER_YEAR_RE.search(clause) or (measure == "level" and _ANNUAL_RATE_RE.search(clause_before))
            return undated if per_year else self._to_date(undated)
        if not explicit and ctx.pstart == ctx.pend and measure != "level":
            # 年末… carried over from an earlier sentence dates stocks; a rate or share there is the year's
            y = ctx.pend.year
            ctx = replace(ctx, pstart=date(y, 1, 1), pend=date(y, 12, 31), label=f"{y}年")
        start, end, label = self._within(ctx, own_base, measure, clause_before, clause, in_sentence)
        if (
            status == "target"
            and ctx.to
            and not ctx.span
            and start.year == end.year > self.published.year
            and (
                (measure in ("level", "change") and _PLAN_FLOW_RE.search(clause_before))
                or (measure == "growth" and _PER_YEAR_RE.search(clause_before))
            )
        ):
            # 到2027年…新增5个 / 年均增加1000户 / 新认定50个: what a plan adds up to its end year is added over its
            # span, and a rate per year up to it (年均增长5%) is an average over that span (争取2025年新建…: that
            # year's)
            first = self._plan_start(end.year)
            start, label = date(first, 1, 1), f"{first}—{end.year}年"
        # 从2012年的2233亿元…到2021年达4342亿元、翻了一番: since the origin (a yearly average runs from the year after
        # it, and 由上年同期的…下降为… is the current period)
        origin = None
        if own_base is None and in_sentence and measure in ("multiple", "growth", "change") and not ctx.span:
            origin = next((mk for mk in reversed(in_sentence) if mk.origin and not mk.span), None)
        if (
            origin is not None
            and origin.pstart.year < start.year
            and not _SAME_YEAR_BASE_RE.search(origin.label)
            and not _AVERAGE_RE.search(clause)
        ):
            start, label = origin.pstart, f"{origin.label}—{label}"
        elif (
            origin is not None
            and measure == "growth"
            and origin.pend.year < end.year
            and (origin.pstart.month, origin.pend.month) == (1, 12)
            and _AVERAGE_RE.search(clause)
        ):
            # 从2020年的4.02万元增至2024年的5.16万元，年均增长6.5%: an average per year over the years after the
            # origin, as after a base (与2020年相比，两年平均增长2.5%)
            start, label = date(origin.pend.year + 1, 1, 1), f"{origin.pend.year + 1}—{label}"
        timing = self._taking_years(prefix, measure, Timing(start, end, label, status, explicit))
        if "连续" in prefix:
            timing = _streak(prefix, clause_before, timing, running=timing.end > self.published)
        if not (ctx.end > 0 and text.startswith("度", ctx.end)):
            timing = self._to_date(timing)  # 2022年度…名单: the year's edition, a whole year, not a year so far
        if ctx.present and status == "actual":
            timing.open = True  # 目前 is still running even when the text appears on a month's last day
        if (
            not explicit
            and measure == "level"
            and status == "actual"
            and (timing.open or timing.start.year < timing.end.year)
            and _ANNUAL_RATE_RE.search(clause_before)
        ):
            # 依托每年160亿斤的粮食产量 / 年产速冻食品35万吨 under a span or as of writing: a rate per year, the year's
            y = timing.end.year
            timing = Timing(date(y, 1, 1), date(y, 12, 31), f"{y}年", status, False)
        return timing

    def month_beside_year_to_date(self, sentence_start: int, paragraph_start: int) -> bool:
        """The period nearest before the sentence, in its paragraph, is a single month named beside the year to date
        through it (1-11月…。其中，11月当月…。): which of the two a later sentence's figure is of is a reading."""
        before = self._between(paragraph_start, sentence_start)
        if len(before) < 2 or not _single_month(before[-1]):
            return False
        return any(_ytd_through(mk, before[-1].pend) for mk in before[:-1])

    def opening_next_clause(self, clause_end: int, sentence_end: int) -> Marker | None:
        """对1000余家企业跟踪显示，2021年1至9月，…: the period that opens the clause after a figure's, which dates the
        figure when the text names no period before it (not one further on, of another statement)."""
        later = next((mk for mk in self._between(clause_end, sentence_end) if not mk.base), None)
        if (
            later is not None
            and not self._historical(later)  # 全市有企业200家，1995年建成…: history, which the figure is not
            and _CLAUSE_GAP_RE.fullmatch(self.text, clause_end, later.start)
        ):
            return later
        return None

    def _month_or_year_to_date(self, ctx: Marker, measure: str, s_start: int, num_start: int) -> Marker:
        """A release on the year to date gives the last month beside it: 1-5月…，其中当月…增长6.5% is May's, and
        after 8月当月…, 累计增幅… is back to 1—8月 (a stock, 累计达到…, stays the month's)."""
        lo = max(ctx.end, s_start)
        words = self.text[lo:num_start]
        if "月" not in words and "累" not in words:  # most figures: neither word, no scan
            return ctx
        this_month = max(_THIS_MONTH_RE.finditer(words), key=lambda m: m.start(), default=None)  # the last holds
        if (
            this_month is not None
            and _ytd_through(ctx, ctx.pend)
            and not _CUMULATIVE_WORD_RE.search(words, this_month.end())
        ):
            y, m = ctx.pend.year, ctx.pend.month
            return replace(ctx, pstart=date(y, m, 1), label=f"{y}年{m}月")
        if measure != "level" and _single_month(ctx) and ctx.pend.month > 1 and _CUMULATIVE_WORD_RE.search(words):
            y, m = ctx.pend.year, ctx.pend.month
            return replace(ctx, pstart=date(y, 1, 1), label=f"{y}年1—{m}月")
        return ctx

    def _plan_start(self, last: int) -> int:
        """The first year of a plan ending in `last`: the span the text names (2025—2027年), else the year of
        writing, or the next one for a plan written in its last quarter."""
        if self._plan_firsts is None:  # once per document, not a pass over every marker per figure
            self._plan_firsts = {}
            for mk in self.markers:
                if mk.span and not mk.base:
                    self._plan_firsts.setdefault(mk.pend.year, mk.pstart.year)
        if last in self._plan_firsts:
            return self._plan_firsts[last]
        return self.published.year + (1 if self.published.month >= LATE_MONTH else 0)

    def _taking_years(self, prefix: str, measure: str, timing: Timing) -> Timing:
        """用3年时间突破150项 (a goal): N years from the year of writing; 用四年时间…翻一番 (done): the N years up to
        the period's end, from their base year when it is a multiple or a change."""
        if not self.taking or "年" not in prefix:
            return timing  # most texts say no 用N年时间: skip the search
        taken = _TAKING_YEARS_RE.search(prefix)
        if taken is None:
            return timing
        n = int(taken.group(1)) if taken.group(1).isdigit() else int(parse_chinese(taken.group(1)))
        if not 1 <= n <= 30:
            return timing
        if timing.status == "target":
            y = self.published.year
            return replace(timing, start=date(y, 1, 1), end=date(y + n - 1, 12, 31), label=taken.group(0))
        first = timing.end.year - n + (0 if measure in ("multiple", "growth", "change") else 1)
        return replace(timing, start=date(first, 1, 1), label=taken.group(0))

    def _to_date(self, timing: Timing) -> Timing:
        """An achieved figure cannot cover time after the text was written: a period that runs past publication
        (“十四五”以来, 如今, 今年以来, a base 较“十三五”末 up to now) is read to date, through the month of
        publication, and marked open. A plan document keeps its own period: what it builds on frames the plan."""
        if timing.status != "actual" or timing.end <= self.published or timing.start > self.published:
            return timing  # a day up to publication (如今, 截至目前) is closed
        if self.plan_document:
            return timing
        timing.open = True
        month_end = _end_of_month(self.published)
        if timing.end > month_end:
            timing.end = month_end
        return timing

    def _within(
        self,
        ctx: Marker,
        own_base: Marker | None,
        measure: str,
        clause_before: str,
        clause: str,
        in_sentence: list[Marker],
    ) -> tuple[date, date, str]:
        """The period of a quantity given its context marker and the words of its clause."""
        if "\x1f" in clause:  # a mirror's pinyin, blanked in the reading view: 增(zeng)量(liang) is 增量
            clause, clause_before = clause.replace("\x1f", ""), clause_before.replace("\x1f", "")
        start, end, label = ctx.pstart, ctx.pend, ctx.label
        end_point = (date(end.year, 1, 1), end, f"{label}末")
        if _FROM_RE.search(clause_before[-4:]) and ctx.span:
            y = ctx.pstart.year - 1  # "由 1595 万吨降至…" inside “十三五”: the value before the period
            if ctx.label.endswith("年来") and ctx.pend > self.published:
                y = ctx.pstart.year  # 三年来…从第14位 in October 2024: three years back from now is in 2021
            return date(y, 1, 1), date(y, 12, 31), f"{y}年"
        if own_base is not None and not own_base.origin and not _SAME_YEAR_BASE_RE.search(own_base.label):
            if own_base.span:
                return start, end, label  # 较“十二五”增长 29.6%: the whole current period
            part_of_year = (own_base.pstart.month, own_base.pend.month) != (1, 12) or own_base.pend.day != 31
            if part_of_year and own_base.pend.year == end.year and not ctx.span:
                return start, end, label  # 比9月份加快1.2个百分点 / 比一季度提高: a change of this period's rate
            if measure in ("multiple", "change", "growth") and own_base.pstart <= end:
                base_start = own_base.pstart
                if measure == "growth" and own_base.pend.year < end.year and _AVERAGE_RE.search(clause):
                    # 与2020年相比，两年平均增长2.5%: an average per year over the years after the base
                    base_start = date(own_base.pend.year + 1, 1, 1)
                    return base_start, end, f"{base_start.year}—{label}"
                if self.text.startswith("同期", own_base.end) and not ctx.span:
                    base_start = start.replace(year=base_start.year)  # 比2019年同期: that year's same months
                return base_start, end, f"{own_base.label}—{label}"
        if not ctx.span:
            if _FLOW_STRONG_RE.search(clause) and ctx.pstart.month == 1 and ctx.pend.month == 12:
                # 到2025年，累计新增6家 in a text about “十四五” adds up the plan, as a plan's 新增 does; 全年新增218家
                # and a work report's 城镇新增就业1200万人 (2025年…预期目标) are that year's
                plan = None
                if (
                    ctx.pstart.year == ctx.pend.year
                    and not ctx.floating
                    and ctx.pend.year in self.named_plans
                    and (self.plan_document or _CUMULATIVE_RE.search(clause))
                ):
                    plan = plan_span_ending(ctx.pend.year)
                if plan:
                    return date(plan[0], 1, 1), end, f"{plan[0]}—{plan[1]}年"
            return start, end, label
        if _FLOW_STRONG_RE.search(clause):
            return start, end, label
        if "由" in clause_before and any(mk.origin and mk.span for mk in in_sentence):
            return start, end, label  # 由“十二五”的 71 家增至 103 家: the two periods side by side
        if measure != "rank" and _PERIOD_MEASURE_RE.search(clause_before):
            return start, end, label
        if _EACH_RE.search(clause_before):
            return start, end, label  # 2022至2024年…排名均为第4名: every year of the span
        if measure == "rank" or _REACH_RE.search(clause_before.rstrip(" \u3000的")) or _TOTAL_RE.search(clause_before):
            return end_point
        if measure in ("change", "growth") and _MOVED_RE.search(clause_before):
            return start, end, label  # 五年来…城镇化率57.1%、提高6.5个百分点: the move over the span, no base named
        # a review of a past period states levels as at its end, and so does a report on a period still running
        # (“十四五”时期…研发强度达6.8%，约为全市平均水平2倍 in September 2025: the state now)
        running = (
            ctx.pstart <= self.published
            and not self.plan_document
            and (measure in ("level", "share") or (measure == "multiple" and not _GREW_RE.search(clause_before)))
        )  # a multiple grown over the span (总数增长42倍) is the span's
        if (end < self.published or running) and not _FLOW_WEAK_RE.search(clause):
            return end_point
        return start, end, label

    def _status(self, anchor: Marker | None, prefix: str, clause_before: str) -> str:
        if _PROGRESS_RE.search(clause_before):
            return "actual"  # 完成年度目标的85.7%, 高于时序进度2.4个百分点: progress made against a target
        past = anchor is not None and anchor.pend < self.published
        if _has_target_word(prefix) and not (
            _DONE_IN_CLAUSE_RE.search(clause_before) and not _has_target_word(clause_before)
        ):
            if past and not anchor.floating and not anchor.to and _only_forecast(prefix):
                return "actual"  # ■ 2024年成绩单 / ●预计…增长6% in 2025: an estimate of a finished year's result
            return "target"
        if CLAUSE_TARGET_RE.search(clause_before) and not past:
            return "target"  # 规划建设… in a review of a finished period was planned and done
        if anchor is None or anchor.present or (anchor.start >= 0 and anchor.span and self._since(anchor)):
            return "actual"  # “十四五”以来…: the plan's period so far, done whatever remains of it
        if anchor.to and anchor.pend > self.published:
            return "target"
        if anchor.pstart > self.published:
            return "target"
        if anchor.pend > self.published and not anchor.base:
            if ACTUAL_MARKERS_RE.search(prefix) or _RELYING_ON_RE.search(clause_before):
                return "actual"  # 依托…6大领域基础优势: what a plan builds on exists already
            if self.plan_document:
                return "target"  # a plan's statements about its own, unfinished period are goals
            if anchor.span and anchor.pstart.year >= self.published.year:
                return "target"  # “十五五”期间…年均增长7% written as the period opens: nothing of it is done yet
        return "actual"


def _streak(prefix: str, clause_before: str, timing: Timing, running: bool = False) -> Timing:
    """连续6年粮食总产稳定在1300亿斤以上: a figure held for N years in a row covers the N years up to the period's end,
    when the streak stands in the figure's clause or opens its sentence (not 连续5个月, months; not a streak in a
    clause of another subject: …数量连续三年位居前三甲，…河南2017年达到10个)."""
    m = _STREAK_RE.search(clause_before) or _STREAK_RE.match(prefix.lstrip())
    if m is None:
        return timing
    if timing.status != "actual" or (timing.start.month, timing.start.day) != (1, 1):
        return timing
    whole_years = timing.end.month == 12
    if not whole_years and timing.start.year == timing.end.year:
        return timing  # 1—8月 held N years in a row: the figure is this year's months
    n = int(m.group(1)) if m.group(1).isdigit() else int(parse_chinese(m.group(1)))
    first = timing.end.year - n + 1
    if not 2 <= n <= 30 or first == timing.start.year or (first > timing.start.year and not running):
        return timing
    # a span still running longer than the streak (“十四五”以来…连续三年居全省第3位) narrows to the streak's years up
    # to date; a closed span (“十三五”期间) may hold the streak anywhere, so it stays
    return replace(timing, start=date(first, 1, 1), label=f"{first}—{timing.end.year}年")


def _single_month(mk: Marker) -> bool:
    return (
        mk.pstart.day == 1
        and mk.pstart.month == mk.pend.month
        and mk.pstart.year == mk.pend.year
        and (mk.pend == _end_of_month(mk.pend))
    )


def _months(mk: Marker) -> int:
    """The length of a marker's period in months, less one: its grain (0 a month, 2 a quarter, 11 a year)."""
    return (mk.pend.year - mk.pstart.year) * 12 + mk.pend.month - mk.pstart.month


def _ytd_through(mk: Marker, end: date) -> bool:
    """1—8月 (or 前8个月) ending with the month `end` closes."""
    return mk.pstart == date(end.year, 1, 1) and mk.pend == end and end.month > 1


def _end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _attributive(text: str, end: int) -> bool:
    """The marker is part of a noun phrase: a 的 follows it in its clause before any number."""
    m = _ATTRIBUTIVE_RE.match(text, end)
    return m is not None


def _only_forecast(prefix: str) -> bool:
    """预计 or 有望, or 争取 of funds or projects, is the sentence's only target word: of a period already over, it
    estimates a result or names what was secured (争取中央预算内项目18个), sets no goal."""
    words = [m for m in TARGET_RE.finditer(prefix)]
    return bool(words) and all(
        m.group(0).replace("\x1f", "") in ("预计", "有望")
        or (m.group(0) == "争取" and _SECURED_RE.match(prefix, m.start()))
        for m in words
    )


def _has_target_word(prefix: str) -> bool:
    for m in TARGET_RE.finditer(prefix):
        if m.group(0) == "将" and NOT_FUTURE_JIANG.match(prefix, m.start()):
            continue
        if prefix[m.end() : m.end() + 1] in ("”", "》", '"'):
            continue  # “河洛英才计划”: a programme name
        return True
    return False
