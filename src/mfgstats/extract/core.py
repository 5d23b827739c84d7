"""extract(document) → grounded facts: scan quantities, then give each one its meaning, period, subject and scope."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date
from typing import Any

from mfgstats.extract import units
from mfgstats.extract.compared import other_places
from mfgstats.extract.confidence import RATIO_TERM, period_source, quantity_reasons, settle
from mfgstats.extract.enumerations import distribute, scale_classes
from mfgstats.extract.meaning import Meaning, classify, gap_of_an_earlier_rate, parallel_to
from mfgstats.extract.periods import BULLETIN_MONTHS, HISTORICAL_YEARS, scan_markers
from mfgstats.extract.ratios import ratio_parts
from mfgstats.extract.scanner import RANK_MEMBER_RE, Quantity, resolve_bare, scan
from mfgstats.extract.segment import MAX_SENTENCE, Layout
from mfgstats.extract.subjects import About, counted_noun_follows, describe, head_of, industry_in, ranked, topic_of
from mfgstats.extract.tables import stacked_values, table_values
from mfgstats.extract.timing import TimeContext
from mfgstats.extract.view import quiet, reading_view
from mfgstats.records import Document, Fact

_COUNT_UNITS = frozenset(u for u in units.COUNT_CLASSIFIERS)
# units whose quantity may be written before the noun it measures: 7家整车企业, 1000万吨原油加工, 50GWh电池生产线
_NOUN_AFTER_FAMILIES = frozenset({"count", "mass", "energy", "power", "tce"})
# of these, the ones that state a production capacity when a product follows (百万吨乙烯 → 乙烯产能)
_CAPACITY_FAMILIES = frozenset({"mass", "energy", "power"})
_TITLE_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff”」])[ \u3000]+(?=[\u4e00-\u9fff“「])")
_ENUM_GAP_RE = re.compile(r"\s*(?:、|和|及|与)\s*")
_SHARE_BEFORE_RE = re.compile(r"占|比重|占比")  # 增长9.4%，占35.2%: the share says what it is
# a capacity written into a project's name after its owner (金马能源年产1亿立方米液化天然气及配套工程, 聚鑫公司年处理
# 30万吨废旧蓄电池拆解、…等项目) names the project, no output of the place; after a verb of planning or building
# earlier in its clause (谋划引进洛阳石化年产20万吨…等项目) it is what is planned or built
_CAPACITY_VERB_RE = re.compile(r"年(?:产|处理|加工|生产|回收|拆解|利用)\s*$")
_PLANNED_RE = re.compile(r"引进|谋划|建设|新建|实施|布局|推进|招引|签约|落地|打造|上马|开工|投产|建成")
_CLAUSE_MARK_RE = re.compile(r"[，。；,;：:\n]")
_PROJECT_NAMED_RE = re.compile(r"[^，。；,;：:\n]{1,60}?(?:项目|工程)")
# who took part in a meeting (…等11个部门在…召开了…例会, 7家企业参加了会议, 6家参会企业) and the parts of a document
# (四个部分19项内容) are counted to describe an event or a text, not the place
_AT_A_MEETING_RE = re.compile(
    r"[^，。；,;！？\n]{0,40}?(?:(?:召开|参加|出席|列席)[^，。；,;！？\n]{0,20}?会|参会|与会)"
)
# …but cities that each held their own (已有…14市召开市两会) are counted as progress of the province
_OWN_MEETING_RE = re.compile(r"\s*(?:已|均|都|先后|相继)?召开")
_PARTS_OF_A_TEXT_RE = re.compile(r"\x1f*(?:部\x1f*分|内\x1f*容)")  # (pinyin blanked between)
_AMONG_RE = re.compile(r"\s*其中\s*[，,：:]")
_OPENING_RE = re.compile(r"\s*([^，。；：,;:\n]{0,60})")  # a text's first clause (2015年，面对…)


def extract(document: Document, catalog: Any = None) -> list[Fact]:
    """Every statistic in the document as a Fact whose text is document.text[start:end].

    The rules read ingestion's matching view of the text (simplified characters, folded widths, same length), so a
    traditional or full-width document reads like any other; the facts quote the original characters."""
    view = quiet(reading_view(document.text))
    if len(view) != len(document.text):  # the view promises equal length; never risk wrong offsets
        view = document.text
    facts = _extract(replace(document, text=view), catalog)
    if view is not document.text:
        original = document.text
        for fact in facts:
            fact.text = original[fact.start : fact.end]
            fact.sentence = original[fact.sentence_start : fact.sentence_start + len(fact.sentence)]
    return facts


def _extract(document: Document, catalog: Any) -> list[Fact]:
    text = document.text
    layout = Layout(text)
    times = TimeContext(text, layout, _written(document), document.title)
    facts: list[Fact] = []
    table_rows: list[tuple[int, int]] = []
    said_yoy = False
    for index, para in enumerate(layout.paragraphs):
        if para.is_table:
            table_rows.append((para.start, para.end))
            continue
        if table_rows:
            facts.extend(_table_facts(document, times, table_rows))
            table_rows = []
        found = resolve_bare(text, scan(text, para.start, para.end))
        if found:  # most paragraphs of a release (headings, lines of prose) state no quantity
            prose = _prose_facts(document, layout, times, index, found, said_yoy)
            said_yoy = said_yoy or any(f.basis == "yoy" and f.status == "actual" for f in prose)
            distribute(layout, prose)
            other_places(text, prose)
            facts.extend(scale_classes(layout, prose))
        facts.extend(_ratio_facts(document, layout, times, para))
    if table_rows:
        facts.extend(_table_facts(document, times, table_rows))
    facts.extend(_stacked_facts(document, times))
    if catalog is not None:
        from mfgstats.extract.linking import link_all

        link_all(document, facts, catalog, layout)
    settle(text, document.region, facts)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


def _named_capacity(text: str, start: int, end: int) -> bool:
    """A capacity in a project's name after its owner, with no verb of planning or building before it in its clause."""
    if not (_CAPACITY_VERB_RE.search(text, max(0, start - 4), start) and _PROJECT_NAMED_RE.match(text, end)):
        return False
    head = text[max(0, start - 40) : start]
    head = head[max((m.end() for m in _CLAUSE_MARK_RE.finditer(head)), default=0) :]
    return not _PLANNED_RE.search(head)


