"""Time markers in the text (2020年, 今年上半年, 1—8月, “十三五”末, “十四五”期间, 到2025年 …) resolved against the
document's publication date — never against a date written in the text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from mfgstats.extract.numerals import parse_chinese

_CN = "一二三四五六七八九十"
_YEAR = r"(?:19|20)[0-9]{2}|二[〇零]+[一二三四五六七八九〇零]{2}"
# after a year or 今年
_PART = r"上半年|下半年|前三季度|第?[一二三四1-4]季度|一季度|年末|年底|年?初以来|年初|全年|以来|末|底|初"
_FYP = rf"十[{_CN}]?五|(?<=[“\"])[一二三四五六七八九]五(?=[”\"])"  # the first nine only in quotes: “一五”

# Every character a marker can start with (see scanner.FIRST_CHARS for why).
FIRST_CHARS = '0-9“"十二今本去上前明当一三四五六七八九下第全年截目如现过近最两'
# Then the first two characters every alternative needs: a digit or numeral opens a marker only before another, a
# space, a dash, 月, 个, 年 or 季, and the words only as written (一 or 上 alone stand every few characters in prose).
_GUARD = (
    f"(?=[{FIRST_CHARS}])"
    r"(?=[0-9][0-9\s—–\-~～至到月个年]|[一二三四五六七八九十两][一二三四五六七八九十两〇零\s—–\-~～至到月个年季]"
    r"|[“\"][一二三四五六七八九十]|[今本去上前明当]年|[上下]半|前[0-9一二三四五六七八九十两]|第[一二三四]"
    r"|截至|目前|当前|如今|现阶|过去|近[0-9一二三四五六七八九十两]|最近|全年|年[末底])"
)

MARKER_RE = re.compile(
    f"{_GUARD}(?:"
    + "|".join(
        (
            # 2021—2024年, and 2021年至2024年 (not 2022年至2024年上半年: a year to a part of a later one)
            rf"(?P<yrange>(?P<y1>(?:19|20)[0-9]{{2}})\s*(?:年\s*)?[—–\-~～至到]\s*(?P<y2>(?:19|20)[0-9]{{2}})\s*年"
            rf"(?!\s*(?:{_PART}|[0-9]{{1,2}}\s*月|[{_CN}]{{1,2}}月)))",
            rf"(?P<fyp>[“\"]?(?P<fyp_n>{_FYP})[”\"]?(?P<fyp_part>期末|末|期间|时期|以来|初期|初|中期|前期|后期)?)",
            rf"(?P<year>(?P<y>{_YEAR})\s*年(?![0-9]{{1,2}}\s*月\s*[0-9]{{1,2}}\s*日)(?P<y_part>{_PART})?"
            rf"(?:\s*(?P<ym1>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*[—–\-~～至到]\s*(?P<ym2>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*月)?)",
            rf"(?P<rel>(?P<rel_w>今年|本年|去年|上年|前年|明年|当年)(?P<rel_part>{_PART})?"
            rf"(?:\s*(?P<rm1>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*[—–\-~～至到]\s*(?P<rm2>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*月)?)",
            rf"(?P<months>(?<![0-9年])(?P<m1>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*[—–\-~～至到]\s*(?P<m2>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*月(?!\s*[0-9]{{1,2}}\s*日))",
            # 1—9月 whose dash a mirror lost (19月份, 110月): no month is 13 to 19 or 110 to 112
            r"(?P<fused>(?<![0-9.．])1(?P<fz>[3-9]|1[0-2])\s*月(?:份)?(?![0-9]{1,2}\s*日))",
            r"(?P<half>上半年|下半年|前三季度|第?[一二三四]季度)",
            rf"(?P<firstmonths>前(?P<fm>[0-9]{{1,2}}|[{_CN}两]{{1,3}})个?月(?!\s*[0-9]{{1,2}}\s*日))",
            # one month: 8月份, 8月当月, or 8月 alone (not 8月底, 8月15日, 3月份以来, the 8月 of 1—8月)
            r"(?P<month>(?<![0-9—–\-~～至到.．])(?P<mon>[0-9]{1,2})\s*月(?!份?以来)(?:份)?(?:当月)?"
            r"(?!\s*[0-9]{1,2}\s*[日号])(?![底末初度]|[上中下]旬))",
            r"(?P<now>截至目前|目前|当前|如今|现阶段)",
            # 过去十年间, 近五年: the last N full years; 十年来: up to now; 十年前: N years before the last full one
            rf"(?P<years>(?:过去|近|最近)(?P<yn>[0-9]{{1,2}}|[{_CN}两]{{1,2}})个?年(?:间|来|里|中)?"
            rf"|(?<![0-9{_CN}两第])(?P<yn2>[0-9]{{1,2}}|[{_CN}两]{{1,2}})个?年(?:来|间)"
            rf"|(?<![0-9{_CN}两第])(?P<ago>[0-9]{{1,2}}|[{_CN}两]{{1,2}})年前)",
            # a year named only by 全年/年末: the last full year before an early-year publication
            r"(?P<bareyear>(?<![0-9年今去明本上当])(?:全年|年末|年底))",
            rf"(?P<monthend>(?:(?:(?<=截至)|(?<=截止)|(?<=到)|(?<=截至 )|(?<=到 ))"
            rf"(?P<mo>[0-9]{{1,2}}|[{_CN}]{{1,2}})\s*月(?:底|末|份)?|(?<![0-9—–\-~～至到.．])(?P<mo2>[0-9]{{1,2}})\s*月[底末])"
            rf"(?!\s*[0-9]{{1,2}}\s*日))",
        )
    )
    + ")"
)
UNGUARDED_RE = re.compile(MARKER_RE.pattern[len(f"{_GUARD}(?:") : -1])

# Periods that ended this many years before publication are history, not statistics the reader tracks.
HISTORICAL_YEARS = 15
# A text published up to this month that says 全年 (the whole year) reports on the year before.
BULLETIN_MONTHS = 6
REVIEW_MONTHS = 3  # 五年来 written in January to March (work reports, reviews of a plan) ends with the year before

_YEAR_BEFORE_RE = re.compile(rf"(?:({_YEAR})\s*年|([今本去上])年)\s*$")
_BASE_BEFORE_RE = re.compile(r"(?:较|比|由|从|相比|相较|同)\s*$")
# 是2020年的两倍多 / 相当于上年的1.5倍: the year is the base of the multiple
_MULTIPLE_OF_BEFORE_RE = re.compile(r"(?:是|为|相当于|达到)\s*$")
_MULTIPLE_OF_AFTER_RE = re.compile(r"(?:末|底)?的\s*[0-9０-９.．一二两三四五六七八九十百]{1,6}(?:多|余)?倍")
_BASE_AFTER_RE = re.compile(r"\s*(?:末|底)?(?:相比|比较|相较)")
_ORIGIN_BEFORE_RE = re.compile(r"(?:由|从)\s*$")
_TO_BEFORE_RE = re.compile(r"(?:到|至|截至|截止到|截止)\s*$")
_LIST_JOINERS = ("、", "和", "及", "与", "、和")
_CLAUSE_START_CHARS = "，。；！？,;!?：:\n 　、（("


@dataclass(frozen=True, slots=True)
class Marker:
    start: int
    end: int
    label: str
    pstart: date
    pend: date
    span: bool  # a multi-year period (期间, 2016—2020年) rather than one year or part of one
    base: bool  # written after 较/比/由/从: a comparison base, not the period of what follows
    to: bool  # written after 到/至: the horizon of a target
    fyp_name: bool  # a bare plan name (“十四五”) usable as a period only at a clause start
    origin: bool = False  # written after 由/从: the starting point of a change ("由X增至Y")
    floating: bool = False  # 全年/年末 without a year: the year is a guess from the publication date
    present: bool = False  # 如今/目前: the state when the text was written, an achieved fact

    @property
    def year(self) -> int:
        return self.pend.year


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year_value(text: str) -> int:
    if text[0].isdigit():
        return int(text)
    return int(parse_chinese(text))


def _month(text: str) -> int:
    return int(text) if text.isdigit() else int(parse_chinese(text))


_EARLY_PLANS = {1: 1953, 2: 1958, 3: 1966, 4: 1971, 5: 1976}  # before 1981 the plans were not back to back


def fyp_span(n_text: str) -> tuple[int, int]:
    """十三五 → (2016, 2020): the Nth five-year plan; from the sixth on it runs from 1981 + 5(N−6)."""
    n = int(parse_chinese(n_text[:-1]))  # strip the trailing 五
    first = _EARLY_PLANS.get(n, 1981 + 5 * (n - 6))
    return first, first + 4


def plan_span_ending(year: int) -> tuple[int, int] | None:
    """The five-year plan that ends in year (2025 → 2021–2025), or None if no plan ends then."""
    if year >= 1985 and year % 5 == 0:
        return year - 4, year
    return None


def _part(year: int, part: str | None, published: date) -> tuple[date, date]:
    if not part or part in ("全年",):
        return date(year, 1, 1), date(year, 12, 31)
    if part in ("末", "底", "年末", "年底"):
        # a stock at the end of a year is that year's, as “十三五”末 is 2020's: one grain to compare with
        return date(year, 1, 1), date(year, 12, 31)
    if part in ("初", "年初"):
        return date(year, 1, 1), date(year, 3, 31)
    if part in ("初以来", "年初以来"):
        # since the start of that year: the year to date while it runs, the whole year once it is over (2016年年初以来
        # in January 2017), not the years up to the publication as for 2016年以来
        if published.year == year:
            return date(year, 1, 1), _end_of_month(year, published.month)
        return date(year, 1, 1), date(year, 12, 31)
    if part == "以来":
        # since the start of the year until the text was written: the year to date (1—N月, N the month of
        # publication) in the year of publication, else the years up to the publication year
        if published.year == year:
            return date(year, 1, 1), _end_of_month(year, published.month)
        return date(year, 1, 1), date(max(year, published.year), 12, 31)
    if part == "上半年":
        return date(year, 1, 1), date(year, 6, 30)
    if part == "下半年":
        return date(year, 7, 1), date(year, 12, 31)
    if part == "前三季度":
        return date(year, 1, 1), date(year, 9, 30)
    q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}[part.lstrip("第")[0]]
    return date(year, 3 * q - 2, 1), _end_of_month(year, 3 * q)


def scan_markers(text: str, published: date, lo: int = 0, hi: int | None = None) -> list[Marker]:
    hi = len(text) if hi is None else hi
    out: list[Marker] = []
    for m in MARKER_RE.finditer(text, lo, hi):
        marker = _marker(text, m, published)
        if marker is not None:
            if marker.base and _ORIGIN_BEFORE_RE.search(text[max(0, m.start() - 3) : m.start()]):
                marker = replace(marker, origin=True)
            elif out and out[-1].base and text[out[-1].end : marker.start] in _LIST_JOINERS:
                marker = replace(marker, base=True)  # 较4月、5月分别提升: every member of a listed base is one
            out.append(marker)
    return out


def _marker(text: str, m: re.Match, published: date) -> Marker | None:
    before = text[max(0, m.start() - 4) : m.start()]
    base = bool(_BASE_BEFORE_RE.search(before)) or bool(
        _MULTIPLE_OF_BEFORE_RE.search(before) and _MULTIPLE_OF_AFTER_RE.match(text, m.end())
    )
    to = bool(_TO_BEFORE_RE.search(before))
    if _BASE_AFTER_RE.match(text, m.end()):
        base = True  # 与2020年相比 / 同上年相比: the base of a comparison
    label = re.sub('[“”"]', "", m.group(0))
    if m.group("yrange"):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if not y1 < y2 <= y1 + 30:
            return None
        return Marker(m.start(), m.end(), label, date(y1, 1, 1), date(y2, 12, 31), True, base, to, False)
    if m.group("fyp"):
        part = m.group("fyp_part")
        quoted = m.group(0)[:1] in '“"'
        if (m.group("fyp_n") == "十五" and not (quoted or part)) or before.endswith(("分之", "第", "百", "千")):
            return None  # 百分之十五, 十五个: the number fifteen, not the tenth plan
        first, last = fyp_span(m.group("fyp_n"))
        if part in ("末", "期末"):
            return Marker(m.start(), m.end(), label, date(last, 1, 1), date(last, 12, 31), False, base, to, False)
        if part in ("初", "初期"):
            return Marker(m.start(), m.end(), label, date(first, 1, 1), date(first, 12, 31), False, base, to, False)
        if part == "以来":
            # “十三五”以来 written inside the plan period: the plan period (still open); written after it: from
            # the plan's start up to the publication year
            end = date(max(last, published.year), 12, 31)
            return Marker(m.start(), m.end(), label, date(first, 1, 1), end, True, base, to, False)
        bare = part is None
        after = text[m.end() : m.end() + 2]
        if last < published.year - HISTORICAL_YEARS:
            bare = False  # “一五”计划: a plan that long past dates what follows whatever the wording
        elif bare and after.startswith(("规划", "计划", "发展规划", "制造业", "时")):
            return None  # 十四五规划 is a document name
        return Marker(m.start(), m.end(), label, date(first, 1, 1), date(last, 12, 31), True, base, to, bare)
    if m.group("year"):
        year = _year_value(m.group("y"))
        if not 1949 <= year <= 2100:
            return None
        if m.group("ym1"):
            m1, m2 = _month(m.group("ym1")), _month(m.group("ym2"))
            if not 1 <= m1 < m2 <= 12:
                return None
            return Marker(m.start(), m.end(), label, date(year, m1, 1), _end_of_month(year, m2), False, base, to, False)
        ps, pe = _part(year, m.group("y_part"), published)
        return Marker(m.start(), m.end(), label, ps, pe, False, base, to, False)
    if m.group("rel"):
        offset = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}[m.group("rel_w")]
        year = published.year + offset
        if m.group("rm1"):
            m1, m2 = _month(m.group("rm1")), _month(m.group("rm2"))
            if not 1 <= m1 < m2 <= 12:
                return None
            return Marker(m.start(), m.end(), label, date(year, m1, 1), _end_of_month(year, m2), False, base, to, False)
        if m.group("rel_w") == "上年" and not m.group("rel_part"):
            base = True  # 比上年增长: the comparison base
        ps, pe = _part(year, m.group("rel_part"), published)
        return Marker(m.start(), m.end(), label, ps, pe, False, base, to, False)
    if m.group("months") or m.group("fused"):
        m1, m2 = (1, int(m.group("fz"))) if m.group("fused") else (_month(m.group("m1")), _month(m.group("m2")))
        if not 1 <= m1 < m2 <= 12:
            return None
        year = published.year
        if _end_of_month(year, m2) > published:  # 1—11月 in a March bulletin: last year's (see _unended)
            return _unended(m, label, date(year - 1, m1, 1), _end_of_month(year - 1, m2), base, to)
        return Marker(m.start(), m.end(), label, date(year, m1, 1), _end_of_month(year, m2), False, base, to, False)
    if m.group("half"):
        ps, pe = _part(published.year, m.group("half"), published)
        if pe > published:
            return _unended(m, label, ps.replace(year=ps.year - 1), pe.replace(year=pe.year - 1), base, to)
        return Marker(m.start(), m.end(), label, ps, pe, False, base, to, False)
    if m.group("firstmonths"):
        # 前10个月 = 1—10月, of the year written just before it (2024年前10个月, 去年前两个月) or the latest one
        month = _month(m.group("fm"))
        if not 1 <= month <= 12:
            return None
        year = published.year if date(published.year, month, 1) <= published else published.year - 1
        if y := _YEAR_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):
            year = _year_value(y.group(1)) if y.group(1) else published.year + (-1 if y.group(2) in "去上" else 0)
        return Marker(m.start(), m.end(), label, date(year, 1, 1), _end_of_month(year, month), False, base, to, False)
    if m.group("now"):
        # 如今/目前: as of publication, the year to date through the month of publication (read open, see
        # timing); `present` keeps it an achieved fact
        ps, pe = date(published.year, 1, 1), _end_of_month(published.year, published.month)
        return Marker(m.start(), m.end(), label, ps, pe, False, base, to, False, present=True)
    if m.group("years"):
        n = _month(m.group("yn") or m.group("yn2") or m.group("ago"))
        last = published.year - 1  # the last full year before the text
        if not 1 <= n <= 30:
            return None
        if m.group("ago"):
            return Marker(
                m.start(), m.end(), label, date(last - n, 1, 1), date(last - n, 12, 31), False, base, to, False
            )
        if n == 1:  # 一年来, 过去一年: the year just reported on, not a span
            return Marker(m.start(), m.end(), label, date(last, 1, 1), date(last, 12, 31), False, base, to, False)
        if label.endswith("年来"):  # 五年来: from N years back up to now (read to date in timing)
            # …written in the first months of a year, it reviews the years up to the one just ended (五年来 in a
            # February report on “十四五”: 2021—2025)
            end = last if published.month <= REVIEW_MONTHS else last + 1
            return Marker(m.start(), m.end(), label, date(last - n + 1, 1, 1), date(end, 12, 31), True, base, to, False)
        return Marker(m.start(), m.end(), label, date(last - n + 1, 1, 1), date(last, 12, 31), True, base, to, False)
    if m.group("month"):
        month = int(m.group("mon"))
        if not 1 <= month <= 12:
            return None
        year = published.year if date(published.year, month, 1) <= published else published.year - 1
        if y := _YEAR_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):  # 2024年8月, 去年8月
            year = _year_value(y.group(1)) if y.group(1) else published.year + (-1 if y.group(2) in "去上" else 0)
        return Marker(
            m.start(), m.end(), label, date(year, month, 1), _end_of_month(year, month), False, base, to, False
        )
    if m.group("bareyear"):
        year = published.year - 1 if published.month <= BULLETIN_MONTHS else published.year
        ps, pe = _part(year, label if label != "全年" else None, published)
        return Marker(m.start(), m.end(), label, ps, pe, False, base, to, False, floating=True)
    if m.group("monthend"):
        month = _month(m.group("mo") or m.group("mo2"))
        if not 1 <= month <= 12:
            return None
        end = _end_of_month(published.year, month)
        if y := _YEAR_BEFORE_RE.search(text, max(0, m.start() - 6), m.start()):  # 2021年10月末, 去年6月底
            year = _year_value(y.group(1)) if y.group(1) else published.year + (-1 if y.group(2) in "去上" else 0)
            end = _end_of_month(year, month)
        elif end > published and (m.group("mo2") or text[max(0, m.start() - 2) : m.start()] in ("截至", "截止")):
            end = _end_of_month(published.year - 1, month)  # 截至6月底 / 10月末 in March is last year's
        return Marker(m.start(), m.end(), label, end, end, False, base, to, False)
    return None


def _unended(m: re.Match, label: str, pstart: date, pend: date, base: bool, to: bool) -> Marker:
    """A part of a year named without its year (一季度, 前三季度, 1—11月) that has not ended at publication: a
    report of it is of last year's; floating, so a target (预计前三季度…) moves back to this year."""
    return Marker(m.start(), m.end(), label, pstart, pend, False, base, to, False, floating=True)


