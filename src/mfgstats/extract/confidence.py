"""How far a fact can be trusted without a reader's check: its confidence and the reasons that lowered it.

A fact starts at BASE; every form that the real-release corpus shows to be less reliable (bench/calibrate.py, the
table in docs/extraction.md) takes its PENALTY off, and names itself in `confidence_reason`. Facts below
REVIEW_THRESHOLD go to the review queue (`mfgstats review`) with those reasons.

Reasons come from two places: what only the rules know while they read a quantity (`quantity_reasons`: a unit
guessed, a period carried from another sentence …) and what the finished fact shows (`settle`: a table cell, a
figure in parentheses, another place's figure …).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from mfgstats.extract.scanner import Quantity
from mfgstats.extract.subjects import About
from mfgstats.extract.timing import TimeContext, Timing
from mfgstats.records import REVIEW_THRESHOLD, Fact

__all__ = ["REVIEW_THRESHOLD", "period_source", "quantity_reasons", "score", "settle"]

BASE = 0.97
FLOOR = 0.05
SEPARATOR = "; "

APPROXIMATE = "approximate figure"
BOUND = "a bound, not a figure"
UNIT_GUESSED = "unit guessed"
CHINESE_NUMERAL = "number in Chinese numerals"
SCALE_WORD = "round scale word"
NO_SUBJECT = "no subject"
SUBJECT_CARRIED = "subject carried from the figure before"
PERIOD_EARLIER_SENTENCE = "period from an earlier sentence"
PERIOD_EARLIER_PARAGRAPH = "period from an earlier paragraph or heading"
PERIOD_TITLE = "period from the title"
PERIOD_UNWRITTEN = "no period written: the publication's year"
PERIOD_LATER = "period written after the figure in its sentence"
TO_DATE = "period still running: read to date"
TARGET_PERIOD_CARRIED = "a target dated from another sentence"
SPAN_CARRIED = "a span of years from another sentence"
ONE_DAY = "dated to one day"
TITLE_YEAR_DIFFERS = "a year the text does not write, other than the title's"
DOUBLING_WORD = "a multiple in words (翻番)"
SHARE_OVER_100 = "a share above 100 %"
TABLE_CELL = "table cell"
RATIO_TERM = "term of a ratio"
IN_PARENTHESES = "figure in parentheses"
OTHER_PLACE = "another place's figure"
RANK = "rank"
LONG_SUBJECT = "long subject phrase"
LONG_SENTENCE = "long sentence"
PER_YEAR = "a figure per year (年均, 平均, 每年): which years it covers"
MONTH_BESIDE_CUMULATIVE = "a month beside a cumulative figure (当月, 本月, 累计)"
TARGET_HORIZON = "a target up to a horizon year (到2027年): that year or the years up to it"
MONTH_CARRIED = "a period carried past a month named beside the year to date (1-11月…。11月当月…。)"

# What each form costs. Set so that a band of confidence is right about that often on the real corpus
# (bench/calibrate.py prints each reason's share right): mild forms right 93–96 % of the time take a few
# hundredths, forms right 65–85 % a tenth to a quarter, forms right less than half the time more than a third.
PENALTY: dict[str, float] = {
    APPROXIMATE: 0.2,
    BOUND: 0.2,
    UNIT_GUESSED: 0.5,
    CHINESE_NUMERAL: 0.6,
    SCALE_WORD: 0.6,
    NO_SUBJECT: 0.05,  # right as often as any, but no series can hold it
    SUBJECT_CARRIED: 0.02,
    PERIOD_EARLIER_SENTENCE: 0.03,
    PERIOD_EARLIER_PARAGRAPH: 0.12,
    PERIOD_TITLE: 0.12,  # as far from the figure as a heading
    PERIOD_UNWRITTEN: 0.6,
    PERIOD_LATER: 0.2,  # 对1000余家企业跟踪显示，2021年1至9月…: one text in the corpus, right there
    TO_DATE: 0.2,
    TARGET_PERIOD_CARRIED: 0.4,  # a plan's items have horizons of their own (每年, 3年, 到2027年)
    SPAN_CARRIED: 0.4,
    ONE_DAY: 0.4,
    # 全年 read as the year before publication in a 2015 bulletin posted in 2023: two datings disagree
    TITLE_YEAR_DIFFERS: 0.4,  # 目前 / 截至…: as of which day, or the year so far, is where readers disagree
    DOUBLING_WORD: 0.6,  # 翻番 says neither the base nor the span
    SHARE_OVER_100: 0.6,  # no share exceeds the whole: an index (价格指数为101.2%) or a ratio read as one
    TABLE_CELL: 0.05,
    RATIO_TERM: 0.05,
    IN_PARENTHESES: 0.4,
    OTHER_PLACE: 0.5,
    RANK: 0.25,  # whose rank, among which places, is often left to the reader
    LONG_SUBJECT: 0.03,
    LONG_SENTENCE: 0.03,  # a page without sentence punctuation: the rules read a window
    # Forms whose period the blind sets got wrong far more often than the sets the rules were tuned on, where they
    # are right now (the held-out sets when first scored: 55 %, 80 % and 62 % right at or above 0.9)
    PER_YEAR: 0.1,
    MONTH_BESIDE_CUMULATIVE: 0.1,
    TARGET_HORIZON: 0.1,
    # the sentences after 1-11月…。其中，11月当月…。: all 8 wrong on holdout3 while it was blind (the month carried)
    MONTH_CARRIED: 0.1,
}

LONG_SUBJECT_CHARS = 14
LONG_SENTENCE_CHARS = 160
_OPEN_BEFORE_RE = re.compile(r"[（(][^（()）]{0,8}$")
_CLOSE_AFTER_RE = re.compile(r"\s*[)）]")
_DIGIT_RE = re.compile(r"[0-9]")
_CLAUSE_STOP_RE = re.compile(r"[，,；;：:]")
_PER_YEAR_RE = re.compile(r"年均|平均|每年")
_MONTH_WORD_RE = re.compile(r"当月|本月|单月|累计")  # (words opening with a character: searched for as such)
_HORIZON_RE = re.compile(r"[到至]\s*(?:19|20)[0-9]{2}\s*年")
_HORIZON_MEASURES = frozenset({"level", "change", "growth"})
_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}|十[一二三四五六]五")  # a year or a plan the label writes


def score(reasons: Iterable[str]) -> float:
    """BASE less the penalty of every reason, two decimals, never below FLOOR."""
    return round(max(BASE - sum(PENALTY[r] for r in reasons), FLOOR), 2)


def quantity_reasons(
    text: str, q: Quantity, about: About, timing: Timing, period: str | None, title_year: int | None = None
) -> str:
    """What the rules knew while they read the quantity of text[q.start:q.end], SEPARATOR-joined as the fact
    carries it until `settle`. period: None when the figure's sentence names its period, else where it came
    from (`period_source`); title_year: the past year the document's title names, if any."""
    out = []
    if q.comparator == "~":
        out.append(APPROXIMATE)
    elif q.comparator not in ("=", "range"):
        out.append(BOUND)
    if q.inferred_unit:
        out.append(UNIT_GUESSED)
    if q.chinese:
        out.append(CHINESE_NUMERAL)
    if q.bare_magnitude:
        out.append(SCALE_WORD)
    if q.kind == "multiple" and not _DIGIT_RE.search(text, q.start, q.end):
        out.append(DOUBLING_WORD)
    if not about.subject:
        out.append(NO_SUBJECT)
    elif about.inherited:
        out.append(SUBJECT_CARRIED)
    if period:
        out.append(period)
        if timing.status == "target":
            out.append(TARGET_PERIOD_CARRIED)
        if timing.start.year != timing.end.year:
            out.append(SPAN_CARRIED)
    if timing.open:
        out.append(TO_DATE)
    if (
        title_year is not None
        and timing.status == "actual"
        and not timing.start.year <= title_year <= timing.end.year
        and not _YEAR_RE.search(timing.label)
    ):
        out.append(TITLE_YEAR_DIFFERS)
    return SEPARATOR.join(out)