def _prose_facts(
    document: Document, layout: Layout, times: TimeContext, p_index: int, found: list[Quantity], said_yoy: bool
) -> list[Fact]:
    """said_yoy: an earlier paragraph stated an actual growth rate year on year."""
    yoy_said = said_yoy  # …or an earlier fact of this paragraph is year on year: kept as a flag, not re-scanned
    text = document.text
    para = layout.paragraphs[p_index]
    para_topic = topic_of(text[para.sentences[0][0] : para.sentences[0][1]]) if para.level else None
    out: list[Fact] = []
    home = _home_names(document.region)
    previous: About | None = None
    previous_sentence = -1
    previous_end = -1
    previous_para = -1
    enum_direction: str | None = None
    found_prev: Quantity | None = None
    topic_span, sentence, sentence_topic = (-1, -1), "", None
    for q in found:
        if _named_capacity(text, q.start, q.end):
            continue
        if q.unit in _COUNT_UNITS and (
            (_AT_A_MEETING_RE.match(text, q.end) and not (q.unit == "市" and _OWN_MEETING_RE.match(text, q.end)))
            or _PARTS_OF_A_TEXT_RE.match(text, q.end)
        ):
            continue
        s_start, s_end, p = layout.sentence_at(q.num_start)
        c_start, c_end = layout.clause_bounds(q.num_start, s_start, s_end)
        if q.kind == "digits" and any(o.unit in _COUNT_UNITS and c_start <= o.start < q.start for o in found):
            continue  # 10条产业链产值实现两位数增长: the rate sorts the chains counted, it is no one's growth
        if layout.paragraphs[p].is_heading:
            c_start = _title_phrase_start(text, c_start, q.start)
        if s_start != previous_sentence and not (p == previous_para and _AMONG_RE.match(text, s_start)):
            previous = None  # a sentence opening with 其中 details the one before: its parallel clauses go on
        seg_start = max(c_start, previous_end) if previous_end > c_start else c_start
        segment = text[seg_start : q.start]
        clause_before = text[c_start : q.num_start]
        meaning = classify(q.unit, q.kind, clause_before, q.value, text[q.end : q.end + 7])
        if c_start > s_start and q.value >= 0:
            meaning = gap_of_an_earlier_rate(meaning, clause_before, text[s_start:c_start])
            if out and previous_sentence == s_start and out[-1].unit == q.unit:
                meaning = parallel_to(
                    meaning, clause_before, Meaning(out[-1].measure, out[-1].basis, out[-1].direction)
                )
        if (
            out
            and found_prev is not None
            and found_prev.unit == "倍"
            and q.unit == "%"
            and out[-1].direction
            and (_ENUM_GAP_RE.fullmatch(text[found_prev.end : q.start]))
        ):
            # 分别增长36.3倍、62.9%、48.9%: rates listed after a multiple grew as the multiple did
            meaning = Meaning("growth", out[-1].basis, "down" if q.value < 0 else out[-1].direction)
            enum_direction = meaning.direction
        elif out and _same_enumeration(text, found_prev, q):
            # 同比增长60.5%、58%: members of one enumeration share what they measure
            meaning = Meaning(out[-1].measure, out[-1].basis, enum_direction)
            if meaning.direction and q.value < 0:
                meaning.direction = "down"  # 分别增长6.3%、-4.7%和2.1%: the negative member fell, the others rose
        else:
            enum_direction = meaning.direction  # the direction the enumeration's verb gives its members
        # a count written before its noun ("7家整车企业", "2个省级产业集群为骨干") counts that noun
        unit_info = units.lookup(q.unit)
        family = unit_info.family if unit_info else None
        noun_follows = (
            (q.unit in _COUNT_UNITS and "、" in segment)
            or (family in _NOUN_AFTER_FAMILIES and counted_noun_follows(text, q.end))
            or text[q.end - 1 : q.end] == "级"
        )
        about = describe(
            text,
            segment,
            q.end,
            c_end,
            previous,
            noun_follows=noun_follows,
            home=home,
            capacity=family in _CAPACITY_FAMILIES,
            count=family == "count",
        )
        if meaning.measure == "rank":
            about = replace(about, subject=ranked(about.subject))  # not the field it is ranked in
            if (
                out
                and out[-1].measure == "rank"
                and previous_sentence == s_start
                and RANK_MEMBER_RE.fullmatch(text, previous_end, q.start)
            ):
                # 列全省第10位，苏南第2位: a further field's rank of what the first ranked
                about = replace(about, subject=out[-1].subject, inherited=True)
        if about.scope is None and previous is not None and previous.scope and previous_end > c_start:
            # 全省41种主要工业产品中有27种: a scope written once holds for the rest of its clause
            about = replace(about, scope=previous.scope)
        if (
            about.inherited
            and out
            and out[-1].unit == q.unit
            and meaning.measure in ("level", "share")
            and not _SHARE_BEFORE_RE.search(segment)
        ):
            meaning = Meaning(out[-1].measure, out[-1].basis, out[-1].direction)
            if q.value < 0 and meaning.direction:
                meaning.direction = "down"
        timing = times.resolve(q.num_start, meaning.measure, (s_start, s_end, p, c_start, c_end))
        if (
            meaning.measure == "growth"
            and meaning.basis is None
            and timing.status == "actual"
            and timing.start.year == timing.end.year
            and yoy_said
        ):
            # 比上年增长4.8%。其中，第一产业增加值…增长2.6%: a report says 比上年/同比 once and means it throughout
            # (not a target: a plan's 增长8% is not year on year; nor a rate over several years)
            meaning.basis = "yoy"
        if timing.end.year < times.published.year - HISTORICAL_YEARS:
            continue  # 早在“一五”时期…8个重点建设的工业城市: history, not a statistic
        if s_end - s_start > MAX_SENTENCE:  # no punctuation for pages: keep a window around the number
            s_start = max(s_start, q.start - MAX_SENTENCE // 2)
            s_end = min(s_end, max(q.end, s_start + MAX_SENTENCE))
        if (s_start, s_end) != topic_span:  # the industry a sentence opens with: once per sentence
            sentence = text[s_start:s_end]
            topic_span, sentence_topic = (s_start, s_end), topic_of(sentence)
        out.append(
            _new_fact(
                document,
                q.start,
                q.end,
                q.value,
                q.unit,
                (s_start, s_end),
                comparator=q.comparator,
                value_high=q.value_high,
                measure=meaning.measure,
                basis=meaning.basis,
                direction=meaning.direction,
                status=timing.status,
                period_start=timing.start,
                period_end=timing.end,
                period_label=timing.label,
                period_open=timing.open,
                region=about.scope or document.region,
                subject=about.subject or (head_of(sentence, home) if meaning.measure == "rank" else None),
                chain=sentence_topic or industry_in(about.subject) or para_topic,
                confidence_reason=quantity_reasons(
                    text,
                    q,
                    about,
                    timing,
                    None
                    if timing.explicit
                    else period_source(times, s_start, layout.paragraphs[p].start, c_end, s_end),
                    times.title_marker.pend.year if times.title_marker else None,
                ),
            )
        )
        yoy_said = yoy_said or meaning.basis == "yoy"
        previous = about
        previous_sentence = s_start
        previous_para = p
        previous_end = q.end
        found_prev = q
    return out


def _ratio_facts(document: Document, layout: Layout, times: TimeContext, para) -> list[Fact]:
    """三次产业结构为9.3∶45.3∶45.4: one share per part; 城乡收入比2.05:1: a multiple (see `ratios`)."""
    out = []
    for part in ratio_parts(document.text, para.start, para.end):
        s_start, s_end, _ = layout.sentence_at(part.start)
        timing = times.resolve(part.ratio_start if part.ratio_start >= 0 else part.start, part.measure)
        whole_year = (timing.start.month, timing.start.day, timing.end.month, timing.end.day) == (1, 1, 12, 31)
        if part.year_before and whole_year and timing.start.year == timing.end.year:
            # 与上年的x:y:z相比: the year before the one the sentence reports on
            y = timing.start.year - 1
            timing = replace(timing, start=date(y, 1, 1), end=date(y, 12, 31), label=f"{y}年")
        out.append(
            _new_fact(
                document,
                part.start,
                part.end,
                part.value,
                part.unit,
                (s_start, s_end),
                measure=part.measure,
                status=timing.status,
                period_start=timing.start,
                period_end=timing.end,
                period_label=timing.label,
                period_open=timing.open,
                region=document.region,
                subject=part.subject,
                confidence_reason=RATIO_TERM,
            )
        )
    return out


def _written(document: Document) -> date:
    """The date a bulletin's relative periods (全年, 年末, 上年) are read from: the publication date, unless the
    title (else the text's opening) names the one year the bulletin reports on and the copy was posted after the
    months such a report comes out in (a mirror years later): then it reads as a copy posted in time would."""
    published = document.published
    opening = _OPENING_RE.match(document.text).group(1)
    for head in (document.title, opening):
        named = [mk for mk in scan_markers(head, published) if not mk.base]
        if not named:
            continue
        years = {(mk.pstart.year, mk.pend.year) for mk in named}
        if len(years) != 1 or named[0].span or (named[0].pstart.month, named[0].pend.month) != (1, 12):
            return published  # several periods, a span or part of a year: not a report on one year
        if document.doc_type != "bulletin" and "公报" not in document.title + opening:
            return published
        year = named[0].pend.year + 1
        return min(published, date(year, BULLETIN_MONTHS, calendar.monthrange(year, BULLETIN_MONTHS)[1]))
    return published


def _title_phrase_start(text: str, lo: int, hi: int) -> int:
    """In a title, a space between two words separates two phrases ("重庆汽车产业“换道”提速 上半年新能源汽车产量
    增长超四成"); the phrase holding the quantity starts after the last one."""
    gaps = list(_TITLE_GAP_RE.finditer(text, lo, hi))
    return gaps[-1].end() if gaps else lo


def _home_names(region: str) -> tuple[str, ...]:
    """洛阳市 → ('洛阳市', '洛阳'): how a text names its own region at the head of a subject."""
    if not region:
        return ()
    short = region[:-1] if len(region) > 2 and region[-1] in "市省县区" else region
    return (region, short) if short != region else (region,)


def _same_enumeration(text: str, prev: Quantity | None, q: Quantity) -> bool:
    if prev is None or prev.unit != q.unit or q.kind != "number" or prev.kind != "number":
        return False
    return _ENUM_GAP_RE.fullmatch(text[prev.end : q.start]) is not None


def _stacked_facts(document: Document, times: TimeContext) -> list[Fact]:
    """Tables a text copy set column by column (labels one per line, then their figures)."""
    if "增" not in document.text:
        return []
    values = stacked_values(document.text, times.published, lambda pos: times.resolve(pos, "level").end.year)
    return [_cell_fact(document, tv, document.region) for tv in values]


def _table_facts(document: Document, times: TimeContext, rows: list[tuple[int, int]]) -> list[Fact]:
    context_year = times.resolve(rows[0][0], "level").end.year  # for columns that name no year
    return [
        # a column of a place (洛阳市) in a table of periods by place owns its cells
        _cell_fact(document, tv, tv.owner or document.region)
        for tv in table_values(document.text, rows, times.published, context_year)
    ]


def _cell_fact(document: Document, tv: Any, region: str | None) -> Fact:
    """The fact of one table cell (a text table's or a stacked table's value), in its row's sentence."""
    return _new_fact(
        document,
        tv.start,
        tv.end,
        tv.value,
        tv.unit,
        (tv.row_start, tv.row_end),
        measure=tv.measure,
        basis=tv.basis,
        direction=tv.direction,
        status=tv.status,
        period_start=tv.period_start,
        period_end=tv.period_end,
        period_label=tv.period_label,
        region=region,
        subject=tv.label,
        chain=industry_in(tv.label),
        origin="table",
    )


def _new_fact(
    document: Document, start: int, end: int, value: float, unit: str, sentence: tuple[int, int], **fields: Any
) -> Fact:
    """A fact quoting text[start:end], normalised by the built-in unit table, with its sentence stripped."""
    text = document.text
    s_start, s_end = sentence
    raw = text[s_start:s_end]
    value_base, base_unit = units.normalise(value, unit)
    high = fields.get("value_high")
    return Fact(
        document_id=document.document_id,
        file=document.file,
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        unit=unit,
        value_base=value_base,
        value_high_base=units.normalise(high, unit)[0] if high is not None else None,
        base_unit=base_unit,
        sentence=raw.strip(),
        sentence_start=s_start + len(raw) - len(raw.lstrip()),
        **fields,
    )
