"""What a quantity measures: level, growth, share, change (百分点), rank or multiple; its basis and direction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mfgstats.extract import units

_GROWTH_NEAR_RE = re.compile(
    r"(?:增长|增速|增幅|下降|降幅|降低|减少|回落|下滑|上升|提高|提升|增加|上涨|下跌|涨幅|跌幅|负增长|增产|减产|增收|减收|"
    r"增|降|缩短|缩小|"
    r"压缩|减|节约|提速|扩大|翻)"
    r"(?:了|为|达到|达|超过|超|约|近|是)?\s*$"
)
# (and a rate named just before: 增幅超7成, 降幅近三成)
_GROWTH_VERB_END_RE = re.compile(
    r"(?:增长|下降|增加|减少|提高|降低|上涨|下跌)(?:了|超过|超|近|约|逾)?$|(?:增幅|增速|涨幅|降幅)(?:为|达|超过|超|近|约|逾)?$"
)
_SHARE_RE = re.compile(r"占|比重|比例|份额|率|强度|占比|贡献|覆盖|指数|水平|渗透|系数")
_DOWN_RE = re.compile(
    r"后移|后退|下降|降低|减少|回落|微落|下滑|降幅|负增长|萎缩|缩小|缩短|压缩|下跌|跌幅|低于|放缓|减缓|趋缓|走低|下行|回调|"
    r"降|减|节约"
)
_UP_RE = re.compile(r"前移|前进|增长|增加|提高|提升|上升|增幅|高于|高出|扩大|上涨|增")
# the size of a fall (降幅, 跌幅) that moves: narrowing it raises the rate (降幅收窄), widening it lowers the rate
_DECLINE_MOVED_RE = re.compile(
    r"(?:降幅|跌幅|下降幅度)[^，。；,;]{0,8}?(缩小|收窄|减小|减少|回落|降低|扩大|加大|加深|增加|提高)了?$"
)
_NARROWED = {"缩小": "up", "收窄": "up", "减小": "up", "减少": "up", "回落": "up", "降低": "up"}
_RATE_NOUN_RE = re.compile(r"增速|增幅|增长率|涨幅")
# a rate's gap that moves with no rate named in its clause (降幅为3.2%，比上月缩小1.1个百分点): the rate is the one an
# earlier clause of the sentence named
_GAP_MOVED_RE = re.compile(r"(缩小|收窄|减小|扩大|加大|加深)了?$")
_GAP_ENDS = ("缩小", "收窄", "减小", "扩大", "加大", "加深", "了")
_RATE_WORD_RE = re.compile(r"降幅|跌幅|下降|负增长|减少|增幅|增速|涨幅|增长率|增长|增加|提高")
_FALL_WORDS = frozenset(("降幅", "跌幅", "下降", "负增长", "减少"))


_SPACE_RE = re.compile(r"\s+")
_YOY_RE = re.compile(r"(?:比|较)(?:上年|去年)(?:同期)?")
# 增加156家 / 减少3个 / 亩产提升10.1斤: an absolute change of a count or amount (not 增长到: the level reached)
_ABSOLUTE_CHANGE_RE = re.compile(r"(?:增加|减少|增长|下降|提升|提高|降低|上升|净增|新增加|多|少)(?:了)?$")


# (with the pace between: 保持了年均5.5%的较快增长速度)
_RATE_AFTER_RE = re.compile(
    r"\s*的(?:较快|快速|高速|较高|稳定|平稳|稳步|中高速)?(增长|增幅|增速|涨幅|降幅|下降|下滑|回落)"
)
# the goal of a growth (经济增长预期目标为5%左右, 增速目标定为6%), or of a flow named alone (GDP目标定在6%左右: output
# is no share of anything, so its goal in % is a rate): the rate aimed at, not a share
_GROWTH_GOAL_RE = re.compile(
    r"(?:增长|增速|增幅|增长率|GDP|生产总值|增加值)(?:的)?(?:预期|主要|年度)?(?:增长)?目标(?:值)?"
    r"(?:为|是|定为|定在|设定为|设定在|确定为)?$"
)
# a clause naming only who, then 为 (…目标为7%以上，周口为7%左右，平顶山、南阳等地为6.5%): the figure measures what the
# sentence's figure before it measured
_WHO_IS_RE = re.compile(r"(?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4}(?:等地|等市|等县|等)?(?<![度率值数量额])为")
_INDEX_RE = re.compile(r"指数(?:为|是|达到|达|约为)?$")
# a verb of change that ends in the value reached: what follows is the new level of the rate, not the change
_REACHED_RE = re.compile(r"(?:至|到)(?:了)?$")


@dataclass(slots=True)
class Meaning:
    measure: str
    basis: str | None
    direction: str | None


def classify(unit: str, kind: str, clause_before: str, value: float, after: str = "") -> Meaning:
    """Measure from the unit and the words just before the number in its clause (after: the text right after it,
    for a rate written before its noun: 实现0.9%的增长)."""
    family = units.lookup(unit).family if units.lookup(unit) else ""
    if " " in clause_before or not clause_before.isprintable():  # (every other space is unprintable)
        clause_before = _SPACE_RE.sub("", clause_before)  # 同比增\n长69%: a line break inside a word
    near = clause_before[-12:]
    if family == "rank" and kind == "number":
        # 较上半年前移2个位次: a move in a ranking, not a rank
        return Meaning("change", _basis(clause_before) or "vs_base", _direction(near, value))
    if kind == "rank" or family == "rank":
        return Meaning("rank", None, None)
    if kind == "multiple" or family == "multiple":
        return Meaning("multiple", _basis(clause_before), "up")
    if family == "pp":
        if value >= 0 and (moved := _DECLINE_MOVED_RE.search(near)):
            # 降幅较7月缩小2.9个百分点: a fall that narrows is a rise of the rate; one that widens a fall of it
            return Meaning("change", _basis(clause_before) or "vs_base", _NARROWED.get(moved.group(1), "down"))
        return Meaning("change", _basis(clause_before) or "vs_base", _direction(near, value))
    if kind == "digits":
        return Meaning("growth", _basis(clause_before), "up")
    if family == "pct":
        if value < 0 and kind == "number":
            # 同比-2.1%, 增速为-1.2%: a share is never negative; a signed rate is a growth that fell
            return Meaning("growth", _basis(clause_before), "down")
        if _GROWTH_NEAR_RE.search(near) and (kind != "share" or _GROWTH_VERB_END_RE.search(near)):
            # 增长超四成: a fraction right after 增长/下降 is a growth rate, not a share
            return Meaning("growth", _basis(clause_before), _direction(near, value))
        # (增长速度在30%以上: the pace of a growth, written out)
        if (
            kind != "share"
            and re.search(r"增速|增幅|降幅|涨幅|增长率|增长速度", near)
            and not re.search(r"占|比重", near)
        ):
            return Meaning("growth", _basis(clause_before), _direction(near, value))
        if kind == "number" and _GROWTH_GOAL_RE.search(near):
            return Meaning("growth", _basis(clause_before), "up")
        if kind == "number" and (rate := _RATE_AFTER_RE.match(after)):
            return Meaning("growth", _basis(clause_before), _direction(rate.group(1), value))
        if kind == "number" and _INDEX_RE.search(near):
            return Meaning("level", None, None)  # 居民消费价格指数为100.8%: an index level, no share of anything
        return Meaning("share", None, None)
    if kind == "number" and _ABSOLUTE_CHANGE_RE.search(near) and "新增" not in near[-3:]:
        return Meaning("change", _basis(clause_before) or "vs_base", _direction(near, value))
    return Meaning("level", None, None)


def parallel_to(meaning: Meaning, clause_before: str, earlier: Meaning | None) -> Meaning:
    """A share in a clause that names only who (周口为7%左右) after a growth rate in the same sentence is that
    growth: the clause repeats the earlier statement for another subject."""
    if earlier is None or meaning.measure != "share" or earlier.measure != "growth":
        return meaning
    if not _WHO_IS_RE.fullmatch(clause_before.strip()) or _SHARE_RE.search(clause_before):
        return meaning
    return Meaning("growth", earlier.basis, earlier.direction)


def gap_of_an_earlier_rate(meaning: Meaning, clause_before: str, earlier: str) -> Meaning:
    """降幅为3.2%，比上月缩小1.1个百分点: a gap narrowing with no rate in its clause is the gap of the rate the
    sentence named before (earlier: the sentence up to the clause); a fall that narrows is a rise of the rate, a
    growth that narrows a fall of it."""
    if meaning.measure != "change" or not clause_before.endswith(_GAP_ENDS):
        return meaning
    moved = _GAP_MOVED_RE.search(clause_before)
    if moved is None or _RATE_WORD_RE.search(clause_before) or "差距" in clause_before:
        return meaning  # (与全省差距缩小: a gap to another place, whose direction is its own)
    words = _RATE_WORD_RE.findall(earlier)
    if not words:
        return meaning
    narrowed = moved.group(1) in ("缩小", "收窄", "减小")
    fell = words[-1] in _FALL_WORDS  # the last rate named before the gap
    return Meaning(meaning.measure, meaning.basis, "up" if narrowed == fell else "down")


def _basis(clause_before: str) -> str | None:
    if "同比" in clause_before or _YOY_RE.search(clause_before):
        return "yoy"
    if "环比" in clause_before:
        return "mom"
    if "年均" in clause_before or "年平均" in clause_before:
        return "cagr"
    if "累计" in clause_before:
        return "cumulative"
    if re.search(r"较|比|高于|低于|高出|低出", clause_before):
        return "vs_base"
    return None


def _direction(near: str, value: float) -> str:
    if value < 0:
        return "down"
    if _REACHED_RE.search(near):
        return "up"  # 增速回落至5.1%: the rate reached, written with its own sign (回落至-1.2% is down above)
    # 低于全省平均增速2.1个百分点: a rate named (增速, 增幅) says nothing of the direction; the verb before it does
    near = _RATE_NOUN_RE.sub("", near)
    # 低于规上工业增加值增速0.2个百分点: 增加值 (value added) names an indicator, it is no rise
    near = near.replace("增加值", "")
    down = [m.end() for m in _DOWN_RE.finditer(near)]
    up = [m.end() for m in _UP_RE.finditer(near)]
    if down and (not up or max(down) >= max(up)):
        return "down"
    return "up"