def at_clause_start(text: str, marker: Marker) -> bool:
    """A bare plan name counts as a period only where a time phrase stands: at a clause start or after 由/较."""
    i = marker.start - 1
    while i >= 0 and text[i] in " \u3000":
        i -= 1
    return i < 0 or text[i] in _CLAUSE_START_CHARS or marker.base or marker.to


# 一季度和二季度同比分别增长6.5%和6.3%: periods listed before 分别, with no figure between
_RESPECTIVELY_RE = re.compile(r"[^，。；,;！？!?0-9]{0,16}?(?:[，,][^，。；,;！？!?0-9]{0,16}?)?分别")
# 同期…分别为: the periods of the list before, again
_SAME_PERIODS_RE = re.compile(r"(?:(?<=[\s，。；,;：:\-])|^)同期[\s，,]*(?=[^，。；,;！？!?]{0,16}?分别)")
_RANGE_JOINERS = ("至", "到", "—", "-", "–", "~", "～")
_YEARS_LABEL_RE = re.compile(r"[0-9]{4}\s*(?:年\s*)?[—–\-~～至到]")


@dataclass(frozen=True, slots=True)
class PeriodList:
    end: int  # where the list ends: the figures after it are counted from here
    periods: tuple[Marker, ...]  # the k-th figure after `end` is of the k-th period
    members: tuple[int, ...]  # start offsets of the markers the list is written with