def period_source(
    times: TimeContext, sentence_start: int, paragraph_start: int, clause_end: int = -1, sentence_end: int = -1
) -> str:
    """Where the period of a figure whose sentence names none before it came from: the nearest period written
    before it, else the title's, else the one opening the clause after the figure's (clause_end…sentence_end),
    else none (the publication's year)."""
    i = bisect.bisect_left(times.starts, sentence_start)
    if i == 0:
        if times.title_marker is not None:
            return PERIOD_TITLE
        return PERIOD_LATER if times.opening_next_clause(clause_end, sentence_end) else PERIOD_UNWRITTEN
    if times.starts[i - 1] < paragraph_start:
        return PERIOD_EARLIER_PARAGRAPH
    if times.month_beside_year_to_date(sentence_start, paragraph_start):
        return PERIOD_EARLIER_SENTENCE + SEPARATOR + MONTH_CARRIED
    return PERIOD_EARLIER_SENTENCE


def settle(text: str, region: str, facts: list[Fact]) -> None:
    """Add what each finished fact shows to its reasons, then set its confidence from them, in place.
    text: the document's text; region: the document's region."""
    for fact in facts:
        reasons = fact.confidence_reason.split(SEPARATOR) if fact.confidence_reason else []
        if fact.origin == "table":
            reasons.append(TABLE_CELL)
        elif _CLOSE_AFTER_RE.match(text, fact.end) and _OPEN_BEFORE_RE.search(text, max(0, fact.start - 9), fact.start):
            reasons.append(IN_PARENTHESES)
        if fact.region and fact.region != region:
            reasons.append(OTHER_PLACE)
        if fact.measure == "rank":
            reasons.append(RANK)
        elif fact.measure == "share" and fact.unit == "%" and fact.value > 100:
            reasons.append(SHARE_OVER_100)
        if fact.period_start is not None and fact.period_start == fact.period_end:
            reasons.append(ONE_DAY)
        reasons.extend(_period_forms(fact))
        if fact.subject and len(fact.subject) > LONG_SUBJECT_CHARS:
            reasons.append(LONG_SUBJECT)
        if len(fact.sentence) > LONG_SENTENCE_CHARS:
            reasons.append(LONG_SENTENCE)
        fact.confidence = score(reasons)
        fact.confidence_reason = SEPARATOR.join(reasons) or None


def _period_forms(fact: Fact) -> list[str]:
    """Forms whose period is often read wrong in texts the rules were not written on: a figure per year (over
    which years?), a month's figure in a sentence that also gives a cumulative one (which is which?), a target
    up to a horizon year (that year, or the years up to it?)."""
    out = []
    sentence = fact.sentence
    offset = fact.start - fact.sentence_start
    if "均" in sentence or "每年" in sentence:  # 年均, 平均, 每年: most sentences hold none
        stops = [m.end() for m in _CLAUSE_STOP_RE.finditer(sentence, 0, max(0, offset))]
        if _PER_YEAR_RE.search(sentence, stops[-1] if stops else 0, max(0, offset)):
            out.append(PER_YEAR)
    start, end = fact.period_start, fact.period_end
    if (
        start is not None
        and end is not None
        and start.year == end.year
        and (start.month, end.month, end.day) != (1, 12, 31)
        and _MONTH_WORD_RE.search(sentence)
    ):
        out.append(MONTH_BESIDE_CUMULATIVE)
    if fact.status == "target" and fact.measure in _HORIZON_MEASURES and _HORIZON_RE.search(sentence):
        out.append(TARGET_HORIZON)
    return out