def respective_periods(text: str, markers: list[Marker]) -> list[PeriodList]:
    """Periods listed before 分别 date the figures after them one by one (一季度和二季度同比分别增长6.5%和6.3%;
    2021—2023年分别增长…; 2022年至2024年上半年分别实现…, a range standing for each year in it); 同期…分别 later
    repeats the last list."""
    out: list[PeriodList] = []
    i = 0
    while i < len(markers):
        j = i
        while (
            j + 1 < len(markers)
            and not markers[j + 1].base
            and text[markers[j].end : markers[j + 1].start].strip() in _LIST_JOINERS + _RANGE_JOINERS
        ):
            j += 1
        group = markers[i : j + 1]
        if not group[0].base and _RESPECTIVELY_RE.match(text, group[-1].end):
            periods = _listed_periods(text, group)
            if len(periods) > 1:
                out.append(PeriodList(group[-1].end, tuple(periods), tuple(mk.start for mk in group)))
        i = j + 1
    if out and "同期" in text:
        for m in _SAME_PERIODS_RE.finditer(text, out[0].end):
            last = next(pl for pl in reversed(out) if pl.end <= m.start())
            out.append(PeriodList(m.end(), last.periods, ()))
        out.sort(key=lambda pl: pl.end)
    return out


def _listed_periods(text: str, group: list[Marker]) -> list[Marker]:
    if len(group) == 1:
        mk = group[0]  # 2021—2023年: each of the years
        if mk.span and _YEARS_LABEL_RE.match(mk.label):
            return [_whole_year(mk, y) for y in range(mk.pstart.year, mk.pend.year + 1)]
        return []
    first, last = group[0], group[-1]
    ranged = len(group) == 2 and text[first.end : last.start].strip() in _RANGE_JOINERS
    if ranged and first.pstart.year == first.pend.year and first.pend.year < last.pstart.year:
        return [_whole_year(first, y) for y in range(first.pstart.year, last.pstart.year)] + [last]
    return [] if ranged else group


def _whole_year(mk: Marker, year: int) -> Marker:
    return replace(mk, pstart=date(year, 1, 1), pend=date(year, 12, 31), label=f"{year}年", span=False, to=False)
